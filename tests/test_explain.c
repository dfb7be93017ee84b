/* Explain: every number it derives agrees with result.json, for every bid of the shipped examples. */
#include <criterion/criterion.h>
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
				}
			cr_assert(found, "%s explains its standing on %s", t_str(c, "bid"), t_str(s, "id"));
			standings++;
			json_decref(d);
		}
	}
	cr_assert_gt(checked, 4);
	cr_assert(!per_scheme || standings > 0, "some scheme ranking was compared");
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
	cr_assert(strstr(text, "= 100 x (15 / 100) x (5 / 5) = 15 (15.00)"), "%s", text);
	cr_assert(strstr(text, "below B-L7-002 (rank 2, total 81.00): separated by the total"), "%s", text);
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
