/* Bid files: what is read from a valid bid, and how every kind of bad file becomes a located rejection. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "reading/bid.h"
#include "base/diag.h"
#include "helpers.h"

static co_xschema *schema;

static void setup(void)
{
	cr_assert_eq(co_xschema_load(&schema, CO_SCHEMA_BID), 0);
}

static void teardown(void)
{
	co_xschema_free(schema);
}

static co_bid *read_text(const char *text, const char **path_out)
{
	const char *p = t_write(t_dir(), "bid.xml", text);
	co_bid *b = NULL;
	cr_assert_eq(co_bid_read(&b, p, NULL, schema, 1), 0);
	if (path_out)
		*path_out = p;
	return b;
}

TestSuite(bid, .init = setup, .fini = teardown);

Test(bid, reads_every_part_of_a_valid_bid)
{
	char *x = t_bid("B-1", "GB-COH-01234567", "2026-11-28T10:15:00Z", "Q1=  two words,Q2", "p1=1080.00,p2=£5",
	                "S1,S2", "cqc=true,ins=0");
	co_bid *b = read_text(x, NULL);
	free(x);
	cr_assert_not(b->invalid, "%s", b->invalid_detail);
	cr_assert_str_eq(b->id, "B-1");
	cr_assert_str_eq(b->competition, "T-1");
	cr_assert_str_eq(b->supplier_id, "GB-COH-01234567");
	cr_assert_str_eq(b->supplier_name, "Supplier GB-COH-01234567");
	cr_assert_eq(b->body->nresponses, 2);
	cr_assert_str_eq(b->body->responses[0].text, "A clear answer.  two words", "responses are kept exactly");
	cr_assert_eq(b->body->nprices, 2);
	cr_assert_str_eq(b->body->prices[1].text, "£5", "price text is kept for the compliance stage to judge");
	cr_assert_eq(b->body->nschemes, 2);
	cr_assert_str_eq(co_bid_field_find(b->body->decls, b->body->ndecls, "ins")->text, "0");
	cr_assert_eq(b->body->responses[0].line, 7, "each field keeps its line");
	co_bid_free(b);
}

/*
 * Without keeping the responses, each is only counted, where the tree holds it: the count is the
 * same as from the kept text, also when a comment splits the text in two (the words join) and
 * when an entity or character reference is in it.
 */
Test(bid, responses_not_kept_are_counted_the_same)
{
	char *x = t_bid("B-1", "GB-COH-01234567", "2026-11-28T10:15:00Z", "Q1=  two words,Q2,Q3", "p1=1.00", NULL, NULL);
	char *y = malloc(strlen(x) + 128);
	const char *q2 = strstr(x, "question=\"Q2\">") + strlen("question=\"Q2\">");
	const char *q3 = strstr(x, "question=\"Q3\">") + strlen("question=\"Q3\">");
	const char *q3end = strstr(q3, "</response>");
	const char *q2end = strstr(q2, "</response>");
	sprintf(y, "%.*sone<!-- a note -->two three%.*sfish &amp; chips&#xA0;&#160;to go%s", (int)(q2 - x), x,
	        (int)(q3 - q2end), q2end, q3end);
	const char *path = t_write(t_dir(), "bid.xml", y);
	co_bid *kept = NULL, *counted = NULL;
	cr_assert_eq(co_bid_read(&kept, path, NULL, schema, 1), 0);
	cr_assert_eq(co_bid_read(&counted, path, NULL, schema, 0), 0);
	cr_assert_not(kept->invalid, "%s", kept->invalid_detail);
	cr_assert_eq(counted->body->nresponses, 3);
	cr_assert_str_eq(kept->body->responses[1].text, "onetwo three", "the comment's two sides join");
	cr_assert_str_eq(kept->body->responses[2].text, "fish & chips\xC2\xA0\xC2\xA0to go");
	size_t want[3] = {5, 2, 5}; /* "&" is a word; the two U+00A0 separate "chips" from "to" */
	for (size_t i = 0; i < 3; i++) {
		cr_assert_eq(kept->body->responses[i].words, want[i], "response %zu: %u words", i, kept->body->responses[i].words);
		cr_assert_eq(counted->body->responses[i].words, want[i], "response %zu counted: %u words", i, counted->body->responses[i].words);
		cr_assert_null(counted->body->responses[i].text, "the text is not kept");
		cr_assert_str_eq(counted->body->responses[i].key, kept->body->responses[i].key);
		cr_assert_eq(counted->body->responses[i].line, kept->body->responses[i].line);
	}
	co_bid_free(kept);
	co_bid_free(counted);
	free(x);
	free(y);
}

