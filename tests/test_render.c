/* The output files of one evaluation, rendered in memory: each named once, each what its renderer gives. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "rendering/reports.h"
#include "helpers.h"

#define L7_RULES TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml"
#define L7_BIDS TOP_SRCDIR "/bids/lot7"
#define L7_MARKS TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml"

typedef struct {
	co_rules *rules;
	co_result *res;
	co_output *o;
	size_t n;
} rendered;

static rendered render(const char *prefix)
{
	rendered r = {0};
	co_diags *d = co_diags_new();
	const char *args[] = {L7_BIDS};
	cr_assert_eq(t_result(&r.rules, &r.res, L7_RULES, args, 1, L7_MARKS, d), 0, "%s", t_diags_text(d));
	co_diags_free(d);
	cr_assert_eq(co_render_outputs(r.res, prefix, &r.o, &r.n), 0);
	return r;
}

static void rendered_free(rendered *r)
{
	co_outputs_free(r->o, r->n);
	co_result_free(r->res);
	co_rules_free(r->rules);
}

Test(render, every_output_is_named_once_with_its_whole_length)
{
	rendered r = render(NULL);
	/* Lot 7: the four documents, and a Markdown and an HTML summary for each of the 12 assessed suppliers. */
	cr_assert_eq(r.n, 4 + 2 * 12);
	static const char first[][16] = {"result.json", "report.html", "scores.csv", "ocds.json"};
	for (size_t i = 0; i < 4; i++)
		cr_assert_str_eq(r.o[i].name, first[i]);
	for (size_t i = 0; i < r.n; i++) {
		cr_assert_gt(r.o[i].len, 100, "%s has content", r.o[i].name);
		cr_assert_eq(r.o[i].len, strlen(r.o[i].data), "%s: len is the whole text", r.o[i].name);
		if (i >= 4)
			cr_assert_eq(strncmp(r.o[i].name, "summaries/GB-", 13), 0, "%s", r.o[i].name);
		for (size_t j = 0; j < i; j++)
			cr_assert_str_neq(r.o[i].name, r.o[j].name, "each name once");
	}
	rendered_free(&r);
}

Test(render, each_output_is_what_its_renderer_gives)
{
	rendered r = render("ocds-a1b2c3");
	char *json = NULL, *csv = NULL, *html = NULL, *ocds = NULL;
	cr_assert_eq(co_result_json(&json, r.res), 0);
	cr_assert_eq(co_report_csv(&csv, r.res), 0);
	cr_assert_eq(co_report_html(&html, r.res), 0);
	cr_assert_eq(co_report_ocds(&ocds, r.res, "ocds-a1b2c3"), 0);
	cr_assert_str_eq(t_output(r.o, r.n, "result.json"), json);
	cr_assert_str_eq(t_output(r.o, r.n, "scores.csv"), csv);
	cr_assert_str_eq(t_output(r.o, r.n, "report.html"), html);
	cr_assert_str_eq(t_output(r.o, r.n, "ocds.json"), ocds, "the prefix is passed on");
	cr_assert(strstr(ocds, "\"ocid\": \"ocds-a1b2c3-DCF-L7-2026-01\""));
	char **names = NULL, **texts = NULL;
	size_t ns = 0;
	cr_assert_eq(co_report_summaries(r.res, &names, &texts, &ns), 0);
	cr_assert_eq(ns, r.n - 4);
	for (size_t i = 0; i < ns; i++) {
		cr_assert_str_eq(t_output(r.o, r.n, names[i]), texts[i], "%s", names[i]);
		free(names[i]);
		free(texts[i]);
	}
	free(names);
	free(texts);
	free(json);
	free(csv);
	free(html);
	free(ocds);
	rendered_free(&r);
}

Test(render, the_same_evaluation_renders_the_same_bytes)
{
	rendered a = render(NULL), b = render(NULL);
	cr_assert_eq(a.n, b.n);
	cr_assert_gt(a.n, 0);
	for (size_t i = 0; i < a.n; i++) {
		cr_assert_str_eq(a.o[i].name, b.o[i].name);
		cr_assert_eq(a.o[i].len, b.o[i].len, "%s", a.o[i].name);
		cr_assert_eq(memcmp(a.o[i].data, b.o[i].data, a.o[i].len), 0, "%s", a.o[i].name);
	}
	rendered_free(&a);
	rendered_free(&b);
}

