/* Check suite for the analytics core (analytics.h) and the report engine
 * (report.h).  Hand-worked cases first, each with its arithmetic in a
 * comment; then a cross-check that recomputes every report over a generated
 * portfolio by plain C loops over rows fetched one by one. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "rapport/analytics.h"
#include "rapport/npsview.h"
#include "rapport/config.h"
#include "rapport/report.h"
#include "rapport/util.h"
#include "rapport/values.h"
#include "run_suite.h"

/* ---- helpers ---------------------------------------------------------------- */

/* Run a report into a string (caller frees); *rc gets report_run's result
 * and err its message. */
static char *run(const char *name, const char *by, const char *since, const char *until,
		 const char *fmt, const struct rapport_config *cfg, int *rc, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	err[0] = '\0';
	*rc = report_run(fx_store, cfg, name, by, since, until, fmt, f, err, errlen);
	fclose(f);
	return buf;
}

/* The report as csv, asserting success. */
static char *csv(const char *name, const char *by, const char *since, const char *until)
{
	char err[256];
	int rc;
	char *out = run(name, by, since, until, "csv", NULL, &rc, err, sizeof err);
	ck_assert_msg(rc == 0, "report %s failed: %s", name, err);
	return out;
}

#define ck_report(name, by, since, until, expected) do { \
	char *out_ = csv(name, by, since, until); \
	ck_assert_str_eq(out_, expected); \
	free(out_); \
} while (0)

static int32_t day(const char *s)
{
	int32_t d;
	char err[VALUE_ERR_MAX];
	ck_assert_msg(value_date(s, &d, err, sizeof err) == 0, "%s", err);
	return d;
}

/* ---- shared helpers ------------------------------------------------------------ */

static int i64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

START_TEST(test_median_and_tenths)
{
	int64_t a[] = { 3, 1, 2 }, b[] = { 2, 1 }, c[] = { 5, 5, 5, 5 }, d[] = { 7, -3, 10, -3 };
	ck_assert(median_i64(a, 3) == 2.0);      /* 1 2 3 -> 2 */
	ck_assert(median_i64(b, 2) == 1.5);      /* (1+2)/2 */
	ck_assert(median_i64(c, 4) == 5.0);      /* ties: (5+5)/2 */
	ck_assert(median_i64(d, 4) == 2.0);      /* -3 -3 7 10 -> (-3+7)/2 */
	ck_assert(median_i64(NULL, 0) == 0.0);
	/* nth_i64 against a sorted copy: random values, few distinct values,
	 * sorted and reversed input, every k */
	enum { N = 257 };
	int64_t v[N], sorted[N], w[N];
	uint64_t x = 88172645463325252ULL;
	for (int shape = 0; shape < 4; shape++) {
		for (int i = 0; i < N; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			v[i] = shape == 0 ? (int64_t)(x % 2000001) - 1000000
			     : shape == 1 ? (int64_t)(x % 3)
			     : shape == 2 ? i : N - i;
			sorted[i] = v[i];
		}
		qsort(sorted, N, sizeof *sorted, i64_cmp);
		for (size_t n = 1; n <= N; n += 64)
			for (size_t k = 0; k < n; k++) {
				memcpy(w, v, n * sizeof *w);
				int64_t want[N];
				memcpy(want, v, n * sizeof *want);
				qsort(want, n, sizeof *want, i64_cmp);
				ck_assert_int_eq(nth_i64(w, n, k), want[k]);
				for (size_t i = 0; i < n; i++)
					ck_assert(i <= k ? w[i] <= want[k] : w[i] >= want[k]);
			}
		memcpy(w, v, sizeof w);
		double m = median_i64(w, N);
		ck_assert(m == (double)sorted[N / 2]);
		memcpy(w, v, sizeof w);
		m = median_i64(w, N - 1);
		memcpy(w, v, sizeof w);
		qsort(w, N - 1, sizeof *w, i64_cmp);
		ck_assert(m == (double)w[(N - 1) / 2 - 1] / 2.0 + (double)w[(N - 1) / 2] / 2.0);
	}

	ck_assert_int_eq(ratio_tenths(1, 3), 333);     /* 33.33 -> 33.3 */
	ck_assert_int_eq(ratio_tenths(2, 3), 667);     /* 66.67 -> 66.7 */
	ck_assert_int_eq(ratio_tenths(1, 16), 63);     /* 6.25 -> 6.3: half away from zero */
	ck_assert_int_eq(ratio_tenths(-1, 16), -63);
	ck_assert_int_eq(ratio_tenths(1, -16), -63);
	ck_assert_int_eq(ratio_tenths(-100, -150), 667);
	ck_assert_int_eq(ratio_tenths(0, 7), 0);
}
END_TEST

START_TEST(test_date_range)
{
	struct date_range r;
	char err[256];
	ck_assert_int_eq(date_range_set(&r, NULL, "", err, sizeof err), 0);
	ck_assert_str_eq(r.since, "");
	ck_assert_str_eq(r.until, "");
	ck_assert_int_eq(date_range_set(&r, "2024-01-01", "2024-01-01", err, sizeof err), 0);
	ck_assert_int_eq(date_range_set(&r, "2024-02-30", NULL, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "--since") != NULL, "%s", err);
	ck_assert_int_eq(date_range_set(&r, NULL, "24-01-01", err, sizeof err), -1);
	ck_assert_msg(strstr(err, "--until") != NULL, "%s", err);
	ck_assert_int_eq(date_range_set(&r, "2024-03-01", "2024-02-01", err, sizeof err), -1);
	ck_assert_msg(strstr(err, "after") != NULL, "%s", err);
}
END_TEST

/* ---- NPS ------------------------------------------------------------------------- */

/* A (retail, owner alice): 10 9 8 7 6 0    B (no segment, no owner): 10 3 4
 * C (retail, owner bob): no responses        D (wholesale, owner alice): 9 */
static void nps_fixture(void)
{
	fx_exec("INSERT INTO staff(id, handle, name) VALUES (1, 'alice', 'Alice'), (2, 'bob', 'Bob');"
		"INSERT INTO accounts(id, key, name, segment) VALUES"
		" (1, 'A', 'Alpha', 'retail'), (2, 'B', 'Beta', NULL),"
		" (3, 'C', 'Gamma', 'retail'), (4, 'D', 'Delta', 'wholesale');"
		"INSERT INTO roles(account_id, role, staff_id) VALUES"
		" (1, 'relationship', 1), (3, 'relationship', 2), (4, 'relationship', 1),"
		" (2, 'project', 2);"
		"INSERT INTO nps(account_id, score, date, survey) VALUES"
		" (1, 10, '2024-01-05', 'relationship'), (1, 9, '2024-01-20', 'transaction'),"
		" (1, 8, '2024-02-03', 'relationship'), (1, 7, '2024-02-10', 'relationship'),"
		" (1, 6, '2024-03-01', 'problem'), (1, 0, '2024-03-15', 'relationship'),"
		" (2, 4, '2024-03-30', 'transaction'), (2, 10, '2024-02-20', 'relationship'),"
		" (2, 3, '2024-03-02', 'relationship'),"
		" (4, 9, '2024-04-01', 'relationship');");
}

START_TEST(test_nps_formulas)
{
	/* single response, a promoter: n=1, nps 100, p=1 d=0: moe = 1.96*sqrt((1-1)/1) = 0 */
	struct nps_counts one = { 1, 1, 0, 0 };
	ck_assert(nps_score(&one) == 100.0);
	ck_assert_int_eq(nps_score_tenths(&one), 1000);
	ck_assert(nps_moe(&one) == 0.0);
	/* single detractor: -100, moe 0 */
	struct nps_counts det = { 1, 0, 0, 1 };
	ck_assert_int_eq(nps_score_tenths(&det), -1000);
	ck_assert(nps_moe(&det) == 0.0);
	/* P=1 D=1 n=2: p=d=.5: sqrt((1-0)/2)*196 = 138.593 */
	struct nps_counts half = { 2, 1, 0, 1 };
	ck_assert(fabs(nps_moe(&half) - 138.5929291) < 1e-6);
	/* nothing: 0, 0 */
	struct nps_counts none = { 0, 0, 0, 0 };
	ck_assert(nps_score(&none) == 0.0 && nps_moe(&none) == 0.0);
	ck_assert_int_eq(nps_category(10), 1);
	ck_assert_int_eq(nps_category(9), 1);
	ck_assert_int_eq(nps_category(8), 0);
	ck_assert_int_eq(nps_category(7), 0);
	ck_assert_int_eq(nps_category(6), -1);
	ck_assert_int_eq(nps_category(0), -1);
}
END_TEST

START_TEST(test_nps_all)
{
	nps_fixture();
	/* n=10, P = 2(A)+1(B)+1(D) = 4, D = 2(A)+2(B) = 4, passives 2: nps 0;
	 * p=d=.4: var = .8 - 0 = .8; sqrt(.8/10) = .282843; *196 = 55.437 */
	ck_report("nps", NULL, NULL, NULL,
		  "group,n,promoters,passives,detractors,nps,moe\n"
		  "all,10,4,2,4,0.0,55.4\n");
	/* 2024-02-01 .. 2024-03-01: A 8 7 6, B 10: n4 P1 pass2 D1: nps 0;
	 * p=d=.25: var .5, /4 = .125, sqrt .353553 *196 = 69.296 */
	ck_report("nps", NULL, "2024-02-01", "2024-03-01",
		  "group,n,promoters,passives,detractors,nps,moe\n"
		  "all,4,1,2,1,0.0,69.3\n");
	/* a range with no response: the one group is empty, so no row */
	ck_report("nps", NULL, "2030-01-01", NULL,
		  "group,n,promoters,passives,detractors,nps,moe\n");
}
END_TEST

START_TEST(test_nps_by_account)
{
	nps_fixture();
	/* A: n6 P2 pass2 D2: nps 0; p=d=1/3: var 2/3, /6 = 1/9, sqrt 1/3 *196 = 65.33
	 * B: n3 P1 D2: 100*(1-2)/3 = -33.33; var = 1 - (1/3)^2 = 8/9, /3, sqrt .5443 *196 = 106.69
	 * C: no responses: left out.  D: single promoter: 100.0, 0.0 */
	ck_report("nps", "account", NULL, NULL,
		  "group,n,promoters,passives,detractors,nps,moe\n"
		  "A,6,2,2,2,0.0,65.3\n"
		  "B,3,1,0,2,-33.3,106.7\n"
		  "D,1,1,0,0,100.0,0.0\n");
}
END_TEST

START_TEST(test_nps_by_segment_owner)
{
	nps_fixture();
	/* retail = A (C has none), wholesale = D, (none) = B; "(none)" last */
	ck_report("nps", "segment", NULL, NULL,
		  "group,n,promoters,passives,detractors,nps,moe\n"
		  "retail,6,2,2,2,0.0,65.3\n"
		  "wholesale,1,1,0,0,100.0,0.0\n"
		  "(none),3,1,0,2,-33.3,106.7\n");
	/* alice = A + D: n7 P3 pass2 D2: 100/7 = 14.29; p=3/7 d=2/7:
	 * var = 5/7 - 1/49 = .693878, /7 = .099125, sqrt .314842 *196 = 61.71.
	 * bob owns only C (no responses): left out.  B has no relationship owner
	 * (its project owner does not count): unassigned. */
	ck_report("nps", "owner", NULL, NULL,
		  "group,n,promoters,passives,detractors,nps,moe\n"
		  "alice,7,3,2,2,14.3,61.7\n"
		  "unassigned,3,1,0,2,-33.3,106.7\n");
}
END_TEST

START_TEST(test_nps_by_month_survey)
{
	nps_fixture();
	/* 2024-01: 10 9 -> P2: 100, 0.  2024-02: 8 7 10 -> P1 pass2: 33.33;
	 * p=1/3 d=0: var 1/3 - 1/9 = 2/9, /3 = .074074, sqrt .272166 *196 = 53.34.
	 * 2024-03: 6 0 3 4 -> D4: -100, 0.  2024-04: 9 -> 100, 0. */
	ck_report("nps", "month", NULL, NULL,
		  "group,n,promoters,passives,detractors,nps,moe\n"
		  "2024-01,2,2,0,0,100.0,0.0\n"
		  "2024-02,3,1,2,0,33.3,53.3\n"
		  "2024-03,4,0,0,4,-100.0,0.0\n"
		  "2024-04,1,1,0,0,100.0,0.0\n");
	/* relationship: 10 8 7 0 10 3 9 -> n7 P3 pass2 D2 (as alice above);
	 * transaction: 9 4 -> P1 D1: 0, 138.59; problem: 6 -> -100, 0 */
	ck_report("nps", "survey", NULL, NULL,
		  "group,n,promoters,passives,detractors,nps,moe\n"
		  "relationship,7,3,2,2,14.3,61.7\n"
		  "transaction,2,1,0,1,0.0,138.6\n"
		  "problem,1,0,0,1,-100.0,0.0\n");
	/* since 2024-03-01: month 2024-03 and 2024-04 only */
	ck_report("nps", "month", "2024-03-01", NULL,
		  "group,n,promoters,passives,detractors,nps,moe\n"
		  "2024-03,4,0,0,4,-100.0,0.0\n"
		  "2024-04,1,1,0,0,100.0,0.0\n");
}
END_TEST

START_TEST(test_nps_all_promoters)
{
	fx_exec("INSERT INTO accounts(id, key, name) VALUES (1, 'P', 'Pro');"
		"INSERT INTO nps(account_id, score, date) VALUES (1, 9, '2024-01-01'),"
		" (1, 10, '2024-01-02'), (1, 10, '2024-01-03');");
	/* n3 P3: 100; p=1 d=0: var = 1 - 1 = 0: moe 0 */
	ck_report("nps", "account", NULL, NULL,
		  "group,n,promoters,passives,detractors,nps,moe\n"
		  "P,3,3,0,0,100.0,0.0\n");
}
END_TEST

/* ---- profit, grid, whale, ladder ----------------------------------------------- */

/* One period of each format, activities inside and outside the periods.
 * A: 2024 (whole year) revenue 1000, cogs 600, cost-to-serve from activities:
 *    2024-03-01 2 orders at 150.00 = 300.00 (inside);
 *    2023-12-31 5 orders, 2025-01-01 1 order: outside every period of A.
 * B: 2024-Q2 revenue 500, cogs 200, cost_to_serve given 50.00; its 2024-05-05
 *    activity (10 orders) is ignored because the cost is given.
 * C: 2024-05 revenue 100, cogs 90, activities 0.333 h at 100.00 = 33.30
 *    and 0.003 calls at 1.75 = 0.00525: 33.30525 rounds to 33.31 (per period).
 * D: no financials (only activities): not in grid, whale, ladder. */
