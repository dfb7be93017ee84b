/* Explain: every number it derives agrees with result.json, for every bid of the shipped examples. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <gmp.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"

typedef struct {
	const char *rules, *bids, *marks;
} example;

static const example examples[] = {
	{TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", TOP_SRCDIR "/bids/lot7", TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml"},
	{TOP_SRCDIR "/rules/dorset-lot8-extra-care.yaml", TOP_SRCDIR "/bids/lot8", TOP_SRCDIR "/bids/marks/dorset-lot8-marks.xml"},
	{TOP_SRCDIR "/rules/dorset-lot8-extra-care-capped.yaml", TOP_SRCDIR "/bids/lot8",
	 TOP_SRCDIR "/bids/marks/dorset-lot8-marks.xml"},
};

static json_t *stage(json_t *doc, const char *name)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(doc, "stages"), i, s)
		if (strcmp(json_string_value(json_object_get(s, "stage")), name) == 0)
			return s;
	return NULL;
}

static const char *value(json_t *o, const char *key)
{
	return json_string_value(json_object_get(json_object_get(o, key), "value"));
}

/*
 * Each neighbour's sentence names, as the bid ranked above, the one with the better rank (the
 * neighbour when its position is "above"), or says that the two share the rank. Returns how many.
 */
static size_t check_sentences(const json_t *neighbours, const char *self, long rank)
{
	size_t i;
	json_t *x;
	json_array_foreach(neighbours, i, x)
	{
		const char *other = t_str(x, "bid"), *sentence = t_str(x, "sentence");
		int above = strcmp(t_str(x, "position"), "above") == 0;
		long theirs = (long)json_integer_value(json_object_get(x, "rank"));
		char want[256];
		if (theirs == rank)
			snprintf(want, sizeof(want), "%s and %s share rank %ld: ", above ? other : self, above ? self : other, rank);
		else
			snprintf(want, sizeof(want), "%s is ranked above %s", above ? other : self, above ? self : other);
		cr_assert(strncmp(sentence, want, strlen(want)) == 0, "%s against %s: '%s', want '%s...'", self, other, sentence, want);
		cr_assert(theirs == rank || (above ? theirs < rank : theirs > rank), "%s: %s is %s at rank %ld", self, other,
		          above ? "above" : "below", theirs);
	}
	return json_array_size(neighbours);
}

static void check_example(const example *ex)
{
	co_rules *rules = NULL;
	co_paths *paths = NULL;
	co_result *res = NULL;
	char *text = NULL;
	const char *args[] = {ex->bids};
	cr_assert_eq(co_rules_load(&rules, ex->rules, NULL), 0);
	cr_assert_eq(co_paths_expand(&paths, args, 1, NULL), 0);
	cr_assert_eq(co_evaluate(&res, rules, paths, ex->marks, NULL), 0);
	cr_assert_eq(co_result_json(&text, res), 0);
	json_t *result = json_loads(text, 0, NULL);
	free(text);
	size_t i, checked = 0, reasons = 0, standings = 0;
	json_t *b;
	cr_assert_gt(json_array_size(json_object_get(result, "bids")), 0);
	json_array_foreach(json_object_get(result, "bids"), i, b)
	{
		const char *key = json_is_string(json_object_get(b, "bid")) ? t_str(b, "bid") : t_str(b, "file");
		char *ex_text = NULL;
		cr_assert_eq(co_result_explain(&ex_text, res, key, 1, NULL), 0, "explain %s", key);
		json_t *d = json_loads(ex_text, 0, NULL);
		free(ex_text);
		cr_assert_not_null(d);
		cr_assert_str_eq(t_str(d, "status"), t_str(b, "status"), "%s status", key);
		json_t *q = stage(d, "quality");
		if (json_is_string(json_object_get(b, "quality"))) {
			cr_assert_str_eq(value(q, "quality_points"), t_str(b, "quality"), "%s quality", key);
			size_t k;
			json_t *qq;
			cr_assert_eq(json_array_size(json_object_get(b, "questions")), co_rules_question_count(rules), "%s", key);
			cr_assert_eq(json_array_size(json_object_get(q, "questions")), co_rules_question_count(rules), "%s", key);
			cr_assert_gt(co_rules_question_count(rules), 0);
			json_array_foreach(json_object_get(b, "questions"), k, qq)
			{
				json_t *eq = json_array_get(json_object_get(q, "questions"), k);
				cr_assert_str_eq(value(eq, "points"), t_str(qq, "points"), "%s %s points", key, t_str(qq, "id"));
			}
			checked++;
		} else {
			cr_assert_null(json_object_get(q, "quality_points"), "%s has no quality", key);
		}
		if (json_is_string(json_object_get(b, "total"))) {
			json_t *aw = stage(d, "award");
			cr_assert_str_eq(value(stage(d, "price"), "price_points"), t_str(b, "price"), "%s price", key);
			cr_assert_str_eq(value(aw, "total"), t_str(b, "total"), "%s total", key);
			cr_assert_eq(json_integer_value(json_object_get(aw, "rank")), json_integer_value(json_object_get(b, "rank")));
			standings += check_sentences(json_object_get(aw, "neighbours"), key, (long)json_integer_value(json_object_get(aw, "rank")));
		}
		/* Every reason in the result is in the explanation, with the same detail. */
		size_t r;
		json_t *rr;
		cr_assert_eq(json_array_size(json_object_get(b, "reasons")), json_array_size(json_object_get(d, "reasons")),
		             "%s: as many reasons in the explanation as in the result", key);
		reasons += json_array_size(json_object_get(b, "reasons"));
		json_array_foreach(json_object_get(b, "reasons"), r, rr)
		{
			json_t *er = json_array_get(json_object_get(d, "reasons"), r);
			cr_assert_str_eq(t_str(er, "code"), t_str(rr, "code"));
			cr_assert_str_eq(t_str(er, "detail"), t_str(rr, "detail"));
		}
		json_decref(d);
	}
	cr_assert_gt(reasons, 0, "the example has bids that lost, with reasons compared above");
	/* per_scheme: each scheme's ranking total appears in the award stage of that bid. */
	json_t *s;
	int per_scheme = strcmp(t_str(json_object_get(result, "competition"), "mode"), "per_scheme") == 0;
	cr_assert_eq(json_array_size(json_object_get(result, "schemes")), per_scheme ? 5 : 0,
	             "Lot 8's five schemes, each checked below; none in top_n");
	json_array_foreach(json_object_get(result, "schemes"), i, s)
	{
		size_t k;
		json_t *c;
		json_array_foreach(json_object_get(s, "ranking"), k, c)
		{
			char *ex_text = NULL;
			cr_assert_eq(co_result_explain(&ex_text, res, t_str(c, "bid"), 1, NULL), 0);
			json_t *d = json_loads(ex_text, 0, NULL);
			free(ex_text);
			size_t j;
			json_t *es;
			int found = 0;
			json_array_foreach(json_object_get(stage(d, "award"), "schemes"), j, es)
				if (strcmp(t_str(es, "scheme"), t_str(s, "id")) == 0) {
					found = 1;
					cr_assert_str_eq(value(es, "total"), t_str(c, "total"));
					cr_assert_eq(json_integer_value(json_object_get(es, "rank")), json_integer_value(json_object_get(c, "rank")));
					check_sentences(json_object_get(es, "neighbours"), t_str(c, "bid"), (long)json_integer_value(json_object_get(es, "rank")));
				}
			cr_assert(found, "%s explains its standing on %s", t_str(c, "bid"), t_str(s, "id"));
			standings++;
			json_decref(d);
		}
	}
	cr_assert_gt(checked, 4);
	cr_assert(standings > 0, "some ranking was compared, with its neighbours' sentences");
	json_decref(result);
	co_result_free(res);
	co_paths_free(paths);
	co_rules_free(rules);
}

