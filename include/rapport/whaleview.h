#ifndef RAPPORT_WHALEVIEW_H
#define RAPPORT_WHALEVIEW_H
/* What the whale-curve screen needs on top of whale_build (analytics.h):
 * the rank that makes up a share of the accounts, and the curve sampled
 * into columns for plotting.  Pure arithmetic over a built curve; no
 * database, no curses. */
#include <stddef.h>

#include "rapport/analytics.h"

/* The rank holding the first pct% of the curve's accounts: the smallest r
 * with r / n >= pct / 100 (ceil(n * pct / 100)), at least 1; 0 when the
 * curve is empty.  pct is clamped to 0..100.  The cumulative profit at that
 * rank is what "the top pct% of accounts earn". */
long whale_rank_at_share(const struct whale_curve *w, int pct);

/* The range of the curve's cumulative profit (cents) over one column. */
struct whale_span {
	double lo, hi;
};

/* Sample the curve into ncols equal columns of the accounts axis (0..100%).
 * The curve is the polyline through (0, 0) and (rank / n, cum_profit) for
 * every rank; column c covers x in [c / ncols, (c + 1) / ncols] and out[c]
 * gets the lowest and highest value of the polyline there (its ends
 * interpolated, every point inside included), so adjacent columns touch
 * and a plot drawn from them is connected.  One pass over the points:
 * O(n + ncols).  out holds ncols entries; nothing happens when the curve is
 * empty or ncols < 1. */
void whale_sample(const struct whale_curve *w, int ncols, struct whale_span *out);

/* The column (0..ncols-1) of the sampling above in which rank's point lies:
 * the one whose range ends at or after rank / n (rank 0 is column 0). */
int whale_column_of_rank(const struct whale_curve *w, long rank, int ncols);

#endif
