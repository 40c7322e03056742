/* Check suite for the grid screen's geometry (gridview.h): quadrant totals,
 * members by profit, axis ranges with outliers, the lattice, binning and
 * the cursor's moves.  Sets are built by hand (no database needed), each
 * with its arithmetic in a comment. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/gridview.h"
#include "run_suite.h"

/* A set of n accounts: key k<i>, margin m[i] and cost c[i] in cents. */
struct fake {
	struct profit_set set;
	struct account_profit v[256];
	char keys[256][8];
};

static void fake_init(struct fake *f, size_t n, const int64_t *m, const int64_t *c)
{
	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < n; i++) {
		snprintf(f->keys[i], sizeof f->keys[i], "K%03u", (unsigned)(i % 1000));
		f->v[i].account_id = (int64_t)i + 1;
		f->v[i].key = f->keys[i];
		f->v[i].name = f->keys[i];
		f->v[i].net_margin = m[i];
		f->v[i].cost_to_serve = c[i];
		f->v[i].profit = m[i] - c[i];
	}
	f->set.v = f->v;
	f->set.n = n;
}

/* The screen fixture's eight accounts (tests/screen/data), in key order:
 * ACME BOLT CRÈME PEKING RED ROCKET TOKYO ZURICH. */
static const int64_t fx_m[] = { 4000000, 100000, 4500000, 5000000, 150000, 200000, 6000000, 2000000 };
static const int64_t fx_c[] = { 360000, 150000, 85500, 338475, 400000, 30000, 900000, 800000 };

START_TEST(test_summary_fixture)
{
	struct fake f;
	fake_init(&f, 8, fx_m, fx_c);
	struct grid_splits g;
	grid_splits_compute(&f.set, NULL, &g);
	/* margins sorted 1000 1500 2000 20000 | 40000 45000 50000 60000:
	 * median (20000 + 40000) / 2 = 30000.00; costs 300 855 1500 3384.75 |
	 * 3600 4000 8000 9000: (3384.75 + 3600) / 2 = 3492.375 */
	ck_assert(g.margin == 3000000.0);
	ck_assert(g.cost == 349237.5);
	struct grid_summary s;
	gridview_summarize(&f.set, &g, &s);
	/* passive: CRÈME 44145 + PEKING 46615.25 = 90760.25 */
	ck_assert_int_eq(s.count[QUADRANT_PASSIVE], 2);
	ck_assert_int_eq(s.profit[QUADRANT_PASSIVE], 9076025);
	/* carriage trade: ACME 36400 + TOKYO 51000 = 87400 */
	ck_assert_int_eq(s.count[QUADRANT_CARRIAGE_TRADE], 2);
	ck_assert_int_eq(s.profit[QUADRANT_CARRIAGE_TRADE], 8740000);
	/* bargain basement: BOLT -500 + ROCKET 1700 = 1200; BOLT loses */
	ck_assert_int_eq(s.count[QUADRANT_BARGAIN_BASEMENT], 2);
	ck_assert_int_eq(s.profit[QUADRANT_BARGAIN_BASEMENT], 120000);
	ck_assert_int_eq(s.losing[QUADRANT_BARGAIN_BASEMENT], 1);
	/* aggressive: RED -2500 + ZURICH 12000 = 9500; RED loses */
	ck_assert_int_eq(s.count[QUADRANT_AGGRESSIVE], 2);
	ck_assert_int_eq(s.profit[QUADRANT_AGGRESSIVE], 950000);
	ck_assert_int_eq(s.losing[QUADRANT_AGGRESSIVE], 1);
	ck_assert_int_eq(s.losing[QUADRANT_PASSIVE] + s.losing[QUADRANT_CARRIAGE_TRADE], 0);

	size_t idx[8];
	/* aggressive by profit: ZURICH (7) 12000, RED (4) -2500 */
	ck_assert_uint_eq(gridview_members(&f.set, &g, QUADRANT_AGGRESSIVE, idx), 2);
	ck_assert_uint_eq(idx[0], 7);
	ck_assert_uint_eq(idx[1], 4);
}
END_TEST

