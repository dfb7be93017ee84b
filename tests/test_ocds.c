/*
 * ocds.json, the contract award notice: an OCDS 1.1 release package valid against the schemas,
 * its ids unique, its dates and rates from the rules, its awards pending through the standstill
 * that co_result_notice counts, and none at all without a notice date.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rendering/reports.h"
#include "helpers.h"

#define L7_RULES TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml"
#define L7_BIDS TOP_SRCDIR "/bids/lot7"
#define L7_MARKS TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml"
#define L8_RULES TOP_SRCDIR "/rules/dorset-lot8-extra-care.yaml"
#define L8_CAPPED TOP_SRCDIR "/rules/dorset-lot8-extra-care-capped.yaml"
#define L8_BIDS TOP_SRCDIR "/bids/lot8"
#define L8_MARKS TOP_SRCDIR "/bids/marks/dorset-lot8-marks.xml"

/* The notice's date for the test lots (the shipped rules give their own). */
#define PUB "publication: {date: 2026-12-20T09:30:00Z}\n"

/* The ocds.json text of an evaluation (prefix: --ocid-prefix, or NULL). */
static char *ocds_text(const char *rules, const char *bids, const char *marks, const char *prefix)
{
	co_rules *r = NULL;
	co_result *res = NULL;
	co_diags *d = co_diags_new();
	const char *args[] = {bids};
	cr_assert_eq(t_result(&r, &res, rules, args, 1, marks, d), 0, "%s", t_diags_text(d));
	char *text = NULL;
	cr_assert_eq(co_report_ocds(&text, res, prefix), 0);
	co_result_free(res);
	co_rules_free(r);
	co_diags_free(d);
	return text;
}

static json_t *ocds(const char *rules, const char *bids, const char *marks, const char *prefix)
{
	char *text = ocds_text(rules, bids, marks, prefix);
	json_error_t err;
	json_t *pkg = json_loads(text, 0, &err);
	cr_assert_not_null(pkg, "JSON: %s", err.text);
	free(text);
	return pkg;
}

static json_t *release(json_t *pkg)
{
	cr_assert_eq(json_array_size(json_object_get(pkg, "releases")), 1);
	return json_array_get(json_object_get(pkg, "releases"), 0);
}

/* Moved from test_reports.c, with its assertions. */
Test(ocds, ocds_models_each_scheme_as_a_lot_with_one_award_each)
{
	json_t *pkg = ocds(L8_RULES, L8_BIDS, L8_MARKS, NULL);
	json_t *rel = json_array_get(json_object_get(pkg, "releases"), 0);
	cr_assert_eq(json_array_size(json_object_get(json_object_get(rel, "tender"), "lots")), 5);
	cr_assert_eq(json_array_size(json_object_get(rel, "awards")), 4, "ECH-05 has no award");
	cr_assert_str_eq(t_str(json_object_get(rel, "tender"), "awardCriteria"), "qualityOnly");
	json_t *stats = json_object_get(json_object_get(rel, "bids"), "statistics");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(stats, 0), "value")), 7);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(stats, 1), "value")), 5);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(stats, 2), "value")), 2);
	cr_assert_eq(json_array_size(json_object_get(pkg, "extensions")), 3, "bids, lots and the UK extension");
	json_decref(pkg);
}

/* A priced lot: two scored items and a cap, with a publication block. */
static const char *priced_lot(const char **bids_dir)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "p1=100.10,p2=200.25,cap=0.40", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-02T12:00:00Z", "Q1", "p1=90,p2=oops,cap=0.40", NULL, NULL);
	t_put_bid(d, "c.xml", "C", "GB-COH-3", "2026-11-03T12:00:00Z", "Q1", "p1=120,p2=190,cap=0.30", NULL, NULL);
	*bids_dir = d;
	char *m = t_marks("T-1", 1, "A:Q1=4|C:Q1=3");
	const char *mp = t_write(t_dir(), "m.xml", m);
	free(m);
	static char marks[600];
	snprintf(marks, sizeof(marks), "%s", mp);
	return marks;
}

#define PRICED_RULES                                                                                                   \
	"calloff: 1\n"                                                                                                     \
	"competition: {id: T-1, title: A priced lot, authority: A Council, lot: {id: \"1\", name: One},"                \
	" deadline: 2026-12-01T12:00:00Z, currency: EUR}\n"                                                              \
	"scale: {marks: [0, 1, 2, 3, 4, 5]}\n"                                                                             \
	"award: {mode: top_n, n: 1}\nweights: {quality: 60, price: 40}\nmoderation: {consensus: mean}\n"                  \
	"questions:\n  - {id: Q1, weight: 100}\n"                                                                          \
	"prices:\n  - {id: p1, max: 200, weight: 50}\n  - {id: p2, max: 300, weight: 50}\n"                               \
	"  - {id: cap, max: 0.45, scored: false}\n"

