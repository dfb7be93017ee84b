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
	/* Each reason names its subject: the question or price item it is about. */
	cr_assert(strstr(html, "(over_word_limit: question Q3: 688 words, limit 500)"), "B-L7-007's reason names Q3");
	cr_assert(strstr(html, "(price_above_max: item weekly_single: 1195.00 is above the maximum 1150.00)"),
	          "B-L7-006's reason names the item");
	cr_assert(strstr(html, "(below_min_mark: question Q3: consensus mark 2 is below the minimum 3)"));
	cr_assert(strstr(html, "<p>The check does not apply: the price weight is 0, so no price earns points.</p>"),
	          "Lot 7 scores quality only, so the challenge check says it does not apply");
	co_outputs_free(o, n);
	co_result_free(res);
	co_rules_free(rules);
}

/*
 * A top-n lot of nbids bids (B000, B001...), n: 10, two questions marked by one evaluator so that
 * the totals spread, ties broken by the submission time (a minute apart), rendered with t_render.
 */
static co_output *big_lot(size_t nbids, size_t *n, co_result **res, co_rules **rules)
{
	const char *d = t_dir();
	size_t cap = nbids * 32 + 1;
	char *spec = calloc(1, cap);
	cr_assert_not_null(spec);
	for (size_t i = 0; i < nbids; i++) {
		char id[16], file[24], at[32], one[40], who[24];
		snprintf(id, sizeof(id), "B%03zu", i);
		snprintf(who, sizeof(who), "GB-COH-%03zu", i);
		snprintf(file, sizeof(file), "b%03zu.xml", i);
		snprintf(at, sizeof(at), "2026-11-01T%02zu:%02zu:00Z", i / 60, i % 60);
		t_put_bid(d, file, id, who, at, "Q1,Q2", NULL, NULL, NULL);
		snprintf(one, sizeof(one), "%s%s:Q1=%zu;Q2=%zu", i ? "|" : "", id, 1 + i % 5, 1 + (i / 5) % 5);
		strcat(spec, one);
	}
	char *mx = t_marks("T-1", 1, spec);
	const char *m = t_write(t_dir(), "m.xml", mx);
	char marks[512];
	snprintf(marks, sizeof(marks), "%s", m);
	free(mx);
	free(spec);
	const char *r = t_write(t_dir(), "r.yaml", RULES_HEAD "award: {mode: top_n, n: 10, tie_break: [submitted]}\n"
	                                                     "weights: {quality: 100, price: 0}\nmoderation: {consensus: mean}\nquestions:\n"
	                                                     "  - {id: Q1, weight: 60}\n  - {id: Q2, weight: 40}\n");
	return t_render(r, d, marks, n, res, rules);
}

static size_t count(const char *s, const char *needle)
{
	size_t k = 0;
	for (const char *p = s; (p = strstr(p, needle)); p++)
		k++;
	return k;
}

