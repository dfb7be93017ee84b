/* libFuzzer harness: the decisions file read against the shipped lots' rules, and applied by evaluating them. */
#include <calloff/calloff.h>
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A shipped lot: its rules, bid folder and marks, loaded once. */
typedef struct {
	const char *rules, *bids, *marks;
	co_rules *r;
	co_paths *p;
} lot;

static lot lots[] = {
	{TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", TOP_SRCDIR "/bids/lot7", TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml", NULL, NULL},
	{TOP_SRCDIR "/rules/dorset-lot8-extra-care-capped.yaml", TOP_SRCDIR "/bids/lot8", TOP_SRCDIR "/bids/marks/dorset-lot8-marks.xml", NULL, NULL},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_write(data, size, ".yaml");
	for (size_t k = 0; k < sizeof(lots) / sizeof(*lots); k++) {
		lot *l = &lots[k];
		co_diags *d = co_diags_new();
		if (!l->r) {
			const char *b[] = {l->bids};
			if (co_rules_load(&l->r, l->rules, d) || co_paths_expand(&l->p, b, 1, d))
				abort(); /* the shipped lots load */
		}
		co_decisions *ds = NULL;
		co_result *res = NULL;
		char *json = NULL;
		int rc = co_decisions_load(&ds, l->r, path, NULL, d);
		if (rc == 0) {
			co_evaluate_options o = {.threads = 1, .keep_rationales = 0, .decisions = ds};
			rc = co_evaluate_with(&res, l->r, l->p, l->marks, NULL, &o, d);
			/* A decision that does not fit is an error at its place, never a silent one. */
			if (rc == CO_EINVALID && co_diags_count(d) == 0)
				abort();
			if (rc == 0 && (co_result_final(res) == co_result_needs_decision(res) || co_result_json(&json, res)))
				abort();
		} else if (rc == CO_EINVALID && co_diags_count(d) == 0) {
			abort();
		}
		free(json);
		co_result_free(res);
		co_decisions_free(ds);
		co_diags_free(d);
	}
	return 0;
}
