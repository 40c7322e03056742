/* Spectrum position (see spectrum.h), and the report side: current
 * positions, their dated history (see analytics.h). */
#include "rapport/spectrum.h"

#include <stdio.h>
#include <string.h>

#include "rapport/analytics.h"

const char *const spectrum_words[] = { "transactional", "value-adding", "collaborative", 0 };

enum spectrum_position spectrum_classify(const int attr[SPECTRUM_NATTR], int explicit_pos,
					 double *score, int *has_score)
{
	int n = 0, sum = 0;
	for (int i = 0; i < SPECTRUM_NATTR; i++) {
		if (attr[i] > 0) {
			sum += attr[i] - 1;
			n++;
		}
	}
	*has_score = n > 0;
	/* mean of (a-1)/4*100 = sum(a-1)*25/n: exact for the comparisons below */
	*score = n ? sum * 25.0 / n : 0.0;
	if (explicit_pos >= 0)
		return (enum spectrum_position)explicit_pos;
	if (!n)
		return POSITION_UNKNOWN;
	/* sum*25/n < 40  <=>  sum*25 < 40*n, in integers to avoid rounding */
	if (sum * 25 < 40 * n)
		return POSITION_TRANSACTIONAL;
	if (sum * 25 > 60 * n)
		return POSITION_COLLABORATIVE;
	return POSITION_VALUE_ADDING;
}

/* ---- report side (analytics.h) ------------------------------------------ */

#define ATTR_COLUMNS "alternatives, dynamism, importance, complexity, info_exchange, linkages"

/* The explicit relationship word -> position index, -1 when none. */
static int explicit_of(const unsigned char *word)
{
	if (!word)
		return -1;
	for (int i = 0; spectrum_words[i]; i++)
		if (strcmp((const char *)word, spectrum_words[i]) == 0)
			return i;
	return -1;
}

/* Classify the row of st whose attribute columns start at col, followed by
 * the relationship column. */
static enum spectrum_position classify_row(sqlite3_stmt *st, int col, double *score,
					   int *has_score, int *explicit_pos)
{
	int attr[SPECTRUM_NATTR];
	for (int i = 0; i < SPECTRUM_NATTR; i++)
		attr[i] = sqlite3_column_int(st, col + i);   /* NULL -> 0 = absent */
	int ex = explicit_of(sqlite3_column_text(st, col + SPECTRUM_NATTR));
	*explicit_pos = ex >= 0;
	return spectrum_classify(attr, ex, score, has_score);
}

static int each_row(struct store *s, int ordered, spectrum_row_fn fn, void *ctx, char *err,
		    size_t errlen)
{
	sqlite3_stmt *st = store_prepare(s, ordered
		? "SELECT id, key, name, " ATTR_COLUMNS ", relationship FROM accounts ORDER BY key"
		: "SELECT id, key, name, " ATTR_COLUMNS ", relationship FROM accounts",
		err, errlen);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct spectrum_row row;
		row.account_id = sqlite3_column_int64(st, 0);
		row.account = (const char *)sqlite3_column_text(st, 1);
		row.name = (const char *)sqlite3_column_text(st, 2);
		row.position = classify_row(st, 3, &row.score, &row.has_score, &row.explicit_pos);
		if (fn(&row, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, "spectrum", err, errlen);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int spectrum_each(struct store *s, spectrum_row_fn fn, void *ctx, char *err, size_t errlen)
{
	return each_row(s, 1, fn, ctx, err, errlen);
}

int spectrum_each_unordered(struct store *s, spectrum_row_fn fn, void *ctx, char *err,
			    size_t errlen)
{
	return each_row(s, 0, fn, ctx, err, errlen);
}

static const char record_get_sql[] =
	"SELECT " ATTR_COLUMNS ", relationship,"
	" (SELECT position FROM spectrum_history h WHERE h.account_id = a.id"
	"  ORDER BY h.date DESC, h.id DESC LIMIT 1),"
	" (SELECT explicit FROM spectrum_history h WHERE h.account_id = a.id"
	"  ORDER BY h.date DESC, h.id DESC LIMIT 1)"
	" FROM accounts a WHERE a.id = ?1";
static const char record_put_sql[] =
	"INSERT INTO spectrum_history(account_id, date, score, position, explicit)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";

int spectrum_record(struct store *s, int64_t account_id, const char *date,
		    char *err, size_t errlen)
{
	/* cached statements: import calls this once per account row */
	sqlite3_stmt *st = store_stmt(s, record_get_sql, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			snprintf(err, errlen, "spectrum: no account with id %lld", (long long)account_id);
		else
			store_fail(s, "spectrum", err, errlen);
		sqlite3_reset(st);
		return -1;
	}
	double score;
	int has_score, ex;
	enum spectrum_position pos = classify_row(st, 0, &score, &has_score, &ex);
	const char *word = pos == POSITION_UNKNOWN ? "unknown" : spectrum_words[pos];
	const char *last = (const char *)sqlite3_column_text(st, SPECTRUM_NATTR + 1);
	int last_ex = sqlite3_column_int(st, SPECTRUM_NATTR + 2);
	int same = last && strcmp(last, word) == 0 && last_ex == ex;
	sqlite3_reset(st);
	if (same)
		return 0;

	st = store_stmt(s, record_put_sql, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	if (has_score)
		sqlite3_bind_double(st, 3, score);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_text(st, 4, word, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, ex);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "spectrum history", err, errlen);
	return 1;
}

static enum spectrum_position position_of_word(const unsigned char *word)
{
	int i = explicit_of(word);
	return i < 0 ? POSITION_UNKNOWN : (enum spectrum_position)i;
}

int spectrum_history(struct store *s, int64_t account_id, spectrum_change_fn fn, void *ctx,
		     char *err, size_t errlen)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT date, score, explicit, position FROM spectrum_history"
		" WHERE account_id = ?1 ORDER BY date, id", err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct spectrum_change c;
		c.date = (const char *)sqlite3_column_text(st, 0);
		c.has_score = sqlite3_column_type(st, 1) != SQLITE_NULL;
		c.score = sqlite3_column_double(st, 1);
		c.explicit_pos = sqlite3_column_int(st, 2);
		c.position = position_of_word(sqlite3_column_text(st, 3));
		if (fn(&c, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, "spectrum history", err, errlen);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int spectrum_position_at(struct store *s, int64_t account_id, const char *date,
			 enum spectrum_position *pos, char *err, size_t errlen)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT position FROM spectrum_history WHERE account_id = ?1 AND date <= ?2"
		" ORDER BY date DESC, id DESC LIMIT 1", err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	*pos = POSITION_UNKNOWN;
	if (rc == SQLITE_ROW)
		*pos = position_of_word(sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "spectrum history", err, errlen);
	return 0;
}
