/* What replay says when result.json differs: each field that changed, named by bid, from the two documents as JSON. */
#include "auditing/resultdiff.h"
#include "base/diag.h"
#include "base/jsontext.h"

#include <stdlib.h>
#include <string.h>

#define SHOWN_MAX 120 /* longest value shown on a line */

typedef struct {
	co_diags *diags;
	const char *file;
	size_t max, lines, more;
	int failed;
} ctx;

/* A string shown bare on a line: an id, a number, a path; anything else is quoted. */
static int plain(const char *s)
{
	if (!*s || !strcmp(s, "null") || !strcmp(s, "true") || !strcmp(s, "false"))
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("._:/+-", *p)))
			return 0;
	return 1;
}

/* A value for one line (ASCII, no control character), cut to SHOWN_MAX bytes; NULL when out of memory. */
static char *show(const json_t *v)
{
	if (!v)
		return strdup("(absent)");
	if (json_is_string(v) && plain(json_string_value(v)) && strlen(json_string_value(v)) <= SHOWN_MAX)
		return strdup(json_string_value(v));
	char *t = co_json_line(v);
	if (t && strlen(t) > SHOWN_MAX)
		memcpy(t + SHOWN_MAX - 3, "...", 4);
	return t;
}

/* "a b": a field's place, its parts joined by spaces; NULL when out of memory. */
static char *join(const char *path, const char *part)
{
	return *path ? co_strdupf("%s %s", path, part) : strdup(part);
}

static void line(ctx *c, const char *entity, const char *path, const char *what)
{
	if (c->lines >= c->max) {
		c->more++;
		return;
	}
	c->lines++;
	/* "bid B-1: total 71.00 recorded, 72.50 now", or with no entity "awarded: [...] recorded, [...] now" */
	if (co_diag_add(c->diags, c->file, 1, 1, "%s%s%s%s%s", entity, *entity ? ": " : "", path,
	                !*path ? "" : *entity ? " " : ": ", what))
		c->failed = 1;
}

static void changed(ctx *c, const char *entity, const char *path, const json_t *r, const json_t *f)
{
	char *a = show(r), *b = show(f), *what = a && b ? co_strdupf("%s recorded, %s now", a, b) : NULL;
	if (!what)
		c->failed = 1;
	else
		line(c, entity, path, what);
	free(a);
	free(b);
	free(what);
}

/* The key that names the elements of both lists: a string in every one, used once in each; NULL if none. */
static const char *match_key(const json_t *r, const json_t *f, int *failed)
{
	static const char *const keys[] = {"file", "id", "item", "bid"};
	for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
		int ok = 1;
		for (int side = 0; side < 2 && ok; side++) {
			const json_t *arr = side ? f : r, *e;
			json_t *seen = json_object();
			size_t i;
			if (!seen) {
				*failed = 1;
				return NULL;
			}
			json_array_foreach(arr, i, e)
			{
				const char *v = json_string_value(json_object_get(e, keys[k]));
				if (!v || json_object_get(seen, v)) {
					ok = 0;
					break;
				}
				if (json_object_set_new(seen, v, json_true())) {
					*failed = 1;
					ok = 0;
					break;
				}
			}
			json_decref(seen);
		}
		if (*failed)
			return NULL;
		if (ok)
			return keys[k];
	}
	return NULL;
}

static void diff(ctx *c, const char *entity, const char *path, const json_t *r, const json_t *f, int top);

/* The entity a bid of the top-level "bids" list is: "bid B-L7-004", or "bid in FILE" when it has no id. */
static char *bid_name(const json_t *r, const json_t *f)
{
	const json_t *id = json_object_get(r, "bid");
	char *s, *n;
	if (!json_string_value(id) || !*json_string_value(id))
		id = json_object_get(f, "bid");
	if (json_string_value(id) && *json_string_value(id)) {
		s = show(id);
		n = s ? co_strdupf("bid %s", s) : NULL;
	} else {
		s = show(json_object_get(r ? r : f, "file"));
		n = s ? co_strdupf("bid in %s", s) : NULL;
	}
	free(s);
	return n;
}

/* Each list indexed by the key (a hash table, not a search), for the other side to look its elements up. */
static json_t *index_by(const json_t *list, const char *key)
{
	json_t *index = json_object(), *e;
	size_t i;
	json_array_foreach(list, i, e) if (!index || json_object_set(index, json_string_value(json_object_get(e, key)), e))
	{
		json_decref(index);
		return NULL;
	}
	return index;
}

