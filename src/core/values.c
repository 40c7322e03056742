/* Parsing and formatting of the data files' value types (see values.h).
 *
 * Decisions the header leaves open:
 *  - Money and quantities may omit the integer part: ".5" is 0.50 (and "-.5"
 *    is -0.50 where negatives are allowed), as people type it in forms.  A
 *    point must be followed by a digit: "1." is refused.  Leading zeros are
 *    accepted ("007" is 7).  "-0" is zero, and refused like any other '-'
 *    where negatives are not allowed.
 *  - Magnitudes are limited to INT64_MAX units (cents, thousandths) for both
 *    signs, so every accepted value can be negated and formatted.
 *  - RAPPORT_TODAY set to the empty string counts as unset.
 *  - Periods take an upper-case Q only ("2024-Q1"), two-digit months only.
 * Nothing here depends on the locale; only value_today reads the time zone. */
#include "rapport/values.h"

#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rapport/util.h"

#define YEAR_MIN 1900
#define YEAR_MAX 9999
/* Longest user text quoted back in a message, in bytes. */
#define QUOTE_MAX 48

size_t value_utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len;

	if (c == 0)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;          /* overlong */
		else if (c == 0xED)
			hi = 0x9F;          /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;          /* overlong */
		else if (c == 0xF4)
			hi = 0x8F;          /* above U+10FFFF */
	} else
		return 0;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return len;
}

