/* Crash safety (issue 7): the rapport binary is killed with SIGKILL at
 * random moments, at least 100 times, while it
 *   - imports a large accounts file (an upsert of every row, a new "batch"
 *     word in the segment column each time) with a stream of one-row edits
 *     running against it from another process,
 *   - runs the stream of edits alone,
 *   - migrates an older database (schema 2, with a large audit log so the
 *     migration takes a while) as `rapport check` opens it,
 *   - writes a `backup`.
 * After every kill, with the plain SQLite API:
 *   - PRAGMA integrity_check says ok (and every tenth time `rapport check`
 *     exits 0 as well);
 *   - the import is entirely there or entirely absent: all BIG rows carry
 *     one batch word, the previous one or the new one, and the new one when
 *     the import had exited 0 before the kill;
 *   - every edit whose process exited 0 (reported saved) is there: edits
 *     write increasing numbers into an account's notes, so the stored number
 *     is at least the last one reported saved;
 *   - no rapport process ended any other way than exit 0 or our SIGKILL
 *     (in particular no "database is locked" under this contention);
 *   - a migration killed midway leaves schema 2 intact or each later step
 *     whole, never a mixture, and the data unchanged; a later open
 *     completes it;
 *   - a backup killed midway leaves either no file at the backup's name or
 *     a complete, sound copy (it is written under a temporary name and
 *     renamed), and the source sound.
 *
 * Environment: RAPPORT_BIN (the binary), RAPPORT_CRASH_KILLS (default 100),
 * RAPPORT_CRASH_SEED (default: time; printed, to replay a failure). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rapport/store.h"

#define BIG_ROWS 1500      /* rows of the large import */
#define EDIT_KEYS 40       /* accounts E00..E39 that the edits change */

static const char *bin;
static char dir[64];
static char db[128];
static int failures;
static long long edit_counter;             /* the last edit number started */
static long long confirmed[EDIT_KEYS];     /* per key: last edit number reported saved */
static int batch_committed;                /* batch word all BIG rows carry (0: none yet) */
static unsigned long long rng;
static int n_big_saved;
static long long saved;
static int mig_old, mig_new, bak_absent, bak_whole;   /* what the kills left */                    /* edits reported saved */                    /* kills after which the import had exited 0 */

static void failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void failf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("FAIL: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	failures++;
}

static void die(const char *what)
{
	fprintf(stderr, "ERROR: %s: %s\n", what, strerror(errno));
	exit(99);
}

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? (unsigned)(rng % n) : 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	if (s <= 0)
		return;
	struct timespec ts = { (time_t)s, (long)((s - (time_t)s) * 1e9) };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		die(path);
}

/* Start rapport -d dbpath ARGS... with stdout to /dev/null and stderr to
 * errpath; returns the pid. */
static pid_t spawn(const char *dbpath, const char *errpath, const char *a1, const char *a2,
		   const char *a3)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		int err = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (null < 0 || err < 0)
			_exit(98);
		dup2(null, 0);
		dup2(null, 1);
		dup2(err, 2);
		execl(bin, bin, "-d", dbpath, a1, a2, a3, (char *)NULL);
		_exit(97);
	}
	return pid;
}

/* How a child ended: 0 exit 0, 1 killed by SIGKILL, -1 anything else
 * (reported, with its stderr). */
static int ended(const char *what, int status, const char *errpath)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		return 1;
	failf("%s ended with %s %d", what, WIFEXITED(status) ? "exit status" : "signal",
	      WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	FILE *f = fopen(errpath, "r");
	char line[512];
	while (f && fgets(line, sizeof line, f))
		fprintf(stderr, "  stderr: %s", line);
	if (f)
		fclose(f);
	return -1;
}

/* Run to completion; 0 when it exited 0. */
static int run(const char *dbpath, const char *a1, const char *a2, const char *a3)
{
	char errpath[160];
	snprintf(errpath, sizeof errpath, "%s/run.err", dir);
	int status;
	pid_t pid = spawn(dbpath, errpath, a1, a2, a3);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	return ended(a1, status, errpath) == 0 ? 0 : -1;
}

