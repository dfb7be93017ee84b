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
