/* Share of wallet and growth targets (DOMAIN.md s.6; see analytics.h).
 *
 * The window is the 365 days up to today, both ends included (today - 364
 * .. today), intersected with the caller's range.  With WALLET_PROFIT,
 * revenue and profit come from profit_load over that window, so
 * cost-to-serve follows the one definition in profit.c; without it, one
 * query sums revenue along financials_account_cover and never touches the
 * activities (the report prints no profit). */
#include "rapport/analytics.h"

#include <stdlib.h>
#include <string.h>

#include "rapport/util.h"
#include "rapport/values.h"

void wallet_set_free(struct wallet_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->v[i].key);
		free(set->v[i].name);
	}
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

/* gap descending, then key */
static int wallet_cmp(const void *a, const void *b)
{
	const struct wallet_row *x = a, *y = b;
	if (x->gap != y->gap)
		return x->gap > y->gap ? -1 : 1;
	return strcmp(x->key, y->key);
}

struct by_id {
	int64_t id;
	size_t index;   /* into the profit set */
};

static int by_id_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct by_id *)a)->id, y = ((const struct by_id *)b)->id;
	return (x > y) - (x < y);
}

int wallet_load(struct store *s, const struct date_range *r, int32_t today, int what,
		struct wallet_set *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	struct date_range w;
	value_date_fmt(today - 364, w.since, sizeof w.since);
	value_date_fmt(today, w.until, sizeof w.until);
	if (r && r->since[0] && strcmp(r->since, w.since) > 0)
		memcpy(w.since, r->since, sizeof w.since);
	if (r && r->until[0] && strcmp(r->until, w.until) < 0)
		memcpy(w.until, r->until, sizeof w.until);
	memcpy(out->from, w.since, sizeof out->from);
	memcpy(out->to, w.until, sizeof out->to);

	/* An empty window (from > to) selects no period: the filter does it. */
	struct profit_set ps = { 0 };
	if (what == WALLET_PROFIT && profit_load(s, &w, &ps, err, errlen) != 0)
		return -1;
	struct by_id *ids = xmalloc((ps.n ? ps.n : 1) * sizeof *ids);
	for (size_t i = 0; i < ps.n; i++) {
		ids[i].id = ps.v[i].account_id;
		ids[i].index = i;
	}
	if (ps.n)
		qsort(ids, ps.n, sizeof *ids, by_id_cmp);

	sqlite3_stmt *st = store_prepare(s,
		"SELECT a.id, a.key, a.name, a.wallet, (SELECT coalesce(sum(f.revenue), 0)"
		" FROM financials f WHERE f.account_id = a.id AND f.period_end BETWEEN ?1 AND ?2)"
		" FROM accounts a WHERE a.wallet IS NOT NULL", err, errlen);
	if (!st) {
		free(ids);
		profit_set_free(&ps);
		return -1;
	}
	if (sqlite3_bind_text(st, 1, w.since, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, w.until, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_finalize(st);
		free(ids);
		profit_set_free(&ps);
		return store_fail(s, "wallet", err, errlen);
	}
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 256;
			out->v = xrealloc(out->v, cap * sizeof *out->v);
		}
		struct wallet_row *row = &out->v[out->n++];
		row->account_id = sqlite3_column_int64(st, 0);
		row->key = xstrdup((const char *)sqlite3_column_text(st, 1));
		row->name = xstrdup((const char *)sqlite3_column_text(st, 2));
		row->wallet = sqlite3_column_int64(st, 3);
		row->revenue = sqlite3_column_int64(st, 4);
		row->profit = 0;
		struct by_id want = { row->account_id, 0 };
		const struct by_id *hit = ps.n ? bsearch(&want, ids, ps.n, sizeof *ids, by_id_cmp) : NULL;
		if (hit)
			row->profit = ps.v[hit->index].profit;
		row->gap = row->wallet - row->revenue;
		row->has_share = row->wallet != 0;
		row->share_pct = row->has_share ? 100.0 * (double)row->revenue / (double)row->wallet : 0.0;
	}
	sqlite3_finalize(st);
	free(ids);
	profit_set_free(&ps);
	if (rc != SQLITE_DONE) {
		store_fail(s, "wallet", err, errlen);
		wallet_set_free(out);
		return -1;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, wallet_cmp);
	return 0;
}

size_t wallet_growth_targets(const struct wallet_set *set, size_t *idx, size_t max)
{
	size_t k = 0;
	for (size_t i = 0; i < set->n && k < max; i++)
		if (set->v[i].profit > 0 && set->v[i].gap > 0)
			idx[k++] = i;
	return k;
}
