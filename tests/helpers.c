/* Test helpers: temporary competitions written to disk, evaluated, and read back as JSON. */
#include "helpers.h"

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Every test binary links this file, so each one, and each process Criterion runs a test in,
 * is set up as the CLI's main() sets itself up: GSL errors come back as statuses.
 */
__attribute__((constructor)) static void t_global_init(void)
{
	co_global_init();
}

__attribute__((destructor)) static void t_global_cleanup(void)
{
	co_global_cleanup();
}

static char dirs[64][200];
static int ndirs;

static void cleanup(void)
{
	for (int i = 0; i < ndirs; i++) {
		char cmd[256];
		snprintf(cmd, sizeof(cmd), "rm -rf '%.200s'", dirs[i]);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dirs[i]);
	}
}

const char *t_dir(void)
{
	if (ndirs == 0)
		atexit(cleanup);
	if (ndirs >= 64)
		abort();
	char *d = dirs[ndirs];
	snprintf(d, 200, "/tmp/calloff-test-XXXXXX");
	if (!mkdtemp(d))
		abort();
	ndirs++;
	return d;
}

const char *t_write(const char *dir, const char *name, const char *content)
{
	static char paths[8][512];
	static int k;
	char *p = paths[k++ % 8];
	snprintf(p, 512, "%s/%s", dir, name);
	for (char *s = p + strlen(dir) + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0777);
			*s = '/';
		}
	FILE *f = fopen(p, "wb");
	if (!f)
		abort();
	fputs(content, f);
	fclose(f);
	return p;
}

static void append(char **buf, size_t *len, const char *s)
{
	size_t n = strlen(s);
	*buf = realloc(*buf, *len + n + 1);
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

/* Calls fn(key, value) for each "key=value" in a comma list (value may be absent). */
static void each_pair(const char *list, void (*fn)(const char *, const char *, void *), void *ctx)
{
	if (!list || !*list)
		return;
	char *copy = strdup(list), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		if (eq)
			*eq++ = '\0';
		fn(tok, eq, ctx);
	}
	free(copy);
}

typedef struct {
	char **buf;
	size_t *len;
	const char *fmt;
} pair_ctx;

static void emit(const char *k, const char *v, void *c)
{
	pair_ctx *p = c;
	char tmp[1024];
	snprintf(tmp, sizeof(tmp), p->fmt, k, v ? v : "");
	append(p->buf, p->len, tmp);
}

char *t_bid_for(const char *comp, const char *id, const char *supplier, const char *submitted,
                const char *questions, const char *prices, const char *schemes, const char *decls)
{
	char *b = NULL, tmp[1024];
	size_t len = 0;
	snprintf(tmp, sizeof(tmp),
	         "<?xml version=\"1.0\"?>\n<bid xmlns=\"urn:calloff:bid:1\" id=\"%s\" competition=\"%s\">\n"
	         "  <supplier id=\"%s\"><name>Supplier %s</name></supplier>\n  <submitted>%s</submitted>\n",
	         id, comp, supplier, supplier, submitted);
	append(&b, &len, tmp);
	if (schemes) {
		append(&b, &len, "  <schemes>");
		pair_ctx c = {&b, &len, "<scheme ref=\"%s\"/>%s"};
		each_pair(schemes, emit, &c);
		append(&b, &len, "</schemes>\n");
	}
	if (decls) {
		append(&b, &len, "  <declarations>");
		pair_ctx c = {&b, &len, "<declaration gate=\"%s\">%s</declaration>"};
		each_pair(decls, emit, &c);
		append(&b, &len, "</declarations>\n");
	}
	append(&b, &len, "  <responses>");
	pair_ctx rc = {&b, &len, "<response question=\"%s\">A clear answer.%s</response>"};
	each_pair(questions, emit, &rc);
	append(&b, &len, "</responses>\n  <prices>");
	pair_ctx pc = {&b, &len, "<price item=\"%s\">%s</price>"};
	each_pair(prices, emit, &pc);
	append(&b, &len, "</prices>\n</bid>\n");
	return b;
}

char *t_bid(const char *id, const char *supplier, const char *submitted, const char *questions,
            const char *prices, const char *schemes, const char *decls)
{
	return t_bid_for("T-1", id, supplier, submitted, questions, prices, schemes, decls);
}

void t_put_bid(const char *dir, const char *file, const char *id, const char *supplier, const char *submitted,
               const char *questions, const char *prices, const char *schemes, const char *decls)
{
	char *x = t_bid(id, supplier, submitted, questions, prices, schemes, decls);
	t_write(dir, file, x);
	free(x);
}

