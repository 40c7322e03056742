/* The schema and its forward-only migrations.
 *
 * Conventions every table follows (other modules rely on them):
 * - id INTEGER PRIMARY KEY: local row id, never shown to users;
 * - uid BLOB: 16 bytes, globally unique, stable for the record's life, so
 *   that databases on several laptops can exchange changes (sync): random
 *   by default; bulk writers (import, demo) use 8 bytes of clock and random
 *   bits per run followed by a counter, as unique and kinder to the index;
 * - the natural key of SPEC.md as a UNIQUE constraint (events have none);
 * - updated_at (UTC, ISO 8601 with milliseconds) and version (bumped on
 *   every change) for lost-update detection and "later change wins";
 * - dates are TEXT YYYY-MM-DD; money is INTEGER cents; quantities are
 *   INTEGER thousandths (exact sums, independent of row order).
 *
 * A migration is one SQL script run in one transaction together with the
 * user_version bump; scripts are never edited once released: add a step. */
#include "schema.h"

#include <stdio.h>
#include <string.h>

#include "rapport/util.h"

#define NOW "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))"
#define COMMON \
	"id INTEGER PRIMARY KEY, " \
	"uid BLOB NOT NULL UNIQUE DEFAULT (randomblob(16)), " \
	"updated_at TEXT NOT NULL DEFAULT " NOW ", " \
	"version INTEGER NOT NULL DEFAULT 1, "

