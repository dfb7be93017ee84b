/*
 * report.html: one self-contained, print-friendly page for the panel and the officer. Inline CSS
 * and SVG only, no script, and a Content-Security-Policy that forbids loading anything.
 * Every text from bids, marks or rules is escaped.
 */
#include "evaluating/quality.h"
#include "evaluating/price.h"
#include "analytics/challenge.h"
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
	{"excluded", "The bid was excluded by the council's decision, on a ground of exclusion."},
	{"abnormally_low_rejected", "The price was abnormally low; after investigating it, the council rejected the bid."},
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

/*
 * Large lots. Up to CO_HTML_DRAW_ALL rows, a chart draws one bar per ranked bid and the heat map
 * one row per marked bid, as for the shipped examples (at most fifteen bids). Above it a browser
 * would lay out SVGs hundreds of thousands of pixels tall, slowly, and no reader scrolls through
 * them either; so a chart draws the CO_HTML_TOP best-ranked bids and the CO_HTML_NEAR on each
 * side of the admission line, each labelled with its rank, says in words how many bids it
 * leaves out, and adds a histogram of the totals of every ranked bid in CO_HTML_BINS bins of
 * five points. The heat map draws the bids of the chart (per_scheme: the awarded ones) and up to
 * CO_HTML_FLAGGED more flagged for moderation, and counts the rest. Nothing is lost: the
 * ranking and exclusion tables keep every bid, in tables of CO_HTML_TABLE_ROWS rows that the
 * browser lays out only as they come into view, and result.json and scores.csv hold every number.
 */
#define CO_HTML_DRAW_ALL 100
#define CO_HTML_TOP 25
#define CO_HTML_NEAR 10
#define CO_HTML_FLAGGED 25
#define CO_HTML_BINS 20
#define CO_HTML_TABLE_ROWS 1000
_Static_assert(CO_HTML_TOP + 2 * CO_HTML_NEAR < CO_HTML_DRAW_ALL, "a compact chart draws fewer bars than a full one");

/* Compact charts: 1 when the bid at place pos (0-based) of a ranking with line bids awarded is drawn. */
static int drawn(size_t pos, size_t line)
{
	return pos < CO_HTML_TOP || (pos + CO_HTML_NEAR >= line && pos < line + CO_HTML_NEAR);
}

/* How many of n places are drawn; *gaps: how many runs of places are not. */
static size_t shown(size_t n, size_t line, size_t *gaps)
{
	size_t k = 0;
	*gaps = 0;
	for (size_t p = 0; p < n; p++) {
		if (drawn(p, line))
			k++;
		else if (p == 0 || drawn(p - 1, line))
			++*gaps;
	}
	return k;
}

/* A top_n lot's ranking as the report lists it: how many bids are ranked, and how many awarded before the line. */
static size_t lot_ranking(const co_result *res, size_t *line)
{
	size_t n = 0;
	*line = 0;
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[res->order[i]];
		if (e->status != CO_ST_RANKED && e->status != CO_ST_AWARDED)
			continue;
		n++;
		if (e->status == CO_ST_AWARDED)
			*line = n;
	}
	return n;
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

/*
 * Added to the style of a large lot's report: its long tables (more than CO_HTML_DRAW_ALL rows)
 * keep the columns their colgroup gives, so that the browser lays each out without measuring
 * every row; a browser lays out each table of CO_HTML_TABLE_ROWS rows only when it comes into
 * view, taking its height till then from contain-intrinsic-size (content-visibility, set on a
 * div around the table: Chromium 156 skips nothing for it on the table itself); and a long
 * section may break across printed pages, where long tables are set smaller (fewer pages).
 */
static const char style_large[] =
	"div.rows{content-visibility:auto}table.long{table-layout:fixed;margin:0}table.long td{overflow-wrap:anywhere}"
	"@media print{section{break-inside:auto}table.long{font-size:10px;line-height:1.25}table.long td{padding:.1em .3em}}";

/*
 * Added to the style when the award is provisional or decisions were applied: the banner that
 * says what is open, and the table of decisions. Other reports keep their bytes.
 */
static const char style_decisions[] =
	".provisional{background:#fef0ee;border-left:6px solid #d4351c;padding:.4em 1em;margin:1em 0}"
	".provisional h2{border:0;margin:.3em 0;color:#942514}table.decisions td.why{white-space:pre-wrap}"
	".tag.signed-off{background:#cce2d8}";

/*
 * Open a table of class cls whose head is thead (up to and with <tbody>), for rows rows of the
 * total in the whole list: a plain table when total is at most CO_HTML_DRAW_ALL, else a long one
 * with the column widths cols.
 */
