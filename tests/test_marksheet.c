/* The marksheet: exactly the bids that pass admissibility and compliance, one empty mark per evaluator and question. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include "helpers.h"

static co_paths *expand(const char *dir)
{
	co_paths *p = NULL;
	const char *args[] = {dir};
	cr_assert_eq(co_paths_expand(&p, args, 1, NULL), 0);
	return p;
}

static co_rules *load(const char *path)
{
	co_rules *r = NULL;
	cr_assert_eq(co_rules_load(&r, path, NULL), 0);
	return r;
}

/* Moved from test_panel.c, with its assertions. */
Test(marksheet, marksheet_lists_exactly_the_eligible_bids)
{
	co_rules *r = load(TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml");
	co_paths *p = expand(TOP_SRCDIR "/bids/lot7");
	const char *ev[] = {"E1", "E2"};
	char *xml = NULL;
	cr_assert_eq(co_marksheet(&xml, r, p, ev, 2, NULL), 0);
	/* Eligible in Lot 7: everything but late 003, superseded 004, gate 005, price 006, words 007, the malformed file. */
	static const char *in[] = {"B-L7-001", "B-L7-002", "B-L7-008", "B-L7-009", "B-L7-010",
	                           "B-L7-011", "B-L7-012", "B-L7-013", "B-L7-014"};
	static const char *out[] = {"B-L7-003", "B-L7-004", "B-L7-005", "B-L7-006", "B-L7-007"};
	for (size_t i = 0; i < 9; i++) {
		char tag[64];
		snprintf(tag, sizeof(tag), "<bid ref=\"%s\">", in[i]);
		cr_assert(strstr(xml, tag), "%s is listed", in[i]);
	}
	for (size_t i = 0; i < 5; i++)
		cr_assert_null(strstr(xml, out[i]), "%s is not listed", out[i]);
	size_t marks = 0;
	for (const char *s = xml; (s = strstr(s, "<mark evaluator=")); s++)
		marks++;
	cr_assert_eq(marks, 9 * 8 * 2, "one empty mark per bid, question and evaluator");
	cr_assert(strstr(xml, "5: Excellent"), "the scale's labels are given");
	/* Filled in with a value, the sheet is a valid marks file that evaluate accepts. */
	char *filled = malloc(strlen(xml) * 2 + 1), *o = filled;
	for (const char *s = xml; *s;) {
		if (!strncmp(s, "value=\"\"", 8)) {
			o += sprintf(o, "value=\"3\"");
			s += 8;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	t_run run = t_eval_paths(TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml",
	                         (const char *[]){TOP_SRCDIR "/bids/lot7"}, 1, t_write(t_dir(), "m.xml", filled));
	cr_assert_eq(run.rc, 0, "%s", t_diags_text(run.diags));
	t_run_free(&run);
	free(filled);
	const char *bad[] = {"E 1"};
	char *none = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_marksheet(&none, r, p, bad, 1, d), CO_EINVALID);
	cr_assert(t_diag_has(d, "E 1:1:1: an evaluator id must match"), "%s", t_diags_text(d));
	co_diags_free(d);
	free(xml);
	co_paths_free(p);
	co_rules_free(r);
}
