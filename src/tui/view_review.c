/* Review meeting screen (key 7): the agenda built by the [review] rules,
 * each account with why it is on it; walking it account by account with a
 * large summary for the room; decisions and action items recorded on the
 * spot; starting and closing the review.
 *
 * Two modes: the agenda list, and the summary of one account (n / p walk
 * the agenda from either; Tab switches; q or Esc goes back to the list).
 * The agenda is built after the first paint (ops->idle; about a second at
 * 100k accounts: one pass of roles, one profit load) and holds at most
 * AGENDA_LIMIT accounts per rule, so it is a few hundred rows at most.
 *
 * Keys n, p, d, a and e are shared with other screens' actions
 * (record-nps, record-project, range, add, edit): keymap_lookup returns
 * those, and review_meaning takes them as this screen's actions while both
 * carry the same key.  The help lists this screen's own actions. */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "rapport/detail.h"
#include "rapport/record.h"
#include "rapport/review.h"
#include "rapport/util.h"
#include "rapport/values.h"

enum mode { M_LIST, M_SUMMARY };
enum form_kind { FK_NONE, FK_SETUP, FK_DECISION, FK_ACTION };
enum build_state { B_STALE, B_READY, B_FAILED };

struct review_view {
	int32_t today;
	char today_s[11];
	struct review rv;            /* the open review; rv.id 0 = none */
	char since[11];              /* the agenda's since: rv.since, else the default */
	char last_closed[11];        /* held_on of the last closed review, "" none */
	struct agenda ag;
	enum build_state state;      /* B_READY: ag is shown (a rebuild may be under way) */
	struct agenda_job *job;      /* an agenda being built, one source per idle call */
	int64_t stamp;               /* roles_data_stamp when built */
	long sel, top;               /* agenda rows */
	int page;
	enum mode mode;
	struct review_summary sum;   /* of sum_id, when sum_ok */
	int64_t sum_id;
	int sum_ok;
	struct form *form;           /* a form is open */
	enum form_kind fk;
	int64_t form_account;
	int64_t marked_review, marked_account;   /* last recorded by mark_shown */
};

static const enum action review_actions[] = {
	ACT_NEXT_ACCOUNT, ACT_PREV_ACCOUNT, ACT_DECISION, ACT_ACTION_ITEM, ACT_REVIEW_SETUP,
	ACT_CLOSE_REVIEW, ACT_OPEN, ACT_NEXT_SECTION, ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_PAGE_UP,
	ACT_TOP, ACT_BOTTOM, ACT_NONE
};

/* The columns of the review form (not a data-file kind: the form only). */
static const struct column setup_cols[] = {
	{ "title", "title", COL_TEXT, 0, 0, 0, 0, NULL },
	{ "since", "since", COL_DATE, 1, 0, 0, 0, NULL },
};
static const struct kind setup_kind = {
	"review", "reviews", setup_cols, 2, 1, NULL, "a review", NULL
};

static enum action review_meaning(enum action a)
{
	static const struct {
		enum action shared, mine;
	} m[] = {
		{ ACT_RECORD_NPS, ACT_NEXT_ACCOUNT }, { ACT_RECORD_PROJECT, ACT_PREV_ACCOUNT },
		{ ACT_RANGE, ACT_DECISION }, { ACT_ADD, ACT_ACTION_ITEM }, { ACT_EDIT, ACT_REVIEW_SETUP },
	};
	for (size_t i = 0; i < sizeof m / sizeof *m; i++)
		if (a == m[i].shared && strcmp(keymap_key_name(m[i].shared), keymap_key_name(m[i].mine)) == 0)
			return m[i].mine;
	return a;
}

/* ---- loading ---------------------------------------------------------------- */
static void drop_job(struct review_view *rv)
{
	agenda_job_free(rv->job);
	rv->job = NULL;
}


