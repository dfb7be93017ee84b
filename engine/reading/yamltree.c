/* Rule-file YAML: libyaml's event parser feeding a located tree, with hostile input refused. */
#include "reading/yamltree.h"
#include "base/diag.h"
#include "base/readfile.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

void co_ynode_free(co_ynode *node)
{
	if (!node)
		return;
	for (size_t i = 0; i < node->n; i++) {
		if (node->keys)
			co_ynode_free(node->keys[i]);
		co_ynode_free(node->items[i]);
	}
	free(node->keys);
	free(node->items);
	free(node->value);
	free(node);
}

const co_ynode *co_ymap_get(const co_ynode *map, const char *key)
{
	if (!map || map->type != CO_Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->value, key) == 0)
			return map->items[i];
	return NULL;
}

void co_ycheck_verr(co_ycheck *c, const co_ynode *at, const char *fmt, va_list ap)
{
	if (co_diag_vadd(c->diags, c->path, at ? at->line : 1, at ? at->col : 1, fmt, ap))
		c->oom = 1;
	c->errors++;
}

void co_ycheck_err(co_ycheck *c, const co_ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	co_ycheck_verr(c, at, fmt, ap);
	va_end(ap);
}

char *co_ycheck_copy(co_ycheck *c, const char *s)
{
	char *d = strdup(s);
	if (!d)
		c->oom = 1;
	return d;
}

const char *co_ynode_type_name(const co_ynode *n)
{
	return n->type == CO_Y_MAP ? "a mapping" : n->type == CO_Y_SEQ ? "a list" : "a scalar";
}

void co_ycheck_keys(co_ycheck *c, const co_ynode *map, const char *where, const char *const *allowed)
{
	for (size_t i = 0; i < map->n; i++) {
		const char *k = map->keys[i]->value;
		int ok = 0;
		for (const char *const *a = allowed; *a; a++)
			if (strcmp(*a, k) == 0)
				ok = 1;
		if (!ok)
			co_ycheck_err(c, map->keys[i], "unknown key '%s' in %s", k, where);
	}
}

const co_ynode *co_ycheck_want(co_ycheck *c, const co_ynode *map, const char *key, co_ytype type, int required,
                               const char *where)
{
	const co_ynode *n = co_ymap_get(map, key);
	if (!n) {
		if (required)
			co_ycheck_err(c, map, "missing required key '%s' in %s", key, where);
		return NULL;
	}
	if (n->type != type) {
		const char *t = type == CO_Y_MAP ? "a mapping" : type == CO_Y_SEQ ? "a list" : "a scalar";
		co_ycheck_err(c, n, "'%s' must be %s, not %s", key, t, co_ynode_type_name(n));
		return NULL;
	}
	return n;
}

typedef struct {
	yaml_parser_t parser;
	const unsigned char *buf;
	size_t len;
	const char *path;
	co_diags *diags;
	int failed;
} builder;

static int fail(builder *b, const yaml_mark_t *m, const char *fmt, const char *arg)
{
	co_diag_add(b->diags, b->path, (int)m->line + 1, (int)m->column + 1, fmt, arg);
	b->failed = 1;
	return CO_EINVALID;
}

static int next_event(builder *b, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&b->parser, ev)) {
		yaml_mark_t reader_mark = {0, 0, 0};
		const yaml_mark_t *m = &b->parser.problem_mark;
		const char *problem = b->parser.problem ? b->parser.problem : "unknown error";
		if (b->parser.error == YAML_MEMORY_ERROR)
			return CO_ERROR;
		if (b->parser.error == YAML_READER_ERROR) {
			/* Reader errors (bad encoding, control characters) give a byte offset, not a mark. */
			for (size_t i = 0; i < b->parser.problem_offset && i < b->len; i++) {
				if (b->buf[i] == '\n') {
					reader_mark.line++;
					reader_mark.column = 0;
				} else if ((b->buf[i] & 0xC0) != 0x80) {
					reader_mark.column++;
				}
			}
			m = &reader_mark;
		}
		if (b->parser.context)
			co_diag_add(b->diags, b->path, (int)m->line + 1, (int)m->column + 1,
			            "YAML syntax error: %s %s", b->parser.context, problem);
		else
			co_diag_add(b->diags, b->path, (int)m->line + 1, (int)m->column + 1,
			            "YAML syntax error: %s", problem);
		b->failed = 1;
		return CO_EINVALID;
	}
	return 0;
}