/* Validated with tests/ocds_validate.py (Debian's python3-jsonschema) against the OCDS schemas in tests/data/ocds. */
static void valid_ocds(const char *const *texts, size_t n)
{
	const char *d = t_dir();
	char cmd[4096];
	int o = snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s/tests/ocds_validate.py' '%s/tests/data/ocds'", TOP_SRCDIR,
	                 TOP_SRCDIR);
	for (size_t i = 0; i < n; i++) {
		char name[32];
		snprintf(name, sizeof(name), "ocds-%zu.json", i);
		o += snprintf(cmd + o, sizeof(cmd) - (size_t)o, " '%s'", t_write(d, name, texts[i]));
	}
	snprintf(cmd + o, sizeof(cmd) - (size_t)o, " >'%s/out.txt' 2>&1", d);
	int rc = system(cmd);
	char out[600], said[8192] = "";
	snprintf(out, sizeof(out), "%s/out.txt", d);
	FILE *f = fopen(out, "r");
	if (f) {
		said[fread(said, 1, sizeof(said) - 1, f)] = '\0';
		fclose(f);
	}
	cr_assert_eq(rc, 0, "ocds_validate.py:\n%s", said);
	size_t valid = 0;
	for (const char *p = said; (p = strstr(p, ": valid\n")); p++)
		valid++;
	cr_assert_eq(valid, n, "each file is valid:\n%s", said);
}

Test(ocds, the_shipped_examples_and_a_priced_lot_are_valid_against_the_ocds_schemas)
{
	const char *bids;
	const char *marks = priced_lot(&bids);
	char *texts[] = {ocds_text(L7_RULES, L7_BIDS, L7_MARKS, NULL), ocds_text(L8_RULES, L8_BIDS, L8_MARKS, NULL),
	                 ocds_text(L8_CAPPED, L8_BIDS, L8_MARKS, "ocds-a1b2c3"),
	                 ocds_text(t_write(t_dir(), "r.yaml", PRICED_RULES PUB), bids, marks, NULL)};
	valid_ocds((const char *const *)texts, 4);
	for (size_t i = 0; i < 4; i++)
		free(texts[i]);
}

/* Every "id" in the array at key of obj is a string and appears once; returns how many. */
static size_t unique_ids(const json_t *obj, const char *key, const char *what)
{
	const json_t *a = json_object_get(obj, key);
	size_t i, j;
	json_t *x, *y;
	json_array_foreach(a, i, x)
	{
		cr_assert(json_is_string(json_object_get(x, "id")), "%s %zu has a string id", what, i);
		json_array_foreach(a, j, y)
			if (j < i)
				cr_assert_str_neq(t_str(x, "id"), t_str(y, "id"), "%s: id '%s' appears twice", what, t_str(x, "id"));
	}
	return json_array_size(a);
}

static void ids_unique(json_t *pkg, size_t parties, size_t bids, size_t awards, size_t lots)
{
	json_t *rel = release(pkg);
	cr_assert_eq(unique_ids(rel, "parties", "parties"), parties);
	cr_assert_eq(unique_ids(json_object_get(rel, "bids"), "details", "bids.details"), bids);
	cr_assert_eq(unique_ids(rel, "awards", "awards"), awards);
	cr_assert_eq(unique_ids(json_object_get(rel, "tender"), "lots", "tender.lots"), lots);
	cr_assert_eq(unique_ids(json_object_get(rel, "bids"), "statistics", "bids.statistics"), 4);
	cr_assert_eq(unique_ids(json_object_get(rel, "tender"), "tenderers", "tender.tenderers"), parties - 1);
}

Test(ocds, ids_are_unique_in_every_array_of_the_shipped_examples)
{
	/*
	 * Lot 7: the buyer and 13 tenderers (14 readable bids, Purbeck's two from one supplier), the 15
	 * bids (the malformed upload as file-15), one award for the lot. Lot 8: 7 suppliers, an award per
	 * scheme awarded (4 of 5), each scheme a lot.
	 */
	json_t *pkg = ocds(L7_RULES, L7_BIDS, L7_MARKS, NULL);
	ids_unique(pkg, 14, 15, 1, 1);
	json_decref(pkg);
	pkg = ocds(L8_RULES, L8_BIDS, L8_MARKS, NULL);
	ids_unique(pkg, 8, 7, 4, 5);
	json_decref(pkg);
	pkg = ocds(L8_CAPPED, L8_BIDS, L8_MARKS, NULL);
	ids_unique(pkg, 8, 7, 4, 5);
	json_decref(pkg);
}

/*
 * Two files with the same bid id are both rejected as duplicate_submission, and both are published.
 * OCDS identifies the objects of an array by their id: merging tools keep only the last object of
 * each id (ocds-merge's documented behaviour), so two bids under one id become one. Each must have
 * an id of its own in bids.details.
 */
