/*
 * Assessment summaries (regulation 31): each assessed supplier sees its own scores and, when not
 * successful, the successful bid's, never another unsuccessful supplier's; Markdown and HTML.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rendering/reports.h"
#include "evaluating/award.h"
#include "helpers.h"

#define L7_RULES TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml"
#define L7_BIDS TOP_SRCDIR "/bids/lot7"
#define L7_MARKS TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml"
#define L8_RULES TOP_SRCDIR "/rules/dorset-lot8-extra-care.yaml"
#define L8_CAPPED TOP_SRCDIR "/rules/dorset-lot8-extra-care-capped.yaml"
#define L8_BIDS TOP_SRCDIR "/bids/lot8"
#define L8_MARKS TOP_SRCDIR "/bids/marks/dorset-lot8-marks.xml"

typedef struct {
	co_rules *rules;
	co_result *res;
	char **names, **texts;
	size_t n;
} sums;

static sums summaries_of(const char *rules, const char *bids, const char *marks)
{
	sums s = {0};
	co_diags *d = co_diags_new();
	const char *args[] = {bids};
	cr_assert_eq(t_result(&s.rules, &s.res, rules, args, 1, marks, d), 0, "%s", t_diags_text(d));
	co_diags_free(d);
	cr_assert_eq(co_report_summaries(s.res, &s.names, &s.texts, &s.n), 0);
	return s;
}

/*
 * Two one-question bids, A (received 10:00) and B (12:00), marked by two evaluators as marks
 * says, in a top_n lot of one place decided on quality, then the time received; more is added
 * to the rules. Their summaries.
 */
static sums two_bid_lot(const char *marks_spec, const char *more)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T10:00:00Z", "Q1", "", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	char *m = t_marks("T-1", 2, marks_spec);
	const char *marks = t_write(t_dir(), "m.xml", m);
	free(m);
	char text[2048];
	snprintf(text, sizeof(text), "%s%s",
	         RULES_HEAD "award: {mode: top_n, n: 1, tie_break: [quality, submitted]}\n"
	                    "weights: {quality: 100, price: 0}\nmoderation: {consensus: mean}\nquestions:\n"
	                    "  - {id: Q1, weight: 100}\n",
	         more);
	const char *rules = t_write(t_dir(), "r.yaml", text);
	return summaries_of(rules, d, marks);
}

static const char *summary(const sums *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->names[i], name) == 0)
			return s->texts[i];
	cr_assert_fail("no summary %s", name);
	return NULL;
}

static void sums_free(sums *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->names[i]);
		free(s->texts[i]);
	}
	free(s->names);
	free(s->texts);
	co_result_free(s->res);
	co_rules_free(s->rules);
}

/* Moved from test_reports.c, with its assertions. */
Test(summaries, summaries_show_own_scores_and_only_successful_ones)
{
	sums all = summaries_of(L7_RULES, L7_BIDS, L7_MARKS);
	co_result *res = all.res;
	/* B-L7-009 (Cranborne, ranked 7th): unsuccessful; the successful bid shown is the last admitted. */
	const char *s = summary(&all, "summaries/GB-COH-12890567.md");
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
	s = summary(&all, "summaries/GB-COH-16234901.md");
	cr_assert(strstr(s, "disqualified"));
	cr_assert(strstr(s, "An answer was marked below the minimum mark. In detail: question Q3: consensus mark 2 is below the minimum 3."), "%s", s);
	cr_assert(strstr(s, "Panel agreed 2"), "the moderated rationale explains the mark");
	/* A successful supplier sees no other supplier's scores. */
	s = summary(&all, "summaries/GB-COH-08123456.md");
	cr_assert(strstr(s, "Your bid was successful"));
	cr_assert_null(strstr(s, "The successful bid"));
	cr_assert_eq(res->n, 15, "every bid of Lot 7 is looked for in Acme's summary");
	for (size_t i = 0; i < res->n; i++) {
		const char *id = res->entries[i].bid->id;
		if (id && strcmp(id, "B-L7-001") != 0)
			cr_assert_null(strstr(s, id), "%s in Acme's summary", id);
	}
	/* Rejected bids get no summary. */
	cr_assert_gt(all.n, 4, "the summaries looked through");
	for (size_t i = 0; i < all.n; i++)
		cr_assert_null(strstr(all.names[i], "GB-COH-09345612"), "the late bid's supplier has no summary");
	sums_free(&all);
}

/*
 * The bids a supplier's summary may name besides its own: in top_n, the lowest-ranked awarded bid
 * when it was not successful; in per_scheme, the winner of each scheme it bid for and did not win.
 */
static int may_show(const co_result *res, size_t own, size_t other)
{
	const co_rules *r = res->rules;
	const co_entry *e = &res->entries[own];
	if (r->mode == CO_MODE_TOP_N)
		return e->status != CO_ST_AWARDED && e->stage >= 3 && res->nawarded &&
		       res->awarded[res->nawarded - 1] == other;
	for (size_t s = 0; s < r->ns; s++)
		if (e->stage >= 3 && co_entry_schemes(r, e)[s] && res->schemes[s].awarded == (long)other &&
		    (size_t)res->schemes[s].awarded != own)
			return 1;
	return 0;
}

static void nobody_elses_scores(const char *rules, const char *bids, const char *marks)
{
	sums all = summaries_of(rules, bids, marks);
	const co_result *res = all.res;
	size_t checked = 0, shown = 0;
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[i];
		if (e->status == CO_ST_REJECTED)
			continue;
		for (int html = 0; html < 2; html++) {
			char name[200];
			snprintf(name, sizeof(name), "summaries/%s.%s", e->bid->supplier_id, html ? "html" : "md");
			const char *s = summary(&all, name);
			cr_assert(strstr(s, e->bid->id), "%s names its own bid", name);
			for (size_t k = 0; k < res->n; k++) {
				const co_bid *o = res->entries[k].bid;
				if (k == i || !o->id || (o->supplier_id && strcmp(o->supplier_id, e->bid->supplier_id) == 0))
					continue;
				if (may_show(res, i, k)) {
					/* top_n names the bid it compares with; per_scheme says "another bid" under the scheme. */
					if (res->rules->mode == CO_MODE_TOP_N)
						cr_assert(strstr(s, o->id), "%s shows the successful bid %s", name, o->id);
					else
						cr_assert(strstr(s, "The scheme was awarded to another bid. Its scores"), "%s", name);
					shown++;
					continue;
				}
				cr_assert_null(strstr(s, o->id), "%s shows %s", name, o->id);
				cr_assert(!o->supplier_id || !strstr(s, o->supplier_id), "%s shows %s", name, o->supplier_id);
				cr_assert(!o->supplier_name || !strstr(s, o->supplier_name), "%s shows %s", name, o->supplier_name);
			}
			checked++;
		}
	}
	cr_assert_gt(checked, 9, "the summaries checked (%zu)", checked);
	cr_assert_gt(shown, 0, "some summary compares with a successful bid");
	sums_free(&all);
}

Test(summaries, no_summary_shows_another_unsuccessful_suppliers_bid_lot7)
{
	nobody_elses_scores(L7_RULES, L7_BIDS, L7_MARKS);
}

Test(summaries, no_summary_shows_another_unsuccessful_suppliers_bid_lot8)
{
	nobody_elses_scores(L8_RULES, L8_BIDS, L8_MARKS);
	nobody_elses_scores(L8_CAPPED, L8_BIDS, L8_MARKS);
}

