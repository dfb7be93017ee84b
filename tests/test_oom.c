/*
 * Out of memory, in process: each allocation a call makes is failed in turn (tests/oom/failmalloc.c
 * linked in), and the call must then fail with CO_ERROR or succeed exactly as it does normally.
 * GMP, libxml2 and OpenSSL are given glibc's own allocator here, as the CLI gives them one that
 * exits: these tests are about the engine's handling of the failures it is told of.
 */
#include <criterion/criterion.h>
#include <gmp.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xmlmemory.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "oom/failmalloc.h"
#include "base/diag.h"
#include "rendering/result_json.h"
#include "reading/receipts.h"

extern void *__libc_malloc(size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static void *gmp_alloc(size_t n)
{
	return __libc_malloc(n);
}

static void *gmp_realloc(void *p, size_t old, size_t n)
{
	(void)old;
	return __libc_realloc(p, n);
}

static void gmp_free(void *p, size_t n)
{
	(void)n;
	__libc_free(p);
}

static char *xml_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = __libc_malloc(n);
	return d ? memcpy(d, s, n) : NULL;
}

static void *crypto_alloc(size_t n, const char *f, int l)
{
	(void)f;
	(void)l;
	return __libc_malloc(n);
}

static void *crypto_realloc(void *p, size_t n, const char *f, int l)
{
	(void)f;
	(void)l;
	return __libc_realloc(p, n);
}

static void crypto_free(void *p, const char *f, int l)
{
	(void)f;
	(void)l;
	__libc_free(p);
}

static void setup(void)
{
	mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
	xmlMemSetup(__libc_free, __libc_malloc, __libc_realloc, xml_strdup);
	CRYPTO_set_mem_functions(crypto_alloc, crypto_realloc, crypto_free);
	xmlInitParser();
}

TestSuite(oom, .init = setup);

#define CASE TOP_SRCDIR "/tests/data/oom"

/* The loaded rules as text, to compare a load with the normal one. */
static char *rules_text(const co_rules *r)
{
	char *t = NULL;
	co_template(&t, r);
	return t;
}

Test(oom, rules_load_fails_with_co_error_at_every_allocation)
{
	co_rules *r = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_rules_load(&r, CASE "/rules.yaml", d), 0);
	char *normal = rules_text(r);
	co_rules_free(r);
	failmalloc_start(0);
	cr_assert_eq(co_rules_load(&r, CASE "/rules.yaml", d), 0);
	unsigned long count = failmalloc_stop();
	co_rules_free(r);
	cr_assert_gt(count, 50, "a rule file takes many allocations (%lu)", count);
	for (unsigned long n = 1; n <= count; n++) {
		failmalloc_start(n);
		int rc = co_rules_load(&r, CASE "/rules.yaml", d);
		failmalloc_stop();
		/* Gates, questions, prices, tie-breaks: none may be missing from rules that loaded. */
		if (rc == 0) {
			char *t = rules_text(r);
			cr_assert_str_eq(t, normal, "allocation %lu failed, yet the rules loaded differently", n);
			free(t);
		} else {
			cr_assert_eq(rc, CO_ERROR, "allocation %lu failed: %d, not CO_ERROR", n, rc);
			cr_assert_null(r);
		}
		co_rules_free(r);
		r = NULL;
	}
	free(normal);
	co_diags_free(d);
}

Test(oom, a_rule_file_with_problems_reports_all_of_them_or_fails_with_co_error)
{
	co_rules *r = NULL;
	co_diags *normal = co_diags_new();
	cr_assert_eq(co_rules_load(&r, CASE "/bad-rules.yaml", normal), CO_EINVALID);
	cr_assert_gt(co_diags_count(normal), 10);
	failmalloc_start(0);
	co_diags *d = co_diags_new();
	co_rules_load(&r, CASE "/bad-rules.yaml", d);
	unsigned long count = failmalloc_stop();
	co_diags_free(d);
	for (unsigned long n = 1; n <= count; n++) {
		failmalloc_start(n);
		d = co_diags_new();
		int rc = d ? co_rules_load(&r, CASE "/bad-rules.yaml", d) : CO_ERROR;
		failmalloc_stop();
		cr_assert(rc == CO_ERROR || rc == CO_EINVALID, "allocation %lu: %d", n, rc);
		if (rc == CO_EINVALID) { /* then every problem, word for word */
			cr_assert_eq(co_diags_count(d), co_diags_count(normal), "allocation %lu lost a problem", n);
			for (size_t i = 0; i < co_diags_count(d); i++)
				cr_assert_str_eq(co_diags_at(d, i), co_diags_at(normal, i));
		}
		co_diags_free(d);
	}
	co_diags_free(normal);
}

