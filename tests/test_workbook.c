/* The marking workbook: written with libxlsxwriter, read back with libzip and libxml2, filled in between by openpyxl (tests/workbook/fill.py). */
#include <criterion/criterion.h>
#include <errno.h>
#include <jansson.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "panels/returned.h"
#include "panels/workbook.h"
#include "base/sha256.h"
#include "base/words.h"
#include "helpers.h"

extern char **environ;

#define RULES TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml"
#define FILL TOP_SRCDIR "/tests/workbook/fill.py"

/* Texts a spreadsheet, XML or a careless escape could change. */
#define NASTY "R&R <b>not bold</b> \"double\" 'single' & &amp; ]]> \xF0\x9F\x98\x80 caf\xC3\xA9\nsecond line\n\n  indented"
#define UNDERSCORE "Literal _x0041_ and _x005F_ stay as typed, and a\ttab, a carriage\rreturn and \x1b escape too"

/*
 * A plan built by hand: three bids, E1 marking every question, E2 only Q2 and Q4. With
 * underscore, one response holds "_x0041_" as typed: calloff writes and reads it back as it is,
 * but openpyxl 3.0.9 does not (it drops "x005F_" from every shared string it reads, so it saves
 * an escape that Excel, like calloff, reads as "A"), so the plans that openpyxl fills have none.
 */
typedef struct {
	co_rules *rules;
	co_plan plan;
	char *long_text;
} t_plan;

static void response(co_plan_response *r, const co_question *qu, const char *text)
{
	char hex[CO_SHA256_HEX];
	r->text = strdup(text);
	r->words = co_word_count(text);
	r->cut_words = qu->max_words > 0 && r->words > (size_t)qu->max_words ? r->words - (size_t)qu->max_words : 0;
	cr_assert_eq(co_sha256_mem(text, strlen(text), hex), 0);
	snprintf(r->digest, sizeof(r->digest), "sha256:%s", hex);
}

static t_plan *plan_new_with(int underscore)
{
	t_plan *t = calloc(1, sizeof(*t));
	cr_assert_eq(co_rules_load(&t->rules, RULES, NULL), 0);
	const co_rules *r = t->rules;
	co_plan *p = &t->plan;
	p->rules = r;
	p->competition = strdup(r->id);
	p->nb = 3;
	p->bids = calloc(p->nb, sizeof(*p->bids));
	/* Over 32,767 characters: the cell holds a note instead. */
	size_t n = 40000;
	t->long_text = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		t->long_text[i] = i % 6 == 5 ? ' ' : "words"[i % 6];
	t->long_text[n] = '\0';
	for (size_t k = 0; k < p->nb; k++) {
		co_plan_bid *b = &p->bids[k];
		snprintf(b->label, sizeof(b->label), "Response %02d", (int)k + 1);
		b->responses = calloc(r->nq, sizeof(*b->responses));
		for (size_t q = 0; q < r->nq; q++) {
			char text[200];
			snprintf(text, sizeof(text), "Bid %zu answers %s clearly.", k + 1, r->questions[q].id);
			const char *use = k == 0 && q == 0   ? NASTY
			                  : k == 1 && q == 0 ? t->long_text
			                  : k == 1 && q == 1 && underscore ? UNDERSCORE
			                  : k == 2 && q == 2 ? "  spaces at both ends  "
			                  : k == 2 && q == 3 ? ""
			                                     : text;
			response(&b->responses[q], &r->questions[q], use);
		}
	}
	p->nev = 2;
	p->evs = calloc(p->nev, sizeof(*p->evs));
	for (size_t e = 0; e < p->nev; e++) {
		p->evs[e].id = strdup(e == 0 ? "E1" : "E2");
		p->evs[e].assigned = calloc(r->nq, 1);
		for (size_t q = 0; q < r->nq; q++)
			p->evs[e].assigned[q] = e == 0 || q == 1 || q == 3;
		char hex[CO_SHA256_HEX];
		cr_assert_eq(co_sha256_mem(p->evs[e].id, 2, hex), 0);
		snprintf(p->evs[e].pack, sizeof(p->evs[e].pack), "sha256:%s", hex);
	}
	return t;
}

static t_plan *plan_new(void)
{
	return plan_new_with(0);
}

