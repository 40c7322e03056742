/* Sync conflicts (key C): the losing versions `sync pull` kept when two
 * laptops changed the same record (sync.h), newest first, one row per
 * field -- the rows of `rapport report conflicts`.  R restores the losing
 * version of the selected row (all its fields) as a normal local edit, so
 * the next push sends it on; a record lost whole is created again.  Not in
 * the title bar: the screen only matters after a pull that found some. */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/sync.h"
#include "rapport/util.h"

struct crow {
	int64_t id;
	char *kind, *key, *field, *kept, *lost, *at;
	int gone, restored;
};

struct conflicts_view {
	struct crow *rows;
	size_t n, cap;
	long sel, top;
	int page;
	char err[256];
};

static const enum action conflicts_actions[] = {
	ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_PAGE_UP, ACT_TOP, ACT_BOTTOM, ACT_RESTORE, ACT_REFRESH,
	ACT_NONE
};

static void rows_free(struct conflicts_view *cv)
{
	for (size_t i = 0; i < cv->n; i++) {
		struct crow *r = &cv->rows[i];
		free(r->kind); free(r->key); free(r->field); free(r->kept); free(r->lost); free(r->at);
	}
	cv->n = 0;
}

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

static int collect(const struct sync_conflict *c, void *arg)
{
	struct conflicts_view *cv = arg;
	if (cv->n == cv->cap) {
		cv->cap = cv->cap ? 2 * cv->cap : 64;
		cv->rows = xrealloc(cv->rows, cv->cap * sizeof *cv->rows);
	}
	struct crow *r = &cv->rows[cv->n++];
	r->id = c->id;
	r->kind = dup_or_empty(c->kind);
	r->key = dup_or_empty(c->key);
	r->field = dup_or_empty(c->field);
	r->kept = dup_or_empty(c->kept);
	r->lost = dup_or_empty(c->lost);
	r->at = dup_or_empty(c->at);
	r->gone = c->gone;
	r->restored = c->restored;
	return 0;
}

static void load(struct view *v)
{
	struct conflicts_view *cv = v->data;
	rows_free(cv);
	cv->err[0] = '\0';
	if (sync_conflicts_each(v->t->s, collect, cv, cv->err, sizeof cv->err) != 0)
		tui_message(v->t, 1, "%s", cv->err);
	if (cv->sel >= (long)cv->n)
		cv->sel = cv->n ? (long)cv->n - 1 : 0;
}

static void conflicts_open(struct view *v)
{
	v->data = xcalloc(1, sizeof(struct conflicts_view));
	load(v);
}

static void conflicts_close(struct view *v)
{
	struct conflicts_view *cv = v->data;
	if (!cv)
		return;
	rows_free(cv);
	free(cv->rows);
	free(cv);
	v->data = NULL;
}

/* "2026-11-22T10:15:03.123Z" -> "2026-11-22 10:15" */
static void short_at(const char *at, char *out, size_t len)
{
	snprintf(out, len, "%.10s %.5s", at, strlen(at) > 11 ? at + 11 : "");
}

