/*
 * Robustness of the award by Monte Carlo (SMAA style): per sample, criterion weights drawn from a
 * Dirichlet centred on the published weights, and the panel resampled (evaluators drawn with
 * replacement, so each one's leniency stays with them across bids); the award is then recomputed.
 * Analytics in floating point: nothing here changes the award.
 *
 * Determinism: samples come in blocks of CO_SMAA_BLOCK, each with its own gsl_rng (mt19937) seeded
 * from (seed, block); per-block counts are integers summed in block order, so the output is the
 * same whatever the number of threads.
 */
#include "evaluating/assign.h"
#include "base/diag.h"
#include "evaluating/quality.h"
#include "evaluating/price.h"
#include "analytics/tipping.h"
#include "base/jsontext.h"
#include "base/strbuf.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_version.h>
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CO_SMAA_BLOCK 4096
#define CO_SMAA_RANKS 10

/* The competition reduced to numbers: B bids, K criteria (questions first, then scored prices). */
typedef struct {
	size_t B, K, Q, E, n;  /* bids, criteria, questions, evaluators, awarded (top_n) */
	int mode_per_scheme, consensus;
	double M;
	double *g;             /* K published weights, percent */
	double *marks;         /* B x Q x E evaluator marks, NAN when missing */
	double *moderated;     /* B x Q, NAN when none */
	double *c0;            /* B x Q published consensus */
	double *price;         /* per_scheme: S x B x P price scores (0 when not a candidate); top_n: B x P */
	size_t P, S;
	unsigned char *cand;   /* per_scheme: S x B */
	unsigned char *published; /* top_n: B awarded; per_scheme: S x B winner */
	size_t last_in, first_out; /* top_n: the boundary pair (indices), or B when none */
	size_t npub;               /* top_n: how many were awarded (more than n after a tie admitted) */
	size_t *entry;         /* B entry indices */
	size_t ncombo;         /* E^E panels, when small enough to tabulate; else 0 */
	double *table;         /* ncombo x B x Q consensus / M for each panel drawn */
	int keep_moderated;
	long cap;              /* per_scheme: max_schemes_per_supplier, 0 when none */
} model;

/* Per-thread room for the capped award (the exact solver, run on each sample's totals). */
typedef struct {
	co_assign_edge *edges;
	mpq_t *totals;
	size_t *edge_bid;
	long *winner;
	unsigned char *tied;
	double *t;
} capped_scratch;

typedef struct {
	unsigned long *awarded;  /* B (top_n) or S x B (per_scheme) */
	unsigned long *rank;     /* B x RANKS */
	unsigned long same_set, pair_win;
	void *scratch;           /* the thread's capped_scratch while the block runs */
} counts;

typedef struct {
	const model *m;
	const co_sensitivity_options *o;
	unsigned long nblocks;
	atomic_ulong next;
	atomic_ulong done;
	counts *blocks; /* one per block */
	atomic_int failed;  /* a worker ran out of memory */
	atomic_int running; /* workers not yet finished */
} job;

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* splitmix64: a well-mixed seed for block b of a run seeded with s. */
static unsigned long block_seed(unsigned long s, unsigned long b)
{
	uint64_t z = (uint64_t)s + 0x9E3779B97F4A7C15ULL * (b + 1);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return (unsigned long)(z ^ (z >> 31));
}

static double consensus(const model *m, size_t b, size_t q, const size_t *panel, int keep_moderated, double *buf)
{
	double mo = m->moderated[b * m->Q + q];
	if (keep_moderated && !isnan(mo))
		return mo;
	size_t k = 0;
	for (size_t e = 0; e < m->E; e++) {
		double v = m->marks[(b * m->Q + q) * m->E + panel[e]];
		if (!isnan(v))
			buf[k++] = v;
	}
	if (k == 0)
		return m->c0[b * m->Q + q];
	if (m->consensus == CO_CONS_MEAN) {
		double s = 0;
		for (size_t i = 0; i < k; i++)
			s += buf[i];
		return s / (double)k;
	}
	qsort(buf, k, sizeof(double), cmp_d); /* median (also for a moderated lot's evaluators) */
	return k % 2 ? buf[k / 2] : (buf[k / 2 - 1] + buf[k / 2]) / 2.0;
}

