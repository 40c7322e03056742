/* Check suite for src/io/csv.c.  Lines and columns in the expected errors
 * are counted by hand from the input shown next to them. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rapport/csv.h"
#include "rapport/util.h"
#include "run_suite.h"

#define MEM(lit) lit, sizeof(lit) - 1

/* All records of buf as "a|b|c\n" lines, or "ERR <message>" appended at the
 * point reading failed. */
static char *dump_reader(struct csv_reader *r)
{
	struct strbuf out = { 0 };
	const struct csv_record *rec;
	int rc;
	while ((rc = csv_read(r, &rec)) == 1) {
		for (size_t i = 0; i < rec->n; i++) {
			if (i)
				sb_putc(&out, '|');
			sb_append(&out, rec->fields[i].s, rec->fields[i].len);
		}
		sb_putc(&out, '\n');
	}
	if (rc < 0)
		sb_printf(&out, "ERR %s", csv_error(r));
	char *s = xstrdup(sb_str(&out));
	sb_free(&out);
	return s;
}

static char *dump_mem(const char *buf, size_t len)
{
	struct csv_reader *r = csv_open_mem("t.csv", buf, len);
	char *s = dump_reader(r);
	csv_close(r);
	return s;
}

static void parses_to(const char *buf, size_t len, const char *want)
{
	char *got = dump_mem(buf, len);
	ck_assert_str_eq(got, want);
	free(got);
}

/* Reading buf fails with exactly msg, after the records in good. */
static void fails_with(const char *buf, size_t len, const char *good, const char *msg)
{
	struct csv_reader *r = csv_open_mem("t.csv", buf, len);
	char *got = dump_reader(r);
	char *want = xasprintf("%sERR %s", good, msg);
	ck_assert_str_eq(got, want);
	/* Once stopped, the reader stays stopped with the same message. */
	const struct csv_record *rec;
	ck_assert_int_eq(csv_read(r, &rec), -1);
	ck_assert_str_eq(csv_error(r), msg);
	free(got);
	free(want);
	csv_close(r);
}

START_TEST(test_simple)
{
	static const char in[] = "a,b,c\n1,22,333\n";
	struct csv_reader *r = csv_open_mem("t.csv", MEM(in));
	const struct csv_record *rec;

	ck_assert_str_eq(csv_name(r), "t.csv");
	ck_assert_str_eq(csv_error(r), "");
	ck_assert_int_eq(csv_size(r), 15);
	ck_assert_int_eq(csv_offset(r), 0);

	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_uint_eq(rec->n, 3);
	ck_assert_int_eq(rec->number, 1);
	ck_assert_int_eq(rec->line, 1);
	ck_assert_str_eq(rec->fields[0].s, "a");
	ck_assert_str_eq(rec->fields[2].s, "c");
	ck_assert_int_eq(csv_offset(r), 6);

	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_int_eq(rec->number, 2);
	ck_assert_int_eq(rec->line, 2);
	ck_assert_str_eq(rec->fields[0].s, "1");
	ck_assert_str_eq(rec->fields[1].s, "22");
	ck_assert_str_eq(rec->fields[2].s, "333");
	ck_assert_uint_eq(rec->fields[2].len, 3);
	/* "1,22,333": fields start at columns 1, 3, 6 */
	ck_assert_int_eq(rec->fields[0].col, 1);
	ck_assert_int_eq(rec->fields[1].col, 3);
	ck_assert_int_eq(rec->fields[2].col, 6);
	ck_assert_int_eq(rec->fields[2].line, 2);
	ck_assert_int_eq(csv_offset(r), 15);

	ck_assert_int_eq(csv_read(r, &rec), 0);
	ck_assert_int_eq(csv_read(r, &rec), 0);
	ck_assert_str_eq(csv_error(r), "");
	csv_close(r);
}
END_TEST

