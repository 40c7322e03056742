/* Ladder and spectrum screen (key 6), DOMAIN.md s.1 and s.2, in three
 * sections:
 *   - Loyalty x effort: the 2x2 of `rapport report ladder` (high on the
 *     ladder = rung 5-8; high effort = cost-to-serve above the median), a
 *     count and a one-line meaning per group, and the members of the
 *     selected group (key, name, rung, cost-to-serve);
 *   - Ladder: accounts per rung as bars, and the rung changes of the last
 *     RECENT_DAYS days from the audit log;
 *   - Spectrum: the spread over transactional / value-adding / collaborative
 *     (as `rapport report spectrum`), and the position changes of the last
 *     RECENT_DAYS days from spectrum_history.
 * Tab and S-Tab step through the four groups, the ladder moves and the
 * position changes; the section holding the focus is shown, or all three
 * side by side on a large terminal (132x43).  j/k, PgUp/PgDn, g/G move in
 * the focused list; Enter opens its account; Esc goes back to the accounts;
 * w shows the growth targets (the grid screen's list, view_grid.c).
 *
 * The first paint shows "computing..."; the figures come in ops->idle, one
 * query per idle call (the groups need profit_load: ~0.9 s at 100k
 * accounts).  Lists hold ids and numbers (ladderview.h); the key and name
 * of the rows on screen are looked up and kept in a small cache.  A change
 * of the database (roles_data_stamp) starts the computation again. */
#include "grid_plot.h"   /* the grid screen's mode: w shows its growth targets */

#include <langinfo.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rapport/analytics.h"
#include "rapport/ladderview.h"
#include "rapport/util.h"
#include "rapport/values.h"

#define RECENT_DAYS 90
#define BIG_COLS 132              /* all sections at once from this size */
#define BIG_ROWS 41               /* view rows: a 43-line terminal */
#define IDLE_BUDGET_MS 50         /* idle work before the loop looks at keys again */

enum step { STEP_GROUPS, STEP_RUNGS, STEP_SPREAD, STEP_SPECTRUM_MOVES, STEP_LADDER_MOVES, STEP_DONE };

/* Tab stops: the four groups (enum ladder_group), then the two lists. */
enum focus { F_MVC, F_PARTNER, F_SWITCHER, F_UNDESIRABLE, F_LADDER_MOVES, F_SPECTRUM_MOVES, F_COUNT };
enum section { S_GROUPS, S_LADDER, S_SPECTRUM };

struct list {
	long sel, top;             /* selected row, first row shown */
	int page;                  /* rows shown at the last draw */
};

struct ladder_view {
	enum step step;            /* next thing to compute */
	int failed;                /* the last computation failed: wait for ^L */
	int64_t stamp;             /* roles_data_stamp when computing started */
	char since[11], today[11]; /* the window of the moves */
	struct ladder_groups groups;
	struct ladder_rungs rungs;
	struct spectrum_spread spread;
	struct ladder_moves smoves, lmoves;
	enum focus focus;
	struct list lists[F_COUNT];
	int big;                   /* all sections shown at the last draw */
	int utf8;                  /* block characters for bars and arrows */
	struct labels labels;      /* keys and names of the rows drawn */
};

static const enum action ladder_actions[] = {
	ACT_NEXT_SECTION, ACT_PREV_SECTION, ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_PAGE_UP,
	ACT_TOP, ACT_BOTTOM, ACT_OPEN, ACT_GROWTH, ACT_CANCEL, ACT_NONE
};

static const char *const group_titles[4] = { "MVC", "Partner", "Switcher", "Undesirable" };
static const char *const group_meanings[4] = {
	"loyal, cheap to serve, a reference",
	"expensive, but the returns justify it",
	"buys volume on price",
	"expensive and disloyal, often a mishandled switcher",
};

/* ---- state ------------------------------------------------------------------ */

static void results_free(struct ladder_view *lv)
{
	ladder_groups_free(&lv->groups);
	ladder_moves_free(&lv->smoves);
	ladder_moves_free(&lv->lmoves);
	memset(&lv->rungs, 0, sizeof lv->rungs);
	memset(&lv->spread, 0, sizeof lv->spread);
	labels_clear(&lv->labels);
}