Test(summaries, the_successful_bids_scores_are_shown_criterion_by_criterion)
{
	/*
	 * Lot 7: Cranborne (B-L7-009, 62) against B-L7-011, the lowest-ranked awarded bid, by hand:
	 * medians 4 4 4 3 3 3 2 3 (Q1 4 4 5, Q2 4 5 4, Q3 4 3 4, Q4 4 3 3, Q5 3 3 3, Q6 2 3 3, Q7 2 2 3,
	 * Q8 3 4 3), points wq x c / 5 = 12 12 12 6 6 6 4 9 = 67.
	 */
	sums all = summaries_of(L7_RULES, L7_BIDS, L7_MARKS);
	const char *s = summary(&all, "summaries/GB-COH-12890567.md");
	static const char cells[][32] = {"| mark 4, 12.00 points |", "| mark 4, 12.00 points |", "| mark 4, 12.00 points |",
	                                 "| mark 3, 6.00 points |",  "| mark 3, 6.00 points |",  "| mark 3, 6.00 points |",
	                                 "| mark 2, 4.00 points |",  "| mark 3, 9.00 points |"};
	const char *at = strstr(s, "| Criterion | Your mark | Your points | Reasons | The successful bid |");
	cr_assert_not_null(at, "%s", s);
	for (size_t q = 0; q < 8; q++) {
		char row[16];
		snprintf(row, sizeof(row), "\n| Q%zu ", q + 1);
		at = strstr(at, row);
		cr_assert_not_null(at, "Q%zu's row", q + 1);
		const char *end = strchr(at + 1, '\n');
		cr_assert(strstr(at, cells[q]) && strstr(at, cells[q]) < end, "Q%zu: %s in\n%.*s", q + 1, cells[q],
		          (int)(end - at), at);
	}
	cr_assert(strstr(s, "| Total |  | 62.00 |  | 67.00 |"), "%s", s);
	const char *h = summary(&all, "summaries/GB-COH-12890567.html");
	cr_assert(strstr(h, "<td>mark 2, 4.00 points</td>"), "the HTML has the same cells");
	cr_assert(strstr(h, "<tr><td>Total</td><td></td><td>62.00</td><td></td><td>67.00</td></tr>"), "%s", h);
	sums_free(&all);

	/*
	 * Lot 8 (moderated marks, weights 20 20 15 15 15 15): B-L8-05 marked 3 throughout = 60, bid for
	 * ECH-03 (won by B-L8-02: 4 4 4 4 3 4 = 16+16+12+12+9+12 = 77) and ECH-04 (won by B-L8-03:
	 * 5 4 4 3 4 4 = 20+16+12+9+12+12 = 81). One section per scheme, each with its winner's scores.
	 */
	all = summaries_of(L8_RULES, L8_BIDS, L8_MARKS);
	s = summary(&all, "summaries/GB-COH-11567234.md");
	const char *ech3 = strstr(s, "### Scheme ECH-03"), *ech4 = strstr(s, "### Scheme ECH-04");
	cr_assert(ech3 && ech4 && ech3 < ech4, "a section per scheme bid for and not won:\n%s", s);
	cr_assert(strstr(ech3, "| E5 First visit | 3 | 9.00 |") && strstr(ech3, "| mark 3, 9.00 points |"), "%s", s);
	cr_assert(strstr(ech3, "| Total quality |  | 60.00 |  | 77.00 |"), "%s", s);
	cr_assert(strstr(ech4, "| Total quality |  | 60.00 |  | 81.00 |"), "%s", s);
	cr_assert(strstr(ech4, "| E1 Outcome-based weekly packages | 3 | 12.00 |") && strstr(ech4, "| mark 5, 20.00 points |"),
	          "%s", s);
	cr_assert_null(strstr(s, "ECH-01"), "it did not bid for ECH-01");
	sums_free(&all);
}

Test(summaries, each_assessed_supplier_has_one_in_markdown_and_one_in_html)
{
	sums all = summaries_of(L7_RULES, L7_BIDS, L7_MARKS);
	size_t assessed = 0;
	for (size_t i = 0; i < all.res->n; i++) {
		const co_entry *e = &all.res->entries[i];
		if (e->status == CO_ST_REJECTED)
			continue;
		char md[200], html[200];
		snprintf(md, sizeof(md), "summaries/%s.md", e->bid->supplier_id);
		snprintf(html, sizeof(html), "summaries/%s.html", e->bid->supplier_id);
		cr_assert(strncmp(summary(&all, md), "\n# Assessment summary\n", 22) == 0, "%s", md);
		const char *h = summary(&all, html);
		cr_assert(strncmp(h, "<!DOCTYPE html>\n", 16) == 0, "%s", html);
		cr_assert(strstr(h, "default-src 'none'"), "%s loads nothing", html);
		cr_assert(strstr(h, "</html>\n"), "%s is complete", html);
		assessed++;
	}
	/* Lot 7: 15 files; rejected are the late 003, superseded 004 and the malformed upload. */
	cr_assert_eq(assessed, 12);
	cr_assert_eq(all.n, 2 * assessed, "nothing else");
	sums_free(&all);
}

Test(summaries, a_bid_out_at_compliance_is_told_why_and_that_quality_was_not_assessed)
{
	sums all = summaries_of(L7_RULES, L7_BIDS, L7_MARKS);
	/* B-L7-005, Stour Valley Care CIC: gate insurance not declared true. */
	char name[200] = "";
	for (size_t i = 0; i < all.res->n; i++)
		if (all.res->entries[i].bid->id && strcmp(all.res->entries[i].bid->id, "B-L7-005") == 0)
			snprintf(name, sizeof(name), "summaries/%s.md", all.res->entries[i].bid->supplier_id);
	const char *s = summary(&all, name);
	cr_assert(strstr(s, "To: Stour Valley Care CIC"), "%s", s);
	cr_assert(strstr(s, "bid B-L7-005"), "%s", s);
	cr_assert(strstr(s, "Your bid was not successful: it was disqualified, for these reasons:\n\n- A pass/fail requirement "
	                    "was not met. In detail: gate 'insurance'"),
	          "%s", s);
	cr_assert(strstr(s, "Your bid was not assessed for quality, because it did not pass the compliance checks above."));
	cr_assert_null(strstr(s, "| Criterion |"), "no scores table");
	cr_assert_null(strstr(s, "The successful bid"), "nothing to compare");
	sums_free(&all);
}

Test(summaries, markdown_keeps_each_cell_on_one_line_and_escapes_table_syntax)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	const char *marks = t_write(
		t_dir(), "m.xml",
		"<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\">\n  <evaluator id=\"E1\"/>\n"
		"  <bid ref=\"A\"><question ref=\"Q1\"><mark evaluator=\"E1\" value=\"5\">Fine.</mark></question></bid>\n"
		"  <bid ref=\"B\"><question ref=\"Q1\"><mark evaluator=\"E1\" value=\"3\">E1's own note</mark>"
		"<moderated value=\"3\">Good | but *vague* on [x]\n"
		"second &lt;line&gt; \\ end</moderated></question></bid>\n</marks>\n");
	const char *rules = t_write(t_dir(), "r.yaml", RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 100, price: 0}\n"
	                                                        "moderation: {consensus: mean}\n"
	                                                        "questions:\n  - {id: Q1, title: \"Care | support\", weight: 100}\n");
	sums all = summaries_of(rules, d, marks);
	const char *s = summary(&all, "summaries/GB-COH-2.md");
	cr_assert(strstr(s, "| Q1 Care \\| support | 3 | 60.00 | Good \\| but \\*vague\\* on \\[x\\] second \\<line\\> \\\\ end "
	                    "| mark 5, 100.00 points |\n"),
	          "one row, its pipes and emphasis escaped:\n%s", s);
	const char *h = summary(&all, "summaries/GB-COH-2.html");
	cr_assert_null(strstr(s, "own note"), "an evaluator's note is never sent: %s", s);
	cr_assert(strstr(h, "<td>Good | but *vague* on [x]\nsecond &lt;line&gt; \\ end</td>"), "HTML escapes markup only:\n%s", h);
	sums_free(&all);
}

