/*
 * The output files of one evaluation, rendered one at a time and streamed to a sink (what -o
 * writes and replay checks), and what every one of them says of the officer's decisions and of
 * what is still open.
 */
#include "calloff/render.h"
#include "base/diag.h"
#include "rendering/reports.h"
#include "rendering/result_json.h"

#include <stdlib.h>
#include <string.h>

int co_report_whole(char **out, co_strbuf *b)
{
	*out = co_strbuf_take(b);
	return *out ? 0 : CO_ERROR;
}

/* 1 when the entry has a flag with this code about this scheme's id. */
static int flagged_for(const co_entry *e, const char *code, const char *scheme)
{
	for (uint32_t f = 0; f < e->nflags; f++)
		if (strcmp(e->flags[f].code, code) == 0 && e->flags[f].about == CO_ABOUT_SCHEME && e->flags[f].subject &&
		    strcmp(e->flags[f].subject, scheme) == 0)
			return 1;
	return 0;
}

size_t *co_open_entries(const co_result *res, const co_open *o, size_t *n)
{
	size_t *out = malloc((res->n + 1) * sizeof(*out)), k = 0;
	*n = 0;
	if (!out)
		return NULL;
	if (o->kind == CO_OPEN_TIE)
		for (size_t i = 0; i < res->ntied; i++)
			out[k++] = res->tied[i];
	else if (o->kind == CO_OPEN_SCHEME_TIE)
		for (size_t i = 0; i < res->n; i++) {
			if (flagged_for(&res->entries[res->order[i]], "tie_for_scheme", res->rules->schemes[o->scheme].id))
				out[k++] = res->order[i];
		}
	else
		out[k++] = (size_t)o->entry;
	*n = k;
	return out;
}

/* "B", "B and C", "A, B and C": the bids' ids (into b). */
static void ids_words(co_strbuf *b, const co_result *res, const size_t *entries, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const char *id = res->entries[entries[k]].bid->id;
		co_strbuf_put(b, "%s%s", k == 0 ? "" : k + 1 == n ? " and " : ", ", id ? id : "?");
	}
}

char *co_open_text(const co_result *res, const co_open *o)
{
	const co_rules *r = res->rules;
	co_strbuf b = {0};
	size_t n, *es = co_open_entries(res, o, &n);
	if (!es)
		return NULL;
	if (o->kind == CO_OPEN_TIE) {
		ids_words(&b, res, es, n);
		co_strbuf_put(&b, " are tied at rank %ld for the %zu place%s left in the top %ld (at_boundary: report): a tie "
		                  "decision must award %zu of them",
		              n ? (long)res->entries[es[0]].rank : 0L, o->count, o->count == 1 ? "" : "s", r->n, o->count);
	} else if (o->kind == CO_OPEN_SCHEME_TIE) {
		ids_words(&b, res, es, n);
		co_strbuf_put(&b, " are tied for scheme %s on the total and every tie-break key: a tie decision must award "
		                  "the scheme to one of them",
		              r->schemes[o->scheme].id);
	} else {
		const co_entry *e = &res->entries[o->entry];
		int items = 0;
		co_strbuf_put(&b, "bid %s is in the award with an abnormally low price (", e->bid->id);
		for (uint32_t f = 0; f < e->nflags; f++)
			if (strcmp(e->flags[f].code, "abnormally_low") == 0 && e->flags[f].subject)
				co_strbuf_put(&b, "%s%s", items++ ? ", " : "", e->flags[f].subject);
		co_strbuf_put(&b, ") and no investigation is recorded: an abnormally_low decision must accept or reject it");
	}
	free(es);
	return co_strbuf_take(&b);
}

char *co_decision_text(const co_result *res, const co_decision *d)
{
	const co_rules *r = res->rules;
	switch (d->kind) {
	case CO_DEC_TIE: {
		co_strbuf b = {0};
		if (d->scheme >= 0)
			co_strbuf_put(&b, "awards scheme %s to ", r->schemes[d->scheme].id);
		else
			co_strbuf_put(&b, "awards ");
		for (size_t a = 0; a < d->naward; a++)
			co_strbuf_put(&b, "%s%s", a == 0 ? "" : a + 1 == d->naward ? " and " : ", ", d->award[a]);
		return co_strbuf_take(&b);
	}
	case CO_DEC_ABNORMALLY_LOW:
		return d->rejected ? co_strdupf("rejects bid %s after investigating its abnormally low price", d->bid)
		                   : co_strdupf("accepts bid %s's abnormally low price after investigating it", d->bid);
	case CO_DEC_EXCLUSION:
		return co_strdupf("excludes bid %s, ground: %s", d->bid, co_ground_name(d->ground));
	case CO_DEC_SUBMITTED:
		return co_strdupf("takes bid %s as received at %s", d->bid, d->received_text);
	case CO_DEC_MODERATION:
		return strdup("signs off the panel's moderation: the consensus marks are final");
	}
	return strdup("?");
}

