/* NPS screen (key 3): the overall score with n and its 95% margin of error,
 * a breakdown by segment, relationship owner, survey kind or month (b
 * cycles), the 0-10 distribution as bars, the trend by month as a
 * sparkline, and the latest detractors with their comments (Enter opens the
 * account).  d narrows the date range (since / until, checked as import
 * checks dates), Esc shows all dates again.
 *
 * Every figure comes from the core: nps_groups (the same calls and
 * rounding as `rapport report nps`), nps_distribution and
 * nps_detractors_recent (npsview.h).  Nothing is read at the first paint:
 * the queries run in ->idle, cheapest first, a few per idle call, so the
 * screen shows at once and fills in ("computing...").  Memory is bounded by
 * the groups (segments, owners, months: tens to hundreds) and at most
 * DET_MAX detractors, never by the number of responses.  When the
 * database changes (a response recorded on the detail) it all reloads. */
#include "tui.h"

#include <langinfo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rapport/analytics.h"
#include "rapport/npsview.h"
#include "rapport/util.h"
#include "rapport/values.h"

#define DET_MAX 200            /* detractors listed at most */
#define SLICE_NS 250000000L    /* idle work per call before a repaint */

/* One group of the breakdown or one month of the trend. */
struct grp {
	char *label;
	struct nps_counts c;
};

struct grp_list {
	struct grp *v;
	size_t n, cap;
};

/* One listed detractor response (owned copies). */
struct det {
	int64_t account_id;
	char *account, *name, *survey, *comment;
	char date[11];
	int score;
};

enum step { ST_DETRACTORS, ST_ALL, ST_DIST, ST_TREND, ST_GROUPS, ST_DONE };
enum focus { F_DETRACTORS, F_GROUPS };

struct nps_view {
	struct date_range range;
	enum nps_by by;            /* segment, owner, survey or month */
	enum step step;            /* the next query to run */
	int failed;                /* a query failed: wait for ^L, b or d */
	int64_t stamp;             /* roles_data_stamp at the last load */
	struct nps_counts all;     /* valid from step > ST_ALL */
	int64_t dist[11];          /* valid from step > ST_DIST */
	struct grp_list groups;    /* valid from step > ST_GROUPS */
	struct grp_list months;    /* valid from step > ST_TREND */
	struct det *det;           /* valid from step > ST_DETRACTORS */
	size_t ndet;
	enum focus focus;
	long gsel, gtop, dsel, dtop;   /* selection and first row shown */
	int gpage, dpage;              /* rows that fit (from the last draw) */
	int editing;               /* 0; 1 typing since; 2 typing until */
	struct line_edit edit;
	char since_in[11];         /* since as typed, while until is typed */
	int utf8;                  /* the locale is UTF-8: block characters */
};

static const enum action nps_actions[] = {
	ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_PAGE_UP, ACT_TOP, ACT_BOTTOM, ACT_OPEN,
	ACT_NEXT_SECTION, ACT_PREV_SECTION, ACT_BREAKDOWN, ACT_RANGE, ACT_CANCEL, ACT_NONE
};

static const enum nps_by by_cycle[] = { NPS_BY_SEGMENT, NPS_BY_OWNER, NPS_BY_SURVEY, NPS_BY_MONTH };

static const char *by_word(enum nps_by by)
{
	switch (by) {
	case NPS_BY_OWNER: return "owner";
	case NPS_BY_SURVEY: return "survey";
	case NPS_BY_MONTH: return "month";
	default: return "segment";
	}
}

/* ---- data ------------------------------------------------------------------ */

static void grp_list_free(struct grp_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].label);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int grp_keep(const struct nps_group *g, void *ctx)
{
	struct grp_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n].label = xstrdup(g->label);
	l->v[l->n++].c = g->c;
	return 0;
}

static int grp_all(const struct nps_group *g, void *ctx)
{
	*(struct nps_counts *)ctx = g->c;
	return 0;
}