static void plan_free(t_plan *t)
{
	co_plan *p = &t->plan;
	for (size_t k = 0; k < p->nb; k++) {
		for (size_t q = 0; q < t->rules->nq; q++)
			free(p->bids[k].responses[q].text);
		free(p->bids[k].responses);
	}
	for (size_t e = 0; e < p->nev; e++) {
		free(p->evs[e].id);
		free(p->evs[e].assigned);
	}
	free(p->bids);
	free(p->evs);
	free(p->competition);
	free(t->long_text);
	co_rules_free(t->rules);
	free(t);
}

/*
 * The diagnostics joined by line breaks (static storage), cut at 16 kB: helpers.c's
 * t_diags_text writes past its buffer once the text nears 8 kB, which a refused workbook can.
 */
static const char *said_of(const co_diags *d)
{
	static char buf[16384];
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < co_diags_count(d) && o < sizeof(buf) - 1; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s\n", co_diags_at(d, i));
	return buf;
}

/* A fresh path DIR/N/name, in a folder of its own under the process's temporary folder. */
static const char *tmp_path(const char *name)
{
	static char paths[8][600];
	static const char *top;
	static int next;
	if (!top)
		top = t_dir();
	char *s = paths[next % 8];
	snprintf(s, 600, "%s/%d", top, next++);
	cr_assert_eq(mkdir(s, 0700), 0, "%s: %s", s, strerror(errno));
	snprintf(s, 600, "%s/%d/%s", top, next - 1, name);
	return s;
}

/* Write evaluator e's workbook to a fresh path, asserting it is written. */
static const char *written(const t_plan *t, size_t e)
{
	const char *path = tmp_path(e == 0 ? "E1-marking.xlsx" : "E2-marking.xlsx");
	co_diags *d = co_diags_new();
	cr_assert_eq(co_workbook_write(&t->plan, e, path, d), 0, "%s", said_of(d));
	cr_assert_eq(co_diags_count(d), 0);
	co_diags_free(d);
	return path;
}