static sqlite3 *open_raw(const char *path)
{
	sqlite3 *h = NULL;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		failf("%s: cannot open: %s", path, h ? sqlite3_errmsg(h) : "?");
		sqlite3_close(h);
		return NULL;
	}
	sqlite3_busy_timeout(h, 5000);
	return h;
}

static long long q_int(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		failf("%s: %s", sql, sqlite3_errmsg(h));
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int integrity_ok(sqlite3 *h, const char *what)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		failf("%s: integrity_check: %s", what, sqlite3_errmsg(h));
		return 0;
	}
	int ok = 1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);
		if (!m || strcmp(m, "ok") != 0) {
			failf("%s: integrity_check: %s", what, m ? m : "?");
			ok = 0;
		}
	}
	sqlite3_finalize(st);
	return ok;
}

/* ---- the main database: big import and edits --------------------------- */

static void write_big(const char *path, int batch)
{
	FILE *f = fopen(path, "w");
	if (!f)
		die(path);
	fputs("key,name,segment,ladder\n", f);
	for (int i = 0; i < BIG_ROWS; i++)
		fprintf(f, "BIG%05d,Big account %d,batch-%d,%d\n", i, i, batch, 1 + (i + batch) % 8);
	if (fclose(f) != 0)
		die(path);
}

/* Check the main database after a kill; batch_new is the batch being
 * imported (0: none), new_done whether that import exited 0. */
static void verify_main(int batch_new, int new_done, int with_check)
{
	sqlite3 *h = open_raw(db);
	if (!h)
		return;
	integrity_ok(h, "after a kill");
	long long n = q_int(h, "SELECT count(*) FROM accounts WHERE key GLOB 'BIG*'");
	long long batches = q_int(h, "SELECT count(DISTINCT segment) FROM accounts WHERE key GLOB 'BIG*'");
	long long batch = q_int(h, "SELECT max(substr(segment, 7)) FROM accounts WHERE key GLOB 'BIG*'");
	if (!(n == 0 && batch_committed == 0) && !(n == BIG_ROWS && batches == 1))
		failf("import not all-or-nothing: %lld BIG rows in %lld batches", n, batches);
	else if (n == 0 && (new_done || batch_committed))
		failf("import reported saved (or earlier) but absent");
	else if (n && batch != batch_committed && batch != batch_new)
		failf("BIG rows carry batch %lld, want %d or %d", batch, batch_committed, batch_new);
	else if (new_done && batch != batch_new)
		failf("import of batch %d exited 0 but the rows carry batch %lld", batch_new, batch);
	else if (n)
		batch_committed = (int)batch;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(h, "SELECT CAST(substr(key, 2) AS INTEGER), CAST(notes AS INTEGER)"
			       " FROM accounts WHERE key GLOB 'E[0-9][0-9]'", -1, &st, NULL) != SQLITE_OK) {
		failf("edits: %s", sqlite3_errmsg(h));
	} else {
		int seen = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			int k = sqlite3_column_int(st, 0);
			long long v = sqlite3_column_int64(st, 1);
			seen++;
			if (k >= 0 && k < EDIT_KEYS && v < confirmed[k])
				failf("E%02d: edit %lld was reported saved, the database holds %lld", k,
				      confirmed[k], v);
		}
		sqlite3_finalize(st);
		if (seen != EDIT_KEYS)
			failf("%d of the %d edited accounts are there", seen, EDIT_KEYS);
	}
	sqlite3_close(h);
	if (with_check && run(db, "check", NULL, NULL) != 0)
		failf("rapport check after a kill");
}

/* One kill: optionally a big import, and a stream of edits, until a random
 * moment within window seconds; then SIGKILL whatever runs. */
