#ifndef RAPPORT_CSV_H
#define RAPPORT_CSV_H
/* RFC 4180 CSV reader and writer.
 *
 * Reader: quoted fields, "" inside quotes, embedded commas, CR/LF inside
 * quotes, records ending in CRLF or LF (a lone CR too), a UTF-8 BOM at the
 * very start skipped.  Refused with an error (never silently mended):
 * invalid UTF-8, a NUL byte, an unterminated quote, a quote inside an
 * unquoted field, text after a closing quote, a BOM anywhere but the start,
 * a field over CSV_FIELD_MAX bytes, and a record whose field count differs
 * from the first record's (the header).  Lines that are completely empty
 * are skipped.  Errors are "NAME:LINE:COLUMN: message" where LINE is the
 * 1-based physical line and COLUMN the 1-based character (not byte) column
 * where the problem is. */
#include <stdio.h>
#include <stddef.h>

#define CSV_FIELD_MAX (1024 * 1024)

struct csv_field {
	const char *s;  /* unquoted value, NUL-terminated; valid until next csv_read */
	size_t len;     /* its length in bytes */
	long line;      /* 1-based line where the field starts */
	long col;       /* 1-based character column where the field starts */
};

struct csv_record {
	size_t n;                  /* number of fields */
	struct csv_field *fields;  /* owned by the reader */
	long line;                 /* line where the record starts */
	long number;               /* 1 for the header, 2 for the first data record... */
};

struct csv_reader;

/* Open path for reading ("-" = stdin, named "<stdin>" in messages).
 * Returns NULL with a message ("PATH: No such file or directory") in err. */
struct csv_reader *csv_open_file(const char *path, char *err, size_t errlen);
/* Read from a caller-owned buffer (kept alive until csv_close); name is
 * used in messages. */
struct csv_reader *csv_open_mem(const char *name, const char *buf, size_t len);
/* 1: *rec holds the next record; 0: end of input; -1: error (csv_error). */
int csv_read(struct csv_reader *r, const struct csv_record **rec);
/* The last error as "NAME:LINE:COL: message", "" when none. */
const char *csv_error(const struct csv_reader *r);
/* Set an error at a given position, formatted like the reader's own, so
 * callers validating values report them the same way.  Returns -1. */
int csv_fail(struct csv_reader *r, long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
const char *csv_name(const struct csv_reader *r);
/* Bytes consumed so far and total size when known (-1 for pipes): progress. */
long long csv_offset(const struct csv_reader *r);
long long csv_size(const struct csv_reader *r);
void csv_close(struct csv_reader *r);

/* Writer: one record per line ending in LF; a field is quoted when it
 * contains a comma, a quote, CR or LF, or starts or ends with a space;
 * quotes doubled.  NULL fields are written empty.  Returns 0, or -1 on a
 * write error (errno set). */
int csv_write_record(FILE *f, const char *const *fields, size_t n);

#endif
