/* Account-team roles: last action, due date and status per account and
 * role (SPEC.md "roles"), and what each staff member has due (see
 * analytics.h).
 *
 * One grouped pass per table (accounts, staff, roles, meetings, projects,
 * problems) gathers the latest and earliest dates per account into an
 * array by id; the rows are then produced in key order.  Date arithmetic
 * is done on day numbers (values.h), never through a time zone.  Empty texts in
 * date columns count as no date. */
#include "rapport/analytics.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/util.h"
#include "rapport/values.h"

const char *const role_kind_words[] = { "relationship", "project", "problem", NULL };
const char *const role_status_words[] = { "ok", "due", "overdue", "unassigned", NULL };

/* Intervals used when no configuration is given (the [roles] defaults). */
#define DEFAULT_MEETING_DAYS 182
#define DEFAULT_FEEDBACK_DAYS 30
#define DEFAULT_SOON_DAYS 30

struct intervals {
	int meeting, feedback, soon;
};

static struct intervals intervals_of(const struct rapport_config *cfg)
{
	struct intervals iv = { DEFAULT_MEETING_DAYS, DEFAULT_FEEDBACK_DAYS, DEFAULT_SOON_DAYS };
	if (cfg) {
		iv.meeting = cfg->meeting_interval_days;
		iv.feedback = cfg->project_feedback_days;
		iv.soon = cfg->due_soon_days;
	}
	return iv;
}

enum role_status role_status_of(int assigned, int never_met, int has_due, int32_t due,
				int32_t today, int soon_days)
{
	if (!assigned)
		return STATUS_UNASSIGNED;
	if (!has_due)
		return never_met ? STATUS_OVERDUE : STATUS_OK;
	if (due < today)
		return STATUS_OVERDUE;
	if (due <= today + soon_days)
		return STATUS_DUE;
	return STATUS_OK;
}

/* The roles screen's order as one number (analytics.h).  Assigned rows:
 * a relationship never met first, then the due date (day number), then the
 * rows without one; unassigned rows after all of them, by due date, none
 * last.  So status follows from ord alone: overdue below today, due up to
 * today + soon, unassigned above ORD_NO_DUE, else ok. */
#define ORD_NEVER_MET (-(INT64_C(1) << 40))
#define ORD_NO_DUE (INT64_C(1) << 39)
#define ORD_UNASSIGNED (INT64_C(1) << 41)

int64_t role_ord(int assigned, int never_met, int has_due, int32_t due)
{
	if (!assigned)
		return ORD_UNASSIGNED + (has_due ? due : ORD_NO_DUE);
	if (!has_due)
		return never_met ? ORD_NEVER_MET : ORD_NO_DUE;
	return due;
}

static enum role_status status_of_ord(int64_t ord, int32_t today, int soon_days)
{
	if (ord > ORD_NO_DUE)
		return STATUS_UNASSIGNED;
	if (ord < today)
		return STATUS_OVERDUE;
	if (ord <= (int64_t)today + soon_days)
		return STATUS_DUE;
	return STATUS_OK;
}

/* One account's facts for the three roles, gathered by one grouped pass
 * per table.  Dates as stored ("" = none). */
struct racc {
	int64_t id;
	char *key;
	char met[11];          /* latest meeting */
	char fin_last[11];     /* latest finished project */
	char fin_first[11];    /* earliest finished project without feedback */
	char res_last[11];     /* latest resolved problem */
	char open_due[11];     /* earliest due date of an unresolved problem */
	int64_t staff[ROLE_KINDS];        /* holders, 0 = nobody */
	const char *handle[ROLE_KINDS];   /* into struct facts' staff list */
};

struct rstaff {
	int64_t id;
	char *handle;
};

struct facts {
	struct racc *acc;      /* by id */
	size_t nacc;
	struct rstaff *staff;  /* by id */
	size_t nstaff;
};

static void facts_free(struct facts *f)
{
	for (size_t i = 0; i < f->nacc; i++)
		free(f->acc[i].key);
	for (size_t i = 0; i < f->nstaff; i++)
		free(f->staff[i].handle);
	free(f->acc);
	free(f->staff);
}

static int racc_id_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct racc *)a)->id, y = ((const struct racc *)b)->id;
	return (x > y) - (x < y);
}

static int rstaff_id_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct rstaff *)a)->id, y = ((const struct rstaff *)b)->id;
	return (x > y) - (x < y);
}

static struct racc *find_acc(struct facts *f, int64_t id)
{
	struct racc want = { .id = id };
	return f->nacc ? bsearch(&want, f->acc, f->nacc, sizeof *f->acc, racc_id_cmp) : NULL;
}

static void copy_date(char *dst, sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	strlcpy_r(dst, t ? t : "", 11);
}

/* Run a grouped query "account_id, v1[, v2]" and store v1/v2 as dates into
 * the fields at off1/off2 of the account's struct racc (off2 < 0: none). */
