/* Internal: UTF-8 validity, for texts that may not be UTF-8 (file paths) before they go into JSON. */
#ifndef CO_UTF8_H
#define CO_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence at p (1 to 4), or 0 when the bytes there are not one (or p is at the NUL). */
size_t co_utf8_len(const unsigned char *p);

/* 1 when s, up to its NUL, is valid UTF-8 (RFC 3629: no overlong forms, surrogates or code points past U+10FFFF). */
int co_utf8_valid(const char *s);

#endif
