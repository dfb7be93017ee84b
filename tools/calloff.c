/* calloff: the command-line front end (check, evaluate), built on the public API only. */
#include <calloff/calloff.h>

#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_DONE = 0, EXIT_USAGE = 1, EXIT_INPUT = 2, EXIT_DECIDE = 3 };

static const char usage_text[] =
	"usage: calloff check RULES\n"
	"       calloff evaluate RULES BIDS... --marks MARKS [-o OUTDIR] [--json]\n"
	"       calloff --version\n"
	"\n"
	"  check     validate a rule file; every problem is printed as FILE:LINE:COL: message\n"
	"  evaluate  score, rank and award the bids (files, or directories of *.xml)\n"
	"            --marks MARKS  the panel's marks file\n"
	"            -o OUTDIR      also write OUTDIR/result.json (created if missing)\n"
	"            --json         print the result document instead of the table\n"
	"\n"
	"exit status: 0 done; 1 usage error; 2 invalid input; 3 done, but the award\n"
	"needs a human decision (an unresolved tie)\n";

static int usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "calloff: %s\n", msg);
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

static void print_diags(const co_diags *d)
{
	for (size_t i = 0; i < co_diags_count(d); i++)
		fprintf(stderr, "%s\n", co_diags_at(d, i));
}

static int status_exit(int rc)
{
	return rc == CO_ERROR ? EXIT_USAGE + 1 : EXIT_INPUT;
}

static int cmd_check(int argc, char **argv)
{
	co_diags *d = co_diags_new();
	co_rules *rules = NULL;
	if (argc != 2)
		return usage("check takes exactly one rule file");
	if (!d)
		return EXIT_INPUT;
	int rc = co_rules_load(&rules, argv[1], d);
	print_diags(d);
	if (rc == 0)
		printf("%s: valid rule file for competition %s (%zu questions)\n", argv[1],
		       co_rules_competition_id(rules), co_rules_question_count(rules));
	else if (co_diags_count(d) == 0)
		fprintf(stderr, "%s:1:1: cannot load the rule file\n", argv[1]);
	co_rules_free(rules);
	co_diags_free(d);
	return rc == 0 ? EXIT_DONE : EXIT_INPUT;
}

static int cmd_evaluate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"marks", required_argument, NULL, 'm'},
		{"output", required_argument, NULL, 'o'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *marks = NULL, *outdir = NULL;
	int json = 0, c, ret = EXIT_INPUT;
	co_diags *d = co_diags_new();
	co_rules *rules = NULL;
	co_paths *paths = NULL;
	co_result *res = NULL;
	char *doc = NULL, *table = NULL;

	optind = 1;
	while ((c = getopt_long(argc, argv, "m:o:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			marks = optarg;
			break;
		case 'o':
			outdir = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			ret = EXIT_DONE;
			goto out;
		default:
			ret = usage(NULL);
			goto out;
		}
	}
	if (argc - optind < 2) {
		ret = usage("evaluate needs a rule file and at least one bid file or directory");
		goto out;
	}
	if (!d)
		goto out;
	int rc = co_rules_load(&rules, argv[optind], d);
	if (rc) {
		ret = status_exit(rc);
		goto out;
	}
	if (!marks && co_rules_question_count(rules) > 0) {
		ret = usage("evaluate needs --marks MARKS (the rules have quality questions)");
		goto out;
	}
	rc = co_paths_expand(&paths, (const char *const *)argv + optind + 1, (size_t)(argc - optind - 1), d);
	if (rc) {
		ret = status_exit(rc);
		goto out;
	}
	rc = co_evaluate(&res, rules, paths, marks, d);
	if (rc) {
		if (rc == CO_EINCOMPLETE)
			fprintf(stderr, "calloff: marks are incomplete: no award is made until every bid in contention "
			                "has a usable mark for every question\n");
		ret = status_exit(rc);
		goto out;
	}
	if (co_result_json(&doc, res) || co_result_table(&table, res)) {
		fprintf(stderr, "calloff: out of memory\n");
		goto out;
	}
	if (outdir && (co_output_mkdir(outdir, d) || co_output_write(outdir, "result.json", doc, strlen(doc), d)))
		goto out;
	fputs(json ? doc : table, stdout);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "calloff: cannot write to standard output\n");
		goto out;
	}
	ret = co_result_needs_decision(res) ? EXIT_DECIDE : EXIT_DONE;
	if (ret == EXIT_DECIDE)
		fprintf(stderr, "calloff: the award needs a human decision: see tie_unresolved\n");
out:
	print_diags(d);
	free(doc);
	free(table);
	co_result_free(res);
	co_paths_free(paths);
	co_rules_free(rules);
	co_diags_free(d);
	return ret;
}

int main(int argc, char **argv)
{
	int ret;
	setlocale(LC_ALL, "C"); /* the same bytes out whatever the user's locale */
	gsl_set_error_handler_off();
	co_global_init();
	if (argc < 2)
		ret = usage(NULL);
	else if (strcmp(argv[1], "--version") == 0) {
		printf("calloff %s\n", co_version());
		ret = EXIT_DONE;
	} else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage_text, stdout);
		ret = EXIT_DONE;
	} else if (strcmp(argv[1], "check") == 0)
		ret = cmd_check(argc - 1, argv + 1);
	else if (strcmp(argv[1], "evaluate") == 0)
		ret = cmd_evaluate(argc - 1, argv + 1);
	else
		ret = usage("unknown command");
	co_global_cleanup();
	return ret;
}