/* The entry of bid id in the result. */
static size_t entry_of(const co_result *res, const char *id)
{
	for (size_t i = 0; i < res->n; i++)
		if (res->entries[i].bid->id && strcmp(res->entries[i].bid->id, id) == 0)
			return i;
	cr_assert_fail("no bid %s", id);
	return 0;
}

/*
 * The rationales a summary quotes are read back from the marks file when it is written: one
 * changed on disk since the evaluation read it fails the summary (CO_EIO), never shows the new text.
 */
Test(summaries, a_rationale_changed_after_the_evaluation_fails_the_summary)
{
	FILE *in = fopen(L7_MARKS, "rb");
	cr_assert_not_null(in);
	static char text[1 << 20];
	size_t n = fread(text, 1, sizeof(text) - 1, in);
	fclose(in);
	text[n] = '\0';
	const char *marks = t_write(t_dir(), "marks.xml", text);
	sums s = summaries_of(L7_RULES, L7_BIDS, marks);
	size_t idx = entry_of(s.res, "B-L7-001");
	co_strbuf b = {0};
	co_report_summary_to(&b, s.res, idx, 0);
	cr_assert_eq(co_strbuf_end(&b), 0, "read back while the file is as it was");
	char *at = strstr(text, "Panel agreed 5: the person chooses");
	cr_assert_not_null(at);
	at[12] = '4'; /* the same length: only the text differs */
	FILE *out = fopen(marks, "r+b");
	cr_assert_not_null(out);
	fwrite(text, 1, n, out);
	fclose(out);
	for (int html = 0; html < 2; html++) {
		b = (co_strbuf){0};
		co_report_summary_to(&b, s.res, idx, html);
		cr_assert_eq(co_strbuf_end(&b), CO_EIO, "the changed rationale is found, not quoted");
	}
	char **names, **texts;
	size_t ns;
	cr_assert_eq(co_report_summaries(s.res, &names, &texts, &ns), CO_ERROR, "no summaries when one cannot be made");
	sums_free(&s);
}

/*
 * The marks file is checked a bid's element at a time: a change to B-L7-001's element outside
 * every rationale (the white space before a mark) still fails that bid's summary, and no other's.
 */
Test(summaries, a_change_anywhere_in_a_bids_marks_fails_its_summary_only)
{
	FILE *in = fopen(L7_MARKS, "rb");
	cr_assert_not_null(in);
	static char text[1 << 20];
	size_t n = fread(text, 1, sizeof(text) - 1, in);
	fclose(in);
	text[n] = '\0';
	const char *marks = t_write(t_dir(), "marks.xml", text);
	sums s = summaries_of(L7_RULES, L7_BIDS, marks);
	char *at = strstr(text, "      <mark evaluator=\"E2\" value=\"3\">Good answer, covers the requirement.");
	cr_assert_not_null(at);
	cr_assert_lt(at, strstr(text, "<bid ref=\"B-L7-002\">"), "the mark is B-L7-001's");
	co_strbuf b = {0};
	co_report_summary_to(&b, s.res, entry_of(s.res, "B-L7-001"), 0);
	cr_assert_eq(co_strbuf_end(&b), 0, "read back while the file is as it was");
	at[0] = '\t'; /* the same length, and no text changes */
	FILE *out = fopen(marks, "r+b");
	cr_assert_not_null(out);
	fwrite(text, 1, n, out);
	fclose(out);
	b = (co_strbuf){0};
	co_report_summary_to(&b, s.res, entry_of(s.res, "B-L7-001"), 1);
	cr_assert_eq(co_strbuf_end(&b), CO_EIO, "the bid's element is not the one read");
	b = (co_strbuf){0};
	co_report_summary_to(&b, s.res, entry_of(s.res, "B-L7-002"), 1);
	cr_assert_eq(co_strbuf_end(&b), 0, "another bid's element is as it was read");
	sums_free(&s);
}

/* The award criteria section is made once per form and is the same, byte for byte, in every summary. */
Test(summaries, every_summary_has_the_same_criteria_section)
{
	sums s = summaries_of(L8_RULES, L8_BIDS, L8_MARKS);
	cr_assert_gt(s.n, 3);
	for (int html = 0; html < 2; html++) {
		const char *first = NULL;
		size_t len = 0;
		for (size_t i = 0; i < s.n; i++) {
			if (!strstr(s.names[i], html ? ".html" : ".md"))
				continue;
			const char *from = strstr(s.texts[i], "Award criteria"), *to = strstr(s.texts[i], "Your scores");
			cr_assert(from && to && to > from, "%s has the section", s.names[i]);
			if (!first) {
				first = from;
				len = (size_t)(to - from);
				cr_assert(strstr(first, html ? "<table>" : "| Question | Weight | Points available |"));
			} else {
				cr_assert_eq((size_t)(to - from), len, "%s", s.names[i]);
				cr_assert(memcmp(from, first, len) == 0, "%s: the same section", s.names[i]);
			}
		}
		cr_assert_not_null(first);
	}
	sums_free(&s);
}

/* An evaluator's mark missing under median: the supplier is told where, in the engine's own words. */
Test(summaries, a_question_an_evaluator_did_not_mark_is_named)
{
	char *text = t_read(L7_MARKS);
	/* B-L7-001's Q2 (not moderated): E3's mark taken out. */
	char *q2 = strstr(strstr(text, "<bid ref=\"B-L7-001\">"), "<question ref=\"Q2\">");
	cr_assert_not_null(q2);
	char *m = strstr(q2, "<mark evaluator=\"E3\""), *end = strstr(m, "</mark>") + strlen("</mark>");
	cr_assert(m && m < strstr(q2, "</question>"));
	memmove(m, end, strlen(end) + 1);
	sums s = summaries_of(L7_RULES, L7_BIDS, t_write(t_dir(), "marks.xml", text));
	const char *acme = summary(&s, "summaries/GB-COH-08123456.md"), *other = summary(&s, "summaries/GB-COH-16234901.md");
	cr_assert_not_null(strstr(acme, "Marks not given by every evaluator:\n\n- question Q2: E3 gave no mark for Q2: the median "
	                                "is of the other 2 marks"),
	                   "%s", acme);
	cr_assert_null(strstr(other, "not given by every evaluator"), "only the bid it happened to");
	sums_free(&s);
	free(text);
}

/* How many outputs are summaries. */
static size_t summaries_in(const t_decided *d)
{
	size_t k = 0;
	for (size_t i = 0; i < d->n; i++)
		k += strncmp(d->o[i].name, "summaries/", 10) == 0;
	return k;
}

static t_decided tie_rendered(const char *decisions)
{
	char *m = t_marks("T-1", 2, T_TIE_MARKS);
	t_decided d = t_render_dec(T_TIE_RULES, t_tie_lot(), m, decisions);
	free(m);
	return d;
}

static t_decided low_rendered(const char *decisions)
{
	char *m = t_marks("T-1", 2, T_LOW_MARKS);
	t_decided d = t_render_dec(T_LOW_RULES, t_low_lot(), m, decisions);
	free(m);
	return d;
}

Test(summaries, no_letter_is_written_while_the_award_is_provisional)
{
	t_decided d = tie_rendered(NULL);
	cr_assert_eq(d.n, 3, "result.json, report.html, scores.csv (no ocds.json without publication.date): no summaries");
	cr_assert_eq(summaries_in(&d), 0);
	char **names = NULL, **texts = NULL;
	size_t n = 99;
	cr_assert_eq(co_report_summaries(d.res, &names, &texts, &n), 0);
	cr_assert_eq(n, 0, "nor through co_report_summaries");
	free(names);
	free(texts);
	t_decided_free(&d);
	d = low_rendered(NULL);
	cr_assert_eq(summaries_in(&d), 0, "an abnormally low bid in the award, not investigated: none either");
	t_decided_free(&d);
}

