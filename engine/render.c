/* The set of output files one evaluation produces, rendered in memory (what -o writes and replay checks). */
#include "calloff/audit.h"

#include <stdlib.h>
#include <string.h>

int co_render_outputs(const co_result *res, co_output **out, size_t *n)
{
	char *json = NULL;
	*out = NULL;
	*n = 0;
	co_output *o = calloc(1, sizeof(*o));
	if (!o || co_result_json(&json, res)) {
		free(o);
		return CO_ERROR;
	}
	o[0] = (co_output){"result.json", json, strlen(json)};
	*out = o;
	*n = 1;
	return 0;
}

void co_outputs_free(co_output *outputs, size_t n)
{
	for (size_t i = 0; outputs && i < n; i++)
		free((char *)outputs[i].data);
	free(outputs);
}
