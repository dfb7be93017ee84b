/* scores.csv: one row per bid (RFC 4180, UTF-8 with a byte-order mark), for officers' spreadsheets. */
#include "evaluating/quality.h"
#include "evaluating/price.h"
#include "rendering/reports.h"
#include "base/num.h"
#include "base/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * One field, RFC 4180: quoted when it holds a comma, quote, CR or LF, quotes doubled.
 * Text from bids that a spreadsheet would run as a formula (=, +, -, @ first) gets a
 * leading apostrophe (the usual defence against CSV injection).
 */
static void field(co_strbuf *b, const char *s, int text, int last)
{
	if (!s)
		s = "";
	int formula = text && (*s == '=' || *s == '+' || *s == '-' || *s == '@');
	int quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (quote) {
		co_strbuf_put(b, "\"%s", formula ? "'" : "");
		for (const char *p = s; *p;) {
			size_t run = strcspn(p, "\"");
			co_strbuf_put(b, "%.*s", (int)run, p);
			p += run;
			if (*p == '"') {
				co_strbuf_put(b, "\"\"");
				p++;
			}
		}
		co_strbuf_put(b, "\"");
	} else {
		co_strbuf_put(b, "%s", s);
	}
	co_strbuf_put(b, last ? "\r\n" : ",");
}

static void num(co_strbuf *b, const mpq_t q, int show, int decimals)
{
	char *s = show ? co_strbuf_need(b, co_num_format(q, decimals)) : NULL;
	field(b, s, 0, 0);
	free(s);
}

static void ratio(co_strbuf *b, const co_ratio *r, int show, int decimals)
{
	char *s = show ? co_strbuf_need(b, co_ratio_format(r, decimals)) : NULL;
	field(b, s, 0, 0);
	free(s);
}

/*
 * Per_scheme: where each entry stands in each scheme's ranking, as at[entry * ns + s] (the
 * candidate's index + 1, 0 when the bid is not ranked there). NULL when out of memory.
 */
static uint32_t *scheme_places(const co_result *res)
{
	const co_rules *r = res->rules;
	uint32_t *at = calloc(res->n * r->ns + 1, sizeof(*at));
	for (size_t s = 0; at && s < r->ns; s++)
		for (size_t k = 0; k < res->schemes[s].n; k++)
			at[res->schemes[s].ranking[k].entry * r->ns + s] = (uint32_t)(k + 1);
	return at;
}

/* The header: the bid, its scores, each question's points, each price item's price and points, each scheme's standing, the reasons. */
static void header(co_strbuf *b, const co_rules *r)
{
	static const char *const head[] = {"bid", "supplier", "name", "file", "status", "rank", "quality", "price", "total"};
	for (size_t i = 0; i < sizeof(head) / sizeof(*head); i++)
		field(b, head[i], 0, 0);
	for (size_t q = 0; q < r->nq; q++)
		field(b, r->questions[q].id, 0, 0);
	co_strbuf name = {0};
	for (size_t p = 0; p < r->np; p++)
		for (int points = 0; points < 2; points++) {
			co_strbuf_reset(&name);
			co_strbuf_put(&name, "%s %s", r->prices[p].id, points ? "points" : "price");
			field(b, name.failed ? NULL : name.s, 0, 0);
			b->failed |= name.failed;
		}
	static const char *const per_scheme[] = {"rank", "price points", "total", "outcome"};
	for (size_t s = 0; r->mode == CO_MODE_PER_SCHEME && s < r->ns; s++)
		for (size_t k = 0; k < 4; k++) {
			co_strbuf_reset(&name);
			co_strbuf_put(&name, "%s %s", r->schemes[s].id, per_scheme[k]);
			field(b, name.failed ? NULL : name.s, 0, 0);
			b->failed |= name.failed;
		}
	co_strbuf_end(&name);
	field(b, "reasons", 0, 1);
}

