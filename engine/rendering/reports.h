/* Internal: the report files of an evaluation. */
#ifndef CO_REPORTS_H
#define CO_REPORTS_H

#include "evaluating/result.h"

#include "base/strbuf.h"
#include "calloff/calendar.h"

/*
 * The report files (the report_ files, summaries.c, ocds.c), each written into b, which may be
 * a stream (co_strbuf_stream): the caller ends b. A part that cannot be made fails b. The
 * char ** forms render the whole text in memory (the caller frees it); 0 or CO_ERROR.
 */
void co_report_csv_to(co_strbuf *b, const co_result *res);
void co_report_html_to(co_strbuf *b, const co_result *res);
/* ocds.json: 1 (nothing written) while the award is provisional or when co_result_notice() is not 0: a notice needs a final award and its date. */
int co_report_ocds_to(co_strbuf *b, const co_result *res, const char *ocid_prefix);
int co_report_csv(char **out, const co_result *res);
int co_report_html(char **out, const co_result *res);
/* 0, 1 (*out NULL: provisional, or no notice date, see co_report_ocds_to) or CO_ERROR. */
int co_report_ocds(char **out, const co_result *res, const char *ocid_prefix);

/*
 * The contract award notice of an evaluation and its standstill (docs/formats-notes.md "The
 * standstill date"), as every document gives it: the one place that counts the standstill of
 * a result, from the rules' publication block and calendar.holidays.
 */
typedef struct {
	char decided[11];            /* publication.decided, else the notice date (YYYY-MM-DD) */
	char notice[11];             /* the date in the UK (BST or GMT) of publication.date's instant: the standstill's first day */
	const char *notice_time;     /* publication.date as written (RFC 3339), borrowed from the rules */
	co_standstill_period period; /* 8 working days beginning with the notice date: end, contract_from, days off */
	const char *criteria;        /* publication.criteria, borrowed from the rules, or NULL */
} co_notice;

/*
 * Fill out (the caller's storage, some 21 kB: not for a small stack) with the notice of res.
 * 0 when done; 1 when the rules give no publication.date (nothing is dated: out is zeroed but
 * for criteria, which the letter gives all the same);
 * CO_EINVALID when the standstill runs past the calendar's last year (out->period is then not set).
 */
int co_result_notice(const co_result *res, co_notice *out);

/* The supplier whose assessment summary entry idx gives, or NULL when it gives none (one rule, here). */
const char *co_summary_supplier(const co_result *res, size_t idx);
/* The assessment summary of entry idx (co_summary_supplier not NULL), as Markdown or HTML, into b. */
void co_report_summary_to(co_strbuf *b, const co_result *res, size_t idx, int html);
/* The summaries: n files named "summaries/<supplier>.md" and ".html", with their texts (caller frees). */
int co_report_summaries(const co_result *res, char ***names, char ***texts, size_t *n);

/*
 * What every document says of the officer's decisions and of what is still open
 * (docs/formats-notes.md "Provisional until decided"), in one place (render.c). The texts are
 * plain words, to be escaped as each format needs; NULL when out of memory.
 */
/* The entries an open item is about: the tied bids (res->tied, or a scheme's bids flagged tie_for_scheme, in the result's order), or the bid; *n of them. */
size_t *co_open_entries(const co_result *res, const co_open *o, size_t *n);
/* An open item in words: "B and C are tied at rank 2 for the 1 place left in the top 2 ...". */
char *co_open_text(const co_result *res, const co_open *o);
/* What a decision did, in words: "awards C", "excludes B, ground: debarred", ... */
char *co_decision_text(const co_result *res, const co_decision *d);
/*
 * 1 when decision d is about entry e: its exclusion, investigation or time of receipt, or a tie
 * decision on a tie the bid is in (whether it awards the bid or leaves it out). A moderation
 * sign-off is about no bid in particular: 0.
 */
int co_decision_touches(const co_result *res, const co_decision *d, const co_entry *e);
/* 1 when tie decision d awards entry e. */
int co_decision_awards(const co_decision *d, const co_entry *e);
/* The moderation sign-off among the decisions, or NULL. */
const co_decision *co_moderation_signoff(const co_result *res);

/* A whole text from a _to renderer, in memory: 0 or CO_ERROR. */
int co_report_whole(char **out, co_strbuf *b);
/*
 * A reason's or flag's detail with its subject named first, as every document gives it to a
 * reader: "question Q3: 688 words, limit 500", "item weekly_single: 1195.00 is above the maximum
 * 1150.00", "scheme ECH-01: ...". A gate's or decision's detail already names it, and a note about
 * the bid has no subject: the detail alone. NULL when out of memory (caller frees).
 */
char *co_note_words(const co_note *n);
/* A reason code in plain English. */
const char *co_reason_plain(const char *code);

#endif
