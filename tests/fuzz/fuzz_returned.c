/* libFuzzer harness: a returned panel file (CSV, the forms' XML, a workbook) read and checked against a Lot 7 plan. */
#include <calloff/calloff.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include "harness.h"
#include "panels/plan.h"
#include "panels/returned.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static co_rules *rules;
static co_plan *plan;

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
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	co_returned *r = NULL;
	co_rmark *ms = NULL;
	size_t n = 0;
	long ev = -2;
	co_diags *d = co_diags_new();
	int rc = co_returned_read(&r, fuzz_write(data, size, ""), plan, d);
	if (rc == 0)
		rc = co_returned_check(&ms, &n, &ev, r, plan, d);
	if (rc == 0) {
		/* What is accepted names the plan's responses and questions, a mark on the scale, this evaluator's questions. */
		for (size_t i = 0; i < n; i++)
			if (ms[i].k >= plan->nb || ms[i].q >= plan->rules->nq || (ms[i].has_value && !co_plan_on_scale(plan, ms[i].value)) ||
			    (ev >= 0 && !plan->evs[ev].assigned[ms[i].q]) || !ms[i].text)
				abort();
	} else if (rc != CO_ERROR && co_diags_count(d) == 0) {
		abort(); /* every refusal says why */
	}
	free(ms);
	co_returned_free(r);
	co_diags_free(d);
	return 0;
}
