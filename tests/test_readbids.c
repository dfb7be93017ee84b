/* Stage 0, reading the bid files: the same entries on any number of threads, bad files as located invalid bids. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "evaluating/readbids.h"
#include "helpers.h"

#define L7_RULES TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml"

static co_rules *load_rules(const char *path)
{
	co_rules *r = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_rules_load(&r, path, d), 0, "%s", t_diags_text(d));
	co_diags_free(d);
	return r;
}

static co_paths *expand(const char *dir)
{
	co_paths *p = NULL;
	const char *args[] = {dir};
	cr_assert_eq(co_paths_expand(&p, args, 1, NULL), 0);
	return p;
}

static co_result *read_bids(const co_rules *r, const co_paths *p, int threads, int keep_text)
{
	co_result *res = co_result_alloc(r);
	cr_assert_not_null(res);
	cr_assert_eq(co_result_read_bids(res, p, threads, NULL, keep_text), 0);
	cr_assert_eq(res->n, co_paths_count(p), "one entry per file");
	return res;
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Lot 7's bids and 60 more (every fifth malformed, every seventh schema-invalid), in one folder. */
static const char *many_bids(void)
{
	const char *d = t_dir();
	char cmd[1200];
	snprintf(cmd, sizeof(cmd), "cp %s/bids/lot7/*.xml '%s'/", TOP_SRCDIR, d);
	cr_assert_eq(system(cmd), 0);
	for (int i = 0; i < 60; i++) {
		char id[16], sup[24], file[24], prices[128];
		snprintf(id, sizeof(id), "G-%02d", i);
		snprintf(sup, sizeof(sup), "GB-COH-%05d", 100 + i);
		snprintf(file, sizeof(file), "gen-%02d.xml", i);
		snprintf(prices, sizeof(prices), "weekly_single=%d.00,weekly_shared=1400,sleeping_night=90,waking_night=160,mileage=0.4",
		         1000 + i);
		if (i % 5 == 0) {
			t_write(d, file, "<?xml version=\"1.0\"?>\n<bid xmlns=\"urn:calloff:bid:1\">\n  <supplier>\n</bid>\n");
			continue;
		}
		char *x = t_bid_for("DCF-L7-2026-01", id, i % 7 == 0 ? "not-an-org-id" : sup, "2026-11-20T09:00:00Z",
		                    "Q1,Q2,Q3,Q4,Q5,Q6,Q7,Q8", prices, NULL, "cqc=true,insurance=1,max_prices=false");
		t_write(d, file, x);
		free(x);
	}
	return d;
}

Test(readbids, one_and_four_threads_read_every_file_into_the_same_entry)
{
	co_global_init(); /* as a program reading on threads does first (libxml2's parser set-up) */
	co_rules *r = load_rules(L7_RULES);
	co_paths *p = expand(many_bids());
	cr_assert_eq(co_paths_count(p), 75, "Lot 7's 15 files and 60 generated");
	co_result *one = read_bids(r, p, 1, 0), *four = read_bids(r, p, 4, 0);
	size_t invalid = 0, answered = 0;
	for (size_t i = 0; i < one->n; i++) {
		const co_entry *a = &one->entries[i], *b = &four->entries[i];
		cr_assert_str_eq(a->bid->file, co_paths_at(p, i), "entry %zu is the %zu-th path", i, i);
		cr_assert_str_eq(b->bid->file, a->bid->file);
		cr_assert_eq(b->bid->invalid, a->bid->invalid, "%s", a->bid->file);
		cr_assert(same_str(a->bid->invalid_detail, b->bid->invalid_detail), "%s", a->bid->file);
		cr_assert(same_str(a->bid->id, b->bid->id), "%s", a->bid->file);
		cr_assert(same_str(a->bid->supplier_id, b->bid->supplier_id), "%s", a->bid->file);
		cr_assert(same_str(a->bid->supplier_name, b->bid->supplier_name), "%s", a->bid->file);
		cr_assert(same_str(a->bid->submitted_text, b->bid->submitted_text), "%s", a->bid->file);
		invalid += a->bid->invalid;
		if (a->bid->invalid)
			continue;
		const co_answer *aa = co_entry_answers(r, a), *ba = co_entry_answers(r, b);
		for (size_t q = 0; q < r->nq; q++) {
			cr_assert_eq(aa[q].line, ba[q].line, "%s Q%zu", a->bid->file, q + 1);
			cr_assert_eq(aa[q].words, ba[q].words, "%s Q%zu", a->bid->file, q + 1);
			answered += aa[q].line > 0;
		}
		const co_gate_decl *ag = co_entry_gates(r, a), *bg = co_entry_gates(r, b);
		for (size_t g = 0; g < r->ngates; g++) {
			cr_assert_eq(ag[g].line, bg[g].line);
			cr_assert_eq(ag[g].value, bg[g].value);
		}
		for (size_t k = 0; k < r->np; k++) {
			cr_assert(same_str(a->ps[k].text, b->ps[k].text), "%s item %zu", a->bid->file, k);
			cr_assert_eq(a->ps[k].line, b->ps[k].line);
		}
	}
	/* The generated files that are malformed or schema-invalid, and Lot 7's malformed upload. */
	size_t expect_invalid = 1;
	for (int i = 0; i < 60; i++)
		expect_invalid += i % 5 == 0 || i % 7 == 0;
	cr_assert_eq(invalid, expect_invalid);
	cr_assert_gt(answered, 400, "the valid bids' answers were compared (%zu)", answered);
	co_result_free(one);
	co_result_free(four);
	co_paths_free(p);
	co_rules_free(r);
}

