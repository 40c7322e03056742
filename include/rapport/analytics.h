#ifndef RAPPORT_ANALYTICS_H
#define RAPPORT_ANALYTICS_H
/* The analytics core: NPS, profitability (net margin, cost-to-serve, profit),
 * the margin / cost-to-serve grid, the whale curve, ladder x effort, share
 * of wallet, account-team roles and the spectrum report.  Definitions are
 * DOMAIN.md's, the precise rules SPEC.md's ("How the figures are computed").
 * Used by the reports (src/io/report.c) and the screens alike: no curses,
 * no output; results come back in arrays of structs or through callbacks.
 *
 * Conventions for the whole module:
 * - money is int64_t cents, exact; sums never go through floating point;
 * - dates are "YYYY-MM-DD" strings (as stored) or int32_t days since
 *   1970-01-01 (values.h), never a time zone's idea of a day;
 * - "today" is a parameter: callers get it from value_today();
 * - every list comes in a documented, total order (ties broken by the
 *   account key, which is unique), so no figure or row order depends on
 *   the order rows sit in the database, on the locale or the time zone;
 * - functions returning int give 0 on success, -1 on a database error with
 *   a one-line message in err.  Callbacks return 0 to go on, anything else
 *   to stop early (the walk still returns 0).
 * - medians: of an even count, the mean of the two middle values (so a
 *   median may fall on half a cent); of nothing, 0. */
#include <stddef.h>
#include <stdint.h>

#include "rapport/config.h"
#include "rapport/spectrum.h"
#include "rapport/store.h"

/* ---- date ranges ------------------------------------------------------- */

/* An inclusive range of days; an empty bound is open.  NPS responses,
 * activities and meetings belong to it by their date, a financial period
 * when its period_end lies inside it. */
struct date_range {
	char since[11];   /* first day included, "YYYY-MM-DD"; "" = no lower bound */
	char until[11];   /* last day included; "" = no upper bound */
};

/* Fill r from optional texts (NULL or "" = open).  -1 with a message naming
 * the option ("--since: ...") for a text that is not a calendar date, or
 * when since is after until. */
int date_range_set(struct date_range *r, const char *since, const char *until,
		   char *err, size_t errlen);

/* For the core's own queries: append " WHERE col >= :since AND col <=
 * :until" (only the bounds r sets; nothing when r is NULL or open) to b, and
 * bind those parameters of a prepared statement (SQLITE_STATIC: r must
 * outlive the statement's steps).  bind returns 0 or -1. */
struct strbuf;
void date_range_sql(struct strbuf *b, const char *col, const struct date_range *r);
int date_range_bind(sqlite3_stmt *st, const struct date_range *r);

/* Median of v[0..n-1] (v is reordered in place): mean of the two middle values
 * for an even n, 0 for n == 0.  Exact for |v| < 2^52. */
double median_i64(int64_t *v, size_t n);
/* The k-th smallest of v[0..n) (k < n), in linear time on average: v is
 * reordered so that v[i] <= v[k] for i < k and v[i] >= v[k] for i > k. */
int64_t nth_i64(int64_t *v, size_t n, size_t k);

/* round(1000 * num / den) with halves away from zero: a ratio as tenths of
 * a percent (e.g. 1/3 -> 333, "33.3").  den must not be 0. */
int64_t ratio_tenths(int64_t num, int64_t den);

/* ---- NPS (nps.c) ------------------------------------------------------- */

enum nps_by {
	NPS_BY_NONE,      /* one group, "all" */
	NPS_BY_ACCOUNT,   /* label = account key; id = account id */
	NPS_BY_SEGMENT,   /* label = segment, "(none)" for accounts without one */
	NPS_BY_OWNER,     /* label = relationship owner's handle, "unassigned"; id = staff id or 0 */
	NPS_BY_MONTH,     /* label = "YYYY-MM" of the response date */
	NPS_BY_SURVEY,    /* label = survey kind */
};

/* "account", "segment", "owner", "month", "survey" -> *by; -1 otherwise. */
int nps_by_parse(const char *word, enum nps_by *by);

struct nps_counts {
	int64_t n;            /* responses */
	int64_t promoters;    /* scores 9-10 */
	int64_t passives;     /* scores 7-8 */
	int64_t detractors;   /* scores 0-6 */
};

