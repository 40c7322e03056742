/* Account detail: one account in full, pushed over the accounts list by
 * accounts_open_detail (Enter on a row; a on the list opens it on a new
 * account's form).  Sections, switched with Tab / S-Tab: overview,
 * contacts, team, NPS history, financials, activity (meetings, projects,
 * problems), notes and the change history.  Forms (form.c) edit the
 * account and what belongs to it; n m p P N record an NPS response, a
 * meeting, a project, a problem or a note from any section.
 * accounts_open_detail_record opens it on one record's edit form (e on
 * the roles screen).
 *
 * A section is built (detail_sections.c) once into lines and items (the
 * records those lines show, for e / D / Enter); it is rebuilt when the
 * width changes, after a save, or when another process changed the
 * database (PRAGMA data_version, polled when idle).  Every query is in
 * src/core/detail.c; saving goes through record.h. */
#include "view_detail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/record.h"
#include "rapport/util.h"
#include "rapport/values.h"

static const enum action detail_actions[] = {
	ACT_NEXT_SECTION, ACT_PREV_SECTION, ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_PAGE_UP, ACT_TOP,
	ACT_BOTTOM, ACT_OPEN, ACT_EDIT, ACT_ADD, ACT_DELETE, ACT_RECORD_NPS, ACT_RECORD_MEETING,
	ACT_RECORD_PROJECT, ACT_RECORD_PROBLEM, ACT_NOTE, ACT_REFRESH, ACT_CANCEL, ACT_NONE
};

/* ---- loading ------------------------------------------------------------------ */

/* Read the overview again; 0, or -1 when the account is gone (then the
 * view goes back). */
static int load(struct view *v)
{
	struct detail_view *dv = v->data;
	detail_overview_free(&dv->ov);
	dv->have_ov = 0;
	dv->built = 0;
	dv->seen_version = detail_data_version(v->t->s);
	if (!dv->id)
		return 0;
	char err[256];
	int rc = detail_overview_load(v->t->s, dv->id, detail_today(v->t), &dv->ov, err, sizeof err);
	if (rc == 1) {
		tui_message(v->t, 1, "that account no longer exists (deleted meanwhile)");
		return -1;
	}
	if (rc != 0) {
		tui_message(v->t, 1, "%s", err);
		return -1;
	}
	dv->have_ov = 1;
	return 0;
}

static void go_back(struct view *v)
{
	struct detail_view *dv = v->data;
	struct tui *t = v->t;
	int back = dv->back >= 0 && dv->back < t->nviews && t->views[dv->back].ops != v->ops ? dv->back : 0;
	tui_show(t, t->views[back].ops->name);
}

/* The accounts list caches figures: tell it this process changed data. */
static void list_changed(struct tui *t)
{
	for (int i = 0; i < t->nviews; i++) {
		struct view *lv = &t->views[i];
		if (strcmp(lv->ops->name, "accounts") == 0 && lv->data && lv->ops->action)
			lv->ops->action(lv, ACT_REFRESH);
	}
}

/* ---- forms -------------------------------------------------------------------- */

static void close_form(struct detail_view *dv)
{
	form_free(dv->form);
	dv->form = NULL;
}

/* A new record of kind for the account shown. */
static void new_record(struct detail_view *dv, const char *kind, struct record *r)
{
	record_init(r, kind_find_any(kind));
	int c = record_col(r->k, "account");
	if (c >= 0)
		record_set(r, c, dv->ov.key);
}

/* Left / Right on the form's staff field step through the staff. */
static void staff_choices(struct view *v)
{
	struct detail_view *dv = v->data;
	char err[256];
	if (form_choices_staff(dv->form, "staff", v->t->s, err, sizeof err) != 0)
		tui_message(v->t, 1, "%s", err);
}

static void open_form(struct view *v, const char *title_fmt, const char *what, struct record *r)
{
	struct detail_view *dv = v->data;
	char title[160];
	snprintf(title, sizeof title, title_fmt, what, dv->have_ov ? dv->ov.key : "",
		 dv->have_ov ? dv->ov.name : "");
	close_form(dv);
	dv->form = form_new(title, r);
	if (form_field_named(dv->form, "staff"))
		staff_choices(v);
}

