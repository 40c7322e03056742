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
#include <stdio.h>
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
 * stamp in meta 'nps_cache': the newest response id and meta
 * 'nps_changes'.  A new response raises the newest id; a change, a
 * deletion or an insert below the newest id bumps nps_changes (schema 6
 * triggers), so any change of the responses changes the stamp, and edits
 * of other tables leave it alone.  When only responses were added since
 * (same count, higher newest id) the refresh folds in just those rows;
 * otherwise it rebuilds both tables.  A query without a date range
 * uses the tables when the stamp matches; the refresh runs only when the
 * write lock is free at once, else the query reads nps itself. */

static char *nps_stamp(struct store *s)
{
	/* new responses move the last id; changes and deletions move
	 * nps_changes (schema 6 triggers).  No count(*): 20 ms at 1M rows. */
	static const char sql[] = "SELECT (SELECT ifnull(max(id), 0) FROM nps),"
		" (SELECT value FROM meta WHERE key = 'nps_changes')";
	sqlite3_stmt *st = store_stmt(s, sql, NULL, 0);
	char *v = NULL;
	if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 1) != SQLITE_NULL)
		v = xasprintf("%lld:c%lld", (long long)sqlite3_column_int64(st, 0),
			      (long long)sqlite3_column_int64(st, 1));
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

/* Responses added since the stamp (ids above its newest), folded in. */
static const char nps_add_sql[] =
	"INSERT INTO nps_cache_account(account_id, n, p, d)"
	" SELECT account_id, count(*), sum(score >= 9), sum(score <= 6) FROM nps WHERE id > ?1"
	" GROUP BY account_id"
	" ON CONFLICT(account_id) DO UPDATE SET n = n + excluded.n, p = p + excluded.p,"
	" d = d + excluded.d;"
	"INSERT INTO nps_cache_month(month, survey, score, n)"
	" SELECT substr(date, 1, 7), survey, score, count(*) FROM nps WHERE id > ?1"
	" GROUP BY 1, 2, 3"
	" ON CONFLICT(month, survey, score) DO UPDATE SET n = n + excluded.n;";

/* Only new responses since the cache's stamp ("NEWEST:cCHANGES"): the
 * same change count, a higher newest id.  Then the rows above the old
 * newest id are exactly the new ones (an insert below it moves the count). */
static int only_added(const char *have, const char *want, long long *since)
{
	long long h_max, h_chg, w_max, w_chg;
	if (!have || !want || sscanf(have, "%lld:c%lld", &h_max, &h_chg) != 2 ||
	    sscanf(want, "%lld:c%lld", &w_max, &w_chg) != 2)
		return 0;
	*since = h_max;
	return h_chg == w_chg && w_max >= h_max;
}

static int exec_since(struct store *s, const char *sql, long long since)
{
	/* each statement of sql in turn, ?1 bound to since */
	while (sql && *sql) {
		sqlite3_stmt *st = NULL;
		const char *tail = NULL;
		if (sqlite3_prepare_v2(s->db, sql, -1, &st, &tail) != SQLITE_OK)
			return -1;
		if (!st)
			break;
		sqlite3_bind_int64(st, 1, since);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return -1;
		sql = tail;
	}
	return 0;
}

/* 1 when the cache answers queries without a range now (refreshed here if
 * it was stale and the write lock was free), 0 when nps must be read. */
