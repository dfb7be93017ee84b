/* Evaluator packs: redaction of exactly the bids in the packs, responses escaped as text, the key kept out of the packs' folder. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "evaluating/readbids.h"
#include "helpers.h"

#define ON_TIME "2026-11-01T12:00:00Z"
#define LATE "2026-12-02T12:00:00Z" /* after RULES_HEAD's deadline */

/* A rule file with one question, Q1, and a word limit when max_words is not 0. */
static const char *rules_yaml(long max_words)
{
	char text[512], limit[64] = "";
	if (max_words)
		snprintf(limit, sizeof(limit), ", max_words: %ld", max_words);
	snprintf(text, sizeof(text),
	         RULES_HEAD "award: {mode: top_n, n: 5}\nweights: {quality: 100, price: 0}\n"
	                    "questions:\n  - {id: Q1, weight: 100%s}\n",
	         limit);
	return t_write(t_dir(), "rules.yaml", text);
}

/* A bid of competition comp whose one response (to Q1) is response, escaped here for XML. */
static void put_bid(const char *dir, const char *file, const char *comp, const char *id, const char *org_id,
                    const char *name, const char *submitted, const char *response)
{
	char *x = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&x, &len);
	cr_assert_not_null(f);
	fprintf(f,
	        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bid xmlns=\"urn:calloff:bid:1\" id=\"%s\" competition=\"%s\">\n"
	        "  <supplier id=\"%s\"><name>%s</name></supplier>\n  <submitted>%s</submitted>\n"
	        "  <responses><response question=\"Q1\">",
	        id, comp, org_id, name, submitted);
	for (const char *p = response; *p; p++)
		fputs(*p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : (char[]){*p, '\0'}, f);
	fputs("</response></responses>\n  <prices></prices>\n</bid>\n", f);
	fclose(f);
	t_write(dir, file, x);
	free(x);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *s = malloc((size_t)n + 1);
	cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

typedef struct {
	char dir[300], key[300];
	char *pack; /* Q1.md as written */
	char *text; /* what a reader sees: escapes and hard breaks undone, lines joined by one space */
	const char *resp; /* text from "## Response 01" on: the responses, not the pack's own words */
} packs;