static void profit_fixture(void)
{
	fx_exec("INSERT INTO rates(id, activity, unit, cost) VALUES"
		" (1, 'order', 'order', 15000), (2, 'support', 'hour', 10000), (3, 'call', 'call', 175);"
		"INSERT INTO accounts(id, key, name, ladder) VALUES"
		" (1, 'A', 'Alpha', 6), (2, 'B', 'Beta', 2), (3, 'C', 'Gamma', NULL),"
		" (4, 'D', 'Delta', 5);"
		"INSERT INTO financials(account_id, period, period_start, period_end, revenue, cogs,"
		" cost_to_serve) VALUES"
		" (1, '2024', '2024-01-01', '2024-12-31', 100000, 60000, NULL),"
		" (2, '2024-Q2', '2024-04-01', '2024-06-30', 50000, 20000, 5000),"
		" (3, '2024-05', '2024-05-01', '2024-05-31', 10000, 9000, NULL);"
		"INSERT INTO activities(account_id, date, rate_id, quantity) VALUES"
		" (1, '2024-03-01', 1, 2000), (1, '2023-12-31', 1, 5000), (1, '2025-01-01', 1, 1000),"
		" (2, '2024-05-05', 1, 10000),"
		" (3, '2024-05-10', 2, 333), (3, '2024-05-31', 3, 3),"
		" (4, '2024-05-10', 1, 1000);");
}

START_TEST(test_profit_periods)
{
	profit_fixture();
	char err[256];
	struct profit_set ps;
	ck_assert_int_eq(profit_load(fx_store, NULL, &ps, err, sizeof err), 0);
	ck_assert_uint_eq(ps.n, 3);
	/* A: margin 1000-600 = 400.00, cts 300.00, profit 100.00 */
	ck_assert_str_eq(ps.v[0].key, "A");
	ck_assert_int_eq(ps.v[0].net_margin, 40000);
	ck_assert_int_eq(ps.v[0].cost_to_serve, 30000);
	ck_assert_int_eq(ps.v[0].profit, 10000);
	ck_assert_int_eq(ps.v[0].ladder, 6);
	/* B: 300.00 - 50.00 = 250.00 */
	ck_assert_int_eq(ps.v[1].net_margin, 30000);
	ck_assert_int_eq(ps.v[1].cost_to_serve, 5000);
	ck_assert_int_eq(ps.v[1].profit, 25000);
	/* C: 10.00 - 33.31 = -23.31 */
	ck_assert_int_eq(ps.v[2].net_margin, 1000);
	ck_assert_int_eq(ps.v[2].cost_to_serve, 3331);
	ck_assert_int_eq(ps.v[2].profit, -2331);
	ck_assert_int_eq(ps.v[2].ladder, 0);
	ck_assert_ptr_nonnull(profit_find(&ps, 3));
	ck_assert_ptr_null(profit_find(&ps, 4));
	profit_set_free(&ps);

	/* A period belongs to the range when it ends inside it:
	 * since 2024-06-01 keeps A (ends 12-31) and B (06-30), drops C (05-31) */
	struct date_range r;
	ck_assert_int_eq(date_range_set(&r, "2024-06-01", NULL, err, sizeof err), 0);
	ck_assert_int_eq(profit_load(fx_store, &r, &ps, err, sizeof err), 0);
	ck_assert_uint_eq(ps.n, 2);
	ck_assert_str_eq(ps.v[1].key, "B");
	profit_set_free(&ps);
	/* until 2024-06-30 keeps B and C */
	ck_assert_int_eq(date_range_set(&r, NULL, "2024-06-30", err, sizeof err), 0);
	ck_assert_int_eq(profit_load(fx_store, &r, &ps, err, sizeof err), 0);
	ck_assert_uint_eq(ps.n, 2);
	ck_assert_str_eq(ps.v[0].key, "B");
	ck_assert_str_eq(ps.v[1].key, "C");
	profit_set_free(&ps);
	/* a range holding no period end: nothing */
	ck_assert_int_eq(date_range_set(&r, "2024-07-01", "2024-11-30", err, sizeof err), 0);
	ck_assert_int_eq(profit_load(fx_store, &r, &ps, err, sizeof err), 0);
	ck_assert_uint_eq(ps.n, 0);
	profit_set_free(&ps);
}
END_TEST

struct collected {
	char buf[512];
};

static int collect_activity(const struct activity_cost *a, void *ctx)
{
	struct collected *c = ctx;
	size_t n = strlen(c->buf);
	snprintf(c->buf + n, sizeof c->buf - n, "%s:%lld:%lld;", a->activity,
		 (long long)a->quantity, (long long)a->cost);
	return 0;
}

static int collect_period(const struct period_profit *p, void *ctx)
{
	struct collected *c = ctx;
	size_t n = strlen(c->buf);
	snprintf(c->buf + n, sizeof c->buf - n, "%s:%lld:%d;", p->period,
		 (long long)p->cost_to_serve, p->cost_given);
	return 0;
}

START_TEST(test_profit_breakdown)
{
	profit_fixture();
	char err[256];
	/* C by activity: call 0.003 x 1.75 = 0.525 cents -> 1; support 33.30 */
	struct collected c = { "" };
	ck_assert_int_eq(profit_activity_costs(fx_store, 3, NULL, collect_activity, &c,
					       err, sizeof err), 0);
	ck_assert_str_eq(c.buf, "call:3:1;support:333:3330;");
	/* A: only the order inside 2024 */
	c.buf[0] = '\0';
	ck_assert_int_eq(profit_activity_costs(fx_store, 1, NULL, collect_activity, &c,
					       err, sizeof err), 0);
	ck_assert_str_eq(c.buf, "order:2000:30000;");
	/* B: cost given, no ABC breakdown */
	c.buf[0] = '\0';
	ck_assert_int_eq(profit_activity_costs(fx_store, 2, NULL, collect_activity, &c,
					       err, sizeof err), 0);
	ck_assert_str_eq(c.buf, "");
	c.buf[0] = '\0';
	ck_assert_int_eq(profit_periods(fx_store, 2, NULL, collect_period, &c, err, sizeof err), 0);
	ck_assert_str_eq(c.buf, "2024-Q2:5000:1;");
}
END_TEST

START_TEST(test_grid_report)
{
	profit_fixture();
	/* margins 400, 300, 10 -> median 300.00 (B); cts 300, 50, 33.31 -> median 50.00 (B).
	 * A: 400 > 300 high, 300 > 50 high: carriage-trade.
	 * B: sits on both medians; "high" is strictly above: low, low: bargain-basement.
	 * C: 10 low, 33.31 low: bargain-basement. */
	ck_report("grid", NULL, NULL, NULL,
		  "account,name,net_margin,cost_to_serve,profit,quadrant\n"
		  "A,Alpha,400.00,300.00,100.00,carriage-trade\n"
		  "B,Beta,300.00,50.00,250.00,bargain-basement\n"
		  "C,Gamma,10.00,33.31,-23.31,bargain-basement\n");
}
END_TEST

START_TEST(test_grid_even_and_config)
{
	/* W 100/80, X 200/50, Y 300/80, Z 400/10 (margin/cts, cost given).
	 * margin median (200+300)/2 = 250; cts sorted 10 50 80 80: (50+80)/2 = 65.
	 * W: low, 80 > 65 high: aggressive.  X: low, low: bargain-basement.
	 * Y: high, high: carriage-trade.  Z: high, low: passive. */
	fx_exec("INSERT INTO accounts(id, key, name) VALUES (1, 'W', 'W'), (2, 'X', 'X'),"
		" (3, 'Y', 'Y'), (4, 'Z', 'Z');"
		"INSERT INTO financials(account_id, period, period_start, period_end, revenue, cogs,"
		" cost_to_serve) VALUES"
		" (1, '2024', '2024-01-01', '2024-12-31', 10000, 0, 8000),"
		" (2, '2024', '2024-01-01', '2024-12-31', 20000, 0, 5000),"
		" (3, '2024', '2024-01-01', '2024-12-31', 30000, 0, 8000),"
		" (4, '2024', '2024-01-01', '2024-12-31', 40000, 0, 1000);");
	char err[256];
	struct profit_set ps;
	ck_assert_int_eq(profit_load(fx_store, NULL, &ps, err, sizeof err), 0);
	struct grid_splits g;
	grid_splits_compute(&ps, NULL, &g);
	ck_assert(g.margin == 25000.0 && g.cost == 6500.0);
	ck_assert(!g.margin_fixed && !g.cost_fixed);
	ck_assert_int_eq(grid_classify(&g, 10000, 8000), QUADRANT_AGGRESSIVE);
	ck_assert_int_eq(grid_classify(&g, 20000, 5000), QUADRANT_BARGAIN_BASEMENT);
	ck_assert_int_eq(grid_classify(&g, 30000, 8000), QUADRANT_CARRIAGE_TRADE);
	ck_assert_int_eq(grid_classify(&g, 40000, 1000), QUADRANT_PASSIVE);

	/* [grid] margin_split = 200.00 (X is not above it), cost_split = 10.00 */
	struct rapport_config cfg;
	config_defaults(&cfg);
	cfg.has_margin_split = 1;
	cfg.margin_split = 20000;
	cfg.has_cost_split = 1;
	cfg.cost_split = 1000;
	grid_splits_compute(&ps, &cfg, &g);
	ck_assert(g.margin == 20000.0 && g.cost == 1000.0 && g.margin_fixed && g.cost_fixed);
	int rc;
	char *out = run("grid", NULL, NULL, NULL, "csv", &cfg, &rc, err, sizeof err);
	ck_assert_int_eq(rc, 0);
	/* W 100 low / 80 > 10 high: aggressive; X 200 not > 200: low, 50 high: aggressive;
	 * Y high, high: carriage-trade; Z high, 10 not > 10: passive */
	ck_assert_str_eq(out,
		"account,name,net_margin,cost_to_serve,profit,quadrant\n"
		"W,W,100.00,80.00,20.00,aggressive\n"
		"X,X,200.00,50.00,150.00,aggressive\n"
		"Y,Y,300.00,80.00,220.00,carriage-trade\n"
		"Z,Z,400.00,10.00,390.00,passive\n");
	free(out);
	config_free(&cfg);
	profit_set_free(&ps);

	/* break-even: below when margin < cost */
	ck_assert_int_eq(grid_below_break_even(100, 200), 1);
	ck_assert_int_eq(grid_below_break_even(200, 200), 0);
	ck_assert_int_eq(grid_below_break_even(-5, 0), 1);
}
END_TEST

START_TEST(test_grid_empty)
{
	/* no financials: no rows; split lines of nothing are 0 */
	fx_exec("INSERT INTO accounts(key, name) VALUES ('A', 'A');");
	ck_report("grid", NULL, NULL, NULL, "account,name,net_margin,cost_to_serve,profit,quadrant\n");
	ck_report("whale", NULL, NULL, NULL, "rank,account,profit,cum_profit_pct,cum_accounts_pct\n");
	ck_report("ladder", NULL, NULL, NULL, "account,ladder,cost_to_serve,group\n");
	struct profit_set ps = { 0 };
	struct grid_splits g;
	grid_splits_compute(&ps, NULL, &g);
	ck_assert(g.margin == 0.0 && g.cost == 0.0);
	struct whale_curve w;
	whale_build(&ps, &w);
	ck_assert_uint_eq(w.n, 0);
	whale_free(&w);
}
END_TEST

/* Accounts with a given profit each (revenue = profit, no costs). */
static void profits_fixture(const char *values)
{
	char sql[2048];
	snprintf(sql, sizeof sql,
		 "WITH v(k, p) AS (VALUES %s)"
		 " INSERT INTO accounts(key, name) SELECT k, 'n' || k FROM v;"
		 "WITH v(k, p) AS (VALUES %s)"
		 " INSERT INTO financials(account_id, period, period_start, period_end, revenue,"
		 " cogs, cost_to_serve) SELECT a.id, '2024', '2024-01-01', '2024-12-31', v.p, 0, 0"
		 " FROM v JOIN accounts a ON a.key = v.k;", values, values);
	fx_exec(sql);
}

START_TEST(test_whale_positive)
{
	/* profits 300, 100, 100, 0, -100 (E and B tie at 100: key order B, E).
	 * total 400; running 300 400 500 500 400:
	 * pct 75.0 100.0 125.0 125.0 100.0; accounts 20 40 60 80 100.
	 * peak: first highest running sum = 500 at rank 3; 125%; 60% of accounts;
	 * tail loss 500 - 400 = 100.00 over 2 accounts. */
	profits_fixture("('A', 30000), ('E', 10000), ('B', 10000), ('Z', 0), ('M', -10000)");
	ck_report("whale", NULL, NULL, NULL,
		  "rank,account,profit,cum_profit_pct,cum_accounts_pct\n"
		  "1,A,300.00,75.0,20.0\n"
		  "2,B,100.00,100.0,40.0\n"
		  "3,E,100.00,125.0,60.0\n"
		  "4,Z,0.00,125.0,80.0\n"
		  "5,M,-100.00,100.0,100.0\n");
	char err[256];
	struct profit_set ps;
	ck_assert_int_eq(profit_load(fx_store, NULL, &ps, err, sizeof err), 0);
	struct whale_curve w;
	whale_build(&ps, &w);
	ck_assert_int_eq(w.total_profit, 40000);
	ck_assert_int_eq(w.has_pct, 1);
	ck_assert_int_eq(w.peak_rank, 3);
	ck_assert_int_eq(w.peak_profit, 50000);
	ck_assert(fabs(w.peak_pct - 125.0) < 1e-9);
	ck_assert(fabs(w.peak_accounts_pct - 60.0) < 1e-9);
	ck_assert_int_eq(w.tail_loss, 10000);
	ck_assert_int_eq(w.tail_accounts, 2);
	whale_free(&w);
	profit_set_free(&ps);
}
END_TEST

START_TEST(test_whale_negative_total)
{
	/* profits 100, -50, -200: total -150; running 100, 50, -150;
	 * pct = running / total * 100: -66.7, -33.3, 100.0; accounts 33.3 66.7 100.0.
	 * peak at rank 1 (100.00); tail loss 100 - (-150) = 250.00 */
	profits_fixture("('P', 10000), ('Q', -5000), ('R', -20000)");
	ck_report("whale", NULL, NULL, NULL,
		  "rank,account,profit,cum_profit_pct,cum_accounts_pct\n"
		  "1,P,100.00,-66.7,33.3\n"
		  "2,Q,-50.00,-33.3,66.7\n"
		  "3,R,-200.00,100.0,100.0\n");
	char err[256];
	struct profit_set ps;
	ck_assert_int_eq(profit_load(fx_store, NULL, &ps, err, sizeof err), 0);
	struct whale_curve w;
	whale_build(&ps, &w);
	ck_assert_int_eq(w.total_profit, -15000);
	ck_assert_int_eq(w.peak_rank, 1);
	ck_assert_int_eq(w.tail_loss, 25000);
	whale_free(&w);
	profit_set_free(&ps);
}
END_TEST

START_TEST(test_whale_zero_total)
{
	/* total 0: cum_profit_pct undefined -> empty (csv) / null (json) */
	profits_fixture("('P', 10000), ('Q', -10000)");
	ck_report("whale", NULL, NULL, NULL,
		  "rank,account,profit,cum_profit_pct,cum_accounts_pct\n"
		  "1,P,100.00,,50.0\n"
		  "2,Q,-100.00,,100.0\n");
	char err[256];
	int rc;
	char *out = run("whale", NULL, NULL, NULL, "json", NULL, &rc, err, sizeof err);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out,
		"[\n"
		"{\"rank\":1,\"account\":\"P\",\"profit\":100.00,\"cum_profit_pct\":null,\"cum_accounts_pct\":50.0},\n"
		"{\"rank\":2,\"account\":\"Q\",\"profit\":-100.00,\"cum_profit_pct\":null,\"cum_accounts_pct\":100.0}\n"
		"]\n");
	free(out);
}
END_TEST