static const char schema_v1[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"

	"CREATE TABLE staff(" COMMON
	" handle TEXT NOT NULL UNIQUE, name TEXT NOT NULL, email TEXT);\n"

	/* AUTOINCREMENT: an account id is never reused, so the audit log's
	 * account_id keeps pointing at one account's history after deletes. */
	"CREATE TABLE accounts(id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" uid BLOB NOT NULL UNIQUE DEFAULT (randomblob(16)),"
	" updated_at TEXT NOT NULL DEFAULT " NOW ","
	" version INTEGER NOT NULL DEFAULT 1,"
	" key TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
	" segment TEXT, industry TEXT, country TEXT,"
	" relationship TEXT CHECK (relationship IN ('transactional','value-adding','collaborative')),"
	" ladder INTEGER CHECK (ladder BETWEEN 1 AND 8),"
	" wallet INTEGER CHECK (wallet >= 0),"
	" alternatives INTEGER CHECK (alternatives BETWEEN 1 AND 5),"
	" dynamism INTEGER CHECK (dynamism BETWEEN 1 AND 5),"
	" importance INTEGER CHECK (importance BETWEEN 1 AND 5),"
	" complexity INTEGER CHECK (complexity BETWEEN 1 AND 5),"
	" info_exchange INTEGER CHECK (info_exchange BETWEEN 1 AND 5),"
	" linkages INTEGER CHECK (linkages BETWEEN 1 AND 5),"
	" notes TEXT,"
	" created_at TEXT NOT NULL DEFAULT " NOW ");\n"
	/* the account list's sort orders, each ending in key for keyset paging */
	"CREATE INDEX accounts_name_nocase ON accounts(name COLLATE NOCASE, key);\n"
	"CREATE INDEX accounts_key_nocase ON accounts(key COLLATE NOCASE);\n"
	"CREATE INDEX accounts_segment ON accounts(ifnull(segment, ''), key);\n"
	"CREATE INDEX accounts_ladder ON accounts(ifnull(ladder, 0), key);\n"

	/* One row per change of derived or explicit position, dated. */
	"CREATE TABLE spectrum_history(" COMMON
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" date TEXT NOT NULL, score REAL, position TEXT NOT NULL,"
	" explicit INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE INDEX spectrum_history_account ON spectrum_history(account_id, date);\n"
	"CREATE INDEX spectrum_history_date ON spectrum_history(date);\n"

	"CREATE TABLE contacts(" COMMON
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" name TEXT NOT NULL, title TEXT, email TEXT, phone TEXT,"
	" buying_role TEXT CHECK (buying_role IN ('initiator','gatekeeper','influencer','decider','buyer','user')),"
	" UNIQUE(account_id, name));\n"

	"CREATE TABLE roles(" COMMON
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" role TEXT NOT NULL CHECK (role IN ('relationship','project','problem')),"
	" staff_id INTEGER NOT NULL REFERENCES staff(id),"
	" UNIQUE(account_id, role));\n"
	"CREATE INDEX roles_staff ON roles(staff_id);\n"

	"CREATE TABLE nps(" COMMON
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),"
	" date TEXT NOT NULL, contact TEXT,"
	" survey TEXT NOT NULL DEFAULT 'relationship' CHECK (survey IN ('relationship','transaction','problem')),"
	" comment TEXT);\n"
	/* covering for per-account scores, with the date for ranges */
	"CREATE INDEX nps_account ON nps(account_id, score, date);\n"
	"CREATE INDEX nps_date ON nps(date, score);\n"

	"CREATE TABLE financials(" COMMON
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" period TEXT NOT NULL, period_start TEXT NOT NULL, period_end TEXT NOT NULL,"
	" revenue INTEGER NOT NULL, cogs INTEGER NOT NULL, cost_to_serve INTEGER,"
	" UNIQUE(account_id, period));\n"
	"CREATE INDEX financials_end ON financials(period_end);\n"
	/* covering for profit per account over a range of periods */
	"CREATE INDEX financials_account_cover ON financials(account_id, period_end,"
	" period_start, revenue, cogs, cost_to_serve);\n"

	"CREATE TABLE rates(" COMMON
	" activity TEXT NOT NULL UNIQUE, unit TEXT NOT NULL, cost INTEGER NOT NULL CHECK (cost >= 0));\n"

	"CREATE TABLE activities(" COMMON
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" date TEXT NOT NULL,"
	" rate_id INTEGER NOT NULL REFERENCES rates(id),"
	" quantity INTEGER NOT NULL CHECK (quantity >= 0));\n"
	"CREATE INDEX activities_account ON activities(account_id, date, rate_id, quantity);\n"
	"CREATE INDEX activities_rate ON activities(rate_id);\n"

	"CREATE TABLE meetings(" COMMON
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" date TEXT NOT NULL, staff_id INTEGER REFERENCES staff(id),"
	" notes TEXT, action_plan TEXT);\n"
	"CREATE INDEX meetings_account ON meetings(account_id, date);\n"
	"CREATE INDEX meetings_staff ON meetings(staff_id);\n"

	"CREATE TABLE projects(" COMMON
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" name TEXT NOT NULL, staff_id INTEGER REFERENCES staff(id),"
	" started TEXT, finished TEXT, conditions TEXT,"
	" feedback_score INTEGER CHECK (feedback_score BETWEEN 0 AND 10),"
	" UNIQUE(account_id, name));\n"
	"CREATE INDEX projects_staff ON projects(staff_id);\n"

	"CREATE TABLE problems(" COMMON
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" title TEXT NOT NULL, opened TEXT NOT NULL, staff_id INTEGER REFERENCES staff(id),"
	" due TEXT NOT NULL, resolved TEXT,"
	" satisfaction INTEGER CHECK (satisfaction BETWEEN 0 AND 10),"
	" UNIQUE(account_id, title, opened));\n"
	"CREATE INDEX problems_staff ON problems(staff_id);\n"

	"CREATE TABLE notes(" COMMON
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" created_at TEXT NOT NULL DEFAULT " NOW ","
	" author TEXT, body TEXT NOT NULL);\n"
	"CREATE INDEX notes_account ON notes(account_id, created_at);\n"

	"INSERT INTO meta(key, value) VALUES"
	" ('application', 'rapport'),"
	" ('created', " NOW "),"
	" ('origin', lower(hex(randomblob(16))));\n";

