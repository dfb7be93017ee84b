/* The officer's decisions applied: ties resolved, abnormally low tenders investigated, exclusions, and what stays open. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"

/* Evaluate rules on the bids of dir with marks and a decisions file (YAML text, or NULL for none). */
static t_run eval_dec(const char *rules_yaml, const char *dir, const char *marks_xml, const char *decisions_yaml)
{
	t_run r = {0};
	co_rules *rules = NULL;
	co_decisions *ds = NULL;
	co_paths *paths = NULL;
	co_result *res = NULL;
	const char *tmp = t_dir();
	char rp[512], mp[512], dp[512];
	snprintf(rp, sizeof(rp), "%s", t_write(tmp, "rules.yaml", rules_yaml));
	snprintf(mp, sizeof(mp), "%s", t_write(tmp, "marks.xml", marks_xml));
	if (decisions_yaml)
		snprintf(dp, sizeof(dp), "%s", t_write(tmp, "decisions.yaml", decisions_yaml));
	r.diags = co_diags_new();
	const char *bids[] = {dir};
	if ((r.rc = co_rules_load(&rules, rp, r.diags)) ||
	    (decisions_yaml && (r.rc = co_decisions_load(&ds, rules, dp, NULL, r.diags))) ||
	    (r.rc = co_paths_expand(&paths, bids, 1, r.diags)))
		goto out;
	co_evaluate_options o = {.threads = 1, .keep_rationales = 1, .decisions = ds};
	if ((r.rc = co_evaluate_with(&res, rules, paths, mp, NULL, &o, r.diags)))
		goto out;
	r.decide = co_result_needs_decision(res);
	cr_assert_eq(co_result_final(res), !r.decide, "final is the opposite of needing a decision");
	if (co_result_json(&r.text, res) == 0)
		r.doc = json_loads(r.text, 0, NULL);
out:
	co_result_free(res);
	co_paths_free(paths);
	co_decisions_free(ds);
	co_rules_free(rules);
	return r;
}

/* The ids of a top-level array of the result, comma-separated. */
static const char *ids(const t_run *r, const char *key)
{
	static char buf[256];
	size_t i;
	json_t *v;
	buf[0] = '\0';
	json_array_foreach(json_object_get(r->doc, key), i, v)
	{
		strcat(buf, i ? "," : "");
		strcat(buf, json_string_value(v));
	}
	return buf;
}

/* The detail of a bid's first flag or reason with this code ("" when none). */
static const char *note_detail(const t_run *r, const char *bid, const char *list, const char *code)
{
	size_t i;
	json_t *n;
	json_array_foreach(json_object_get(t_bid_of(r, bid), list), i, n)
	{
		if (strcmp(t_str(n, "code"), code) == 0)
			return t_str(n, "detail");
	}
	return "";
}

#define DEC_HEAD "calloff-decisions: 1\ncompetition: T-1\ndecisions:\n"
#define WHO "    by: \"A. Officer, Category Manager\"\n    at: 2026-12-03T10:00:00Z\n"

