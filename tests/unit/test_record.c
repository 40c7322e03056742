/* Single records for the forms: load formatted like export, save with
 * import's rules and defaults, natural keys, versions and conflicts,
 * deletes (cascades, refusals), spectrum history, notes, decisions and
 * action items.  Expected values are worked out by hand from the inputs. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "rapport/config.h"
#include "rapport/csv.h"
#include "rapport/export.h"
#include "rapport/import.h"
#include "rapport/kinds.h"
#include "rapport/record.h"
#include "rapport/values.h"
#include "run_suite.h"

static struct rapport_config cfg;
static char err[1024];

static void imp_ok(const char *kind, const char *csv)
{
	const struct kind *k = kind_find(kind);
	ck_assert_ptr_nonnull(k);
	ck_assert_msg(import_buffer(fx_store, &cfg, k, "t.csv", csv, strlen(csv), NULL, NULL, err,
				    sizeof err) == 0, "%s", err);
}

static void setup(void)
{
	fx_setup();
	config_defaults(&cfg);
	setenv("RAPPORT_TODAY", "2024-06-30", 1);
}

static void teardown(void)
{
	config_free(&cfg);
	fx_teardown();
}

/* One of everything; no value holds a line break (see load_formats_like_export). */
static void load_portfolio(void)
{
	imp_ok("accounts",
	       "key,name,segment,industry,country,relationship,ladder,wallet,alternatives,dynamism,"
	       "importance,complexity,info_exchange,linkages,notes\n"
	       "ACME,Acme Corp,Enterprise,Tools,DE,,6,250000.5,5,5,5,4,4,4,\"Big, loud\"\n"
	       "BOLT,Bolt & Co,SMB,,,transactional,2,1000,1,1,2,1,1,2,\n");
	imp_ok("staff", "handle,name,email\nann,Ann Lee,ann@example.com\nbob,Bob Roe,\n");
	imp_ok("contacts", "account,name,title,email,phone,buying_role\n"
			   "ACME,Jane Roe,CFO,jane@acme.test,,Decider\n");
	imp_ok("roles", "account,staff,role\nACME,ann,relationship\nBOLT,bob,problem\n");
	imp_ok("nps", "account,score,date,contact,survey,comment\n"
		      "ACME,9,2024-05-01,Jane Roe,,great\nBOLT,3,2024-05-02,,problem,\n");
	imp_ok("financials", "account,period,revenue,cogs,cost_to_serve\n"
			     "ACME,2024-Q1,1000.1,400,\nACME,2024-02,50.5,20.25,3\n");
	imp_ok("rates", "activity,unit,cost\norder,order,150\n");
	imp_ok("activities", "account,date,activity,quantity\n"
			     "ACME,2024-01-05,order,2.5\nACME,2024-01-06,order,0.125\n");
	imp_ok("meetings", "account,date,staff,notes,action_plan\n"
			   "ACME,2024-03-01,ann,Quarterly review,Send proposal\nBOLT,2024-03-02,,,\n");
	imp_ok("projects", "account,name,staff,started,finished,conditions,feedback_score\n"
			   "ACME,Rollout,ann,2024-01-01,2024-03-31,On time,8\n");
	imp_ok("problems", "account,title,opened,staff,due,resolved,satisfaction\n"
			   "ACME,Late truck,2024-02-26,bob,,2024-03-02,7\n");
}

static int64_t id_of(const char *sql)
{
	return (int64_t)fx_num(sql);
}

static void setv(struct record *r, const char *col, const char *value)
{
	int i = record_col(r->k, col);
	ck_assert_msg(i >= 0, "no column %s in %s", col, r->k->name);
	record_set(r, i, value);
}

