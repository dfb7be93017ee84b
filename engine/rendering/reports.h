/* Internal: the report files of an evaluation. */
#ifndef CO_REPORTS_H
#define CO_REPORTS_H

#include "evaluating/result.h"

#include "base/strbuf.h"

/*
 * The report files (the report_ files, summaries.c, ocds.c), each written into b, which may be
 * a stream (co_strbuf_stream): the caller ends b. A part that cannot be made fails b. The
 * char ** forms render the whole text in memory (the caller frees it); 0 or CO_ERROR.
 */
void co_report_csv_to(co_strbuf *b, const co_result *res);
void co_report_html_to(co_strbuf *b, const co_result *res);
void co_report_ocds_to(co_strbuf *b, const co_result *res, const char *ocid_prefix);
int co_report_csv(char **out, const co_result *res);
int co_report_html(char **out, const co_result *res);
int co_report_ocds(char **out, const co_result *res, const char *ocid_prefix);

/* The supplier whose assessment summary entry idx gives, or NULL when it gives none (one rule, here). */
const char *co_summary_supplier(const co_result *res, size_t idx);
/* The assessment summary of entry idx (co_summary_supplier not NULL), as Markdown or HTML, into b. */
void co_report_summary_to(co_strbuf *b, const co_result *res, size_t idx, int html);
/* The summaries: n files named "summaries/<supplier>.md" and ".html", with their texts (caller frees). */
int co_report_summaries(const co_result *res, char ***names, char ***texts, size_t *n);

/* A whole text from a _to renderer, in memory: 0 or CO_ERROR. */
int co_report_whole(char **out, co_strbuf *b);
/* A reason code in plain English. */
const char *co_reason_plain(const char *code);

#endif
