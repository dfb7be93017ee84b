/* calloff: the command-line front end; process-wide set-up and the table of commands main() dispatches from. */
#include "cli.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static int run_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_out_printf("calloff %s\n", co_version());
	return EXIT_DONE;
}

static int run_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_help();
}

/* A command: its name on the command line, and what runs it (argv[0] is the name; the rest are its arguments). */
typedef struct {
	const char *name;
	int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
	{.name = "--version", .run = run_version},
	{.name = "--help", .run = run_help},
	{.name = "-h", .run = run_help},
	{.name = "check", .run = cli_check},
	{.name = "evaluate", .run = cli_evaluate},
	{.name = "replay", .run = cli_replay},
	{.name = "explain", .run = cli_explain},
	{.name = "template", .run = cli_template},
	{.name = "selfscore", .run = cli_selfscore},
	{.name = "marksheet", .run = cli_marksheet},
	{.name = "packs", .run = cli_packs},
	{.name = "panel", .run = cli_panel},
	{.name = "sensitivity", .run = cli_sensitivity},
	{.name = "standstill", .run = cli_standstill},
};

/* Run the command named by argv[0]; a name not in the table is a usage error. */
static int dispatch(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			return commands[i].run(argc, argv);
	return cli_usage("unknown command");
}

int main(int argc, char **argv)
{
	int ret;
	setlocale(LC_ALL, "C"); /* the same bytes out whatever the user's locale */
	/* A file-size limit makes write() fail with EFBIG instead of killing the process mid-write. */
	signal(SIGXFSZ, SIG_IGN);
	if (cli_memory_fail_closed() != 0 || co_global_init() != 0)
		ret = cli_status_exit(CO_ERROR);
	else if (argc < 2)
		ret = cli_usage(NULL);
	else
		ret = dispatch(argc - 1, argv + 1);
	ret = cli_out_finish(ret); /* a command whose output did not all reach stdout is never done */
	co_global_cleanup();
	return ret;
}
