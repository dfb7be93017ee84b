/* Test helpers: temporary competitions written to disk, evaluated, and read back as JSON. */
#ifndef CO_TEST_HELPERS_H
#define CO_TEST_HELPERS_H

#include <calloff/calloff.h>
#include <jansson.h>
#include <stdatomic.h>

/* A rule-file head shared by many tests: competition T-1, lot 1, deadline, 0..5 scale. */
#define RULES_HEAD                                                                   \
	"calloff: 1\n"                                                                   \
	"competition: {id: T-1, lot: {id: \"1\"}, deadline: 2026-12-01T12:00:00Z}\n"   \
	"scale: {marks: [0, 1, 2, 3, 4, 5]}\n"

/* A fresh temporary directory (removed at exit); returns its path. */
const char *t_dir(void);

/* Write content to DIR/name (creating sub-directories); returns the path (static, rotating). */
const char *t_write(const char *dir, const char *name, const char *content);

/*
 * A bid document. questions: "Q1,Q2" (each answered "A clear answer."), prices:
 * "item=value,item=value", schemes: "S1,S2" or NULL, decls: "gate=true,gate=false".
 * Caller frees.
 */
char *t_bid(const char *id, const char *supplier, const char *submitted, const char *questions,
            const char *prices, const char *schemes, const char *decls);

/* Write t_bid(...) to DIR/file. */
void t_put_bid(const char *dir, const char *file, const char *id, const char *supplier, const char *submitted,
               const char *questions, const char *prices, const char *schemes, const char *decls);

/* Same, for competition comp. */
char *t_bid_for(const char *comp, const char *id, const char *supplier, const char *submitted,
                const char *questions, const char *prices, const char *schemes, const char *decls);

/*
 * A marks document for competition comp with evaluators E1..E<nev>.
 * spec: "BID:Q=m,m,m[/moderated];Q=...|BID:..." Caller frees.
 */
char *t_marks(const char *comp, int nev, const char *spec);

typedef struct {
	int rc;           /* co_evaluate's return */
	int decide;       /* co_result_needs_decision */
	json_t *doc;      /* the result document, NULL on failure */
	char *text;       /* the result document's text */
	co_diags *diags;
} t_run;

/* Evaluate rules (YAML text) on every *.xml in bids_dir with marks (XML text or NULL). */
t_run t_eval(const char *rules_yaml, const char *bids_dir, const char *marks_xml);

/* Evaluate with files already on disk. */
t_run t_eval_paths(const char *rules_path, const char *const *bids, size_t n, const char *marks_path);

void t_run_free(t_run *r);

/*
 * Load the rules at rules_path and evaluate the bids (files or folders) with marks_path (or NULL).
 * Returns 0 or the first failing call's status; *rules and *res are the caller's to free.
 */
int t_result(co_rules **rules, co_result **res, const char *rules_path, const char *const *bids, size_t n,
             const char *marks_path, co_diags *diags);

/* The data of the output file called name (NULL when there is none). */
const char *t_output(const co_output *o, size_t n, const char *name);

/*
 * What `calloff evaluate ... -o OUT` does with these options (o->bid_args expanded), step by step
 * through the public API, the outputs rendered in memory and committed: 0, or the first step's
 * failure, with its diagnostics in d. *noutputs (when not NULL) receives the number of outputs.
 */
int t_record(const co_audit_options *o, co_diags *d, size_t *noutputs);
/* The same, asserting that the output is there. */
const char *t_output_must(const co_output *o, size_t n, const char *name);
/* Evaluate and render every output file, asserting each step; the caller frees the outputs, result and rules. */
co_output *t_render(const char *rules_path, const char *bids, const char *marks, size_t *n, co_result **res,
                    co_rules **rules);
/* The competition of t_hostile_names, rendered with t_render. */
co_output *t_hostile_render(size_t *n, co_result **res, co_rules **rules);

/*
 * A top-n competition (T-1, n: 2, quality only) of five bids whose supplier names are hostile to CSV
 * and HTML: a comma and an ampersand, quotes, a newline, a formula, markup. Writes its rule, bid and
 * marks files and gives their paths (static storage).
 */
void t_hostile_names(const char **rules, const char **bids, const char **marks);

/*
 * Evaluate with a decisions file: rules (YAML text) on every *.xml in bids_dir, marks (XML text),
 * decisions (YAML text, or NULL for none). rc is the first failing call's status, decide
 * co_result_needs_decision.
 */
t_run t_eval_dec(const char *rules_yaml, const char *bids_dir, const char *marks_xml, const char *decisions_yaml);

/* An evaluation with a decisions file, rendered in memory (t_render_dec); t_decided_free frees it all. */
typedef struct {
	co_rules *rules;
	co_decisions *decisions; /* NULL without a file */
	co_result *res;
	co_output *o;
	size_t n;
} t_decided;

/* As t_eval_dec, asserting each step, and every output file rendered (co_render_outputs). */
t_decided t_render_dec(const char *rules_yaml, const char *bids_dir, const char *marks_xml, const char *decisions_yaml);
void t_decided_free(t_decided *d);

/*
 * The examples of decisions (issue 21), shared by the renderers' tests. A decisions file is
 * T_DEC_HEAD then decisions, each with T_DEC_WHO.
 * The tie: quality only, n = 2 under report, A 90, B 80, C 80, D 70, so B and C straddle the
 * boundary: t_tie_lot() writes its four bids, T_TIE_RULES and T_TIE_MARKS (t_marks, 2 evaluators)
 * the rest; T_TIE_DECISION awards C.
 * The abnormally low price: price and quality, n = 1; B's 500.00 is abnormally low (the median of
 * 500, 800, 850, 900 is 825, the bar 618.75) and wins on price: t_low_lot(), T_LOW_RULES and
 * T_LOW_MARKS; T_LOW_DECISION(outcome) investigates it, T_EXCLUSION excludes B (debarred).
 */