/* Today, the open review and the since day (cheap: a few indexed reads). */
static void load_review(struct view *v)
{
	struct review_view *rv = v->data;
	char err[256];
	drop_job(rv);
	agenda_free(&rv->ag);
	rv->state = B_STALE;
	rv->sum_ok = 0;
	if (value_today(&rv->today, err, sizeof err) != 0) {
		tui_message(v->t, 1, "%s", err);
		rv->state = B_FAILED;
		return;
	}
	value_date_fmt(rv->today, rv->today_s, sizeof rv->today_s);
	struct review last;
	if (review_open_current(v->t->s, &rv->rv, err, sizeof err) < 0 ||
	    review_last_closed(v->t->s, &last, err, sizeof err) < 0 ||
	    review_default_since(v->t->s, rv->today, rv->since, err, sizeof err) != 0) {
		tui_message(v->t, 1, "review: %s", err);
		rv->state = B_FAILED;
		return;
	}
	strlcpy_r(rv->last_closed, last.held_on, sizeof rv->last_closed);
	if (rv->rv.id && rv->rv.since[0])
		strlcpy_r(rv->since, rv->rv.since, sizeof rv->since);
}

/* One step of building the agenda (begun when there is no job). */
static void build_step(struct view *v)
{
	struct review_view *rv = v->data;
	char err[256];
	if (!rv->job) {
		rv->stamp = roles_data_stamp(v->t->s);
		rv->job = agenda_begin(v->t->s, v->t->cfg, rv->today, rv->since, AGENDA_LIMIT, err,
				       sizeof err);
		if (!rv->job) {
			tui_message(v->t, 1, "agenda: %s", err);
			rv->state = B_FAILED;
		}
		return;
	}
	int rc = agenda_step(rv->job, err, sizeof err);
	if (rc > 0)
		return;
	if (rc < 0) {
		agenda_job_free(rv->job);
		rv->job = NULL;
		tui_message(v->t, 1, "agenda: %s", err);
		agenda_free(&rv->ag);
		rv->state = B_FAILED;
		return;
	}
	agenda_free(&rv->ag);
	agenda_finish(rv->job, &rv->ag);
	rv->job = NULL;
	rv->state = B_READY;
	rv->sum_ok = 0;
	if (rv->sel >= (long)rv->ag.n)
		rv->sel = rv->ag.n ? (long)rv->ag.n - 1 : 0;
}


static const struct agenda_item *current(const struct review_view *rv)
{
	if (rv->state != B_READY || rv->sel < 0 || rv->sel >= (long)rv->ag.n)
		return NULL;
	return &rv->ag.v[rv->sel];
}

static void load_summary(struct view *v)
{
	struct review_view *rv = v->data;
	const struct agenda_item *it = current(rv);
	if (!it || (rv->sum_ok && rv->sum_id == it->account_id))
		return;
	char err[256];
	int rc = review_summary_load(v->t->s, v->t->cfg, rv->today,
				     rv->ag.has_splits ? &rv->ag.splits : NULL, it->account_id,
				     &rv->sum, err, sizeof err);
	rv->sum_id = it->account_id;
	rv->sum_ok = rc == 0;
	if (rc < 0)
		tui_message(v->t, 1, "review: %s", err);
	else if (rc == 1)
		tui_message(v->t, 1, "account %s was deleted meanwhile", it->key);
}

/* The room shows the current account while a review is open: record it
 * for the minutes (once per account in a row; the store keeps the first). */
static void mark_shown(struct view *v)
{
	struct review_view *rv = v->data;
	const struct agenda_item *it = current(rv);
	if (!it || !rv->sum_ok || !rv->rv.id ||
	    (rv->marked_review == rv->rv.id && rv->marked_account == it->account_id))
		return;
	char why[RULE_COUNT * 122] = "", err[256];
	for (int r = 0; r < it->nreasons; r++)
		snprintf(why + strlen(why), sizeof why - strlen(why), "%s%s", r ? "; " : "",
			 it->reasons[r].text);
	int current_stamp = roles_data_stamp(v->t->s) == rv->stamp;
	if (review_mark_shown(v->t->s, rv->rv.id, it->account_id, why, err, sizeof err) != 0) {
		tui_message(v->t, 1, "review: %s", err);
		return;
	}
	rv->marked_review = rv->rv.id;
	rv->marked_account = it->account_id;
	if (current_stamp)
		rv->stamp = roles_data_stamp(v->t->s);   /* our own write: no new agenda */
}

static void review_open(struct view *v)
{
	struct review_view *rv = xcalloc(1, sizeof *rv);
	v->data = rv;
	rv->page = 1;
	load_review(v);
}

