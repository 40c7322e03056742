/* The kinds table (see kinds.h).  Column order is SPEC.md's, which is also
 * the export order. */
#include "rapport/kinds.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rapport/spectrum.h"
#include "rapport/values.h"

const char *const buying_role_words[] = { "initiator", "gatekeeper", "influencer", "decider",
					   "buyer", "user", NULL };
const char *const role_words[] = { "relationship", "project", "problem", NULL };
const char *const survey_words[] = { "relationship", "transaction", "problem", NULL };

#define TEXT(n) { n, n, COL_TEXT, 0, 0, 0, 0, NULL }
#define ATTR(n) { n, n, COL_INT, 0, 0, 1, 5, NULL }
#define N(a) ((int)(sizeof a / sizeof *a))

static const struct column accounts_cols[] = {
	{ "key", "key", COL_CODE, 1, 1, 0, 0, NULL },
	{ "name", "name", COL_TEXT, 1, 0, 0, 0, NULL },
	TEXT("segment"), TEXT("industry"), TEXT("country"),
	{ "relationship", "relationship", COL_ENUM, 0, 0, 0, 0, spectrum_words },
	{ "ladder", "ladder", COL_INT, 0, 0, 1, 8, NULL },
	{ "wallet", "wallet", COL_MONEY, 0, 0, 0, 0, NULL },
	ATTR("alternatives"), ATTR("dynamism"), ATTR("importance"),
	ATTR("complexity"), ATTR("info_exchange"), ATTR("linkages"),
	TEXT("notes"),
};

static const struct column contacts_cols[] = {
	{ "account", "account_id", COL_ACCOUNT, 1, 1, 0, 0, NULL },
	{ "name", "name", COL_TEXT, 1, 1, 0, 0, NULL },
	TEXT("title"), TEXT("email"), TEXT("phone"),
	{ "buying_role", "buying_role", COL_ENUM, 0, 0, 0, 0, buying_role_words },
};

static const struct column staff_cols[] = {
	{ "handle", "handle", COL_CODE, 1, 1, 0, 0, NULL },
	{ "name", "name", COL_TEXT, 1, 0, 0, 0, NULL },
	TEXT("email"),
};

static const struct column roles_cols[] = {
	{ "account", "account_id", COL_ACCOUNT, 1, 1, 0, 0, NULL },
	{ "staff", "staff_id", COL_STAFF, 1, 0, 0, 0, NULL },
	{ "role", "role", COL_ENUM, 1, 1, 0, 0, role_words },
};

static const struct column nps_cols[] = {
	{ "account", "account_id", COL_ACCOUNT, 1, 0, 0, 0, NULL },
	{ "score", "score", COL_INT, 1, 0, 0, 10, NULL },
	{ "date", "date", COL_DATE, 1, 0, 0, 0, NULL },
	TEXT("contact"),
	{ "survey", "survey", COL_ENUM, 0, 0, 0, 0, survey_words },
	TEXT("comment"),
};

static const struct column financials_cols[] = {
	{ "account", "account_id", COL_ACCOUNT, 1, 1, 0, 0, NULL },
	{ "period", "period", COL_PERIOD, 1, 1, 0, 0, NULL },
	{ "revenue", "revenue", COL_MONEY, 1, 0, 0, 0, NULL },
	{ "cogs", "cogs", COL_MONEY, 1, 0, 0, 0, NULL },
	{ "cost_to_serve", "cost_to_serve", COL_MONEY, 0, 0, 0, 0, NULL },
};

static const struct column activities_cols[] = {
	{ "account", "account_id", COL_ACCOUNT, 1, 0, 0, 0, NULL },
	{ "date", "date", COL_DATE, 1, 0, 0, 0, NULL },
	{ "activity", "rate_id", COL_RATE, 1, 0, 0, 0, NULL },
	{ "quantity", "quantity", COL_QUANTITY, 1, 0, 0, 0, NULL },
};

static const struct column rates_cols[] = {
	{ "activity", "activity", COL_CODE, 1, 1, 0, 0, NULL },
	{ "unit", "unit", COL_TEXT, 1, 0, 0, 0, NULL },
	{ "cost", "cost", COL_MONEY, 1, 0, 0, 0, NULL },
};

