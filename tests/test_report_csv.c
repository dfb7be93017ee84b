/* scores.csv: RFC 4180 quoting with CRLF records, and text a spreadsheet would run as a formula defused. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"


/* Moved from test_reports.c, with its assertions. */
Test(report_csv, csv_quotes_commas_quotes_and_newlines_and_defuses_formulas)
{
	size_t n;
	co_result *res;
	co_rules *rules;
	co_output *o = t_hostile_render(&n, &res, &rules);
	const char *csv = t_output_must(o, n, "scores.csv");
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

Test(report_csv, a_tender_rejected_at_the_price_stage_has_quality_but_no_price_or_total_and_its_reason_quotes_the_decision)
{
	char *m = t_marks("T-1", 2, T_LOW_MARKS);
	t_decided d = t_render_dec(T_LOW_RULES, t_low_lot(), m, T_LOW_DECISION("rejected"));
	free(m);
	const char *csv = t_output_must(d.o, d.n, "scores.csv");
	cr_assert(strstr(csv, "\r\nB,GB-COH-2,Supplier GB-COH-2,disqualified,,30.00,,,30.00,,\"abnormally_low_rejected: the "
	                      "abnormally low price was investigated and the tender rejected: decision AL-1 (A. Officer, "
	                      "Category Manager, 2026-12-03T10:00:00Z): Explanation of the price requested under s.19; see "
	                      "file note 12.\"\r\n"),
	          "%s", csv);
	cr_assert(strstr(csv, "\r\nC,GB-COH-3,Supplier GB-COH-3,awarded,1,40.00,50.00,90.00,40.00,50.00,\r\n"), "%s", csv);
	t_decided_free(&d);
}