Test(ocds, a_duplicate_submission_is_published_under_ids_that_stay_unique)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "DUP", "GB-COH-1", "2026-11-01T12:00:00Z", "", "p=10", NULL, NULL);
	t_put_bid(d, "b.xml", "DUP", "GB-COH-2", "2026-11-01T12:00:00Z", "", "p=20", NULL, NULL);
	t_put_bid(d, "c.xml", "C", "GB-COH-3", "2026-11-01T12:00:00Z", "", "p=30", NULL, NULL);
	t_write(d, "x.xml", "<bid");
	t_write(d, "y.xml", "not xml");
	json_t *pkg = ocds(t_write(t_dir(), "r.yaml", RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 0, price: 100}\n"
	                                                        "prices:\n  - {id: p, max: 100, weight: 100}\n" PUB),
	                   d, NULL, NULL);
	json_t *rel = release(pkg);
	json_t *bids = json_object_get(rel, "bids");
	long counted = (long)json_integer_value(json_object_get(json_array_get(json_object_get(bids, "statistics"), 0), "value"));
	/* Counted before asserting, so that a failure leaves nothing allocated behind it. */
	json_t *details = json_object_get(bids, "details"), *x, *y;
	size_t n = json_array_size(details), repeated = 0, i, j;
	char first[80] = "";
	json_array_foreach(details, i, x)
		json_array_foreach(details, j, y)
			if (j < i && strcmp(t_str(x, "id"), t_str(y, "id")) == 0 && !repeated++)
				snprintf(first, sizeof(first), "%s", t_str(x, "id"));
	json_decref(pkg);
	cr_assert_eq(counted, 5, "five bids counted");
	cr_assert_eq(n, 5, "five bids published");
	cr_assert_eq(repeated, 0, "bids.details: id '%s' appears twice: OCDS tools keep one object per id", first);
}

Test(ocds, parties_hold_the_buyer_and_each_tenderer_once_with_their_roles)
{
	json_t *pkg = ocds(L7_RULES, L7_BIDS, L7_MARKS, NULL);
	json_t *rel = release(pkg);
	json_t *parties = json_object_get(rel, "parties");
	json_t *buyer = json_array_get(parties, 0);
	cr_assert_str_eq(t_str(buyer, "id"), "buyer-DCF-L7-2026-01");
	cr_assert_str_eq(t_str(buyer, "name"), "Dorset Council");
	cr_assert_eq(json_array_size(json_object_get(buyer, "roles")), 1);
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(buyer, "roles"), 0)), "buyer");
	cr_assert_str_eq(t_str(json_object_get(rel, "buyer"), "id"), "buyer-DCF-L7-2026-01");
	size_t i, suppliers = 0;
	json_t *p;
	cr_assert_eq(json_array_size(parties), 14);
	json_array_foreach(parties, i, p)
	{
		if (i == 0)
			continue;
		json_t *roles = json_object_get(p, "roles");
		cr_assert_str_eq(json_string_value(json_array_get(roles, 0)), "tenderer", "%s", t_str(p, "id"));
		suppliers += json_array_size(roles) == 2 && strcmp(json_string_value(json_array_get(roles, 1)), "supplier") == 0;
	}
	cr_assert_eq(suppliers, 6, "the six awarded, Purbeck among them although its first bid was superseded");
	/* The award for the lot names the six, in rank order. */
	json_t *award = json_array_get(json_object_get(rel, "awards"), 0);
	cr_assert_str_eq(t_str(award, "id"), "DCF-L7-2026-01-award-7");
	cr_assert_str_eq(t_str(award, "status"), "pending", "the standstill runs");
	cr_assert_eq(json_array_size(json_object_get(award, "suppliers")), 6);
	cr_assert_str_eq(t_str(json_array_get(json_object_get(award, "suppliers"), 0), "name"), "Acme Live-in Care Ltd");
	json_t *stats = json_object_get(json_object_get(rel, "bids"), "statistics");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(stats, 0), "value")), 15, "every bid file");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(stats, 1), "value")), 7, "ranked and awarded");
	/* Out of the 15: five disqualified (gate, price, words, quality, mark) and three rejected (late, superseded, unreadable). */
	const char *measures[] = {"bids", "validBids", "disqualifiedBids", "rejectedBids"};
	for (size_t k = 0; k < 4; k++)
		cr_assert_str_eq(t_str(json_array_get(stats, k), "measure"), measures[k]);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(stats, 2), "value")), 5, "disqualified only");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(stats, 3), "value")), 3, "rejected only");
	cr_assert_eq(json_array_size(stats), 4);
	json_decref(pkg);
}

/* The award's standstill end, as ocds.json gives it. */
static const char *standstill_end(json_t *pkg, size_t award)
{
	json_t *aw = json_array_get(json_object_get(release(pkg), "awards"), award);
	return t_str(json_object_get(aw, "standstillPeriod"), "endDate");
}

