/* bench_reports: the reports at portfolio scale against hand-written SQL.
 *
 * usage: bench_reports [-n RUNS] [-a ACCOUNTS] [-s SEED] [-t TODAY] [DB]
 *
 * Builds (once; later runs reuse it) a demo portfolio with `rapport demo
 * --accounts ACCOUNTS --seed SEED` as of TODAY, then times, as separate
 * processes writing to /dev/null, `rapport report NAME --format csv` for
 * nps --by account, grid, whale, ladder and wallet against two peers run
 * with the sqlite3 shell on the same database in the same run:
 *   peer      the fastest query we could write for the same figures, numbers
 *             left as SQLite prints them (money as cents / 100.0, ...);
 *   peer-fmt  the same query formatted like rapport (two decimals, tenths
 *             rounded half away from zero), so its CSV equals rapport's.
 * Every figure is the median of RUNS wall-clock runs (rapport and the peers
 * interleaved, order alternating); CPU time (user + sys) is shown as well.
 *
 * Before timing, each peer's output is checked against rapport's on a small
 * demo database and, from the warm-up run, on the full one: the same rows,
 * the same columns, every cell equal (peer-fmt) or equal to rapport's
 * printed precision (peer).  A mismatch is reported and makes the exit
 * status 1; timings never do.
 *
 * Environment: RAPPORT_BIN (default src/rapport), SQLITE3 (default sqlite3).
 * The database defaults to /tmp/rapport-bench-cache/demo-aN-sS-tTODAY.db;
 * delete it to rebuild with the current generator. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 101
#define PAGE_CACHE "PRAGMA cache_size = -16384"   /* what rapport's store sets */

/* ---- the peers ------------------------------------------------------------ */

/* Cost-to-serve of the financials row f (cents), as SPEC.md defines it:
 * the given figure, else its account's activities dated in the period,
 * quantity (thousandths) x rate (cents), rounded to the cent per period. */
#define CTS \
	"coalesce(f.cost_to_serve, (SELECT (coalesce(sum(ac.quantity * rt.cost), 0) + 500) / 1000" \
	" FROM activities ac JOIN rates rt ON rt.id = ac.rate_id" \
	" WHERE ac.account_id = f.account_id AND ac.date BETWEEN f.period_start AND f.period_end))"

/* The median of column X of the materialized CTE g (mean of the middle two
 * when the count is even). */
#define MEDIAN(x) \
	"(SELECT avg(" x ") FROM (SELECT " x " FROM g ORDER BY " x \
	" LIMIT 2 - (SELECT count(*) FROM g) % 2 OFFSET ((SELECT count(*) FROM g) - 1) / 2))"

/* Formatting as rapport does it: money from cents with two decimals; a
 * ratio num/den (den > 0) in tenths, rounded half away from zero, with one. */
#define MONEY(c) "printf('%.2f', (" c ") / 100.0)"
#define TENTHS(num, den) \
	"printf('%.1f', iif((" num ") < 0, -((-(" num ") * 1000 + (" den ") / 2) / (" den "))," \
	" ((" num ") * 1000 + (" den ") / 2) / (" den ")) / 10.0)"

/* nps --by account.  Per-account counts along the covering index
 * nps_account, then the 100k-row join for the key. */
#define NPS_COUNTS \
	"(SELECT account_id, count(*) AS n, sum(score >= 9) AS p, sum(score <= 6) AS d" \
	" FROM nps GROUP BY account_id) AS g JOIN accounts a ON a.id = g.account_id ORDER BY a.key"

static const char nps_peer[] =
	"SELECT a.key AS \"group\", g.n AS n, g.p AS promoters, g.n - g.p - g.d AS passives,"
	" g.d AS detractors, 100.0 * (g.p - g.d) / g.n AS nps,"
	/* 1.96 * sqrt((p + d - (p - d)^2) / n) * 100 with p = P/n, d = D/n */
	" 196.0 * sqrt((g.p + g.d) * g.n - (g.p - g.d) * (g.p - g.d)) / (g.n * sqrt(g.n)) AS moe"
	" FROM " NPS_COUNTS;