/* Run fill.py with these arguments; its exit status. */
static int fill_py(const char *const *args, size_t n)
{
	const char *argv[12] = {"/usr/bin/python3", FILL};
	cr_assert_leq(n, 9);
	for (size_t i = 0; i < n; i++)
		argv[2 + i] = args[i];
	argv[2 + n] = NULL;
	pid_t pid;
	cr_assert_eq(posix_spawn(&pid, argv[0], NULL, NULL, (char *const *)argv, environ), 0);
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* in filled by openpyxl as spec (a JSON object, see fill.py) says: the filled file's path. */
static const char *filled(const char *in, json_t *spec)
{
	const char *out = tmp_path("filled.xlsx"), *specf = tmp_path("spec.json");
	cr_assert_eq(json_dump_file(spec, specf, JSON_ENSURE_ASCII), 0);
	json_decref(spec);
	const char *args[] = {in, out, specf};
	cr_assert_eq(fill_py(args, 3), 0, "fill.py failed");
	return out;
}

/* Read path back for plan t: the status, with *r and d for the caller to look at. */
static int read_back(const t_plan *t, const char *path, co_returned **r, co_diags *d)
{
	return co_workbook_read(r, path, &t->plan, d);
}

/* The text of one entry's field, or "(null)". */
static const char *fld(const co_returned *r, size_t i, int f)
{
	return r->e[i].field[f] ? r->e[i].field[f] : "(null)";
}

Test(workbook, an_unfilled_workbook_reads_back_with_every_item_in_order_and_no_mark)
{
	t_plan *t = plan_new_with(1);
	for (size_t e = 0; e < 2; e++) {
		const char *path = written(t, e);
		co_returned *r = NULL;
		co_diags *d = co_diags_new();
		cr_assert_eq(read_back(t, path, &r, d), 0, "%s", said_of(d));
		cr_assert_eq(r->kind, CO_RETURNED_MARKS);
		cr_assert_str_eq(r->sheet, "Marks");
		cr_assert_str_eq(r->head[CO_RH_COMPETITION], "DCF-L7-2026-01");
		cr_assert_str_eq(r->head[CO_RH_EVALUATOR], t->plan.evs[e].id);
		cr_assert_str_eq(r->head[CO_RH_PACK], t->plan.evs[e].pack);
		cr_assert_eq(r->head_at[CO_RH_PACK].line, 3);
		cr_assert_eq(r->head_at[CO_RH_PACK].col, 2);
		size_t n = co_plan_items(&t->plan, e);
		cr_assert_eq(n, e == 0 ? 24 : 6);
		cr_assert_eq(r->n, n);
		for (size_t i = 0; i < n; i++) {
			size_t k, q;
			co_wb_item(&t->plan, e, i, &k, &q);
			cr_assert_str_eq(fld(r, i, CO_RF_LABEL), t->plan.bids[k].label);
			cr_assert_str_eq(fld(r, i, CO_RF_QUESTION), t->rules->questions[q].id);
			cr_assert_str_eq(fld(r, i, CO_RF_DIGEST), t->plan.bids[k].responses[q].digest);
			cr_assert_null(r->e[i].field[CO_RF_VALUE]);
			cr_assert_null(r->e[i].field[CO_RF_RATIONALE]);
			cr_assert_eq(r->e[i].at[CO_RF_VALUE].line, 7 + (int)i);
			cr_assert_eq(r->e[i].at[CO_RF_VALUE].col, 7);
			cr_assert_eq(r->e[i].at[CO_RF_RATIONALE].col, 8);
			cr_assert_eq(r->e[i].at[CO_RF_DIGEST].col, 6);
		}
		/* E2 marks Q2 and Q4 only: each bid's two items in the rules' order. */
		if (e == 1) {
			cr_assert_str_eq(fld(r, 0, CO_RF_QUESTION), "Q2");
			cr_assert_str_eq(fld(r, 1, CO_RF_QUESTION), "Q4");
			cr_assert_str_eq(fld(r, 2, CO_RF_LABEL), "Response 02");
		}
		co_returned_free(r);
		co_diags_free(d);
	}
	plan_free(t);
}

Test(workbook, the_same_plan_gives_the_same_bytes)
{
	t_plan *t = plan_new_with(1);
	const char *a = written(t, 0);
	char first[600];
	snprintf(first, sizeof(first), "%s", a);
	sleep(2); /* a clock read anywhere in the writing would now differ by whole seconds */
	const char *b = written(t, 0);
	FILE *fa = fopen(first, "rb"), *fb = fopen(b, "rb");
	cr_assert(fa && fb);
	size_t na = 0, nb = 0;
	static char ba[1 << 20], bb[1 << 20];
	na = fread(ba, 1, sizeof(ba), fa);
	nb = fread(bb, 1, sizeof(bb), fb);
	fclose(fa);
	fclose(fb);
	cr_assert_gt(na, 1000);
	cr_assert_lt(na, sizeof(ba));
	cr_assert_eq(na, nb, "%zu and %zu bytes", na, nb);
	cr_assert_eq(memcmp(ba, bb, na), 0, "two writes of one plan differ");
	/* Another evaluator's workbook is another file. */
	const char *c = written(t, 1);
	FILE *fc = fopen(c, "rb");
	size_t nc = fread(bb, 1, sizeof(bb), fc);
	fclose(fc);
	cr_assert(nc != na || memcmp(ba, bb, na) != 0);
	plan_free(t);
}

/* The string member of a JSON object ("" when absent or not a string). */
static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

Test(workbook, openpyxl_reads_what_calloff_wrote)
{
	t_plan *t = plan_new();
	const char *path = written(t, 0), *out = tmp_path("dump.json");
	const char *args[] = {"--dump", path, out};
	cr_assert_eq(fill_py(args, 3), 0);
	json_t *dump = json_load_file(out, 0, NULL);
	cr_assert_not_null(dump);
	json_t *cells = json_object_get(dump, "cells");
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(dump, "sheets"), 0)), "Marks");
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(dump, "sheets"), 1)), "Scale");
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(dump, "sheets"), 2)), "Questions");
	cr_assert_str_eq(jstr(dump, "active"), "Marks");
	cr_assert(json_is_true(json_object_get(dump, "protected")));
	cr_assert(json_is_true(json_object_get(dump, "protected_all")));
	cr_assert_str_eq(jstr(dump, "freeze"), "A7");
	cr_assert_str_eq(jstr(cells, "A1"), "Competition");
	cr_assert_str_eq(jstr(cells, "B1"), "DCF-L7-2026-01");
	cr_assert_str_eq(jstr(cells, "B2"), "E1");
	cr_assert_str_eq(jstr(cells, "B3"), t->plan.evs[0].pack);
	cr_assert_str_eq(jstr(cells, "B4"), "=COUNT(G7:G30)&\" of 24 marked, \"&COUNTA(H7:H30)&\" with a rationale\"");
	cr_assert(strstr(jstr(cells, "A5"), "column G"));
	cr_assert_str_eq(jstr(cells, "G6"), "Mark");
	/* Every text from a bid reads as it was given, byte for byte (none holds a control character). */
	cr_assert_str_eq(jstr(cells, "D7"), NASTY);
	cr_assert_str_eq(jstr(cells, "A7"), "Response 01");
	cr_assert_str_eq(jstr(cells, "C7"), "Matching carers to people");
	char words[100];
	snprintf(words, sizeof(words), "%zu of 500 words", co_word_count(NASTY));
	cr_assert_str_eq(jstr(cells, "E7"), words);
	cr_assert_str_eq(jstr(cells, "F7"), t->plan.bids[0].responses[0].digest);
	cr_assert_str_eq(jstr(cells, "D25"), "  spaces at both ends  ");
	cr_assert_null(json_object_get(cells, "D26"), "an empty response is an empty cell");
	/* The response too long for a cell: a note points to the marking form. */
	cr_assert_str_eq(jstr(cells, "A15"), "Response 02");
	cr_assert_str_eq(jstr(cells, "B15"), "Q1");
	cr_assert(strstr(jstr(cells, "D15"), "too long for a spreadsheet cell"), "%s", jstr(cells, "D15"));
	cr_assert(strstr(jstr(cells, "D15"), "E1-marking.html"));
	size_t many = co_word_count(t->long_text);
	snprintf(words, sizeof(words), "%zu of 500 words: the %zu beyond the limit are cut off and not evaluated", many,
	         many - 500);
	cr_assert_str_eq(jstr(cells, "E15"), words);
	cr_assert_null(json_object_get(cells, "G7"));
	cr_assert_null(json_object_get(cells, "A31"), "nothing below the table");
	/* Only the mark and rationale cells are unlocked, and the marks have a list of the scale. */
	json_t *unlocked = json_object_get(dump, "unlocked");
	cr_assert_eq(json_array_size(unlocked), 48);
	for (size_t i = 0; i < json_array_size(unlocked); i++) {
		const char *c = json_string_value(json_array_get(unlocked, i));
		cr_assert(c[0] == 'G' || c[0] == 'H', "%s is unlocked", c);
	}
	json_t *v = json_array_get(json_object_get(dump, "validations"), 0);
	cr_assert_str_eq(jstr(v, "sqref"), "G7:G30");
	cr_assert_str_eq(jstr(v, "type"), "list");
	cr_assert_str_eq(jstr(v, "formula1"), "\"0,1,2,3,4,5\"");
	cr_assert(!strcmp(jstr(v, "errorStyle"), "") || !strcmp(jstr(v, "errorStyle"), "stop"), "a wrong mark is stopped");
	cr_assert(strstr(jstr(v, "prompt"), "3 Good"), "%s", jstr(v, "prompt"));
	json_decref(dump);
	plan_free(t);
}

