#ifndef RAPPORT_RECORD_H
#define RAPPORT_RECORD_H
/* One record at a time, for the interface's forms: load it as text, let the
 * user edit the text, validate and save it in one transaction, or delete it.
 *
 * Values are checked by import's own code (import_convert), so a form
 * accepts and refuses exactly what a CSV file would, with the same words.
 * Lost updates are impossible: a record carries the version it was loaded
 * at, and saving or deleting it when the stored version has moved on (or
 * the row is gone) changes nothing and returns -2.
 *
 * Kinds are the data-file kinds (kind_find) and the extra kinds notes,
 * decisions and action_items (kind_find_any).  An account is given by its
 * key, a staff member by handle, an activity rate by activity, as in CSV.
 *
 * Errors: err gets a one-line message (no position, no trailing newline).
 * Functions that write use BEGIN IMMEDIATE: do not call them inside an open
 * transaction. */
#include <stddef.h>
#include <stdint.h>

#include "rapport/config.h"
#include "rapport/kinds.h"
#include "rapport/store.h"

struct record {
	const struct kind *k;          /* its kind */
	int64_t id;                    /* row id; 0 = new, not saved yet */
	int64_t version;               /* the version loaded or last saved; 0 when new */
	char *values[KIND_MAXCOLS];    /* text of each column of k, in k->cols order,
					  formatted as export writes it ("" when
					  empty); owned: change with record_set */
};

/* A new, empty record of k (every value "").  r need not be initialised;
 * whatever it held is not freed. */
void record_init(struct record *r, const struct kind *k);
/* Replace column col's value by a copy of value (NULL = ""); a col outside
 * the kind's columns is ignored. */
void record_set(struct record *r, int col, const char *value);
/* Index of k's column named name (as in CSV headers), or -1. */
int record_col(const struct kind *k, const char *name);
/* Free the values (they become NULL; r->k is kept, id and version 0).  Use
 * record_init or record_load before reading r again. */
void record_free(struct record *r);

/* Load record id of k into r (uninitialised or freed: its values are not
 * freed), formatted exactly as export writes it.  Returns 0, or -1 with
 * err when there is no such record (deleted meanwhile) or on a database
 * error; r is then an empty new record of k, safe to record_free. */
int record_load(struct store *s, const struct kind *k, int64_t id, struct record *r,
		char *err, size_t errlen);

/* Check every value and the cross-field rules (an end date not before its
 * start) as import does, references against s, without writing.  Returns 0;
 * -1 with *bad_col = the first column at fault and err = import's message
 * for that value without its "FILE:LINE:COL: " ("ladder: must be ...");
 * -1 with *bad_col = -1 on a database error.  Natural-key clashes are
 * found by record_save, not here. */
int record_validate(struct store *s, const struct record *r, int *bad_col, char *err,
		    size_t errlen);

/* Validate and write r in one transaction.  cfg (not NULL) gives the
 * defaults import applies to empty values: problems.due = opened +
 * problem_days, nps.survey = relationship.
 * - new (r->id == 0): INSERT; when r's natural key is already taken the
 *   save is refused, naming it ("an account with key ACME already exists",
 *   *bad_col = its first column that is not the account), never merged.
 * - existing: UPDATE of every column, version + 1 and updated_at = now,
 *   only when the stored version is still r->version; when it is not, or
 *   the record was deleted, nothing is written and -2 is returned with
 *   "changed by someone else since you opened it; reload to see their
 *   version" (or "deleted by someone else since you opened it").  Changing
 *   the natural key to one another record holds is refused as for a new
 *   record.  A save that changes no value writes nothing (the version
 *   stays).
 * After an account is written its spectrum position is recorded
 * (spectrum_record, dated today: value_today).  On success r->id,
 * r->version and r->values are those now stored (canonical enum words,
 * defaults filled in, money with two decimals).  Returns 0; -1 for a bad
 * value or a refusal (*bad_col >= 0 when one value is at fault, else -1,
 * e.g. a database error); -2 on a conflict (*bad_col = -1). */
int record_save(struct store *s, const struct rapport_config *cfg, struct record *r,
		int *bad_col, char *err, size_t errlen);

/* Delete record id of k, in one transaction, when its stored version is
 * still version; else -2 as record_save (nothing deleted).  Deleting an
 * account deletes everything that belongs to it (contacts, roles, NPS,
 * financials, activities, meetings, projects, problems, notes, decisions,
 * action items, spectrum history); the audit log keeps its history.  A
 * staff member still named on a team role, meeting, project, problem,
 * decision or action item, or an activity rate still used by activities,
 * is not deleted: -1 with a message saying what still refers to it.
 * Returns 0, -1 or -2. */
int record_delete(struct store *s, const struct kind *k, int64_t id, int64_t version,
		  char *err, size_t errlen);

/* Quick entry for the extra kinds, each one new record saved in one
 * transaction through record_save (same checks, same messages).  The
 * account is given by id (it must exist); staff_handle NULL or "" = nobody;
 * dates are YYYY-MM-DD; review_id 0 = not from a review meeting, else an
 * existing review.  Return 0 or -1 with err. */
/* A note on the account; author NULL or "" = none; body not blank. */
int record_note_add(struct store *s, int64_t account_id, const char *author, const char *body,
		    char *err, size_t errlen);
/* An open action item; text not blank; due NULL or "" = no due date. */
int record_action_item_add(struct store *s, int64_t account_id, int64_t review_id,
			   const char *text, const char *staff_handle, const char *due,
			   char *err, size_t errlen);
/* A decision taken on date (NULL or "" = today, value_today); text not blank. */
int record_decision_add(struct store *s, int64_t account_id, int64_t review_id,
			const char *date, const char *text, const char *staff_handle,
			char *err, size_t errlen);

#endif
