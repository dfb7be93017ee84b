/* The result of an evaluation: its allocation, its entries and the one store of their notes. */
#include "evaluating/result.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_note(co_result *res, co_note **arr, uint32_t *n, const char *code, co_note_about about,
                    const char *subject, int line, const char *fmt, va_list ap)
{
	/* Formatted on the stack, then kept once in the pool: many bids share a detail. */
	char small[256], *big = NULL;
	const char *detail = NULL;
	va_list again;
	va_copy(again, ap);
	int len = vsnprintf(small, sizeof(small), fmt, ap);
	if (len >= 0 && (size_t)len < sizeof(small))
		detail = co_textpool_intern(&res->texts, small);
	else if (len >= 0 && vasprintf(&big, fmt, again) >= 0)
		detail = co_textpool_intern(&res->texts, big);
	va_end(again);
	free(big);
	/* A bid's notes are a few per check it fails, so far fewer than 2^32. */
	co_note *p = detail && *n < UINT32_MAX ? realloc(*arr, ((size_t)*n + 1) * sizeof(**arr)) : NULL;
	if (!p) {
		res->failed = 1;
		return CO_ERROR;
	}
	p[*n] = (co_note){.code = code, .detail = detail, .subject = about == CO_ABOUT_BID ? NULL : subject,
	                  .line = line, .about = (uint8_t)about};
	(*n)++;
	*arr = p;
	return 0;
}

int co_entry_note(co_result *res, co_entry *e, co_note_kind kind, const char *code, co_note_about about,
                  const char *subject, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = kind == CO_FLAG ? add_note(res, &e->flags, &e->nflags, code, about, subject, line, fmt, ap)
	                         : add_note(res, &e->reasons, &e->nreasons, code, about, subject, line, fmt, ap);
	va_end(ap);
	return rc;
}

const char *co_status_name(co_bid_status s)
{
	static const char *const names[] = {"in", "ranked", "awarded", "disqualified", "rejected"};
	return (size_t)s < sizeof(names) / sizeof(*names) ? names[s] : "?";
}

const char *co_scheme_status_name(co_scheme_status s)
{
	static const char *const names[] = {"awarded", "unawarded", "tie_unresolved"};
	return (size_t)s < sizeof(names) / sizeof(*names) ? names[s] : "?";
}

static void entry_clear(co_entry *e)
{
	co_bid_free(e->bid);
	free(e->reasons);
	free(e->flags);
	co_ratio_clear(&e->qp);
}

void co_result_free(co_result *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->n; i++) {
		if (res->from) { /* a re-run's bids and quality points are its origin's */
			res->entries[i].bid = NULL;
			co_ratio_init(&res->entries[i].qp);
		}
		entry_clear(&res->entries[i]);
	}
	free(res->from_entry);
	if (res->challenge_free)
		res->challenge_free(atomic_load(&res->challenge));
	free(res->entries);
	free(res->order);
	co_cands_free(res->ranking, res->nranking);
	free(res->awarded);
	free(res->tied);
	if (res->schemes) {
		for (size_t s = 0; s < res->rules->ns; s++) {
			co_cands_free(res->schemes[s].ranking, res->schemes[s].n);
			free(res->schemes[s].why);
		}
		free(res->schemes);
	}
	if (res->lowest) {
		for (size_t p = 0; p < res->rules->np; p++)
			mpq_clear(res->lowest[p]);
		free(res->lowest);
	}
	if (!res->from)
		co_marks_free(res->marks);
	co_textpool_free(&res->texts);
	co_arena_free(&res->blocks);
	free(res->agreement);
	free(res->leniency);
	free(res->open);
	free(res->times);
	free(res->decided);
	free(atomic_load(&res->summary_criteria[0]));
	free(atomic_load(&res->summary_criteria[1]));
	free(res);
}

int co_result_needs_decision(const co_result *res)
{
	return res->nopen > 0;
}

int co_entry_flagged(const co_entry *e, const char *code)
{
	for (uint32_t f = 0; f < e->nflags; f++)
		if (strcmp(e->flags[f].code, code) == 0)
			return 1;
	return 0;
}

int co_result_final(const co_result *res)
{
	return res->nopen == 0;
}

void co_entry_init(co_entry *e)
{
	co_ratio_init(&e->qp);
}

co_result *co_result_alloc(const co_rules *rules)
{
	co_result *res = calloc(1, sizeof(*res));
	if (res)
		res->rules = rules;
	return res;
}

void co_cand_init(co_cand *c, size_t entry)
{
	c->entry = entry;
	co_ratio_init(&c->pp);
	co_ratio_init(&c->total);
	c->rank = 0;
}

void co_cands_free(co_cand *c, size_t n)
{
	for (size_t i = 0; c && i < n; i++) {
		co_ratio_clear(&c[i].pp);
		co_ratio_clear(&c[i].total);
	}
	free(c);
}