START_TEST(test_members_ties_by_key)
{
	/* three equal profits (100 - 50) and one better: best first, then keys */
	int64_t m[] = { 100, 100, 200, 100 }, c[] = { 50, 50, 50, 50 };
	struct fake f;
	fake_init(&f, 4, m, c);
	struct grid_splits g = { 1000, 1000, 1, 1 };   /* all bargain basement */
	size_t idx[4];
	ck_assert_uint_eq(gridview_members(&f.set, &g, QUADRANT_BARGAIN_BASEMENT, idx), 4);
	ck_assert_uint_eq(idx[0], 2);
	ck_assert_uint_eq(idx[1], 0);
	ck_assert_uint_eq(idx[2], 1);
	ck_assert_uint_eq(idx[3], 3);
	ck_assert_uint_eq(gridview_members(&f.set, &g, QUADRANT_PASSIVE, idx), 0);
}
END_TEST

START_TEST(test_axis_percentiles)
{
	/* 200 values 1..200 plus outliers: -100000 and 10^9.  n = 202: the 1st
	 * percentile is the ceil(2.02) = 3rd value (2), the 99th the
	 * ceil(199.98) = 200th (199); -100000 and 1 lie below, 200 and 10^9 above */
	int64_t v[202];
	for (int i = 0; i < 200; i++)
		v[i] = 200 - i;
	v[200] = -100000;
	v[201] = 1000000000;
	struct grid_axis a;
	gridview_axis(v, 202, 100, 0, &a);
	ck_assert(a.lo == 2.0);
	ck_assert(a.hi == 199.0);
	ck_assert_int_eq(a.below, 2);
	ck_assert_int_eq(a.above, 2);
	/* the split widens the range, so does zero on the cost axis */
	for (int i = 0; i < 200; i++)
		v[i] = 1000 + i;
	gridview_axis(v, 200, 5000, 1, &a);
	/* 1st percentile = 2nd value 1001, 99th = 198th 1197; 0 and 5000 taken in */
	ck_assert(a.lo == 0.0);
	ck_assert(a.hi == 5000.0);
	ck_assert_int_eq(a.below, 0);
	ck_assert_int_eq(a.above, 0);
	/* losses stay in: margins -500 .. -10 */
	int64_t w[3] = { -10, -500, -200 };
	gridview_axis(w, 3, -200, 0, &a);
	ck_assert(a.lo == -500.0);
	ck_assert(a.hi == -10.0);
	/* flat and empty ranges are widened by 1.00 (or 1%) each side */
	int64_t flat[2] = { 700, 700 };
	gridview_axis(flat, 2, 700, 0, &a);
	ck_assert(a.lo == 600.0 && a.hi == 800.0);
	int64_t big[1] = { 10000000 };
	gridview_axis(big, 1, 10000000, 0, &a);
	ck_assert(a.lo == 9900000.0 && a.hi == 10100000.0);
	gridview_axis(NULL, 0, 0, 1, &a);
	ck_assert(a.lo == -100.0 && a.hi == 100.0);
}
END_TEST

START_TEST(test_cells)
{
	struct grid_axis a = { 0, 100, 0, 0 };
	int pin;
	/* 10 cells of 10: 0 -> 0, 9.99 -> 0, 10 -> 1, 100 -> 9 (hi in the last) */
	ck_assert_int_eq(gridview_cell(&a, 0, 10, &pin), 0);
	ck_assert_int_eq(pin, 0);
	ck_assert_int_eq(gridview_cell(&a, 9.99, 10, NULL), 0);
	ck_assert_int_eq(gridview_cell(&a, 10, 10, NULL), 1);
	ck_assert_int_eq(gridview_cell(&a, 100, 10, &pin), 9);
	ck_assert_int_eq(pin, 0);
	ck_assert_int_eq(gridview_cell(&a, -1, 10, &pin), 0);
	ck_assert_int_eq(pin, -1);
	ck_assert_int_eq(gridview_cell(&a, 1e12, 10, &pin), 9);
	ck_assert_int_eq(pin, 1);
}
END_TEST

/* A plot of hand-placed accounts on a 10 x 8 lattice (5 x 2 cells): margin
 * and cost 0..1000 on both axes (forced by a split at 1000 and zero, and
 * by two anchor accounts at (0, 0) and (1000, 1000)). */
