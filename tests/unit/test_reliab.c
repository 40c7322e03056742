/* Reliability across processes and users (issue 7): the audit log names
 * who made a change (the login name of this process, not the database's
 * creator); two connections on one file never lose an update; a writer
 * waits for another process's short transaction instead of failing with
 * "database is locked"; a reader sees what another process committed. */
#include <check.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rapport/config.h"
#include "rapport/import.h"
#include "rapport/kinds.h"
#include "rapport/record.h"
#include "rapport/store.h"
#include "rapport/util.h"
#include "run_suite.h"

static char tmpdir[64];
static char *dbpath;

static void dir_setup(void)
{
	strcpy(tmpdir, "/tmp/rapport-reliab-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	dbpath = xasprintf("%s/r.db", tmpdir);
}

static void dir_teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(dbpath);
}

static struct store *open_db(void)
{
	char err[256];
	struct store *s = store_open(dbpath, STORE_CREATE, err, sizeof err);
	ck_assert_msg(s != NULL, "%s", err);
	return s;
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

static char *q_text(struct store *s, const char *sql)
{
	sqlite3_stmt *st = store_prepare(s, sql, NULL, 0);
	ck_assert_ptr_nonnull(st);
	char *v = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static void import_text(struct store *s, const char *kind, const char *csv)
{
	struct rapport_config cfg;
	config_defaults(&cfg);
	struct import_opts io = { 0 };
	struct import_result res;
	char err[512];
	int rc = import_buffer(s, &cfg, kind_find(kind), "test.csv", csv, strlen(csv), &io, &res,
			       err, sizeof err);
	config_free(&cfg);
	ck_assert_msg(rc == 0, "%s", err);
}

static const char *me(void)
{
	struct passwd *pw = getpwuid(getuid());
	ck_assert_ptr_nonnull(pw);
	return pw->pw_name;
}

/* The database was created by "creator" (meta owner); whoever changes it
 * later is named in the audit log by their own login name, through every
 * write path (SQL, import, the forms' record_save).  A row written with an
 * explicit, different actor is kept as written. */
START_TEST(audit_names_the_login_not_the_creator)
{
	struct store *s = open_db();
	char err[256];
	ck_assert_int_eq(store_meta_set(s, "owner", "creator", err, sizeof err), 0);
	store_close(s);

	s = open_db();
	import_text(s, "accounts", "key,name,ladder\nACME,Acme,3\n");
	import_text(s, "accounts", "key,name,ladder\nACME,Acme,5\n");
	char *who = q_text(s, "SELECT group_concat(DISTINCT actor) FROM audit");
	ck_assert_str_eq(who, me());
	free(who);
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM audit WHERE field = 'ladder' AND old = '3'"
			       " AND new = '5'"), 1);

	struct record r;
	const struct kind *k = kind_find("accounts");
	ck_assert_int_eq(record_load(s, k, q_int(s, "SELECT id FROM accounts"), &r, err, sizeof err), 0);
	record_set(&r, record_col(k, "name"), "Acme Ltd");
	struct rapport_config cfg;
	config_defaults(&cfg);
	int bad;
	ck_assert_msg(record_save(s, &cfg, &r, &bad, err, sizeof err) == 0, "%s", err);
	record_free(&r);
	config_free(&cfg);
	who = q_text(s, "SELECT actor FROM audit WHERE field = 'name'");
	ck_assert_str_eq(who, me());
	free(who);
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM audit WHERE actor = 'creator'"), 0);

	ck_assert_int_eq(store_exec(s, "INSERT INTO audit(actor, kind, record_uid, action)"
				    " VALUES ('someone@laptop2', 'accounts', x'00', 'update')", err, sizeof err), 0);
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM audit WHERE actor = 'someone@laptop2'"), 1);
	/* the connection's own trigger is TEMP: nothing in the file changed */
	ck_assert_int_eq(q_int(s, "SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%rapport_user%'"), 0);
	store_close(s);
}
END_TEST

/* Two connections (two windows, or a window and an import): A shows the
 * account, B changes it and commits, A's save is refused with -2 and B's
 * value stays; after reloading, A's save goes through.  A delete of a
 * record changed since it was shown is refused too. */
