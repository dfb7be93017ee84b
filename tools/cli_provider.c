/* calloff template and calloff selfscore: a provider's blank bid, and the preflight of a draft. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Load the rules or print why not; returns the exit code (EXIT_DONE when loaded). */
static int load_rules(co_rules **rules, const char *path)
{
	co_diags *d = co_diags_new();
	int rc = d ? co_rules_load(rules, path, d) : CO_ERROR;
	cli_print_diags(d);
	co_diags_free(d);
	return rc ? cli_status_exit(rc) : EXIT_DONE;
}

int cli_template(int argc, char **argv)
{
	co_rules *rules = NULL;
	char *text = NULL;
	if (argc != 2)
		return cli_usage("template takes exactly one rule file");
	int ret = load_rules(&rules, argv[1]), rc;
	if (ret == EXIT_DONE && (rc = co_template(&text, rules)) == 0) {
		cli_out_put(text);
		ret = EXIT_DONE;
	} else if (ret == EXIT_DONE) {
		ret = cli_status_exit(rc);
	}
	free(text);
	co_rules_free(rules);
	return ret;
}

int cli_selfscore(int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
	co_rules *rules = NULL;
	co_diags *d = co_diags_new();
	char *text = NULL;
	int json = 0, c, ret;
	co_draft_status status = CO_DRAFT_COMPLIANT;
	optind = 1;
	while ((c = getopt_long(argc, argv, "j", opts, NULL)) != -1) {
		if (c != 'j') {
			co_diags_free(d);
			return cli_usage(NULL);
		}
		json = 1;
	}
	if (argc - optind != 2) {
		co_diags_free(d);
		return cli_usage("selfscore takes a rule file and a draft bid");
	}
	ret = load_rules(&rules, argv[optind]);
	if (ret == EXIT_DONE) {
		int rc = d ? co_selfscore(&text, rules, argv[optind + 1], json, &status, d) : CO_ERROR;
		if (rc == 0) {
			cli_out_put(text);
			ret = status == CO_DRAFT_COMPLIANT ? EXIT_DONE : EXIT_DIFFERS;
		} else {
			ret = cli_status_exit(rc);
		}
	}
	cli_print_diags(d);
	free(text);
	co_rules_free(rules);
	co_diags_free(d);
	return ret;
}