static void table_open(co_strbuf *b, const char *cls, const char *cols, const char *thead, size_t rows, size_t total)
{
	if (total <= CO_HTML_DRAW_ALL)
		put(b, "<table class=\"%s\">\n%s", cls, thead);
	else
		put(b, "<div class=\"rows\" style=\"contain-intrinsic-size:auto %zupx\">\n<table class=\"%s long\">\n"
		       "<colgroup>%s</colgroup>\n%s", rows * 34 + 34, cls, cols, thead);
}

/* Close a table that table_open opened for a list of total rows. */
static void table_close(co_strbuf *b, size_t total)
{
	put(b, "</tbody>\n</table>\n%s", total <= CO_HTML_DRAW_ALL ? "" : "</div>\n");
}

/* Before row k (0-based) of a list of total rows: a long list starts a new table every CO_HTML_TABLE_ROWS rows. */
static void table_next(co_strbuf *b, size_t k, size_t total, const char *cls, const char *cols, const char *thead)
{
	if (total > CO_HTML_DRAW_ALL && k && k % CO_HTML_TABLE_ROWS == 0) {
		size_t rows = total - k < CO_HTML_TABLE_ROWS ? total - k : CO_HTML_TABLE_ROWS;
		table_close(b, total);
		table_open(b, cls, cols, thead, rows, total);
	}
}

static size_t first_table(size_t total)
{
	return total < CO_HTML_TABLE_ROWS ? total : CO_HTML_TABLE_ROWS;
}