Test(explain, numbers_match_the_result_for_every_bid_of_lot7)
{
	check_example(&examples[0]);
}

Test(explain, numbers_match_the_result_for_every_bid_of_lot8)
{
	check_example(&examples[1]);
	check_example(&examples[2]);
}

Test(explain, derives_points_exactly_with_the_formula)
{
	co_rules *rules = NULL;
	co_paths *paths = NULL;
	co_result *res = NULL;
	char *text = NULL;
	const char *args[] = {examples[0].bids};
	cr_assert_eq(co_rules_load(&rules, examples[0].rules, NULL), 0);
	cr_assert_eq(co_paths_expand(&paths, args, 1, NULL), 0);
	cr_assert_eq(co_evaluate(&res, rules, paths, examples[0].marks, NULL), 0);
	/* B-L7-001 Q1: moderated 5 over evaluators 5, 3, 4 -> 100 x 15/100 x 5/5 = 15. */
	cr_assert_eq(co_result_explain(&text, res, "B-L7-001", 0, NULL), 0);
	cr_assert(strstr(text, "moderated: 5  Panel agreed 5"), "%s", text);
	cr_assert(strstr(text, "consensus (the moderated mark): c = 5"), "%s", text);
	cr_assert(strstr(text, "     points = Wq x (wq / 100) x (c / M) = 100 x (15 / 100) x (5 / 5) = 15\n"), "%s", text);
	/* Q2: median of E1 3, E2 4, E3 4 -> 4. */
	cr_assert(strstr(text, "     consensus (median): c = the middle of the marks in order: 3, 4, 4 = 4\n"), "%s", text);
	cr_assert(strstr(text, "   Qp = the sum of the question points = 15 + 12 + 12 + 8 + 8 + 10 + 8 + 12 = 85\n"), "%s", text);
	cr_assert(strstr(text, "   T = Qp + Pp = 85 + 0 = 85\n"), "%s", text);
	cr_assert(strstr(text, "   Pp = 0: no item earns price points, as the price weighting Wp is 0\n"), "%s", text);
	/* The winner (rank 1) is above the runner-up, not below it. */
	cr_assert(strstr(text, "   B-L7-001 is ranked above B-L7-002 because its total 85.00 is higher than 81.00\n"), "%s", text);
	cr_assert_null(strstr(text, "is ranked above B-L7-001"), "%s", text);
	free(text);
	/* A disqualified bid shows the failing evidence. */
	cr_assert_eq(co_result_explain(&text, res, "B-L7-006", 0, NULL), 0);
	cr_assert(strstr(text, "[FAIL] price weekly_single: 1195.00 against the maximum 1150.00"), "%s", text);
	cr_assert(strstr(text, "3. quality: not reached"), "%s", text);
	free(text);
	/* The malformed upload is found by its file path. */
	cr_assert_eq(co_result_explain(&text, res, TOP_SRCDIR "/bids/lot7/bridport-live-in-care.xml", 0, NULL), 0);
	cr_assert(strstr(text, "[FAIL] well-formed and valid against the bid schema"), "%s", text);
	free(text);
	co_diags *d = co_diags_new();
	cr_assert_eq(co_result_explain(&text, res, "B-NONE", 0, d), CO_EINVALID);
	cr_assert(t_diag_has(d, "no bid has this id"));
	co_diags_free(d);
	co_result_free(res);
	co_paths_free(paths);
	co_rules_free(rules);
}

Test(explain, the_text_shows_names_and_paths_from_bids_escaped_and_the_json_escapes_them_as_json_does)
{
	const char *dir = t_hostile_lot7(t_dir());
	const char *args[] = {dir};
	co_rules *rules = NULL;
	co_paths *paths = NULL;
	co_result *res = NULL;
	char *text = NULL, esc_path[512];
	snprintf(esc_path, sizeof(esc_path), "%s/" T_ESC_FILE, dir);
	cr_assert_eq(co_rules_load(&rules, examples[0].rules, NULL), 0);
	cr_assert_eq(co_paths_expand(&paths, args, 1, NULL), 0);
	cr_assert_eq(co_evaluate(&res, rules, paths, examples[0].marks, NULL), 0);
	cr_assert_eq(co_result_explain(&text, res, "B-L7-001", 0, NULL), 0);
	cr_assert_null(t_raw_control(text), "%s", text);
	cr_assert(strstr(text, "Bid B-L7-001 from Acme\\x0dX\\x0aEvil\\u009b2J\\x7f\\u202edtL\\x09Ltd (GB-COH-08123456)\n"), "%s", text);
	free(text);
	cr_assert_eq(co_result_explain(&text, res, esc_path, 0, NULL), 0);
	cr_assert_null(t_raw_control(text), "%s", text);
	cr_assert(strstr(text, "evil\\x1b[2J\\x1b[H.xml:"), "the parser's location is escaped too: %s", text);
	free(text);
	/* The JSON form is data: JSON's own escapes, and the value read back is the file's name. */
	cr_assert_eq(co_result_explain(&text, res, esc_path, 1, NULL), 0);
	cr_assert_null(strchr(text, '\x1b'), "%s", text);
	cr_assert(strstr(text, "evil\\u001B[2J\\u001B[H.xml"), "%s", text);
	json_t *doc = json_loads(text, 0, NULL);
	cr_assert_str_eq(t_str(doc, "file"), esc_path);
	json_decref(doc);
	free(text);
	co_result_free(res);
	co_paths_free(paths);
	co_rules_free(rules);
}

