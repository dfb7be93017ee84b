/* Reading a record from anyone (auditing/replay.c): what is read, what is not, and what a misdescribing record is told. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "helpers.h"

#define LATIN1 "Soci\xe9t\xe9.xml" /* "Société.xml" in ISO 8859-1 */

/* A private copy of the Lot 7 example, the working directory, so files can be changed. */
static void copy_example(void)
{
	char cmd[1024];
	const char *dir = t_dir();
	snprintf(cmd, sizeof(cmd), "cp -r '%s/rules' '%s/bids' '%s/'", TOP_SRCDIR, TOP_SRCDIR, dir);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(chdir(dir), 0, "paths are recorded as given, relative to here");
}

/* What `calloff evaluate RULES BIDDIR --marks MARKS -o out` does. */
static void record(const char *biddir)
{
	const char *bid_args[] = {biddir};
	co_audit_options o = {.rules = "rules/dorset-lot7-live-in-care.yaml", .bid_args = bid_args, .nbid_args = 1,
	                      .marks = "bids/marks/dorset-lot7-marks.xml", .output = "out"};
	co_diags *d = co_diags_new();
	cr_assert_eq(t_record(&o, d, NULL), 0, "%s", t_diags_text(d));
	co_diags_free(d);
}

/* out/audit.json as a document, to be changed and written back with put(). */
static json_t *get(void)
{
	json_t *a = json_load_file("out/audit.json", 0, NULL);
	cr_assert_not_null(a);
	return a;
}

static void put(json_t *a)
{
	cr_assert_eq(json_dump_file(a, "out/audit.json", JSON_INDENT(2) | JSON_PRESERVE_ORDER), 0);
	json_decref(a);
}

static json_t *input(json_t *a, size_t i)
{
	return json_array_get(json_object_get(a, "inputs"), i);
}

/* The path of the bundled copy of input i. */
static char *copy_of(size_t i)
{
	json_t *a = get();
	char *p = NULL;
	cr_assert(asprintf(&p, "out/inputs/%s", json_string_value(json_object_get(input(a, i), "sha256"))) > 0);
	json_decref(a);
	return p;
}

/* The differences (and notes) of the record's and the bundle's checks, as replay makes them. */
typedef struct {
	int record, inputs, folder;
	co_diags *diff, *notes;
} checks;

static checks check(const co_replay_options *o)
{
	checks c = {.diff = co_diags_new(), .notes = co_diags_new()};
	co_audit *a = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_audit_load_with(&a, "out", o, d), 0, "%s", t_diags_text(d));
	c.record = co_audit_check_record(a, c.diff, c.notes);
	c.inputs = co_audit_verify_inputs(a, o && o->originals, c.diff, c.notes);
	c.folder = co_audit_check_folder(a, c.diff);
	co_audit_free(a);
	co_diags_free(d);
	return c;
}

static void checks_free(checks *c)
{
	co_diags_free(c->diff);
	co_diags_free(c->notes);
}

/* Where the evaluation would read bid file path from, by co_audit_bid_paths(). */
static char *bid_source(const co_replay_options *o, const char *path)
{
	co_audit *a = NULL;
	co_paths *p = NULL;
	char *src = NULL;
	cr_assert_eq(co_audit_load_with(&a, "out", o, NULL), 0);
	cr_assert_eq(co_audit_bid_paths(a, &p), 0);
	for (size_t i = 0; i < co_paths_count(p); i++)
		if (!strcmp(co_paths_at(p, i), path))
			src = strdup(co_paths_source(p, i));
	co_paths_free(p);
	co_audit_free(a);
	cr_assert_not_null(src, "%s is one of the bids", path);
	return src;
}

Test(replay, a_recorded_evaluation_has_no_difference_and_says_what_it_did_not_check)
{
	copy_example();
	record("bids/lot7");
	checks c = check(NULL);
	cr_assert_eq(c.record + c.inputs + c.folder, 0, "%s", t_diags_text(c.diff));
	co_audit *a = NULL;
	cr_assert_eq(co_audit_load(&a, "out", NULL), 0);
	cr_assert_eq(co_audit_note_unchecked(a, c.notes), 0);
	cr_assert(t_diag_has(c.notes, "not checked: the original files"), "%s", t_diags_text(c.notes));
	co_audit_free(a);
	checks_free(&c);
}

/* Item 8: "sha256": null made replay read the bid from any local path. */
Test(replay, a_bid_without_a_digest_is_read_from_its_path_only_with_originals)
{
	copy_example();
	record("bids/lot7");
	json_t *a = get();
	json_object_set_new(input(a, 4), "sha256", json_null());
	json_object_set_new(input(a, 4), "size", json_null());
	put(a);
	char *src = bid_source(NULL, "bids/lot7/chesil-care-partnership.xml");
	cr_assert_str_eq(src, "", "no file is named, so none is opened");
	free(src);
	co_replay_options o = {.originals = 1};
	src = bid_source(&o, "bids/lot7/chesil-care-partnership.xml");
	char cwd[1024], want[1200];
	cr_assert_not_null(getcwd(cwd, sizeof(cwd)));
	snprintf(want, sizeof(want), "%s/bids/lot7/chesil-care-partnership.xml", cwd);
	cr_assert_str_eq(src, want);
	free(src);
	checks c = check(NULL);
	cr_assert(t_diag_has(c.notes, "chesil-care-partnership.xml:1:1: could not be read at the evaluation"), "%s",
	          t_diags_text(c.notes));
	checks_free(&c);
	c = check(&o);
	cr_assert(t_diag_has(c.diff, "the original can now be read"), "%s", t_diags_text(c.diff));
	checks_free(&c);
}

/*
 * Item 8: a FIFO in place of a copy hung replay and explain. The guard against hanging is
 * alarm(2), not Criterion's .timeout: Criterion 2.4.1's timeout watcher now and then leaks its
 * entry at exit, which the sanitizer build reports as a leak.
 */
