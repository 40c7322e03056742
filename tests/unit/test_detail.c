/* Check suite for the account detail's queries (detail.h) and
 * roles_account.  One small portfolio inserted with SQL; every expected
 * figure is worked out by hand in the comments. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "rapport/analytics.h"
#include "rapport/detail.h"
#include "rapport/kinds.h"
#include "rapport/util.h"
#include "rapport/values.h"
#include "run_suite.h"

static int32_t day(const char *s)
{
	int32_t d;
	char err[VALUE_ERR_MAX];
	ck_assert_msg(value_date(s, &d, err, sizeof err) == 0, "%s", err);
	return d;
}

/* "Today" for the whole suite. */
#define TODAY "2027-01-15"

/* ACME (id 1) carries everything; BETA (id 2) is there for the medians and
 * to prove that nothing of it leaks into ACME's detail. */
static void seed(void)
{
	fx_exec(
		"INSERT INTO staff(id, handle, name) VALUES (1, 'ann', 'Ann Lee'), (2, 'bob', 'Bob Roe');"
		"INSERT INTO accounts(id, key, name, segment, ladder, wallet, alternatives, dynamism, notes)"
		" VALUES (1, 'ACME', 'Acme Ünïcode', 'SMB', 5, 10000000, 5, 3, 'Key account');"
		"INSERT INTO accounts(id, key, name, relationship) VALUES (2, 'BETA', 'Beta', 'transactional');"
		"INSERT INTO contacts(account_id, name, title, buying_role) VALUES"
		" (1, 'Zoe Zhu', 'CFO', 'decider'), (1, 'Ann Bell', NULL, 'buyer'), (2, 'Other', NULL, NULL);"
		"INSERT INTO roles(account_id, role, staff_id) VALUES"
		" (1, 'relationship', 1), (1, 'problem', 2), (2, 'project', 1);"
		"INSERT INTO rates(id, activity, unit, cost) VALUES (1, 'order', 'order', 15000),"
		" (2, 'support', 'hour', 6000);"
		/* 2025: cost-to-serve given (100.00): its activities do not count */
		"INSERT INTO financials(account_id, period, period_start, period_end, revenue, cogs, cost_to_serve)"
		" VALUES (1, '2025', '2025-01-01', '2025-12-31', 200000, 150000, 10000),"
		/* 2026-Q1: cost-to-serve from activities */
		" (1, '2026-Q1', '2026-01-01', '2026-03-31', 100000, 60000, NULL),"
		" (2, '2026-Q1', '2026-01-01', '2026-03-31', 50000, 10000, 5000);"
		"INSERT INTO activities(account_id, date, rate_id, quantity) VALUES"
		" (1, '2025-06-01', 1, 10000),"      /* in 2025: cost given, ignored */
		" (1, '2026-02-01', 1, 2000),"       /* 2 orders x 150.00 = 300.00 */
		" (1, '2026-03-15', 2, 1500),"       /* 1.5 hours x 60.00 = 90.00 */
		" (1, '2026-05-01', 2, 4000);"       /* after the last period: in none */
		"INSERT INTO nps(id, account_id, score, date, survey, contact, comment) VALUES"
		" (1, 1, 10, '2026-01-10', 'relationship', 'Zoe Zhu', 'Great'),"
		" (2, 1, 9, '2026-02-01', 'transaction', NULL, NULL),"
		" (3, 1, 7, '2026-03-01', 'relationship', NULL, NULL),"
		" (4, 1, 3, '2026-03-01', 'problem', 'Ann Bell', 'Slow'),"
		" (5, 2, 0, '2026-12-01', 'relationship', NULL, NULL);"
		"INSERT INTO meetings(account_id, date, staff_id, notes, action_plan) VALUES"
		" (1, '2026-02-10', 2, 'Kick-off', NULL), (1, '2026-05-01', 1, 'Review', 'Price menu'),"
		" (2, '2026-12-24', 1, NULL, NULL);"
		"INSERT INTO projects(account_id, name, staff_id, started, finished, conditions, feedback_score)"
		" VALUES (1, 'Pilot', 1, '2026-01-01', '2026-03-01', 'On time', NULL),"
		" (1, 'Rollout', NULL, '2026-04-01', NULL, NULL, NULL),"
		" (1, 'Audit', 2, '2025-01-01', '2025-02-01', NULL, 8);"
		"INSERT INTO problems(account_id, title, opened, staff_id, due, resolved, satisfaction) VALUES"
		" (1, 'Late delivery', '2027-01-10', 2, '2027-01-17', NULL, NULL),"
		" (1, 'Wrong invoice', '2026-11-20', NULL, '2026-11-27', '2026-12-01', 6),"
		" (1, 'Broken part', '2027-01-01', NULL, '2027-01-20', NULL, NULL);"
		"INSERT INTO notes(account_id, created_at, author, body) VALUES"
		" (1, '2026-01-01T10:00:00.000Z', 'ann', 'First'),"
		" (1, '2026-02-01T10:00:00.000Z', NULL, 'Second');");
}

