/* The `report` subcommand's engine (see report.h).
 *
 * Each report turns the analytics core's results into rows of text cells
 * (NULL = missing) and hands them to a table writer.  csv and json stream
 * row by row; text keeps the cells to size the columns first.  Numbers are
 * formatted here with integer arithmetic ('.' as the decimal point,
 * whatever LC_NUMERIC says), money from cents, percentages from tenths. */
#include "rapport/report.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/analytics.h"
#include "rapport/csv.h"
#include "rapport/json.h"
#include "rapport/review.h"
#include "rapport/sync.h"
#include "rapport/util.h"
#include "rapport/values.h"

const char *const report_names[] = {
	"nps", "grid", "whale", "ladder", "roles", "overdue", "wallet", "spectrum", "minutes", "conflicts",
	NULL
};

enum report_id { R_NPS, R_GRID, R_WHALE, R_LADDER, R_ROLES, R_OVERDUE, R_WALLET, R_SPECTRUM,
		 R_MINUTES, R_CONFLICTS };
enum format { F_TEXT, F_CSV, F_JSON };

/* ---- the table writer ----------------------------------------------------- */

enum col_type { COL_TEXT, COL_NUM };

struct column {
	const char *name;
	enum col_type type;   /* COL_NUM: right-aligned in text, a bare number in json */
};

struct table {
	enum format fmt;
	FILE *out;
	const struct column *cols;
	size_t ncols;
	size_t nrows;
	struct strbuf cells;  /* text: every cell NUL-terminated, row after row */
	size_t *width;        /* text: widest cell per column, in characters */
};

/* Columns a cell takes on a terminal (wide characters count two). */
static size_t text_width(const char *s)
{
	return (size_t)text_columns(s);
}

static void table_begin(struct table *t, enum format fmt, FILE *out,
			const struct column *cols, size_t ncols)
{
	memset(t, 0, sizeof *t);
	t->fmt = fmt;
	t->out = out;
	t->cols = cols;
	t->ncols = ncols;
	if (fmt == F_CSV) {
		const char *names[16];
		for (size_t i = 0; i < ncols; i++)
			names[i] = cols[i].name;
		csv_write_record(out, names, ncols);
	} else if (fmt == F_TEXT) {
		t->width = xcalloc(ncols, sizeof *t->width);
		for (size_t i = 0; i < ncols; i++)
			t->width[i] = text_width(cols[i].name);
	}
}

static void table_row(struct table *t, const char *const *cells)
{
	switch (t->fmt) {
	case F_CSV:
		csv_write_record(t->out, cells, t->ncols);
		break;
	case F_JSON:
		fputs(t->nrows ? ",\n{" : "[\n{", t->out);
		for (size_t i = 0; i < t->ncols; i++) {
			if (i)
				putc(',', t->out);
			json_write_string(t->out, t->cols[i].name);
			putc(':', t->out);
			if (!cells[i])
				fputs("null", t->out);
			else if (t->cols[i].type == COL_NUM)
				fputs(cells[i], t->out);
			else
				json_write_string(t->out, cells[i]);
		}
		putc('}', t->out);
		break;
	case F_TEXT:
		for (size_t i = 0; i < t->ncols; i++) {
			/* made inert: names may hold escape sequences */
			size_t at = t->cells.len;
			text_inert(&t->cells, cells[i] ? cells[i] : "");
			size_t w = text_width(t->cells.s ? t->cells.s + at : "");
			if (w > t->width[i])
				t->width[i] = w;
			sb_append(&t->cells, "", 1);
		}
		break;
	}
	t->nrows++;
}

static void pad(struct strbuf *b, size_t n)
{
	while (n--)
		sb_putc(b, ' ');
}

/* One line of the text table, without trailing blanks. */
static void text_line(struct table *t, struct strbuf *line, const char *const *cells)
{
	sb_reset(line);
	for (size_t i = 0; i < t->ncols; i++) {
		size_t w = text_width(cells[i]);
		size_t fill = t->width[i] > w ? t->width[i] - w : 0;
		if (i)
			sb_puts(line, "  ");
		if (t->cols[i].type == COL_NUM) {
			pad(line, fill);
			sb_puts(line, cells[i]);
		} else {
			sb_puts(line, cells[i]);
			pad(line, fill);
		}
	}
	while (line->len && line->s[line->len - 1] == ' ')
		line->s[--line->len] = '\0';
	fputs(sb_str(line), t->out);
	putc('\n', t->out);
}

