/* libFuzzer harness: the marks reader and its checks against the Lot 7 rules. */
#include <calloff/calloff.h>
#include <libxml/parser.h>
#include "harness.h"
#include "reading/marks.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static co_rules *rules;
static const char *ids[] = {"B-L7-001", "B-L7-002", "B-L7-008", "B-L7-009", "B-L7-010",
                            "B-L7-011", "B-L7-012", "B-L7-013", "B-L7-014"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	if (co_rules_load(&rules, TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", NULL))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	co_marks *m = NULL;
	co_diags *d = co_diags_new();
	if (co_marks_read(&m, fuzz_write(data, size, ".xml"), NULL, rules, 1, d) == 0) {
		co_strbuf why = {0};
		const char *t;
		co_marks_check(m, ids, sizeof(ids) / sizeof(*ids), d);
		for (size_t i = 0; i < m->nb; i++) {
			const co_bidmarks *b = co_marks_bid(m, m->bids[i].bid);
			const co_qmarks *q = co_marks_question(b, 0);
			for (size_t k = 0; q && k < q->n; k++)
				if (co_qmarks_marks(b, q)[k].evaluator >= m->nev || co_marks_rationale(m, b, q, k, &why, &t) || !t)
					abort(); /* every kept mark has a declared evaluator and its rationale reads back */
			if (q && q->has_moderated && (co_marks_moderated_rationale(m, b, q, &why, &t) || !t))
				abort();
		}
		co_strbuf_end(&why);
	} else if (co_diags_count(d) == 0) {
		abort(); /* every refusal says why */
	}
	co_marks_free(m);
	co_diags_free(d);
	return 0;
}