Test(summaries, once_decided_every_letter_is_written_and_the_tied_bids_are_told_the_decision)
{
	t_decided d = tie_rendered(T_TIE_DECISION);
	cr_assert_eq(summaries_in(&d), 8, "four suppliers, Markdown and HTML");
	const char *c = t_output_must(d.o, d.n, "summaries/GB-COH-3.md"), *b = t_output_must(d.o, d.n, "summaries/GB-COH-2.md");
	const char *a = t_output_must(d.o, d.n, "summaries/GB-COH-1.md");
	cr_assert(strstr(c, "\n## Decisions about your bid\n\n- Your bid tied with another on every criterion at the last place "
	                    "awarded. The council decided the tie: your bid is awarded. Decision D1, taken by A. Officer, "
	                    "Category Manager on 2026-12-03T10:00:00Z: Drawn by lot before two witnesses.\n"),
	          "%s", c);
	cr_assert(strstr(b, "The council decided the tie: your bid is not awarded. Decision D1"), "%s", b);
	/* The outcome says why a bid ranked within the top n is not successful, never that the top n are awarded. */
	cr_assert(strstr(b, "Your bid was not successful.\n\n**Why:** Your bid is ranked 2, tied on every key with another bid "
	                    "across the top-2 boundary; the contracting authority's decision D1 awarded the place left to "
	                    "another tied bid.\n"),
	          "%s", b);
	cr_assert_null(strstr(b, "the top 2 are awarded"), "%s", b);
	cr_assert(strstr(c, "Your bid was successful"), "%s", c);
	cr_assert_null(strstr(a, "Decision D"), "A was not in the tie: %s", a);
	cr_assert_null(strstr(a, "Decisions about your bid"), "%s", a);
	const char *ch = t_output_must(d.o, d.n, "summaries/GB-COH-3.html");
	cr_assert(strstr(ch, "<h2>Decisions about your bid</h2>\n<ul>\n<li>Your bid tied"), "%s", ch);
	t_decided_free(&d);
}

Test(summaries, an_excluded_or_rejected_bid_is_told_why_quoting_the_decision_and_no_one_else_is)
{
	const char *cases[] = {T_EXCLUSION, T_LOW_DECISION("rejected")};
	const char *told[] = {"The council excluded your bid (ground: debarred). Decision X1, taken by A. Officer, Category "
	                      "Manager on 2026-12-03T10:00:00Z: On the debarment list since 2026-11-20.",
	                      "Your price was abnormally low. The council investigated it and rejected your bid. Decision "
	                      "AL-1, taken by A. Officer, Category Manager on 2026-12-03T10:00:00Z: Explanation of the price "
	                      "requested under s.19; see file note 12."};
	const char *plain[] = {"The bid was excluded by the council's decision", "after investigating it, the council "
	                                                                       "rejected the bid"};
	const char *id[] = {"X1", "AL-1"};
	for (size_t i = 0; i < 2; i++) {
		t_decided d = low_rendered(cases[i]);
		const char *b = t_output_must(d.o, d.n, "summaries/GB-COH-2.md");
		cr_assert(strstr(b, "Your bid was not successful: it was disqualified, for these reasons:"), "%s", b);
		cr_assert(strstr(b, plain[i]), "the reason in plain words: %s", b);
		cr_assert(strstr(b, told[i]), "%s", b);
		for (const char *other = "134"; *other; other++) {
			char name[64];
			snprintf(name, sizeof(name), "summaries/GB-COH-%c.md", *other);
			const char *s = t_output_must(d.o, d.n, name);
			cr_assert_null(strstr(s, id[i]), "never another supplier's decision: %s", s);
			cr_assert_null(strstr(s, "debarment"), "%s", s);
		}
		if (i == 1) /* rejected at the price stage: scored for quality, no price row */
			cr_assert(strstr(b, "| Total quality |  | 30.00 |  | ") && !strstr(b, "| Price |"), "%s", b);
		t_decided_free(&d);
	}
}

/* The summary of bid id's supplier, Markdown or HTML. */
static const char *summary_of_bid(const sums *s, const char *id, int html)
{
	char name[200];
	snprintf(name, sizeof(name), "summaries/%s.%s", s->res->entries[entry_of(s->res, id)].bid->supplier_id,
	         html ? "html" : "md");
	return summary(s, name);
}

/* How many times needle occurs in s. */
static size_t count_of(const char *s, const char *needle)
{
	size_t k = 0;
	for (const char *at = s; (at = strstr(at, needle)); at += strlen(needle))
		k++;
	return k;
}

/*
 * Lot 7: Cranborne (B-L7-009) 62 against B-L7-011's 67 (hand-computed above); the disqualified
 * bids are told each reason with its subject: Q3's word count, the item above its maximum, the gate.
 */
Test(summaries, why_a_lower_total_or_a_disqualification_lost_lot7)
{
	sums all = summaries_of(L7_RULES, L7_BIDS, L7_MARKS);
	const char *s = summary_of_bid(&all, "B-L7-009", 0);
	cr_assert(strstr(s, "\n**Why:** Your total of 62.00 is lower than 67.00, the total of the lowest-ranked "
	                    "successful bid (B-L7-011).\n"),
	          "%s", s);
	cr_assert_eq(count_of(s, "**Why:**"), 1);
	const char *h = summary_of_bid(&all, "B-L7-009", 1);
	cr_assert(strstr(h, "<p class=\"why\"><strong>Why:</strong> Your total of 62.00 is lower than 67.00, the total of the lowest-ranked "
	                    "successful bid (B-L7-011).</p>\n"),
	          "%s", h);
	static const char told[][128] = {
		"**Why:** Your bid was disqualified: question Q3: 688 words, limit 500.\n",
		"**Why:** Your bid was disqualified: item weekly\\_single: 1195.00 is above the maximum 1150.00.\n",
		"**Why:** Your bid was disqualified: gate 'insurance' declared 'false' (line 7).\n",
		"**Why:** Your bid was disqualified: question Q3: consensus mark 2 is below the minimum 3.\n",
		"**Why:** Your bid was disqualified: quality is 58.00% of the points available, below the minimum 60%.\n"};
	size_t found = 0;
	for (size_t k = 0; k < sizeof(told) / sizeof(*told); k++)
		for (size_t i = 0; i < all.n; i++)
			found += strstr(all.texts[i], told[k]) != NULL;
	cr_assert_eq(found, 5, "each disqualification once, with its subject");
	/* A successful bid needs no why; the evaluators' working notes go to nobody. */
	cr_assert_null(strstr(summary_of_bid(&all, "B-L7-001", 0), "Why"));
	for (size_t i = 0; i < all.n; i++) {
		cr_assert_null(strstr(all.texts[i], "E1: "), "%s quotes an evaluator's note", all.names[i]);
		cr_assert_null(strstr(all.texts[i], "E2 had missed") && strstr(all.texts[i], "| E2: "), "%s", all.names[i]);
	}
	/* Quality only: no price section. */
	cr_assert_null(strstr(s, "### Price"), "%s", s);
	sums_free(&all);
}

/*
 * Uncapped Lot 8: Harbour (B-L8-03, marks 5 4 4 3 4 4 = 81) and Acme (B-L8-01, 4 5 4 4 4 3 =
 * 16 + 20 + 12 + 12 + 12 + 9 = 81) tie for ECH-01; the first key, question:E2, puts Acme ahead, 5
 * against 4. B-L8-05 (60) loses ECH-03 to 77 and ECH-04 to Harbour's 81: one why per scheme.
 */