static void det_free(struct nps_view *nv)
{
	for (size_t i = 0; i < nv->ndet; i++) {
		free(nv->det[i].account);
		free(nv->det[i].name);
		free(nv->det[i].survey);
		free(nv->det[i].comment);
	}
	free(nv->det);
	nv->det = NULL;
	nv->ndet = 0;
}

static int det_keep(const struct nps_detractor *d, void *ctx)
{
	struct nps_view *nv = ctx;
	struct det *o = &nv->det[nv->ndet++];
	o->account_id = d->account_id;
	o->account = xstrdup(d->account);
	o->name = xstrdup(d->name);
	o->survey = xstrdup(d->survey);
	o->comment = xstrdup(d->comment);
	memcpy(o->date, d->date, sizeof o->date);
	o->score = d->score;
	return 0;
}

/* Forget the groups only (b switched the breakdown). */
static void drop_groups(struct nps_view *nv)
{
	grp_list_free(&nv->groups);
	nv->gsel = nv->gtop = 0;
	if (nv->step > ST_GROUPS)
		nv->step = ST_GROUPS;
}

/* Forget every figure: the next idle calls read them again. */
static void drop_all(struct nps_view *nv)
{
	grp_list_free(&nv->groups);
	grp_list_free(&nv->months);
	det_free(nv);
	memset(&nv->all, 0, sizeof nv->all);
	memset(nv->dist, 0, sizeof nv->dist);
	nv->step = ST_DETRACTORS;
	nv->failed = 0;
}

/* Run the next query; -1 (and a message) on failure. */
static int run_step(struct view *v)
{
	struct nps_view *nv = v->data;
	struct store *s = v->t->s;
	const struct date_range *r = &nv->range;
	char err[256];
	int rc = 0;
	switch (nv->step) {
	case ST_DETRACTORS:
		nv->det = xcalloc(DET_MAX, sizeof *nv->det);
		rc = nps_detractors_recent(s, r, DET_MAX, det_keep, nv, err, sizeof err);
		break;
	case ST_ALL:
		memset(&nv->all, 0, sizeof nv->all);
		rc = nps_groups(s, NPS_BY_NONE, r, grp_all, &nv->all, err, sizeof err);
		break;
	case ST_DIST:
		rc = nps_distribution(s, r, nv->dist, err, sizeof err);
		break;
	case ST_TREND:
		rc = nps_groups(s, NPS_BY_MONTH, r, grp_keep, &nv->months, err, sizeof err);
		break;
	case ST_GROUPS:
		rc = nps_groups(s, nv->by, r, grp_keep, &nv->groups, err, sizeof err);
		break;
	case ST_DONE:
		return 0;
	}
	if (rc != 0) {
		tui_message(v->t, 1, "nps: %s", err);
		nv->failed = 1;
		return -1;
	}
	nv->step++;
	return 0;
}

static long elapsed_ns(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000000000L + (t1.tv_nsec - t0->tv_nsec);
}

/* After a paint: run queries for about SLICE_NS, then let the screen show
 * what is there. */
static int nps_idle(struct view *v)
{
	struct nps_view *nv = v->data;
	if (nv->step >= ST_DONE || nv->failed || nv->editing)
		return 0;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (nv->step < ST_DONE && !nv->failed && !nv->editing) {
		if (run_step(v) != 0 || elapsed_ns(&t0) > SLICE_NS)
			break;
	}
	return 1;
}

/* ---- open, close --------------------------------------------------------------- */

static void nps_open(struct view *v)
{
	struct nps_view *nv = xcalloc(1, sizeof *nv);
	v->data = nv;
	nv->by = NPS_BY_SEGMENT;
	nv->gpage = nv->dpage = 1;
	const char *cs = nl_langinfo(CODESET);
	nv->utf8 = cs && strcmp(cs, "UTF-8") == 0;
	nv->stamp = roles_data_stamp(v->t->s);
	drop_all(nv);
}

static void nps_close(struct view *v)
{
	struct nps_view *nv = v->data;
	drop_all(nv);
	free(nv);
	v->data = NULL;
}

/* ---- drawing ------------------------------------------------------------------- */

