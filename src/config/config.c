/* The INI configuration (see config.h and rapport.ini(5)).
 *
 * One table, options[], names every option once: its section, key, parser
 * (handler), field and default.  Defaults go through the same handlers as the
 * file's values, so they cannot drift from what the file accepts.  Loading
 * is three steps: scan the file once for the line of every section and key
 * (iniparser keeps no line numbers), load it with iniparser (its messages
 * captured, never printed), then validate each key the scan found against
 * the table, stopping at the first bad value.  Nothing here prints. */
#include "config.h"

#if defined(HAVE_INIPARSER_INIPARSER_H) && !defined(HAVE_INIPARSER_H)
#include <iniparser/iniparser.h>
#else
#include <iniparser.h>
#endif

#include "rapport/config.h"
#include "rapport/util.h"
#include "rapport/values.h"

#include <ctype.h>
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define MSG_MAX 256

struct config_option;

/* Parse val, the value of key (lower case) on line (0 for a built-in
 * default), into cfg's field for o.  Returns 0, or -1 with a reason in msg
 * that quotes the bad text; on -1 cfg is unchanged. */
typedef int (*option_fn)(const struct config_option *o, const char *key, const char *val,
			 int line, struct rapport_config *cfg, char *msg, size_t msglen);

struct config_option {
	const char *section;  /* lower case, as iniparser stores it */
	const char *key;      /* lower case; NULL: any key of the section */
	option_fn parse;
	size_t field;         /* offset of the value in struct rapport_config */
	size_t has_field;     /* offset of the "is set" flag (money only) */
	long lo, hi;          /* accepted range (integers only) */
	const char *def;      /* default as file text; NULL: none (keys) */
};

/* The handlers, one per kind of value; each uses the parameters it needs. */
#define UNUSED __attribute__((unused))
#define OPTION_FN(name) \
	static int name(UNUSED const struct config_option *o, UNUSED const char *key, \
			UNUSED const char *val, UNUSED int line, \
			UNUSED struct rapport_config *cfg, char *msg, size_t msglen)
OPTION_FN(opt_name);
OPTION_FN(opt_handle);
OPTION_FN(opt_int);
OPTION_FN(opt_bool);
OPTION_FN(opt_money);
OPTION_FN(opt_color);
OPTION_FN(opt_rules);
OPTION_FN(opt_key);

#define FIELD(f) offsetof(struct rapport_config, f)

/* Every option of rapport.ini(5); share/rapport.ini and the man page list
 * the same ones with the same defaults. */
static const struct config_option options[] = {
	/* section, key, handler, field, has_field, lo, hi, default */
	{ "user", "name", opt_name, FIELD(user_name), 0, 0, 0, "" },
	{ "user", "me", opt_handle, FIELD(me), 0, 0, 0, "" },
	{ "roles", "meeting_interval_days", opt_int, FIELD(meeting_interval_days), 0, 1, 3660, "182" },
	{ "roles", "due_soon_days", opt_int, FIELD(due_soon_days), 0, 0, 365, "30" },
	{ "roles", "problem_days", opt_int, FIELD(problem_days), 0, 1, 365, "7" },
	{ "roles", "project_feedback_days", opt_int, FIELD(project_feedback_days), 0, 1, 365, "30" },
	{ "grid", "margin_split", opt_money, FIELD(margin_split), FIELD(has_margin_split), 0, 0, "" },
	{ "grid", "cost_split", opt_money, FIELD(cost_split), FIELD(has_cost_split), 0, 0, "" },
	{ "import", "progress", opt_bool, FIELD(progress), 0, 0, 0, "yes" },
	{ "keys", NULL, opt_key, 0, 0, 0, 0, NULL },
	{ "colors", "enabled", opt_bool, FIELD(colors), 0, 0, 0, "yes" },
	{ "colors", "title", opt_color, FIELD(color_title), 0, 0, 0, "white,blue" },
	{ "colors", "status", opt_color, FIELD(color_status), 0, 0, 0, "black,cyan" },
	{ "colors", "select", opt_color, FIELD(color_select), 0, 0, 0, "black,white" },
	{ "colors", "good", opt_color, FIELD(color_good), 0, 0, 0, "green,default" },
	{ "colors", "bad", opt_color, FIELD(color_bad), 0, 0, 0, "red,default" },
	{ "review", "rules", opt_rules, 0, 0, 0, 0,
	  "detractors,overdue,aggressive,breakeven,quadrant,spectrum,ladder" },
};
#define NOPTIONS (sizeof options / sizeof options[0])

