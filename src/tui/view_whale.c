/* Whale curve (key 5): cumulative profit as % of the total against the
 * cumulative % of accounts, ranked from most to least profitable
 * (DOMAIN.md section 3), over every financial period -- the figures of
 * `rapport report whale`, from the same whale_build.
 *
 * Layout, top to bottom: the peak in words; the plot (braille dots when
 * the locale is UTF-8, '*' otherwise) with the y axis in % from 0 to the
 * peak rounded up, the 100% line, the peak (diamond / '^') and the selected
 * account (dot / 'O') marked, the accounts axis 0-100% under it; the key
 * figures beside the plot (or in one line under it when the terminal is
 * narrow); then two lists switched with Tab -- the peak side (ranks 1 to
 * the peak, most profitable first) and the tail (the rest, least profitable
 * first) -- each row rank, key, name, profit and cumulative %, and Enter
 * opens the account.  The selected row is the cursor on the curve.
 *
 * When the total profit is zero or negative, shares of it mean nothing
 * (the curve would read upside down): a note says so and the plot and the
 * lists show cumulative profit in money instead.
 *
 * Work: the first paint shows "computing..."; the profit set (one struct
 * per account with financials, ~100k) and the curve (one point each) are
 * built when idle and kept until the data changes.  The plot samples the
 * curve once per width (whale_sample, O(n)), not per frame. */
#include "tui.h"

#include <langinfo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/analytics.h"
#include "rapport/util.h"
#include "rapport/values.h"
#include "rapport/whaleview.h"

#define TOP_SHARE 20          /* "top 20% of accounts earn ..." */

enum wstate { W_PENDING, W_READY, W_FAILED };
enum wlist { L_PEAK, L_TAIL };

struct whale_view {
	enum wstate state;
	int64_t stamp;            /* roles_data_stamp when computed */
	int utf8;                 /* braille and box drawing characters */
	struct profit_set ps;     /* every account with financials, by key (figures) */
	struct labels labels;     /* keys and names of the rows drawn */
	struct whale_curve w;     /* over ps */
	int pct;                  /* 1: total > 0, the plot and lists in % */
	enum wlist list;          /* the list shown */
	long sel[2], top[2];      /* selected and first shown row, per list */
	int page;                 /* list rows that fit */
	int stale;                /* the data changed: recompute when idle, showing
				     the old figures meanwhile */
	int64_t keep_id[2];       /* per list: the account to select again after it */
	struct whale_span *spans; /* the curve sampled into nspans columns */
	int nspans;
	char err[256];            /* why the last computation failed */
};

static const enum action whale_actions[] = {
	ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_PAGE_UP, ACT_TOP, ACT_BOTTOM, ACT_NEXT_SECTION,
	ACT_PREV_SECTION, ACT_OPEN, ACT_NONE
};

/* ---- figures ----------------------------------------------------------------- */

/* tenths as "-12.3" */
static void fmt_tenths(char *buf, size_t len, int64_t tenths)
{
	uint64_t a = tenths < 0 ? (uint64_t)0 - (uint64_t)tenths : (uint64_t)tenths;
	snprintf(buf, len, "%s%llu.%u", tenths < 0 ? "-" : "", (unsigned long long)(a / 10),
		 (unsigned)(a % 10));
}

/* num / den as a percentage with one decimal, rounded as the report does */
static void fmt_pct(char *buf, size_t len, int64_t num, int64_t den)
{
	fmt_tenths(buf, len, ratio_tenths(num, den));
}

static void fmt_money(char *buf, size_t len, int64_t cents)
{
	value_money_fmt(cents, buf, len);
}

/* A short amount for axis labels: 950, 12k, 3.4M (currency units). */
static void fmt_short(char *buf, size_t len, double units)
{
	double a = fabs(units);
	if (a < 10000)
		snprintf(buf, len, "%.0f", units);
	else if (a < 1e6)
		snprintf(buf, len, "%.0fk", units / 1e3);
	else if (a < 1e7)
		snprintf(buf, len, "%.1fM", units / 1e6);
	else if (a < 1e9)
		snprintf(buf, len, "%.0fM", units / 1e6);
	else
		snprintf(buf, len, "%.1fG", units / 1e9);
}

/* Number of rows in a list. */
static long list_len(const struct whale_view *wv, enum wlist l)
{
	if (wv->state != W_READY || !wv->w.n)
		return 0;
	return l == L_PEAK ? wv->w.peak_rank : wv->w.tail_accounts;
}