static int gather(struct store *s, struct facts *f, const char *sql, ptrdiff_t off1,
		  ptrdiff_t off2, char *err, size_t errlen)
{
	sqlite3_stmt *st = store_prepare(s, sql, err, errlen);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct racc *a = find_acc(f, sqlite3_column_int64(st, 0));
		if (!a)
			continue;
		copy_date((char *)a + off1, st, 1);
		if (off2 >= 0)
			copy_date((char *)a + off2, st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "roles", err, errlen);
	return 0;
}

/* Everything roles_each needs, accounts by id.  Each query is a single pass
 * along an index that starts with account_id; no per-account lookups, so
 * 100k accounts stay well under a second. */
static int facts_load(struct store *s, struct facts *f, char *err, size_t errlen)
{
	memset(f, 0, sizeof *f);
	sqlite3_stmt *st = store_prepare(s, "SELECT id, key FROM accounts ORDER BY id", err, errlen);
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (f->nacc == cap) {
			cap = cap ? cap * 2 : 256;
			f->acc = xrealloc(f->acc, cap * sizeof *f->acc);
		}
		struct racc *a = &f->acc[f->nacc++];
		memset(a, 0, sizeof *a);
		a->id = sqlite3_column_int64(st, 0);
		a->key = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "roles", err, errlen);

	st = store_prepare(s, "SELECT id, handle FROM staff ORDER BY id", err, errlen);
	if (!st)
		return -1;
	cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (f->nstaff == cap) {
			cap = cap ? cap * 2 : 16;
			f->staff = xrealloc(f->staff, cap * sizeof *f->staff);
		}
		f->staff[f->nstaff].id = sqlite3_column_int64(st, 0);
		f->staff[f->nstaff].handle = xstrdup((const char *)sqlite3_column_text(st, 1));
		f->nstaff++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "roles", err, errlen);

	st = store_prepare(s, "SELECT account_id, role, staff_id FROM roles", err, errlen);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct racc *a = find_acc(f, sqlite3_column_int64(st, 0));
		const char *role = (const char *)sqlite3_column_text(st, 1);
		struct rstaff want = { sqlite3_column_int64(st, 2), NULL };
		struct rstaff *who = f->nstaff ? bsearch(&want, f->staff, f->nstaff, sizeof *f->staff,
							 rstaff_id_cmp) : NULL;
		if (!a || !who || !role)
			continue;
		for (int k = 0; k < ROLE_KINDS; k++)
			if (strcmp(role, role_kind_words[k]) == 0) {
				a->staff[k] = who->id;
				a->handle[k] = who->handle;
			}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "roles", err, errlen);

	if (gather(s, f, "SELECT account_id, max(nullif(date, '')) FROM meetings"
		   " GROUP BY account_id", offsetof(struct racc, met), -1, err, errlen) != 0 ||
	    gather(s, f, "SELECT account_id, max(nullif(finished, '')),"
		   " min(CASE WHEN feedback_score IS NULL THEN nullif(finished, '') END)"
		   " FROM projects GROUP BY account_id",
		   offsetof(struct racc, fin_last), offsetof(struct racc, fin_first), err, errlen) != 0 ||
	    gather(s, f, "SELECT account_id, max(nullif(resolved, '')),"
		   " min(CASE WHEN nullif(resolved, '') IS NULL THEN nullif(due, '') END)"
		   " FROM problems GROUP BY account_id",
		   offsetof(struct racc, res_last), offsetof(struct racc, open_due), err, errlen) != 0)
		return -1;
	return 0;
}

/* A stored date ("" = none) as a day number: 1 present, 0 none, -1 bad. */
static int parse_stored(const char *t, const char *account, int32_t *out, char *err, size_t errlen)
{
	if (!*t)
		return 0;
	char why[VALUE_ERR_MAX];
	if (value_date(t, out, why, sizeof why) != 0) {
		snprintf(err, errlen, "account %s: stored date: %s", account, why);
		return -1;
	}
	return 1;
}

static int racc_key_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct racc *const *)a)->key, (*(const struct racc *const *)b)->key);
}

/* An account's stored dates as day numbers (has_* 0: none). */
struct rdays {
	int32_t met, fin_last, fin_first, res_last, open_due;
	int has_met, has_fin_last, has_fin_first, has_res_last, has_open_due;
};

static int rdays_of(const struct racc *a, struct rdays *d, char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	if ((d->has_met = parse_stored(a->met, a->key, &d->met, err, errlen)) < 0 ||
	    (d->has_fin_last = parse_stored(a->fin_last, a->key, &d->fin_last, err, errlen)) < 0 ||
	    (d->has_fin_first = parse_stored(a->fin_first, a->key, &d->fin_first, err, errlen)) < 0 ||
	    (d->has_res_last = parse_stored(a->res_last, a->key, &d->res_last, err, errlen)) < 0 ||
	    (d->has_open_due = parse_stored(a->open_due, a->key, &d->open_due, err, errlen)) < 0)
		return -1;
	return 0;
}

