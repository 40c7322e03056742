#ifndef RAPPORT_TUI_FORM_H
#define RAPPORT_TUI_FORM_H
/* A form over one record (record.h): a vertical list of labelled fields,
 * one line editor each, in the order of the record kind's columns.
 *
 * Keys: typing edits the current field; Tab / Down next field, S-Tab / Up
 * previous; Left / Right on a field with a fixed list of words (survey,
 * buying role, ...) step through the words; Enter or ^S saves from any
 * field; Esc cancels without writing.  Saving goes through record_save
 * (import's checks, one transaction): a bad value is shown next to its
 * field and the cursor is put there; a concurrent change (-2) is the
 * caller's to handle (form_reload). */
#include "tui.h"
#include "rapport/store.h"

#include "rapport/record.h"

struct form_field {
	int col;                   /* column of the record's kind */
	char label[40];            /* shown left of the value ("name*": required) */
	struct line_edit edit;     /* the value being typed */
	char hint[160];            /* shown right of the value while it is fine */
	char error[256];           /* inline message after a refused save, "" none */
	char theirs[160];          /* after a reload: how the other change left it, "" none */
	char **choices;            /* values Left / Right step through (owned); NULL:
				      the column's enum words, if any */
	int nchoices;
};

struct form {
	char title[160];           /* first line */
	struct record rec;         /* the record: rec.id 0 = new; owned */
	char *orig[KIND_MAXCOLS];  /* the values as loaded (owned): what the user changed */
	struct form_field f[KIND_MAXCOLS];
	int n;                     /* fields shown */
	int cur;                   /* field with the cursor */
	int top;                   /* first field on screen (long forms scroll) */
	char message[256];         /* a message for the whole form, "" none */
	int message_error;         /* the message is an error */
	int reloaded;              /* form_reload ran: Enter writes over a seen change */
};

enum form_result {
	FORM_GOING,   /* the key was taken; keep the form open */
	FORM_CANCEL,  /* Esc: close without writing */
	FORM_SUBMIT,  /* Enter / ^S: the caller calls form_save */
};

/* A new form over r (moved into the form: do not free r) with one field
 * per column of r's kind except the account column, which keeps r's
 * value.  The cursor starts on the first empty required field, else the
 * first empty field, else the first.  Free with form_free. */
struct form *form_new(const char *title, struct record *r);
void form_free(struct form *f);

/* The field showing column name of the kind, or NULL. */
struct form_field *form_field_named(struct form *f, const char *name);
/* Set a field's text (and the record's value). */
void form_set(struct form *f, const char *name, const char *value);
/* Replace a field's hint (printf-like). */
void form_hint(struct form *f, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Let Left / Right step field name through n values (copied). */
void form_choices(struct form *f, const char *name, const char *const *values, int n);
/* The field `name` steps through every staff member's handle.  Returns 0,
 * or -1 with err when the staff cannot be read (the field then has none). */
int form_choices_staff(struct form *f, const char *name, struct store *s, char *err, size_t errlen);
/* Put the cursor on the first empty field again (after setting defaults). */
void form_focus_first_empty(struct form *f);

/* Draw in w's rows [y0, y0+rows) over cols columns. */
void form_draw(struct form *f, struct tui *t, WINDOW *w, int y0, int rows, int cols);

/* Apply one key; see enum form_result. */
enum form_result form_key(struct form *f, wint_t ch, int is_key_code);

/* Copy the fields into the record and save it (record_save with t's
 * configuration).  Returns 0 (f->rec is now the stored record), -1 with
 * the message inline at the field at fault (cursor moved there) or, when
 * no field is at fault, in f->message; -2 on a concurrent change, with
 * the message in f->message. */
int form_save(struct form *f, struct tui *t);

/* After -2: load the stored version.  Fields the user did not change take
 * the stored values; fields the user changed keep the user's text, and
 * where the other change touched them too the stored value is shown next
 * to them ("theirs: ...").  Saving again writes on top of the stored
 * version, seen.  -1 when the record is gone (message in f->message);
 * else 0 with *conflicts = fields changed on both sides. */
int form_reload(struct form *f, struct tui *t, int *conflicts);

#endif
