/* Bid files: validated XML to a co_bid, or a rejected bid carrying the parser's located error. */
#include "reading/bid.h"
#include "base/diag.h"
#include "base/words.h"

#include <stdlib.h>
#include <string.h>

static void free_fields(co_bid_field *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].key);
		free(f[i].text);
	}
	free(f);
}

/* The body of every bid packed without one. */
static const co_bid_body no_body;

void co_bid_free(co_bid *b)
{
	if (b && b->in_arena)
		return;
	if (!b || b->packed) {
		free(b);
		return;
	}
	/* An unpacked bid's body is its own, after it in the same allocation (co_bid_read). */
	co_bid_body *body = (co_bid_body *)(b + 1);
	free(b->file);
	free(b->invalid_detail);
	free(b->id);
	free(b->competition);
	free(b->supplier_id);
	free(b->supplier_name);
	free(b->contact_address);
	free(b->contact_email);
	free(b->submitted_text);
	free_fields(body->schemes, body->nschemes);
	free_fields(body->decls, body->ndecls);
	free_fields(body->responses, body->nresponses);
	free_fields(body->prices, body->nprices);
	free_fields(body->self_marks, body->nself_marks);
	free(b);
}

static size_t str_bytes(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

static size_t fields_bytes(const co_bid_field *f, size_t n)
{
	size_t bytes = n * sizeof(*f);
	for (size_t i = 0; i < n; i++)
		bytes += str_bytes(f[i].key) + str_bytes(f[i].text);
	return bytes;
}

/* Copy s to *cur and move past it; NULL stays NULL. */
static char *put_str(char **cur, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *at = memcpy(*cur, s, n);
	*cur += n;
	return at;
}

/* Copy n fields to *slot and their strings to *cur; moves both past them. */
static co_bid_field *put_fields(co_bid_field **slot, char **cur, const co_bid_field *src, size_t n)
{
	co_bid_field *at = n ? *slot : NULL;
	for (size_t i = 0; i < n; i++) {
		at[i] = src[i];
		at[i].key = put_str(cur, src[i].key);
		at[i].text = put_str(cur, src[i].text);
	}
	*slot += n;
	return at;
}

int co_bid_pack(co_bid **bid, int keep_body, co_arena *arena)
{
	co_bid *b = *bid;
	if (b->packed)
		return 0;
	const co_bid_body *from = b->body;
	/* Kept whole or not at all: the packed bid is the struct, then the body, its fields and every string. */
	size_t bytes = sizeof(*b) + str_bytes(b->file) + str_bytes(b->invalid_detail) + str_bytes(b->id) +
	               str_bytes(b->competition) + str_bytes(b->supplier_id) + str_bytes(b->supplier_name) +
	               str_bytes(b->contact_address) + str_bytes(b->contact_email) + str_bytes(b->submitted_text);
	if (keep_body)
		bytes += sizeof(co_bid_body) + fields_bytes(from->schemes, from->nschemes) +
		         fields_bytes(from->decls, from->ndecls) + fields_bytes(from->responses, from->nresponses) +
		         fields_bytes(from->prices, from->nprices) + fields_bytes(from->self_marks, from->nself_marks);
	co_bid *p = arena ? co_arena_alloc(arena, bytes) : malloc(bytes);
	if (!p)
		return CO_ERROR;
	*p = *b;
	p->packed = 1;
	p->in_arena = arena != NULL;
	char *cur = (char *)(p + 1);
	if (keep_body) {
		/* co_bid's and co_bid_body's sizes keep the fields aligned. */
		co_bid_body *to = (co_bid_body *)cur;
		co_bid_field *slot = (co_bid_field *)(to + 1);
		size_t nfields = from->nschemes + from->ndecls + from->nresponses + from->nprices + from->nself_marks;
		cur = (char *)(slot + nfields);
		*to = *from;
		to->schemes = put_fields(&slot, &cur, from->schemes, from->nschemes);
		to->decls = put_fields(&slot, &cur, from->decls, from->ndecls);
		to->responses = put_fields(&slot, &cur, from->responses, from->nresponses);
		to->prices = put_fields(&slot, &cur, from->prices, from->nprices);
		to->self_marks = put_fields(&slot, &cur, from->self_marks, from->nself_marks);
		p->body = to;
	} else {
		p->body = &no_body;
	}
	p->file = put_str(&cur, b->file);
	p->invalid_detail = put_str(&cur, b->invalid_detail);
	p->id = put_str(&cur, b->id);
	p->competition = put_str(&cur, b->competition);
	p->supplier_id = put_str(&cur, b->supplier_id);
	p->supplier_name = put_str(&cur, b->supplier_name);
	p->contact_address = put_str(&cur, b->contact_address);
	p->contact_email = put_str(&cur, b->contact_email);
	p->submitted_text = put_str(&cur, b->submitted_text);
	co_bid_free(b);
	*bid = p;
	return 0;
}

const co_bid_field *co_bid_field_find(const co_bid_field *f, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].key, key) == 0)
			return &f[i];
	return NULL;
}

