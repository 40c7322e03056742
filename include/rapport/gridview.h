#ifndef RAPPORT_GRIDVIEW_H
#define RAPPORT_GRIDVIEW_H
/* The margin vs cost-to-serve grid as a picture: the geometry of the grid
 * screen (src/tui/view_grid.c) kept out of curses so it can be tested.
 * Cost-to-serve runs across (x), net margin up (y).  Every account sits on
 * a lattice of sub-cells, two across and four up per character cell (a
 * braille character's dots), so a sub-cell is about as wide as it is tall
 * on a terminal and distances between sub-cells are screen distances.
 *
 * Figures (counts, profit per quadrant) come from the same grid_classify
 * and profit_set as `rapport report grid`.  Money is int64_t cents; axis
 * bounds are doubles in cents (a median may fall on half a cent). */
#include <stddef.h>
#include <stdint.h>

#include "rapport/analytics.h"

#define GRID_QUADRANTS 4

/* Totals per quadrant, indexed by enum quadrant. */
struct grid_summary {
	long count[GRID_QUADRANTS];       /* accounts */
	int64_t profit[GRID_QUADRANTS];   /* cents, summed exactly */
	long losing[GRID_QUADRANTS];      /* accounts below break-even (margin < cost) */
};

/* Classify every account of set by g and total the quadrants. */
void gridview_summarize(const struct profit_set *set, const struct grid_splits *g,
			struct grid_summary *out);

/* The indices into set of quadrant q's accounts, most profitable first
 * (ties by key), into idx (room for set->n).  Returns how many. */
size_t gridview_members(const struct profit_set *set, const struct grid_splits *g,
			enum quadrant q, size_t *idx);

/* One axis of the plot. */
struct grid_axis {
	double lo, hi;     /* cents shown, lo < hi always */
	long below, above; /* accounts beyond lo / hi, drawn pinned to the border */
};

/* The range for values v[0..n-1] (reordered in place): from the 1st to the
 * 99th percentile (nearest rank; for fewer than 100 values that is the
 * minimum and maximum), widened to take in split, and 0 too when with_zero
 * (the cost axis starts at nothing).  An empty or flat range is widened by
 * 1% of its value or 1.00 each side.  below/above count the values beyond. */
void gridview_axis(int64_t *v, size_t n, double split, int with_zero, struct grid_axis *out);

/* The sub-cell 0..n-1 of value on axis a divided into n equal parts (lo in
 * the first, hi in the last); values beyond are pinned to 0 or n-1 and
 * *pinned set to -1 or +1 (else 0).  pinned may be NULL. */
int gridview_cell(const struct grid_axis *a, double value, int n, int *pinned);

/* Pin bits: where an account was pinned to the border. */
enum { GRID_PIN_LEFT = 1, GRID_PIN_RIGHT = 2, GRID_PIN_DOWN = 4, GRID_PIN_UP = 8 };

/* Sub-cells per character cell. */
#define GRID_SUB_X 2
#define GRID_SUB_Y 4

struct grid_plot {
	struct grid_axis x;   /* cost-to-serve */
	struct grid_axis y;   /* net margin */
	int w, h;             /* lattice size in sub-cells (0 before a layout) */
	size_t n;             /* accounts placed: the set's */
	int32_t *px, *py;     /* account i (index into the set) at sub-cell
				 (px[i], py[i]); py 0 is the bottom row */
	uint8_t *pin;         /* GRID_PIN_* bits per account */
};

/* The axes for set with splits g (see gridview_axis: both take in 0, so
 * the break-even diagonal starts at the origin and losses show below it).  Nothing is placed until grid_plot_layout.  Free with
 * grid_plot_free. */
void grid_plot_init(struct grid_plot *p, const struct profit_set *set, const struct grid_splits *g);
/* Place set's accounts on a w x h lattice (w, h >= 1). */
void grid_plot_layout(struct grid_plot *p, const struct profit_set *set, int w, int h);
void grid_plot_free(struct grid_plot *p);

enum grid_dir { GRID_LEFT, GRID_RIGHT, GRID_UP, GRID_DOWN };

/* The account a cursor on account `from` moves to with a key for d: among
 * the accounts whose direction from it lies within 45 degrees of d (the
 * diagonals count for both neighbouring directions), the nearest by
 * Euclidean distance on the lattice; ties by the smaller offset across d,
 * then by key.  Accounts on the very same sub-cell count as nearest of
 * all: right and up step to the next of them in key order, left and down
 * to the previous, so every account of a stack can be reached.  -1 when
 * there is none.  O(n). */
long grid_plot_nearest(const struct grid_plot *p, size_t from, enum grid_dir d);

/* The lattice as cols x rows character cells (rows from the top; the
 * layout must be cols*GRID_SUB_X x rows*GRID_SUB_Y): counts[] accounts per
 * cell, dots[] the braille dot bits of its occupied sub-cells (bit 0-2 the
 * left column's top three, 3-5 the right's, 6 and 7 the bottom left and
 * right, as in U+2800 + bits), pins[] the GRID_PIN_* bits of accounts in
 * it.  Each array holds cols * rows entries, index row * cols + col. */
void grid_plot_bins(const struct grid_plot *p, int cols, int rows, uint32_t *counts,
		    uint8_t *dots, uint8_t *pins);

/* The character cell (col, row from the top) of account i. */
void grid_plot_cell_of(const struct grid_plot *p, size_t i, int *col, int *row);

#endif
