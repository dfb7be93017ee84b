/* Stage 2, compliance: gates, responses and word limits, prices against maxima, schemes. */
#include "evaluating/compliance.h"
#include "evaluating/readbids.h"
#include "base/diag.h"
#include "base/num.h"

#include <stdlib.h>
#include <string.h>

/* The line a note is about: the element's (0 when there is none), else its container's, else the bid's. */
static int where(const co_entry *e, int line, int container)
{
	return line ? line : container ? container : e->bid->line;
}

static void check_gates(co_result *res, co_entry *e, const co_rules *r)
{
	for (size_t g = 0; g < r->ngates; g++) {
		const char *id = r->gates[g].id;
		const co_gate_decl *d = &co_entry_gates(r, e)[g];
		int line = where(e, d->line, e->bid->decls_line);
		if (d->value == CO_DECL_NONE)
			co_entry_note(res, e, CO_REASON, "gate_failed", CO_ABOUT_GATE, id, line, "no declaration for gate '%s'", id);
		else if (d->value != CO_DECL_TRUE && d->value != CO_DECL_ONE)
			co_entry_note(res, e, CO_REASON, "gate_failed", CO_ABOUT_GATE, id, line, "gate '%s' declared '%s' (line %d)",
			              id, co_decl_word(d), (int)d->line);
	}
}

static void check_responses(co_result *res, co_entry *e, const co_rules *r)
{
	for (size_t q = 0; q < r->nq; q++) {
		const co_question *qu = &r->questions[q];
		const co_answer *a = &co_entry_answers(r, e)[q];
		size_t words = a->words;
		if (words == 0) {
			co_entry_note(res, e, CO_REASON, "missing_response", CO_ABOUT_QUESTION, qu->id, where(e, a->line, e->bid->responses_line), "%s",
			                a->line ? "the response is blank" : "no response to this question");
			continue;
		}
		if (qu->max_words > 0 && words > (size_t)qu->max_words) {
			co_entry_note(res, e, r->word_limit_disqualify ? CO_REASON : CO_FLAG, "over_word_limit", CO_ABOUT_QUESTION,
			              qu->id, where(e, a->line, 0), "%zu words, limit %ld", words, qu->max_words);
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
		const char *why;
		if (!pe->text) {
			pe->state = CO_PRICE_MISSING;
			co_entry_note(res, e, CO_REASON, "missing_price", CO_ABOUT_ITEM, it->id, where(e, 0, e->bid->prices_line), "no price for item '%s'", it->id);
			continue;
		}
		if (co_num_parse(value, pe->text, 2, 0, &why) != 0) {
			pe->state = CO_PRICE_INVALID;
			co_entry_note(res, e, CO_REASON, "invalid_price", CO_ABOUT_ITEM, it->id, where(e, pe->line, 0),
			                "'%s' is not an amount such as 1080.00 (%s)", pe->text, why);
			continue;
		}
		if (mpq_sgn(value) <= 0) {
			pe->state = CO_PRICE_INVALID;
			co_entry_note(res, e, CO_REASON, "invalid_price", CO_ABOUT_ITEM, it->id, where(e, pe->line, 0), "'%s' is not above zero", pe->text);
			continue;
		}
		pe->state = CO_PRICE_OK;
		mpz_mul_ui(cents, mpq_numref(value), 100); /* at most 2 places: the denominator divides 100 */
		mpz_divexact(cents, cents, mpq_denref(value));
		if (mpz_fits_slong_p(cents))
			pe->cents = (int64_t)mpz_get_si(cents);
		else
			pe->big = 1;
		int above = mpq_cmp(value, it->max) > 0;
		int not_fixed = r->price_scoring == CO_PS_FIXED && it->scored && mpq_cmp(value, it->max) != 0;
		char *max = above || not_fixed ? co_num_format(it->max, 2) : NULL;
		if ((above || not_fixed) && !max) {
			res->failed = 1; /* the stage fails: a reason is never given without its detail */
			continue;
		}
		if (above)
			co_entry_note(res, e, CO_REASON, "price_above_max", CO_ABOUT_ITEM, it->id, where(e, pe->line, 0),
			              "%s is above the maximum %s", pe->text, max);
		if (not_fixed)
			co_entry_note(res, e, CO_REASON, "price_not_fixed", CO_ABOUT_ITEM, it->id, where(e, pe->line, 0),
			              "%s differs from the fixed price %s", pe->text, max);
		free(max);
	}
	mpq_clear(value);
	mpz_clear(cents);
}

static void check_schemes(co_result *res, co_entry *e, const co_rules *r)
{
	int any = 0;
	unsigned char *schemes = co_entry_schemes(r, e);
	const unsigned char *named = co_entry_named(r, e);
	for (size_t s = 0; s < r->ns; s++)
		any |= schemes[s] = named[s];
	if (!any) {
		co_entry_note(res, e, CO_REASON, "no_scheme", CO_ABOUT_BID, NULL, where(e, 0, e->bid->schemes_line), "%s",
		                e->names_schemes ? "none of the schemes the bid names is a scheme of this competition"
		                                 : "the bid names no scheme");
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