Test(replay, a_bundled_copy_that_is_a_fifo_is_a_difference_and_never_read)
{
	alarm(10); /* a replay that waits on the FIFO is killed, and the test fails */
	copy_example();
	record("bids/lot7");
	char *copy = copy_of(14);
	cr_assert_eq(unlink(copy), 0);
	cr_assert_eq(mkfifo(copy, 0600), 0);
	checks c = check(NULL);
	cr_assert_eq(c.inputs, 1);
	cr_assert(t_diag_has(c.diff, "wessex-companions.xml:1:1: the bundled copy"), "%s", t_diags_text(c.diff));
	cr_assert(t_diag_has(c.diff, "is not a regular file"), "%s", t_diags_text(c.diff));
	char *src = bid_source(NULL, "bids/lot7/wessex-companions.xml");
	cr_assert_str_eq(src, "", "the evaluation is not given the FIFO");
	free(src);
	free(copy);
	checks_free(&c);
}

/* Item 8: a link from the bundle to any file was followed, and that file's digest printed. */
Test(replay, a_bundled_copy_that_is_a_link_is_not_followed_and_no_digest_is_shown)
{
	copy_example();
	record("bids/lot7");
	t_write(".", "secret", "root:$6$not-a-real-hash:19000:0:99999:7:::\n");
	char *copy = copy_of(14), secret[1100], cwd[1024];
	cr_assert_not_null(getcwd(cwd, sizeof(cwd)));
	snprintf(secret, sizeof(secret), "%s/secret", cwd);
	cr_assert_eq(unlink(copy), 0);
	cr_assert_eq(symlink(secret, copy), 0);
	checks c = check(NULL);
	cr_assert_eq(c.inputs, 1);
	cr_assert(t_diag_has(c.diff, "is a symbolic link"), "%s", t_diags_text(c.diff));
	cr_assert_not(t_diag_has(c.diff, "SHA-256 "), "no digest is printed: %s", t_diags_text(c.diff));
	free(copy);
	checks_free(&c);
}

/* Item 8: an original of /dev/zero or a FIFO made replay spin or wait for ever. */
Test(replay, originals_are_opened_only_when_asked_and_never_waited_on)
{
	alarm(10); /* a replay that waits on the FIFO is killed, and the test fails */
	copy_example();
	record("bids/lot7");
	cr_assert_eq(mkfifo("fifo.xml", 0600), 0);
	char cwd[1024], fifo[1100];
	cr_assert_not_null(getcwd(cwd, sizeof(cwd)));
	snprintf(fifo, sizeof(fifo), "%s/fifo.xml", cwd);
	json_t *a = get();
	json_object_set_new(input(a, 2), "path", json_string("/dev/zero"));
	json_object_set_new(input(a, 3), "path", json_string(fifo));
	put(a);
	checks c = check(NULL);
	cr_assert_eq(c.inputs, 0, "without --originals no original is opened: %s", t_diags_text(c.diff));
	cr_assert_gt(c.record, 0, "the paths misdescribe the bids (options.bids, order)");
	checks_free(&c);
	co_replay_options o = {.originals = 1};
	c = check(&o);
	cr_assert_eq(c.inputs, 2, "%s", t_diags_text(c.diff));
	cr_assert(t_diag_has(c.diff, "/dev/zero:1:1: the original is not a regular file"), "%s", t_diags_text(c.diff));
	cr_assert(t_diag_has(c.diff, "fifo.xml:1:1: the original is not a regular file"), "%s", t_diags_text(c.diff));
	checks_free(&c);
}

/* Item 9: each misdescription of the inputs, which replay called identical. */
typedef struct {
	char name[48];
	char edit[32]; /* the change misdescribe() makes to the record */
	char said[120];
} misdescription;

static void misdescribe(const char *what)
{
	json_t *a = get(), *ins = json_object_get(a, "inputs");
	if (!strcmp(what, "repeat"))
		json_array_insert_new(ins, 4, json_deep_copy(input(a, 3)));
	else if (!strcmp(what, "marks among bids"))
		json_array_insert_new(ins, 5, json_deep_copy(json_array_get(ins, json_array_size(ins) - 1)));
	else if (!strcmp(what, "size"))
		json_object_set_new(input(a, 2), "size", json_integer(json_integer_value(json_object_get(input(a, 2), "size")) + 1));
	else if (!strcmp(what, "options.bids"))
		json_object_set_new(json_object_get(a, "options"), "bids", json_pack("[s]", "bids/lot8"));
	else if (!strcmp(what, "options.marks"))
		json_object_set_new(json_object_get(a, "options"), "marks", json_string("bids/marks/dorset-lot8-marks.xml"));
	else if (!strcmp(what, "engine.version"))
		json_object_set_new(json_object_get(a, "engine"), "version", json_string("0.0.1"));
	else if (!strcmp(what, "libraries.gsl"))
		json_object_set_new(json_object_get(a, "libraries"), "gsl", json_string("1.16"));
	else if (!strcmp(what, "unknown field"))
		json_object_set_new(input(a, 1), "comment", json_string("checked by hand"));
	else if (!strcmp(what, "result_sha256"))
		json_object_set_new(a, "result_sha256", json_string("0000000000000000000000000000000000000000000000000000000000000000"));
	else if (!strcmp(what, "out of order"))
		json_array_insert_new(ins, 1, json_deep_copy(input(a, 5)));
	else
		cr_assert_fail("no edit %s", what);
	put(a);
}

