/* The engine's version and process-wide library set-up. */
#include "calloff/version.h"
#include "calloff/status.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

const char *co_version(void)
{
	return CO_VERSION;
}

/*
 * xmlInitParser() returns nothing: when it runs out of memory, the encoding handlers it builds
 * are missing (a bid in UTF-16 would then read as invalid), and only libxml2's last error says so.
 */
int co_global_init(void)
{
	xmlInitParser();
	const xmlError *e = xmlGetLastError();
	return e && e->code != XML_ERR_OK ? CO_ERROR : 0;
}

void co_global_cleanup(void)
{
	xmlCleanupParser();
}
