/* The account list's incremental search: its in-memory matcher against a
 * second method, SQLite's own `key LIKE ? ESCAPE '\' OR name LIKE ? ...`
 * over the same rows, for counts and for every page walked by key set in
 * every sort order; and a change of the data seen by the next search. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "rapport/accounts.h"
#include "rapport/config.h"
#include "rapport/util.h"
#include "run_suite.h"

static struct rapport_config cfg;

static void setup(void)
{
	fx_setup();
	config_defaults(&cfg);
}

static void teardown(void)
{
	config_free(&cfg);
	fx_teardown();
}

/* Names that tell ASCII folding (LIKE folds A-Z only) from Unicode folding
 * (É and é differ), and that contain the LIKE wildcards as plain text. */
static const char *const parts[] = {
	"Acme", "ACME", "bolt", "Berg", "Ångström", "ÅNGSTRÖM", "École", "école", "50%", "a_b",
	"Zürich", "東京", "back\\slash", "Tokyo", "o", "",
};
#define NPARTS (sizeof parts / sizeof *parts)

static void populate(int n)
{
	char err[256];
	sqlite3_stmt *st = store_prepare(fx_store, "INSERT INTO accounts(key, name, segment, ladder)"
					 " VALUES (?1, ?2, ?3, ?4)", err, sizeof err);
	ck_assert_msg(st != NULL, "%s", err);
	unsigned x = 12345;
	for (int i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		char key[32], name[128];
		snprintf(key, sizeof key, "%s%d", parts[(x >> 8) % NPARTS], i);
		snprintf(name, sizeof name, "%s %s Co", parts[(x >> 12) % NPARTS], parts[(x >> 16) % NPARTS]);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, (x >> 20) % 3 ? "SMB" : "Enterprise", -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, 1 + (int)((x >> 24) % 8));
		ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
	}
	sqlite3_finalize(st);
}

/* The ids matching needle by LIKE, as a sorted list (the second method). */
static long like_ids(const char *needle, int64_t *out, long cap)
{
	struct strbuf pat = { 0 };
	sb_putc(&pat, '%');
	for (const char *p = needle; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			sb_putc(&pat, '\\');
		sb_putc(&pat, *p);
	}
	sb_putc(&pat, '%');
	char err[256];
	sqlite3_stmt *st = store_prepare(fx_store, "SELECT id FROM accounts WHERE key LIKE ?1 ESCAPE '\\'"
					 " OR name LIKE ?1 ESCAPE '\\' ORDER BY id", err, sizeof err);
	ck_assert_msg(st != NULL, "%s", err);
	sqlite3_bind_text(st, 1, sb_str(&pat), -1, SQLITE_TRANSIENT);
	long n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		ck_assert(n < cap);
		out[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	sb_free(&pat);
	return n;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

#define NACC 3000

/* Walk every page of the list for needle in one sort order; the ids seen
 * must be exactly LIKE's, each once. */
static void walk(struct account_list *l, enum account_col sort, int desc, const char *needle)
{
	static int64_t want[NACC], got[NACC];
	long nwant = like_ids(needle, want, NACC), ngot = 0;
	ck_assert_int_eq(account_list_count(l, needle), nwant);
	struct account_item page[17], anchor = { 0 };
	int have_anchor = 0;
	char err[256];
	for (;;) {
		int n = 0;
		ck_assert_msg(account_list_fetch(l, sort, desc, needle, have_anchor ? &anchor : NULL, 1,
						 17, page, &n, err, sizeof err) == 0, "%s", err);
		for (int i = 0; i < n; i++) {
			ck_assert(ngot < NACC);
			got[ngot++] = page[i].id;
		}
		if (n == 0) {
			break;
		}
		account_item_clear(&anchor);
		anchor = page[n - 1];
		memset(&page[n - 1], 0, sizeof page[n - 1]);
		have_anchor = 1;
		for (int i = 0; i < n - 1; i++)
			account_item_clear(&page[i]);
	}
	account_item_clear(&anchor);
	qsort(got, (size_t)ngot, sizeof *got, cmp_id);
	ck_assert_msg(ngot == nwant, "'%s' sort %d: %ld rows, LIKE finds %ld", needle, sort, ngot, nwant);
	for (long i = 0; i < ngot; i++)
		ck_assert_int_eq(got[i], want[i]);
}

START_TEST(search_equals_like)
{
	populate(NACC);
	struct account_list l;
	account_list_init(&l, fx_store, &cfg);
	static const char *const needles[] = {
		"a", "acme", "ACME", "cMe", "berg", "ångström", "ÅNGSTRÖM", "Ångström", "école", "École",
		"%", "50%", "_", "a_b", "\\", "東", "京 ", " co", "o co", "zzz", "1", "12", "Co", "0",
	};
	for (size_t i = 0; i < sizeof needles / sizeof *needles; i++)
		walk(&l, ACOL_KEY, 0, needles[i]);
	/* typed letter by letter (the narrowing path), then widened again */
	const char *typed[] = { "b", "be", "ber", "berg", "ber", "b", "bo", "bol", "bolt" };
	for (size_t i = 0; i < sizeof typed / sizeof *typed; i++)
		walk(&l, ACOL_KEY, 0, typed[i]);
	/* other orders, both directions */
	walk(&l, ACOL_NAME, 0, "co");
	walk(&l, ACOL_NAME, 1, "acme");
	walk(&l, ACOL_SEGMENT, 0, "o");
	walk(&l, ACOL_LADDER, 1, "é");
	walk(&l, ACOL_OWNER, 0, "tokyo");
	account_list_free(&l);
}
END_TEST

START_TEST(search_sees_changes)
{
	populate(200);
	struct account_list l;
	account_list_init(&l, fx_store, &cfg);
	walk(&l, ACOL_KEY, 0, "berg");
	long before = account_list_count(&l, "berg");
	/* this process changes data: the screen invalidates, as the view does */
	fx_exec("INSERT INTO accounts(key, name) VALUES ('NEW1', 'Bergen Fisk');"
		"UPDATE accounts SET name = 'Nothing' WHERE id = (SELECT min(id) FROM accounts"
		" WHERE name LIKE '%berg%' AND key NOT LIKE '%berg%');");
	account_list_invalidate(&l);
	ck_assert_int_eq(account_list_count(&l, "berg"), before);   /* one in, one out */
	walk(&l, ACOL_KEY, 0, "berg");
	walk(&l, ACOL_KEY, 0, "bergen");
	ck_assert_int_eq(account_list_count(&l, "bergen"), 1);
	account_list_free(&l);
}
END_TEST

static Suite *accounts_suite(void)
{
	Suite *s = suite_create("accounts");
	TCase *tc = tcase_create("search");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, search_equals_like);
	tcase_add_test(tc, search_sees_changes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(accounts_suite());
}