/* 1 promoter, 0 passive, -1 detractor (score 0-10). */
int nps_category(int score);
/* 100*(P-D)/n, from -100 to 100; 0 when n == 0. */
double nps_score(const struct nps_counts *c);
/* The same in tenths of a point, rounded half away from zero (exact). */
int64_t nps_score_tenths(const struct nps_counts *c);
/* 95% margin of error in points: 1.96*sqrt((p+d-(p-d)^2)/n)*100 with
 * p = P/n, d = D/n; 0 when n == 0. */
double nps_moe(const struct nps_counts *c);

struct nps_group {
	const char *label;      /* see enum nps_by; valid during the callback only */
	int64_t id;             /* account or staff id where the grouping has one, else 0 */
	struct nps_counts c;    /* n > 0 always: empty groups are left out */
};
typedef int (*nps_group_fn)(const struct nps_group *g, void *ctx);

/* Count the responses dated in r, grouped by `by`, and call fn per group in
 * label order (byte order; "(none)" and "unassigned" last; surveys in the
 * order relationship, transaction, problem).  Streams from SQLite: nothing
 * holds all responses or all groups in memory. */
int nps_groups(struct store *s, enum nps_by by, const struct date_range *r,
	       nps_group_fn fn, void *ctx, char *err, size_t errlen);
/* Without a date range the counts come from a cache of all responses (see
 * nps.c), rebuilt when responses changed; figures are the same either way.
 * nps_cache_distribution: the 0-10 counts from that cache into count when
 * r is empty and the cache is ready (returns 1), else 0 (read nps). */
int nps_cache_distribution(struct store *s, const struct date_range *r, int64_t count[11]);

/* ---- profitability (profit.c) ----------------------------------------- */

/* One account's figures over the financial periods ending in a range.  The
 * cost-to-serve of a period is its financials' cost_to_serve when given,
 * else the sum over the account's activities dated inside that period of
 * quantity x the activity's rate, rounded to the cent per period (half up). */
struct account_profit {
	int64_t account_id;
	char *key;              /* owned by the set */
	char *name;             /* owned by the set */
	int ladder;             /* loyalty rung 1-8, 0 when not rated */
	long periods;           /* financial periods counted */
	int64_t revenue;        /* cents, net of discounts */
	int64_t cogs;           /* cents */
	int64_t net_margin;     /* revenue - cogs */
	int64_t cost_to_serve;  /* cents */
	int64_t profit;         /* net_margin - cost_to_serve */
};

struct profit_set {
	struct account_profit *v;   /* sorted by key */
	size_t n;
};

/* The accounts that have at least one financial period ending in r, with
 * their sums.  On error *out is empty.  Free with profit_set_free.
 * Without a range (r NULL or both ends empty) the sums come through the
 * all-periods cache (profit_cache_refresh first); the figures are the same
 * either way. */
int profit_load(struct store *s, const struct date_range *r, struct profit_set *out,
		char *err, size_t errlen);
void profit_set_free(struct profit_set *set);
/* The same over all periods with key and name left NULL, for callers that
 * need ids and figures (splits, quadrants, the curve) and look up the few
 * names they show.  what: PROFIT_KEY_ORDER for profit_load's order (else
 * unspecified), PROFIT_LADDER to fill ladder (else 0).  From a fresh
 * cache it never reads the accounts' rows: ~3x quicker than profit_load
 * and about half its memory. */
enum { PROFIT_KEY_ORDER = 1, PROFIT_LADDER = 2 };
int profit_load_figures(struct store *s, int what, struct profit_set *out, char *err,
			size_t errlen);
/* Bring the all-periods cache up to date when the write lock is free at
 * once and no transaction is open; otherwise do nothing (reads stay exact
 * without it).  Never reports an error: the cache is optional upkeep. */
void profit_cache_refresh(struct store *s);
/* The same for the all-dates NPS cache. */
void nps_cache_refresh(struct store *s);
/* The entry for account_id, or NULL (binary search would need key order:
 * this is a linear scan, fine for a screen's single lookup). */
const struct account_profit *profit_find(const struct profit_set *set, int64_t account_id);