/* The rationale openpyxl writes at item i. */
static const char *rationale_of(size_t i, char buf[256])
{
	static const char *const nasty[] = {
		NASTY,
		"R&R: strong < weak > \"quoted\" 'apostrophe'",
		"\xF0\x9F\x91\x8D emoji, then\nmore lines\r\nand a CRLF",
		"Ampersands && semicolons; <tags/> and \"quotes\"",
		"Tab\tinside, and trailing spaces trimmed   ",
	};
	if (i < 5)
		return nasty[i];
	snprintf(buf, 256, "Rationale %zu: evidence on the page.", i + 1);
	return buf;
}

Test(workbook, marks_and_rationales_filled_by_openpyxl_read_back_byte_for_byte)
{
	t_plan *t = plan_new();
	const char *path = written(t, 0);
	size_t n = co_plan_items(&t->plan, 0);
	json_t *spec = json_object();
	char cell[16], buf[256];
	for (size_t i = 0; i < n; i++) {
		snprintf(cell, sizeof(cell), "G%zu", 7 + i);
		json_object_set_new(spec, cell, json_integer((json_int_t)(i % 6)));
		snprintf(cell, sizeof(cell), "H%zu", 7 + i);
		json_object_set_new(spec, cell, json_string(rationale_of(i, buf)));
	}
	const char *out = filled(path, spec);
	co_returned *r = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(read_back(t, out, &r, d), 0, "%s", said_of(d));
	cr_assert_eq(r->n, n);
	for (size_t i = 0; i < n; i++) {
		char want[8];
		snprintf(want, sizeof(want), "%zu", i % 6);
		cr_assert_str_eq(fld(r, i, CO_RF_VALUE), want, "item %zu", i);
		const char *why = rationale_of(i, buf);
		if (i == 4)
			why = "Tab\tinside, and trailing spaces trimmed";
		cr_assert_str_eq(fld(r, i, CO_RF_RATIONALE), why, "item %zu", i);
	}
	co_returned_free(r);
	co_diags_free(d);
	plan_free(t);
}

