/* Writing XML text by hand: escaped values and well-formed comments. */
#include "base/xmlout.h"
#include "base/termtext.h"

#include <stdlib.h>
#include <string.h>

void co_xml_escape(co_strbuf *b, const char *s)
{
	while (s && *s) {
		size_t run = strcspn(s, "&<>\"'");
		if (run)
			co_strbuf_put(b, "%.*s", (int)run, s);
		s += run;
		if (!*s)
			break;
		co_strbuf_put(b, "%s", *s == '&'   ? "&amp;"
		                       : *s == '<' ? "&lt;"
		                       : *s == '>' ? "&gt;"
		                       : *s == '"' ? "&quot;"
		                                   : "&#39;");
		s++;
	}
}

/*
 * A comment is prose for the person filling the file in, who reads it on a terminal or in an
 * editor: a text from the rules is shown as a terminal shows it safely (co_text_terminal_span),
 * which also keeps out the C0 controls XML 1.0 does not allow.
 */
void co_xml_comment(co_strbuf *b, const char *indent, const char *s)
{
	char esc[CO_TEXT_ESCAPE_SIZE], *safe = NULL;
	size_t skip;
	if (s && s[co_text_terminal_span(s, esc, &skip)]) {
		co_strbuf t = {0};
		co_strbuf_put_text(&t, s);
		s = safe = co_strbuf_need(b, co_strbuf_take(&t));
	}
	co_strbuf_put(b, "%s<!-- ", indent);
	while (s && *s) {
		const char *dash = strchr(s, '-');
		if (!dash) {
			co_strbuf_put(b, "%s", s);
			break;
		}
		co_strbuf_put(b, "%.*s", (int)(dash - s + 1), s);
		/* "--" may not appear in a comment, nor may it end in "-". */
		if (dash[1] == '-' || dash[1] == '\0')
			co_strbuf_put(b, " ");
		s = dash + 1;
	}
	co_strbuf_put(b, " -->\n");
	free(safe);
}
