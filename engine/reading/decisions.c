/* Decisions files: from the YAML tree to located decisions, every problem of the file reported with its place. */
#include "reading/decisions.h"
#include "base/diag.h"
#include "reading/yamltree.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	co_ycheck y; /* the file, its problems, and whether an allocation failed */
	const co_rules *rules;
} ctx;

static const char *const kind_names[] = {"tie", "abnormally_low", "exclusion", "submitted", "moderation", NULL};
static const char *const ground_names[] = {"mandatory", "discretionary", "debarred", NULL};
static const char *const outcome_names[] = {"accepted", "rejected", NULL};

const char *co_decision_kind_name(co_decision_kind k)
{
	return k <= CO_DEC_MODERATION ? kind_names[k] : "?";
}

const char *co_ground_name(co_ground g)
{
	return g <= CO_GROUND_DEBARRED ? ground_names[g] : "?";
}

static int one_of(const char *const *names, const char *s)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* A text that says something: not empty and not only spaces. */
static int blank(const char *s)
{
	for (; *s; s++)
		if (!strchr(" \t\r\n", *s))
			return 0;
	return 1;
}

static char *get_text(ctx *c, const co_ynode *map, const char *key, const char *where)
{
	const co_ynode *n = co_ycheck_want(&c->y, map, key, CO_Y_SCALAR, 1, where);
	if (!n)
		return NULL;
	if (blank(n->value)) {
		co_ycheck_err(&c->y, n, "'%s' must not be empty: a decision says who took it and why", key);
		return NULL;
	}
	return co_ycheck_copy(&c->y, n->value);
}

static int get_enum(ctx *c, const co_ynode *map, const char *key, const char *const *names, const char *where)
{
	const co_ynode *n = co_ycheck_want(&c->y, map, key, CO_Y_SCALAR, 1, where);
	if (!n)
		return -1;
	int k = one_of(names, n->value);
	if (k < 0) {
		char list[160] = "";
		for (int i = 0; names[i]; i++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "", names[i]);
		co_ycheck_err(&c->y, n, "'%s' must be one of %s, not '%s'", key, list, n->value);
	}
	return k;
}

static int get_time(ctx *c, const co_ynode *map, const char *key, co_time *t, char **text, const char *where)
{
	const co_ynode *n = co_ycheck_want(&c->y, map, key, CO_Y_SCALAR, 1, where);
	const char *why = NULL;
	if (!n)
		return -1;
	if (co_time_parse(t, n->value, &why)) {
		co_ycheck_err(&c->y, n, "'%s' must be an RFC 3339 time with its offset (e.g. 2026-12-03T10:00:00Z): %s", key, why);
		return -1;
	}
	*text = co_ycheck_copy(&c->y, n->value);
	return 0;
}

static char *get_bid(ctx *c, const co_ynode *map, const char *key, co_dec_at *at, const char *where)
{
	const co_ynode *n = co_ycheck_want(&c->y, map, key, CO_Y_SCALAR, 1, where);
	if (!n)
		return NULL;
	*at = (co_dec_at){n->line, n->col};
	if (blank(n->value)) {
		co_ycheck_err(&c->y, n, "'%s' must name a bid by its id", key);
		return NULL;
	}
	return co_ycheck_copy(&c->y, n->value);
}

/* A tie: the bids awarded among the tied, and for per_scheme the scheme. */
static void load_tie(ctx *c, const co_ynode *m, co_decision *d, const char *where)
{
	const co_rules *r = c->rules;
	const co_ynode *s = co_ycheck_want(&c->y, m, "scheme", CO_Y_SCALAR, r->mode == CO_MODE_PER_SCHEME, where);
	d->scheme = -1;
	if (s && r->mode != CO_MODE_PER_SCHEME)
		co_ycheck_err(&c->y, s, "'scheme' is for a per_scheme lot; this lot awards the top %ld", r->n);
	else if (s) {
		d->scheme_at = (co_dec_at){s->line, s->col};
		for (size_t k = 0; k < r->ns; k++)
			if (strcmp(r->schemes[k].id, s->value) == 0)
				d->scheme = (long)k;
		if (d->scheme < 0)
			co_ycheck_err(&c->y, s, "unknown scheme '%s': the rules have no such scheme", s->value);
	}
	const co_ynode *a = co_ymap_get(m, "award");
	if (!a) {
		co_ycheck_err(&c->y, m, "missing required key 'award' in %s: the bids awarded among the tied", where);
		return;
	}
	/* One bid may be written alone; a list otherwise. */
	size_t n = a->type == CO_Y_SEQ ? a->n : 1;
	if (a->type == CO_Y_MAP) {
		co_ycheck_err(&c->y, a, "'award' must be a bid id or a list of bid ids, not a mapping");
		return;
	}
	if (n == 0) {
		co_ycheck_err(&c->y, a, "'award' must name at least one of the tied bids");
		return;
	}
	if (r->mode == CO_MODE_PER_SCHEME && n > 1) {
		co_ycheck_err(&c->y, a, "'award' names %zu bids, but a scheme is awarded to one", n);
		return;
	}
	d->award = calloc(n, sizeof(char *));
	d->award_at = calloc(n, sizeof(co_dec_at));
	if (!d->award || !d->award_at) {
		c->y.oom = 1;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const co_ynode *b = a->type == CO_Y_SEQ ? a->items[i] : a;
		if (b->type != CO_Y_SCALAR || blank(b->value)) {
			co_ycheck_err(&c->y, b, "'award' must list bid ids");
			continue;
		}
		for (size_t j = 0; j < d->naward; j++)
			if (strcmp(d->award[j], b->value) == 0)
				co_ycheck_err(&c->y, b, "bid '%s' is listed twice in 'award'", b->value);
		d->award_at[d->naward] = (co_dec_at){b->line, b->col};
		if ((d->award[d->naward] = co_ycheck_copy(&c->y, b->value)))
			d->naward++;
	}
}