static void table_end(struct table *t)
{
	if (t->fmt == F_JSON) {
		fputs(t->nrows ? "\n]\n" : "[]\n", t->out);
	} else if (t->fmt == F_TEXT) {
		const char *row[16];
		struct strbuf line = { 0 };
		for (size_t i = 0; i < t->ncols; i++)
			row[i] = t->cols[i].name;
		text_line(t, &line, row);
		const char *p = sb_str(&t->cells);
		for (size_t r = 0; r < t->nrows; r++) {
			for (size_t i = 0; i < t->ncols; i++) {
				row[i] = p;
				p += strlen(p) + 1;
			}
			text_line(t, &line, row);
		}
		sb_free(&line);
	}
	sb_free(&t->cells);
	free(t->width);
	t->width = NULL;
}

/* ---- number formatting ---------------------------------------------------- */

/* A cell's text: each report row formats into a few of these. */
struct cell {
	char s[32];
};

static const char *fmt_int(struct cell *c, int64_t v)
{
	snprintf(c->s, sizeof c->s, "%" PRId64, v);
	return c->s;
}

static const char *fmt_money(struct cell *c, int64_t cents)
{
	value_money_fmt(cents, c->s, sizeof c->s);
	return c->s;
}

/* Tenths as "-12.3". */
static const char *fmt_tenths(struct cell *c, int64_t tenths)
{
	uint64_t a = tenths < 0 ? (uint64_t)0 - (uint64_t)tenths : (uint64_t)tenths;
	snprintf(c->s, sizeof c->s, "%s%" PRIu64 ".%u", tenths < 0 ? "-" : "",
		 a / 10, (unsigned)(a % 10));
	return c->s;
}

/* A double (already a percentage or a score) with one decimal, halves away
 * from zero. */
static const char *fmt_one(struct cell *c, double v)
{
	return fmt_tenths(c, (int64_t)llround(v * 10.0));
}

/* ---- the reports ---------------------------------------------------------- */

/* Overdue action items for `report overdue`, by account key (see
 * overdue_items_flush). */
struct late_item {
	char *account, *text, *owner, *due;
	int64_t id;
};

struct ctx {
	struct table *t;
	enum report_id id;
	struct late_item *late;    /* R_OVERDUE: sorted by account key, due, id */
	size_t nlate, next;        /* items, the first not written yet */
};

static const struct column nps_cols[] = {
	{ "group", COL_TEXT }, { "n", COL_NUM }, { "promoters", COL_NUM },
	{ "passives", COL_NUM }, { "detractors", COL_NUM }, { "nps", COL_NUM },
	{ "moe", COL_NUM },
};

static int nps_row(const struct nps_group *g, void *arg)
{
	struct ctx *c = arg;
	struct cell v[6];
	const char *row[7] = {
		g->label, fmt_int(&v[0], g->c.n), fmt_int(&v[1], g->c.promoters),
		fmt_int(&v[2], g->c.passives), fmt_int(&v[3], g->c.detractors),
		fmt_tenths(&v[4], nps_score_tenths(&g->c)), fmt_one(&v[5], nps_moe(&g->c)),
	};
	table_row(c->t, row);
	return 0;
}

static const struct column grid_cols[] = {
	{ "account", COL_TEXT }, { "name", COL_TEXT }, { "net_margin", COL_NUM },
	{ "cost_to_serve", COL_NUM }, { "profit", COL_NUM }, { "quadrant", COL_TEXT },
};

static const struct column whale_cols[] = {
	{ "rank", COL_NUM }, { "account", COL_TEXT }, { "profit", COL_NUM },
	{ "cum_profit_pct", COL_NUM }, { "cum_accounts_pct", COL_NUM },
};

static const struct column ladder_cols[] = {
	{ "account", COL_TEXT }, { "ladder", COL_NUM }, { "cost_to_serve", COL_NUM },
	{ "group", COL_TEXT },
};

