/* textpool: one copy of each distinct text, found again by hashing. */
#include "base/textpool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * 0x100000001b3u;
	return h;
}

static size_t slot_of(const co_textpool *p, const char *s, uint64_t h)
{
	size_t i = (size_t)h & (p->nslots - 1);
	while (p->slots[i] && strcmp(p->slots[i], s) != 0)
		i = (i + 1) & (p->nslots - 1);
	return i;
}

/* Doubles the table (or makes its first 64 slots). */
static int grow(co_textpool *p)
{
	co_textpool g = {.nslots = p->nslots ? 2 * p->nslots : 64, .n = p->n};
	if (!(g.slots = calloc(g.nslots, sizeof(*g.slots))))
		return -1;
	for (size_t i = 0; i < p->nslots; i++)
		if (p->slots[i])
			g.slots[slot_of(&g, p->slots[i], hash(p->slots[i]))] = p->slots[i];
	free(p->slots);
	p->slots = g.slots;
	p->nslots = g.nslots;
	return 0;
}

const char *co_textpool_intern(co_textpool *p, const char *s)
{
	if (2 * (p->n + 1) > p->nslots && grow(p))
		return NULL;
	size_t i = slot_of(p, s, hash(s));
	if (p->slots[i])
		return p->slots[i];
	int failed = 0;
	char *copy = co_arena_strdup(&p->text, s, &failed);
	if (!copy)
		return NULL;
	p->slots[i] = copy;
	p->n++;
	return copy;
}

void co_textpool_free(co_textpool *p)
{
	co_arena_free(&p->text);
	free(p->slots);
	*p = (co_textpool){0};
}
