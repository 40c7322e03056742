/* Argument parsing and the subcommands.  Every command opens the store,
 * does its work through the core and io modules, and maps failures to the
 * exit statuses of SPEC.md; messages go to stderr, results to stdout. */
#include "config.h"

#include "rapport/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rapport/analytics.h"
#include "rapport/config.h"
#include "rapport/demo.h"
#include "rapport/export.h"
#include "rapport/import.h"
#include "rapport/kinds.h"
#include "rapport/ladderview.h"
#include "rapport/report.h"
#include "rapport/store.h"
#include "rapport/sync.h"
#include "rapport/tui.h"
#include "rapport/util.h"
#include "rapport/values.h"

enum { EXIT_OK = 0, EXIT_BAD = 1, EXIT_USAGE = 2 };

struct app {
	const char *db_opt;            /* -d as given, or NULL */
	const char *config_opt;        /* -c as given, or NULL */
	char *db_path;                 /* resolved database path */
	struct rapport_config cfg;
	struct store *store;
};

static const char usage_text[] =
	"Usage: rapport [-d FILE] [-c FILE] [COMMAND [ARGS]]\n"
	"\n"
	"A keyboard-driven CRM workstation for B2B account managers.\n"
	"\n"
	"Options (before the command):\n"
	"  -d, --db FILE       the database (default $RAPPORT_DB, else\n"
	"                      $XDG_DATA_HOME/rapport/rapport.db, else\n"
	"                      ~/.local/share/rapport/rapport.db); created on first use\n"
	"  -c, --config FILE   the INI file (default $XDG_CONFIG_HOME/rapport/rapport.ini,\n"
	"                      else ~/.config/rapport/rapport.ini)\n"
	"  -h, --help          this help\n"
	"  -V, --version       the version\n"
	"\n"
	"Commands:\n"
	"  (none)                         the full-screen interface (a summary when not a terminal)\n"
	"  demo [--accounts N] [--seed S] fill an empty database with a sample portfolio\n"
	"  import KIND FILE [--dry-run]   load a CSV file (- = stdin); all rows or none\n"
	"  export KIND [--format csv|json]\n"
	"                                 write a table in the columns import takes\n"
	"  report NAME [--by FIELD] [--since DATE] [--until DATE] [--format text|csv|json]\n"
	"                                 NAME: nps grid whale ladder spectrum wallet roles overdue\n"
	"                                 minutes (of review meetings) conflicts (of sync)\n"
	"  check                          integrity check and schema version\n"
	"  backup FILE                    an online, consistent copy of the database\n"
	"  sync push HUB                  send this database's changes to a team hub file\n"
	"  sync pull HUB                  apply the team's changes from a hub file\n"
	"\n"
	"KIND: accounts contacts staff roles nps financials activities rates meetings\n"
	"      projects problems (export also: decisions action_items notes)\n"
	"\n"
	"Exit status: 0 success, 1 bad input or refused operation, 2 usage error.\n"
	"See rapport(1) and rapport.ini(5).\n";

/* Print a message to stderr with every control character but the line
 * breaks shown as '?': messages quote file names, column names and
 * arguments, which may hold terminal escape sequences; they must reach the
 * terminal inert. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		va_end(ap2);
		return;
	}
	char *text = xmalloc((size_t)n + 1);
	vsnprintf(text, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	struct strbuf b = { 0 };
	for (char *line = text, *nl; line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		text_inert(&b, line);
		if (nl)
			sb_putc(&b, '\n');
	}
	if (b.s)
		fputs(b.s, stderr);
	sb_free(&b);
	free(text);
}

static int usage_error(const char *fmt, const char *arg)
{
	char *m = xasprintf(fmt, arg);
	say("rapport: %s\nTry 'rapport --help'.\n", m);
	free(m);
	return EXIT_USAGE;
}

/* getopt found a bad option (opterr is off: its own message would echo
 * the argument raw): name it, inert, and say where to look.  argv[0] is
 * "rapport" or "rapport COMMAND". */
