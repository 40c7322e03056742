/* The hub file: an SQLite database holding the team's ordered log of
 * changesets (docs/SYNC.md).  Always a rollback journal (journal_mode
 * DELETE, never WAL: WAL needs shared memory, which a network file system
 * does not give), written under an exclusive lock, read under a shared one.
 * A busy hub is waited for RAPPORT_SYNC_TIMEOUT ms (default 10 s). */
#include "sync_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rapport/util.h"

#define HUB_FORMAT 1

static const char hub_schema[] =
	"CREATE TABLE hub_meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
	"CREATE TABLE log(seq INTEGER PRIMARY KEY AUTOINCREMENT,"   /* order of the log */
	" origin TEXT NOT NULL,"                                     /* pushing database */
	" owner TEXT,"                                               /* its [meta] owner */
	" pushed_at TEXT NOT NULL,"
	" schema INTEGER NOT NULL,"                                  /* its schema version */
	" changes INTEGER NOT NULL,"                                 /* records in changeset */
	" changeset BLOB NOT NULL);"                                 /* wire-form changeset */
	"INSERT INTO hub_meta VALUES ('format', '1'), ('id', lower(hex(randomblob(16)))),"
	" ('created', strftime('%Y-%m-%dT%H:%M:%fZ','now'));";

static int timeout_ms(void)
{
	const char *e = getenv("RAPPORT_SYNC_TIMEOUT");
	if (e && *e) {
		long v = strtol(e, NULL, 10);
		if (v >= 0 && v < 3600000)
			return (int)v;
	}
	return 10000;
}

static const char *why(sqlite3 *h, int rc)
{
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return "the hub is locked by another push or pull; try again later";
	if (rc == SQLITE_NOTADB)
		return "not a Rapport hub (not an SQLite file)";
	if (rc == SQLITE_CORRUPT)
		return "the hub is damaged";
	return sqlite3_errmsg(h);
}

static int hub_exec(sqlite3 *h, const char *sql, const char *path, char *err, size_t errlen)
{
	int rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, why(h, sqlite3_errcode(h)));
		return -1;
	}
	return 0;
}

static long long hub_int(sqlite3 *h, const char *sql, int *rcp)
{
	sqlite3_stmt *st = NULL;
	long long v = 0;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			v = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	*rcp = rc == SQLITE_DONE ? SQLITE_OK : rc;
	return v;
}

sqlite3 *hub_open(const char *path, int create, int write, char *hub_id, size_t idlen,
		  char *err, size_t errlen)
{
	struct stat sb;
	int exists = stat(path, &sb) == 0;
	if (exists && S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "%s: is a directory, not a hub file", path);
		return NULL;
	}
	if (!exists && !create) {
		snprintf(err, errlen, "%s: no such hub (%s); nothing was changed", path,
			 strerror(errno));
		return NULL;
	}
	sqlite3 *h = NULL;
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &h, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot open the hub: %s", path,
			 h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close_v2(h);
		return NULL;
	}
	sqlite3_busy_timeout(h, timeout_ms());
	/* a rollback journal, never WAL; a write lock for the whole push */
	if (hub_exec(h, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL", path, err, errlen) ||
	    hub_exec(h, write ? "BEGIN EXCLUSIVE" : "BEGIN", path, err, errlen))
		goto bad;
	int rc;
	long long app = hub_int(h, "PRAGMA application_id", &rc);
	long long tables = rc == SQLITE_OK ? hub_int(h, "SELECT count(*) FROM sqlite_schema", &rc) : 0;
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, why(h, rc));
		goto bad;
	}
	if (app == 0 && tables == 0) {
		if (!write) {
			snprintf(err, errlen, "%s: an empty file, not a Rapport hub; nothing was changed", path);
			goto bad;
		}
		char sql[96];
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d;",
			 SYNC_HUB_APPLICATION_ID, HUB_FORMAT);
		if (hub_exec(h, sql, path, err, errlen) || hub_exec(h, hub_schema, path, err, errlen))
			goto bad;
	} else if (app != SYNC_HUB_APPLICATION_ID) {
		snprintf(err, errlen, "%s: not a Rapport hub%s; nothing was changed", path,
			 app == 0x52415050 ? " (it is a Rapport database)" : "");
		goto bad;
	} else if (hub_int(h, "PRAGMA user_version", &rc) > HUB_FORMAT) {
		snprintf(err, errlen, "%s: a hub of a newer Rapport (format %lld); nothing was changed",
			 path, hub_int(h, "PRAGMA user_version", &rc));
		goto bad;
	}
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(h, "SELECT value FROM hub_meta WHERE key = 'id'", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		strlcpy_r(hub_id, (const char *)sqlite3_column_text(st, 0), idlen);
	} else {
		snprintf(err, errlen, "%s: the hub is damaged (%s)", path,
			 rc == SQLITE_OK ? "no hub id" : why(h, sqlite3_errcode(h)));
		sqlite3_finalize(st);
		goto bad;
	}
	sqlite3_finalize(st);
	return h;
bad:
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close_v2(h);
	return NULL;
}

void hub_close(sqlite3 *h, int commit)
{
	if (!h)
		return;
	if (!sqlite3_get_autocommit(h))
		sqlite3_exec(h, commit ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close_v2(h);
}