static const char schema_v2[] =
	/* Who changed what, when: written by the triggers below. */
	"CREATE TABLE audit("
	" id INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL DEFAULT " NOW ","
	" actor TEXT,"
	" kind TEXT NOT NULL,"            /* table name */
	" record_uid BLOB NOT NULL,"
	" account_id INTEGER,"            /* the account concerned, kept after deletes */
	" action TEXT NOT NULL CHECK (action IN ('insert','update','delete')),"
	" field TEXT, old TEXT, new TEXT);\n"
	"CREATE INDEX audit_account ON audit(account_id, at);\n"
	"CREATE INDEX audit_record ON audit(record_uid);\n"

	"CREATE TABLE reviews(" COMMON
	" held_on TEXT NOT NULL, title TEXT,"
	" since TEXT);\n"                  /* detractors "new since" this date */

	"CREATE TABLE decisions(" COMMON
	" review_id INTEGER REFERENCES reviews(id) ON DELETE SET NULL,"
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" date TEXT NOT NULL, text TEXT NOT NULL,"
	" staff_id INTEGER REFERENCES staff(id));\n"
	"CREATE INDEX decisions_account ON decisions(account_id, date);\n"

	"CREATE TABLE action_items(" COMMON
	" review_id INTEGER REFERENCES reviews(id) ON DELETE SET NULL,"
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" text TEXT NOT NULL, staff_id INTEGER REFERENCES staff(id),"
	" due TEXT, done TEXT);\n"
	"CREATE INDEX action_items_account ON action_items(account_id, due);\n"
	"CREATE INDEX action_items_staff ON action_items(staff_id, due);\n";

/* Review meetings (issue 5): when a review was closed, and what each
 * account looked like then, so the next review can list the accounts that
 * changed quadrant since.  The partial index serves the agenda's "ladder
 * moves since" rule without scanning the whole audit log. */
static const char schema_v3[] =
	"ALTER TABLE reviews ADD COLUMN closed_at TEXT;\n"   /* UTC ISO 8601; NULL while open */
	"CREATE INDEX reviews_held ON reviews(held_on);\n"
	"CREATE TABLE review_snapshots(" COMMON
	" review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,"
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" quadrant TEXT,"                  /* NULL: no financials then */
	" ladder INTEGER,"                 /* NULL: not rated then */
	" position TEXT,"                  /* spectrum position then */
	" UNIQUE(review_id, account_id));\n"
	"CREATE INDEX review_snapshots_account ON review_snapshots(account_id);\n"
	"CREATE INDEX decisions_review ON decisions(review_id);\n"
	"CREATE INDEX action_items_review ON action_items(review_id);\n"
	"CREATE INDEX audit_ladder ON audit(at) WHERE kind = 'accounts' AND field = 'ladder';\n";

/* Issue 5/6: the accounts shown in a review's room (the minutes list every
 * account discussed, with why it was on the agenda), and the all-periods
 * profit of every account kept as a cache.
 *
 * profit_cache holds profit_load's sums over all periods as of its last
 * refresh; profit_dirty names the accounts whose financials or activities
 * changed since (account_id 0: everything, e.g. a rate's cost changed).
 * The triggers only mark: the cache is refreshed by profit.c, so a bulk
 * import pays one small insert per row, not a recomputation.  Both tables
 * are derived, local data: never exported, never synced.  The migration
 * marks everything dirty; the first profit_load fills the cache. */
static const char schema_v4[] =
	"CREATE TABLE review_accounts(" COMMON
	" review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,"
	" account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	" reason TEXT,"                    /* why it was on the agenda, "; "-joined */
	" UNIQUE(review_id, account_id));\n"
	"CREATE INDEX review_accounts_account ON review_accounts(account_id);\n"

	"CREATE TABLE profit_cache(account_id INTEGER PRIMARY KEY,"
	" periods INTEGER NOT NULL, revenue INTEGER NOT NULL, cogs INTEGER NOT NULL,"
	" cts INTEGER NOT NULL);\n"
	"CREATE TABLE profit_dirty(account_id INTEGER PRIMARY KEY);\n"
	"INSERT INTO profit_dirty VALUES (0);\n"
	/* NPS over all dates (nps.c): per account, and per month x survey x
	 * score; valid while meta 'nps_cache' equals the stamp it was built at */
	/* the review's "new detractors since" groups by account over a date
	 * range: with account_id in it the index covers that query */
	"DROP INDEX nps_date;\n"
	"CREATE INDEX nps_date ON nps(date, score, account_id);\n"
	"CREATE TABLE nps_cache_account(account_id INTEGER PRIMARY KEY,"
	" n INTEGER NOT NULL, p INTEGER NOT NULL, d INTEGER NOT NULL);\n"
	"CREATE TABLE nps_cache_month(month TEXT NOT NULL, survey TEXT NOT NULL,"
	" score INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(month, survey, score))"
	" WITHOUT ROWID;\n"
