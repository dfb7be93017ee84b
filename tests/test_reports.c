/* The reports: CSV quoting, HTML escaping, what each assessment summary may and may not show. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include "evaluating/result.h"
#include "helpers.h"

/* Evaluate and render; the caller frees the outputs. */
static co_output *render(const char *rules_path, const char *bids, const char *marks, size_t *n, co_result **res_out,
                         co_rules **rules_out)
{
	co_rules *rules = NULL;
	co_paths *p = NULL;
	co_result *res = NULL;
	co_output *o = NULL;
	const char *args[] = {bids};
	cr_assert_eq(co_rules_load(&rules, rules_path, NULL), 0);
	cr_assert_eq(co_paths_expand(&p, args, 1, NULL), 0);
	co_diags *d = co_diags_new();
	cr_assert_eq(co_evaluate(&res, rules, p, marks, d), 0, "%s", t_diags_text(d));
	co_diags_free(d);
	cr_assert_eq(co_render_outputs(res, NULL, &o, n), 0);
	co_paths_free(p);
	*res_out = res;
	*rules_out = rules;
	return o;
}

static const char *output(const co_output *o, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(o[i].name, name) == 0)
			return o[i].data;
	cr_assert_fail("no output %s", name);
	return NULL;
}

/* A competition whose supplier names are hostile to CSV and HTML. */
static co_output *hostile_names(size_t *n, co_result **res, co_rules **rules)
{
	const char *d = t_dir();
	const char *bid = "<bid xmlns=\"urn:calloff:bid:1\" id=\"%s\" competition=\"T-1\"><supplier id=\"GB-COH-%d\"><name>%s</name>"
	                  "</supplier><submitted>2026-11-01T12:00:00Z</submitted><responses><response question=\"Q1\">ok</response>"
	                  "</responses></bid>\n";
	const char *names[] = {"Smith, Jones &amp; Co", "The \"Best\" Care", "Line one\nLine two", "=HYPERLINK(\"http://x\")",
	                       "&lt;script&gt;alert(1)&lt;/script&gt;"};
	char spec[512] = "";
	for (int i = 0; i < 5; i++) {
		char text[512], file[16], id[8];
		snprintf(id, sizeof(id), "H%d", i);
		snprintf(text, sizeof(text), bid, id, i + 1, names[i]);
		snprintf(file, sizeof(file), "h%d.xml", i);
		t_write(d, file, text);
		char one[32];
		snprintf(one, sizeof(one), "%sH%d:Q1=%d", i ? "|" : "", i, 1 + i % 5);
		strcat(spec, one);
	}
	char *m = t_marks("T-1", 1, spec);
	const char *mp = t_write(t_dir(), "m.xml", m);
	free(m);
	const char *rp = t_write(t_dir(), "r.yaml", RULES_HEAD "award: {mode: top_n, n: 2}\nweights: {quality: 100, price: 0}\n"
	                                                      "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n");
	return render(rp, d, mp, n, res, rules);
}

Test(reports, csv_quotes_commas_quotes_and_newlines_and_defuses_formulas)
{
	size_t n;
	co_result *res;
	co_rules *rules;
	co_output *o = hostile_names(&n, &res, &rules);
	const char *csv = output(o, n, "scores.csv");
	cr_assert(strstr(csv, ",\"Smith, Jones & Co\","), "a comma is quoted:\n%s", csv);
	cr_assert(strstr(csv, ",\"The \"\"Best\"\" Care\","), "quotes are doubled:\n%s", csv);
	cr_assert(strstr(csv, ",\"Line one\nLine two\","), "a newline is kept inside quotes:\n%s", csv);
	cr_assert(strstr(csv, ",\"'=HYPERLINK(\"\"http://x\"\")\","), "a formula is defused:\n%s", csv);
	cr_assert(strstr(csv, "bid,supplier,name,status,rank,quality,price,total,Q1,reasons\r\n"), "the header, CRLF:\n%s", csv);
	/* Every record ends in CRLF: 6 records (header and 5 bids), and the newline in a name is a bare LF. */
	size_t crlf = 0;
	for (const char *p = csv; (p = strstr(p, "\r\n")); p += 2)
		crlf++;
	cr_assert_eq(crlf, 6);
	co_outputs_free(o, n);
	co_result_free(res);
	co_rules_free(rules);
}