/*
 * Children of parent called child, each keyed by attribute attr. With exact_text (responses),
 * the text is kept exactly and its words counted; unless keep_text, only counted, where the tree
 * holds it, with no copy.
 */
static int read_fields(const xmlNode *parent, const char *child, const char *attr, int exact_text, int keep_text,
                       co_bid_field **out, size_t *n)
{
	size_t count = 0;
	for (const xmlNode *c = parent->children; c; c = c->next)
		if (co_xml_is(c, child))
			count++;
	*out = calloc(count ? count : 1, sizeof(**out));
	if (!*out)
		return CO_ERROR;
	for (const xmlNode *c = parent->children; c; c = c->next) {
		if (!co_xml_is(c, child))
			continue;
		co_bid_field *f = &(*out)[(*n)++];
		f->key = co_xml_attr(c, attr);
		/* The line only: finding the column costs a scan of the line, done when a message needs it. */
		f->line = (int)xmlGetLineNo(c);
		if (!f->key)
			return CO_ERROR;
		if (!exact_text) {
			if (!(f->text = co_xml_text_trim(c)))
				return CO_ERROR;
			continue;
		}
		/* Counted here, on the reading threads, rather than in the single-threaded stages. */
		const char *ref = keep_text ? NULL : co_xml_text_ref(c);
		if (ref) {
			f->words = (uint32_t)co_word_count(ref);
			continue;
		}
		if (!(f->text = co_xml_text(c)))
			return CO_ERROR;
		f->words = (uint32_t)co_word_count(f->text);
		if (!keep_text) {
			free(f->text);
			f->text = NULL;
		}
	}
	return 0;
}

/*
 * A postal address as the summary prints it: each line trimmed of XML white space (the
 * indentation the file gives it), blank lines dropped, lines joined by '\n'. In place.
 */
static void tidy_address(char *s)
{
	char *to = s;
	for (const char *p = s; *p;) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		size_t a = 0, z = n;
		while (a < z && co_xml_space(p[a]))
			a++;
		while (z > a && co_xml_space(p[z - 1]))
			z--;
		if (z > a) {
			if (to != s)
				*to++ = '\n';
			memmove(to, p + a, z - a);
			to += z - a;
		}
		p += n + (end != NULL);
	}
	*to = '\0';
}

static int valid_token(const char *s, size_t max)
{
	if (!s || !*s || strlen(s) > max)
		return 0;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x21 || *p == '<' || *p == '>' || *p == '"' || *p == '&')
			return 0;
	return 1;
}

/*
 * A well-formed but schema-invalid bid still shows who sent it, where it says:
 * the ids are taken only when they look like ids, and are for display alone.
 */
/* node's id attribute into *out when it is a valid token; CO_ERROR when it is there but could not be copied. */
static int salvage(char **out, const xmlNode *node, size_t max)
{
	char *v = co_xml_attr(node, "id");
	if (!v)
		return xmlHasNsProp(node, (const xmlChar *)"id", NULL) ? CO_ERROR : 0;
	if (valid_token(v, max))
		*out = v;
	else
		free(v);
	return 0;
}

static int salvage_ids(co_bid *b, xmlDocPtr doc)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!co_xml_is(root, "bid"))
		return 0;
	if (salvage(&b->id, root, 64))
		return CO_ERROR;
	for (xmlNode *c = root->children; c; c = c->next)
		if (co_xml_is(c, "supplier"))
			return salvage(&b->supplier_id, c, 100);
	return 0;
}