/* The visible text of a pack: backslash escapes and the character references undone, hard breaks as one space. */
static char *visible(const char *md)
{
	char *out = malloc(strlen(md) + 1), *o = out;
	for (const char *p = md; *p;) {
		static const char *const refs[][2] = {{"&amp;", "&"},  {"&lt;", "<"},   {"&gt;", ">"},  {"&#61;", "="},
		                                      {"&#124;", "|"}, {"&#126;", "~"}, {"&#58;", ":"}, {"&#46;", "."}};
		size_t r = 0;
		while (r < 8 && strncmp(p, refs[r][0], strlen(refs[r][0])))
			r++;
		if (r < 8) {
			*o++ = refs[r][1][0];
			p += strlen(refs[r][0]);
		} else if (*p == '\\' && p[1] && strchr("\\`*_[](){}#+-.!", p[1])) {
			*o++ = p[1];
			p += 2;
		} else if (!strncmp(p, "  \n> ", 5)) {
			*o++ = ' ';
			p += 5;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

/* co_packs on every bid of bids_dir, into fresh folders; the pack and key are read back. */
static packs run(const char *rules_path, const char *bids_dir, unsigned long seed)
{
	packs k = {0};
	snprintf(k.dir, sizeof(k.dir), "%s/packs", t_dir());
	snprintf(k.key, sizeof(k.key), "%s/key.json", t_dir());
	co_rules *r = NULL;
	co_paths *p = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_rules_load(&r, rules_path, d), 0, "%s", t_diags_text(d));
	const char *args[] = {bids_dir};
	cr_assert_eq(co_paths_expand(&p, args, 1, d), 0);
	cr_assert_eq(co_packs(r, p, &(co_packs_options){.dir = k.dir, .key = k.key, .seed = seed}, d), 0, "%s",
	             t_diags_text(d));
	char path[400];
	snprintf(path, sizeof(path), "%s/Q1.md", k.dir);
	k.pack = slurp(path);
	k.text = visible(k.pack);
	k.resp = strstr(k.text, "## Response 01");
	cr_assert_not_null(k.resp, "%s", k.pack);
	co_diags_free(d);
	co_paths_free(p);
	co_rules_free(r);
	return k;
}

static void packs_free(packs *k)
{
	free(k->pack);
	free(k->text);
}

Test(packs_redaction, a_bid_id_that_is_a_common_word_redacts_nothing_in_another_answer)
{
	const char *bids = t_dir();
	put_bid(bids, "a.xml", "T-1", "the", "GB-COH-11111111", "Zephyr Ltd", ON_TIME, "We answer as asked.");
	put_bid(bids, "b.xml", "T-1", "B2", "GB-COH-22222222", "Quorn Ltd", ON_TIME,
	        "Then the council and the tenants agree THE plan.");
	packs k = run(rules_yaml(0), bids, 1);
	cr_assert(strstr(k.resp, "Then the council and the tenants agree THE plan."), "%s", k.pack);
	cr_assert_null(strstr(k.resp, "[redacted]"), "nothing is redacted:\n%s", k.pack);
	packs_free(&k);
}

Test(packs_redaction, a_name_inside_a_longer_word_stays_and_the_name_alone_goes)
{
	const char *bids = t_dir();
	put_bid(bids, "a.xml", "T-1", "B1", "GB-COH-11111111", "Acme", ON_TIME, "We answer as asked.");
	put_bid(bids, "b.xml", "T-1", "B2", "GB-COH-22222222", "Quorn Ltd", ON_TIME,
	        "Our office is in Acmeville, by NotAcme Road, acme2 Street and Acm\xc3\xa9 Lane; we once worked with ACME.");
	packs k = run(rules_yaml(0), bids, 1);
	cr_assert(strstr(k.resp, "Our office is in Acmeville, by NotAcme Road, acme2 Street and Acm\xc3\xa9 Lane; we once "
	                         "worked with [redacted]."),
	          "%s", k.pack);
	packs_free(&k);
}

Test(packs_redaction, the_name_without_its_legal_suffix_and_its_other_forms_are_redacted)
{
	const char *bids = t_dir();
	put_bid(bids, "a.xml", "T-1", "B1", "GB-COH-11111111", "Acme Care Ltd", ON_TIME,
	        "Acme Care will report. ACME CARE LIMITED, Acme Care plc, Acme Care & Co and Acme Care LLP are us. "
	        "Acme\nCare\xc2\xa0staff, and Acme Care\xe2\x80\x99s nurses (acme care) too.");
	put_bid(bids, "b.xml", "T-1", "B2", "GB-COH-22222222", "Quorn Ltd", ON_TIME, "We partner with Acme Care.");
	packs k = run(rules_yaml(0), bids, 1);
	cr_assert(strstr(k.resp, "[redacted] will report. [redacted], [redacted], [redacted] and [redacted] are us. "
	                         "[redacted]\xc2\xa0staff, and [redacted]\xe2\x80\x99s nurses ([redacted]) too."),
	          "%s", k.pack);
	cr_assert(strstr(k.resp, "We partner with [redacted]."), "%s", k.pack);
	cr_assert_null(strcasestr(k.resp, "acme"), "%s", k.pack);
	packs_free(&k);
}

Test(packs_redaction, a_core_name_made_of_common_words_is_not_redacted_alone)
{
	const char *bids = t_dir();
	put_bid(bids, "a.xml", "T-1", "B1", "GB-COH-11111111", "Home Care Services Ltd", ON_TIME,
	        "Home care services are what Home Care Services Ltd gives.");
	packs k = run(rules_yaml(0), bids, 1);
	cr_assert(strstr(k.resp, "> Home care services are what [redacted] gives."), "%s", k.pack);
	packs_free(&k);
}

Test(packs_redaction, the_company_number_of_the_org_id_is_redacted_with_and_without_leading_zeros)
{
	const char *bids = t_dir();
	put_bid(bids, "a.xml", "T-1", "B1", "GB-COH-08123456", "Zephyr Ltd", ON_TIME,
	        "Registered as 08123456 (8123456), org-id GB-COH-08123456; not 081234567 or 108123456.");
	packs k = run(rules_yaml(0), bids, 1);
	cr_assert(strstr(k.resp, "Registered as [redacted] ([redacted]), org-id [redacted]; not 081234567 or 108123456."),
	          "%s", k.pack);
	packs_free(&k);
}

Test(packs_redaction, only_the_bids_in_the_packs_are_redacted_not_late_or_rejected_ones)
{
	const char *bids = t_dir();
	put_bid(bids, "a.xml", "T-1", "B1", "GB-COH-11111111", "Zephyr Ltd", ON_TIME,
	        "We subcontract nights to Borealis Nursing Ltd (GB-COH-33333333, bid B-LATE) and train with Corvid "
	        "Homecare Ltd (GB-COH-44444444, bid B-OTHER).");
	put_bid(bids, "late.xml", "T-1", "B-LATE", "GB-COH-33333333", "Borealis Nursing Ltd", LATE, "Late answer.");
	put_bid(bids, "other.xml", "T-2", "B-OTHER", "GB-COH-44444444", "Corvid Homecare Ltd", ON_TIME,
	        "Answer to another competition.");
	packs k = run(rules_yaml(0), bids, 1);
	/* Neither wrote a response in the packs: naming them does not identify this response's author. */
	cr_assert(strstr(k.resp, "We subcontract nights to Borealis Nursing Ltd (GB-COH-33333333, bid B-LATE) and "
	                         "train with Corvid Homecare Ltd (GB-COH-44444444, bid B-OTHER)."),
	          "%s", k.pack);
	cr_assert_null(strstr(k.pack, "## Response 02"), "the late and rejected bids are not in the packs:\n%s", k.pack);
	packs_free(&k);
}

Test(packs_redaction, a_name_cut_by_the_word_limit_is_redacted_whole)
{
	const char *bids = t_dir();
	put_bid(bids, "a.xml", "T-1", "B1", "GB-COH-11111111", "Acme Care Ltd", ON_TIME, "Hello from Acme Care today.");
	packs k = run(rules_yaml(3), bids, 1);
	cr_assert(strstr(k.resp, "> Hello from [redacted]\n"), "%s", k.pack);
	cr_assert_null(strcasestr(k.resp, "acme"), "%s", k.pack);
	packs_free(&k);
}

/* A response that is all markup (Acme, its supplier, is redacted): each line must read as its characters. */
#define HOSTILE                                                                                                   \
	"![x](https://evil/p.png)\n<img src=\"https://evil/p.png\">\n[link](javascript:alert(1))\n"                     \
	"<!-- hidden from the panel -->\n# Not a heading\n- not a list\n+ not a list\n1. not a list\n"             \
	"> not a quote\n```\nnot code\n```\n    not indented code\n<https://evil/auto>\n"                              \
	"[ref]: https://evil/ref.png\n![ref]\nAcme: https://evil/def.png\n![redacted]\n"                          \
	"See www.evil.example/p.png or https://evil.example/x.\n"                                                \
	"<script>alert(1)</script> **not bold** _not em_ `not code` a|b ~~not struck~~ &copy; \\* {#id}\n===\n---"

/* HOSTILE as a reader should see it: lines joined by one space, the spaces that start a line dropped, Acme redacted. */
static void hostile_as_read(char *want)
{
	char *o = want;
	for (const char *p = HOSTILE; *p; p++) {
		if (*p == '\n') {
			*o++ = ' ';
			while (p[1] == ' ')
				p++;
		} else if (!strncmp(p, "Acme", 4)) {
			o += sprintf(o, "[redacted]");
			p += 3;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
}

Test(packs_redaction, markup_in_a_response_is_escaped_and_shown_as_its_text)
{
	const char *bids = t_dir();
	put_bid(bids, "a.xml", "T-1", "B1", "GB-COH-11111111", "Acme", ON_TIME, HOSTILE);
	packs k = run(rules_yaml(0), bids, 1);
	/* As written, no tag, comment, image, link, autolink or block marker is left. */
	const char *pack = strstr(k.pack, "## Response 01");
	const char *raw[] = {"<", "![", "](", "[ref]", "``", "**", "~", "|", "&copy;", "://", "www.", "\n> #", "\n> -",
	                     "\n> +", "\n> 1.", "\n> >", "\n>     ", "\n> =", "[redacted]:", "\n> ![redacted]"};
	for (size_t i = 0; i < sizeof(raw) / sizeof(*raw); i++)
		cr_assert_null(strstr(pack, raw[i]), "'%s' is escaped:\n%s", raw[i], pack);
	/* Read back, it is the response's text, line by line. */
	char want[1024];
	hostile_as_read(want);
	cr_assert(strstr(k.resp, want), "the text is shown as written:\n%s\nwant:\n%s", k.resp, want);
	packs_free(&k);
}

/*
 * The text of the response's paragraphs in HTML that must hold nothing but <p>, <br /> and the
 * quote: line breaks as one space, character references decoded. NULL when another element is there.
 */
static char *html_text(const char *html)
{
	char *out = malloc(strlen(html) + 1), *o = out;
	for (const char *p = html; *p;) {
		if (*p == '<') {
			static const char *const ok[] = {"<p>", "</p>", "<br />", "<blockquote>", "</blockquote>"};
			size_t k = 0;
			while (k < 5 && strncmp(p, ok[k], strlen(ok[k])))
				k++;
			if (k == 5) {
				free(out);
				return NULL;
			}
			p += strlen(ok[k]);
			if (k == 2 && *p == '\n') {
				*o++ = ' ';
				p++;
			}
		} else if (*p == '&') {
			static const char *const refs[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}};
			size_t k = 0;
			while (k < 4 && strncmp(p, refs[k][0], strlen(refs[k][0])))
				k++;
			if (k < 4) {
				*o++ = refs[k][1][0];
				p += strlen(refs[k][0]);
			} else {
				char *end;
				cr_assert_eq(p[1], '#', "an unknown reference: %.10s", p);
				*o++ = (char)strtol(p + 2, &end, 10);
				cr_assert_eq(*end, ';');
				p = end + 1;
			}
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

/* Render the pack with a command (its file's path follows it) and check what the response became. */
static void renders_as_text(const packs *k, const char *renderer)
{
	char cmd[1024], html_path[400], want[1024];
	snprintf(html_path, sizeof(html_path), "%s/q1.html", t_dir());
	snprintf(cmd, sizeof(cmd), "%s '%s/Q1.md' > '%s'", renderer, k->dir, html_path);
	cr_assert_eq(system(cmd), 0, "%s renders the pack (tools/setup.sh installs it)", renderer);
	char *html = slurp(html_path);
	const char *response = strstr(html, "<h2>Response 01</h2>\n");
	cr_assert_not_null(response, "%s", html);
	response += strlen("<h2>Response 01</h2>\n");
	char *text = html_text(response);
	cr_assert_not_null(text, "%s: only paragraphs and line breaks, no other element:\n%s", renderer, response);
	hostile_as_read(want);
	cr_assert(strstr(text, want), "%s shows the text as written:\n%s\nwant:\n%s", renderer, text, want);
	free(text);
	free(html);
}

Test(packs_redaction, markdown_renderers_make_no_image_link_tag_or_comment_of_a_response)
{
	const char *bids = t_dir();
	put_bid(bids, "a.xml", "T-1", "B1", "GB-COH-11111111", "Acme", ON_TIME, HOSTILE);
	packs k = run(rules_yaml(0), bids, 1);
	/* Debian's python3-markdown, and cmark-gfm with GitHub's extensions (bare-URL links, tables, strike-through). */
	renders_as_text(&k, "/usr/bin/python3 -c 'import sys, markdown; "
	                    "sys.stdout.write(markdown.markdown(open(sys.argv[1], encoding=\"utf-8\").read()))'");
	renders_as_text(&k, "cmark-gfm -e autolink -e table -e strikethrough -e tagfilter -e tasklist");
	packs_free(&k);
}

Test(packs_redaction, the_shipped_packs_show_no_name_id_or_number_of_their_bids)
{
	const char *lots[][2] = {{"dorset-lot7-live-in-care.yaml", "lot7"}, {"dorset-lot8-extra-care.yaml", "lot8"}};
	for (int l = 0; l < 2; l++) {
		char rules[400], bids[400], dir[400], key[400];
		snprintf(rules, sizeof(rules), "%s/rules/%s", TOP_SRCDIR, lots[l][0]);
		snprintf(bids, sizeof(bids), "%s/bids/%s", TOP_SRCDIR, lots[l][1]);
		snprintf(dir, sizeof(dir), "%s/packs", t_dir());
		snprintf(key, sizeof(key), "%s/key.json", t_dir());
		co_rules *r = NULL;
		co_paths *p = NULL;
		cr_assert_eq(co_rules_load(&r, rules, NULL), 0);
		cr_assert_eq(co_paths_expand(&p, (const char *[]){bids}, 1, NULL), 0);
		cr_assert_eq(co_packs(r, p, &(co_packs_options){.dir = dir, .key = key, .seed = 2027}, NULL), 0);
		json_t *k = json_load_file(key, 0, NULL), *l1;
		size_t i;
		cr_assert_not_null(k);
		for (size_t q = 0; q < r->nq; q++) {
			char path[500];
			snprintf(path, sizeof(path), "%s/%s.md", dir, r->questions[q].id);
			char *md = slurp(path), *text = visible(md);
			json_array_foreach(json_object_get(k, "labels"), i, l1)
			{
				const char *sup = t_str(l1, "supplier"), *id = t_str(l1, "bid");
				cr_assert_null(strstr(text, sup), "%s shows %s", path, sup);
				cr_assert_null(strstr(text, id), "%s shows %s", path, id);
				cr_assert_null(strstr(text, strrchr(sup, '-') + 1), "%s shows %s", path, strrchr(sup, '-') + 1);
			}
			cr_assert_null(strstr(text, "Ltd"), "%s shows a company name", path);
			free(md);
			free(text);
		}
		json_decref(k);
		co_paths_free(p);
		co_rules_free(r);
	}
}

static size_t entries(const char *dir, char *names, size_t size)
{
	DIR *d = opendir(dir);
	cr_assert_not_null(d, "%s", dir);
	struct dirent *e;
	size_t n = 0;
	names[0] = '\0';
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			n++;
			strncat(names, e->d_name, size - strlen(names) - 2);
			strcat(names, " ");
		}
	closedir(d);
	return n;
}

static int packs_into(const char *rules, const char *bids, const char *dir, const char *key, co_diags *d)
{
	co_rules *r = NULL;
	co_paths *p = NULL;
	cr_assert_eq(co_rules_load(&r, rules, NULL), 0);
	const char *args[] = {bids};
	cr_assert_eq(co_paths_expand(&p, args, 1, NULL), 0);
	int rc = co_packs(r, p, &(co_packs_options){.dir = dir, .key = key, .seed = 7}, d);
	co_paths_free(p);
	co_rules_free(r);
	return rc;
}

Test(packs_redaction, the_key_is_written_outside_the_packs_folder_and_refused_inside_it)
{
	const char *rules = TOP_SRCDIR "/rules/dorset-lot8-extra-care.yaml", *bids = TOP_SRCDIR "/bids/lot8";
	const char *top = t_dir();
	char dir[300], key[400], names[512];
	snprintf(dir, sizeof(dir), "%s/packs", top);
	snprintf(key, sizeof(key), "%s/chair/key.json", top);
	co_diags *d = co_diags_new();
	cr_assert_eq(packs_into(rules, bids, dir, key, d), 0, "%s", t_diags_text(d));
	cr_assert_eq(entries(dir, names, sizeof(names)), 6, "%s", names);
	cr_assert_null(strstr(names, "key"), "the folder holds the six packs only: %s", names);
	char *k = slurp(key);
	cr_assert(strstr(k, "\"format\": \"calloff-packs-key/1\"") && strstr(k, "\"seed\": 7"), "%s", k);
	free(k);
	/* Inside the folder, however it is spelt, the key is refused and nothing is written. */
	char in[5][400];
	snprintf(in[0], sizeof(in[0]), "%s/key.json", dir);
	snprintf(in[1], sizeof(in[1]), "%s/../packs/./sub/key.json", dir);
	snprintf(in[2], sizeof(in[2]), "%s/link/key.json", top);
	snprintf(in[3], sizeof(in[3]), "%s", dir);
	snprintf(in[4], sizeof(in[4]), "%s/new/key.json", dir);
	char link[400];
	snprintf(link, sizeof(link), "%s/link", top);
	cr_assert_eq(symlink(dir, link), 0);
	for (int i = 0; i < 5; i++) {
		co_diags *e = co_diags_new();
		cr_assert_eq(packs_into(rules, bids, dir, in[i], e), CO_EINVALID, "%s is refused", in[i]);
		cr_assert(t_diag_has(e, "the chair's key must be outside the packs' folder"), "%s", t_diags_text(e));
		co_diags_free(e);
		struct stat st;
		cr_assert(i == 3 || stat(in[i], &st) != 0, "%s is not written", in[i]);
	}
	cr_assert_eq(entries(dir, names, sizeof(names)), 6, "nothing was added: %s", names);
	/* A folder holding anything but the packs, such as an old key.json, is refused by name: nothing is written. */
	char fresh[400], stale[400], key2[400];
	snprintf(fresh, sizeof(fresh), "%s/old", top);
	snprintf(key2, sizeof(key2), "%s/old-key.json", top);
	cr_assert_eq(mkdir(fresh, 0777), 0);
	snprintf(stale, sizeof(stale), "%s", t_write(fresh, "key.json", "{}"));
	co_diags *e = co_diags_new();
	cr_assert_eq(packs_into(rules, bids, fresh, key2, e), CO_EINVALID);
	cr_assert(t_diag_has(e, "holds 'key.json'"), "%s", t_diags_text(e));
	cr_assert_eq(entries(fresh, names, sizeof(names)), 1, "%s", names);
	cr_assert_neq(access(key2, F_OK), 0, "no key is written");
	co_diags_free(e);
	co_diags_free(d);
}

Test(packs_redaction, a_second_run_with_the_same_seed_gives_the_same_bytes)
{
	const char *rules = TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", *bids = TOP_SRCDIR "/bids/lot7";
	const char *top = t_dir();
	char dir[400], key[400], dir2[400], key2[400], names[512];
	snprintf(dir, sizeof(dir), "%s/packs", top);
	snprintf(key, sizeof(key), "%s/key.json", top);
	snprintf(dir2, sizeof(dir2), "%s/packs2", top);
	snprintf(key2, sizeof(key2), "%s/key2.json", top);
	cr_assert_eq(packs_into(rules, bids, dir, key, NULL), 0);
	char *first[9], *k1 = slurp(key);
	for (int q = 0; q < 8; q++) {
		char path[500];
		snprintf(path, sizeof(path), "%s/Q%d.md", dir, q + 1);
		first[q] = slurp(path);
	}
	/* Again into the same folder (a rerun replaces the packs), and into another one. */
	cr_assert_eq(packs_into(rules, bids, dir, key, NULL), 0);
	cr_assert_eq(packs_into(rules, bids, dir2, key2, NULL), 0);
	cr_assert_eq(entries(dir, names, sizeof(names)), 8, "the rerun's folder holds the packs only: %s", names);
	for (int q = 0; q < 8; q++) {
		char p1[500], p2[500];
		snprintf(p1, sizeof(p1), "%s/Q%d.md", dir, q + 1);
		snprintf(p2, sizeof(p2), "%s/Q%d.md", dir2, q + 1);
		char *a = slurp(p1), *b = slurp(p2);
		cr_assert_str_eq(a, first[q], "Q%d.md is the same on a rerun", q + 1);
		cr_assert_str_eq(b, first[q], "Q%d.md is the same in another folder", q + 1);
		free(a);
		free(b);
		free(first[q]);
	}
	char *k2 = slurp(key), *k3 = slurp(key2);
	cr_assert_str_eq(k1, k2);
	cr_assert_str_eq(k1, k3);
	free(k1);
	free(k2);
	free(k3);
}
