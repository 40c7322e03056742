/* sync push: what changed here since the last push, as wire changesets
 * appended to the hub's log in one transaction (docs/SYNC.md).
 *
 * The outbox's session changesets say which rows changed (by local id)
 * and which were deleted (with their uid); each changed row is then read
 * as it is now and written, in wire form, into an in-memory "wire"
 * database under a session: that session's changeset is the hub entry.
 * A live record travels as an INSERT of its whole current version, a
 * deletion as a DELETE (tombstone).  The hub commits first, then the
 * local bookkeeping; a crash in between only re-sends versions the
 * receivers already hold, which they skip. */
#include "sync_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/util.h"

/* Records per hub entry: bounds the memory a push or pull needs. */
#define ENTRY_MAX 20000

struct push {
	struct sync *y;
	sqlite3 *hub;
	sqlite3 *wire;
	sqlite3_session *ses;
	sqlite3_stmt *wins[SYNC_MAXTABS];
	sqlite3_stmt *wdel[SYNC_MAXTABS];
	sqlite3_stmt *log_ins;
	long long n;                    /* records in the current entry */
	char *owner;
};

static int wire_fail(struct push *p, const char *what)
{
	return sync_fail(p->y, "sync: %s: %s", what, sqlite3_errmsg(p->wire));
}

static int wire_open(struct push *p)
{
	if (sqlite3_open_v2(":memory:", &p->wire, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL))
		return sync_fail(p->y, "sync: cannot open a work database");
	struct sync *y = p->y;
	for (int i = 0; i < y->ntab; i++) {
		struct tab *t = &y->tab[i];
		struct strbuf sql = { 0 }, qs = { 0 };
		char *n = sqlite3_mprintf("\"%w\"", t->name);
		sb_printf(&sql, "CREATE TABLE %s(uid BLOB PRIMARY KEY, at, origin, base", n);
		for (int c = 0; c < t->ncol; c++) {
			char *q = sqlite3_mprintf("\"%w\"", t->col[c]);
			sb_printf(&sql, ", %s", q);
			sb_printf(&qs, ", ?%d", WIRE_FIXED + c + 1);
			sqlite3_free(q);
		}
		sb_puts(&sql, ")");
		int rc = sqlite3_exec(p->wire, sb_str(&sql), NULL, NULL, NULL);
		sb_reset(&sql);
		sb_printf(&sql, "INSERT INTO %s VALUES (?1, ?2, ?3, ?4%s)", n, sb_str(&qs));
		if (rc == SQLITE_OK)
			rc = sqlite3_prepare_v2(p->wire, sb_str(&sql), -1, &p->wins[i], NULL);
		sb_reset(&sql);
		sb_printf(&sql, "DELETE FROM %s WHERE uid = ?1", n);
		if (rc == SQLITE_OK)
			rc = sqlite3_prepare_v2(p->wire, sb_str(&sql), -1, &p->wdel[i], NULL);
		sqlite3_free(n);
		sb_free(&sql);
		sb_free(&qs);
		if (rc != SQLITE_OK)
			return wire_fail(p, "work database");
	}
	return 0;
}

static int session_new(struct push *p)
{
	if (sqlite3session_create(p->wire, "main", &p->ses) != SQLITE_OK)
		return wire_fail(p, "session");
	for (int i = 0; i < p->y->ntab; i++)
		if (sqlite3session_attach(p->ses, p->y->tab[i].name) != SQLITE_OK)
			return wire_fail(p, "session");
	return 0;
}