static void review_close_view(struct view *v)
{
	struct review_view *rv = v->data;
	agenda_free(&rv->ag);
	drop_job(rv);
	form_free(rv->form);
	free(rv);
	v->data = NULL;
}

/* When idle: build the agenda after the first paint, one source per call
 * so keys are answered in between; again when another program changed the
 * database (the old agenda stays on screen meanwhile). */
static int review_idle(struct view *v)
{
	struct review_view *rv = v->data;
	if (!rv || rv->form)
		return 0;
	if (rv->job || rv->state == B_STALE ||
	    (rv->state == B_READY && roles_data_stamp(v->t->s) != rv->stamp)) {
		build_step(v);
		return rv->state != B_FAILED;
	}
	return 0;
}

/* ---- drawing ---------------------------------------------------------------- */

static void header(struct review_view *rv, char *buf, size_t len)
{
	if (rv->rv.id)
		snprintf(buf, len, "Review \"%s\" held %s, new since %s (open)",
			 rv->rv.title[0] ? rv->rv.title : "untitled", rv->rv.held_on, rv->since);
	else if (rv->last_closed[0])
		snprintf(buf, len, "No review open (%s starts one). Agenda since the last review, %s",
			 keymap_key_name(ACT_REVIEW_SETUP), rv->since);
	else
		snprintf(buf, len, "No review open (%s starts one). Agenda since %s (90 days)",
			 keymap_key_name(ACT_REVIEW_SETUP), rv->since);
}

static void counts_line(struct review_view *rv, char *buf, size_t len)
{
	const struct agenda *a = &rv->ag;
	size_t used = (size_t)snprintf(buf, len, "%zu account%s:", a->n, a->n == 1 ? "" : "s");
	for (int i = 0; i < a->nrules && used < len; i++) {
		enum review_rule r = a->rules[i];
		if (a->matched[r] > a->listed[r])
			used += (size_t)snprintf(buf + used, len - used, " %s %ld of %ld",
						 review_rule_words[r], a->listed[r], a->matched[r]);
		else
			used += (size_t)snprintf(buf + used, len - used, " %s %ld",
						 review_rule_words[r], a->matched[r]);
	}
}

static void notes_line(struct review_view *rv, char *buf, size_t len)
{
	const struct agenda *a = &rv->ag;
	size_t used = 0;
	buf[0] = '\0';
	int bounded = 0;
	for (int i = 0; i < a->nrules; i++)
		bounded |= a->matched[a->rules[i]] > a->listed[a->rules[i]];
	if (bounded)
		used += (size_t)snprintf(buf, len, "At most %d accounts per rule, worst first. ", a->limit);
	for (int i = 0; i < a->nrules && used < len; i++)
		if (a->note[a->rules[i]][0])
			used += (size_t)snprintf(buf + used, len - used, "%s: %s. ",
						 review_rule_words[a->rules[i]], a->note[a->rules[i]]);
}

static void footer(struct view *v, char *buf, size_t len)
{
	struct review_view *rv = v->data;
	char pos[48];
	snprintf(pos, sizeof pos, "%s%ld of %zu", rv->job ? "(updating) " : "",
		 rv->ag.n ? rv->sel + 1 : 0, rv->ag.n);
	snprintf(buf, len, "%s  %s/%s walk  %s decision  %s action  %s %s  %s close  %s %s",
		 pos, keymap_key_name(ACT_NEXT_ACCOUNT), keymap_key_name(ACT_PREV_ACCOUNT),
		 keymap_key_name(ACT_DECISION), keymap_key_name(ACT_ACTION_ITEM),
		 keymap_key_name(ACT_REVIEW_SETUP), rv->rv.id ? "edit" : "start",
		 keymap_key_name(ACT_CLOSE_REVIEW), keymap_key_name(ACT_OPEN),
		 rv->mode == M_LIST ? "open" : "detail");
}

