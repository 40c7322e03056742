#ifndef RAPPORT_UTIL_H
#define RAPPORT_UTIL_H
/* Checked allocation and small string helpers.  The x* wrappers never
 * return NULL: on exhaustion they print "rapport: out of memory" and exit(1). */
#include <stddef.h>
#include <stdarg.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new heap string the caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* printf into err (when err and errlen are non-zero); returns -1, so that
 * "return err_set(err, errlen, ...)" reports a failure in one line. */
int err_set(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A growable byte buffer, always NUL-terminated after the first append. */
struct strbuf {
	char *s;      /* the bytes; NULL until something is appended */
	size_t len;   /* bytes used, not counting the terminating NUL */
	size_t cap;   /* bytes allocated */
};
void sb_append(struct strbuf *b, const char *s, size_t n);
void sb_puts(struct strbuf *b, const char *s);
void sb_putc(struct strbuf *b, char c);
void sb_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_reset(struct strbuf *b);   /* len = 0, keeps the memory */
void sb_free(struct strbuf *b);
/* The contents, "" when empty; valid until the next append. */
const char *sb_str(const struct strbuf *b);

/* Copy at most size-1 bytes and NUL-terminate; returns strlen(src). */
size_t strlcpy_r(char *dst, const char *src, size_t size);

/* Text from the database shown on a terminal.
 * text_inert: append s to b with control characters (C0, DEL, C1) and
 * invalid UTF-8 replaced by '?', so stored text can never drive the
 * terminal (escape sequences arrive inert).
 * text_columns: the columns s takes on a terminal once made inert: wcwidth
 * per character (2 for wide CJK, 0 for combining marks) under a UTF-8
 * LC_CTYPE, else one per code point.  Both read s as UTF-8 whatever the
 * locale. */
void text_inert(struct strbuf *b, const char *s);
int text_columns(const char *s);

#endif
