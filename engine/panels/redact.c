/* Redaction of the names and ids of the bids in the panel's packs from the responses the panel reads. */
#include "panels/redact.h"
#include "base/diag.h"
#include "evaluating/evaluate.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

#define STRIPS_MAX 8     /* legal suffixes taken off one name, one after another ("Acme Group Ltd": 2) */
#define TERMS_PER_BID 32 /* a bid's most terms: its name, STRIPS_MAX shorter forms, the core with each suffix, 4 ids */

/* Common words: a term made only of these is not redacted (a bid id "the", the core "Home Care" of a name). */
static const char *const common_words[] = {
	"a", "about", "all", "an", "and", "are", "as", "at", "be", "best", "by", "can", "care", "carer", "carers",
	"caring", "city", "community", "company", "council", "county", "day", "do", "family", "first", "for",
	"from", "group", "health", "healthcare", "help", "her", "his", "home", "homecare", "homes", "house",
	"housing", "in", "is", "it", "its", "life", "live", "lives", "living", "local", "more", "new", "no",
	"not", "of", "on", "one", "or", "our", "out", "over", "people", "plus", "quality", "service", "services",
	"social", "solutions", "support", "supported", "that", "the", "their", "them", "they", "this", "to",
	"together", "trust", "up", "us", "we", "well", "with", "you", "your",
};

/* Legal suffixes: stripped from the end of a name to get its core, and added back to it. */
static const char *const suffixes[] = {
	"Ltd", "Ltd.", "Limited", "LLP", "CIC", "plc", "Co", "Co.", "Company", "Group", "& Co", "& Co.", "(UK)",
};
_Static_assert(1 + STRIPS_MAX + sizeof(suffixes) / sizeof(*suffixes) + 4 <= TERMS_PER_BID, "a bid's terms fit");

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* 1 when a and b's first n bytes are the same, ignoring ASCII case only (strncasecmp follows the locale). */
int co_same_ascii_case(const char *a, const char *b, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (lower(a[k]) != lower(b[k]))
			return 0;
	return 1;
}