/* The curve point of row i of list l. */
static const struct whale_point *list_point(const struct whale_view *wv, enum wlist l, long i)
{
	long rank = l == L_PEAK ? i + 1 : (long)wv->w.n - i;
	return &wv->w.v[rank - 1];
}

static const struct whale_point *selected_point(const struct whale_view *wv)
{
	if (!list_len(wv, wv->list))
		return NULL;
	return list_point(wv, wv->list, wv->sel[wv->list]);
}

/* ---- computing ----------------------------------------------------------------- */

static void release(struct whale_view *wv)
{
	whale_free(&wv->w);
	profit_set_free(&wv->ps);
	labels_clear(&wv->labels);
	memset(&wv->w, 0, sizeof wv->w);
	memset(&wv->ps, 0, sizeof wv->ps);
	free(wv->spans);
	wv->spans = NULL;
	wv->nspans = 0;
}

/* The figures are out of date: the next idle moment computes them again,
 * the old ones stay on screen meanwhile, and each list's selected account
 * stays selected when it is still in that list. */
static void invalidate(struct whale_view *wv)
{
	if (wv->state != W_READY) {
		wv->state = W_PENDING;
		return;
	}
	for (int l = 0; l < 2; l++) {
		wv->keep_id[l] = 0;
		if (list_len(wv, (enum wlist)l)) {
			const struct whale_point *p = list_point(wv, (enum wlist)l, wv->sel[l]);
			wv->keep_id[l] = wv->ps.v[p->index].account_id;
		}
	}
	wv->stale = 1;
}

static void clamp(struct whale_view *wv);

static void compute(struct view *v)
{
	struct whale_view *wv = v->data;
	release(wv);
	wv->stale = 0;
	wv->stamp = roles_data_stamp(v->t->s);
	if (profit_load_figures(v->t->s, PROFIT_KEY_ORDER, &wv->ps, wv->err, sizeof wv->err) != 0) {
		wv->state = W_FAILED;
		tui_message(v->t, 1, "whale curve: %s", wv->err);
		return;
	}
	whale_build(&wv->ps, &wv->w);
	wv->pct = wv->w.has_pct && wv->w.total_profit > 0;
	wv->state = W_READY;
	for (size_t i = 0; i < wv->w.n && (wv->keep_id[0] || wv->keep_id[1]); i++) {
		const struct whale_point *p = &wv->w.v[i];
		int64_t id = wv->ps.v[p->index].account_id;
		enum wlist l = p->rank <= wv->w.peak_rank ? L_PEAK : L_TAIL;
		if (id == wv->keep_id[l]) {
			wv->sel[l] = l == L_PEAK ? p->rank - 1 : (long)wv->w.n - p->rank;
			wv->keep_id[l] = 0;
		}
	}
	wv->keep_id[0] = wv->keep_id[1] = 0;
	clamp(wv);
}

static int whale_idle(struct view *v)
{
	struct whale_view *wv = v->data;
	if (wv->state == W_PENDING || wv->stale) {
		compute(v);
		return 1;
	}
	return 0;
}

/* ---- open, close ------------------------------------------------------------- */

static void whale_open(struct view *v)
{
	struct whale_view *wv = xcalloc(1, sizeof *wv);
	const char *cs = nl_langinfo(CODESET);
	wv->utf8 = cs && strcmp(cs, "UTF-8") == 0;
	wv->page = 1;
	wv->state = W_PENDING;
	v->data = wv;
}

static void whale_close(struct view *v)
{
	struct whale_view *wv = v->data;
	release(wv);
	free(wv);
	v->data = NULL;
}

/* ---- the plot ---------------------------------------------------------------- */

/* The smallest of 1, 2, 2.5, 5 x 10^k at least x (x > 0). */
static double nice_step(double x)
{
	double p = pow(10, floor(log10(x)));
	static const double m[] = { 1, 2, 2.5, 5, 10 };
	for (size_t i = 0; i < sizeof m / sizeof *m; i++)
		if (m[i] * p >= x * (1 - 1e-9))
			return m[i] * p;
	return 10 * p;
}

struct plot {
	int x, y, w, h;           /* the dot area on the window, cells */
	int lw;                   /* y label width (left of x) */
	double lo, hi, step;      /* y range and label step, in plot units */
	double scale;             /* plot units per cent of profit */
};

