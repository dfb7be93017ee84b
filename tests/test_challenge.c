/* The challenge check: against evaluating again without each losing bid's file, and a reversal built by hand. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "analytics/challenge.h"
#include "helpers.h"

/* Two price items of equal weight, one question; the method, n and the award mode filled in. */
#define PRICED_RULES(award, method)                                                                         \
	RULES_HEAD "award: " award "\nweights: {quality: 50, price: 50}\n"                                      \
	           "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n"     \
	           "prices:\n  - {id: P1, max: 1000.00, weight: 50}\n  - {id: P2, max: 1000.00, weight: 50}\n" \
	           "price_scoring: " method "\n"

/* The challenge section's entry for bid id (NULL when it has none). */
static json_t *challenged(const t_run *r, const char *id)
{
	json_t *bids = json_object_get(json_object_get(r->doc, "challenge"), "bids"), *b;
	size_t i;
	json_array_foreach(bids, i, b)
	if (strcmp(t_str(b, "bid"), id) == 0)
		return b;
	return NULL;
}

/* The reversal built by hand (tests/helpers.h t_reversal_lot): C's removal turns B's win into A's. */
static t_run hand_lot_n(const char *p2a, const char *award)
{
	const char *dir = t_reversal_lot(p2a);
	char *marks = t_marks("T-1", 2, T_REVERSAL_MARKS);
	char rules[1024];
	snprintf(rules, sizeof(rules), PRICED_RULES("%s", "lowest_ratio"), award);
	t_run r = t_eval(rules, dir, marks);
	free(marks);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	return r;
}

static t_run hand_lot(const char *p2a)
{
	return hand_lot_n(p2a, "{mode: top_n, n: 1}");
}

Test(challenge, removing_a_losing_bid_reverses_the_top_two)
{
	t_run r = hand_lot("160.00");
	cr_assert_str_eq(t_str(t_bid_of(&r, "B"), "total"), "71.25");
	cr_assert_str_eq(t_str(t_bid_of(&r, "A"), "total"), "68.13");
	json_t *c = challenged(&r, "C");
	cr_assert_not_null(c, "C sets the lowest P1 price and did not win");
	cr_assert_str_eq(t_str(c, "verdict"), "changes");
	json_t *low = json_array_get(json_object_get(c, "sets_lowest"), 0);
	cr_assert_str_eq(t_str(low, "item"), "P1");
	cr_assert_str_eq(t_str(low, "price"), "50.00");
	cr_assert_str_eq(t_str(low, "lowest_without"), "100.00");
	cr_assert_eq(json_array_size(json_object_get(c, "sets_lowest")), 1, "C's P2 (300.00) is not the lowest");
	json_t *aw = json_object_get(c, "awarded_without");
	cr_assert_eq(json_array_size(aw), 1);
	cr_assert_str_eq(json_string_value(json_array_get(aw, 0)), "A");
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(c, "awarded_instead"), 0)), "A");
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(c, "instead_of"), 0)), "B");
	cr_assert_str_eq(t_str(c, "sentence"),
	                 "Without C, which sets the lowest P1 price (50.00), A would be awarded instead of B.");
	cr_assert_null(challenged(&r, "A"), "A sets no lowest price");
	cr_assert_null(challenged(&r, "B"), "B won: only bids that did not win are checked");
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(r.doc, "challenge"), "changes")), 1);
	/* Analytics only: the award stays the engine's. */
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(r.doc, "awarded"), 0)), "B");
	t_run_free(&r);
}

Test(challenge, a_losing_bid_that_moves_the_lowest_but_not_the_order_changes_nothing)
{
	t_run r = hand_lot("250.00");
	json_t *c = challenged(&r, "C");
	cr_assert_not_null(c);
	cr_assert_str_eq(t_str(c, "verdict"), "no_change");
	cr_assert_str_eq(t_str(c, "sentence"), "Without C, which sets the lowest P1 price (50.00), the award would be the same.");
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(r.doc, "challenge"), "changes")), 0);
	t_run_free(&r);
}

