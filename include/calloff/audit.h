/* The audit record of an evaluation (audit.json), its bundle of inputs, and replay checks. */
#ifndef CALLOFF_AUDIT_H
#define CALLOFF_AUDIT_H

#include "calloff/evaluate.h"
#include "calloff/output.h"
#include "calloff/render.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An evaluation's record: its options, its inputs with their digests, its outputs. Opaque. */
typedef struct co_audit co_audit;

/** The command line of `calloff evaluate`, as given. */
typedef struct {
	const char *rules;           /**< the rule file */
	const char *const *bid_args; /**< the BIDS arguments (files or directories) */
	size_t nbid_args;
	const char *marks;           /**< the marks file, or NULL */
	const char *decisions;       /**< the officer's decisions file (--decisions), or NULL */
	const char *receipts;        /**< the portal's receipt log (--receipts), or NULL */
	const char *output;          /**< the -o folder */
	const char *ocid_prefix;     /**< --ocid-prefix, or NULL */
	int json, force;             /**< --json, --force */
} co_audit_options;

/**
 * Begin the record of an evaluation: list every input (the rule file, each bid file, then the
 * marks file, the decisions file and the receipt log when given, in this order), each checked
 * against its reader's size limit, to be hashed as it is copied. Nothing is written.
 * @param out receives the record; the caller frees it with co_audit_free()
 * @return 0, CO_EIO when the rule, marks or decisions file or the receipt log cannot be read,
 *         CO_ETOOBIG when one is over its reader's limit, or CO_ERROR
 */
int co_audit_begin(co_audit **out, const co_audit_options *options, const co_paths *bids, co_diags *diags);

/**
 * Make ready to write the output folder (OUTDIR, the options' output), before any work is done.
 *
 * A symbolic link to a folder is followed (the folder it names is replaced, the link stays).
 * The folders above OUTDIR are created where missing (and removed again if the run fails).
 * An exclusive lock is taken, as a lock file beside OUTDIR (".OUTDIR.calloff-lock", removed
 * when the run ends): a second run into the same folder fails at once, with CO_EINVALID and
 * "another evaluation is writing this folder". Staging folders left beside OUTDIR by a run
 * that was killed (".OUTDIR.calloff-staging-XXXXXX") are removed.
 *
 * Refused (CO_EINVALID, with a diagnostic naming the folder): a folder holding a different
 * evaluation (an audit.json whose rule file, bids or marks differ, or a result.json without one;
 * another decisions file or receipt log is the same evaluation, decided again), or files that
 * are not part of the evaluation it holds, unless the options say --force; a folder that holds
 * files but no evaluation, even with --force (an evaluation replaces its folder as a whole, so
 * they would be lost); a mount point and a folder holding the working directory, which cannot
 * be replaced in one step.
 * @return 0, CO_EINVALID, CO_EIO or CO_ERROR
 */
int co_audit_check_outdir(co_audit *audit, co_diags *diags);

/**
 * Copy every input into the bundle of a staging folder beside the output folder, in the same
 * folder (so on the same file system), checking that each copy has the digest recorded by
 * co_audit_begin() (an input that changed during the run is an error). From then on the
 * evaluation must read the copies: see co_audit_rules_source(), co_audit_marks_source(),
 * co_audit_decisions_source(), co_audit_receipts_source(), co_audit_bid_paths(). Calls co_audit_check_outdir() first if it was not. Nothing is
 * published until co_audit_commit().
 * @return 0, CO_EIO, CO_EINVALID (an input changed, or the folder is refused) or CO_ERROR
 */
int co_audit_snapshot(co_audit *audit, co_diags *diags);

/** @return where to read the rule file from (its copy after a snapshot or load), borrowed. */
const char *co_audit_rules_source(const co_audit *audit);

/** @return the rule file's path as given, borrowed. */
const char *co_audit_rules_path(const co_audit *audit);

/** @return where to read the marks from, or NULL when there are none; borrowed. */
const char *co_audit_marks_source(const co_audit *audit);

/** @return the marks file's path as given, or NULL; borrowed. */
const char *co_audit_marks_path(const co_audit *audit);

/**
 * @return where to read the decisions file from (its copy after a snapshot or load; give it to
 *         co_decisions_load() as read_from), or NULL when there is none; borrowed.
 */
const char *co_audit_decisions_source(const co_audit *audit);

/** @return the decisions file's path as given, or NULL (a record made before decisions had none); borrowed. */
const char *co_audit_decisions_path(const co_audit *audit);

/** @return where to read the receipt log from (its copy after a snapshot or load), or NULL; borrowed. */
const char *co_audit_receipts_source(const co_audit *audit);

