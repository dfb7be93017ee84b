/* The officer's decisions applied where the stages need them, each checked against the evaluation, and what is left open. */
#include "evaluating/decide.h"
#include "base/diag.h"

#include <stdlib.h>
#include <string.h>

static const char *dpath(const co_result *res)
{
	return res->decisions->path;
}

/* How many files given carry bid id id. */
static size_t entries_of(const co_result *res, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < res->n; i++)
		n += res->entries[i].bid->id && strcmp(res->entries[i].bid->id, id) == 0;
	return n;
}

/* "decision D2 (A. Officer, 2026-12-03T10:00:00Z): reason" — how a note quotes a decision. */
#define QUOTE_FMT "decision %s (%s, %s): %s"
#define QUOTE(d) (d)->id, (d)->by, (d)->at_text, (d)->reason

/* A decision applied, or refused (its error reported; it is ignored from then on, and the evaluation fails at its end). */
enum { DEC_UNUSED = 0, DEC_USED, DEC_REFUSED };

static void used(co_result *res, const co_decision *d)
{
	res->decided[d - res->decisions->d] = DEC_USED;
}

static void refuse(co_result *res, const co_decision *d)
{
	res->decided[d - res->decisions->d] = DEC_REFUSED;
}

void co_decide_refuse(co_result *res, const co_decision *d)
{
	refuse(res, d);
}

static int refused(const co_result *res, const co_decision *d)
{
	return res->decided[d - res->decisions->d] == DEC_REFUSED;
}

int co_decide_refused(const co_result *res)
{
	for (size_t k = 0; res->decisions && k < res->decisions->n; k++)
		if (res->decided[k] == DEC_REFUSED)
			return 1;
	return 0;
}

/* 1 when a file given with bid id id is a readable, valid bid. */
static int valid_bid(const co_result *res, const char *id)
{
	for (size_t i = 0; i < res->n; i++)
		if (!res->entries[i].bid->invalid && res->entries[i].bid->id && strcmp(res->entries[i].bid->id, id) == 0)
			return 1;
	return 0;
}

int co_decide_check_bids(co_result *res, co_diags *diags)
{
	const co_decisions *ds = res->decisions;
	if (!ds)
		return 0;
	if (!(res->decided = calloc(ds->n ? ds->n : 1, 1)))
		return CO_ERROR;
	for (size_t k = 0; k < ds->n; k++) {
		const co_decision *d = &ds->d[k];
		if (d->bid && entries_of(res, d->bid) == 0) {
			co_diag_add(diags, dpath(res), d->bid_at.line, d->bid_at.col,
			            "unknown bid '%s': no bid file given has this id", d->bid);
			refuse(res, d);
		}
		for (size_t a = 0; a < d->naward; a++)
			if (entries_of(res, d->award[a]) == 0) {
				co_diag_add(diags, dpath(res), d->award_at[a].line, d->award_at[a].col,
				            "unknown bid '%s': no bid file given has this id", d->award[a]);
				refuse(res, d);
			}
		if (d->kind == CO_DEC_SUBMITTED && !refused(res, d) && !valid_bid(res, d->bid)) {
			co_diag_add(diags, dpath(res), d->bid_at.line, d->bid_at.col,
			            "bid '%s' is not a valid bid (invalid_bid): it is rejected whenever it was received, so its "
			            "time of receipt decides nothing",
			            d->bid);
			refuse(res, d);
		}
		if (!refused(res, d) && (d->kind == CO_DEC_SUBMITTED || d->kind == CO_DEC_MODERATION))
			used(res, d); /* stage 1 applies a time whatever it changes; a sign-off stands on its own */
	}
	return co_diags_failed(diags) ? CO_ERROR : 0;
}

int co_decide_exclusions(co_result *res, co_diags *diags)
{
	static const char *const grounds[] = {
		"a mandatory exclusion ground (Procurement Act 2023 s.57, Schedule 6)",
		"a discretionary exclusion ground (Procurement Act 2023 s.57, Schedule 7)",
		"the supplier is on the debarment list (Procurement Act 2023 s.62)",
	};
	const co_decisions *ds = res->decisions;
	for (size_t k = 0; ds && k < ds->n; k++) {
		const co_decision *d = &ds->d[k];
		if (d->kind != CO_DEC_EXCLUSION || refused(res, d))
			continue;
		used(res, d);
		for (size_t i = 0; i < res->n; i++) {
			co_entry *e = &res->entries[i];
			if (!e->bid->id || strcmp(e->bid->id, d->bid) != 0)
				continue;
			if (e->status == CO_ST_REJECTED) {
				co_diag_add(diags, dpath(res), d->bid_at.line, d->bid_at.col,
				            "bid '%s' (%s) was rejected at admissibility (%s), so there is nothing to exclude", d->bid,
				            e->bid->file, e->nreasons ? e->reasons[0].code : "rejected");
				refuse(res, d);
				continue;
			}
			co_entry_note(res, e, CO_REASON, "excluded", CO_ABOUT_DECISION, d->id, 0, "excluded on %s: " QUOTE_FMT,
			              grounds[d->ground], QUOTE(d));
			e->status = CO_ST_DISQUALIFIED;
		}
	}
	return res->failed || co_diags_failed(diags) ? CO_ERROR : 0;
}

