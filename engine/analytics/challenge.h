/* Internal: the challenge check: would the award change without a bid that did not win? */
#ifndef CO_CHALLENGE_H
#define CO_CHALLENGE_H

#include "evaluating/result.h"

#include <jansson.h>

/* What removing one bid would do to the award. */
typedef enum {
	CO_CHALLENGE_SAME = 0,    /* the award without it is the same: the same bids in the same order, the same open tie */
	CO_CHALLENGE_CHANGES,     /* the award without it differs (the award without it is recorded) */
	CO_CHALLENGE_UNDETERMINED /* the check cannot say (why gives the reason in words) */
} co_challenge_verdict;

/* One price where the bid sets the lowest: a scored item, in the lot (top_n) or in one scheme (per_scheme). */
typedef struct {
	size_t item;  /* rules price item */
	long scheme;  /* per_scheme: the rules scheme; top_n: -1 */
	mpq_t price;  /* the bid's price, which is the lowest there */
	mpq_t lowest_without; /* the lowest price there without the bid (when there is another bid) */
	int has_lowest_without;
} co_challenge_lowest;

/*
 * One scored item where removing the bid moves the abnormally-low median so far that another
 * bid's flag changes (it is raised or taken off): the median over the bids still in at that
 * pass of stage 4, with and without the bid.
 */
typedef struct {
	size_t item;          /* rules price item */
	mpq_t median;         /* the item's median at that pass, with the bid */
	mpq_t median_without; /* and without it */
} co_challenge_median;

/*
 * One bid that did not win and could change the award, and the award without it. It is checked
 * because it sets a lowest price, or because removing it changes another bid's abnormally-low
 * flag, or because it shares a rank with an awarded place (a tie at the award).
 */
typedef struct {
	size_t entry; /* in the result */
	co_challenge_lowest *lowest;
	size_t nlowest;
	co_challenge_median *median; /* the items whose abnormally-low flags it moves, in rules order */
	size_t nmedian;
	int tied_at_award;           /* it shares a rank with a bid awarded (or left to a person) */
	co_challenge_verdict verdict;
	/* The award without it (CO_CHALLENGE_SAME and _CHANGES), as entries of the result: */
	size_t *awarded, nawarded; /* top_n in rank order; per_scheme unused */
	size_t *tied, ntied;       /* top_n: bids left to a person, by bid id */
	long *scheme_awarded;      /* per_scheme: per rules scheme, the entry awarded, or -1 */
	unsigned char *scheme_status; /* per_scheme: per rules scheme, a co_scheme_status */
	char *why;                 /* CO_CHALLENGE_UNDETERMINED: why, in words */
} co_challenge_bid;

/* The check over a whole result. */
typedef struct {
	int applies;        /* 1 when prices earn points relative to the lowest (lowest_ratio or linear_to_max, price weight > 0) */
	const char *reason; /* when it does not apply: why, in words */
	co_challenge_bid *bids; /* in result-document order (ranked bids by rank) */
	size_t n;
	size_t changes;     /* how many of them have the verdict CO_CHALLENGE_CHANGES */
	size_t undetermined; /* how many have the verdict CO_CHALLENGE_UNDETERMINED */
	size_t reruns;       /* how many were evaluated again (the others over the bound are undetermined) */
} co_challenge;

/*
 * The most bid evaluations the check spends on one result: each re-run evaluates stages 4 and 5
 * again for every bid still in at stage 4, and a bid past this bound is undetermined, with the
 * reason. 2,000,000 is a hundred re-runs of the 20,000-bid benchmark lot, about as long as the
 * evaluation itself, and every losing bid of a lot of up to 1,400 bids.
 */
#define CO_CHALLENGE_MAX_WORK 2000000u

/*
 * The challenge check (docs/formats-notes.md "Analytics"): for each bid that did not win (ranked,
 * not awarded) and could change the award (its price for a scored item is that item's lowest
 * among the ranked bids, per_scheme within a scheme it bid for; or, with abnormally_low, removing
 * it moves an item's median so that another bid's flag changes; or it is tied with an awarded
 * place), whether the award would differ had its file not been given, found by running stages 4
 * and 5 again without it (co_evaluate_without). Every other losing bid cannot change the award
 * (see the comment above make() in challenge.c). It never changes the result's award or any
 * other part of it.
 * @param out receives the check, borrowed from res (made once, kept in res, freed with it);
 *        NULL on failure
 * @return 0, or CO_ERROR when out of memory
 */
int co_challenge_of(const co_challenge **out, const co_result *res);

/*
 * One plain sentence for bid k of the check: "Without B-7, which sets the lowest weekly_single
 * price (775.00), B-3 would be awarded instead of B-5." The caller frees it; NULL when out of memory.
 */
char *co_challenge_sentence(const co_result *res, const co_challenge *c, size_t k);

/*
 * When the check applies and no bid changes the award, that in one sentence ("No bid that did
 * not win changes the award."), which says so when none sets a lowest price or the check cannot
 * say for some; else NULL. Static text.
 */
const char *co_challenge_summary(const co_challenge *c);

/*
 * The check in words for people, one sentence a line: the ones above, or "No bid that did not win
 * changes the award.", or why the check does not apply. The caller frees it; NULL when out of memory.
 */
char *co_challenge_text(const co_result *res, const co_challenge *c);

/* The result document's "challenge" section; NULL when out of memory. */
json_t *co_challenge_json(const co_result *res, const co_challenge *c);

#endif