/* Explain of bid in an evaluation with decisions (or none): the JSON document, and the text into *text (caller frees). */
static json_t *explain_dec(const char *rules, const char *lot, const char *marks, const char *decisions, const char *bid,
                           char **text)
{
	char *m = t_marks("T-1", 2, marks), *js = NULL;
	t_decided d = t_render_dec(rules, lot, m, decisions);
	free(m);
	cr_assert_eq(co_result_explain(&js, d.res, bid, 1, NULL), 0);
	cr_assert_eq(co_result_explain(text, d.res, bid, 0, NULL), 0);
	t_decided_free(&d);
	json_t *doc = json_loads(js, 0, NULL);
	cr_assert_not_null(doc, "%s", js);
	free(js);
	return doc;
}

/* The check of a stage with this name (NULL when none). */
static json_t *check_named(json_t *st, const char *name)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(st, "checks"), i, c)
		if (strcmp(t_str(c, "check"), name) == 0)
			return c;
	return NULL;
}

static const char *compact(json_t *v)
{
	static char buf[2048];
	char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	snprintf(buf, sizeof(buf), "%s", s ? s : "(null)");
	free(s);
	return buf;
}

Test(explain, an_excluded_bid_fails_compliance_on_the_decision_and_quotes_it)
{
	char *text;
	json_t *doc = explain_dec(T_LOW_RULES, t_low_lot(), T_LOW_MARKS, T_EXCLUSION, "B", &text);
	json_t *st = stage(doc, "compliance");
	cr_assert_str_eq(t_str(st, "result"), "failed");
	json_t *c = check_named(st, "not excluded by the contracting authority");
	cr_assert_not_null(c, "%s", compact(st));
	cr_assert(json_is_false(json_object_get(c, "passed")));
	cr_assert(strstr(t_str(c, "evidence"), "decision X1 (A. Officer, Category Manager, 2026-12-03T10:00:00Z): On the "
	                                       "debarment list since 2026-11-20."));
	cr_assert_str_eq(compact(json_object_get(st, "decisions")),
	                 "[{\"id\":\"X1\",\"kind\":\"exclusion\",\"by\":\"A. Officer, Category Manager\","
	                 "\"at\":\"2026-12-03T10:00:00Z\",\"reason\":\"On the debarment list since 2026-11-20.\","
	                 "\"effect\":\"excludes bid B, ground: debarred\"}]");
	cr_assert_str_eq(t_str(stage(doc, "quality"), "result"), "not reached");
	cr_assert_null(json_object_get(stage(doc, "price"), "decisions"), "in the stage it belongs to only");
	cr_assert(strstr(text, "2. compliance: failed\n"), "%s", text);
	cr_assert(strstr(text, "   [FAIL] not excluded by the contracting authority: excluded on "), "%s", text);
	cr_assert(strstr(text, "   decision X1 (exclusion; A. Officer, Category Manager, 2026-12-03T10:00:00Z): excludes bid B, "
	                       "ground: debarred\n     why: On the debarment list since 2026-11-20.\n"),
	          "%s", text);
	free(text);
	json_decref(doc);
}

Test(explain, a_rejected_tender_fails_the_price_stage_on_the_investigation_with_no_points)
{
	char *text;
	json_t *doc = explain_dec(T_LOW_RULES, t_low_lot(), T_LOW_MARKS, T_LOW_DECISION("rejected"), "B", &text);
	json_t *st = stage(doc, "price");
	cr_assert_str_eq(t_str(st, "result"), "failed");
	json_t *c = check_named(st, "abnormally low price accepted on investigation");
	cr_assert_not_null(c, "%s", compact(st));
	cr_assert(json_is_false(json_object_get(c, "passed")));
	cr_assert(strstr(t_str(c, "evidence"), "the tender rejected: decision AL-1 (A. Officer"));
	cr_assert_str_eq(t_str(json_array_get(json_object_get(st, "decisions"), 0), "effect"),
	                 "rejects bid B after investigating its abnormally low price");
	cr_assert_null(json_object_get(st, "price_points"), "no price was scored for it");
	cr_assert_null(json_object_get(st, "items"));
	json_t *aw = stage(doc, "award");
	cr_assert_str_eq(t_str(aw, "result"), "not reached");
	cr_assert_null(json_object_get(aw, "total"));
	cr_assert(strstr(text, "4. price: failed\n   [FAIL] abnormally low price accepted on investigation: "), "%s", text);
	cr_assert_null(strstr(text, "Price points"), "%s", text);
	free(text);
	json_decref(doc);
	/* Accepted, the check passes, quoting the decision, and the prices are scored as ever. */
	doc = explain_dec(T_LOW_RULES, t_low_lot(), T_LOW_MARKS, T_LOW_DECISION("accepted"), "B", &text);
	c = check_named(stage(doc, "price"), "abnormally low price accepted on investigation");
	cr_assert(json_is_true(json_object_get(c, "passed")));
	cr_assert_str_eq(t_str(c, "evidence"), "decision AL-1 (A. Officer, Category Manager, 2026-12-03T10:00:00Z): "
	                                       "Explanation of the price requested under s.19; see file note 12.");
	cr_assert_str_eq(t_str(json_object_get(stage(doc, "price"), "price_points"), "value"), "50.00");
	free(text);
	json_decref(doc);
	/* Not investigated, in the award: the price stage says it is open. */
	doc = explain_dec(T_LOW_RULES, t_low_lot(), T_LOW_MARKS, NULL, "B", &text);
	cr_assert(strstr(t_str(stage(doc, "price"), "open"), "bid B is in the award with an abnormally low price (P1)"));
	cr_assert(strstr(text, "   OPEN: bid B is in the award"), "%s", text);
	free(text);
	json_decref(doc);
}