static const char *getv(const struct record *r, const char *col)
{
	int i = record_col(r->k, col);
	ck_assert_msg(i >= 0, "no column %s in %s", col, r->k->name);
	return r->values[i];
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of text, sorted (text is modified). */
static size_t sorted_lines(char *text, char **lines, size_t max)
{
	size_t n = 0;
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l && n < max;
	     l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	qsort(lines, n, sizeof *lines, cmp_str);
	return n;
}

START_TEST(load_formats_like_export)
{
	load_portfolio();
	for (int ki = 0; ki < nkinds; ki++) {
		const struct kind *k = &kinds[ki];
		/* every record loaded, written as export writes a row */
		char *mine = NULL, *theirs = NULL;
		size_t mlen = 0, tlen = 0;
		FILE *f = open_memstream(&mine, &mlen);
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT id FROM %s", k->table);
		sqlite3_stmt *st = store_prepare(fx_store, sql, err, sizeof err);
		ck_assert_ptr_nonnull(st);
		int n = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			struct record r;
			int64_t id = sqlite3_column_int64(st, 0);
			ck_assert_msg(record_load(fx_store, k, id, &r, err, sizeof err) == 0, "%s", err);
			ck_assert_int_eq(r.id, id);
			ck_assert_int_eq(r.version, 1);
			csv_write_record(f, (const char *const *)r.values, (size_t)k->ncols);
			record_free(&r);
			n++;
		}
		sqlite3_finalize(st);
		fclose(f);
		ck_assert_msg(n > 0, "no %s in the portfolio", k->name);
		f = open_memstream(&theirs, &tlen);
		ck_assert_int_eq(export_kind(fx_store, k, EXPORT_CSV, f, err, sizeof err), 0);
		fclose(f);
		char *a[16], *b[16];
		size_t na = sorted_lines(mine, a, 16);
		size_t nb = sorted_lines(strchr(theirs, '\n') + 1, b, 16); /* past the header */
		ck_assert_msg(na == nb, "%s: %zu loaded, %zu exported", k->name, na, nb);
		for (size_t i = 0; i < na; i++)
			ck_assert_str_eq(a[i], b[i]);
		free(mine);
		free(theirs);
	}
	/* and by hand: money with two decimals, quantities as short as exact */
	struct record r;
	ck_assert_int_eq(record_load(fx_store, kind_find("accounts"),
				     id_of("SELECT id FROM accounts WHERE key = 'ACME'"), &r, err, sizeof err), 0);
	ck_assert_str_eq(getv(&r, "wallet"), "250000.50");
	ck_assert_str_eq(getv(&r, "relationship"), "");
	ck_assert_str_eq(getv(&r, "notes"), "Big, loud");
	record_free(&r);
	ck_assert_int_eq(record_load(fx_store, kind_find("activities"),
				     id_of("SELECT id FROM activities WHERE date = '2024-01-05'"), &r, err, sizeof err), 0);
	ck_assert_str_eq(getv(&r, "quantity"), "2.5");
	ck_assert_str_eq(getv(&r, "activity"), "order");
	record_free(&r);
	/* a missing record */
	ck_assert_int_eq(record_load(fx_store, kind_find("contacts"), 999, &r, err, sizeof err), -1);
	ck_assert_str_eq(err, "no contact with id 999; it may have been deleted");
	ck_assert_int_eq(r.id, 0);
	record_free(&r);
}
END_TEST