static int ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* 1 when every word of t (runs of ASCII letters and digits, and of bytes of 0x80 and above) is a common word. */
static int only_common_words(const char *t)
{
	for (const char *p = t; *p;) {
		while (*p && !ascii_alnum((unsigned char)*p) && (unsigned char)*p < 0x80)
			p++;
		const char *w = p;
		while (*p && (ascii_alnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
			p++;
		if (p == w)
			continue;
		int common = 0;
		for (size_t k = 0; k < sizeof(common_words) / sizeof(*common_words) && !common; k++)
			common = strlen(common_words[k]) == (size_t)(p - w) && !strncmp(common_words[k], w, (size_t)(p - w));
		if (!common)
			return 0;
	}
	return 1;
}

/*
 * Add s (len bytes) as a term when, normalised, it has at least min bytes and is not made only
 * of common words. 0 or CO_ERROR.
 */
static int add_term(co_redactor *rd, const char *s, size_t len, size_t min)
{
	char *t = malloc(len + 1), *o = t;
	if (!t)
		return CO_ERROR;
	for (size_t i = 0; i < len; i++) {
		if (strchr(" \t\r\n\f\v", s[i])) {
			if (o > t && o[-1] != ' ')
				*o++ = ' ';
		} else {
			*o++ = lower(s[i]);
		}
	}
	if (o > t && o[-1] == ' ')
		o--;
	*o = '\0';
	if ((size_t)(o - t) < min || only_common_words(t)) {
		free(t);
		return 0;
	}
	if (rd->n == rd->cap) {
		size_t cap = rd->cap ? 2 * rd->cap : 64;
		if (cap > rd->max)
			cap = rd->max;
		char **grown = cap > rd->n ? realloc(rd->terms, cap * sizeof(char *)) : NULL;
		if (!grown) {
			free(t);
			return CO_ERROR;
		}
		rd->terms = grown;
		rd->cap = cap;
	}
	rd->terms[rd->n++] = t;
	return 0;
}

/* The length of name (len bytes) without one legal suffix at its end and the spaces and commas before it. */
static size_t strip_suffix(const char *name, size_t len)
{
	size_t best = 0;
	for (size_t k = 0; k < sizeof(suffixes) / sizeof(*suffixes); k++) {
		size_t sl = strlen(suffixes[k]);
		if (sl > best && len > sl && co_same_ascii_case(name + len - sl, suffixes[k], sl) &&
		    strchr(" \t\r\n,", name[len - sl - 1]))
			best = sl;
	}
	if (!best)
		return len;
	len -= best;
	while (len > 0 && strchr(" \t\r\n,", name[len - 1]))
		len--;
	return len;
}

/*
 * A company name's forms: as given, and with each legal suffix taken off the end in turn; the
 * core (no suffix left) only with 4 characters or more, and then also with each suffix added.
 */
static int add_name(co_redactor *rd, const char *name)
{
	size_t len = strlen(name), core;
	while (len > 0 && strchr(" \t\r\n", name[len - 1]))
		len--;
	if (add_term(rd, name, len, 3))
		return CO_ERROR;
	for (int s = 0; s < STRIPS_MAX && (core = strip_suffix(name, len)) < len && core > 0; s++) {
		len = core;
		if (add_term(rd, name, len, strip_suffix(name, len) < len ? 3 : 4))
			return CO_ERROR;
	}
	char *t = strndup(name, len);
	int rc = t ? 0 : CO_ERROR;
	if (t && (strlen(t) < 4 || only_common_words(t)))
		len = 0; /* a common core is not a name: no suffixed forms of it either */
	for (size_t k = 0; !rc && len && k < sizeof(suffixes) / sizeof(*suffixes); k++) {
		char *v = co_strdupf("%s %s", t, suffixes[k]);
		rc = v ? add_term(rd, v, strlen(v), 3) : CO_ERROR;
		free(v);
	}
	free(t);
	return rc;
}

/*
 * An org-id's identifier (after its second hyphen: 08123456 in GB-COH-08123456) with 6 characters
 * or more, and, when it is all digits, the same without leading zeros if 6 digits or more remain.
 */
static int add_company_number(co_redactor *rd, const char *org_id)
{
	const char *h = strchr(org_id, '-');
	if (!h || !(h = strchr(h + 1, '-')))
		return 0;
	const char *num = h + 1;
	if (add_term(rd, num, strlen(num), 6))
		return CO_ERROR;
	if (num[0] != '0' || strspn(num, "0123456789") != strlen(num))
		return 0;
	while (*num == '0')
		num++;
	return add_term(rd, num, strlen(num), 6);
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The terms to redact: for each bid in the packs (and no other: a late or rejected bid's
 * supplier wrote no response here, and redacting its name would tell the panel that it bid),
 * the company name's forms, the supplier id, the company number in it, and the bid id
 * (3 characters or more, and not only common words). 0 or CO_ERROR.
 */
int co_redactor_collect(const co_result *res, const size_t *idx, size_t n, co_redactor *rd)
{
	rd->max = TERMS_PER_BID * n;
	for (size_t i = 0; i < n; i++) {
		const co_bid *b = res->entries[idx[i]].bid;
		if ((b->supplier_name && add_name(rd, b->supplier_name)) ||
		    (b->supplier_id && (add_term(rd, b->supplier_id, strlen(b->supplier_id), 3) ||
		                        add_company_number(rd, b->supplier_id))) ||
		    (b->id && add_term(rd, b->id, strlen(b->id), 3)))
			return CO_ERROR;
	}
	if (rd->n)
		qsort(rd->terms, rd->n, sizeof(char *), by_text);
	size_t u = 0;
	for (size_t i = 0; i < rd->n; i++) {
		if (u && !strcmp(rd->terms[u - 1], rd->terms[i]))
			free(rd->terms[i]);
		else
			rd->terms[u++] = rd->terms[i];
	}
	rd->n = u;
	return 0;
}

void co_redactor_free(co_redactor *rd)
{
	for (size_t i = 0; i < rd->n; i++)
		free(rd->terms[i]);
	free(rd->terms);
}

/* Bytes of the white space character at s[i] (ASCII, or U+00A0), else 0. */
size_t co_space_at(const char *s, size_t len, size_t i)
{
	if (i < len && strchr(" \t\r\n\f\v", s[i]) && s[i])
		return 1;
	return i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0 ? 2 : 0;
}

/*
 * 1 when the character starting at s (NUL-terminated) belongs to a word: an ASCII letter or
 * digit, or any other character from U+0080 up but punctuation, spaces and symbols that sit
 * next to names (Latin-1's U+0080-U+00BF, U+00D7, U+00F7, general punctuation U+2000-U+206F such
 * as the apostrophe of "Acme's", currency signs, U+2122 "TM", CJK punctuation, U+FEFF). Bytes
 * that are not UTF-8 count as letters.
 */
static int word_char(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] < 0x80)
		return ascii_alnum(p[0]);
	size_t n = co_utf8_len(p);
	if (n < 2)
		return 1;
	unsigned long c = p[0] & (0xFF >> (n + 1));
	for (size_t k = 1; k < n; k++)
		c = (c << 6) | (p[k] & 0x3F);
	return !(c <= 0xBF || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) || (c >= 0x20A0 && c <= 0x20CF) ||
	         c == 0x2122 || (c >= 0x3000 && c <= 0x303F) || c == 0xFEFF);
}