/* A bid's total in scheme sc (or the lot when sc is 0 in top-n): its quality plus its price points. */
static double scheme_total(const model *m, const double *w, const double *score, size_t sc, size_t b)
{
	double t = score[b];
	for (size_t p = 0; p < m->P; p++)
		t += w[m->Q + p] * m->price[(sc * m->B + b) * m->P + p];
	return t;
}

static void run_block(const model *m, const co_sensitivity_options *o, unsigned long block, unsigned long nsamples,
                      counts *c, gsl_rng *rng, double *w, double *alpha, double *score, double *t, size_t *order,
                      size_t *panel, double *buf)
{
	gsl_rng_set(rng, block_seed(o->seed, block));
	size_t K = m->K, B = m->B;
	for (unsigned long s = 0; s < nsamples; s++) {
		/* Weights: a Dirichlet centred on the published ones (criteria of weight 0 stay 0). */
		size_t kk = 0;
		for (size_t k = 0; k < K; k++)
			if (m->g[k] > 0)
				alpha[kk++] = o->concentration * m->g[k] / 100.0;
		gsl_ran_dirichlet(rng, kk, alpha, buf);
		kk = 0;
		for (size_t k = 0; k < K; k++)
			w[k] = m->g[k] > 0 ? 100.0 * buf[kk++] : 0.0;
		size_t combo = 0;
		for (size_t e = 0; e < m->E; e++) {
			panel[e] = (size_t)gsl_rng_uniform_int(rng, m->E);
			combo = combo * m->E + panel[e];
		}
		if (m->table) { /* the consensus of every bid under this panel, tabulated in advance */
			const double *cons = m->table + combo * B * m->Q;
			for (size_t b = 0; b < B; b++) {
				double q = 0;
				for (size_t j = 0; j < m->Q; j++)
					q += w[j] * cons[b * m->Q + j];
				score[b] = q;
			}
		} else {
			for (size_t b = 0; b < B; b++) {
				double q = 0;
				for (size_t j = 0; j < m->Q; j++)
					q += w[j] * consensus(m, b, j, panel, o->keep_moderated, buf) / m->M;
				score[b] = q;
			}
		}
		if (!m->mode_per_scheme) {
			/* Only the first max(n, 10) places matter: an insertion into a short sorted list. */
			size_t keep = m->n > CO_SMAA_RANKS ? m->n : CO_SMAA_RANKS, k = 0;
			if (keep > B)
				keep = B;
			for (size_t b = 0; b < B; b++) {
				t[b] = scheme_total(m, w, score, 0, b);
				if (k == keep && t[b] <= t[order[k - 1]])
					continue; /* a float tie keeps the published order */
				size_t pos = k < keep ? k++ : keep - 1;
				while (pos > 0 && t[b] > t[order[pos - 1]]) {
					order[pos] = order[pos - 1];
					pos--;
				}
				order[pos] = b;
			}
			size_t hits = 0;
			for (size_t r = 0; r < k; r++) {
				size_t b = order[r];
				if (r < m->n) {
					c->awarded[b]++;
					hits += m->published[b];
				}
				if (r < CO_SMAA_RANKS)
					c->rank[b * CO_SMAA_RANKS + r]++;
			}
			c->same_set += hits == m->n && m->n == m->npub;
			if (m->last_in < B && m->first_out < B && t[m->last_in] > t[m->first_out])
				c->pair_win++;
		} else if (m->cap) {
			/* The capped award is an optimisation over all schemes: the exact solver, on this sample's totals. */
			capped_scratch *cs = (capped_scratch *)c->scratch;
			size_t ne = 0;
			for (size_t sc = 0; sc < m->S; sc++) {
				size_t first = ne;
				for (size_t b = 0; b < B; b++) {
					if (!m->cand[sc * B + b])
						continue;
					double tb = scheme_total(m, w, score, sc, b);
					cs->t[ne] = tb;
					mpq_set_d(cs->totals[ne], tb);
					cs->edges[ne] = (co_assign_edge){sc, b, 0, cs->totals[ne]};
					cs->edge_bid[ne++] = b;
				}
				for (size_t x = first; x < ne; x++) { /* rank within the scheme: 1 + those strictly ahead */
					long rank = 1;
					for (size_t y = first; y < ne; y++)
						rank += cs->t[y] > cs->t[x];
					cs->edges[x].rank = rank;
				}
			}
			int same = 1;
			if (co_assign_solve(m->S, B, m->cap, cs->edges, ne, cs->winner, cs->tied, NULL) == 0) {
				for (size_t sc = 0; sc < m->S; sc++) {
					long e = cs->winner[sc];
					if (e >= 0)
						c->awarded[sc * B + cs->edge_bid[e]]++;
					for (size_t b = 0; b < B; b++)
						same &= (e >= 0 && cs->edge_bid[e] == b) == m->published[sc * B + b];
				}
			}
			c->same_set += same;
		} else {
			int same = 1;
			for (size_t sc = 0; sc < m->S; sc++) {
				size_t best = B;
				double bt = -HUGE_VAL;
				for (size_t b = 0; b < B; b++) {
					if (!m->cand[sc * B + b])
						continue;
					double tb = scheme_total(m, w, score, sc, b);
					if (tb > bt) {
						bt = tb;
						best = b;
					}
				}
				if (best < B)
					c->awarded[sc * B + best]++;
				for (size_t b = 0; b < B; b++)
					same &= (b == best) == m->published[sc * B + b];
			}
			c->same_set += same;
		}
	}
}