Test(report_html, a_large_lot_draws_the_top_and_the_admission_line_and_counts_the_rest)
{
	size_t n;
	co_result *res;
	co_rules *rules;
	co_output *o = big_lot(300, &n, &res, &rules);
	const char *html = t_output_must(o, n, "report.html");
	cr_assert_eq(count(html, "<tr class=\"bid "), 300, "the ranking table keeps every bid");
	for (int i = 0; i < 300; i++) {
		char row[48];
		snprintf(row, sizeof(row), "data-bid=\"B%03d\"><td class=\"n\">", i);
		cr_assert(strstr(html, row), "bid B%03d has its row in the table", i);
	}
	const char *chart = strstr(html, "<section id=\"chart\">");
	cr_assert_not_null(chart);
	const char *heat = strstr(chart, "<section id=\"heatmap\">");
	cr_assert_not_null(heat);
	/* The top 25 and 10 each side of the line after rank 10 are the same 25 bars. */
	cr_assert_eq(count(chart, "class=\"bar-quality\" data-bid="), 25, "25 bars, not 300");
	cr_assert(strstr(chart, "The chart draws 25 of them"));
	cr_assert(strstr(chart, "<strong>the other 275 bids are not drawn</strong>"));
	cr_assert(strstr(chart, "ranks 26 to 300: 275 bids not drawn"));
	cr_assert(strstr(chart, ">10</text><text x=\"162\""), "bars are labelled with their rank");
	cr_assert_eq(count(chart, "class=\"admission-line\""), 2, "on the bars and on the histogram");
	/* The histogram counts every ranked bid once. */
	size_t in_bins = 0, bins = 0;
	for (const char *p = chart; (p = strstr(p, "<rect class=\"bin\"")) && p < heat; p++) {
		const char *t = strstr(p, "text-anchor=\"middle\">");
		cr_assert_not_null(t);
		in_bins += strtoul(t + strlen("text-anchor=\"middle\">"), NULL, 10);
		bins++;
	}
	cr_assert_gt(bins, 1, "the totals spread over several bins");
	cr_assert_eq(in_bins, 300);
	/* The heat map draws the chart's bids (no bid is flagged) and counts the rest. */
	cr_assert_eq(count(heat, "<rect class=\"cell"), 25 * 2);
	cr_assert(strstr(heat, "<strong>the other 275 bids are not drawn</strong>"));
	cr_assert(strstr(html, "content-visibility:auto"), "long tables are laid out as they come into view");
	cr_assert(strstr(html, "Content-Security-Policy"));
	co_outputs_free(o, n);
	co_result_free(res);
	co_rules_free(rules);
}

Test(report_html, a_lot_at_the_threshold_still_draws_every_bar)
{
	size_t n;
	co_result *res;
	co_rules *rules;
	co_output *o = big_lot(100, &n, &res, &rules);
	const char *html = t_output_must(o, n, "report.html");
	cr_assert_eq(count(html, "class=\"bar-quality\" data-bid="), 100);
	cr_assert_eq(count(html, "<rect class=\"cell"), 100 * 2);
	cr_assert_null(strstr(html, "not drawn"));
	cr_assert_null(strstr(html, "class=\"bin\""));
	cr_assert_null(strstr(html, "content-visibility"), "a report for 100 bids is styled as before");
	co_outputs_free(o, n);
	co_result_free(res);
	co_rules_free(rules);
}

/* The report of the tie example, with a decisions file or none. */
static t_decided tie_report(const char *rules, const char *decisions)
{
	char *m = t_marks("T-1", 2, T_TIE_MARKS);
	t_decided d = t_render_dec(rules, t_tie_lot(), m, decisions);
	free(m);
	return d;
}

Test(report_html, a_provisional_award_opens_with_a_banner_listing_every_open_item)
{
	t_decided d = tie_report(T_TIE_RULES, NULL);
	const char *html = t_output_must(d.o, d.n, "report.html");
	const char *banner = strstr(html, "<section id=\"provisional\" class=\"provisional\" role=\"alert\">");
	/* The award says the places and what was awarded, never "the top 2 are awarded": A alone, B and C tied at 2. */
	cr_assert(strstr(html, "<p>There are 2 places (the top 2). 1 bid is awarded, because the bids tied at the boundary "
	                       "are not (at_boundary: report):</p>"),
	          "%s", html);
	cr_assert_not_null(banner, "the banner");
	cr_assert(banner < strstr(html, "<section id=\"award\">"), "before the award");
	cr_assert(strstr(banner, "<h2>Provisional: a decision is needed</h2>"));
	cr_assert(strstr(banner, "no letter is written to any supplier (no summaries) and no contract award notice (no "
	                         "ocds.json)."), "%s", banner);
	cr_assert_eq(count(html, "<li class=\"open-item\">"), 1);
	cr_assert(strstr(banner, "<li class=\"open-item\">B and C are tied at rank 2 for the 1 place left in the top 2 "
	                         "(at_boundary: report): a tie decision must award 1 of them.</li>"));
	cr_assert(strstr(banner, "no letter is written to any supplier"));
	cr_assert(strstr(html, "<p><strong>Provisional:</strong> this award is not final"), "the award says so too");
	cr_assert_null(strstr(html, "id=\"decisions\""), "no decisions file: no Decisions section");
	t_decided_free(&d);
}