static const char nps_peer_fmt[] =
	"SELECT a.key AS \"group\", g.n AS n, g.p AS promoters, g.n - g.p - g.d AS passives,"
	" g.d AS detractors, " TENTHS("g.p - g.d", "g.n") " AS nps,"
	/* rapport's formula, operation for operation, so the rounding agrees */
	" printf('%.1f', round(1.96 * sqrt(max((g.p * 1.0 / g.n) + (g.d * 1.0 / g.n)"
	" - ((g.p * 1.0 / g.n) - (g.d * 1.0 / g.n)) * ((g.p * 1.0 / g.n) - (g.d * 1.0 / g.n)), 0.0)"
	" / g.n) * 100.0 * 10.0) / 10.0) AS moe"
	" FROM " NPS_COUNTS;

/* grid: margin and cost-to-serve per account, the two medians, the join. */
#define GRID_G \
	"WITH g AS MATERIALIZED (SELECT f.account_id AS id, sum(f.revenue - f.cogs) AS margin," \
	" sum(" CTS ") AS cts FROM financials f GROUP BY f.account_id)," \
	" s AS MATERIALIZED (SELECT " MEDIAN("margin") " AS mm, " MEDIAN("cts") " AS mc)"
#define GRID_QUADRANT \
	" CASE WHEN g.margin > s.mm THEN iif(g.cts > s.mc, 'carriage-trade', 'passive')" \
	" ELSE iif(g.cts > s.mc, 'aggressive', 'bargain-basement') END AS quadrant" \
	" FROM s CROSS JOIN g JOIN accounts a ON a.id = g.id ORDER BY a.key"

static const char grid_peer[] =
	GRID_G " SELECT a.key AS account, a.name AS name, g.margin / 100.0 AS net_margin,"
	" g.cts / 100.0 AS cost_to_serve, (g.margin - g.cts) / 100.0 AS profit," GRID_QUADRANT;

static const char grid_peer_fmt[] =
	GRID_G " SELECT a.key AS account, a.name AS name, " MONEY("g.margin") " AS net_margin, "
	MONEY("g.cts") " AS cost_to_serve, " MONEY("g.margin - g.cts") " AS profit," GRID_QUADRANT;

/* whale: profit per account, ranked with a window. */
#define WHALE_G \
	"WITH g AS MATERIALIZED (SELECT f.account_id AS id, sum(f.revenue - f.cogs - " CTS ") AS profit" \
	" FROM financials f GROUP BY f.account_id)," \
	" k AS MATERIALIZED (SELECT count(*) AS n, sum(profit) AS total, iif(sum(profit) < 0, -1, 1) AS sg FROM g)"
#define WHALE_W \
	" FROM g JOIN accounts a ON a.id = g.id" \
	" WINDOW w AS (ORDER BY g.profit DESC, a.key ROWS UNBOUNDED PRECEDING)"

static const char whale_peer[] =
	WHALE_G " SELECT row_number() OVER w AS rank, a.key AS account, g.profit / 100.0 AS profit,"
	" iif((SELECT total FROM k) <> 0, 100.0 * sum(g.profit) OVER w / (SELECT total FROM k), NULL)"
	" AS cum_profit_pct, 100.0 * row_number() OVER w / (SELECT n FROM k) AS cum_accounts_pct"
	WHALE_W;

/* The ratio's sign rule of rapport's ratio_tenths: a negative total flips
 * both terms. */
static const char whale_peer_fmt[] =
	WHALE_G ", r AS (SELECT row_number() OVER w AS rank, a.key AS key, g.profit AS profit,"
	" sum(g.profit) OVER w AS cum" WHALE_W ")"
	" SELECT r.rank AS rank, r.key AS account, " MONEY("r.profit") " AS profit,"
	" iif(k.total = 0, NULL, " TENTHS("r.cum * k.sg", "k.total * k.sg") ") AS cum_profit_pct, "
	TENTHS("r.rank", "k.n") " AS cum_accounts_pct FROM r, k ORDER BY r.rank";

/* ladder: cost-to-serve only (no revenue needed), its median over every
 * account with financials, the rung. */
#define LADDER_G \
	"WITH g AS MATERIALIZED (SELECT f.account_id AS id, sum(" CTS ") AS cts" \
	" FROM financials f GROUP BY f.account_id)," \
	" s AS MATERIALIZED (SELECT " MEDIAN("cts") " AS mc)"
