#ifndef RAPPORT_KINDS_H
#define RAPPORT_KINDS_H
/* The data-file kinds of SPEC.md ("Data files"): their columns, types and
 * natural keys, defined once for import, export and the interface's forms. */

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
};

extern const struct kind kinds[];
extern const int nkinds;
/* The kind named name, or NULL. */
const struct kind *kind_find(const char *name);
/* "accounts, contacts, ..." for messages. */
const char *kind_names(void);

extern const char *const buying_role_words[];
extern const char *const role_words[];
extern const char *const survey_words[];

#endif
