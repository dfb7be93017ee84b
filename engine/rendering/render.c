/* The set of output files one evaluation produces, rendered in memory (what -o writes and replay checks). */
#include "calloff/audit.h"
#include "rendering/reports.h"

#include <stdlib.h>
#include <string.h>

static int add(co_output **o, size_t *n, size_t *cap, char *name, char *data)
{
	if (!name || !data) {
		free(name);
		free(data);
		return CO_ERROR;
	}
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		co_output *p = realloc(*o, c * sizeof(*p));
		if (!p) {
			free(name);
			free(data);
			return CO_ERROR;
		}
		*o = p;
		*cap = c;
	}
	(*o)[(*n)++] = (co_output){name, data, strlen(data)};
	return 0;
}

int co_render_outputs(const co_result *res, const char *ocid_prefix, co_output **out, size_t *n)
{
	co_output *o = NULL;
	size_t cap = 0, k = 0, ns = 0;
	char *text = NULL, **names = NULL, **texts = NULL;
	int rc = CO_ERROR;
	*out = NULL;
	*n = 0;
	if (co_result_json(&text, res) || add(&o, &k, &cap, strdup("result.json"), text))
		goto out;
	if (co_report_html(&text, res) || add(&o, &k, &cap, strdup("report.html"), text))
		goto out;
	if (co_report_csv(&text, res) || add(&o, &k, &cap, strdup("scores.csv"), text))
		goto out;
	if (co_report_ocds(&text, res, ocid_prefix) || add(&o, &k, &cap, strdup("ocds.json"), text))
		goto out;
	if (co_report_summaries(res, &names, &texts, &ns))
		goto out;
	for (size_t i = 0; i < ns; i++) {
		rc = add(&o, &k, &cap, names[i], texts[i]);
		names[i] = texts[i] = NULL;
		if (rc)
			goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; names && i < ns; i++) {
		free(names[i]);
		free(texts[i]);
	}
	free(names);
	free(texts);
	if (rc) {
		co_outputs_free(o, k);
		return rc;
	}
	*out = o;
	*n = k;
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