START_TEST(save_new_round_trips)
{
	load_portfolio();
	struct record r, back;
	int bad;

	/* an account: money, an enum in any case, attributes */
	record_init(&r, kind_find("accounts"));
	ck_assert_int_eq(r.id, 0);
	ck_assert_str_eq(getv(&r, "name"), "");
	setv(&r, "key", "NEWCO");
	setv(&r, "name", "Newco Zürich AG");
	setv(&r, "wallet", "1234.5");
	setv(&r, "relationship", "Value-Adding");
	setv(&r, "ladder", "7");
	setv(&r, "alternatives", "3");
	ck_assert_msg(record_save(fx_store, &cfg, &r, &bad, err, sizeof err) == 0, "%s", err);
	ck_assert_int_gt(r.id, 0);
	ck_assert_int_eq(r.version, 1);
	ck_assert_str_eq(getv(&r, "wallet"), "1234.50");
	ck_assert_str_eq(getv(&r, "relationship"), "value-adding");
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM accounts WHERE key = 'NEWCO' AND wallet = 123450"
				     " AND ladder = 7 AND alternatives = 3 AND dynamism IS NULL"
				     " AND segment IS NULL AND name = 'Newco Zürich AG'"), 1);
	ck_assert_int_eq(record_load(fx_store, r.k, r.id, &back, err, sizeof err), 0);
	for (int i = 0; i < r.k->ncols; i++)
		ck_assert_str_eq(back.values[i], r.values[i]);
	ck_assert_int_eq(back.version, 1);
	record_free(&back);
	record_free(&r);

	/* an NPS response: survey defaults to relationship */
	record_init(&r, kind_find("nps"));
	setv(&r, "account", "NEWCO");
	setv(&r, "score", "9");
	setv(&r, "date", "2024-05-01");
	ck_assert_msg(record_save(fx_store, &cfg, &r, &bad, err, sizeof err) == 0, "%s", err);
	ck_assert_str_eq(getv(&r, "survey"), "relationship");
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM nps n JOIN accounts a ON a.id = n.account_id"
				     " WHERE a.key = 'NEWCO' AND n.score = 9 AND n.survey = 'relationship'"
				     " AND n.comment IS NULL"), 1);
	/* an event: the same values again are a second response */
	int64_t first = r.id;
	r.id = 0;
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), 0);
	ck_assert_int_gt(r.id, first);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM nps n JOIN accounts a ON a.id = n.account_id"
				     " WHERE a.key = 'NEWCO'"), 2);
	record_free(&r);

	/* a problem: due = opened + 7 days across February of a leap year */
	record_init(&r, kind_find("problems"));
	setv(&r, "account", "NEWCO");
	setv(&r, "title", "Late truck");
	setv(&r, "opened", "2024-02-26");
	setv(&r, "staff", "bob");
	ck_assert_msg(record_save(fx_store, &cfg, &r, &bad, err, sizeof err) == 0, "%s", err);
	ck_assert_str_eq(getv(&r, "due"), "2024-03-04");
	ck_assert_str_eq(getv(&r, "staff"), "bob");
	record_free(&r);
	/* [roles] problem_days = 10: 2024-12-28 + 10 = 2025-01-07 */
	cfg.problem_days = 10;
	record_init(&r, kind_find("problems"));
	setv(&r, "account", "NEWCO");
	setv(&r, "title", "Year end");
	setv(&r, "opened", "2024-12-28");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), 0);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM problems WHERE title = 'Year end'"
				     " AND due = '2025-01-07' AND staff_id IS NULL"), 1);
	record_free(&r);

	/* an activity: quantity in thousandths, shown as short as exact */
	record_init(&r, kind_find("activities"));
	setv(&r, "account", "NEWCO");
	setv(&r, "date", "2024-04-01");
	setv(&r, "activity", "order");
	setv(&r, "quantity", "2.50");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), 0);
	ck_assert_str_eq(getv(&r, "quantity"), "2.5");
	ck_assert_int_eq((int)fx_num("SELECT quantity FROM activities WHERE date = '2024-04-01'"), 2500);
	record_free(&r);

	/* financials: the period's first and last day are stored with it */
	record_init(&r, kind_find("financials"));
	setv(&r, "account", "NEWCO");
	setv(&r, "period", "2024-Q2");
	setv(&r, "revenue", "1000");
	setv(&r, "cogs", "0.5");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), 0);
	ck_assert_str_eq(getv(&r, "revenue"), "1000.00");
	ck_assert_str_eq(getv(&r, "cogs"), "0.50");
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM financials WHERE period = '2024-Q2'"
				     " AND period_start = '2024-04-01' AND period_end = '2024-06-30'"
				     " AND revenue = 100000 AND cogs = 50 AND cost_to_serve IS NULL"), 1);
	/* changing the period moves its bounds: February 2023 ends on the 28th */
	setv(&r, "period", "2023-02");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), 0);
	ck_assert_int_eq(r.version, 2);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM financials WHERE period = '2023-02'"
				     " AND period_start = '2023-02-01' AND period_end = '2023-02-28'"), 1);
	record_free(&r);
}
END_TEST

/* What import says about the record r as a one-row file, without the
 * "t.csv:2:COL: " in front; NULL when import accepts it. */
static const char *import_says(const struct record *r, char *buf, size_t len)
{
	char *csv = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&csv, &n);
	const char *names[KIND_MAXCOLS];
	for (int i = 0; i < r->k->ncols; i++)
		names[i] = r->k->cols[i].name;
	csv_write_record(f, names, (size_t)r->k->ncols);
	csv_write_record(f, (const char *const *)r->values, (size_t)r->k->ncols);
	fclose(f);
	struct import_opts o = { .dry_run = 1 };
	int rc = import_buffer(fx_store, &cfg, r->k, "t.csv", csv, n, &o, NULL, buf, len);
	free(csv);
	if (rc == 0)
		return NULL;
	ck_assert_msg(strncmp(buf, "t.csv:2:", 8) == 0, "%s", buf);
	const char *p = buf + 8;
	while (*p >= '0' && *p <= '9')
		p++;
	ck_assert_msg(p[0] == ':' && p[1] == ' ', "%s", buf);
	return p + 2;
}