/* The page up to its header; more and more2: CSS after the house style (large lots, decisions). */
static void head(co_strbuf *b, const co_rules *r, const char *more, const char *more2)
{
	put(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	esc(b, r->id);
	if (r->title) {
		put(b, ": ");
		esc(b, r->title);
	}
	put(b, "</title>\n<style>%s%s%s</style>\n</head>\n<body>\n<header>\n<h1>", style, more, more2);
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
		/* The places and what stage 5 awarded: more than n when a tie at the boundary is admitted, fewer when it is not or too few are ranked. */
		int tie = 0;
		for (size_t i = 0; i < res->n; i++)
			tie |= res->entries[i].tie_boundary;
		const char *why = (long)res->nawarded > r->n ? ", because bids tied at the boundary are all admitted (admit_all)"
		                  : (long)res->nawarded < r->n && tie ? ", because the bids tied at the boundary are not"
		                  : (long)res->nawarded < r->n        ? ", because fewer bids are ranked"
		                                                      : "";
		put(b, "<p>There %s %ld place%s (the top %ld). %zu bid%s awarded%s%s%s%s:</p>\n<ol>\n", r->n == 1 ? "is" : "are",
		    r->n, r->n == 1 ? "" : "s", r->n, res->nawarded, res->nawarded == 1 ? " is" : "s are", why,
		    *why && tie && (long)res->nawarded < r->n ? " (at_boundary: " : "",
		    *why && tie && (long)res->nawarded < r->n ? co_boundary_name(r->at_boundary) : "",
		    *why && tie && (long)res->nawarded < r->n ? ")" : "");
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
	if (!co_result_final(res))
		put(b, "<p><strong>Provisional:</strong> this award is not final until %s decided: see <a href=\"#provisional\">"
		       "what is open</a>.</p>\n", res->nopen == 1 ? "one matter is" : "the matters open are");
	put(b, "</div>\n</section>\n");
}

/* A text made here (NULL: out of memory, and the report fails), escaped and freed. */
static void esc_owned(co_strbuf *b, char *s)
{
	if (!s)
		b->failed = 1;
	else
		esc(b, s);
	free(s);
}

/*
 * The banner of a provisional award, first on the page: every matter open, in words, and what is
 * not written until each is decided.
 */
static void provisional(co_strbuf *b, const co_result *res)
{
	if (co_result_final(res))
		return;
	put(b, "<section id=\"provisional\" class=\"provisional\" role=\"alert\">\n<h2>Provisional: a decision is needed"
	       "</h2>\n<p>The award is not final. The engine cannot decide %s; the contracting authority must, on the "
	       "record:</p>\n<ul>\n", res->nopen == 1 ? "this" : "these");
	for (size_t k = 0; k < res->nopen; k++) {
		put(b, "<li class=\"open-item\">");
		esc_owned(b, co_open_text(res, &res->open[k]));
		put(b, ".</li>\n");
	}
	put(b, "</ul>\n<p>Until then no letter is written to any supplier (no summaries) and no contract award notice "
	       "(no ocds.json). Record each decision (who, when, why) in a decisions file and evaluate again with it.</p>"
	       "\n</section>\n");
}

/* The officer's decisions, in the file's order: who, when, why and what each did. */
static void decisions(co_strbuf *b, const co_result *res)
{
	const co_decisions *ds = res->decisions;
	if (!ds)
		return;
	put(b, "<section id=\"decisions\">\n<h2>Decisions</h2>\n<p class=\"meta\">What the contracting authority decided "
	       "where the engine cannot, from the decisions file, in its order; each is in result.json and the audit record.</p>\n");
	if (!ds->n) {
		put(b, "<p>No decision is recorded.</p>\n</section>\n");
		return;
	}
	put(b, "<table class=\"decisions\">\n<thead><tr><th>Decision</th><th>What it did</th><th>By</th><th>When</th>"
	       "<th>Why</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < ds->n; k++) {
		const co_decision *d = &ds->d[k];
		put(b, "<tr class=\"decision\" data-decision=\"");
		esc(b, d->id);
		put(b, "\"><td>");
		esc(b, d->id);
		put(b, " <span class=\"tag\">%s</span></td><td>", co_decision_kind_name(d->kind));
		esc_owned(b, co_decision_text(res, d));
		put(b, "</td><td>");
		esc(b, d->by);
		put(b, "</td><td>");
		esc(b, d->at_text);
		put(b, "</td><td class=\"why\">");
		esc(b, d->reason);
		put(b, "</td></tr>\n");
	}
	put(b, "</tbody>\n</table>\n</section>\n");
}

/* The moderation sign-off in words, for a tag's title: "decision M1 (by, at): reason". */
static void signoff_title(co_strbuf *b, const co_decision *d)
{
	put(b, "decision ");
	esc(b, d->id);
	put(b, " (");
	esc(b, d->by);
	put(b, ", ");
	esc(b, d->at_text);
	put(b, "): ");
	esc(b, d->reason);
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

static int needs_moderation(const co_entry *e);

static void ranking(co_strbuf *b, const co_result *res)
{
	const co_rules *r = res->rules;
	int top_n = r->mode == CO_MODE_TOP_N, d = r->decimals;
	static const char thead[] = "<thead><tr><th class=\"n\">Rank</th><th>Bid</th><th>Supplier</th><th>Status</th>"
	                            "<th class=\"n\">Quality</th><th class=\"n\">Price</th><th class=\"n\">Total</th>"
	                            "<th>Flags</th></tr></thead>\n<tbody>\n";
	static const char cols[] = "<col style=\"width:7%\"><col style=\"width:11%\"><col style=\"width:20%\">"
	                           "<col style=\"width:11%\"><col style=\"width:8%\"><col style=\"width:8%\">"
	                           "<col style=\"width:8%\"><col style=\"width:27%\">";
	size_t line, all = lot_ranking(res, &line), row = 0;
	int long_table = all > CO_HTML_DRAW_ALL;
	const co_decision *signoff = co_moderation_signoff(res);
	put(b, "<section id=\"ranking\">\n<h2>Ranking</h2>\n");
	if (long_table)
		put(b, "<p class=\"meta\">Every ranked bid, %zu in all, in tables of %d. Each flag is given by its code; what it "
		       "found is in %s.</p>\n", all, CO_HTML_TABLE_ROWS,
		    co_result_final(res) ? "the bid's summary (summaries/) and in result.json"
		                         : "result.json (the summaries are written once the award is final)");
	table_open(b, "ranking", cols, thead, first_table(all), all);
	mpq_t pp, total;
	mpq_inits(pp, total, NULL);
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[res->order[i]];
		if (e->status != CO_ST_RANKED && e->status != CO_ST_AWARDED)
			continue;
		table_next(b, row++, all, "ranking", cols, thead);
		put(b, "<tr class=\"bid %s\" data-bid=\"", co_status_name(e->status));
		esc(b, e->bid->id);
		put(b, "\"><td class=\"n\">");
		if (top_n)
			put(b, "%ld", (long)e->rank);
		put(b, "</td><td>");
		esc(b, e->bid->id);
		put(b, "</td><td>");
		esc(b, e->bid->supplier_name);
		put(b, long_table ? "</td><td>%s</td><td class=\"n\">" : "</td><td><span class=\"tag status\">%s</span></td><td class=\"n\">",
		    co_status_name(e->status));
		ratio(b, &e->qp, 1, d);
		put(b, "</td><td class=\"n\">");
		co_entry_totals(res, e, pp, total);
		num(b, pp, top_n, d);
		put(b, "</td><td class=\"n\">");
		num(b, total, top_n, d);
		put(b, "</td><td>");
		for (size_t k = 0; k < e->nflags; k++) {
			if (long_table)
				put(b, "%s%s", k ? ", " : "", e->flags[k].code);
			else {
				put(b, "<span class=\"tag\" title=\"");
				esc(b, e->flags[k].detail);
				put(b, "\">%s", e->flags[k].code);
			}
			const co_note *f = &e->flags[k];
			const char *what = f->about == CO_ABOUT_QUESTION || f->about == CO_ABOUT_ITEM ? f->subject : NULL;
			if (what) {
				put(b, " ");
				esc(b, what);
			}
			put(b, "%s", long_table ? "" : "</span>");
		}
		if (signoff && needs_moderation(e)) { /* beside the moderation flags: the panel's sign-off */
			if (long_table) {
				put(b, ", signed off (");
				esc(b, signoff->id);
				put(b, ")");
			} else {
				put(b, "<span class=\"tag signed-off\" title=\"");
				signoff_title(b, signoff);
				put(b, "\">moderation signed off: ");
				esc(b, signoff->id);
				put(b, "</span>");
			}
		}
		put(b, "</td></tr>\n");
	}
	mpq_clears(pp, total, NULL);
	table_close(b, all);
	put(b, "</section>\n");
}

static void excluded(co_strbuf *b, const co_result *res)
{
	static const char thead[] = "<thead><tr><th>Bid</th><th>Supplier</th><th>Status</th><th>Why</th></tr></thead>\n<tbody>\n";
	static const char cols[] = "<col style=\"width:12%\"><col style=\"width:22%\"><col style=\"width:12%\">"
	                           "<col style=\"width:54%\">";
	size_t all = 0, row = 0;
	for (size_t i = 0; i < res->n; i++)
		all += res->entries[i].status == CO_ST_REJECTED || res->entries[i].status == CO_ST_DISQUALIFIED;
	int long_table = all > CO_HTML_DRAW_ALL;
	put(b, "<section id=\"excluded\">\n<h2>Bids not in the ranking</h2>\n");
	table_open(b, "excluded", cols, thead, first_table(all), all);
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[res->order[i]];
		if (e->status != CO_ST_REJECTED && e->status != CO_ST_DISQUALIFIED)
			continue;
		table_next(b, row++, all, "excluded", cols, thead);
		put(b, "<tr class=\"excluded-bid\"><td>");
		esc(b, e->bid->id ? e->bid->id : "(no id)");
		put(b, "</td><td>");
		esc(b, e->bid->supplier_name ? e->bid->supplier_name : e->bid->file);
		put(b, "</td><td>%s</td><td>%s", co_status_name(e->status), long_table ? "" : "<ul>");
		for (size_t k = 0; k < e->nreasons; k++) {
			put(b, long_table ? "%s%s (" : "%s<li>%s <span class=\"meta\">(", long_table && k ? "<br>" : "",
			    co_reason_plain(e->reasons[k].code));
			esc(b, e->reasons[k].code);
			put(b, ": ");
			esc_owned(b, co_note_words(&e->reasons[k]));
			put(b, "%s", long_table ? ")" : ")</span></li>");
		}
		put(b, "%s</td></tr>\n", long_table ? "" : "</ul>");
	}
	table_close(b, all);
	put(b, "</section>\n");
}

