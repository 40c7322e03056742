/* The key map: defaults from TUI_ACTIONS, overridden by [keys] (calcurse's
 * keydef table).  Arrow keys, PgUp/PgDn, Home/End and Enter are always
 * bound as well, so the defaults in the table can be rebound freely. */
#include "tui.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rapport/util.h"

const char *const action_names[] = {
	[ACT_NONE] = "",
#define X(id, name, key, help) [ACT_##id] = name,
	TUI_ACTIONS(X)
#undef X
};

const char *const action_help[] = {
	[ACT_NONE] = "",
#define X(id, name, key, help) [ACT_##id] = help,
	TUI_ACTIONS(X)
#undef X
};

static const char *const default_keys[] = {
	[ACT_NONE] = "",
#define X(id, name, key, help) [ACT_##id] = key,
	TUI_ACTIONS(X)
#undef X
};

struct binding {
	wint_t ch;
	int is_key_code;
};

static struct binding bound[ACT_COUNT];   /* the rebindable key per action */
static char key_names[ACT_COUNT][16];

/* Fixed extra bindings, always present. */
static const struct {
	int code;
	enum action a;
} fixed[] = {
	{ KEY_DOWN, ACT_DOWN }, { KEY_UP, ACT_UP }, { KEY_NPAGE, ACT_PAGE_DOWN },
	{ KEY_PPAGE, ACT_PAGE_UP }, { KEY_HOME, ACT_TOP }, { KEY_END, ACT_BOTTOM },
	{ KEY_ENTER, ACT_OPEN }, { KEY_F(1), ACT_HELP }, { KEY_BTAB, ACT_PREV_SECTION },
	{ KEY_LEFT, ACT_LEFT }, { KEY_RIGHT, ACT_RIGHT },
};

/* Parse a key spec: one character, ^X, F1-F12, or a name. */
static int parse_key(const char *spec, struct binding *b)
{
	static const struct {
		const char *name;
		wint_t ch;
		int code;
	} names[] = {
		{ "enter", '\n', 0 }, { "return", '\n', 0 }, { "esc", 27, 0 }, { "escape", 27, 0 },
		{ "tab", '\t', 0 }, { "space", ' ', 0 }, { "btab", KEY_BTAB, 1 },
		{ "up", KEY_UP, 1 }, { "down", KEY_DOWN, 1 }, { "left", KEY_LEFT, 1 },
		{ "right", KEY_RIGHT, 1 }, { "pgup", KEY_PPAGE, 1 }, { "pgdn", KEY_NPAGE, 1 },
		{ "home", KEY_HOME, 1 }, { "end", KEY_END, 1 }, { "backspace", KEY_BACKSPACE, 1 },
		{ "del", KEY_DC, 1 }, { "delete", KEY_DC, 1 },
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcasecmp(spec, names[i].name) == 0) {
			b->ch = names[i].ch;
			b->is_key_code = names[i].code;
			return 0;
		}
	if (spec[0] == '^' && spec[1] && !spec[2]) {
		char c = spec[1];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < '@' || c > '_')
			return -1;
		b->ch = (wint_t)(c - '@');
		b->is_key_code = 0;
		return 0;
	}
	if ((spec[0] == 'F' || spec[0] == 'f') && spec[1]) {
		int n = 0;
		for (const char *p = spec + 1; *p; p++) {
			if (*p < '0' || *p > '9')
				return -1;
			n = n * 10 + (*p - '0');
		}
		if (n < 1 || n > 12)
			return -1;
		b->ch = (wint_t)KEY_F(n);
		b->is_key_code = 1;
		return 0;
	}
	/* one character, possibly multi-byte UTF-8 */
	mbstate_t st;
	memset(&st, 0, sizeof st);
	wchar_t wc;
	size_t len = strlen(spec);
	size_t r = mbrtowc(&wc, spec, len, &st);
	if (r == 0 || r == (size_t)-1 || r == (size_t)-2 || r != len)
		return -1;
	b->ch = (wint_t)wc;
	b->is_key_code = 0;
	return 0;
}

static void name_key(const struct binding *b, char *out, size_t len)
{
	if (b->is_key_code) {
		const char *n = keyname((int)b->ch);
		if (b->ch == KEY_BTAB)
			n = "S-Tab";
		snprintf(out, len, "%s", n ? n : "?");
		if (strncmp(out, "KEY_", 4) == 0)
			memmove(out, out + 4, strlen(out + 4) + 1);
	} else if (b->ch == '\n') {
		snprintf(out, len, "Enter");
	} else if (b->ch == 27) {
		snprintf(out, len, "Esc");
	} else if (b->ch == '\t') {
		snprintf(out, len, "Tab");
	} else if (b->ch == ' ') {
		snprintf(out, len, "Space");
	} else if (b->ch < 32) {
		snprintf(out, len, "^%c", (char)(b->ch + '@'));
	} else {
		char mb[MB_LEN_MAX + 1];
		mbstate_t st;
		memset(&st, 0, sizeof st);
		size_t r = wcrtomb(mb, (wchar_t)b->ch, &st);
		if (r == (size_t)-1)
			r = 0;
		mb[r] = '\0';
		strlcpy_r(out, mb, len);
	}
}

void keymap_init(const struct rapport_config *cfg, char *msg, size_t msglen)
{
	if (msg && msglen)
		msg[0] = '\0';
	for (int a = 1; a < ACT_COUNT; a++)
		parse_key(default_keys[a], &bound[a]);
	for (int i = 0; cfg && i < cfg->nkeys; i++) {
		const struct config_key *k = &cfg->keys[i];
		int found = 0;
		for (int a = 1; a < ACT_COUNT; a++) {
			if (strcasecmp(k->action, action_names[a]) != 0)
				continue;
			found = 1;
			struct binding b;
			if (parse_key(k->key, &b) != 0) {
				if (msg && !msg[0])
					snprintf(msg, msglen, "%s:%d: [keys] %s: '%s' is not a key; default kept",
						 cfg->path ? cfg->path : "config", k->line, k->action, k->key);
			} else {
				bound[a] = b;
			}
		}
		if (!found && msg && !msg[0])
			snprintf(msg, msglen, "%s:%d: [keys] unknown action '%s'",
				 cfg->path ? cfg->path : "config", k->line, k->action);
	}
	for (int a = 1; a < ACT_COUNT; a++)
		name_key(&bound[a], key_names[a], sizeof key_names[a]);
}

enum action keymap_lookup(wint_t ch, int is_key_code)
{
	if (is_key_code) {
		for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
			if ((wint_t)fixed[i].code == ch)
				return fixed[i].a;
	} else if (ch == '\r') {
		ch = '\n';
	}
	for (int a = 1; a < ACT_COUNT; a++)
		if (bound[a].ch == ch && bound[a].is_key_code == is_key_code)
			return (enum action)a;
	return ACT_NONE;
}

const char *keymap_key_name(enum action a)
{
	return a > 0 && a < ACT_COUNT ? key_names[a] : "";
}