ParameterizedTestParameters(replay, each_misdescription_of_the_record_is_a_difference)
{
	static misdescription cases[] = {
		{"a bid listed twice", "repeat", "inputs[4] (bids/lot7/bridport-live-in-care.xml): the same path as inputs[3]"},
		{"a marks entry among the bids", "marks among bids", "inputs[5] (bids/marks/dorset-lot7-marks.xml): a marks file among the bids"},
		{"a wrong size", "size", "the record gives its size as"},
		{"changed options.bids", "options.bids", "options.bids: inputs[1] (bids/lot7/acme-live-in-care.xml) is neither"},
		{"changed options.marks", "options.marks", "options.marks: not the path of the marks file"},
		{"another engine version", "engine.version", "engine.version: recorded 0.0.1, this is"},
		{"another library version", "libraries.gsl", "libraries.gsl: recorded 1.16, this engine has"},
		{"a field the format does not define", "unknown field", "inputs[1].comment: a field that calloff-audit/1 does not define"},
		{"a result_sha256 that is not result.json's", "result_sha256", "result_sha256: not the SHA-256"},
		{"bids out of order", "out of order", "out of order; evaluate lists the bids sorted by path"},
	};
	return cr_make_param_array(misdescription, cases, sizeof(cases) / sizeof(*cases));
}

ParameterizedTest(misdescription *m, replay, each_misdescription_of_the_record_is_a_difference)
{
	copy_example();
	record("bids/lot7");
	misdescribe(m->edit);
	checks c = check(NULL);
	cr_assert_gt(c.record + c.inputs + c.folder, 0, "%s: no difference", m->name);
	cr_assert(t_diag_has(c.diff, m->said), "%s: expected '%s' in:\n%s", m->name, m->said, t_diags_text(c.diff));
	checks_free(&c);
}

/* The officer's decisions file and the portal's receipt log, in the working directory (issue 21). */
static void write_decisions_and_receipts(void)
{
	FILE *f = fopen("decisions.yaml", "w");
	cr_assert_not_null(f);
	fputs("calloff-decisions: 1\ncompetition: DCF-L7-2026-01\ndecisions:\n  - id: D1\n    kind: tie\n"
	      "    award: [B-L7-010]\n    by: \"A. Officer, Category Manager\"\n    at: 2026-12-03T10:00:00Z\n"
	      "    reason: \"Chosen by lot in the presence of two witnesses.\"\n",
	      f);
	cr_assert_eq(fclose(f), 0);
	f = fopen("receipts.csv", "w");
	cr_assert_not_null(f);
	fputs("file,received\nacme-live-in-care.xml,2026-11-28T10:15:00Z\n", f);
	cr_assert_eq(fclose(f), 0);
}

/* What `calloff evaluate RULES bids/lot7 --marks MARKS --decisions decisions.yaml --receipts receipts.csv -o out` records. */
static void record_with_decisions(void)
{
	const char *bid_args[] = {"bids/lot7"};
	co_audit_options o = {.rules = "rules/dorset-lot7-live-in-care.yaml", .bid_args = bid_args, .nbid_args = 1,
	                      .marks = "bids/marks/dorset-lot7-marks.xml", .decisions = "decisions.yaml",
	                      .receipts = "receipts.csv", .output = "out"};
	co_diags *d = co_diags_new();
	write_decisions_and_receipts();
	cr_assert_eq(t_record(&o, d, NULL), 0, "%s", t_diags_text(d));
	co_diags_free(d);
}

Test(replay, the_decisions_and_the_receipts_are_recorded_after_the_marks_and_read_from_their_copies)
{
	copy_example();
	record_with_decisions();
	json_t *a = get(), *o = json_object_get(a, "options");
	cr_assert_eq(json_array_size(json_object_get(a, "inputs")), 19, "rules, 15 bids, marks, decisions, receipts");
	cr_assert_str_eq(t_str(input(a, 16), "role"), "marks");
	cr_assert_str_eq(t_str(input(a, 17), "role"), "decisions");
	cr_assert_str_eq(t_str(input(a, 17), "path"), "decisions.yaml");
	cr_assert_str_eq(t_str(input(a, 18), "role"), "receipts");
	cr_assert_str_eq(t_str(input(a, 18), "path"), "receipts.csv");
	cr_assert_str_eq(t_str(o, "decisions"), "decisions.yaml");
	cr_assert_str_eq(t_str(o, "receipts"), "receipts.csv");
	json_decref(a);
	char *dcopy = copy_of(17), *rcopy = copy_of(18);
	cr_assert_eq(system("cmp -s decisions.yaml out/inputs/$(sha256sum decisions.yaml | cut -c1-64)"), 0,
	             "the copy is named by its digest and byte-identical");
	cr_assert_eq(system("cmp -s receipts.csv out/inputs/$(sha256sum receipts.csv | cut -c1-64)"), 0);
	co_audit *au = NULL;
	cr_assert_eq(co_audit_load(&au, "out", NULL), 0);
	cr_assert_str_eq(co_audit_decisions_path(au), "decisions.yaml");
	cr_assert_str_eq(co_audit_decisions_source(au), dcopy, "read from the bundle, not the original");
	cr_assert_str_eq(co_audit_receipts_path(au), "receipts.csv");
	cr_assert_str_eq(co_audit_receipts_source(au), rcopy);
	cr_assert_str_eq(co_audit_marks_path(au), "bids/marks/dorset-lot7-marks.xml", "the marks are found before them");
	co_audit_free(au);
	free(dcopy);
	free(rcopy);
	checks c = check(NULL);
	cr_assert_eq(c.record + c.inputs + c.folder, 0, "%s", t_diags_text(c.diff));
	checks_free(&c);
	co_replay_options orig = {.originals = 1};
	c = check(&orig);
	cr_assert_eq(c.record + c.inputs + c.folder, 0, "%s", t_diags_text(c.diff));
	checks_free(&c);
}

