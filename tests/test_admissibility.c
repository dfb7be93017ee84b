/* Stage 1, admissibility: one reason per bid, checked in the order FORMATS.md 6.1 gives. */
#include <criterion/criterion.h>
#include <stdlib.h>
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