Test(challenge, fixed_or_unweighted_prices_do_not_apply)
{
	const char *dir = t_dir();
	t_put_bid(dir, "a.xml", "A", "GB-COH-0000000A", "2026-11-28T10:00:00Z", "Q1", "P1=100.00", NULL, NULL);
	t_put_bid(dir, "b.xml", "B", "GB-COH-0000000B", "2026-11-28T10:00:00Z", "Q1", "P1=50.00", NULL, NULL);
	char *marks = t_marks("T-1", 1, "A:Q1=4|B:Q1=3");
	t_run r = t_eval(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 100, price: 0}\n"
	                            "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n"
	                            "prices:\n  - {id: P1, max: 1000.00}\nprice_scoring: lowest_ratio\n",
	                 dir, marks);
	free(marks);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	json_t *ch = json_object_get(r.doc, "challenge");
	cr_assert(json_is_false(json_object_get(ch, "applies")));
	cr_assert_str_eq(t_str(ch, "reason"), "the price weight is 0, so no price earns points");
	cr_assert_eq(json_array_size(json_object_get(ch, "bids")), 0, "B sets the lowest price but it earns nothing");
	t_run_free(&r);
}

/* A small deterministic generator (the competitions are the same on every run). */
static unsigned long rng_state;
static unsigned pick(unsigned n)
{
	rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((rng_state >> 33) % n);
}

typedef struct {
	char rules[1024];
	int nbids;
	char bid[12][512];   /* each bid's document */
	char mark[12][32];   /* each bid's part of the t_marks spec */
	int per_scheme;
} gen_lot;

/*
 * A generated lot; with low, abnormally_low is configured (25% below the median) and the prices
 * include some far below the others, so that removing one bid moves the median across a price.
 */
static void generate(gen_lot *g, int per_scheme, const char *method, int low)
{
	static const char *const boundary[] = {"admit_all", "exclude_all", "report"};
	static const char *const usual[] = {"200.00", "320.00", "350.00", "400.00", "450.00", "620.00", "900.00"};
	static const char *const lows[] = {"150.00", "240.00", "280.00", "300.00", "350.00", "400.00", "450.00"};
	const char *const *prices = low ? lows : usual;
	char award[128];
	memset(g, 0, sizeof(*g));
	g->per_scheme = per_scheme;
	if (per_scheme)
		snprintf(award, sizeof(award), "{mode: per_scheme%s}", pick(3) == 0 ? ", max_schemes_per_supplier: 1" : "");
	else
		snprintf(award, sizeof(award), "{mode: top_n, n: %u, at_boundary: %s}", 1 + pick(3), boundary[pick(3)]);
	snprintf(g->rules, sizeof(g->rules), PRICED_RULES("%s", "%s") "%s%s", award, method,
	         low ? "abnormally_low: {below_median_percent: 25}\n" : "",
	         per_scheme ? "schemes:\n  - {id: S1}\n  - {id: S2}\n  - {id: S3}\n" : "");
	g->nbids = 4 + (int)pick(5);
	for (int b = 0; b < g->nbids; b++) {
		char id[16], sup[32], ps[64], schemes[16] = "";
		snprintf(id, sizeof(id), "B-%d", b + 1);
		snprintf(sup, sizeof(sup), "GB-COH-%08d", b + 1);
		snprintf(ps, sizeof(ps), "P1=%s,P2=%s", prices[pick(7)], prices[pick(7)]);
		if (per_scheme) {
			unsigned set = 1 + pick(7);
			for (int s = 0; s < 3; s++)
				if (set & (1u << s))
					snprintf(schemes + strlen(schemes), sizeof(schemes) - strlen(schemes), "%sS%d", *schemes ? "," : "",
					         s + 1);
		}
		char *doc = t_bid(id, sup, "2026-11-28T10:00:00Z", "Q1", ps, per_scheme ? schemes : NULL, NULL);
		snprintf(g->bid[b], sizeof(g->bid[b]), "%s", doc);
		free(doc);
		snprintf(g->mark[b], sizeof(g->mark[b]), "%s:Q1=%u,%u", id, 2 + pick(4), 2 + pick(4));
	}
}

/*
 * Evaluate the lot with every bid but `without` (-1: all of them), its marks left out with its
 * file. One folder serves every run (t_dir makes a few dozen at most): its bid files are replaced.
 */
