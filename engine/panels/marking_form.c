/* The marking form: one evaluator's self-contained HTML page, to mark their responses in a browser and export their marks file. */
#include "panels/formpage.h"
#include "base/xmlout.h"

/* The form's header: who marks what, and how the form keeps and hands in their work. */
static void put_header(co_strbuf *b, const co_plan *p, const co_plan_evaluator *ev, size_t n)
{
	const co_rules *r = p->rules;
	size_t nq = 0;
	co_strbuf_put(b, "<header>\n<h1>Marking form: ");
	co_form_text(b, r->title && *r->title ? r->title : p->competition);
	co_strbuf_put(b, "</h1>\n<p class=\"sub\">Competition <b>");
	co_form_text(b, p->competition);
	co_strbuf_put(b, "</b> &#183; evaluator <b>");
	co_form_text(b, ev->id);
	co_strbuf_put(b, "</b></p>\n<p class=\"sub\">Pack <span class=\"digest\">");
	co_form_text(b, ev->pack);
	co_strbuf_put(b, "</span></p>\n<div class=\"notice\">\n<p><strong>Mark independently.</strong> Mark each response "
	                 "against its question and the scale, on what is written, and do not discuss your marks with the other "
	                 "evaluators before the moderation meeting.</p>\n<p><strong>Your work is kept only in this browser until "
	                 "you export it.</strong> Your marks and rationales are saved in this browser on this computer as you work; "
	                 "nothing is sent anywhere. To continue later, open this file again in the same browser on the same computer. "
	                 "When you have finished (or to hand in part of your work), press <em>Export my marks</em> and send the file "
	                 "<b class=\"file\">");
	co_form_text(b, ev->id);
	co_strbuf_put(b, "-marks.xml</b> back as you were asked.</p>\n<p>The responses are shown as plain text, exactly as "
	                 "written, under neutral labels, with the bidders&#39; names replaced by [redacted]. Words beyond a "
	                 "question&#39;s word limit are cut off and are not to be evaluated.</p>\n</div>\n"
	                 "<noscript><div class=\"notice nojs\"><p><strong>This form needs JavaScript</strong> to keep and export "
	                 "your marks: open it in Edge or Chrome with scripts allowed.</p></div></noscript>\n</header>\n");
	co_strbuf_put(b, "<section id=\"work\" aria-labelledby=\"work-h\">\n<h2 id=\"work-h\">What you mark</h2>\n<p>");
	if (n == 0) {
		co_strbuf_put(b, "No question is assigned to you in this competition: there is nothing to mark.</p>\n</section>\n");
		return;
	}
	co_strbuf_put(b, "For each of the %zu response%s, question%s ", p->nb, p->nb == 1 ? "" : "s", n / p->nb == 1 ? "" : "s");
	for (size_t q = 0; q < r->nq; q++) {
		if (!ev->assigned[q])
			continue;
		co_strbuf_put(b, "%s", nq++ ? ", " : "");
		co_form_text(b, r->questions[q].id);
	}
	co_strbuf_put(b, ": %zu mark%s, each with a rationale.</p>\n</section>\n", n, n == 1 ? "" : "s");
}

/* The sticky bar: the evaluator's progress, the buttons, and the place the script speaks. */
static void put_bar(co_strbuf *b, size_t n)
{
	co_strbuf_put(b, "<div class=\"bar\" role=\"region\" aria-label=\"Progress and export\">\n"
	                 "<p class=\"progress\">Marks given <b id=\"n-marks\">0</b> of %zu &#183; rationales written "
	                 "<b id=\"n-texts\">0</b> of %zu</p>\n"
	                 "<button type=\"button\" id=\"next\" class=\"secondary\">Next to do</button>\n"
	                 "<button type=\"button\" id=\"export\">Export my marks</button>\n"
	                 "<button type=\"button\" id=\"show\" class=\"secondary\">Show the file&#39;s text</button>\n"
	                 "<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n</div>\n"
	                 "<textarea id=\"filetext\" readonly hidden aria-label=\"The text of your marks file\"></textarea>\n",
	              n, n);
}

