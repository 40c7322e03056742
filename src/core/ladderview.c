/* The ladder and spectrum screen's figures (see ladderview.h): the same
 * core functions as the ladder and spectrum reports, reduced to counts and
 * to lists of ids and numbers. */
#include "rapport/ladderview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/spectrum.h"
#include "rapport/util.h"

/* ---- loyalty x effort --------------------------------------------------- */

/* A member with its place in the profit set (key order), for the tie. */
struct ranked {
	struct ladder_member m;
	size_t order;
};

static int by_cost_desc(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->m.cost_to_serve != y->m.cost_to_serve)
		return x->m.cost_to_serve > y->m.cost_to_serve ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

void ladder_groups_free(struct ladder_groups *g)
{
	for (int i = 0; i < 4; i++)
		free(g->members[i]);
	memset(g, 0, sizeof *g);
}

int ladder_groups_load(struct store *s, const struct date_range *r, struct ladder_groups *out,
		       char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	struct profit_set ps;
	int all = !r || (!r->since[0] && !r->until[0]);
	/* the members hold ids: all periods need no names (key order is kept) */
	if ((all ? profit_load_figures(s, PROFIT_KEY_ORDER | PROFIT_LADDER, &ps, err, errlen)
		 : profit_load(s, r, &ps, err, errlen)) != 0)
		return -1;
	out->accounts = (long)ps.n;
	out->effort_split = ladder_effort_split(&ps);
	struct ranked *tmp[4];
	size_t n[4] = { 0 }, size[4] = { 0 };
	/* counted first: four arrays of the whole set's size were 13 MB of
	 * fresh pages at 100k accounts */
	for (size_t i = 0; i < ps.n; i++) {
		const struct account_profit *p = &ps.v[i];
		if (p->ladder >= 1 && p->ladder <= 8)
			size[ladder_classify(p->ladder, p->cost_to_serve, out->effort_split)]++;
	}
	for (int i = 0; i < 4; i++)
		tmp[i] = xmalloc((size[i] ? size[i] : 1) * sizeof *tmp[i]);
	for (size_t i = 0; i < ps.n; i++) {
		const struct account_profit *p = &ps.v[i];
		if (p->ladder < 1 || p->ladder > 8) {
			out->unrated++;     /* as the report: not rated, no group */
			continue;
		}
		enum ladder_group grp = ladder_classify(p->ladder, p->cost_to_serve, out->effort_split);
		struct ranked *x = &tmp[grp][n[grp]++];
		x->m.account_id = p->account_id;
		x->m.cost_to_serve = p->cost_to_serve;
		x->m.rung = p->ladder;
		x->order = i;
	}
	profit_set_free(&ps);
	for (int g = 0; g < 4; g++) {
		qsort(tmp[g], n[g], sizeof *tmp[g], by_cost_desc);
		out->members[g] = xmalloc((n[g] ? n[g] : 1) * sizeof *out->members[g]);
		for (size_t i = 0; i < n[g]; i++)
			out->members[g][i] = tmp[g][i].m;
		out->n[g] = n[g];
		free(tmp[g]);
	}
	return 0;
}

/* ---- rungs and spread ------------------------------------------------------ */

int ladder_rungs_count(struct store *s, struct ladder_rungs *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = store_prepare(s,
		/* grouped along accounts_ladder (ifnull(ladder, 0), key): no rows read */
		"SELECT ifnull(ladder, 0), count(*) FROM accounts GROUP BY ifnull(ladder, 0)",
		err, errlen);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int rung = sqlite3_column_int(st, 0);
		long c = (long)sqlite3_column_int64(st, 1);
		if (rung < 1 || rung > 8)
			rung = 0;   /* the schema allows 1-8 only; anything else is unrated */
		out->count[rung] += c;
		out->total += c;
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, "ladder", err, errlen);
		sqlite3_finalize(st);
		memset(out, 0, sizeof *out);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

static int spread_row(const struct spectrum_row *row, void *ctx)
{
	struct spectrum_spread *sp = ctx;
	if (row->position == POSITION_UNKNOWN)
		sp->unknown++;
	else
		sp->count[row->position]++;
	sp->total++;
	return 0;
}

/* The spread is kept in meta 'spectrum_spread' with the stamp it was
 * counted at: the audit log's last id (every insert, delete and change of
 * an account's attributes writes one), the number of accounts and their
 * last id.  Same stamp, same accounts' attributes, same counts. */
static char *spread_stamp(struct store *s)
{
	static const char sql[] = "SELECT (SELECT ifnull(max(id), 0) FROM audit),"
		" (SELECT count(*) FROM accounts), (SELECT ifnull(max(id), 0) FROM accounts)";
	sqlite3_stmt *st = store_stmt(s, sql, NULL, 0);
	char *v = NULL;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = xasprintf("%lld:%lld:%lld", (long long)sqlite3_column_int64(st, 0),
			      (long long)sqlite3_column_int64(st, 1), (long long)sqlite3_column_int64(st, 2));
	if (st)
		sqlite3_reset(st);
	return v;
}

struct spread_save {
	const char *stamp, *value;
};

/* Under the write lock: saved only when nothing changed since counting. */
static int spread_store(struct store *s, void *arg)
{
	const struct spread_save *sv = arg;
	char *now = spread_stamp(s);
	int same = now && strcmp(now, sv->stamp) == 0;
	free(now);
	return same ? store_meta_set(s, "spectrum_spread", sv->value, NULL, 0) : 0;
}