Test(ocds, dates_come_from_the_rules_never_the_clock)
{
	/*
	 * Lot 7: notice published 2026-12-22T09:00:00Z, the award decided on 2026-12-18; the same
	 * evaluation, the same bytes. The standstill of 8 working days spans Christmas and New Year
	 * and ends on Wednesday 6 January 2027 (GMT), the last day's end.
	 */
	char *a = ocds_text(L7_RULES, L7_BIDS, L7_MARKS, NULL), *b = ocds_text(L7_RULES, L7_BIDS, L7_MARKS, NULL);
	cr_assert_str_eq(a, b);
	json_t *pkg = json_loads(a, 0, NULL);
	cr_assert_str_eq(t_str(pkg, "publishedDate"), "2026-12-22T09:00:00Z");
	cr_assert_str_eq(t_str(release(pkg), "date"), "2026-12-22T09:00:00Z");
	json_t *aw = json_array_get(json_object_get(release(pkg), "awards"), 0);
	cr_assert_str_eq(t_str(aw, "date"), "2026-12-18T00:00:00Z", "the award is dated by the decision");
	cr_assert_str_eq(t_str(json_object_get(aw, "standstillPeriod"), "startDate"), "2026-12-22T09:00:00Z");
	cr_assert_str_eq(standstill_end(pkg, 0), "2027-01-06T23:59:59Z");
	json_decref(pkg);
	free(a);
	free(b);
	/* Lot 8: notice 2027-03-24, over Easter; the last day, Tuesday 6 April 2027, is in British Summer Time. */
	pkg = ocds(L8_RULES, L8_BIDS, L8_MARKS, NULL);
	for (size_t i = 0; i < 4; i++)
		cr_assert_str_eq(standstill_end(pkg, i), "2027-04-06T23:59:59+01:00");
	json_decref(pkg);
	/* With only publication.date, the award is dated by the notice. */
	const char *bids;
	const char *marks = priced_lot(&bids);
	pkg = ocds(t_write(t_dir(), "r.yaml", PRICED_RULES PUB), bids, marks, NULL);
	cr_assert_str_eq(t_str(pkg, "publishedDate"), "2026-12-20T09:30:00Z");
	cr_assert_str_eq(t_str(release(pkg), "date"), "2026-12-20T09:30:00Z");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(release(pkg), "awards"), 0), "date"), "2026-12-20T09:30:00Z");
	json_t *details = json_object_get(json_object_get(release(pkg), "bids"), "details");
	cr_assert_eq(json_array_size(details), 3);
	size_t i;
	json_t *x;
	json_array_foreach(details, i, x)
	{
		/* A, B and C were submitted on the 1st, 2nd and 3rd of November. */
		static const char dates[][24] = {"2026-11-01T12:00:00Z", "2026-11-02T12:00:00Z", "2026-11-03T12:00:00Z"};
		const char *id = t_str(x, "id");
		cr_assert(id[0] >= 'A' && id[0] <= 'C' && !id[1], "%s", id);
		cr_assert_str_eq(t_str(x, "date"), dates[id[0] - 'A'], "bid %s's date is its submission", id);
	}
	json_decref(pkg);
}

/*
 * The notice date is the day in London of the instant published: 23:30 UTC on Wednesday 30 June
 * 2027 is 00:30 BST on Thursday 1 July. Eight working days beginning with 1 July: 1, 2, 5-9 and,
 * Monday 12 July being the Battle of the Boyne holiday in Northern Ireland, Tuesday 13 July
 * (counting from 30 June would end on Friday 9 July, a working day early and more). The
 * standstill starts at the instant as written.
 */
Test(ocds, the_standstill_counts_from_the_day_in_london_of_the_notice_instant)
{
	const char *bids;
	const char *marks = priced_lot(&bids);
	json_t *pkg = ocds(t_write(t_dir(), "r.yaml", PRICED_RULES "publication: {date: 2027-06-30T23:30:00Z}\n"), bids, marks,
	                   NULL);
	json_t *aw = json_array_get(json_object_get(release(pkg), "awards"), 0);
	cr_assert_str_eq(t_str(json_object_get(aw, "standstillPeriod"), "startDate"), "2027-06-30T23:30:00Z");
	cr_assert_str_eq(t_str(aw, "date"), "2027-06-30T23:30:00Z", "the decision is the notice's instant");
	cr_assert_str_eq(standstill_end(pkg, 0), "2027-07-13T23:59:59+01:00");
	json_decref(pkg);
}

/* No notice date, no notice: co_report_ocds gives 1 and no text, never a release dated 1970 or by the deadline. */
Test(ocds, without_publication_date_no_notice_is_made)
{
	const char *bids;
	const char *marks = priced_lot(&bids);
	co_rules *r = NULL;
	co_result *res = NULL;
	const char *args[] = {bids};
	cr_assert_eq(t_result(&r, &res, t_write(t_dir(), "r.yaml", PRICED_RULES), args, 1, marks, NULL), 0);
	char *text = (char *)"untouched";
	cr_assert_eq(co_report_ocds(&text, res, "ocds-a1b2c3"), 1);
	cr_assert_null(text);
	co_notice *n = malloc(sizeof(*n));
	cr_assert_eq(co_result_notice(res, n), 1);
	cr_assert_str_eq(n->notice, "");
	cr_assert_null(n->criteria);
	co_result_free(res);
	co_rules_free(r);
	/* Undated, the letter still says where the criteria were published: co_result_notice gives them. */
	cr_assert_eq(t_result(&r, &res, t_write(t_dir(), "r.yaml", PRICED_RULES "publication: {criteria: \"FTS 031245-2026\"}\n"),
	                      args, 1, marks, NULL),
	             0);
	int rc = co_result_notice(res, n);
	char criteria[40] = "";
	if (n->criteria)
		snprintf(criteria, sizeof(criteria), "%s", n->criteria);
	free(n);
	co_result_free(res);
	co_rules_free(r);
	cr_assert_eq(rc, 1);
	cr_assert_str_eq(criteria, "FTS 031245-2026");
}

