/* Review meetings: the review record, closing it with a snapshot, and the
 * agenda (see review.h; the summary and the minutes are in review_room.c).
 *
 * The agenda is bounded: each rule keeps only its `limit` best-ranked
 * accounts while it streams (a sorted array, insertion by binary search),
 * so a 100k-account portfolio costs one pass per source and a few hundred
 * rows of memory.  Each source is read once: the roles cache (or roles_each) for every overdue
 * role, one profit_load for the grid rules, one grouped query each for
 * detractors, overdue action items, spectrum history and the audit log's
 * ladder changes. */
#include "rapport/review.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/detail.h"
#include "rapport/util.h"
#include "rapport/values.h"

const char *const review_rule_words[] = {
	"detractors", "overdue", "aggressive", "breakeven", "quadrant", "spectrum", "ladder", NULL
};

int review_rule_parse(const char *word)
{
	for (int i = 0; word && review_rule_words[i]; i++)
		if (strcmp(word, review_rule_words[i]) == 0)
			return i;
	return -1;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? t : "";
}

/* ---- the review record ----------------------------------------------------- */

static int review_query(struct store *s, const char *sql, struct review *r, char *err,
			size_t errlen)
{
	memset(r, 0, sizeof *r);
	sqlite3_stmt *st = store_prepare(s, sql, err, errlen);
	if (!st)
		return -1;
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(st, 0);
		strlcpy_r(r->held_on, col_text(st, 1), sizeof r->held_on);
		strlcpy_r(r->title, col_text(st, 2), sizeof r->title);
		strlcpy_r(r->since, col_text(st, 3), sizeof r->since);
		strlcpy_r(r->closed_at, col_text(st, 4), sizeof r->closed_at);
		found = 1;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "reviews", err, errlen);
	return found;
}

int review_open_current(struct store *s, struct review *r, char *err, size_t errlen)
{
	return review_query(s, "SELECT id, held_on, title, since, closed_at FROM reviews"
			    " WHERE closed_at IS NULL ORDER BY held_on DESC, id DESC LIMIT 1",
			    r, err, errlen);
}

int review_last_closed(struct store *s, struct review *r, char *err, size_t errlen)
{
	return review_query(s, "SELECT id, held_on, title, since, closed_at FROM reviews"
			    " WHERE closed_at IS NOT NULL ORDER BY held_on DESC, id DESC LIMIT 1",
			    r, err, errlen);
}

int review_default_since(struct store *s, int32_t today, char since[11], char *err,
			 size_t errlen)
{
	struct review last;
	int rc = review_last_closed(s, &last, err, errlen);
	if (rc < 0)
		return -1;
	if (rc == 1 && last.held_on[0])
		strlcpy_r(since, last.held_on, 11);
	else
		value_date_fmt(today - 90, since, 11);
	return 0;
}

/* A date field: "name: why" on error. */
static int check_date(const char *name, const char *v, int32_t *day, char *err, size_t errlen)
{
	char why[VALUE_ERR_MAX];
	if (!v || !*v) {
		snprintf(err, errlen, "%s: required (YYYY-MM-DD)", name);
		return -1;
	}
	if (value_date(v, day, why, sizeof why) != 0) {
		snprintf(err, errlen, "%s: %s", name, why);
		return -1;
	}
	return 0;
}

static int exec_review(struct store *s, const char *sql, int64_t id, const char *a,
		       const char *b, const char *c, char *err, size_t errlen)
{
	sqlite3_stmt *st = store_prepare(s, sql, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text_or_null(st, 2, a);
	store_bind_text_or_null(st, 3, b);
	store_bind_text_or_null(st, 4, c);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "reviews", err, errlen);
	return sqlite3_changes(s->db) > 0 ? 0 : 1;
}

int review_start(struct store *s, const char *held_on, const char *title, const char *since,
		 int64_t *id, char *err, size_t errlen)
{
	int32_t h, d;
	*id = 0;
	if (check_date("held on", held_on, &h, err, errlen) != 0 ||
	    check_date("since", since, &d, err, errlen) != 0)
		return -1;
	if (d > h) {
		snprintf(err, errlen, "since: %s is after the meeting (%s)", since, held_on);
		return -1;
	}
	/* in a transaction: the change and its sync record commit together */
	if (store_begin(s, err, errlen) != 0)
		return -1;
	if (exec_review(s, "INSERT INTO reviews(held_on, title, since) VALUES (?2, ?3, ?4)", 0,
			held_on, title, since, err, errlen) != 0) {
		store_rollback(s);
		return -1;
	}
	*id = sqlite3_last_insert_rowid(s->db);
	if (store_commit(s, err, errlen) != 0) {
		*id = 0;
		return -1;
	}
	return 0;
}