int spectrum_spread_count(struct store *s, struct spectrum_spread *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	/* one read transaction: the stamp and what it stamps agree */
	int own = store_read_begin(s);
	char *stamp = spread_stamp(s), *have = store_meta_get(s, "spectrum_spread");
	size_t len = stamp ? strlen(stamp) : 0;
	int rc = 0, cached = 0;
	if (stamp && have && strncmp(have, stamp, len) == 0 && have[len] == ' ') {
		cached = sscanf(have + len, " %ld %ld %ld %ld %ld", &out->count[0], &out->count[1],
				&out->count[2], &out->unknown, &out->total) == 5;
		if (!cached)
			memset(out, 0, sizeof *out);
	}
	if (!cached && spectrum_each_unordered(s, spread_row, out, err, errlen) != 0) {
		memset(out, 0, sizeof *out);
		rc = -1;
	}
	store_read_end(s, own);
	if (rc == 0 && !cached && stamp) {
		char *v = xasprintf("%s %ld %ld %ld %ld %ld", stamp, out->count[0], out->count[1],
				    out->count[2], out->unknown, out->total);
		struct spread_save sv = { stamp, v };
		store_upkeep(s, spread_store, &sv);
		free(v);
	}
	free(stamp);
	free(have);
	return rc;
}

/* ---- moves ------------------------------------------------------------------ */

void ladder_moves_free(struct ladder_moves *m)
{
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

static void moves_push(struct ladder_moves *m, size_t *cap, const struct ladder_move *x)
{
	if (m->n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		m->v = xrealloc(m->v, *cap * sizeof *m->v);
	}
	m->v[m->n++] = *x;
}

static int position_index(const unsigned char *word)
{
	for (int i = 0; word && spectrum_words[i]; i++)
		if (strcmp((const char *)word, spectrum_words[i]) == 0)
			return i;
	return POSITION_UNKNOWN;   /* "unknown" as recorded */
}

/* Rows of st: account_id, date text, then from and to (spectrum words when
 * words, else rungs; NULL from = no previous row for spectrum). */
static int moves_collect(struct store *s, sqlite3_stmt *st, int words, struct ladder_moves *out,
			 const char *what, char *err, size_t errlen)
{
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ladder_move m;
		memset(&m, 0, sizeof m);
		m.account_id = sqlite3_column_int64(st, 0);
		const char *d = (const char *)sqlite3_column_text(st, 1);
		strlcpy_r(m.date, d ? d : "", sizeof m.date);
		if (words) {
			if (sqlite3_column_type(st, 2) == SQLITE_NULL)
				continue;   /* the account's first row: no move */
			m.from = position_index(sqlite3_column_text(st, 2));
			m.to = position_index(sqlite3_column_text(st, 3));
			if (m.from == m.to)
				continue;   /* only the override flag changed */
		} else {
			m.from = sqlite3_column_int(st, 2);   /* NULL -> 0: not rated */
			m.to = sqlite3_column_int(st, 3);
			if (m.from < 0 || m.from > 8)
				m.from = 0;
			if (m.to < 0 || m.to > 8)
				m.to = 0;
			if (m.from == m.to)
				continue;
		}
		moves_push(out, &cap, &m);
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, what, err, errlen);
		ladder_moves_free(out);
		return -1;
	}
	return 0;
}

int spectrum_moves_load(struct store *s, const char *since, const char *until,
			struct ladder_moves *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	/* the previous row by the history's own order: date, then id */
	sqlite3_stmt *st = store_prepare(s,
		"SELECT h.account_id, h.date,"
		" (SELECT p.position FROM spectrum_history p WHERE p.account_id = h.account_id"
		"  AND (p.date < h.date OR (p.date = h.date AND p.id < h.id))"
		"  ORDER BY p.date DESC, p.id DESC LIMIT 1),"
		" h.position"
		" FROM spectrum_history h WHERE h.date >= ?1 AND h.date <= ?2"
		" ORDER BY h.date DESC, h.id DESC", err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, until, -1, SQLITE_STATIC);
	int rc = moves_collect(s, st, 1, out, "spectrum history", err, errlen);
	sqlite3_finalize(st);
	return rc;
}

int ladder_moves_load(struct store *s, const char *since, const char *until,
		      struct ladder_moves *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	/* `at` is "YYYY-MM-DDTHH:MM:SS.sssZ": its first ten characters are the
	 * day; at >= since holds from since's first moment on */
	sqlite3_stmt *st = store_prepare(s,
		"SELECT a.account_id, substr(a.at, 1, 10), a.old, a.new FROM audit a"
		" JOIN accounts c ON c.id = a.account_id"
		" WHERE a.kind = 'accounts' AND a.action = 'update' AND a.field = 'ladder'"
		" AND a.at >= ?1 AND substr(a.at, 1, 10) <= ?2"
		" ORDER BY a.at DESC, a.id DESC", err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, until, -1, SQLITE_STATIC);
	int rc = moves_collect(s, st, 0, out, "audit", err, errlen);
	sqlite3_finalize(st);
	return rc;
}

int ladderview_label(struct store *s, int64_t account_id, char **key, char **name,
		     char *err, size_t errlen)
{
	*key = *name = NULL;
	static const char sql[] = "SELECT key, name FROM accounts WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		const char *n = (const char *)sqlite3_column_text(st, 1);
		*key = xstrdup(k ? k : "");
		*name = xstrdup(n ? n : "");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "accounts", err, errlen);
	return 0;
}
