/* genio: the seeded generator and checked file output shared by the synthetic-competition writers. */
#include "genio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A failure part-way leaves some files written: say so, rather than leave a competition that looks whole. */
#define INCOMPLETE "the output folder is incomplete: delete it and run again"

void gen_seed(gen_rng *r, uint64_t seed)
{
	r->state = seed ^ 0x9E3779B97F4A7C15ULL;
}

unsigned gen_below(gen_rng *r, unsigned n)
{
	r->state = r->state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((r->state >> 33) % n);
}

unsigned gen_between(gen_rng *r, unsigned lo, unsigned hi)
{
	return lo + gen_below(r, hi - lo + 1);
}

FILE *gen_open(const char *prog, const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "%s: %s: %s; %s\n", prog, path, strerror(errno), INCOMPLETE);
		exit(1);
	}
	return f;
}

void gen_close(const char *prog, FILE *f)
{
	if (ferror(f) | (fclose(f) != 0)) {
		fprintf(stderr, "%s: write error: %s; %s\n", prog, strerror(errno), INCOMPLETE);
		exit(1);
	}
}

void gen_mkdir(const char *prog, const char *dir, const char *sub)
{
	char path[4096];
	if (sub)
		snprintf(path, sizeof(path), "%s/%s", dir, sub);
	else
		snprintf(path, sizeof(path), "%s", dir);
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		exit(1);
	}
}