int review_update(struct store *s, int64_t id, const char *title, const char *since,
		  char *err, size_t errlen)
{
	int32_t d;
	if (check_date("since", since, &d, err, errlen) != 0)
		return -1;
	if (store_begin(s, err, errlen) != 0)
		return -1;
	int rc = exec_review(s, "UPDATE reviews SET title = ?3, since = ?4, version = version + 1,"
			     " updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
			     " WHERE id = ?1 AND closed_at IS NULL AND held_on >= ?4",
			     id, NULL, title, since, err, errlen);
	if (rc == 1)
		snprintf(err, errlen, "the review is closed, gone, or held before %s", since);
	if (rc != 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err, errlen);
}

struct snap_ctx {
	struct store *s;
	sqlite3_stmt *st;
	int failed;
};

static int snap_position(const struct spectrum_row *row, void *arg)
{
	struct snap_ctx *c = arg;
	sqlite3_reset(c->st);
	sqlite3_bind_int64(c->st, 2, row->account_id);
	if (row->position == POSITION_UNKNOWN)
		sqlite3_bind_null(c->st, 3);
	else
		sqlite3_bind_text(c->st, 3, spectrum_words[row->position], -1, SQLITE_STATIC);
	if (sqlite3_step(c->st) != SQLITE_DONE) {
		c->failed = 1;
		return 1;
	}
	return 0;
}

int review_close(struct store *s, const struct rapport_config *cfg, int64_t id,
		 char *err, size_t errlen)
{
	struct profit_set ps = { 0 };
	if (profit_load_figures(s, 0, &ps, err, errlen) != 0)
		return -1;
	struct grid_splits g;
	grid_splits_compute(&ps, cfg, &g);
	if (store_begin(s, err, errlen) != 0) {
		profit_set_free(&ps);
		return -1;
	}
	int rc = exec_review(s, "UPDATE reviews SET closed_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'),"
			     " version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
			     " WHERE id = ?1 AND closed_at IS NULL", id, NULL, NULL, NULL,
			     err, errlen);
	if (rc == 1)
		snprintf(err, errlen, "the review is already closed or was deleted");
	if (rc == 0)
		rc = exec_review(s, "INSERT INTO review_snapshots(review_id, account_id, ladder)"
				 " SELECT ?1, id, ladder FROM accounts", id, NULL, NULL,
				 NULL, err, errlen) < 0 ? -1 : 0;
	sqlite3_stmt *st = NULL;
	if (rc == 0) {
		st = store_prepare(s, "UPDATE review_snapshots SET quadrant = ?3"
				   " WHERE review_id = ?1 AND account_id = ?2", err, errlen);
		rc = st ? 0 : -1;
	}
	for (size_t i = 0; rc == 0 && i < ps.n; i++) {
		const struct account_profit *p = &ps.v[i];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, p->account_id);
		sqlite3_bind_text(st, 3, quadrant_words[grid_classify(&g, p->net_margin,
								       p->cost_to_serve)], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_fail(s, "review snapshot", err, errlen);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc == 0) {
		st = store_prepare(s, "UPDATE review_snapshots SET position = ?3"
				   " WHERE review_id = ?1 AND account_id = ?2", err, errlen);
		rc = st ? 0 : -1;
	}
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, id);
		struct snap_ctx c = { s, st, 0 };
		rc = spectrum_each_unordered(s, snap_position, &c, err, errlen);
		if (rc == 0 && c.failed)
			rc = store_fail(s, "review snapshot", err, errlen);
	}
	sqlite3_finalize(st);
	profit_set_free(&ps);
	if (rc != 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err, errlen);
}

/* ---- candidates: the best `limit` of one rule ------------------------------ */

struct cand {
	int64_t account_id;
	int64_t p1, p2;          /* ranking: smaller first */
	char date[32];           /* then by date (ascending, or descending: see date_desc) */
	int64_t rank;            /* then by key: its rank in key order (key_rank) */
	char key[264];           /* "" until the agenda is named (name_items) */
	char text[120];          /* the reason */
};

struct top {
	struct cand *v;          /* sorted best first */
	int n, cap;
	int date_desc;
	long matched;
};

static int cand_cmp(const struct top *t, const struct cand *a, const struct cand *b)
{
	if (a->p1 != b->p1)
		return a->p1 < b->p1 ? -1 : 1;
	if (a->p2 != b->p2)
		return a->p2 < b->p2 ? -1 : 1;
	int c = strcmp(a->date, b->date);
	if (c)
		return t->date_desc ? -c : c;
	return (a->rank > b->rank) - (a->rank < b->rank);
}

/* Whether top_offer would keep c (it still counts it when not). */
static int top_keeps(const struct top *t, const struct cand *c)
{
	return t->n < t->cap || cand_cmp(t, c, &t->v[t->n - 1]) < 0;
}