char *t_marks(const char *comp, int nev, const char *spec)
{
	char *b = NULL, tmp[512];
	size_t len = 0;
	snprintf(tmp, sizeof(tmp), "<?xml version=\"1.0\"?>\n<marks xmlns=\"urn:calloff:marks:1\" competition=\"%s\">\n",
	         comp);
	append(&b, &len, tmp);
	for (int e = 1; e <= nev; e++) {
		snprintf(tmp, sizeof(tmp), "  <evaluator id=\"E%d\"/>\n", e);
		append(&b, &len, tmp);
	}
	char *copy = strdup(spec ? spec : ""), *s1 = NULL;
	for (char *bid = strtok_r(copy, "|", &s1); bid; bid = strtok_r(NULL, "|", &s1)) {
		char *colon = strchr(bid, ':');
		*colon = '\0';
		snprintf(tmp, sizeof(tmp), "  <bid ref=\"%s\">\n", bid);
		append(&b, &len, tmp);
		char *s2 = NULL;
		for (char *q = strtok_r(colon + 1, ";", &s2); q; q = strtok_r(NULL, ";", &s2)) {
			char *eq = strchr(q, '=');
			*eq = '\0';
			snprintf(tmp, sizeof(tmp), "    <question ref=\"%s\">", q);
			append(&b, &len, tmp);
			char *mod = strchr(eq + 1, '/');
			if (mod)
				*mod++ = '\0';
			int e = 1;
			char *s3 = NULL;
			for (char *m = strtok_r(eq + 1, ",", &s3); m; m = strtok_r(NULL, ",", &s3), e++) {
				if (!*m || *m == '_')
					continue; /* "_": this evaluator gave no mark */
				snprintf(tmp, sizeof(tmp), "<mark evaluator=\"E%d\" value=\"%s\">note</mark>", e, m);
				append(&b, &len, tmp);
			}
			if (mod) {
				snprintf(tmp, sizeof(tmp), "<moderated value=\"%s\">agreed</moderated>", mod);
				append(&b, &len, tmp);
			}
			append(&b, &len, "</question>\n");
		}
		append(&b, &len, "  </bid>\n");
	}
	free(copy);
	append(&b, &len, "</marks>\n");
	return b;
}

t_run t_eval_paths(const char *rules_path, const char *const *bids, size_t n, const char *marks_path)
{
	t_run r = {0};
	co_rules *rules = NULL;
	co_paths *paths = NULL;
	co_result *res = NULL;
	r.diags = co_diags_new();
	r.rc = co_rules_load(&rules, rules_path, r.diags);
	if (r.rc)
		return r;
	r.rc = co_paths_expand(&paths, bids, n, r.diags);
	if (!r.rc)
		r.rc = co_evaluate(&res, rules, paths, marks_path, r.diags);
	if (!r.rc) {
		r.decide = co_result_needs_decision(res);
		if (co_result_json(&r.text, res) == 0)
			r.doc = json_loads(r.text, 0, NULL);
	}
	co_result_free(res);
	co_paths_free(paths);
	co_rules_free(rules);
	return r;
}

t_run t_eval(const char *rules_yaml, const char *bids_dir, const char *marks_xml)
{
	const char *dir = t_dir();
	char rules[512], marks[512];
	snprintf(rules, sizeof(rules), "%s", t_write(dir, "rules.yaml", rules_yaml));
	if (marks_xml)
		snprintf(marks, sizeof(marks), "%s", t_write(dir, "marks.xml", marks_xml));
	const char *bids[] = {bids_dir};
	return t_eval_paths(rules, bids, 1, marks_xml ? marks : NULL);
}

/* Rules, marks and decisions written to a fresh folder and loaded, then the bids evaluated with them. */
static int eval_dec(co_rules **rules, co_decisions **ds, co_result **res, const char *rules_yaml, const char *dir,
                    const char *marks_xml, const char *decisions_yaml, co_diags *diags)
{
	co_paths *paths = NULL;
	const char *tmp = t_dir();
	char rp[512], mp[512], dp[512];
	int rc;
	snprintf(rp, sizeof(rp), "%s", t_write(tmp, "rules.yaml", rules_yaml));
	snprintf(mp, sizeof(mp), "%s", t_write(tmp, "marks.xml", marks_xml));
	if (decisions_yaml)
		snprintf(dp, sizeof(dp), "%s", t_write(tmp, "decisions.yaml", decisions_yaml));
	const char *bids[] = {dir};
	*rules = NULL;
	*ds = NULL;
	*res = NULL;
	if ((rc = co_rules_load(rules, rp, diags)) ||
	    (decisions_yaml && (rc = co_decisions_load(ds, *rules, dp, NULL, diags))) ||
	    (rc = co_paths_expand(&paths, bids, 1, diags)))
		goto out;
	co_evaluate_options o = {.threads = 1, .keep_rationales = 1, .decisions = *ds};
	rc = co_evaluate_with(res, *rules, paths, mp, NULL, &o, diags);
out:
	co_paths_free(paths);
	return rc;
}

