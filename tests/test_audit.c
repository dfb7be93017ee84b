/* The audit record and bundle: a run recorded, replayed, tampered with, and refused where it must be. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "helpers.h"
#include <libxml/xmlversion.h>

/* A private copy of the Lot 7 example, so files can be changed. */
static const char *copy_example(void)
{
	static char dir[256];
	char cmd[1024];
	snprintf(dir, sizeof(dir), "%s", t_dir());
	snprintf(cmd, sizeof(cmd), "cp -r '%s/rules' '%s/bids' '%s/'", TOP_SRCDIR, TOP_SRCDIR, dir);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(chdir(dir), 0, "paths are recorded as given, relative to here");
	return dir;
}

/* What `calloff evaluate RULES bids/lot7 --marks MARKS -o OUT [--force]` does. */
static int record(const char *out, int force, co_diags *d)
{
	const char *bid_args[] = {"bids/lot7"};
	co_audit_options o = {.rules = "rules/dorset-lot7-live-in-care.yaml", .bid_args = bid_args, .nbid_args = 1,
	                      .marks = "bids/marks/dorset-lot7-marks.xml", .output = out, .force = force};
	co_paths *paths = NULL, *read = NULL;
	co_audit *a = NULL;
	co_rules *rules = NULL;
	co_result *res = NULL;
	co_output *outs = NULL;
	size_t n = 0;
	int rc = co_paths_expand(&paths, bid_args, 1, d);
	if (!rc)
		rc = co_audit_begin(&a, &o, paths, d);
	if (!rc)
		rc = co_audit_check_outdir(a, d);
	if (!rc)
		rc = co_audit_snapshot(a, d);
	if (!rc)
		rc = co_audit_bid_paths(a, &read);
	if (!rc)
		rc = co_rules_load_from(&rules, o.rules, co_audit_rules_source(a), d);
	if (!rc)
		rc = co_evaluate_from(&res, rules, read, o.marks, co_audit_marks_source(a), d);
	if (!rc)
		rc = co_render_outputs(res, NULL, &outs, &n);
	if (!rc)
		rc = co_audit_commit(a, outs, n, d);
	co_outputs_free(outs, n);
	co_result_free(res);
	co_rules_free(rules);
	co_audit_free(a);
	co_paths_free(read);
	co_paths_free(paths);
	return rc;
}

/* What `calloff replay OUT` does; returns the number of differences. */
static int replay(const char *out, co_diags *diff, co_diags *notes)
{
	co_audit *a = NULL;
	co_rules *rules = NULL;
	co_paths *bids = NULL;
	co_result *res = NULL;
	co_output *outs = NULL;
	size_t n = 0;
	cr_assert_eq(co_audit_load(&a, out, NULL), 0);
	int d = co_audit_verify_inputs(a, 1, diff, notes);
	cr_assert_eq(co_rules_load_from(&rules, co_audit_rules_path(a), co_audit_rules_source(a), NULL), 0);
	cr_assert_eq(co_audit_bid_paths(a, &bids), 0);
	if (co_evaluate_from(&res, rules, bids, co_audit_marks_path(a), co_audit_marks_source(a), NULL) == 0 &&
	    co_render_outputs(res, NULL, &outs, &n) == 0)
		d += co_audit_compare_outputs(a, outs, n, diff);
	co_outputs_free(outs, n);
	co_result_free(res);
	co_paths_free(bids);
	co_rules_free(rules);
	co_audit_free(a);
	return d;
}

static void flip(const char *path)
{
	FILE *f = fopen(path, "r+b");
	cr_assert_not_null(f, "%s", path);
	fseek(f, 0, SEEK_END);
	long mid = ftell(f) / 2;
	fseek(f, mid, SEEK_SET);
	int c = getc(f);
	fseek(f, mid, SEEK_SET);
	putc(c ^ 1, f);
	fclose(f);
}

/* The bundled copy of an input, found through the audit record. */
static char *bundled(const char *out, const char *suffix)
{
	char p[600];
	snprintf(p, sizeof(p), "%s/audit.json", out);
	json_t *a = json_load_file(p, 0, NULL);
	size_t i;
	json_t *x;
	char *found = NULL;
	json_array_foreach(json_object_get(a, "inputs"), i, x)
	{
		const char *path = t_str(x, "path");
		if (strlen(path) >= strlen(suffix) && strcmp(path + strlen(path) - strlen(suffix), suffix) == 0) {
			found = malloc(700);
			snprintf(found, 700, "%s/inputs/%s", out, t_str(x, "sha256"));
		}
	}
	json_decref(a);
	return found;
}