/* ---- overview ------------------------------------------------------------------ */

START_TEST(test_overview)
{
	seed();
	struct detail_overview ov;
	char err[256];
	ck_assert_int_eq(detail_overview_load(fx_store, 1, day(TODAY), &ov, err, sizeof err), 0);
	ck_assert_str_eq(ov.key, "ACME");
	ck_assert_str_eq(ov.name, "Acme Ünïcode");
	ck_assert_str_eq(ov.segment, "SMB");
	ck_assert_ptr_null(ov.industry);
	ck_assert_ptr_null(ov.country);
	ck_assert_str_eq(ov.notes, "Key account");
	ck_assert_int_eq(ov.version, 1);
	ck_assert_int_eq(ov.ladder, 5);

	/* spectrum: (5-1)/4*100 = 100 and (3-1)/4*100 = 50 -> 75: collaborative */
	ck_assert_int_eq(ov.has_score, 1);
	ck_assert(ov.score == 75.0);
	ck_assert_int_eq(ov.explicit_pos, 0);
	ck_assert_int_eq(ov.position, POSITION_COLLABORATIVE);

	/* profit over both periods:
	 * 2025:    2000.00 - 1500.00 = 500.00 margin, cost given 100.00 -> 400.00
	 * 2026-Q1: 1000.00 -  600.00 = 400.00 margin, cost 300.00 + 90.00 = 390.00 -> 10.00 */
	ck_assert_int_eq(ov.periods, 2);
	ck_assert_int_eq(ov.revenue, 300000);
	ck_assert_int_eq(ov.cogs, 210000);
	ck_assert_int_eq(ov.net_margin, 90000);
	ck_assert_int_eq(ov.cost_to_serve, 49000);
	ck_assert_int_eq(ov.profit, 41000);

	/* wallet window 2026-01-16 .. 2027-01-15: only 2026-Q1 (ends 2026-03-31)
	 * -> revenue 1000.00 of 100000.00 = 1.0%, gap 99000.00 */
	ck_assert_int_eq(ov.has_wallet, 1);
	ck_assert_int_eq(ov.wallet, 10000000);
	ck_assert_int_eq(ov.wallet_revenue, 100000);
	ck_assert_int_eq(ov.has_share, 1);
	ck_assert(ov.share_pct > 0.999 && ov.share_pct < 1.001);
	ck_assert_int_eq(ov.gap, 9900000);

	/* NPS: 10, 9 promoters; 7 passive; 3 detractor: 100*(2-1)/4 = 25.0;
	 * the last response: 2026-03-01, the later of the two that day (3) */
	ck_assert_int_eq(ov.nps.n, 4);
	ck_assert_int_eq(ov.nps.promoters, 2);
	ck_assert_int_eq(ov.nps.passives, 1);
	ck_assert_int_eq(ov.nps.detractors, 1);
	ck_assert_int_eq(ov.nps_tenths, 250);
	ck_assert_str_eq(ov.nps_last, "2026-03-01");
	ck_assert_int_eq(ov.nps_last_score, 3);

	ck_assert_str_eq(ov.owner[ROLE_RELATIONSHIP], "ann");
	ck_assert_ptr_null(ov.owner[ROLE_PROJECT]);
	ck_assert_str_eq(ov.owner[ROLE_PROBLEM], "bob");
	detail_overview_free(&ov);

	/* BETA: explicit position without attributes, no wallet, no NPS yet
	 * in range of anything but its own row */
	ck_assert_int_eq(detail_overview_load(fx_store, 2, day(TODAY), &ov, err, sizeof err), 0);
	ck_assert_int_eq(ov.has_score, 0);
	ck_assert_int_eq(ov.explicit_pos, 1);
	ck_assert_int_eq(ov.position, POSITION_TRANSACTIONAL);
	ck_assert_int_eq(ov.has_wallet, 0);
	ck_assert_int_eq(ov.ladder, 0);
	ck_assert_int_eq(ov.nps.n, 1);
	ck_assert_int_eq(ov.nps_tenths, -1000);
	ck_assert_str_eq(ov.owner[ROLE_PROJECT], "ann");
	detail_overview_free(&ov);

	/* gone */
	ck_assert_int_eq(detail_overview_load(fx_store, 99, day(TODAY), &ov, err, sizeof err), 1);
	detail_overview_free(&ov);
}
END_TEST

