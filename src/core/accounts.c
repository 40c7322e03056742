/* The account list (see accounts.h).
 *
 * Each order is (sort value, key), key being unique, so "the next page" is
 * a range scan from the last item shown: WHERE (v, key) > (?, ?) ORDER BY
 * v, key LIMIT n, served by an index for the stored columns and by a
 * temporary table for the computed ones (owner, NPS, quadrant). */
#include "rapport/accounts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/analytics.h"
#include "rapport/util.h"

const char *const account_col_titles[] = { "Key", "Name", "Segment", "Owner", "NPS", "Quadrant",
					     "Ladder", NULL };

/* Sort value SQL per column; computed ones read temp.account_sort (t.v). */
static const char *const sort_expr[] = {
	[ACOL_KEY] = "a.key",
	[ACOL_NAME] = "a.name COLLATE NOCASE",
	[ACOL_SEGMENT] = "ifnull(a.segment, '')",
	[ACOL_OWNER] = "t.v",
	[ACOL_NPS] = "t.v",
	[ACOL_QUADRANT] = "t.v",
	[ACOL_LADDER] = "ifnull(a.ladder, 0)",
};

static int is_computed(enum account_col c)
{
	return c == ACOL_OWNER || c == ACOL_NPS || c == ACOL_QUADRANT;
}

static int is_numeric(enum account_col c)
{
	return c == ACOL_NPS || c == ACOL_QUADRANT || c == ACOL_LADDER;
}

void account_item_clear(struct account_item *it)
{
	free(it->key);
	free(it->name);
	free(it->segment);
	free(it->owner);
	free(it->sort_text);
	memset(it, 0, sizeof *it);
}

/* ---- search: the names in memory ---------------------------------------------
 *
 * The same matches as `key LIKE '%s%' OR name LIKE '%s%'` with the
 * wildcards escaped: a plain substring, case-insensitive for ASCII letters
 * only (SQLite's LIKE), byte for byte otherwise.  Each account's text is
 * "key\x01name", folded, so one strstr covers both and a match cannot span
 * them (searches never contain \x01: the line editor takes printable text,
 * and a search containing it simply matches nothing). */
struct account_names {
	int64_t *id;
	size_t *off;         /* into text */
	size_t n;
	char *text;
};

static const char match_ptr_type[] = "rapport_account_match";

static void names_free(struct account_names *nm)
{
	if (!nm)
		return;
	free(nm->id);
	free(nm->off);
	free(nm->text);
	free(nm);
}

static void fold(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static struct account_names *names_load(struct store *s)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT id, key, name FROM accounts", NULL, 0);
	if (!st)
		return NULL;
	struct account_names *nm = xcalloc(1, sizeof *nm);
	struct strbuf text = { 0 };
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nm->n == cap) {
			cap = cap ? cap * 2 : 1024;
			nm->id = xrealloc(nm->id, cap * sizeof *nm->id);
			nm->off = xrealloc(nm->off, cap * sizeof *nm->off);
		}
		nm->id[nm->n] = sqlite3_column_int64(st, 0);
		nm->off[nm->n] = text.len;
		sb_printf(&text, "%s\x01%s", (const char *)sqlite3_column_text(st, 1),
			  sqlite3_column_text(st, 2) ? (const char *)sqlite3_column_text(st, 2) : "");
		sb_putc(&text, '\0');
		nm->n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		sb_free(&text);
		names_free(nm);
		return NULL;
	}
	nm->text = text.s ? text.s : xstrdup("");
	for (size_t i = 0; i < nm->n; i++)
		fold(nm->text + nm->off[i]);
	return nm;
}

struct account_match {
	char *search;
	unsigned char *bits;
	long long count;
};

static void levels_pop(struct account_list *l, int keep)
{
	while (l->nlevels > keep) {
		struct account_match *m = &l->levels[--l->nlevels];
		free(m->search);
		free(m->bits);
	}
	struct account_match *top = l->nlevels ? &l->levels[l->nlevels - 1] : NULL;
	l->match = top ? top->bits : NULL;
	l->match_count = top ? top->count : 0;
}

static void match_drop(struct account_list *l)
{
	names_free(l->names);
	l->names = NULL;
	levels_pop(l, 0);
	free(l->levels);
	l->levels = NULL;
	l->caplevels = 0;
	l->match_n = 0;
}

static int match_has(const struct account_list *l, int64_t id)
{
	return id >= 0 && id < l->match_n && (l->match[id >> 3] >> (id & 7)) & 1;
}

