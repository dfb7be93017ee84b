/* Internal: texts kept once however often they occur (the details of an evaluation's notes). */
#ifndef CO_TEXTPOOL_H
#define CO_TEXTPOOL_H

#include <stddef.h>
#include "base/arena.h"

/* Zero-initialise to start empty; one thread uses a pool at a time. */
typedef struct {
	co_arena text;      /* the copies */
	const char **slots; /* open-addressed, NULL when empty */
	size_t nslots, n;
} co_textpool;

/*
 * The pool's copy of s: equal texts share one copy, which lives until co_textpool_free.
 * NULL when out of memory.
 */
const char *co_textpool_intern(co_textpool *p, const char *s);

void co_textpool_free(co_textpool *p);

#endif