START_TEST(no_lost_update_between_connections)
{
	struct store *a = open_db();
	struct store *b = open_db();
	import_text(a, "accounts", "key,name,ladder\nACME,Acme,3\nBOLT,Bolt,2\n");
	const struct kind *k = kind_find("accounts");
	struct rapport_config cfg;
	config_defaults(&cfg);
	char err[256];
	int bad;
	long long id = q_int(a, "SELECT id FROM accounts WHERE key = 'ACME'");

	struct record r;
	ck_assert_int_eq(record_load(a, k, id, &r, err, sizeof err), 0);
	import_text(b, "accounts", "key,name,ladder\nACME,Acme,7\n");          /* the other process */
	record_set(&r, record_col(k, "notes"), "met the buyer");
	ck_assert_int_eq(record_save(a, &cfg, &r, &bad, err, sizeof err), -2);
	ck_assert_ptr_nonnull(strstr(err, "changed by someone else"));
	ck_assert_int_eq(q_int(b, "SELECT ladder FROM accounts WHERE key = 'ACME'"), 7);
	ck_assert_int_eq(q_int(b, "SELECT notes IS NULL FROM accounts WHERE key = 'ACME'"), 1);
	record_free(&r);

	ck_assert_int_eq(record_load(a, k, id, &r, err, sizeof err), 0);
	ck_assert_str_eq(r.values[record_col(k, "ladder")], "7");     /* sees B's change */
	record_set(&r, record_col(k, "notes"), "met the buyer");
	ck_assert_msg(record_save(a, &cfg, &r, &bad, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(q_int(b, "SELECT ladder = 7 AND notes = 'met the buyer' FROM accounts"
			       " WHERE key = 'ACME'"), 1);

	/* delete what someone else changed meanwhile: refused */
	long long v = r.version;
	import_text(b, "accounts", "key,name\nACME,Acme Group\n");
	ck_assert_int_eq(record_delete(a, k, id, v, err, sizeof err), -2);
	ck_assert_int_eq(q_int(b, "SELECT count(*) FROM accounts WHERE key = 'ACME'"), 1);
	record_free(&r);
	config_free(&cfg);
	store_close(b);
	store_close(a);
}
END_TEST

/* Fork a process that opens the database, begins a write transaction,
 * runs sql (when not NULL), holds the lock for usec, then commits (commit
 * 1) or rolls back.  Returns once the child holds the lock; the caller
 * waits for the pid.  The child exits 0 when all went well. */
static pid_t hold_write_lock(const char *sql, useconds_t usec, int commit)
{
	int ready[2];
	ck_assert_int_eq(pipe(ready), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char err[256];
		close(ready[0]);
		struct store *b = store_open(dbpath, 0, err, sizeof err);
		if (!b || store_begin(b, err, sizeof err) != 0)
			_exit(2);
		if (sql && store_exec(b, sql, err, sizeof err) != 0)
			_exit(3);
		if (write(ready[1], "x", 1) != 1)
			_exit(4);
		usleep(usec);
		if (commit) {
			if (store_commit(b, err, sizeof err) != 0)
				_exit(5);
		} else {
			store_rollback(b);
		}
		store_close(b);
		_exit(0);
	}
	close(ready[1]);
	char c;
	ck_assert_int_eq(read(ready[0], &c, 1), 1);   /* the child holds the lock now */
	close(ready[0]);
	return pid;
}

/* Another process holds the write lock for a short while (a transaction of
 * 300 ms, like a long import's); this process's import waits for it and
 * succeeds, and then sees the other's rows.  No "database is locked". */
START_TEST(writer_waits_for_another_process)
{
	struct store *a = open_db();
	import_text(a, "accounts", "key,name\nACME,Acme\n");
	pid_t pid = hold_write_lock("INSERT INTO accounts(key, name) VALUES ('BOLT', 'Bolt')", 300000, 1);
	/* readers are not blocked by the writer (WAL) and see the last commit */
	ck_assert_int_eq(q_int(a, "SELECT count(*) FROM accounts"), 1);
	import_text(a, "accounts", "key,name\nCARGO,Cargo\n");    /* waits, then writes */
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", status);
	ck_assert_int_eq(q_int(a, "SELECT count(*) FROM accounts"), 3);
	store_close(a);
}
END_TEST

/* When the other process holds the lock longer than this one will wait,
 * the write is refused with a message that says what is going on (not
 * SQLite's "database is locked"), and nothing is written. */
START_TEST(busy_beyond_the_wait_says_why)
{
	struct store *a = open_db();
	import_text(a, "accounts", "key,name\nACME,Acme\n");
	pid_t pid = hold_write_lock(NULL, 800000, 0);
	store_busy_wait(a, 100);
	struct rapport_config cfg;
	config_defaults(&cfg);
	struct import_opts io = { 0 };
	struct import_result res;
	char err[512];
	const char csv[] = "key,name\nBOLT,Bolt\n";
	ck_assert_int_eq(import_buffer(a, &cfg, kind_find("accounts"), "t.csv", csv, strlen(csv), &io,
				       &res, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "another process") && !strstr(err, "locked"), "%s", err);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(q_int(a, "SELECT count(*) FROM accounts"), 1);
	config_free(&cfg);
	store_close(a);
}
END_TEST

static Suite *reliab_suite(void)
{
	Suite *s = suite_create("reliab");
	TCase *tc = tcase_create("files");
	tcase_add_checked_fixture(tc, dir_setup, dir_teardown);
	tcase_add_test(tc, audit_names_the_login_not_the_creator);
	tcase_add_test(tc, no_lost_update_between_connections);
	tcase_add_test(tc, writer_waits_for_another_process);
	tcase_add_test(tc, busy_beyond_the_wait_says_why);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(reliab_suite());
}