START_TEST(test_overview_empty_account)
{
	fx_exec("INSERT INTO accounts(id, key, name, wallet) VALUES (7, 'NEW', 'New', 0)");
	struct detail_overview ov;
	char err[256];
	ck_assert_int_eq(detail_overview_load(fx_store, 7, day(TODAY), &ov, err, sizeof err), 0);
	ck_assert_int_eq(ov.position, POSITION_UNKNOWN);
	ck_assert_int_eq(ov.periods, 0);
	ck_assert_int_eq(ov.profit, 0);
	ck_assert_int_eq(ov.has_wallet, 1);
	ck_assert_int_eq(ov.has_share, 0);   /* wallet 0: no share */
	ck_assert_int_eq(ov.gap, 0);
	ck_assert_int_eq(ov.nps.n, 0);
	ck_assert_int_eq(ov.nps_last_score, -1);
	ck_assert_str_eq(ov.nps_last, "");
	for (int k = 0; k < ROLE_KINDS; k++)
		ck_assert_ptr_null(ov.owner[k]);
	detail_overview_free(&ov);
}
END_TEST

START_TEST(test_grid_splits)
{
	seed();
	struct grid_splits g;
	char err[256];
	ck_assert_int_eq(detail_grid_splits(fx_store, NULL, &g, err, sizeof err), 0);
	/* margins 900.00 (ACME) and 400.00 (BETA): median 650.00;
	 * costs 490.00 and 50.00: median 270.00 */
	ck_assert(g.margin == 65000.0);
	ck_assert(g.cost == 27000.0);
	ck_assert_int_eq(grid_classify(&g, 90000, 49000), QUADRANT_CARRIAGE_TRADE);
	ck_assert_int_eq(grid_classify(&g, 40000, 5000), QUADRANT_BARGAIN_BASEMENT);

	struct rapport_config cfg;
	config_defaults(&cfg);
	cfg.has_margin_split = 1;
	cfg.margin_split = 100000;   /* 1000.00: ACME's 900.00 is low */
	ck_assert_int_eq(detail_grid_splits(fx_store, &cfg, &g, err, sizeof err), 0);
	ck_assert_int_eq(g.margin_fixed, 1);
	ck_assert_int_eq(g.cost_fixed, 0);
	ck_assert_int_eq(grid_classify(&g, 90000, 49000), QUADRANT_AGGRESSIVE);
	config_free(&cfg);
}
END_TEST

START_TEST(test_data_version)
{
	long long v0 = detail_data_version(fx_store);
	ck_assert(v0 >= 0);
	ck_assert(detail_data_version(fx_store) == v0);   /* nothing changed */
	fx_exec("INSERT INTO staff(handle, name) VALUES ('x', 'X')");
	ck_assert(detail_data_version(fx_store) != v0);   /* our own write counts */
}
END_TEST

