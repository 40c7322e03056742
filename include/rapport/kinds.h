#ifndef RAPPORT_KINDS_H
#define RAPPORT_KINDS_H
/* The data-file kinds of SPEC.md ("Data files"): their columns, types and
 * natural keys, defined once for import, export and the interface's forms. */
#include <stddef.h>
#include <sqlite3.h>

/* No kind has more columns than this. */
#define KIND_MAXCOLS 32

enum col_type {
	COL_TEXT,        /* free text; optional ones store "" as NULL */
	COL_CODE,        /* a user-chosen code (account key, handle, activity): no
			    spaces at the ends, no control characters, <= 64 chars */
	COL_INT,         /* integer in [lo, hi] */
	COL_MONEY,       /* non-negative money, stored in cents */
	COL_QUANTITY,    /* non-negative quantity, stored in thousandths */
	COL_DATE,        /* YYYY-MM-DD */
	COL_PERIOD,      /* YYYY, YYYY-Qn, YYYY-MM; also fills period_start/_end */
	COL_ENUM,        /* one of words[] */
	COL_ACCOUNT,     /* an existing account key -> account_id */
	COL_STAFF,       /* an existing staff handle -> staff_id */
	COL_RATE,        /* an existing rate's activity -> rate_id */
};

struct column {
	const char *name;          /* CSV header name */
	const char *dbcol;         /* column in the table */
	enum col_type type;
	int required;              /* must be in the header and non-empty */
	int natural;               /* part of the natural key */
	long lo, hi;               /* COL_INT range */
	const char *const *words;  /* COL_ENUM words */
};

struct kind {
	const char *name;            /* "accounts" ... */
	const char *table;           /* SQL table */
	const struct column *cols;   /* in SPEC order */
	int ncols;
	int event;                   /* no natural key: every row is a new record */
	const char *export_sql;      /* SELECT of the columns in cols[] order, in
					export order (natural key or insertion) */
	const char *noun;            /* one record, with its article: "an account" */
	const char *load_sql;        /* export_sql's columns of the one record whose
					id is ?1, followed by its id and version */
};

extern const struct kind kinds[];
extern const int nkinds;
/* The kind named name, or NULL. */
const struct kind *kind_find(const char *name);

/* Records the interface edits that are not data-file kinds (kind_find and
 * import/export do not know them): "notes", "decisions", "action_items".
 * Described like the kinds above (account by key, staff by handle); their
 * other columns (review_id, created_at) are not edited through forms. */
extern const struct kind extra_kinds[];
extern const int nextra_kinds;
/* The kind or extra kind named name, or NULL. */
const struct kind *kind_find_any(const char *name);

/* Column i of st's current row as text formatted for c's type, exactly as
 * export writes it (money "1234.50", quantities "2.5", integers, text as
 * stored), using buf (>= 32 bytes) when formatting is needed; NULL for SQL
 * NULL.  The result is valid until st steps or buf changes. */
const char *kind_cell(sqlite3_stmt *st, int i, const struct column *c, char *buf, size_t len);
/* "accounts, contacts, ..." for messages. */
const char *kind_names(void);

extern const char *const buying_role_words[];
extern const char *const role_words[];
extern const char *const survey_words[];

#endif
