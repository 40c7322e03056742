/* Check suite for src/core/values.c.  Expected values are worked out by
 * hand (in the comments) or by a second method (timegm/gmtime_r in UTC). */
#include <check.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rapport/values.h"
#include "run_suite.h"

#define SENTINEL 0x5A5A5A5A

/* Days since 1970-01-01 by the C library, as the independent reference. */
static int32_t ref_days(int y, int m, int d)
{
	struct tm tm = { 0 };
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	time_t t = timegm(&tm);
	return (int32_t)(((long long)t - 12 * 3600) / 86400);
}

static void money_ok(const char *s, int neg, int64_t want)
{
	char err[VALUE_ERR_MAX] = "";
	int64_t v = SENTINEL;
	ck_assert_msg(value_money(s, neg, &v, err, sizeof err) == 0, "%s: %s", s, err);
	ck_assert_msg(v == want, "%s: got %lld, want %lld", s, (long long)v, (long long)want);
}

static void money_bad(const char *s, int neg, const char *msg)
{
	char err[VALUE_ERR_MAX] = "";
	int64_t v = SENTINEL;
	ck_assert_int_eq(value_money(s, neg, &v, err, sizeof err), -1);
	ck_assert_msg(v == SENTINEL, "%s: *out touched", s);
	ck_assert_str_eq(err, msg);
}

START_TEST(test_money_parse)
{
	money_ok("1234", 0, 123400);
	money_ok("1234.5", 0, 123450);
	money_ok("1234.56", 0, 123456);
	money_ok("0", 0, 0);
	money_ok("0.05", 0, 5);
	money_ok("007", 0, 700);
	money_ok(".5", 0, 50);           /* integer part may be left out */
	money_ok(".05", 0, 5);
	money_ok("-0.25", 1, -25);
	money_ok("-0.05", 1, -5);
	money_ok("-.5", 1, -50);
	money_ok("-1234", 1, -123400);
	money_ok("-0", 1, 0);
	money_ok("1234", 1, 123400);
	/* INT64_MAX = 9223372036854775807 cents */
	money_ok("92233720368547758.07", 0, INT64_MAX);
	money_ok("-92233720368547758.07", 1, -INT64_MAX);
	money_ok("10000000000", 0, 1000000000000LL);
}
END_TEST

START_TEST(test_money_errors)
{
	money_bad("", 1, "empty value, expected a number");
	money_bad("abc", 1, "\"abc\" is not a number");
	money_bad("12.345", 1, "\"12.345\" has more than two decimals");
	money_bad("0.001", 1, "\"0.001\" has more than two decimals");
	money_bad("-5", 0, "\"-5\" must not be negative");
	money_bad("-0", 0, "\"-0\" must not be negative");
	money_bad("+5", 1, "\"+5\": no '+' sign allowed");
	money_bad(" 5", 1, "\" 5\" has spaces around it");
	money_bad("5 ", 1, "\"5 \" has spaces around it");
	money_bad("1 000", 1, "\"1 000\" contains spaces");
	money_bad("1,000", 1,
		  "\"1,000\" has a comma: use '.' for decimals and no thousands separators");
	money_bad("1,5", 1,
		  "\"1,5\" has a comma: use '.' for decimals and no thousands separators");
	money_bad("1e5", 1, "\"1e5\": exponents are not allowed");
	money_bad("1.5E2", 1, "\"1.5E2\": exponents are not allowed");
	money_bad("1.", 1, "\"1.\" has no digits after the decimal point");
	money_bad("-", 1, "\"-\" is not a number");
	money_bad(".", 1, "\".\" is not a number");
	money_bad("-.", 1, "\"-.\" is not a number");
	money_bad("--5", 1, "\"--5\" is not a number");
	money_bad("5-", 1, "\"5-\" is not a number");
	money_bad("$5", 1, "\"$5\" is not a number");
	money_bad("5\xe2\x82\xac", 1, "\"5\xe2\x82\xac\" is not a number");
	money_bad("1.2.3", 1, "\"1.2.3\" is not a number");
	money_bad("e5", 1, "\"e5\" is not a number");
	money_bad("0x10", 1, "\"0x10\" is not a number");
	/* one cent past INT64_MAX, and far past it */
	money_bad("92233720368547758.08", 1, "\"92233720368547758.08\" is too large");
	money_bad("-92233720368547758.08", 1, "\"-92233720368547758.08\" is too large");
	money_bad("99999999999999999999", 1, "\"99999999999999999999\" is too large");
	money_bad("184467440737095516160", 1, "\"184467440737095516160\" is too large");
}
END_TEST