static const struct column meetings_cols[] = {
	{ "account", "account_id", COL_ACCOUNT, 1, 0, 0, 0, NULL },
	{ "date", "date", COL_DATE, 1, 0, 0, 0, NULL },
	{ "staff", "staff_id", COL_STAFF, 0, 0, 0, 0, NULL },
	TEXT("notes"), TEXT("action_plan"),
};

static const struct column projects_cols[] = {
	{ "account", "account_id", COL_ACCOUNT, 1, 1, 0, 0, NULL },
	{ "name", "name", COL_TEXT, 1, 1, 0, 0, NULL },
	{ "staff", "staff_id", COL_STAFF, 0, 0, 0, 0, NULL },
	{ "started", "started", COL_DATE, 0, 0, 0, 0, NULL },
	{ "finished", "finished", COL_DATE, 0, 0, 0, 0, NULL },
	TEXT("conditions"),
	{ "feedback_score", "feedback_score", COL_INT, 0, 0, 0, 10, NULL },
};

static const struct column notes_cols[] = {
	{ "account", "account_id", COL_ACCOUNT, 1, 0, 0, 0, NULL },
	TEXT("author"),
	{ "body", "body", COL_TEXT, 1, 0, 0, 0, NULL },
};

static const struct column decisions_cols[] = {
	{ "account", "account_id", COL_ACCOUNT, 1, 0, 0, 0, NULL },
	{ "date", "date", COL_DATE, 1, 0, 0, 0, NULL },
	{ "text", "text", COL_TEXT, 1, 0, 0, 0, NULL },
	{ "staff", "staff_id", COL_STAFF, 0, 0, 0, 0, NULL },
};

static const struct column action_items_cols[] = {
	{ "account", "account_id", COL_ACCOUNT, 1, 0, 0, 0, NULL },
	{ "text", "text", COL_TEXT, 1, 0, 0, 0, NULL },
	{ "staff", "staff_id", COL_STAFF, 0, 0, 0, 0, NULL },
	{ "due", "due", COL_DATE, 0, 0, 0, 0, NULL },
	{ "done", "done", COL_DATE, 0, 0, 0, 0, NULL },
};

static const struct column problems_cols[] = {
	{ "account", "account_id", COL_ACCOUNT, 1, 1, 0, 0, NULL },
	{ "title", "title", COL_TEXT, 1, 1, 0, 0, NULL },
	{ "opened", "opened", COL_DATE, 1, 1, 0, 0, NULL },
	{ "staff", "staff_id", COL_STAFF, 0, 0, 0, 0, NULL },
	{ "due", "due", COL_DATE, 0, 0, 0, 0, NULL },
	{ "resolved", "resolved", COL_DATE, 0, 0, 0, 0, NULL },
	{ "satisfaction", "satisfaction", COL_INT, 0, 0, 0, 10, NULL },
};

/* Export order: records by their natural key; events by their date, then
 * uid.  Both are the same on every database that holds the same data
 * (sync), and an export imported into an empty database exports again in
 * the same order (an import gives rows ascending uids in file order).
 *
 * One kind: its export SELECT is sel + from + " ORDER BY " + order; its
 * load SELECT the same columns plus alias.id and alias.version for one id.
 * Both are built here from one column list so they cannot drift apart. */
#define KIND(name, cols, event, noun, sel, from, alias, order) \
	{ name, name, cols, N(cols), event, sel from " ORDER BY " order, noun, \
	  sel ", " alias ".id, " alias ".version" from " WHERE " alias ".id = ?1" }