/* Make l->match answer search.  The levels are nested prefixes: keep the
 * longest that search still starts with (Backspace: nothing to compute),
 * then narrow from it: only its matches are tested again. */
static int match_prepare(struct account_list *l, const char *search)
{
	int keep = 0;
	while (keep < l->nlevels &&
	       strncmp(search, l->levels[keep].search, strlen(l->levels[keep].search)) == 0)
		keep++;
	levels_pop(l, keep);
	if (keep && strcmp(l->levels[keep - 1].search, search) == 0)
		return 0;
	if (!l->names && !(l->names = names_load(l->s)))
		return -1;
	const struct account_names *nm = l->names;
	if (!l->nlevels) {
		int64_t max = 0;
		for (size_t i = 0; i < nm->n; i++)
			if (nm->id[i] > max)
				max = nm->id[i];
		l->match_n = max + 1;
	}
	const unsigned char *from = l->match;   /* NULL: test every account */
	unsigned char *bits = xcalloc((size_t)(l->match_n + 7) / 8, 1);
	char *needle = xstrdup(search);
	fold(needle);
	long long count = 0;
	for (size_t i = 0; i < nm->n; i++) {
		int64_t id = nm->id[i];
		if (from && !((from[id >> 3] >> (id & 7)) & 1))
			continue;
		if (strstr(nm->text + nm->off[i], needle)) {
			bits[id >> 3] |= (unsigned char)(1u << (id & 7));
			count++;
		}
	}
	free(needle);
	if (l->nlevels == l->caplevels) {
		l->caplevels = l->caplevels ? 2 * l->caplevels : 8;
		l->levels = xrealloc(l->levels, (size_t)l->caplevels * sizeof *l->levels);
	}
	l->levels[l->nlevels++] = (struct account_match){ xstrdup(search), bits, count };
	l->match = bits;
	l->match_count = count;
	return 0;
}

static void check_fresh(struct account_list *l);

void account_list_search_mode(struct account_list *l, int on)
{
	l->searching = on;
}

int account_list_search_warm(struct account_list *l)
{
	check_fresh(l);
	if (l->names)
		return 0;
	return (l->names = names_load(l->s)) ? 1 : -1;
}

/* rapport_in(P, id): 1 when id is in the match set P (a bound pointer of
 * type match_ptr_type; NULL matches nothing). */
static void sql_rapport_in(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const struct account_list *l = sqlite3_value_pointer(argv[0], match_ptr_type);
	sqlite3_result_int(cx, l && match_has(l, sqlite3_value_int64(argv[1])));
}

void account_list_init(struct account_list *l, struct store *s, const struct rapport_config *cfg)
{
	memset(l, 0, sizeof *l);
	l->s = s;
	l->cfg = cfg;
	l->data_version = -1;
	l->sorted_col = -1;
	l->count_all = -1;
	sqlite3_create_function(s->db, "rapport_in", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
				sql_rapport_in, NULL, NULL);
}

void account_list_invalidate(struct account_list *l)
{
	free(l->quadrant);
	l->quadrant = NULL;
	l->quadrant_n = 0;
	l->data_version = -1;
	l->sorted_col = -1;
	l->count_all = -1;
	match_drop(l);
}

void account_list_free(struct account_list *l)
{
	account_list_invalidate(l);
	store_exec(l->s, "DROP TABLE IF EXISTS temp.account_sort", NULL, 0);
}

static long long data_version(struct store *s)
{
	sqlite3_stmt *st = store_stmt(s, "PRAGMA data_version", NULL, 0);
	long long v = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return v;
}

/* Drop the caches when another connection committed since they were built. */
static void check_fresh(struct account_list *l)
{
	long long v = data_version(l->s);
	if (l->data_version >= 0 && v != l->data_version)
		account_list_invalidate(l);
	l->data_version = v;
}

/* Quadrant of every account with financials (all periods), by id. */
static int build_quadrants(struct account_list *l, char *err, size_t errlen)
{
	if (l->quadrant)
		return 0;
	struct profit_set set;
	if (profit_load_figures(l->s, 0, &set, err, errlen) != 0)
		return -1;
	struct grid_splits g;
	grid_splits_compute(&set, l->cfg, &g);
	int64_t max = 0;
	for (size_t i = 0; i < set.n; i++)
		if (set.v[i].account_id > max)
			max = set.v[i].account_id;
	l->quadrant_n = max + 1;
	l->quadrant = xmalloc((size_t)l->quadrant_n);
	memset(l->quadrant, 0xff, (size_t)l->quadrant_n);
	for (size_t i = 0; i < set.n; i++)
		l->quadrant[set.v[i].account_id] =
			(unsigned char)grid_classify(&g, set.v[i].net_margin, set.v[i].cost_to_serve);
	profit_set_free(&set);
	return 0;
}

