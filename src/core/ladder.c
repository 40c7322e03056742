/* Loyalty ladder crossed with management effort (DOMAIN.md s.2; see
 * analytics.h).  Effort is cost-to-serve against the portfolio median. */
#include "rapport/analytics.h"

#include <stdlib.h>

#include "rapport/util.h"

const char *const ladder_group_words[] = {
	"mvc", "partner", "switcher", "undesirable", NULL
};

const char *const ladder_rung_words[] = {
	"", "cynic", "skeptic", "switcher", "buys a bundle", "invests",
	"widens", "advocate", "pays a premium", NULL
};

double ladder_effort_split(const struct profit_set *set)
{
	int64_t *v = xmalloc((set->n ? set->n : 1) * sizeof *v);
	for (size_t i = 0; i < set->n; i++)
		v[i] = set->v[i].cost_to_serve;
	double m = median_i64(v, set->n);
	free(v);
	return m;
}

enum ladder_group ladder_classify(int rung, int64_t cost_to_serve, double effort_split)
{
	int high_rung = rung >= LADDER_HIGH_RUNG;
	int high_effort = (double)cost_to_serve > effort_split;   /* exact: cents */
	if (high_rung)
		return high_effort ? LADDER_PARTNER : LADDER_MVC;
	return high_effort ? LADDER_UNDESIRABLE : LADDER_SWITCHER;
}
