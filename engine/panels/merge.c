/* Merging what the panel returned (evaluators' marks, the moderation) into the marks file: all checked first, never overwriting unless told, written whole. */
#include "calloff/output.h"
#include "panels/markstore.h"
#include "panels/plan.h"
#include "panels/returned.h"
#include "base/diag.h"
#include "base/outfile.h"

#include <errno.h>
#include <libgen.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What one file gave. */
typedef struct {
	size_t added, same, replaced, unmarked;
	size_t fadded, fsame, freplaced; /* the panel's feedback texts (not in the others) */
} tally;

/* 1 when two records hold the same mark and text. */
static int same_mark(const co_markrec *a, const co_markrec *b)
{
	return a->value == b->value && !strcmp(a->text, b->text);
}

/*
 * In a sorted store, keep one record per (bid, question, evaluator): a record from a file that
 * repeats the one recorded is dropped; one that differs replaces it only when replace is set,
 * and is otherwise refused where it was written. Dropped records are removed. 0, CO_EINVALID
 * or CO_ERROR.
 */
static int resolve(co_markstore *s, tally *t, const co_plan *p, int replace, const char *marks, co_diags *diags)
{
	int bad = 0;
	size_t keep = 0;
	unsigned char *drop = calloc(s->n ? s->n : 1, 1);
	if (!drop)
		return CO_ERROR;
	for (size_t i = 0; i < s->n;) {
		size_t j = i + 1, kept = i;
		while (j < s->n && !strcmp(s->recs[j].bid, s->recs[i].bid) && s->recs[j].q == s->recs[i].q &&
		       s->recs[j].ev == s->recs[i].ev)
			j++;
		for (size_t k = i + 1; k < j; k++) {
			co_markrec *old = &s->recs[kept], *rec = &s->recs[k];
			tally *from = &t[rec->origin - 1];
			int fb = rec->ev == CO_FEEDBACK;
			if (same_mark(old, rec)) {
				drop[k] = 1;
				*(fb ? &from->fsame : &from->same) += 1;
			} else if (old->origin == 0 && replace) {
				drop[kept] = 1;
				kept = k;
				*(fb ? &from->freplaced : &from->replaced) += 1;
			} else {
				long b = -1;
				for (size_t x = 0; x < p->nb && b < 0; x++)
					if (!strcmp(p->bids[x].bid, rec->bid))
						b = (long)x;
				const char *label = b >= 0 ? p->bids[b].label : rec->bid, *qid = p->rules->questions[rec->q].id;
				if (rec->ev == CO_FEEDBACK
				        ? co_returned_diag(diags, rec->from, rec->en, CO_RF_FEEDBACK,
				                           "the panel's feedback for %s %s is already recorded in %s with another text "
				                           "(merge with --replace to replace it)",
				                           label, qid, marks)
				        : co_returned_diag(diags, rec->from, rec->en, CO_RF_VALUE,
				                           "%s%s mark for %s %s is already recorded in %s as %ld; this file gives %ld%s "
				                           "(merge with --replace to replace it)",
				                           rec->ev == CO_MODERATED ? "the consensus" : s->evaluators[rec->ev],
				                           rec->ev == CO_MODERATED ? "" : "'s", label, qid, marks, old->value,
				                           rec->value, old->value == rec->value ? " with another text" : ""))
					goto oom;
				drop[k] = 1;
				bad = 1;
			}
		}
		i = j;
	}
	for (size_t i = 0; i < s->n; i++) {
		if (drop[i]) {
			free(s->recs[i].bid);
			free(s->recs[i].text);
		} else {
			s->recs[keep++] = s->recs[i];
		}
	}
	s->n = keep;
	free(drop);
	return bad ? CO_EINVALID : 0;
oom:
	free(drop);
	return CO_ERROR;
}

/*
 * A consensus (and the panel's feedback) recorded before this merge was given on the evaluators'
 * marks as they were. When this merge adds or changes an evaluator's mark of that item, the
 * consensus would be stale: it is withdrawn with its feedback with --replace (counted in
 * *withdrawn and *fwithdrawn, to be moderated again), and refused otherwise, at the mark that would change it.
 * For a sorted, resolved store. 0, CO_EINVALID or CO_ERROR.
 */
