#ifndef RAPPORT_SYNC_H
#define RAPPORT_SYNC_H
/* Offline field sync through a team hub file (SPEC.md "Sync",
 * docs/SYNC.md).
 *
 * Every local change is captured by the store as an SQLite session
 * changeset (sync_outbox).  Push turns what changed since the last push
 * into one changeset over the "wire" form of the tables (keyed by the
 * global uid, references as the referenced record's uid) and appends it to
 * the hub's ordered log in one transaction.  Pull applies, in log order,
 * every entry this database has not seen, record by record: the later
 * change (updated_at, then origin) wins on every database alike, the
 * losing version goes to sync_conflicts; deletions are final.
 *
 * Errors: 0 on success, -1 with a one-line message in err; on error
 * nothing changed in the database (and, for push, in the hub). */
#include <stddef.h>
#include <stdint.h>

#include "rapport/store.h"

/* PRAGMA application_id of a hub file: "RAPH". */
#define SYNC_HUB_APPLICATION_ID 0x52415048

struct sync_stats {
	long long entries;    /* hub log entries written (push) or read (pull) */
	long long changes;    /* record versions sent (push) or received (pull) */
	long long applied;    /* pull: versions that changed this database */
	long long conflicts;  /* pull: losing versions recorded */
};

/* Send every local change not yet in hub (the whole database on its first
 * push to that hub); create the hub when missing. */
int sync_push(struct store *s, const char *hub, struct sync_stats *st, char *err, size_t errlen);
/* Apply every hub entry this database has not seen; a missing, unreadable,
 * locked (longer than RAPPORT_SYNC_TIMEOUT ms, default 10000) or damaged
 * hub is an error. */
int sync_pull(struct store *s, const char *hub, struct sync_stats *st, char *err, size_t errlen);

/* One field of a losing version (report conflicts, the conflicts screen). */
struct sync_conflict {
	int64_t id;           /* sync_conflicts row */
	int64_t grp;          /* the losing version: its fields share grp */
	const char *kind;     /* accounts, contacts, ... */
	const char *key;      /* the record's natural key, as people read it */
	const char *field;    /* column name as in the data files */
	const char *kept;     /* the value that won ("(deleted)" for deletions) */
	const char *lost;     /* the losing value */
	const char *at;       /* when the losing change was made (UTC) */
	int gone;             /* the record itself was lost (restore re-creates it) */
	int restored;         /* restored since */
};

/* Call fn for every conflict, newest first; fn returns nonzero to stop. */
int sync_conflicts_each(struct store *s, int (*fn)(const struct sync_conflict *, void *),
			void *arg, char *err, size_t errlen);
/* Restore the losing version conflict id belongs to (all its fields) as a
 * normal local edit, which the next push sends on; a record that was lost
 * whole is created again under a new uid.  -1 with err when its record or
 * a record it refers to no longer exists. */
int sync_conflict_restore(struct store *s, int64_t id, char *err, size_t errlen);

#endif
