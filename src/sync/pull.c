/* sync pull: apply, in log order, the hub entries this database has not
 * seen (docs/SYNC.md), with the capture session off (no echo).
 *
 * Per record (by uid):
 * - a version equal to the one last exchanged is skipped (idempotence);
 * - deletions are final: a tombstone removes the record (and what only
 *   made sense with it) and wins against any edit, before or after;
 * - otherwise the later version wins (updated_at, then origin id, the same
 *   decision on every database); a version made from the one held here
 *   replaces it quietly, any other loser is kept in sync_conflicts;
 * - two records with the same natural key (created on two laptops): the
 *   one with the larger uid gets its key suffixed "~hash" (or, where the
 *   key has no free text, is deleted), noted;
 * - a reference to a deleted record is cleared (optional) or the version
 *   is lost (required), either way noted. */
#include "sync_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/util.h"

struct chg {
	int t;
	int dead;
	struct ver v;
};

/* >0 when a is the later version */
static int stamp_cmp(const char *at_a, const char *or_a, const char *at_b, const char *or_b)
{
	int c = strcmp(at_a, at_b);
	return c ? c : strcmp(or_a, or_b);
}

/* The stamp of local row l: the exchanged version, or a local change. */
static void local_stamp(struct sync *y, const struct ver *l, const struct srow *sr, struct ver *out)
{
	strlcpy_r(out->at, l->at, sizeof out->at);
	strlcpy_r(out->origin, sr->found && !strcmp(sr->at, l->at) ? sr->origin : y->origin,
		  sizeof out->origin);
}

static int step_done(struct sync *y, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_CONSTRAINT)
		return 1;
	return sync_fail(y, "%s: %s", y->s->path, sqlite3_errmsg(y->s->db));
}

static int apply_dead(struct sync *y, struct tab *t, const unsigned char *uid, const char *at,
		      const char *origin, int cascaded);

/* Before deleting row id of t: what refers to it.  Required references
 * (and ON DELETE CASCADE ones) go with it, optional ones are cleared;
 * anything not already deleted by the deleting database is noted. */
static int detach_children(struct sync *y, struct tab *t, int64_t id, const char *at,
			   const char *origin)
{
	int ti = (int)(t - y->tab);
	for (int c = 0; c < y->ntab; c++) {
		struct tab *ct = &y->tab[c];
		for (int i = 0; i < ct->ncol; i++) {
			if (ct->fk[i] != ti)
				continue;
			char *sql = sqlite3_mprintf("SELECT uid FROM \"%w\" WHERE \"%w\" = ?1",
						    ct->name, ct->col[i]);
			sqlite3_stmt *st = NULL;
			int rc = sqlite3_prepare_v2(y->s->db, sql, -1, &st, NULL);
			sqlite3_free(sql);
			if (rc != SQLITE_OK)
				return sync_fail(y, "%s: %s", y->s->path, sqlite3_errmsg(y->s->db));
			sqlite3_bind_int64(st, 1, id);
			/* collect first: the deletes below change the table */
			unsigned char (*uids)[16] = NULL;
			size_t n = 0;
			while (sqlite3_step(st) == SQLITE_ROW) {
				if (sqlite3_column_bytes(st, 0) != 16)
					continue;
				uids = xrealloc(uids, (n + 1) * sizeof *uids);
				memcpy(uids[n++], sqlite3_column_blob(st, 0), 16);
			}
			sqlite3_finalize(st);
			int err = 0;
			for (size_t k = 0; k < n && !err; k++) {
				if (ct->notnull[i] || ct->cascade[i]) {
					err = apply_dead(y, ct, uids[k], at, origin, 1);
					continue;
				}
				struct ver l = { 0 };
				if (ver_by_uid(y, ct, uids[k], &l) == 1) {
					struct ver kept = { 0 };
					memcpy(kept.uid, l.uid, 16);
					strlcpy_r(kept.at, l.at, sizeof kept.at);
					for (int j = 0; j < ct->ncol; j++)
						kept.v[j] = j == i ? NULL : sqlite3_value_dup(l.v[j]);
					err = conflict_note(y, ct, &kept, &l, 0, NULL);
					ver_clear(&kept);
					sql = sqlite3_mprintf("UPDATE \"%w\" SET \"%w\" = NULL WHERE uid = ?1",
							      ct->name, ct->col[i]);
					if (!err && sqlite3_prepare_v2(y->s->db, sql, -1, &st, NULL) == SQLITE_OK) {
						sqlite3_bind_blob(st, 1, uids[k], 16, SQLITE_STATIC);
						err = step_done(y, st) != 0;
						sqlite3_finalize(st);
					}
					sqlite3_free(sql);
				}
				ver_clear(&l);
			}
			free(uids);
			if (err)
				return -1;
		}
	}
	return 0;
}