t_run t_eval_dec(const char *rules_yaml, const char *bids_dir, const char *marks_xml, const char *decisions_yaml)
{
	t_run r = {0};
	co_rules *rules;
	co_decisions *ds;
	co_result *res;
	r.diags = co_diags_new();
	r.rc = eval_dec(&rules, &ds, &res, rules_yaml, bids_dir, marks_xml, decisions_yaml, r.diags);
	if (!r.rc) {
		r.decide = co_result_needs_decision(res);
		if (co_result_json(&r.text, res) == 0)
			r.doc = json_loads(r.text, 0, NULL);
	}
	co_result_free(res);
	co_decisions_free(ds);
	co_rules_free(rules);
	return r;
}

t_decided t_render_dec(const char *rules_yaml, const char *bids_dir, const char *marks_xml, const char *decisions_yaml)
{
	t_decided d = {0};
	co_diags *diags = co_diags_new();
	cr_assert_eq(eval_dec(&d.rules, &d.decisions, &d.res, rules_yaml, bids_dir, marks_xml, decisions_yaml, diags), 0,
	             "%s", t_diags_text(diags));
	co_diags_free(diags);
	cr_assert_eq(co_render_outputs(d.res, NULL, &d.o, &d.n), 0);
	return d;
}

void t_decided_free(t_decided *d)
{
	co_outputs_free(d->o, d->n);
	co_result_free(d->res);
	co_decisions_free(d->decisions);
	co_rules_free(d->rules);
	memset(d, 0, sizeof(*d));
}

const char *t_tie_lot(void)
{
	const char *d = t_dir();
	const char *ids[] = {"A", "B", "C", "D"};
	for (int i = 0; i < 4; i++) {
		char sup[32], file[16];
		snprintf(sup, sizeof(sup), "GB-COH-%d", i + 1);
		snprintf(file, sizeof(file), "%c.xml", 'a' + i);
		t_put_bid(d, file, ids[i], sup, "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	}
	return d;
}

const char *t_low_lot(void)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "P1=900.00", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "P1=500.00", NULL, NULL);
	t_put_bid(d, "c.xml", "C", "GB-COH-3", "2026-11-01T12:00:00Z", "Q1", "P1=800.00", NULL, NULL);
	t_put_bid(d, "d.xml", "D", "GB-COH-4", "2026-11-01T12:00:00Z", "Q1", "P1=850.00", NULL, NULL);
	return d;
}

const char *t_reversal_lot(const char *p2a)
{
	const char *dir = t_dir();
	char prices[64];
	snprintf(prices, sizeof(prices), "P1=100.00,P2=%s", p2a);
	t_put_bid(dir, "a.xml", "A", "GB-COH-0000000A", "2026-11-28T10:00:00Z", "Q1", prices, NULL, NULL);
	t_put_bid(dir, "b.xml", "B", "GB-COH-0000000B", "2026-11-28T10:00:00Z", "Q1", "P1=200.00,P2=100.00", NULL, NULL);
	t_put_bid(dir, "c.xml", "C", "GB-COH-0000000C", "2026-11-28T10:00:00Z", "Q1", "P1=50.00,P2=300.00", NULL, NULL);
	return dir;
}

void t_run_free(t_run *r)
{
	json_decref(r->doc);
	free(r->text);
	co_diags_free(r->diags);
	memset(r, 0, sizeof(*r));
}

int t_result(co_rules **rules, co_result **res, const char *rules_path, const char *const *bids, size_t n,
             const char *marks_path, co_diags *diags)
{
	co_paths *paths = NULL;
	*res = NULL;
	int rc = co_rules_load(rules, rules_path, diags);
	if (!rc)
		rc = co_paths_expand(&paths, bids, n, diags);
	if (!rc)
		rc = co_evaluate(res, *rules, paths, marks_path, diags);
	co_paths_free(paths);
	return rc;
}

const char *t_output(const co_output *o, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(o[i].name, name) == 0)
			return o[i].data;
	return NULL;
}

