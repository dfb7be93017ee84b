/* The calloff CLI's shared pieces: the usage text, standard output through one checked sink, texts from inputs shown safely, diagnostics, numeric options. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: calloff check RULES\n"
	"       calloff evaluate RULES BIDS... --marks MARKS [--decisions FILE] [--receipts FILE]\n"
	"                        [-o OUTDIR [--force]] [--json] [--threads T]\n"
	"       calloff replay [--originals] [--allow-version] OUTDIR|AUDIT.json\n"
	"       calloff explain OUTDIR BID [--json] [--allow-version]\n"
	"       calloff template RULES > draft.xml\n"
	"       calloff selfscore RULES DRAFT.xml [--json]\n"
	"       calloff marksheet RULES BIDS... [--evaluators E1,E2,E3] > marks.xml\n"
	"       calloff packs RULES BIDS... -o DIR --key FILE [--seed S]\n"
	"       calloff panel prepare RULES BIDS... [--evaluators E1,E2,...] [--assign E2=Q1,Q3]... [--seed S] -o DIR\n"
	"       calloff panel status RULES DIR [RETURNED...] [--marks MARKS]\n"
	"       calloff panel merge RULES DIR RETURNED... --marks MARKS [--replace]\n"
	"       calloff panel moderation RULES DIR --marks MARKS -o FORM.html\n"
	"       calloff sensitivity RULES BIDS... --marks MARKS [--decisions FILE] [--receipts FILE]\n"
	"                           [--samples N [--seed S] [--threads T] [--concentration C]\n"
	"                           [--keep-moderated]] [--json]\n"
	"       calloff standstill [--notice-date YYYY-MM-DD] [--rules RULES] [--days N] [--json]\n"
	"       calloff --version\n"
	"\n"
	"  check     validate a rule file; every problem is printed as FILE:LINE:COL: message\n"
	"  evaluate  score, rank and award the bids (files, or directories of *.xml)\n"
	"            --marks MARKS  the panel's marks file\n"
	"            --decisions FILE  the officer's decisions (YAML): what the engine leaves to a\n"
	"                           person, such as a tie at the award's boundary, each with who,\n"
	"                           when and why (docs/formats-notes.md)\n"
	"            --receipts FILE  the portal's receipt log (CSV: bid or file, received), which\n"
	"                           decides lateness instead of each bid's own <submitted>\n"
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
	"  panel     the panel's marking, without XML:\n"
	"            prepare     in DIR: panel.json (the chair's: label to bid) and for each evaluator\n"
	"                        a folder with a marking form (HTML), a workbook (XLSX) and a CSV,\n"
	"                        anonymised; the evaluators and their questions come from the\n"
	"                        rule file's panel section, or from --evaluators and --assign\n"
	"            status      what each evaluator has not yet returned (RETURNED: files, or folders\n"
	"                        of *.xml, *.xlsx and *.csv), counting what MARKS already holds\n"
	"            merge       check the returned files against the panel and merge them into MARKS\n"
	"                        (created if missing), atomically; a mark already recorded is never\n"
	"                        changed unless --replace; the moderation form's export is merged too\n"
	"            moderation  a form showing every evaluator's mark side by side, disagreements\n"
	"                        (flag_range) first, to record the consensus and the panel's reason\n"
	"            the files' formats: docs/formats-notes.md, \"The panel's marking without XML\"\n"
	"  sensitivity  exact tipping points: how far each weight must move before the award changes;\n"
	"            with --samples, also a Monte Carlo over weights (Dirichlet, concentration C,\n"
	"            default 100) and over the panel (evaluators resampled): award probabilities;\n"
	"            --decisions and --receipts as for evaluate\n"
	"  standstill the last day of the standstill period: N working days (default 8,\n"
	"            Procurement Act 2023 s.51) beginning with the notice date, a working day being\n"
	"            none of Saturday, Sunday, Christmas Day, Good Friday or a bank holiday anywhere in\n"
	"            the UK (s.123); prints each day skipped and why. --rules adds the rule file's\n"
	"            calendar.holidays and gives its publication.date when --notice-date is not given\n"
	"\n"
	"exit status: 0 done; 1 usage error; 2 invalid input; 3 done, but the award is\n"
	"provisional: it needs a human decision (an unresolved tie, or an abnormally low bid in\n"
	"the award not investigated); 4 replay or explain found the evaluation or its\n"
	"bundle not as recorded, or selfscore found that evaluate would reject or disqualify\n"
	"the draft; 5 the run failed: out of memory or another failure of the system; nothing\n"
	"was decided\n";

/*
 * Standard output. Every command writes it through here, so that one failed write anywhere (a full
 * disk; a file-size limit: SIGXFSZ is ignored, so write() fails with EFBIG) is
 * known at the end, and the run is never reported as done with a truncated document. After a
 * failure nothing more is written.
 */