Test(replay, a_record_without_decisions_has_null_for_them_and_one_made_before_them_has_no_such_keys)
{
	copy_example();
	record("bids/lot7");
	json_t *a = get(), *o = json_object_get(a, "options");
	cr_assert(json_is_null(json_object_get(o, "decisions")), "written as null");
	cr_assert(json_is_null(json_object_get(o, "receipts")), "written as null");
	json_object_del(o, "decisions");
	json_object_del(o, "receipts");
	put(a);
	checks c = check(NULL);
	cr_assert_eq(c.record + c.inputs + c.folder, 0, "a record of before: %s", t_diags_text(c.diff));
	checks_free(&c);
	co_audit *au = NULL;
	cr_assert_eq(co_audit_load(&au, "out", NULL), 0);
	cr_assert_null(co_audit_decisions_path(au));
	cr_assert_null(co_audit_decisions_source(au));
	cr_assert_null(co_audit_receipts_path(au));
	cr_assert_null(co_audit_receipts_source(au));
	co_audit_free(au);
}

/* A record that misplaces the decisions file or the receipt log, or misnames them in its options. */
static void misplace(const char *what)
{
	json_t *a = get(), *ins = json_object_get(a, "inputs"), *o = json_object_get(a, "options");
	if (!strcmp(what, "decisions among bids"))
		json_array_insert_new(ins, 5, json_deep_copy(input(a, 17)));
	else if (!strcmp(what, "decisions among bids only")) {
		json_array_insert_new(ins, 5, json_deep_copy(input(a, 17)));
		json_array_remove(ins, 18);
	} else if (!strcmp(what, "receipts first")) {
		json_t *r = json_deep_copy(input(a, 18));
		json_array_remove(ins, 18);
		json_array_insert_new(ins, 17, r);
	} else if (!strcmp(what, "decisions before marks")) {
		json_t *d = json_deep_copy(input(a, 17));
		json_array_remove(ins, 17);
		json_array_insert_new(ins, 16, d);
	} else if (!strcmp(what, "decisions twice"))
		json_array_insert_new(ins, 18, json_deep_copy(input(a, 17)));
	else if (!strcmp(what, "decisions no digest")) {
		json_object_set_new(input(a, 17), "sha256", json_null());
		json_object_set_new(input(a, 17), "size", json_null());
	} else if (!strcmp(what, "options.decisions null"))
		json_object_set_new(o, "decisions", json_null());
	else if (!strcmp(what, "options.decisions missing"))
		json_object_del(o, "decisions");
	else if (!strcmp(what, "options.receipts other"))
		json_object_set_new(o, "receipts", json_string("other.csv"));
	else if (!strcmp(what, "no receipts input")) {
		json_array_remove(ins, 18);
	} else
		cr_assert_fail("no edit %s", what);
	put(a);
}

ParameterizedTestParameters(replay, a_record_that_misplaces_the_decisions_or_the_receipts_is_refused)
{
	static misdescription cases[] = {
		{"decisions among the bids", "decisions among bids", "inputs[5] (decisions.yaml): a decisions file among the bids"},
		{"decisions only among the bids", "decisions among bids only", "options.decisions: not the path of the decisions file the record lists (none)"},
		{"the receipts before the decisions", "receipts first", "inputs[17] (receipts.csv): a receipt log out of place"},
		{"the decisions before the marks", "decisions before marks", "inputs[16] (decisions.yaml): a decisions file out of place"},
		{"the decisions twice", "decisions twice", "inputs[17] (decisions.yaml): a decisions file out of place"},
		{"the decisions without a digest", "decisions no digest", "inputs[17] (decisions.yaml): no digest"},
		{"options.decisions null", "options.decisions null", "options.decisions: not the path of the decisions file the record lists (decisions.yaml)"},
		{"options.decisions left out", "options.decisions missing", "options.decisions: not the path of the decisions file"},
		{"options.receipts another file", "options.receipts other", "options.receipts: not the path of the receipt log the record lists (receipts.csv)"},
		{"options.receipts with no such input", "no receipts input", "options.receipts: not the path of the receipt log the record lists (none)"},
	};
	return cr_make_param_array(misdescription, cases, sizeof(cases) / sizeof(*cases));
}

ParameterizedTest(misdescription *m, replay, a_record_that_misplaces_the_decisions_or_the_receipts_is_refused)
{
	copy_example();
	record_with_decisions();
	misplace(m->edit);
	checks c = check(NULL);
	cr_assert_gt(c.record + c.inputs + c.folder, 0, "%s: no difference", m->name);
	cr_assert(t_diag_has(c.diff, m->said), "%s: expected '%s' in:\n%s", m->name, m->said, t_diags_text(c.diff));
	checks_free(&c);
}

Test(replay, a_changed_bundled_copy_of_the_decisions_or_the_receipts_is_a_difference_that_names_it)
{
	copy_example();
	record_with_decisions();
	char *dcopy = copy_of(17), *rcopy = copy_of(18);
	FILE *f = fopen(dcopy, "r+b");
	cr_assert_not_null(f);
	cr_assert_eq(fseek(f, 20, SEEK_SET), 0);
	int ch = getc(f);
	cr_assert_eq(fseek(f, 20, SEEK_SET), 0);
	putc(ch ^ 1, f);
	cr_assert_eq(fclose(f), 0);
	checks c = check(NULL);
	cr_assert_eq(c.inputs, 1, "%s", t_diags_text(c.diff));
	cr_assert(t_diag_has(c.diff, "decisions.yaml:1:1: the bundled copy"), "%s", t_diags_text(c.diff));
	checks_free(&c);
	cr_assert_eq(unlink(rcopy), 0);
	c = check(NULL);
	cr_assert_eq(c.inputs, 2, "%s", t_diags_text(c.diff));
	cr_assert(t_diag_has(c.diff, "receipts.csv:1:1: the bundled copy"), "%s", t_diags_text(c.diff));
	checks_free(&c);
	free(dcopy);
	free(rcopy);
	cr_assert_eq(system("echo 'other.xml,2026-11-28T10:15:00Z' >> receipts.csv"), 0);
	co_replay_options orig = {.originals = 1};
	c = check(&orig);
	cr_assert(t_diag_has(c.diff, "receipts.csv:1:1: the original was changed"), "%s", t_diags_text(c.diff));
	checks_free(&c);
}