/* The ranked bids of a chart, one after the other: a scheme's candidates, or (c NULL) the lot's ranked bids. */
typedef struct {
	const co_result *res;
	const co_cand *c;
	size_t nc, i;
} co_rows;

/* The next bid of it, its points into qp, pp and total and its rank into *rank; NULL after the last. */
static const co_entry *next_row(co_rows *it, mpq_t qp, mpq_t pp, mpq_t total, long *rank)
{
	const co_result *res = it->res;
	const co_entry *e;
	if (it->c) {
		if (it->i >= it->nc)
			return NULL;
		const co_cand *c = &it->c[it->i++];
		e = &res->entries[c->entry];
		co_ratio_get(pp, &c->pp);
		co_ratio_get(total, &c->total);
		*rank = c->rank;
	} else {
		do {
			if (it->i >= res->n)
				return NULL;
			e = &res->entries[res->order[it->i++]];
		} while (e->status != CO_ST_RANKED && e->status != CO_ST_AWARDED);
		co_entry_totals(res, e, pp, total);
		*rank = e->rank;
	}
	co_ratio_get(qp, &e->qp);
	return e;
}

/* One bar of a chart at height y: the bid's id (after its rank when rank > 0), its two bars and its total. */
static void bar(co_strbuf *b, const co_result *res, const co_entry *e, const mpq_t qp, const mpq_t pp, const mpq_t total,
                long y, long rank)
{
	const long left = 170, scale = 6; /* 100 points = 600 px */
	mpq_t at, qx;
	mpq_inits(at, qx, NULL);
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
	if (rank > 0)
		put(b, "<text class=\"rank\" x=\"8\" y=\"%ld\" fill=\"#505a5f\">%ld</text>", y + 14, rank);
	put(b, "<text x=\"%ld\" y=\"%ld\" text-anchor=\"end\">", left - 8, y + 14);
	esc(b, e->bid->id);
	put(b, "</text><rect class=\"bar-quality\" data-bid=\"");
	esc(b, e->bid->id);
	put(b, "\" x=\"%ld\" y=\"%ld\" width=\"%s\" height=\"18\"/>"
	       "<rect class=\"bar-price\" x=\"%s\" y=\"%ld\" width=\"%s\" height=\"18\"/>"
	       "<text x=\"%s\" y=\"%ld\">%s</text>\n",
	    left, y, q ? q : "0", px0 ? px0 : "0", y, p ? p : "0", tx ? tx : "0", y + 14, t ? t : "");
	free(q);
	free(p);
	free(t);
	free(px0);
	free(tx);
	mpq_clears(at, qx, NULL);
}

