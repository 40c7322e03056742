/* CSV import (see import.h).
 *
 * One prepared upsert per file, built from the columns the header names
 * (identifiers come from the kinds table, never from the file); every value
 * is validated and bound; references are resolved through prepared lookups
 * with a per-import cache; the whole file is one transaction, rolled back
 * on the first problem or on --dry-run. */
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

#define MAXCOLS 32
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

struct importer {
	struct store *s;
	const struct rapport_config *cfg;
	const struct kind *k;
	struct csv_reader *r;
	int field_of[MAXCOLS];   /* kind column -> CSV field index, -1 if absent */
	int param_of[MAXCOLS];   /* kind column -> SQL parameter, 0 if not bound */
	int param_start, param_end; /* period_start / period_end parameters */
	int param_uid, param_stamp; /* uid and updated_at parameters */
	unsigned char uid[16];      /* next uid: see next_uid() */
	char stamp[64];             /* updated_at of every row of this import */
	sqlite3_stmt *ins;
	struct ref refs[NREFS];
	char today[11];
	char *err;
	size_t errlen;
};

static const struct ref ref_defs[NREFS] = {
	{ "SELECT id FROM accounts WHERE key = ?1", "account", "import accounts first", NULL, { 0 } },
	{ "SELECT id FROM staff WHERE handle = ?1", "staff member", "import staff first", NULL, { 0 } },
	{ "SELECT id FROM rates WHERE activity = ?1", "activity", "import rates first", NULL, { 0 } },
};

