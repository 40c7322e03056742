/* Store: opening, refusing foreign files untouched, migrations from every
 * older version, audit triggers, backup and check. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "rapport/store.h"
#include "rapport/util.h"
#include "run_suite.h"

static char tmpdir[64];

static void dir_setup(void)
{
	strcpy(tmpdir, "/tmp/rapport-store-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void dir_teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static char *path_in(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* Whole file contents (NULL when missing); *len set. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct strbuf b = { 0 };
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_append(&b, buf, n);
	fclose(f);
	*len = b.len;
	if (!b.s)
		b.s = xstrdup("");
	return b.s;
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static long long q_int(struct store *s, const char *sql)
{
	sqlite3_stmt *st = store_prepare(s, sql, NULL, 0);
	ck_assert_ptr_nonnull(st);
	long long v = -999;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

START_TEST(memory_has_newest_schema)
{
	ck_assert_int_eq(store_version(fx_store), STORE_SCHEMA_VERSION);
	ck_assert_int_eq(q_int(fx_store, "PRAGMA application_id"), STORE_APPLICATION_ID);
	ck_assert_int_eq(q_int(fx_store, "PRAGMA foreign_keys"), 1);
	ck_assert_int_eq(store_count(fx_store, "accounts"), 0);
	ck_assert_int_eq(store_count(fx_store, "no_such_table"), -1);
}
END_TEST

START_TEST(new_file_is_0600_wal_and_reopens)
{
	char err[256];
	char *p = path_in("new.db");
	mode_t old = umask(0);
	struct store *s = store_open(p, STORE_CREATE, err, sizeof err);
	umask(old);
	ck_assert_msg(s != NULL, "%s", err);
	struct stat st;
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(q_int(s, "PRAGMA synchronous"), 2); /* FULL */
	ck_assert_int_eq(q_int(s, "PRAGMA busy_timeout"), 5000);
	sqlite3_stmt *jm = store_prepare(s, "PRAGMA journal_mode", NULL, 0);
	ck_assert_int_eq(sqlite3_step(jm), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(jm, 0), "wal");
	sqlite3_finalize(jm);
	ck_assert_int_eq(store_exec(s, "INSERT INTO accounts(key, name) VALUES ('A', 'Alpha')", err, sizeof err), 0);
	store_close(s);
	s = store_open(p, 0, err, sizeof err);
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_int_eq(store_count(s, "accounts"), 1);
	char *owner = store_meta_get(s, "owner");
	ck_assert_ptr_nonnull(owner);
	free(owner);
	store_close(s);
	free(p);
}
END_TEST

START_TEST(missing_file_without_create_is_refused)
{
	char err[256];
	char *p = path_in("absent.db");
	ck_assert_ptr_null(store_open(p, 0, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "no such database"));
	ck_assert(!exists(p));
	free(p);
}
END_TEST

/* The file must be byte-identical afterwards and no -wal/-shm appear. */
static void assert_refused_untouched(const char *p, const char *expect)
{
	char err[256];
	size_t n1, n2;
	char *before = slurp(p, &n1);
	struct store *s = store_open(p, STORE_CREATE, err, sizeof err);
	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(err, expect) != NULL, "message: %s", err);
	ck_assert_msg(strstr(err, p) != NULL, "message names the file: %s", err);
	char *after = slurp(p, &n2);
	ck_assert_uint_eq(n1, n2);
	ck_assert(memcmp(before, after, n1) == 0);
	char *wal = xasprintf("%s-wal", p);
	ck_assert(!exists(wal));
	free(wal);
	free(before);
	free(after);
}

START_TEST(random_bytes_are_refused_untouched)
{
	char *p = path_in("random.db");
	FILE *f = fopen(p, "wb");
	for (int i = 0; i < 8192; i++)
		fputc((i * 7919 + 13) & 0xff, f);
	fclose(f);
	assert_refused_untouched(p, "not a Rapport database");
	free(p);
}
END_TEST

START_TEST(other_sqlite_file_is_refused_untouched)
{
	char *p = path_in("other.db");
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
	assert_refused_untouched(p, "another application");
	free(p);
}
END_TEST

START_TEST(newer_schema_is_refused_untouched)
{
	char *p = path_in("newer.db");
	sqlite3 *db;
	char sql[128];
	snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d; CREATE TABLE z(x);",
		 STORE_APPLICATION_ID, STORE_SCHEMA_VERSION + 1);
	ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, sql, 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
	assert_refused_untouched(p, "newer Rapport");
	free(p);
}
END_TEST