static void *worker(void *arg)
{
	job *j = arg;
	const model *m = j->m;
	size_t K = m->K + 1, B = m->B + 1;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *w = malloc(K * sizeof(double)), *alpha = malloc(K * sizeof(double)), *score = malloc(B * sizeof(double));
	double *t = malloc(B * sizeof(double)), *buf = malloc((K + m->E + 1) * sizeof(double));
	size_t *order = malloc(B * sizeof(size_t)), *panel = malloc((m->E + 1) * sizeof(size_t));
	capped_scratch cs = {0};
	size_t ne = m->S * m->B + 1;
	if (m->cap) {
		cs.edges = malloc(ne * sizeof(*cs.edges));
		cs.totals = malloc(ne * sizeof(mpq_t));
		cs.edge_bid = malloc(ne * sizeof(size_t));
		cs.winner = malloc((m->S + 1) * sizeof(long));
		cs.tied = malloc(m->S + 1);
		cs.t = malloc(ne * sizeof(double));
		for (size_t i = 0; cs.totals && i < ne; i++)
			mpq_init(cs.totals[i]);
	}
	if (!rng || !w || !alpha || !score || !t || !buf || !order || !panel ||
	    (m->cap && (!cs.edges || !cs.totals || !cs.edge_bid || !cs.winner || !cs.tied || !cs.t))) {
		atomic_store(&j->failed, 1);
	} else {
		for (;;) {
			unsigned long b = atomic_fetch_add(&j->next, 1);
			if (b >= j->nblocks)
				break;
			unsigned long n = b + 1 == j->nblocks ? j->o->samples - b * CO_SMAA_BLOCK : CO_SMAA_BLOCK;
			j->blocks[b].scratch = &cs;
			run_block(m, j->o, b, n, &j->blocks[b], rng, w, alpha, score, t, order, panel, buf);
			j->blocks[b].scratch = NULL;
			atomic_fetch_add(&j->done, 1);
		}
	}
	for (size_t i = 0; cs.totals && i < ne; i++)
		mpq_clear(cs.totals[i]);
	free(cs.edges);
	free(cs.totals);
	free(cs.edge_bid);
	free(cs.winner);
	free(cs.tied);
	free(cs.t);
	gsl_rng_free(rng);
	free(w);
	free(alpha);
	free(score);
	free(t);
	free(buf);
	free(order);
	free(panel);
	atomic_fetch_sub(&j->running, 1);
	return NULL;
}

static void model_free(model *m)
{
	free(m->table);
	free(m->g);
	free(m->marks);
	free(m->moderated);
	free(m->c0);
	free(m->price);
	free(m->cand);
	free(m->published);
	free(m->entry);
}

