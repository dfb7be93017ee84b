/* The engine's version and process-wide library set-up. */
#include "calloff/version.h"

#include <gsl/gsl_errno.h>
#include <libxml/parser.h>

const char *co_version(void)
{
	return CO_VERSION;
}

/*
 * GSL's default error handler prints and aborts; off, every GSL call returns its status and the
 * engine checks it, so a GSL failure is a status and never ends the caller's process.
 */
void co_global_init(void)
{
	gsl_set_error_handler_off();
	xmlInitParser();
}

void co_global_cleanup(void)
{
	xmlCleanupParser();
}
