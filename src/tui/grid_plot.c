/* The grid screen's plot mode: a scatter plot of cost-to-serve (across)
 * against net margin (up) with the split lines, the break-even diagonal,
 * the quadrants named in their corners and totalled in a legend, and the
 * account under the cursor.
 *
 * Accounts are binned into character cells: with a UTF-8 locale each cell
 * is a braille character whose dots are its occupied sub-cells (2 x 4);
 * otherwise the cell shows its density, . 1, : 2-3, * 4-9, # 10 or more.
 * A cell holding accounts pinned to the border (beyond the 1st-99th
 * percentile range) shows an arrow the way they lie (> < ^ v in ASCII).
 * The cursor's cell is in reverse video; the line under the plot names its
 * account and how many share the cell. */
#include "grid_plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/util.h"
#include "rapport/values.h"

#define LEGEND_ROWS 5   /* titles + four quadrants */
#define INFO_ROWS 2

static const char *const qnames[GRID_QUADRANTS] = {
	"passive", "carriage trade", "bargain basement", "aggressive"
};
/* DOMAIN.md s.3, in full and cut to fit 80 columns */
static const char *const qaction_wide[GRID_QUADRANTS] = {
	"protect, forge close ties, guard against rivals",
	"profitable if the margin pays for the service",
	"lean and price-driven, keep it cheap",
	"cut serving cost, share cost data, menu pricing",
};
static const char *const qaction_short[GRID_QUADRANTS] = {
	"protect, forge close ties",
	"margin must pay for service",
	"lean, price-driven, cheap",
	"cut cost-to-serve, reprice",
};

const char *grid_quadrant_name(enum quadrant q)
{
	return qnames[q];
}

const char *grid_quadrant_action(enum quadrant q, int wide)
{
	return wide ? qaction_wide[q] : qaction_short[q];
}

void grid_money_short(double cents, char *buf, size_t len)
{
	double u = cents / 100.0, a = fabs(u);
	if (a < 1e4)
		snprintf(buf, len, "%.0f", u);
	else if (a < 1e5)
		snprintf(buf, len, "%.1fk", u / 1e3);
	else if (a < 1e6)
		snprintf(buf, len, "%.0fk", u / 1e3);
	else if (a < 1e7)
		snprintf(buf, len, "%.2fM", u / 1e6);
	else if (a < 1e9)
		snprintf(buf, len, "%.1fM", u / 1e6);
	else
		snprintf(buf, len, "%.1fG", u / 1e9);
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, len, "0");
}

/* Lay the plot out for cols x rows cells when that changed. */
static void layout(struct grid_view *gv, int cols, int rows)
{
	if (gv->pcols == cols && gv->prows == rows && gv->plot.w)
		return;
	gv->pcols = cols;
	gv->prows = rows;
	grid_plot_layout(&gv->plot, &gv->set, cols * GRID_SUB_X, rows * GRID_SUB_Y);
	size_t cells = (size_t)cols * (size_t)rows;
	gv->counts = xrealloc(gv->counts, cells * sizeof *gv->counts);
	gv->dots = xrealloc(gv->dots, cells);
	gv->pins = xrealloc(gv->pins, cells);
	grid_plot_bins(&gv->plot, cols, rows, gv->counts, gv->dots, gv->pins);
}

static void put_wc(WINDOW *w, int y, int x, wchar_t c)
{
	wchar_t s[2] = { c, 0 };
	mvwaddnwstr(w, y, x, s, 1);
}

/* The glyph of an occupied cell. */
static wchar_t point_glyph(const struct grid_view *gv, size_t k)
{
	uint8_t pin = gv->pins[k];
	if (pin & GRID_PIN_RIGHT)
		return gv->utf8 ? L'▸' : L'>';
	if (pin & GRID_PIN_LEFT)
		return gv->utf8 ? L'◂' : L'<';
	if (pin & GRID_PIN_UP)
		return gv->utf8 ? L'▴' : L'^';
	if (pin & GRID_PIN_DOWN)
		return gv->utf8 ? L'▾' : L'v';
	if (gv->utf8)
		return (wchar_t)(0x2800 + gv->dots[k]);
	uint32_t n = gv->counts[k];
	return n >= 10 ? L'#' : n >= 4 ? L'*' : n >= 2 ? L':' : L'.';
}

enum { LINE_V = 1, LINE_H = 2, LINE_DIAG = 4 };

