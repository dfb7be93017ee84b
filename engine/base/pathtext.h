/* Internal: file paths (any bytes but NUL) as JSON text (UTF-8): a display form, and a lossless form when they need one. */
#ifndef CO_PATHTEXT_H
#define CO_PATHTEXT_H

#include <jansson.h>
#include <stddef.h>
#include "calloff/status.h"
#include "base/utf8.h"

/* s as valid UTF-8, each byte that is not part of a valid sequence made U+FFFD; NULL when out of memory. */
char *co_pathtext_display(const char *s);

/*
 * s written losslessly as valid UTF-8: each byte that is not part of a valid UTF-8 sequence as
 * \xHH (two lowercase hex digits), a backslash as \\, everything else as it is. NULL when out of
 * memory. "Soci\xe9t\xe9.xml" (Latin-1) becomes the ten characters Soci\xe9t\xe9.xml plus the
 * extension, which a JSON document writes "Soci\\xe9t\\xe9.xml".
 */
char *co_pathtext_escape(const char *s);

/*
 * The bytes co_pathtext_escape() wrote text for. Only that function's own output is accepted:
 * any other backslash sequence, \x00, a \xHH for a byte that would be valid UTF-8 where it
 * stands, or a raw byte that should have been escaped is CO_EINVALID. 0, CO_EINVALID or CO_ERROR.
 */
int co_pathtext_unescape(char **out, const char *text);

/*
 * Set o[key] to the display form of path and, only when path is not valid UTF-8, o[key "_bytes"]
 * to its escaped form: a path that is valid UTF-8 is written exactly as before. *failed is set
 * when anything could not be made (see co_json_set).
 */
void co_pathtext_set(json_t *o, const char *key, const char *path, int *failed);

/*
 * The path o[key] stands for, in a new string the caller frees: from o[key "_bytes"] when there
 * is one (o[key] must then be its display form, and the path must need it), else o[key] itself.
 * 0; CO_EINVALID (not a string, or the two do not agree); CO_ERROR.
 */
int co_pathtext_get(char **out, const json_t *o, const char *key);

#endif