/* The contract award notice's date, without which no ocds.json is written. */
#define PUBLISHED "publication: {date: 2026-12-22T09:00:00Z}\n"

/*
 * The example: a top_n lot, n: 2, at_boundary: report, B and C tied at 2nd. Without a
 * decision: provisional (the CLI's exit 3), no letter and no contract award notice (it follows
 * the letters), and co_render_ocds_skipped says why; with one: final, C awarded, the decision in
 * the result, every letter written and the notice.
 */
Test(render, the_tie_example_is_provisional_until_decided_then_final_with_the_chosen_bid)
{
	char *m = t_marks("T-1", 2, T_TIE_MARKS);
	t_decided open = t_render_dec(T_TIE_RULES PUBLISHED, t_tie_lot(), m, NULL);
	t_decided decided = t_render_dec(T_TIE_RULES PUBLISHED, t_tie_lot(), m, T_TIE_DECISION);
	free(m);
	cr_assert(co_result_needs_decision(open.res), "exit 3");
	cr_assert_eq(open.n, 3);
	static const char first[][16] = {"result.json", "report.html", "scores.csv"};
	for (size_t i = 0; i < 3; i++)
		cr_assert_str_eq(open.o[i].name, first[i]);
	cr_assert(strstr(t_output_must(open.o, open.n, "result.json"), "\n  \"final\": false,\n"));
	const char *why = NULL;
	cr_assert_eq(co_render_ocds_skipped(open.res, &why), 1);
	cr_assert(why && strstr(why, "the award is provisional"), "%s", why ? why : "(null)");
	cr_assert_eq(co_render_ocds_skipped(decided.res, &why), 0);
	cr_assert_null(why);
	cr_assert_not(co_result_needs_decision(decided.res), "exit 0");
	cr_assert_eq(decided.n, 4 + 2 * 4, "and a letter for each of the four suppliers");
	const char *json = t_output_must(decided.o, decided.n, "result.json");
	cr_assert(strstr(json, "\n  \"final\": true,\n  \"open\": [],\n"));
	cr_assert(strstr(json, "\"awarded\": [\n    \"A\",\n    \"C\"\n  ]"), "%s", json);
	cr_assert(strstr(json, "\"id\": \"D1\""));
	cr_assert(strstr(t_output_must(decided.o, decided.n, "report.html"), "<tr class=\"decision\" data-decision=\"D1\">"));
	/* A contract award notice is pending while its standstill runs, decided or not: never active. */
	cr_assert(strstr(t_output_must(decided.o, decided.n, "ocds.json"), "\"status\": \"pending\""));
	cr_assert_null(strstr(t_output_must(decided.o, decided.n, "ocds.json"), "\"status\": \"active\",\n      \"date\""));
	cr_assert(strstr(t_output_must(decided.o, decided.n, "summaries/GB-COH-3.md"), "Your bid was successful"));
	t_decided_free(&open);
	t_decided_free(&decided);
}

/* Without publication.date no contract award notice is written (never one dated 1970), and the renderer says why. */
Test(render, no_ocds_json_without_a_notice_date_and_co_render_ocds_skipped_says_why)
{
	char *m = t_marks("T-1", 2, T_TIE_MARKS);
	t_decided undated = t_render_dec(T_TIE_RULES, t_tie_lot(), m, T_TIE_DECISION);
	t_decided dated = t_render_dec(T_TIE_RULES PUBLISHED, t_tie_lot(), m, T_TIE_DECISION);
	free(m);
	const char *why = NULL;
	cr_assert_eq(co_render_ocds_skipped(undated.res, &why), 1);
	cr_assert(strstr(why, "no publication.date"), "%s", why);
	cr_assert_null(t_output(undated.o, undated.n, "ocds.json"));
	cr_assert_eq(undated.n, dated.n - 1, "everything else is written");
	cr_assert_eq(co_render_ocds_skipped(dated.res, &why), 0);
	cr_assert_null(why);
	cr_assert_not_null(t_output(dated.o, dated.n, "ocds.json"));
	for (size_t i = 0; i < dated.n; i++)
		cr_assert_null(strstr(dated.o[i].data, "1970-"), "%s", dated.o[i].name);
	t_decided_free(&undated);
	t_decided_free(&dated);
}
