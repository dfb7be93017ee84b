/* End to end on the shipped examples: the full expected award, and order-independent, repeatable output. */
#include <criterion/criterion.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "evaluating/result.h"

#define L7_RULES TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml"
#define L7_BIDS TOP_SRCDIR "/bids/lot7"
#define L7_MARKS TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml"
#define L8_RULES TOP_SRCDIR "/rules/dorset-lot8-extra-care.yaml"
#define L8_BIDS TOP_SRCDIR "/bids/lot8"
#define L8_MARKS TOP_SRCDIR "/bids/marks/dorset-lot8-marks.xml"

static t_run lot(const char *rules, const char *bids, const char *marks)
{
	const char *b[] = {bids};
	t_run r = t_eval_paths(rules, b, 1, marks);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	return r;
}

static void expect(const t_run *r, const char *id, const char *status, const char *quality, const char *code,
                   const char *on)
{
	json_t *b = t_bid_of(r, id);
	cr_assert_not_null(b, "%s is in the result", id);
	cr_assert_str_eq(t_str(b, "status"), status, "status of %s", id);
	cr_assert_str_eq(t_str(b, "quality"), quality, "quality of %s", id);
	cr_assert_str_eq(t_reason(b, 0), code, "reason of %s", id);
	if (on) {
		json_t *r0 = json_array_get(json_object_get(b, "reasons"), 0);
		const char *what = strcmp(t_str(r0, "question"), "<absent>") ? t_str(r0, "question")
		                   : strcmp(t_str(r0, "item"), "<absent>")   ? t_str(r0, "item")
		                                                             : t_str(r0, "gate");
		cr_assert_str_eq(what, on, "what %s's reason is about", id);
	}
}

static size_t xml_files(const char *dir)
{
	size_t n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while ((e = readdir(d)))
		n += strlen(e->d_name) > 4 && strcmp(e->d_name + strlen(e->d_name) - 4, ".xml") == 0;
	closedir(d);
	return n;
}

/*
 * Lot 7 expected by hand from the marks (quality only, Wq 100, M 5, weights
 * 15/15/15/10/10/10/10/15: points = 3c on Q1-3 and Q8, 2c on Q4-7).
 */
Test(evaluate, lot7_full_expected_award)
{
	t_run r = lot(L7_RULES, L7_BIDS, L7_MARKS);
	json_t *aw = json_object_get(r.doc, "awarded");
	const char *want[] = {"B-L7-001", "B-L7-002", "B-L7-014", "B-L7-008", "B-L7-010", "B-L7-011"};
	cr_assert_eq(json_array_size(aw), 6, "top 5 plus the bid tied at 5th (admit_all)");
	for (size_t i = 0; i < 6; i++)
		cr_assert_str_eq(json_string_value(json_array_get(aw, i)), want[i]);
	cr_assert_not(r.decide);
	expect(&r, "B-L7-001", "awarded", "85.00", "", NULL);
	expect(&r, "B-L7-002", "awarded", "81.00", "", NULL);
	expect(&r, "B-L7-014", "awarded", "78.00", "", NULL);
	expect(&r, "B-L7-008", "awarded", "71.00", "", NULL);
	expect(&r, "B-L7-010", "awarded", "67.00", "", NULL);
	expect(&r, "B-L7-011", "awarded", "67.00", "", NULL);
	cr_assert_eq(json_integer_value(json_object_get(t_bid_of(&r, "B-L7-011"), "rank")), 5);
	cr_assert_str_eq(t_flag(t_bid_of(&r, "B-L7-011"), 0), "tie_at_boundary");
	expect(&r, "B-L7-009", "ranked", "62.00", "", NULL);
	cr_assert_eq(json_integer_value(json_object_get(t_bid_of(&r, "B-L7-009"), "rank")), 7);
	cr_assert_str_eq(t_flag(t_bid_of(&r, "B-L7-009"), 0), "needs_moderation");
	cr_assert_str_eq(t_flag(t_bid_of(&r, "B-L7-009"), 1), "abnormally_low");
	expect(&r, "B-L7-003", "rejected", "", "late", NULL);
	expect(&r, "B-L7-004", "rejected", "", "superseded", NULL);
	expect(&r, "B-L7-005", "disqualified", "", "gate_failed", "insurance");
	expect(&r, "B-L7-006", "disqualified", "", "price_above_max", "weekly_single");
	expect(&r, "B-L7-007", "disqualified", "", "over_word_limit", "Q3");
	expect(&r, "B-L7-012", "disqualified", "58.00", "below_min_quality", NULL);
	expect(&r, "B-L7-013", "disqualified", "74.00", "below_min_mark", "Q3");
	json_t *bids = json_object_get(r.doc, "bids");
	cr_assert_eq(json_array_size(bids), xml_files(L7_BIDS), "every bid file appears exactly once");
	json_t *last = json_array_get(bids, json_array_size(bids) - 1);
	cr_assert_str_eq(t_reason(last, 0), "invalid_bid", "the malformed upload comes last (no id)");
	cr_assert(strstr(t_str(last, "file"), "bridport-live-in-care.xml"));
	cr_assert(strstr(json_string_value(json_object_get(json_array_get(json_object_get(last, "reasons"), 0), "detail")),
	                 "bridport-live-in-care.xml:14:"),
	          "the parser's file:line:col is in the detail");
	t_run_free(&r);
}

