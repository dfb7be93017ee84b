/* Marks files: the panel's evaluator marks and moderated marks, validated and checked. */
#include "marks.h"
#include "diag.h"
#include "num.h"
#include "xmldoc.h"

#include <stdlib.h>
#include <string.h>

void co_marks_free(co_marks *m)
{
	if (!m)
		return;
	free(m->path);
	free(m->competition);
	for (size_t i = 0; i < m->nev; i++)
		free(m->evaluators[i]);
	free(m->evaluators);
	for (size_t i = 0; i < m->nb; i++) {
		co_bidmarks *b = &m->bids[i];
		for (size_t j = 0; j < b->nq; j++) {
			co_qmarks *q = &b->qs[j];
			for (size_t k = 0; k < q->n; k++) {
				free(q->marks[k].evaluator);
				free(q->marks[k].rationale);
			}
			free(q->marks);
			free(q->question);
			free(q->moderated_rationale);
		}
		free(b->qs);
		free(b->bid);
	}
	free(m->bids);
	free(m);
}

static size_t count_children(const xmlNode *p, const char *name)
{
	size_t n = 0;
	for (const xmlNode *c = p->children; c; c = c->next)
		if (co_xml_is(c, name))
			n++;
	return n;
}

/* xs:integer text to long; *ok = 0 when it is too large for a long. */
static long parse_mark(const char *text, int *ok)
{
	mpq_t q;
	long v = 0;
	const char *s = text;
	mpq_init(q);
	if (*s == '+')
		s++;
	*ok = co_num_parse(q, s, 0, 1, NULL) == 0 && mpz_fits_slong_p(mpq_numref(q));
	if (*ok)
		v = mpz_get_si(mpq_numref(q));
	mpq_clear(q);
	return v;
}

static int read_question(co_xdoc *d, const xmlNode *qn, co_qmarks *q)
{
	q->question = co_xml_attr(qn, "ref");
	co_xdoc_where(d, qn, &q->line, &q->col);
	q->marks = calloc(count_children(qn, "mark") + 1, sizeof(co_mark));
	if (!q->question || !q->marks)
		return CO_ERROR;
	for (const xmlNode *c = qn->children; c; c = c->next) {
		char *v = NULL;
		if (co_xml_is(c, "mark")) {
			co_mark *mk = &q->marks[q->n++];
			mk->evaluator = co_xml_attr(c, "evaluator");
			v = co_xml_attr(c, "value");
			mk->rationale = co_xml_text_trim(c);
			co_xdoc_where(d, c, &mk->line, &mk->col);
			if (!mk->evaluator || !v || !mk->rationale) {
				free(v);
				return CO_ERROR;
			}
			mk->value = parse_mark(v, &mk->value_ok);
		} else if (co_xml_is(c, "moderated")) {
			q->has_moderated = 1;
			v = co_xml_attr(c, "value");
			q->moderated_rationale = co_xml_text_trim(c);
			co_xdoc_where(d, c, &q->mod_line, &q->mod_col);
			if (!v || !q->moderated_rationale) {
				free(v);
				return CO_ERROR;
			}
			q->moderated = parse_mark(v, &q->moderated_ok);
		}
		free(v);
	}
	return 0;
}

static int cmp_bidmarks(const void *a, const void *b)
{
	return strcmp(((const co_bidmarks *)a)->bid, ((const co_bidmarks *)b)->bid);
}

