#ifndef RAPPORT_CONFIG_H
#define RAPPORT_CONFIG_H
/* The INI configuration (rapport.ini(5)), loaded through one table of
 * options into one struct.  Every option has a default, so a missing
 * default file gives a complete, valid configuration. */
#include <stddef.h>
#include <stdint.h>

#define CONFIG_MAX_KEYS 64
#define CONFIG_MAX_RULES 16

struct config_key {          /* one [keys] entry: action = key */
	char *action;        /* action name as written, e.g. "search" */
	char *key;           /* key spec as written, e.g. "/", "^F", "F5", "enter" */
	int line;            /* line in the file, for later validation messages */
};

struct rapport_config {
	char *path;                      /* file loaded, NULL when none */

	/* [user] */
	char *user_name;                 /* name recorded as "who" in the audit log; default $USER */
	char *me;                        /* staff handle the roles screen opens on ("My
					    accounts"); "" = none (never NULL once loaded) */

	/* [roles] */
	int meeting_interval_days;       /* relationship meeting due after last + this; 182 */
	int due_soon_days;               /* "due" when due <= today + this; 30 */
	int problem_days;                /* problem due = opened + this unless given; 7 */
	int project_feedback_days;       /* feedback due = finished + this; 30 */

	/* [grid] */
	int has_margin_split;            /* 1 when margin_split is set */
	int64_t margin_split;            /* cents; else the median is used */
	int has_cost_split;
	int64_t cost_split;              /* cents */

	/* [import] */
	int progress;                    /* show progress on a terminal: 1 (default) or 0 */

	/* [keys] */
	struct config_key keys[CONFIG_MAX_KEYS];
	int nkeys;

	/* [colors] */
	int colors;                      /* 1 = use colours when the terminal has them (default) */
	char *color_title;               /* "fg,bg" pairs, colour names as in curses */
	char *color_status;
	char *color_select;
	char *color_good;
	char *color_bad;

	/* [review] */
	char *review_rules[CONFIG_MAX_RULES]; /* rule names in agenda order */
	int nreview_rules;
};

/* Fill cfg with the defaults (no file). */
void config_defaults(struct rapport_config *cfg);

/* Load path over the defaults.  When required is 0 a missing file is fine
 * (cfg keeps the defaults).  Returns 0 on success; -1 on a missing required
 * file, an INI syntax error or a bad value, with "FILE:LINE: message" in err.
 * Unknown sections and keys are not errors: each adds a line
 * "FILE:LINE: warning: unknown key 'x' in [s]" to warnings (caller frees
 * *warnings; NULL when none).  Nothing is printed. */
int config_load(struct rapport_config *cfg, const char *path, int required,
		char **warnings, char *err, size_t errlen);

/* The default path: $XDG_CONFIG_HOME/rapport/rapport.ini, else
 * ~/.config/rapport/rapport.ini.  Caller frees. */
char *config_default_path(void);

void config_free(struct rapport_config *cfg);

#endif
