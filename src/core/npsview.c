/* The NPS screen's extra figures (npsview.h): the score distribution and the
 * recent detractors.  Both read the covering index nps_date(date, score)
 * when a range is given (the distribution's GROUP BY score then sorts only
 * the responses in range). */
#include "rapport/npsview.h"

#include <string.h>

#include "rapport/util.h"

/* " AND col >= :since AND col <= :until" for the bounds r sets. */
static void range_and(struct strbuf *b, const char *col, const struct date_range *r)
{
	if (r && r->since[0])
		sb_printf(b, " AND %s >= :since", col);
	if (r && r->until[0])
		sb_printf(b, " AND %s <= :until", col);
}

int nps_distribution(struct store *s, const struct date_range *r, int64_t count[11],
		     char *err, size_t errlen)
{
	if (nps_cache_distribution(s, r, count))
		return 0;
	/* GROUP BY score: half the time of eleven sum(score = k) per row */
	struct strbuf b = { 0 };
	sb_puts(&b, "SELECT score, count(*) FROM nps");
	date_range_sql(&b, "date", r);
	sb_puts(&b, " GROUP BY score");
	memset(count, 0, 11 * sizeof *count);
	sqlite3_stmt *st = store_prepare(s, sb_str(&b), err, errlen);
	sb_free(&b);
	if (!st)
		return -1;
	if (date_range_bind(st, r) != 0) {
		sqlite3_finalize(st);
		return store_fail(s, "nps", err, errlen);
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int score = sqlite3_column_int(st, 0);
		if (score >= 0 && score <= 10)   /* the schema's CHECK holds it there */
			count[score] = sqlite3_column_int64(st, 1);
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, "nps", err, errlen);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

struct det_walk {
	nps_detractor_fn fn;
	void *ctx;
};

static const char *text_or_empty(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t ? t : "";
}

static int det_row(sqlite3_stmt *st, void *arg)
{
	const struct det_walk *w = arg;
	struct nps_detractor d;
	memset(&d, 0, sizeof d);
	d.id = sqlite3_column_int64(st, 0);
	d.account_id = sqlite3_column_int64(st, 1);
	d.account = text_or_empty(st, 2);
	d.name = text_or_empty(st, 3);
	strlcpy_r(d.date, text_or_empty(st, 4), sizeof d.date);
	d.score = sqlite3_column_int(st, 5);
	d.survey = text_or_empty(st, 6);
	d.contact = text_or_empty(st, 7);
	d.comment = text_or_empty(st, 8);
	return w->fn(&d, w->ctx);
}

int nps_detractors_recent(struct store *s, const struct date_range *r, long limit,
			  nps_detractor_fn fn, void *ctx, char *err, size_t errlen)
{
	struct strbuf b = { 0 };
	sb_puts(&b, "SELECT n.id, n.account_id, a.key, a.name, n.date, n.score, n.survey,"
		    " coalesce(n.contact, ''), coalesce(n.comment, '')"
		    " FROM nps n JOIN accounts a ON a.id = n.account_id WHERE n.score <= 6");
	range_and(&b, "n.date", r);
	sb_puts(&b, " ORDER BY n.date DESC, n.id DESC");
	if (limit > 0)
		sb_printf(&b, " LIMIT %ld", limit);
	sqlite3_stmt *st = store_prepare(s, sb_str(&b), err, errlen);
	sb_free(&b);
	if (!st)
		return -1;
	if (date_range_bind(st, r) != 0) {
		sqlite3_finalize(st);
		return store_fail(s, "nps", err, errlen);
	}
	struct det_walk w = { fn, ctx };
	return store_rows(s, st, "nps", det_row, &w, err, errlen);
}