/* Quality only, n = 2 under report: A 90, B 80, C 80, D 70, so B and C straddle the boundary. */
static const char *tie_lot(void)
{
	const char *d = t_dir();
	const char *ids_[] = {"A", "B", "C", "D"};
	for (int i = 0; i < 4; i++) {
		char sup[32], file[16];
		snprintf(sup, sizeof(sup), "GB-COH-%d", i + 1);
		snprintf(file, sizeof(file), "%c.xml", 'a' + i);
		t_put_bid(d, file, ids_[i], sup, "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	}
	return d;
}

#define TIE_RULES                                                                                              \
	RULES_HEAD "award: {mode: top_n, n: 2, at_boundary: report}\nweights: {quality: 100, price: 0}\n"          \
	           "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n"
#define TIE_MARKS "A:Q1=5,4|B:Q1=4,4|C:Q1=3,5|D:Q1=4,3"

static t_run tie(const char *decisions)
{
	char *m = t_marks("T-1", 2, TIE_MARKS);
	t_run r = eval_dec(TIE_RULES, tie_lot(), m, decisions);
	free(m);
	return r;
}

Test(decide, an_open_tie_awards_neither_tied_bid_and_needs_a_decision)
{
	t_run r = tie(NULL);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert(r.decide);
	cr_assert_str_eq(ids(&r, "awarded"), "A");
	cr_assert_str_eq(ids(&r, "tie_unresolved"), "B,C");
	t_run_free(&r);
}

Test(decide, a_tie_decision_awards_the_chosen_bid_and_ranks_the_other)
{
	t_run r = tie(DEC_HEAD "  - id: D1\n    kind: tie\n    award: [C]\n" WHO
	                       "    reason: \"Drawn by lot before two witnesses.\"\n");
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_not(r.decide, "the tie is decided");
	cr_assert_str_eq(ids(&r, "awarded"), "A,C");
	cr_assert_str_eq(ids(&r, "tie_unresolved"), "");
	cr_assert_str_eq(t_str(t_bid_of(&r, "C"), "status"), "awarded");
	cr_assert_str_eq(t_str(t_bid_of(&r, "B"), "status"), "ranked");
	cr_assert(strstr(note_detail(&r, "C", "flags", "tie_at_boundary"), "decision D1 (A. Officer, Category Manager, "
	                                                                        "2026-12-03T10:00:00Z) awards this bid: Drawn by lot"));
	cr_assert(strstr(note_detail(&r, "B", "flags", "tie_at_boundary"), "decision D1") &&
	          strstr(note_detail(&r, "B", "flags", "tie_at_boundary"), "does not award this bid"));
	t_run_free(&r);
}

Test(decide, a_tie_decision_for_a_bid_not_in_the_tie_is_an_error_at_its_line)
{
	t_run r = tie(DEC_HEAD "  - id: D1\n    kind: tie\n    award: [D]\n" WHO "    reason: \"x\"\n");
	cr_assert_eq(r.rc, CO_EINVALID);
	cr_assert(t_diag_has(r.diags, "decisions.yaml:6:13: bid 'D' is not in the tie at rank 2 (tied: B, C)"), "%s",
	          t_diags_text(r.diags));
	t_run_free(&r);
}

Test(decide, a_tie_decision_must_fill_exactly_the_places_left)
{
	t_run r = tie(DEC_HEAD "  - id: D1\n    kind: tie\n    award: [B, C]\n" WHO "    reason: \"x\"\n");
	cr_assert_eq(r.rc, CO_EINVALID);
	cr_assert(t_diag_has(r.diags, "decisions.yaml:6:13: the tie at rank 2 leaves 1 place in the top 2, but decision D1 "
	                              "awards 2 bids"),
	          "%s", t_diags_text(r.diags));
	t_run_free(&r);
}

Test(decide, a_decision_naming_an_unknown_bid_is_an_error_at_the_name)
{
	t_run r = tie(DEC_HEAD "  - id: D1\n    kind: tie\n    award: [B, Z]\n" WHO "    reason: \"x\"\n");
	cr_assert_eq(r.rc, CO_EINVALID);
	cr_assert(t_diag_has(r.diags, "decisions.yaml:6:16: unknown bid 'Z': no bid file given has this id"), "%s",
	          t_diags_text(r.diags));
	t_run_free(&r);
}

Test(decide, a_tie_decision_with_no_tie_open_is_an_error)
{
	char *m = t_marks("T-1", 2, TIE_MARKS);
	const char *rules = RULES_HEAD "award: {mode: top_n, n: 2, at_boundary: admit_all}\nweights: {quality: 100, price: 0}\n"
	                               "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n";
	t_run r = eval_dec(rules, tie_lot(), m, DEC_HEAD "  - id: D1\n    kind: tie\n    award: [B]\n" WHO "    reason: \"x\"\n");
	free(m);
	cr_assert_eq(r.rc, CO_EINVALID);
	cr_assert(t_diag_has(r.diags, "decisions.yaml:4:5: the rules decide any tie at the top-2 boundary themselves (at_boundary: admit_all)"),
	          "%s", t_diags_text(r.diags));
	t_run_free(&r);
}

/* Per scheme, uncapped: A and B tie for S1 (80 each); C alone bids for S2. */
#define SCHEME_RULES                                                                                          \
	RULES_HEAD "award: {mode: per_scheme, tie_break: [quality]}\nweights: {quality: 100, price: 0}\n"         \
	           "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n"        \
	           "schemes:\n  - {id: S1}\n  - {id: S2}\n"

static t_run scheme_tie(const char *decisions)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "", "S1", NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "", "S1", NULL);
	t_put_bid(d, "c.xml", "C", "GB-COH-3", "2026-11-01T12:00:00Z", "Q1", "", "S2", NULL);
	char *m = t_marks("T-1", 2, "A:Q1=4,4|B:Q1=4,4|C:Q1=3,3");
	t_run r = eval_dec(SCHEME_RULES, d, m, decisions);
	free(m);
	return r;
}

