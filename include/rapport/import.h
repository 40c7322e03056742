#ifndef RAPPORT_IMPORT_H
#define RAPPORT_IMPORT_H
/* CSV import of one kind (SPEC.md "Data files"): all rows or none. */
#include <stddef.h>
#include <stdint.h>
#include "rapport/config.h"
#include "rapport/kinds.h"
#include "rapport/store.h"

struct import_result {
	long long rows;       /* data rows read */
	long long inserted;   /* new records */
	long long updated;    /* existing records whose values changed */
	long long unchanged;  /* existing records given the same values */
};

struct import_opts {
	int dry_run;          /* validate everything, then roll back */
	int progress;         /* report progress on stderr (caller checks isatty) */
};

/* Import path ("-" = stdin) as kind k into s, in one transaction.
 * Columns are matched by header name; a required column missing, an unknown
 * or duplicate column, a malformed row or value, or an unknown reference is
 * an error "FILE:LINE:COLUMN: message" in err, and nothing is written.
 * Natural keys upsert (columns absent from the file are left as they are on
 * existing records); events always insert.  Returns 0 or -1. */
int import_file(struct store *s, const struct rapport_config *cfg, const struct kind *k,
		const char *path, const struct import_opts *opts, struct import_result *res,
		char *err, size_t errlen);

/* The same over an in-memory buffer named name (tests, the interface). */
int import_buffer(struct store *s, const struct rapport_config *cfg, const struct kind *k,
		  const char *name, const char *buf, size_t len, const struct import_opts *opts,
		  struct import_result *res, char *err, size_t errlen);

/* ---- the value rules, shared with the interface's forms (record.h) ----
 * Every value of every kind is checked and converted by import_convert_value,
 * one row by import_convert: import and the forms cannot disagree. */

/* One value converted for its column, ready to bind. */
struct import_value {
	const struct column *c;  /* its column; NULL: not given, nothing to bind */
	int null;                /* bind SQL NULL (an empty optional value) */
	int64_t num;             /* INT; MONEY cents; QUANTITY thousandths; ENUM
				    index; ACCOUNT/STAFF/RATE the referenced id */
	int32_t d1, d2;          /* DATE: the day (d1); PERIOD: first, last day */
	const char *text;        /* TEXT, CODE, PERIOD: the value (borrowed from
				    the caller); ENUM: the canonical word; DATE:
				    the value, or NULL for a default (from d1) */
};

/* Reference lookups (account key, staff handle, activity) with a cache
 * for the life of the object; cached ids are right only as long as no
 * referenced record is deleted meanwhile: use one per transaction. */
struct import_refs;
struct import_refs *import_refs_new(struct store *s);
void import_refs_free(struct import_refs *refs);

/* Check value v (as typed; never trimmed) for column c and convert it into
 * *out.  An empty value is accepted for an optional column (out->null).
 * Returns 0; -1 with the reason, without the column name or a position, in
 * err ("must be between 1 and 8 ..."); -2 on a database error (message in
 * err). */
int import_convert_value(struct import_refs *refs, const struct column *c, const char *v,
			 struct import_value *out, char *err, size_t errlen);

/* Check and convert one record of kind k: values[i] is column i's text, or
 * NULL when the column is not given (import: not in the file), in which case
 * it is neither checked nor bound, except that a column with a default
 * (import_has_default) that is empty or not given gets it: nps.survey
 * "relationship", problems.due = opened + cfg->problem_days (cfg NULL: no
 * defaults, such columns stay NULL, for checking only); a default due after
 * 9999-12-31 is refused, with *bad_col = opened.  Then the
 * cross-field rules: due and resolved not before opened, finished not before
 * started.  out[] has k->ncols entries.  Returns 0; -1 with *bad_col = the
 * column at fault and err = "column: reason", the message import gives after
 * "FILE:LINE:COL: "; -2 on a database error (*bad_col = -1, message in err). */
int import_convert(struct import_refs *refs, const struct rapport_config *cfg,
		   const struct kind *k, const char *const *values, struct import_value *out,
		   int *bad_col, char *err, size_t errlen);

/* Does column c of k get a default when empty (see import_convert)? */
int import_has_default(const struct kind *k, const struct column *c);

/* Bind v to parameter param of st (nothing when v->c is NULL).  A PERIOD
 * takes three consecutive parameters: the text, its first and its last day.
 * Borrowed text must stay valid until st is stepped.  Returns an SQLite
 * code. */
int import_bind(sqlite3_stmt *st, int param, const struct import_value *v);

/* Validate one value as import would, for the interface's forms: returns 0
 * and leaves nothing, or -1 with a message (without position) in err.
 * References are checked against s. */
int import_check_value(struct store *s, const struct column *c, const char *value,
		       char *err, size_t errlen);

#endif
