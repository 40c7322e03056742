#ifndef RAPPORT_EXPORT_H
#define RAPPORT_EXPORT_H
/* Export of one kind in the columns import takes (round-trips). */
#include <stdio.h>
#include "rapport/kinds.h"
#include "rapport/store.h"

enum export_format { EXPORT_CSV, EXPORT_JSON };

/* Write every record of kind k to out: CSV with a header row, or a JSON
 * array of objects keyed by column name (empty values as null, numbers as
 * numbers).  Returns 0, or -1 with err (a database or write error). */
int export_kind(struct store *s, const struct kind *k, enum export_format fmt, FILE *out,
		char *err, size_t errlen);

#endif