START_TEST(test_ladder)
{
	/* cts (given) A 100 rung 6, B 300 rung 2, C 300 rung 5, D 50 rung 4,
	 * E 200 unrated.  Median over all five: 50 100 200 300 300 -> 200.
	 * A high rung, 100 <= 200: mvc.  B low, 300 > 200: undesirable.
	 * C high, high: partner.  D low, low: switcher.  E: no rung, left out. */
	fx_exec("INSERT INTO accounts(id, key, name, ladder) VALUES (1, 'A', 'A', 6),"
		" (2, 'B', 'B', 2), (3, 'C', 'C', 5), (4, 'D', 'D', 4), (5, 'E', 'E', NULL);"
		"INSERT INTO financials(account_id, period, period_start, period_end, revenue, cogs,"
		" cost_to_serve) SELECT id, '2024', '2024-01-01', '2024-12-31', 0, 0,"
		" CASE key WHEN 'A' THEN 10000 WHEN 'B' THEN 30000 WHEN 'C' THEN 30000"
		" WHEN 'D' THEN 5000 ELSE 20000 END FROM accounts;");
	ck_report("ladder", NULL, NULL, NULL,
		  "account,ladder,cost_to_serve,group\n"
		  "A,6,100.00,mvc\n"
		  "B,2,300.00,undesirable\n"
		  "C,5,300.00,partner\n"
		  "D,4,50.00,switcher\n");
	ck_assert_int_eq(ladder_classify(5, 200, 200.0), LADDER_MVC);   /* rung 5 is high */
	ck_assert_int_eq(ladder_classify(4, 201, 200.0), LADDER_UNDESIRABLE);
	ck_assert_str_eq(ladder_rung_words[1], "cynic");
	ck_assert_str_eq(ladder_rung_words[8], "pays a premium");
}
END_TEST

/* ---- wallet ------------------------------------------------------------------------ */

/* A: wallet 4000; 2024 revenue 800 cogs 300 cts 100 (profit 400); 2023-Q4 revenue 500.
 * B: wallet 300; 2024-01 revenue 100 cogs 150 cts 0 (profit -50).
 * C: wallet 0, no financials.  D: no wallet (left out).
 * E: wallet 1000; 2025-01 revenue 200 cogs 100 cts 10 (profit 90). */
static void wallet_fixture(void)
{
	fx_exec("INSERT INTO accounts(id, key, name, wallet) VALUES (1, 'A', 'A', 400000),"
		" (2, 'B', 'B', 30000), (3, 'C', 'C', 0), (4, 'D', 'D', NULL), (5, 'E', 'E', 100000);"
		"INSERT INTO financials(account_id, period, period_start, period_end, revenue, cogs,"
		" cost_to_serve) VALUES"
		" (1, '2024', '2024-01-01', '2024-12-31', 80000, 30000, 10000),"
		" (1, '2023-Q4', '2023-10-01', '2023-12-31', 50000, 0, 0),"
		" (2, '2024-01', '2024-01-01', '2024-01-31', 10000, 15000, 0),"
		" (4, '2024', '2024-01-01', '2024-12-31', 99900, 0, 0),"
		" (5, '2025-01', '2025-01-01', '2025-01-31', 20000, 10000, 1000);");
}

START_TEST(test_wallet_window_start)
{
	wallet_fixture();
	/* today 2025-01-29: window 2025-01-29 - 364 = 2024-01-31 .. 2025-01-29.
	 * A: 2024 in (800), 2023-Q4 out: share 800/4000 = 20.0, gap 3200.
	 * B: 2024-01 ends 2024-01-31, the window's first day: in: 100/300 = 33.3, gap 200.
	 * C: wallet 0: no share, gap 0.  E: 2025-01 ends after today: revenue 0, gap 1000.
	 * By gap: A 3200, E 1000, B 200, C 0. */
	setenv("RAPPORT_TODAY", "2025-01-29", 1);
	ck_report("wallet", NULL, NULL, NULL,
		  "account,revenue,wallet,share_pct,gap\n"
		  "A,800.00,4000.00,20.0,3200.00\n"
		  "E,0.00,1000.00,0.0,1000.00\n"
		  "B,100.00,300.00,33.3,200.00\n"
		  "C,0.00,0.00,,0.00\n");
	/* growth targets: profitable with a gap: A (400 profit); E has no profit in the
	 * window, B loses money */
	char err[256];
	struct wallet_set ws;
	ck_assert_int_eq(wallet_load(fx_store, NULL, day("2025-01-29"), WALLET_PROFIT, &ws, err, sizeof err), 0);
	ck_assert_str_eq(ws.from, "2024-01-31");
	ck_assert_str_eq(ws.to, "2025-01-29");
	size_t idx[4];
	ck_assert_uint_eq(wallet_growth_targets(&ws, idx, 4), 1);
	ck_assert_str_eq(ws.v[idx[0]].key, "A");
	wallet_set_free(&ws);
	unsetenv("RAPPORT_TODAY");
}
END_TEST

START_TEST(test_wallet_window_end)
{
	wallet_fixture();
	/* today 2025-01-31: window 2024-02-02 .. 2025-01-31.
	 * B's 2024-01 now ends before it: revenue 0, gap 300.
	 * E's 2025-01 ends today: in: 200/1000 = 20.0, gap 800, profit 90.
	 * By gap: A 3200, E 800, B 300, C 0. */
	setenv("RAPPORT_TODAY", "2025-01-31", 1);
	ck_report("wallet", NULL, NULL, NULL,
		  "account,revenue,wallet,share_pct,gap\n"
		  "A,800.00,4000.00,20.0,3200.00\n"
		  "E,200.00,1000.00,20.0,800.00\n"
		  "B,0.00,300.00,0.0,300.00\n"
		  "C,0.00,0.00,,0.00\n");
	char err[256];
	struct wallet_set ws;
	ck_assert_int_eq(wallet_load(fx_store, NULL, day("2025-01-31"), WALLET_PROFIT, &ws, err, sizeof err), 0);
	size_t idx[4];
	ck_assert_uint_eq(wallet_growth_targets(&ws, idx, 4), 2);
	ck_assert_str_eq(ws.v[idx[0]].key, "A");
	ck_assert_str_eq(ws.v[idx[1]].key, "E");
	ck_assert_uint_eq(wallet_growth_targets(&ws, idx, 1), 1);
	wallet_set_free(&ws);
	/* --until narrows the window: until 2024-12-31 drops E's 2025-01 again */
	ck_report("wallet", NULL, NULL, "2024-12-31",
		  "account,revenue,wallet,share_pct,gap\n"
		  "A,800.00,4000.00,20.0,3200.00\n"
		  "E,0.00,1000.00,0.0,1000.00\n"
		  "B,0.00,300.00,0.0,300.00\n"
		  "C,0.00,0.00,,0.00\n");
	unsetenv("RAPPORT_TODAY");
}
END_TEST

/* ---- roles ------------------------------------------------------------------------- */

/* Today 2025-06-15; meetings due after 182 days, feedback after 30, "due"
 * within 30 days (today .. 2025-07-15). */
static void roles_fixture(void)
{
	fx_exec("INSERT INTO staff(id, handle, name) VALUES (1, 'alice', 'A'), (2, 'bob', 'B'),"
		" (3, 'carol', 'C');"
		"INSERT INTO accounts(id, key, name) VALUES (1, 'R1', 'x'), (2, 'R2', 'x'),"
		" (3, 'R3', 'x'), (4, 'R4', 'x'), (5, 'R5', 'x'), (6, 'R6', 'x');"
		"INSERT INTO roles(account_id, role, staff_id) VALUES"
		" (1, 'relationship', 1), (1, 'project', 2), (1, 'problem', 1),"
		" (2, 'relationship', 1), (2, 'project', 2),"
		" (3, 'relationship', 2), (3, 'project', 1), (3, 'problem', 2),"
		" (4, 'relationship', 2), (4, 'project', 1), (4, 'problem', 2),"
		" (5, 'relationship', 1);"
		/* R1 last 2024-12-15 + 182 = 2025-06-15 = today: due (not overdue).
		 * R2 2024-12-14 + 182 = 2025-06-14 < today: overdue.
		 * R3 2025-01-14 + 182 = 2025-07-15 = today + 30: due.
		 * R4 2025-01-15 + 182 = 2025-07-16 = today + 31: ok.
		 * R5 never met: overdue.  R6 nobody holds it: unassigned
		 * (2020-01-01 + 182 = 2020-07-01 still shown). */
		"INSERT INTO meetings(account_id, date) VALUES (1, '2024-06-01'), (1, '2024-12-15'),"
		" (2, '2024-12-14'), (3, '2025-01-14'), (4, '2025-01-15'), (6, '2020-01-01');"
		/* R1: last finished 2025-05-20; due = earliest finished without feedback
		 * 2025-05-16 + 30 = 2025-06-15: due.  An unfinished project counts for nothing.
		 * R2: 2025-05-15 + 30 = 2025-06-14: overdue.
		 * R3: only a project with feedback: last 2025-03-01, nothing due: ok. */
		"INSERT INTO projects(account_id, name, finished, feedback_score) VALUES"
		" (1, 'p1', '2025-05-16', NULL), (1, 'p2', '2025-05-20', 9), (1, 'p3', NULL, NULL),"
		" (2, 'p1', '2025-05-15', NULL), (3, 'p1', '2025-03-01', 8);"
		/* R1: open problem due 2025-06-08: overdue; last resolved 2025-06-10.
		 * R2: open, due 2025-07-01, nobody holds the role: unassigned.
		 * R3: open due 2025-07-16 and 2025-07-20: earliest 07-16 = today + 31: ok.
		 * R4: open due 2025-07-15 = today + 30: due. */
		"INSERT INTO problems(account_id, title, opened, due, resolved) VALUES"
		" (1, 'late', '2025-06-01', '2025-06-08', NULL),"
		" (1, 'fixed', '2025-06-05', '2025-06-12', '2025-06-10'),"
		" (2, 'open', '2025-06-24', '2025-07-01', NULL),"
		" (3, 'a', '2025-07-09', '2025-07-16', NULL), (3, 'b', '2025-07-13', '2025-07-20', NULL),"
		" (4, 'c', '2025-07-08', '2025-07-15', NULL);"
		"INSERT INTO action_items(id, account_id, text, staff_id, due, done) VALUES"
		" (1, 1, 'send deck', 1, '2025-06-20', NULL),"     /* alice: due */
		" (2, 2, 'call back', 2, '2025-06-01', NULL),"     /* bob: overdue */
		" (3, 3, 'done one', 2, '2025-06-01', '2025-06-02')," /* done: not listed */
		" (4, 4, 'no date', 1, NULL, NULL),"               /* no due date: not listed */
		" (5, 4, 'later', 1, '2025-08-01', NULL);");       /* beyond 30 days: ok */
}

#define ROLES_HEADER "account,role,staff,last,due,status\n"

START_TEST(test_roles_report)
{
	roles_fixture();
	setenv("RAPPORT_TODAY", "2025-06-15", 1);
	ck_report("roles", NULL, NULL, NULL, ROLES_HEADER
		  "R1,relationship,alice,2024-12-15,2025-06-15,due\n"
		  "R1,project,bob,2025-05-20,2025-06-15,due\n"
		  "R1,problem,alice,2025-06-10,2025-06-08,overdue\n"
		  "R2,relationship,alice,2024-12-14,2025-06-14,overdue\n"
		  "R2,project,bob,2025-05-15,2025-06-14,overdue\n"
		  "R2,problem,,,2025-07-01,unassigned\n"
		  "R3,relationship,bob,2025-01-14,2025-07-15,due\n"
		  "R3,project,alice,2025-03-01,,ok\n"
		  "R3,problem,bob,,2025-07-16,ok\n"
		  "R4,relationship,bob,2025-01-15,2025-07-16,ok\n"
		  "R4,project,alice,,,ok\n"
		  "R4,problem,bob,,2025-07-15,due\n"
		  "R5,relationship,alice,,,overdue\n"
		  "R5,project,,,,unassigned\n"
		  "R5,problem,,,,unassigned\n"
		  "R6,relationship,,2020-01-01,2020-07-01,unassigned\n"
		  "R6,project,,,,unassigned\n"
		  "R6,problem,,,,unassigned\n");
	ck_report("overdue", NULL, NULL, NULL, ROLES_HEADER
		  "R1,problem,alice,2025-06-10,2025-06-08,overdue\n"
		  "R2,relationship,alice,2024-12-14,2025-06-14,overdue\n"
		  "R2,project,bob,2025-05-15,2025-06-14,overdue\n"
		  "R2,action,bob,,2025-06-01,overdue\n"   /* open action item past due */
		  "R5,relationship,alice,,,overdue\n");
	/* a day later R1's meeting and project turn overdue, R4's meeting is due */
	setenv("RAPPORT_TODAY", "2025-06-16", 1);
	ck_report("overdue", NULL, NULL, NULL, ROLES_HEADER
		  "R1,relationship,alice,2024-12-15,2025-06-15,overdue\n"
		  "R1,project,bob,2025-05-20,2025-06-15,overdue\n"
		  "R1,problem,alice,2025-06-10,2025-06-08,overdue\n"
		  "R2,relationship,alice,2024-12-14,2025-06-14,overdue\n"
		  "R2,project,bob,2025-05-15,2025-06-14,overdue\n"
		  "R2,action,bob,,2025-06-01,overdue\n"
		  "R5,relationship,alice,,,overdue\n");
	unsetenv("RAPPORT_TODAY");
}
END_TEST

START_TEST(test_roles_status_rule)
{
	int32_t t = day("2025-06-15");
	ck_assert_int_eq(role_status_of(0, 1, 1, t - 100, t, 30), STATUS_UNASSIGNED);
	ck_assert_int_eq(role_status_of(1, 1, 0, 0, t, 30), STATUS_OVERDUE);
	ck_assert_int_eq(role_status_of(1, 0, 0, 0, t, 30), STATUS_OK);
	ck_assert_int_eq(role_status_of(1, 0, 1, t - 1, t, 30), STATUS_OVERDUE);
	ck_assert_int_eq(role_status_of(1, 0, 1, t, t, 30), STATUS_DUE);
	ck_assert_int_eq(role_status_of(1, 0, 1, t + 30, t, 30), STATUS_DUE);
	ck_assert_int_eq(role_status_of(1, 0, 1, t + 31, t, 30), STATUS_OK);
}
END_TEST

static int collect_due(const struct due_item *it, void *ctx)
{
	struct collected *c = ctx;
	size_t n = strlen(c->buf);
	if (it->kind == DUE_ROLE)
		snprintf(c->buf + n, sizeof c->buf - n, "%s %s %s %s %s\n", it->staff, it->account,
			 role_kind_words[it->role], it->due, role_status_words[it->status]);
	else
		snprintf(c->buf + n, sizeof c->buf - n, "%s %s \"%s\" %s %s\n", it->staff,
			 it->account, it->text, it->due, role_status_words[it->status]);
	return 0;
}

