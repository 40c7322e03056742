/* Accounts screen (key 1): the sorted, searchable list of every account,
 * paged by key set so that 100k accounts cost no more than one screenful.
 * Enter opens the account's detail (view_detail.c). */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/accounts.h"
#include "rapport/analytics.h"
#include "rapport/detail.h"
#include "rapport/util.h"

#define MAX_ROWS 256

struct accounts_view {
	struct account_list list;
	enum account_col sort;
	int desc;
	struct line_edit search;
	int searching;                 /* the search line takes keys */
	struct account_item rows[MAX_ROWS];
	int nrows;                     /* rows loaded = rows shown */
	int sel;                       /* selected row, index into rows */
	int page;                      /* rows that fit */
	long long total;               /* accounts matching the search */
	int stale;                     /* reload from the top at next draw */
	long long seen_version;        /* PRAGMA data_version the rows were fetched at */
};

static const enum action accounts_actions[] = {
	ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_PAGE_UP, ACT_TOP, ACT_BOTTOM, ACT_SEARCH,
	ACT_CANCEL, ACT_OPEN, ACT_ADD, ACT_SORT, ACT_REVERSE, ACT_NONE
};

static void clear_rows(struct accounts_view *av)
{
	for (int i = 0; i < av->nrows; i++)
		account_item_clear(&av->rows[i]);
	av->nrows = 0;
}

static const char *search_text(struct accounts_view *av)
{
	return av->search.len ? av->search.buf : NULL;
}

/* Replace the rows by a fetch from anchor in direction dir. */
static int load(struct view *v, const struct account_item *anchor, int dir, int want)
{
	struct accounts_view *av = v->data;
	struct account_item tmp[MAX_ROWS];
	int n = 0;
	char err[256];
	if (want > MAX_ROWS)
		want = MAX_ROWS;
	if (account_list_fetch(&av->list, av->sort, av->desc, search_text(av), anchor, dir, want,
			       tmp, &n, err, sizeof err) != 0) {
		tui_message(v->t, 1, "%s", err);
		return -1;
	}
	if (n == 0)
		return 0;
	clear_rows(av);
	memcpy(av->rows, tmp, (size_t)n * sizeof *tmp);
	av->nrows = n;
	return n;
}

static void reload_top(struct view *v)
{
	struct accounts_view *av = v->data;
	clear_rows(av);
	av->sel = 0;
	/* the page first: it makes the search's match set, from which the
	 * count is a number already known (no second paint for it) */
	load(v, NULL, 1, av->page);
	av->total = account_list_count(&av->list, search_text(av));
	av->stale = 0;
	av->seen_version = detail_data_version(v->t->s);
}

static void fit(struct view *v);

/* Another process committed since the rows were fetched (PRAGMA
 * data_version changed): fetch the same window again, from the row above
 * the first one shown, keeping the selection's place, so that a repaint
 * never shows rows older than the last commit (issue 7). */
static void refresh_if_changed(struct view *v)
{
	struct accounts_view *av = v->data;
	long long dv = detail_data_version(v->t->s);
	if (av->stale || dv == av->seen_version)
		return;
	av->seen_version = dv;
	if (!av->nrows) {
		av->stale = 1;
		return;
	}
	struct account_item prev[1], tmp[MAX_ROWS];
	int n = 0, m = 0;
	char err[256];
	if (account_list_fetch(&av->list, av->sort, av->desc, search_text(av), &av->rows[0], -1, 1,
			       prev, &n, err, sizeof err) != 0) {
		av->stale = 1;
		return;
	}
	int rc = account_list_fetch(&av->list, av->sort, av->desc, search_text(av), n ? &prev[0] : NULL,
				    1, av->nrows, tmp, &m, err, sizeof err);
	if (n)
		account_item_clear(&prev[0]);
	if (rc != 0 || m == 0) {
		av->stale = 1;  /* e.g. all shown rows deleted: from the top */
		return;
	}
	int sel = av->sel;
	clear_rows(av);
	memcpy(av->rows, tmp, (size_t)m * sizeof *tmp);
	av->nrows = m;
	av->sel = sel < m ? sel : m - 1;
	av->total = account_list_count(&av->list, search_text(av));
	fit(v);
}

static void accounts_open(struct view *v)
{
	struct accounts_view *av = xcalloc(1, sizeof *av);
	v->data = av;
	account_list_init(&av->list, v->t->s, v->t->cfg);
	av->page = LINES > 4 ? LINES - 4 : 1;
	av->stale = 1;
}

static void accounts_close(struct view *v)
{
	struct accounts_view *av = v->data;
	clear_rows(av);
	account_list_free(&av->list);
	free(av);
	v->data = NULL;
}

/* Scroll the window by delta rows (page or single), keeping it full; the
 * selection stays on its item while that is in the window.  Returns the
 * rows actually shifted (0 at either end of the list). */