START_TEST(test_line_endings)
{
	parses_to(MEM("a,b\r\n1,2\r\n"), "a|b\n1|2\n");
	parses_to(MEM("a,b\n1,2\n"), "a|b\n1|2\n");
	parses_to(MEM("a,b\r1,2\r"), "a|b\n1|2\n");
	parses_to(MEM("a,b\n1,2"), "a|b\n1|2\n");          /* no final newline */
	parses_to(MEM("a,b\r\n1,2"), "a|b\n1|2\n");
	parses_to(MEM("a,b\n1,2\r\n3,4\r5,6\n"), "a|b\n1|2\n3|4\n5|6\n");

	/* line numbers: CRLF counts once, a lone CR counts */
	static const char in[] = "h\r\nx\ry\nz\r\n";
	struct csv_reader *r = csv_open_mem("t.csv", MEM(in));
	const struct csv_record *rec;
	long lines[4];
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(csv_read(r, &rec), 1);
		lines[i] = rec->line;
	}
	ck_assert_int_eq(csv_read(r, &rec), 0);
	ck_assert_int_eq(lines[0], 1);
	ck_assert_int_eq(lines[1], 2);
	ck_assert_int_eq(lines[2], 3);
	ck_assert_int_eq(lines[3], 4);
	csv_close(r);
}
END_TEST

START_TEST(test_quoted)
{
	parses_to(MEM("\"a\",\"b,c\"\n"), "a|b,c\n");
	parses_to(MEM("x\n\"he said \"\"hi\"\"\"\n"), "x\nhe said \"hi\"\n");
	parses_to(MEM("x\n\"\"\"\"\n"), "x\n\"\n");           /* a lone quote */
	parses_to(MEM("x,y\n\"\",\"\"\n"), "x|y\n|\n");        /* empty quoted */
	parses_to(MEM("x,y\n\",\",\",,\"\n"), "x|y\n,|,,\n");
	parses_to(MEM("a,b\n\"1\",2\r\n"), "a|b\n1|2\n");
	parses_to(MEM("a\n\" padded \"\n"), "a\n padded \n");
	/* spaces outside quotes are data in unquoted fields */
	parses_to(MEM("a,b\n x , y \n"), "a|b\n x | y \n");
}
END_TEST

START_TEST(test_embedded_newlines)
{
	static const char in[] =
		"name,notes,n\n"
		"ACME,\"line1\nline2\",1\n"
		"BETA,\"crlf\r\nkept\",2\r\n"
		"GAMMA,\"cr\ronly\",3\n"
		"DELTA,x,4\n";
	struct csv_reader *r = csv_open_mem("t.csv", MEM(in));
	const struct csv_record *rec;

	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_int_eq(rec->line, 2);
	ck_assert_str_eq(rec->fields[1].s, "line1\nline2");
	ck_assert_uint_eq(rec->fields[1].len, 11);
	ck_assert_int_eq(rec->fields[2].line, 3);
	ck_assert_int_eq(rec->fields[2].col, 8);   /* line2",1 */

	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_int_eq(rec->line, 4);
	ck_assert_str_eq(rec->fields[1].s, "crlf\r\nkept");

	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_int_eq(rec->line, 6);
	ck_assert_str_eq(rec->fields[1].s, "cr\ronly");

	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_int_eq(rec->line, 8);
	ck_assert_int_eq(rec->number, 5);
	ck_assert_str_eq(rec->fields[0].s, "DELTA");
	ck_assert_int_eq(csv_read(r, &rec), 0);
	csv_close(r);
}
END_TEST

