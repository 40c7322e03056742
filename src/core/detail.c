/* One account in full (see detail.h).
 *
 * Each walk is one indexed query on account_id; the figures reuse the
 * analytics core (profit_periods for profit and the wallet window,
 * spectrum_classify, roles_account) so that a number on the screen is the
 * number a report prints. */
#include "rapport/detail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/kinds.h"
#include "rapport/util.h"
#include "rapport/values.h"

/* Column i as text, NULL for NULL or "". */
static const char *col_text(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	return t && *t ? t : NULL;
}

static char *dup_col(sqlite3_stmt *st, int i)
{
	const char *t = col_text(st, i);
	return t ? xstrdup(t) : NULL;
}

/* Column i as an int, fallback for NULL. */
static int col_int(sqlite3_stmt *st, int i, int fallback)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? fallback : sqlite3_column_int(st, i);
}

/* Prepare sql and bind ?1 to account_id; NULL with err. */
static sqlite3_stmt *prepare_for(struct store *s, const char *sql, int64_t account_id,
				 char *err, size_t errlen)
{
	sqlite3_stmt *st = store_prepare(s, sql, err, errlen);
	if (st && sqlite3_bind_int64(st, 1, account_id) != SQLITE_OK) {
		store_fail(s, "detail", err, errlen);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* Finish a walk: finalize, and turn a step error into -1. */
static int finish(struct store *s, sqlite3_stmt *st, int rc, char *err, size_t errlen)
{
	int ret = 0;
	if (rc != SQLITE_DONE)
		ret = store_fail(s, "detail", err, errlen);
	sqlite3_finalize(st);
	return ret;
}

/* ---- overview ---------------------------------------------------------- */

void detail_overview_free(struct detail_overview *ov)
{
	free(ov->key);
	free(ov->name);
	free(ov->segment);
	free(ov->industry);
	free(ov->country);
	free(ov->notes);
	free(ov->updated_at);
	for (int k = 0; k < ROLE_KINDS; k++)
		free(ov->owner[k]);
	memset(ov, 0, sizeof *ov);
}

struct period_sum {
	long n;
	int64_t revenue, cogs, net_margin, cost_to_serve, profit;
};

static int sum_period(const struct period_profit *p, void *ctx)
{
	struct period_sum *sum = ctx;
	sum->n++;
	sum->revenue += p->revenue;
	sum->cogs += p->cogs;
	sum->net_margin += p->net_margin;
	sum->cost_to_serve += p->cost_to_serve;
	sum->profit += p->profit;
	return 0;
}

static int owner_of(const struct role_row *row, void *ctx)
{
	struct detail_overview *ov = ctx;
	if (row->staff)
		ov->owner[row->role] = xstrdup(row->staff);
	return 0;
}

static int load_account(struct store *s, int64_t id, struct detail_overview *ov, int *explicit_word,
			char *err, size_t errlen)
{
	sqlite3_stmt *st = prepare_for(s,
		"SELECT key, name, segment, industry, country, relationship, ladder, wallet,"
		" alternatives, dynamism, importance, complexity, info_exchange, linkages, notes,"
		" version, updated_at FROM accounts WHERE id = ?1", id, err, errlen);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(st);
		return 1;
	}
	if (rc != SQLITE_ROW)
		return finish(s, st, rc, err, errlen);
	ov->id = id;
	ov->key = xstrdup((const char *)sqlite3_column_text(st, 0));
	ov->name = xstrdup((const char *)sqlite3_column_text(st, 1));
	ov->segment = dup_col(st, 2);
	ov->industry = dup_col(st, 3);
	ov->country = dup_col(st, 4);
	*explicit_word = -1;
	const char *rel = col_text(st, 5);
	for (int i = 0; rel && spectrum_words[i]; i++)
		if (strcmp(rel, spectrum_words[i]) == 0)
			*explicit_word = i;
	ov->ladder = col_int(st, 6, 0);
	ov->has_wallet = sqlite3_column_type(st, 7) != SQLITE_NULL;
	ov->wallet = sqlite3_column_int64(st, 7);
	for (int i = 0; i < SPECTRUM_NATTR; i++)
		ov->attr[i] = col_int(st, 8 + i, 0);
	ov->notes = dup_col(st, 14);
	ov->version = sqlite3_column_int64(st, 15);
	ov->updated_at = dup_col(st, 16);
	sqlite3_finalize(st);
	return 0;
}

static int load_nps(struct store *s, int64_t id, struct detail_overview *ov, char *err,
		    size_t errlen)
{
	sqlite3_stmt *st = prepare_for(s,
		"SELECT count(*), sum(score >= 9), sum(score BETWEEN 7 AND 8), sum(score <= 6)"
		" FROM nps WHERE account_id = ?1", id, err, errlen);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ov->nps.n = sqlite3_column_int64(st, 0);
		ov->nps.promoters = sqlite3_column_int64(st, 1);
		ov->nps.passives = sqlite3_column_int64(st, 2);
		ov->nps.detractors = sqlite3_column_int64(st, 3);
		ov->nps_tenths = nps_score_tenths(&ov->nps);
		rc = SQLITE_DONE;
	}
	if (finish(s, st, rc, err, errlen) != 0)
		return -1;
	ov->nps_last[0] = '\0';
	ov->nps_last_score = -1;
	st = prepare_for(s, "SELECT date, score FROM nps WHERE account_id = ?1"
			 " ORDER BY date DESC, id DESC LIMIT 1", id, err, errlen);
	if (!st)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *d = col_text(st, 0);
		strlcpy_r(ov->nps_last, d ? d : "", sizeof ov->nps_last);
		ov->nps_last_score = sqlite3_column_int(st, 1);
		rc = SQLITE_DONE;
	}
	return finish(s, st, rc, err, errlen);
}