static int stale_consensus(co_markstore *s, const co_plan *p, int replace, const char *marks, size_t *withdrawn,
                           size_t *fwithdrawn, co_diags *diags)
{
	int bad = 0;
	size_t keep = 0;
	for (size_t i = 0; i < s->n;) {
		size_t j = i, mod = s->n, changed = s->n;
		while (j < s->n && !strcmp(s->recs[j].bid, s->recs[i].bid) && s->recs[j].q == s->recs[i].q) {
			int panel = s->recs[j].ev == CO_MODERATED || s->recs[j].ev == CO_FEEDBACK;
			if (panel && s->recs[j].origin == 0 && mod == s->n)
				mod = j;
			else if (!panel && s->recs[j].origin > 0 && changed == s->n)
				changed = j;
			j++;
		}
		for (size_t k = i; k < j; k++) {
			if (k >= mod && changed < s->n && replace && s->recs[k].origin == 0 &&
			    (s->recs[k].ev == CO_MODERATED || s->recs[k].ev == CO_FEEDBACK)) {
				*(s->recs[k].ev == CO_MODERATED ? withdrawn : fwithdrawn) += 1;
				free(s->recs[k].bid);
				free(s->recs[k].text);
				continue;
			}
			s->recs[keep++] = s->recs[k];
		}
		int mod_is_feedback = mod < s->n && s->recs[mod].ev == CO_FEEDBACK;
		if (mod < s->n && changed < s->n && !replace) {
			const co_markrec *rec = &s->recs[keep - (j - changed)];
			long b = -1;
			for (size_t x = 0; x < p->nb && b < 0; x++)
				if (!strcmp(p->bids[x].bid, rec->bid))
					b = (long)x;
			if (co_returned_diag(diags, rec->from, rec->en, CO_RF_VALUE,
			                     "%s %s already has %s in %s, given without this mark of %s: merge with "
			                     "--replace to record the mark and withdraw %s, then moderate it again",
			                     b >= 0 ? p->bids[b].label : rec->bid, p->rules->questions[rec->q].id,
			                     mod_is_feedback ? "the panel's feedback" : "a consensus", marks, s->evaluators[rec->ev],
			                     mod_is_feedback ? "it" : "that consensus"))
				return CO_ERROR;
			bad = 1;
		}
		i = j;
	}
	s->n = keep;
	return bad ? CO_EINVALID : 0;
}

/* Add every marked entry of the files of one kind to the store. 0 or CO_ERROR. */
static int add_marks(co_markstore *s, const co_rfile *g, tally *t, size_t n, co_rkind kind, const co_plan *p)
{
	for (size_t i = 0; i < n; i++) {
		if (g[i].r->kind != kind)
			continue;
		long ev = kind == CO_RETURNED_MARKS ? co_markstore_evaluator(s, p->evs[g[i].ev].id) : 0;
		if (ev < 0)
			return CO_ERROR;
		for (size_t m = 0; m < g[i].n; m++) {
			const co_rmark *rm = &g[i].ms[m];
			/* The panel's feedback is recorded with the consensus, or alone (a consensus by median or mean). */
			if (rm->feedback) {
				co_markrec *rec = co_markstore_add(s, p->bids[rm->k].bid, rm->q, CO_FEEDBACK, 0, rm->feedback);
				if (!rec)
					return CO_ERROR;
				rec->origin = i + 1;
				rec->from = g[i].r;
				rec->en = rm->en;
				t[i].fadded++;
			}
			if (!rm->has_value) {
				t[i].unmarked += *rm->text != '\0';
				continue;
			}
			co_markrec *rec = co_markstore_add(s, p->bids[rm->k].bid, rm->q,
			                                   kind == CO_RETURNED_MARKS ? (size_t)ev : CO_MODERATED, rm->value,
			                                   rm->text);
			if (!rec)
				return CO_ERROR;
			rec->origin = i + 1;
			rec->from = g[i].r;
			rec->en = rm->en;
			t[i].added++;
		}
	}
	return 0;
}

