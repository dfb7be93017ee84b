/* The CLI's allocation functions for GMP and libxml2: when they run out of memory, exit 5 at once. */
#include "cli.h"

#include <gmp.h>
#include <libxml/xmlmemory.h>
#include <openssl/crypto.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * GMP cannot report a failed allocation to its caller: its own functions print a message and
 * abort(), a crash. libxml2 2.9 reports most, but not all, and under some it goes on with a
 * half-built schema or crashes; OpenSSL 3.0 crashes when an allocation fails while it sets
 * itself up (CRYPTO_THREAD_lock_new in its default library context). None of them can be
 * trusted to fail closed, so their allocations come from here, and a failure ends the run the way every other out-of-memory failure of the
 * CLI does: "out of memory" and exit 5, nothing decided. It writes with write(2) and ends with
 * _exit(2), which allocate nothing and run no handler that might; the one clean-up it runs is
 * the one registered with cli_on_out_of_memory(), which allocates nothing either.
 */
static void (*cleanup)(void *);
static void *cleanup_arg;
static atomic_flag exiting = ATOMIC_FLAG_INIT;

void cli_on_out_of_memory(void (*fn)(void *), void *arg)
{
	cleanup = fn;
	cleanup_arg = arg;
}

static void out_of_memory(void)
{
	static const char msg[] = "calloff: out of memory\n";
	if (!atomic_flag_test_and_set(&exiting) && cleanup)
		cleanup(cleanup_arg);
	ssize_t w = write(2, msg, sizeof(msg) - 1);
	(void)w;
	_exit(EXIT_FAILED);
}

static void *alloc_or_exit(size_t n)
{
	void *p = malloc(n);
	if (!p)
		out_of_memory();
	return p;
}

static void *realloc_or_exit(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q && n)
		out_of_memory();
	return q;
}

static void *gmp_realloc(void *p, size_t old, size_t n)
{
	(void)old;
	return realloc_or_exit(p, n);
}

static void gmp_free(void *p, size_t n)
{
	(void)n;
	free(p);
}

static void *crypto_alloc(size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return alloc_or_exit(n);
}

static void *crypto_realloc(void *p, size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return realloc_or_exit(p, n);
}

static void crypto_free(void *p, const char *file, int line)
{
	(void)file;
	(void)line;
	free(p);
}

static char *strdup_or_exit(const char *s)
{
	char *d = strdup(s);
	if (!d)
		out_of_memory();
	return d;
}

int cli_memory_fail_closed(void)
{
	mp_set_memory_functions(alloc_or_exit, gmp_realloc, gmp_free);
	xmlMemSetup(free, alloc_or_exit, realloc_or_exit, strdup_or_exit);
	/* Refused only once OpenSSL has allocated, which nothing has done before main(). */
	CRYPTO_set_mem_functions(crypto_alloc, crypto_realloc, crypto_free);
	/*
	 * Set up now, and with no clean-up at exit: OpenSSL's own (OPENSSL_cleanup) allocates, so a
	 * run that had finished could otherwise still end in exit 5 after printing its result.
	 */
	return OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL) ? 0 : CO_ERROR;
}
