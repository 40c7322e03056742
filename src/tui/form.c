/* Forms over one record (see form.h). */
#include "form.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rapport/detail.h"
#include "rapport/util.h"

#define LABEL_W 16   /* label column, right-aligned */

static void hint_for(const struct column *c, char *buf, size_t len)
{
	buf[0] = '\0';
	switch (c->type) {
	case COL_DATE:
		snprintf(buf, len, "YYYY-MM-DD");
		break;
	case COL_PERIOD:
		snprintf(buf, len, "YYYY, YYYY-Qn or YYYY-MM");
		break;
	case COL_INT:
		snprintf(buf, len, "%ld-%ld", c->lo, c->hi);
		break;
	case COL_MONEY:
		snprintf(buf, len, "amount, e.g. 1234.50");
		break;
	case COL_QUANTITY:
		snprintf(buf, len, "quantity, e.g. 2.5");
		break;
	case COL_STAFF:
		snprintf(buf, len, "staff handle (<- -> choose)");
		break;
	case COL_RATE:
		snprintf(buf, len, "activity name");
		break;
	case COL_CODE:
		snprintf(buf, len, "short code, unique");
		break;
	case COL_ENUM: {
		size_t used = 0;
		for (int i = 0; c->words[i] && used < len; i++)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? " " : "", c->words[i]);
		if (used < len)
			snprintf(buf + used, len - used, " (<- ->)");
		break;
	}
	default:
		break;
	}
}

struct form *form_new(const char *title, struct record *r)
{
	struct form *f = xcalloc(1, sizeof *f);
	snprintf(f->title, sizeof f->title, "%s", title);
	f->rec = *r;
	memset(r, 0, sizeof *r);
	const struct kind *k = f->rec.k;
	for (int i = 0; i < k->ncols; i++)
		f->orig[i] = xstrdup(f->rec.values[i] ? f->rec.values[i] : "");
	for (int i = 0; i < k->ncols; i++) {
		const struct column *c = &k->cols[i];
		if (c->type == COL_ACCOUNT)
			continue;
		struct form_field *fl = &f->f[f->n++];
		fl->col = i;
		snprintf(fl->label, sizeof fl->label, "%s%s", c->name, c->required ? "*" : "");
		for (char *p = fl->label; *p; p++)
			if (*p == '_')
				*p = ' ';
		line_edit_set(&fl->edit, f->rec.values[i]);
		hint_for(c, fl->hint, sizeof fl->hint);
	}
	form_focus_first_empty(f);
	return f;
}

void form_focus_first_empty(struct form *f)
{
	const struct kind *k = f->rec.k;
	f->cur = -1;
	for (int pass = 0; pass < 2 && f->cur < 0; pass++)
		for (int i = 0; i < f->n; i++)
			if (!f->f[i].edit.len && (pass || k->cols[f->f[i].col].required)) {
				f->cur = i;
				break;
			}
	if (f->cur < 0)
		f->cur = 0;
}

void form_free(struct form *f)
{
	if (!f)
		return;
	record_free(&f->rec);
	for (int i = 0; i < KIND_MAXCOLS; i++)
		free(f->orig[i]);
	for (int i = 0; i < f->n; i++) {
		for (int j = 0; j < f->f[i].nchoices; j++)
			free(f->f[i].choices[j]);
		free(f->f[i].choices);
	}
	free(f);
}

struct form_field *form_field_named(struct form *f, const char *name)
{
	int col = record_col(f->rec.k, name);
	for (int i = 0; col >= 0 && i < f->n; i++)
		if (f->f[i].col == col)
			return &f->f[i];
	return NULL;
}

void form_set(struct form *f, const char *name, const char *value)
{
	struct form_field *fl = form_field_named(f, name);
	if (!fl)
		return;
	line_edit_set(&fl->edit, value);
	record_set(&f->rec, fl->col, value);
}