static void money_fmt_is(int64_t cents, const char *want)
{
	char buf[32];
	value_money_fmt(cents, buf, sizeof buf);
	ck_assert_str_eq(buf, want);
}

START_TEST(test_money_fmt)
{
	money_fmt_is(0, "0.00");
	money_fmt_is(5, "0.05");
	money_fmt_is(-5, "-0.05");
	money_fmt_is(-25, "-0.25");
	money_fmt_is(100, "1.00");
	money_fmt_is(123450, "1234.50");
	money_fmt_is(-123456, "-1234.56");
	money_fmt_is(INT64_MAX, "92233720368547758.07");
	money_fmt_is(INT64_MIN, "-92233720368547758.08");

	char small[6];
	value_money_fmt(123456, small, sizeof small);
	ck_assert_str_eq(small, "1234.");  /* truncated, still terminated */
}
END_TEST

START_TEST(test_money_roundtrip)
{
	char buf[32], err[VALUE_ERR_MAX];
	for (int64_t c = -100000; c <= 100000; c += 7) {
		int64_t v = 0;
		value_money_fmt(c, buf, sizeof buf);
		ck_assert_msg(value_money(buf, 1, &v, err, sizeof err) == 0, "%s", err);
		ck_assert(v == c);
	}
	int64_t big[] = { INT64_MAX, -INT64_MAX, INT64_MAX / 3, 4000000000000001LL };
	for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
		int64_t v = 0;
		value_money_fmt(big[i], buf, sizeof buf);
		ck_assert_int_eq(value_money(buf, 1, &v, err, sizeof err), 0);
		ck_assert(v == big[i]);
	}
}
END_TEST

static void qty_ok(const char *s, int64_t want)
{
	char err[VALUE_ERR_MAX] = "";
	int64_t v = SENTINEL;
	ck_assert_msg(value_quantity(s, &v, err, sizeof err) == 0, "%s: %s", s, err);
	ck_assert_msg(v == want, "%s: got %lld", s, (long long)v);
}

static void qty_bad(const char *s, const char *msg)
{
	char err[VALUE_ERR_MAX] = "";
	int64_t v = SENTINEL;
	ck_assert_int_eq(value_quantity(s, &v, err, sizeof err), -1);
	ck_assert(v == SENTINEL);
	ck_assert_str_eq(err, msg);
}

static void qty_fmt_is(int64_t milli, const char *want)
{
	char buf[32];
	value_quantity_fmt(milli, buf, sizeof buf);
	ck_assert_str_eq(buf, want);
}

START_TEST(test_quantity)
{
	qty_ok("12", 12000);
	qty_ok("1.5", 1500);
	qty_ok("0.125", 125);
	qty_ok("0.001", 1);
	qty_ok("1.25", 1250);
	qty_ok(".5", 500);
	qty_ok("0", 0);
	qty_ok("9223372036854775.807", INT64_MAX);
	qty_bad("12.3456", "\"12.3456\" has more than three decimals");
	qty_bad("-1", "\"-1\" must not be negative");
	qty_bad("", "empty value, expected a number");
	qty_bad("two", "\"two\" is not a number");
	qty_bad("9223372036854775.808", "\"9223372036854775.808\" is too large");

	qty_fmt_is(12000, "12");
	qty_fmt_is(1500, "1.5");
	qty_fmt_is(1250, "1.25");
	qty_fmt_is(125, "0.125");
	qty_fmt_is(1, "0.001");
	qty_fmt_is(10, "0.01");
	qty_fmt_is(100, "0.1");
	qty_fmt_is(0, "0");
	qty_fmt_is(1000001, "1000.001");
	qty_fmt_is(-1500, "-1.5");
	qty_fmt_is(INT64_MAX, "9223372036854775.807");

	/* Round trip through both directions. */
	char buf[32], err[VALUE_ERR_MAX];
	for (int64_t m = 0; m <= 20000; m++) {
		int64_t v = -1;
		value_quantity_fmt(m, buf, sizeof buf);
		ck_assert_int_eq(value_quantity(buf, &v, err, sizeof err), 0);
		ck_assert(v == m);
	}
}
END_TEST

