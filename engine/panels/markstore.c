/* A marks file held whole for the panel's commands: loaded as evaluate reads it, merged into, and written back in one canonical form. */
#include "panels/markstore.h"
#include "base/diag.h"
#include "base/xmlout.h"
#include "reading/marks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

long co_markstore_evaluator(co_markstore *s, const char *id)
{
	for (size_t e = 0; e < s->nev; e++)
		if (!strcmp(s->evaluators[e], id))
			return (long)e;
	char **evs = realloc(s->evaluators, (s->nev + 1) * sizeof(char *));
	if (!evs)
		return -1;
	s->evaluators = evs;
	if (!(evs[s->nev] = strdup(id)))
		return -1;
	return (long)s->nev++;
}

co_markrec *co_markstore_add(co_markstore *s, const char *bid, size_t q, size_t ev, long value, const char *text)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 256;
		co_markrec *recs = realloc(s->recs, cap * sizeof(*recs));
		if (!recs)
			return NULL;
		s->recs = recs;
		s->cap = cap;
	}
	co_markrec *rec = &s->recs[s->n];
	memset(rec, 0, sizeof(*rec));
	rec->bid = strdup(bid);
	rec->text = strdup(text ? text : "");
	if (!rec->bid || !rec->text) {
		free(rec->bid);
		free(rec->text);
		return NULL;
	}
	rec->q = q;
	rec->ev = ev;
	rec->value = value;
	s->n++;
	return rec;
}

int co_markstore_load(co_markstore *s, const char *path, const co_rules *r, co_diags *diags)
{
	return co_markstore_load_from(s, path, NULL, r, diags);
}

int co_markstore_load_from(co_markstore *s, const char *path, const char *read_from, const co_rules *r,
                           co_diags *diags)
{
	co_marks *m = NULL;
	co_strbuf buf = {0};
	struct stat st;
	memset(s, 0, sizeof(*s));
	s->rules = r;
	if (!read_from && stat(path, &st) && errno == ENOENT)
		return 0;
	int rc = co_marks_read(&m, path, read_from, r, 1, diags);
	if (!rc && m->errors)
		rc = CO_EINVALID;
	if (rc)
		goto out;
	rc = CO_ERROR;
	for (size_t e = 0; e < m->nev; e++)
		if (co_markstore_evaluator(s, m->evaluators[e]) < 0)
			goto out;
	for (size_t i = 0; i < m->nb; i++) {
		const co_bidmarks *b = &m->bids[i];
		for (size_t q = 0; q < r->nq; q++) {
			const co_qmarks *qm = co_marks_question(b, q);
			if (!qm || !qm->present)
				continue;
			const co_mark *marks = co_qmarks_marks(b, qm);
			for (size_t k = 0; k < qm->n; k++) {
				const char *text = NULL;
				if ((rc = co_marks_rationale(m, b, qm, k, &buf, &text)))
					goto out;
				rc = CO_ERROR;
				if (!co_markstore_add(s, b->bid, q, marks[k].evaluator, marks[k].value, text))
					goto out;
			}
			if (qm->has_moderated) {
				const char *text = NULL;
				if ((rc = co_marks_moderated_rationale(m, b, qm, &buf, &text)))
					goto out;
				rc = CO_ERROR;
				if (!co_markstore_add(s, b->bid, q, CO_MODERATED, qm->moderated, text))
					goto out;
			}
			const char *feedback = NULL;
			if ((rc = co_marks_feedback(m, b, qm, &buf, &feedback)))
				goto out;
			rc = CO_ERROR;
			if (feedback && !co_markstore_add(s, b->bid, q, CO_FEEDBACK, 0, feedback))
				goto out;
		}
	}
	rc = 0;
out:
	co_strbuf_end(&buf);
	co_marks_free(m);
	if (rc)
		co_markstore_free(s);
	return rc;
}

static int by_key(const void *a, const void *b)
{
	const co_markrec *x = a, *y = b;
	int c = strcmp(x->bid, y->bid);
	if (c)
		return c;
	if (x->q != y->q)
		return x->q < y->q ? -1 : 1;
	if (x->ev != y->ev)
		return x->ev < y->ev ? -1 : 1; /* CO_MODERATED and CO_FEEDBACK are the largest */
	return x->origin < y->origin ? -1 : x->origin > y->origin;
}

void co_markstore_sort(co_markstore *s)
{
	if (s->n > 1)
		qsort(s->recs, s->n, sizeof(*s->recs), by_key);
}

