/* Internal: a bump allocator for the many small records an evaluation keeps to its end. */
#ifndef CO_ARENA_H
#define CO_ARENA_H

#include <stddef.h>

typedef struct co_arena_chunk co_arena_chunk;

/*
 * Memory handed out from large chunks and freed all at once (co_arena_free): a record kept to
 * the end costs its size, with no allocator header and no rounding. Zero-initialise to start
 * with no chunk. One thread uses an arena at a time.
 */
typedef struct {
	co_arena_chunk *head; /* the chunk being filled, then the full ones */
} co_arena;

/* n zeroed bytes, aligned for pointers and 64-bit integers (not for long double); NULL when out of memory. They live until co_arena_free. */
void *co_arena_alloc(co_arena *a, size_t n);

/* A copy of s, unaligned (NULL stays NULL); NULL when out of memory, and *failed is set to 1 then. */
char *co_arena_strdup(co_arena *a, const char *s, int *failed);

/* Moves every chunk of from to into (from is left empty): both freed by co_arena_free(into). */
void co_arena_take(co_arena *into, co_arena *from);

/* Frees every chunk; the arena is empty again. */
void co_arena_free(co_arena *a);

#endif
