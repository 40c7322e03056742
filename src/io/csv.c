/* RFC 4180 CSV reader and writer (see csv.h).
 *
 * The reader pulls the input through one block buffer (the caller's buffer
 * for csv_open_mem) and copies field bytes run by run into one per-record
 * buffer that is reused, so a steady stream of records allocates nothing.
 * Positions are tracked as it goes: `line` is the physical line (CRLF, LF
 * or a lone CR ends one, inside quotes too) and `col` the character column
 * of the next byte, which is why UTF-8 is validated inline, one sequence at
 * a time, rather than after the fact. */
#include "rapport/csv.h"
#include "rapport/util.h"
#include "rapport/values.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BLOCK_SIZE (64 * 1024)

enum run_kind { RUN_UNQUOTED, RUN_QUOTED };

struct csv_reader {
	char *name;                 /* used in messages */
	FILE *f;                    /* NULL when reading memory */
	int close_f;                /* f is ours to fclose (not stdin) */
	unsigned char *block;       /* file mode: the block buffer */
	const unsigned char *p;     /* next unread byte */
	const unsigned char *end;   /* end of the bytes available */
	const unsigned char *base;  /* start of the window (block or memory) */
	long long base_off;         /* input offset of base[0] */
	long long size;             /* total bytes, -1 when unknown */
	int eof;                    /* no more bytes can be read into the window */
	int started;                /* the start-of-input BOM check is done */
	int failed;                 /* an error stopped reading: csv_read returns -1 */
	long line, col;             /* position of *p */
	long number;                /* records returned so far */
	size_t expected;            /* the header's field count (once read) */
	struct strbuf data;         /* the record's fields, each NUL-terminated */
	size_t *offs;               /* offset in data of each field */
	struct csv_field *fields;   /* the record's fields */
	size_t nfields, capfields;
	struct csv_record rec;
	struct strbuf err;          /* last error, "" when none */
	/* Bytes that can be copied straight into a field, per kind of run:
	 * ASCII other than NUL, CR, LF, '"' (and ',' outside quotes). */
	unsigned char plain[2][256];
};

static struct csv_reader *reader_new(const char *name)
{
	struct csv_reader *r = xcalloc(1, sizeof *r);
	r->name = xstrdup(name);
	r->line = 1;
	r->col = 1;
	r->size = -1;
	for (int c = 1; c < 0x80; c++) {
		int ctl = c == '\r' || c == '\n' || c == '"';
		r->plain[RUN_QUOTED][c] = !ctl;
		r->plain[RUN_UNQUOTED][c] = !ctl && c != ',';
	}
	return r;
}

struct csv_reader *csv_open_file(const char *path, char *err, size_t errlen)
{
	int is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	struct stat st;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	int have_stat = fstat(fileno(f), &st) == 0;
	if (have_stat && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", path, strerror(EISDIR));
		if (!is_stdin)
			fclose(f);
		return NULL;
	}
	struct csv_reader *r = reader_new(is_stdin ? "<stdin>" : path);
	r->f = f;
	r->close_f = !is_stdin;
	r->block = xmalloc(BLOCK_SIZE);
	r->base = r->p = r->end = r->block;
	if (have_stat && S_ISREG(st.st_mode))
		r->size = (long long)st.st_size;
	return r;
}

struct csv_reader *csv_open_mem(const char *name, const char *buf, size_t len)
{
	struct csv_reader *r = reader_new(name);
	r->base = r->p = (const unsigned char *)buf;
	r->end = r->p + len;
	r->eof = 1;
	r->size = (long long)len;
	return r;
}