static void admission_line(co_strbuf *b, long y)
{
	put(b, "<line class=\"admission-line\" x1=\"20\" x2=\"840\" y1=\"%ld\" y2=\"%ld\"/>"
	       "<text x=\"842\" y=\"%ld\" text-anchor=\"end\" fill=\"#d4351c\">admission line</text>\n",
	    y, y, y - 3);
}

/* The chart's legend, on the line at ly, and the end of its SVG. */
static void legend(co_strbuf *b, long ly)
{
	const long left = 170;
	put(b, "<rect class=\"bar-quality\" x=\"%ld\" y=\"%ld\" width=\"12\" height=\"12\"/><text x=\"%ld\" y=\"%ld\">quality points</text>"
	       "<rect class=\"bar-price\" x=\"%ld\" y=\"%ld\" width=\"12\" height=\"12\"/><text x=\"%ld\" y=\"%ld\">price points</text>\n</svg>\n",
	    left, ly - 10, left + 16, ly, left + 140, ly - 10, left + 156, ly);
}

static void svg_open(co_strbuf *b, const char *cls, const char *label, long w, long h)
{
	put(b, "<svg class=\"%s\" role=\"img\" aria-label=\"", cls);
	esc(b, label);
	put(b, "\" viewBox=\"0 0 %ld %ld\" width=\"%ld\" height=\"%ld\">\n", w, h, w, h);
}

/* Horizontal stacked bars (quality, then price points) for a ranking; line_after: rows above the line. */
static void bars(co_strbuf *b, const co_result *res, const co_cand *c, size_t n, long line_after, const char *label)
{
	const long row = 26;
	svg_open(b, "bars", label, 860, (long)n * row + 40);
	mpq_t qp, pp, total;
	mpq_inits(qp, pp, total, NULL);
	for (size_t i = 0; i < n; i++) {
		const co_entry *e = &res->entries[c[i].entry];
		long y = 10 + (long)i * row;
		co_ratio_get(qp, &e->qp);
		co_ratio_get(pp, &c[i].pp);
		co_ratio_get(total, &c[i].total);
		bar(b, res, e, qp, pp, total, y, 0);
		if (line_after > 0 && (long)i + 1 == line_after && i + 1 < n)
			admission_line(b, y + row - 4);
	}
	mpq_clears(qp, pp, total, NULL);
	legend(b, (long)n * row + 28);
}

/* The bin of CO_HTML_BINS (five points each, the last holding 100) that a total falls in. */
static size_t bin_of(const mpq_t total)
{
	mpz_t z;
	mpz_init(z);
	mpz_fdiv_q(z, mpq_numref(total), mpq_denref(total));
	long whole = mpz_fits_slong_p(z) ? mpz_get_si(z) : mpz_sgn(z) < 0 ? 0 : 100;
	mpz_clear(z);
	if (whole < 0)
		whole = 0;
	size_t k = (size_t)whole / (100 / CO_HTML_BINS);
	return k < CO_HTML_BINS ? k : CO_HTML_BINS - 1;
}

/*
 * A histogram of the totals of n ranked bids (bins: counts per CO_HTML_BINS bin), with the admission
 * line at the total edge when has_edge. Each bin shows its count; 100 points = 800 px.
 */