/* Each consensus must have been given on the evaluators' marks as they now stand. 0, CO_EINVALID or CO_ERROR. */
static int check_seen(const co_markstore *s, const co_rfile *g, size_t n, const co_plan *p, co_diags *diags)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		if (g[i].r->kind != CO_RETURNED_MODERATION)
			continue;
		for (size_t m = 0; m < g[i].n; m++) {
			const co_rmark *rm = &g[i].ms[m];
			co_seen_mark *seen = NULL;
			size_t ns = 0;
			char digest[CO_DIGEST_TEXT];
			if (!rm->has_value && !rm->feedback)
				continue;
			if (co_markstore_seen(s, p->bids[rm->k].bid, rm->q, &seen, &ns) || co_plan_marks_digest(digest, seen, ns)) {
				free(seen);
				return CO_ERROR;
			}
			free(seen);
			if (!strcmp(digest, rm->seen))
				continue;
			if (co_returned_diag(diags, g[i].r, rm->en, CO_RF_SEEN,
			                     "the evaluators' marks for %s %s are not those the moderation form showed "
			                     "(%zu recorded now): make the moderation form again and moderate on them",
			                     p->bids[rm->k].label, p->rules->questions[rm->q].id, ns))
				return CO_ERROR;
			bad = 1;
		}
	}
	return bad ? CO_EINVALID : 0;
}

/*
 * Write the store as the marks file, atomically, once it reads back as evaluate reads a marks
 * file (schema, competition, evaluators, questions, scale): a merge never leaves a marks file that
 * evaluate would refuse. The text is read back from an anonymous file in memory (memfd), before
 * anything is staged, so that a failure on the way (libxml2 out of memory ends the process at
 * once) leaves nothing behind. 0, CO_EINVALID (diags say why), CO_EIO or CO_ERROR.
 */
static int write_marks(const co_markstore *s, const char *marks, co_diags *diags)
{
	co_strbuf b = {0};
	co_markstore back = {0};
	char *d1 = strdup(marks), *d2 = strdup(marks);
	const char *dir = d1 ? dirname(d1) : NULL, *name = d2 ? basename(d2) : NULL;
	int fd = -1, rc = CO_ERROR;
	if (!dir || !name || co_markstore_xml(&b, s) || (fd = memfd_create("calloff-marks", MFD_CLOEXEC)) < 0 ||
	    co_write_all(fd, b.s, b.len))
		goto out;
	char from[64];
	snprintf(from, sizeof(from), "/proc/self/fd/%d", fd);
	rc = co_markstore_load_from(&back, marks, from, s->rules, diags);
	if (!rc && back.n != s->n)
		rc = CO_ERROR; /* every record written reads back, or the writing is wrong */
	if (rc == CO_EINVALID)
		co_diag_add(diags, marks, 1, 1, "the merged marks would not be a valid marks file (above): nothing was changed");
	if (!rc)
		rc = co_output_write(dir, name, b.s, b.len, diags);
out:
	if (fd >= 0)
		close(fd);
	co_markstore_free(&back);
	co_strbuf_end(&b);
	free(d1);
	free(d2);
	return rc;
}

