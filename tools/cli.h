/* The calloff CLI's shared pieces (exit codes; cli_common.c's helpers) and its commands (cli_*.c). */
#ifndef CALLOFF_CLI_H
#define CALLOFF_CLI_H

#include <calloff/calloff.h>

#include <stdio.h>

enum {
	EXIT_DONE = 0,    /* done */
	EXIT_USAGE = 1,   /* usage error */
	EXIT_INPUT = 2,   /* invalid input */
	EXIT_DECIDE = 3,  /* done, but the award needs a human decision */
	EXIT_DIFFERS = 4, /* replay, explain: not as recorded; selfscore: the draft would be rejected or disqualified */
	EXIT_FAILED = 5   /* the run failed: out of memory or another failure of the system; nothing was decided */
};

/*
 * The exit code of a call that failed with status rc. CO_ERROR is the system's failure (out of
 * memory, a failed system call), never the input's: it is said so on stderr and exits 5, never 2.
 */
static inline int cli_status_exit(int rc)
{
	if (rc != CO_ERROR)
		return EXIT_INPUT;
	fputs("calloff: out of memory or a failed system call; nothing was decided\n", stderr);
	return EXIT_FAILED;
}

/*
 * Process-wide, from main() before anything else: GMP, libxml2 or OpenSSL running out of memory
 * exits 5 at once (tools/cli_memory.c), instead of aborting, crashing or going on with half a result.
 */
int cli_memory_fail_closed(void);

/* What to undo (allocating nothing) before such an exit: fn(arg); NULL for nothing. */
void cli_on_out_of_memory(void (*fn)(void *), void *arg);

/* cli_common.c: what every command shares. */

/*
 * Standard output, through one checked sink: every command writes its stdout with these alone.
 * A write that fails is remembered, nothing more is written, and cli_out_finish() (called by
 * main() once the command is done) reports it. cli_out_text() writes a text that came from an
 * input (a path, a name, a diagnostic) as a terminal shows it safely (co_text_terminal_span).
 */
void cli_out_put(const char *s);
/* len bytes at data, as they are: 0, or -1 once standard output has failed. */
int cli_out_write(const char *data, size_t len);
/* The file DIR/NAME copied to standard output through a buffer on the stack (nothing allocated):
 * 0, or CO_EIO when it cannot be read (said on stderr). A failed stdout is cli_out_ok()'s. */
int cli_out_copy(const char *dir, const char *name);
void cli_out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_out_text(const char *s);

/* Flush standard output: 1 when everything written so far reached it, else 0. */
int cli_out_ok(void);

/*
 * The exit code once the command returned ret: when any write to standard output failed,
 * "calloff: cannot write to standard output" on stderr and EXIT_INPUT instead of a code that
 * says the work was done and shown (0, 3 or 4); a failure of the run itself (1, 2, 5) keeps its code.
 */
int cli_out_finish(int ret);

/*
 * Standard error. A write that fails there cannot be reported, and it changes no exit code:
 * a failed run stays failed. cli_err_text() writes a text from an input safely, as cli_out_text().
 */
void cli_err_text(const char *s);

/* Print every diagnostic on stderr, one per line, shown safely (they quote paths and inputs). */
void cli_print_diags(const co_diags *d);

/* Print a usage error (msg may be NULL; it is shown safely) and the usage text; returns EXIT_USAGE. */
int cli_usage(const char *msg);

/* Print the usage text on stdout, as asked for with --help; returns EXIT_DONE. */
int cli_help(void);

/*
 * A numeric option's value. cli_parse_whole: digits only, from min to max. cli_parse_real:
 * plain decimals (digits with at most one '.'; no sign, exponent, space, inf or nan), above
 * `above` and at most max. 0 with *out set, or EXIT_USAGE once a usage error naming the option,
 * its range and the value given is printed (anything else: empty, negative, too large, junk).
 */
int cli_parse_whole(unsigned long *out, const char *opt, const char *arg, unsigned long min, unsigned long max);
int cli_parse_real(double *out, const char *opt, const char *arg, double above, double max);

/*
 * The progress bar on stderr (once a step takes over a second) for the options' progress field,
 * or NULL when stderr is not a terminal. One bar at a time: steps run one after another.
 */
const co_progress *cli_progress(void);

/* The commands, each called with argv[0] its name; each returns the process's exit code. */
int cli_check(int argc, char **argv);
int cli_evaluate(int argc, char **argv);
int cli_replay(int argc, char **argv);
int cli_explain(int argc, char **argv);
int cli_template(int argc, char **argv);
int cli_selfscore(int argc, char **argv);
int cli_marksheet(int argc, char **argv);
int cli_packs(int argc, char **argv);
int cli_panel(int argc, char **argv);
int cli_sensitivity(int argc, char **argv);
int cli_standstill(int argc, char **argv);

#endif