/* Every string and field of b, in one line, for comparing a bid before and after packing. */
static char *describe(const co_bid *b)
{
	char *out = co_strdupf("%s|%s|%s|%s|%s|%s|%s|%s|%s|%d:%d|%d %d %d %d|", b->file,
	                       b->invalid_detail ? b->invalid_detail : "-", b->id, b->competition, b->supplier_id,
	                       b->supplier_name, b->contact_address ? b->contact_address : "-",
	                       b->contact_email ? b->contact_email : "-", b->submitted_text, b->line, b->col, b->decls_line, b->responses_line,
	                       b->prices_line, b->schemes_line);
	const co_bid_field *sets[] = {b->body->schemes, b->body->decls, b->body->responses, b->body->prices, b->body->self_marks};
	size_t ns[] = {b->body->nschemes, b->body->ndecls, b->body->nresponses, b->body->nprices, b->body->nself_marks};
	for (size_t k = 0; k < 5; k++)
		for (size_t i = 0; i < ns[k]; i++) {
			char *more = co_strdupf("%s%zu:%s=%s@%d/%zu;", out, k, sets[k][i].key, sets[k][i].text ? sets[k][i].text : "-",
			                        sets[k][i].line, (size_t)sets[k][i].words);
			free(out);
			out = more;
		}
	return out;
}

Test(bid, packing_keeps_every_string_and_field_and_drops_the_body_unless_kept)
{
	char *x = t_bid("B-1", "GB-COH-01234567", "2026-11-28T10:15:00Z", "Q1=  two words,Q2", "p1=1080.00,p2=£5",
	                "S1,S2", "cqc=true,ins=0");
	const char *path = t_write(t_dir(), "bid.xml", x);
	for (int k = 0; k < 4; k++) {
		int keep = k % 2, in_arena = k / 2;
		co_arena arena = {0};
		co_bid *b = NULL, *kept = NULL;
		cr_assert_eq(co_bid_read(&b, path, NULL, schema, 1), 0);
		cr_assert_eq(co_bid_read(&kept, path, NULL, schema, 1), 0);
		char *before = describe(b);
		cr_assert_eq(co_bid_pack(&b, keep, in_arena ? &arena : NULL), 0);
		cr_assert(b->packed);
		cr_assert_eq(b->in_arena, in_arena);
		co_bid body_left_out = *kept; /* the reference without its body: no field of any kind */
		co_bid_body empty = {0};
		body_left_out.body = &empty;
		char *want = keep ? before : describe(&body_left_out), *after = describe(b);
		cr_assert_str_eq(after, want);
		cr_assert(strstr(before, "3:p2=\xC2\xA3" "5@"), "the reference had the fields: %s", before);
		cr_assert_eq(b->body->nresponses, keep ? 2 : 0);
		cr_assert_eq(b->body->nprices, keep ? 2 : 0);
		cr_assert_eq(b->body->ndecls, keep ? 2 : 0);
		cr_assert_eq(b->body->nschemes, keep ? 2 : 0);
		if (keep)
			cr_assert_str_eq(co_bid_field_find(b->body->prices, b->body->nprices, "p2")->text, "£5");
		cr_assert(keep ? (const void *)b->body > (const void *)b : b->body != NULL, "an empty body, never NULL");
		cr_assert_eq(co_bid_pack(&b, keep, in_arena ? &arena : NULL), 0, "packing twice is harmless");
		if (!keep)
			free(want);
		free(before);
		free(after);
		co_bid_free(b); /* in an arena, the arena frees it (ASan finds a leak or a double free otherwise) */
		co_arena_free(&arena);
		co_bid_free(kept);
	}
	free(x);
}

