/* The synced tables as the database describes them, record versions in
 * wire form, and the sync bookkeeping (sync_rows,
 * sync_conflicts).  See sync_int.h. */
#include "sync_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/util.h"
#include "rapport/values.h"

int sync_fail(struct sync *y, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(y->err, y->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int db_fail(struct sync *y, const char *what)
{
	return sync_fail(y, "%s: %s: %s", y->s->path, what, sqlite3_errmsg(y->s->db));
}

struct tab *sync_tab(struct sync *y, const char *name)
{
	for (int i = 0; i < y->ntab; i++)
		if (strcmp(y->tab[i].name, name) == 0)
			return &y->tab[i];
	return NULL;
}

static int tab_index(struct sync *y, const char *name)
{
	struct tab *t = sync_tab(y, name);
	return t ? (int)(t - y->tab) : -1;
}

static sqlite3_stmt *prep(struct sync *y, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(y->s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_fail(y, sql);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

static const struct kind *kind_of_table(const char *table)
{
	for (int i = 0; i < nkinds; i++)
		if (strcmp(kinds[i].table, table) == 0)
			return &kinds[i];
	for (int i = 0; i < nextra_kinds; i++)
		if (strcmp(extra_kinds[i].table, table) == 0)
			return &extra_kinds[i];
	return NULL;
}

/* Columns, references and natural key of t from the schema. */
static int describe(struct sync *y, struct tab *t)
{
	char *sql = sqlite3_mprintf("PRAGMA table_info(\"%w\")", t->name);
	sqlite3_stmt *st = prep(y, sql);
	sqlite3_free(sql);
	if (!st)
		return -1;
	int pos = 0;
	t->uid_pos = -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 1);
		if (strcmp(c, "uid") == 0)
			t->uid_pos = pos;
		pos++;
		if (!strcmp(c, "id") || !strcmp(c, "uid") || !strcmp(c, "updated_at") ||
		    !strcmp(c, "version"))
			continue;
		if (t->ncol == SYNC_MAXCOLS)
			break;
		t->fk[t->ncol] = -1;
		t->notnull[t->ncol] = sqlite3_column_int(st, 3);
		t->col[t->ncol++] = xstrdup(c);
	}
	sqlite3_finalize(st);
	if (t->uid_pos < 0)
		return sync_fail(y, "%s: table %s has no uid", y->s->path, t->name);

	sql = sqlite3_mprintf("PRAGMA foreign_key_list(\"%w\")", t->name);
	st = prep(y, sql);
	sqlite3_free(sql);
	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *parent = (const char *)sqlite3_column_text(st, 2);
		const char *from = (const char *)sqlite3_column_text(st, 3);
		const char *on_delete = (const char *)sqlite3_column_text(st, 6);
		for (int i = 0; i < t->ncol; i++) {
			if (strcmp(t->col[i], from) == 0) {
				t->fk[i] = tab_index(y, parent);
				t->cascade[i] = on_delete && strcmp(on_delete, "CASCADE") == 0;
			}
		}
	}
	sqlite3_finalize(st);

	/* the natural key: the UNIQUE constraint that is not uid's */
	sql = sqlite3_mprintf("PRAGMA index_list(\"%w\")", t->name);
	st = prep(y, sql);
	sqlite3_free(sql);
	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW && !t->nkey) {
		if (!sqlite3_column_int(st, 2) || strcmp((const char *)sqlite3_column_text(st, 3), "u"))
			continue;
		char *q = sqlite3_mprintf("PRAGMA index_info(\"%w\")", sqlite3_column_text(st, 1));
		sqlite3_stmt *ii = prep(y, q);
		sqlite3_free(q);
		if (!ii)
			break;
		int n = 0, key[8];
		while (sqlite3_step(ii) == SQLITE_ROW && n < 8) {
			const char *c = (const char *)sqlite3_column_text(ii, 2);
			key[n] = -1;
			for (int i = 0; c && i < t->ncol; i++)
				if (strcmp(t->col[i], c) == 0)
					key[n] = i;
			n++;
		}
		sqlite3_finalize(ii);
		int ok = n > 0;
		for (int i = 0; i < n; i++)
			ok = ok && key[i] >= 0;
		if (ok) {
			memcpy(t->key, key, sizeof key);
			t->nkey = n;
		}
	}
	sqlite3_finalize(st);

	/* the label: the natural key's own text column (key, handle, activity) */
	t->label = -1;
	for (int i = 0; i < t->nkey; i++)
		if (t->fk[t->key[i]] < 0 && t->label < 0)
			t->label = t->key[i];
	if (t->label < 0)
		for (int i = 0; i < t->ncol; i++)
			if (!strcmp(t->col[i], "held_on") && t->label < 0)
				t->label = i;
	t->kind = kind_of_table(t->name);
	for (int i = 0; i < t->ncol; i++) {
		t->kcol[i] = NULL;
		for (int k = 0; t->kind && k < t->kind->ncols; k++)
			if (strcmp(t->kind->cols[k].dbcol, t->col[i]) == 0)
				t->kcol[i] = &t->kind->cols[k];
	}
	return 0;
}