Test(oom, a_diagnostic_that_cannot_be_kept_marks_the_list_failed)
{
	co_diags *d = co_diags_new();
	cr_assert_not(co_diags_failed(d));
	cr_assert_eq(co_diag_add(d, "f", 1, 2, "kept"), 0);
	failmalloc_start(1);
	int rc = co_diag_add(d, "f", 3, 4, "%s", "lost");
	failmalloc_stop();
	cr_assert_eq(rc, CO_ERROR);
	cr_assert(co_diags_failed(d), "the list says it is incomplete");
	cr_assert_eq(co_diags_count(d), 1);
	cr_assert_str_eq(co_diags_at(d, 0), "f:1:2: kept");
	co_diags_free(d);
}

/* The small case of tests/data/oom, evaluated. */
static co_result *evaluate_case(co_rules **rules)
{
	co_diags *d = co_diags_new();
	co_paths *paths = NULL;
	co_result *res = NULL;
	const char *bids[] = {CASE "/bids"};
	cr_assert_eq(co_rules_load(rules, CASE "/rules.yaml", d), 0);
	cr_assert_eq(co_paths_expand(&paths, bids, 1, d), 0);
	cr_assert_eq(co_evaluate(&res, *rules, paths, CASE "/marks.xml", d), 0, "%s", t_diags_text(d));
	co_paths_free(paths);
	co_diags_free(d);
	return res;
}

/* A receipt log read whole, or CO_ERROR; one with problems reports all of them, or CO_ERROR. */
Test(oom, a_receipt_log_is_read_whole_or_fails_with_co_error_at_every_allocation)
{
	const char *dir = t_dir();
	const char *good = t_write(dir, "good.csv", "\xEF\xBB\xBF" "ref,file,bid,received\r\n1,a.xml,,2026-05-30T10:00:00Z\r\n"
	                                          "2,,B-2,2026-05-31T09:00:00Z\r\n3,c.xml,B-3,\"2026-05-29T16:00:00Z\"\r\n");
	const char *bad = t_write(dir, "bad.csv", "file,bid,received\na.xml,,soon\n,B 2,2026-05-31T09:00:00Z\na.xml,,2026-05-31T09:00:00Z\n"
	                                        "c.xml,B-3,2026-05-29T16:00:00Z\n,B-3,2026-05-29T16:00:00Z\n");
	const char *paths[] = {good, bad};
	for (int k = 0; k < 2; k++) {
		co_receipts *log = NULL;
		co_diags *normal = co_diags_new();
		int want = co_receipts_load(&log, paths[k], NULL, normal);
		cr_assert_eq(want, k ? CO_EINVALID : 0, "%s", t_diags_text(normal));
		size_t rows = log ? log->n : 0;
		co_receipts_free(log);
		failmalloc_start(0);
		co_diags *d = co_diags_new();
		co_receipts_load(&log, paths[k], NULL, d);
		unsigned long count = failmalloc_stop();
		co_receipts_free(log);
		co_diags_free(d);
		cr_assert_gt(count, 5);
		for (unsigned long n = 1; n <= count; n++) {
			failmalloc_start(n);
			d = co_diags_new();
			log = NULL;
			int rc = d ? co_receipts_load(&log, paths[k], NULL, d) : CO_ERROR;
			failmalloc_stop();
			cr_assert(rc == want || rc == CO_ERROR, "allocation %lu failed: %d", n, rc);
			if (rc == CO_ERROR)
				cr_assert_null(log);
			else if (rc == 0)
				cr_assert_eq(log->n, rows, "allocation %lu failed, yet the log was read with other rows", n);
			else { /* every problem, word for word */
				cr_assert_eq(co_diags_count(d), co_diags_count(normal), "allocation %lu lost a problem", n);
				for (size_t i = 0; i < co_diags_count(d); i++)
					cr_assert_str_eq(co_diags_at(d, i), co_diags_at(normal, i));
			}
			co_receipts_free(log);
			co_diags_free(d);
		}
		co_diags_free(normal);
	}
}