Test(summaries, why_a_scheme_was_lost_on_a_tie_break_key_lot8)
{
	sums all = summaries_of(L8_RULES, L8_BIDS, L8_MARKS);
	const char *s = summary_of_bid(&all, "B-L8-03", 0);
	cr_assert(strstr(s, "\n**Why:** For scheme ECH-01, your total of 81.00 equals that of the successful bid (B-L8-01), "
	                    "and the first tie-break key on which they differ, question:E2 (the consensus mark on question "
	                    "E2), put it ahead: 5 against your 4.\n"),
	          "%s", s);
	cr_assert_eq(count_of(s, "**Why:**"), 1, "it won ECH-04: %s", s);
	s = summary_of_bid(&all, "B-L8-05", 0);
	cr_assert(strstr(s, "**Why:** For scheme ECH-03, your total of 60.00 is lower than 77.00, the total of the successful "
	                    "bid (B-L8-02).\n\n**Why:** For scheme ECH-04, your total of 60.00 is lower than 81.00, the total "
	                    "of the successful bid (B-L8-03).\n"),
	          "%s", s);
	cr_assert(strstr(s, "Prices were set by the council; every compliant bid scores the same on price."), "%s", s);
	sums_free(&all);
}

/*
 * Capped Lot 8 (one scheme a supplier): Harbour (81) is rank 1 for ECH-04 but holds ECH-01, so
 * ECH-04 goes to B-L8-06 (77, rank 2); the letter names the cap and the scheme it holds.
 */
Test(summaries, why_a_higher_total_lost_under_the_cap_lot8)
{
	sums all = summaries_of(L8_CAPPED, L8_BIDS, L8_MARKS);
	const char *s = summary_of_bid(&all, "B-L8-03", 0);
	cr_assert(strstr(s, "**Why:** For scheme ECH-04, your bid is ranked 1 with a total of 81.00 and the successful bid "
	                    "(B-L8-06) is ranked 2 with 77.00, but the rules allow one supplier at most 1 scheme "
	                    "(max\\_schemes\\_per\\_supplier: 1) and your supplier is awarded 1: ECH-01.\n"),
	          "%s", s);
	const char *h = summary_of_bid(&all, "B-L8-03", 1);
	cr_assert(strstr(h, "(max_schemes_per_supplier: 1) and your supplier is awarded 1: ECH-01.</p>"), "%s", h);
	sums_free(&all);
}

/* Equal totals in top_n: the key that decided (submitted, after an equal quality) and both values. */
Test(summaries, why_an_equal_total_lost_on_a_tie_break_key_top_n)
{
	sums all = two_bid_lot("A:Q1=4,4|B:Q1=3,5", "");
	const char *s = summary(&all, "summaries/GB-COH-2.md");
	cr_assert(strstr(s, "**Why:** Your total of 80.00 equals that of the lowest-ranked successful bid (A), and the first "
	                    "tie-break key on which they differ, submitted (the time the bid was received, earlier first), "
	                    "put it ahead: 2026-11-01T10:00:00Z against your 2026-11-01T12:00:00Z.\n"),
	          "%s", s);
	sums_free(&all);
}

/*
 * Totals that differ only past the rules' places (decimals 0, display rounding): A 90, B
 * 18 x 4.5 + 2 x 4.25 = 89.5, both "90" at 0 places; the letter shows the places that tell them apart.
 */
Test(summaries, why_never_says_lower_of_two_numbers_shown_alike)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T10:00:00Z", "Q1,Q2", "", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T10:00:00Z", "Q1,Q2", "", NULL, NULL);
	char *m = t_marks("T-1", 4, "A:Q1=5,5,5,5;Q2=0,0,0,0|B:Q1=4,5,4,5;Q2=4,4,4,5");
	const char *marks = t_write(t_dir(), "m.xml", m);
	free(m);
	const char *rules = t_write(t_dir(), "r.yaml", RULES_HEAD "award: {mode: top_n, n: 1}\n"
	                                                        "weights: {quality: 100, price: 0}\nmoderation: {consensus: mean}\n"
	                                                        "questions:\n  - {id: Q1, weight: 90}\n  - {id: Q2, weight: 10}\n"
	                                                        "rounding: {decimals: 0}\n");
	sums all = summaries_of(rules, d, marks);
	const char *s = summary(&all, "summaries/GB-COH-2.md");
	cr_assert(strstr(s, "**Why:** Your total of 89.5 is lower than 90.0, the total of the lowest-ranked successful bid (A).\n"),
	          "%s", s);
	sums_free(&all);
}

/*
 * A priced lot (quality 60, price 40; P1 weight 75 so 30 points, P2 weight 25 so 10), by hand.
 * lowest_ratio, L = 800.00 and 90.00: A (800.00, 100.00) scores 30 + 10 x 90/100 = 39, total 48 + 39
 * = 87; B (900.00, 90.00) 30 x 800/900 = 80/3 = 26.67 and 10, total 60 + 110/3 = 96.67.
 * linear_to_max (X = 1000.00, 120.00): A 30 + 10 x 20/30 = 36.67, total 84.67; B 30 x 100/200 = 15
 * and 10, total 85.
 */
static sums priced_lot(const char *method)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T10:00:00Z", "Q1", "P1=800.00,P2=100.00", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T10:00:00Z", "Q1", "P1=900.00,P2=90.00", NULL, NULL);
	char *m = t_marks("T-1", 2, "A:Q1=4,4|B:Q1=5,5");
	const char *marks = t_write(t_dir(), "m.xml", m);
	free(m);
	char yaml[1024];
	snprintf(yaml, sizeof(yaml),
	         RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 60, price: 40}\nmoderation: {consensus: mean}\n"
	                    "questions:\n  - {id: Q1, weight: 100}\nprices:\n  - {id: P1, max: 1000.00, weight: 75}\n"
	                    "  - {id: P2, max: 120.00, weight: 25}\nprice_scoring: %s\n",
	         method);
	return summaries_of(t_write(t_dir(), "r.yaml", yaml), d, marks);
}

Test(summaries, the_price_is_explained_item_by_item_lowest_ratio)
{
	sums all = priced_lot("lowest_ratio");
	const char *b = summary(&all, "summaries/GB-COH-2.md"), *a = summary(&all, "summaries/GB-COH-1.md");
	cr_assert(strstr(b, "f = L / p, where p is your price and L the lowest price among the bids still in the competition "
	                    "when prices were scored"),
	          "%s", b);
	cr_assert(strstr(b, "| Item | Weight | Points available | Your price (p) | Lowest price (L) | Working | Your points |\n"),
	          "%s", b);
	cr_assert(strstr(b, "| P1 | 75% | 30 | 900.00 | 800.00 | 30 × 800.00 / 900.00 = 80/3 ≈ 26.67 | 26.67 |\n"), "%s", b);
	cr_assert(strstr(b, "| P2 | 25% | 10 | 90.00 | 90.00 | 10 × 90.00 / 90.00 = 10.00 | 10.00 |\n"), "%s", b);
	cr_assert(strstr(b, "| Price points |  |  |  |  |  | 36.67 |\n"), "%s", b);
	cr_assert(strstr(a, "| P2 | 25% | 10 | 100.00 | 90.00 | 10 × 90.00 / 100.00 = 9.00 | 9.00 |\n"), "%s", a);
	cr_assert(strstr(a, "| Price points |  |  |  |  |  | 39.00 |\n"), "%s", a);
	cr_assert(strstr(a, "**Why:** Your total of 87.00 is lower than 96.67, the total of the lowest-ranked successful bid (B).\n"),
	          "%s", a);
	const char *h = summary(&all, "summaries/GB-COH-2.html");
	cr_assert(strstr(h, "<tr><td>P1</td><td>75%</td><td>30</td><td>900.00</td><td>800.00</td><td>30 × 800.00 / 900.00 = "
	                    "80/3 ≈ 26.67</td><td>26.67</td></tr>"),
	          "%s", h);
	sums_free(&all);
}