/* Review rules in their default agenda order. */
static const char *const review_rule_names[] = {
	"detractors", "overdue", "aggressive", "breakeven", "quadrant", "spectrum", "ladder", NULL
};

/* Colour names as curses knows them; "default" is the terminal's own. */
static const char *const color_names[] = {
	"default", "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white", NULL
};

static void *field_ptr(struct rapport_config *cfg, size_t off)
{
	return (char *)cfg + off;
}

static void set_msg(char *msg, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_msg(char *msg, size_t len, const char *fmt, ...)
{
	if (!msg || !len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
}

/* Replace the string *slot owns with a copy of s. */
static void set_string(char **slot, const char *s)
{
	char *copy = xstrdup(s);
	free(*slot);
	*slot = copy;
}

static int word_index(const char *s, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return i;
	return -1;
}

/* s without leading and trailing white space, as a new string. */
static char *trimmed_copy(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* ---- option handlers ------------------------------------------------------ */

OPTION_FN(opt_name)
{
	if (value_utf8_invalid_at(val, strlen(val)) >= 0) {
		set_msg(msg, msglen, "the name is not valid UTF-8");
		return -1;
	}
	const char *name = val;
	if (!*name) {           /* empty: the login name */
		name = getenv("USER");
		if (!name || !*name)
			name = "unknown";
	}
	set_string(field_ptr(cfg, o->field), name);
	return 0;
}

/* A staff handle as imported (the roles screen looks it up); "" = none. */
OPTION_FN(opt_handle)
{
	if (value_utf8_invalid_at(val, strlen(val)) >= 0) {
		set_msg(msg, msglen, "the handle is not valid UTF-8");
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)val; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			set_msg(msg, msglen, "the handle contains a control character");
			return -1;
		}
	set_string(field_ptr(cfg, o->field), val);
	return 0;
}

OPTION_FN(opt_int)
{
	long n;
	if (value_int_range(val, o->lo, o->hi, &n, msg, msglen) < 0)
		return -1;
	*(int *)field_ptr(cfg, o->field) = (int)n;
	return 0;
}

OPTION_FN(opt_bool)
{
	static const char *const yes[] = { "yes", "true", "on", "1", NULL };
	static const char *const no[] = { "no", "false", "off", "0", NULL };
	int b;
	if (word_index(val, yes) >= 0) {
		b = 1;
	} else if (word_index(val, no) >= 0) {
		b = 0;
	} else {
		set_msg(msg, msglen, "\"%s\" is not yes or no (also true/false, on/off, 1/0)", val);
		return -1;
	}
	*(int *)field_ptr(cfg, o->field) = b;
	return 0;
}

/* An empty value means "not set" (the median is used). */
OPTION_FN(opt_money)
{
	int64_t cents = 0;
	if (*val && value_money(val, 1, &cents, msg, msglen) < 0)
		return -1;
	*(int64_t *)field_ptr(cfg, o->field) = cents;
	*(int *)field_ptr(cfg, o->has_field) = *val != '\0';
	return 0;
}

/* "fg,bg", stored normalised: lower case, no spaces. */
OPTION_FN(opt_color)
{
	const char *comma = strchr(val, ',');
	int fg = -1, bg = -1;
	if (comma && !strchr(comma + 1, ',')) {
		char *a = trimmed_copy(val, (size_t)(comma - val));
		char *b = trimmed_copy(comma + 1, strlen(comma + 1));
		fg = word_index(a, color_names);
		bg = word_index(b, color_names);
		free(a);
		free(b);
	}
	if (fg < 0 || bg < 0) {
		set_msg(msg, msglen, "\"%s\" is not \"foreground,background\" with colours "
			"default, black, red, green, yellow, blue, magenta, cyan or white", val);
		return -1;
	}
	char *pair = xasprintf("%s,%s", color_names[fg], color_names[bg]);
	char **slot = field_ptr(cfg, o->field);
	free(*slot);
	*slot = pair;
	return 0;
}

OPTION_FN(opt_rules)
{
	int idx[CONFIG_MAX_RULES];
	int n = 0;
	const char *p = val;
	for (;;) {
		size_t len = strcspn(p, ",");
		char *word = trimmed_copy(p, len);
		int i = word_index(word, review_rule_names);
		if (!*word) {
			set_msg(msg, msglen, "empty rule name in \"%s\"", val);
		} else if (i < 0) {
			set_msg(msg, msglen, "unknown rule \"%s\" (rules: detractors, overdue, "
				"aggressive, breakeven, quadrant, spectrum, ladder)", word);
		} else {
			for (int k = 0; k < n; k++)
				if (idx[k] == i) {
					set_msg(msg, msglen, "rule \"%s\" listed twice", word);
					i = -1;
				}
		}
		free(word);
		if (i < 0)
			return -1;
		idx[n++] = i;   /* no duplicates, so n stays below CONFIG_MAX_RULES */
		if (!p[len])
			break;
		p += len + 1;
	}
	for (int k = 0; k < cfg->nreview_rules; k++)
		free(cfg->review_rules[k]);
	for (int k = 0; k < n; k++)
		cfg->review_rules[k] = xstrdup(review_rule_names[idx[k]]);
	cfg->nreview_rules = n;
	return 0;
}

/* [keys]: any action name is taken (the interface checks them against its
 * own table) with the key spec as written.  Only the last line setting an
 * action reaches here, so bindings are in the order of those lines; an
 * action bound by an earlier config_load is rebound in place. */
OPTION_FN(opt_key)
{
	if (!*val) {
		set_msg(msg, msglen, "no key given (write \";\" and \"#\" in quotes)");
		return -1;
	}
	int i;
	for (i = 0; i < cfg->nkeys; i++)
		if (strcasecmp(cfg->keys[i].action, key) == 0)
			break;
	if (i == cfg->nkeys) {
		if (cfg->nkeys == CONFIG_MAX_KEYS) {
			set_msg(msg, msglen, "too many key bindings (at most %d)", CONFIG_MAX_KEYS);
			return -1;
		}
		cfg->keys[i].action = xstrdup(key);
		cfg->keys[i].key = NULL;
		cfg->nkeys++;
	}
	set_string(&cfg->keys[i].key, val);
	cfg->keys[i].line = line;
	return 0;
}

/* ---- defaults, copy, free ---------------------------------------------------- */

void config_defaults(struct rapport_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	for (size_t i = 0; i < NOPTIONS; i++) {
		char msg[MSG_MAX];
		if (options[i].def && options[i].parse(&options[i], options[i].key,
							options[i].def, 0, cfg, msg, sizeof msg) < 0)
			abort();   /* a default the table's own parser rejects */
	}
}

void config_free(struct rapport_config *cfg)
{
	char **strings[] = { &cfg->path, &cfg->user_name, &cfg->me, &cfg->color_title,
			     &cfg->color_status, &cfg->color_select, &cfg->color_good,
			     &cfg->color_bad };
	for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
		free(*strings[i]);
		*strings[i] = NULL;
	}
	for (int i = 0; i < cfg->nkeys; i++) {
		free(cfg->keys[i].action);
		free(cfg->keys[i].key);
		cfg->keys[i].action = cfg->keys[i].key = NULL;
	}
	cfg->nkeys = 0;
	for (int i = 0; i < cfg->nreview_rules; i++) {
		free(cfg->review_rules[i]);
		cfg->review_rules[i] = NULL;
	}
	cfg->nreview_rules = 0;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* A deep copy, so that a failed load can leave the caller's cfg untouched. */
static void config_copy(struct rapport_config *dst, const struct rapport_config *src)
{
	*dst = *src;
	dst->path = dup_or_null(src->path);
	dst->user_name = dup_or_null(src->user_name);
	dst->me = dup_or_null(src->me);
	dst->color_title = dup_or_null(src->color_title);
	dst->color_status = dup_or_null(src->color_status);
	dst->color_select = dup_or_null(src->color_select);
	dst->color_good = dup_or_null(src->color_good);
	dst->color_bad = dup_or_null(src->color_bad);
	for (int i = 0; i < src->nkeys; i++) {
		dst->keys[i].action = dup_or_null(src->keys[i].action);
		dst->keys[i].key = dup_or_null(src->keys[i].key);
	}
	for (int i = 0; i < src->nreview_rules; i++)
		dst->review_rules[i] = dup_or_null(src->review_rules[i]);
}

/* A relative $XDG_CONFIG_HOME is invalid (XDG Base Directory) and ignored;
 * without $HOME the password database gives the home directory.  NULL only
 * when no home directory is known. */
char *config_default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/rapport/rapport.ini", xdg);
	const char *home = getenv("HOME");
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : NULL;
	}
	if (!home || !*home)
		return NULL;
	return xasprintf("%s/.config/rapport/rapport.ini", home);
}