void t_hostile_names(const char **rules, const char **bids, const char **marks)
{
	static char r[512], b[512], m[512];
	const char *d = t_dir();
	const char *bid = "<bid xmlns=\"urn:calloff:bid:1\" id=\"%s\" competition=\"T-1\"><supplier id=\"GB-COH-%d\"><name>%s</name>"
	                  "</supplier><submitted>2026-11-01T12:00:00Z</submitted><responses><response question=\"Q1\">ok</response>"
	                  "</responses></bid>\n";
	const char *names[] = {"Smith, Jones &amp; Co", "The \"Best\" Care", "Line one\nLine two", "=HYPERLINK(\"http://x\")",
	                       "&lt;script&gt;alert(1)&lt;/script&gt;"};
	char spec[512] = "";
	for (int i = 0; i < 5; i++) {
		char text[512], file[16], id[8], one[32];
		snprintf(id, sizeof(id), "H%d", i);
		snprintf(text, sizeof(text), bid, id, i + 1, names[i]);
		snprintf(file, sizeof(file), "h%d.xml", i);
		t_write(d, file, text);
		snprintf(one, sizeof(one), "%sH%d:Q1=%d", i ? "|" : "", i, 1 + i % 5);
		strcat(spec, one);
	}
	char *mx = t_marks("T-1", 1, spec);
	snprintf(m, sizeof(m), "%s", t_write(t_dir(), "m.xml", mx));
	free(mx);
	snprintf(r, sizeof(r), "%s", t_write(t_dir(), "r.yaml", RULES_HEAD "award: {mode: top_n, n: 2}\nweights: {quality: 100, price: 0}\n"
	                                                              "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n"));
	snprintf(b, sizeof(b), "%s", d);
	*rules = r;
	*bids = b;
	*marks = m;
}

json_t *t_bid_of(const t_run *r, const char *id)
{
	size_t i;
	json_t *b;
	if (!r->doc)
		return NULL;
	json_array_foreach(json_object_get(r->doc, "bids"), i, b)
	{
		const char *bid = json_string_value(json_object_get(b, "bid"));
		if (bid && strcmp(bid, id) == 0)
			return b;
	}
	return NULL;
}

const char *t_str(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return "<absent>";
	if (json_is_null(v))
		return "";
	return json_string_value(v) ? json_string_value(v) : "<not a string>";
}

static const char *note(const json_t *bid, const char *key, size_t i)
{
	json_t *a = json_object_get(bid, key);
	json_t *n = json_array_get(a, i);
	return n ? json_string_value(json_object_get(n, "code")) : "";
}

const char *t_reason(const json_t *bid, size_t i)
{
	return note(bid, "reasons", i);
}

const char *t_flag(const json_t *bid, size_t i)
{
	return note(bid, "flags", i);
}

int t_diag_has(const co_diags *d, const char *needle)
{
	for (size_t i = 0; i < co_diags_count(d); i++)
		if (strstr(co_diags_at(d, i), needle))
			return 1;
	return 0;
}

const char *t_diags_text(const co_diags *d)
{
	static char buf[8192];
	size_t len = 0;
	buf[0] = '\0';
	/* Each line and its line break while they fit, the text cut short (never overrun) when they do not. */
	for (size_t i = 0; i < co_diags_count(d) && len + 1 < sizeof(buf); i++) {
		int n = snprintf(buf + len, sizeof(buf) - len, "%s\n", co_diags_at(d, i));
		len = n < 0 ? len : len + (size_t)n < sizeof(buf) ? len + (size_t)n : sizeof(buf) - 1;
	}
	return buf;
}

void t_progress_record(void *ctx, const char *label, unsigned long done, unsigned long total)
{
	t_progress *p = ctx;
	if (atomic_exchange(&p->inside, 1))
		p->overlapped = 1;
	if (p->calls == 0) {
		p->label = label;
		p->total = total;
		p->first = done;
	} else if (strcmp(label, p->label) != 0 || total != p->total) {
		p->changed = 1;
	}
	if (p->calls > 0 && done < p->last)
		p->went_back = 1;
	if (p->ends > 0)
		p->after_end = 1;
	if (done == total)
		p->ends++;
	p->last = done;
	p->calls++;
	atomic_store(&p->inside, 0);
}

const char *t_progress_broken(const t_progress *p, const char *label, unsigned long total)
{
	if (p->calls == 0)
		return "no call";
	if (strcmp(p->label, label) != 0)
		return "another label";
	if (p->total != total)
		return "another total";
	if (p->changed)
		return "the label or the total changed during the step";
	if (p->first != 0)
		return "the first call's done is not 0";
	if (p->last != total)
		return "the last call's done is not the total";
	if (p->ends != 1)
		return "not exactly one call with done == total";
	if (p->after_end)
		return "a call after the one with done == total";
	if (p->went_back)
		return "done went back";
	if (p->overlapped)
		return "two calls at once";
	return NULL;
}