static t_run run_without(const gen_lot *g, int without)
{
	static const char *work;
	char spec[512] = "", bids[512], rules[512], marks_path[512], name[600];
	if (!work)
		work = t_dir();
	snprintf(bids, sizeof(bids), "%s/bids", work);
	for (int b = 0; b < 12; b++) {
		snprintf(name, sizeof(name), "%s/b%02d.xml", bids, b);
		unlink(name);
	}
	for (int b = 0; b < g->nbids; b++) {
		if (b == without)
			continue;
		snprintf(name, sizeof(name), "bids/b%02d.xml", b);
		t_write(work, name, g->bid[b]);
		snprintf(spec + strlen(spec), sizeof(spec) - strlen(spec), "%s%s", *spec ? "|" : "", g->mark[b]);
	}
	char *marks = t_marks("T-1", 2, spec);
	snprintf(rules, sizeof(rules), "%s", t_write(work, "rules.yaml", g->rules));
	snprintf(marks_path, sizeof(marks_path), "%s", t_write(work, "marks.xml", marks));
	free(marks);
	const char *args[] = {bids};
	t_run r = t_eval_paths(rules, args, 1, marks_path);
	cr_assert_eq(r.rc < 0, 0, "%s\n%s", g->rules, t_diags_text(r.diags));
	return r;
}

/* The award of a result document as one line: top_n's awarded list and open tie; per_scheme each scheme's status and winner. */
static void award_line(char *out, size_t size, const json_t *doc)
{
	size_t i, used = 0;
	json_t *v;
	out[0] = 0;
	json_array_foreach(json_object_get(doc, "awarded"), i, v)
	used += (size_t)snprintf(out + used, size - used, "%s ", json_string_value(v));
	used += (size_t)snprintf(out + used, size - used, "| tie:");
	json_array_foreach(json_object_get(doc, "schemes") ? NULL : json_object_get(doc, "tie_unresolved"), i, v)
	used += (size_t)snprintf(out + used, size - used, " %s", json_string_value(v));
	json_array_foreach(json_object_get(doc, "schemes"), i, v)
	used += (size_t)snprintf(out + used, size - used, " | %s %s %s", t_str(v, "id"), t_str(v, "status"), t_str(v, "awarded"));
}

/* The same from a challenge entry's award without its bid. */
static void award_line_without(char *out, size_t size, const json_t *c, const json_t *doc)
{
	size_t i, used = 0;
	json_t *v;
	out[0] = 0;
	if (json_object_get(doc, "schemes") == NULL) {
		json_array_foreach(json_object_get(c, "awarded_without"), i, v)
		used += (size_t)snprintf(out + used, size - used, "%s ", json_string_value(v));
	} else {
		/* per_scheme: the awarded list is every scheme's winner once, in scheme order */
		json_t *seen = json_object();
		json_array_foreach(json_object_get(c, "schemes_without"), i, v)
		if (json_is_string(json_object_get(v, "awarded")) && !json_object_get(seen, t_str(v, "awarded"))) {
			json_object_set_new(seen, t_str(v, "awarded"), json_true());
			used += (size_t)snprintf(out + used, size - used, "%s ", t_str(v, "awarded"));
		}
		json_decref(seen);
	}
	used += (size_t)snprintf(out + used, size - used, "| tie:");
	json_array_foreach(json_object_get(c, "tie_unresolved_without"), i, v)
	used += (size_t)snprintf(out + used, size - used, " %s", json_string_value(v));
	json_array_foreach(json_object_get(c, "schemes_without"), i, v)
	used += (size_t)snprintf(out + used, size - used, " | %s %s %s", t_str(v, "id"), t_str(v, "status"), t_str(v, "awarded"));
}

/* 1 when bid b (ranked, not awarded) prices a scored item at the lowest among the ranked bids (of a scheme it is in). */
static int sets_lowest(const json_t *doc, const json_t *b)
{
	json_t *schemes = json_object_get(doc, "schemes");
	const char *id = t_str(b, "bid");
	for (size_t item = 0; item < 2; item++) {
		double mine = atof(t_str(json_array_get(json_object_get(b, "prices"), item), "value"));
		size_t ns = schemes ? json_array_size(schemes) : 1;
		for (size_t s = 0; s < ns; s++) {
			double low = 1e300;
			int in = 0;
			size_t i;
			json_t *x;
			json_array_foreach(json_object_get(doc, "bids"), i, x)
			{
				if (strcmp(t_str(x, "status"), "ranked") != 0 && strcmp(t_str(x, "status"), "awarded") != 0)
					continue;
				if (schemes) { /* in this scheme's ranking? */
					int there = 0;
					size_t k;
					json_t *c;
					json_array_foreach(json_object_get(json_array_get(schemes, s), "ranking"), k, c)
					there |= strcmp(t_str(c, "bid"), t_str(x, "bid")) == 0;
					if (!there)
						continue;
				}
				in |= strcmp(t_str(x, "bid"), id) == 0;
				double p = atof(t_str(json_array_get(json_object_get(x, "prices"), item), "value"));
				low = p < low ? p : low;
			}
			if (in && mine == low)
				return 1;
		}
	}
	return 0;
}