/** @return the receipt log's path as given, or NULL; borrowed. */
const char *co_audit_receipts_path(const co_audit *audit);

/**
 * The bid files as given, each to be read from its copy.
 * @param out receives a list the caller frees with co_paths_free()
 */
int co_audit_bid_paths(const co_audit *audit, co_paths **out);

/**
 * A sink (see calloff/render.h) that writes each output, as it is rendered, into the staging
 * folder beside the bundle, hashing it on the way: give it to co_render_each(), then call
 * co_audit_commit() with no outputs. Only the outputs' names, sizes and digests are kept. A
 * failure to write is CO_EIO with a diagnostic in @p diags naming the output (OUTDIR/NAME).
 * After co_audit_snapshot(); once.
 * @return 0, CO_EIO or CO_ERROR
 */
int co_audit_output_sink(co_audit *audit, co_diags *diags, co_output_sink *sink);

/**
 * Publish the evaluation as a whole: the outputs (@p outputs, or those already written through
 * co_audit_output_sink(), with @p n 0) and OUTDIR/audit.json are written into the
 * staging folder beside the bundle, everything is flushed to disk once, and the staging folder
 * is switched in with one rename (renameat2 RENAME_EXCHANGE with the old folder, or a rename
 * into a folder that did not exist). Then the old evaluation is removed and the lock let go.
 * At any instant, even after a kill, OUTDIR holds the old evaluation or the new one, whole;
 * a failure before the switch leaves it as it was.
 * @return 0, CO_EIO or CO_ERROR
 */
int co_audit_commit(co_audit *audit, const co_output *outputs, size_t n, co_diags *diags);

/** What the auditor asks of replay and explain; all 0 by default. */
typedef struct {
	int originals;     /**< also check the original files at their recorded paths (replay --originals); a bid
	                        that could not be read at the evaluation is then read again from there */
	int allow_version; /**< a record made by another engine or library version is a note, not a
	                        difference (--allow-version) */
} co_replay_options;

/**
 * A test hook: @p step is called (with @p arg) after each step of writing that changes the
 * disk: each input copied, each output written, audit.json written, the flush, the switch, the
 * flush of the parent, each entry of the old evaluation removed. The CLI's
 * CALLOFF_TEST_KILL_AFTER=N makes it stop the process with SIGKILL at step N (tests/crash.sh).
 */
void co_audit_on_step(co_audit *audit, void (*step)(void *arg), void *arg);

/**
 * Load the record of an earlier evaluation: co_audit_load_with() with the default options.
 * @param path the output folder, or the path of its audit.json
 * @return 0, CO_EIO or CO_EINVALID (not a valid calloff-audit/1 record)
 */
int co_audit_load(co_audit **out, const char *path, co_diags *diags);

/**
 * Load the record of an earlier evaluation, which may come from anyone. Only the folder is read:
 * its audit.json (a regular file, not a link), and, by the later checks and the evaluation, the
 * copies under inputs/ and the outputs. A copy that is a symbolic link or not a regular file is
 * never read (the evaluation finds it missing). A bid recorded without a digest (it could not be
 * read at the evaluation, so it has no copy) is evaluated as a file that cannot be opened, and
 * read from its recorded path only with options->originals. A path that is not UTF-8 is read from
 * its "path_bytes" twin.
 * @param out     receives the record; free it with co_audit_free()
 * @param path    the output folder, or the path of its audit.json
 * @param options NULL for the defaults
 * @return 0, CO_EIO, CO_ETOOBIG, CO_EINVALID (not a valid calloff-audit/1 record) or CO_ERROR
 */
int co_audit_load_with(co_audit **out, const char *path, const co_replay_options *options, co_diags *diags);

/**
 * Check the record's own fields, against each other and against this engine: the engine and
 * library versions (a difference unless allow_version, then a note); the command line against
 * the inputs (options.rules, options.bids, options.marks, options.decisions, options.receipts);
 * the inputs' roles, order (the rule file, the bids sorted by path with none twice, then the
 * marks file, the decisions file and the receipt log, each at most once and in this order),
 * sizes and digests; the outputs' names and sizes, and result_sha256; and that the record holds
 * no field calloff-audit/1 does not define and lacks none it does. A record made before decisions
 * and receipts were inputs has no options.decisions or options.receipts: they are taken as null. What is not checked is said by co_audit_note_unchecked().
 * @return the number of differences found (>= 0), or a negative co_status
 */
int co_audit_check_record(const co_audit *audit, co_diags *differences, co_diags *notes);