static const struct column spectrum_cols[] = {
	{ "account", COL_TEXT }, { "score", COL_NUM }, { "position", COL_TEXT },
};

static const struct column wallet_cols[] = {
	{ "account", COL_TEXT }, { "revenue", COL_NUM }, { "wallet", COL_NUM },
	{ "share_pct", COL_NUM }, { "gap", COL_NUM },
};

static const struct column roles_cols[] = {
	{ "account", COL_TEXT }, { "role", COL_TEXT }, { "staff", COL_TEXT },
	{ "last", COL_TEXT }, { "due", COL_TEXT }, { "status", COL_TEXT },
};

#define NCOLS(a) (sizeof (a) / sizeof *(a))

static void profit_rows(struct table *t, enum report_id id, const struct profit_set *ps,
			const struct rapport_config *cfg)
{
	struct cell v[4];
	if (id == R_GRID) {
		struct grid_splits g;
		grid_splits_compute(ps, cfg, &g);
		for (size_t i = 0; i < ps->n; i++) {
			const struct account_profit *p = &ps->v[i];
			const char *row[6] = {
				p->key, p->name, fmt_money(&v[0], p->net_margin),
				fmt_money(&v[1], p->cost_to_serve), fmt_money(&v[2], p->profit),
				quadrant_words[grid_classify(&g, p->net_margin, p->cost_to_serve)],
			};
			table_row(t, row);
		}
	} else if (id == R_WHALE) {
		struct whale_curve w;
		whale_build(ps, &w);
		for (size_t i = 0; i < w.n; i++) {
			const struct whale_point *pt = &w.v[i];
			const struct account_profit *p = &ps->v[pt->index];
			const char *row[5] = {
				fmt_int(&v[0], pt->rank), p->key, fmt_money(&v[1], p->profit),
				w.has_pct ? fmt_tenths(&v[2], ratio_tenths(pt->cum_profit, w.total_profit))
					  : NULL,
				fmt_tenths(&v[3], ratio_tenths(pt->rank, (int64_t)w.n)),
			};
			table_row(t, row);
		}
		whale_free(&w);
	} else {
		double split = ladder_effort_split(ps);
		for (size_t i = 0; i < ps->n; i++) {
			const struct account_profit *p = &ps->v[i];
			if (p->ladder < 1 || p->ladder > 8)
				continue;   /* not rated: no group */
			const char *row[4] = {
				p->key, fmt_int(&v[0], p->ladder), fmt_money(&v[1], p->cost_to_serve),
				ladder_group_words[ladder_classify(p->ladder, p->cost_to_serve, split)],
			};
			table_row(t, row);
		}
	}
}

static int spectrum_line(const struct spectrum_row *r, void *arg)
{
	struct ctx *c = arg;
	struct cell v;
	const char *row[3] = {
		r->account, r->has_score ? fmt_one(&v, r->score) : NULL,
		r->position == POSITION_UNKNOWN ? NULL : spectrum_words[r->position],
	};
	table_row(c->t, row);
	return 0;
}

/* Write the overdue action items of accounts whose key sorts before
 * account (NULL: all that are left), as rows with role "action", staff =
 * the item's owner, last empty, due = the item's due. */
static void overdue_items_flush(struct ctx *c, const char *account)
{
	for (; c->next < c->nlate; c->next++) {
		const struct late_item *l = &c->late[c->next];
		if (account && strcmp(l->account, account) >= 0)
			break;
		const char *row[6] = { l->account, "action", l->owner, NULL, l->due, "overdue" };
		table_row(c->t, row);
	}
}

static int late_collect(const struct due_item *it, void *arg)
{
	struct ctx *c = arg;
	if (it->kind != DUE_ACTION || it->status != STATUS_OVERDUE)
		return 0;
	c->late = xrealloc(c->late, (c->nlate + 1) * sizeof *c->late);
	struct late_item *l = &c->late[c->nlate++];
	l->account = xstrdup(it->account);
	l->text = xstrdup(it->text ? it->text : "");
	l->owner = xstrdup(it->staff ? it->staff : "");
	l->due = xstrdup(it->due);
	l->id = it->action_id;
	return 0;
}