#define DIRTY(tbl, ev, rows) \
	"CREATE TRIGGER profit_dirty_" tbl "_" ev " AFTER " ev " ON " tbl " BEGIN " \
	rows " END;\n"
#define MARK(r) "INSERT OR IGNORE INTO profit_dirty VALUES (" r ".account_id);"
	DIRTY("financials", "INSERT", MARK("new"))
	DIRTY("financials", "DELETE", MARK("old"))
	DIRTY("financials", "UPDATE", MARK("old") MARK("new"))
	DIRTY("activities", "INSERT", MARK("new"))
	DIRTY("activities", "DELETE", MARK("old"))
	DIRTY("activities", "UPDATE", MARK("old") MARK("new"))
	"CREATE TRIGGER profit_dirty_rates_cost AFTER UPDATE OF cost ON rates"
	" WHEN old.cost IS NOT new.cost BEGIN INSERT OR IGNORE INTO profit_dirty VALUES (0); END;\n"
	"CREATE TRIGGER profit_dirty_rates_delete AFTER DELETE ON rates"
	" BEGIN INSERT OR IGNORE INTO profit_dirty VALUES (0); END;\n";
#undef MARK
#undef DIRTY

/* Offline field sync (issue 8, docs/SYNC.md).  Local bookkeeping only:
 * none of these tables is itself captured or sent.
 * - sync_outbox: every committed local change as an SQLite session
 *   changeset (store.c captures them), kept until pushed;
 * - sync_rows: per record uid, the last version exchanged through a hub
 *   (change time and origin) or its tombstone (deleted = 1, final);
 * - sync_hubs: per hub (its id), how far this database has pulled;
 * - sync_conflicts: losing versions, one row per field, grouped by grp;
 *   lost_raw is the value as stored (a parent's uid for references) so it
 *   can be restored; gone = the record itself did not survive. */
static const char schema_v5[] =
	"CREATE TABLE sync_outbox(seq INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL DEFAULT " NOW ", changeset BLOB NOT NULL);\n"
	"CREATE TABLE sync_rows(uid BLOB PRIMARY KEY, tbl TEXT NOT NULL,"
	" at TEXT NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;\n"
	"CREATE TABLE sync_hubs(hub TEXT PRIMARY KEY, pulled INTEGER NOT NULL DEFAULT 0,"
	" pushed INTEGER NOT NULL DEFAULT 0, pushed_at TEXT, pulled_at TEXT) WITHOUT ROWID;\n"
	"CREATE TABLE sync_conflicts(id INTEGER PRIMARY KEY, grp INTEGER NOT NULL,"
	" noted_at TEXT NOT NULL DEFAULT " NOW ", at TEXT NOT NULL,"
	" tbl TEXT NOT NULL, uid BLOB NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,"
	" field TEXT NOT NULL, col TEXT NOT NULL, kept TEXT, lost TEXT, lost_raw,"
	" gone INTEGER NOT NULL DEFAULT 0, restored_at TEXT);\n"
	"CREATE INDEX sync_conflicts_grp ON sync_conflicts(grp);\n"
	"CREATE INDEX sync_conflicts_uid ON sync_conflicts(uid, at);\n";