static int scroll_by(struct view *v, int delta)
{
	struct accounts_view *av = v->data;
	if (!av->nrows)
		return 0;
	/* never shift by more than the window holds */
	if (delta > av->nrows)
		delta = av->nrows;
	if (-delta > av->nrows)
		delta = -av->nrows;
	if (delta > 0) {
		struct account_item tmp[MAX_ROWS];
		int n = 0;
		char err[256];
		if (account_list_fetch(&av->list, av->sort, av->desc, search_text(av),
				       &av->rows[av->nrows - 1], 1, delta, tmp, &n, err, sizeof err) != 0) {
			tui_message(v->t, 1, "%s", err);
			return 0;
		}
		if (!n)
			return 0;
		for (int i = 0; i < n; i++)
			account_item_clear(&av->rows[i]);
		memmove(av->rows, av->rows + n, (size_t)(av->nrows - n) * sizeof *av->rows);
		memcpy(av->rows + av->nrows - n, tmp, (size_t)n * sizeof *tmp);
		av->sel -= n;
		if (av->sel < 0)
			av->sel = 0;
		return n;
	} else {
		struct account_item tmp[MAX_ROWS];
		int n = 0;
		char err[256];
		if (account_list_fetch(&av->list, av->sort, av->desc, search_text(av),
				       &av->rows[0], -1, -delta, tmp, &n, err, sizeof err) != 0) {
			tui_message(v->t, 1, "%s", err);
			return 0;
		}
		if (!n)
			return 0;
		for (int i = av->nrows - n; i < av->nrows; i++)
			account_item_clear(&av->rows[i]);
		memmove(av->rows + n, av->rows, (size_t)(av->nrows - n) * sizeof *av->rows);
		memcpy(av->rows, tmp, (size_t)n * sizeof *tmp);
		av->sel += n;
		if (av->sel >= av->nrows)
			av->sel = av->nrows - 1;
		return n;
	}
	return 0;
}

/* Fit the loaded rows to `page` rows: fetch more below or drop extras. */
static void fit(struct view *v)
{
	struct accounts_view *av = v->data;
	if (av->nrows > av->page) {
		int drop = av->nrows - av->page;
		int top = av->sel >= av->page ? av->sel - av->page + 1 : 0;
		if (top > drop)
			top = drop;
		for (int i = 0; i < top; i++)
			account_item_clear(&av->rows[i]);
		for (int i = top + av->page; i < av->nrows; i++)
			account_item_clear(&av->rows[i]);
		memmove(av->rows, av->rows + top, (size_t)av->page * sizeof *av->rows);
		av->nrows = av->page;
		av->sel -= top;
	} else if (av->nrows && av->nrows < av->page) {
		struct account_item tmp[MAX_ROWS];
		int n = 0;
		char err[256];
		if (account_list_fetch(&av->list, av->sort, av->desc, search_text(av),
				       &av->rows[av->nrows - 1], 1, av->page - av->nrows, tmp, &n,
				       err, sizeof err) == 0 && n) {
			memcpy(av->rows + av->nrows, tmp, (size_t)n * sizeof *tmp);
			av->nrows += n;
		}
		/* at the end of the list: fill the rest from above */
		if (av->nrows < av->page &&
		    account_list_fetch(&av->list, av->sort, av->desc, search_text(av), &av->rows[0], -1,
				       av->page - av->nrows, tmp, &n, err, sizeof err) == 0 && n) {
			memmove(av->rows + n, av->rows, (size_t)av->nrows * sizeof *av->rows);
			memcpy(av->rows, tmp, (size_t)n * sizeof *tmp);
			av->nrows += n;
			av->sel += n;
		}
	}
}

static const char *quadrant_short(int q)
{
	static const char *const w[] = { "passive", "carriage", "bargain", "aggressive" };
	return q >= 0 && q < 4 ? w[q] : q == -2 ? "..." : "";
}

/* Column widths for the terminal width.  The name takes what is left; on
 * narrow terminals the less important columns go first (segment, owner,
 * quadrant) so that the name keeps at least 12 columns; on wide ones the
 * name stops at 60 and the rest widens segment and owner. */