static void plot_of(struct fake *f, size_t n, const int64_t *m, const int64_t *c,
		    struct grid_plot *p)
{
	fake_init(f, n, m, c);
	struct grid_splits g = { 1000, 1000, 1, 1 };
	grid_plot_init(p, &f->set, &g);
	grid_plot_layout(p, &f->set, 10, 8);
}

START_TEST(test_nearest)
{
	/* sub-cells: x = floor(cost / 100) (1000 -> 9), y = floor(margin / 125) */
	int64_t m[] = { 0, 1000, 500, 500, 500, 620, 900, 500, 500 };
	int64_t c[] = { 0, 1000, 500, 800, 300, 700, 500, 500, 520 };
	/* K000 (0,0)  K001 (9,7)  K002 (5,4)  K003 (8,4)  K004 (3,4)
	 * K005 (7,4)  K006 (5,7)  K007 (5,4)  K008 (5,4): K002, K007, K008 stack */
	struct fake f;
	struct grid_plot p;
	plot_of(&f, 9, m, c, &p);
	ck_assert(p.x.lo == 0.0 && p.x.hi == 1000.0 && p.y.lo == 0.0 && p.y.hi == 1000.0);
	ck_assert_int_eq(p.px[2], 5);
	ck_assert_int_eq(p.py[2], 4);
	ck_assert_int_eq(p.px[5], 7);
	ck_assert_int_eq(p.py[5], 4);
	/* right from K002: the stack first, in key order: K007, then K008 */
	ck_assert_int_eq(grid_plot_nearest(&p, 2, GRID_RIGHT), 7);
	ck_assert_int_eq(grid_plot_nearest(&p, 7, GRID_RIGHT), 8);
	/* from the stack's last: K005 (7,4) at 2 beats K003 (8,4) at 3 */
	ck_assert_int_eq(grid_plot_nearest(&p, 8, GRID_RIGHT), 5);
	/* left walks the stack back: K008 -> K007 -> K002 -> K004 (3,4) */
	ck_assert_int_eq(grid_plot_nearest(&p, 8, GRID_LEFT), 7);
	ck_assert_int_eq(grid_plot_nearest(&p, 7, GRID_LEFT), 2);
	ck_assert_int_eq(grid_plot_nearest(&p, 2, GRID_LEFT), 4);
	/* up steps through the stack too (K002 -> K007); from its last, K008
	 * (5,4): K006 (5,7) straight up at 3, while K001 (9,7) at (4,3) lies
	 * outside the 45 degree cone of up (across 4 > along 3) */
	ck_assert_int_eq(grid_plot_nearest(&p, 2, GRID_UP), 7);
	ck_assert_int_eq(grid_plot_nearest(&p, 8, GRID_UP), 6);
	/* down is backward through a stack: K008 -> K007 */
	ck_assert_int_eq(grid_plot_nearest(&p, 8, GRID_DOWN), 7);
	/* from K006 (5,7) up: nothing; right: K001 (9,7) */
	ck_assert_int_eq(grid_plot_nearest(&p, 6, GRID_UP), -1);
	ck_assert_int_eq(grid_plot_nearest(&p, 6, GRID_RIGHT), 1);
	/* down from K004 (3,4): K000 (0,0) at (-3,-4) is within 45 degrees */
	ck_assert_int_eq(grid_plot_nearest(&p, 4, GRID_DOWN), 0);
	/* from K000 (0,0) right: K004 (3,4) is above 45 degrees (across 4 >
	 * along 3), K002 (5,4) is inside: the stack's first key */
	ck_assert_int_eq(grid_plot_nearest(&p, 0, GRID_RIGHT), 2);
	ck_assert_int_eq(grid_plot_nearest(&p, 99, GRID_RIGHT), -1);
	grid_plot_free(&p);
}
END_TEST