static const co_form_words words = {.mark = "Your mark", .none = "Not marked", .text = "Your rationale"};

/* One (response, question) to mark: item i of the form. 0 or CO_ERROR. */
static int put_item(co_strbuf *b, const co_plan *p, size_t k, size_t q, size_t i)
{
	const co_question *qu = &p->rules->questions[q];
	const co_plan_bid *bid = &p->bids[k];
	co_strbuf_put(b, "<article class=\"item\" id=\"item-%zu\" data-response=\"", i);
	co_xml_escape(b, bid->label);
	co_strbuf_put(b, "\" data-question=\"");
	co_xml_escape(b, qu->id);
	co_strbuf_put(b, "\" data-digest=\"");
	co_xml_escape(b, bid->responses[q].digest);
	co_strbuf_put(b, "\">\n<h3>");
	co_form_question_name(b, qu);
	co_strbuf_put(b, "</h3>\n");
	if (co_form_response(b, qu, &bid->responses[q]))
		return CO_ERROR;
	co_form_controls(b, p->rules, i, bid->label, qu->id, &words, NULL, "", NULL);
	co_strbuf_put(b, "</article>\n");
	return 0;
}

int co_marking_form(co_strbuf *out, const co_plan *p, size_t e)
{
	const co_plan_evaluator *ev;
	size_t n, i = 0;
	if (e >= p->nev)
		return CO_ERROR;
	ev = &p->evs[e];
	n = co_plan_items(p, e);
	if (co_form_head(out, "Marking form", ev->id, p->competition))
		return CO_ERROR;
	co_strbuf_put(out, "<main id=\"form\" class=\"marking\" data-competition=\"");
	co_xml_escape(out, p->competition);
	co_strbuf_put(out, "\" data-evaluator=\"");
	co_xml_escape(out, ev->id);
	co_strbuf_put(out, "\" data-pack=\"");
	co_xml_escape(out, ev->pack);
	co_strbuf_put(out, "\" data-store=\"calloff-marking:");
	co_xml_escape(out, p->competition);
	co_strbuf_put(out, ":");
	co_xml_escape(out, ev->id);
	co_strbuf_put(out, ":");
	co_xml_escape(out, ev->pack);
	co_strbuf_put(out, "\" data-file=\"");
	co_xml_escape(out, ev->id);
	co_strbuf_put(out, "-marks.xml\" data-root=\"evaluator-marks\" data-entry=\"mark\" data-head=\"competition evaluator pack\" "
	                   "data-fields=\"response question digest\" data-text=\"rationale\">\n");
	put_header(out, p, ev, n);
	co_form_scale(out, p->rules);
	if (n) {
		co_strbuf_put(out, "<nav aria-label=\"Responses\"><ul>");
		for (size_t k = 0; k < p->nb; k++) {
			co_strbuf_put(out, "<li><a href=\"#bid-%zu\">", k + 1);
			co_form_text(out, p->bids[k].label);
			co_strbuf_put(out, "</a></li>");
		}
		co_strbuf_put(out, "</ul></nav>\n");
	}
	put_bar(out, n);
	for (size_t k = 0; n && k < p->nb; k++) {
		co_strbuf_put(out, "<section class=\"bid\" id=\"bid-%zu\" aria-labelledby=\"bid-%zu-h\">\n<h2 id=\"bid-%zu-h\">", k + 1,
		              k + 1, k + 1);
		co_form_text(out, p->bids[k].label);
		co_strbuf_put(out, "</h2>\n");
		for (size_t q = 0; q < p->rules->nq; q++)
			if (ev->assigned[q] && put_item(out, p, k, q, ++i))
				return CO_ERROR;
		co_strbuf_put(out, "</section>\n");
	}
	co_form_foot(out);
	return out->failed ? CO_ERROR : 0;
}