static void top_offer(struct top *t, const struct cand *c)
{
	if (c->rank == INT64_MAX)
		return;   /* no such account (a row left by foreign keys off) */
	t->matched++;
	if (t->n == t->cap && cand_cmp(t, c, &t->v[t->n - 1]) >= 0)
		return;
	int lo = 0, hi = t->n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (cand_cmp(t, c, &t->v[mid]) < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (t->n == t->cap)
		t->n--;
	memmove(t->v + lo + 1, t->v + lo, (size_t)(t->n - lo) * sizeof *t->v);
	t->v[lo] = *c;
	t->n++;
}


/* ---- the rules ---------------------------------------------------------------- */

struct build {
	struct store *s;
	const struct rapport_config *cfg;
	int32_t today;
	char today_s[11];
	const char *since;
	struct top top[RULE_COUNT];
	struct agenda *a;
	char *err;
	size_t errlen;
	/* every account's rank in key order, so that rules rank without
	 * reading keys (a join on accounts per row cost more than the rules'
	 * own queries): rank[id] when ids are dense, else pairs by id */
	int64_t *rank;
	int64_t rank_max;
	struct id_rank { int64_t id, rank; } *pairs;
	size_t npairs;
};

static int id_rank_cmp(const void *x, const void *y)
{
	int64_t a = ((const struct id_rank *)x)->id, b = ((const struct id_rank *)y)->id;
	return (a > b) - (a < b);
}

/* One scan of the key index (covering: ids in key order, no rows read),
 * at the job's first step.  An account added by another process while a
 * stepped job runs has no rank and is left out of this agenda; the review
 * screen builds the agenda again when the data changed since the job
 * began (view_review.c), so it shows up in the next one. */
static int ranks_load(struct build *b)
{
	sqlite3_stmt *st = store_prepare(b->s, "SELECT id FROM accounts ORDER BY key",
					 b->err, b->errlen);
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (b->npairs == cap) {
			cap = cap ? cap * 2 : 1024;
			b->pairs = xrealloc(b->pairs, cap * sizeof *b->pairs);
		}
		b->pairs[b->npairs].id = sqlite3_column_int64(st, 0);
		b->pairs[b->npairs].rank = (int64_t)b->npairs;
		if (b->pairs[b->npairs].id > b->rank_max)
			b->rank_max = b->pairs[b->npairs].id;
		b->npairs++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(b->s, "accounts", b->err, b->errlen);
	if (b->rank_max <= 4 * (int64_t)b->npairs + 4096) {
		b->rank = xmalloc(((size_t)b->rank_max + 1) * sizeof *b->rank);
		for (int64_t i = 0; i <= b->rank_max; i++)
			b->rank[i] = INT64_MAX;
		for (size_t i = 0; i < b->npairs; i++)
			if (b->pairs[i].id >= 0)
				b->rank[b->pairs[i].id] = b->pairs[i].rank;
		free(b->pairs);
		b->pairs = NULL;
		b->npairs = 0;
	} else if (b->npairs) {
		qsort(b->pairs, b->npairs, sizeof *b->pairs, id_rank_cmp);
	}
	return 0;
}

static int64_t key_rank(const struct build *b, int64_t id)
{
	if (b->rank)
		return id >= 0 && id <= b->rank_max ? b->rank[id] : INT64_MAX;
	struct id_rank want = { id, 0 };
	const struct id_rank *r = b->npairs ? bsearch(&want, b->pairs, b->npairs, sizeof *b->pairs,
						      id_rank_cmp) : NULL;
	return r ? r->rank : INT64_MAX;
}

static void cand_init(const struct build *b, struct cand *c, int64_t id)
{
	memset(c, 0, sizeof *c);
	c->account_id = id;
	c->rank = key_rank(b, id);
}

/* Account id: n new detractors since, the lowest score low. */
static void offer_detractor(struct build *b, int64_t id, int64_t n, int64_t low)
{
	struct cand c;
	cand_init(b, &c, id);
	c.p1 = -n;
	c.p2 = low;
	if (top_keeps(&b->top[RULE_DETRACTORS], &c))
		snprintf(c.text, sizeof c.text, "%" PRId64 " new detractor%s since %s (lowest %" PRId64 ")",
			 n, n == 1 ? "" : "s", b->since, low);
	top_offer(&b->top[RULE_DETRACTORS], &c);
}

static int detractor_row(sqlite3_stmt *st, void *arg)
{
	offer_detractor(arg, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
			sqlite3_column_int64(st, 2));
	return 0;
}

/* The detractors dated since .. today, as sql selects them. */
static sqlite3_stmt *detractor_stmt(struct build *b, const char *sql)
{
	sqlite3_stmt *st = store_prepare(b->s, sql, b->err, b->errlen);
	if (st) {
		sqlite3_bind_text(st, 1, b->since, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, b->today_s, -1, SQLITE_STATIC);
	}
	return st;
}

static int rule_detractors(struct build *b)
{
	if (!b->rank) {
		sqlite3_stmt *st = detractor_stmt(b, "SELECT account_id, count(*), min(score) FROM nps"
			" WHERE date >= ?1 AND date <= ?2 AND score <= 6 GROUP BY account_id");
		return st ? store_rows(b->s, st, "detractors", detractor_row, b, b->err, b->errlen) : -1;
	}
	/* ids are dense: count in an array along nps_date (date, score,
	 * account_id), without SQLite's sorter for the GROUP BY */
	sqlite3_stmt *st = detractor_stmt(b, "SELECT account_id, score FROM nps"
		" WHERE date >= ?1 AND date <= ?2 AND score <= 6");
	if (!st)
		return -1;
	size_t n = (size_t)b->rank_max + 1;
	int32_t *count = xcalloc(n, sizeof *count);
	int8_t *low = xmalloc(n);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		int score = sqlite3_column_int(st, 1);
		if (id < 0 || id > b->rank_max)
			continue;      /* no such account: top_offer would drop it */
		if (!count[id]++ || score < low[id])
			low[id] = (int8_t)score;
	}
	sqlite3_finalize(st);
	for (size_t id = 0; rc == SQLITE_DONE && id < n; id++)
		if (count[id])
			offer_detractor(b, (int64_t)id, count[id], low[id]);
	free(count);
	free(low);
	return rc == SQLITE_DONE ? 0 : store_fail(b->s, "detractors", b->err, b->errlen);
}