START_TEST(directory_is_refused)
{
	char err[256];
	ck_assert_ptr_null(store_open(tmpdir, STORE_CREATE, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "is a directory"));
}
END_TEST

START_TEST(empty_file_gets_schema)
{
	char err[256];
	char *p = path_in("empty.db");
	int fd = open(p, O_CREAT | O_WRONLY, 0600);
	close(fd);
	struct store *s = store_open(p, 0, err, sizeof err);
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_int_eq(store_version(s), STORE_SCHEMA_VERSION);
	store_close(s);
	free(p);
}
END_TEST

/* Build a database at version `from` with raw SQLite, put data in it, then
 * let store_open migrate it and check the data survived and the newest
 * schema's features work.  Runs for every older version. */
START_TEST(migrates_from_every_older_version)
{
	for (int from = 0; from < STORE_SCHEMA_VERSION; from++) {
		char err[256];
		char name[32];
		snprintf(name, sizeof name, "v%d.db", from);
		char *p = path_in(name);
		struct store raw = { 0 };
		raw.path = p;
		ck_assert_int_eq(sqlite3_open(p, &raw.db), SQLITE_OK);
		ck_assert_msg(store_migrate(&raw, from, err, sizeof err) == 0, "%s", err);
		ck_assert_int_eq(store_version(&raw), from);
		if (from >= 1)
			ck_assert_int_eq(sqlite3_exec(raw.db,
				"INSERT INTO accounts(key, name, ladder) VALUES ('OLD', 'Old Co', 4);"
				"INSERT INTO staff(handle, name) VALUES ('ann', 'Ann');"
				"INSERT INTO nps(account_id, score, date) VALUES (1, 9, '2024-01-01');", 0, 0, 0), SQLITE_OK);
		if (from >= 2)
			ck_assert_int_eq(sqlite3_exec(raw.db,
				"INSERT INTO reviews(held_on, title, since) VALUES ('2023-12-01', 'Q4', '2023-09-01');"
				"INSERT INTO decisions(review_id, account_id, date, text) VALUES (1, 1, '2023-12-01', 'keep');",
				0, 0, 0), SQLITE_OK);
		sqlite3_close(raw.db);

		struct store *s = store_open(p, 0, err, sizeof err);
		ck_assert_msg(s != NULL, "from %d: %s", from, err);
		ck_assert_int_eq(store_version(s), STORE_SCHEMA_VERSION);
		if (from >= 1) {
			ck_assert_int_eq(store_count(s, "accounts"), 1);
			ck_assert_int_eq(q_int(s, "SELECT ladder FROM accounts WHERE key = 'OLD'"), 4);
			ck_assert_int_eq(store_count(s, "nps"), 1);
		}
		/* v4: the profit cache starts all dirty (filled on first use);
		 * review_accounts records the accounts a review showed */
		ck_assert_int_eq(q_int(s, "SELECT count(*) FROM profit_dirty WHERE account_id = 0"), 1);
		ck_assert_int_eq(q_int(s, "SELECT count(*) FROM profit_cache"), 0);
		/* v2 features: audit trigger and review tables */
		ck_assert_int_eq(store_exec(s, "INSERT OR IGNORE INTO accounts(key, name) VALUES ('OLD', 'Old Co');"
					     "UPDATE accounts SET name = 'New Co' WHERE key = 'OLD';"
					     "INSERT INTO reviews(held_on) VALUES ('2024-02-01');", err, sizeof err), 0);
		ck_assert_int_eq(q_int(s, "SELECT count(*) FROM audit WHERE kind = 'accounts' AND action = 'update'"
				      " AND field = 'name' AND old = 'Old Co' AND new = 'New Co'"), 1);
		/* v3: a review that was held before v3 is open (closed_at NULL), keeps
		 * its decisions; closing stores a snapshot per account */
		if (from >= 2) {
			ck_assert_int_eq(q_int(s, "SELECT count(*) FROM reviews WHERE title = 'Q4'"
					      " AND since = '2023-09-01' AND closed_at IS NULL"), 1);
			ck_assert_int_eq(q_int(s, "SELECT count(*) FROM decisions WHERE review_id = 1"), 1);
		}
		ck_assert_int_eq(store_exec(s, "UPDATE reviews SET closed_at = '2024-02-01T10:00:00.000Z';"
					     "INSERT INTO review_snapshots(review_id, account_id, quadrant, ladder, position)"
					     " SELECT r.id, a.id, 'passive', a.ladder, 'transactional'"
					     " FROM reviews r, accounts a WHERE r.held_on = '2024-02-01';",
					     err, sizeof err), 0);
		ck_assert_int_eq(store_exec(s, "INSERT INTO review_accounts(review_id, account_id, reason)"
					     " SELECT r.id, a.id, 'why' FROM reviews r, accounts a"
					     " WHERE r.held_on = '2024-02-01';", err, sizeof err), 0);
		ck_assert_int_eq(q_int(s, "SELECT count(*) FROM review_accounts WHERE reason = 'why'"), 1);
		ck_assert_int_eq(q_int(s, "SELECT count(*) FROM review_snapshots s JOIN accounts a"
				      " ON a.id = s.account_id WHERE a.key = 'OLD' AND s.quadrant = 'passive'"), 1);
		ck_assert_int_eq(q_int(s, "SELECT count(*) FROM reviews WHERE closed_at IS NOT NULL"),
				 from >= 2 ? 2 : 1);
		/* a snapshot row goes with its review */
		ck_assert_int_eq(store_exec(s, "DELETE FROM reviews WHERE held_on = '2024-02-01';", err,
					    sizeof err), 0);
		ck_assert_int_eq(store_count(s, "review_snapshots"), 0);
		ck_assert_int_eq(store_count(s, "review_accounts"), 0);
		/* v5: a committed change is kept for sync, with the transaction */
		ck_assert_int_eq(store_begin(s, err, sizeof err), 0);
		long long before = q_int(s, "SELECT count(*) FROM sync_outbox");
		ck_assert_int_eq(store_exec(s, "UPDATE accounts SET name = 'Newer Co' WHERE key = 'OLD'",
					    err, sizeof err), 0);
		ck_assert_int_eq(store_commit(s, err, sizeof err), 0);
		ck_assert_int_eq(q_int(s, "SELECT count(*) FROM sync_outbox"), before + 1);
		ck_assert_int_eq(store_begin(s, err, sizeof err), 0);
		ck_assert_int_eq(store_exec(s, "UPDATE accounts SET name = 'Gone Co' WHERE key = 'OLD'",
					    err, sizeof err), 0);
		store_rollback(s);
		ck_assert_int_eq(q_int(s, "SELECT count(*) FROM sync_outbox"), before + 1);
		store_close(s);
		free(p);
	}
}
END_TEST