/*
 * For generated lots: every losing bid is evaluated again without its file. The check names
 * every one that sets a lowest price, and names any other only for a reason it gives (moving an
 * abnormally-low flag, a tie at the award); for each it names, the award it states is the award
 * of evaluating again; for each it leaves out, evaluating again gives the same award, as final.
 * counts: no change, changes, undetermined, losing bids left out (each agreeing with brute force).
 */
static void against_brute_force(int per_scheme, const char *method, int low, int lots, int counts[4])
{
	for (int l = 0; l < lots; l++) {
		gen_lot g;
		generate(&g, per_scheme, method, low);
		t_run r = run_without(&g, -1);
		json_t *ch = json_object_get(r.doc, "challenge");
		cr_assert(json_is_true(json_object_get(ch, "applies")));
		size_t named = 0;
		for (int b = 0; b < g.nbids; b++) {
			char id[16];
			snprintf(id, sizeof(id), "B-%d", b + 1);
			json_t *bid = t_bid_of(&r, id), *c = challenged(&r, id);
			if (strcmp(t_str(bid, "status"), "ranked") != 0) {
				cr_assert_null(c, "%s did not lose: only bids that did not win are checked", id);
				continue;
			}
			if (sets_lowest(r.doc, bid))
				cr_assert_not_null(c, "%s\n%s sets a lowest price and is not in the check\n%s", g.rules, id, r.text);
			t_run w = run_without(&g, b);
			char brute[512], said[512], before[512];
			award_line(brute, sizeof(brute), w.doc);
			award_line(before, sizeof(before), r.doc);
			int same_final = json_equal(json_object_get(w.doc, "final"), json_object_get(r.doc, "final"));
			if (!c) {
				cr_assert_str_eq(brute, before, "%s\nwithout %s, left out of the check, evaluating again gives [%s], with "
				                 "it [%s]", g.rules, id, brute, before);
				cr_assert(same_final, "%s\nwithout %s, left out of the check, the award is final or not otherwise", g.rules, id);
				counts[3]++;
				t_run_free(&w);
				continue;
			}
			named++;
			if (!json_array_size(json_object_get(c, "sets_lowest")))
				cr_assert(json_array_size(json_object_get(c, "moves_abnormally_low")) ||
				          json_is_true(json_object_get(c, "tied_at_award")),
				          "%s: %s is checked for no reason it gives", g.rules, id);
			const char *verdict = t_str(c, "verdict");
			if (strcmp(verdict, "undetermined") == 0) {
				cr_assert(!same_final || strcmp(brute, before) != 0 || !json_is_true(json_object_get(w.doc, "final")),
				          "%s\nwithout %s the check cannot say (%s), yet evaluating again gives the same final award",
				          g.rules, id, t_str(c, "why"));
				counts[2]++;
			} else if (strcmp(verdict, "no_change") == 0) {
				cr_assert_str_eq(brute, before, "%s\nwithout %s the check says no change, evaluating again gives [%s], "
				                 "with it [%s]", g.rules, id, brute, before);
				cr_assert(same_final, "%s\nwithout %s the check says no change, but the award is final or not otherwise",
				          g.rules, id);
				cr_assert_null(json_object_get(c, "awarded_without"), "the document's own award stands for it");
				counts[0]++;
			} else {
				award_line_without(said, sizeof(said), c, r.doc);
				cr_assert_str_eq(said, brute, "%s\nwithout %s: the check says [%s], evaluating again gives [%s]", g.rules,
				                 id, said, brute);
				cr_assert_str_eq(verdict, "changes");
				cr_assert_str_neq(brute, before, "%s: without %s [%s], with it [%s]", g.rules, id, brute, before);
				counts[1]++;
			}
			t_run_free(&w);
		}
		cr_assert_eq(json_array_size(json_object_get(ch, "bids")), named);
		t_run_free(&r);
	}
}