START_TEST(test_nearest_ties)
{
	/* from K000 (0,4): K001 (3,7) and K002 (3,1) both lie at squared
	 * distance 9 + 9 = 18 on the 45 degree edges of right's cone; K003
	 * (4,4) straight ahead at 16 is nearer and wins */
	int64_t m[] = { 500, 875, 125, 500, 0, 1000 };
	int64_t c[] = { 0, 300, 300, 400, 0, 1000 };
	struct fake f;
	struct grid_plot p;
	plot_of(&f, 6, m, c, &p);
	ck_assert_int_eq(p.py[1], 7);
	ck_assert_int_eq(p.py[2], 1);
	ck_assert_int_eq(grid_plot_nearest(&p, 0, GRID_RIGHT), 3);
	grid_plot_free(&p);
	/* without K003: a tie at 18 and across 3 each: key order, K001 */
	int64_t m2[] = { 500, 875, 125, 0, 1000 };
	int64_t c2[] = { 0, 300, 300, 0, 1000 };
	plot_of(&f, 5, m2, c2, &p);
	ck_assert_int_eq(grid_plot_nearest(&p, 0, GRID_RIGHT), 1);
	/* up from K003 (0,0): K000 (0,4) at 16; K002 (3,1) is outside the cone */
	ck_assert_int_eq(grid_plot_nearest(&p, 3, GRID_UP), 0);
	grid_plot_free(&p);
	/* equal distance 25, the smaller offset across wins over key order:
	 * from K000 (0,0) up, K001 (3,4) (across 3) loses to K002 (0,5) */
	int64_t m3[] = { 0, 500, 625, 1000 };
	int64_t c3[] = { 0, 300, 0, 1000 };
	plot_of(&f, 4, m3, c3, &p);
	ck_assert_int_eq(p.py[2], 5);
	ck_assert_int_eq(grid_plot_nearest(&p, 0, GRID_UP), 2);
	grid_plot_free(&p);
}
END_TEST

START_TEST(test_bins_and_pins)
{
	/* 4 x 2 cells = 8 x 8 sub-cells over 0..1000; an outlier far right */
	int64_t m[] = { 0, 1000, 1000, 990, 500 };
	int64_t c[] = { 0, 1000, 1000, 0, 99999999 };
	struct fake f;
	fake_init(&f, 5, m, c);
	struct grid_splits g = { 1000, 1000, 1, 1 };
	struct grid_plot p;
	grid_plot_init(&p, &f.set, &g);
	/* 5 costs: 1st pct = 1st value 0, 99th = 5th 99999999: no clamping
	 * below 100 values -- so clamp by hand for the test */
	p.x.hi = 1000;
	grid_plot_layout(&p, &f.set, 8, 8);
	uint32_t counts[8];
	uint8_t dots[8], pins[8];
	grid_plot_bins(&p, 4, 2, counts, dots, pins);
	/* K000 (0,0): cell row 1 col 0, bottom-left dot (bit 6) */
	ck_assert_uint_eq(counts[4], 1);
	ck_assert_uint_eq(dots[4], 0x40);
	/* K001, K002 (7,7): row 0 col 3, top-right dot (bit 3); K003 (0,7):
	 * row 0 col 0, top-left dot (bit 0) */
	ck_assert_uint_eq(dots[3] & 0x7f, 0x08);
	ck_assert_uint_eq(counts[0], 1);
	ck_assert_uint_eq(dots[0], 0x01);
	/* K004 pinned right at (7, 4): row 0 (sub-row 4 is the top cell's
	 * bottom row), col 3: bit 7, pinned right */
	ck_assert_uint_eq(p.pin[4], GRID_PIN_RIGHT);
	ck_assert_uint_eq(counts[3], 2 + 1);
	ck_assert_uint_eq(dots[3] & 0x80, 0x80);
	ck_assert_uint_eq(pins[3], GRID_PIN_RIGHT);
	ck_assert_uint_eq(pins[0], 0);
	int col, row;
	grid_plot_cell_of(&p, 4, &col, &row);
	ck_assert_int_eq(col, 3);
	ck_assert_int_eq(row, 0);
	grid_plot_free(&p);
}
END_TEST

static Suite *gridview_suite(void)
{
	Suite *s = suite_create("gridview");
	TCase *tc = tcase_create("gridview");
	tcase_add_test(tc, test_summary_fixture);
	tcase_add_test(tc, test_members_ties_by_key);
	tcase_add_test(tc, test_axis_percentiles);
	tcase_add_test(tc, test_cells);
	tcase_add_test(tc, test_nearest);
	tcase_add_test(tc, test_nearest_ties);
	tcase_add_test(tc, test_bins_and_pins);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(gridview_suite());
}
