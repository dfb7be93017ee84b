/* Rule files: from the YAML tree to validated co_rules, reporting every problem with its place. */
#include "reading/rules_internal.h"
#include "base/diag.h"
#include "base/num.h"
#include "base/workdays.h"
#include "reading/yamltree.h"

#include <limits.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	co_ycheck y; /* the file, its problems, and whether an allocation failed (the rules are then incomplete) */
	co_rules *r;
} ctx;

/* One problem of the file, located at the node (1:1 without one). */
static void err(ctx *c, const co_ynode *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void err(ctx *c, const co_ynode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	co_ycheck_verr(&c->y, at, fmt, ap);
	va_end(ap);
}

/* A copy of s for the rules; a failed copy is recorded, never taken for an absent value. */
static char *copy(ctx *c, const char *s)
{
	return co_ycheck_copy(&c->y, s);
}

/* calloc that records its failure. */
static void *zalloc(ctx *c, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		c->y.oom = 1;
	return p;
}

static void check_keys(ctx *c, const co_ynode *map, const char *where, const char *const *allowed)
{
	co_ycheck_keys(&c->y, map, where, allowed);
}

static const co_ynode *want(ctx *c, const co_ynode *map, const char *key, co_ytype type, int required,
                            const char *where)
{
	return co_ycheck_want(&c->y, map, key, type, required, where);
}

static char *get_str(ctx *c, const co_ynode *map, const char *key, int required, const char *where)
{
	const co_ynode *n = want(c, map, key, CO_Y_SCALAR, required, where);
	if (!n)
		return NULL;
	if (required && n->value[0] == '\0') {
		err(c, n, "'%s' must not be empty", key);
		return NULL;
	}
	return copy(c, n->value);
}

int co_id_valid(const char *s)
{
	size_t len = strlen(s);
	if (len < 1 || len > 64)
		return 0;
	for (const char *p = s; *p; p++) {
		char ch = *p;
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '.' || ch == '_' || ch == '-'))
			return 0;
	}
	return 1;
}

static char *get_id(ctx *c, const co_ynode *map, const char *key, const char *where)
{
	const co_ynode *n = want(c, map, key, CO_Y_SCALAR, 1, where);
	if (!n)
		return NULL;
	if (!co_id_valid(n->value)) {
		err(c, n, "'%s' must match [A-Za-z0-9._-]{1,64}, got '%s'", key, n->value);
		return NULL;
	}
	return copy(c, n->value);
}

/* An integer scalar in [lo, hi]; returns 1 when present and valid. */
static int int_node(ctx *c, const co_ynode *n, const char *key, long lo, long hi, long *out)
{
	mpq_t q;
	const char *why = NULL;
	int ok = 0;
	mpq_init(q);
	if (n->type != CO_Y_SCALAR) {
		err(c, n, "'%s' must be a whole number", key);
	} else if (co_num_parse(q, n->value, 0, 1, &why) != 0) {
		err(c, n, "'%s' must be a whole number, got '%s' (%s)", key, n->value, why);
	} else if (!mpz_fits_slong_p(mpq_numref(q)) || mpz_get_si(mpq_numref(q)) < lo ||
	           mpz_get_si(mpq_numref(q)) > hi) {
		err(c, n, "'%s' must be between %ld and %ld, got %s", key, lo, hi, n->value);
	} else {
		*out = mpz_get_si(mpq_numref(q));
		ok = 1;
	}
	mpq_clear(q);
	return ok;
}

static int get_int(ctx *c, const co_ynode *map, const char *key, int required, long lo, long hi,
                   long *out, const char *where)
{
	const co_ynode *n = co_ymap_get(map, key);
	if (!n) {
		if (required)
			err(c, map, "missing required key '%s' in %s", key, where);
		return 0;
	}
	return int_node(c, n, key, lo, hi, out);
}

/* A non-negative exact decimal, at most hi when hi is not NULL; returns 1 when valid. */
static int get_dec(ctx *c, const co_ynode *map, const char *key, int required, const char *hi,
                   mpq_t out, const char *where)
{
	const co_ynode *n = want(c, map, key, CO_Y_SCALAR, required, where);
	const char *why = NULL;
	if (!n)
		return 0;
	if (co_num_parse(out, n->value, -1, 0, &why) != 0) {
		err(c, n, "'%s' must be a non-negative decimal such as 12.5, got '%s' (%s)", key, n->value, why);
		return 0;
	}
	if (hi) {
		mpq_t h;
		mpq_init(h);
		co_num_parse(h, hi, -1, 0, NULL);
		int over = mpq_cmp(out, h) > 0;
		mpq_clear(h);
		if (over) {
			err(c, n, "'%s' must be at most %s", key, hi);
			return 0;
		}
	}
	return 1;
}

/* The names of the rules' choices, as a rule file spells them and every output prints them: their one home. */
static const char *const mode_names[] = {"top_n", "per_scheme", NULL};
static const char *const boundary_names[] = {"admit_all", "exclude_all", "report", NULL};
static const char *const consensus_names[] = {"moderated", "median", "mean", NULL};
static const char *const method_names[] = {"lowest_ratio", "linear_to_max", "fixed", NULL};
static const char *const word_limit_names[] = {"flag", "disqualify", NULL};
static const char *const tiebreak_names[] = {"quality", "price", "lowest_price", "submitted", "question:", NULL};

const char *co_mode_name(co_mode m)
{
	return (size_t)m < 2 ? mode_names[m] : "?";
}

const char *co_boundary_name(co_boundary b)
{
	return (size_t)b < 3 ? boundary_names[b] : "?";
}

const char *co_consensus_name(co_consensus c)
{
	return (size_t)c < 3 ? consensus_names[c] : "?";
}