/* Overdue action items per account, by account id (few: dated, open, past). */
struct late_items {
	int64_t account_id;
	int64_t n;
	char first_due[11];
	int seen;                /* flushed with the account's overdue roles */
};

static int late_cmp(const void *x, const void *y)
{
	int64_t a = ((const struct late_items *)x)->account_id;
	int64_t b = ((const struct late_items *)y)->account_id;
	return (a > b) - (a < b);
}

struct overdue_acc {
	struct build *b;
	struct late_items *late;
	size_t nlate;
	int64_t id;              /* account being gathered, 0 = none */
	int n;
	char first[11];          /* earliest due, "" = a relationship never met */
	int has_first;
	/* its overdue roles, written out only when the account is kept */
	struct {
		enum role_kind role;
		char due[11];
		char staff[120];     /* as much as the reason can hold */
	} row[ROLE_KINDS];
	int nrows;
	struct strbuf text;
};

static void overdue_flush(struct overdue_acc *o)
{
	if (!o->id)
		return;
	struct late_items want = { .account_id = o->id };
	struct late_items *l = o->nlate ? bsearch(&want, o->late, o->nlate, sizeof *o->late,
						 late_cmp) : NULL;
	int roles = o->n;
	if (l) {
		l->seen = 1;
		o->n += (int)l->n;
		if (!o->has_first || strcmp(l->first_due, o->first) < 0)
			strlcpy_r(o->first, l->first_due, sizeof o->first);
		o->has_first = 1;
	}
	struct top *t = &o->b->top[RULE_OVERDUE];
	struct cand c;
	cand_init(o->b, &c, o->id);
	c.p1 = -o->n;
	strlcpy_r(c.date, o->first, sizeof c.date);
	if (o->n && top_keeps(t, &c)) {
		sb_reset(&o->text);
		for (int i = 0; i < o->nrows; i++) {
			const char *sep = i ? ", " : "";
			const char *who = o->row[i].staff[0] ? o->row[i].staff : "-";
			if (o->row[i].role == ROLE_RELATIONSHIP && !o->row[i].due[0])
				sb_printf(&o->text, "%sno meeting ever (%s)", sep, who);
			else
				sb_printf(&o->text, "%s%s%s due %s (%s)", sep,
					  role_kind_words[o->row[i].role],
					  o->row[i].role == ROLE_RELATIONSHIP ? " meeting" : "",
					  o->row[i].due, who);
		}
		if (l)
			sb_printf(&o->text, "%s%" PRId64 " action item%s (due %s)", roles ? ", " : "",
				  l->n, l->n == 1 ? "" : "s", l->first_due);
		snprintf(c.text, sizeof c.text, "overdue: %s", sb_str(&o->text));
	}
	if (o->n)
		top_offer(t, &c);
	o->id = 0;
	o->n = 0;
	o->nrows = 0;
	o->has_first = 0;
	o->first[0] = '\0';
}

static int overdue_row(const struct role_row *r, void *arg)
{
	struct overdue_acc *o = arg;
	if (r->account_id != o->id) {
		overdue_flush(o);
		o->id = r->account_id;
	}
	if (r->status != STATUS_OVERDUE || o->nrows == ROLE_KINDS)
		return 0;
	o->row[o->nrows].role = r->role;
	strlcpy_r(o->row[o->nrows].due, r->due, sizeof o->row[0].due);
	strlcpy_r(o->row[o->nrows].staff, r->staff ? r->staff : "", sizeof o->row[0].staff);
	o->nrows++;
	if (!o->has_first || strcmp(r->due, o->first) < 0)
		strlcpy_r(o->first, r->due, sizeof o->first);
	o->has_first = 1;
	o->n++;
	return 0;
}

