#ifndef RAPPORT_SYNC_INT_H
#define RAPPORT_SYNC_INT_H
/* Private to src/sync: the synced tables as seen at run time, record
 * versions in wire form, and the hub file. */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <stdint.h>
#include <sqlite3.h>

#include "rapport/kinds.h"
#include "rapport/store.h"
#include "rapport/sync.h"

#define SYNC_MAXCOLS 40
#define SYNC_MAXTABS 24
/* Wire columns before the data: uid, at, origin, base. */
#define WIRE_FIXED 4

/* One synced table, described from the database's own schema (PRAGMA
 * table_info, foreign_key_list, index_list), so new columns follow. */
struct tab {
	const char *name;
	int rank;                        /* position in store_synced_tables */
	int ncol;                        /* data columns (not id uid updated_at version) */
	char *col[SYNC_MAXCOLS];
	int fk[SYNC_MAXCOLS];            /* referenced table's index, or -1 */
	int cascade[SYNC_MAXCOLS];       /* ON DELETE CASCADE */
	int notnull[SYNC_MAXCOLS];
	int nkey;                        /* natural key (a UNIQUE constraint) */
	int key[8];
	int label;                       /* column naming a record to people (-1: none) */
	int uid_pos;                     /* uid's position among all columns */
	const struct kind *kind;         /* for field names and value formats */
	const struct column *kcol[SYNC_MAXCOLS];
	sqlite3_stmt *by_uid, *by_id, *ins, *upd, *del, *setuid, *natural, *id_of, *uid_of,
		*label_of, *all_ids;
};

/* A record version in wire form: references are the referenced uid. */
struct ver {
	int64_t id;                      /* local row id, 0 when not local */
	unsigned char uid[16];
	char at[40];                     /* change time (updated_at; deletion time) */
	char origin[72];                 /* database that made it */
	char base[40];                   /* version it replaced there, "" none */
	int deleted;
	sqlite3_value *v[SYNC_MAXCOLS];  /* data, owned (sqlite3_value_dup) */
};

struct srow {                      /* sync_rows */
	int found;
	char at[40];
	char origin[72];
	int deleted;
};

struct sync {
	struct store *s;
	struct tab tab[SYNC_MAXTABS];
	int ntab;
	char origin[72];
	char *err;
	size_t errlen;
	int64_t grp;                     /* last sync_conflicts group used */
	struct sync_stats *stats;
	sqlite3_stmt *sr_get, *sr_put, *conf_ins, *fmt, *conf_seen;
};

int sync_init(struct sync *y, struct store *s, struct sync_stats *st, char *err, size_t errlen);
void sync_done(struct sync *y);
int sync_fail(struct sync *y, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
struct tab *sync_tab(struct sync *y, const char *name);

void ver_clear(struct ver *v);
/* Local row of t with uid, as a
 * version in wire form: 1 found, 0 not, -1 error. */
int ver_by_uid(struct sync *y, struct tab *t, const unsigned char *uid, struct ver *v);
int ver_by_id(struct sync *y, struct tab *t, int64_t id, struct ver *v);
/* Bind v's data to st from parameter first on, references translated to
 * local ids.  *missing gets the first reference whose record is not here
 * (or -1); a missing required one makes the version unusable. */
int ver_bind(struct sync *y, struct tab *t, const struct ver *v, sqlite3_stmt *st, int first,
	     int *missing);
int val_equal(sqlite3_value *a, sqlite3_value *b);
/* A value as people read it (references by their key); caller frees. */
char *val_show(struct sync *y, struct tab *t, int col, sqlite3_value *v);
char *ver_key(struct sync *y, struct tab *t, const struct ver *v);

int srow_get(struct sync *y, const unsigned char *uid, struct srow *r);
int srow_put(struct sync *y, struct tab *t, const unsigned char *uid, const char *at,
	     const char *origin, int deleted);
int64_t id_of_uid(struct sync *y, struct tab *t, const unsigned char *uid);

/* Record lost as losing to kept (NULL: kept is a deletion, why says what);
 * one row per differing field, all fields when gone. */
int conflict_note(struct sync *y, struct tab *t, const struct ver *kept, const struct ver *lost,
		  int gone, const char *why);

/* The hub: open (create when asked), checked, locked as push/pull need. */
sqlite3 *hub_open(const char *path, int create, int write, char *hub_id, size_t idlen,
		  char *err, size_t errlen);
void hub_close(sqlite3 *h, int commit);

/* Apply one wire changeset (a hub entry) to y's store. */
int sync_apply(struct sync *y, const void *cs, int n, int64_t seq);
#endif
