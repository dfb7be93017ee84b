/* The XML files the panel's forms export: an evaluator's marks, or the moderation (bids/panel.xsd), read with every entry's place. */
#include "panels/returned.h"
#include "base/diag.h"
#include "reading/xmldoc.h"

#include <stdlib.h>
#include <string.h>

/* Largest exported file read: a form's marks for many bids, each rationale up to the schema's limit. */
#define CO_PANEL_XML_MAX_BYTES (64L * 1024 * 1024)

/* An attribute's value trimmed of XML white space at both ends, or NULL when empty; *failed on no memory. */
static char *trimmed_attr(const xmlNode *n, const char *name, int *failed)
{
	char *v = co_xml_attr(n, name);
	if (!v) {
		*failed = 1; /* every attribute read here is required by the schema: absent means no memory */
		return NULL;
	}
	size_t a = 0, z = strlen(v);
	while (a < z && co_xml_space((unsigned char)v[a]))
		a++;
	while (z > a && co_xml_space((unsigned char)v[z - 1]))
		z--;
	if (a == z) {
		free(v);
		return NULL;
	}
	memmove(v, v + a, z - a);
	v[z - a] = '\0';
	return v;
}

int co_returned_read_xml(co_returned **out, const char *path, co_diags *diags)
{
	co_xschema *schema = NULL;
	co_xdoc doc = {0};
	co_returned *r = NULL;
	int rc, failed = 0;
	*out = NULL;
	if ((rc = co_xschema_load(&schema, CO_SCHEMA_PANEL)))
		goto out;
	xmlDocPtr invalid = NULL;
	if ((rc = co_xdoc_load(&doc, path, NULL, schema, CO_PANEL_XML_MAX_BYTES, diags, &invalid))) {
		/* A marks file given among the returned files: say what it is, beside the schema's words. */
		xmlNode *top = invalid ? xmlDocGetRootElement(invalid) : NULL;
		if (rc == CO_EINVALID && co_xml_is(top, "marks") &&
		    co_diag_add(diags, path, 1, 1, "this is a marks file, not a file returned by an evaluator or the "
		                                   "moderator: give it with --marks"))
			rc = CO_ERROR;
		xmlFreeDoc(invalid);
		goto out;
	}
	rc = CO_ERROR;
	if (!(r = calloc(1, sizeof(*r))) || !(r->path = strdup(path)))
		goto out;
	xmlNode *root = xmlDocGetRootElement(doc.doc);
	int moderation = co_xml_is(root, "moderation");
	r->kind = moderation ? CO_RETURNED_MODERATION : CO_RETURNED_MARKS;
	int line, col;
	co_xdoc_where(&doc, root, &line, &col);
	for (int h = 0; h < CO_RH_N; h++)
		r->head_at[h] = (co_rplace){line, col};
	r->head[CO_RH_COMPETITION] = trimmed_attr(root, "competition", &failed);
	if (!moderation)
		r->head[CO_RH_EVALUATOR] = trimmed_attr(root, "evaluator", &failed);
	r->head[CO_RH_PACK] = trimmed_attr(root, moderation ? "plan" : "pack", &failed);
	for (const xmlNode *n = root->children; n && !failed; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (moderation && co_xml_is(n, "feedback") && r->n) {
			/* The panel's feedback on the answer of the entry before it (the schema's order). */
			co_rentry *en = &r->e[r->n - 1];
			co_xdoc_where(&doc, n, &line, &col);
			en->at[CO_RF_FEEDBACK] = (co_rplace){line, col};
			char *text = co_xml_text_trim(n);
			if (!text)
				failed = 1;
			else if (!*text)
				free(text);
			else
				en->field[CO_RF_FEEDBACK] = text;
			continue;
		}
		co_rentry *en = co_returned_add(r);
		if (!en)
			goto out;
		co_xdoc_where(&doc, n, &line, &col);
		for (int f = 0; f < CO_RF_N; f++)
			en->at[f] = (co_rplace){line, col};
		en->field[CO_RF_LABEL] = trimmed_attr(n, "response", &failed);
		en->field[CO_RF_QUESTION] = trimmed_attr(n, "question", &failed);
		en->field[CO_RF_DIGEST] = trimmed_attr(n, "digest", &failed);
		en->field[CO_RF_VALUE] = trimmed_attr(n, "value", &failed);
		if (moderation)
			en->field[CO_RF_SEEN] = trimmed_attr(n, "seen", &failed);
		char *text = co_xml_text_trim(n);
		if (!text)
			failed = 1;
		else if (!*text)
			free(text);
		else
			en->field[CO_RF_RATIONALE] = text;
	}
	rc = failed ? CO_ERROR : 0;
out:
	if (rc)
		co_returned_free(r);
	else
		*out = r;
	co_xdoc_free(&doc);
	co_xschema_free(schema);
	return rc;
}