/* ---- overdue, from the roles cache: counted by id, written for the kept */

struct overdue_dense {
	uint8_t *n;              /* overdue roles per account id */
	int64_t *first;          /* their least ord (the earliest due) */
	int64_t max;
};

static void dense_role(int64_t id, int role, int64_t ord, void *ctx)
{
	(void)role;
	struct overdue_dense *d = ctx;
	if (id < 0 || id > d->max)
		return;
	if (!d->n[id]++ || ord < d->first[id])
		d->first[id] = ord;
}

struct overdue_text {
	struct strbuf *sb;
	int n;
};

static int text_role(const struct role_row *r, void *ctx)
{
	struct overdue_text *t = ctx;
	if (r->status != STATUS_OVERDUE)
		return 0;
	const char *sep = t->n++ ? ", " : "", *who = r->staff ? r->staff : "-";
	if (r->role == ROLE_RELATIONSHIP && !r->due[0])
		sb_printf(t->sb, "%sno meeting ever (%s)", sep, who);
	else
		sb_printf(t->sb, "%s%s%s due %s (%s)", sep, role_kind_words[r->role],
			  r->role == ROLE_RELATIONSHIP ? " meeting" : "", r->due, who);
	return 0;
}

/* 1 done, 0 the cache is stale (use the stream), -1 error.  The same
 * candidates and texts as overdue_row/overdue_flush, but the overdue roles
 * come as (id, ord) from an index, and a reason is written only for the
 * accounts the rule keeps, from their own rows (roles_account). */
static int overdue_from_cache(struct build *b, struct overdue_acc *o)
{
	int begun = roles_cache_begin(b->s, b->cfg);
	if (!begun) {
		roles_cache_end(b->s, begun);
		return 0;
	}
	struct overdue_dense d;
	d.max = b->rank_max;
	d.n = xcalloc((size_t)d.max + 1, 1);
	d.first = xmalloc(((size_t)d.max + 1) * sizeof *d.first);
	int rc = roles_cache_overdue(b->s, b->today, dense_role, &d, b->err, b->errlen);
	roles_cache_end(b->s, begun);
	struct top *t = &b->top[RULE_OVERDUE];
	for (int64_t id = 0; rc == 0 && id <= d.max; id++) {
		struct late_items want = { .account_id = id };
		struct late_items *l = o->nlate ? bsearch(&want, o->late, o->nlate, sizeof *o->late,
							 late_cmp) : NULL;
		if (!d.n[id] && !l)
			continue;
		struct cand c;
		cand_init(b, &c, id);
		c.p1 = -(int64_t)d.n[id] - (l ? l->n : 0);
		if (d.n[id])
			role_ord_date(d.first[id], c.date, sizeof c.date);
		if (l && (!d.n[id] || strcmp(l->first_due, c.date) < 0))
			strlcpy_r(c.date, l->first_due, sizeof c.date);
		top_offer(t, &c);
	}
	free(d.n);
	free(d.first);
	for (int i = 0; rc == 0 && i < t->n; i++) {
		struct cand *c = &t->v[i];
		sb_reset(&o->text);
		struct overdue_text tx = { &o->text, 0 };
		rc = roles_account(b->s, b->cfg, b->today, c->account_id, text_role, &tx,
				   b->err, b->errlen);
		struct late_items want = { .account_id = c->account_id };
		struct late_items *l = o->nlate ? bsearch(&want, o->late, o->nlate, sizeof *o->late,
							 late_cmp) : NULL;
		if (l)
			sb_printf(&o->text, "%s%" PRId64 " action item%s (due %s)", tx.n ? ", " : "",
				  l->n, l->n == 1 ? "" : "s", l->first_due);
		snprintf(c->text, sizeof c->text, "overdue: %s", sb_str(&o->text));
	}
	return rc == 0 ? 1 : -1;
}

static int rule_overdue(struct build *b)
{
	struct overdue_acc o;
	memset(&o, 0, sizeof o);
	o.b = b;
	sqlite3_stmt *st = store_prepare(b->s,
		"SELECT account_id, count(*), min(due) FROM action_items"
		" WHERE nullif(due, '') IS NOT NULL AND due < ?1 AND nullif(done, '') IS NULL"
		" GROUP BY account_id ORDER BY account_id", b->err, b->errlen);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, b->today_s, -1, SQLITE_STATIC);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (o.nlate == cap) {
			cap = cap ? cap * 2 : 64;
			o.late = xrealloc(o.late, cap * sizeof *o.late);
		}
		struct late_items *l = &o.late[o.nlate++];
		l->account_id = sqlite3_column_int64(st, 0);
		l->n = sqlite3_column_int64(st, 1);
		strlcpy_r(l->first_due, col_text(st, 2), sizeof l->first_due);
		l->seen = 0;
	}
	sqlite3_finalize(st);
	int result = -1, done = 0;
	if (rc == SQLITE_DONE && b->rank && (done = overdue_from_cache(b, &o)) != 0) {
		result = done > 0 ? 0 : -1;
	} else if (rc != SQLITE_DONE) {
		store_fail(b->s, "action items", b->err, b->errlen);
	} else if (roles_overdue_each(b->s, b->cfg, b->today, 1, overdue_row, &o, b->err,
				      b->errlen) == 0) {
		overdue_flush(&o);
		/* accounts with late action items and no overdue role */
		for (size_t i = 0; i < o.nlate; i++) {
			if (o.late[i].seen)
				continue;
			o.id = o.late[i].account_id;
			overdue_flush(&o);
		}
		result = 0;
	}
	sb_free(&o.text);
	free(o.late);
	return result;
}