Test(summaries, the_price_is_explained_item_by_item_linear_to_max)
{
	sums all = priced_lot("linear_to_max");
	const char *a = summary(&all, "summaries/GB-COH-1.md"), *b = summary(&all, "summaries/GB-COH-2.md");
	cr_assert(strstr(a, "f = (X − p) / (X − L)"), "%s", a);
	cr_assert(strstr(a, "| P1 | 75% | 30 | 800.00 | 800.00 | 1000.00 | 30 × (1000.00 − 800.00) / (1000.00 − 800.00) = "
	                    "30.00 | 30.00 |\n"),
	          "%s", a);
	cr_assert(strstr(a, "| P2 | 25% | 10 | 100.00 | 90.00 | 120.00 | 10 × (120.00 − 100.00) / (120.00 − 90.00) = 20/3 ≈ "
	                    "6.67 | 6.67 |\n"),
	          "%s", a);
	cr_assert(strstr(a, "**Why:** Your total of 84.67 is lower than 85.00, the total of the lowest-ranked successful bid (B).\n"),
	          "%s", a);
	cr_assert(strstr(b, "| P1 | 75% | 30 | 900.00 | 800.00 | 1000.00 | 30 × (1000.00 − 900.00) / (1000.00 − 800.00) = "
	                    "15.00 | 15.00 |\n"),
	          "%s", b);
	sums_free(&all);
}

/* text with its one occurrence of old replaced by new (the caller frees). */
static char *replaced(const char *text, const char *old, const char *new)
{
	const char *at = strstr(text, old);
	cr_assert_not_null(at, "%s", old);
	char *out = malloc(strlen(text) - strlen(old) + strlen(new) + 1);
	sprintf(out, "%.*s%s%s", (int)(at - text), text, new, at + strlen(old));
	return out;
}

/*
 * Lot 8 priced (quality 60, price 40, linear_to_max; hourly_rate weight 70 so 28 points, night_cover
 * 30 so 12), Harbour at 23.10 an hour, Chesil (B-L8-06) at 128.40 a night, B-L8-04 (unmarked) left
 * out. Each scheme has its own lowest: ECH-03 (B-L8-02, B-L8-05) all at the maximum, so X = L and
 * f = 1; ECH-04's L is 23.10 and 128.40, so B-L8-05 at the maxima scores 0 there, and Harbour
 * 48.60 (81 x 0.6) + 28 + 12 x 0 = 76.60 against B-L8-05's 36.00 (60 x 0.6).
 */
Test(summaries, the_price_is_explained_per_scheme_with_its_own_lowest)
{
	const char *d = t_dir();
	static const char files[][40] = {"acme-care-group.xml", "chesil-care-partnership.xml", "harbour-home-care.xml",
	                                 "sherborne-live-in-care.xml", "stour-valley-care.xml", "wessex-companions.xml"};
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", L8_BIDS, files[i]);
		char *text = t_read(path), *t = NULL;
		if (strcmp(files[i], "harbour-home-care.xml") == 0)
			t = replaced(text, ">24.50<", ">23.10<");
		else if (strcmp(files[i], "chesil-care-partnership.xml") == 0)
			t = replaced(text, ">142.00<", ">128.40<");
		t_write(d, files[i], t ? t : text);
		free(t);
		free(text);
	}
	char *r0 = t_read(L8_RULES), *r1 = replaced(r0, "weights: {quality: 100, price: 0}", "weights: {quality: 60, price: 40}");
	char *r2 = replaced(r1, "\nprice_scoring: fixed", "\nprice_scoring: linear_to_max");
	char *r3 = replaced(r2, "max: 24.50}", "max: 24.50, weight: 70}");
	char *r4 = replaced(r3, "max: 142.00}", "max: 142.00, weight: 30}");
	sums all = summaries_of(t_write(t_dir(), "r.yaml", r4), d, L8_MARKS);
	free(r0);
	free(r1);
	free(r2);
	free(r3);
	free(r4);
	const char *s = summary_of_bid(&all, "B-L8-05", 0);
	const char *e3 = strstr(s, "Scheme ECH-03:"), *e4 = strstr(s, "Scheme ECH-04:");
	cr_assert(e3 && e4 && e3 < e4, "a price table per scheme:\n%s", s);
	cr_assert(strstr(s, "L the lowest price among the bids for the scheme still in the competition"), "%s", s);
	cr_assert(strstr(e3, "| hourly\\_rate Personal care and support, per hour (council rate) | 70% | 28 | 24.50 | 24.50 | "
	                     "24.50 | 28 × 1 (X = L) = 28.00 | 28.00 |\n"),
	          "%s", s);
	cr_assert(strstr(e4, "| hourly\\_rate Personal care and support, per hour (council rate) | 70% | 28 | 24.50 | 23.10 | "
	                     "24.50 | 28 × (24.50 − 24.50) / (24.50 − 23.10) = 0.00 | 0.00 |\n"),
	          "%s", s);
	cr_assert(strstr(e4, "| night\\_cover Waking night cover for the scheme, per night (council rate) | 30% | 12 | 142.00 | "
	                     "128.40 | 142.00 | 12 × (142.00 − 142.00) / (142.00 − 128.40) = 0.00 | 0.00 |\n"),
	          "%s", s);
	const char *sec = strstr(s, "### Scheme ECH-04");
	cr_assert(sec && strstr(sec, "| Price |  | 0.00 |  | 28.00 |\n| Total |  | 36.00 |  | 76.60 |\n"), "%s", s);
	cr_assert(strstr(s, "**Why:** For scheme ECH-04, your total of 36.00 is lower than 76.60, the total of the successful "
	                    "bid (B-L8-03).\n"),
	          "%s", s);
	sums_free(&all);
}

/* The summary is addressed to the supplier's contact as its bid gives it (bids/lot7/cranborne-chase-care.xml). */
Test(summaries, the_summary_is_addressed_to_the_suppliers_contact)
{
	sums all = summaries_of(L7_RULES, L7_BIDS, L7_MARKS);
	const char *s = summary_of_bid(&all, "B-L7-009", 0);
	cr_assert(strstr(s, "\nTo: Cranborne Chase Care Ltd (GB-COH-12890567), Chase House, 3 Salisbury Street, Cranborne, "
	                    "Dorset, BH21 5PU, tenders@cranborne-chase-care.example.org. About your bid B-L7-009. "),
	          "%s", s);
	const char *h = summary_of_bid(&all, "B-L7-009", 1);
	cr_assert(strstr(h, "<p>To: Cranborne Chase Care Ltd (GB-COH-12890567), Chase House, 3 Salisbury Street, Cranborne, "
	                    "Dorset, BH21 5PU, tenders@cranborne-chase-care.example.org. About your bid B-L7-009. "),
	          "%s", h);
	s = summary_of_bid(&all, "B-L7-005", 0); /* Stour Valley gives no contact */
	cr_assert(strstr(s, "\nTo: Stour Valley Care CIC (GB-"), "%s", s);
	cr_assert(strstr(s, "). About your bid B-L7-005. "), "%s", s);
	sums_free(&all);
}

/*
 * The Reasons column: the panel's feedback to the supplier first, else the moderated rationale,
 * else nothing; never an evaluator's note.
 */