/* ---- the line scan ----------------------------------------------------------- */

/* One section header or key line, named as iniparser names it. */
struct ini_entry {
	char *section;   /* lower case; "" before the first section */
	char *key;       /* lower case; NULL for a section header */
	int line;        /* first physical line of the entry */
	int last;        /* 1 when no later entry has this section and key */
};

struct ini_scan {
	struct ini_entry *v;
	size_t n, cap;
};

static void scan_add(struct ini_scan *sc, const char *section, const char *key, int line)
{
	if (sc->n == sc->cap) {
		sc->cap = sc->cap ? 2 * sc->cap : 32;
		sc->v = xrealloc(sc->v, sc->cap * sizeof *sc->v);
	}
	struct ini_entry *e = &sc->v[sc->n++];
	e->section = xstrdup(section);
	e->key = key ? xstrdup(key) : NULL;
	e->line = line;
	e->last = 1;
}

static void scan_free(struct ini_scan *sc)
{
	for (size_t i = 0; i < sc->n; i++) {
		free(sc->v[i].section);
		free(sc->v[i].key);
	}
	free(sc->v);
	sc->v = NULL;
	sc->n = sc->cap = 0;
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* Classify one logical line the way iniparser's parser does: comments start
 * with ';' or '#', "[name]" opens a section (name up to the first ']'),
 * anything else with a non-empty name before '=' is a key.  Other lines are
 * syntax errors, which iniparser reports; the scan skips them. */
static void scan_line(struct ini_scan *sc, char **section, const char *text, int line)
{
	char *s = trimmed_copy(text, strlen(text));
	size_t len = strlen(s);
	if (len == 0 || s[0] == '#' || s[0] == ';') {
		/* blank or comment */
	} else if (s[0] == '[' && s[len - 1] == ']') {
		size_t end = strcspn(s + 1, "]");
		if (end > 0) {
			free(*section);
			*section = trimmed_copy(s + 1, end);
			lower(*section);
			scan_add(sc, *section, NULL, line);
		}
	} else if (s[0] != '=' && strchr(s, '=')) {
		char *key = trimmed_copy(s, strcspn(s, "="));
		lower(key);
		scan_add(sc, *section, key, line);
		free(key);
	}
	free(s);
}

/* Read f into sc.  A line whose last non-blank character is '\' continues
 * on the next line, as in iniparser; the entry gets the first line's number. */
static void scan_file(FILE *f, struct ini_scan *sc)
{
	char *section = xstrdup("");
	char *buf = NULL;
	size_t bufcap = 0;
	struct strbuf logical = { 0 };
	int lineno = 0, first = 0, continued = 0;
	ssize_t n;
	while ((n = getline(&buf, &bufcap, f)) >= 0) {
		lineno++;
		if (!continued)
			first = lineno;
		sb_append(&logical, buf, (size_t)n);
		while (logical.len && isspace((unsigned char)logical.s[logical.len - 1]))
			logical.s[--logical.len] = '\0';
		continued = logical.len && logical.s[logical.len - 1] == '\\';
		if (continued) {
			logical.s[--logical.len] = '\0';
			continue;
		}
		scan_line(sc, &section, sb_str(&logical), first);
		sb_reset(&logical);
	}
	/* iniparser drops a continuation cut short by the end of the file. */
	sb_free(&logical);
	free(buf);
	free(section);

	for (size_t i = 0; i < sc->n; i++) {
		if (!sc->v[i].key)
			continue;
		for (size_t j = i + 1; j < sc->n; j++)
			if (sc->v[j].key && strcmp(sc->v[i].section, sc->v[j].section) == 0 &&
			    strcmp(sc->v[i].key, sc->v[j].key) == 0) {
				sc->v[i].last = 0;
				break;
			}
	}
}

/* ---- iniparser's messages -------------------------------------------------------- */

/* iniparser reports through a printf-like callback with no user pointer, so
 * the first message of a load is kept here. */
static char ini_message[512];
static int ini_message_set;

static int ini_capture(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int ini_capture(const char *fmt, ...)
{
	if (ini_message_set)
		return 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ini_message, sizeof ini_message, fmt, ap);
	va_end(ap);
	ini_message_set = 1;
	return 0;
}

/* The line number in iniparser's "... in FILE (N)..." (the last "(digits)"
 * of the message's first line), or 0. */
static int ini_message_line(const char *m)
{
	size_t end = strcspn(m, "\n");
	int line = 0;
	for (size_t i = 0; i < end; i++) {
		if (m[i] != '(' || !isdigit((unsigned char)m[i + 1]))
			continue;
		size_t j = i + 1;
		long v = 0;
		while (j < end && isdigit((unsigned char)m[j]) && v < 100000000)
			v = v * 10 + (m[j++] - '0');
		if (j < end && m[j] == ')')
			line = (int)v;
	}
	return line;
}

/* Turn the captured message into "FILE:LINE: syntax error: ..." in err. */
static void ini_report(const char *path, char *err, size_t errlen)
{
	const char *m = ini_message_set ? ini_message : "cannot load the file";
	if (strncmp(m, "iniparser: ", 11) == 0)
		m += 11;
	int line = ini_message_line(m);
	const char *arrow = strstr(m, "\n-> ");
	if (strncmp(m, "syntax error", 12) == 0 && line > 0) {
		char *text = trimmed_copy(arrow ? arrow + 4 : "", arrow ? strlen(arrow + 4) : 0);
		if (text[0] == '[')
			set_msg(err, errlen, "%s:%d: syntax error: \"%s\" lacks the closing ']'",
				path, line, text);
		else
			set_msg(err, errlen, "%s:%d: syntax error: \"%s\" is not \"key = value\"",
				path, line, text);
		free(text);
	} else if (strncmp(m, "input line too long", 19) == 0 && line > 0) {
		set_msg(err, errlen, "%s:%d: syntax error: line too long", path, line);
	} else {
		char *text = trimmed_copy(m, strcspn(m, "\n"));
		set_msg(err, errlen, "%s: %s", path, text);
		free(text);
	}
}

/* ---- loading ------------------------------------------------------------------ */

static int section_known(const char *section)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (strcasecmp(options[i].section, section) == 0)
			return 1;
	return 0;
}