/* Tenths as "-12.3" (the report's format). */
static void fmt_tenths(char *buf, size_t len, int64_t tenths)
{
	uint64_t a = tenths < 0 ? (uint64_t)0 - (uint64_t)tenths : (uint64_t)tenths;
	snprintf(buf, len, "%s%llu.%u", tenths < 0 ? "-" : "", (unsigned long long)(a / 10),
		 (unsigned)(a % 10));
}

static void fmt_score(char *buf, size_t len, const struct nps_counts *c)
{
	fmt_tenths(buf, len, nps_score_tenths(c));
}

static void fmt_moe(char *buf, size_t len, const struct nps_counts *c)
{
	fmt_tenths(buf, len, (int64_t)llround(nps_moe(c) * 10.0));
}

static void range_text(const struct date_range *r, char *buf, size_t len)
{
	if (!r->since[0] && !r->until[0])
		snprintf(buf, len, "all dates");
	else if (!r->until[0])
		snprintf(buf, len, "since %s", r->since);
	else if (!r->since[0])
		snprintf(buf, len, "until %s", r->until);
	else
		snprintf(buf, len, "%s .. %s", r->since, r->until);
}

/* Row 0: the score; row 1: range and breakdown, or the range prompt. */
static void draw_head(struct view *v, WINDOW *w, int cols)
{
	struct nps_view *nv = v->data;
	char line[1200], a[32], b[32], rt[64];
	wattrset(w, A_BOLD);
	if (nv->step <= ST_ALL) {
		snprintf(line, sizeof line, "NPS  computing...");
	} else if (nv->all.n == 0) {
		snprintf(line, sizeof line, "NPS  no responses");
	} else {
		fmt_score(a, sizeof a, &nv->all);
		fmt_moe(b, sizeof b, &nv->all);
		const struct nps_counts *c = &nv->all;
		snprintf(line, sizeof line, "NPS %s  \xc2\xb1%s  n %lld: %lld promoter%s, %lld passive%s,"
			 " %lld detractor%s", a, b, (long long)c->n, (long long)c->promoters,
			 c->promoters == 1 ? "" : "s", (long long)c->passives, c->passives == 1 ? "" : "s",
			 (long long)c->detractors, c->detractors == 1 ? "" : "s");
		if (!nv->utf8)   /* no plus-minus sign outside UTF-8 */
			memcpy(strstr(line, "\xc2\xb1"), "+-", 2);
	}
	draw_text(w, 0, 1, line, cols - 2, 1, 0);
	wattrset(w, A_NORMAL);
	if (nv->editing) {
		snprintf(line, sizeof line, "%s (YYYY-MM-DD, empty = open, Enter, Esc cancels): %s_",
			 nv->editing == 1 ? "Since" : "Until", nv->edit.buf);
		wattrset(w, A_BOLD);
		draw_text(w, 1, 1, line, cols - 2, 1, 0);
		wattrset(w, A_NORMAL);
		return;
	}
	range_text(&nv->range, rt, sizeof rt);
	snprintf(line, sizeof line, "Range: %s (%s)   Breakdown: %s (%s)", rt,
		 keymap_key_name(ACT_RANGE), by_word(nv->by), keymap_key_name(ACT_BREAKDOWN));
	draw_text(w, 1, 1, line, cols - 2, 1, 0);
}

/* A bar of n cells: full blocks, or '#'. */
static void bar_text(const struct nps_view *nv, int n, char *buf, size_t len)
{
	size_t o = 0;
	for (int i = 0; i < n && o + 4 < len; i++) {
		if (nv->utf8) {
			memcpy(buf + o, "\xe2\x96\x88", 3);
			o += 3;
		} else {
			buf[o++] = '#';
		}
	}
	buf[o] = '\0';
}

