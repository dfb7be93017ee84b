/* The ranking table printed on the terminal: one line per bid, then the award and each scheme. */
#include "evaluating/price.h"
#include "base/num.h"
#include "base/strbuf.h"
#include "base/termtext.h"
#include "rendering/reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Append s padded or cut to width columns, shown as a terminal shows it safely: each character
 * takes one column and each escape (\x1b, \u202e) as many as it has characters, so the columns
 * stay aligned whatever a name holds, and a cut never falls inside a character or an escape.
 */
static void cell(co_strbuf *b, const char *s, int width)
{
	char out[512], esc[CO_TEXT_ESCAPE_SIZE];
	size_t o = 0;
	int cols = 0;
	for (const char *p = s ? s : "-"; *p && o < sizeof(out) - 8;) {
		size_t n;
		const char *e = co_text_char(p, esc, &n);
		const char *shown = e ? e : p;
		size_t len = e ? strlen(e) : n;
		int w = e ? (int)len : 1;
		if (cols + w > width - 1 && !(!p[n] && cols + w <= width)) { /* more follows, or it does not fit: mark the cut */
			memcpy(out + o, "\xE2\x80\xA6", 3); /* ellipsis */
			o += 3;
			cols++;
			break;
		}
		memcpy(out + o, shown, len);
		o += len;
		p += n;
		if ((cols += w) >= width)
			break;
	}
	while (cols++ < width && o < sizeof(out) - 1)
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
		co_strbuf_put(b, "%s%s%s", i ? ", " : "", n->code, what ? ":" : "");
		co_strbuf_put_text(b, what);
	}
	for (size_t i = 0; i < e->nflags; i++) {
		const co_note *n = &e->flags[i];
		const char *what = n->about != CO_ABOUT_GATE ? co_note_what(n) : NULL;
		co_strbuf_put(b, "%s[%s%s", i || e->nreasons ? ", " : "", n->code, what ? ":" : "");
		co_strbuf_put_text(b, what);
		co_strbuf_put(b, "]");
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
		num_cell(b, pp, co_entry_priced(r, e), r->decimals);
		num_cell(b, total, co_entry_priced(r, e), r->decimals);
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
		co_strbuf_put(b, "\nScheme ");
		co_strbuf_put_text(b, sc->id);
		co_strbuf_put(b, "%s", sc->name ? " " : "");
		co_strbuf_put_text(b, sc->name);
		co_strbuf_put(b, "%s", sc->town ? ", " : "");
		co_strbuf_put_text(b, sc->town);
		co_strbuf_put(b, ": ");
		if (sr->status == CO_SCHEME_AWARDED) {
			co_strbuf_put(b, "awarded to ");
			co_strbuf_put_text(b, res->entries[sr->awarded].bid->id);
			co_strbuf_put(b, " (");
			co_strbuf_put_text(b, res->entries[sr->awarded].bid->supplier_name);
			co_strbuf_put(b, ")\n");
		} else if (sr->status == CO_SCHEME_UNAWARDED)
			co_strbuf_put(b, "not awarded (no eligible bid)\n");
		else
			co_strbuf_put(b, "TIE UNRESOLVED: a person must decide\n");
		if (sr->why) {
			co_strbuf_put(b, "  (moved by the cap: ");
			co_strbuf_put_text(b, sr->why);
			co_strbuf_put(b, ")\n");
		}
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

/* A text made for the table (NULL: out of memory, and the table fails), shown safely and freed. */
static void owned_text(co_strbuf *b, char *s)
{
	if (!s)
		b->failed = 1;
	co_strbuf_put_text(b, s);
	free(s);
}

/*
 * The officer's decisions, one line each ("D1 tie: awards C (A. Officer, 2026-12-03T10:00:00Z)"),
 * then, while anything is open, the PROVISIONAL block that says what, last.
 */
static void decisions_and_open(co_strbuf *b, FILE *f, const co_result *res)
{
	const co_decisions *ds = res->decisions;
	if (ds && ds->n) {
		co_strbuf_put(b, "\nDecisions (%zu):\n", ds->n);
		for (size_t k = 0; k < ds->n; k++) {
			const co_decision *d = &ds->d[k];
			co_strbuf_put(b, "  ");
			co_strbuf_put_text(b, d->id);
			co_strbuf_put(b, " %s: ", co_decision_kind_name(d->kind));
			owned_text(b, co_decision_text(res, d));
			co_strbuf_put(b, " (");
			co_strbuf_put_text(b, d->by);
			co_strbuf_put(b, ", ");
			co_strbuf_put_text(b, d->at_text);
			co_strbuf_put(b, ")\n");
			line_done(b, f);
		}
	}
	if (co_result_final(res))
		return;
	co_strbuf_put(b, "\nPROVISIONAL: the award is not final until %s decided:\n", res->nopen == 1 ? "this is" : "these are");
	for (size_t k = 0; k < res->nopen; k++) {
		co_strbuf_put(b, "  - ");
		owned_text(b, co_open_text(res, &res->open[k]));
		co_strbuf_put(b, "\n");
		line_done(b, f);
	}
	co_strbuf_put(b, "No letter to a supplier and no contract award notice is written until then; record the decisions in a "
	                 "decisions file and evaluate again with it.\n");
}

/* The whole table into b, or line by line to f when f is given. */
static void table(co_strbuf *b, FILE *f, const co_result *res)
{
	const co_rules *r = res->rules;
	co_strbuf_put_text(b, r->id);
	co_strbuf_put(b, "%s", r->title ? ": " : "");
	co_strbuf_put_text(b, r->title);
	co_strbuf_put(b, "\nLot ");
	co_strbuf_put_text(b, r->lot_id);
	co_strbuf_put(b, "%s", r->lot_name ? " " : "");
	co_strbuf_put_text(b, r->lot_name);
	co_strbuf_put(b, ", ");
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
	for (size_t i = 0; i < res->nawarded; i++) {
		co_strbuf_put(b, " ");
		co_strbuf_put_text(b, res->entries[res->awarded[i]].bid->id);
	}
	co_strbuf_put(b, "\n");
	if (res->ntied) {
		co_strbuf_put(b, "Tie unresolved, a person must decide between:");
		for (size_t i = 0; i < res->ntied; i++) {
			co_strbuf_put(b, " ");
			co_strbuf_put_text(b, res->entries[res->tied[i]].bid->id);
		}
		co_strbuf_put(b, "\n");
	}
	decisions_and_open(b, f, res);
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