static int late_cmp(const void *x, const void *y)
{
	const struct late_item *a = x, *b = y;
	int k = strcmp(a->account, b->account);
	if (!k)
		k = strcmp(a->due, b->due);
	return k ? k : (a->id > b->id) - (a->id < b->id);
}

static void late_free(struct ctx *c)
{
	for (size_t i = 0; i < c->nlate; i++) {
		free(c->late[i].account);
		free(c->late[i].text);
		free(c->late[i].owner);
		free(c->late[i].due);
	}
	free(c->late);
}

static const struct column minutes_cols[] = {
	{ "review", COL_TEXT }, { "held_on", COL_TEXT }, { "account", COL_TEXT },
	{ "kind", COL_TEXT }, { "text", COL_TEXT }, { "owner", COL_TEXT }, { "due", COL_TEXT },
};

static int minutes_line(const struct minutes_row *m, void *arg)
{
	struct ctx *c = arg;
	const char *row[7] = { m->review, m->held_on, m->account, m->kind, m->text, m->owner, m->due };
	table_row(c->t, row);
	return 0;
}

/* sync: the losing versions kept (sync_conflicts_each), newest first */
static const struct column conflicts_cols[] = {
	{ "kind", COL_TEXT }, { "key", COL_TEXT }, { "field", COL_TEXT },
	{ "kept", COL_TEXT }, { "lost", COL_TEXT }, { "at", COL_TEXT },
};

static int conflicts_line(const struct sync_conflict *k, void *arg)
{
	struct ctx *c = arg;
	const char *row[6] = { k->kind, k->key, k->field, k->kept, k->lost, k->at };
	table_row(c->t, row);
	return 0;
}

static int roles_line(const struct role_row *r, void *arg)
{
	struct ctx *c = arg;
	if (c->id == R_OVERDUE)
		overdue_items_flush(c, r->account);
	if (c->id == R_OVERDUE && r->status != STATUS_OVERDUE)
		return 0;
	const char *row[6] = {
		r->account, role_kind_words[r->role], r->staff,
		r->last[0] ? r->last : NULL, r->due[0] ? r->due : NULL,
		role_status_words[r->status],
	};
	table_row(c->t, row);
	return 0;
}

static void wallet_rows(struct table *t, const struct wallet_set *ws)
{
	struct cell v[4];
	for (size_t i = 0; i < ws->n; i++) {
		const struct wallet_row *w = &ws->v[i];
		const char *row[5] = {
			w->key, fmt_money(&v[0], w->revenue), fmt_money(&v[1], w->wallet),
			w->has_share ? fmt_tenths(&v[2], ratio_tenths(w->revenue, w->wallet)) : NULL,
			fmt_money(&v[3], w->gap),
		};
		table_row(t, row);
	}
}

/* ---- entry point ------------------------------------------------------------ */