Test(report_html, every_open_item_is_in_the_banner_an_abnormally_low_price_too)
{
	char *m = t_marks("T-1", 2, T_LOW_MARKS);
	t_decided d = t_render_dec(T_LOW_RULES, t_low_lot(), m, NULL);
	free(m);
	const char *html = t_output_must(d.o, d.n, "report.html");
	cr_assert(strstr(html, "<li class=\"open-item\">bid B is in the award with an abnormally low price (P1) and no "
	                       "investigation is recorded: an abnormally_low decision must accept or reject it.</li>"));
	t_decided_free(&d);
}

/* The tie decided, with a moderation sign-off, each with free text that must be escaped. */
#define HOSTILE_DECISIONS                                                                                      \
	T_DEC_HEAD "  - id: D1\n    kind: tie\n    award: [C]\n" T_DEC_WHO                                         \
	           "    reason: \"Drawn by lot <script>alert(1)</script> & witnessed\"\n"                          \
	           "  - id: M1\n    kind: moderation\n    by: \"Panel chair <b>\"\n    at: 2026-12-02T09:00:00Z\n"   \
	           "    reason: \"Q1 for C moderated at the panel's meeting: \\\"agreed\\\"\"\n"

Test(report_html, a_decided_award_has_no_banner_and_a_decisions_section_with_every_text_escaped)
{
	t_decided d = tie_report(RULES_HEAD "award: {mode: top_n, n: 2, at_boundary: report}\nweights: {quality: 100, price: 0}\n"
	                                    "moderation: {consensus: mean, flag_range: 2}\nquestions:\n  - {id: Q1, weight: 100}\n",
	                         HOSTILE_DECISIONS);
	const char *html = t_output_must(d.o, d.n, "report.html");
	cr_assert_null(strstr(html, "id=\"provisional\""), "final: no banner");
	cr_assert_null(strstr(html, "<strong>Provisional:</strong>"));
	const char *sec = strstr(html, "<section id=\"decisions\">");
	cr_assert_not_null(sec);
	cr_assert(sec > strstr(html, "<section id=\"award\">") && sec < strstr(html, "<section id=\"rules\">"),
	          "after the award it settles");
	cr_assert_eq(count(html, "<tr class=\"decision\""), 2);
	cr_assert(strstr(sec, "<tr class=\"decision\" data-decision=\"D1\"><td>D1 <span class=\"tag\">tie</span></td>"
	                      "<td>awards C</td><td>A. Officer, Category Manager</td><td>2026-12-03T10:00:00Z</td>"
	                      "<td class=\"why\">Drawn by lot &lt;script&gt;alert(1)&lt;/script&gt; &amp; witnessed</td></tr>"),
	          "%s", sec);
	cr_assert(strstr(sec, "<td>signs off the panel&#39;s moderation: the consensus marks are final</td>"
	                      "<td>Panel chair &lt;b&gt;</td>"));
	cr_assert_null(strstr(html, "<script"), "no script element, ever");
	cr_assert_null(strstr(html, "<b>"));
	/* C's Q1 (3 and 5) needs moderation: the sign-off is beside its flag, and above the heat map. */
	const char *row = strstr(html, "<tr class=\"bid awarded\" data-bid=\"C\">");
	cr_assert_not_null(row);
	const char *flag = strstr(row, ">needs_moderation Q1</span>"), *end = strstr(row, "</tr>");
	cr_assert(flag && flag < end, "C's flag");
	cr_assert(strstr(flag, "<span class=\"tag signed-off\" title=\"decision M1 (Panel chair &lt;b&gt;, 2026-12-02T09:00:00Z): "
	                       "Q1 for C moderated at the panel&#39;s meeting: &quot;agreed&quot;\">moderation signed off: M1</span>") <
	              end, "%s", row);
	cr_assert_eq(count(html, "moderation signed off: M1"), 1, "only where a bid has the flag");
	cr_assert(strstr(html, "<p class=\"signed-off\">"));
	t_decided_free(&d);
}

