/* The ranking table printed on the terminal: one line per bid, then the award and each scheme. */
#include "evaluation.h"
#include "num.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CO_TABLE_MAX (256L * 1024 * 1024) /* largest table rendered */

typedef struct {
	char *s;
	size_t len, cap;
	int failed;
} sbuf;

static void put(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(sbuf *b, const char *fmt, ...)
{
	char *t = NULL;
	va_list ap;
	if (b->failed)
		return;
	va_start(ap, fmt);
	int n = vasprintf(&t, fmt, ap);
	va_end(ap);
	if (n < 0 || b->len + (size_t)n + 1 > CO_TABLE_MAX) {
		free(n < 0 ? NULL : t);
		b->failed = 1;
		return;
	}
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t cap = (b->len + (size_t)n + 1) * 2;
		char *p = realloc(b->s, cap);
		if (!p) {
			free(t);
			b->failed = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, t, (size_t)n + 1);
	b->len += (size_t)n;
	free(t);
}

/* Append s padded or cut to width code points (UTF-8 aware; names may be long). */
static void cell(sbuf *b, const char *s, int width)
{
	char out[512];
	size_t o = 0;
	int cps = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : "-"); *p && o < sizeof(out) - 8;) {
		size_t n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : 4;
		for (size_t k = 1; k < n; k++)
			if (!p[k]) { /* a sequence cut short by the end of the string */
				n = k;
				break;
			}
		if (cps == width - 1 && p[n - 1] && p[n]) { /* more follows: mark the cut */
			memcpy(out + o, "\xE2\x80\xA6", 3); /* ellipsis */
			o += 3;
			cps++;
			break;
		}
		for (size_t k = 0; k < n && p[k]; k++)
			out[o++] = (char)p[k];
		p += n;
		if (++cps == width)
			break;
	}
	while (cps++ < width && o < sizeof(out) - 1)
		out[o++] = ' ';
	out[o] = '\0';
	put(b, "%s ", out);
}

static void num_cell(sbuf *b, const mpq_t q, int show, int decimals)
{
	char *s = show ? co_num_format(q, decimals) : NULL;
	put(b, "%8s ", s ? s : "-");
	free(s);
}

static const char *status_name(co_bid_status s)
{
	static const char *const names[] = {"in", "ranked", "AWARDED", "disqualified", "rejected"};
	return names[s];
}

static void reasons(sbuf *b, const co_entry *e)
{
	for (size_t i = 0; i < e->nreasons; i++) {
		const co_note *n = &e->reasons[i];
		const char *what = n->question ? n->question : n->item ? n->item : n->gate;
		put(b, "%s%s%s%s", i ? ", " : "", n->code, what ? ":" : "", what ? what : "");
	}
	for (size_t i = 0; i < e->nflags; i++) {
		const co_note *n = &e->flags[i];
		const char *what = n->question ? n->question : n->item ? n->item : n->scheme;
		put(b, "%s[%s%s%s]", i || e->nreasons ? ", " : "", n->code, what ? ":" : "", what ? what : "");
	}
}

static void bids_table(sbuf *b, const co_result *res)
{
	const co_rules *r = res->rules;
	int top_n = r->mode == CO_MODE_TOP_N;
	put(b, "%-4s %-12s %-30s %-12s %8s %8s %8s %s\n", "Rank", "Bid", "Supplier", "Status", "Quality", "Price",
	    "Total", "Reasons [flags]");
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[res->order[i]];
		int ranked = top_n && (e->status == CO_ST_RANKED || e->status == CO_ST_AWARDED);
		if (ranked)
			put(b, "%-4ld ", e->rank);
		else
			put(b, "%-4s ", "-");
		cell(b, e->bid->id ? e->bid->id : "?", 12);
		cell(b, e->bid->supplier_name ? e->bid->supplier_name : e->bid->file, 30);
		cell(b, status_name(e->status), 12);
		num_cell(b, e->qp, e->stage >= 3, r->decimals);
		num_cell(b, e->pp, top_n && e->stage >= 4, r->decimals);
		num_cell(b, e->total, top_n && e->stage >= 4, r->decimals);
		reasons(b, e);
		put(b, "\n");
	}
}

static void schemes_table(sbuf *b, const co_result *res)
{
	const co_rules *r = res->rules;
	for (size_t s = 0; s < r->ns; s++) {
		const co_scheme_result *sr = &res->schemes[s];
		const co_scheme *sc = &r->schemes[s];
		put(b, "\nScheme %s%s%s%s%s: ", sc->id, sc->name ? " " : "", sc->name ? sc->name : "", sc->town ? ", " : "",
		    sc->town ? sc->town : "");
		if (sr->status == CO_SCHEME_AWARDED)
			put(b, "awarded to %s (%s)\n", res->entries[sr->awarded].bid->id,
			    res->entries[sr->awarded].bid->supplier_name);
		else if (sr->status == CO_SCHEME_UNAWARDED)
			put(b, "not awarded (no eligible bid)\n");
		else
			put(b, "TIE UNRESOLVED: a person must decide\n");
		if (sr->why)
			put(b, "  (moved by the cap: %s)\n", sr->why);
		for (size_t k = 0; k < sr->n; k++) {
			const co_entry *e = &res->entries[sr->ranking[k].entry];
			put(b, "  %-4ld ", sr->ranking[k].rank);
			cell(b, e->bid->id, 12);
			cell(b, e->bid->supplier_name, 30);
			put(b, "%12s ", "");
			num_cell(b, e->qp, 1, r->decimals);
			num_cell(b, sr->ranking[k].pp, 1, r->decimals);
			num_cell(b, sr->ranking[k].total, 1, r->decimals);
			put(b, "\n");
		}
	}
}

int co_result_table(char **out, const co_result *res)
{
	const co_rules *r = res->rules;
	sbuf b = {0};
	*out = NULL;
	put(&b, "%s%s%s\n", r->id, r->title ? ": " : "", r->title ? r->title : "");
	put(&b, "Lot %s%s%s, ", r->lot_id, r->lot_name ? " " : "", r->lot_name ? r->lot_name : "");
	if (r->mode == CO_MODE_TOP_N)
		put(&b, "top %ld awarded\n\n", r->n);
	else if (r->max_schemes > 0)
		put(&b, "one provider per scheme (%zu schemes), at most %ld per supplier\n\n", r->ns, r->max_schemes);
	else
		put(&b, "one provider per scheme (%zu schemes)\n\n", r->ns);
	bids_table(&b, res);
	if (r->mode == CO_MODE_PER_SCHEME)
		schemes_table(&b, res);
	put(&b, "\nAwarded (%zu):", res->nawarded);
	for (size_t i = 0; i < res->nawarded; i++)
		put(&b, " %s", res->entries[res->awarded[i]].bid->id);
	put(&b, "\n");
	if (res->ntied) {
		put(&b, "Tie unresolved, a person must decide between:");
		for (size_t i = 0; i < res->ntied; i++)
			put(&b, " %s", res->entries[res->tied[i]].bid->id);
		put(&b, "\n");
	}
	if (b.failed) {
		free(b.s);
		return CO_ERROR;
	}
	*out = b.s;
	return 0;
}