START_TEST(audit_records_field_changes_only)
{
	fx_exec("INSERT INTO accounts(key, name, ladder) VALUES ('A', 'Alpha', 3);"
		"UPDATE accounts SET ladder = 5, name = name WHERE key = 'A';"
		"DELETE FROM accounts WHERE key = 'A';");
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM audit WHERE action = 'insert'"), 1);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM audit WHERE action = 'update'"), 1);
	ck_assert_int_eq((int)fx_num("SELECT old FROM audit WHERE action = 'update' AND field = 'ladder'"), 3);
	ck_assert_int_eq((int)fx_num("SELECT new FROM audit WHERE action = 'update' AND field = 'ladder'"), 5);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM audit WHERE action = 'delete' AND account_id = 1"), 1);
	/* events are not logged on insert */
	fx_exec("INSERT INTO accounts(key, name) VALUES ('B', 'Beta');"
		"INSERT INTO nps(account_id, score, date) SELECT id, 3, '2024-01-01' FROM accounts WHERE key = 'B';");
	ck_assert_int_eq((int)fx_num("SELECT id FROM accounts WHERE key = 'B'"), 2); /* ids never reused */
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM audit WHERE kind = 'nps'"), 0);
}
END_TEST

START_TEST(uids_are_unique_16_bytes)
{
	fx_exec("INSERT INTO accounts(key, name) VALUES ('A', 'a'), ('B', 'b'), ('C', 'c')");
	ck_assert_int_eq((int)fx_num("SELECT count(DISTINCT uid) FROM accounts"), 3);
	ck_assert_int_eq((int)fx_num("SELECT min(length(uid)) FROM accounts"), 16);
}
END_TEST

START_TEST(transactions_roll_back)
{
	char err[256];
	ck_assert_int_eq(store_begin(fx_store, err, sizeof err), 0);
	fx_exec("INSERT INTO accounts(key, name) VALUES ('A', 'a')");
	store_rollback(fx_store);
	ck_assert_int_eq(store_count(fx_store, "accounts"), 0);
}
END_TEST