static void rejected(const char *text, const char *where, const char *what)
{
	const char *path;
	co_bid *b = read_text(text, &path);
	cr_assert(b->invalid, "must be rejected:\n%s", text);
	cr_assert(strstr(b->invalid_detail, path), "detail names the file: %s", b->invalid_detail);
	cr_assert(strstr(b->invalid_detail, where), "expected %s in: %s", where, b->invalid_detail);
	cr_assert(strstr(b->invalid_detail, what), "expected '%s' in: %s", what, b->invalid_detail);
	co_bid_free(b);
}

/* t_bid's bid with contact (the elements, as written) after the supplier's <name>, on lines of their own. */
static char *with_contact(const char *contact)
{
	char *x = t_bid("B-1", "GB-COH-01234567", "2026-11-28T10:15:00Z", "Q1", "p1=1.00", NULL, NULL);
	const char *at = strstr(x, "</name>") + strlen("</name>");
	char *y = co_strdupf("%.*s\n%s\n%s", (int)(at - x), x, contact, at);
	free(x);
	return y;
}

/* The contact is read trimmed, the address line by line, and kept by packing, with or without the body. */
Test(bid, supplier_contact_is_read_and_kept_through_packing)
{
	char *x = with_contact("<address>\n      Unit 4, Bridport Business Park  \n\n      Bridport\n      DT6 3BE\n    </address>\n"
	                       "<email>  tenders@acme.example.org\n</email>");
	const char *path = t_write(t_dir(), "bid.xml", x);
	for (int k = 0; k < 3; k++) {
		co_arena arena = {0};
		co_bid *b = NULL;
		cr_assert_eq(co_bid_read(&b, path, NULL, schema, 0), 0);
		cr_assert_not(b->invalid, "%s", b->invalid_detail);
		if (k)
			cr_assert_eq(co_bid_pack(&b, k == 1, k == 2 ? &arena : NULL), 0);
		cr_assert_str_eq(b->contact_address, "Unit 4, Bridport Business Park\nBridport\nDT6 3BE", "pass %d", k);
		cr_assert_str_eq(b->contact_email, "tenders@acme.example.org", "pass %d", k);
		cr_assert_str_eq(b->supplier_name, "Supplier GB-COH-01234567");
		co_bid_free(b);
		co_arena_free(&arena);
	}
	free(x);
	/* Either may come alone; a bid without them has neither (NULL), packed or not. */
	x = with_contact("<email>a@b</email>");
	co_bid *b = read_text(x, NULL);
	cr_assert_not(b->invalid, "%s", b->invalid_detail);
	cr_assert_null(b->contact_address);
	cr_assert_str_eq(b->contact_email, "a@b");
	co_bid_free(b);
	free(x);
	x = t_bid("B-1", "GB-COH-01234567", "2026-11-28T10:15:00Z", "Q1", "p1=1.00", NULL, NULL);
	b = read_text(x, NULL);
	cr_assert_eq(co_bid_pack(&b, 0, NULL), 0);
	cr_assert_null(b->contact_address);
	cr_assert_null(b->contact_email);
	co_bid_free(b);
	free(x);
}

/*
 * A malformed or over-long email, a blank or over-long address, contact out of its place: an
 * invalid bid located at the element (line 4, the line after <name>; column 1).
 */
Test(bid, bad_contact_is_an_invalid_bid_with_its_location)
{
	char long_email[300], long_address[1100];
	memset(long_email, 'a', sizeof(long_email));
	memcpy(long_email + 250, "@example.org", 13); /* 262 characters: the limit is 254 */
	memset(long_address, 'x', sizeof(long_address));
	long_address[1001] = '\0'; /* 1,001 characters: the limit is 1,000 */
	const char *bad[][2] = {
		{"<email>tenders.example.org</email>", "email"},
		{"<email>a@b@c.org</email>", "email"},
		{"<email>a b@c.org</email>", "email"},
		{"<email></email>", "email"},
		{"<address> \n\t </address>", "address"},
		{"<email>a@b.org</email><address>1 High Street</address>", "address"}, /* the address comes first: at 4:23 */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char *x = with_contact(bad[i][0]);
		rejected(x, i == 5 ? ":4:23:" : ":4:1:", bad[i][1]);
		free(x);
	}
	char *c = co_strdupf("<email>%s</email>", long_email), *x = with_contact(c);
	rejected(x, ":4:1:", "email");
	free(x);
	free(c);
	c = co_strdupf("<address>%s</address>", long_address);
	x = with_contact(c);
	rejected(x, ":4:1:", "address");
	free(x);
	free(c);
	long_address[1000] = '\0'; /* exactly 1,000: valid */
	c = co_strdupf("<address>%s</address>", long_address);
	x = with_contact(c);
	co_bid *b = read_text(x, NULL);
	cr_assert_not(b->invalid, "%s", b->invalid_detail);
	cr_assert_eq(strlen(b->contact_address), 1000);
	co_bid_free(b);
	free(x);
	free(c);
}