int co_decision_awards(const co_decision *d, const co_entry *e)
{
	for (size_t a = 0; e->bid->id && a < d->naward; a++)
		if (strcmp(d->award[a], e->bid->id) == 0)
			return 1;
	return 0;
}

int co_decision_touches(const co_result *res, const co_decision *d, const co_entry *e)
{
	if (!e->bid->id)
		return 0;
	switch (d->kind) {
	case CO_DEC_TIE:
		if (d->scheme < 0)
			return e->tie_boundary && res->rules->at_boundary == CO_BOUNDARY_REPORT;
		return flagged_for(e, "tie_for_scheme", res->rules->schemes[d->scheme].id);
	case CO_DEC_ABNORMALLY_LOW:
	case CO_DEC_EXCLUSION:
	case CO_DEC_SUBMITTED:
		return d->bid && strcmp(d->bid, e->bid->id) == 0;
	case CO_DEC_MODERATION:
		return 0;
	}
	return 0;
}

char *co_note_words(const co_note *n)
{
	const char *detail = n->detail ? n->detail : "";
	switch (n->about) {
	case CO_ABOUT_QUESTION:
	case CO_ABOUT_ITEM:
	case CO_ABOUT_SCHEME:
		if (n->subject)
			return co_strdupf("%s %s: %s", co_note_about_name(n->about), n->subject, detail);
		break;
	default:
		break;
	}
	return strdup(detail);
}

const co_decision *co_moderation_signoff(const co_result *res)
{
	for (size_t k = 0; res->decisions && k < res->decisions->n; k++)
		if (res->decisions->d[k].kind == CO_DEC_MODERATION)
			return &res->decisions->d[k];
	return NULL;
}

int co_result_notice(const co_result *res, co_notice *out)
{
	const co_rules *r = res->rules;
	memset(out, 0, sizeof(*out));
	out->criteria = r->pub_criteria; /* the letter says where the criteria were published, dated or not */
	if (!r->pub_notice[0])
		return 1;
	memcpy(out->notice, r->pub_notice, sizeof(out->notice));
	memcpy(out->decided, r->pub_decided, sizeof(out->decided));
	out->notice_time = r->pub_date_text;
	int rc = co_standstill_with(&out->period, r->pub_notice, CO_STANDSTILL_DAYS, r->holidays, r->nholidays, NULL);
	return rc == CO_EINVALID ? CO_EINVALID : rc ? CO_ERROR : 0;
}

int co_render_ocds_skipped(const co_result *res, const char **why)
{
	if (!co_result_final(res)) {
		*why = "the award is provisional (a decision is still open, see report.html): a contract award notice "
		       "follows the assessment summaries, which are written once the award is final";
		return 1;
	}
	co_notice *n = malloc(sizeof(*n)); /* some 21 kB */
	if (!n)
		return CO_ERROR;
	int rc = co_result_notice(res, n);
	free(n);
	if (rc == 1)
		*why = "the rules give no publication.date, the date of the contract award notice from which the standstill "
		       "is counted (add publication: {date: ...} to the rule file)";
	else if (rc == CO_EINVALID)
		*why = "the standstill counted from publication.date would end after 2099-12-31, the calendar's last day";
	else
		*why = NULL;
	return rc == CO_ERROR ? CO_ERROR : rc ? 1 : 0;
}

static int flush_to_sink(void *arg, const char *data, size_t len)
{
	const co_output_sink *sink = arg;
	return sink->write(sink->arg, data, len);
}

/* What one file is drawn from: the renderer and what it needs beyond the result. */
typedef struct {
	enum { DRAW_RESULT, DRAW_HTML, DRAW_CSV, DRAW_OCDS, DRAW_SUMMARY } kind;
	const char *ocid_prefix;
	size_t entry;
	int html;
} drawing;