const char *co_method_name(co_price_scoring m)
{
	return (size_t)m < 3 ? method_names[m] : "?";
}

const char *co_word_limit_name(int disqualify)
{
	return word_limit_names[disqualify ? 1 : 0];
}

const char *co_tiebreak_name(const co_rules *r, size_t k, char *buf, size_t n)
{
	const co_tiebreak *t = &r->tie_break[k];
	if (t->kind != CO_TB_QUESTION)
		return (size_t)t->kind < 4 ? tiebreak_names[t->kind] : "?";
	snprintf(buf, n, "%s%s", tiebreak_names[CO_TB_QUESTION], r->questions[t->question].id);
	return buf;
}

/* Index of value among choices, or -1 (reported). Absent: def. */
static int get_enum(ctx *c, const co_ynode *map, const char *key, const char *const *choices, int def,
                    const char *where)
{
	const co_ynode *n = want(c, map, key, CO_Y_SCALAR, 0, where);
	if (!n)
		return co_ymap_get(map, key) ? -1 : def;
	for (int i = 0; choices[i]; i++)
		if (strcmp(choices[i], n->value) == 0)
			return i;
	char list[256] = "";
	for (int i = 0; choices[i]; i++) {
		if (i)
			strncat(list, " | ", sizeof(list) - strlen(list) - 1);
		strncat(list, choices[i], sizeof(list) - strlen(list) - 1);
	}
	err(c, n, "'%s' must be one of %s, got '%s'", key, list, n->value);
	return -1;
}

static void check_unique(ctx *c, const co_ynode *seq, char **ids, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i && ids[i]; j++)
			if (ids[j] && strcmp(ids[i], ids[j]) == 0) {
				const co_ynode *at = co_ymap_get(seq->items[i], "id");
				err(c, at ? at : seq, "duplicate %s id '%s'", what, ids[i]);
			}
}

static void load_competition(ctx *c, const co_ynode *root)
{
	static const char *const keys[] = {"id", "title", "framework", "authority", "lot", "deadline", "currency", NULL};
	static const char *const lot_keys[] = {"id", "name", NULL};
	co_rules *r = c->r;
	const co_ynode *comp = want(c, root, "competition", CO_Y_MAP, 1, "the rule file");
	if (!comp)
		return;
	check_keys(c, comp, "competition", keys);
	r->id = get_id(c, comp, "id", "competition");
	r->title = get_str(c, comp, "title", 0, "competition");
	r->framework = get_str(c, comp, "framework", 0, "competition");
	r->authority = get_str(c, comp, "authority", 0, "competition");
	r->currency = get_str(c, comp, "currency", 0, "competition");
	if (!r->currency)
		r->currency = copy(c, "GBP");
	else if (strlen(r->currency) != 3 || r->currency[0] < 'A' || r->currency[0] > 'Z' ||
	         r->currency[1] < 'A' || r->currency[1] > 'Z' || r->currency[2] < 'A' || r->currency[2] > 'Z')
		err(c, co_ymap_get(comp, "currency"), "'currency' must be an ISO 4217 code such as GBP, got '%s'",
		    r->currency);
	const co_ynode *lot = want(c, comp, "lot", CO_Y_MAP, 1, "competition");
	if (lot) {
		check_keys(c, lot, "competition.lot", lot_keys);
		r->lot_id = get_str(c, lot, "id", 1, "competition.lot");
		r->lot_name = get_str(c, lot, "name", 0, "competition.lot");
	}
	const co_ynode *dl = want(c, comp, "deadline", CO_Y_SCALAR, 0, "competition");
	if (dl) {
		const char *why;
		if (co_time_parse(&r->deadline, dl->value, &why) != 0)
			err(c, dl, "'deadline': %s, got '%s'", why, dl->value);
		else {
			r->has_deadline = 1;
			r->deadline_text = copy(c, dl->value);
		}
	}
}

static void load_award(ctx *c, const co_ynode *root)
{
	static const char *const keys[] = {"mode", "n", "at_boundary", "tie_break", "max_schemes_per_supplier", NULL};
	co_rules *r = c->r;
	const co_ynode *aw = want(c, root, "award", CO_Y_MAP, 1, "the rule file");
	if (!aw)
		return;
	check_keys(c, aw, "award", keys);
	int mode = get_enum(c, aw, "mode", mode_names, -2, "award");
	if (mode == -2)
		err(c, aw, "missing required key 'mode' in award");
	r->mode = mode == 1 ? CO_MODE_PER_SCHEME : CO_MODE_TOP_N;
	if (mode == 0) {
		if (!co_ymap_get(aw, "n"))
			err(c, aw, "award mode top_n needs 'n' (how many bids are awarded)");
		else
			get_int(c, aw, "n", 1, 1, 1000000, &r->n, "award");
		int b = get_enum(c, aw, "at_boundary", boundary_names, 0, "award");
		r->at_boundary = b < 0 ? CO_BOUNDARY_ADMIT_ALL : (co_boundary)b;
	} else if (mode == 1) {
		if (co_ymap_get(aw, "n"))
			err(c, co_ymap_get(aw, "n"), "'n' applies only to award mode top_n");
		if (co_ymap_get(aw, "at_boundary"))
			err(c, co_ymap_get(aw, "at_boundary"), "'at_boundary' applies only to award mode top_n");
	}
	const co_ynode *cap = co_ymap_get(aw, "max_schemes_per_supplier");
	if (cap && mode == 0)
		err(c, cap, "'max_schemes_per_supplier' applies only to award mode per_scheme");
	else if (cap)
		get_int(c, aw, "max_schemes_per_supplier", 0, 1, 1000000, &r->max_schemes, "award");
	const co_ynode *tb = want(c, aw, "tie_break", CO_Y_SEQ, 0, "award");
	if (tb) {
		r->tie_break = zalloc(c, tb->n, sizeof(*r->tie_break));
		for (size_t i = 0; i < tb->n && r->tie_break; i++) {
			const co_ynode *k = tb->items[i];
			co_tiebreak t = {0};
			if (k->type != CO_Y_SCALAR) {
				err(c, k, "tie_break entries must be scalars");
				continue;
			}
			size_t kind = 0;
			while (kind < CO_TB_QUESTION && strcmp(k->value, tiebreak_names[kind]) != 0)
				kind++;
			if (kind < CO_TB_QUESTION)
				t.kind = (co_tb_kind)kind;
			else if (strncmp(k->value, tiebreak_names[CO_TB_QUESTION], 9) == 0) {
				t.kind = CO_TB_QUESTION;
				/* Resolved against the questions once they are loaded. */
			} else {
				err(c, k, "unknown tie_break key '%s' (quality | price | lowest_price | submitted | question:<id>)",
				    k->value);
				continue;
			}
			for (size_t j = 0; j < i; j++)
				if (tb->items[j]->type == CO_Y_SCALAR && strcmp(tb->items[j]->value, k->value) == 0)
					err(c, k, "tie_break key '%s' is repeated", k->value);
			r->tie_break[r->ntb++] = t;
		}
	}
}