/* The staff default for a quick entry: [user] me, else the role holder. */
static const char *staff_default(struct view *v, enum role_kind role)
{
	struct detail_view *dv = v->data;
	const char *me = v->t->cfg->me;
	if (me && *me)
		return me;
	return dv->ov.owner[role];
}

static void today_text(struct view *v, char *buf, size_t len)
{
	value_date_fmt(detail_today(v->t), buf, len);
}

static void quick_entry(struct view *v, enum action a)
{
	struct detail_view *dv = v->data;
	if (!dv->have_ov)
		return;
	struct record r;
	char today[11];
	today_text(v, today, sizeof today);
	switch (a) {
	case ACT_RECORD_NPS:
		new_record(dv, "nps", &r);
		open_form(v, "Record %s for %s  %s", "an NPS response", &r);
		form_set(dv->form, "date", today);
		form_set(dv->form, "survey", "relationship");
		form_hint(dv->form, "score", "0-10: 9-10 promoter, 7-8 passive, 0-6 detractor");
		break;
	case ACT_RECORD_MEETING:
		new_record(dv, "meetings", &r);
		open_form(v, "Record %s with %s  %s", "a meeting", &r);
		form_set(dv->form, "date", today);
		form_set(dv->form, "staff", staff_default(v, ROLE_RELATIONSHIP));
		form_hint(dv->form, "notes", "what the customer expects");
		form_hint(dv->form, "action_plan", "what we agreed to do");
		break;
	case ACT_RECORD_PROJECT:
		new_record(dv, "projects", &r);
		open_form(v, "Record %s for %s  %s", "a project", &r);
		form_set(dv->form, "started", today);
		form_set(dv->form, "staff", staff_default(v, ROLE_PROJECT));
		form_hint(dv->form, "conditions", "the customer's conditions of satisfaction");
		form_hint(dv->form, "feedback_score", "0-10, the customer's feedback after it");
		break;
	case ACT_RECORD_PROBLEM: {
		new_record(dv, "problems", &r);
		open_form(v, "Record %s for %s  %s", "a problem", &r);
		form_set(dv->form, "opened", today);
		form_set(dv->form, "staff", staff_default(v, ROLE_PROBLEM));
		form_hint(dv->form, "due", "empty: opened + %d days", v->t->cfg->problem_days);
		form_hint(dv->form, "satisfaction", "0-10, with the resolution");
		break;
	}
	case ACT_NOTE:
		new_record(dv, "notes", &r);
		open_form(v, "Write %s on %s  %s", "a note", &r);
		form_set(dv->form, "author", v->t->cfg->user_name);
		break;
	default:
		return;
	}
	form_focus_first_empty(dv->form);
}

/* e / Enter: the account on the overview, else the selected record. */
static void edit_selected(struct view *v)
{
	struct detail_view *dv = v->data;
	struct tui *t = v->t;
	char err[256];
	struct record r;
	if (!dv->have_ov)
		return;
	if (dv->sec == SEC_OVERVIEW) {
		if (record_load(t->s, kind_find("accounts"), dv->id, &r, err, sizeof err) != 0) {
			record_free(&r);
			tui_message(t, 1, "%s", err);
			return;
		}
		open_form(v, "Edit %s %s  %s", "account", &r);
		form_hint(dv->form, "relationship", "empty = derived; transactional value-adding "
			  "collaborative (<- ->)");
		form_hint(dv->form, "ladder", "1 cynic .. 8 pays a premium");
		form_hint(dv->form, "wallet", "estimated category spend a year");
		dv->form->cur = 1; /* name: the key rarely changes */
		return;
	}
	if (dv->sel < 0 || dv->sel >= dv->nitems) {
		tui_message(t, 0, "nothing to edit here; %s on the overview edits the account",
			    keymap_key_name(ACT_EDIT));
		return;
	}
	struct ditem *it = &dv->items[dv->sel];
	if (it->k && strcmp(it->k->name, "roles") == 0 && !it->id) {
		new_record(dv, "roles", &r);
		open_form(v, "Assign %s on %s  %s", "a team role", &r);
		form_set(dv->form, "role", role_kind_words[it->role]);
		form_focus_first_empty(dv->form);
		return;
	}
	if (record_load(t->s, it->k, it->id, &r, err, sizeof err) != 0) {
		record_free(&r);
		tui_message(t, 1, "%s", err);
		load(v);
		return;
	}
	const char *sp = strchr(it->k->noun, ' ');
	open_form(v, "Edit %s of %s  %s", sp ? sp + 1 : it->k->noun, &r);
	dv->form->cur = 0;
	dv->want_kind = it->k;
	dv->want_id = it->id;
}