/* The entry's standing in scheme s: its rank, price points and total there, and whether it won the scheme. */
static void scheme_cells(co_strbuf *b, const co_result *res, size_t idx, const uint32_t *at, size_t s)
{
	const co_scheme_result *sr = &res->schemes[s];
	uint32_t k = at[idx * res->rules->ns + s];
	if (!k) {
		for (int i = 0; i < 4; i++)
			field(b, NULL, 0, 0);
		return;
	}
	const co_cand *c = &sr->ranking[k - 1];
	char rank[32];
	snprintf(rank, sizeof(rank), "%ld", c->rank);
	field(b, rank, 0, 0);
	ratio(b, &c->pp, 1, res->rules->decimals);
	ratio(b, &c->total, 1, res->rules->decimals);
	/* A scheme left tie_unresolved has its tied bids at rank 1. */
	field(b, sr->awarded == (long)idx ? "awarded" : sr->status == CO_SCHEME_TIE && c->rank == 1 ? "tie_unresolved" : "", 0, 0);
}

void co_report_csv_to(co_strbuf *b, const co_result *res)
{
	const co_rules *r = res->rules;
	int d = r->decimals, top_n = r->mode == CO_MODE_TOP_N;
	mpq_t t, pp, total;
	mpq_inits(t, pp, total, NULL);
	uint32_t *at = top_n ? NULL : scheme_places(res);
	if (!top_n && !at)
		b->failed = 1;
	co_strbuf_put(b, "\xEF\xBB\xBF"); /* the UTF-8 byte-order mark: a spreadsheet then reads the file as UTF-8 */
	header(b, r);
	for (size_t i = 0; i < res->n && !b->failed; i++) {
		size_t idx = res->order[i];
		const co_entry *e = &res->entries[idx];
		int ranked = top_n && (e->status == CO_ST_RANKED || e->status == CO_ST_AWARDED);
		char rank[32] = "";
		if (ranked)
			snprintf(rank, sizeof(rank), "%ld", (long)e->rank);
		field(b, e->bid->id, 1, 0);
		field(b, e->bid->supplier_id, 1, 0);
		field(b, e->bid->supplier_name, 1, 0);
		field(b, e->bid->file, 1, 0);
		field(b, co_status_name(e->status), 0, 0);
		field(b, rank, 0, 0);
		ratio(b, &e->qp, e->stage >= 3, d);
		co_entry_totals(res, e, pp, total);
		num(b, pp, co_entry_priced(r, e), d);
		num(b, total, co_entry_priced(r, e), d);
		for (size_t q = 0; q < r->nq; q++)
			num(b, t, co_entry_question_points(res, e, q, t), d);
		for (size_t p = 0; p < r->np; p++) {
			/* The price bid, as result.json gives it: a valid one to two places, an invalid one as written (stage 2 on). */
			const co_price_entry *pe = &e->ps[p];
			if (e->stage >= 2 && pe->state == CO_PRICE_OK) {
				co_entry_price(e, p, t);
				num(b, t, 1, 2);
			} else {
				field(b, e->stage >= 2 && pe->state == CO_PRICE_INVALID ? pe->text : NULL, 1, 0);
			}
			num(b, t, co_entry_item_points(res, e, p, t), d);
		}
		for (size_t s = 0; !top_n && s < r->ns; s++)
			scheme_cells(b, res, idx, at, s);
		co_strbuf reasons = {0};
		for (size_t k = 0; k < e->nreasons; k++) {
			char *words = co_note_words(&e->reasons[k]);
			if (!words)
				reasons.failed = 1;
			co_strbuf_put(&reasons, "%s%s: %s", k ? "; " : "", e->reasons[k].code, words ? words : "");
			free(words);
		}
		char *rs = co_strbuf_need(b, co_strbuf_take(&reasons));
		field(b, rs, 1, 1);
		free(rs);
	}
	free(at);
	mpq_clears(t, pp, total, NULL);
}

int co_report_csv(char **out, const co_result *res)
{
	co_strbuf b = {0};
	co_report_csv_to(&b, res);
	return co_report_whole(out, &b);
}