static void load_weights(ctx *c, const co_ynode *root)
{
	static const char *const keys[] = {"quality", "price", NULL};
	co_rules *r = c->r;
	const co_ynode *w = want(c, root, "weights", CO_Y_MAP, 1, "the rule file");
	if (!w)
		return;
	check_keys(c, w, "weights", keys);
	int ok = get_dec(c, w, "quality", 1, NULL, r->wq, "weights");
	ok &= get_dec(c, w, "price", 1, NULL, r->wp, "weights");
	if (ok) {
		mpq_t sum;
		mpq_init(sum);
		mpq_add(sum, r->wq, r->wp);
		if (mpq_cmp_ui(sum, 100, 1) != 0) {
			char *s = co_num_format_trim(sum, 18);
			if (s)
				err(c, w, "weights quality + price must sum to exactly 100, got %s", s);
			else
				c->y.oom = 1;
			free(s);
		}
		mpq_clear(sum);
	}
}

static void load_scale(ctx *c, const co_ynode *root)
{
	static const char *const keys[] = {"marks", "labels", NULL};
	co_rules *r = c->r;
	const co_ynode *s = want(c, root, "scale", CO_Y_MAP, 1, "the rule file");
	if (!s)
		return;
	check_keys(c, s, "scale", keys);
	const co_ynode *m = want(c, s, "marks", CO_Y_SEQ, 1, "scale");
	if (!m)
		return;
	if (m->n < 2) {
		err(c, m, "scale.marks needs at least two marks");
		return;
	}
	r->marks = zalloc(c, m->n, sizeof(long));
	r->labels = zalloc(c, m->n, sizeof(char *));
	if (!r->marks || !r->labels)
		return;
	int ok = 1;
	for (size_t i = 0; i < m->n; i++) {
		long v;
		if (!int_node(c, m->items[i], "scale.marks", 0, 1000000, &v)) {
			ok = 0;
			continue;
		}
		if (i > 0 && r->nmarks > 0 && v <= r->marks[r->nmarks - 1]) {
			err(c, m->items[i], "scale.marks must be strictly ascending");
			ok = 0;
		}
		r->marks[r->nmarks++] = v;
	}
	if (ok && r->marks[r->nmarks - 1] <= 0)
		err(c, m, "the top mark of the scale must be above 0");
	if (!ok)
		return;
	const co_ynode *l = want(c, s, "labels", CO_Y_MAP, 0, "scale");
	for (size_t i = 0; l && i < l->n; i++) {
		long v;
		if (!int_node(c, l->keys[i], "scale.labels key", 0, 1000000, &v))
			continue;
		if (!co_rules_on_scale(r, v)) {
			err(c, l->keys[i], "label for mark %s, which is not on the scale", l->keys[i]->value);
			continue;
		}
		if (l->items[i]->type != CO_Y_SCALAR) {
			err(c, l->items[i], "a label must be text");
			continue;
		}
		for (size_t j = 0; j < r->nmarks; j++)
			if (r->marks[j] == v && !r->labels[j])
				r->labels[j] = copy(c, l->items[i]->value);
	}
}

static void load_moderation(ctx *c, const co_ynode *root)
{
	static const char *const keys[] = {"consensus", "flag_range", NULL};
	co_rules *r = c->r;
	const co_ynode *m = want(c, root, "moderation", CO_Y_MAP, 0, "the rule file");
	if (!m)
		return;
	check_keys(c, m, "moderation", keys);
	int k = get_enum(c, m, "consensus", consensus_names, 0, "moderation");
	r->consensus = k < 0 ? CO_CONS_MODERATED : (co_consensus)k;
	get_int(c, m, "flag_range", 0, 1, 1000000, &r->flag_range, "moderation");
}

static void load_thresholds(ctx *c, const co_ynode *root)
{
	static const char *const keys[] = {"min_mark", "min_quality", NULL};
	co_rules *r = c->r;
	const co_ynode *t = want(c, root, "thresholds", CO_Y_MAP, 0, "the rule file");
	if (!t)
		return;
	check_keys(c, t, "thresholds", keys);
	if (get_int(c, t, "min_mark", 0, 0, 1000000, &r->min_mark, "thresholds")) {
		if (r->nmarks && !co_rules_on_scale(r, r->min_mark))
			err(c, co_ymap_get(t, "min_mark"), "thresholds.min_mark %s is not on the scale",
			    co_ymap_get(t, "min_mark")->value);
		else
			r->has_min_mark = 1;
	}
	if (get_dec(c, t, "min_quality", 0, "100", r->min_quality, "thresholds"))
		r->has_min_quality = 1;
}