static void layout(int cols, int *w)
{
	w[ACOL_KEY] = 12;
	w[ACOL_SEGMENT] = 12;
	w[ACOL_OWNER] = 9;
	w[ACOL_NPS] = 6;
	w[ACOL_QUADRANT] = 10;
	w[ACOL_LADDER] = 6;
	static const enum account_col drop[] = { ACOL_SEGMENT, ACOL_OWNER, ACOL_QUADRANT };
	for (size_t d = 0;; d++) {
		int fixed = 0;
		for (int c = 0; c < ACOL_COUNT; c++)
			if (c != ACOL_NAME && w[c])
				fixed += w[c] + 1;
		w[ACOL_NAME] = cols - 2 - fixed;
		if (w[ACOL_NAME] >= 12 || d == sizeof drop / sizeof *drop)
			break;
		w[drop[d]] = 0;
	}
	if (w[ACOL_NAME] < 1)
		w[ACOL_NAME] = 1;
	if (w[ACOL_NAME] > 60) {
		int extra = w[ACOL_NAME] - 60;
		w[ACOL_NAME] = 60;
		if (w[ACOL_SEGMENT])
			w[ACOL_SEGMENT] += extra / 2;
		if (w[ACOL_OWNER])
			w[ACOL_OWNER] += extra - extra / 2;
	}
}

static void accounts_draw(struct view *v, WINDOW *w, int rows, int cols)
{
	struct accounts_view *av = v->data;
	struct tui *t = v->t;
	int list_rows = rows - 2; /* header + footer */
	if (list_rows < 1)
		list_rows = 1;
	if (list_rows > MAX_ROWS)
		list_rows = MAX_ROWS;
	if (av->page != list_rows) {
		av->page = list_rows;
		if (!av->stale)
			fit(v);
	}
	refresh_if_changed(v);
	if (av->stale)
		reload_top(v);

	int cw[ACOL_COUNT];
	layout(cols, cw);
	static const int right[ACOL_COUNT] = { [ACOL_NPS] = 1, [ACOL_LADDER] = 1 };
	/* header */
	wattrset(w, A_BOLD | A_UNDERLINE);
	mvwhline(w, 0, 0, ' ', cols);
	int x = 1;
	for (int c = 0; c < ACOL_COUNT; c++) {
		if (!cw[c])
			continue;
		char title[32];
		snprintf(title, sizeof title, "%s%s", account_col_titles[c],
			 c == (int)av->sort ? (av->desc ? " v" : " ^") : "");
		draw_text(w, 0, x, title, cw[c], 1, right[c]);
		x += cw[c] + 1;
	}
	wattrset(w, A_NORMAL);
	/* rows */
	for (int i = 0; i < av->nrows && i < list_rows; i++) {
		const struct account_item *it = &av->rows[i];
		int y = 1 + i;
		attr_t base = i == av->sel ? draw_attr(t, C_SELECT) : A_NORMAL;
		wattrset(w, base);
		mvwhline(w, y, 0, ' ', cols);
		char nps[24] = "", ladder[8] = "";
		if (it->nps_n) {
			/* whole points, 100*(P-D)/n rounded half away from zero, in integers */
			int64_t d = 100 * (it->nps_promoters - it->nps_detractors);
			int64_t r = (2 * (d < 0 ? -d : d) + it->nps_n) / (2 * it->nps_n);
			snprintf(nps, sizeof nps, "%d", (int)(d < 0 && r ? -r : r));
		}
		if (it->ladder)
			snprintf(ladder, sizeof ladder, "%d", it->ladder);
		const char *cell[ACOL_COUNT] = { it->key, it->name, it->segment, it->owner, nps,
						 quadrant_short(it->quadrant), ladder };
		x = 1;
		for (int c = 0; c < ACOL_COUNT; c++) {
			if (!cw[c])
				continue;
			attr_t a = base;
			if (i != av->sel && c == ACOL_NPS && it->nps_n)
				a = draw_attr(t, it->nps_tenths < 0 ? C_BAD : it->nps_tenths >= 300 ? C_GOOD : C_NORMAL);
			if (i != av->sel && c == ACOL_QUADRANT && it->quadrant == QUADRANT_AGGRESSIVE)
				a = draw_attr(t, C_BAD);
			wattrset(w, a);
			draw_text(w, y, x, cell[c], cw[c], 1, right[c]);
			x += cw[c] + 1;
		}
	}
	wattrset(w, A_NORMAL);
	/* footer: search line or counts */
	int fy = rows - 1;
	mvwhline(w, fy, 0, ' ', cols);
	if (av->searching || av->search.len) {
		char line[1100];
		if (av->total < 0)
			snprintf(line, sizeof line, "/%s%s   counting...", av->search.buf,
				 av->searching ? "_" : "");
		else
			snprintf(line, sizeof line, "/%s%s   %lld match%s", av->search.buf,
				 av->searching ? "_" : "", av->total, av->total == 1 ? "" : "es");
		draw_text(w, fy, 1, line, cols - 2, 0, 0);
	} else if (av->total == 0) {
		draw_text(w, fy, 1, "No accounts yet: press a to add one, or run 'rapport import accounts FILE'.",
			  cols - 2, 0, 0);
	} else {
		char line[160];
		snprintf(line, sizeof line, "%lld accounts   sorted by %s%s   / search  s sort  Enter open",
			 av->total, account_col_titles[av->sort], av->desc ? " (descending)" : "");
		draw_text(w, fy, 1, line, cols - 2, 0, 0);
	}
}