/* Start over: the figures are computed again when idle. */
static void restart(struct view *v)
{
	struct ladder_view *lv = v->data;
	results_free(lv);
	lv->step = STEP_GROUPS;
	lv->failed = 0;
	lv->stamp = roles_data_stamp(v->t->s);
	int32_t today;
	char err[VALUE_ERR_MAX];
	if (value_today(&today, err, sizeof err) != 0) {
		tui_message(v->t, 1, "RAPPORT_TODAY: %s", err);
		lv->failed = 1;
		return;
	}
	value_date_fmt(today, lv->today, sizeof lv->today);
	value_date_fmt(today - (RECENT_DAYS - 1), lv->since, sizeof lv->since);
}

static void ladder_open(struct view *v)
{
	struct ladder_view *lv = xcalloc(1, sizeof *lv);
	v->data = lv;
	const char *cs = nl_langinfo(CODESET);
	lv->utf8 = cs && strcmp(cs, "UTF-8") == 0;
	for (int i = 0; i < F_COUNT; i++)
		lv->lists[i].page = 1;
	restart(v);
}

static void ladder_close(struct view *v)
{
	struct ladder_view *lv = v->data;
	results_free(lv);
	free(lv);
	v->data = NULL;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int step_once(struct view *v);

/* ops->idle: steps of the computation until one took IDLE_BUDGET_MS (the
 * loop repaints in between, and only wakes us every 100 ms: the quick steps
 * go together). */
static int ladder_idle(struct view *v)
{
	struct ladder_view *lv = v->data;
	if (lv->failed || lv->step == STEP_DONE)
		return 0;
	double start = now_ms();
	while (!lv->failed && lv->step != STEP_DONE && step_once(v) == 0)
		if (now_ms() - start > IDLE_BUDGET_MS)
			break;
	return 1;
}

/* One step of the computation; -1 when it failed. */
static int step_once(struct view *v)
{
	struct ladder_view *lv = v->data;
	struct store *s = v->t->s;
	char err[256] = "";
	int rc = 0;
	switch (lv->step) {
	case STEP_GROUPS:
		rc = ladder_groups_load(s, NULL, &lv->groups, err, sizeof err);
		break;
	case STEP_RUNGS:
		rc = ladder_rungs_count(s, &lv->rungs, err, sizeof err);
		break;
	case STEP_SPREAD:
		rc = spectrum_spread_count(s, &lv->spread, err, sizeof err);
		break;
	case STEP_SPECTRUM_MOVES:
		rc = spectrum_moves_load(s, lv->since, lv->today, &lv->smoves, err, sizeof err);
		break;
	case STEP_LADDER_MOVES:
		rc = ladder_moves_load(s, lv->since, lv->today, &lv->lmoves, err, sizeof err);
		break;
	case STEP_DONE:
		break;
	}
	if (rc != 0) {
		tui_message(v->t, 1, "ladder: %s", err);
		lv->failed = 1;
		return -1;
	}
	lv->step++;
	return 0;
}

/* ---- lists ---------------------------------------------------------------------- */

/* Rows of the focus's list, and the account id of row i; -1 / 0 while not
 * computed. */
static long list_rows(const struct ladder_view *lv, enum focus f)
{
	if (f <= F_UNDESIRABLE)
		return lv->step > STEP_GROUPS ? (long)lv->groups.n[f] : -1;
	if (f == F_LADDER_MOVES)
		return lv->step > STEP_LADDER_MOVES ? (long)lv->lmoves.n : -1;
	return lv->step > STEP_SPECTRUM_MOVES ? (long)lv->smoves.n : -1;
}

static int64_t list_id(const struct ladder_view *lv, enum focus f, long i)
{
	if (i < 0 || i >= list_rows(lv, f))
		return 0;
	if (f <= F_UNDESIRABLE)
		return lv->groups.members[f][i].account_id;
	return (f == F_LADDER_MOVES ? lv->lmoves.v : lv->smoves.v)[i].account_id;
}

/* Clamp sel and keep it inside [top, top + page). */
static void list_settle(struct list *l, long n)
{
	if (l->sel >= n)
		l->sel = n - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (l->top > l->sel)
		l->top = l->sel;
	if (l->top < l->sel - l->page + 1)
		l->top = l->sel - l->page + 1;
	if (l->top > n - l->page)
		l->top = n - l->page;
	if (l->top < 0)
		l->top = 0;
}

static const struct label *label_of(struct view *v, int64_t id)
{
	struct ladder_view *lv = v->data;
	return labels_get(&lv->labels, v->t->s, id);
}

static enum section section_of(enum focus f)
{
	return f <= F_UNDESIRABLE ? S_GROUPS : f == F_LADDER_MOVES ? S_LADDER : S_SPECTRUM;
}

/* ---- drawing helpers ---------------------------------------------------------- */

/* Text in a cell of width cw at x, cut at the right edge cols. */
static void put(WINDOW *w, int y, int x, int cols, const char *s, int cw, int right)
{
	int room = cols - x;
	if (cw > room)
		cw = room;
	if (cw > 0)
		draw_text(w, y, x, s, cw, 1, right);
}

/* A bar of count/max of width columns at (y, x): eighths of a block in a
 * UTF-8 locale, else '#'; never empty for a count above 0. */
static void bar(WINDOW *w, int y, int x, int width, long count, long max, int utf8)
{
	if (width <= 0 || max <= 0 || count <= 0)
		return;
	long long units = utf8 ? 8 : 1;
	long long n = ((long long)count * width * units * 2 + max) / (2LL * max);   /* rounded */
	if (n < 1)
		n = 1;
	char buf[1024];
	size_t len = 0;
	for (long long i = 0; i < n / units && len + 4 < sizeof buf; i++) {
		if (utf8) {
			memcpy(buf + len, "\xe2\x96\x88", 3);   /* U+2588 full block */
			len += 3;
		} else {
			buf[len++] = '#';
		}
	}
	if (utf8 && n % units && len + 4 < sizeof buf) {
		/* U+258F (one eighth) .. U+2589 (seven eighths) */
		int eighths = (int)(n % units);
		buf[len++] = '\xe2';
		buf[len++] = '\x96';
		buf[len++] = (char)(0x8f - (eighths - 1));
	}
	buf[len] = '\0';
	draw_text(w, y, x, buf, width, 0, 0);
}

/* "12.3%" of part in whole. */
static void pct(char *buf, size_t len, long part, long whole)
{
	if (whole <= 0) {
		snprintf(buf, len, "-");
		return;
	}
	int64_t t = ratio_tenths(part, whole);
	snprintf(buf, len, "%lld.%lld%%", (long long)(t / 10), (long long)(t % 10));
}

static void title(WINDOW *w, int y, int cols, const char *s)
{
	wattrset(w, A_BOLD);
	put(w, y, 1, cols - 1, s, cols - 2, 0);
	wattrset(w, A_NORMAL);
}

static void column_titles(WINDOW *w, int y, int cols, const char *const *t, const int *cw,
			  const int *right, int n)
{
	wattrset(w, A_BOLD | A_UNDERLINE);
	mvwhline(w, y, 0, ' ', cols);
	int x = 1;
	for (int c = 0; c < n; c++) {
		if (!cw[c])
			continue;
		put(w, y, x, cols - 1, t[c], cw[c], right[c]);
		x += cw[c] + 1;
	}
	wattrset(w, A_NORMAL);
}

/* ASCII text s on two lines of width cw at (y, x): broken at the last
 * space that fits, the rest cut. */
static void wrap2(WINDOW *w, int y, int x, int cols, const char *s, int cw)
{
	size_t len = strlen(s), cut = len;
	if ((int)len > cw) {
		cut = 0;
		for (size_t i = 0; i < len && (int)i <= cw; i++)
			if (s[i] == ' ')
				cut = i;
		if (!cut)
			cut = (size_t)cw;
	}
	char first[256];
	snprintf(first, sizeof first, "%.*s", (int)cut, s);
	put(w, y, x, cols, first, cw, 0);
	while (s[cut] == ' ')
		cut++;
	if (s[cut])
		put(w, y + 1, x, cols, s + cut, cw, 0);
}

/* ---- the loyalty x effort section ------------------------------------------------ */

static void draw_groups(struct view *v, WINDOW *w, int rows, int cols, int focused)
{
	struct ladder_view *lv = v->data;
	struct tui *t = v->t;
	const struct ladder_groups *g = &lv->groups;
	char line[512], money[32];
	if (lv->step <= STEP_GROUPS) {
		title(w, 0, cols, "Loyalty x effort");
		put(w, 2, 1, cols - 1, lv->failed ? "not computed (^L tries again)" : "computing...",
		    cols - 2, 0);
		return;
	}
	long rated = (long)(g->n[0] + g->n[1] + g->n[2] + g->n[3]);
	/* the median of an even count may fall on half a cent: "3492.375" */
	int64_t whole = (int64_t)g->effort_split;   /* toward zero */
	value_money_fmt(whole, money, sizeof money);
	if ((double)whole != g->effort_split)
		strncat(money, "5", sizeof money - strlen(money) - 1);
	snprintf(line, sizeof line, "Loyalty x effort: %ld rated account%s with financials", rated,
		 rated == 1 ? "" : "s");
	if (g->unrated)
		snprintf(line + strlen(line), sizeof line - strlen(line), " (%ld not rated)", g->unrated);
	title(w, 0, cols, line);
	if (!g->accounts) {
		put(w, 2, 1, cols - 1, "No account has financials yet: the groups need cost-to-serve"
		    " (import financials, or try 'rapport demo').", cols - 2, 0);
		return;
	}
	/* the 2x2: a label column, then two cells */
	int lw = cols >= 60 ? 8 : 5;
	int cw = (cols - lw - 4) / 2;       /* x1 + cw stays inside cols - 1 */
	if (cw < 8)
		cw = 8;
	int x0 = 1 + lw + 1, x1 = x0 + cw + 1;
	snprintf(line, sizeof line, "low effort: <= %s", money);
	wattrset(w, A_UNDERLINE);
	put(w, 1, x0, cols - 1, line, cw, 0);
	snprintf(line, sizeof line, "high effort: > %s", money);
	put(w, 1, x1, cols - 1, line, cw, 0);
	wattrset(w, A_NORMAL);
	static const char *const row_label[2][2] = { { "high 5-8", "high" }, { "low 1-4", "low" } };
	for (int r = 0; r < 2; r++) {
		int y = 2 + 3 * r;
		put(w, y, 1, cols - 1, row_label[r][lw < 8], lw, 0);
		for (int c = 0; c < 2; c++) {
			int gi = 2 * r + c;
			int x = c ? x1 : x0;
			char count[96], share[48];
			pct(share, sizeof share, (long)g->n[gi], rated);
			snprintf(count, sizeof count, "%zu  %s", g->n[gi], share);
			attr_t a = (int)lv->focus == gi ? draw_attr(t, C_SELECT) | A_BOLD : A_BOLD;
			wattrset(w, a);
			put(w, y, x, cols - 1, "", cw, 0);
			put(w, y, x, cols - 1, group_titles[gi], cw, 0);
			int nw = draw_width(count);
			if (nw < cw - draw_width(group_titles[gi]))
				put(w, y, x + cw - nw, cols - 1, count, nw, 0);
			wattrset(w, gi == LADDER_UNDESIRABLE ? draw_attr(t, C_BAD)
				 : gi == LADDER_MVC ? draw_attr(t, C_GOOD) : A_NORMAL);
			wrap2(w, y + 1, x, cols - 1, group_meanings[gi], cw);
			wattrset(w, A_NORMAL);
		}
	}
	if (!rated) {
		put(w, 9, 1, cols - 1, "None of these accounts is rated on the ladder yet"
		    " (column ladder, 1-8, in the accounts file).", cols - 2, 0);
		return;
	}
	/* the members of the selected group */
	int gi = lv->focus <= F_UNDESIRABLE ? (int)lv->focus : LADDER_MVC;
	snprintf(line, sizeof line, "%s: %zu account%s, highest cost-to-serve first",
		 group_titles[gi], g->n[gi], g->n[gi] == 1 ? "" : "s");
	title(w, 9, cols, line);
	enum { MK, MN, MR, MC, MCOUNT };
	int mw[MCOUNT] = { 12, 0, 16, 13 };
	if (cols < 60)
		mw[MR] = 4;
	mw[MN] = cols - 2 - (mw[MK] + 1) - (mw[MR] + 1) - (mw[MC] + 1);
	if (mw[MN] < 8) {
		mw[MK] = 8;
		mw[MN] = cols - 2 - (mw[MK] + 1) - (mw[MR] + 1) - (mw[MC] + 1);
	}
	if (mw[MN] > 50) {
		mw[MK] += mw[MN] - 50;
		mw[MN] = 50;
	}
	static const char *const mt[MCOUNT] = { "Key", "Name", "Rung", "Cost-to-serve" };
	static const int mright[MCOUNT] = { 0, 0, 0, 1 };
	column_titles(w, 10, cols, mt, mw, mright, MCOUNT);
	struct list *l = &lv->lists[gi];
	l->page = rows - 11 > 1 ? rows - 11 : 1;
	list_settle(l, (long)g->n[gi]);
	for (int i = 0; i < l->page && l->top + i < (long)g->n[gi]; i++) {
		long k = l->top + i;
		const struct ladder_member *m = &g->members[gi][k];
		const struct label *lb = label_of(v, m->account_id);
		char rung[32], cost[32];
		if (mw[MR] >= 16)
			snprintf(rung, sizeof rung, "%d %s", m->rung, ladder_rung_words[m->rung]);
		else
			snprintf(rung, sizeof rung, "%d", m->rung);
		value_money_fmt(m->cost_to_serve, cost, sizeof cost);
		const char *cell[MCOUNT] = { lb->key ? lb->key : "?", lb->name ? lb->name : "(deleted)",
					     rung, cost };
		int y = 11 + i;
		attr_t a = focused && k == l->sel ? draw_attr(t, C_SELECT) : A_NORMAL;
		wattrset(w, a);
		mvwhline(w, y, 0, ' ', cols);
		int x = 1;
		for (int c = 0; c < MCOUNT; c++) {
			put(w, y, x, cols - 1, cell[c], mw[c], mright[c]);
			x += mw[c] + 1;
		}
		wattrset(w, A_NORMAL);
	}
}

/* ---- moves lists (ladder and spectrum) -------------------------------------------- */

static const char *position_word(int p)
{
	return p >= 0 && p <= 2 ? spectrum_words[p] : "unknown";
}

static void draw_moves(struct view *v, WINDOW *w, int y0, int rows, int cols, enum focus f,
		       int focused)
{
	struct ladder_view *lv = v->data;
	const struct ladder_moves *m = f == F_LADDER_MOVES ? &lv->lmoves : &lv->smoves;
	long n = list_rows(lv, f);
	char line[256];
	const char *what = f == F_LADDER_MOVES ? "Ladder moves" : "Moved position";
	if (n < 0) {
		snprintf(line, sizeof line, "%s: %s", what, lv->failed ? "not computed" : "computing...");
		title(w, y0, cols, line);
		return;
	}
	/* the count first: a narrow column cuts the end */
	snprintf(line, sizeof line, "%s: %ld in the last %d days (%s to %s)", what, n, RECENT_DAYS,
		 lv->since, lv->today);
	title(w, y0, cols, line);
	if (rows < 3)
		return;
	if (!n) {
		put(w, y0 + 1, 1, cols - 1, f == F_LADDER_MOVES ? "No account changed rung."
		    : "No account changed position.", cols - 2, 0);
		return;
	}
	enum { CD, CK, CN, CF, CT, CCOUNT };
	int cw[CCOUNT] = { 10, 10, 0, 16, 16 };
	if (f == F_SPECTRUM_MOVES)
		cw[CF] = cw[CT] = 13;
	cw[CN] = cols - 1 - (cw[CD] + 1) - (cw[CK] + 1) - (cw[CF] + 1) - (cw[CT] + 1) - 1;
	if (cw[CN] < 14) {   /* narrow: numbers only for rungs, then the name goes */
		if (f == F_LADDER_MOVES)
			cw[CF] = cw[CT] = 4;
		cw[CN] = cols - 1 - (cw[CD] + 1) - (cw[CK] + 1) - (cw[CF] + 1) - (cw[CT] + 1) - 1;
		if (cw[CN] < 6)
			cw[CN] = 0;
	}
	if (cw[CN] > 40) {
		cw[CK] += cw[CN] - 40;
		cw[CN] = 40;
	}
	static const char *const ct[CCOUNT] = { "Date", "Key", "Name", "From", "To" };
	static const int cright[CCOUNT] = { 0 };
	column_titles(w, y0 + 1, cols, ct, cw, cright, CCOUNT);
	struct list *l = &lv->lists[f];
	l->page = rows - 2 > 1 ? rows - 2 : 1;
	list_settle(l, n);
	for (int i = 0; i < l->page && l->top + i < n; i++) {
		long k = l->top + i;
		const struct ladder_move *mv = &m->v[k];
		const struct label *lb = label_of(v, mv->account_id);
		char from[32], to[32];
		if (f == F_SPECTRUM_MOVES) {
			snprintf(from, sizeof from, "%s", position_word(mv->from));
			snprintf(to, sizeof to, "%s", position_word(mv->to));
		} else {
			int wide = cw[CF] >= 16;
			if (mv->from)
				snprintf(from, sizeof from, wide ? "%d %s" : "%d", mv->from,
					 ladder_rung_words[mv->from]);
			else
				snprintf(from, sizeof from, "-");
			if (mv->to)
				snprintf(to, sizeof to, wide ? "%d %s" : "%d", mv->to, ladder_rung_words[mv->to]);
			else
				snprintf(to, sizeof to, "-");
		}
		const char *cell[CCOUNT] = { mv->date, lb->key ? lb->key : "?",
					     lb->name ? lb->name : "(deleted)", from, to };
		int y = y0 + 2 + i;
		attr_t a = focused && k == l->sel ? draw_attr(v->t, C_SELECT) : A_NORMAL;
		wattrset(w, a);
		mvwhline(w, y, 0, ' ', cols);
		int x = 1;
		for (int c = 0; c < CCOUNT; c++) {
			if (!cw[c])
				continue;
			put(w, y, x, cols - 1, cell[c], cw[c], cright[c]);
			x += cw[c] + 1;
		}
		wattrset(w, A_NORMAL);
	}
}

/* ---- the ladder and spectrum sections ---------------------------------------------- */

/* Label, count, share and bar on row y; bars scaled to max. */
static void bar_row(struct ladder_view *lv, WINDOW *w, int y, int cols, const char *label,
		    int lw, long count, long whole, long max, int with_bar)
{
	char num[24], share[48];
	snprintf(num, sizeof num, "%ld", count);
	pct(share, sizeof share, count, whole);
	put(w, y, 1, cols - 1, label, lw, 0);
	put(w, y, 2 + lw, cols - 1, num, 6, 1);
	put(w, y, 9 + lw, cols - 1, share, 6, 1);
	int bw = cols - 18 - lw;
	if (bw > 40)
		bw = 40;
	if (with_bar)
		bar(w, y, 17 + lw, bw, count, max, lv->utf8);
}

static void draw_ladder(struct view *v, WINDOW *w, int rows, int cols, int focused)
{
	struct ladder_view *lv = v->data;
	const struct ladder_rungs *r = &lv->rungs;
	char line[256];
	if (lv->step <= STEP_RUNGS) {
		title(w, 0, cols, "Loyalty ladder");
		put(w, 2, 1, cols - 1, lv->failed ? "not computed (^L tries again)" : "computing...",
		    cols - 2, 0);
		return;
	}
	long rated = r->total - r->count[0];
	snprintf(line, sizeof line, "Loyalty ladder: %ld account%s, %ld rated", r->total,
		 r->total == 1 ? "" : "s", rated);
	title(w, 0, cols, line);
	long max = 0;
	for (int i = 1; i <= 8; i++)
		if (r->count[i] > max)
			max = r->count[i];
	int y = 1;
	for (int rung = 8; rung >= 1 && y < rows; rung--, y++) {
		snprintf(line, sizeof line, "%d %s", rung, ladder_rung_words[rung]);
		bar_row(lv, w, y, cols, line, 16, r->count[rung], rated, max, 1);
	}
	if (y < rows) {
		char num[24];
		snprintf(num, sizeof num, "%ld", r->count[0]);
		put(w, y, 1, cols - 1, "not rated", 16, 0);
		put(w, y, 18, cols - 1, num, 6, 1);
		y++;
	}
	if (y + 1 < rows)
		draw_moves(v, w, y + 1, rows - y - 1, cols, F_LADDER_MOVES, focused);
}

static void draw_spectrum(struct view *v, WINDOW *w, int rows, int cols, int focused)
{
	struct ladder_view *lv = v->data;
	const struct spectrum_spread *sp = &lv->spread;
	char line[256];
	if (lv->step <= STEP_SPREAD) {
		title(w, 0, cols, "Relationship spectrum");
		put(w, 2, 1, cols - 1, lv->failed ? "not computed (^L tries again)" : "computing...",
		    cols - 2, 0);
		return;
	}
	snprintf(line, sizeof line, "Relationship spectrum: %ld account%s, %ld placed", sp->total,
		 sp->total == 1 ? "" : "s", sp->total - sp->unknown);
	title(w, 0, cols, line);
	long max = 0;
	for (int i = 0; i < 3; i++)
		if (sp->count[i] > max)
			max = sp->count[i];
	int y = 1;
	for (int p = 0; p < 3 && y < rows; p++, y++)
		bar_row(lv, w, y, cols, spectrum_words[p], 16, sp->count[p], sp->total, max, 1);
	if (y < rows) {
		bar_row(lv, w, y, cols, "unknown", 16, sp->unknown, sp->total, max, 0);
		put(w, y, 34, cols - 1, "(no attributes, no override)", cols - 35, 0);
		y++;
	}
	if (y + 1 < rows)
		draw_moves(v, w, y + 1, rows - y - 1, cols, F_SPECTRUM_MOVES, focused);
}

/* ---- the screen ---------------------------------------------------------------------- */

static void draw_section(struct view *v, enum section s, WINDOW *w, int y, int x, int rows,
			 int cols)
{
	struct ladder_view *lv = v->data;
	if (rows < 1 || cols < 10)
		return;
	WINDOW *sub = derwin(w, rows, cols, y, x);
	if (!sub)
		return;
	int focused = section_of(lv->focus) == s;
	switch (s) {
	case S_GROUPS: draw_groups(v, sub, rows, cols, focused); break;
	case S_LADDER: draw_ladder(v, sub, rows, cols, focused); break;
	case S_SPECTRUM: draw_spectrum(v, sub, rows, cols, focused); break;
	}
	delwin(sub);
}

static void footer(struct view *v, WINDOW *w, int y, int cols)
{
	struct ladder_view *lv = v->data;
	static const char *const names[F_COUNT] = { "MVC", "Partner", "Switcher", "Undesirable",
						    "Ladder moves", "Position moves" };
	char line[256], pos[64] = "";
	long n = list_rows(lv, lv->focus);
	if (n > 0)
		snprintf(pos, sizeof pos, ": row %ld of %ld", lv->lists[lv->focus].sel + 1, n);
	else if (n == 0)
		snprintf(pos, sizeof pos, ": none");
	snprintf(line, sizeof line, "%s%s   %s/%s next/previous   %s open", names[lv->focus], pos,
		 keymap_key_name(ACT_NEXT_SECTION), keymap_key_name(ACT_PREV_SECTION),
		 keymap_key_name(ACT_OPEN));
	if (lv->step < STEP_DONE && !lv->failed)
		snprintf(line + strlen(line), sizeof line - strlen(line), "   computing...");
	mvwhline(w, y, 0, ' ', cols);
	put(w, y, 1, cols - 1, line, cols - 2, 0);
}

static void ladder_draw(struct view *v, WINDOW *w, int rows, int cols)
{
	struct ladder_view *lv = v->data;
	if (lv->step == STEP_DONE && !lv->failed && roles_data_stamp(v->t->s) != lv->stamp)
		restart(v);
	if (lv->step > STEP_RUNGS && lv->rungs.total == 0) {
		title(w, 0, cols, "Loyalty ladder and relationship spectrum");
		put(w, 2, 1, cols - 1, "No accounts yet: import accounts and financials, or try"
		    " 'rapport demo'.", cols - 2, 0);
		footer(v, w, rows - 1, cols);
		return;
	}
	int body = rows - 1;
	lv->big = cols >= BIG_COLS && rows >= BIG_ROWS;
	if (lv->big) {
		int left = cols / 2;
		int top = (body + 1) / 2;
		draw_section(v, S_GROUPS, w, 0, 0, body, left);
		draw_section(v, S_LADDER, w, 0, left, top, cols - left);
		draw_section(v, S_SPECTRUM, w, top, left, body - top, cols - left);
	} else {
		draw_section(v, section_of(lv->focus), w, 0, 0, body, cols);
	}
	footer(v, w, rows - 1, cols);
}

/* The growth targets are the grid screen's list (view_grid.c): show that
 * screen in its growth mode.  Its w toggles and is ignored until its
 * figures are loaded: so set the mode before, and toggle only out of
 * another mode after. */
static void show_growth(struct tui *t)
{
	tui_show(t, "grid");
	struct view *g = &t->views[t->current];
	if (strcmp(g->ops->name, "grid") != 0 || !g->data) {
		tui_message(t, 1, "growth targets: the grid screen is not available");
		return;
	}
	struct grid_view *gv = g->data;
	if (gv->mode == GMODE_GROWTH)
		return;
	if (!gv->loaded)
		gv->mode = GMODE_GROWTH;   /* its idle loads the figures, then the wallet */
	else if (g->ops->action)
		g->ops->action(g, ACT_GROWTH);
}

static int ladder_action(struct view *v, enum action a)
{
	struct ladder_view *lv = v->data;
	struct list *l = &lv->lists[lv->focus];
	long n = list_rows(lv, lv->focus);
	switch (a) {
	case ACT_NEXT_SECTION:
		lv->focus = (enum focus)((lv->focus + 1) % F_COUNT);
		return 1;
	case ACT_PREV_SECTION:
		lv->focus = (enum focus)((lv->focus + F_COUNT - 1) % F_COUNT);
		return 1;
	case ACT_DOWN: l->sel++; break;
	case ACT_UP: l->sel--; break;
	case ACT_PAGE_DOWN:
		l->sel += l->page;
		l->top += l->page;
		break;
	case ACT_PAGE_UP:
		l->sel -= l->page;
		l->top -= l->page;
		break;
	case ACT_TOP: l->sel = l->top = 0; break;
	case ACT_BOTTOM: l->sel = n < 0 ? LONG_MAX / 2 : n; break;   /* clamped when drawn */
	case ACT_OPEN: {
		int64_t id = list_id(lv, lv->focus, l->sel);
		if (id)
			accounts_open_detail(v->t, id);
		return 1;
	}
	case ACT_CANCEL:
		tui_show(v->t, "accounts");
		return 1;
	case ACT_GROWTH:
		show_growth(v->t);
		return 1;
	case ACT_REFRESH:
		restart(v);
		return 0;   /* the loop also repaints */
	default:
		return 0;
	}
	if (n > 0)
		list_settle(l, n);
	else if (n == 0)
		l->sel = l->top = 0;
	return 1;   /* n < 0: still computing; the draw clamps */
}

const struct view_ops ladder_view_ops = {
	.name = "ladder",
	.title = "Ladder",
	.key = ACT_LADDER,
	.actions = ladder_actions,
	.open = ladder_open,
	.draw = ladder_draw,
	.action = ladder_action,
	.idle = ladder_idle,
	.close = ladder_close,
};
