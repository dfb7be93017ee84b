/* The ranking table: columns that line up in code points, long names cut with an ellipsis, every bid's row. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "helpers.h"

#define L7_RULES TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml"
#define L7_BIDS TOP_SRCDIR "/bids/lot7"
#define L7_MARKS TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml"
#define L8_RULES TOP_SRCDIR "/rules/dorset-lot8-extra-care.yaml"
#define L8_BIDS TOP_SRCDIR "/bids/lot8"
#define L8_MARKS TOP_SRCDIR "/bids/marks/dorset-lot8-marks.xml"

/* Evaluate and render the table; the caller frees it. */
static char *table_of(const char *rules, const char *bids, const char *marks)
{
	co_rules *r = NULL;
	co_result *res = NULL;
	co_diags *d = co_diags_new();
	const char *args[] = {bids};
	cr_assert_eq(t_result(&r, &res, rules, args, 1, marks, d), 0, "%s", t_diags_text(d));
	char *text = NULL;
	cr_assert_eq(co_result_table(&text, res), 0);
	co_result_free(res);
	co_rules_free(r);
	co_diags_free(d);
	return text;
}

/* The code points of a line (UTF-8), up to max; returns how many. */
static size_t code_points(const char *line, size_t len, unsigned long *cp, size_t max)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)line, *end = p + len; p < end && n < max;) {
		size_t k = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : 4;
		unsigned long c = k == 1 ? *p : k == 2 ? *p & 0x1F : k == 3 ? *p & 0x0F : *p & 0x07;
		for (size_t i = 1; i < k; i++) {
			cr_assert(p + i < end && (p[i] & 0xC0) == 0x80, "valid UTF-8 in: %.*s", (int)len, line);
			c = c << 6 | (p[i] & 0x3F);
		}
		cp[n++] = c;
		p += k;
	}
	return n;
}

/* The lines of the bids' table: from the header to the blank line after it. */
static size_t bid_rows(const char *table, const char **rows, size_t *lens, size_t max)
{
	const char *p = strstr(table, "\nRank ");
	cr_assert_not_null(p, "the header:\n%s", table);
	p++;
	size_t n = 0;
	while (*p && *p != '\n' && n < max) {
		const char *nl = strchr(p, '\n');
		rows[n] = p;
		lens[n++] = (size_t)(nl - p);
		p = nl + 1;
	}
	return n;
}

/*
 * Every line of the bids' table, header included, has its column gaps at the same code points:
 * rank 4, bid 12, supplier 30, status 12, then three numbers right-aligned in 8.
 */
static void columns_line_up(const char *table, size_t expect_rows)
{
	const char *rows[200];
	size_t lens[200];
	size_t n = bid_rows(table, rows, lens, 200);
	cr_assert_eq(n, expect_rows + 1, "the header and one row per bid:\n%s", table);
	static const size_t gaps[] = {4, 17, 48, 61, 70, 79, 88};
	static const size_t right[] = {69, 78, 87}; /* the last code point of each number */
	for (size_t i = 0; i < n; i++) {
		unsigned long cp[400];
		size_t m = code_points(rows[i], lens[i], cp, 400);
		cr_assert_geq(m, 89, "row %zu is the full width: %.*s", i, (int)lens[i], rows[i]);
		for (size_t g = 0; g < sizeof(gaps) / sizeof(*gaps); g++)
			cr_assert_eq(cp[gaps[g]], ' ', "row %zu: a gap at code point %zu: %.*s", i, gaps[g], (int)lens[i], rows[i]);
		for (size_t k = 0; k < 3; k++)
			cr_assert_neq(cp[right[k]], ' ', "row %zu: right-aligned at %zu: %.*s", i, right[k], (int)lens[i], rows[i]);
	}
}

Test(table, columns_line_up_in_code_points_for_every_row)
{
	char *t = table_of(L7_RULES, L7_BIDS, L7_MARKS);
	columns_line_up(t, 15);
	free(t);
	t = table_of(L8_RULES, L8_BIDS, L8_MARKS);
	columns_line_up(t, 7);
	free(t);
}

