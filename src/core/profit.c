/* Profitability: net margin, activity-based cost-to-serve and profit per
 * account over a range of periods; the margin / cost-to-serve grid; the
 * whale curve.  Also the range, median and ratio helpers the whole
 * analytics core shares (see analytics.h).
 *
 * Sums are done by SQLite over integer cents, so they are exact and do not
 * depend on row order.  Activity costs are quantity (thousandths) x rate
 * (cents per unit) = thousandths of a cent, summed per period and rounded
 * to the cent once per period, half up (all terms are non-negative). */
#include "rapport/analytics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/util.h"
#include "rapport/values.h"

/* ---- shared helpers ----------------------------------------------------- */

int date_range_set(struct date_range *r, const char *since, const char *until,
		   char *err, size_t errlen)
{
	char why[VALUE_ERR_MAX];
	int32_t a = 0, b = 0;
	r->since[0] = r->until[0] = '\0';
	if (since && *since) {
		if (value_date(since, &a, why, sizeof why) != 0) {
			snprintf(err, errlen, "--since: %s", why);
			return -1;
		}
		value_date_fmt(a, r->since, sizeof r->since);
	}
	if (until && *until) {
		if (value_date(until, &b, why, sizeof why) != 0) {
			snprintf(err, errlen, "--until: %s", why);
			return -1;
		}
		value_date_fmt(b, r->until, sizeof r->until);
	}
	if (r->since[0] && r->until[0] && a > b) {
		snprintf(err, errlen, "--since %s is after --until %s", r->since, r->until);
		return -1;
	}
	return 0;
}

void date_range_sql(struct strbuf *b, const char *col, const struct date_range *r)
{
	const char *lead = " WHERE ";
	if (r && r->since[0]) {
		sb_printf(b, "%s%s >= :since", lead, col);
		lead = " AND ";
	}
	if (r && r->until[0])
		sb_printf(b, "%s%s <= :until", lead, col);
}

int date_range_bind(sqlite3_stmt *st, const struct date_range *r)
{
	int i;
	if (r && r->since[0] && (i = sqlite3_bind_parameter_index(st, ":since")) > 0)
		if (sqlite3_bind_text(st, i, r->since, -1, SQLITE_STATIC) != SQLITE_OK)
			return -1;
	if (r && r->until[0] && (i = sqlite3_bind_parameter_index(st, ":until")) > 0)
		if (sqlite3_bind_text(st, i, r->until, -1, SQLITE_STATIC) != SQLITE_OK)
			return -1;
	return 0;
}

int64_t nth_i64(int64_t *v, size_t n, size_t k)
{
	/* quickselect with a three-way partition (runs of equal values, common
	 * in money, cost nothing) and a median-of-three pivot */
	size_t lo = 0, hi = n;               /* v[k] lies in [lo, hi) */
	while (hi - lo > 1) {
		int64_t a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi - 1];
		int64_t pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
		size_t lt = lo, i = lo, gt = hi;  /* [lo,lt) < pivot, [lt,i) == , [gt,hi) > */
		while (i < gt) {
			if (v[i] < pivot) {
				int64_t t = v[lt]; v[lt++] = v[i]; v[i++] = t;
			} else if (v[i] > pivot) {
				int64_t t = v[--gt]; v[gt] = v[i]; v[i] = t;
			} else {
				i++;
			}
		}
		if (k < lt)
			hi = lt;
		else if (k >= gt)
			lo = gt;
		else
			return pivot;
	}
	return v[k];
}

double median_i64(int64_t *v, size_t n)
{
	if (n == 0)
		return 0.0;
	int64_t hi = nth_i64(v, n, n / 2);
	if (n % 2)
		return (double)hi;
	/* everything before n / 2 is <= hi now: the lower middle is their max */
	int64_t lo = v[0];
	for (size_t i = 1; i < n / 2; i++)
		if (v[i] > lo)
			lo = v[i];
	/* halve each before adding: no overflow, and exact below 2^52 */
	return (double)lo / 2.0 + (double)hi / 2.0;
}