static void money(int64_t cents, char *buf, size_t len)
{
	value_money_fmt(cents, buf, len);
}

/* Snapshot quadrants of the last closed review, by account id. */
struct snap {
	int64_t account_id;
	int quadrant;
};

static int snap_cmp(const void *x, const void *y)
{
	int64_t a = ((const struct snap *)x)->account_id, b = ((const struct snap *)y)->account_id;
	return (a > b) - (a < b);
}

static int load_snapshot(struct build *b, struct snap **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct review last;
	int found = review_last_closed(b->s, &last, b->err, b->errlen);
	if (found < 0)
		return -1;
	if (!found) {
		snprintf(b->a->note[RULE_QUADRANT], sizeof b->a->note[RULE_QUADRANT],
			 "no closed review yet to compare quadrants with");
		return 0;
	}
	strlcpy_r(b->a->compared_with, last.held_on, sizeof b->a->compared_with);
	sqlite3_stmt *st = store_prepare(b->s, "SELECT account_id, quadrant FROM review_snapshots"
					 " WHERE review_id = ?1 AND quadrant IS NOT NULL"
					 " ORDER BY account_id", b->err, b->errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, last.id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int q = -1;
		for (int i = 0; quadrant_words[i]; i++)
			if (strcmp(col_text(st, 1), quadrant_words[i]) == 0)
				q = i;
		if (q < 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[*n].account_id = sqlite3_column_int64(st, 0);
		(*out)[(*n)++].quadrant = q;
	}
	sqlite3_finalize(st);
	if (*n == 0)
		snprintf(b->a->note[RULE_QUADRANT], sizeof b->a->note[RULE_QUADRANT],
			 "the review of %s holds no quadrants to compare with", last.held_on);
	return rc == SQLITE_DONE ? 0 : store_fail(b->s, "review snapshot", b->err, b->errlen);
}

/* aggressive, breakeven and quadrant: the all-periods figures (ids and
 * sums only; ties in profit go by key rank like every rule). */
static int rule_profit(struct build *b, const int *want)
{
	struct profit_set ps = { 0 };
	struct snap *snap = NULL;
	size_t nsnap = 0;
	if (profit_load_figures(b->s, 0, &ps, b->err, b->errlen) != 0)
		return -1;
	if (want[RULE_QUADRANT] && load_snapshot(b, &snap, &nsnap) != 0) {
		profit_set_free(&ps);
		return -1;
	}
	grid_splits_compute(&ps, b->cfg, &b->a->splits);
	b->a->has_splits = ps.n > 0;
	for (size_t i = 0; i < ps.n; i++) {
		const struct account_profit *p = &ps.v[i];
		enum quadrant q = grid_classify(&b->a->splits, p->net_margin, p->cost_to_serve);
		char m[32], c2[32], pr[32];
		struct cand c;
		cand_init(b, &c, p->account_id);
		c.p1 = p->profit;
		/* the texts are written only for a candidate that is kept */
		struct top *t = &b->top[RULE_AGGRESSIVE];
		if (want[RULE_AGGRESSIVE] && q == QUADRANT_AGGRESSIVE) {
			if (top_keeps(t, &c)) {
				money(p->net_margin, m, sizeof m);
				money(p->cost_to_serve, c2, sizeof c2);
				snprintf(c.text, sizeof c.text,
					 "aggressive quadrant (margin %s, cost-to-serve %s)", m, c2);
			}
			top_offer(t, &c);
		}
		t = &b->top[RULE_BREAKEVEN];
		if (want[RULE_BREAKEVEN] && grid_below_break_even(p->net_margin, p->cost_to_serve)) {
			if (top_keeps(t, &c)) {
				money(p->profit, pr, sizeof pr);
				snprintf(c.text, sizeof c.text, "below break-even: profit %s", pr);
			}
			top_offer(t, &c);
		}
		t = &b->top[RULE_QUADRANT];
		struct snap key = { p->account_id, 0 };
		struct snap *was = nsnap ? bsearch(&key, snap, nsnap, sizeof *snap, snap_cmp) : NULL;
		if (want[RULE_QUADRANT] && was && was->quadrant != (int)q) {
			if (top_keeps(t, &c))
				snprintf(c.text, sizeof c.text, "quadrant %s -> %s since the review of %s",
					 quadrant_words[was->quadrant], quadrant_words[q],
					 b->a->compared_with);
			top_offer(t, &c);
		}
	}
	free(snap);
	profit_set_free(&ps);
	return 0;
}

static int spectrum_row(sqlite3_stmt *st, void *arg)
{
	struct build *b = arg;
	struct cand c;
	cand_init(b, &c, sqlite3_column_int64(st, 0));
	strlcpy_r(c.date, col_text(st, 3), sizeof c.date);
	snprintf(c.text, sizeof c.text, "spectrum %s -> %s on %s", col_text(st, 1),
		 col_text(st, 2), c.date);
	top_offer(&b->top[RULE_SPECTRUM], &c);
	return 0;
}

/* Accounts whose latest spectrum position differs from the one recorded
 * before since (accounts first recorded since then are new, not moved). */
static int rule_spectrum(struct build *b)
{
	/* Only accounts with an entry dated since can have moved: those come
	 * from spectrum_history_date, then each one's latest entry and latest
	 * entry before since through spectrum_history_account (date, then id,
	 * newest first), instead of ranking the whole history. */
	sqlite3_stmt *st = store_prepare(b->s,
		"SELECT c.account_id, bp.position, l.position, l.date"
		" FROM (SELECT DISTINCT account_id FROM spectrum_history"
		"  WHERE date >= ?1 AND date <= ?2) c"
		" JOIN spectrum_history l ON l.id = (SELECT h.id FROM spectrum_history h"
		"  WHERE h.account_id = c.account_id ORDER BY h.date DESC, h.id DESC LIMIT 1)"
		" JOIN spectrum_history bp ON bp.id = (SELECT h.id FROM spectrum_history h"
		"  WHERE h.account_id = c.account_id AND h.date < ?1 ORDER BY h.date DESC, h.id DESC LIMIT 1)"
		" WHERE l.date >= ?1 AND l.date <= ?2 AND bp.position IS NOT l.position",
		b->err, b->errlen);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, b->since, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, b->today_s, -1, SQLITE_STATIC);
	return store_rows(b->s, st, "spectrum history", spectrum_row, b, b->err, b->errlen);
}