/* One financial period of one account (the account screen's breakdown). */
struct period_profit {
	const char *period;         /* as imported: "2024", "2024-Q1", "2024-03" */
	const char *start, *end;    /* its first and last day */
	int64_t revenue, cogs, net_margin, cost_to_serve, profit;   /* cents */
	int cost_given;             /* 1: cost_to_serve came from financials; 0: from activities */
};
typedef int (*period_profit_fn)(const struct period_profit *p, void *ctx);
/* Periods of account_id ending in r, oldest first (by end, then start). */
int profit_periods(struct store *s, int64_t account_id, const struct date_range *r,
		   period_profit_fn fn, void *ctx, char *err, size_t errlen);

/* Activity-based cost-to-serve of one account by activity: the activities
 * dated inside its periods in r whose cost-to-serve is not given directly. */
struct activity_cost {
	const char *activity;   /* rate name */
	const char *unit;       /* driver unit, e.g. "order" */
	int64_t rate;           /* cents per unit */
	int64_t quantity;       /* thousandths of a unit */
	int64_t cost;           /* cents, rounded half up per activity: the parts
				   may differ from the total by rounding */
};
typedef int (*activity_cost_fn)(const struct activity_cost *a, void *ctx);
/* In activity name order. */
int profit_activity_costs(struct store *s, int64_t account_id, const struct date_range *r,
			  activity_cost_fn fn, void *ctx, char *err, size_t errlen);

/* ---- grid (profit.c) --------------------------------------------------- */

enum quadrant {
	QUADRANT_PASSIVE,            /* high margin, low cost-to-serve */
	QUADRANT_CARRIAGE_TRADE,     /* high margin, high cost */
	QUADRANT_BARGAIN_BASEMENT,   /* low margin, low cost */
	QUADRANT_AGGRESSIVE,         /* low margin, high cost */
};
/* "passive", "carriage-trade", "bargain-basement", "aggressive"; NULL-terminated. */
extern const char *const quadrant_words[];

struct grid_splits {
	double margin;      /* cents; net margin strictly above is "high" */
	double cost;        /* cents; cost-to-serve strictly above is "high" */
	int margin_fixed;   /* 1: from [grid] margin_split, 0: the median */
	int cost_fixed;     /* 1: from [grid] cost_split, 0: the median */
};

/* The split lines for set: the configured ones where cfg fixes them (cfg
 * may be NULL), else the medians of net_margin and cost_to_serve over the
 * set. */
void grid_splits_compute(const struct profit_set *set, const struct rapport_config *cfg,
			 struct grid_splits *out);
enum quadrant grid_classify(const struct grid_splits *g, int64_t net_margin, int64_t cost_to_serve);
/* 1 when the account lies below the break-even diagonal: margin < cost-to-serve. */
int grid_below_break_even(int64_t net_margin, int64_t cost_to_serve);

/* ---- whale curve (profit.c) -------------------------------------------- */

struct whale_point {
	size_t index;             /* into the profit_set */
	long rank;                /* 1 = most profitable */
	int64_t cum_profit;       /* cents, running sum down to this rank */
	double cum_profit_pct;    /* cum_profit / total * 100; 0 when total is 0 */
	double cum_accounts_pct;  /* rank / n * 100 */
};

struct whale_curve {
	struct whale_point *v;    /* n points, by profit descending, then key */
	size_t n;
	int64_t total_profit;     /* cents */
	int has_pct;              /* 0 when total_profit is 0: percentages undefined */
	/* Key figures (valid when n > 0).  The peak is the first rank where the
	 * running sum is highest; the tail is every account after it. */
	long peak_rank;
	int64_t peak_profit;      /* cents: the running sum at the peak */
	double peak_pct;          /* peak_profit / total * 100 (when has_pct) */
	double peak_accounts_pct; /* share of accounts up to the peak, % */
	int64_t tail_loss;        /* cents lost by the tail: peak_profit - total_profit >= 0 */
	long tail_accounts;       /* n - peak_rank */
};

/* Build the curve over set (which must outlive it), in key order as
 * profit_load gives it (ties in profit keep the set's order).  Free with
 * whale_free. */
void whale_build(const struct profit_set *set, struct whale_curve *out);
void whale_free(struct whale_curve *w);

/* ---- ladder x effort (ladder.c) ---------------------------------------- */

