/* The engine's version and process-wide library set-up. */
#include "calloff/version.h"

#include <libxml/parser.h>

const char *co_version(void)
{
	return CO_VERSION;
}

void co_global_init(void)
{
	xmlInitParser();
}

void co_global_cleanup(void)
{
	xmlCleanupParser();
}