static void int_ok(const char *s, long lo, long hi, long want)
{
	char err[VALUE_ERR_MAX] = "";
	long v = SENTINEL;
	ck_assert_msg(value_int_range(s, lo, hi, &v, err, sizeof err) == 0, "%s: %s", s, err);
	ck_assert_int_eq(v, want);
}

static void int_bad(const char *s, long lo, long hi, const char *msg)
{
	char err[VALUE_ERR_MAX] = "";
	long v = SENTINEL;
	ck_assert_int_eq(value_int_range(s, lo, hi, &v, err, sizeof err), -1);
	ck_assert_int_eq(v, SENTINEL);
	ck_assert_str_eq(err, msg);
}

START_TEST(test_int_range)
{
	int_ok("0", 0, 10, 0);
	int_ok("10", 0, 10, 10);
	int_ok("7", 0, 10, 7);
	int_ok("05", 0, 10, 5);
	int_ok("-3", -5, 5, -3);
	int_ok("-0", 0, 10, 0);
	int_bad("11", 0, 10, "\"11\" is not between 0 and 10");
	int_bad("-1", 0, 10, "\"-1\" is not between 0 and 10");
	int_bad("9", 1, 8, "\"9\" is not between 1 and 8");
	int_bad("7.5", 0, 10, "\"7.5\" is not a whole number");
	int_bad("7.", 0, 10, "\"7.\" is not a number");
	int_bad("abc", 0, 10, "\"abc\" is not a number");
	int_bad("", 0, 10, "empty value, expected a whole number");
	int_bad("+3", 0, 10, "\"+3\": no '+' sign allowed");
	int_bad(" 3", 0, 10, "\" 3\" has spaces around it");
	int_bad("3x", 0, 10, "\"3x\" is not a number");
	int_bad("-", 0, 10, "\"-\" is not a number");
	int_bad("99999999999999999999999", 0, 10,
		"\"99999999999999999999999\" is not between 0 and 10");
#if LONG_MAX == 9223372036854775807L
	int_ok("9223372036854775807", LONG_MIN, LONG_MAX, LONG_MAX);
	int_ok("-9223372036854775808", LONG_MIN, LONG_MAX, LONG_MIN);
	int_bad("9223372036854775808", LONG_MIN, LONG_MAX,
		"\"9223372036854775808\" is not between -9223372036854775808 and 9223372036854775807");
	int_bad("-9223372036854775809", LONG_MIN, LONG_MAX,
		"\"-9223372036854775809\" is not between -9223372036854775808 and 9223372036854775807");
#endif
}
END_TEST

static void date_ok(const char *s, int32_t want)
{
	char err[VALUE_ERR_MAX] = "";
	int32_t v = SENTINEL;
	ck_assert_msg(value_date(s, &v, err, sizeof err) == 0, "%s: %s", s, err);
	ck_assert_int_eq(v, want);
}

static void date_bad(const char *s, const char *msg)
{
	char err[VALUE_ERR_MAX] = "";
	int32_t v = SENTINEL;
	ck_assert_int_eq(value_date(s, &v, err, sizeof err), -1);
	ck_assert_int_eq(v, SENTINEL);
	ck_assert_str_eq(err, msg);
}