static void set_errorv(struct csv_reader *r, long line, long col, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

static void set_errorv(struct csv_reader *r, long line, long col, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	sb_reset(&r->err);
	sb_printf(&r->err, "%s:%ld:%ld: ", r->name, line, col);
	if (n > 0) {
		char *msg = xmalloc((size_t)n + 1);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		sb_append(&r->err, msg, (size_t)n);
		free(msg);
	}
}

int csv_fail(struct csv_reader *r, long line, long col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_errorv(r, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

/* The reader's own errors also stop it for good. */
static int stop(struct csv_reader *r, long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int stop(struct csv_reader *r, long line, long col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_errorv(r, line, col, fmt, ap);
	va_end(ap);
	r->failed = 1;
	return -1;
}

const char *csv_error(const struct csv_reader *r)
{
	return sb_str(&r->err);
}

const char *csv_name(const struct csv_reader *r)
{
	return r->name;
}

long long csv_offset(const struct csv_reader *r)
{
	return r->base_off + (long long)(r->p - r->base);
}

long long csv_size(const struct csv_reader *r)
{
	return r->size;
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	if (r->close_f)
		fclose(r->f);
	free(r->block);
	free(r->name);
	sb_free(&r->data);
	sb_free(&r->err);
	free(r->offs);
	free(r->fields);
	free(r);
}

/* Make at least `need` bytes available at r->p unless the input ends first.
 * Returns the number available (possibly fewer at the end), -1 on a read
 * error (reported). */
static long fill(struct csv_reader *r, size_t need)
{
	size_t have = (size_t)(r->end - r->p);
	while (have < need && !r->eof) {
		/* Keep the unread tail: move it to the front, read after it. */
		r->base_off += (long long)(r->p - r->base);
		memmove(r->block, r->p, have);
		r->base = r->block;
		r->p = r->block;
		size_t want = BLOCK_SIZE - have;
		size_t got = fread(r->block + have, 1, want, r->f);
		have += got;
		r->end = r->block + have;
		if (got < want) {
			if (ferror(r->f))
				return stop(r, r->line, r->col, "read error: %s", strerror(errno));
			r->eof = 1;
		}
	}
	return (long)have;
}


/* Consume one character at r->p that is not plain ASCII: a NUL or a UTF-8
 * sequence, appended to the current field.  -1 on an error (reported). */
static int take_special(struct csv_reader *r)
{
	if (*r->p == 0)
		return stop(r, r->line, r->col, "NUL byte");
	long avail = fill(r, 4);
	if (avail < 0)
		return -1;
	size_t n = value_utf8_seq(r->p, (size_t)avail);
	if (!n)
		return stop(r, r->line, r->col,
			    "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
			    (unsigned)*r->p);
	if (n == 3 && r->p[0] == 0xEF && r->p[1] == 0xBB && r->p[2] == 0xBF)
		return stop(r, r->line, r->col,
			    "byte order mark (U+FEFF) not at the start of the file");
	sb_append(&r->data, (const char *)r->p, n);
	r->p += n;
	r->col++;
	return 0;
}

/* Consume a line ending at r->p (CR, LF or CRLF).  -1 on a read error. */
static int take_newline(struct csv_reader *r, int keep)
{
	unsigned char c = *r->p++;
	if (keep)
		sb_putc(&r->data, (char)c);
	if (c == '\r') {
		if (fill(r, 1) < 0)
			return -1;
		if (r->p < r->end && *r->p == '\n') {
			r->p++;
			if (keep)
				sb_putc(&r->data, '\n');
		}
	}
	r->line++;
	r->col = 1;
	return 0;
}

static void field_end(struct csv_reader *r, size_t off, long line, long col)
{
	if (r->nfields == r->capfields) {
		r->capfields = r->capfields ? r->capfields * 2 : 16;
		r->fields = xrealloc(r->fields, r->capfields * sizeof *r->fields);
		r->offs = xrealloc(r->offs, r->capfields * sizeof *r->offs);
	}
	struct csv_field *fl = &r->fields[r->nfields];
	fl->len = r->data.len - off;
	fl->line = line;
	fl->col = col;
	r->offs[r->nfields++] = off;
	sb_append(&r->data, "", 1);  /* the field's NUL; keeps data.s allocated */
}

/* Copy the run of plain bytes at r->p into the current field.  Returns -1
 * on an error, else the bytes left in the window (0 at the end of input). */
static long copy_run(struct csv_reader *r, enum run_kind kind, size_t off,
		     long fline, long fcol)
{
	for (;;) {
		const unsigned char *q = r->p, *e = r->end;
		const unsigned char *plain = r->plain[kind];
		while (q < e && plain[*q])
			q++;
		if (q > r->p) {
			sb_append(&r->data, (const char *)r->p, (size_t)(q - r->p));
			r->col += (long)(q - r->p);
			r->p = q;
		}
		if (r->data.len - off > CSV_FIELD_MAX)
			return stop(r, fline, fcol, "field longer than %d bytes%s",
				    CSV_FIELD_MAX,
				    kind == RUN_QUOTED ? " (is a quote left open?)" : "");
		if (q < e)
			return (long)(e - q);
		long avail = fill(r, 1);
		if (avail <= 0)
			return avail;
	}
}

/* Read one quoted field; r->p is at its opening quote.  On return r->p is
 * just past the closing quote.  (copy_run checks the length on each turn.) */
static int read_quoted(struct csv_reader *r, size_t off, long fline, long fcol)
{
	r->p++;
	r->col++;
	for (;;) {
		long avail = copy_run(r, RUN_QUOTED, off, fline, fcol);
		if (avail < 0)
			return -1;
		if (avail == 0)
			return stop(r, fline, fcol, "unterminated quote: the quoted field never ends");
		unsigned char c = *r->p;
		if (c == '"') {
			if ((avail = fill(r, 2)) < 0)
				return -1;
			if (avail >= 2 && r->p[1] == '"') {
				sb_putc(&r->data, '"');
				r->p += 2;
				r->col += 2;
				continue;
			}
			r->p++;
			r->col++;
			return 0;
		}
		if (c == '\r' || c == '\n') {
			if (take_newline(r, 1) < 0)
				return -1;
		} else if (take_special(r) < 0)
			return -1;
	}
}

/* Read one field and its terminator.  Returns 1 when another field follows
 * (a comma), 0 at the end of the record, -1 on an error. */
static int read_field(struct csv_reader *r, long *eline, long *ecol)
{
	size_t off = r->data.len;
	long fline = r->line, fcol = r->col;
	long avail = fill(r, 1);

	if (avail < 0)
		return -1;
	if (avail > 0 && *r->p == '"') {
		if (read_quoted(r, off, fline, fcol) < 0)
			return -1;
		if ((avail = fill(r, 1)) < 0)
			return -1;
		if (avail > 0 && *r->p != ',' && *r->p != '\r' && *r->p != '\n')
			return stop(r, r->line, r->col, "text after closing quote");
	} else {
		for (;;) {
			avail = copy_run(r, RUN_UNQUOTED, off, fline, fcol);
			if (avail <= 0)
				break;
			unsigned char c = *r->p;
			if (c == ',' || c == '\r' || c == '\n')
				break;
			if (c == '"')
				return stop(r, r->line, r->col, "quote inside an unquoted field"
					    " (quote the whole field and double the quote)");
			if (take_special(r) < 0)
				return -1;
		}
		if (avail < 0)
			return -1;
	}
	field_end(r, off, fline, fcol);
	*eline = r->line;
	*ecol = r->col;
	if (r->p == r->end)
		return 0;
	if (*r->p == ',') {
		r->p++;
		r->col++;
		return 1;
	}
	return take_newline(r, 0) < 0 ? -1 : 0;
}

int csv_read(struct csv_reader *r, const struct csv_record **rec)
{
	long avail, eline = 0, ecol = 0;
	int more;

	if (r->failed)
		return -1;
	if (!r->started) {
		r->started = 1;
		if ((avail = fill(r, 3)) < 0)
			return -1;
		if (avail >= 3 && r->p[0] == 0xEF && r->p[1] == 0xBB && r->p[2] == 0xBF)
			r->p += 3;
	}
	/* Skip completely empty lines. */
	for (;;) {
		if ((avail = fill(r, 1)) < 0)
			return -1;
		if (avail == 0)
			return 0;
		if (*r->p != '\r' && *r->p != '\n')
			break;
		if (take_newline(r, 0) < 0)
			return -1;
	}
	sb_reset(&r->data);
	r->nfields = 0;
	r->rec.line = r->line;
	while ((more = read_field(r, &eline, &ecol)) == 1)
		;
	if (more < 0)
		return -1;
	for (size_t i = 0; i < r->nfields; i++)
		r->fields[i].s = r->data.s + r->offs[i];
	r->rec.n = r->nfields;
	r->rec.fields = r->fields;
	r->rec.number = ++r->number;
	if (r->number == 1)
		r->expected = r->nfields;
	else if (r->nfields != r->expected) {
		/* Point at the first extra field, or where the missing one belongs. */
		if (r->nfields > r->expected)
			return stop(r, r->fields[r->expected].line, r->fields[r->expected].col,
				    "expected %zu fields, found %zu", r->expected, r->nfields);
		return stop(r, eline, ecol, "expected %zu fields, found %zu",
			    r->expected, r->nfields);
	}
	*rec = &r->rec;
	return 1;
}

static int needs_quotes(const char *s, size_t len)
{
	if (len && (s[0] == ' ' || s[len - 1] == ' '))
		return 1;
	return strpbrk(s, ",\"\r\n") != NULL;
}

/* A record of one empty field is written as "" so that the line is not
 * empty (the reader skips empty lines); zero fields give an empty line. */
int csv_write_record(FILE *f, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = fields[i] ? fields[i] : "";
		size_t len = strlen(s);
		if (i && putc(',', f) == EOF)
			return -1;
		if (n == 1 && len == 0) {
			if (fputs("\"\"", f) == EOF)
				return -1;
		} else if (!needs_quotes(s, len)) {
			if (len && fwrite(s, 1, len, f) != len)
				return -1;
		} else {
			if (putc('"', f) == EOF)
				return -1;
			for (const char *q; (q = strchr(s, '"')); s = q + 1) {
				size_t seg = (size_t)(q - s) + 1;  /* up to and with the quote */
				if (fwrite(s, 1, seg, f) != seg || putc('"', f) == EOF)
					return -1;
			}
			len = strlen(s);
			if ((len && fwrite(s, 1, len, f) != len) || putc('"', f) == EOF)
				return -1;
		}
	}
	return putc('\n', f) == EOF ? -1 : 0;
}