long value_utf8_invalid_at(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		if (p[i] >= 0x01 && p[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = value_utf8_seq(p + i, len - i);
		if (!n)
			return (long)i;
		i += n;
	}
	return -1;
}

/* The user's text in double quotes for a message: cut at QUOTE_MAX bytes
 * (on a character boundary, marked "..."), control characters and invalid
 * bytes shown as '?', so the message is always one clean UTF-8 line. */
static void quote(char *dst, size_t dstlen, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), o = 0, i = 0;
	char tmp[QUOTE_MAX + 8];

	tmp[o++] = '"';
	while (i < len) {
		size_t n = value_utf8_seq(p + i, len - i);
		if (o - 1 + (n ? n : 1) > QUOTE_MAX) {
			memcpy(tmp + o, "...", 3);
			o += 3;
			break;
		}
		if (!n || (n == 1 && (p[i] < 0x20 || p[i] == 0x7F))) {
			tmp[o++] = '?';
			i++;
		} else {
			memcpy(tmp + o, p + i, n);
			o += n;
			i += n;
		}
	}
	tmp[o++] = '"';
	tmp[o] = '\0';
	if (dstlen) {
		size_t m = o < dstlen - 1 ? o : dstlen - 1;
		memcpy(dst, tmp, m);
		dst[m] = '\0';
	}
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Messages shared by the parsers for text that has spaces in it; 0 when
 * there are none. */
static int fail_spaces(const char *s, const char *q, char *err, size_t errlen)
{
	size_t len = strlen(s);
	if (len && (is_space(s[0]) || is_space(s[len - 1])))
		return err_set(err, errlen, "%s has spaces around it", q);
	for (const char *p = s; *p; p++)
		if (is_space(*p))
			return err_set(err, errlen, "%s contains spaces", q);
	return 0;
}

/* A non-negative decimal of at most maxdec decimals (optionally negative),
 * scaled to 10^maxdec units; what names the decimals in messages. */
static int parse_decimal(const char *s, int allow_negative, int maxdec,
			 const char *what, int64_t *out, char *err, size_t errlen)
{
	char q[QUOTE_MAX + 8];
	const char *p = s;
	uint64_t v = 0;
	int neg = 0, nint = 0, nfrac = 0, dot = 0, overflow = 0;

	if (!*s)
		return err_set(err, errlen, "empty value, expected a number");
	quote(q, sizeof q, s);
	if (fail_spaces(s, q, err, errlen))
		return -1;
	if (*s == '+')
		return err_set(err, errlen, "%s: no '+' sign allowed", q);
	if (strchr(s, ','))
		return err_set(err, errlen,
			    "%s has a comma: use '.' for decimals and no thousands separators", q);
	if (*p == '-') {
		neg = 1;
		p++;
	}
	for (; is_digit(*p); p++, nint++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			overflow = 1;
		else
			v = v * 10 + d;
	}
	if (*p == '.') {
		dot = 1;
		for (p++; is_digit(*p); p++, nfrac++) {
			unsigned d = (unsigned)(*p - '0');
			if (nfrac >= maxdec)
				continue;
			if (v > (UINT64_MAX - d) / 10)
				overflow = 1;
			else
				v = v * 10 + d;
		}
	}
	if (*p) {
		if ((*p == 'e' || *p == 'E') && nint + nfrac > 0)
			return err_set(err, errlen, "%s: exponents are not allowed", q);
		return err_set(err, errlen, "%s is not a number", q);
	}
	if (nint + nfrac == 0)
		return err_set(err, errlen, "%s is not a number", q);
	if (dot && nfrac == 0)
		return err_set(err, errlen, "%s has no digits after the decimal point", q);
	if (nfrac > maxdec)
		return err_set(err, errlen, "%s has more than %s decimals", q, what);
	for (int i = nfrac; i < maxdec; i++) {
		if (v > UINT64_MAX / 10)
			overflow = 1;
		else
			v *= 10;
	}
	if (overflow || v > (uint64_t)INT64_MAX)
		return err_set(err, errlen, "%s is too large", q);
	if (neg && !allow_negative)
		return err_set(err, errlen, "%s must not be negative", q);
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

int value_money(const char *s, int allow_negative, int64_t *out, char *err, size_t errlen)
{
	return parse_decimal(s, allow_negative, 2, "two", out, err, errlen);
}

void value_money_fmt(int64_t cents, char *buf, size_t len)
{
	uint64_t mag = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	snprintf(buf, len, "%s%" PRIu64 ".%02u", cents < 0 ? "-" : "",
		 mag / 100, (unsigned)(mag % 100));
}

int value_quantity(const char *s, int64_t *out, char *err, size_t errlen)
{
	return parse_decimal(s, 0, 3, "three", out, err, errlen);
}

void value_quantity_fmt(int64_t milli, char *buf, size_t len)
{
	uint64_t mag = milli < 0 ? (uint64_t)0 - (uint64_t)milli : (uint64_t)milli;
	unsigned frac = (unsigned)(mag % 1000);
	const char *sign = milli < 0 ? "-" : "";

	if (frac == 0)
		snprintf(buf, len, "%s%" PRIu64, sign, mag / 1000);
	else if (frac % 100 == 0)
		snprintf(buf, len, "%s%" PRIu64 ".%u", sign, mag / 1000, frac / 100);
	else if (frac % 10 == 0)
		snprintf(buf, len, "%s%" PRIu64 ".%02u", sign, mag / 1000, frac / 10);
	else
		snprintf(buf, len, "%s%" PRIu64 ".%03u", sign, mag / 1000, frac);
}

int value_int_range(const char *s, long lo, long hi, long *out, char *err, size_t errlen)
{
	char q[QUOTE_MAX + 8];
	const char *p = s;
	unsigned long v = 0;
	int neg = 0, overflow = 0;

	if (!*s)
		return err_set(err, errlen, "empty value, expected a whole number");
	quote(q, sizeof q, s);
	if (fail_spaces(s, q, err, errlen))
		return -1;
	if (*s == '+')
		return err_set(err, errlen, "%s: no '+' sign allowed", q);
	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (!is_digit(*p))
		return err_set(err, errlen, "%s is not a number", q);
	for (; is_digit(*p); p++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > ((unsigned long)LONG_MAX + 1 - d) / 10)
			overflow = 1;
		else
			v = v * 10 + d;
	}
	if (*p == '.' && is_digit(p[1])) {
		const char *t = p + 1;
		while (is_digit(*t))
			t++;
		if (!*t)
			return err_set(err, errlen, "%s is not a whole number", q);
	}
	if (*p)
		return err_set(err, errlen, "%s is not a number", q);
	/* v <= LONG_MAX + 1 here; only a negative number may use the extra one. */
	if (overflow || (!neg && v > (unsigned long)LONG_MAX))
		return err_set(err, errlen, "%s is not between %ld and %ld", q, lo, hi);
	long x = neg ? (v ? -(long)(v - 1) - 1 : 0) : (long)v;
	if (x < lo || x > hi)
		return err_set(err, errlen, "%s is not between %ld and %ld", q, lo, hi);
	*out = x;
	return 0;
}

static int is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long y, int m)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil); valid for any year an int64_t holds a tenth of. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* n digits at s as a number, -1 when any is not a digit. */
static long digits(const char *s, int n)
{
	long v = 0;
	for (int i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int value_date(const char *s, int32_t *out, char *err, size_t errlen)
{
	char q[QUOTE_MAX + 8];
	long y, m, d;

	if (!*s)
		return err_set(err, errlen, "empty value, expected a date (YYYY-MM-DD)");
	quote(q, sizeof q, s);
	if (fail_spaces(s, q, err, errlen))
		return -1;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    (y = digits(s, 4)) < 0 || (m = digits(s + 5, 2)) < 0 ||
	    (d = digits(s + 8, 2)) < 0)
		return err_set(err, errlen, "%s is not a date (expected YYYY-MM-DD)", q);
	if (y < YEAR_MIN || y > YEAR_MAX)
		return err_set(err, errlen, "%s: year is not between %d and %d", q,
			    YEAR_MIN, YEAR_MAX);
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, (int)m))
		return err_set(err, errlen, "%s is not a calendar date", q);
	*out = (int32_t)days_from_civil(y, (int)m, (int)d);
	return 0;
}