static int push(co_ynode *parent, co_ynode *key, co_ynode *item)
{
	if (parent->n % 16 == 0) {
		size_t cap = parent->n + 16;
		co_ynode **it = realloc(parent->items, cap * sizeof(*it));
		if (!it)
			return CO_ERROR;
		parent->items = it;
		if (parent->type == CO_Y_MAP) {
			co_ynode **k = realloc(parent->keys, cap * sizeof(*k));
			if (!k)
				return CO_ERROR;
			parent->keys = k;
		}
	}
	if (parent->type == CO_Y_MAP)
		parent->keys[parent->n] = key;
	parent->items[parent->n++] = item;
	return 0;
}

/*
 * Refuse anything that lets one part of the file stand for another or change a
 * type. The refusal is recorded and parsing goes on, so that one run reports
 * every problem; an alias is read as an empty scalar.
 */
static void check_event(builder *b, const yaml_event_t *ev)
{
	const unsigned char *anchor = NULL, *tag = NULL;
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		fail(b, &ev->start_mark, "YAML aliases are not allowed (*%s)", (const char *)ev->data.alias.anchor);
		return;
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		break;
	default:
		break;
	}
	if (anchor)
		fail(b, &ev->start_mark, "YAML anchors are not allowed (&%s)", (const char *)anchor);
	if (tag)
		fail(b, &ev->start_mark, "YAML tags are not allowed (%s)", (const char *)tag);
}

static int build_node(builder *b, yaml_event_t *ev, int depth, co_ynode **out);

static int build_collection(builder *b, yaml_event_t *start, int depth, co_ynode *node)
{
	int is_map = start->type == YAML_MAPPING_START_EVENT;
	yaml_event_type_t end = is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
	if (depth > CO_YAML_MAX_DEPTH)
		return fail(b, &start->start_mark, "nesting deeper than %s levels", "32");
	for (;;) {
		yaml_event_t ev;
		int rc = next_event(b, &ev);
		if (rc)
			return rc;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return 0;
		}
		if (node->n >= CO_YAML_MAX_ENTRIES) {
			rc = fail(b, &ev.start_mark, "too many entries in one %s (limit 10000)",
			          is_map ? "mapping" : "sequence");
			yaml_event_delete(&ev);
			return rc;
		}
		co_ynode *key = NULL, *val = NULL;
		if (is_map) {
			if (ev.type != YAML_SCALAR_EVENT) {
				rc = fail(b, &ev.start_mark, "mapping keys must be plain scalars%s", "");
				yaml_event_delete(&ev);
				return rc;
			}
			rc = build_node(b, &ev, depth, &key);
			if (rc)
				return rc;
			for (size_t i = 0; i < node->n; i++) {
				if (strcmp(node->keys[i]->value, key->value) == 0) {
					co_diag_add(b->diags, b->path, key->line, key->col,
					            "duplicate key '%s' (first at line %d)", key->value,
					            node->keys[i]->line);
					b->failed = 1;
					break;
				}
			}
			rc = next_event(b, &ev);
			if (rc) {
				co_ynode_free(key);
				return rc;
			}
		}
		rc = build_node(b, &ev, depth, &val);
		if (rc) {
			co_ynode_free(key);
			return rc;
		}
		if (push(node, key, val)) {
			co_ynode_free(key);
			co_ynode_free(val);
			return CO_ERROR;
		}
	}
}

