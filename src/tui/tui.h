#ifndef RAPPORT_TUI_INTERNAL_H
#define RAPPORT_TUI_INTERNAL_H
/* Private to src/tui: the screen loop, views, actions and key map.
 *
 * A view is one file with one ops table (tig's view_ops).  The loop owns the
 * screen: it draws the title bar (row 0), the view (rows 1..LINES-2) and the
 * status line (last row), turns keys into actions through the key map, and
 * gives a view the raw key first only while the view is taking text. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stddef.h>
#include <stdint.h>

#include "rapport/config.h"
#include "rapport/store.h"

/* Every action, defined once: enum name, name in [keys], default key,
 * help text.  The help screen and the key map are generated from this. */
#define TUI_ACTIONS(X) \
	X(ACCOUNTS, "accounts", "1", "Accounts: list and detail") \
	X(ROLES, "roles", "2", "Roles: what is due") \
	X(NPS, "nps", "3", "NPS scores and detractors") \
	X(GRID, "grid", "4", "Margin vs cost-to-serve grid") \
	X(WHALE, "whale", "5", "Whale curve of profit") \
	X(LADDER, "ladder", "6", "Ladder and spectrum") \
	X(REVIEW, "review", "7", "Review meeting") \
	X(CONFLICTS, "conflicts", "C", "Sync conflicts (restore)") \
	X(DOWN, "down", "j", "Move down") \
	X(UP, "up", "k", "Move up") \
	X(PAGE_DOWN, "page-down", "^F", "Next page") \
	X(PAGE_UP, "page-up", "^B", "Previous page") \
	X(TOP, "top", "g", "First row") \
	X(BOTTOM, "bottom", "G", "Last row") \
	X(SEARCH, "search", "/", "Search by name or key") \
	X(OPEN, "open", "enter", "Open the selected item") \
	X(ADD, "add", "a", "Add") \
	X(EDIT, "edit", "e", "Edit") \
	X(DELETE, "delete", "D", "Delete (asks first)") \
	X(SORT, "sort", "s", "Sort by the next column") \
	X(REVERSE, "reverse", "r", "Reverse the sort order") \
	X(NEXT_SECTION, "next-section", "tab", "Next section") \
	X(PREV_SECTION, "prev-section", "btab", "Previous section") \
	X(RECORD_NPS, "record-nps", "n", "Record an NPS response") \
	X(RECORD_MEETING, "record-meeting", "m", "Record a meeting") \
	X(RECORD_PROJECT, "record-project", "p", "Record a project") \
	X(RECORD_PROBLEM, "record-problem", "P", "Record a problem") \
	X(NOTE, "note", "N", "Add a note") \
	X(TEAM, "team", "t", "Whole team / only me") \
	X(BREAKDOWN, "breakdown", "b", "Switch the breakdown") \
	X(RANGE, "range", "d", "Set the date range") \
	X(LEFT, "left", "h", "Move left") \
	X(RIGHT, "right", "l", "Move right") \
	X(LIST, "list", "L", "Plot / quadrant list") \
	X(GROWTH, "growth", "w", "Growth targets (wallet gap)") \
	/* review meeting (key 7); n p d a e are shared with actions above, \
	 * which keymap_lookup returns first: the review view takes them as \
	 * these while the keys stay the same (view_review.c review_meaning) */ \
	X(NEXT_ACCOUNT, "next-account", "n", "Next account on the agenda") \
	X(PREV_ACCOUNT, "prev-account", "p", "Previous agenda account") \
	X(DECISION, "decision", "d", "Record a decision") \
	X(ACTION_ITEM, "action-item", "a", "Record an action item") \
	X(REVIEW_SETUP, "review-setup", "e", "Start or edit the review") \
	X(CLOSE_REVIEW, "close-review", "c", "Close and store the review") \
	X(RESTORE, "restore", "R", "Restore the losing version as a local edit") \
	X(REFRESH, "refresh", "^L", "Redraw and reload") \
	X(CANCEL, "cancel", "esc", "Cancel, clear the search") \
	X(QUIT, "quit", "q", "Back; quit from the top") \
	X(HELP, "help", "?", "Keys of this screen")

enum action {
	ACT_NONE = 0,
#define X(id, name, key, help) ACT_##id,
	TUI_ACTIONS(X)
#undef X
	ACT_COUNT
};

/* Action names and help texts, indexed by enum action. */
extern const char *const action_names[];
extern const char *const action_help[];

struct tui;

#define TUI_MAX_VIEWS 16

struct view {
	const struct view_ops *ops;
	struct tui *t;
	void *data;        /* the view's own state */
};

struct view_ops {
	const char *name;         /* e.g. "accounts" */
	const char *title;        /* shown in the title bar */
	enum action key;          /* the action that shows this view */
	/* the actions this view answers, ACT_NONE-terminated (for help) */
	const enum action *actions;
	void (*open)(struct view *v);                       /* first show */
	void (*draw)(struct view *v, WINDOW *w, int rows, int cols);
	/* 1 when handled; 0 lets the loop apply the global meaning */
	int (*action)(struct view *v, enum action a);
	/* raw key while the view takes text (->wants_text); 1 when handled */
	int (*text_key)(struct view *v, wint_t ch, int is_key_code);
	/* called when no key is waiting: finish slow work after the first
	 * paint, one bounded step per call (may be NULL).  Returns 1 when it
	 * did work (the loop repaints and calls again at once unless a key
	 * came), 0 when there is nothing to do now (the loop then sleeps until
	 * a key or 100 ms, and polls again: data may change underneath). */
	int (*idle)(struct view *v);
	/* 1 while the view is taking text (search, form field) */
	int (*wants_text)(struct view *v);
	void (*close)(struct view *v);
	int untitled;             /* reached by its key, not shown in the title bar */
};

