/* Stage 1, admissibility: one reason per bid, checked in the order FORMATS.md 6.1 gives. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"

#define RULES RULES_HEAD                                                     \
	"award: {mode: top_n, n: 5}\nweights: {quality: 100, price: 0}\n"       \
	"moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n"

static void bid(const char *dir, const char *file, const char *comp, const char *id, const char *supplier,
                const char *submitted)
{
	char *x = t_bid_for(comp, id, supplier, submitted, "Q1", "", NULL, NULL);
	t_write(dir, file, x);
	free(x);
}

static void expect(const t_run *r, const char *id, const char *status, const char *code)
{
	json_t *b = t_bid_of(r, id);
	cr_assert_not_null(b, "bid %s must be in the result", id);
	cr_assert_str_eq(t_str(b, "status"), status, "status of %s", id);
	cr_assert_str_eq(t_reason(b, 0), code, "first reason of %s", id);
	if (strcmp(status, "rejected") == 0)
		cr_assert_eq(json_array_size(json_object_get(b, "reasons")), 1, "stage 1 gives one reason (%s)", id);
}

Test(admissibility, late_is_strictly_after_the_deadline)
{
	const char *d = t_dir();
	bid(d, "a.xml", "T-1", "B1", "GB-COH-1", "2026-12-01T12:00:00Z");
	bid(d, "b.xml", "T-1", "B2", "GB-COH-2", "2026-12-01T12:00:00.001Z");
	bid(d, "c.xml", "T-1", "B3", "GB-COH-3", "2026-12-01T12:30:00+01:00");
	char *m = t_marks("T-1", 1, "B1:Q1=3|B3:Q1=3");
	t_run r = t_eval(RULES, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	expect(&r, "B1", "awarded", "");
	expect(&r, "B2", "rejected", "late");
	expect(&r, "B3", "awarded", "");
	cr_assert(strstr(json_string_value(json_object_get(json_array_get(json_object_get(t_bid_of(&r, "B2"), "reasons"), 0), "detail")),
	                 "after the deadline 2026-12-01T12:00:00Z"));
	t_run_free(&r);
}

Test(admissibility, same_bid_id_in_two_files_rejects_both)
{
	const char *d = t_dir();
	bid(d, "a.xml", "T-1", "B1", "GB-COH-1", "2026-11-01T12:00:00Z");
	bid(d, "b.xml", "T-1", "B1", "GB-COH-2", "2026-11-01T12:00:00Z");
	bid(d, "c.xml", "T-1", "B2", "GB-COH-3", "2026-11-01T12:00:00Z");
	char *m = t_marks("T-1", 1, "B2:Q1=3");
	t_run r = t_eval(RULES, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	json_t *bids = json_object_get(r.doc, "bids");
	cr_assert_eq(json_array_size(bids), 3, "both files appear");
	int dups = 0;
	for (size_t i = 0; i < 3; i++)
		dups += strcmp(t_reason(json_array_get(bids, i), 0), "duplicate_submission") == 0;
	cr_assert_eq(dups, 2);
	t_run_free(&r);
}

Test(admissibility, only_the_first_applicable_reason_is_given)
{
	const char *d = t_dir();
	/* Wrong competition and late: wrong_competition comes first. */
	bid(d, "a.xml", "T-9", "B1", "GB-COH-1", "2026-12-02T12:00:00Z");
	/* Invalid: no later check is made. */
	t_write(d, "b.xml", "<bid xmlns=\"urn:calloff:bid:1\" id=\"B2\"");
	bid(d, "c.xml", "T-1", "B3", "GB-COH-3", "2026-11-01T12:00:00Z");
	char *m = t_marks("T-1", 1, "B3:Q1=3");
	t_run r = t_eval(RULES, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	expect(&r, "B1", "rejected", "wrong_competition");
	json_t *bad = json_array_get(json_object_get(r.doc, "bids"), 2);
	cr_assert_str_eq(t_str(bad, "file"), t_write(d, "b.xml", "<bid xmlns=\"urn:calloff:bid:1\" id=\"B2\""));
	cr_assert_str_eq(t_reason(bad, 0), "invalid_bid");
	cr_assert_str_eq(t_str(bad, "bid"), "", "an unreadable bid has a null id");
	t_run_free(&r);
}