/* Consumes ev (always deletes it). */
static int build_node(builder *b, yaml_event_t *ev, int depth, co_ynode **out)
{
	int rc = 0;
	co_ynode *node = NULL;
	check_event(b, ev);
	node = calloc(1, sizeof(*node));
	if (!node) {
		rc = CO_ERROR;
		goto out;
	}
	node->line = (int)ev->start_mark.line + 1;
	node->col = (int)ev->start_mark.column + 1;
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		node->type = CO_Y_SCALAR;
		node->value = strdup("");
		if (!node->value)
			rc = CO_ERROR;
		break;
	case YAML_SCALAR_EVENT:
		node->type = CO_Y_SCALAR;
		if (ev->data.scalar.length > CO_YAML_MAX_SCALAR) {
			rc = fail(b, &ev->start_mark, "scalar longer than %s bytes", "65536");
			goto out;
		}
		if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length)) {
			rc = fail(b, &ev->start_mark, "NUL character in a scalar%s", "");
			goto out;
		}
		node->value = strdup((const char *)ev->data.scalar.value);
		node->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		if (!node->value)
			rc = CO_ERROR;
		break;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		node->type = ev->type == YAML_MAPPING_START_EVENT ? CO_Y_MAP : CO_Y_SEQ;
		rc = build_collection(b, ev, depth + 1, node);
		break;
	default:
		rc = fail(b, &ev->start_mark, "unexpected YAML event%s", "");
		break;
	}
out:
	yaml_event_delete(ev);
	if (rc) {
		co_ynode_free(node);
		node = NULL;
	}
	*out = node;
	return rc;
}

int co_yaml_load(co_ynode **out, const char *path, const char *read_from, co_diags *diags)
{
	return co_yaml_load_as(out, path, read_from, "rule file", diags);
}

int co_yaml_load_as(co_ynode **out, const char *path, const char *read_from, const char *what, co_diags *diags)
{
	builder b = {.path = path, .diags = diags};
	char *buf = NULL;
	size_t len = 0;
	co_ynode *root = NULL;
	yaml_event_t ev;
	int rc, have_parser = 0, lost = co_diags_failed(diags);

	*out = NULL;
	rc = co_read_file(path, read_from, CO_YAML_MAX_BYTES, &buf, &len, diags);
	if (rc)
		goto out;
	if (!yaml_parser_initialize(&b.parser)) {
		rc = CO_ERROR;
		goto out;
	}
	have_parser = 1;
	b.buf = (const unsigned char *)buf;
	b.len = len;
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)buf, len);
	/* STREAM-START, then DOCUMENT-START (or STREAM-END for an empty file). */
	if ((rc = next_event(&b, &ev)))
		goto out;
	yaml_event_delete(&ev);
	if ((rc = next_event(&b, &ev)))
		goto out;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		co_diag_add(diags, path, 1, 1, "empty %s", what);
		rc = CO_EINVALID;
		goto out;
	}
	yaml_event_delete(&ev);
	if ((rc = next_event(&b, &ev)))
		goto out;
	if ((rc = build_node(&b, &ev, 0, &root)))
		goto out;
	if ((rc = next_event(&b, &ev))) /* DOCUMENT-END */
		goto out;
	yaml_event_delete(&ev);
	if ((rc = next_event(&b, &ev)))
		goto out;
	if (ev.type != YAML_STREAM_END_EVENT) {
		co_diag_add(diags, path, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
		            "a %s holds exactly one YAML document", what);
		b.failed = 1;
	}
	yaml_event_delete(&ev);
	if (root->type != CO_Y_MAP) {
		co_diag_add(diags, path, root->line, root->col, "the %s must be a mapping", what);
		rc = CO_EINVALID;
		goto out;
	}
	rc = b.failed ? CO_EINVALID : 0;
	/* A problem that could not be recorded for want of memory fails the load, tree and all. */
	if (!lost && co_diags_failed(diags))
		rc = CO_ERROR;
	else {
		/* The tree is whole: hand it back even with refusals recorded, for further checks. */
		*out = root;
		root = NULL;
	}
out:
	if (rc != CO_ERROR && !lost && co_diags_failed(diags))
		rc = CO_ERROR;
	if (have_parser)
		yaml_parser_delete(&b.parser);
	free(buf);
	co_ynode_free(root);
	return rc;
}