static int quadrant_of(const struct account_list *l, int64_t id)
{
	if (!l->quadrant)
		return -2;
	if (id < 0 || id >= l->quadrant_n || l->quadrant[id] == 0xff)
		return -1;
	return l->quadrant[id];
}

int account_list_prepare(struct account_list *l, char *err, size_t errlen)
{
	check_fresh(l);
	return build_quadrants(l, err, errlen);
}

int account_list_ready(struct account_list *l)
{
	check_fresh(l);
	return l->quadrant != NULL;
}

int account_list_quadrant(struct account_list *l, int64_t id)
{
	return quadrant_of(l, id);
}

/* Fill temp.account_sort(account_id, v, key) for a computed column. */
static int build_sort_table(struct account_list *l, enum account_col c, char *err, size_t errlen)
{
	if (l->sorted_col == (int)c)
		return 0;
	struct store *s = l->s;
	if (store_exec(s, "DROP TABLE IF EXISTS temp.account_sort;"
		       "CREATE TEMP TABLE account_sort(account_id INTEGER PRIMARY KEY, v, key TEXT NOT NULL)",
		       err, errlen) != 0)
		return -1;
	int rc = 0;
	if (c == ACOL_OWNER) {
		rc = store_exec(s, "INSERT INTO temp.account_sort SELECT a.id,"
			" ifnull((SELECT st.handle FROM roles r JOIN staff st ON st.id = r.staff_id"
			"  WHERE r.account_id = a.id AND r.role = 'relationship'), ''), a.key FROM accounts a",
			err, errlen);
	} else if (c == ACOL_NPS) {
		/* no responses sort below every score (-1001 tenths) */
		rc = store_exec(s, "INSERT INTO temp.account_sort SELECT a.id, ifnull(("
			" SELECT (1000 * (sum(score >= 9) - sum(score <= 6)) + (CASE WHEN sum(score >= 9) >= sum(score <= 6)"
			"  THEN count(*) / 2 ELSE -(count(*) / 2) END)) / count(*)"
			" FROM nps n WHERE n.account_id = a.id), -1001), a.key FROM accounts a",
			err, errlen);
	} else {
		if (build_quadrants(l, err, errlen) != 0)
			return -1;
		sqlite3_stmt *ins = store_prepare(s, "INSERT INTO temp.account_sort VALUES (?1, ?2, ?3)", err, errlen);
		sqlite3_stmt *all = store_prepare(s, "SELECT id, key FROM accounts", err, errlen);
		if (!ins || !all) {
			sqlite3_finalize(ins);
			sqlite3_finalize(all);
			return -1;
		}
		store_exec(s, "SAVEPOINT fill", NULL, 0);
		while (sqlite3_step(all) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(all, 0);
			int q = quadrant_of(l, id);
			sqlite3_bind_int64(ins, 1, id);
			sqlite3_bind_int(ins, 2, q < 0 ? 9 : q);
			sqlite3_bind_value(ins, 3, sqlite3_column_value(all, 1));
			if (sqlite3_step(ins) != SQLITE_DONE)
				rc = store_fail(s, "sort", err, errlen);
			sqlite3_reset(ins);
		}
		store_exec(s, "RELEASE fill", NULL, 0);
		sqlite3_finalize(ins);
		sqlite3_finalize(all);
	}
	if (rc == 0)
		rc = store_exec(s, "CREATE INDEX temp.account_sort_v ON account_sort(v, key)", err, errlen);
	if (rc == 0)
		l->sorted_col = (int)c;
	return rc;
}

