/* One record at a time (see record.h).
 *
 * Values go through import_convert, the one implementation of the value
 * rules, and are bound with import_bind.  SQL is built from the kinds
 * table's identifiers only; every value is bound.  The version check is
 * made inside the BEGIN IMMEDIATE transaction, so no other writer can slip
 * in between the check and the write. */
#include "rapport/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/analytics.h"
#include "rapport/import.h"
#include "rapport/util.h"
#include "rapport/values.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%fZ','now')"

static const char msg_changed[] = "changed by someone else since you opened it; "
				  "reload to see their version";
static const char msg_deleted[] = "deleted by someone else since you opened it";

void record_init(struct record *r, const struct kind *k)
{
	memset(r, 0, sizeof *r);
	r->k = k;
	for (int i = 0; i < k->ncols; i++)
		r->values[i] = xstrdup("");
}

void record_set(struct record *r, int col, const char *value)
{
	if (col < 0 || col >= r->k->ncols)
		return;
	free(r->values[col]);
	r->values[col] = xstrdup(value ? value : "");
}

int record_col(const struct kind *k, const char *name)
{
	for (int i = 0; i < k->ncols; i++)
		if (strcmp(k->cols[i].name, name) == 0)
			return i;
	return -1;
}

void record_free(struct record *r)
{
	const struct kind *k = r->k;
	for (int i = 0; i < KIND_MAXCOLS; i++)
		free(r->values[i]);
	memset(r, 0, sizeof *r);
	r->k = k;
}

/* The noun of k without its article: "an account" -> "account". */
static const char *bare_noun(const struct kind *k)
{
	const char *sp = strchr(k->noun, ' ');
	return sp ? sp + 1 : k->noun;
}