static int flagged_low(const co_entry *e)
{
	return co_entry_flagged(e, "abnormally_low");
}

int co_decide_abnormally_low(co_result *res, int last, size_t *rejected, co_diags *diags)
{
	const co_decisions *ds = res->decisions;
	*rejected = 0;
	for (size_t k = 0; ds && k < ds->n; k++) {
		const co_decision *d = &ds->d[k];
		if (d->kind != CO_DEC_ABNORMALLY_LOW || res->decided[k] != DEC_UNUSED)
			continue;
		for (size_t i = 0; i < res->n; i++) {
			co_entry *e = &res->entries[i];
			if (!e->bid->id || strcmp(e->bid->id, d->bid) != 0 || !co_entry_in(e) || !flagged_low(e))
				continue;
			used(res, d);
			if (!d->rejected)
				continue;
			co_entry_note(res, e, CO_REASON, "abnormally_low_rejected", CO_ABOUT_DECISION, d->id, 0,
			              "the abnormally low price was investigated and the tender rejected: " QUOTE_FMT, QUOTE(d));
			e->status = CO_ST_DISQUALIFIED;
			(*rejected)++;
		}
		if (last && res->decided[k] == DEC_UNUSED) {
			co_diag_add(diags, dpath(res), d->bid_at.line, d->bid_at.col,
			            "bid '%s' has no abnormally_low flag to investigate (only a bid still in contention at the "
			            "price stage can be flagged)",
			            d->bid);
			refuse(res, d);
		}
	}
	return res->failed || co_diags_failed(diags) ? CO_ERROR : 0;
}

const co_decision *co_decide_tie_for(const co_result *res, long scheme)
{
	const co_decisions *ds = res->decisions;
	for (size_t k = 0; ds && k < ds->n; k++)
		if (ds->d[k].kind == CO_DEC_TIE && ds->d[k].scheme == scheme && !refused(res, &ds->d[k]))
			return &ds->d[k];
	return NULL;
}

/* The tied bids' ids, "B-1, B-2", for a message; NULL when out of memory. */
static char *tied_list(const co_result *res, const size_t *entries, const co_cand *cands, size_t n)
{
	char *s = strdup("");
	for (size_t k = 0; s && k < n; k++) {
		char *t = co_strdupf("%s%s%s", s, k ? ", " : "", res->entries[entries ? entries[k] : cands[k].entry].bid->id);
		free(s);
		s = t;
	}
	return s;
}

int co_decide_top_tie(co_result *res, const co_cand *group, size_t n, size_t places, unsigned char *chosen,
                      co_diags *diags)
{
	const co_decision *d = co_decide_tie_for(res, -1);
	int bad = 0;
	if (!d)
		return 0;
	used(res, d);
	memset(chosen, 0, n);
	for (size_t a = 0; a < d->naward; a++) {
		int in = 0;
		for (size_t k = 0; k < n; k++)
			if (strcmp(res->entries[group[k].entry].bid->id, d->award[a]) == 0)
				in = chosen[k] = 1;
		if (!in) {
			char *list = tied_list(res, NULL, group, n);
			if (!list)
				return CO_ERROR;
			co_diag_add(diags, dpath(res), d->award_at[a].line, d->award_at[a].col,
			            "bid '%s' is not in the tie at rank %ld (tied: %s)", d->award[a], group[0].rank, list);
			free(list);
			bad = 1;
		}
	}
	if (!bad && d->naward != places) {
		co_diag_add(diags, dpath(res), d->award_at[0].line, d->award_at[0].col,
		            "the tie at rank %ld leaves %zu place%s in the top %ld, but decision %s awards %zu bid%s", group[0].rank,
		            places, places == 1 ? "" : "s", res->rules->n, d->id, d->naward, d->naward == 1 ? "" : "s");
		bad = 1;
	}
	if (bad) /* the tie stays open; the evaluation fails at its end, with every refusal reported */
		refuse(res, d);
	return co_diags_failed(diags) ? CO_ERROR : bad ? 0 : 1;
}

