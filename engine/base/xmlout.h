/* Internal: writing XML text by hand, safely (escaping, comments). */
#ifndef CO_XMLOUT_H
#define CO_XMLOUT_H

#include "base/strbuf.h"

/* Append s escaped for an attribute value or element text (XML and HTML alike). */
void co_xml_escape(co_strbuf *b, const char *s);

/* Append "<!-- s -->", with any "--" in s broken up so the comment stays well formed. */
void co_xml_comment(co_strbuf *b, const char *indent, const char *s);

#endif
