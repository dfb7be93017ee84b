/* Internal: the per-bid evaluation record that the stages fill in, and the result. */
#ifndef CO_EVALUATION_H
#define CO_EVALUATION_H

#include <gmp.h>
#include <stdint.h>
#include "calloff/evaluate.h"
#include "reading/bid.h"
#include "reading/marks.h"
#include "evaluating/agreement.h"
#include "reading/rules_internal.h"
#include "base/textpool.h"
#include "base/arena.h"
#include "base/ratio.h"

typedef enum { CO_ST_IN = 0, CO_ST_RANKED, CO_ST_AWARDED, CO_ST_DISQUALIFIED, CO_ST_REJECTED } co_bid_status;

/* What a note is about: nothing in particular, or one question, price item, gate or scheme. */
typedef enum { CO_ABOUT_BID = 0, CO_ABOUT_QUESTION, CO_ABOUT_ITEM, CO_ABOUT_GATE, CO_ABOUT_SCHEME } co_note_about;

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

/* The name of what a note is about, as documents key its id: "question", "item", "gate", "scheme"; NULL for the bid. */
static inline const char *co_note_about_name(co_note_about a)
{
	static const char *const names[] = {NULL, "question", "item", "gate", "scheme"};
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
	long rank;              /* 0 when not ranked */
	uint8_t status;         /* a co_bid_status */
	uint8_t stage;          /* the last stage the bid reached, 1..5 */
	uint8_t names_schemes;  /* the bid names a scheme, of the rules or not */
	uint8_t tie_boundary;   /* in a tied group straddling the top-n boundary */
} co_entry;

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

struct co_result {
	const co_rules *rules; /* borrowed: must outlive the result */
	co_marks *marks;
	co_entry *entries;     /* sorted by file path */
	size_t n;
	size_t *order;         /* entries in result-document order */
	size_t *awarded;       /* top_n: in rank order; per_scheme: in scheme order, unique */
	size_t nawarded;
	size_t *tied;          /* bids left undecided, by bid id */
	size_t ntied;
	co_scheme_result *schemes;
	int needs_decision;
	mpq_t *lowest;         /* top_n, prices scored: each item's lowest price over the ranked lot (stage 4) */
	co_question_agreement *agreement; /* per question, when there are marks */
	co_evaluator_leniency *leniency;  /* per declared evaluator */
	co_textpool texts;     /* the notes' details */
	co_arena blocks;       /* the entries' blocks (co_entry_take_bid) and their packed bids */
	int failed;            /* out of memory while adding a note: the stage that added it fails */
};

/* Panel agreement and leniency from the marks of the bids that reached stage 3 (analytics). */
int co_panel_compute(co_result *res);

/*
 * Append a reason or flag to entry e of res (detail formatted, kept in res->texts). Returns 0,
 * or CO_ERROR when out of memory; res->failed is set then, so that the stage fails (a note is
 * never lost without the evaluation failing).
 */