START_TEST(test_roles_per_staff)
{
	roles_fixture();
	char err[256];
	int32_t today = day("2025-06-15");
	/* alice: R5 never met (no due date: first), R1 problem 06-08, R2 meeting 06-14,
	 * R1 meeting 06-15, action item 06-20 */
	struct collected c = { "" };
	ck_assert_int_eq(roles_due_items(fx_store, NULL, today, 1, collect_due, &c, err, sizeof err), 0);
	ck_assert_str_eq(c.buf,
		"alice R5 relationship  overdue\n"
		"alice R1 problem 2025-06-08 overdue\n"
		"alice R2 relationship 2025-06-14 overdue\n"
		"alice R1 relationship 2025-06-15 due\n"
		"alice R1 \"send deck\" 2025-06-20 due\n");
	/* bob: action 06-01, R2 project 06-14, R1 project 06-15, then two on 07-15
	 * in account order */
	c.buf[0] = '\0';
	ck_assert_int_eq(roles_due_items(fx_store, NULL, today, 2, collect_due, &c, err, sizeof err), 0);
	ck_assert_str_eq(c.buf,
		"bob R2 \"call back\" 2025-06-01 overdue\n"
		"bob R2 project 2025-06-14 overdue\n"
		"bob R1 project 2025-06-15 due\n"
		"bob R3 relationship 2025-07-15 due\n"
		"bob R4 problem 2025-07-15 due\n");

	struct staff_load *v;
	size_t n;
	ck_assert_int_eq(roles_staff_loads(fx_store, NULL, today, &v, &n, err, sizeof err), 0);
	ck_assert_uint_eq(n, 3);
	/* alice holds R1 rel, R1 prob, R2 rel, R3 proj, R4 proj, R5 rel = 6;
	 * due: R1 rel; overdue: R1 prob, R2 rel, R5 rel; one action item due */
	ck_assert_str_eq(v[0].handle, "alice");
	ck_assert_int_eq(v[0].roles, 6);
	ck_assert_int_eq(v[0].due, 1);
	ck_assert_int_eq(v[0].overdue, 3);
	ck_assert_int_eq(v[0].items_due, 1);
	ck_assert_int_eq(v[0].items_overdue, 0);
	/* bob: R1 proj, R2 proj, R3 rel, R3 prob, R4 rel, R4 prob = 6;
	 * due: R1 proj, R3 rel, R4 prob; overdue: R2 proj; one action item overdue */
	ck_assert_str_eq(v[1].handle, "bob");
	ck_assert_int_eq(v[1].roles, 6);
	ck_assert_int_eq(v[1].due, 3);
	ck_assert_int_eq(v[1].overdue, 1);
	ck_assert_int_eq(v[1].items_due, 0);
	ck_assert_int_eq(v[1].items_overdue, 1);
	/* carol: nothing */
	ck_assert_str_eq(v[2].handle, "carol");
	ck_assert_int_eq(v[2].roles + v[2].due + v[2].overdue + v[2].items_due + v[2].items_overdue, 0);
	staff_loads_free(v, n);
}
END_TEST

START_TEST(test_roles_config)
{
	roles_fixture();
	/* [roles] meeting_interval_days = 365: R2 2024-12-14 + 365 = 2025-12-14: ok */
	struct rapport_config cfg;
	config_defaults(&cfg);
	cfg.meeting_interval_days = 365;
	setenv("RAPPORT_TODAY", "2025-06-15", 1);
	char err[256];
	int rc;
	char *out = run("overdue", NULL, NULL, NULL, "csv", &cfg, &rc, err, sizeof err);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out, ROLES_HEADER
		"R1,problem,alice,2025-06-10,2025-06-08,overdue\n"
		"R2,project,bob,2025-05-15,2025-06-14,overdue\n"
		"R2,action,bob,,2025-06-01,overdue\n"   /* 'call back', past due (issue 5) */
		"R5,relationship,alice,,,overdue\n");
	free(out);
	config_free(&cfg);
	/* a bad RAPPORT_TODAY is bad input */
	setenv("RAPPORT_TODAY", "2025-02-30", 1);
	out = run("roles", NULL, NULL, NULL, "csv", NULL, &rc, err, sizeof err);
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(err, "RAPPORT_TODAY") != NULL, "%s", err);
	free(out);
	unsetenv("RAPPORT_TODAY");
}
END_TEST

/* The roles screen's look-ups: handle -> staff id, account name, change stamp. */
START_TEST(test_roles_lookups)
{
	roles_fixture();
	char err[256];
	int64_t id = -1;
	ck_assert_int_eq(roles_staff_id(fx_store, "bob", &id, err, sizeof err), 0);
	ck_assert_int_eq(id, 2);
	ck_assert_int_eq(roles_staff_id(fx_store, "Bob", &id, err, sizeof err), 0);
	ck_assert_int_eq(id, 0);   /* exact, as imported */
	ck_assert_int_eq(roles_staff_id(fx_store, "", &id, err, sizeof err), 0);
	ck_assert_int_eq(id, 0);
	ck_assert_int_eq(roles_staff_id(fx_store, NULL, &id, err, sizeof err), 0);
	ck_assert_int_eq(id, 0);

	fx_exec("UPDATE accounts SET name = 'Rødby A/S' WHERE id = 3");
	char *name = NULL;
	ck_assert_int_eq(roles_account_name(fx_store, 3, &name, err, sizeof err), 0);
	ck_assert_str_eq(name, "Rødby A/S");
	free(name);
	ck_assert_int_eq(roles_account_name(fx_store, 99, &name, err, sizeof err), 0);
	ck_assert_ptr_null(name);

	/* the action items alone, as roles_due_items lists them */
	int32_t today = day("2025-06-15");
	struct collected c = { "" };
	ck_assert_int_eq(roles_due_actions(fx_store, NULL, today, 0, collect_due, &c, err, sizeof err), 0);
	ck_assert_str_eq(c.buf,
		"alice R1 \"send deck\" 2025-06-20 due\n"
		"bob R2 \"call back\" 2025-06-01 overdue\n");
	c.buf[0] = '\0';
	ck_assert_int_eq(roles_due_actions(fx_store, NULL, today, 2, collect_due, &c, err, sizeof err), 0);
	ck_assert_str_eq(c.buf, "bob R2 \"call back\" 2025-06-01 overdue\n");

	int64_t a = roles_data_stamp(fx_store);
	ck_assert_int_ge(a, 0);
	ck_assert_int_eq(roles_data_stamp(fx_store), a);   /* nothing changed */
	fx_exec("UPDATE accounts SET name = 'x' WHERE id = 3");
	ck_assert_int_gt(roles_data_stamp(fx_store), a);
}
END_TEST

/* ---- spectrum ----------------------------------------------------------------------- */

START_TEST(test_spectrum_report)
{
	/* S1 all 1: 0 transactional.  S2 all 5: 100 collaborative.
	 * S3 3 3 3 2 2 -: (2+2+2+1+1)/5*25 = 40: value-adding (40 is inclusive).
	 * S4 4 4 4 3 2 -: (3+3+3+2+1)*25/5 = 60: value-adding.
	 * S5 1 2 - - - -: (0+1)*25/2 = 12.5: transactional.
	 * S6 all 1 but explicit collaborative: 0.0, collaborative.
	 * S7 nothing: empty.  S8 explicit transactional only: no score.
	 * S9 2 1 1 1 1 1: 25/6 = 4.17 -> 4.2 */
	fx_exec("INSERT INTO accounts(key, name, alternatives, dynamism, importance, complexity,"
		" info_exchange, linkages, relationship) VALUES"
		" ('S1', 'x', 1, 1, 1, 1, 1, 1, NULL), ('S2', 'x', 5, 5, 5, 5, 5, 5, NULL),"
		" ('S3', 'x', 3, 3, 3, 2, 2, NULL, NULL), ('S4', 'x', 4, 4, 4, 3, 2, NULL, NULL),"
		" ('S5', 'x', 1, 2, NULL, NULL, NULL, NULL, NULL),"
		" ('S6', 'x', 1, 1, 1, 1, 1, 1, 'collaborative'),"
		" ('S7', 'x', NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
		" ('S8', 'x', NULL, NULL, NULL, NULL, NULL, NULL, 'transactional'),"
		" ('S9', 'x', 2, 1, 1, 1, 1, 1, NULL);");
	ck_report("spectrum", NULL, NULL, NULL,
		  "account,score,position\n"
		  "S1,0.0,transactional\n"
		  "S2,100.0,collaborative\n"
		  "S3,40.0,value-adding\n"
		  "S4,60.0,value-adding\n"
		  "S5,12.5,transactional\n"
		  "S6,0.0,collaborative\n"
		  "S7,,\n"
		  "S8,,transactional\n"
		  "S9,4.2,transactional\n");
}
END_TEST

static int collect_change(const struct spectrum_change *ch, void *ctx)
{
	struct collected *c = ctx;
	size_t n = strlen(c->buf);
	snprintf(c->buf + n, sizeof c->buf - n, "%s %s%s;", ch->date,
		 ch->position == POSITION_UNKNOWN ? "unknown" : spectrum_words[ch->position],
		 ch->explicit_pos ? "!" : "");
	return 0;
}

START_TEST(test_spectrum_history)
{
	char err[256];
	fx_exec("INSERT INTO accounts(id, key, name, alternatives) VALUES (1, 'H', 'x', 1);");
	ck_assert_int_eq(spectrum_record(fx_store, 1, "2024-01-01", err, sizeof err), 1);
	/* unchanged position (score moves within transactional): no row */
	fx_exec("UPDATE accounts SET dynamism = 2 WHERE id = 1;");
	ck_assert_int_eq(spectrum_record(fx_store, 1, "2024-02-01", err, sizeof err), 0);
	fx_exec("UPDATE accounts SET alternatives = 5, dynamism = 5 WHERE id = 1;");
	ck_assert_int_eq(spectrum_record(fx_store, 1, "2024-03-01", err, sizeof err), 1);
	/* an explicit override of the same position is a change too */
	fx_exec("UPDATE accounts SET relationship = 'collaborative' WHERE id = 1;");
	ck_assert_int_eq(spectrum_record(fx_store, 1, "2024-04-01", err, sizeof err), 1);
	fx_exec("UPDATE accounts SET relationship = 'transactional' WHERE id = 1;");
	ck_assert_int_eq(spectrum_record(fx_store, 1, "2024-05-01", err, sizeof err), 1);
	ck_assert_int_eq(spectrum_record(fx_store, 99, "2024-05-01", err, sizeof err), -1);

	struct collected c = { "" };
	ck_assert_int_eq(spectrum_history(fx_store, 1, collect_change, &c, err, sizeof err), 0);
	ck_assert_str_eq(c.buf, "2024-01-01 transactional;2024-03-01 collaborative;"
				"2024-04-01 collaborative!;2024-05-01 transactional!;");
	enum spectrum_position pos;
	ck_assert_int_eq(spectrum_position_at(fx_store, 1, "2024-03-15", &pos, err, sizeof err), 0);
	ck_assert_int_eq(pos, POSITION_COLLABORATIVE);
	ck_assert_int_eq(spectrum_position_at(fx_store, 1, "2023-12-31", &pos, err, sizeof err), 0);
	ck_assert_int_eq(pos, POSITION_UNKNOWN);
}
END_TEST

/* ---- the report engine: formats and bad input ----------------------------------------- */

START_TEST(test_report_text_json)
{
	nps_fixture();
	char err[256];
	int rc;
	char *out = run("nps", "account", NULL, NULL, "text", NULL, &rc, err, sizeof err);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out,
		"group  n  promoters  passives  detractors    nps    moe\n"
		"A      6          2         2           2    0.0   65.3\n"
		"B      3          1         0           2  -33.3  106.7\n"
		"D      1          1         0           0  100.0    0.0\n");
	free(out);
	out = run("nps", NULL, NULL, NULL, NULL, NULL, &rc, err, sizeof err);   /* text is the default */
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out,
		"group   n  promoters  passives  detractors  nps   moe\n"
		"all    10          4         2           4  0.0  55.4\n");
	free(out);
	out = run("nps", "segment", NULL, NULL, "json", NULL, &rc, err, sizeof err);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out,
		"[\n"
		"{\"group\":\"retail\",\"n\":6,\"promoters\":2,\"passives\":2,\"detractors\":2,\"nps\":0.0,\"moe\":65.3},\n"
		"{\"group\":\"wholesale\",\"n\":1,\"promoters\":1,\"passives\":0,\"detractors\":0,\"nps\":100.0,\"moe\":0.0},\n"
		"{\"group\":\"(none)\",\"n\":3,\"promoters\":1,\"passives\":0,\"detractors\":2,\"nps\":-33.3,\"moe\":106.7}\n"
		"]\n");
	free(out);
	out = run("nps", NULL, "2030-01-01", NULL, "json", NULL, &rc, err, sizeof err);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out, "[]\n");
	free(out);
}
END_TEST

START_TEST(test_report_text_utf8)
{
	/* names with multi-byte characters are padded by characters, not bytes;
	 * a left-aligned last column is not padded */
	fx_exec("INSERT INTO accounts(id, key, name) VALUES (1, 'Z1', 'Zürich AG'), (2, 'Z2', 'Oslo');"
		"INSERT INTO financials(account_id, period, period_start, period_end, revenue, cogs,"
		" cost_to_serve) VALUES (1, '2024', '2024-01-01', '2024-12-31', 100, 0, 0),"
		" (2, '2024', '2024-01-01', '2024-12-31', 123456, 0, 0);");
	char err[256];
	int rc;
	char *out = run("grid", NULL, NULL, NULL, "text", NULL, &rc, err, sizeof err);
	ck_assert_int_eq(rc, 0);
	/* margins 1.00, 1234.56: median 617.78; cts 0, 0: median 0 */
	ck_assert_str_eq(out,
		"account  name       net_margin  cost_to_serve   profit  quadrant\n"
		"Z1       Zürich AG        1.00           0.00     1.00  bargain-basement\n"
		"Z2       Oslo          1234.56           0.00  1234.56  passive\n");
	free(out);
}
END_TEST

START_TEST(test_report_bad_input)
{
	char err[256];
	int rc;
	char *out;
	struct { const char *name, *by, *since, *until, *fmt, *needle; } cases[] = {
		{ "nope", NULL, NULL, NULL, "csv", "unknown report 'nope'" },
		{ "conflicts", NULL, "2024-01-01", NULL, "csv", "do not apply" },
		{ "grid", "account", NULL, NULL, "csv", "--by does not apply" },
		{ "nps", "region", NULL, NULL, "csv", "--by: unknown grouping 'region'" },
		{ "nps", "", NULL, NULL, "csv", "--by: unknown grouping" },
		{ "nps", NULL, "2024-13-01", NULL, "csv", "--since" },
		{ "nps", NULL, NULL, "yesterday", "csv", "--until" },
		{ "nps", NULL, "2024-06-01", "2024-05-01", "csv", "after" },
		{ "nps", NULL, NULL, NULL, "xml", "--format: unknown format 'xml'" },
		{ "roles", NULL, "2024-01-01", NULL, "csv", "do not apply" },
		{ "spectrum", NULL, NULL, "2024-01-01", "csv", "do not apply" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		out = run(cases[i].name, cases[i].by, cases[i].since, cases[i].until, cases[i].fmt,
			  NULL, &rc, err, sizeof err);
		ck_assert_msg(rc == -1, "case %zu accepted", i);
		ck_assert_msg(strstr(err, cases[i].needle) != NULL, "case %zu: %s", i, err);
		ck_assert_msg(out[0] == '\0', "case %zu wrote: %s", i, out);
		free(out);
	}
}
END_TEST

/* ---- cross-check over a generated portfolio ------------------------------------------- */

#define NACC 300
#define NSTAFF 8
#define NNPS 4000
#define NACT 4000
#define NRATE 5

static uint64_t rng_state;

static uint64_t rnd(void)   /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static long rn(long n)   /* 0 .. n-1 */
{
	return (long)(rnd() % (uint64_t)n);
}

/* A random date between 2023-01-01 and 2025-06-30 into buf. */
static void rdate(char *buf)
{
	value_date_fmt(day("2023-01-01") + (int32_t)rn(912), buf, 11);
}

static const char *const periods[] = {
	"2023", "2024", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4",
	"2025-Q1", "2024-01", "2024-02", "2024-06", "2024-07", "2024-11", "2024-12",
	"2025-01", "2025-03", "2025-05", NULL
};

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	ck_assert_int_eq(store_bind_text_or_null(st, i, s), SQLITE_OK);
}