static int prepare_tab(struct sync *y, struct tab *t)
{
	struct strbuf cols = { 0 }, qs = { 0 }, set = { 0 }, nat = { 0 };
	for (int i = 0; i < t->ncol; i++) {
		char *c = sqlite3_mprintf("\"%w\"", t->col[i]);
		sb_printf(&cols, ", %s", c);
		sb_printf(&qs, ", ?%d", i + 3);
		sb_printf(&set, ", %s = ?%d", c, i + 3);
		sqlite3_free(c);
	}
	for (int i = 0; i < t->nkey; i++) {
		char *c = sqlite3_mprintf("\"%w\"", t->col[t->key[i]]);
		sb_printf(&nat, "%s%s IS ?%d", i ? " AND " : "", c, i + 1);
		sqlite3_free(c);
	}
	char *sql;
	int rc = 0;
#define PREP(field, ...) do { \
		sql = sqlite3_mprintf(__VA_ARGS__); \
		if (rc == 0 && !(t->field = prep(y, sql))) rc = -1; \
		sqlite3_free(sql); \
	} while (0)
	PREP(by_uid, "SELECT id, updated_at, uid%s FROM \"%w\" WHERE uid = ?1", sb_str(&cols), t->name);
	PREP(by_id, "SELECT id, updated_at, uid%s FROM \"%w\" WHERE id = ?1", sb_str(&cols), t->name);
	PREP(ins, "INSERT INTO \"%w\"(uid, updated_at%s) VALUES (?1, ?2%s)", t->name, sb_str(&cols),
	     sb_str(&qs));
	PREP(upd, "UPDATE \"%w\" SET updated_at = ?2, version = version + 1%s WHERE uid = ?1",
	     t->name, sb_str(&set));
	PREP(del, "DELETE FROM \"%w\" WHERE uid = ?1", t->name);
	PREP(setuid, "UPDATE \"%w\" SET uid = ?2 WHERE uid = ?1", t->name);
	PREP(id_of, "SELECT id FROM \"%w\" WHERE uid = ?1", t->name);
	PREP(uid_of, "SELECT uid FROM \"%w\" WHERE id = ?1", t->name);
	PREP(all_ids, "SELECT id FROM \"%w\" ORDER BY id", t->name);
	if (t->nkey)
		PREP(natural, "SELECT uid FROM \"%w\" WHERE %s", t->name, sb_str(&nat));
	if (t->label >= 0)
		PREP(label_of, "SELECT \"%w\" FROM \"%w\" WHERE uid = ?1", t->col[t->label], t->name);
#undef PREP
	sb_free(&cols);
	sb_free(&qs);
	sb_free(&set);
	sb_free(&nat);
	return rc;
}