/* The README's excerpt of the Lot 7 table, each line as the table prints it (trailing spaces aside). */
Test(table, the_readme_excerpt_of_lot7_is_what_the_table_prints)
{
	cr_assert_eq(chdir(TOP_SRCDIR), 0, "relative paths, as the README's command gives them");
	char *t = table_of("rules/dorset-lot7-live-in-care.yaml", "bids/lot7/", "bids/marks/dorset-lot7-marks.xml");
	FILE *f = fopen("README.md", "r");
	cr_assert_not_null(f);
	char line[1024];
	int in = 0;
	size_t checked = 0;
	while (fgets(line, sizeof(line), f)) {
		if (!in) {
			in = strstr(line, "An excerpt of the table for the shipped Lot 7") != NULL;
			continue;
		}
		if (strncmp(line, "```", 3) == 0) {
			if (checked)
				break;
			continue;
		}
		size_t n = strlen(line);
		while (n && (line[n - 1] == '\n' || line[n - 1] == ' '))
			line[--n] = '\0';
		if (n == 0 && !checked)
			continue; /* the blank line before the block */
		/* Find the line among the table's lines, compared without trailing spaces. */
		int found = 0;
		for (const char *p = t; *p && !found;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			size_t l = len;
			while (l && p[l - 1] == ' ')
				l--;
			found = l == n && memcmp(p, line, n) == 0;
			p += len + (nl != NULL);
		}
		cr_assert(found, "README line not in the table:\n%s\n\ntable:\n%s", line, t);
		checked++;
	}
	fclose(f);
	cr_assert_eq(checked, 9, "the header and the 8 rows of the excerpt");
	free(t);
}

/* A bid whose supplier name and id are given. */
static void named_bid(const char *dir, const char *file, const char *id, const char *supplier, const char *name)
{
	char xml[2048];
	snprintf(xml, sizeof(xml),
	         "<?xml version=\"1.0\"?>\n<bid xmlns=\"urn:calloff:bid:1\" id=\"%s\" competition=\"T-1\">\n"
	         "  <supplier id=\"%s\"><name>%s</name></supplier>\n  <submitted>2026-11-01T12:00:00Z</submitted>\n"
	         "  <prices><price item=\"p\">10</price></prices>\n</bid>\n",
	         id, supplier, name);
	t_write(dir, file, xml);
}

#define PRICE_ONLY                                                                                                     \
	RULES_HEAD "award: {mode: top_n, n: 9}\nweights: {quality: 0, price: 100}\n"                                      \
	           "prices:\n  - {id: p, max: 100, weight: 100}\n"

/* The supplier cell of the row whose bid cell starts with bid (30 code points, as bytes). */
static void supplier_cell(const char *table, const char *bid, char *out, size_t size)
{
	const char *rows[20];
	size_t lens[20];
	size_t n = bid_rows(table, rows, lens, 20);
	for (size_t i = 1; i < n; i++) {
		if (strncmp(rows[i] + 5, bid, strlen(bid)) != 0)
			continue;
		/* Skip rank (5) and bid (13) code points, then take 30 code points. */
		const unsigned char *p = (const unsigned char *)rows[i];
		size_t cps = 0;
		while (cps < 18) {
			p += *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : 4;
			cps++;
		}
		const unsigned char *start = p;
		for (cps = 0; cps < 30; cps++)
			p += *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : 4;
		snprintf(out, size, "%.*s", (int)(p - start), (const char *)start);
		return;
	}
	cr_assert_fail("no row for %s:\n%s", bid, table);
}

Test(table, a_long_name_is_cut_to_its_column_with_an_ellipsis_at_a_code_point)
{
	const char *d = t_dir();
	named_bid(d, "a.xml", "A", "GB-COH-1", "Exactly thirty characters long"); /* 30: shown whole */
	named_bid(d, "b.xml", "B", "GB-COH-2", "Thirty-one characters, one more");  /* 31: cut */
	named_bid(d, "c.xml", "C", "GB-COH-3", "The Very Long Name of a Care Provider Limited");
	/* 2-byte, 3-byte and 4-byte characters: the cut never splits one. */
	named_bid(d, "d.xml", "D", "GB-COH-4", "\xC3\x89quipe \xE2\x82\xAC\xC3\xA9 Soins \xF0\x9F\x8F\xA0 \xC3\x9C\xC3\xA9\xC3\xA8 "
	                                        "Domicile R\xC3\xA9seau Sant\xC3\xA9");
	named_bid(d, "e.xml", "a-bid-id-of-twenty-chars", "GB-COH-5", "Short");
	char *t = table_of(t_write(t_dir(), "r.yaml", PRICE_ONLY), d, NULL);
	char cell[256];
	supplier_cell(t, "A ", cell, sizeof(cell));
	cr_assert_str_eq(cell, "Exactly thirty characters long");
	supplier_cell(t, "B ", cell, sizeof(cell));
	cr_assert_str_eq(cell, "Thirty-one characters, one mo\xE2\x80\xA6", "29 code points and an ellipsis");
	supplier_cell(t, "C ", cell, sizeof(cell));
	cr_assert_str_eq(cell, "The Very Long Name of a Care \xE2\x80\xA6");
	supplier_cell(t, "D ", cell, sizeof(cell));
	cr_assert_str_eq(cell, "\xC3\x89quipe \xE2\x82\xAC\xC3\xA9 Soins \xF0\x9F\x8F\xA0 \xC3\x9C\xC3\xA9\xC3\xA8 Domicil\xE2\x80\xA6",
	                 "29 code points of 1 to 4 bytes, then the ellipsis");
	cr_assert(strstr(t, "\n1    a-bid-id-of\xE2\x80\xA6 Short "), "a long bid id is cut to 11 and an ellipsis:\n%s", t);
	columns_line_up(t, 5);
	free(t);
}