/* ---- sections ------------------------------------------------------------------ */

/* Each walk appends one line per row to a string buffer. */
static int contact_line(const struct detail_contact *c, void *ctx)
{
	sb_printf(ctx, "%s|%s|%s\n", c->name, c->title ? c->title : "-",
		  c->buying_role ? c->buying_role : "-");
	ck_assert(c->id > 0 && c->version == 1);
	return 0;
}

START_TEST(test_contacts)
{
	seed();
	struct strbuf b = { 0 };
	char err[256];
	ck_assert_int_eq(detail_contacts(fx_store, 1, contact_line, &b, err, sizeof err), 0);
	ck_assert_str_eq(sb_str(&b), "Ann Bell|-|buyer\nZoe Zhu|CFO|decider\n");
	sb_free(&b);
}
END_TEST

static int team_line(const struct detail_role *r, void *ctx)
{
	sb_printf(ctx, "%s|%s|%s|%s|%s|%s|%d\n", role_kind_words[r->row.role],
		  r->row.staff ? r->row.staff : "-", r->staff_name ? r->staff_name : "-",
		  r->row.last, r->row.due, role_status_words[r->row.status], r->id > 0);
	return 0;
}

START_TEST(test_team)
{
	seed();
	struct strbuf b = { 0 };
	char err[256];
	/* relationship: last meeting 2026-05-01, due + 182 days = 2026-10-30 < today: overdue.
	 * project: nobody.  problem: last resolved 2026-12-01; earliest open due
	 * 2027-01-17 <= today + 30: due. */
	ck_assert_int_eq(detail_team(fx_store, NULL, 1, day(TODAY), team_line, &b, err, sizeof err), 0);
	ck_assert_str_eq(sb_str(&b),
			 "relationship|ann|Ann Lee|2026-05-01|2026-10-30|overdue|1\n"
			 "project|-|-|2026-03-01|2026-03-31|unassigned|0\n"
			 "problem|bob|Bob Roe|2026-12-01|2027-01-17|due|1\n");
	sb_free(&b);
}
END_TEST

struct role_cmp {
	struct store *s;
	int32_t today;
	long rows;
	struct role_row want[ROLE_KINDS];
	int n;
};

static int collect_one(const struct role_row *r, void *ctx)
{
	struct role_cmp *c = ctx;
	ck_assert_int_lt(c->n, ROLE_KINDS);
	c->want[c->n] = *r;
	c->want[c->n++].account = NULL; /* valid during the call only */
	return 0;
}

/* roles_account must give, for each account, the rows roles_each gives. */
static int compare_row(const struct role_row *r, void *ctx)
{
	struct role_cmp *c = ctx;
	if (r->role == ROLE_RELATIONSHIP) {
		char err[256];
		c->n = 0;
		ck_assert_int_eq(roles_account(c->s, NULL, c->today, r->account_id, collect_one, c,
					       err, sizeof err), 0);
		ck_assert_int_eq(c->n, ROLE_KINDS);
	}
	const struct role_row *w = &c->want[r->role];
	ck_assert_int_eq(w->account_id, r->account_id);
	ck_assert_int_eq(w->staff_id, r->staff_id);
	ck_assert_str_eq(w->last, r->last);
	ck_assert_str_eq(w->due, r->due);
	ck_assert_int_eq(w->status, r->status);
	c->rows++;
	return 0;
}

START_TEST(test_roles_account_matches_roles_each)
{
	seed();
	char err[256];
	struct role_cmp c = { fx_store, day(TODAY), 0, { { 0 } }, 0 };
	ck_assert_int_eq(roles_each(fx_store, NULL, c.today, 0, compare_row, &c, err, sizeof err), 0);
	ck_assert_int_eq(c.rows, 2 * ROLE_KINDS);
	/* an unknown account: no rows, no error */
	c.n = 0;
	ck_assert_int_eq(roles_account(fx_store, NULL, c.today, 99, collect_one, &c, err, sizeof err), 0);
	ck_assert_int_eq(c.n, 0);
}
END_TEST

