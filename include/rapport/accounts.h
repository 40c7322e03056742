#ifndef RAPPORT_ACCOUNTS_H
#define RAPPORT_ACCOUNTS_H
/* The account list behind the accounts screen: sorted, filtered, paged by
 * key set (never OFFSET, never the whole table in memory).  No curses. */
#include <stddef.h>
#include <stdint.h>

#include "rapport/config.h"
#include "rapport/store.h"

enum account_col {
	ACOL_KEY, ACOL_NAME, ACOL_SEGMENT, ACOL_OWNER, ACOL_NPS, ACOL_QUADRANT, ACOL_LADDER,
	ACOL_COUNT
};
/* Column titles, indexed by enum account_col: "Key", "Name", ... */
extern const char *const account_col_titles[];

struct account_item {
	int64_t id;
	char *key, *name;      /* owned */
	char *segment;         /* owned; NULL when none */
	char *owner;           /* relationship owner's handle, owned; NULL when none */
	int ladder;            /* 1-8, 0 when not rated */
	int64_t nps_n;         /* responses; 0 = no NPS */
	int64_t nps_promoters, nps_detractors;
	int64_t nps_tenths;    /* NPS in tenths of a point */
	int quadrant;          /* enum quadrant, -1 when the account has no financials,
				  -2 while the figures are not computed yet (see
				  account_list_prepare) */
	/* where the item sits in the current order (keyset paging) */
	char *sort_text;       /* owned; text sort value, NULL for numeric orders */
	int64_t sort_num;
};
void account_item_clear(struct account_item *it);

/* Cached figures shared by fetches; rebuilt when the database changes. */
struct account_list {
	struct store *s;
	const struct rapport_config *cfg;
	long long data_version;     /* when the caches were built; -1 = none */
	unsigned char *quadrant;    /* by account id: 0-3, 0xff = no financials */
	int64_t quadrant_n;         /* ids covered */
	int sorted_col;             /* computed column in temp.account_sort, -1 none */
	/* Incremental search (issue 6: a keystroke within a few ms at 100k):
	 * every account's key and name, ASCII-folded, held while searching;
	 * the accounts matching the search as a bitmap by id, which the page
	 * query tests through the SQL function rapport_in(). */
	struct account_names *names;
	/* the searches typed so far, each extending the one before, with
	 * their match sets: Backspace goes back to one, a letter narrows the
	 * last; match/match_count are the last one's */
	struct account_match *levels;
	int nlevels, caplevels;
	unsigned char *match;       /* bit per account id below match_n */
	int64_t match_n;
	long long match_count;
	int searching;              /* account_list_search_mode: keep the names */
	long long count_all;        /* accounts in all, -1 = not counted since a change */
};

void account_list_init(struct account_list *l, struct store *s, const struct rapport_config *cfg);
void account_list_free(struct account_list *l);
/* Forget the caches (after this process changed data; other processes'
 * changes are noticed through PRAGMA data_version).  The search's copy of
 * the names goes too; it is built again by the next search. */
void account_list_invalidate(struct account_list *l);
/* The screen is taking a search (on = 1) or not (0).  While on, the
 * names are kept even when the search text is empty; off with an empty
 * search gives their memory back. */
void account_list_search_mode(struct account_list *l, int on);
/* Load the names for searching now, if not loaded (an idle step after the
 * search opens, so the first letter typed is as quick as the next).
 * 1 when it loaded them, 0 when nothing to do, -1 on error. */
int account_list_search_warm(struct account_list *l);

/* Up to limit accounts in (sort, desc) order whose key or name contains
 * search (case-insensitive for ASCII; NULL or "" = all), strictly after
 * anchor when dir > 0, strictly before it when dir < 0; anchor NULL means
 * from the first (dir > 0) or from the last (dir < 0).  out[0..*n-1] comes
 * back in display order; the caller clears the items.  Sorting by owner,
 * NPS or quadrant first builds a temporary sort table (once per data
 * version).  Returns 0 or -1 with err. */
int account_list_fetch(struct account_list *l, enum account_col sort, int desc,
		       const char *search, const struct account_item *anchor, int dir,
		       int limit, struct account_item *out, int *n, char *err, size_t errlen);

/* Compute the figures fetches show (quadrants need the whole portfolio's
 * medians: about half a second at 100k accounts).  Fetches before this
 * return quadrant -2; the screen calls it once it has painted.  Returns 0,
 * or -1 with err. */
int account_list_prepare(struct account_list *l, char *err, size_t errlen);
/* 1 when account_list_prepare has run for the current data. */
int account_list_ready(struct account_list *l);
/* The quadrant of account id (as in struct account_item). */
int account_list_quadrant(struct account_list *l, int64_t id);

/* Number of accounts matching search. */
long long account_list_count(struct account_list *l, const char *search);

#endif