/* Dot row (0 = top) of value v (plot units) on dh dot rows. */
static int dot_row(const struct plot *p, double v, int dh)
{
	double f = (p->hi - v) / (p->hi - p->lo);
	int d = (int)lround(f * (dh - 1));
	return d < 0 ? 0 : d >= dh ? dh - 1 : d;
}

/* The y range and labels: from min(0, lowest) to the peak rounded up to a
 * step of about a fifth of the range; % when the total is positive, else
 * currency units. */
static void plot_range(const struct whale_view *wv, struct plot *p)
{
	const struct whale_curve *w = &wv->w;
	p->scale = wv->pct ? 100.0 / (double)w->total_profit : 0.01;
	double top = (double)w->peak_profit * p->scale, low = 0;
	for (size_t i = 0; i < w->n; i++)   /* the lowest running sum (money mode) */
		if (!wv->pct && (double)w->v[i].cum_profit * p->scale < low)
			low = (double)w->v[i].cum_profit * p->scale;
	if (top < 0)
		top = 0;
	double span = top - low;
	if (span <= 0)
		span = wv->pct ? 100 : 1;
	p->step = nice_step(span / 5);           /* labels */
	double round_to = nice_step(span / 20);   /* the top: the peak rounded up */
	p->hi = ceil(top / round_to - 1e-9) * round_to;
	p->lo = floor(low / round_to + 1e-9) * round_to;
	if (p->hi <= p->lo)
		p->hi = p->lo + p->step;
}

static void y_label(const struct whale_view *wv, double v, char *buf, size_t len)
{
	if (wv->pct)
		snprintf(buf, len, "%g%%", v);
	else
		fmt_short(buf, len, v);
}

/* Bits of the braille dot at column dx (0-1), row dy (0-3) of a cell. */
static unsigned braille_bit(int dx, int dy)
{
	static const unsigned bits[2][4] = { { 0x01, 0x02, 0x04, 0x40 }, { 0x08, 0x10, 0x20, 0x80 } };
	return bits[dx][dy];
}

static const struct whale_span *samples(struct whale_view *wv, int ncols)
{
	if (wv->nspans != ncols) {
		free(wv->spans);
		wv->spans = xcalloc((size_t)ncols, sizeof *wv->spans);
		wv->nspans = ncols;
		whale_sample(&wv->w, ncols, wv->spans);
	}
	return wv->spans;
}

static void put_wc(WINDOW *win, int y, int x, wchar_t c)
{
	wchar_t s[2] = { c, 0 };
	mvwaddnwstr(win, y, x, s, 1);
}

/* The labelled y axis (and its reference lines): 100% (or 0 in money),
 * then the bottom and every step whose row is free. */
static void draw_y_axis(struct view *v, WINDOW *win, const struct plot *p, int dh, int per)
{
	struct whale_view *wv = v->data;
	int used[256] = { 0 };
	double fixed[3] = { wv->pct ? 100 : 0, p->lo, p->hi };
	long k0 = (long)ceil(p->lo / p->step - 1e-9), k1 = (long)floor(p->hi / p->step + 1e-9);
	for (long k = -3; k <= k1 - k0; k++) {   /* the fixed ones first, then each step */
		double val = k < 0 ? fixed[k + 3] : (double)(k0 + k) * p->step;
		if (val < p->lo - 1e-9 || val > p->hi + 1e-9)
			continue;
		int row = dot_row(p, val, dh) / per;
		if (row >= p->h || row >= 256 || used[row] ||
		    (row > 0 && used[row - 1]) || (row + 1 < p->h && used[row + 1]))
			continue;
		used[row] = 1;
		char lab[32];
		y_label(wv, val, lab, sizeof lab);
		draw_text(win, p->y + row, p->x - p->lw - 1, lab, p->lw, 1, 1);
	}
	for (int r = 0; r < p->h; r++)
		put_wc(win, p->y + r, p->x - 1, wv->utf8 ? (used[r] ? L'┤' : L'│') : (used[r] ? '+' : '|'));
}