/*
 * co_result_notice on the shipped rules: Lot 7's notice of Tuesday 22 December 2026 gives the
 * last day Wednesday 6 January 2027 (Christmas, Boxing Day's substitute, New Year's Day and
 * Scotland's 2nd January substitute skipped), contract from Thursday 7th; the award in ocds.json
 * ends its standstill that day. A one-off holiday in the rules moves it a day.
 */
Test(ocds, co_result_notice_counts_the_standstill_of_the_shipped_rules_and_ocds_json_gives_it)
{
	co_rules *r = NULL;
	co_result *res = NULL;
	const char *args[] = {L7_BIDS};
	cr_assert_eq(t_result(&r, &res, L7_RULES, args, 1, L7_MARKS, NULL), 0);
	co_notice *n = malloc(sizeof(*n));
	cr_assert_eq(co_result_notice(res, n), 0);
	cr_assert_str_eq(n->decided, "2026-12-18");
	cr_assert_str_eq(n->notice, "2026-12-22");
	cr_assert_str_eq(n->notice_time, "2026-12-22T09:00:00Z");
	cr_assert_str_eq(n->period.end, "2027-01-06");
	cr_assert_str_eq(n->period.contract_from, "2027-01-07");
	cr_assert_eq(n->period.nskipped, 8);
	cr_assert(strstr(n->criteria, "section 4 of the invitation to tender"), "%s", n->criteria);
	char *text = NULL;
	cr_assert_eq(co_report_ocds(&text, res, NULL), 0);
	char want[64];
	snprintf(want, sizeof(want), "\"endDate\": \"%sT23:59:59Z\"", n->period.end);
	cr_assert(strstr(text, want), "ocds.json gives co_result_notice's end");
	free(text);
	co_result_free(res);
	co_rules_free(r);
	/* The same lot with Tuesday 29 December 2026 proclaimed a bank holiday: the last day is Thursday 7 January. */
	const char *bids;
	const char *marks = priced_lot(&bids);
	const char *args2[] = {bids};
	cr_assert_eq(t_result(&r, &res,
	                      t_write(t_dir(), "r.yaml",
	                              PRICED_RULES "publication: {date: 2026-12-22T09:00:00Z}\n"
	                                           "calendar: {holidays: [{date: 2026-12-29, name: Royal jubilee}]}\n"),
	                      args2, 1, marks, NULL),
	             0);
	cr_assert_eq(co_result_notice(res, n), 0);
	cr_assert_str_eq(n->decided, "2026-12-22");
	cr_assert_str_eq(n->period.end, "2027-01-07");
	cr_assert_null(n->criteria);
	cr_assert_eq(co_report_ocds(&text, res, NULL), 0);
	cr_assert(strstr(text, "\"endDate\": \"2027-01-07T23:59:59Z\""));
	free(text);
	free(n);
	co_result_free(res);
	co_rules_free(r);
}

/* Every lot's status: capped Lot 8 leaves ECH-05 to no one (unsuccessful); the others are awarded, active. */
Test(ocds, a_lot_awarded_to_no_one_is_unsuccessful_and_the_others_active)
{
	static const char *const files[] = {L8_CAPPED, L8_RULES};
	for (size_t f = 0; f < 2; f++) {
		json_t *pkg = ocds(files[f], L8_BIDS, L8_MARKS, NULL);
		json_t *tender = json_object_get(release(pkg), "tender"), *lots = json_object_get(tender, "lots"), *lot;
		size_t i;
		cr_assert_eq(json_array_size(lots), 5);
		json_array_foreach(lots, i, lot)
			cr_assert_str_eq(t_str(lot, "status"), strcmp(t_str(lot, "id"), "ECH-05") == 0 ? "unsuccessful" : "active",
			                 "%s", t_str(lot, "id"));
		cr_assert_str_eq(t_str(tender, "status"), "active", "four lots are awarded");
		json_t *aw;
		json_array_foreach(json_object_get(release(pkg), "awards"), i, aw)
		{
			cr_assert_str_neq(json_string_value(json_array_get(json_object_get(aw, "relatedLots"), 0)), "ECH-05");
			cr_assert_str_eq(t_str(aw, "status"), "pending");
		}
		json_decref(pkg);
	}
	/* A top_n lot where no bid is left: the lot and the tender are unsuccessful, and there is no award. */
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "", "p=150", NULL, NULL);
	json_t *pkg = ocds(t_write(t_dir(), "r.yaml", RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 0, price: 100}\n"
	                                                        "prices:\n  - {id: p, max: 100, weight: 100}\n" PUB),
	                   d, NULL, NULL);
	json_t *tender = json_object_get(release(pkg), "tender");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(tender, "lots"), 0), "status"), "unsuccessful");
	cr_assert_str_eq(t_str(tender, "status"), "unsuccessful");
	cr_assert_eq(json_array_size(json_object_get(release(pkg), "awards")), 0);
	json_decref(pkg);
}

