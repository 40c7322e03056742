/* Offline field sync (sync.h): the cases of docs/SYNC.md one by one, and a
 * seeded simulation of several laptops editing, pushing and pulling in
 * random order, after which every database must hold the same data, every
 * value ever saved must still be there, knowingly replaced, or listed as a
 * conflict, and every database must pass its integrity check. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rapport/export.h"
#include "rapport/import.h"
#include "rapport/kinds.h"
#include "rapport/record.h"
#include "rapport/store.h"
#include "rapport/sync.h"
#include "rapport/util.h"
#include "run_suite.h"

static char dir[64];
static char hub[128];

static void setup(void)
{
	strcpy(dir, "/tmp/rapport-sync-XXXXXX");
	ck_assert(mkdtemp(dir) != NULL);
	snprintf(hub, sizeof hub, "%s/hub.rh", dir);
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

static struct store *laptop(void)
{
	char err[256];
	struct store *s = store_open_memory(err, sizeof err);
	ck_assert_msg(s != NULL, "%s", err);
	return s;
}

static long long q_int(struct store *s, const char *sql)
{
	sqlite3_stmt *st = store_prepare(s, sql, NULL, 0);
	ck_assert(st != NULL);
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

/* A text value of the first row of sql with one text parameter, or NULL. */
static char *q_text(struct store *s, const char *sql, const char *p1)
{
	sqlite3_stmt *st = store_prepare(s, sql, NULL, 0);
	ck_assert(st != NULL);
	if (p1)
		sqlite3_bind_text(st, 1, p1, -1, SQLITE_STATIC);
	char *v = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static void import(struct store *s, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void import(struct store *s, const char *kind, const char *fmt, ...)
{
	char buf[1024], err[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	struct import_opts o = { 0 };
	struct import_result r;
	if (getenv("RAPPORT_SYNC_TRACE"))
		fprintf(stderr, "  import %s: %s", kind, strchr(buf, '\n') + 1);
	ck_assert_msg(import_buffer(s, NULL, kind_find(kind), "test", buf, strlen(buf), &o, &r,
				    err, sizeof err) == 0, "%s: %s\n%s", kind, err, buf);
}

static struct sync_stats push(struct store *s)
{
	char err[512];
	struct sync_stats st;
	ck_assert_msg(sync_push(s, hub, &st, err, sizeof err) == 0, "push: %s", err);
	return st;
}

static struct sync_stats pull(struct store *s)
{
	char err[512];
	struct sync_stats st;
	ck_assert_msg(sync_pull(s, hub, &st, err, sizeof err) == 0, "pull: %s", err);
	return st;
}

static void delete_where(struct store *s, const char *kind, const char *sql, const char *p1)
{
	sqlite3_stmt *st = store_prepare(s, sql, NULL, 0);
	ck_assert(st != NULL);
	sqlite3_bind_text(st, 1, p1, -1, SQLITE_STATIC);
	int64_t id = 0, ver = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		ver = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (getenv("RAPPORT_SYNC_TRACE"))
		fprintf(stderr, "  delete %s %s (id %lld)\n", kind, p1, (long long)id);
	if (id) {
		char err[512];
		/* refusals (a staff member still named somewhere) are fine */
		(void)record_delete(s, kind_find_any(kind), id, ver, err, sizeof err);
	}
}

/* Every kind exported, as is: every database holding the same data must
 * export it byte for byte alike (events are ordered by date and uid,
 * which are the same everywhere). */
static char *dump(struct store *s)
{
	struct strbuf all = { 0 };
	for (int pass = 0; pass < 2; pass++) {
		int n = pass ? nextra_kinds : nkinds;
		for (int i = 0; i < n; i++) {
			const struct kind *k = pass ? &extra_kinds[i] : &kinds[i];
			char *buf = NULL, err[256];
			size_t len = 0;
			FILE *f = open_memstream(&buf, &len);
			ck_assert_msg(export_kind(s, k, EXPORT_CSV, f, err, sizeof err) == 0, "%s", err);
			fclose(f);
			sb_printf(&all, "== %s\n%s", k->name, buf);
			free(buf);
		}
	}
	return all.s;
}

static char *conflicts_text(struct store *s)
{
	struct strbuf b = { 0 };
	sqlite3_stmt *st = store_prepare(s, "SELECT ifnull(kept, '') || ' ' || ifnull(lost, '')"
					 " FROM sync_conflicts", NULL, 0);
	while (sqlite3_step(st) == SQLITE_ROW)
		sb_printf(&b, "%s\n", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return b.s ? b.s : xstrdup("");
}

static void assert_sound(struct store *s)
{
	char err[256];
	FILE *devnull = fopen("/dev/null", "w");
	ck_assert_msg(store_check(s, devnull, err, sizeof err) == 0, "integrity check failed");
	fclose(devnull);
}

/* ---- the cases one by one ---------------------------------------------------- */

START_TEST(fresh_database_gets_everything_and_twice_changes_nothing)
{
	struct store *a = laptop(), *b = laptop();
	import(a, "accounts", "key,name,notes\nACME,Acme,first\nBOLT,Bolt,\n");
	import(a, "contacts", "account,name,title\nACME,Ann,buyer\n");
	import(a, "nps", "account,score,date\nACME,9,2024-01-01\n");
	long long rows = q_int(a, "SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM contacts)"
			       " + (SELECT count(*) FROM nps) + (SELECT count(*) FROM spectrum_history)");
	ck_assert_int_eq(push(a).changes, rows);
	struct sync_stats again = push(a);
	ck_assert_int_eq(again.changes, 0);
	ck_assert_int_eq(again.entries, 0);
	ck_assert_int_eq(pull(b).applied, rows);
	ck_assert_int_eq(pull(b).applied, 0);
	ck_assert_int_eq(pull(a).applied, 0);
	char *da = dump(a), *db = dump(b);
	ck_assert_str_eq(da, db);
	/* no echo: what b applied is not a local change of b */
	ck_assert_int_eq(q_int(b, "SELECT count(*) FROM sync_outbox"), 0);
	ck_assert_int_eq(push(b).changes, 0);
	free(da);
	free(db);
	store_close(a);
	store_close(b);
}
END_TEST

START_TEST(later_edit_wins_and_loser_is_listed)
{
	struct store *a = laptop(), *b = laptop();
	import(a, "accounts", "key,name,notes\nACME,Acme,base\n");
	push(a);
	pull(b);
	import(a, "accounts", "key,name,notes\nACME,Acme,from a\n");
	usleep(5000);
	import(b, "accounts", "key,name,notes\nACME,Acme,from b\n");
	push(a);
	push(b);
	pull(a);
	pull(b);
	char *na = q_text(a, "SELECT notes FROM accounts WHERE key = ?1", "ACME");
	char *nb = q_text(b, "SELECT notes FROM accounts WHERE key = ?1", "ACME");
	ck_assert_str_eq(na, "from b");
	ck_assert_str_eq(nb, "from b");
	char *lost = q_text(a, "SELECT lost FROM sync_conflicts WHERE field = ?1", "notes");
	ck_assert_str_eq(lost, "from a");
	free(lost);
	lost = q_text(b, "SELECT lost FROM sync_conflicts WHERE field = ?1", "notes");
	ck_assert_str_eq(lost, "from a");
	free(lost);
	/* a plain later edit made from the other's version is no conflict */
	long long before = q_int(a, "SELECT count(*) FROM sync_conflicts");
	import(a, "accounts", "key,name,notes\nACME,Acme,after\n");
	push(a);
	pull(b);
	ck_assert_int_eq(q_int(b, "SELECT count(*) FROM sync_conflicts"), before);
	free(na);
	free(nb);
	store_close(a);
	store_close(b);
}
END_TEST

START_TEST(delete_beats_edit_and_child_of_deleted_parent)
{
	struct store *a = laptop(), *b = laptop();
	import(a, "accounts", "key,name\nACME,Acme\n");
	import(a, "contacts", "account,name,title\nACME,Ann,buyer\n");
	push(a);
	pull(b);
	delete_where(a, "accounts", "SELECT id, version FROM accounts WHERE key = ?1", "ACME");
	usleep(5000);
	import(b, "accounts", "key,name,notes\nACME,Acme,edited later\n");
	import(b, "contacts", "account,name,title\nACME,Bob,new contact\n");
	push(b);
	push(a);
	pull(b);
	pull(a);
	ck_assert_int_eq(q_int(a, "SELECT count(*) FROM accounts"), 0);
	ck_assert_int_eq(q_int(b, "SELECT count(*) FROM accounts"), 0);
	ck_assert_int_eq(q_int(b, "SELECT count(*) FROM contacts"), 0);
	ck_assert_int_eq(q_int(a, "SELECT count(*) FROM sync_conflicts WHERE lost = 'edited later'"), 1);
	ck_assert_int_eq(q_int(a, "SELECT count(*) FROM sync_conflicts WHERE lost = 'new contact'"), 1);
	ck_assert_int_eq(q_int(b, "SELECT count(*) FROM sync_conflicts WHERE lost = 'new contact'"), 1);
	/* restoring the lost contact needs its account: refused with a reason */
	char err[256];
	int64_t id = q_int(b, "SELECT id FROM sync_conflicts WHERE lost = 'new contact'");
	ck_assert_int_eq(sync_conflict_restore(b, id, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "account") != NULL, "%s", err);
	assert_sound(a);
	assert_sound(b);
	store_close(a);
	store_close(b);
}
END_TEST

START_TEST(same_key_on_two_laptops_keeps_both)
{
	struct store *a = laptop(), *b = laptop(), *c = laptop();
	import(a, "accounts", "key,name,notes\nACME,Acme A,a\n");
	import(a, "contacts", "account,name,title\nACME,Ann,from a\n");
	usleep(5000);
	import(b, "accounts", "key,name,notes\nACME,Acme B,b\n");
	import(b, "contacts", "account,name,title\nACME,Bob,from b\n");
	push(a);
	push(b);
	pull(a);
	pull(b);
	pull(c);
	push(a);
	push(b);
	pull(a);
	pull(b);
	pull(c);
	char *da = dump(a), *db = dump(b), *dc = dump(c);
	ck_assert_str_eq(da, db);
	ck_assert_str_eq(da, dc);
	/* both records stay; the one with the larger uid gets a key of its own */
	ck_assert_int_eq(q_int(a, "SELECT count(*) FROM accounts"), 2);
	ck_assert_int_eq(q_int(a, "SELECT count(*) FROM accounts WHERE key = 'ACME'"), 1);
	ck_assert_int_eq(q_int(a, "SELECT count(*) FROM accounts WHERE key LIKE 'ACME~%'"), 1);
	ck_assert_int_eq(q_int(c, "SELECT count(*) FROM contacts"), 2);
	ck_assert_int_eq(q_int(a, "SELECT count(*) FROM sync_conflicts WHERE field = 'key' AND lost = 'ACME'"
			       " AND kept LIKE 'ACME~%'"), 1);
	ck_assert_int_eq(q_int(b, "SELECT count(*) FROM sync_conflicts WHERE field = 'key' AND lost = 'ACME'"
			       " AND kept LIKE 'ACME~%'"), 1);
	free(da);
	free(db);
	free(dc);
	store_close(a);
	store_close(b);
	store_close(c);
}
END_TEST

START_TEST(restore_is_a_local_edit_that_syncs_on)
{
	struct store *a = laptop(), *b = laptop();
	import(a, "accounts", "key,name,notes,ladder\nACME,Acme,base,3\n");
	push(a);
	pull(b);
	import(a, "accounts", "key,name,notes,ladder\nACME,Acme,mine,5\n");
	usleep(5000);
	import(b, "accounts", "key,name,notes,ladder\nACME,Acme,theirs,3\n");
	push(b);
	pull(a);
	ck_assert_int_eq(q_int(a, "SELECT ladder FROM accounts"), 3);
	int64_t id = q_int(a, "SELECT id FROM sync_conflicts WHERE field = 'ladder'");
	char err[256];
	ck_assert_msg(sync_conflict_restore(a, id, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(q_int(a, "SELECT ladder FROM accounts"), 5);
	char *n = q_text(a, "SELECT notes FROM accounts", NULL);
	ck_assert_str_eq(n, "mine");
	free(n);
	push(a);
	pull(b);
	ck_assert_int_eq(q_int(b, "SELECT ladder FROM accounts"), 5);
	store_close(a);
	store_close(b);
}
END_TEST

START_TEST(bad_hubs_are_errors_that_change_nothing)
{
	struct store *a = laptop();
	import(a, "accounts", "key,name\nACME,Acme\n");
	char err[512];
	struct sync_stats st;
	/* missing */
	ck_assert_int_eq(sync_pull(a, hub, &st, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "no such hub") != NULL, "%s", err);
	/* not a hub */
	char junk[160];
	snprintf(junk, sizeof junk, "%s/junk", dir);
	FILE *f = fopen(junk, "w");
	for (int i = 0; i < 4096; i++)
		fputc("garbage!"[i % 8], f);
	fclose(f);
	ck_assert_int_eq(sync_pull(a, junk, &st, err, sizeof err), -1);
	ck_assert_int_eq(sync_push(a, junk, &st, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "not a Rapport hub") != NULL, "%s", err);
	/* locked: a writer holds it */
	push(a);
	sqlite3 *other;
	ck_assert_int_eq(sqlite3_open(hub, &other), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(other, "BEGIN EXCLUSIVE", 0, 0, 0), SQLITE_OK);
	setenv("RAPPORT_SYNC_TIMEOUT", "200", 1);
	import(a, "accounts", "key,name\nBOLT,Bolt\n");
	long long outbox = q_int(a, "SELECT count(*) FROM sync_outbox");
	ck_assert_int_eq(sync_push(a, hub, &st, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "locked") != NULL, "%s", err);
	ck_assert_int_eq(q_int(a, "SELECT count(*) FROM sync_outbox"), outbox);
	ck_assert_int_eq(sync_pull(a, hub, &st, err, sizeof err), -1);
	unsetenv("RAPPORT_SYNC_TIMEOUT");
	/* damaged: a changeset that is not one */
	ck_assert_int_eq(sqlite3_exec(other, "UPDATE log SET changeset = x'12345678'; COMMIT", 0, 0, 0),
			 SQLITE_OK);
	sqlite3_close(other);
	struct store *b = laptop();
	ck_assert_int_eq(sync_pull(b, hub, &st, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "damaged") != NULL, "%s", err);
	ck_assert_int_eq(q_int(b, "SELECT count(*) FROM accounts"), 0);
	ck_assert_int_eq(q_int(b, "SELECT count(*) FROM sync_hubs"), 0);
	store_close(a);
	store_close(b);
}
END_TEST

START_TEST(offline_for_months_catches_up_in_one_pull)
{
	struct store *a = laptop(), *b = laptop(), *late = laptop();
	import(late, "accounts", "key,name\nLATE,Late Co\n");
	for (int i = 0; i < 30; i++) {
		struct store *s = i % 2 ? a : b;
		import(s, "accounts", "key,name,notes\nK%d,Co %d,round %d\n", i % 7, i, i);
		push(s);
		pull(s);
	}
	struct sync_stats st = pull(late);
	ck_assert_int_ge(st.entries, 30);
	push(late);
	pull(a);
	pull(b);
	push(a);
	push(b);
	pull(late);
	char *da = dump(a), *dl = dump(late);
	ck_assert_str_eq(da, dl);
	ck_assert_int_eq(q_int(a, "SELECT count(*) FROM accounts WHERE key = 'LATE'"), 1);
	free(da);
	free(dl);
	store_close(a);
	store_close(b);
	store_close(late);
}
END_TEST

/* ---- the simulation ------------------------------------------------------------ */

#define LAPTOPS 4

struct sim {
	struct store *db[LAPTOPS];
	struct strbuf written;     /* every token saved, "<T..>" one per line */
	struct strbuf replaced;    /* tokens a laptop replaced or deleted knowingly */
	unsigned seed;
	int token;
};

static unsigned rnd(struct sim *m)
{
	m->seed = m->seed * 1103515245u + 12345u;
	return (m->seed >> 16) & 0x7fff;
}

/* A deterministic pick among the rows of sql (one text column, ordered). */
static char *pick(struct sim *m, struct store *s, const char *sql)
{
	char *count = sqlite3_mprintf("SELECT count(*) FROM (%s)", sql);
	long long n = q_int(s, count);
	sqlite3_free(count);
	if (n <= 0)
		return NULL;
	char *q = sqlite3_mprintf("%s LIMIT 1 OFFSET %lld", sql, (long long)(rnd(m) % n));
	char *v = q_text(s, q, NULL);
	sqlite3_free(q);
	return v;
}

/* Note what s shows for sql(p1) before it is overwritten or deleted. */
static void knowingly(struct sim *m, struct store *s, const char *sql, const char *p1)
{
	sqlite3_stmt *st = store_prepare(s, sql, NULL, 0);
	ck_assert_msg(st != NULL, "%s", sql);
	if (p1)
		sqlite3_bind_text(st, 1, p1, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		if (sqlite3_column_text(st, 0))
			sb_printf(&m->replaced, "%s\n", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static void sim_edit(struct sim *m, struct store *s)
{
	char key[8], tok[24], who[8];
	snprintf(key, sizeof key, "K%u", rnd(m) % 6);
	snprintf(who, sizeof who, "s%u", rnd(m) % 3);
	snprintf(tok, sizeof tok, "<T%d>", ++m->token);
	int has = q_int(s, "SELECT count(*) FROM accounts") > 0;
	unsigned op = rnd(m) % 100;
	if (op < 30 || !has) {
		knowingly(m, s, "SELECT notes FROM accounts WHERE key = ?1", key);
		import(s, "accounts", "key,name,notes,ladder\n%s,Company %s,%s,%u\n", key, key, tok,
		       1 + rnd(m) % 8);
	} else if (op < 50) {
		char name[8];
		snprintf(name, sizeof name, "c%u", rnd(m) % 3);
		char *k = pick(m, s, "SELECT key FROM accounts ORDER BY key");
		char *prev = q_text(s, "SELECT c.title FROM contacts c JOIN accounts a ON a.id = c.account_id"
				    " WHERE a.key = ?1 AND c.name = 'c0'", k);
		if (strcmp(name, "c0") == 0 && prev)
			sb_printf(&m->replaced, "%s\n", prev);
		else if (prev == NULL || strcmp(name, "c0"))
			knowingly(m, s, "SELECT NULL", NULL);
		free(prev);
		/* the title this laptop shows for (k, name) is replaced knowingly */
		sqlite3_stmt *st = store_prepare(s, "SELECT c.title FROM contacts c JOIN accounts a ON a.id ="
						 " c.account_id WHERE a.key = ?1 AND c.name = ?2", NULL, 0);
		sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			sb_printf(&m->replaced, "%s\n", sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		import(s, "contacts", "account,name,title\n%s,%s,%s\n", k, name, tok);
		free(k);
	} else if (op < 62) {
		char *k = pick(m, s, "SELECT key FROM accounts ORDER BY key");
		import(s, "nps", "account,score,date,comment\n%s,%u,2024-0%u-1%u,%s\n", k, rnd(m) % 11,
		       1 + rnd(m) % 9, rnd(m) % 10, tok);
		free(k);
	} else if (op < 70) {
		knowingly(m, s, "SELECT name FROM staff WHERE handle = ?1", who);
		import(s, "staff", "handle,name\n%s,%s\n", who, tok);
	} else if (op < 80) {
		char *k = pick(m, s, "SELECT key FROM accounts ORDER BY key");
		if (q_int(s, "SELECT count(*) FROM staff") > 0) {
			char *h = pick(m, s, "SELECT handle FROM staff ORDER BY handle");
			import(s, "meetings", "account,date,staff,notes\n%s,2024-05-0%u,%s,%s\n", k,
			       1 + rnd(m) % 9, h, tok);
			if (rnd(m) % 2)
				import(s, "roles", "account,staff,role\n%s,%s,relationship\n", k, h);
			free(h);
		} else {
			free(k);
			return;
		}
		free(k);
	} else if (op < 88) {
		/* delete an account and all that belongs to it */
		char *k = pick(m, s, "SELECT key FROM accounts ORDER BY key");
		knowingly(m, s, "SELECT notes FROM accounts WHERE key = ?1", k);
		knowingly(m, s, "SELECT c.title FROM contacts c JOIN accounts a ON a.id = c.account_id"
			  " WHERE a.key = ?1", k);
		knowingly(m, s, "SELECT n.comment FROM nps n JOIN accounts a ON a.id = n.account_id"
			  " WHERE a.key = ?1", k);
		knowingly(m, s, "SELECT n.notes FROM meetings n JOIN accounts a ON a.id = n.account_id"
			  " WHERE a.key = ?1", k);
		delete_where(s, "accounts", "SELECT id, version FROM accounts WHERE key = ?1", k);
		free(k);
		return;
	} else if (op < 94) {
		char *c = pick(m, s, "SELECT hex(uid) FROM contacts ORDER BY account_id, name");
		if (c) {
			knowingly(m, s, "SELECT title FROM contacts WHERE hex(uid) = ?1", c);
			delete_where(s, "contacts", "SELECT id, version FROM contacts WHERE hex(uid) = ?1", c);
		}
		free(c);
		return;
	} else {
		knowingly(m, s, "SELECT name FROM staff WHERE handle = ?1", who);
		delete_where(s, "staff", "SELECT id, version FROM staff WHERE handle = ?1", who);
		return;
	}
	sb_printf(&m->written, "%s\n", tok);
}

static void simulate(unsigned seed, int steps)
{
	struct sim m = { .seed = seed };
	for (int i = 0; i < LAPTOPS; i++)
		m.db[i] = laptop();
	int trace = getenv("RAPPORT_SYNC_TRACE") != NULL;
	for (int i = 0; i < steps; i++) {
		int l = (int)(rnd(&m) % LAPTOPS);
		struct store *s = m.db[l];
		unsigned op = rnd(&m) % 100;
		if (trace)
			fprintf(stderr, "step %d laptop %d %s\n", i, l, op < 70 ? "edit" : op < 85 ? "push" : "pull");
		if (op < 70)
			sim_edit(&m, s);
		else if (op < 85)
			push(s);
		else if (access(hub, F_OK) == 0)
			pull(s);
	}
	/* everyone pushes and pulls until nothing moves */
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < LAPTOPS; i++)
			push(m.db[i]);
		for (int i = 0; i < LAPTOPS; i++)
			pull(m.db[i]);
	}
	for (int i = 0; i < LAPTOPS; i++)
		ck_assert_int_eq(push(m.db[i]).changes, 0);
	char *first = dump(m.db[0]);
	struct strbuf known = { 0 };
	sb_puts(&known, first);
	for (int i = 0; i < LAPTOPS; i++) {
		char *d = dump(m.db[i]);
		if (strcmp(d, first) != 0) {
			FILE *f = fopen("/tmp/sync-sim-a.txt", "w");
			fputs(first, f);
			fclose(f);
			f = fopen("/tmp/sync-sim-b.txt", "w");
			fputs(d, f);
			fclose(f);
			for (int j = 0; j < LAPTOPS; j++) {
				char p[64];
				snprintf(p, sizeof p, "/tmp/sync-sim-%d.db", j);
				unlink(p);
				char *q = sqlite3_mprintf("VACUUM INTO %Q", p);
				store_exec(m.db[j], q, NULL, 0);
				sqlite3_free(q);
			}
		}
		ck_assert_msg(strcmp(d, first) == 0, "seed %u: laptop %d differs (diff /tmp/sync-sim-a.txt"
			      " /tmp/sync-sim-b.txt)", seed, i);
		free(d);
		char *c = conflicts_text(m.db[i]);
		sb_puts(&known, c);
		free(c);
		assert_sound(m.db[i]);
		ck_assert_int_eq(q_int(m.db[i], "SELECT count(*) FROM sync_outbox"), 0);
	}
	sb_puts(&known, sb_str(&m.replaced));
	/* no value saved anywhere went missing without a trace */
	char *w = xstrdup(sb_str(&m.written));
	int tokens = 0;
	for (char *save = NULL, *t = strtok_r(w, "\n", &save); t; t = strtok_r(NULL, "\n", &save)) {
		tokens++;
		ck_assert_msg(strstr(sb_str(&known), t) != NULL, "seed %u: %s was lost silently", seed, t);
	}
	ck_assert_int_gt(tokens, steps / 3);
	free(w);
	free(first);
	sb_free(&known);
	sb_free(&m.written);
	sb_free(&m.replaced);
	for (int i = 0; i < LAPTOPS; i++)
		store_close(m.db[i]);
}

START_TEST(laptops_converge)
{
	const char *env = getenv("RAPPORT_SYNC_SEEDS");
	int seeds = env ? atoi(env) : 4;
	const char *one = getenv("RAPPORT_SYNC_SEED");
	const char *steps = getenv("RAPPORT_SYNC_STEPS");
	if (one) {
		if (_i == 0)
			simulate((unsigned)atoi(one), steps ? atoi(steps) : 300);
		return;
	}
	for (int k = 0; k < seeds; k++) {
		simulate(1000u + (unsigned)(_i * 100 + k), 300);
		teardown();
		setup();
	}
}
END_TEST

static Suite *sync_suite(void)
{
	Suite *s = suite_create("sync");
	TCase *tc = tcase_create("cases");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, fresh_database_gets_everything_and_twice_changes_nothing);
	tcase_add_test(tc, later_edit_wins_and_loser_is_listed);
	tcase_add_test(tc, delete_beats_edit_and_child_of_deleted_parent);
	tcase_add_test(tc, same_key_on_two_laptops_keeps_both);
	tcase_add_test(tc, restore_is_a_local_edit_that_syncs_on);
	tcase_add_test(tc, bad_hubs_are_errors_that_change_nothing);
	tcase_add_test(tc, offline_for_months_catches_up_in_one_pull);
	tcase_add_loop_test(tc, laptops_converge, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(sync_suite());
}
