/* Internal: the audit record shared by its writing side (audit.c) and its reading side (replay.c). */
#ifndef CO_AUDIT_INTERNAL_H
#define CO_AUDIT_INTERNAL_H

#include "calloff/audit.h"
#include "base/sha256.h"

#include <jansson.h>
#include <limits.h>
#include <time.h>

#define CO_AUDIT_MAX_BYTES (256L * 1024 * 1024) /* largest audit.json read */

/* What a record loaded for replay or explain keeps for its checks (replay.c); NULL in a record being written. */
typedef struct co_audit_reading co_audit_reading;

/*
 * An input's role, in the order evaluate lists the inputs: the rule file first, the bids sorted
 * by path, then those of the marks file, the decisions file and the receipt log that were given,
 * each once and in this order (the roles after the bids are the "tail", see co_audit_tail_role).
 */
typedef enum { ROLE_RULES, ROLE_BID, ROLE_MARKS, ROLE_DECISIONS, ROLE_RECEIPTS } role;
#define CO_AUDIT_ROLES 5
typedef struct {
	role role;
	char *path;    /* as given */
	char *source;  /* the copy to read (NULL before a snapshot or when the file could not be read) */
	int readable;
	long long size;
	char sha[CO_SHA256_HEX];
	long over_limit; /* a bid larger than this limit: recorded by size and digest, never copied (0: none) */
	int hashed;      /* sha holds its digest (a record being written hashes each input once, as it copies it) */
	int staged;      /* a bid being written: 1 copied to inputs/<sha>, 2 a stand-in (its source is not kept: see bid_source) */
	char **same;     /* the other names the same file was given under (co_paths_same_file) */
	size_t nsame;
} input;

typedef struct {
	char *name;
	long long size;
	char sha[CO_SHA256_HEX];
} output_rec;

struct co_audit {
	char *dir;      /* the output folder, as given */
	char *cwd;      /* the working directory the paths are relative to */
	json_t *options;
	input *in;
	size_t nin;
	output_rec *out;
	size_t nout;
	struct timespec t0;
	char started[32];
	/* Writing an evaluation (co_audit_begin; a record loaded for replay has none of it). */
	int writing;
	char *parent;   /* the folder that holds the output folder (after following a link to it) */
	char *base;     /* the output folder's name in it */
	int exists;     /* the output folder was there when it was checked: it is swapped, not created */
	int checked;    /* co_audit_check_outdir() passed */
	int pfd;        /* parent, open, or -1 */
	int lockfd;     /* the lock held, or -1 */
	char lock_name[NAME_MAX + 1];
	char *staging;  /* parent/staging_name: the new evaluation until it is switched in */
	char staging_name[NAME_MAX + 1]; /* "" when there is none */
	int published;  /* switched in: the output folder holds the new evaluation */
	char **made;    /* the folders above the output folder this run created, NULL-terminated */
	void (*step)(void *);
	void *step_arg;
	struct co_audit_writer *writer; /* the output being written into the staging folder (co_audit_output_sink) */
	int broken;     /* writing the outputs or committing failed: nothing more is written or published */
	co_audit_reading *reading; /* a record loaded for replay or explain: what its checks keep */
};


/* The names of the roles in audit.json ("rules", "bid", "marks", "decisions", "receipts"), by role. */
extern const char *const co_audit_role_names[CO_AUDIT_ROLES];

/* The engine's limit for a file of the role, in bytes: its reader's (engine/reading/), one home. */
long co_audit_role_limit(role r);

/* The input of role r among those after the bids (marks, decisions, receipts), or NULL. */
const input *co_audit_tail_input(const co_audit *a, role r);

/* Free what co_audit_load_with() kept for the checks; NULL is accepted. */
void co_audit_reading_free(co_audit_reading *r);

/* The versions of the libraries the engine is built with, as audit.json records them ("libraries"). */
json_t *co_audit_versions(int *failed);

/* path relative to the recorded working directory (as given when absolute or none is recorded); NULL out of memory. */
char *co_audit_resolve(const co_audit *a, const char *path);

/* An audit.json read and parsed exactly as it is on disk (co_json_load_sure): 0, CO_EINVALID with *err, CO_EIO or CO_ERROR. */
int co_audit_load_record(json_t **out, const char *file, size_t flags, json_error_t *err, co_diags *diags);

#endif