/* Role k of account a: the row SPEC.md "roles" defines. */
static void role_fill(struct role_row *row, const struct racc *a, int k, const struct rdays *d,
		      struct intervals iv, int32_t today)
{
	int has_last = 0, has_due = 0, never_met = 0;
	int32_t last = 0, due = 0;
	row->account_id = a->id;
	row->account = a->key;
	row->role = (enum role_kind)k;
	row->staff_id = a->staff[k];
	row->staff = a->handle[k];
	if (k == ROLE_RELATIONSHIP) {
		has_last = has_due = d->has_met;
		last = d->met;
		due = d->met + iv.meeting;
		never_met = !d->has_met;
	} else if (k == ROLE_PROJECT) {
		has_last = d->has_fin_last;
		last = d->fin_last;
		has_due = d->has_fin_first;
		due = d->fin_first + iv.feedback;
	} else {
		has_last = d->has_res_last;
		last = d->res_last;
		has_due = d->has_open_due;
		due = d->open_due;
	}
	row->last[0] = row->due[0] = '\0';
	if (has_last)
		value_date_fmt(last, row->last, sizeof row->last);
	if (has_due)
		value_date_fmt(due, row->due, sizeof row->due);
	row->status = role_status_of(row->staff != NULL, never_met, has_due, due, today, iv.soon);
	row->ord = role_ord(row->staff != NULL, never_met, has_due, due);
}

int roles_each(struct store *s, const struct rapport_config *cfg, int32_t today,
	       int64_t staff_id, role_row_fn fn, void *ctx, char *err, size_t errlen)
{
	struct intervals iv = intervals_of(cfg);
	struct facts f;
	if (facts_load(s, &f, err, errlen) != 0) {
		facts_free(&f);
		return -1;
	}
	struct racc **order = xmalloc((f.nacc ? f.nacc : 1) * sizeof *order);
	for (size_t i = 0; i < f.nacc; i++)
		order[i] = &f.acc[i];
	if (f.nacc)
		qsort(order, f.nacc, sizeof *order, racc_key_cmp);

	int result = 0, stop = 0;
	for (size_t i = 0; i < f.nacc && !stop; i++) {
		const struct racc *a = order[i];
		struct rdays d;
		if (rdays_of(a, &d, err, errlen) != 0) {
			result = -1;
			break;
		}
		for (int k = 0; k < ROLE_KINDS && !stop; k++) {
			if (staff_id > 0 && a->staff[k] != staff_id)
				continue;
			struct role_row row;
			role_fill(&row, a, k, &d, iv, today);
			if (fn(&row, ctx) != 0)
				stop = 1;
		}
	}
	free(order);
	facts_free(&f);
	return result;
}

/* ---- per staff member --------------------------------------------------- */

/* A due_item that owns its strings, collected before sorting. */
struct item {
	struct due_item it;
	char *staff, *account, *text;
};

struct items {
	struct item *v;
	size_t n, cap;
};

static void items_push(struct items *l, const struct due_item *it)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	struct item *e = &l->v[l->n++];
	e->it = *it;
	e->staff = xstrdup(it->staff);
	e->account = xstrdup(it->account);
	e->text = it->text ? xstrdup(it->text) : NULL;
	e->it.staff = e->staff;
	e->it.account = e->account;
	e->it.text = e->text;
}

static void items_free(struct items *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].staff);
		free(l->v[i].account);
		free(l->v[i].text);
	}
	free(l->v);
}

static int collect_role(const struct role_row *row, void *ctx)
{
	if (row->status != STATUS_DUE && row->status != STATUS_OVERDUE)
		return 0;
	struct due_item it = { 0 };
	it.kind = DUE_ROLE;
	it.staff_id = row->staff_id;
	it.staff = row->staff;
	it.account_id = row->account_id;
	it.account = row->account;
	it.role = row->role;
	memcpy(it.due, row->due, sizeof it.due);
	it.status = row->status;
	it.ord = row->ord;
	items_push(ctx, &it);
	return 0;
}

