/* The blank bid for a competition: every gate, question, price item and scheme, with its limits as comments. */
#include "calloff/provider.h"
#include "base/diag.h"
#include "evaluating/price.h"
#include "evaluating/quality.h"
#include "base/num.h"
#include "base/xmlout.h"

#include <stdlib.h>

/* What the blank bid holds for <submitted>: not an RFC 3339 time, so the bid is not valid until it is replaced. */
#define CO_TEMPLATE_SUBMITTED "YYYY-MM-DDThh:mm:ssZ"

/* A comment the template takes over; one that could not be made fails the template, never shows blank. */
static void comment(co_strbuf *b, const char *indent, char *text)
{
	co_xml_comment(b, indent, co_strbuf_need(b, text) ? text : "");
	free(text);
}

int co_template(char **out, const co_rules *r)
{
	co_strbuf b = {0};
	mpq_t avail;
	mpq_init(avail);
	co_strbuf_put(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	comment(&b, "", co_strdupf("Bid for %s%s%s%s%s. Lot %s%s%s. Deadline %s. Fill in every element, then check the "
	                           "draft with: calloff selfscore RULES THIS-FILE",
	                           r->id, r->title ? ": " : "", r->title ? r->title : "", r->authority ? ", " : "",
	                           r->authority ? r->authority : "", r->lot_id, r->lot_name ? " " : "",
	                           r->lot_name ? r->lot_name : "", r->deadline_text ? r->deadline_text : "(none set)"));
	co_strbuf_put(&b, "<bid xmlns=\"urn:calloff:bid:1\" id=\"YOUR-BID-ID\" competition=\"");
	co_xml_escape(&b, r->id);
	co_strbuf_put(&b, "\">\n");
	comment(&b, "  ", co_strdupf("Your organisation's org-id: GB-COH-<company number> or GB-CHC-<charity number>"));
	co_strbuf_put(&b, "  <supplier id=\"GB-COH-00000000\"><name>Your organisation's legal name</name></supplier>\n");
	/*
	 * No time is filled in for the provider (issue 21): a deadline written here would be declared by
	 * every bid whose provider forgot it. The placeholder is not a time, so the draft is not a valid
	 * bid (selfscore says so at this line) until the provider writes when they send it.
	 */
	comment(&b, "  ", co_strdupf("When you send the bid: replace " CO_TEMPLATE_SUBMITTED " with the date and time, with a "
	                             "time zone (e.g. 2026-11-28T10:15:00Z); until then the bid is not valid. A bid received "
	                             "after %s is late. Where the authority has the e-tendering portal's receipt log, the time "
	                             "the portal received the bid decides it, not this one, and a time written here more than "
	                             "%ld seconds from the portal's is flagged",
	                             r->deadline_text ? r->deadline_text : "the deadline", r->receipt_tolerance));
	co_strbuf_put(&b, "  <submitted>" CO_TEMPLATE_SUBMITTED "</submitted>\n");
	if (r->mode == CO_MODE_PER_SCHEME) {
		co_strbuf_put(&b, "  <schemes>\n");
		comment(&b, "    ", co_strdupf("Keep a <scheme> for each scheme you bid for, and delete the others%s",
		                               r->max_schemes ? "; one supplier may be awarded a limited number of schemes" : ""));
		for (size_t s = 0; s < r->ns; s++) {
			co_strbuf_put(&b, "    <scheme ref=\"");
			co_xml_escape(&b, r->schemes[s].id);
			co_strbuf_put(&b, "\"/>\n");
			if (r->schemes[s].name || r->schemes[s].town)
				comment(&b, "    ", co_strdupf("%s%s%s", r->schemes[s].name ? r->schemes[s].name : "",
				                                r->schemes[s].town ? ", " : "", r->schemes[s].town ? r->schemes[s].town : ""));
		}
		co_strbuf_put(&b, "  </schemes>\n");
	}
	co_strbuf_put(&b, "  <declarations>\n");
	for (size_t g = 0; g < r->ngates; g++) {
		comment(&b, "    ", co_strdupf("Gate %s: %s. Declare true only if it is so: anything else fails the gate.",
		                               r->gates[g].id, r->gates[g].text ? r->gates[g].text : ""));
		co_strbuf_put(&b, "    <declaration gate=\"");
		co_xml_escape(&b, r->gates[g].id);
		co_strbuf_put(&b, "\">false</declaration>\n");
	}
	co_strbuf_put(&b, "  </declarations>\n  <responses>\n");
	for (size_t q = 0; q < r->nq; q++) {
		const co_question *qu = &r->questions[q];
		co_question_available(r, q, avail);
		char *w = co_strbuf_need(&b, co_num_format_trim(qu->weight, 9));
		char *a = co_strbuf_need(&b, co_num_format(avail, r->decimals)), *limit = NULL, *floor = NULL;
		if (qu->max_words)
			limit = co_strbuf_need(&b, co_strdupf("; at most %ld words", qu->max_words));
		long min;
		if (co_question_floor(r, q, &min))
			floor = co_strbuf_need(&b, co_strdupf("; a consensus mark below %ld disqualifies", min));
		comment(&b, "    ", co_strdupf("%s%s%s: weight %s%% of the quality score (%s points)%s%s.%s%s", qu->id,
		                               qu->title ? " " : "", qu->title ? qu->title : "", w, a, limit ? limit : "",
		                               floor ? floor : "", qu->text ? " " : "", qu->text ? qu->text : ""));
		free(w);
		free(a);
		free(limit);
		free(floor);
		co_strbuf_put(&b, "    <response question=\"");
		co_xml_escape(&b, qu->id);
		co_strbuf_put(&b, "\"></response>\n");
	}
	co_strbuf_put(&b, "  </responses>\n  <prices>\n");
	for (size_t i = 0; i < r->np; i++) {
		const co_price_item *it = &r->prices[i];
		char *max = co_strbuf_need(&b, co_num_format(it->max, 2));
		char *w = co_strbuf_need(&b, co_num_format_trim(it->weight, 9)), *score = NULL;
		int fixed = r->price_scoring == CO_PS_FIXED && it->scored;
		if (!it->scored)
			score = co_strdupf("not scored: a cap only");
		else if (fixed)
			score = co_strdupf("a fixed price: bid exactly %s", max);
		else if (co_prices_scored(r))
			score = co_strdupf("weight %s%% of the price score", w);
		else
			score = co_strdupf("not scored (price weight 0): a cap only");
		co_strbuf_need(&b, score);
		comment(&b, "    ", co_strdupf("%s%s%s: %s %s %s%s%s; %s. A plain amount with at most 2 decimal places, e.g. 1080.00",
		                               it->id, it->text ? " " : "", it->text ? it->text : "", fixed ? "fixed at" : "maximum",
		                               max, r->currency, it->unit ? " per " : "", it->unit ? it->unit : "", score));
		free(max);
		free(w);
		free(score);
		co_strbuf_put(&b, "    <price item=\"");
		co_xml_escape(&b, it->id);
		co_strbuf_put(&b, "\"></price>\n");
	}
	co_strbuf_put(&b, "  </prices>\n  <self-assessment>\n");
	comment(&b, "    ", co_strdupf("Optional, for calloff selfscore: your own mark for each question, on the scale %ld to %ld. "
	                               "A mark left empty (or deleted) is not self-marked: selfscore shows the points still "
	                               "possible for it, never a mark you did not give",
	                               r->marks[0], co_rules_max_mark(r)));
	for (size_t q = 0; q < r->nq; q++) {
		co_strbuf_put(&b, "    <mark question=\"");
		co_xml_escape(&b, r->questions[q].id);
		co_strbuf_put(&b, "\"></mark>\n");
	}
	co_strbuf_put(&b, "  </self-assessment>\n</bid>\n");
	mpq_clear(avail);
	*out = co_strbuf_take(&b);
	return *out ? 0 : CO_ERROR;
}