/* a: what it adds depends on the section. */
static void add_in_section(struct view *v)
{
	struct detail_view *dv = v->data;
	struct record r;
	if (!dv->have_ov)
		return;
	switch (dv->sec) {
	case SEC_CONTACTS:
		new_record(dv, "contacts", &r);
		open_form(v, "Add %s to %s  %s", "a contact", &r);
		break;
	case SEC_TEAM: {
		new_record(dv, "roles", &r);
		open_form(v, "Assign %s on %s  %s", "a team role", &r);
		const char *role = NULL;
		for (int k = ROLE_KINDS - 1; k >= 0; k--)
			if (!dv->ov.owner[k])
				role = role_kind_words[k];
		form_set(dv->form, "role", role ? role : "");
		form_focus_first_empty(dv->form);
		break;
	}
	case SEC_NPS:
		quick_entry(v, ACT_RECORD_NPS);
		break;
	case SEC_NOTES:
		quick_entry(v, ACT_NOTE);
		break;
	default:
		tui_message(v->t, 0, "%s adds in Contacts, Team, NPS and Notes; anywhere: %s NPS, %s meeting, "
			    "%s project, %s problem, %s note", keymap_key_name(ACT_ADD),
			    keymap_key_name(ACT_RECORD_NPS), keymap_key_name(ACT_RECORD_MEETING),
			    keymap_key_name(ACT_RECORD_PROJECT), keymap_key_name(ACT_RECORD_PROBLEM),
			    keymap_key_name(ACT_NOTE));
		break;
	}
}

/* Where a saved record of kind is shown. */
static enum section section_of(const struct kind *k)
{
	static const struct {
		const char *kind;
		enum section sec;
	} map[] = {
		{ "contacts", SEC_CONTACTS }, { "roles", SEC_TEAM }, { "nps", SEC_NPS },
		{ "meetings", SEC_ACTIVITY }, { "projects", SEC_ACTIVITY }, { "problems", SEC_ACTIVITY },
		{ "notes", SEC_NOTES }, { "financials", SEC_FINANCIALS },
	};
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (strcmp(k->name, map[i].kind) == 0)
			return map[i].sec;
	return SEC_OVERVIEW;
}

static void form_submit(struct view *v)
{
	struct detail_view *dv = v->data;
	struct tui *t = v->t;
	struct form *f = dv->form;
	int was_new = f->rec.id == 0;
	int rc = form_save(f, t);
	if (rc == 0) {
		const struct kind *k = f->rec.k;
		int64_t id = f->rec.id;
		char noun[64];
		snprintf(noun, sizeof noun, "%s", k->noun);
		if (strcmp(k->name, "accounts") == 0) {
			dv->id = id;
			dv->sec = SEC_OVERVIEW;
			dv->top = 0;
		} else {
			dv->sec = section_of(k);
			dv->want_kind = k;
			dv->want_id = id;
		}
		close_form(dv);
		list_changed(t);
		if (load(v) != 0) {
			go_back(v);
			return;
		}
		const char *sp = strchr(noun, ' ');
		tui_message(t, 0, "%s %s", sp ? sp + 1 : noun, was_new ? "saved" : "updated");
		return;
	}
	if (rc == -2) {
		int conflicts = 0;
		if (form_reload(f, t, &conflicts) != 0) {
			tui_message(t, 1, "%s: nothing saved", f->message);
			close_form(dv);
			list_changed(t);
			if (load(v) != 0)
				go_back(v);
			return;
		}
		snprintf(f->message, sizeof f->message, "Not saved: changed meanwhile by someone else; %s",
			 conflicts ? "reloaded, theirs beside yours." : "reloaded, your edits kept.");
		f->message_error = 1;
		tui_message(t, 1, "not saved: changed by someone else meanwhile");
		list_changed(t);
		return;
	}
	/* -1: the form shows where */
	for (int i = 0; i < f->n; i++)
		if (f->f[i].error[0]) {
			tui_message(t, 1, "not saved: %s: %s", f->rec.k->cols[f->f[i].col].name,
				    f->f[i].error);
			return;
		}
	tui_message(t, 1, "not saved: %s", f->message);
}

