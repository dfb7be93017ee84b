/* calloff marksheet, packs and panel: what the evaluation panel is given to mark, and what comes back. */
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

/*
 * Split a comma-separated list of evaluator ids, in place, into ev (at most 100). The exit code:
 * EXIT_DONE, or a usage error (none, or too many).
 */
static int split_evaluators(char *list, const char **ev, size_t *nev)
{
	char *save = NULL;
	*nev = 0;
	for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (*nev == 100)
			return cli_usage("at most 100 evaluators");
		ev[(*nev)++] = t;
	}
	return *nev ? EXIT_DONE : cli_usage("--evaluators needs at least one id");
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
	if ((ret = split_evaluators(copy, ev, &nev)) != EXIT_DONE)
		goto out;
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

/* Print a text of several lines, each shown escaped (a path in it may hold anything). */
static void out_lines(char *text)
{
	for (char *line = text, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		cli_out_text(line);
		cli_out_put("\n");
		if (!nl)
			break;
	}
}

/* The plan of PANELDIR for RULES; the exit code (EXIT_DONE when both loaded). */
static int load_plan(co_rules **rules, co_plan **plan, const char *rules_path, const char *dir, co_diags *d)
{
	int rc = d ? co_rules_load(rules, rules_path, d) : CO_ERROR;
	if (!rc)
		rc = co_plan_read(plan, dir, *rules, d);
	return rc ? cli_status_exit(rc) : EXIT_DONE;
}

/* calloff panel prepare RULES BIDS... --evaluators E1,E2 [--assign E=Q,Q]... [--seed S] -o DIR */
static int panel_prepare(int argc, char **argv)
{
	static const struct option opts[] = {{"evaluators", required_argument, NULL, 'e'},
	                                     {"assign", required_argument, NULL, 'a'},
	                                     {"seed", required_argument, NULL, 's'},
	                                     {"output", required_argument, NULL, 'o'},
	                                     {NULL, 0, NULL, 0}};
	const char *list = NULL, *outdir = NULL, *ev[100], *assign[100];
	size_t nev = 0, nassign = 0;
	unsigned long seed = (unsigned long)time(NULL) & 0xFFFFFFFFUL;
	co_rules *rules = NULL;
	co_paths *paths = NULL;
	co_diags *d = co_diags_new();
	char *copy = NULL;
	int c, ret = EXIT_INPUT;
	optind = 1;
	while ((c = getopt_long(argc, argv, "e:a:s:o:", opts, NULL)) != -1) {
		if (c == 'e') {
			list = optarg;
		} else if (c == 'o') {
			outdir = optarg;
		} else if (c == 'a') {
			if (nassign == 100) {
				ret = cli_usage("at most 100 --assign");
				goto out;
			}
			assign[nassign++] = optarg;
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
	if (argc - optind < 2 || !outdir) {
		ret = cli_usage("panel prepare needs a rule file, bids and -o DIR");
		goto out;
	}
	if (list && !(copy = strdup(list))) {
		ret = cli_status_exit(CO_ERROR);
		goto out;
	}
	if (copy && (ret = split_evaluators(copy, ev, &nev)) != EXIT_DONE)
		goto out;
	if ((ret = load(&rules, &paths, argc - optind, argv + optind, d)) != EXIT_DONE)
		goto out;
	co_panel_options po = {.dir = outdir, .evaluators = ev, .nev = nev, .assign = assign, .nassign = nassign,
	                       .seed = seed};
	int rc = co_panel_prepare(rules, paths, &po, d);
	ret = rc == 0 ? EXIT_DONE : cli_status_exit(rc);
	if (ret == EXIT_DONE) {
		cli_out_put("Panel prepared in ");
		cli_out_text(outdir);
		cli_out_printf(" (seed %lu): give each evaluator their own folder (", seed);
		const char *const *names = nev ? ev : (const char *const *)co_rules_panel_evaluators(rules, &nev);
		for (size_t e = 0; e < nev; e++) {
			cli_out_put(e ? ", " : "");
			cli_out_text(names[e]);
			cli_out_put("/");
		}
		cli_out_put("); keep panel.json, which names the bid behind each label, from them\n");
	}
out:
	cli_print_diags(d);
	free(copy);
	co_paths_free(paths);
	co_rules_free(rules);
	co_diags_free(d);
	return ret;
}

/* calloff panel status|merge|moderation RULES PANELDIR [FILES...] [--marks M] [--replace] [-o FILE] */
static int panel_files(int argc, char **argv, const char *what)
{
	static const struct option opts[] = {{"marks", required_argument, NULL, 'm'},
	                                     {"replace", no_argument, NULL, 'r'},
	                                     {"output", required_argument, NULL, 'o'},
	                                     {NULL, 0, NULL, 0}};
	const char *marks = NULL, *outfile = NULL;
	int replace = 0, c, ret = EXIT_INPUT, complete = 0;
	co_rules *rules = NULL;
	co_plan *plan = NULL;
	co_diags *d = co_diags_new();
	char *text = NULL;
	int status = !strcmp(what, "status"), merge = !strcmp(what, "merge");
	optind = 1;
	while ((c = getopt_long(argc, argv, "m:o:", opts, NULL)) != -1) {
		if (c == 'm') {
			marks = optarg;
		} else if (c == 'r' && merge) {
			replace = 1;
		} else if (c == 'o' && !status && !merge) {
			outfile = optarg;
		} else {
			ret = cli_usage(NULL);
			goto out;
		}
	}
	int nfiles = argc - optind - 2;
	if (nfiles < 0 || (merge && (nfiles < 1 || !marks)) || (!status && !merge && (nfiles || !marks || !outfile))) {
		ret = cli_usage(status  ? "panel status needs a rule file and the panel folder"
		                : merge ? "panel merge needs a rule file, the panel folder, the files to merge and --marks FILE"
		                        : "panel moderation needs a rule file, the panel folder, --marks FILE and -o FILE.html");
		goto out;
	}
	if ((ret = load_plan(&rules, &plan, argv[optind], argv[optind + 1], d)) != EXIT_DONE)
		goto out;
	const char *const *files = (const char *const *)argv + optind + 2;
	int rc = status  ? co_panel_outstanding(&text, &complete, plan, files, (size_t)nfiles, marks, d)
	         : merge ? co_panel_merge(&text, plan, files, (size_t)nfiles, marks, replace, d)
	                 : co_panel_moderation(&text, plan, marks, outfile, d);
	ret = rc == 0 ? EXIT_DONE : cli_status_exit(rc);
	if (ret == EXIT_DONE && text)
		out_lines(text);
out:
	cli_print_diags(d);
	free(text);
	co_plan_free(plan);
	co_rules_free(rules);
	co_diags_free(d);
	return ret;
}

int cli_panel(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("panel needs a command: prepare, status, merge or moderation");
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return cli_help();
	if (!strcmp(argv[1], "prepare"))
		return panel_prepare(argc - 1, argv + 1);
	if (!strcmp(argv[1], "status") || !strcmp(argv[1], "merge") || !strcmp(argv[1], "moderation"))
		return panel_files(argc - 1, argv + 1, argv[1]);
	return cli_usage("unknown panel command (prepare, status, merge or moderation)");
}
