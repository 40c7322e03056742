/* Roles screen (key 2): "My accounts" -- the roles held by the staff member
 * of [user] me, with each role's last action, due date and status, and that
 * member's open action items that are due -- or the same for the whole team
 * (t).  Enter opens the account; m, p and P record the action that clears a
 * row (through the account detail for now); e opens the form of the record
 * that clears it: a new meeting, the project awaiting feedback, the problem
 * awaiting resolution (see clear_row).
 *
 * Order: overdue, then due, then ok (then unassigned, team only); within
 * that by due date (no date first when overdue -- a relationship never met
 * is the most urgent -- and last otherwise), then account key, roles before
 * action items.  A total order, so a row's place is known by its sort key.
 *
 * Memory: the list is never held whole -- the team has ~300k rows at 100k
 * accounts.  A window of at most BUF rows around the screen is kept.  When
 * the screen leaves it, one pass of roles_each keeps only the BUF rows from
 * an anchor row on (or up to it), counts the rows before the window (for
 * "row N of M") and the totals of the header line.  A pass is one read of
 * the roles tables (~0.4 s at 100k accounts) and comes once per BUF - page
 * rows of scrolling; moving inside the window costs nothing.  Open action
 * items due are few (dated, not done, within [roles] due_soon_days): they
 * are read once per reload and merged into every pass.  The whole team
 * includes every row, ok ones too, so the totals match `report roles`. */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/analytics.h"
#include "rapport/detail.h"
#include "rapport/util.h"
#include "rapport/values.h"

#define BUF 384               /* rows kept around the screen */
#define MAX_PAGE (BUF / 3)    /* list rows drawn at most */
#define HEAD_ROWS 2           /* counts line, column titles */

/* One row of the list: an account role or an open action item.  Strings are
 * owned by the screen's window and cache, borrowed in a pass's candidates. */
struct rrow {
	int64_t account_id;
	char *account;            /* key */
	char *staff;              /* holder's handle; NULL when nobody */
	char *text;               /* action item's text; NULL for a role */
	char *name;               /* account name once looked up (named) */
	int named;                /* 1 when name was looked up */
	int is_action;            /* 1: an action item */
	enum role_kind role;      /* roles only */
	int64_t action_id;        /* action items only */
	char last[11], due[11];   /* "" when none */
	enum role_status status;
	int64_t ord;              /* role_ord: the first part of the order */
};

/* Totals over the rows listed, for the header line. */
struct counts {
	long long rows;           /* rows listed (roles and action items) */
	long long roles;          /* role rows held by someone */
	long long overdue, due;   /* role rows in that status */
	long long unassigned;     /* role rows nobody holds (team only) */
	long long items, items_overdue;   /* action items listed / overdue */
};

enum me_state { ME_OK, ME_UNSET, ME_UNKNOWN };

struct roles_view {
	enum me_state me_state;
	int64_t me;               /* staff id of [user] me, 0 when none */
	int team;                 /* 1: the whole team; 0: my accounts */
	int32_t today;
	struct rrow *items;       /* open action items due, sorted */
	size_t nitems;
	struct rrow win[BUF];     /* the window: rows base .. base + nwin - 1 */
	int nwin;
	long long base;           /* rows before win[0] */
	struct counts n;          /* from the last pass */
	long long top, sel;       /* first row shown, selected row (absolute) */
	int page;                 /* list rows that fit */
	int64_t stamp;            /* roles_data_stamp at the last load */
	int stale;                /* reload at the next draw (2: from the top) */
	int loaded;               /* the first pass is done (it runs when idle, after
				     a first paint that says "computing") */
	int failed;               /* the last load failed: wait for ^L or t */
};

static const enum action roles_actions[] = {
	ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_PAGE_UP, ACT_TOP, ACT_BOTTOM, ACT_OPEN, ACT_TEAM,
	ACT_EDIT, ACT_RECORD_MEETING, ACT_RECORD_PROJECT, ACT_RECORD_PROBLEM, ACT_NONE
};

/* ---- rows and their order ------------------------------------------------ */

