#ifndef RAPPORT_DETAIL_H
#define RAPPORT_DETAIL_H
/* One account in full, for the account screen's detail: its key facts and
 * the rows of each section (contacts, team, NPS history, meetings,
 * projects, problems, notes, change history).  Every query the detail
 * needs lives here; the figures come from the analytics core (profit,
 * wallet, spectrum, roles) so the screen and the reports agree.  No curses.
 *
 * Conventions are analytics.h's: money in int64_t cents, dates
 * "YYYY-MM-DD", "today" a parameter (value_today), 0 on success and -1
 * with a one-line message in err.  The row walks call fn once per row in
 * the documented order; the strings of a row are valid during the call
 * only (NULL for an empty optional value); fn returns 0 to go on, anything
 * else to stop (the walk still returns 0). */
#include <stddef.h>
#include <stdint.h>

#include "rapport/analytics.h"
#include "rapport/config.h"
#include "rapport/spectrum.h"
#include "rapport/store.h"

/* ---- overview ---------------------------------------------------------- */

struct detail_overview {
	int64_t id;                 /* account id */
	int64_t version;            /* row version when loaded */
	char *key, *name;           /* owned */
	char *segment, *industry, *country, *notes;   /* owned; NULL when empty */
	char *updated_at;           /* owned; last change, UTC ISO 8601 */
	int ladder;                 /* loyalty rung 1-8, 0 when not rated */
	int attr[SPECTRUM_NATTR];   /* spectrum attributes 1-5, 0 when not set */

	/* spectrum: the score from the attributes, the position (the
	 * explicit relationship when set) */
	int has_score;
	double score;               /* 0-100 */
	int explicit_pos;           /* 1: position is the explicit override */
	enum spectrum_position position;

	/* share of wallet over the periods ending in today-364 .. today */
	int has_wallet;             /* 0: no estimate */
	int64_t wallet;             /* cents per year */
	int64_t wallet_revenue;     /* cents, those periods' revenue */
	int has_share;              /* 0 when wallet is 0 */
	double share_pct;           /* 100 * wallet_revenue / wallet */
	int64_t gap;                /* wallet - wallet_revenue */

	/* profitability over all financial periods */
	long periods;               /* 0: no financials (then no quadrant) */
	int64_t revenue, cogs, net_margin, cost_to_serve, profit;   /* cents */

	/* NPS over all responses */
	struct nps_counts nps;
	int64_t nps_tenths;         /* score in tenths of a point */
	char nps_last[11];          /* latest response's date, "" when none */
	int nps_last_score;         /* its score, -1 when none */

	/* holders of the three roles (handles, owned), NULL = nobody */
	char *owner[ROLE_KINDS];
};

/* Load account id's overview as of today.  Returns 0; 1 when there is no
 * such account (deleted meanwhile; *ov is then empty); -1 on error.  Free
 * with detail_overview_free (also after a failure). */
int detail_overview_load(struct store *s, int64_t id, int32_t today,
			 struct detail_overview *ov, char *err, size_t errlen);
void detail_overview_free(struct detail_overview *ov);

/* The grid's split lines over the whole portfolio (all periods), as the
 * grid report draws them: [grid] splits from cfg (may be NULL), else the
 * medians.  Reads every account's financials: call once and keep it. */
int detail_grid_splits(struct store *s, const struct rapport_config *cfg,
		       struct grid_splits *g, char *err, size_t errlen);

/* A number that changes whenever another connection commits (PRAGMA
 * data_version): cached figures built at one value are stale at another.
 * -1 on error. */
long long detail_data_version(struct store *s);

/* ---- sections ---------------------------------------------------------- */

struct detail_contact {
	int64_t id, version;
	const char *name;
	const char *title, *email, *phone, *buying_role;   /* NULL when empty */
};
typedef int (*detail_contact_fn)(const struct detail_contact *c, void *ctx);
/* The account's contacts by name (byte order), then id. */
int detail_contacts(struct store *s, int64_t account_id, detail_contact_fn fn, void *ctx,
		    char *err, size_t errlen);

struct detail_role {
	struct role_row row;        /* role, holder, last, due, status: as roles_each */
	int64_t id, version;        /* the roles row; 0 when nobody holds the role */
	const char *staff_name;     /* holder's name, NULL when nobody */
};
typedef int (*detail_role_fn)(const struct detail_role *r, void *ctx);
/* The account's three roles in enum role_kind order, each with its holder,
 * last action, due date and status exactly as `report roles` gives them
 * (intervals from cfg, NULL = the defaults). */
int detail_team(struct store *s, const struct rapport_config *cfg, int64_t account_id,
		int32_t today, detail_role_fn fn, void *ctx, char *err, size_t errlen);