int co_entry_reason(co_result *res, co_entry *e, const char *code, const char *question, const char *item,
                    const char *gate, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
int co_entry_flag(co_result *res, co_entry *e, const char *code, const char *question, const char *item,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* 1 while the bid is still in contention (not rejected or disqualified). */
static inline int co_entry_in(const co_entry *e)
{
	return e->status == CO_ST_IN;
}

/* Stage 1: admissibility. */
int co_stage_admissibility(co_result *res);
/*
 * Stage 0, on the reading threads: all that an evaluation uses of the body of e's bid, into one
 * block from arena: each rules question's answer, gate's declaration and item's price (the first
 * the bid has for each, and the price's text), and the rules schemes it names. The bid can then
 * be packed without them. Returns 0, or CO_ERROR when out of memory.
 */
int co_entry_take_bid(co_entry *e, const co_rules *r, co_arena *arena);
/* Stage 2: compliance. */
int co_stage_compliance(co_result *res);
/* Stage 3: quality. Missing marks go to diags; returns CO_EINCOMPLETE then. */
int co_stage_quality(co_result *res, co_diags *diags);
/*
 * Question q's consensus mark c of an entry that reached stage 3, worked out from its marks;
 * 1 when it has one, else 0 (and c is 0).
 */
int co_entry_mark(const co_result *res, const co_entry *e, size_t q, mpq_t c);
/* Question q's points from its consensus mark; 1 when it has them, else 0 (and 0 points). */
int co_entry_question_points(const co_result *res, const co_entry *e, size_t q, mpq_t points);
/* An entry's quality points as a percentage of those available, 100 x Qp / Wq (Wq above 0). */
void co_entry_quality_percent(const co_result *res, const co_entry *e, mpq_t pct);
/* Question points = Wq x (wq / 100) x (c / M), rounded under each_score. */
void co_question_points(const co_rules *r, size_t q, const mpq_t c, mpq_t out);
/* Stage 4: abnormally-low flags over the lot; price points for top_n. */
int co_stage_price(co_result *res);
/*
 * Price points within one scheme's candidates (per_scheme; a top_n lot's come from stage 4's
 * lowest prices): fills each candidate's pp and total. Returns 0, or CO_ERROR when out of memory.
 */
int co_price_points(co_result *res, co_cand *cands, size_t n);
/* 1 when prices earn points (not fixed, and a price weight above 0). */
int co_prices_scored(const co_rules *r);
/* An entry's price of item i (0 unless its state is CO_PRICE_OK). */
void co_entry_price(const co_entry *e, size_t i, mpq_t value);
/* An entry's points on item i against the lot's lowest price; 1 when it has them, else 0 (and 0 points). */
int co_entry_item_points(const co_result *res, const co_entry *e, size_t i, mpq_t points);
/*
 * A top_n entry's price points and total (quality + price) from stage 4, worked out from its
 * prices and the lot's lowest; 0 and 0 in a per_scheme lot or before stage 4.
 */
void co_entry_totals(const co_result *res, const co_entry *e, mpq_t pp, mpq_t total);
/* The same into candidate c's pp and total. Returns 0, or CO_ERROR when out of memory. */
int co_cand_totals(const co_result *res, co_cand *c);
/* The lowest price of item among the candidates. */
void co_lowest_price(const co_result *res, const co_cand *cands, size_t n, size_t item, mpq_t lowest);
/* f and the points of one scored item at price, given the lowest price (FORMATS 6.1 stage 4). */
void co_item_points(const co_rules *r, size_t item, const mpq_t lowest, const mpq_t price, mpq_t f, mpq_t points);
/*
 * The first key on which a and b differ: -1 the total, k >= 0 the rules'
 * tie_break[k], or -2 when they are tied on every key.
 */
int co_rank_first_difference(const co_result *res, const co_cand *a, const co_cand *b);
/* Sort candidates best first and give ranks (1 + number strictly ahead). */
void co_rank(const co_result *res, co_cand *cands, size_t n);
/* 0 when a and b are tied on the total and every tie-break key. */
int co_rank_cmp(const co_result *res, const co_cand *a, const co_cand *b);
/* Stages 5 and the award. */
int co_stage_award(co_result *res);

/* A result with no bids yet, borrowing the rules; NULL when out of memory. */
co_result *co_result_alloc(const co_rules *rules);
/* An entry ready for the stages: its numbers initialised, no bid yet. */
void co_entry_init(co_entry *e);
/*
 * Read and validate every bid file into res->entries (stage 0 of an evaluation), on `threads`
 * threads (1 or more) against one compiled schema; each entry depends on its own file only, so
 * the thread count never changes a byte. Progress, unless NULL, is told as files are read. Each
 * entry takes what the stages use of its bid (co_entry_take_bid) and the bid is packed
 * (co_bid_pack) into res->blocks; without keep_text the pack leaves out the bid's body (responses, prices,
 * declarations...): only the evaluator packs and self-score read it there, and an evaluation of
 * many bids must not hold it all.
 */
int co_result_read_bids(co_result *res, const co_paths *bids, int threads, const co_progress *progress, int keep_text);

/* The report files (the report_ files, summaries.c, ocds.c); each returns 0 or CO_ERROR. */
int co_report_csv(char **out, const co_result *res);
int co_report_html(char **out, const co_result *res);
int co_report_ocds(char **out, const co_result *res, const char *ocid_prefix);
/* The summaries: n files named "summaries/<supplier>.md" and ".html", with their texts (caller frees). */
int co_report_summaries(const co_result *res, char ***names, char ***texts, size_t *n);
/* A reason code in plain English. */
const char *co_reason_plain(const char *code);

/*
 * Exact tipping points: per question and scored price item, the weights (of 100) at which the award set
 * first changes, moving up and moving down (engine/analytics/tipping.c). *out receives a JSON array.
 */
struct json_t;
int co_tipping_points(struct json_t **out, const co_result *res);

struct co_sensitivity_options;

/* Read the bids and run stages 1 and 2; *idx receives the eligible entries, by bid id. */
int co_eligible_bids(co_result **out, const co_rules *rules, const co_paths *bids, size_t **idx, size_t *n);

#endif