/* No date of 1970 (or any default) anywhere in a notice of the shipped examples. */
Test(ocds, no_1970_anywhere)
{
	char *texts[] = {ocds_text(L7_RULES, L7_BIDS, L7_MARKS, NULL), ocds_text(L8_RULES, L8_BIDS, L8_MARKS, NULL),
	                 ocds_text(L8_CAPPED, L8_BIDS, L8_MARKS, NULL)};
	for (size_t i = 0; i < 3; i++) {
		cr_assert_null(strstr(texts[i], "1970"), "notice %zu", i);
		free(texts[i]);
	}
}

Test(ocds, the_ocid_prefix_comes_from_the_argument_else_the_rules_else_the_placeholder)
{
	const char *bids;
	const char *marks = priced_lot(&bids);
	const char *plain = t_write(t_dir(), "r.yaml", PRICED_RULES PUB);
	const char *prefixed =
		t_write(t_dir(), "r.yaml", PRICED_RULES "publication: {ocid_prefix: ocds-a1b2c3, date: 2026-12-20T09:30:00Z}\n");
	json_t *pkg = ocds(plain, bids, marks, NULL);
	cr_assert_str_eq(t_str(release(pkg), "ocid"), "ocds-xxxxxx-T-1", "the placeholder, never to be published");
	cr_assert_str_eq(t_str(pkg, "uri"), "ocds-xxxxxx-T-1");
	json_decref(pkg);
	pkg = ocds(prefixed, bids, marks, NULL);
	cr_assert_str_eq(t_str(release(pkg), "ocid"), "ocds-a1b2c3-T-1");
	json_decref(pkg);
	pkg = ocds(prefixed, bids, marks, "ocds-zz9z9z");
	cr_assert_str_eq(t_str(release(pkg), "ocid"), "ocds-zz9z9z-T-1", "--ocid-prefix overrides the rules");
	json_decref(pkg);
}

/* The bid with this id in bids.details. */
static json_t *bid_of(json_t *pkg, const char *id)
{
	json_t *x, *details = json_object_get(json_object_get(release(pkg), "bids"), "details");
	size_t i;
	json_array_foreach(details, i, x)
		if (strcmp(t_str(x, "id"), id) == 0)
			return x;
	cr_assert_fail("no bid %s", id);
	return NULL;
}

/* Item k of a bid: its id and its rate (the unit's value) in the lot's currency. */
static void rate(json_t *bid, size_t k, const char *id, double amount)
{
	json_t *it = json_array_get(json_object_get(bid, "items"), k);
	cr_assert_str_eq(t_str(it, "id"), id);
	json_t *v = json_object_get(json_object_get(it, "unit"), "value");
	cr_assert_float_eq(json_real_value(json_object_get(v, "amount")), amount, 1e-9, "%s", id);
	cr_assert_str_eq(t_str(v, "currency"), "EUR");
}

/*
 * Rates of different items are never added: with two scored items (p1, p2) a bid has no value,
 * and each valid price is an item with its rate; with one scored item, that price is its value.
 */
