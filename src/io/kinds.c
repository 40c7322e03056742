/* The kinds table (see kinds.h).  Column order is SPEC.md's, which is also
 * the export order. */
#include "rapport/kinds.h"

#include <string.h>

#include "rapport/spectrum.h"

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

static const struct column problems_cols[] = {
	{ "account", "account_id", COL_ACCOUNT, 1, 1, 0, 0, NULL },
	{ "title", "title", COL_TEXT, 1, 1, 0, 0, NULL },
	{ "opened", "opened", COL_DATE, 1, 1, 0, 0, NULL },
	{ "staff", "staff_id", COL_STAFF, 0, 0, 0, 0, NULL },
	{ "due", "due", COL_DATE, 0, 0, 0, 0, NULL },
	{ "resolved", "resolved", COL_DATE, 0, 0, 0, 0, NULL },
	{ "satisfaction", "satisfaction", COL_INT, 0, 0, 0, 10, NULL },
};

const struct kind kinds[] = {
	{ "accounts", "accounts", accounts_cols, N(accounts_cols), 0,
	  "SELECT key, name, segment, industry, country, relationship, ladder, wallet,"
	  " alternatives, dynamism, importance, complexity, info_exchange, linkages, notes"
	  " FROM accounts ORDER BY key" },
	{ "contacts", "contacts", contacts_cols, N(contacts_cols), 0,
	  "SELECT a.key, c.name, c.title, c.email, c.phone, c.buying_role"
	  " FROM contacts c JOIN accounts a ON a.id = c.account_id ORDER BY a.key, c.name" },
	{ "staff", "staff", staff_cols, N(staff_cols), 0,
	  "SELECT handle, name, email FROM staff ORDER BY handle" },
	{ "roles", "roles", roles_cols, N(roles_cols), 0,
	  "SELECT a.key, s.handle, r.role FROM roles r JOIN accounts a ON a.id = r.account_id"
	  " JOIN staff s ON s.id = r.staff_id ORDER BY a.key, r.role" },
	{ "nps", "nps", nps_cols, N(nps_cols), 1,
	  "SELECT a.key, n.score, n.date, n.contact, n.survey, n.comment"
	  " FROM nps n JOIN accounts a ON a.id = n.account_id ORDER BY n.id" },
	{ "financials", "financials", financials_cols, N(financials_cols), 0,
	  "SELECT a.key, f.period, f.revenue, f.cogs, f.cost_to_serve"
	  " FROM financials f JOIN accounts a ON a.id = f.account_id ORDER BY a.key, f.period_start, f.period" },
	{ "activities", "activities", activities_cols, N(activities_cols), 1,
	  "SELECT a.key, x.date, r.activity, x.quantity FROM activities x"
	  " JOIN accounts a ON a.id = x.account_id JOIN rates r ON r.id = x.rate_id ORDER BY x.id" },
	{ "rates", "rates", rates_cols, N(rates_cols), 0,
	  "SELECT activity, unit, cost FROM rates ORDER BY activity" },
	{ "meetings", "meetings", meetings_cols, N(meetings_cols), 1,
	  "SELECT a.key, m.date, s.handle, m.notes, m.action_plan FROM meetings m"
	  " JOIN accounts a ON a.id = m.account_id LEFT JOIN staff s ON s.id = m.staff_id ORDER BY m.id" },
	{ "projects", "projects", projects_cols, N(projects_cols), 0,
	  "SELECT a.key, p.name, s.handle, p.started, p.finished, p.conditions, p.feedback_score"
	  " FROM projects p JOIN accounts a ON a.id = p.account_id LEFT JOIN staff s ON s.id = p.staff_id"
	  " ORDER BY a.key, p.name" },
	{ "problems", "problems", problems_cols, N(problems_cols), 0,
	  "SELECT a.key, p.title, p.opened, s.handle, p.due, p.resolved, p.satisfaction"
	  " FROM problems p JOIN accounts a ON a.id = p.account_id LEFT JOIN staff s ON s.id = p.staff_id"
	  " ORDER BY a.key, p.title, p.opened" },
};

const int nkinds = N(kinds);

const struct kind *kind_find(const char *name)
{
	for (int i = 0; i < nkinds; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

const char *kind_names(void)
{
	return "accounts, contacts, staff, roles, nps, financials, activities, rates, "
	       "meetings, projects, problems";
}