static void load_gates(ctx *c, const co_ynode *root)
{
	static const char *const keys[] = {"id", "text", NULL};
	co_rules *r = c->r;
	const co_ynode *g = want(c, root, "gates", CO_Y_SEQ, 0, "the rule file");
	if (!g || g->n == 0)
		return;
	r->gates = zalloc(c, g->n, sizeof(*r->gates));
	char **ids = zalloc(c, g->n, sizeof(char *));
	if (!r->gates || !ids) {
		free(ids);
		return;
	}
	for (size_t i = 0; i < g->n; i++) {
		const co_ynode *e = g->items[i];
		if (e->type != CO_Y_MAP) {
			err(c, e, "each gate must be a mapping with id and text");
			continue;
		}
		check_keys(c, e, "a gate", keys);
		co_gate *gt = &r->gates[r->ngates++];
		gt->id = get_id(c, e, "id", "a gate");
		gt->text = get_str(c, e, "text", 0, "a gate");
		ids[i] = gt->id;
	}
	check_unique(c, g, ids, g->n, "gate");
	free(ids);
}

static void load_questions(ctx *c, const co_ynode *root)
{
	static const char *const keys[] = {"id", "title", "text", "weight", "max_words", "min_mark", NULL};
	co_rules *r = c->r;
	const co_ynode *q = want(c, root, "questions", CO_Y_SEQ, 0, "the rule file");
	if (!q || q->n == 0) {
		if (mpq_sgn(r->wq) > 0)
			err(c, q ? q : root, "a quality weight above 0 needs at least one question");
		return;
	}
	r->questions = zalloc(c, q->n, sizeof(*r->questions));
	char **ids = zalloc(c, q->n, sizeof(char *));
	if (!r->questions || !ids) {
		free(ids);
		return;
	}
	int all_weights = 1;
	mpq_t sum;
	mpq_init(sum);
	for (size_t i = 0; i < q->n; i++) {
		const co_ynode *e = q->items[i];
		if (e->type != CO_Y_MAP) {
			err(c, e, "each question must be a mapping");
			all_weights = 0;
			continue;
		}
		check_keys(c, e, "a question", keys);
		co_question *qq = &r->questions[r->nq++];
		mpq_init(qq->weight);
		mpq_init(qq->per_mark);
		qq->id = get_id(c, e, "id", "a question");
		ids[i] = qq->id;
		qq->title = get_str(c, e, "title", 0, "a question");
		qq->text = get_str(c, e, "text", 0, "a question");
		if (get_dec(c, e, "weight", 1, "100", qq->weight, "a question"))
			mpq_add(sum, sum, qq->weight);
		else
			all_weights = 0;
		get_int(c, e, "max_words", 0, 1, 1000000, &qq->max_words, "a question");
		if (get_int(c, e, "min_mark", 0, 0, 1000000, &qq->min_mark, "a question")) {
			if (r->nmarks && !co_rules_on_scale(r, qq->min_mark))
				err(c, co_ymap_get(e, "min_mark"), "min_mark %s of question is not on the scale",
				    co_ymap_get(e, "min_mark")->value);
			else
				qq->has_min_mark = 1;
		}
	}
	check_unique(c, q, ids, q->n, "question");
	free(ids);
	if (all_weights && mpq_cmp_ui(sum, 100, 1) != 0) {
		char *s = co_num_format_trim(sum, 18);
		if (s)
			err(c, q, "question weights must sum to exactly 100, got %s", s);
		else
			c->y.oom = 1;
		free(s);
	}
	mpq_clear(sum);
}

