/* Check suite for the NPS screen's core figures (npsview.h): the 0-10
 * distribution and the recent detractors, hand-worked on a small set. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "rapport/analytics.h"
#include "rapport/npsview.h"
#include "rapport/util.h"
#include "run_suite.h"

/* Two accounts, eight responses (ids 1-8):
 *   id account score date        survey        comment
 *   1  A       10    2024-01-05  relationship
 *   2  A        6    2024-01-05  transaction   "late"     (detractor)
 *   3  B        0    2024-01-05  problem       "broken"   (detractor; same day, later id)
 *   4  B        9    2024-02-10  relationship
 *   5  A        7    2024-02-11  relationship
 *   6  B        3    2024-03-01  relationship  NULL       (detractor)
 *   7  A        8    2024-03-02  transaction
 *   8  A        6    2024-04-30  problem       "slow"     (detractor)
 * Scores: 0:1 3:1 6:2 7:1 8:1 9:1 10:1 -> n 8, P 2, D 4, NPS 100*(2-4)/8 = -25. */
static void seed(void)
{
	fx_exec("INSERT INTO accounts(id, key, name) VALUES (1, 'A', 'Alpha AG'), (2, 'B', 'Bé SA');"
		"INSERT INTO nps(id, account_id, score, date, survey, contact, comment) VALUES"
		" (1, 1, 10, '2024-01-05', 'relationship', NULL, NULL),"
		" (2, 1, 6, '2024-01-05', 'transaction', 'Ann', 'late'),"
		" (3, 2, 0, '2024-01-05', 'problem', NULL, 'broken'),"
		" (4, 2, 9, '2024-02-10', 'relationship', NULL, NULL),"
		" (5, 1, 7, '2024-02-11', 'relationship', NULL, NULL),"
		" (6, 2, 3, '2024-03-01', 'relationship', NULL, NULL),"
		" (7, 1, 8, '2024-03-02', 'transaction', NULL, NULL),"
		" (8, 1, 6, '2024-04-30', 'problem', NULL, 'slow');");
}

static void range(struct date_range *r, const char *since, const char *until)
{
	char err[256];
	ck_assert_msg(date_range_set(r, since, until, err, sizeof err) == 0, "%s", err);
}

static int grab_all(const struct nps_group *g, void *ctx)
{
	*(struct nps_counts *)ctx = g->c;
	return 0;
}

START_TEST(distribution_all)
{
	seed();
	int64_t c[11];
	char err[256];
	ck_assert_int_eq(nps_distribution(fx_store, NULL, c, err, sizeof err), 0);
	static const int64_t want[11] = { 1, 0, 0, 1, 0, 0, 2, 1, 1, 1, 1 };
	for (int i = 0; i <= 10; i++)
		ck_assert_msg(c[i] == want[i], "score %d: %lld, want %lld", i, (long long)c[i],
			      (long long)want[i]);
	/* agrees with nps_groups: n 8, P = c9 + c10 = 2, D = c0..c6 = 4 */
	struct nps_counts all = { 0 };
	ck_assert_int_eq(nps_groups(fx_store, NPS_BY_NONE, NULL, grab_all, &all, err, sizeof err), 0);
	ck_assert_int_eq(all.n, 8);
	ck_assert_int_eq(all.promoters, c[9] + c[10]);
	ck_assert_int_eq(all.detractors, c[0] + c[1] + c[2] + c[3] + c[4] + c[5] + c[6]);
}
END_TEST

START_TEST(distribution_range)
{
	seed();
	int64_t c[11];
	char err[256];
	struct date_range r;
	/* 2024-02-10 .. 2024-03-01 inclusive: ids 4 (9), 5 (7), 6 (3) */
	range(&r, "2024-02-10", "2024-03-01");
	ck_assert_int_eq(nps_distribution(fx_store, &r, c, err, sizeof err), 0);
	for (int i = 0; i <= 10; i++)
		ck_assert_int_eq(c[i], (i == 9 || i == 7 || i == 3) ? 1 : 0);
	/* only a lower bound: from 2024-03-02, ids 7 (8) and 8 (6) */
	range(&r, "2024-03-02", NULL);
	ck_assert_int_eq(nps_distribution(fx_store, &r, c, err, sizeof err), 0);
	for (int i = 0; i <= 10; i++)
		ck_assert_int_eq(c[i], (i == 8 || i == 6) ? 1 : 0);
}
END_TEST

