/* The moderation form: every evaluator's mark of each answer side by side, to record the panel's consensus in a browser and export it. */
#include "panels/formpage.h"
#include "base/xmlout.h"

/* A mark as the scale names it: "4 &#8211; Very good" (a mark off the scale: the number alone). */
static void put_mark(co_strbuf *b, const co_rules *r, long value)
{
	co_strbuf_put(b, "%ld", value);
	for (size_t m = 0; m < r->nmarks; m++)
		if (r->marks[m] == value && r->labels[m] && *r->labels[m]) {
			co_strbuf_put(b, " &#8211; ");
			co_form_text(b, r->labels[m]);
		}
}

/* The form's header: what the moderator sees, and how the form keeps and hands in the panel's work. */
static void put_header(co_strbuf *b, const co_plan *p, size_t n, size_t flagged)
{
	const co_rules *r = p->rules;
	co_strbuf_put(b, "<header>\n<h1>Moderation: ");
	co_form_text(b, r->title && *r->title ? r->title : p->competition);
	co_strbuf_put(b, "</h1>\n<p class=\"sub\">Competition <b>");
	co_form_text(b, p->competition);
	co_strbuf_put(b, "</b> &#183; %zu answer%s marked, %zu with a disagreement</p>\n<p class=\"sub\">Plan <span "
	                 "class=\"digest\">", n, n == 1 ? "" : "s", flagged);
	co_form_text(b, p->digest);
	co_strbuf_put(b, "</span></p>\n<div class=\"notice\">\n<p>For each response and question, every evaluator&#39;s mark "
	                 "and rationale are shown side by side");
	if (r->flag_range)
		co_strbuf_put(b, "; disagreements (marks %ld or more apart) come first", r->flag_range);
	co_strbuf_put(b, ". Record the consensus mark the panel agrees and the panel&#39;s reason for it: <strong>a reason is "
	                 "required for each consensus mark</strong>. The <em>feedback to the supplier</em> is optional: it is what the "
	                 "supplier reads about this answer in its assessment summary, so write it for the supplier, apart from the "
	                 "panel&#39;s working reason. A consensus or feedback already recorded in the marks file is filled "
	                 "in.</p>\n<p><strong>The work is kept only in this browser until you export it.</strong> It is saved in "
	                 "this browser on this computer as you work; nothing is sent anywhere. When you have finished (or to hand "
	                 "in part of the work), press <em>Export the moderation</em> and give the file <b class=\"file\">moderation.xml</b> to "
	                 "the officer, who merges it into the marks file.</p>\n</div>\n"
	                 "<noscript><div class=\"notice nojs\"><p><strong>This form needs JavaScript</strong> to keep and export "
	                 "the moderation: open it in Edge or Chrome with scripts allowed.</p></div></noscript>\n</header>\n");
}

/* The sticky bar: the moderation's progress, the buttons, and the place the script speaks. */
static void put_bar(co_strbuf *b, size_t n, size_t flagged)
{
	co_strbuf_put(b, "<div class=\"bar\" role=\"region\" aria-label=\"Progress and export\">\n"
	                 "<p class=\"progress\">Consensus marks <b id=\"n-marks\">0</b> of %zu &#183; reasons written "
	                 "<b id=\"n-texts\">0</b> of %zu &#183; disagreements settled <b id=\"n-flagged\">0</b> of %zu</p>\n"
	                 "<button type=\"button\" id=\"next\" class=\"secondary\">Next to do</button>\n"
	                 "<button type=\"button\" id=\"export\">Export the moderation</button>\n"
	                 "<button type=\"button\" id=\"show\" class=\"secondary\">Show the file&#39;s text</button>\n"
	                 "<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n</div>\n"
	                 "<textarea id=\"filetext\" readonly hidden aria-label=\"The text of the moderation file\"></textarea>\n",
	              n, n, flagged);
}

/* The evaluators' marks of an item, side by side: one row each. */
static void put_marks(co_strbuf *b, const co_rules *r, const co_moderation_item *it)
{
	co_strbuf_put(b, "<table class=\"marks\">\n<thead><tr><th scope=\"col\">Evaluator</th><th scope=\"col\">Mark</th>"
	                 "<th scope=\"col\">Rationale</th></tr></thead>\n<tbody>\n");
	for (size_t m = 0; m < it->nmarks; m++) {
		const co_seen_mark *sm = &it->marks[m];
		co_strbuf_put(b, "<tr data-evaluator=\"");
		co_xml_escape(b, sm->evaluator);
		co_strbuf_put(b, "\" data-mark=\"%ld\"><th scope=\"row\">", sm->value);
		co_form_text(b, sm->evaluator);
		co_strbuf_put(b, "</th><td class=\"mark\">");
		put_mark(b, r, sm->value);
		if (sm->rationale && *sm->rationale) {
			co_strbuf_put(b, "</td><td class=\"text\">");
			co_form_text(b, sm->rationale);
		} else {
			co_strbuf_put(b, "</td><td class=\"none\">No rationale given.");
		}
		co_strbuf_put(b, "</td></tr>\n");
	}
	for (size_t m = 0; m < it->nmissing; m++) {
		co_strbuf_put(b, "<tr class=\"missing\" data-evaluator=\"");
		co_xml_escape(b, it->missing[m]);
		co_strbuf_put(b, "\"><th scope=\"row\">");
		co_form_text(b, it->missing[m]);
		co_strbuf_put(b, "</th><td class=\"none\" colspan=\"2\">Not marked yet: this evaluator&#39;s mark has not been "
		                 "merged. Moderate this answer once it is in.</td></tr>\n");
	}
	co_strbuf_put(b, "</tbody>\n</table>\n");
}

