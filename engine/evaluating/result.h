/* Internal: the result of an evaluation, its per-bid entries and the one store of their notes. */
#ifndef CO_RESULT_H
#define CO_RESULT_H

#include <gmp.h>
#include <stdatomic.h>
#include <stdint.h>
#include "calloff/evaluate.h"
#include "reading/bid.h"
#include "reading/marks.h"
#include "reading/rules_internal.h"
#include "reading/decisions.h"
#include "reading/receipts.h"
#include "evaluating/agreement.h"
#include "base/textpool.h"
#include "base/arena.h"
#include "base/ratio.h"

typedef enum { CO_ST_IN = 0, CO_ST_RANKED, CO_ST_AWARDED, CO_ST_DISQUALIFIED, CO_ST_REJECTED } co_bid_status;

/*
 * What a note is about: nothing in particular, or one question, price item, gate or scheme, or
 * the officer's decision that gave it (its id, borrowed from the decisions).
 */
typedef enum { CO_ABOUT_BID = 0, CO_ABOUT_QUESTION, CO_ABOUT_ITEM, CO_ABOUT_GATE, CO_ABOUT_SCHEME, CO_ABOUT_DECISION } co_note_about;

/* A reason (why a bid is out) or a flag (never excludes): thirty-two bytes, as most bids have some. */
typedef struct {
	const char *code;
	const char *detail;  /* in the result's text pool, shared by equal details */
	const char *subject; /* the id of what it is about, borrowed from the rules; NULL for the bid */
	int32_t line;        /* the line of the bid file it is about, 0 when none applies */
	uint8_t about;       /* a co_note_about */
} co_note;

/* The note's question, item, gate or scheme id: NULL unless it is about one of that kind. */
static inline const char *co_note_subject(const co_note *n, co_note_about kind)
{
	return n->about == kind ? n->subject : NULL;
}

/* The name of what a note is about, as documents key its id: "question", "item", "gate", "scheme", "decision"; NULL for the bid. */
static inline const char *co_note_about_name(co_note_about a)
{
	static const char *const names[] = {NULL, "question", "item", "gate", "scheme", "decision"};
	return a < sizeof(names) / sizeof(*names) ? names[a] : NULL;
}

/* Any id the note is about, whatever its kind; NULL when it is about the bid. */
static inline const char *co_note_what(const co_note *n)
{
	return n->subject;
}

typedef enum { CO_PRICE_MISSING, CO_PRICE_INVALID, CO_PRICE_OK } co_price_state;

/*
 * One price of a bid: compact, as every bid holds one per item. The exact value (co_entry_price)
 * is cents / 100, or the text read again for the rare price too large for that; the points come
 * from it and the lot's lowest price (co_entry_item_points).
 */
typedef struct {
	const char *text;   /* as written (in the entry's block); NULL when missing */
	int64_t cents;      /* when state is CO_PRICE_OK and !big: the price in hundredths */
	int32_t line;       /* of the <price>, 0 when missing */
	uint8_t state;      /* a co_price_state (from stage 2) */
	uint8_t big;        /* OK, but 100 x the price is beyond int64_t: the text holds it */
	uint8_t has_points; /* top_n lots whose prices earn points, from stage 4 */
} co_price_entry;

/* A bid's declaration for one rules gate (xs:boolean, so one of four words), as stage 2 needs it. */
typedef enum { CO_DECL_NONE = 0, CO_DECL_TRUE, CO_DECL_ONE, CO_DECL_FALSE, CO_DECL_ZERO } co_decl_value;

typedef struct {
	int32_t line;  /* of the <declaration>; 0 when the bid has none for the gate */
	uint8_t value; /* a co_decl_value */
} co_gate_decl;

/* A declaration's word as the bid wrote it ("true", "1", "false" or "0"), for reasons and explain. */
const char *co_decl_word(const co_gate_decl *d);

/* A bid's response to one rules question, as stage 2 needs it: where it is and how long. */
typedef struct {
	int32_t line;   /* of the <response>; 0 when the bid has none for the question */
	uint32_t words; /* co_word_count of its text */
} co_answer;

/*
 * One bid's evaluation: eighty bytes, as an evaluation may hold tens of thousands. What the
 * stages use of the bid's body is in one block (co_entry_take_bid), found through ps and the
 * rules' counts: the prices, then the answers, gates, named schemes and schemes
 * (co_entry_answers and the others below).
 */
