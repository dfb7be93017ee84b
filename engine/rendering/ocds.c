/*
 * ocds.json: the contract award notice, an OCDS 1.1 release package with the bids and lots
 * extensions and the UK extension's award standstill period. Every date comes from the rules
 * (publication.date and .decided, co_result_notice), never the clock, so the same evaluation
 * publishes the same bytes; without publication.date no notice is written, nor while the award
 * is provisional (the assessment summaries, which come first, are not written then either). A
 * notice is published before the contract is entered into, so every award is `pending` while
 * the standstill runs.
 */
#include "base/diag.h"
#include "evaluating/price.h"
#include "evaluating/admissibility.h"
#include "rendering/reports.h"
#include "base/jsontext.h"
#include "base/num.h"
#include "base/workdays.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define BIDS_EXT "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"
#define LOTS_EXT "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json"
/* Award.standstillPeriod: the extension the Central Digital Platform (Find a Tender) publishes with. */
#define UK_EXT "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json"

static json_t *org_ref(const char *id, const char *name)
{
	return json_pack("{s:s, s:s}", "id", id, "name", name ? name : id);
}

/* NULL when out of memory: a number is never written as 0 for want of its text. */
static json_t *value(const mpq_t amount, const char *currency)
{
	char *s = co_num_format(amount, 2);
	json_t *v = s ? json_pack("{s:f, s:s}", "amount", strtod(s, NULL), "currency", currency) : NULL;
	free(s);
	return v;
}

/* Each bid's lots: the lot itself (top_n), or the schemes it bid for (per_scheme, each scheme a lot). */
static json_t *related_lots(const co_rules *r, const co_entry *e, int *failed)
{
	json_t *a = json_array();
	if (r->mode == CO_MODE_TOP_N) {
		co_json_append(a, json_string(r->lot_id), failed);
		return a;
	}
	for (size_t s = 0; a && s < r->ns; s++)
		if (co_entry_schemes(r, e)[s])
			co_json_append(a, json_string(r->schemes[s].id), failed);
	return a;
}