static int nps_line(const struct detail_nps *n, void *ctx)
{
	sb_printf(ctx, "%lld|%s|%d|%s|%s|%s\n", (long long)n->id, n->date, n->score, n->survey,
		  n->contact ? n->contact : "-", n->comment ? n->comment : "-");
	return 0;
}

START_TEST(test_nps_history)
{
	seed();
	struct strbuf b = { 0 };
	char err[256];
	ck_assert_int_eq(detail_nps_history(fx_store, 1, nps_line, &b, err, sizeof err), 0);
	/* newest first; the two of 2026-03-01 by id descending */
	ck_assert_str_eq(sb_str(&b),
			 "4|2026-03-01|3|problem|Ann Bell|Slow\n"
			 "3|2026-03-01|7|relationship|-|-\n"
			 "2|2026-02-01|9|transaction|-|-\n"
			 "1|2026-01-10|10|relationship|Zoe Zhu|Great\n");
	sb_free(&b);
}
END_TEST

static int meeting_line(const struct detail_meeting *m, void *ctx)
{
	sb_printf(ctx, "%s|%s|%s|%s\n", m->date, m->staff ? m->staff : "-", m->notes ? m->notes : "-",
		  m->action_plan ? m->action_plan : "-");
	return 0;
}

static int project_line(const struct detail_project *p, void *ctx)
{
	sb_printf(ctx, "%s|%s|%s|%s|%d\n", p->name, p->staff ? p->staff : "-",
		  p->started ? p->started : "-", p->finished ? p->finished : "-", p->feedback);
	return 0;
}

static int problem_line(const struct detail_problem *p, void *ctx)
{
	sb_printf(ctx, "%s|%s|%s|%s|%d\n", p->title, p->opened, p->due,
		  p->resolved ? p->resolved : "-", p->satisfaction);
	return 0;
}

static int note_line(const struct detail_note *n, void *ctx)
{
	sb_printf(ctx, "%s|%s|%s\n", n->created_at, n->author ? n->author : "-", n->body);
	return 0;
}

START_TEST(test_activity_and_notes)
{
	seed();
	struct strbuf b = { 0 };
	char err[256];
	ck_assert_int_eq(detail_meetings(fx_store, 1, meeting_line, &b, err, sizeof err), 0);
	ck_assert_str_eq(sb_str(&b), "2026-05-01|ann|Review|Price menu\n2026-02-10|bob|Kick-off|-\n");
	sb_reset(&b);
	/* open first; then by the later of started/finished, newest first */
	ck_assert_int_eq(detail_projects(fx_store, 1, project_line, &b, err, sizeof err), 0);
	ck_assert_str_eq(sb_str(&b), "Rollout|-|2026-04-01|-|-1\n"
				     "Pilot|ann|2026-01-01|2026-03-01|-1\n"
				     "Audit|bob|2025-01-01|2025-02-01|8\n");
	sb_reset(&b);
	/* unresolved by due date, then resolved ones */
	ck_assert_int_eq(detail_problems(fx_store, 1, problem_line, &b, err, sizeof err), 0);
	ck_assert_str_eq(sb_str(&b), "Late delivery|2027-01-10|2027-01-17|-|-1\n"
				     "Broken part|2027-01-01|2027-01-20|-|-1\n"
				     "Wrong invoice|2026-11-20|2026-11-27|2026-12-01|6\n");
	sb_reset(&b);
	ck_assert_int_eq(detail_notes(fx_store, 1, note_line, &b, err, sizeof err), 0);
	ck_assert_str_eq(sb_str(&b), "2026-02-01T10:00:00.000Z|-|Second\n"
				     "2026-01-01T10:00:00.000Z|ann|First\n");
	sb_reset(&b);
	/* BETA has none of ACME's */
	ck_assert_int_eq(detail_problems(fx_store, 2, problem_line, &b, err, sizeof err), 0);
	ck_assert_int_eq(detail_notes(fx_store, 2, note_line, &b, err, sizeof err), 0);
	ck_assert_str_eq(sb_str(&b), "");
	sb_free(&b);
}
END_TEST

