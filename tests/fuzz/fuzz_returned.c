/* libFuzzer harness: a returned panel file (CSV, the forms' XML, a workbook) read and checked against a Lot 7 plan. */
#include <calloff/calloff.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include "harness.h"
#include "panelplan.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static co_rules *rules;
static co_plan *plan;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	plan = fuzz_panel_plan(&rules);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_panel_returned(plan, fuzz_write(data, size, ""));
	return 0;
}
