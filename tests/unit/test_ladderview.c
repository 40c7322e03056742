/* Check suite for the ladder and spectrum screen's core (ladderview.h):
 * groups and their member order against the ladder report, rungs, the
 * spectrum spread against the spectrum report, position changes from
 * spectrum_history and ladder moves from the audit log, each hand-worked. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "rapport/analytics.h"
#include "rapport/ladderview.h"
#include "rapport/report.h"
#include "rapport/util.h"
#include "run_suite.h"

static char err[512];

/* The ladder fixture of test_analytics' test_ladder plus one more partner:
 * cost-to-serve A 100 rung 6, B 300 rung 2, C 300 rung 5, D 50 rung 4,
 * E 200 unrated, F 400 rung 8, G no financials rung 3.
 * Median over the six with financials: 50 100 200 300 300 400 -> 250.
 * A high rung, 100 <= 250: mvc.  B low, 300 > 250: undesirable.
 * C high, 300 > 250: partner.  D low, 50: switcher.  F high, 400: partner.
 * E: no rung.  G: no financials: in no group, but on a rung. */
static void ladder_fixture(void)
{
	fx_exec("INSERT INTO accounts(id, key, name, ladder) VALUES (1, 'A', 'Ann & Co', 6),"
		" (2, 'B', 'B', 2), (3, 'C', 'C', 5), (4, 'D', 'D', 4), (5, 'E', 'E', NULL),"
		" (6, 'F', 'F', 8), (7, 'G', 'G', 3);"
		"INSERT INTO financials(account_id, period, period_start, period_end, revenue, cogs,"
		" cost_to_serve) SELECT id, '2024', '2024-01-01', '2024-12-31', 0, 0,"
		" CASE key WHEN 'A' THEN 10000 WHEN 'B' THEN 30000 WHEN 'C' THEN 30000"
		" WHEN 'D' THEN 5000 WHEN 'F' THEN 40000 ELSE 20000 END FROM accounts"
		" WHERE key <> 'G';");
}