void value_date_fmt(int32_t days, char *buf, size_t len)
{
	int64_t y;
	int m, d;
	/* computed dates (a due date = last action + interval) can pass the
	 * last date a value may hold; they show as that date, never cut short
	 * into something no reader accepts */
	int64_t last = days_from_civil(YEAR_MAX, 12, 31);
	if (days > last)
		days = (int32_t)last;
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, len, "%04" PRId64 "-%02d-%02d", y, m, d);
}

int value_today(int32_t *out, char *err, size_t errlen)
{
	const char *env = getenv("RAPPORT_TODAY");
	if (env && *env) {
		char why[VALUE_ERR_MAX];
		if (value_date(env, out, why, sizeof why) < 0)
			return err_set(err, errlen, "RAPPORT_TODAY: %s", why);
		return 0;
	}
	time_t now = time(NULL);
	struct tm tm;
	if (now == (time_t)-1 || !localtime_r(&now, &tm))
		return err_set(err, errlen, "cannot read the system date");
	*out = (int32_t)days_from_civil((int64_t)tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}

int value_period(const char *s, int32_t *start, int32_t *end, char *err, size_t errlen)
{
	char q[QUOTE_MAX + 8];
	size_t len = strlen(s);
	long y;
	int m1, m2;

	if (!*s)
		return err_set(err, errlen, "empty value, expected a period (YYYY, YYYY-Qn or YYYY-MM)");
	quote(q, sizeof q, s);
	if (fail_spaces(s, q, err, errlen))
		return -1;
	if (len < 4 || (y = digits(s, 4)) < 0)
		goto bad;
	if (len == 4) {
		m1 = 1;
		m2 = 12;
	} else if (len == 7 && s[4] == '-' && s[5] == 'Q') {
		if (s[6] < '1' || s[6] > '4')
			return err_set(err, errlen, "%s: quarter is not between 1 and 4", q);
		m2 = (s[6] - '0') * 3;
		m1 = m2 - 2;
	} else if (len == 7 && s[4] == '-' && digits(s + 5, 2) >= 0) {
		m1 = m2 = (int)digits(s + 5, 2);
		if (m1 < 1 || m1 > 12)
			return err_set(err, errlen, "%s: month is not between 01 and 12", q);
	} else
		goto bad;
	if (y < YEAR_MIN || y > YEAR_MAX)
		return err_set(err, errlen, "%s: year is not between %d and %d", q,
			    YEAR_MIN, YEAR_MAX);
	*start = (int32_t)days_from_civil(y, m1, 1);
	*end = (int32_t)days_from_civil(y, m2, days_in_month(y, m2));
	return 0;
bad:
	return err_set(err, errlen, "%s is not a period (expected YYYY, YYYY-Qn or YYYY-MM)", q);
}

int value_enum(const char *s, const char *const *words, int *out, char *err, size_t errlen)
{
	char q[QUOTE_MAX + 8];
	for (int i = 0; words[i]; i++) {
		if (strcmp(s, words[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	if (!err || !errlen)
		return -1;
	quote(q, sizeof q, s);
	int n = snprintf(err, errlen, "%s is not one of: ", q);
	for (int i = 0; words[i] && n >= 0 && (size_t)n < errlen; i++)
		n += snprintf(err + n, errlen - (size_t)n, "%s%s", i ? ", " : "", words[i]);
	return -1;
}