static const char *scheme_field(const t_run *r, size_t s, const char *key)
{
	return t_str(json_array_get(json_object_get(r->doc, "schemes"), s), key);
}

Test(decide, a_scheme_tie_is_open_until_decided_then_the_chosen_bid_wins_it)
{
	t_run r = scheme_tie(NULL);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert(r.decide);
	cr_assert_str_eq(scheme_field(&r, 0, "status"), "tie_unresolved");
	t_run_free(&r);
	r = scheme_tie(DEC_HEAD "  - id: D7\n    kind: tie\n    scheme: S1\n    award: B\n" WHO
	                        "    reason: \"The council's tie-break policy, clause 4.\"\n");
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_not(r.decide);
	cr_assert_str_eq(scheme_field(&r, 0, "status"), "awarded");
	cr_assert_str_eq(scheme_field(&r, 0, "awarded"), "B");
	cr_assert_str_eq(t_str(t_bid_of(&r, "A"), "status"), "ranked");
	cr_assert_str_eq(ids(&r, "awarded"), "B,C", "per scheme, in scheme order");
	cr_assert(strstr(note_detail(&r, "B", "flags", "tie_for_scheme"), "decision D7"));
	t_run_free(&r);
}

Test(decide, a_scheme_tie_decision_for_a_bid_not_tied_or_a_scheme_not_tied_is_an_error)
{
	t_run r = scheme_tie(DEC_HEAD "  - id: D7\n    kind: tie\n    scheme: S1\n    award: C\n" WHO "    reason: \"x\"\n");
	cr_assert_eq(r.rc, CO_EINVALID);
	cr_assert(t_diag_has(r.diags, "decisions.yaml:7:12: bid 'C' is not among the bids tied for scheme S1 (tied: A, B)"),
	          "%s", t_diags_text(r.diags));
	t_run_free(&r);
	r = scheme_tie(DEC_HEAD "  - id: D7\n    kind: tie\n    scheme: S2\n    award: C\n" WHO "    reason: \"x\"\n");
	cr_assert_eq(r.rc, CO_EINVALID);
	cr_assert(t_diag_has(r.diags, "decisions.yaml:6:13: scheme S2 is not tied"), "%s", t_diags_text(r.diags));
	t_run_free(&r);
}

/*
 * Price and quality, n = 1: B's 500.00 is abnormally low (the median of 500, 800, 850, 900 is
 * 825, the bar 618.75) and wins on price: A 67.78, B 80.00, C 71.25, D 59.41.
 */
#define LOW_RULES                                                                                              \
	RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 50, price: 50}\n"                               \
	           "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n"         \
	           "prices:\n  - {id: P1, max: 1000.00, weight: 100}\nprice_scoring: lowest_ratio\n"               \
	           "abnormally_low: {below_median_percent: 25}\n"