/* Both verdicts occur (no assertion loop over something that may be empty), and no bid is left undetermined. */
static void both_verdicts(const int counts[4])
{
	cr_log_info("no change %d, changes %d, left out %d", counts[0], counts[1], counts[3]);
	cr_assert_gt(counts[0], 0, "some removal changes nothing");
	cr_assert_gt(counts[1], 0, "some removal changes the award");
	cr_assert_gt(counts[3], 0, "some losing bid is left out, and brute force agrees");
	cr_assert_eq(counts[2], 0, "every supplier has one bid, and there are no decisions");
}

Test(challenge, top_n_lowest_ratio_matches_evaluating_again_without_the_bid)
{
	int counts[4] = {0};
	rng_state = 7;
	against_brute_force(0, "lowest_ratio", 0, 150, counts);
	both_verdicts(counts);
}

Test(challenge, top_n_linear_to_max_matches_evaluating_again_without_the_bid)
{
	int counts[4] = {0};
	rng_state = 11;
	against_brute_force(0, "linear_to_max", 0, 150, counts);
	both_verdicts(counts);
}

Test(challenge, per_scheme_matches_evaluating_again_without_the_bid)
{
	int counts[4] = {0};
	rng_state = 13;
	against_brute_force(1, "lowest_ratio", 0, 100, counts);
	rng_state = 17;
	against_brute_force(1, "linear_to_max", 0, 100, counts);
	both_verdicts(counts);
}

/*
 * With abnormally_low configured every losing bid is evaluated again: the check's names and
 * verdicts agree with it, and some bids are checked only because they move a flag.
 */
static void with_abnormally_low(int per_scheme, unsigned long seed)
{
	int counts[4] = {0}, moved = 0;
	rng_state = seed;
	against_brute_force(per_scheme, "lowest_ratio", 1, 120, counts);
	against_brute_force(per_scheme, "linear_to_max", 1, 80, counts);
	/* Count the bids checked for a moved flag alone, over a few lots again (the same generator, another seed). */
	rng_state = seed + 1;
	for (int l = 0; l < 60; l++) {
		gen_lot g;
		generate(&g, per_scheme, "lowest_ratio", 1);
		t_run r = run_without(&g, -1);
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(json_object_get(r.doc, "challenge"), "bids"), i, c)
		moved += json_array_size(json_object_get(c, "sets_lowest")) == 0 &&
		         json_array_size(json_object_get(c, "moves_abnormally_low")) > 0;
		t_run_free(&r);
	}
	cr_log_info("no change %d, changes %d, undetermined %d, left out %d, moved a flag alone %d", counts[0], counts[1],
	            counts[2], counts[3], moved);
	cr_assert_gt(counts[0], 0, "some removal changes nothing");
	cr_assert_gt(counts[1], 0, "some removal changes the award");
	cr_assert_gt(counts[3], 0, "some losing bid is left out, and brute force agrees");
	cr_assert_gt(moved, 0, "some bid is checked only because removing it moves an abnormally-low flag");
}

Test(challenge, top_n_with_abnormally_low_matches_evaluating_again_without_every_losing_bid)
{
	with_abnormally_low(0, 23);
}

Test(challenge, per_scheme_with_abnormally_low_matches_evaluating_again_without_every_losing_bid)
{
	with_abnormally_low(1, 29);
}

/*
 * The reviewer's lot (top_n, n = 1, one scored item, abnormally low at 25% below the median, all
 * marked alike): A 110, Z 76, X 58, Y 100. With every bid the median is (76 + 100) / 2 = 88 and
 * the bar 66: X's 58 is flagged and decision D1 rejects it; again without X the median is 100 and
 * the bar 75, so Z (76) is not flagged and wins on price. Y sets no lowest price, but without Y
 * the median is 76 and the bar 57: X is not flagged, D1 no longer fits, and evaluating again is
 * refused. The same for A. The check must not say "no change".
 */
