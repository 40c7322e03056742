/* Export (see export.h): the kinds table's export query, formatted by
 * column type so that import reads back exactly what was written. */
#include "rapport/export.h"

#include <errno.h>
#include <string.h>

#include "rapport/csv.h"
#include "rapport/json.h"
#include "rapport/values.h"

static int is_number(const struct column *c)
{
	return c->type == COL_MONEY || c->type == COL_QUANTITY || c->type == COL_INT;
}

int export_kind(struct store *s, const struct kind *k, enum export_format fmt, FILE *out,
		char *err, size_t errlen)
{
	sqlite3_stmt *st = store_prepare(s, k->export_sql, err, errlen);
	if (!st)
		return -1;
	const char *row[32];
	char bufs[32][48];
	int rc, first = 1;
	if (fmt == EXPORT_CSV) {
		for (int i = 0; i < k->ncols; i++)
			row[i] = k->cols[i].name;
		csv_write_record(out, row, (size_t)k->ncols);
	} else {
		fputs("[", out);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < k->ncols; i++)
			row[i] = kind_cell(st, i, &k->cols[i], bufs[i], sizeof bufs[i]);
		if (fmt == EXPORT_CSV) {
			csv_write_record(out, row, (size_t)k->ncols);
			continue;
		}
		fputs(first ? "\n{" : ",\n{", out);
		first = 0;
		for (int i = 0; i < k->ncols; i++) {
			if (i)
				fputs(", ", out);
			json_write_string(out, k->cols[i].name);
			fputs(": ", out);
			if (row[i] && is_number(&k->cols[i]))
				fputs(row[i], out);
			else
				json_write_string(out, row[i]);
		}
		fputs("}", out);
	}
	if (fmt == EXPORT_JSON)
		fputs(first ? "]\n" : "\n]\n", out);
	int ok = rc == SQLITE_DONE;
	if (!ok)
		store_fail(s, s->path, err, errlen);
	sqlite3_finalize(st);
	if (ok && (fflush(out) != 0 || ferror(out))) {
		snprintf(err, errlen, "write error: %s", strerror(errno));
		return -1;
	}
	return ok ? 0 : -1;
}