/* Ladder changes in the audit log since: the rung before the first and
 * after the last; no net move is no move. */
static int rule_ladder(struct build *b)
{
	sqlite3_stmt *st = store_prepare(b->s,
		"SELECT u.account_id, u.old, u.new, u.at FROM audit u"
		" WHERE u.kind = 'accounts' AND u.field = 'ladder' AND u.at >= ?1 AND u.at < ?2"
		" ORDER BY u.account_id, u.at, u.id", b->err, b->errlen);
	if (!st)
		return -1;
	char after[11];
	value_date_fmt(b->today + 1, after, sizeof after);
	sqlite3_bind_text(st, 1, b->since, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, after, -1, SQLITE_STATIC);
	struct cand c;
	memset(&c, 0, sizeof c);
	char first[16] = "", last[16] = "";
	int64_t cur = 0;
	int rc;
	for (;;) {
		rc = sqlite3_step(st);
		int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		if (cur && id != cur && strcmp(first, last) != 0) {
			snprintf(c.text, sizeof c.text, "ladder %s -> %s on %.10s", first[0] ? first : "unrated",
				 last[0] ? last : "unrated", c.date);
			top_offer(&b->top[RULE_LADDER], &c);
		}
		if (rc != SQLITE_ROW)
			break;
		if (id != cur) {
			cur = id;
			cand_init(b, &c, id);
			strlcpy_r(first, col_text(st, 1), sizeof first);
		}
		strlcpy_r(last, col_text(st, 2), sizeof last);
		strlcpy_r(c.date, col_text(st, 3), sizeof c.date);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_fail(b->s, "audit", b->err, b->errlen);
}

/* ---- the agenda ----------------------------------------------------------------- */

void agenda_free(struct agenda *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].key);
		free(a->v[i].name);
	}
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

static int add_reason(struct agenda *a, size_t *cap, const struct cand *c, enum review_rule r)
{
	size_t i;
	for (i = 0; i < a->n && a->v[i].account_id != c->account_id; i++)
		;
	if (i == a->n) {
		if (a->n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			a->v = xrealloc(a->v, *cap * sizeof *a->v);
		}
		memset(&a->v[a->n], 0, sizeof a->v[a->n]);
		a->v[a->n].account_id = c->account_id;
		a->v[a->n].key = xstrdup(c->key);
		a->n++;
	}
	struct agenda_item *it = &a->v[i];
	if (it->nreasons < RULE_COUNT) {
		it->reasons[it->nreasons].rule = r;
		strlcpy_r(it->reasons[it->nreasons].text, c->text, sizeof it->reasons[0].text);
		it->nreasons++;
	}
	return 0;
}