/* Look code up; returns its id, 0 when unknown, -1 on a database error. */
static long long ref_lookup(struct importer *im, int which, const char *code)
{
	struct ref *rf = &im->refs[which];
	long long id = cache_get(&rf->cache, code);
	if (id)
		return id;
	if (!rf->st && !(rf->st = store_prepare(im->s, rf->sql, im->err, im->errlen)))
		return -1;
	sqlite3_reset(rf->st);
	sqlite3_bind_text(rf->st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(rf->st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(rf->st, 0);
	else if (rc != SQLITE_DONE)
		return store_fail(im->s, im->s->path, im->err, im->errlen);
	sqlite3_reset(rf->st);
	if (id)
		cache_put(&rf->cache, code, id);
	return id;
}

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

/* Validate v for column c.  On success fills the parsed forms the binder
 * needs; on failure writes a positionless reason to err. */
struct parsed {
	int64_t num;             /* INT, MONEY, QUANTITY, ENUM index, ref id */
	int32_t d1, d2;          /* DATE (d1), PERIOD (d1..d2) */
	char *canon;             /* ENUM: canonical word (static) */
};

static int parse_value(struct importer *im, const struct column *c, const char *v,
		       struct parsed *p, char *err, size_t errlen)
{
	long n;
	int idx;
	int32_t d;
	switch (c->type) {
	case COL_TEXT:
		if (c->required && is_blank(v))
			return snprintf(err, errlen, "must not be empty"), -1;
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
		if (value_date(v, &d, err, errlen) != 0)
			return -1;
		p->d1 = d;
		return 0;
	case COL_PERIOD:
		return value_period(v, &p->d1, &p->d2, err, errlen);
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
		p->canon = (char *)c->words[idx];
		return 0;
	}
	case COL_ACCOUNT:
	case COL_STAFF:
	case COL_RATE: {
		int which = c->type == COL_ACCOUNT ? REF_ACCOUNT : c->type == COL_STAFF ? REF_STAFF : REF_RATE;
		long long id = ref_lookup(im, which, v);
		if (id < 0)
			return -1;
		if (id == 0)
			return snprintf(err, errlen, "unknown %s \"%s\" (%s)", im->refs[which].what, v,
					im->refs[which].hint), -1;
		p->num = id;
		return 0;
	}
	}
	return 0;
}

static void date_text(int32_t d, char *buf)
{
	value_date_fmt(d, buf, 11);
}

static int bind_value(sqlite3_stmt *st, int param, const struct column *c, const char *v,
		      const struct parsed *p)
{
	if (!*v && !c->required)
		return sqlite3_bind_null(st, param);
	switch (c->type) {
	case COL_TEXT:
	case COL_CODE:
	case COL_DATE:
	case COL_PERIOD:
		return sqlite3_bind_text(st, param, v, -1, SQLITE_STATIC);
	case COL_ENUM:
		return sqlite3_bind_text(st, param, p->canon, -1, SQLITE_STATIC);
	default:
		return sqlite3_bind_int64(st, param, p->num);
	}
}

/* Columns bound on insert even when the file lacks them (with a default). */
static int has_default(const struct kind *k, const struct column *c)
{
	return (strcmp(k->name, "problems") == 0 && strcmp(c->name, "due") == 0) ||
	       (strcmp(k->name, "nps") == 0 && strcmp(c->name, "survey") == 0);
}

static int build_statement(struct importer *im)
{
	const struct kind *k = im->k;
	struct strbuf cols = { 0 }, vals = { 0 }, set = { 0 }, lhs = { 0 }, rhs = { 0 }, conflict = { 0 };
	int param = 0;
	for (int i = 0; i < k->ncols; i++) {
		const struct column *c = &k->cols[i];
		int present = im->field_of[i] >= 0;
		if (!present && !has_default(k, c))
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
		if (c->type == COL_PERIOD) {
			im->param_start = ++param;
			im->param_end = ++param;
			sb_printf(&cols, ", period_start, period_end");
			sb_printf(&vals, ", ?%d, ?%d", im->param_start, im->param_end);
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

/* The field value of kind column i in rec ("" when absent). */
static const struct csv_field *field(const struct importer *im, const struct csv_record *rec, int i)
{
	static const struct csv_field none = { "", 0, 0, 0 };
	return im->field_of[i] >= 0 ? &rec->fields[im->field_of[i]] : &none;
}

static int col_index(const struct kind *k, const char *name)
{
	for (int i = 0; i < k->ncols; i++)
		if (strcmp(k->cols[i].name, name) == 0)
			return i;
	return -1;
}

/* Cross-field rules: an end date is not before its start. */
static int check_order(struct importer *im, const struct csv_record *rec, const struct parsed *p,
		       const char *from, const char *to)
{
	int a = col_index(im->k, from), b = col_index(im->k, to);
	if (a < 0 || b < 0 || !*field(im, rec, a)->s || !*field(im, rec, b)->s)
		return 0;
	if (p[b].d1 < p[a].d1) {
		const struct csv_field *f = field(im, rec, b);
		return csv_fail(im->r, f->line, f->col, "%s: %s is before %s %s", to, f->s, from,
				field(im, rec, a)->s);
	}
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
	struct parsed p[MAXCOLS];
	char why[VALUE_ERR_MAX + 200];
	char due[11], pstart[11], pend[11];
	memset(p, 0, sizeof p);
	sqlite3_reset(im->ins);
	sqlite3_clear_bindings(im->ins);
	for (int i = 0; i < k->ncols; i++) {
		const struct column *c = &k->cols[i];
		const struct csv_field *f = field(im, rec, i);
		if (im->field_of[i] >= 0 && (*f->s || c->required)) {
			why[0] = '\0';
			if (parse_value(im, c, f->s, &p[i], why, sizeof why) != 0) {
				if (!why[0])
					return -1; /* database error already in im->err */
				return csv_fail(im->r, f->line, f->col, "%s: %s", c->name, why);
			}
		}
		if (!im->param_of[i])
			continue;
		if (!*f->s && has_default(k, c)) {
			if (c->type == COL_ENUM) {
				sqlite3_bind_text(im->ins, im->param_of[i], c->words[0], -1, SQLITE_STATIC);
			} else { /* problems.due = opened + problem_days */
				int o = col_index(k, "opened");
				p[i].d1 = p[o].d1 + im->cfg->problem_days;
				date_text(p[i].d1, due);
				sqlite3_bind_text(im->ins, im->param_of[i], due, -1, SQLITE_STATIC);
			}
			continue;
		}
		bind_value(im->ins, im->param_of[i], c, f->s, &p[i]);
		if (c->type == COL_PERIOD) {
			date_text(p[i].d1, pstart);
			date_text(p[i].d2, pend);
			sqlite3_bind_text(im->ins, im->param_start, pstart, -1, SQLITE_STATIC);
			sqlite3_bind_text(im->ins, im->param_end, pend, -1, SQLITE_STATIC);
		}
	}
	if (check_order(im, rec, p, "opened", "due") || check_order(im, rec, p, "opened", "resolved") ||
	    check_order(im, rec, p, "started", "finished"))
		return -1;

	uid_next(im);
	sqlite3_bind_blob(im->ins, im->param_uid, im->uid, sizeof im->uid, SQLITE_STATIC);
	sqlite3_bind_text(im->ins, im->param_stamp, im->stamp, -1, SQLITE_STATIC);
	sqlite3 *db = im->s->db;
	sqlite3_int64 before = sqlite3_last_insert_rowid(db);
	int rc = sqlite3_step(im->ins);
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
		long long id = ref_lookup(im, REF_ACCOUNT, field(im, rec, 0)->s);
		if (id <= 0 || spectrum_record(im->s, id, im->today, im->err, im->errlen) < 0)
			return -1;
	}
	return 0;
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
	long long size = csv_size(im->r);
	double start = now_seconds(), shown = start;
	int progress_shown = 0;
	while ((rc = csv_read(im->r, &rec)) == 1) {
		if (import_row(im, rec, res) != 0)
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
	memcpy(im.refs, ref_defs, sizeof im.refs);
	int32_t today;
	if (value_today(&today, err, errlen) != 0) {
		csv_close(r);
		return -1;
	}
	value_date_fmt(today, im.today, sizeof im.today);
	if (err && errlen)
		err[0] = '\0';

	store_bulk(s, 1);
	int rc = store_begin(s, err, errlen);
	if (rc == 0) {
		rc = run(&im, opts, res);
		if (rc != 0 && err && errlen && !err[0])
			strlcpy_r(err, csv_error(r), errlen);
	}
	sqlite3_finalize(im.ins);
	for (int i = 0; i < NREFS; i++) {
		sqlite3_finalize(im.refs[i].st);
		cache_free(&im.refs[i].cache);
	}
	if (rc == 0 && !(opts && opts->dry_run))
		rc = store_commit(s, err, errlen);
	else if (!sqlite3_get_autocommit(s->db))
		store_rollback(s);
	store_bulk(s, 0);
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
	struct importer im = { .s = s, .err = err, .errlen = errlen };
	memcpy(im.refs, ref_defs, sizeof im.refs);
	struct parsed p;
	memset(&p, 0, sizeof p);
	int rc = 0;
	if (*value || c->required)
		rc = parse_value(&im, c, value, &p, err, errlen);
	for (int i = 0; i < NREFS; i++) {
		sqlite3_finalize(im.refs[i].st);
		cache_free(&im.refs[i].cache);
	}
	return rc;
}