Test(explain, a_tie_decision_is_in_the_award_stage_of_each_tied_bid_saying_whether_it_awards_it)
{
	static const struct {
		char bid[2], effect[80], result[8];
	} tied[] = {{"C", "awards this bid (of the bids tied across the top-2 boundary)", "passed"},
	            {"B", "does not award this bid (of the bids tied across the top-2 boundary)", "failed"}};
	for (size_t i = 0; i < 2; i++) {
		char *text;
		json_t *doc = explain_dec(T_TIE_RULES, t_tie_lot(), T_TIE_MARKS,
		                          T_DEC_HEAD "  - id: D1\n    kind: tie\n    award: [C]\n" T_DEC_WHO
		                                     "    reason: \"Drawn by lot \\e[2J before two witnesses.\"\n",
		                          tied[i].bid, &text);
		json_t *aw = stage(doc, "award");
		cr_assert_str_eq(t_str(aw, "result"), tied[i].result);
		json_t *dec = json_array_get(json_object_get(aw, "decisions"), 0);
		cr_assert_str_eq(t_str(dec, "id"), "D1");
		cr_assert_str_eq(t_str(dec, "effect"), tied[i].effect);
		cr_assert_str_eq(t_str(dec, "reason"), "Drawn by lot \x1b[2J before two witnesses.", "the JSON is data");
		cr_assert_null(json_object_get(aw, "open"));
		cr_assert_null(t_raw_control(text), "the text is for a terminal: %s", text);
		cr_assert(strstr(text, "     why: Drawn by lot \\x1b[2J before two witnesses.\n"), "%s", text);
		free(text);
		json_decref(doc);
	}
	/* A bid not in the tie is not touched by it. */
	char *text;
	json_t *doc = explain_dec(T_TIE_RULES, t_tie_lot(), T_TIE_MARKS, T_TIE_DECISION, "A", &text);
	cr_assert_null(strstr(text, "decision D1"), "%s", text);
	free(text);
	json_decref(doc);
}

/* With a receipt log, stage 1 judges on the time of receipt, and explain shows it, where it comes from and what the bid declares. */
Test(explain, lateness_by_a_receipt_shows_the_receipt_and_the_declared_time)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-12-01T11:59:00Z", "Q1", "", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-12-01T10:00:00Z", "Q1", "", NULL, NULL);
	const char *rules_path = t_write(d, "rules.yaml", RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 100, price: 0}\n"
	                                                  "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n");
	char rp[512], mp[512], lp[512];
	snprintf(rp, sizeof(rp), "%s", rules_path);
	char *m = t_marks("T-1", 2, "A:Q1=4,4|B:Q1=3,3");
	snprintf(mp, sizeof(mp), "%s", t_write(t_dir(), "marks.xml", m));
	free(m);
	snprintf(lp, sizeof(lp), "%s", t_write(t_dir(), "receipts.csv", "file,received\na.xml,2026-12-01T12:01:00Z\nb.xml,2026-12-01T10:00:05Z\n"));
	co_diags *dg = co_diags_new();
	co_rules *rules = NULL;
	co_receipts *log = NULL;
	co_paths *paths = NULL;
	co_result *res = NULL;
	char *text = NULL;
	const char *bids[] = {d};
	cr_assert_eq(co_rules_load(&rules, rp, dg), 0);
	cr_assert_eq(co_receipts_load(&log, lp, NULL, dg), 0, "%s", t_diags_text(dg));
	cr_assert_eq(co_paths_expand(&paths, bids, 1, dg), 0);
	co_evaluate_options o = {.threads = 1, .keep_rationales = 1, .receipts = log};
	cr_assert_eq(co_evaluate_with(&res, rules, paths, mp, NULL, &o, dg), 0, "%s", t_diags_text(dg));
	cr_assert_eq(co_result_explain(&text, res, "A", 1, NULL), 0);
	char want[1024];
	snprintf(want, sizeof(want), "received 2026-12-01T12:01:00Z (receipt log, %s:2:7), the bid declares "
	                             "2026-12-01T11:59:00Z; deadline 2026-12-01T12:00:00Z", lp);
	cr_assert(strstr(text, want), "%s", text);
	free(text);
	co_result_free(res);
	co_paths_free(paths);
	co_receipts_free(log);
	co_rules_free(rules);
	co_diags_free(dg);
}

/* A bid in a tie left to a person has not failed the award: it is open until the decision, and then decided. */
Test(explain, an_undecided_tie_is_open_in_the_award_stage_then_decided)
{
	char *m = t_marks("T-1", 2, T_TIE_MARKS);
	t_decided open = t_render_dec(T_TIE_RULES, t_tie_lot(), m, NULL);
	t_decided done = t_render_dec(T_TIE_RULES, t_tie_lot(), m, T_TIE_DECISION);
	char *a = NULL, *b = NULL, *c = NULL;
	cr_assert_eq(co_result_explain(&a, open.res, "B", 0, NULL), 0);
	cr_assert_eq(co_result_explain(&b, done.res, "B", 0, NULL), 0);
	cr_assert_eq(co_result_explain(&c, done.res, "C", 0, NULL), 0);
	cr_assert(strstr(a, ". award: open\n"), "%s", a);
	cr_assert(strstr(b, ". award: failed\n"), "%s", b);
	cr_assert(strstr(c, ". award: passed\n"), "%s", c);
	free(a);
	free(b);
	free(c);
	free(m);
	t_decided_free(&open);
	t_decided_free(&done);
}

/* ---- explain for a person (issue 22) ---- */

/* text with each `from` replaced by `to`; each must occur. The caller frees. */
static char *replaced(char *text, const char *from, const char *to)
{
	char *at = strstr(text, from);
	cr_assert_not_null(at, "'%s' is in the text", from);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);
	cr_assert_not_null(out);
	snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	free(text);
	return out;
}

/*
 * The shipped Lot 7 made a priced lot: weights 60/40, the four scored items weighted 60, 20, 10
 * and 10 (mileage stays unscored), with this price scoring and consensus. Returns the rule
 * file's path (static storage).
 */