int detail_overview_load(struct store *s, int64_t id, int32_t today,
			 struct detail_overview *ov, char *err, size_t errlen)
{
	memset(ov, 0, sizeof *ov);
	ov->nps_last_score = -1;
	int explicit_word = -1;
	int rc = load_account(s, id, ov, &explicit_word, err, errlen);
	if (rc != 0)
		return rc;

	ov->position = spectrum_classify(ov->attr, explicit_word, &ov->score, &ov->has_score);
	ov->explicit_pos = explicit_word >= 0;

	struct period_sum all = { 0 };
	if (profit_periods(s, id, NULL, sum_period, &all, err, errlen) != 0)
		return -1;
	ov->periods = all.n;
	ov->revenue = all.revenue;
	ov->cogs = all.cogs;
	ov->net_margin = all.net_margin;
	ov->cost_to_serve = all.cost_to_serve;
	ov->profit = all.profit;

	/* the wallet report's window: periods ending in today-364 .. today */
	struct date_range win;
	value_date_fmt(today - 364, win.since, sizeof win.since);
	value_date_fmt(today, win.until, sizeof win.until);
	struct period_sum year = { 0 };
	if (profit_periods(s, id, &win, sum_period, &year, err, errlen) != 0)
		return -1;
	ov->wallet_revenue = year.revenue;
	if (ov->has_wallet) {
		ov->gap = ov->wallet - ov->wallet_revenue;
		ov->has_share = ov->wallet != 0;
		if (ov->has_share)
			ov->share_pct = 100.0 * (double)ov->wallet_revenue / (double)ov->wallet;
	}

	if (load_nps(s, id, ov, err, errlen) != 0)
		return -1;
	return roles_account(s, NULL, today, id, owner_of, ov, err, errlen);
}

int detail_grid_splits(struct store *s, const struct rapport_config *cfg,
		       struct grid_splits *g, char *err, size_t errlen)
{
	struct profit_set set;
	if (profit_load_figures(s, 0, &set, err, errlen) != 0)
		return -1;
	grid_splits_compute(&set, cfg, g);
	profit_set_free(&set);
	return 0;
}

long long detail_data_version(struct store *s)
{
	return store_data_stamp(s);
}

/* ---- sections ---------------------------------------------------------- */