static const struct config_option *option_find(const char *section, const char *key)
{
	for (size_t i = 0; i < NOPTIONS; i++)
		if (strcasecmp(options[i].section, section) == 0 &&
		    (!options[i].key || strcasecmp(options[i].key, key) == 0))
			return &options[i];
	return NULL;
}

/* Validate every key of sc against the table into cfg; unknown sections and
 * keys go to warn.  Returns 0, or -1 with "FILE:LINE: [s] k: why" in err. */
static int config_apply(struct rapport_config *cfg, const char *path, dictionary *d,
			const struct ini_scan *sc, struct strbuf *warn,
			char *err, size_t errlen)
{
	for (size_t i = 0; i < sc->n; i++) {
		const struct ini_entry *e = &sc->v[i];
		if (!e->key) {
			if (!section_known(e->section))
				sb_printf(warn, "%s:%d: warning: unknown section [%s]\n",
					  path, e->line, e->section);
			continue;
		}
		if (!*e->section) {
			sb_printf(warn, "%s:%d: warning: unknown key '%s' outside any section\n",
				  path, e->line, e->key);
			continue;
		}
		if (!section_known(e->section))
			continue;   /* warned once at its header */
		const struct config_option *o = option_find(e->section, e->key);
		if (!o) {
			sb_printf(warn, "%s:%d: warning: unknown key '%s' in [%s]\n",
				  path, e->line, e->key, e->section);
			continue;
		}
		if (!e->last)
			continue;   /* a later line sets it again and wins */
		char *full = xasprintf("%s:%s", e->section, e->key);
		const char *val = iniparser_getstring(d, full, NULL);
		free(full);
		if (!val)
			continue;
		char msg[MSG_MAX];
		if (o->parse(o, e->key, val, e->line, cfg, msg, sizeof msg) < 0) {
			set_msg(err, errlen, "%s:%d: [%s] %s: %s", path, e->line,
				e->section, e->key, msg);
			return -1;
		}
	}
	return 0;
}