#define LADDER_GROUP \
	" CASE WHEN a.ladder >= 5 THEN iif(g.cts > s.mc, 'partner', 'mvc')" \
	" ELSE iif(g.cts > s.mc, 'undesirable', 'switcher') END AS \"group\"" \
	" FROM s CROSS JOIN g JOIN accounts a ON a.id = g.id WHERE a.ladder BETWEEN 1 AND 8 ORDER BY a.key"

static const char ladder_peer[] =
	LADDER_G " SELECT a.key AS account, a.ladder AS ladder, g.cts / 100.0 AS cost_to_serve," LADDER_GROUP;

static const char ladder_peer_fmt[] =
	LADDER_G " SELECT a.key AS account, a.ladder AS ladder, " MONEY("g.cts") " AS cost_to_serve,"
	LADDER_GROUP;

/* wallet: revenue of the periods ending in the 365 days up to today (the
 * window's first and last day, pasted in for @SINCE and @UNTIL), per
 * account with a wallet estimate, along
 * financials_account_cover.  MATERIALIZED: otherwise SQLite copies the
 * correlated subquery into every use of rev. */
#define WALLET_W \
	"WITH w AS MATERIALIZED (SELECT a.key AS key, a.wallet AS wallet," \
	" coalesce((SELECT sum(f.revenue) FROM financials f WHERE f.account_id = a.id" \
	" AND f.period_end >= '@SINCE' AND f.period_end <= '@UNTIL'), 0) AS rev" \
	" FROM accounts a WHERE a.wallet IS NOT NULL)"

static const char wallet_peer[] =
	WALLET_W " SELECT key AS account, rev / 100.0 AS revenue, wallet / 100.0 AS wallet,"
	" iif(wallet <> 0, 100.0 * rev / wallet, NULL) AS share_pct, (wallet - rev) / 100.0 AS gap"
	" FROM w ORDER BY wallet - rev DESC, key";

static const char wallet_peer_fmt[] =
	WALLET_W " SELECT key AS account, " MONEY("rev") " AS revenue, " MONEY("wallet") " AS wallet,"
	" iif(wallet <> 0, " TENTHS("rev", "wallet") ", NULL) AS share_pct, " MONEY("wallet - rev") " AS gap"
	" FROM w ORDER BY wallet - rev DESC, key";

struct bench_case {
	const char *label;          /* as shown in the table */
	const char *name, *by;      /* rapport report NAME [--by BY] */
	const char *peer, *peer_fmt;
};

static const struct bench_case cases[] = {
	{ "nps --by account", "nps", "account", nps_peer, nps_peer_fmt },
	{ "grid", "grid", NULL, grid_peer, grid_peer_fmt },
	{ "whale", "whale", NULL, whale_peer, whale_peer_fmt },
	{ "ladder", "ladder", NULL, ladder_peer, ladder_peer_fmt },
	{ "wallet", "wallet", NULL, wallet_peer, wallet_peer_fmt },
};
#define NCASES (sizeof cases / sizeof *cases)

enum { RAPPORT, PEER, PEER_FMT, NCMD };
static const char *const cmd_names[NCMD] = { "rapport", "peer", "peer-fmt" };

/* ---- processes -------------------------------------------------------------- */

struct timing {
	double wall;   /* seconds, fork to reaped */
	double cpu;    /* user + system seconds of the child */
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("bench_reports: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("bench_reports: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

/* Runs argv with stdout to out (a path; "/dev/null" to discard), stderr
 * inherited.  Returns 0 when it exited with status 0. */
static int run(char *const argv[], const char *out, struct timing *t)
{
	double t0 = now();
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "bench_reports: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) {
			fprintf(stderr, "bench_reports: %s: %s\n", out, strerror(errno));
			_exit(127);
		}
		close(fd);
		execvp(argv[0], argv);
		fprintf(stderr, "bench_reports: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status;
	struct rusage ru;
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "bench_reports: wait: %s\n", strerror(errno));
			return -1;
		}
	}
	if (t) {
		t->wall = now() - t0;
		t->cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
			 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench_reports: %s failed (status %d)\n", argv[0],
			WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}

