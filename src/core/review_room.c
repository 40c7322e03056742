/* Review meetings, the room's side (see review.h): one account's summary
 * for the screen while the review walks the agenda, and the minutes of the
 * reviews held (the accounts shown, and the decisions and action items
 * recorded with a review id). */
#include "rapport/review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/detail.h"
#include "rapport/util.h"
#include "rapport/values.h"

static const char *col_text(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? t : "";
}

/* ---- one account's summary ----------------------------------------------------- */

struct sum_ctx {
	struct review_summary *out;
};

static int sum_role(const struct role_row *r, void *arg)
{
	struct review_summary *o = ((struct sum_ctx *)arg)->out;
	if (r->status != STATUS_OVERDUE || o->noverdue >= SUMMARY_LINES)
		return 0;
	char *line = o->overdue[o->noverdue++];
	if (r->role == ROLE_RELATIONSHIP && !r->due[0])
		snprintf(line, sizeof o->overdue[0], "relationship: no meeting ever (%s)",
			 r->staff ? r->staff : "-");
	else
		snprintf(line, sizeof o->overdue[0], "%s%s: due %s (%s)", role_kind_words[r->role],
			 r->role == ROLE_RELATIONSHIP ? " meeting" : "", r->due, r->staff ? r->staff : "-");
	return 0;
}

/* Quarter number (year * 4 + q - 1) of a day. */
static int quarter_of(const char *date)
{
	int y = atoi(date), m = atoi(date + 5);
	return y * 4 + (m - 1) / 3;
}