#define LOW_MARKS "A:Q1=4,4|B:Q1=3,3|C:Q1=4,4|D:Q1=3,3"

static const char *low_lot(int with_b)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "P1=900.00", NULL, NULL);
	if (with_b)
		t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "P1=500.00", NULL, NULL);
	t_put_bid(d, "c.xml", "C", "GB-COH-3", "2026-11-01T12:00:00Z", "Q1", "P1=800.00", NULL, NULL);
	t_put_bid(d, "d.xml", "D", "GB-COH-4", "2026-11-01T12:00:00Z", "Q1", "P1=850.00", NULL, NULL);
	return d;
}

static t_run low(int with_b, const char *decisions)
{
	char *m = t_marks("T-1", 2, with_b ? LOW_MARKS : "A:Q1=4,4|C:Q1=4,4|D:Q1=3,3");
	t_run r = eval_dec(LOW_RULES, low_lot(with_b), m, decisions);
	free(m);
	return r;
}

#define LOW_DECISION(outcome)                                                                                  \
	DEC_HEAD "  - id: AL-1\n    kind: abnormally_low\n    bid: B\n    outcome: " outcome "\n" WHO             \
	         "    reason: \"Explanation of the price requested under s.19; see file note 12.\"\n"

Test(decide, an_abnormally_low_bid_in_the_award_keeps_it_open_until_investigated)
{
	t_run r = low(1, NULL);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(ids(&r, "awarded"), "B");
	cr_assert(r.decide, "an awarded bid flagged abnormally_low with no investigation is not final");
	t_run_free(&r);
	r = low(1, LOW_DECISION("accepted"));
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_not(r.decide);
	cr_assert_str_eq(ids(&r, "awarded"), "B");
	cr_assert_str_eq(t_flag(t_bid_of(&r, "B"), 0), "abnormally_low", "the flag stays");
	t_run_free(&r);
}

Test(decide, a_rejected_abnormally_low_bid_is_disqualified_and_the_award_is_as_without_it)
{
	t_run r = low(1, LOW_DECISION("rejected")), oracle = low(0, NULL);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_eq(oracle.rc, 0, "%s", t_diags_text(oracle.diags));
	json_t *b = t_bid_of(&r, "B");
	cr_assert_str_eq(t_str(b, "status"), "disqualified");
	cr_assert_str_eq(t_reason(b, 0), "abnormally_low_rejected");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(b, "reasons"), 0), "decision"), "AL-1");
	cr_assert(strstr(note_detail(&r, "B", "reasons", "abnormally_low_rejected"), "Explanation of the price requested"));
	cr_assert_not(r.decide);
	/* The award moves to C, exactly as the stages give with B's file not there at all. */
	cr_assert_str_eq(ids(&r, "awarded"), "C");
	cr_assert_str_eq(ids(&r, "awarded"), ids(&oracle, "awarded"));
	const char *keys[] = {"status", "rank", "quality", "price", "total"};
	const char *others[] = {"A", "C", "D"};
	for (size_t i = 0; i < 3; i++)
		for (size_t k = 0; k < 5; k++) {
			char *x = json_dumps(json_object_get(t_bid_of(&r, others[i]), keys[k]), JSON_ENCODE_ANY);
			char *y = json_dumps(json_object_get(t_bid_of(&oracle, others[i]), keys[k]), JSON_ENCODE_ANY);
			cr_assert_str_eq(x, y, "bid %s's %s", others[i], keys[k]);
			free(x);
			free(y);
		}
	for (size_t i = 0; i < 3; i++) {
		char *x = json_dumps(json_object_get(t_bid_of(&r, others[i]), "flags"), JSON_ENCODE_ANY);
		char *y = json_dumps(json_object_get(t_bid_of(&oracle, others[i]), "flags"), JSON_ENCODE_ANY);
		cr_assert_str_eq(x, y, "bid %s's flags", others[i]);
		free(x);
		free(y);
	}
	cr_assert_eq(r.decide, oracle.decide, "final as without B");
	cr_assert_str_eq(t_str(t_bid_of(&r, "C"), "total"), "90.00", "C: 40 + 50 x 800/800");
	cr_assert_str_eq(t_str(t_bid_of(&r, "A"), "total"), "84.44", "A: 40 + 50 x 800/900");
	t_run_free(&r);
	t_run_free(&oracle);
}

