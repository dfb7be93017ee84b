/* report.html: every text from bids escaped, nothing loaded, and every section, row and bar of the ranking. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"


/* Moved from test_reports.c, with their assertions. */
Test(report_html, html_escapes_every_text_from_bids)
{
	size_t n;
	co_result *res;
	co_rules *rules;
	co_output *o = t_hostile_render(&n, &res, &rules);
	const char *html = t_output_must(o, n, "report.html");
	cr_assert_null(strstr(html, "<script"), "no script element, ever");
	cr_assert(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"), "the name shows as text");
	cr_assert(strstr(html, "Smith, Jones &amp; Co"));
	cr_assert(strstr(html, "The &quot;Best&quot; Care"));
	cr_assert(strstr(html, "Content-Security-Policy"), "the page forbids loading anything");
	cr_assert_null(strstr(html, "http://") && strstr(html, "src="), "nothing is fetched");
	const char *summary = t_output_must(o, n, "summaries/GB-COH-5.html");
	cr_assert_null(strstr(summary, "<script"));
	cr_assert(strstr(summary, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	co_outputs_free(o, n);
	co_result_free(res);
	co_rules_free(rules);
}

Test(report_html, the_report_has_every_section_and_one_row_and_bar_per_ranked_bid)
{
	size_t n;
	co_result *res;
	co_rules *rules;
	co_output *o = t_render(TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", TOP_SRCDIR "/bids/lot7",
	                      TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml", &n, &res, &rules);
	const char *html = t_output_must(o, n, "report.html");
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