Test(admissibility, latest_submission_of_a_supplier_counts)
{
	const char *d = t_dir();
	bid(d, "a.xml", "T-1", "B1", "GB-COH-1", "2026-11-01T12:00:00Z");
	bid(d, "b.xml", "T-1", "B2", "GB-COH-1", "2026-11-20T12:00:00Z");
	bid(d, "c.xml", "T-1", "B3", "GB-COH-1", "2026-11-10T12:00:00Z");
	char *m = t_marks("T-1", 1, "B2:Q1=3");
	t_run r = t_eval(RULES, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	expect(&r, "B1", "rejected", "superseded");
	expect(&r, "B3", "rejected", "superseded");
	expect(&r, "B2", "awarded", "");
	t_run_free(&r);
}

Test(admissibility, a_late_resubmission_leaves_the_earlier_bid_in)
{
	/* Supersession is decided among the bids not already rejected. */
	const char *d = t_dir();
	bid(d, "a.xml", "T-1", "B1", "GB-COH-1", "2026-11-01T12:00:00Z");
	bid(d, "b.xml", "T-1", "B2", "GB-COH-1", "2026-12-01T12:00:01Z");
	char *m = t_marks("T-1", 1, "B1:Q1=3");
	t_run r = t_eval(RULES, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	expect(&r, "B2", "rejected", "late");
	expect(&r, "B1", "awarded", "");
	t_run_free(&r);
}

Test(admissibility, latest_two_sharing_a_timestamp_reject_all_of_that_supplier)
{
	const char *d = t_dir();
	bid(d, "a.xml", "T-1", "B1", "GB-COH-1", "2026-11-01T12:00:00Z");
	bid(d, "b.xml", "T-1", "B2", "GB-COH-1", "2026-11-20T12:00:00Z");
	bid(d, "c.xml", "T-1", "B3", "GB-COH-1", "2026-11-20T13:00:00+01:00");
	bid(d, "d.xml", "T-1", "B4", "GB-COH-2", "2026-11-20T12:00:00Z");
	char *m = t_marks("T-1", 1, "B4:Q1=3");
	t_run r = t_eval(RULES, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	expect(&r, "B1", "rejected", "duplicate_submission");
	expect(&r, "B2", "rejected", "duplicate_submission");
	expect(&r, "B3", "rejected", "duplicate_submission");
	expect(&r, "B4", "awarded", "");
	t_run_free(&r);
}

/*
 * RFC 3339 fractions of any length: a bid a tenth of a nanosecond after the deadline is late,
 * and a supplier's latest bid is found by its 19th fraction digit when the first 18 agree.
 */
Test(admissibility, fraction_digits_beyond_nanoseconds_decide_lateness_and_the_latest_bid)
{
	const char *d = t_dir();
	bid(d, "a.xml", "T-1", "B1", "GB-COH-1", "2026-12-01T12:00:00.0000000001Z");
	bid(d, "b.xml", "T-1", "B2", "GB-COH-2", "2026-12-01T11:59:59.9999999999Z");
	bid(d, "c.xml", "T-1", "B3", "GB-COH-3", "2026-11-01T12:00:00.1234567891234567892Z");
	bid(d, "e.xml", "T-1", "B4", "GB-COH-3", "2026-11-01T12:00:00.1234567891234567891Z");
	char *m = t_marks("T-1", 1, "B2:Q1=3|B3:Q1=3");
	t_run r = t_eval(RULES, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	expect(&r, "B1", "rejected", "late");
	expect(&r, "B2", "awarded", "");
	expect(&r, "B3", "awarded", "");
	expect(&r, "B4", "rejected", "superseded");
	t_run_free(&r);
}

/*
 * The portal's receipt log (issue 21): evaluate rules (YAML text) on the bids in dir with marks,
 * the receipt log csv (text) and, when not NULL, the decisions file (YAML text).
 */
static t_run eval_logged(const char *rules_yaml, const char *dir, const char *marks, const char *csv, const char *decisions)
{
	t_run r = {.diags = co_diags_new()};
	const char *files = t_dir();
	char rules_path[600], marks_path[600], log_path[600], dec_path[600];
	snprintf(rules_path, sizeof(rules_path), "%s", t_write(files, "rules.yaml", rules_yaml));
	snprintf(marks_path, sizeof(marks_path), "%s", t_write(files, "marks.xml", marks));
	snprintf(log_path, sizeof(log_path), "%s", t_write(files, "receipts.csv", csv));
	if (decisions)
		snprintf(dec_path, sizeof(dec_path), "%s", t_write(files, "decisions.yaml", decisions));
	co_rules *rules = NULL;
	co_paths *paths = NULL;
	co_receipts *log = NULL;
	co_decisions *ds = NULL;
	co_result *res = NULL;
	const char *bids[] = {dir};
	if (!(r.rc = co_rules_load(&rules, rules_path, r.diags)) && !(r.rc = co_paths_expand(&paths, bids, 1, r.diags)) &&
	    !(r.rc = co_receipts_load(&log, log_path, NULL, r.diags)) &&
	    !(r.rc = decisions ? co_decisions_load(&ds, rules, dec_path, NULL, r.diags) : 0) &&
	    !(r.rc = co_evaluate_with(&res, rules, paths, marks_path, NULL,
	                              &(co_evaluate_options){.threads = 1, .keep_rationales = 1, .receipts = log, .decisions = ds},
	                              r.diags))) {
		r.decide = co_result_needs_decision(res);
		if (co_result_json(&r.text, res) == 0)
			r.doc = json_loads(r.text, 0, NULL);
	}
	co_result_free(res);
	co_decisions_free(ds);
	co_receipts_free(log);
	co_paths_free(paths);
	co_rules_free(rules);
	return r;
}

/* The detail of a bid's first reason, or of its flag with this code ("" when it has none). */
static const char *reason_detail(const t_run *r, const char *id)
{
	return t_str(json_array_get(json_object_get(t_bid_of(r, id), "reasons"), 0), "detail");
}

static const char *flag_detail(const t_run *r, const char *id, const char *code)
{
	json_t *flags = json_object_get(t_bid_of(r, id), "flags"), *f;
	size_t i;
	json_array_foreach(flags, i, f)
	{
		if (strcmp(t_str(f, "code"), code) == 0)
			return t_str(f, "detail");
	}
	return "";
}

#define TOLERANCE_60 RULES "receipts: {tolerance_seconds: 60}\n"

Test(admissibility, a_bid_that_declares_11_59_but_was_received_at_12_01_is_late)
{
	const char *d = t_dir();
	bid(d, "a.xml", "T-1", "B1", "GB-COH-1", "2026-12-01T11:59:00Z");
	bid(d, "b.xml", "T-1", "B2", "GB-COH-2", "2026-12-01T11:00:00Z");
	char *m = t_marks("T-1", 1, "B1:Q1=3|B2:Q1=3");
	t_run r = eval_logged(RULES, d, m, "file,received\na.xml,2026-12-01T12:01:00Z\nb.xml,2026-12-01T11:00:00Z\n", NULL);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	expect(&r, "B1", "rejected", "late");
	cr_assert_str_eq(reason_detail(&r, "B1"),
	                 "received 2026-12-01T12:01:00Z (receipt log), after the deadline 2026-12-01T12:00:00Z");
	expect(&r, "B2", "awarded", "");
	/* 120 seconds apart, within the default tolerance of 300: no flag. */
	cr_assert_str_eq(flag_detail(&r, "B1", "submitted_mismatch"), "");
	t_run_free(&r);
}

Test(admissibility, a_bid_received_at_11_59_that_declares_12_01_is_on_time_and_flagged)
{
	const char *d = t_dir();
	bid(d, "a.xml", "T-1", "B1", "GB-COH-1", "2026-12-01T12:01:00Z");
	char *m = t_marks("T-1", 1, "B1:Q1=3");
	t_run r = eval_logged(TOLERANCE_60, d, m, "file,received\na.xml,2026-12-01T11:59:00Z\n", NULL);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	expect(&r, "B1", "awarded", "");
	cr_assert_str_eq(flag_detail(&r, "B1", "submitted_mismatch"),
	                 "declared 2026-12-01T12:01:00Z, received 2026-12-01T11:59:00Z (receipt log): 120 seconds apart, more "
	                 "than the tolerance of 60 seconds");
	t_run_free(&r);
}

Test(admissibility, a_mismatch_within_the_tolerance_is_not_flagged_and_one_beyond_it_is)
{
	const char *d = t_dir();
	/* Declared against received: 60 s (at the tolerance), 60.5 s, 61 s earlier, 300 s later, and offsets that agree. */
	bid(d, "a.xml", "T-1", "B1", "GB-COH-1", "2026-12-01T10:00:00Z");
	bid(d, "b.xml", "T-1", "B2", "GB-COH-2", "2026-12-01T10:00:00Z");
	bid(d, "c.xml", "T-1", "B3", "GB-COH-3", "2026-12-01T10:00:00Z");
	bid(d, "e.xml", "T-1", "B4", "GB-COH-4", "2026-12-01T10:05:00Z");
	bid(d, "f.xml", "T-1", "B5", "GB-COH-5", "2026-12-01T11:00:30+01:00");
	char *m = t_marks("T-1", 1, "B1:Q1=3|B2:Q1=3|B3:Q1=3|B4:Q1=3|B5:Q1=3");
	const char *log = "file,received\na.xml,2026-12-01T10:01:00Z\nb.xml,2026-12-01T10:01:00.5Z\n"
	                  "c.xml,2026-12-01T10:01:01Z\ne.xml,2026-12-01T10:00:00Z\nf.xml,2026-12-01T10:00:00Z\n";
	t_run r = eval_logged(TOLERANCE_60, d, m, log, NULL);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(flag_detail(&r, "B1", "submitted_mismatch"), "", "exactly the tolerance is within it");
	cr_assert_str_eq(flag_detail(&r, "B2", "submitted_mismatch"),
	                 "declared 2026-12-01T10:00:00Z, received 2026-12-01T10:01:00.5Z (receipt log): 60.5 seconds apart, "
	                 "more than the tolerance of 60 seconds");
	cr_assert_str_eq(flag_detail(&r, "B3", "submitted_mismatch"),
	                 "declared 2026-12-01T10:00:00Z, received 2026-12-01T10:01:01Z (receipt log): 61 seconds apart, more "
	                 "than the tolerance of 60 seconds");
	cr_assert_str_neq(flag_detail(&r, "B4", "submitted_mismatch"), "", "a declared time after the receipt too");
	cr_assert_str_eq(flag_detail(&r, "B5", "submitted_mismatch"), "", "30 s apart, whatever the offsets");
	for (size_t i = 1; i <= 5; i++) {
		char id[4];
		snprintf(id, sizeof(id), "B%zu", i);
		cr_assert_str_eq(t_str(t_bid_of(&r, id), "status"), "awarded", "a flag never excludes (%s)", id);
	}
	t_run_free(&r);
	/* The default tolerance, five minutes: none of them; and 0: every one that differs at all. */
	r = eval_logged(RULES, d, m, log, NULL);
	for (size_t i = 1; i <= 5; i++) {
		char id[4];
		snprintf(id, sizeof(id), "B%zu", i);
		cr_assert_str_eq(flag_detail(&r, id, "submitted_mismatch"), "", "%s within 300 seconds", id);
	}
	t_run_free(&r);
	r = eval_logged(RULES "receipts: {tolerance_seconds: 0}\n", d, m, log, NULL);
	cr_assert_str_neq(flag_detail(&r, "B1", "submitted_mismatch"), "");
	cr_assert(strstr(flag_detail(&r, "B5", "submitted_mismatch"), ": 30 seconds apart, more than the tolerance of 0 seconds"));
	t_run_free(&r);
	free(m);
}

Test(admissibility, supersession_by_receipt_time_reverses_the_declared_order)
{
	const char *d = t_dir();
	/* B1 declares the later time, but the portal received B2 later: B2 counts. */
	bid(d, "a.xml", "T-1", "B1", "GB-COH-1", "2026-11-20T12:00:00Z");
	bid(d, "b.xml", "T-1", "B2", "GB-COH-1", "2026-11-10T12:00:00Z");
	char *m = t_marks("T-1", 1, "B1:Q1=3|B2:Q1=3");
	t_run plain = t_eval(RULES, d, m);
	expect(&plain, "B2", "rejected", "superseded");
	expect(&plain, "B1", "awarded", "");
	t_run_free(&plain);
	t_run r = eval_logged(RULES, d, m, "bid,received\nB1,2026-11-10T12:00:00Z\nB2,2026-11-20T12:00:00Z\n", NULL);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	expect(&r, "B1", "rejected", "superseded");
	expect(&r, "B2", "awarded", "");
	cr_assert_str_eq(reason_detail(&r, "B1"),
	                 "superseded by bid B2 from the same supplier, received 2026-11-20T12:00:00Z (receipt log); this one "
	                 "received 2026-11-10T12:00:00Z (receipt log)");
	t_run_free(&r);
	/* The latest two received at one time (written with different offsets): every bid of the supplier is out. */
	r = eval_logged(RULES, d, m, "bid,received\nB1,2026-11-20T12:00:00Z\nB2,2026-11-20T13:00:00+01:00\n", NULL);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	expect(&r, "B1", "rejected", "duplicate_submission");
	expect(&r, "B2", "rejected", "duplicate_submission");
	cr_assert(strstr(reason_detail(&r, "B1"), "the latest two came in at the same time, bid "), "%s", reason_detail(&r, "B1"));
	cr_assert(strstr(reason_detail(&r, "B1"), "received 2026-11-20T13:00:00+01:00 (receipt log)"));
	t_run_free(&r);
	free(m);
}

Test(admissibility, the_submitted_tie_break_uses_the_receipt_time)
{
	const char *d = t_dir();
	bid(d, "a.xml", "T-1", "B1", "GB-COH-1", "2026-11-01T12:00:00Z");
	bid(d, "b.xml", "T-1", "B2", "GB-COH-2", "2026-11-02T12:00:00Z");
	char *m = t_marks("T-1", 1, "B1:Q1=3|B2:Q1=3");
	const char *rules = RULES_HEAD "award: {mode: top_n, n: 1, tie_break: [submitted]}\nweights: {quality: 100, price: 0}\n"
	                               "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n";
	t_run r = eval_logged(rules, d, m, "bid,received\nB1,2026-11-03T12:00:00Z\nB2,2026-11-02T12:00:00Z\n", NULL);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	expect(&r, "B2", "awarded", "");
	expect(&r, "B1", "ranked", "");
	cr_assert_eq(json_integer_value(json_object_get(t_bid_of(&r, "B1"), "rank")), 2);
	t_run_free(&r);
	free(m);
}

Test(admissibility, a_bid_missing_from_the_receipt_log_is_an_input_error)
{
	const char *d = t_dir();
	bid(d, "a.xml", "T-1", "B1", "GB-COH-1", "2026-11-01T12:00:00Z");
	bid(d, "b.xml", "T-1", "B2", "GB-COH-2", "2026-11-01T12:00:00Z");
	char *m = t_marks("T-1", 1, "B1:Q1=3|B2:Q1=3");
	t_run r = eval_logged(RULES, d, m, "file,received\na.xml,2026-11-01T12:00:00Z\n", NULL);
	free(m);
	cr_assert_eq(r.rc, CO_EINVALID);
	cr_assert_null(r.doc, "no result");
	char want[700];
	snprintf(want, sizeof(want), "%s/b.xml:2:1: bid B2 has no receipt in the receipt log ", d);
	cr_assert(t_diag_has(r.diags, want), "%s", t_diags_text(r.diags));
	cr_assert(t_diag_has(r.diags, "receipts.csv: no row names its file ("), "%s", t_diags_text(r.diags));
	cr_assert_eq(co_diags_count(r.diags), 1, "%s", t_diags_text(r.diags));
	t_run_free(&r);
}

Test(admissibility, an_invalid_bid_needs_no_receipt)
{
	const char *d = t_dir();
	bid(d, "a.xml", "T-1", "B1", "GB-COH-1", "2026-11-01T12:00:00Z");
	t_write(d, "b.xml", "<bid xmlns=\"urn:calloff:bid:1\" id=\"B2\"");
	char *m = t_marks("T-1", 1, "B1:Q1=3");
	t_run r = eval_logged(RULES, d, m, "file,received\na.xml,2026-11-01T12:00:00Z\n", NULL);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	expect(&r, "B1", "awarded", "");
	json_t *bad = json_array_get(json_object_get(r.doc, "bids"), 1);
	cr_assert_str_eq(t_reason(bad, 0), "invalid_bid");
	cr_assert_eq(json_array_size(json_object_get(bad, "flags")), 0);
	t_run_free(&r);
	/* Its row in the log names a file given, so it is no stray row either. */
	r = eval_logged(RULES, d, m, "file,received\na.xml,2026-11-01T12:00:00Z\nb.xml,2026-12-09T12:00:00Z\n", NULL);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	t_run_free(&r);
	free(m);
}

#define DECISIONS_HEAD "calloff-decisions: 1\ncompetition: T-1\ndecisions:\n"

Test(admissibility, a_submitted_decision_overrides_the_receipt_log)
{
	const char *d = t_dir();
	bid(d, "a.xml", "T-1", "B1", "GB-COH-1", "2026-12-01T11:59:00Z");
	bid(d, "b.xml", "T-1", "B2", "GB-COH-2", "2026-12-01T11:00:00Z");
	char *m = t_marks("T-1", 1, "B1:Q1=3|B2:Q1=3");
	/* The log says 12:01 (late); the officer found the portal's clock wrong and recorded 11:58. B2 has no row at all. */
	const char *dec = DECISIONS_HEAD
		"  - {id: D1, kind: submitted, by: A. Officer, at: 2026-12-02T09:00:00Z, reason: portal clock fault,\n"
		"     bid: B1, received: 2026-12-01T11:58:00Z}\n"
		"  - {id: D2, kind: submitted, by: A. Officer, at: 2026-12-02T09:00:00Z, reason: upload not logged,\n"
		"     bid: B2, received: 2026-12-01T12:00:30Z}\n";
	t_run r = eval_logged(TOLERANCE_60, d, m, "file,received\na.xml,2026-12-01T12:01:00Z\n", dec);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	expect(&r, "B1", "awarded", "");
	cr_assert_str_eq(flag_detail(&r, "B1", "submitted_mismatch"), "", "declared 11:59, corrected to 11:58: within 60 s");
	expect(&r, "B2", "rejected", "late");
	cr_assert_str_eq(reason_detail(&r, "B2"),
	                 "received 2026-12-01T12:00:30Z (correction decision D2), after the deadline 2026-12-01T12:00:00Z");
	cr_assert_str_eq(flag_detail(&r, "B2", "submitted_mismatch"),
	                 "declared 2026-12-01T11:00:00Z, received 2026-12-01T12:00:30Z (correction decision D2): 3630 seconds "
	                 "apart, more than the tolerance of 60 seconds");
	t_run_free(&r);
}