/*
 * Saved as other programs save: every text an inline string (as openpyxl writes them) or in a new
 * shared strings part, no r on rows and cells, 4 written "4.0", and the text of A1 as rich text runs
 * with a phonetic run (the layout's check reads it back as "Competition", or refuses the file).
 */
Test(workbook, a_workbook_saved_as_another_program_would_reads_the_same)
{
	t_plan *t = plan_new();
	const char *path = written(t, 0);
	json_t *spec = json_object();
	json_object_set_new(spec, "G7", json_integer(4));
	json_object_set_new(spec, "H7", json_string("R&R <ok>"));
	json_object_set_new(spec, "G8", json_integer(0));
	char mid[600];
	snprintf(mid, sizeof(mid), "%s", filled(path, spec));
	const char *modes[] = {"--restyle", "--shared"};
	for (int m = 0; m < 2; m++) {
		const char *out = tmp_path("restyled.xlsx");
		const char *args[] = {modes[m], mid, out};
		cr_assert_eq(fill_py(args, 3), 0);
		co_returned *r = NULL;
		co_diags *d = co_diags_new();
		cr_assert_eq(read_back(t, out, &r, d), 0, "%s: %s", modes[m], said_of(d));
		cr_assert_str_eq(fld(r, 0, CO_RF_VALUE), "4", "4.0 is the mark 4");
		cr_assert_str_eq(fld(r, 1, CO_RF_VALUE), "0");
		cr_assert_str_eq(fld(r, 0, CO_RF_RATIONALE), "R&R <ok>");
		cr_assert_str_eq(fld(r, 0, CO_RF_DIGEST), t->plan.bids[0].responses[0].digest);
		cr_assert_str_eq(r->head[CO_RH_COMPETITION], "DCF-L7-2026-01");
		cr_assert_null(r->e[2].field[CO_RF_VALUE]);
		cr_assert_eq(r->n, 24);
		co_returned_free(r);
		co_diags_free(d);
	}
	plan_free(t);
}

/* Fill path for E1 with spec, read it back: the status; the diagnostics' text in said. */
static int edited(t_plan *t, json_t *spec, co_returned **r, char said[16384])
{
	const char *out = filled(written(t, 0), spec);
	co_diags *d = co_diags_new();
	int rc = read_back(t, out, r, d);
	snprintf(said, 16384, "%s", said_of(d));
	co_diags_free(d);
	return rc;
}

Test(workbook, a_mark_in_a_locked_cell_is_refused_naming_the_cell)
{
	t_plan *t = plan_new();
	json_t *spec = json_object();
	json_object_set_new(spec, "G7", json_integer(3));
	json_object_set_new(spec, "C7", json_integer(4));
	co_returned *r = NULL;
	char said[16384];
	cr_assert_eq(edited(t, spec, &r, said), CO_EINVALID);
	cr_assert_null(r);
	cr_assert(strstr(said, "filled.xlsx:Marks:C7: \"4\" in a locked cell, where calloff wrote \"Matching carers"), "%s",
	          said);
	cr_assert(!strstr(said, ":G7:"), "%s", said);
	plan_free(t);
}

Test(workbook, a_mark_below_the_table_or_in_the_header_is_refused_with_its_cell)
{
	t_plan *t = plan_new();
	json_t *spec = json_object();
	json_object_set_new(spec, "G31", json_integer(3));
	json_object_set_new(spec, "G2", json_integer(5));
	json_object_set_new(spec, "J10", json_string("aside"));
	co_returned *r = NULL;
	char said[16384];
	cr_assert_eq(edited(t, spec, &r, said), CO_EINVALID);
	cr_assert(strstr(said, ":Marks:G31: a value (\"3\") where calloff wrote nothing: only the marks in G7:G30 and the "
	                       "rationales in H7:H30 are read"),
	          "%s", said);
	cr_assert(strstr(said, ":Marks:G2: a value (\"5\")"), "%s", said);
	cr_assert(strstr(said, ":Marks:J10: a value (\"aside\")"), "%s", said);
	plan_free(t);
}

