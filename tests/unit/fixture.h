#ifndef RAPPORT_TEST_FIXTURE_H
#define RAPPORT_TEST_FIXTURE_H
/* Shared Check fixture: each test gets a fresh :memory: database with the
 * newest schema in `fx_store`.  Use with tcase_add_checked_fixture(tc,
 * fx_setup, fx_teardown). */
#include <check.h>
#include <stdio.h>
#include "rapport/store.h"

static struct store *fx_store;

__attribute__((unused)) static void fx_setup(void)
{
	char err[256];
	fx_store = store_open_memory(err, sizeof err);
	if (!fx_store) {
		fprintf(stderr, "fixture: %s\n", err);
		ck_abort_msg("cannot open :memory: store: %s", err);
	}
}

__attribute__((unused)) static void fx_teardown(void)
{
	store_close(fx_store);
	fx_store = NULL;
}

/* Run one SQL script against the fixture store, failing the test on error. */
__attribute__((unused)) static void fx_exec(const char *sql)
{
	char err[512];
	ck_assert_msg(store_exec(fx_store, sql, err, sizeof err) == 0, "%s\n%s", err, sql);
}

/* The first column of the first row of sql as a number (0 when no row). */
__attribute__((unused)) static double fx_num(const char *sql)
{
	char err[512];
	sqlite3_stmt *st = store_prepare(fx_store, sql, err, sizeof err);
	ck_assert_msg(st != NULL, "%s", err);
	double v = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	return v;
}

#endif