/* The 0-10 distribution at (y, x), 12 rows, width wd: 10 at the top. */
static void draw_dist(struct view *v, WINDOW *w, int y, int x, int wd)
{
	struct nps_view *nv = v->data;
	struct tui *t = v->t;
	wattrset(w, A_BOLD);
	draw_text(w, y, x, "Scores (P 9-10, D 0-6)", wd, 1, 0);
	wattrset(w, A_NORMAL);
	if (nv->step <= ST_DIST) {
		draw_text(w, y + 1, x, "computing...", wd, 1, 0);
		return;
	}
	int64_t max = 0;
	for (int s = 0; s <= 10; s++)
		if (nv->dist[s] > max)
			max = nv->dist[s];
	char cnt[24], bar[512], lab[8];
	int cw = 1;
	for (int s = 0; s <= 10; s++) {
		int n = snprintf(cnt, sizeof cnt, "%lld", (long long)nv->dist[s]);
		if (n > cw)
			cw = n;
	}
	int bw = wd - 5 - 1 - cw;   /* "10 P " bar " " count */
	if (bw < 1)
		bw = 1;
	for (int s = 10; s >= 0; s--) {
		int row = y + 1 + (10 - s);
		int cat = nps_category(s);
		snprintf(lab, sizeof lab, "%2d %c ", s, cat > 0 ? 'P' : cat < 0 ? 'D' : ' ');
		draw_text(w, row, x, lab, 5, 0, 0);
		int n = max ? (int)((nv->dist[s] * bw + max / 2) / max) : 0;
		if (nv->dist[s] && n == 0)
			n = 1;
		bar_text(nv, n, bar, sizeof bar);
		wattrset(w, cat > 0 ? draw_attr(t, C_GOOD) : cat < 0 ? draw_attr(t, C_BAD) : A_NORMAL);
		draw_text(w, row, x + 5, bar, bw, 1, 0);
		wattrset(w, A_NORMAL);
		snprintf(cnt, sizeof cnt, "%lld", (long long)nv->dist[s]);
		draw_text(w, row, x + 5 + bw + 1, cnt, cw, 1, 1);
	}
}

/* Keep sel inside [0, n) and on the page starting at top. */
static void clamp(long *sel, long *top, long n, int page)
{
	if (*sel >= n)
		*sel = n - 1;
	if (*sel < 0)
		*sel = 0;
	if (*top > *sel)
		*top = *sel;
	if (*top < *sel - page + 1)
		*top = *sel - page + 1;
	if (*top > n - page)
		*top = n - page;
	if (*top < 0)
		*top = 0;
}

/* The breakdown table at (y, x), h rows (title included), width wd. */
static void draw_groups(struct view *v, WINDOW *w, int y, int x, int wd, int h)
{
	struct nps_view *nv = v->data;
	struct tui *t = v->t;
	int full = wd >= 14 + 8 + 3 * 7 + 7 + 6;   /* room for P, Pa and D */
	int lw = wd - (full ? 8 + 3 * 7 + 7 + 6 : 8 + 7 + 6);
	char line[512];
	if (full)
		snprintf(line, sizeof line, "%-*s %7s %6s %6s %6s %6s %5s", lw - 1, "By ", "n", "prom",
			 "pass", "detr", "NPS", "\xc2\xb1");
	else
		snprintf(line, sizeof line, "%-*s %7s %6s %5s", lw - 1, "By ", "n", "NPS", "\xc2\xb1");
	/* the title cell names the breakdown */
	char title[32];
	snprintf(title, sizeof title, "By %s", by_word(nv->by));
	memcpy(line, title, strlen(title));
	if (!nv->utf8) {
		char *pm = strstr(line, "\xc2\xb1");
		if (pm)
			memcpy(pm, "+-", 2);
	}
	wattrset(w, A_BOLD | (nv->focus == F_GROUPS ? A_UNDERLINE : 0));
	draw_text(w, y, x, line, wd, 1, 0);
	wattrset(w, A_NORMAL);
	nv->gpage = h - 1 > 1 ? h - 1 : 1;
	if (nv->step <= ST_GROUPS) {
		draw_text(w, y + 1, x, "computing...", wd, 1, 0);
		return;
	}
	clamp(&nv->gsel, &nv->gtop, (long)nv->groups.n, nv->gpage);
	for (int i = 0; i < nv->gpage; i++) {
		long k = nv->gtop + i;
		if (k >= (long)nv->groups.n)
			break;
		const struct grp *g = &nv->groups.v[k];
		int sel = nv->focus == F_GROUPS && k == nv->gsel;
		wattrset(w, sel ? draw_attr(t, C_SELECT) : A_NORMAL);
		mvwhline(w, y + 1 + i, x, ' ', wd);
		draw_text(w, y + 1 + i, x, g->label, lw - 1, 1, 0);
		char sc[32], moe[32];
		fmt_score(sc, sizeof sc, &g->c);
		fmt_moe(moe, sizeof moe, &g->c);
		if (full)
			snprintf(line, sizeof line, "%7lld %6lld %6lld %6lld %6s %5s", (long long)g->c.n,
				 (long long)g->c.promoters, (long long)g->c.passives,
				 (long long)g->c.detractors, sc, moe);
		else
			snprintf(line, sizeof line, "%7lld %6s %5s", (long long)g->c.n, sc, moe);
		draw_text(w, y + 1 + i, x + lw, line, wd - lw, 0, 0);
	}
	wattrset(w, A_NORMAL);
}

