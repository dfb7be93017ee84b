/*
 * Assessment summaries (regulation 31 of the Procurement Regulations 2024): one per supplier whose
 * bid was assessed, in Markdown and HTML. A supplier's summary shows its own scores and, when it
 * was not successful, the successful bid's scores per criterion: never another unsuccessful
 * supplier's. No summary is written while the award is provisional (co_result_final): a letter
 * tells a supplier the final outcome or nothing.
 */
#include "base/diag.h"
#include "evaluating/quality.h"
#include "evaluating/price.h"
#include "rendering/reports.h"
#include "evaluating/decide.h"
#include "base/num.h"
#include "base/strbuf.h"
#include "base/xmlout.h"

#include <stdlib.h>
#include <string.h>

/* One document written twice: as Markdown and as HTML. */
typedef struct {
	co_strbuf *b;
	int html;
} doc;

static void text(doc *d, const char *s)
{
	if (!s)
		return;
	if (d->html) {
		co_xml_escape(d->b, s);
		return;
	}
	while (*s) { /* Markdown: keep table cells and emphasis intact; a cell stays on one line */
		size_t run = strcspn(s, "|*_<>[]\\\n\r");
		if (run)
			co_strbuf_put(d->b, "%.*s", (int)run, s);
		s += run;
		if (!*s)
			break;
		if (*s == '\n' || *s == '\r')
			co_strbuf_put(d->b, " ");
		else
			co_strbuf_put(d->b, "\\%c", *s);
		s++;
	}
}

/* A text the caller made (NULL when making it ran out of memory: the document then fails), written and freed. */
static void owned(doc *d, char *s)
{
	if (!s)
		d->b->failed = 1;
	text(d, s);
	free(s);
}

static void heading(doc *d, int level, const char *s)
{
	if (d->html)
		co_strbuf_put(d->b, "<h%d>", level);
	else
		co_strbuf_put(d->b, "\n%.*s ", level, "######");
	text(d, s);
	co_strbuf_put(d->b, d->html ? "</h%d>\n" : "\n\n", level);
}

static void para_start(doc *d)
{
	if (d->html)
		co_strbuf_put(d->b, "<p>");
}

static void para_end(doc *d)
{
	co_strbuf_put(d->b, d->html ? "</p>\n" : "\n\n");
}

/* A table row; a cell that could not be made (NULL) fails the document. */
static void row(doc *d, const char *const *cells, size_t n, int header)
{
	for (size_t i = 0; i < n; i++)
		if (!cells[i])
			d->b->failed = 1;
	if (d->html) {
		co_strbuf_put(d->b, "<tr>");
		for (size_t i = 0; i < n; i++) {
			co_strbuf_put(d->b, header ? "<th>" : "<td>");
			text(d, cells[i]);
			co_strbuf_put(d->b, header ? "</th>" : "</td>");
		}
		co_strbuf_put(d->b, "</tr>\n");
		return;
	}
	co_strbuf_put(d->b, "|");
	for (size_t i = 0; i < n; i++) {
		co_strbuf_put(d->b, " ");
		text(d, cells[i]);
		co_strbuf_put(d->b, " |");
	}
	co_strbuf_put(d->b, "\n");
	if (header) {
		co_strbuf_put(d->b, "|");
		for (size_t i = 0; i < n; i++)
			co_strbuf_put(d->b, " --- |");
		co_strbuf_put(d->b, "\n");
	}
}

static void table_start(doc *d)
{
	co_strbuf_put(d->b, d->html ? "<table>\n" : "");
}

static void table_end(doc *d)
{
	co_strbuf_put(d->b, d->html ? "</table>\n" : "\n");
}

/* A list item made by the caller (see owned). */
static void item(doc *d, char *s)
{
	co_strbuf_put(d->b, d->html ? "<li>" : "- ");
	owned(d, s);
	co_strbuf_put(d->b, d->html ? "</li>\n" : "\n");
}

/*
 * A rationale could not be read back (the marks file changed, or out of memory): the document
 * fails with that status, never with a wrong or missing reason in it.
 */
static void failed_with(doc *d, int rc)
{
	if (!d->b->failed)
		d->b->flush_rc = rc == CO_ERROR ? 0 : rc;
	d->b->failed = 1;
}