Test(evaluate, lot8_full_expected_award)
{
	t_run r = lot(L8_RULES, L8_BIDS, L8_MARKS);
	const char *winner[] = {"B-L8-01", "B-L8-01", "B-L8-02", "B-L8-03", ""};
	const char *status[] = {"awarded", "awarded", "awarded", "awarded", "unawarded"};
	json_t *schemes = json_object_get(r.doc, "schemes");
	cr_assert_eq(json_array_size(schemes), 5);
	for (size_t i = 0; i < 5; i++) {
		json_t *s = json_array_get(schemes, i);
		cr_assert_str_eq(t_str(s, "status"), status[i], "scheme %zu", i);
		cr_assert_str_eq(t_str(s, "awarded"), winner[i], "scheme %zu", i);
	}
	/* ECH-01: Acme and Harbour both total 81.00; Acme has 5 on E2 (the first tie-break key), Harbour 4. */
	json_t *rk = json_object_get(json_array_get(schemes, 0), "ranking");
	cr_assert_str_eq(t_str(json_array_get(rk, 1), "bid"), "B-L8-03");
	cr_assert_str_eq(t_str(json_array_get(rk, 1), "total"), "81.00");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(rk, 1), "rank")), 2);
	expect(&r, "B-L8-01", "awarded", "81.00", "", NULL);
	expect(&r, "B-L8-06", "ranked", "77.00", "", NULL);
	expect(&r, "B-L8-05", "ranked", "60.00", "", NULL);
	cr_assert_str_eq(t_flag(t_bid_of(&r, "B-L8-05"), 0), "over_word_limit");
	expect(&r, "B-L8-04", "disqualified", "", "price_not_fixed", "hourly_rate");
	expect(&r, "B-L8-07", "disqualified", "", "no_scheme", NULL);
	cr_assert_eq(json_array_size(json_object_get(r.doc, "bids")), xml_files(L8_BIDS));
	cr_assert_not(r.decide);
	t_run_free(&r);
}