Test(workbook, a_mark_off_the_scale_or_not_a_whole_number_is_returned_as_written_at_its_cell)
{
	t_plan *t = plan_new();
	json_t *spec = json_object();
	json_object_set_new(spec, "G9", json_integer(7));
	json_object_set_new(spec, "G10", json_real(3.5));
	json_object_set_new(spec, "G11", json_string("four"));
	json_object_set_new(spec, "G12", json_real(2.0));
	json_object_set_new(spec, "G13", json_true());
	co_returned *r = NULL;
	char said[16384];
	cr_assert_eq(edited(t, spec, &r, said), 0, "%s", said);
	cr_assert_str_eq(fld(r, 2, CO_RF_VALUE), "7");
	cr_assert_eq(r->e[2].at[CO_RF_VALUE].line, 9);
	cr_assert_eq(r->e[2].at[CO_RF_VALUE].col, 7);
	cr_assert_str_eq(fld(r, 3, CO_RF_VALUE), "3.5");
	cr_assert_str_eq(fld(r, 4, CO_RF_VALUE), "four");
	cr_assert_str_eq(fld(r, 5, CO_RF_VALUE), "2");
	cr_assert_str_eq(fld(r, 6, CO_RF_VALUE), "TRUE", "a boolean is not the mark 1");
	co_returned_free(r);
	plan_free(t);
}

Test(workbook, a_formula_in_a_mark_cell_is_refused)
{
	t_plan *t = plan_new();
	json_t *spec = json_object();
	json_object_set_new(spec, "G8", json_string("=2+2"));
	co_returned *r = NULL;
	char said[16384];
	cr_assert_eq(edited(t, spec, &r, said), CO_EINVALID);
	cr_assert(strstr(said, ":Marks:G8: a formula in a mark cell"), "%s", said);
	plan_free(t);
}

Test(workbook, a_row_moved_or_a_response_changed_is_refused)
{
	t_plan *t = plan_new();
	json_t *spec = json_object();
	json_object_set_new(spec, "@insert_rows", json_integer(9));
	co_returned *r = NULL;
	char said[16384];
	cr_assert_eq(edited(t, spec, &r, said), CO_EINVALID);
	cr_assert(strstr(said, ":Marks:A9: \"\" where calloff wrote \"Response 01\": row 9 is for Response 01, question Q3"),
	          "%s", said);

	spec = json_object();
	json_object_set_new(spec, "D8", json_string("A better answer"));
	json_object_set_new(spec, "D15", json_string("The note, replaced"));
	cr_assert_eq(edited(t, spec, &r, said), CO_EINVALID);
	cr_assert(strstr(said, ":Marks:D8: the response is not as calloff wrote it (it now begins \"A better answer\")"), "%s",
	          said);
	cr_assert(strstr(said, ":Marks:D15: the note standing for the response is not as calloff wrote it"), "%s", said);

	spec = json_object();
	json_object_set_new(spec, "F7", json_null());
	json_object_set_new(spec, "B4", json_integer(0));
	cr_assert_eq(edited(t, spec, &r, said), CO_EINVALID);
	cr_assert(strstr(said, ":Marks:F7: this locked cell is empty, where calloff wrote \"sha256:"), "%s", said);
	cr_assert(strstr(said, ":Marks:B4: the progress formula calloff wrote here is gone"), "%s", said);
	plan_free(t);
}

Test(workbook, another_evaluators_workbook_is_returned_as_read_for_the_caller_to_refuse)
{
	t_plan *t = plan_new();
	json_t *spec = json_object();
	json_object_set_new(spec, "B2", json_string("E9"));
	json_object_set_new(spec, "G7", json_integer(2));
	json_object_set_new(spec, "G200", json_integer(5));
	co_returned *r = NULL;
	char said[16384];
	cr_assert_eq(edited(t, spec, &r, said), 0, "%s", said);
	cr_assert_str_eq(r->head[CO_RH_EVALUATOR], "E9");
	cr_assert_eq(r->head_at[CO_RH_EVALUATOR].line, 2);
	cr_assert_str_eq(fld(r, 0, CO_RF_VALUE), "2");
	/* Every row that holds something, and no other: the caller refuses the file, naming its evaluator. */
	cr_assert_eq(r->n, 25);
	cr_assert_str_eq(fld(r, 24, CO_RF_VALUE), "5");
	cr_assert_eq(r->e[24].at[CO_RF_VALUE].line, 200);
	cr_assert_null(r->e[24].field[CO_RF_LABEL]);
	co_returned_free(r);
	plan_free(t);
}

