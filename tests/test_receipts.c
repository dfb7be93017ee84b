/* The portal's receipt log: read with every problem at its line and column, and each row matched to one bid file. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"
#include "reading/receipts.h"

#define RULES RULES_HEAD                                                     \
	"award: {mode: top_n, n: 5}\nweights: {quality: 100, price: 0}\n"       \
	"moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n"

/* The log text written to a file and read: its status, and the log when it loaded. */
static int load(co_receipts **log, const char *text, size_t len, co_diags *d, const char **path)
{
	const char *dir = t_dir();
	static char p[600];
	snprintf(p, sizeof(p), "%s/receipts.csv", dir);
	FILE *f = fopen(p, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(text, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
	if (path)
		*path = p;
	return co_receipts_load(log, p, NULL, d);
}

/* The log must load: its rows are returned. */
static co_receipts *loads(const char *text)
{
	co_receipts *log = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(load(&log, text, strlen(text), d, NULL), 0, "%s", t_diags_text(d));
	cr_assert_eq(co_diags_count(d), 0);
	co_diags_free(d);
	return log;
}

/* The log must be refused with a diagnostic "PATH:LINE:COL: ..." containing what. */
static void refused_n(const char *text, size_t len, int line, int col, const char *what)
{
	co_receipts *log = NULL;
	co_diags *d = co_diags_new();
	const char *path;
	cr_assert_eq(load(&log, text, len, d, &path), CO_EINVALID, "must be refused:\n%s", text);
	cr_assert_null(log);
	char where[700];
	snprintf(where, sizeof(where), "%s:%d:%d: ", path, line, col);
	int found = 0;
	for (size_t i = 0; i < co_diags_count(d); i++)
		found |= strncmp(co_diags_at(d, i), where, strlen(where)) == 0 && strstr(co_diags_at(d, i), what) != NULL;
	cr_assert(found, "expected '%s' at %s in:\n%s", what, where, t_diags_text(d));
	co_diags_free(d);
}

static void refused(const char *text, int line, int col, const char *what)
{
	refused_n(text, strlen(text), line, col, what);
}

Test(receipts, rows_name_a_file_a_bid_or_both_with_the_columns_in_any_order_and_others_ignored)
{
	co_receipts *log = loads("Portal ref,received,Supplier,bid,file,Notes\n"
	                         "P-1,2026-12-01T11:59:00Z,Acme,,a.xml,on time\n"
	                         "P-2, 2026-12-01T12:01:00+01:00 ,\"Smith, Jones\",B2,,\n"
	                         "P-3,2026-12-01T12:01:00.5Z,Carers,B3,lot/c.xml,\"two\nlines\"\n");
	cr_assert_eq(log->n, 3);
	cr_assert_str_eq(log->r[0].file, "a.xml");
	cr_assert_null(log->r[0].bid);
	cr_assert_str_eq(log->r[0].received_text, "2026-12-01T11:59:00Z");
	cr_assert_null(log->r[1].file);
	cr_assert_str_eq(log->r[1].bid, "B2");
	cr_assert_str_eq(log->r[1].received_text, "2026-12-01T12:01:00+01:00", "trimmed of its spaces");
	cr_assert_eq(log->r[1].received.sec, log->r[0].received.sec + 2 * 60 - 3600, "the offset is applied");
	cr_assert_str_eq(log->r[2].file, "lot/c.xml");
	cr_assert_str_eq(log->r[2].bid, "B3");
	cr_assert_eq(log->r[2].received.nsec, 500000000);
	/* Each field is located: row 3's bid in column 2 of the header's fourth field; the quoted comma counts once. */
	cr_assert_eq(log->r[1].bid_at.line, 3);
	cr_assert_eq(log->r[1].bid_at.col, (int)strlen("P-2, 2026-12-01T12:01:00+01:00 ,\"Smith, Jones\",") + 1);
	cr_assert_eq(log->r[2].received_at.line, 4);
	cr_assert_eq(log->r[2].received_at.col, 5);
	cr_assert_eq(log->r[0].row.line, 2);
	/* Found by file and by bid; a row naming a file is found by it, not by its bid. */
	cr_assert_eq(co_receipts_by_file(log, "a.xml"), &log->r[0]);
	cr_assert_eq(co_receipts_by_file(log, "lot/c.xml"), &log->r[2]);
	cr_assert_null(co_receipts_by_file(log, "c.xml"), "a file is compared byte for byte");
	cr_assert_eq(co_receipts_by_bid(log, "B2"), &log->r[1]);
	cr_assert_null(co_receipts_by_bid(log, "B3"));
	co_receipts_free(log);
}

Test(receipts, a_byte_order_mark_crlf_blank_lines_and_a_header_in_capitals_are_accepted)
{
	co_receipts *log = loads("\xEF\xBB\xBF"
	                         "File,RECEIVED\r\n"
	                         "\r\n"
	                         "a.xml,2026-12-01T11:59:00Z\r\n"
	                         ",\r\n"
	                         "b.xml,2026-12-01T11:58:00Z,\r\n"
	                         "\r\n");
	cr_assert_eq(log->n, 2, "blank lines and a row of empty fields are skipped; a trailing comma is an empty field");
	cr_assert_str_eq(log->r[1].file, "b.xml");
	cr_assert_eq(log->r[1].row.line, 5, "lines counted through the CR LF");
	cr_assert_eq(log->r[0].file_at.col, 1, "the mark takes no column");
	co_receipts_free(log);
	/* A header only: a log of no receipts. */
	log = loads("bid,received\n");
	cr_assert_eq(log->n, 0);
	co_receipts_free(log);
}

Test(receipts, the_header_must_name_received_and_a_file_or_bid_column_once)
{
	refused("file,bid\na.xml,B1\n", 1, 1, "the header has no column 'received'");
	refused("received,supplier\n2026-12-01T11:59:00Z,Acme\n", 1, 1, "neither a column 'file' nor a column 'bid'");
	refused("file,received,File\n", 1, 15, "column 'file' is named twice in the header (first at column 1)");
	refused("file;received\na.xml;2026-12-01T11:59:00Z\n", 1, 1, "separated by ';', not ','");
	refused("\n\r\n", 1, 1, "no header row");
}

Test(receipts, each_bad_row_is_refused_at_its_field)
{
	const char *head = "file,bid,received\n";
	char text[512];
#define ROW(row, line, col, what)                          \
	snprintf(text, sizeof(text), "%s%s\n", head, row);     \
	refused(text, line, col, what)
	ROW("a.xml,,2026-12-01 12:00:00Z", 2, 8, "'received' must be an RFC 3339 time with its offset");
	ROW("a.xml,,2026-12-01T12:00:00", 2, 8, "got '2026-12-01T12:00:00'");
	ROW("a.xml,,2026-02-30T12:00:00Z", 2, 8, "'received' must be an RFC 3339 time");
	ROW("a.xml,,", 2, 8, "the row has no received time");
	ROW("a.xml,B1", 2, 1, "the row has no received time");
	ROW(",,2026-12-01T12:00:00Z", 2, 1, "the row names neither a bid file nor a bid id");
	ROW("  ,\t,2026-12-01T12:00:00Z", 2, 1, "the row names neither a bid file nor a bid id");
	ROW("a.xml,B 1,2026-12-01T12:00:00Z", 2, 7, "'bid' must be a bid id, [A-Za-z0-9._-]{1,64}, got 'B 1'");
	ROW("a.xml,B1,2026-12-01T12:00:00Z,x", 2, 31, "a field beyond the header's 3 columns");
	ROW("\"a.xml\",\"B1\",\"2026-12-01T12:00:00Z\"\"\"", 2, 14, "'received' must be an RFC 3339 time");
#undef ROW
	/* Every problem is told, not only the first. */
	co_receipts *log = NULL;
	co_diags *d = co_diags_new();
	const char *t = "file,received\na.xml,soon\nb.xml,2026-12-01T12:00:00Z\n,2026-12-01T12:00:00Z\n";
	cr_assert_eq(load(&log, t, strlen(t), d, NULL), CO_EINVALID);
	cr_assert_eq(co_diags_count(d), 2, "%s", t_diags_text(d));
	co_diags_free(d);
}

Test(receipts, a_file_or_bid_in_two_rows_is_refused_at_the_second_naming_the_first)
{
	refused("file,received\na.xml,2026-12-01T11:00:00Z\nb.xml,2026-12-01T11:00:00Z\na.xml,2026-12-01T11:30:00Z\n", 4, 1,
	        "a second receipt for the file 'a.xml' (the first is at line 2)");
	refused("received,bid\n2026-12-01T11:00:00Z,B1\n2026-12-01T11:00:00Z,B1\n", 3, 22,
	        "a second receipt for the bid 'B1' (the first is at line 2)");
	/* A bid named alone and with a file: which row is its receipt would be unclear. */
	refused("file,bid,received\n,B1,2026-12-01T11:00:00Z\na.xml,B1,2026-12-01T11:00:00Z\n", 3, 7,
	        "a second receipt for the bid 'B1' (the first is at line 2)");
	refused("file,bid,received\na.xml,B1,2026-12-01T11:00:00Z\n,B1,2026-12-01T11:00:00Z\n", 3, 2,
	        "a second receipt for the bid 'B1' (the first is at line 2)");
	/* Two files that carry one bid id, each with its own row: both receipts are known (stage 1 rejects both). */
	co_receipts *log = loads("file,bid,received\na.xml,B1,2026-12-01T11:00:00Z\nb.xml,B1,2026-12-01T11:01:00Z\n");
	cr_assert_eq(log->n, 2);
	co_receipts_free(log);
}

Test(receipts, bytes_that_are_not_utf8_or_not_csv_are_refused_with_their_place)
{
	refused("file,received\nab\xff.xml,2026-12-01T11:00:00Z\n", 2, 3, "not UTF-8 text (a byte 0xff)");
	refused("\xEF\xBB\xBF" "file,received\n\xC3\xA9\xC0,x\n", 2, 2, "not UTF-8 text (a byte 0xc0)");
	static const char nul[] = "file,received\na\0.xml,2026-12-01T11:00:00Z\n";
	refused_n(nul, sizeof(nul) - 1, 2, 2, "not UTF-8 text (a byte 0x00)");
	refused("file,received\na\"b.xml,2026-12-01T11:00:00Z\n", 2, 2, "not CSV");
	refused("file,received\n\"a.xml,2026-12-01T11:00:00Z\n", 2, 1, "this quoted field is not closed");
}

Test(receipts, the_size_is_checked_before_reading_and_only_a_regular_file_is_read)
{
	const char *dir = t_dir();
	char p[600];
	snprintf(p, sizeof(p), "%s/huge.csv", dir);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(ftruncate(fd, CO_RECEIPTS_MAX_BYTES + 1), 0, "sparse: nothing is written, nor read");
	close(fd);
	co_receipts *log = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_receipts_load(&log, p, NULL, d), CO_ETOOBIG);
	cr_assert(t_diag_has(d, ":1:1: file is"), "%s", t_diags_text(d));
	cr_assert_eq(co_receipts_load(&log, dir, NULL, d), CO_EIO, "a directory");
	cr_assert_eq(co_receipts_load(&log, t_write(dir, "empty.csv", ""), NULL, d), CO_EINVALID);
	cr_assert_null(log);
	/* The bytes may come from a copy (an audit bundle's); diagnostics name the log as given. */
	const char *copy = t_write(dir, "copy.csv", "file,received\na.xml,later\n");
	co_diags_free(d);
	d = co_diags_new();
	cr_assert_eq(co_receipts_load(&log, "portal/receipts.csv", copy, d), CO_EINVALID);
	cr_assert(t_diag_has(d, "portal/receipts.csv:2:7: 'received'"), "%s", t_diags_text(d));
	co_diags_free(d);
}

/* Evaluation with a receipt log (CSV text; NULL for none): the result document or the failure and its diagnostics. */
static t_run eval_receipts(const char *bids_dir, const char *const *bids, size_t nbids, const char *marks, const char *csv)
{
	t_run r = {.diags = co_diags_new()};
	const char *dir = t_dir();
	char rules_path[600], marks_path[600], log_path[600];
	snprintf(rules_path, sizeof(rules_path), "%s", t_write(dir, "rules.yaml", RULES));
	snprintf(marks_path, sizeof(marks_path), "%s", t_write(dir, "marks.xml", marks));
	co_rules *rules = NULL;
	co_paths *paths = NULL;
	co_receipts *log = NULL;
	co_result *res = NULL;
	const char *one[] = {bids_dir};
	if (csv)
		snprintf(log_path, sizeof(log_path), "%s", t_write(dir, "receipts.csv", csv));
	if (!(r.rc = co_rules_load(&rules, rules_path, r.diags)) && !(r.rc = co_paths_expand(&paths, bids ? bids : one,
	                                                                                        bids ? nbids : 1, r.diags)) &&
	    !(r.rc = csv ? co_receipts_load(&log, log_path, NULL, r.diags) : 0) &&
	    !(r.rc = co_evaluate_with(&res, rules, paths, marks_path, NULL,
	                              &(co_evaluate_options){.threads = 1, .keep_rationales = 1, .receipts = log}, r.diags)) &&
	    co_result_json(&r.text, res) == 0)
		r.doc = json_loads(r.text, 0, NULL);
	co_result_free(res);
	co_receipts_free(log);
	co_paths_free(paths);
	co_rules_free(rules);
	return r;
}

static void put(const char *dir, const char *file, const char *id, const char *supplier, const char *submitted)
{
	char *x = t_bid(id, supplier, submitted, "Q1", "", NULL, NULL);
	t_write(dir, file, x);
	free(x);
}

static const char *reason_detail(const t_run *r, const char *id)
{
	return t_str(json_array_get(json_object_get(t_bid_of(r, id), "reasons"), 0), "detail");
}

Test(receipts, a_bid_is_found_by_its_path_its_base_name_or_its_bid_id)
{
	const char *d = t_dir();
	char sub[600];
	snprintf(sub, sizeof(sub), "%s/lot", d);
	put(d, "lot/a.xml", "B1", "GB-COH-1", "2026-12-01T11:00:00Z");
	put(d, "lot/b.xml", "B2", "GB-COH-2", "2026-12-01T11:00:00Z");
	put(d, "lot/c.xml", "B3", "GB-COH-3", "2026-12-01T11:00:00Z");
	char csv[1400];
	/* a.xml by its path as given; b.xml by its base name; B3 by its id: each received after the deadline. */
	snprintf(csv, sizeof(csv),
	         "file,bid,received\n%s/a.xml,,2026-12-01T12:00:01Z\nb.xml,,2026-12-01T12:00:02Z\n,B3,2026-12-01T12:00:03Z\n", sub);
	char *m = t_marks("T-1", 1, "B1:Q1=3|B2:Q1=3|B3:Q1=3");
	t_run r = eval_receipts(sub, NULL, 0, m, csv);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(t_reason(t_bid_of(&r, "B1"), 0), "late");
	cr_assert_str_eq(reason_detail(&r, "B1"), "received 2026-12-01T12:00:01Z (receipt log), after the deadline 2026-12-01T12:00:00Z");
	cr_assert_str_eq(reason_detail(&r, "B2"), "received 2026-12-01T12:00:02Z (receipt log), after the deadline 2026-12-01T12:00:00Z");
	cr_assert_str_eq(reason_detail(&r, "B3"), "received 2026-12-01T12:00:03Z (receipt log), after the deadline 2026-12-01T12:00:00Z");
	t_run_free(&r);
	/* A row naming both a file and a bid: the bid id must be the file's. */
	snprintf(csv, sizeof(csv), "file,bid,received\na.xml,B1,2026-12-01T11:00:00Z\nb.xml,B9,2026-12-01T11:00:00Z\n"
	                           "c.xml,,2026-12-01T11:00:00Z\n");
	r = eval_receipts(sub, NULL, 0, m, csv);
	cr_assert_eq(r.rc, CO_EINVALID);
	cr_assert(t_diag_has(r.diags, "receipts.csv:3:7: the row gives the bid id 'B9' for the file "), "%s", t_diags_text(r.diags));
	cr_assert_eq(co_diags_count(r.diags), 1, "%s", t_diags_text(r.diags));
	t_run_free(&r);
	free(m);
}

Test(receipts, a_row_must_name_exactly_one_bid_file_given_and_a_file_one_receipt)
{
	const char *d = t_dir();
	char one[600], two[600];
	snprintf(one, sizeof(one), "%s/lot1/bid.xml", d);
	snprintf(two, sizeof(two), "%s/lot2/bid.xml", d);
	put(d, "lot1/bid.xml", "B1", "GB-COH-1", "2026-12-01T11:00:00Z");
	put(d, "lot2/bid.xml", "B2", "GB-COH-2", "2026-12-01T11:00:00Z");
	const char *bids[] = {one, two};
	char *m = t_marks("T-1", 1, "B1:Q1=3|B2:Q1=3");
	/* A base name shared by two files given: the row names both. */
	t_run r = eval_receipts(NULL, bids, 2, m, "file,received\nbid.xml,2026-12-01T11:00:00Z\n");
	cr_assert_eq(r.rc, CO_EINVALID);
	char want[1400];
	snprintf(want, sizeof(want), "receipts.csv:2:1: the file 'bid.xml' names two of the bid files given, %s and %s", one, two);
	cr_assert(t_diag_has(r.diags, want), "%s", t_diags_text(r.diags));
	t_run_free(&r);
	/* By their paths, the same two are told apart. */
	char csv[1400];
	snprintf(csv, sizeof(csv), "file,received\n%s,2026-12-01T11:00:00Z\n%s,2026-12-01T11:00:00Z\n", one, two);
	r = eval_receipts(NULL, bids, 2, m, csv);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	t_run_free(&r);
	snprintf(csv, sizeof(csv), "file,bid,received\n%s,,2026-12-01T11:00:00Z\n%s,,2026-12-01T11:00:00Z\n,B2,2026-12-01T11:00:05Z\n",
	         one, two);
	r = eval_receipts(NULL, bids, 2, m, csv);
	cr_assert_eq(r.rc, CO_EINVALID, "a file row and a bid row for one bid");
	snprintf(want, sizeof(want),
	         "receipts.csv:4:5: a second receipt for bid B2 (received 2026-12-01T11:00:05Z by this row, "
	         "2026-12-01T11:00:00Z by line 3, which names its file %s)", two);
	cr_assert(t_diag_has(r.diags, want), "%s", t_diags_text(r.diags));
	t_run_free(&r);
	/* Even when they agree: one bid, one receipt, as the log's own rows are. */
	snprintf(csv, sizeof(csv), "file,bid,received\n%s,,2026-12-01T11:00:00Z\n%s,,2026-12-01T11:00:00Z\n,B2,2026-12-01T11:00:00Z\n",
	         one, two);
	r = eval_receipts(NULL, bids, 2, m, csv);
	cr_assert_eq(r.rc, CO_EINVALID, "%s", t_diags_text(r.diags));
	cr_assert(t_diag_has(r.diags, "receipts.csv:4:5: a second receipt for bid B2"), "%s", t_diags_text(r.diags));
	t_run_free(&r);
	/* A row naming no file given, and a bid no file carries. */
	snprintf(csv, sizeof(csv), "file,bid,received\n%s,,2026-12-01T11:00:00Z\n%s,,2026-12-01T11:00:00Z\nz.xml,,2026-12-01T11:00:00Z\n"
	                           ",B7,2026-12-01T11:00:00Z\n", one, two);
	r = eval_receipts(NULL, bids, 2, m, csv);
	cr_assert_eq(r.rc, CO_EINVALID);
	cr_assert(t_diag_has(r.diags, "receipts.csv:4:1: no bid file given is 'z.xml' (by its path or its base name)"), "%s",
	          t_diags_text(r.diags));
	cr_assert(t_diag_has(r.diags, "receipts.csv:5:2: no bid file given has the bid id 'B7'"), "%s", t_diags_text(r.diags));
	t_run_free(&r);
	free(m);
}

Test(receipts, one_file_named_by_its_path_and_by_its_base_name_has_two_receipts)
{
	const char *d = t_dir();
	char one[600];
	snprintf(one, sizeof(one), "%s/lot1/bid.xml", d);
	put(d, "lot1/bid.xml", "B1", "GB-COH-1", "2026-12-01T11:00:00Z");
	const char *bids[] = {one};
	char *m = t_marks("T-1", 1, "B1:Q1=3");
	char csv[1400];
	snprintf(csv, sizeof(csv), "file,received\nbid.xml,2026-12-01T11:00:00Z\n%s,2026-12-01T11:00:00Z\n", one);
	t_run r = eval_receipts(NULL, bids, 1, m, csv);
	cr_assert_eq(r.rc, CO_EINVALID);
	char want[1400];
	snprintf(want, sizeof(want), "receipts.csv:3:1: a second receipt for the bid file %s (line 2 names it too, by its base name)",
	         one);
	cr_assert(t_diag_has(r.diags, want), "%s", t_diags_text(r.diags));
	t_run_free(&r);
	free(m);
}

Test(receipts, without_a_log_nothing_changes)
{
	const char *d = t_dir();
	put(d, "a.xml", "B1", "GB-COH-1", "2026-12-01T12:00:01Z");
	put(d, "b.xml", "B2", "GB-COH-2", "2026-11-01T11:00:00Z");
	put(d, "c.xml", "B3", "GB-COH-2", "2026-11-02T11:00:00Z");
	char *m = t_marks("T-1", 1, "B1:Q1=3|B2:Q1=3|B3:Q1=3");
	t_run r = eval_receipts(d, NULL, 0, m, NULL);
	t_run plain = t_eval(RULES, d, m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(r.text, plain.text, "co_evaluate_with with no log is co_evaluate");
	cr_assert_str_eq(reason_detail(&r, "B1"), "submitted 2026-12-01T12:00:01Z, after the deadline 2026-12-01T12:00:00Z");
	cr_assert_str_eq(reason_detail(&r, "B2"),
	                 "superseded by bid B3 from the same supplier, submitted 2026-11-02T11:00:00Z (this one 2026-11-01T11:00:00Z)");
	cr_assert_eq(json_array_size(json_object_get(t_bid_of(&r, "B3"), "flags")), 0);
	t_run_free(&r);
	t_run_free(&plain);
	free(m);
}

/* A row by bid id that matches no file may be the receipt of a file that cannot be read (it has no id): not an error then. */
Test(receipts, a_row_by_id_may_be_the_receipt_of_an_unreadable_file)
{
	const char *sub = t_dir();
	put(sub, "a.xml", "B1", "GB-COH-1", "2026-12-01T11:00:00Z");
	char *m = t_marks("T-1", 1, "B1:Q1=3");
	const char *csv = "file,bid,received\na.xml,,2026-12-01T11:00:00Z\n,Z,2026-12-01T11:30:00Z\n";
	t_run r = eval_receipts(sub, NULL, 0, m, csv);
	cr_assert_eq(r.rc, CO_EINVALID, "no file is unreadable: the row is a stray");
	cr_assert(t_diag_has(r.diags, "receipts.csv:3:2: no bid file given has the bid id 'Z'"), "%s", t_diags_text(r.diags));
	t_run_free(&r);
	t_write(sub, "z.xml", "this upload is not XML");
	r = eval_receipts(sub, NULL, 0, m, csv);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert(r.text && strstr(r.text, "\"code\": \"invalid_bid\""), "the unreadable file is rejected: %s", r.text);
	t_run_free(&r);
	/* A row by file for a file not given is still an error. */
	r = eval_receipts(sub, NULL, 0, m, "file,received\na.xml,2026-12-01T11:00:00Z\nq.xml,2026-12-01T11:30:00Z\n");
	cr_assert_eq(r.rc, CO_EINVALID);
	t_run_free(&r);
	free(m);
}
