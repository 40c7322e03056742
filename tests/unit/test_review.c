/* Review meetings: each agenda rule on hand-made data, an account on
 * several rules, the since boundary, rule order and limits from the
 * configuration, closing with a snapshot, the summary, the minutes report
 * and overdue action items in `report overdue`.  Today is 2024-06-30. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "rapport/config.h"
#include "rapport/record.h"
#include "rapport/report.h"
#include "rapport/review.h"
#include "rapport/values.h"
#include "run_suite.h"

static int32_t today;

/* Accounts A B C (events) and P Q R S (financials, 2024-Q1, in cents):
 *          margin  cost-to-serve  profit
 *   P      1000.00     100.00     900.00   passive
 *   Q      1000.00     900.00     100.00   carriage-trade
 *   R       100.00      50.00      50.00   bargain-basement
 *   S       100.00     800.00    -700.00   aggressive, below break-even
 * Medians: margin (100+100+1000+1000) -> (100+1000)/2 = 550.00; cost
 * (50,100,800,900) -> (100+800)/2 = 450.00.  S: 100 <= 550 low, 800 > 450
 * high: aggressive; 100 < 800: below break-even (the only one: Q 1000 > 900). */
static void seed(void)
{
	char err[256];
	ck_assert_int_eq(value_date("2024-06-30", &today, err, sizeof err), 0);
	fx_exec("INSERT INTO staff(handle, name) VALUES ('ann', 'Ann'), ('bob', 'Bob');"
		"INSERT INTO accounts(key, name) VALUES ('A', 'Alpha'), ('B', 'Beta'), ('C', 'Gamma'),"
		" ('P', 'Pi'), ('Q', 'Quebec'), ('R', 'Romeo'), ('S', 'Sierra');"
		"INSERT INTO financials(account_id, period, period_start, period_end, revenue, cogs, cost_to_serve)"
		" SELECT a.id, '2024-Q1', '2024-01-01', '2024-03-31', v.column2, 0, v.column3 FROM (VALUES"
		" ('P', 100000, 10000), ('Q', 100000, 90000), ('R', 10000, 5000), ('S', 10000, 80000)) AS v"
		" JOIN accounts a ON a.key = v.column1;"
		/* detractors: A has two since 2024-04-01 (one on the day itself),
		 * B one the day before (not new), C a promoter */
		"INSERT INTO nps(account_id, score, date) VALUES (1, 3, '2024-04-01'), (1, 5, '2024-05-01'),"
		" (2, 6, '2024-03-31'), (3, 9, '2024-05-01'), (1, 2, '2024-07-01');"
		/* overdue: A's relationship last met 2023-01-01 (+182 = 2023-07-02),
		 * B's never met; C an open action item due 2024-06-01; done and
		 * future ones do not count */
		"INSERT INTO roles(account_id, role, staff_id) VALUES (1, 'relationship', 1), (2, 'relationship', 2);"
		"INSERT INTO meetings(account_id, date, staff_id) VALUES (1, '2023-01-01', 1);"
		"INSERT INTO action_items(account_id, text, staff_id, due, done) VALUES"
		" (3, 'send offer', 1, '2024-06-01', NULL), (3, 'old one', 1, '2024-01-01', '2024-02-01'),"
		" (2, 'later', 2, '2024-09-01', NULL);"
		/* spectrum: A moved (transactional -> value-adding), B is new since,
		 * C moved and came back */
		"INSERT INTO spectrum_history(account_id, date, position) VALUES"
		" (1, '2024-01-01', 'transactional'), (1, '2024-05-01', 'value-adding'),"
		" (2, '2024-05-01', 'collaborative'),"
		" (3, '2024-03-01', 'transactional'), (3, '2024-04-15', 'collaborative'),"
		" (3, '2024-05-15', 'transactional');"
		/* ladder: A 3 -> 5 since; B changed the moment before since */
		"INSERT INTO audit(at, kind, record_uid, account_id, action, field, old, new) VALUES"
		" ('2024-04-10T10:00:00.000Z', 'accounts', x'01', 1, 'update', 'ladder', '3', '4'),"
		" ('2024-04-12T10:00:00.000Z', 'accounts', x'01', 1, 'update', 'ladder', '4', '5'),"
		" ('2024-03-31T23:59:59.999Z', 'accounts', x'02', 2, 'update', 'ladder', '2', '6'),"
		" ('2024-05-01T10:00:00.000Z', 'accounts', x'03', 3, 'update', 'ladder', '4', '2'),"
		" ('2024-05-02T10:00:00.000Z', 'accounts', x'03', 3, 'update', 'ladder', '2', '4');");
}