int64_t ratio_tenths(int64_t num, int64_t den)
{
	if (den < 0)
		num = -num, den = -den;
	int neg = num < 0;
	uint64_t a = neg ? (uint64_t)0 - (uint64_t)num : (uint64_t)num;
	if (a <= UINT64_MAX / 1000) {
		uint64_t q = (a * 1000 + (uint64_t)den / 2) / (uint64_t)den;
		return neg ? -(int64_t)q : (int64_t)q;
	}
	/* beyond 1.8e16 the nearest double is as exact as the data */
	return (int64_t)llround(1000.0 * (double)num / (double)den);
}

/* ---- profit per account ------------------------------------------------- */

/* Cost-to-serve of the period in row f (cents): given, or the activities
 * of its account dated inside it. */
#define PERIOD_CTS \
	"coalesce(f.cost_to_serve," \
	" (SELECT (coalesce(sum(ac.quantity * rt.cost), 0) + 500) / 1000" \
	"  FROM activities ac JOIN rates rt ON rt.id = ac.rate_id" \
	"  WHERE ac.account_id = f.account_id" \
	"  AND ac.date BETWEEN f.period_start AND f.period_end))"

void profit_set_free(struct profit_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->v[i].key);
		free(set->v[i].name);
	}
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

/* A new, zeroed element at the end of out (cap: its allocated size). */
static struct account_profit *set_push(struct profit_set *out, size_t *cap)
{
	if (out->n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		out->v = xrealloc(out->v, *cap * sizeof *out->v);
	}
	struct account_profit *p = &out->v[out->n++];
	memset(p, 0, sizeof *p);
	return p;
}

/* key order (keys are unique) */
static int profit_key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct account_profit *)a)->key, ((const struct account_profit *)b)->key);
}

/* ---- the all-periods cache (schema v4: profit_cache, profit_dirty) -------
 *
 * Contract: for every account, profit_cache holds the sums over all its
 * periods unless the account is in profit_dirty (or profit_dirty holds 0,
 * "everything"); the triggers of schema.c mark, this file refreshes.  A
 * read is always exact: clean accounts come from the cache, dirty ones are
 * summed afresh in the same statement.  The refresh is opportunistic
 * upkeep: it runs only when the write lock is free at once (never waits,
 * never fails the caller), so reports on a read-only file or during
 * another process's import still answer, just without the shortcut. */

/* Sums per account over financials f, GROUP BY account; `where` narrows. */
#define PROFIT_GROUPS(where) \
	"SELECT f.account_id AS account_id, count(*) AS periods, sum(f.revenue) AS revenue," \
	" sum(f.cogs) AS cogs, sum(" PERIOD_CTS ") AS cts FROM financials f" where \
	" GROUP BY f.account_id"
#define DIRTY_ONLY " WHERE f.account_id IN (SELECT account_id FROM profit_dirty)"
#define PROFIT_COLUMNS \
	"SELECT a.id, a.key, a.name, coalesce(a.ladder, 0), g.periods, g.revenue, g.cogs, g.cts"

static const char cache_read_sql[] =
	PROFIT_COLUMNS " FROM profit_cache g JOIN accounts a ON a.id = g.account_id"
	" WHERE g.account_id NOT IN (SELECT account_id FROM profit_dirty)"
	" UNION ALL " PROFIT_COLUMNS " FROM (" PROFIT_GROUPS(DIRTY_ONLY) ") AS g"
	" JOIN accounts a ON a.id = g.account_id";

/* with each account's rung (schema 6: marked dirty when it changes), so
 * that profit_load_figures needs no look-up in accounts for it */
/* Only accounts that exist (as profit_load's join): financials left behind
 * by an account deleted with foreign keys off are not cached. */
#define CACHE_FILL(where) \
	"INSERT INTO profit_cache(account_id, periods, revenue, cogs, cts, ladder)" \
	" SELECT g.*, ifnull(a.ladder, 0)" \
	" FROM (" PROFIT_GROUPS(where) ") AS g JOIN accounts a ON a.id = g.account_id;"

