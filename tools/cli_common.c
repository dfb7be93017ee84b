/* The calloff CLI's shared pieces: the usage text, printing diagnostics, the progress bar. */
#include "cli.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: calloff check RULES\n"
	"       calloff evaluate RULES BIDS... --marks MARKS [-o OUTDIR [--force]] [--json] [--threads T]\n"
	"       calloff replay [--originals] [--allow-version] OUTDIR|AUDIT.json\n"
	"       calloff explain OUTDIR BID [--json] [--allow-version]\n"
	"       calloff template RULES > draft.xml\n"
	"       calloff selfscore RULES DRAFT.xml [--json]\n"
	"       calloff marksheet RULES BIDS... [--evaluators E1,E2,E3] > marks.xml\n"
	"       calloff packs RULES BIDS... -o DIR --key FILE [--seed S]\n"
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
	"  packs     anonymised evaluator packs (one Markdown file per question) in DIR, and the\n"
	"            chair's key in FILE, which must be outside DIR\n"
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

/* The progress bar of the step under way: when it started, and whether the bar is on the screen. */
typedef struct {
	struct timespec t0;
	int running, shown;
} bar_state;

/*
 * Draws "LABEL [#####     ]  42%" over the current stderr line once the step is a second old, and
 * "LABEL [#########################] 100%" and a newline at its end when the bar was drawn: a step
 * shorter than a second shows nothing. The library calls it as co_progress_fn says: first with
 * done 0, last (once) with done == total, and never two calls at once.
 */
static void draw_bar(void *ctx, const char *label, unsigned long done, unsigned long total)
{
	bar_state *b = ctx;
	if (!b->running) {
		clock_gettime(CLOCK_MONOTONIC, &b->t0);
		b->running = 1;
		b->shown = 0;
	}
	if (done == total) {
		if (b->shown)
			fprintf(stderr, "\r%s [#########################] 100%%\n", label);
		b->running = 0;
		return;
	}
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double secs = (double)(now.tv_sec - b->t0.tv_sec) + (double)(now.tv_nsec - b->t0.tv_nsec) / 1e9;
	if (secs < 1.0)
		return;
	int pct = (int)(100 * done / (total ? total : 1)), bars = pct / 4;
	fprintf(stderr, "\r%s [%.*s%*s] %3d%%", label, bars, "#########################", 25 - bars, "", pct);
	b->shown = 1;
}

const co_progress *cli_progress(void)
{
	static bar_state state;
	static const co_progress bar = {.fn = draw_bar, .ctx = &state};
	return isatty(2) ? &bar : NULL;
}