static const struct agenda_item *find(const struct agenda *a, const char *key, size_t *pos)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i].key, key) == 0) {
			if (pos)
				*pos = i;
			return &a->v[i];
		}
	return NULL;
}

static void build(struct agenda *a, const struct rapport_config *cfg, int limit)
{
	char err[256];
	ck_assert_msg(agenda_build(fx_store, cfg, today, "2024-04-01", limit, a, err, sizeof err) == 0,
		      "%s", err);
}

START_TEST(every_rule_on_hand_made_data)
{
	seed();
	/* _i = 1: an account with a far id and no data makes the ids sparse;
	 * the rules then take their other path (key ranks by binary search,
	 * detractors grouped by SQLite): the same agenda */
	if (_i)
		fx_exec("INSERT INTO accounts(id, key, name) VALUES (5000000000, 'ZZ', 'Far')");
	struct agenda a;
	build(&a, NULL, 0);
	/* order: A (detractors), then overdue B, C (A already listed), then S
	 * (aggressive, break-even); quadrant: nothing to compare with */
	ck_assert_int_eq(a.n, 4);
	ck_assert_str_eq(a.v[0].key, "A");
	ck_assert_str_eq(a.v[0].name, "Alpha");
	ck_assert_str_eq(a.v[1].key, "B");
	ck_assert_str_eq(a.v[2].key, "C");
	ck_assert_str_eq(a.v[3].key, "S");

	/* A: four rules, in rule order */
	const struct agenda_item *it = &a.v[0];
	ck_assert_int_eq(it->nreasons, 4);
	ck_assert_int_eq(it->reasons[0].rule, RULE_DETRACTORS);
	ck_assert_str_eq(it->reasons[0].text, "2 new detractors since 2024-04-01 (lowest 3)");
	ck_assert_int_eq(it->reasons[1].rule, RULE_OVERDUE);
	ck_assert_str_eq(it->reasons[1].text, "overdue: relationship meeting due 2023-07-02 (ann)");
	ck_assert_int_eq(it->reasons[2].rule, RULE_SPECTRUM);
	ck_assert_str_eq(it->reasons[2].text, "spectrum transactional -> value-adding on 2024-05-01");
	ck_assert_int_eq(it->reasons[3].rule, RULE_LADDER);
	ck_assert_str_eq(it->reasons[3].text, "ladder 3 -> 5 on 2024-04-12");

	it = &a.v[1];
	ck_assert_int_eq(it->nreasons, 1);
	ck_assert_str_eq(it->reasons[0].text, "overdue: no meeting ever (bob)");
	it = &a.v[2];
	ck_assert_int_eq(it->nreasons, 1);
	ck_assert_str_eq(it->reasons[0].text, "overdue: 1 action item (due 2024-06-01)");
	it = &a.v[3];
	ck_assert_int_eq(it->nreasons, 2);
	ck_assert_str_eq(it->reasons[0].text, "aggressive quadrant (margin 100.00, cost-to-serve 800.00)");
	ck_assert_str_eq(it->reasons[1].text, "below break-even: profit -700.00");

	ck_assert_int_eq(a.matched[RULE_DETRACTORS], 1);
	ck_assert_int_eq(a.matched[RULE_OVERDUE], 3);
	ck_assert_int_eq(a.matched[RULE_AGGRESSIVE], 1);
	ck_assert_int_eq(a.matched[RULE_BREAKEVEN], 1);
	ck_assert_int_eq(a.matched[RULE_QUADRANT], 0);
	ck_assert_str_eq(a.note[RULE_QUADRANT], "no closed review yet to compare quadrants with");
	ck_assert_int_eq(a.matched[RULE_SPECTRUM], 1);
	ck_assert_int_eq(a.matched[RULE_LADDER], 1);
	ck_assert_int_eq(a.has_splits, 1);
	ck_assert(a.splits.margin == 55000.0 && a.splits.cost == 45000.0);
	agenda_free(&a);
}
END_TEST

