/* CSV import (see import.h).
 *
 * One prepared upsert per file, built from the columns the header names
 * (identifiers come from the kinds table, never from the file); every value
 * is validated and bound by import_convert / import_bind, which the
 * interface's forms use too (record.c); references are resolved through prepared lookups
 * with a per-import cache; the whole file is one transaction, rolled back
 * on the first problem or on --dry-run.
 *
 * Speed for big files (issue 6): foreign-key enforcement is off during an
 * import, because every reference is resolved by lookup inside the same
 * write transaction (a row can only name a parent that exists); and a file
 * that will at least double its table (and brings 100k rows or more) drops
 * the table's secondary indexes after its first rows and builds them again
 * before the commit, which sorts once instead of inserting at random.  The
 * UNIQUE indexes (uid, natural keys) stay: upserts need them.  Either way
 * the whole import is one transaction, indexes included. */
#include "rapport/import.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "rapport/csv.h"
#include "rapport/analytics.h"
#include "rapport/util.h"
#include "rapport/values.h"

#define MAXCOLS KIND_MAXCOLS
#define CODE_MAX_CHARS 64

/* A string -> id cache for reference lookups (open addressing, grows). */
struct refcache {
	char **keys;
	long long *ids;
	size_t cap, used;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static long long cache_get(const struct refcache *c, const char *key)
{
	if (!c->cap)
		return 0;
	for (size_t i = hash_str(key) & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
		if (!c->keys[i])
			return 0;
		if (strcmp(c->keys[i], key) == 0)
			return c->ids[i];
	}
}

static void cache_put(struct refcache *c, const char *key, long long id)
{
	if ((c->used + 1) * 2 > c->cap) {
		struct refcache n = { 0 };
		n.cap = c->cap ? c->cap * 2 : 1024;
		n.keys = xcalloc(n.cap, sizeof *n.keys);
		n.ids = xcalloc(n.cap, sizeof *n.ids);
		for (size_t i = 0; i < c->cap; i++)
			if (c->keys[i]) {
				size_t j = hash_str(c->keys[i]) & (n.cap - 1);
				while (n.keys[j])
					j = (j + 1) & (n.cap - 1);
				n.keys[j] = c->keys[i];
				n.ids[j] = c->ids[i];
			}
		n.used = c->used;
		free(c->keys);
		free(c->ids);
		*c = n;
	}
	size_t i = hash_str(key) & (c->cap - 1);
	while (c->keys[i])
		i = (i + 1) & (c->cap - 1);
	c->keys[i] = xstrdup(key);
	c->ids[i] = id;
	c->used++;
}

static void cache_free(struct refcache *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->keys[i]);
	free(c->keys);
	free(c->ids);
	memset(c, 0, sizeof *c);
}

/* A reference kind: how to look a code up. */
struct ref {
	const char *sql;        /* SELECT id ... WHERE code = ?1 */
	const char *what;       /* "account", "staff member", "activity rate" */
	const char *hint;       /* which kind to import first */
	sqlite3_stmt *st;
	struct refcache cache;
};

enum { REF_ACCOUNT, REF_STAFF, REF_RATE, NREFS };

struct import_refs {
	struct store *s;
	struct ref r[NREFS];
};

static const struct ref ref_defs[NREFS] = {
	{ "SELECT id FROM accounts WHERE key = ?1", "account", "import accounts first", NULL, { 0 } },
	{ "SELECT id FROM staff WHERE handle = ?1", "staff member", "import staff first", NULL, { 0 } },
	{ "SELECT id FROM rates WHERE activity = ?1", "activity", "import rates first", NULL, { 0 } },
};

static void refs_init(struct import_refs *refs, struct store *s)
{
	refs->s = s;
	memcpy(refs->r, ref_defs, sizeof refs->r);
}

static void refs_done(struct import_refs *refs)
{
	for (int i = 0; i < NREFS; i++) {
		sqlite3_finalize(refs->r[i].st);
		refs->r[i].st = NULL;
		cache_free(&refs->r[i].cache);
	}
}