Test(summaries, reasons_are_the_panels_feedback_then_the_moderated_rationale_never_notes)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1,Q2,Q3", "", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1,Q2,Q3", "", NULL, NULL);
	const char *marks = t_write(
		t_dir(), "m.xml",
		"<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\">\n  <evaluator id=\"E1\"/><evaluator id=\"E2\"/>\n"
		"  <bid ref=\"A\"><question ref=\"Q1\"><mark evaluator=\"E1\" value=\"5\">fine</mark><mark evaluator=\"E2\" "
		"value=\"5\">fine</mark></question><question ref=\"Q2\"><mark evaluator=\"E1\" value=\"5\">fine</mark><mark "
		"evaluator=\"E2\" value=\"5\">fine</mark></question><question ref=\"Q3\"><mark evaluator=\"E1\" value=\"5\">fine"
		"</mark><mark evaluator=\"E2\" value=\"5\">fine</mark></question></bid>\n"
		"  <bid ref=\"B\">\n"
		"    <question ref=\"Q1\"><mark evaluator=\"E1\" value=\"2\">E1 thinks it weak</mark><mark evaluator=\"E2\" "
		"value=\"4\">E2 liked it</mark><moderated value=\"3\">Panel agreed 3 after discussion of E1 and E2.</moderated>"
		"<feedback>Your answer met the requirement; it gave no timescale for replacing a carer.</feedback></question>\n"
		"    <question ref=\"Q2\"><mark evaluator=\"E1\" value=\"3\">E1 note two</mark><mark evaluator=\"E2\" "
		"value=\"3\">E2 note two</mark><moderated value=\"3\">Panel agreed 3: clear, little evidence.</moderated>"
		"</question>\n"
		"    <question ref=\"Q3\"><mark evaluator=\"E1\" value=\"3\">E1 note three</mark><mark evaluator=\"E2\" "
		"value=\"3\">E2 note three</mark></question>\n  </bid>\n</marks>\n");
	const char *rules = t_write(t_dir(), "r.yaml", RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 100, price: 0}\n"
	                                                        "moderation: {consensus: mean}\nquestions:\n"
	                                                        "  - {id: Q1, weight: 40}\n  - {id: Q2, weight: 30}\n"
	                                                        "  - {id: Q3, weight: 30}\n");
	sums all = summaries_of(rules, d, marks);
	const char *s = summary(&all, "summaries/GB-COH-2.md");
	cr_assert(strstr(s, "| Q1  | 3 | 24.00 | Your answer met the requirement; it gave no timescale for replacing a carer. |"),
	          "the feedback:\n%s", s);
	cr_assert(strstr(s, "| Q2  | 3 | 18.00 | Panel agreed 3: clear, little evidence. |"), "the moderated rationale:\n%s", s);
	cr_assert(strstr(s, "| Q3  | 3 | 18.00 |  |"), "nothing:\n%s", s);
	cr_assert_null(strstr(s, "Panel agreed 3 after"), "the rationale behind feedback is not sent: %s", s);
	cr_assert_null(strstr(s, "E1 "), "%s", s);
	cr_assert_null(strstr(s, "E2 "), "%s", s);
	sums_free(&all);
}

/*
 * A top_n lot of four bids with n = 2 and quality only: A (mark 5, 100.00), B and C (mark 4,
 * 80.00, tied on every key at rank 2, across the boundary) and D (mark 3, 60.00, rank 4).
 * exclude_all awards A alone; admit_all awards A, B and C: three bids for two places.
 */
static sums boundary_lot(const char *at_boundary)
{
	const char *d = t_dir();
	char rules[512];
	snprintf(rules, sizeof(rules),
	         RULES_HEAD "award: {mode: top_n, n: 2, at_boundary: %s}\n"
	                    "weights: {quality: 100, price: 0}\nmoderation: {consensus: mean}\n"
	                    "questions:\n  - {id: Q1, weight: 100}\nprices:\n  - {id: p, max: 2000}\n",
	         at_boundary);
	const char *rpath = strdup(t_write(d, "rules.yaml", rules));
	const char *bids[][2] = {{"A", "GB-COH-1"}, {"B", "GB-COH-2"}, {"C", "GB-COH-3"}, {"D", "GB-COH-4"}};
	for (int i = 0; i < 4; i++) {
		char file[32];
		snprintf(file, sizeof(file), "bids/%s.xml", bids[i][0]);
		t_put_bid(d, file, bids[i][0], bids[i][1], "2026-11-01T12:00:00Z", "Q1", "p=1000", NULL, NULL);
	}
	char *m = t_marks("T-1", 1, "A:Q1=5|B:Q1=4|C:Q1=4|D:Q1=3");
	const char *mpath = strdup(t_write(d, "marks.xml", m));
	free(m);
	char bdir[4096];
	snprintf(bdir, sizeof(bdir), "%s/bids", d);
	sums s = summaries_of(rpath, bdir, mpath);
	free((char *)rpath);
	free((char *)mpath);
	return s;
}

Test(summaries, exclude_all_letters_say_how_many_were_awarded_not_the_top_n)
{
	sums all = boundary_lot("exclude_all");
	cr_assert_eq(all.res->nawarded, 1, "exclude_all awards A alone");
	const char *places = "There are 2 places and 1 bid is awarded; the 2 bids tied at rank 2 across the boundary "
	                     "are not (at\\_boundary: exclude\\_all).";
	const char *dl = summary(&all, "summaries/GB-COH-4.md"), *al = summary(&all, "summaries/GB-COH-1.md");
	const char *bl = summary(&all, "summaries/GB-COH-2.md");
	char want[512];
	snprintf(want, sizeof(want), "Your bid was not successful. It is ranked 4. %s\n", places);
	cr_assert(strstr(dl, want), "%s", dl);
	/* D's why compares with the lowest-ranked awarded bid, A, not with the tied bids at rank 2. */
	cr_assert(strstr(dl, "**Why:** Your total of 60.00 is lower than 100.00, the total of the lowest-ranked "
	                     "successful bid (A).\n"),
	          "%s", dl);
	snprintf(want, sizeof(want), "Your bid was successful: it is ranked 1. %s\n", places);
	cr_assert(strstr(al, want), "%s", al);
	cr_assert(strstr(bl, "**Why:** Your bid is ranked 2, tied on every key with another bid across the top-2 boundary, "
	                     "and the rules (at\\_boundary: exclude\\_all) award none of the tied bids.\n"),
	          "%s", bl);
	for (size_t i = 0; i < all.n; i++)
		cr_assert_null(strstr(all.texts[i], "are awarded."), "never 'the top n are awarded': %s", all.texts[i]);
	const char *dh = summary(&all, "summaries/GB-COH-4.html");
	cr_assert(strstr(dh, "It is ranked 4. There are 2 places and 1 bid is awarded; the 2 bids tied at rank 2 across "
	                     "the boundary are not (at_boundary: exclude_all)."),
	          "the HTML letter says the same: %s", dh);
	sums_free(&all);
}

Test(summaries, admit_all_letters_say_more_bids_than_places_were_awarded)
{
	sums all = boundary_lot("admit_all");
	cr_assert_eq(all.res->nawarded, 3, "admit_all awards A, B and C");
	const char *places = "There are 2 places and 3 bids are awarded, including both bids tied at rank 2 across the "
	                     "boundary (at\\_boundary: admit\\_all).";
	char want[512];
	snprintf(want, sizeof(want), "Your bid was successful: it is ranked 2. %s\n", places);
	const char *bl = summary(&all, "summaries/GB-COH-2.md"), *dl = summary(&all, "summaries/GB-COH-4.md");
	cr_assert(strstr(bl, want), "%s", bl);
	snprintf(want, sizeof(want), "Your bid was not successful. It is ranked 4. %s\n", places);
	cr_assert(strstr(dl, want), "%s", dl);
	/* The lowest-ranked awarded bids are B and C (rank 2); the last in the award's order is C. */
	cr_assert(strstr(dl, "**Why:** Your total of 60.00 is lower than 80.00, the total of the lowest-ranked "
	                     "successful bid (C).\n"),
	          "%s", dl);
	sums_free(&all);
}

/* The Why line of a letter (from "**Why:** " to the end of its line), copied into buf. */
static const char *why_line(const char *letter, char *buf, size_t n)
{
	const char *w = strstr(letter, "**Why:** ");
	cr_assert(w, "%s", letter);
	size_t len = strcspn(w, "\n");
	cr_assert_lt(len, n);
	memcpy(buf, w, len);
	buf[len] = '\0';
	return buf;
}

