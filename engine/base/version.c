/* The engine's version and process-wide library set-up. */
#include "calloff/version.h"
#include "calloff/status.h"

#include <gsl/gsl_errno.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

const char *co_version(void)
{
	return CO_VERSION;
}

/*
 * GSL's default error handler prints and aborts; off, every GSL call returns its status and the
 * engine checks it, so a GSL failure is a status and never ends the caller's process.
 *
 * xmlInitParser() returns nothing: when it runs out of memory, the encoding handlers it builds
 * are missing (a bid in UTF-16 would then read as invalid), and only libxml2's last error says so.
 */
int co_global_init(void)
{
	gsl_set_error_handler_off();
	xmlInitParser();
	const xmlError *e = xmlGetLastError();
	return e && e->code != XML_ERR_OK ? CO_ERROR : 0;
}

void co_global_cleanup(void)
{
	xmlCleanupParser();
}