/* Set column col of a valid record of kind to value: record_validate and
 * record_save refuse it at col with import's message for it. */
static void refused_like_import(const char *kind, const char *const *base, const char *col,
				const char *value)
{
	struct record r;
	char ibuf[1024];
	int bad = -2;
	const struct kind *k = kind_find(kind);
	record_init(&r, k);
	for (int i = 0; base[i]; i += 2)
		setv(&r, base[i], base[i + 1]);
	ck_assert_msg(record_validate(fx_store, &r, &bad, err, sizeof err) == 0, "base: %s", err);
	ck_assert_ptr_null(import_says(&r, ibuf, sizeof ibuf));
	setv(&r, col, value);
	const char *want = import_says(&r, ibuf, sizeof ibuf);
	ck_assert_msg(want != NULL, "import accepts %s = \"%s\"", col, value);
	ck_assert_int_eq(record_validate(fx_store, &r, &bad, err, sizeof err), -1);
	ck_assert_int_eq(bad, record_col(k, col));
	ck_assert_str_eq(err, want);
	bad = -2;
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), -1);
	ck_assert_int_eq(bad, record_col(k, col));
	ck_assert_str_eq(err, want);
	record_free(&r);
}

START_TEST(validation_as_import)
{
	load_portfolio();
	long long accounts = store_count(fx_store, "accounts");
	const char *acc[] = { "key", "ZED", "name", "Zed", NULL };
	refused_like_import("accounts", acc, "ladder", "9");
	refused_like_import("accounts", acc, "ladder", "3.5");
	refused_like_import("accounts", acc, "wallet", "12.345");
	refused_like_import("accounts", acc, "wallet", "-5");
	refused_like_import("accounts", acc, "relationship", "friendly");
	refused_like_import("accounts", acc, "key", "");
	refused_like_import("accounts", acc, "key", " ZED");
	refused_like_import("accounts", acc, "name", "   ");
	refused_like_import("accounts", acc, "linkages", "0");
	ck_assert_int_eq(store_count(fx_store, "accounts"), accounts);

	const char *nps[] = { "account", "ACME", "score", "7", "date", "2024-01-01", NULL };
	refused_like_import("nps", nps, "score", "11");
	refused_like_import("nps", nps, "date", "2023-02-29");
	refused_like_import("nps", nps, "date", "");
	refused_like_import("nps", nps, "account", "NOPE");
	refused_like_import("nps", nps, "survey", "exit");

	const char *roles[] = { "account", "BOLT", "staff", "ann", "role", "project", NULL };
	refused_like_import("roles", roles, "staff", "ghost");
	const char *act[] = { "account", "ACME", "date", "2024-01-01", "activity", "order",
			      "quantity", "1", NULL };
	refused_like_import("activities", act, "activity", "teleport");
	refused_like_import("activities", act, "quantity", "0.0001");
	const char *fin[] = { "account", "BOLT", "period", "2024", "revenue", "1", "cogs", "1", NULL };
	refused_like_import("financials", fin, "period", "2024-Q5");

	/* cross-field: the end date is at fault */
	const char *prob[] = { "account", "BOLT", "title", "X", "opened", "2024-03-01", NULL };
	refused_like_import("problems", prob, "resolved", "2024-02-01");
	refused_like_import("problems", prob, "due", "2024-02-29");
	const char *proj[] = { "account", "BOLT", "name", "P", "started", "2024-03-01", NULL };
	refused_like_import("projects", proj, "finished", "2024-01-31");
	refused_like_import("projects", proj, "feedback_score", "-1");

	/* by hand, the words the user sees */
	struct record r;
	int bad;
	record_init(&r, kind_find("problems"));
	setv(&r, "account", "BOLT");
	setv(&r, "title", "X");
	setv(&r, "opened", "2024-03-01");
	setv(&r, "resolved", "2024-02-01");
	ck_assert_int_eq(record_validate(fx_store, &r, &bad, err, sizeof err), -1);
	ck_assert_int_eq(bad, 5);
	ck_assert_str_eq(err, "resolved: 2024-02-01 is before opened 2024-03-01");
	record_free(&r);
	ck_assert_int_eq(store_count(fx_store, "problems"), 1);
}
END_TEST