/* The day before since is not new; the day itself is; nothing after today. */
START_TEST(since_boundary)
{
	seed();
	struct agenda a;
	char err[256];
	ck_assert_int_eq(agenda_build(fx_store, NULL, today, "2024-03-31", 0, &a, err, sizeof err), 0);
	const struct agenda_item *b = find(&a, "B", NULL);
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(b->reasons[0].text, "1 new detractor since 2024-03-31 (lowest 6)");
	/* B's ladder change at 23:59 on 2024-03-31 is since now */
	ck_assert_int_eq(a.matched[RULE_LADDER], 2);
	agenda_free(&a);
	ck_assert_int_eq(agenda_build(fx_store, NULL, today, "2024-04-02", 0, &a, err, sizeof err), 0);
	const struct agenda_item *x = find(&a, "A", NULL);
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->reasons[0].text, "1 new detractor since 2024-04-02 (lowest 5)");
	agenda_free(&a);
	ck_assert_int_eq(agenda_build(fx_store, NULL, today, "2024-02-30", 0, &a, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "since:"));
}
END_TEST

START_TEST(rules_and_order_from_config_and_limit)
{
	seed();
	struct rapport_config cfg;
	config_defaults(&cfg);
	for (int i = 0; i < cfg.nreview_rules; i++)
		free(cfg.review_rules[i]);
	cfg.review_rules[0] = strdup("breakeven");
	cfg.review_rules[1] = strdup("overdue");
	cfg.nreview_rules = 2;
	struct agenda a;
	build(&a, &cfg, 1);
	/* breakeven first: S; overdue keeps its best one only: B (never met) */
	ck_assert_int_eq(a.nrules, 2);
	ck_assert_int_eq(a.n, 2);
	ck_assert_str_eq(a.v[0].key, "S");
	ck_assert_str_eq(a.v[1].key, "B");
	ck_assert_int_eq(a.matched[RULE_OVERDUE], 3);
	ck_assert_int_eq(a.listed[RULE_OVERDUE], 1);
	ck_assert_int_eq(a.matched[RULE_DETRACTORS], 0);
	agenda_free(&a);
	config_free(&cfg);
}
END_TEST