/* Stage 1 with a receipt log (one bid late by it, one missing from a second log): the same result or problems, or CO_ERROR. */
Test(oom, an_evaluation_with_a_receipt_log_is_whole_or_co_error_at_every_allocation)
{
	const char *dir = t_dir();
	const char *logs[] = {t_write(dir, "r1.csv", "file,bid,received\na.xml,,2026-05-30T10:00:00Z\n,B-2,2026-06-30T09:00:00Z\n"
	                                             "c.xml,,2026-05-29T16:00:00Z\n"),
	                      t_write(dir, "r2.csv", "file,received\na.xml,2026-05-30T10:00:00Z\nz.xml,2026-05-30T10:00:00Z\n")};
	co_rules *rules = NULL;
	co_paths *paths = NULL;
	co_diags *d = co_diags_new();
	const char *bids[] = {CASE "/bids"};
	cr_assert_eq(co_rules_load(&rules, CASE "/rules.yaml", d), 0);
	cr_assert_eq(co_paths_expand(&paths, bids, 1, d), 0);
	co_diags_free(d);
	for (int k = 0; k < 2; k++) {
		co_receipts *log = NULL;
		co_result *res = NULL;
		co_diags *normal = co_diags_new();
		cr_assert_eq(co_receipts_load(&log, logs[k], NULL, normal), 0);
		co_evaluate_options o = {.threads = 1, .keep_rationales = 1, .receipts = log};
		int want = co_evaluate_with(&res, rules, paths, CASE "/marks.xml", NULL, &o, normal);
		cr_assert_eq(want, k ? CO_EINVALID : 0, "%s", t_diags_text(normal));
		char *doc = NULL, *text = NULL;
		if (res)
			cr_assert_eq(co_result_json(&doc, res), 0);
		if (!k)
			cr_assert(strstr(doc, "(receipt log), after the deadline"), "B-2 is late by its receipt: %s", doc);
		co_result_free(res);
		failmalloc_start(0);
		d = co_diags_new();
		co_evaluate_with(&res, rules, paths, CASE "/marks.xml", NULL, &o, d);
		unsigned long count = failmalloc_stop();
		co_result_free(res);
		co_diags_free(d);
		for (unsigned long n = 1; n <= count; n++) {
			res = NULL;
			failmalloc_start(n);
			d = co_diags_new();
			int rc = d ? co_evaluate_with(&res, rules, paths, CASE "/marks.xml", NULL, &o, d) : CO_ERROR;
			if (rc == 0 && co_result_json(&text, res) != 0)
				rc = -100; /* the document failed, not the evaluation */
			failmalloc_stop();
			if (rc == -100) {
				co_result_free(res);
				co_diags_free(d);
				continue;
			}
			cr_assert(rc == want || rc == CO_ERROR, "allocation %lu failed: %d\n%s", n, rc, d ? t_diags_text(d) : "");
			if (rc == 0)
				cr_assert_str_eq(text, doc, "allocation %lu failed, yet a different result came back", n);
			else if (rc == CO_EINVALID) { /* every problem, word for word */
				cr_assert_eq(co_diags_count(d), co_diags_count(normal), "allocation %lu lost a problem", n);
				for (size_t i = 0; i < co_diags_count(d); i++)
					cr_assert_str_eq(co_diags_at(d, i), co_diags_at(normal, i));
			}
			free(text);
			text = NULL;
			co_result_free(res);
			co_diags_free(d);
		}
		free(doc);
		co_receipts_free(log);
		co_diags_free(normal);
	}
	co_paths_free(paths);
	co_rules_free(rules);
}

Test(oom, a_result_document_marked_failed_is_never_returned)
{
	co_rules *rules = NULL;
	co_result *res = evaluate_case(&rules);
	json_t *doc = NULL;
	int failed = 0;
	cr_assert_eq(co_result_json_build(&doc, res, &failed), 0);
	cr_assert_not(failed);
	cr_assert(json_is_array(json_object_get(doc, "bids")));
	json_decref(doc);
	doc = NULL;
	failed = 1; /* a part already failed: the whole document is refused */
	cr_assert_eq(co_result_json_build(&doc, res, &failed), CO_ERROR);
	json_decref(doc);
	co_result_free(res);
	co_rules_free(rules);
}

