/* Decisions files read: every kind, and each malformed file refused at its line and column. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "reading/decisions.h"

#define TOPN_RULES RULES_HEAD "award: {mode: top_n, n: 2, at_boundary: report}\nweights: {quality: 100, price: 0}\n" \
	"moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n"
#define SCHEME_RULES RULES_HEAD "award: {mode: per_scheme}\nweights: {quality: 100, price: 0}\n" \
	"moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\nschemes:\n  - {id: S1}\n"
#define HEAD "calloff-decisions: 1\ncompetition: T-1\ndecisions:\n"
#define WHO "    by: \"A. Officer\"\n    at: 2026-12-03T10:00:00Z\n    reason: \"Recorded in file note 7.\"\n"

/* Load text against rules; the diagnostics are kept in *d (the caller frees them). */
static int load(co_decisions **ds, const char *rules_yaml, const char *text, co_diags **d)
{
	const char *dir = t_dir();
	co_rules *rules = NULL;
	*d = co_diags_new();
	cr_assert_eq(co_rules_load(&rules, t_write(dir, "rules.yaml", rules_yaml), *d), 0, "%s", t_diags_text(*d));
	int rc = co_decisions_load(ds, rules, t_write(dir, "decisions.yaml", text), NULL, *d);
	co_rules_free(rules);
	return rc;
}

Test(decisions, every_kind_is_read_with_who_when_why_and_its_place)
{
	co_decisions *ds = NULL;
	co_diags *d;
	int rc = load(&ds, TOPN_RULES,
	              HEAD "  - id: D1\n    kind: tie\n    award: [B]\n" WHO
	                   "  - id: D2\n    kind: abnormally_low\n    bid: C\n    outcome: rejected\n" WHO
	                   "  - id: D3\n    kind: exclusion\n    bid: E\n    ground: discretionary\n" WHO
	                   "  - id: D4\n    kind: submitted\n    bid: F\n    received: 2026-12-01T11:58:30+01:00\n" WHO
	                   "  - id: D5\n    kind: moderation\n" WHO,
	              &d);
	cr_assert_eq(rc, 0, "%s", t_diags_text(d));
	cr_assert_eq(co_decisions_count(ds), 5);
	cr_assert_eq(ds->d[0].kind, CO_DEC_TIE);
	cr_assert_eq(ds->d[0].scheme, -1);
	cr_assert_eq(ds->d[0].naward, 1);
	cr_assert_str_eq(ds->d[0].award[0], "B");
	cr_assert_eq(ds->d[0].award_at[0].line, 6);
	cr_assert_eq(ds->d[0].award_at[0].col, 13);
	cr_assert_str_eq(ds->d[0].by, "A. Officer");
	cr_assert_str_eq(ds->d[0].at_text, "2026-12-03T10:00:00Z");
	cr_assert_eq(ds->d[1].kind, CO_DEC_ABNORMALLY_LOW);
	cr_assert(ds->d[1].rejected);
	cr_assert_eq(ds->d[2].ground, CO_GROUND_DISCRETIONARY);
	cr_assert_eq(ds->d[3].kind, CO_DEC_SUBMITTED);
	cr_assert_eq(ds->d[3].received.sec, 1796122710, "11:58:30 at +01:00 is 10:58:30Z");
	cr_assert_eq(ds->d[4].kind, CO_DEC_MODERATION);
	cr_assert_eq(co_decision_about(ds, CO_DEC_ABNORMALLY_LOW, "C"), &ds->d[1]);
	cr_assert_null(co_decision_about(ds, CO_DEC_EXCLUSION, "C"));
	co_decisions_free(ds);
	co_diags_free(d);
}

typedef struct {
	char name[48];
	char rules[8];  /* "topn" or "scheme" */
	char text[400];
	char want[160]; /* a diagnostic, "decisions.yaml:LINE:COL: ..." */
} bad_case;