Test(workbook, an_emptied_sheet_is_returned_empty_for_the_caller_to_refuse)
{
	t_plan *t = plan_new();
	json_t *spec = json_object();
	json_object_set_new(spec, "@clear", json_true());
	co_returned *r = NULL;
	char said[16384];
	cr_assert_eq(edited(t, spec, &r, said), 0, "%s", said);
	cr_assert_null(r->head[CO_RH_COMPETITION]);
	cr_assert_null(r->head[CO_RH_EVALUATOR]);
	cr_assert_eq(r->head_at[CO_RH_EVALUATOR].line, 2, "the empty evaluator's cell is still placed");
	cr_assert_eq(r->n, 0);
	co_returned_free(r);
	plan_free(t);
}

/* Read a file that is no marking workbook: CO_EINVALID (or another status) with a diagnostic at FILE:1:1 holding needle. */
static void refused(const t_plan *t, const char *path, int status, const char *needle)
{
	co_returned *r = NULL;
	co_diags *d = co_diags_new();
	int rc = read_back(t, path, &r, d);
	cr_assert_eq(rc, status, "%d: %s", rc, said_of(d));
	cr_assert_null(r);
	char where[700];
	snprintf(where, sizeof(where), "%s:1:1: ", path);
	cr_assert(t_diag_has(d, where) && t_diag_has(d, needle), "%s", said_of(d));
	co_diags_free(d);
}

