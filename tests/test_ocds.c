/* ocds.json: an OCDS 1.1 release package valid against the schemas, its ids unique, its dates and values from the rules. */
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
	cr_assert_eq(json_array_size(json_object_get(pkg, "extensions")), 2);
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
	                 ocds_text(t_write(t_dir(), "r.yaml", PRICED_RULES), bids, marks, NULL)};
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
	cr_assert_eq(unique_ids(json_object_get(rel, "bids"), "statistics", "bids.statistics"), 3);
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
	                                                        "prices:\n  - {id: p, max: 100, weight: 100}\n"),
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
	cr_assert_str_eq(t_str(award, "status"), "active");
	cr_assert_eq(json_array_size(json_object_get(award, "suppliers")), 6);
	cr_assert_str_eq(t_str(json_array_get(json_object_get(award, "suppliers"), 0), "name"), "Acme Live-in Care Ltd");
	json_t *stats = json_object_get(json_object_get(rel, "bids"), "statistics");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(stats, 0), "value")), 15, "every bid file");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(stats, 1), "value")), 7, "ranked and awarded");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(stats, 2), "value")), 8, "rejected or disqualified");
	json_decref(pkg);
}

Test(ocds, dates_come_from_the_rules_never_the_clock)
{
	/* Lot 7 has no publication date: the deadline is used throughout; the same evaluation, the same bytes. */
	char *a = ocds_text(L7_RULES, L7_BIDS, L7_MARKS, NULL), *b = ocds_text(L7_RULES, L7_BIDS, L7_MARKS, NULL);
	cr_assert_str_eq(a, b);
	json_t *pkg = json_loads(a, 0, NULL);
	cr_assert_str_eq(t_str(pkg, "publishedDate"), "2026-12-01T12:00:00Z");
	cr_assert_str_eq(t_str(release(pkg), "date"), "2026-12-01T12:00:00Z");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(release(pkg), "awards"), 0), "date"), "2026-12-01T12:00:00Z");
	json_decref(pkg);
	free(a);
	free(b);
	/* With publication.date, that date. */
	const char *bids;
	const char *marks = priced_lot(&bids);
	pkg = ocds(t_write(t_dir(), "r.yaml", PRICED_RULES "publication: {date: 2026-12-20T09:30:00Z}\n"), bids, marks, NULL);
	cr_assert_str_eq(t_str(pkg, "publishedDate"), "2026-12-20T09:30:00Z");
	cr_assert_str_eq(t_str(release(pkg), "date"), "2026-12-20T09:30:00Z");
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

Test(ocds, the_ocid_prefix_comes_from_the_argument_else_the_rules_else_the_placeholder)
{
	const char *bids;
	const char *marks = priced_lot(&bids);
	const char *plain = t_write(t_dir(), "r.yaml", PRICED_RULES);
	const char *prefixed = t_write(t_dir(), "r.yaml", PRICED_RULES "publication: {ocid_prefix: ocds-a1b2c3}\n");
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

Test(ocds, a_bids_value_is_the_sum_of_its_valid_scored_prices_in_the_lots_currency)
{
	const char *bids;
	const char *marks = priced_lot(&bids);
	json_t *pkg = ocds(t_write(t_dir(), "r.yaml", PRICED_RULES), bids, marks, NULL);
	json_t *rel = release(pkg);
	cr_assert_str_eq(t_str(json_object_get(rel, "tender"), "awardCriteria"), "ratedCriteria", "price carries points");
	json_t *details = json_object_get(json_object_get(rel, "bids"), "details");
	cr_assert_eq(json_array_size(details), 3);
	json_t *a = NULL, *b = NULL, *x;
	size_t i;
	json_array_foreach(details, i, x)
	{
		if (strcmp(t_str(x, "id"), "A") == 0)
			a = x;
		if (strcmp(t_str(x, "id"), "B") == 0)
			b = x;
	}
	cr_assert(a && b);
	/* A: p1 100.10 + p2 200.25 = 300.35; the unscored cap (0.40) is not part of it. */
	json_t *v = json_object_get(a, "value");
	cr_assert_float_eq(json_real_value(json_object_get(v, "amount")), 300.35, 1e-9);
	cr_assert_str_eq(t_str(v, "currency"), "EUR");
	cr_assert_str_eq(t_str(a, "status"), "valid");
	/* B's p2 is not a price: only p1 counts, and the bid is disqualified. */
	v = json_object_get(b, "value");
	cr_assert_float_eq(json_real_value(json_object_get(v, "amount")), 90.0, 1e-9);
	cr_assert_str_eq(t_str(b, "status"), "disqualified");
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(a, "relatedLots"), 0)), "1", "the lot's id");
	json_decref(pkg);
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
	                                                      "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n");
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

Test(ocds, a_provisional_award_is_pending_and_the_tender_active_until_decided_then_active_and_complete)
{
	char *open = decided_ocds(T_TIE_RULES, t_tie_lot(), T_TIE_MARKS, NULL),
	     *decided = decided_ocds(T_TIE_RULES, t_tie_lot(), T_TIE_MARKS, T_TIE_DECISION),
	     *low = decided_ocds(T_LOW_RULES, t_low_lot(), T_LOW_MARKS, NULL),
	     *rejected = decided_ocds(T_LOW_RULES, t_low_lot(), T_LOW_MARKS, T_LOW_DECISION("rejected"));
	/* The tie open: A alone awarded so far, pending; decided: A and C, active. */
	cr_assert_str_eq(statuses(open), "pending active active GB-COH-1");
	cr_assert_str_eq(statuses(decided), "active complete complete GB-COH-1 GB-COH-3");
	cr_assert_null(strstr(open, "\"complete\""), "nothing is complete while the award is provisional");
	/* An abnormally low bid in the award, not investigated: pending; rejected: the award moves, active. */
	cr_assert_str_eq(statuses(low), "pending active active GB-COH-2");
	cr_assert_str_eq(statuses(rejected), "active complete complete GB-COH-3");
	const char *texts[] = {open, decided, low, rejected};
	valid_ocds(texts, 4);
	free(open);
	free(decided);
	free(low);
	free(rejected);
}

Test(ocds, a_scheme_tie_open_leaves_every_award_pending)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "", "S1", NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "", "S1", NULL);
	t_put_bid(d, "c.xml", "C", "GB-COH-3", "2026-11-01T12:00:00Z", "Q1", "", "S2", NULL);
	char *text = decided_ocds(RULES_HEAD "award: {mode: per_scheme, tie_break: [quality]}\nweights: {quality: 100, price: 0}\n"
	                                     "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n"
	                                     "schemes:\n  - {id: S1}\n  - {id: S2}\n",
	                          d, "A:Q1=4,4|B:Q1=4,4|C:Q1=3,3", NULL);
	json_t *pkg = json_loads(text, 0, NULL), *rel = release(pkg), *tender = json_object_get(rel, "tender");
	cr_assert_str_eq(t_str(tender, "status"), "active");
	json_t *awards = json_object_get(rel, "awards");
	cr_assert_eq(json_array_size(awards), 1, "S2 to C; S1 tied, not awarded");
	cr_assert_str_eq(t_str(json_array_get(awards, 0), "status"), "pending", "the award of S2 waits for the decision too");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(tender, "lots"), 1), "status"), "active");
	const char *texts[] = {text};
	valid_ocds(texts, 1);
	json_decref(pkg);
	free(text);
}