static int nps_refresh(struct store *s, void *arg)
{
	(void)arg;
	char *stamp = nps_stamp(s);   /* under the lock: what the refresh reads */
	char *have = store_meta_get(s, "nps_cache");
	long long since = 0;
	int rc;
	if (!stamp)
		rc = -1;
	else if (only_added(have, stamp, &since))   /* new responses: a few rows */
		rc = exec_since(s, nps_add_sql, since);
	else
		rc = sqlite3_exec(s->db, nps_refresh_sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	if (rc == 0)
		rc = store_meta_set(s, "nps_cache", stamp, NULL, 0) == 0 ? 0 : -1;
	free(have);
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

void nps_cache_refresh(struct store *s)
{
	(void)nps_cache_ready(s);
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

/* ---- by segment from the cache, grouped in C -----------------------------
 *
 * The grouped join of nps_cache_account with accounts cost a look-up of
 * each account's row by id (~50 ms at 100k); one scan of accounts in
 * table order with the counts in an array by id and the segments in a
 * small hash table does the same in about half. */

struct seg {
	char *label;              /* NULL: no segment (shown "(none)") */
	struct nps_counts c;
};

struct segs {
	struct seg *v;            /* open addressing; label hashed */
	size_t cap, n;
	struct seg none;
};

static uint64_t seg_hash(const char *t)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (; *t; t++)
		h = (h ^ (unsigned char)*t) * 1099511628211ULL;
	return h;
}

static struct seg *seg_find(struct segs *m, const char *label)
{
	if (!label || !*label)
		return &m->none;
	if (2 * (m->n + 1) > m->cap) {
		struct segs bigger = { xcalloc(m->cap ? 2 * m->cap : 64, sizeof *m->v),
				       m->cap ? 2 * m->cap : 64, 0, m->none };
		for (size_t i = 0; i < m->cap; i++)
			if (m->v[i].label) {
				size_t k = seg_hash(m->v[i].label) & (bigger.cap - 1);
				while (bigger.v[k].label)
					k = (k + 1) & (bigger.cap - 1);
				bigger.v[k] = m->v[i];
				bigger.n++;
			}
		free(m->v);
		*m = bigger;
	}
	size_t k = seg_hash(label) & (m->cap - 1);
	while (m->v[k].label && strcmp(m->v[k].label, label) != 0)
		k = (k + 1) & (m->cap - 1);
	if (!m->v[k].label) {
		m->v[k].label = xstrdup(label);
		m->n++;
	}
	return &m->v[k];
}

static int seg_cmp(const void *a, const void *b)
{
	return strcmp(((const struct seg *)a)->label, ((const struct seg *)b)->label);
}

/* 1 done, 0 not possible this way (sparse ids), -1 error. */
static int segment_groups_cached(struct store *s, nps_group_fn fn, void *ctx, char *err,
				 size_t errlen)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT ifnull(max(account_id), 0), count(*)"
				      " FROM nps_cache_account", err, errlen);
	if (!st)
		return -1;
	int64_t max = 0, rows = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		max = sqlite3_column_int64(st, 0);
		rows = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (max < 0 || max > 4 * rows + 4096)
		return 0;
	struct nps_counts *by_id = xcalloc((size_t)max + 1, sizeof *by_id);
	st = store_stmt(s, "SELECT account_id, n, p, d FROM nps_cache_account", err, errlen);
	int rc = st ? SQLITE_DONE : SQLITE_ERROR;
	while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id < 0 || id > max)
			continue;
		by_id[id].n = sqlite3_column_int64(st, 1);
		by_id[id].promoters = sqlite3_column_int64(st, 2);
		by_id[id].detractors = sqlite3_column_int64(st, 3);
	}
	if (st)
		sqlite3_reset(st);
	struct segs m;
	memset(&m, 0, sizeof m);
	if (rc == SQLITE_DONE) {
		st = store_stmt(s, "SELECT id, segment FROM accounts", err, errlen);
		rc = st ? SQLITE_DONE : SQLITE_ERROR;
		while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0);
			if (id < 0 || id > max || !by_id[id].n)
				continue;
			struct seg *g = seg_find(&m, (const char *)sqlite3_column_text(st, 1));
			g->c.n += by_id[id].n;
			g->c.promoters += by_id[id].promoters;
			g->c.detractors += by_id[id].detractors;
		}
		if (st)
			sqlite3_reset(st);
	}
	free(by_id);
	/* label order, then "(none)" last (as the SQL grouping) */
	size_t k = 0;
	for (size_t i = 0; i < m.cap; i++)
		if (m.v[i].label)
			m.v[k++] = m.v[i];
	if (k)
		qsort(m.v, k, sizeof *m.v, seg_cmp);
	int stop = 0;
	for (size_t i = 0; i <= k && rc == SQLITE_DONE && !stop; i++) {
		const struct seg *g = i < k ? &m.v[i] : &m.none;
		if (!g->c.n)
			continue;
		struct nps_group out = { i < k ? g->label : "(none)", 0, g->c };
		out.c.passives = out.c.n - out.c.promoters - out.c.detractors;
		stop = fn(&out, ctx) != 0;
	}
	for (size_t i = 0; i < k; i++)
		free(m.v[i].label);
	free(m.v);
	if (rc != SQLITE_DONE)
		return store_fail(s, "nps", err, errlen);
	return 1;
}

int nps_groups(struct store *s, enum nps_by by, const struct date_range *r,
	       nps_group_fn fn, void *ctx, char *err, size_t errlen)
{
	if (by == NPS_BY_SEGMENT && no_range(r) && nps_cache_ready(s)) {
		/* one read transaction: the cache and the accounts agree */
		int own = store_read_begin(s);
		int rc = nps_cache_valid(s) ? segment_groups_cached(s, fn, ctx, err, errlen) : 0;
		store_read_end(s, own);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
	}
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
