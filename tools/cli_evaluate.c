/* calloff check, evaluate and sensitivity: validate rules; evaluate, print and record; how robust the award is. */
#include "cli.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void abandon(void *audit)
{
	co_audit_abandon(audit);
}

/*
 * Test hooks (tests/crash.sh, tests/folder.sh), counting the steps of writing the -o folder
 * (co_audit_on_step): CALLOFF_TEST_KILL_AFTER=N ends the process with SIGKILL after step N, as a
 * kill -9 would at that instant (N = 0: nowhere, and the number of steps is printed on stderr at
 * the end); CALLOFF_TEST_STOP_AFTER=N stops it there with SIGSTOP, holding the folder's lock,
 * until it is sent SIGCONT.
 */
static long kill_after = -1, stop_after = -1, steps;

static void test_step(void *arg)
{
	(void)arg;
	steps++;
	if (steps == kill_after)
		raise(SIGKILL);
	if (steps == stop_after)
		raise(SIGSTOP);
}

static long hook_env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? strtol(v, NULL, 10) : -1;
}

/* --json: result.json streamed to standard output (CO_EIO once it cannot be written). */
static int stdout_begin(void *arg, const char *name)
{
	(void)arg;
	(void)name;
	return 0;
}

static int stdout_write(void *arg, const char *data, size_t len)
{
	(void)arg;
	return cli_out_write(data, len) ? CO_EIO : 0;
}

static int stdout_end(void *arg)
{
	(void)arg;
	return 0;
}

int cli_check(int argc, char **argv)
{
	co_rules *rules = NULL;
	if (argc != 2)
		return cli_usage("check takes exactly one rule file");
	co_diags *d = co_diags_new();
	if (!d)
		return cli_status_exit(CO_ERROR);
	int rc = co_rules_load(&rules, argv[1], d);
	cli_print_diags(d);
	if (rc == 0) {
		cli_out_text(argv[1]);
		cli_out_put(": valid rule file for competition ");
		cli_out_text(co_rules_competition_id(rules));
		cli_out_printf(" (%zu questions)\n", co_rules_question_count(rules));
	} else if (co_diags_count(d) == 0 && rc != CO_ERROR) {
		cli_err_text(argv[1]);
		fputs(":1:1: cannot load the rule file\n", stderr);
	}
	co_rules_free(rules);
	co_diags_free(d);
	return rc == 0 ? EXIT_DONE : cli_status_exit(rc);
}

/*
 * What the contract award notice (ocds.json) lacks, on stderr once the outputs are written: why
 * none was written (why, from co_render_ocds_skipped), or that its ocid carries the placeholder
 * prefix. The exit code stays the evaluation's.
 */
static void warn_notice(const char *why, const co_rules *rules, const char *rules_path, const char *prefix)
{
	if (why)
		fprintf(stderr, "calloff: ocds.json (the contract award notice) is not written: %s\n", why);
	else if (!prefix && !co_rules_ocid_prefix(rules))
		fprintf(stderr, "calloff: warning: ocds.json uses the placeholder ocid prefix ocds-xxxxxx: register a prefix "
		                "with the Open Contracting Partnership and give it as publication.ocid_prefix in %s or with "
		                "--ocid-prefix\n", rules_path);
}

