/* calloff standstill: the end of the mandatory standstill period counted in working days from a notice date. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* A usage error about option opt: "OPT: WHY, got 'ARG'". */
static int bad_option(const char *opt, const char *why, const char *arg)
{
	char msg[256];
	snprintf(msg, sizeof(msg), "%s: %s, got '%s'", opt, why, arg);
	return cli_usage(msg);
}

static void print_text(const co_standstill_period *s)
{
	cli_out_printf("notice date:       %s (%s)\n", s->notice, s->notice_weekday);
	cli_out_printf("standstill:        %u working days beginning with the notice date (Procurement Act 2023 s.51, s.123)\n",
	               s->working_days);
	cli_out_printf("last day:          %s (%s)\n", s->end, s->end_weekday);
	cli_out_printf("contract from:     %s (%s)\n", s->contract_from, s->contract_from_weekday);
	if (!s->nskipped) {
		cli_out_put("not working days:  none\n");
		return;
	}
	cli_out_put("not working days:\n");
	for (size_t i = 0; i < s->nskipped; i++)
		cli_out_printf("  %s  %s\n", s->skipped[i].date, s->skipped[i].reason);
}

/* The reasons are the engine's own ASCII texts, with no quote or backslash: printed as they are. */
static void print_json(const co_standstill_period *s)
{
	cli_out_printf("{\n  \"notice_date\": \"%s\",\n  \"working_days\": %u,\n  \"standstill_end\": \"%s\",\n"
	               "  \"contract_from\": \"%s\",\n  \"not_working_days\": [",
	               s->notice, s->working_days, s->end, s->contract_from);
	for (size_t i = 0; i < s->nskipped; i++)
		cli_out_printf("%s\n    {\"date\": \"%s\", \"reason\": \"%s\"}", i ? "," : "", s->skipped[i].date,
		               s->skipped[i].reason);
	cli_out_put(s->nskipped ? "\n  ]\n}\n" : "]\n}\n");
}

int cli_standstill(int argc, char **argv)
{
	static const struct option opts[] = {{"notice-date", required_argument, NULL, 'n'},
	                                     {"rules", required_argument, NULL, 'r'},
	                                     {"days", required_argument, NULL, 'd'},
	                                     {"json", no_argument, NULL, 'j'},
	                                     {NULL, 0, NULL, 0}};
	static co_standstill_period s; /* some 21 kB: not on the stack */
	const char *notice = NULL, *why = NULL, *rules_path = NULL;
	unsigned long days = CO_STANDSTILL_DAYS;
	int json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n')
			notice = optarg;
		else if (c == 'r')
			rules_path = optarg;
		else if (c == 'd') {
			int r = cli_parse_whole(&days, "--days", optarg, 1, CO_STANDSTILL_MAX_DAYS);
			if (r)
				return r;
		} else if (c == 'j')
			json = 1;
		else
			return cli_usage(NULL);
	}
	if (optind != argc)
		return cli_usage("standstill takes options only");
	/* The rules add their one-off bank holidays, and give the notice date when --notice-date does not. */
	co_rules *rules = NULL;
	const co_extra_holiday *extra = NULL;
	size_t nextra = 0;
	if (rules_path) {
		co_diags *d = co_diags_new();
		int rc = d ? co_rules_load(&rules, rules_path, d) : CO_ERROR;
		cli_print_diags(d);
		co_diags_free(d);
		if (rc)
			return cli_status_exit(rc);
		extra = co_rules_holidays(rules, &nextra);
		if (!notice && !(notice = co_rules_notice_date(rules))) {
			co_rules_free(rules);
			return cli_usage("standstill needs --notice-date YYYY-MM-DD: the rules give no publication.date");
		}
	}
	if (!notice)
		return cli_usage("standstill needs --notice-date YYYY-MM-DD (or --rules RULES with a publication.date)");
	int rc = co_standstill_with(&s, notice, (unsigned)days, extra, nextra, &why);
	if (rc == CO_EINVALID) {
		int from_rules = rules && notice == co_rules_notice_date(rules);
		rc = bad_option(from_rules ? "publication.date" : "--notice-date", why, notice);
		co_rules_free(rules);
		return rc;
	}
	co_rules_free(rules); /* the days are copied into s; the notice date is not read again */
	if (rc)
		return cli_status_exit(rc);
	if (json)
		print_json(&s);
	else
		print_text(&s);
	return EXIT_DONE;
}