static void draw_x_axis(struct view *v, WINDOW *win, const struct plot *p)
{
	struct whale_view *wv = v->data;
	int y = p->y + p->h;
	int lx[5], lw[5];
	put_wc(win, y, p->x - 1, wv->utf8 ? L'└' : '+');
	for (int c = 0; c < p->w; c++)
		put_wc(win, y, p->x + c, wv->utf8 ? L'─' : '-');
	for (int q = 0; q <= 4; q++) {
		int c = q * p->w / 4;
		if (c >= p->w)
			c = p->w - 1;
		put_wc(win, y, p->x + c, wv->utf8 ? L'┬' : '+');
		char lab[8];
		snprintf(lab, sizeof lab, "%d%%", q * 25);
		lw[q] = (int)strlen(lab);
		lx[q] = q == 0 ? p->x : q == 4 ? p->x + p->w - lw[q] : p->x + c - lw[q] / 2;
		draw_text(win, y + 1, lx[q], lab, lw[q], 0, 0);
	}
	/* the axis' name in the first gap between labels that holds it */
	const char *name = "of accounts";
	int nw = (int)strlen(name);
	for (int q = 0; q < 4; q++) {
		int from = lx[q] + lw[q] + 1, to = lx[q + 1] - 1;
		if (to - from >= nw) {
			draw_text(win, y + 1, from + (to - from - nw) / 2, name, nw, 0, 0);
			break;
		}
	}
}

static void draw_plot(struct view *v, WINDOW *win, const struct plot *p)
{
	struct whale_view *wv = v->data;
	const struct whale_curve *w = &wv->w;
	int per = wv->utf8 ? 4 : 1;             /* dot rows per cell */
	int dw = wv->utf8 ? 2 * p->w : p->w;    /* dot columns */
	int dh = p->h * per;
	const struct whale_span *sp = samples(wv, dw);
	unsigned *cell = xcalloc((size_t)p->w * (size_t)p->h, sizeof *cell);
	for (int dx = 0; dx < dw; dx++) {
		int top = dot_row(p, sp[dx].hi * p->scale, dh);
		int bot = dot_row(p, sp[dx].lo * p->scale, dh);
		for (int d = top; d <= bot; d++) {
			int cx = wv->utf8 ? dx / 2 : dx, cy = d / per;
			cell[cy * p->w + cx] |= wv->utf8 ? braille_bit(dx % 2, d % 4) : 1;
		}
	}
	int ref = dot_row(p, wv->pct ? 100 : 0, dh) / per;   /* the 100% (or 0) line */
	for (int r = 0; r < p->h; r++)
		for (int c = 0; c < p->w; c++) {
			unsigned b = cell[r * p->w + c];
			wchar_t ch = ' ';
			if (b)
				ch = wv->utf8 ? (wchar_t)(0x2800 + b) : '*';
			else if (r == ref && (!wv->pct || ref != p->h - 1 || p->lo != 100))
				ch = wv->utf8 ? L'─' : '-';
			put_wc(win, p->y + r, p->x + c, ch);
		}
	free(cell);
	draw_y_axis(v, win, p, dh, per);
	draw_x_axis(v, win, p);

	/* the selected account, then the peak over it */
	const struct whale_point *sel = selected_point(wv);
	if (sel) {
		int c = whale_column_of_rank(w, sel->rank, dw) / (wv->utf8 ? 2 : 1);
		int r = dot_row(p, (double)sel->cum_profit * p->scale, dh) / per;
		wattrset(win, A_REVERSE);
		put_wc(win, p->y + r, p->x + c, wv->utf8 ? L'●' : 'O');
		wattrset(win, A_NORMAL);
	}
	if (w->n) {
		int c = whale_column_of_rank(w, w->peak_rank, dw) / (wv->utf8 ? 2 : 1);
		int r = dot_row(p, (double)w->peak_profit * p->scale, dh) / per;
		wattrset(win, A_BOLD);
		put_wc(win, p->y + r, p->x + c, wv->utf8 ? L'◆' : '^');
		wattrset(win, A_NORMAL);
	}
}

/* ---- key figures ---------------------------------------------------------------- */

struct figure {
	char label[40];
	char value[40];
};