START_TEST(natural_key_taken_is_refused)
{
	load_portfolio();
	struct record r;
	int bad;
	record_init(&r, kind_find("accounts"));
	setv(&r, "key", "ACME");
	setv(&r, "name", "Another Acme");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), -1);
	ck_assert_int_eq(bad, 0);
	ck_assert_str_eq(err, "an account with key ACME already exists");
	ck_assert_int_eq(r.id, 0);
	ck_assert_int_eq(store_count(fx_store, "accounts"), 2);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM accounts WHERE name = 'Acme Corp' AND version = 1"), 1);
	record_free(&r);

	record_init(&r, kind_find("contacts"));
	setv(&r, "account", "ACME");
	setv(&r, "name", "Jane Roe");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), -1);
	ck_assert_int_eq(bad, 1);
	ck_assert_str_eq(err, "a contact with account ACME and name Jane Roe already exists");
	record_free(&r);

	/* the role word as typed is shown as stored */
	record_init(&r, kind_find("roles"));
	setv(&r, "account", "ACME");
	setv(&r, "staff", "bob");
	setv(&r, "role", "Relationship");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), -1);
	ck_assert_int_eq(bad, 2);
	ck_assert_str_eq(err, "a team role with account ACME and role relationship already exists");
	record_free(&r);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM roles r JOIN staff s ON s.id = r.staff_id"
				     " WHERE r.role = 'relationship' AND s.handle = 'ann'"), 1);

	record_init(&r, kind_find("problems"));
	setv(&r, "account", "ACME");
	setv(&r, "title", "Late truck");
	setv(&r, "opened", "2024-02-26");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), -1);
	ck_assert_int_eq(bad, 1);
	ck_assert_str_eq(err, "a problem with account ACME, title Late truck and opened 2024-02-26 already exists");
	/* another day is another problem */
	setv(&r, "opened", "2024-02-27");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), 0);
	record_free(&r);

	/* renaming a record onto a key another one holds */
	ck_assert_int_eq(record_load(fx_store, kind_find("accounts"),
				     id_of("SELECT id FROM accounts WHERE key = 'BOLT'"), &r, err, sizeof err), 0);
	setv(&r, "key", "ACME");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), -1);
	ck_assert_int_eq(bad, 0);
	ck_assert_str_eq(err, "an account with key ACME already exists");
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM accounts WHERE key = 'BOLT' AND version = 1"), 1);
	/* keeping its own key is no clash */
	setv(&r, "key", "BOLT");
	setv(&r, "segment", "Mid-market");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), 0);
	ck_assert_int_eq(r.version, 2);
	record_free(&r);
}
END_TEST

START_TEST(update_bumps_version)
{
	load_portfolio();
	struct record r;
	int bad;
	int64_t id = id_of("SELECT id FROM accounts WHERE key = 'ACME'");
	ck_assert_int_eq(record_load(fx_store, kind_find("accounts"), id, &r, err, sizeof err), 0);
	ck_assert_int_eq(r.version, 1);
	setv(&r, "name", "Acme Corporation");
	setv(&r, "wallet", "");
	ck_assert_msg(record_save(fx_store, &cfg, &r, &bad, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(r.id, id);
	ck_assert_int_eq(r.version, 2);
	ck_assert_str_eq(getv(&r, "wallet"), "");
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM accounts WHERE id = (SELECT id FROM accounts"
				     " WHERE key = 'ACME') AND name = 'Acme Corporation' AND wallet IS NULL"
				     " AND version = 2 AND ladder = 6"), 1);
	/* the audit log has the two fields that changed */
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM audit WHERE kind = 'accounts'"
				     " AND action = 'update'"), 2);
	/* saving without a change writes nothing */
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), 0);
	ck_assert_int_eq(r.version, 2);
	ck_assert_int_eq((int)fx_num("SELECT version FROM accounts WHERE key = 'ACME'"), 2);
	/* and again, from the version just saved */
	setv(&r, "ladder", "7");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), 0);
	ck_assert_int_eq(r.version, 3);
	record_free(&r);
}
END_TEST

