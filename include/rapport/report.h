#ifndef RAPPORT_REPORT_H
#define RAPPORT_REPORT_H
/* The `report` subcommand's engine (SPEC.md "Reports"): runs one report of
 * the analytics core and writes it as text, csv or json. */
#include <stddef.h>
#include <stdio.h>

#include "rapport/config.h"
#include "rapport/store.h"

/* Report names, NULL-terminated: nps grid whale ladder roles overdue wallet
 * spectrum minutes conflicts.
 *   overdue  the roles rows whose status is overdue, and open action items
 *            past their due date as rows with role "action", staff = the
 *            item's owner, last empty, due = its due (after the account's
 *            roles, by due date);
 *   minutes  review, held_on, account, kind (decision, action), text, owner,
 *            due: what reviews held in --since/--until (by held_on)
 *            recorded (review_minutes);
 *   conflicts kind, key, field, kept, lost, at: the losing versions sync
 *            kept, one row per field, newest first (sync_conflicts_each). */
extern const char *const report_names[];

/* Run report `name` on s and write it to out.
 *   by      grouping, NULL for none; only `nps` takes one (account, segment,
 *           owner, month, survey);
 *   since, until  YYYY-MM-DD or NULL/"": the range of NPS responses and
 *           of financial periods (by their end); for wallet they narrow its
 *           365-day window further; refused for roles, overdue and
 *           spectrum, which show the state as of today (RAPPORT_TODAY);
 *   format  "text" (NULL too), "csv" or "json";
 *   cfg     the configuration, NULL for the defaults.
 * csv: a header row and one record per row with exactly SPEC.md's columns;
 * json: an array of objects with those keys, numbers as JSON numbers and
 * missing values as null; text: an aligned table with a header row and
 * right-aligned numbers.  Money has two decimals, percentages one; the
 * decimal separator is always '.'.
 * Returns 0; -1 with a one-line message in err for bad input (unknown
 * report, --by, date or format; bad RAPPORT_TODAY), before anything is
 * written, or for a database or write error. */
int report_run(struct store *s, const struct rapport_config *cfg, const char *name,
	       const char *by, const char *since, const char *until, const char *format,
	       FILE *out, char *err, size_t errlen);

#endif