Test(reports, html_escapes_every_text_from_bids)
{
	size_t n;
	co_result *res;
	co_rules *rules;
	co_output *o = hostile_names(&n, &res, &rules);
	const char *html = output(o, n, "report.html");
	cr_assert_null(strstr(html, "<script"), "no script element, ever");
	cr_assert(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"), "the name shows as text");
	cr_assert(strstr(html, "Smith, Jones &amp; Co"));
	cr_assert(strstr(html, "The &quot;Best&quot; Care"));
	cr_assert(strstr(html, "Content-Security-Policy"), "the page forbids loading anything");
	cr_assert_null(strstr(html, "http://") && strstr(html, "src="), "nothing is fetched");
	const char *summary = output(o, n, "summaries/GB-COH-5.html");
	cr_assert_null(strstr(summary, "<script"));
	cr_assert(strstr(summary, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	co_outputs_free(o, n);
	co_result_free(res);
	co_rules_free(rules);
}

Test(reports, the_report_has_every_section_and_one_row_and_bar_per_ranked_bid)
{
	size_t n;
	co_result *res;
	co_rules *rules;
	co_output *o = render(TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", TOP_SRCDIR "/bids/lot7",
	                      TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml", &n, &res, &rules);
	const char *html = output(o, n, "report.html");
	static const char *sections[] = {"id=\"award\"", "id=\"rules\"", "id=\"ranking\"", "id=\"chart\"", "id=\"heatmap\"",
	                                 "id=\"excluded\""};
	for (size_t i = 0; i < 6; i++)
		cr_assert(strstr(html, sections[i]), "section %s", sections[i]);
	size_t rows = 0, bars = 0, excluded = 0, flagged = 0;
	for (const char *p = html; (p = strstr(p, "<tr class=\"bid ")); p++)
		rows++;
	for (const char *p = html; (p = strstr(p, "class=\"bar-quality\" data-bid=")); p++)
		bars++;
	for (const char *p = html; (p = strstr(p, "<tr class=\"excluded-bid\">")); p++)
		excluded++;
	for (const char *p = html; (p = strstr(p, "class=\"cell flagged\"")); p++)
		flagged++;
	cr_assert_eq(rows, 7, "the 7 ranked bids");
	cr_assert_eq(bars, 7);
	cr_assert_eq(excluded, 8, "the 8 bids out, with reasons");
	cr_assert_eq(flagged, 1, "B-L7-009's Q6 needs moderation");
	cr_assert(strstr(html, "class=\"admission-line\""));
	cr_assert(strstr(html, "The bid was submitted after the deadline."), "reasons in plain English");
	co_outputs_free(o, n);
	co_result_free(res);
	co_rules_free(rules);
}

Test(reports, summaries_show_own_scores_and_only_successful_ones)
{
	size_t n;
	co_result *res;
	co_rules *rules;
	co_output *o = render(TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", TOP_SRCDIR "/bids/lot7",
	                      TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml", &n, &res, &rules);
	/* B-L7-009 (Cranborne, ranked 7th): unsuccessful; the successful bid shown is the last admitted. */
	const char *s = output(o, n, "summaries/GB-COH-12890567.md");
	cr_assert(strstr(s, "Cranborne Chase Care Ltd (GB-COH-12890567)"));
	cr_assert(strstr(s, "Your bid was not successful"));
	cr_assert(strstr(s, "Quality 100%, price 0%"), "the award criteria with their weights");
	cr_assert(strstr(s, "5: Excellent"), "the scale and its descriptors");
	cr_assert(strstr(s, "| Q1 Matching carers to people | 3 | 9.00 |"), "its own score per criterion:\n%s", s);
	cr_assert(strstr(s, "B-L7-011"), "the successful bid it is compared with (the last admitted)");
	cr_assert(strstr(s, "| Total |  | 62.00 |"), "its total:\n%s", s);
	/* Never another unsuccessful supplier's scores: B-L7-012, -013 (disqualified) and -005 to -007. */
	static const char *others[] = {"B-L7-012", "B-L7-013", "B-L7-005", "B-L7-006", "B-L7-007", "Sherborne", "Dorchester"};
	for (size_t i = 0; i < 7; i++)
		cr_assert_null(strstr(s, others[i]), "%s must not appear in Cranborne's summary", others[i]);
	/* A disqualified supplier: the reasons. */
	s = output(o, n, "summaries/GB-COH-16234901.md");
	cr_assert(strstr(s, "disqualified"));
	cr_assert(strstr(s, "An answer was marked below the minimum mark. (consensus mark 2 is below the minimum 3)"), "%s", s);
	cr_assert(strstr(s, "Panel agreed 2"), "the moderated rationale explains the mark");
	/* A successful supplier sees no other supplier's scores. */
	s = output(o, n, "summaries/GB-COH-08123456.md");
	cr_assert(strstr(s, "Your bid was successful"));
	cr_assert_null(strstr(s, "The successful bid"));
	cr_assert_eq(res->n, 15, "every bid of Lot 7 is looked for in Acme's summary");
	for (size_t i = 0; i < res->n; i++) {
		const char *id = res->entries[i].bid->id;
		if (id && strcmp(id, "B-L7-001") != 0)
			cr_assert_null(strstr(s, id), "%s in Acme's summary", id);
	}
	/* Rejected bids get no summary. */
	cr_assert_gt(n, 4, "the outputs looked through");
	for (size_t i = 0; i < n; i++)
		cr_assert_null(strstr(o[i].name, "GB-COH-09345612"), "the late bid's supplier has no summary");
	co_outputs_free(o, n);
	co_result_free(res);
	co_rules_free(rules);
}

Test(reports, ocds_models_each_scheme_as_a_lot_with_one_award_each)
{
	size_t n;
	co_result *res;
	co_rules *rules;
	co_output *o = render(TOP_SRCDIR "/rules/dorset-lot8-extra-care.yaml", TOP_SRCDIR "/bids/lot8",
	                      TOP_SRCDIR "/bids/marks/dorset-lot8-marks.xml", &n, &res, &rules);
	json_t *pkg = json_loads(output(o, n, "ocds.json"), 0, NULL);
	json_t *rel = json_array_get(json_object_get(pkg, "releases"), 0);
	cr_assert_eq(json_array_size(json_object_get(json_object_get(rel, "tender"), "lots")), 5);
	cr_assert_eq(json_array_size(json_object_get(rel, "awards")), 4, "ECH-05 has no award");
	cr_assert_str_eq(t_str(json_object_get(rel, "tender"), "awardCriteria"), "qualityOnly");
	json_t *stats = json_object_get(json_object_get(rel, "bids"), "statistics");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(stats, 0), "value")), 7);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(stats, 1), "value")), 5);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(stats, 2), "value")), 2);
	cr_assert_eq(json_array_size(json_object_get(pkg, "extensions")), 2);
	json_decref(pkg);
	co_outputs_free(o, n);
	co_result_free(res);
	co_rules_free(rules);
}