static void load_prices(ctx *c, const co_ynode *root)
{
	static const char *const keys[] = {"id", "text", "unit", "max", "weight", "scored", NULL};
	co_rules *r = c->r;
	int m = get_enum(c, root, "price_scoring", method_names, 0, "the rule file");
	r->price_scoring = m < 0 ? CO_PS_LOWEST_RATIO : (co_price_scoring)m;
	int weighted = mpq_sgn(r->wp) > 0;
	if (r->price_scoring == CO_PS_FIXED && weighted)
		err(c, co_ymap_get(root, "price_scoring"),
		    "price_scoring fixed needs a price weight of 0 (prices are set by the council)");
	const co_ynode *p = want(c, root, "prices", CO_Y_SEQ, 0, "the rule file");
	if (!p || p->n == 0) {
		if (weighted)
			err(c, p ? p : root, "a price weight above 0 needs at least one price item");
		return;
	}
	r->prices = zalloc(c, p->n, sizeof(*r->prices));
	char **ids = zalloc(c, p->n, sizeof(char *));
	if (!r->prices || !ids) {
		free(ids);
		return;
	}
	int all_weights = 1, nscored = 0;
	mpq_t sum;
	mpq_init(sum);
	for (size_t i = 0; i < p->n; i++) {
		const co_ynode *e = p->items[i];
		if (e->type != CO_Y_MAP) {
			err(c, e, "each price item must be a mapping");
			continue;
		}
		check_keys(c, e, "a price item", keys);
		co_price_item *it = &r->prices[r->np++];
		mpq_init(it->max);
		mpq_init(it->weight);
		mpq_init(it->share);
		it->id = get_id(c, e, "id", "a price item");
		ids[i] = it->id;
		it->text = get_str(c, e, "text", 0, "a price item");
		it->unit = get_str(c, e, "unit", 0, "a price item");
		if (get_dec(c, e, "max", 1, NULL, it->max, "a price item") && mpq_sgn(it->max) <= 0)
			err(c, co_ymap_get(e, "max"), "a price item's max must be above 0");
		it->scored = 1;
		const co_ynode *sc = want(c, e, "scored", CO_Y_SCALAR, 0, "a price item");
		if (sc) {
			if (strcmp(sc->value, "false") == 0)
				it->scored = 0;
			else if (strcmp(sc->value, "true") != 0)
				err(c, sc, "'scored' must be true or false, got '%s'", sc->value);
		}
		const co_ynode *w = co_ymap_get(e, "weight");
		if (!it->scored) {
			if (w)
				err(c, w, "an unscored price item (scored: false) takes no weight");
			continue;
		}
		nscored++;
		if (w) {
			if (get_dec(c, e, "weight", 0, "100", it->weight, "a price item"))
				mpq_add(sum, sum, it->weight);
			else
				all_weights = 0;
		} else if (weighted) {
			err(c, e, "scored price item needs a 'weight' (its share of the price weighting)");
			all_weights = 0;
		}
	}
	check_unique(c, p, ids, p->n, "price item");
	free(ids);
	if (weighted && nscored == 0)
		err(c, p, "a price weight above 0 needs at least one scored price item");
	else if (weighted && all_weights && mpq_cmp_ui(sum, 100, 1) != 0) {
		char *s = co_num_format_trim(sum, 18);
		if (s)
			err(c, p, "scored price item weights must sum to exactly 100, got %s", s);
		else
			c->y.oom = 1;
		free(s);
	}
	mpq_clear(sum);
}

static void load_misc(ctx *c, const co_ynode *root)
{
	static const char *const al_keys[] = {"below_median_percent", NULL};
	static const char *const rd_keys[] = {"decimals", "apply", NULL};
	static const char *const applies[] = {"display", "each_score", NULL};
	co_rules *r = c->r;
	r->word_limit_disqualify = get_enum(c, root, "word_limit", word_limit_names, 0, "the rule file") == 1;
	const co_ynode *al = want(c, root, "abnormally_low", CO_Y_MAP, 0, "the rule file");
	if (al) {
		check_keys(c, al, "abnormally_low", al_keys);
		if (get_dec(c, al, "below_median_percent", 1, "100", r->below_median_percent, "abnormally_low"))
			r->has_abnormally_low = 1;
	}
	r->decimals = 2;
	const co_ynode *rd = want(c, root, "rounding", CO_Y_MAP, 0, "the rule file");
	if (rd) {
		long d = 2;
		check_keys(c, rd, "rounding", rd_keys);
		if (get_int(c, rd, "decimals", 0, 0, 9, &d, "rounding"))
			r->decimals = (int)d;
		r->each_score = get_enum(c, rd, "apply", applies, 0, "rounding") == 1;
	}
	const co_ynode *rc = want(c, root, "receipts", CO_Y_MAP, 0, "the rule file");
	if (rc) {
		static const char *const rc_keys[] = {"tolerance_seconds", NULL};
		check_keys(c, rc, "receipts", rc_keys);
		get_int(c, rc, "tolerance_seconds", 0, 0, CO_RECEIPT_TOLERANCE_MAX, &r->receipt_tolerance, "receipts");
	}
}

static void load_schemes(ctx *c, const co_ynode *root)
{
	static const char *const keys[] = {"id", "name", "town", NULL};
	co_rules *r = c->r;
	const co_ynode *s = co_ymap_get(root, "schemes");
	if (r->mode == CO_MODE_TOP_N) {
		if (s)
			err(c, s, "'schemes' applies only to award mode per_scheme");
		return;
	}
	s = want(c, root, "schemes", CO_Y_SEQ, 0, "the rule file");
	if (!s || s->n == 0) {
		err(c, s ? s : root, "award mode per_scheme needs at least one scheme under 'schemes'");
		return;
	}
	r->schemes = zalloc(c, s->n, sizeof(*r->schemes));
	char **ids = zalloc(c, s->n, sizeof(char *));
	if (!r->schemes || !ids) {
		free(ids);
		return;
	}
	for (size_t i = 0; i < s->n; i++) {
		const co_ynode *e = s->items[i];
		if (e->type != CO_Y_MAP) {
			err(c, e, "each scheme must be a mapping");
			continue;
		}
		check_keys(c, e, "a scheme", keys);
		co_scheme *sc = &r->schemes[r->ns++];
		sc->id = get_id(c, e, "id", "a scheme");
		ids[i] = sc->id;
		sc->name = get_str(c, e, "name", 0, "a scheme");
		sc->town = get_str(c, e, "town", 0, "a scheme");
	}
	check_unique(c, s, ids, s->n, "scheme");
	free(ids);
}

int co_ocid_prefix_valid(const char *prefix)
{
	int ok = prefix && strlen(prefix) == 11 && strncmp(prefix, "ocds-", 5) == 0;
	for (size_t i = 5; ok && i < 11; i++)
		ok = (prefix[i] >= 'a' && prefix[i] <= 'z') || (prefix[i] >= '0' && prefix[i] <= '9');
	return ok;
}