/* The split lines and the break-even diagonal (margin = cost-to-serve),
 * as LINE_* bits per cell. */
static void mark_lines(const struct grid_view *gv, uint8_t *lines, int *scol, int *srow)
{
	const struct grid_plot *p = &gv->plot;
	int cols = gv->pcols, rows = gv->prows;
	memset(lines, 0, (size_t)cols * (size_t)rows);
	*scol = gridview_cell(&p->x, gv->splits.cost, p->w, NULL) / GRID_SUB_X;
	*srow = rows - 1 - gridview_cell(&p->y, gv->splits.margin, p->h, NULL) / GRID_SUB_Y;
	for (int r = 0; r < rows; r++)
		lines[r * cols + *scol] |= LINE_V;
	for (int c = 0; c < cols; c++)
		lines[*srow * cols + c] |= LINE_H;
	/* the diagonal: where a column's middle cost is a margin in range, and
	 * a row's middle margin a cost in range (so steep and flat both join) */
	for (int c = 0; c < cols; c++) {
		double x = p->x.lo + (c + 0.5) / cols * (p->x.hi - p->x.lo);
		if (x >= p->y.lo && x <= p->y.hi)
			lines[(rows - 1 - gridview_cell(&p->y, x, p->h, NULL) / GRID_SUB_Y) * cols + c] |= LINE_DIAG;
	}
	for (int r = 0; r < rows; r++) {
		double y = p->y.lo + (rows - 1 - r + 0.5) / rows * (p->y.hi - p->y.lo);
		if (y >= p->x.lo && y <= p->x.hi)
			lines[r * cols + gridview_cell(&p->x, y, p->w, NULL) / GRID_SUB_X] |= LINE_DIAG;
	}
}

static wchar_t line_glyph(int utf8, uint8_t l)
{
	if ((l & LINE_V) && (l & LINE_H))
		return utf8 ? L'┼' : L'+';
	if (l & LINE_V)
		return utf8 ? L'│' : L'|';
	if (l & LINE_H)
		return utf8 ? L'─' : L'-';
	return utf8 ? L'·' : L'/';
}

/* A quadrant's name in a corner of the plot, where it covers no account
 * and stays on its side of the split lines. */
static void corner_label(struct grid_view *gv, WINDOW *w, int y0, int x0, enum quadrant q,
			 int scol, int srow, int cur_k)
{
	const char *s = qnames[q];
	int len = (int)strlen(s), cols = gv->pcols, rows = gv->prows;
	int top = q == QUADRANT_PASSIVE || q == QUADRANT_CARRIAGE_TRADE;
	int right = q == QUADRANT_CARRIAGE_TRADE || q == QUADRANT_AGGRESSIVE;
	int r = top ? 0 : rows - 1, c = right ? cols - len : 0;
	if (r == srow || (top ? r > srow : r < srow))
		return;
	if (right ? c <= scol : c + len > scol)
		return;
	for (int i = 0; i < len; i++) {
		int k = r * cols + c + i;
		if (gv->counts[k] || k == cur_k)
			return;
	}
	wattrset(w, A_DIM);
	draw_text(w, y0 + r, x0 + c, s, len, 0, 0);
	wattrset(w, A_NORMAL);
}

static void fmt_split(char *buf, size_t len, double cents, int fixed)
{
	/* a median may fall on half a cent */
	if (fabs(cents - floor(cents)) > 0.25)
		snprintf(buf, len, "%.3f (%s)", cents / 100.0, fixed ? "set" : "median");
	else {
		char m[32];
		value_money_fmt((int64_t)llround(cents), m, sizeof m);
		snprintf(buf, len, "%s (%s)", m, fixed ? "set" : "median");
	}
}

static void draw_header(struct grid_view *gv, WINDOW *w, int cols)
{
	char ms[48], cs[48], line[256];
	fmt_split(ms, sizeof ms, gv->splits.margin, gv->splits.margin_fixed);
	fmt_split(cs, sizeof cs, gv->splits.cost, gv->splits.cost_fixed);
	snprintf(line, sizeof line, "%zu account%s   margin split %s   cost split %s", gv->set.n,
		 gv->set.n == 1 ? "" : "s", ms, cs);
	wattrset(w, A_BOLD);
	draw_text(w, 0, 1, line, cols - 2, 1, 0);
	wattrset(w, A_NORMAL);
}