Test(bid, malformed_xml_gives_the_parser_location)
{
	rejected("<?xml version=\"1.0\"?>\n<bid xmlns=\"urn:calloff:bid:1\" id=\"B\">\n  <supplier>\n</bid>\n", ":4:",
	         "mismatch");
	rejected("<bid xmlns=\"urn:calloff:bid:1\" id=\"B\" competition=\"T-1\">\n  <supplier id=\"GB-COH-1\"><name>x",
	         ":2:", "");
}

Test(bid, schema_errors_name_line_and_column)
{
	rejected("<?xml version=\"1.0\"?>\n<bid xmlns=\"urn:calloff:bid:1\" id=\"B-1\" competition=\"T-1\">\n"
	         "  <submitted>2026-11-28T10:15:00Z</submitted>\n</bid>\n",
	         ":3:3:", "submitted");
	rejected("<?xml version=\"1.0\"?>\n<bid xmlns=\"urn:other\" id=\"B-1\" competition=\"T-1\"/>\n", ":2:1:", "bid");
	/* A time zone is required on the submission time. */
	char *x = t_bid("B-1", "GB-COH-1", "2026-11-28T10:15:00", "Q1", "", NULL, NULL);
	rejected(x, ":4:3:", "submitted");
	free(x);
}

Test(bid, duplicate_responses_and_prices_are_refused_by_the_schema)
{
	char *x = t_bid("B-1", "GB-COH-1", "2026-11-28T10:15:00Z", "Q1,Q1", "", NULL, NULL);
	rejected(x, ":5:", "Duplicate");
	free(x);
	x = t_bid("B-1", "GB-COH-1", "2026-11-28T10:15:00Z", "Q1", "p=1,p=2", NULL, NULL);
	rejected(x, ":6:", "Duplicate");
	free(x);
}

Test(bid, any_doctype_is_refused_and_no_entity_is_read)
{
	rejected("<?xml version=\"1.0\"?>\n<!DOCTYPE bid [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
	         "<bid xmlns=\"urn:calloff:bid:1\" id=\"B-1\" competition=\"T-1\">&x;</bid>\n",
	         ":2:1:", "DOCTYPE is not allowed");
	const char *path;
	co_bid *b = read_text("<?xml version=\"1.0\"?>\n<!DOCTYPE bid [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
	                      "<bid xmlns=\"urn:calloff:bid:1\" id=\"&x;\" competition=\"T-1\">&x;</bid>\n",
	                      &path);
	cr_assert(b->invalid);
	cr_assert_null(strstr(b->invalid_detail, "root:"), "the entity's target is never echoed");
	cr_assert_null(b->id);
	co_bid_free(b);
	/* Billion laughs: refused at the DOCTYPE, before any entity is declared. */
	rejected("<?xml version=\"1.0\"?>\n<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">"
	         "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;\">]>\n<bid>&c;</bid>\n",
	         ":2:1:", "DOCTYPE is not allowed");
}

