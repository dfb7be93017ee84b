/* The ranking table printed on the terminal: one line per bid, then the award and each scheme. */
#include "evaluating/price.h"
#include "base/num.h"
#include "base/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append s padded or cut to width code points (UTF-8 aware; names may be long). */
static void cell(co_strbuf *b, const char *s, int width)
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
	co_strbuf_put(b, "%s ", out);
}

/* A number shown, or "-" when there is none: a number that could not be formatted fails the table. */
static void num_text(co_strbuf *b, char *s, int show)
{
	if (show && !s)
		b->failed = 1;
	co_strbuf_put(b, "%8s ", s ? s : "-");
	free(s);
}

static void num_cell(co_strbuf *b, const mpq_t q, int show, int decimals)
{
	num_text(b, show ? co_num_format(q, decimals) : NULL, show);
}

static void ratio_cell(co_strbuf *b, const co_ratio *r, int show, int decimals)
{
	num_text(b, show ? co_ratio_format(r, decimals) : NULL, show);
}

/* The table's status column: the status's name, with an award in capitals to stand out. */
static const char *status_name(co_bid_status s)
{
	return s == CO_ST_AWARDED ? "AWARDED" : co_status_name(s);
}

static void reasons(co_strbuf *b, const co_entry *e)
{
	for (size_t i = 0; i < e->nreasons; i++) {
		const co_note *n = &e->reasons[i];
		const char *what = n->about != CO_ABOUT_SCHEME ? co_note_what(n) : NULL;
		co_strbuf_put(b, "%s%s%s%s", i ? ", " : "", n->code, what ? ":" : "", what ? what : "");
	}
	for (size_t i = 0; i < e->nflags; i++) {
		const co_note *n = &e->flags[i];
		const char *what = n->about != CO_ABOUT_GATE ? co_note_what(n) : NULL;
		co_strbuf_put(b, "%s[%s%s%s]", i || e->nreasons ? ", " : "", n->code, what ? ":" : "", what ? what : "");
	}
}

/*
 * The table goes to b, or to f a line at a time when f is given, so that the table of many bids
 * is never held whole. A line that cannot be written stops b as a failed buffer would be
 * stopped, so nothing more is formatted; the stream's error then tells the two apart.
 */
static void line_done(co_strbuf *b, FILE *f)
{
	if (!f || b->failed)
		return;
	if (b->len && fwrite(b->s, 1, b->len, f) != b->len)
		b->failed = 1;
	co_strbuf_reset(b);
}

static void bids_table(co_strbuf *b, FILE *f, const co_result *res)
{
	const co_rules *r = res->rules;
	int top_n = r->mode == CO_MODE_TOP_N;
	co_strbuf_put(b, "%-4s %-12s %-30s %-12s %8s %8s %8s %s\n", "Rank", "Bid", "Supplier", "Status", "Quality", "Price",
	    "Total", "Reasons [flags]");
	mpq_t pp, total;
	mpq_inits(pp, total, NULL);
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[res->order[i]];
		int ranked = top_n && (e->status == CO_ST_RANKED || e->status == CO_ST_AWARDED);
		if (ranked)
			co_strbuf_put(b, "%-4ld ", (long)e->rank);
		else
			co_strbuf_put(b, "%-4s ", "-");
		cell(b, e->bid->id ? e->bid->id : "?", 12);
		cell(b, e->bid->supplier_name ? e->bid->supplier_name : e->bid->file, 30);
		cell(b, status_name(e->status), 12);
		ratio_cell(b, &e->qp, e->stage >= 3, r->decimals);
		co_entry_totals(res, e, pp, total);
		num_cell(b, pp, top_n && e->stage >= 4, r->decimals);
		num_cell(b, total, top_n && e->stage >= 4, r->decimals);
		reasons(b, e);
		co_strbuf_put(b, "\n");
		line_done(b, f);
	}
	mpq_clears(pp, total, NULL);
}