static const char refresh_all_sql[] =
	"DELETE FROM profit_cache;"
	CACHE_FILL("")
	"DELETE FROM profit_dirty;";

static const char refresh_dirty_sql[] =
	"DELETE FROM profit_cache WHERE account_id IN (SELECT account_id FROM profit_dirty);"
	CACHE_FILL(DIRTY_ONLY)
	"DELETE FROM profit_dirty;";

/* How much of the cache is stale: -1 everything (or unknown), else the
 * number of dirty accounts. */
static long long cache_dirty(struct store *s)
{
	static const char sql[] =
		"SELECT count(*), ifnull(max(account_id = 0), 0) FROM profit_dirty";
	sqlite3_stmt *st = store_stmt(s, sql, NULL, 0);
	long long n = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 1) ? -1 : sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return n;
}

static int refresh(struct store *s, void *arg)
{
	(void)arg;
	/* decided again under the lock: another process may have written */
	long long n = cache_dirty(s);
	return n == 0 ? 0 : sqlite3_exec(s->db, n < 0 ? refresh_all_sql : refresh_dirty_sql,
					 NULL, NULL, NULL);
}

void profit_cache_refresh(struct store *s)
{
	if (cache_dirty(s) != 0)
		store_upkeep(s, refresh, NULL);
}

static int profit_query(struct store *s, const struct date_range *r, int names,
			struct profit_set *out, char *err, size_t errlen)
{
	/* Grouped by account_id along the UNIQUE(account_id, period) index, or
	 * through financials_end for a range; sorted by key in C afterwards,
	 * which is several times cheaper than SQLite's sorter over the join.
	 * All periods (no range) come through the cache. */
	int all = !r || (!r->since[0] && !r->until[0]);
	if (all)
		profit_cache_refresh(s);
	struct strbuf b = { 0 };
	if (all && cache_dirty(s) >= 0) {
		sb_puts(&b, cache_read_sql);
	} else {
		sb_puts(&b, PROFIT_COLUMNS " FROM (SELECT f.account_id AS account_id, count(*) AS periods,"
			    " sum(f.revenue) AS revenue, sum(f.cogs) AS cogs, sum(" PERIOD_CTS ") AS cts"
			    " FROM financials f");
		date_range_sql(&b, "f.period_end", r);
		sb_puts(&b, " GROUP BY f.account_id) AS g JOIN accounts a ON a.id = g.account_id");
	}
	out->v = NULL;
	out->n = 0;
	sqlite3_stmt *st = store_prepare(s, sb_str(&b), err, errlen);
	sb_free(&b);
	if (!st)
		return -1;
	if (date_range_bind(st, r) != 0) {
		sqlite3_finalize(st);
		return store_fail(s, "profit", err, errlen);
	}
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct account_profit *p = set_push(out, &cap);
		p->account_id = sqlite3_column_int64(st, 0);
		p->key = names ? xstrdup((const char *)sqlite3_column_text(st, 1)) : NULL;
		p->name = names ? xstrdup((const char *)sqlite3_column_text(st, 2)) : NULL;
		p->ladder = sqlite3_column_int(st, 3);
		p->periods = (long)sqlite3_column_int64(st, 4);
		p->revenue = sqlite3_column_int64(st, 5);
		p->cogs = sqlite3_column_int64(st, 6);
		p->cost_to_serve = sqlite3_column_int64(st, 7);
		p->net_margin = p->revenue - p->cogs;
		p->profit = p->net_margin - p->cost_to_serve;
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, "profit", err, errlen);
		sqlite3_finalize(st);
		profit_set_free(out);
		return -1;
	}
	sqlite3_finalize(st);
	if (out->n && names)
		qsort(out->v, out->n, sizeof *out->v, profit_key_cmp);
	return 0;
}

int profit_load(struct store *s, const struct date_range *r, struct profit_set *out,
		char *err, size_t errlen)
{
	return profit_query(s, r, 1, out, err, errlen);
}

