/* Shared by the panel's libFuzzer harnesses: the plan their seeds were made for (Lot 7, E1 and E2, E2 marking Q1 and Q2, seed 7). */
#ifndef CO_FUZZ_PANELPLAN_H
#define CO_FUZZ_PANELPLAN_H

#include <calloff/calloff.h>
#include <stdlib.h>
#include "panels/plan.h"
#include "panels/returned.h"

/* The rules and the plan, or abort(): a harness cannot run without them. */
static inline co_plan *fuzz_panel_plan(co_rules **rules)
{
	const char *bids[] = {TOP_SRCDIR "/bids/lot7"}, *evs[] = {"E1", "E2"}, *assign[] = {"E2=Q1,Q2"};
	co_paths *paths = NULL;
	co_plan *plan = NULL;
	co_panel_options o = {.evaluators = evs, .nev = 2, .assign = assign, .nassign = 1, .seed = 7};
	if (co_rules_load(rules, TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", NULL) ||
	    co_paths_expand(&paths, bids, 1, NULL) || co_plan_build(&plan, *rules, paths, &o, NULL))
		abort();
	co_paths_free(paths);
	return plan;
}

/*
 * Read and check the returned file at path against plan; abort() unless what is accepted names
 * the plan's responses and questions, a mark on the scale and the evaluator's own questions, and
 * every refusal says why.
 */
static inline void fuzz_panel_returned(const co_plan *plan, const char *path)
{
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
			    (ev >= 0 && !plan->evs[ev].assigned[ms[i].q]) || !ms[i].text)
				abort();
	} else if (rc != CO_ERROR && co_diags_count(d) == 0) {
		abort();
	}
	free(ms);
	co_returned_free(r);
	co_diags_free(d);
}

#endif