int sync_init(struct sync *y, struct store *s, struct sync_stats *st, char *err, size_t errlen)
{
	memset(y, 0, sizeof *y);
	y->s = s;
	y->err = err;
	y->errlen = errlen;
	y->stats = st;
	for (const char *const *n = store_synced_tables; *n && y->ntab < SYNC_MAXTABS; n++) {
		y->tab[y->ntab].name = *n;
		y->tab[y->ntab].rank = y->ntab;
		y->ntab++;
	}
	for (int i = 0; i < y->ntab; i++)
		if (describe(y, &y->tab[i]) != 0)
			return -1;
	for (int i = 0; i < y->ntab; i++)
		if (prepare_tab(y, &y->tab[i]) != 0)
			return -1;
	char *o = store_meta_get(s, "origin");
	if (!o)
		return sync_fail(y, "%s: the database has no origin id", s->path);
	strlcpy_r(y->origin, o, sizeof y->origin);
	free(o);
	if (!(y->sr_get = prep(y, "SELECT at, origin, deleted FROM sync_rows WHERE uid = ?1")) ||
	    !(y->sr_put = prep(y, "INSERT INTO sync_rows(uid, tbl, at, origin, deleted)"
			       " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(uid) DO UPDATE SET"
			       " tbl = excluded.tbl, at = excluded.at, origin = excluded.origin,"
			       " deleted = excluded.deleted")) ||
	    !(y->conf_ins = prep(y, "INSERT INTO sync_conflicts(grp, at, tbl, uid, kind, key,"
				 " field, col, kept, lost, lost_raw, gone)"
				 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")) ||
	    !(y->conf_seen = prep(y, "SELECT 1 FROM sync_conflicts WHERE uid = ?1 AND at = ?2"
				  " AND col = ?3 AND lost IS ?4")) ||
	    !(y->fmt = prep(y, "SELECT ?1")))
		return -1;
	sqlite3_stmt *g = prep(y, "SELECT ifnull(max(grp), 0) FROM sync_conflicts");
	if (!g)
		return -1;
	if (sqlite3_step(g) == SQLITE_ROW)
		y->grp = sqlite3_column_int64(g, 0);
	sqlite3_finalize(g);
	return 0;
}

void sync_done(struct sync *y)
{
	for (int i = 0; i < y->ntab; i++) {
		struct tab *t = &y->tab[i];
		sqlite3_stmt *sts[] = { t->by_uid, t->by_id, t->ins, t->upd, t->del, t->setuid,
					t->natural, t->id_of, t->uid_of, t->label_of, t->all_ids };
		for (size_t k = 0; k < sizeof sts / sizeof *sts; k++)
			sqlite3_finalize(sts[k]);
		for (int c = 0; c < t->ncol; c++)
			free(t->col[c]);
	}
	sqlite3_finalize(y->sr_get);
	sqlite3_finalize(y->sr_put);
	sqlite3_finalize(y->conf_ins);
	sqlite3_finalize(y->fmt);
	sqlite3_finalize(y->conf_seen);
	memset(y, 0, sizeof *y);
}

/* ---- versions -------------------------------------------------------------- */

void ver_clear(struct ver *v)
{
	for (int i = 0; i < SYNC_MAXCOLS; i++)
		sqlite3_value_free(v->v[i]);
	memset(v, 0, sizeof *v);
}

static int uid_of_id(struct sync *y, struct tab *t, int64_t id, sqlite3_value **out)
{
	sqlite3_reset(t->uid_of);
	sqlite3_bind_int64(t->uid_of, 1, id);
	int rc = sqlite3_step(t->uid_of);
	if (rc == SQLITE_ROW)
		*out = sqlite3_value_dup(sqlite3_column_value(t->uid_of, 0));
	else if (rc != SQLITE_DONE)
		return db_fail(y, t->name);
	sqlite3_reset(t->uid_of);
	return 0;
}

static int ver_read(struct sync *y, struct tab *t, sqlite3_stmt *st, struct ver *v)
{
	ver_clear(v);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(y, t->name);
	}
	v->id = sqlite3_column_int64(st, 0);
	strlcpy_r(v->at, (const char *)sqlite3_column_text(st, 1), sizeof v->at);
	if (sqlite3_column_bytes(st, 2) == 16)
		memcpy(v->uid, sqlite3_column_blob(st, 2), 16);
	for (int i = 0; i < t->ncol; i++) {
		sqlite3_value *x = sqlite3_column_value(st, 3 + i);
		if (t->fk[i] >= 0 && sqlite3_value_type(x) != SQLITE_NULL) {
			if (uid_of_id(y, &y->tab[t->fk[i]], sqlite3_value_int64(x), &v->v[i]) != 0) {
				sqlite3_reset(st);
				return -1;
			}
		} else {
			v->v[i] = sqlite3_value_dup(x);
		}
	}
	sqlite3_reset(st);
	return 1;
}

int ver_by_uid(struct sync *y, struct tab *t, const unsigned char *uid, struct ver *v)
{
	sqlite3_reset(t->by_uid);
	sqlite3_bind_blob(t->by_uid, 1, uid, 16, SQLITE_TRANSIENT);
	return ver_read(y, t, t->by_uid, v);
}

int ver_by_id(struct sync *y, struct tab *t, int64_t id, struct ver *v)
{
	sqlite3_reset(t->by_id);
	sqlite3_bind_int64(t->by_id, 1, id);
	return ver_read(y, t, t->by_id, v);
}

int64_t id_of_uid(struct sync *y, struct tab *t, const unsigned char *uid)
{
	sqlite3_reset(t->id_of);
	sqlite3_bind_blob(t->id_of, 1, uid, 16, SQLITE_TRANSIENT);
	int64_t id = 0;
	int rc = sqlite3_step(t->id_of);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(t->id_of, 0);
	else if (rc != SQLITE_DONE)
		id = db_fail(y, t->name);
	sqlite3_reset(t->id_of);
	return id;
}

int ver_bind(struct sync *y, struct tab *t, const struct ver *v, sqlite3_stmt *st, int first,
	     int *missing)
{
	*missing = -1;
	for (int i = 0; i < t->ncol; i++) {
		sqlite3_value *x = v->v[i];
		if (!x || sqlite3_value_type(x) == SQLITE_NULL) {
			sqlite3_bind_null(st, first + i);
		} else if (t->fk[i] >= 0) {
			int64_t id = sqlite3_value_bytes(x) == 16
				? id_of_uid(y, &y->tab[t->fk[i]], sqlite3_value_blob(x)) : 0;
			if (id < 0)
				return -1;
			if (id == 0) {
				if (*missing < 0 || t->notnull[i])
					*missing = i;
				sqlite3_bind_null(st, first + i);
			} else {
				sqlite3_bind_int64(st, first + i, id);
			}
		} else {
			sqlite3_bind_value(st, first + i, x);
		}
	}
	return 0;
}

int val_equal(sqlite3_value *a, sqlite3_value *b)
{
	int ta = a ? sqlite3_value_type(a) : SQLITE_NULL;
	int tb = b ? sqlite3_value_type(b) : SQLITE_NULL;
	if (ta != tb)
		return 0;
	switch (ta) {
	case SQLITE_NULL:
		return 1;
	case SQLITE_INTEGER:
		return sqlite3_value_int64(a) == sqlite3_value_int64(b);
	case SQLITE_FLOAT:
		return sqlite3_value_double(a) == sqlite3_value_double(b);
	default: {
		int n = sqlite3_value_bytes(a);
		const void *pa = ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(a) : sqlite3_value_blob(a);
		const void *pb = ta == SQLITE_TEXT ? (const void *)sqlite3_value_text(b) : sqlite3_value_blob(b);
		return n == sqlite3_value_bytes(b) && (n == 0 || memcmp(pa, pb, (size_t)n) == 0);
	}
	}
}

static char *hex8(const void *p, int n)
{
	const unsigned char *b = p;
	char *s = xmalloc(2 * (size_t)n + 1);
	for (int i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", b[i]);
	return s;
}

char *val_show(struct sync *y, struct tab *t, int col, sqlite3_value *v)
{
	if (!v || sqlite3_value_type(v) == SQLITE_NULL)
		return NULL;
	if (t->fk[col] >= 0) {
		struct tab *p = &y->tab[t->fk[col]];
		if (sqlite3_value_bytes(v) != 16 || !p->label_of)
			return hex8(sqlite3_value_blob(v), sqlite3_value_bytes(v) > 4 ? 4 : sqlite3_value_bytes(v));
		sqlite3_reset(p->label_of);
		sqlite3_bind_blob(p->label_of, 1, sqlite3_value_blob(v), 16, SQLITE_TRANSIENT);
		char *s = sqlite3_step(p->label_of) == SQLITE_ROW && sqlite3_column_text(p->label_of, 0)
			? xstrdup((const char *)sqlite3_column_text(p->label_of, 0))
			: xstrdup("(deleted)");
		sqlite3_reset(p->label_of);
		return s;
	}
	char buf[48];
	const struct column *k = t->kcol[col];
	if (k && k->type == COL_MONEY) {
		value_money_fmt(sqlite3_value_int64(v), buf, sizeof buf);
		return xstrdup(buf);
	}
	if (k && k->type == COL_QUANTITY) {
		value_quantity_fmt(sqlite3_value_int64(v), buf, sizeof buf);
		return xstrdup(buf);
	}
	if (sqlite3_value_type(v) == SQLITE_BLOB)
		return hex8(sqlite3_value_blob(v), sqlite3_value_bytes(v));
	return xstrdup((const char *)sqlite3_value_text(v));
}

char *ver_key(struct sync *y, struct tab *t, const struct ver *v)
{
	struct strbuf b = { 0 };
	if (t->nkey) {
		for (int i = 0; i < t->nkey; i++) {
			char *s = val_show(y, t, t->key[i], v->v[t->key[i]]);
			sb_printf(&b, "%s%s", i ? " / " : "", s ? s : "");
			free(s);
		}
		return b.s ? b.s : xstrdup("");
	}
	/* events: the account and the first date-like field */
	for (int i = 0; i < t->ncol; i++) {
		if (!strcmp(t->col[i], "account_id") || !strcmp(t->col[i], "date") ||
		    !strcmp(t->col[i], "held_on") || !strcmp(t->col[i], "created_at")) {
			char *s = val_show(y, t, i, v->v[i]);
			if (s)
				sb_printf(&b, "%s%s", b.len ? " / " : "", s);
			free(s);
			if (strcmp(t->col[i], "account_id"))
				break;
		}
	}
	char *h = hex8(v->uid, 4);
	sb_printf(&b, "%s#%s", b.len ? " " : "", h);
	free(h);
	return b.s;
}

/* ---- bookkeeping ------------------------------------------------------------ */

int srow_get(struct sync *y, const unsigned char *uid, struct srow *r)
{
	memset(r, 0, sizeof *r);
	sqlite3_reset(y->sr_get);
	sqlite3_bind_blob(y->sr_get, 1, uid, 16, SQLITE_TRANSIENT);
	int rc = sqlite3_step(y->sr_get);
	if (rc == SQLITE_ROW) {
		r->found = 1;
		strlcpy_r(r->at, (const char *)sqlite3_column_text(y->sr_get, 0), sizeof r->at);
		strlcpy_r(r->origin, (const char *)sqlite3_column_text(y->sr_get, 1), sizeof r->origin);
		r->deleted = sqlite3_column_int(y->sr_get, 2);
	}
	sqlite3_reset(y->sr_get);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(y, "sync_rows");
}

int srow_put(struct sync *y, struct tab *t, const unsigned char *uid, const char *at,
	     const char *origin, int deleted)
{
	sqlite3_reset(y->sr_put);
	sqlite3_bind_blob(y->sr_put, 1, uid, 16, SQLITE_TRANSIENT);
	sqlite3_bind_text(y->sr_put, 2, t->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(y->sr_put, 3, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(y->sr_put, 4, origin, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(y->sr_put, 5, deleted);
	int rc = sqlite3_step(y->sr_put);
	sqlite3_reset(y->sr_put);
	return rc == SQLITE_DONE ? 0 : db_fail(y, "sync_rows");
}

int conflict_note(struct sync *y, struct tab *t, const struct ver *kept, const struct ver *lost,
		  int gone, const char *why)
{
	char *key = ver_key(y, t, kept ? kept : lost);
	int64_t grp = 0;
	int rc = 0;
	for (int i = 0; i < t->ncol && rc == 0; i++) {
		sqlite3_value *lv = lost->v[i];
		sqlite3_value *kv = kept ? kept->v[i] : NULL;
		if (kept && !gone && val_equal(kv, lv))
			continue;
		/* internal columns (created_at, period_start, ...) of a record
		 * that survives: its data-file columns tell the story */
		if (!gone && t->kind && !t->kcol[i])
			continue;
		if (!kept && (!lv || sqlite3_value_type(lv) == SQLITE_NULL))
			continue;
		char *ls0 = val_show(y, t, i, lv);
		int seen = 0;
		sqlite3_stmt *d = y->conf_seen;
		sqlite3_reset(d);
		sqlite3_bind_blob(d, 1, lost->uid, 16, SQLITE_TRANSIENT);
		sqlite3_bind_text(d, 2, lost->at, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(d, 3, t->col[i], -1, SQLITE_STATIC);
		store_bind_text_or_null(d, 4, ls0);
		seen = sqlite3_step(d) == SQLITE_ROW;
		sqlite3_reset(d);
		free(ls0);
		if (seen)
			continue;     /* the same loss, met again (a hub entry read twice) */
		if (!grp)
			grp = ++y->grp;
		char *ks = kept ? val_show(y, t, i, kv) : xstrdup(why ? why : "(deleted)");
		char *ls = val_show(y, t, i, lv);
		sqlite3_stmt *st = y->conf_ins;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, grp);
		sqlite3_bind_text(st, 2, lost->at, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, t->name, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 4, lost->uid, 16, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, t->kind ? t->kind->name : t->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, t->kcol[i] ? t->kcol[i]->name : t->col[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, t->col[i], -1, SQLITE_STATIC);
		store_bind_text_or_null(st, 9, ks);
		store_bind_text_or_null(st, 10, ls);
		if (lv)
			sqlite3_bind_value(st, 11, lv);
		else
			sqlite3_bind_null(st, 11);
		sqlite3_bind_int(st, 12, gone);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(y, "sync_conflicts");
		sqlite3_reset(st);
		free(ks);
		free(ls);
	}
	if (grp && y->stats)
		y->stats->conflicts++;
	free(key);
	return rc;
}