/* Item 9: --allow-version makes another version a note that says what it means, not a difference. */
Test(replay, another_version_allowed_is_a_note_that_says_what_it_means)
{
	copy_example();
	record("bids/lot7");
	misdescribe("engine.version");
	co_replay_options o = {.allow_version = 1};
	checks c = check(&o);
	cr_assert_eq(c.record, 0, "%s", t_diags_text(c.diff));
	cr_assert(t_diag_has(c.notes, "engine.version: recorded 0.0.1"), "%s", t_diags_text(c.notes));
	cr_assert(t_diag_has(c.notes, "the versions differ (--allow-version)"), "%s", t_diags_text(c.notes));
	checks_free(&c);
}

/* Item 9: with --originals, the folders given are listed again and must hold the recorded bids. */
Test(replay, with_originals_a_bid_folder_that_now_holds_another_file_is_a_difference)
{
	copy_example();
	record("bids/lot7");
	cr_assert_eq(system("cp bids/lot7/acme-live-in-care.xml bids/lot7/zz-late.xml && rm bids/lot7/wessex-companions.xml"), 0);
	co_replay_options o = {.originals = 1};
	checks c = check(&o);
	cr_assert(t_diag_has(c.diff, "options.bids: the folder bids/lot7 now holds bids/lot7/zz-late.xml"), "%s",
	          t_diags_text(c.diff));
	cr_assert(t_diag_has(c.diff, "options.bids: the folder bids/lot7 no longer holds bids/lot7/wessex-companions.xml"),
	          "%s", t_diags_text(c.diff));
	checks_free(&c);
}

/* Item 9: an output folder holds the evaluation only. */
Test(replay, every_file_the_record_does_not_list_is_a_difference)
{
	copy_example();
	record("bids/lot7");
	t_write("out", "notes.txt", "x\n");
	t_write("out", "summaries/extra.md", "x\n");
	t_write("out", "inputs/0000000000000000000000000000000000000000000000000000000000000000", "x\n");
	checks c = check(NULL);
	cr_assert_eq(c.folder, 3, "%s", t_diags_text(c.diff));
	cr_assert(t_diag_has(c.diff, "out/notes.txt:1:1: the record does not list this"), "%s", t_diags_text(c.diff));
	cr_assert(t_diag_has(c.diff, "out/summaries/extra.md:1:1: the record does not list this"), "%s", t_diags_text(c.diff));
	cr_assert(t_diag_has(c.diff, "out/inputs/0000000000000000000000000000000000000000000000000000000000000000:1:1"), "%s",
	          t_diags_text(c.diff));
	checks_free(&c);
}

/* Item 10: a Latin-1 file name was lost from audit.json; it is kept byte for byte and read back. */
Test(replay, a_bid_file_name_that_is_not_utf8_is_recorded_and_read_back_byte_for_byte)
{
	copy_example();
	cr_assert_eq(system("mkdir latin1 && cp bids/lot7/*.xml latin1/ && mv latin1/wessex-companions.xml 'latin1/" LATIN1 "'"),
	             0);
	record("latin1");
	json_t *a = get();
	cr_assert_str_eq(json_string_value(json_object_get(input(a, 1), "path_bytes")), "latin1/Soci\\xe9t\\xe9.xml");
	cr_assert_str_eq(json_string_value(json_object_get(input(a, 1), "path")), "latin1/Soci\xEF\xBF\xBDt\xEF\xBF\xBD.xml");
	json_decref(a);
	char *src = bid_source(NULL, "latin1/" LATIN1);
	cr_assert(strstr(src, "out/inputs/"), "read from its copy: %s", src);
	free(src);
	checks c = check(NULL);
	cr_assert_eq(c.record + c.inputs + c.folder, 0, "%s", t_diags_text(c.diff));
	checks_free(&c);
}

/* ---- the outputs compared as they are rendered (co_audit_compare_begin/sink/finish) ------------ */

/* The evaluation of the bundle in out/, rendered into the streaming comparison in pieces of at most piece bytes (0: as rendered). */
typedef struct {
	const co_output_sink *to;
	size_t piece;
} chopper;

static int chop_begin(void *arg, const char *name)
{
	const chopper *c = arg;
	return c->to->begin(c->to->arg, name);
}

static int chop_write(void *arg, const char *data, size_t len)
{
	const chopper *c = arg;
	int rc = 0;
	for (size_t off = 0; off < len && !rc; off += c->piece)
		rc = c->to->write(c->to->arg, data + off, len - off < c->piece ? len - off : c->piece);
	return rc;
}

static int chop_end(void *arg)
{
	const chopper *c = arg;
	return c->to->end(c->to->arg);
}

static int compare_streamed(co_diags *diff, size_t piece)
{
	co_audit *a = NULL;
	co_rules *rules = NULL;
	co_result *res = NULL;
	co_paths *bids = NULL;
	co_compare *cmp = NULL;
	co_output_sink sink;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_audit_load(&a, "out", d), 0, "%s", t_diags_text(d));
	cr_assert_eq(co_audit_bid_paths(a, &bids), 0);
	cr_assert_eq(co_rules_load_from(&rules, co_audit_rules_path(a), co_audit_rules_source(a), d), 0);
	cr_assert_eq(co_evaluate_from(&res, rules, bids, co_audit_marks_path(a), co_audit_marks_source(a), d), 0);
	cr_assert_eq(co_audit_compare_begin(a, diff, &cmp), 0);
	co_audit_compare_sink(cmp, &sink);
	chopper ch = {.to = &sink, .piece = piece};
	co_output_sink chopped = {.begin = chop_begin, .write = chop_write, .end = chop_end, .arg = &ch};
	cr_assert_eq(co_render_each(res, co_audit_option(a, "ocid_prefix"), piece ? &chopped : &sink), 0);
	int n = co_audit_compare_finish(cmp);
	co_audit_compare_free(cmp);
	co_paths_free(bids);
	co_result_free(res);
	co_rules_free(rules);
	co_audit_free(a);
	co_diags_free(d);
	return n;
}