struct import_refs *import_refs_new(struct store *s)
{
	struct import_refs *refs = xmalloc(sizeof *refs);
	refs_init(refs, s);
	return refs;
}

void import_refs_free(struct import_refs *refs)
{
	if (!refs)
		return;
	refs_done(refs);
	free(refs);
}

/* Look code up; returns its id, 0 when unknown, -1 on a database error
 * (message in err). */
static long long ref_lookup(struct import_refs *refs, int which, const char *code,
			    char *err, size_t errlen)
{
	struct ref *rf = &refs->r[which];
	long long id = cache_get(&rf->cache, code);
	if (id)
		return id;
	if (!rf->st && !(rf->st = store_prepare(refs->s, rf->sql, err, errlen)))
		return -1;
	sqlite3_reset(rf->st);
	sqlite3_bind_text(rf->st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(rf->st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(rf->st, 0);
	else if (rc != SQLITE_DONE)
		return store_fail(refs->s, refs->s->path, err, errlen);
	sqlite3_reset(rf->st);
	if (id)
		cache_put(&rf->cache, code, id);
	return id;
}

struct importer {
	struct store *s;
	const struct rapport_config *cfg;
	const struct kind *k;
	struct csv_reader *r;
	int field_of[MAXCOLS];   /* kind column -> CSV field index, -1 if absent */
	int param_of[MAXCOLS];   /* kind column -> SQL parameter, 0 if not bound;
				    a period's first and last day follow it */
	int param_uid, param_stamp; /* uid and updated_at parameters */
	unsigned char uid[16];      /* next uid: see next_uid() */
	char stamp[64];             /* updated_at of every row of this import */
	sqlite3_stmt *ins;
	struct import_refs refs;
	char today[11];
	long long existing;         /* rows in the table before the import */
	char **index_sql;           /* CREATE INDEX statements dropped for the bulk path */
	int nindex;
	char *err;
	size_t errlen;
};

static int is_blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

static long utf8_chars(const char *s)
{
	long n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The rules proper, for a value that is to be checked (non-empty, or
 * required).  -1 with a reason in err, -2 on a database error. */
static int parse_value(struct import_refs *refs, const struct column *c, const char *v,
		       struct import_value *p, char *err, size_t errlen)
{
	long n;
	int idx;
	switch (c->type) {
	case COL_TEXT:
		if (c->required && is_blank(v))
			return snprintf(err, errlen, "must not be empty"), -1;
		p->text = v;
		return 0;
	case COL_CODE:
		if (!*v)
			return snprintf(err, errlen, "must not be empty"), -1;
		if (isspace((unsigned char)v[0]) || isspace((unsigned char)v[strlen(v) - 1]))
			return snprintf(err, errlen, "\"%s\" has spaces at its ends", v), -1;
		for (const char *q = v; *q; q++)
			if ((unsigned char)*q < 0x20 || *q == 0x7f)
				return snprintf(err, errlen, "contains a control character"), -1;
		if (utf8_chars(v) > CODE_MAX_CHARS)
			return snprintf(err, errlen, "is longer than %d characters", CODE_MAX_CHARS), -1;
		p->text = v;
		return 0;
	case COL_INT:
		if (value_int_range(v, c->lo, c->hi, &n, err, errlen) != 0)
			return -1;
		p->num = n;
		return 0;
	case COL_MONEY:
		return value_money(v, 0, &p->num, err, errlen);
	case COL_QUANTITY:
		return value_quantity(v, &p->num, err, errlen);
	case COL_DATE:
		if (value_date(v, &p->d1, err, errlen) != 0)
			return -1;
		p->text = v;
		return 0;
	case COL_PERIOD:
		if (value_period(v, &p->d1, &p->d2, err, errlen) != 0)
			return -1;
		p->text = v;
		return 0;
	case COL_ENUM: {
		char low[64];
		size_t i = 0;
		for (; v[i] && i < sizeof low - 1; i++)
			low[i] = (char)tolower((unsigned char)v[i]);
		low[i] = '\0';
		/* words are matched without regard to ASCII case */
		if (value_enum(v[i] ? v : low, c->words, &idx, err, errlen) != 0)
			return -1;
		p->num = idx;
		p->text = c->words[idx];
		return 0;
	}
	case COL_ACCOUNT:
	case COL_STAFF:
	case COL_RATE: {
		int which = c->type == COL_ACCOUNT ? REF_ACCOUNT : c->type == COL_STAFF ? REF_STAFF : REF_RATE;
		long long id = ref_lookup(refs, which, v, err, errlen);
		if (id < 0)
			return -2;
		if (id == 0)
			return snprintf(err, errlen, "unknown %s \"%s\" (%s)", refs->r[which].what, v,
					refs->r[which].hint), -1;
		p->num = id;
		return 0;
	}
	}
	return 0;
}

int import_convert_value(struct import_refs *refs, const struct column *c, const char *v,
			 struct import_value *out, char *err, size_t errlen)
{
	struct import_value p = { .c = c };
	if (!*v && !c->required) {
		p.null = 1;
		*out = p;
		return 0;
	}
	int rc = parse_value(refs, c, v, &p, err, errlen);
	if (rc == 0)
		*out = p;
	return rc;
}

int import_bind(sqlite3_stmt *st, int param, const struct import_value *v)
{
	char day[11];
	if (!v->c)
		return SQLITE_OK;
	if (v->null)
		return sqlite3_bind_null(st, param);
	switch (v->c->type) {
	case COL_TEXT:
	case COL_CODE:
	case COL_ENUM:
		return sqlite3_bind_text(st, param, v->text, -1, SQLITE_STATIC);
	case COL_DATE:
		if (v->text)
			return sqlite3_bind_text(st, param, v->text, -1, SQLITE_STATIC);
		value_date_fmt(v->d1, day, sizeof day);
		return sqlite3_bind_text(st, param, day, -1, SQLITE_TRANSIENT);
	case COL_PERIOD: {
		int rc = sqlite3_bind_text(st, param, v->text, -1, SQLITE_STATIC);
		value_date_fmt(v->d1, day, sizeof day);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_text(st, param + 1, day, -1, SQLITE_TRANSIENT);
		value_date_fmt(v->d2, day, sizeof day);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_text(st, param + 2, day, -1, SQLITE_TRANSIENT);
		return rc;
	}
	default:
		return sqlite3_bind_int64(st, param, v->num);
	}
}

int import_has_default(const struct kind *k, const struct column *c)
{
	return (strcmp(k->name, "problems") == 0 && strcmp(c->name, "due") == 0) ||
	       (strcmp(k->name, "nps") == 0 && strcmp(c->name, "survey") == 0);
}

static int col_index(const struct kind *k, const char *name)
{
	for (int i = 0; i < k->ncols; i++)
		if (strcmp(k->cols[i].name, name) == 0)
			return i;
	return -1;
}

/* Cross-field rule: column to's date is not before column from's, when
 * both are given and not empty. */
static int check_order(const struct kind *k, const char *const *values,
		       const struct import_value *p, const char *from, const char *to,
		       int *bad_col, char *err, size_t errlen)
{
	int a = col_index(k, from), b = col_index(k, to);
	if (a < 0 || b < 0 || !values[a] || !values[b] || !*values[a] || !*values[b])
		return 0;
	if (p[b].d1 < p[a].d1) {
		*bad_col = b;
		snprintf(err, errlen, "%s: %s is before %s %s", to, values[b], from, values[a]);
		return -1;
	}
	return 0;
}

/* The last day a date can be (values.h: years 1900..9999). */
static int32_t last_day(void)
{
	int32_t d = 0;
	value_date("9999-12-31", &d, NULL, 0);
	return d;
}

int import_convert(struct import_refs *refs, const struct rapport_config *cfg,
		   const struct kind *k, const char *const *values, struct import_value *out,
		   int *bad_col, char *err, size_t errlen)
{
	char why[VALUE_ERR_MAX + 200];
	*bad_col = -1;
	for (int i = 0; i < k->ncols; i++) {
		const struct column *c = &k->cols[i];
		const char *v = values[i];
		memset(&out[i], 0, sizeof out[i]);
		if ((!v || !*v) && import_has_default(k, c)) {
			out[i].c = c;
			if (c->type == COL_ENUM) {
				out[i].text = c->words[0];
			} else if (cfg) { /* problems.due = opened + problem_days */
				int o = col_index(k, "opened");
				out[i].d1 = out[o].d1 + cfg->problem_days;
				/* Past 9999-12-31 the default cannot be written as
				 * YYYY-MM-DD (it was stored cut short, "10000-01-0",
				 * and its export refused): blame opened, which the
				 * file has (required), and ask for a due date. */
				if (out[i].d1 > last_day()) {
					*bad_col = o;
					snprintf(err, errlen, "opened: %s plus %d days (the default "
						 "due date) is after 9999-12-31; give a due date",
						 values[o] ? values[o] : "", cfg->problem_days);
					return -1;
				}
			} else {
				out[i].null = 1;
			}
			continue;
		}
		if (!v)
			continue;
		why[0] = '\0';
		int rc = import_convert_value(refs, c, v, &out[i], why, sizeof why);
		if (rc == -2) {
			strlcpy_r(err, why, errlen);
			return -2;
		}
		if (rc != 0) {
			*bad_col = i;
			snprintf(err, errlen, "%s: %s", c->name, why);
			return -1;
		}
	}
	if (check_order(k, values, out, "opened", "due", bad_col, err, errlen) ||
	    check_order(k, values, out, "opened", "resolved", bad_col, err, errlen) ||
	    check_order(k, values, out, "started", "finished", bad_col, err, errlen))
		return -1;
	return 0;
}

static int build_statement(struct importer *im)
{
	const struct kind *k = im->k;
	struct strbuf cols = { 0 }, vals = { 0 }, set = { 0 }, lhs = { 0 }, rhs = { 0 }, conflict = { 0 };
	int param = 0;
	for (int i = 0; i < k->ncols; i++) {
		const struct column *c = &k->cols[i];
		int present = im->field_of[i] >= 0;
		if (!present && !import_has_default(k, c))
			continue;
		im->param_of[i] = ++param;
		sb_printf(&cols, "%s%s", cols.len ? ", " : "", c->dbcol);
		sb_printf(&vals, "%s?%d", vals.len ? ", " : "", param);
		if (c->natural)
			sb_printf(&conflict, "%s%s", conflict.len ? ", " : "", c->dbcol);
		else if (present) {
			sb_printf(&set, "%s = excluded.%s, ", c->dbcol, c->dbcol);
			sb_printf(&lhs, "%s%s", lhs.len ? ", " : "", c->dbcol);
			sb_printf(&rhs, "%sexcluded.%s", rhs.len ? ", " : "", c->dbcol);
		}
		if (c->type == COL_PERIOD) { /* import_bind's two following parameters */
			sb_printf(&cols, ", period_start, period_end");
			sb_printf(&vals, ", ?%d, ?%d", param + 1, param + 2);
			param += 2;
			if (present) {
				sb_puts(&set, "period_start = excluded.period_start, period_end = excluded.period_end, ");
			}
		}
	}
	im->param_uid = ++param;
	im->param_stamp = ++param;
	struct strbuf sql = { 0 };
	sb_printf(&sql, "INSERT INTO %s(%s, uid, updated_at) VALUES (%s, ?%d, ?%d)", k->table,
		  sb_str(&cols), sb_str(&vals), im->param_uid, im->param_stamp);
	if (!k->event) {
		if (lhs.len)
			sb_printf(&sql, " ON CONFLICT(%s) DO UPDATE SET %s"
				  "updated_at = excluded.updated_at, version = version + 1"
				  " WHERE (%s) IS NOT (%s)",
				  sb_str(&conflict), sb_str(&set), sb_str(&lhs), sb_str(&rhs));
		else
			sb_printf(&sql, " ON CONFLICT(%s) DO NOTHING", sb_str(&conflict));
	}
	im->ins = store_prepare(im->s, sb_str(&sql), im->err, im->errlen);
	sb_free(&cols); sb_free(&vals); sb_free(&set); sb_free(&lhs); sb_free(&rhs);
	sb_free(&conflict); sb_free(&sql);
	return im->ins ? 0 : -1;
}

static int match_header(struct importer *im, const struct csv_record *h)
{
	const struct kind *k = im->k;
	for (int i = 0; i < k->ncols; i++)
		im->field_of[i] = -1;
	for (size_t f = 0; f < h->n; f++) {
		const struct csv_field *fl = &h->fields[f];
		char name[64];
		const char *s = fl->s;
		while (*s == ' ')
			s++;
		size_t len = strlen(s);
		while (len && s[len - 1] == ' ')
			len--;
		if (len >= sizeof name)
			len = sizeof name - 1;
		memcpy(name, s, len);
		name[len] = '\0';
		int found = -1;
		for (int i = 0; i < k->ncols; i++)
			if (strcasecmp(k->cols[i].name, name) == 0)
				found = i;
		if (found < 0) {
			struct strbuf known = { 0 };
			for (int i = 0; i < k->ncols; i++)
				sb_printf(&known, "%s%s", i ? ", " : "", k->cols[i].name);
			csv_fail(im->r, fl->line, fl->col, "unknown column \"%s\" for %s (columns: %s)",
				 name, k->name, sb_str(&known));
			sb_free(&known);
			return -1;
		}
		if (im->field_of[found] >= 0)
			return csv_fail(im->r, fl->line, fl->col, "duplicate column \"%s\"", name);
		im->field_of[found] = (int)f;
	}
	for (int i = 0; i < k->ncols; i++)
		if (k->cols[i].required && im->field_of[i] < 0)
			return csv_fail(im->r, h->line, 1, "missing required column \"%s\" for %s",
					k->cols[i].name, k->name);
	return 0;
}

/* uids for one import: 8 bytes of (milliseconds since 1970 << 16 | 16
 * random bits) then a 64-bit random start counted up per row.  Unique
 * across databases like random uids (64 random bits per import plus the
 * clock), but consecutive, so the uid index grows at one place instead of
 * being written all over. */
static void uid_init(struct importer *im)
{
	unsigned char rnd[10];
	sqlite3_randomness(sizeof rnd, rnd);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t hi = ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000) << 16 |
		      (uint64_t)rnd[0] << 8 | rnd[1];
	for (int i = 0; i < 8; i++) {
		im->uid[i] = (unsigned char)(hi >> (56 - 8 * i));
		im->uid[8 + i] = rnd[2 + i];
	}
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(im->stamp, sizeof im->stamp, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 ts.tv_nsec / 1000000);
}

static void uid_next(struct importer *im)
{
	for (int i = 15; i >= 8 && ++im->uid[i] == 0; i--)
		;
}

static int import_row(struct importer *im, const struct csv_record *rec, struct import_result *res)
{
	const struct kind *k = im->k;
	const char *vals[MAXCOLS];
	struct import_value v[MAXCOLS];
	char why[VALUE_ERR_MAX + 200];
	int bad;
	for (int i = 0; i < k->ncols; i++)
		vals[i] = im->field_of[i] >= 0 ? rec->fields[im->field_of[i]].s : NULL;
	int rc = import_convert(&im->refs, im->cfg, k, vals, v, &bad, why, sizeof why);
	if (rc == -2) {
		strlcpy_r(im->err, why, im->errlen);
		return -1;
	}
	if (rc != 0) {
		const struct csv_field *f = &rec->fields[im->field_of[bad]];
		return csv_fail(im->r, f->line, f->col, "%s", why);
	}
	sqlite3_reset(im->ins);
	sqlite3_clear_bindings(im->ins);
	for (int i = 0; i < k->ncols; i++)
		if (im->param_of[i])
			import_bind(im->ins, im->param_of[i], &v[i]);

	uid_next(im);
	sqlite3_bind_blob(im->ins, im->param_uid, im->uid, sizeof im->uid, SQLITE_STATIC);
	sqlite3_bind_text(im->ins, im->param_stamp, im->stamp, -1, SQLITE_STATIC);
	sqlite3 *db = im->s->db;
	sqlite3_int64 before = sqlite3_last_insert_rowid(db);
	rc = sqlite3_step(im->ins);
	if (rc != SQLITE_DONE)
		return csv_fail(im->r, rec->line, 1, "the database refused this row: %s", sqlite3_errmsg(db));
	if (sqlite3_changes(db) == 0)
		res->unchanged++;
	else if (sqlite3_last_insert_rowid(db) != before)
		res->inserted++;
	else
		res->updated++;
	res->rows++;
	if (strcmp(k->name, "accounts") == 0) {
		long long id = ref_lookup(&im->refs, REF_ACCOUNT, vals[0], im->err, im->errlen);
		if (id <= 0 || spectrum_record(im->s, id, im->today, im->err, im->errlen) < 0)
			return -1;
	}
	return 0;
}

#define BULK_PROBE_ROWS 1024
#define BULK_MIN_ROWS 100000

/* Drop the table's secondary indexes (not the UNIQUE ones), keeping their
 * SQL in im->index_sql for restore_indexes.  0 or -1 with im->err. */
static int drop_indexes(struct importer *im)
{
	sqlite3_stmt *st = store_prepare(im->s, "SELECT name, sql FROM sqlite_schema WHERE type = 'index'"
					 " AND tbl_name = ?1 AND sql IS NOT NULL", im->err, im->errlen);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, im->k->table, -1, SQLITE_STATIC);
	struct strbuf drop = { 0 };
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		im->index_sql = xrealloc(im->index_sql, (size_t)(im->nindex + 1) * sizeof *im->index_sql);
		im->index_sql[im->nindex++] = xstrdup((const char *)sqlite3_column_text(st, 1));
		char *q = sqlite3_mprintf("DROP INDEX \"%w\";", (const char *)sqlite3_column_text(st, 0));
		sb_puts(&drop, q);
		sqlite3_free(q);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		sb_free(&drop);
		return store_fail(im->s, "import", im->err, im->errlen);
	}
	/* the cached insert statement is re-prepared by SQLite on the schema change */
	rc = drop.len ? store_exec(im->s, sb_str(&drop), im->err, im->errlen) : 0;
	sb_free(&drop);
	return rc;
}