int account_list_fetch(struct account_list *l, enum account_col sort, int desc,
		       const char *search, const struct account_item *anchor, int dir,
		       int limit, struct account_item *out, int *n, char *err, size_t errlen)
{
	*n = 0;
	check_fresh(l);
	if (is_computed(sort) && build_sort_table(l, sort, err, errlen) != 0)
		return -1;
	/* walking backwards in a descending order is walking forwards */
	int forward = (dir >= 0) != (desc != 0);
	const char *v = sort_expr[sort];
	struct strbuf sql = { 0 };
	sb_printf(&sql, "SELECT a.id, a.key, a.name, a.segment, ifnull(a.ladder, 0),"
		  " (SELECT st.handle FROM roles r JOIN staff st ON st.id = r.staff_id"
		  "  WHERE r.account_id = a.id AND r.role = 'relationship'),"
		  " (SELECT count(*) FROM nps x WHERE x.account_id = a.id),"
		  " (SELECT count(*) FROM nps x WHERE x.account_id = a.id AND x.score >= 9),"
		  " (SELECT count(*) FROM nps x WHERE x.account_id = a.id AND x.score <= 6),"
		  " %s FROM %s WHERE 1", v,
		  is_computed(sort) ? "temp.account_sort t JOIN accounts a ON a.id = t.account_id" : "accounts a");
	if (anchor)
		sb_printf(&sql, " AND (%s, a.key) %s (?1, ?2)", v, forward ? ">" : "<");
	if ((!search || !*search) && !l->searching)
		match_drop(l);   /* out of search: give the names' memory back */
	if (search && *search) {
		if (match_prepare(l, search) != 0) {
			sb_free(&sql);
			return store_fail(l->s, "accounts", err, errlen);
		}
		sb_puts(&sql, " AND rapport_in(?3, a.id)");
	}
	const char *ord = forward ? "" : " DESC";
	sb_printf(&sql, " ORDER BY %s%s, a.key%s LIMIT ?4", v, ord, ord);
	sqlite3_stmt *st = store_prepare(l->s, sb_str(&sql), err, errlen);
	sb_free(&sql);
	if (!st)
		return -1;
	if (anchor) {
		if (is_numeric(sort))
			sqlite3_bind_int64(st, 1, anchor->sort_num);
		else
			sqlite3_bind_text(st, 1, anchor->sort_text ? anchor->sort_text : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, anchor->key, -1, SQLITE_STATIC);
	}
	if (search && *search)
		sqlite3_bind_pointer(st, 3, l, match_ptr_type, NULL);
	sqlite3_bind_int(st, 4, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) {
		struct account_item *it = &out[*n];
		memset(it, 0, sizeof *it);
		it->id = sqlite3_column_int64(st, 0);
		it->key = xstrdup((const char *)sqlite3_column_text(st, 1));
		it->name = xstrdup((const char *)sqlite3_column_text(st, 2));
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			it->segment = xstrdup((const char *)sqlite3_column_text(st, 3));
		it->ladder = sqlite3_column_int(st, 4);
		if (sqlite3_column_type(st, 5) != SQLITE_NULL)
			it->owner = xstrdup((const char *)sqlite3_column_text(st, 5));
		struct nps_counts c = { 0 };
		c.n = sqlite3_column_int64(st, 6);
		c.promoters = sqlite3_column_int64(st, 7);
		c.detractors = sqlite3_column_int64(st, 8);
		c.passives = c.n - c.promoters - c.detractors;
		it->nps_n = c.n;
		it->nps_promoters = c.promoters;
		it->nps_detractors = c.detractors;
		it->nps_tenths = c.n ? nps_score_tenths(&c) : 0;
		it->quadrant = quadrant_of(l, it->id);
		if (is_numeric(sort))
			it->sort_num = sqlite3_column_int64(st, 9);
		else
			it->sort_text = xstrdup((const char *)sqlite3_column_text(st, 9));
		(*n)++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(l->s, "accounts", err, errlen);
		sqlite3_finalize(st);
		for (int i = 0; i < *n; i++)
			account_item_clear(&out[i]);
		*n = 0;
		return -1;
	}
	sqlite3_finalize(st);
	if (dir < 0) { /* fetched walking away from the anchor: put back in display order */
		for (int i = 0, j = *n - 1; i < j; i++, j--) {
			struct account_item tmp = out[i];
			out[i] = out[j];
			out[j] = tmp;
		}
	}
	return 0;
}

long long account_list_count(struct account_list *l, const char *search)
{
	check_fresh(l);
	if (search && *search)
		return match_prepare(l, search) == 0 ? l->match_count : -1;
	/* counted once per data version: paging asks on every new window */
	if (l->count_all >= 0)
		return l->count_all;
	sqlite3_stmt *st = store_prepare(l->s, "SELECT count(*) FROM accounts", NULL, 0);
	if (st && sqlite3_step(st) == SQLITE_ROW)
		l->count_all = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return l->count_all;
}