/* The whole of a small file, NUL-terminated; NULL on error. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = xmalloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0)
			buf = xrealloc(buf, cap *= 2);
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* ---- the setting: tools, paths, the database -------------------------------- */

struct bench {
	const char *rapport;        /* the program under test */
	const char *sqlite3;        /* the peer's shell */
	const char *today;          /* RAPPORT_TODAY, YYYY-MM-DD */
	char since[64];             /* the wallet window's first day: today - 364 */
	char dir[64];               /* scratch directory, removed at the end */
	char ini[96];               /* an empty INI file: no user [grid] splits */
	int mismatches;
};

static void scratch(const struct bench *b, char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", b->dir, name);
}

/* Days since 1970-01-01 of a civil date, and back (proleptic Gregorian). */
static long days_from_civil(long y, long m, long d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, char *out, size_t len)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp + (mp < 10 ? 3 : -9);
	snprintf(out, len, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

static int parse_day(const char *s, long *days)
{
	int y, m, d, n = 0;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*days = days_from_civil(y, m, d);
	char back[64];
	civil_from_days(*days, back, sizeof back);
	return strcmp(back, s) == 0 ? 0 : -1;
}

/* rapport -d DB -c INI report NAME [--by BY] --format csv > out */
static int run_rapport(const struct bench *b, const char *db, const struct bench_case *c,
		       const char *out, struct timing *t)
{
	char *argv[12];
	int i = 0;
	argv[i++] = (char *)b->rapport;
	argv[i++] = "-d";
	argv[i++] = (char *)db;
	argv[i++] = "-c";
	argv[i++] = (char *)b->ini;
	argv[i++] = "report";
	argv[i++] = (char *)c->name;
	if (c->by) {
		argv[i++] = "--by";
		argv[i++] = (char *)c->by;
	}
	argv[i++] = "--format";
	argv[i++] = "csv";
	argv[i] = NULL;
	return run(argv, out, t);
}

/* sqlite3 -batch -bail -csv -header -cmd PRAGMA DB SQL > out */
static int run_sqlite(const struct bench *b, const char *db, const char *sql, const char *out,
		      struct timing *t)
{
	char *argv[] = { (char *)b->sqlite3, "-batch", "-bail", "-csv", "-header",
			 "-cmd", PAGE_CACHE, (char *)db, (char *)sql, NULL };
	return run(argv, out, t);
}

/* The peer SQL of case c, kind PEER or PEER_FMT, with @SINCE and @UNTIL
 * replaced by the wallet window's days (checked dates: nothing to quote);
 * the caller frees it. */
static char *peer_sql(const struct bench *b, const struct bench_case *c, int kind)
{
	const char *p = kind == PEER ? c->peer : c->peer_fmt;
	char *sql = xmalloc(strlen(p) + 16), *q = sql;   /* each of two tokens grows by 4 */
	while (*p) {
		if (strncmp(p, "@SINCE", 6) == 0 || strncmp(p, "@UNTIL", 6) == 0) {
			const char *day = p[1] == 'S' ? b->since : b->today;
			memcpy(q, day, 10);   /* YYYY-MM-DD */
			q += 10;
			p += 6;
		} else {
			*q++ = *p++;
		}
	}
	*q = '\0';
	return sql;
}

static int run_cmd(const struct bench *b, const char *db, const struct bench_case *c, int kind,
		   const char *out, struct timing *t)
{
	if (kind == RAPPORT)
		return run_rapport(b, db, c, out, t);
	char *sql = peer_sql(b, c, kind);
	int rc = run_sqlite(b, db, sql, out, t);
	free(sql);
	return rc;
}

/* `rapport demo` into db (built as db.partial, renamed when complete). */
static int build_db(const struct bench *b, const char *db, long accounts, long seed)
{
	size_t n = strlen(db) + 16;
	char *tmp = xmalloc(n), *side = xmalloc(n + 8);
	snprintf(tmp, n, "%s.partial", db);
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
		snprintf(side, n + 8, "%s%s", tmp, ext[i]);
		unlink(side);
	}
	char acc[24], sd[24];
	snprintf(acc, sizeof acc, "%ld", accounts);
	snprintf(sd, sizeof sd, "%ld", seed);
	char *argv[] = { (char *)b->rapport, "-d", tmp, "-c", (char *)b->ini, "demo",
			 "--accounts", acc, "--seed", sd, NULL };
	struct timing t;
	int rc = run(argv, "/dev/null", &t);
	if (rc == 0) {
		snprintf(side, n + 8, "%s-wal", tmp);
		if (access(side, F_OK) == 0) {
			fprintf(stderr, "bench_reports: %s left behind; not caching it\n", side);
			rc = -1;
		} else if (rename(tmp, db) != 0) {
			fprintf(stderr, "bench_reports: rename %s: %s\n", db, strerror(errno));
			rc = -1;
		} else {
			printf("built %s: rapport demo --accounts %s --seed %s in %.1f s wall (%.1f s CPU)\n",
			       db, acc, sd, t.wall, t.cpu);
		}
	}
	free(tmp);
	free(side);
	return rc;
}

