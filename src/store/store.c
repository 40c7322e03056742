/* The one owner of sqlite3*: open, identify, migrate, transactions, check,
 * backup (see store.h). */
#include "rapport/store.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rapport/util.h"
#include "capture.h"
#include "schema.h"

/* How long a statement waits for another process's write lock. */
#define STORE_BUSY_MS 5000

/* SQLite's message for the last error on db; for a failed read or write
 * (a full disk, a file size limit, a vanished USB stick) with the system's
 * reason added when SQLite kept it, else a hint at the likely causes. */
static const char *errmsg(sqlite3 *db, const char *msg, char *buf, size_t len)
{
	int code = sqlite3_errcode(db) & 0xff;
	int sys = sqlite3_system_errno(db);
	if (!msg)
		msg = sqlite3_errmsg(db);
	if ((code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN) && sys > 0)
		snprintf(buf, len, "%s (%s)", msg, strerror(sys));
	else if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		snprintf(buf, len, "the database is busy: another process has been writing to it"
			 " for too long (a large import?); try again when it has finished");
	else if (code == SQLITE_IOERR || code == SQLITE_FULL)
		/* SQLite often keeps no errno for a failed write */
		snprintf(buf, len, "%s (the disk may be full, or the file over a size limit)", msg);
	else
		snprintf(buf, len, "%s", msg);
	return buf;
}

int store_fail(struct store *s, const char *what, char *err, size_t errlen)
{
	char m[512];
	return err_set(err, errlen, "%s: %s", what, s && s->db ? errmsg(s->db, NULL, m, sizeof m) : "no database");
}