void form_choices(struct form *f, const char *name, const char *const *values, int n)
{
	struct form_field *fl = form_field_named(f, name);
	if (!fl || n <= 0)
		return;
	for (int j = 0; j < fl->nchoices; j++)
		free(fl->choices[j]);
	free(fl->choices);
	fl->choices = xmalloc((size_t)n * sizeof *fl->choices);
	for (int j = 0; j < n; j++)
		fl->choices[j] = xstrdup(values[j]);
	fl->nchoices = n;
}

void form_hint(struct form *f, const char *name, const char *fmt, ...)
{
	struct form_field *fl = form_field_named(f, name);
	if (!fl)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(fl->hint, sizeof fl->hint, fmt, ap);
	va_end(ap);
}

/* The tail of s that fits in width columns (for a value longer than its box). */
static const char *tail_fitting(const char *s, int width)
{
	while (*s && draw_width(s) > width) {
		s++;
		while ((*s & 0xC0) == 0x80)
			s++;
	}
	return s;
}

void form_draw(struct form *f, struct tui *t, WINDOW *w, int y0, int rows, int cols)
{
	if (rows < 5 || cols < 20)
		return;
	wattrset(w, A_BOLD);
	draw_text(w, y0, 1, f->title, cols - 2, 1, 0);
	wattrset(w, A_NORMAL);
	int body = rows - 4;   /* title; message, help and keys at the bottom */
	if (f->cur < f->top)
		f->top = f->cur;
	if (f->cur >= f->top + body)
		f->top = f->cur - body + 1;
	if (f->top > 0 && f->n - f->top < body)
		f->top = f->n > body ? f->n - body : 0;
	int label_w = 4;
	for (int i = 0; i < f->n; i++)
		if (draw_width(f->f[i].label) > label_w)
			label_w = draw_width(f->f[i].label);
	if (label_w > cols / 4)
		label_w = cols / 4;
	int value_x = 1 + label_w + 2;
	int avail = cols - value_x - 1;
	int value_w = avail >= 50 ? avail * 3 / 5 : avail;
	if (value_w > 70)
		value_w = 70;
	int note_x = value_x + value_w + 2;
	int note_w = cols - note_x - 1;
	for (int i = f->top; i < f->n && i - f->top < body; i++) {
		struct form_field *fl = &f->f[i];
		int y = y0 + 1 + (i - f->top);
		int here = i == f->cur;
		mvwhline(w, y, 0, ' ', cols);
		wattrset(w, here ? A_BOLD : A_NORMAL);
		draw_text(w, y, 1, fl->label, label_w, 1, 1);
		draw_text(w, y, 1 + label_w, ":", 1, 0, 0);
		wattrset(w, A_NORMAL);
		/* the value in a box; the end of it shown while typing */
		attr_t box = here ? draw_attr(t, C_SELECT) : A_UNDERLINE;
		wattrset(w, box);
		const char *shown = here ? tail_fitting(fl->edit.buf, value_w - 1) : fl->edit.buf;
		draw_text(w, y, value_x, shown, value_w, 1, 0);
		if (here) {
			int cx = value_x + draw_width(shown);
			if (cx < value_x + value_w) {
				wattrset(w, box | A_REVERSE);
				mvwaddch(w, y, cx, ' ');
			}
		}
		/* beside it: its error, else the other change's value, else
		 * (current field) the hint */
		const char *note = fl->error[0] ? fl->error : fl->theirs[0] ? fl->theirs : here ? fl->hint : "";
		attr_t na = fl->error[0] ? draw_attr(t, C_BAD) | A_BOLD : fl->theirs[0] ? A_BOLD : A_DIM;
		wattrset(w, na);
		if (note_w >= 8 && note[0])
			draw_text(w, y, note_x, note, note_w, 0, 0);
		wattrset(w, A_NORMAL);
	}
	int fy = y0 + rows - 1;
	for (int y = fy - 2; y <= fy; y++)
		mvwhline(w, y, 0, ' ', cols);
	if (f->message[0]) {
		wattrset(w, f->message_error ? draw_attr(t, C_BAD) | A_BOLD : A_BOLD);
		draw_text(w, fy - 2, 1, f->message, cols - 2, 0, 0);
	}
	/* the current field's note in full */
	struct form_field *cf = f->n ? &f->f[f->cur] : NULL;
	if (cf) {
		const char *note = cf->error[0] ? cf->error : cf->theirs[0] ? cf->theirs : cf->hint;
		char line[512];
		if (cf->error[0]) /* an error names its field; a hint sits beside it */
			snprintf(line, sizeof line, "%s: %s", f->rec.k->cols[cf->col].name, note);
		else
			snprintf(line, sizeof line, "%s", note);
		wattrset(w, cf->error[0] ? draw_attr(t, C_BAD) | A_BOLD : cf->theirs[0] ? A_BOLD : A_NORMAL);
		if (note[0])
			draw_text(w, fy - 1, 1, line, cols - 2, 0, 0);
	}
	wattrset(w, A_DIM);
	char keys[160];
	if (f->reloaded)
		snprintf(keys, sizeof keys, "Enter save yours over theirs  Esc keep theirs  Tab/S-Tab move");
	else
		snprintf(keys, sizeof keys, "Enter save  Esc cancel  Tab/Down next  S-Tab/Up previous  "
			 "^U clear%s", f->n > body ? "  (more fields: scroll with Tab)" : "");
	draw_text(w, fy, 1, keys, cols - 2, 0, 0);
	wattrset(w, A_NORMAL);
}

