/* calloff replay and calloff explain: re-run an archived evaluation from its bundle. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An evaluation made again: the result and what it was made from, which must outlive it. */
typedef struct {
	co_rules *rules;
	co_decisions *decisions;
	co_receipts *receipts;
	co_result *res;
} rerun_state;

static void rerun_free(rerun_state *r)
{
	co_result_free(r->res);
	co_decisions_free(r->decisions);
	co_receipts_free(r->receipts);
	co_rules_free(r->rules);
}

/*
 * Evaluate again from the bundle, reading every input from its recorded copy (the rule file, the
 * bids, the marks, the officer's decisions and the receipt log, as evaluate read them), on as many
 * threads as evaluate reads bids with by default (every core up to 8: the result is the same
 * whatever the number), keeping the rationales that the summaries of -o quote.
 */
static int rerun(const co_audit *audit, rerun_state *r, co_diags *d)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	co_evaluate_options eo = {.threads = cores < 1 ? 1 : cores > 8 ? 8 : (int)cores, .progress = NULL,
	                          .keep_rationales = 1};
	const char *decisions = co_audit_decisions_path(audit), *receipts = co_audit_receipts_path(audit);
	co_paths *bids = NULL;
	int rc = co_rules_load_from(&r->rules, co_audit_rules_path(audit), co_audit_rules_source(audit), d);
	if (!rc && decisions)
		rc = co_decisions_load(&r->decisions, r->rules, decisions, co_audit_decisions_source(audit), d);
	if (!rc && receipts)
		rc = co_receipts_load(&r->receipts, receipts, co_audit_receipts_source(audit), d);
	if (!rc)
		rc = co_audit_bid_paths(audit, &bids);
	eo.decisions = r->decisions;
	eo.receipts = r->receipts;
	if (!rc)
		rc = co_evaluate_with(&r->res, r->rules, bids, co_audit_marks_path(audit), co_audit_marks_source(audit), &eo,
		                      d);
	co_paths_free(bids);
	return rc;
}

/*
 * The record's own checks, then the bundle's: every one is made, whatever an earlier one found,
 * so that the auditor sees every difference at once. Returns the number of differences, or a
 * negative co_status.
 */
static int check_bundle(const co_audit *audit, int originals, int folder, co_diags *diff, co_diags *notes)
{
	int n = co_audit_check_record(audit, diff, notes), k;
	if (n >= 0 && (k = co_audit_verify_inputs(audit, originals, diff, notes)) >= 0)
		n += k;
	else if (n >= 0)
		n = k;
	if (n >= 0 && folder && (k = co_audit_check_folder(audit, diff)) >= 0)
		n += k;
	else if (n >= 0 && folder)
		n = k;
	return n;
}

/*
 * "identical" is printed only when every check was made and none found a difference. A check
 * that could not be made (out of memory) prints nothing on stdout and exits 5: it is never
 * counted as a difference, and never passes for a match.
 */
