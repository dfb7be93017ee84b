/*
 * libFuzzer harness: a marking workbook whose sheet and shared strings are the fuzzer's (a
 * mutated whole zip rarely gets past its checksums to the XML), read and checked against the
 * plan the seed workbook was made for (Lot 7, E1 and E2, E2 marking Q1 and Q2, seed 7).
 */
#include <calloff/calloff.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "harness.h"
#include "panelplan.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static co_rules *rules;
static co_plan *plan;
static unsigned char *seed;
static size_t seed_len;

/* The seed workbook's bytes. */
static void read_seed(void)
{
	FILE *f = fopen(TOP_SRCDIR "/tests/fuzz/seeds/returned/e2-marking.xlsx", "rb");
	if (!f || fseek(f, 0, SEEK_END) || (seed_len = (size_t)ftell(f)) == 0 || fseek(f, 0, SEEK_SET) ||
	    !(seed = malloc(seed_len)) || fread(seed, 1, seed_len, f) != seed_len)
		abort();
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	plan = fuzz_panel_plan(&rules);
	read_seed();
	return 0;
}

/* Replace name in the archive with len bytes at data. */
static void put(zip_t *z, const char *name, const uint8_t *data, size_t len)
{
	zip_source_t *src = zip_source_buffer(z, data, len, 0);
	if (!src || zip_file_add(z, name, src, ZIP_FL_OVERWRITE) < 0)
		abort();
}

/* The input is the sheet, then a NUL byte, then the shared strings (absent: the seed's). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write(seed, seed_len, ".xlsx");
	int err = 0;
	zip_t *z = zip_open(path, 0, &err);
	if (!z)
		abort();
	const uint8_t *nul = memchr(data, 0, size);
	size_t sheet = nul ? (size_t)(nul - data) : size;
	put(z, "xl/worksheets/sheet1.xml", data, sheet);
	if (nul)
		put(z, "xl/sharedStrings.xml", nul + 1, size - sheet - 1);
	if (zip_close(z) < 0)
		abort();
	fuzz_panel_returned(plan, path);
	return 0;
}