/* Step a field through its choices, or its enum words ("" first when
 * optional). */
static void cycle_word(struct form *f, int dir)
{
	struct form_field *fl = &f->f[f->cur];
	const struct column *c = &f->rec.k->cols[fl->col];
	const char *const *words = NULL;
	int n = 0, at = -1;
	if (fl->choices) {
		words = (const char *const *)fl->choices;
		n = fl->nchoices;
	} else if (c->type == COL_ENUM) {
		words = c->words;
		while (words[n])
			n++;
	}
	if (!words || !n)
		return;
	for (int i = 0; i < n; i++)
		if (strcmp(fl->edit.buf, words[i]) == 0)
			at = i;
	int slots = n + !c->required;   /* the empty value is slot n */
	int pos = -1;
	if (at < 0 && fl->edit.len) /* complete what was typed */
		for (int i = 0; i < n && pos < 0; i++)
			if (strncmp(words[i], fl->edit.buf, fl->edit.len) == 0)
				pos = i;
	if (pos < 0) {
		pos = at >= 0 ? at : (c->required ? (dir > 0 ? -1 : 0) : n);
		pos = ((pos + dir) % slots + slots) % slots;
	}
	line_edit_set(&fl->edit, pos < n ? words[pos] : "");
	fl->error[0] = '\0';
}

enum form_result form_key(struct form *f, wint_t ch, int is_code)
{
	if (!f->n)
		return is_code || ch != 27 ? FORM_GOING : FORM_CANCEL;
	if (!is_code) {
		switch (ch) {
		case 27:
			return FORM_CANCEL;
		case '\r':
		case '\n':
		case 19: /* ^S */
			return FORM_SUBMIT;
		case '\t':
			f->cur = (f->cur + 1) % f->n;
			return FORM_GOING;
		default:
			break;
		}
	} else {
		switch (ch) {
		case KEY_ENTER:
			return FORM_SUBMIT;
		case KEY_DOWN:
			f->cur = (f->cur + 1) % f->n;
			return FORM_GOING;
		case KEY_UP:
		case KEY_BTAB:
			f->cur = (f->cur + f->n - 1) % f->n;
			return FORM_GOING;
		case KEY_LEFT:
			cycle_word(f, -1);
			return FORM_GOING;
		case KEY_RIGHT:
			cycle_word(f, 1);
			return FORM_GOING;
		default:
			break;
		}
	}
	struct form_field *fl = &f->f[f->cur];
	if (line_edit_key(&fl->edit, ch, is_code)) {
		fl->error[0] = '\0';
		f->message[0] = '\0';
	}
	return FORM_GOING;
}