/* The monthly trend on one row: a sparkline of the months' NPS scaled
 * between the lowest and the highest month shown, the latest at the right. */
static void draw_trend(struct view *v, WINDOW *w, int y, int cols)
{
	struct nps_view *nv = v->data;
	static const char *const blocks[8] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
	};
	static const char ascii[] = "_.-:=+*#";
	wattrset(w, A_BOLD);
	draw_text(w, y, 1, "Trend", 5, 0, 0);
	wattrset(w, A_NORMAL);
	if (nv->step <= ST_TREND) {
		draw_text(w, y, 7, "computing...", cols - 8, 1, 0);
		return;
	}
	if (!nv->months.n) {
		draw_text(w, y, 7, "no months", cols - 8, 1, 0);
		return;
	}
	/* "Trend 2024-01 <spark> 2024-06  low -12.0 high 40.0 last 33.3" */
	int room = cols - 7 - 8 - 8 - 38;
	if (room < 4)
		room = 4;
	size_t n = nv->months.n, first = n > (size_t)room ? n - (size_t)room : 0;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (size_t i = first; i < n; i++) {
		int64_t s = nps_score_tenths(&nv->months.v[i].c);
		lo = s < lo ? s : lo;
		hi = s > hi ? s : hi;
	}
	char line[2048], spark[1600], a[32], b[32], c[32];
	size_t o = 0;
	for (size_t i = first; i < n && o + 4 < sizeof spark; i++) {
		int64_t s = nps_score_tenths(&nv->months.v[i].c);
		int lvl = hi > lo ? (int)((s - lo) * 7 / (hi - lo)) : 3;
		if (nv->utf8) {
			memcpy(spark + o, blocks[lvl], 3);
			o += 3;
		} else {
			spark[o++] = ascii[lvl];
		}
	}
	spark[o] = '\0';
	fmt_tenths(a, sizeof a, lo);
	fmt_tenths(b, sizeof b, hi);
	fmt_score(c, sizeof c, &nv->months.v[n - 1].c);
	snprintf(line, sizeof line, "%s %s %s  low %s high %s last %s", nv->months.v[first].label,
		 spark, nv->months.v[n - 1].label, a, b, c);
	draw_text(w, y, 7, line, cols - 8, 1, 0);
}