/* One output file: begun, rendered through a stream into the sink, ended. */
static int one(const co_result *res, const co_output_sink *sink, const char *name, const drawing *w)
{
	co_strbuf b = {0};
	int rc = sink->begin(sink->arg, name);
	if (rc)
		return rc;
	co_strbuf_stream(&b, flush_to_sink, (void *)sink);
	switch (w->kind) {
	case DRAW_RESULT:
		co_result_json_to(&b, res);
		break;
	case DRAW_HTML:
		co_report_html_to(&b, res);
		break;
	case DRAW_CSV:
		co_report_csv_to(&b, res);
		break;
	case DRAW_OCDS:
		co_report_ocds_to(&b, res, w->ocid_prefix);
		break;
	case DRAW_SUMMARY:
		co_report_summary_to(&b, res, w->entry, w->html);
		break;
	}
	if ((rc = co_strbuf_end(&b)))
		return rc;
	return sink->end(sink->arg);
}

int co_render_result_json(const co_result *res, const co_output_sink *sink)
{
	return one(res, sink, "result.json", &(drawing){.kind = DRAW_RESULT});
}

int co_render_each(const co_result *res, const char *ocid_prefix, const co_output_sink *sink)
{
	int rc;
	if ((rc = one(res, sink, "result.json", &(drawing){.kind = DRAW_RESULT})) ||
	    (rc = one(res, sink, "report.html", &(drawing){.kind = DRAW_HTML})) ||
	    (rc = one(res, sink, "scores.csv", &(drawing){.kind = DRAW_CSV})))
		return rc;
	/* A contract award notice needs its date and a final award: else (co_render_ocds_skipped says why) none is written. */
	const char *why;
	if ((rc = co_render_ocds_skipped(res, &why)) < 0 ||
	    (!rc && (rc = one(res, sink, "ocds.json", &(drawing){.kind = DRAW_OCDS, .ocid_prefix = ocid_prefix}))))
		return rc;
	co_strbuf name = {0};
	for (size_t i = 0; i < res->n; i++) {
		const char *supplier = co_summary_supplier(res, res->order[i]);
		for (int html = 0; supplier && html < 2; html++) {
			co_strbuf_reset(&name);
			co_strbuf_put(&name, "summaries/%s.%s", supplier, html ? "html" : "md");
			rc = name.failed ? CO_ERROR
			                 : one(res, sink, name.s, &(drawing){.kind = DRAW_SUMMARY, .entry = res->order[i], .html = html});
			if (rc) {
				co_strbuf_end(&name);
				return rc;
			}
		}
	}
	co_strbuf_end(&name);
	return 0;
}

/* In memory: each file gathered whole into the list. */
typedef struct {
	co_output *o;
	size_t n, cap;
	co_strbuf text;
} gather;

static int gather_begin(void *arg, const char *name)
{
	gather *g = arg;
	if (g->n == g->cap) {
		size_t c = g->cap ? g->cap * 2 : 8;
		co_output *p = realloc(g->o, c * sizeof(*p));
		if (!p)
			return CO_ERROR;
		g->o = p;
		g->cap = c;
	}
	char *copy = strdup(name);
	if (!copy)
		return CO_ERROR;
	g->o[g->n++] = (co_output){copy, NULL, 0};
	g->text = (co_strbuf){0};
	return 0;
}

static int gather_write(void *arg, const char *data, size_t len)
{
	gather *g = arg;
	co_strbuf_add(&g->text, data, len);
	return g->text.failed ? CO_ERROR : 0;
}

static int gather_end(void *arg)
{
	gather *g = arg;
	size_t len = g->text.len;
	char *text = co_strbuf_take(&g->text);
	if (!text)
		return CO_ERROR;
	g->o[g->n - 1].data = text;
	g->o[g->n - 1].len = len;
	return 0;
}

int co_render_outputs(const co_result *res, const char *ocid_prefix, co_output **out, size_t *n)
{
	gather g = {0};
	co_output_sink sink = {.begin = gather_begin, .write = gather_write, .end = gather_end, .arg = &g};
	*out = NULL;
	*n = 0;
	int rc = co_render_each(res, ocid_prefix, &sink);
	free(co_strbuf_take(&g.text)); /* a file not ended */
	if (rc) {
		co_outputs_free(g.o, g.n);
		return CO_ERROR;
	}
	*out = g.o;
	*n = g.n;
	return 0;
}

void co_outputs_free(co_output *outputs, size_t n)
{
	for (size_t i = 0; outputs && i < n; i++) {
		free((char *)outputs[i].name);
		free((char *)outputs[i].data);
	}
	free(outputs);
}