/*
 * The panel's reason for a mark: the moderated rationale, else the evaluators' notes, each read
 * back from the marks file through why (reused); NULL when one cannot be (d then fails).
 */
static char *rationale(doc *d, const co_result *res, const co_entry *e, const co_qmarks *qm, co_strbuf *why)
{
	const char *t;
	int rc;
	if (!qm)
		return strdup("");
	if (qm->has_moderated) {
		if ((rc = co_marks_moderated_rationale(res->marks, e->marks, qm, why, &t))) {
			failed_with(d, rc);
			return NULL;
		}
		return strdup(t ? t : "");
	}
	co_strbuf b = {0};
	for (size_t k = 0; k < qm->n; k++) {
		if ((rc = co_marks_rationale(res->marks, e->marks, qm, k, why, &t))) {
			failed_with(d, rc);
			free(co_strbuf_take(&b));
			return NULL;
		}
		co_strbuf_put(&b, "%s%s: %s", k ? "; " : "", res->marks->evaluators[co_qmarks_marks(e->marks, qm)[k].evaluator], t ? t : "");
	}
	return co_strbuf_take(&b);
}

static char *fmt(const mpq_t q, int d)
{
	return co_num_format(q, d);
}

/* The successful bid an unsuccessful one is compared with: top_n, the last awarded (the bar to clear). */
static long benchmark_bid(const co_result *res)
{
	return res->nawarded ? (long)res->awarded[res->nawarded - 1] : -1;
}

static void criteria(doc *d, const co_rules *r)
{
	char *wq = co_num_format_trim(r->wq, 9), *wp = co_num_format_trim(r->wp, 9);
	if (!wq || !wp)
		d->b->failed = 1;
	heading(d, 2, "Award criteria");
	para_start(d);
	co_strbuf_put(d->b, "Quality %s%%, price %s%%. The quality questions and their weights:", wq, wp);
	para_end(d);
	table_start(d);
	const char *head[] = {"Question", "Weight", "Points available"};
	row(d, head, 3, 1);
	mpq_t avail;
	mpq_init(avail);
	for (size_t q = 0; q < r->nq; q++) {
		const co_question *qu = &r->questions[q];
		co_question_available(r, q, avail);
		char *name = co_strdupf("%s %s", qu->id, qu->title ? qu->title : ""), *w = co_num_format_trim(qu->weight, 9);
		char *wpc = w ? co_strdupf("%s%%", w) : NULL, *a = fmt(avail, r->decimals);
		const char *cells[] = {name, wpc, a};
		row(d, cells, 3, 0);
		free(name);
		free(w);
		free(wpc);
		free(a);
	}
	mpq_clear(avail);
	table_end(d);
	para_start(d);
	text(d, "Each answer was marked on this scale:");
	para_end(d);
	co_strbuf_put(d->b, d->html ? "<ul>\n" : "");
	for (size_t m = 0; m < r->nmarks; m++) {
		item(d, co_strdupf("%ld: %s", r->marks[m], r->labels[m] ? r->labels[m] : ""));
	}
	co_strbuf_put(d->b, d->html ? "</ul>\n" : "\n");
	free(wq);
	free(wp);
}

/*
 * The award criteria section: the same in every summary of an evaluation, so made once in each
 * form (Markdown, HTML) and kept with the result. The result is not otherwise changed; a thread
 * that made it second keeps the first one's.
 */
static void criteria_once(doc *d, const co_result *res)
{
	_Atomic(char *) *kept = &((co_result *)res)->summary_criteria[d->html];
	char *made = atomic_load(kept);
	if (!made) {
		co_strbuf b = {0};
		doc c = {&b, d->html};
		criteria(&c, res->rules);
		char *none = NULL;
		if (!(made = co_strbuf_take(&b))) {
			d->b->failed = 1;
			return;
		}
		if (!atomic_compare_exchange_strong(kept, &none, made)) {
			free(made);
			made = none;
		}
	}
	co_strbuf_add(d->b, made, strlen(made));
}

/*
 * The questions where an evaluator gave no mark (the quality stage's missing_evaluator_mark
 * flags, in its own words): the supplier's consensus there is of the other evaluators' marks.
 */