/* The competition as numbers: the bids in the published ranking, their marks and price scores. */
/* Every bid's consensus / M under each of the E^E panels that can be drawn, when there are at most 4096. */
static int tabulate(model *m)
{
	size_t combos = 1;
	for (size_t e = 0; e < m->E; e++) {
		combos *= m->E;
		if (combos > 4096)
			return 0;
	}
	double *buf = malloc((m->E + 1) * sizeof(double));
	size_t *panel = malloc((m->E + 1) * sizeof(size_t));
	m->table = malloc((combos * m->B * m->Q + 1) * sizeof(double));
	if (!buf || !panel || !m->table) {
		free(buf);
		free(panel);
		free(m->table);
		m->table = NULL;
		return CO_ERROR;
	}
	for (size_t combo = 0; combo < combos; combo++) {
		for (size_t e = m->E, x = combo; e-- > 0; x /= m->E)
			panel[e] = x % m->E;
		for (size_t b = 0; b < m->B; b++)
			for (size_t q = 0; q < m->Q; q++)
				m->table[(combo * m->B + b) * m->Q + q] = consensus(m, b, q, panel, m->keep_moderated, buf) / m->M;
	}
	m->ncombo = combos;
	free(buf);
	free(panel);
	return 0;
}

static int build(model *m, const co_result *res)
{
	const co_rules *r = res->rules;
	memset(m, 0, sizeof(*m));
	m->Q = r->nq;
	m->E = res->marks ? res->marks->nev : 0;
	m->M = (double)co_rules_max_mark(r);
	m->consensus = r->consensus;
	m->mode_per_scheme = r->mode == CO_MODE_PER_SCHEME;
	m->S = m->mode_per_scheme ? r->ns : 1;
	for (size_t p = 0; co_prices_scored(r) && p < r->np; p++)
		m->P += r->prices[p].scored;
	m->K = m->Q + m->P;
	m->entry = malloc((res->n + 1) * sizeof(size_t));
	for (size_t i = 0; m->entry && i < res->n; i++) {
		const co_entry *e = &res->entries[res->order[i]];
		if (e->status == CO_ST_RANKED || e->status == CO_ST_AWARDED)
			m->entry[m->B++] = res->order[i];
	}
	size_t B = m->B;
	m->g = calloc(m->K + 1, sizeof(double));
	m->marks = malloc((B * m->Q * m->E + 1) * sizeof(double));
	m->moderated = malloc((B * m->Q + 1) * sizeof(double));
	m->c0 = malloc((B * m->Q + 1) * sizeof(double));
	m->price = calloc(m->S * B * m->P + 1, sizeof(double));
	m->cand = calloc(m->S * B + 1, 1);
	m->published = calloc(m->S * B + 1, 1);
	if (!m->entry || !m->g || !m->marks || !m->moderated || !m->c0 || !m->price || !m->cand || !m->published)
		return CO_ERROR;
	mpq_t c;
	mpq_init(c);
	for (size_t q = 0; q < m->Q; q++) {
		co_question_available(r, q, c);
		m->g[q] = mpq_get_d(c);
	}
	size_t k = m->Q;
	for (size_t p = 0; co_prices_scored(r) && p < r->np; p++)
		if (r->prices[p].scored)
			m->g[k++] = mpq_get_d(r->prices[p].share);
	for (size_t b = 0; b < B; b++) {
		const co_entry *e = &res->entries[m->entry[b]];
		for (size_t q = 0; q < m->Q; q++) {
			const co_qmarks *qm = co_marks_question(e->marks, q);
			co_entry_mark(res, e, q, c);
			m->c0[b * m->Q + q] = mpq_get_d(c);
			m->moderated[b * m->Q + q] = qm && qm->has_moderated ? (double)qm->moderated : NAN;
			for (size_t ev = 0; ev < m->E; ev++) {
				double v = NAN;
				for (size_t x = 0; qm && x < qm->n; x++)
					if (co_qmarks_marks(e->marks, qm)[x].evaluator == ev)
						v = (double)co_qmarks_marks(e->marks, qm)[x].value;
				m->marks[(b * m->Q + q) * m->E + ev] = v;
			}
		}
	}
	mpq_clear(c);
	/* Price scores f (independent of the weights): lot-wide, or within each scheme. */
	mpq_t lowest, price, f, pts;
	mpq_inits(lowest, price, f, pts, NULL);
	for (size_t sc = 0; sc < m->S; sc++) {
		co_cand *cands = calloc(B + 1, sizeof(*cands));
		size_t n = 0;
		if (!cands) {
			mpq_clears(lowest, price, f, pts, NULL);
			return CO_ERROR;
		}
		for (size_t b = 0; b < B; b++) {
			const co_entry *e = &res->entries[m->entry[b]];
			int in = !m->mode_per_scheme || co_entry_schemes(r, e)[sc];
			m->cand[sc * B + b] = (unsigned char)in;
			if (in)
				cands[n++].entry = m->entry[b];
		}
		size_t pi = 0;
		for (size_t p = 0; n && co_prices_scored(r) && p < r->np; p++) {
			if (!r->prices[p].scored)
				continue;
			co_lowest_price(res, cands, n, p, lowest);
			for (size_t b = 0; b < B; b++)
				if (m->cand[sc * B + b]) {
					co_entry_price(&res->entries[m->entry[b]], p, price);
					co_item_points(r, p, lowest, price, f, pts);
					m->price[(sc * B + b) * m->P + pi] = mpq_get_d(f);
				}
			pi++;
		}
		free(cands);
		if (m->mode_per_scheme)
			for (size_t b = 0; b < B; b++)
				m->published[sc * B + b] = res->schemes[sc].awarded == (long)m->entry[b];
	}
	mpq_clears(lowest, price, f, pts, NULL);
	m->last_in = m->first_out = B;
	if (!m->mode_per_scheme) {
		m->n = (size_t)r->n < B ? (size_t)r->n : B;
		for (size_t b = 0; b < B; b++) {
			m->published[b] = res->entries[m->entry[b]].status == CO_ST_AWARDED;
			m->npub += m->published[b];
			if (m->published[b])
				m->last_in = b;
			else if (m->first_out == B)
				m->first_out = b;
		}
	}
	return 0;
}