int record_load(struct store *s, const struct kind *k, int64_t id, struct record *r,
		char *err, size_t errlen)
{
	record_init(r, k);
	sqlite3_stmt *st = store_prepare(s, k->load_sql, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		char buf[48];
		for (int i = 0; i < k->ncols; i++)
			record_set(r, i, kind_cell(st, i, &k->cols[i], buf, sizeof buf));
		r->id = sqlite3_column_int64(st, k->ncols);
		r->version = sqlite3_column_int64(st, k->ncols + 1);
	} else if (rc == SQLITE_DONE) {
		snprintf(err, errlen, "no %s with id %lld; it may have been deleted", bare_noun(k),
			 (long long)id);
	} else {
		store_fail(s, s->path, err, errlen);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* import_convert over r's values; -1 for a bad value or a database error
 * (*bad_col tells them apart). */
static int convert(struct import_refs *refs, const struct rapport_config *cfg,
		   const struct record *r, struct import_value *v, int *bad_col,
		   char *err, size_t errlen)
{
	const char *vals[KIND_MAXCOLS];
	for (int i = 0; i < r->k->ncols; i++)
		vals[i] = r->values[i] ? r->values[i] : "";
	int rc = import_convert(refs, cfg, r->k, vals, v, bad_col, err, errlen);
	if (rc == -2)
		*bad_col = -1;
	return rc == 0 ? 0 : -1;
}

int record_validate(struct store *s, const struct record *r, int *bad_col, char *err,
		    size_t errlen)
{
	struct import_value v[KIND_MAXCOLS];
	struct import_refs *refs = import_refs_new(s);
	int rc = convert(refs, NULL, r, v, bad_col, err, errlen);
	import_refs_free(refs);
	return rc;
}

/* Inside a transaction: 0 when record id of k is stored at version, else
 * -2 (changed or deleted) or -1 (database error), with err. */
static int check_version(struct store *s, const struct kind *k, int64_t id, int64_t version,
			 char *err, size_t errlen)
{
	struct strbuf sql = { 0 };
	sb_printf(&sql, "SELECT version FROM %s WHERE id = ?1", k->table);
	sqlite3_stmt *st = store_prepare(s, sb_str(&sql), err, errlen);
	sb_free(&sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st), ret;
	if (rc == SQLITE_ROW)
		ret = sqlite3_column_int64(st, 0) == version ? 0 : -2;
	else if (rc == SQLITE_DONE)
		ret = -2;
	else
		ret = store_fail(s, s->path, err, errlen);
	if (ret == -2)
		snprintf(err, errlen, "%s", rc == SQLITE_ROW ? msg_changed : msg_deleted);
	sqlite3_finalize(st);
	return ret;
}

/* Parameters: column i (in k order) is ?param[i]; a period takes the two
 * following ones (import_bind).  Returns the last parameter used. */
static int number_params(const struct kind *k, int *param)
{
	int n = 0;
	for (int i = 0; i < k->ncols; i++) {
		param[i] = ++n;
		if (k->cols[i].type == COL_PERIOD)
			n += 2;
	}
	return n;
}

/* Inside a transaction: -1 with err and *bad_col when another record of k
 * (not id) has r's natural key, 0 when none, -1 with *bad_col = -1 on a
 * database error. */
static int check_natural(struct store *s, const struct record *r, const struct import_value *v,
			 int *bad_col, char *err, size_t errlen)
{
	const struct kind *k = r->k;
	int param[KIND_MAXCOLS];
	int n = number_params(k, param);
	struct strbuf sql = { 0 };
	sb_printf(&sql, "SELECT 1 FROM %s WHERE id IS NOT ?%d", k->table, n + 1);
	for (int i = 0; i < k->ncols; i++)
		if (k->cols[i].natural)
			sb_printf(&sql, " AND %s = ?%d", k->cols[i].dbcol, param[i]);
	sqlite3_stmt *st = store_prepare(s, sb_str(&sql), err, errlen);
	sb_free(&sql);
	if (!st) {
		*bad_col = -1;
		return -1;
	}
	for (int i = 0; i < k->ncols; i++)
		if (k->cols[i].natural)
			import_bind(st, param[i], &v[i]);
	if (r->id)
		sqlite3_bind_int64(st, n + 1, r->id);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW) {
		*bad_col = -1;
		return store_fail(s, s->path, err, errlen);
	}
	/* "a contact with account ACME and name Ann Lee already exists" */
	struct strbuf m = { 0 };
	int nat[KIND_MAXCOLS] = { 0 }, nn = 0;
	for (int i = 0; i < k->ncols; i++)
		if (k->cols[i].natural)
			nat[nn++] = i;
	*bad_col = nat[0];
	for (int j = nn - 1; j >= 0; j--)
		if (k->cols[nat[j]].type != COL_ACCOUNT)
			*bad_col = nat[j];
	sb_printf(&m, "%s with ", k->noun);
	for (int j = 0; j < nn; j++) {
		int i = nat[j];
		const char *text = k->cols[i].type == COL_ENUM ? v[i].text : r->values[i];
		sb_printf(&m, "%s%s %s", j == 0 ? "" : j == nn - 1 ? " and " : ", ",
			  k->cols[i].name, text);
	}
	snprintf(err, errlen, "%s already exists", sb_str(&m));
	sb_free(&m);
	return -1;
}

/* Make a failed step's message: a foreign key or constraint in words. */
static int refused(struct store *s, const char *what, char *err, size_t errlen)
{
	int ext = sqlite3_extended_errcode(s->db);
	if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
		snprintf(err, errlen, "%s: it refers to a record that no longer exists, or is still "
			 "referred to by others", what);
	else
		snprintf(err, errlen, "%s: the database refused it: %s", what, sqlite3_errmsg(s->db));
	return -1;
}

/* INSERT (r->id == 0) or UPDATE of r from v; on an insert extra_col, when
 * not NULL, is set to extra_val too.  *written = 1 when a row changed. */
static int write_row(struct store *s, struct record *r, const struct import_value *v,
		     const char *extra_col, int64_t extra_val, int *written, char *err, size_t errlen)
{
	const struct kind *k = r->k;
	int param[KIND_MAXCOLS];
	int n = number_params(k, param);
	struct strbuf sql = { 0 }, cols = { 0 }, vals = { 0 };
	for (int i = 0; i < k->ncols; i++) {
		const struct column *c = &k->cols[i];
		if (r->id) {
			sb_printf(&sql, "%s%s = ?%d", i ? ", " : "", c->dbcol, param[i]);
			if (c->type == COL_PERIOD)
				sb_printf(&sql, ", period_start = ?%d, period_end = ?%d",
					  param[i] + 1, param[i] + 2);
		} else {
			sb_printf(&cols, "%s%s", i ? ", " : "", c->dbcol);
			sb_printf(&vals, "%s?%d", i ? ", " : "", param[i]);
			if (c->type == COL_PERIOD) {
				sb_puts(&cols, ", period_start, period_end");
				sb_printf(&vals, ", ?%d, ?%d", param[i] + 1, param[i] + 2);
			}
		}
	}
	struct strbuf full = { 0 };
	if (r->id) {
		/* (cols) IS NOT (values): a save without a change leaves the
		 * version and updated_at alone (nothing for sync to carry) */
		for (int i = 0; i < k->ncols; i++) {
			sb_printf(&cols, "%s%s", i ? ", " : "", k->cols[i].dbcol);
			sb_printf(&vals, "%s?%d", i ? ", " : "", param[i]);
		}
		sb_printf(&full, "UPDATE %s SET %s, version = version + 1, updated_at = %s"
			  " WHERE id = ?%d AND version = ?%d AND (%s) IS NOT (%s)",
			  k->table, sb_str(&sql), NOW, n + 1, n + 2, sb_str(&cols), sb_str(&vals));
	} else {
		if (extra_col) {
			sb_printf(&cols, ", %s", extra_col);
			sb_printf(&vals, ", ?%d", n + 1);
		}
		sb_printf(&full, "INSERT INTO %s(%s) VALUES (%s)", k->table, sb_str(&cols),
			  sb_str(&vals));
	}
	sb_free(&sql);
	sb_free(&cols);
	sb_free(&vals);
	sqlite3_stmt *st = store_prepare(s, sb_str(&full), err, errlen);
	sb_free(&full);
	if (!st)
		return -1;
	for (int i = 0; i < k->ncols; i++)
		import_bind(st, param[i], &v[i]);
	if (r->id) {
		sqlite3_bind_int64(st, n + 1, r->id);
		sqlite3_bind_int64(st, n + 2, r->version);
	} else if (extra_col) {
		sqlite3_bind_int64(st, n + 1, extra_val);
	}
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		char what[64];
		snprintf(what, sizeof what, "cannot save %s", bare_noun(k));
		return refused(s, what, err, errlen);
	}
	*written = sqlite3_changes(s->db) > 0;
	if (!r->id)
		r->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

/* record_save inside its transaction (see there). */
static int save_tx(struct store *s, const struct rapport_config *cfg, struct record *r,
		   const char *extra_col, int64_t extra_val, const char *today, int *bad_col,
		   char *err, size_t errlen)
{
	const struct kind *k = r->k;
	struct import_value v[KIND_MAXCOLS];
	struct import_refs *refs = import_refs_new(s);
	int rc = convert(refs, cfg, r, v, bad_col, err, errlen);
	import_refs_free(refs);
	if (rc != 0)
		return -1;
	if (r->id && (rc = check_version(s, k, r->id, r->version, err, errlen)) != 0)
		return rc;
	if (!k->event && check_natural(s, r, v, bad_col, err, errlen) != 0)
		return -1;
	int64_t old_id = r->id;
	int written = 0;
	if (write_row(s, r, v, extra_col, extra_val, &written, err, errlen) != 0) {
		r->id = old_id;
		return -1;
	}
	if (written && strcmp(k->name, "accounts") == 0 &&
	    spectrum_record(s, r->id, today, err, errlen) < 0) {
		r->id = old_id;
		return -1;
	}
	/* read back what is stored: canonical words, defaults, formats */
	struct record now;
	if (record_load(s, k, r->id, &now, err, errlen) != 0) {
		record_free(&now);
		r->id = old_id;
		return -1;
	}
	record_free(r);
	*r = now;
	return 0;
}

/* record_save, with an extra column for inserts (see write_row). */
static int save(struct store *s, const struct rapport_config *cfg, struct record *r,
		const char *extra_col, int64_t extra_val, int *bad_col, char *err, size_t errlen)
{
	int32_t day;
	char today[11];
	*bad_col = -1;
	if (value_today(&day, err, errlen) != 0)
		return -1;
	value_date_fmt(day, today, sizeof today);
	if (store_begin(s, err, errlen) != 0)
		return -1;
	int rc = save_tx(s, cfg, r, extra_col, extra_val, today, bad_col, err, errlen);
	if (rc == 0)
		return store_commit(s, err, errlen);
	store_rollback(s);
	return rc;
}

int record_save(struct store *s, const struct rapport_config *cfg, struct record *r,
		int *bad_col, char *err, size_t errlen)
{
	return save(s, cfg, r, NULL, 0, bad_col, err, errlen);
}

/* What may still refer to a record of a kind whose foreign keys have no
 * ON DELETE action. */
static const struct referrer {
	const char *table;         /* the referenced kind's table */
	const char *from, *col;    /* referring table and column */
	const char *one, *many;    /* "team role", "team roles" */
} referrers[] = {
	{ "staff", "roles", "staff_id", "team role", "team roles" },
	{ "staff", "meetings", "staff_id", "meeting", "meetings" },
	{ "staff", "projects", "staff_id", "project", "projects" },
	{ "staff", "problems", "staff_id", "problem", "problems" },
	{ "staff", "decisions", "staff_id", "decision", "decisions" },
	{ "staff", "action_items", "staff_id", "action item", "action items" },
	{ "rates", "activities", "rate_id", "activity", "activities" },
};

/* Inside a transaction: -1 with err naming what still refers to record id
 * of k ("cannot delete staff member ann: still named on 2 team roles and
 * 1 meeting; ..."), 0 when nothing does. */
static int check_referrers(struct store *s, const struct kind *k, int64_t id, char *err,
			   size_t errlen)
{
	struct strbuf m = { 0 };
	int parts = 0, rc = 0;
	long long counts[sizeof referrers / sizeof *referrers] = { 0 };
	for (size_t i = 0; i < sizeof referrers / sizeof *referrers && rc == 0; i++) {
		const struct referrer *f = &referrers[i];
		if (strcmp(f->table, k->table) != 0)
			continue;
		struct strbuf sql = { 0 };
		sb_printf(&sql, "SELECT count(*) FROM %s WHERE %s = ?1", f->from, f->col);
		sqlite3_stmt *st = store_prepare(s, sb_str(&sql), err, errlen);
		sb_free(&sql);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			counts[i] = sqlite3_column_int64(st, 0);
		else
			rc = store_fail(s, s->path, err, errlen);
		sqlite3_finalize(st);
		parts += counts[i] > 0;
	}
	if (rc != 0 || parts == 0)
		return rc;
	struct record r;
	if (record_load(s, k, id, &r, err, errlen) != 0) {
		record_free(&r);
		return -1;
	}
	int done = 0;
	for (size_t i = 0; i < sizeof referrers / sizeof *referrers; i++) {
		if (!counts[i])
			continue;
		done++;
		sb_printf(&m, "%s%lld %s", done == 1 ? "" : done == parts ? " and " : ", ",
			  counts[i], counts[i] == 1 ? referrers[i].one : referrers[i].many);
	}
	snprintf(err, errlen, "cannot delete %s %s: still %s %s; %s first", bare_noun(k),
		 r.values[0], strcmp(k->table, "staff") == 0 ? "named on" : "used by", sb_str(&m),
		 strcmp(k->table, "staff") == 0 ? "give those to someone else" : "delete those");
	sb_free(&m);
	record_free(&r);
	return -1;
}

static int delete_tx(struct store *s, const struct kind *k, int64_t id, int64_t version,
		     char *err, size_t errlen)
{
	int rc = check_version(s, k, id, version, err, errlen);
	if (rc != 0)
		return rc;
	if (check_referrers(s, k, id, err, errlen) != 0)
		return -1;
	struct strbuf sql = { 0 };
	sb_printf(&sql, "DELETE FROM %s WHERE id = ?1 AND version = ?2", k->table);
	sqlite3_stmt *st = store_prepare(s, sb_str(&sql), err, errlen);
	sb_free(&sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, version);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		char what[64];
		snprintf(what, sizeof what, "cannot delete %s", bare_noun(k));
		return refused(s, what, err, errlen);
	}
	if (sqlite3_changes(s->db) == 0) /* not reached: checked above, in this transaction */
		return snprintf(err, errlen, "%s", msg_changed), -2;
	return 0;
}