/* The key figures, as label / value pairs; returns how many. */
static int figures(const struct whale_view *wv, struct figure *f, int max)
{
	const struct whale_curve *w = &wv->w;
	int n = 0;
	char a[32], b[32];
#define FIG(...) do { if (n < max) { snprintf(f[n].label, sizeof f[n].label, __VA_ARGS__); n++; } } while (0)
#define VAL(...) snprintf(f[n - 1].value, sizeof f[n - 1].value, __VA_ARGS__)
	fmt_money(a, sizeof a, w->total_profit);
	FIG("Total profit");
	VAL("%s", a);
	FIG("Accounts");
	VAL("%zu", w->n);
	long top = whale_rank_at_share(w, TOP_SHARE);
	if (wv->pct) {
		fmt_pct(a, sizeof a, w->v[top - 1].cum_profit, w->total_profit);
		FIG("Top %d%% (%ld) earn", TOP_SHARE, top);
		VAL("%s%%", a);
		fmt_pct(a, sizeof a, w->peak_profit, w->total_profit);
		FIG("Peak");
		VAL("%s%%", a);
	} else {
		fmt_money(a, sizeof a, w->v[top - 1].cum_profit);
		FIG("Top %d%% (%ld) earn", TOP_SHARE, top);
		VAL("%s", a);
		fmt_money(a, sizeof a, w->peak_profit);
		FIG("Peak");
		VAL("%s", a);
	}
	fmt_pct(b, sizeof b, w->peak_rank, (int64_t)w->n);
	FIG("Accounts to the peak");
	VAL("%ld (%s%%)", w->peak_rank, b);
	fmt_money(a, sizeof a, w->tail_loss);
	FIG("Tail loss");
	VAL("%s", a);
	FIG("Accounts in the tail");
	VAL("%ld", w->tail_accounts);
#undef FIG
#undef VAL
	return n;
}

static void draw_panel(const struct whale_view *wv, WINDOW *win, int y, int x, int width, int rows)
{
	struct figure f[8];
	int n = figures(wv, f, 8);
	for (int i = 0; i < n && i < rows; i++) {
		int vw = draw_width(f[i].value);
		draw_text(win, y + i, x, f[i].label, width - vw - 1, 0, 0);
		draw_text(win, y + i, x + width - vw, f[i].value, vw, 0, 0);
	}
}

/* The figures in one line, for narrow terminals. */
static void figures_line(const struct whale_view *wv, char *buf, size_t len)
{
	struct figure f[8];
	int n = figures(wv, f, 8);
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s %s", i ? "; " : "", f[i].label,
					 f[i].value);
}

/* ---- the lists ----------------------------------------------------------------- */

static void clamp(struct whale_view *wv)
{
	for (int l = 0; l < 2; l++) {
		long n = list_len(wv, (enum wlist)l);
		if (wv->sel[l] >= n)
			wv->sel[l] = n - 1;
		if (wv->sel[l] < 0)
			wv->sel[l] = 0;
		if (wv->top[l] > wv->sel[l])
			wv->top[l] = wv->sel[l];
		if (wv->top[l] < wv->sel[l] - wv->page + 1)
			wv->top[l] = wv->sel[l] - wv->page + 1;
		if (wv->top[l] > n - wv->page)
			wv->top[l] = n - wv->page;
		if (wv->top[l] < 0)
			wv->top[l] = 0;
	}
}

enum lcol { LC_RANK, LC_KEY, LC_NAME, LC_PROFIT, LC_CUM, LC_COUNT };

static void list_layout(const struct whale_view *wv, int cols, int *cw)
{
	cw[LC_RANK] = 6;
	cw[LC_KEY] = cols >= 100 ? 14 : 10;
	cw[LC_PROFIT] = 13;
	cw[LC_CUM] = wv->pct ? 7 : 13;
	int used = 1;
	for (int c = 0; c < LC_COUNT; c++)
		if (c != LC_NAME)
			used += cw[c] + 1;
	cw[LC_NAME] = cols - used - 1;
	if (cw[LC_NAME] < 8)
		cw[LC_NAME] = 0;
}