Test(audit, a_recorded_evaluation_replays_identically)
{
	copy_example();
	co_diags *d = co_diags_new(), *diff = co_diags_new(), *notes = co_diags_new();
	cr_assert_eq(record("out", 0, d), 0, "%s", t_diags_text(d));
	cr_assert_eq(replay("out", diff, notes), 0, "%s", t_diags_text(diff));
	cr_assert_eq(co_diags_count(notes), 0);
	json_t *a = json_load_file("out/audit.json", 0, NULL);
	cr_assert_str_eq(t_str(a, "format"), "calloff-audit/1");
	cr_assert_eq(json_array_size(json_object_get(a, "inputs")), 17, "rules, 15 bids, marks");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(a, "inputs"), 0), "role"), "rules");
	cr_assert_str_eq(t_str(json_object_get(a, "libraries"), "libxml2"), LIBXML_DOTTED_VERSION);
	/* The result digest is the SHA-256 of result.json (checked independently with sha256sum). */
	FILE *p = popen("sha256sum out/result.json", "r");
	char sum[65] = "";
	cr_assert_eq(fscanf(p, "%64s", sum), 1);
	pclose(p);
	cr_assert_str_eq(t_str(a, "result_sha256"), sum);
	json_decref(a);
	co_diags_free(d);
	co_diags_free(diff);
	co_diags_free(notes);
}

static void tampered(const char *target_is_bundled_suffix, const char *original, const char *expect_file,
                     const char *expect_text)
{
	copy_example();
	co_diags *diff = co_diags_new();
	cr_assert_eq(record("out", 0, NULL), 0);
	char *b = target_is_bundled_suffix ? bundled("out", target_is_bundled_suffix) : NULL;
	flip(b ? b : original);
	cr_assert_gt(replay("out", diff, NULL), 0, "a flipped byte in %s is found", b ? b : original);
	int found = 0;
	for (size_t i = 0; i < co_diags_count(diff); i++)
		found |= strstr(co_diags_at(diff, i), expect_file) && strstr(co_diags_at(diff, i), expect_text);
	cr_assert(found, "expected '%s' about %s in:\n%s", expect_text, expect_file, t_diags_text(diff));
	free(b);
	co_diags_free(diff);
}

Test(audit, a_flipped_byte_in_a_bundled_bid_is_reported)
{
	tampered("wessex-companions.xml", NULL, "bids/lot7/wessex-companions.xml:", "bundled copy");
}

Test(audit, a_flipped_byte_in_an_original_bid_is_reported)
{
	tampered(NULL, "bids/lot7/acme-live-in-care.xml", "bids/lot7/acme-live-in-care.xml:", "original was changed");
}

Test(audit, a_flipped_byte_in_the_rules_is_reported)
{
	tampered(NULL, "rules/dorset-lot7-live-in-care.yaml", "rules/dorset-lot7-live-in-care.yaml:", "original was changed");
}

Test(audit, a_flipped_byte_in_the_marks_is_reported)
{
	tampered(NULL, "bids/marks/dorset-lot7-marks.xml", "dorset-lot7-marks.xml:", "original was changed");
}

Test(audit, a_flipped_byte_in_result_json_is_reported_with_its_place)
{
	tampered(NULL, "out/result.json", "out/result.json:", "it was edited");
}

Test(audit, an_edited_bundled_rule_file_changes_the_result_and_is_reported)
{
	copy_example();
	co_diags *diff = co_diags_new();
	cr_assert_eq(record("out", 0, NULL), 0);
	char *b = bundled("out", "dorset-lot7-live-in-care.yaml");
	/* Change n: 5 to n: 4 in the bundled copy: a real change to the award. */
	char cmd[800];
	snprintf(cmd, sizeof(cmd), "sed -i 's/^  n: 5$/  n: 4/' '%s'", b);
	cr_assert_eq(system(cmd), 0);
	cr_assert_geq(replay("out", diff, NULL), 2, "%s", t_diags_text(diff));
	cr_assert(t_diag_has(diff, "bundled copy"), "%s", t_diags_text(diff));
	cr_assert(t_diag_has(diff, "a fresh evaluation gives different bytes"), "%s", t_diags_text(diff));
	free(b);
	co_diags_free(diff);
}

