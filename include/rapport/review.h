#ifndef RAPPORT_REVIEW_H
#define RAPPORT_REVIEW_H
/* Review meetings (DOMAIN.md 7, issue 5): the review record, the agenda
 * built by the [review] rules, one account's summary for the room, closing
 * a review (with a snapshot for the next one) and the minutes.  No curses.
 *
 * Conventions are analytics.h's: dates "YYYY-MM-DD", money int64_t cents,
 * "today" a parameter (value_today), 0 on success and -1 with a one-line
 * message in err.  "Since" is inclusive: an event dated on the since day
 * is new since it. */
#include <stddef.h>
#include <stdint.h>

#include "rapport/analytics.h"
#include "rapport/config.h"
#include "rapport/store.h"

/* ---- the review record ------------------------------------------------- */

struct review {
	int64_t id;              /* 0: none */
	char held_on[11];        /* the meeting's day */
	char title[128];         /* "" when none */
	char since[11];          /* what is "new" starts on this day */
	char closed_at[32];      /* UTC ISO 8601 when closed; "" while open */
};

/* The newest review that is still open (closed_at NULL) in *r; returns 1
 * when there is one, 0 when none (*r zeroed), -1 on error. */
int review_open_current(struct store *s, struct review *r, char *err, size_t errlen);
/* The newest closed review (by held_on, then id) in *r: 1, 0 when none, -1. */
int review_last_closed(struct store *s, struct review *r, char *err, size_t errlen);
/* The agenda's default since day: the last closed review's held_on, else
 * today - 90 days. */
int review_default_since(struct store *s, int32_t today, char since[11], char *err,
			 size_t errlen);

/* Start a review held on held_on (a date) with title (NULL/"" = none) and
 * since (a date, not after held_on); *id gets its id.  -1 for a bad date
 * (message names the field: "since: ..."). */
int review_start(struct store *s, const char *held_on, const char *title, const char *since,
		 int64_t *id, char *err, size_t errlen);
/* Change an open review's title and since (same checks); -1 when it is
 * closed or gone. */
int review_update(struct store *s, int64_t id, const char *title, const char *since,
		  char *err, size_t errlen);
/* Close an open review in one transaction: closed_at = now and a snapshot
 * of every account (quadrant over all financials with cfg's splits, ladder,
 * spectrum position) for the next review's "changed quadrant" rule.  -1
 * when it is already closed or gone. */
int review_close(struct store *s, const struct rapport_config *cfg, int64_t id,
		 char *err, size_t errlen);

/* ---- the agenda --------------------------------------------------------- */

enum review_rule {
	RULE_DETRACTORS,   /* NPS responses 0-6 dated since */
	RULE_OVERDUE,      /* overdue roles (roles_each) and overdue action items */
	RULE_AGGRESSIVE,   /* in the aggressive quadrant (all periods, as report grid) */
	RULE_BREAKEVEN,    /* net margin < cost-to-serve */
	RULE_QUADRANT,     /* quadrant differs from the last closed review's snapshot */
	RULE_SPECTRUM,     /* spectrum position now differs from the one at since */
	RULE_LADDER,       /* ladder rung now differs from the one at since (audit log) */
	RULE_COUNT
};
/* "detractors", "overdue", ... as in [review] rules; NULL-terminated. */
extern const char *const review_rule_words[];
/* The rule named word, or -1. */
int review_rule_parse(const char *word);

#define AGENDA_LIMIT 50     /* default: accounts per rule on one agenda */

struct agenda_reason {
	enum review_rule rule;
	char text[120];          /* e.g. "2 new detractors since 2024-04-01 (lowest 3)" */
};

struct agenda_item {
	int64_t account_id;
	char *key, *name;        /* owned */
	int nreasons;            /* 1..RULE_COUNT, in agenda (rule) order */
	struct agenda_reason reasons[RULE_COUNT];
};

struct agenda {
	struct agenda_item *v;   /* in order: by the first rule that listed the
				    account, within a rule by its ranking */
	size_t n;
	char since[11];          /* the since day used */
	int limit;               /* accounts per rule at most */
	int nrules;              /* rules applied, in order */
	enum review_rule rules[RULE_COUNT];
	long matched[RULE_COUNT];    /* accounts the rule found */
	long listed[RULE_COUNT];     /* of them on the agenda (<= limit) */
	char note[RULE_COUNT][96];   /* why a rule found nothing it could look at, "" */
	char compared_with[11];      /* held_on of the review compared with (quadrant), "" */
	int has_splits;              /* 1: splits below are valid (some account has financials) */
	struct grid_splits splits;   /* the grid's split lines over all periods */
};