static int profit_id_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct account_profit *)a)->account_id;
	int64_t y = ((const struct account_profit *)b)->account_id;
	return (x > y) - (x < y);
}

/* id -> element of a set in id order: a direct table when the ids are
 * dense (the usual case: one bsearch per row of accounts cost more than
 * the queries), else binary search. */
struct id_map {
	const struct profit_set *set;
	int32_t *at;         /* at[id] = index + 1, 0 = none; NULL: use bsearch */
	int64_t max;
};

static void id_map_init(struct id_map *m, const struct profit_set *set)
{
	m->set = set;
	m->at = NULL;
	m->max = set->n ? set->v[set->n - 1].account_id : 0;
	if (!set->n || set->v[0].account_id < 0 || m->max > 4 * (int64_t)set->n + 4096 ||
	    set->n >= INT32_MAX)
		return;
	m->at = xcalloc((size_t)m->max + 1, sizeof *m->at);
	for (size_t i = 0; i < set->n; i++)
		m->at[set->v[i].account_id] = (int32_t)i + 1;
}

static struct account_profit *id_map_find(const struct id_map *m, int64_t id)
{
	if (m->at)
		return id >= 0 && id <= m->max && m->at[id] ? &m->set->v[m->at[id] - 1] : NULL;
	struct account_profit want = { .account_id = id };
	return m->set->n ? bsearch(&want, m->set->v, m->set->n, sizeof *m->set->v,
				   profit_id_cmp) : NULL;
}

/* The fresh cache's rows (with the rungs) by id, then the key order if
 * asked for, from the covering key index of accounts: the accounts' rows,
 * with the names, are never read (that is most of profit_load's time).
 * Called in a read transaction in which the cache is fresh. */
static int figures_from_cache(struct store *s, int what, struct profit_set *out, char *err,
			      size_t errlen)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT account_id, periods, revenue, cogs, cts, ladder"
				      " FROM profit_cache ORDER BY account_id", err, errlen);
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct account_profit *p = set_push(out, &cap);
		p->account_id = sqlite3_column_int64(st, 0);
		p->periods = (long)sqlite3_column_int64(st, 1);
		p->revenue = sqlite3_column_int64(st, 2);
		p->cogs = sqlite3_column_int64(st, 3);
		p->cost_to_serve = sqlite3_column_int64(st, 4);
		p->ladder = (what & PROFIT_LADDER) ? sqlite3_column_int(st, 5) : 0;
		p->net_margin = p->revenue - p->cogs;
		p->profit = p->net_margin - p->cost_to_serve;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "profit", err, errlen);
	struct id_map map;
	id_map_init(&map, out);
	rc = SQLITE_DONE;
	if (what & PROFIT_KEY_ORDER) {
		/* along the UNIQUE key index: ids in key order, no key read out */
		st = store_stmt(s, "SELECT id FROM accounts ORDER BY key", err, errlen);
		struct account_profit *v = xmalloc((out->n ? out->n : 1) * sizeof *v);
		size_t n = 0;
		while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			const struct account_profit *p = id_map_find(&map, sqlite3_column_int64(st, 0));
			if (p && n < out->n)
				v[n++] = *p;
		}
		if (st)
			sqlite3_reset(st);
		free(out->v);
		out->v = v;
		out->n = n;   /* a cache row without its account (foreign keys off) is left out */
	}
	free(map.at);
	if (!st)
		return -1;
	return rc == SQLITE_DONE ? 0 : store_fail(s, "profit", err, errlen);
}

int profit_load_figures(struct store *s, int what, struct profit_set *out, char *err,
			size_t errlen)
{
	out->v = NULL;
	out->n = 0;
	profit_cache_refresh(s);
	int own = store_read_begin(s);
	int rc;
	if (cache_dirty(s) == 0) {
		rc = figures_from_cache(s, what, out, err, errlen);
	} else {
		/* stale and not refreshable now: the exact query, names dropped */
		rc = profit_query(s, NULL, what & PROFIT_KEY_ORDER, out, err, errlen);
		for (size_t i = 0; rc == 0 && i < out->n; i++) {
			free(out->v[i].key);
			free(out->v[i].name);
			out->v[i].key = out->v[i].name = NULL;
		}
	}
	store_read_end(s, own);
	if (rc != 0)
		profit_set_free(out);
	return rc;
}

