/* libFuzzer harness: the CSV reader (src/io/csv.c) and its writer.
 *
 * Input: any bytes, read as one CSV file.  Checked on every input:
 *   - every record the reader returns keeps its promises (csv.h): fields
 *     NUL-terminated with strlen == len (a NUL byte is refused), as many
 *     fields as the header, positions 1-based, record numbers counting up;
 *     an error (-1) comes with a "NAME:LINE:COL: message" text;
 *   - write -> read is the identity: each record written by
 *     csv_write_record reads back as the same fields;
 *   - the file reader (64 KiB blocks) and the memory reader agree record
 *     for record and on the error text, on the input placed after a long
 *     one-field header line ("xxx...") so that a block boundary falls
 *     inside its first 64 bytes.  (A quoted field is the cheapest pad to
 *     read; 64 KiB of empty lines took ~10 ms an input.)
 * Any disagreement aborts, which libFuzzer reports as a crash. */
#define _GNU_SOURCE
#include "rapport/csv.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define BLOCK 65536  /* csv.c's BLOCK_SIZE */

#define REQUIRE(cond)                                                                \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "fuzz_csv: %s:%d: %s\n", __FILE__, __LINE__, \
				#cond);                                              \
			abort();                                                     \
		}                                                                    \
	} while (0)

static int memfd = -1;
static char memfd_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	memfd = memfd_create("fuzz_csv", 0);
	if (memfd < 0) {
		perror("fuzz_csv: memfd_create");
		exit(1);
	}
	snprintf(memfd_path, sizeof memfd_path, "/proc/self/fd/%d", memfd);
	return 0;
}

/* The reader's promises about one record. */
static void check_record(const struct csv_record *rec, long number, size_t header_n)
{
	REQUIRE(rec->n >= 1);
	REQUIRE(rec->number == number);
	REQUIRE(rec->line >= 1);
	if (number > 1)
		REQUIRE(rec->n == header_n);
	for (size_t i = 0; i < rec->n; i++) {
		const struct csv_field *f = &rec->fields[i];
		REQUIRE(f->s != NULL);
		REQUIRE(strlen(f->s) == f->len);
		REQUIRE(f->len <= CSV_FIELD_MAX);
		REQUIRE(f->line >= rec->line);
		REQUIRE(f->col >= 1);
	}
}

/* Write rec with csv_write_record and read it back: the same fields. */
static void check_roundtrip(const struct csv_record *rec)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	REQUIRE(f);
	const char **fields = calloc(rec->n, sizeof *fields);
	REQUIRE(fields);
	for (size_t i = 0; i < rec->n; i++)
		fields[i] = rec->fields[i].s;
	REQUIRE(csv_write_record(f, fields, rec->n) == 0);
	free(fields);
	REQUIRE(fclose(f) == 0);

	struct csv_reader *r = csv_open_mem("roundtrip", buf, len);
	const struct csv_record *back;
	int rc = csv_read(r, &back);
	if (rc != 1)
		fprintf(stderr, "fuzz_csv: written record does not read back: %s\n", csv_error(r));
	REQUIRE(rc == 1);
	REQUIRE(back->n == rec->n);
	for (size_t i = 0; i < rec->n; i++) {
		REQUIRE(back->fields[i].len == rec->fields[i].len);
		REQUIRE(memcmp(back->fields[i].s, rec->fields[i].s, rec->fields[i].len) == 0);
	}
	REQUIRE(csv_read(r, &back) == 0);
	csv_close(r);
	free(buf);
}

/* Read everything from r, checking each record; returns the last rc. */
static int read_all(struct csv_reader *r, int roundtrip)
{
	const struct csv_record *rec;
	size_t header_n = 0;
	long number = 0;
	int rc;
	while ((rc = csv_read(r, &rec)) == 1) {
		number++;
		check_record(rec, number, header_n);
		if (number == 1)
			header_n = rec->n;
		if (roundtrip)
			check_roundtrip(rec);
		REQUIRE(csv_offset(r) >= 0);
	}
	if (rc < 0) {
		const char *e = csv_error(r);
		REQUIRE(e && *e);
		REQUIRE(strncmp(e, csv_name(r), strlen(csv_name(r))) == 0);
		/* an error stops the reader for good */
		REQUIRE(csv_read(r, &rec) == -1);
	} else {
		REQUIRE(rc == 0);
		REQUIRE(csv_read(r, &rec) == 0);
	}
	return rc;
}

/* The file reader and the memory reader over the same bytes agree. */
static void check_file_vs_mem(const uint8_t *data, size_t size)
{
	size_t pad = BLOCK - 1 - (size ? data[0] % 64 : 0);
	size_t total = pad + size;
	char *buf = malloc(total);
	REQUIRE(buf);
	buf[0] = '"';
	memset(buf + 1, 'x', pad - 3);
	buf[pad - 2] = '"';
	buf[pad - 1] = '\n';
	if (size)
		memcpy(buf + pad, data, size);

	REQUIRE(ftruncate(memfd, 0) == 0);
	REQUIRE(pwrite(memfd, buf, total, 0) == (ssize_t)total);

	char err[256];
	struct csv_reader *fr = csv_open_file(memfd_path, err, sizeof err);
	REQUIRE(fr);
	struct csv_reader *mr = csv_open_mem(memfd_path, buf, total);
	REQUIRE(csv_size(fr) == (long long)total && csv_size(mr) == (long long)total);

	const struct csv_record *frec, *mrec;
	for (;;) {
		int frc = csv_read(fr, &frec);
		int mrc = csv_read(mr, &mrec);
		REQUIRE(frc == mrc);
		if (frc != 1) {
			if (frc < 0 && strcmp(csv_error(fr), csv_error(mr)) != 0)
				fprintf(stderr, "fuzz_csv: file: %s\nfuzz_csv: mem:  %s\n",
					csv_error(fr), csv_error(mr));
			REQUIRE(strcmp(csv_error(fr), csv_error(mr)) == 0);
			break;
		}
		/* separate readers, separate buffers: compare in place */
		REQUIRE(frec->n == mrec->n);
		REQUIRE(frec->line == mrec->line && frec->number == mrec->number);
		for (size_t i = 0; i < frec->n; i++) {
			const struct csv_field *a = &frec->fields[i], *b = &mrec->fields[i];
			REQUIRE(a->len == b->len && memcmp(a->s, b->s, a->len) == 0);
			REQUIRE(a->line == b->line && a->col == b->col);
		}
	}
	csv_close(fr);
	csv_close(mr);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader *r = csv_open_mem("fuzz.csv", (const char *)data, size);
	read_all(r, 1);
	csv_close(r);

	check_file_vs_mem(data, size);
	return 0;
}