#define T_DEC_HEAD "calloff-decisions: 1\ncompetition: T-1\ndecisions:\n"
#define T_DEC_WHO "    by: \"A. Officer, Category Manager\"\n    at: 2026-12-03T10:00:00Z\n"
#define T_TIE_RULES                                                                                            \
	RULES_HEAD "award: {mode: top_n, n: 2, at_boundary: report}\nweights: {quality: 100, price: 0}\n"          \
	           "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n"
#define T_TIE_MARKS "A:Q1=5,4|B:Q1=4,4|C:Q1=3,5|D:Q1=4,3"
#define T_TIE_DECISION                                                                                         \
	T_DEC_HEAD "  - id: D1\n    kind: tie\n    award: [C]\n" T_DEC_WHO "    reason: \"Drawn by lot before two witnesses.\"\n"
#define T_LOW_RULES                                                                                            \
	RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 50, price: 50}\n"                               \
	           "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n"         \
	           "prices:\n  - {id: P1, max: 1000.00, weight: 100}\nprice_scoring: lowest_ratio\n"               \
	           "abnormally_low: {below_median_percent: 25}\n"
#define T_LOW_MARKS "A:Q1=4,4|B:Q1=3,3|C:Q1=4,4|D:Q1=3,3"
#define T_LOW_DECISION(outcome)                                                                                \
	T_DEC_HEAD "  - id: AL-1\n    kind: abnormally_low\n    bid: B\n    outcome: " outcome "\n" T_DEC_WHO      \
	           "    reason: \"Explanation of the price requested under s.19; see file note 12.\"\n"
#define T_EXCLUSION                                                                                            \
	T_DEC_HEAD "  - id: X1\n    kind: exclusion\n    bid: B\n    ground: debarred\n" T_DEC_WHO                \
	           "    reason: \"On the debarment list since 2026-11-20.\"\n"
const char *t_tie_lot(void);
const char *t_low_lot(void);
/*
 * The challenge check's reversal, built by hand (top_n, n = 1, lowest_ratio, quality 50 and price
 * 50, P1 and P2 25 points each), its bids in a new folder (returned) and its marks spec:
 *   A: quality 4/5 = 40, P1 100.00, P2 160.00 (or p2a)
 *   B: quality 4/5 = 40, P1 200.00, P2 100.00
 *   C: quality 1/5 = 10, P1  50.00, P2 300.00 (cheapest on P1, poor on quality)
 * With C, L1 = 50 and L2 = 100: A = 40 + 25 x 50/100 + 25 x 100/160 = 40 + 12.5 + 15.625 = 68.125,
 * B = 40 + 25 x 50/200 + 25 = 71.25, C = 10 + 25 + 25 x 100/300 = 43.33: B wins.
 * Without C, L1 = 100: A = 40 + 25 + 15.625 = 80.625, B = 40 + 12.5 + 25 = 77.5: A wins.
 * With A's P2 at 250.00 instead, A without C = 40 + 25 + 10 = 75 < 77.5: B still wins.
 */
const char *t_reversal_lot(const char *p2a);
#define T_REVERSAL_MARKS "A:Q1=4,4|B:Q1=4,4|C:Q1=1,1"

/* The bid object with this id in a result document (NULL if absent). */
json_t *t_bid_of(const t_run *r, const char *id);

/* A string member ("" for null, "<absent>" when missing). */
const char *t_str(const json_t *obj, const char *key);

/* The code of the i-th reason / flag of a bid ("" when there is none). */
const char *t_reason(const json_t *bid, size_t i);
const char *t_flag(const json_t *bid, size_t i);

/* 1 when diags has a line containing needle. */
int t_diag_has(const co_diags *d, const char *needle);

/* All diagnostics joined by newlines (static buffer), for assertion messages. */
const char *t_diags_text(const co_diags *d);

/*
 * What a co_progress_fn was told, for the tests of its contract: give t_progress_record as the fn
 * and a zeroed t_progress as the ctx.
 */
typedef struct {
	const char *label;           /* of the first call */
	unsigned long total;         /* of the first call */
	unsigned long first, last;   /* done, in the first and the last call */
	size_t calls, ends;          /* calls, and calls with done == total */
	int went_back, changed, after_end, overlapped;
	atomic_int inside;           /* a call is under way */
} t_progress;

void t_progress_record(void *ctx, const char *label, unsigned long done, unsigned long total);

/* NULL when p heard one step named label of total units as co_progress_fn says; else what went wrong. */
const char *t_progress_broken(const t_progress *p, const char *label, unsigned long total);

/* The whole file (the caller frees); the test fails when it cannot be read. */
char *t_read(const char *path);

/*
 * The shipped Lot 7 bids copied into dir, with Acme's supplier name (bid B-L7-001) made of CR,
 * LF, the C1 control CSI, DEL, U+202E and a tab between letters, and the malformed upload saved
 * as T_ESC_FILE (a name holding ESC). Returns dir.
 */
#define T_ESC_FILE "evil\x1b[2J\x1b[H.xml"
#define T_HOSTILE_NAME "Acme&#13;X&#10;Evil&#x9b;2J&#x7f;&#x202e;dtL&#9;Ltd"
const char *t_hostile_lot7(const char *dir);

/*
 * The first byte of s that a terminal would act on rather than show: a C0 control other than
 * the line feed, DEL, a C1 control (U+0080 to U+009F), a bidirectional override or isolate, or
 * a byte that is not UTF-8; NULL when there is none.
 */
const char *t_raw_control(const char *s);

#endif
