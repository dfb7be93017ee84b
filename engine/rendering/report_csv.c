/* scores.csv: one row per bid (RFC 4180), for officers' spreadsheets. */
#include "evaluating/quality.h"
#include "evaluating/price.h"
#include "rendering/reports.h"
#include "base/num.h"
#include "base/strbuf.h"

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

void co_report_csv_to(co_strbuf *b, const co_result *res)
{
	const co_rules *r = res->rules;
	int d = r->decimals, top_n = r->mode == CO_MODE_TOP_N;
	mpq_t t, pp, total;
	mpq_inits(t, pp, total, NULL);
	static const char *const head[] = {"bid", "supplier", "name", "status", "rank", "quality", "price", "total"};
	for (size_t i = 0; i < 8; i++)
		field(b, head[i], 0, 0);
	for (size_t q = 0; q < r->nq; q++)
		field(b, r->questions[q].id, 0, 0);
	for (size_t p = 0; p < r->np; p++)
		field(b, r->prices[p].id, 0, 0);
	field(b, "reasons", 0, 1);
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[res->order[i]];
		int ranked = top_n && (e->status == CO_ST_RANKED || e->status == CO_ST_AWARDED);
		char rank[32] = "";
		if (ranked)
			snprintf(rank, sizeof(rank), "%ld", (long)e->rank);
		field(b, e->bid->id, 1, 0);
		field(b, e->bid->supplier_id, 1, 0);
		field(b, e->bid->supplier_name, 1, 0);
		field(b, co_status_name(e->status), 0, 0);
		field(b, rank, 0, 0);
		ratio(b, &e->qp, e->stage >= 3, d);
		co_entry_totals(res, e, pp, total);
		num(b, pp, co_entry_priced(r, e), d);
		num(b, total, co_entry_priced(r, e), d);
		for (size_t q = 0; q < r->nq; q++)
			num(b, t, co_entry_question_points(res, e, q, t), d);
		for (size_t p = 0; p < r->np; p++)
			num(b, t, co_entry_item_points(res, e, p, t), d);
		co_strbuf reasons = {0};
		for (size_t k = 0; k < e->nreasons; k++)
			co_strbuf_put(&reasons, "%s%s: %s", k ? "; " : "", e->reasons[k].code, e->reasons[k].detail);
		char *rs = co_strbuf_need(b, co_strbuf_take(&reasons));
		field(b, rs, 1, 1);
		free(rs);
	}
	mpq_clears(t, pp, total, NULL);
}

int co_report_csv(char **out, const co_result *res)
{
	co_strbuf b = {0};
	co_report_csv_to(&b, res);
	return co_report_whole(out, &b);
}
