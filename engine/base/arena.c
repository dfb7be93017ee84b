/* arena: bump allocation from large chunks, freed all at once. */
#include "base/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A chunk's usual size; a request over a quarter of it gets a chunk of its own. */
#define CHUNK_BYTES ((size_t)64 * 1024)

struct co_arena_chunk {
	co_arena_chunk *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
};

static co_arena_chunk *chunk_new(size_t cap)
{
	co_arena_chunk *c = malloc(sizeof(*c) + cap);
	if (c) {
		c->next = NULL;
		c->used = 0;
		c->cap = cap;
	}
	return c;
}

/* n zeroed bytes at a multiple of align (a power of two, at most max_align_t's). */
static void *alloc_aligned(co_arena *a, size_t n, size_t align)
{
	if (n > SIZE_MAX / 2)
		return NULL;
	co_arena_chunk *c = a->head;
	if (n > CHUNK_BYTES / 4) { /* its own chunk, behind the one being filled */
		co_arena_chunk *own = chunk_new(n);
		if (!own)
			return NULL;
		if (c) {
			own->next = c->next;
			c->next = own;
		} else {
			a->head = own;
		}
		own->used = n;
		memset(own->data, 0, n);
		return own->data;
	}
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	if (!c || at > c->cap || c->cap - at < n) {
		co_arena_chunk *fresh = chunk_new(CHUNK_BYTES);
		if (!fresh)
			return NULL;
		fresh->next = c;
		a->head = c = fresh;
		at = 0;
	}
	void *p = c->data + at;
	c->used = at + n;
	memset(p, 0, n);
	return p;
}

void *co_arena_alloc(co_arena *a, size_t n)
{
	return alloc_aligned(a, n, sizeof(void *) > sizeof(int64_t) ? sizeof(void *) : sizeof(int64_t));
}

char *co_arena_strdup(co_arena *a, const char *s, int *failed)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = alloc_aligned(a, n, 1);
	if (!p) {
		*failed = 1;
		return NULL;
	}
	return memcpy(p, s, n);
}

void co_arena_take(co_arena *into, co_arena *from)
{
	if (!from->head)
		return;
	co_arena_chunk *last = from->head;
	while (last->next)
		last = last->next;
	/* Behind into's chunk being filled, so that it goes on being filled. */
	if (into->head) {
		last->next = into->head->next;
		into->head->next = from->head;
	} else {
		into->head = from->head;
	}
	from->head = NULL;
}

void co_arena_free(co_arena *a)
{
	for (co_arena_chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}
