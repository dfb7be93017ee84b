/* Evaluator packs: anonymous, exactly truncated, labels shuffled by the recorded seed, with a complete key. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include "evaluating/readbids.h"
#include "helpers.h"

static co_paths *expand(const char *dir)
{
	co_paths *p = NULL;
	const char *args[] = {dir};
	cr_assert_eq(co_paths_expand(&p, args, 1, NULL), 0);
	return p;
}

static co_rules *load(const char *path)
{
	co_rules *r = NULL;
	cr_assert_eq(co_rules_load(&r, path, NULL), 0);
	return r;
}

/* Moved from test_panel.c, with their assertions. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "%s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *s = malloc((size_t)n + 1);
	cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

static void no_identity(const char *rules_path, const char *bids_dir, const char *pack_dir)
{
	co_rules *r = load(rules_path);
	co_paths *p = expand(bids_dir);
	co_result *res = co_result_alloc(r);
	cr_assert_eq(co_result_read_bids(res, p, 1, NULL, 1), 0);
	cr_assert_gt(res->n, 0, "the bids whose names are looked for in each pack");
	DIR *d = opendir(pack_dir);
	struct dirent *e;
	int files = 0;
	while ((e = readdir(d))) {
		if (!strstr(e->d_name, ".md"))
			continue;
		char path[600];
		snprintf(path, sizeof(path), "%s/%s", pack_dir, e->d_name);
		char *text = slurp(path);
		for (size_t i = 0; i < res->n; i++) {
			const co_bid *b = res->entries[i].bid;
			const char *ids[] = {b->supplier_name, b->supplier_id, b->id, strrchr(b->file, '/') + 1};
			for (int k = 0; k < 4; k++)
				cr_assert(!ids[k] || !strstr(text, ids[k]), "%s contains '%s'", e->d_name, ids[k]);
		}
		free(text);
		files++;
	}
	closedir(d);
	cr_assert_eq((size_t)files, r->nq, "one pack per question");
	co_result_free(res);
	co_paths_free(p);
	co_rules_free(r);
}

Test(packs, packs_hold_no_supplier_name_or_id_and_the_key_maps_every_label)
{
	const char *out = t_dir();
	co_rules *r = load(TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml");
	co_paths *p = expand(TOP_SRCDIR "/bids/lot7");
	char key[600];
	snprintf(key, sizeof(key), "%s/key.json", t_dir());
	cr_assert_eq(co_packs(r, p, &(co_packs_options){.dir = out, .key = key, .seed = 42}, NULL), 0);
	no_identity(TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", TOP_SRCDIR "/bids/lot7", out);
	json_t *k = json_load_file(key, 0, NULL);
	cr_assert_eq(json_integer_value(json_object_get(k, "seed")), 42, "the seed is recorded");
	json_t *labels = json_object_get(k, "labels");
	cr_assert_eq(json_array_size(labels), 9, "every eligible bid has a label");
	char q1[600];
	snprintf(q1, sizeof(q1), "%s/Q1.md", out);
	char *pack = slurp(q1);
	size_t i;
	json_t *l;
	const char *seen[16];
	json_array_foreach(labels, i, l)
	{
		char heading[64];
		snprintf(heading, sizeof(heading), "## %s\n", t_str(l, "label"));
		cr_assert(strstr(pack, heading), "%s is in the pack", t_str(l, "label"));
		seen[i] = t_str(l, "bid");
		for (size_t j = 0; j < i; j++)
			cr_assert_str_neq(seen[j], seen[i], "each label maps to a different bid");
	}
	free(pack);
	json_decref(k);
	/* The same seed gives the same labels; another seed shuffles them. */
	const char *out2 = t_dir(), *out3 = t_dir();
	char k2[600], k3[600];
	snprintf(k2, sizeof(k2), "%s/key.json", t_dir());
	snprintf(k3, sizeof(k3), "%s/key.json", t_dir());
	cr_assert_eq(co_packs(r, p, &(co_packs_options){.dir = out2, .key = k2, .seed = 42}, NULL), 0);
	cr_assert_eq(co_packs(r, p, &(co_packs_options){.dir = out3, .key = k3, .seed = 43}, NULL), 0);
	char *a = slurp(key), *b = slurp(k2), *c = slurp(k3);
	cr_assert_str_eq(a, b);
	cr_assert_str_neq(strstr(a, "\"labels\""), strstr(c, "\"labels\""));
	free(a);
	free(b);
	free(c);
	co_paths_free(p);
	co_rules_free(r);
}

Test(packs, packs_cut_responses_exactly_at_the_word_limit)
{
	const char *rules = RULES_HEAD "award: {mode: top_n, n: 5}\nweights: {quality: 100, price: 0}\n"
	                               "questions:\n  - {id: Q1, weight: 100, max_words: 5}\n";
	const char *dir = t_dir(), *out = t_dir();
	/* "A clear answer." + 4 words = 7 words; the limit is 5. */
	t_put_bid(dir, "b1.xml", "B1", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1= four five six seven", "", NULL, NULL);
	co_rules *r = NULL;
	cr_assert_eq(co_rules_load(&r, t_write(t_dir(), "r.yaml", rules), NULL), 0);
	co_paths *p = expand(dir);
	char key[600];
	snprintf(key, sizeof(key), "%s/key.json", t_dir());
	cr_assert_eq(co_packs(r, p, &(co_packs_options){.dir = out, .key = key, .seed = 1}, NULL), 0);
	char path[600];
	snprintf(path, sizeof(path), "%s/Q1.md", out);
	char *pack = slurp(path);
	cr_assert(strstr(pack, "> A clear answer. four five\n"), "the first 5 words, exactly:\n%s", pack);
	cr_assert_null(strstr(pack, "six"), "nothing beyond the limit is shown");
	cr_assert(strstr(pack, "continues for 2 more words beyond the limit of 5"), "%s", pack);
	free(pack);
	co_paths_free(p);
	co_rules_free(r);
}