/* The detractors from row y to y + h - 1 (title included). */
static void draw_detractors(struct view *v, WINDOW *w, int y, int h, int cols)
{
	struct nps_view *nv = v->data;
	struct tui *t = v->t;
	char line[512];
	if (nv->step <= ST_DETRACTORS)
		snprintf(line, sizeof line, "Recent detractors  computing...");
	else if (nv->step <= ST_ALL)
		snprintf(line, sizeof line, "Recent detractors, newest first");
	else if (nv->all.detractors > (int64_t)nv->ndet)
		snprintf(line, sizeof line, "Recent detractors, newest first (latest %zu of %lld)",
			 nv->ndet, (long long)nv->all.detractors);
	else
		snprintf(line, sizeof line, "Recent detractors, newest first (%zu)", nv->ndet);
	wattrset(w, A_BOLD | (nv->focus == F_DETRACTORS ? A_UNDERLINE : 0));
	draw_text(w, y, 1, line, cols - 2, 1, 0);
	wattrset(w, A_NORMAL);
	nv->dpage = h - 1 > 1 ? h - 1 : 1;
	if (nv->step <= ST_DETRACTORS || h < 2)
		return;
	if (!nv->ndet) {
		draw_text(w, y + 1, 1, "none in this range", cols - 2, 0, 0);
		return;
	}
	/* date score key name [survey] comment */
	int kw = cols >= 120 ? 12 : 10, nw = cols >= 120 ? 30 : 18, sw = cols >= 100 ? 12 : 0;
	int cw = cols - 2 - (10 + 1 + 2 + 1 + kw + 1 + nw + 1 + (sw ? sw + 1 : 0));
	clamp(&nv->dsel, &nv->dtop, (long)nv->ndet, nv->dpage);
	for (int i = 0; i < nv->dpage; i++) {
		long k = nv->dtop + i;
		if (k >= (long)nv->ndet)
			break;
		const struct det *d = &nv->det[k];
		int sel = nv->focus == F_DETRACTORS && k == nv->dsel;
		attr_t base = sel ? draw_attr(t, C_SELECT) : A_NORMAL;
		int row = y + 1 + i, x = 1;
		wattrset(w, base);
		mvwhline(w, row, 0, ' ', cols);
		draw_text(w, row, x, d->date, 10, 1, 0);
		x += 11;
		char sc[8];
		snprintf(sc, sizeof sc, "%2d", d->score);
		wattrset(w, sel ? base : draw_attr(t, C_BAD));
		draw_text(w, row, x, sc, 2, 1, 0);
		x += 3;
		wattrset(w, base);
		draw_text(w, row, x, d->account, kw, 1, 0);
		x += kw + 1;
		draw_text(w, row, x, d->name, nw, 1, 0);
		x += nw + 1;
		if (sw) {
			draw_text(w, row, x, d->survey, sw, 1, 0);
			x += sw + 1;
		}
		if (cw > 0)
			draw_text(w, row, x, d->comment[0] ? d->comment : "-", cw, 0, 0);
	}
	wattrset(w, A_NORMAL);
}

static enum nps_by next_by(enum nps_by by)
{
	size_t k = 0, nb = sizeof by_cycle / sizeof *by_cycle;
	while (k < nb && by_cycle[k] != by)
		k++;
	return by_cycle[(k + 1) % nb];
}

static void footer(struct view *v, WINDOW *w, int y, int cols)
{
	struct nps_view *nv = v->data;
	char line[512], pos[64];
	int det = nv->focus == F_DETRACTORS;
	if (det)
		snprintf(pos, sizeof pos, "detractor %ld of %zu", nv->ndet ? nv->dsel + 1 : 0, nv->ndet);
	else
		snprintf(pos, sizeof pos, "%s %ld of %zu", by_word(nv->by),
			 nv->groups.n ? nv->gsel + 1 : 0, nv->groups.n);
	const char *enter = det ? "  %s open" : nv->by == NPS_BY_MONTH ? "  %s that month" : "%.0s";
	char ent[64];
	snprintf(ent, sizeof ent, enter, keymap_key_name(ACT_OPEN));
	snprintf(line, sizeof line, "%s %s  %s %s  %s by %s  %s dates", pos, ent,
		 keymap_key_name(ACT_NEXT_SECTION), det ? "breakdown" : "detractors",
		 keymap_key_name(ACT_BREAKDOWN), by_word(next_by(nv->by)), keymap_key_name(ACT_RANGE));
	mvwhline(w, y, 0, ' ', cols);
	draw_text(w, y, 1, line, cols - 2, 0, 0);
}

