/* The grid as a picture: quadrant totals, axis ranges that cope with
 * outliers, the lattice of sub-cells the accounts sit on, binning into
 * character cells, and the cursor's moves (see gridview.h). */
#include "rapport/gridview.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/util.h"

void gridview_summarize(const struct profit_set *set, const struct grid_splits *g,
			struct grid_summary *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < set->n; i++) {
		const struct account_profit *a = &set->v[i];
		enum quadrant q = grid_classify(g, a->net_margin, a->cost_to_serve);
		out->count[q]++;
		out->profit[q] += a->profit;
		out->losing[q] += grid_below_break_even(a->net_margin, a->cost_to_serve);
	}
}

/* qsort has no context argument: the set being sorted, for one call. */
static const struct profit_set *member_set;

/* profit descending, then key (the set is in key order: index order) */
static int member_cmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int64_t x = member_set->v[i].profit, y = member_set->v[j].profit;
	if (x != y)
		return x > y ? -1 : 1;
	return (i > j) - (i < j);
}

size_t gridview_members(const struct profit_set *set, const struct grid_splits *g,
			enum quadrant q, size_t *idx)
{
	size_t k = 0;
	for (size_t i = 0; i < set->n; i++)
		if (grid_classify(g, set->v[i].net_margin, set->v[i].cost_to_serve) == q)
			idx[k++] = i;
	member_set = set;
	qsort(idx, k, sizeof *idx, member_cmp);
	member_set = NULL;
	return k;
}

void gridview_axis(int64_t *v, size_t n, double split, int with_zero, struct grid_axis *out)
{
	memset(out, 0, sizeof *out);
	double lo = split, hi = split;
	if (n) {
		/* nearest rank: the ceil(p * n / 100)-th value; the second
		 * selection only looks right of the first */
		size_t ilo = (n + 99) / 100 - 1, ihi = (n * 99 + 99) / 100 - 1;
		lo = (double)nth_i64(v, n, ilo);
		hi = (double)nth_i64(v + ilo, n - ilo, ihi - ilo);
		if (split < lo)
			lo = split;
		if (split > hi)
			hi = split;
	}
	if (with_zero && lo > 0)
		lo = 0;
	if (with_zero && hi < 0)
		hi = 0;
	if (hi - lo < 1.0) {
		double pad = fabs(lo) / 100.0;
		if (pad < 100.0)
			pad = 100.0;
		lo -= pad;
		hi += pad;
	}
	out->lo = lo;
	out->hi = hi;
	for (size_t i = 0; i < n; i++) {
		out->below += (double)v[i] < lo;
		out->above += (double)v[i] > hi;
	}
}

int gridview_cell(const struct grid_axis *a, double value, int n, int *pinned)
{
	int pin = 0, c;
	if (value < a->lo) {
		pin = -1;
		c = 0;
	} else if (value > a->hi) {
		pin = 1;
		c = n - 1;
	} else {
		double f = (value - a->lo) / (a->hi - a->lo) * n;
		c = f >= n ? n - 1 : (int)floor(f);
		if (c < 0)
			c = 0;
	}
	if (pinned)
		*pinned = pin;
	return c;
}

void grid_plot_init(struct grid_plot *p, const struct profit_set *set, const struct grid_splits *g)
{
	memset(p, 0, sizeof *p);
	int64_t *v = xmalloc((set->n ? set->n : 1) * sizeof *v);
	for (size_t i = 0; i < set->n; i++)
		v[i] = set->v[i].cost_to_serve;
	gridview_axis(v, set->n, g->cost, 1, &p->x);
	for (size_t i = 0; i < set->n; i++)
		v[i] = set->v[i].net_margin;
	gridview_axis(v, set->n, g->margin, 1, &p->y);
	free(v);
	p->n = set->n;
	p->px = xmalloc((p->n ? p->n : 1) * sizeof *p->px);
	p->py = xmalloc((p->n ? p->n : 1) * sizeof *p->py);
	p->pin = xcalloc(p->n ? p->n : 1, 1);
}