static void draw_list(struct view *v, WINDOW *win, int y, int rows, int cols)
{
	struct whale_view *wv = v->data;
	enum wlist l = wv->list;
	long n = list_len(wv, l);
	char line[256];
	char tabs[2][96];
	snprintf(tabs[0], sizeof tabs[0], "Peak side: %ld", list_len(wv, L_PEAK));
	snprintf(tabs[1], sizeof tabs[1], "Tail: %ld", list_len(wv, L_TAIL));
	snprintf(line, sizeof line, "%s%s%s  %s%s%s   %s", l == L_PEAK ? "[" : " ", tabs[0],
		 l == L_PEAK ? "]" : " ", l == L_TAIL ? "[" : " ", tabs[1], l == L_TAIL ? "]" : " ",
		 l == L_PEAK ? "most profitable first" : "least profitable first");
	wattrset(win, A_BOLD);
	draw_text(win, y, 1, line, cols - 2, 1, 0);

	int cw[LC_COUNT];
	list_layout(wv, cols, cw);
	static const char *const titles[LC_COUNT] = { "Rank", "Account", "Name", "Profit", "Cum %" };
	static const int right[LC_COUNT] = { 1, 0, 0, 1, 1 };
	wattrset(win, A_BOLD | A_UNDERLINE);
	mvwhline(win, y + 1, 0, ' ', cols);
	int x = 1;
	for (int c = 0; c < LC_COUNT; c++) {
		if (!cw[c])
			continue;
		const char *t = c == LC_CUM && !wv->pct ? "Cum profit" : titles[c];
		draw_text(win, y + 1, x, t, cw[c], 1, right[c]);
		x += cw[c] + 1;
	}
	wattrset(win, A_NORMAL);
	if (!n) {
		const char *msg = l == L_TAIL ? "No tail: every account adds to the profit."
					      : "No accounts on this side.";
		draw_text(win, y + 2, 1, msg, cols - 2, 0, 0);
		return;
	}
	for (int i = 0; i < rows; i++) {
		long row = wv->top[l] + i;
		if (row >= n)
			break;
		const struct whale_point *pt = list_point(wv, l, row);
		const struct account_profit *a = &wv->ps.v[pt->index];
		const struct label *lb = labels_get(&wv->labels, v->t->s, a->account_id);
		char cell[LC_COUNT][48];
		snprintf(cell[LC_RANK], sizeof cell[LC_RANK], "%ld", pt->rank);
		fmt_money(cell[LC_PROFIT], sizeof cell[LC_PROFIT], a->profit);
		if (wv->pct)
			fmt_pct(cell[LC_CUM], sizeof cell[LC_CUM], pt->cum_profit, wv->w.total_profit);
		else
			fmt_money(cell[LC_CUM], sizeof cell[LC_CUM], pt->cum_profit);
		const char *text[LC_COUNT] = { cell[LC_RANK], label_key(lb), label_name(lb),
					       cell[LC_PROFIT], cell[LC_CUM] };
		int selected = row == wv->sel[l];
		attr_t base = selected ? draw_attr(v->t, C_SELECT) : A_NORMAL;
		wattrset(win, base);
		mvwhline(win, y + 2 + i, 0, ' ', cols);
		x = 1;
		for (int c = 0; c < LC_COUNT; c++) {
			if (!cw[c])
				continue;
			attr_t at = base;
			if (!selected && c == LC_PROFIT && a->profit < 0)
				at = draw_attr(v->t, C_BAD);
			wattrset(win, at);
			draw_text(win, y + 2 + i, x, text[c], cw[c], 1, right[c]);
			x += cw[c] + 1;
		}
		wattrset(win, A_NORMAL);
	}
}

/* ---- drawing ------------------------------------------------------------------ */

static void header(const struct whale_view *wv, char *buf, size_t len)
{
	const struct whale_curve *w = &wv->w;
	char a[32], b[32];
	if (wv->state == W_PENDING) {
		snprintf(buf, len, "Whale curve: computing profit over all periods...");
	} else if (wv->state == W_FAILED) {
		snprintf(buf, len, "Whale curve: %s (^L tries again)", wv->err);
	} else if (!w->n) {
		snprintf(buf, len, "Whale curve: no account has financials yet.");
	} else if (wv->pct) {
		fmt_pct(a, sizeof a, w->peak_profit, w->total_profit);
		fmt_pct(b, sizeof b, w->peak_rank, (int64_t)w->n);
		snprintf(buf, len, "Whale curve: peak %s%% at %s%% of accounts (all periods)", a, b);
	} else {
		fmt_money(a, sizeof a, w->total_profit);
		snprintf(buf, len, "Whale curve in money: total profit %s is not positive, so no %% of it", a);
	}
	if (wv->stale && wv->state == W_READY) {
		size_t used = strlen(buf);
		snprintf(buf + used, len - used, " (updating...)");
	}
}

static void footer(const struct whale_view *wv, char *buf, size_t len)
{
	long n = list_len(wv, wv->list);
	snprintf(buf, len, "row %ld of %ld   %s %s  %s open   %s on the curve: the selected account",
		 n ? wv->sel[wv->list] + 1 : 0, n, keymap_key_name(ACT_NEXT_SECTION),
		 wv->list == L_PEAK ? "tail" : "peak side", keymap_key_name(ACT_OPEN),
		 wv->utf8 ? "\u25cf" : "O");
}