START_TEST(distribution_empty)
{
	int64_t c[11];
	char err[256];
	memset(c, 0x55, sizeof c);
	ck_assert_int_eq(nps_distribution(fx_store, NULL, c, err, sizeof err), 0);
	for (int i = 0; i <= 10; i++)
		ck_assert_int_eq(c[i], 0);
}
END_TEST

struct seen {
	int n;
	int64_t id[16];
	char text[16][64];   /* "account date score survey contact|comment" */
	int stop_after;      /* stop after this many (0: never) */
};

static int keep(const struct nps_detractor *d, void *ctx)
{
	struct seen *s = ctx;
	ck_assert_int_lt(s->n, 16);
	s->id[s->n] = d->id;
	snprintf(s->text[s->n], sizeof s->text[0], "%s %s %d %s %s|%s", d->account, d->date,
		 d->score, d->survey, d->contact, d->comment);
	s->n++;
	return s->stop_after && s->n >= s->stop_after;
}

START_TEST(detractors_order)
{
	seed();
	struct seen s = { 0 };
	char err[256];
	ck_assert_int_eq(nps_detractors_recent(fx_store, NULL, 0, keep, &s, err, sizeof err), 0);
	/* newest first: 8 (04-30), 6 (03-01), then 01-05 by id descending: 3, 2 */
	ck_assert_int_eq(s.n, 4);
	ck_assert_int_eq(s.id[0], 8);
	ck_assert_int_eq(s.id[1], 6);
	ck_assert_int_eq(s.id[2], 3);
	ck_assert_int_eq(s.id[3], 2);
	ck_assert_str_eq(s.text[0], "A 2024-04-30 6 problem |slow");
	ck_assert_str_eq(s.text[1], "B 2024-03-01 3 relationship |");
	ck_assert_str_eq(s.text[2], "B 2024-01-05 0 problem |broken");
	ck_assert_str_eq(s.text[3], "A 2024-01-05 6 transaction Ann|late");
}
END_TEST

START_TEST(detractors_limit_range_stop)
{
	seed();
	char err[256];
	struct seen s = { 0 };
	ck_assert_int_eq(nps_detractors_recent(fx_store, NULL, 2, keep, &s, err, sizeof err), 0);
	ck_assert_int_eq(s.n, 2);
	ck_assert_int_eq(s.id[0], 8);
	ck_assert_int_eq(s.id[1], 6);

	struct date_range r;
	range(&r, NULL, "2024-03-01");   /* drops id 8 */
	memset(&s, 0, sizeof s);
	ck_assert_int_eq(nps_detractors_recent(fx_store, &r, 0, keep, &s, err, sizeof err), 0);
	ck_assert_int_eq(s.n, 3);
	ck_assert_int_eq(s.id[0], 6);
	ck_assert_int_eq(s.id[2], 2);

	memset(&s, 0, sizeof s);
	s.stop_after = 1;   /* the callback stops the walk: still success */
	ck_assert_int_eq(nps_detractors_recent(fx_store, NULL, 0, keep, &s, err, sizeof err), 0);
	ck_assert_int_eq(s.n, 1);

	range(&r, "2024-05-01", NULL);   /* nothing after the last response */
	memset(&s, 0, sizeof s);
	ck_assert_int_eq(nps_detractors_recent(fx_store, &r, 0, keep, &s, err, sizeof err), 0);
	ck_assert_int_eq(s.n, 0);
}
END_TEST

static Suite *npsview_suite(void)
{
	Suite *s = suite_create("npsview");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, fx_setup, fx_teardown);
	tcase_add_test(tc, distribution_all);
	tcase_add_test(tc, distribution_range);
	tcase_add_test(tc, distribution_empty);
	tcase_add_test(tc, detractors_order);
	tcase_add_test(tc, detractors_limit_range_stop);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(npsview_suite());
}
