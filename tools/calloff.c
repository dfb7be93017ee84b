/* calloff: the command-line front end; process-wide set-up and dispatch to the commands. */
#include "cli.h"

#include <gsl/gsl_errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
	"usage: calloff check RULES\n"
	"       calloff evaluate RULES BIDS... --marks MARKS [-o OUTDIR [--force]] [--json] [--threads T]\n"
	"       calloff replay [--originals] [--allow-version] OUTDIR|AUDIT.json\n"
	"       calloff explain OUTDIR BID [--json] [--allow-version]\n"
	"       calloff template RULES > draft.xml\n"
	"       calloff selfscore RULES DRAFT.xml [--json]\n"
	"       calloff marksheet RULES BIDS... [--evaluators E1,E2,E3] > marks.xml\n"
	"       calloff packs RULES BIDS... -o DIR [--seed S]\n"
	"       calloff sensitivity RULES BIDS... --marks MARKS [--samples N [--seed S] [--threads T]\n"
	"                           [--concentration C] [--keep-moderated]] [--json]\n"
	"       calloff --version\n"
	"\n"
	"  check     validate a rule file; every problem is printed as FILE:LINE:COL: message\n"
	"  evaluate  score, rank and award the bids (files, or directories of *.xml)\n"
	"            --marks MARKS  the panel's marks file\n"
	"            -o OUTDIR      write OUTDIR/result.json, OUTDIR/audit.json and a copy of every\n"
	"                           input under OUTDIR/inputs/ (the folder is created if missing)\n"
	"            --force        replace a different evaluation already in OUTDIR\n"
	"            --json         print the result document instead of the table\n"
	"            --ocid-prefix P  the OCDS ocid prefix for ocds.json (else the rules' publication)\n"
	"            --threads T    threads reading the bid files (default: the cores, up to 8); the\n"
	"                           output is the same byte for byte whatever T\n"
	"  replay    check an archived evaluation: its record, its bundle and folder, and that\n"
	"            evaluating the bundle again gives the same outputs byte for byte\n"
	"            --originals      also check the original files at their recorded paths\n"
	"            --allow-version  replay a record of another engine or library version\n"
	"  explain   show how one bid's result was reached, every number derived (BID is a bid\n"
	"            id or a bid file's path as given)\n"
	"  template  a blank bid for the competition, with every limit, maximum and weight\n"
	"  selfscore the preflight of a draft: what would reject or disqualify it, and its\n"
	"            quality projected from its <self-assessment> marks\n"
	"  marksheet a marks file to fill in, for the bids that pass admissibility and compliance\n"
	"  packs     anonymised evaluator packs (one Markdown file per question) and the chair's key\n"
	"  sensitivity  exact tipping points: how far each weight must move before the award changes;\n"
	"            with --samples, also a Monte Carlo over weights (Dirichlet, concentration C,\n"
	"            default 100) and over the panel (evaluators resampled): award probabilities\n"
	"\n"
	"exit status: 0 done; 1 usage error; 2 invalid input; 3 done, but the award needs a\n"
	"human decision (an unresolved tie); 4 replay or explain found the evaluation or its\n"
	"bundle not as recorded, or selfscore found that evaluate would reject or disqualify\n"
	"the draft; 5 the run failed: out of memory or another failure of the system; nothing\n"
	"was decided\n";

int cli_usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "calloff: %s\n", msg);
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

int cli_help(void)
{
	fputs(usage_text, stdout);
	return EXIT_DONE;
}

void cli_print_diags(const co_diags *d)
{
	for (size_t i = 0; i < co_diags_count(d); i++)
		fprintf(stderr, "%s\n", co_diags_at(d, i));
}

int main(int argc, char **argv)
{
	int ret;
	setlocale(LC_ALL, "C"); /* the same bytes out whatever the user's locale */
	gsl_set_error_handler_off();
	/* A file-size limit makes write() fail with EFBIG instead of killing the process mid-write. */
	signal(SIGXFSZ, SIG_IGN);
	if (cli_memory_fail_closed() != 0 || co_global_init() != 0)
		ret = cli_status_exit(CO_ERROR);
	else if (argc < 2)
		ret = cli_usage(NULL);
	else if (strcmp(argv[1], "--version") == 0) {
		printf("calloff %s\n", co_version());
		ret = EXIT_DONE;
	} else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		ret = cli_help();
	} else if (strcmp(argv[1], "check") == 0)
		ret = cli_check(argc - 1, argv + 1);
	else if (strcmp(argv[1], "evaluate") == 0)
		ret = cli_evaluate(argc - 1, argv + 1);
	else if (strcmp(argv[1], "replay") == 0)
		ret = cli_replay(argc - 1, argv + 1);
	else if (strcmp(argv[1], "explain") == 0)
		ret = cli_explain(argc - 1, argv + 1);
	else if (strcmp(argv[1], "template") == 0)
		ret = cli_template(argc - 1, argv + 1);
	else if (strcmp(argv[1], "selfscore") == 0)
		ret = cli_selfscore(argc - 1, argv + 1);
	else if (strcmp(argv[1], "marksheet") == 0)
		ret = cli_marksheet(argc - 1, argv + 1);
	else if (strcmp(argv[1], "packs") == 0)
		ret = cli_packs(argc - 1, argv + 1);
	else if (strcmp(argv[1], "sensitivity") == 0)
		ret = cli_sensitivity(argc - 1, argv + 1);
	else
		ret = cli_usage("unknown command");
	co_global_cleanup();
	return ret;
}