START_TEST(test_empty_fields_and_lines)
{
	parses_to(MEM("a,b,c\n,,\n"), "a|b|c\n||\n");
	parses_to(MEM("a,b,c\n1,,\n"), "a|b|c\n1||\n");
	parses_to(MEM("a,b\n1,"), "a|b\n1|\n");
	parses_to(MEM(""), "");
	parses_to(MEM("\n\n\r\n"), "");
	parses_to(MEM("\xEF\xBB\xBF"), "");

	/* Empty lines are skipped; line numbers stay physical. */
	static const char in[] = "\na,b\n\n1,2\n\r\n\r\n3,4\n\n";
	struct csv_reader *r = csv_open_mem("t.csv", MEM(in));
	const struct csv_record *rec;
	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_int_eq(rec->line, 2);
	ck_assert_int_eq(rec->number, 1);
	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_int_eq(rec->line, 4);
	ck_assert_int_eq(rec->number, 2);
	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_int_eq(rec->line, 7);
	ck_assert_int_eq(rec->number, 3);
	ck_assert_str_eq(rec->fields[1].s, "4");
	ck_assert_int_eq(csv_read(r, &rec), 0);
	csv_close(r);

	/* A line of spaces is a record, not an empty line. */
	fails_with(MEM("a,b\n  \n"), "a|b\n", "t.csv:2:3: expected 2 fields, found 1");
}
END_TEST

START_TEST(test_bom_and_columns)
{
	static const char in[] = "\xEF\xBB\xBFkey,name\n\xC3\xA9t\xC3\xA9,\"Z\xC3\xBCrich\"\n";
	struct csv_reader *r = csv_open_mem("t.csv", MEM(in));
	const struct csv_record *rec;
	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_str_eq(rec->fields[0].s, "key");
	ck_assert_uint_eq(rec->fields[0].len, 3);
	ck_assert_int_eq(rec->fields[0].col, 1);
	ck_assert_int_eq(rec->fields[1].col, 5);
	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_str_eq(rec->fields[0].s, "\xC3\xA9t\xC3\xA9");
	ck_assert_uint_eq(rec->fields[0].len, 5);
	/* "été," is 4 characters, 6 bytes: the second field is at column 5 */
	ck_assert_int_eq(rec->fields[1].col, 5);
	ck_assert_str_eq(rec->fields[1].s, "Z\xC3\xBCrich");
	csv_close(r);

	/* é=1 ,=2 ü=3 ,=4 "=5: columns count characters, not bytes */
	fails_with(MEM("a,b,c\n\xC3\xA9,\xC3\xBC,\"\n"), "a|b|c\n",
		   "t.csv:2:5: unterminated quote: the quoted field never ends");
	/* a 4-byte character is one column too: 😀=1 x=2 "=3 */
	fails_with(MEM("a\n\xF0\x9F\x98\x80x\"\n"), "a\n",
		   "t.csv:2:3: quote inside an unquoted field (quote the whole field and double the quote)");
}
END_TEST

