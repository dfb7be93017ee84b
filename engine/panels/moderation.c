/* The moderation: every evaluator's mark of each (response, question) gathered from the marks file, disagreements first, for the moderation form. */
#include "calloff/output.h"
#include "panels/markstore.h"
#include "panels/plan.h"
#include "base/diag.h"
#include "evaluating/quality.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int disagreements_first(const void *a, const void *b)
{
	const co_moderation_item *x = a, *y = b;
	if (x->disagree != y->disagree)
		return x->disagree ? -1 : 1;
	if (x->bid != y->bid)
		return x->bid < y->bid ? -1 : 1;
	return x->q < y->q ? -1 : x->q > y->q;
}

int co_panel_moderation(char **summary, const co_plan *p, const char *marks, const char *out_html, co_diags *diags)
{
	const co_rules *r = p->rules;
	co_markstore s = {0};
	co_moderation_item *items = NULL;
	size_t n = 0, flagged = 0, incomplete = 0;
	co_strbuf b = {0}, say = {0};
	*summary = NULL;
	struct stat st;
	int rc;
	if (stat(marks, &st)) {
		co_diag_add(diags, marks, 1, 1, "cannot read the marks to moderate: %s", strerror(errno));
		return co_errno_status(errno);
	}
	if ((rc = co_markstore_load(&s, marks, r, diags)))
		return rc;
	co_markstore_sort(&s);
	rc = CO_ERROR;
	if (!(items = calloc(p->nb * (r->nq ? r->nq : 1), sizeof(*items))))
		goto out;
	for (size_t k = 0; k < p->nb; k++)
		for (size_t q = 0; q < r->nq; q++) {
			co_seen_mark *seen = NULL;
			size_t ns = 0;
			if (co_markstore_seen(&s, p->bids[k].bid, q, &seen, &ns))
				goto out;
			if (!ns) {
				free(seen);
				continue;
			}
			co_moderation_item *it = &items[n++];
			it->bid = k;
			it->q = q;
			it->marks = seen;
			it->nmarks = ns;
			long lo = seen[0].value, hi = seen[0].value;
			for (size_t i = 1; i < ns; i++) {
				lo = seen[i].value < lo ? seen[i].value : lo;
				hi = seen[i].value > hi ? seen[i].value : hi;
			}
			it->disagree = co_marks_disagree(r, lo, hi, ns);
			const co_markrec *mod = co_markstore_find(&s, p->bids[k].bid, q, CO_MODERATED);
			if (mod) {
				it->has_moderated = 1;
				it->moderated = mod->value;
				it->reason = mod->text;
			} else {
				it->reason = "";
			}
			const co_markrec *fb = co_markstore_find(&s, p->bids[k].bid, q, CO_FEEDBACK);
			it->feedback = fb ? fb->text : NULL;
			if (co_plan_marks_digest(it->seen, seen, ns))
				goto out;
			/* The panel's evaluators who mark this question and whose mark is not in yet. */
			const char **missing = calloc(p->nev ? p->nev : 1, sizeof(char *));
			if (!missing)
				goto out;
			it->missing = missing;
			for (size_t e = 0; e < p->nev; e++) {
				size_t i = 0;
				while (i < ns && strcmp(seen[i].evaluator, p->evs[e].id))
					i++;
				if (p->evs[e].assigned[q] && i == ns)
					missing[it->nmissing++] = p->evs[e].id;
			}
			incomplete += it->nmissing > 0;
			flagged += it->disagree;
		}
	if (!n) {
		co_diag_add(diags, marks, 1, 1, "no evaluator's mark for any response in this panel: nothing to moderate yet");
		rc = CO_EINVALID;
		goto out;
	}
	qsort(items, n, sizeof(*items), disagreements_first);
	if (co_moderation_form(&b, p, items, n) || b.failed)
		goto out;
	/* The summary first: nothing that can fail for want of memory comes after the form is written. */
	co_strbuf_put(&say, "%s: %zu answers to moderate, %zu with a disagreement\n", out_html, n, flagged);
	if (incomplete)
		co_strbuf_put(&say, "%zu of them still lack a mark from an evaluator who marks them (shown as not marked "
		                    "yet): moderate those once panel status says nothing is outstanding\n",
		              incomplete);
	char *text = co_strbuf_take(&say), *d1 = strdup(out_html), *d2 = strdup(out_html);
	rc = text && d1 && d2 ? co_output_write(dirname(d1), basename(d2), b.s, b.len, diags) : CO_ERROR;
	free(d1);
	free(d2);
	if (rc)
		free(text);
	else
		*summary = text;
out:
	co_strbuf_end(&b);
	co_strbuf_end(&say);
	for (size_t i = 0; items && i < n; i++) {
		free((void *)items[i].marks);
		free((void *)items[i].missing);
	}
	free(items);
	co_markstore_free(&s);
	return rc;
}