int cli_evaluate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"marks", required_argument, NULL, 'm'},
		{"decisions", required_argument, NULL, 'D'},
		{"receipts", required_argument, NULL, 'R'},
		{"output", required_argument, NULL, 'o'},
		{"json", no_argument, NULL, 'j'},
		{"force", no_argument, NULL, 'f'},
		{"ocid-prefix", required_argument, NULL, 'p'},
		{"threads", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	/* The flags' defaults; the rules and the bids are set once the options are parsed. */
	co_audit_options ao = {.marks = NULL, .decisions = NULL, .receipts = NULL, .output = NULL, .ocid_prefix = NULL,
	                       .json = 0, .force = 0};
	/* Every core up to 8 reads bids by default: the result is the same whatever the number. */
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	co_evaluate_options eo = {.threads = cores < 1 ? 1 : cores > 8 ? 8 : (int)cores, .progress = cli_progress(),
	                          .keep_rationales = 0};
	unsigned long threads;
	int c, ret = EXIT_INPUT;
	co_diags *d = co_diags_new();
	co_rules *rules = NULL;
	co_paths *paths = NULL, *read = NULL;
	co_result *res = NULL;
	co_audit *audit = NULL;
	co_decisions *decisions = NULL;
	co_receipts *receipts = NULL;

	optind = 1;
	while ((c = getopt_long(argc, argv, "m:o:jfp:h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (cli_parse_whole(&threads, "--threads", optarg, 1, 256)) {
				ret = EXIT_USAGE;
				goto out;
			}
			eo.threads = (int)threads;
			break;
		case 'p':
			if (!co_ocid_prefix_valid(optarg)) {
				ret = cli_usage("--ocid-prefix must be " CO_OCID_PREFIX_RULE);
				goto out;
			}
			ao.ocid_prefix = optarg;
			break;
		case 'm':
			ao.marks = optarg;
			break;
		case 'D':
			ao.decisions = optarg;
			break;
		case 'R':
			ao.receipts = optarg;
			break;
		case 'o':
			ao.output = optarg;
			break;
		case 'j':
			ao.json = 1;
			break;
		case 'f':
			ao.force = 1;
			break;
		case 'h':
			ret = cli_help();
			goto out;
		default:
			ret = cli_usage(NULL);
			goto out;
		}
	}
	if (argc - optind < 2) {
		ret = cli_usage("evaluate needs a rule file and at least one bid file or directory");
		goto out;
	}
	if (ao.force && !ao.output) {
		ret = cli_usage("--force goes with -o OUTDIR");
		goto out;
	}
	if (!d) {
		ret = cli_status_exit(CO_ERROR);
		goto out;
	}
	ao.rules = argv[optind];
	ao.bid_args = (const char *const *)argv + optind + 1;
	ao.nbid_args = (size_t)(argc - optind - 1);
	int rc = co_paths_expand(&paths, ao.bid_args, ao.nbid_args, d);
	if (rc) {
		ret = cli_status_exit(rc);
		goto out;
	}
	const char *rules_src = NULL, *marks_src = NULL, *decisions_src = NULL, *receipts_src = NULL;
	if (ao.output) {
		/* Hash, check the folder, copy the inputs: the evaluation then reads the copies it records. */
		if (!(rc = co_audit_begin(&audit, &ao, paths, d)))
			cli_on_out_of_memory(abandon, audit); /* GMP, libxml2 or OpenSSL out of memory: nothing staged stays */
		kill_after = hook_env("CALLOFF_TEST_KILL_AFTER");
		stop_after = hook_env("CALLOFF_TEST_STOP_AFTER");
		if (!rc && (kill_after >= 0 || stop_after >= 0))
			co_audit_on_step(audit, test_step, NULL);
		if (rc || (rc = co_audit_check_outdir(audit, d)) ||
		    (rc = co_audit_snapshot(audit, d)) || (rc = co_audit_bid_paths(audit, &read))) {
			ret = cli_status_exit(rc);
			goto out;
		}
		rules_src = co_audit_rules_source(audit);
		marks_src = co_audit_marks_source(audit);
		decisions_src = co_audit_decisions_source(audit);
		receipts_src = co_audit_receipts_source(audit);
		co_paths_free(paths); /* the record and the list of copies to read hold what is needed of it */
		paths = NULL;
	}
	if ((rc = co_rules_load_from(&rules, ao.rules, rules_src, d))) {
		ret = cli_status_exit(rc);
		goto out;
	}
	if (!ao.marks && co_rules_question_count(rules) > 0) {
		ret = cli_usage("evaluate needs --marks MARKS (the rules have quality questions)");
		goto out;
	}
	/* Read as the rule file is: from the bundle's copy with -o. They outlive the result (freed after it). */
	if ((ao.decisions && (rc = co_decisions_load(&decisions, rules, ao.decisions, decisions_src, d))) ||
	    (ao.receipts && (rc = co_receipts_load(&receipts, ao.receipts, receipts_src, d)))) {
		ret = cli_status_exit(rc);
		goto out;
	}
	eo.decisions = decisions;
	eo.receipts = receipts;
	eo.keep_rationales = ao.output != NULL; /* the assessment summaries quote them */
	rc = co_evaluate_with(&res, rules, read ? read : paths, ao.marks, marks_src, &eo, d);
	if (rc) {
		if (rc == CO_EINCOMPLETE)
			fprintf(stderr, "calloff: marks are incomplete: no award is made until every bid in contention "
			                "has a usable mark for every question\n");
		ret = cli_status_exit(rc);
		goto out;
	}
	/*
	 * Every output file only when they are written (-o); the screen needs the table or the JSON.
	 * The table is written a line at a time, after the files: a large one is never held whole.
	 */
	if (audit) {
		co_output_sink sink;
		const char *no_notice = NULL; /* asked before anything is written: it may run out of memory */
		if ((rc = co_render_ocds_skipped(res, &no_notice)) < 0 || (rc = co_audit_output_sink(audit, d, &sink)) ||
		    (rc = co_render_each(res, ao.ocid_prefix, &sink)) || (rc = co_audit_commit(audit, NULL, 0, d))) {
			ret = cli_status_exit(rc);
			goto out;
		}
		/* A provisional award's own message below says the notice is held back with the summaries. */
		if (!co_result_needs_decision(res))
			warn_notice(no_notice, rules, ao.rules, ao.ocid_prefix);
	}
	if (ao.json && audit) { /* the result.json just published: nothing that could fail for want of memory */
		if ((rc = cli_out_copy(ao.output, "result.json")) == CO_EIO) {
			ret = cli_status_exit(rc);
			goto out;
		}
	} else if (ao.json) { /* streamed: only one bid's part of the document is in memory at a time */
		co_output_sink to_stdout = {.begin = stdout_begin, .write = stdout_write, .end = stdout_end, .arg = NULL};
		if ((rc = co_render_result_json(res, &to_stdout)) == CO_ERROR) {
			ret = cli_status_exit(rc);
			goto out;
		}
	} else if ((rc = co_result_table_write(res, stdout)) == CO_ERROR) {
		ret = cli_status_exit(rc);
		goto out;
	}
	if (rc == CO_EIO || !cli_out_ok()) /* exit 2: main() says that stdout could not be written */
		goto out;
	ret = co_result_needs_decision(res) ? EXIT_DECIDE : EXIT_DONE;
	if (ret == EXIT_DECIDE)
		fprintf(stderr, "calloff: the award needs a human decision: it is provisional until then (see \"open\" in "
		                "the result, or the table's end)%s; record each decision in a decisions file and evaluate again "
		                "with --decisions FILE\n",
		        ao.output ? ", so neither the assessment summaries nor ocds.json (the contract award notice) are written" : "");
out:
	cli_on_out_of_memory(NULL, NULL);
	cli_print_diags(d);
	if (kill_after == 0)
		fprintf(stderr, "calloff: test hook: %ld steps\n", steps);
	co_audit_free(audit);
	co_result_free(res);
	co_decisions_free(decisions);
	co_receipts_free(receipts);
	co_paths_free(paths);
	co_paths_free(read);
	co_rules_free(rules);
	co_diags_free(d);
	return ret;
}

