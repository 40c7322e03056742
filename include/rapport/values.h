#ifndef RAPPORT_VALUES_H
#define RAPPORT_VALUES_H
/* Parsing and formatting of the value types of SPEC.md's data files.
 * One implementation shared by import, the interface's forms and config.
 *
 * Every parser takes the raw text (NUL-terminated, not trimmed: callers pass
 * what the user typed) and returns 0 on success, or -1 with a short
 * human-readable reason in err (e.g. "\"2023-02-30\" is not a calendar date"),
 * never touching *out on failure.  Surrounding spaces are NOT accepted
 * except where noted, so the error tells the user exactly what is wrong. */
#include <stddef.h>
#include <stdint.h>

#define VALUE_ERR_MAX 160

/* Money: a decimal number with at most two decimals, optional leading '-'
 * only when allow_negative, e.g. "1234", "1234.5", "-0.25".  No thousands
 * separators, no exponent, no currency sign.  *out is in cents (hundredths). */
int value_money(const char *s, int allow_negative, int64_t *out, char *err, size_t errlen);
/* Format cents as "-1234.50" (always two decimals, '.' whatever the locale). */
void value_money_fmt(int64_t cents, char *buf, size_t len);

/* Quantity (a cost driver): a non-negative decimal with at most three
 * decimals, e.g. "12", "1.5", "0.125".  *out is in thousandths. */
int value_quantity(const char *s, int64_t *out, char *err, size_t errlen);
/* Format thousandths with the fewest decimals that are exact: "12", "1.5". */
void value_quantity_fmt(int64_t milli, char *buf, size_t len);

/* Integer in [lo, hi], decimal digits only (optional leading '-'). */
int value_int_range(const char *s, long lo, long hi, long *out, char *err, size_t errlen);

/* ISO 8601 calendar date YYYY-MM-DD, year 1900..9999, real day of month
 * (leap years).  *out = days since 1970-01-01 (may be negative). */
int value_date(const char *s, int32_t *out, char *err, size_t errlen);
/* Days since 1970-01-01 to "YYYY-MM-DD" (buf >= 11 bytes).  Proleptic
 * Gregorian, no time zone involved.  Days after 9999-12-31 (only computed
 * dates get there) are written as 9999-12-31. */
void value_date_fmt(int32_t days, char *buf, size_t len);
/* Today: RAPPORT_TODAY (YYYY-MM-DD) when set and valid, else the local
 * calendar date.  Returns -1 with err when RAPPORT_TODAY is set but bad. */
int value_today(int32_t *out, char *err, size_t errlen);

/* Period: "YYYY", "YYYY-Qn" (n 1-4) or "YYYY-MM".  *start and *end are the
 * first and last day of the period (days since 1970-01-01). */
int value_period(const char *s, int32_t *start, int32_t *end, char *err, size_t errlen);

/* Enum: s must equal one of the NULL-terminated words exactly (lower case).
 * *out is its index.  The error lists the allowed words. */
int value_enum(const char *s, const char *const *words, int *out, char *err, size_t errlen);

/* Length in bytes of the valid UTF-8 sequence at p (n bytes available):
 * 1 for ASCII, 2-4 otherwise; 0 for NUL, an invalid sequence (overlong,
 * surrogate, above U+10FFFF) or one cut short by n. */
size_t value_utf8_seq(const unsigned char *p, size_t n);

/* Valid UTF-8 (no overlongs, no surrogates, no NUL) over len bytes?  Returns
 * the byte offset of the first bad sequence, or -1 when all is valid. */
long value_utf8_invalid_at(const char *s, size_t len);

#endif
