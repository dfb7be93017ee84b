/* Internal: the audit record shared by its writing side (audit.c) and its reading side (replay.c). */
#ifndef CO_AUDIT_INTERNAL_H
#define CO_AUDIT_INTERNAL_H

#include "calloff/audit.h"
#include "base/sha256.h"

#include <jansson.h>
#include <time.h>

#define CO_AUDIT_MAX_BYTES (256L * 1024 * 1024) /* largest audit.json read */

typedef enum { ROLE_RULES, ROLE_BID, ROLE_MARKS } role;

typedef struct {
	role role;
	char *path;    /* as given */
	char *source;  /* the copy to read (NULL before a snapshot or when the file could not be read) */
	int readable;
	long long size;
	char sha[CO_SHA256_HEX];
} input;

/* What a record loaded for replay or explain keeps for its checks (replay.c); NULL in a record being written. */
typedef struct co_audit_reading co_audit_reading;

typedef struct {
	char *name;
	long long size;
	char sha[CO_SHA256_HEX];
} output_rec;

struct co_audit {
	char *dir;      /* the output folder */
	char *cwd;      /* the working directory the paths are relative to */
	char *staging;  /* the snapshot's staging folder, until committed */
	int made_dir;   /* the output folder was created by this run */
	json_t *options;
	input *in;
	size_t nin;
	output_rec *out;
	size_t nout;
	char **staged;  /* co_audit_commit's temporary files not yet renamed into place (NULL: none) */
	size_t nstaged;
	char **made_subs; /* sub-folders of dir that co_audit_commit created, NULL-terminated */
	struct timespec t0;
	char started[32];
	co_audit_reading *reading;
};

/* Free what co_audit_load_with() kept for the checks; NULL is accepted. */
void co_audit_reading_free(co_audit_reading *r);

/* The versions of the libraries the engine is built with, as audit.json records them ("libraries"). */
json_t *co_audit_versions(int *failed);

/* path relative to the recorded working directory (as given when absolute or none is recorded); NULL out of memory. */
char *co_audit_resolve(const co_audit *a, const char *path);

/* An audit.json read and parsed exactly as it is on disk (see audit.c for why): 0, CO_EINVALID with *err, CO_EIO or CO_ERROR. */
int co_audit_load_record(json_t **out, const char *file, size_t flags, json_error_t *err, co_diags *diags);

/* The same for JSON text already read (len bytes at buf): 0, CO_EINVALID with *err, or CO_ERROR (out of memory). */
int co_audit_parse_record(json_t **out, const char *buf, size_t len, size_t flags, json_error_t *err);

#endif