Test(table, an_unreadable_file_has_a_row_with_its_path_and_invalid_bid)
{
	const char *d = t_dir();
	named_bid(d, "good.xml", "G", "GB-COH-1", "Good Care Ltd");
	char path[600];
	snprintf(path, sizeof(path), "%s", t_write(d, "an-upload-that-broke.xml", "<bid xmlns=\"urn:calloff:bid:1\">"));
	char *t = table_of(t_write(t_dir(), "r.yaml", PRICE_ONLY), d, NULL);
	/* No bid id: "?"; no supplier name: the path, cut to 29 code points and an ellipsis. */
	char want[700];
	snprintf(want, sizeof(want), "\n-    ?            %.29s\xE2\x80\xA6 rejected            -        -        - invalid_bid\n", path);
	cr_assert(strstr(t, want), "want:%s\ntable:\n%s", want, t);
	cr_assert(strstr(t, "\n1    G            Good Care Ltd                  AWARDED          0.00   100.00   100.00 \n"), "%s", t);
	cr_assert(strstr(t, "\nAwarded (1): G\n"), "%s", t);
	free(t);
}

Test(table, heading_award_line_and_each_scheme_with_its_winner_or_why_not)
{
	char *t = table_of(L8_RULES, L8_BIDS, L8_MARKS);
	cr_assert_eq(strncmp(t, "DCF-L8-2026-03: Extra Care Housing: call-off for five schemes\n"
	                        "Lot 8 Extra Care Housing, one provider per scheme (5 schemes)\n\n",
	                     strlen("DCF-L8-2026-03: Extra Care Housing: call-off for five schemes\n"
	                            "Lot 8 Extra Care Housing, one provider per scheme (5 schemes)\n\n")),
	             0, "%s", t);
	cr_assert(strstr(t, "\nScheme ECH-01 Coneygar Court, Bridport: awarded to B-L8-01 (Acme Care Group Ltd)\n"
	                    "  1    B-L8-01      Acme Care Group Ltd                            81.00     0.00    81.00 \n"
	                    "  2    B-L8-03      Harbour Home Care Ltd                          81.00     0.00    81.00 \n"),
	          "%s", t);
	cr_assert(strstr(t, "\nScheme ECH-05 Abbey Fields, Sherborne: not awarded (no eligible bid)\n"), "%s", t);
	cr_assert(strstr(t, "\nAwarded (3): B-L8-01 B-L8-02 B-L8-03\n"), "%s", t);
	cr_assert_null(strstr(t, "moved by the cap"), "no cap, no move");
	free(t);
	/* With the cap of one scheme per supplier, ECH-01 goes to its rank 2, and the table says why. */
	t = table_of(TOP_SRCDIR "/rules/dorset-lot8-extra-care-capped.yaml", L8_BIDS, L8_MARKS);
	cr_assert(strstr(t, "one provider per scheme (5 schemes), at most 1 per supplier\n"), "%s", t);
	cr_assert(strstr(t, "\nScheme ECH-01 Coneygar Court, Bridport: awarded to B-L8-03 (Harbour Home Care Ltd)\n"
	                    "  (moved by the cap: max_schemes_per_supplier is 1; rank 1 B-L8-01"),
	          "%s", t);
	cr_assert(strstr(t, "\nAwarded (4): B-L8-03 B-L8-01 B-L8-02 B-L8-06\n"), "%s", t);
	free(t);
}

