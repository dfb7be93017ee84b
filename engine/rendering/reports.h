/* Internal: the report files of an evaluation. */
#ifndef CO_REPORTS_H
#define CO_REPORTS_H

#include "evaluating/result.h"

/* The report files (the report_ files, summaries.c, ocds.c); each returns 0 or CO_ERROR. */
int co_report_csv(char **out, const co_result *res);
int co_report_html(char **out, const co_result *res);
int co_report_ocds(char **out, const co_result *res, const char *ocid_prefix);
/* The summaries: n files named "summaries/<supplier>.md" and ".html", with their texts (caller frees). */
int co_report_summaries(const co_result *res, char ***names, char ***texts, size_t *n);
/* A reason code in plain English. */
const char *co_reason_plain(const char *code);

#endif
