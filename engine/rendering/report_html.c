/*
 * report.html: one self-contained, print-friendly page for the panel and the officer. Inline CSS
 * and SVG only, no script, and a Content-Security-Policy that forbids loading anything.
 * Every text from bids, marks or rules is escaped.
 */
#include "evaluating/quality.h"
#include "evaluating/price.h"
#include "rendering/reports.h"
#include "base/num.h"
#include "base/strbuf.h"
#include "base/xmlout.h"

#include <stdlib.h>
#include <string.h>

#define put co_strbuf_put
#define esc co_xml_escape

static const char *const plain[][2] = {
	{"invalid_bid", "The file could not be read as a valid bid."},
	{"duplicate_submission", "The same bid, or two bids at the same moment, came from one supplier."},
	{"wrong_competition", "The bid is for a different competition."},
	{"late", "The bid was submitted after the deadline."},
	{"superseded", "A later bid from the same supplier replaced this one."},
	{"gate_failed", "A pass/fail requirement was not met."},
	{"missing_response", "A question was not answered."},
	{"over_word_limit", "An answer is longer than the word limit."},
	{"missing_price", "A price was not given."},
	{"invalid_price", "A price is not a valid amount."},
	{"price_above_max", "A price is above the maximum the council set."},
	{"price_not_fixed", "A price differs from the fixed price the council set."},
	{"below_min_mark", "An answer was marked below the minimum mark."},
	{"below_min_quality", "The quality score is below the minimum."},
	{"no_scheme", "The bid names no scheme of this competition."},
};

const char *co_reason_plain(const char *code)
{
	for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++)
		if (strcmp(plain[i][0], code) == 0)
			return plain[i][1];
	return code;
}

static void num(co_strbuf *b, const mpq_t q, int show, int d)
{
	char *s = show ? co_strbuf_need(b, co_num_format(q, d)) : NULL;
	put(b, "%s", s ? s : "&#8211;");
	free(s);
}

static void ratio(co_strbuf *b, const co_ratio *r, int show, int d)
{
	char *s = show ? co_strbuf_need(b, co_ratio_format(r, d)) : NULL;
	put(b, "%s", s ? s : "&#8211;");
	free(s);
}

/* q x scale as a decimal with one place (deterministic SVG coordinates, no floating point). */
static char *px(const mpq_t q, long scale)
{
	mpq_t t;
	mpq_init(t);
	mpq_set_si(t, scale, 1);
	mpq_mul(t, t, q);
	char *s = co_num_format(t, 1);
	mpq_clear(t);
	return s;
}