/* The officer's reason ends with a full stop ("... since 2026-11-20."): the letter's Why ends with one, not two. */
Test(summaries, a_quoted_reason_ending_in_a_full_stop_is_not_doubled)
{
	t_decided d = low_rendered(T_EXCLUSION);
	const char *b = t_output_must(d.o, d.n, "summaries/GB-COH-2.md");
	char buf[1024];
	const char *w = why_line(b, buf, sizeof(buf));
	size_t len = strlen(w);
	cr_assert(strstr(w, "since 2026-11-20."), "the officer's reason is quoted: %s", w);
	cr_assert_null(strstr(w, ".."), "%s", w);
	cr_assert_eq(w[len - 1], '.', "%s", w);
	cr_assert_neq(w[len - 2], '.', "%s", w);
	/* Nor in the outcome's list of reasons, which quotes the same decision. */
	cr_assert(strstr(b, "In detail: "), "%s", b);
	cr_assert_null(strstr(b, ".."), "%s", b);
	t_decided_free(&d);
}

/*
 * The cap sentence reads stage 5's evidence. Capped Lot 8: ECH-04 was moved off its rank 1
 * (B-L8-03, whose supplier holds ECH-01, as the scheme's cap reason says); B-L8-06 was awarded,
 * B-L8-05 (rank 3) was behind it. Uncapped Lot 8: the cap passes no bid over.
 */
Test(summaries, the_cap_sentence_comes_from_the_award_stage_evidence)
{
	sums all = summaries_of(L8_CAPPED, L8_BIDS, L8_MARKS);
	const co_result *res = all.res;
	size_t s4 = 3, h = entry_of(res, "B-L8-03"), w = entry_of(res, "B-L8-06"), l = entry_of(res, "B-L8-05");
	cr_assert_str_eq(res->rules->schemes[s4].id, "ECH-04");
	cr_assert(res->schemes[s4].moved);
	cr_assert(strstr(res->schemes[s4].why, "rank 1 B-L8-03 (GB-COH-09345612) is awarded ECH-01;"), "%s",
	          res->schemes[s4].why);
	char *list = NULL;
	size_t held = 99;
	cr_assert_eq(co_award_passed_over(res, s4, h, &list, &held), 1);
	cr_assert_str_eq(list, "ECH-01");
	cr_assert_eq(held, 1);
	free(list);
	cr_assert_eq(co_award_passed_over(res, s4, w, &list, &held), 0, "the bid awarded the scheme");
	cr_assert_null(list);
	cr_assert_eq(co_award_passed_over(res, s4, l, &list, &held), 0, "a bid ranked behind the award");
	cr_assert_null(list);
	cr_assert_eq(co_award_passed_over(res, 1, entry_of(res, "B-L8-01"), &list, &held), 0, "ECH-02 was not moved");
	sums_free(&all);
	all = summaries_of(L8_RULES, L8_BIDS, L8_MARKS);
	res = all.res;
	for (size_t s = 0; s < res->rules->ns; s++)
		for (size_t i = 0; i < res->n; i++) {
			cr_assert_eq(co_award_passed_over(res, s, i, &list, &held), 0, "no cap, nothing passed over");
			cr_assert_null(list);
		}
	for (size_t i = 0; i < all.n; i++)
		cr_assert_null(strstr(all.texts[i], "the rules allow one supplier at most"), "%s", all.texts[i]);
	sums_free(&all);
}

/* Rules that say where the criteria were published but give no notice date: the letter still says where. */
Test(summaries, the_published_criteria_are_given_without_a_notice_date)
{
	sums all = two_bid_lot("A:Q1=4,4|B:Q1=3,3", "publication: {criteria: \"Find a Tender notice 000123-2026\"}\n");
	const char *s = summary(&all, "summaries/GB-COH-2.md");
	cr_assert(strstr(s, "the contract will not be entered into before it ends. The award criteria were published in: "
	                    "Find a Tender notice 000123-2026.\n"),
	          "%s", s);
	sums_free(&all);
}

/*
 * The decision and the standstill, from the shipped Lot 7 rules' publication block: decided
 * Friday 18 December 2026, notice Tuesday 22 December 2026. Eight working days beginning with
 * the notice date skip Christmas Day (Fri 25), the weekend, the Boxing Day substitute (Mon 28),
 * New Year's Day (Fri 1), the weekend and Scotland's 2 January substitute (Mon 4): 22, 23, 24,
 * 29, 30, 31 December, 5 and 6 January, so the last day is Wednesday 6 January 2027 (gov.uk's
 * bank holidays for 2026-27).
 */
Test(summaries, the_decision_date_standstill_end_and_published_criteria_are_given)
{
	sums all = summaries_of(L7_RULES, L7_BIDS, L7_MARKS);
	const char *s = summary_of_bid(&all, "B-L7-009", 0);
	cr_assert(strstr(s, "\n## Decision and standstill\n\nThe council decided the award on 18 December 2026. The contract "
	                    "award notice is to be published on Tuesday 22 December 2026. The mandatory standstill period is "
	                    "8 working days beginning with that day (Procurement Act 2023, section 51): it ends on Wednesday "
	                    "6 January 2027, and the contract will not be entered into before Thursday 7 January 2027.\n"),
	          "%s", s);
	cr_assert(strstr(s, "- 25 December 2026: Christmas Day\n"), "%s", s);
	cr_assert(strstr(s, "- 4 January 2027: bank holiday in Scotland: 2nd January (substitute)\n"), "%s", s);
	cr_assert(strstr(s, "\nThe award criteria were published in: Find a Tender tender notice 031245-2026, and section 4 "
	                    "of the invitation to tender.\n"),
	          "%s", s);
	/* The same in the HTML letter of an awarded supplier. */
	const char *h = summary_of_bid(&all, "B-L7-001", 1);
	cr_assert(strstr(h, "<h2>Decision and standstill</h2>\n<p>The council decided the award on 18 December 2026."), "%s", h);
	cr_assert(strstr(h, "<li>1 January 2027: bank holiday in England and Wales, Scotland and Northern Ireland: New "
	                    "Year&apos;s Day</li>") ||
	              strstr(h, "<li>1 January 2027: bank holiday in England and Wales, Scotland and Northern Ireland: New "
	                        "Year&#39;s Day</li>"),
	          "%s", h);
	sums_free(&all);
}

/* Rules with no publication.date: the letter says the notice is not dated yet, and gives no date. */
Test(summaries, without_a_notice_date_the_letter_says_when_the_standstill_will_begin)
{
	sums all = two_bid_lot("A:Q1=4,4|B:Q1=3,3", "");
	const char *s = summary(&all, "summaries/GB-COH-2.md");
	cr_assert(strstr(s, "\n## Decision and standstill\n\nThe contract award notice has not been dated yet. The mandatory "
	                    "standstill period is 8 working days beginning with the day the notice is published (Procurement "
	                    "Act 2023, section 51); the contract will not be entered into before it ends.\n"),
	          "%s", s);
	cr_assert_null(strstr(s, "published in:"), "no criteria in these rules: %s", s);
	sums_free(&all);
}

/* Per scheme: the schemes won are listed in words ("ECH-01 and ECH-02"), one scheme alone as "scheme". */
Test(summaries, the_schemes_won_are_listed_in_words)
{
	sums all = summaries_of(L8_RULES, L8_BIDS, L8_MARKS);
	cr_assert(strstr(summary_of_bid(&all, "B-L8-01", 0), "Your bid was successful for schemes ECH-01 and ECH-02.\n"),
	          "%s", summary_of_bid(&all, "B-L8-01", 0));
	cr_assert(strstr(summary_of_bid(&all, "B-L8-02", 0), "Your bid was successful for scheme ECH-03.\n"), "%s",
	          summary_of_bid(&all, "B-L8-02", 0));
	sums_free(&all);
}