static int change_line(const struct detail_change *c, void *ctx)
{
	sb_printf(ctx, "%s|%s|%s|%s|%s|%s\n", c->kind, c->action, c->record ? c->record : "-",
		  c->field ? c->field : "-", c->old_value ? c->old_value : "-",
		  c->new_value ? c->new_value : "-");
	ck_assert_ptr_nonnull(c->at);
	return 0;
}

START_TEST(test_history)
{
	seed();
	fx_exec("UPDATE accounts SET ladder = 6, wallet = 12000050, version = version + 1 WHERE id = 1;"
		"UPDATE roles SET staff_id = 2 WHERE account_id = 1 AND role = 'relationship';"
		"DELETE FROM contacts WHERE name = 'Zoe Zhu';");
	struct strbuf b = { 0 };
	char err[256];
	long total = 0;
	ck_assert_int_eq(detail_history(fx_store, 1, 4, &total, change_line, &b, err, sizeof err), 0);
	/* inserts logged for ACME: account 1, contacts 2, roles 2, financials 2,
	 * meetings 2, projects 3, problems 3, notes 2 = 17 (NPS responses and
	 * activities are their own log); then ladder, wallet, staff, delete = 21 */
	ck_assert_int_eq(total, 21);
	/* newest first; staff by handle, money as in CSV; the deleted contact
	 * has no name any more */
	ck_assert_str_eq(sb_str(&b),
			 "contacts|delete|-|-|-|-\n"
			 "roles|update|relationship|staff|ann|bob\n"
			 "accounts|update|-|wallet|100000.00|120000.50\n"
			 "accounts|update|-|ladder|5|6\n");
	sb_reset(&b);
	ck_assert_int_eq(detail_history(fx_store, 1, 0, NULL, change_line, &b, err, sizeof err), 0);
	int lines = 0;
	for (const char *p = sb_str(&b); *p; p++)
		lines += *p == '\n';
	ck_assert_int_eq(lines, 21);
	ck_assert_ptr_nonnull(strstr(sb_str(&b), "contacts|insert|Ann Bell|-|-|-\n"));
	ck_assert_ptr_nonnull(strstr(sb_str(&b), "problems|insert|Late delivery|-|-|-\n"));
	sb_free(&b);
}
END_TEST

static int handle_line(const char *h, void *ctx)
{
	sb_printf(ctx, "%s ", h);
	return 0;
}

START_TEST(test_staff_handles)
{
	seed();
	struct strbuf b = { 0 };
	char err[256];
	ck_assert_int_eq(detail_staff_handles(fx_store, handle_line, &b, err, sizeof err), 0);
	ck_assert_str_eq(sb_str(&b), "ann bob ");
	sb_free(&b);
}
END_TEST

static int stop_first(const struct detail_nps *n, void *ctx)
{
	(void)n;
	++*(int *)ctx;
	return 1;
}

START_TEST(test_walk_stops)
{
	seed();
	int calls = 0;
	char err[256];
	ck_assert_int_eq(detail_nps_history(fx_store, 1, stop_first, &calls, err, sizeof err), 0);
	ck_assert_int_eq(calls, 1);
}
END_TEST

/* ---- what clears a role ------------------------------------------------ */

static int64_t id_of(const char *sql)
{
	return (int64_t)fx_num(sql);
}