static int out_failed;

void cli_out_put(const char *s)
{
	if (!out_failed && fputs(s, stdout) == EOF)
		out_failed = 1;
}

int cli_out_write(const char *data, size_t len)
{
	if (!out_failed && len && fwrite(data, 1, len, stdout) != len)
		out_failed = 1;
	return out_failed ? -1 : 0;
}

int cli_out_copy(const char *dir, const char *name)
{
	char path[PATH_MAX], buf[65536];
	ssize_t n;
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return CO_EIO;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "calloff: cannot read %s: %s\n", path, strerror(errno));
		return CO_EIO;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && cli_out_write(buf, (size_t)n))
			break;
	int failed = n < 0;
	if (failed)
		fprintf(stderr, "calloff: cannot read %s: %s\n", path, strerror(errno));
	close(fd);
	return failed ? CO_EIO : 0;
}

void cli_out_printf(const char *fmt, ...)
{
	va_list ap;
	if (out_failed)
		return;
	va_start(ap, fmt);
	if (vfprintf(stdout, fmt, ap) < 0)
		out_failed = 1;
	va_end(ap);
}

/* Write s to f as a terminal shows it safely (co_text_terminal_span); -1 when a write failed. */
static int put_text(FILE *f, const char *s)
{
	char esc[CO_TEXT_ESCAPE_SIZE];
	size_t skip;
	while (s && *s) {
		size_t n = co_text_terminal_span(s, esc, &skip);
		if (n && fwrite(s, 1, n, f) != n)
			return -1;
		s += n;
		if (!*s)
			break;
		if (fputs(esc, f) == EOF)
			return -1;
		s += skip;
	}
	return 0;
}

void cli_out_text(const char *s)
{
	if (!out_failed && put_text(stdout, s) != 0)
		out_failed = 1;
}

int cli_out_ok(void)
{
	if (!out_failed && (fflush(stdout) != 0 || ferror(stdout)))
		out_failed = 1;
	return !out_failed;
}

int cli_out_finish(int ret)
{
	if (cli_out_ok())
		return ret;
	fputs("calloff: cannot write to standard output\n", stderr);
	return ret == EXIT_DONE || ret == EXIT_DECIDE || ret == EXIT_DIFFERS ? EXIT_INPUT : ret;
}

/* Standard error: what cannot be written there cannot be reported either, and changes no exit code. */
void cli_err_text(const char *s)
{
	(void)put_text(stderr, s);
}

void cli_print_diags(const co_diags *d)
{
	for (size_t i = 0; i < co_diags_count(d); i++) {
		cli_err_text(co_diags_at(d, i));
		fputc('\n', stderr);
	}
}

int cli_usage(const char *msg)
{
	if (msg) {
		fputs("calloff: ", stderr);
		cli_err_text(msg);
		fputc('\n', stderr);
	}
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

int cli_help(void)
{
	cli_out_put(usage_text);
	return EXIT_DONE;
}

/* A usage error about option opt's value arg: "OPT takes RANGE, got 'ARG'". */
static int bad_value(const char *opt, const char *range, const char *arg)
{
	fprintf(stderr, "calloff: %s takes %s, got '", opt, range);
	cli_err_text(arg);
	fputs("'\n", stderr);
	fputs(usage_text, stderr);
	return EXIT_USAGE;
}

int cli_parse_whole(unsigned long *out, const char *opt, const char *arg, unsigned long min, unsigned long max)
{
	char range[160];
	unsigned long v = 0;
	const char *p = arg;
	snprintf(range, sizeof(range), "a whole number from %lu to %lu", min, max);
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (d > max || v > (max - d) / 10)
			return bad_value(opt, range, arg);
		v = v * 10 + d;
	}
	if (p == arg || *p || v < min)
		return bad_value(opt, range, arg);
	*out = v;
	return 0;
}

int cli_parse_real(double *out, const char *opt, const char *arg, double above, double max)
{
	char range[160];
	const char *p = arg;
	size_t digits = 0;
	snprintf(range, sizeof(range), "a number above %.15g and at most %.15g, in plain decimals (such as 0.5)", above, max);
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (digits == 0 || *p)
		return bad_value(opt, range, arg);
	double v = strtod(arg, NULL); /* the C locale: '.' is the decimal point */
	if (!isfinite(v) || !(v > above) || v > max)
		return bad_value(opt, range, arg);
	*out = v;
	return 0;
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