int record_delete(struct store *s, const struct kind *k, int64_t id, int64_t version,
		  char *err, size_t errlen)
{
	if (store_begin(s, err, errlen) != 0)
		return -1;
	int rc = delete_tx(s, k, id, version, err, errlen);
	if (rc == 0)
		return store_commit(s, err, errlen);
	store_rollback(s);
	return rc;
}

/* ---- quick entry for the extra kinds ----------------------------------- */

/* A new record of the extra kind name for account_id, its account column
 * filled with the account's key.  -1 with err when there is no such
 * account. */
static int extra_new(struct store *s, const char *name, int64_t account_id, struct record *r,
		     char *err, size_t errlen)
{
	record_init(r, kind_find_any(name));
	sqlite3_stmt *st = store_prepare(s, "SELECT key FROM accounts WHERE id = ?1", err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		record_set(r, record_col(r->k, "account"), (const char *)sqlite3_column_text(st, 0));
	else if (rc == SQLITE_DONE)
		snprintf(err, errlen, "no account with id %lld; it may have been deleted",
			 (long long)account_id);
	else
		store_fail(s, s->path, err, errlen);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Save r (new) with review_id (0 = none) and free it. */
static int extra_save(struct store *s, struct record *r, int64_t review_id, char *err,
		      size_t errlen)
{
	int bad;
	int rc = save(s, NULL, r, review_id ? "review_id" : NULL, review_id, &bad, err, errlen);
	record_free(r);
	return rc == 0 ? 0 : -1;
}

int record_note_add(struct store *s, int64_t account_id, const char *author, const char *body,
		    char *err, size_t errlen)
{
	struct record r;
	if (extra_new(s, "notes", account_id, &r, err, errlen) != 0) {
		record_free(&r);
		return -1;
	}
	record_set(&r, record_col(r.k, "author"), author);
	record_set(&r, record_col(r.k, "body"), body);
	return extra_save(s, &r, 0, err, errlen);
}

int record_action_item_add(struct store *s, int64_t account_id, int64_t review_id,
			   const char *text, const char *staff_handle, const char *due,
			   char *err, size_t errlen)
{
	struct record r;
	if (extra_new(s, "action_items", account_id, &r, err, errlen) != 0) {
		record_free(&r);
		return -1;
	}
	record_set(&r, record_col(r.k, "text"), text);
	record_set(&r, record_col(r.k, "staff"), staff_handle);
	record_set(&r, record_col(r.k, "due"), due);
	return extra_save(s, &r, review_id, err, errlen);
}

int record_decision_add(struct store *s, int64_t account_id, int64_t review_id,
			const char *date, const char *text, const char *staff_handle,
			char *err, size_t errlen)
{
	struct record r;
	char today[11];
	if (!date || !*date) {
		int32_t day;
		if (value_today(&day, err, errlen) != 0)
			return -1;
		value_date_fmt(day, today, sizeof today);
		date = today;
	}
	if (extra_new(s, "decisions", account_id, &r, err, errlen) != 0) {
		record_free(&r);
		return -1;
	}
	record_set(&r, record_col(r.k, "date"), date);
	record_set(&r, record_col(r.k, "text"), text);
	record_set(&r, record_col(r.k, "staff"), staff_handle);
	return extra_save(s, &r, review_id, err, errlen);
}