static void missing_marks(doc *d, const co_entry *e)
{
	int any = 0;
	for (size_t k = 0; k < e->nflags; k++) {
		if (strcmp(e->flags[k].code, "missing_evaluator_mark"))
			continue;
		if (!any++) {
			para_start(d);
			text(d, "Marks not given by every evaluator:");
			para_end(d);
			co_strbuf_put(d->b, d->html ? "<ul>\n" : "");
		}
		item(d, co_strdupf("%s", e->flags[k].detail));
	}
	if (any)
		co_strbuf_put(d->b, d->html ? "</ul>\n" : "\n");
}

/* The scores table of one bid; with `other`, a column for the successful bid's scores too. */
static void scores(doc *d, const co_result *res, const co_entry *e, const co_entry *other, const char *other_label)
{
	const co_rules *r = res->rules;
	int dd = r->decimals;
	co_strbuf buf = {0};
	mpq_t c, pts;
	mpq_inits(c, pts, NULL);
	table_start(d);
	const char *head[] = {"Criterion", "Your mark", "Your points", "Reasons", other_label};
	row(d, head, other ? 5 : 4, 1);
	for (size_t q = 0; q < r->nq; q++) {
		char *name = co_strdupf("%s %s", r->questions[q].id, r->questions[q].title ? r->questions[q].title : "");
		co_entry_mark(res, e, q, c);
		co_question_points(r, q, c, pts);
		char *m = co_num_format_trim(c, dd), *p = fmt(pts, dd), *why = rationale(d, res, e, co_marks_question(e->marks, q), &buf);
		char *om = NULL, *opt = NULL;
		if (other) {
			co_entry_mark(res, other, q, c);
			co_question_points(r, q, c, pts);
			om = co_num_format_trim(c, dd);
			opt = fmt(pts, dd);
		}
		char *o = other && om && opt ? co_strdupf("mark %s, %s points", om, opt) : NULL;
		free(om);
		free(opt);
		const char *cells[] = {name, m, p, why, o};
		row(d, cells, other ? 5 : 4, 0);
		free(name);
		free(m);
		free(p);
		free(why);
		free(o);
	}
	if (co_entry_priced(r, e)) {
		co_entry_totals(res, e, c, pts);
		char *p = fmt(c, dd), *t = fmt(pts, dd), *op = NULL, *ot = NULL;
		if (other) {
			co_entry_totals(res, other, c, pts);
			op = fmt(c, dd);
			ot = fmt(pts, dd);
		}
		const char *pc[] = {"Price", "", p, "", op}, *tc[] = {"Total", "", t, "", ot};
		row(d, pc, other ? 5 : 4, 0);
		row(d, tc, other ? 5 : 4, 0);
		free(p);
		free(op);
		free(t);
		free(ot);
	} else {
		char *t = co_ratio_format(&e->qp, dd), *ot = other ? co_ratio_format(&other->qp, dd) : NULL;
		const char *tc[] = {"Total quality", "", t, "", ot};
		row(d, tc, other ? 5 : 4, 0);
		free(t);
		free(ot);
	}
	table_end(d);
	mpq_clears(c, pts, NULL);
	co_strbuf_end(&buf);
}

const char *co_summary_supplier(const co_result *res, size_t idx)
{
	const co_entry *e = &res->entries[idx];
	return e->status == CO_ST_REJECTED || !co_result_final(res) ? NULL : e->bid->supplier_id;
}

/* What decision dec did to the supplier's own bid e, in the letter's words; NULL when out of memory. */
static char *decided_for_you(const co_result *res, const co_decision *dec, const co_entry *e)
{
	switch (dec->kind) {
	case CO_DEC_TIE:
		if (dec->scheme >= 0)
			return co_strdupf("Your bid tied with another on every criterion for scheme %s. The council decided the tie: "
			                  "the scheme %s awarded to your bid.",
			                  res->rules->schemes[dec->scheme].id, co_decision_awards(dec, e) ? "is" : "is not");
		return co_strdupf("Your bid tied with another on every criterion at the last place awarded. The council decided "
		                  "the tie: your bid %s awarded.", co_decision_awards(dec, e) ? "is" : "is not");
	case CO_DEC_ABNORMALLY_LOW:
		return strdup(dec->rejected ? "Your price was abnormally low. The council investigated it and rejected your bid."
		                            : "Your price was abnormally low. The council investigated it and accepted it.");
	case CO_DEC_EXCLUSION:
		return co_strdupf("The council excluded your bid (ground: %s).", co_ground_name(dec->ground));
	case CO_DEC_SUBMITTED:
		return co_strdupf("The council records your bid as received at %s.", dec->received_text);
	case CO_DEC_MODERATION:
		break;
	}
	return strdup("");
}