Test(audit, moved_originals_are_a_note_and_the_bundle_replays)
{
	copy_example();
	co_diags *diff = co_diags_new(), *notes = co_diags_new();
	cr_assert_eq(record("out", 0, NULL), 0);
	cr_assert_eq(rename("bids", "bids.archived"), 0);
	cr_assert_eq(replay("out", diff, notes), 0, "%s", t_diags_text(diff));
	cr_assert(t_diag_has(notes, "bids/lot7/acme-live-in-care.xml:1:1: the original is gone"), "%s", t_diags_text(notes));
	co_diags_free(diff);
	co_diags_free(notes);
}

Test(audit, a_folder_holding_another_evaluation_is_refused_unless_forced)
{
	copy_example();
	co_diags *d = co_diags_new();
	cr_assert_eq(record("out", 0, NULL), 0);
	cr_assert_eq(record("out", 0, NULL), 0, "the same evaluation again is fine");
	flip("bids/lot7/acme-live-in-care.xml");
	cr_assert_eq(record("out", 0, d), CO_EINVALID);
	cr_assert(t_diag_has(d, "out:1:1: the folder holds a different evaluation"), "%s", t_diags_text(d));
	cr_assert_eq(record("out", 1, NULL), 0, "--force replaces it");
	co_diags_free(d);
}

static int entries(const char *dir)
{
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (d)
		closedir(d);
	return n;
}

Test(audit, a_full_disk_leaves_the_previous_evaluation_intact)
{
	copy_example();
	cr_assert_eq(record("out", 0, NULL), 0);
	char *before = NULL;
	size_t len = 0;
	FILE *f = fopen("out/result.json", "rb");
	FILE *m = open_memstream(&before, &len);
	int c;
	while ((c = getc(f)) != EOF)
		putc(c, m);
	fclose(f);
	fclose(m);
	flip("bids/lot7/acme-live-in-care.xml");
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit rl = {4096, 4096}; /* bids copy, but result.json (over 30 KB) cannot be written */
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
	co_diags *d = co_diags_new();
	cr_assert_neq(record("out", 1, d), 0);
	cr_assert(t_diag_has(d, "cannot write"), "%s", t_diags_text(d));
	f = fopen("out/result.json", "rb");
	char *after = calloc(1, len + 1);
	cr_assert_eq(fread(after, 1, len + 1, f), len);
	fclose(f);
	cr_assert_eq(memcmp(before, after, len), 0, "the previous result.json is intact");
	cr_assert_eq(entries("out"), 7, "the outputs, audit.json, inputs/ and summaries/: no temporary or staging file is left");
	cr_assert_eq(entries("out/summaries"), 24, "two summaries for each of the 12 suppliers not rejected, and nothing else");
	free(before);
	free(after);
	co_diags_free(d);
}

Test(audit, a_failed_run_into_a_new_folder_leaves_nothing)
{
	copy_example();
	co_diags *d = co_diags_new();
	/* Marks off the scale: the run fails after the inputs were staged. */
	cr_assert_eq(system("sed -i '0,/value=\"4\"/s//value=\"9\"/' bids/marks/dorset-lot7-marks.xml"), 0);
	cr_assert_eq(record("fresh/out", 0, d), CO_EINVALID);
	struct stat st;
	cr_assert_neq(stat("fresh/out", &st), 0, "the folder it created is removed again: %s", t_diags_text(d));
	co_diags_free(d);
}

Test(audit, a_record_that_names_files_outside_its_folder_is_refused)
{
	const char *dir = t_dir();
	t_write(dir, "audit.json",
	        "{\"format\": \"calloff-audit/1\", \"inputs\": [{\"role\": \"rules\", \"path\": \"r.yaml\", "
	        "\"sha256\": \"../../etc/passwd\"}], \"outputs\": []}");
	co_audit *a = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_audit_load(&a, dir, d), CO_EINVALID);
	cr_assert(t_diag_has(d, "input 1 of the record is not valid"), "%s", t_diags_text(d));
	co_diags_free(d);
	d = co_diags_new();
	t_write(dir, "audit.json",
	        "{\"format\": \"calloff-audit/1\", \"inputs\": [{\"role\": \"rules\", \"path\": \"r.yaml\", \"sha256\": null}], "
	        "\"outputs\": [{\"file\": \"../result.json\", \"sha256\": "
	        "\"0000000000000000000000000000000000000000000000000000000000000000\"}]}");
	cr_assert_eq(co_audit_load(&a, dir, d), CO_EINVALID);
	cr_assert(t_diag_has(d, "output 1 of the record is not valid"), "%s", t_diags_text(d));
	co_diags_free(d);
}