START_TEST(test_clearing_record)
{
	fx_exec("INSERT INTO accounts(id, key, name) VALUES (1, 'ACME', 'Acme'), (2, 'BETA', 'Beta');"
		"INSERT INTO projects(account_id, name, started, finished, feedback_score) VALUES"
		" (1, 'Open', '2026-01-01', NULL, NULL),"          /* not finished: never */
		" (1, 'Scored', '2025-01-01', '2025-02-01', 7),"   /* has feedback: never */
		" (1, 'Zulu', '2026-01-01', '2026-03-01', NULL),"  /* earliest finished, */
		" (1, 'Alpha', '2026-01-01', '2026-03-01', NULL)," /* ... tie: Alpha first */
		" (1, 'Later', '2026-01-01', '2026-06-01', NULL),"
		" (2, 'Other', '2025-01-01', '2025-01-02', NULL);" /* another account */
		"INSERT INTO problems(account_id, title, opened, due, resolved) VALUES"
		" (1, 'Done', '2026-01-01', '2026-01-05', '2026-01-04'),"   /* resolved: never */
		" (1, 'Late', '2026-02-01', '2026-02-20', NULL),"
		" (1, 'Broken', '2026-02-03', '2026-02-10', NULL),"         /* earliest due, */
		" (1, 'Broken', '2026-02-01', '2026-02-10', NULL),"         /* tie: opened first */
		" (2, 'Other', '2025-01-01', '2025-01-02', NULL);");
	const struct kind *k = NULL;
	int64_t id = 0;
	char err[256];
	ck_assert_int_eq(detail_clearing_record(fx_store, 1, ROLE_PROJECT, &k, &id, err, sizeof err), 1);
	ck_assert_ptr_nonnull(k);
	ck_assert_str_eq(k->name, "projects");
	ck_assert_int_eq(id, id_of("SELECT id FROM projects WHERE name = 'Alpha'"));

	k = NULL;
	ck_assert_int_eq(detail_clearing_record(fx_store, 1, ROLE_PROBLEM, &k, &id, err, sizeof err), 1);
	ck_assert_ptr_nonnull(k);
	ck_assert_str_eq(k->name, "problems");
	ck_assert_int_eq(id, id_of("SELECT id FROM problems WHERE title = 'Broken'"
				   " AND opened = '2026-02-01'"));

	/* a relationship is cleared by a new meeting, not by a record */
	ck_assert_int_eq(detail_clearing_record(fx_store, 1, ROLE_RELATIONSHIP, &k, &id, err, sizeof err), 0);

	/* once given feedback / resolved, the next one in line */
	fx_exec("UPDATE projects SET feedback_score = 9, version = version + 1 WHERE name = 'Alpha';"
		"UPDATE problems SET resolved = '2026-02-11', version = version + 1 WHERE title = 'Broken';");
	ck_assert_int_eq(detail_clearing_record(fx_store, 1, ROLE_PROJECT, &k, &id, err, sizeof err), 1);
	ck_assert_int_eq(id, id_of("SELECT id FROM projects WHERE name = 'Zulu'"));
	ck_assert_int_eq(detail_clearing_record(fx_store, 1, ROLE_PROBLEM, &k, &id, err, sizeof err), 1);
	ck_assert_int_eq(id, id_of("SELECT id FROM problems WHERE title = 'Late'"));

	/* nothing to clear */
	fx_exec("UPDATE projects SET feedback_score = 5, version = version + 1 WHERE account_id = 1;"
		"UPDATE problems SET resolved = '2026-03-01', version = version + 1 WHERE account_id = 1;");
	ck_assert_int_eq(detail_clearing_record(fx_store, 1, ROLE_PROJECT, &k, &id, err, sizeof err), 0);
	ck_assert_int_eq(detail_clearing_record(fx_store, 1, ROLE_PROBLEM, &k, &id, err, sizeof err), 0);
	ck_assert_int_eq(detail_clearing_record(fx_store, 99, ROLE_PROJECT, &k, &id, err, sizeof err), 0);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("detail");
	TCase *tc = tcase_create("detail");
	tcase_add_checked_fixture(tc, fx_setup, fx_teardown);
	tcase_add_test(tc, test_overview);
	tcase_add_test(tc, test_overview_empty_account);
	tcase_add_test(tc, test_grid_splits);
	tcase_add_test(tc, test_data_version);
	tcase_add_test(tc, test_contacts);
	tcase_add_test(tc, test_team);
	tcase_add_test(tc, test_roles_account_matches_roles_each);
	tcase_add_test(tc, test_nps_history);
	tcase_add_test(tc, test_activity_and_notes);
	tcase_add_test(tc, test_history);
	tcase_add_test(tc, test_staff_handles);
	tcase_add_test(tc, test_walk_stops);
	tcase_add_test(tc, test_clearing_record);
	suite_add_tcase(su, tc);
	return run_suite(su);
}