int detail_contacts(struct store *s, int64_t account_id, detail_contact_fn fn, void *ctx,
		    char *err, size_t errlen)
{
	sqlite3_stmt *st = prepare_for(s,
		"SELECT id, version, name, title, email, phone, buying_role FROM contacts"
		" WHERE account_id = ?1 ORDER BY name, id", account_id, err, errlen);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct detail_contact c = {
			.id = sqlite3_column_int64(st, 0),
			.version = sqlite3_column_int64(st, 1),
			.name = (const char *)sqlite3_column_text(st, 2),
			.title = col_text(st, 3),
			.email = col_text(st, 4),
			.phone = col_text(st, 5),
			.buying_role = col_text(st, 6),
		};
		if (fn(&c, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return finish(s, st, rc, err, errlen);
}

struct team_walk {
	struct store *s;
	detail_role_fn fn;
	void *ctx;
	int failed;
	char *err;
	size_t errlen;
};

static int team_row(const struct role_row *row, void *ctx)
{
	struct team_walk *w = ctx;
	struct detail_role r;
	memset(&r, 0, sizeof r);
	r.row = *row;
	sqlite3_stmt *st = NULL;
	char *name = NULL;
	if (row->staff) {
		st = prepare_for(w->s, "SELECT r.id, r.version, st.name FROM roles r"
				 " JOIN staff st ON st.id = r.staff_id"
				 " WHERE r.account_id = ?1 AND r.role = ?2", row->account_id,
				 w->err, w->errlen);
		if (!st) {
			w->failed = 1;
			return 1;
		}
		sqlite3_bind_text(st, 2, role_kind_words[row->role], -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			r.id = sqlite3_column_int64(st, 0);
			r.version = sqlite3_column_int64(st, 1);
			name = dup_col(st, 2);
			r.staff_name = name;
		} else if (rc != SQLITE_DONE) {
			finish(w->s, st, rc, w->err, w->errlen);
			w->failed = 1;
			return 1;
		}
		sqlite3_finalize(st);
	}
	int stop = w->fn(&r, w->ctx);
	free(name);
	return stop;
}

int detail_team(struct store *s, const struct rapport_config *cfg, int64_t account_id,
		int32_t today, detail_role_fn fn, void *ctx, char *err, size_t errlen)
{
	struct team_walk w = { s, fn, ctx, 0, err, errlen };
	if (roles_account(s, cfg, today, account_id, team_row, &w, err, errlen) != 0)
		return -1;
	return w.failed ? -1 : 0;
}

int detail_nps_history(struct store *s, int64_t account_id, detail_nps_fn fn, void *ctx,
		       char *err, size_t errlen)
{
	sqlite3_stmt *st = prepare_for(s,
		"SELECT id, version, date, score, survey, contact, comment FROM nps"
		" WHERE account_id = ?1 ORDER BY date DESC, id DESC", account_id, err, errlen);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct detail_nps n = {
			.id = sqlite3_column_int64(st, 0),
			.version = sqlite3_column_int64(st, 1),
			.date = (const char *)sqlite3_column_text(st, 2),
			.score = sqlite3_column_int(st, 3),
			.survey = (const char *)sqlite3_column_text(st, 4),
			.contact = col_text(st, 5),
			.comment = col_text(st, 6),
		};
		if (fn(&n, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return finish(s, st, rc, err, errlen);
}

int detail_meetings(struct store *s, int64_t account_id, detail_meeting_fn fn, void *ctx,
		    char *err, size_t errlen)
{
	sqlite3_stmt *st = prepare_for(s,
		"SELECT m.id, m.version, m.date, st.handle, m.notes, m.action_plan FROM meetings m"
		" LEFT JOIN staff st ON st.id = m.staff_id"
		" WHERE m.account_id = ?1 ORDER BY m.date DESC, m.id DESC", account_id, err, errlen);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct detail_meeting m = {
			.id = sqlite3_column_int64(st, 0),
			.version = sqlite3_column_int64(st, 1),
			.date = (const char *)sqlite3_column_text(st, 2),
			.staff = col_text(st, 3),
			.notes = col_text(st, 4),
			.action_plan = col_text(st, 5),
		};
		if (fn(&m, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return finish(s, st, rc, err, errlen);
}

int detail_projects(struct store *s, int64_t account_id, detail_project_fn fn, void *ctx,
		    char *err, size_t errlen)
{
	sqlite3_stmt *st = prepare_for(s,
		"SELECT p.id, p.version, p.name, st.handle, p.started, p.finished, p.conditions,"
		" p.feedback_score FROM projects p LEFT JOIN staff st ON st.id = p.staff_id"
		" WHERE p.account_id = ?1"
		" ORDER BY nullif(p.finished, '') IS NOT NULL,"
		" max(ifnull(p.started, ''), ifnull(p.finished, '')) DESC, p.name, p.id",
		account_id, err, errlen);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct detail_project p = {
			.id = sqlite3_column_int64(st, 0),
			.version = sqlite3_column_int64(st, 1),
			.name = (const char *)sqlite3_column_text(st, 2),
			.staff = col_text(st, 3),
			.started = col_text(st, 4),
			.finished = col_text(st, 5),
			.conditions = col_text(st, 6),
			.feedback = col_int(st, 7, -1),
		};
		if (fn(&p, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return finish(s, st, rc, err, errlen);
}

int detail_problems(struct store *s, int64_t account_id, detail_problem_fn fn, void *ctx,
		    char *err, size_t errlen)
{
	sqlite3_stmt *st = prepare_for(s,
		"SELECT p.id, p.version, p.title, p.opened, p.due, st.handle, p.resolved,"
		" p.satisfaction FROM problems p LEFT JOIN staff st ON st.id = p.staff_id"
		" WHERE p.account_id = ?1"
		" ORDER BY nullif(p.resolved, '') IS NOT NULL,"
		" CASE WHEN nullif(p.resolved, '') IS NULL THEN p.due END,"
		" p.resolved DESC, p.title, p.id", account_id, err, errlen);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct detail_problem p = {
			.id = sqlite3_column_int64(st, 0),
			.version = sqlite3_column_int64(st, 1),
			.title = (const char *)sqlite3_column_text(st, 2),
			.opened = (const char *)sqlite3_column_text(st, 3),
			.due = (const char *)sqlite3_column_text(st, 4),
			.staff = col_text(st, 5),
			.resolved = col_text(st, 6),
			.satisfaction = col_int(st, 7, -1),
		};
		if (fn(&p, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return finish(s, st, rc, err, errlen);
}

int detail_notes(struct store *s, int64_t account_id, detail_note_fn fn, void *ctx,
		 char *err, size_t errlen)
{
	sqlite3_stmt *st = prepare_for(s,
		"SELECT id, version, created_at, author, body FROM notes"
		" WHERE account_id = ?1 ORDER BY created_at DESC, id DESC", account_id, err, errlen);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct detail_note n = {
			.id = sqlite3_column_int64(st, 0),
			.version = sqlite3_column_int64(st, 1),
			.created_at = (const char *)sqlite3_column_text(st, 2),
			.author = col_text(st, 3),
			.body = (const char *)sqlite3_column_text(st, 4),
		};
		if (fn(&n, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return finish(s, st, rc, err, errlen);
}

/* ---- what clears a role ---------------------------------------------- */

int detail_clearing_record(struct store *s, int64_t account_id, int role,
			   const struct kind **k, int64_t *id, char *err, size_t errlen)
{
	const char *sql, *kind;
	if (role == ROLE_PROJECT) {
		kind = "projects";
		sql = "SELECT id FROM projects WHERE account_id = ?1 AND feedback_score IS NULL"
		      " AND nullif(finished, '') IS NOT NULL ORDER BY finished, name, id LIMIT 1";
	} else if (role == ROLE_PROBLEM) {
		kind = "problems";
		sql = "SELECT id FROM problems WHERE account_id = ?1 AND nullif(resolved, '') IS NULL"
		      " ORDER BY nullif(due, '') IS NULL, due, title, opened, id LIMIT 1";
	} else {
		return 0;
	}
	sqlite3_stmt *st = prepare_for(s, sql, account_id, err, errlen);
	if (!st)
		return -1;
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*k = kind_find_any(kind);
		found = 1;
		rc = SQLITE_DONE;
	}
	if (finish(s, st, rc, err, errlen) != 0)
		return -1;
	return found;
}

/* ---- change history ---------------------------------------------------- */

/* How an audited column's stored value reads: money in cents, quantities
 * in thousandths, staff and rates by id. */
enum value_form { VF_TEXT, VF_MONEY, VF_QUANTITY };

static const struct audited_col {
	const char *table, *column;   /* as in the audit log */
	const char *name;             /* as in CSV */
	enum value_form form;
} audited_cols[] = {
	{ "accounts", "wallet", "wallet", VF_MONEY },
	{ "financials", "revenue", "revenue", VF_MONEY },
	{ "financials", "cogs", "cogs", VF_MONEY },
	{ "financials", "cost_to_serve", "cost_to_serve", VF_MONEY },
	{ "rates", "cost", "cost", VF_MONEY },
	{ "activities", "quantity", "quantity", VF_QUANTITY },
	{ "activities", "rate_id", "activity", VF_TEXT },
	{ NULL, "staff_id", "staff", VF_TEXT },   /* any table */
};

static const struct audited_col *audited_col_find(const char *table, const char *column)
{
	for (size_t i = 0; i < sizeof audited_cols / sizeof *audited_cols; i++) {
		const struct audited_col *c = &audited_cols[i];
		if ((!c->table || strcmp(c->table, table) == 0) && strcmp(c->column, column) == 0)
			return c;
	}
	return NULL;
}

/* v as the user knows it, into buf when formatting is needed. */
static const char *shown_value(const struct audited_col *c, const char *v, char *buf, size_t len)
{
	if (!v || !*v || !c || c->form == VF_TEXT)
		return v && *v ? v : NULL;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (*end)
		return v;
	if (c->form == VF_MONEY)
		value_money_fmt(n, buf, len);
	else
		value_quantity_fmt(n, buf, len);
	return buf;
}

int detail_history(struct store *s, int64_t account_id, long limit, long *total,
		   detail_change_fn fn, void *ctx, char *err, size_t errlen)
{
	if (total) {
		sqlite3_stmt *st = prepare_for(s, "SELECT count(*) FROM audit WHERE account_id = ?1",
					       account_id, err, errlen);
		if (!st)
			return -1;
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*total = (long)sqlite3_column_int64(st, 0);
			rc = SQLITE_DONE;
		}
		if (finish(s, st, rc, err, errlen) != 0)
			return -1;
	}
	/* staff and rates by their current handle / activity name (the id
	 * itself when they are gone) */
	sqlite3_stmt *st = prepare_for(s,
		"SELECT au.at, au.actor, au.kind, au.action, au.field,"
		" CASE au.field WHEN 'staff_id' THEN ifnull((SELECT handle FROM staff WHERE id = au.old), au.old)"
		"  WHEN 'rate_id' THEN ifnull((SELECT activity FROM rates WHERE id = au.old), au.old)"
		"  ELSE au.old END,"
		" CASE au.field WHEN 'staff_id' THEN ifnull((SELECT handle FROM staff WHERE id = au.new), au.new)"
		"  WHEN 'rate_id' THEN ifnull((SELECT activity FROM rates WHERE id = au.new), au.new)"
		"  ELSE au.new END,"
		" CASE au.kind"
		"  WHEN 'contacts' THEN (SELECT name FROM contacts WHERE uid = au.record_uid)"
		"  WHEN 'roles' THEN (SELECT role FROM roles WHERE uid = au.record_uid)"
		"  WHEN 'nps' THEN (SELECT date FROM nps WHERE uid = au.record_uid)"
		"  WHEN 'financials' THEN (SELECT period FROM financials WHERE uid = au.record_uid)"
		"  WHEN 'activities' THEN (SELECT date FROM activities WHERE uid = au.record_uid)"
		"  WHEN 'meetings' THEN (SELECT date FROM meetings WHERE uid = au.record_uid)"
		"  WHEN 'projects' THEN (SELECT name FROM projects WHERE uid = au.record_uid)"
		"  WHEN 'problems' THEN (SELECT title FROM problems WHERE uid = au.record_uid)"
		"  WHEN 'decisions' THEN (SELECT date FROM decisions WHERE uid = au.record_uid)"
		"  WHEN 'action_items' THEN (SELECT text FROM action_items WHERE uid = au.record_uid)"
		" END"
		" FROM audit au WHERE au.account_id = ?1 ORDER BY au.at DESC, au.id DESC LIMIT ?2",
		account_id, err, errlen);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char ob[48], nb[48];
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		const char *field = col_text(st, 4);
		const struct audited_col *c = field ? audited_col_find(kind, field) : NULL;
		struct detail_change ch = {
			.at = (const char *)sqlite3_column_text(st, 0),
			.actor = col_text(st, 1),
			.kind = kind,
			.action = (const char *)sqlite3_column_text(st, 3),
			.record = col_text(st, 7),
			.field = c ? c->name : field,
			.old_value = shown_value(c, col_text(st, 5), ob, sizeof ob),
			.new_value = shown_value(c, col_text(st, 6), nb, sizeof nb),
		};
		if (fn(&ch, ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	return finish(s, st, rc, err, errlen);
}

int detail_staff_handles(struct store *s, detail_handle_fn fn, void *ctx, char *err, size_t errlen)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT handle FROM staff ORDER BY handle", err, errlen);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(st, 0), ctx) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	return finish(s, st, rc, err, errlen);
}