START_TEST(concurrent_change_is_not_overwritten)
{
	load_portfolio();
	struct record r;
	int bad;
	int64_t id = id_of("SELECT id FROM accounts WHERE key = 'ACME'");
	ck_assert_int_eq(record_load(fx_store, kind_find("accounts"), id, &r, err, sizeof err), 0);
	/* another process saves first */
	fx_exec("UPDATE accounts SET name = 'Theirs', version = version + 1 WHERE key = 'ACME'");
	setv(&r, "name", "Mine");
	setv(&r, "ladder", "1");
	bad = 5;
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), -2);
	ck_assert_int_eq(bad, -1);
	ck_assert_str_eq(err, "changed by someone else since you opened it; reload to see their version");
	ck_assert_int_eq(r.version, 1);
	ck_assert_str_eq(getv(&r, "name"), "Mine");
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM accounts WHERE key = 'ACME' AND name = 'Theirs'"
				     " AND ladder = 6 AND version = 2"), 1);
	ck_assert_int_eq(sqlite3_get_autocommit(fx_store->db), 1);
	record_free(&r);
	/* reloaded, the edit goes through */
	ck_assert_int_eq(record_load(fx_store, kind_find("accounts"), id, &r, err, sizeof err), 0);
	ck_assert_str_eq(getv(&r, "name"), "Theirs");
	setv(&r, "name", "Mine");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), 0);
	ck_assert_int_eq(r.version, 3);
	/* deleted meanwhile */
	fx_exec("DELETE FROM accounts WHERE key = 'ACME'");
	setv(&r, "name", "Again");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), -2);
	ck_assert_str_eq(err, "deleted by someone else since you opened it");
	ck_assert_int_eq(store_count(fx_store, "accounts"), 1);
	record_free(&r);
}
END_TEST

START_TEST(delete_checks_version)
{
	load_portfolio();
	const struct kind *k = kind_find("contacts");
	struct record r;
	ck_assert_int_eq(record_load(fx_store, k, id_of("SELECT id FROM contacts"), &r, err, sizeof err), 0);
	fx_exec("UPDATE contacts SET title = 'CEO', version = version + 1");
	ck_assert_int_eq(record_delete(fx_store, k, r.id, r.version, err, sizeof err), -2);
	ck_assert_str_eq(err, "changed by someone else since you opened it; reload to see their version");
	ck_assert_int_eq(store_count(fx_store, "contacts"), 1);
	ck_assert_int_eq(record_delete(fx_store, k, r.id, r.version + 1, err, sizeof err), 0);
	ck_assert_int_eq(store_count(fx_store, "contacts"), 0);
	ck_assert_int_eq(record_delete(fx_store, k, r.id, r.version + 1, err, sizeof err), -2);
	ck_assert_str_eq(err, "deleted by someone else since you opened it");
	record_free(&r);
}
END_TEST

START_TEST(account_delete_cascades)
{
	load_portfolio();
	int64_t id = id_of("SELECT id FROM accounts WHERE key = 'ACME'");
	ck_assert_int_eq(record_note_add(fx_store, id, "ann", "Renewal in May", err, sizeof err), 0);
	ck_assert_int_eq(record_action_item_add(fx_store, id, 0, "Send terms", "ann", "2024-07-15",
						err, sizeof err), 0);
	ck_assert_int_eq(record_decision_add(fx_store, id, 0, NULL, "Offer a discount", NULL,
					     err, sizeof err), 0);
	ck_assert_int_eq(record_delete(fx_store, kind_find("accounts"), id, 1, err, sizeof err), 0);
	const char *tables[] = { "contacts", "nps", "financials", "activities", "meetings",
				 "projects", "problems", "notes", "decisions", "action_items", NULL };
	for (int i = 0; tables[i]; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE account_id = %lld", tables[i],
			 (long long)id);
		ck_assert_msg(fx_num(sql) == 0, "%s left", tables[i]);
	}
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM roles"), 1);      /* BOLT's */
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM nps"), 1);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM spectrum_history"), 1);
	ck_assert_int_eq(store_count(fx_store, "accounts"), 1);
	ck_assert_int_eq(store_count(fx_store, "rates"), 1);
	/* the audit log keeps the account's deletion */
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE kind = 'accounts' AND action = 'delete'"
		 " AND account_id = %lld", (long long)id);
	ck_assert_int_eq((int)fx_num(sql), 1);
}
END_TEST