typedef struct co_entry {
	co_bid *bid;
	co_note *reasons, *flags;
	uint32_t nreasons, nflags;
	const co_bidmarks *marks; /* the panel's marks for the bid (from stage 3), borrowed from the result;
	                             each question's consensus mark and points come from them (co_entry_mark) */
	co_price_entry *ps;     /* one per rules price item, first in the entry's block */
	co_ratio qp;            /* quality points (stage 3); price points and the total: co_entry_totals */
	int32_t rank;           /* 0 when not ranked */
	uint32_t id_files;      /* stage 1's evidence: the files in contention that carry its bid id (1 when unique) */
	uint32_t supplier_bids; /* stage 1's evidence: its supplier's bids still in contention when the latest was chosen */
	uint8_t status;         /* a co_bid_status */
	uint8_t stage;          /* the last stage the bid reached, 1..5 */
	uint8_t names_schemes;  /* the bid names a scheme, of the rules or not */
	uint8_t tie_boundary;   /* in a tied group straddling the top-n boundary */
} co_entry;
_Static_assert(sizeof(co_entry) == 80, "an entry is eighty bytes, as the README's memory figures say");
_Static_assert(sizeof(co_note) == 32, "a note is thirty-two bytes");

/* The entry's answer to each rules question, in its block after the prices. */
static inline co_answer *co_entry_answers(const co_rules *r, const co_entry *e)
{
	return (co_answer *)(e->ps + r->np);
}

/* The entry's declaration for each rules gate, after the answers. */
static inline co_gate_decl *co_entry_gates(const co_rules *r, const co_entry *e)
{
	return (co_gate_decl *)(co_entry_answers(r, e) + r->nq);
}

/* 1 per rules scheme the bid names, after the gates. */
static inline unsigned char *co_entry_named(const co_rules *r, const co_entry *e)
{
	return (unsigned char *)(co_entry_gates(r, e) + r->ngates);
}

/* per_scheme: 1 per rules scheme the bid is for, from stage 2, after the named ones. */
static inline unsigned char *co_entry_schemes(const co_rules *r, const co_entry *e)
{
	return co_entry_named(r, e) + r->ns;
}

/* One bid's standing in a ranking (the whole lot, or one scheme). */
typedef struct {
	size_t entry;
	co_ratio pp, total; /* co_cand_init'ed; co_cands_free frees them */
	long rank;
} co_cand;

/* A candidate for entry i, its price points and total 0. */
void co_cand_init(co_cand *c, size_t entry);
/* Free n candidates and the array; NULL is accepted. */
void co_cands_free(co_cand *c, size_t n);

typedef enum { CO_SCHEME_AWARDED, CO_SCHEME_UNAWARDED, CO_SCHEME_TIE } co_scheme_status;

typedef struct {
	co_scheme_status status;
	co_cand *ranking;
	size_t n;
	long awarded; /* entry index, or -1 */
	int moved;    /* with a cap: the award is not the scheme's rank 1 */
	char *why;    /* with a cap and moved: the reason, in words */
} co_scheme_result;

/*
 * Stage 1's evidence of when a bid came in, kept per entry only when a receipt log or decisions
 * were given (co_entry_when reads it; without them each bid's own <submitted> counts).
 */
typedef struct {
	const co_receipt *receipt;    /* its row in res->receipts, or NULL (no log, or an invalid bid with none) */
	const co_decision *corrected; /* the officer's submitted decision about its bid id, or NULL */
} co_entry_times;

/* What still needs a person before the award is final (docs/formats-notes.md "Provisional until decided"). */
typedef enum {
	CO_OPEN_TIE = 0,       /* top_n: bids tied across the boundary under at_boundary: report (res->tied) */
	CO_OPEN_SCHEME_TIE,    /* per_scheme: a scheme left tie_unresolved (its ranking's tied rank-1 bids) */
	CO_OPEN_ABNORMALLY_LOW /* a bid in the award flagged abnormally_low, with no investigation recorded */
} co_open_kind;

typedef struct {
	co_open_kind kind;
	long scheme; /* CO_OPEN_SCHEME_TIE: the rules scheme; else -1 */
	long entry;  /* CO_OPEN_ABNORMALLY_LOW: the bid; else -1 */
	size_t count; /* CO_OPEN_TIE: the places left to fill; else 0 */
} co_open;