static void draw_list(struct view *v, WINDOW *w, int y0, int rows, int cols)
{
	struct review_view *rv = v->data;
	int kw = cols >= 100 ? 14 : 10, nw = cols >= 100 ? 28 : 18;
	int ww = cols - 2 - kw - nw - 2;
	if (ww < 20) {
		nw = 0;
		ww = cols - 2 - kw - 1;
	}
	wattrset(w, A_BOLD | A_UNDERLINE);
	mvwhline(w, y0, 0, ' ', cols);
	draw_text(w, y0, 1, "Account", kw, 1, 0);
	if (nw)
		draw_text(w, y0, 1 + kw + 1, "Name", nw, 1, 0);
	draw_text(w, y0, cols - 1 - ww, "Why it is on the agenda", ww, 1, 0);
	wattrset(w, A_NORMAL);
	int page = rows - 1;
	if (page < 1)
		page = 1;
	rv->page = page;
	if (rv->sel < rv->top)
		rv->top = rv->sel;
	if (rv->sel >= rv->top + page)
		rv->top = rv->sel - page + 1;
	if (rv->top > (long)rv->ag.n - page)
		rv->top = (long)rv->ag.n - page;
	if (rv->top < 0)
		rv->top = 0;
	for (int i = 0; i < page; i++) {
		long k = rv->top + i;
		if (k >= (long)rv->ag.n)
			break;
		const struct agenda_item *it = &rv->ag.v[k];
		int y = y0 + 1 + i;
		attr_t a = k == rv->sel ? draw_attr(v->t, C_SELECT) : A_NORMAL;
		wattrset(w, a);
		mvwhline(w, y, 0, ' ', cols);
		draw_text(w, y, 1, it->key, kw, 1, 0);
		if (nw)
			draw_text(w, y, 1 + kw + 1, it->name, nw, 1, 0);
		char why[RULE_COUNT * 124];
		size_t used = 0;
		why[0] = '\0';
		for (int r = 0; r < it->nreasons; r++)
			used += (size_t)snprintf(why + used, sizeof why - used, "%s%s", r ? "; " : "",
						 it->reasons[r].text);
		draw_text(w, y, cols - 1 - ww, why, ww, 1, 0);
	}
	wattrset(w, A_NORMAL);
}

/* "+33.3" for an NPS in tenths. */
static void nps_text(const struct nps_counts *c, char *buf, size_t len)
{
	int64_t t = nps_score_tenths(c);
	int64_t a = t < 0 ? -t : t;
	snprintf(buf, len, "%s%lld.%lld", t < 0 ? "-" : t > 0 ? "+" : "", (long long)(a / 10),
		 (long long)(a % 10));
}

/* A labelled line: label in normal, value bold; returns the next y. */
static int fact(WINDOW *w, int y, int ymax, int cols, const char *label, const char *value,
		attr_t va)
{
	if (y >= ymax)
		return y;
	wattrset(w, A_NORMAL);
	draw_text(w, y, 2, label, 11, 1, 0);
	wattrset(w, va);
	draw_text(w, y, 14, value, cols - 15, 0, 0);
	wattrset(w, A_NORMAL);
	return y + 1;
}

