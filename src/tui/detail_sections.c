/* The account detail's sections as lines of text: overview, contacts,
 * team, NPS history, financials, activity, notes, change history.  Each
 * builder walks the core's rows (rapport/detail.h, analytics.h) once and
 * lays them out for the width given, UTF-8 aware (widths by wcwidth, as
 * draw_text cuts); items record which lines show which record, for the
 * keys that act on the selected one. */
#include "view_detail.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "rapport/util.h"
#include "rapport/values.h"

#define HISTORY_LIMIT 2000   /* change-log rows shown (newest) */
#define LABEL_W 11           /* overview labels */

const char *const section_titles[SEC_COUNT] = {
	"Overview", "Contacts", "Team", "NPS", "Financials", "Activity", "Notes", "History"
};

/* ---- text helpers --------------------------------------------------------- */

/* Width of the next character of s (control characters and bad bytes: 1,
 * as draw_text shows them) and its byte length. */
static size_t char_at(const char *s, int *width)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	wchar_t wc;
	size_t r = mbrtowc(&wc, s, MB_CUR_MAX, &st);
	if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
		*width = 1;
		return 1;
	}
	int w = wc < 0x20 || (wc >= 0x7f && wc < 0xa0) ? 1 : wcwidth(wc);
	*width = w < 0 ? 1 : w;
	return r;
}

/* Append s cut to width columns, padded with spaces (right-aligned when right). */
static void put_cell(struct strbuf *b, const char *s, int width, int right)
{
	if (width <= 0)
		return;
	if (!s)
		s = "";
	size_t n = 0;
	int used = 0;
	while (s[n]) {
		int w;
		size_t len = char_at(s + n, &w);
		if (used + w > width)
			break;
		used += w;
		n += len;
	}
	if (right)
		for (int i = used; i < width; i++)
			sb_putc(b, ' ');
	sb_append(b, s, n);
	if (!right)
		for (int i = used; i < width; i++)
			sb_putc(b, ' ');
}

/* A number right-aligned in width columns; "###" when it does not fit
 * (a cut number would read as another number). */
static void put_num(struct strbuf *b, const char *s, int width)
{
	if ((int)strlen(s) <= width) {
		put_cell(b, s, width, 1);
		return;
	}
	for (int i = 0; i < width; i++)
		sb_putc(b, '#');
}