int co_bid_read(co_bid **out, const char *path, const char *read_from, const co_xschema *schema, int keep_responses)
{
	/* The body is after the bid in one allocation, as co_bid_free expects of a bid not packed. */
	co_bid *b = calloc(1, sizeof(*b) + sizeof(co_bid_body));
	co_bid_body *body = b ? (co_bid_body *)(b + 1) : NULL;
	co_diags *errs = co_diags_new();
	co_xdoc d;
	xmlDocPtr partial = NULL;
	int rc = 0;

	*out = NULL;
	if (b)
		b->body = body;
	if (!b || !errs || !(b->file = strdup(path))) {
		rc = CO_ERROR;
		goto out;
	}
	int lrc = co_xdoc_load(&d, path, read_from, schema, CO_BID_MAX_BYTES, errs, &partial);
	/* A detail lost for want of memory would be another detail: the bid is not judged on it. */
	if (lrc == CO_ERROR || co_diags_failed(errs)) {
		rc = CO_ERROR;
		goto out;
	}
	if (lrc) {
		b->invalid = 1;
		if (!(b->invalid_detail = strdup(co_diags_count(errs) ? co_diags_at(errs, 0) : path)) ||
		    (partial && salvage_ids(b, partial))) {
			rc = CO_ERROR;
			goto out;
		}
		/* The detail is "PATH:LINE:COL: message". */
		if (strncmp(b->invalid_detail, path, strlen(path)) == 0)
			b->invalid_line = atoi(b->invalid_detail + strlen(path) + 1);
		goto out;
	}
	xmlNode *root = xmlDocGetRootElement(d.doc);
	co_xdoc_where(&d, root, &b->line, &b->col);
	b->id = co_xml_attr(root, "id");
	b->competition = co_xml_attr(root, "competition");
	for (xmlNode *c = root->children; c && rc == 0; c = c->next) {
		if (co_xml_is(c, "supplier")) {
			b->supplier_id = co_xml_attr(c, "id");
			for (xmlNode *n = c->children; n && rc == 0; n = n->next) {
				if (co_xml_is(n, "name")) {
					b->supplier_name = co_xml_text_trim(n);
				} else if (co_xml_is(n, "address")) {
					if (!(b->contact_address = co_xml_text_trim(n)))
						rc = CO_ERROR;
					else
						tidy_address(b->contact_address);
				} else if (co_xml_is(n, "email")) {
					if (!(b->contact_email = co_xml_text_trim(n)))
						rc = CO_ERROR;
				}
			}
		} else if (co_xml_is(c, "submitted")) {
			const char *why;
			int line, col;
			b->submitted_text = co_xml_text_trim(c);
			if (b->submitted_text && co_time_parse(&b->submitted, b->submitted_text, &why) != 0) {
				co_xdoc_where(&d, c, &line, &col);
				b->invalid = 1;
				b->invalid_line = line;
				if (!(b->invalid_detail = co_strdupf("%s:%d:%d: submitted: %s", path, line, col, why)))
					rc = CO_ERROR;
			}
		} else if (co_xml_is(c, "schemes")) {
			b->schemes_line = (int)xmlGetLineNo(c);
			rc = read_fields(c, "scheme", "ref", 0, 0, &body->schemes, &body->nschemes);
		} else if (co_xml_is(c, "declarations")) {
			b->decls_line = (int)xmlGetLineNo(c);
			rc = read_fields(c, "declaration", "gate", 0, 0, &body->decls, &body->ndecls);
		} else if (co_xml_is(c, "responses")) {
			b->responses_line = (int)xmlGetLineNo(c);
			rc = read_fields(c, "response", "question", 1, keep_responses, &body->responses, &body->nresponses);
		} else if (co_xml_is(c, "prices")) {
			b->prices_line = (int)xmlGetLineNo(c);
			rc = read_fields(c, "price", "item", 0, 0, &body->prices, &body->nprices);
		} else if (co_xml_is(c, "self-assessment")) {
			rc = read_fields(c, "mark", "question", 0, 0, &body->self_marks, &body->nself_marks);
		}
	}
	co_xdoc_free(&d);
	if (!rc && (!b->id || !b->competition || !b->supplier_id || !b->supplier_name || !b->submitted_text))
		rc = CO_ERROR;
out:
	if (partial)
		xmlFreeDoc(partial);
	co_diags_free(errs);
	if (rc) {
		co_bid_free(b);
		return rc;
	}
	*out = b;
	return 0;
}