START_TEST(test_date_known)
{
	date_ok("1970-01-01", 0);
	date_ok("1970-01-02", 1);
	date_ok("1969-12-31", -1);
	date_ok("1971-01-01", 365);
	/* 2000-01-01 = 946684800 s / 86400; +31 (Jan) +28 = Feb 29 */
	date_ok("2000-01-01", 10957);
	date_ok("2000-02-29", 10957 + 31 + 28);
	date_ok("2000-03-01", 10957 + 31 + 29);
	/* 2024-01-01 = 1704067200 s / 86400 */
	date_ok("2024-01-01", 19723);
	date_ok("2024-02-29", 19723 + 31 + 28);
	/* 70 years back from 1970, 17 of them leap (1904..1968) */
	date_ok("1900-01-01", -(70 * 365 + 17));
	date_ok("1900-03-01", -(70 * 365 + 17) + 31 + 28);
	date_ok("9999-12-31", 2932896);
}
END_TEST

START_TEST(test_date_errors)
{
	date_bad("2023-02-29", "\"2023-02-29\" is not a calendar date");
	date_bad("1900-02-29", "\"1900-02-29\" is not a calendar date");
	date_bad("2100-02-29", "\"2100-02-29\" is not a calendar date");
	date_bad("2023-02-30", "\"2023-02-30\" is not a calendar date");
	date_bad("2023-04-31", "\"2023-04-31\" is not a calendar date");
	date_bad("2023-13-01", "\"2023-13-01\" is not a calendar date");
	date_bad("2023-00-10", "\"2023-00-10\" is not a calendar date");
	date_bad("2023-01-00", "\"2023-01-00\" is not a calendar date");
	date_bad("2023-01-32", "\"2023-01-32\" is not a calendar date");
	date_bad("1899-12-31", "\"1899-12-31\": year is not between 1900 and 9999");
	date_bad("0000-01-01", "\"0000-01-01\": year is not between 1900 and 9999");
	date_bad("10000-01-01", "\"10000-01-01\" is not a date (expected YYYY-MM-DD)");
	date_bad("2023-1-5", "\"2023-1-5\" is not a date (expected YYYY-MM-DD)");
	date_bad("2023/01/05", "\"2023/01/05\" is not a date (expected YYYY-MM-DD)");
	date_bad("20230105", "\"20230105\" is not a date (expected YYYY-MM-DD)");
	date_bad("05/01/2023", "\"05/01/2023\" is not a date (expected YYYY-MM-DD)");
	date_bad("2023-01-05T10:00", "\"2023-01-05T10:00\" is not a date (expected YYYY-MM-DD)");
	date_bad("+023-01-05", "\"+023-01-05\" is not a date (expected YYYY-MM-DD)");
	date_bad(" 2023-01-05", "\" 2023-01-05\" has spaces around it");
	date_bad("", "empty value, expected a date (YYYY-MM-DD)");
}
END_TEST

