/* calloff: the command-line front end; process-wide set-up and dispatch to the commands. */
#include "cli.h"

#include <gsl/gsl_errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

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
		cli_out_printf("calloff %s\n", co_version());
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
	ret = cli_out_finish(ret); /* a command whose output did not all reach stdout is never done */
	co_global_cleanup();
	return ret;
}
