/* Check suite for src/config: defaults, every option, errors and warnings
 * with their lines, and silence (nothing on stderr). */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rapport/config.h"
#include "run_suite.h"

/* A temporary file holding text; the caller unlinks and frees the path. */
static char *write_ini(const char *text)
{
	char *path = strdup("/tmp/rapport-test-config-XXXXXX");
	ck_assert_ptr_nonnull(path);
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	size_t len = strlen(text);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

/* Load text over the defaults into cfg; returns config_load's result.  The
 * file's path goes to *pathp when given (caller frees), else it is freed. */
static int load_text(const char *text, struct rapport_config *cfg, char **warnings,
		     char *err, size_t errlen, char **pathp)
{
	char *path = write_ini(text);
	config_defaults(cfg);
	int rc = config_load(cfg, path, 1, warnings, err, errlen);
	unlink(path);
	if (pathp)
		*pathp = path;
	else
		free(path);
	return rc;
}

/* err must begin with "PATH:" followed by rest. */
static void assert_err_at(const char *err, const char *path, const char *rest)
{
	size_t n = strlen(path);
	ck_assert_msg(strncmp(err, path, n) == 0 && err[n] == ':', "error \"%s\" does not name %s", err, path);
	ck_assert_msg(strncmp(err + n + 1, rest, strlen(rest)) == 0,
		      "error \"%s\" does not continue with \"%s\"", err, rest);
}

static void assert_defaults(const struct rapport_config *c)
{
	ck_assert_int_eq(c->meeting_interval_days, 182);
	ck_assert_int_eq(c->due_soon_days, 30);
	ck_assert_int_eq(c->problem_days, 7);
	ck_assert_int_eq(c->project_feedback_days, 30);
	ck_assert_int_eq(c->has_margin_split, 0);
	ck_assert_int_eq(c->has_cost_split, 0);
	ck_assert_int_eq(c->progress, 1);
	ck_assert_int_eq(c->colors, 1);
	ck_assert_int_eq(c->nkeys, 0);
	ck_assert_ptr_nonnull(c->user_name);
	ck_assert_str_eq(c->me, "");
	ck_assert_str_eq(c->color_title, "white,blue");
	ck_assert_str_eq(c->color_status, "black,cyan");
	ck_assert_str_eq(c->color_select, "black,white");
	ck_assert_str_eq(c->color_good, "green,default");
	ck_assert_str_eq(c->color_bad, "red,default");
	static const char *const rules[] = { "detractors", "overdue", "aggressive",
					     "breakeven", "quadrant", "spectrum", "ladder" };
	ck_assert_int_eq(c->nreview_rules, 7);
	for (int i = 0; i < 7; i++)
		ck_assert_str_eq(c->review_rules[i], rules[i]);
}

START_TEST(test_defaults)
{
	struct rapport_config c;
	setenv("USER", "ann", 1);
	config_defaults(&c);
	assert_defaults(&c);
	ck_assert_ptr_null(c.path);
	ck_assert_str_eq(c.user_name, "ann");
	config_free(&c);
	config_free(&c);   /* freeing twice is harmless */

	unsetenv("USER");
	config_defaults(&c);
	ck_assert_str_eq(c.user_name, "unknown");
	config_free(&c);
}
END_TEST

START_TEST(test_missing_optional)
{
	struct rapport_config c;
	char err[256] = "x";
	char *warnings = (char *)"not touched";
	config_defaults(&c);
	ck_assert_int_eq(config_load(&c, "/tmp/rapport-test-no-such-dir/rapport.ini", 0,
				     &warnings, err, sizeof err), 0);
	ck_assert_ptr_null(warnings);
	ck_assert_ptr_null(c.path);
	assert_defaults(&c);
	config_free(&c);
}
END_TEST

START_TEST(test_missing_required)
{
	struct rapport_config c;
	char err[256];
	const char *path = "/tmp/rapport-test-no-such-dir/rapport.ini";
	config_defaults(&c);
	ck_assert_int_eq(config_load(&c, path, 1, NULL, err, sizeof err), -1);
	ck_assert_str_eq(err, "/tmp/rapport-test-no-such-dir/rapport.ini: No such file or directory");
	assert_defaults(&c);
	config_free(&c);
}
END_TEST

START_TEST(test_directory)
{
	struct rapport_config c;
	char err[256];
	config_defaults(&c);
	ck_assert_int_eq(config_load(&c, "/tmp", 0, NULL, err, sizeof err), -1);
	ck_assert_str_eq(err, "/tmp: Is a directory");
	config_free(&c);
}
END_TEST

START_TEST(test_every_option)
{
	struct rapport_config c;
	char err[256], *warnings = NULL, *path;
	int rc = load_text("; a comment\n"
			   "# another\n"
			   "[user]\n"
			   "name = Ann Smith  ; trailing comment\n"
			   "[roles]\n"
			   "meeting_interval_days = 90\n"
			   "due_soon_days = 0\n"
			   "problem_days = 3\n"
			   "project_feedback_days = 45\n"
			   "[grid]\n"
			   "margin_split = 1500.5\n"
			   "cost_split = -20\n"
			   "[import]\n"
			   "progress = off\n"
			   "[colors]\n"
			   "enabled = No\n"
			   "title = Yellow , Black\n"
			   "status = default,default\n"
			   "select = white,red\n"
			   "good = cyan,black\n"
			   "bad = magenta,white\n"
			   "[review]\n"
			   "rules = ladder, overdue\n"
			   "[keys]\n"
			   "search = ^F\n",
			   &c, &warnings, err, sizeof err, &path);
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_ptr_null(warnings);
	ck_assert_str_eq(c.path, path);
	ck_assert_str_eq(c.user_name, "Ann Smith");
	ck_assert_int_eq(c.meeting_interval_days, 90);
	ck_assert_int_eq(c.due_soon_days, 0);
	ck_assert_int_eq(c.problem_days, 3);
	ck_assert_int_eq(c.project_feedback_days, 45);
	ck_assert_int_eq(c.has_margin_split, 1);
	ck_assert_int_eq(c.margin_split, 150050);
	ck_assert_int_eq(c.has_cost_split, 1);
	ck_assert_int_eq(c.cost_split, -2000);
	ck_assert_int_eq(c.progress, 0);
	ck_assert_int_eq(c.colors, 0);
	ck_assert_str_eq(c.color_title, "yellow,black");
	ck_assert_str_eq(c.color_status, "default,default");
	ck_assert_str_eq(c.color_select, "white,red");
	ck_assert_str_eq(c.color_good, "cyan,black");
	ck_assert_str_eq(c.color_bad, "magenta,white");
	ck_assert_int_eq(c.nreview_rules, 2);
	ck_assert_str_eq(c.review_rules[0], "ladder");
	ck_assert_str_eq(c.review_rules[1], "overdue");
	ck_assert_int_eq(c.nkeys, 1);
	ck_assert_str_eq(c.keys[0].action, "search");
	ck_assert_str_eq(c.keys[0].key, "^F");
	ck_assert_int_eq(c.keys[0].line, 25);
	config_free(&c);
	free(path);
}
END_TEST

START_TEST(test_booleans_and_case)
{
	static const struct { const char *text; int value; } cases[] = {
		{ "yes", 1 }, { "no", 0 }, { "TRUE", 1 }, { "false", 0 },
		{ "1", 1 }, { "0", 0 }, { "On", 1 }, { "off", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rapport_config c;
		char text[128], err[256];
		snprintf(text, sizeof text, "[IMPORT]\nProgress = %s\n[Roles]\nDUE_SOON_DAYS=5\n",
			 cases[i].text);
		ck_assert_msg(load_text(text, &c, NULL, err, sizeof err, NULL) == 0, "%s", err);
		ck_assert_int_eq(c.progress, cases[i].value);
		ck_assert_int_eq(c.due_soon_days, 5);
		config_free(&c);
	}
}
END_TEST

START_TEST(test_empty_money_and_quotes)
{
	struct rapport_config c;
	char err[256];
	int rc = load_text("[grid]\nmargin_split =\ncost_split = \"\"\n"
			   "[keys]\nsearch = \";\"\nhelp = '#'\n[user]\nname = \"  Bo  \"\n",
			   &c, NULL, err, sizeof err, NULL);
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_int_eq(c.has_margin_split, 0);
	ck_assert_int_eq(c.has_cost_split, 0);
	ck_assert_int_eq(c.nkeys, 2);
	ck_assert_str_eq(c.keys[0].key, ";");
	ck_assert_str_eq(c.keys[1].key, "#");
	ck_assert_str_eq(c.user_name, "  Bo  ");
	config_free(&c);
}
END_TEST

START_TEST(test_syntax_error_line)
{
	struct rapport_config c;
	char err[256], *path;
	int rc = load_text("[roles]\ndue_soon_days = 3\n\nthis line is wrong\n[grid]\n",
			   &c, NULL, err, sizeof err, &path);
	ck_assert_int_eq(rc, -1);
	assert_err_at(err, path, "4: syntax error: \"this line is wrong\"");
	assert_defaults(&c);   /* a failed load changes nothing */
	config_free(&c);
	free(path);
}
END_TEST

/* Each bad value is reported at its line, naming section and key. */
START_TEST(test_bad_values)
{
	static const struct { const char *line; const char *expect; } cases[] = {
		{ "[roles]\nmeeting_interval_days = 0", "[roles] meeting_interval_days: " },
		{ "[roles]\nmeeting_interval_days = 3661", "[roles] meeting_interval_days: " },
		{ "[roles]\ndue_soon_days = 366", "[roles] due_soon_days: " },
		{ "[roles]\ndue_soon_days = -1", "[roles] due_soon_days: " },
		{ "[roles]\nproblem_days = 1e3", "[roles] problem_days: " },
		{ "[roles]\nproject_feedback_days = 7.5", "[roles] project_feedback_days: " },
		{ "[roles]\nproblem_days =", "[roles] problem_days: " },
		{ "[grid]\nmargin_split = 12.345", "[grid] margin_split: " },
		{ "[grid]\ncost_split = 1,000", "[grid] cost_split: " },
		{ "[import]\nprogress = maybe", "[import] progress: \"maybe\"" },
		{ "[colors]\nenabled = 2", "[colors] enabled: " },
		{ "[colors]\ntitle = pink,black", "[colors] title: \"pink,black\"" },
		{ "[colors]\ngood = green", "[colors] good: " },
		{ "[colors]\nbad = red,black,white", "[colors] bad: " },
		{ "[review]\nrules = overdue, bogus", "[review] rules: unknown rule \"bogus\"" },
		{ "[review]\nrules = overdue,,ladder", "[review] rules: empty rule name" },
		{ "[review]\nrules = ladder, LADDER", "[review] rules: rule \"LADDER\" listed twice" },
		{ "[keys]\nsearch =", "[keys] search: " },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rapport_config c;
		char text[256], err[512], *path;
		snprintf(text, sizeof text, "; rapport\n\n%s\n[user]\nname = x\n", cases[i].line);
		ck_assert_msg(load_text(text, &c, NULL, err, sizeof err, &path) == -1,
			      "accepted: %s", cases[i].line);
		char rest[256];
		snprintf(rest, sizeof rest, "4: %s", cases[i].expect);
		assert_err_at(err, path, rest);
		assert_defaults(&c);
		config_free(&c);
		free(path);
	}
}
END_TEST

START_TEST(test_unknown_warnings)
{
	struct rapport_config c;
	char err[256], *warnings = NULL, *path;
	int rc = load_text("stray = 1\n"
			   "[roles]\n"
			   "due_soon_days = 10\n"
			   "due_son_days = 11\n"
			   "[Sounds]\n"
			   "beep = yes\n"
			   "[colors]\n"
			   "title = red,black\n"
			   "Flash = no\n",
			   &c, &warnings, err, sizeof err, &path);
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_int_eq(c.due_soon_days, 10);
	ck_assert_str_eq(c.color_title, "red,black");
	ck_assert_ptr_nonnull(warnings);
	char *expect = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&expect, &len);
	fprintf(m, "%s:1: warning: unknown key 'stray' outside any section\n"
		"%s:4: warning: unknown key 'due_son_days' in [roles]\n"
		"%s:5: warning: unknown section [sounds]\n"
		"%s:9: warning: unknown key 'flash' in [colors]\n", path, path, path, path);
	fclose(m);
	ck_assert_str_eq(warnings, expect);
	free(expect);
	free(warnings);
	config_free(&c);
	free(path);
}
END_TEST

START_TEST(test_keys_in_order)
{
	struct rapport_config c;
	char err[256];
	int rc = load_text("[keys]\n"
			   "quit = Q\n"
			   "; comment\n"
			   "Search = /\n"
			   "\n"
			   "open = enter\n"
			   "[roles]\n"
			   "due_soon_days = 3\n"
			   "[keys]\n"
			   "help = F1\n"
			   "quit = x\n",
			   &c, NULL, err, sizeof err, NULL);
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_int_eq(c.nkeys, 4);   /* an action set twice: its last line counts */
	static const struct { const char *action, *key; int line; } want[] = {
		{ "search", "/", 4 }, { "open", "enter", 6 }, { "help", "F1", 10 }, { "quit", "x", 11 },
	};
	for (int i = 0; i < 4; i++) {
		ck_assert_str_eq(c.keys[i].action, want[i].action);
		ck_assert_str_eq(c.keys[i].key, want[i].key);
		ck_assert_int_eq(c.keys[i].line, want[i].line);
	}
	config_free(&c);
}
END_TEST

START_TEST(test_too_many_keys)
{
	char text[4096] = "[keys]\n";
	for (int i = 0; i <= CONFIG_MAX_KEYS; i++) {
		char line[32];
		snprintf(line, sizeof line, "a%d = x\n", i);
		strcat(text, line);
	}
	struct rapport_config c;
	char err[256], *path;
	ck_assert_int_eq(load_text(text, &c, NULL, err, sizeof err, &path), -1);
	char rest[64];
	snprintf(rest, sizeof rest, "%d: [keys] a%d: too many", CONFIG_MAX_KEYS + 2, CONFIG_MAX_KEYS);
	assert_err_at(err, path, rest);
	config_free(&c);
	free(path);
}
END_TEST

START_TEST(test_review_rules)
{
	struct rapport_config c;
	char err[256];
	int rc = load_text("[review]\nrules = Spectrum,quadrant , detractors\n",
			   &c, NULL, err, sizeof err, NULL);
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_int_eq(c.nreview_rules, 3);
	ck_assert_str_eq(c.review_rules[0], "spectrum");
	ck_assert_str_eq(c.review_rules[1], "quadrant");
	ck_assert_str_eq(c.review_rules[2], "detractors");
	config_free(&c);
}
END_TEST

/* A key set twice: the later line wins and its line is the one reported. */
START_TEST(test_repeated_key)
{
	struct rapport_config c;
	char err[256], *path;
	ck_assert_int_eq(load_text("[roles]\nproblem_days = 9\nproblem_days = 10\n",
				   &c, NULL, err, sizeof err, NULL), 0);
	ck_assert_int_eq(c.problem_days, 10);
	config_free(&c);
	ck_assert_int_eq(load_text("[roles]\nproblem_days = 0\n[grid]\n[roles]\nproblem_days = 999\n",
				   &c, NULL, err, sizeof err, &path), -1);
	assert_err_at(err, path, "5: [roles] problem_days: ");
	config_free(&c);
	free(path);
}
END_TEST

START_TEST(test_continuation_lines)
{
	struct rapport_config c;
	char err[256], *path;
	ck_assert_int_eq(load_text("[review]\nrules = ladder, \\\n   overdue\n[roles]\ndue_soon_days = 1\\\n000\n",
				   &c, NULL, err, sizeof err, &path), -1);
	assert_err_at(err, path, "5: [roles] due_soon_days: ");
	config_free(&c);
	free(path);
}
END_TEST

/* [user] me: a staff handle, "" when unset or empty; checked for UTF-8 and
 * control characters only (the roles screen looks the handle up). */
START_TEST(test_user_me)
{
	struct rapport_config c;
	char err[256], *warnings = NULL, *path;
	ck_assert_int_eq(load_text("[user]\nme = ann\n", &c, &warnings, err, sizeof err, NULL), 0);
	ck_assert_ptr_null(warnings);
	ck_assert_str_eq(c.me, "ann");
	/* a later file that does not set it keeps it; one that empties it clears it */
	char *over = write_ini("[roles]\ndue_soon_days = 4\n");
	ck_assert_int_eq(config_load(&c, over, 1, NULL, err, sizeof err), 0);
	ck_assert_str_eq(c.me, "ann");
	unlink(over);
	free(over);
	over = write_ini("[USER]\nMe =\n");
	ck_assert_int_eq(config_load(&c, over, 1, NULL, err, sizeof err), 0);
	ck_assert_str_eq(c.me, "");
	unlink(over);
	free(over);
	config_free(&c);

	ck_assert_int_eq(load_text("[user]\nme = \"Zoë M\"  ; quoted\n", &c, NULL, err, sizeof err, NULL), 0);
	ck_assert_str_eq(c.me, "Zoë M");
	config_free(&c);

	ck_assert_int_eq(load_text("[user]\nname = x\nme = \"a\tb\"\n", &c, NULL, err, sizeof err, &path), -1);
	assert_err_at(err, path, "3: [user] me: the handle contains a control character");
	ck_assert_str_eq(c.me, "");   /* unchanged */
	config_free(&c);
	free(path);

	ck_assert_int_eq(load_text("[user]\nme = \xff\xfe\n", &c, NULL, err, sizeof err, &path), -1);
	assert_err_at(err, path, "2: [user] me: the handle is not valid UTF-8");
	config_free(&c);
	free(path);
}
END_TEST

/* Loading over a loaded configuration keeps what the second file omits. */
START_TEST(test_load_over)
{
	struct rapport_config c;
	char err[256];
	ck_assert_int_eq(load_text("[roles]\nproblem_days = 9\n[keys]\nquit = x\n",
				   &c, NULL, err, sizeof err, NULL), 0);
	char *path = write_ini("[roles]\ndue_soon_days = 4\n[keys]\nhelp = h\nquit = y\n");
	ck_assert_int_eq(config_load(&c, path, 1, NULL, err, sizeof err), 0);
	ck_assert_int_eq(c.problem_days, 9);
	ck_assert_int_eq(c.due_soon_days, 4);
	ck_assert_int_eq(c.nkeys, 2);
	ck_assert_str_eq(c.keys[0].key, "y");
	ck_assert_str_eq(c.keys[1].action, "help");
	ck_assert_str_eq(c.path, path);
	unlink(path);
	free(path);
	config_free(&c);
}
END_TEST

/* Runs config_load with fd 2 sent to a file and asserts nothing arrived. */
static void assert_silent_load(const char *path, int required, int want_rc)
{
	char errfile[] = "/tmp/rapport-test-stderr-XXXXXX";
	int fd = mkstemp(errfile);
	ck_assert_int_ge(fd, 0);
	fflush(stderr);
	int saved = dup(2);
	dup2(fd, 2);
	struct rapport_config c;
	char err[256], *warnings = NULL;
	config_defaults(&c);
	int rc = config_load(&c, path, required, &warnings, err, sizeof err);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	struct stat st;
	ck_assert_int_eq(fstat(fd, &st), 0);
	close(fd);
	unlink(errfile);
	ck_assert_int_eq(rc, want_rc);
	ck_assert_msg(st.st_size == 0, "config_load wrote %ld bytes to stderr", (long)st.st_size);
	free(warnings);
	config_free(&c);
}

START_TEST(test_silent)
{
	char *bad = write_ini("[roles]\nno equals sign here\nalso bad\n[x\n");
	char *odd = write_ini("[nowhere]\na = 1\n[roles]\nb = 2\n");
	char *val = write_ini("[roles]\ndue_soon_days = lots\n");
	assert_silent_load(bad, 1, -1);
	assert_silent_load(odd, 1, 0);
	assert_silent_load(val, 1, -1);
	assert_silent_load("/tmp/rapport-test-no-such-dir/x.ini", 1, -1);
	assert_silent_load("/tmp/rapport-test-no-such-dir/x.ini", 0, 0);
	unlink(bad);
	unlink(odd);
	unlink(val);
	free(bad);
	free(odd);
	free(val);
}
END_TEST

START_TEST(test_syntax_error_first_of_several)
{
	struct rapport_config c;
	char err[256], *path;
	ck_assert_int_eq(load_text("[roles]\n\n\nfirst bad\nsecond bad\n", &c, NULL, err, sizeof err, &path), -1);
	assert_err_at(err, path, "4: syntax error: ");
	config_free(&c);
	free(path);
}
END_TEST

START_TEST(test_syntax_error_kinds)
{
	struct rapport_config c;
	char err[256], *path;
	ck_assert_int_eq(load_text("[roles]\n[grid\n", &c, NULL, err, sizeof err, &path), -1);
	assert_err_at(err, path, "2: syntax error: \"[grid\" lacks the closing ']'");
	config_free(&c);
	free(path);

	char text[3000] = "[user]\n\nname = ";
	memset(text + strlen(text), 'x', 2000);
	ck_assert_int_eq(load_text(text, &c, NULL, err, sizeof err, &path), -1);
	assert_err_at(err, path, "3: syntax error: line too long");
	config_free(&c);
	free(path);
}
END_TEST

/* The shipped share/rapport.ini is clean and states the defaults. */
START_TEST(test_shipped_file)
{
	const char *srcdir = getenv("RAPPORT_SRCDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/share/rapport.ini", srcdir ? srcdir : ".");
	struct rapport_config c;
	char err[256], *warnings = NULL;
	config_defaults(&c);
	int rc = config_load(&c, path, 1, &warnings, err, sizeof err);
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_msg(warnings == NULL, "%s", warnings);
	assert_defaults(&c);
	config_free(&c);
}
END_TEST

START_TEST(test_default_path)
{
	setenv("XDG_CONFIG_HOME", "/xdg/conf", 1);
	char *p = config_default_path();
	ck_assert_str_eq(p, "/xdg/conf/rapport/rapport.ini");
	free(p);

	setenv("HOME", "/home/ann", 1);
	unsetenv("XDG_CONFIG_HOME");
	p = config_default_path();
	ck_assert_str_eq(p, "/home/ann/.config/rapport/rapport.ini");
	free(p);

	setenv("XDG_CONFIG_HOME", "relative/ignored", 1);
	p = config_default_path();
	ck_assert_str_eq(p, "/home/ann/.config/rapport/rapport.ini");
	free(p);
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("load");
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_missing_optional);
	tcase_add_test(tc, test_missing_required);
	tcase_add_test(tc, test_directory);
	tcase_add_test(tc, test_every_option);
	tcase_add_test(tc, test_booleans_and_case);
	tcase_add_test(tc, test_empty_money_and_quotes);
	tcase_add_test(tc, test_syntax_error_line);
	tcase_add_test(tc, test_syntax_error_first_of_several);
	tcase_add_test(tc, test_syntax_error_kinds);
	tcase_add_test(tc, test_bad_values);
	tcase_add_test(tc, test_unknown_warnings);
	tcase_add_test(tc, test_keys_in_order);
	tcase_add_test(tc, test_too_many_keys);
	tcase_add_test(tc, test_review_rules);
	tcase_add_test(tc, test_repeated_key);
	tcase_add_test(tc, test_continuation_lines);
	tcase_add_test(tc, test_user_me);
	tcase_add_test(tc, test_load_over);
	tcase_add_test(tc, test_silent);
	tcase_add_test(tc, test_shipped_file);
	tcase_add_test(tc, test_default_path);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(config_suite());
}
