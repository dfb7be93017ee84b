/* The panel's plan: labels as packs shuffles them, redacted and cut responses, assignments, digests, and panel.json read back with every change caught. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/sha256.h"
#include "helpers.h"
#include "panels/plan.h"

#define LOT7 TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml"
#define LOT7_BIDS TOP_SRCDIR "/bids/lot7"

static co_rules *rules7;
static co_paths *bids7;

static void setup(void)
{
	const char *args[] = {LOT7_BIDS};
	cr_assert_eq(co_rules_load(&rules7, LOT7, NULL), 0);
	cr_assert_eq(co_paths_expand(&bids7, args, 1, NULL), 0);
}

static void teardown(void)
{
	co_paths_free(bids7);
	co_rules_free(rules7);
}

TestSuite(plan, .init = setup, .fini = teardown);

static co_plan *build(const char *const *evs, size_t nev, const char *const *assign, size_t na, unsigned long seed,
                      co_diags *d)
{
	co_plan *p = NULL;
	co_panel_options o = {.evaluators = evs, .nev = nev, .assign = assign, .nassign = na, .seed = seed};
	int rc = co_plan_build(&p, rules7, bids7, &o, d);
	cr_assert_eq(rc, 0, "%s", t_diags_text(d));
	return p;
}

Test(plan, labels_are_the_packs_shuffle_and_name_only_eligible_bids)
{
	const char *evs[] = {"E1", "E2"};
	co_plan *a = build(evs, 2, NULL, 0, 2027, NULL), *b = build(evs, 2, NULL, 0, 2028, NULL);
	/* Lot 7: 15 files, 9 of them pass admissibility and compliance (README's table). */
	cr_assert_eq(a->nb, 9);
	int moved = 0;
	for (size_t k = 0; k < a->nb; k++) {
		char want[32];
		snprintf(want, sizeof(want), "Response %02zu", k + 1);
		cr_assert_str_eq(a->bids[k].label, want);
		cr_assert_str_neq(a->bids[k].bid, "B-L7-003", "a late bid is never in the plan");
		moved += strcmp(a->bids[k].bid, b->bids[k].bid) != 0;
	}
	cr_assert_gt(moved, 0, "another seed gives other labels");
	co_plan_free(a);
	co_plan_free(b);
}

Test(plan, a_response_is_redacted_cut_at_its_limit_and_hashed_as_shown)
{
	const char *evs[] = {"E1"};
	co_plan *p = build(evs, 1, NULL, 0, 1, NULL);
	int cut = 0;
	for (size_t k = 0; k < p->nb; k++)
		for (size_t q = 0; q < rules7->nq; q++) {
			const co_plan_response *pr = &p->bids[k].responses[q];
			char hex[CO_SHA256_HEX], want[CO_DIGEST_TEXT];
			cr_assert_eq(co_sha256_mem(pr->text, strlen(pr->text), hex), 0);
			snprintf(want, sizeof(want), "sha256:%s", hex);
			cr_assert_str_eq(pr->digest, want);
			cr_assert_null(strstr(pr->text, "Acme Live-in Care Ltd"), "the supplier's name is redacted");
			if (pr->cut_words) {
				cut++;
				cr_assert_eq(pr->words - pr->cut_words, (size_t)rules7->questions[q].max_words);
			}
		}
	co_plan_free(p);
	/* Dorchester's Q3 has 688 words against a limit of 500 (README): it is disqualified, so not here; the
	   shipped eligible bids are within their limits. */
	cr_assert_eq(cut, 0);
}