Test(ocds, a_bid_has_a_value_only_with_one_scored_item_and_each_price_is_an_item_with_its_unit)
{
	const char *bids;
	const char *marks = priced_lot(&bids);
	json_t *pkg = ocds(t_write(t_dir(), "r.yaml", PRICED_RULES PUB), bids, marks, NULL);
	cr_assert_str_eq(t_str(json_object_get(release(pkg), "tender"), "awardCriteria"), "ratedCriteria", "price carries points");
	json_t *a = bid_of(pkg, "A"), *b = bid_of(pkg, "B");
	cr_assert_null(json_object_get(a, "value"), "p1 and p2 are not added");
	cr_assert_eq(json_array_size(json_object_get(a, "items")), 3);
	rate(a, 0, "p1", 100.10);
	rate(a, 1, "p2", 200.25);
	rate(a, 2, "cap", 0.40);
	cr_assert_str_eq(t_str(a, "status"), "valid");
	/* B's p2 is not a price: no item for it, and the bid is disqualified. */
	cr_assert_eq(json_array_size(json_object_get(b, "items")), 2);
	rate(b, 0, "p1", 90.0);
	rate(b, 1, "cap", 0.40);
	cr_assert_str_eq(t_str(b, "status"), "disqualified");
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(a, "relatedLots"), 0)), "1", "the lot's id");
	json_decref(pkg);
	/* One scored item (p2 unscored): the value is p1's price; a unit the rules name is the item's unit's name. */
	pkg = ocds(t_write(t_dir(), "r.yaml",
	                   "calloff: 1\ncompetition: {id: T-1, lot: {id: \"1\"}, deadline: 2026-12-01T12:00:00Z, currency: EUR}\n"
	                   "scale: {marks: [0, 1, 2, 3, 4, 5]}\naward: {mode: top_n, n: 1}\nweights: {quality: 60, price: 40}\n"
	                   "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n"
	                   "prices:\n  - {id: p1, unit: week, max: 200, weight: 100}\n  - {id: p2, unit: night, max: 300, scored: false}\n"
	                   "  - {id: cap, max: 0.45, scored: false}\n" PUB),
	           bids, marks, NULL);
	a = bid_of(pkg, "A");
	cr_assert_float_eq(json_real_value(json_object_get(json_object_get(a, "value"), "amount")), 100.10, 1e-9);
	cr_assert_str_eq(t_str(json_object_get(json_array_get(json_object_get(a, "items"), 0), "unit"), "name"), "week");
	cr_assert_str_eq(t_str(json_object_get(json_array_get(json_object_get(a, "items"), 1), "unit"), "name"), "night");
	cr_assert_null(json_object_get(json_object_get(json_array_get(json_object_get(a, "items"), 2), "unit"), "name"));
	const char *texts[] = {json_dumps(pkg, 0)};
	json_decref(pkg);
	valid_ocds(texts, 1);
	free((char *)texts[0]);
}

/*
 * OCDS merges bids by id, so no two bids.details share one: an id salvaged from a schema-invalid
 * file, or one that two files use, never becomes an OCDS id, and the stand-in "file-N" never
 * takes a real bid's id (issue 18 item 12).
 */
Test(ocds, ocds_bid_ids_are_unique_and_never_a_salvaged_id)
{
	const char *d = t_dir();
	const char *bid = "<bid xmlns=\"urn:calloff:bid:1\" id=\"%s\" competition=\"T-1\"><supplier id=\"GB-COH-%d\"><name>S%d</name>"
	                  "</supplier><submitted>2026-11-01T12:00:00Z</submitted><responses><response question=\"Q1\">ok</response>"
	                  "</responses></bid>\n";
	char text[512];
	/* a.xml: B1, the bid that wins. b.xml: schema-invalid (an unknown element) but its id B1 can be salvaged. */
	snprintf(text, sizeof(text), bid, "B1", 1, 1);
	t_write(d, "a.xml", text);
	t_write(d, "b.xml", "<bid xmlns=\"urn:calloff:bid:1\" id=\"B1\" competition=\"T-1\"><nonsense/></bid>\n");
	/* c.xml and e.xml: two files with one id, both rejected. f.xml: a real bid whose id is a stand-in's. */
	snprintf(text, sizeof(text), bid, "B2", 2, 2);
	t_write(d, "c.xml", text);
	snprintf(text, sizeof(text), bid, "B2", 3, 3);
	t_write(d, "e.xml", text);
	snprintf(text, sizeof(text), bid, "file-5", 4, 4);
	t_write(d, "f.xml", text);
	char *m = t_marks("T-1", 1, "B1:Q1=4|file-5:Q1=2");
	const char *mp = t_write(t_dir(), "m.xml", m);
	free(m);
	const char *rp = t_write(t_dir(), "r.yaml", RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 100, price: 0}\n"
	                                                      "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n" PUB);
	json_t *pkg = ocds(rp, d, mp, NULL);
	json_t *details = json_object_get(json_object_get(json_array_get(json_object_get(pkg, "releases"), 0), "bids"), "details");
	cr_assert_eq(json_array_size(details), 5, "every file is a bid");
	int b1 = 0, b2 = 0;
	for (size_t i = 0; i < 5; i++) {
		const char *id = t_str(json_array_get(details, i), "id");
		b1 += strcmp(id, "B1") == 0;
		b2 += strcmp(id, "B2") == 0;
		for (size_t k = 0; k < i; k++)
			cr_assert_str_neq(id, t_str(json_array_get(details, k), "id"), "bids %zu and %zu share an OCDS id", k, i);
	}
	cr_assert_eq(b1, 1, "B1 is the valid bid's id only");
	cr_assert_str_eq(t_str(json_array_get(details, 0), "status"), "valid");
	cr_assert_eq(b2, 0, "an id two files use is no bid's OCDS id");
	json_decref(pkg);
}

/* The ocds.json of an evaluation with decisions (or none), as text. */
static char *decided_ocds(const char *rules, const char *lot, const char *marks, const char *decisions)
{
	char *m = t_marks("T-1", 2, marks);
	t_decided d = t_render_dec(rules, lot, m, decisions);
	free(m);
	char *text = strdup(t_output_must(d.o, d.n, "ocds.json"));
	t_decided_free(&d);
	return text;
}

