/* GMP's memory functions for the CLI: running out of memory inside GMP exits 5, never aborts. */
#include "cli.h"

#include <gmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * GMP cannot report a failed allocation to its caller: its own functions print a message and
 * abort(), a crash with a core dump. These exit the way every other out-of-memory failure of
 * the CLI does (exit 5, nothing decided), with write(2) and _exit(2), which allocate nothing
 * and run no handler that might. Anything -o was staging is left in its hidden staging
 * folder; the published outputs are untouched, as after any failed run.
 */
static void out_of_memory(void)
{
	static const char msg[] = "calloff: out of memory\n";
	ssize_t w = write(2, msg, sizeof(msg) - 1);
	(void)w;
	_exit(EXIT_FAILED);
}

static void *gmp_alloc(size_t n)
{
	void *p = malloc(n);
	if (!p)
		out_of_memory();
	return p;
}

static void *gmp_realloc(void *p, size_t old, size_t n)
{
	(void)old;
	void *q = realloc(p, n);
	if (!q)
		out_of_memory();
	return q;
}

static void gmp_free(void *p, size_t n)
{
	(void)n;
	free(p);
}

void cli_gmp_fail_closed(void)
{
	mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
}