START_TEST(test_errors)
{
	/* 1,"abc... : the quote opens at 2:3 */
	fails_with(MEM("a,b\n1,\"abc\n"), "a|b\n",
		   "t.csv:2:3: unterminated quote: the quoted field never ends");
	fails_with(MEM("\""), "",
		   "t.csv:1:1: unterminated quote: the quoted field never ends");
	/* 1,ab"c : the quote is at 2:5 */
	fails_with(MEM("a,b\n1,ab\"c\n"), "a|b\n",
		   "t.csv:2:5: quote inside an unquoted field (quote the whole field and double the quote)");
	/* 1,"ab"c : c is at 2:7 */
	fails_with(MEM("a,b\n1,\"ab\"c\n"), "a|b\n", "t.csv:2:7: text after closing quote");
	fails_with(MEM("a,b\n\"x\" ,y\n"), "a|b\n", "t.csv:2:4: text after closing quote");
	/* 1,\xe9t\xe9 : Latin-1 byte at 2:3 */
	fails_with(MEM("a,b\n1,\xE9t\xE9\n"), "a|b\n",
		   "t.csv:2:3: invalid UTF-8 (byte 0xE9); save the file as UTF-8");
	/* é then 0xFF: 2:2 */
	fails_with(MEM("a,b\n\xC3\xA9\xFF,x\n"), "a|b\n",
		   "t.csv:2:2: invalid UTF-8 (byte 0xFF); save the file as UTF-8");
	/* inside quotes, and cut short at the end of input */
	fails_with(MEM("a\n\"ok\xC3"), "a\n",
		   "t.csv:2:4: invalid UTF-8 (byte 0xC3); save the file as UTF-8");
	fails_with(MEM("a\n\xED\xA0\x80\n"), "a\n",
		   "t.csv:2:1: invalid UTF-8 (byte 0xED); save the file as UTF-8");
	/* 1,x\0y : NUL at 2:4 */
	fails_with(MEM("a,b\n1,x\0y\n"), "a|b\n", "t.csv:2:4: NUL byte");
	fails_with(MEM("a\n\"x\0\"\n"), "a\n", "t.csv:2:3: NUL byte");
	/* a BOM that is not at the very start */
	fails_with(MEM("a,b\n1,\xEF\xBB\xBFx\n"), "a|b\n",
		   "t.csv:2:3: byte order mark (U+FEFF) not at the start of the file");
	fails_with(MEM("\xEF\xBB\xBF\xEF\xBB\xBF" "a\n"), "",
		   "t.csv:1:1: byte order mark (U+FEFF) not at the start of the file");
	fails_with(MEM("\n\xEF\xBB\xBF" "a\n"), "",
		   "t.csv:2:1: byte order mark (U+FEFF) not at the start of the file");
	/* field counts against the header */
	fails_with(MEM("a,b,c\n1,2\n"), "a|b|c\n", "t.csv:2:4: expected 3 fields, found 2");
	fails_with(MEM("a,b\n1,2,3,4\n"), "a|b\n", "t.csv:2:5: expected 2 fields, found 4");
	fails_with(MEM("a,b\n1,2\n\n\"x\ny\",2,3\n"), "a|b\n1|2\n",
		   "t.csv:5:6: expected 2 fields, found 3");
	/* a stray quote on the second line of a multi-line record */
	fails_with(MEM("a,b\n\"x\ny\",z\"\n"), "a|b\n",
		   "t.csv:3:5: quote inside an unquoted field (quote the whole field and double the quote)");
}
END_TEST

START_TEST(test_field_max)
{
	size_t n = CSV_FIELD_MAX;
	char *buf = xmalloc(n + 16);
	memcpy(buf, "a,b\n", 4);
	memset(buf + 4, 'x', n);
	memcpy(buf + 4 + n, ",1\n", 3);

	/* exactly CSV_FIELD_MAX bytes is fine */
	struct csv_reader *r = csv_open_mem("t.csv", buf, n + 7);
	const struct csv_record *rec;
	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_uint_eq(rec->fields[0].len, n);
	ck_assert_int_eq(rec->fields[1].col, (long)n + 2);
	ck_assert_int_eq(csv_read(r, &rec), 0);
	csv_close(r);

	/* one more is refused, at the field's start */
	memset(buf + 4, 'x', n + 1);
	memcpy(buf + 5 + n, ",1\n", 3);
	r = csv_open_mem("t.csv", buf, n + 8);
	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_int_eq(csv_read(r, &rec), -1);
	ck_assert_str_eq(csv_error(r), "t.csv:2:1: field longer than 1048576 bytes");
	csv_close(r);

	/* quoted: the hint about an open quote */
	memcpy(buf, "a,b\n1,\"", 7);
	memset(buf + 7, 'y', n + 1);
	memcpy(buf + 8 + n, "\"\n", 2);
	r = csv_open_mem("t.csv", buf, n + 10);
	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_int_eq(csv_read(r, &rec), -1);
	ck_assert_str_eq(csv_error(r),
			 "t.csv:2:3: field longer than 1048576 bytes (is a quote left open?)");
	csv_close(r);
	free(buf);
}
END_TEST

START_TEST(test_fail)
{
	struct csv_reader *r = csv_open_mem("in.csv", MEM("a\n1\n"));
	const struct csv_record *rec;
	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_int_eq(csv_fail(r, 3, 7, "%s is not a number", "\"x\""), -1);
	ck_assert_str_eq(csv_error(r), "in.csv:3:7: \"x\" is not a number");
	ck_assert_int_eq(csv_fail(r, 1, 1, "again %d", 2), -1);
	ck_assert_str_eq(csv_error(r), "in.csv:1:1: again 2");
	csv_close(r);
	csv_close(NULL);
}
END_TEST