static void step_reset(sqlite3_stmt *st)
{
	ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static sqlite3_stmt *prep(const char *sql)
{
	char err[256];
	sqlite3_stmt *st = store_prepare(fx_store, sql, err, sizeof err);
	ck_assert_msg(st != NULL, "%s", err);
	return st;
}

/* Fill the fixture store with a random portfolio.  Accounts are inserted in
 * a shuffled key order so that row order and key order differ. */
static void generate(uint64_t seed)
{
	rng_state = seed;
	char err[256], buf[64], d1[11], d2[11];
	fx_exec("BEGIN");
	sqlite3_stmt *st = prep("INSERT INTO staff(id, handle, name) VALUES (?1, ?2, ?2)");
	for (int i = 1; i <= NSTAFF; i++) {
		snprintf(buf, sizeof buf, "s%02d", (i * 5) % NSTAFF);   /* handles out of id order */
		sqlite3_bind_int(st, 1, i);
		bind_text(st, 2, buf);
		step_reset(st);
	}
	sqlite3_finalize(st);

	int order[NACC];
	for (int i = 0; i < NACC; i++)
		order[i] = i;
	for (int i = NACC - 1; i > 0; i--) {
		int j = (int)rn(i + 1), t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	static const char *const segs[] = { "north", "south", "east", NULL };
	static const char *const rels[] = { "transactional", "value-adding", "collaborative" };
	st = prep("INSERT INTO accounts(key, name, segment, relationship, ladder, wallet,"
		  " alternatives, dynamism, importance, complexity, info_exchange, linkages)"
		  " VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
	for (int i = 0; i < NACC; i++) {
		snprintf(buf, sizeof buf, "%c%03d", "AbC"[order[i] % 3], order[i]);
		bind_text(st, 1, buf);
		bind_text(st, 2, segs[rn(4)]);
		bind_text(st, 3, rn(10) == 0 ? rels[rn(3)] : NULL);
		if (rn(5))
			sqlite3_bind_int(st, 4, 1 + (int)rn(8));
		if (rn(4))
			sqlite3_bind_int64(st, 5, rn(5) ? 100000 + rn(50000000) : 0);
		for (int k = 0; k < 6; k++)
			if (rn(6))
				sqlite3_bind_int(st, 6 + k, 1 + (int)rn(5));
		step_reset(st);
	}
	sqlite3_finalize(st);

	st = prep("INSERT INTO roles(account_id, role, staff_id) VALUES (?1, ?2, ?3)");
	for (int a = 1; a <= NACC; a++)
		for (int k = 0; k < 3; k++)
			if (rn(10) < 7) {
				sqlite3_bind_int(st, 1, a);
				bind_text(st, 2, role_kind_words[k]);
				sqlite3_bind_int(st, 3, 1 + (int)rn(NSTAFF));
				step_reset(st);
			}
	sqlite3_finalize(st);

	static const char *const surveys[] = { "relationship", "transaction", "problem" };
	st = prep("INSERT INTO nps(account_id, score, date, survey) VALUES (?1, ?2, ?3, ?4)");
	for (int i = 0; i < NNPS; i++) {
		sqlite3_bind_int(st, 1, 1 + (int)rn(NACC));
		sqlite3_bind_int(st, 2, (int)rn(11));
		rdate(d1);
		bind_text(st, 3, d1);
		bind_text(st, 4, surveys[rn(3)]);
		step_reset(st);
	}
	sqlite3_finalize(st);

	st = prep("INSERT INTO rates(id, activity, unit, cost) VALUES (?1, ?2, 'u', ?3)");
	for (int i = 1; i <= NRATE; i++) {
		snprintf(buf, sizeof buf, "act%d", i);
		sqlite3_bind_int(st, 1, i);
		bind_text(st, 2, buf);
		sqlite3_bind_int64(st, 3, 1 + rn(30000));
		step_reset(st);
	}
	sqlite3_finalize(st);

	st = prep("INSERT OR IGNORE INTO financials(account_id, period, period_start, period_end,"
		  " revenue, cogs, cost_to_serve) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	for (int a = 1; a <= NACC; a++) {
		if (rn(8) == 0)
			continue;   /* some accounts without financials */
		int k = 1 + (int)rn(4);
		while (k--) {
			const char *p = periods[rn(sizeof periods / sizeof *periods - 1)];
			int32_t ps, pe;
			ck_assert_int_eq(value_period(p, &ps, &pe, err, sizeof err), 0);
			value_date_fmt(ps, d1, sizeof d1);
			value_date_fmt(pe, d2, sizeof d2);
			sqlite3_bind_int(st, 1, a);
			bind_text(st, 2, p);
			bind_text(st, 3, d1);
			bind_text(st, 4, d2);
			sqlite3_bind_int64(st, 5, rn(10000000));
			sqlite3_bind_int64(st, 6, rn(8000000));
			if (rn(2))
				sqlite3_bind_int64(st, 7, rn(3000000));
			step_reset(st);
		}
	}
	sqlite3_finalize(st);

	st = prep("INSERT INTO activities(account_id, date, rate_id, quantity) VALUES (?1, ?2, ?3, ?4)");
	for (int i = 0; i < NACT; i++) {
		sqlite3_bind_int(st, 1, 1 + (int)rn(NACC));
		rdate(d1);
		bind_text(st, 2, d1);
		sqlite3_bind_int(st, 3, 1 + (int)rn(NRATE));
		sqlite3_bind_int64(st, 4, rn(20000));
		step_reset(st);
	}
	sqlite3_finalize(st);

	st = prep("INSERT INTO meetings(account_id, date) VALUES (?1, ?2)");
	for (int i = 0; i < 700; i++) {
		sqlite3_bind_int(st, 1, 1 + (int)rn(NACC));
		rdate(d1);
		bind_text(st, 2, d1);
		step_reset(st);
	}
	sqlite3_finalize(st);

	st = prep("INSERT OR IGNORE INTO projects(account_id, name, finished, feedback_score)"
		  " VALUES (?1, ?2, ?3, ?4)");
	for (int i = 0; i < 500; i++) {
		sqlite3_bind_int(st, 1, 1 + (int)rn(NACC));
		snprintf(buf, sizeof buf, "p%d", i);
		bind_text(st, 2, buf);
		if (rn(4)) {
			rdate(d1);
			bind_text(st, 3, d1);
		}
		if (rn(2))
			sqlite3_bind_int(st, 4, (int)rn(11));
		step_reset(st);
	}
	sqlite3_finalize(st);

	st = prep("INSERT OR IGNORE INTO problems(account_id, title, opened, due, resolved)"
		  " VALUES (?1, ?2, ?3, ?4, ?5)");
	for (int i = 0; i < 500; i++) {
		sqlite3_bind_int(st, 1, 1 + (int)rn(NACC));
		snprintf(buf, sizeof buf, "t%d", i);
		bind_text(st, 2, buf);
		int32_t o = day("2024-06-01") + (int32_t)rn(400);
		value_date_fmt(o, d1, sizeof d1);
		bind_text(st, 3, d1);
		value_date_fmt(o + (rn(3) ? 7 : (int32_t)rn(60)), d2, sizeof d2);
		bind_text(st, 4, d2);
		if (rn(2)) {
			value_date_fmt(o + (int32_t)rn(30), d2, sizeof d2);
			bind_text(st, 5, d2);
		}
		step_reset(st);
	}
	sqlite3_finalize(st);

	st = prep("INSERT INTO action_items(account_id, text, staff_id, due, done)"
		  " VALUES (?1, ?2, ?3, ?4, ?5)");
	for (int i = 0; i < 300; i++) {
		sqlite3_bind_int(st, 1, 1 + (int)rn(NACC));
		snprintf(buf, sizeof buf, "item %d", i);
		bind_text(st, 2, buf);
		if (rn(8))
			sqlite3_bind_int(st, 3, 1 + (int)rn(NSTAFF));
		if (rn(6)) {
			value_date_fmt(day("2025-04-01") + (int32_t)rn(150), d1, sizeof d1);
			bind_text(st, 4, d1);
		}
		if (rn(3) == 0)
			bind_text(st, 5, "2025-05-01");
		step_reset(st);
	}
	sqlite3_finalize(st);
	fx_exec("COMMIT");
}

/* The portfolio as plain C data, fetched row by row. */
struct acc {
	char key[8];
	char seg[8];         /* "" = none */
	int ladder;          /* 0 = none */
	int has_wallet;
	int64_t wallet;
	int attr[6];         /* 0 = none */
	int rel;             /* -1 none */
	int64_t owner;       /* relationship owner staff id, 0 = none */
	int64_t holder[3];
};

static struct acc accs[NACC + 1];
static char handles[NSTAFF + 1][8];

static void load_plain(void)
{
	sqlite3_stmt *st = prep("SELECT id, key, segment, ladder, wallet, alternatives, dynamism,"
				" importance, complexity, info_exchange, linkages, relationship"
				" FROM accounts");
	while (sqlite3_step(st) == SQLITE_ROW) {
		int id = sqlite3_column_int(st, 0);
		ck_assert(id >= 1 && id <= NACC);
		struct acc *a = &accs[id];
		memset(a, 0, sizeof *a);
		snprintf(a->key, sizeof a->key, "%s", sqlite3_column_text(st, 1));
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			snprintf(a->seg, sizeof a->seg, "%s", sqlite3_column_text(st, 2));
		a->ladder = sqlite3_column_int(st, 3);
		a->has_wallet = sqlite3_column_type(st, 4) != SQLITE_NULL;
		a->wallet = sqlite3_column_int64(st, 4);
		for (int k = 0; k < 6; k++)
			a->attr[k] = sqlite3_column_int(st, 5 + k);
		a->rel = -1;
		const char *r = (const char *)sqlite3_column_text(st, 11);
		for (int k = 0; r && k < 3; k++)
			if (strcmp(r, spectrum_words[k]) == 0)
				a->rel = k;
	}
	sqlite3_finalize(st);
	st = prep("SELECT id, handle FROM staff");
	while (sqlite3_step(st) == SQLITE_ROW)
		snprintf(handles[sqlite3_column_int(st, 0)], 8, "%s", sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	st = prep("SELECT account_id, role, staff_id FROM roles");
	while (sqlite3_step(st) == SQLITE_ROW) {
		int id = sqlite3_column_int(st, 0);
		const char *role = (const char *)sqlite3_column_text(st, 1);
		for (int k = 0; k < 3; k++)
			if (strcmp(role, role_kind_words[k]) == 0)
				accs[id].holder[k] = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	for (int i = 1; i <= NACC; i++)
		accs[i].owner = accs[i].holder[0];
}

/* NPS: the core's groups against counts made response by response. */
struct tally {
	char label[16];
	int64_t n, p, d;
};

struct tallies {
	struct tally v[400];
	size_t n;
	size_t seen;    /* groups the core reported */
	int order_ok;   /* the core's labels came in order */
	char last[16];
	enum nps_by by;
};

static struct tally *tally_get(struct tallies *t, const char *label)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].label, label) == 0)
			return &t->v[i];
	ck_assert_uint_lt(t->n, 400);
	struct tally *e = &t->v[t->n++];
	memset(e, 0, sizeof *e);
	snprintf(e->label, sizeof e->label, "%s", label);
	return e;
}

static int check_group(const struct nps_group *g, void *ctx)
{
	struct tallies *t = ctx;
	struct tally *e = NULL;
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].label, g->label) == 0)
			e = &t->v[i];
	ck_assert_msg(e != NULL, "unexpected group %s", g->label);
	ck_assert_int_eq(g->c.n, e->n);
	ck_assert_int_eq(g->c.promoters, e->p);
	ck_assert_int_eq(g->c.detractors, e->d);
	ck_assert_int_eq(g->c.passives, e->n - e->p - e->d);
	/* the score in tenths by a different route: floor((2000*(P-D) + n) / (2n))
	 * for the non-negative case, mirrored for the negative one */
	int64_t num = 1000 * (e->p - e->d), q;
	if (num >= 0)
		q = (2 * num + e->n) / (2 * e->n);
	else
		q = -((2 * -num + e->n) / (2 * e->n));
	ck_assert_int_eq(nps_score_tenths(&g->c), q);
	double p = (double)e->p / (double)e->n, d = (double)e->d / (double)e->n;
	double moe = 196.0 * sqrt(fmax(0.0, p + d - (p - d) * (p - d)) / (double)e->n);
	ck_assert(fabs(nps_moe(&g->c) - moe) < 1e-9);
	/* order: byte order, except "(none)" and "unassigned" last and surveys in kind order */
	int special = strcmp(g->label, "(none)") == 0 || strcmp(g->label, "unassigned") == 0;
	if (t->seen && t->by != NPS_BY_SURVEY && !special && strcmp(t->last, g->label) >= 0)
		t->order_ok = 0;
	snprintf(t->last, sizeof t->last, "%s", g->label);
	t->seen++;
	return 0;
}

static void cross_nps(enum nps_by by, const char *since, const char *until)
{
	static struct tallies t;
	memset(&t, 0, sizeof t);
	t.by = by;
	t.order_ok = 1;
	sqlite3_stmt *st = prep("SELECT account_id, score, date, survey FROM nps");
	while (sqlite3_step(st) == SQLITE_ROW) {
		int id = sqlite3_column_int(st, 0), score = sqlite3_column_int(st, 1);
		const char *date = (const char *)sqlite3_column_text(st, 2);
		if ((since && strcmp(date, since) < 0) || (until && strcmp(date, until) > 0))
			continue;
		char label[16];
		switch (by) {
		case NPS_BY_NONE: strcpy(label, "all"); break;
		case NPS_BY_ACCOUNT: strcpy(label, accs[id].key); break;
		case NPS_BY_SEGMENT: strcpy(label, accs[id].seg[0] ? accs[id].seg : "(none)"); break;
		case NPS_BY_OWNER:
			strcpy(label, accs[id].owner ? handles[accs[id].owner] : "unassigned");
			break;
		case NPS_BY_MONTH: snprintf(label, sizeof label, "%.7s", date); break;
		case NPS_BY_SURVEY:
			snprintf(label, sizeof label, "%s", sqlite3_column_text(st, 3));
			break;
		}
		struct tally *e = tally_get(&t, label);
		e->n++;
		e->p += score >= 9;
		e->d += score <= 6;
	}
	sqlite3_finalize(st);
	struct date_range r;
	char err[256];
	ck_assert_int_eq(date_range_set(&r, since, until, err, sizeof err), 0);
	ck_assert_int_eq(nps_groups(fx_store, by, &r, check_group, &t, err, sizeof err), 0);
	ck_assert_uint_eq(t.seen, t.n);
	ck_assert_msg(t.order_ok, "groups out of order (by %d)", (int)by);
}