/* ---- deleting ----------------------------------------------------------------- */

static void delete_selected(struct view *v)
{
	struct detail_view *dv = v->data;
	struct tui *t = v->t;
	char q[400], err[256];
	if (!dv->have_ov)
		return;
	if (dv->sec == SEC_OVERVIEW) {
		snprintf(q, sizeof q, "Delete account %s and everything recorded on it?", dv->ov.key);
		if (!tui_confirm(t, q)) {
			tui_message(t, 0, "not deleted");
			return;
		}
		int rc = record_delete(t->s, kind_find("accounts"), dv->id, dv->ov.version, err, sizeof err);
		if (rc != 0) {
			tui_message(t, 1, "not deleted: %s", err);
			load(v);
			return;
		}
		tui_message(t, 0, "account %s deleted", dv->ov.key);
		list_changed(t);
		dv->id = 0;
		load(v);
		go_back(v);
		return;
	}
	if (dv->sel < 0 || dv->sel >= dv->nitems) {
		tui_message(t, 0, "nothing selected to delete");
		return;
	}
	struct ditem *it = &dv->items[dv->sel];
	if (!it->id) {
		tui_message(t, 0, "nobody holds that role");
		return;
	}
	snprintf(q, sizeof q, "Delete %s?", it->label);
	if (!tui_confirm(t, q)) {
		tui_message(t, 0, "not deleted");
		return;
	}
	int rc = record_delete(t->s, it->k, it->id, it->version, err, sizeof err);
	if (rc != 0)
		tui_message(t, 1, "not deleted: %s", err);
	else
		tui_message(t, 0, "deleted %s", it->label);
	list_changed(t);
	if (load(v) != 0)
		go_back(v);
}

/* ---- the view ------------------------------------------------------------------ */

static void detail_open(struct view *v)
{
	struct detail_view *dv = xcalloc(1, sizeof *dv);
	dv->sel = -1;
	v->data = dv;
}

static void detail_close(struct view *v)
{
	struct detail_view *dv = v->data;
	close_form(dv);
	detail_clear(dv);
	free(dv->lines);
	free(dv->items);
	detail_overview_free(&dv->ov);
	free(dv);
	v->data = NULL;
}

void accounts_open_detail(struct tui *t, int64_t account_id)
{
	int idx = -1;
	for (int i = 0; i < t->nviews; i++)
		if (strcmp(t->views[i].ops->name, "detail") == 0)
			idx = i;
	if (idx < 0) {
		tui_message(t, 1, "the account detail is not available");
		return;
	}
	int from = t->current;
	tui_show(t, "detail");
	struct view *v = &t->views[idx];
	struct detail_view *dv = v->data;
	if (from != idx)
		dv->back = from;
	close_form(dv);
	dv->id = account_id;
	dv->sec = SEC_OVERVIEW;
	dv->top = 0;
	dv->sel = -1;
	if (load(v) != 0) {
		go_back(v);
		return;
	}
	if (!account_id) {
		struct record r;
		record_init(&r, kind_find("accounts"));
		dv->form = form_new("New account", &r);
		form_hint(dv->form, "key", "short unique code, e.g. ACME");
		form_hint(dv->form, "relationship", "empty = derived; transactional value-adding "
			  "collaborative (<- ->)");
		form_hint(dv->form, "ladder", "1 cynic .. 8 pays a premium");
		dv->form->cur = 0;
	}
}