static const char style[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1b1b1b;margin:2em auto;"
	"max-width:1000px;padding:0 1em}h1{font-size:1.6em;margin:.2em 0}h2{border-bottom:2px solid #1d70b8;"
	"padding-bottom:.2em;margin-top:1.8em}table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border-bottom:"
	"1px solid #ccc;padding:.35em .5em;text-align:left;vertical-align:top}th{background:#f3f2f1}td.n,th.n{text-align:"
	"right;font-variant-numeric:tabular-nums}tr.awarded td{background:#e7f4ea}.tag{display:inline-block;padding:0 .4em;"
	"border-radius:3px;font-size:.85em;background:#eee;margin:0 .2em .2em 0}.awarded .tag.status{background:#00703c;"
	"color:#fff}.meta{color:#505a5f}.award{background:#f3f7fb;border-left:5px solid #1d70b8;padding:.6em 1em}"
	"svg text{font:12px system-ui,Arial,sans-serif}.bar-quality{fill:#1d70b8}.bar-price{fill:#f47738}"
	".admission-line{stroke:#d4351c;stroke-width:2;stroke-dasharray:6 4}.flagged{stroke:#d4351c;stroke-width:3}"
	"@media print{body{margin:0;max-width:none}section{break-inside:avoid}h2{break-after:avoid}}";

static void head(co_strbuf *b, const co_rules *r)
{
	put(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	esc(b, r->id);
	if (r->title) {
		put(b, ": ");
		esc(b, r->title);
	}
	put(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>", style);
	esc(b, r->title ? r->title : r->id);
	put(b, "</h1>\n<p class=\"meta\">");
	esc(b, r->id);
	if (r->framework) {
		put(b, " &#183; ");
		esc(b, r->framework);
	}
	if (r->authority) {
		put(b, " &#183; ");
		esc(b, r->authority);
	}
	put(b, " &#183; Lot ");
	esc(b, r->lot_id);
	if (r->lot_name) {
		put(b, " ");
		esc(b, r->lot_name);
	}
	if (r->deadline_text) {
		put(b, " &#183; deadline ");
		esc(b, r->deadline_text);
	}
	put(b, "</p>\n</header>\n");
}

static void bid_name(co_strbuf *b, const co_entry *e)
{
	esc(b, e->bid->id ? e->bid->id : "(no id)");
	put(b, " &#8211; ");
	esc(b, e->bid->supplier_name ? e->bid->supplier_name : e->bid->file);
}

static void award(co_strbuf *b, const co_result *res)
{
	const co_rules *r = res->rules;
	put(b, "<section id=\"award\">\n<h2>Award</h2>\n<div class=\"award\">\n");
	if (r->mode == CO_MODE_TOP_N) {
		put(b, "<p>The top %ld are awarded. %zu bid%s awarded%s:</p>\n<ol>\n", r->n, res->nawarded,
		    res->nawarded == 1 ? " is" : "s are",
		    (long)res->nawarded > r->n ? ", because bids tied at the boundary are all admitted (admit_all)" : "");
		for (size_t i = 0; i < res->nawarded; i++) {
			put(b, "<li>");
			bid_name(b, &res->entries[res->awarded[i]]);
			put(b, "</li>\n");
		}
		put(b, "</ol>\n");
	} else {
		put(b, "<table>\n<thead><tr><th>Scheme</th><th>Outcome</th></tr></thead>\n<tbody>\n");
		for (size_t s = 0; s < r->ns; s++) {
			const co_scheme_result *sr = &res->schemes[s];
			put(b, "<tr class=\"scheme-award\"><td>");
			esc(b, r->schemes[s].id);
			if (r->schemes[s].name) {
				put(b, " ");
				esc(b, r->schemes[s].name);
			}
			put(b, "</td><td>");
			if (sr->status == CO_SCHEME_AWARDED)
				bid_name(b, &res->entries[sr->awarded]);
			else
				put(b, "%s", sr->status == CO_SCHEME_UNAWARDED ? "Not awarded: no eligible bid" : "Tie: a person must decide");
			if (sr->why) {
				put(b, "<br><span class=\"meta\">Moved by the cap: ");
				esc(b, sr->why);
				put(b, "</span>");
			}
			put(b, "</td></tr>\n");
		}
		put(b, "</tbody>\n</table>\n");
	}
	if (res->ntied) {
		put(b, "<p><strong>A decision is needed:</strong> tied on every key: ");
		for (size_t i = 0; i < res->ntied; i++) {
			put(b, "%s", i ? ", " : "");
			esc(b, res->entries[res->tied[i]].bid->id);
		}
		put(b, ".</p>\n");
	}
	put(b, "</div>\n</section>\n");
}

static void rules_summary(co_strbuf *b, const co_rules *r)
{
	/* In plain words, each followed by the rules' own name for it. */
	static const char *const methods[] = {"lowest price / bid price", "(maximum &#8722; bid) / (maximum &#8722; lowest)",
	                                      "fixed by the council: no price points"};
	static const char *const cons[] = {"the moderated mark", "the median of the evaluators' marks",
	                                   "the mean of the evaluators' marks"};
	static const char *const bounds[] = {"all tied bids are awarded", "no tied bid is awarded", "a person decides"};
	char *wq = co_strbuf_need(b, co_num_format_trim(r->wq, 9)), *wp = co_strbuf_need(b, co_num_format_trim(r->wp, 9));
	put(b, "<section id=\"rules\">\n<h2>Rules</h2>\n<table class=\"rules\">\n<tbody>\n");
	put(b, "<tr><th>Weights</th><td>quality %s%%, price %s%%</td></tr>\n", wq, wp);
	put(b, "<tr><th>Questions</th><td>");
	for (size_t q = 0; q < r->nq; q++) {
		char *w = co_strbuf_need(b, co_num_format_trim(r->questions[q].weight, 9));
		put(b, "<span class=\"tag\">");
		esc(b, r->questions[q].id);
		put(b, " %s%%</span>", w);
		free(w);
	}
	put(b, "</td></tr>\n<tr><th>Scale</th><td>");
	for (size_t m = 0; m < r->nmarks; m++) {
		put(b, "%s%ld", m ? ", " : "", r->marks[m]);
		if (r->labels[m]) {
			put(b, " ");
			esc(b, r->labels[m]);
		}
	}
	put(b, "</td></tr>\n<tr><th>Consensus</th><td>%s", cons[r->consensus]);
	if (r->flag_range)
		put(b, "; marks spanning %ld or more without moderation are flagged", r->flag_range);
	put(b, "</td></tr>\n<tr><th>Thresholds</th><td>");
	if (r->has_min_mark)
		put(b, "minimum mark %ld", r->has_min_mark ? r->min_mark : 0);
	if (r->has_min_quality) {
		char *m = co_strbuf_need(b, co_num_format_trim(r->min_quality, 9));
		put(b, "%sminimum quality %s%%", r->has_min_mark ? "; " : "", m);
		free(m);
	}
	if (!r->has_min_mark && !r->has_min_quality)
		put(b, "none");
	put(b, "; answers over the word limit %s</td></tr>\n", r->word_limit_disqualify ? "disqualify" : "are flagged");
	put(b, "<tr><th>Price</th><td>%s (%s)</td></tr>\n", methods[r->price_scoring], co_method_name(r->price_scoring));
	put(b, "<tr><th>Award</th><td>");
	if (r->mode == CO_MODE_TOP_N)
		put(b, "top %ld; at the boundary %s (%s)", r->n, bounds[r->at_boundary], co_boundary_name(r->at_boundary));
	else
		put(b, "one provider per scheme%s", r->max_schemes ? "" : "");
	if (r->max_schemes)
		put(b, ", at most %ld scheme%s per supplier", r->max_schemes, r->max_schemes == 1 ? "" : "s");
	put(b, "; ties broken by ");
	if (!r->ntb)
		put(b, "nothing (ties stand)");
	for (size_t k = 0; k < r->ntb; k++) {
		char buf[160];
		put(b, "%s", k ? ", " : "");
		esc(b, co_tiebreak_name(r, k, buf, sizeof(buf)));
	}
	put(b, "</td></tr>\n<tr><th>Rounding</th><td>%d decimal places, %s</td></tr>\n</tbody>\n</table>\n</section>\n",
	    r->decimals, r->each_score ? "each question's and item's points rounded first" : "for display only");
	free(wq);
	free(wp);
}

static void ranking(co_strbuf *b, const co_result *res)
{
	const co_rules *r = res->rules;
	int top_n = r->mode == CO_MODE_TOP_N, d = r->decimals;
	put(b, "<section id=\"ranking\">\n<h2>Ranking</h2>\n<table class=\"ranking\">\n<thead><tr><th class=\"n\">Rank</th>"
	       "<th>Bid</th><th>Supplier</th><th>Status</th><th class=\"n\">Quality</th><th class=\"n\">Price</th>"
	       "<th class=\"n\">Total</th><th>Flags</th></tr></thead>\n<tbody>\n");
	mpq_t pp, total;
	mpq_inits(pp, total, NULL);
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[res->order[i]];
		if (e->status != CO_ST_RANKED && e->status != CO_ST_AWARDED)
			continue;
		put(b, "<tr class=\"bid %s\" data-bid=\"", co_status_name(e->status));
		esc(b, e->bid->id);
		put(b, "\"><td class=\"n\">");
		if (top_n)
			put(b, "%ld", (long)e->rank);
		put(b, "</td><td>");
		esc(b, e->bid->id);
		put(b, "</td><td>");
		esc(b, e->bid->supplier_name);
		put(b, "</td><td><span class=\"tag status\">%s</span></td><td class=\"n\">", co_status_name(e->status));
		ratio(b, &e->qp, 1, d);
		put(b, "</td><td class=\"n\">");
		co_entry_totals(res, e, pp, total);
		num(b, pp, top_n, d);
		put(b, "</td><td class=\"n\">");
		num(b, total, top_n, d);
		put(b, "</td><td>");
		for (size_t k = 0; k < e->nflags; k++) {
			put(b, "<span class=\"tag\" title=\"");
			esc(b, e->flags[k].detail);
			put(b, "\">%s", e->flags[k].code);
			const co_note *f = &e->flags[k];
			const char *what = f->about == CO_ABOUT_QUESTION || f->about == CO_ABOUT_ITEM ? f->subject : NULL;
			if (what) {
				put(b, " ");
				esc(b, what);
			}
			put(b, "</span>");
		}
		put(b, "</td></tr>\n");
	}
	mpq_clears(pp, total, NULL);
	put(b, "</tbody>\n</table>\n</section>\n");
}

static void excluded(co_strbuf *b, const co_result *res)
{
	put(b, "<section id=\"excluded\">\n<h2>Bids not in the ranking</h2>\n<table class=\"excluded\">\n<thead><tr><th>Bid</th>"
	       "<th>Supplier</th><th>Status</th><th>Why</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[res->order[i]];
		if (e->status != CO_ST_REJECTED && e->status != CO_ST_DISQUALIFIED)
			continue;
		put(b, "<tr class=\"excluded-bid\"><td>");
		esc(b, e->bid->id ? e->bid->id : "(no id)");
		put(b, "</td><td>");
		esc(b, e->bid->supplier_name ? e->bid->supplier_name : e->bid->file);
		put(b, "</td><td>%s</td><td><ul>", co_status_name(e->status));
		for (size_t k = 0; k < e->nreasons; k++) {
			put(b, "<li>%s <span class=\"meta\">(", co_reason_plain(e->reasons[k].code));
			esc(b, e->reasons[k].code);
			put(b, ": ");
			esc(b, e->reasons[k].detail);
			put(b, ")</span></li>");
		}
		put(b, "</ul></td></tr>\n");
	}
	put(b, "</tbody>\n</table>\n</section>\n");
}

/* Horizontal stacked bars (quality, then price points) for a ranking; line_after: rows above the line. */
static void bars(co_strbuf *b, const co_result *res, const co_cand *c, size_t n, long line_after, const char *label)
{
	const long row = 26, left = 170, scale = 6; /* 100 points = 600 px */
	long h = (long)n * row + 40;
	put(b, "<svg class=\"bars\" role=\"img\" aria-label=\"");
	esc(b, label);
	put(b, "\" viewBox=\"0 0 860 %ld\" width=\"860\" height=\"%ld\">\n", h, h);
	mpq_t qp, pp, total, at, qx;
	mpq_inits(qp, pp, total, at, qx, NULL);
	for (size_t i = 0; i < n; i++) {
		const co_entry *e = &res->entries[c[i].entry];
		long y = 10 + (long)i * row;
		co_ratio_get(qp, &e->qp);
		co_ratio_get(pp, &c[i].pp);
		co_ratio_get(total, &c[i].total);
		char *q = co_strbuf_need(b, px(qp, scale)), *p = co_strbuf_need(b, px(pp, scale));
		char *t = co_strbuf_need(b, co_num_format(total, res->rules->decimals));
		mpq_set_si(at, left, 1);
		mpq_set_si(qx, scale, 1);
		mpq_mul(qx, qx, qp);
		mpq_add(at, at, qx);
		char *px0 = co_strbuf_need(b, co_num_format(at, 1));
		mpq_set_si(qx, scale, 1);
		mpq_mul(qx, qx, total);
		mpq_set_si(at, left + 6, 1);
		mpq_add(at, at, qx);
		char *tx = co_strbuf_need(b, co_num_format(at, 1));
		put(b, "<text x=\"%ld\" y=\"%ld\" text-anchor=\"end\">", left - 8, y + 14);
		esc(b, e->bid->id);
		put(b, "</text><rect class=\"bar-quality\" data-bid=\"");
		esc(b, e->bid->id);
		put(b, "\" x=\"%ld\" y=\"%ld\" width=\"%s\" height=\"18\"/>"
		       "<rect class=\"bar-price\" x=\"%s\" y=\"%ld\" width=\"%s\" height=\"18\"/>"
		       "<text x=\"%s\" y=\"%ld\">%s</text>\n",
		    left, y, q, px0, y, p, tx, y + 14, t);
		free(q);
		free(p);
		free(t);
		free(px0);
		free(tx);
		if (line_after > 0 && (long)i + 1 == line_after && i + 1 < n)
			put(b, "<line class=\"admission-line\" x1=\"20\" x2=\"840\" y1=\"%ld\" y2=\"%ld\"/>"
			       "<text x=\"842\" y=\"%ld\" text-anchor=\"end\" fill=\"#d4351c\">admission line</text>\n",
			    y + row - 4, y + row - 4, y + row - 7);
	}
	mpq_clears(qp, pp, total, at, qx, NULL);
	long ly = (long)n * row + 28;
	put(b, "<rect class=\"bar-quality\" x=\"%ld\" y=\"%ld\" width=\"12\" height=\"12\"/><text x=\"%ld\" y=\"%ld\">quality points</text>"
	       "<rect class=\"bar-price\" x=\"%ld\" y=\"%ld\" width=\"12\" height=\"12\"/><text x=\"%ld\" y=\"%ld\">price points</text>\n</svg>\n",
	    left, ly - 10, left + 16, ly, left + 140, ly - 10, left + 156, ly);
}

static void chart(co_strbuf *b, const co_result *res)
{
	if (res->rules->mode != CO_MODE_TOP_N)
		return;
	size_t n = 0;
	long line = 0;
	co_cand *c = calloc(res->n + 1, sizeof(*c));
	if (!c) {
		b->failed = 1; /* the report fails rather than leave the chart out */
		return;
	}
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[res->order[i]];
		if (e->status != CO_ST_RANKED && e->status != CO_ST_AWARDED)
			continue;
		co_cand_init(&c[n], res->order[i]);
		if (co_cand_totals(res, &c[n++])) {
			co_cands_free(c, n);
			b->failed = 1;
			return;
		}
		if (e->status == CO_ST_AWARDED)
			line = (long)n;
	}
	put(b, "<section id=\"chart\">\n<h2>Points</h2>\n<p class=\"meta\">Quality and price points per ranked bid; "
	       "the dashed line separates the bids awarded from the rest.</p>\n");
	bars(b, res, c, n, line, "Stacked bars of quality and price points per bid");
	put(b, "</section>\n");
	co_cands_free(c, n);
}

static int flagged(const co_entry *e, const char *question)
{
	for (size_t k = 0; k < e->nflags; k++) {
		const char *about = co_note_subject(&e->flags[k], CO_ABOUT_QUESTION);
		if (strcmp(e->flags[k].code, "needs_moderation") == 0 && about && strcmp(about, question) == 0)
			return 1;
	}
	return 0;
}

static void heatmap(co_strbuf *b, const co_result *res)
{
	const co_rules *r = res->rules;
	const long cw = 56, ch = 24, left = 110, top = 28;
	size_t rows = 0;
	for (size_t i = 0; i < res->n; i++)
		rows += res->entries[i].stage >= 3;
	if (!rows || !r->nq)
		return;
	long w = left + (long)r->nq * cw + 10, h = top + (long)rows * ch + 30;
	put(b, "<section id=\"heatmap\">\n<h2>Consensus marks</h2>\n<p class=\"meta\">Each bid that was marked, per question; "
	       "darker is better. A red border and ! mark a question the evaluators disagreed on with no moderated mark.</p>\n"
	       "<svg class=\"heatmap\" role=\"img\" aria-label=\"Heat map of consensus marks\" viewBox=\"0 0 %ld %ld\" width=\"%ld\" height=\"%ld\">\n",
	    w, h, w, h);
	for (size_t q = 0; q < r->nq; q++) {
		put(b, "<text x=\"%ld\" y=\"18\" text-anchor=\"middle\">", left + (long)q * cw + cw / 2);
		esc(b, r->questions[q].id);
		put(b, "</text>");
	}
	put(b, "\n");
	size_t row = 0;
	mpq_t t, c;
	mpq_inits(t, c, NULL);
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[res->order[i]];
		if (e->stage < 3)
			continue;
		long y = top + (long)row++ * ch;
		put(b, "<text x=\"%ld\" y=\"%ld\" text-anchor=\"end\">", left - 6, y + 16);
		esc(b, e->bid->id);
		put(b, "</text>");
		for (size_t q = 0; q < r->nq; q++) {
			/* Lightness from 95% (mark 0) to 35% (top mark), in whole percent: no floating point. */
			co_entry_mark(res, e, q, c);
			mpq_set_si(t, 60, co_rules_max_mark(r));
			mpq_mul(t, t, c);
			char *dl = co_strbuf_need(b, co_num_format(t, 0)), *m = co_strbuf_need(b, co_num_format_trim(c, r->decimals));
			long light = 95 - atol(dl ? dl : "0");
			int f = flagged(e, r->questions[q].id);
			put(b, "<rect class=\"cell%s\" x=\"%ld\" y=\"%ld\" width=\"%ld\" height=\"%ld\" fill=\"hsl(210,65%%,%ld%%)\"/>"
			       "<text x=\"%ld\" y=\"%ld\" text-anchor=\"middle\" fill=\"%s\">%s%s</text>",
			    f ? " flagged" : "", left + (long)q * cw + 1, y + 1, cw - 2, ch - 2, light, left + (long)q * cw + cw / 2,
			    y + 16, light < 60 ? "#fff" : "#000", m ? m : "", f ? " !" : "");
			free(dl);
			free(m);
		}
		put(b, "\n");
	}
	mpq_clears(t, c, NULL);
	put(b, "</svg>\n</section>\n");
}