/* Open action items with a due date up to today + soon days. */
static int collect_actions(struct store *s, int32_t today, int soon, int64_t staff_id,
			   struct items *l, char *err, size_t errlen)
{
	char limit[11];
	value_date_fmt(today + soon, limit, sizeof limit);
	sqlite3_stmt *st = store_prepare(s,
		"SELECT ai.id, ai.account_id, a.key, ai.staff_id, st.handle, ai.text, ai.due"
		" FROM action_items ai JOIN staff st ON st.id = ai.staff_id"
		" JOIN accounts a ON a.id = ai.account_id"
		" WHERE nullif(ai.due, '') IS NOT NULL AND ai.due <= :limit"
		" AND nullif(ai.done, '') IS NULL"
		" AND (:staff = 0 OR ai.staff_id = :staff)", err, errlen);
	if (!st)
		return -1;
	if (sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":limit"), limit, -1,
			      SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":staff"), staff_id) != SQLITE_OK) {
		sqlite3_finalize(st);
		return store_fail(s, "action items", err, errlen);
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct due_item it = { 0 };
		it.kind = DUE_ACTION;
		it.action_id = sqlite3_column_int64(st, 0);
		it.account_id = sqlite3_column_int64(st, 1);
		it.account = (const char *)sqlite3_column_text(st, 2);
		it.staff_id = sqlite3_column_int64(st, 3);
		it.staff = (const char *)sqlite3_column_text(st, 4);
		it.text = (const char *)sqlite3_column_text(st, 5);
		int32_t due = 0;
		const char *dtext = (const char *)sqlite3_column_text(st, 6);
		if (parse_stored(dtext ? dtext : "", it.account, &due, err, errlen) < 0) {
			sqlite3_finalize(st);
			return -1;
		}
		value_date_fmt(due, it.due, sizeof it.due);
		it.status = role_status_of(1, 0, 1, due, today, soon);
		it.ord = role_ord(1, 0, 1, due);
		items_push(l, &it);
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, "action items", err, errlen);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

/* handle, due ("" first), account key, roles before actions, role, action id */
static int item_cmp(const void *a, const void *b)
{
	const struct due_item *x = &((const struct item *)a)->it;
	const struct due_item *y = &((const struct item *)b)->it;
	int c;
	if ((c = strcmp(x->staff, y->staff)) != 0)
		return c;
	if ((c = strcmp(x->due, y->due)) != 0)
		return c;
	if ((c = strcmp(x->account, y->account)) != 0)
		return c;
	if (x->kind != y->kind)
		return x->kind == DUE_ROLE ? -1 : 1;
	if (x->kind == DUE_ROLE)
		return (int)x->role - (int)y->role;
	return (x->action_id > y->action_id) - (x->action_id < y->action_id);
}

/* Everything due for staff_id (0 = all), sorted. */
static int collect_items(struct store *s, const struct rapport_config *cfg, int32_t today,
			 int64_t staff_id, struct items *l, char *err, size_t errlen)
{
	struct intervals iv = intervals_of(cfg);
	memset(l, 0, sizeof *l);
	if (roles_each(s, cfg, today, staff_id, collect_role, l, err, errlen) != 0 ||
	    collect_actions(s, today, iv.soon, staff_id, l, err, errlen) != 0) {
		items_free(l);
		return -1;
	}
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, item_cmp);
	return 0;
}

int roles_due_items(struct store *s, const struct rapport_config *cfg, int32_t today,
		    int64_t staff_id, due_item_fn fn, void *ctx, char *err, size_t errlen)
{
	struct items l;
	if (collect_items(s, cfg, today, staff_id, &l, err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < l.n; i++)
		if (fn(&l.v[i].it, ctx) != 0)
			break;
	items_free(&l);
	return 0;
}

int roles_due_actions(struct store *s, const struct rapport_config *cfg, int32_t today,
		      int64_t staff_id, due_item_fn fn, void *ctx, char *err, size_t errlen)
{
	struct intervals iv = intervals_of(cfg);
	struct items l;
	memset(&l, 0, sizeof l);
	if (collect_actions(s, today, iv.soon, staff_id, &l, err, errlen) != 0) {
		items_free(&l);
		return -1;
	}
	if (l.n)
		qsort(l.v, l.n, sizeof *l.v, item_cmp);
	for (size_t i = 0; i < l.n; i++)
		if (fn(&l.v[i].it, ctx) != 0)
			break;
	items_free(&l);
	return 0;
}

void staff_loads_free(struct staff_load *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].handle);
	free(v);
}

int roles_staff_loads(struct store *s, const struct rapport_config *cfg, int32_t today,
		      struct staff_load **out, size_t *n, char *err, size_t errlen)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_prepare(s,
		"SELECT st.id, st.handle, (SELECT count(*) FROM roles r WHERE r.staff_id = st.id)"
		" FROM staff st ORDER BY st.handle", err, errlen);
	if (!st)
		return -1;
	struct staff_load *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		struct staff_load *e = &v[cnt++];
		memset(e, 0, sizeof *e);
		e->staff_id = sqlite3_column_int64(st, 0);
		e->handle = xstrdup((const char *)sqlite3_column_text(st, 1));
		e->roles = (long)sqlite3_column_int64(st, 2);
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, "staff", err, errlen);
		sqlite3_finalize(st);
		staff_loads_free(v, cnt);
		return -1;
	}
	sqlite3_finalize(st);

	struct items l;
	if (collect_items(s, cfg, today, 0, &l, err, errlen) != 0) {
		staff_loads_free(v, cnt);
		return -1;
	}
	/* both in handle order: merge */
	size_t j = 0;
	for (size_t i = 0; i < l.n; i++) {
		const struct due_item *it = &l.v[i].it;
		while (j < cnt && v[j].staff_id != it->staff_id && strcmp(v[j].handle, it->staff) < 0)
			j++;
		if (j == cnt || v[j].staff_id != it->staff_id)
			continue;   /* cannot happen: every item has a staff row */
		int overdue = it->status == STATUS_OVERDUE;
		if (it->kind == DUE_ROLE && overdue)
			v[j].overdue++;
		else if (it->kind == DUE_ROLE)
			v[j].due++;
		else if (overdue)
			v[j].items_overdue++;
		else
			v[j].items_due++;
	}
	items_free(&l);
	*out = v;
	*n = cnt;
	return 0;
}

