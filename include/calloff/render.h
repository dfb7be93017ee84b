/* The output files of an evaluation, rendered one at a time and streamed to where they go. */
#ifndef CALLOFF_RENDER_H
#define CALLOFF_RENDER_H

#include "calloff/evaluate.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One output file of an evaluation, held in memory. */
typedef struct {
	const char *name; /**< file name inside the output folder, e.g. "result.json" */
	const char *data;
	size_t len;
} co_output;

/**
 * Where rendered output files go. The renderer calls begin() with a file's name, write() with
 * its bytes in order, in pieces of about 64 KiB, and end() when it is whole; then the next file.
 * Each returns 0, or a negative co_status that stops the rendering and is returned by it (a
 * file begun and not ended was not rendered whole and must not be kept). Only one piece of one
 * file is in memory at a time.
 */
typedef struct {
	int (*begin)(void *arg, const char *name);
	int (*write)(void *arg, const char *data, size_t len);
	int (*end)(void *arg);
	void *arg;
} co_output_sink;

/**
 * Render every output file of an evaluation to @p sink, in this order: result.json,
 * report.html, scores.csv, ocds.json (only when co_render_ocds_skipped() is 0), then
 * summaries/<supplier>.md and .html for each supplier with an assessed bid, in the result's order. While the award is provisional
 * (co_result_final() is 0) no summary is rendered: no letter tells a supplier an outcome that
 * is not final.
 * @param ocid_prefix the OCDS ocid prefix, overriding the rules' publication.ocid_prefix (may be NULL)
 * @return 0, CO_ERROR (out of memory), or the first failure the sink returned
 */
int co_render_each(const co_result *result, const char *ocid_prefix, const co_output_sink *sink);

/**
 * Whether co_render_each() leaves ocds.json out, and why: a contract award notice is dated by
 * the rules' publication.date and starts the standstill, so without that date (or with a
 * standstill past the calendar's years) no notice is written, never one dated 1970; and a notice
 * follows the assessment summaries, so none is written while the award is provisional.
 * @param why receives a static sentence when 1, NULL when 0
 * @return 0 when ocds.json is written, 1 when it is not, CO_ERROR (out of memory)
 */
int co_render_ocds_skipped(const co_result *result, const char **why);

/**
 * Render result.json alone to @p sink (begin() is called with "result.json").
 * @return 0, CO_ERROR, or the first failure the sink returned
 */
int co_render_result_json(const co_result *result, const co_output_sink *sink);

/**
 * Render every output file in memory (co_render_each() into memory): for tests and small lots.
 * @param out receives n outputs; free them with co_outputs_free()
 * @return 0 or CO_ERROR
 */
int co_render_outputs(const co_result *result, const char *ocid_prefix, co_output **out, size_t *n);

/** Free outputs from co_render_outputs(); NULL is accepted. */
void co_outputs_free(co_output *outputs, size_t n);

#ifdef __cplusplus
}
#endif
#endif