/* Append the session's changeset to the hub log; start a new entry. */
static int entry_flush(struct push *p)
{
	if (p->n == 0)
		return 0;
	int len = 0;
	void *cs = NULL;
	if (sqlite3session_changeset(p->ses, &len, &cs) != SQLITE_OK)
		return wire_fail(p, "changeset");
	sqlite3_stmt *st = p->log_ins;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, p->y->origin, -1, SQLITE_STATIC);
	store_bind_text_or_null(st, 2, p->owner);
	sqlite3_bind_int(st, 3, STORE_SCHEMA_VERSION);
	sqlite3_bind_int64(st, 4, p->n);
	sqlite3_bind_blob(st, 5, cs, len, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_free(cs);
	if (rc != SQLITE_DONE)
		return sync_fail(p->y, "hub: cannot append: %s", sqlite3_errmsg(p->hub));
	p->y->stats->entries++;
	p->n = 0;
	sqlite3session_delete(p->ses);
	p->ses = NULL;
	for (int i = 0; i < p->y->ntab; i++) {
		char *sql = sqlite3_mprintf("DELETE FROM \"%w\"", p->y->tab[i].name);
		sqlite3_exec(p->wire, sql, NULL, NULL, NULL);
		sqlite3_free(sql);
	}
	return session_new(p);
}

