/* The marks file a panel fills in: the eligible bids (after admissibility and compliance), every question. */
#include "calloff/panel.h"
#include "base/diag.h"
#include "evaluating/evaluate.h"
#include "base/xmlout.h"

#include <stdlib.h>
#include <string.h>

int co_marksheet(char **out, const co_rules *r, const co_paths *bids, const char *const *evaluators, size_t nev,
                 co_diags *diags)
{
	co_result *res = NULL;
	size_t *idx = NULL, n = 0;
	co_strbuf b = {0};
	*out = NULL;
	for (size_t e = 0; e < nev; e++)
		if (!co_id_valid(evaluators[e])) {
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
