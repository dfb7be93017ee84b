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
#include "evaluating/ranking.h"
#include "evaluating/award.h"
#include "evaluating/admissibility.h"
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
 * The panel's supplier-facing reason for a mark: its feedback to the supplier (<feedback>), else
 * the moderated rationale, each read back from the marks file through why (reused); "" when there
 * is neither (the evaluators' own notes are working notes, never sent); NULL when one cannot be
 * read back (d then fails).
 */
static char *rationale(doc *d, const co_result *res, const co_entry *e, const co_qmarks *qm, co_strbuf *why)
{
	const char *t = NULL;
	int rc;
	if (qm && (rc = co_marks_feedback(res->marks, e->marks, qm, why, &t))) {
		failed_with(d, rc);
		return NULL;
	}
	if (!t && qm && qm->has_moderated && (rc = co_marks_moderated_rationale(res->marks, e->marks, qm, why, &t))) {
		failed_with(d, rc);
		return NULL;
	}
	return strdup(t ? t : "");
}

/* A postal address on one line: its lines, each trimmed, joined by ", ". NULL when out of memory. */
static char *one_line(const char *s)
{
	co_strbuf b = {0};
	co_strbuf_put(&b, "%s", "");
	while (*s) {
		size_t n = strcspn(s, "\r\n");
		size_t lead = strspn(s, " \t");
		size_t len = n > lead ? n - lead : 0;
		while (len && (s[lead + len - 1] == ' ' || s[lead + len - 1] == '\t'))
			len--;
		if (len)
			co_strbuf_put(&b, "%s%.*s", b.len ? ", " : "", (int)len, s + lead);
		s += n;
		s += strspn(s, "\r\n");
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
		item(d, co_note_words(&e->flags[k]));
	}
	if (any)
		co_strbuf_put(d->b, d->html ? "</ul>\n" : "\n");
}

/* The candidate of entry idx in a ranking, or NULL. */
static const co_cand *cand_of(const co_cand *ranking, size_t n, size_t idx)
{
	for (size_t k = 0; k < n; k++)
		if (ranking[k].entry == idx)
			return &ranking[k];
	return NULL;
}

/* The Price and Total rows of a scores table (the successful bid's too when other), made by the caller and freed. */
static void price_rows(doc *d, char *p, char *op, char *t, char *ot, int other)
{
	const char *pc[] = {"Price", "", p, "", op}, *tc[] = {"Total", "", t, "", ot};
	row(d, pc, other ? 5 : 4, 0);
	row(d, tc, other ? 5 : 4, 0);
	free(p);
	free(op);
	free(t);
	free(ot);
}

/*
 * The scores table of one bid; with `other`, a column for the successful bid's scores too. In a
 * per_scheme lot whose prices earn points, sr gives the scheme whose price points and totals
 * (its candidates') are shown too; NULL shows quality alone.
 */
static void scores(doc *d, const co_result *res, const co_entry *e, const co_entry *other, const char *other_label,
                   const co_scheme_result *sr)
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
		price_rows(d, p, op, t, ot, other != NULL);
	} else {
		char *t = co_ratio_format(&e->qp, dd), *ot = other ? co_ratio_format(&other->qp, dd) : NULL;
		const char *tc[] = {"Total quality", "", t, "", ot};
		row(d, tc, other ? 5 : 4, 0);
		free(t);
		free(ot);
		const co_cand *ce = sr ? cand_of(sr->ranking, sr->n, (size_t)(e - res->entries)) : NULL;
		const co_cand *co = sr && other ? cand_of(sr->ranking, sr->n, (size_t)(other - res->entries)) : NULL;
		if (ce && co_prices_scored(r)) {
			char *p = co_ratio_format(&ce->pp, dd), *op = co ? co_ratio_format(&co->pp, dd) : NULL;
			char *tt = co_ratio_format(&ce->total, dd), *ott = co ? co_ratio_format(&co->total, dd) : NULL;
			price_rows(d, p, op, tt, ott, other != NULL);
		}
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

/*
 * Two numbers as the letter shows them: at the rules' places, or, when those would show two
 * different numbers as the same, at the first number of places that tells them apart (exact
 * fractions past 30), so that "lower than" and "against" are never said of equal-looking numbers.
 * trim: marks, without trailing zeros. 0, or CO_ERROR when out of memory (both NULL then).
 */
static int two_numbers(const mpq_t a, const mpq_t b, int dec, int trim, char **sa, char **sb)
{
	char *(*f)(const mpq_t, int) = trim ? co_num_format_trim : co_num_format;
	*sa = *sb = NULL;
	for (int places = dec; places <= 30; places++) {
		free(*sa);
		free(*sb);
		*sa = f(a, places);
		*sb = f(b, places);
		if (!*sa || !*sb)
			goto oom;
		if (strcmp(*sa, *sb) || mpq_equal(a, b))
			return 0;
	}
	free(*sa);
	free(*sb);
	*sa = co_num_exact(a);
	*sb = co_num_exact(b);
	if (*sa && *sb)
		return 0;
oom:
	free(*sa);
	free(*sb);
	*sa = *sb = NULL;
	return CO_ERROR;
}

/*
 * "<key> (<what it compares>), put it ahead: <its value> against your <value>": tie-break key k,
 * the first on which own and other differ (co_rank_first_difference), with both values as the
 * ranking compared them. NULL when out of memory.
 */
static char *key_words(const co_result *res, const co_cand *own, const co_cand *other, int k)
{
	const co_rules *r = res->rules;
	const co_tiebreak *t = &r->tie_break[k];
	char buf[96], *sx = NULL, *sy = NULL, *out = NULL;
	const char *what = "", *name = co_tiebreak_name(r, (size_t)k, buf, sizeof(buf));
	mpq_t vx, vy;
	mpq_inits(vx, vy, NULL);
	int trim = 0;
	switch (t->kind) {
	case CO_TB_QUALITY:
		what = "the quality points";
		break;
	case CO_TB_PRICE:
		what = "the price points";
		break;
	case CO_TB_LOWEST_PRICE:
		what = "the sum of the scored prices, lower first";
		break;
	case CO_TB_QUESTION:
		what = NULL;
		trim = 1;
		break;
	case CO_TB_SUBMITTED: {
		co_when wx = co_entry_when(res, own->entry), wy = co_entry_when(res, other->entry);
		out = co_strdupf("%s (the time the bid was received, earlier first), put it ahead: %s against your %s", name,
		                 wy.text ? wy.text : "none", wx.text ? wx.text : "none");
		goto out;
	}
	}
	/* The values the ranking compared, from its one definition of each key. */
	co_rank_key_value(res, own, k, vx);
	co_rank_key_value(res, other, k, vy);
	if (two_numbers(vy, vx, r->decimals, trim, &sy, &sx))
		goto out;
	if (what)
		out = co_strdupf("%s (%s), put it ahead: %s against your %s", name, what, sy, sx);
	else
		out = co_strdupf("%s (the consensus mark on question %s), put it ahead: %s against your %s", name,
		                 r->questions[t->question].id, sy, sx);
out:
	free(sx);
	free(sy);
	mpq_clears(vx, vy, NULL);
	return out;
}

/*
 * Why own is behind other in a ranking, from the ranking's own comparison: a lower total, or an
 * equal total and the first tie-break key that differs. lead starts the sentence ("Your" or "For
 * scheme ECH-01, your"), whose names other ("the lowest-ranked successful bid"). NULL when out of
 * memory; "" when own is not behind other (the caller says something else).
 */
static char *behind_words(const co_result *res, const co_cand *own, const co_cand *other, const char *lead,
                          const char *whose)
{
	const char *oid = res->entries[other->entry].bid->id;
	int k = co_rank_first_difference(res, own, other);
	if (k == -2 || co_rank_cmp(res, own, other) <= 0)
		return strdup("");
	char *so = NULL, *sw = NULL, *out = NULL;
	mpq_t a, b;
	mpq_inits(a, b, NULL);
	co_ratio_get(a, &own->total);
	co_ratio_get(b, &other->total);
	if (two_numbers(a, b, res->rules->decimals, 0, &so, &sw))
		goto out;
	if (k == -1) {
		out = co_strdupf("%s total of %s is lower than %s, the total of %s (%s).", lead, so, sw, whose, oid);
	} else {
		char *kw = key_words(res, own, other, k);
		out = kw ? co_strdupf("%s total of %s equals that of %s (%s), and the first tie-break key on which they "
		                      "differ, %s.",
		                      lead, so, whose, oid, kw)
		         : NULL;
		free(kw);
	}
out:
	free(so);
	free(sw);
	mpq_clears(a, b, NULL);
	return out;
}

/*
 * Why entry idx did not win scheme s, which it bid for, in one sentence drawn from the scheme's
 * result: behind the winner (a lower total, or a tie-break key); passed over by the cap, as
 * stage 5 recorded it (co_award_passed_over: the scheme moved off its rank 1, and the schemes
 * the supplier holds); or a decided tie; or no award.
 */
static char *scheme_why(const co_result *res, size_t idx, size_t s)
{
	const co_rules *r = res->rules;
	const co_scheme_result *sr = &res->schemes[s];
	const char *sid = r->schemes[s].id;
	const co_cand *own = cand_of(sr->ranking, sr->n, idx);
	const co_cand *win = sr->awarded >= 0 ? cand_of(sr->ranking, sr->n, (size_t)sr->awarded) : NULL;
	char *lead = co_strdupf("For scheme %s, your", sid), *out = NULL, *list = NULL;
	size_t held = 0;
	int capped = co_award_passed_over(res, s, idx, &list, &held);
	if (!lead || capped < 0)
		goto out;
	if (own && win && (out = behind_words(res, own, win, lead, "the successful bid")) && !*out) {
		free(out);
		out = NULL;
		const co_decision *tie = co_decide_tie_for(res, (long)s);
		char *so = co_ratio_format(&own->total, r->decimals), *sw = co_ratio_format(&win->total, r->decimals);
		if (!so || !sw)
			;
		else if (capped)
			out = co_strdupf("For scheme %s, your bid is ranked %ld with a total of %s and the successful bid (%s) "
			                 "is ranked %ld with %s, but the rules allow one supplier at most %ld scheme%s "
			                 "(max_schemes_per_supplier: %ld) and your supplier is awarded %zu: %s.",
			                 sid, own->rank, so, res->entries[win->entry].bid->id, win->rank, sw, r->max_schemes,
			                 r->max_schemes == 1 ? "" : "s", r->max_schemes, held, list);
		else if (co_rank_cmp(res, own, win) == 0 && tie)
			out = co_strdupf("For scheme %s, your bid tied on every key with the successful bid (%s); the "
			                 "contracting authority's decision %s awarded the scheme to it.",
			                 sid, res->entries[win->entry].bid->id, tie->id);
		else
			out = co_strdupf("For scheme %s, the scheme was awarded to another bid (%s).", sid,
			                 res->entries[win->entry].bid->id);
		free(so);
		free(sw);
	} else if (!win) {
		if (capped)
			out = co_strdupf("For scheme %s, no bid was awarded: the rules allow one supplier at most %ld scheme%s "
			                 "(max_schemes_per_supplier: %ld) and your supplier is awarded %zu: %s.",
			                 sid, r->max_schemes, r->max_schemes == 1 ? "" : "s", r->max_schemes, held, list);
		else
			out = co_strdupf("For scheme %s, no bid was awarded.", sid);
	} else if (!own && win) {
		out = co_strdupf("For scheme %s, the scheme was awarded to another bid (%s).", sid,
		                 res->entries[win->entry].bid->id);
	}
out:
	free(list);
	free(lead);
	return out;
}

/* A disqualified bid's reasons, each with its subject (co_note_words): "question Q3: 688 words, limit 500; ...". */
static char *reasons_words(const co_entry *e)
{
	co_strbuf b = {0};
	co_strbuf_put(&b, "%s", "Your bid was disqualified: ");
	for (size_t k = 0; k < e->nreasons; k++) {
		char *w = co_note_words(&e->reasons[k]);
		if (!w)
			b.failed = 1;
		size_t len = w ? strlen(w) : 0;
		/* The last reason's own full stop (an officer's decision quoted) ends the sentence: never "..". */
		if (k + 1 == e->nreasons && len && w[len - 1] == '.')
			w[len - 1] = '\0';
		co_strbuf_put(&b, "%s%s", k ? "; " : "", w ? w : "");
		free(w);
	}
	co_strbuf_put(&b, ".");
	return co_strbuf_take(&b);
}

/* One "why" paragraph: "**Why:** ..." in Markdown, <p class="why"> in HTML, so that it can be found. */
static void why_para(doc *d, char *s)
{
	co_strbuf_put(d->b, d->html ? "<p class=\"why\"><strong>Why:</strong> " : "**Why:** ");
	owned(d, s);
	para_end(d);
}

/*
 * What the top_n award did, in one sentence from stage 5's evidence: the places (the rules' n),
 * the bids actually awarded (res->nawarded) and, when bids tied across the boundary (their
 * entries' tie_boundary), what became of them: "There are 2 places and 1 bid is awarded; the 2
 * bids tied at rank 2 across the boundary are not (at_boundary: exclude_all)." Never "the top n
 * are awarded", which admit_all and exclude_all make false. NULL when out of memory.
 */
static char *award_words(const co_result *res)
{
	const co_rules *r = res->rules;
	size_t ntie = 0, won = 0;
	long at = 0;
	for (size_t k = 0; k < res->nranking; k++) {
		const co_entry *t = &res->entries[res->ranking[k].entry];
		if (!t->tie_boundary)
			continue;
		at = ntie++ ? at : res->ranking[k].rank;
		won += t->status == CO_ST_AWARDED;
	}
	co_strbuf b = {0};
	co_strbuf_put(&b, "There %s %ld place%s and ", r->n == 1 ? "is" : "are", r->n, r->n == 1 ? "" : "s");
	if (res->nawarded == 0)
		co_strbuf_put(&b, "no bid is awarded");
	else
		co_strbuf_put(&b, "%zu bid%s awarded", res->nawarded, res->nawarded == 1 ? " is" : "s are");
	const co_decision *d = co_decide_tie_for(res, -1);
	if (!ntie)
		co_strbuf_put(&b, ".");
	else if (d)
		co_strbuf_put(&b, "; of the %zu bids tied at rank %ld across the boundary, the contracting authority's "
		              "decision %s awarded %zu.", ntie, at, d->id, won);
	else if (won == ntie)
		if (ntie == 2)
			co_strbuf_put(&b, ", including both bids tied at rank %ld across the boundary (at_boundary: %s).", at,
			              co_boundary_name(r->at_boundary));
		else
			co_strbuf_put(&b, ", including all %zu bids tied at rank %ld across the boundary (at_boundary: %s).",
			              ntie, at, co_boundary_name(r->at_boundary));
	else
		co_strbuf_put(&b, "; the %zu bids tied at rank %ld across the boundary are not (at_boundary: %s).", ntie, at,
		              co_boundary_name(r->at_boundary));
	return co_strbuf_take(&b);
}

/*
 * Why the bid (or, per scheme, each scheme it bid for and did not win) was not successful, in one
 * plain sentence each, from the evidence the stages recorded: never decided again here.
 */
static void why_lost(doc *d, const co_result *res, size_t idx)
{
	const co_rules *r = res->rules;
	const co_entry *e = &res->entries[idx];
	if (e->status == CO_ST_DISQUALIFIED) {
		why_para(d, reasons_words(e));
		return;
	}
	if (r->mode == CO_MODE_PER_SCHEME) {
		for (size_t s = 0; s < r->ns; s++)
			if (co_entry_schemes(r, e)[s] && res->schemes[s].awarded != (long)idx)
				why_para(d, scheme_why(res, idx, s));
		return;
	}
	if (e->status == CO_ST_AWARDED)
		return;
	const co_decision *tie = co_decide_tie_for(res, -1);
	/* The other bids in its tie at the boundary (stage 5's tie_boundary marks): "another bid", "2 other bids". */
	size_t tied = 0;
	for (size_t i = 0; e->tie_boundary && i < res->n; i++)
		tied += res->entries[i].tie_boundary && i != idx;
	char others[48];
	if (tied == 1)
		snprintf(others, sizeof(others), "another bid");
	else
		snprintf(others, sizeof(others), "%zu other bids", tied);
	if (e->tie_boundary && tie) { /* report, decided: summaries are only made final */
		why_para(d, co_strdupf("Your bid is ranked %ld, tied on every key with %s across the top-%ld "
		                       "boundary; the contracting authority's decision %s awarded the place%s left to %s.",
		                       (long)e->rank, others, r->n, tie->id, tie->naward == 1 ? "" : "s",
		                       tie->naward == 1 ? "another tied bid" : "other tied bids"));
		return;
	}
	if (e->tie_boundary) {
		why_para(d, co_strdupf("Your bid is ranked %ld, tied on every key with %s across the top-%ld "
		                       "boundary, and the rules (at_boundary: %s) award none of the tied bids.",
		                       (long)e->rank, others, r->n, co_boundary_name(r->at_boundary)));
		return;
	}
	long bm = benchmark_bid(res);
	const co_cand *own = cand_of(res->ranking, res->nranking, idx);
	const co_cand *other = bm >= 0 ? cand_of(res->ranking, res->nranking, (size_t)bm) : NULL;
	char *s = own && other ? behind_words(res, own, other, "Your", "the lowest-ranked successful bid")
	                       : co_strdupf("No bid was awarded; your bid is ranked %ld.", (long)e->rank);
	if (s && !*s) {
		free(s);
		char *aw = award_words(res);
		s = aw ? co_strdupf("Your bid is ranked %ld. %s", (long)e->rank, aw) : NULL;
		free(aw);
	}
	why_para(d, s);
}

/*
 * How the bid's price points were worked out (FORMATS 6.1 stage 4), item by item, with the
 * engine's own rule (co_item_points) and lowest prices: lowest[i] for each scored item (top_n:
 * stage 4's res->lowest; per_scheme: the scheme's candidates', co_lowest_price). pp is the bid's
 * price points as the award used them.
 */
static void price_table(doc *d, const co_result *res, const co_entry *e, mpq_t *lowest, const mpq_t pp)
{
	const co_rules *r = res->rules;
	int linear = r->price_scoring == CO_PS_LINEAR_TO_MAX, dd = r->decimals;
	mpq_t price, f, pts, t;
	mpq_inits(price, f, pts, t, NULL);
	table_start(d);
	const char *head[] = {"Item", "Weight", "Points available", "Your price (p)", "Lowest price (L)", "Working",
	                      "Your points"},
	           *lhead[] = {"Item", "Weight", "Points available", "Your price (p)", "Lowest price (L)", "Maximum (X)",
	                       "Working", "Your points"};
	row(d, linear ? lhead : head, linear ? 8 : 7, 1);
	for (size_t i = 0; i < r->np; i++) {
		const co_price_item *it = &r->prices[i];
		if (!it->scored)
			continue;
		co_entry_price(e, i, price);
		if (res->rules->mode == CO_MODE_TOP_N)
			co_entry_item_points(res, e, i, pts);
		else
			co_item_points(r, i, lowest[i], price, f, pts);
		char *w = co_num_format_trim(it->weight, 9), *wpc = w ? co_strdupf("%s%%", w) : NULL;
		char *avail = co_num_format_trim(it->share, 9), *p = co_num_format(price, 2), *l = co_num_format(lowest[i], 2);
		char *x = co_num_format(it->max, 2), *pt = fmt(pts, dd), *work = NULL, *exact = NULL;
		co_num_round(t, pts, dd);
		/* The exact points beside the working when they have more places than shown and a short fraction says them. */
		if (!mpq_equal(t, pts) && mpz_cmp_ui(mpq_denref(pts), 1000) < 0 && !(exact = co_num_exact(pts)))
			d->b->failed = 1;
		/* The working ends with its result: the exact fraction (when short) and the points shown, "≈" when rounded. */
		char *result = pt ? co_strdupf("%s%s%s %s", exact ? " = " : "", exact ? exact : "", mpq_equal(t, pts) ? " =" : " ≈",
		                               pt)
		                  : NULL;
		if (avail && p && l && x && result) {
			if (!linear)
				work = co_strdupf("%s × %s / %s%s", avail, l, p, result);
			else if (mpq_equal(it->max, lowest[i]))
				work = co_strdupf("%s × 1 (X = L)%s", avail, result);
			else
				work = co_strdupf("%s × (%s − %s) / (%s − %s)%s", avail, x, p, x, l, result);
		}
		free(result);
		char *name = co_strdupf("%s%s%s", it->id, it->text ? " " : "", it->text ? it->text : "");
		const char *cells[] = {name, wpc, avail, p, l, work, pt}, *lcells[] = {name, wpc, avail, p, l, x, work, pt};
		row(d, linear ? lcells : cells, linear ? 8 : 7, 0);
		free(w);
		free(wpc);
		free(avail);
		free(p);
		free(l);
		free(x);
		free(pt);
		free(work);
		free(exact);
		free(name);
	}
	char *total = fmt(pp, dd);
	const char *last[] = {"Price points", "", "", "", "", "", "", ""};
	last[linear ? 7 : 6] = total;
	row(d, last, linear ? 8 : 7, 0);
	free(total);
	table_end(d);
	mpq_clears(price, f, pts, t, NULL);
}

/* The price method in words, once per summary; where names the bids L is taken over. */
static void price_method(doc *d, const co_rules *r, const char *where)
{
	char *wp = co_num_format_trim(r->wp, 9);
	if (!wp)
		d->b->failed = 1;
	para_start(d);
	if (r->price_scoring == CO_PS_LOWEST_RATIO)
		owned(d, co_strdupf("Price was scored by comparison with the lowest price (lowest_ratio). For each scored item, "
		                    "f = L / p, where p is your price and L the lowest price %s; the item's points are its "
		                    "points available × f, where its points available are %s (the price weight) × the item's "
		                    "weight / 100. Your price points are the sum over the items.",
		                    where, wp ? wp : ""));
	else
		owned(d, co_strdupf("Price was scored on a straight line from the lowest price to the maximum (linear_to_max). "
		                    "For each scored item, f = (X − p) / (X − L), where p is your price, L the lowest price %s "
		                    "and X the item's maximum price; f = 1 when X = L. The item's points are its points "
		                    "available × f, where its points available are %s (the price weight) × the item's "
		                    "weight / 100. Your price points are the sum over the items.",
		                    where, wp ? wp : ""));
	if (r->each_score)
		owned(d, co_strdupf(" Each item's points are rounded to %d decimal places before they are added "
		                    "(rounding: each_score).", r->decimals));
	para_end(d);
	free(wp);
}

/* The price section of a summary: the method and the bid's table, or why price scored nothing. */
static void price_explained(doc *d, const co_result *res, size_t idx)
{
	const co_rules *r = res->rules;
	const co_entry *e = &res->entries[idx];
	if (r->price_scoring == CO_PS_FIXED) {
		heading(d, 3, "Price");
		para_start(d);
		text(d, "Prices were set by the council; every compliant bid scores the same on price.");
		para_end(d);
		return;
	}
	if (!co_prices_scored(r))
		return;
	if (r->mode == CO_MODE_TOP_N) {
		if (!co_entry_priced(r, e) || !res->lowest)
			return;
		mpq_t pp, total;
		mpq_inits(pp, total, NULL);
		heading(d, 3, "Price");
		price_method(d, r, "among the bids still in the competition when prices were scored");
		co_entry_totals(res, e, pp, total);
		price_table(d, res, e, res->lowest, pp);
		mpq_clears(pp, total, NULL);
		return;
	}
	mpq_t *lowest = calloc(r->np ? r->np : 1, sizeof(mpq_t)), pp;
	if (!lowest) {
		d->b->failed = 1;
		return;
	}
	mpq_init(pp);
	for (size_t i = 0; i < r->np; i++)
		mpq_init(lowest[i]);
	int said = 0;
	for (size_t s = 0; s < r->ns; s++) {
		const co_scheme_result *sr = &res->schemes[s];
		const co_cand *own = cand_of(sr->ranking, sr->n, idx);
		if (!own)
			continue;
		if (!said++) {
			heading(d, 3, "Price");
			price_method(d, r, "among the bids for the scheme still in the competition");
		}
		for (size_t i = 0; i < r->np; i++)
			if (r->prices[i].scored)
				co_lowest_price(res, sr->ranking, sr->n, i, lowest[i]);
		para_start(d);
		owned(d, co_strdupf("Scheme %s:", r->schemes[s].id));
		para_end(d);
		co_ratio_get(pp, &own->pp);
		price_table(d, res, e, lowest, pp);
	}
	for (size_t i = 0; i < r->np; i++)
		mpq_clear(lowest[i]);
	free(lowest);
	mpq_clear(pp);
}

/* "2026-12-22" and its weekday as a letter writes a date: "Tuesday 22 December 2026" (NULL when out of memory). */
static char *long_date(const char *ymd, const char *weekday)
{
	static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
	                                     "July",    "August",   "September", "October", "November", "December"};
	int m = atoi(ymd + 5);
	if (m < 1 || m > 12)
		return NULL;
	return co_strdupf("%s%s%d %s %.4s", weekday ? weekday : "", weekday ? " " : "", atoi(ymd + 8), months[m - 1], ymd);
}

