/* Shared by the libFuzzer harnesses: each input is written to a file and read by the real loader. */
#ifndef CO_FUZZ_HARNESS_H
#define CO_FUZZ_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* A scratch file on tmpfs when there is one, named for this process. */
static inline const char *fuzz_path(const char *suffix)
{
	static char path[128];
	if (!path[0])
		snprintf(path, sizeof(path), "%s/calloff-fuzz-%d%s", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
		         (int)getpid(), suffix);
	return path;
}

static inline const char *fuzz_write(const uint8_t *data, size_t size, const char *suffix)
{
	const char *p = fuzz_path(suffix);
	FILE *f = fopen(p, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	return p;
}

#endif
