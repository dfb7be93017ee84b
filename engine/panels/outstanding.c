/* What the panel still owes: per evaluator, each (response, question) whose mark or rationale has not come back. */
#include "panels/markstore.h"
#include "panels/plan.h"
#include "panels/returned.h"
#include "base/diag.h"
#include "evaluating/quality.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Bits of what came back for one item. */
#define GOT_MARK 1
#define GOT_TEXT 2

/* What came back for evaluator e from the marks file (sorted): their marks, by response and question. */
static void from_store(unsigned char *got, const co_markstore *s, const co_plan *p, size_t e)
{
	size_t ev = 0;
	while (ev < s->nev && strcmp(s->evaluators[ev], p->evs[e].id))
		ev++;
	for (size_t k = 0; ev < s->nev && k < p->nb; k++)
		for (size_t q = 0; q < p->rules->nq; q++) {
			const co_markrec *rec = co_markstore_find(s, p->bids[k].bid, q, ev);
			if (rec)
				got[k * p->rules->nq + q] |= GOT_MARK | (*rec->text ? GOT_TEXT : 0);
		}
}

/*
 * The consensus still owed, from the marks file: under `moderated` every (response, question)
 * needs one; under `median` or `mean` only those whose marks span flag_range (else flagged
 * needs_moderation). For a sorted store; *all becomes 0 when one is owed under `moderated`. 0 or CO_ERROR.
 */
static int moderation_owed(co_strbuf *b, const co_markstore *s, const co_plan *p, int *all)
{
	const co_rules *r = p->rules;
	int must = r->consensus == CO_CONS_MODERATED;
	size_t items = 0, agreed = 0, owed = 0;
	co_strbuf list = {0};
	for (size_t k = 0; k < p->nb; k++)
		for (size_t q = 0; q < r->nq; q++) {
			co_seen_mark *seen = NULL;
			size_t ns = 0;
			int has = 0;
			if (co_markstore_seen(s, p->bids[k].bid, q, &seen, &ns)) {
				co_strbuf_end(&list);
				return CO_ERROR;
			}
			long lo = ns ? seen[0].value : 0, hi = lo;
			for (size_t i = 1; i < ns; i++) {
				lo = seen[i].value < lo ? seen[i].value : lo;
				hi = seen[i].value > hi ? seen[i].value : hi;
			}
			free(seen);
			has = co_markstore_find(s, p->bids[k].bid, q, CO_MODERATED) != NULL;
			items++;
			agreed += has;
			int disagree = co_marks_disagree(r, lo, hi, ns);
			if (has || (!must && !disagree))
				continue;
			owed++;
			co_strbuf_put(&list, "  %s %s%s\n", p->bids[k].label, r->questions[q].id,
			              disagree ? ": the marks disagree" : "");
		}
	co_strbuf_put(b, "Moderation (consensus: %s): %zu of %zu with a consensus mark", co_consensus_name(r->consensus),
	              agreed, items);
	if (owed)
		co_strbuf_put(b, must ? "; each still needs one:\n%s" : "; these disagree and will be flagged needs_moderation "
		                                                          "without one:\n%s",
		              list.s ? list.s : "");
	else
		co_strbuf_put(b, "\n");
	if (must && owed)
		*all = 0;
	co_strbuf_end(&list);
	return b->failed ? CO_ERROR : 0;
}

int co_panel_outstanding(char **out, int *complete, const co_plan *p, const char *const *paths, size_t npaths,
                         const char *marks, co_diags *diags)
{
	const co_rules *r = p->rules;
	co_rfile *g = NULL;
	size_t n = 0;
	co_markstore s = {0};
	co_strbuf b = {0};
	unsigned char *got = NULL;
	int rc, all = 1;
	*out = NULL;
	*complete = 0;
	struct stat st;
	if (marks && stat(marks, &st)) {
		/* A marks file to count must be there: a mistyped name is not an empty panel. */
		co_diag_add(diags, marks, 1, 1, "cannot read the marks file: %s", strerror(errno));
		rc = co_errno_status(errno);
		goto out;
	}
	if ((rc = co_returned_gather(&g, &n, paths, npaths, marks, p, diags)) ||
	    (marks && (rc = co_markstore_load(&s, marks, r, diags))))
		goto out;
	co_markstore_sort(&s);
	rc = CO_ERROR;
	if (!(got = malloc(p->nb * (r->nq ? r->nq : 1))))
		goto out;
	co_strbuf_put(&b, "Panel for %s: %zu responses, %zu evaluators.\n", p->competition, p->nb, p->nev);
	for (size_t e = 0; e < p->nev; e++) {
		size_t items = co_plan_items(p, e), nmarks = 0, ntexts = 0, files = 0;
		memset(got, 0, p->nb * r->nq);
		from_store(got, &s, p, e);
		for (size_t i = 0; i < n; i++) {
			if (g[i].ev != (long)e)
				continue;
			files++;
			for (size_t m = 0; m < g[i].n; m++)
				if (g[i].ms[m].has_value) /* a text without its mark is not recorded by merge either */
					got[g[i].ms[m].k * r->nq + g[i].ms[m].q] |= GOT_MARK | (*g[i].ms[m].text ? GOT_TEXT : 0);
		}
		for (size_t k = 0; k < p->nb; k++)
			for (size_t q = 0; q < r->nq; q++)
				if (p->evs[e].assigned[q]) {
					nmarks += (got[k * r->nq + q] & GOT_MARK) != 0;
					ntexts += (got[k * r->nq + q] & GOT_TEXT) != 0;
				}
		co_strbuf_put(&b, "%s: ", p->evs[e].id);
		if (nmarks == items && ntexts == items) {
			co_strbuf_put(&b, "complete: %zu of %zu marks, each with its rationale\n", nmarks, items);
			continue;
		}
		all = 0;
		if (!files && !nmarks && !ntexts) {
			co_strbuf_put(&b, "nothing back yet: %zu marks and rationales to come\n", items);
			continue;
		}
		co_strbuf_put(&b, "%zu of %zu marks, %zu of %zu rationales; missing:\n", nmarks, items, ntexts, items);
		for (size_t k = 0; k < p->nb; k++)
			for (size_t q = 0; q < r->nq; q++) {
				unsigned char have = got[k * r->nq + q];
				if (!p->evs[e].assigned[q] || have == (GOT_MARK | GOT_TEXT))
					continue;
				co_strbuf_put(&b, "  %s %s: %s\n", p->bids[k].label, r->questions[q].id,
				              !have ? "mark and rationale" : have == GOT_MARK ? "rationale" : "mark");
			}
	}
	if (marks && (rc = moderation_owed(&b, &s, p, &all)))
		goto out;
	rc = CO_ERROR;
	co_strbuf_put(&b, all ? "Nothing is outstanding.\n" : "");
	rc = b.failed ? CO_ERROR : 0;
	if (!rc) {
		*out = co_strbuf_take(&b);
		*complete = all;
	}
out:
	co_strbuf_end(&b);
	free(got);
	co_markstore_free(&s);
	co_rfiles_free(g, n);
	return rc;
}