void grid_plot_layout(struct grid_plot *p, const struct profit_set *set, int w, int h)
{
	p->w = w < 1 ? 1 : w;
	p->h = h < 1 ? 1 : h;
	for (size_t i = 0; i < p->n && i < set->n; i++) {
		int px, py;
		p->px[i] = gridview_cell(&p->x, (double)set->v[i].cost_to_serve, p->w, &px);
		p->py[i] = gridview_cell(&p->y, (double)set->v[i].net_margin, p->h, &py);
		p->pin[i] = (uint8_t)((px < 0 ? GRID_PIN_LEFT : 0) | (px > 0 ? GRID_PIN_RIGHT : 0) |
				      (py < 0 ? GRID_PIN_DOWN : 0) | (py > 0 ? GRID_PIN_UP : 0));
	}
}

void grid_plot_free(struct grid_plot *p)
{
	free(p->px);
	free(p->py);
	free(p->pin);
	memset(p, 0, sizeof *p);
}

long grid_plot_nearest(const struct grid_plot *p, size_t from, enum grid_dir d)
{
	if (from >= p->n)
		return -1;
	long best = -1;
	int64_t best_d = 0, best_off = 0;
	int forward = d == GRID_RIGHT || d == GRID_UP;
	for (size_t i = 0; i < p->n; i++) {
		if (i == from)
			continue;
		int64_t dx = (int64_t)p->px[i] - p->px[from];
		int64_t dy = (int64_t)p->py[i] - p->py[from];
		int64_t along, across;   /* along d, and across it */
		switch (d) {
		case GRID_RIGHT: along = dx; across = dy; break;
		case GRID_LEFT: along = -dx; across = dy; break;
		case GRID_UP: along = dy; across = dx; break;
		default: along = -dy; across = dx; break;
		}
		if (across < 0)
			across = -across;
		if (along == 0 && across == 0) {
			/* the same sub-cell: the next (or previous) in key order */
			if (forward ? i < from : i > from)
				continue;
		} else if (along <= 0 || across > along) {
			continue;
		}
		int64_t dist = along * along + across * across;
		if (best >= 0) {
			if (dist > best_d || (dist == best_d && across > best_off))
				continue;
			if (dist == best_d && across == best_off) {
				/* key order: the first on equal footing, except
				 * stepping back through a stack (nearest key first) */
				if (dist == 0 ? (forward ? (size_t)best < i : (size_t)best > i)
					      : (size_t)best < i)
					continue;
			}
		}
		best = (long)i;
		best_d = dist;
		best_off = across;
	}
	return best;
}

void grid_plot_cell_of(const struct grid_plot *p, size_t i, int *col, int *row)
{
	int rows = p->h / GRID_SUB_Y;
	*col = p->px[i] / GRID_SUB_X;
	*row = rows - 1 - p->py[i] / GRID_SUB_Y;
	if (*row < 0)
		*row = 0;
}

void grid_plot_bins(const struct grid_plot *p, int cols, int rows, uint32_t *counts,
		    uint8_t *dots, uint8_t *pins)
{
	size_t cells = (size_t)cols * (size_t)rows;
	memset(counts, 0, cells * sizeof *counts);
	memset(dots, 0, cells);
	memset(pins, 0, cells);
	/* braille dot bits by (sub-column, sub-row from the top) */
	static const uint8_t bit[GRID_SUB_X][GRID_SUB_Y] = { { 0x01, 0x02, 0x04, 0x40 },
							     { 0x08, 0x10, 0x20, 0x80 } };
	for (size_t i = 0; i < p->n; i++) {
		int c = p->px[i] / GRID_SUB_X;
		int r = rows - 1 - p->py[i] / GRID_SUB_Y;
		if (c < 0 || c >= cols || r < 0 || r >= rows)
			continue;
		size_t k = (size_t)r * (size_t)cols + (size_t)c;
		counts[k]++;
		dots[k] |= bit[p->px[i] % GRID_SUB_X][GRID_SUB_Y - 1 - p->py[i] % GRID_SUB_Y];
		pins[k] |= p->pin[i];
	}
}
