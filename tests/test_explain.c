/* Explain: every number it derives agrees with result.json, for every bid of the shipped examples. */
#include <criterion/criterion.h>
#include <stdlib.h>
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
