/* File paths in JSON: jansson takes only UTF-8, and a file name is any bytes, so a path that is not UTF-8 gets a byte-escaped twin. */
#include "base/pathtext.h"
#include "base/diag.h"
#include "base/jsontext.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

char *co_pathtext_display(const char *s)
{
	size_t len = strlen(s);
	char *out = malloc(len * 3 + 1), *o = out;
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = co_utf8_len(p);
		if (n) {
			memcpy(o, p, n);
			o += n;
			p += n;
		} else {
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
			p++;
		}
	}
	*o = '\0';
	return out;
}

char *co_pathtext_escape(const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = strlen(s);
	char *out = malloc(len * 4 + 1), *o = out;
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = co_utf8_len(p);
		if (*p == '\\') {
			*o++ = '\\';
			*o++ = '\\';
			p++;
		} else if (n) {
			memcpy(o, p, n);
			o += n;
			p += n;
		} else {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
			p++;
		}
	}
	*o = '\0';
	return out;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decoded, then encoded again: only text that comes back the same is this encoding's own. */
int co_pathtext_unescape(char **out, const char *text)
{
	size_t len = strlen(text);
	char *buf = malloc(len + 1), *o = buf, *again = NULL;
	int rc = CO_EINVALID;
	*out = NULL;
	if (!buf)
		return CO_ERROR;
	for (const char *p = text; *p;) {
		if (*p != '\\') {
			*o++ = *p++;
		} else if (p[1] == '\\') {
			*o++ = '\\';
			p += 2;
		} else if (p[1] == 'x' && hexval(p[2]) >= 0 && hexval(p[3]) >= 0 && (hexval(p[2]) | hexval(p[3]))) {
			*o++ = (char)(hexval(p[2]) * 16 + hexval(p[3]));
			p += 4;
		} else {
			goto out;
		}
	}
	*o = '\0';
	if (!(again = co_pathtext_escape(buf))) {
		rc = CO_ERROR;
		goto out;
	}
	if (strcmp(again, text) != 0)
		goto out;
	*out = buf;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	free(again);
	return rc;
}

void co_pathtext_set(json_t *o, const char *key, const char *path, int *failed)
{
	if (co_utf8_valid(path)) {
		co_json_set(o, key, json_string(path), failed);
		return;
	}
	char *shown = co_pathtext_display(path), *bytes = co_pathtext_escape(path);
	char *bytes_key = co_strdupf("%s_bytes", key);
	if (!shown || !bytes || !bytes_key) {
		*failed = 1;
	} else {
		co_json_set(o, key, json_string(shown), failed);
		co_json_set(o, bytes_key, json_string(bytes), failed);
	}
	free(shown);
	free(bytes);
	free(bytes_key);
}

int co_pathtext_get(char **out, const json_t *o, const char *key)
{
	char *bytes_key = co_strdupf("%s_bytes", key), *path = NULL, *shown = NULL;
	int rc = CO_ERROR;
	*out = NULL;
	if (!bytes_key)
		return CO_ERROR;
	const char *text = json_string_value(json_object_get(o, key));
	json_t *b = json_object_get(o, bytes_key);
	if (!text) {
		rc = CO_EINVALID;
	} else if (!b) {
		rc = (path = strdup(text)) ? 0 : CO_ERROR;
	} else if (!json_is_string(b)) {
		rc = CO_EINVALID;
	} else if (!(rc = co_pathtext_unescape(&path, json_string_value(b)))) {
		/* The twin is written only for a path that needs it, and beside its own display form. */
		if (!(shown = co_pathtext_display(path)))
			rc = CO_ERROR;
		else if (co_utf8_valid(path) || strcmp(shown, text) != 0)
			rc = CO_EINVALID;
	}
	free(bytes_key);
	free(shown);
	if (rc) {
		free(path);
		return rc;
	}
	*out = path;
	return 0;
}
