#ifndef RAPPORT_LADDERVIEW_H
#define RAPPORT_LADDERVIEW_H
/* The ladder and spectrum screen's figures (DOMAIN.md s.1 and s.2), built
 * on the analytics core so that they equal `rapport report ladder` and
 * `rapport report spectrum`: the loyalty x effort groups with their
 * members, accounts per rung, the spread over the spectrum positions, and
 * the recent moves on the spectrum (spectrum_history) and on the ladder
 * (the audit log).
 *
 * Memory: no key or name is kept; lists hold account ids and numbers, and
 * a screen looks up the labels of the rows it shows (ladderview_label).
 * Functions returning int give 0 on success, -1 on a database error with a
 * one-line message in err; on error the output is empty. */
#include <stddef.h>
#include <stdint.h>

#include "rapport/analytics.h"
#include "rapport/store.h"

/* One member of a loyalty x effort group. */
struct ladder_member {
	int64_t account_id;
	int64_t cost_to_serve;     /* cents, over the range */
	int rung;                  /* 1-8 */
};

struct ladder_groups {
	long accounts;             /* accounts with financials in the range (report's set) */
	long unrated;              /* of those, without a rung: in no group */
	double effort_split;       /* cents: median cost-to-serve of all of them */
	/* per enum ladder_group: by cost-to-serve, highest first, then key */
	struct ladder_member *members[4];
	size_t n[4];
};

/* The groups of `rapport report ladder` over r (NULL = all periods): every
 * rated account with financials, classified by ladder_classify against
 * ladder_effort_split.  Free with ladder_groups_free. */
int ladder_groups_load(struct store *s, const struct date_range *r, struct ladder_groups *out,
		       char *err, size_t errlen);
void ladder_groups_free(struct ladder_groups *g);

/* Accounts per rung over every account (financials or not). */
struct ladder_rungs {
	long count[9];             /* [1..8] per rung; [0] not rated */
	long total;                /* all accounts */
};
int ladder_rungs_count(struct store *s, struct ladder_rungs *out, char *err, size_t errlen);

/* Accounts per current spectrum position, as `rapport report spectrum`
 * gives them (spectrum_each). */
struct spectrum_spread {
	long count[3];             /* per enum spectrum_position >= 0 */
	long unknown;              /* no attribute and no override */
	long total;
};
int spectrum_spread_count(struct store *s, struct spectrum_spread *out, char *err, size_t errlen);

/* A move of one account, on the spectrum or on the ladder. */
struct ladder_move {
	int64_t account_id;
	char date[11];             /* "YYYY-MM-DD" (the audit's UTC day for ladder moves) */
	int from, to;              /* spectrum: enum spectrum_position (-1 unknown);
				      ladder: rung 1-8, 0 = not rated */
};

struct ladder_moves {
	struct ladder_move *v;     /* newest first (date, then order recorded) */
	size_t n;
};

/* Position changes dated since..until (inclusive "YYYY-MM-DD"): rows of
 * spectrum_history whose position differs from the account's previous row
 * there.  An account's first row (its initial position) is no move, nor a
 * row that only changes whether the position is explicit. */
int spectrum_moves_load(struct store *s, const char *since, const char *until,
			struct ladder_moves *out, char *err, size_t errlen);
/* Rung changes of existing accounts logged since..until: updates of the
 * accounts' ladder field in the audit log, by the UTC day they were made. */
int ladder_moves_load(struct store *s, const char *since, const char *until,
		      struct ladder_moves *out, char *err, size_t errlen);
void ladder_moves_free(struct ladder_moves *m);

/* account_id's key and name as new strings (caller frees both); both NULL
 * when there is no such account. */
int ladderview_label(struct store *s, int64_t account_id, char **key, char **name,
		     char *err, size_t errlen);

#endif