Test(evaluate, output_is_byte_identical_whatever_the_order_of_the_files)
{
	const char *names[] = {"acme-live-in-care.xml", "wessex-companions.xml", "bridport-live-in-care.xml",
	                       "purbeck-live-in-care-v1.xml", "purbeck-live-in-care-v2.xml", "cranborne-chase-care.xml",
	                       "portland-live-in-services.xml", "wimborne-care-at-home.xml", "chesil-care-partnership.xml",
	                       "sherborne-live-in-care.xml", "dorchester-care-co.xml", "harbour-home-care.xml",
	                       "stour-valley-care.xml", "jurassic-coast-carers.xml", "blackmore-vale-homecare.xml"};
	enum { N = sizeof(names) / sizeof(*names) };
	char paths[N][512];
	const char *fwd[N], *rev[N + 1];
	for (size_t i = 0; i < N; i++) {
		snprintf(paths[i], sizeof(paths[i]), "%s/%s", L7_BIDS, names[i]);
		fwd[i] = paths[i];
		rev[N - 1 - i] = paths[i];
	}
	rev[N] = paths[3]; /* the same file given twice is evaluated once */
	t_run a = t_eval_paths(L7_RULES, fwd, N, L7_MARKS);
	t_run b = t_eval_paths(L7_RULES, rev, N + 1, L7_MARKS);
	t_run c = t_eval_paths(L7_RULES, fwd, N, L7_MARKS);
	cr_assert_eq(a.rc, 0, "%s", t_diags_text(a.diags));
	cr_assert_eq(b.rc, 0, "%s", t_diags_text(b.diags));
	cr_assert_str_eq(a.text, b.text, "reversed order gives the same bytes");
	cr_assert_str_eq(a.text, c.text, "a second run gives the same bytes");
	cr_assert_eq(json_array_size(json_object_get(b.doc, "bids")), N);
	t_run_free(&a);
	t_run_free(&b);
	t_run_free(&c);
}

Test(evaluate, result_document_has_every_field_of_formats_section_5)
{
	t_run r = lot(L7_RULES, L7_BIDS, L7_MARKS);
	cr_assert_str_eq(t_str(r.doc, "format"), "calloff-result/1");
	json_t *c = json_object_get(r.doc, "competition");
	cr_assert_str_eq(t_str(c, "id"), "DCF-L7-2026-01");
	cr_assert_str_eq(t_str(c, "lot"), "7");
	cr_assert_str_eq(t_str(c, "mode"), "top_n");
	cr_assert_eq(json_integer_value(json_object_get(c, "n")), 5);
	cr_assert_eq(json_integer_value(json_object_get(r.doc, "decimals")), 2);
	cr_assert_null(json_object_get(r.doc, "schemes"), "top_n has no schemes");
	cr_assert(json_is_array(json_object_get(r.doc, "tie_unresolved")));
	static const char *keys[] = {"bid", "supplier", "supplier_name", "file", "status", "rank", "quality",
	                             "price", "total", "questions", "prices", "reasons", "flags"};
	size_t i;
	json_t *b;
	cr_assert_eq(json_array_size(json_object_get(r.doc, "bids")), 15, "the 15 files of bids/lot7, each checked below");
	json_array_foreach(json_object_get(r.doc, "bids"), i, b)
	{
		for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++)
			cr_assert_not_null(json_object_get(b, keys[k]), "bid %zu has '%s'", i, keys[k]);
	}
	json_t *q = json_array_get(json_object_get(t_bid_of(&r, "B-L7-001"), "questions"), 0);
	cr_assert_str_eq(t_str(q, "id"), "Q1");
	cr_assert_str_eq(t_str(q, "mark"), "5", "the moderated mark");
	cr_assert_str_eq(t_str(q, "points"), "15.00");
	t_run_free(&r);
}

Test(evaluate, a_missing_marks_file_is_an_input_error)
{
	const char *b[] = {L7_BIDS};
	t_run r = t_eval_paths(L7_RULES, b, 1, "/nonexistent/marks.xml");
	cr_assert_eq(r.rc, CO_EIO);
	cr_assert(t_diag_has(r.diags, "/nonexistent/marks.xml:1:1: cannot open"), "%s", t_diags_text(r.diags));
	t_run_free(&r);
}

Test(evaluate, a_missing_bid_path_is_an_input_error)
{
	const char *b[] = {L7_BIDS, "/nonexistent/bids"};
	t_run r = t_eval_paths(L7_RULES, b, 2, L7_MARKS);
	cr_assert_eq(r.rc, CO_EIO);
	cr_assert(t_diag_has(r.diags, "/nonexistent/bids:1:1: cannot read"), "%s", t_diags_text(r.diags));
	t_run_free(&r);
}