#define REPRO_RULES                                                                                        \
	RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 50, price: 50}\n"                           \
	           "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n"     \
	           "prices:\n  - {id: P1, max: 1000.00, weight: 100}\nprice_scoring: lowest_ratio\n"          \
	           "abnormally_low: {below_median_percent: 25}\n"
#define REPRO_DECISION(bid)                                                                                \
	T_DEC_HEAD "  - id: D1\n    kind: abnormally_low\n    bid: " bid "\n    outcome: rejected\n" T_DEC_WHO \
	           "    reason: \"The price cannot cover the statutory minimum wage.\"\n"

static const char *repro_lot(const char *x_price)
{
	const char *dir = t_dir();
	char p[32];
	snprintf(p, sizeof(p), "P1=%s", x_price);
	t_put_bid(dir, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "P1=110.00", NULL, NULL);
	t_put_bid(dir, "z.xml", "Z", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "P1=76.00", NULL, NULL);
	t_put_bid(dir, "x.xml", "X", "GB-COH-3", "2026-11-01T12:00:00Z", "Q1", p, NULL, NULL);
	t_put_bid(dir, "y.xml", "Y", "GB-COH-4", "2026-11-01T12:00:00Z", "Q1", "P1=100.00", NULL, NULL);
	return dir;
}

Test(challenge, a_losing_bid_that_moves_the_median_across_a_rejected_bid_is_not_no_change)
{
	const char *dir = repro_lot("58.00");
	char *marks = t_marks("T-1", 2, "A:Q1=3,3|Z:Q1=3,3|X:Q1=3,3|Y:Q1=3,3");
	t_run r = t_eval_dec(REPRO_RULES, dir, marks, REPRO_DECISION("X"));
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(t_str(t_bid_of(&r, "X"), "status"), "disqualified");
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(r.doc, "awarded"), 0)), "Z");
	json_t *ch = json_object_get(r.doc, "challenge");
	json_t *y = challenged(&r, "Y");
	cr_assert_not_null(y, "Y sets no lowest price but moves the median across X's price");
	cr_assert_eq(json_array_size(json_object_get(y, "sets_lowest")), 0);
	json_t *m = json_array_get(json_object_get(y, "moves_abnormally_low"), 0);
	cr_assert_str_eq(t_str(m, "item"), "P1");
	cr_assert_str_eq(t_str(m, "median"), "88.00");
	cr_assert_str_eq(t_str(m, "median_without"), "76.00");
	cr_assert_str_eq(t_str(y, "verdict"), "undetermined");
	cr_assert(strstr(t_str(y, "why"), "bid 'X' has no abnormally_low flag to investigate") != NULL, "%s", t_str(y, "why"));
	cr_assert(strstr(t_str(y, "sentence"), "Without Y, which moves the abnormally-low median of P1 from 88.00 to 76.00, "
	                                       "which changes which bids are abnormally low, the check cannot say: without it, "
	                                       "an officer's decision would no longer fit") == t_str(y, "sentence"),
	          "%s", t_str(y, "sentence"));
	cr_assert_str_eq(t_str(challenged(&r, "A"), "verdict"), "undetermined", "without A the median is 76 too");
	cr_assert_null(challenged(&r, "Z"), "Z won");
	cr_assert_eq(json_integer_value(json_object_get(ch, "changes")), 0);
	cr_assert_eq(json_integer_value(json_object_get(ch, "undetermined")), 2);
	t_run_free(&r);

	/* Evaluating again without Y's file (and its marks), with the same decision, is refused. */
	unlink(t_write(dir, "y.xml", ""));
	free(marks);
	marks = t_marks("T-1", 2, "A:Q1=3,3|Z:Q1=3,3|X:Q1=3,3");
	t_run w = t_eval_dec(REPRO_RULES, dir, marks, REPRO_DECISION("X"));
	cr_assert_eq(w.rc, CO_EINVALID);
	cr_assert(t_diag_has(w.diags, "bid 'X' has no abnormally_low flag to investigate"), "%s", t_diags_text(w.diags));
	t_run_free(&w);
	/* And without the decision, X (58.00, no longer flagged) would win: the award would differ. */
	w = t_eval(REPRO_RULES, dir, marks);
	cr_assert_eq(w.rc, 0, "%s", t_diags_text(w.diags));
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(w.doc, "awarded"), 0)), "X");
	t_run_free(&w);
	free(marks);
}