Test(report_html, a_report_with_nothing_decided_and_nothing_open_is_as_before)
{
	size_t n;
	co_result *res;
	co_rules *rules;
	co_output *o = t_render(TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", TOP_SRCDIR "/bids/lot7",
	                        TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml", &n, &res, &rules);
	const char *html = t_output_must(o, n, "report.html");
	cr_assert_null(strstr(html, "provisional"));
	cr_assert_null(strstr(html, "id=\"decisions\""));
	cr_assert_null(strstr(html, ".provisional{"), "nor its style");
	co_outputs_free(o, n);
	co_result_free(res);
	co_rules_free(rules);
}

/*
 * The challenge section in words, on test_challenge.c's reversal built by hand: with C, B wins
 * (71.25 against A's 68.125); without C, which sets the lowest P1 price (50.00), A would (80.625
 * against 77.5). With A's P2 at 250.00, A would make 75 and B still win: no change.
 */
static char *hand_report(const char *p2a)
{
	const char *dir = t_dir();
	char prices[64], rules[512], marks[512];
	snprintf(prices, sizeof(prices), "P1=100.00,P2=%s", p2a);
	t_put_bid(dir, "bids/a.xml", "A", "GB-COH-0000000A", "2026-11-28T10:00:00Z", "Q1", prices, NULL, NULL);
	t_put_bid(dir, "bids/b.xml", "B", "GB-COH-0000000B", "2026-11-28T10:00:00Z", "Q1", "P1=200.00,P2=100.00", NULL, NULL);
	t_put_bid(dir, "bids/c.xml", "C", "GB-COH-0000000C", "2026-11-28T10:00:00Z", "Q1", "P1=50.00,P2=300.00", NULL, NULL);
	char *m = t_marks("T-1", 2, "A:Q1=4,4|B:Q1=4,4|C:Q1=1,1");
	snprintf(marks, sizeof(marks), "%s", t_write(dir, "marks.xml", m));
	free(m);
	snprintf(rules, sizeof(rules), "%s",
	         t_write(dir, "rules.yaml",
	                 RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 50, price: 50}\n"
	                            "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n"
	                            "prices:\n  - {id: P1, max: 1000.00, weight: 50}\n  - {id: P2, max: 1000.00, weight: 50}\n"
	                            "price_scoring: lowest_ratio\n"));
	char bids[512];
	snprintf(bids, sizeof(bids), "%s/bids", dir);
	size_t n;
	co_result *res;
	co_rules *r;
	co_output *o = t_render(rules, bids, marks, &n, &res, &r);
	const char *html = t_output_must(o, n, "report.html");
	const char *a = strstr(html, "<section id=\"challenge\">"), *b = a ? strstr(a, "</section>") : NULL;
	cr_assert(a && b, "the challenge section is there");
	char *section = strndup(a, (size_t)(b - a));
	cr_assert(strstr(html, "<section id=\"excluded\">") > a, "before the bids not in the ranking");
	co_outputs_free(o, n);
	co_result_free(res);
	co_rules_free(r);
	return section;
}

Test(report_html, the_challenge_section_says_who_would_be_awarded_instead_of_whom)
{
	char *s = hand_report("160.00");
	cr_assert(strstr(s, "<h2>Would the award change without a losing bid?</h2>"));
	cr_assert(strstr(s, "<li class=\"challenge-changes\">Without C, which sets the lowest P1 price (50.00), A would be "
	                    "awarded instead of B.</li>"),
	          "%s", s);
	cr_assert_null(strstr(s, "No bid that did not win changes the award"), "%s", s);
	free(s);
}

Test(report_html, the_challenge_section_says_when_no_losing_bid_changes_the_award)
{
	char *s = hand_report("250.00");
	cr_assert(strstr(s, "<p class=\"challenge-none\">No bid that did not win changes the award.</p>"), "%s", s);
	cr_assert(strstr(s, "<li class=\"challenge-same\">Without C, which sets the lowest P1 price (50.00), the award "
	                    "would be the same.</li>"),
	          "%s", s);
	free(s);
}
