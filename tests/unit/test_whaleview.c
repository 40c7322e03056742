/* Check suite for the whale-curve screen's arithmetic (whaleview.h):
 * shares of accounts and the curve sampled into plot columns.  Curves are
 * built by whale_build over hand-made profit sets, with the arithmetic in
 * comments; then a brute-force cross-check of the sampling. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/analytics.h"
#include "rapport/util.h"
#include "rapport/whaleview.h"
#include "run_suite.h"

#define EPS 1e-6

/* A profit set of n accounts K0000.. with the given profits (cents). */
static void make_set(struct profit_set *ps, const int64_t *profit, size_t n)
{
	ps->n = n;
	ps->v = xcalloc(n ? n : 1, sizeof *ps->v);
	for (size_t i = 0; i < n; i++) {
		char key[32];
		snprintf(key, sizeof key, "K%04zu", i);
		ps->v[i].account_id = (int64_t)i + 1;
		ps->v[i].key = xstrdup(key);
		ps->v[i].name = xstrdup(key);
		ps->v[i].profit = profit[i];
		ps->v[i].net_margin = profit[i];
	}
}

static void free_set(struct profit_set *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		free(ps->v[i].key);
		free(ps->v[i].name);
	}
	free(ps->v);
}

#define ck_span(s, l, h) do { \
	ck_assert_msg(fabs((s).lo - (l)) < EPS && fabs((s).hi - (h)) < EPS, \
		      "span [%f, %f], want [%f, %f]", (s).lo, (s).hi, (double)(l), (double)(h)); \
} while (0)

START_TEST(test_rank_at_share)
{
	struct whale_curve w;
	memset(&w, 0, sizeof w);
	ck_assert_int_eq(whale_rank_at_share(&w, 20), 0);      /* empty */
	w.n = 8;
	ck_assert_int_eq(whale_rank_at_share(&w, 20), 2);      /* 1.6 -> 2 */
	ck_assert_int_eq(whale_rank_at_share(&w, 0), 1);       /* at least one */
	ck_assert_int_eq(whale_rank_at_share(&w, 100), 8);
	ck_assert_int_eq(whale_rank_at_share(&w, 250), 8);     /* clamped */
	ck_assert_int_eq(whale_rank_at_share(&w, -5), 1);
	w.n = 10;
	ck_assert_int_eq(whale_rank_at_share(&w, 20), 2);      /* exactly 2 */
	w.n = 4;
	ck_assert_int_eq(whale_rank_at_share(&w, 20), 1);      /* 0.8 -> 1 */
	w.n = 100000;
	ck_assert_int_eq(whale_rank_at_share(&w, 20), 20000);
	w.n = 99487;
	ck_assert_int_eq(whale_rank_at_share(&w, 20), 19898); /* 19897.4 -> 19898 */
}
END_TEST

START_TEST(test_sample_hand)
{
	/* profits 50, 40, 30, -20: running 50 90 120 100 (total 100). */
	int64_t p[] = { 40, -20, 50, 30 };
	struct profit_set ps;
	make_set(&ps, p, 4);
	struct whale_curve w;
	whale_build(&ps, &w);
	ck_assert_int_eq(w.peak_rank, 3);
	struct whale_span s[8];

	/* 8 columns of half an account: the polyline (0,0) (1,50) (2,90)
	 * (3,120) (4,100) at t = 0, .5, 1, ... 4: 0 25 50 70 90 105 120 110 100 */
	whale_sample(&w, 8, s);
	ck_span(s[0], 0, 25);
	ck_span(s[1], 25, 50);
	ck_span(s[2], 50, 70);
	ck_span(s[3], 70, 90);
	ck_span(s[4], 90, 105);
	ck_span(s[5], 105, 120);
	ck_span(s[6], 110, 120);
	ck_span(s[7], 100, 110);

	/* 2 columns of two accounts: ends 0, 90 and the point 50 inside;
	 * then ends 90, 100 and the peak 120 inside. */
	whale_sample(&w, 2, s);
	ck_span(s[0], 0, 90);
	ck_span(s[1], 90, 120);

	/* 3 columns of 4/3 accounts: boundaries t = 4/3 (50 + 40/3) and
	 * t = 8/3 (90 + 2/3 * 30 = 110); points 1 | 2 | 3 inside each. */
	whale_sample(&w, 3, s);
	ck_span(s[0], 0, 50 + 40.0 / 3);
	ck_span(s[1], 50 + 40.0 / 3, 110);
	ck_span(s[2], 100, 120);

	/* one column: everything */
	whale_sample(&w, 1, s);
	ck_span(s[0], 0, 120);

	/* the column each rank's point lies in */
	ck_assert_int_eq(whale_column_of_rank(&w, 0, 8), 0);
	ck_assert_int_eq(whale_column_of_rank(&w, 1, 8), 1);   /* column 1 ends at t = 1 */
	ck_assert_int_eq(whale_column_of_rank(&w, 3, 8), 5);
	ck_assert_int_eq(whale_column_of_rank(&w, 4, 8), 7);
	ck_assert_int_eq(whale_column_of_rank(&w, 9, 8), 7);   /* past the end */
	ck_assert_int_eq(whale_column_of_rank(&w, 1, 3), 0);   /* 1 <= 4/3 */
	ck_assert_int_eq(whale_column_of_rank(&w, 2, 3), 1);   /* 4/3 < 2 <= 8/3 */
	ck_assert_int_eq(whale_column_of_rank(&w, 3, 3), 2);
	whale_free(&w);
	free_set(&ps);
}
END_TEST