/* Wilson score interval for k successes in n trials, 95%. */
static void wilson(unsigned long k, unsigned long n, double *lo, double *hi)
{
	const double z = 1.959963984540054;
	double p = (double)k / (double)n, d = 1 + z * z / (double)n;
	double c = p + z * z / (2.0 * (double)n), h = z * sqrt(p * (1 - p) / (double)n + z * z / (4.0 * (double)n * (double)n));
	*lo = (c - h) / d;
	*hi = (c + h) / d;
}

static json_t *prob(unsigned long k, unsigned long n)
{
	double lo, hi;
	wilson(k, n, &lo, &hi);
	return json_pack("{s:f, s:[f, f]}", "p", round((double)k / (double)n * 1e6) / 1e6, "ci95",
	                 round(lo * 1e6) / 1e6, round(hi * 1e6) / 1e6);
}

static void put_prob(co_strbuf *b, const json_t *p)
{
	const json_t *ci = json_object_get(p, "ci95");
	co_strbuf_put(b, "%6.2f%%  [%6.2f%%, %6.2f%%]", 100 * json_real_value(json_object_get(p, "p")),
	              100 * json_real_value(json_array_get(ci, 0)), 100 * json_real_value(json_array_get(ci, 1)));
}

/* The report for people: the probabilities with their 95% intervals, then the exact tipping points. */
static char *as_text(const json_t *doc, const co_result *res, const char *tipping)
{
	co_strbuf b = {0};
	size_t i;
	json_t *x;
	co_strbuf_put(&b, "Robustness of the award for %s: %lld samples, seed %lld, %s (GSL %s); Dirichlet concentration %g%s.\n"
	                  "Probabilities with 95%% Wilson intervals. Analytics only: the award is not changed.\n\n",
	              json_string_value(json_object_get(doc, "competition")),
	              (long long)json_integer_value(json_object_get(doc, "samples")),
	              (long long)json_integer_value(json_object_get(doc, "seed")),
	              json_string_value(json_object_get(doc, "generator")), json_string_value(json_object_get(doc, "gsl")),
	              json_real_value(json_object_get(doc, "concentration")),
	              json_is_true(json_object_get(doc, "keep_moderated")) ? ", moderated marks held fixed" : "");
	co_strbuf_put(&b, "The same award as published: ");
	put_prob(&b, json_object_get(doc, "same_award"));
	co_strbuf_put(&b, "\n");
	const json_t *pw = json_object_get(doc, "pairwise_winning_index");
	if (pw) {
		co_strbuf_put(&b, "%s (last awarded) ahead of %s (first not awarded): ",
		              json_string_value(json_object_get(pw, "last_awarded")),
		              json_string_value(json_object_get(pw, "first_not_awarded")));
		put_prob(&b, pw);
		co_strbuf_put(&b, "\n");
	}
	co_strbuf_put(&b, "\n%-12s %s\n", "bid", res->rules->mode == CO_MODE_TOP_N ? "P(awarded)  [95% interval]    ranks 1, 2, 3..."
	                                                                        : "P(wins scheme)  [95% interval]");
	json_array_foreach(json_object_get(doc, "bids"), i, x)
	{
		co_strbuf_put(&b, "%-12s ", json_string_value(json_object_get(x, "bid")));
		if (json_object_get(x, "awarded")) {
			put_prob(&b, json_object_get(x, "awarded"));
			size_t k;
			json_t *r;
			json_array_foreach(json_object_get(x, "rank_acceptability"), k, r)
				co_strbuf_put(&b, "%s%.2f", k ? " " : "   ", json_real_value(r));
			co_strbuf_put(&b, "\n");
		} else {
			const char *s;
			json_t *p;
			int first = 1;
			json_object_foreach(json_object_get(x, "wins_scheme"), s, p)
			{
				co_strbuf_put(&b, "%s%s ", first ? "" : "\n             ", s);
				put_prob(&b, p);
				first = 0;
			}
			co_strbuf_put(&b, "\n");
		}
	}
	co_strbuf_put(&b, "\n%s", tipping);
	return co_strbuf_take(&b);
}

