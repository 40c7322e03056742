#ifndef RAPPORT_IMPORT_H
#define RAPPORT_IMPORT_H
/* CSV import of one kind (SPEC.md "Data files"): all rows or none. */
#include <stddef.h>
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

/* Validate one value as import would, for the interface's forms: returns 0
 * and leaves nothing, or -1 with a message (without position) in err.
 * References are checked against s. */
int import_check_value(struct store *s, const struct column *c, const char *value,
		       char *err, size_t errlen);

#endif