static void histogram(co_strbuf *b, const size_t *bins, size_t n, const mpq_t edge, int has_edge)
{
	const long left = 40, bw = 800 / CO_HTML_BINS, base = 190, tall = 136; /* the tallest count clear of the line's caption */
	size_t most = 1;
	for (size_t k = 0; k < CO_HTML_BINS; k++)
		most = bins[k] > most ? bins[k] : most;
	char label[96];
	snprintf(label, sizeof(label), "Histogram of the totals of all %zu ranked bids", n);
	svg_open(b, "histogram", label, 860, 236);
	for (size_t k = 0; k < CO_HTML_BINS; k++) {
		long x = left + (long)k * bw;
		if (bins[k]) {
			long h = (long)((double)tall * (double)bins[k] / (double)most + 0.5);
			h = h < 1 ? 1 : h;
			put(b, "<rect class=\"bin\" x=\"%ld\" y=\"%ld\" width=\"%ld\" height=\"%ld\" fill=\"#8fb4d9\"/>"
			       "<text x=\"%ld\" y=\"%ld\" text-anchor=\"middle\">%zu</text>",
			    x + 2, base - h, bw - 4, h, x + bw / 2, base - h - 4, bins[k]);
		}
		put(b, "<text x=\"%ld\" y=\"%ld\" text-anchor=\"middle\">%ld</text>\n", x, base + 16, (long)k * (100 / CO_HTML_BINS));
	}
	put(b, "<text x=\"%ld\" y=\"%ld\" text-anchor=\"middle\">100</text>\n", left + CO_HTML_BINS * bw, base + 16);
	put(b, "<line x1=\"%ld\" x2=\"%ld\" y1=\"%ld\" y2=\"%ld\" stroke=\"#505a5f\"/>\n", left, left + CO_HTML_BINS * bw, base, base);
	if (has_edge) {
		mpq_t at, x0;
		mpq_inits(at, x0, NULL);
		mpq_set_si(at, bw * CO_HTML_BINS / 100, 1);
		mpq_mul(at, at, edge);
		mpq_set_si(x0, left, 1);
		mpq_add(at, at, x0);
		char *x = co_strbuf_need(b, co_num_format(at, 1));
		if (x)
			put(b, "<line class=\"admission-line\" x1=\"%s\" x2=\"%s\" y1=\"22\" y2=\"%ld\"/>"
			       "<text x=\"%s\" y=\"16\" text-anchor=\"middle\" fill=\"#d4351c\">admission line</text>\n",
			    x, x, base, x);
		free(x);
		mpq_clears(at, x0, NULL);
	}
	put(b, "<text x=\"%ld\" y=\"%ld\" text-anchor=\"middle\" fill=\"#505a5f\">total points; each bar counts the bids "
	       "whose total is in its five points</text>\n</svg>\n",
	    left + CO_HTML_BINS * bw / 2, base + 38);
}
/*
 * A large ranking's chart (see CO_HTML_DRAW_ALL): the bars of the places drawn() picks, a row
 * saying which ranks are left out for each run of places not drawn, and a histogram of every
 * total. it gives the n ranked bids, line of them above the admission line; where: where the
 * whole ranking is, in words (HTML).
 */
static void compact_bars(co_strbuf *b, co_rows it, size_t n, size_t line, const char *label, const char *where)
{
	const co_result *res = it.res;
	const long row = 26;
	size_t gaps, k = shown(n, line, &gaps), bins[CO_HTML_BINS] = {0};
	put(b, "<p class=\"not-drawn\">%zu ranked bids are too many to draw one bar each. The chart draws %zu of them, each "
	       "labelled with its rank: the %d best-ranked%s; <strong>the other %zu bids are not drawn</strong>. The histogram "
	       "below counts the totals of all %zu. The full ranking, every bid, is in %s, and in result.json and scores.csv.</p>\n",
	    n, k, CO_HTML_TOP, line ? " and those nearest the admission line, on either side" : "", n - k, n, where);
	svg_open(b, "bars compact", label, 860, (long)(k + gaps) * row + 40);
	mpq_t qp, pp, total, edge;
	mpq_inits(qp, pp, total, edge, NULL);
	const co_entry *e;
	long rank, y = 10, from = 0, to = 0;
	size_t skipped = 0;
	int has_edge = 0;
	for (size_t p = 0; (e = next_row(&it, qp, pp, total, &rank)); p++) {
		bins[bin_of(total)]++;
		if (p + 1 == line) {
			mpq_set(edge, total);
			has_edge = 1;
		}
		if (!drawn(p, line)) {
			from = skipped++ ? from : rank;
			to = rank;
			continue;
		}
		if (skipped) {
			put(b, "<text class=\"gap\" x=\"430\" y=\"%ld\" text-anchor=\"middle\" fill=\"#505a5f\">&#8942; ranks %ld to %ld: "
			       "%zu bid%s not drawn &#8942;</text>\n", y + 14, from, to, skipped, skipped == 1 ? "" : "s");
			y += row;
			skipped = 0;
		}
		bar(b, res, e, qp, pp, total, y, rank);
		if (p + 1 == line && p + 1 < n)
			admission_line(b, y + row - 4);
		y += row;
	}
	if (skipped) {
		put(b, "<text class=\"gap\" x=\"430\" y=\"%ld\" text-anchor=\"middle\" fill=\"#505a5f\">&#8942; ranks %ld to %ld: "
		       "%zu bid%s not drawn &#8942;</text>\n", y + 14, from, to, skipped, skipped == 1 ? "" : "s");
		y += row;
	}
	legend(b, y + 18);
	histogram(b, bins, n, edge, has_edge);
	mpq_clears(qp, pp, total, edge, NULL);
}