START_TEST(referenced_staff_and_rates_are_kept)
{
	load_portfolio();
	const struct kind *staff = kind_find("staff");
	int64_t ann = id_of("SELECT id FROM staff WHERE handle = 'ann'");
	/* ann: the relationship role on ACME, one meeting, one project */
	ck_assert_int_eq(record_delete(fx_store, staff, ann, 1, err, sizeof err), -1);
	ck_assert_str_eq(err, "cannot delete staff member ann: still named on 1 team role, 1 meeting"
			      " and 1 project; give those to someone else first");
	ck_assert_int_eq(store_count(fx_store, "staff"), 2);
	ck_assert_int_eq(sqlite3_get_autocommit(fx_store->db), 1);
	/* bob: the problem role on BOLT and the problem on ACME */
	int64_t bob = id_of("SELECT id FROM staff WHERE handle = 'bob'");
	ck_assert_int_eq(record_delete(fx_store, staff, bob, 1, err, sizeof err), -1);
	ck_assert_str_eq(err, "cannot delete staff member bob: still named on 1 team role and 1 problem;"
			      " give those to someone else first");
	fx_exec("DELETE FROM roles WHERE role = 'problem'");
	fx_exec("UPDATE problems SET staff_id = NULL");
	ck_assert_int_eq(record_delete(fx_store, staff, bob, 1, err, sizeof err), 0);
	ck_assert_int_eq(store_count(fx_store, "staff"), 1);

	const struct kind *rates = kind_find("rates");
	ck_assert_int_eq(record_delete(fx_store, rates, id_of("SELECT id FROM rates"), 1, err, sizeof err), -1);
	ck_assert_str_eq(err, "cannot delete activity rate order: still used by 2 activities; delete those first");
	ck_assert_int_eq(store_count(fx_store, "rates"), 1);
}
END_TEST

START_TEST(spectrum_follows_account_edits)
{
	struct record r;
	int bad;
	const char *attrs[] = { "alternatives", "dynamism", "importance", "complexity",
				"info_exchange", "linkages" };
	record_init(&r, kind_find("accounts"));
	setv(&r, "key", "S");
	setv(&r, "name", "Spectrum Ltd");
	for (int i = 0; i < 6; i++)
		setv(&r, attrs[i], "1");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), 0);
	/* all 1: (1-1)/4*100 = 0 -> transactional, dated RAPPORT_TODAY */
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM spectrum_history WHERE position = 'transactional'"
				     " AND score = 0 AND date = '2024-06-30' AND explicit = 0"), 1);
	/* a change that does not move it adds nothing */
	setv(&r, "notes", "quiet");
	setv(&r, "linkages", "3");  /* (0*5 + 50)/6 = 8.3: still transactional */
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), 0);
	ck_assert_int_eq(store_count(fx_store, "spectrum_history"), 1);
	/* all 5: 100 -> collaborative */
	setenv("RAPPORT_TODAY", "2024-07-01", 1);
	for (int i = 0; i < 6; i++)
		setv(&r, attrs[i], "5");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), 0);
	ck_assert_int_eq(store_count(fx_store, "spectrum_history"), 2);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM spectrum_history WHERE position = 'collaborative'"
				     " AND score = 100 AND date = '2024-07-01'"), 1);
	/* an explicit relationship wins */
	setv(&r, "relationship", "value-adding");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), 0);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM spectrum_history WHERE position = 'value-adding'"
				     " AND explicit = 1"), 1);
	ck_assert_int_eq(store_count(fx_store, "spectrum_history"), 3);
	record_free(&r);
}
END_TEST