/* A tombstone for uid of t.  cascaded: the deleting database did not
 * delete this one itself (its parent went), so local data is noted. */
static int apply_dead(struct sync *y, struct tab *t, const unsigned char *uid0, const char *at,
		      const char *origin, int cascaded)
{
	unsigned char uid[16];
	struct srow sr;
	memcpy(uid, uid0, 16);
	if (srow_get(y, uid, &sr) != 0)
		return -1;
	if (sr.found && sr.deleted)
		return 0;
	struct ver l = { 0 };
	int found = ver_by_uid(y, t, uid, &l);
	if (found < 0)
		return -1;
	int rc = 0;
	if (found) {
		int changed_here = !(sr.found && strcmp(sr.at, l.at) == 0);
		if (cascaded || changed_here)
			rc = conflict_note(y, t, NULL, &l, 1, cascaded ? "(deleted with what it belonged to)"
					   : "(deleted)");
		if (rc == 0)
			rc = detach_children(y, t, l.id, at, origin);
		if (rc == 0) {
			sqlite3_bind_blob(t->del, 1, uid, 16, SQLITE_TRANSIENT);
			rc = step_done(y, t->del) ? -1 : 0;
			if (rc == 0)
				y->stats->applied++;
		}
	}
	ver_clear(&l);
	/* a deletion decided here (its parent went) is sent on by the next
	 * push (2): a database whose copy of the record points elsewhere
	 * would not come to it by itself */
	if (rc == 0)
		rc = srow_put(y, t, uid, at, origin, cascaded ? 2 : 1);
	return rc;
}

/* Write v over the row with uid (update) or as a new row (insert).
 * 1: a uniqueness clash (natural key), 2: a required reference is gone. */
static int write_ver(struct sync *y, struct tab *t, const struct ver *v, const unsigned char *uid,
		     int update, int *missing)
{
	sqlite3_stmt *st = update ? t->upd : t->ins;
	sqlite3_reset(st);
	sqlite3_bind_blob(st, 1, uid, 16, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, v->at, -1, SQLITE_TRANSIENT);
	if (ver_bind(y, t, v, st, 3, missing) != 0)
		return -1;
	if (*missing >= 0 && t->notnull[*missing]) {
		sqlite3_reset(st);
		return 2;
	}
	return step_done(y, st);
}

/* The key column a clash renames: the natural key's free-text part
 * (account key, handle, contact or project name, problem title); -1 when
 * there is none (a role, a financial period: the loser goes). */
static int rename_col(const struct tab *t)
{
	for (int i = 0; i < t->nkey; i++) {
		int c = t->key[i];
		if (t->fk[c] < 0 && t->kcol[c] &&
		    (t->kcol[c]->type == COL_TEXT || t->kcol[c]->type == COL_CODE))
			return c;
	}
	return -1;
}