Test(oom, the_result_document_is_whole_or_co_error_at_every_allocation)
{
	co_rules *rules = NULL;
	co_result *res = evaluate_case(&rules);
	char *normal = NULL, *text = NULL;
	cr_assert_eq(co_result_json(&normal, res), 0);
	failmalloc_start(0);
	cr_assert_eq(co_result_json(&text, res), 0);
	unsigned long count = failmalloc_stop();
	free(text);
	cr_assert_gt(count, 100);
	unsigned long failures = 0;
	for (unsigned long n = 1; n <= count; n++) {
		failmalloc_start(n);
		int rc = co_result_json(&text, res);
		failmalloc_stop();
		if (rc == 0)
			cr_assert_str_eq(text, normal, "allocation %lu failed, yet a different document came back", n);
		else
			cr_assert(rc == CO_ERROR && !text, "allocation %lu: %d", n, rc);
		failures += rc != 0;
		free(text);
		text = NULL;
	}
	cr_assert_gt(failures, count / 2, "most allocations are needed: %lu of %lu failed the document", failures, count);
	free(normal);
	co_result_free(res);
	co_rules_free(rules);
}

Test(oom, every_output_file_is_whole_or_co_error_at_every_allocation)
{
	co_rules *rules = NULL;
	co_result *res = evaluate_case(&rules);
	co_output *normal = NULL, *outs = NULL;
	size_t nn = 0, n = 0;
	cr_assert_eq(co_render_outputs(res, NULL, &normal, &nn), 0);
	failmalloc_start(0);
	cr_assert_eq(co_render_outputs(res, NULL, &outs, &n), 0);
	unsigned long count = failmalloc_stop();
	co_outputs_free(outs, n);
	/* Every tenth allocation, and each of the last 300 (the OCDS package and the summaries). */
	for (unsigned long k = 1; k <= count; k += k + 300 < count ? 10 : 1) {
		failmalloc_start(k);
		int rc = co_render_outputs(res, NULL, &outs, &n);
		failmalloc_stop();
		if (rc) {
			cr_assert_eq(rc, CO_ERROR);
			cr_assert(!outs && n == 0);
			continue;
		}
		cr_assert_eq(n, nn);
		for (size_t i = 0; i < n; i++) {
			cr_assert_str_eq(outs[i].name, normal[i].name);
			/* summaries.c is being rewritten to fail closed; its files are left to that work. */
			if (strncmp(outs[i].name, "summaries/", 10) != 0)
				cr_assert_str_eq(outs[i].data, normal[i].data, "allocation %lu changed %s", k, outs[i].name);
		}
		co_outputs_free(outs, n);
	}
	co_outputs_free(normal, nn);
	co_result_free(res);
	co_rules_free(rules);
}

/* An evaluation recorded in a fresh folder, from inside it, as `calloff evaluate -o out` would. */
static const char *record_case(void)
{
	static char dir[512];
	char cmd[1024];
	snprintf(dir, sizeof(dir), "%s", t_dir());
	snprintf(cmd, sizeof(cmd), "cp -r '%s' '%s/case'", CASE, dir);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(chdir(dir), 0);
	const char *bid_args[] = {"case/bids"};
	co_audit_options o = {.rules = "case/rules.yaml", .bid_args = bid_args, .nbid_args = 1,
	                      .marks = "case/marks.xml", .output = "out"};
	co_diags *d = co_diags_new();
	cr_assert_eq(t_record(&o, d, NULL), 0, "%s", t_diags_text(d));
	co_diags_free(d);
	return dir;
}

/*
 * What replay checks, made with one allocation failed: the record read back, the bundle and the
 * originals hashed, the outputs compared. A check that could not be made is CO_ERROR; it never
 * counts as a difference, and it never passes for none.
 */