/* Axis label with a mark when accounts lie beyond it. */
static void axis_label(const struct grid_view *gv, char *buf, size_t len, double cents, int beyond)
{
	char m[32];
	grid_money_short(cents, m, sizeof m);
	if (beyond < 0)
		snprintf(buf, len, "%s%s", gv->utf8 ? "≤" : "<", m);
	else if (beyond > 0)
		snprintf(buf, len, "%s%s", gv->utf8 ? "≥" : ">", m);
	else
		snprintf(buf, len, "%s", m);
}

static void draw_legend(struct grid_view *gv, WINDOW *w, int y, int cols)
{
	char buf[64];
	int pw = 6, cw = 8;
	for (int q = 0; q < GRID_QUADRANTS; q++) {
		value_money_fmt(gv->sum.profit[q], buf, sizeof buf);
		if ((int)strlen(buf) > pw)
			pw = (int)strlen(buf);
	}
	int fixed = 2 + 16 + 1 + cw + 1 + pw + 1 + 6 + 2;
	int wide = cols - 2 - fixed >= 47;
	char line[512];
	snprintf(line, sizeof line, "  %-16s %*s %*s %6s  %s", "quadrant", cw, "accounts", pw, "profit",
		 "losing", "action");
	wattrset(w, A_BOLD | A_UNDERLINE);
	mvwhline(w, y, 0, ' ', cols);
	draw_text(w, y, 1, line, cols - 2, 0, 0);
	wattrset(w, A_NORMAL);
	int mark = -1;   /* the cursor's quadrant */
	if (gv->cur >= 0) {
		const struct account_profit *a = &gv->set.v[gv->cur];
		mark = (int)grid_classify(&gv->splits, a->net_margin, a->cost_to_serve);
	}
	for (int q = 0; q < GRID_QUADRANTS; q++) {
		value_money_fmt(gv->sum.profit[q], buf, sizeof buf);
		snprintf(line, sizeof line, "%c %-16s %*ld %*s %6ld  %s", mark == q ? '>' : ' ',
			 qnames[q], cw, gv->sum.count[q], pw, buf, gv->sum.losing[q],
			 grid_quadrant_action((enum quadrant)q, wide));
		draw_text(w, y + 1 + q, 1, line, cols - 2, 0, 0);
	}
}

static void draw_info(struct tui *t, struct grid_view *gv, WINDOW *w, int y, int cols)
{
	if (gv->cur < 0 || (size_t)gv->cur >= gv->set.n)
		return;
	const struct account_profit *a = &gv->set.v[gv->cur];
	enum quadrant q = grid_classify(&gv->splits, a->net_margin, a->cost_to_serve);
	int col, row;
	grid_plot_cell_of(&gv->plot, (size_t)gv->cur, &col, &row);
	uint32_t here = gv->counts ? gv->counts[row * gv->pcols + col] : 1;
	char right[96], line[512];
	if (here > 1)
		snprintf(right, sizeof right, "%s, %u accounts in this cell", qnames[q], here);
	else
		snprintf(right, sizeof right, "%s", qnames[q]);
	int rw = draw_width(right);
	wattrset(w, A_BOLD);
	const struct label *lb = labels_get(&gv->labels, t->s, a->account_id);
	int x = 1 + draw_text(w, y, 1, label_key(lb), cols / 3, 0, 0);
	wattrset(w, A_NORMAL);
	draw_text(w, y, x + 2, label_name(lb), cols - x - rw - 6, 0, 0);
	draw_text(w, y, cols - 1 - rw, right, rw, 0, 0);
	char m[32], c[32], p[32];
	value_money_fmt(a->net_margin, m, sizeof m);
	value_money_fmt(a->cost_to_serve, c, sizeof c);
	value_money_fmt(a->profit, p, sizeof p);
	int below = grid_below_break_even(a->net_margin, a->cost_to_serve);
	snprintf(line, sizeof line, "margin %s  cost-to-serve %s  profit %s%s", m, c, p,
		 below ? "  below break-even" : "");
	wattrset(w, below ? draw_attr(t, C_BAD) : A_NORMAL);
	draw_text(w, y + 1, 1, line, cols - 2, 0, 0);
	wattrset(w, A_NORMAL);
}