static int usage_hint(char **argv)
{
	const char *bad = optind > 0 ? argv[optind - 1] : "";
	say("%s: unknown option '%s', or it lacks its value\nTry 'rapport --help'.\n", argv[0], bad);
	return EXIT_USAGE;
}

/* mkdir -p of the directory part of path, mode 0700 for what it creates. */
static int make_parent_dirs(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				say("rapport: %s: %s\n", dir, strerror(errno));
				free(dir);
				return -1;
			}
			*p = c;
			if (!c)
				break;
		}
	}
	free(dir);
	return 0;
}

static char *default_db_path(void)
{
	const char *env = getenv("RAPPORT_DB");
	if (env && *env)
		return xstrdup(env);
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg)
		return xasprintf("%s/rapport/rapport.db", xdg);
	const char *home = getenv("HOME");
	return xasprintf("%s/.local/share/rapport/rapport.db", home && *home ? home : ".");
}

static int load_config(struct app *app)
{
	char err[512];
	char *warnings = NULL;
	char *path = app->config_opt ? xstrdup(app->config_opt) : config_default_path();
	int rc = config_load(&app->cfg, path, app->config_opt != NULL, &warnings, err, sizeof err);
	if (warnings) {
		say("%s", warnings);
		free(warnings);
	}
	free(path);
	if (rc != 0) {
		say("rapport: %s\n", err);
		return -1;
	}
	return 0;
}

/* Open the database; create it (and its directory) when create is set. */
static int open_store(struct app *app, int create)
{
	char err[512];
	app->db_path = app->db_opt ? xstrdup(app->db_opt) : default_db_path();
	if (create && !app->db_opt && access(app->db_path, F_OK) != 0 &&
	    make_parent_dirs(app->db_path) != 0)
		return -1;
	app->store = store_open(app->db_path, create ? STORE_CREATE : 0, err, sizeof err);
	if (!app->store) {
		say("rapport: %s\n", err);
		return -1;
	}
	/* a command waits out another process's import rather than fail
	 * (the interface keeps the store's shorter wait: see cmd_summary) */
	store_busy_wait(app->store, 60000);
	return 0;
}

static int parse_long(const char *s, long lo, long hi, long *out, const char *what)
{
	char err[VALUE_ERR_MAX];
	if (value_int_range(s, lo, hi, out, err, sizeof err) != 0) {
		say("rapport: %s: %s\nTry 'rapport --help'.\n", what, err);
		return -1;
	}
	return 0;
}

/* ---- subcommands ---------------------------------------------------------- */

/* No command: the interface on a terminal, else a plain summary. */
static int cmd_summary(struct app *app)
{
	if (open_store(app, 1) != 0)
		return EXIT_BAD;
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		char err[256];
		store_busy_wait(app->store, 5000);   /* a frozen screen is worse than a message */
		if (tui_run(app->store, &app->cfg, app->db_path, err, sizeof err) != 0) {
			say("rapport: %s\n", err);
			return EXIT_BAD;
		}
		return EXIT_OK;
	}
	struct store *s = app->store;
	printf("Rapport %s: %s\n", PACKAGE_VERSION, app->db_path);
	static const char *const tables[] = { "accounts", "contacts", "staff", "roles", "nps",
		"financials", "activities", "rates", "meetings", "projects", "problems", "notes", NULL };
	for (int i = 0; tables[i]; i++)
		printf("  %-12s %10lld\n", tables[i], store_count(s, tables[i]));
	if (store_count(s, "accounts") == 0)
		printf("\nThe database is empty: try 'rapport demo' or 'rapport import accounts FILE'.\n");
	else
		printf("\nReports: rapport report nps|grid|whale|ladder|spectrum|wallet|roles|overdue\n");
	return EXIT_OK;
}