/* ---- small look-ups for the roles screen ----------------------------------- */

int roles_staff_id(struct store *s, const char *handle, int64_t *id, char *err, size_t errlen)
{
	*id = 0;
	if (!handle || !*handle)
		return 0;
	static const char sql[] = "SELECT id FROM staff WHERE handle = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err, errlen);
	if (!st)
		return -1;
	if (sqlite3_bind_text(st, 1, handle, -1, SQLITE_TRANSIENT) != SQLITE_OK)
		return store_fail(s, "staff", err, errlen);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);   /* end the read: a screen keeps no snapshot open */
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "staff", err, errlen);
	return 0;
}

int roles_account_name(struct store *s, int64_t account_id, char **name, char *err, size_t errlen)
{
	*name = NULL;
	static const char sql[] = "SELECT name FROM accounts WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, err, errlen);
	if (!st)
		return -1;
	if (sqlite3_bind_int64(st, 1, account_id) != SQLITE_OK)
		return store_fail(s, "accounts", err, errlen);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		*name = xstrdup(t ? t : "");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, "accounts", err, errlen);
	return 0;
}

int64_t roles_data_stamp(struct store *s)
{
	return store_data_stamp(s);
}

/* ---- one account ----------------------------------------------------------- */

/* Run sql (one row "v1[, v2]" for account ?1) and copy the dates to d1/d2. */
static int gather_one(struct store *s, const char *sql, int64_t account_id, char *d1, char *d2,
		      char *err, size_t errlen)
{
	sqlite3_stmt *st = store_stmt(s, sql, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy_date(d1, st, 0);
		if (d2)
			copy_date(d2, st, 1);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "roles", err, errlen);
	return 0;
}

/* One account's struct racc (the same facts as facts_load) in *a, with
 * its key and holders' handles owned (free with racc_one_free).  1 found,
 * 0 no such account, -1 error. */
static int racc_one(struct store *s, int64_t account_id, struct racc *a, char *err, size_t errlen)
{
	memset(a, 0, sizeof *a);
	a->id = account_id;
	sqlite3_stmt *st = store_stmt(s, "SELECT key FROM accounts WHERE id = ?1", err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		a->key = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_fail(s, "roles", err, errlen);

	st = store_stmt(s, "SELECT r.role, r.staff_id, st.handle FROM roles r"
			" JOIN staff st ON st.id = r.staff_id WHERE r.account_id = ?1", err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *role = (const char *)sqlite3_column_text(st, 0);
		for (int k = 0; role && k < ROLE_KINDS; k++)
			if (strcmp(role, role_kind_words[k]) == 0 && !a->handle[k]) {
				a->staff[k] = sqlite3_column_int64(st, 1);
				a->handle[k] = xstrdup((const char *)sqlite3_column_text(st, 2));
			}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, "roles", err, errlen);
	/* the same aggregates as facts_load, for one account */
	if (gather_one(s, "SELECT max(nullif(date, '')) FROM meetings WHERE account_id = ?1",
		       account_id, a->met, NULL, err, errlen) != 0 ||
	    gather_one(s, "SELECT max(nullif(finished, '')),"
		       " min(CASE WHEN feedback_score IS NULL THEN nullif(finished, '') END)"
		       " FROM projects WHERE account_id = ?1",
		       account_id, a->fin_last, a->fin_first, err, errlen) != 0 ||
	    gather_one(s, "SELECT max(nullif(resolved, '')),"
		       " min(CASE WHEN nullif(resolved, '') IS NULL THEN nullif(due, '') END)"
		       " FROM problems WHERE account_id = ?1",
		       account_id, a->res_last, a->open_due, err, errlen) != 0)
		return -1;
	return 1;
}

static void racc_one_free(struct racc *a)
{
	for (int k = 0; k < ROLE_KINDS; k++)
		free((char *)a->handle[k]);
	free(a->key);
}

int roles_account(struct store *s, const struct rapport_config *cfg, int32_t today,
		  int64_t account_id, role_row_fn fn, void *ctx, char *err, size_t errlen)
{
	struct intervals iv = intervals_of(cfg);
	struct racc a;
	struct rdays d;
	int found = racc_one(s, account_id, &a, err, errlen);
	int result = found < 0 ? -1 : 0;
	if (found > 0 && rdays_of(&a, &d, err, errlen) != 0)
		result = -1;
	for (int k = 0; found > 0 && result == 0 && k < ROLE_KINDS; k++) {
		struct role_row row;
		role_fill(&row, &a, k, &d, iv, today);
		if (fn(&row, ctx) != 0)
			break;
	}
	racc_one_free(&a);
	return result;
}

/* ---- the cache (schema v6: role_cache, role_dirty) -------------------------
 *
 * Contract: when role_dirty is empty and meta 'role_cache' names the
 * current intervals, role_cache holds exactly the rows roles_each would
 * give (but status, which follows from ord and today).  Refreshing is
 * opportunistic upkeep, like the profit cache: only when the write lock is
 * free at once.  Readers check freshness inside their own read
 * transaction (roles_cache_begin) and fall back to roles_each when the
 * cache is stale, so answers are exact either way. */

/* Above this many dirty accounts the cache is rebuilt whole: one grouped
 * pass per table beats that many sets of look-ups. */
#define REBUILD_OVER 2000

static void cache_stamp(struct intervals iv, char *buf, size_t len)
{
	snprintf(buf, len, "meeting %d feedback %d", iv.meeting, iv.feedback);
}

/* 1 when role_cache answers for iv now. */
static int cache_fresh(struct store *s, struct intervals iv)
{
	char want[64];
	cache_stamp(iv, want, sizeof want);
	sqlite3_stmt *st = store_stmt(s, "SELECT NOT EXISTS (SELECT 1 FROM role_dirty)"
				      " AND (SELECT value FROM meta WHERE key = 'role_cache') IS ?1",
				      NULL, 0);
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, want, -1, SQLITE_TRANSIENT);
	int fresh = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
	sqlite3_reset(st);
	return fresh;
}