Test(decide, an_investigation_of_a_bid_not_flagged_is_an_error)
{
	t_run r = low(1, DEC_HEAD "  - id: AL-1\n    kind: abnormally_low\n    bid: C\n    outcome: accepted\n" WHO
	                          "    reason: \"x\"\n");
	cr_assert_eq(r.rc, CO_EINVALID);
	cr_assert(t_diag_has(r.diags, "decisions.yaml:6:10: bid 'C' has no abnormally_low flag to investigate"), "%s",
	          t_diags_text(r.diags));
	t_run_free(&r);
}

Test(decide, an_exclusion_disqualifies_the_bid_with_its_ground_and_the_award_moves)
{
	t_run r = low(1, DEC_HEAD "  - id: X1\n    kind: exclusion\n    bid: B\n    ground: debarred\n" WHO
	                          "    reason: \"On the debarment list since 2026-11-20.\"\n");
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	json_t *b = t_bid_of(&r, "B");
	cr_assert_str_eq(t_str(b, "status"), "disqualified");
	cr_assert_str_eq(t_reason(b, 0), "excluded");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(b, "reasons"), 0), "decision"), "X1");
	cr_assert(strstr(note_detail(&r, "B", "reasons", "excluded"), "debarment list (Procurement Act 2023 s.62)"));
	cr_assert(strstr(note_detail(&r, "B", "reasons", "excluded"), "On the debarment list since 2026-11-20."));
	cr_assert_str_eq(ids(&r, "awarded"), "C");
	cr_assert_not(r.decide);
	t_run_free(&r);
}

Test(decide, an_exclusion_of_a_bid_already_rejected_is_an_error)
{
	const char *d = low_lot(1);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-12-02T12:00:00Z", "Q1", "P1=500.00", NULL, NULL); /* late */
	char *m = t_marks("T-1", 2, LOW_MARKS);
	t_run r = eval_dec(LOW_RULES, d, m,
	                   DEC_HEAD "  - id: X1\n    kind: exclusion\n    bid: B\n    ground: mandatory\n" WHO "    reason: \"x\"\n");
	free(m);
	cr_assert_eq(r.rc, CO_EINVALID);
	cr_assert(t_diag_has(r.diags, "decisions.yaml:6:10: bid 'B'") && t_diag_has(r.diags, "was rejected at admissibility (late)"),
	          "%s", t_diags_text(r.diags));
	t_run_free(&r);
}

/*
 * Capped at one scheme a supplier: X and Y bid for S1 and S2 and tie everywhere, so either may
 * have either scheme, and both schemes are open. Decisions each among the tied bids must
 * still make an award the cap allows.
 */
#define CAPPED_RULES                                                                                          \
	RULES_HEAD "award: {mode: per_scheme, max_schemes_per_supplier: 1}\nweights: {quality: 100, price: 0}\n"  \
	           "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n"        \
	           "schemes:\n  - {id: S1}\n  - {id: S2}\n"

static t_run capped_tie(const char *decisions)
{
	const char *d = t_dir();
	t_put_bid(d, "x.xml", "X", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "", "S1,S2", NULL);
	t_put_bid(d, "y.xml", "Y", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "", "S1,S2", NULL);
	char *m = t_marks("T-1", 2, "X:Q1=4,4|Y:Q1=4,4");
	t_run r = eval_dec(CAPPED_RULES, d, m, decisions);
	free(m);
	return r;
}