static int cmd_demo(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "accounts", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	long accounts = 250, seed = 1;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_long(optarg, 1, 10000000, &accounts, "--accounts") != 0)
				return EXIT_USAGE;
			break;
		case 's':
			if (parse_long(optarg, 0, 2147483647L, &seed, "--seed") != 0)
				return EXIT_USAGE;
			break;
		case 'h':
			fputs("Usage: rapport demo [--accounts N] [--seed S]\n"
			      "Fill an empty database with a deterministic sample portfolio (default 250 accounts).\n", stdout);
			return EXIT_OK;
		default:
			return usage_hint(argv);
		}
	}
	if (optind != argc)
		return usage_error("demo: unexpected argument '%s'", argv[optind]);
	if (open_store(app, 1) != 0)
		return EXIT_BAD;
	char err[512];
	if (demo_generate(app->store, accounts, (unsigned long long)seed,
			  app->cfg.progress && isatty(2), err, sizeof err) != 0) {
		say("rapport: demo: %s\n", err);
		return EXIT_BAD;
	}
	/* a fresh portfolio: fill the derived caches now (a few seconds at
	 * 100k accounts), so that the first screens opened on it are quick */
	profit_cache_refresh(app->store);
	nps_cache_refresh(app->store);
	roles_cache_end(app->store, roles_cache_begin(app->store, &app->cfg));
	struct spectrum_spread spread;
	(void)spectrum_spread_count(app->store, &spread, err, sizeof err);
	printf("demo: %ld accounts written to %s\n", accounts, app->db_path);
	return EXIT_OK;
}

static const struct kind *find_kind(const char *cmd, const char *name)
{
	const struct kind *k = kind_find(name);
	if (!k)
		say("rapport: %s: unknown kind '%s' (one of: %s)\nTry 'rapport --help'.\n",
			cmd, name, kind_names());
	return k;
}

static int cmd_import(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct import_opts io = { 0 };
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': io.dry_run = 1; break;
		case 'h':
			printf("Usage: rapport import KIND FILE [--dry-run]\nKIND: %s\n"
			       "FILE '-' reads standard input.  All rows or none are imported.\n", kind_names());
			return EXIT_OK;
		default: return usage_hint(argv);
		}
	}
	if (argc - optind != 2)
		return usage_error("%s", "import: expected KIND and FILE");
	const struct kind *k = find_kind("import", argv[optind]);
	if (!k)
		return EXIT_USAGE;
	if (open_store(app, 1) != 0)
		return EXIT_BAD;
	io.progress = app->cfg.progress && isatty(2);
	struct import_result res;
	char err[1024];
	const char *file = argv[optind + 1];
	if (import_file(app->store, &app->cfg, k, file, &io, &res, err, sizeof err) != 0) {
		say("%s\n", err);
		say("rapport: import %s: nothing was imported\n", k->name);
		return EXIT_BAD;
	}
	printf("%s %lld %s row%s from %s: %lld new, %lld changed, %lld unchanged\n",
	       io.dry_run ? "checked" : "imported", res.rows, k->name, res.rows == 1 ? "" : "s",
	       strcmp(file, "-") ? file : "<stdin>", res.inserted, res.updated, res.unchanged);
	if (io.dry_run)
		printf("dry run: nothing was written\n");
	return EXIT_OK;
}