enum ladder_group {
	LADDER_MVC,          /* high on the ladder, low effort */
	LADDER_PARTNER,      /* high, high effort */
	LADDER_SWITCHER,     /* low, low effort */
	LADDER_UNDESIRABLE,  /* low, high effort */
};
/* "mvc", "partner", "switcher", "undesirable"; NULL-terminated. */
extern const char *const ladder_group_words[];
/* Rung names indexed 1-8 ("cynic" .. "pays a premium"); [0] is "". */
extern const char *const ladder_rung_words[];

#define LADDER_HIGH_RUNG 5   /* rungs 5-8 are "high on the ladder" */

/* The effort split: the median cost-to-serve over set (all its accounts,
 * rated or not).  High effort is strictly above it. */
double ladder_effort_split(const struct profit_set *set);
/* rung 1-8. */
enum ladder_group ladder_classify(int rung, int64_t cost_to_serve, double effort_split);

/* ---- share of wallet (wallet.c) ---------------------------------------- */

struct wallet_row {
	int64_t account_id;
	char *key, *name;       /* owned by the set */
	int64_t wallet;         /* cents: estimated category spend per year */
	int64_t revenue;        /* cents, periods ending in the window */
	int64_t profit;         /* cents, same periods; 0 unless loaded WALLET_PROFIT */
	int64_t gap;            /* wallet - revenue (negative when revenue exceeds the estimate) */
	int has_share;          /* 0 when wallet is 0 */
	double share_pct;       /* 100 * revenue / wallet */
};

struct wallet_set {
	struct wallet_row *v;   /* by gap descending, then key */
	size_t n;
	char from[11], to[11];  /* the window applied (inclusive); from > to when empty */
};

/* What wallet_load computes besides revenue: profit needs cost-to-serve
 * (profit_load over the window), which costs several times the revenue sums;
 * only the growth targets use it. */
enum { WALLET_REVENUE = 0, WALLET_PROFIT = 1 };

/* Every account with a wallet estimate, with its revenue over the
 * financial periods that ended in the 365 days up to today (today - 364 ..
 * today), narrowed further by r when r is not NULL.  Accounts without
 * revenue there have revenue 0.  what: WALLET_REVENUE or WALLET_PROFIT.
 * Free with wallet_set_free. */
int wallet_load(struct store *s, const struct date_range *r, int32_t today, int what,
		struct wallet_set *out, char *err, size_t errlen);
void wallet_set_free(struct wallet_set *set);
/* Growth targets (set loaded with WALLET_PROFIT): up to max indices into
 * set->v of the accounts that are profitable over the window (profit > 0) and have a positive gap, the
 * largest gap first.  Returns how many were written to idx. */
size_t wallet_growth_targets(const struct wallet_set *set, size_t *idx, size_t max);

/* ---- account-team roles (roles.c) -------------------------------------- */

enum role_kind { ROLE_RELATIONSHIP, ROLE_PROJECT, ROLE_PROBLEM, ROLE_KINDS };
/* "relationship", "project", "problem"; NULL-terminated. */
extern const char *const role_kind_words[];

enum role_status { STATUS_OK, STATUS_DUE, STATUS_OVERDUE, STATUS_UNASSIGNED };
/* "ok", "due", "overdue", "unassigned"; NULL-terminated. */
extern const char *const role_status_words[];

/* One account and role.  last/due are "" when there is none. */
struct role_row {
	int64_t account_id;
	const char *account;     /* key */
	enum role_kind role;
	int64_t staff_id;        /* holder, 0 when nobody holds the role */
	const char *staff;       /* holder's handle, NULL when nobody */
	char last[11];           /* latest meeting / finished project / resolved problem */
	char due[11];            /* see SPEC.md; "" when nothing is due */
	enum role_status status;
	int64_t ord;             /* role_ord of the row */
};
typedef int (*role_row_fn)(const struct role_row *row, void *ctx);

/* The roles screen's order (status, then due date with a relationship
 * never met first and other rows without a date last, unassigned rows
 * after everything) as one number: rows sort by ord, then account key,
 * then role.  Independent of today: the status is a range of ord.  An
 * open action item sorts as role_ord(1, 0, 1, its due day). */
int64_t role_ord(int assigned, int never_met, int has_due, int32_t due);