/* ---- files ------------------------------------------------------------- */

static char *temp_file(const char *data, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/test_csv_XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	FILE *f = fdopen(fd, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

/* The file reader (64 KiB blocks) must see exactly what the memory reader
 * sees, whatever straddles a block boundary. */
static void same_as_mem(const char *data, size_t len)
{
	char *path = temp_file(data, len), err[256];
	struct csv_reader *r = csv_open_file(path, err, sizeof err);
	ck_assert_msg(r != NULL, "%s", err);
	ck_assert_int_eq(csv_size(r), (long long)len);
	char *from_file = dump_reader(r);
	int ok = strncmp(csv_error(r), path, strlen(path)) == 0 || !*csv_error(r);
	csv_close(r);
	unlink(path);
	char *from_mem = dump_mem(data, len);
	/* Errors name the file differently: compare from the first ':'. */
	char *ef = strstr(from_file, "ERR "), *em = strstr(from_mem, "ERR ");
	ck_assert_int_eq(ef == NULL, em == NULL);
	if (ef) {
		ck_assert(ok);
		ck_assert_str_eq(strchr(ef, ':'), strchr(em, ':'));
		*ef = *em = '\0';
	}
	ck_assert_str_eq(from_file, from_mem);
	free(from_file);
	free(from_mem);
	free(path);
}

START_TEST(test_file_blocks)
{
	const size_t block = 64 * 1024;
	static const char *const tails[] = {
		"\"a\"\"b\",c\r\n",            /* escaped quote */
		"\"x\r\ny\",\xC3\xA9\r\n",     /* CRLF in quotes, 2-byte char */
		"\xF0\x9F\x98\x80,\xE2\x82\xAC\r",  /* 4- and 3-byte chars, lone CR */
		"p,q\r\n\r\n",                 /* CRLF then an empty line */
		"\"\",\"\"\n",
		"\"m\xC3\",z\n",               /* invalid UTF-8 across the edge */
		"n\xEF\xBB\xBF,z\n",           /* BOM across the edge */
		"\"q\"x,z\n",                  /* text after the closing quote */
	};
	size_t len = block + 64;
	char *buf = xmalloc(len + 64);
	for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
		for (size_t shift = 0; shift < 12; shift++) {
			/* header, then filler records, then the tail placed so that
			 * it starts `shift` bytes before the block edge */
			size_t pos = 0;
			memcpy(buf, "h1,h2\n", 6);
			pos = 6;
			size_t start = block - shift;
			while (pos + 10 < start) {
				memcpy(buf + pos, "aa,bbb\n", 7);
				pos += 7;
			}
			/* pad the last filler record's second field up to start */
			memcpy(buf + pos, "a,", 2);
			pos += 2;
			while (pos < start - 1)
				buf[pos++] = 'b';
			buf[pos++] = '\n';
			size_t tl = strlen(tails[t]);
			memcpy(buf + pos, tails[t], tl);
			pos += tl;
			memcpy(buf + pos, "end,end\n", 8);
			pos += 8;
			same_as_mem(buf, pos);
		}
	}
	free(buf);
}
END_TEST

START_TEST(test_file_large)
{
	/* ~1.5 MB of varied records through the file reader */
	struct strbuf in = { 0 };
	sb_puts(&in, "\xEF\xBB\xBFkey,name,notes,amount\r\n");
	for (int i = 0; i < 20000; i++)
		sb_printf(&in, "K%05d,\"Name, %d \"\"q\"\"\",\"multi\nline \xC3\xA9\",%d.%02d\r\n",
			  i, i, i, i % 100);
	char *path = temp_file(in.s, in.len), err[256];
	struct csv_reader *r = csv_open_file(path, err, sizeof err);
	ck_assert_msg(r != NULL, "%s", err);
	const struct csv_record *rec;
	ck_assert_int_eq(csv_read(r, &rec), 1);
	ck_assert_str_eq(rec->fields[0].s, "key");
	char want[64];
	for (int i = 0; i < 20000; i++) {
		ck_assert_int_eq(csv_read(r, &rec), 1);
		ck_assert_uint_eq(rec->n, 4);
		ck_assert_int_eq(rec->line, 2 + 2 * i);
		ck_assert_int_eq(rec->number, 2 + i);
		snprintf(want, sizeof want, "K%05d", i);
		ck_assert_str_eq(rec->fields[0].s, want);
		snprintf(want, sizeof want, "Name, %d \"q\"", i);
		ck_assert_str_eq(rec->fields[1].s, want);
		ck_assert_str_eq(rec->fields[2].s, "multi\nline \xC3\xA9");
		ck_assert(csv_offset(r) <= csv_size(r));
	}
	ck_assert_int_eq(csv_read(r, &rec), 0);
	ck_assert_int_eq(csv_offset(r), (long long)in.len);
	csv_close(r);
	unlink(path);
	free(path);
	sb_free(&in);
}
END_TEST

START_TEST(test_open_errors)
{
	char err[256];
	ck_assert_ptr_null(csv_open_file("/nonexistent/dir/x.csv", err, sizeof err));
	ck_assert_str_eq(err, "/nonexistent/dir/x.csv: No such file or directory");
	ck_assert_ptr_null(csv_open_file("/", err, sizeof err));
	ck_assert_str_eq(err, "/: Is a directory");
}
END_TEST

START_TEST(test_stdin)
{
	char err[256];
	char *path = temp_file(MEM("a,b\n1,\"2\n"));
	ck_assert_ptr_nonnull(freopen(path, "rb", stdin));
	struct csv_reader *r = csv_open_file("-", err, sizeof err);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(csv_name(r), "<stdin>");
	char *got = dump_reader(r);
	ck_assert_str_eq(got, "a|b\nERR <stdin>:2:3: unterminated quote: the quoted field never ends");
	csv_close(r);
	free(got);
	unlink(path);
	free(path);
}
END_TEST

/* ---- fixtures under tests/data/bad ------------------------------------ */

START_TEST(test_bad_fixtures)
{
	static const struct {
		const char *file, *where;
	} cases[] = {
		{ "csv_unterminated.csv", ":2:15: unterminated quote: the quoted field never ends" },
		{ "csv_stray_quote.csv", ":2:12: quote inside an unquoted field"
		  " (quote the whole field and double the quote)" },
		{ "csv_text_after_quote.csv", ":2:12: text after closing quote" },
		{ "csv_bad_utf8.csv", ":2:9: invalid UTF-8 (byte 0xE9); save the file as UTF-8" },
		{ "csv_nul.csv", ":2:8: NUL byte" },
		{ "csv_bom_middle.csv", ":3:1: byte order mark (U+FEFF) not at the start of the file" },
		{ "csv_fields.csv", ":3:10: expected 3 fields, found 2" },
	};
	const char *dir = getenv("RAPPORT_TESTDATA");
	if (!dir || !*dir) {
		fprintf(stderr, "test_bad_fixtures: RAPPORT_TESTDATA unset, skipped\n");
		return;
	}
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char err[512];
		char *path = xasprintf("%s/bad/%s", dir, cases[i].file);
		struct csv_reader *r = csv_open_file(path, err, sizeof err);
		ck_assert_msg(r != NULL, "%s", err);
		const struct csv_record *rec;
		int rc;
		while ((rc = csv_read(r, &rec)) == 1)
			;
		ck_assert_int_eq(rc, -1);
		char *want = xasprintf("%s%s", path, cases[i].where);
		ck_assert_str_eq(csv_error(r), want);
		free(want);
		free(path);
		csv_close(r);
	}
}
END_TEST

