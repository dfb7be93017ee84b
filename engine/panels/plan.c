/* The panel's marking plan: built from the eligible bids, its digests, and its file (panel.json), written and read back. */
#include "panels/plan.h"
#include "panels/redact.h"
#include "base/diag.h"
#include "base/sha256.h"

#include <stdlib.h>
#include <string.h>

long co_plan_evaluator_at(const co_plan *p, const char *id)
{
	for (size_t e = 0; id && e < p->nev; e++)
		if (!strcmp(p->evs[e].id, id))
			return (long)e;
	return -1;
}

long co_plan_label_at(const co_plan *p, const char *label)
{
	for (size_t k = 0; label && k < p->nb; k++)
		if (!strcmp(p->bids[k].label, label))
			return (long)k;
	return -1;
}

long co_plan_question_at(const co_plan *p, const char *qid)
{
	for (size_t q = 0; qid && q < p->rules->nq; q++)
		if (!strcmp(p->rules->questions[q].id, qid))
			return (long)q;
	return -1;
}

size_t co_plan_items(const co_plan *p, size_t e)
{
	size_t nq = 0;
	for (size_t q = 0; q < p->rules->nq; q++)
		nq += p->evs[e].assigned[q] != 0;
	return nq * p->nb;
}

int co_plan_on_scale(const co_plan *p, long value)
{
	for (size_t m = 0; m < p->rules->nmarks; m++)
		if (p->rules->marks[m] == value)
			return 1;
	return 0;
}

/* Append a digest's text, "sha256:" and the hex of what s holds, to out. 0 or CO_ERROR. */
static int digest_text(char out[CO_DIGEST_TEXT], co_sha256 *s)
{
	char hex[CO_SHA256_HEX];
	if (co_sha256_final(s, hex))
		return CO_ERROR;
	snprintf(out, CO_DIGEST_TEXT, "sha256:%s", hex);
	return 0;
}

/* Add text and its terminating NUL to the digest. */
static int add_text(co_sha256 *s, const char *text)
{
	return co_sha256_update(s, text, strlen(text) + 1);
}

int co_plan_marks_digest(char out[CO_DIGEST_TEXT], const co_seen_mark *marks, size_t n)
{
	co_sha256 *s = co_sha256_new();
	int rc = !s || co_sha256_init(s) ? CO_ERROR : 0;
	for (size_t i = 0; !rc && i < n; i++) {
		char value[32];
		snprintf(value, sizeof(value), "%ld", marks[i].value);
		rc = add_text(s, marks[i].evaluator) || add_text(s, value) ||
		     add_text(s, marks[i].rationale ? marks[i].rationale : "") ? CO_ERROR : 0;
	}
	if (!rc)
		rc = digest_text(out, s);
	co_sha256_free(s);
	return rc;
}