/*
 * The same lot with X at 40.00: without Y (or A) the median still moves, from 88 to 76 (bar 66 to
 * 57) in the first pass and from 100 to 93 or 88 (bar 75 to 69.75 or 66) in the second, but no
 * price lies between the bars: X stays flagged and rejected, Z unflagged. No re-run is needed,
 * neither is checked, and evaluating again without either gives the same award.
 */
Test(challenge, a_median_that_moves_without_changing_a_flag_changes_nothing)
{
	const char *dir = repro_lot("40.00");
	char *marks = t_marks("T-1", 2, "A:Q1=3,3|Z:Q1=3,3|X:Q1=3,3|Y:Q1=3,3");
	t_run r = t_eval_dec(REPRO_RULES, dir, marks, REPRO_DECISION("X"));
	free(marks);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(r.doc, "awarded"), 0)), "Z");
	json_t *ch = json_object_get(r.doc, "challenge");
	cr_assert_eq(json_array_size(json_object_get(ch, "bids")), 0, "%s", r.text);
	cr_assert_eq(json_integer_value(json_object_get(ch, "changes")), 0);
	cr_assert_eq(json_integer_value(json_object_get(ch, "undetermined")), 0);
	t_run_free(&r);
	static const char *const gone[] = {"y.xml", "a.xml"};
	static const char *const kept[] = {"A:Q1=3,3|Z:Q1=3,3|X:Q1=3,3", "Z:Q1=3,3|X:Q1=3,3|Y:Q1=3,3"};
	for (int k = 0; k < 2; k++) {
		const char *d = repro_lot("40.00");
		unlink(t_write(d, gone[k], ""));
		marks = t_marks("T-1", 2, kept[k]);
		t_run w = t_eval_dec(REPRO_RULES, d, marks, REPRO_DECISION("X"));
		free(marks);
		cr_assert_eq(w.rc, 0, "without %s: %s", gone[k], t_diags_text(w.diags));
		cr_assert_str_eq(json_string_value(json_array_get(json_object_get(w.doc, "awarded"), 0)), "Z");
		cr_assert_str_eq(t_str(t_bid_of(&w, "X"), "status"), "disqualified");
		cr_assert(json_is_true(json_object_get(w.doc, "final")));
		t_run_free(&w);
	}
}

/*
 * An officer's investigation that would no longer fit (top_n, n = 1, lowest_ratio, P1 and P2 of
 * equal weight, abnormally low at 25% below the median of P1). P1 prices: A 900, B 630, C 800,
 * D 850, E 1000.00; E is the cheapest on P2 (100.00 against 400.00) and marked 0, so it loses.
 * With E the median of P1 is 850 and the bar 637.50: B's 630.00 is flagged, and decision AL-1
 * rejects B. Without E the median is 825 and the bar 618.75: B is no longer flagged, so evaluating
 * again without E's file refuses AL-1. The check cannot say what the award would be, and says why.
 */