static int bad(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int bad(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

int report_run(struct store *s, const struct rapport_config *cfg, const char *name,
	       const char *by, const char *since, const char *until, const char *format,
	       FILE *out, char *err, size_t errlen)
{
	int id = -1;
	for (int i = 0; name && report_names[i]; i++)
		if (strcmp(name, report_names[i]) == 0)
			id = i;
	if (id < 0)
		return bad(err, errlen, "unknown report '%s' (one of nps, grid, whale, ladder, "
			   "roles, overdue, wallet, spectrum, minutes, conflicts)", name ? name : "");

	enum format fmt = F_TEXT;
	if (format && strcmp(format, "csv") == 0)
		fmt = F_CSV;
	else if (format && strcmp(format, "json") == 0)
		fmt = F_JSON;
	else if (format && strcmp(format, "text") != 0)
		return bad(err, errlen, "--format: unknown format '%s' (one of text, csv, json)", format);

	enum nps_by nby = NPS_BY_NONE;
	if (by && id != R_NPS)
		return bad(err, errlen, "report %s: --by does not apply (only report nps groups "
			   "by account, segment, owner, month or survey)", name);
	if (by && nps_by_parse(by, &nby) != 0)
		return bad(err, errlen, "--by: unknown grouping '%s' (one of account, segment, "
			   "owner, month, survey)", by);

	int has_range = (since && *since) || (until && *until);
	if (has_range && id == R_CONFLICTS)
		return bad(err, errlen, "report conflicts: --since/--until do not apply (it lists "
			   "every losing version sync kept)");
	if (has_range && (id == R_ROLES || id == R_OVERDUE || id == R_SPECTRUM))
		return bad(err, errlen, "report %s: --since/--until do not apply (it shows the "
			   "state as of today; set RAPPORT_TODAY=YYYY-MM-DD for another day)", name);
	struct date_range range;
	if (date_range_set(&range, since, until, err, errlen) != 0)
		return -1;
	struct ctx c = { NULL, (enum report_id)id, NULL, 0, 0 };

	int32_t today = 0;
	if (id == R_ROLES || id == R_OVERDUE || id == R_WALLET) {
		char why[VALUE_ERR_MAX];
		if (value_today(&today, why, sizeof why) != 0)
			return bad(err, errlen, "RAPPORT_TODAY: %s", why);
	}

	/* Compute what needs the whole set before writing a byte. */
	struct profit_set ps = { 0 };
	struct wallet_set ws = { 0 };
	if ((id == R_GRID || id == R_WHALE || id == R_LADDER) &&
	    profit_load(s, &range, &ps, err, errlen) != 0)
		return -1;
	if (id == R_WALLET && wallet_load(s, &range, today, WALLET_REVENUE, &ws, err, errlen) != 0)
		return -1;
	if (id == R_OVERDUE) {
		if (roles_due_actions(s, cfg, today, 0, late_collect, &c, err, errlen) != 0) {
			late_free(&c);
			return -1;
		}
		if (c.nlate)
			qsort(c.late, c.nlate, sizeof *c.late, late_cmp);
	}

	static const struct { const struct column *cols; size_t n; } layout[] = {
		[R_NPS] = { nps_cols, NCOLS(nps_cols) },
		[R_GRID] = { grid_cols, NCOLS(grid_cols) },
		[R_WHALE] = { whale_cols, NCOLS(whale_cols) },
		[R_LADDER] = { ladder_cols, NCOLS(ladder_cols) },
		[R_ROLES] = { roles_cols, NCOLS(roles_cols) },
		[R_OVERDUE] = { roles_cols, NCOLS(roles_cols) },
		[R_WALLET] = { wallet_cols, NCOLS(wallet_cols) },
		[R_SPECTRUM] = { spectrum_cols, NCOLS(spectrum_cols) },
		[R_MINUTES] = { minutes_cols, NCOLS(minutes_cols) },
		[R_CONFLICTS] = { conflicts_cols, NCOLS(conflicts_cols) },
	};
	struct table t;
	table_begin(&t, fmt, out, layout[id].cols, layout[id].n);
	c.t = &t;
	int rc = 0;
	switch ((enum report_id)id) {
	case R_NPS:
		rc = nps_groups(s, nby, &range, nps_row, &c, err, errlen);
		break;
	case R_GRID:
	case R_WHALE:
	case R_LADDER:
		profit_rows(&t, (enum report_id)id, &ps, cfg);
		break;
	case R_ROLES:
	case R_OVERDUE:
		rc = id == R_ROLES ? roles_each(s, cfg, today, 0, roles_line, &c, err, errlen)
				   : roles_overdue_each(s, cfg, today, 0, roles_line, &c, err, errlen);
		if (rc == 0 && id == R_OVERDUE)
			overdue_items_flush(&c, NULL);
		break;
	case R_WALLET:
		wallet_rows(&t, &ws);
		break;
	case R_SPECTRUM:
		rc = spectrum_each(s, spectrum_line, &c, err, errlen);
		break;
	case R_MINUTES:
		rc = review_minutes(s, &range, minutes_line, &c, err, errlen);
		break;
	case R_CONFLICTS:
		rc = sync_conflicts_each(s, conflicts_line, &c, err, errlen);
		break;
	}
	if (rc == 0) {
		table_end(&t);
	} else {
		sb_free(&t.cells);
		free(t.width);
	}
	profit_set_free(&ps);
	wallet_set_free(&ws);
	late_free(&c);
	if (rc != 0)
		return -1;
	if (fflush(out) != 0 || ferror(out))
		return bad(err, errlen, "cannot write the report: %s", strerror(errno ? errno : EIO));
	return 0;
}
