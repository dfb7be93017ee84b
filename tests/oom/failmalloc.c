/*
 * failmalloc: an allocator that fails exactly one chosen allocation, for the out-of-memory tests.
 *
 * It replaces malloc, calloc, realloc, reallocarray, posix_memalign, aligned_alloc, memalign,
 * valloc and pvalloc (glibc routes its own allocations, strdup's and fopen's among them, through
 * these) and hands each call to glibc's allocator unless it is the one to fail, which returns
 * NULL with errno ENOMEM. Calls are counted in every thread while counting is on.
 *
 * Linked into a test program, failmalloc_start() and failmalloc_stop() (failmalloc.h) turn
 * counting on and off around the call under test, in the calling thread only (a test framework's
 * own threads are left alone). Built with FAILMALLOC_PRELOAD, it is a
 * library for LD_PRELOAD that counts from the start of the program's main(), as the
 * environment says:
 *   FAILMALLOC_FAIL=N     the Nth allocation (1-based) fails
 *   FAILMALLOC_REPORT=F   at exit, the number of allocations counted is written to file F
 *   FAILMALLOC_TRACE=1    the call stack of the failed allocation is printed on stderr
 *   FAILMALLOC_ONLY=NAME  only in the program of that name: not in a wrapper that starts it
 *                         (valgrind's launcher, a shell), which inherits the environment
 * The allocations made before main() (the loader's, the libraries' constructors) are neither
 * counted nor failed: no program can handle those.
 */
#include "failmalloc.h"

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static atomic_int counting;          /* counting is on */
static atomic_ulong count;           /* allocations counted */
static atomic_ulong fail_at;         /* the one to fail, 0 for none */
static int trace;
static _Thread_local int inside;     /* the trace's own allocations are not counted */
#ifndef FAILMALLOC_PRELOAD
static _Thread_local int started_here; /* linked into a test: only the thread that started counts */
#endif

/* 1 when this allocation is the one to fail. */
static int should_fail(void)
{
	if (!atomic_load_explicit(&counting, memory_order_relaxed) || inside)
		return 0;
#ifndef FAILMALLOC_PRELOAD
	if (!started_here)
		return 0;
#endif
	unsigned long n = atomic_fetch_add(&count, 1) + 1;
	if (n != atomic_load(&fail_at))
		return 0;
	if (trace) {
		void *frames[64];
		inside = 1;
		int k = backtrace(frames, 64);
		static const char head[] = "failmalloc: failing this allocation:\n";
		ssize_t w = write(2, head, sizeof(head) - 1);
		(void)w;
		backtrace_symbols_fd(frames, k, 2);
		inside = 0;
	}
	errno = ENOMEM;
	return 1;
}

void *malloc(size_t n)
{
	return should_fail() ? NULL : __libc_malloc(n);
}

void *calloc(size_t k, size_t n)
{
	return should_fail() ? NULL : __libc_calloc(k, n);
}

void *realloc(void *p, size_t n)
{
	/* realloc(p, 0) frees p: it is no allocation to fail. */
	if (p && n == 0)
		return __libc_realloc(p, n);
	return should_fail() ? NULL : __libc_realloc(p, n);
}

void *reallocarray(void *p, size_t k, size_t n)
{
	if (n && k > SIZE_MAX / n) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, k * n);
}

void *memalign(size_t align, size_t n)
{
	return should_fail() ? NULL : __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
	return memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
	if (align % sizeof(void *) != 0 || (align & (align - 1)) != 0)
		return EINVAL;
	void *p = memalign(align, n);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *valloc(size_t n)
{
	return memalign((size_t)sysconf(_SC_PAGESIZE), n);
}

void *pvalloc(size_t n)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	return memalign(page, (n + page - 1) / page * page);
}

void failmalloc_start(unsigned long n)
{
#ifndef FAILMALLOC_PRELOAD
	started_here = 1;
#endif
	atomic_store(&counting, 0);
	atomic_store(&count, 0);
	atomic_store(&fail_at, n);
	atomic_store(&counting, 1);
}

unsigned long failmalloc_stop(void)
{
#ifndef FAILMALLOC_PRELOAD
	started_here = 0;
#endif
	atomic_store(&counting, 0);
	return atomic_load(&count);
}

#ifdef FAILMALLOC_PRELOAD
/* At exit, the count for FAILMALLOC_REPORT, written without allocating. */
static void report(void)
{
	const char *path = getenv("FAILMALLOC_REPORT");
	if (!path)
		return;
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%lu\n", atomic_load(&count));
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		ssize_t w = write(fd, buf, (size_t)len);
		(void)w;
		close(fd);
	}
}

typedef int (*main_fn)(int, char **, char **);
static main_fn real_main;

static int counted_main(int argc, char **argv, char **envp)
{
	const char *only = getenv("FAILMALLOC_ONLY");
	if (only && strcmp(only, program_invocation_short_name) != 0)
		return real_main(argc, argv, envp);
	const char *f = getenv("FAILMALLOC_FAIL");
	trace = getenv("FAILMALLOC_TRACE") != NULL;
	atexit(report); /* before counting: registering must not be what fails */
	failmalloc_start(f ? strtoul(f, NULL, 10) : 0);
	return real_main(argc, argv, envp);
}

typedef int (*start_fn)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void), void *);
int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end);

/* The program's start, interposed so that counting begins with its main(). */
int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end)
{
	start_fn real = (start_fn)dlsym(RTLD_NEXT, "__libc_start_main");
	real_main = main;
	return real(counted_main, argc, argv, init, fini, rtld_fini, stack_end);
}
#endif