struct tui {
	struct store *s;
	const struct rapport_config *cfg;
	const char *db_path;
	struct view views[TUI_MAX_VIEWS];
	int nviews;
	int current;              /* index into views */
	int quit;                 /* leave the loop */
	int color;                /* colours in use */
	char status[256];         /* last message for the status line */
	int status_error;         /* the message is an error */
	int help;                 /* the help overlay is shown */
	int64_t me;               /* staff id of [user] me, 0 when none */
};

/* Set the status message (printf-like); error selects the error colour. */
void tui_message(struct tui *t, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Key and name of accounts by id, for screens that hold only ids and
 * figures (grid, whale, ladder): looked up when first drawn and kept in a
 * small direct-mapped cache (labels.c).  Clear it when the data changes. */
#define LABELS 256
struct label {
	int64_t id;                /* 0 = empty slot */
	char *key, *name;          /* NULL when the account is gone */
};
struct labels {
	struct label v[LABELS];
};
const struct label *labels_get(struct labels *l, struct store *s, int64_t id);
void labels_clear(struct labels *l);
/* l's key and name, "?" when the account is gone. */
const char *label_key(const struct label *l);
const char *label_name(const struct label *l);
/* Switch to the view named name (and open it on first use). */
void tui_show(struct tui *t, const char *name);
/* Ask a yes/no question on the status line; 1 for yes. */
int tui_confirm(struct tui *t, const char *question);

/* ---- key map (keymap.c) ------------------------------------------------ */
/* Load the defaults and the [keys] overrides; problems (unknown action,
 * bad key) are written to msg (one line) and the default is kept. */
void keymap_init(const struct rapport_config *cfg, char *msg, size_t msglen);
/* The action bound to key (a curses key code or a character). */
enum action keymap_lookup(wint_t ch, int is_key_code);
/* The key bound to a, for help and hints, e.g. "j", "^F", "Enter". */
const char *keymap_key_name(enum action a);

/* ---- drawing (draw.c) --------------------------------------------------- */
enum tui_color { C_NORMAL, C_TITLE, C_STATUS, C_SELECT, C_GOOD, C_BAD, C_COUNT };
void draw_colors_init(struct tui *t);
/* attrs for a colour role (A_REVERSE/A_BOLD when monochrome) */
attr_t draw_attr(struct tui *t, enum tui_color c);
/* Columns s takes on screen (control characters count as one: shown as '?'). */
int draw_width(const char *s);
/* Put s at (y, x) in at most width columns: characters cut whole (a wide
 * character that does not fit is left out), control characters and
 * escape sequences shown as '?', padded with spaces to width when pad.
 * right aligns it.  Returns columns written. */
int draw_text(WINDOW *w, int y, int x, const char *s, int width, int pad, int right);
/* Print a line from a format, cut to width. */
void draw_printf(WINDOW *w, int y, int x, int width, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* ---- a line editor for search and form fields (draw.c) ------------------ */
struct line_edit {
	char buf[1024];    /* UTF-8 text */
	size_t len;        /* bytes */
};
/* Apply key: printable characters insert, backspace deletes the last
 * character, ^U clears.  Returns 1 when the text changed. */
int line_edit_key(struct line_edit *e, wint_t ch, int is_key_code);
void line_edit_set(struct line_edit *e, const char *s);

/* ---- views -------------------------------------------------------------- */
extern const struct view_ops accounts_view_ops;
extern const struct view_ops roles_view_ops;
extern const struct view_ops grid_view_ops;
extern const struct view_ops ladder_view_ops;
extern const struct view_ops nps_view_ops;
extern const struct view_ops whale_view_ops;
extern const struct view_ops review_view_ops;
extern const struct view_ops conflicts_view_ops;
/* The account detail (view_detail.c): no key of its own, shown over the
 * list by accounts_open_detail. */
extern const struct view_ops detail_view_ops;

/* Every view, in title-bar order, NULL-terminated (views.c).  Adding a
 * screen is one file with its ops and one line there. */
extern const struct view_ops *const tui_view_table[];

/* Show account_id's detail (view_detail.c) over the current view; q goes
 * back to it.  account_id 0 opens the form for a new account. */
void accounts_open_detail(struct tui *t, int64_t account_id);
/* The same, then the record id of kind k (a project, a problem, ...)
 * selected in its section with its edit form open, as e there would, the
 * cursor on the field named focus (NULL: the first).  When the record is
 * gone, the detail stays on its section with a message. */
struct kind;
void accounts_open_detail_record(struct tui *t, int64_t account_id, const struct kind *k,
				 int64_t id, const char *focus);

#endif