/* The line and column of a "PATH:LINE:COL: message" detail, checking its shape. */
static void located(const char *detail, const char *path, int *line, int *col)
{
	size_t n = strlen(path);
	cr_assert_not_null(detail);
	cr_assert_eq(strncmp(detail, path, n), 0, "the detail starts with the path: %s", detail);
	char colon;
	cr_assert_eq(sscanf(detail + n, ":%d:%d%c", line, col, &colon), 3, "PATH:LINE:COL: %s", detail);
	cr_assert_eq(colon, ':', "%s", detail);
	cr_assert_geq(*line, 1);
	cr_assert_geq(*col, 1);
}

/* A lot priced only, so that no marks file is needed. */
#define PRICE_ONLY                                                                                                     \
	RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 0, price: 100}\n"                                    \
	           "prices:\n  - {id: p, max: 1000, weight: 100}\n"

Test(readbids, a_bad_file_becomes_an_invalid_bid_located_at_file_line_col)
{
	const char *d = t_dir();
	/* Not well formed: the end tag on line 4 does not match. */
	const char *malformed = t_write(d, "a-malformed.xml",
	                                "<?xml version=\"1.0\"?>\n<bid xmlns=\"urn:calloff:bid:1\" id=\"B-1\" competition=\"T-1\">\n"
	                                "  <supplier id=\"GB-COH-1\"><name>A</name></supplier>\n"
	                                "  <submitted>2026-11-01T12:00:00Z</submited>\n</bid>\n");
	char m_path[600];
	snprintf(m_path, sizeof(m_path), "%s", malformed);
	/* Well formed, not schema-valid: the supplier id on line 3 is not an org-id (nor any id). The bid id is still read. */
	const char *invalid = t_write(d, "b-invalid.xml",
	                              "<?xml version=\"1.0\"?>\n<bid xmlns=\"urn:calloff:bid:1\" id=\"B-2\" competition=\"T-1\">\n"
	                              "  <supplier id=\"acme care\"><name>A</name></supplier>\n"
	                              "  <submitted>2026-11-01T12:00:00Z</submitted>\n</bid>\n");
	char i_path[600];
	snprintf(i_path, sizeof(i_path), "%s", invalid);
	/* Empty, and a folder given as a file: neither can be read as a bid. */
	char e_path[600], dir_path[600];
	snprintf(e_path, sizeof(e_path), "%s", t_write(d, "c-empty.xml", ""));
	snprintf(dir_path, sizeof(dir_path), "%s/d-folder.xml", d);
	cr_assert_eq(mkdir(dir_path, 0777), 0);

	co_rules *r = load_rules(t_write(t_dir(), "r.yaml", PRICE_ONLY));
	co_paths *p = NULL;
	cr_assert_eq(co_paths_new(&p), 0);
	const char *paths[] = {m_path, i_path, e_path, dir_path};
	for (size_t i = 0; i < 4; i++)
		cr_assert_eq(co_paths_add(p, paths[i], NULL), 0);
	co_result *res = read_bids(r, p, 2, 0);
	int line, col;
	const co_bid *b = res->entries[0].bid;
	cr_assert_eq(b->invalid, 1);
	located(b->invalid_detail, m_path, &line, &col);
	cr_assert_eq(line, 4, "the mismatched end tag's line: %s", b->invalid_detail);
	cr_assert_eq(b->invalid_line, 4);
	cr_assert_null(b->id, "no id is read from a file that is not well formed");

	b = res->entries[1].bid;
	cr_assert_eq(b->invalid, 1);
	located(b->invalid_detail, i_path, &line, &col);
	cr_assert_eq(line, 3, "the supplier's line: %s", b->invalid_detail);
	cr_assert_str_eq(b->id, "B-2", "a schema-invalid bid still shows its id");
	cr_assert_null(b->supplier_id, "a supplier id that does not look like an id is not shown");

	b = res->entries[2].bid;
	cr_assert_eq(b->invalid, 1);
	located(b->invalid_detail, e_path, &line, &col);
	cr_assert(strstr(b->invalid_detail, ":1:1: empty file"), "%s", b->invalid_detail);

	b = res->entries[3].bid;
	cr_assert_eq(b->invalid, 1);
	located(b->invalid_detail, dir_path, &line, &col);
	cr_assert(strstr(b->invalid_detail, ":1:1: not a regular file"), "%s", b->invalid_detail);
	co_result_free(res);

	/* Evaluated, each file is a rejected bid whose one reason is invalid_bid with that detail (a folder given
	 * to an evaluation is a folder of bids, so the fourth is left out here). */
	t_run run = t_eval_paths(t_write(t_dir(), "r.yaml", PRICE_ONLY),
	                         paths, 3, NULL);
	cr_assert_eq(run.rc, 0, "%s", t_diags_text(run.diags));
	json_t *bids = json_object_get(run.doc, "bids");
	cr_assert_eq(json_array_size(bids), 3, "every file given appears");
	for (size_t i = 0; i < 3; i++) {
		json_t *bid = json_array_get(bids, i);
		cr_assert_str_eq(t_str(bid, "status"), "rejected");
		cr_assert_eq(json_array_size(json_object_get(bid, "reasons")), 1);
		cr_assert_str_eq(t_reason(bid, 0), "invalid_bid");
		const char *detail = t_str(json_array_get(json_object_get(bid, "reasons"), 0), "detail");
		const char *file = t_str(bid, "file");
		cr_assert_eq(strncmp(detail, file, strlen(file)), 0, "%s: %s", file, detail);
	}
	t_run_free(&run);
	co_paths_free(p);
	co_rules_free(r);
}