/* One line of facts about db from the sqlite3 shell, printed after label. */
static void describe_db(const struct bench *b, const char *db, const char *label)
{
	char out[128];
	scratch(b, out, sizeof out, "describe.txt");
	char *argv[] = { (char *)b->sqlite3, "-batch", "-list", "-separator", ", ", (char *)db,
		"SELECT (SELECT count(*) FROM accounts) || ' accounts', (SELECT count(*) FROM nps) || ' NPS',"
		" (SELECT count(*) FROM financials) || ' financials',"
		" (SELECT count(*) FROM activities) || ' activities',"
		" (SELECT page_count * page_size / 1048576 FROM pragma_page_count, pragma_page_size) || ' MiB'",
		NULL };
	char *text = NULL;
	if (run(argv, out, NULL) == 0 && (text = slurp(out, NULL)) != NULL) {
		text[strcspn(text, "\n")] = '\0';
		printf("%s %s: %s\n", label, db, text);
	}
	free(text);
	unlink(out);
}

/* ---- checking a peer against rapport ------------------------------------------ */

struct csv_table {
	size_t nrows;
	size_t *ncells;    /* per row */
	char ***cells;     /* per row, per column */
};

static void csv_table_free(struct csv_table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t i = 0; i < t->ncells[r]; i++)
			free(t->cells[r][i]);
		free(t->cells[r]);
	}
	free(t->cells);
	free(t->ncells);
	memset(t, 0, sizeof *t);
}

/* RFC 4180, either line ending; sqlite3 -csv quotes more than rapport
 * does, so cells are compared after unquoting. */
static void csv_parse(const char *s, size_t len, struct csv_table *t)
{
	const char *p = s, *end = s + len;
	size_t rcap = 0;
	memset(t, 0, sizeof *t);
	char *cell = xmalloc(64);
	size_t ccap = 64;
	while (p < end) {
		char **row = NULL;
		size_t n = 0, cap = 0;
		for (;;) {
			size_t k = 0;
			if (*p == '"') {
				for (p++; p < end; p++) {
					if (*p == '"') {
						if (p + 1 < end && p[1] == '"')
							p++;
						else {
							p++;
							break;
						}
					}
					if (k + 2 > ccap)
						cell = xrealloc(cell, ccap *= 2);
					cell[k++] = *p;
				}
			}
			while (p < end && *p != ',' && *p != '\n' && *p != '\r') {
				if (k + 2 > ccap)
					cell = xrealloc(cell, ccap *= 2);
				cell[k++] = *p++;
			}
			cell[k] = '\0';
			if (n == cap)
				row = xrealloc(row, (cap = cap ? cap * 2 : 8) * sizeof *row);
			row[n++] = xstrdup(cell);
			if (p < end && *p == ',') {
				p++;
				continue;
			}
			if (p < end && *p == '\r')
				p++;
			if (p < end && *p == '\n')
				p++;
			break;
		}
		if (t->nrows == rcap) {
			rcap = rcap ? rcap * 2 : 1024;
			t->cells = xrealloc(t->cells, rcap * sizeof *t->cells);
			t->ncells = xrealloc(t->ncells, rcap * sizeof *t->ncells);
		}
		t->cells[t->nrows] = row;
		t->ncells[t->nrows++] = n;
	}
	free(cell);
}