/* The status rule of SPEC.md on its own (dates as days since 1970):
 * unassigned when !assigned; overdue for a relationship never met
 * (!has_due && never_met); ok without a due date; overdue when due < today;
 * due when due <= today + soon_days; else ok. */
enum role_status role_status_of(int assigned, int never_met, int has_due, int32_t due,
				int32_t today, int soon_days);

/* Every account's three roles, by account key then role in enum order.
 * staff_id > 0 keeps only the rows that staff member holds.  Intervals
 * come from cfg (NULL = the defaults: meetings 182 days, project feedback
 * 30, due soon 30).  -1 also for a stored date that is not a date. */
int roles_each(struct store *s, const struct rapport_config *cfg, int32_t today,
	       int64_t staff_id, role_row_fn fn, void *ctx, char *err, size_t errlen);
/* The same three rows for account_id alone, in enum order (a few indexed
 * look-ups, for the account screen); no rows when there is no such
 * account. */
int roles_account(struct store *s, const struct rapport_config *cfg, int32_t today,
		  int64_t account_id, role_row_fn fn, void *ctx, char *err, size_t errlen);

/* The roles cache (schema 6): every row of roles_each kept in the screen's
 * order, so a page, a rank or the counts cost index reads, not a pass over
 * every account.
 *
 * roles_cache_begin refreshes the cache when it is stale and the write
 * lock is free, then opens a read transaction in which it is fresh for
 * cfg's intervals: returns 1 (or 2 inside the caller's own transaction)
 * when the roles_cache_* reads may be used until roles_cache_end, 0 when
 * not (use roles_each).  Always pair with roles_cache_end(s, result). */
int roles_cache_begin(struct store *s, const struct rapport_config *cfg);
void roles_cache_end(struct store *s, int begun);

struct role_counts {
	long long rows, overdue, due, ok, unassigned;
};
/* Rows by status, for staff_id (0: every row). */
int roles_cache_counts(struct store *s, const struct rapport_config *cfg, int32_t today,
		       int64_t staff_id, struct role_counts *c, char *err, size_t errlen);

/* A place in the order: ord, account key, role (ROLE_KINDS for an action
 * item: after that account's roles at the same ord). */
struct role_place {
	int64_t ord;
	const char *account;
	int role;
};
/* Rows (of staff_id; 0: all) before at, or up to and including it. */
int roles_cache_rank(struct store *s, int64_t staff_id, const struct role_place *at, int or_equal,
		     long long *n, char *err, size_t errlen);
/* At most limit rows from `from` on (dir > 0, ascending, from included) or
 * back from it (dir < 0, descending); from NULL: from the first or last
 * row. */
int roles_cache_page(struct store *s, const struct rapport_config *cfg, int32_t today,
		     int64_t staff_id, const struct role_place *from, int dir, int limit,
		     role_row_fn fn, void *ctx, char *err, size_t errlen);

/* Inside roles_cache_begin/end: every overdue row as (account, role, ord),
 * in no particular order, from an index alone.  For those rows ord is the
 * due day, or below every day for a relationship never met. */
typedef void (*role_ord_fn)(int64_t account_id, int role, int64_t ord, void *ctx);
int roles_cache_overdue(struct store *s, int32_t today, role_ord_fn fn, void *ctx, char *err,
			size_t errlen);
/* An ord's due date as shown (role_row.due): "" when there is none. */
void role_ord_date(int64_t ord, char *buf, size_t len);

/* The overdue rows of roles_each, in the same order (the cache's rows when
 * fresh, else roles_each filtered); by_account: any order that keeps each
 * account's rows together, in role order (quicker). */
int roles_overdue_each(struct store *s, const struct rapport_config *cfg, int32_t today,
		       int by_account, role_row_fn fn, void *ctx, char *err, size_t errlen);

/* Something a staff member has to do: a role of theirs that is due or
 * overdue, or an open action item (done empty) with a due date that is. */
enum due_kind { DUE_ROLE, DUE_ACTION };
struct due_item {
	enum due_kind kind;
	int64_t staff_id;
	const char *staff;        /* handle */
	int64_t account_id;
	const char *account;      /* key */
	enum role_kind role;      /* DUE_ROLE only */
	int64_t action_id;        /* DUE_ACTION only: action_items.id */
	const char *text;         /* DUE_ACTION only: the action item's text */
	char due[11];             /* "" for a relationship never met */
	enum role_status status;  /* STATUS_DUE or STATUS_OVERDUE */
	int64_t ord;              /* its place in the roles screen's order (role_ord) */
};
typedef int (*due_item_fn)(const struct due_item *it, void *ctx);