static int restore_indexes(struct importer *im)
{
	for (int i = 0; i < im->nindex; i++)
		if (store_exec(im->s, im->index_sql[i], im->err, im->errlen) != 0)
			return -1;
	return 0;
}

/* After BULK_PROBE_ROWS rows: estimate the file's rows from its size and
 * the bytes read so far; take the bulk path when the file is big and will
 * at least double the table.  Files of unknown size (stdin) never do. */
static int maybe_go_bulk(struct importer *im, long long rows)
{
	long long size = csv_size(im->r), off = csv_offset(im->r);
	if (size <= 0 || off <= 0)
		return 0;
	long long est = (long long)((double)size * (double)rows / (double)off);
	if (est < BULK_MIN_ROWS || est < im->existing)
		return 0;
	return drop_indexes(im);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run(struct importer *im, const struct import_opts *opts, struct import_result *res)
{
	const struct csv_record *rec;
	int rc = csv_read(im->r, &rec);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return csv_fail(im->r, 1, 1, "empty file: expected a header row naming the columns");
	if (match_header(im, rec) != 0 || build_statement(im) != 0)
		return -1;
	uid_init(im);
	char *count = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", im->k->table);
	sqlite3_stmt *cst = store_prepare(im->s, count, im->err, im->errlen);
	sqlite3_free(count);
	if (!cst)
		return -1;
	im->existing = sqlite3_step(cst) == SQLITE_ROW ? sqlite3_column_int64(cst, 0) : 0;
	sqlite3_finalize(cst);
	long long size = csv_size(im->r);
	double start = now_seconds(), shown = start;
	int progress_shown = 0;
	while ((rc = csv_read(im->r, &rec)) == 1) {
		if (import_row(im, rec, res) != 0)
			return -1;
		if (res->rows == BULK_PROBE_ROWS && maybe_go_bulk(im, res->rows) != 0)
			return -1;
		if (opts && opts->progress && (res->rows & 4095) == 0) {
			double t = now_seconds();
			if (t - shown > 0.25 && t - start > 1.0) {
				if (size > 0)
					fprintf(stderr, "\rimporting %s: %3.0f%% (%lld rows)", im->k->name,
						100.0 * (double)csv_offset(im->r) / (double)size, res->rows);
				else
					fprintf(stderr, "\rimporting %s: %lld rows", im->k->name, res->rows);
				shown = t;
				progress_shown = 1;
			}
		}
	}
	if (progress_shown)
		fprintf(stderr, "\r\033[K");
	if (rc < 0)
		return -1;
	if (res->rows == 0)
		return csv_fail(im->r, rec ? rec->line + 1 : 2, 1,
				"no data rows after the header; nothing to import");
	if (im->nindex && !(opts && opts->dry_run)) {
		if (opts && opts->progress && progress_shown)
			fprintf(stderr, "importing %s: building indexes\r", im->k->name);
		if (restore_indexes(im) != 0)
			return -1;
		if (opts && opts->progress && progress_shown)
			fprintf(stderr, "\r\033[K");
	}
	return 0;
}

static int import_reader(struct store *s, const struct rapport_config *cfg, const struct kind *k,
			 struct csv_reader *r, const struct import_opts *opts,
			 struct import_result *res, char *err, size_t errlen)
{
	struct import_result local = { 0 };
	if (!res)
		res = &local;
	memset(res, 0, sizeof *res);
	struct importer im = { .s = s, .cfg = cfg, .k = k, .r = r, .err = err, .errlen = errlen };
	refs_init(&im.refs, s);
	int32_t today;
	if (value_today(&today, err, errlen) != 0) {
		csv_close(r);
		return -1;
	}
	value_date_fmt(today, im.today, sizeof im.today);
	if (err && errlen)
		err[0] = '\0';

	store_bulk(s, 1);
	/* off outside the transaction (a no-op inside one); see the top */
	sqlite3_exec(s->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
	int rc = store_begin_bulk(s, err, errlen);
	if (rc == 0) {
		rc = run(&im, opts, res);
		if (rc != 0 && err && errlen && !err[0])
			strlcpy_r(err, csv_error(r), errlen);
	}
	sqlite3_finalize(im.ins);
	refs_done(&im.refs);
	if (rc == 0 && !(opts && opts->dry_run))
		rc = store_commit(s, err, errlen);
	else if (!sqlite3_get_autocommit(s->db))
		store_rollback(s);
	store_bulk(s, 0);
	sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	for (int i = 0; i < im.nindex; i++)
		free(im.index_sql[i]);
	free(im.index_sql);
	csv_close(r);
	return rc;
}

int import_file(struct store *s, const struct rapport_config *cfg, const struct kind *k,
		const char *path, const struct import_opts *opts, struct import_result *res,
		char *err, size_t errlen)
{
	struct csv_reader *r = csv_open_file(path, err, errlen);
	if (!r)
		return -1;
	return import_reader(s, cfg, k, r, opts, res, err, errlen);
}

int import_buffer(struct store *s, const struct rapport_config *cfg, const struct kind *k,
		  const char *name, const char *buf, size_t len, const struct import_opts *opts,
		  struct import_result *res, char *err, size_t errlen)
{
	return import_reader(s, cfg, k, csv_open_mem(name, buf, len), opts, res, err, errlen);
}

int import_check_value(struct store *s, const struct column *c, const char *value,
		       char *err, size_t errlen)
{
	struct import_refs refs;
	struct import_value v;
	refs_init(&refs, s);
	int rc = import_convert_value(&refs, c, value, &v, err, errlen);
	refs_done(&refs);
	return rc == 0 ? 0 : -1;
}