Test(workbook, a_file_that_is_not_a_marking_workbook_is_refused_at_its_place)
{
	t_plan *t = plan_new();
	char good[600];
	snprintf(good, sizeof(good), "%s", written(t, 0));
	refused(t, t_write(t_dir(), "marks.xlsx", "name,mark\nResponse 01,4\n"), CO_EINVALID, "not a readable zip");
	refused(t, t_write(t_dir(), "empty.xlsx", ""), CO_EINVALID, "an empty file");

	/* The first half of a good workbook: the zip's directory is gone. */
	char *bytes = t_read(good);
	FILE *f = fopen(good, "rb");
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fclose(f);
	const char *cut = tmp_path("cut.xlsx");
	f = fopen(cut, "wb");
	fwrite(bytes, 1, (size_t)len / 2, f);
	fclose(f);
	refused(t, cut, CO_EINVALID, "not a readable zip");

	/* Bytes changed inside the sheet's compressed data: it no longer inflates, or its checksum fails. */
	const char *flip = tmp_path("flip.xlsx");
	const char *name = "xl/worksheets/sheet1.xml";
	char *at = memmem(bytes, (size_t)len, name, strlen(name));
	cr_assert_not_null(at);
	for (char *p = at + strlen(name) + 40; p < at + strlen(name) + 56; p++)
		*p ^= 0x55;
	f = fopen(flip, "wb");
	fwrite(bytes, 1, (size_t)len, f);
	fclose(f);
	free(bytes);
	co_returned *r = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(read_back(t, flip, &r, d), CO_EINVALID, "%s", said_of(d));
	cr_assert(t_diag_has(d, ":1:1: "), "%s", said_of(d));
	co_diags_free(d);

	/* No sheet called Marks. */
	json_t *spec = json_object();
	json_object_set_new(spec, "@title", json_string("Marking"));
	refused(t, filled(good, spec), CO_EINVALID, "no sheet named \"Marks\"");

	/* A DOCTYPE (with an entity that would expand a billion times) in the sheet. */
	const char *dtd = tmp_path("dtd.xlsx");
	const char *a1[] = {"--replace", good, dtd, "xl/worksheets/sheet1.xml", "<worksheet",
	                    "<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
	                    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><worksheet"};
	cr_assert_eq(fill_py(a1, 6), 0);
	refused(t, dtd, CO_EINVALID, "xl/worksheets/sheet1.xml: a DOCTYPE is not allowed");

	/* XML that is not well-formed. */
	const char *bad = tmp_path("bad.xlsx");
	const char *a2[] = {"--replace", good, bad, "xl/worksheets/sheet1.xml", "<sheetData>", "<sheetData><oops>"};
	cr_assert_eq(fill_py(a2, 6), 0);
	refused(t, bad, CO_EINVALID, "xl/worksheets/sheet1.xml, line 2: not well-formed XML");

	/* A part of 80 MiB uncompressed, a few kilobytes in the zip. */
	const char *bomb = tmp_path("bomb.xlsx");
	const char *a3[] = {"--bomb", good, bomb, "xl/worksheets/sheet1.xml", "80"};
	cr_assert_eq(fill_py(a3, 5), 0);
	refused(t, bomb, CO_ETOOBIG, "xl/worksheets/sheet1.xml: 83886080 bytes uncompressed, more than the 64 MiB");

	/* A cell naming a shared string the workbook does not have. */
	const char *sst = tmp_path("sst.xlsx");
	const char *a4[] = {"--replace", good, sst, "xl/worksheets/sheet1.xml", "<c r=\"A7\" s=\"4\" t=\"s\"><v>",
	                    "<c r=\"A7\" s=\"4\" t=\"s\"><v>99999"};
	cr_assert_eq(fill_py(a4, 6), 0);
	r = NULL;
	d = co_diags_new();
	cr_assert_eq(read_back(t, sst, &r, d), CO_EINVALID);
	cr_assert(t_diag_has(d, ":Marks:A7: the cell names shared string"), "%s", said_of(d));
	co_diags_free(d);
	plan_free(t);
}

Test(workbook, a_folder_or_a_missing_file_is_an_io_error)
{
	t_plan *t = plan_new();
	co_returned *r = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(read_back(t, t_dir(), &r, d), CO_EIO);
	cr_assert_eq(co_diags_count(d), 1);
	cr_assert_eq(read_back(t, tmp_path("none.xlsx"), &r, d), CO_EIO);
	cr_assert_eq(co_diags_count(d), 2);
	cr_assert_null(r);
	co_diags_free(d);
	/* And a workbook that cannot be written: no file left behind. */
	d = co_diags_new();
	char path[700];
	snprintf(path, sizeof(path), "%s/no-such-folder/E1-marking.xlsx", t_dir());
	cr_assert_eq(co_workbook_write(&t->plan, 0, path, d), CO_EIO);
	cr_assert(t_diag_has(d, "E1-marking.xlsx:1:1: cannot create the marking workbook: No such file or directory"), "%s",
	          said_of(d));
	cr_assert_neq(access(path, F_OK), 0);
	co_diags_free(d);
	plan_free(t);
}

#ifndef CO_SANITIZED
#include "oom/failmalloc.h"

/* Each allocation of a workbook's reading failed in turn: CO_ERROR, nothing returned, or the same entries. */
Test(workbook, reading_fails_with_co_error_at_every_allocation)
{
	t_plan *t = plan_new();
	json_t *spec = json_object();
	json_object_set_new(spec, "G7", json_integer(3));
	json_object_set_new(spec, "H7", json_string("R&R"));
	char path[600];
	snprintf(path, sizeof(path), "%s", filled(written(t, 1), spec));
	co_returned *r = NULL;
	co_diags *d = co_diags_new();
	failmalloc_start(0);
	cr_assert_eq(read_back(t, path, &r, d), 0, "%s", said_of(d));
	unsigned long count = failmalloc_stop();
	cr_assert_gt(count, 100, "%lu allocations", count);
	co_returned_free(r);
	for (unsigned long n = 1; n <= count; n++) {
		r = NULL;
		failmalloc_start(n);
		int rc = read_back(t, path, &r, d);
		failmalloc_stop();
		if (rc == 0) {
			cr_assert_str_eq(fld(r, 0, CO_RF_VALUE), "3", "allocation %lu failed, yet it read differently", n);
			cr_assert_str_eq(fld(r, 0, CO_RF_RATIONALE), "R&R");
			cr_assert_eq(r->n, 6);
		} else {
			cr_assert_eq(rc, CO_ERROR, "allocation %lu failed: %d, not CO_ERROR: %s", n, rc, said_of(d));
			cr_assert_null(r);
		}
		co_returned_free(r);
	}
	co_diags_free(d);
	plan_free(t);
}
#endif
