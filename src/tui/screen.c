/* The screen loop: title bar, current view, status line, help overlay,
 * resize, signals.  Curses lives only under src/tui. */
#include "tui.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rapport/tui.h"

#define MIN_COLS 40
#define MIN_ROWS 10

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* 1 when the terminal has gone away (its window closed, the connection
 * dropped): reads would fail at once forever, so the loop must end. */
static int terminal_gone(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	if (poll(&p, 1, 0) < 0)
		return errno != EINTR;
	return (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

void tui_message(struct tui *t, int error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->status, sizeof t->status, fmt, ap);
	va_end(ap);
	t->status_error = error;
}

void tui_show(struct tui *t, const char *name)
{
	for (int i = 0; i < t->nviews; i++) {
		struct view *v = &t->views[i];
		if (strcmp(v->ops->name, name) != 0)
			continue;
		if (!v->data && v->ops->open)
			v->ops->open(v);
		t->current = i;
		return;
	}
}

static void draw_title(struct tui *t)
{
	attr_t a = draw_attr(t, C_TITLE);
	attrset(a);
	mvhline(0, 0, ' ', COLS);
	int x = 1;
	x += draw_text(stdscr, 0, x, "Rapport", COLS - x, 0, 0) + 2;
	for (int i = 0; i < t->nviews && x < COLS; i++) {
		const struct view_ops *o = t->views[i].ops;
		if (o->key == ACT_NONE || o->untitled)
			continue; /* shown over another view (the account detail) */
		char label[64];
		snprintf(label, sizeof label, "%s %s", keymap_key_name(o->key), o->title);
		/* the current screen: swapped colours, or underlined without colour */
		attrset(i == t->current ? (t->color ? (a | A_REVERSE) : (a | A_UNDERLINE)) : a);
		x += draw_text(stdscr, 0, x, label, COLS - x, 0, 0);
		attrset(a);
		x += 2;
	}
	const char *base = strrchr(t->db_path, '/');
	base = base ? base + 1 : t->db_path;
	int w = draw_width(base);
	if (x + w + 1 < COLS)
		draw_text(stdscr, 0, COLS - w - 1, base, w, 0, 0);
	attrset(A_NORMAL);
}

static void draw_status(struct tui *t)
{
	attrset(t->status[0] && t->status_error ? draw_attr(t, C_BAD) | A_REVERSE : draw_attr(t, C_STATUS));
	mvhline(LINES - 1, 0, ' ', COLS);
	char hint[64];
	snprintf(hint, sizeof hint, "%s help  %s quit", keymap_key_name(ACT_HELP), keymap_key_name(ACT_QUIT));
	int hw = draw_width(hint);
	draw_text(stdscr, LINES - 1, 1, t->status, COLS - hw - 3, 0, 0);
	draw_text(stdscr, LINES - 1, COLS - hw - 1, hint, hw, 0, 0);
	attrset(A_NORMAL);
}

/* The view a screen key shows, or -1. */
static int view_of_key(struct tui *t, enum action a)
{
	for (int i = 0; i < t->nviews; i++)
		if (a != ACT_NONE && t->views[i].ops->key == a)
			return i;
	return -1;
}

static int is_global(struct tui *t, enum action a)
{
	return view_of_key(t, a) >= 0 || a == ACT_HELP || a == ACT_QUIT || a == ACT_REFRESH;
}

/* The keys of the current view, then the global ones, from the key map. */
static void draw_help(struct tui *t)
{
	const struct view_ops *o = t->views[t->current].ops;
	int rows = LINES - 2, cols = COLS;
	WINDOW *w = derwin(stdscr, rows, cols, 1, 0);
	if (!w)
		return;
	werase(w);
	draw_printf(w, 0, 1, cols - 2, "Keys of the %s screen (any key closes this help)", o->title);
	/* the lines: this screen's actions, then the global ones; an action 0
	 * with a text is a heading */
	struct { enum action a; const char *heading; } line[2 * ACT_COUNT + 4];
	int n = 0;
	for (int i = 0; o->actions && o->actions[i] != ACT_NONE; i++)
		line[n++].a = o->actions[i], line[n - 1].heading = NULL;
	line[n].a = ACT_NONE, line[n++].heading = "Everywhere:";
	for (int a = 1; a < ACT_COUNT; a++) {
		int listed = 0; /* already among this screen's keys */
		for (int i = 0; o->actions && o->actions[i] != ACT_NONE; i++)
			listed |= o->actions[i] == (enum action)a;
		if (is_global(t, (enum action)a) && !listed)
			line[n].a = (enum action)a, line[n++].heading = NULL;
	}
	/* one column when it fits, else two side by side */
	int avail = rows - 3;
	int ncol = n <= avail ? 1 : 2;
	int per = (n + ncol - 1) / ncol;
	int colw = cols / ncol;
	for (int i = 0; i < n; i++) {
		int c = i / per, y = 2 + i % per;
		if (y >= rows)
			continue;
		int x = c * colw;
		if (line[i].heading)
			draw_text(w, y, x + 1, line[i].heading, colw - 2, 0, 0);
		else
			draw_printf(w, y, x + 3, colw - 4, "%-7s %s", keymap_key_name(line[i].a),
				    action_help[line[i].a]);
	}
	if (2 + per + 1 < rows)
		draw_printf(w, 2 + per + 1, 1, cols - 2,
			    "Arrows, PgUp/PgDn, Home/End and Enter work too. Keys: [keys] in rapport.ini.");
	delwin(w);
}

static void draw_all(struct tui *t)
{
	erase();
	if (COLS < MIN_COLS || LINES < MIN_ROWS) {
		const char *m = "terminal too small";
		char need[32];
		snprintf(need, sizeof need, "need %dx%d", MIN_COLS, MIN_ROWS);
		draw_text(stdscr, 0, 0, m, COLS, 0, 0);
		if (LINES > 1)
			draw_text(stdscr, 1, 0, need, COLS, 0, 0);
		refresh();
		return;
	}
	draw_title(t);
	if (t->help) {
		draw_help(t);
	} else {
		struct view *v = &t->views[t->current];
		WINDOW *w = derwin(stdscr, LINES - 2, COLS, 1, 0);
		if (w) {
			v->ops->draw(v, w, LINES - 2, COLS);
			delwin(w);
		}
	}
	draw_status(t);
	refresh();
}

int tui_confirm(struct tui *t, const char *question)
{
	tui_message(t, 1, "%s (y/n)", question);
	draw_all(t);
	for (;;) {
		wint_t ch;
		int r = get_wch(&ch);
		if (got_signal || (r == ERR && terminal_gone()))
			return 0;
		if (r == ERR || (r == KEY_CODE_YES && ch == KEY_RESIZE)) {
			draw_all(t);
			continue;
		}
		t->status[0] = '\0';
		return r == OK && (ch == 'y' || ch == 'Y');
	}
}

static void handle_key(struct tui *t, wint_t ch, int is_code)
{
	struct view *v = &t->views[t->current];
	if (t->help) {
		t->help = 0;
		return;
	}
	if (v->ops->wants_text && v->ops->wants_text(v) && v->ops->text_key(v, ch, is_code))
		return;
	enum action a = keymap_lookup(ch, is_code);
	if (a == ACT_NONE)
		return;
	t->status_error = 0;
	t->status[0] = '\0';
	if (v->ops->action && v->ops->action(v, a))
		return;
	int shown = view_of_key(t, a);
	if (shown >= 0) {
		tui_show(t, t->views[shown].ops->name);
		return;
	}
	switch (a) {
	case ACT_HELP: t->help = 1; break;
	case ACT_QUIT: t->quit = 1; break;
	case ACT_REFRESH: clearok(curscr, TRUE); break;
	default: break;
	}
}

int tui_run(struct store *s, const struct rapport_config *cfg, const char *db_path,
	    char *err, size_t errlen)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "the interface needs a terminal (for scripts: rapport report, export)");
		return -1;
	}
	struct tui t;
	memset(&t, 0, sizeof t);
	t.s = s;
	t.cfg = cfg;
	t.db_path = db_path;
	keymap_init(cfg, t.status, sizeof t.status);
	t.status_error = t.status[0] != '\0';
	for (int i = 0; tui_view_table[i] && t.nviews < TUI_MAX_VIEWS; i++) {
		t.views[t.nviews].ops = tui_view_table[i];
		t.views[t.nviews++].t = &t;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	initscr();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	draw_colors_init(&t);
	tui_show(&t, "accounts");
	/* Idle work runs as soon as no key is waiting (timeout 0) while the
	 * view reports more to do; otherwise wake every 100 ms to notice
	 * signals and changes by others. */
	int busy = 1;
	while (!t.quit && !got_signal) {
		draw_all(&t);
		wint_t ch;
		timeout(busy ? 0 : 100);
		int r = get_wch(&ch);
		if (r == ERR && terminal_gone())
			break;
		if (r == ERR) {
			struct view *v = &t.views[t.current];
			int was_busy = busy;
			busy = v->ops->idle && !t.help ? v->ops->idle(v) : 0;
#ifdef __GLIBC__
			/* the figures are done: hand the transient memory of their
			 * computation (whole-portfolio sets) back to the system */
			if (was_busy && !busy)
				malloc_trim(0);
#endif
			continue;
		}
		busy = 1;   /* a key may have opened a screen with work to do */
		if (r == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		if (COLS < MIN_COLS || LINES < MIN_ROWS) {
			if (r == OK && ch == 'q')
				t.quit = 1;
			continue;
		}
		handle_key(&t, ch, r == KEY_CODE_YES);
	}
	for (int i = 0; i < t.nviews; i++)
		if (t.views[i].data && t.views[i].ops->close)
			t.views[i].ops->close(&t.views[i]);
	endwin();
	return 0;
}