/* Issue 5: the roles screen's order kept as a cache (roles.c).
 *
 * role_cache holds one row per account and role as of its last refresh:
 * the account's key, the holder (staff_id 0: nobody), the last action and
 * due date as shown, and ord, the screen's order as one number (see
 * role_ord in roles.c), so a page of the list, the rank of a row and the
 * counts by status are index range reads.  Due dates depend on the
 * [roles] intervals: meta 'role_cache' records the ones it was built
 * with.  role_dirty names the accounts whose roles, meetings, projects or
 * problems changed since (0: everything).  The triggers only mark; roles.c
 * refreshes.  Derived, local data: never exported, never synced. */
static const char schema_v6[] =
	"CREATE TABLE role_cache(account_id INTEGER NOT NULL, role INTEGER NOT NULL,"
	" key TEXT NOT NULL, staff_id INTEGER NOT NULL, last TEXT NOT NULL, due TEXT NOT NULL,"
	" ord INTEGER NOT NULL, PRIMARY KEY(account_id, role)) WITHOUT ROWID;\n"
	"CREATE INDEX role_cache_ord ON role_cache(ord, key, role);\n"
	"CREATE INDEX role_cache_staff ON role_cache(staff_id, ord, key, role);\n"
	"CREATE TABLE role_dirty(account_id INTEGER PRIMARY KEY);\n"
	"INSERT INTO role_dirty VALUES (0);\n"
#define DIRTY(tbl, ev, rows) \
	"CREATE TRIGGER role_dirty_" tbl "_" ev " AFTER " ev " ON " tbl " BEGIN " \
	rows " END;\n"
/* Not INSERT OR IGNORE: inside a trigger the outer statement's conflict
 * handling wins, and an import's upsert (ON CONFLICT DO UPDATE) turned the
 * second mark of an account into a UNIQUE error that refused the row. */
#define MARK_IN(tbl, r) "INSERT INTO " tbl " SELECT " r \
	" WHERE NOT EXISTS (SELECT 1 FROM " tbl " WHERE account_id = " r ");"
#define MARK(r) MARK_IN("role_dirty", r)
/* insert, delete and update of a table with account_id, marked by mark */
#define DIRTY_ROWS(tbl, mark) \
	DIRTY(tbl, "INSERT", mark("new.account_id")) \
	DIRTY(tbl, "DELETE", mark("old.account_id")) \
	DIRTY(tbl, "UPDATE", mark("old.account_id") mark("new.account_id"))
	DIRTY_ROWS("roles", MARK)
	DIRTY_ROWS("meetings", MARK)
	DIRTY_ROWS("projects", MARK)
	DIRTY_ROWS("problems", MARK)
	DIRTY("accounts", "INSERT", MARK("new.id"))
	DIRTY("accounts", "DELETE", MARK("old.id"))
	"CREATE TRIGGER role_dirty_accounts_key AFTER UPDATE OF key ON accounts"
	" BEGIN " MARK("new.id") " END;\n"
	"CREATE TRIGGER role_dirty_accounts_id AFTER UPDATE OF id ON accounts"
	" BEGIN " MARK("old.id") MARK("new.id") " END;\n"
	/* a role whose holder is gone counts as unassigned (roles_each): a
	 * holder's row going, coming (ids are reused) or changing id moves
	 * the roles that name it */
#define STAFF_ROLES(id) \
	" INSERT INTO role_dirty SELECT DISTINCT account_id FROM roles WHERE staff_id = " id \
	" AND account_id NOT IN (SELECT account_id FROM role_dirty);"
	"CREATE TRIGGER role_dirty_staff_delete AFTER DELETE ON staff BEGIN"
	STAFF_ROLES("old.id") " END;\n"
	"CREATE TRIGGER role_dirty_staff_insert AFTER INSERT ON staff BEGIN"
	STAFF_ROLES("new.id") " END;\n"
	"CREATE TRIGGER role_dirty_staff_id AFTER UPDATE OF id ON staff BEGIN"
	STAFF_ROLES("old.id") STAFF_ROLES("new.id") " END;\n"
#undef STAFF_ROLES
	/* schema 4's profit marks had the same flaw: made again the same way */