int cli_sensitivity(int argc, char **argv)
{
	static const struct option opts[] = {{"marks", required_argument, NULL, 'm'},
	                                     {"decisions", required_argument, NULL, 'D'},
	                                     {"receipts", required_argument, NULL, 'R'},
	                                     {"json", no_argument, NULL, 'j'},
	                                     {"samples", required_argument, NULL, 'n'},
	                                     {"seed", required_argument, NULL, 's'},
	                                     {"threads", required_argument, NULL, 't'},
	                                     {"concentration", required_argument, NULL, 'c'},
	                                     {"keep-moderated", no_argument, NULL, 'k'},
	                                     {NULL, 0, NULL, 0}};
	const char *marks = NULL, *decisions_path = NULL, *receipts_path = NULL;
	co_sensitivity_options so = {.samples = 0, .seed = 1, .threads = 1, .concentration = 100.0, .keep_moderated = 0,
	                             .progress = cli_progress()};
	unsigned long threads;
	int json = 0, c, ret = EXIT_INPUT;
	co_diags *d = co_diags_new();
	co_rules *rules = NULL;
	co_paths *paths = NULL;
	co_result *res = NULL;
	co_decisions *decisions = NULL;
	co_receipts *receipts = NULL;
	char *text = NULL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "m:jn:s:t:c:k", opts, NULL)) != -1) {
		int bad = 0;
		switch (c) {
		case 'm':
			marks = optarg;
			break;
		case 'D':
			decisions_path = optarg;
			break;
		case 'R':
			receipts_path = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'n': /* as many as a few minutes of work on two cores */
			bad = cli_parse_whole(&so.samples, "--samples", optarg, 1, 1000000000UL);
			break;
		case 's': /* recorded as a JSON integer: up to 2^63 - 1 */
			bad = cli_parse_whole(&so.seed, "--seed", optarg, 0, 9223372036854775807UL);
			break;
		case 't':
			bad = cli_parse_whole(&threads, "--threads", optarg, 1, 256);
			so.threads = bad ? 0 : (int)threads;
			break;
		case 'c':
			bad = cli_parse_real(&so.concentration, "--concentration", optarg, 0, 1000000);
			break;
		case 'k':
			so.keep_moderated = 1;
			break;
		default:
			ret = cli_usage(NULL);
			goto out;
		}
		if (bad) {
			ret = EXIT_USAGE;
			goto out;
		}
	}
	if (argc - optind < 2) {
		ret = cli_usage("sensitivity needs a rule file and at least one bid file or directory");
		goto out;
	}
	int rc = co_rules_load(&rules, argv[optind], d);
	if (!rc && decisions_path)
		rc = co_decisions_load(&decisions, rules, decisions_path, NULL, d);
	if (!rc && receipts_path)
		rc = co_receipts_load(&receipts, receipts_path, NULL, d);
	if (!rc)
		rc = co_paths_expand(&paths, (const char *const *)argv + optind + 1, (size_t)(argc - optind - 1), d);
	/* co_evaluate's defaults, with the officer's decisions and the receipt log. */
	const co_evaluate_options eo = {.threads = 1, .progress = NULL, .keep_rationales = 1, .decisions = decisions,
	                                .receipts = receipts};
	if (!rc)
		rc = co_evaluate_with(&res, rules, paths, marks, NULL, &eo, d);
	if (rc) {
		ret = cli_status_exit(rc);
		goto out;
	}
	rc = so.samples ? co_result_sensitivity(&text, res, &so, json) : co_result_tipping_points(&text, res, json);
	if (rc == 0) {
		cli_out_put(text);
		ret = EXIT_DONE;
	} else {
		if (rc == CO_EINVALID)
			fprintf(stderr, "calloff: no bid is in contention, so there is no award to test\n");
		ret = cli_status_exit(rc);
	}
out:
	cli_print_diags(d);
	free(text);
	co_result_free(res);
	co_decisions_free(decisions);
	co_receipts_free(receipts);
	co_paths_free(paths);
	co_rules_free(rules);
	co_diags_free(d);
	return ret;
}