/* 1 when the character before text[i] belongs to a word. */
int co_word_before(const char *text, size_t i)
{
	if (i == 0)
		return 0;
	size_t j = i - 1;
	while (j > 0 && i - j < 4 && ((unsigned char)text[j] & 0xC0) == 0x80)
		j--;
	return word_char(text + j);
}

/* The first index in [lo, hi) whose term has a byte above c at depth (terms there all share depth bytes). */
static size_t terms_above(const co_redactor *rd, size_t lo, size_t hi, size_t depth, unsigned char c)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((unsigned char)rd->terms[mid][depth] <= c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Bytes of the longest term matching text at i, on word boundaries both sides, or 0. The text is
 * read one character at a time (ASCII lower case, a run of white space as one space) while the
 * sorted terms that share what has been read narrow to a range, as in a trie: a term that ends
 * there, with no letter or digit next in the text, is a match.
 */
size_t co_redaction_at(const char *text, size_t len, size_t i, const co_redactor *rd)
{
	if (rd->n == 0 || ((unsigned char)text[i] & 0xC0) == 0x80 || co_word_before(text, i))
		return 0;
	size_t lo = 0, hi = rd->n, depth = 0, j = i, best = 0, sp;
	while (lo < hi) {
		if (rd->terms[lo][depth] == '\0') { /* the shortest of the range sorts first */
			if (!(j < len && word_char(text + j)))
				best = j - i;
			lo++;
		}
		if (lo == hi || j >= len)
			break;
		unsigned char c = (unsigned char)lower(text[j]);
		if ((sp = co_space_at(text, len, j))) {
			c = ' ';
			while ((sp = co_space_at(text, len, j)))
				j += sp;
		} else {
			j++;
		}
		lo = terms_above(rd, lo, hi, depth, (unsigned char)(c - 1));
		hi = terms_above(rd, lo, hi, depth, c);
		depth++;
	}
	return best;
}

char *co_redacted_text(const co_redactor *rd, const char *text, size_t len, size_t keep)
{
	co_strbuf b = {0};
	size_t i = 0, run = 0, m;
	while (i < keep) {
		if (!(m = co_redaction_at(text, len, i, rd))) {
			i++;
			continue;
		}
		if (i > run)
			co_strbuf_put(&b, "%.*s", (int)(i - run), text + run);
		co_strbuf_put(&b, "[redacted]");
		i += m;
		run = i;
	}
	if (keep > run)
		co_strbuf_put(&b, "%.*s", (int)(keep - run), text + run);
	if (!b.s && !b.failed)
		co_strbuf_put(&b, "%s", "");
	return co_strbuf_take(&b);
}
