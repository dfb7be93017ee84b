/* A file that came back from the panel: told apart by its content, read by its own reader, its problems located. */
#include "panels/returned.h"
#include "base/diag.h"
#include "base/readfile.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Largest returned file read: a workbook of a large panel, or an evaluator's marks with long rationales. */
#define CO_RETURNED_MAX_BYTES (64L * 1024 * 1024)

co_rentry *co_returned_add(co_returned *r)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		co_rentry *e = realloc(r->e, cap * sizeof(*e));
		if (!e)
			return NULL;
		r->e = e;
		r->cap = cap;
	}
	co_rentry *en = &r->e[r->n++];
	memset(en, 0, sizeof(*en));
	return en;
}

int co_returned_diag(co_diags *diags, const co_returned *r, const co_rentry *en, int f, const char *fmt, ...)
{
	const co_rplace *at = en ? &en->at[f] : &r->head_at[f];
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *text = len < 0 ? NULL : malloc((size_t)len + 1);
	if (!text)
		return CO_ERROR;
	va_start(ap, fmt);
	vsnprintf(text, (size_t)len + 1, fmt, ap);
	va_end(ap);
	int rc = r->sheet ? co_diag_cell(diags, r->path, r->sheet, at->line, at->col, "%s", text)
	                  : co_diag_add(diags, r->path, at->line, at->col, "%s", text);
	free(text);
	return rc;
}

void co_returned_free(co_returned *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		for (int f = 0; f < CO_RF_N; f++)
			free(r->e[i].field[f]);
	for (int h = 0; h < CO_RH_N; h++)
		free(r->head[h]);
	free(r->e);
	free(r->path);
	free(r);
}

/* 1 when the bytes, after an optional UTF-8 byte-order mark and white space, start an XML document. */
static int looks_xml(const char *b, size_t len)
{
	size_t i = len >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (i < len && strchr(" \t\r\n", b[i]) && b[i])
		i++;
	return i < len && b[i] == '<';
}

int co_returned_read(co_returned **out, const char *path, const co_plan *p, co_diags *diags)
{
	char *bytes = NULL;
	size_t len = 0;
	*out = NULL;
	int rc = co_read_file(path, NULL, CO_RETURNED_MAX_BYTES, &bytes, &len, diags);
	if (rc)
		return rc;
	if (len >= 4 && !memcmp(bytes, "PK\x03\x04", 4))
		rc = co_workbook_read(out, path, p, diags);
	else if (looks_xml(bytes, len))
		rc = co_returned_read_xml(out, path, diags);
	else
		rc = co_returned_read_csv(out, path, bytes, len, diags);
	free(bytes);
	return rc;
}