int co_decide_scheme_tie(co_result *res, size_t scheme, const size_t *bids, size_t n, size_t *chosen, co_diags *diags)
{
	const co_decision *d = co_decide_tie_for(res, (long)scheme);
	if (!d)
		return 0;
	used(res, d);
	for (size_t k = 0; k < n; k++)
		if (strcmp(res->entries[bids[k]].bid->id, d->award[0]) == 0) {
			*chosen = bids[k];
			return 1;
		}
	char *list = tied_list(res, bids, NULL, n);
	if (!list)
		return CO_ERROR;
	co_diag_add(diags, dpath(res), d->award_at[0].line, d->award_at[0].col,
	            "bid '%s' is not among the bids tied for scheme %s (tied: %s)", d->award[0],
	            res->rules->schemes[scheme].id, list);
	free(list);
	refuse(res, d);
	return co_diags_failed(diags) ? CO_ERROR : 0;
}

static int add_open(co_result *res, co_open item)
{
	co_open *p = realloc(res->open, (res->nopen + 1) * sizeof(*p));
	if (!p)
		return CO_ERROR;
	res->open = p;
	res->open[res->nopen++] = item;
	return 0;
}

static int by_bid_id(const void *a, const void *b, void *ctx)
{
	const co_result *res = ctx;
	const co_bid *x = res->entries[*(const size_t *)a].bid, *y = res->entries[*(const size_t *)b].bid;
	int c = strcmp(x->id, y->id);
	return c ? c : strcmp(x->file, y->file);
}

int co_decide_open(co_result *res, co_diags *diags)
{
	const co_rules *r = res->rules;
	const co_decisions *ds = res->decisions;
	for (size_t k = 0; ds && k < ds->n; k++) {
		const co_decision *d = &ds->d[k];
		if (res->decided[k] != DEC_UNUSED || d->kind != CO_DEC_TIE)
			continue;
		if (d->scheme >= 0)
			co_diag_add(diags, dpath(res), d->scheme_at.line, d->scheme_at.col,
			            "scheme %s is not tied: there is no tie for decision %s to decide", r->schemes[d->scheme].id, d->id);
		else
			co_diag_add(diags, dpath(res), d->where.line, d->where.col,
			            r->at_boundary == CO_BOUNDARY_REPORT
			                ? "no tie is left at the top-%ld boundary (at_boundary: %s): there is no tie for decision %s to decide"
			                : "the rules decide any tie at the top-%ld boundary themselves (at_boundary: %s): there is "
			                  "nothing for decision %s to decide",
			            r->n, co_boundary_name(r->at_boundary), d->id);
		refuse(res, d);
	}
	if (co_diags_failed(diags))
		return CO_ERROR;
	if (r->mode == CO_MODE_TOP_N && res->ntied > 0) {
		/* Under report no tied bid is awarded, nor any below them: the places left are those above the tie's. */
		if (add_open(res, (co_open){CO_OPEN_TIE, -1, -1, (size_t)r->n - res->nawarded}))
			return CO_ERROR;
	}
	for (size_t s = 0; res->schemes && s < r->ns; s++)
		if (res->schemes[s].status == CO_SCHEME_TIE && add_open(res, (co_open){CO_OPEN_SCHEME_TIE, (long)s, -1, 0}))
			return CO_ERROR;
	/* Abnormally low bids in the award with no investigation recorded, by bid id. */
	size_t *low = malloc((res->nawarded ? res->nawarded : 1) * sizeof(size_t)), nlow = 0;
	if (!low)
		return CO_ERROR;
	for (size_t i = 0; i < res->nawarded; i++) {
		const co_entry *e = &res->entries[res->awarded[i]];
		if (flagged_low(e) && !co_decision_about(ds, CO_DEC_ABNORMALLY_LOW, e->bid->id))
			low[nlow++] = res->awarded[i];
	}
	qsort_r(low, nlow, sizeof(size_t), by_bid_id, res);
	int rc = 0;
	for (size_t i = 0; !rc && i < nlow; i++)
		rc = add_open(res, (co_open){CO_OPEN_ABNORMALLY_LOW, -1, (long)low[i], 0});
	free(low);
	if (rc)
		return rc;
	return 0;
}
