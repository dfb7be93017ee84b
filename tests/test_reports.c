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