Test(table, an_unresolved_tie_names_the_bids_a_person_must_decide_between)
{
	const char *d = t_dir();
	named_bid(d, "a.xml", "A", "GB-COH-1", "Alpha");
	named_bid(d, "b.xml", "B", "GB-COH-2", "Beta");
	named_bid(d, "c.xml", "C", "GB-COH-3", "Gamma");
	/* All three price 10: tied on every key across the top-1 boundary, under report. */
	char *t = table_of(t_write(t_dir(), "r.yaml",
	                           RULES_HEAD "award: {mode: top_n, n: 1, at_boundary: report}\nweights: {quality: 0, price: 100}\n"
	                                      "prices:\n  - {id: p, max: 100, weight: 100}\n"),
	                   d, NULL);
	cr_assert(strstr(t, "\nAwarded (0):\nTie unresolved, a person must decide between: A B C\n"), "%s", t);
	cr_assert(strstr(t, "\n1    A            Alpha                          ranked           0.00   100.00   100.00 [tie_at_boundary]\n"),
	          "%s", t);
	free(t);
}

/*
 * The table written a line at a time is the table rendered whole, byte for byte, for a top-n
 * lot and a per-scheme lot (whose scheme rankings are written line by line too); a stream that
 * cannot be written is CO_EIO.
 */
Test(table, the_table_written_line_by_line_is_the_table_rendered_whole)
{
	const char *ex[][3] = {{L7_RULES, L7_BIDS, L7_MARKS}, {L8_RULES, L8_BIDS, L8_MARKS}};
	for (size_t k = 0; k < 2; k++) {
		co_rules *rules = NULL;
		co_paths *paths = NULL;
		co_result *res = NULL;
		const char *args[] = {ex[k][1]};
		cr_assert_eq(co_rules_load(&rules, ex[k][0], NULL), 0);
		cr_assert_eq(co_paths_expand(&paths, args, 1, NULL), 0);
		cr_assert_eq(co_evaluate(&res, rules, paths, ex[k][2], NULL), 0);
		char *whole = NULL, *streamed = NULL;
		size_t len = 0;
		cr_assert_eq(co_result_table(&whole, res), 0);
		FILE *f = open_memstream(&streamed, &len);
		cr_assert_not_null(f);
		cr_assert_eq(co_result_table_write(res, f), 0);
		cr_assert_eq(fclose(f), 0);
		cr_assert_gt(strlen(whole), 500, "%s: a table of every bid", ex[k][0]);
		cr_assert_str_eq(streamed, whole, "%s", ex[k][0]);
		FILE *full = fopen("/dev/full", "w");
		if (full) {
			setvbuf(full, NULL, _IONBF, 0); /* each line reaches the device, and fails there */
			cr_assert_eq(co_result_table_write(res, full), CO_EIO);
			fclose(full);
		}
		free(whole);
		free(streamed);
		co_result_free(res);
		co_paths_free(paths);
		co_rules_free(rules);
	}
}

/* The number of characters (code points) in the first n bytes of s. */
static size_t chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

Test(evaluate, the_table_shows_names_and_paths_from_bids_escaped_with_every_column_in_place)
{
	/* From the folder, so that the file's name fits its column (each test runs in a process of its own). */
	cr_assert_eq(chdir(t_hostile_lot7(t_dir())), 0);
	const char *args[] = {"."};
	co_rules *rules = NULL;
	co_paths *paths = NULL;
	co_result *res = NULL;
	char *table = NULL;
	cr_assert_eq(co_rules_load(&rules, L7_RULES, NULL), 0);
	cr_assert_eq(co_paths_expand(&paths, args, 1, NULL), 0);
	cr_assert_eq(co_evaluate(&res, rules, paths, L7_MARKS, NULL), 0);
	cr_assert_eq(co_result_table(&table, res), 0);
	const char *raw = t_raw_control(table);
	cr_assert_null(raw, "no raw control in the table; first at byte %td:\n%s", raw - table, table);
	/* One line per bid, each with its status where the header has "Status" (after 49 characters). */
	char *header = strstr(table, "Rank Bid");
	cr_assert_not_null(header);
	cr_assert_eq(chars(header, (size_t)(strstr(header, "Status") - header)), 49);
	size_t rows = 0;
	for (char *line = strchr(header, '\n') + 1; *line != '\n'; line = strchr(line, '\n') + 1, rows++) {
		size_t n = 0, len = (size_t)(strchr(line, '\n') - line), k = 0;
		while (chars(line, n) < 49)
			n++;
		static const char *const statuses[] = {"AWARDED ", "ranked ", "rejected ", "disqualified "};
		while (k < 4 && strncmp(line + n, statuses[k], strlen(statuses[k])) != 0)
			k++;
		cr_assert_lt(k, 4, "row %zu has its status in the column: %.*s", rows, (int)len, line);
	}
	cr_assert_eq(rows, 15, "one line per bid file:\n%s", table);
	/* The name cut at its column on a whole escape, never inside one; the path escaped whole. */
	cr_assert_not_null(strstr(table, "1    B-L7-001     Acme\\x0dX\\x0aEvil\\u009b2J\\x7f\xe2\x80\xa6 AWARDED"), "%s", table);
	cr_assert_not_null(strstr(table, "-    ?            ./evil\\x1b[2J\\x1b[H.xml        rejected "), "%s", table);
	free(table);
	co_result_free(res);
	co_paths_free(paths);
	co_rules_free(rules);
}