/* Profit per account by loops over financials and activities. */
struct plain_profit {
	int has;
	int64_t revenue, cogs, cts;
};

static void plain_profits(const char *since, const char *until, struct plain_profit *out)
{
	memset(out, 0, (NACC + 1) * sizeof *out);
	static struct { int acc; char date[11]; int64_t cost_milli; } act[NACT];
	int64_t rate[NRATE + 1] = { 0 };
	sqlite3_stmt *st = prep("SELECT id, cost FROM rates");
	while (sqlite3_step(st) == SQLITE_ROW)
		rate[sqlite3_column_int(st, 0)] = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	int nact = 0;
	st = prep("SELECT account_id, date, rate_id, quantity FROM activities");
	while (sqlite3_step(st) == SQLITE_ROW) {
		act[nact].acc = sqlite3_column_int(st, 0);
		snprintf(act[nact].date, 11, "%s", sqlite3_column_text(st, 1));
		act[nact].cost_milli = sqlite3_column_int64(st, 3) * rate[sqlite3_column_int(st, 2)];
		nact++;
	}
	sqlite3_finalize(st);
	st = prep("SELECT account_id, period_start, period_end, revenue, cogs, cost_to_serve"
		  " FROM financials");
	while (sqlite3_step(st) == SQLITE_ROW) {
		int id = sqlite3_column_int(st, 0);
		const char *ps = (const char *)sqlite3_column_text(st, 1);
		const char *pe = (const char *)sqlite3_column_text(st, 2);
		if ((since && strcmp(pe, since) < 0) || (until && strcmp(pe, until) > 0))
			continue;
		struct plain_profit *p = &out[id];
		p->has = 1;
		p->revenue += sqlite3_column_int64(st, 3);
		p->cogs += sqlite3_column_int64(st, 4);
		if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
			p->cts += sqlite3_column_int64(st, 5);
		} else {
			int64_t milli = 0;
			for (int i = 0; i < nact; i++)
				if (act[i].acc == id && strcmp(act[i].date, ps) >= 0 &&
				    strcmp(act[i].date, pe) <= 0)
					milli += act[i].cost_milli;
			/* to the cent, half up: 0.5 cent = 500 thousandths */
			p->cts += milli / 1000 + (milli % 1000 >= 500);
		}
	}
	sqlite3_finalize(st);
}

/* The k-th smallest (0-based) of v by counting, not sorting. */
static int64_t kth(const int64_t *v, int n, int k)
{
	for (int i = 0; i < n; i++) {
		int less = 0, equal = 0;
		for (int j = 0; j < n; j++) {
			less += v[j] < v[i];
			equal += v[j] == v[i];
		}
		if (less <= k && k < less + equal)
			return v[i];
	}
	ck_abort_msg("kth: not found");
	return 0;
}

/* Twice the median (exact in integers). */
static int64_t median2(const int64_t *v, int n)
{
	if (n == 0)
		return 0;
	if (n % 2)
		return 2 * kth(v, n, n / 2);
	return kth(v, n, n / 2 - 1) + kth(v, n, n / 2);
}

static void cross_profit(const char *since, const char *until)
{
	static struct plain_profit pp[NACC + 1];
	plain_profits(since, until, pp);
	struct date_range r;
	char err[256];
	ck_assert_int_eq(date_range_set(&r, since, until, err, sizeof err), 0);
	struct profit_set ps;
	ck_assert_int_eq(profit_load(fx_store, &r, &ps, err, sizeof err), 0);

	int n = 0;
	static int64_t margins[NACC], costs[NACC], profits[NACC];
	static int ids[NACC];
	for (int id = 1; id <= NACC; id++) {
		if (!pp[id].has)
			continue;
		ids[n] = id;
		margins[n] = pp[id].revenue - pp[id].cogs;
		costs[n] = pp[id].cts;
		profits[n] = margins[n] - costs[n];
		n++;
	}
	ck_assert_uint_eq(ps.n, (size_t)n);
	if (!since && !until) {
		/* the figures-only load: the same accounts and sums, no names */
		struct profit_set fig;
		ck_assert_int_eq(profit_load_figures(fx_store, 0, &fig, err, sizeof err), 0);
		ck_assert_uint_eq(fig.n, (size_t)n);
		for (size_t i = 0; i < fig.n; i++) {
			const struct plain_profit *q = &pp[fig.v[i].account_id];
			ck_assert(q->has);
			ck_assert_ptr_null(fig.v[i].key);
			ck_assert_int_eq(fig.v[i].net_margin, q->revenue - q->cogs);
			ck_assert_int_eq(fig.v[i].cost_to_serve, q->cts);
			ck_assert_int_eq(fig.v[i].profit, q->revenue - q->cogs - q->cts);
		}
		profit_set_free(&fig);
		/* in key order with the rungs: element for element profit_load's */
		ck_assert_int_eq(profit_load_figures(fx_store, PROFIT_KEY_ORDER | PROFIT_LADDER, &fig,
						     err, sizeof err), 0);
		ck_assert_uint_eq(fig.n, ps.n);
		for (size_t i = 0; i < fig.n; i++) {
			ck_assert_ptr_null(fig.v[i].name);
			ck_assert_int_eq(fig.v[i].account_id, ps.v[i].account_id);
			ck_assert_int_eq(fig.v[i].ladder, ps.v[i].ladder);
			ck_assert_int_eq(fig.v[i].periods, ps.v[i].periods);
			ck_assert_int_eq(fig.v[i].profit, ps.v[i].profit);
		}
		profit_set_free(&fig);
	}
	for (size_t i = 0; i < ps.n; i++) {
		const struct account_profit *p = &ps.v[i];
		struct plain_profit *q = &pp[p->account_id];
		ck_assert(q->has);
		ck_assert_str_eq(p->key, accs[p->account_id].key);
		ck_assert_int_eq(p->revenue, q->revenue);
		ck_assert_int_eq(p->net_margin, q->revenue - q->cogs);
		ck_assert_int_eq(p->cost_to_serve, q->cts);
		ck_assert_int_eq(p->profit, q->revenue - q->cogs - q->cts);
		if (i)
			ck_assert(strcmp(ps.v[i - 1].key, p->key) < 0);
	}

	/* grid: medians by counting; classification in twice-the-value integers */
	int64_t m2 = median2(margins, n), c2 = median2(costs, n);
	struct grid_splits g;
	grid_splits_compute(&ps, NULL, &g);
	ck_assert(g.margin * 2 == (double)m2 && g.cost * 2 == (double)c2);
	for (int i = 0; i < n; i++) {
		int hm = 2 * margins[i] > m2, hc = 2 * costs[i] > c2;
		enum quadrant want = hm ? (hc ? QUADRANT_CARRIAGE_TRADE : QUADRANT_PASSIVE)
					: (hc ? QUADRANT_AGGRESSIVE : QUADRANT_BARGAIN_BASEMENT);
		ck_assert_int_eq(grid_classify(&g, margins[i], costs[i]), want);
		/* ladder: same cost median */
		if (accs[ids[i]].ladder) {
			int hr = accs[ids[i]].ladder >= 5;
			enum ladder_group lg = hr ? (hc ? LADDER_PARTNER : LADDER_MVC)
						  : (hc ? LADDER_UNDESIRABLE : LADDER_SWITCHER);
			ck_assert_int_eq(ladder_classify(accs[ids[i]].ladder, costs[i],
							 ladder_effort_split(&ps)), lg);
		}
	}

	/* whale: rank by counting who beats whom; running sum by summing those */
	struct whale_curve w;
	whale_build(&ps, &w);
	ck_assert_uint_eq(w.n, (size_t)n);
	int64_t total = 0;
	for (int i = 0; i < n; i++)
		total += profits[i];
	ck_assert_int_eq(w.total_profit, total);
	int64_t best = INT64_MIN;
	long best_rank = 0;
	for (int i = 0; i < n; i++) {
		long rank = 1;
		int64_t cum = profits[i];
		for (int j = 0; j < n; j++) {
			if (j == i)
				continue;
			int above = profits[j] > profits[i] ||
				    (profits[j] == profits[i] &&
				     strcmp(accs[ids[j]].key, accs[ids[i]].key) < 0);
			if (above) {
				rank++;
				cum += profits[j];
			}
		}
		const struct whale_point *pt = &w.v[rank - 1];
		ck_assert_int_eq(ps.v[pt->index].account_id, ids[i]);
		ck_assert_int_eq(pt->rank, rank);
		ck_assert_int_eq(pt->cum_profit, cum);
		if (total)
			ck_assert(fabs(pt->cum_profit_pct - 100.0 * (double)cum / (double)total) < 1e-9);
		if (cum > best || (cum == best && rank < best_rank)) {
			best = cum;
			best_rank = rank;
		}
	}
	if (n) {
		ck_assert_int_eq(w.peak_rank, best_rank);
		ck_assert_int_eq(w.peak_profit, best);
		ck_assert_int_eq(w.tail_loss, best - total);
	}
	whale_free(&w);
	profit_set_free(&ps);
}

static void cross_wallet(const char *today_s)
{
	int32_t today = day(today_s);
	char from[11];
	value_date_fmt(today - 364, from, sizeof from);
	static struct plain_profit pp[NACC + 1];
	plain_profits(from, today_s, pp);
	char err[256];
	struct wallet_set ws;
	ck_assert_int_eq(wallet_load(fx_store, NULL, today, WALLET_PROFIT, &ws, err, sizeof err), 0);
	size_t want = 0;
	for (int id = 1; id <= NACC; id++)
		want += accs[id].has_wallet;
	ck_assert_uint_eq(ws.n, want);
	for (size_t i = 0; i < ws.n; i++) {
		const struct wallet_row *w = &ws.v[i];
		const struct plain_profit *q = &pp[w->account_id];
		ck_assert(accs[w->account_id].has_wallet);
		ck_assert_int_eq(w->wallet, accs[w->account_id].wallet);
		ck_assert_int_eq(w->revenue, q->revenue);
		ck_assert_int_eq(w->gap, accs[w->account_id].wallet - q->revenue);
		ck_assert_int_eq(w->profit, q->revenue - q->cogs - q->cts);
		if (i)
			ck_assert(ws.v[i - 1].gap > w->gap ||
				  (ws.v[i - 1].gap == w->gap && strcmp(ws.v[i - 1].key, w->key) < 0));
	}
	wallet_set_free(&ws);
	/* The revenue-only path (the report's) sums revenue by its own query:
	 * the same rows, revenue and gaps as the plain loops, profit left 0. */
	ck_assert_int_eq(wallet_load(fx_store, NULL, today, WALLET_REVENUE, &ws, err, sizeof err), 0);
	ck_assert_uint_eq(ws.n, want);
	for (size_t i = 0; i < ws.n; i++) {
		const struct wallet_row *w = &ws.v[i];
		ck_assert_int_eq(w->revenue, pp[w->account_id].revenue);
		ck_assert_int_eq(w->gap, accs[w->account_id].wallet - pp[w->account_id].revenue);
		ck_assert_int_eq(w->profit, 0);
	}
	wallet_set_free(&ws);
}

/* Roles: dates by loops over the rows of meetings, projects, problems. */
struct plain_role {
	char met[11], fin_last[11], fin_first[11], res_last[11], open_due[11];
};

struct role_check {
	struct plain_role *pr;
	int32_t today;
	size_t rows;
	const char *last_key;
	char prev[8];
	int prev_role;
};

static void max_into(char *dst, const char *v)
{
	if (v && *v && (!*dst || strcmp(v, dst) > 0))
		snprintf(dst, 11, "%s", v);
}

static void min_into(char *dst, const char *v)
{
	if (v && *v && (!*dst || strcmp(v, dst) < 0))
		snprintf(dst, 11, "%s", v);
}

static void plus_days(char *dst, const char *date, int n)
{
	if (!*date) {
		dst[0] = '\0';
		return;
	}
	value_date_fmt(day(date) + n, dst, 11);
}

static int check_role(const struct role_row *row, void *ctx)
{
	struct role_check *c = ctx;
	const struct plain_role *p = &c->pr[row->account_id];
	const struct acc *a = &accs[row->account_id];
	char last[11], due[11];
	switch (row->role) {
	case ROLE_RELATIONSHIP:
		strcpy(last, p->met);
		plus_days(due, p->met, 182);
		break;
	case ROLE_PROJECT:
		strcpy(last, p->fin_last);
		plus_days(due, p->fin_first, 30);
		break;
	default:
		strcpy(last, p->res_last);
		strcpy(due, p->open_due);
		break;
	}
	ck_assert_str_eq(row->account, a->key);
	ck_assert_str_eq(row->last, last);
	ck_assert_str_eq(row->due, due);
	int64_t holder = a->holder[row->role];
	ck_assert_int_eq(row->staff_id, holder);
	enum role_status want;
	if (!holder)
		want = STATUS_UNASSIGNED;
	else if (row->role == ROLE_RELATIONSHIP && !p->met[0])
		want = STATUS_OVERDUE;
	else if (!due[0])
		want = STATUS_OK;
	else if (day(due) < c->today)
		want = STATUS_OVERDUE;
	else if (day(due) - c->today <= 30)
		want = STATUS_DUE;
	else
		want = STATUS_OK;
	ck_assert_int_eq(row->status, want);
	/* order: key, then role */
	if (c->rows) {
		int k = strcmp(c->prev, row->account);
		ck_assert(k < 0 || (k == 0 && (int)row->role == c->prev_role + 1));
	}
	snprintf(c->prev, sizeof c->prev, "%s", row->account);
	c->prev_role = (int)row->role;
	c->rows++;
	return 0;
}