/* Closing stores a snapshot; the next agenda lists quadrant changes since. */
START_TEST(close_and_quadrant_changes)
{
	seed();
	char err[256], since[11];
	struct review r;
	ck_assert_int_eq(review_open_current(fx_store, &r, err, sizeof err), 0);
	ck_assert_int_eq(review_default_since(fx_store, today, since, err, sizeof err), 0);
	ck_assert_str_eq(since, "2024-04-01");   /* 2024-06-30 - 90 days */
	int64_t id;
	ck_assert_int_eq(review_start(fx_store, "2024-06-30", "Q2", "2024-07-01", &id, err, sizeof err), -1);
	ck_assert_str_eq(err, "since: 2024-07-01 is after the meeting (2024-06-30)");
	ck_assert_msg(review_start(fx_store, "2024-06-30", "Q2", "2024-04-01", &id, err, sizeof err) == 0,
		      "%s", err);
	ck_assert_int_eq(review_open_current(fx_store, &r, err, sizeof err), 1);
	ck_assert_int_eq(r.id, id);
	ck_assert_str_eq(r.title, "Q2");
	ck_assert_int_eq(review_update(fx_store, id, "Q2 portfolio", "2024-03-01", err, sizeof err), 0);
	ck_assert_int_eq(review_open_current(fx_store, &r, err, sizeof err), 1);
	ck_assert_str_eq(r.title, "Q2 portfolio");
	ck_assert_str_eq(r.since, "2024-03-01");
	ck_assert_msg(review_close(fx_store, NULL, id, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(review_close(fx_store, NULL, id, err, sizeof err), -1);
	ck_assert_int_eq(review_open_current(fx_store, &r, err, sizeof err), 0);
	ck_assert_int_eq(fx_num("SELECT count(*) FROM review_snapshots"), 7);
	ck_assert_int_eq(fx_num("SELECT count(*) FROM review_snapshots WHERE quadrant IS NOT NULL"), 4);
	ck_assert_int_eq(fx_num("SELECT count(*) FROM review_snapshots s JOIN accounts a ON a.id ="
				" s.account_id WHERE a.key = 'S' AND s.quadrant = 'aggressive'"), 1);
	ck_assert_int_eq(review_default_since(fx_store, today, since, err, sizeof err), 0);
	ck_assert_str_eq(since, "2024-06-30");

	/* S's cost-to-serve drops to 0: cost median (0+50+100+900) -> 75.00;
	 * S 0 <= 75 -> bargain-basement; P 100 > 75 -> carriage-trade; Q, R
	 * unchanged.  Lowest profit first: S (100.00), then P (900.00). */
	fx_exec("UPDATE financials SET cost_to_serve = 0 WHERE account_id = 7");
	struct agenda a;
	build(&a, NULL, 0);
	ck_assert_int_eq(a.matched[RULE_QUADRANT], 2);
	ck_assert_str_eq(a.compared_with, "2024-06-30");
	ck_assert_str_eq(a.note[RULE_QUADRANT], "");
	size_t ps, pp;
	const struct agenda_item *s = find(&a, "S", &ps), *p = find(&a, "P", &pp);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_lt(ps, pp);
	ck_assert_str_eq(p->reasons[0].text, "quadrant passive -> carriage-trade since the review of 2024-06-30");
	ck_assert_str_eq(s->reasons[0].text,
			 "quadrant aggressive -> bargain-basement since the review of 2024-06-30");
	agenda_free(&a);
}
END_TEST

START_TEST(summary_for_the_room)
{
	seed();
	char err[256];
	/* responses of A: 2024-04-01 (3), 2024-05-01 (5) in 2024-Q2; 2024-07-01
	 * is after today; add one promoter in 2023-Q3 (the oldest quarter shown) */
	fx_exec("INSERT INTO nps(account_id, score, date) VALUES (1, 10, '2023-07-01'), (1, 9, '2023-06-30');"
		"INSERT INTO decisions(account_id, date, text, staff_id) VALUES (1, '2024-06-01', 'watch', 1),"
		" (1, '2024-06-20', 'visit', NULL);"
		"INSERT INTO action_items(account_id, text, staff_id, due) VALUES (1, 'call', 2, '2024-06-10');");
	struct agenda a;
	build(&a, NULL, 0);
	struct review_summary sm;
	ck_assert_msg(review_summary_load(fx_store, NULL, today, &a.splits, 1, &sm, err, sizeof err) == 0,
		      "%s", err);
	ck_assert_str_eq(sm.key, "A");
	ck_assert_str_eq(sm.name, "Alpha");
	ck_assert_int_eq(sm.has_profit, 0);
	ck_assert_int_eq(sm.has_quadrant, 0);
	ck_assert_int_eq(sm.nps.n, 5);   /* all responses, 2024-07-01 included */
	ck_assert_str_eq(sm.quarter[0], "2023-Q3");
	ck_assert_str_eq(sm.quarter[3], "2024-Q2");
	ck_assert_int_eq(sm.trend[0].n, 1);
	ck_assert_int_eq(sm.trend[0].promoters, 1);
	ck_assert_int_eq(sm.trend[1].n + sm.trend[2].n, 0);
	ck_assert_int_eq(sm.trend[3].n, 2);
	ck_assert_int_eq(sm.trend[3].detractors, 2);
	ck_assert_int_eq(sm.noverdue, 1);
	ck_assert_str_eq(sm.overdue[0], "relationship meeting: due 2023-07-02 (ann)");
	ck_assert_int_eq(sm.ndecisions, 2);
	ck_assert_str_eq(sm.decisions[0], "2024-06-20  visit");
	ck_assert_str_eq(sm.decisions[1], "2024-06-01  watch (ann)");
	ck_assert_int_eq(sm.nactions, 1);
	ck_assert_str_eq(sm.actions[0], "due 2024-06-10 OVERDUE  call (bob)");

	ck_assert_int_eq(review_summary_load(fx_store, NULL, today, &a.splits, 7, &sm, err, sizeof err), 0);
	ck_assert_int_eq(sm.has_quadrant, 1);
	ck_assert_int_eq(sm.quadrant, QUADRANT_AGGRESSIVE);
	ck_assert_int_eq(sm.below_break_even, 1);
	ck_assert_int_eq(sm.profit, -70000);
	ck_assert_int_eq(review_summary_load(fx_store, NULL, today, &a.splits, 99, &sm, err, sizeof err), 1);
	agenda_free(&a);
}
END_TEST

static char *run_report(const char *name, const char *since, const char *format)
{
	char *buf = NULL, err[256];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_msg(report_run(fx_store, NULL, name, NULL, since, NULL, format, f, err, sizeof err) == 0,
		      "%s", err);
	fclose(f);
	return buf;
}

START_TEST(minutes_report_csv)
{
	seed();
	char err[256];
	int64_t id;
	ck_assert_int_eq(review_start(fx_store, "2024-06-30", "Q2 review", "2024-04-01", &id, err, sizeof err), 0);
	ck_assert_int_eq(record_decision_add(fx_store, 7, id, "2024-06-30", "Raise prices 5%", "ann",
					     err, sizeof err), 0);
	ck_assert_int_eq(record_action_item_add(fx_store, 7, id, "Call the CFO, \"today\"", "bob",
						"2024-07-15", err, sizeof err), 0);
	ck_assert_int_eq(record_decision_add(fx_store, 1, id, "2024-06-30", "Keep as is", NULL,
					     err, sizeof err), 0);
	/* not from a review: not in the minutes */
	ck_assert_int_eq(record_decision_add(fx_store, 1, 0, "2024-06-30", "aside", NULL, err, sizeof err), 0);
	char *out = run_report("minutes", NULL, "csv");
	ck_assert_str_eq(out,
		"review,held_on,account,kind,text,owner,due\n"
		"Q2 review,2024-06-30,A,decision,Keep as is,,\n"
		"Q2 review,2024-06-30,S,decision,Raise prices 5%,ann,\n"
		"Q2 review,2024-06-30,S,action,\"Call the CFO, \"\"today\"\"\",bob,2024-07-15\n");
	free(out);
	out = run_report("minutes", "2024-07-01", "csv");
	ck_assert_str_eq(out, "review,held_on,account,kind,text,owner,due\n");
	free(out);
	out = run_report("minutes", NULL, "json");
	ck_assert_ptr_nonnull(strstr(out, "{\"review\":\"Q2 review\",\"held_on\":\"2024-06-30\","
				     "\"account\":\"A\",\"kind\":\"decision\",\"text\":\"Keep as is\","
				     "\"owner\":null,\"due\":null}"));
	free(out);
}
END_TEST

/* The accounts a review showed are in its minutes, with their reasons, before
 * their decisions; the first showing counts; a closed review records no more. */
START_TEST(minutes_list_accounts_shown)
{
	seed();
	char err[256];
	int64_t id;
	ck_assert_int_eq(review_start(fx_store, "2024-06-30", "Q2", "2024-04-01", &id, err, sizeof err), 0);
	ck_assert_int_eq(review_mark_shown(fx_store, id, 7, "why S", err, sizeof err), 0);
	ck_assert_int_eq(review_mark_shown(fx_store, id, 1, NULL, err, sizeof err), 0);
	ck_assert_int_eq(review_mark_shown(fx_store, id, 7, "again", err, sizeof err), 0);
	ck_assert_int_eq(review_mark_shown(fx_store, id, 99999, "no such account", err, sizeof err), 0);
	ck_assert_int_eq(record_decision_add(fx_store, 7, id, "2024-06-30", "Raise prices", NULL,
					     err, sizeof err), 0);
	char *out = run_report("minutes", NULL, "csv");
	ck_assert_str_eq(out,
		"review,held_on,account,kind,text,owner,due\n"
		"Q2,2024-06-30,A,discussed,,,\n"
		"Q2,2024-06-30,S,discussed,why S,,\n"
		"Q2,2024-06-30,S,decision,Raise prices,,\n");
	free(out);
	ck_assert_int_eq(review_close(fx_store, NULL, id, err, sizeof err), 0);
	ck_assert_int_eq(review_mark_shown(fx_store, id, 2, "late", err, sizeof err), 0);
	out = run_report("minutes", NULL, "csv");
	ck_assert_ptr_null(strstr(out, "late"));
	free(out);
}
END_TEST

/* Overdue action items join the overdue roles, after their account's roles. */
START_TEST(overdue_report_has_action_items)
{
	seed();
	setenv("RAPPORT_TODAY", "2024-06-30", 1);
	char *out = run_report("overdue", NULL, "csv");
	unsetenv("RAPPORT_TODAY");
	ck_assert_str_eq(out,
		"account,role,staff,last,due,status\n"
		"A,relationship,ann,2023-01-01,2023-07-02,overdue\n"
		"B,relationship,bob,,,overdue\n"
		"C,action,ann,,2024-06-01,overdue\n");
	free(out);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("review");
	TCase *tc = tcase_create("agenda");
	tcase_add_checked_fixture(tc, fx_setup, fx_teardown);
	tcase_add_loop_test(tc, every_rule_on_hand_made_data, 0, 2);
	tcase_add_test(tc, since_boundary);
	tcase_add_test(tc, rules_and_order_from_config_and_limit);
	tcase_add_test(tc, close_and_quadrant_changes);
	tcase_add_test(tc, summary_for_the_room);
	tcase_add_test(tc, minutes_report_csv);
	tcase_add_test(tc, minutes_list_accounts_shown);
	tcase_add_test(tc, overdue_report_has_action_items);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
