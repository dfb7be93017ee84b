/* Internal: the officer's decisions file, read into located decisions for the stages to apply. */
#ifndef CO_DECISIONS_H
#define CO_DECISIONS_H

#include <stddef.h>
#include "calloff/decisions.h"
#include "base/timestamp.h"
#include "reading/rules_internal.h"
#include "reading/yamltree.h"

#define CO_DECISIONS_MAX_BYTES CO_YAML_MAX_BYTES /* largest decisions file read: its reader's, yamltree's (the audit copies no larger) */

typedef enum {
	CO_DEC_TIE = 0,        /* which of the tied bids are awarded (top_n boundary, or a scheme) */
	CO_DEC_ABNORMALLY_LOW, /* an investigation of an abnormally low price: accepted or rejected */
	CO_DEC_EXCLUSION,      /* a bid excluded on a ground the engine cannot see */
	CO_DEC_SUBMITTED,      /* the correct submission (receipt) time of a bid */
	CO_DEC_MODERATION      /* the panel's moderation signed off: the consensus is final */
} co_decision_kind;

/* Exclusion grounds (Procurement Act 2023 ss.57-58, Schedules 6 and 7; the debarment list, s.62). */
typedef enum { CO_GROUND_MANDATORY = 0, CO_GROUND_DISCRETIONARY, CO_GROUND_DEBARRED } co_ground;

/* A place in the decisions file. */
typedef struct {
	int line, col;
} co_dec_at;

typedef struct {
	char *id;             /* unique in the file, [A-Za-z0-9._-]{1,64} */
	co_decision_kind kind;
	char *by, *reason;    /* who took it and why, never empty */
	char *at_text;        /* when, RFC 3339 as written */
	co_time at;
	co_dec_at where;      /* the decision's entry */
	/* abnormally_low, exclusion, submitted: the bid it is about (a bid id), and where it is named */
	char *bid;
	co_dec_at bid_at;
	/* tie: the scheme (rules index), or -1 for the top_n boundary; the bids awarded, each located */
	long scheme;
	co_dec_at scheme_at;
	char **award;
	co_dec_at *award_at;
	size_t naward;
	int rejected;         /* abnormally_low: 1 rejected (the bid is disqualified), 0 accepted */
	co_ground ground;     /* exclusion */
	char *received_text;  /* submitted: the time it was received, as written */
	co_time received;
} co_decision;

struct co_decisions {
	char *path;
	co_decision *d; /* in file order */
	size_t n;
};

/* The name of a kind, as the file and the result write it: "tie", "abnormally_low", "exclusion", "submitted", "moderation". */
const char *co_decision_kind_name(co_decision_kind k);
/* The name of an exclusion ground: "mandatory", "discretionary", "debarred". */
const char *co_ground_name(co_ground g);

/* The decision of this kind about bid id @p bid (abnormally_low, exclusion, submitted), or NULL; at most one exists. */
const co_decision *co_decision_about(const co_decisions *ds, co_decision_kind kind, const char *bid);

#endif
