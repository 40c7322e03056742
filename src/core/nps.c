/* Net Promoter Score over groups of responses (see analytics.h).
 *
 * Counting happens in SQLite: one GROUP BY over the covering indexes
 * nps_account(account_id, score, date) and nps_date(date, score) (checked
 * with EXPLAIN QUERY PLAN on 1M responses); groupings
 * by an account attribute (segment, owner) first aggregate per account and
 * then join the 100k-row side, not the 1M-row one.  Each group is handed to
 * the callback as its row comes out of the statement. */
#include "rapport/analytics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/util.h"

static const char *const by_words[] = {
	"", "account", "segment", "owner", "month", "survey", NULL
};

int nps_by_parse(const char *word, enum nps_by *by)
{
	if (!word)
		return -1;
	for (int i = 1; by_words[i]; i++) {
		if (strcmp(word, by_words[i]) == 0) {
			*by = (enum nps_by)i;
			return 0;
		}
	}
	return -1;
}

int nps_category(int score)
{
	return score >= 9 ? 1 : score >= 7 ? 0 : -1;
}

double nps_score(const struct nps_counts *c)
{
	if (c->n <= 0)
		return 0.0;
	return 100.0 * (double)(c->promoters - c->detractors) / (double)c->n;
}

int64_t nps_score_tenths(const struct nps_counts *c)
{
	if (c->n <= 0)
		return 0;
	return ratio_tenths(c->promoters - c->detractors, c->n);
}

double nps_moe(const struct nps_counts *c)
{
	if (c->n <= 0)
		return 0.0;
	double n = (double)c->n;
	double p = (double)c->promoters / n, d = (double)c->detractors / n;
	double var = p + d - (p - d) * (p - d);
	if (var < 0)          /* -0 or rounding dust when everyone answered alike */
		var = 0;
	return 1.96 * sqrt(var / n) * 100.0;
}

/* ---- the all-dates cache (schema v4: nps_cache_account, nps_cache_month) ---
 *
 * Contract: the two tables hold the counts over every response as of the
 * stamp in meta 'nps_cache': the newest response id, the number of
 * responses and the newest audit id.  Inserting a response raises the
 * count; updates and deletes of responses are audited (schema.c), so any
 * change of the responses changes the stamp (edits elsewhere do too: a
 * spurious rebuild, never a stale figure).  A query without a date range
 * uses the tables when the stamp matches; the refresh runs only when the
 * write lock is free at once, else the query reads nps itself. */

static char *nps_stamp(struct store *s)
{
	static const char sql[] = "SELECT (SELECT ifnull(max(id), 0) FROM nps),"
		" (SELECT count(*) FROM nps), (SELECT ifnull(max(id), 0) FROM audit)";
	sqlite3_stmt *st = store_stmt(s, sql, NULL, 0);
	char *v = NULL;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = xasprintf("%lld:%lld:%lld", (long long)sqlite3_column_int64(st, 0),
			      (long long)sqlite3_column_int64(st, 1), (long long)sqlite3_column_int64(st, 2));
	if (st)
		sqlite3_reset(st);
	return v;
}

static int nps_cache_valid(struct store *s)
{
	long long now = store_data_stamp(s);
	if (now > 0 && now == s->nps_cache_checked)
		return 1;   /* nothing changed since it was last found valid */
	char *want = nps_stamp(s), *have = store_meta_get(s, "nps_cache");
	int ok = want && have && strcmp(want, have) == 0;
	free(want);
	free(have);
	s->nps_cache_checked = ok ? now : 0;
	return ok;
}

static const char nps_refresh_sql[] =
	"DELETE FROM nps_cache_account;"
	"INSERT INTO nps_cache_account SELECT account_id, count(*), sum(score >= 9), sum(score <= 6)"
	" FROM nps GROUP BY account_id;"
	"DELETE FROM nps_cache_month;"
	"INSERT INTO nps_cache_month SELECT substr(date, 1, 7), survey, score, count(*)"
	" FROM nps GROUP BY 1, 2, 3;";

/* 1 when the cache answers queries without a range now (refreshed here if
 * it was stale and the write lock was free), 0 when nps must be read. */
static int nps_refresh(struct store *s, void *arg)
{
	(void)arg;
	char *stamp = nps_stamp(s);   /* under the lock: what the refresh reads */
	int rc = stamp && sqlite3_exec(s->db, nps_refresh_sql, NULL, NULL, NULL) == SQLITE_OK &&
		 store_meta_set(s, "nps_cache", stamp, NULL, 0) == 0 ? 0 : -1;
	free(stamp);
	return rc;
}

static int nps_cache_ready(struct store *s)
{
	if (nps_cache_valid(s))
		return 1;
	int ok = store_upkeep(s, nps_refresh, NULL);
	s->nps_cache_checked = ok ? store_data_stamp(s) : 0;
	return ok;
}

static int no_range(const struct date_range *r)
{
	return !r || (!r->since[0] && !r->until[0]);
}

/* Sums of a score-keyed table's n: count, promoters, detractors. */
#define CACHE_NPD "sum(n), sum(CASE WHEN score >= 9 THEN n ELSE 0 END)," \
	" sum(CASE WHEN score <= 6 THEN n ELSE 0 END)"

/* Per-account counts in range: the inner query of most groupings.  Columns
 * account_id, n, p, d. */
static void per_account(struct strbuf *b, const struct date_range *r, int cached)
{
	if (cached) {
		sb_puts(b, "nps_cache_account");
		return;
	}
	sb_puts(b, "(SELECT account_id, count(*) AS n, sum(score >= 9) AS p,"
		   " sum(score <= 6) AS d FROM nps");
	/* "+date": keep to the covering nps_account scan even with a range;
	 * going through nps_date would cost a table lookup per response, 10x
	 * slower for a range holding most of them */
	date_range_sql(b, "+date", r);
	sb_puts(b, " GROUP BY account_id)");
}