static void draw_tabs(struct view *v, WINDOW *w, int cols)
{
	struct detail_view *dv = v->data;
	mvwhline(w, 0, 0, ' ', cols);
	int x = 1;
	for (int s = 0; s < SEC_COUNT && x < cols - 1; s++) {
		char label[32];
		snprintf(label, sizeof label, " %s ", section_titles[s]);
		wattrset(w, s == (int)dv->sec ? draw_attr(v->t, C_SELECT) | A_BOLD : A_NORMAL);
		x += draw_text(w, 0, x, label, cols - 1 - x, 0, 0);
		wattrset(w, A_NORMAL);
		x += 1;
	}
}

static attr_t style_attr(struct tui *t, int style)
{
	switch (style) {
	case ST_HEAD: return A_BOLD | A_UNDERLINE;
	case ST_BOLD: return A_BOLD;
	case ST_GOOD: return draw_attr(t, C_GOOD);
	case ST_BAD: return draw_attr(t, C_BAD);
	case ST_DIM: return A_DIM;
	default: return A_NORMAL;
	}
}

/* The footer's key hints for the current section, from the key map. */
static void section_keys(struct detail_view *dv, char *buf, size_t len)
{
	static const struct hint {
		enum action a;
		const char *word;
	} overview[] = { { ACT_EDIT, "edit" }, { ACT_DELETE, "delete" }, { ACT_RECORD_NPS, "NPS" },
			 { ACT_RECORD_MEETING, "meeting" }, { ACT_RECORD_PROJECT, "project" },
			 { ACT_RECORD_PROBLEM, "problem" }, { ACT_NOTE, "note" }, { ACT_NONE, NULL } },
	  items[] = { { ACT_ADD, "add" }, { ACT_EDIT, "edit" }, { ACT_DELETE, "delete" },
		      { ACT_NONE, NULL } },
	  team[] = { { ACT_EDIT, "assign" }, { ACT_DELETE, "remove" }, { ACT_NONE, NULL } },
	  nps[] = { { ACT_RECORD_NPS, "record" }, { ACT_EDIT, "edit" }, { ACT_DELETE, "delete" },
		    { ACT_NONE, NULL } },
	  activity[] = { { ACT_RECORD_MEETING, "meeting" }, { ACT_RECORD_PROJECT, "project" },
			 { ACT_RECORD_PROBLEM, "problem" }, { ACT_EDIT, "edit" },
			 { ACT_DELETE, "delete" }, { ACT_NONE, NULL } },
	  notes[] = { { ACT_NOTE, "write" }, { ACT_EDIT, "edit" }, { ACT_DELETE, "delete" },
		      { ACT_NONE, NULL } },
	  other[] = { { ACT_RECORD_NPS, "NPS" }, { ACT_RECORD_MEETING, "meeting" },
		      { ACT_RECORD_PROJECT, "project" }, { ACT_RECORD_PROBLEM, "problem" },
		      { ACT_NOTE, "note" }, { ACT_NONE, NULL } };
	const struct hint *h;
	switch (dv->sec) {
	case SEC_OVERVIEW: h = overview; break;
	case SEC_CONTACTS: h = items; break;
	case SEC_TEAM: h = team; break;
	case SEC_NPS: h = nps; break;
	case SEC_ACTIVITY: h = activity; break;
	case SEC_NOTES: h = notes; break;
	default: h = other; break;
	}
	size_t used = (size_t)snprintf(buf, len, "%s section", keymap_key_name(ACT_NEXT_SECTION));
	for (; h->word && used < len; h++)
		used += (size_t)snprintf(buf + used, len - used, "  %s %s", keymap_key_name(h->a), h->word);
	if (used < len)
		snprintf(buf + used, len - used, "  %s back", keymap_key_name(ACT_QUIT));
}

/* Keep the selected item in view (item sections) or the scroll in range. */
static void fit_scroll(struct detail_view *dv, int page)
{
	if (page < 1)
		page = 1;
	if (dv->sel >= 0 && dv->sel < dv->nitems) {
		const struct ditem *it = &dv->items[dv->sel];
		if (it->first >= 0) {
			if (dv->sel == 0 && it->last < page)
				dv->top = 0;
			if (it->first < dv->top)
				dv->top = it->first;
			if (it->last >= dv->top + page)
				dv->top = it->last - page + 1 > it->first ? it->first : it->last - page + 1;
		}
	}
	int max = dv->nlines - page;
	if (dv->top > max)
		dv->top = max;
	if (dv->top < 0)
		dv->top = 0;
}

