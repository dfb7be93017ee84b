/* genio: the seeded generator and checked file output shared by the synthetic-competition writers. */
#ifndef CO_GENIO_H
#define CO_GENIO_H

#include <stdint.h>
#include <stdio.h>

/* A 64-bit LCG (Knuth's MMIX constants): the same seed gives the same stream on every machine. */
typedef struct {
	uint64_t state;
} gen_rng;

void gen_seed(gen_rng *r, uint64_t seed);

/* A uniform integer in [0, n), n >= 1. */
unsigned gen_below(gen_rng *r, unsigned n);

/* A uniform integer in [lo, hi]. */
unsigned gen_between(gen_rng *r, unsigned lo, unsigned hi);

/* Opens DIR/NAME for writing; on failure prints "PROG: path: error" and exits 1. */
FILE *gen_open(const char *prog, const char *dir, const char *name);

/* Closes a file opened by gen_open; on a write error prints it and exits 1. */
void gen_close(const char *prog, FILE *f);

/* Creates DIR (and DIR/SUB when SUB is not NULL); an existing folder is fine. Exits 1 on failure. */
void gen_mkdir(const char *prog, const char *dir, const char *sub);

#endif