static void schemes_table(co_strbuf *b, FILE *f, const co_result *res)
{
	const co_rules *r = res->rules;
	for (size_t s = 0; s < r->ns; s++) {
		const co_scheme_result *sr = &res->schemes[s];
		const co_scheme *sc = &r->schemes[s];
		co_strbuf_put(b, "\nScheme %s%s%s%s%s: ", sc->id, sc->name ? " " : "", sc->name ? sc->name : "", sc->town ? ", " : "",
		    sc->town ? sc->town : "");
		if (sr->status == CO_SCHEME_AWARDED)
			co_strbuf_put(b, "awarded to %s (%s)\n", res->entries[sr->awarded].bid->id,
			    res->entries[sr->awarded].bid->supplier_name);
		else if (sr->status == CO_SCHEME_UNAWARDED)
			co_strbuf_put(b, "not awarded (no eligible bid)\n");
		else
			co_strbuf_put(b, "TIE UNRESOLVED: a person must decide\n");
		if (sr->why)
			co_strbuf_put(b, "  (moved by the cap: %s)\n", sr->why);
		for (size_t k = 0; k < sr->n; k++) {
			const co_entry *e = &res->entries[sr->ranking[k].entry];
			co_strbuf_put(b, "  %-4ld ", sr->ranking[k].rank);
			cell(b, e->bid->id, 12);
			cell(b, e->bid->supplier_name, 30);
			co_strbuf_put(b, "%12s ", "");
			ratio_cell(b, &e->qp, 1, r->decimals);
			ratio_cell(b, &sr->ranking[k].pp, 1, r->decimals);
			ratio_cell(b, &sr->ranking[k].total, 1, r->decimals);
			co_strbuf_put(b, "\n");
			line_done(b, f);
		}
	}
}

/* The whole table into b, or line by line to f when f is given. */
static void table(co_strbuf *b, FILE *f, const co_result *res)
{
	const co_rules *r = res->rules;
	co_strbuf_put(b, "%s%s%s\n", r->id, r->title ? ": " : "", r->title ? r->title : "");
	co_strbuf_put(b, "Lot %s%s%s, ", r->lot_id, r->lot_name ? " " : "", r->lot_name ? r->lot_name : "");
	if (r->mode == CO_MODE_TOP_N)
		co_strbuf_put(b, "top %ld awarded\n\n", r->n);
	else if (r->max_schemes > 0)
		co_strbuf_put(b, "one provider per scheme (%zu schemes), at most %ld per supplier\n\n", r->ns, r->max_schemes);
	else
		co_strbuf_put(b, "one provider per scheme (%zu schemes)\n\n", r->ns);
	bids_table(b, f, res);
	if (r->mode == CO_MODE_PER_SCHEME)
		schemes_table(b, f, res);
	co_strbuf_put(b, "\nAwarded (%zu):", res->nawarded);
	for (size_t i = 0; i < res->nawarded; i++)
		co_strbuf_put(b, " %s", res->entries[res->awarded[i]].bid->id);
	co_strbuf_put(b, "\n");
	if (res->ntied) {
		co_strbuf_put(b, "Tie unresolved, a person must decide between:");
		for (size_t i = 0; i < res->ntied; i++)
			co_strbuf_put(b, " %s", res->entries[res->tied[i]].bid->id);
		co_strbuf_put(b, "\n");
	}
	line_done(b, f);
}

int co_result_table(char **out, const co_result *res)
{
	co_strbuf b = {0};
	table(&b, NULL, res);
	*out = co_strbuf_take(&b);
	return *out ? 0 : CO_ERROR;
}

int co_result_table_write(const co_result *res, FILE *out)
{
	co_strbuf b = {0};
	table(&b, out, res);
	int rc = ferror(out) ? CO_EIO : b.failed ? CO_ERROR : 0;
	free(co_strbuf_take(&b));
	return rc;
}
