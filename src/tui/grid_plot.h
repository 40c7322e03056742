#ifndef RAPPORT_TUI_GRID_PLOT_H
#define RAPPORT_TUI_GRID_PLOT_H
/* Private to the grid screen: its state (view_grid.c) and the plot mode's
 * drawing (grid_plot.c). */
#include "tui.h"

#include "rapport/analytics.h"
#include "rapport/gridview.h"

enum grid_mode { GMODE_PLOT, GMODE_LIST, GMODE_GROWTH };

struct grid_view {
	int loaded;                 /* figures computed */
	int failed;                 /* the last load failed: wait for ^L */
	int64_t stamp;              /* roles_data_stamp at the last load */
	double load_ms;             /* how long the last load took */
	struct profit_set set;      /* every account with financials, by key
				       (figures only: names come from labels) */
	struct labels labels;       /* keys and names of the accounts drawn */
	struct grid_splits splits;
	struct grid_summary sum;
	struct grid_plot plot;      /* axes and the accounts' places */
	int pcols, prows;           /* plot size in character cells of the layout */
	uint32_t *counts;           /* pcols x prows bins (grid_plot_bins) */
	uint8_t *dots, *pins;
	long cur;                   /* cursor: index into set, -1 when none */
	int64_t cur_id;             /* its account, kept across reloads */
	enum grid_mode mode;
	enum quadrant quad;         /* the quadrant listed / marked in the legend */
	size_t *members;            /* quad's accounts by profit (list mode) */
	size_t nmembers;
	int members_ok;             /* members is quad's, for this load */
	long top, sel;              /* list window: first row shown, selected */
	int page;                   /* list rows that fit */
	int growth_loaded;          /* ws and targets are loaded */
	struct wallet_set ws;
	size_t *targets;            /* indices into ws.v: growth targets */
	size_t ntargets;
	long gtop, gsel;            /* growth list window */
	int utf8;                   /* the locale's codeset is UTF-8 */
};

/* The quadrant's name as shown ("carriage trade") and its action. */
const char *grid_quadrant_name(enum quadrant q);
const char *grid_quadrant_action(enum quadrant q, int wide);
/* Money in a few columns for axis labels: "3492", "30.0k", "1.25M". */
void grid_money_short(double cents, char *buf, size_t len);

/* Draw the plot mode into w (rows x cols): header, plot, legend, the
 * account under the cursor.  Lays the plot out again when its size changed. */
void grid_draw_plot(struct view *v, WINDOW *w, int rows, int cols);

#endif