/*
 * A directory gives its regular .xml files, in name order, following links: not a sub-directory
 * called x.xml (nor a link to one), not other names. Most types come from the directory listing
 * alone; a link's is looked up. (A link to a file outside the folder: one to a file in it is the
 * same file, given twice, which test_audit's same-file tests pin down.)
 */
Test(evaluate, a_directory_gives_its_xml_files_and_links_to_files)
{
	const char *d = t_dir();
	char sub[600], path[700], target[700];
	snprintf(sub, sizeof(sub), "%s/listing", d);
	cr_assert_eq(mkdir(sub, 0700), 0);
	const char *files[] = {"b.xml", "a.xml", "notes.txt", "c.xml.bak", ".xml"};
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		t_write(sub, files[i], "<x/>");
	snprintf(path, sizeof(path), "%s/dir.xml", sub);
	cr_assert_eq(mkdir(path, 0700), 0);
	t_write(d, "elsewhere.xml", "<y/>");
	snprintf(target, sizeof(target), "%s/elsewhere.xml", d);
	snprintf(path, sizeof(path), "%s/link.xml", sub);
	cr_assert_eq(symlink(target, path), 0);
	snprintf(target, sizeof(target), "%s/dir.xml", sub);
	snprintf(path, sizeof(path), "%s/dirlink.xml", sub);
	cr_assert_eq(symlink(target, path), 0);
	co_paths *paths = NULL;
	const char *args[] = {sub};
	cr_assert_eq(co_paths_expand(&paths, args, 1, NULL), 0);
	const char *want[] = {"a.xml", "b.xml", "link.xml"};
	cr_assert_eq(co_paths_count(paths), 3, "%zu paths", co_paths_count(paths));
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", sub, want[i]);
		cr_assert_str_eq(co_paths_at(paths, i), path);
	}
	co_paths_free(paths);
}

/*
 * The capped Lot 8 variant (cap 1), worked by hand: Acme is the only bidder for
 * ECH-02, so it takes ECH-02 (else only 3 schemes are awarded). Then ECH-01
 * Harbour 81, ECH-03 Wessex 77, ECH-04 Chesil 77 sums to 316, against 299 for
 * ECH-01 Wessex, ECH-03 Stour, ECH-04 Harbour.
 */
Test(evaluate, lot8_capped_variant_expected_award)
{
	t_run r = lot(TOP_SRCDIR "/rules/dorset-lot8-extra-care-capped.yaml", L8_BIDS, L8_MARKS);
	const char *winner[] = {"B-L8-03", "B-L8-01", "B-L8-02", "B-L8-06", ""};
	const int moved[] = {1, 0, 0, 1, 0};
	const long rank[] = {2, 1, 1, 2, 0};
	json_t *schemes = json_object_get(r.doc, "schemes");
	for (size_t i = 0; i < 5; i++) {
		json_t *s = json_array_get(schemes, i);
		cr_assert_str_eq(t_str(s, "awarded"), winner[i], "scheme %zu", i);
		cr_assert_eq(json_is_true(json_object_get(s, "moved_by_cap")), moved[i], "scheme %zu moved", i);
		cr_assert_eq(json_integer_value(json_object_get(s, "awarded_rank")), rank[i], "scheme %zu rank", i);
	}
	cr_assert(strstr(t_str(json_array_get(schemes, 0), "cap_reason"), "rank 1 B-L8-01 (GB-COH-08123456) is awarded ECH-02"),
	          "%s", t_str(json_array_get(schemes, 0), "cap_reason"));
	cr_assert_str_eq(t_str(json_array_get(schemes, 1), "cap_reason"), "");
	cr_assert_not(r.decide);
	t_run_free(&r);
	/* Without the cap there are no cap fields. */
	r = lot(L8_RULES, L8_BIDS, L8_MARKS);
	cr_assert_null(json_object_get(json_array_get(json_object_get(r.doc, "schemes"), 0), "moved_by_cap"));
	t_run_free(&r);
}