void grid_draw_plot(struct view *v, WINDOW *w, int rows, int cols)
{
	struct grid_view *gv = v->data;
	draw_header(gv, w, cols);
	int legend = 1;
	int prows = rows - 1 - 1 - LEGEND_ROWS - INFO_ROWS;
	if (prows < 4) {
		legend = 0;
		prows += LEGEND_ROWS;
	}
	/* y labels: the widest of the three, at least "margin" */
	char top[48], mid[48], bot[48];
	axis_label(gv, top, sizeof top, gv->plot.y.hi, gv->plot.y.above ? 1 : 0);
	axis_label(gv, mid, sizeof mid, gv->splits.margin, 0);
	axis_label(gv, bot, sizeof bot, gv->plot.y.lo, gv->plot.y.below ? -1 : 0);
	int lw = 6;
	if (draw_width(top) > lw) lw = draw_width(top);
	if (draw_width(mid) > lw) lw = draw_width(mid);
	if (draw_width(bot) > lw) lw = draw_width(bot);
	int x0 = lw + 2, pcols = cols - x0 - 1;
	if (prows < 2 || pcols < 8) {
		draw_text(w, 2, 1, "Enlarge the terminal to see the plot.", cols - 2, 0, 0);
		draw_info(v->t, gv, w, rows - INFO_ROWS, cols);
		return;
	}
	layout(gv, pcols, prows);

	uint8_t *lines = xmalloc((size_t)pcols * (size_t)prows);
	int scol, srow;
	mark_lines(gv, lines, &scol, &srow);
	int cur_k = -1;
	if (gv->cur >= 0) {
		int c, r;
		grid_plot_cell_of(&gv->plot, (size_t)gv->cur, &c, &r);
		cur_k = r * pcols + c;
	}
	int y0 = 1;
	for (int r = 0; r < prows; r++) {
		wattrset(w, A_NORMAL);
		const char *lab = r == srow ? mid : r == 0 ? top : r == prows - 1 ? bot :
				  r == 1 && srow != 1 ? "margin" : "";
		draw_text(w, y0 + r, 1, lab, lw, 1, 1);
		put_wc(w, y0 + r, x0 - 1, gv->utf8 ? L'│' : L'|');
		for (int c = 0; c < pcols; c++) {
			int k = r * pcols + c;
			wchar_t g = L' ';
			if (gv->counts[k]) {
				g = point_glyph(gv, (size_t)k);
				wattrset(w, gv->counts[k] >= 10 ? A_BOLD : A_NORMAL);
			} else if (lines[k]) {
				g = line_glyph(gv->utf8, lines[k]);
				wattrset(w, (lines[k] & (LINE_V | LINE_H)) ? A_NORMAL : A_DIM);
			}
			if (k == cur_k)
				wattrset(w, draw_attr(v->t, C_SELECT));
			put_wc(w, y0 + r, x0 + c, g);
			wattrset(w, A_NORMAL);
		}
	}
	for (int q = 0; q < GRID_QUADRANTS; q++)
		corner_label(gv, w, y0, x0, (enum quadrant)q, scol, srow, cur_k);
	free(lines);

	/* x axis: the low end, the split under its line, the high end */
	int ya = y0 + prows;
	char lo[48], sp[48], hi[48];
	axis_label(gv, lo, sizeof lo, gv->plot.x.lo, gv->plot.x.below ? -1 : 0);
	axis_label(gv, sp, sizeof sp, gv->splits.cost, 0);
	axis_label(gv, hi, sizeof hi, gv->plot.x.hi, gv->plot.x.above ? 1 : 0);
	const char *title = gv->utf8 ? "cost-to-serve →" : "cost-to-serve ->";
	int lo_end = x0 + draw_text(w, ya, x0, lo, pcols, 0, 0);
	int hw = draw_width(hi), hx = x0 + pcols - hw;
	int sw = draw_width(sp), sx = x0 + scol - sw / 2;
	if (sx < lo_end + 1)
		sx = lo_end + 1;
	if (sx + sw < hx)
		draw_text(w, ya, sx, sp, sw, 0, 0);
	else
		sx = lo_end, sw = 0;
	draw_text(w, ya, hx, hi, hw, 0, 0);
	int tw = draw_width(title);
	/* the title in the wider gap */
	if (hx - (sx + sw) >= tw + 2)
		draw_text(w, ya, hx - tw - 2, title, tw, 0, 0);
	else if (sx - lo_end >= tw + 2)
		draw_text(w, ya, lo_end + 1, title, tw, 0, 0);

	int yl = ya + 1;
	if (legend) {
		draw_legend(gv, w, yl, cols);
		yl += LEGEND_ROWS;
	}
	draw_info(v->t, gv, w, yl, cols);
}