int store_rows(struct store *s, sqlite3_stmt *st, const char *what,
	       int (*row)(sqlite3_stmt *st, void *ctx), void *ctx, char *err, size_t errlen)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (row(st, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	int ret = rc == SQLITE_DONE ? 0 : store_fail(s, what, err, errlen);
	sqlite3_finalize(st);
	return ret;
}

int store_exec(struct store *s, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		char m[512];
		err_set(err, errlen, "%s: %s", s->path, errmsg(s->db, msg, m, sizeof m));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

sqlite3_stmt *store_prepare(struct store *s, const char *sql, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		err_set(err, errlen, "%s: %s", s->path, sqlite3_errmsg(s->db));
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

sqlite3_stmt *store_stmt(struct store *s, const char *sql, char *err, size_t errlen)
{
	for (int i = 0; i < s->ncache; i++) {
		if (s->cache[i].sql == sql) {
			sqlite3_reset(s->cache[i].st);
			sqlite3_clear_bindings(s->cache[i].st);
			return s->cache[i].st;
		}
	}
	sqlite3_stmt *st = store_prepare(s, sql, err, errlen);
	if (st && s->ncache < STORE_STMT_CACHE) {
		s->cache[s->ncache].sql = sql;
		s->cache[s->ncache++].st = st;
	} else if (st) {
		/* full: callers are a fixed, small set, so this is a bug */
		sqlite3_finalize(st);
		snprintf(err, errlen, "%s: statement cache full", s->path);
		return NULL;
	}
	return st;
}

void store_busy_wait(struct store *s, int ms)
{
	s->busy_ms = ms;
	sqlite3_busy_timeout(s->db, ms);
}

void store_bulk(struct store *s, int on)
{
	sqlite3_exec(s->db, on ? "PRAGMA cache_size = -262144" : "PRAGMA cache_size = -16384",
		     NULL, NULL, NULL);
}

int store_bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
	if (!v || !*v)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* The first column of the first row as an integer; -1 and err on error. */
static long long query_int(struct store *s, const char *sql, char *err, size_t errlen)
{
	sqlite3_stmt *st = store_prepare(s, sql, err, errlen);
	if (!st)
		return -1;
	long long v = 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		v = -1, err_set(err, errlen, "%s: %s", s->path, sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return v;
}

int store_version(struct store *s)
{
	return (int)query_int(s, "PRAGMA user_version", NULL, 0);
}

int store_begin(struct store *s, char *err, size_t errlen)
{
	if (s->readonly)
		return err_set(err, errlen, "%s: the database is read-only (no permission to write the file"
			    " or its folder); nothing was written", s->path);
	/* sync: changes made in autocommit mode since the last commit get
	 * their own transaction, so this one's rollback cannot drop them */
	if (store_capture_flush(s, err, errlen) != 0)
		return -1;
	return store_exec(s, "BEGIN IMMEDIATE", err, errlen);
}

int store_begin_applying(struct store *s, char *err, size_t errlen)
{
	if (store_begin(s, err, errlen) != 0)
		return -1;
	capture_enable(s, 0);
	s->applying = 1;
	return 0;
}

int store_begin_bulk(struct store *s, char *err, size_t errlen)
{
	if (store_begin(s, err, errlen) != 0)
		return -1;
	/* Decided under the write lock, which a push holds from its start to
	 * its end: no push can come between this check and the commit. */
	if (s->capture) {
		sqlite3_stmt *st = NULL;
		int pushed = 1;   /* when unsure, capture */
		if (sqlite3_prepare_v2(s->db, "SELECT EXISTS (SELECT 1 FROM sync_hubs WHERE pushed <> 0)",
				       -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
			pushed = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (!pushed) {
			capture_enable(s, 0);
			s->applying = 1;   /* applying_done turns capture back on */
		}
	}
	return 0;
}

void store_capture_local(struct store *s, int on)
{
	if (s->applying)
		capture_enable(s, on);
}

/* The end of a transaction begun by store_begin_applying. */
static void applying_done(struct store *s)
{
	if (s->applying)
		capture_enable(s, 1);
	s->applying = 0;
}

int store_capture_flush(struct store *s, char *err, size_t errlen)
{
	if (!capture_pending(s) || !sqlite3_get_autocommit(s->db))
		return 0;
	if (store_exec(s, "BEGIN IMMEDIATE", err, errlen) != 0)
		return -1;
	if (capture_to_outbox(s, err, errlen) != 0 || store_exec(s, "COMMIT", err, errlen) != 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

int store_commit(struct store *s, char *err, size_t errlen)
{
	/* sync: the transaction's changeset commits with it (when applying,
	 * only what store_capture_local let through) */
	if (capture_to_outbox(s, err, errlen) != 0) {
		store_rollback(s);
		return -1;
	}
	if (store_exec(s, "COMMIT", err, errlen) != 0) {
		store_rollback(s);
		return -1;
	}
	applying_done(s);
	return 0;
}

int store_upkeep(struct store *s, int (*work)(struct store *s, void *arg), void *arg)
{
	if (s->readonly || !sqlite3_get_autocommit(s->db) || sqlite3_db_readonly(s->db, "main"))
		return 0;
	sqlite3_busy_timeout(s->db, 0);
	int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sqlite3_busy_timeout(s->db, s->busy_ms);
	if (rc != SQLITE_OK)
		return 0;
	sqlite3_int64 before = sqlite3_total_changes64(s->db);
	rc = work(s, arg) == 0 ? sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) : SQLITE_ERROR;
	if (rc != SQLITE_OK)   /* not store_rollback: it discards the sync session's changes */
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->upkeep_changes += sqlite3_total_changes64(s->db) - before;
	return rc == SQLITE_OK;
}

int store_read_begin(struct store *s)
{
	return sqlite3_get_autocommit(s->db) &&
	       sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

void store_read_end(struct store *s, int begun)
{
	if (begun && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

void store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	capture_discard(s);
	applying_done(s);
}

int store_migrate(struct store *s, int target, char *err, size_t errlen)
{
	int v = store_version(s);
	if (v < 0)
		return err_set(err, errlen, "%s: cannot read the schema version", s->path);
	for (int next = v + 1; next <= target; next++) {
		char *sql = schema_migration_sql(next);
		if (!sql)
			return err_set(err, errlen, "%s: no migration to schema %d", s->path, next);
		char pragma[96];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", next);
		int rc = store_begin(s, err, errlen);
		if (rc == 0 && next == 1) {
			char id[64];
			snprintf(id, sizeof id, "PRAGMA application_id = %d;", STORE_APPLICATION_ID);
			rc = store_exec(s, id, err, errlen);
		}
		if (rc == 0)
			rc = store_exec(s, sql, err, errlen);
		if (rc == 0)
			rc = store_exec(s, pragma, err, errlen);
		if (rc == 0 && next == 1) {
			const char *user = getenv("USER");
			rc = store_meta_set(s, "owner", user && *user ? user : "unknown", err, errlen);
		}
		free(sql);
		if (rc == 0)
			rc = store_commit(s, err, errlen);
		else
			store_rollback(s);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Who is making changes through this process: the login name of the real
 * user id (from the password database, which the environment cannot
 * override), else $LOGNAME or $USER, else "uid N".  Written into buf. */
static const char *login_name(char *buf, size_t len)
{
	struct passwd *pw = getpwuid(getuid());
	const char *name = pw && pw->pw_name && *pw->pw_name ? pw->pw_name : NULL;
	if (!name)
		name = getenv("LOGNAME");
	if (!name || !*name)
		name = getenv("USER");
	if (name && *name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "uid %ld", (long)getuid());
	return buf;
}

/* SQL function rapport_user(): the connection's login name (its user data). */
static void sql_rapport_user(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_text(ctx, sqlite3_user_data(ctx), -1, SQLITE_TRANSIENT);
}

/* The audit log records who made each change: the login name of the user
 * running this connection, not the database's creator.  The audit triggers
 * (schema v2) write meta 'owner' (the creator) as the actor; a TEMP trigger,
 * private to this connection, replaces that with rapport_user() right after
 * the row is written.  It leaves alone rows whose actor is anything else
 * (written explicitly, e.g. carried over from another database) and costs
 * nothing when the creator is the one editing.  No schema change: the TEMP
 * schema lives and dies with the connection.  Only once the audit table
 * exists (after migration); read-only connections write nothing. */
static int audit_actor_install(struct store *s, char *err, size_t errlen)
{
	char name[256];
	login_name(name, sizeof name);
	if (sqlite3_create_function_v2(s->db, "rapport_user", 0, SQLITE_UTF8, xstrdup(name),
				       sql_rapport_user, NULL, NULL, free) != SQLITE_OK)
		return err_set(err, errlen, "%s: %s", s->path, sqlite3_errmsg(s->db));
	return store_exec(s,
		"CREATE TEMP TRIGGER IF NOT EXISTS audit_actor AFTER INSERT ON main.audit"
		" WHEN new.actor IS NOT rapport_user()"
		" AND new.actor IS (SELECT value FROM main.meta WHERE key = 'owner')"
		" BEGIN UPDATE audit SET actor = rapport_user() WHERE id = new.id; END",
		err, errlen);
}

/* Decide, by reading only, whether the open file is a Rapport database
 * (1), an empty database to initialise (0), or something to refuse (-1). */
static int identify(struct store *s, char *err, size_t errlen)
{
	char e[256];
	long long app = query_int(s, "PRAGMA application_id", e, sizeof e);
	if (app < 0) {
		int code = sqlite3_errcode(s->db);
		if (code == SQLITE_NOTADB)
			return err_set(err, errlen, "%s: not a Rapport database (not an SQLite file); left untouched", s->path);
		if (code == SQLITE_CORRUPT)
			return err_set(err, errlen, "%s: the database is damaged (%s)", s->path, sqlite3_errmsg(s->db));
		return err_set(err, errlen, "%s", e);
	}
	long long tables = query_int(s, "SELECT count(*) FROM sqlite_schema", e, sizeof e);
	if (tables < 0)
		return err_set(err, errlen, "%s", e);
	long long ver = query_int(s, "PRAGMA user_version", e, sizeof e);
	if (app == 0 && tables == 0 && ver == 0)
		return 0;
	if (app != STORE_APPLICATION_ID)
		return err_set(err, errlen, "%s: an SQLite database of another application, not a Rapport database; left untouched", s->path);
	if (ver > STORE_SCHEMA_VERSION)
		return err_set(err, errlen, "%s: made by a newer Rapport (schema %lld; this program knows %d); left untouched",
			    s->path, ver, STORE_SCHEMA_VERSION);
	return 1;
}

/* Whether new files can be made in the folder that holds path. */
static int dir_writable(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int ok;
	if (!slash)
		ok = access(".", W_OK | X_OK) == 0;
	else {
		slash[slash == dir] = '\0';
		ok = access(dir, W_OK | X_OK) == 0;
	}
	free(dir);
	return ok;
}

/* "file:PATH?immutable=1" with PATH percent-encoded (an SQLite URI). */
static char *immutable_uri(const char *path)
{
	struct strbuf b = { 0 };
	sb_puts(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p))
			sb_putc(&b, (char)*p);
		else
			sb_printf(&b, "%%%02X", *p);
	}
	sb_puts(&b, "?immutable=1");
	return b.s;
}

static struct store *open_handle(const char *path, int sqlite_flags, char *err, size_t errlen)
{
	struct store *s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	char *uri = NULL;
	if ((sqlite_flags & SQLITE_OPEN_READONLY) && strcmp(path, ":memory:") != 0 && !dir_writable(path)) {
		/* A WAL database in a folder we cannot write cannot be read
		 * the usual way: SQLite needs to create its -shm file.  When
		 * there is no -wal file, nobody is writing it (a writer needs
		 * one), so it can be read as an immutable file. */
		char *wal = xasprintf("%s-wal", path);
		if (access(wal, F_OK) != 0) {
			uri = immutable_uri(path);
			sqlite_flags |= SQLITE_OPEN_URI;
		}
		free(wal);
	}
	/* Rapport uses each connection from one thread only: no mutex around
	 * every sqlite3_* call (they cost ~20% of a 100k-row read loop) */
	int rc = sqlite3_open_v2(uri ? uri : path, &s->db, sqlite_flags | SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		err_set(err, errlen, "%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "cannot open");
		store_close(s);
		return NULL;
	}
	sqlite3_extended_result_codes(s->db, 0);
	store_busy_wait(s, STORE_BUSY_MS);
	return s;
}

struct store *store_open(const char *path, int flags, char *err, size_t errlen)
{
	struct stat st;
	int exists = stat(path, &st) == 0;
	if (exists && S_ISDIR(st.st_mode)) {
		err_set(err, errlen, "%s: is a directory, not a database file", path);
		return NULL;
	}
	if (!exists) {
		if (!(flags & STORE_CREATE) || (flags & STORE_READONLY)) {
			err_set(err, errlen, "%s: no such database", path);
			return NULL;
		}
		/* Create the file ourselves so it is 0600 whatever the umask;
		 * SQLite gives -wal and -shm the same mode. */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0) {
			err_set(err, errlen, "%s: %s", path, strerror(errno));
			return NULL;
		}
		close(fd);
	}
	/* Writing needs the file and its folder (SQLite creates the -wal,
	 * -shm and -journal files beside it): without either, open read-only,
	 * so that reading works and every write is refused with a message
	 * (store_begin) instead of failing on the first pragma. */
	int readonly = (flags & STORE_READONLY) || access(path, W_OK) != 0 || !dir_writable(path);
	struct store *s = open_handle(path, readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE,
				      err, errlen);
	if (!s)
		return NULL;
	s->readonly = readonly;

	int kind = identify(s, err, errlen);
	if (kind < 0)
		goto bad;
	if (kind == 0 && readonly) {
		err_set(err, errlen, "%s: an empty, read-only file; cannot create the schema", path);
		goto bad;
	}
	if (store_exec(s, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384", err, errlen) != 0)
		goto bad;
	if (!readonly) {
		/* WAL: readers never block the writer; FULL: a commit reported to
		 * the user survives a power cut, not only a crash. */
		if (store_exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", err, errlen) != 0)
			goto bad;
	}
	if (store_version(s) < STORE_SCHEMA_VERSION) {
		if (readonly) {
			err_set(err, errlen, "%s: read-only and needs an upgrade to schema %d", path, STORE_SCHEMA_VERSION);
			goto bad;
		}
		if (store_migrate(s, STORE_SCHEMA_VERSION, err, errlen) != 0)
			goto bad;
	}
	if (!readonly && (audit_actor_install(s, err, errlen) != 0 ||
			  capture_start(s, err, errlen) != 0))
		goto bad;
	return s;
bad:
	store_close(s);
	return NULL;
}

struct store *store_open_memory(char *err, size_t errlen)
{
	struct store *s = open_handle(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err, errlen);
	if (!s)
		return NULL;
	if (store_exec(s, "PRAGMA foreign_keys = ON", err, errlen) != 0 ||
	    store_migrate(s, STORE_SCHEMA_VERSION, err, errlen) != 0 ||
	    audit_actor_install(s, err, errlen) != 0 ||
	    capture_start(s, err, errlen) != 0) {
		store_close(s);
		return NULL;
	}
	return s;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->db && capture_pending(s)) {
		char err[256];
		if (store_capture_flush(s, err, sizeof err) != 0)
			fprintf(stderr, "rapport: %s\n", err);
	}
	capture_stop(s);
	for (int i = 0; i < s->ncache; i++)
		sqlite3_finalize(s->cache[i].st);
	if (s->db) {
		/* only after writing: ANALYZE counts as a change for other
		 * processes (PRAGMA data_version), which would make their open
		 * screens recompute after every read-only report */
		if (!s->readonly && sqlite3_total_changes(s->db) > 0)
			sqlite3_exec(s->db, "PRAGMA optimize", NULL, NULL, NULL);
		sqlite3_close_v2(s->db);
	}
	free(s->path);
	free(s);
}

char *store_meta_get(struct store *s, const char *key)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT value FROM meta WHERE key = ?", NULL, 0);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	char *v = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

int store_meta_set(struct store *s, const char *key, const char *value, char *err, size_t errlen)
{
	sqlite3_stmt *st = store_prepare(s,
		"INSERT INTO meta(key, value) VALUES (?, ?) "
		"ON CONFLICT(key) DO UPDATE SET value = excluded.value", err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : store_fail(s, s->path, err, errlen);
	sqlite3_finalize(st);
	return rc;
}

long long store_data_stamp(struct store *s)
{
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *st = store_stmt(s, sql, NULL, 0);
	long long v = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0) + (long long)sqlite3_total_changes64(s->db) -
		    s->upkeep_changes;
	if (st)
		sqlite3_reset(st);
	return v;
}

long long store_count(struct store *s, const char *table)
{
	for (const char *const *t = schema_tables; *t; t++) {
		if (strcmp(*t, table) == 0) {
			char *sql = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", table);
			long long n = query_int(s, sql, NULL, 0);
			sqlite3_free(sql);
			return n;
		}
	}
	return -1;
}

int store_check(struct store *s, void *outp, char *err, size_t errlen)
{
	FILE *out = outp;
	int problems = 0;
	sqlite3_stmt *st = store_prepare(s, "PRAGMA integrity_check", err, errlen);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);
		if (m && strcmp(m, "ok") != 0) {
			fprintf(out, "integrity: %s\n", m);
			problems++;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		fprintf(out, "integrity: %s\n", sqlite3_errmsg(s->db));
		problems++;
	}
	st = store_prepare(s, "PRAGMA foreign_key_check", err, errlen);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fprintf(out, "foreign key: %s row %lld refers to a missing %s\n",
			(const char *)sqlite3_column_text(st, 0),
			(long long)sqlite3_column_int64(st, 1),
			(const char *)sqlite3_column_text(st, 2));
		problems++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		fprintf(out, "foreign keys: %s\n", sqlite3_errmsg(s->db));
		problems++;
	}
	int v = store_version(s);
	fprintf(out, "schema: %d (current %d)\n", v, STORE_SCHEMA_VERSION);
	if (v != STORE_SCHEMA_VERSION)
		problems++;
	for (const char *const *t = schema_tables; *t; t++) {
		long long n = store_count(s, *t);
		if (n < 0) {
			/* sound pages but a table gone (dropped by another tool):
			 * not sound, whatever integrity_check says */
			fprintf(out, "schema: table %s is missing\n", *t);
			problems++;
		} else if (strcmp(*t, "meta") && strcmp(*t, "audit") && strncmp(*t, "profit_", 7) &&
			   strncmp(*t, "nps_cache", 9) && strncmp(*t, "role_", 5)) {
			/* derived caches are not the user's data: not listed */
			fprintf(out, "%-17s %lld\n", *t, n);
		}
	}
	fprintf(out, "%s\n", problems ? "NOT SOUND" : "ok");
	return problems ? -1 : 0;
}

int store_backup(struct store *s, const char *dest, char *err, size_t errlen)
{
	struct stat st;
	if (stat(dest, &st) == 0)
		return err_set(err, errlen, "%s: already exists; choose a new file name", dest);
	char *tmp = xasprintf("%s.tmp-%ld", dest, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		err_set(err, errlen, "%s: %s", dest, strerror(errno));
		free(tmp);
		return -1;
	}
	close(fd);
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(db, "main", s->db, "main");
		if (b) {
			/* Copy in one step: the source stays readable by others and
			 * the copy is one consistent snapshot. */
			while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
				sqlite3_sleep(50);
			sqlite3_backup_finish(b);
			if (rc == SQLITE_DONE)
				rc = SQLITE_OK;
		} else {
			rc = sqlite3_errcode(db);
		}
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		err_set(err, errlen, "%s: %s", dest, db ? sqlite3_errmsg(db) : "cannot open");
	sqlite3_close_v2(db);
	if (rc == SQLITE_OK) {
		fd = open(tmp, O_RDONLY);
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
		if (rename(tmp, dest) != 0) {
			err_set(err, errlen, "%s: %s", dest, strerror(errno));
			rc = SQLITE_ERROR;
		} else {
			/* the new name itself must survive a power cut once we
			 * say the backup is written: sync its directory */
			char *dir = xstrdup(dest);
			char *slash = strrchr(dir, '/');
			if (slash)
				slash[slash == dir] = '\0';
			fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY);
			if (fd >= 0) {
				fsync(fd);
				close(fd);
			}
			free(dir);
		}
	}
	if (rc != SQLITE_OK)
		unlink(tmp);
	free(tmp);
	return rc == SQLITE_OK ? 0 : -1;
}
