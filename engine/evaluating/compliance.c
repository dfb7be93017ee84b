/* Stage 2, compliance: gates, responses and word limits, prices against maxima, schemes. */
#include "evaluating/evaluation.h"
#include "base/diag.h"
#include "base/num.h"

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
		const co_gate_decl *d = &co_entry_gates(r, e)[g];
		if (d->value == CO_DECL_NONE)
			co_entry_reason(res, e, "gate_failed", NULL, NULL, id, "no declaration for gate '%s'", id);
		else if (d->value != CO_DECL_TRUE && d->value != CO_DECL_ONE)
			co_entry_reason(res, e, "gate_failed", NULL, NULL, id, "gate '%s' declared '%s' (line %d)", id,
			                co_decl_word(d), (int)d->line);
		else
			continue;
		at(res, e, 0, d->line, e->bid->decls_line);
	}
}

const char *co_decl_word(const co_gate_decl *d)
{
	static const char *const words[] = {"", "true", "1", "false", "0"};
	return d->value < sizeof(words) / sizeof(*words) ? words[d->value] : "";
}

/*
 * A declaration's value: the bid was valid against the schema (an invalid one never reaches
 * stage 2), so its text, trimmed, is one of xs:boolean's four words.
 */
static co_decl_value decl_value(const char *text)
{
	static const char *const words[] = {"true", "1", "false", "0"};
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (strcmp(text, words[i]) == 0)
			return (co_decl_value)(CO_DECL_TRUE + i);
	return CO_DECL_FALSE;
}

int co_entry_take_bid(co_entry *e, const co_rules *r, co_arena *arena)
{
	const co_bid_body *b = e->bid->body;
	size_t text_bytes = 0; /* room for every price text of the bid: those of rules items are copied */
	for (size_t i = 0; i < b->nprices; i++)
		text_bytes += b->prices[i].text ? strlen(b->prices[i].text) + 1 : 0;
	/* The prices, answers, gates, then the schemes and price texts (each aligned by the one before). */
	size_t bytes = r->np * sizeof(co_price_entry) + r->nq * sizeof(co_answer) + r->ngates * sizeof(co_gate_decl) +
	               2 * r->ns + text_bytes + 1;
	unsigned char *block = co_arena_alloc(arena, bytes);
	if (!block)
		return CO_ERROR;
	e->ps = (co_price_entry *)block;
	co_answer *answers = co_entry_answers(r, e);
	co_gate_decl *gates = co_entry_gates(r, e);
	unsigned char *named = co_entry_named(r, e);
	char *text = (char *)(co_entry_schemes(r, e) + r->ns);
	for (size_t q = 0; q < r->nq; q++) {
		const co_bid_field *f = co_bid_field_find(b->responses, b->nresponses, r->questions[q].id);
		if (f)
			answers[q] = (co_answer){f->line, f->words};
	}
	for (size_t g = 0; g < r->ngates; g++) {
		const co_bid_field *d = co_bid_field_find(b->decls, b->ndecls, r->gates[g].id);
		if (d)
			gates[g] = (co_gate_decl){d->line, (uint8_t)decl_value(d->text)};
	}
	for (size_t i = 0; i < r->np; i++) {
		const co_bid_field *f = co_bid_field_find(b->prices, b->nprices, r->prices[i].id);
		if (!f || !f->text)
			continue;
		size_t n = strlen(f->text) + 1;
		e->ps[i].text = memcpy(text, f->text, n);
		e->ps[i].line = f->line;
		text += n;
	}
	for (size_t i = 0; i < b->nschemes; i++) {
		long s = co_rules_find_scheme(r, b->schemes[i].key);
		if (s >= 0)
			named[s] = 1;
	}
	e->names_schemes = b->nschemes > 0;
	return 0;
}

static void check_responses(co_result *res, co_entry *e, const co_rules *r)
{
	for (size_t q = 0; q < r->nq; q++) {
		const co_question *qu = &r->questions[q];
		const co_answer *a = &co_entry_answers(r, e)[q];
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
		const char *why;
		if (!pe->text) {
			pe->state = CO_PRICE_MISSING;
			co_entry_reason(res, e, "missing_price", NULL, it->id, NULL, "no price for item '%s'", it->id);
			at(res, e, 0, 0, e->bid->prices_line);
			continue;
		}
		if (co_num_parse(value, pe->text, 2, 0, &why) != 0) {
			pe->state = CO_PRICE_INVALID;
			co_entry_reason(res, e, "invalid_price", NULL, it->id, NULL,
			                "'%s' is not an amount such as 1080.00 (%s)", pe->text, why);
			at(res, e, 0, pe->line, 0);
			continue;
		}
		if (mpq_sgn(value) <= 0) {
			pe->state = CO_PRICE_INVALID;
			co_entry_reason(res, e, "invalid_price", NULL, it->id, NULL, "'%s' is not above zero", pe->text);
			at(res, e, 0, pe->line, 0);
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
			co_entry_reason(res, e, "price_above_max", NULL, it->id, NULL, "%s is above the maximum %s", pe->text, max);
			at(res, e, 0, pe->line, 0);
		}
		if (r->price_scoring == CO_PS_FIXED && it->scored && mpq_cmp(value, it->max) != 0) {
			co_entry_reason(res, e, "price_not_fixed", NULL, it->id, NULL, "%s differs from the fixed price %s", pe->text,
			                max);
			at(res, e, 0, pe->line, 0);
		}
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
		co_entry_reason(res, e, "no_scheme", NULL, NULL, NULL, "%s",
		                e->names_schemes ? "none of the schemes the bid names is a scheme of this competition"
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