static int cache_put(struct store *s, sqlite3_stmt *ins, const struct racc *a, struct intervals iv)
{
	struct rdays d;
	char why[256];
	if (rdays_of(a, &d, why, sizeof why) != 0)
		return -1;   /* a bad stored date: left stale, roles_each reports it */
	for (int k = 0; k < ROLE_KINDS; k++) {
		struct role_row row;
		role_fill(&row, a, k, &d, iv, 0);
		sqlite3_bind_int64(ins, 1, row.account_id);
		sqlite3_bind_int(ins, 2, k);
		sqlite3_bind_text(ins, 3, row.account, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 4, row.staff_id);
		sqlite3_bind_text(ins, 5, row.last, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, row.due, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 7, row.ord);
		int rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc != SQLITE_DONE)
			return -1;
	}
	(void)s;
	return 0;
}

static const char cache_insert_sql[] =
	"INSERT INTO role_cache(account_id, role, key, staff_id, last, due, ord)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/* Every account afresh; the indexes are built once at the end. */
static int cache_rebuild(struct store *s, struct intervals iv)
{
	char err[256];
	struct facts f;
	if (facts_load(s, &f, err, sizeof err) != 0) {
		facts_free(&f);
		return -1;
	}
	int rc = sqlite3_exec(s->db, "DELETE FROM role_cache;"
			      "DROP INDEX role_cache_ord; DROP INDEX role_cache_staff;",
			      NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	sqlite3_stmt *ins = NULL;
	if (rc == 0 && sqlite3_prepare_v2(s->db, cache_insert_sql, -1, &ins, NULL) != SQLITE_OK)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < f.nacc; i++)
		rc = cache_put(s, ins, &f.acc[i], iv);
	sqlite3_finalize(ins);
	facts_free(&f);
	if (rc == 0 && sqlite3_exec(s->db,
			"CREATE INDEX role_cache_ord ON role_cache(ord, key, role);"
			"CREATE INDEX role_cache_staff ON role_cache(staff_id, ord, key, role);",
			NULL, NULL, NULL) != SQLITE_OK)
		rc = -1;
	return rc;
}

