/* The marks file a panel fills in: the eligible bids (after admissibility and compliance), every question. */
#include "calloff/panel.h"
#include "base/diag.h"
#include "evaluating/evaluation.h"
#include "base/xmlout.h"

#include <stdlib.h>
#include <string.h>

static int by_id(const void *a, const void *b, void *ctx)
{
	const co_result *res = ctx;
	const co_bid *x = res->entries[*(const size_t *)a].bid, *y = res->entries[*(const size_t *)b].bid;
	int c = strcmp(x->id, y->id);
	return c ? c : strcmp(x->file, y->file);
}

/* Read the bids and run stages 1 and 2; the eligible ones (by bid id) come back in *idx. */
int co_eligible_bids(co_result **out, const co_rules *rules, const co_paths *bids, size_t **idx, size_t *n)
{
	co_result *res = co_result_alloc(rules);
	*out = NULL;
	*idx = NULL;
	*n = 0;
	if (!res || co_result_read_bids(res, bids, 1, 0, 1) || co_stage_admissibility(res) || co_stage_compliance(res) ||
	    !(*idx = malloc((res->n + 1) * sizeof(size_t)))) {
		co_result_free(res);
		return CO_ERROR;
	}
	for (size_t i = 0; i < res->n; i++)
		if (co_entry_in(&res->entries[i]))
			(*idx)[(*n)++] = i;
	qsort_r(*idx, *n, sizeof(size_t), by_id, res);
	*out = res;
	return 0;
}

static int valid_id(const char *s)
{
	size_t len = strlen(s);
	if (len < 1 || len > 64)
		return 0;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == len;
}

int co_marksheet(char **out, const co_rules *r, const co_paths *bids, const char *const *evaluators, size_t nev,
                 co_diags *diags)
{
	co_result *res = NULL;
	size_t *idx = NULL, n = 0;
	co_strbuf b = {0};
	*out = NULL;
	for (size_t e = 0; e < nev; e++)
		if (!valid_id(evaluators[e])) {
			co_diag_add(diags, evaluators[e], 1, 1, "an evaluator id must match [A-Za-z0-9._-]{1,64}");
			return CO_EINVALID;
		}
	if (co_eligible_bids(&res, r, bids, &idx, &n))
		return CO_ERROR;
	co_strbuf_put(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	char *head = co_strdupf("Marks for %s: %zu of %zu bids passed admissibility and compliance. Give each mark as "
	                        "value=\"N\" with a short note. Where the panel moderates, add <moderated value=\"N\">"
	                        "rationale</moderated> after the evaluators' marks.",
	                        r->id, n, res->n);
	co_xml_comment(&b, "", co_strbuf_need(&b, head) ? head : "");
	free(head);
	co_xml_comment(&b, "", "Scale:");
	for (size_t m = 0; m < r->nmarks; m++) {
		char *l = co_strdupf("  %ld: %s", r->marks[m], r->labels[m] ? r->labels[m] : "");
		co_xml_comment(&b, "", co_strbuf_need(&b, l) ? l : "");
		free(l);
	}
	co_strbuf_put(&b, "<marks xmlns=\"urn:calloff:marks:1\" competition=\"");
	co_xml_escape(&b, r->id);
	co_strbuf_put(&b, "\">\n");
	for (size_t e = 0; e < nev; e++)
		co_strbuf_put(&b, "  <evaluator id=\"%s\"/>\n", evaluators[e]);
	for (size_t k = 0; k < n; k++) {
		co_strbuf_put(&b, "  <bid ref=\"");
		co_xml_escape(&b, res->entries[idx[k]].bid->id);
		co_strbuf_put(&b, "\">\n");
		for (size_t q = 0; q < r->nq; q++) {
			co_strbuf_put(&b, "    <question ref=\"");
			co_xml_escape(&b, r->questions[q].id);
			co_strbuf_put(&b, "\">\n");
			if (r->questions[q].title)
				co_xml_comment(&b, "      ", r->questions[q].title);
			for (size_t e = 0; e < nev; e++)
				co_strbuf_put(&b, "      <mark evaluator=\"%s\" value=\"\"></mark>\n", evaluators[e]);
			co_strbuf_put(&b, "    </question>\n");
		}
		co_strbuf_put(&b, "  </bid>\n");
	}
	co_strbuf_put(&b, "</marks>\n");
	free(idx);
	co_result_free(res);
	*out = co_strbuf_take(&b);
	return *out ? 0 : CO_ERROR;
}