static void detail_draw(struct view *v, WINDOW *w, int rows, int cols)
{
	struct detail_view *dv = v->data;
	struct tui *t = v->t;
	if (dv->form) {
		form_draw(dv->form, t, w, 0, rows, cols);
		return;
	}
	if (!dv->have_ov) {
		draw_text(w, 1, 1, "No account.", cols - 2, 0, 0);
		return;
	}
	if (!dv->built || dv->built_cols != cols)
		detail_build(v, cols);
	draw_tabs(v, w, cols);
	/* the account */
	wattrset(w, A_BOLD);
	char head[512];
	snprintf(head, sizeof head, "%s  %s", dv->ov.key, dv->ov.name);
	draw_text(w, 1, 1, head, cols - 2, 0, 0);
	wattrset(w, A_NORMAL);
	int body_y = 2, page = rows - 3;
	dv->page = page;
	fit_scroll(dv, page);
	for (int i = 0; i < page && dv->top + i < dv->nlines; i++) {
		const struct dline *l = &dv->lines[dv->top + i];
		int y = body_y + i;
		int selected = l->item >= 0 && l->item == dv->sel;
		attr_t a = selected ? draw_attr(t, C_SELECT) : style_attr(t, l->style);
		if (selected && (l->style == ST_BOLD || l->style == ST_BAD))
			a |= A_BOLD;
		wattrset(w, a);
		if (selected)
			mvwhline(w, y, 0, ' ', cols);
		draw_text(w, y, 1, l->text, cols - 2, 0, 0);
		wattrset(w, A_NORMAL);
	}
	/* footer: keys, and the position when the section scrolls */
	char foot[256], pos[32] = "";
	section_keys(dv, foot, sizeof foot);
	if (dv->nlines > page)
		snprintf(pos, sizeof pos, "%d-%d/%d", dv->top + 1,
			 dv->top + page < dv->nlines ? dv->top + page : dv->nlines, dv->nlines);
	int pw = draw_width(pos);
	wattrset(w, A_DIM);
	draw_text(w, rows - 1, 1, foot, cols - 3 - pw, 0, 0);
	if (pw)
		draw_text(w, rows - 1, cols - 1 - pw, pos, pw, 0, 0);
	wattrset(w, A_NORMAL);
}

static void move_sel(struct detail_view *dv, int delta)
{
	if (dv->nitems) {
		int s = dv->sel + delta;
		if (s < 0)
			s = 0;
		if (s >= dv->nitems)
			s = dv->nitems - 1;
		dv->sel = s;
	} else {
		dv->top += delta;   /* fit_scroll clamps */
	}
}

static void set_section(struct detail_view *dv, int s)
{
	dv->sec = (enum section)((s + SEC_COUNT) % SEC_COUNT);
	dv->top = 0;
	dv->sel = -1;
	dv->built = 0;
}

void accounts_open_detail_record(struct tui *t, int64_t account_id, const struct kind *k,
				 int64_t id, const char *focus)
{
	accounts_open_detail(t, account_id);
	struct view *v = &t->views[t->current];
	if (v->ops != &detail_view_ops)
		return;
	struct detail_view *dv = v->data;
	if (!dv->have_ov || dv->id != account_id || !k)
		return;
	set_section(dv, (int)section_of(k));
	dv->want_kind = k;
	dv->want_id = id;
	detail_build(v, COLS);
	if (dv->sel < 0 || dv->sel >= dv->nitems || dv->items[dv->sel].k != k ||
	    dv->items[dv->sel].id != id) {
		tui_message(t, 1, "that record no longer exists (deleted meanwhile)");
		return;
	}
	edit_selected(v);
	struct form_field *ff = dv->form && focus ? form_field_named(dv->form, focus) : NULL;
	if (ff)
		dv->form->cur = (int)(ff - dv->form->f);
}