static void load_publication(ctx *c, const co_ynode *root)
{
	static const char *const keys[] = {"ocid_prefix", "date", "decided", "criteria", NULL};
	co_rules *r = c->r;
	const co_ynode *p = want(c, root, "publication", CO_Y_MAP, 0, "the rule file");
	if (!p)
		return;
	check_keys(c, p, "publication", keys);
	const co_ynode *o = want(c, p, "ocid_prefix", CO_Y_SCALAR, 0, "publication");
	if (o) {
		if (!co_ocid_prefix_valid(o->value))
			err(c, o, "'ocid_prefix' must be " CO_OCID_PREFIX_RULE ", got '%s'", o->value);
		else
			r->ocid_prefix = copy(c, o->value);
	}
	const co_ynode *d = want(c, p, "date", CO_Y_SCALAR, 0, "publication");
	if (d) {
		co_time t;
		const char *why;
		char day[11] = "";
		/*
		 * The notice date is the day in the UK on which the instant named falls (BST or GMT), not
		 * the date as written: 2027-06-30T23:30:00Z is 00:30 on 1 July in London.
		 */
		if (co_time_parse(&t, d->value, &why) == 0) {
			int y, m, dd;
			co_date_from_day(&y, &m, &dd, co_uk_day_of(t.sec));
			if (y >= 0 && y <= 9999)
				snprintf(day, sizeof(day), "%04d-%02d-%02d", y, m, dd);
			else
				why = "the calendar is known from 2011-01-01 to 2099-12-31 only";
		}
		if (!day[0] || !co_calendar_date_valid(day, &why))
			err(c, d, "'date': %s, got '%s'", why, d->value);
		else {
			r->pub_date_text = copy(c, d->value);
			memcpy(r->pub_notice, day, sizeof(day));
		}
	}
	/* The award decision comes first: the notice (and the standstill) cannot begin before it. */
	const co_ynode *dec = want(c, p, "decided", CO_Y_SCALAR, 0, "publication");
	if (dec) {
		const char *why;
		if (!co_calendar_date_valid(dec->value, &why))
			err(c, dec, "'decided': %s, got '%s'", why, dec->value);
		else if (r->pub_notice[0] && strcmp(dec->value, r->pub_notice) > 0)
			err(c, dec, "'decided' (%s) must not be after the notice date, publication.date (%s)", dec->value,
			    r->pub_notice);
		else
			memcpy(r->pub_decided, dec->value, 11);
	} else
		memcpy(r->pub_decided, r->pub_notice, 11);
	r->pub_criteria = get_str(c, p, "criteria", 0, "publication");
	if (r->pub_criteria && !r->pub_criteria[strspn(r->pub_criteria, " \t\r\n\f\v")])
		err(c, co_ymap_get(p, "criteria"), "'criteria' must not be empty or blank");
}

/*
 * calendar.holidays (an extension): one-off bank holidays proclaimed after this release, each
 * {date: YYYY-MM-DD, name: "..."}, kept in every part of the UK when the standstill is counted.
 */
static void load_calendar(ctx *c, const co_ynode *root)
{
	static const char *const keys[] = {"holidays", NULL};
	static const char *const day_keys[] = {"date", "name", NULL};
	co_rules *r = c->r;
	const co_ynode *cal = want(c, root, "calendar", CO_Y_MAP, 0, "the rule file");
	if (!cal)
		return;
	check_keys(c, cal, "calendar", keys);
	const co_ynode *h = want(c, cal, "holidays", CO_Y_SEQ, 0, "calendar");
	if (!h || !h->n)
		return;
	if (h->n > CO_EXTRA_HOLIDAYS_MAX) {
		err(c, h, "'holidays' lists %zu days; at most %d are taken", h->n, CO_EXTRA_HOLIDAYS_MAX);
		return;
	}
	if (!(r->holidays = zalloc(c, h->n, sizeof(*r->holidays))))
		return;
	for (size_t i = 0; i < h->n; i++) {
		const co_ynode *e = h->items[i];
		if (e->type != CO_Y_MAP) {
			err(c, e, "each holiday must be a mapping {date: YYYY-MM-DD, name: ...}");
			continue;
		}
		check_keys(c, e, "a holiday", day_keys);
		const co_ynode *d = want(c, e, "date", CO_Y_SCALAR, 1, "a holiday");
		char *name = get_str(c, e, "name", 1, "a holiday");
		const char *why;
		int ok = d && name;
		if (d && !co_calendar_date_valid(d->value, &why)) {
			err(c, d, "'date': %s, got '%s'", why, d->value);
			ok = 0;
		}
		for (size_t k = 0; ok && k < r->nholidays; k++)
			if (strcmp(r->holidays[k].date, d->value) == 0) {
				err(c, d, "duplicate holiday date '%s'", d->value);
				ok = 0;
			}
		if (!ok) {
			free(name);
			continue;
		}
		memcpy(r->holidays[r->nholidays].date, d->value, 11);
		r->holidays[r->nholidays++].name = name;
	}
}

/* 1 when id is one of the n ids. */
static int among(char *const *ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ids[i], id))
			return 1;
	return 0;
}

/*
 * The panel (an extension: docs/formats-notes.md): the evaluators `panel prepare` takes when
 * the command line names none, and the questions each evaluator marks. Loaded after the
 * questions, which the assignments name.
 */
