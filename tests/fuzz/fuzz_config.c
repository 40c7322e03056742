/* libFuzzer harness: the INI loader (src/config/config.c over iniparser).
 *
 * Input: any bytes, the contents of a rapport.ini.  config_load reads a
 * path, so the bytes go into a memfd opened by its /proc/self/fd name.
 * Checked: config_load returns 0 or -1; -1 names the file in its message
 * and leaves the configuration as it was (the defaults here); 0 gives a
 * configuration whose values are in their documented ranges, and every
 * warning line names the file; and loading the same file again over that
 * configuration (config.h: "the file's options go over it") succeeds and
 * changes nothing.  The configuration is freed every time, so
 * LeakSanitizer sees any leak on either path. */
#define _GNU_SOURCE
#include "rapport/config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define REQUIRE(cond)                                                                   \
	do {                                                                            \
		if (!(cond)) {                                                          \
			fprintf(stderr, "fuzz_config: %s:%d: %s\n", __FILE__, __LINE__, \
				#cond);                                                 \
			abort();                                                        \
		}                                                                       \
	} while (0)

static int memfd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("USER", "fuzz", 1);  /* [user] name's default */
	memfd = memfd_create("fuzz_config", 0);
	if (memfd < 0) {
		perror("fuzz_config: memfd_create");
		exit(1);
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", memfd);
	return 0;
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Loading the file a second time over cfg changes nothing. */
static void check_reload(const struct rapport_config *cfg)
{
	struct rapport_config again;
	config_defaults(&again);
	char err[512];
	REQUIRE(config_load(&again, path, 1, NULL, err, sizeof err) == 0);
	REQUIRE(config_load(&again, path, 1, NULL, err, sizeof err) == 0);
	REQUIRE(same_str(again.path, cfg->path) && same_str(again.user_name, cfg->user_name) &&
		same_str(again.me, cfg->me));
	REQUIRE(again.meeting_interval_days == cfg->meeting_interval_days &&
		again.due_soon_days == cfg->due_soon_days &&
		again.problem_days == cfg->problem_days &&
		again.project_feedback_days == cfg->project_feedback_days);
	REQUIRE(again.has_margin_split == cfg->has_margin_split &&
		again.margin_split == cfg->margin_split &&
		again.has_cost_split == cfg->has_cost_split && again.cost_split == cfg->cost_split);
	REQUIRE(again.progress == cfg->progress && again.colors == cfg->colors);
	REQUIRE(same_str(again.color_title, cfg->color_title) &&
		same_str(again.color_status, cfg->color_status) &&
		same_str(again.color_select, cfg->color_select) &&
		same_str(again.color_good, cfg->color_good) &&
		same_str(again.color_bad, cfg->color_bad));
	REQUIRE(again.nkeys == cfg->nkeys);
	for (int i = 0; i < cfg->nkeys; i++)
		REQUIRE(same_str(again.keys[i].action, cfg->keys[i].action) &&
			same_str(again.keys[i].key, cfg->keys[i].key) &&
			again.keys[i].line == cfg->keys[i].line);
	REQUIRE(again.nreview_rules == cfg->nreview_rules);
	for (int i = 0; i < cfg->nreview_rules; i++)
		REQUIRE(same_str(again.review_rules[i], cfg->review_rules[i]));
	config_free(&again);
}

static int nonempty(const char *s)
{
	return s && *s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	REQUIRE(ftruncate(memfd, 0) == 0);
	REQUIRE(size == 0 || pwrite(memfd, data, size, 0) == (ssize_t)size);

	struct rapport_config cfg;
	config_defaults(&cfg);
	struct rapport_config def = cfg;  /* shallow: scalars to compare */
	char *warnings = (char *)1;
	char err[512];
	err[0] = '\0';
	int rc = config_load(&cfg, path, 1, &warnings, err, sizeof err);
	REQUIRE(rc == 0 || rc == -1);
	if (rc < 0) {
		REQUIRE(strncmp(err, path, strlen(path)) == 0);
		REQUIRE(cfg.path == NULL);
		REQUIRE(cfg.due_soon_days == def.due_soon_days && cfg.nkeys == 0);
	} else {
		REQUIRE(cfg.path && strcmp(cfg.path, path) == 0);
		REQUIRE(cfg.user_name && cfg.me);
		REQUIRE(cfg.meeting_interval_days >= 1 && cfg.meeting_interval_days <= 3660);
		REQUIRE(cfg.due_soon_days >= 0 && cfg.due_soon_days <= 365);
		REQUIRE(cfg.problem_days >= 1 && cfg.problem_days <= 365);
		REQUIRE(cfg.project_feedback_days >= 1 && cfg.project_feedback_days <= 365);
		/* the splits may be negative (share/rapport.ini) */
		REQUIRE(cfg.has_margin_split || cfg.margin_split == 0);
		REQUIRE(cfg.has_cost_split || cfg.cost_split == 0);
		REQUIRE(cfg.progress == 0 || cfg.progress == 1);
		REQUIRE(cfg.colors == 0 || cfg.colors == 1);
		REQUIRE(cfg.nkeys >= 0 && cfg.nkeys <= CONFIG_MAX_KEYS);
		for (int i = 0; i < cfg.nkeys; i++)
			REQUIRE(nonempty(cfg.keys[i].action) && cfg.keys[i].key &&
				cfg.keys[i].line >= 1);
		REQUIRE(nonempty(cfg.color_title) && nonempty(cfg.color_status) &&
			nonempty(cfg.color_select) && nonempty(cfg.color_good) &&
			nonempty(cfg.color_bad));
		REQUIRE(cfg.nreview_rules >= 0 && cfg.nreview_rules <= CONFIG_MAX_RULES);
		for (int i = 0; i < cfg.nreview_rules; i++)
			REQUIRE(nonempty(cfg.review_rules[i]));
		if (warnings) {
			/* one or more "PATH:LINE: warning: ..." lines */
			for (const char *w = warnings; *w;) {
				REQUIRE(strncmp(w, path, strlen(path)) == 0);
				const char *nl = strchr(w, '\n');
				w = nl ? nl + 1 : w + strlen(w);
			}
		}
	}
	if (rc == 0)
		check_reload(&cfg);
	REQUIRE(warnings != (char *)1);
	free(warnings);
	config_free(&cfg);
	return 0;
}