#define PMARK(r) MARK_IN("profit_dirty", r)
	"DROP TRIGGER profit_dirty_financials_INSERT;\n"
	"DROP TRIGGER profit_dirty_financials_DELETE;\n"
	"DROP TRIGGER profit_dirty_financials_UPDATE;\n"
	"DROP TRIGGER profit_dirty_activities_INSERT;\n"
	"DROP TRIGGER profit_dirty_activities_DELETE;\n"
	"DROP TRIGGER profit_dirty_activities_UPDATE;\n"
	"DROP TRIGGER profit_dirty_rates_cost;\n"
	"DROP TRIGGER profit_dirty_rates_delete;\n"
#undef DIRTY
#define DIRTY(tbl, ev, rows) \
	"CREATE TRIGGER profit_dirty_" tbl "_" ev " AFTER " ev " ON " tbl " BEGIN " \
	rows " END;\n"
	DIRTY_ROWS("financials", PMARK)
	DIRTY_ROWS("activities", PMARK)
	"CREATE TRIGGER profit_dirty_rates_cost AFTER UPDATE OF cost ON rates"
	" WHEN old.cost IS NOT new.cost BEGIN " MARK_IN("profit_dirty", "0") " END;\n"
	"CREATE TRIGGER profit_dirty_rates_delete AFTER DELETE ON rates"
	" BEGIN " MARK_IN("profit_dirty", "0") " END;\n"
	/* the cache also keeps each account's rung (profit_load_figures) */
	"ALTER TABLE profit_cache ADD COLUMN ladder INTEGER NOT NULL DEFAULT 0;\n"
	"CREATE TRIGGER profit_dirty_accounts_ladder AFTER UPDATE OF ladder ON accounts"
	" WHEN old.ladder IS NOT new.ladder BEGIN " MARK_IN("profit_dirty", "new.id") " END;\n"
	/* an account gone (its financials may stay behind with foreign keys
	 * off) or renumbered: its cache row must follow */
	"CREATE TRIGGER profit_dirty_accounts_delete AFTER DELETE ON accounts"
	" BEGIN " MARK_IN("profit_dirty", "old.id") " END;\n"
	"CREATE TRIGGER profit_dirty_accounts_id AFTER UPDATE OF id ON accounts"
	" BEGIN " MARK_IN("profit_dirty", "old.id") MARK_IN("profit_dirty", "new.id") " END;\n"
	MARK_IN("profit_dirty", "0") "\n"
	/* the NPS cache's stamp (nps.c) counts changes and deletions of
	 * responses here instead of reading the audit log's last id, which
	 * any edit anywhere moved (and with it a rebuild of the cache) */
	"INSERT INTO meta(key, value) VALUES ('nps_changes', '0');\n"
	"CREATE TRIGGER nps_changes_update AFTER UPDATE ON nps BEGIN"
	" UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'nps_changes'; END;\n"
	"CREATE TRIGGER nps_changes_delete AFTER DELETE ON nps BEGIN"
	" UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'nps_changes'; END;\n"
	/* an insert below the last id (an explicit id: no Rapport writer
	 * does that) would not move the last id */
	"CREATE TRIGGER nps_changes_insert AFTER INSERT ON nps"
	" WHEN new.id < (SELECT max(id) FROM nps) BEGIN"
	" UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'nps_changes'; END;\n";
#undef PMARK
#undef MARK
#undef MARK_IN
#undef DIRTY_ROWS
#undef DIRTY

/* Audited tables: name, the audited columns, the expression giving the
 * account concerned (over NEW/OLD as "R"), and whether inserts are logged
 * (events such as NPS responses are not: they are their own log). */
struct audited {
	const char *table;
	const char *columns;     /* space-separated */
	const char *account;     /* e.g. "R.account_id", "R.id", "NULL" */
	int log_insert;
};