/* Whether peer cell q states rapport's cell r: equal text, or (when not
 * exact) both numbers and q within half a unit of r's last decimal. */
static int cell_agrees(const char *r, const char *q, int exact)
{
	if (strcmp(r, q) == 0)
		return 1;
	if (exact || !*r || !*q)
		return 0;
	char *e1, *e2;
	double x = strtod(r, &e1), y = strtod(q, &e2);
	if (*e1 || *e2)
		return 0;
	const char *dot = strchr(r, '.');
	double unit = 1.0, diff = x > y ? x - y : y - x, mag = x < 0 ? -x : x;
	for (const char *d = dot ? dot + 1 : ""; *d; d++)
		unit /= 10.0;
	return diff <= 0.5 * unit + 1e-9 * (mag > 1.0 ? mag : 1.0);
}

/* Compares the CSV files ours (rapport) and theirs (a peer); prints the
 * verdict and the first differences.  Returns 0 when they agree. */
static int compare(const char *what, const char *ours, const char *theirs, int exact)
{
	size_t la, lb;
	char *a = slurp(ours, &la), *b = slurp(theirs, &lb);
	if (!a || !b) {
		printf("  %-30s cannot read the outputs\n", what);
		free(a);
		free(b);
		return -1;
	}
	struct csv_table ta, tb;
	csv_parse(a, la, &ta);
	csv_parse(b, lb, &tb);
	free(a);
	free(b);
	size_t bad = 0, cells = 0;
	if (ta.nrows != tb.nrows) {
		printf("  %-30s MISMATCH: %zu rows from rapport, %zu from the peer\n", what,
		       ta.nrows, tb.nrows);
		bad++;
	}
	for (size_t r = 0; r < ta.nrows && r < tb.nrows; r++) {
		int row_bad = ta.ncells[r] != tb.ncells[r];
		for (size_t i = 0; !row_bad && i < ta.ncells[r]; i++, cells++)
			row_bad = !cell_agrees(ta.cells[r][i], tb.cells[r][i], exact || r == 0);
		if (row_bad && bad++ < 3) {
			printf("  %-30s MISMATCH at line %zu:\n    rapport:", what, r + 1);
			for (size_t i = 0; i < ta.ncells[r]; i++)
				printf("%s%s", i ? "," : " ", ta.cells[r][i]);
			printf("\n    peer:   ");
			for (size_t i = 0; i < tb.ncells[r]; i++)
				printf("%s%s", i ? "," : " ", tb.cells[r][i]);
			putchar('\n');
		}
	}
	if (!bad)
		printf("  %-30s %zu rows, %zu cells agree%s\n", what,
		       ta.nrows ? ta.nrows - 1 : 0, cells, exact ? " exactly" : " to the printed precision");
	else
		printf("  %-30s %zu rows differ\n", what, bad);
	csv_table_free(&ta);
	csv_table_free(&tb);
	return bad ? -1 : 0;
}

/* Runs every case once on db, keeping the outputs, and compares each peer
 * with rapport, counting disagreements in b->mismatches.  Returns -1 when
 * a command failed. */
static int verify(struct bench *b, const char *db, const char *tag)
{
	int rc = 0;
	for (size_t i = 0; i < NCASES; i++) {
		char out[NCMD][128];
		for (int k = 0; k < NCMD; k++) {
			char name[64];
			snprintf(name, sizeof name, "%s-%zu-%s.csv", tag, i, cmd_names[k]);
			scratch(b, out[k], sizeof out[k], name);
			if (run_cmd(b, db, &cases[i], k, out[k], NULL) != 0) {
				printf("  %s: %s failed\n", cases[i].label, cmd_names[k]);
				return -1;
			}
		}
		for (int k = PEER; k < NCMD; k++) {
			char what[64];
			snprintf(what, sizeof what, "%s (%s):", cases[i].label, cmd_names[k]);
			if (compare(what, out[RAPPORT], out[k], k == PEER_FMT) != 0)
				rc = -1;
		}
		for (int k = 0; k < NCMD; k++)
			unlink(out[k]);
	}
	if (rc)
		b->mismatches++;
	return 0;
}

