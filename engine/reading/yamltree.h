/* Internal: a YAML file as a small tree of located nodes, built from libyaml events. */
#ifndef CO_YAMLTREE_H
#define CO_YAMLTREE_H

#include <stdarg.h>
#include <stddef.h>
#include "calloff/status.h"

#define CO_YAML_MAX_BYTES (4L * 1024 * 1024) /* largest rule file read */
#define CO_YAML_MAX_DEPTH 32                /* deepest nesting of collections */
#define CO_YAML_MAX_SCALAR (64 * 1024)      /* longest scalar, in bytes */
#define CO_YAML_MAX_ENTRIES 10000           /* most entries in one mapping or sequence */

typedef enum { CO_Y_SCALAR, CO_Y_MAP, CO_Y_SEQ } co_ytype;

typedef struct co_ynode {
	co_ytype type;
	int line, col;           /* 1-based position of the node's first character */
	char *value;             /* scalar text (NUL-terminated) */
	int quoted;              /* scalar was written in quotes or as a block */
	struct co_ynode **keys;  /* map: keys (scalars) */
	struct co_ynode **items; /* map: values; seq: items */
	size_t n;
} co_ynode;

/*
 * Parse one YAML document from path (its bytes read from read_from when not NULL). Aliases, anchors, tags, non-scalar keys,
 * duplicate keys and nesting deeper than CO_YAML_MAX_DEPTH are refused.
 * Returns 0 and the root mapping, or a negative co_status with diags filled.
 * When the only problems were refusals (aliases read as empty scalars, anchors,
 * tags, duplicate keys), it returns CO_EINVALID and still sets *out to the
 * whole tree, so that the caller can report its own problems too.
 */
int co_yaml_load(co_ynode **out, const char *path, const char *read_from, co_diags *diags);
/* The same, for a YAML file other than a rule file: what names it in messages ("decisions file"). */
int co_yaml_load_as(co_ynode **out, const char *path, const char *read_from, const char *what, co_diags *diags);

void co_ynode_free(co_ynode *node);

/* The value under key in a mapping, or NULL. */
const co_ynode *co_ymap_get(const co_ynode *map, const char *key);

/*
 * Checking a tree against what its file must hold (rules.c, decisions.c): each problem is a
 * diagnostic at its node (1:1 without one) and counted; an allocation that fails, there or in
 * co_ycheck_copy, is recorded in oom, never taken for a problem of the file.
 */
typedef struct {
	const char *path;
	co_diags *diags;
	int errors;
	int oom;
} co_ycheck;

void co_ycheck_verr(co_ycheck *c, const co_ynode *at, const char *fmt, va_list ap);
void co_ycheck_err(co_ycheck *c, const co_ynode *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A copy of s; a failed copy is recorded (oom), never taken for an absent value. */
char *co_ycheck_copy(co_ycheck *c, const char *s);
/* "a mapping", "a list" or "a scalar". */
const char *co_ynode_type_name(const co_ynode *n);
/* Report every key of map not in allowed (NULL-terminated), "unknown key 'k' in WHERE". */
void co_ycheck_keys(co_ycheck *c, const co_ynode *map, const char *where, const char *const *allowed);
/* The value under key, of the type wanted; a missing required key, or another type, is reported (NULL). */
const co_ynode *co_ycheck_want(co_ycheck *c, const co_ynode *map, const char *key, co_ytype type, int required,
                               const char *where);

#endif