static void stat(co_strbuf *b, int defined, double v, const char *reason)
{
	if (defined)
		put(b, "<td class=\"n\">%.3f</td>", v == 0.0 ? 0.0 : v);
	else {
		put(b, "<td class=\"n\" title=\"");
		esc(b, reason);
		put(b, "\">&#8211;</td>");
	}
}

static void agreement(co_strbuf *b, const co_result *res)
{
	const co_rules *r = res->rules;
	if (!res->agreement)
		return;
	put(b, "<section id=\"panel\">\n<h2>Panel agreement</h2>\n<p class=\"meta\">Krippendorff's alpha per question "
	       "(1 is full agreement, 0 no better than chance; bids are the units, evaluators' marks the values) and each "
	       "evaluator's leniency (the mean of their mark minus the others' mean). Analytics only: they do not change the "
	       "award.</p>\n<table class=\"agreement\">\n<thead><tr><th>Question</th><th class=\"n\">alpha, ordinal</th>"
	       "<th class=\"n\">alpha, interval</th><th class=\"n\">marks paired</th></tr></thead>\n<tbody>\n");
	for (size_t q = 0; q < r->nq; q++) {
		const co_question_agreement *a = &res->agreement[q];
		put(b, "<tr><td>");
		esc(b, r->questions[q].id);
		put(b, "</td>");
		stat(b, a->ordinal.defined, a->ordinal.value, a->ordinal.reason);
		stat(b, a->interval.defined, a->interval.value, a->interval.reason);
		put(b, "<td class=\"n\">%zu</td></tr>\n", a->pairable);
	}
	put(b, "</tbody>\n</table>\n<table class=\"leniency\">\n<thead><tr><th>Evaluator</th><th class=\"n\">leniency</th>"
	       "<th class=\"n\">marks</th></tr></thead>\n<tbody>\n");
	for (size_t c = 0; c < res->marks->nev; c++) {
		put(b, "<tr><td>");
		esc(b, res->marks->evaluators[c]);
		put(b, "</td>");
		stat(b, res->leniency[c].defined, res->leniency[c].leniency, res->leniency[c].reason);
		put(b, "<td class=\"n\">%zu</td></tr>\n", res->leniency[c].marks);
	}
	put(b, "</tbody>\n</table>\n</section>\n");
}