static void chart(co_strbuf *b, const co_result *res)
{
	if (res->rules->mode != CO_MODE_TOP_N)
		return;
	size_t big_line, big = lot_ranking(res, &big_line);
	if (big > CO_HTML_DRAW_ALL) {
		put(b, "<section id=\"chart\">\n<h2>Points</h2>\n<p class=\"meta\">Quality and price points per ranked bid; "
		       "the dashed line separates the bids awarded from the rest.</p>\n");
		compact_bars(b, (co_rows){.res = res}, big, big_line, "Stacked bars of quality and price points per bid",
		             "the <a href=\"#ranking\">Ranking</a> table above");
		put(b, "</section>\n");
		return;
	}
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

/* 1 when a question of e is flagged for moderation. */
static int needs_moderation(const co_entry *e)
{
	return co_entry_flagged(e, "needs_moderation");
}

/* One row of the heat map at height y: the bid's id (after its rank when rank > 0) and a cell per question. */
static void heat_row(co_strbuf *b, const co_result *res, const co_entry *e, long y, long rank, mpq_t t, mpq_t c)
{
	const co_rules *r = res->rules;
	const long cw = 56, ch = 24, left = 110;
	if (rank > 0)
		put(b, "<text class=\"rank\" x=\"4\" y=\"%ld\" fill=\"#505a5f\">%ld</text>", y + 16, rank);
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

/*
 * A large lot's heat map (see CO_HTML_DRAW_ALL): 1 when the row of marked bid e is drawn: a top_n
 * bid the chart draws (pos: its place in the ranking, line: the bids above the admission line), a
 * per_scheme bid awarded, or one of the first CO_HTML_FLAGGED others flagged for moderation
 * (*flags counts them).
 */
static int heat_drawn(const co_result *res, const co_entry *e, size_t pos, size_t line, size_t *flags)
{
	int ranked = e->status == CO_ST_RANKED || e->status == CO_ST_AWARDED;
	if (res->rules->mode == CO_MODE_TOP_N ? ranked && drawn(pos, line) : e->status == CO_ST_AWARDED)
		return 1;
	if (*flags < CO_HTML_FLAGGED && needs_moderation(e)) {
		++*flags;
		return 1;
	}
	return 0;
}

static void heat_gap(co_strbuf *b, long w, long y, size_t skipped)
{
	put(b, "<text class=\"gap\" x=\"%ld\" y=\"%ld\" text-anchor=\"middle\" fill=\"#505a5f\">&#8942; %zu bid%s not drawn "
	       "&#8942;</text>\n", w / 2, y + 16, skipped, skipped == 1 ? "" : "s");
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
	int compact = rows > CO_HTML_DRAW_ALL;
	size_t line = 0, nflagged = 0, flags = 0, pos = 0, draw = 0, gaps = 0, skipped = 0;
	if (compact) {
		lot_ranking(res, &line);
		for (size_t i = 0; i < res->n; i++) {
			const co_entry *e = &res->entries[res->order[i]];
			int ranked = e->status == CO_ST_RANKED || e->status == CO_ST_AWARDED;
			if (e->stage >= 3) {
				nflagged += needs_moderation(e);
				if (heat_drawn(res, e, pos, line, &flags)) {
					draw++;
					gaps += skipped != 0;
					skipped = 0;
				} else
					skipped++;
			}
			pos += ranked;
		}
		gaps += skipped != 0;
	}
	long w = left + (long)r->nq * cw + 10, h = top + (long)(compact ? draw + gaps : rows) * ch + 30;
	put(b, "<section id=\"heatmap\">\n<h2>Consensus marks</h2>\n<p class=\"meta\">Each bid that was marked, per question; "
	       "darker is better. A red border and ! mark a question the evaluators disagreed on with no moderated mark.</p>\n");
	const co_decision *signoff = co_moderation_signoff(res);
	if (signoff) {
		put(b, "<p class=\"signed-off\"><span class=\"tag signed-off\">moderation signed off</span> ");
		signoff_title(b, signoff);
		put(b, "</p>\n");
	}
	if (compact)
		put(b, "<p class=\"not-drawn\">%zu bids were marked, too many to draw a row each. The heat map draws %zu of them: "
		       "the bids %s, and %zu more of the %zu flagged for moderation; <strong>the other %zu bids are not "
		       "drawn</strong>. Every bid's flags are in the <a href=\"#ranking\">Ranking</a> table, and every mark "
		       "in result.json.</p>\n",
		    rows, draw, r->mode == CO_MODE_TOP_N ? "of the chart above, labelled with their rank" : "awarded", flags,
		    nflagged, rows - draw);
	put(b, "<svg class=\"heatmap\" role=\"img\" aria-label=\"Heat map of consensus marks\" viewBox=\"0 0 %ld %ld\" width=\"%ld\" height=\"%ld\">\n",
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
	flags = pos = skipped = 0;
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[res->order[i]];
		size_t at = pos;
		pos += e->status == CO_ST_RANKED || e->status == CO_ST_AWARDED;
		if (e->stage < 3)
			continue;
		if (compact && !heat_drawn(res, e, at, line, &flags)) {
			skipped++;
			continue;
		}
		if (skipped) {
			heat_gap(b, w, top + (long)row++ * ch, skipped);
			skipped = 0;
		}
		heat_row(b, res, e, top + (long)row++ * ch, compact && r->mode == CO_MODE_TOP_N ? e->rank : 0, t, c);
	}
	if (skipped)
		heat_gap(b, w, top + (long)row++ * ch, skipped);
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
		static const char thead[] = "<thead><tr><th class=\"n\">Rank</th><th>Bid</th><th>Supplier</th>"
		                            "<th class=\"n\">Quality</th><th class=\"n\">Price</th><th class=\"n\">Total</th>"
		                            "<th>Outcome</th></tr></thead>\n<tbody>\n";
		static const char cols[] = "<col style=\"width:8%\"><col style=\"width:14%\"><col style=\"width:30%\">"
		                           "<col style=\"width:11%\"><col style=\"width:11%\"><col style=\"width:11%\">"
		                           "<col style=\"width:15%\">";
		table_open(b, "ranking", cols, thead, first_table(sr->n), sr->n);
		for (size_t k = 0; k < sr->n; k++) {
			table_next(b, k, sr->n, "ranking", cols, thead);
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
		table_close(b, sr->n);
		if (sr->why) {
			put(b, "<p class=\"meta\">Moved by the cap: ");
			esc(b, sr->why);
			put(b, "</p>\n");
		}
		char label[160];
		snprintf(label, sizeof(label), "Points per bid for scheme %s", r->schemes[s].id);
		if (sr->n > CO_HTML_DRAW_ALL)
			compact_bars(b, (co_rows){.res = res, .c = sr->ranking, .nc = sr->n}, sr->n,
			             sr->status == CO_SCHEME_AWARDED ? 1 : 0, label, "the scheme's table above");
		else
			bars(b, res, sr->ranking, sr->n, sr->status == CO_SCHEME_AWARDED ? 1 : 0, label);
		put(b, "</section>\n");
	}
}

/*
 * The challenge check (analytics/challenge.c): for each bid that did not win and could change the
 * award, whether the award would change without it, one plain sentence each.
 */
static void challenge(co_strbuf *b, const co_result *res)
{
	const co_challenge *c;
	if (co_challenge_of(&c, res)) {
		b->failed = 1;
		return;
	}
	put(b, "<section id=\"challenge\">\n<h2>Would the award change without a losing bid?</h2>\n<p class=\"meta\">"
	       "Scoring a price against the lowest price means a bid that did not win can still move other bids' "
	       "points, and with an abnormally-low test it moves the median that flags other bids. For each bid that "
	       "did not win and sets a lowest price, moves another bid's abnormally-low flag or is tied with a place "
	       "of the award, the price and award stages are run again without it; no other losing bid can change "
	       "the award. This is a check only: the award above stands.</p>\n");
	if (!c->applies) {
		put(b, "<p>The check does not apply: ");
		esc(b, c->reason);
		put(b, ".</p>\n</section>\n");
		return;
	}
	if (co_challenge_summary(c))
		put(b, "<p class=\"challenge-none\">%s</p>\n", co_challenge_summary(c));
	if (c->n)
		put(b, "<ul class=\"challenge\">\n");
	for (size_t k = 0; k < c->n; k++) {
		put(b, "<li class=\"challenge-%s\">", c->bids[k].verdict == CO_CHALLENGE_CHANGES ? "changes"
		                                       : c->bids[k].verdict == CO_CHALLENGE_SAME  ? "same"
		                                                                                 : "undetermined");
		esc_owned(b, co_challenge_sentence(res, c, k));
		put(b, "</li>\n");
	}
	put(b, "%s</section>\n", c->n ? "</ul>\n" : "");
}

void co_report_html_to(co_strbuf *b, const co_result *res)
{
	head(b, res->rules, res->n > CO_HTML_DRAW_ALL ? style_large : "",
	     !co_result_final(res) || res->decisions ? style_decisions : "");
	provisional(b, res);
	award(b, res);
	decisions(b, res);
	rules_summary(b, res->rules);
	ranking(b, res);
	schemes(b, res);
	chart(b, res);
	heatmap(b, res);
	agreement(b, res);
	challenge(b, res);
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
