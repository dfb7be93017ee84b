/* failmalloc: an allocator that fails exactly one chosen allocation (tests/oom/failmalloc.c). */
#ifndef CO_FAILMALLOC_H
#define CO_FAILMALLOC_H

/*
 * Count allocations from now on and fail the fail_at-th (1-based; 0: none): in every thread when
 * preloaded, in the calling thread only when linked into a test.
 */
void failmalloc_start(unsigned long fail_at);

/* Stop counting and failing; returns how many allocations were counted since the start. */
unsigned long failmalloc_stop(void);

#endif
