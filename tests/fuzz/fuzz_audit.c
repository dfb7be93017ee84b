/*
 * libFuzzer harness: an audit.json from anyone, loaded and checked as replay and explain check it,
 * in a real bundle of the Lot 7 example (made once): the record's fields, the bundled copies, the
 * folder's listing and the outputs. The input is also diffed as a result document against the
 * real result.json, as replay names the bids that changed. Originals are never read.
 */
#include <calloff/calloff.h>
#include <gsl/gsl_errno.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auditing/resultdiff.h"
#include "harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char bundle[160];
static co_output *outs;
static size_t nouts;
static json_t *result;

/* The evaluation `calloff evaluate` would record in bundle, its outputs kept for the comparisons. */
static void record(void)
{
	const char *bid_args[] = {TOP_SRCDIR "/bids/lot7"};
	co_audit_options o = {.rules = TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", .bid_args = bid_args,
	                      .nbid_args = 1, .marks = TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml",
	                      .output = bundle, .force = 1};
	co_paths *paths = NULL, *read = NULL;
	co_audit *a = NULL;
	co_rules *rules = NULL;
	co_result *res = NULL;
	co_diags *d = co_diags_new();
	if (co_paths_expand(&paths, bid_args, 1, d) || co_audit_begin(&a, &o, paths, d) || co_audit_snapshot(a, d) ||
	    co_audit_bid_paths(a, &read) || co_rules_load_from(&rules, o.rules, co_audit_rules_source(a), d) ||
	    co_evaluate_from(&res, rules, read, o.marks, co_audit_marks_source(a), d) ||
	    co_render_outputs(res, NULL, &outs, &nouts) || co_audit_commit(a, outs, nouts, d))
		abort();
	for (size_t i = 0; i < nouts; i++)
		if (!strcmp(outs[i].name, "result.json") && !(result = json_loadb(outs[i].data, outs[i].len, 0, NULL)))
			abort();
	co_result_free(res);
	co_rules_free(rules);
	co_audit_free(a);
	co_paths_free(read);
	co_paths_free(paths);
	co_diags_free(d);
}

static void remove_bundle(void)
{
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", bundle);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_audit: %s was not removed\n", bundle);
	co_outputs_free(outs, nouts);
	json_decref(result);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	gsl_set_error_handler_off();
	xmlInitParser();
	if (co_global_init())
		abort();
	snprintf(bundle, sizeof(bundle), "%s-bundle", fuzz_path(""));
	record();
	atexit(remove_bundle);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char file[200];
	co_audit *a = NULL;
	co_diags *d = co_diags_new(), *diff = co_diags_new(), *notes = co_diags_new();
	co_replay_options ro = {.allow_version = size & 1};
	snprintf(file, sizeof(file), "%s/audit.json", bundle);
	FILE *f = fopen(file, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f))
		abort();
	int rc = co_audit_load_with(&a, bundle, &ro, d);
	if (rc == 0) {
		int n = co_audit_check_record(a, diff, notes), k = co_audit_verify_inputs(a, 0, diff, notes),
		    m = co_audit_check_folder(a, diff), c = co_audit_compare_outputs(a, outs, nouts, diff);
		if (n < 0 || k < 0 || m < 0 || c < 0 || co_audit_note_unchecked(a, notes))
			abort(); /* nothing here runs out of memory: every failure is the input's, and a difference */
		if ((n || k || m || c) && co_diags_count(diff) == 0)
			abort(); /* every difference counted says what it is */
		if (!co_audit_rules_source(a) || !co_audit_rules_path(a))
			abort(); /* a loaded record always has its rule file */
	} else if (rc == CO_ERROR || co_diags_count(d) == 0) {
		abort(); /* every refusal says why */
	}
	co_audit_free(a);
	json_t *doc = json_loadb((const char *)data, size, 0, NULL);
	if (doc && co_result_diff(diff, "result.json", doc, result, 50) < 0)
		abort();
	json_decref(doc);
	co_diags_free(d);
	co_diags_free(diff);
	co_diags_free(notes);
	return 0;
}