/* Cents as "1,234,567.89". */
static const char *money(int64_t cents, char *buf, size_t len)
{
	char plain[32];
	value_money_fmt(cents, plain, sizeof plain);
	const char *p = plain;
	size_t o = 0;
	if (*p == '-' && o + 1 < len)
		buf[o++] = *p++;
	const char *dot = strchr(p, '.');
	size_t digits = dot ? (size_t)(dot - p) : strlen(p);
	for (size_t i = 0; i < digits && o + 2 < len; i++) {
		if (i && (digits - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = p[i];
	}
	for (const char *q = p + digits; *q && o + 1 < len; q++)
		buf[o++] = *q;
	buf[o] = '\0';
	return buf;
}

/* "2024-05-01T12:00:00.000Z" -> "2024-05-01 12:00" */
static void short_time(const char *iso, char *buf, size_t len)
{
	snprintf(buf, len, "%.10s %.5s", iso ? iso : "", iso && strlen(iso) > 11 ? iso + 11 : "");
}

int32_t detail_today(struct tui *t)
{
	int32_t d = 0;
	char err[VALUE_ERR_MAX];
	if (value_today(&d, err, sizeof err) != 0)
		tui_message(t, 1, "%s", err);
	return d;
}

/* printf into a new string. */
static char *vformat(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return xstrdup("");
	char *s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

/* ---- lines and items ----------------------------------------------------------- */

void detail_clear(struct detail_view *dv)
{
	for (int i = 0; i < dv->nlines; i++)
		free(dv->lines[i].text);
	for (int i = 0; i < dv->nitems; i++)
		free(dv->items[i].label);
	dv->nlines = dv->nitems = 0;
}

static void push_line(struct detail_view *dv, int style, int item, char *text)
{
	if (dv->nlines == dv->cap_lines) {
		dv->cap_lines = dv->cap_lines ? dv->cap_lines * 2 : 64;
		dv->lines = xrealloc(dv->lines, (size_t)dv->cap_lines * sizeof *dv->lines);
	}
	struct dline *l = &dv->lines[dv->nlines++];
	l->text = text;
	l->item = item;
	l->style = style;
	if (item >= 0) {
		struct ditem *it = &dv->items[item];
		if (it->first < 0)
			it->first = dv->nlines - 1;
		it->last = dv->nlines - 1;
	}
}

static void add_line(struct detail_view *dv, int style, int item, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add_line(struct detail_view *dv, int style, int item, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = vformat(fmt, ap);
	va_end(ap);
	push_line(dv, style, item, s);
}

/* Lines of text wrapped at width columns; the first starts with first
 * (a label, padded to indent columns), the others with indent spaces.
 * Newlines in text break lines. */
static void add_wrapped(struct detail_view *dv, int style, int item, int indent, const char *first,
			const char *text, int width)
{
	int room = width - indent;
	if (room < 8)
		room = 8;
	const char *p = text ? text : "";
	int line_no = 0;
	do {
		/* take as much as fits, breaking after the last space */
		size_t n = 0, brk = 0;
		int used = 0;
		while (p[n] && p[n] != '\n') {
			int w;
			size_t len = char_at(p + n, &w);
			if (used + w > room)
				break;
			used += w;
			n += len;
			if (p[n - 1] == ' ')
				brk = n;
		}
		if (p[n] && p[n] != '\n' && brk > 0)
			n = brk;
		struct strbuf b = { 0 };
		if (line_no == 0)
			put_cell(&b, first, indent, 0);
		else
			for (int i = 0; i < indent; i++)
				sb_putc(&b, ' ');
		size_t end = n;
		while (end > 0 && p[end - 1] == ' ')
			end--;
		sb_append(&b, p, end);
		push_line(dv, style, item, xstrdup(sb_str(&b)));
		sb_free(&b);
		p += n;
		if (*p == '\n')
			p++;
		while (*p == ' ')
			p++;
		line_no++;
	} while (*p);
}

static int new_item(struct detail_view *dv, const char *kind, int64_t id, int64_t version,
		    const char *label_fmt, ...) __attribute__((format(printf, 5, 6)));
static int new_item(struct detail_view *dv, const char *kind, int64_t id, int64_t version,
		    const char *label_fmt, ...)
{
	if (dv->nitems == dv->cap_items) {
		dv->cap_items = dv->cap_items ? dv->cap_items * 2 : 32;
		dv->items = xrealloc(dv->items, (size_t)dv->cap_items * sizeof *dv->items);
	}
	struct ditem *it = &dv->items[dv->nitems];
	memset(it, 0, sizeof *it);
	it->k = kind_find_any(kind);
	it->id = id;
	it->version = version;
	it->first = it->last = -1;
	it->role = -1;
	va_list ap;
	va_start(ap, label_fmt);
	char *label = vformat(label_fmt, ap);
	va_end(ap);
	/* cut for the one-line "Delete ...?" question */
	struct strbuf cut = { 0 };
	put_cell(&cut, label, 48, 0);
	while (cut.len && cut.s[cut.len - 1] == ' ')
		cut.s[--cut.len] = '\0';
	if (draw_width(label) > 48)
		sb_puts(&cut, "...");
	it->label = xstrdup(sb_str(&cut));
	sb_free(&cut);
	free(label);
	return dv->nitems++;
}

/* A heading line of table columns. */
static void add_head(struct detail_view *dv, const char *const *titles, const int *widths,
		     const int *right, int n)
{
	struct strbuf b = { 0 };
	for (int i = 0; i < n; i++) {
		if (widths[i] <= 0)
			continue;
		put_cell(&b, titles[i], widths[i], right ? right[i] : 0);
		sb_putc(&b, ' ');
	}
	push_line(dv, ST_HEAD, -1, xstrdup(sb_str(&b)));
	sb_free(&b);
}

/* ---- building the sections ------------------------------------------------------ */

struct build {
	struct detail_view *dv;
	struct tui *t;
	int width;    /* columns for text */
	int n;        /* rows seen */
};

static void kv(struct build *b, int style, const char *label, const char *value)
{
	add_wrapped(b->dv, style, -1, LABEL_W, label, value && *value ? value : "-", b->width);
}

static const char *const attr_names[SPECTRUM_NATTR] = {
	"alternatives", "dynamism", "importance", "complexity", "info exchange", "linkages"
};

static void build_overview(struct build *b)
{
	struct detail_view *dv = b->dv;
	const struct detail_overview *ov = &dv->ov;
	char line[512], m1[32], m2[32], m3[32], m4[32], m5[32];

	snprintf(line, sizeof line, "segment %s, industry %s, country %s",
		 ov->segment ? ov->segment : "-", ov->industry ? ov->industry : "-",
		 ov->country ? ov->country : "-");
	kv(b, ST_NORMAL, "Profile", line);

	if (ov->ladder)
		snprintf(line, sizeof line, "rung %d of 8: %s", ov->ladder, ladder_rung_words[ov->ladder]);
	else
		snprintf(line, sizeof line, "not rated");
	kv(b, ST_NORMAL, "Ladder", line);

	struct strbuf sp = { 0 };
	if (ov->position == POSITION_UNKNOWN)
		sb_puts(&sp, "unknown (no attributes rated)");
	else if (ov->has_score)
		sb_printf(&sp, "%s%s, score %.1f", spectrum_words[ov->position],
			  ov->explicit_pos ? " (set explicitly)" : "", ov->score);
	else
		sb_printf(&sp, "%s (set explicitly), no attributes rated", spectrum_words[ov->position]);
	for (int i = 0, n = 0; i < SPECTRUM_NATTR; i++)
		if (ov->attr[i])
			sb_printf(&sp, "%s%s %d", n++ ? ", " : " (", attr_names[i], ov->attr[i]);
	if (ov->has_score)
		sb_putc(&sp, ')');
	kv(b, ST_NORMAL, "Spectrum", sb_str(&sp));
	sb_free(&sp);

	if (!ov->has_wallet)
		snprintf(line, sizeof line, "no estimate (revenue last 365 days %s)",
			 money(ov->wallet_revenue, m1, sizeof m1));
	else if (ov->has_share)
		snprintf(line, sizeof line, "%s a year; revenue last 365 days %s = %.1f%% share, gap %s",
			 money(ov->wallet, m1, sizeof m1), money(ov->wallet_revenue, m2, sizeof m2),
			 ov->share_pct, money(ov->gap, m3, sizeof m3));
	else
		snprintf(line, sizeof line, "0.00; revenue last 365 days %s, gap %s",
			 money(ov->wallet_revenue, m2, sizeof m2), money(ov->gap, m3, sizeof m3));
	kv(b, ST_NORMAL, "Wallet", line);

	if (!ov->periods) {
		kv(b, ST_NORMAL, "Profit", "no financials");
		kv(b, ST_NORMAL, "Quadrant", "- (no financials)");
	} else {
		snprintf(line, sizeof line, "%s over %ld period%s: revenue %s, COGS %s, net margin %s, "
			 "cost-to-serve %s", money(ov->profit, m1, sizeof m1), ov->periods,
			 ov->periods == 1 ? "" : "s", money(ov->revenue, m2, sizeof m2),
			 money(ov->cogs, m3, sizeof m3), money(ov->net_margin, m4, sizeof m4),
			 money(ov->cost_to_serve, m5, sizeof m5));
		kv(b, ov->profit < 0 ? ST_BAD : ST_NORMAL, "Profit", line);
		if (dv->have_splits > 0) {
			enum quadrant q = grid_classify(&dv->splits, ov->net_margin, ov->cost_to_serve);
			int fixed = dv->splits.margin_fixed || dv->splits.cost_fixed;
			snprintf(line, sizeof line, "%s: %s margin, %s cost-to-serve (%s splits)%s",
				 quadrant_words[q],
				 q == QUADRANT_PASSIVE || q == QUADRANT_CARRIAGE_TRADE ? "high" : "low",
				 q == QUADRANT_CARRIAGE_TRADE || q == QUADRANT_AGGRESSIVE ? "high" : "low",
				 fixed ? "configured" : "median",
				 grid_below_break_even(ov->net_margin, ov->cost_to_serve) ?
				 "; below break-even" : "");
			kv(b, q == QUADRANT_AGGRESSIVE ? ST_BAD : ST_NORMAL, "Quadrant", line);
		} else {
			kv(b, ST_DIM, "Quadrant", "computing...");
		}
	}

	if (!ov->nps.n) {
		kv(b, ST_NORMAL, "NPS", "no responses yet (n records one)");
	} else {
		snprintf(line, sizeof line, "%+.1f from %lld response%s (promoters %lld, passives %lld, "
			 "detractors %lld); last %s scored %d", (double)ov->nps_tenths / 10.0,
			 (long long)ov->nps.n, ov->nps.n == 1 ? "" : "s", (long long)ov->nps.promoters,
			 (long long)ov->nps.passives, (long long)ov->nps.detractors, ov->nps_last,
			 ov->nps_last_score);
		kv(b, ov->nps_tenths < 0 ? ST_BAD : ST_NORMAL, "NPS", line);
	}
	snprintf(line, sizeof line, "relationship %s, project %s, problem %s",
		 ov->owner[ROLE_RELATIONSHIP] ? ov->owner[ROLE_RELATIONSHIP] : "(nobody)",
		 ov->owner[ROLE_PROJECT] ? ov->owner[ROLE_PROJECT] : "(nobody)",
		 ov->owner[ROLE_PROBLEM] ? ov->owner[ROLE_PROBLEM] : "(nobody)");
	kv(b, ST_NORMAL, "Owners", line);
	if (ov->notes)
		kv(b, ST_NORMAL, "Notes", ov->notes);
	char when[24];
	short_time(ov->updated_at, when, sizeof when);
	snprintf(line, sizeof line, "%s UTC (version %lld)", when, (long long)ov->version);
	kv(b, ST_DIM, "Changed", line);
}

static void contact_widths(int width, int *wn, int *wt, int *wr)
{
	*wn = width * 2 / 5 > 32 ? 32 : width * 2 / 5;
	*wt = *wn;
	*wr = width - *wn - *wt - 2;
	if (*wr > 12)
		*wr = 12;
}

static int contact_row(const struct detail_contact *c, void *ctx)
{
	struct build *b = ctx;
	struct detail_view *dv = b->dv;
	int it = new_item(dv, "contacts", c->id, c->version, "contact %s", c->name);
	if (c->id == dv->want_id && dv->want_kind == dv->items[it].k)
		dv->sel = it;
	int wn, wt, wr;
	contact_widths(b->width, &wn, &wt, &wr);
	struct strbuf s = { 0 };
	put_cell(&s, c->name, wn, 0);
	sb_putc(&s, ' ');
	put_cell(&s, c->title ? c->title : "", wt, 0);
	sb_putc(&s, ' ');
	put_cell(&s, c->buying_role ? c->buying_role : "", wr, 0);
	push_line(dv, ST_BOLD, it, xstrdup(sb_str(&s)));
	sb_reset(&s);
	if (c->email || c->phone) {
		sb_printf(&s, "%s%s%s", c->email ? c->email : "", c->email && c->phone ? "   " : "",
			  c->phone ? c->phone : "");
		add_wrapped(dv, ST_NORMAL, it, 4, "", sb_str(&s), b->width);
	}
	sb_free(&s);
	b->n++;
	return 0;
}

static void build_contacts(struct build *b, char *err, size_t errlen, int *failed)
{
	struct detail_view *dv = b->dv;
	int wn, wt, wr;
	contact_widths(b->width, &wn, &wt, &wr);
	static const char *const titles[] = { "Name", "Title", "Buying role" };
	int widths[] = { wn, wt, wr };
	add_head(dv, titles, widths, NULL, 3);
	if (detail_contacts(b->t->s, dv->id, contact_row, b, err, errlen) != 0)
		*failed = 1;
	if (!b->n)
		add_line(dv, ST_DIM, -1, "No contacts yet: press %s to add one.", keymap_key_name(ACT_ADD));
}

static int team_holder_width(int width)
{
	int w = width - 13 - 10 - 10 - 10 - 4;
	return w > 40 ? 40 : w;
}

static int team_row(const struct detail_role *r, void *ctx)
{
	struct build *b = ctx;
	struct detail_view *dv = b->dv;
	const char *role = role_kind_words[r->row.role];
	int it = new_item(dv, "roles", r->id, r->version, "%s role of %s", role,
			  r->row.staff ? r->row.staff : "nobody");
	dv->items[it].role = (int)r->row.role;
	if (r->id && r->id == dv->want_id && dv->want_kind == dv->items[it].k)
		dv->sel = it;
	int wh = team_holder_width(b->width);
	struct strbuf s = { 0 };
	put_cell(&s, role, 13, 0);
	sb_putc(&s, ' ');
	char holder[256];
	if (r->row.staff)
		snprintf(holder, sizeof holder, "%s%s%s", r->row.staff, r->staff_name ? "  " : "",
			 r->staff_name ? r->staff_name : "");
	else
		snprintf(holder, sizeof holder, "(nobody: %s assigns)", keymap_key_name(ACT_EDIT));
	put_cell(&s, holder, wh, 0);
	sb_putc(&s, ' ');
	put_cell(&s, r->row.last, 10, 0);
	sb_putc(&s, ' ');
	put_cell(&s, r->row.due, 10, 0);
	sb_putc(&s, ' ');
	put_cell(&s, role_status_words[r->row.status], 10, 0);
	int style = r->row.status == STATUS_OVERDUE ? ST_BAD :
		    r->row.status == STATUS_OK ? ST_GOOD : ST_NORMAL;
	push_line(dv, style, it, xstrdup(sb_str(&s)));
	sb_free(&s);
	return 0;
}

static void build_team(struct build *b, char *err, size_t errlen, int *failed)
{
	struct detail_view *dv = b->dv;
	static const char *const titles[] = { "Role", "Holder", "Last", "Due", "Status" };
	int widths[] = { 13, team_holder_width(b->width), 10, 10, 10 };
	add_head(dv, titles, widths, NULL, 5);
	if (detail_team(b->t->s, b->t->cfg, dv->id, detail_today(b->t), team_row, b, err, errlen) != 0)
		*failed = 1;
	add_line(dv, ST_NORMAL, -1, "%s", "");
	add_wrapped(dv, ST_DIM, -1, 0, "",
		    "Last: latest meeting / finished project / resolved problem.  Due: next "
		    "meeting, project feedback, or the earliest open problem.", b->width);
}

static int nps_row(const struct detail_nps *n, void *ctx)
{
	struct build *b = ctx;
	struct detail_view *dv = b->dv;
	int it = new_item(dv, "nps", n->id, n->version, "NPS response of %s (score %d)", n->date,
			  n->score);
	if (n->id == dv->want_id && dv->want_kind == dv->items[it].k)
		dv->sel = it;
	int wc = b->width >= 100 ? 20 : 14;
	struct strbuf s = { 0 };
	put_cell(&s, n->date, 10, 0);
	sb_putc(&s, ' ');
	char sc[8];
	snprintf(sc, sizeof sc, "%d", n->score);
	put_cell(&s, sc, 5, 1);
	sb_putc(&s, ' ');
	put_cell(&s, n->survey, 12, 0);
	sb_putc(&s, ' ');
	put_cell(&s, n->contact ? n->contact : "", wc, 0);
	sb_putc(&s, ' ');
	int indent = 10 + 1 + 5 + 1 + 12 + 1 + wc + 1;
	int style = n->score <= 6 ? ST_BAD : n->score >= 9 ? ST_GOOD : ST_NORMAL;
	add_wrapped(dv, style, it, indent, sb_str(&s), n->comment ? n->comment : "", b->width);
	sb_free(&s);
	b->n++;
	return 0;
}

static void build_nps(struct build *b, char *err, size_t errlen, int *failed)
{
	struct detail_view *dv = b->dv;
	const struct detail_overview *ov = &dv->ov;
	if (ov->nps.n)
		add_line(dv, ST_BOLD, -1, "NPS %+.1f from %lld responses: promoters %lld, passives %lld, "
			 "detractors %lld", (double)ov->nps_tenths / 10.0, (long long)ov->nps.n,
			 (long long)ov->nps.promoters, (long long)ov->nps.passives,
			 (long long)ov->nps.detractors);
	int wc = b->width >= 100 ? 20 : 14;
	static const char *const titles[] = { "Date", "Score", "Survey", "Contact", "Comment" };
	int widths[] = { 10, 5, 12, wc, b->width - 10 - 5 - 12 - wc - 4 };
	int right[] = { 0, 1, 0, 0, 0 };
	add_head(dv, titles, widths, right, 5);
	if (detail_nps_history(b->t->s, dv->id, nps_row, b, err, errlen) != 0)
		*failed = 1;
	if (!b->n)
		add_line(dv, ST_DIM, -1, "No responses yet: press %s to record one.",
			 keymap_key_name(ACT_RECORD_NPS));
}

struct fin_build {
	struct build *b;
	int mw;                   /* money column width */
	int basis;                /* room for the basis column */
	int64_t revenue, cogs, margin, cost, profit;
	long n;
};

static void fin_cells(struct fin_build *fb, struct strbuf *s, const char *label, int64_t rev,
		      int64_t cogs, int64_t margin, int64_t cost, int64_t profit)
{
	char m[32];
	put_cell(s, label, 7, 0);
	int64_t v[5] = { rev, cogs, margin, cost, profit };
	for (int i = 0; i < 5; i++) {
		sb_putc(s, ' ');
		put_num(s, money(v[i], m, sizeof m), fb->mw);
	}
}

static int fin_row(const struct period_profit *p, void *ctx)
{
	struct fin_build *fb = ctx;
	struct strbuf s = { 0 };
	fin_cells(fb, &s, p->period, p->revenue, p->cogs, p->net_margin, p->cost_to_serve, p->profit);
	sb_puts(&s, fb->basis ? (p->cost_given ? "  given" : "  ABC") : (p->cost_given ? " " : "*"));
	push_line(fb->b->dv, p->profit < 0 ? ST_BAD : ST_NORMAL, -1, xstrdup(sb_str(&s)));
	sb_free(&s);
	fb->revenue += p->revenue;
	fb->cogs += p->cogs;
	fb->margin += p->net_margin;
	fb->cost += p->cost_to_serve;
	fb->profit += p->profit;
	fb->n++;
	return 0;
}

struct abc_build {
	struct build *b;
	int n;
	int64_t total;
};

static int activity_width(int width)
{
	int w = width - 12 - 12 - 12 - 14 - 4;
	return w > 30 ? 30 : w;
}

static int abc_row(const struct activity_cost *a, void *ctx)
{
	struct abc_build *ab = ctx;
	char q[32], r[32], c[32];
	value_quantity_fmt(a->quantity, q, sizeof q);
	struct strbuf s = { 0 };
	int wa = activity_width(ab->b->width);
	put_cell(&s, a->activity, wa, 0);
	sb_putc(&s, ' ');
	put_num(&s, q, 12);
	sb_putc(&s, ' ');
	put_cell(&s, a->unit, 12, 0);
	sb_putc(&s, ' ');
	put_num(&s, money(a->rate, r, sizeof r), 12);
	sb_putc(&s, ' ');
	put_num(&s, money(a->cost, c, sizeof c), 14);
	push_line(ab->b->dv, ST_NORMAL, -1, xstrdup(sb_str(&s)));
	sb_free(&s);
	ab->n++;
	ab->total += a->cost;
	return 0;
}

static void build_financials(struct build *b, char *err, size_t errlen, int *failed)
{
	struct detail_view *dv = b->dv;
	struct fin_build fb = { .b = b };
	fb.mw = (b->width - 7 - 1) / 5 - 1;
	if (fb.mw > 16)
		fb.mw = 16;
	fb.basis = b->width - 7 - 5 * (fb.mw + 1) >= 7;
	static const char *const titles[] = { "Period", "Revenue", "COGS", "Net margin",
					      "Cost-to-serve", "Profit", "Basis" };
	int widths[] = { 7, fb.mw, fb.mw, fb.mw, fb.mw, fb.mw, fb.basis ? 6 : 0 };
	int right[] = { 0, 1, 1, 1, 1, 1, 0 };
	add_head(dv, titles, widths, right, 7);
	if (profit_periods(b->t->s, dv->id, NULL, fin_row, &fb, err, errlen) != 0) {
		*failed = 1;
		return;
	}
	if (!fb.n) {
		add_line(dv, ST_DIM, -1, "No financials yet (rapport import financials FILE).");
		return;
	}
	struct strbuf s = { 0 };
	fin_cells(&fb, &s, "Total", fb.revenue, fb.cogs, fb.margin, fb.cost, fb.profit);
	push_line(dv, ST_BOLD, -1, xstrdup(sb_str(&s)));
	sb_free(&s);
	if (!fb.basis)
		add_line(dv, ST_DIM, -1, "* cost-to-serve from activities x rates (ABC)");

	add_line(dv, ST_NORMAL, -1, "%s", "");
	add_line(dv, ST_BOLD, -1, "Activities behind the ABC cost-to-serve (periods without a given one)");
	static const char *const at[] = { "Activity", "Quantity", "Unit", "Rate", "Cost" };
	int aw[] = { activity_width(b->width), 12, 12, 12, 14 };
	int ar[] = { 0, 1, 0, 1, 1 };
	add_head(dv, at, aw, ar, 5);
	struct abc_build ab = { .b = b };
	if (profit_activity_costs(b->t->s, dv->id, NULL, abc_row, &ab, err, errlen) != 0) {
		*failed = 1;
		return;
	}
	if (!ab.n)
		add_line(dv, ST_DIM, -1, "none: every period's cost-to-serve is given directly");
}

static int meeting_row(const struct detail_meeting *m, void *ctx)
{
	struct build *b = ctx;
	struct detail_view *dv = b->dv;
	int it = new_item(dv, "meetings", m->id, m->version, "meeting of %s", m->date);
	if (m->id == dv->want_id && dv->want_kind == dv->items[it].k)
		dv->sel = it;
	add_line(dv, ST_BOLD, it, "%s  %s", m->date, m->staff ? m->staff : "(nobody)");
	if (m->notes)
		add_wrapped(dv, ST_NORMAL, it, 16, "    notes", m->notes, b->width);
	if (m->action_plan)
		add_wrapped(dv, ST_NORMAL, it, 16, "    action plan", m->action_plan, b->width);
	b->n++;
	return 0;
}

static int project_row(const struct detail_project *p, void *ctx)
{
	struct build *b = ctx;
	struct detail_view *dv = b->dv;
	int it = new_item(dv, "projects", p->id, p->version, "project %s", p->name);
	if (p->id == dv->want_id && dv->want_kind == dv->items[it].k)
		dv->sel = it;
	char fb[32] = "";
	if (p->feedback >= 0)
		snprintf(fb, sizeof fb, "  feedback %d", p->feedback);
	else if (p->finished)
		snprintf(fb, sizeof fb, "  feedback due");
	struct strbuf s = { 0 };
	sb_printf(&s, "%s  %s  %s .. %s%s", p->name, p->staff ? p->staff : "(nobody)",
		  p->started ? p->started : "?", p->finished ? p->finished : "open", fb);
	add_wrapped(dv, p->feedback >= 0 && p->feedback <= 6 ? ST_BAD : ST_BOLD, it, 0, "",
		    sb_str(&s), b->width);
	sb_free(&s);
	if (p->conditions)
		add_wrapped(dv, ST_NORMAL, it, 16, "    conditions", p->conditions, b->width);
	b->n++;
	return 0;
}

struct problem_build {
	struct build *b;
	char today[11];
};

static int problem_row(const struct detail_problem *p, void *ctx)
{
	struct problem_build *pb = ctx;
	struct build *b = pb->b;
	struct detail_view *dv = b->dv;
	int it = new_item(dv, "problems", p->id, p->version, "problem %s (opened %s)", p->title,
			  p->opened);
	if (p->id == dv->want_id && dv->want_kind == dv->items[it].k)
		dv->sel = it;
	struct strbuf s = { 0 };
	sb_printf(&s, "%s  %s  opened %s, due %s", p->title, p->staff ? p->staff : "(nobody)",
		  p->opened, p->due);
	if (p->resolved)
		sb_printf(&s, ", resolved %s", p->resolved);
	else
		sb_puts(&s, strcmp(p->due, pb->today) < 0 ? ", OVERDUE" : ", open");
	if (p->satisfaction >= 0)
		sb_printf(&s, ", satisfaction %d", p->satisfaction);
	int style = !p->resolved && strcmp(p->due, pb->today) < 0 ? ST_BAD : ST_BOLD;
	add_wrapped(dv, style, it, 0, "", sb_str(&s), b->width);
	sb_free(&s);
	b->n++;
	return 0;
}

static void build_activity(struct build *b, char *err, size_t errlen, int *failed)
{
	struct detail_view *dv = b->dv;
	int at = dv->nlines;
	add_line(dv, ST_HEAD, -1, "Meetings");
	b->n = 0;
	if (detail_meetings(b->t->s, dv->id, meeting_row, b, err, errlen) != 0)
		*failed = 1;
	free(dv->lines[at].text);
	dv->lines[at].text = xasprintf("Meetings (%d)", b->n);
	if (!b->n)
		add_line(dv, ST_DIM, -1, "  none: press %s to record one", keymap_key_name(ACT_RECORD_MEETING));
	add_line(dv, ST_NORMAL, -1, "%s", "");

	at = dv->nlines;
	add_line(dv, ST_HEAD, -1, "Projects");
	b->n = 0;
	if (!*failed && detail_projects(b->t->s, dv->id, project_row, b, err, errlen) != 0)
		*failed = 1;
	free(dv->lines[at].text);
	dv->lines[at].text = xasprintf("Projects (%d)", b->n);
	if (!b->n)
		add_line(dv, ST_DIM, -1, "  none: press %s to record one", keymap_key_name(ACT_RECORD_PROJECT));
	add_line(dv, ST_NORMAL, -1, "%s", "");

	at = dv->nlines;
	add_line(dv, ST_HEAD, -1, "Problems");
	b->n = 0;
	struct problem_build pb = { .b = b };
	value_date_fmt(detail_today(b->t), pb.today, sizeof pb.today);
	if (!*failed && detail_problems(b->t->s, dv->id, problem_row, &pb, err, errlen) != 0)
		*failed = 1;
	free(dv->lines[at].text);
	dv->lines[at].text = xasprintf("Problems (%d)", b->n);
	if (!b->n)
		add_line(dv, ST_DIM, -1, "  none: press %s to record one", keymap_key_name(ACT_RECORD_PROBLEM));
}

static int note_row(const struct detail_note *n, void *ctx)
{
	struct build *b = ctx;
	struct detail_view *dv = b->dv;
	char when[24];
	short_time(n->created_at, when, sizeof when);
	int it = new_item(dv, "notes", n->id, n->version, "note of %s", when);
	if (n->id == dv->want_id && dv->want_kind == dv->items[it].k)
		dv->sel = it;
	add_line(dv, ST_BOLD, it, "%s  %s", when, n->author ? n->author : "");
	add_wrapped(dv, ST_NORMAL, it, 4, "", n->body, b->width);
	b->n++;
	return 0;
}

static void build_notes(struct build *b, char *err, size_t errlen, int *failed)
{
	struct detail_view *dv = b->dv;
	if (detail_notes(b->t->s, dv->id, note_row, b, err, errlen) != 0)
		*failed = 1;
	if (!b->n)
		add_line(dv, ST_DIM, -1, "No notes yet: press %s to write one.", keymap_key_name(ACT_NOTE));
}

static int change_row(const struct detail_change *c, void *ctx)
{
	struct build *b = ctx;
	char when[24];
	short_time(c->at, when, sizeof when);
	struct strbuf head = { 0 }, what = { 0 };
	put_cell(&head, when, 16, 0);
	sb_putc(&head, ' ');
	put_cell(&head, c->actor ? c->actor : "?", 10, 0);
	sb_putc(&head, ' ');
	static const char *const short_names[][2] = {
		{ "accounts", "account" }, { "contacts", "contact" }, { "roles", "team role" },
		{ "nps", "NPS response" }, { "financials", "period" }, { "activities", "activity" },
		{ "meetings", "meeting" }, { "projects", "project" }, { "problems", "problem" },
		{ "notes", "note" }, { "decisions", "decision" }, { "action_items", "action item" },
	};
	const char *noun = c->kind;
	for (size_t i = 0; i < sizeof short_names / sizeof *short_names; i++)
		if (strcmp(c->kind, short_names[i][0]) == 0)
			noun = short_names[i][1];
	put_cell(&head, noun, 14, 0);
	sb_putc(&head, ' ');
	if (c->record)
		sb_printf(&what, "%s: ", c->record);
	if (strcmp(c->action, "update") == 0)
		sb_printf(&what, "%s: %s -> %s", c->field ? c->field : "?",
			  c->old_value ? c->old_value : "(empty)", c->new_value ? c->new_value : "(empty)");
	else
		sb_puts(&what, strcmp(c->action, "insert") == 0 ? "added" : "deleted");
	add_wrapped(b->dv, strcmp(c->action, "delete") == 0 ? ST_BAD : ST_NORMAL, -1, 43,
		    sb_str(&head), sb_str(&what), b->width);
	sb_free(&head);
	sb_free(&what);
	b->n++;
	return 0;
}

static void build_history(struct build *b, char *err, size_t errlen, int *failed)
{
	struct detail_view *dv = b->dv;
	static const char *const titles[] = { "When (UTC)", "Who", "Record", "Change" };
	int widths[] = { 16, 10, 14, b->width - 43 };
	add_head(dv, titles, widths, NULL, 4);
	long total = 0;
	if (detail_history(b->t->s, dv->id, HISTORY_LIMIT, &total, change_row, b, err, errlen) != 0)
		*failed = 1;
	if (!total)
		add_line(dv, ST_DIM, -1, "No changes recorded.");
	else if (total > b->n)
		add_line(dv, ST_DIM, -1, "... %ld older changes not shown", total - b->n);
}

void detail_build(struct view *v, int cols)
{
	struct detail_view *dv = v->data;
	int old_sel = dv->sel;
	detail_clear(dv);
	dv->sel = -1;
	dv->built = 1;
	dv->built_cols = cols;
	if (!dv->id || !dv->have_ov)
		return;
	struct build b = { dv, v->t, cols - 2, 0 };
	if (b.width < 20)
		b.width = 20;
	char err[256] = "";
	int failed = 0;
	switch (dv->sec) {
	case SEC_OVERVIEW: build_overview(&b); break;
	case SEC_CONTACTS: build_contacts(&b, err, sizeof err, &failed); break;
	case SEC_TEAM: build_team(&b, err, sizeof err, &failed); break;
	case SEC_NPS: build_nps(&b, err, sizeof err, &failed); break;
	case SEC_FINANCIALS: build_financials(&b, err, sizeof err, &failed); break;
	case SEC_ACTIVITY: build_activity(&b, err, sizeof err, &failed); break;
	case SEC_NOTES: build_notes(&b, err, sizeof err, &failed); break;
	case SEC_HISTORY: build_history(&b, err, sizeof err, &failed); break;
	case SEC_COUNT: break;
	}
	if (failed)
		tui_message(v->t, 1, "%s", err);
	if (dv->sel < 0 && dv->nitems)
		dv->sel = old_sel >= 0 && old_sel < dv->nitems ? old_sel : 0;
	dv->want_kind = NULL;
	dv->want_id = 0;
}