const char *t_output_must(const co_output *o, size_t n, const char *name)
{
	const char *data = t_output(o, n, name);
	cr_assert_not_null(data, "no output %s", name);
	return data;
}

co_output *t_render(const char *rules_path, const char *bids, const char *marks, size_t *n, co_result **res,
                    co_rules **rules)
{
	co_output *o = NULL;
	co_diags *d = co_diags_new();
	const char *args[] = {bids};
	cr_assert_eq(t_result(rules, res, rules_path, args, 1, marks, d), 0, "%s", t_diags_text(d));
	co_diags_free(d);
	cr_assert_eq(co_render_outputs(*res, NULL, &o, n), 0);
	return o;
}

co_output *t_hostile_render(size_t *n, co_result **res, co_rules **rules)
{
	const char *r, *b, *m;
	t_hostile_names(&r, &b, &m);
	return t_render(r, b, m, n, res, rules);
}

char *t_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		abort();
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int c;
	while (m && (c = fgetc(f)) != EOF)
		fputc(c, m);
	fclose(f);
	if (!m || fclose(m) != 0)
		abort();
	return buf;
}

const char *t_hostile_lot7(const char *dir)
{
	static const char *const files[] = {"acme-live-in-care", "blackmore-vale-homecare", "chesil-care-partnership",
	                                    "cranborne-chase-care", "dorchester-care-co", "harbour-home-care",
	                                    "jurassic-coast-carers", "portland-live-in-services", "purbeck-live-in-care-v1",
	                                    "purbeck-live-in-care-v2", "sherborne-live-in-care", "stour-valley-care",
	                                    "wessex-companions", "wimborne-care-at-home"};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[512], name[128];
		snprintf(path, sizeof(path), TOP_SRCDIR "/bids/lot7/%s.xml", files[i]);
		snprintf(name, sizeof(name), "%s.xml", files[i]);
		char *text = t_read(path);
		if (i == 0) { /* Acme's name */
			const char *from = "<name>Acme Live-in Care Ltd</name>";
			char *at = strstr(text, from), *hostile = NULL;
			if (!at || asprintf(&hostile, "%.*s<name>" T_HOSTILE_NAME "</name>%s", (int)(at - text), text,
			                    at + strlen(from)) < 0)
				abort();
			free(text);
			text = hostile;
		}
		t_write(dir, name, text);
		free(text);
	}
	char *broken = t_read(TOP_SRCDIR "/bids/lot7/bridport-live-in-care.xml");
	t_write(dir, T_ESC_FILE, broken);
	free(broken);
	return dir;
}

const char *t_raw_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			return (const char *)p;
		if (*p < 0x80)
			continue;
		size_t n = (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
		for (size_t k = 1; k < n; k++)
			if ((p[k] & 0xC0) != 0x80)
				n = 0;
		if (n == 0 || (p[0] == 0xC2 && p[1] <= 0x9F) || (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
		    (p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))
			return (const char *)p;
		p += n - 1;
	}
	return NULL;
}

int t_record(const co_audit_options *o, co_diags *d, size_t *noutputs)
{
	co_paths *paths = NULL, *read = NULL;
	co_audit *a = NULL;
	co_rules *rules = NULL;
	co_result *res = NULL;
	co_output *outs = NULL;
	size_t n = 0;
	int rc = co_paths_expand(&paths, o->bid_args, o->nbid_args, d);
	if (!rc)
		rc = co_audit_begin(&a, o, paths, d);
	if (!rc)
		rc = co_audit_check_outdir(a, d);
	if (!rc)
		rc = co_audit_snapshot(a, d);
	if (!rc)
		rc = co_audit_bid_paths(a, &read);
	if (!rc)
		rc = co_rules_load_from(&rules, o->rules, co_audit_rules_source(a), d);
	if (!rc)
		rc = co_evaluate_from(&res, rules, read, o->marks, co_audit_marks_source(a), d);
	if (!rc)
		rc = co_render_outputs(res, NULL, &outs, &n);
	if (!rc)
		rc = co_audit_commit(a, outs, n, d);
	if (noutputs)
		*noutputs = n;
	co_outputs_free(outs, n);
	co_result_free(res);
	co_rules_free(rules);
	co_audit_free(a);
	co_paths_free(read);
	co_paths_free(paths);
	return rc;
}