/* The award's status, the tender's and the lot's, and the award's suppliers' ids: "pending active active A". */
static const char *statuses(const char *text)
{
	static char buf[256];
	json_t *pkg = json_loads(text, 0, NULL), *rel = release(pkg), *aw = json_array_get(json_object_get(rel, "awards"), 0);
	json_t *tender = json_object_get(rel, "tender");
	int o = snprintf(buf, sizeof(buf), "%s %s %s", aw ? t_str(aw, "status") : "(no award)", t_str(tender, "status"),
	                 t_str(json_array_get(json_object_get(tender, "lots"), 0), "status"));
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(aw, "suppliers"), i, s)
		o += snprintf(buf + o, sizeof(buf) - (size_t)o, " %s", t_str(s, "id"));
	cr_assert_eq(json_array_size(json_object_get(rel, "awards")), aw ? 1 : 0);
	json_decref(pkg);
	return buf;
}

/*
 * Whether the evaluation leaves ocds.json out, and why: asserts that the renderers agree (no
 * ocds.json among the outputs exactly when co_render_ocds_skipped says 1, and co_report_ocds
 * returns 1 with nothing made) and gives the reason (static), or NULL when the notice is written.
 */
static const char *notice_skipped(const char *rules, const char *lot, const char *marks, const char *decisions)
{
	char *m = t_marks("T-1", 2, marks);
	t_decided d = t_render_dec(rules, lot, m, decisions);
	free(m);
	const char *why = NULL;
	char *text = (char *)"unset";
	int skipped = co_render_ocds_skipped(d.res, &why);
	int made = co_report_ocds(&text, d.res, NULL);
	int present = t_output(d.o, d.n, "ocds.json") != NULL;
	if (made == 0)
		free(text);
	t_decided_free(&d);
	cr_assert(skipped == 0 || skipped == 1, "co_render_ocds_skipped: %d", skipped);
	cr_assert_eq(present, !skipped, "ocds.json is written exactly when co_render_ocds_skipped says 0");
	cr_assert_eq(made, skipped, "co_report_ocds agrees");
	if (made == 1)
		cr_assert_null(text, "nothing made");
	cr_assert_eq(why == NULL, !skipped, "a reason exactly when none is written");
	return why;
}

#define PROVISIONAL_WHY                                                                                                \
	"the award is provisional (a decision is still open, see report.html): a contract award notice follows the "     \
	"assessment summaries, which are written once the award is final"

/*
 * A contract award notice follows the assessment summaries (Procurement Act 2023 s.50), and they
 * are written only once the award is final: while a decision is open (a tie at the boundary, an
 * abnormally low bid in the award not yet investigated) no notice is written, and the reason is
 * given. Once decided, every award is pending through the standstill and the tender and the lot
 * stay active: what the decision changes is who is awarded.
 */
Test(ocds, a_notice_is_written_only_once_the_award_is_final_and_its_awards_are_pending)
{
	cr_assert_str_eq(notice_skipped(T_TIE_RULES PUB, t_tie_lot(), T_TIE_MARKS, NULL), PROVISIONAL_WHY);
	cr_assert_str_eq(notice_skipped(T_LOW_RULES PUB, t_low_lot(), T_LOW_MARKS, NULL), PROVISIONAL_WHY);
	cr_assert_null(notice_skipped(T_TIE_RULES PUB, t_tie_lot(), T_TIE_MARKS, T_TIE_DECISION));
	char *decided = decided_ocds(T_TIE_RULES PUB, t_tie_lot(), T_TIE_MARKS, T_TIE_DECISION),
	     *rejected = decided_ocds(T_LOW_RULES PUB, t_low_lot(), T_LOW_MARKS, T_LOW_DECISION("rejected"));
	/* The tie decided: A and C; the abnormally low B rejected: the award moves to C. */
	cr_assert_str_eq(statuses(decided), "pending active active GB-COH-1 GB-COH-3");
	cr_assert_str_eq(statuses(rejected), "pending active active GB-COH-3");
	const char *texts[] = {decided, rejected};
	for (size_t i = 0; i < 2; i++) {
		cr_assert_null(strstr(texts[i], "\"complete\""), "nothing is complete before the contract is entered into");
		cr_assert(strstr(texts[i], "\"standstillPeriod\""));
	}
	valid_ocds(texts, 2);
	free(decided);
	free(rejected);
}

Test(ocds, a_scheme_tie_open_leaves_no_notice_written)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "", "S1", NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "", "S1", NULL);
	t_put_bid(d, "c.xml", "C", "GB-COH-3", "2026-11-01T12:00:00Z", "Q1", "", "S2", NULL);
	/* S1 tied between A and B, S2 to C: the award of S2 waits for the decision too. */
	cr_assert_str_eq(notice_skipped(RULES_HEAD "award: {mode: per_scheme, tie_break: [quality]}\nweights: {quality: 100, price: 0}\n"
	                                           "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n"
	                                           "schemes:\n  - {id: S1}\n  - {id: S2}\n" PUB,
	                                d, "A:Q1=4,4|B:Q1=4,4|C:Q1=3,3", NULL),
	                 PROVISIONAL_WHY);
}
