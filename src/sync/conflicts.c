/* Listing and restoring the losing versions sync kept (sync.h). */
#include "sync_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/util.h"

int sync_conflicts_each(struct store *s, int (*fn)(const struct sync_conflict *, void *),
			void *arg, char *err, size_t errlen)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT id, grp, kind, key, field, kept, lost, at, gone,"
					 " restored_at IS NOT NULL FROM sync_conflicts ORDER BY id DESC",
					 err, errlen);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct sync_conflict c = {
			sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
			(const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
			(const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5),
			(const char *)sqlite3_column_text(st, 6), (const char *)sqlite3_column_text(st, 7),
			sqlite3_column_int(st, 8), sqlite3_column_int(st, 9),
		};
		if (fn(&c, arg))
			break;
	}
	int ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
	if (!ok)
		store_fail(s, s->path, err, errlen);
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

/* Inside the transaction: write the group's values back. */
static int restore_tx(struct sync *y, int64_t id)
{
	struct store *s = y->s;
	char err[256];
	sqlite3_stmt *st = store_prepare(s, "SELECT tbl, uid, col, lost_raw, gone, key FROM sync_conflicts"
					 " WHERE grp = (SELECT grp FROM sync_conflicts WHERE id = ?1) ORDER BY id",
					 err, sizeof err);
	if (!st)
		return sync_fail(y, "%s", err);
	sqlite3_bind_int64(st, 1, id);
	struct tab *t = NULL;
	struct ver v = { 0 };
	int have[SYNC_MAXCOLS] = { 0 };
	int gone = 0, n = 0, rc = 0;
	char key[256] = "";
	while (sqlite3_step(st) == SQLITE_ROW) {
		t = sync_tab(y, (const char *)sqlite3_column_text(st, 0));
		if (!t)
			break;
		if (sqlite3_column_bytes(st, 1) == 16)
			memcpy(v.uid, sqlite3_column_blob(st, 1), 16);
		gone = sqlite3_column_int(st, 4);
		strlcpy_r(key, (const char *)sqlite3_column_text(st, 5), sizeof key);
		const char *col = (const char *)sqlite3_column_text(st, 2);
		for (int i = 0; i < t->ncol; i++) {
			if (strcmp(t->col[i], col) == 0 && !have[i]) {
				v.v[i] = sqlite3_value_dup(sqlite3_column_value(st, 3));
				have[i] = 1;
				n++;
			}
		}
	}
	sqlite3_finalize(st);
	if (!t || n == 0) {
		ver_clear(&v);
		return sync_fail(y, "no conflict %lld to restore", (long long)id);
	}
	int64_t row = gone ? 0 : id_of_uid(y, t, v.uid);
	if (row < 0) {
		rc = -1;
	} else if (!gone && row == 0) {
		rc = sync_fail(y, "%s %s no longer exists; nothing to restore into", t->kind ? t->kind->name : t->name, key);
	} else {
		struct strbuf sql = { 0 }, vals = { 0 };
		if (gone)
			sb_printf(&sql, "INSERT INTO \"%s\"(updated_at", t->name);
		else
			sb_printf(&sql, "UPDATE \"%s\" SET version = version + 1, updated_at = ", t->name);
		if (!gone)
			sb_puts(&sql, "strftime('%Y-%m-%dT%H:%M:%fZ','now')");
		for (int i = 0; i < t->ncol; i++) {
			if (!have[i])
				continue;
			if (gone) {
				sb_printf(&sql, ", \"%s\"", t->col[i]);
				sb_printf(&vals, ", ?%d", i + 2);
			} else {
				sb_printf(&sql, ", \"%s\" = ?%d", t->col[i], i + 2);
			}
		}
		if (gone)
			sb_printf(&sql, ") VALUES (strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ','now')%s)", sb_str(&vals));
		else
			sb_puts(&sql, " WHERE id = ?1");
		sqlite3_stmt *w = store_prepare(s, sb_str(&sql), err, sizeof err);
		sb_free(&sql);
		sb_free(&vals);
		if (!w) {
			rc = sync_fail(y, "%s", err);
		} else {
			sqlite3_bind_int64(w, 1, row);
			int missing = -1;
			/* bind only the restored columns: the others' parameters are unused */
			for (int i = 0; i < t->ncol && rc == 0; i++) {
				if (!have[i] || !v.v[i] || sqlite3_value_type(v.v[i]) == SQLITE_NULL)
					continue;
				if (t->fk[i] >= 0) {
					int64_t pid = sqlite3_value_bytes(v.v[i]) == 16
						? id_of_uid(y, &y->tab[t->fk[i]], sqlite3_value_blob(v.v[i])) : 0;
					if (pid < 0)
						rc = -1;
					else if (pid == 0)
						missing = i;
					else
						sqlite3_bind_int64(w, i + 2, pid);
				} else {
					sqlite3_bind_value(w, i + 2, v.v[i]);
				}
			}
			if (rc == 0 && missing >= 0) {
				rc = sync_fail(y, "cannot restore %s %s: its %s no longer exists",
					       t->kind ? t->kind->name : t->name, key,
					       t->kcol[missing] ? t->kcol[missing]->name : t->col[missing]);
			} else if (rc == 0) {
				int r = sqlite3_step(w);
				if (r == SQLITE_CONSTRAINT)
					rc = sync_fail(y, "cannot restore %s %s: %s (a record with the same key "
						       "exists; edit that one)", t->kind ? t->kind->name : t->name,
						       key, sqlite3_errmsg(s->db));
				else if (r != SQLITE_DONE)
					rc = store_fail(s, s->path, y->err, y->errlen);
			}
			sqlite3_finalize(w);
		}
	}
	ver_clear(&v);
	if (rc == 0) {
		st = store_prepare(s, "UPDATE sync_conflicts SET restored_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
				   " WHERE grp = (SELECT grp FROM sync_conflicts WHERE id = ?1)", err, sizeof err);
		if (!st)
			return sync_fail(y, "%s", err);
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, s->path, y->err, y->errlen);
		sqlite3_finalize(st);
	}
	return rc;
}

int sync_conflict_restore(struct store *s, int64_t id, char *err, size_t errlen)
{
	struct sync_stats stats;
	struct sync y;
	if (sync_init(&y, s, &stats, err, errlen) != 0) {
		sync_done(&y);
		return -1;
	}
	int rc = store_begin(s, err, errlen);
	if (rc == 0) {
		rc = restore_tx(&y, id);
		if (rc == 0)
			rc = store_commit(s, err, errlen);
		else
			store_rollback(s);
	}
	sync_done(&y);
	return rc;
}