/* A bid whose lines are known: what stage 0 keeps of it, item by item of the rules. */
static const char *known_bid =
	"<?xml version=\"1.0\"?>\n"                                                    /* 1 */
	"<bid xmlns=\"urn:calloff:bid:1\" id=\"B-1\" competition=\"T-1\">\n"           /* 2 */
	"  <supplier id=\"GB-COH-1\"><name>Acme</name></supplier>\n"                  /* 3 */
	"  <submitted>2026-11-01T12:00:00Z</submitted>\n"                             /* 4 */
	"  <schemes><scheme ref=\"S2\"/><scheme ref=\"S-UNKNOWN\"/></schemes>\n"      /* 5 */
	"  <declarations>\n"                                                          /* 6 */
	"    <declaration gate=\"g1\">1</declaration>\n"                              /* 7 */
	"    <declaration gate=\"g2\"> false </declaration>\n"                        /* 8 */
	"    <declaration gate=\"g3\">true</declaration>\n"                           /* 9 */
	"    <declaration gate=\"g5\">0</declaration>\n"                              /* 10 */
	"  </declarations>\n"                                                         /* 11 */
	"  <responses>\n"                                                             /* 12 */
	"    <response question=\"Q2\">two words</response>\n"                        /* 13 */
	"    <response question=\"Q1\">one\n"                                         /* 14 */
	"two\xC2\xA0three</response>\n"                                               /* 15 */
	"    <response question=\"QX\">not a question of the rules</response>\n"      /* 16 */
	"  </responses>\n"                                                            /* 17 */
	"  <prices>\n"                                                                /* 18 */
	"    <price item=\"p2\">\xC2\xA3" "1,080</price>\n"                           /* 19 */
	"    <price item=\"p1\"> 950.5 </price>\n"                                    /* 20 */
	"    <price item=\"zz\">1</price>\n"                                          /* 21 */
	"  </prices>\n"                                                               /* 22 */
	"</bid>\n";

#define KNOWN_RULES                                                                                                    \
	RULES_HEAD "award: {mode: per_scheme}\nweights: {quality: 100, price: 0}\n"                                      \
	           "gates:\n  - {id: g1}\n  - {id: g2}\n  - {id: g3}\n  - {id: g4}\n  - {id: g5}\n"                      \
	           "questions:\n  - {id: Q1, weight: 50}\n  - {id: Q2, weight: 25}\n  - {id: Q3, weight: 25}\n"          \
	           "prices:\n  - {id: p1, max: 1000}\n  - {id: p2, max: 1000}\n  - {id: p3, max: 1000}\n"                \
	           "schemes:\n  - {id: S1}\n  - {id: S2}\n  - {id: S3}\n"