Test(oom, replay_checks_fail_with_co_error_never_with_a_difference)
{
	record_case();
	co_audit *a = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_audit_load(&a, "out", d), 0);
	co_rules *rules = NULL;
	co_result *res = NULL;
	co_paths *bids = NULL;
	co_output *outs = NULL;
	size_t n = 0;
	cr_assert_eq(co_audit_bid_paths(a, &bids), 0);
	cr_assert_eq(co_rules_load_from(&rules, co_audit_rules_path(a), co_audit_rules_source(a), d), 0);
	cr_assert_eq(co_evaluate_from(&res, rules, bids, co_audit_marks_path(a), co_audit_marks_source(a), d), 0);
	cr_assert_eq(co_render_outputs(res, NULL, &outs, &n), 0);
	co_diags *diff = co_diags_new(), *notes = co_diags_new();
	co_replay_options ro = {.originals = 1};
	co_audit_free(a);
	a = NULL;
	cr_assert_eq(co_audit_load_with(&a, "out", &ro, d), 0);
	cr_assert_eq(co_audit_check_record(a, diff, notes), 0, "%s", t_diags_text(diff));
	cr_assert_eq(co_audit_verify_inputs(a, 1, diff, notes), 0);
	cr_assert_eq(co_audit_check_folder(a, diff), 0, "%s", t_diags_text(diff));
	cr_assert_eq(co_audit_compare_outputs(a, outs, n, diff), 0, "%s", t_diags_text(diff));
	co_audit_free(a);
	a = NULL;
	/* result.json edited, so that the changed fields are named (resultdiff) under every failure too */
	cr_assert_eq(system("sed -i 's/\"total\": \"\\([0-9]\\)/\"total\": \"9\\1/' out/result.json"), 0);
	unsigned long count;
	failmalloc_start(0);
	cr_assert_eq(co_audit_load_with(&a, "out", &ro, d), 0);
	co_audit_check_record(a, diff, notes);
	co_audit_verify_inputs(a, 1, diff, notes);
	co_audit_check_folder(a, diff);
	co_audit_note_unchecked(a, notes);
	int edited = co_audit_compare_outputs(a, outs, n, diff);
	count = failmalloc_stop();
	cr_assert_eq(edited, 1, "the edit is one difference: %s", t_diags_text(diff));
	cr_assert(t_diag_has(diff, "out/result.json:1:1: bid B-1: total 9"), "the bid is named: %s", t_diags_text(diff));
	co_audit_free(a);
	a = NULL;
	for (unsigned long k = 1; k <= count; k++) {
		co_diags *dk = co_diags_new(), *fk = co_diags_new(), *nk = co_diags_new();
		failmalloc_start(k);
		int rc = co_audit_load_with(&a, "out", &ro, dk), r = 0, v = 0, f = 0, u = 0, c = CO_ERROR; /* not made: failed */
		if (!rc)
			r = co_audit_check_record(a, fk, nk);
		if (!rc && r >= 0)
			v = co_audit_verify_inputs(a, 1, fk, nk);
		if (!rc && r >= 0 && v >= 0)
			f = co_audit_check_folder(a, fk);
		if (!rc && r >= 0 && v >= 0 && f >= 0)
			u = co_audit_note_unchecked(a, nk);
		if (!rc && r >= 0 && v >= 0 && f >= 0 && !u)
			c = co_audit_compare_outputs(a, outs, n, fk);
		failmalloc_stop();
		cr_assert(rc == 0 || rc == CO_ERROR, "allocation %lu: loading the record gave %d: %s", k, rc, t_diags_text(dk));
		cr_assert(r == 0 || r == CO_ERROR, "allocation %lu: the record gave %d: %s", k, r, t_diags_text(fk));
		cr_assert(v == 0 || v == CO_ERROR, "allocation %lu: the inputs gave %d: %s", k, v, t_diags_text(fk));
		cr_assert(f == 0 || f == CO_ERROR, "allocation %lu: the folder gave %d: %s", k, f, t_diags_text(fk));
		cr_assert(u == 0 || u == CO_ERROR, "allocation %lu: the note gave %d", k, u);
		cr_assert(c == 1 || c == CO_ERROR, "allocation %lu: the outputs gave %d: %s", k, c, t_diags_text(fk));
		if (c == 1)
			cr_assert(t_diag_has(fk, "bid B-1: total 9"), "allocation %lu: the bid is named: %s", k, t_diags_text(fk));
		co_audit_free(a);
		a = NULL;
		co_diags_free(dk);
		co_diags_free(fk);
		co_diags_free(nk);
	}
	co_outputs_free(outs, n);
	co_result_free(res);
	co_rules_free(rules);
	co_paths_free(bids);
	co_diags_free(d);
	co_diags_free(diff);
	co_diags_free(notes);
}

Test(oom, a_bid_folder_that_cannot_be_listed_is_co_error_never_unreadable)
{
	const char *bids[] = {CASE "/bids"};
	co_paths *p = NULL;
	failmalloc_start(0);
	cr_assert_eq(co_paths_expand(&p, bids, 1, NULL), 0);
	unsigned long count = failmalloc_stop();
	co_paths_free(p);
	for (unsigned long n = 1; n <= count; n++) {
		co_diags *d = co_diags_new();
		failmalloc_start(n);
		int rc = co_paths_expand(&p, bids, 1, d);
		failmalloc_stop();
		if (rc == 0)
			cr_assert_eq(co_paths_count(p), 3);
		else
			cr_assert_eq(rc, CO_ERROR, "allocation %lu: %d: %s", n, rc, t_diags_text(d));
		co_paths_free(p);
		p = NULL;
		co_diags_free(d);
	}
}