struct co_result {
	const co_rules *rules; /* borrowed: must outlive the result */
	co_marks *marks;
	co_entry *entries;     /* sorted by file path */
	size_t n;
	size_t *order;         /* entries in result-document order */
	co_cand *ranking;      /* top_n: the ranked bids, best first, as stage 5 ranked them */
	size_t nranking;
	size_t *awarded;       /* top_n: in rank order; per_scheme: in scheme order, unique */
	size_t nawarded;
	size_t *tied;          /* bids left undecided, by bid id */
	size_t ntied;
	co_scheme_result *schemes;
	const co_decisions *decisions; /* the officer's decisions, borrowed (they outlive the result), or NULL */
	const co_receipts *receipts;   /* the portal's receipt log, borrowed, or NULL */
	co_open *open;         /* what is still open, in the order: ties (top_n, then schemes in rules order),
	                          abnormally low bids by bid id; none when the award is final */
	size_t nopen;
	unsigned char *decided; /* per decision of the file: 1 once a stage has applied it (co_decide_open checks) */
	co_entry_times *times; /* per entry, from stage 1, when receipts or decisions were given; else NULL */
	mpq_t *lowest;         /* top_n, prices scored: each item's lowest price over the ranked lot (stage 4) */
	co_question_agreement *agreement; /* per question, when there are marks */
	co_evaluator_leniency *leniency;  /* per declared evaluator */
	co_textpool texts;     /* the notes' details */
	co_arena blocks;       /* the entries' blocks (co_entry_take_bid) and their packed bids */
	int failed;            /* out of memory while adding a note: the stage that added it fails */
	/* summaries.c: the award criteria section, the same in every summary, Markdown then HTML (NULL until made) */
	_Atomic(char *) summary_criteria[2];
	/*
	 * The challenge check (engine/analytics/challenge.c), made once for every document that shows
	 * it (NULL until made) and freed with challenge_free: analytics sit above this layer, so the
	 * result keeps it without knowing its type.
	 */
	_Atomic(void *) challenge;
	void (*challenge_free)(void *);
	/*
	 * A re-run (co_evaluate_without): the result it was made from, whose bids, marks and quality
	 * points it borrows, and each of its entries' index there; NULL in an evaluation.
	 */
	const co_result *from;
	size_t *from_entry;
};

/* A bid's status as every document names it: "in" (still being evaluated), "ranked", "awarded", "disqualified", "rejected". */
const char *co_status_name(co_bid_status s);
/* A scheme's outcome as every document names it: "awarded", "unawarded", "tie_unresolved". */
const char *co_scheme_status_name(co_scheme_status s);

/* A result with no bids yet, borrowing the rules; NULL when out of memory. */
co_result *co_result_alloc(const co_rules *rules);
/* An entry ready for the stages: its numbers initialised, no bid yet. */
void co_entry_init(co_entry *e);

/*
 * 1 when a top_n entry's price points and total are part of the result: it reached stage 4 and
 * was not disqualified there (an abnormally low price rejected by the officer's decision).
 */
static inline int co_entry_priced(const co_rules *r, const co_entry *e)
{
	return r->mode == CO_MODE_TOP_N && e->stage >= 4 && e->status != CO_ST_DISQUALIFIED;
}

/* 1 when entry e carries a flag with this code (about anything). */
int co_entry_flagged(const co_entry *e, const char *code);

/* 1 while the bid is still in contention (not rejected or disqualified). */
static inline int co_entry_in(const co_entry *e)
{
	return e->status == CO_ST_IN;
}

/* A reason excludes the bid at the stage that gives it; a flag never excludes. */
typedef enum { CO_REASON = 0, CO_FLAG } co_note_kind;

/*
 * The one way a note is made: a reason or flag for entry e, with its code, what it is about
 * (about and subject, the id borrowed from the rules; CO_ABOUT_BID and NULL for the bid), the
 * line of the bid file it concerns (0 when none applies) and its detail (formatted, kept once
 * in res->texts). Returns 0, or CO_ERROR when out of memory; res->failed is set then, so that
 * the stage fails (a note is never lost without the evaluation failing).
 */
int co_entry_note(co_result *res, co_entry *e, co_note_kind kind, const char *code, co_note_about about,
                  const char *subject, int line, const char *fmt, ...) __attribute__((format(printf, 8, 9)));

#endif