static const char *priced_lot7(const char *scoring, const char *consensus)
{
	static char path[512];
	char *y = t_read(examples[0].rules);
	y = replaced(y, "weights: {quality: 100, price: 0}", "weights: {quality: 60, price: 40}");
	y = replaced(y, "max: 1150.00}", "max: 1150.00, weight: 60}");
	y = replaced(y, "max: 1450.00}", "max: 1450.00, weight: 20}");
	y = replaced(y, "max: 95.00}", "max: 95.00, weight: 10}");
	y = replaced(y, "max: 165.00}", "max: 165.00, weight: 10}");
	y = replaced(y, "price_scoring: lowest_ratio", scoring);
	y = replaced(y, "consensus: median", consensus);
	snprintf(path, sizeof(path), "%s", t_write(t_dir(), "lot7-priced.yaml", y));
	free(y);
	return path;
}

typedef struct {
	co_rules *rules;
	co_paths *paths;
	co_result *res;
	json_t *result; /* the result document */
} evaluated;

static evaluated evaluate(const char *rules, const char *bids, const char *marks)
{
	evaluated e = {0};
	char *text = NULL;
	const char *args[] = {bids};
	cr_assert_eq(co_rules_load(&e.rules, rules, NULL), 0);
	cr_assert_eq(co_paths_expand(&e.paths, args, 1, NULL), 0);
	cr_assert_eq(co_evaluate(&e.res, e.rules, e.paths, marks, NULL), 0);
	cr_assert_eq(co_result_json(&text, e.res), 0);
	e.result = json_loads(text, 0, NULL);
	free(text);
	return e;
}

static void evaluated_free(evaluated *e)
{
	json_decref(e->result);
	co_result_free(e->res);
	co_paths_free(e->paths);
	co_rules_free(e->rules);
}

/* The explanation of bid (text, or JSON when as_json); the caller frees. */
static char *explained(const evaluated *e, const char *bid, int as_json)
{
	char *text = NULL;
	cr_assert_eq(co_result_explain(&text, e->res, bid, as_json, NULL), 0, "explain %s", bid);
	return text;
}

static size_t count(const char *text, const char *needle)
{
	size_t n = 0;
	for (const char *s = strstr(text, needle); s; s = strstr(s + 1, needle))
		n++;
	return n;
}

Test(explain, every_symbol_is_defined_once_at_the_top_and_only_those_the_bid_uses)
{
	evaluated lot7 = evaluate(examples[0].rules, examples[0].bids, examples[0].marks);
	evaluated priced = evaluate(priced_lot7("price_scoring: lowest_ratio", "consensus: median"), examples[0].bids,
	                            examples[0].marks);
	char *a = explained(&lot7, "B-L7-001", 0), *b = explained(&priced, "B-L7-001", 0), *late = explained(&lot7, "B-L7-003", 0);
	/* The section comes once, before the first stage, and each symbol is defined in it once. */
	const char *both[] = {"\n   Wq = ", "\n   wq = ", "\n   c = ", "\n   M = 5, the top of the scale\n", "\n   Qp = the quality points",
	                      "\n   p = ", "\n   X = ", "\n   Pp = the price points", "\n   T = the total: Qp + Pp\n"};
	const char *priced_only[] = {"\n   Wp = 40, the price weighting", "\n   w = ", "\n   L = ", "\n   f = the price factor"};
	for (int k = 0; k < 2; k++) {
		const char *t = k ? b : a;
		cr_assert_eq(count(t, "\nSymbols:\n"), 1, "%s", t);
		const char *top = strstr(t, "\nSymbols:\n"), *first = strstr(t, "\n1. admissibility");
		cr_assert(top && first && top < first, "the symbols come before the stages: %s", t);
		for (size_t i = 0; i < sizeof(both) / sizeof(both[0]); i++) {
			cr_assert_eq(count(t, both[i]), 1, "'%s' once: %s", both[i], t);
			cr_assert(strstr(t, both[i]) < first, "'%s' in the section at the top", both[i]);
		}
		for (size_t i = 0; i < sizeof(priced_only) / sizeof(priced_only[0]); i++)
			cr_assert_eq(count(t, priced_only[i]), (size_t)k, "'%s' only where prices earn points: %s", priced_only[i], t);
	}
	cr_assert(strstr(a, "\n   Wq = 100, the quality weighting, in % of the total\n"), "%s", a);
	cr_assert(strstr(b, "\n   Wq = 60, the quality weighting, in % of the total\n"), "%s", b);
	cr_assert(strstr(b, "\n   f = the price factor of an item, from 0 to 1: L / p (lowest_ratio)\n"), "%s", b);
	cr_assert(strstr(a, "else the median of the evaluators' marks\n"), "Lot 7's consensus is the median: %s", a);
	/* A bid out at stage 1 has no formula, so nothing to define. */
	cr_assert_null(strstr(late, "Symbols:"), "%s", late);
	/* The JSON form carries the same definitions. */
	char *js = explained(&priced, "B-L7-001", 1);
	json_t *doc = json_loads(js, 0, NULL), *sym;
	size_t i;
	cr_assert_eq(json_array_size(json_object_get(doc, "symbols")), 13);
	json_array_foreach(json_object_get(doc, "symbols"), i, sym)
		if (strcmp(t_str(sym, "symbol"), "Wp") == 0)
			cr_assert_str_eq(t_str(sym, "value"), "40");
	json_decref(doc);
	free(js);
	free(a);
	free(b);
	free(late);
	evaluated_free(&lot7);
	evaluated_free(&priced);
}

/* The bid object with this id in a result document. */
static json_t *result_bid(const json_t *result, const char *id)
{
	size_t i;
	json_t *b;
	json_array_foreach(json_object_get(result, "bids"), i, b)
		if (strcmp(t_str(b, "bid"), id) == 0)
			return b;
	cr_assert_fail("%s is in the result", id);
	return NULL;
}

/*
 * Priced Lot 7, lowest_ratio, B-L7-001 (Acme): by hand, weekly_single L = 775.00 (Cranborne's,
 * B-L7-009), p = 1095.00, f = 775/1095 = 155/219 = 0.7077625..., points 40 x 0.6 x 155/219 =
 * 1240/73 = 16.9863013...; weekly_shared 1100/1390 = 110/139, 40 x 0.2 x 110/139 = 880/139;
 * sleeping_night 70/88 = 35/44, 4 x 35/44 = 35/11; waking_night 120/150 = 0.8, 4 x 0.8 = 3.2.
 * Pp = 1240/73 + 880/139 + 35/11 + 16/5 = 16574597/558085 (denominator 73 x 139 x 11 x 5) =
 * 29.6990548..., 29.70 as result.json shows; Qp = 51 (60% of Lot 7's 85), T = 80.70.
 */
