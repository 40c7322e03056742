#ifndef RAPPORT_NPSVIEW_H
#define RAPPORT_NPSVIEW_H
/* NPS figures the screen shows beside nps_groups (analytics.h): the 0-10
 * distribution and the latest detractors with their comments.  Same date
 * ranges and conventions as analytics.h (0 or -1 with a message in err;
 * callbacks return non-zero to stop early). */
#include <stddef.h>
#include <stdint.h>

#include "rapport/analytics.h"
#include "rapport/store.h"

/* Responses per score dated in r (NULL = all): count[s] for s = 0..10.
 * Their sum and its promoter / detractor parts equal nps_groups(NPS_BY_NONE)
 * over the same range. */
int nps_distribution(struct store *s, const struct date_range *r, int64_t count[11],
		     char *err, size_t errlen);

/* One detractor response (score 0-6).  Strings are valid during the
 * callback only; contact and comment are "" when not given. */
struct nps_detractor {
	int64_t id;             /* the response's id */
	int64_t account_id;
	const char *account;    /* account key */
	const char *name;       /* account name */
	char date[11];          /* "YYYY-MM-DD" */
	int score;              /* 0-6 */
	const char *survey;     /* relationship, transaction, problem */
	const char *contact;
	const char *comment;
};
typedef int (*nps_detractor_fn)(const struct nps_detractor *d, void *ctx);

/* The detractor responses dated in r, newest first (date descending, then
 * the later-recorded first: id descending), at most limit of them (limit
 * <= 0: all).  Reads the date index backwards: the first rows come at once
 * whatever the table's size. */
int nps_detractors_recent(struct store *s, const struct date_range *r, long limit,
			  nps_detractor_fn fn, void *ctx, char *err, size_t errlen);

#endif