static int cmd_export(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	enum export_format fmt = EXPORT_CSV;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "csv") == 0)
				fmt = EXPORT_CSV;
			else if (strcmp(optarg, "json") == 0)
				fmt = EXPORT_JSON;
			else
				return usage_error("export: unknown format '%s' (csv or json)", optarg);
			break;
		case 'h':
			printf("Usage: rapport export KIND [--format csv|json]\nKIND: %s,\n"
			       "      decisions, action_items, notes\n", kind_names());
			return EXIT_OK;
		default: return usage_hint(argv);
		}
	}
	if (argc - optind != 1)
		return usage_error("%s", "export: expected KIND");
	/* export also writes the records made on screen (decisions and action
	 * items of review meetings, notes): kind_find_any */
	const struct kind *k = kind_find_any(argv[optind]);
	if (!k) {
		say("rapport: export: unknown kind '%s' (one of: %s, decisions, action_items,"
			" notes)\nTry 'rapport --help'.\n", argv[optind], kind_names());
		return EXIT_USAGE;
	}
	if (open_store(app, 1) != 0)
		return EXIT_BAD;
	char err[512];
	if (export_kind(app->store, k, fmt, stdout, err, sizeof err) != 0) {
		say("rapport: export %s: %s\n", k->name, err);
		return EXIT_BAD;
	}
	return EXIT_OK;
}

static int cmd_report(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *by = NULL, *since = NULL, *until = NULL, *format = "text";
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'b': by = optarg; break;
		case 's': since = optarg; break;
		case 'u': until = optarg; break;
		case 'f': format = optarg; break;
		case 'h':
			fputs("Usage: rapport report NAME [--by FIELD] [--since DATE] [--until DATE]"
			      " [--format text|csv|json]\n"
			      "NAME: nps grid whale ladder spectrum wallet roles overdue minutes\n"
			      "--by (nps): account segment owner month survey\n", stdout);
			return EXIT_OK;
		default: return usage_hint(argv);
		}
	}
	if (argc - optind != 1)
		return usage_error("%s", "report: expected a report NAME");
	/* an unknown report is a usage error like an unknown command (2);
	 * bad option values are bad input (1, from report_run) */
	int known = 0;
	for (int i = 0; report_names[i]; i++)
		known |= strcmp(argv[optind], report_names[i]) == 0;
	if (!known)
		return usage_error("report: unknown report '%s' (one of nps, grid, whale, ladder, roles,"
				   " overdue, wallet, spectrum, minutes)", argv[optind]);
	if (open_store(app, 1) != 0)
		return EXIT_BAD;
	char err[512];
	if (report_run(app->store, &app->cfg, argv[optind], by, since, until, format, stdout,
		       err, sizeof err) != 0) {
		say("rapport: report: %s\n", err);
		return EXIT_BAD;
	}
	return EXIT_OK;
}

static int cmd_check(struct app *app, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return usage_error("check: unexpected argument '%s'", argv[1]);
	if (open_store(app, 0) != 0)
		return EXIT_BAD;
	char err[512];
	printf("database: %s\n", app->db_path);
	if (store_check(app->store, stdout, err, sizeof err) != 0) {
		if (err[0])
			say("rapport: check: %s\n", err);
		say("rapport: check: %s is not sound\n", app->db_path);
		return EXIT_BAD;
	}
	return EXIT_OK;
}

static int cmd_backup(struct app *app, int argc, char **argv)
{
	if (argc != 2)
		return usage_error("%s", "backup: expected FILE");
	if (open_store(app, 0) != 0)
		return EXIT_BAD;
	char err[512];
	if (store_backup(app->store, argv[1], err, sizeof err) != 0) {
		say("rapport: backup: %s\n", err);
		return EXIT_BAD;
	}
	printf("backup of %s written to %s\n", app->db_path, argv[1]);
	return EXIT_OK;
}