Test(explain, the_price_factor_of_a_lot7_bid_is_shown_with_its_numbers_and_agrees_with_the_result)
{
	evaluated e = evaluate(priced_lot7("price_scoring: lowest_ratio", "consensus: median"), examples[0].bids,
	                       examples[0].marks);
	json_t *acme = result_bid(e.result, "B-L7-001");
	cr_assert_str_eq(t_str(acme, "price"), "29.70");
	cr_assert_str_eq(t_str(acme, "total"), "80.70");
	char *t = explained(&e, "B-L7-001", 0);
	cr_assert(strstr(t, "   weekly_single (lowest_ratio, w = 60%): p = 1095.00, L = 775.00, X = 1150.00\n"
	                    "     f = L / p = 775.00 / 1095.00 = 155/219 = 0.707763 (to 6 places)\n"
	                    "     points = Wp x (w / 100) x f = 40 x (60 / 100) x 155/219 (0.707763) = 1240/73 = 16.986301 "
	                    "(to 6 places); 16.99 in the result\n"),
	          "%s", t);
	cr_assert(strstr(t, "     f = L / p = 120.00 / 150.00 = 0.8\n"), "a decimal that ends is shown as it is: %s", t);
	cr_assert(strstr(t, "   Pp = the sum of the item points = 1240/73 (16.986301) + 880/139 (6.330935) + 35/11 (3.181818) + "
	                    "3.2 = 16574597/558085 = 29.699055 (to 6 places); 29.70 in the result\n"),
	          "%s", t);
	cr_assert(strstr(t, "   T = Qp + Pp = 51 + 16574597/558085 (29.699055) = 45036932/558085 = 80.699055 (to 6 places); "
	                    "80.70 in the result\n"),
	          "%s", t);
	cr_assert(strstr(t, "   mileage: p = 0.45, X = 0.45 (not scored)\n"), "%s", t);
	free(t);
	/* The JSON gives the same factor, and the points result.json shows. */
	char *js = explained(&e, "B-L7-001", 1);
	json_t *doc = json_loads(js, 0, NULL);
	json_t *item = json_array_get(json_object_get(stage(doc, "price"), "items"), 0);
	cr_assert_str_eq(t_str(item, "f_formula"), "L / p = 775.00 / 1095.00 = 155/219 = 0.707763 (to 6 places)");
	cr_assert_str_eq(value(stage(doc, "price"), "price_points"), t_str(acme, "price"));
	json_decref(doc);
	free(js);
	evaluated_free(&e);
}

/*
 * Priced Lot 7 under linear_to_max and the mean, B-L7-008 (Chesil): weekly_single
 * f = (1150.00 - 1040.00) / (1150.00 - 775.00) = 110/375 = 22/75, points 24 x 22/75 = 7.04;
 * Q1 marked 4, 4, 5 by E1-E3: c = 13/3, points 60 x 0.15 x 13/15 = 7.8.
 */
Test(explain, linear_to_max_and_the_mean_are_shown_with_their_numbers)
{
	evaluated e = evaluate(priced_lot7("price_scoring: linear_to_max", "consensus: mean"), examples[0].bids,
	                       examples[0].marks);
	char *t = explained(&e, "B-L7-008", 0);
	cr_assert(strstr(t, "     f = (X - p) / (X - L) = (1150.00 - 1040.00) / (1150.00 - 775.00) = 110.00 / 375.00 = 22/75 = "
	                    "0.293333 (to 6 places)\n"
	                    "     points = Wp x (w / 100) x f = 40 x (60 / 100) x 22/75 (0.293333) = 7.04\n"),
	          "%s", t);
	cr_assert(strstr(t, "     consensus (mean): c = (4 + 4 + 5) / 3 = 13/3 = 4.333333 (to 6 places)\n"
	                    "     points = Wq x (wq / 100) x (c / M) = 60 x (15 / 100) x (13/3 (4.333333) / 5) = 7.8\n"),
	          "%s", t);
	cr_assert(strstr(t, "\n   f = the price factor of an item, from 0 to 1: (X - p) / (X - L), or 1 when X = L (linear_to_max)\n"),
	          "%s", t);
	free(t);
	evaluated_free(&e);
}

/*
 * The first fault among the fractions "p/q" of text: each must have its decimal right after it
 * (" = d" or " (d"), and that decimal must be p/q rounded half up to its own places. NULL when
 * there is none (a static message otherwise); *n receives how many fractions were checked.
 */
static const char *fraction_fault(const char *text, size_t *n)
{
	static char fault[256];
	const char *why = NULL;
	mpz_t num, den, scale, want, got;
	mpz_inits(num, den, scale, want, got, NULL);
	*n = 0;
	for (const char *s = strchr(text, '/'); s && !why; s = strchr(s + 1, '/')) {
		if (s == text || !isdigit((unsigned char)s[-1]) || !isdigit((unsigned char)s[1]))
			continue;
		const char *a = s, *z = s + 1;
		while (a > text && isdigit((unsigned char)a[-1]))
			a--;
		while (isdigit((unsigned char)*z))
			z++;
		char p[64], q[64], dec[64], digits[64];
		snprintf(p, sizeof(p), "%.*s", (int)(s - a), a);
		snprintf(q, sizeof(q), "%.*s", (int)(z - s - 1), s + 1);
		const char *d = strncmp(z, " = ", 3) == 0 ? z + 3 : strncmp(z, " (", 2) == 0 ? z + 2 : NULL;
		size_t len = d ? strspn(d, "0123456789.") : 0;
		snprintf(dec, sizeof(dec), "%.*s", (int)len, d ? d : "");
		const char *point = strchr(dec, '.');
		if (!point) {
			snprintf(fault, sizeof(fault), "the fraction %s/%s has no decimal beside it: '%.60s'", p, q, a);
			why = fault;
			break;
		}
		/* want = floor((2 p 10^places + q) / 2q): p/q rounded half up, in units of the last place */
		mpz_set_str(num, p, 10);
		mpz_set_str(den, q, 10);
		mpz_ui_pow_ui(scale, 10, strlen(point + 1));
		mpz_mul(want, num, scale);
		mpz_mul_ui(want, want, 2);
		mpz_add(want, want, den);
		mpz_mul_ui(den, den, 2);
		mpz_fdiv_q(want, want, den);
		snprintf(digits, sizeof(digits), "%.*s%s", (int)(point - dec), dec, point + 1);
		mpz_set_str(got, digits, 10);
		if (mpz_cmp(want, got) != 0) {
			snprintf(fault, sizeof(fault), "%s/%s is shown as %s", p, q, dec);
			why = fault;
		}
		++*n;
	}
	mpz_clears(num, den, scale, want, got, NULL);
	return why;
}

