/* The whale-curve screen's arithmetic: shares of accounts and the curve
 * sampled into plot columns (see whaleview.h). */
#include "rapport/whaleview.h"

long whale_rank_at_share(const struct whale_curve *w, int pct)
{
	if (!w->n)
		return 0;
	if (pct < 0)
		pct = 0;
	if (pct > 100)
		pct = 100;
	/* ceil(n * pct / 100) in integers: exact for any n a screen holds */
	long long r = ((long long)w->n * pct + 99) / 100;
	if (r < 1)
		r = 1;
	return (long)r;
}

/* cum_profit after rank k (0 before the first account) */
static double cum_at(const struct whale_curve *w, size_t k)
{
	return k ? (double)w->v[k - 1].cum_profit : 0.0;
}

/* The polyline's value at t accounts along (0 <= t <= n). */
static double value_at(const struct whale_curve *w, double t)
{
	if (t <= 0)
		return 0.0;
	if (t >= (double)w->n)
		return cum_at(w, w->n);
	size_t k = (size_t)t;
	double frac = t - (double)k;
	double a = cum_at(w, k), b = cum_at(w, k + 1);
	return a + frac * (b - a);
}

static void widen(struct whale_span *s, double v)
{
	if (v < s->lo)
		s->lo = v;
	if (v > s->hi)
		s->hi = v;
}

void whale_sample(const struct whale_curve *w, int ncols, struct whale_span *out)
{
	if (!w->n || ncols < 1)
		return;
	double n = (double)w->n;
	size_t k = 1;   /* the next point (rank) not yet placed in a column */
	for (int c = 0; c < ncols; c++) {
		double t0 = n * c / ncols, t1 = n * (c + 1) / ncols;
		double a = value_at(w, t0), b = value_at(w, t1);
		out[c].lo = a < b ? a : b;
		out[c].hi = a < b ? b : a;
		/* the points strictly inside the column */
		while (k <= w->n && (double)k <= t0)
			k++;
		while (k <= w->n && (double)k < t1)
			widen(&out[c], cum_at(w, k++));
	}
}

int whale_column_of_rank(const struct whale_curve *w, long rank, int ncols)
{
	if (!w->n || ncols < 1 || rank <= 0)
		return 0;
	if ((size_t)rank >= w->n)
		return ncols - 1;
	/* the first c with (c + 1) / ncols >= rank / n, i.e. c = ceil(rank * ncols / n) - 1 */
	long long c = ((long long)rank * ncols + (long long)w->n - 1) / (long long)w->n - 1;
	if (c < 0)
		c = 0;
	if (c > ncols - 1)
		c = ncols - 1;
	return (int)c;
}
