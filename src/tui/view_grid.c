/* Grid screen (key 4): net margin against cost-to-serve for every account
 * with financials (all periods, as `rapport report grid`), in three modes:
 *  - the plot (grid_plot.c): a cursor on an account moves with h/j/k/l and
 *    the arrows to the nearest account that way (grid_plot_nearest), Tab
 *    jumps to the next quadrant's most profitable account, g/G to the most
 *    and least profitable of all, Enter opens the account;
 *  - L: the list of one quadrant's accounts by profit (Tab: next quadrant);
 *  - w: growth targets, the profitable accounts with the largest wallet
 *    gap (wallet_growth_targets over the last 365 days, as `report wallet`).
 * q or Esc goes back from a list to the plot.
 *
 * Timing: the first paint shows "computing..."; profit_load, the splits,
 * the totals and the axes are computed in ops->idle, and the wallet when w
 * is first pressed.  Memory: the profit set (one struct per account, as
 * the report holds it), two int32 per account for the plot, a bin per
 * character cell; lists hold indices and draw only the rows shown.  The
 * figures are reloaded when the database changes (roles_data_stamp). */
#include "grid_plot.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rapport/util.h"
#include "rapport/values.h"

#define LIST_HEAD 2   /* header, column titles */

static const enum action grid_actions[] = {
	ACT_LEFT, ACT_DOWN, ACT_UP, ACT_RIGHT, ACT_PAGE_DOWN, ACT_PAGE_UP, ACT_TOP, ACT_BOTTOM,
	ACT_NEXT_SECTION, ACT_PREV_SECTION, ACT_OPEN, ACT_LIST, ACT_GROWTH, ACT_NONE
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- loading ---------------------------------------------------------------- */

static void free_growth(struct grid_view *gv)
{
	wallet_set_free(&gv->ws);
	free(gv->targets);
	gv->targets = NULL;
	gv->ntargets = 0;
	gv->growth_loaded = 0;
}

static void free_figures(struct grid_view *gv)
{
	profit_set_free(&gv->set);
	labels_clear(&gv->labels);
	grid_plot_free(&gv->plot);
	free(gv->counts);
	free(gv->dots);
	free(gv->pins);
	free(gv->members);
	gv->counts = NULL;
	gv->dots = gv->pins = NULL;
	gv->members = NULL;
	gv->nmembers = 0;
	gv->members_ok = 0;
	gv->pcols = gv->prows = 0;
	gv->loaded = 0;
	free_growth(gv);
}

/* The most (dir > 0) or least profitable account of quadrant q (q < 0:
 * of all); ties by key.  -1 when none. */
static long extreme(const struct grid_view *gv, int q, int dir)
{
	long best = -1;
	for (size_t i = 0; i < gv->set.n; i++) {
		const struct account_profit *a = &gv->set.v[i];
		if (q >= 0 && (int)grid_classify(&gv->splits, a->net_margin, a->cost_to_serve) != q)
			continue;
		if (best < 0 || (dir > 0 ? a->profit > gv->set.v[best].profit
					 : a->profit < gv->set.v[best].profit))
			best = (long)i;
	}
	return best;
}

static void set_cursor(struct grid_view *gv, long i)
{
	gv->cur = i;
	gv->cur_id = i >= 0 ? gv->set.v[i].account_id : 0;
}

static void load(struct view *v)
{
	struct grid_view *gv = v->data;
	double t0 = now_ms();
	char err[256];
	int64_t keep = gv->cur_id;
	free_figures(gv);
	gv->stamp = roles_data_stamp(v->t->s);
	if (profit_load_figures(v->t->s, PROFIT_KEY_ORDER, &gv->set, err, sizeof err) != 0) {
		tui_message(v->t, 1, "grid: %s", err);
		gv->failed = 1;
		return;
	}
	grid_splits_compute(&gv->set, v->t->cfg, &gv->splits);
	gridview_summarize(&gv->set, &gv->splits, &gv->sum);
	grid_plot_init(&gv->plot, &gv->set, &gv->splits);
	const struct account_profit *a = keep ? profit_find(&gv->set, keep) : NULL;
	set_cursor(gv, a ? (long)(a - gv->set.v) : extreme(gv, -1, 1));
	gv->loaded = 1;
	gv->failed = 0;
	gv->load_ms = now_ms() - t0;
}

static void load_growth(struct view *v)
{
	struct grid_view *gv = v->data;
	char err[256];
	int32_t today;
	free_growth(gv);
	if (value_today(&today, err, sizeof err) != 0 ||
	    wallet_load(v->t->s, NULL, today, WALLET_PROFIT, &gv->ws, err, sizeof err) != 0) {
		tui_message(v->t, 1, "growth targets: %s", err);
		gv->mode = GMODE_PLOT;
		return;
	}
	gv->targets = xmalloc((gv->ws.n ? gv->ws.n : 1) * sizeof *gv->targets);
	gv->ntargets = wallet_growth_targets(&gv->ws, gv->targets, gv->ws.n);
	gv->growth_loaded = 1;
	gv->gtop = gv->gsel = 0;
}

static void ensure_members(struct grid_view *gv)
{
	if (gv->members_ok)
		return;
	gv->members = xrealloc(gv->members, (gv->set.n ? gv->set.n : 1) * sizeof *gv->members);
	gv->nmembers = gridview_members(&gv->set, &gv->splits, gv->quad, gv->members);
	gv->members_ok = 1;
}

static int grid_idle(struct view *v)
{
	struct grid_view *gv = v->data;
	if (!gv->loaded && !gv->failed)
		load(v);
	else if (gv->loaded && gv->mode == GMODE_GROWTH && !gv->growth_loaded)
		load_growth(v);
	else
		return 0;
	return 1;
}

static void grid_open(struct view *v)
{
	struct grid_view *gv = xcalloc(1, sizeof *gv);
	v->data = gv;
	gv->cur = -1;
	gv->page = 1;
	const char *cs = nl_langinfo(CODESET);
	gv->utf8 = cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static void grid_close(struct view *v)
{
	struct grid_view *gv = v->data;
	free_figures(gv);
	free(gv);
	v->data = NULL;
}

/* ---- lists ------------------------------------------------------------------- */

/* Keep *sel in [0, n) and on screen. */
static void settle(long n, int page, long *top, long *sel)
{
	if (*sel >= n)
		*sel = n - 1;
	if (*sel < 0)
		*sel = 0;
	if (*top > *sel)
		*top = *sel;
	if (*top < *sel - page + 1)
		*top = *sel - page + 1;
	if (*top > n - page)
		*top = n - page;
	if (*top < 0)
		*top = 0;
}

static int draw_cell(WINDOW *w, int y, int x, int cols, const char *s, int cw, int right)
{
	int room = cols - 1 - x;
	if (room > 0 && cw > 0)
		draw_text(w, y, x, s, cw < room ? cw : room, 1, right);
	return cw > 0 ? cw + 1 : 0;
}

static void list_footer(struct view *v, WINDOW *w, int rows, int cols, long sel, long n)
{
	struct grid_view *gv = v->data;
	char line[256];
	char back[64], window[48] = "";
	snprintf(back, sizeof back, "%s plot", keymap_key_name(gv->mode == GMODE_LIST ? ACT_LIST : ACT_GROWTH));
	if (gv->mode == GMODE_GROWTH)
		snprintf(window, sizeof window, "revenue %s..%s   ", gv->ws.from, gv->ws.to);
	snprintf(line, sizeof line, "row %ld of %ld   %s%s open  %s%s%s", n ? sel + 1 : 0, n, window,
		 keymap_key_name(ACT_OPEN), gv->mode == GMODE_LIST ? keymap_key_name(ACT_NEXT_SECTION) : "",
		 gv->mode == GMODE_LIST ? " next quadrant  " : "", back);
	mvwhline(w, rows - 1, 0, ' ', cols);
	draw_text(w, rows - 1, 1, line, cols - 2, 0, 0);
}

/* Columns: #, key, name, then money columns of mw each and a short flag. */
static void draw_quadrant_list(struct view *v, WINDOW *w, int rows, int cols)
{
	struct grid_view *gv = v->data;
	ensure_members(gv);
	int q = gv->quad;
	char line[512], buf[32];
	value_money_fmt(gv->sum.profit[q], buf, sizeof buf);
	for (int wide = 1; wide >= -1; wide--) {   /* the action in full, cut, or none */
		snprintf(line, sizeof line, "%s: %ld account%s, profit %s, %ld below break-even%s%s",
			 grid_quadrant_name(gv->quad), gv->sum.count[q], gv->sum.count[q] == 1 ? "" : "s",
			 buf, gv->sum.losing[q], wide >= 0 ? ": " : "",
			 wide >= 0 ? grid_quadrant_action(gv->quad, wide) : "");
		if (draw_width(line) <= cols - 2)
			break;
	}
	wattrset(w, A_BOLD);
	draw_text(w, 0, 1, line, cols - 2, 1, 0);
	int mw = cols >= 100 ? 14 : 11, kw = cols >= 100 ? 12 : 8;
	int nw = cols - 2 - (6 + 1) - (kw + 1) - 3 * (mw + 1) - 5;
	if (nw < 8) {   /* narrow: margin and cost go */
		nw += 2 * (mw + 1);
		mw = -mw;
	}
	const char *titles[] = { "#", "Account", "Name", "Margin", "Cost", "Profit", "" };
	wattrset(w, A_BOLD | A_UNDERLINE);
	mvwhline(w, 1, 0, ' ', cols);
	int x = 1, amw = mw < 0 ? -mw : mw;
	x += draw_cell(w, 1, x, cols, titles[0], 6, 1);
	x += draw_cell(w, 1, x, cols, titles[1], kw, 0);
	x += draw_cell(w, 1, x, cols, titles[2], nw, 0);
	if (mw > 0) {
		x += draw_cell(w, 1, x, cols, titles[3], mw, 1);
		x += draw_cell(w, 1, x, cols, titles[4], mw, 1);
	}
	draw_cell(w, 1, x, cols, titles[5], amw, 1);
	wattrset(w, A_NORMAL);
	gv->page = rows - LIST_HEAD - 1;
	if (gv->page < 1)
		gv->page = 1;
	long n = (long)gv->nmembers;
	settle(n, gv->page, &gv->top, &gv->sel);
	if (!n)
		draw_text(w, LIST_HEAD, 1, "No accounts in this quadrant.", cols - 2, 0, 0);
	for (int i = 0; i < gv->page && gv->top + i < n; i++) {
		long r = gv->top + i;
		const struct account_profit *a = &gv->set.v[gv->members[r]];
		const struct label *lb = labels_get(&gv->labels, v->t->s, a->account_id);
		int y = LIST_HEAD + i;
		attr_t base = r == gv->sel ? draw_attr(v->t, C_SELECT) : A_NORMAL;
		wattrset(w, base);
		mvwhline(w, y, 0, ' ', cols);
		x = 1;
		snprintf(buf, sizeof buf, "%ld", r + 1);
		x += draw_cell(w, y, x, cols, buf, 6, 1);
		x += draw_cell(w, y, x, cols, label_key(lb), kw, 0);
		x += draw_cell(w, y, x, cols, label_name(lb), nw, 0);
		if (mw > 0) {
			value_money_fmt(a->net_margin, buf, sizeof buf);
			x += draw_cell(w, y, x, cols, buf, mw, 1);
			value_money_fmt(a->cost_to_serve, buf, sizeof buf);
			x += draw_cell(w, y, x, cols, buf, mw, 1);
		}
		value_money_fmt(a->profit, buf, sizeof buf);
		x += draw_cell(w, y, x, cols, buf, amw, 1);
		if (grid_below_break_even(a->net_margin, a->cost_to_serve)) {
			if (r != gv->sel)
				wattrset(w, draw_attr(v->t, C_BAD));
			draw_cell(w, y, x, cols, "loss", 4, 0);
		}
	}
	wattrset(w, A_NORMAL);
	list_footer(v, w, rows, cols, gv->sel, n);
}

static void draw_growth(struct view *v, WINDOW *w, int rows, int cols)
{
	struct grid_view *gv = v->data;
	char line[512], buf[32];
	wattrset(w, A_BOLD);
	if (!gv->growth_loaded) {
		draw_text(w, 0, 1, "Growth targets: computing...", cols - 2, 1, 0);
		wattrset(w, A_NORMAL);
		return;
	}
	snprintf(line, sizeof line, "Growth targets: %zu profitable account%s with a wallet gap, largest first",
		 gv->ntargets, gv->ntargets == 1 ? "" : "s");
	draw_text(w, 0, 1, line, cols - 2, 1, 0);
	int mw = cols >= 100 ? 14 : 11, kw = cols >= 100 ? 12 : 8, sw = 6;
	int nw = cols - 2 - (6 + 1) - (kw + 1) - 3 * (mw + 1) - (sw + 1);
	if (nw < 8) {   /* narrow: the wallet goes */
		nw += mw + 1;
		mw = -mw;
	}
	int amw = mw < 0 ? -mw : mw;
	wattrset(w, A_BOLD | A_UNDERLINE);
	mvwhline(w, 1, 0, ' ', cols);
	int x = 1;
	x += draw_cell(w, 1, x, cols, "#", 6, 1);
	x += draw_cell(w, 1, x, cols, "Account", kw, 0);
	x += draw_cell(w, 1, x, cols, "Name", nw, 0);
	x += draw_cell(w, 1, x, cols, "Revenue", amw, 1);
	if (mw > 0)
		x += draw_cell(w, 1, x, cols, "Wallet", mw, 1);
	x += draw_cell(w, 1, x, cols, "Share%", sw, 1);
	draw_cell(w, 1, x, cols, "Gap", amw, 1);
	wattrset(w, A_NORMAL);
	gv->page = rows - LIST_HEAD - 1;
	if (gv->page < 1)
		gv->page = 1;
	long n = (long)gv->ntargets;
	settle(n, gv->page, &gv->gtop, &gv->gsel);
	if (!n)
		draw_text(w, LIST_HEAD, 1, "No growth targets: no profitable account has a wallet estimate above"
			  " its revenue.", cols - 2, 0, 0);
	for (int i = 0; i < gv->page && gv->gtop + i < n; i++) {
		long r = gv->gtop + i;
		const struct wallet_row *a = &gv->ws.v[gv->targets[r]];
		int y = LIST_HEAD + i;
		wattrset(w, r == gv->gsel ? draw_attr(v->t, C_SELECT) : A_NORMAL);
		mvwhline(w, y, 0, ' ', cols);
		x = 1;
		snprintf(buf, sizeof buf, "%ld", r + 1);
		x += draw_cell(w, y, x, cols, buf, 6, 1);
		x += draw_cell(w, y, x, cols, a->key, kw, 0);
		x += draw_cell(w, y, x, cols, a->name, nw, 0);
		value_money_fmt(a->revenue, buf, sizeof buf);
		x += draw_cell(w, y, x, cols, buf, amw, 1);
		if (mw > 0) {
			value_money_fmt(a->wallet, buf, sizeof buf);
			x += draw_cell(w, y, x, cols, buf, mw, 1);
		}
		/* as the report: tenths of a percent, halves away from zero */
		int64_t t = a->has_share ? ratio_tenths(a->revenue, a->wallet) : 0;
		snprintf(buf, sizeof buf, "%s%lld.%lld", t < 0 ? "-" : "", (long long)(t < 0 ? -t : t) / 10,
			 (long long)(t < 0 ? -t : t) % 10);
		x += draw_cell(w, y, x, cols, a->has_share ? buf : "", sw, 1);
		value_money_fmt(a->gap, buf, sizeof buf);
		draw_cell(w, y, x, cols, buf, amw, 1);
	}
	wattrset(w, A_NORMAL);
	list_footer(v, w, rows, cols, gv->gsel, n);
}

/* ---- drawing ------------------------------------------------------------------- */

static void grid_draw(struct view *v, WINDOW *w, int rows, int cols)
{
	struct grid_view *gv = v->data;
	if (gv->loaded && roles_data_stamp(v->t->s) != gv->stamp) {
		gv->loaded = 0;   /* changed meanwhile (an edit in the detail): recompute */
		gv->failed = 0;
	}
	if (!gv->loaded) {
		wattrset(w, A_BOLD);
		draw_text(w, 0, 1, gv->failed ? "Margin vs cost-to-serve: the figures could not be loaded"
						" (^L retries)." : "Margin vs cost-to-serve: computing...",
			  cols - 2, 1, 0);
		wattrset(w, A_NORMAL);
		return;
	}
	if (!gv->set.n) {
		wattrset(w, A_BOLD);
		draw_text(w, 0, 1, "Margin vs cost-to-serve: no accounts with financials", cols - 2, 1, 0);
		wattrset(w, A_NORMAL);
		draw_text(w, 2, 1, "The grid plots the accounts that have financial periods.", cols - 2, 0, 0);
		draw_text(w, 3, 1, "Import them (rapport import financials FILE) or try 'rapport demo'.",
			  cols - 2, 0, 0);
		return;
	}
	switch (gv->mode) {
	case GMODE_PLOT: grid_draw_plot(v, w, rows, cols); break;
	case GMODE_LIST: draw_quadrant_list(v, w, rows, cols); break;
	case GMODE_GROWTH: draw_growth(v, w, rows, cols); break;
	}
}

/* ---- actions ---------------------------------------------------------------------- */

static void move_cursor(struct grid_view *gv, enum grid_dir d)
{
	if (gv->cur < 0 || !gv->plot.w)
		return;
	long i = grid_plot_nearest(&gv->plot, (size_t)gv->cur, d);
	if (i >= 0)
		set_cursor(gv, i);
}

static void next_quadrant(struct grid_view *gv, int step)
{
	gv->quad = (enum quadrant)(((int)gv->quad + step + GRID_QUADRANTS) % GRID_QUADRANTS);
	gv->members_ok = 0;
	gv->top = gv->sel = 0;
}

static int plot_action(struct view *v, enum action a)
{
	struct grid_view *gv = v->data;
	switch (a) {
	case ACT_LEFT: move_cursor(gv, GRID_LEFT); return 1;
	case ACT_RIGHT: move_cursor(gv, GRID_RIGHT); return 1;
	case ACT_UP: move_cursor(gv, GRID_UP); return 1;
	case ACT_DOWN: move_cursor(gv, GRID_DOWN); return 1;
	case ACT_TOP: set_cursor(gv, extreme(gv, -1, 1)); return 1;
	case ACT_BOTTOM: set_cursor(gv, extreme(gv, -1, -1)); return 1;
	case ACT_NEXT_SECTION:
	case ACT_PREV_SECTION: {
		/* the next quadrant after the cursor's with accounts, its most
		 * profitable one */
		if (gv->cur >= 0) {
			const struct account_profit *p = &gv->set.v[gv->cur];
			gv->quad = grid_classify(&gv->splits, p->net_margin, p->cost_to_serve);
		}
		for (int k = 0; k < GRID_QUADRANTS; k++) {
			next_quadrant(gv, a == ACT_NEXT_SECTION ? 1 : -1);
			long i = extreme(gv, (int)gv->quad, 1);
			if (i >= 0) {
				set_cursor(gv, i);
				break;
			}
		}
		return 1;
	}
	case ACT_OPEN:
		if (gv->cur >= 0)
			accounts_open_detail(v->t, gv->set.v[gv->cur].account_id);
		return 1;
	default:
		return 0;
	}
}

static int list_action(struct view *v, enum action a, long n, long *top, long *sel)
{
	struct grid_view *gv = v->data;
	switch (a) {
	case ACT_DOWN: (*sel)++; break;
	case ACT_UP: (*sel)--; break;
	case ACT_PAGE_DOWN: *sel += gv->page; *top += gv->page; break;
	case ACT_PAGE_UP: *sel -= gv->page; *top -= gv->page; break;
	case ACT_TOP: *sel = *top = 0; break;
	case ACT_BOTTOM: *sel = n - 1; *top = n - gv->page; break;
	default: return 0;
	}
	settle(n, gv->page, top, sel);
	return 1;
}

static int grid_action(struct view *v, enum action a)
{
	struct grid_view *gv = v->data;
	if (a == ACT_REFRESH) {
		gv->loaded = 0;
		gv->failed = 0;
		return 0;   /* the loop repaints too */
	}
	if (!gv->loaded || !gv->set.n)
		return 0;
	if (a == ACT_LIST) {
		gv->mode = gv->mode == GMODE_LIST ? GMODE_PLOT : GMODE_LIST;
		if (gv->mode == GMODE_LIST && gv->cur >= 0) {
			/* the cursor's quadrant, the cursor's account selected */
			const struct account_profit *p = &gv->set.v[gv->cur];
			enum quadrant q = grid_classify(&gv->splits, p->net_margin, p->cost_to_serve);
			if (q != gv->quad || !gv->members_ok) {
				gv->quad = q;
				gv->members_ok = 0;
			}
			ensure_members(gv);
			for (size_t i = 0; i < gv->nmembers; i++)
				if ((long)gv->members[i] == gv->cur)
					gv->sel = (long)i;
			gv->top = gv->sel - gv->page / 2;
		}
		return 1;
	}
	if (a == ACT_GROWTH) {
		gv->mode = gv->mode == GMODE_GROWTH ? GMODE_PLOT : GMODE_GROWTH;
		return 1;
	}
	switch (gv->mode) {
	case GMODE_PLOT:
		return plot_action(v, a);
	case GMODE_LIST:
		if (a == ACT_QUIT || a == ACT_CANCEL) {
			gv->mode = GMODE_PLOT;
			return 1;
		}
		if (a == ACT_NEXT_SECTION || a == ACT_PREV_SECTION) {
			next_quadrant(gv, a == ACT_NEXT_SECTION ? 1 : -1);
			return 1;
		}
		ensure_members(gv);
		if (a == ACT_OPEN) {
			if (gv->sel >= 0 && (size_t)gv->sel < gv->nmembers) {
				set_cursor(gv, (long)gv->members[gv->sel]);
				accounts_open_detail(v->t, gv->cur_id);
			}
			return 1;
		}
		return list_action(v, a, (long)gv->nmembers, &gv->top, &gv->sel);
	case GMODE_GROWTH:
		if (a == ACT_QUIT || a == ACT_CANCEL) {
			gv->mode = GMODE_PLOT;
			return 1;
		}
		if (!gv->growth_loaded)
			return 0;
		if (a == ACT_OPEN) {
			if (gv->gsel >= 0 && (size_t)gv->gsel < gv->ntargets)
				accounts_open_detail(v->t, gv->ws.v[gv->targets[gv->gsel]].account_id);
			return 1;
		}
		return list_action(v, a, (long)gv->ntargets, &gv->gtop, &gv->gsel);
	}
	return 0;
}

const struct view_ops grid_view_ops = {
	.name = "grid",
	.title = "Grid",
	.key = ACT_GRID,
	.actions = grid_actions,
	.open = grid_open,
	.draw = grid_draw,
	.action = grid_action,
	.idle = grid_idle,
	.close = grid_close,
};