static int wire_put(struct push *p, struct tab *t, const struct ver *v, int tombstone)
{
	int ti = (int)(t - p->y->tab);
	sqlite3_stmt *st = p->wins[ti];
	sqlite3_reset(st);
	sqlite3_bind_blob(st, 1, v->uid, 16, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, v->at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, v->origin, -1, SQLITE_TRANSIENT);
	store_bind_text_or_null(st, 4, v->base);
	for (int c = 0; c < t->ncol; c++) {
		if (v->v[c])
			sqlite3_bind_value(st, WIRE_FIXED + c + 1, v->v[c]);
		else
			sqlite3_bind_null(st, WIRE_FIXED + c + 1);
	}
	/* a tombstone is a DELETE: the row must exist, unrecorded, first */
	if (tombstone)
		sqlite3session_enable(p->ses, 0);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (tombstone)
		sqlite3session_enable(p->ses, 1);
	if (rc == SQLITE_CONSTRAINT)
		return 0;     /* the same record twice in one entry: the first stays */
	if (rc != SQLITE_DONE)
		return wire_fail(p, t->name);
	if (tombstone) {
		st = p->wdel[ti];
		sqlite3_reset(st);
		sqlite3_bind_blob(st, 1, v->uid, 16, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return wire_fail(p, t->name);
	}
	p->y->stats->changes++;
	if (++p->n >= ENTRY_MAX)
		return entry_flush(p);
	return 0;
}

/* ---- what changed -------------------------------------------------------------- */

/* temp.sync_live(t, id): rows changed or created; temp.sync_dead(uid, t,
 * at): rows deleted, with the time of the deleting commit. */
static int collect(struct push *p, int first, int64_t *maxseq)
{
	struct sync *y = p->y;
	char err[256];
	if (store_exec(y->s, "CREATE TEMP TABLE IF NOT EXISTS sync_live(t INTEGER, id INTEGER,"
		       " PRIMARY KEY(t, id)) WITHOUT ROWID;"
		       "CREATE TEMP TABLE IF NOT EXISTS sync_dead(uid BLOB PRIMARY KEY, t INTEGER,"
		       " at TEXT) WITHOUT ROWID;"
		       "CREATE TEMP TABLE IF NOT EXISTS sync_tabs(name TEXT PRIMARY KEY, i INTEGER);"
		       "DELETE FROM temp.sync_live; DELETE FROM temp.sync_dead; DELETE FROM temp.sync_tabs;",
		       err, sizeof err))
		return sync_fail(y, "%s", err);
	for (int i = 0; i < y->ntab; i++) {
		char *sql = sqlite3_mprintf("INSERT INTO temp.sync_tabs VALUES (%Q, %d)", y->tab[i].name, i);
		int r = store_exec(y->s, sql, err, sizeof err);
		sqlite3_free(sql);
		if (r != 0)
			return sync_fail(y, "%s", err);
	}
	sqlite3_stmt *live = store_prepare(y->s, "INSERT OR IGNORE INTO temp.sync_live VALUES (?1, ?2)",
					   err, sizeof err);
	sqlite3_stmt *dead = store_prepare(y->s, "INSERT OR REPLACE INTO temp.sync_dead VALUES (?1, ?2, ?3)",
					   err, sizeof err);
	sqlite3_stmt *ob = store_prepare(y->s, "SELECT seq, at, changeset FROM sync_outbox ORDER BY seq",
					 err, sizeof err);
	int rc = live && dead && ob ? 0 : sync_fail(y, "%s", err);
	for (int i = 0; rc == 0 && first && i < y->ntab; i++) {
		char *sql = sqlite3_mprintf("INSERT OR IGNORE INTO temp.sync_live SELECT %d, id FROM \"%w\"",
					    i, y->tab[i].name);
		if (store_exec(y->s, sql, err, sizeof err) != 0)
			rc = sync_fail(y, "%s", err);
		sqlite3_free(sql);
	}
	*maxseq = 0;
	while (rc == 0 && sqlite3_step(ob) == SQLITE_ROW) {
		*maxseq = sqlite3_column_int64(ob, 0);
		const char *at = (const char *)sqlite3_column_text(ob, 1);
		sqlite3_changeset_iter *it = NULL;
		if (sqlite3changeset_start(&it, sqlite3_column_bytes(ob, 2),
					   (void *)sqlite3_column_blob(ob, 2)) != SQLITE_OK) {
			rc = sync_fail(y, "%s: sync_outbox entry %lld is damaged", y->s->path,
				       (long long)*maxseq);
			break;
		}
		while (rc == 0 && sqlite3changeset_next(it) == SQLITE_ROW) {
			const char *tname;
			int ncol, op, indirect;
			sqlite3changeset_op(it, &tname, &ncol, &op, &indirect);
			struct tab *t = sync_tab(y, tname);
			if (!t)
				continue;
			sqlite3_value *pk = NULL, *uid = NULL;
			if (op == SQLITE_INSERT)
				sqlite3changeset_new(it, 0, &pk);
			else
				sqlite3changeset_old(it, 0, &pk);
			if (op == SQLITE_DELETE && t->uid_pos < ncol)
				sqlite3changeset_old(it, t->uid_pos, &uid);
			if (op == SQLITE_DELETE) {
				if (!uid || sqlite3_value_bytes(uid) != 16)
					continue;
				sqlite3_reset(dead);
				sqlite3_bind_value(dead, 1, uid);
				sqlite3_bind_int(dead, 2, (int)(t - y->tab));
				sqlite3_bind_text(dead, 3, at, -1, SQLITE_TRANSIENT);
				if (sqlite3_step(dead) != SQLITE_DONE)
					rc = store_fail(y->s, y->s->path, y->err, y->errlen);
			} else if (pk) {
				sqlite3_reset(live);
				sqlite3_bind_int(live, 1, (int)(t - y->tab));
				sqlite3_bind_value(live, 2, pk);
				if (sqlite3_step(live) != SQLITE_DONE)
					rc = store_fail(y->s, y->s->path, y->err, y->errlen);
			}
		}
		if (sqlite3changeset_finalize(it) != SQLITE_OK && rc == 0)
			rc = sync_fail(y, "%s: sync_outbox entry %lld is damaged", y->s->path,
				       (long long)*maxseq);
	}
	sqlite3_finalize(live);
	sqlite3_finalize(dead);
	sqlite3_finalize(ob);
	return rc;
}

/* Send the live rows (parents first), then the tombstones. */
static int send(struct push *p, int first)
{
	struct sync *y = p->y;
	char err[256];
	sqlite3_stmt *ls = store_prepare(y->s, "SELECT t, id FROM temp.sync_live ORDER BY t, id", err, sizeof err);
	/* deleted here, and deletions sync decided on (sync_rows.deleted 2) */
	if (store_exec(y->s, "INSERT OR IGNORE INTO temp.sync_dead SELECT r.uid, t.i, r.at FROM sync_rows r"
		       " JOIN temp.sync_tabs t ON t.name = r.tbl WHERE r.deleted = 2", err, sizeof err) != 0)
		return sync_fail(y, "%s", err);
	sqlite3_stmt *ds = store_prepare(y->s, "SELECT uid, t, at FROM temp.sync_dead ORDER BY t DESC, at, uid",
					 err, sizeof err);
	int rc = ls && ds ? 0 : sync_fail(y, "%s", err);
	struct ver v = { 0 };
	while (rc == 0 && sqlite3_step(ls) == SQLITE_ROW) {
		struct tab *t = &y->tab[sqlite3_column_int(ls, 0)];
		int found = ver_by_id(y, t, sqlite3_column_int64(ls, 1), &v);
		if (found <= 0) {
			rc = found;
			continue;
		}
		struct srow sr;
		if ((rc = srow_get(y, v.uid, &sr)) != 0)
			break;
		if (sr.found && sr.deleted)
			continue;
		int known = sr.found && strcmp(sr.at, v.at) == 0;
		if (known && first < 2)
			continue;
		strlcpy_r(v.origin, known ? sr.origin : y->origin, sizeof v.origin);
		strlcpy_r(v.base, sr.found ? sr.at : "", sizeof v.base);
		if ((rc = wire_put(p, t, &v, 0)) == 0)
			rc = srow_put(y, t, v.uid, v.at, v.origin, 0);
	}
	while (rc == 0 && sqlite3_step(ds) == SQLITE_ROW) {
		struct tab *t = &y->tab[sqlite3_column_int(ds, 1)];
		ver_clear(&v);
		memcpy(v.uid, sqlite3_column_blob(ds, 0), 16);
		strlcpy_r(v.at, (const char *)sqlite3_column_text(ds, 2), sizeof v.at);
		struct srow sr;
		if ((rc = srow_get(y, v.uid, &sr)) != 0)
			break;
		if (sr.found && sr.deleted == 1)
			continue;
		struct ver now = { 0 };
		if (ver_by_uid(y, t, v.uid, &now) == 1) {
			ver_clear(&now);
			continue;     /* here again (a hub copy of it came back): not deleted */
		}
		strlcpy_r(v.origin, sr.deleted == 2 ? sr.origin : y->origin, sizeof v.origin);
		strlcpy_r(v.base, sr.found && sr.deleted != 2 ? sr.at : "", sizeof v.base);
		v.deleted = 1;
		if ((rc = wire_put(p, t, &v, 1)) == 0)
			rc = srow_put(y, t, v.uid, v.at, v.origin, 1);
	}
	ver_clear(&v);
	sqlite3_finalize(ls);
	sqlite3_finalize(ds);
	return rc;
}

static int local_hub_row(struct sync *y, const char *hub_id, long long *pulled, int *pushed)
{
	char err[256];
	sqlite3_stmt *st = store_prepare(y->s, "SELECT pulled, pushed FROM sync_hubs WHERE hub = ?1",
					 err, sizeof err);
	if (!st)
		return sync_fail(y, "%s", err);
	sqlite3_bind_text(st, 1, hub_id, -1, SQLITE_STATIC);
	*pulled = 0;
	*pushed = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*pulled = sqlite3_column_int64(st, 0);
		*pushed = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return 0;
}

int sync_push(struct store *s, const char *hub, struct sync_stats *stats, char *err, size_t errlen)
{
	struct sync_stats dummy;
	memset(stats ? stats : &dummy, 0, sizeof dummy);
	if (s->readonly)
		return snprintf(err, errlen, "%s: the database is read-only", s->path), -1;
	if (store_capture_flush(s, err, errlen) != 0)
		return -1;
	char hub_id[64];
	struct push p = { 0 };
	p.hub = hub_open(hub, 1, 1, hub_id, sizeof hub_id, err, errlen);
	if (!p.hub)
		return -1;
	struct sync y;
	int rc = sync_init(&y, s, stats ? stats : &dummy, err, errlen);
	p.y = &y;
	p.owner = store_meta_get(s, "owner");
	int local_tx = 0;
	long long pulled = 0, before = 0;
	int pushed = 0, hrc = SQLITE_OK;
	int64_t maxseq = 0;
	if (rc == 0)
		rc = store_begin_applying(s, err, errlen);
	local_tx = rc == 0;
	if (rc == 0)
		rc = local_hub_row(&y, hub_id, &pulled, &pushed);
	if (rc == 0) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(p.hub, "SELECT ifnull(max(seq), 0) FROM log", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			before = sqlite3_column_int64(st, 0);
		else
			rc = sync_fail(&y, "%s: the hub is damaged (%s)", hub, sqlite3_errmsg(p.hub));
		sqlite3_finalize(st);
	}
	if (rc == 0 && sqlite3_prepare_v2(p.hub, "INSERT INTO log(origin, owner, pushed_at, schema, changes,"
					  " changeset) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ','now'),"
					  " ?3, ?4, ?5)", -1, &p.log_ins, NULL) != SQLITE_OK)
		rc = sync_fail(&y, "%s: the hub is damaged (%s)", hub, sqlite3_errmsg(p.hub));
	if (rc == 0)
		rc = wire_open(&p);
	if (rc == 0)
		rc = session_new(&p);
	/* first: the whole database, except (when it pulled from this hub
	 * before) the versions it already exchanged; 2: also those (a new hub) */
	int first = pushed ? 0 : pulled ? 1 : 2;
	if (rc == 0)
		rc = collect(&p, first, &maxseq);
	if (rc == 0)
		rc = send(&p, first);
	if (rc == 0)
		rc = entry_flush(&p);
	long long after = before;
	if (rc == 0) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(p.hub, "SELECT ifnull(max(seq), 0) FROM log", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			after = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		/* what this database had seen of the hub stays seen; its own
		 * entries need no pulling back when nothing came in between */
		sqlite3_stmt *u = store_prepare(s, "INSERT INTO sync_hubs(hub, pulled, pushed, pushed_at)"
			" VALUES (?1, ?2, 1, strftime('%Y-%m-%dT%H:%M:%fZ','now')) ON CONFLICT(hub) DO UPDATE"
			" SET pulled = excluded.pulled, pushed = 1, pushed_at = excluded.pushed_at", err, errlen);
		if (!u) {
			rc = -1;
		} else {
			sqlite3_bind_text(u, 1, hub_id, -1, SQLITE_STATIC);
			sqlite3_bind_int64(u, 2, pulled == before ? after : pulled);
			if (sqlite3_step(u) != SQLITE_DONE)
				rc = store_fail(s, s->path, err, errlen);
			sqlite3_finalize(u);
		}
	}
	if (rc == 0) {
		sqlite3_stmt *d = store_prepare(s, "DELETE FROM sync_outbox WHERE seq <= ?1", err, errlen);
		if (!d) {
			rc = -1;
		} else {
			sqlite3_bind_int64(d, 1, maxseq);
			if (sqlite3_step(d) != SQLITE_DONE)
				rc = store_fail(s, s->path, err, errlen);
			sqlite3_finalize(d);
		}
	}
	sqlite3_finalize(p.log_ins);
	for (int i = 0; i < SYNC_MAXTABS; i++) {
		sqlite3_finalize(p.wins[i]);
		sqlite3_finalize(p.wdel[i]);
	}
	if (p.ses)
		sqlite3session_delete(p.ses);
	sqlite3_close_v2(p.wire);
	free(p.owner);
	if (rc == 0) {
		hrc = sqlite3_exec(p.hub, "COMMIT", NULL, NULL, NULL);
		if (hrc != SQLITE_OK)
			rc = sync_fail(&y, "%s: cannot write the hub: %s", hub, sqlite3_errmsg(p.hub));
	}
	hub_close(p.hub, 0);
	if (rc == 0)
		rc = store_commit(s, err, errlen);
	else if (local_tx)
		store_rollback(s);
	sync_done(&y);
	return rc;
}