int cli_replay(int argc, char **argv)
{
	static const struct option opts[] = {{"originals", no_argument, NULL, 'o'},
	                                     {"allow-version", no_argument, NULL, 'v'},
	                                     {NULL, 0, NULL, 0}};
	co_diags *d = co_diags_new(), *diff = co_diags_new(), *notes = co_diags_new(), *rd = co_diags_new();
	co_replay_options ro = {0};
	co_audit *audit = NULL;
	rerun_state again = {0};
	co_compare *cmp = NULL;
	int ret = EXIT_INPUT, rc, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'o')
			ro.originals = 1;
		else if (c == 'v')
			ro.allow_version = 1;
		else {
			ret = cli_usage(NULL);
			goto out;
		}
	}
	if (argc - optind != 1) {
		ret = cli_usage("replay takes the output folder of an evaluation, or its audit.json");
		goto out;
	}
	const char *where = argv[optind];
	if (!d || !diff || !notes || !rd) {
		ret = cli_status_exit(CO_ERROR);
		goto out;
	}
	if ((rc = co_audit_load_with(&audit, where, &ro, d))) {
		ret = cli_status_exit(rc);
		goto out;
	}
	int n;
	if ((rc = co_audit_note_unchecked(audit, notes)) || (n = check_bundle(audit, ro.originals, 1, diff, notes)) < 0) {
		ret = cli_status_exit(rc ? rc : n);
		goto out;
	}
	/* A bundle that cannot be evaluated again is a difference; running out of memory is not. */
	int rerun_rc = rerun(audit, &again, rd);
	if (rerun_rc == CO_ERROR) {
		ret = cli_status_exit(rerun_rc);
		goto out;
	}
	if (rerun_rc == 0) {
		/* Each output is compared as it is rendered, a piece at a time: none is ever whole in memory. */
		co_output_sink sink;
		int k = 0;
		if (!(rc = co_audit_compare_begin(audit, diff, &cmp))) {
			co_audit_compare_sink(cmp, &sink);
			rc = co_render_each(again.res, co_audit_option(audit, "ocid_prefix"), &sink);
		}
		if (rc || (k = co_audit_compare_finish(cmp)) < 0) {
			ret = cli_status_exit(rc ? rc : k);
			goto out;
		}
		n += k;
	}
	/* Every line that quotes the bundle is shown safely: a recorded path cannot rewrite the screen. */
	for (size_t i = 0; i < co_diags_count(notes); i++) {
		cli_out_put("note: ");
		cli_out_text(co_diags_at(notes, i));
		cli_out_put("\n");
	}
	for (size_t i = 0; i < co_diags_count(diff); i++) {
		cli_out_text(co_diags_at(diff, i));
		cli_out_put("\n");
	}
	if (rerun_rc) {
		cli_out_text(where);
		cli_out_put(": the evaluation cannot be run again from the bundle:\n");
		for (size_t i = 0; i < co_diags_count(rd); i++) {
			cli_out_put("  ");
			cli_out_text(co_diags_at(rd, i));
			cli_out_put("\n");
		}
		n++;
	}
	if (n == 0) {
		cli_out_put("identical\n");
		ret = EXIT_DONE;
	} else {
		cli_out_printf("not identical: %d difference(s)\n", n);
		ret = EXIT_DIFFERS;
	}
out:
	cli_print_diags(d);
	co_audit_compare_free(cmp);
	rerun_free(&again);
	co_audit_free(audit);
	co_diags_free(d);
	co_diags_free(diff);
	co_diags_free(notes);
	co_diags_free(rd);
	return ret;
}

int cli_explain(int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
	                                     {"allow-version", no_argument, NULL, 'v'},
	                                     {NULL, 0, NULL, 0}};
	co_diags *d = co_diags_new(), *diff = co_diags_new(), *notes = co_diags_new();
	co_replay_options ro = {0};
	co_audit *audit = NULL;
	rerun_state again = {0};
	char *text = NULL;
	int json = 0, c, ret = EXIT_INPUT, rc;
	optind = 1;
	while ((c = getopt_long(argc, argv, "j", opts, NULL)) != -1) {
		if (c == 'j')
			json = 1;
		else if (c == 'v')
			ro.allow_version = 1;
		else {
			ret = cli_usage(NULL);
			goto out;
		}
	}
	if (argc - optind != 2) {
		ret = cli_usage("explain takes the output folder of an evaluation and a bid id");
		goto out;
	}
	if (!d || !diff || !notes) {
		ret = cli_status_exit(CO_ERROR);
		goto out;
	}
	if ((rc = co_audit_load_with(&audit, argv[optind], &ro, d))) {
		ret = cli_status_exit(rc);
		goto out;
	}
	/* Explaining an altered bundle, or a record that misdescribes it, would explain an evaluation that never happened. */
	if ((rc = check_bundle(audit, 0, 0, diff, notes)) < 0) {
		ret = cli_status_exit(rc);
		goto out;
	}
	for (size_t i = 0; i < co_diags_count(notes); i++)
		fprintf(stderr, "note: %s\n", co_diags_at(notes, i));
	if (rc > 0) {
		cli_print_diags(diff);
		fputs("calloff: the bundle is not as recorded; run calloff replay ", stderr);
		cli_err_text(argv[optind]);
		fputc('\n', stderr);
		ret = EXIT_DIFFERS;
		goto out;
	}
	if ((rc = rerun(audit, &again, d)) || (rc = co_result_explain(&text, again.res, argv[optind + 1], json, d))) {
		ret = cli_status_exit(rc);
		goto out;
	}
	cli_out_put(text);
	ret = EXIT_DONE;
out:
	cli_print_diags(d);
	free(text);
	rerun_free(&again);
	co_audit_free(audit);
	co_diags_free(d);
	co_diags_free(diff);
	co_diags_free(notes);
	return ret;
}