/* ---- writer ------------------------------------------------------------ */

static char *write_one(const char *const *fields, size_t n)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(csv_write_record(f, fields, n), 0);
	ck_assert_int_eq(fclose(f), 0);
	return out;
}

static void writes(const char *const *fields, size_t n, const char *want)
{
	char *got = write_one(fields, n);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_writer)
{
	writes((const char *const[]){ "a", "b", "c" }, 3, "a,b,c\n");
	writes((const char *const[]){ "a,b", "c" }, 2, "\"a,b\",c\n");
	writes((const char *const[]){ "say \"hi\"", "\"" }, 2, "\"say \"\"hi\"\"\",\"\"\"\"\n");
	writes((const char *const[]){ "l1\nl2", "cr\r" }, 2, "\"l1\nl2\",\"cr\r\"\n");
	writes((const char *const[]){ " lead", "trail ", "in side" }, 3,
	       "\" lead\",\"trail \",in side\n");
	writes((const char *const[]){ NULL, "", "x" }, 3, ",,x\n");
	writes((const char *const[]){ "" }, 1, "\"\"\n");
	writes((const char *const[]){ NULL }, 1, "\"\"\n");
	writes((const char *const[]){ "Z\xC3\xBCrich" }, 1, "Z\xC3\xBCrich\n");
	writes(NULL, 0, "\n");
}
END_TEST

