/* The output files of one evaluation, rendered one at a time and streamed to a sink (what -o writes and replay checks). */
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
	    (rc = one(res, sink, "scores.csv", &(drawing){.kind = DRAW_CSV})) ||
	    (rc = one(res, sink, "ocds.json", &(drawing){.kind = DRAW_OCDS, .ocid_prefix = ocid_prefix})))
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