/* sync push HUB | sync pull HUB */
static int cmd_sync(struct app *app, int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "push") && strcmp(argv[1], "pull")))
		return usage_error("%s", "sync: expected 'push HUB' or 'pull HUB'");
	int push = strcmp(argv[1], "push") == 0;
	const char *hub = argv[2];
	struct stat sb;
	/* a missing hub on pull: refuse before creating a database */
	if (!push && stat(hub, &sb) != 0) {
		fprintf(stderr, "rapport: sync pull: %s: no such hub (%s); nothing was changed\n",
			hub, strerror(errno));
		return EXIT_BAD;
	}
	char *path = app->db_opt ? xstrdup(app->db_opt) : default_db_path();
	int fresh = access(path, F_OK) != 0;
	free(path);
	if (open_store(app, !push) != 0)
		return EXIT_BAD;
	char err[600];
	struct sync_stats st;
	int rc = push ? sync_push(app->store, hub, &st, err, sizeof err)
		      : sync_pull(app->store, hub, &st, err, sizeof err);
	if (rc != 0) {
		fprintf(stderr, "rapport: sync %s: %s\n", argv[1], err);
		if (fresh && !push) {
			/* the database this pull created, empty: gone again */
			store_close(app->store);
			app->store = NULL;
			static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
			for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
				char *f = xasprintf("%s%s", app->db_path, ext[i]);
				unlink(f);
				free(f);
			}
		}
		return EXIT_BAD;
	}
	if (push)
		printf("sync push: %lld change%s sent to %s%s\n", st.changes, st.changes == 1 ? "" : "s",
		       hub, st.changes ? "" : " (nothing new)");
	else
		printf("sync pull: %lld entr%s from %s, %lld change%s applied, %lld conflict%s%s\n",
		       st.entries, st.entries == 1 ? "y" : "ies", hub, st.applied,
		       st.applied == 1 ? "" : "s", st.conflicts, st.conflicts == 1 ? "" : "s",
		       st.conflicts ? " (see 'rapport report conflicts')" : "");
	return EXIT_OK;
}

struct command {
	const char *name;
	int (*run)(struct app *, int, char **);
};

static const struct command commands[] = {
	{ "demo", cmd_demo },
	{ "import", cmd_import },
	{ "export", cmd_export },
	{ "report", cmd_report },
	{ "check", cmd_check },
	{ "backup", cmd_backup },
	{ "sync", cmd_sync },
};

int cli_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0, 0, 0, 0 },
	};
	struct app app = { 0 };
	int c;
	/* A file size limit (ulimit -f) makes a write fail like a full disk:
	 * the transaction rolls back and the user gets a message, instead of
	 * the process dying on SIGXFSZ. */
	signal(SIGXFSZ, SIG_IGN);
	opterr = 0;   /* bad options are reported by usage_hint */
	/* '+': stop at the command; its own options are parsed by it */
	while ((c = getopt_long(argc, argv, "+d:c:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': app.db_opt = optarg; break;
		case 'c': app.config_opt = optarg; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		case 'V': printf("rapport %s\n", PACKAGE_VERSION); return EXIT_OK;
		default: {
			char *save = argv[0];
			argv[0] = (char *)"rapport";
			int rc = usage_hint(argv);
			argv[0] = save;
			return rc;
		}
		}
	}
	const struct command *cmd = NULL;
	if (optind < argc) {
		for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
			if (strcmp(argv[optind], commands[i].name) == 0)
				cmd = &commands[i];
		if (!cmd)
			return usage_error("unknown command '%s'", argv[optind]);
	}
	config_defaults(&app.cfg);
	int rc;
	if (load_config(&app) != 0) {
		rc = EXIT_BAD;
	} else if (cmd) {
		int sub_argc = argc - optind;
		char **sub_argv = argv + optind;
		/* getopt names argv[0] in its messages: "rapport import: ..." */
		char *name = xasprintf("rapport %s", sub_argv[0]);
		sub_argv[0] = name;
		optind = 0; /* glibc: full re-initialisation for the command's own options */
		rc = cmd->run(&app, sub_argc, sub_argv);
		free(name);
	} else {
		rc = cmd_summary(&app);
	}
	if (fflush(stdout) != 0 && rc == EXIT_OK) {
		say("rapport: write error: %s\n", strerror(errno));
		rc = EXIT_BAD;
	}
	store_close(app.store);
	config_free(&app.cfg);
	free(app.db_path);
	return rc;
}
