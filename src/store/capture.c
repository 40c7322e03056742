/* Capturing local changes for sync with SQLite's session extension.
 *
 * One sqlite3_session per writable connection, attached to the synced
 * tables (never to meta, audit or the sync_* bookkeeping).  At each commit
 * store_commit calls capture_to_outbox: the session's changeset goes into
 * sync_outbox in the same transaction, then the session is replaced by a
 * fresh one, so every changeset holds exactly one transaction's changes.
 * A rollback discards the session (a session does not forget rolled-back
 * changes by itself).  Changes the sync module applies from a hub are made
 * with the session disabled, so they are never captured again. */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "capture.h"

#include <stdio.h>
#include <string.h>

/* Parents before children: push sends live rows in this order and
 * tombstones in the reverse one. */
const char *const store_synced_tables[] = {
	"staff", "rates", "accounts", "reviews", "spectrum_history", "contacts", "roles", "nps",
	"financials", "activities", "meetings", "projects", "problems", "notes", "decisions",
	"action_items", "review_snapshots", "review_accounts", NULL
};

static int new_session(struct store *s, char *err, size_t errlen)
{
	sqlite3_session *ses = NULL;
	int rc = sqlite3session_create(s->db, "main", &ses);
	if (rc == SQLITE_OK) {
		/* no running size estimate (sqlite3session_changeset_size is
		 * never asked): less work per captured row */
		int off = 0;
		sqlite3session_object_config(ses, SQLITE_SESSION_OBJCONFIG_SIZE, &off);
	}
	for (const char *const *t = store_synced_tables; rc == SQLITE_OK && *t; t++)
		rc = sqlite3session_attach(ses, *t);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot record changes for sync: %s", s->path,
			 sqlite3_errstr(rc));
		if (ses)
			sqlite3session_delete(ses);
		return -1;
	}
	s->capture = ses;
	return 0;
}

int capture_start(struct store *s, char *err, size_t errlen)
{
	if (s->capture)
		return 0;
	return new_session(s, err, errlen);
}

int capture_pending(struct store *s)
{
	return s->capture && !sqlite3session_isempty(s->capture);
}

void capture_stop(struct store *s)
{
	if (s->capture)
		sqlite3session_delete(s->capture);
	s->capture = NULL;
}

void capture_discard(struct store *s)
{
	if (!s->capture)
		return;
	capture_stop(s);
	char err[256];
	if (new_session(s, err, sizeof err) != 0)
		fprintf(stderr, "rapport: %s\n", err);
}

void capture_enable(struct store *s, int on)
{
	if (s->capture)
		sqlite3session_enable(s->capture, on);
}

int capture_to_outbox(struct store *s, char *err, size_t errlen)
{
	if (!capture_pending(s))
		return 0;
	int n = 0;
	void *cs = NULL;
	int rc = sqlite3session_changeset(s->capture, &n, &cs);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot record changes for sync: %s", s->path,
			 sqlite3_errstr(rc));
		return -1;
	}
	int ret = 0;
	if (n > 0) {
		/* disable the session while writing the outbox: not a synced
		 * table, but keep the session's view of this transaction exact */
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(s->db, "INSERT INTO sync_outbox(changeset) VALUES (?1)", -1,
				       &st, NULL) != SQLITE_OK ||
		    sqlite3_bind_blob(st, 1, cs, n, SQLITE_STATIC) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_DONE) {
			snprintf(err, errlen, "%s: cannot record changes for sync: %s", s->path,
				 sqlite3_errmsg(s->db));
			ret = -1;
		}
		sqlite3_finalize(st);
	}
	sqlite3_free(cs);
	if (ret == 0) {
		capture_stop(s);
		ret = new_session(s, err, errlen);
	}
	return ret;
}