/*
 * The council's decisions that touched this supplier's own bid (co_decision_touches: its
 * exclusion, investigation, time of receipt, or a tie it was in), each with who took it, when and
 * why; never a decision about another supplier's bid alone.
 */
static void decisions_about(doc *d, const co_result *res, const co_entry *e)
{
	const co_decisions *ds = res->decisions;
	int any = 0;
	for (size_t k = 0; ds && k < ds->n; k++) {
		const co_decision *dec = &ds->d[k];
		if (!co_decision_touches(res, dec, e))
			continue;
		if (!any++) {
			heading(d, 2, "Decisions about your bid");
			co_strbuf_put(d->b, d->html ? "<ul>\n" : "");
		}
		char *what = decided_for_you(res, dec, e);
		item(d, what ? co_strdupf("%s Decision %s, taken by %s on %s: %s", what, dec->id, dec->by, dec->at_text,
		                          dec->reason)
		             : NULL);
		free(what);
	}
	if (any)
		co_strbuf_put(d->b, d->html ? "</ul>\n" : "\n");
}

void co_report_summary_to(co_strbuf *out, const co_result *res, size_t idx, int html)
{
	const co_rules *r = res->rules;
	const co_entry *e = &res->entries[idx];
	doc d = {out, html};
	if (html) {
		co_strbuf_put(d.b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		                    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
		                    "<title>Assessment summary</title>\n<style>body{font:14px/1.45 system-ui,Arial,sans-serif;"
		                    "max-width:900px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;width:100%%}"
		                    "th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}"
		                    "th{background:#f3f2f1}</style>\n</head>\n<body>\n");
	}
	heading(&d, 1, "Assessment summary");
	para_start(&d);
	text(&d, "To: ");
	text(&d, e->bid->supplier_name);
	text(&d, " (");
	text(&d, e->bid->supplier_id);
	text(&d, "), bid ");
	text(&d, e->bid->id);
	text(&d, ". Competition ");
	text(&d, r->id);
	if (r->title) {
		text(&d, ": ");
		text(&d, r->title);
	}
	text(&d, ". Lot ");
	text(&d, r->lot_id);
	if (r->lot_name) {
		text(&d, " ");
		text(&d, r->lot_name);
	}
	text(&d, ".");
	para_end(&d);

	heading(&d, 2, "Outcome");
	int won = e->status == CO_ST_AWARDED;
	para_start(&d);
	if (won && r->mode == CO_MODE_TOP_N) {
		owned(&d, co_strdupf("Your bid was successful: it is ranked %ld, and the top %ld are awarded.", (long)e->rank, r->n));
	} else if (won) {
		text(&d, "Your bid was successful for scheme(s):");
		for (size_t s = 0; s < r->ns; s++)
			if (res->schemes[s].awarded == (long)idx) {
				text(&d, " ");
				text(&d, r->schemes[s].id);
			}
		text(&d, ".");
	} else if (e->status == CO_ST_DISQUALIFIED) {
		text(&d, "Your bid was not successful: it was disqualified, for these reasons:");
	} else {
		text(&d, "Your bid was not successful.");
		const co_decision *tie = co_decide_tie_for(res, -1);
		if (r->mode == CO_MODE_TOP_N && e->tie_boundary && tie) /* report, decided: summaries are only made final */
			owned(&d, co_strdupf(" It is ranked %ld, tied on every key with other bids across the top-%ld boundary; "
			                     "the contracting authority's decision %s awarded the place%s left to %s.",
			                     (long)e->rank, r->n, tie->id, tie->naward == 1 ? "" : "s",
			                     tie->naward == 1 ? "another tied bid" : "other tied bids"));
		else if (r->mode == CO_MODE_TOP_N && e->tie_boundary)
			owned(&d, co_strdupf(" It is ranked %ld, tied on every key with other bids across the top-%ld boundary, "
			                     "and the rules (at_boundary: exclude_all) award none of the tied bids.",
			                     (long)e->rank, r->n));
		else if (r->mode == CO_MODE_TOP_N)
			owned(&d, co_strdupf(" It is ranked %ld, and the top %ld are awarded.", (long)e->rank, r->n));
	}
	para_end(&d);
	if (e->nreasons) {
		co_strbuf_put(d.b, html ? "<ul>\n" : "");
		for (size_t k = 0; k < e->nreasons; k++) {
			item(&d, co_strdupf("%s (%s)", co_reason_plain(e->reasons[k].code), e->reasons[k].detail));
		}
		co_strbuf_put(d.b, html ? "</ul>\n" : "\n");
	}
	decisions_about(&d, res, e);
	criteria_once(&d, res);
	heading(&d, 2, "Your scores");
	if (e->stage < 3) {
		para_start(&d);
		text(&d, "Your bid was not assessed for quality, because it did not pass the compliance checks above.");
		para_end(&d);
	} else {
		const co_entry *other = NULL;
		if (!won && r->mode == CO_MODE_TOP_N) {
			long bm = benchmark_bid(res);
			other = bm >= 0 ? &res->entries[bm] : NULL;
		}
		scores(&d, res, e, other, "The successful bid");
		missing_marks(&d, e);
		if (other) {
			para_start(&d);
			text(&d, "The successful bid shown is the lowest-ranked of the bids awarded, bid ");
			text(&d, other->bid->id);
			text(&d, ": the scores a bid needed to be successful.");
			para_end(&d);
		}
		if (r->mode == CO_MODE_PER_SCHEME) {
			for (size_t s = 0; s < r->ns; s++) {
				const co_scheme_result *sr = &res->schemes[s];
				if (!co_entry_schemes(r, e)[s] || sr->awarded == (long)idx)
					continue;
				char *h = co_strdupf("Scheme %s", r->schemes[s].id);
				if (!h)
					d.b->failed = 1;
				heading(&d, 3, h);
				free(h);
				if (sr->awarded < 0) {
					para_start(&d);
					text(&d, sr->status == CO_SCHEME_TIE ? "The scheme is not yet awarded: a tie is to be decided."
					                                     : "The scheme was not awarded.");
					para_end(&d);
					continue;
				}
				para_start(&d);
				text(&d, "The scheme was awarded to another bid. Its scores, criterion by criterion:");
				para_end(&d);
				scores(&d, res, e, &res->entries[sr->awarded], "The successful bid");
			}
		}
	}
	if (html)
		co_strbuf_put(d.b, "</body>\n</html>\n");
}

int co_report_summaries(const co_result *res, char ***names, char ***texts, size_t *n)
{
	size_t cap = 2 * res->n + 1;
	char **nm = calloc(cap, sizeof(char *)), **tx = calloc(cap, sizeof(char *));
	size_t k = 0;
	*names = *texts = NULL;
	*n = 0;
	if (!nm || !tx)
		goto fail;
	for (size_t i = 0; i < res->n; i++) {
		const char *supplier = co_summary_supplier(res, res->order[i]);
		if (!supplier)
			continue;
		for (int html = 0; html < 2; html++) {
			co_strbuf b = {0};
			co_report_summary_to(&b, res, res->order[i], html);
			nm[k] = co_strdupf("summaries/%s.%s", supplier, html ? "html" : "md");
			co_report_whole(&tx[k], &b);
			k++;
			if (!nm[k - 1] || !tx[k - 1])
				goto fail;
		}
	}
	*names = nm;
	*texts = tx;
	*n = k;
	return 0;
fail:
	/* Nothing half made goes back: every summary made so far is freed. */
	for (size_t i = 0; i < k; i++) {
		free(nm[i]);
		free(tx[i]);
	}
	free(nm);
	free(tx);
	return CO_ERROR;
}
