/* libFuzzer harness: the rule-file loader (YAML events, the tree, every validation). */
#include <calloff/calloff.h>
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	co_rules *r = NULL;
	co_diags *d = co_diags_new();
	if (co_rules_load(&r, fuzz_write(data, size, ".yaml"), d) == 0 && !co_rules_competition_id(r))
		abort(); /* a valid rule file always has its id */
	co_rules_free(r);
	co_diags_free(d);
	return 0;
}