static void load_decision(ctx *c, const co_ynode *m, co_decision *d, size_t index)
{
	static const char *const tie_keys[] = {"id", "kind", "by", "at", "reason", "award", "scheme", NULL};
	static const char *const al_keys[] = {"id", "kind", "by", "at", "reason", "bid", "outcome", NULL};
	static const char *const excl_keys[] = {"id", "kind", "by", "at", "reason", "bid", "ground", NULL};
	static const char *const sub_keys[] = {"id", "kind", "by", "at", "reason", "bid", "received", NULL};
	static const char *const mod_keys[] = {"id", "kind", "by", "at", "reason", NULL};
	static const char *const *const keys[] = {tie_keys, al_keys, excl_keys, sub_keys, mod_keys};
	char where[96];
	snprintf(where, sizeof(where), "decision %zu", index + 1);
	d->where = (co_dec_at){m->line, m->col};
	d->scheme = -1;
	const co_ynode *id = co_ycheck_want(&c->y, m, "id", CO_Y_SCALAR, 1, where);
	if (id && !co_id_valid(id->value))
		co_ycheck_err(&c->y, id, "'id' must match [A-Za-z0-9._-]{1,64}, got '%s'", id->value);
	else if (id && (d->id = co_ycheck_copy(&c->y, id->value)))
		snprintf(where, sizeof(where), "decision %s", d->id); /* messages name it as the officer wrote it */
	int k = get_enum(c, m, "kind", kind_names, where);
	d->by = get_text(c, m, "by", where);
	get_time(c, m, "at", &d->at, &d->at_text, where);
	d->reason = get_text(c, m, "reason", where);
	if (k < 0)
		return;
	d->kind = (co_decision_kind)k;
	co_ycheck_keys(&c->y, m, where, keys[k]);
	switch (d->kind) {
	case CO_DEC_TIE:
		load_tie(c, m, d, where);
		break;
	case CO_DEC_ABNORMALLY_LOW:
		d->bid = get_bid(c, m, "bid", &d->bid_at, where);
		d->rejected = get_enum(c, m, "outcome", outcome_names, where) == 1;
		break;
	case CO_DEC_EXCLUSION: {
		d->bid = get_bid(c, m, "bid", &d->bid_at, where);
		int g = get_enum(c, m, "ground", ground_names, where);
		d->ground = g < 0 ? CO_GROUND_MANDATORY : (co_ground)g;
		break;
	}
	case CO_DEC_SUBMITTED:
		d->bid = get_bid(c, m, "bid", &d->bid_at, where);
		get_time(c, m, "received", &d->received, &d->received_text, where);
		break;
	case CO_DEC_MODERATION:
		break;
	}
}

/* Two decisions of one matter: the same tie, the same bid's investigation, exclusion or time, a second sign-off. */
static int same_matter(const co_decision *a, const co_decision *b)
{
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case CO_DEC_TIE:
		return a->scheme == b->scheme;
	case CO_DEC_MODERATION:
		return 1;
	default:
		return a->bid && b->bid && strcmp(a->bid, b->bid) == 0;
	}
}