Test(readbids, each_rules_question_gate_and_item_takes_the_bids_answer_declaration_and_price)
{
	co_rules *r = load_rules(t_write(t_dir(), "r.yaml", KNOWN_RULES));
	co_paths *p = expand(t_write(t_dir(), "b.xml", known_bid));
	co_result *res = read_bids(r, p, 1, 0);
	const co_entry *e = &res->entries[0];
	cr_assert_eq(e->bid->invalid, 0, "%s", e->bid->invalid_detail ? e->bid->invalid_detail : "");
	const co_answer *a = co_entry_answers(r, e);
	cr_assert_eq(a[0].line, 14, "Q1's <response> starts on line 14");
	cr_assert_eq(a[0].words, 3, "a line break and U+00A0 separate words");
	cr_assert_eq(a[1].line, 13);
	cr_assert_eq(a[1].words, 2);
	cr_assert_eq(a[2].line, 0, "Q3 is not answered");
	cr_assert_eq(a[2].words, 0);
	const co_gate_decl *g = co_entry_gates(r, e);
	static const struct {
		int line;
		const char *word;
	} gates[] = {{7, "1"}, {8, "false"}, {9, "true"}, {0, ""}, {10, "0"}};
	for (size_t k = 0; k < 5; k++) {
		cr_assert_eq(g[k].line, gates[k].line, "g%zu", k + 1);
		cr_assert_str_eq(co_decl_word(&g[k]), gates[k].word, "g%zu's word as the bid wrote it", k + 1);
	}
	cr_assert_eq(g[3].value, CO_DECL_NONE);
	cr_assert_str_eq(e->ps[0].text, "950.5", "p1 trimmed");
	cr_assert_eq(e->ps[0].line, 20);
	cr_assert_str_eq(e->ps[1].text, "\xC2\xA3" "1,080", "p2 as written, judged later");
	cr_assert_eq(e->ps[1].line, 19);
	cr_assert_null(e->ps[2].text, "p3 is not priced");
	cr_assert_eq(e->ps[2].line, 0);
	const unsigned char *named = co_entry_named(r, e);
	cr_assert_eq(named[0], 0);
	cr_assert_eq(named[1], 1, "S2 is named");
	cr_assert_eq(named[2], 0);
	cr_assert_eq(e->names_schemes, 1, "it names schemes (one unknown to the rules)");
	co_result_free(res);
	co_paths_free(p);
	co_rules_free(r);
}

Test(readbids, the_packed_bid_keeps_its_body_only_when_asked)
{
	co_rules *r = load_rules(t_write(t_dir(), "r.yaml", KNOWN_RULES));
	co_paths *p = expand(t_write(t_dir(), "b.xml", known_bid));
	co_result *bare = read_bids(r, p, 1, 0), *kept = read_bids(r, p, 1, 1);
	const co_bid *b = bare->entries[0].bid;
	cr_assert_eq(b->packed, 1);
	cr_assert_eq(b->body->nresponses + b->body->nprices + b->body->ndecls + b->body->nschemes, 0,
	             "an evaluation of many bids holds no body");
	cr_assert_str_eq(b->id, "B-1", "the identity stays");
	cr_assert_str_eq(b->supplier_name, "Acme");
	cr_assert_str_eq(b->submitted_text, "2026-11-01T12:00:00Z");
	cr_assert_eq(b->responses_line, 12, "the containers' lines stay");
	cr_assert_eq(b->prices_line, 18);
	b = kept->entries[0].bid;
	cr_assert_eq(b->body->nresponses, 3);
	cr_assert_eq(b->body->nprices, 3);
	cr_assert_eq(b->body->ndecls, 4);
	cr_assert_eq(b->body->nschemes, 2);
	const co_bid_field *f = co_bid_field_find(b->body->responses, b->body->nresponses, "Q2");
	cr_assert_not_null(f);
	cr_assert_str_eq(f->text, "two words", "the response's text is kept for packs and self-score");
	co_result_free(bare);
	co_result_free(kept);
	co_paths_free(p);
	co_rules_free(r);
}

Test(readbids, no_files_read_no_bids)
{
	co_rules *r = load_rules(t_write(t_dir(), "r.yaml", KNOWN_RULES));
	co_paths *p = NULL;
	cr_assert_eq(co_paths_new(&p), 0);
	co_result *res = co_result_alloc(r);
	cr_assert_eq(co_result_read_bids(res, p, 4, NULL, 0), 0);
	cr_assert_eq(res->n, 0);
	co_result_free(res);
	co_paths_free(p);
	co_rules_free(r);
}
