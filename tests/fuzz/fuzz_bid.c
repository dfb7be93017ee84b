/* libFuzzer harness: the bid reader (size cap, parser, DOCTYPE refusal, XSD, field extraction). */
#include <calloff/calloff.h>
#include <libxml/parser.h>
#include "reading/bid.h"
#include "harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static co_xschema *schema;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	if (co_xschema_load(&schema, CO_SCHEMA_BID))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	co_bid *b = NULL;
	if (co_bid_read(&b, fuzz_write(data, size, ".xml"), NULL, schema, 1))
		abort(); /* only out of memory may fail: a bad bid is a rejected bid */
	if (b->invalid ? !b->invalid_detail : (!b->id || !b->supplier_id || !b->submitted_text))
		abort();
	co_bid_free(b);
	return 0;
}