static void clear_notes(struct form *f)
{
	for (int i = 0; i < f->n; i++)
		f->f[i].error[0] = '\0';
	f->message[0] = '\0';
	f->message_error = 0;
}

static void fields_from_record(struct form *f)
{
	for (int i = 0; i < f->n; i++)
		line_edit_set(&f->f[i].edit, f->rec.values[f->f[i].col]);
}

int form_save(struct form *f, struct tui *t)
{
	clear_notes(f);
	for (int i = 0; i < f->n; i++)
		record_set(&f->rec, f->f[i].col, f->f[i].edit.buf);
	int bad = -1;
	char err[256] = "";
	int rc = record_save(t->s, t->cfg, &f->rec, &bad, err, sizeof err);
	if (rc == 0) {
		fields_from_record(f);
		for (int i = 0; i < f->n; i++)
			f->f[i].theirs[0] = '\0';
		return 0;
	}
	for (int i = 0; rc == -1 && bad >= 0 && i < f->n; i++)
		if (f->f[i].col == bad) {
			/* drop import's "name: " prefix: the field says which */
			const char *name = f->rec.k->cols[bad].name;
			size_t nl = strlen(name);
			const char *m = strncmp(err, name, nl) == 0 && err[nl] == ':' ? err + nl + 1 : err;
			while (*m == ' ')
				m++;
			snprintf(f->f[i].error, sizeof f->f[i].error, "%s", m);
			f->cur = i;
			return -1;
		}
	snprintf(f->message, sizeof f->message, "%s", err[0] ? err : "not saved");
	f->message_error = 1;
	return rc;
}

int form_reload(struct form *f, struct tui *t, int *conflicts)
{
	struct record now;
	char err[256];
	*conflicts = 0;
	if (record_load(t->s, f->rec.k, f->rec.id, &now, err, sizeof err) != 0) {
		record_free(&now);
		snprintf(f->message, sizeof f->message, "%s", err);
		f->message_error = 1;
		return -1;
	}
	for (int i = 0; i < f->n; i++) {
		struct form_field *fl = &f->f[i];
		const char *theirs = now.values[fl->col];
		const char *orig = f->orig[fl->col] ? f->orig[fl->col] : "";
		int mine = strcmp(fl->edit.buf, orig) != 0;
		int other = strcmp(theirs, orig) != 0;
		fl->theirs[0] = '\0';
		if (!mine) {
			line_edit_set(&fl->edit, theirs);
			if (other)
				snprintf(fl->theirs, sizeof fl->theirs, "changed meanwhile (was %s)",
					 orig[0] ? orig : "empty");
		} else if (other && strcmp(fl->edit.buf, theirs) != 0) {
			snprintf(fl->theirs, sizeof fl->theirs, "theirs: %s", theirs[0] ? theirs : "(empty)");
			++*conflicts;
		}
	}
	record_free(&f->rec);
	f->rec = now;
	f->reloaded = 1;
	for (int i = 0; i < f->rec.k->ncols; i++) {
		free(f->orig[i]);
		f->orig[i] = xstrdup(f->rec.values[i] ? f->rec.values[i] : "");
	}
	return 0;
}

struct handles {
	char **v;
	int n, cap;
};

static int collect_handle(const char *handle, void *ctx)
{
	struct handles *h = ctx;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 32;
		h->v = xrealloc(h->v, (size_t)h->cap * sizeof *h->v);
	}
	h->v[h->n++] = xstrdup(handle);
	return 0;
}

int form_choices_staff(struct form *f, const char *name, struct store *s, char *err, size_t errlen)
{
	struct handles h = { 0 };
	int rc = detail_staff_handles(s, collect_handle, &h, err, errlen);
	form_choices(f, name, (const char *const *)h.v, h.n);
	for (int i = 0; i < h.n; i++)
		free(h.v[i]);
	free(h.v);
	return rc;
}