/* The dirty accounts only, one at a time. */
static int cache_update(struct store *s, struct intervals iv)
{
	char err[256];
	sqlite3_stmt *ids = NULL, *del = NULL, *ins = NULL;
	int rc = sqlite3_prepare_v2(s->db, "SELECT account_id FROM role_dirty", -1, &ids, NULL) ==
			 SQLITE_OK &&
		 sqlite3_prepare_v2(s->db, "DELETE FROM role_cache WHERE account_id = ?1", -1, &del,
				    NULL) == SQLITE_OK &&
		 sqlite3_prepare_v2(s->db, cache_insert_sql, -1, &ins, NULL) == SQLITE_OK ? 0 : -1;
	int step;
	while (rc == 0 && (step = sqlite3_step(ids)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(ids, 0);
		sqlite3_bind_int64(del, 1, id);
		if (sqlite3_step(del) != SQLITE_DONE)
			rc = -1;
		sqlite3_reset(del);
		struct racc a;
		int found = rc == 0 ? racc_one(s, id, &a, err, sizeof err) : 0;
		if (found < 0)
			rc = -1;
		else if (found > 0)
			rc = cache_put(s, ins, &a, iv);
		if (found)
			racc_one_free(&a);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = -1;
	sqlite3_finalize(ids);
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	return rc;
}

static int cache_refresh(struct store *s, void *arg)
{
	const struct intervals *iv = arg;
	if (cache_fresh(s, *iv))      /* decided again under the lock */
		return 0;
	char want[64], *have = store_meta_get(s, "role_cache");
	cache_stamp(*iv, want, sizeof want);
	int whole = !have || strcmp(have, want) != 0;
	free(have);
	sqlite3_stmt *st = store_stmt(s, "SELECT count(*), ifnull(max(account_id = 0), 0)"
				      " FROM role_dirty", NULL, 0);
	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		whole = whole || sqlite3_column_int(st, 1) || sqlite3_column_int64(st, 0) > REBUILD_OVER;
	sqlite3_reset(st);
	if ((whole ? cache_rebuild(s, *iv) : cache_update(s, *iv)) != 0)
		return -1;
	if (sqlite3_exec(s->db, "DELETE FROM role_dirty", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	return store_meta_set(s, "role_cache", want, NULL, 0);
}

int roles_cache_begin(struct store *s, const struct rapport_config *cfg)
{
	struct intervals iv = intervals_of(cfg);
	if (!cache_fresh(s, iv))
		store_upkeep(s, cache_refresh, &iv);
	if (!sqlite3_get_autocommit(s->db))
		return cache_fresh(s, iv) ? 2 : 0;   /* inside the caller's transaction */
	if (!store_read_begin(s))
		return 0;
	if (cache_fresh(s, iv))
		return 1;
	store_read_end(s, 1);
	return 0;
}

void roles_cache_end(struct store *s, int begun)
{
	store_read_end(s, begun == 1);
}

/* The staff filter as SQL: staff_id = ?5 or nothing.  The statements below
 * come in pairs; index [staff > 0]. */
#define CACHE_COLS \
	"SELECT c.account_id, c.key, c.role, c.staff_id, st.handle, c.last, c.due, c.ord" \
	" FROM role_cache c LEFT JOIN staff st ON st.id = c.staff_id"

int roles_cache_counts(struct store *s, const struct rapport_config *cfg, int32_t today,
		       int64_t staff_id, struct role_counts *c, char *err, size_t errlen)
{
	static const char *const sql[2] = {
		"SELECT (SELECT count(*) FROM role_cache),"
		" (SELECT count(*) FROM role_cache WHERE ord < ?1),"
		" (SELECT count(*) FROM role_cache WHERE ord BETWEEN ?1 AND ?2),"
		" (SELECT count(*) FROM role_cache WHERE ord > ?3)",
		"SELECT (SELECT count(*) FROM role_cache WHERE staff_id = ?4),"
		" (SELECT count(*) FROM role_cache WHERE staff_id = ?4 AND ord < ?1),"
		" (SELECT count(*) FROM role_cache WHERE staff_id = ?4 AND ord BETWEEN ?1 AND ?2),"
		" (SELECT count(*) FROM role_cache WHERE staff_id = ?4 AND ord > ?3)",
	};
	struct intervals iv = intervals_of(cfg);
	memset(c, 0, sizeof *c);
	sqlite3_stmt *st = store_stmt(s, sql[staff_id > 0], err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, today);
	sqlite3_bind_int64(st, 2, (int64_t)today + iv.soon);
	sqlite3_bind_int64(st, 3, ORD_NO_DUE);
	if (staff_id > 0)
		sqlite3_bind_int64(st, 4, staff_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		c->rows = sqlite3_column_int64(st, 0);
		c->overdue = sqlite3_column_int64(st, 1);
		c->due = sqlite3_column_int64(st, 2);
		c->unassigned = sqlite3_column_int64(st, 3);
		c->ok = c->rows - c->overdue - c->due - c->unassigned;
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, "roles", err, errlen);
}

static void bind_place(sqlite3_stmt *st, const struct role_place *at, int64_t staff_id)
{
	sqlite3_bind_int64(st, 1, at->ord);
	sqlite3_bind_text(st, 2, at->account, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, at->role);
	if (staff_id > 0)
		sqlite3_bind_int64(st, 4, staff_id);
}

int roles_cache_rank(struct store *s, int64_t staff_id, const struct role_place *at, int or_equal,
		     long long *n, char *err, size_t errlen)
{
	static const char *const sql[2][2] = {
		{ "SELECT count(*) FROM role_cache WHERE (ord, key, role) < (?1, ?2, ?3)",
		  "SELECT count(*) FROM role_cache WHERE staff_id = ?4"
		  " AND (ord, key, role) < (?1, ?2, ?3)" },
		{ "SELECT count(*) FROM role_cache WHERE (ord, key, role) <= (?1, ?2, ?3)",
		  "SELECT count(*) FROM role_cache WHERE staff_id = ?4"
		  " AND (ord, key, role) <= (?1, ?2, ?3)" },
	};
	*n = 0;
	sqlite3_stmt *st = store_stmt(s, sql[or_equal != 0][staff_id > 0], err, errlen);
	if (!st)
		return -1;
	bind_place(st, at, staff_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, "roles", err, errlen);
}

/* Rows of a cache query (CACHE_COLS) to fn, status from today. */
static int cache_rows(struct store *s, sqlite3_stmt *st, int32_t today, int soon,
		      role_row_fn fn, void *ctx, char *err, size_t errlen)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct role_row row;
		row.account_id = sqlite3_column_int64(st, 0);
		row.account = (const char *)sqlite3_column_text(st, 1);
		row.role = (enum role_kind)sqlite3_column_int(st, 2);
		row.staff_id = sqlite3_column_int64(st, 3);
		row.staff = (const char *)sqlite3_column_text(st, 4);
		strlcpy_r(row.last, (const char *)sqlite3_column_text(st, 5), sizeof row.last);
		strlcpy_r(row.due, (const char *)sqlite3_column_text(st, 6), sizeof row.due);
		row.ord = sqlite3_column_int64(st, 7);
		row.status = status_of_ord(row.ord, today, soon);
		if (fn(&row, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, "roles", err, errlen);
}

int roles_cache_page(struct store *s, const struct rapport_config *cfg, int32_t today,
		     int64_t staff_id, const struct role_place *from, int dir, int limit,
		     role_row_fn fn, void *ctx, char *err, size_t errlen)
{
	static const char *const sql[2][2] = {
		{ CACHE_COLS " WHERE (c.ord, c.key, c.role) <= (?1, ?2, ?3)"
		  " ORDER BY c.ord DESC, c.key DESC, c.role DESC LIMIT ?5",
		  CACHE_COLS " WHERE c.staff_id = ?4 AND (c.ord, c.key, c.role) <= (?1, ?2, ?3)"
		  " ORDER BY c.ord DESC, c.key DESC, c.role DESC LIMIT ?5" },
		{ CACHE_COLS " WHERE (c.ord, c.key, c.role) >= (?1, ?2, ?3)"
		  " ORDER BY c.ord, c.key, c.role LIMIT ?5",
		  CACHE_COLS " WHERE c.staff_id = ?4 AND (c.ord, c.key, c.role) >= (?1, ?2, ?3)"
		  " ORDER BY c.ord, c.key, c.role LIMIT ?5" },
	};
	struct intervals iv = intervals_of(cfg);
	struct role_place edge = { dir > 0 ? INT64_MIN : INT64_MAX, "", 0 };
	sqlite3_stmt *st = store_stmt(s, sql[dir > 0][staff_id > 0], err, errlen);
	if (!st)
		return -1;
	bind_place(st, from ? from : &edge, staff_id);
	sqlite3_bind_int(st, 5, limit);
	return cache_rows(s, st, today, iv.soon, fn, ctx, err, errlen);
}

int roles_cache_overdue(struct store *s, int32_t today, role_ord_fn fn, void *ctx, char *err,
			size_t errlen)
{
	/* a range of the covering index role_cache_ord (ord, key, role, and the
	 * primary key's account_id): no row of the table is read */
	sqlite3_stmt *st = store_stmt(s, "SELECT account_id, role, ord FROM role_cache"
				      " INDEXED BY role_cache_ord WHERE ord < ?1", err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, today);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1), sqlite3_column_int64(st, 2),
		   ctx);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, "roles", err, errlen);
}

void role_ord_date(int64_t ord, char *buf, size_t len)
{
	if (ord <= ORD_NEVER_MET || ord >= ORD_NO_DUE)
		buf[0] = '\0';
	else
		value_date_fmt((int32_t)ord, buf, len);
}

struct overdue_filter {
	role_row_fn fn;
	void *ctx;
};

static int only_overdue(const struct role_row *row, void *ctx)
{
	const struct overdue_filter *f = ctx;
	return row->status == STATUS_OVERDUE ? f->fn(row, f->ctx) : 0;
}

int roles_overdue_each(struct store *s, const struct rapport_config *cfg, int32_t today,
		       int by_account, role_row_fn fn, void *ctx, char *err, size_t errlen)
{
	static const char *const sql[2] = {
		CACHE_COLS " WHERE c.ord < ?1 ORDER BY c.key, c.role",
		/* along the primary key: no sort (4x quicker than by key) */
		CACHE_COLS " WHERE c.ord < ?1 ORDER BY c.account_id, c.role",
	};
	int begun = roles_cache_begin(s, cfg);
	int rc;
	if (begun) {
		struct intervals iv = intervals_of(cfg);
		sqlite3_stmt *st = store_stmt(s, sql[by_account != 0], err, errlen);
		if (st)
			sqlite3_bind_int64(st, 1, today);
		rc = st ? cache_rows(s, st, today, iv.soon, fn, ctx, err, errlen) : -1;
	} else {
		struct overdue_filter f = { fn, ctx };
		rc = roles_each(s, cfg, today, 0, only_overdue, &f, err, errlen);
	}
	roles_cache_end(s, begun);
	return rc;
}