static void conflicts_draw(struct view *v, WINDOW *w, int rows, int cols)
{
	struct conflicts_view *cv = v->data;
	struct tui *t = v->t;
	wattrset(w, A_BOLD);
	if (cv->n == 0) {
		draw_printf(w, 0, 1, cols - 2, "Sync conflicts: none");
		wattrset(w, A_NORMAL);
		draw_text(w, 2, 1, "When two laptops change the same record, sync pull keeps the later", cols - 2, 0, 0);
		draw_text(w, 3, 1, "change everywhere and lists the losing version here, to restore.", cols - 2, 0, 0);
		return;
	}
	draw_printf(w, 0, 1, cols - 2, "Sync conflicts: %zu losing value%s kept; %s restores the selected one",
		    cv->n, cv->n == 1 ? "" : "s", keymap_key_name(ACT_RESTORE));
	/* columns: at 16, kind 12, key, field 12, kept, lost */
	int wat = 16, wkind = 12, wfield = 12;
	int rest = cols - 2 - wat - wkind - wfield - 5;
	if (rest < 12)
		rest = 12;
	int wkey = rest / 3, wkept = rest / 3, wlost = rest - wkey - wkept;
	wattrset(w, A_BOLD | A_UNDERLINE);
	mvwhline(w, 1, 0, ' ', cols);
	int x = 1;
	draw_text(w, 1, x, "at", wat, 1, 0); x += wat + 1;
	draw_text(w, 1, x, "kind", wkind, 1, 0); x += wkind + 1;
	draw_text(w, 1, x, "key", wkey, 1, 0); x += wkey + 1;
	draw_text(w, 1, x, "field", wfield, 1, 0); x += wfield + 1;
	draw_text(w, 1, x, "kept", wkept, 1, 0); x += wkept + 1;
	draw_text(w, 1, x, "lost", wlost, 1, 0);
	wattrset(w, A_NORMAL);
	/* the last two rows: the selected conflict's values in full (the
	 * columns above cut them at 80 columns) */
	cv->page = rows - 4 > 1 ? rows - 4 : 1;
	if (cv->sel < cv->top)
		cv->top = cv->sel;
	if (cv->sel >= cv->top + cv->page)
		cv->top = cv->sel - cv->page + 1;
	for (int i = 0; i < cv->page && cv->top + i < (long)cv->n; i++) {
		long k = cv->top + i;
		const struct crow *r = &cv->rows[k];
		attr_t a = k == cv->sel ? draw_attr(t, C_SELECT) : r->restored ? A_DIM : A_NORMAL;
		wattrset(w, a);
		mvwhline(w, 2 + i, 0, ' ', cols);
		char when[32];
		short_at(r->at, when, sizeof when);
		x = 1;
		draw_text(w, 2 + i, x, when, wat, 1, 0); x += wat + 1;
		draw_text(w, 2 + i, x, r->kind, wkind, 1, 0); x += wkind + 1;
		draw_text(w, 2 + i, x, r->key, wkey, 1, 0); x += wkey + 1;
		draw_text(w, 2 + i, x, r->field, wfield, 1, 0); x += wfield + 1;
		draw_text(w, 2 + i, x, r->kept, wkept, 1, 0); x += wkept + 1;
		char lost[300];
		snprintf(lost, sizeof lost, "%s%s", r->lost, r->restored ? " (restored)" : "");
		draw_text(w, 2 + i, x, lost, wlost, 1, 0);
	}
	wattrset(w, A_NORMAL);
	if (rows >= 6 && cv->sel >= 0 && cv->sel < (long)cv->n) {
		const struct crow *r = &cv->rows[cv->sel];
		mvwhline(w, rows - 2, 0, ' ', cols);
		mvwhline(w, rows - 1, 0, ' ', cols);
		draw_printf(w, rows - 2, 1, cols - 2, "kept: %s", r->kept);
		draw_printf(w, rows - 1, 1, cols - 2, "lost: %s%s", r->lost,
			    r->restored ? " (restored)" : "");
	}
}

static void restore(struct view *v)
{
	struct conflicts_view *cv = v->data;
	if (cv->n == 0)
		return;
	const struct crow *r = &cv->rows[cv->sel];
	char q[256];
	snprintf(q, sizeof q, "Restore the losing version of %s %s%s?", r->kind, r->key,
		 r->gone ? " (created again)" : "");
	if (!tui_confirm(v->t, q))
		return;
	char err[512];
	if (sync_conflict_restore(v->t->s, r->id, err, sizeof err) != 0) {
		tui_message(v->t, 1, "%s", err);
		return;
	}
	char what[160];
	snprintf(what, sizeof what, "%s %s", r->kind, r->key);
	load(v);
	tui_message(v->t, 0, "restored %s; the next sync push sends it", what);
}

static int conflicts_action(struct view *v, enum action a)
{
	struct conflicts_view *cv = v->data;
	long last = cv->n ? (long)cv->n - 1 : 0;
	switch (a) {
	case ACT_DOWN: if (cv->sel < last) cv->sel++; return 1;
	case ACT_UP: if (cv->sel > 0) cv->sel--; return 1;
	case ACT_PAGE_DOWN: cv->sel = cv->sel + cv->page < last ? cv->sel + cv->page : last; return 1;
	case ACT_PAGE_UP: cv->sel = cv->sel > cv->page ? cv->sel - cv->page : 0; return 1;
	case ACT_TOP: cv->sel = 0; return 1;
	case ACT_BOTTOM: cv->sel = last; return 1;
	case ACT_RESTORE: restore(v); return 1;
	case ACT_REFRESH: load(v); return 0;
	case ACT_CONFLICTS: load(v); return 1;
	default: return 0;
	}
}

const struct view_ops conflicts_view_ops = {
	.name = "conflicts",
	.title = "Sync conflicts",
	.key = ACT_CONFLICTS,
	.actions = conflicts_actions,
	.open = conflicts_open,
	.draw = conflicts_draw,
	.action = conflicts_action,
	.close = conflicts_close,
	.untitled = 1,
};