static int cmp_text(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * The bid ids that may stand as OCDS bid ids: those of readable bids whose id no other file in
 * contention shares (stage 1's evidence). OCDS merges bids by id, so an id salvaged from an
 * invalid file, or one that two files use, must never become one. Kept sorted, for bsearch.
 */
typedef struct {
	const char **ids;
	size_t n;
} idset;

static int trusted_ids(idset *t, const co_result *res)
{
	t->n = 0;
	if (!(t->ids = malloc((res->n + 1) * sizeof(*t->ids))))
		return CO_ERROR;
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[i];
		if (e->bid->id && !e->bid->invalid && e->id_files <= 1)
			t->ids[t->n++] = e->bid->id;
	}
	qsort(t->ids, t->n, sizeof(*t->ids), cmp_text);
	return 0;
}

static int trusted(const idset *t, const char *id)
{
	return bsearch(&id, t->ids, t->n, sizeof(*t->ids), cmp_text) != NULL;
}

/* A bid's OCDS id: its own when trusted, else "file-N" (N its place in the document), made unique with '~', which no bid id has. */
static char *ocds_bid_id(const co_entry *e, size_t place, const idset *t)
{
	if (e->bid->id && trusted(t, e->bid->id) && !e->bid->invalid && e->id_files <= 1)
		return strdup(e->bid->id);
	char *id = co_strdupf("file-%zu", place + 1);
	while (id && trusted(t, id)) {
		char *longer = co_strdupf("%s~", id);
		free(id);
		id = longer;
	}
	return id;
}

/* A supplier is listed once, at its first bid in the document that names it (readable). */
static const co_bid *named(const co_result *res, size_t place)
{
	const co_bid *b = res->entries[res->order[place]].bid;
	return b->supplier_id && !b->invalid ? b : NULL;
}

static int cmp_place(const void *x, const void *y, void *arg)
{
	const co_result *res = arg;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	int c = strcmp(named(res, i)->supplier_id, named(res, j)->supplier_id);
	return c ? c : (i > j) - (i < j);
}

/* first[place] is 1 for each supplier's first bid in the document's order: O(n log n), no set of names kept. */
static unsigned char *first_bids(const co_result *res)
{
	unsigned char *first = calloc(res->n + 1, 1);
	size_t *places = malloc((res->n + 1) * sizeof(*places)), k = 0;
	if (!first || !places) {
		free(first);
		free(places);
		return NULL;
	}
	for (size_t i = 0; i < res->n; i++)
		if (named(res, i))
			places[k++] = i;
	qsort_r(places, k, sizeof(*places), cmp_place, (void *)res);
	for (size_t i = 0; i < k; i++)
		if (i == 0 || strcmp(named(res, places[i])->supplier_id, named(res, places[i - 1])->supplier_id) != 0)
			first[places[i]] = 1;
	free(places);
	return first;
}

/* What the package's three long lists are made from, an item at a time. */
typedef struct {
	const co_result *res;
	const char *buyer, *buyer_id;
	idset trusted;
	unsigned char *first;
} lists;

static json_t *bid_detail(const lists *l, size_t place, int *failed)
{
	const co_result *res = l->res;
	const co_rules *r = res->rules;
	const co_entry *e = &res->entries[res->order[place]];
	const co_bid *b = e->bid;
	int ok = e->status == CO_ST_RANKED || e->status == CO_ST_AWARDED;
	json_t *bid = json_object();
	char *bid_id = ocds_bid_id(e, place, &l->trusted);
	co_json_set(bid, "id", bid_id ? json_string(bid_id) : NULL, failed);
	free(bid_id);
	co_json_set(bid, "status", json_string(ok ? "valid" : "disqualified"), failed);
	if (b->supplier_id && !b->invalid) {
		/* When the bid was received: the receipt log's time (or the officer's correction) where given. */
		co_json_set(bid, "date", json_string(co_entry_when(res, res->order[place]).text), failed);
		co_json_set(bid, "tenderers", json_pack("[o]", org_ref(b->supplier_id, b->supplier_name)), failed);
		/*
		 * A price is a rate for its unit (a week, a night, a mile): rates of different items are never
		 * added. Each valid price is an item offered, with its unit and rate; the bid's value is given
		 * only when the lot has a single scored item, whose rate is then the price the bid is scored on.
		 */
		json_t *items = json_array();
		mpq_t price;
		mpq_init(price);
		size_t scored = 0, last = 0;
		for (size_t p = 0; items && p < r->np; p++) {
			if (r->prices[p].scored) {
				scored++;
				last = p;
			}
			if (e->ps[p].state != CO_PRICE_OK)
				continue;
			co_entry_price(e, p, price);
			const co_price_item *it = &r->prices[p];
			/* The rate is the unit's value; a unit the rules do not name is left unnamed. */
			json_t *unit = it->unit ? json_pack("{s:s, s:o}", "name", it->unit, "value", value(price, r->currency))
			                        : json_pack("{s:o}", "value", value(price, r->currency));
			co_json_append(items, json_pack("{s:s, s:s, s:o}", "id", it->id, "description", it->text ? it->text : it->id,
			                                "unit", unit),
			               failed);
		}
		if (scored == 1 && e->ps[last].state == CO_PRICE_OK) {
			co_entry_price(e, last, price);
			co_json_set(bid, "value", value(price, r->currency), failed);
		}
		mpq_clear(price);
		if (!items)
			*failed = 1;
		else if (json_array_size(items))
			co_json_set(bid, "items", items, failed);
		else
			json_decref(items);
		co_json_set(bid, "relatedLots", related_lots(r, e, failed), failed);
	}
	return bid;
}

static int fill_lists(void *arg, size_t hole, co_json_items *items)
{
	const lists *l = arg;
	const co_result *res = l->res;
	if (hole == 0) /* parties: the buyer, then one per supplier, with every role it holds */
		co_json_item(items, json_pack("{s:s, s:s, s:[s]}", "id", l->buyer_id, "name", l->buyer, "roles", "buyer"), 0);
	for (size_t i = 0; i < res->n; i++) {
		int failed = 0;
		if (hole == 2) {
			json_t *bid = bid_detail(l, i, &failed);
			co_json_item(items, bid, failed);
			continue;
		}
		if (!l->first[i])
			continue;
		const co_entry *e = &res->entries[res->order[i]];
		const co_bid *b = e->bid;
		if (hole == 1) {
			co_json_item(items, org_ref(b->supplier_id, b->supplier_name), 0);
			continue;
		}
		json_t *roles = json_pack("[s]", "tenderer");
		if (e->status == CO_ST_AWARDED)
			co_json_append(roles, json_string("supplier"), &failed);
		json_t *party = json_pack("{s:s, s:s, s:o}", "id", b->supplier_id, "name",
		                          b->supplier_name ? b->supplier_name : b->supplier_id, "roles", roles);
		co_json_item(items, party, failed);
	}
	return 0;
}

/* A lot's status in the notice (always of a final award): unsuccessful when it goes to no one, else active (the standstill runs). */
static const char *lot_status(int awarded)
{
	return awarded ? "active" : "unsuccessful";
}

/* One award of the notice: pending, dated by the decision, with the standstill period (the UK extension's place). */
static json_t *award(const co_result *res, const co_notice *n, const char *lot, json_t *suppliers)
{
	const co_rules *r = res->rules;
	char *id = co_strdupf("%s-award-%s", r->id, lot);
	char *decided = strcmp(n->decided, n->notice) == 0 ? strdup(n->notice_time) : co_strdupf("%sT00:00:00Z", n->decided);
	int64_t last = 0;
	(void)co_day_parse(&last, n->period.end, NULL); /* co_standstill wrote it */
	/* The standstill's last day ends at midnight in London, whatever the season. */
	char *end = co_strdupf("%sT23:59:59%s", n->period.end, co_uk_end_of_day_offset(last));
	json_t *a = id && decided && end
	                    ? json_pack("{s:s, s:s, s:s, s:o, s:[s], s:{s:s, s:s}}", "id", id, "status", "pending", "date",
	                                decided, "suppliers", suppliers, "relatedLots", lot, "standstillPeriod", "startDate",
	                                n->notice_time, "endDate", end)
	                    : (json_decref(suppliers), NULL);
	free(id);
	free(decided);
	free(end);
	return a;
}

/*
 * Built with co_json_set and co_json_append, and json_pack, which returns NULL when any part of
 * it (a string, a nested object) could not be made: anything missing sets failed, and the
 * package is then never written. The parties, the tenderers and the bids' details are streamed
 * an item at a time into their places (co_json_stream), byte for byte as the whole tree.
 */
int co_report_ocds_to(co_strbuf *out, const co_result *res, const char *prefix)
{
	const co_rules *r = res->rules;
	/* No notice while the award is provisional: the assessment summaries come first (co_render_ocds_skipped). */
	if (!co_result_final(res))
		return 1;
	co_notice *n = malloc(sizeof(*n)); /* some 21 kB */
	int nrc = n ? co_result_notice(res, n) : CO_ERROR;
	if (nrc) {
		free(n);
		if (nrc == CO_ERROR)
			out->failed = 1;
		return nrc == CO_ERROR ? 0 : 1;
	}
	const char *date = n->notice_time;
	const char *buyer = r->authority ? r->authority : "buyer";
	char *ocid = co_strdupf("%s-%s", prefix ? prefix : (r->ocid_prefix ? r->ocid_prefix : "ocds-xxxxxx"), r->id);
	char *buyer_id = co_strdupf("buyer-%s", r->id);
	json_t *parties = json_array(), *tenderers = json_array(), *details = json_array(), *awards = json_array();
	json_t *lots = json_array();
	lists l = {.res = res, .buyer = buyer, .buyer_id = buyer_id, .first = first_bids(res)};
	size_t valid = 0, disq = 0, rejected = 0, unsuccessful = 0, nlots = 0;
	int failed = trusted_ids(&l.trusted, res) != 0 || !l.first || !ocid || !buyer_id || !parties || !tenderers ||
	             !details || !awards || !lots;
	co_json_append(parties, co_json_hole(0), &failed);
	co_json_append(tenderers, co_json_hole(1), &failed);
	co_json_append(details, co_json_hole(2), &failed);
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[res->order[i]];
		valid += e->status == CO_ST_RANKED || e->status == CO_ST_AWARDED;
		disq += e->status == CO_ST_DISQUALIFIED;
		rejected += e->status == CO_ST_REJECTED;
	}
	if (r->mode == CO_MODE_TOP_N) {
		const char *st = lot_status(res->nawarded > 0);
		nlots = 1;
		unsuccessful += strcmp(st, "unsuccessful") == 0;
		co_json_append(lots, json_pack("{s:s, s:s, s:s}", "id", r->lot_id, "title", r->lot_name ? r->lot_name : r->lot_id,
		                               "status", st), &failed);
		if (res->nawarded) {
			json_t *sup = json_array();
			for (size_t i = 0; sup && i < res->nawarded; i++) {
				const co_bid *b = res->entries[res->awarded[i]].bid;
				co_json_append(sup, org_ref(b->supplier_id, b->supplier_name), &failed);
			}
			co_json_append(awards, sup ? award(res, n, r->lot_id, sup) : NULL, &failed);
		}
	} else {
		for (size_t s = 0; !failed && s < r->ns; s++) {
			const co_scheme *sc = &r->schemes[s];
			int awarded = res->schemes[s].status == CO_SCHEME_AWARDED;
			const char *st = lot_status(awarded);
			nlots++;
			unsuccessful += strcmp(st, "unsuccessful") == 0;
			char *title = co_strdupf("%s%s%s", sc->name ? sc->name : sc->id, sc->town ? ", " : "", sc->town ? sc->town : "");
			co_json_append(lots, json_pack("{s:s, s:s, s:s}", "id", sc->id, "title", title, "status", st), &failed);
			free(title);
			if (!awarded)
				continue;
			const co_bid *b = res->entries[res->schemes[s].awarded].bid;
			co_json_append(awards, award(res, n, sc->id, json_pack("[o]", org_ref(b->supplier_id, b->supplier_name))),
			               &failed);
		}
	}
	/* "ratedCriteria" when price counts; "qualityOnly" when only quality does. */
	int quality_only = mpq_sgn(r->wp) == 0 || r->price_scoring == CO_PS_FIXED;
	char *wq = co_num_format_trim(r->wq, 9), *wp = co_num_format_trim(r->wp, 9);
	char *details_text = wq && wp ? co_strdupf("Quality %s%%, price %s%%; %zu quality question(s); %s.", wq, wp, r->nq,
	                                           r->mode == CO_MODE_TOP_N ? "the top bids are awarded"
	                                                                    : "one provider per scheme")
	                              : NULL;
	/* json_pack takes the references given with "o", also when it fails. */
	json_t *tender = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "id", r->id, "title", r->title ? r->title : r->id,
	                           "status", nlots && unsuccessful == nlots ? "unsuccessful" : "active", "awardCriteria", quality_only ? "qualityOnly" : "ratedCriteria",
	                           "awardCriteriaDetails", details_text, "lots", lots, "tenderers", tenderers);
	/*
	 * bids and validBids are the bid extension's codes; the codelist is open, and the two counts of
	 * bids out are ours: disqualifiedBids (failed compliance or a quality threshold, 6.1 stages 2-3)
	 * and rejectedBids (inadmissible at stage 1: unreadable, late, superseded...). They add up to bids.
	 */
	json_t *stats = json_pack("[{s:s, s:s, s:I}, {s:s, s:s, s:I}, {s:s, s:s, s:I}, {s:s, s:s, s:I}]", "id", "1", "measure",
	                          "bids", "value", (json_int_t)res->n, "id", "2", "measure", "validBids", "value",
	                          (json_int_t)valid, "id", "3", "measure", "disqualifiedBids", "value", (json_int_t)disq, "id",
	                          "4", "measure", "rejectedBids", "value", (json_int_t)rejected);
	char *release_id = co_strdupf("%s-award", r->id);
	json_t *release = json_pack("{s:s, s:s, s:s, s:[s], s:s, s:o, s:o, s:o, s:{s:o, s:o}, s:o}", "ocid", ocid, "id",
	                            release_id, "date", date, "tag", "award", "initiationType", "tender", "parties", parties,
	                            "buyer", org_ref(buyer_id, buyer), "tender", tender, "bids", "statistics", stats, "details",
	                            details, "awards", awards);
	json_t *package = json_pack("{s:s, s:s, s:s, s:{s:s}, s:[s, s, s], s:[o]}", "uri", ocid, "version", "1.1", "publishedDate",
	                            date, "publisher", "name", buyer, "extensions", BIDS_EXT, LOTS_EXT, UK_EXT, "releases", release);
	free(ocid);
	free(wq);
	free(wp);
	free(details_text);
	free(release_id);
	if (package && !failed)
		co_json_stream(out, package, JSON_REAL_PRECISION(15), 3, fill_lists, &l);
	else
		out->failed = 1;
	json_decref(package);
	free(l.first);
	free(l.trusted.ids);
	free(buyer_id);
	free(n);
	return 0;
}

int co_report_ocds(char **out, const co_result *res, const char *prefix)
{
	co_strbuf b = {0};
	if (co_report_ocds_to(&b, res, prefix) == 1) {
		*out = NULL;
		co_strbuf_end(&b);
		return 1;
	}
	return co_report_whole(out, &b);
}