START_TEST(test_sample_negative)
{
	/* all losses: -10, -30 -> running -10, -40; 2 columns of one account. */
	int64_t p[] = { -30, -10 };
	struct profit_set ps;
	make_set(&ps, p, 2);
	struct whale_curve w;
	whale_build(&ps, &w);
	ck_assert_int_eq(w.total_profit, -40);
	struct whale_span s[2];
	whale_sample(&w, 2, s);
	ck_span(s[0], -10, 0);
	ck_span(s[1], -40, -10);
	whale_free(&w);
	free_set(&ps);
}
END_TEST

START_TEST(test_sample_empty)
{
	struct profit_set ps = { 0 };
	struct whale_curve w;
	whale_build(&ps, &w);
	struct whale_span s[1] = { { 7, 7 } };
	whale_sample(&w, 1, s);                       /* leaves out alone */
	ck_span(s[0], 7, 7);
	ck_assert_int_eq(whale_column_of_rank(&w, 3, 10), 0);
	whale_free(&w);
}
END_TEST

/* Brute force: every span holds the interpolated ends and every point
 * inside its column, and is no wider than they are. */
START_TEST(test_sample_cross)
{
	size_t n = 1000;
	int64_t *p = xmalloc(n * sizeof *p);
	srand(42 + (unsigned)_i);
	for (size_t i = 0; i < n; i++)
		p[i] = (int64_t)(rand() % 200001) - 60000;
	struct profit_set ps;
	make_set(&ps, p, n);
	struct whale_curve w;
	whale_build(&ps, &w);
	static const int widths[] = { 1, 7, 333, 1000, 2500 };
	for (size_t k = 0; k < sizeof widths / sizeof *widths; k++) {
		int nc = widths[k];
		struct whale_span *s = xmalloc((size_t)nc * sizeof *s);
		whale_sample(&w, nc, s);
		for (int c = 0; c < nc; c++) {
			double t0 = (double)n * c / nc, t1 = (double)n * (c + 1) / nc;
			double lo = INFINITY, hi = -INFINITY;
			double ts[2] = { t0, t1 };
			for (int e = 0; e < 2; e++) {
				size_t i = (size_t)ts[e];
				double a = i ? (double)w.v[i - 1].cum_profit : 0;
				double b = i < n ? (double)w.v[i].cum_profit : a;
				double v = a + (ts[e] - (double)i) * (b - a);
				lo = fmin(lo, v);
				hi = fmax(hi, v);
			}
			for (size_t r = 1; r <= n; r++)
				if ((double)r > t0 && (double)r < t1) {
					lo = fmin(lo, (double)w.v[r - 1].cum_profit);
					hi = fmax(hi, (double)w.v[r - 1].cum_profit);
				}
			ck_assert_msg(fabs(s[c].lo - lo) < 1e-3 && fabs(s[c].hi - hi) < 1e-3,
				      "ncols %d column %d: [%f, %f], want [%f, %f]", nc, c,
				      s[c].lo, s[c].hi, lo, hi);
		}
		/* each rank's column contains its point */
		for (size_t r = 1; r <= n; r++) {
			int c = whale_column_of_rank(&w, (long)r, nc);
			double v = (double)w.v[r - 1].cum_profit;
			ck_assert(s[c].lo <= v + 1e-3 && v - 1e-3 <= s[c].hi);
		}
		free(s);
	}
	whale_free(&w);
	free_set(&ps);
	free(p);
}
END_TEST

static Suite *whaleview_suite(void)
{
	Suite *s = suite_create("whaleview");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_rank_at_share);
	tcase_add_test(tc, test_sample_hand);
	tcase_add_test(tc, test_sample_negative);
	tcase_add_test(tc, test_sample_empty);
	tcase_add_loop_test(tc, test_sample_cross, 0, 3);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(whaleview_suite());
}
