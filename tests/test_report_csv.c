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
	cr_assert(strncmp(csv, "\xEF\xBB\xBF" "bid,supplier,name,file,status,rank,quality,price,total,Q1,reasons\r\n", 68) == 0,
	          "the byte-order mark, then the header, CRLF:\n%s", csv);
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
	/* Each row names its file; the price bid stands beside its points (none for the rejected tender). */
	cr_assert(strstr(csv, "\r\nB,GB-COH-2,Supplier GB-COH-2,") && strstr(csv, "/b.xml,disqualified,,30.00,,,30.00,500.00,,\"abnormally_low_rejected: the "
	                      "abnormally low price was investigated and the tender rejected: decision AL-1 (A. Officer, "
	                      "Category Manager, 2026-12-03T10:00:00Z): Explanation of the price requested under s.19; see "
	                      "file note 12.\"\r\n"),
	          "%s", csv);
	cr_assert(strstr(csv, "/c.xml,awarded,1,40.00,50.00,90.00,40.00,800.00,50.00,\r\n"), "%s", csv);
	cr_assert(strstr(csv, ",Q1,P1 price,P1 points,reasons\r\n"), "the item's price, then its points: %s", csv);
	t_decided_free(&d);
}

/* The shipped capped Lot 8: each scheme's rank, price points, total and outcome; reasons name their subject. */
Test(report_csv, per_scheme_rows_give_each_scheme_standing_and_reasons_name_their_subject)
{
	size_t n;
	co_result *res;
	co_rules *rules;
	co_output *o = t_render(TOP_SRCDIR "/rules/dorset-lot8-extra-care-capped.yaml", TOP_SRCDIR "/bids/lot8",
	                        TOP_SRCDIR "/bids/marks/dorset-lot8-marks.xml", &n, &res, &rules);
	const char *csv = t_output_must(o, n, "scores.csv");
	cr_assert(strstr(csv, ",mileage price,mileage points,ECH-01 rank,ECH-01 price points,ECH-01 total,ECH-01 outcome,"
	                      "ECH-02 rank,"),
	          "%s", csv);
	/* Harbour (B-L8-03): rank 2 in ECH-01 and awarded it (the cap moved it), rank 1 in ECH-04 and not awarded it. */
	cr_assert(strstr(csv, "\r\nB-L8-03,GB-COH-09345612,Harbour Home Care Ltd,") &&
	              strstr(csv, "/bids/lot8/harbour-home-care.xml,awarded,,81.00,,,20.00,16.00,12.00,9.00,12.00,12.00,24.50,,"
	                          "142.00,,0.40,,2,0.00,81.00,awarded,,,,,,,,,1,0.00,81.00,,,,,,\r\n"),
	          "%s", csv);
	cr_assert(strstr(csv, "price_not_fixed: item hourly_rate: 23.90 differs from the fixed price 24.50"), "%s", csv);
	co_outputs_free(o, n);
	co_result_free(res);
	co_rules_free(rules);
}

/* An unreadable file's row has no bid id but names its file. */
Test(report_csv, an_unreadable_file_row_names_its_file)
{
	size_t n;
	co_result *res;
	co_rules *rules;
	co_output *o = t_render(TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", TOP_SRCDIR "/bids/lot7",
	                        TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml", &n, &res, &rules);
	const char *csv = t_output_must(o, n, "scores.csv");
	cr_assert(strstr(csv, "\r\n,,,") && strstr(csv, "/bids/lot7/bridport-live-in-care.xml,rejected,"), "%s", csv);
	co_outputs_free(o, n);
	co_result_free(res);
	co_rules_free(rules);
}