/* The fractions of every bid's explanation in an evaluation, checked; how many. */
static size_t every_bid_checked(const char *rules, const char *bids, const char *marks)
{
	evaluated e = evaluate(rules, bids, marks);
	size_t i, n = 0;
	json_t *b;
	json_array_foreach(json_object_get(e.result, "bids"), i, b)
	{
		const char *key = json_is_string(json_object_get(b, "bid")) ? t_str(b, "bid") : t_str(b, "file");
		char *t = explained(&e, key, 0);
		size_t k;
		const char *fault = fraction_fault(t, &k);
		cr_assert_null(fault, "%s: %s", key, fault);
		n += k;
		free(t);
	}
	evaluated_free(&e);
	return n;
}

Test(explain, no_fraction_is_shown_without_its_decimal_in_any_bid_of_the_examples)
{
	size_t shipped = 0;
	for (size_t k = 0; k < sizeof(examples) / sizeof(examples[0]); k++)
		shipped += every_bid_checked(examples[k].rules, examples[k].bids, examples[k].marks);
	/* The shipped lots are quality-only with medians and moderated marks: whole numbers throughout. */
	cr_assert_eq(shipped, 0);
	size_t ratio = every_bid_checked(priced_lot7("price_scoring: lowest_ratio", "consensus: median"), examples[0].bids,
	                                 examples[0].marks);
	size_t linear = every_bid_checked(priced_lot7("price_scoring: linear_to_max", "consensus: mean"), examples[0].bids,
	                                  examples[0].marks);
	cr_assert_gt(ratio, 20, "priced Lot 7 shows fractions (%zu), each checked", ratio);
	cr_assert_gt(linear, 20, "priced Lot 7 under linear_to_max and the mean shows fractions (%zu), each checked", linear);
}

/* The checker finds a bare fraction and a wrong decimal, so that no fault above means something. */
Test(explain, the_fraction_checker_finds_a_bare_fraction_and_a_wrong_decimal)
{
	size_t n;
	cr_assert_str_eq(fraction_fault("f = 155/216 and more", &n), "the fraction 155/216 has no decimal beside it: '155/216 and more'");
	cr_assert_str_eq(fraction_fault("f = 155/216 = 0.717592 (to 6 places)", &n), "155/216 is shown as 0.717592");
	cr_assert_str_eq(fraction_fault("f = 1/8 (0.13) and 1/8 (0.12)", &n), "1/8 is shown as 0.12", "half up");
	cr_assert_null(fraction_fault("f = 155/216 = 0.717593 (to 6 places); x 155/216 (0.717593); 7/2 = 3.5; lot7/a.xml", &n));
	cr_assert_eq(n, 3);
}

Test(explain, which_bid_is_above_which_on_the_total_and_on_each_tie_break_key)
{
	/* The total: Lot 7's winner over the runner-up, in both bids' explanations. */
	evaluated lot7 = evaluate(examples[0].rules, examples[0].bids, examples[0].marks);
	const char *total = "   B-L7-001 is ranked above B-L7-002 because its total 85.00 is higher than 81.00\n";
	char *t = explained(&lot7, "B-L7-002", 0);
	cr_assert(strstr(t, total), "%s", t);
	free(t);
	/* Lot 7's two bids at rank 5 are tied on the total and on question:Q1. */
	t = explained(&lot7, "B-L7-011", 0);
	cr_assert(strstr(t, "   B-L7-010 and B-L7-011 share rank 5: equal totals (67.00) and equal on every tie-break key\n"), "%s", t);
	free(t);
	evaluated_free(&lot7);
	/* Lot 8, ECH-01: Harbour and the winner both 81.00; question:E2 moderated 5 against Harbour's 4 (the issue). */
	evaluated lot8 = evaluate(examples[1].rules, examples[1].bids, examples[1].marks);
	t = explained(&lot8, "B-L8-03", 0);
	cr_assert(strstr(t, "     B-L8-01 is ranked above B-L8-03: equal totals (81.00); the first tie-break key, question:E2, "
	                    "is higher for B-L8-01: 5 against 4\n"),
	          "%s", t);
	free(t);
	evaluated_free(&lot8);
	/* quality: A 40 + 50 (the lowest price) = 90, B 50 + 50 x 400/500 = 90; B's quality is higher. */
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-28T10:00:00Z", "Q1", "P1=400.00", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-28T11:00:00Z", "Q1", "P1=500.00", NULL, NULL);
	json_t *doc = explain_dec(RULES_HEAD "award: {mode: top_n, n: 1, tie_break: [quality]}\nweights: {quality: 50, price: 50}\n"
	                                     "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n"
	                                     "prices:\n  - {id: P1, max: 1000.00, weight: 100}\nprice_scoring: lowest_ratio\n",
	                          d, "A:Q1=4,4|B:Q1=5,5", NULL, "A", &t);
	cr_assert(strstr(t, "   B is ranked above A: equal totals (90.00); the first tie-break key, quality, is higher for B: "
	                    "50.00 against 40.00\n"),
	          "%s", t);
	free(t);
	json_decref(doc);
	/* submitted, the second key after an equal quality: the earlier bid is above. */
	d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-28T10:00:00Z", "Q1", "", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-29T09:30:00Z", "Q1", "", NULL, NULL);
	doc = explain_dec(RULES_HEAD "award: {mode: top_n, n: 1, tie_break: [quality, submitted]}\n"
	                             "weights: {quality: 100, price: 0}\nmoderation: {consensus: mean}\n"
	                             "questions:\n  - {id: Q1, weight: 100}\n",
	                  d, "A:Q1=4,4|B:Q1=4,4", NULL, "B", &t);
	cr_assert(strstr(t, "   A is ranked above B: equal totals (80.00); equal on the first tie-break key, quality (80.00); the "
	                    "second tie-break key, submitted, is earlier for A: 2026-11-28T10:00:00Z against 2026-11-29T09:30:00Z\n"),
	          "%s", t);
	free(t);
	json_decref(doc);
	/* Tied on everything, across the boundary: the two share the rank, and the one above is named as above. */
	doc = explain_dec(T_TIE_RULES, t_tie_lot(), T_TIE_MARKS, NULL, "B", &t);
	cr_assert(strstr(t, "   A is ranked above B because its total 90.00 is higher than 80.00\n"
	                    "   B and C share rank 2: equal totals (80.00) and equal on every tie-break key\n"),
	          "%s", t);
	free(t);
	json_decref(doc);
}