static int accounts_action(struct view *v, enum action a)
{
	struct accounts_view *av = v->data;
	switch (a) {
	case ACT_DOWN:
		if (av->sel + 1 >= av->nrows)
			scroll_by(v, 1); /* shifts sel up by what came in */
		if (av->sel + 1 < av->nrows)
			av->sel++;
		return 1;
	case ACT_UP:
		if (av->sel <= 0)
			scroll_by(v, -1);
		if (av->sel > 0)
			av->sel--;
		return 1;
	case ACT_PAGE_DOWN: /* a page on, selection on top; at the end: the last row */
		av->sel = scroll_by(v, av->page) ? 0 : av->nrows - 1;
		return 1;
	case ACT_PAGE_UP: /* a page back, selection at the bottom; at the start: the first row */
		av->sel = scroll_by(v, -av->page) ? av->nrows - 1 : 0;
		return 1;
	case ACT_TOP:
		reload_top(v);
		return 1;
	case ACT_BOTTOM:
		if (load(v, NULL, -1, av->page) > 0)
			av->sel = av->nrows - 1;
		return 1;
	case ACT_SEARCH:
		av->searching = 1;
		account_list_search_mode(&av->list, 1);
		return 1;
	case ACT_CANCEL:
		if (av->search.len || av->searching) {
			av->searching = 0;
			account_list_search_mode(&av->list, 0);
			line_edit_set(&av->search, "");
			reload_top(v);
		}
		return 1;
	case ACT_SORT:
		av->sort = (enum account_col)((av->sort + 1) % ACOL_COUNT);
		av->desc = av->sort == ACOL_NPS; /* best first */
		reload_top(v);
		tui_message(v->t, 0, "sorted by %s", account_col_titles[av->sort]);
		return 1;
	case ACT_REVERSE:
		av->desc = !av->desc;
		reload_top(v);
		return 1;
	case ACT_OPEN:
		if (av->nrows)
			accounts_open_detail(v->t, av->rows[av->sel].id);
		return 1;
	case ACT_ADD:
		accounts_open_detail(v->t, 0); /* the new account's form */
		return 1;
	case ACT_REFRESH:
		account_list_invalidate(&av->list);
		av->stale = 1;
		return 0; /* the loop also repaints */
	default:
		return 0;
	}
}

/* After the first paint: the portfolio-wide figures (quadrants). */
static int accounts_idle(struct view *v)
{
	struct accounts_view *av = v->data;
	if (av->searching && account_list_search_warm(&av->list) > 0)
		return 1;
	if (av->total < 0) {
		av->total = account_list_count(&av->list, search_text(av));
		return 1; /* one piece of work per call */
	}
	if (account_list_ready(&av->list))
		/* last, the names a search matches against: loaded now, the
		 * first letter typed after / does not wait for them (~30 ms) */
		return account_list_search_warm(&av->list) > 0;
	char err[256];
	if (account_list_prepare(&av->list, err, sizeof err) != 0) {
		tui_message(v->t, 1, "%s", err);
		return 0;   /* again at the next pause, not in a tight loop */
	}
	for (int i = 0; i < av->nrows; i++)
		av->rows[i].quadrant = account_list_quadrant(&av->list, av->rows[i].id);
	return 1;
}

static int accounts_wants_text(struct view *v)
{
	struct accounts_view *av = v->data;
	return av->searching;
}

/* Incremental search: every key re-runs the query from the top. */
static int accounts_text_key(struct view *v, wint_t ch, int is_code)
{
	struct accounts_view *av = v->data;
	if (!is_code && (ch == '\r' || ch == '\n')) {
		av->searching = 0; /* keep the filter; keys move again */
		account_list_search_mode(&av->list, 0);
		return 1;
	}
	if (!is_code && ch == 27)
		return 0; /* cancel */
	if (is_code && (ch == KEY_DOWN || ch == KEY_UP || ch == KEY_NPAGE || ch == KEY_PPAGE)) {
		av->searching = 0;
		account_list_search_mode(&av->list, 0);
		return 0;
	}
	if (line_edit_key(&av->search, ch, is_code)) {
		reload_top(v);
		return 1;
	}
	return !is_code; /* swallow other characters while typing */
}

const struct view_ops accounts_view_ops = {
	.name = "accounts",
	.title = "Accounts",
	.key = ACT_ACCOUNTS,
	.actions = accounts_actions,
	.open = accounts_open,
	.draw = accounts_draw,
	.action = accounts_action,
	.text_key = accounts_text_key,
	.wants_text = accounts_wants_text,
	.idle = accounts_idle,
	.close = accounts_close,
};