/* Replace the byte at (line, col) of path (1-based) with c. */
static void poke(const char *path, int line, int col, char c)
{
	FILE *f = fopen(path, "r+");
	int ch, l = 1, k = 1;
	long off = 0;
	cr_assert_not_null(f);
	while ((l < line || k < col) && (ch = fgetc(f)) != EOF) {
		off++;
		if (ch == '\n') {
			l++;
			k = 1;
		} else {
			k++;
		}
	}
	cr_assert_eq(l * 1000 + k, line * 1000 + col, "%s has a byte at %d:%d", path, line, col);
	cr_assert_eq(fseek(f, off, SEEK_SET), 0);
	cr_assert_eq(fputc(c, f), c);
	cr_assert_eq(fclose(f), 0);
}

Test(compare, an_identical_bundle_streamed_has_no_difference_in_any_piece_size)
{
	copy_example();
	record("bids/lot7");
	size_t pieces[] = {0, 1, 7, 4096};
	for (size_t i = 0; i < sizeof(pieces) / sizeof(*pieces); i++) {
		co_diags *diff = co_diags_new();
		cr_assert_eq(compare_streamed(diff, pieces[i]), 0, "pieces of %zu: %s", pieces[i], t_diags_text(diff));
		cr_assert_eq(co_diags_count(diff), 0);
		co_diags_free(diff);
	}
}

Test(compare, one_output_edited_in_the_folder_is_one_difference_at_the_edited_byte)
{
	copy_example();
	record("bids/lot7");
	poke("out/scores.csv", 3, 5, '#');
	size_t pieces[] = {0, 1, 3, 65536};
	for (size_t i = 0; i < sizeof(pieces) / sizeof(*pieces); i++) {
		co_diags *diff = co_diags_new();
		cr_assert_eq(compare_streamed(diff, pieces[i]), 1, "pieces of %zu: %s", pieces[i], t_diags_text(diff));
		cr_assert_eq(co_diags_count(diff), 1, "%s", t_diags_text(diff));
		cr_assert_str_eq(co_diags_at(diff, 0),
		                 "out/scores.csv:3:5: the file differs from the recorded evaluation from here (it was edited)");
		co_diags_free(diff);
	}
}

Test(compare, a_file_longer_than_its_output_differs_where_the_output_ends)
{
	copy_example();
	record("bids/lot7");
	FILE *f = fopen("out/scores.csv", "r");
	int ch, lines = 0;
	while ((ch = fgetc(f)) != EOF)
		lines += ch == '\n';
	fclose(f);
	f = fopen("out/scores.csv", "a");
	fputs("extra\n", f);
	fclose(f);
	co_diags *diff = co_diags_new();
	cr_assert_eq(compare_streamed(diff, 0), 1, "%s", t_diags_text(diff));
	char want[200];
	snprintf(want, sizeof(want), "out/scores.csv:%d:1: the file differs from the recorded evaluation from here (it was edited)",
	         lines + 1);
	cr_assert_str_eq(co_diags_at(diff, 0), want);
	co_diags_free(diff);
}

Test(compare, an_edited_result_json_names_the_field_in_any_piece_size)
{
	copy_example();
	record("bids/lot7");
	cr_assert_eq(system("sed -i '0,/\"total\": \"[0-9]/s/\"total\": \"\\([0-9]\\)/\"total\": \"9\\1/' out/result.json"), 0);
	size_t pieces[] = {0, 1, 100};
	for (size_t i = 0; i < sizeof(pieces) / sizeof(*pieces); i++) {
		co_diags *diff = co_diags_new();
		cr_assert_eq(compare_streamed(diff, pieces[i]), 1, "pieces of %zu: %s", pieces[i], t_diags_text(diff));
		cr_assert(strstr(co_diags_at(diff, 0), "out/result.json:") &&
		              strstr(co_diags_at(diff, 0), "the file differs from the recorded evaluation from here (it was edited)"),
		          "%s", t_diags_text(diff));
		cr_assert_eq(co_diags_count(diff), 2, "the edit, then the one field it changed: %s", t_diags_text(diff));
		cr_assert(strstr(co_diags_at(diff, 1), "out/result.json:1:1: bid ") && strstr(co_diags_at(diff, 1), ": total 9"),
		          "%s", t_diags_text(diff));
		co_diags_free(diff);
	}
}

Test(compare, an_output_missing_from_the_folder_or_the_record_is_a_difference_each)
{
	copy_example();
	record("bids/lot7");
	cr_assert_eq(unlink("out/report.html"), 0);
	json_t *a = get();
	json_t *outs = json_object_get(a, "outputs");
	size_t i, gone = 0;
	json_t *x;
	char name[200] = "";
	json_array_foreach(outs, i, x) if (!strncmp(t_str(x, "file"), "summaries/", 10)) gone = i;
	snprintf(name, sizeof(name), "%s", t_str(json_array_get(outs, gone), "file"));
	cr_assert_eq(json_array_remove(outs, gone), 0);
	json_t *ghost = json_pack("{s:s, s:i, s:s}", "file", "summaries/nobody.md", "size", 3, "sha256",
	                          "0000000000000000000000000000000000000000000000000000000000000000");
	cr_assert_eq(json_array_append_new(outs, ghost), 0);
	put(a);
	co_diags *diff = co_diags_new();
	cr_assert_eq(compare_streamed(diff, 0), 3, "%s", t_diags_text(diff));
	char want[400];
	cr_assert_str_eq(co_diags_at(diff, 0), "out/report.html:1:1: the output file is missing");
	cr_assert_str_eq(co_diags_at(diff, 1), "out/summaries/nobody.md:1:1: the record lists an output this engine does not produce");
	snprintf(want, sizeof(want), "out:1:1: the record does not list %s, which this engine produces", name);
	cr_assert_str_eq(co_diags_at(diff, 2), want);
	cr_assert_eq(co_diags_count(diff), 3);
	co_diags_free(diff);
}

