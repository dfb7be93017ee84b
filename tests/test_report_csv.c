/* scores.csv: RFC 4180 quoting with CRLF records, and text a spreadsheet would run as a formula defused. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"

/* Evaluate and render every output file; the caller frees the outputs. */
static co_output *render(const char *rules_path, const char *bids, const char *marks, size_t *n, co_result **res_out,
                         co_rules **rules_out)
{
	co_output *o = NULL;
	co_diags *d = co_diags_new();
	const char *args[] = {bids};
	cr_assert_eq(t_result(rules_out, res_out, rules_path, args, 1, marks, d), 0, "%s", t_diags_text(d));
	co_diags_free(d);
	cr_assert_eq(co_render_outputs(*res_out, NULL, &o, n), 0);
	return o;
}

static const char *output(const co_output *o, size_t n, const char *name)
{
	const char *data = t_output(o, n, name);
	cr_assert_not_null(data, "no output %s", name);
	return data;
}

/* The competition of t_hostile_names, rendered. */
static co_output *hostile_names(size_t *n, co_result **res, co_rules **rules)
{
	const char *r, *b, *m;
	t_hostile_names(&r, &b, &m);
	return render(r, b, m, n, res, rules);
}

/* Moved from test_reports.c, with its assertions. */
Test(report_csv, csv_quotes_commas_quotes_and_newlines_and_defuses_formulas)
{
	size_t n;
	co_result *res;
	co_rules *rules;
	co_output *o = hostile_names(&n, &res, &rules);
	const char *csv = output(o, n, "scores.csv");
	cr_assert(strstr(csv, ",\"Smith, Jones & Co\","), "a comma is quoted:\n%s", csv);
	cr_assert(strstr(csv, ",\"The \"\"Best\"\" Care\","), "quotes are doubled:\n%s", csv);
	cr_assert(strstr(csv, ",\"Line one\nLine two\","), "a newline is kept inside quotes:\n%s", csv);
	cr_assert(strstr(csv, ",\"'=HYPERLINK(\"\"http://x\"\")\","), "a formula is defused:\n%s", csv);
	cr_assert(strstr(csv, "bid,supplier,name,status,rank,quality,price,total,Q1,reasons\r\n"), "the header, CRLF:\n%s", csv);
	/* Every record ends in CRLF: 6 records (header and 5 bids), and the newline in a name is a bare LF. */
	size_t crlf = 0;
	for (const char *p = csv; (p = strstr(p, "\r\n")); p += 2)
		crlf++;
	cr_assert_eq(crlf, 6);
	co_outputs_free(o, n);
	co_result_free(res);
	co_rules_free(rules);
}
