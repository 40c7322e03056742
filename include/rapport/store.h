#ifndef RAPPORT_STORE_H
#define RAPPORT_STORE_H
/* The one owner of the SQLite handle: opening, the schema and its
 * migrations, transactions, statement preparation, check and backup.
 * Other modules run SQL only through a struct store and the statements it
 * prepares (bind every user value; never paste it into SQL).
 *
 * Errors: functions returning int give 0 on success and -1 on failure with
 * a one-line message in err (no trailing newline). */
#include <stddef.h>
#include <sqlite3.h>

/* PRAGMA application_id of a Rapport database: "RAPP". */
#define STORE_APPLICATION_ID 0x52415050
/* The newest schema version (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 6

enum store_flags {
	STORE_CREATE = 1,    /* create the file (mode 0600) and schema if missing */
	STORE_READONLY = 2,  /* open read-only: no migration, no writes */
};

#define STORE_STMT_CACHE 96

struct store {
	sqlite3 *db;       /* the handle; owned */
	char *path;        /* file name as given, ":memory:" for tests */
	int readonly;      /* opened with STORE_READONLY, or the file is not writable */
	struct {
		const char *sql;    /* identity: the caller's static SQL text */
		sqlite3_stmt *st;
	} cache[STORE_STMT_CACHE]; /* see store_stmt() */
	int ncache;
	/* Rows changed by derived-data upkeep (profit_cache_refresh): not a
	 * change of the user's data, so data stamps leave them out. */
	long long upkeep_changes;
	/* store_data_stamp at which the NPS cache was last known valid (nps.c;
	 * 0 = not known): no change by anyone since means still valid. */
	long long nps_cache_checked;
	int busy_ms;                /* the busy timeout in force (store_busy_wait) */
	void *capture;     /* sqlite3_session recording local changes for sync
			      (capture.c); NULL when not capturing */
	int applying;      /* in a transaction begun by store_begin_applying */
};

/* Open path.  A new or empty file gets the schema; an existing Rapport
 * database at an older version is migrated forward (each step in one
 * transaction).  Refused, without writing a byte: a directory, a file that is
 * not SQLite, a SQLite file of another application, a Rapport database newer
 * than this program.  Connection settings: foreign_keys on, WAL (not for
 * :memory:), synchronous FULL, busy timeout 5 s (store_busy_wait).  Returns NULL on error. */
struct store *store_open(const char *path, int flags, char *err, size_t errlen);
/* A fresh in-memory database with the newest schema (tests). */
struct store *store_open_memory(char *err, size_t errlen);
void store_close(struct store *s);

/* Schema version of the open database (PRAGMA user_version). */
int store_version(struct store *s);
/* Apply the migrations from the current version up to target (tests use
 * target < STORE_SCHEMA_VERSION to build old databases). */
int store_migrate(struct store *s, int target, char *err, size_t errlen);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK.  rollback never fails loudly. */
int store_begin(struct store *s, char *err, size_t errlen);
int store_commit(struct store *s, char *err, size_t errlen);
void store_rollback(struct store *s);
/* Optional upkeep of derived data (caches): run work(s, arg) in its own
 * write transaction, only if the write lock is free now, no transaction
 * is open and the store is writable -- never waiting for, or failing
 * because of, another writer.  work returns 0 to commit; anything else
 * rolls back (without touching changes captured for sync).  Rows it
 * changes count as upkeep_changes, not as user data (store_data_stamp).
 * Returns 1 when work ran and committed, 0 otherwise. */
int store_upkeep(struct store *s, int (*work)(struct store *s, void *arg), void *arg);

/* A read transaction around several statements that must see one state
 * of the file (a cache and what stamps it).  Returns 1 when it began one,
 * 0 when a transaction is already open (the caller's: nothing to end) or
 * BEGIN failed; pass the result to store_read_end. */
int store_read_begin(struct store *s);
void store_read_end(struct store *s, int begun);

