/* The text of every JSON output: one layout, ending in a newline. */
#include "base/jsontext.h"
#include "base/diag.h"

#include <stdlib.h>

char *co_json_text(const json_t *doc, size_t extra_flags)
{
	char *text = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | extra_flags) : NULL;
	char *line = text ? co_strdupf("%s\n", text) : NULL;
	free(text);
	return line;
}

void co_json_set(json_t *o, const char *key, json_t *v, int *failed)
{
	/* jansson releases v itself when o is NULL or the key cannot be added. */
	if (!v || json_object_set_new(o, key, v) != 0)
		*failed = 1;
}

void co_json_append(json_t *a, json_t *v, int *failed)
{
	if (!v || json_array_append_new(a, v) != 0)
		*failed = 1;
}