static void draw_summary(struct view *v, WINDOW *w, int y0, int rows, int cols)
{
	struct review_view *rv = v->data;
	struct tui *t = v->t;
	const struct agenda_item *it = current(rv);
	load_summary(v);
	mark_shown(v);
	if (!it || !rv->sum_ok)
		return;
	const struct review_summary *s = &rv->sum;
	int ymax = y0 + rows;
	int y = y0;
	char line[512];
	/* the name: a bold band across the screen, readable from the back */
	wattrset(w, draw_attr(t, C_SELECT) | A_BOLD);
	mvwhline(w, y, 0, ' ', cols);
	snprintf(line, sizeof line, "%s  %s", s->key, s->name);
	draw_text(w, y, 2, line, cols - 4, 0, 0);
	wattrset(w, A_NORMAL);
	y += 2;
	for (int r = 0; r < it->nreasons; r++)
		y = fact(w, y, ymax, cols, r ? "" : "Why", it->reasons[r].text, A_BOLD);
	if (y < ymax)
		y++;
	if (!s->has_profit)
		snprintf(line, sizeof line, "none (no financials)");
	else if (s->has_quadrant)
		snprintf(line, sizeof line, "%s%s", quadrant_words[s->quadrant],
			 s->below_break_even ? ", below break-even" : "");
	else
		snprintf(line, sizeof line, "%s", s->below_break_even ? "below break-even" : "-");
	y = fact(w, y, ymax, cols, "Quadrant", line,
		 s->has_quadrant && s->quadrant == QUADRANT_AGGRESSIVE ? draw_attr(t, C_BAD) | A_BOLD : A_BOLD);
	if (s->has_profit) {
		char p[32], m[32], c[32];
		value_money_fmt(s->profit, p, sizeof p);
		value_money_fmt(s->net_margin, m, sizeof m);
		value_money_fmt(s->cost_to_serve, c, sizeof c);
		snprintf(line, sizeof line, "%s   (margin %s, cost-to-serve %s)", p, m, c);
		y = fact(w, y, ymax, cols, "Profit", line,
			 s->profit < 0 ? draw_attr(t, C_BAD) | A_BOLD : A_BOLD);
	}
	char n[24];
	if (s->nps.n) {
		nps_text(&s->nps, n, sizeof n);
		snprintf(line, sizeof line, "%s   (%lld response%s: %lld promoter%s, %lld detractor%s)", n,
			 (long long)s->nps.n, s->nps.n == 1 ? "" : "s", (long long)s->nps.promoters,
			 s->nps.promoters == 1 ? "" : "s", (long long)s->nps.detractors,
			 s->nps.detractors == 1 ? "" : "s");
	} else {
		snprintf(line, sizeof line, "no responses");
	}
	y = fact(w, y, ymax, cols, "NPS", line, A_BOLD);
	size_t used = 0;
	line[0] = '\0';
	for (int q = 0; q < 4; q++) {
		if (s->trend[q].n)
			nps_text(&s->trend[q], n, sizeof n);
		else
			snprintf(n, sizeof n, "-");
		if (s->trend[q].n)
			used += (size_t)snprintf(line + used, sizeof line - used, "%s %s (%lld)   ",
						 s->quarter[q], n, (long long)s->trend[q].n);
		else
			used += (size_t)snprintf(line + used, sizeof line - used, "%s -   ", s->quarter[q]);
	}
	y = fact(w, y, ymax, cols, "Trend", line, A_NORMAL);
	if (y < ymax)
		y++;
	if (!s->noverdue)
		y = fact(w, y, ymax, cols, "Overdue", "nothing", A_NORMAL);
	for (int i = 0; i < s->noverdue; i++)
		y = fact(w, y, ymax, cols, i ? "" : "Overdue", s->overdue[i], draw_attr(t, C_BAD));
	if (!s->ndecisions)
		y = fact(w, y, ymax, cols, "Decisions", "none yet", A_NORMAL);
	for (int i = 0; i < s->ndecisions; i++)
		y = fact(w, y, ymax, cols, i ? "" : "Decisions", s->decisions[i], A_NORMAL);
	if (!s->nactions)
		y = fact(w, y, ymax, cols, "Actions", "none open", A_NORMAL);
	for (int i = 0; i < s->nactions; i++)
		y = fact(w, y, ymax, cols, i ? "" : "Actions", s->actions[i], A_NORMAL);
}