START_TEST(readonly_refuses_writes)
{
	char err[256];
	char *p = path_in("ro.db");
	struct store *s = store_open(p, STORE_CREATE, err, sizeof err);
	ck_assert_ptr_nonnull(s);
	store_close(s);
	s = store_open(p, STORE_READONLY, err, sizeof err);
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_int_eq(store_count(s, "accounts"), 0);
	ck_assert_int_eq(store_begin(s, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "read-only"));
	store_close(s);
	free(p);
}
END_TEST

START_TEST(backup_copies_and_refuses_overwrite)
{
	char err[256];
	char *p = path_in("src.db"), *b = path_in("copy.db");
	struct store *s = store_open(p, STORE_CREATE, err, sizeof err);
	ck_assert_int_eq(store_exec(s, "INSERT INTO accounts(key, name) VALUES ('A', 'a'), ('B', 'b')", err, sizeof err), 0);
	ck_assert_msg(store_backup(s, b, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(store_backup(s, b, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "already exists"));
	store_close(s);
	struct stat st;
	ck_assert_int_eq(stat(b, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	s = store_open(b, 0, err, sizeof err);
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_int_eq(store_count(s, "accounts"), 2);
	FILE *devnull = fopen("/dev/null", "w");
	ck_assert_int_eq(store_check(s, devnull, err, sizeof err), 0);
	fclose(devnull);
	store_close(s);
	free(p);
	free(b);
}
END_TEST

START_TEST(check_finds_damage)
{
	char err[256];
	char *p = path_in("damaged.db");
	struct store *s = store_open(p, STORE_CREATE, err, sizeof err);
	ck_assert_ptr_nonnull(s);
	store_exec(s, "PRAGMA journal_mode = DELETE", err, sizeof err);
	store_exec(s, "BEGIN", err, sizeof err);
	for (int i = 0; i < 2000; i++) {
		char sql[160];
		snprintf(sql, sizeof sql, "INSERT INTO accounts(key, name) VALUES ('K%05d', 'Account number %d')", i, i);
		store_exec(s, sql, err, sizeof err);
	}
	store_exec(s, "COMMIT", err, sizeof err);
	long long pages = q_int(s, "PRAGMA page_count");
	store_close(s);
	/* scribble over the middle pages, leaving the header intact */
	FILE *f = fopen(p, "r+b");
	ck_assert_ptr_nonnull(f);
	for (long long pg = 3; pg < pages - 1; pg += 2) {
		fseek(f, (long)(pg * 4096 + 100), SEEK_SET);
		for (int i = 0; i < 400; i++)
			fputc(0xA5, f);
	}
	fclose(f);
	s = store_open(p, 0, err, sizeof err);
	if (s) {
		FILE *out = tmpfile();
		ck_assert_int_ne(store_check(s, out, err, sizeof err), 0);
		fclose(out);
		store_close(s);
	} else {
		ck_assert_msg(strstr(err, "damaged") || strstr(err, "malformed"), "%s", err);
	}
	free(p);
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *mem = tcase_create("memory");
	tcase_add_checked_fixture(mem, fx_setup, fx_teardown);
	tcase_add_test(mem, memory_has_newest_schema);
	tcase_add_test(mem, audit_records_field_changes_only);
	tcase_add_test(mem, uids_are_unique_16_bytes);
	tcase_add_test(mem, transactions_roll_back);
	suite_add_tcase(s, mem);
	TCase *files = tcase_create("files");
	tcase_add_checked_fixture(files, dir_setup, dir_teardown);
	tcase_add_test(files, new_file_is_0600_wal_and_reopens);
	tcase_add_test(files, missing_file_without_create_is_refused);
	tcase_add_test(files, random_bytes_are_refused_untouched);
	tcase_add_test(files, other_sqlite_file_is_refused_untouched);
	tcase_add_test(files, newer_schema_is_refused_untouched);
	tcase_add_test(files, directory_is_refused);
	tcase_add_test(files, empty_file_gets_schema);
	tcase_add_test(files, migrates_from_every_older_version);
	tcase_add_test(files, readonly_refuses_writes);
	tcase_add_test(files, backup_copies_and_refuses_overwrite);
	tcase_add_test(files, check_finds_damage);
	tcase_set_timeout(files, 30);
	suite_add_tcase(s, files);
	return s;
}

int main(void)
{
	return run_suite(store_suite());
}