/*
 * One element of a keyed list: compared with its match, or said to be on one side only. For the
 * top-level bids the element is an entity of its own ("bid B-1: total ..."); elsewhere it is a
 * part of the field's place ("questions Q3 points ...").
 */
static void keyed_one(ctx *c, const char *entity, const char *path, const char *key, const json_t *r,
                      const json_t *f, int bids)
{
	char *name = NULL, *shown = NULL, *sub = NULL;
	if (bids)
		name = bid_name(r, f);
	else if ((shown = show(json_object_get(r ? r : f, key))))
		sub = join(path, shown);
	if (bids ? !name : !sub)
		c->failed = 1;
	else if (r && f)
		diff(c, bids ? name : entity, bids ? "" : sub, r, f, 0);
	else
		line(c, bids ? name : entity, bids ? "" : sub, r ? "in the recorded result only" : "only in the fresh result");
	free(name);
	free(shown);
	free(sub);
}

/* Two lists whose elements share a naming key, matched by it: the record's order, then what is new. */
static void diff_keyed(ctx *c, const char *entity, const char *path, const json_t *r, const json_t *f, const char *key,
                       int bids)
{
	json_t *rindex = index_by(r, key), *findex = index_by(f, key), *e;
	size_t i;
	if (!rindex || !findex)
		c->failed = 1;
	json_array_foreach(r, i, e)
	{
		if (c->failed)
			break;
		keyed_one(c, entity, path, key, e, json_object_get(findex, json_string_value(json_object_get(e, key))), bids);
	}
	json_array_foreach(f, i, e)
	{
		if (c->failed)
			break;
		if (!json_object_get(rindex, json_string_value(json_object_get(e, key))))
			keyed_one(c, entity, path, key, NULL, e, bids);
	}
	json_decref(rindex);
	json_decref(findex);
}

static int all_objects(const json_t *list)
{
	const json_t *e;
	size_t i;
	json_array_foreach(list, i, e) if (!json_is_object(e)) return 0;
	return 1;
}

static void diff(ctx *c, const char *entity, const char *path, const json_t *r, const json_t *f, int top)
{
	const char *k;
	const json_t *v;
	if (c->failed || (r && f && json_equal(r, f)))
		return;
	if (json_is_object(r) && json_is_object(f)) {
		json_object_foreach((json_t *)r, k, v)
		{
			char *sub = join(path, k);
			if (!sub) {
				c->failed = 1;
				return;
			}
			diff(c, entity, sub, v, json_object_get(f, k), top && !strcmp(k, "bids") ? 2 : 0);
			free(sub);
		}
		json_object_foreach((json_t *)f, k, v)
		{
			if (json_object_get(r, k))
				continue;
			char *sub = join(path, k);
			if (!sub) {
				c->failed = 1;
				return;
			}
			diff(c, entity, sub, NULL, v, 0);
			free(sub);
		}
		return;
	}
	if (json_is_array(r) && json_is_array(f)) {
		int failed = 0;
		const char *key = match_key(r, f, &failed);
		if (failed) {
			c->failed = 1;
			return;
		}
		if (key) {
			diff_keyed(c, entity, top == 2 ? "" : path, r, f, key, top == 2);
			return;
		}
		if (all_objects(r) && all_objects(f)) { /* e.g. a bid's reasons: element by element */
			size_t n = json_array_size(r) > json_array_size(f) ? json_array_size(r) : json_array_size(f);
			for (size_t i = 0; i < n && !c->failed; i++) {
				char at[32], *sub;
				snprintf(at, sizeof(at), "[%zu]", i);
				if (!(sub = *path ? co_strdupf("%s%s", path, at) : strdup(at)))
					c->failed = 1;
				else
					diff(c, entity, sub, json_array_get(r, i), json_array_get(f, i), 0);
				free(sub);
			}
			return;
		}
	}
	changed(c, entity, path, r, f);
}

int co_result_diff(co_diags *diags, const char *file, const json_t *recorded, const json_t *fresh, size_t max)
{
	ctx c = {.diags = diags, .file = file, .max = max};
	diff(&c, "", "", recorded, fresh, 1);
	if (!c.failed && c.more &&
	    co_diag_add(diags, file, 1, 1, "and %zu more field(s) of the result differ", c.more))
		c.failed = 1;
	return c.failed ? CO_ERROR : (int)(c.lines + (c.more ? 1 : 0));
}