Test(plan, an_assignment_narrows_one_evaluator_and_changes_only_their_pack)
{
	const char *evs[] = {"E1", "E2"}, *assign[] = {"E2=Q1,Q3"};
	co_plan *all = build(evs, 2, NULL, 0, 9, NULL), *some = build(evs, 2, assign, 1, 9, NULL);
	cr_assert_eq(co_plan_items(some, 0), 9 * rules7->nq);
	cr_assert_eq(co_plan_items(some, 1), 9 * 2);
	cr_assert(some->evs[1].assigned[0] && !some->evs[1].assigned[1] && some->evs[1].assigned[2]);
	cr_assert_str_eq(all->evs[0].pack, some->evs[0].pack);
	cr_assert_str_neq(all->evs[1].pack, some->evs[1].pack);
	cr_assert_str_neq(all->digest, some->digest);
	cr_assert_str_neq(all->evs[0].pack, all->evs[1].pack, "a pack names its evaluator");
	co_plan_free(all);
	co_plan_free(some);
}

Test(plan, bad_evaluators_and_assignments_are_refused)
{
	struct {
		const char *evs[3];
		size_t nev;
		const char *assign;
		const char *want;
	} cases[] = {
	    {{"E1", "E1"}, 2, NULL, "evaluator 'E1' is named twice"},
	    {{"E 1"}, 1, NULL, "'E 1' is not an evaluator id"},
	    {{"E1", "E2"}, 2, "E3=Q1", "no evaluator 'E3'"},
	    {{"E1", "E2"}, 2, "E2=Q1,Q1", "question 'Q1' is named twice"},
	    {{"E1", "E2"}, 2, "E2", "is not EVALUATOR=QUESTION"},
	    {{"E1"}, 1, "E1=Q1", "no evaluator marks question 'Q2'"},
	    {{0}, 0, NULL, "at least one evaluator"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		co_diags *d = co_diags_new();
		co_plan *p = NULL;
		const char *assign[] = {cases[i].assign};
		co_panel_options o = {.evaluators = cases[i].evs, .nev = cases[i].nev, .assign = assign,
		                      .nassign = cases[i].assign != NULL};
		cr_assert_eq(co_plan_build(&p, rules7, bids7, &o, d), CO_EINVALID, "case %zu", i);
		cr_assert_null(p);
		cr_assert(t_diag_has(d, cases[i].want), "case %zu: %s", i, t_diags_text(d));
		co_diags_free(d);
	}
}

Test(plan, panel_json_reads_back_to_the_same_plan)
{
	const char *evs[] = {"E1", "E2", "E3"}, *assign[] = {"E3=Q2"};
	co_plan *p = build(evs, 3, assign, 1, 77, NULL), *back = NULL;
	co_diags *d = co_diags_new();
	const char *dir = t_dir();
	char *json = co_plan_json(p);
	const char *path = t_write(dir, "panel.json", json);
	free(json);
	cr_assert_eq(co_plan_read(&back, path, rules7, d), 0, "%s", t_diags_text(d));
	cr_assert_str_eq(back->digest, p->digest);
	cr_assert_eq(back->nb, p->nb);
	cr_assert_eq(back->seed, 77);
	for (size_t k = 0; k < p->nb; k++) {
		cr_assert_str_eq(back->bids[k].bid, p->bids[k].bid);
		for (size_t q = 0; q < rules7->nq; q++)
			cr_assert_str_eq(back->bids[k].responses[q].text, p->bids[k].responses[q].text);
	}
	for (size_t e = 0; e < 3; e++)
		cr_assert_str_eq(back->evs[e].pack, p->evs[e].pack);
	/* The folder holding it names it too. */
	co_plan_free(back);
	cr_assert_eq(co_plan_read(&back, dir, rules7, d), 0, "%s", t_diags_text(d));
	co_plan_free(back);
	co_plan_free(p);
	co_diags_free(d);
}

/* panel.json with one string replaced (the first occurrence); the diagnostics of reading it. */
static co_diags *read_changed(const co_plan *p, const char *from, const char *to, int want_rc)
{
	char *json = co_plan_json(p);
	char *at = strstr(json, from);
	cr_assert_not_null(at, "%s", from);
	size_t len = strlen(json) - strlen(from) + strlen(to);
	char *changed = malloc(len + 1);
	snprintf(changed, len + 1, "%.*s%s%s", (int)(at - json), json, to, at + strlen(from));
	co_diags *d = co_diags_new();
	co_plan *back = NULL;
	cr_assert_eq(co_plan_read(&back, t_write(t_dir(), "changed.json", changed), rules7, d), want_rc, "%s -> %s", from,
	             to);
	cr_assert_null(back);
	free(changed);
	free(json);
	return d;
}

Test(plan, every_change_to_panel_json_is_caught)
{
	const char *evs[] = {"E1", "E2"};
	co_plan *p = build(evs, 2, NULL, 0, 3, NULL);
	char from[128];
	/* A response's text, one letter changed. */
	snprintf(from, sizeof(from), "\"text\": \"%.12s", p->bids[0].responses[0].text);
	char to[128];
	snprintf(to, sizeof(to), "\"text\": \"X%.11s", p->bids[0].responses[0].text + 1);
	co_diags *d = read_changed(p, from, to, CO_EINVALID);
	cr_assert(t_diag_has(d, "Response 01's answer to Q1 has been changed"), "%s", t_diags_text(d));
	co_diags_free(d);
	/* Labels out of order, or another bid behind a label. */
	d = read_changed(p, "\"label\": \"Response 02\"", "\"label\": \"Response 03\"", CO_EINVALID);
	co_diags_free(d);
	char bid[64];
	snprintf(from, sizeof(from), "\"bid\": \"%s\"", p->bids[0].bid);
	snprintf(bid, sizeof(bid), "\"bid\": \"%s\"", p->bids[1].bid);
	d = read_changed(p, from, bid, CO_EINVALID);
	cr_assert(t_diag_has(d, "its digest does not match"), "%s", t_diags_text(d));
	co_diags_free(d);
	/* An evaluator's questions narrowed: their pack no longer matches. */
	d = read_changed(p, "\"Q8\"\n      ],\n      \"pack\"", "\"Q7\"\n      ],\n      \"pack\"", CO_EINVALID);
	co_diags_free(d);
	d = read_changed(p, "\"competition\": \"DCF-L7-2026-01\"", "\"competition\": \"DCF-L8-2026-03\"", CO_EINVALID);
	cr_assert(t_diag_has(d, "the panel is for competition 'DCF-L8-2026-03'"), "%s", t_diags_text(d));
	co_diags_free(d);
	d = read_changed(p, "\"scale\": [\n    0,", "\"scale\": [\n    1,", CO_EINVALID);
	cr_assert(t_diag_has(d, "another scale"), "%s", t_diags_text(d));
	co_diags_free(d);
	d = read_changed(p, "{", "{{", CO_EINVALID);
	cr_assert(t_diag_has(d, "changed.json:1:2: not JSON"), "%s", t_diags_text(d));
	co_diags_free(d);
	co_plan_free(p);
}

Test(plan, the_marks_digest_covers_who_what_and_why)
{
	co_seen_mark a[] = {{"E1", 3, "Clear."}, {"E2", 4, ""}};
	co_seen_mark b[] = {{"E1", 3, "Clear"}, {"E2", 4, ""}};
	co_seen_mark c[] = {{"E2", 3, "Clear."}, {"E1", 4, ""}};
	char da[CO_DIGEST_TEXT], db[CO_DIGEST_TEXT], dc[CO_DIGEST_TEXT], empty[CO_DIGEST_TEXT];
	cr_assert_eq(co_plan_marks_digest(da, a, 2), 0);
	cr_assert_eq(co_plan_marks_digest(db, b, 2), 0);
	cr_assert_eq(co_plan_marks_digest(dc, c, 2), 0);
	cr_assert_eq(co_plan_marks_digest(empty, a, 0), 0);
	cr_assert_str_neq(da, db);
	cr_assert_str_neq(da, dc);
	/* No marks: the SHA-256 of nothing (FIPS 180-2's empty-message digest). */
	cr_assert_str_eq(empty, "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