/**
 * Re-hash every input's copy in the bundle (regular files only, never through a link, within the
 * engine's size limit for its role) and, with @p originals, the original at the path as given.
 * A bundled copy that is missing, changed, a link or not a regular file, or an original that
 * changed, is a difference; no digest of a file that does not match is printed. An original that
 * is gone (moved or archived) is a note only, since the bundle holds it.
 * @return the number of differences found (>= 0), or a negative co_status
 */
int co_audit_verify_inputs(const co_audit *audit, int originals, co_diags *differences, co_diags *notes);

/**
 * List the output folder: every file or folder in it, in inputs/ or in a folder of outputs
 * (summaries/), that the record does not list is a difference. An output folder holds the
 * evaluation only.
 * @return the number of differences found (>= 0), or a negative co_status
 */
int co_audit_check_folder(const co_audit *audit, co_diags *differences);

/**
 * Add to notes one note saying what replay does not check: the fields that change no output
 * (options.output, options.json, options.force, run), and, unless the record was loaded with
 * originals, the original files (and options.cwd, which only finds them).
 * @return 0 or CO_ERROR
 */
int co_audit_note_unchecked(const co_audit *audit, co_diags *notes);

/**
 * Compare freshly rendered outputs with the record and with the files in the
 * output folder, byte for byte (regular files only, never through a link). When
 * result.json differs, each field that differs is named as well, by bid
 * ("bid B-1: total 71.00 recorded, 72.50 now"), as extra lines in differences.
 * @return the number of differences found (>= 0), or a negative co_status
 */
int co_audit_compare_outputs(const co_audit *audit, const co_output *outputs, size_t n, co_diags *differences);

/**
 * A comparison of outputs made as they are rendered, so that none is ever whole in memory: what
 * co_audit_compare_outputs() finds, with the same messages in the same order. Opaque.
 *
 * Use: co_audit_compare_begin(), co_audit_compare_sink(), co_render_each() into that sink,
 * co_audit_compare_finish(), co_audit_compare_free(). Each fresh output is looked up among the
 * recorded ones by name; its file in the folder is opened once (a regular file, never through a
 * link) and compared with each piece as it arrives, while the piece goes into its SHA-256, which
 * is checked with the recorded digest and size at the end of the output. Only a piece of one
 * output, and what was found to differ, are held; when result.json differs, its fresh bytes from
 * the first difference on are kept as well, to name the fields that differ.
 */
typedef struct co_compare co_compare;

/**
 * Begin comparing the fresh outputs with the record and with the files in its folder.
 * @param audit       a record from co_audit_load_with(); it must outlive the comparison
 * @param differences receives the differences, at co_audit_compare_finish(); it must outlive the comparison
 * @param out         receives the comparison; the caller frees it with co_audit_compare_free()
 * @return 0 or CO_ERROR (out of memory)
 */
int co_audit_compare_begin(const co_audit *audit, co_diags *differences, co_compare **out);

/**
 * Fill @p sink so that the outputs rendered into it (co_render_each()) are compared. The sink
 * returns 0, or CO_ERROR when the comparison cannot be made (out of memory, or used out of order),
 * which stops the rendering; a file that differs, is missing or cannot be read is a difference,
 * never a failure of the sink.
 */
void co_audit_compare_sink(co_compare *c, co_output_sink *sink);

/**
 * End the comparison: a recorded output that no fresh output matched, a fresh output the record
 * does not list (or lists more than once), and everything found while comparing, are added to
 * the differences, in the order co_audit_compare_outputs() gives.
 * @return the number of differences found (>= 0), or a negative co_status: the sink's failure,
 *         CO_ERROR when an output was begun and not ended, or when a difference could not be recorded
 */
int co_audit_compare_finish(co_compare *c);

/** Free a comparison (closing the files it opened); NULL is accepted. */
void co_audit_compare_free(co_compare *c);

/** @return an option of the recorded command line (e.g. "ocid_prefix"), or NULL; borrowed. */
const char *co_audit_option(const co_audit *audit, const char *name);

/**
 * Remove what the run staged beside the output folder (the staging folder, the lock file, and
 * the folders above it that the run created, when they are empty), allocating nothing and
 * touching nothing published: for a process about to end at once because it ran out of memory.
 * The record must not be used afterwards, except by co_audit_free().
 */
void co_audit_abandon(const co_audit *audit);

/**
 * Free a record; NULL is accepted. A staging folder not committed is removed, with the lock
 * file and the folders the run created above the output folder, and the lock is let go.
 */
void co_audit_free(co_audit *audit);

#ifdef __cplusplus
}
#endif
#endif
