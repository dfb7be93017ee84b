/* failmalloc: an allocator that fails exactly one chosen allocation (tests/oom/failmalloc.c). */
#ifndef CO_FAILMALLOC_H
#define CO_FAILMALLOC_H

/* Count allocations from now on, in every thread, and fail the fail_at-th (1-based; 0: none). */
void failmalloc_start(unsigned long fail_at);

/* Stop counting and failing; returns how many allocations were counted since the start. */
unsigned long failmalloc_stop(void);

#endif