int co_result_sensitivity(char **out, const co_result *res, const co_sensitivity_options *o, int as_json)
{
	model m;
	job j = {0};
	int rc = CO_ERROR;
	*out = NULL;
	if (o->samples == 0 || o->threads < 1 || !(o->concentration > 0))
		return CO_EINVALID;
	if ((rc = build(&m, res)))
		goto out;
	rc = CO_EINVALID; /* no bid in contention: no award to test */
	if (m.B == 0)
		goto out;
	rc = CO_ERROR;
	m.keep_moderated = o->keep_moderated;
	m.cap = res->rules->mode == CO_MODE_PER_SCHEME ? res->rules->max_schemes : 0;
	if (m.E && tabulate(&m))
		goto out;
	j.m = &m;
	j.o = o;
	j.nblocks = (o->samples + CO_SMAA_BLOCK - 1) / CO_SMAA_BLOCK;
	j.blocks = calloc(j.nblocks, sizeof(counts));
	size_t width = m.S * m.B;
	for (unsigned long b = 0; j.blocks && b < j.nblocks; b++) {
		j.blocks[b].awarded = calloc(width + 1, sizeof(unsigned long));
		j.blocks[b].rank = calloc(m.B * CO_SMAA_RANKS + 1, sizeof(unsigned long));
		if (!j.blocks[b].awarded || !j.blocks[b].rank)
			goto out;
	}
	if (!j.blocks)
		goto out;
	pthread_t *th = calloc((size_t)o->threads, sizeof(pthread_t));
	if (!th)
		goto out;
	/* The calling thread tells the progress, a tenth of a second apart, while the workers sample. */
	const co_progress *p = o->progress && o->progress->fn ? o->progress : NULL;
	if (p)
		p->fn(p->ctx, "sensitivity", 0, j.nblocks);
	int started = 0; /* the workers take blocks until none is left: fewer threads give the same counts */
	atomic_store(&j.running, o->threads);
	while (started < o->threads && pthread_create(&th[started], NULL, worker, &j) == 0)
		started++;
	atomic_fetch_sub(&j.running, o->threads - started);
	if (!started) {
		atomic_store(&j.running, 1);
		worker(&j);
	}
	/* Until every block is done or every worker has stopped (one that ran out of memory stops early). */
	for (unsigned long done; p && (done = atomic_load(&j.done)) < j.nblocks && atomic_load(&j.running) > 0;
	     usleep(100000))
		p->fn(p->ctx, "sensitivity", done, j.nblocks);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
	if (p)
		p->fn(p->ctx, "sensitivity", j.nblocks, j.nblocks);
	if (atomic_load(&j.failed) || atomic_load(&j.done) < j.nblocks)
		goto out;
	/* Sum the blocks in order: integers, so the thread count cannot change a digit. */
	counts total = {calloc(width + 1, sizeof(unsigned long)), calloc(m.B * CO_SMAA_RANKS + 1, sizeof(unsigned long)), 0, 0, NULL};
	for (unsigned long b = 0; total.awarded && total.rank && b < j.nblocks; b++) {
		for (size_t i = 0; i < width; i++)
			total.awarded[i] += j.blocks[b].awarded[i];
		for (size_t i = 0; i < m.B * CO_SMAA_RANKS; i++)
			total.rank[i] += j.blocks[b].rank[i];
		total.same_set += j.blocks[b].same_set;
		total.pair_win += j.blocks[b].pair_win;
	}
	const co_rules *r = res->rules;
	unsigned long N = o->samples;
	json_t *doc = json_object(), *bids = json_array(), *tp = NULL;
	char *tp_text = NULL;
	int failed = !total.awarded || !total.rank || !bids;
	co_json_set(doc, "format", json_string("calloff-sensitivity/1"), &failed);
	co_json_set(doc, "competition", json_string(r->id), &failed);
	co_json_set(doc, "samples", json_integer((json_int_t)N), &failed);
	co_json_set(doc, "seed", json_integer((json_int_t)o->seed), &failed);
	co_json_set(doc, "generator",
	            json_string("gsl_rng_mt19937, one per block of 4096 samples, seeded by splitmix64(seed, block)"), &failed);
	co_json_set(doc, "gsl", json_string(gsl_version), &failed);
	co_json_set(doc, "concentration", json_real(o->concentration), &failed);
	co_json_set(doc, "keep_moderated", json_boolean(o->keep_moderated), &failed);
	co_json_set(doc, "same_award", failed ? NULL : prob(total.same_set, N), &failed);
	size_t ranks = m.B < CO_SMAA_RANKS ? m.B : CO_SMAA_RANKS;
	for (size_t b = 0; !failed && b < m.B; b++) {
		const co_entry *e = &res->entries[m.entry[b]];
		json_t *o2 = json_object();
		co_json_set(o2, "bid", json_string(e->bid->id), &failed);
		if (!m.mode_per_scheme) {
			co_json_set(o2, "awarded", prob(total.awarded[b], N), &failed);
			json_t *ra = json_array();
			for (size_t k = 0; ra && k < ranks; k++)
				co_json_append(ra, json_real(round((double)total.rank[b * CO_SMAA_RANKS + k] / (double)N * 1e6) / 1e6),
				               &failed);
			co_json_set(o2, "rank_acceptability", ra, &failed);
		} else {
			json_t *ws = json_object();
			for (size_t sc = 0; ws && sc < m.S; sc++)
				if (m.cand[sc * m.B + b])
					co_json_set(ws, r->schemes[sc].id, prob(total.awarded[sc * m.B + b], N), &failed);
			co_json_set(o2, "wins_scheme", ws, &failed);
		}
		co_json_append(bids, o2, &failed);
	}
	co_json_set(doc, "bids", bids, &failed);
	if (!failed && !m.mode_per_scheme && m.last_in < m.B && m.first_out < m.B) {
		json_t *pw = prob(total.pair_win, N);
		co_json_set(pw, "last_awarded", json_string(res->entries[m.entry[m.last_in]].bid->id), &failed);
		co_json_set(pw, "first_not_awarded", json_string(res->entries[m.entry[m.first_out]].bid->id), &failed);
		co_json_set(doc, "pairwise_winning_index", pw, &failed);
	}
	/* The exact tipping points belong to the report: out of memory for them fails it, never shortens it. */
	if (!failed && (as_json ? co_tipping_points(&tp, res) : co_result_tipping_points(&tp_text, res, 0)))
		failed = 1;
	if (as_json)
		co_json_set(doc, "tipping_points", failed ? NULL : tp, &failed);
	free(total.awarded);
	free(total.rank);
	if (!failed && !as_json && co_json_for_terminal(doc)) /* the text is for a terminal: ids shown safely */
		failed = 1;
	if (!failed)
		*out = as_json ? co_json_text(doc, JSON_REAL_PRECISION(10)) : as_text(doc, res, tp_text);
	free(tp_text);
	json_decref(doc);
	rc = *out ? 0 : CO_ERROR;
out:
	for (unsigned long b = 0; j.blocks && b < j.nblocks; b++) {
		free(j.blocks[b].awarded);
		free(j.blocks[b].rank);
	}
	free(j.blocks);
	model_free(&m);
	return rc;
}