/* A mark as written ("4", or "4.0" as a spreadsheet may store it) as an integer; 0, or -1 when it is not one. */
static int mark_value(const char *s, long *v)
{
	char *end;
	errno = 0;
	long x = strtol(s, &end, 10);
	if (end == s || errno || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	if (*end == '.') {
		end++;
		while (*end == '0')
			end++;
	}
	if (*end)
		return -1;
	*v = x;
	return 0;
}

/*
 * The first character of s (UTF-8) that a marks file cannot carry, or NULL: XML 1.0's Char
 * excludes the control characters but tab, line feed and carriage return, and U+FFFE and
 * U+FFFF (the surrogates are not UTF-8 at all). *chars receives the number of characters.
 */
static const char *bad_char(const char *s, size_t *chars)
{
	const unsigned char *p = (const unsigned char *)s;
	*chars = 0;
	for (; *p; p++) {
		if ((*p & 0xC0) != 0x80)
			++*chars;
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			return (const char *)p;
		if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
			return (const char *)p;
	}
	return NULL;
}

/* The scale's marks, "0, 1, 2, 3, 4, 5" (at most the first 32), in a buffer that lives until the next call. */
static const char *scale_text(const co_plan *p)
{
	static _Thread_local char buf[400];
	size_t len = 0;
	buf[0] = '\0';
	for (size_t m = 0; m < p->rules->nmarks && m < 32 && len < sizeof(buf); m++) {
		int w = snprintf(buf + len, sizeof(buf) - len, "%s%ld", m ? ", " : "", p->rules->marks[m]);
		len += w > 0 ? (size_t)w : 0;
	}
	return buf;
}

static int cmp_km(const void *a, const void *b)
{
	const co_rmark *x = a, *y = b;
	if (x->k != y->k)
		return x->k < y->k ? -1 : 1;
	if (x->q != y->q)
		return x->q < y->q ? -1 : 1;
	return x->en < y->en ? -1 : x->en > y->en;
}

int co_returned_check(co_rmark **out, size_t *n, long *ev, const co_returned *r, const co_plan *p, co_diags *diags)
{
	int bad = 0, moderation = r->kind == CO_RETURNED_MODERATION;
	long e = -1;
	*out = NULL;
	*n = 0;
	*ev = -1;
#define REFUSE(en, f, ...)                                                                                             \
	do {                                                                                                           \
		if (co_returned_diag(diags, r, en, f, __VA_ARGS__))                                                    \
			return CO_ERROR;                                                                               \
		bad = 1;                                                                                               \
	} while (0)
	const char *comp = r->head[CO_RH_COMPETITION], *pack = r->head[CO_RH_PACK];
	if (!comp || strcmp(comp, p->competition))
		REFUSE(NULL, CO_RH_COMPETITION, "these marks are for competition '%s', but the panel is for '%s'",
		       comp ? comp : "", p->competition);
	if (!moderation) {
		const char *who = r->head[CO_RH_EVALUATOR];
		e = co_plan_evaluator_at(p, who);
		if (e < 0)
			REFUSE(NULL, CO_RH_EVALUATOR, "evaluator '%s' is not on the panel", who ? who : "");
		else if (!pack || strcmp(pack, p->evs[e].pack))
			REFUSE(NULL, CO_RH_PACK,
			       "made from another pack than %s's in this panel (%s): the marks were given on other responses "
			       "or another panel's; give %s the form in the panel folder's %s/",
			       p->evs[e].id, p->evs[e].pack, p->evs[e].id, p->evs[e].id);
	} else if (!pack || strcmp(pack, p->digest)) {
		REFUSE(NULL, CO_RH_PACK, "made for another panel than this one (%s): make the moderation form again",
		       p->digest);
	}
	if (bad)
		return CO_EINVALID;
	co_rmark *ms = calloc(r->n ? r->n : 1, sizeof(*ms));
	size_t k = 0;
	if (!ms)
		return CO_ERROR;
	for (size_t i = 0; i < r->n; i++) {
		const co_rentry *en = &r->e[i];
		const char *label = en->field[CO_RF_LABEL], *qid = en->field[CO_RF_QUESTION],
		           *digest = en->field[CO_RF_DIGEST], *value = en->field[CO_RF_VALUE],
		           *text = en->field[CO_RF_RATIONALE], *fb = en->field[CO_RF_FEEDBACK], *c;
		long b = co_plan_label_at(p, label), q = co_plan_question_at(p, qid), v = 0;
		size_t chars = 0;
		int entry_bad = 1;
		if (b < 0)
			REFUSE(en, CO_RF_LABEL, "no response labelled '%s' in this panel", label ? label : "");
		else if (q < 0)
			REFUSE(en, CO_RF_QUESTION, "no question '%s' in the rules", qid ? qid : "");
		else if (!moderation && !p->evs[e].assigned[q])
			REFUSE(en, CO_RF_QUESTION, "question '%s' is not one %s marks", qid, p->evs[e].id);
		else if (!digest || strcmp(digest, p->bids[b].responses[q].digest))
			REFUSE(en, CO_RF_DIGEST,
			       "%s %s: this is not the response the panel has (its digest differs): the mark was given on "
			       "another text",
			       label, qid);
		else if (value && mark_value(value, &v))
			REFUSE(en, CO_RF_VALUE, "mark '%s' for %s %s is not a whole number", value, label, qid);
		else if (value && !co_plan_on_scale(p, v))
			REFUSE(en, CO_RF_VALUE, "mark %ld for %s %s is off the scale (%s)", v, label, qid, scale_text(p));
		else if (text && (c = bad_char(text, &chars)))
			REFUSE(en, CO_RF_RATIONALE, "the text for %s %s holds a character a marks file cannot carry (%s)", label,
			       qid, (unsigned char)*c < 0x20 ? "a control character" : "U+FFFE or U+FFFF");
		else if (text && chars > CO_RATIONALE_MAX_CHARS)
			REFUSE(en, CO_RF_RATIONALE, "the text for %s %s has %zu characters; a marks file holds at most %d", label,
			       qid, chars, CO_RATIONALE_MAX_CHARS);
		else if (fb && (c = bad_char(fb, &chars)))
			REFUSE(en, CO_RF_FEEDBACK, "the feedback for %s %s holds a character a marks file cannot carry (%s)",
			       label, qid, (unsigned char)*c < 0x20 ? "a control character" : "U+FFFE or U+FFFF");
		else if (fb && chars > CO_RATIONALE_MAX_CHARS)
			REFUSE(en, CO_RF_FEEDBACK, "the feedback for %s %s has %zu characters; a marks file holds at most %d",
			       label, qid, chars, CO_RATIONALE_MAX_CHARS);
		else if (moderation && value && !text)
			REFUSE(en, CO_RF_RATIONALE, "the consensus mark for %s %s has no reason: the panel's reason is required",
			       label, qid);
		else if (moderation && !en->field[CO_RF_SEEN])
			REFUSE(en, CO_RF_SEEN, "the moderation entry for %s %s does not say which marks it was made on", label,
			       qid);
		else
			entry_bad = 0;
		if (entry_bad)
			continue;
		ms[k++] = (co_rmark){.k = (size_t)b, .q = (size_t)q, .has_value = value != NULL, .value = v,
		                     .text = text ? text : "", .seen = en->field[CO_RF_SEEN],
		                     .feedback = fb, .en = en};
	}
	if (k > 1)
		qsort(ms, k, sizeof(*ms), cmp_km);
	for (size_t i = 1; i < k; i++)
		if (ms[i].k == ms[i - 1].k && ms[i].q == ms[i - 1].q) {
			const co_rplace *first = &ms[i - 1].en->at[CO_RF_LABEL];
			if (r->sheet) {
				char col[8];
				co_cell_column(col, first->col);
				REFUSE(ms[i].en, CO_RF_LABEL, "a second entry for %s %s (the first is at %s%d)",
				       p->bids[ms[i].k].label, p->rules->questions[ms[i].q].id, col, first->line);
			} else {
				REFUSE(ms[i].en, CO_RF_LABEL, "a second entry for %s %s (the first is at line %d)",
				       p->bids[ms[i].k].label, p->rules->questions[ms[i].q].id, first->line);
			}
		}
#undef REFUSE
	if (bad) {
		free(ms);
		return CO_EINVALID;
	}
	*out = ms;
	*n = k;
	*ev = e;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when name ends with one of the returned files' extensions (not a hidden file, nor the lock file "~$NAME" that Excel leaves beside a workbook it has open). */
static int returned_name(const char *name)
{
	size_t len = strlen(name);
	static const char *const ext[] = {".xml", ".xlsx", ".csv"};
	if (name[0] == '.' || (name[0] == '~' && name[1] == '$'))
		return 0;
	for (size_t i = 0; i < sizeof(ext) / sizeof(*ext); i++)
		if (len > strlen(ext[i]) && !strcmp(name + len - strlen(ext[i]), ext[i]))
			return 1;
	return 0;
}

/* Append a copy of path to the list. 0 or CO_ERROR. */
static int push_path(char ***list, size_t *n, const char *path)
{
	char **l = realloc(*list, (*n + 2) * sizeof(char *));
	if (!l)
		return CO_ERROR;
	*list = l;
	if (!(l[*n] = strdup(path)))
		return CO_ERROR;
	l[++*n] = NULL;
	return 0;
}

int co_returned_files(char ***out, size_t *nout, const char *const *given, size_t n, const char *skip,
                      co_diags *diags)
{
	char **list = NULL;
	size_t k = 0;
	int rc = 0;
	struct stat sk;
	int has_skip = skip && stat(skip, &sk) == 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct stat st;
		if (stat(given[i], &st) || !S_ISDIR(st.st_mode)) {
			rc = push_path(&list, &k, given[i]);
			continue;
		}
		DIR *d = opendir(given[i]);
		if (!d) {
			co_diag_add(diags, given[i], 1, 1, "cannot read the folder: %s", strerror(errno));
			rc = co_errno_status(errno);
			break;
		}
		size_t from = k;
		struct dirent *de;
		while (!rc && (de = readdir(d)))
			if (returned_name(de->d_name)) {
				size_t gl = strlen(given[i]);
				char *path = co_strdupf("%s%s%s", given[i], gl && given[i][gl - 1] == '/' ? "" : "/", de->d_name);
				struct stat f;
				/* The marks file merged into, kept in the same folder, is no returned file. */
				if (path && has_skip && stat(path, &f) == 0 && f.st_dev == sk.st_dev && f.st_ino == sk.st_ino) {
					free(path);
					continue;
				}
				rc = path ? push_path(&list, &k, path) : CO_ERROR;
				free(path);
			}
		closedir(d);
		if (!rc && k - from > 1)
			qsort(list + from, k - from, sizeof(char *), by_name);
	}
	/* The same file given twice (or named and in a folder given) is read once. */
	size_t u = 0;
	for (size_t i = 0; !rc && i < k; i++) {
		struct stat a, b;
		int dup = 0;
		for (size_t j = 0; j < u && !dup; j++)
			dup = stat(list[i], &a) == 0 && stat(list[j], &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
		if (dup)
			free(list[i]);
		else
			list[u++] = list[i];
	}
	if (list)
		list[u] = NULL;
	k = u;
	if (rc) {
		for (size_t i = 0; i < k; i++)
			free(list[i]);
		free(list);
		return rc;
	}
	*out = list;
	*nout = k;
	return 0;
}

void co_rfiles_free(co_rfile *f, size_t n)
{
	for (size_t i = 0; f && i < n; i++) {
		co_returned_free(f[i].r);
		free(f[i].ms);
	}
	free(f);
}

int co_returned_gather(co_rfile **out, size_t *nout, const char *const *paths, size_t npaths, const char *skip,
                       const co_plan *p, co_diags *diags)
{
	char **files = NULL;
	size_t n = 0;
	co_rfile *g = NULL;
	int bad = 0, rc;
	*out = NULL;
	*nout = 0;
	if ((rc = co_returned_files(&files, &n, paths, npaths, skip, diags)))
		return rc;
	rc = CO_ERROR;
	if (!(g = calloc(n ? n : 1, sizeof(*g))))
		goto out;
	for (size_t i = 0; i < n; i++) {
		rc = co_returned_read(&g[i].r, files[i], p, diags);
		if (!rc)
			rc = co_returned_check(&g[i].ms, &g[i].n, &g[i].ev, g[i].r, p, diags);
		if (rc == CO_EINVALID || rc == CO_EIO || rc == CO_ETOOBIG)
			bad = 1;
		else if (rc)
			goto out;
	}
	/* One file per evaluator, and one moderation. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i && g[i].ms; j++) {
			if (!g[j].ms || g[i].r->kind != g[j].r->kind || g[i].ev != g[j].ev)
				continue;
			rc = g[i].ev < 0 ? co_returned_diag(diags, g[i].r, NULL, CO_RH_PACK,
			                                    "a second moderation file (the first is %s): give one at a time",
			                                    g[j].r->path)
			                 : co_returned_diag(diags, g[i].r, NULL, CO_RH_EVALUATOR,
			                                    "a second file from evaluator %s (the first is %s): give the one they "
			                                    "mean",
			                                    p->evs[g[i].ev].id, g[j].r->path);
			if (rc)
				goto out;
			bad = 1;
			break;
		}
	rc = bad ? CO_EINVALID : 0;
out:
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	if (rc) {
		co_rfiles_free(g, n);
		return rc;
	}
	*out = g;
	*nout = n;
	return 0;
}