static void kill_main(int big, double window)
{
	static int batch = 2;
	char bigpath[160], bigerr[160], editerr[160], editpath[160];
	snprintf(bigpath, sizeof bigpath, "%s/big.csv", dir);
	snprintf(bigerr, sizeof bigerr, "%s/big.err", dir);
	snprintf(editerr, sizeof editerr, "%s/edit.err", dir);
	pid_t bpid = 0;
	int this_batch = 0;
	if (big) {
		this_batch = ++batch;
		write_big(bigpath, this_batch);
		bpid = spawn(db, bigerr, "import", "accounts", bigpath);
	}
	double deadline = now() + window * rnd(1000) / 1000.0;
	int big_done = 0, big_status = 0;
	pid_t epid = 0;
	int ekey = 0;
	long long enum_ = 0;
	for (;;) {
		if (!epid) {
			ekey = rnd(EDIT_KEYS);
			enum_ = ++edit_counter;
			snprintf(editpath, sizeof editpath, "%s/edit-%lld.csv", dir, enum_ % 2);
			char text[128];
			snprintf(text, sizeof text, "key,name,notes\nE%02d,Edited %02d,%lld\n", ekey, ekey, enum_);
			write_file(editpath, text);
			epid = spawn(db, editerr, "import", "accounts", editpath);
		}
		int status;
		if (waitpid(epid, &status, WNOHANG) == epid) {
			if (ended("an edit", status, editerr) == 0) {
				confirmed[ekey] = enum_;
				saved++;
			}
			epid = 0;
			continue;
		}
		if (bpid && !big_done && waitpid(bpid, &big_status, WNOHANG) == bpid)
			big_done = 1;
		if (now() >= deadline)
			break;
		sleep_s(0.0005);
	}
	if (epid) {
		kill(epid, SIGKILL);
		int status;
		waitpid(epid, &status, 0);
		if (ended("an edit", status, editerr) == 0) {
			confirmed[ekey] = enum_;
			saved++;
		}
	}
	int new_done = 0;
	if (bpid) {
		if (!big_done) {
			kill(bpid, SIGKILL);
			waitpid(bpid, &big_status, 0);
		}
		new_done = ended("the import", big_status, bigerr) == 0;
		n_big_saved += new_done;
	}
	verify_main(this_batch, new_done, rnd(10) == 0);
}

/* ---- migration ------------------------------------------------------------ */

/* A schema 2 database with 1000 accounts and 11000 audit rows (1000 of them the accounts' inserts), made with
 * the store's own migrations (as test_store builds old versions). */
static void make_v2(const char *path)
{
	struct store raw = { 0 };
	char err[256];
	raw.path = (char *)path;
	if (sqlite3_open(path, &raw.db) != SQLITE_OK)
		die(path);
	if (store_migrate(&raw, 2, err, sizeof err) != 0) {
		fprintf(stderr, "ERROR: %s\n", err);
		exit(99);
	}
	if (sqlite3_exec(raw.db,
		"BEGIN;"
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
		" INSERT INTO accounts(key, name, ladder) SELECT printf('OLD%04d', i), 'Old ' || i, 1 + i % 8 FROM n;"
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)"
		" INSERT INTO audit(actor, kind, record_uid, account_id, action, field, old, new)"
		" SELECT 'ann', 'accounts', randomblob(16), 1 + i % 1000, 'update',"
		" CASE i % 3 WHEN 0 THEN 'ladder' ELSE 'name' END, i, i + 1 FROM n;"
		"COMMIT;", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "ERROR: %s\n", sqlite3_errmsg(raw.db));
		exit(99);
	}
	sqlite3_close(raw.db);
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	if (!in || !out)
		die(to);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			die(to);
	fclose(in);
	if (fclose(out) != 0)
		die(to);
}

static void remove_db(const char *path)
{
	char p[200];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-journal", path);
	unlink(p);
}