/* Every file under out/ with its SHA-256 (audit.json's time aside), and what is beside out/. */
static char *folder_state(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *p = popen("ls -A && find out -type f -print0 | sort -z | xargs -0 sha256sum | "
	                "sed 's|^[0-9a-f]*  out/audit.json$|(timed)  out/audit.json|'",
	                "r"),
	     *m = open_memstream(&buf, &len);
	int c;
	while ((c = getc(p)) != EOF)
		putc(c, m);
	pclose(p);
	fclose(m);
	return buf;
}

/*
 * `evaluate -o out --force` of another set of bids over an evaluation, with allocation k of its
 * writing failed: in phase 1 (co_audit_begin, co_audit_check_outdir, co_audit_snapshot) or in
 * phase 2 (co_audit_commit). *count receives the allocations the phase made.
 */
static int write_case(int phase, unsigned long k, unsigned long *count)
{
	const char *bid_args[] = {"case/bids/a.xml", "case/bids/b.xml"};
	co_audit_options o = {.rules = "case/rules.yaml", .bid_args = bid_args, .nbid_args = 2,
	                      .marks = "case/marks.xml", .output = "out", .force = 1};
	co_diags *d = co_diags_new();
	co_paths *paths = NULL, *read = NULL;
	co_audit *a = NULL;
	co_rules *rules = NULL;
	co_result *res = NULL;
	co_output *outs = NULL;
	size_t n = 0;
	cr_assert_eq(co_paths_expand(&paths, bid_args, 2, d), 0);
	if (phase == 1)
		failmalloc_start(k);
	int rc = co_audit_begin(&a, &o, paths, d);
	if (!rc)
		rc = co_audit_check_outdir(a, d);
	if (!rc)
		rc = co_audit_snapshot(a, d);
	if (phase == 1)
		*count = failmalloc_stop();
	if (!rc) {
		cr_assert_eq(co_audit_bid_paths(a, &read), 0);
		cr_assert_eq(co_rules_load_from(&rules, o.rules, co_audit_rules_source(a), d), 0);
		cr_assert_eq(co_evaluate_from(&res, rules, read, o.marks, co_audit_marks_source(a), d), 0);
		cr_assert_eq(co_render_outputs(res, NULL, &outs, &n), 0);
		if (phase == 2)
			failmalloc_start(k);
		rc = co_audit_commit(a, outs, n, d);
		if (phase == 2)
			*count = failmalloc_stop();
	}
	cr_assert(rc == 0 || rc == CO_ERROR, "phase %d, allocation %lu: %d: %s", phase, k, rc, t_diags_text(d));
	co_outputs_free(outs, n);
	co_result_free(res);
	co_rules_free(rules);
	co_audit_free(a);
	co_paths_free(read);
	co_paths_free(paths);
	co_diags_free(d);
	return rc;
}

/*
 * Writing an evaluation folder is all or nothing at every allocation: a run that fails leaves the
 * folder as it was and nothing beside it (no staging folder, no lock file); one that succeeds
 * leaves the new evaluation, as a run with nothing failed does.
 */
Test(oom, an_evaluation_folder_is_written_whole_or_left_as_it_was_at_every_allocation)
{
	record_case(); /* the working directory is now a fresh folder holding case/ and out/ */
	cr_assert_eq(system("cp -a out out-before"), 0);
	char *before = folder_state(), *normal, *after;
	unsigned long count[3] = {0, 0, 0}, c;
	cr_assert_eq(write_case(1, 0, &count[1]), 0);
	normal = folder_state();
	cr_assert(strcmp(before, normal) != 0, "the new evaluation differs from the one it replaces");
	cr_assert_eq(system("rm -rf out && cp -a out-before out"), 0);
	cr_assert_eq(write_case(2, 0, &count[2]), 0);
	cr_assert_gt(count[1], 10);
	cr_assert_gt(count[2], 10);
	for (int phase = 1; phase <= 2; phase++)
		for (unsigned long k = 1; k <= count[phase]; k++) {
			cr_assert_eq(system("rm -rf out && cp -a out-before out"), 0);
			int rc = write_case(phase, k, &c);
			after = folder_state();
			if (rc == 0)
				cr_assert_str_eq(after, normal, "phase %d, allocation %lu: not the new evaluation", phase, k);
			else
				cr_assert_str_eq(after, before, "phase %d, allocation %lu: the folder changed", phase, k);
			free(after);
		}
	free(before);
	free(normal);
}