static void schemes(co_strbuf *b, const co_result *res)
{
	const co_rules *r = res->rules;
	if (r->mode != CO_MODE_PER_SCHEME)
		return;
	for (size_t s = 0; s < r->ns; s++) {
		const co_scheme_result *sr = &res->schemes[s];
		put(b, "<section class=\"scheme\" id=\"scheme-");
		esc(b, r->schemes[s].id);
		put(b, "\">\n<h2>Scheme ");
		esc(b, r->schemes[s].id);
		if (r->schemes[s].name) {
			put(b, ": ");
			esc(b, r->schemes[s].name);
		}
		if (r->schemes[s].town) {
			put(b, ", ");
			esc(b, r->schemes[s].town);
		}
		put(b, "</h2>\n");
		if (!sr->n) {
			put(b, "<p>No eligible bid: not awarded.</p>\n</section>\n");
			continue;
		}
		put(b, "<table class=\"ranking\">\n<thead><tr><th class=\"n\">Rank</th><th>Bid</th><th>Supplier</th>"
		       "<th class=\"n\">Quality</th><th class=\"n\">Price</th><th class=\"n\">Total</th><th>Outcome</th></tr></thead>\n<tbody>\n");
		for (size_t k = 0; k < sr->n; k++) {
			const co_entry *e = &res->entries[sr->ranking[k].entry];
			int won = sr->awarded == (long)sr->ranking[k].entry;
			put(b, "<tr class=\"bid%s\" data-bid=\"", won ? " awarded" : "");
			esc(b, e->bid->id);
			put(b, "\"><td class=\"n\">%ld</td><td>", sr->ranking[k].rank);
			esc(b, e->bid->id);
			put(b, "</td><td>");
			esc(b, e->bid->supplier_name);
			put(b, "</td><td class=\"n\">");
			ratio(b, &e->qp, 1, r->decimals);
			put(b, "</td><td class=\"n\">");
			ratio(b, &sr->ranking[k].pp, 1, r->decimals);
			put(b, "</td><td class=\"n\">");
			ratio(b, &sr->ranking[k].total, 1, r->decimals);
			put(b, "</td><td>%s</td></tr>\n", won ? "<span class=\"tag status\">awarded</span>"
			                                      : sr->status == CO_SCHEME_TIE && sr->ranking[k].rank == 1 ? "tied"
			                                                                                                : "");
		}
		put(b, "</tbody>\n</table>\n");
		if (sr->why) {
			put(b, "<p class=\"meta\">Moved by the cap: ");
			esc(b, sr->why);
			put(b, "</p>\n");
		}
		char label[160];
		snprintf(label, sizeof(label), "Points per bid for scheme %s", r->schemes[s].id);
		bars(b, res, sr->ranking, sr->n, sr->status == CO_SCHEME_AWARDED ? 1 : 0, label);
		put(b, "</section>\n");
	}
}

void co_report_html_to(co_strbuf *b, const co_result *res)
{
	head(b, res->rules);
	award(b, res);
	rules_summary(b, res->rules);
	ranking(b, res);
	schemes(b, res);
	chart(b, res);
	heatmap(b, res);
	agreement(b, res);
	excluded(b, res);
	put(b, "<footer>\n<p class=\"meta\">Produced by calloff from the evaluation's result document (result.json), "
	        "where every number is given in full; scores are rounded half up to %d decimal places.</p>\n</footer>\n"
	        "</body>\n</html>\n",
	    res->rules->decimals);
}

int co_report_html(char **out, const co_result *res)
{
	co_strbuf b = {0};
	co_report_html_to(&b, res);
	return co_report_whole(out, &b);
}