/* ---- timing -------------------------------------------------------------------- */

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, c = *(const double *)y;
	return (a > c) - (a < c);
}

static double median(const double *v, int n)
{
	double s[MAX_RUNS];
	memcpy(s, v, (size_t)n * sizeof *v);
	qsort(s, (size_t)n, sizeof *s, cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
}

static void print_load(const char *when)
{
	double l[3];
	if (getloadavg(l, 3) == 3)
		printf("load average %s: %.2f %.2f %.2f\n", when, l[0], l[1], l[2]);
}

static void usage(FILE *f)
{
	fputs("usage: bench_reports [-n RUNS] [-a ACCOUNTS] [-s SEED] [-t TODAY] [DB]\n"
	      "  -n RUNS      timed runs per command, the median is shown (default 7; 0: check only)\n"
	      "  -a ACCOUNTS  accounts in the demo portfolio built when DB is missing (default 100000)\n"
	      "  -s SEED      its seed (default 1)\n"
	      "  -t TODAY     RAPPORT_TODAY for the build and the reports (default 2025-06-30)\n"
	      "  DB           the database, built if missing and reused after (default\n"
	      "               /tmp/rapport-bench-cache/demo-aACCOUNTS-sSEED-tTODAY.db)\n"
	      "environment: RAPPORT_BIN (default src/rapport), SQLITE3 (default sqlite3)\n", f);
}

int main(int argc, char **argv)
{
	struct bench b;
	memset(&b, 0, sizeof b);
	long runs = 7, accounts = 100000, seed = 1;
	b.today = "2025-06-30";
	int opt;
	char *end;
	while ((opt = getopt(argc, argv, "n:a:s:t:h")) != -1) {
		switch (opt) {
		case 'n':
			runs = strtol(optarg, &end, 10);
			if (*end || runs < 0 || runs > MAX_RUNS) {
				fprintf(stderr, "bench_reports: -n: 0 to %d\n", MAX_RUNS);
				return 2;
			}
			break;
		case 'a':
			accounts = strtol(optarg, &end, 10);
			if (*end || accounts < 1) {
				fputs("bench_reports: -a: a positive number\n", stderr);
				return 2;
			}
			break;
		case 's':
			seed = strtol(optarg, &end, 10);
			if (*end || seed < 0) {
				fputs("bench_reports: -s: a number >= 0\n", stderr);
				return 2;
			}
			break;
		case 't':
			b.today = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind > 1) {
		usage(stderr);
		return 2;
	}
	long today;
	if (parse_day(b.today, &today) != 0) {
		fprintf(stderr, "bench_reports: -t %s: not a date YYYY-MM-DD\n", b.today);
		return 2;
	}
	civil_from_days(today - 364, b.since, sizeof b.since);
	b.rapport = getenv("RAPPORT_BIN") && *getenv("RAPPORT_BIN") ? getenv("RAPPORT_BIN") : "src/rapport";
	b.sqlite3 = getenv("SQLITE3") && *getenv("SQLITE3") ? getenv("SQLITE3") : "sqlite3";
	if (setenv("RAPPORT_TODAY", b.today, 1) != 0 || setenv("LC_ALL", "C", 1) != 0)
		return 1;
	unsetenv("RAPPORT_DB");
	setvbuf(stdout, NULL, _IOLBF, 0);

	char db[512];
	if (optind < argc) {
		snprintf(db, sizeof db, "%s", argv[optind]);
	} else {
		const char *cache = "/tmp/rapport-bench-cache";
		if (mkdir(cache, 0755) != 0 && errno != EEXIST) {
			fprintf(stderr, "bench_reports: %s: %s\n", cache, strerror(errno));
			return 1;
		}
		snprintf(db, sizeof db, "%s/demo-a%ld-s%ld-t%s.db", cache, accounts, seed, b.today);
	}

	snprintf(b.dir, sizeof b.dir, "/tmp/bench_reports.XXXXXX");
	if (!mkdtemp(b.dir)) {
		fprintf(stderr, "bench_reports: mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	scratch(&b, b.ini, sizeof b.ini, "empty.ini");
	FILE *f = fopen(b.ini, "w");
	if (!f || fclose(f) != 0) {
		fprintf(stderr, "bench_reports: %s: %s\n", b.ini, strerror(errno));
		return 1;
	}

	time_t t0 = time(NULL);
	char stamp[64];
	strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S %Z", localtime(&t0));
	printf("bench_reports %s: rapport %s, sqlite3 %s, RAPPORT_TODAY=%s\n", stamp, b.rapport,
	       b.sqlite3, b.today);
	char version[128];
	scratch(&b, version, sizeof version, "version.txt");
	char *vargv[] = { (char *)b.sqlite3, "-version", NULL };
	char *vtext = NULL;
	if (run(vargv, version, NULL) == 0 && (vtext = slurp(version, NULL)) != NULL) {
		vtext[strcspn(vtext, " \n")] = '\0';
		printf("sqlite3 shell version %s\n", vtext);
	}
	free(vtext);
	unlink(version);

	int status = 0;
	/* 1. the peers against rapport on a small portfolio */
	char small[128];
	scratch(&b, small, sizeof small, "small.db");
	printf("checking the peers on a 500-account demo database:\n");
	if (build_db(&b, small, 500, seed) != 0) {
		status = 1;
		goto done;
	}
	if (verify(&b, small, "small") != 0) {
		status = 1;
		goto done;
	}

	/* 2. the full portfolio, built once */
	if (access(db, F_OK) != 0) {
		printf("building %s (once; later runs reuse it) ...\n", db);
		if (build_db(&b, db, accounts, seed) != 0) {
			status = 1;
			goto done;
		}
		describe_db(&b, db, "built");
	} else {
		describe_db(&b, db, "reusing");
	}

	/* 3. warm-up run on it (page cache), doubling as the full-scale check */
	printf("warm-up run, checking the peers on the full database:\n");
	if (verify(&b, db, "full") != 0) {
		status = 1;
		goto done;
	}
	if (runs == 0)
		goto done;

	/* 4. timed runs, interleaved */
	static struct timing t[NCASES][NCMD][MAX_RUNS];
	print_load("before");
	printf("timing %ld runs of each (wall-clock, processes to /dev/null) ...\n", runs);
	for (long r = 0; r < runs; r++) {
		for (size_t i = 0; i < NCASES; i++) {
			for (int j = 0; j < NCMD; j++) {
				int k = r % 2 ? NCMD - 1 - j : j;
				if (run_cmd(&b, db, &cases[i], k, "/dev/null", &t[i][k][r]) != 0) {
					status = 1;
					goto done;
				}
			}
		}
	}
	print_load("after");

	printf("\nmedian of %ld runs, seconds (ratio = rapport / peer; <= 1.00 meets the target)\n", runs);
	printf("%-18s %9s %9s %7s %10s %9s %8s %8s\n", "report", "rapport", "peer", "ratio",
	       "peer-fmt", "ratio-fmt", "cpu-rap", "cpu-peer");
	for (size_t i = 0; i < NCASES; i++) {
		double wall[NCMD], cpu[NCMD], v[MAX_RUNS], c[MAX_RUNS];
		for (int k = 0; k < NCMD; k++) {
			for (long r = 0; r < runs; r++) {
				v[r] = t[i][k][r].wall;
				c[r] = t[i][k][r].cpu;
			}
			wall[k] = median(v, (int)runs);
			cpu[k] = median(c, (int)runs);
		}
		printf("%-18s %9.3f %9.3f %7.2f %10.3f %9.2f %8.3f %8.3f\n", cases[i].label,
		       wall[RAPPORT], wall[PEER], wall[RAPPORT] / wall[PEER], wall[PEER_FMT],
		       wall[RAPPORT] / wall[PEER_FMT], cpu[RAPPORT], cpu[PEER]);
	}

done:
	if (b.mismatches) {
		printf("\nWARNING: a peer's output differs from rapport's (see above): the timings "
		       "compare different figures\n");
		status = 1;
	}
	{
		char p[128];
		scratch(&b, p, sizeof p, "small.db");
		unlink(p);
		scratch(&b, p, sizeof p, "small.db.partial");
		unlink(p);
		unlink(b.ini);
		rmdir(b.dir);
	}
	return status;
}