static void review_draw(struct view *v, WINDOW *w, int rows, int cols)
{
	struct review_view *rv = v->data;
	char line[1024];
	if (rv->form) {
		form_draw(rv->form, v->t, w, 0, rows, cols);
		return;
	}
	header(rv, line, sizeof line);
	wattrset(w, A_BOLD);
	draw_text(w, 0, 1, line, cols - 2, 1, 0);
	wattrset(w, A_NORMAL);
	if (rv->state == B_STALE) {
		static const char *const what[AGENDA_STEPS + 1] = {
			"new detractors", "overdue roles and action items", "profit and quadrants",
			"spectrum moves", "ladder moves", "the accounts' names", "",
		};
		int k = rv->job ? agenda_job_progress(rv->job) : 0;
		snprintf(line, sizeof line, "computing the agenda (%d of %d): %s...", k + 1,
			 AGENDA_STEPS, what[k < AGENDA_STEPS ? k : AGENDA_STEPS]);
		draw_text(w, 2, 1, line, cols - 2, 0, 0);
		return;
	}
	if (rv->state == B_FAILED) {
		draw_text(w, 2, 1, "The agenda could not be built (see below); ^L tries again.", cols - 2, 0, 0);
		return;
	}
	int body = rows - 1;   /* the footer takes the last row */
	if (rv->mode == M_SUMMARY && rv->ag.n) {
		draw_summary(v, w, 2, body - 2, cols);
	} else {
		/* the counts, then the notes, over two rows (cut after that) */
		char notes[512], first[1024];
		counts_line(rv, line, sizeof line);
		notes_line(rv, notes, sizeof notes);
		if (draw_width(line) <= cols - 2) {
			draw_text(w, 1, 1, line, cols - 2, 1, 0);
			draw_text(w, 2, 1, notes, cols - 2, 1, 0);
		} else {   /* ASCII words: break at the last space that fits */
			size_t n = strlen(line);
			snprintf(line + n, sizeof line - n, "%s%s", notes[0] ? ". " : "", notes);
			int cut = cols - 2;
			while (cut > 0 && line[cut] != ' ')
				cut--;
			snprintf(first, sizeof first, "%.*s", cut, line);
			draw_text(w, 1, 1, first, cols - 2, 1, 0);
			draw_text(w, 2, 1, line + cut + 1, cols - 2, 1, 0);
		}
		if (!rv->ag.n) {
			draw_text(w, 4, 1, store_count(v->t->s, "accounts") > 0
				  ? "Nothing on the agenda: no account meets a rule since this date."
				  : "No accounts yet: import some, or try 'rapport demo'.", cols - 2, 0, 0);
			draw_text(w, 5, 1, "Rules and their order: [review] rules in rapport.ini.", cols - 2, 0, 0);
		} else {
			draw_list(v, w, 3, body - 3, cols);
		}
	}
	footer(v, line, sizeof line);
	mvwhline(w, rows - 1, 0, ' ', cols);
	draw_text(w, rows - 1, 1, line, cols - 2, 0, 0);
}

/* ---- forms ---------------------------------------------------------------------- */

static void staff_choices(struct view *v)
{
	struct review_view *rv = v->data;
	char err[256];
	if (form_choices_staff(rv->form, "staff", v->t->s, err, sizeof err) != 0)
		tui_message(v->t, 1, "%s", err);
}

static void open_setup(struct view *v)
{
	struct review_view *rv = v->data;
	struct record r;
	record_init(&r, &setup_kind);
	record_set(&r, 0, rv->rv.id ? rv->rv.title : "");
	record_set(&r, 1, rv->since);
	char title[160];
	if (rv->rv.id)
		snprintf(title, sizeof title, "The review held %s: title, and since when events count as new",
			 rv->rv.held_on);
	else
		snprintf(title, sizeof title, "Start a review held today, %s", rv->today_s);
	rv->form = form_new(title, &r);
	rv->fk = FK_SETUP;
	form_hint(rv->form, "title", "e.g. Q2 portfolio review");
	form_hint(rv->form, "since", "YYYY-MM-DD; default: the last review, else 90 days ago");
	rv->form->cur = 0;
}

static void open_record_form(struct view *v, enum form_kind fk)
{
	struct review_view *rv = v->data;
	const struct agenda_item *it = current(rv);
	if (!it)
		return;
	if (!rv->rv.id) {
		tui_message(v->t, 1, "start the review first (%s)", keymap_key_name(ACT_REVIEW_SETUP));
		return;
	}
	struct record r;
	record_init(&r, kind_find_any(fk == FK_DECISION ? "decisions" : "action_items"));
	record_set(&r, record_col(r.k, "account"), it->key);
	char title[400];
	snprintf(title, sizeof title, "%s on %s %s", fk == FK_DECISION ? "Decision" : "Action item",
		 it->key, it->name);
	rv->form = form_new(title, &r);
	rv->fk = fk;
	rv->form_account = it->account_id;
	if (fk == FK_ACTION && rv->form->n > 0 &&
	    strcmp(rv->form->rec.k->cols[rv->form->f[rv->form->n - 1].col].name, "done") == 0)
		rv->form->n--;   /* a new action item is not done */
	staff_choices(v);
	const char *me = v->t->cfg->me;
	form_set(rv->form, "staff", me ? me : "");
	if (fk == FK_DECISION) {
		form_set(rv->form, "date", rv->today_s);
		form_hint(rv->form, "staff", "who takes it (<- -> choose; empty = the meeting)");
	} else {
		char due[11];
		value_date_fmt(rv->today + 14, due, sizeof due);
		form_set(rv->form, "due", due);
		form_hint(rv->form, "staff", "owner (<- -> choose)");
		form_hint(rv->form, "due", "YYYY-MM-DD; shows on the owner's roles screen");
	}
	form_focus_first_empty(rv->form);
}