Test(compare, outputs_in_any_order_are_found_by_name)
{
	copy_example();
	record("bids/lot7");
	co_rules *rules = NULL;
	co_result *res = NULL;
	co_output *outs = NULL;
	size_t n = 0;
	co_audit *a = NULL;
	const char *bids[] = {"bids/lot7"};
	cr_assert_eq(t_result(&rules, &res, "rules/dorset-lot7-live-in-care.yaml", bids, 1, "bids/marks/dorset-lot7-marks.xml", NULL), 0);
	cr_assert_eq(co_render_outputs(res, NULL, &outs, &n), 0);
	cr_assert_gt(n, 10);
	for (size_t i = 0; i < n / 2; i++) { /* reversed */
		co_output t = outs[i];
		outs[i] = outs[n - 1 - i];
		outs[n - 1 - i] = t;
	}
	cr_assert_eq(co_audit_load(&a, "out", NULL), 0);
	co_diags *diff = co_diags_new();
	cr_assert_eq(co_audit_compare_outputs(a, outs, n, diff), 0, "%s", t_diags_text(diff));
	/* one output given twice: the record lists it once, so the second is a difference */
	cr_assert_eq(co_audit_compare_outputs(a, outs, n - 1, diff), 1, "%s", t_diags_text(diff));
	char want[300];
	snprintf(want, sizeof(want), "out/%s:1:1: the record lists an output this engine does not produce", outs[n - 1].name);
	cr_assert_str_eq(co_diags_at(diff, 0), want);
	co_diags_free(diff);
	co_audit_free(a);
	co_outputs_free(outs, n);
	co_result_free(res);
	co_rules_free(rules);
}

/*
 * An evaluation of n price-only bids, each of its own supplier, recorded in out/ (a record whose
 * lists are long: n + 1 inputs, 4 + 2n outputs). The number of outputs rendered.
 */
static size_t record_competition(int bids)
{
	cr_assert_eq(chdir(t_dir()), 0);
	t_write(".", "r.yaml", RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 0, price: 100}\n"
	                                  "prices:\n  - {id: p, max: 1000, weight: 100}\n"
	                                  "publication: {date: 2026-12-20T09:30:00Z}\n"); /* else no ocds.json */
	for (int i = 0; i < bids; i++) {
		char file[64], id[32], sup[32], price[32];
		snprintf(file, sizeof(file), "bids/b%03d.xml", i);
		snprintf(id, sizeof(id), "B-%03d", i);
		snprintf(sup, sizeof(sup), "GB-COH-%03d", i);
		snprintf(price, sizeof(price), "p=%d", 100 + i);
		t_put_bid(".", file, id, sup, "2026-11-01T12:00:00Z", "", price, NULL, NULL);
	}
	const char *bid_args[] = {"bids"};
	co_audit_options o = {.rules = "r.yaml", .bid_args = bid_args, .nbid_args = 1, .output = "out"};
	co_diags *d = co_diags_new();
	size_t n = 0;
	cr_assert_eq(t_record(&o, d, &n), 0, "%s", t_diags_text(d));
	co_diags_free(d);
	return n;
}

/* A generated competition of many suppliers: hundreds of summaries, each found by its name. */
Test(compare, a_competition_of_many_outputs_is_identical_and_a_changed_summary_is_found)
{
	cr_assert_eq(record_competition(400), 4 + 2 * 400, "every supplier has a summary in two forms");
	co_diags *diff = co_diags_new();
	cr_assert_eq(compare_streamed(diff, 0), 0, "%s", t_diags_text(diff));
	poke("out/summaries/GB-COH-237.md", 1, 1, '!');
	cr_assert_eq(compare_streamed(diff, 0), 1, "%s", t_diags_text(diff));
	cr_assert_str_eq(co_diags_at(diff, 0),
	                 "out/summaries/GB-COH-237.md:1:1: the file differs from the recorded evaluation from here (it was edited)");
	co_diags_free(diff);
}

Test(compare, finishing_with_an_output_begun_and_not_ended_is_co_error)
{
	copy_example();
	record("bids/lot7");
	co_audit *a = NULL;
	co_compare *cmp = NULL;
	co_output_sink sink;
	co_diags *diff = co_diags_new();
	cr_assert_eq(co_audit_load(&a, "out", NULL), 0);
	cr_assert_eq(co_audit_compare_begin(a, diff, &cmp), 0);
	co_audit_compare_sink(cmp, &sink);
	cr_assert_eq(sink.begin(sink.arg, "scores.csv"), 0);
	cr_assert_eq(sink.write(sink.arg, "x", 1), 0, "a difference is no failure of the sink");
	cr_assert_eq(co_audit_compare_finish(cmp), CO_ERROR);
	co_audit_compare_free(cmp);
	co_audit_free(a);
	co_diags_free(diff);
}

/* ---- the record read one entry at a time ---------------------------------------------------- */


/* The record's own checks of out/audit.json: their count, and what they said, in diff. */
static int record_checks(co_diags *diff)
{
	co_audit *a = NULL;
	co_diags *d = co_diags_new(), *notes = co_diags_new();
	cr_assert_eq(co_audit_load(&a, "out", d), 0, "%s", t_diags_text(d));
	int n = co_audit_check_record(a, diff, notes);
	co_audit_free(a);
	co_diags_free(d);
	co_diags_free(notes);
	return n;
}