static void cross_roles(const char *today_s)
{
	static struct plain_role pr[NACC + 1];
	memset(pr, 0, sizeof pr);
	sqlite3_stmt *st = prep("SELECT account_id, date FROM meetings");
	while (sqlite3_step(st) == SQLITE_ROW)
		max_into(pr[sqlite3_column_int(st, 0)].met, (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	st = prep("SELECT account_id, finished, feedback_score FROM projects");
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct plain_role *p = &pr[sqlite3_column_int(st, 0)];
		const char *fin = (const char *)sqlite3_column_text(st, 1);
		max_into(p->fin_last, fin);
		if (sqlite3_column_type(st, 2) == SQLITE_NULL)
			min_into(p->fin_first, fin);
	}
	sqlite3_finalize(st);
	st = prep("SELECT account_id, due, resolved FROM problems");
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct plain_role *p = &pr[sqlite3_column_int(st, 0)];
		const char *res = (const char *)sqlite3_column_text(st, 2);
		max_into(p->res_last, res);
		if (!res)
			min_into(p->open_due, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	struct role_check c = { pr, day(today_s), 0, NULL, "", 0 };
	char err[256];
	ck_assert_int_eq(roles_each(fx_store, NULL, c.today, 0, check_role, &c, err, sizeof err), 0);
	ck_assert_uint_eq(c.rows, 3 * NACC);

	/* per staff: the role rows due/overdue they hold plus their open, dated
	 * action items due within 30 days */
	struct staff_load *v;
	size_t n;
	ck_assert_int_eq(roles_staff_loads(fx_store, NULL, c.today, &v, &n, err, sizeof err), 0);
	ck_assert_uint_eq(n, NSTAFF);
	for (size_t i = 0; i < n; i++) {
		long due = 0, overdue = 0, held = 0, idue = 0, iover = 0;
		for (int id = 1; id <= NACC; id++)
			for (int k = 0; k < 3; k++) {
				if (accs[id].holder[k] != v[i].staff_id)
					continue;
				held++;
				const struct plain_role *p = &pr[id];
				char d[11];
				if (k == 0 && !p->met[0]) {
					overdue++;
					continue;
				}
				if (k == 0)
					plus_days(d, p->met, 182);
				else if (k == 1)
					plus_days(d, p->fin_first, 30);
				else
					strcpy(d, p->open_due);
				if (!d[0])
					continue;
				if (day(d) < c.today)
					overdue++;
				else if (day(d) <= c.today + 30)
					due++;
			}
		st = prep("SELECT due, done FROM action_items WHERE staff_id = ?1");
		sqlite3_bind_int64(st, 1, v[i].staff_id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *d = (const char *)sqlite3_column_text(st, 0);
			if (!d || sqlite3_column_type(st, 1) != SQLITE_NULL)
				continue;
			if (day(d) < c.today)
				iover++;
			else if (day(d) <= c.today + 30)
				idue++;
		}
		sqlite3_finalize(st);
		ck_assert_str_eq(v[i].handle, handles[v[i].staff_id]);
		if (i)
			ck_assert(strcmp(v[i - 1].handle, v[i].handle) < 0);
		ck_assert_int_eq(v[i].roles, held);
		ck_assert_int_eq(v[i].due, due);
		ck_assert_int_eq(v[i].overdue, overdue);
		ck_assert_int_eq(v[i].items_due, idue);
		ck_assert_int_eq(v[i].items_overdue, iover);
	}
	staff_loads_free(v, n);
}

struct spec_check {
	size_t rows;
};

static int check_spectrum(const struct spectrum_row *row, void *ctx)
{
	struct spec_check *c = ctx;
	const struct acc *a = &accs[row->account_id];
	/* the definition as written: mean of (a-1)/4*100 over the attributes set */
	double sum = 0;
	int n = 0;
	for (int k = 0; k < 6; k++)
		if (a->attr[k]) {
			sum += (a->attr[k] - 1) / 4.0 * 100.0;
			n++;
		}
	ck_assert_int_eq(row->has_score, n > 0);
	if (n)
		ck_assert(fabs(row->score - sum / n) < 1e-9);
	int want;
	if (a->rel >= 0)
		want = a->rel;
	else if (!n)
		want = POSITION_UNKNOWN;
	else if (sum / n < 40 - 1e-9)
		want = POSITION_TRANSACTIONAL;
	else if (sum / n > 60 + 1e-9)
		want = POSITION_COLLABORATIVE;
	else
		want = POSITION_VALUE_ADDING;
	ck_assert_int_eq(row->position, want);
	c->rows++;
	return 0;
}

START_TEST(test_cross_check)
{
	generate(0x5eed0000ULL + (uint64_t)_i);
	load_plain();
	static const enum nps_by bys[] = { NPS_BY_NONE, NPS_BY_ACCOUNT, NPS_BY_SEGMENT,
					   NPS_BY_OWNER, NPS_BY_MONTH, NPS_BY_SURVEY };
	for (size_t i = 0; i < sizeof bys / sizeof *bys; i++) {
		cross_nps(bys[i], NULL, NULL);
		cross_nps(bys[i], "2024-02-10", "2024-11-30");
		cross_nps(bys[i], "2025-01-01", NULL);
	}
	cross_profit(NULL, NULL);
	cross_profit("2024-01-01", "2024-12-31");
	cross_profit(NULL, "2024-03-31");
	cross_profit("2024-07-01", NULL);
	cross_wallet("2025-01-31");
	cross_wallet("2024-12-15");
	cross_roles("2025-05-01");
	cross_roles("2025-06-30");
	struct spec_check sc = { 0 };
	char err[256];
	ck_assert_int_eq(spectrum_each(fx_store, check_spectrum, &sc, err, sizeof err), 0);
	ck_assert_uint_eq(sc.rows, NACC);

	/* every report runs in every format on the portfolio */
	setenv("RAPPORT_TODAY", "2025-03-01", 1);
	static const char *const fmts[] = { "text", "csv", "json" };
	for (int i = 0; report_names[i]; i++)
		for (int f = 0; f < 3; f++) {
			int rc;
			char *out = run(report_names[i], NULL, NULL, NULL, fmts[f], NULL, &rc,
					err, sizeof err);
			ck_assert_msg(rc == 0, "%s %s: %s", report_names[i], fmts[f], err);
			ck_assert(strlen(out) > 0);
			free(out);
		}
	unsetenv("RAPPORT_TODAY");
}
END_TEST

/* The roles cache (role_cache / role_dirty): its pages, ranks and counts
 * must give exactly roles_each's rows (checked against plain loops by
 * cross_roles) in the roles screen's order, written out here as the screen
 * used to compute it -- status (overdue, due, ok, unassigned), then the due
 * date with "none" first when overdue and last otherwise, then key, then
 * role -- after every kind of change, for the whole team and per holder. */
struct rc_row {
	char key[64], staff[32], last[11], due[11];
	int role;
	enum role_status status;
	int64_t ord;
};

struct rc_list {
	struct rc_row *v;
	size_t n, cap;
	int64_t staff;     /* keep only this holder's rows (0: all) */
	int only_overdue;
};

static int rc_keep(const struct role_row *row, void *ctx)
{
	struct rc_list *l = ctx;
	if ((l->staff && row->staff_id != l->staff) ||
	    (l->only_overdue && row->status != STATUS_OVERDUE))
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		ck_assert_ptr_nonnull(l->v);
	}
	struct rc_row *r = &l->v[l->n++];
	snprintf(r->key, sizeof r->key, "%s", row->account);
	snprintf(r->staff, sizeof r->staff, "%s", row->staff ? row->staff : "");
	snprintf(r->last, sizeof r->last, "%s", row->last);
	snprintf(r->due, sizeof r->due, "%s", row->due);
	r->role = (int)row->role;
	r->status = row->status;
	r->ord = row->ord;
	return 0;
}

static int rc_rank(enum role_status s)
{
	return s == STATUS_OVERDUE ? 0 : s == STATUS_DUE ? 1 : s == STATUS_OK ? 2 : 3;
}

static int rc_screen_cmp(const void *x, const void *y)
{
	const struct rc_row *a = x, *b = y;
	int ra = rc_rank(a->status), rb = rc_rank(b->status);
	if (ra != rb)
		return ra - rb;
	int ea = !a->due[0], eb = !b->due[0];
	if (ea != eb)
		return (ea ? -1 : 1) * (ra == 0 ? 1 : -1);
	int c = strcmp(a->due, b->due);
	if (c)
		return c;
	if ((c = strcmp(a->key, b->key)) != 0)
		return c;
	return a->role - b->role;
}

static int rc_key_cmp(const void *x, const void *y)
{
	const struct rc_row *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c ? c : a->role - b->role;
}

static void rc_same(const struct rc_row *a, const struct rc_row *b, const char *where, size_t i)
{
	ck_assert_msg(strcmp(a->key, b->key) == 0 && a->role == b->role &&
		      strcmp(a->staff, b->staff) == 0 && strcmp(a->last, b->last) == 0 &&
		      strcmp(a->due, b->due) == 0 && a->status == b->status && a->ord == b->ord,
		      "%s row %zu: want %s/%d %s %s %s %d, got %s/%d %s %s %s %d", where, i,
		      a->key, a->role, a->staff, a->last, a->due, a->status,
		      b->key, b->role, b->staff, b->last, b->due, b->status);
}

/* Compare the cache with roles_each for cfg, today and staff (0: all). */
static void cross_role_cache(const struct rapport_config *cfg, const char *today_s, int64_t staff)
{
	char err[256];
	int32_t today = day(today_s);
	struct rc_list want = { .staff = staff };
	ck_assert_int_eq(roles_each(fx_store, cfg, today, 0, rc_keep, &want, err, sizeof err), 0);
	if (want.n)
		qsort(want.v, want.n, sizeof *want.v, rc_screen_cmp);
	long long n_over = 0, n_due = 0, n_ok = 0, n_un = 0;
	for (size_t i = 0; i < want.n; i++) {
		n_over += want.v[i].status == STATUS_OVERDUE;
		n_due += want.v[i].status == STATUS_DUE;
		n_ok += want.v[i].status == STATUS_OK;
		n_un += want.v[i].status == STATUS_UNASSIGNED;
	}

	int begun = roles_cache_begin(fx_store, cfg);
	ck_assert_int_eq(begun, 1);
	struct role_counts c;
	ck_assert_int_eq(roles_cache_counts(fx_store, cfg, today, staff, &c, err, sizeof err), 0);
	ck_assert_int_eq(c.rows, (long long)want.n);
	ck_assert_int_eq(c.overdue, n_over);
	ck_assert_int_eq(c.due, n_due);
	ck_assert_int_eq(c.ok, n_ok);
	ck_assert_int_eq(c.unassigned, n_un);

	/* every row, forward and backward */
	struct rc_list got = { 0 };
	ck_assert_int_eq(roles_cache_page(fx_store, cfg, today, staff, NULL, 1, 1 << 30, rc_keep,
					  &got, err, sizeof err), 0);
	ck_assert_uint_eq(got.n, want.n);
	for (size_t i = 0; i < want.n; i++)
		rc_same(&want.v[i], &got.v[i], "forward", i);
	got.n = 0;
	ck_assert_int_eq(roles_cache_page(fx_store, cfg, today, staff, NULL, -1, 1 << 30, rc_keep,
					  &got, err, sizeof err), 0);
	ck_assert_uint_eq(got.n, want.n);
	for (size_t i = 0; i < want.n; i++)
		rc_same(&want.v[want.n - 1 - i], &got.v[i], "backward", i);

	/* pages and ranks from anchors spread over the list */
	for (size_t i = 0; i < want.n; i += 1 + want.n / 23) {
		struct role_place at = { want.v[i].ord, want.v[i].key, want.v[i].role };
		long long rank;
		ck_assert_int_eq(roles_cache_rank(fx_store, staff, &at, 0, &rank, err, sizeof err), 0);
		ck_assert_int_eq(rank, (long long)i);
		ck_assert_int_eq(roles_cache_rank(fx_store, staff, &at, 1, &rank, err, sizeof err), 0);
		ck_assert_int_eq(rank, (long long)i + 1);
		got.n = 0;
		ck_assert_int_eq(roles_cache_page(fx_store, cfg, today, staff, &at, 1, 7, rc_keep,
						  &got, err, sizeof err), 0);
		ck_assert_uint_eq(got.n, want.n - i < 7 ? want.n - i : 7);
		for (size_t k = 0; k < got.n; k++)
			rc_same(&want.v[i + k], &got.v[k], "page forward", i + k);
		got.n = 0;
		ck_assert_int_eq(roles_cache_page(fx_store, cfg, today, staff, &at, -1, 5, rc_keep,
						  &got, err, sizeof err), 0);
		ck_assert_uint_eq(got.n, i + 1 < 5 ? i + 1 : 5);
		for (size_t k = 0; k < got.n; k++)
			rc_same(&want.v[i - k], &got.v[k], "page backward", i - k);
		/* an action item's place: after that account's roles at the same ord */
		at.role = ROLE_KINDS;
		size_t after = i;
		while (after < want.n && want.v[after].ord == at.ord &&
		       strcmp(want.v[after].key, at.account) == 0)
			after++;
		ck_assert_int_eq(roles_cache_rank(fx_store, staff, &at, 0, &rank, err, sizeof err), 0);
		ck_assert_int_eq(rank, (long long)after);
	}
	roles_cache_end(fx_store, begun);

	/* the overdue rows, as report overdue and the review read them */
	struct rc_list all = { .only_overdue = 1 }, over = { 0 };
	ck_assert_int_eq(roles_each(fx_store, cfg, today, 0, rc_keep, &all, err, sizeof err), 0);
	ck_assert_int_eq(roles_overdue_each(fx_store, cfg, today, 0, rc_keep, &over, err, sizeof err), 0);
	ck_assert_uint_eq(over.n, all.n);
	for (size_t i = 0; i < all.n; i++)
		rc_same(&all.v[i], &over.v[i], "overdue", i);
	/* by account: the same rows, each account's together in role order */
	over.n = 0;
	ck_assert_int_eq(roles_overdue_each(fx_store, cfg, today, 1, rc_keep, &over, err, sizeof err), 0);
	ck_assert_uint_eq(over.n, all.n);
	for (size_t i = 1; i < over.n; i++) {
		int same = strcmp(over.v[i - 1].key, over.v[i].key) == 0;
		ck_assert(!same || over.v[i - 1].role < over.v[i].role);
		for (size_t k = 0; !same && k + 1 < i; k++)
			ck_assert_msg(strcmp(over.v[k].key, over.v[i].key) != 0, "%s apart", over.v[i].key);
	}
	qsort(over.v, over.n, sizeof *over.v, rc_key_cmp);
	for (size_t i = 0; i < all.n; i++)
		rc_same(&all.v[i], &over.v[i], "overdue by account", i);
	free(all.v);
	free(over.v);
	free(got.v);
	free(want.v);
}

static long long role_dirty_count(void)
{
	return (long long)fx_num("SELECT count(*) FROM role_dirty");
}

START_TEST(test_role_cache_follows_changes)
{
	generate(11);
	load_plain();
	cross_roles("2025-05-01");   /* roles_each equals the plain loops on this data */
	cross_role_cache(NULL, "2025-05-01", 0);
	ck_assert_int_eq(role_dirty_count(), 0);
	int64_t holder = (int64_t)fx_num("SELECT staff_id FROM roles GROUP BY staff_id"
					 " ORDER BY count(*) DESC LIMIT 1");
	ck_assert(holder > 0);
	cross_role_cache(NULL, "2025-05-01", holder);
	static const char *const changes[] = {
		"INSERT INTO meetings(account_id, date) SELECT id, '2025-04-20' FROM accounts"
		" WHERE id % 17 = 0",
		"DELETE FROM meetings WHERE id % 5 = 0",
		"UPDATE meetings SET account_id = 1 + account_id % 40 WHERE id % 9 = 2",
		"UPDATE projects SET feedback_score = NULL WHERE id % 4 = 0",
		"UPDATE projects SET feedback_score = 7 WHERE id % 6 = 1",
		"UPDATE problems SET resolved = '2025-04-30' WHERE id % 3 = 0 AND resolved IS NULL",
		"INSERT INTO problems(account_id, title, opened, due) SELECT id, 'late', '2025-03-01',"
		" '2025-03-08' FROM accounts WHERE id % 19 = 3",
		"UPDATE roles SET staff_id = (SELECT min(id) FROM staff) WHERE id % 7 = 0",
		"DELETE FROM roles WHERE id % 11 = 0",
		"INSERT OR IGNORE INTO roles(account_id, role, staff_id) SELECT id, 'problem',"
		" (SELECT max(id) FROM staff) FROM accounts WHERE id % 13 = 0",
		"UPDATE accounts SET key = key || 'Z' WHERE id % 10 = 4",
		"INSERT INTO accounts(key, name) VALUES ('NEW1', 'New one'), ('AAA0', 'First')",
		"DELETE FROM accounts WHERE id IN (2, 30, 31)",
		"UPDATE accounts SET name = name || ' x' WHERE id % 3 = 0",   /* marks nothing */
	};
	for (size_t i = 0; i < sizeof changes / sizeof *changes; i++) {
		char err[256];
		/* inside a transaction the cache is stale and may not be
		 * refreshed: readers fall back to roles_each */
		ck_assert_int_eq(store_begin(fx_store, err, sizeof err), 0);
		fx_exec(changes[i]);
		int marks = i + 1 < sizeof changes / sizeof *changes;
		ck_assert_msg((role_dirty_count() > 0) == marks, "change %zu: marks %lld", i,
			      role_dirty_count());
		if (marks) {
			int begun = roles_cache_begin(fx_store, NULL);
			ck_assert_int_eq(begun, 0);
			roles_cache_end(fx_store, begun);
		}
		struct rc_list all = { .only_overdue = 1 }, over = { 0 };
		ck_assert_int_eq(roles_each(fx_store, NULL, day("2025-05-01"), 0, rc_keep, &all,
					    err, sizeof err), 0);
		ck_assert_int_eq(roles_overdue_each(fx_store, NULL, day("2025-05-01"), 0, rc_keep,
						    &over, err, sizeof err), 0);
		ck_assert_uint_eq(over.n, all.n);
		for (size_t k = 0; k < all.n; k++)
			rc_same(&all.v[k], &over.v[k], "overdue in a transaction", k);
		free(all.v);
		free(over.v);
		ck_assert_int_eq(store_commit(fx_store, err, sizeof err), 0);
		/* outside: refreshed (only the marked accounts), then equal */
		cross_role_cache(NULL, i % 2 ? "2025-05-01" : "2025-06-30", 0);
		ck_assert_int_eq(role_dirty_count(), 0);
		cross_role_cache(NULL, "2025-05-01", holder);
	}
	/* foreign keys off (another tool): a role naming no staff member is
	 * unassigned until a staff member takes that id (ids are reused) */
	fx_exec("PRAGMA foreign_keys = OFF");
	fx_exec("UPDATE roles SET staff_id = 9999 WHERE id % 5 = 1");
	cross_role_cache(NULL, "2025-05-01", 0);
	fx_exec("INSERT INTO staff(id, handle, name) VALUES (9999, 'late', 'Late Comer')");
	ck_assert(role_dirty_count() > 0);
	cross_role_cache(NULL, "2025-05-01", 0);
	cross_role_cache(NULL, "2025-05-01", 9999);
	fx_exec("UPDATE staff SET id = 9998 WHERE id = 9999");
	cross_role_cache(NULL, "2025-05-01", 0);
	fx_exec("PRAGMA foreign_keys = ON");
	/* other intervals: rebuilt for them */
	struct rapport_config cfg;
	config_defaults(&cfg);
	cfg.meeting_interval_days = 91;
	cfg.project_feedback_days = 5;
	cfg.due_soon_days = 60;
	cross_role_cache(&cfg, "2025-05-01", 0);
	cross_role_cache(&cfg, "2025-05-01", holder);
	config_free(&cfg);
	cross_role_cache(NULL, "2025-05-01", 0);
}
END_TEST

/* Same data inserted in another order gives byte-identical reports. */
/* The all-periods cache (profit_cache / profit_dirty): after each kind of
 * change to what profit depends on, profit_load without a range must still
 * equal the plain loops, whether it refreshed the cache or (inside an open
 * transaction, where it may not write) merged the dirty accounts itself. */
static long long dirty_count(void)
{
	sqlite3_stmt *st = prep("SELECT count(*) FROM profit_dirty");
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	long long n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int fig_id_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct account_profit *)a)->account_id;
	int64_t y = ((const struct account_profit *)b)->account_id;
	return (x > y) - (x < y);
}