/* Change capture for sync (capture.c, docs/SYNC.md).  A writable store
 * records every change to the synced tables with SQLite's session
 * extension; store_commit stores the changeset in sync_outbox inside the
 * committing transaction, so a change and its record commit together.
 * store_begin_applying begins a transaction whose changes are not captured
 * (sync pull applying other databases' changes: no echo). */
int store_begin_applying(struct store *s, char *err, size_t errlen);
/* BEGIN IMMEDIATE for a bulk writer (import, demo).  When this database
 * has never pushed to a hub, its first push sends a full snapshot anyway,
 * so the transaction's changes are not recorded (at 100k accounts the
 * record would cost gigabytes of memory); otherwise as store_begin. */
int store_begin_bulk(struct store *s, char *err, size_t errlen);
/* Inside such a transaction: capture (1) or not (0) what follows, for a
 * change sync makes here that other databases must receive. */
void store_capture_local(struct store *s, int on);
/* Store changes captured outside store_begin/store_commit (writes in
 * autocommit mode) in the outbox now, in their own transaction. */
int store_capture_flush(struct store *s, char *err, size_t errlen);
/* The synced tables, parents before children, NULL-terminated. */
extern const char *const store_synced_tables[];

/* Run SQL without user values (schema, pragmas, fixed statements). */
int store_exec(struct store *s, const char *sql, char *err, size_t errlen);
/* Prepare one statement; NULL with err on failure.  Caller finalizes. */
sqlite3_stmt *store_prepare(struct store *s, const char *sql, char *err, size_t errlen);
/* A prepared statement for sql, kept for the life of s: sql must be a
 * string with static storage (it is the cache key, compared by address).
 * The statement comes back reset with its bindings cleared; the caller
 * binds, steps and may leave it as it is.  Do not finalize it.  For
 * statements run once per row in hot paths (import, per-account upkeep).
 * NULL with err on failure. */
sqlite3_stmt *store_stmt(struct store *s, const char *sql, char *err, size_t errlen);

/* How long a write waits for another process's transaction before giving
 * up with a message (default 5000 ms, right for the interface; commands
 * run from scripts wait longer). */
void store_busy_wait(struct store *s, int ms);

/* Bulk mode on (1) or off (0): a page cache large enough for a big
 * import's indexes, so that pages are not spilled mid-transaction. */
void store_bulk(struct store *s, int on);

/* Step st to its end, calling row(st, ctx) for each row; a nonzero return
 * from row stops early (not an error).  Always finalizes st.  0, or -1
 * with "what: sqlite's message" in err. */
int store_rows(struct store *s, sqlite3_stmt *st, const char *what,
	       int (*row)(sqlite3_stmt *st, void *ctx), void *ctx, char *err, size_t errlen);

/* Copy sqlite's last error for s into err, prefixed by what. Returns -1. */
int store_fail(struct store *s, const char *what, char *err, size_t errlen);

/* Bind helpers: NULL or "" binds SQL NULL for store_bind_text_or_null. */
int store_bind_text_or_null(sqlite3_stmt *st, int i, const char *v);

/* Integrity check (PRAGMA integrity_check + foreign_key_check + schema
 * version).  Writes a human report to out; returns 0 when sound. */
int store_check(struct store *s, void *out /* FILE* */, char *err, size_t errlen);

/* Online, consistent copy to dest (sqlite3 backup API); dest must not
 * exist; written to a temporary name and renamed, mode 0600. */
int store_backup(struct store *s, const char *dest, char *err, size_t errlen);

/* A meta value (app metadata table), or NULL; caller frees. */
char *store_meta_get(struct store *s, const char *key);
int store_meta_set(struct store *s, const char *key, const char *value, char *err, size_t errlen);

/* A number that changes whenever the user's data may have changed since
 * the last call: this connection's writes (sqlite3_total_changes, less
 * upkeep_changes) plus other connections' commits (PRAGMA data_version).
 * Cheap; screens poll it to know when to reload.  -1 on error. */
long long store_data_stamp(struct store *s);

/* Number of rows in one of the schema's tables (name checked against the
 * schema's list; -1 when unknown). */
long long store_count(struct store *s, const char *table);

#endif