/*
 * The challenge check's line (engine/analytics/challenge.h), on the reversal its tests build by
 * hand (tests/helpers.h t_reversal_lot): C's removal turns B's win into A's; with A's P2 at
 * 250.00 it changes nothing.
 */
static json_t *hand_lot(const char *p2a, const char *bid, char **text)
{
	const char *dir = t_reversal_lot(p2a);
	return explain_dec(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 50, price: 50}\n"
	                              "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n"
	                              "prices:\n  - {id: P1, max: 1000.00, weight: 50}\n  - {id: P2, max: 1000.00, weight: 50}\n"
	                              "price_scoring: lowest_ratio\n",
	                   dir, T_REVERSAL_MARKS, NULL, bid, text);
}

Test(explain, the_challenge_check_is_in_the_award_stage_of_each_bid_whose_outcome_it_changes)
{
	const char *line = "   challenge check: Without C, which sets the lowest P1 price (50.00), A would be awarded instead of B.\n";
	const char *bids[] = {"A", "B", "C"};
	for (size_t i = 0; i < 3; i++) {
		char *t;
		json_t *doc = hand_lot("160.00", bids[i], &t);
		cr_assert(strstr(t, line), "%s: %s", bids[i], t);
		json_t *ch = json_object_get(stage(doc, "award"), "challenge");
		cr_assert(json_is_true(json_object_get(ch, "applies")));
		cr_assert_eq(json_array_size(json_object_get(ch, "sentences")), 1);
		free(t);
		json_decref(doc);
	}
	/* The explanation still gives the award as the engine made it: A's total and rank, B above A. */
	char *t;
	json_t *doc = hand_lot("160.00", "A", &t);
	cr_assert(strstr(t, "   T = Qp + Pp = 40 + 28.125 = 68.125; 68.13 in the result\n   rank 2 (1 place; 1 bid awarded)\n"), "%s", t);
	cr_assert(strstr(t, "   B is ranked above A because its total 71.25 is higher than 68.13\n"), "%s", t);
	free(t);
	json_decref(doc);
	/* No change: C's own line says so, and A is told that no such bid changes its outcome. */
	doc = hand_lot("250.00", "C", &t);
	cr_assert(strstr(t, "   challenge check: Without C, which sets the lowest P1 price (50.00), the award would be the same.\n"), "%s", t);
	free(t);
	json_decref(doc);
	doc = hand_lot("250.00", "A", &t);
	cr_assert(strstr(t, "   challenge check: no bid that did not win and could change the award would change this bid's outcome "
	                    "if taken out\n"),
	          "%s", t);
	free(t);
	json_decref(doc);
	/* Quality only (Lot 7 as shipped): the check does not apply, and the text says nothing of it. */
	evaluated lot7 = evaluate(examples[0].rules, examples[0].bids, examples[0].marks);
	t = explained(&lot7, "B-L7-001", 0);
	cr_assert_null(strstr(t, "challenge check"), "%s", t);
	free(t);
	char *js = explained(&lot7, "B-L7-001", 1);
	doc = json_loads(js, 0, NULL);
	cr_assert(json_is_false(json_object_get(json_object_get(stage(doc, "award"), "challenge"), "applies")), "%s", js);
	json_decref(doc);
	free(js);
	evaluated_free(&lot7);
}

/*
 * The places and the bids actually awarded, never "top n awarded": n = 2 and quality only, A
 * (mark 5) alone ahead, B and C (mark 4) tied at rank 2 across the boundary, D (mark 3) rank 4.
 * exclude_all awards 1 bid; admit_all awards 3.
 */
Test(explain, the_award_stage_says_the_places_and_the_bids_awarded)
{
	const char *at[] = {"exclude_all", "admit_all"};
	const char *want[] = {"   rank 4 (2 places; 1 bid awarded)\n", "   rank 4 (2 places; 3 bids awarded)\n"};
	const json_int_t count[] = {1, 3};
	for (size_t i = 0; i < 2; i++) {
		const char *dir = t_dir();
		const char *ids[] = {"A", "B", "C", "D"};
		for (size_t k = 0; k < 4; k++) {
			char file[16], sup[32];
			snprintf(file, sizeof(file), "%s.xml", ids[k]);
			snprintf(sup, sizeof(sup), "GB-COH-0000000%s", ids[k]);
			t_put_bid(dir, file, ids[k], sup, "2026-11-28T10:00:00Z", "Q1", "P1=100.00", NULL, NULL);
		}
		char rules[512];
		snprintf(rules, sizeof(rules),
		         RULES_HEAD "award: {mode: top_n, n: 2, at_boundary: %s}\nweights: {quality: 100, price: 0}\n"
		                    "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n"
		                    "prices:\n  - {id: P1, max: 1000.00}\n",
		         at[i]);
		char *t;
		json_t *doc = explain_dec(rules, dir, "A:Q1=5,5|B:Q1=4,4|C:Q1=4,4|D:Q1=3,3", NULL, "D", &t);
		cr_assert(strstr(t, want[i]), "%s: %s", at[i], t);
		cr_assert_null(strstr(t, "top 2 awarded"), "%s", t);
		json_t *aw = stage(doc, "award");
		cr_assert_eq(json_integer_value(json_object_get(aw, "n")), 2);
		cr_assert_eq(json_integer_value(json_object_get(aw, "awarded_count")), count[i], "%s", at[i]);
		free(t);
		json_decref(doc);
	}
}