START_TEST(test_groups)
{
	ladder_fixture();
	struct ladder_groups g;
	ck_assert_msg(ladder_groups_load(fx_store, NULL, &g, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(g.accounts, 6);
	ck_assert_int_eq(g.unrated, 1);
	ck_assert(g.effort_split == 25000.0);
	ck_assert_int_eq(g.n[LADDER_MVC], 1);
	ck_assert_int_eq(g.n[LADDER_PARTNER], 2);
	ck_assert_int_eq(g.n[LADDER_SWITCHER], 1);
	ck_assert_int_eq(g.n[LADDER_UNDESIRABLE], 1);
	/* partners by cost-to-serve, highest first: F 400, then C 300 */
	ck_assert_int_eq(g.members[LADDER_PARTNER][0].account_id, 6);
	ck_assert_int_eq(g.members[LADDER_PARTNER][0].rung, 8);
	ck_assert_int_eq(g.members[LADDER_PARTNER][0].cost_to_serve, 40000);
	ck_assert_int_eq(g.members[LADDER_PARTNER][1].account_id, 3);
	ck_assert_int_eq(g.members[LADDER_MVC][0].account_id, 1);
	ck_assert_int_eq(g.members[LADDER_UNDESIRABLE][0].account_id, 2);
	ck_assert_int_eq(g.members[LADDER_SWITCHER][0].account_id, 4);
	ladder_groups_free(&g);

	/* the same figures as the report */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_int_eq(report_run(fx_store, NULL, "ladder", NULL, NULL, NULL, "csv", f,
				    err, sizeof err), 0);
	fclose(f);
	ck_assert_str_eq(buf, "account,ladder,cost_to_serve,group\n"
			 "A,6,100.00,mvc\n"
			 "B,2,300.00,undesirable\n"
			 "C,5,300.00,partner\n"
			 "D,4,50.00,switcher\n"
			 "F,8,400.00,partner\n");
	free(buf);
}
END_TEST

START_TEST(test_groups_ties_and_range)
{
	/* equal costs: key order.  X, Y, Z all 100, rungs 7, 5, 6: the median
	 * is 100, nobody strictly above: all mvc, in key order X Y Z.  In
	 * 2023 (no period ends there) the set is empty. */
	fx_exec("INSERT INTO accounts(id, key, name, ladder) VALUES (3, 'X', 'X', 7),"
		" (1, 'Z', 'Z', 6), (2, 'Y', 'Y', 5);"
		"INSERT INTO financials(account_id, period, period_start, period_end, revenue, cogs,"
		" cost_to_serve) SELECT id, '2024', '2024-01-01', '2024-12-31', 0, 0, 10000"
		" FROM accounts;");
	struct ladder_groups g;
	ck_assert(ladder_groups_load(fx_store, NULL, &g, err, sizeof err) == 0);
	ck_assert_int_eq(g.n[LADDER_MVC], 3);
	ck_assert_int_eq(g.members[LADDER_MVC][0].account_id, 3);
	ck_assert_int_eq(g.members[LADDER_MVC][1].account_id, 2);
	ck_assert_int_eq(g.members[LADDER_MVC][2].account_id, 1);
	ladder_groups_free(&g);

	struct date_range r;
	ck_assert(date_range_set(&r, "2023-01-01", "2023-12-31", err, sizeof err) == 0);
	ck_assert(ladder_groups_load(fx_store, &r, &g, err, sizeof err) == 0);
	ck_assert_int_eq(g.accounts, 0);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(g.n[i], 0);
	ladder_groups_free(&g);
}
END_TEST

START_TEST(test_rungs)
{
	ladder_fixture();
	struct ladder_rungs r;
	ck_assert(ladder_rungs_count(fx_store, &r, err, sizeof err) == 0);
	/* A 6, B 2, C 5, D 4, E none, F 8, G 3: seven accounts, one unrated */
	ck_assert_int_eq(r.total, 7);
	ck_assert_int_eq(r.count[0], 1);
	long want[9] = { 1, 0, 1, 1, 1, 1, 1, 0, 1 };
	for (int i = 0; i < 9; i++)
		ck_assert_int_eq(r.count[i], want[i]);

	fx_exec("DELETE FROM accounts");
	ck_assert(ladder_rungs_count(fx_store, &r, err, sizeof err) == 0);
	ck_assert_int_eq(r.total, 0);
}
END_TEST

START_TEST(test_spread)
{
	/* P all 1s: score 0, transactional.  Q all 3s: 50, value-adding.
	 * R all 5s: 100, collaborative.  S all 5s but explicit transactional.
	 * T nothing: unknown.  U only linkages 4: 75, collaborative. */
	fx_exec("INSERT INTO accounts(key, name, relationship, alternatives, dynamism, importance,"
		" complexity, info_exchange, linkages) VALUES"
		" ('P', 'P', NULL, 1, 1, 1, 1, 1, 1), ('Q', 'Q', NULL, 3, 3, 3, 3, 3, 3),"
		" ('R', 'R', NULL, 5, 5, 5, 5, 5, 5), ('S', 'S', 'transactional', 5, 5, 5, 5, 5, 5),"
		" ('T', 'T', NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
		" ('U', 'U', NULL, NULL, NULL, NULL, NULL, NULL, 4);");
	struct spectrum_spread sp;
	ck_assert(spectrum_spread_count(fx_store, &sp, err, sizeof err) == 0);
	ck_assert_int_eq(sp.total, 6);
	ck_assert_int_eq(sp.count[POSITION_TRANSACTIONAL], 2);
	ck_assert_int_eq(sp.count[POSITION_VALUE_ADDING], 1);
	ck_assert_int_eq(sp.count[POSITION_COLLABORATIVE], 2);
	ck_assert_int_eq(sp.unknown, 1);

	/* kept in meta with its stamp: read back the same, and counted again
	 * after each kind of change (expected counts worked out by hand) */
	ck_assert(fx_num("SELECT count(*) FROM meta WHERE key = 'spectrum_spread'") == 1);
	struct { const char *sql; long t, v, c, u; } steps[] = {
		{ "SELECT 1", 2, 1, 2, 1 },
		/* Q: 3s -> 1s: transactional */
		{ "UPDATE accounts SET alternatives = 1, dynamism = 1, importance = 1, complexity = 1,"
		  " info_exchange = 1, linkages = 1 WHERE key = 'Q'", 3, 0, 2, 1 },
		/* T gets an explicit collaborative */
		{ "UPDATE accounts SET relationship = 'collaborative' WHERE key = 'T'", 3, 0, 3, 0 },
		/* a new account with only importance 3: value-adding */
		{ "INSERT INTO accounts(key, name, importance) VALUES ('V', 'V', 3)", 3, 1, 3, 0 },
		/* R goes */
		{ "DELETE FROM accounts WHERE key = 'R'", 3, 1, 2, 0 },
		/* a change to something else than the attributes: same counts */
		{ "UPDATE accounts SET name = 'Pe' WHERE key = 'P'", 3, 1, 2, 0 },
	};
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		fx_exec(steps[i].sql);
		for (int twice = 0; twice < 2; twice++) {   /* counted, then from meta */
			ck_assert(spectrum_spread_count(fx_store, &sp, err, sizeof err) == 0);
			ck_assert_int_eq(sp.count[POSITION_TRANSACTIONAL], steps[i].t);
			ck_assert_int_eq(sp.count[POSITION_VALUE_ADDING], steps[i].v);
			ck_assert_int_eq(sp.count[POSITION_COLLABORATIVE], steps[i].c);
			ck_assert_int_eq(sp.unknown, steps[i].u);
			ck_assert_int_eq(sp.total, steps[i].t + steps[i].v + steps[i].c + steps[i].u);
		}
	}
	/* a stale value under the current stamp would be believed: the stamp
	 * is what makes it safe (this checks the read path uses it) */
	char *stamp = store_meta_get(fx_store, "spectrum_spread");
	ck_assert_ptr_nonnull(stamp);
	char *space = strchr(stamp, ' ');
	ck_assert_ptr_nonnull(space);
	*space = '\0';
	char *fake = xasprintf("%s 9 9 9 9 36", stamp);
	ck_assert(store_meta_set(fx_store, "spectrum_spread", fake, err, sizeof err) == 0);
	ck_assert(spectrum_spread_count(fx_store, &sp, err, sizeof err) == 0);
	ck_assert_int_eq(sp.total, 36);
	free(fake);
	free(stamp);
}
END_TEST

/* history rows: account 1 A, 2 B, 3 C */
static void history_fixture(void)
{
	fx_exec("INSERT INTO accounts(id, key, name) VALUES (1, 'A', 'A'), (2, 'B', 'B'),"
		" (3, 'C', 'C');"
		"INSERT INTO spectrum_history(id, account_id, date, position, explicit) VALUES"
		/* A: initial 01-10, to value-adding 05-20, to collaborative 06-25 */
		" (1, 1, '2024-01-10', 'transactional', 0),"
		" (2, 1, '2024-05-20', 'value-adding', 0),"
		" (3, 1, '2024-06-25', 'collaborative', 0),"
		/* B: initial 04-15 inside the window (no move), then override only */
		" (4, 2, '2024-04-15', 'collaborative', 0),"
		" (5, 2, '2024-05-01', 'collaborative', 1),"
		/* C: unknown, then transactional on 03-01 (before the window),
		 * then two changes on 05-20 in recorded order, the second back */
		" (6, 3, '2024-01-10', 'unknown', 0),"
		" (7, 3, '2024-03-01', 'transactional', 0),"
		" (9, 3, '2024-05-20', 'transactional', 0),"
		" (8, 3, '2024-05-20', 'collaborative', 0);");
}

START_TEST(test_spectrum_moves)
{
	history_fixture();
	struct ladder_moves m;
	/* 90 days up to 2024-06-30: 2024-04-02 .. 2024-06-30 */
	ck_assert(spectrum_moves_load(fx_store, "2024-04-02", "2024-06-30", &m, err, sizeof err) == 0);
	/* newest first: A 06-25 va->collab; then 05-20 rows by id desc:
	 * C id 9 (prev id 8 collaborative -> transactional), C id 8 (prev id 7
	 * transactional -> collaborative), A id 2 (transactional -> value-adding).
	 * B: id 4 has no earlier row, id 5 only sets the override. */
	ck_assert_int_eq(m.n, 4);
	ck_assert_int_eq(m.v[0].account_id, 1);
	ck_assert_str_eq(m.v[0].date, "2024-06-25");
	ck_assert_int_eq(m.v[0].from, POSITION_VALUE_ADDING);
	ck_assert_int_eq(m.v[0].to, POSITION_COLLABORATIVE);
	ck_assert_int_eq(m.v[1].account_id, 3);
	ck_assert_int_eq(m.v[1].from, POSITION_COLLABORATIVE);
	ck_assert_int_eq(m.v[1].to, POSITION_TRANSACTIONAL);
	ck_assert_int_eq(m.v[2].account_id, 3);
	ck_assert_int_eq(m.v[2].from, POSITION_TRANSACTIONAL);
	ck_assert_int_eq(m.v[2].to, POSITION_COLLABORATIVE);
	ck_assert_int_eq(m.v[3].account_id, 1);
	ck_assert_str_eq(m.v[3].date, "2024-05-20");
	ck_assert_int_eq(m.v[3].from, POSITION_TRANSACTIONAL);
	ck_assert_int_eq(m.v[3].to, POSITION_VALUE_ADDING);
	ladder_moves_free(&m);

	/* a window with C's move from unknown on 03-01 */
	ck_assert(spectrum_moves_load(fx_store, "2024-03-01", "2024-03-01", &m, err, sizeof err) == 0);
	ck_assert_int_eq(m.n, 1);
	ck_assert_int_eq(m.v[0].from, POSITION_UNKNOWN);
	ck_assert_int_eq(m.v[0].to, POSITION_TRANSACTIONAL);
	ladder_moves_free(&m);

	/* an empty window */
	ck_assert(spectrum_moves_load(fx_store, "2025-01-01", "2025-12-31", &m, err, sizeof err) == 0);
	ck_assert_int_eq(m.n, 0);
	ladder_moves_free(&m);
}
END_TEST

START_TEST(test_spectrum_moves_recorded)
{
	/* through spectrum_record as import and forms call it */
	fx_exec("INSERT INTO accounts(id, key, name, alternatives) VALUES (1, 'A', 'A', 1)");
	ck_assert_int_eq(spectrum_record(fx_store, 1, "2024-05-01", err, sizeof err), 1);
	fx_exec("UPDATE accounts SET alternatives = 5 WHERE id = 1");
	ck_assert_int_eq(spectrum_record(fx_store, 1, "2024-06-01", err, sizeof err), 1);
	struct ladder_moves m;
	ck_assert(spectrum_moves_load(fx_store, "2024-04-02", "2024-06-30", &m, err, sizeof err) == 0);
	ck_assert_int_eq(m.n, 1);
	ck_assert_str_eq(m.v[0].date, "2024-06-01");
	ck_assert_int_eq(m.v[0].from, POSITION_TRANSACTIONAL);
	ck_assert_int_eq(m.v[0].to, POSITION_COLLABORATIVE);
	ladder_moves_free(&m);
}
END_TEST

START_TEST(test_ladder_moves)
{
	/* The audit triggers log each change of accounts.ladder; the times are
	 * then set by hand (the log takes the wall clock). */
	fx_exec("INSERT INTO accounts(id, key, name, ladder) VALUES (1, 'A', 'A', 3),"
		" (2, 'B', 'B', NULL), (3, 'C', 'C', 5);"
		"UPDATE accounts SET ladder = 5 WHERE id = 1;"       /* audit: 3 -> 5 */
		"UPDATE accounts SET ladder = 2 WHERE id = 2;"       /* NULL -> 2 */
		"UPDATE accounts SET name = 'Cee' WHERE id = 3;"     /* not the ladder */
		"UPDATE accounts SET ladder = 4 WHERE id = 3;"       /* 5 -> 4 */
		"UPDATE accounts SET ladder = 6 WHERE id = 1;"       /* 5 -> 6 */
		"UPDATE audit SET at = CASE account_id"
		"  WHEN 2 THEN '2024-06-30T23:59:59.999Z'"
		"  WHEN 3 THEN '2024-03-31T12:00:00.000Z' END"
		" WHERE field = 'ladder' AND account_id IN (2, 3);"
		"UPDATE audit SET at = CASE new WHEN '5' THEN '2024-04-02T00:00:00.000Z'"
		"  ELSE '2024-06-01T08:00:00.000Z' END"
		" WHERE field = 'ladder' AND account_id = 1;");
	struct ladder_moves m;
	ck_assert(ladder_moves_load(fx_store, "2024-04-02", "2024-06-30", &m, err, sizeof err) == 0);
	/* newest first: B 06-30 none -> 2; A 06-01 5 -> 6; A 04-02 3 -> 5.
	 * C's move on 03-31 is before the window. */
	ck_assert_int_eq(m.n, 3);
	ck_assert_int_eq(m.v[0].account_id, 2);
	ck_assert_str_eq(m.v[0].date, "2024-06-30");
	ck_assert_int_eq(m.v[0].from, 0);
	ck_assert_int_eq(m.v[0].to, 2);
	ck_assert_int_eq(m.v[1].account_id, 1);
	ck_assert_int_eq(m.v[1].from, 5);
	ck_assert_int_eq(m.v[1].to, 6);
	ck_assert_int_eq(m.v[2].account_id, 1);
	ck_assert_str_eq(m.v[2].date, "2024-04-02");
	ck_assert_int_eq(m.v[2].from, 3);
	ck_assert_int_eq(m.v[2].to, 5);
	ladder_moves_free(&m);

	/* a deleted account's moves are left out */
	fx_exec("DELETE FROM accounts WHERE id = 2");
	ck_assert(ladder_moves_load(fx_store, "2024-04-02", "2024-06-30", &m, err, sizeof err) == 0);
	ck_assert_int_eq(m.n, 2);
	ladder_moves_free(&m);
}
END_TEST

START_TEST(test_label)
{
	ladder_fixture();
	char *key, *name;
	ck_assert(ladderview_label(fx_store, 1, &key, &name, err, sizeof err) == 0);
	ck_assert_str_eq(key, "A");
	ck_assert_str_eq(name, "Ann & Co");
	free(key);
	free(name);
	ck_assert(ladderview_label(fx_store, 99, &key, &name, err, sizeof err) == 0);
	ck_assert_ptr_null(key);
	ck_assert_ptr_null(name);
}
END_TEST

START_TEST(test_empty)
{
	struct ladder_groups g;
	ck_assert(ladder_groups_load(fx_store, NULL, &g, err, sizeof err) == 0);
	ck_assert_int_eq(g.accounts, 0);
	ck_assert(g.effort_split == 0.0);
	ladder_groups_free(&g);
	struct spectrum_spread sp;
	ck_assert(spectrum_spread_count(fx_store, &sp, err, sizeof err) == 0);
	ck_assert_int_eq(sp.total, 0);
	struct ladder_moves m;
	ck_assert(ladder_moves_load(fx_store, "2024-01-01", "2024-12-31", &m, err, sizeof err) == 0);
	ck_assert_int_eq(m.n, 0);
	ladder_moves_free(&m);
}
END_TEST

static Suite *ladderview_suite(void)
{
	Suite *s = suite_create("ladderview");
	TCase *tc = tcase_create("hand");
	tcase_add_checked_fixture(tc, fx_setup, fx_teardown);
	tcase_add_test(tc, test_groups);
	tcase_add_test(tc, test_groups_ties_and_range);
	tcase_add_test(tc, test_rungs);
	tcase_add_test(tc, test_spread);
	tcase_add_test(tc, test_spectrum_moves);
	tcase_add_test(tc, test_spectrum_moves_recorded);
	tcase_add_test(tc, test_ladder_moves);
	tcase_add_test(tc, test_label);
	tcase_add_test(tc, test_empty);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(ladderview_suite());
}
