/* Internal: the panel's marking plan, what each evaluator marks and the anonymised responses, digests included. */
#ifndef CO_PLAN_H
#define CO_PLAN_H

#include <stddef.h>
#include "calloff/panel.h"
#include "reading/rules_internal.h"
#include "base/strbuf.h"

/* "sha256:" and 64 hexadecimal digits, and the NUL. */
#define CO_DIGEST_TEXT 72

/* Room for a label: "Response " and any count of bids. */
#define CO_LABEL_MAX 32

/* One bid's response to one question, as the panel sees it. */
typedef struct {
	char *text;                  /* redacted ("[redacted]") and cut at the word limit; plain UTF-8, nothing escaped */
	size_t words;                /* the words of the whole response, as the bid wrote it */
	size_t cut_words;            /* words beyond the limit, cut off and not shown (0: none) */
	char digest[CO_DIGEST_TEXT]; /* of text: "sha256:..." */
} co_plan_response;

/* One bid, under its neutral label. bid, supplier and file are the chair's key: never in an evaluator's file. */
typedef struct {
	char label[CO_LABEL_MAX];     /* "Response 03" */
	char *bid, *supplier, *file;
	co_plan_response *responses; /* one per rules question, in the rules' order */
} co_plan_bid;

/* One evaluator and what they mark. */
typedef struct {
	char *id;
	unsigned char *assigned;   /* one per rules question: 1 when this evaluator marks it (every bid's response) */
	char pack[CO_DIGEST_TEXT]; /* the digest of what they mark (co_plan_pack_digest) */
} co_plan_evaluator;

struct co_plan {
	const co_rules *rules; /* borrowed: the scale, the questions' ids, titles, texts, weights and limits */
	char *competition;
	unsigned long seed;    /* shuffled the labels */
	co_plan_bid *bids;     /* in label order: bids[k].label is "Response %02zu" of k + 1 */
	size_t nb;
	co_plan_evaluator *evs;
	size_t nev;
	char digest[CO_DIGEST_TEXT]; /* of the whole plan (every evaluator's pack): the moderation form carries it */
};

/*
 * Build the plan for the bids that pass admissibility and compliance: labels shuffled with
 * opts->seed as co_packs() shuffles them, each response redacted and cut at its word limit,
 * the evaluators (opts->evaluators, else the rules' panel.evaluators), each evaluator's
 * questions (the rules' panel.assign, each replaced by an opts->assign for the same
 * evaluator), every digest. 0; CO_EINVALID (diags say why);
 * or CO_ERROR.
 */
int co_plan_build(co_plan **out, const co_rules *rules, const co_paths *bids, const co_panel_options *opts,
                  co_diags *diags);

/* The plan as panel.json: the chair's file. NULL when out of memory. */
char *co_plan_json(const co_plan *p);

/* The index of evaluator id in p (or -1), of label (or -1), of question id in the rules (or -1). */
long co_plan_evaluator_at(const co_plan *p, const char *id);
long co_plan_label_at(const co_plan *p, const char *label);
long co_plan_question_at(const co_plan *p, const char *qid);

/* Number of (bid, question) items evaluator e marks: nb times the questions assigned to them. */
size_t co_plan_items(const co_plan *p, size_t e);

/* 1 when value is a mark on the rules' scale. */
int co_plan_on_scale(const co_plan *p, long value);

/*
 * The digest of one item's evaluator marks as the moderator saw them: for each mark in the
 * order given, "EVALUATOR\0VALUE\0RATIONALE\0", hashed with SHA-256, written "sha256:...".
 * 0 or CO_ERROR.
 */
typedef struct {
	const char *evaluator;
	long value;
	const char *rationale; /* "" when none */
} co_seen_mark;
int co_plan_marks_digest(char out[CO_DIGEST_TEXT], const co_seen_mark *marks, size_t n);

/*
 * The marking form of evaluator e (engine/panels/marking_form.c): one self-contained HTML
 * file, appended to out. 0 or CO_ERROR (out of memory: out's own failure).
 */
int co_marking_form(co_strbuf *out, const co_plan *p, size_t e);

/* One (bid, question) item for the moderator: every evaluator's mark, side by side. */
typedef struct {
	size_t bid, q;           /* indexes into p->bids and the rules' questions */
	const co_seen_mark *marks;
	size_t nmarks;           /* in the marks file's order of evaluators */
	int disagree;            /* the marks span at least the rules' flag_range */
	int has_moderated;       /* a consensus is already recorded: */
	long moderated;
	const char *reason;      /* its reason ("" when none) */
	const char *feedback;    /* the panel's feedback to the supplier already recorded, or NULL */
	char seen[CO_DIGEST_TEXT]; /* co_plan_marks_digest of marks */
	const char *const *missing; /* the panel's evaluators who mark this question and have not marked it yet */
	size_t nmissing;
} co_moderation_item;

/*
 * The moderation form (engine/panels/moderation_form.c): one self-contained HTML file with the
 * items in the order given (disagreements first, as the caller sorts them), appended to out.
 * 0 or CO_ERROR.
 */
int co_moderation_form(co_strbuf *out, const co_plan *p, const co_moderation_item *items, size_t n);

#endif