int co_marks_read(co_marks **out, const char *path, const char *read_from, co_diags *diags)
{
	co_xschema *schema = NULL;
	co_xdoc d = {0};
	co_marks *m = NULL;
	int rc;

	*out = NULL;
	rc = co_xschema_load(&schema, CO_SCHEMA_MARKS);
	if (rc)
		goto out;
	rc = co_xdoc_load(&d, path, read_from, schema, CO_MARKS_MAX_BYTES, diags, NULL);
	if (rc)
		goto out;
	m = calloc(1, sizeof(*m));
	xmlNode *root = xmlDocGetRootElement(d.doc);
	if (!m || !(m->path = strdup(path))) {
		rc = CO_ERROR;
		goto out;
	}
	co_xdoc_where(&d, root, &m->line, &m->col);
	m->competition = co_xml_attr(root, "competition");
	m->evaluators = calloc(count_children(root, "evaluator") + 1, sizeof(char *));
	m->bids = calloc(count_children(root, "bid") + 1, sizeof(co_bidmarks));
	if (!m->competition || !m->evaluators || !m->bids) {
		rc = CO_ERROR;
		goto out;
	}
	for (xmlNode *c = root->children; c && !rc; c = c->next) {
		if (co_xml_is(c, "evaluator")) {
			if (!(m->evaluators[m->nev++] = co_xml_attr(c, "id")))
				rc = CO_ERROR;
		} else if (co_xml_is(c, "bid")) {
			co_bidmarks *b = &m->bids[m->nb++];
			b->bid = co_xml_attr(c, "ref");
			co_xdoc_where(&d, c, &b->line, &b->col);
			b->qs = calloc(count_children(c, "question") + 1, sizeof(co_qmarks));
			if (!b->bid || !b->qs) {
				rc = CO_ERROR;
				break;
			}
			for (xmlNode *qn = c->children; qn && !rc; qn = qn->next)
				if (co_xml_is(qn, "question"))
					rc = read_question(&d, qn, &b->qs[b->nq++]);
		}
	}
	if (!rc)
		qsort(m->bids, m->nb, sizeof(*m->bids), cmp_bidmarks);
out:
	co_xdoc_free(&d);
	co_xschema_free(schema);
	if (rc) {
		co_marks_free(m);
		m = NULL;
	}
	*out = m;
	return rc;
}

const co_bidmarks *co_marks_bid(const co_marks *m, const char *bid)
{
	co_bidmarks key = {.bid = (char *)bid};
	if (!m)
		return NULL;
	return bsearch(&key, m->bids, m->nb, sizeof(*m->bids), cmp_bidmarks);
}

const co_qmarks *co_marks_question(const co_bidmarks *b, const char *question)
{
	if (!b)
		return NULL;
	for (size_t i = 0; i < b->nq; i++)
		if (strcmp(b->qs[i].question, question) == 0)
			return &b->qs[i];
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int declared(const co_marks *m, const char *ev)
{
	for (size_t i = 0; i < m->nev; i++)
		if (strcmp(m->evaluators[i], ev) == 0)
			return 1;
	return 0;
}

int co_marks_check(const co_marks *m, const co_rules *r, const char *const *bid_ids, size_t nids,
                   co_diags *diags)
{
	int errors = 0;
	if (strcmp(m->competition, r->id) != 0) {
		co_diag_add(diags, m->path, m->line, m->col,
		            "marks are for competition '%s', but the rules are for '%s'", m->competition, r->id);
		errors++;
	}
	for (size_t i = 0; i < m->nb; i++) {
		const co_bidmarks *b = &m->bids[i];
		if (!bsearch(&b->bid, bid_ids, nids, sizeof(char *), cmp_str)) {
			co_diag_add(diags, m->path, b->line, b->col, "marks for unknown bid '%s' (no bid file has this id)",
			            b->bid);
			errors++;
		}
		for (size_t j = 0; j < b->nq; j++) {
			const co_qmarks *q = &b->qs[j];
			if (co_rules_find_question(r, q->question) < 0) {
				co_diag_add(diags, m->path, q->line, q->col, "marks for unknown question '%s' (bid '%s')",
				            q->question, b->bid);
				errors++;
			}
			for (size_t k = 0; k < q->n; k++) {
				const co_mark *mk = &q->marks[k];
				if (!declared(m, mk->evaluator)) {
					co_diag_add(diags, m->path, mk->line, mk->col,
					            "mark by undeclared evaluator '%s' (declare it with <evaluator id=\"%s\"/>)",
					            mk->evaluator, mk->evaluator);
					errors++;
				}
				if (!mk->value_ok || !co_rules_on_scale(r, mk->value)) {
					co_diag_add(diags, m->path, mk->line, mk->col,
					            "mark by '%s' for bid '%s' question '%s' is off the scale", mk->evaluator,
					            b->bid, q->question);
					errors++;
				}
			}
			if (q->has_moderated && (!q->moderated_ok || !co_rules_on_scale(r, q->moderated))) {
				co_diag_add(diags, m->path, q->mod_line, q->mod_col,
				            "moderated mark for bid '%s' question '%s' is off the scale", b->bid, q->question);
				errors++;
			}
		}
	}
	return errors ? CO_EINVALID : 0;
}