/* The result document of one evaluation read on `threads` threads. */
static char *json_on_threads(const char *rules_path, const char *bids, const char *marks, int threads)
{
	co_rules *rules = NULL;
	co_paths *paths = NULL;
	co_result *res = NULL;
	char *text = NULL;
	const char *args[] = {bids};
	/* The rationales never change the result. */
	co_evaluate_options o = {.threads = threads, .progress = NULL, .keep_rationales = threads % 2};
	cr_assert_eq(co_rules_load(&rules, rules_path, NULL), 0);
	cr_assert_eq(co_paths_expand(&paths, args, 1, NULL), 0);
	cr_assert_eq(co_evaluate_with(&res, rules, paths, marks, NULL, &o, NULL), 0);
	cr_assert_eq(co_result_json(&text, res), 0);
	co_result_free(res);
	co_paths_free(paths);
	co_rules_free(rules);
	return text;
}

Test(evaluate, threaded_reading_gives_the_same_bytes_as_one_thread)
{
	static const char *const ex[][3] = {
		{L7_RULES, L7_BIDS, L7_MARKS},
		{L8_RULES, L8_BIDS, L8_MARKS},
		{TOP_SRCDIR "/rules/dorset-lot8-extra-care-capped.yaml", L8_BIDS, L8_MARKS},
	};
	for (size_t k = 0; k < sizeof(ex) / sizeof(ex[0]); k++) {
		t_run simple = lot(ex[k][0], ex[k][1], ex[k][2]);
		for (int threads = 1; threads <= 16; threads *= 2) {
			char *text = json_on_threads(ex[k][0], ex[k][1], ex[k][2], threads);
			cr_assert_str_eq(text, simple.text, "%s on %d threads", ex[k][0], threads);
			free(text);
		}
		cr_assert_gt(json_array_size(json_object_get(simple.doc, "bids")), 5, "the example has bids");
		t_run_free(&simple);
	}
}

/* The result document of lot 7 read on `threads` threads, telling `progress` (which may be NULL). */
static char *l7_with_progress(int threads, const co_progress *progress, size_t *nfiles)
{
	co_rules *rules = NULL;
	co_paths *paths = NULL;
	co_result *res = NULL;
	char *text = NULL;
	const char *args[] = {L7_BIDS};
	co_evaluate_options o = {.threads = threads, .progress = progress, .keep_rationales = 1};
	cr_assert_eq(co_rules_load(&rules, L7_RULES, NULL), 0);
	cr_assert_eq(co_paths_expand(&paths, args, 1, NULL), 0);
	*nfiles = co_paths_count(paths);
	cr_assert_eq(co_evaluate_with(&res, rules, paths, L7_MARKS, NULL, &o, NULL), 0);
	cr_assert_eq(co_result_json(&text, res), 0);
	co_result_free(res);
	co_paths_free(paths);
	co_rules_free(rules);
	return text;
}

Test(evaluate, reading_the_bids_reports_progress_from_0_to_the_file_count)
{
	size_t n = 0;
	char *plain = l7_with_progress(1, NULL, &n);
	cr_assert_gt(n, 10, "lot 7 has its bid files");
	for (int threads = 1; threads <= 8; threads *= 2) {
		t_progress seen = {0};
		co_progress p = {.fn = t_progress_record, .ctx = &seen};
		char *text = l7_with_progress(threads, &p, &n);
		const char *why = t_progress_broken(&seen, "reading bids", n);
		cr_assert(!why, "on %d threads: %s", threads, why);
		cr_assert_str_eq(text, plain, "progress never changes the result");
		free(text);
	}
	free(plain);
}

Test(evaluate, a_progress_without_a_function_reports_nothing_and_changes_nothing)
{
	size_t n = 0;
	char *plain = l7_with_progress(1, NULL, &n);
	co_progress none = {.fn = NULL, .ctx = NULL};
	char *text = l7_with_progress(4, &none, &n);
	cr_assert_str_eq(text, plain);
	free(text);
	free(plain);
}