const struct account_profit *profit_find(const struct profit_set *set, int64_t account_id)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].account_id == account_id)
			return &set->v[i];
	return NULL;
}

/* head (over financials f) narrowed to the periods ending in r and to
 * account_id, then tail; prepared and bound, or NULL with err. */
static sqlite3_stmt *account_query(struct store *s, const char *head, const char *tail,
				   int64_t account_id, const struct date_range *r, char *err,
				   size_t errlen)
{
	struct strbuf b = { 0 };
	sb_puts(&b, head);
	date_range_sql(&b, "f.period_end", r);
	sb_puts(&b, (r && (r->since[0] || r->until[0])) ? " AND" : " WHERE");
	sb_puts(&b, " f.account_id = :account");
	sb_puts(&b, tail);
	sqlite3_stmt *st = store_prepare(s, sb_str(&b), err, errlen);
	sb_free(&b);
	if (st && (date_range_bind(st, r) != 0 ||
		   sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":account"), account_id) !=
			   SQLITE_OK)) {
		store_fail(s, "profit", err, errlen);
		sqlite3_finalize(st);
		st = NULL;
	}
	return st;
}

struct period_walk {
	period_profit_fn fn;
	void *ctx;
};

static int period_row(sqlite3_stmt *st, void *arg)
{
	const struct period_walk *w = arg;
	struct period_profit p;
	p.period = (const char *)sqlite3_column_text(st, 0);
	p.start = (const char *)sqlite3_column_text(st, 1);
	p.end = (const char *)sqlite3_column_text(st, 2);
	p.revenue = sqlite3_column_int64(st, 3);
	p.cogs = sqlite3_column_int64(st, 4);
	p.cost_to_serve = sqlite3_column_int64(st, 5);
	p.cost_given = sqlite3_column_int(st, 6);
	p.net_margin = p.revenue - p.cogs;
	p.profit = p.net_margin - p.cost_to_serve;
	return w->fn(&p, w->ctx);
}

int profit_periods(struct store *s, int64_t account_id, const struct date_range *r,
		   period_profit_fn fn, void *ctx, char *err, size_t errlen)
{
	sqlite3_stmt *st = account_query(s,
		"SELECT f.period, f.period_start, f.period_end, f.revenue, f.cogs,"
		" " PERIOD_CTS ", f.cost_to_serve IS NOT NULL FROM financials f",
		" ORDER BY f.period_end, f.period_start, f.period", account_id, r, err, errlen);
	if (!st)
		return -1;
	struct period_walk w = { fn, ctx };
	return store_rows(s, st, "profit", period_row, &w, err, errlen);
}

struct cost_walk {
	activity_cost_fn fn;
	void *ctx;
};

static int cost_row(sqlite3_stmt *st, void *arg)
{
	const struct cost_walk *w = arg;
	struct activity_cost a;
	a.activity = (const char *)sqlite3_column_text(st, 0);
	a.unit = (const char *)sqlite3_column_text(st, 1);
	a.rate = sqlite3_column_int64(st, 2);
	a.quantity = sqlite3_column_int64(st, 3);
	a.cost = sqlite3_column_int64(st, 4);
	return w->fn(&a, w->ctx);
}

int profit_activity_costs(struct store *s, int64_t account_id, const struct date_range *r,
			  activity_cost_fn fn, void *ctx, char *err, size_t errlen)
{
	sqlite3_stmt *st = account_query(s,
		"SELECT rt.activity, rt.unit, rt.cost, sum(ac.quantity),"
		" (sum(ac.quantity * rt.cost) + 500) / 1000"
		" FROM financials f JOIN activities ac ON ac.account_id = f.account_id"
		" AND ac.date BETWEEN f.period_start AND f.period_end"
		" JOIN rates rt ON rt.id = ac.rate_id",
		" AND f.cost_to_serve IS NULL GROUP BY rt.id ORDER BY rt.activity",
		account_id, r, err, errlen);
	if (!st)
		return -1;
	struct cost_walk w = { fn, ctx };
	return store_rows(s, st, "profit", cost_row, &w, err, errlen);
}