START_TEST(test_writer_roundtrip)
{
	static const char *const fields[] = {
		"plain", "", "a,b", "\"", "\"\"", "x\"y", "l1\nl2", "c\r\nd", " sp",
		"sp ", "\xC3\xA9t\xC3\xA9", ",", "\r",
	};
	const size_t n = sizeof fields / sizeof fields[0];
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	ck_assert_int_eq(csv_write_record(f, fields, n), 0);
	ck_assert_int_eq(csv_write_record(f, fields, n), 0);
	const char *single[] = { "" };
	ck_assert_int_eq(fclose(f), 0);

	struct csv_reader *r = csv_open_mem("w.csv", out, len);
	const struct csv_record *rec;
	for (int k = 0; k < 2; k++) {
		ck_assert_int_eq(csv_read(r, &rec), 1);
		ck_assert_uint_eq(rec->n, n);
		for (size_t i = 0; i < n; i++)
			ck_assert_str_eq(rec->fields[i].s, fields[i]);
	}
	ck_assert_int_eq(csv_read(r, &rec), 0);
	csv_close(r);
	free(out);

	/* a one-column file with an empty value keeps its row */
	f = open_memstream(&out, &len);
	ck_assert_int_eq(csv_write_record(f, (const char *const[]){ "h" }, 1), 0);
	ck_assert_int_eq(csv_write_record(f, single, 1), 0);
	ck_assert_int_eq(fclose(f), 0);
	parses_to(out, len, "h\n\n");
	free(out);
}
END_TEST

START_TEST(test_writer_error)
{
	FILE *f = fopen("/dev/full", "w");
	if (!f)
		return;
	setvbuf(f, NULL, _IONBF, 0);
	errno = 0;
	ck_assert_int_eq(csv_write_record(f, (const char *const[]){ "a", "b\"c" }, 2), -1);
	ck_assert_int_eq(errno, ENOSPC);
	fclose(f);
}
END_TEST

static Suite *csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("reader");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_simple);
	tcase_add_test(tc, test_line_endings);
	tcase_add_test(tc, test_quoted);
	tcase_add_test(tc, test_embedded_newlines);
	tcase_add_test(tc, test_empty_fields_and_lines);
	tcase_add_test(tc, test_bom_and_columns);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_field_max);
	tcase_add_test(tc, test_fail);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_file_blocks);
	tcase_add_test(tc, test_file_large);
	tcase_add_test(tc, test_open_errors);
	tcase_add_test(tc, test_stdin);
	tcase_add_test(tc, test_bad_fixtures);
	suite_add_tcase(s, tc);

	tc = tcase_create("writer");
	tcase_add_test(tc, test_writer);
	tcase_add_test(tc, test_writer_roundtrip);
	tcase_add_test(tc, test_writer_error);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(csv_suite());
}