static void whale_draw(struct view *v, WINDOW *win, int rows, int cols)
{
	struct whale_view *wv = v->data;
	char line[512];
	if (wv->state == W_READY && !wv->stale && roles_data_stamp(v->t->s) != wv->stamp)
		invalidate(wv);
	header(wv, line, sizeof line);
	wattrset(win, A_BOLD);
	draw_text(win, 0, 1, line, cols - 2, 0, 0);
	wattrset(win, A_NORMAL);
	if (wv->state != W_READY)
		return;
	if (!wv->w.n) {
		draw_text(win, 2, 1, "The whale curve ranks accounts by profit (net margin - cost-to-serve).",
			  cols - 2, 0, 0);
		draw_text(win, 3, 1, "Import financials (rapport import financials FILE) or try 'rapport demo'.",
			  cols - 2, 0, 0);
		return;
	}

	/* rows: header, plot + 2 axis rows, [figures line], list title + column
	 * titles + rows, footer */
	int panel = cols >= 72;
	int ph = (rows - 6) / 2;
	if (ph > 24)
		ph = 24;
	int y = 1;
	if (ph >= 3) {
		struct plot p;
		memset(&p, 0, sizeof p);
		plot_range(wv, &p);
		char lab[32];
		y_label(wv, p.hi, lab, sizeof lab);
		p.lw = (int)strlen(lab);
		y_label(wv, p.lo, lab, sizeof lab);
		if ((int)strlen(lab) > p.lw)
			p.lw = (int)strlen(lab);
		int pw = cols >= 100 ? 36 : 30;   /* the panel's width */
		p.x = 1 + p.lw + 1;
		p.y = y;
		p.h = ph;
		p.w = cols - p.x - 1 - (panel ? pw + 2 : 0);
		draw_plot(v, win, &p);
		if (panel)
			draw_panel(wv, win, y, cols - 1 - pw, pw, ph + 2);
		y += ph + 2;
	}
	if (!panel || ph < 3) {
		figures_line(wv, line, sizeof line);
		draw_text(win, y++, 1, line, cols - 2, 0, 0);
	}
	int list_rows = rows - 1 - y - 2;
	if (list_rows < 1)
		list_rows = 1;
	if (wv->page != list_rows) {
		wv->page = list_rows;
		clamp(wv);
	}
	draw_list(v, win, y, list_rows, cols);
	footer(wv, line, sizeof line);
	mvwhline(win, rows - 1, 0, ' ', cols);
	draw_text(win, rows - 1, 1, line, cols - 2, 0, 0);
}

/* ---- actions -------------------------------------------------------------------- */

static void move_by(struct whale_view *wv, long delta)
{
	enum wlist l = wv->list;
	wv->sel[l] += delta;
	if (delta > 1 || delta < -1)
		wv->top[l] += delta;   /* a page: the screen moves with the selection */
	clamp(wv);
}

static int whale_action(struct view *v, enum action a)
{
	struct whale_view *wv = v->data;
	enum wlist l = wv->list;
	switch (a) {
	case ACT_DOWN: move_by(wv, 1); return 1;
	case ACT_UP: move_by(wv, -1); return 1;
	case ACT_PAGE_DOWN: move_by(wv, wv->page); return 1;
	case ACT_PAGE_UP: move_by(wv, -wv->page); return 1;
	case ACT_TOP:
		wv->sel[l] = wv->top[l] = 0;
		clamp(wv);
		return 1;
	case ACT_BOTTOM:
		wv->sel[l] = list_len(wv, l) - 1;
		wv->top[l] = wv->sel[l] - wv->page + 1;
		clamp(wv);
		return 1;
	case ACT_NEXT_SECTION:
	case ACT_PREV_SECTION:
		wv->list = l == L_PEAK ? L_TAIL : L_PEAK;
		return 1;
	case ACT_OPEN: {
		const struct whale_point *p = selected_point(wv);
		if (p)
			accounts_open_detail(v->t, wv->ps.v[p->index].account_id);
		return 1;
	}
	case ACT_REFRESH:
		invalidate(wv);
		return 0;   /* the loop also repaints */
	default:
		return 0;
	}
}

const struct view_ops whale_view_ops = {
	.name = "whale",
	.title = "Whale",
	.key = ACT_WHALE,
	.actions = whale_actions,
	.open = whale_open,
	.draw = whale_draw,
	.action = whale_action,
	.idle = whale_idle,
	.close = whale_close,
};