static void check_duplicates(ctx *c, const co_ynode *seq, const co_decisions *ds)
{
	for (size_t i = 0; i < ds->n; i++)
		for (size_t j = 0; j < i; j++) {
			const co_decision *a = &ds->d[j], *b = &ds->d[i];
			if (a->id && b->id && strcmp(a->id, b->id) == 0)
				co_ycheck_err(&c->y, co_ymap_get(seq->items[i], "id"), "duplicate decision id '%s' (first at line %d)", b->id,
				    a->where.line);
			else if (same_matter(a, b)) {
				const char *what = a->kind == CO_DEC_TIE ? (a->scheme >= 0 ? "the tie for this scheme" : "the tie at the boundary")
				                   : a->kind == CO_DEC_MODERATION ? "the moderation's sign-off"
				                   : a->kind == CO_DEC_ABNORMALLY_LOW ? "this bid's abnormally low investigation"
				                   : a->kind == CO_DEC_EXCLUSION      ? "this bid's exclusion"
				                                                      : "this bid's submission time";
				co_ycheck_err(&c->y, seq->items[i], "duplicate decision: %s is already decided by %s at line %d", what,
				    a->id ? a->id : "another decision", a->where.line);
			}
		}
}

int co_decisions_load(co_decisions **out, const co_rules *rules, const char *path, const char *read_from,
                      co_diags *diags)
{
	static const char *const keys[] = {"calloff-decisions", "competition", "decisions", NULL};
	co_ynode *root = NULL;
	co_decisions *ds = NULL;
	int rc;
	*out = NULL;
	int yrc = co_yaml_load_as(&root, path, read_from, "decisions file", diags);
	if (!root) {
		rc = yrc;
		goto out;
	}
	ctx c = {.y = {.path = path, .diags = diags}, .rules = rules};
	if (!(ds = calloc(1, sizeof(*ds))) || !(ds->path = strdup(path))) {
		rc = CO_ERROR;
		goto out;
	}
	co_ycheck_keys(&c.y, root, "the decisions file", keys);
	const co_ynode *v = co_ycheck_want(&c.y, root, "calloff-decisions", CO_Y_SCALAR, 1, "the decisions file");
	if (v && strcmp(v->value, "1") != 0)
		co_ycheck_err(&c.y, v, "unsupported format version %s (this engine reads version 1)", v->value);
	const co_ynode *comp = co_ycheck_want(&c.y, root, "competition", CO_Y_SCALAR, 1, "the decisions file");
	if (comp && strcmp(comp->value, rules->id) != 0)
		co_ycheck_err(&c.y, comp, "these decisions are for competition '%s', but the rules are for '%s'", comp->value, rules->id);
	const co_ynode *seq = co_ycheck_want(&c.y, root, "decisions", CO_Y_SEQ, 1, "the decisions file");
	if (seq && seq->n > 0) {
		if (!(ds->d = calloc(seq->n, sizeof(*ds->d)))) {
			rc = CO_ERROR;
			goto out;
		}
		for (size_t i = 0; i < seq->n; i++) {
			co_decision *d = &ds->d[ds->n++];
			d->scheme = -1;
			if (seq->items[i]->type != CO_Y_MAP) {
				co_ycheck_err(&c.y, seq->items[i], "decision %zu must be a mapping (id, kind, by, at, reason, ...), not %s", i + 1,
				    co_ynode_type_name(seq->items[i]));
				continue;
			}
			load_decision(&c, seq->items[i], d, i);
		}
		check_duplicates(&c, seq, ds);
	}
	rc = c.y.oom || yrc == CO_ERROR ? CO_ERROR : c.y.errors || yrc ? CO_EINVALID : 0;
out:
	co_ynode_free(root);
	if (rc) {
		co_decisions_free(ds);
		return rc;
	}
	*out = ds;
	return 0;
}

size_t co_decisions_count(const co_decisions *ds)
{
	return ds ? ds->n : 0;
}

const co_decision *co_decision_about(const co_decisions *ds, co_decision_kind kind, const char *bid)
{
	for (size_t i = 0; ds && bid && i < ds->n; i++)
		if (ds->d[i].kind == kind && ds->d[i].bid && strcmp(ds->d[i].bid, bid) == 0)
			return &ds->d[i];
	return NULL;
}

void co_decisions_free(co_decisions *ds)
{
	if (!ds)
		return;
	for (size_t i = 0; i < ds->n; i++) {
		co_decision *d = &ds->d[i];
		free(d->id);
		free(d->by);
		free(d->reason);
		free(d->at_text);
		free(d->bid);
		for (size_t k = 0; k < d->naward; k++)
			free(d->award[k]);
		free(d->award);
		free(d->award_at);
		free(d->received_text);
	}
	free(ds->d);
	free(ds->path);
	free(ds);
}