static void load_panel(ctx *c, const co_ynode *root)
{
	static const char *const keys[] = {"evaluators", "assign", NULL};
	co_rules *r = c->r;
	const co_ynode *p = want(c, root, "panel", CO_Y_MAP, 0, "the rule file");
	if (!p)
		return;
	check_keys(c, p, "panel", keys);
	const co_ynode *evs = want(c, p, "evaluators", CO_Y_SEQ, 0, "panel");
	if (evs) {
		if (!evs->n)
			err(c, evs, "'evaluators' must name at least one evaluator");
		if (!(r->panel_evaluators = zalloc(c, evs->n, sizeof(char *))))
			return;
		for (size_t i = 0; i < evs->n; i++) {
			const co_ynode *e = evs->items[i];
			if (e->type != CO_Y_SCALAR || !co_id_valid(e->value))
				err(c, e, "an evaluator id must match [A-Za-z0-9._-]{1,64}");
			else if (among(r->panel_evaluators, r->npanel_evaluators, e->value))
				err(c, e, "evaluator '%s' is named twice", e->value);
			else if ((r->panel_evaluators[r->npanel_evaluators] = copy(c, e->value)))
				r->npanel_evaluators++;
		}
	}
	const co_ynode *as = want(c, p, "assign", CO_Y_MAP, 0, "panel");
	if (!as || !(r->panel_assign = zalloc(c, as->n, sizeof(co_panel_assign))))
		return;
	for (size_t i = 0; i < as->n; i++) {
		const co_ynode *k = as->keys[i], *qs = as->items[i];
		if (evs && !among(r->panel_evaluators, r->npanel_evaluators, k->value)) {
			err(c, k, "'%s' is not one of the panel's evaluators", k->value);
			continue;
		}
		if (!co_id_valid(k->value)) {
			err(c, k, "an evaluator id must match [A-Za-z0-9._-]{1,64}");
			continue;
		}
		if (qs->type != CO_Y_SEQ || !qs->n) {
			err(c, qs, "the questions '%s' marks must be a list of question ids", k->value);
			continue;
		}
		co_panel_assign *a = &r->panel_assign[r->npanel_assign];
		if (!(a->questions = zalloc(c, r->nq, 1)) || !(a->evaluator = copy(c, k->value))) {
			free(a->questions);
			return;
		}
		r->npanel_assign++;
		for (size_t j = 0; j < qs->n; j++) {
			const co_ynode *q = qs->items[j];
			long at = q->type == CO_Y_SCALAR ? co_rules_find_question(r, q->value) : -1;
			if (at < 0)
				err(c, q, "no question '%s' in the rule file", q->type == CO_Y_SCALAR ? q->value : "");
			else if (a->questions[at])
				err(c, q, "question '%s' is named twice for '%s'", q->value, k->value);
			else
				a->questions[at] = 1;
		}
	}
	/* With the evaluators known, every question must be marked by one of them. */
	for (size_t q = 0; evs && q < r->nq; q++) {
		size_t by = 0;
		for (size_t e = 0; e < r->npanel_evaluators; e++) {
			size_t a = 0;
			while (a < r->npanel_assign && strcmp(r->panel_assign[a].evaluator, r->panel_evaluators[e]))
				a++;
			by += a == r->npanel_assign || r->panel_assign[a].questions[q];
		}
		if (!by)
			err(c, as, "no evaluator of the panel marks question '%s'", r->questions[q].id);
	}
}

/* question:<id> tie-break keys can only be checked once the questions are known. */
static void resolve_tie_break(ctx *c, const co_ynode *root)
{
	co_rules *r = c->r;
	const co_ynode *aw = co_ymap_get(root, "award");
	const co_ynode *tb = aw ? co_ymap_get(aw, "tie_break") : NULL;
	if (!tb || tb->type != CO_Y_SEQ)
		return;
	size_t k = 0;
	for (size_t i = 0; i < tb->n && k < r->ntb; i++) {
		const co_ynode *e = tb->items[i];
		if (e->type != CO_Y_SCALAR)
			continue;
		const char *v = e->value;
		int known = !strcmp(v, "quality") || !strcmp(v, "price") || !strcmp(v, "lowest_price") ||
		            !strcmp(v, "submitted") || !strncmp(v, "question:", 9);
		if (!known)
			continue;
		if (r->tie_break[k].kind == CO_TB_QUESTION) {
			long qi = co_rules_find_question(r, v + 9);
			if (qi < 0)
				err(c, e, "tie_break '%s' names no question of this rule file", v);
			else
				r->tie_break[k].question = (size_t)qi;
		}
		k++;
	}
}

/*
 * Each question's points per mark, Wq x (wq / 100) / M, and each price item's points at f = 1,
 * Wp x (w_i / 100), worked out once: every bid's question or item points are then one product
 * (co_question_points, co_item_points), exactly as the formulas in steps.
 */
static void set_unit_points(co_rules *r)
{
	mpq_t d;
	mpq_init(d);
	mpq_set_ui(d, 100, 1);
	for (size_t i = 0; i < r->np; i++) {
		mpq_mul(r->prices[i].share, r->wp, r->prices[i].weight);
		mpq_div(r->prices[i].share, r->prices[i].share, d);
	}
	/* A loaded rule file's top mark is above 0; were it not, the points would be 0 rather than a division by 0. */
	mpq_set_si(d, 100 * co_rules_max_mark(r), 1);
	for (size_t q = 0; q < r->nq; q++) {
		mpq_ptr f = r->questions[q].per_mark;
		mpq_mul(f, r->wq, r->questions[q].weight);
		if (mpq_sgn(d) > 0)
			mpq_div(f, f, d);
		else
			mpq_set_ui(f, 0, 1);
	}
	mpq_clear(d);
}

static void rules_init(co_rules *r)
{
	mpq_init(r->wq);
	mpq_init(r->wp);
	mpq_init(r->min_quality);
	mpq_init(r->below_median_percent);
	r->decimals = 2;
	r->receipt_tolerance = CO_RECEIPT_TOLERANCE_DEFAULT;
}

int co_rules_load(co_rules **out, const char *path, co_diags *diags)
{
	return co_rules_load_from(out, path, NULL, diags);
}