/* cfg must already hold a configuration (config_defaults or an earlier
 * load): the file's options go over it.  On failure cfg is left unchanged
 * and *warnings is NULL. */
int config_load(struct rapport_config *cfg, const char *path, int required,
		char **warnings, char *err, size_t errlen)
{
	if (warnings)
		*warnings = NULL;
	if (err && errlen)
		err[0] = '\0';

	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT && !required)
			return 0;
		set_msg(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		set_msg(err, errlen, "%s: %s", path, strerror(EISDIR));
		return -1;
	}
	struct ini_scan sc = { 0 };
	scan_file(f, &sc);
	int read_failed = ferror(f);
	int read_errno = errno;
	fclose(f);
	if (read_failed) {
		scan_free(&sc);
		set_msg(err, errlen, "%s: %s", path, strerror(read_errno));
		return -1;
	}

	ini_message_set = 0;
	iniparser_set_error_callback(ini_capture);
	dictionary *d = iniparser_load(path);
	iniparser_set_error_callback(NULL);
	if (!d) {
		ini_report(path, err, errlen);
		scan_free(&sc);
		return -1;
	}

	struct rapport_config next;
	struct strbuf warn = { 0 };
	config_copy(&next, cfg);
	int rc = config_apply(&next, path, d, &sc, &warn, err, errlen);
	iniparser_freedict(d);
	scan_free(&sc);
	if (rc < 0) {
		config_free(&next);
		sb_free(&warn);
		return -1;
	}
	set_string(&next.path, path);
	config_free(cfg);
	*cfg = next;
	if (warnings && warn.len)
		*warnings = warn.s;
	else
		sb_free(&warn);
	return 0;
}