struct detail_nps {
	int64_t id, version;
	const char *date;
	int score;                  /* 0-10 */
	const char *survey;         /* relationship, transaction, problem */
	const char *contact, *comment;   /* NULL when empty */
};
typedef int (*detail_nps_fn)(const struct detail_nps *n, void *ctx);
/* The account's NPS responses, newest first (date, then id, descending). */
int detail_nps_history(struct store *s, int64_t account_id, detail_nps_fn fn, void *ctx,
		       char *err, size_t errlen);

struct detail_meeting {
	int64_t id, version;
	const char *date;
	const char *staff;          /* handle, NULL when nobody */
	const char *notes, *action_plan;  /* NULL when empty */
};
typedef int (*detail_meeting_fn)(const struct detail_meeting *m, void *ctx);
/* Newest first (date, then id, descending). */
int detail_meetings(struct store *s, int64_t account_id, detail_meeting_fn fn, void *ctx,
		    char *err, size_t errlen);

struct detail_project {
	int64_t id, version;
	const char *name;
	const char *staff;          /* handle, NULL when nobody */
	const char *started, *finished, *conditions;   /* NULL when empty */
	int feedback;               /* 0-10, -1 when not given */
};
typedef int (*detail_project_fn)(const struct detail_project *p, void *ctx);
/* Open projects (no finished date) first, then by the latest of started
 * and finished descending, then name. */
int detail_projects(struct store *s, int64_t account_id, detail_project_fn fn, void *ctx,
		    char *err, size_t errlen);

struct detail_problem {
	int64_t id, version;
	const char *title, *opened, *due;
	const char *staff;          /* handle, NULL when nobody */
	const char *resolved;       /* NULL while open */
	int satisfaction;           /* 0-10, -1 when not given */
};
typedef int (*detail_problem_fn)(const struct detail_problem *p, void *ctx);
/* Unresolved problems first (earliest due first), then resolved ones,
 * latest resolved first; ties by title. */
int detail_problems(struct store *s, int64_t account_id, detail_problem_fn fn, void *ctx,
		    char *err, size_t errlen);

struct detail_note {
	int64_t id, version;
	const char *created_at;     /* UTC ISO 8601 */
	const char *author;         /* NULL when none */
	const char *body;
};
typedef int (*detail_note_fn)(const struct detail_note *n, void *ctx);
/* Newest first (created_at, then id, descending). */
int detail_notes(struct store *s, int64_t account_id, detail_note_fn fn, void *ctx,
		 char *err, size_t errlen);

/* One row of the audit log, in words. */
struct detail_change {
	const char *at;             /* UTC ISO 8601 with milliseconds */
	const char *actor;          /* who, NULL when unknown */
	const char *kind;           /* table: "accounts", "contacts", ... */
	const char *record;         /* which one, while it exists: the contact's
				       name, the project's, the problem's title,
				       the role, the period, the date of an NPS
				       response or meeting; NULL otherwise */
	const char *action;         /* "insert", "update", "delete" */
	const char *field;          /* update only: the column as in CSV
				       ("staff", "activity", "wallet"), else NULL */
	const char *old_value, *new_value;   /* update only, as export writes
						them (money "1234.50", staff
						by handle); NULL when empty */
};
typedef int (*detail_change_fn)(const struct detail_change *c, void *ctx);
/* The change history of the account (also of records since deleted),
 * newest first (time, then id, descending), at most limit rows (<= 0:
 * all).  *total (may be NULL) gets the number of rows there are. */
int detail_history(struct store *s, int64_t account_id, long limit, long *total,
		   detail_change_fn fn, void *ctx, char *err, size_t errlen);

/* The record whose recording clears the account's role (enum role_kind)
 * on the roles screen, as SPEC's roles rules date it: for ROLE_PROJECT the
 * finished project without a feedback score with the earliest finished
 * date (ties by name, then id); for ROLE_PROBLEM the unresolved problem
 * with the earliest due date (ties by title, opened, then id).  *k gets
 * its kind ("projects" or "problems"), *id its id.  Returns 1 with the
 * record, 0 when there is none (also for ROLE_RELATIONSHIP: a meeting is
 * new, never an edit), -1 on error. */
struct kind;
int detail_clearing_record(struct store *s, int64_t account_id, int role,
			   const struct kind **k, int64_t *id, char *err, size_t errlen);

/* Every staff member's handle, by handle (for choosing one in a form). */
typedef int (*detail_handle_fn)(const char *handle, void *ctx);
int detail_staff_handles(struct store *s, detail_handle_fn fn, void *ctx, char *err, size_t errlen);

#endif