const struct kind kinds[] = {
	KIND("accounts", accounts_cols, 0, "an account",
	     "SELECT key, name, segment, industry, country, relationship, ladder, wallet,"
	     " alternatives, dynamism, importance, complexity, info_exchange, linkages, notes",
	     " FROM accounts", "accounts", "key"),
	KIND("contacts", contacts_cols, 0, "a contact",
	     "SELECT a.key, c.name, c.title, c.email, c.phone, c.buying_role",
	     " FROM contacts c JOIN accounts a ON a.id = c.account_id", "c", "a.key, c.name"),
	KIND("staff", staff_cols, 0, "a staff member",
	     "SELECT handle, name, email", " FROM staff", "staff", "handle"),
	KIND("roles", roles_cols, 0, "a team role",
	     "SELECT a.key, s.handle, r.role",
	     " FROM roles r JOIN accounts a ON a.id = r.account_id JOIN staff s ON s.id = r.staff_id",
	     "r", "a.key, r.role"),
	KIND("nps", nps_cols, 1, "an NPS response",
	     "SELECT a.key, n.score, n.date, n.contact, n.survey, n.comment",
	     " FROM nps n JOIN accounts a ON a.id = n.account_id", "n", "n.date, n.uid"),
	KIND("financials", financials_cols, 0, "a financials period",
	     "SELECT a.key, f.period, f.revenue, f.cogs, f.cost_to_serve",
	     " FROM financials f JOIN accounts a ON a.id = f.account_id", "f",
	     "a.key, f.period_start, f.period"),
	KIND("activities", activities_cols, 1, "an activity",
	     "SELECT a.key, x.date, r.activity, x.quantity",
	     " FROM activities x JOIN accounts a ON a.id = x.account_id JOIN rates r ON r.id = x.rate_id",
	     "x", "x.date, x.uid"),
	KIND("rates", rates_cols, 0, "an activity rate",
	     "SELECT activity, unit, cost", " FROM rates", "rates", "activity"),
	KIND("meetings", meetings_cols, 1, "a meeting",
	     "SELECT a.key, m.date, s.handle, m.notes, m.action_plan",
	     " FROM meetings m JOIN accounts a ON a.id = m.account_id LEFT JOIN staff s ON s.id = m.staff_id",
	     "m", "m.date, m.uid"),
	KIND("projects", projects_cols, 0, "a project",
	     "SELECT a.key, p.name, s.handle, p.started, p.finished, p.conditions, p.feedback_score",
	     " FROM projects p JOIN accounts a ON a.id = p.account_id LEFT JOIN staff s ON s.id = p.staff_id",
	     "p", "a.key, p.name"),
	KIND("problems", problems_cols, 0, "a problem",
	     "SELECT a.key, p.title, p.opened, s.handle, p.due, p.resolved, p.satisfaction",
	     " FROM problems p JOIN accounts a ON a.id = p.account_id LEFT JOIN staff s ON s.id = p.staff_id",
	     "p", "a.key, p.title, p.opened"),
};

const int nkinds = N(kinds);

const struct kind extra_kinds[] = {
	KIND("notes", notes_cols, 1, "a note",
	     "SELECT a.key, n.author, n.body",
	     " FROM notes n JOIN accounts a ON a.id = n.account_id", "n", "a.key, n.created_at, n.uid"),
	KIND("decisions", decisions_cols, 1, "a decision",
	     "SELECT a.key, d.date, d.text, s.handle",
	     " FROM decisions d JOIN accounts a ON a.id = d.account_id LEFT JOIN staff s ON s.id = d.staff_id",
	     "d", "a.key, d.date, d.uid"),
	KIND("action_items", action_items_cols, 1, "an action item",
	     "SELECT a.key, i.text, s.handle, i.due, i.done",
	     " FROM action_items i JOIN accounts a ON a.id = i.account_id LEFT JOIN staff s ON s.id = i.staff_id",
	     "i", "a.key, i.due, i.uid"),
};

const int nextra_kinds = N(extra_kinds);

const struct kind *kind_find(const char *name)
{
	for (int i = 0; i < nkinds; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

const struct kind *kind_find_any(const char *name)
{
	const struct kind *k = kind_find(name);
	for (int i = 0; !k && i < nextra_kinds; i++)
		if (strcmp(extra_kinds[i].name, name) == 0)
			k = &extra_kinds[i];
	return k;
}

const char *kind_cell(sqlite3_stmt *st, int i, const struct column *c, char *buf, size_t len)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	switch (c->type) {
	case COL_MONEY:
		value_money_fmt(sqlite3_column_int64(st, i), buf, len);
		return buf;
	case COL_QUANTITY:
		value_quantity_fmt(sqlite3_column_int64(st, i), buf, len);
		return buf;
	case COL_INT:
		snprintf(buf, len, "%" PRId64, (int64_t)sqlite3_column_int64(st, i));
		return buf;
	default:
		return (const char *)sqlite3_column_text(st, i);
	}
}

const char *kind_names(void)
{
	return "accounts, contacts, staff, roles, nps, financials, activities, rates, "
	       "meetings, projects, problems";
}