/* The figures from the cache (refreshed first) against profit_load without
 * a range read inside a transaction, where the cache cannot be refreshed
 * and the dirty accounts are summed afresh: same accounts, same sums. */
static void figures_match_load(void)
{
	char err[256];
	struct profit_set fig, key, ps;
	ck_assert_int_eq(profit_load_figures(fx_store, 0, &fig, err, sizeof err), 0);
	ck_assert_int_eq(profit_load_figures(fx_store, PROFIT_KEY_ORDER | PROFIT_LADDER, &key,
					     err, sizeof err), 0);
	ck_assert_int_eq(store_begin(fx_store, err, sizeof err), 0);
	fx_exec("INSERT INTO profit_dirty VALUES (0)");   /* everything from financials */
	ck_assert_int_eq(profit_load(fx_store, NULL, &ps, err, sizeof err), 0);
	store_rollback(fx_store);
	ck_assert_uint_eq(fig.n, ps.n);
	ck_assert_uint_eq(key.n, ps.n);
	for (size_t i = 0; i < ps.n; i++) {
		ck_assert_int_eq(key.v[i].account_id, ps.v[i].account_id);
		ck_assert_int_eq(key.v[i].ladder, ps.v[i].ladder);
		ck_assert_int_eq(key.v[i].profit, ps.v[i].profit);
	}
	qsort(ps.v, ps.n, sizeof *ps.v, fig_id_cmp);
	qsort(fig.v, fig.n, sizeof *fig.v, fig_id_cmp);
	for (size_t i = 0; i < ps.n; i++) {
		ck_assert_int_eq(fig.v[i].account_id, ps.v[i].account_id);
		ck_assert_int_eq(fig.v[i].periods, ps.v[i].periods);
		ck_assert_int_eq(fig.v[i].profit, ps.v[i].profit);
		ck_assert_int_eq(fig.v[i].cost_to_serve, ps.v[i].cost_to_serve);
	}
	profit_set_free(&fig);
	profit_set_free(&key);
	profit_set_free(&ps);
}

START_TEST(test_profit_cache_follows_changes)
{
	generate(7);
	load_plain();
	cross_profit(NULL, NULL);                  /* fills the cache */
	ck_assert_int_eq(dirty_count(), 0);
	static const char *const changes[] = {
		"UPDATE financials SET revenue = revenue + 12345 WHERE id % 11 = 0",
		"UPDATE financials SET cost_to_serve = NULL WHERE id % 5 = 1",
		"UPDATE financials SET cost_to_serve = 777 WHERE id % 13 = 2",
		"DELETE FROM activities WHERE id % 7 = 0",
		"UPDATE activities SET account_id = 1 + account_id % 300 WHERE id % 9 = 4",
		"UPDATE activities SET quantity = quantity + 1500, date = date(date, '+20 days')"
		" WHERE id % 17 = 3",
		"UPDATE rates SET cost = cost + 1 WHERE id = 2",
		"DELETE FROM financials WHERE account_id IN (3, 4, 5)",
		"UPDATE financials SET period_end = date(period_end, '-10 days') WHERE id % 23 = 0",
		"INSERT INTO activities(account_id, date, rate_id, quantity)"
		" SELECT account_id, period_start, 1, 2500 FROM financials WHERE id % 29 = 0",
		/* the cache keeps the rung too (profit_load_figures) */
		"UPDATE accounts SET ladder = 1 + ifnull(ladder, 0) % 8 WHERE id % 3 = 0",
		"UPDATE accounts SET ladder = NULL WHERE id % 7 = 1",
	};
	for (size_t i = 0; i < sizeof changes / sizeof *changes; i++) {
		char err[256];
		/* inside a transaction: read exact without refreshing */
		ck_assert_int_eq(store_begin(fx_store, err, sizeof err), 0);
		fx_exec(changes[i]);
		ck_assert_msg(dirty_count() > 0, "change %zu marked nothing", i);
		cross_profit(NULL, NULL);
		ck_assert_msg(dirty_count() > 0, "change %zu: refreshed inside a transaction", i);
		ck_assert_int_eq(store_commit(fx_store, err, sizeof err), 0);
		/* outside: refreshes, then reads the cache */
		cross_profit(NULL, NULL);
		ck_assert_int_eq(dirty_count(), 0);
		cross_profit(NULL, NULL);
	}
	/* with foreign keys off (another tool), an account deleted leaves its
	 * financials behind: the cache follows profit_load, which drops them;
	 * and an account renumbered takes its figures along */
	fx_exec("PRAGMA foreign_keys = OFF");
	fx_exec("DELETE FROM accounts WHERE id IN (SELECT account_id FROM financials LIMIT 3)");
	ck_assert(dirty_count() > 0);
	figures_match_load();
	ck_assert_int_eq(dirty_count(), 0);
	fx_exec("UPDATE rates SET cost = cost + 2 WHERE id = 1");   /* a whole rebuild */
	figures_match_load();
	ck_assert_int_eq(dirty_count(), 0);
	fx_exec("UPDATE accounts SET id = 90000 WHERE id = (SELECT max(account_id) FROM financials)");
	figures_match_load();
	fx_exec("PRAGMA foreign_keys = ON");
}
END_TEST

/* The all-dates NPS cache: after each kind of change to the responses, the
 * groupings and the distribution without a range still equal the plain
 * loops over nps, inside a transaction (no refresh possible) and after. */
static void cross_nps_all(void)
{
	static const enum nps_by bys[] = { NPS_BY_NONE, NPS_BY_ACCOUNT, NPS_BY_SEGMENT,
					   NPS_BY_OWNER, NPS_BY_MONTH, NPS_BY_SURVEY };
	for (size_t i = 0; i < sizeof bys / sizeof *bys; i++)
		cross_nps(bys[i], NULL, NULL);
	int64_t want[11] = { 0 }, got[11];
	sqlite3_stmt *st = prep("SELECT score FROM nps");
	while (sqlite3_step(st) == SQLITE_ROW)
		want[sqlite3_column_int(st, 0)]++;
	sqlite3_finalize(st);
	char err[256];
	ck_assert_int_eq(nps_distribution(fx_store, NULL, got, err, sizeof err), 0);
	for (int k = 0; k <= 10; k++)
		ck_assert_int_eq(got[k], want[k]);
}

START_TEST(test_nps_cache_follows_changes)
{
	generate(11);
	load_plain();
	cross_nps_all();
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM meta WHERE key = 'nps_cache'"), 1);
	static const char *const changes[] = {
		"INSERT INTO nps(account_id, score, date, survey) SELECT account_id, 10 - score,"
		" date(date, '+3 days'), 'problem' FROM nps WHERE id % 13 = 0",
		"UPDATE nps SET score = (score + 4) % 11 WHERE id % 7 = 1",
		"UPDATE nps SET date = date(date, '+1 month') WHERE id % 5 = 2",
		"UPDATE nps SET survey = 'transaction' WHERE id % 9 = 3",
		"DELETE FROM nps WHERE id % 6 = 4",
		"DELETE FROM nps WHERE id = (SELECT max(id) FROM nps)",
	};
	for (size_t i = 0; i < sizeof changes / sizeof *changes; i++) {
		char err[256];
		ck_assert_int_eq(store_begin(fx_store, err, sizeof err), 0);
		fx_exec(changes[i]);
		cross_nps_all();
		ck_assert_int_eq(store_commit(fx_store, err, sizeof err), 0);
		cross_nps_all();
		cross_nps_all();
	}
	/* a response inserted with an id below the newest (as another tool
	 * might): the count in the stamp notices */
	fx_exec("DELETE FROM nps WHERE id = 3");
	cross_nps_all();
	fx_exec("INSERT INTO nps(id, account_id, score, date) VALUES (3, 1, 0, '2024-05-05')");
	cross_nps_all();
}
END_TEST

START_TEST(test_order_independence)
{
	generate(42);
	setenv("RAPPORT_TODAY", "2025-03-01", 1);
	char *before[32];
	for (int i = 0; report_names[i] && i < 32; i++)
		before[i] = csv(report_names[i], i == 0 ? "account" : NULL, NULL, NULL);
	/* rebuild the event tables in reverse row order */
	fx_exec("CREATE TEMP TABLE n2 AS SELECT account_id, score, date, survey FROM nps ORDER BY id DESC;"
		"DELETE FROM nps; INSERT INTO nps(account_id, score, date, survey) SELECT * FROM n2;"
		"CREATE TEMP TABLE a2 AS SELECT account_id, date, rate_id, quantity FROM activities"
		" ORDER BY id DESC;"
		"DELETE FROM activities; INSERT INTO activities(account_id, date, rate_id, quantity)"
		" SELECT * FROM a2;"
		"CREATE TEMP TABLE f2 AS SELECT account_id, period, period_start, period_end, revenue,"
		" cogs, cost_to_serve FROM financials ORDER BY id DESC;"
		"DELETE FROM financials; INSERT INTO financials(account_id, period, period_start,"
		" period_end, revenue, cogs, cost_to_serve) SELECT * FROM f2;"
		"CREATE TEMP TABLE m2 AS SELECT account_id, date FROM meetings ORDER BY id DESC;"
		"DELETE FROM meetings; INSERT INTO meetings(account_id, date) SELECT * FROM m2;");
	for (int i = 0; report_names[i]; i++) {
		char *after = csv(report_names[i], i == 0 ? "account" : NULL, NULL, NULL);
		ck_assert_str_eq(after, before[i]);
		free(after);
		free(before[i]);
	}
	unsetenv("RAPPORT_TODAY");
}
END_TEST

static Suite *analytics_suite(void)
{
	Suite *s = suite_create("analytics");
	TCase *tc = tcase_create("hand");
	tcase_add_checked_fixture(tc, fx_setup, fx_teardown);
	tcase_add_test(tc, test_median_and_tenths);
	tcase_add_test(tc, test_date_range);
	tcase_add_test(tc, test_nps_formulas);
	tcase_add_test(tc, test_nps_all);
	tcase_add_test(tc, test_nps_by_account);
	tcase_add_test(tc, test_nps_by_segment_owner);
	tcase_add_test(tc, test_nps_by_month_survey);
	tcase_add_test(tc, test_nps_all_promoters);
	tcase_add_test(tc, test_profit_periods);
	tcase_add_test(tc, test_profit_breakdown);
	tcase_add_test(tc, test_grid_report);
	tcase_add_test(tc, test_grid_even_and_config);
	tcase_add_test(tc, test_grid_empty);
	tcase_add_test(tc, test_whale_positive);
	tcase_add_test(tc, test_whale_negative_total);
	tcase_add_test(tc, test_whale_zero_total);
	tcase_add_test(tc, test_ladder);
	tcase_add_test(tc, test_wallet_window_start);
	tcase_add_test(tc, test_wallet_window_end);
	tcase_add_test(tc, test_roles_report);
	tcase_add_test(tc, test_roles_status_rule);
	tcase_add_test(tc, test_roles_per_staff);
	tcase_add_test(tc, test_roles_config);
	tcase_add_test(tc, test_roles_lookups);
	tcase_add_test(tc, test_spectrum_report);
	tcase_add_test(tc, test_spectrum_history);
	tcase_add_test(tc, test_report_text_json);
	tcase_add_test(tc, test_report_text_utf8);
	tcase_add_test(tc, test_report_bad_input);
	suite_add_tcase(s, tc);

	TCase *cross = tcase_create("cross-check");
	tcase_add_checked_fixture(cross, fx_setup, fx_teardown);
	tcase_set_timeout(cross, 120);
	tcase_add_loop_test(cross, test_cross_check, 0, 3);
	tcase_add_test(cross, test_order_independence);
	tcase_add_test(cross, test_profit_cache_follows_changes);
	tcase_add_test(cross, test_nps_cache_follows_changes);
	tcase_add_test(cross, test_role_cache_follows_changes);
	suite_add_tcase(s, cross);
	return s;
}

int main(void)
{
	return run_suite(analytics_suite());
}