/* Every object in v (recursively) with its keys in the reverse order. */
static json_t *reversed(json_t *v)
{
	if (json_is_array(v)) {
		json_t *r = json_array();
		for (size_t i = 0; i < json_array_size(v); i++)
			json_array_append_new(r, reversed(json_array_get(v, i)));
		return r;
	}
	if (!json_is_object(v))
		return json_incref(v);
	const char *keys[64];
	size_t n = 0;
	const char *k;
	json_t *x;
	json_object_foreach(v, k, x) if (n < 64) keys[n++] = k;
	json_t *r = json_object();
	while (n--)
		json_object_set_new(r, keys[n], reversed(json_object_get(v, keys[n])));
	return r;
}

Test(stream, a_long_record_in_its_own_layout_re_indented_or_reordered_is_the_same_record)
{
	record_competition(300); /* 301 inputs, 604 outputs */
	co_diags *diff = co_diags_new();
	cr_assert_eq(record_checks(diff), 0, "%s", t_diags_text(diff));
	json_t *a = json_load_file("out/audit.json", JSON_PRESERVE_ORDER, NULL);
	cr_assert_eq(json_array_size(json_object_get(a, "inputs")), 301);
	cr_assert_eq(json_array_size(json_object_get(a, "outputs")), 604);
	/* re-indented: as today, the layout is no part of the record */
	cr_assert_eq(json_dump_file(a, "out/audit.json", JSON_INDENT(7) | JSON_PRESERVE_ORDER), 0);
	cr_assert_eq(record_checks(diff), 0, "%s", t_diags_text(diff));
	cr_assert_eq(json_dump_file(a, "out/audit.json", JSON_COMPACT | JSON_PRESERVE_ORDER), 0);
	cr_assert_eq(record_checks(diff), 0, "%s", t_diags_text(diff));
	/* every object's keys reversed: the lists come before the options, the outputs before the inputs */
	json_t *r = reversed(a);
	cr_assert_eq(json_dump_file(r, "out/audit.json", JSON_INDENT(1) | JSON_PRESERVE_ORDER), 0);
	cr_assert_eq(record_checks(diff), 0, "%s", t_diags_text(diff));
	json_decref(r);
	json_decref(a);
	co_diags_free(diff);
}

Test(stream, an_entry_changed_in_the_middle_of_long_lists_is_said_as_before)
{
	record_competition(300); /* 301 inputs, 604 outputs */
	json_t *a = json_load_file("out/audit.json", JSON_PRESERVE_ORDER, NULL);
	json_t *ins = json_object_get(a, "inputs"), *outs = json_object_get(a, "outputs");
	json_object_set_new(json_array_get(ins, 150), "size", json_string("12"));
	json_object_set_new(json_array_get(ins, 151), "also_given_as", json_array());
	json_object_set_new(json_array_get(outs, 300), "colour", json_string("red"));
	/* two bids swapped: the second is out of order */
	json_t *x = json_incref(json_array_get(ins, 200));
	json_array_set(ins, 200, json_array_get(ins, 201));
	json_array_set_new(ins, 201, x);
	for (int layout = 0; layout < 2; layout++) {
		cr_assert_eq(json_dump_file(a, "out/audit.json", (layout ? JSON_INDENT(3) : JSON_INDENT(2)) | JSON_PRESERVE_ORDER),
		             0);
		co_diags *diff = co_diags_new();
		cr_assert_eq(record_checks(diff), 4, "%s", t_diags_text(diff));
		cr_assert_str_eq(co_diags_at(diff, 0), "out/audit.json:1:1: inputs[150].size: not a byte count");
		cr_assert_str_eq(co_diags_at(diff, 1),
		                 "out/audit.json:1:1: inputs[151].also_given_as: not a bid's list of other names");
		cr_assert_str_eq(co_diags_at(diff, 2), "out/audit.json:1:1: inputs[201] (bids/b199.xml): out of order; "
		                                       "evaluate lists the bids sorted by path");
		cr_assert_str_eq(co_diags_at(diff, 3),
		                 "out/audit.json:1:1: outputs[300].colour: a field that calloff-audit/1 does not define");
		co_diags_free(diff);
	}
	json_decref(a);
}

Test(stream, an_entry_that_is_not_valid_or_not_json_in_the_middle_is_refused_in_the_same_words)
{
	record_competition(300); /* 301 inputs, 604 outputs */
	json_t *a = json_load_file("out/audit.json", JSON_PRESERVE_ORDER, NULL);
	json_object_set_new(json_array_get(json_object_get(a, "outputs"), 400), "file", json_string("../x"));
	put(a);
	co_audit *au = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_audit_load(&au, "out", d), CO_EINVALID);
	cr_assert_eq(co_diags_count(d), 1, "%s", t_diags_text(d));
	cr_assert_str_eq(co_diags_at(d, 0), "out/audit.json:1:1: output 401 of the record is not valid");
	/* a syntax error inside an entry: located in the file, in jansson's words, as the whole document gave it */
	cr_assert_eq(system("sed -i '0,/\"role\": \"bid\"/! {0,/\"role\": \"bid\"/ s/\"role\": \"bid\"/\"role\" \"bid\"/}' "
	                    "out/audit.json"),
	             0);
	json_error_t err;
	cr_assert_null(json_load_file("out/audit.json", 0, &err));
	char want[400];
	snprintf(want, sizeof(want), "out/audit.json:%d:%d: not valid JSON: %s", err.line, err.column, err.text);
	co_diags_free(d);
	d = co_diags_new();
	cr_assert_eq(co_audit_load(&au, "out", d), CO_EINVALID);
	cr_assert_eq(co_diags_count(d), 1, "%s", t_diags_text(d));
	cr_assert_str_eq(co_diags_at(d, 0), want);
	cr_assert_gt(err.line, 20, "the error is inside the list of inputs, not at its start");
	co_diags_free(d);
}
