/* Writing XML text by hand: escaped values and well-formed comments. */
#include "base/xmlout.h"

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

void co_xml_comment(co_strbuf *b, const char *indent, const char *s)
{
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
}