/* Build the agenda as of today for since (a date) with the rules of cfg
 * ([review] rules; NULL = all in their default order), at most limit
 * accounts per rule (<= 0: AGENDA_LIMIT).  Rankings within a rule:
 *   detractors  most new detractors, then lowest score, then key;
 *   overdue     most overdue items, then earliest due (never met first), key;
 *   aggressive, breakeven, quadrant   lowest profit first, then key;
 *   spectrum, ladder   latest change first, then key.
 * Cost: one pass of roles_each, one profit_load, a few indexed queries: a
 * second or two at 100k accounts.  Free with agenda_free. */
int agenda_build(struct store *s, const struct rapport_config *cfg, int32_t today,
		 const char *since, int limit, struct agenda *out, char *err, size_t errlen);
void agenda_free(struct agenda *a);

/* The same in steps, for a screen that stays responsive: agenda_begin
 * (NULL with err for a bad since), then agenda_step until it returns 0
 * (one source each: detractors, overdue roles, profit, spectrum, ladder,
 * then the merge; 1 = more to do, -1 = error), then agenda_finish moves
 * the result into *out and frees the job.  agenda_job_free drops a job
 * at any point.  AGENDA_STEPS steps in all; agenda_job_progress gives
 * how many are done. */
#define AGENDA_STEPS 6
struct agenda_job;
struct agenda_job *agenda_begin(struct store *s, const struct rapport_config *cfg, int32_t today,
				const char *since, int limit, char *err, size_t errlen);
int agenda_step(struct agenda_job *j, char *err, size_t errlen);
int agenda_job_progress(const struct agenda_job *j);
void agenda_finish(struct agenda_job *j, struct agenda *out);
void agenda_job_free(struct agenda_job *j);

/* ---- one account for the room -------------------------------------------- */

#define SUMMARY_LINES 6

struct review_summary {
	int64_t account_id;
	char key[72], name[256];
	int has_profit;                  /* 0: no financials */
	int64_t net_margin, cost_to_serve, profit;   /* cents, all periods */
	int has_quadrant;                /* needs financials and splits */
	enum quadrant quadrant;
	int below_break_even;
	struct nps_counts nps;           /* all responses */
	char quarter[4][12];             /* the last four quarters, oldest first: "2024-Q2" */
	struct nps_counts trend[4];      /* responses in each */
	int noverdue;                    /* lines in overdue */
	char overdue[SUMMARY_LINES][160];   /* "relationship meeting: due 2024-01-02 (ann)" */
	int ndecisions;                  /* the latest decisions, newest first */
	char decisions[SUMMARY_LINES][256];  /* "2024-06-30 text (ann)" */
	int nactions;                    /* open action items, earliest due first */
	char actions[SUMMARY_LINES][256];    /* "due 2024-07-15 text (ann)" */
};

/* Load account_id's summary as of today; splits may be NULL (no
 * quadrant).  1 when there is no such account. */
int review_summary_load(struct store *s, const struct rapport_config *cfg, int32_t today,
			const struct grid_splits *splits, int64_t account_id,
			struct review_summary *out, char *err, size_t errlen);

/* ---- minutes ---------------------------------------------------------------- */

/* Record that the open review id showed account_id in the room, with the
 * agenda's reasons (reason may be NULL).  The first showing counts; a
 * closed or deleted review records nothing (returns 0 either way).  One
 * small transaction: the minutes list every account so discussed. */
int review_mark_shown(struct store *s, int64_t id, int64_t account_id, const char *reason,
		      char *err, size_t errlen);

struct minutes_row {
	int64_t review_id;
	const char *review;      /* the review's title, or "review of HELD_ON" */
	const char *held_on;
	const char *account;     /* key */
	const char *kind;        /* "discussed", "decision" or "action" */
	const char *text;        /* for "discussed": why it was on the agenda */
	const char *owner;       /* staff handle, NULL when none */
	const char *due;         /* action items' due date; NULL for decisions and none */
};
typedef int (*minutes_fn)(const struct minutes_row *row, void *ctx);
/* The minutes of the reviews held in r (by held_on; NULL = all): every
 * account the review showed (review_mark_shown), its decisions and its
 * action items; by held_on, review id, account key, then discussed before
 * decisions before action items, then the record's date/due and id. */
int review_minutes(struct store *s, const struct date_range *r, minutes_fn fn, void *ctx,
		   char *err, size_t errlen);

#endif