Test(challenge, an_investigation_that_would_no_longer_fit_is_undetermined)
{
	const char *dir = t_dir();
	const char *rules = RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 50, price: 50}\n"
	                               "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n"
	                               "prices:\n  - {id: P1, max: 1000.00, weight: 50}\n  - {id: P2, max: 1000.00, weight: 50}\n"
	                               "price_scoring: lowest_ratio\nabnormally_low: {below_median_percent: 25}\n";
	t_put_bid(dir, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "P1=900.00,P2=400.00", NULL, NULL);
	t_put_bid(dir, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "P1=630.00,P2=400.00", NULL, NULL);
	t_put_bid(dir, "c.xml", "C", "GB-COH-3", "2026-11-01T12:00:00Z", "Q1", "P1=800.00,P2=400.00", NULL, NULL);
	t_put_bid(dir, "d.xml", "D", "GB-COH-4", "2026-11-01T12:00:00Z", "Q1", "P1=850.00,P2=400.00", NULL, NULL);
	t_put_bid(dir, "e.xml", "E", "GB-COH-5", "2026-11-01T12:00:00Z", "Q1", "P1=1000.00,P2=100.00", NULL, NULL);
	char *marks = t_marks("T-1", 2, "A:Q1=4,4|B:Q1=3,3|C:Q1=4,4|D:Q1=3,3|E:Q1=0,0");
	t_run r = t_eval_dec(rules, dir, marks, T_LOW_DECISION("rejected"));
	free(marks);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(t_str(t_bid_of(&r, "B"), "status"), "disqualified", "AL-1 applies with E");
	json_t *c = challenged(&r, "E");
	cr_assert_not_null(c, "E sets the lowest P2 price and did not win");
	cr_assert_str_eq(t_str(c, "verdict"), "undetermined");
	cr_assert(strstr(t_str(c, "why"), "bid 'B' has no abnormally_low flag to investigate") != NULL, "%s", t_str(c, "why"));
	cr_assert(strstr(t_str(c, "sentence"), "Without E, which sets the lowest P2 price (100.00) and moves the "
	                                       "abnormally-low median of P1 from 850.00 to 825.00, which changes which bids "
	                                       "are abnormally low, the check cannot say: without it, an officer's decision "
	                                       "would no longer fit") == t_str(c, "sentence"),
	          "%s", t_str(c, "sentence"));
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(r.doc, "challenge"), "changes")), 0);
	t_run_free(&r);

	/* The same as evaluating again without E's file (and its marks): the decision is refused. */
	unlink(t_write(dir, "e.xml", ""));
	marks = t_marks("T-1", 2, "A:Q1=4,4|B:Q1=3,3|C:Q1=4,4|D:Q1=3,3");
	t_run w = t_eval_dec(rules, dir, marks, T_LOW_DECISION("rejected"));
	free(marks);
	cr_assert_eq(w.rc, CO_EINVALID);
	cr_assert(t_diag_has(w.diags, "bid 'B' has no abnormally_low flag to investigate"), "%s", t_diags_text(w.diags));
	t_run_free(&w);
}

/*
 * A supplier's later bid that loses and sets the lowest price: without its file the supplier's
 * earlier bid, superseded by it, would count again, which the check does not evaluate.
 */
Test(challenge, a_bid_that_superseded_another_is_undetermined)
{
	const char *dir = t_dir();
	t_put_bid(dir, "a.xml", "A", "GB-COH-0000000A", "2026-11-28T10:00:00Z", "Q1", "P1=100.00,P2=160.00", NULL, NULL);
	t_put_bid(dir, "b.xml", "B", "GB-COH-0000000B", "2026-11-28T10:00:00Z", "Q1", "P1=200.00,P2=100.00", NULL, NULL);
	t_put_bid(dir, "c1.xml", "C1", "GB-COH-0000000C", "2026-11-27T10:00:00Z", "Q1", "P1=60.00,P2=300.00", NULL, NULL);
	t_put_bid(dir, "c2.xml", "C2", "GB-COH-0000000C", "2026-11-28T10:00:00Z", "Q1", "P1=50.00,P2=300.00", NULL, NULL);
	char *marks = t_marks("T-1", 2, "A:Q1=4,4|B:Q1=4,4|C2:Q1=1,1");
	t_run r = t_eval(PRICED_RULES("{mode: top_n, n: 1}", "lowest_ratio"), dir, marks);
	free(marks);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(t_str(t_bid_of(&r, "C1"), "status"), "rejected");
	json_t *c = challenged(&r, "C2");
	cr_assert_not_null(c);
	cr_assert_str_eq(t_str(c, "verdict"), "undetermined");
	cr_assert_str_eq(t_str(c, "why"), "without it, another bid of supplier GB-COH-0000000C (superseded by it) would "
	                                  "count again, and the check does not evaluate that bid");
	t_run_free(&r);
}

/* The lot built by hand with n = 2: A and B are awarded either way, but without C A comes first. */
Test(challenge, the_same_bids_in_another_order_is_a_change)
{
	t_run r = hand_lot_n("160.00", "{mode: top_n, n: 2}");
	json_t *c = challenged(&r, "C");
	cr_assert_not_null(c);
	cr_assert_str_eq(t_str(c, "verdict"), "changes");
	cr_assert_eq(json_array_size(json_object_get(c, "awarded_instead")), 0);
	cr_assert_eq(json_array_size(json_object_get(c, "instead_of")), 0);
	cr_assert_str_eq(t_str(c, "sentence"), "Without C, which sets the lowest P1 price (50.00), the same bids would be "
	                                       "awarded in another order: A would be ranked above B.");
	t_run_free(&r);
}