int co_panel_merge(char **summary, const co_plan *p, const char *const *paths, size_t npaths, const char *marks,
                   int replace, co_diags *diags)
{
	size_t n = 0;
	co_rfile *g = NULL;
	tally *t = NULL;
	co_markstore s = {0};
	co_strbuf out = {0};
	size_t withdrawn = 0, fwithdrawn = 0;
	int rc;
	*summary = NULL;
	if ((rc = co_returned_gather(&g, &n, paths, npaths, marks, p, diags)))
		goto out;
	if (!n) {
		co_diag_add(diags, "panel", 1, 1, "no files to merge (a folder's *.xml, *.xlsx and *.csv files are read)");
		rc = CO_EINVALID;
		goto out;
	}
	rc = CO_ERROR;
	if (!(t = calloc(n, sizeof(*t))))
		goto out;
	struct stat st;
	int fresh = stat(marks, &st) != 0 && errno == ENOENT;
	for (size_t i = 0; fresh && i < n; i++)
		if (g[i].r->kind == CO_RETURNED_MODERATION) {
			co_diag_add(diags, marks, 1, 1, "no such marks file: a moderation is merged into the marks file "
			                                "it was made from (is the name right?)");
			rc = CO_EINVALID;
			goto out;
		}
	if ((rc = co_markstore_load(&s, marks, p->rules, diags)))
		goto out;
	rc = CO_ERROR;
	for (size_t e = 0; e < p->nev; e++)
		if (co_markstore_evaluator(&s, p->evs[e].id) < 0)
			goto out;
	/* The evaluators' marks first; each consensus is then checked against them as they stand. */
	if ((rc = add_marks(&s, g, t, n, CO_RETURNED_MARKS, p)))
		goto out;
	co_markstore_sort(&s);
	if ((rc = resolve(&s, t, p, replace, marks, diags)) ||
	    (rc = stale_consensus(&s, p, replace, marks, &withdrawn, &fwithdrawn, diags)) || (rc = check_seen(&s, g, n, p, diags)) ||
	    (rc = add_marks(&s, g, t, n, CO_RETURNED_MODERATION, p)))
		goto out;
	co_markstore_sort(&s);
	if ((rc = resolve(&s, t, p, replace, marks, diags)))
		goto out;
	/* The summary first: nothing that can fail for want of memory comes after the marks file is replaced. */
	for (size_t i = 0; i < n; i++) {
		const tally *x = &t[i];
		co_strbuf_put(&out, "%s: %s, %zu %s recorded", g[i].r->path,
		              g[i].ev < 0 ? "the moderation" : p->evs[g[i].ev].id, x->added - x->same - x->replaced,
		              g[i].ev < 0 ? "consensus marks" : "marks");
		if (x->same)
			co_strbuf_put(&out, ", %zu already recorded", x->same);
		if (x->replaced)
			co_strbuf_put(&out, ", %zu replaced", x->replaced);
		if (x->unmarked)
			co_strbuf_put(&out, ", %zu with a text but no mark (not recorded)", x->unmarked);
		if (x->fadded)
			co_strbuf_put(&out, ", %zu feedback text%s to suppliers recorded", x->fadded - x->fsame - x->freplaced,
			              x->fadded - x->fsame - x->freplaced == 1 ? "" : "s");
		if (x->fsame)
			co_strbuf_put(&out, " (%zu already recorded)", x->fsame);
		if (x->freplaced)
			co_strbuf_put(&out, " (%zu replaced)", x->freplaced);
		co_strbuf_put(&out, "\n");
	}
	if (withdrawn)
		co_strbuf_put(&out, "%zu consensus mark%s withdrawn: given on marks that have now changed, to be moderated "
		                    "again (panel moderation)\n",
		              withdrawn, withdrawn == 1 ? "" : "s");
	if (fwithdrawn)
		co_strbuf_put(&out, "%zu feedback text%s withdrawn: given on marks that have now changed, to be written again "
		                    "(panel moderation)\n",
		              fwithdrawn, fwithdrawn == 1 ? "" : "s");
	size_t nfeedback = 0;
	for (size_t i = 0; i < s.n; i++)
		nfeedback += s.recs[i].ev == CO_FEEDBACK;
	co_strbuf_put(&out, "%s: %zu marks in all%s", marks, s.n - nfeedback, fresh ? " (a new marks file)" : "");
	if (nfeedback)
		co_strbuf_put(&out, ", %zu feedback text%s", nfeedback, nfeedback == 1 ? "" : "s");
	co_strbuf_put(&out, "\n");
	char *text = co_strbuf_take(&out);
	rc = CO_ERROR;
	if (!text)
		goto out;
	if ((rc = write_marks(&s, marks, diags))) {
		free(text);
		goto out;
	}
	*summary = text;
out:
	co_strbuf_end(&out);
	co_rfiles_free(g, n);
	free(t);
	co_markstore_free(&s);
	return rc;
}