static const struct audited audited[] = {
	{ "accounts", "key name segment industry country relationship ladder wallet "
	  "alternatives dynamism importance complexity info_exchange linkages notes", "R.id", 1 },
	{ "staff", "handle name email", "NULL", 1 },
	{ "contacts", "name title email phone buying_role", "R.account_id", 1 },
	{ "roles", "role staff_id", "R.account_id", 1 },
	{ "nps", "score date contact survey comment", "R.account_id", 0 },
	{ "financials", "period revenue cogs cost_to_serve", "R.account_id", 1 },
	{ "rates", "activity unit cost", "NULL", 1 },
	{ "activities", "date rate_id quantity", "R.account_id", 0 },
	{ "meetings", "date staff_id notes action_plan", "R.account_id", 1 },
	{ "projects", "name staff_id started finished conditions feedback_score", "R.account_id", 1 },
	{ "problems", "title opened staff_id due resolved satisfaction", "R.account_id", 1 },
	{ "notes", "author body", "R.account_id", 1 },
	{ "decisions", "date text staff_id", "R.account_id", 1 },
	{ "action_items", "text staff_id due done", "R.account_id", 1 },
};

/* Replace every "R." in expr by prefix ("new." or "old."). */
static void put_expr(struct strbuf *b, const char *expr, const char *prefix)
{
	for (const char *p = expr; *p; ) {
		if (p[0] == 'R' && p[1] == '.') {
			sb_puts(b, prefix);
			p += 2;
		} else {
			sb_putc(b, *p++);
		}
	}
}

#define ACTOR "(SELECT value FROM meta WHERE key='owner')"

static void audit_triggers(struct strbuf *b)
{
	for (size_t i = 0; i < sizeof audited / sizeof *audited; i++) {
		const struct audited *a = &audited[i];
		if (a->log_insert) {
			sb_printf(b, "CREATE TRIGGER audit_%s_insert AFTER INSERT ON %s BEGIN "
				  "INSERT INTO audit(actor, kind, record_uid, account_id, action) VALUES ("
				  ACTOR ", '%s', new.uid, ", a->table, a->table, a->table);
			put_expr(b, a->account, "new.");
			sb_puts(b, ", 'insert'); END;\n");
		}
		sb_printf(b, "CREATE TRIGGER audit_%s_delete AFTER DELETE ON %s BEGIN "
			  "INSERT INTO audit(actor, kind, record_uid, account_id, action) VALUES ("
			  ACTOR ", '%s', old.uid, ", a->table, a->table, a->table);
		put_expr(b, a->account, "old.");
		sb_puts(b, ", 'delete'); END;\n");

		sb_printf(b, "CREATE TRIGGER audit_%s_update AFTER UPDATE ON %s BEGIN\n",
			  a->table, a->table);
		char cols[512];
		strlcpy_r(cols, a->columns, sizeof cols);
		for (char *save = NULL, *c = strtok_r(cols, " ", &save); c; c = strtok_r(NULL, " ", &save)) {
			sb_printf(b, " INSERT INTO audit(actor, kind, record_uid, account_id, action, field, old, new)"
				  " SELECT " ACTOR ", '%s', new.uid, ", a->table);
			put_expr(b, a->account, "new.");
			sb_printf(b, ", 'update', '%s', old.%s, new.%s WHERE old.%s IS NOT new.%s;\n",
				  c, c, c, c, c);
		}
		sb_puts(b, "END;\n");
	}
}

char *schema_migration_sql(int to_version)
{
	struct strbuf b = { 0 };
	switch (to_version) {
	case 1:
		sb_puts(&b, schema_v1);
		break;
	case 2:
		sb_puts(&b, schema_v2);
		audit_triggers(&b);
		break;
	case 3:
		sb_puts(&b, schema_v3);
		break;
	case 4:
		sb_puts(&b, schema_v4);
		break;
	case 5:
		sb_puts(&b, schema_v5);
		break;
	case 6:
		sb_puts(&b, schema_v6);
		break;
	default:
		return NULL;
	}
	return b.s;
}

const char *const schema_tables[] = {
	"meta", "staff", "accounts", "spectrum_history", "contacts", "roles", "nps",
	"financials", "rates", "activities", "meetings", "projects", "problems",
	"notes", "audit", "reviews", "decisions", "action_items", "review_snapshots",
	"review_accounts", "profit_cache", "profit_dirty", "nps_cache_account", "nps_cache_month",
	"role_cache", "role_dirty",
	NULL
};