/* "Disagreement": the span of the marks that the caller found at least the flag range wide. */
static void put_flag(co_strbuf *b, const co_rules *r, const co_moderation_item *it)
{
	long lo = 0, hi = 0;
	for (size_t m = 0; m < it->nmarks; m++) {
		long v = it->marks[m].value;
		lo = m == 0 || v < lo ? v : lo;
		hi = m == 0 || v > hi ? v : hi;
	}
	co_strbuf_put(b, "<p class=\"flag\">Disagreement: the marks span %ld to %ld, %ld apart (flagged at %ld or more)</p>\n", lo,
	              hi, hi - lo, r->flag_range);
}

static const co_form_words words = {.mark = "Consensus mark",
                                    .none = "No consensus yet",
                                    .text = "The panel&#39;s reason",
                                    .feedback = "Feedback to the supplier (optional)"};

/* One item to moderate: item i of the form. 0 or CO_ERROR. */
static int put_item(co_strbuf *b, const co_plan *p, const co_moderation_item *it, size_t i)
{
	const co_rules *r = p->rules;
	const co_question *qu = &r->questions[it->q];
	const co_plan_bid *bid = &p->bids[it->bid];
	int chosen = it->has_moderated && co_plan_on_scale(p, it->moderated);
	co_strbuf_put(b, "<article class=\"item%s\" id=\"item-%zu\" data-response=\"", it->disagree ? " disagree" : "", i);
	co_xml_escape(b, bid->label);
	co_strbuf_put(b, "\" data-question=\"");
	co_xml_escape(b, qu->id);
	co_strbuf_put(b, "\" data-digest=\"");
	co_xml_escape(b, bid->responses[it->q].digest);
	co_strbuf_put(b, "\" data-seen=\"");
	co_xml_escape(b, it->seen);
	co_strbuf_put(b, "\">\n<h2>");
	co_form_text(b, bid->label);
	co_strbuf_put(b, " &#183; ");
	co_form_question_name(b, qu);
	co_strbuf_put(b, "</h2>\n");
	if (it->disagree)
		put_flag(b, r, it);
	if (co_form_response(b, qu, &bid->responses[it->q]))
		return CO_ERROR;
	put_marks(b, r, it);
	if (it->has_moderated) {
		co_strbuf_put(b, "<p class=\"recorded\">Consensus already recorded in the marks file: <b>");
		put_mark(b, r, it->moderated);
		co_strbuf_put(b, "</b>%s</p>\n", chosen ? "" : " (not on the scale: choose again)");
	}
	co_form_controls(b, r, i, bid->label, qu->id, &words, chosen ? &it->moderated : NULL, it->has_moderated ? it->reason : "",
	                 it->feedback);
	co_strbuf_put(b, "</article>\n");
	return 0;
}

int co_moderation_form(co_strbuf *out, const co_plan *p, const co_moderation_item *items, size_t n)
{
	size_t flagged = 0;
	for (size_t i = 0; i < n; i++) {
		if (items[i].bid >= p->nb || items[i].q >= p->rules->nq)
			return CO_ERROR;
		flagged += items[i].disagree != 0;
	}
	if (co_form_head(out, "Moderation", "", p->competition))
		return CO_ERROR;
	co_strbuf_put(out, "<main id=\"form\" class=\"moderation\" data-competition=\"");
	co_xml_escape(out, p->competition);
	co_strbuf_put(out, "\" data-plan=\"");
	co_xml_escape(out, p->digest);
	co_strbuf_put(out, "\" data-store=\"calloff-moderation:");
	co_xml_escape(out, p->competition);
	co_strbuf_put(out, ":");
	co_xml_escape(out, p->digest);
	co_strbuf_put(out, "\" data-file=\"moderation.xml\" data-root=\"moderation\" data-entry=\"moderated\" "
	                   "data-head=\"competition plan\" data-fields=\"response question digest seen\" data-text=\"reason\" "
	                   "data-need-reason=\"\">\n");
	put_header(out, p, n, flagged);
	co_form_scale(out, p->rules);
	put_bar(out, n, flagged);
	if (!n)
		co_strbuf_put(out, "<p>No answer has a mark yet: there is nothing to moderate.</p>\n");
	for (size_t i = 0; i < n; i++)
		if (put_item(out, p, &items[i], i + 1))
			return CO_ERROR;
	co_form_foot(out);
	return out->failed ? CO_ERROR : 0;
}
