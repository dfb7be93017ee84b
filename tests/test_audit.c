/* The audit record and bundle: a run recorded, replayed, tampered with, and refused where it must be. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "helpers.h"
#include <libxml/xmlversion.h>

static int entries(const char *dir);

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
	return t_record(&o, d, NULL);
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
	cr_assert_eq(record("fresh/new/out", 0, d), CO_EINVALID);
	struct stat st;
	cr_assert_neq(stat("fresh/new/out", &st), 0, "the folder it created is removed again: %s", t_diags_text(d));
	cr_assert_neq(stat("fresh", &st), 0, "and the folders above it that it created");
	cr_assert_eq(entries("."), 2, "nothing but rules/ and bids/ is left");
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

/* The steps of `calloff evaluate ... -o OUT` up to the point where the evaluation reads its inputs. */
static co_audit *begin(const char *out, const char *const *bid_args, size_t nbids, int force, co_paths **paths,
                       co_diags *d)
{
	co_audit_options o = {.rules = "rules/dorset-lot7-live-in-care.yaml", .bid_args = bid_args,
	                      .nbid_args = nbids, .marks = "bids/marks/dorset-lot7-marks.xml", .output = out,
	                      .force = force};
	co_audit *a = NULL;
	cr_assert_eq(co_paths_expand(paths, bid_args, nbids, d), 0);
	cr_assert_eq(co_audit_begin(&a, &o, *paths, d), 0, "%s", t_diags_text(d));
	return a;
}

Test(audit, a_second_record_of_the_same_folder_is_refused_while_the_first_writes_it)
{
	copy_example();
	const char *bid_args[] = {"bids/lot7"};
	co_diags *d = co_diags_new();
	co_paths *p1 = NULL, *p2 = NULL;
	co_audit *a1 = begin("out", bid_args, 1, 0, &p1, d), *a2 = begin("./out/", bid_args, 1, 1, &p2, d);
	cr_assert_eq(co_audit_check_outdir(a1, d), 0, "%s", t_diags_text(d));
	cr_assert_eq(co_audit_snapshot(a1, d), 0, "%s", t_diags_text(d));
	cr_assert_eq(co_audit_check_outdir(a2, d), CO_EINVALID, "another spelling of the same folder is the same lock");
	cr_assert(t_diag_has(d, "./out/:1:1: another evaluation is writing this folder"), "%s", t_diags_text(d));
	co_audit_free(a2);
	co_audit_free(a1); /* the first ends without publishing: nothing is left */
	cr_assert_eq(entries("."), 2, "no staging folder, no lock file: %d entries", entries("."));
	co_paths_free(p2);
	a2 = begin("out", bid_args, 1, 0, &p2, d);
	cr_assert_eq(co_audit_check_outdir(a2, d), 0, "the lock was let go: %s", t_diags_text(d));
	co_audit_free(a2);
	co_paths_free(p1);
	co_paths_free(p2);
	co_diags_free(d);
}

Test(audit, what_a_killed_run_left_beside_the_folder_is_removed_by_the_next)
{
	copy_example();
	cr_assert_eq(record("out", 0, NULL), 0);
	t_write(".", ".out.calloff-staging-Ab12Cd/inputs/x", "half a bundle");
	t_write(".", ".out.calloff-staging-Ab12Cd/summaries/y.md", "half an evaluation");
	t_write(".", ".out.calloff-lock", "");
	t_write(".", ".out.calloff-staging-Ab12C", "not a staging folder: 5 characters");
	t_write(".", ".other.calloff-staging-Ab12Cd/x", "another folder's");
	cr_assert_eq(record("out", 0, NULL), 0);
	struct stat st;
	cr_assert_neq(stat(".out.calloff-staging-Ab12Cd", &st), 0);
	cr_assert_neq(stat(".out.calloff-lock", &st), 0);
	cr_assert_eq(stat(".out.calloff-staging-Ab12C", &st), 0);
	cr_assert_eq(stat(".other.calloff-staging-Ab12Cd/x", &st), 0);
}

