/* Stage 2, compliance: gates, responses and word limits, prices against maxima, schemes. */
#include "evaluation.h"
#include "diag.h"
#include "num.h"

#include <stdlib.h>
#include <string.h>

/*
 * The line the newest reason (or flag) is about: the element's (line, 0 when there is none),
 * else its container's, else the bid's. Nothing when a note could not be added (the stage fails).
 */
static void at(const co_result *res, co_entry *e, int is_flag, int line, int container)
{
	if (res->failed)
		return;
	co_note *n = is_flag ? &e->flags[e->nflags - 1] : &e->reasons[e->nreasons - 1];
	n->line = line ? line : container ? container : e->bid->line;
}

static void check_gates(co_result *res, co_entry *e, const co_rules *r)
{
	for (size_t g = 0; g < r->ngates; g++) {
		const char *id = r->gates[g].id;
		const co_bid_field *d = co_bid_field_find(e->bid->decls, e->bid->ndecls, id);
		if (!d)
			co_entry_reason(res, e, "gate_failed", NULL, NULL, id, "no declaration for gate '%s'", id);
		else if (strcmp(d->text, "true") != 0 && strcmp(d->text, "1") != 0)
			co_entry_reason(res, e, "gate_failed", NULL, NULL, id, "gate '%s' declared '%s' (line %d)", id, d->text,
			                d->line);
		else
			continue;
		at(res, e, 0, d ? d->line : 0, e->bid->decls_line);
	}
}

void co_entry_take_answers(co_entry *e, const co_rules *r)
{
	const co_bid *b = e->bid;
	for (size_t q = 0; q < r->nq; q++) {
		const co_bid_field *f = co_bid_field_find(b->responses, b->nresponses, r->questions[q].id);
		if (f)
			e->answers[q] = (co_answer){f->line, f->words};
	}
}

static void check_responses(co_result *res, co_entry *e, const co_rules *r)
{
	for (size_t q = 0; q < r->nq; q++) {
		const co_question *qu = &r->questions[q];
		const co_answer *a = &e->answers[q];
		size_t words = a->words;
		if (words == 0) {
			co_entry_reason(res, e, "missing_response", qu->id, NULL, NULL, "%s",
			                a->line ? "the response is blank" : "no response to this question");
			at(res, e, 0, a->line, e->bid->responses_line);
			continue;
		}
		if (qu->max_words > 0 && words > (size_t)qu->max_words) {
			if (r->word_limit_disqualify)
				co_entry_reason(res, e, "over_word_limit", qu->id, NULL, NULL, "%zu words, limit %ld", words,
				                qu->max_words);
			else
				co_entry_flag(res, e, "over_word_limit", qu->id, NULL, "%zu words, limit %ld", words, qu->max_words);
			at(res, e, !r->word_limit_disqualify, a->line, 0);
		}
	}
}

_Static_assert(sizeof(long) >= sizeof(int64_t), "a long holds an int64_t");

static void check_prices(co_result *res, co_entry *e, const co_rules *r)
{
	mpq_t value;
	mpz_t cents;
	mpq_init(value);
	mpz_init(cents);
	for (size_t i = 0; i < r->np; i++) {
		const co_price_item *it = &r->prices[i];
		co_price_entry *pe = &e->ps[i];
		const co_bid_field *f = co_bid_field_find(e->bid->prices, e->bid->nprices, it->id);
		const char *why;
		if (!f) {
			pe->state = CO_PRICE_MISSING;
			co_entry_reason(res, e, "missing_price", NULL, it->id, NULL, "no price for item '%s'", it->id);
			at(res, e, 0, 0, e->bid->prices_line);
			continue;
		}
		pe->text = f->text;
		if (co_num_parse(value, f->text, 2, 0, &why) != 0) {
			pe->state = CO_PRICE_INVALID;
			co_entry_reason(res, e, "invalid_price", NULL, it->id, NULL,
			                "'%s' is not an amount such as 1080.00 (%s)", f->text, why);
			at(res, e, 0, f->line, 0);
			continue;
		}
		if (mpq_sgn(value) <= 0) {
			pe->state = CO_PRICE_INVALID;
			co_entry_reason(res, e, "invalid_price", NULL, it->id, NULL, "'%s' is not above zero", f->text);
			at(res, e, 0, f->line, 0);
			continue;
		}
		pe->state = CO_PRICE_OK;
		mpz_mul_ui(cents, mpq_numref(value), 100); /* at most 2 places: the denominator divides 100 */
		mpz_divexact(cents, cents, mpq_denref(value));
		if (mpz_fits_slong_p(cents))
			pe->cents = (int64_t)mpz_get_si(cents);
		else
			pe->big = 1;
		char *max = co_num_format(it->max, 2);
		if (mpq_cmp(value, it->max) > 0) {
			co_entry_reason(res, e, "price_above_max", NULL, it->id, NULL, "%s is above the maximum %s", f->text, max);
			at(res, e, 0, f->line, 0);
		}
		if (r->price_scoring == CO_PS_FIXED && it->scored && mpq_cmp(value, it->max) != 0) {
			co_entry_reason(res, e, "price_not_fixed", NULL, it->id, NULL, "%s differs from the fixed price %s", f->text,
			                max);
			at(res, e, 0, f->line, 0);
		}
		free(max);
	}
	mpq_clear(value);
	mpz_clear(cents);
}

static void check_schemes(co_result *res, co_entry *e, const co_rules *r)
{
	int any = 0;
	for (size_t i = 0; i < e->bid->nschemes; i++) {
		long s = co_rules_find_scheme(r, e->bid->schemes[i].key);
		if (s >= 0) {
			e->schemes[s] = 1;
			any = 1;
		}
	}
	if (!any) {
		co_entry_reason(res, e, "no_scheme", NULL, NULL, NULL, "%s",
		                e->bid->nschemes ? "none of the schemes the bid names is a scheme of this competition"
		                                 : "the bid names no scheme");
		at(res, e, 0, 0, e->bid->schemes_line);
	}
}

int co_stage_compliance(co_result *res)
{
	const co_rules *r = res->rules;
	for (size_t i = 0; i < res->n; i++) {
		co_entry *e = &res->entries[i];
		if (!co_entry_in(e))
			continue;
		e->stage = 2;
		size_t before = e->nreasons;
		check_gates(res, e, r);
		check_responses(res, e, r);
		check_prices(res, e, r);
		if (r->mode == CO_MODE_PER_SCHEME)
			check_schemes(res, e, r);
		if (e->nreasons > before)
			e->status = CO_ST_DISQUALIFIED;
	}
	return res->failed ? CO_ERROR : 0;
}