/* The index of the first record of (bid, q) in a sorted store (s->n when none). */
static size_t first_of(const co_markstore *s, const char *bid, size_t q)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->recs[mid].bid, bid);
		if (c < 0 || (c == 0 && s->recs[mid].q < q))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const co_markrec *co_markstore_find(const co_markstore *s, const char *bid, size_t q, size_t ev)
{
	for (size_t i = first_of(s, bid, q); i < s->n && !strcmp(s->recs[i].bid, bid) && s->recs[i].q == q; i++)
		if (s->recs[i].ev == ev)
			return &s->recs[i];
	return NULL;
}

int co_markstore_seen(const co_markstore *s, const char *bid, size_t q, co_seen_mark **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t i = first_of(s, bid, q), k = 0;
	co_seen_mark *marks = calloc(s->nev ? s->nev : 1, sizeof(*marks));
	if (!marks)
		return CO_ERROR;
	for (; i < s->n && !strcmp(s->recs[i].bid, bid) && s->recs[i].q == q; i++) {
		const co_markrec *rec = &s->recs[i];
		if (rec->ev >= s->nev || (k && !strcmp(marks[k - 1].evaluator, s->evaluators[rec->ev])))
			continue; /* the moderated mark or the feedback, or a later record of the same evaluator's mark */
		marks[k++] = (co_seen_mark){.evaluator = s->evaluators[rec->ev], .value = rec->value, .rationale = rec->text};
	}
	*out = marks;
	*n = k;
	return 0;
}

/* Append a rationale as element text: escaped, a CR kept as a reference (a parser would read it as LF). */
static void put_text(co_strbuf *b, const char *text)
{
	const char *run = text;
	for (const char *p = text; *p; p++) {
		if (*p != '\r')
			continue;
		char *part = strndup(run, (size_t)(p - run));
		co_xml_escape(b, part ? part : "");
		if (!part)
			b->failed = 1;
		free(part);
		co_strbuf_put(b, "&#13;");
		run = p + 1;
	}
	co_xml_escape(b, run);
}

int co_markstore_xml(co_strbuf *b, const co_markstore *s)
{
	const co_rules *r = s->rules;
	co_strbuf_put(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<marks xmlns=\"urn:calloff:marks:1\" competition=\"");
	co_xml_escape(b, r->id);
	co_strbuf_put(b, "\">\n");
	for (size_t e = 0; e < s->nev; e++) {
		co_strbuf_put(b, "  <evaluator id=\"");
		co_xml_escape(b, s->evaluators[e]);
		co_strbuf_put(b, "\"/>\n");
	}
	for (size_t i = 0; i < s->n;) {
		const char *bid = s->recs[i].bid;
		co_strbuf_put(b, "  <bid ref=\"");
		co_xml_escape(b, bid);
		co_strbuf_put(b, "\">\n");
		while (i < s->n && !strcmp(s->recs[i].bid, bid)) {
			size_t q = s->recs[i].q;
			co_strbuf_put(b, "    <question ref=\"");
			co_xml_escape(b, r->questions[q].id);
			co_strbuf_put(b, "\">\n");
			for (; i < s->n && !strcmp(s->recs[i].bid, bid) && s->recs[i].q == q; i++) {
				const co_markrec *rec = &s->recs[i];
				if (i && !strcmp(s->recs[i - 1].bid, bid) && s->recs[i - 1].q == q && s->recs[i - 1].ev == rec->ev)
					continue; /* one record per key: the first */
				if (rec->ev == CO_MODERATED) {
					co_strbuf_put(b, "      <moderated value=\"%ld\">", rec->value);
					put_text(b, rec->text);
					co_strbuf_put(b, "</moderated>\n");
				} else if (rec->ev == CO_FEEDBACK) {
					co_strbuf_put(b, "      <feedback>");
					put_text(b, rec->text);
					co_strbuf_put(b, "</feedback>\n");
				} else {
					co_strbuf_put(b, "      <mark evaluator=\"");
					co_xml_escape(b, s->evaluators[rec->ev]);
					co_strbuf_put(b, "\" value=\"%ld\">", rec->value);
					put_text(b, rec->text);
					co_strbuf_put(b, "</mark>\n");
				}
			}
			co_strbuf_put(b, "    </question>\n");
		}
		co_strbuf_put(b, "  </bid>\n");
	}
	co_strbuf_put(b, "</marks>\n");
	return b->failed ? CO_ERROR : 0;
}

void co_markstore_free(co_markstore *s)
{
	for (size_t e = 0; e < s->nev; e++)
		free(s->evaluators[e]);
	for (size_t i = 0; i < s->n; i++) {
		free(s->recs[i].bid);
		free(s->recs[i].text);
	}
	free(s->evaluators);
	free(s->recs);
	memset(s, 0, sizeof(*s));
}