/* The table of an evaluation with a decisions file (or NULL); the caller frees it. */
static char *decided_table(const char *rules, const char *bids, const char *marks_spec, const char *decisions)
{
	char *m = t_marks("T-1", 2, marks_spec);
	t_decided d = t_render_dec(rules, bids, m, decisions);
	free(m);
	char *text = NULL;
	cr_assert_eq(co_result_table(&text, d.res), 0);
	t_decided_free(&d);
	return text;
}

/* The text after the "Awarded" line: what the table says last. */
static const char *after_award(const char *table)
{
	const char *p = strstr(table, "\nAwarded (");
	cr_assert_not_null(p, "%s", table);
	return strchr(p + 1, '\n') + 1;
}

Test(table, an_open_tie_ends_the_table_with_a_provisional_block_in_words)
{
	char *t = decided_table(T_TIE_RULES, t_tie_lot(), T_TIE_MARKS, NULL);
	cr_assert_str_eq(after_award(t),
	                 "Tie unresolved, a person must decide between: B C\n"
	                 "\n"
	                 "PROVISIONAL: the award is not final until this is decided:\n"
	                 "  - B and C are tied at rank 2 for the 1 place left in the top 2 (at_boundary: report): a tie "
	                 "decision must award 1 of them\n"
	                 "No letter to a supplier and no contract award notice is written until then; record the decisions in a "
	                 "decisions file and evaluate again with it.\n");
	free(t);
}

Test(table, each_decision_has_a_line_and_a_decided_award_is_not_provisional)
{
	char *t = decided_table(T_TIE_RULES, t_tie_lot(), T_TIE_MARKS, T_TIE_DECISION);
	cr_assert_str_eq(after_award(t), "\nDecisions (1):\n  D1 tie: awards C (A. Officer, Category Manager, 2026-12-03T10:00:00Z)\n");
	cr_assert(strstr(t, "\nAwarded (2): A C\n"), "%s", t);
	cr_assert_null(strstr(t, "PROVISIONAL"));
	free(t);
}

Test(table, an_abnormally_low_bid_open_is_named_with_its_item_and_a_rejection_shows_no_price)
{
	char *t = decided_table(T_LOW_RULES, t_low_lot(), T_LOW_MARKS, NULL);
	cr_assert(strstr(after_award(t), "\nPROVISIONAL: the award is not final until this is decided:\n"
	                                 "  - bid B is in the award with an abnormally low price (P1) and no investigation is "
	                                 "recorded: an abnormally_low decision must accept or reject it\n"),
	          "%s", t);
	free(t);
	t = decided_table(T_LOW_RULES, t_low_lot(), T_LOW_MARKS, T_LOW_DECISION("rejected"));
	cr_assert_str_eq(after_award(t), "\nDecisions (1):\n  AL-1 abnormally_low: rejects bid B after investigating its "
	                                 "abnormally low price (A. Officer, Category Manager, 2026-12-03T10:00:00Z)\n");
	const char *row = strstr(t, "\n-    B ");
	cr_assert_not_null(row, "%s", t);
	/* Quality 30.00, then no price and no total, and the reason with the decision's id. */
	cr_assert(strncmp(strstr(row, "30.00 "), "30.00        -        - abnormally_low_rejected:AL-1", 52) == 0, "%s", row);
	free(t);
}

Test(table, nothing_decided_and_nothing_open_adds_nothing)
{
	char *t = table_of(L7_RULES, L7_BIDS, L7_MARKS);
	cr_assert_null(strstr(t, "PROVISIONAL"));
	cr_assert_null(strstr(t, "Decisions"));
	free(t);
}
