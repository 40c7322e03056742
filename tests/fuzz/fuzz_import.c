/* libFuzzer harness: import of every kind (src/io/import.c, kinds.c and the
 * value rules in values.c) into an in-memory database.
 *
 * Input: the first byte chooses the kind, (byte & 0x7f) % 11 in the order of
 * fuzz_kinds[] below, and a dry run when its top bit is set; the rest is the
 * CSV file.  tests/fuzz/make-seeds.sh writes seeds in this form.
 *
 * The database is made once: the schema plus a few accounts, staff and
 * rates (those of tests/data/basic and tests/data/reports), so that rows
 * referring to them get past the reference checks.  Every input sees that
 * same state: a failed import or a dry run rolls back (all rows or none),
 * and after an import that changed something the database is made again.
 * Checked: import returns 0 or -1, -1 comes with a message, a failed import
 * leaves the database as it was (counted rows), and 0 adds up (rows =
 * inserted + updated + unchanged).  After an import that changed something,
 * the kind is exported and the export imported again (dry run): it must be
 * accepted, every record unchanged (events: all new), as README promises
 * for export | import; so a value stored in a form import would refuse is
 * found even when nothing crashes. */
#include "rapport/config.h"
#include "rapport/export.h"
#include "rapport/import.h"
#include "rapport/kinds.h"
#include "rapport/store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REQUIRE(cond)                                                                   \
	do {                                                                            \
		if (!(cond)) {                                                          \
			fprintf(stderr, "fuzz_import: %s:%d: %s\n", __FILE__, __LINE__, \
				#cond);                                                 \
			abort();                                                        \
		}                                                                       \
	} while (0)

/* Fixed here, not taken from kinds[], so that seeds keep their meaning if
 * the table is reordered. */
static const char *const fuzz_kinds[] = {
	"accounts", "contacts", "staff", "roles", "nps", "financials",
	"activities", "rates", "meetings", "projects", "problems",
};
#define NKINDS (sizeof fuzz_kinds / sizeof fuzz_kinds[0])

static const char base_staff[] =
	"handle,name,email\n"
	"ann,Ann Lee,ann@example.com\n"
	"bob,Bob Roe,\n";
static const char base_accounts[] =
	"key,name,segment,industry,country,relationship,ladder,wallet,alternatives,"
	"dynamism,importance,complexity,info_exchange,linkages,notes\n"
	"ACME,Acme Corp,Enterprise,Manufacturing,US,,6,250000.00,4,4,5,4,4,3,Key account\n"
	"BOLT,\"Bolt, Nuts & Co\",SMB,Hardware,DE,,2,12000.50,1,1,2,1,1,2,\n"
	"CR\xc3\x88ME,Cr\xc3\xa8me SA,SMB,Food,FR,value-adding,3,,5,5,5,5,5,5,\n"
	"DUNE,Dune Ltd,,Logistics,NL,,7,500.00,3,3,3,3,3,3,\n"
	"EMPTY,Empty Inc,Enterprise,,,,,0.00,,,,,,,no figures at all\n"
	"FERN,Fern GmbH,SMB,,AT,,8,1000.00,,,,,,,\n"
	"TOKYO,\xe6\x9d\xb1\xe4\xba\xac,Enterprise,Instruments,JP,,7,500000.00,,,,,,,\n";
static const char base_rates[] =
	"activity,unit,cost\n"
	"order,order,150.00\n"
	"change order,order,600.00\n"
	"support,hour,85.50\n";

static struct store *db;
static struct rapport_config cfg;
static const struct kind *kinds_by_byte[NKINDS];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Rows in every table an import writes: a failed import or a dry run must
 * not change them.  One statement, prepared with the database. */
static sqlite3_stmt *count_st;
static const char count_sql[] =
	"SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM contacts)"
	" + (SELECT count(*) FROM staff) + (SELECT count(*) FROM roles)"
	" + (SELECT count(*) FROM nps) + (SELECT count(*) FROM financials)"
	" + (SELECT count(*) FROM activities) + (SELECT count(*) FROM rates)"
	" + (SELECT count(*) FROM meetings) + (SELECT count(*) FROM projects)"
	" + (SELECT count(*) FROM problems) + (SELECT count(*) FROM spectrum_history)"
	" + (SELECT count(*) FROM audit)";

static long long db_rows(void)
{
	REQUIRE(sqlite3_step(count_st) == SQLITE_ROW);
	long long n = sqlite3_column_int64(count_st, 0);
	sqlite3_reset(count_st);
	return n;
}

static void load_base(const char *kind, const char *csv)
{
	char err[512];
	if (import_buffer(db, &cfg, kind_find(kind), kind, csv, strlen(csv), NULL, NULL, err,
			  sizeof err) != 0) {
		fprintf(stderr, "fuzz_import: base %s: %s\n", kind, err);
		exit(1);
	}
}

static void db_make(void)
{
	char err[512];
	sqlite3_finalize(count_st);
	count_st = NULL;
	store_close(db);
	db = store_open_memory(err, sizeof err);
	if (!db) {
		fprintf(stderr, "fuzz_import: %s\n", err);
		exit(1);
	}
	load_base("staff", base_staff);
	load_base("accounts", base_accounts);
	load_base("rates", base_rates);
	if (sqlite3_prepare_v2(db->db, count_sql, -1, &count_st, NULL) != SQLITE_OK) {
		fprintf(stderr, "fuzz_import: %s\n", sqlite3_errmsg(db->db));
		exit(1);
	}
}

/* Export kind k and import the export again as a dry run. */
static void check_export(const struct kind *k)
{
	char *csv = NULL;
	size_t len = 0;
	char err[1024];
	FILE *f = open_memstream(&csv, &len);
	REQUIRE(f);
	REQUIRE(export_kind(db, k, EXPORT_CSV, f, err, sizeof err) == 0);
	REQUIRE(fclose(f) == 0);
	struct import_opts dry = { .dry_run = 1, .progress = 0 };
	struct import_result res;
	int rc = import_buffer(db, &cfg, k, "export.csv", csv, len, &dry, &res, err, sizeof err);
	if (rc != 0)
		fprintf(stderr, "fuzz_import: the export of %s is refused: %s\n%s", k->name, err, csv);
	REQUIRE(rc == 0);
	if (k->event)
		REQUIRE(res.inserted == res.rows);
	else if (res.unchanged != res.rows)
		fprintf(stderr, "fuzz_import: export of %s: %lld rows, %lld unchanged\n%s", k->name,
			res.rows, res.unchanged, csv);
	REQUIRE(k->event || res.unchanged == res.rows);
	free(csv);
}

static void at_exit(void)
{
	sqlite3_finalize(count_st);
	store_close(db);
	db = NULL;
	config_free(&cfg);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* import reads the date (event defaults) and the time zone */
	setenv("RAPPORT_TODAY", "2024-06-30", 1);
	setenv("TZ", "UTC", 1);
	config_defaults(&cfg);
	for (size_t i = 0; i < NKINDS; i++) {
		kinds_by_byte[i] = kind_find(fuzz_kinds[i]);
		if (!kinds_by_byte[i]) {
			fprintf(stderr, "fuzz_import: no kind '%s'\n", fuzz_kinds[i]);
			exit(1);
		}
	}
	db_make();
	atexit(at_exit);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const struct kind *k = kinds_by_byte[(data[0] & 0x7f) % NKINDS];
	struct import_opts opts = { .dry_run = (data[0] & 0x80) != 0, .progress = 0 };
	struct import_result res;
	char err[1024];

	long long before = db_rows();
	err[0] = '\0';
	int rc = import_buffer(db, &cfg, k, "fuzz.csv", (const char *)data + 1, size - 1, &opts,
			       &res, err, sizeof err);
	REQUIRE(rc == 0 || rc == -1);
	REQUIRE(sqlite3_get_autocommit(db->db));  /* no transaction left open */
	if (rc < 0) {
		REQUIRE(err[0] != '\0');
		REQUIRE(db_rows() == before);
		return 0;
	}
	REQUIRE(res.rows >= 1);
	REQUIRE(res.rows == res.inserted + res.updated + res.unchanged);
	if (opts.dry_run)
		REQUIRE(db_rows() == before);
	else if (res.inserted || res.updated) {
		check_export(k);
		db_make();
	}
	return 0;
}