static int name_items(struct store *s, struct agenda *a, char *err, size_t errlen)
{
	/* the rules ranked by key rank: here the items get their keys */
	sqlite3_stmt *st = store_prepare(s, "SELECT name, key FROM accounts WHERE id = ?1", err, errlen);
	if (!st)
		return -1;
	for (size_t i = 0; i < a->n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, a->v[i].account_id);
		int rc = sqlite3_step(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return store_fail(s, "accounts", err, errlen);
		}
		a->v[i].name = xstrdup(rc == SQLITE_ROW ? col_text(st, 0) : "");
		free(a->v[i].key);
		a->v[i].key = xstrdup(rc == SQLITE_ROW ? col_text(st, 1) : "");
	}
	sqlite3_finalize(st);
	return 0;
}

struct agenda_job {
	struct build b;
	struct agenda out;
	int want[RULE_COUNT];
	struct cand *pool;
	int step;                /* the next source: 0 detractors .. 4 ladder, 5 merge */
};

struct agenda_job *agenda_begin(struct store *s, const struct rapport_config *cfg, int32_t today,
				const char *since, int limit, char *err, size_t errlen)
{
	int32_t d;
	if (check_date("since", since, &d, err, errlen) != 0)
		return NULL;
	if (limit <= 0)
		limit = AGENDA_LIMIT;
	struct agenda_job *j = xcalloc(1, sizeof *j);
	struct build *b = &j->b;
	struct agenda *out = &j->out;
	b->s = s;
	b->cfg = cfg;
	b->today = today;
	value_date_fmt(today, b->today_s, sizeof b->today_s);
	value_date_fmt(d, out->since, sizeof out->since);
	b->since = out->since;
	b->a = out;
	out->limit = limit;
	for (int i = 0; i < (cfg && cfg->nreview_rules > 0 ? cfg->nreview_rules : RULE_COUNT); i++) {
		int r = cfg && cfg->nreview_rules > 0 ? review_rule_parse(cfg->review_rules[i]) : i;
		if (r >= 0 && !j->want[r]) {
			j->want[r] = 1;
			out->rules[out->nrules++] = (enum review_rule)r;
		}
	}
	j->pool = xcalloc((size_t)RULE_COUNT * (size_t)limit, sizeof *j->pool);
	for (int r = 0; r < RULE_COUNT; r++) {
		b->top[r].v = j->pool + (size_t)r * (size_t)limit;
		b->top[r].cap = limit;
		b->top[r].date_desc = r == RULE_SPECTRUM || r == RULE_LADDER;
	}
	return j;
}

int agenda_step(struct agenda_job *j, char *err, size_t errlen)
{
	struct build *b = &j->b;
	const int *want = j->want;
	b->err = err;
	b->errlen = errlen;
	int rc = 0;
	switch (j->step++) {
	case 0:
		rc = ranks_load(b);
		if (rc == 0 && want[RULE_DETRACTORS])
			rc = rule_detractors(b);
		break;
	case 1:
		if (want[RULE_OVERDUE])
			rc = rule_overdue(b);
		break;
	case 2:
		if (want[RULE_AGGRESSIVE] || want[RULE_BREAKEVEN] || want[RULE_QUADRANT])
			rc = rule_profit(b, want);
		break;
	case 3:
		if (want[RULE_SPECTRUM])
			rc = rule_spectrum(b);
		break;
	case 4:
		if (want[RULE_LADDER])
			rc = rule_ladder(b);
		break;
	case 5: {
		struct agenda *out = &j->out;
		size_t cap = 0;
		for (int i = 0; i < out->nrules; i++) {
			enum review_rule r = out->rules[i];
			out->matched[r] = b->top[r].matched;
			out->listed[r] = b->top[r].n;
			for (int k = 0; k < b->top[r].n; k++)
				add_reason(out, &cap, &b->top[r].v[k], r);
		}
		rc = name_items(b->s, out, err, errlen);
		break;
	}
	default:
		return 0;
	}
	if (rc != 0)
		return -1;
	return j->step <= 5 ? 1 : 0;
}

int agenda_job_progress(const struct agenda_job *j)
{
	return j->step;
}

void agenda_finish(struct agenda_job *j, struct agenda *out)
{
	*out = j->out;
	memset(&j->out, 0, sizeof j->out);
	agenda_job_free(j);
}

void agenda_job_free(struct agenda_job *j)
{
	if (!j)
		return;
	agenda_free(&j->out);
	free(j->pool);
	free(j->b.rank);
	free(j->b.pairs);
	free(j);
}

int agenda_build(struct store *s, const struct rapport_config *cfg, int32_t today,
		 const char *since, int limit, struct agenda *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	struct agenda_job *j = agenda_begin(s, cfg, today, since, limit, err, errlen);
	if (!j)
		return -1;
	int rc;
	while ((rc = agenda_step(j, err, errlen)) > 0)
		;
	if (rc < 0) {
		agenda_job_free(j);
		return -1;
	}
	agenda_finish(j, out);
	return 0;
}