/* Every statement yields: label, id, n, promoters, detractors.  cached:
 * no range, and the cache is ready. */
static char *group_sql(enum nps_by by, const struct date_range *r, int cached)
{
	struct strbuf b = { 0 };
	switch (by) {
	case NPS_BY_NONE:
		if (cached) {
			sb_puts(&b, "SELECT 'all', 0, " CACHE_NPD " FROM nps_cache_month");
			break;
		}
		sb_puts(&b, "SELECT 'all', 0, count(*), sum(score >= 9), sum(score <= 6) FROM nps");
		date_range_sql(&b, "date", r);
		break;
	case NPS_BY_ACCOUNT:
		sb_puts(&b, "SELECT a.key, a.id, g.n, g.p, g.d FROM ");
		per_account(&b, r, cached);
		sb_puts(&b, " AS g JOIN accounts a ON a.id = g.account_id ORDER BY a.key");
		break;
	case NPS_BY_SEGMENT:
		sb_puts(&b, "SELECT coalesce(nullif(a.segment, ''), '(none)'), 0,"
			    " sum(g.n), sum(g.p), sum(g.d) FROM ");
		per_account(&b, r, cached);
		sb_puts(&b, " AS g JOIN accounts a ON a.id = g.account_id"
			    " GROUP BY nullif(a.segment, '')"
			    " ORDER BY nullif(a.segment, '') IS NULL, nullif(a.segment, '')");
		break;
	case NPS_BY_OWNER:
		sb_puts(&b, "SELECT coalesce(st.handle, 'unassigned'), coalesce(ro.staff_id, 0),"
			    " sum(g.n), sum(g.p), sum(g.d) FROM ");
		per_account(&b, r, cached);
		sb_puts(&b, " AS g LEFT JOIN roles ro ON ro.account_id = g.account_id"
			    " AND ro.role = 'relationship'"
			    " LEFT JOIN staff st ON st.id = ro.staff_id"
			    " GROUP BY ro.staff_id"
			    " ORDER BY st.handle IS NULL, st.handle");
		break;
	case NPS_BY_MONTH:
		if (cached) {
			sb_puts(&b, "SELECT month, 0, " CACHE_NPD " FROM nps_cache_month"
				    " GROUP BY month ORDER BY month");
			break;
		}
		/* per day first: GROUP BY date walks nps_date in order with no
		 * sorter; then the few hundred days fold into months */
		sb_puts(&b, "SELECT substr(d.date, 1, 7) AS m, 0, sum(d.n), sum(d.p), sum(d.d)"
			    " FROM (SELECT date, count(*) AS n, sum(score >= 9) AS p,"
			    " sum(score <= 6) AS d FROM nps");
		date_range_sql(&b, "date", r);
		sb_puts(&b, " GROUP BY date) AS d GROUP BY m ORDER BY m");
		break;
	case NPS_BY_SURVEY:
		/* survey is in no index: one table scan (as above, not via nps_date) */
		if (cached) {
			sb_puts(&b, "SELECT survey, 0, " CACHE_NPD " FROM nps_cache_month");
		} else {
			sb_puts(&b, "SELECT survey, 0, count(*), sum(score >= 9), sum(score <= 6) FROM nps");
			date_range_sql(&b, "+date", r);
		}
		sb_puts(&b, " GROUP BY survey ORDER BY CASE survey WHEN 'relationship' THEN 0"
			    " WHEN 'transaction' THEN 1 WHEN 'problem' THEN 2 ELSE 3 END, survey");
		break;
	}
	return b.s;
}

int nps_cache_distribution(struct store *s, const struct date_range *r, int64_t count[11])
{
	if (!no_range(r) || !nps_cache_ready(s))
		return 0;
	static const char sql[] = "SELECT score, sum(n) FROM nps_cache_month GROUP BY score";
	sqlite3_stmt *st = store_stmt(s, sql, NULL, 0);
	if (!st)
		return 0;
	memset(count, 0, 11 * sizeof *count);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int score = sqlite3_column_int(st, 0);
		if (score >= 0 && score <= 10)
			count[score] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE;
}

struct group_walk {
	nps_group_fn fn;
	void *ctx;
};

static int group_row(sqlite3_stmt *st, void *arg)
{
	const struct group_walk *w = arg;
	struct nps_group g;
	g.label = (const char *)sqlite3_column_text(st, 0);
	g.id = sqlite3_column_int64(st, 1);
	g.c.n = sqlite3_column_int64(st, 2);
	g.c.promoters = sqlite3_column_int64(st, 3);
	g.c.detractors = sqlite3_column_int64(st, 4);
	g.c.passives = g.c.n - g.c.promoters - g.c.detractors;
	if (!g.label)
		g.label = "";
	return g.c.n > 0 ? w->fn(&g, w->ctx) : 0;
}

int nps_groups(struct store *s, enum nps_by by, const struct date_range *r,
	       nps_group_fn fn, void *ctx, char *err, size_t errlen)
{
	char *sql = group_sql(by, r, no_range(r) && nps_cache_ready(s));
	if (!sql) {
		strlcpy_r(err, "nps: unknown grouping", errlen);
		return -1;
	}
	sqlite3_stmt *st = store_prepare(s, sql, err, errlen);
	free(sql);
	if (!st)
		return -1;
	if (date_range_bind(st, r) != 0) {
		sqlite3_finalize(st);
		return store_fail(s, "nps", err, errlen);
	}
	struct group_walk w = { fn, ctx };
	return store_rows(s, st, "nps", group_row, &w, err, errlen);
}