static void close_form(struct review_view *rv)
{
	form_free(rv->form);
	rv->form = NULL;
	rv->fk = FK_NONE;
}

static const char *field(struct form *f, const char *name)
{
	struct form_field *fl = form_field_named(f, name);
	return fl ? fl->edit.buf : "";
}

static void submit(struct view *v)
{
	struct review_view *rv = v->data;
	struct form *f = rv->form;
	struct tui *t = v->t;
	char err[256] = "";
	int rc;
	for (int i = 0; i < f->n; i++)
		f->f[i].error[0] = '\0';
	f->message[0] = '\0';
	if (rv->fk == FK_SETUP) {
		int64_t id = rv->rv.id;
		rc = id ? review_update(t->s, id, field(f, "title"), field(f, "since"), err, sizeof err)
			: review_start(t->s, rv->today_s, field(f, "title"), field(f, "since"), &id, err,
				       sizeof err);
		if (rc == 0) {
			tui_message(t, 0, "review %s: new since %s", rv->rv.id ? "changed" : "started",
				    field(f, "since"));
			close_form(rv);
			load_review(v);
			return;
		}
	} else {
		/* import's checks first, to show a bad value at its field */
		for (int i = 0; i < f->n; i++)
			record_set(&f->rec, f->f[i].col, f->f[i].edit.buf);
		int bad = -1;
		rc = record_validate(t->s, &f->rec, &bad, err, sizeof err);
		if (rc == 0 && rv->fk == FK_DECISION)
			rc = record_decision_add(t->s, rv->form_account, rv->rv.id, field(f, "date"),
						 field(f, "text"), field(f, "staff"), err, sizeof err);
		else if (rc == 0)
			rc = record_action_item_add(t->s, rv->form_account, rv->rv.id, field(f, "text"),
						    field(f, "staff"), field(f, "due"), err, sizeof err);
		if (rc == 0) {
			tui_message(t, 0, "%s recorded", rv->fk == FK_DECISION ? "decision" : "action item");
			close_form(rv);
			rv->sum_ok = 0;
			rv->stamp = roles_data_stamp(t->s);   /* our own write: no new agenda */
			return;
		}
		for (int i = 0; bad >= 0 && i < f->n; i++)
			if (f->f[i].col == bad) {
				const char *name = f->rec.k->cols[bad].name;
				size_t nl = strlen(name);
				const char *m = strncmp(err, name, nl) == 0 && err[nl] == ':' ? err + nl + 1 : err;
				while (*m == ' ')
					m++;
				snprintf(f->f[i].error, sizeof f->f[i].error, "%s", m);
				f->cur = i;
			}
	}
	/* the review's own checks name their field ("since: ...") */
	for (int i = 0; rv->fk == FK_SETUP && i < f->n; i++) {
		const char *name = f->rec.k->cols[f->f[i].col].name;
		size_t nl = strlen(name);
		if (strncmp(err, name, nl) == 0 && err[nl] == ':') {
			snprintf(f->f[i].error, sizeof f->f[i].error, "%s", err + nl + 2);
			f->cur = i;
		}
	}
	int at_field = 0;
	for (int i = 0; i < f->n; i++)
		at_field |= f->f[i].error[0] != '\0';
	if (!at_field) {
		snprintf(f->message, sizeof f->message, "Not saved: %s", err);
		f->message_error = 1;
	}
	tui_message(t, 1, "not saved: %s", err);
}

static int review_wants_text(struct view *v)
{
	struct review_view *rv = v->data;
	return rv && rv->form != NULL;
}

static int review_text_key(struct view *v, wint_t ch, int is_code)
{
	struct review_view *rv = v->data;
	v->t->status[0] = '\0';
	switch (form_key(rv->form, ch, is_code)) {
	case FORM_CANCEL:
		close_form(rv);
		tui_message(v->t, 0, "cancelled: nothing saved");
		break;
	case FORM_SUBMIT:
		submit(v);
		break;
	case FORM_GOING:
		break;
	}
	return 1;
}