Test(audit, a_forced_record_leaves_nothing_of_the_previous_evaluation)
{
	copy_example();
	cr_assert_eq(record("out", 0, NULL), 0);
	/* What an evaluation of other bids would have left: a summary and a bundled copy this one has not. */
	t_write("out", "summaries/GB-COH-99999999.md", "an old supplier's summary");
	t_write("out", "inputs/0000000000000000000000000000000000000000000000000000000000000000", "an old bid");
	t_write("out", "notes.txt", "a note beside the old evaluation");
	flip("bids/lot7/acme-live-in-care.xml");
	cr_assert_eq(record("out", 1, NULL), 0);
	cr_assert_eq(entries("out/summaries"), 24, "the summaries of the new evaluation only");
	cr_assert_eq(entries("out/inputs"), 17, "the rules, the marks and the 15 bids");
	cr_assert_eq(entries("out"), 7, "the outputs, audit.json, inputs/ and summaries/");
	cr_assert_eq(entries("."), 3, "rules/, bids/ and out/ only");
}

Test(audit, a_bid_over_its_limit_is_recorded_by_size_and_digest_and_never_read_again)
{
	copy_example();
	const char *bid_args[] = {"bids/lot7", "huge.xml"};
	int fd = open("huge.xml", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	cr_assert_eq(ftruncate(fd, 20L * 1024 * 1024), 0); /* sparse: nothing is written */
	close(fd);
	co_diags *d = co_diags_new();
	co_paths *paths = NULL, *read = NULL;
	co_audit *a = begin("out", bid_args, 2, 0, &paths, d);
	co_rules *rules = NULL;
	co_result *res = NULL;
	co_output *outs = NULL;
	size_t n = 0;
	cr_assert_eq(co_audit_check_outdir(a, d), 0);
	cr_assert_eq(co_audit_snapshot(a, d), 0, "%s", t_diags_text(d));
	/* The original becomes a small, valid bid after it was hashed: it must not be scored. */
	cr_assert_eq(system("cp bids/lot7/wessex-companions.xml huge.xml"), 0);
	cr_assert_eq(co_audit_bid_paths(a, &read), 0);
	cr_assert_eq(co_rules_load_from(&rules, co_audit_rules_path(a), co_audit_rules_source(a), d), 0);
	cr_assert_eq(co_evaluate_from(&res, rules, read, co_audit_marks_path(a), co_audit_marks_source(a), d), 0);
	cr_assert_eq(co_render_outputs(res, NULL, &outs, &n), 0);
	cr_assert_eq(co_audit_commit(a, outs, n, d), 0, "%s", t_diags_text(d));
	json_t *r = json_load_file("out/result.json", 0, NULL), *x, *in = json_load_file("out/audit.json", 0, NULL);
	size_t i;
	int found = 0;
	json_array_foreach(json_object_get(r, "bids"), i, x)
	{
		if (strcmp(t_str(x, "file"), "huge.xml") != 0)
			continue;
		found++;
		cr_assert_str_eq(t_str(x, "status"), "rejected");
		const char *detail = t_str(json_array_get(json_object_get(x, "reasons"), 0), "detail");
		cr_assert(strstr(detail, "file is 20971520 bytes, larger than the limit of 16777216 bytes"), "%s", detail);
	}
	cr_assert_eq(found, 1);
	json_array_foreach(json_object_get(in, "inputs"), i, x)
	{
		if (strcmp(t_str(x, "path"), "huge.xml") != 0)
			continue;
		cr_assert_eq(json_integer_value(json_object_get(x, "size")), 20971520);
		cr_assert_eq(json_integer_value(json_object_get(x, "limit")), 16777216);
		cr_assert_not_null(json_object_get(x, "not_bundled"));
		/* the SHA-256 of 20 MiB of zeros, as sha256sum gives it */
		cr_assert_str_eq(t_str(x, "sha256"), "cd52d81e25f372e6fa4db2c0dfceb59862c1969cab17096da352b34950c973cc");
	}
	struct stat st;
	cr_assert_neq(stat("out/over-limit", &st), 0, "the stand-in is not published");
	json_decref(r);
	json_decref(in);
	co_outputs_free(outs, n);
	co_result_free(res);
	co_rules_free(rules);
	co_audit_free(a);
	co_paths_free(read);
	co_paths_free(paths);
	co_diags_free(d);
}

Test(audit, the_same_bid_file_given_twice_is_recorded_once_with_its_other_name)
{
	copy_example();
	const char *bid_args[] = {"bids/lot7", "./bids/lot7/wessex-companions.xml"};
	co_diags *d = co_diags_new();
	co_paths *paths = NULL;
	co_audit *a = begin("out", bid_args, 2, 0, &paths, d);
	cr_assert_eq(co_paths_count(paths), 15);
	cr_assert_str_eq(co_paths_same_file(paths, 0, 0), "bids/lot7/wessex-companions.xml");
	cr_assert_null(co_paths_same_file(paths, 0, 1));
	co_audit_free(a);
	co_paths_free(paths);
	co_diags_free(d);
}

/* begin, then something done to the files, then snapshot: what the snapshot says. */
static int snapshot_after(const char *out, void (*change)(void), co_diags *d, co_audit **kept)
{
	const char *bid_args[] = {"bids/lot7"};
	co_audit_options o = {.rules = "rules/dorset-lot7-live-in-care.yaml", .bid_args = bid_args, .nbid_args = 1,
	                      .marks = "bids/marks/dorset-lot7-marks.xml", .output = out};
	co_paths *paths = NULL;
	co_audit *a = NULL;
	cr_assert_eq(co_paths_expand(&paths, bid_args, 1, d), 0);
	cr_assert_eq(co_audit_begin(&a, &o, paths, d), 0, "%s", t_diags_text(d));
	change();
	int rc = co_audit_snapshot(a, d);
	co_paths_free(paths);
	if (kept)
		*kept = a;
	else
		co_audit_free(a);
	return rc;
}

static void grow_a_bid(void)
{
	FILE *f = fopen("bids/lot7/acme-live-in-care.xml", "ab");
	cr_assert_not_null(f);
	fputs("<!-- added after the digest -->\n", f);
	fclose(f);
}

static void shrink_the_marks(void)
{
	cr_assert_eq(truncate("bids/marks/dorset-lot7-marks.xml", 100), 0);
}

static void remove_a_bid(void)
{
	cr_assert_eq(unlink("bids/lot7/acme-live-in-care.xml"), 0);
}

Test(audit, an_input_that_grows_or_shrinks_between_its_listing_and_its_copy_is_refused)
{
	copy_example();
	co_diags *d = co_diags_new();
	cr_assert_eq(snapshot_after("out", grow_a_bid, d, NULL), CO_EINVALID);
	cr_assert(strstr(t_diags_text(d), "acme-live-in-care.xml:1:1: the file changed while the evaluation was being recorded"),
	          "%s", t_diags_text(d));
	co_diags_free(d);
	d = co_diags_new();
	cr_assert_eq(snapshot_after("out2", shrink_the_marks, d, NULL), CO_EINVALID);
	cr_assert(strstr(t_diags_text(d), "dorset-lot7-marks.xml:1:1: the file changed"), "%s", t_diags_text(d));
	co_diags_free(d);
	cr_assert_eq(access("out", F_OK), -1, "nothing published");
}

Test(audit, a_bid_gone_before_its_copy_is_recorded_unreadable_and_its_copy_path_is_made_on_demand)
{
	copy_example();
	co_diags *d = co_diags_new();
	co_audit *a = NULL;
	co_paths *read = NULL;
	cr_assert_eq(snapshot_after("out", remove_a_bid, d, &a), 0, "%s", t_diags_text(d));
	cr_assert_eq(co_audit_bid_paths(a, &read), 0);
	size_t gone = 0, copied = 0;
	for (size_t i = 0; i < co_paths_count(read); i++) {
		const char *p = co_paths_at(read, i), *src = co_paths_source(read, i);
		if (strstr(p, "acme-live-in-care.xml")) {
			gone++;
			cr_assert(src == NULL || strstr(src, "/inputs/") == NULL, "no copy for %s: %s", p, src ? src : "(path)");
		} else {
			copied++;
			cr_assert(src && strstr(src, "/inputs/") && strlen(strrchr(src, '/') + 1) == 64,
			          "%s is read from its copy, named by its digest: %s", p, src ? src : "(none)");
			cr_assert_eq(access(src, R_OK), 0, "%s", src);
		}
	}
	cr_assert_eq(gone, 1);
	cr_assert_gt(copied, 1);
	co_paths_free(read);
	co_audit_free(a);
	co_diags_free(d);
}

Test(audit, inputs_with_the_same_bytes_share_one_copy_and_no_temporary_name_is_left)
{
	copy_example();
	cr_assert_eq(system("cp bids/lot7/acme-live-in-care.xml bids/lot7/zz-same-bytes.xml"), 0);
	co_diags *d = co_diags_new();
	cr_assert_eq(record("out", 0, d), 0, "%s", t_diags_text(d));
	DIR *dir = opendir("out/inputs");
	cr_assert_not_null(dir);
	size_t n = 0;
	for (struct dirent *e; (e = readdir(dir));) {
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		cr_assert_eq(strlen(e->d_name), 64, "only copies named by their digest: %s", e->d_name);
		n++;
	}
	closedir(dir);
	DIR *bids = opendir("bids/lot7");
	size_t files = 0;
	for (struct dirent *e; (e = readdir(bids));)
		files += strstr(e->d_name, ".xml") != NULL;
	closedir(bids);
	/* every bid file, the rules and the marks, but the two files with the same bytes once */
	cr_assert_eq(n, files + 2 - 1, "%zu copies for %zu bid files", n, files);
	co_diags *diff = co_diags_new(), *notes = co_diags_new();
	cr_assert_eq(replay("out", diff, notes), 0, "%s", t_diags_text(diff));
	co_diags_free(diff);
	co_diags_free(notes);
	co_diags_free(d);
}

Test(audit, a_commit_that_failed_is_never_retried_into_a_record_that_lists_fewer_outputs)
{
	copy_example();
	const char *bid_args[] = {"bids/lot7"};
	co_audit_options o = {.rules = "rules/dorset-lot7-live-in-care.yaml", .bid_args = bid_args, .nbid_args = 1,
	                      .marks = "bids/marks/dorset-lot7-marks.xml", .output = "out"};
	co_diags *d = co_diags_new();
	co_paths *paths = NULL, *read = NULL;
	co_audit *a = NULL;
	co_rules *rules = NULL;
	co_result *res = NULL;
	co_output_sink sink;
	cr_assert_eq(co_paths_expand(&paths, bid_args, 1, d), 0);
	cr_assert_eq(co_audit_begin(&a, &o, paths, d), 0);
	cr_assert_eq(co_audit_snapshot(a, d), 0, "%s", t_diags_text(d));
	cr_assert_eq(co_audit_bid_paths(a, &read), 0);
	cr_assert_eq(co_rules_load_from(&rules, o.rules, co_audit_rules_source(a), d), 0);
	cr_assert_eq(co_evaluate_from(&res, rules, read, o.marks, co_audit_marks_source(a), d), 0);
	cr_assert_eq(co_audit_output_sink(a, d, &sink), 0);
	cr_assert_eq(co_render_each(res, NULL, &sink), 0);
	cr_assert_eq(mkdir("out", 0777), 0, "someone else makes the folder during the run");
	cr_assert_eq(co_audit_commit(a, NULL, 0, d), CO_EIO);
	cr_assert(strstr(t_diags_text(d), "made by someone else"), "%s", t_diags_text(d));
	cr_assert_eq(rmdir("out"), 0);
	cr_assert_eq(co_audit_commit(a, NULL, 0, d), CO_ERROR, "the outputs written are no longer listed");
	cr_assert_eq(co_audit_output_sink(a, d, &sink), CO_ERROR);
	cr_assert_eq(access("out", F_OK), -1, "nothing published");
	co_result_free(res);
	co_rules_free(rules);
	co_paths_free(read);
	co_paths_free(paths);
	co_audit_free(a);
	co_diags_free(d);
}

/* A decisions file or a receipt log over its reader's limit is refused before it is copied, with the reader's words. */
Test(audit, a_decisions_file_or_a_receipt_log_over_its_limit_is_refused_before_it_is_copied)
{
	static const struct {
		const char *name;
		long size;
		const char *said;
	} cases[] = {
		{"decisions.yaml", 4L * 1024 * 1024 + 1, "decisions.yaml:1:1: file is 4194305 bytes, larger than the limit of 4194304 bytes"},
		{"receipts.csv", 16L * 1024 * 1024 + 1, "receipts.csv:1:1: file is 16777217 bytes, larger than the limit of 16777216 bytes"},
	};
	copy_example();
	const char *bid_args[] = {"bids/lot7"};
	for (size_t k = 0; k < 2; k++) {
		int fd = open(cases[k].name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		cr_assert_eq(ftruncate(fd, cases[k].size), 0); /* sparse: nothing is written */
		close(fd);
		co_audit_options o = {.rules = "rules/dorset-lot7-live-in-care.yaml", .bid_args = bid_args, .nbid_args = 1,
		                      .marks = "bids/marks/dorset-lot7-marks.xml", .output = "out"};
		if (k == 0)
			o.decisions = cases[k].name;
		else
			o.receipts = cases[k].name;
		co_diags *d = co_diags_new();
		co_paths *paths = NULL;
		co_audit *a = NULL;
		cr_assert_eq(co_paths_expand(&paths, bid_args, 1, d), 0);
		cr_assert_eq(co_audit_begin(&a, &o, paths, d), CO_ETOOBIG, "%s", cases[k].name);
		cr_assert_null(a);
		cr_assert(t_diag_has(d, cases[k].said), "%s", t_diags_text(d));
		cr_assert_eq(access("out", F_OK), -1, "nothing written");
		co_paths_free(paths);
		co_diags_free(d);
		/* One byte under: listed, to be hashed as it is copied. */
		cr_assert_eq(truncate(cases[k].name, cases[k].size - 1), 0);
		d = co_diags_new();
		cr_assert_eq(co_paths_expand(&paths, bid_args, 1, d), 0);
		cr_assert_eq(co_audit_begin(&a, &o, paths, d), 0, "%s", t_diags_text(d));
		co_audit_free(a);
		co_paths_free(paths);
		co_diags_free(d);
	}
}

/* A decisions file that is gone, or a FIFO, is the run's error, never waited on (as the marks file). */
Test(audit, a_decisions_file_that_cannot_be_read_is_the_runs_error)
{
	copy_example();
	const char *bid_args[] = {"bids/lot7"};
	cr_assert_eq(mkfifo("fifo.yaml", 0644), 0);
	const char *bad[] = {"gone.yaml", "fifo.yaml"};
	for (size_t k = 0; k < 2; k++) {
		co_audit_options o = {.rules = "rules/dorset-lot7-live-in-care.yaml", .bid_args = bid_args, .nbid_args = 1,
		                      .marks = "bids/marks/dorset-lot7-marks.xml", .decisions = bad[k], .output = "out"};
		co_diags *d = co_diags_new();
		co_paths *paths = NULL;
		co_audit *a = NULL;
		cr_assert_eq(co_paths_expand(&paths, bid_args, 1, d), 0);
		cr_assert_eq(co_audit_begin(&a, &o, paths, d), CO_EIO, "%s", bad[k]);
		cr_assert(strstr(t_diags_text(d), bad[k]), "%s", t_diags_text(d));
		co_paths_free(paths);
		co_diags_free(d);
	}
}
