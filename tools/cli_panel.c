/* calloff marksheet and calloff packs: what the evaluation panel is given to mark. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Rules and expanded bids from RULES BIDS...; returns the exit code (EXIT_DONE when both loaded). */
static int load(co_rules **rules, co_paths **paths, int argc, char **argv, co_diags *d)
{
	int rc = d ? co_rules_load(rules, argv[0], d) : CO_ERROR;
	if (!rc)
		rc = co_paths_expand(paths, (const char *const *)argv + 1, (size_t)(argc - 1), d);
	return rc ? cli_status_exit(rc) : EXIT_DONE;
}

int cli_marksheet(int argc, char **argv)
{
	static const struct option opts[] = {{"evaluators", required_argument, NULL, 'e'}, {NULL, 0, NULL, 0}};
	const char *list = "E1,E2,E3";
	const char *ev[100];
	size_t nev = 0;
	co_rules *rules = NULL;
	co_paths *paths = NULL;
	co_diags *d = co_diags_new();
	char *text = NULL, *copy = NULL;
	int c, ret = EXIT_INPUT;
	optind = 1;
	while ((c = getopt_long(argc, argv, "e:", opts, NULL)) != -1) {
		if (c != 'e') {
			ret = cli_usage(NULL);
			goto out;
		}
		list = optarg;
	}
	if (argc - optind < 2) {
		ret = cli_usage("marksheet needs a rule file and at least one bid file or directory");
		goto out;
	}
	if (!(copy = strdup(list))) {
		ret = cli_status_exit(CO_ERROR);
		goto out;
	}
	char *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t && nev < 100; t = strtok_r(NULL, ",", &save))
		ev[nev++] = t;
	if (nev == 0) {
		ret = cli_usage("--evaluators needs at least one id");
		goto out;
	}
	if ((ret = load(&rules, &paths, argc - optind, argv + optind, d)) != EXIT_DONE)
		goto out;
	int rc = co_marksheet(&text, rules, paths, ev, nev, d);
	if (rc == 0) {
		cli_out_put(text);
		ret = EXIT_DONE;
	} else {
		ret = cli_status_exit(rc);
	}
out:
	cli_print_diags(d);
	free(text);
	free(copy);
	co_paths_free(paths);
	co_rules_free(rules);
	co_diags_free(d);
	return ret;
}

int cli_packs(int argc, char **argv)
{
	static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
	                                     {"key", required_argument, NULL, 'k'},
	                                     {"seed", required_argument, NULL, 's'},
	                                     {NULL, 0, NULL, 0}};
	const char *outdir = NULL, *key = NULL;
	unsigned long seed = (unsigned long)time(NULL);
	co_rules *rules = NULL;
	co_paths *paths = NULL;
	co_diags *d = co_diags_new();
	int c, ret = EXIT_INPUT;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:k:s:", opts, NULL)) != -1) {
		if (c == 'o') {
			outdir = optarg;
		} else if (c == 'k') {
			key = optarg;
		} else if (c == 's') { /* mt19937 is seeded with 32 bits: a larger seed would give another's shuffle */
			if (cli_parse_whole(&seed, "--seed", optarg, 0, 0xFFFFFFFFUL)) {
				ret = EXIT_USAGE;
				goto out;
			}
		} else {
			ret = cli_usage(NULL);
			goto out;
		}
	}
	if (argc - optind < 2 || !outdir || !key) {
		ret = cli_usage("packs needs a rule file, bids, -o DIR and --key FILE (outside DIR)");
		goto out;
	}
	if ((ret = load(&rules, &paths, argc - optind, argv + optind, d)) != EXIT_DONE)
		goto out;
	co_packs_options po = {.dir = outdir, .key = key, .seed = seed};
	int rc = co_packs(rules, paths, &po, d);
	ret = rc == 0 ? EXIT_DONE : cli_status_exit(rc);
	if (ret == EXIT_DONE) {
		cli_out_put("Packs written to ");
		cli_out_text(outdir);
		cli_out_printf(" (seed %lu); the chair's key is ", seed);
		cli_out_text(key);
		cli_out_put(": keep it from the evaluators\n");
	}
out:
	cli_print_diags(d);
	co_paths_free(paths);
	co_rules_free(rules);
	co_diags_free(d);
	return ret;
}