static void nps_draw(struct view *v, WINDOW *w, int rows, int cols)
{
	struct nps_view *nv = v->data;
	int64_t stamp = roles_data_stamp(v->t->s);
	if (stamp != nv->stamp) {
		nv->stamp = stamp;
		drop_all(nv);
	}
	draw_head(v, w, cols);
	if (nv->step > ST_ALL && nv->all.n == 0) {
		char line[256], rt[64];
		range_text(&nv->range, rt, sizeof rt);
		if (!nv->range.since[0] && !nv->range.until[0])
			snprintf(line, sizeof line, "No NPS responses yet: %s on an account's detail"
				 " records one; or import nps.", keymap_key_name(ACT_RECORD_NPS));
		else
			snprintf(line, sizeof line, "No responses in %s: %s changes the range, %s shows"
				 " all dates.", rt, keymap_key_name(ACT_RANGE), keymap_key_name(ACT_CANCEL));
		draw_text(w, 3, 1, line, cols - 2, 0, 0);
		footer(v, w, rows - 1, cols);
		return;
	}
	/* Top block: distribution | breakdown, 12 rows when there is room.
	 * Tall terminals get blank lines between the parts, and the rows
	 * beyond five detractors are shared between a long breakdown and
	 * the detractors. */
	int sep = rows >= 30;
	int y = 2 + sep;
	int block = 12;
	int spare = rows - 1 - y - block - sep - 1 - sep - 1 - 5;
	if (spare < 0) {
		sep = 0;
		y = 2;
		block = rows - 1 - y - 4;          /* leave trend, title and 2 detractors */
		if (block > 12)
			block = 12;
	} else if (nv->step > ST_GROUPS && (long)nv->groups.n + 1 > block) {
		long more = (long)nv->groups.n + 1 - block;
		block += (int)(more < spare / 2 ? more : spare / 2);
	}
	int side = cols >= 64;                 /* the distribution beside the table */
	if (block >= 12 && side) {
		int lw = cols >= 120 ? 44 : cols >= 100 ? 36 : 30;
		draw_dist(v, w, y, 1, lw);
		draw_groups(v, w, y, lw + 3, cols - lw - 4, block);
	} else if (block >= 3) {
		draw_groups(v, w, y, 1, cols - 2, block);
	} else {
		block = 0;
	}
	y += block + sep;
	if (y < rows - 2) {
		draw_trend(v, w, y, cols);
		y += 1 + sep;
	}
	if (y < rows - 1)
		draw_detractors(v, w, y, rows - 1 - y, cols);
	footer(v, w, rows - 1, cols);
}

/* ---- actions ---------------------------------------------------------------------- */

/* Enter on a month of the breakdown: narrow the range to that month. */
static void narrow_to_month(struct view *v)
{
	struct nps_view *nv = v->data;
	if (nv->by != NPS_BY_MONTH || nv->gsel >= (long)nv->groups.n)
		return;
	char since[16], until[16], err[256];
	int32_t start, end;
	snprintf(since, sizeof since, "%.7s", nv->groups.v[nv->gsel].label);
	if (value_period(since, &start, &end, err, sizeof err) != 0) {
		tui_message(v->t, 1, "%s", err);
		return;
	}
	value_date_fmt(start, since, sizeof since);
	value_date_fmt(end, until, sizeof until);
	if (date_range_set(&nv->range, since, until, err, sizeof err) != 0) {
		tui_message(v->t, 1, "%s", err);
		return;
	}
	nv->dsel = nv->dtop = nv->gsel = nv->gtop = 0;
	drop_all(nv);
}

static void move_sel(struct view *v, long delta, int page_move)
{
	struct nps_view *nv = v->data;
	long *sel = nv->focus == F_DETRACTORS ? &nv->dsel : &nv->gsel;
	long *top = nv->focus == F_DETRACTORS ? &nv->dtop : &nv->gtop;
	long n = nv->focus == F_DETRACTORS ? (long)nv->ndet : (long)nv->groups.n;
	int page = nv->focus == F_DETRACTORS ? nv->dpage : nv->gpage;
	*sel += delta;
	if (page_move)
		*top += delta;
	clamp(sel, top, n, page);
}

