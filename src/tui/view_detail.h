#ifndef RAPPORT_TUI_VIEW_DETAIL_H
#define RAPPORT_TUI_VIEW_DETAIL_H
/* Private to the account detail: its state (view_detail.c: loading, forms,
 * keys, drawing) and the section builders (detail_sections.c), which turn
 * the core's rows (rapport/detail.h) into lines of text for one width. */
#include "tui.h"

#include "form.h"
#include "rapport/detail.h"

enum section {
	SEC_OVERVIEW, SEC_CONTACTS, SEC_TEAM, SEC_NPS, SEC_FINANCIALS, SEC_ACTIVITY, SEC_NOTES,
	SEC_HISTORY, SEC_COUNT
};
/* "Overview", "Contacts", ... indexed by enum section */
extern const char *const section_titles[SEC_COUNT];

enum style { ST_NORMAL, ST_HEAD, ST_BOLD, ST_GOOD, ST_BAD, ST_DIM };

struct dline {
	char *text;       /* owned, already cut to the width it was built for */
	int item;         /* index into items, -1 for none */
	int style;        /* enum style */
};

struct ditem {
	const struct kind *k;     /* its kind */
	int64_t id, version;      /* 0: nothing stored yet (an unassigned role) */
	int first, last;          /* its lines */
	int role;                 /* team rows: enum role_kind; else -1 */
	char *label;              /* for "Delete ...?", owned */
};

struct detail_view {
	int64_t id;                   /* account shown; 0 = none yet (new account form) */
	int back;                     /* view index to return to */
	struct detail_overview ov;
	int have_ov;
	enum section sec;
	struct dline *lines;
	int nlines, cap_lines;
	struct ditem *items;
	int nitems, cap_items;
	int built;                    /* lines are up to date */
	int built_cols;               /* ... for this width */
	int top;                      /* first line shown */
	int sel;                      /* selected item, -1 none */
	int page;                     /* lines shown at the last draw */
	const struct kind *want_kind; /* select this record after the next build */
	int64_t want_id;
	struct grid_splits splits;    /* portfolio split lines, for the quadrant */
	int have_splits;              /* 1 computed, 0 not yet, -1 failed */
	int splits_stale;             /* another process changed data: compute again */
	long long seen_version;       /* data version the shown data was read at */
	struct form *form;            /* the open form, NULL when none */
};

/* Rebuild the current section's lines and items for a body cols wide,
 * selecting want_kind/want_id when it is among them. */
void detail_build(struct view *v, int cols);
/* Free the lines and items. */
void detail_clear(struct detail_view *dv);
/* Today (RAPPORT_TODAY or the system date); a bad RAPPORT_TODAY goes to
 * the status line. */
int32_t detail_today(struct tui *t);

#endif