/* ---- grid -------------------------------------------------------------- */

const char *const quadrant_words[] = {
	"passive", "carriage-trade", "bargain-basement", "aggressive", NULL
};

void grid_splits_compute(const struct profit_set *set, const struct rapport_config *cfg,
			 struct grid_splits *out)
{
	int64_t *v = xmalloc((set->n ? set->n : 1) * sizeof *v);
	out->margin_fixed = cfg && cfg->has_margin_split;
	out->cost_fixed = cfg && cfg->has_cost_split;
	if (out->margin_fixed) {
		out->margin = (double)cfg->margin_split;
	} else {
		for (size_t i = 0; i < set->n; i++)
			v[i] = set->v[i].net_margin;
		out->margin = median_i64(v, set->n);
	}
	if (out->cost_fixed) {
		out->cost = (double)cfg->cost_split;
	} else {
		for (size_t i = 0; i < set->n; i++)
			v[i] = set->v[i].cost_to_serve;
		out->cost = median_i64(v, set->n);
	}
	free(v);
}

enum quadrant grid_classify(const struct grid_splits *g, int64_t net_margin, int64_t cost_to_serve)
{
	/* cents and half-cents are exact in a double */
	int high_margin = (double)net_margin > g->margin;
	int high_cost = (double)cost_to_serve > g->cost;
	if (high_margin)
		return high_cost ? QUADRANT_CARRIAGE_TRADE : QUADRANT_PASSIVE;
	return high_cost ? QUADRANT_AGGRESSIVE : QUADRANT_BARGAIN_BASEMENT;
}

int grid_below_break_even(int64_t net_margin, int64_t cost_to_serve)
{
	return net_margin < cost_to_serve;
}

/* ---- whale curve -------------------------------------------------------- */

struct ranked {
	int64_t profit;
	size_t index;
};

/* profit descending, then key: the set is in key order, so its index */
static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->profit != y->profit)
		return x->profit > y->profit ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

void whale_build(const struct profit_set *set, struct whale_curve *out)
{
	memset(out, 0, sizeof *out);
	out->n = set->n;
	if (!set->n)
		return;
	struct ranked *idx = xmalloc(set->n * sizeof *idx);
	for (size_t i = 0; i < set->n; i++) {
		idx[i].profit = set->v[i].profit;
		idx[i].index = i;
		out->total_profit += set->v[i].profit;
	}
	qsort(idx, set->n, sizeof *idx, ranked_cmp);

	out->v = xmalloc(set->n * sizeof *out->v);
	out->has_pct = out->total_profit != 0;
	int64_t cum = 0;
	for (size_t i = 0; i < set->n; i++) {
		struct whale_point *p = &out->v[i];
		cum += idx[i].profit;
		p->index = idx[i].index;
		p->rank = (long)i + 1;
		p->cum_profit = cum;
		p->cum_profit_pct = out->has_pct ? 100.0 * (double)cum / (double)out->total_profit : 0.0;
		p->cum_accounts_pct = 100.0 * (double)p->rank / (double)set->n;
		if (i == 0 || cum > out->peak_profit) {
			out->peak_profit = cum;
			out->peak_rank = p->rank;
		}
	}
	free(idx);
	out->peak_pct = out->has_pct ? 100.0 * (double)out->peak_profit / (double)out->total_profit : 0.0;
	out->peak_accounts_pct = 100.0 * (double)out->peak_rank / (double)set->n;
	out->tail_loss = out->peak_profit - out->total_profit;
	out->tail_accounts = (long)set->n - out->peak_rank;
}

void whale_free(struct whale_curve *w)
{
	free(w->v);
	memset(w, 0, sizeof *w);
}