Test(bid, empty_and_oversized_files_are_refused_before_reading)
{
	rejected("", ":1:1:", "empty file");
	const char *p = t_write(t_dir(), "huge.xml", "");
	int fd = open(p, O_WRONLY);
	cr_assert(fd >= 0);
	cr_assert_eq(ftruncate(fd, CO_BID_MAX_BYTES + 1), 0); /* sparse: nothing is written */
	close(fd);
	co_bid *b = NULL;
	cr_assert_eq(co_bid_read(&b, p, NULL, schema, 1), 0);
	cr_assert(b->invalid);
	cr_assert(strstr(b->invalid_detail, "larger than the limit"), "%s", b->invalid_detail);
	co_bid_free(b);
}

Test(bid, unreadable_path_is_a_rejection_not_a_failure)
{
	co_bid *b = NULL;
	cr_assert_eq(co_bid_read(&b, "/nonexistent/bid.xml", NULL, schema, 1), 0);
	cr_assert(b->invalid);
	cr_assert(strstr(b->invalid_detail, "/nonexistent/bid.xml:1:1: cannot open"), "%s", b->invalid_detail);
	co_bid_free(b);
}

Test(bid, schema_invalid_bid_still_shows_its_id)
{
	co_bid *b = read_text("<?xml version=\"1.0\"?>\n<bid xmlns=\"urn:calloff:bid:1\" id=\"B-9\" competition=\"T-1\">\n"
	                      "  <supplier id=\"GB-COH-99\"><name>X</name></supplier>\n</bid>\n",
	                      NULL);
	cr_assert(b->invalid);
	cr_assert_str_eq(b->id, "B-9");
	cr_assert_str_eq(b->supplier_id, "GB-COH-99");
	co_bid_free(b);
}

Test(bid, word_count_is_independent_of_the_schema)
{
	/* Non-breaking spaces are whitespace for word counts; the XML keeps them. */
	char *x = t_bid("B-1", "GB-COH-1", "2026-11-28T10:15:00Z", "Q1=\xC2\xA0one\xC2\xA0two", "", NULL, NULL);
	co_bid *b = read_text(x, NULL);
	free(x);
	cr_assert_not(b->invalid, "%s", b->invalid_detail);
	cr_assert(strstr(b->body->responses[0].text, "\xC2\xA0one"));
	co_bid_free(b);
}

Test(bid, invalid_utf8_is_a_one_line_located_rejection)
{
	const char *path;
	co_bid *b = read_text("<?xml version=\"1.0\"?>\n<bid xmlns=\"urn:calloff:bid:1\" id=\"B\">\xc3\x28</bid>\n", &path);
	cr_assert(b->invalid);
	cr_assert(strstr(b->invalid_detail, ":2:"), "%s", b->invalid_detail);
	cr_assert_null(strchr(b->invalid_detail, '\n'), "one line: %s", b->invalid_detail);
	co_bid_free(b);
}

static void *load_schema(void *arg)
{
	co_xschema *s = NULL;
	pthread_barrier_wait(arg);
	int rc = co_xschema_load(&s, CO_SCHEMA_MARKS);
	co_xschema_free(s);
	return rc ? arg : NULL;
}

Test(xschema, compiles_safely_on_two_threads_at_once) /* no suite set-up: libxml2 untouched before the fork */
{
	/*
	 * An evaluation compiles the bid schema while the marks thread compiles the marks schema.
	 * libxml2 2.9 sets up its built-in schema types on first use, unguarded: two first uses at
	 * once each build them, and one set leaks (LeakSanitizer fails the child at exit). Each
	 * child is a fresh process set up as calloff's main() sets one up, so its two threads are
	 * the first users of the schema types.
	 */
	for (int round = 0; round < 20; round++) {
		fflush(NULL);
		pid_t pid = fork();
		cr_assert_neq(pid, -1);
		if (pid == 0) {
			xmlInitParser(); /* as calloff's main() does */
			pthread_barrier_t go;
			pthread_t th;
			pthread_barrier_init(&go, NULL, 2);
			if (pthread_create(&th, NULL, load_schema, &go) != 0)
				_exit(3);
			void *mine = load_schema(&go), *theirs = NULL;
			pthread_join(th, &theirs);
			exit(mine || theirs ? 4 : 0); /* exit, not _exit: the leak check runs at exit */
		}
		int status = 0;
		cr_assert_eq(waitpid(pid, &status, 0), pid);
		cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "round %d: child status %d", round, status);
	}
}