static void rrow_free(struct rrow *r)
{
	free(r->account);
	free(r->staff);
	free(r->text);
	free(r->name);
	memset(r, 0, sizeof *r);
}

/* An owned copy of r (name not copied: looked up again when drawn). */
static void rrow_dup(struct rrow *dst, const struct rrow *r)
{
	*dst = *r;
	dst->account = xstrdup(r->account);
	dst->staff = r->staff ? xstrdup(r->staff) : NULL;
	dst->text = r->text ? xstrdup(r->text) : NULL;
	dst->name = NULL;
	dst->named = 0;
}

/* The screen's total order (see the top of the file): status and due
 * date are both in ord (role_ord), the order of the roles cache. */
static int rrow_cmp(const struct rrow *a, const struct rrow *b)
{
	if (a->ord != b->ord)
		return a->ord < b->ord ? -1 : 1;
	int c;
	if ((c = strcmp(a->account, b->account)) != 0)
		return c;
	if (a->is_action != b->is_action)
		return a->is_action - b->is_action;
	if (!a->is_action)
		return (int)a->role - (int)b->role;
	return (a->action_id > b->action_id) - (a->action_id < b->action_id);
}

/* The same role of the same account, or the same action item. */
static int same_item(const struct rrow *a, const struct rrow *b)
{
	if (a->is_action != b->is_action)
		return 0;
	if (a->is_action)
		return a->action_id == b->action_id;
	return a->account_id == b->account_id && a->role == b->role;
}

static void count_row(struct counts *n, const struct rrow *r)
{
	n->rows++;
	if (r->is_action) {
		n->items++;
		n->items_overdue += r->status == STATUS_OVERDUE;
		return;
	}
	if (r->status == STATUS_UNASSIGNED) {
		n->unassigned++;
		return;
	}
	n->roles++;
	n->overdue += r->status == STATUS_OVERDUE;
	n->due += r->status == STATUS_DUE;
}

/* ---- a pass: the window from an anchor, and the counts -------------------- */

struct pass {
	const struct rrow *anchor;   /* NULL: from the first (dir > 0) or the last row */
	int dir;                     /* > 0: rows >= anchor; < 0: rows <= anchor */
	struct rrow *keep;           /* sorted, owned copies */
	int nkeep;
	long long before;            /* rows before keep[0] */
	struct counts n;
};

