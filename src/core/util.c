/* Checked allocation and small string helpers (see util.h). */
#define _XOPEN_SOURCE 700 /* wcwidth */
#include "rapport/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <wchar.h>

#include "rapport/values.h"

static void oom(void)
{
	fputs("rapport: out of memory\n", stderr);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int err_set(char *err, size_t errlen, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	char *p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

static void sb_grow(struct strbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void sb_append(struct strbuf *b, const char *s, size_t n)
{
	sb_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_puts(struct strbuf *b, const char *s)
{
	sb_append(b, s, strlen(s));
}

void sb_putc(struct strbuf *b, char c)
{
	sb_append(b, &c, 1);
}

void sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	sb_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sb_reset(struct strbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void sb_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

const char *sb_str(const struct strbuf *b)
{
	return b->s ? b->s : "";
}

size_t strlcpy_r(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);
	if (size) {
		size_t m = n < size - 1 ? n : size - 1;
		memcpy(dst, src, m);
		dst[m] = '\0';
	}
	return n;
}

/* Decode the character at s (UTF-8, whatever the locale): its byte length
 * (>= 1), its code point *cp, and whether it is shown as is (0: a control
 * character or a bad byte, shown as '?'). */
static size_t next_shown(const char *s, uint32_t *cp, int *ok)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = value_utf8_seq(p, strlen(s));
	if (n == 0) {
		*cp = '?';
		*ok = 0;
		return 1;
	}
	static const unsigned char lead_mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	uint32_t c = p[0] & lead_mask[n];
	for (size_t i = 1; i < n; i++)
		c = c << 6 | (p[i] & 0x3f);
	*cp = c;
	*ok = !(c < 0x20 || (c >= 0x7f && c < 0xa0));
	return n;
}

void text_inert(struct strbuf *b, const char *s)
{
	while (*s) {
		uint32_t cp;
		int ok;
		size_t n = next_shown(s, &cp, &ok);
		if (ok)
			sb_append(b, s, n);
		else
			sb_putc(b, '?');
		s += n;
	}
}

int text_columns(const char *s)
{
	int cols = 0;
	while (*s) {
		uint32_t cp;
		int ok;
		s += next_shown(s, &cp, &ok);
		/* widths from the C library only when it speaks UTF-8 */
		int w = ok && MB_CUR_MAX > 1 ? wcwidth((wchar_t)cp) : 1;
		cols += w < 0 ? 1 : w;
	}
	return cols;
}