/* Every day from 1900 to 2200, then every 97th to 9999, against gmtime_r. */
START_TEST(test_date_roundtrip)
{
	int32_t first = ref_days(1900, 1, 1), last = ref_days(9999, 12, 31);
	ck_assert_int_eq(last, 2932896);
	int32_t dense_end = ref_days(2200, 12, 31);
	char err[VALUE_ERR_MAX];
	for (int32_t d = first; d <= last; d += d < dense_end ? 1 : 97) {
		time_t t = (time_t)d * 86400;
		struct tm tm;
		ck_assert_ptr_nonnull(gmtime_r(&t, &tm));
		char want[40], got[40];
		snprintf(want, sizeof want, "%04d-%02d-%02d",
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
		value_date_fmt(d, got, sizeof got);
		ck_assert_str_eq(got, want);
		int32_t back = SENTINEL;
		ck_assert_msg(value_date(want, &back, err, sizeof err) == 0, "%s", err);
		ck_assert_int_eq(back, d);
	}
}
END_TEST

START_TEST(test_date_fmt_outside)
{
	char buf[11];
	value_date_fmt(ref_days(1800, 3, 1), buf, sizeof buf);
	ck_assert_str_eq(buf, "1800-03-01");
	value_date_fmt(ref_days(1600, 2, 29), buf, sizeof buf);
	ck_assert_str_eq(buf, "1600-02-29");
	/* past the last storable date (a due date computed from one near it):
	 * that date, not a year 10000 cut short to "10000-06-3" */
	value_date_fmt(ref_days(9999, 12, 31), buf, sizeof buf);
	ck_assert_str_eq(buf, "9999-12-31");
	value_date_fmt(ref_days(9999, 12, 31) + 1, buf, sizeof buf);
	ck_assert_str_eq(buf, "9999-12-31");
	value_date_fmt(ref_days(9999, 10, 1) + 182, buf, sizeof buf);
	ck_assert_str_eq(buf, "9999-12-31");
}
END_TEST

START_TEST(test_today)
{
	char err[VALUE_ERR_MAX] = "";
	int32_t v = SENTINEL;

	setenv("RAPPORT_TODAY", "2024-03-15", 1);
	ck_assert_int_eq(value_today(&v, err, sizeof err), 0);
	ck_assert_int_eq(v, 19723 + 31 + 29 + 14);

	v = SENTINEL;
	setenv("RAPPORT_TODAY", "2024-02-30", 1);
	ck_assert_int_eq(value_today(&v, err, sizeof err), -1);
	ck_assert_int_eq(v, SENTINEL);
	ck_assert_str_eq(err, "RAPPORT_TODAY: \"2024-02-30\" is not a calendar date");

	setenv("RAPPORT_TODAY", "yesterday", 1);
	ck_assert_int_eq(value_today(&v, err, sizeof err), -1);

	/* Unset (or empty): the local calendar date. */
	for (int empty = 0; empty < 2; empty++) {
		if (empty)
			setenv("RAPPORT_TODAY", "", 1);
		else
			unsetenv("RAPPORT_TODAY");
		time_t before = time(NULL);
		ck_assert_int_eq(value_today(&v, err, sizeof err), 0);
		time_t after = time(NULL);
		struct tm a, b;
		localtime_r(&before, &a);
		localtime_r(&after, &b);
		int32_t da = ref_days(a.tm_year + 1900, a.tm_mon + 1, a.tm_mday);
		int32_t db = ref_days(b.tm_year + 1900, b.tm_mon + 1, b.tm_mday);
		ck_assert_msg(v == da || v == db, "today %d, expected %d", (int)v, (int)da);
	}
}
END_TEST

static void period_ok(const char *s, int32_t start, int32_t end)
{
	char err[VALUE_ERR_MAX] = "";
	int32_t a = SENTINEL, b = SENTINEL;
	ck_assert_msg(value_period(s, &a, &b, err, sizeof err) == 0, "%s: %s", s, err);
	ck_assert_int_eq(a, start);
	ck_assert_int_eq(b, end);
}

static void period_bad(const char *s, const char *msg)
{
	char err[VALUE_ERR_MAX] = "";
	int32_t a = SENTINEL, b = SENTINEL;
	ck_assert_int_eq(value_period(s, &a, &b, err, sizeof err), -1);
	ck_assert_int_eq(a, SENTINEL);
	ck_assert_int_eq(b, SENTINEL);
	ck_assert_str_eq(err, msg);
}

START_TEST(test_period)
{
	/* by hand: 2024-01-01 = 19723; Q1 = 31 + 29 + 31 = 91 days */
	period_ok("2024-Q1", 19723, 19723 + 90);
	period_ok("2024-02", 19723 + 31, 19723 + 31 + 28);
	period_ok("2023-02", 19723 - 365 + 31, 19723 - 365 + 31 + 27);
	period_ok("2023", 19723 - 365, 19723 - 1);
	period_ok("2024", 19723, 19723 + 365);
	/* by timegm */
	period_ok("2024-Q2", ref_days(2024, 4, 1), ref_days(2024, 6, 30));
	period_ok("2024-Q3", ref_days(2024, 7, 1), ref_days(2024, 9, 30));
	period_ok("2024-Q4", ref_days(2024, 10, 1), ref_days(2024, 12, 31));
	period_ok("1900-02", ref_days(1900, 2, 1), ref_days(1900, 2, 28));
	period_ok("2000-02", ref_days(2000, 2, 1), ref_days(2000, 2, 29));
	period_ok("2023-12", ref_days(2023, 12, 1), ref_days(2023, 12, 31));
	period_ok("2023-04", ref_days(2023, 4, 1), ref_days(2023, 4, 30));
	period_ok("9999", ref_days(9999, 1, 1), ref_days(9999, 12, 31));
	period_ok("1900", ref_days(1900, 1, 1), ref_days(1900, 12, 31));

	const char *form = "is not a period (expected YYYY, YYYY-Qn or YYYY-MM)";
	char want[VALUE_ERR_MAX];
	const char *shape[] = { "24", "2024Q1", "2024-q1", "2024-1", "2024-001",
				"2024-Q", "2024-Q12", "2024-01-01", "abcd", "Q1-2024", NULL };
	for (int i = 0; shape[i]; i++) {
		snprintf(want, sizeof want, "\"%s\" %s", shape[i], form);
		period_bad(shape[i], want);
	}
	period_bad("2024-Q5", "\"2024-Q5\": quarter is not between 1 and 4");
	period_bad("2024-Q0", "\"2024-Q0\": quarter is not between 1 and 4");
	period_bad("2024-13", "\"2024-13\": month is not between 01 and 12");
	period_bad("2024-00", "\"2024-00\": month is not between 01 and 12");
	period_bad("1899", "\"1899\": year is not between 1900 and 9999");
	period_bad("1899-Q4", "\"1899-Q4\": year is not between 1900 and 9999");
	period_bad("2024 ", "\"2024 \" has spaces around it");
	period_bad("", "empty value, expected a period (YYYY, YYYY-Qn or YYYY-MM)");
}
END_TEST

START_TEST(test_enum)
{
	static const char *const rel[] = { "transactional", "value-adding", "collaborative", NULL };
	char err[VALUE_ERR_MAX] = "";
	int v = SENTINEL;

	ck_assert_int_eq(value_enum("transactional", rel, &v, err, sizeof err), 0);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(value_enum("collaborative", rel, &v, err, sizeof err), 0);
	ck_assert_int_eq(v, 2);
	v = SENTINEL;
	ck_assert_int_eq(value_enum("gold", rel, &v, err, sizeof err), -1);
	ck_assert_int_eq(v, SENTINEL);
	ck_assert_str_eq(err, "\"gold\" is not one of: transactional, value-adding, collaborative");
	ck_assert_int_eq(value_enum("Transactional", rel, &v, err, sizeof err), -1);
	ck_assert_int_eq(value_enum("value-adding ", rel, &v, err, sizeof err), -1);
	ck_assert_int_eq(value_enum("", rel, &v, err, sizeof err), -1);
	ck_assert_str_eq(err, "\"\" is not one of: transactional, value-adding, collaborative");
	ck_assert_int_eq(v, SENTINEL);

	/* A short buffer truncates the list but stays terminated. */
	char small[20];
	ck_assert_int_eq(value_enum("gold", rel, &v, small, sizeof small), -1);
	ck_assert_str_eq(small, "\"gold\" is not one o");
}
END_TEST

START_TEST(test_utf8)
{
#define INV(lit) value_utf8_invalid_at(lit, sizeof(lit) - 1)
	ck_assert_int_eq(INV(""), -1);
	ck_assert_int_eq(INV("abc"), -1);
	ck_assert_int_eq(INV("Z\xc3\xbc" "rich"), -1);                 /* ü */
	ck_assert_int_eq(INV("\xe2\x82\xac"), -1);                     /* € */
	ck_assert_int_eq(INV("\xf0\x9f\x98\x80"), -1);                 /* U+1F600 */
	ck_assert_int_eq(INV("\xf4\x8f\xbf\xbf"), -1);                 /* U+10FFFF */
	ck_assert_int_eq(INV("\xef\xbb\xbf"), -1);                     /* U+FEFF is valid */
	ck_assert_int_eq(INV("\xed\x9f\xbf"), -1);                     /* U+D7FF */
	ck_assert_int_eq(INV("Caf\xe9"), 3);                           /* Latin-1 é */
	ck_assert_int_eq(INV("a\xc3\x28"), 1);                         /* bad continuation */
	ck_assert_int_eq(INV("\x80"), 0);                              /* lone continuation */
	ck_assert_int_eq(INV("\xc0\xaf"), 0);                          /* overlong '/' */
	ck_assert_int_eq(INV("\xc1\xbf"), 0);                          /* overlong */
	ck_assert_int_eq(INV("\xe0\x80\xaf"), 0);                      /* overlong 3-byte */
	ck_assert_int_eq(INV("\xf0\x80\x80\xaf"), 0);                  /* overlong 4-byte */
	ck_assert_int_eq(INV("ok\xed\xa0\x80"), 2);                    /* surrogate D800 */
	ck_assert_int_eq(INV("\xed\xbf\xbf"), 0);                      /* surrogate DFFF */
	ck_assert_int_eq(INV("\xf4\x90\x80\x80"), 0);                  /* > U+10FFFF */
	ck_assert_int_eq(INV("\xf5\x80\x80\x80"), 0);
	ck_assert_int_eq(INV("\xff"), 0);
	ck_assert_int_eq(INV("ab\xf0\x9f\x98"), 2);                    /* cut short */
	ck_assert_int_eq(INV("ab\0c"), 2);                             /* NUL */
	ck_assert_int_eq(INV("\xc3\xa9\xc3"), 2);
#undef INV
	/* len bounds the scan: a sequence cut by len is invalid. */
	ck_assert_int_eq(value_utf8_invalid_at("\xc3\xa9", 1), 0);
	ck_assert_int_eq(value_utf8_invalid_at("abc\xff", 3), -1);
}
END_TEST

START_TEST(test_error_quoting)
{
	char err[VALUE_ERR_MAX];
	int64_t v;
	char longv[300];
	memset(longv, '7', sizeof longv - 2);
	longv[sizeof longv - 2] = 'x';
	longv[sizeof longv - 1] = '\0';
	ck_assert_int_eq(value_money(longv, 0, &v, err, sizeof err), -1);
	ck_assert_msg(strlen(err) < 80, "%s", err);
	ck_assert_ptr_nonnull(strstr(err, "7...\" is not a number"));
	ck_assert_int_eq(err[0], '"');

	/* Control characters and bad bytes are not echoed raw. */
	ck_assert_int_eq(value_money("1\x1b[2J", 0, &v, err, sizeof err), -1);
	ck_assert_str_eq(err, "\"1?[2J\" is not a number");
	ck_assert_int_eq(value_money("\xff" "5", 0, &v, err, sizeof err), -1);
	ck_assert_str_eq(err, "\"?5\" is not a number");

	/* A cut never splits a UTF-8 character. */
	char wide[200] = "";
	for (int i = 0; i < 30; i++)
		strcat(wide, "\xc3\xa9");  /* 60 bytes of é */
	ck_assert_int_eq(value_money(wide, 0, &v, err, sizeof err), -1);
	ck_assert_int_eq(value_utf8_invalid_at(err, strlen(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "\xc3\xa9...\" is not a number"));

	/* A tiny err buffer is still terminated. */
	char tiny[4];
	ck_assert_int_eq(value_date("nope", &(int32_t){ 0 }, tiny, sizeof tiny), -1);
	ck_assert_str_eq(tiny, "\"no");
}
END_TEST

static Suite *values_suite(void)
{
	Suite *s = suite_create("values");
	TCase *tc = tcase_create("money");
	tcase_add_test(tc, test_money_parse);
	tcase_add_test(tc, test_money_errors);
	tcase_add_test(tc, test_money_fmt);
	tcase_add_test(tc, test_money_roundtrip);
	tcase_add_test(tc, test_quantity);
	tcase_add_test(tc, test_int_range);
	suite_add_tcase(s, tc);

	tc = tcase_create("dates");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_date_known);
	tcase_add_test(tc, test_date_errors);
	tcase_add_test(tc, test_date_roundtrip);
	tcase_add_test(tc, test_date_fmt_outside);
	tcase_add_test(tc, test_today);
	tcase_add_test(tc, test_period);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_test(tc, test_enum);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_error_quoting);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(values_suite());
}