static int detail_action(struct view *v, enum action a)
{
	struct detail_view *dv = v->data;
	int page = dv->page > 1 ? dv->page - 1 : 1;
	switch (a) {
	case ACT_QUIT:
	case ACT_CANCEL:
		go_back(v);
		return 1;
	case ACT_NEXT_SECTION:
		set_section(dv, (int)dv->sec + 1);
		return 1;
	case ACT_PREV_SECTION:
		set_section(dv, (int)dv->sec - 1);
		return 1;
	case ACT_DOWN:
		move_sel(dv, 1);
		return 1;
	case ACT_UP:
		move_sel(dv, -1);
		return 1;
	case ACT_PAGE_DOWN:
		if (dv->nitems)
			move_sel(dv, page / 2 > 0 ? page / 2 : 1);
		else
			dv->top += page;
		return 1;
	case ACT_PAGE_UP:
		if (dv->nitems)
			move_sel(dv, -(page / 2 > 0 ? page / 2 : 1));
		else
			dv->top -= page;
		return 1;
	case ACT_TOP:
		dv->top = 0;
		if (dv->nitems)
			dv->sel = 0;
		return 1;
	case ACT_BOTTOM:
		dv->top = dv->nlines;
		if (dv->nitems)
			dv->sel = dv->nitems - 1;
		return 1;
	case ACT_OPEN:
	case ACT_EDIT:
		edit_selected(v);
		return 1;
	case ACT_ADD:
		add_in_section(v);
		return 1;
	case ACT_DELETE:
		delete_selected(v);
		return 1;
	case ACT_RECORD_NPS:
	case ACT_RECORD_MEETING:
	case ACT_RECORD_PROJECT:
	case ACT_RECORD_PROBLEM:
	case ACT_NOTE:
		quick_entry(v, a);
		return 1;
	case ACT_REFRESH:
		dv->splits_stale = 1;
		if (load(v) != 0)
			go_back(v);
		return 0; /* the loop repaints too */
	default:
		return 0;
	}
}

static int detail_wants_text(struct view *v)
{
	struct detail_view *dv = v->data;
	return dv->form != NULL;
}

static int detail_text_key(struct view *v, wint_t ch, int is_code)
{
	struct detail_view *dv = v->data;
	/* the form shows what is wrong where it is; an old message would mislead */
	v->t->status[0] = '\0';
	v->t->status_error = 0;
	switch (form_key(dv->form, ch, is_code)) {
	case FORM_CANCEL:
		close_form(dv);
		dv->want_kind = NULL;
		tui_message(v->t, 0, "cancelled: nothing saved");
		if (!dv->id)
			go_back(v);
		else if (load(v) != 0)
			go_back(v);
		break;
	case FORM_SUBMIT:
		form_submit(v);
		break;
	case FORM_GOING:
		break;
	}
	return 1;
}

/* When idle: the grid splits for the quadrant (about a second at 100k
 * accounts, so only when the overview shows and only once: this screen's
 * own saves never change financials), and a reload when another process
 * changed the database. */
static int detail_idle(struct view *v)
{
	struct detail_view *dv = v->data;
	if (!dv || dv->form || !dv->id)
		return 0;
	int did = 0;
	if (detail_data_version(v->t->s) != dv->seen_version) {
		dv->splits_stale = 1;
		if (load(v) != 0) {
			go_back(v);
			return 1;
		}
		did = 1;
	}
	if (dv->sec == SEC_OVERVIEW && (dv->have_splits == 0 || dv->splits_stale)) {
		char err[256];
		dv->splits_stale = 0;
		if (detail_grid_splits(v->t->s, v->t->cfg, &dv->splits, err, sizeof err) != 0) {
			tui_message(v->t, 1, "%s", err);
			dv->have_splits = -1;   /* not again until ^L or a change */
			return 0;
		}
		dv->have_splits = 1;
		dv->built = 0;
		did = 1;
	}
	return did;
}

const struct view_ops detail_view_ops = {
	.name = "detail",
	.title = "Account",
	.key = ACT_NONE,
	.actions = detail_actions,
	.open = detail_open,
	.draw = detail_draw,
	.action = detail_action,
	.text_key = detail_text_key,
	.wants_text = detail_wants_text,
	.idle = detail_idle,
	.close = detail_close,
};