static int sum_lines(struct store *s, const char *sql, int64_t id, const char *today,
		     char lines[][256], int *n, int kind, char *err, size_t errlen)
{
	sqlite3_stmt *st = store_prepare(s, sql, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < SUMMARY_LINES) {
		const char *who = (const char *)sqlite3_column_text(st, 2);
		const char *date = col_text(st, 0);
		if (kind == 0)
			snprintf(lines[(*n)++], 256, "%s  %s%s%s%s", date, col_text(st, 1),
				 who ? " (" : "", who ? who : "", who ? ")" : "");
		else
			snprintf(lines[(*n)++], 256, "%s%s%s  %s%s%s%s", *date ? "due " : "no due date",
				 date, *date && strcmp(date, today) < 0 ? " OVERDUE" : "",
				 col_text(st, 1), who ? " (" : "", who ? who : "", who ? ")" : "");
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : store_fail(s, "review", err, errlen);
}

int review_summary_load(struct store *s, const struct rapport_config *cfg, int32_t today,
			const struct grid_splits *splits, int64_t account_id,
			struct review_summary *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	out->account_id = account_id;
	struct detail_overview ov;
	int rc = detail_overview_load(s, account_id, today, &ov, err, errlen);
	if (rc != 0) {
		detail_overview_free(&ov);
		return rc;
	}
	strlcpy_r(out->key, ov.key ? ov.key : "", sizeof out->key);
	strlcpy_r(out->name, ov.name ? ov.name : "", sizeof out->name);
	out->has_profit = ov.periods > 0;
	out->net_margin = ov.net_margin;
	out->cost_to_serve = ov.cost_to_serve;
	out->profit = ov.profit;
	out->below_break_even = out->has_profit && grid_below_break_even(ov.net_margin, ov.cost_to_serve);
	if (out->has_profit && splits) {
		out->has_quadrant = 1;
		out->quadrant = grid_classify(splits, ov.net_margin, ov.cost_to_serve);
	}
	out->nps = ov.nps;
	detail_overview_free(&ov);

	/* the NPS of each of the last four quarters, this one last */
	char today_s[11], from[24];
	value_date_fmt(today, today_s, sizeof today_s);
	int qn = quarter_of(today_s);
	for (int i = 0; i < 4; i++) {
		int q = qn - 3 + i;
		snprintf(out->quarter[i], sizeof out->quarter[i], "%04d-Q%d", q / 4 % 10000, q % 4 + 1);
	}
	snprintf(from, sizeof from, "%04d-%02d-01", (qn - 3) / 4 % 10000, ((qn - 3) % 4) * 3 + 1);
	sqlite3_stmt *st = store_prepare(s, "SELECT date, score FROM nps WHERE account_id = ?1"
					 " AND date >= ?2 AND date <= ?3", err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, today_s, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int i = quarter_of(col_text(st, 0)) - (qn - 3);
		if (i < 0 || i > 3)
			continue;
		int cat = nps_category(sqlite3_column_int(st, 1));
		out->trend[i].n++;
		out->trend[i].promoters += cat > 0;
		out->trend[i].passives += cat == 0;
		out->trend[i].detractors += cat < 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "nps", err, errlen);

	struct sum_ctx c = { out };
	if (roles_account(s, cfg, today, account_id, sum_role, &c, err, errlen) != 0)
		return -1;
	if (sum_lines(s, "SELECT d.date, d.text, st.handle FROM decisions d"
		      " LEFT JOIN staff st ON st.id = d.staff_id WHERE d.account_id = ?1"
		      " ORDER BY d.date DESC, d.id DESC LIMIT 6", account_id, today_s,
		      out->decisions, &out->ndecisions, 0, err, errlen) != 0 ||
	    sum_lines(s, "SELECT coalesce(i.due, ''), i.text, st.handle FROM action_items i"
		      " LEFT JOIN staff st ON st.id = i.staff_id WHERE i.account_id = ?1"
		      " AND nullif(i.done, '') IS NULL"
		      " ORDER BY nullif(i.due, '') IS NULL, i.due, i.id LIMIT 6", account_id, today_s,
		      out->actions, &out->nactions, 1, err, errlen) != 0)
		return -1;
	return 0;
}

/* ---- minutes ----------------------------------------------------------------------- */

int review_mark_shown(struct store *s, int64_t id, int64_t account_id, const char *reason,
		      char *err, size_t errlen)
{
	static const char sql[] =
		"INSERT INTO review_accounts(review_id, account_id, reason)"
		" SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM reviews WHERE id = ?1 AND closed_at IS NULL)"
		" AND EXISTS (SELECT 1 FROM accounts WHERE id = ?2)"
		" ON CONFLICT(review_id, account_id) DO NOTHING";
	if (store_begin(s, err, errlen) != 0)
		return -1;
	sqlite3_stmt *st = store_stmt(s, sql, err, errlen);
	if (!st || sqlite3_bind_int64(st, 1, id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, account_id) != SQLITE_OK ||
	    store_bind_text_or_null(st, 3, reason) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE) {
		if (st)
			store_fail(s, "review", err, errlen);
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err, errlen);
}

struct minutes_walk {
	minutes_fn fn;
	void *ctx;
};

static int minutes_row_read(sqlite3_stmt *st, void *arg)
{
	const struct minutes_walk *w = arg;
	static const char *const kinds[] = { "discussed", "decision", "action" };
	struct minutes_row m;
	m.review_id = sqlite3_column_int64(st, 0);
	m.review = col_text(st, 1);
	m.held_on = col_text(st, 2);
	m.account = col_text(st, 3);
	m.kind = kinds[sqlite3_column_int(st, 4) % 3];
	m.text = col_text(st, 5);
	m.owner = (const char *)sqlite3_column_text(st, 6);
	m.due = (const char *)sqlite3_column_text(st, 7);
	return w->fn(&m, w->ctx);
}

int review_minutes(struct store *s, const struct date_range *r, minutes_fn fn, void *ctx,
		   char *err, size_t errlen)
{
	struct strbuf q = { 0 };
	sb_puts(&q, "SELECT rv.id, coalesce(nullif(rv.title, ''), 'review of ' || rv.held_on),"
		" rv.held_on, a.key, 0, coalesce(ra.reason, ''), NULL, NULL, '', ra.id"
		" FROM review_accounts ra JOIN reviews rv ON rv.id = ra.review_id"
		" JOIN accounts a ON a.id = ra.account_id");
	date_range_sql(&q, "rv.held_on", r);
	sb_puts(&q, " UNION ALL SELECT rv.id, coalesce(nullif(rv.title, ''), 'review of ' || rv.held_on),"
		" rv.held_on, a.key, 1, d.text, st.handle, NULL, d.date, d.id"
		" FROM decisions d JOIN reviews rv ON rv.id = d.review_id"
		" JOIN accounts a ON a.id = d.account_id LEFT JOIN staff st ON st.id = d.staff_id");
	date_range_sql(&q, "rv.held_on", r);
	sb_puts(&q, " UNION ALL SELECT rv.id, coalesce(nullif(rv.title, ''), 'review of ' || rv.held_on),"
		" rv.held_on, a.key, 2, i.text, st.handle, nullif(i.due, ''), coalesce(i.due, ''), i.id"
		" FROM action_items i JOIN reviews rv ON rv.id = i.review_id"
		" JOIN accounts a ON a.id = i.account_id LEFT JOIN staff st ON st.id = i.staff_id");
	date_range_sql(&q, "rv.held_on", r);
	sb_puts(&q, " ORDER BY 3, 1, 4, 5, 9, 10");
	sqlite3_stmt *st = store_prepare(s, sb_str(&q), err, errlen);
	sb_free(&q);
	if (!st)
		return -1;
	if (date_range_bind(st, r) != 0) {
		sqlite3_finalize(st);
		return store_fail(s, "minutes", err, errlen);
	}
	struct minutes_walk w = { fn, ctx };
	return store_rows(s, st, "minutes", minutes_row_read, &w, err, errlen);
}
