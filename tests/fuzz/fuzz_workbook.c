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
#include "panels/plan.h"
#include "panels/returned.h"

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
	const char *bids[] = {TOP_SRCDIR "/bids/lot7"}, *evs[] = {"E1", "E2"}, *assign[] = {"E2=Q1,Q2"};
	co_paths *paths = NULL;
	co_panel_options o = {.evaluators = evs, .nev = 2, .assign = assign, .nassign = 1, .seed = 7};
	if (co_rules_load(&rules, TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", NULL) ||
	    co_paths_expand(&paths, bids, 1, NULL) || co_plan_build(&plan, rules, paths, &o, NULL))
		abort();
	co_paths_free(paths);
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
	co_returned *r = NULL;
	co_rmark *ms = NULL;
	size_t n = 0;
	long ev = -2;
	co_diags *d = co_diags_new();
	int rc = co_returned_read(&r, path, plan, d);
	if (rc == 0)
		rc = co_returned_check(&ms, &n, &ev, r, plan, d);
	if (rc == 0) {
		for (size_t i = 0; i < n; i++)
			if (ms[i].k >= plan->nb || ms[i].q >= plan->rules->nq ||
			    (ms[i].has_value && !co_plan_on_scale(plan, ms[i].value)) ||
			    (ev >= 0 && !plan->evs[ev].assigned[ms[i].q]))
				abort();
	} else if (rc != CO_ERROR && co_diags_count(d) == 0) {
		abort(); /* every refusal says why */
	}
	free(ms);
	co_returned_free(r);
	co_diags_free(d);
	return 0;
}