#define CAPPED_DEC(s1, s2)                                                                                    \
	DEC_HEAD "  - id: D1\n    kind: tie\n    scheme: S1\n    award: " s1 "\n" WHO "    reason: \"By lot.\"\n" \
	         "  - id: D2\n    kind: tie\n    scheme: S2\n    award: " s2 "\n" WHO "    reason: \"By lot.\"\n"

Test(decide, capped_ties_decided_together_must_respect_the_cap)
{
	t_run r = capped_tie(NULL);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert(r.decide);
	cr_assert_str_eq(scheme_field(&r, 0, "status"), "tie_unresolved");
	cr_assert_str_eq(scheme_field(&r, 1, "status"), "tie_unresolved");
	t_run_free(&r);
	r = capped_tie(CAPPED_DEC("X", "Y"));
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_not(r.decide);
	cr_assert_str_eq(scheme_field(&r, 0, "awarded"), "X");
	cr_assert_str_eq(scheme_field(&r, 1, "awarded"), "Y");
	t_run_free(&r);
	/* One decision at a time: S1 decided, S2 still open. */
	r = capped_tie(DEC_HEAD "  - id: D1\n    kind: tie\n    scheme: S1\n    award: X\n" WHO "    reason: \"By lot.\"\n");
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert(r.decide, "S2 is still open");
	cr_assert_str_eq(scheme_field(&r, 0, "awarded"), "X");
	cr_assert_str_eq(scheme_field(&r, 1, "status"), "tie_unresolved");
	t_run_free(&r);
	r = capped_tie(CAPPED_DEC("X", "X"));
	cr_assert_eq(r.rc, CO_EINVALID);
	cr_assert(t_diag_has(r.diags, "decisions.yaml:11:5: the decisions on the tied schemes together give supplier "
	                              "GB-COH-1 more than 1 schemes"),
	          "%s", t_diags_text(r.diags));
	t_run_free(&r);
}

/* Every decision that does not fit is reported in one run, each once, at its place; then the evaluation fails. */
Test(decide, every_refused_decision_is_reported_in_one_run)
{
	const char *d = low_lot(1);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-12-02T12:00:00Z", "Q1", "P1=500.00", NULL, NULL); /* late */
	char *m = t_marks("T-1", 2, LOW_MARKS);
	t_run r = eval_dec(LOW_RULES, d, m,
	                   DEC_HEAD "  - id: X1\n    kind: exclusion\n    bid: B\n    ground: mandatory\n" WHO "    reason: \"x\"\n"
	                            "  - id: AL-1\n    kind: abnormally_low\n    bid: C\n    outcome: accepted\n" WHO
	                            "    reason: \"x\"\n"
	                            "  - id: T1\n    kind: tie\n    award: [Z]\n" WHO "    reason: \"x\"\n");
	free(m);
	cr_assert_eq(r.rc, CO_EINVALID);
	cr_assert_eq(co_diags_count(r.diags), 3, "%s", t_diags_text(r.diags));
	cr_assert(t_diag_has(r.diags, "decisions.yaml:6:10: bid 'B'"), "%s", t_diags_text(r.diags));
	cr_assert(t_diag_has(r.diags, "decisions.yaml:13:10: bid 'C' has no abnormally_low flag"), "%s", t_diags_text(r.diags));
	cr_assert(t_diag_has(r.diags, "decisions.yaml:20:13: unknown bid 'Z'"), "%s", t_diags_text(r.diags));
	t_run_free(&r);
}

/*
 * D's 10.00 is abnormally low (the median of 10, 60, 100, 100 is 80, the bar 60) and wins; C's
 * 60.00 is not, until D is rejected: then the median of 60, 100, 100 is 100, the bar 75, and C,
 * the new winner, is flagged as it is without D's file, so the award is open again.
 */