/* "KEY~1a2b3c4d": a key made unique by a hash of the record's uid. */
static sqlite3_value *renamed(sqlite3 *db, sqlite3_value *key, const unsigned char *uid)
{
	uint32_t h = 2166136261u;
	for (int i = 0; i < 16; i++)
		h = (h ^ uid[i]) * 16777619u;
	char *k = sqlite3_mprintf("%s~%08x", key ? (const char *)sqlite3_value_text(key) : "", h);
	sqlite3_stmt *st = NULL;
	sqlite3_value *v = NULL;
	if (sqlite3_prepare_v2(db, "SELECT ?1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, k, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_value_dup(sqlite3_column_value(st, 0));
	}
	sqlite3_finalize(st);
	sqlite3_free(k);
	return v;
}

/* Two records with one natural key (created, or renamed onto it, on two
 * laptops): v arriving (lid: its local row, 0 when new) and the local row
 * w.  The one with the larger uid gives way, whatever the order things
 * arrive in, so every database decides alike: its key gets a "~hash"
 * suffix (both records stay, for people to merge), or where the key has
 * no free text (a role, a period) it is deleted.  Either way it is noted. */
static int resolve_clash(struct sync *y, struct tab *t, struct ver *v, int64_t lid, struct ver *w)
{
	int v_loses = memcmp(v->uid, w->uid, 16) > 0;
	struct ver *loser = v_loses ? v : w;
	int rc = 0, missing = -1, rcol = rename_col(t);
	char now[40];
	sqlite3_stmt *ts = NULL;
	if (sqlite3_prepare_v2(y->s->db, "SELECT strftime('%Y-%m-%dT%H:%M:%fZ','now')", -1, &ts, NULL)
	    != SQLITE_OK || sqlite3_step(ts) != SQLITE_ROW) {
		sqlite3_finalize(ts);
		return sync_fail(y, "%s: %s", y->s->path, sqlite3_errmsg(y->s->db));
	}
	strlcpy_r(now, (const char *)sqlite3_column_text(ts, 0), sizeof now);
	sqlite3_finalize(ts);
	if (v_loses && rcol < 0) {
		/* v never lands here; its tombstone goes out with the next push */
		rc = conflict_note(y, t, NULL, v, 1, "(same key as another record)");
		if (rc == 0 && lid) {
			sqlite3_reset(t->del);
			sqlite3_bind_blob(t->del, 1, v->uid, 16, SQLITE_TRANSIENT);
			rc = step_done(y, t->del) ? -1 : 0;
		}
		if (rc == 0)
			rc = srow_put(y, t, v->uid, now, y->origin, 2);
		y->stats->applied++;
		return rc;
	}
	if (v_loses) {
		/* v as it came (what other databases hold) under its new key;
		 * the captured change below makes the new key a local edit */
		struct ver hold = { 0 };
		memcpy(hold.uid, v->uid, 16);
		strlcpy_r(hold.at, v->at, sizeof hold.at);
		for (int i = 0; i < t->ncol; i++)
			hold.v[i] = i == rcol ? renamed(y->s->db, v->v[i], v->uid) : sqlite3_value_dup(v->v[i]);
		rc = write_ver(y, t, &hold, v->uid, lid != 0, &missing);
		ver_clear(&hold);
		if (rc == 0)
			rc = srow_put(y, t, v->uid, v->at, v->origin, 0);
		if (rc > 0)
			rc = sync_fail(y, "%s: cannot keep apart two %s with one key", y->s->path, t->name);
		if (rc != 0)
			return -1;
	}
	/* the loser's way out is a local change: captured, so it reaches the
	 * databases that never saw both records */
	store_capture_local(y->s, 1);
	if (rcol < 0) {
		rc = conflict_note(y, t, NULL, loser, 1, "(same key as another record)");
		if (rc == 0) {
			sqlite3_reset(t->del);
			sqlite3_bind_blob(t->del, 1, loser->uid, 16, SQLITE_TRANSIENT);
			rc = step_done(y, t->del) ? -1 : 0;
		}
	} else {
		struct ver kept = { 0 };
		memcpy(kept.uid, loser->uid, 16);
		strlcpy_r(kept.at, now, sizeof kept.at);
		for (int i = 0; i < t->ncol; i++)
			kept.v[i] = i == rcol ? renamed(y->s->db, loser->v[i], loser->uid)
				: sqlite3_value_dup(loser->v[i]);
		rc = write_ver(y, t, &kept, loser->uid, 1, &missing);
		if (rc == 0) {
			struct ver lost = { 0 };
			memcpy(lost.uid, loser->uid, 16);
			strlcpy_r(lost.at, loser->at, sizeof lost.at);
			for (int i = 0; i < t->ncol; i++)
				lost.v[i] = sqlite3_value_dup(i == rcol ? loser->v[i] : kept.v[i]);
			rc = conflict_note(y, t, &kept, &lost, 0, NULL);
			ver_clear(&lost);
		}
		ver_clear(&kept);
	}
	store_capture_local(y->s, 0);
	if (rc == 0 && !v_loses) {
		rc = write_ver(y, t, v, v->uid, lid != 0, &missing);
		if (rc == 0)
			rc = srow_put(y, t, v->uid, v->at, v->origin, 0);
	}
	y->stats->applied++;
	return rc < 0 ? -1 : rc > 0 ? sync_fail(y, "%s: cannot keep apart two %s with one key",
						 y->s->path, t->name) : 0;
}

/* The local row with v's natural key (other than v itself): 1 found. */
static int natural_twin(struct sync *y, struct tab *t, const struct ver *v, struct ver *w)
{
	if (!t->natural)
		return 0;
	sqlite3_reset(t->natural);
	for (int i = 0; i < t->nkey; i++) {
		int c = t->key[i];
		sqlite3_value *x = v->v[c];
		if (t->fk[c] >= 0 && x && sqlite3_value_bytes(x) == 16) {
			int64_t id = id_of_uid(y, &y->tab[t->fk[c]], sqlite3_value_blob(x));
			if (id < 0)
				return -1;
			sqlite3_bind_int64(t->natural, i + 1, id);
		} else if (x) {
			sqlite3_bind_value(t->natural, i + 1, x);
		}
	}
	unsigned char u[16];
	int rc = sqlite3_step(t->natural);
	int have = rc == SQLITE_ROW && sqlite3_column_bytes(t->natural, 0) == 16;
	if (have)
		memcpy(u, sqlite3_column_blob(t->natural, 0), 16);
	sqlite3_reset(t->natural);
	if (!have || memcmp(u, v->uid, 16) == 0)
		return 0;
	return ver_by_uid(y, t, u, w);
}

static int apply_live(struct sync *y, struct tab *t, struct ver *v)
{
	unsigned char uid[16];
	memcpy(uid, v->uid, 16);
	struct srow sr;
	if (srow_get(y, uid, &sr) != 0)
		return -1;
	if (sr.found && !strcmp(sr.at, v->at) && !strcmp(sr.origin, v->origin))
		return 0;
	if (sr.found && sr.deleted)
		return conflict_note(y, t, NULL, v, 1, "(deleted)");
	struct ver l = { 0 };
	int found = ver_by_uid(y, t, uid, &l);
	if (found < 0)
		return -1;
	int rc = 0, missing = -1;
	if (!found) {
		if (sr.found) {
			/* deleted here, not yet pushed: the deletion wins */
			rc = conflict_note(y, t, NULL, v, 1, "(deleted)");
			goto out;
		}
		rc = write_ver(y, t, v, uid, 0, &missing);
		if (rc == 1) {
			struct ver w = { 0 };
			int twin = natural_twin(y, t, v, &w);
			rc = twin < 0 ? -1 : twin == 0 ? conflict_note(y, t, NULL, v, 1, "(refused)")
				: resolve_clash(y, t, v, 0, &w);
			ver_clear(&w);
			goto out;
		}
		if (rc == 2) {
			rc = conflict_note(y, t, NULL, v, 1, "(what it belongs to was deleted)");
			if (rc == 0)
				rc = srow_put(y, t, uid, v->at, v->origin, 2);
			goto out;
		}
		if (rc == 0)
			y->stats->applied++;
	} else {
		struct ver ls = { 0 };
		local_stamp(y, &l, &sr, &ls);
		if (stamp_cmp(v->at, v->origin, ls.at, ls.origin) > 0) {
			int from_ours = v->base[0] && !strcmp(v->base, ls.at);
			if (!from_ours) {
				strlcpy_r(l.at, ls.at, sizeof l.at);
				rc = conflict_note(y, t, v, &l, 0, NULL);
			}
			if (rc == 0)
				rc = write_ver(y, t, v, uid, 1, &missing);
			if (rc == 1) {
				struct ver w = { 0 };
				int twin = natural_twin(y, t, v, &w);
				rc = twin < 0 ? -1 : twin == 0 ? conflict_note(y, t, &l, v, 0, NULL)
					: resolve_clash(y, t, v, l.id, &w);
				ver_clear(&w);
				goto out;
			}
			if (rc == 2) {
				/* a required reference went: the record goes too */
				rc = apply_dead(y, t, uid, v->at, v->origin, 1);
				goto out;
			}
			if (rc == 0)
				y->stats->applied++;
		} else {
			rc = conflict_note(y, t, &l, v, 0, NULL);
			goto out;
		}
	}
	if (rc == 0 && missing >= 0) {
		/* an optional reference to a deleted record was cleared */
		struct ver kept = { 0 };
		memcpy(kept.uid, uid, 16);
		for (int j = 0; j < t->ncol; j++)
			kept.v[j] = j == missing ? NULL : sqlite3_value_dup(v->v[j]);
		rc = conflict_note(y, t, &kept, v, 0, NULL);
		ver_clear(&kept);
	}
	if (rc == 0)
		rc = srow_put(y, t, uid, v->at, v->origin, 0);
out:
	ver_clear(&l);
	return rc;
}

static int chg_cmp(const void *a, const void *b)
{
	const struct chg *x = a, *y = b;
	if (x->dead != y->dead)
		return y->dead - x->dead;            /* tombstones first */
	if (x->t != y->t)
		return x->dead ? y->t - x->t : x->t - y->t;   /* children first when deleting */
	return 0;
}

int sync_apply(struct sync *y, const void *cs, int n, int64_t seq)
{
	sqlite3_changeset_iter *it = NULL;
	if (sqlite3changeset_start(&it, n, (void *)cs) != SQLITE_OK)
		return sync_fail(y, "hub entry %lld is damaged", (long long)seq);
	struct chg *v = NULL;
	size_t nv = 0, cap = 0;
	int rc = 0, step;
	while (rc == 0 && (step = sqlite3changeset_next(it)) == SQLITE_ROW) {
		const char *tname;
		int ncol, op, indirect;
		sqlite3changeset_op(it, &tname, &ncol, &op, &indirect);
		struct tab *t = sync_tab(y, tname);
		if (!t) {
			rc = sync_fail(y, "hub entry %lld: unknown table %s (made by a newer Rapport?)",
				       (long long)seq, tname);
			break;
		}
		if (ncol != WIRE_FIXED + t->ncol) {
			rc = sync_fail(y, "hub entry %lld: %s has %d columns, this program knows %d "
				       "(made by a newer Rapport?)", (long long)seq, tname,
				       ncol - WIRE_FIXED, t->ncol);
			break;
		}
		if (op != SQLITE_INSERT && op != SQLITE_DELETE)
			continue;
		if (nv == cap) {
			cap = cap ? 2 * cap : 256;
			v = xrealloc(v, cap * sizeof *v);
		}
		struct chg *c = &v[nv];
		memset(c, 0, sizeof *c);
		c->t = (int)(t - y->tab);
		c->dead = op == SQLITE_DELETE;
		sqlite3_value *x[WIRE_FIXED + SYNC_MAXCOLS] = { 0 };
		for (int i = 0; i < ncol; i++) {
			if ((c->dead ? sqlite3changeset_old(it, i, &x[i]) : sqlite3changeset_new(it, i, &x[i]))
			    != SQLITE_OK)
				x[i] = NULL;
		}
		if (!x[0] || sqlite3_value_bytes(x[0]) != 16 || !x[1] || !x[2]) {
			rc = sync_fail(y, "hub entry %lld is damaged (a record without its id)", (long long)seq);
			break;
		}
		memcpy(c->v.uid, sqlite3_value_blob(x[0]), 16);
		strlcpy_r(c->v.at, (const char *)sqlite3_value_text(x[1]), sizeof c->v.at);
		strlcpy_r(c->v.origin, (const char *)sqlite3_value_text(x[2]), sizeof c->v.origin);
		if (x[3] && sqlite3_value_type(x[3]) == SQLITE_TEXT)
			strlcpy_r(c->v.base, (const char *)sqlite3_value_text(x[3]), sizeof c->v.base);
		for (int i = 0; i < t->ncol; i++)
			c->v.v[i] = x[WIRE_FIXED + i] ? sqlite3_value_dup(x[WIRE_FIXED + i]) : NULL;
		c->v.deleted = c->dead;
		nv++;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = sync_fail(y, "hub entry %lld is damaged", (long long)seq);
	if (sqlite3changeset_finalize(it) != SQLITE_OK && rc == 0)
		rc = sync_fail(y, "hub entry %lld is damaged", (long long)seq);
	if (rc == 0) {
		/* a stable order: tombstones (children first), then versions
		 * (parents first), each table in the entry's order */
		for (size_t i = 1; i < nv; i++) {        /* insertion sort keeps it stable */
			struct chg tmp = v[i];
			size_t j = i;
			while (j > 0 && chg_cmp(&v[j - 1], &tmp) > 0) {
				v[j] = v[j - 1];
				j--;
			}
			v[j] = tmp;
		}
	}
	for (size_t i = 0; i < nv && rc == 0; i++) {
		struct tab *t = &y->tab[v[i].t];
		y->stats->changes++;
		rc = v[i].dead ? apply_dead(y, t, v[i].v.uid, v[i].v.at, v[i].v.origin, 0)
			: apply_live(y, t, &v[i].v);
	}
	for (size_t i = 0; i < nv; i++)
		ver_clear(&v[i].v);
	free(v);
	return rc;
}

int sync_pull(struct store *s, const char *hub, struct sync_stats *stats, char *err, size_t errlen)
{
	struct sync_stats dummy;
	if (!stats)
		stats = &dummy;
	memset(stats, 0, sizeof *stats);
	if (s->readonly)
		return snprintf(err, errlen, "%s: the database is read-only", s->path), -1;
	if (store_capture_flush(s, err, errlen) != 0)
		return -1;
	char hub_id[64];
	sqlite3 *h = hub_open(hub, 0, 0, hub_id, sizeof hub_id, err, errlen);
	if (!h)
		return -1;
	struct sync y;
	int rc = sync_init(&y, s, stats, err, errlen);
	int local_tx = 0;
	long long pos = 0, last = 0;
	if (rc == 0)
		rc = store_begin_applying(s, err, errlen);
	local_tx = rc == 0;
	if (rc == 0) {
		sqlite3_stmt *st = store_prepare(s, "SELECT pulled FROM sync_hubs WHERE hub = ?1", err, errlen);
		if (!st) {
			rc = -1;
		} else {
			sqlite3_bind_text(st, 1, hub_id, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW)
				pos = sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
		}
	}
	last = pos;
	sqlite3_stmt *log = NULL;
	if (rc == 0 && sqlite3_prepare_v2(h, "SELECT seq, schema, changeset FROM log WHERE seq > ?1"
					  " ORDER BY seq", -1, &log, NULL) != SQLITE_OK)
		rc = sync_fail(&y, "%s: the hub is damaged (%s)", hub, sqlite3_errmsg(h));
	if (rc == 0) {
		sqlite3_bind_int64(log, 1, pos);
		int step;
		while (rc == 0 && (step = sqlite3_step(log)) == SQLITE_ROW) {
			int64_t seq = sqlite3_column_int64(log, 0);
			if (sqlite3_column_int(log, 1) > STORE_SCHEMA_VERSION) {
				rc = sync_fail(&y, "%s: entry %lld comes from a newer Rapport (schema %d); "
					       "upgrade to pull it; nothing was changed", hub,
					       (long long)seq, sqlite3_column_int(log, 1));
				break;
			}
			if (sync_apply(&y, sqlite3_column_blob(log, 2), sqlite3_column_bytes(log, 2), seq) != 0) {
				char why[400];
				strlcpy_r(why, err, sizeof why);
				rc = sync_fail(&y, "%s: %s; nothing was changed", hub, why);
				break;
			}
			stats->entries++;
			last = seq;
		}
		if (rc == 0 && step != SQLITE_DONE)
			rc = sync_fail(&y, "%s: %s; nothing was changed", hub,
				       sqlite3_errcode(h) == SQLITE_CORRUPT ? "the hub is damaged"
				       : sqlite3_errmsg(h));
	}
	sqlite3_finalize(log);
	if (rc == 0) {
		sqlite3_stmt *u = store_prepare(s, "INSERT INTO sync_hubs(hub, pulled, pulled_at)"
			" VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ','now')) ON CONFLICT(hub) DO UPDATE"
			" SET pulled = excluded.pulled, pulled_at = excluded.pulled_at", err, errlen);
		if (!u) {
			rc = -1;
		} else {
			sqlite3_bind_text(u, 1, hub_id, -1, SQLITE_STATIC);
			sqlite3_bind_int64(u, 2, last);
			if (sqlite3_step(u) != SQLITE_DONE)
				rc = store_fail(s, s->path, err, errlen);
			sqlite3_finalize(u);
		}
	}
	if (rc == 0 && stats->applied == 0 && stats->conflicts == 0 && last == pos) {
		store_rollback(s);     /* nothing came: leave the file as it was */
		local_tx = 0;
	} else if (rc == 0) {
		rc = store_commit(s, err, errlen);
		local_tx = 0;
	}
	if (local_tx)
		store_rollback(s);
	hub_close(h, 0);
	sync_done(&y);
	return rc;
}