/* What is due or overdue, per staff member (staff_id > 0: that one only),
 * ordered by handle, then due date (none first: never met is the most
 * urgent), then account key, then roles before action items. */
int roles_due_items(struct store *s, const struct rapport_config *cfg, int32_t today,
		    int64_t staff_id, due_item_fn fn, void *ctx, char *err, size_t errlen);

/* Only the DUE_ACTION items of roles_due_items, in the same order, without
 * computing the roles (one query: cheap at any size). */
int roles_due_actions(struct store *s, const struct rapport_config *cfg, int32_t today,
		      int64_t staff_id, due_item_fn fn, void *ctx, char *err, size_t errlen);

/* Per staff member: roles held and counts of what is due and overdue. */
struct staff_load {
	int64_t staff_id;
	char *handle;             /* owned by the array */
	long roles;               /* account roles held */
	long due, overdue;        /* role rows in that status */
	long items_due, items_overdue;   /* open action items in that status */
};
/* Every staff member, by handle.  Free with staff_loads_free. */
int roles_staff_loads(struct store *s, const struct rapport_config *cfg, int32_t today,
		      struct staff_load **out, size_t *n, char *err, size_t errlen);
void staff_loads_free(struct staff_load *v, size_t n);

/* For the roles screen.  The staff id of handle (exact, as imported) in
 * *id, 0 when no staff member has that handle (or handle is NULL or ""). */
int roles_staff_id(struct store *s, const char *handle, int64_t *id, char *err, size_t errlen);
/* account_id's name as a new string in *name (caller frees); NULL when no
 * such account. */
int roles_account_name(struct store *s, int64_t account_id, char **name, char *err, size_t errlen);
/* A number that grows whenever the database may have changed since the last
 * call: this connection's writes (sqlite3_total_changes) plus other
 * connections' (PRAGMA data_version).  Cheap; a screen polls it to know
 * when to reload.  -1 on error. */
int64_t roles_data_stamp(struct store *s);

/* ---- spectrum (spectrum.c; spectrum_classify is in spectrum.h) --------- */

struct spectrum_row {
	int64_t account_id;
	const char *account;      /* key */
	const char *name;
	int has_score;            /* 0 when no attribute is set */
	double score;             /* 0-100 */
	int explicit_pos;         /* 1 when the position is the account's explicit relationship */
	enum spectrum_position position;
};
typedef int (*spectrum_row_fn)(const struct spectrum_row *row, void *ctx);

/* Every account's current score and position, by key. */
int spectrum_each(struct store *s, spectrum_row_fn fn, void *ctx, char *err, size_t errlen);
/* The same rows in no particular order: one pass over the table instead of
 * the key index and a lookup per account (counts, snapshots). */
int spectrum_each_unordered(struct store *s, spectrum_row_fn fn, void *ctx, char *err,
			    size_t errlen);

/* Record account_id's current position in spectrum_history, dated date
 * ("YYYY-MM-DD"), when it differs (position or explicitness) from the
 * latest row there, or when there is none.  Call after every change of an
 * account's attributes or relationship.  An account with neither is
 * recorded as position "unknown".  Returns 1 when a row was added,
 * 0 when unchanged, -1 on error (also for an unknown account). */
int spectrum_record(struct store *s, int64_t account_id, const char *date,
		    char *err, size_t errlen);

struct spectrum_change {
	const char *date;
	int has_score;
	double score;
	int explicit_pos;
	enum spectrum_position position;
};
typedef int (*spectrum_change_fn)(const struct spectrum_change *c, void *ctx);
/* account_id's history, oldest first (by date, then order recorded). */
int spectrum_history(struct store *s, int64_t account_id, spectrum_change_fn fn, void *ctx,
		     char *err, size_t errlen);
/* The position recorded as of date (the latest change dated <= date);
 * POSITION_UNKNOWN when none.  -1 on error, else 0. */
int spectrum_position_at(struct store *s, int64_t account_id, const char *date,
			 enum spectrum_position *pos, char *err, size_t errlen);

#endif
