/* Internal: the rule file as the engine's stages read it. */
#ifndef CO_RULES_INTERNAL_H
#define CO_RULES_INTERNAL_H

#include <gmp.h>
#include <stddef.h>
#include "calloff/rules.h"
#include "base/timestamp.h"

#define CO_RECEIPT_TOLERANCE_DEFAULT 300L /* seconds: five minutes, when the rules set no receipts.tolerance_seconds */
#define CO_RECEIPT_TOLERANCE_MAX 86400L   /* seconds: a day */

typedef enum { CO_MODE_TOP_N, CO_MODE_PER_SCHEME } co_mode;
typedef enum { CO_BOUNDARY_ADMIT_ALL, CO_BOUNDARY_EXCLUDE_ALL, CO_BOUNDARY_REPORT } co_boundary;
typedef enum { CO_TB_QUALITY, CO_TB_PRICE, CO_TB_LOWEST_PRICE, CO_TB_SUBMITTED, CO_TB_QUESTION } co_tb_kind;
typedef enum { CO_CONS_MODERATED, CO_CONS_MEDIAN, CO_CONS_MEAN } co_consensus;
typedef enum { CO_PS_LOWEST_RATIO, CO_PS_LINEAR_TO_MAX, CO_PS_FIXED } co_price_scoring;

typedef struct {
	co_tb_kind kind;
	size_t question; /* CO_TB_QUESTION: index into questions */
} co_tiebreak;

typedef struct {
	char *id, *text;
} co_gate;

/* panel.assign: the questions one evaluator marks. */
typedef struct {
	char *evaluator;
	unsigned char *questions; /* one per rules question: 1 when this evaluator marks it */
} co_panel_assign;

typedef struct {
	char *id, *title, *text;
	mpq_t weight;     /* share of the quality weighting, percent */
	mpq_t per_mark;   /* the points of one mark: Wq x (weight / 100) / M, set once the rules are loaded */
	long max_words;   /* 0: no limit */
	int has_min_mark;
	long min_mark;
} co_question;

typedef struct {
	char *id, *text, *unit;
	mpq_t max;
	mpq_t weight;     /* share of the price weighting, percent (0 when unscored) */
	mpq_t share;      /* the points of f = 1: Wp x (weight / 100), set once the rules are loaded */
	int scored;
} co_price_item;

typedef struct {
	char *id, *name, *town;
} co_scheme;

struct co_rules {
	char *path;
	char *id, *title, *framework, *authority, *lot_id, *lot_name, *currency;
	int has_deadline;
	co_time deadline;
	char *deadline_text;

	co_mode mode;
	long n;
	co_boundary at_boundary;
	co_tiebreak *tie_break;
	size_t ntb;
	long max_schemes; /* per_scheme: most schemes one supplier may win; 0 = no cap */

	mpq_t wq, wp; /* quality and price weights, percent */

	long *marks; /* allowed marks, ascending; M = marks[nmarks - 1] */
	char **labels;
	size_t nmarks;

	co_consensus consensus;
	long flag_range; /* 0: never flag */

	int has_min_mark;
	long min_mark;
	int has_min_quality;
	mpq_t min_quality;
	int word_limit_disqualify;

	co_gate *gates;
	size_t ngates;
	co_question *questions;
	size_t nq;
	co_price_item *prices;
	size_t np;
	co_price_scoring price_scoring;
	int has_abnormally_low;
	mpq_t below_median_percent;
	int decimals;
	int each_score;
	long receipt_tolerance; /* receipts.tolerance_seconds: a declared <submitted> further than this from the bid's
	                           receipt (or corrected) time is flagged submitted_mismatch */
	co_scheme *schemes;
	size_t ns;
	char *ocid_prefix;    /* publication: the OCDS ocid prefix, or NULL */
	char *pub_date_text;  /* publication.date: the contract award notice's date and time (RFC 3339), or NULL */
	char pub_notice[11];  /* the date in the UK of the instant publication.date names (the standstill's first day), "" when none */
	char pub_decided[11]; /* publication.decided, else pub_notice; "" when neither is given */
	char *pub_criteria;   /* publication.criteria: where the award criteria were published, or NULL */
	co_extra_holiday *holidays; /* calendar.holidays: one-off bank holidays added to the shipped calendar */
	size_t nholidays;
	char **panel_evaluators;     /* panel: the evaluators `panel prepare` takes when none are given, or NULL */
	size_t npanel_evaluators;
	co_panel_assign *panel_assign; /* panel: each evaluator's questions (the others mark every question) */
	size_t npanel_assign;
};

/* Index of the question / scheme with this id, or -1. */
long co_rules_find_question(const co_rules *r, const char *id);
long co_rules_find_scheme(const co_rules *r, const char *id);

/* The name of a choice as the rule file spells it ("top_n", "admit_all", "median", "lowest_ratio", "flag"...). */
const char *co_mode_name(co_mode m);
const char *co_boundary_name(co_boundary b);
const char *co_consensus_name(co_consensus c);
const char *co_method_name(co_price_scoring m);
const char *co_word_limit_name(int disqualify);
/* Tie-break key k as the rule file spells it ("quality", "question:Q3"); buf holds the latter. */
const char *co_tiebreak_name(const co_rules *r, size_t k, char *buf, size_t n);

/* 1 when s is an id as FORMATS spells them: [A-Za-z0-9._-]{1,64}. */
int co_id_valid(const char *s);

/* 1 when mark is on the scale. */
int co_rules_on_scale(const co_rules *r, long mark);

/* The top of the scale, M. */
long co_rules_max_mark(const co_rules *r);

#endif