static int nps_action(struct view *v, enum action a)
{
	struct nps_view *nv = v->data;
	int page = nv->focus == F_DETRACTORS ? nv->dpage : nv->gpage;
	switch (a) {
	case ACT_DOWN: move_sel(v, 1, 0); return 1;
	case ACT_UP: move_sel(v, -1, 0); return 1;
	case ACT_PAGE_DOWN: move_sel(v, page, 1); return 1;
	case ACT_PAGE_UP: move_sel(v, -page, 1); return 1;
	case ACT_TOP: move_sel(v, -(1L << 40), 1); return 1;
	case ACT_BOTTOM: move_sel(v, 1L << 40, 1); return 1;
	case ACT_NEXT_SECTION:
	case ACT_PREV_SECTION:
		nv->focus = nv->focus == F_DETRACTORS ? F_GROUPS : F_DETRACTORS;
		return 1;
	case ACT_OPEN:
		if (nv->focus == F_GROUPS)
			narrow_to_month(v);
		else if (nv->dsel < (long)nv->ndet)
			accounts_open_detail(v->t, nv->det[nv->dsel].account_id);
		return 1;
	case ACT_BREAKDOWN:
		nv->by = next_by(nv->by);
		drop_groups(nv);
		nv->failed = 0;
		return 1;
	case ACT_RANGE:
		nv->editing = 1;
		line_edit_set(&nv->edit, nv->range.since);
		return 1;
	case ACT_CANCEL:
		if (nv->range.since[0] || nv->range.until[0]) {
			memset(&nv->range, 0, sizeof nv->range);
			nv->dsel = nv->dtop = nv->gsel = nv->gtop = 0;
			drop_all(nv);
		}
		return 1;
	case ACT_REFRESH:
		drop_all(nv);
		return 0;   /* the loop also repaints */
	default:
		return 0;
	}
}

static int nps_wants_text(struct view *v)
{
	struct nps_view *nv = v->data;
	return nv->editing != 0;
}

/* The range prompt: since, then until; each checked as a calendar date. */
static int nps_text_key(struct view *v, wint_t ch, int is_code)
{
	struct nps_view *nv = v->data;
	char err[256];
	if (!is_code && ch == 27) {
		nv->editing = 0;
		tui_message(v->t, 0, "range unchanged");
		return 1;
	}
	if ((!is_code && (ch == '\r' || ch == '\n')) || (is_code && ch == KEY_ENTER)) {
		int32_t day;
		if (nv->edit.len && value_date(nv->edit.buf, &day, err, sizeof err) != 0) {
			tui_message(v->t, 1, "%s: %s", nv->editing == 1 ? "since" : "until", err);
			return 1;
		}
		if (nv->editing == 1) {
			strlcpy_r(nv->since_in, nv->edit.buf, sizeof nv->since_in);
			nv->editing = 2;
			line_edit_set(&nv->edit, nv->range.until);
			return 1;
		}
		if (nv->since_in[0] && nv->edit.len && strcmp(nv->since_in, nv->edit.buf) > 0) {
			tui_message(v->t, 1, "until %s is before since %s", nv->edit.buf, nv->since_in);
			return 1;
		}
		struct date_range r;
		if (date_range_set(&r, nv->since_in, nv->edit.buf, err, sizeof err) != 0) {
			tui_message(v->t, 1, "%s", err);
			return 1;
		}
		nv->editing = 0;
		nv->range = r;
		nv->dsel = nv->dtop = nv->gsel = nv->gtop = 0;
		drop_all(nv);
		return 1;
	}
	line_edit_key(&nv->edit, ch, is_code);
	return 1;
}

const struct view_ops nps_view_ops = {
	.name = "nps",
	.title = "NPS",
	.key = ACT_NPS,
	.actions = nps_actions,
	.open = nps_open,
	.draw = nps_draw,
	.action = nps_action,
	.text_key = nps_text_key,
	.idle = nps_idle,
	.wants_text = nps_wants_text,
	.close = nps_close,
};