START_TEST(notes_decisions_action_items)
{
	load_portfolio();
	char want[512], why[VALUE_ERR_MAX];
	int64_t acme = id_of("SELECT id FROM accounts WHERE key = 'ACME'");

	ck_assert_int_eq(record_note_add(fx_store, acme, "ann", "Renewal in May", err, sizeof err), 0);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM notes WHERE author = 'ann'"
				     " AND body = 'Renewal in May'"), 1);
	ck_assert_int_eq(record_note_add(fx_store, acme, NULL, "No author", err, sizeof err), 0);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM notes WHERE author IS NULL"), 1);
	ck_assert_int_eq(record_note_add(fx_store, acme, "ann", " \t", err, sizeof err), -1);
	ck_assert_str_eq(err, "body: must not be empty");
	ck_assert_int_eq(record_note_add(fx_store, 999, "ann", "Hello", err, sizeof err), -1);
	ck_assert_str_eq(err, "no account with id 999; it may have been deleted");
	ck_assert_int_eq(store_count(fx_store, "notes"), 2);

	/* a note is edited like any record */
	const struct kind *notes = kind_find_any("notes");
	ck_assert_ptr_nonnull(notes);
	ck_assert_ptr_null(kind_find("notes"));
	struct record r;
	int bad;
	ck_assert_int_eq(record_load(fx_store, notes, id_of("SELECT id FROM notes WHERE author = 'ann'"),
				     &r, err, sizeof err), 0);
	ck_assert_str_eq(getv(&r, "account"), "ACME");
	ck_assert_str_eq(getv(&r, "body"), "Renewal in May");
	setv(&r, "body", "Renewal in June");
	ck_assert_int_eq(record_save(fx_store, &cfg, &r, &bad, err, sizeof err), 0);
	ck_assert_int_eq(r.version, 2);
	ck_assert_int_eq(record_delete(fx_store, notes, r.id, r.version, err, sizeof err), 0);
	ck_assert_int_eq(store_count(fx_store, "notes"), 1);
	record_free(&r);

	/* action items: staff and dates by the same rules as import */
	fx_exec("INSERT INTO reviews(held_on, title) VALUES ('2024-06-01', 'Q2 review')");
	int64_t review = id_of("SELECT id FROM reviews");
	ck_assert_msg(record_action_item_add(fx_store, acme, review, "Send terms", "ann", "2024-07-15",
					     err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM action_items i JOIN staff s ON s.id = i.staff_id"
				     " WHERE s.handle = 'ann' AND i.due = '2024-07-15' AND i.done IS NULL"
				     " AND i.text = 'Send terms' AND i.review_id = (SELECT id FROM reviews)"), 1);
	ck_assert_int_eq(record_action_item_add(fx_store, acme, 0, "Call back", "", NULL, err, sizeof err), 0);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM action_items WHERE text = 'Call back'"
				     " AND staff_id IS NULL AND due IS NULL AND review_id IS NULL"), 1);
	ck_assert_int_eq(record_action_item_add(fx_store, acme, 0, "X", "ghost", NULL, err, sizeof err), -1);
	ck_assert_str_eq(err, "staff: unknown staff member \"ghost\" (import staff first)");
	int32_t d;
	ck_assert_int_eq(value_date("2024-02-30", &d, why, sizeof why), -1);
	snprintf(want, sizeof want, "due: %s", why);
	ck_assert_int_eq(record_action_item_add(fx_store, acme, 0, "X", NULL, "2024-02-30", err, sizeof err), -1);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(record_action_item_add(fx_store, acme, 0, "", NULL, NULL, err, sizeof err), -1);
	ck_assert_str_eq(err, "text: must not be empty");
	ck_assert_int_eq(store_count(fx_store, "action_items"), 2);

	/* decisions: dated today unless given */
	ck_assert_int_eq(record_decision_add(fx_store, acme, review, NULL, "Offer a discount", "bob",
					     err, sizeof err), 0);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM decisions d JOIN staff s ON s.id = d.staff_id"
				     " WHERE d.date = '2024-06-30' AND s.handle = 'bob'"
				     " AND d.review_id = (SELECT id FROM reviews)"), 1);
	ck_assert_int_eq(record_decision_add(fx_store, acme, 0, "2024-06-02", "Hold prices", NULL,
					     err, sizeof err), 0);
	ck_assert_int_eq((int)fx_num("SELECT count(*) FROM decisions WHERE date = '2024-06-02'"
				     " AND staff_id IS NULL AND review_id IS NULL"), 1);
	ck_assert_int_eq(value_date("2024-13-01", &d, why, sizeof why), -1);
	snprintf(want, sizeof want, "date: %s", why);
	ck_assert_int_eq(record_decision_add(fx_store, acme, 0, "2024-13-01", "X", NULL, err, sizeof err), -1);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(store_count(fx_store, "decisions"), 2);
	ck_assert_int_eq(sqlite3_get_autocommit(fx_store->db), 1);
}
END_TEST

static Suite *record_suite(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("record");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, load_formats_like_export);
	tcase_add_test(tc, save_new_round_trips);
	tcase_add_test(tc, validation_as_import);
	tcase_add_test(tc, natural_key_taken_is_refused);
	tcase_add_test(tc, update_bumps_version);
	tcase_add_test(tc, concurrent_change_is_not_overwritten);
	tcase_add_test(tc, delete_checks_version);
	tcase_add_test(tc, account_delete_cascades);
	tcase_add_test(tc, referenced_staff_and_rates_are_kept);
	tcase_add_test(tc, spectrum_follows_account_edits);
	tcase_add_test(tc, notes_decisions_action_items);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(record_suite());
}