Test(decide, rejecting_a_bid_raises_the_flags_again_as_without_it)
{
	char *m = t_marks("T-1", 2, "A:Q1=4,4|B:Q1=4,4|C:Q1=4,4|D:Q1=4,4"), *m3 = t_marks("T-1", 2, "A:Q1=4,4|B:Q1=4,4|C:Q1=4,4");
	const char *d = t_dir(), *d3 = t_dir();
	const char *prices[] = {"P1=100.00", "P1=100.00", "P1=60.00", "P1=10.00"}, *ids_[] = {"A", "B", "C", "D"};
	for (int i = 0; i < 4; i++) {
		char sup[32], file[16];
		snprintf(sup, sizeof(sup), "GB-COH-%d", i + 1);
		snprintf(file, sizeof(file), "%c.xml", 'a' + i);
		t_put_bid(d, file, ids_[i], sup, "2026-11-01T12:00:00Z", "Q1", prices[i], NULL, NULL);
		if (i < 3)
			t_put_bid(d3, file, ids_[i], sup, "2026-11-01T12:00:00Z", "Q1", prices[i], NULL, NULL);
	}
	t_run before = eval_dec(LOW_RULES, d, m, NULL);
	cr_assert_str_eq(ids(&before, "awarded"), "D");
	cr_assert_str_eq(t_flag(t_bid_of(&before, "C"), 0), "", "C is not flagged while D is in");
	t_run r = eval_dec(LOW_RULES, d, m,
	                   DEC_HEAD "  - id: AL-1\n    kind: abnormally_low\n    bid: D\n    outcome: rejected\n" WHO
	                            "    reason: \"x\"\n");
	t_run oracle = eval_dec(LOW_RULES, d3, m3, NULL);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(ids(&r, "awarded"), "C");
	cr_assert_str_eq(t_flag(t_bid_of(&r, "C"), 0), "abnormally_low", "raised again without D");
	cr_assert_str_eq(t_flag(t_bid_of(&oracle, "C"), 0), "abnormally_low");
	cr_assert(r.decide && oracle.decide, "C in the award with no investigation: open");
	cr_assert_str_eq(t_flag(t_bid_of(&r, "D"), 0), "abnormally_low", "the rejected bid keeps its own flag");
	/* An investigation of C, flagged only once D is out, is applied too. */
	t_run both = eval_dec(LOW_RULES, d, m,
	                      DEC_HEAD "  - id: AL-1\n    kind: abnormally_low\n    bid: D\n    outcome: rejected\n" WHO
	                               "    reason: \"x\"\n  - id: AL-2\n    kind: abnormally_low\n    bid: C\n"
	                               "    outcome: accepted\n" WHO "    reason: \"y\"\n");
	cr_assert_eq(both.rc, 0, "%s", t_diags_text(both.diags));
	cr_assert_not(both.decide);
	cr_assert_str_eq(ids(&both, "awarded"), "C");
	free(m);
	free(m3);
	t_run_free(&before);
	t_run_free(&r);
	t_run_free(&oracle);
	t_run_free(&both);
}

/* A time of receipt for a file that is not a valid bid decides nothing, and is refused rather than ignored. */
Test(decide, a_submitted_decision_about_an_invalid_bid_is_refused)
{
	const char *d = low_lot(1);
	t_write(d, "z.xml", "<bid xmlns=\"urn:calloff:bid:1\" id=\"Z\" competition=\"T-1\"><oops/></bid>\n");
	char *m = t_marks("T-1", 2, LOW_MARKS);
	t_run r = eval_dec(LOW_RULES, d, m,
	                   DEC_HEAD "  - id: S1\n    kind: submitted\n    bid: Z\n    received: 2026-11-30T09:00:00Z\n" WHO
	                            "    reason: \"x\"\n");
	free(m);
	cr_assert_eq(r.rc, CO_EINVALID);
	cr_assert(t_diag_has(r.diags, "decisions.yaml:6:10: bid 'Z' is not a valid bid (invalid_bid)"), "%s",
	          t_diags_text(r.diags));
	t_run_free(&r);
}