/* ---- actions --------------------------------------------------------------------- */

static void close_review(struct view *v)
{
	struct review_view *rv = v->data;
	struct tui *t = v->t;
	if (!rv->rv.id) {
		tui_message(t, 1, "no review is open (%s starts one)", keymap_key_name(ACT_REVIEW_SETUP));
		return;
	}
	char q[256], err[256];
	snprintf(q, sizeof q, "Close the review \"%s\" of %s and store it?",
		 rv->rv.title[0] ? rv->rv.title : "untitled", rv->rv.held_on);
	if (!tui_confirm(t, q)) {
		tui_message(t, 0, "the review stays open");
		return;
	}
	if (review_close(t->s, t->cfg, rv->rv.id, err, sizeof err) != 0) {
		tui_message(t, 1, "not closed: %s", err);
		return;
	}
	tui_message(t, 0, "review closed and stored: rapport report minutes gives its minutes");
	rv->mode = M_LIST;
	rv->sel = rv->top = 0;
	load_review(v);
}

static void walk(struct view *v, long delta)
{
	struct review_view *rv = v->data;
	if (rv->state != B_READY || !rv->ag.n)
		return;
	if (rv->mode == M_LIST) {
		rv->mode = M_SUMMARY;   /* the walk starts at the selected account */
		return;
	}
	long to = rv->sel + delta;
	if (to < 0 || to >= (long)rv->ag.n) {
		tui_message(v->t, 0, "%s of the agenda", to < 0 ? "start" : "end");
		return;
	}
	rv->sel = to;
}

static void move_sel(struct review_view *rv, long delta)
{
	rv->sel += delta;
	if (rv->sel >= (long)rv->ag.n)
		rv->sel = (long)rv->ag.n - 1;
	if (rv->sel < 0)
		rv->sel = 0;
}

static int review_action(struct view *v, enum action a)
{
	struct review_view *rv = v->data;
	const struct agenda_item *it;
	switch (review_meaning(a)) {
	case ACT_NEXT_ACCOUNT: walk(v, 1); return 1;
	case ACT_PREV_ACCOUNT: walk(v, -1); return 1;
	case ACT_DOWN: rv->mode == M_SUMMARY ? walk(v, 1) : move_sel(rv, 1); return 1;
	case ACT_UP: rv->mode == M_SUMMARY ? walk(v, -1) : move_sel(rv, -1); return 1;
	case ACT_PAGE_DOWN: move_sel(rv, rv->page); return 1;
	case ACT_PAGE_UP: move_sel(rv, -rv->page); return 1;
	case ACT_TOP: move_sel(rv, -(long)rv->ag.n); return 1;
	case ACT_BOTTOM: move_sel(rv, (long)rv->ag.n); return 1;
	case ACT_NEXT_SECTION:
	case ACT_PREV_SECTION:
		rv->mode = rv->mode == M_LIST && current(rv) ? M_SUMMARY : M_LIST;
		return 1;
	case ACT_OPEN:
		if ((it = current(rv)) != NULL)
			accounts_open_detail(v->t, it->account_id);
		return 1;
	case ACT_DECISION: open_record_form(v, FK_DECISION); return 1;
	case ACT_ACTION_ITEM: open_record_form(v, FK_ACTION); return 1;
	case ACT_REVIEW_SETUP:
		if (rv->state != B_FAILED || rv->today)
			open_setup(v);
		return 1;
	case ACT_CLOSE_REVIEW: close_review(v); return 1;
	case ACT_CANCEL:
	case ACT_QUIT:
		if (rv->mode == M_SUMMARY) {
			rv->mode = M_LIST;
			return 1;
		}
		return a == ACT_CANCEL;
	case ACT_REFRESH:
		load_review(v);
		return 0;   /* the loop also repaints */
	default:
		return 0;
	}
}

const struct view_ops review_view_ops = {
	.name = "review",
	.title = "Review",
	.key = ACT_REVIEW,
	.actions = review_actions,
	.open = review_open,
	.draw = review_draw,
	.action = review_action,
	.text_key = review_text_key,
	.wants_text = review_wants_text,
	.idle = review_idle,
	.close = review_close_view,
};