/* Keep r when it belongs to the BUF rows nearest the anchor on p's side. */
static void offer(struct pass *p, const struct rrow *r)
{
	count_row(&p->n, r);
	if (p->dir > 0) {
		if (p->anchor && rrow_cmp(r, p->anchor) < 0) {
			p->before++;
			return;
		}
		if (p->nkeep == BUF) {
			if (rrow_cmp(r, &p->keep[BUF - 1]) >= 0)
				return;
			rrow_free(&p->keep[--p->nkeep]);
		}
	} else {
		if (p->anchor && rrow_cmp(r, p->anchor) > 0)
			return;
		if (p->nkeep == BUF) {
			p->before++;    /* r or keep[0] falls out below the window */
			if (rrow_cmp(r, &p->keep[0]) <= 0)
				return;
			rrow_free(&p->keep[0]);
			memmove(p->keep, p->keep + 1, (size_t)--p->nkeep * sizeof *p->keep);
		}
	}
	int lo = 0, hi = p->nkeep;      /* first kept row after r */
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (rrow_cmp(r, &p->keep[mid]) < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	memmove(p->keep + lo + 1, p->keep + lo, (size_t)(p->nkeep - lo) * sizeof *p->keep);
	rrow_dup(&p->keep[lo], r);
	p->nkeep++;
}

static int offer_role(const struct role_row *row, void *ctx)
{
	struct rrow r;
	memset(&r, 0, sizeof r);
	r.account_id = row->account_id;
	r.account = (char *)row->account;
	r.staff = (char *)row->staff;
	r.role = row->role;
	memcpy(r.last, row->last, sizeof r.last);
	memcpy(r.due, row->due, sizeof r.due);
	r.status = row->status;
	r.ord = row->ord;
	offer(ctx, &r);
	return 0;
}

static int64_t staff_filter(const struct roles_view *rv)
{
	return rv->team ? 0 : rv->me;
}

/* The same pass through the roles cache: the role rows nearest the anchor
 * come a page at a time, the counts and the rows before the window from
 * index ranges; action items are merged in as in a full pass. */
static int cached_pass(struct view *v, struct pass *p, char *err, size_t errlen)
{
	struct roles_view *rv = v->data;
	struct tui *t = v->t;
	int64_t staff = staff_filter(rv);
	struct role_place at, *from = NULL;
	if (p->anchor) {
		at.ord = p->anchor->ord;
		at.account = p->anchor->account;
		at.role = p->anchor->is_action ? ROLE_KINDS : (int)p->anchor->role;
		from = &at;
	}
	struct role_counts c;
	long long ranked = 0;
	if (roles_cache_counts(t->s, t->cfg, rv->today, staff, &c, err, errlen) != 0 ||
	    roles_cache_page(t->s, t->cfg, rv->today, staff, from, p->dir, BUF, offer_role, p,
			     err, errlen) != 0 ||
	    (from && roles_cache_rank(t->s, staff, from, p->dir < 0, &ranked, err, errlen) != 0))
		return -1;
	if (!from)
		ranked = p->dir > 0 ? 0 : c.rows;
	for (size_t i = 0; i < rv->nitems; i++)
		offer(p, &rv->items[i]);
	/* offer counted only what it saw: the counts are the cache's, plus
	 * every action item */
	memset(&p->n, 0, sizeof p->n);
	p->n.rows = c.rows;
	p->n.roles = c.rows - c.unassigned;
	p->n.overdue = c.overdue;
	p->n.due = c.due;
	p->n.unassigned = c.unassigned;
	long long items = 0;     /* action items before the anchor (dir > 0) or up to it */
	for (size_t i = 0; i < rv->nitems; i++) {
		count_row(&p->n, &rv->items[i]);
		if (p->anchor) {
			int cmp = rrow_cmp(&rv->items[i], p->anchor);
			items += p->dir > 0 ? cmp < 0 : cmp <= 0;
		} else {
			items += p->dir < 0;
		}
	}
	p->before = p->dir > 0 ? ranked + items : ranked + items - p->nkeep;
	return 0;
}

/* Replace the window by a pass from anchor (which may point into it). */
static int run_pass(struct view *v, const struct rrow *anchor, int dir)
{
	struct roles_view *rv = v->data;
	struct pass p;
	memset(&p, 0, sizeof p);
	p.anchor = anchor;
	p.dir = dir;
	p.keep = xcalloc(BUF, sizeof *p.keep);
	char err[256];
	int rc, begun = roles_cache_begin(v->t->s, v->t->cfg);
	if (begun) {
		rc = cached_pass(v, &p, err, sizeof err);
	} else {
		rc = roles_each(v->t->s, v->t->cfg, rv->today, staff_filter(rv), offer_role, &p,
				err, sizeof err);
		for (size_t i = 0; rc == 0 && i < rv->nitems; i++)
			offer(&p, &rv->items[i]);
	}
	roles_cache_end(v->t->s, begun);
	if (rc == 0) {
		for (int i = 0; i < rv->nwin; i++)
			rrow_free(&rv->win[i]);
		memcpy(rv->win, p.keep, (size_t)p.nkeep * sizeof *p.keep);
		rv->nwin = p.nkeep;
		rv->base = p.before;
		rv->n = p.n;
	} else {
		for (int i = 0; i < p.nkeep; i++)
			rrow_free(&p.keep[i]);
		tui_message(v->t, 1, "roles: %s", err);
		rv->failed = 1;
	}
	free(p.keep);
	return rc;
}

/* ---- loading ---------------------------------------------------------------- */

struct item_list {
	struct rrow *v;
	size_t n, cap;
};

static int keep_action(const struct due_item *it, void *ctx)
{
	struct item_list *l = ctx;
	if (it->kind != DUE_ACTION)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	struct rrow r;
	memset(&r, 0, sizeof r);
	r.account_id = it->account_id;
	r.account = (char *)it->account;
	r.staff = (char *)it->staff;
	r.text = (char *)(it->text ? it->text : "");
	r.is_action = 1;
	r.action_id = it->action_id;
	memcpy(r.due, it->due, sizeof r.due);
	r.status = it->status;
	r.ord = it->ord;
	rrow_dup(&l->v[l->n++], &r);
	return 0;
}

static void free_items(struct roles_view *rv)
{
	for (size_t i = 0; i < rv->nitems; i++)
		rrow_free(&rv->items[i]);
	free(rv->items);
	rv->items = NULL;
	rv->nitems = 0;
}

static void free_window(struct roles_view *rv)
{
	for (int i = 0; i < rv->nwin; i++)
		rrow_free(&rv->win[i]);
	rv->nwin = 0;
	rv->base = 0;
	memset(&rv->n, 0, sizeof rv->n);
}

static void settle(struct view *v);

/* Read today, the action items and the window again.  from_top: start at
 * the first row; else keep the rows shown where they are (by sort key: the
 * first row shown, or the one now in its place, stays at the top). */
static void reload(struct view *v, int from_top)
{
	struct roles_view *rv = v->data;
	struct tui *t = v->t;
	char err[256];
	rv->stale = 0;
	rv->failed = 0;
	rv->stamp = roles_data_stamp(t->s);
	free_items(rv);
	if (value_today(&rv->today, err, sizeof err) != 0) {
		free_window(rv);
		tui_message(t, 1, "%s", err);
		rv->failed = 1;
		return;
	}
	struct item_list l = { 0 };
	int rc = roles_due_actions(t->s, t->cfg, rv->today, staff_filter(rv), keep_action, &l,
				   err, sizeof err);
	rv->items = l.v;
	rv->nitems = l.n;
	if (rc != 0) {
		free_window(rv);
		tui_message(t, 1, "roles: %s", err);
		rv->failed = 1;
		return;
	}
	long long off = rv->sel - rv->top;
	struct rrow anchor, selected;
	int have_anchor = !from_top && rv->nwin && rv->top >= rv->base &&
			  rv->top < rv->base + rv->nwin && rv->sel >= rv->base &&
			  rv->sel < rv->base + rv->nwin;
	if (have_anchor) {
		rrow_dup(&anchor, &rv->win[rv->top - rv->base]);
		rrow_dup(&selected, &rv->win[rv->sel - rv->base]);
	}
	if (run_pass(v, have_anchor ? &anchor : NULL, 1) != 0)
		free_window(rv);
	rv->top = rv->base;
	rv->sel = rv->top + (have_anchor ? off : 0);
	if (have_anchor) {
		/* the selected row stays selected while it is still on screen */
		for (int i = 0; i < rv->nwin && i < rv->page; i++)
			if (same_item(&rv->win[i], &selected))
				rv->sel = rv->base + i;
		rrow_free(&anchor);
		rrow_free(&selected);
	}
	settle(v);
}

/* Make the window hold the rows shown: [top, top + page). */
static void ensure(struct view *v)
{
	struct roles_view *rv = v->data;
	long long lo = rv->top, hi = rv->top + rv->page;
	if (hi > rv->n.rows)
		hi = rv->n.rows;
	if (rv->failed || hi <= lo || (lo >= rv->base && hi <= rv->base + rv->nwin))
		return;
	if (lo < BUF - rv->page) {
		run_pass(v, NULL, 1);                    /* near the first row */
	} else if (lo >= rv->n.rows - BUF) {
		run_pass(v, NULL, -1);                   /* near the last row */
	} else if (rv->nwin && hi > rv->base + rv->nwin) {
		long long k = lo - rv->base;             /* forward from the top row */
		if (k > rv->nwin - 1)
			k = rv->nwin - 1;
		if (k < 0)
			k = 0;
		run_pass(v, &rv->win[k], 1);
	} else if (rv->nwin) {
		long long k = hi - 1 - rv->base;         /* back from the bottom row */
		if (k < 0)
			k = 0;
		if (k > rv->nwin - 1)
			k = rv->nwin - 1;
		run_pass(v, &rv->win[k], -1);
	} else {
		run_pass(v, NULL, 1);
	}
}

/* Clamp sel and top to the rows, keep sel on screen, and load the window. */
static void settle(struct view *v)
{
	struct roles_view *rv = v->data;
	for (int round = 0; round < 2; round++) {
		long long n = rv->n.rows;
		if (rv->sel >= n)
			rv->sel = n - 1;
		if (rv->sel < 0)
			rv->sel = 0;
		if (rv->top > rv->sel)
			rv->top = rv->sel;
		if (rv->top < rv->sel - rv->page + 1)
			rv->top = rv->sel - rv->page + 1;
		if (rv->top > n - rv->page)
			rv->top = n - rv->page;   /* keep the screen full */
		if (rv->top < 0)
			rv->top = 0;
		ensure(v);   /* may change the counts if the data changed meanwhile */
	}
	/* the data moved under us: stay inside what is loaded */
	if (rv->nwin && (rv->top < rv->base || rv->top >= rv->base + rv->nwin)) {
		rv->top = rv->base;
		rv->sel = rv->base;
	}
}

/* ---- open, close ------------------------------------------------------------- */

static void roles_open(struct view *v)
{
	struct roles_view *rv = xcalloc(1, sizeof *rv);
	struct tui *t = v->t;
	v->data = rv;
	rv->page = 1;
	rv->stale = 2;
	const char *me = t->cfg->me;
	char err[256];
	if (!me || !*me) {
		rv->me_state = ME_UNSET;
	} else if (roles_staff_id(t->s, me, &rv->me, err, sizeof err) != 0) {
		tui_message(t, 1, "roles: %s", err);
		rv->me_state = ME_UNKNOWN;
	} else {
		rv->me_state = rv->me ? ME_OK : ME_UNKNOWN;
	}
	rv->team = rv->me_state != ME_OK;
	t->me = rv->me;
}

static void roles_close(struct view *v)
{
	struct roles_view *rv = v->data;
	free_window(rv);
	free_items(rv);
	free(rv);
	v->data = NULL;
}

/* ---- drawing ------------------------------------------------------------------ */

enum rcol { RC_KEY, RC_STAFF, RC_ROLE, RC_LAST, RC_DUE, RC_STATUS, RC_NAME, RC_COUNT };
static const char *const rcol_titles[RC_COUNT] = {
	"Account", "Staff", "Role", "Last", "Due", "Status", "Name / action item"
};

/* Column widths: the name takes what is left, when that is enough. */
static void layout(const struct roles_view *rv, int cols, int *w)
{
	w[RC_KEY] = 12;
	w[RC_STAFF] = rv->team ? 12 : 0;
	w[RC_ROLE] = 12;
	w[RC_LAST] = 10;
	w[RC_DUE] = 10;
	w[RC_STATUS] = rv->team ? 10 : 7;   /* "unassigned" is the team's only */
	int used = 1;
	for (int c = 0; c < RC_NAME; c++)
		if (w[c])
			used += w[c] + 1;
	if (used > cols - 1) {   /* narrow: the last action goes first */
		used -= w[RC_LAST] + 1;
		w[RC_LAST] = 0;
	}
	if (used > cols - 1) {   /* then roles read "relation", keys are cut */
		used -= 4 + 2;
		w[RC_ROLE] = 8;
		w[RC_KEY] = 10;
	}
	w[RC_NAME] = cols - used - 1;
	if (w[RC_NAME] < 12)
		w[RC_NAME] = 0;
	if (w[RC_NAME] > 60) {   /* wide: give keys and handles some air */
		int extra = w[RC_NAME] - 60;
		w[RC_NAME] = 60;
		w[RC_KEY] += extra / 2;
		if (w[RC_STAFF])
			w[RC_STAFF] += extra - extra / 2;
	}
}

static void header_line(const struct roles_view *rv, const struct rapport_config *cfg,
			char *buf, size_t len)
{
	const struct counts *n = &rv->n;
	char items[96] = "";
	if (n->items)
		snprintf(items, sizeof items, "; %lld action item%s due (%lld overdue)", n->items,
			 n->items == 1 ? "" : "s", n->items_overdue);
	if (rv->team) {
		char unassigned[48] = "";
		if (n->unassigned)
			snprintf(unassigned, sizeof unassigned, ", %lld unassigned", n->unassigned);
		snprintf(buf, len, "Whole team: %lld roles held, %lld overdue, %lld due%s%s",
			 n->roles, n->overdue, n->due, unassigned, items);
	} else {
		snprintf(buf, len, "%s: %lld role%s, %lld overdue, %lld due%s", cfg->me, n->roles,
			 n->roles == 1 ? "" : "s", n->overdue, n->due, items);
	}
}

static void footer_line(struct view *v, char *buf, size_t len)
{
	struct roles_view *rv = v->data;
	const char *me = v->t->cfg->me ? v->t->cfg->me : "";
	const struct rrow *cur = NULL;
	if (rv->nwin && rv->sel >= rv->base && rv->sel < rv->base + rv->nwin)
		cur = &rv->win[rv->sel - rv->base];
	char pos[64];
	snprintf(pos, sizeof pos, "row %lld of %lld", rv->n.rows ? rv->sel + 1 : 0, rv->n.rows);
	if (cur && cur->is_action)
		snprintf(buf, len, "%s   action item: %s", pos, cur->text);
	else if (rv->me_state == ME_UNSET)
		snprintf(buf, len, "%s   whole team: set [user] me = HANDLE in rapport.ini", pos);
	else if (rv->me_state == ME_UNKNOWN)
		snprintf(buf, len, "%s   whole team: no staff handle \"%s\" ([user] me)", pos, me);
	else
		snprintf(buf, len, "%s   %s %s  %s open  %s clear  %s/%s/%s record",
			 pos, keymap_key_name(ACT_TEAM), rv->team ? "only me" : "whole team",
			 keymap_key_name(ACT_OPEN), keymap_key_name(ACT_EDIT),
			 keymap_key_name(ACT_RECORD_MEETING),
			 keymap_key_name(ACT_RECORD_PROJECT), keymap_key_name(ACT_RECORD_PROBLEM));
}

/* One cell of width cw at x, cut at the right edge; returns the columns
 * the cell and its gap take. */
static int draw_cell(WINDOW *w, int y, int x, int cols, const char *s, int cw)
{
	int room = cols - 1 - x;
	if (room > 0)
		draw_text(w, y, x, s, cw < room ? cw : room, 1, 0);
	return cw + 1;
}

static attr_t status_attr(struct tui *t, enum role_status s)
{
	switch (s) {
	case STATUS_OVERDUE: return draw_attr(t, C_BAD);
	case STATUS_DUE: return A_BOLD;
	case STATUS_OK: return draw_attr(t, C_GOOD);
	case STATUS_UNASSIGNED: break;
	}
	return A_NORMAL;
}

static void draw_row(struct view *v, WINDOW *w, int y, int cols, const int *cw,
		     struct rrow *r, int selected)
{
	struct tui *t = v->t;
	attr_t base = selected ? draw_attr(t, C_SELECT) : A_NORMAL;
	wattrset(w, base);
	mvwhline(w, y, 0, ' ', cols);
	if (cw[RC_NAME] && !r->is_action && !r->named) {
		char err[128];
		if (roles_account_name(t->s, r->account_id, &r->name, err, sizeof err) != 0)
			r->name = NULL;
		r->named = 1;
	}
	const char *last = r->last;
	if (!r->is_action && !*last && r->role == ROLE_RELATIONSHIP && r->status != STATUS_UNASSIGNED)
		last = "never";
	const char *cell[RC_COUNT] = {
		r->account, r->staff ? r->staff : "-",
		r->is_action ? (cw[RC_ROLE] < 11 ? "action" : "action item") : role_kind_words[r->role],
		last, r->due, role_status_words[r->status],
		r->is_action ? r->text : (r->name ? r->name : ""),
	};
	int x = 1;
	for (int c = 0; c < RC_COUNT; c++) {
		if (!cw[c])
			continue;
		attr_t a = base;
		if (!selected && c == RC_STATUS)
			a = status_attr(t, r->status);
		if (!selected && c == RC_ROLE && r->is_action)
			a = A_BOLD;
		wattrset(w, a);
		x += draw_cell(w, y, x, cols, cell[c], cw[c]);
	}
	wattrset(w, A_NORMAL);
}

static void roles_draw(struct view *v, WINDOW *w, int rows, int cols)
{
	struct roles_view *rv = v->data;
	struct tui *t = v->t;
	int list_rows = rows - HEAD_ROWS - 1;
	if (list_rows < 1)
		list_rows = 1;
	if (list_rows > MAX_PAGE)
		list_rows = MAX_PAGE;
	char line[512];
	if (!rv->loaded) {
		rv->page = list_rows;
		snprintf(line, sizeof line, "%s: computing the roles and what is due...",
			 rv->team ? "Whole team" : t->cfg->me);
		wattrset(w, A_BOLD);
		draw_text(w, 0, 1, line, cols - 2, 1, 0);
		wattrset(w, A_NORMAL);
		return;
	}
	int64_t stamp = roles_data_stamp(t->s);
	if (rv->stale || (!rv->failed && stamp != rv->stamp)) {
		rv->page = list_rows;
		reload(v, rv->stale == 2);
	} else if (rv->page != list_rows) {
		rv->page = list_rows;
		settle(v);
	}

	header_line(rv, t->cfg, line, sizeof line);
	wattrset(w, A_BOLD);
	draw_text(w, 0, 1, line, cols - 2, 1, 0);

	int cw[RC_COUNT];
	layout(rv, cols, cw);
	wattrset(w, A_BOLD | A_UNDERLINE);
	mvwhline(w, 1, 0, ' ', cols);
	int x = 1;
	for (int c = 0; c < RC_COUNT; c++) {
		if (!cw[c])
			continue;
		x += draw_cell(w, 1, x, cols, rcol_titles[c], cw[c]);
	}
	wattrset(w, A_NORMAL);

	if (!rv->n.rows && !rv->failed) {
		if (rv->team)
			snprintf(line, sizeof line, "No accounts yet: import accounts, staff and"
				 " roles, or try 'rapport demo'.");
		else
			snprintf(line, sizeof line, "You hold no roles and have no action items due:"
				 " %s shows the whole team.", keymap_key_name(ACT_TEAM));
		draw_text(w, HEAD_ROWS, 1, line, cols - 2, 0, 0);
	}
	for (int i = 0; i < list_rows; i++) {
		long long abs = rv->top + i;
		if (abs >= rv->n.rows || abs < rv->base || abs >= rv->base + rv->nwin)
			break;
		draw_row(v, w, HEAD_ROWS + i, cols, cw, &rv->win[abs - rv->base], abs == rv->sel);
	}

	footer_line(v, line, sizeof line);
	mvwhline(w, rows - 1, 0, ' ', cols);
	draw_text(w, rows - 1, 1, line, cols - 2, 0, 0);
}

/* ---- actions -------------------------------------------------------------------- */

static const struct rrow *selected_row(const struct roles_view *rv)
{
	if (!rv->nwin || rv->sel < rv->base || rv->sel >= rv->base + rv->nwin)
		return NULL;
	return &rv->win[rv->sel - rv->base];
}

/* The hook for recording what clears a row (a meeting, a project's feedback,
 * a problem's resolution).  For now: open the account's detail and hand it
 * the same action, so m, p or P land on the detail's form for that account;
 * q there comes back here, and the row moves when the data changes.  Quick
 * entry without leaving this screen will plug in here. */
static void record_for_row(struct view *v, enum action a)
{
	const struct rrow *r = selected_row(v->data);
	struct tui *t = v->t;
	if (!r)
		return;
	accounts_open_detail(t, r->account_id);
	struct view *d = &t->views[t->current];
	if (d != v && d->ops->action)
		d->ops->action(d, a);
}

/* e: the form that clears the selected row.  A relationship is cleared by
 * a new meeting (as m); a project by the feedback score of the finished
 * project awaiting it, a problem by the resolution of the unresolved one
 * due first (detail_clearing_record): their edit forms, in the account's
 * detail.  An action item opens its account, as Enter. */
static void clear_row(struct view *v)
{
	const struct rrow *r = selected_row(v->data);
	struct tui *t = v->t;
	if (!r)
		return;
	if (r->is_action) {
		accounts_open_detail(t, r->account_id);
		return;
	}
	if (r->role == ROLE_RELATIONSHIP) {
		record_for_row(v, ACT_RECORD_MEETING);
		return;
	}
	const struct kind *k = NULL;
	int64_t id = 0;
	char err[256];
	int rc = detail_clearing_record(t->s, r->account_id, (int)r->role, &k, &id, err, sizeof err);
	if (rc < 0) {
		tui_message(t, 1, "roles: %s", err);
		return;
	}
	if (rc == 0) {
		if (r->role == ROLE_PROJECT)
			tui_message(t, 0, "%s: no finished project awaits feedback; %s records a project",
				    r->account, keymap_key_name(ACT_RECORD_PROJECT));
		else
			tui_message(t, 0, "%s: no unresolved problem; %s records a problem",
				    r->account, keymap_key_name(ACT_RECORD_PROBLEM));
		return;
	}
	accounts_open_detail_record(t, r->account_id, k, id,
				    r->role == ROLE_PROJECT ? "feedback_score" : "resolved");
}

static void move_by(struct view *v, long long delta)
{
	struct roles_view *rv = v->data;
	rv->sel += delta;
	if (delta > 1 || delta < -1)
		rv->top += delta;   /* a page: the screen moves with the selection */
	settle(v);
}

static int roles_action(struct view *v, enum action a)
{
	struct roles_view *rv = v->data;
	switch (a) {
	case ACT_DOWN: move_by(v, 1); return 1;
	case ACT_UP: move_by(v, -1); return 1;
	case ACT_PAGE_DOWN: move_by(v, rv->page); return 1;
	case ACT_PAGE_UP: move_by(v, -rv->page); return 1;
	case ACT_TOP:
		rv->sel = rv->top = 0;
		settle(v);
		return 1;
	case ACT_BOTTOM:
		rv->sel = rv->n.rows - 1;
		rv->top = rv->n.rows - rv->page;
		settle(v);
		return 1;
	case ACT_OPEN: {
		const struct rrow *r = selected_row(rv);
		if (r)
			accounts_open_detail(v->t, r->account_id);
		return 1;
	}
	case ACT_EDIT:
		clear_row(v);
		return 1;
	case ACT_RECORD_MEETING:
	case ACT_RECORD_PROJECT:
	case ACT_RECORD_PROBLEM:
		record_for_row(v, a);
		return 1;
	case ACT_TEAM:
		if (rv->me_state == ME_UNKNOWN) {
			tui_message(v->t, 1, "no staff handle \"%s\": fix [user] me in rapport.ini",
				    v->t->cfg->me);
			return 1;
		}
		if (rv->me_state == ME_UNSET) {
			tui_message(v->t, 1, "set [user] me = HANDLE in rapport.ini to see your own accounts");
			return 1;
		}
		rv->team = !rv->team;
		rv->sel = rv->top = 0;
		rv->stale = 2;
		return 1;
	case ACT_REFRESH:
		rv->stale = 1;
		return 0;   /* the loop also repaints */
	default:
		return 0;
	}
}

/* The first pass after the first paint (~0.4 s for the whole team at 100k
 * accounts); later passes run when drawing needs them, as before. */
static int roles_idle(struct view *v)
{
	struct roles_view *rv = v->data;
	if (!rv || rv->loaded)
		return 0;
	rv->loaded = 1;
	reload(v, 1);
	return 1;
}

const struct view_ops roles_view_ops = {
	.name = "roles",
	.title = "Roles",
	.key = ACT_ROLES,
	.actions = roles_actions,
	.open = roles_open,
	.draw = roles_draw,
	.action = roles_action,
	.idle = roles_idle,
	.close = roles_close,
};