static bad_case bad_cases[] = {
	{"missing reason", "topn", HEAD "  - id: D1\n    kind: tie\n    award: [B]\n    by: X\n    at: 2026-12-03T10:00:00Z\n",
	 "decisions.yaml:4:5: missing required key 'reason' in decision D1"},
	{"blank reason", "topn", HEAD "  - id: D1\n    kind: tie\n    award: [B]\n    by: X\n    at: 2026-12-03T10:00:00Z\n    reason: \"  \"\n",
	 "decisions.yaml:9:13: 'reason' must not be empty"},
	{"duplicate decision", "topn", HEAD "  - id: D1\n    kind: tie\n    award: [B]\n" WHO "  - id: D2\n    kind: tie\n    award: [C]\n" WHO,
	 "decisions.yaml:10:5: duplicate decision: the tie at the boundary is already decided by D1 at line 4"},
	{"duplicate investigation", "topn", HEAD "  - id: D1\n    kind: abnormally_low\n    bid: B\n    outcome: accepted\n" WHO
	 "  - id: D2\n    kind: abnormally_low\n    bid: B\n    outcome: rejected\n" WHO,
	 "decisions.yaml:11:5: duplicate decision: this bid's abnormally low investigation is already decided by D1 at line 4"},
	{"duplicate id", "topn", HEAD "  - id: D1\n    kind: moderation\n" WHO "  - id: D1\n    kind: exclusion\n    bid: B\n    ground: mandatory\n" WHO,
	 "decisions.yaml:9:9: duplicate decision id 'D1' (first at line 4)"},
	{"wrong competition", "topn", "calloff-decisions: 1\ncompetition: T-2\ndecisions: []\n",
	 "decisions.yaml:2:14: these decisions are for competition 'T-2', but the rules are for 'T-1'"},
	{"unknown kind", "topn", HEAD "  - id: D1\n    kind: appeal\n" WHO,
	 "decisions.yaml:5:11: 'kind' must be one of tie, abnormally_low, exclusion, submitted, moderation, not 'appeal'"},
	{"unknown key", "topn", HEAD "  - id: D1\n    kind: moderation\n    bid: B\n" WHO,
	 "decisions.yaml:6:5: unknown key 'bid' in decision D1"},
	{"bad time", "topn", HEAD "  - id: D1\n    kind: moderation\n    by: X\n    at: 3 December\n    reason: y\n",
	 "decisions.yaml:7:9: 'at' must be an RFC 3339 time with its offset"},
	{"bad outcome", "topn", HEAD "  - id: D1\n    kind: abnormally_low\n    bid: B\n    outcome: maybe\n" WHO,
	 "decisions.yaml:7:14: 'outcome' must be one of accepted, rejected, not 'maybe'"},
	{"scheme in top_n", "topn", HEAD "  - id: D1\n    kind: tie\n    scheme: S1\n    award: [B]\n" WHO,
	 "decisions.yaml:6:13: 'scheme' is for a per_scheme lot"},
	{"scheme missing", "scheme", HEAD "  - id: D1\n    kind: tie\n    award: B\n" WHO,
	 "decisions.yaml:4:5: missing required key 'scheme' in decision D1"},
	{"unknown scheme", "scheme", HEAD "  - id: D1\n    kind: tie\n    scheme: S9\n    award: B\n" WHO,
	 "decisions.yaml:6:13: unknown scheme 'S9'"},
	{"two bids for a scheme", "scheme", HEAD "  - id: D1\n    kind: tie\n    scheme: S1\n    award: [A, B]\n" WHO,
	 "decisions.yaml:7:12: 'award' names 2 bids, but a scheme is awarded to one"},
	{"version", "topn", "calloff-decisions: 2\ncompetition: T-1\ndecisions: []\n",
	 "decisions.yaml:1:20: unsupported format version 2"},
	{"alias", "topn", HEAD "  - &x {id: D1, kind: moderation, by: X, at: 2026-12-03T10:00:00Z, reason: y}\n  - *x\n",
	 "decisions.yaml:4:5: "},
	{"not a list", "topn", "calloff-decisions: 1\ncompetition: T-1\ndecisions: {a: 1}\n",
	 "decisions.yaml:3:12: 'decisions' must be a list, not a mapping"},
};

ParameterizedTestParameters(decisions, each_malformed_file_is_refused_at_its_place)
{
	return cr_make_param_array(bad_case, bad_cases, sizeof(bad_cases) / sizeof(*bad_cases));
}

ParameterizedTest(bad_case *c, decisions, each_malformed_file_is_refused_at_its_place)
{
	co_decisions *ds = NULL;
	co_diags *d;
	int rc = load(&ds, strcmp(c->rules, "topn") == 0 ? TOPN_RULES : SCHEME_RULES, c->text, &d);
	cr_assert_eq(rc, CO_EINVALID, "%s: rc %d", c->name, rc);
	cr_assert_null(ds);
	cr_assert(t_diag_has(d, c->want), "%s: want '%s' in:\n%s", c->name, c->want, t_diags_text(d));
	co_diags_free(d);
}