/*
 * The decision and the standstill (co_result_notice: the one place that counts it): the date of
 * the award decision, the contract award notice's date, the mandatory standstill period of
 * s.51 with its last day and the days in it that are not working days, the first day the
 * contract may be entered into, and where the award criteria were published. Rules with no
 * publication.date give no dates, and the summary says when the period will begin instead.
 */
static void notice_section(doc *d, const co_result *res)
{
	co_notice *n = malloc(sizeof(*n));
	if (!n) {
		d->b->failed = 1;
		return;
	}
	int rc = co_result_notice(res, n);
	if (rc != 0 && rc != 1 && rc != CO_EINVALID) {
		d->b->failed = 1;
		free(n);
		return;
	}
	heading(d, 2, "Decision and standstill");
	para_start(d);
	if (rc == 1) {
		owned(d, co_strdupf("The contract award notice has not been dated yet. The mandatory standstill period is %d "
		                    "working days beginning with the day the notice is published (Procurement Act 2023, "
		                    "section 51); the contract will not be entered into before it ends.",
		                    CO_STANDSTILL_DAYS));
	} else if (rc != 0) {
		owned(d, co_strdupf("The contract award notice is dated %s. The end of the standstill period cannot be "
		                    "worked out: it falls beyond the years the calendar knows (2011 to 2099).",
		                    n->notice));
	} else {
		const co_standstill_period *p = &n->period;
		char *decided = long_date(n->decided, NULL), *notice = long_date(p->notice, p->notice_weekday);
		char *end = long_date(p->end, p->end_weekday), *from = long_date(p->contract_from, p->contract_from_weekday);
		owned(d, decided && notice && end && from
		             ? co_strdupf("The council decided the award on %s. The contract award notice is to be published on %s. "
		                          "The mandatory standstill period is %u working days beginning with that day "
		                          "(Procurement Act 2023, section 51): it ends on %s, and the contract will not be "
		                          "entered into before %s.",
		                          decided, notice, p->working_days, end, from)
		             : NULL);
		free(decided);
		free(notice);
		free(end);
		free(from);
		if (p->nskipped) {
			para_end(d);
			para_start(d);
			text(d, "Days in the period that are not working days:");
			para_end(d);
			co_strbuf_put(d->b, d->html ? "<ul>\n" : "");
			for (size_t k = 0; k < p->nskipped; k++) {
				char *day = long_date(p->skipped[k].date, NULL);
				item(d, day ? co_strdupf("%s: %s", day, p->skipped[k].reason) : NULL);
				free(day);
			}
			co_strbuf_put(d->b, d->html ? "</ul>\n" : "\n");
			para_start(d);
		}
	}
	if (n->criteria) {
		text(d, rc == 0 && n->period.nskipped ? "" : " ");
		owned(d, co_strdupf("The award criteria were published in: %s.", n->criteria));
	}
	para_end(d);
	free(n);
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
	text(&d, ")");
	if (e->bid->contact_address) {
		text(&d, ", ");
		owned(&d, one_line(e->bid->contact_address));
	}
	if (e->bid->contact_email) {
		text(&d, ", ");
		text(&d, e->bid->contact_email);
	}
	text(&d, ". About your bid ");
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
		char *aw = award_words(res);
		owned(&d, aw ? co_strdupf("Your bid was successful: it is ranked %ld. %s", (long)e->rank, aw) : NULL);
		free(aw);
	} else if (won) {
		size_t nwon = 0, k = 0;
		for (size_t s = 0; s < r->ns; s++)
			nwon += res->schemes[s].awarded == (long)idx;
		text(&d, nwon == 1 ? "Your bid was successful for scheme " : "Your bid was successful for schemes ");
		for (size_t s = 0; s < r->ns; s++)
			if (res->schemes[s].awarded == (long)idx) {
				text(&d, k == 0 ? "" : k + 1 == nwon ? " and " : ", ");
				text(&d, r->schemes[s].id);
				k++;
			}
		text(&d, ".");
	} else if (e->status == CO_ST_DISQUALIFIED) {
		text(&d, "Your bid was not successful: it was disqualified, for these reasons:");
	} else {
		text(&d, "Your bid was not successful.");
		if (r->mode == CO_MODE_TOP_N && !e->tie_boundary) {
			char *aw = award_words(res);
			owned(&d, aw ? co_strdupf(" It is ranked %ld. %s", (long)e->rank, aw) : NULL);
			free(aw);
		}
	}
	para_end(&d);
	if (e->nreasons) {
		co_strbuf_put(d.b, html ? "<ul>\n" : "");
		for (size_t k = 0; k < e->nreasons; k++) {
			char *w = co_note_words(&e->reasons[k]);
			size_t wl = w ? strlen(w) : 0; /* a detail that ends a sentence (a quoted decision) keeps its own full stop */
			item(&d, w ? co_strdupf("%s In detail: %s%s", co_reason_plain(e->reasons[k].code), w,
			                        wl && w[wl - 1] == '.' ? "" : ".")
			           : NULL);
			free(w);
		}
		co_strbuf_put(d.b, html ? "</ul>\n" : "\n");
	}
	why_lost(&d, res, idx);
	notice_section(&d, res);
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
		scores(&d, res, e, other, "The successful bid", NULL);
		missing_marks(&d, e);
		if (other) {
			para_start(&d);
			text(&d, "The successful bid shown is the lowest-ranked of the bids awarded, bid ");
			text(&d, other->bid->id);
			text(&d, ": the scores a bid needed to be successful.");
			para_end(&d);
		}
		price_explained(&d, res, idx);
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
				scores(&d, res, e, &res->entries[sr->awarded], "The successful bid", sr);
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