static void kill_migration(const char *tmpl, double window)
{
	char path[160], errpath[160];
	snprintf(path, sizeof path, "%s/mig.db", dir);
	snprintf(errpath, sizeof errpath, "%s/mig.err", dir);
	remove_db(path);
	copy_file(tmpl, path);
	pid_t pid = spawn(path, errpath, "check", NULL, NULL);
	sleep_s(window * rnd(1000) / 1000.0);
	kill(pid, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	if (ended("check (migrating)", status, errpath) < 0)
		return;
	sqlite3 *h = open_raw(path);
	if (!h)
		return;
	integrity_ok(h, "after a kill during migration");
	long long v = q_int(h, "PRAGMA user_version");
	long long snaps = q_int(h, "SELECT count(*) FROM sqlite_schema WHERE name = 'review_snapshots'");
	long long closed = q_int(h, "SELECT count(*) FROM pragma_table_info('reviews') WHERE name = 'closed_at'");
	long long idx = q_int(h, "SELECT count(*) FROM sqlite_schema WHERE name = 'audit_ladder'");
	/* each step is one transaction: a kill leaves some version from 2 to
	 * the newest, with every step up to it whole and none after it */
	long long v4 = q_int(h, "SELECT count(*) FROM sqlite_schema WHERE name IN"
			     " ('review_accounts', 'profit_dirty', 'nps_cache_account')");
	mig_old += v == 2;
	mig_new += v > 2;
	if (v == 2 && (snaps || closed || idx || v4))
		failf("schema 2 with parts of later ones (%lld %lld %lld %lld)", snaps, closed, idx, v4);
	else if (v >= 3 && !(snaps && closed && idx))
		failf("schema %lld without all of 3 (%lld %lld %lld)", v, snaps, closed, idx);
	else if (v == 3 && v4)
		failf("schema 3 with parts of 4 (%lld)", v4);
	else if (v >= 4 && v4 != 3)
		failf("schema %lld without all of 4 (%lld)", v, v4);
	else if (v < 2 || v > STORE_SCHEMA_VERSION)
		failf("schema version %lld after a kill during migration from 2", v);
	if (q_int(h, "SELECT count(*) FROM accounts") != 1000 || q_int(h, "SELECT count(*) FROM audit") != 1000 + 10000)
		failf("data changed by a killed migration");
	sqlite3_close(h);
	if (run(path, "check", NULL, NULL) != 0)
		failf("check after a kill during migration");
}

/* ---- backup --------------------------------------------------------------- */

static void kill_backup(double window)
{
	char dest[160], errpath[160];
	snprintf(dest, sizeof dest, "%s/copy/backup.db", dir);
	snprintf(errpath, sizeof errpath, "%s/backup.err", dir);
	pid_t pid = spawn(db, errpath, "backup", dest, NULL);
	sleep_s(window * rnd(1000) / 1000.0);
	kill(pid, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	int rc = ended("backup", status, errpath);
	if (rc < 0)
		return;
	struct stat st;
	if (stat(dest, &st) == 0) {
		bak_whole++;
		sqlite3 *h = open_raw(dest);
		if (h) {
			integrity_ok(h, "a backup left by a kill");
			sqlite3 *src = open_raw(db);
			if (src && q_int(h, "SELECT count(*) FROM accounts") != q_int(src, "SELECT count(*) FROM accounts"))
				failf("the backup at its name is incomplete");
			if ((st.st_mode & 0777) != 0600)
				failf("backup mode %o, want 600", (unsigned)(st.st_mode & 0777));
			sqlite3_close(src);
			sqlite3_close(h);
		}
	} else if (rc == 0) {
		failf("backup exited 0 but %s is missing", dest);
	} else {
		bak_absent++;
	}
	verify_main(0, 0, 0);
	/* clear the copy directory (the file and any temporary left by a kill) */
	char cd[160];
	snprintf(cd, sizeof cd, "%s/copy", dir);
	DIR *d = opendir(cd);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char p[512];
		snprintf(p, sizeof p, "%s/%s", cd, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
}

int main(void)
{
	bin = getenv("RAPPORT_BIN");
	if (!bin) {
		fprintf(stderr, "RAPPORT_BIN is not set (run through make check)\n");
		return 99;
	}
	int kills = getenv("RAPPORT_CRASH_KILLS") ? atoi(getenv("RAPPORT_CRASH_KILLS")) : 100;
	unsigned long long seed = getenv("RAPPORT_CRASH_SEED") ? strtoull(getenv("RAPPORT_CRASH_SEED"), NULL, 10)
							       : (unsigned long long)time(NULL);
	rng = seed * 2654435761ULL + 1;
	printf("seed %llu (RAPPORT_CRASH_SEED=%llu replays this run), %d kills\n", seed, seed, kills);
	strcpy(dir, "/tmp/rapport-crash-XXXXXX");
	if (!mkdtemp(dir))
		die("mkdtemp");
	setenv("HOME", dir, 1);       /* no user configuration */
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("RAPPORT_DB");
	snprintf(db, sizeof db, "%s/main.db", dir);
	char p[200];
	snprintf(p, sizeof p, "%s/copy", dir);
	mkdir(p, 0700);

	/* the base: the edit accounts and a first, complete batch */
	{
		char base[160];
		snprintf(base, sizeof base, "%s/base.csv", dir);
		FILE *f = fopen(base, "w");
		if (!f)
			die(base);
		fputs("key,name,notes\n", f);
		for (int k = 0; k < EDIT_KEYS; k++)
			fprintf(f, "E%02d,Edited %02d,0\n", k, k);
		fclose(f);
		if (run(db, "import", "accounts", base) != 0)
			return 99;
	}
	char bigpath[160];
	snprintf(bigpath, sizeof bigpath, "%s/big.csv", dir);
	write_big(bigpath, 1);
	if (run(db, "import", "accounts", bigpath) != 0)
		return 99;
	write_big(bigpath, 2);      /* timed: an update of every row, as in the kills */
	double t0 = now();
	if (run(db, "import", "accounts", bigpath) != 0)
		return 99;
	double t_big = now() - t0;
	batch_committed = 2;

	char tmpl[160], mig[160];
	snprintf(tmpl, sizeof tmpl, "%s/v2.db", dir);
	snprintf(mig, sizeof mig, "%s/mig.db", dir);
	make_v2(tmpl);
	copy_file(tmpl, mig);
	t0 = now();
	if (run(mig, "check", NULL, NULL) != 0)
		return 99;
	double t_mig = now() - t0;
	char dest[160];
	snprintf(dest, sizeof dest, "%s/copy/backup.db", dir);
	t0 = now();
	if (run(db, "backup", dest, NULL) != 0)
		return 99;
	double t_bak = now() - t0;
	unlink(dest);
	printf("uninterrupted: import %.3f s, migration %.3f s, backup %.3f s\n", t_big, t_mig, t_bak);

	int n_big = 0, n_edit = 0, n_mig = 0, n_bak = 0;
	double start = now();
	double spent[4] = { 0 };
	for (int i = 0; i < kills && failures < 10; i++) {
		double t1 = now();
		int kind = i % 10 == 0 || i % 10 == 3 || i % 10 == 6 ? 0 : i % 10 == 1 || i % 10 == 4 || i % 10 == 8 ? 1
			 : i % 10 == 2 || i % 10 == 7 ? 2 : 3;
		switch (i % 10) {
		case 0: case 3: case 6:
			kill_main(1, t_big * 1.25);
			n_big++;
			break;
		case 1: case 4: case 8:
			kill_main(0, 0.1);
			n_edit++;
			break;
		case 2: case 7:
			kill_migration(tmpl, t_mig);
			n_mig++;
			break;
		default:
			kill_backup(t_bak * 1.2);
			n_bak++;
			break;
		}
		spent[kind] += now() - t1;
	}
	printf("time: %.1f s imports, %.1f s edits, %.1f s migrations, %.1f s backups\n", spent[0], spent[1], spent[2], spent[3]);
	/* and the database is still fully usable */
	verify_main(0, 0, 1);
	printf("%d kills in %.1f s: %d during an import with edits, %d during edits, %d during a migration,"
	       " %d during a backup; %d imports and %lld of %lld edits had been reported saved\n",
	       n_big + n_edit + n_mig + n_bak, now() - start, n_big, n_edit, n_mig, n_bak,
	       n_big_saved, saved, edit_counter);
	printf("killed migrations left schema 2 %d times, a later one %d times; killed backups left no file %d times,"
	       " a whole copy %d times\n", mig_old, mig_new, bak_absent, bak_whole);
	if (failures) {
		printf("%d failures; the files are kept in %s\n", failures, dir);
		return 1;
	}
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return 0;
}