int co_rules_load_from(co_rules **out, const char *path, const char *read_from, co_diags *diags)
{
	static const char *const keys[] = {"calloff", "competition", "award", "weights", "scale", "moderation",
	                                   "thresholds", "word_limit", "gates", "questions", "prices",
	                                   "price_scoring", "abnormally_low", "rounding", "schemes", "publication", "panel",
	                                   "receipts", "calendar", NULL};
	co_ynode *root = NULL;
	co_rules *r = NULL;
	int rc;

	*out = NULL;
	int yrc = co_yaml_load(&root, path, read_from, diags);
	if (!root) {
		rc = yrc;
		goto out;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		rc = CO_ERROR;
		goto out;
	}
	rules_init(r);
	ctx c = {.y = {.path = path, .diags = diags}, .r = r};
	r->path = copy(&c, path);
	check_keys(&c, root, "the rule file", keys);
	long version = 0;
	if (get_int(&c, root, "calloff", 1, 1, 1000, &version, "the rule file") && version != 1)
		err(&c, co_ymap_get(root, "calloff"), "unsupported format version %s (this engine reads version 1)",
		    co_ymap_get(root, "calloff")->value);
	load_competition(&c, root);
	load_award(&c, root);
	load_weights(&c, root);
	load_scale(&c, root);
	load_moderation(&c, root);
	load_thresholds(&c, root);
	load_gates(&c, root);
	load_questions(&c, root);
	load_prices(&c, root);
	load_misc(&c, root);
	load_schemes(&c, root);
	load_publication(&c, root);
	load_calendar(&c, root);
	load_panel(&c, root);
	resolve_tie_break(&c, root);
	/* Out of memory anywhere is the run's failure, not the file's, even when the file has problems too. */
	rc = c.y.oom || yrc == CO_ERROR ? CO_ERROR : c.y.errors || yrc ? CO_EINVALID : 0;
	if (!rc)
		set_unit_points(r);
out:
	co_ynode_free(root);
	if (rc) {
		co_rules_free(r);
		r = NULL;
	}
	*out = r;
	return rc;
}

void co_rules_free(co_rules *r)
{
	if (!r)
		return;
	free(r->path);
	free(r->id);
	free(r->title);
	free(r->framework);
	free(r->authority);
	free(r->lot_id);
	free(r->lot_name);
	free(r->currency);
	free(r->deadline_text);
	free(r->ocid_prefix);
	free(r->pub_date_text);
	free(r->pub_criteria);
	for (size_t i = 0; i < r->nholidays; i++)
		free((char *)r->holidays[i].name);
	free(r->holidays);
	for (size_t i = 0; i < r->npanel_evaluators; i++)
		free(r->panel_evaluators[i]);
	free(r->panel_evaluators);
	for (size_t i = 0; i < r->npanel_assign; i++) {
		free(r->panel_assign[i].evaluator);
		free(r->panel_assign[i].questions);
	}
	free(r->panel_assign);
	free(r->tie_break);
	mpq_clear(r->wq);
	mpq_clear(r->wp);
	mpq_clear(r->min_quality);
	mpq_clear(r->below_median_percent);
	for (size_t i = 0; i < r->nmarks; i++)
		free(r->labels[i]);
	free(r->marks);
	free(r->labels);
	for (size_t i = 0; i < r->ngates; i++) {
		free(r->gates[i].id);
		free(r->gates[i].text);
	}
	free(r->gates);
	for (size_t i = 0; i < r->nq; i++) {
		free(r->questions[i].id);
		free(r->questions[i].title);
		free(r->questions[i].text);
		mpq_clear(r->questions[i].weight);
		mpq_clear(r->questions[i].per_mark);
	}
	free(r->questions);
	for (size_t i = 0; i < r->np; i++) {
		free(r->prices[i].id);
		free(r->prices[i].text);
		free(r->prices[i].unit);
		mpq_clear(r->prices[i].max);
		mpq_clear(r->prices[i].weight);
		mpq_clear(r->prices[i].share);
	}
	free(r->prices);
	for (size_t i = 0; i < r->ns; i++) {
		free(r->schemes[i].id);
		free(r->schemes[i].name);
		free(r->schemes[i].town);
	}
	free(r->schemes);
	free(r);
}

const char *co_rules_competition_id(const co_rules *r)
{
	return r->id;
}

size_t co_rules_question_count(const co_rules *r)
{
	return r->nq;
}

#define FIND(fn, arr, count)                                    \
	long fn(const co_rules *r, const char *id)                  \
	{                                                           \
		for (size_t i = 0; i < r->count; i++)                   \
			if (r->arr[i].id && strcmp(r->arr[i].id, id) == 0)  \
				return (long)i;                                 \
		return -1;                                              \
	}
FIND(co_rules_find_question, questions, nq)
FIND(co_rules_find_scheme, schemes, ns)

int co_rules_on_scale(const co_rules *r, long mark)
{
	for (size_t i = 0; i < r->nmarks; i++)
		if (r->marks[i] == mark)
			return 1;
	return 0;
}

long co_rules_max_mark(const co_rules *r)
{
	return r->nmarks ? r->marks[r->nmarks - 1] : 1;
}

const char *co_rules_notice_date(const co_rules *r)
{
	return r->pub_notice[0] ? r->pub_notice : NULL;
}

const char *co_rules_ocid_prefix(const co_rules *r)
{
	return r->ocid_prefix;
}

const co_extra_holiday *co_rules_holidays(const co_rules *r, size_t *n)
{
	*n = r->nholidays;
	return r->nholidays ? r->holidays : NULL;
}

const char *const *co_rules_panel_evaluators(const co_rules *r, size_t *n)
{
	*n = r->npanel_evaluators;
	return r->npanel_evaluators ? (const char *const *)r->panel_evaluators : NULL;
}
