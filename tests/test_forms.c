/* The panel's HTML forms: the marking form and the moderation form, rendered for a plan built by hand. */
#include <criterion/criterion.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/sha256.h"
#include "panels/formpage.h"
#include "panels/plan.h"
#include "helpers.h"

#define NB 4

/*
 * Responses to lot 8's six questions, one row per bid: texts a bid could send to break out of the
 * page (a closing tag and a script, an attribute's quote, an entity, a comment, a bidirectional
 * override, a control character), and ordinary ones.
 */
static const char *const texts[NB][6] = {
	{"</textarea><script>alert(1)</script>", "R&R: \"quoted\" and 'single' <b>bold</b>",
	 "Line one\nline two\n\n  indented \xf0\x9f\x98\x80 emoji", "\xe2\x80\xae" "evil override", "<!-- comment --> & &amp;",
	 "]]> <![CDATA[ x ]]>"},
	{"A clear answer.", "<img src=x onerror=alert(2)>", "bell\x07 and del\x7f here", "tab\there", "",
	 "<style>body{display:none}</style>"},
	{"Plain text.", "Plain text two.", "Plain three.", "Plain four.", "Plain five.", "Plain six."},
	{"One", "Two", "Three", "Four", "Five", "Six"},
};

/* What the chair's key holds: never in a form. */
static const char *const secret_bid[NB] = {"B-SECRET-001", "B-SECRET-002", "B-SECRET-003", "B-SECRET-004"};
static const char *const secret_supplier[NB] = {"Acme Hidden Care", "Hidden Homecare", "Concealed Ltd", "Veiled CIC"};
static const char *const secret_file[NB] = {"/bids/secret-one.xml", "/bids/secret-two.xml", "/bids/secret-three.xml",
                                            "/bids/secret-four.xml"};

static void digest_of(char out[CO_DIGEST_TEXT], const char *text)
{
	char hex[CO_SHA256_HEX];
	cr_assert_eq(co_sha256_mem(text, strlen(text), hex), 0);
	snprintf(out, CO_DIGEST_TEXT, "sha256:%s", hex);
}

/* A plan for lot 8 with NB bids: E1 marks every question, E2 only E1 and E3. Freed with plan_free. */
static co_plan *plan_new(void)
{
	co_rules *r = NULL;
	cr_assert_eq(co_rules_load(&r, TOP_SRCDIR "/rules/dorset-lot8-extra-care.yaml", NULL), 0);
	cr_assert_eq(r->nq, 6);
	co_plan *p = calloc(1, sizeof(*p));
	p->rules = r;
	p->competition = strdup(r->id);
	p->nb = NB;
	p->bids = calloc(NB, sizeof(*p->bids));
	for (size_t k = 0; k < NB; k++) {
		co_plan_bid *b = &p->bids[k];
		snprintf(b->label, sizeof(b->label), "Response %02zu", k + 1);
		b->bid = strdup(secret_bid[k]);
		b->supplier = strdup(secret_supplier[k]);
		b->file = strdup(secret_file[k]);
		b->responses = calloc(r->nq, sizeof(*b->responses));
		for (size_t q = 0; q < r->nq; q++) {
			b->responses[q].text = strdup(texts[k][q]);
			b->responses[q].words = 3 + q;
			digest_of(b->responses[q].digest, texts[k][q]);
		}
	}
	p->bids[2].responses[1].words = 700; /* cut at lot 8's limit of 600 */
	p->bids[2].responses[1].cut_words = 100;
	p->nev = 2;
	p->evs = calloc(2, sizeof(*p->evs));
	for (size_t e = 0; e < 2; e++) {
		p->evs[e].id = strdup(e ? "E2" : "E1");
		p->evs[e].assigned = calloc(r->nq, 1);
		for (size_t q = 0; q < r->nq; q++)
			p->evs[e].assigned[q] = e == 0 || q == 0 || q == 2;
		digest_of(p->evs[e].pack, p->evs[e].id);
	}
	digest_of(p->digest, "the whole plan");
	return p;
}

static void plan_free(co_plan *p)
{
	for (size_t k = 0; k < p->nb; k++) {
		for (size_t q = 0; q < p->rules->nq; q++)
			free(p->bids[k].responses[q].text);
		free(p->bids[k].responses);
		free(p->bids[k].bid);
		free(p->bids[k].supplier);
		free(p->bids[k].file);
	}
	for (size_t e = 0; e < p->nev; e++) {
		free(p->evs[e].id);
		free(p->evs[e].assigned);
	}
	free(p->bids);
	free(p->evs);
	free(p->competition);
	co_rules_free((co_rules *)p->rules);
	free(p);
}

static char *marking(const co_plan *p, size_t e)
{
	co_strbuf b = {0};
	cr_assert_eq(co_marking_form(&b, p, e), 0);
	char *html = co_strbuf_take(&b);
	cr_assert_not_null(html);
	return html;
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *at = strstr(s, what); at; at = strstr(at + 1, what))
		n++;
	return n;
}

/* The text between the first open and the close after it (the caller frees it). */
static char *between(const char *s, const char *open, const char *close)
{
	const char *a = strstr(s, open);
	cr_assert_not_null(a, "%s is in the page", open);
	a += strlen(open);
	const char *z = strstr(a, close);
	cr_assert_not_null(z, "%s is in the page", close);
	return strndup(a, (size_t)(z - a));
}

/* "'sha256-BASE64'" of text, computed here independently of the form's own code. */
static void csp_of(char out[64], const char *text)
{
	unsigned char md[32];
	unsigned int n = 0;
	cr_assert(EVP_Digest(text, strlen(text), md, &n, EVP_sha256(), NULL) && n == 32);
	strcpy(out, "'sha256-");
	EVP_EncodeBlock((unsigned char *)out + 8, md, 32);
	strcat(out, "'");
}

/* The policy allows exactly the page's one script and one style, and nothing else can run or load. */
static void policy_is_the_page(const char *html)
{
	char *csp = between(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"", "\">");
	char *script = between(html, "<script>", "</script>");
	char *style = between(html, "<style>", "</style>");
	char js[64], css[64], want[256];
	csp_of(js, script);
	csp_of(css, style);
	snprintf(want, sizeof(want), "default-src 'none'; script-src %s; style-src %s; base-uri 'none'; form-action 'none'", js, css);
	cr_assert_str_eq(csp, want);
	cr_assert_eq(count(html, "<script"), 1, "one script");
	cr_assert_eq(count(html, "<style"), 1, "one style");
	cr_assert_eq(count(html, " style="), 0, "no style attribute (the policy would block it)");
	cr_assert_lt(strstr(html, "Content-Security-Policy"), strstr(html, "<style>"), "the policy comes before the style");
	for (const char *at = strchr(html, '<'); at; at = strchr(at + 1, '<')) {
		const char *end = strchr(at, '>');
		for (const char *on = strstr(at, " on"); on && end && on < end; on = strstr(on + 1, " on"))
			cr_assert(!(on[3] >= 'a' && on[3] <= 'z' && strchr(on, '=') && strchr(on, '=') < end &&
			            strspn(on + 3, "abcdefghijklmnopqrstuvwxyz") == (size_t)(strchr(on, '=') - on - 3)),
			          "no event handler attribute: %.60s", at);
	}
	free(csp);
	free(script);
	free(style);
}

Test(forms, marking_policy_hashes_are_those_of_the_script_and_style_in_the_page)
{
	co_plan *p = plan_new();
	char *html = marking(p, 0);
	policy_is_the_page(html);
	free(html);
	plan_free(p);
}

Test(forms, the_policy_check_fails_on_a_page_whose_script_was_changed)
{
	co_plan *p = plan_new();
	char *html = marking(p, 0);
	char *script = strstr(html, "<script>") + 8;
	script[0] = script[0] == '(' ? ' ' : '(';
	char *csp = between(html, "script-src ", ";");
	char *body = between(html, "<script>", "</script>");
	char js[64];
	csp_of(js, body);
	cr_assert_str_neq(csp, js, "a changed script no longer matches the policy");
	free(csp);
	free(body);
	free(html);
	plan_free(p);
}

/* The page's script and style as written, between their tags, must be formpage's one copy to the byte. */
static void carries_formpage_script_and_style(const char *html, const char *which)
{
	char *script = between(html, "<script>", "</script>"), *style = between(html, "<style>", "</style>");
	cr_assert_str_eq(script, co_form_script, "the %s form embeds formpage's script", which);
	cr_assert_str_eq(style, co_form_style, "the %s form embeds formpage's style", which);
	free(script);
	free(style);
}

Test(forms, both_forms_embed_the_one_script_and_style_and_the_policy_hashes_them)
{
	co_plan *p = plan_new();
	char *m = marking(p, 0);
	co_strbuf b = {0};
	cr_assert_eq(co_moderation_form(&b, p, NULL, 0), 0);
	char *mod = co_strbuf_take(&b);
	carries_formpage_script_and_style(m, "marking");
	carries_formpage_script_and_style(mod, "moderation");
	/* The policy names the hashes of formpage's texts themselves, computed here, not only of what the page holds. */
	char js[64], css[64], want[256];
	csp_of(js, co_form_script);
	csp_of(css, co_form_style);
	snprintf(want, sizeof(want), "content=\"default-src 'none'; script-src %s; style-src %s; ", js, css);
	cr_assert(strstr(m, want), "the marking form's policy: %s", want);
	cr_assert(strstr(mod, want), "the moderation form's policy: %s", want);
	policy_is_the_page(m);
	policy_is_the_page(mod);
	free(m);
	free(mod);
	plan_free(p);
}

Test(forms, every_text_from_a_bid_is_escaped)
{
	co_plan *p = plan_new();
	char *html = marking(p, 0);
	cr_assert_null(strstr(html, "<script>alert"));
	cr_assert_null(strstr(html, "</textarea><script>"));
	cr_assert_null(strstr(html, "<img"));
	cr_assert_null(strstr(html, "<b>bold"));
	cr_assert_null(strstr(html, "<!-- comment"));
	cr_assert_null(strstr(html, "<style>body"));
	cr_assert(strstr(html, "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
	cr_assert(strstr(html, "R&amp;R: &quot;quoted&quot; and &#39;single&#39; &lt;b&gt;bold&lt;/b&gt;"));
	cr_assert(strstr(html, "&lt;!-- comment --&gt; &amp; &amp;amp;"));
	cr_assert(strstr(html, "Line one\nline two\n\n  indented \xf0\x9f\x98\x80 emoji"), "line breaks, spaces and emoji kept");
	cr_assert(strstr(html, "bell&#xFFFD; and del&#xFFFD; here"), "control characters shown as U+FFFD");
	cr_assert(strstr(html, "tab\there"), "a tab is kept");
	cr_assert_eq(count(html, "<script"), 1, "only the form's own script");
	free(html);
	plan_free(p);
}

/* The text of every element of class cls in the HTML, parsed by libxml2's HTML parser, in order. */
static size_t texts_of(const char *html, const char *cls, char **out, size_t max)
{
	htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
	                                HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	cr_assert_not_null(doc);
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	char xpath[128];
	snprintf(xpath, sizeof(xpath), "//*[contains(concat(' ', @class, ' '), ' %s ')]", cls);
	xmlXPathObjectPtr found = xmlXPathEvalExpression((const xmlChar *)xpath, ctx);
	size_t n = found->nodesetval ? (size_t)found->nodesetval->nodeNr : 0;
	for (size_t i = 0; i < n && i < max; i++)
		out[i] = (char *)xmlNodeGetContent(found->nodesetval->nodeTab[i]);
	xmlXPathFreeObject(found);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	return n;
}

Test(forms, a_parser_reads_each_response_back_as_the_bid_wrote_it)
{
	co_plan *p = plan_new();
	char *html = marking(p, 0);
	char *got[64] = {0};
	size_t n = texts_of(html, "response", got, 64);
	cr_assert_eq(n, NB * 6, "one response per item");
	for (size_t k = 0, i = 0; k < NB; k++)
		for (size_t q = 0; q < 6; q++, i++) {
			if (!*texts[k][q])
				cr_assert_str_eq(got[i], "No text was given for this question.");
			else if (strchr(texts[k][q], '\x07'))
				cr_assert_str_eq(got[i], "bell\xef\xbf\xbd and del\xef\xbf\xbd here");
			else
				cr_assert_str_eq(got[i], texts[k][q], "response %zu of bid %zu", q, k);
		}
	for (size_t i = 0; i < n && i < 64; i++)
		xmlFree(got[i]);
	free(html);
	plan_free(p);
}

Test(forms, no_bid_id_supplier_or_file_is_in_any_form)
{
	co_plan *p = plan_new();
	co_moderation_item items[NB];
	co_seen_mark marks[2] = {{.evaluator = "E1", .value = 1, .rationale = "a"}, {.evaluator = "E2", .value = 4, .rationale = ""}};
	for (size_t k = 0; k < NB; k++)
		items[k] = (co_moderation_item){.bid = k, .q = 0, .marks = marks, .nmarks = 2, .disagree = 1};
	co_strbuf b = {0};
	cr_assert_eq(co_moderation_form(&b, p, items, NB), 0);
	char *forms[3] = {marking(p, 0), marking(p, 1), co_strbuf_take(&b)};
	for (size_t f = 0; f < 3; f++) {
		for (size_t k = 0; k < NB; k++) {
			cr_assert_null(strstr(forms[f], secret_bid[k]), "form %zu has no bid id", f);
			cr_assert_null(strstr(forms[f], secret_supplier[k]), "form %zu has no supplier", f);
			cr_assert_null(strstr(forms[f], secret_file[k]), "form %zu has no file", f);
			cr_assert_null(strstr(forms[f], strrchr(secret_file[k], '/') + 1), "form %zu has no file name", f);
		}
		cr_assert(strstr(forms[f], "Response 04"), "form %zu names the labels", f);
		free(forms[f]);
	}
	plan_free(p);
}

Test(forms, a_marking_form_has_exactly_the_questions_assigned)
{
	co_plan *p = plan_new();
	char *e1 = marking(p, 0), *e2 = marking(p, 1);
	cr_assert_eq(count(e1, "<article class=\"item\""), NB * 6);
	cr_assert_eq(count(e2, "<article class=\"item\""), NB * 2);
	cr_assert_eq(count(e2, "data-question=\"E1\""), NB);
	cr_assert_eq(count(e2, "data-question=\"E3\""), NB);
	for (const char *q = "E2\0E4\0E5\0E6\0"; *q; q += 3) {
		char attr[32];
		snprintf(attr, sizeof(attr), "data-question=\"%s\"", q);
		cr_assert_eq(count(e2, attr), 0, "E2 does not mark %s", q);
		cr_assert_eq(count(e1, attr), NB, "E1 marks %s", q);
	}
	cr_assert_null(strstr(e2, "Partnership with the housing provider"), "an unassigned question's title is not shown");
	cr_assert_null(strstr(e2, "]]&gt; &lt;![CDATA["), "nor its responses");
	cr_assert(strstr(e2, "Marks given <b id=\"n-marks\">0</b> of 8 "), "the evaluator's total");
	cr_assert(strstr(e1, "Marks given <b id=\"n-marks\">0</b> of 24 "));
	/* Items in plan order: bids by label, questions in the rules' order. */
	const char *last = e2;
	for (size_t k = 0; k < NB; k++)
		for (const char *q = "E1\0E3\0"; *q; q += 3) {
			char attr[96];
			snprintf(attr, sizeof(attr), "data-response=\"Response %02zu\" data-question=\"%s\"", k + 1, q);
			const char *at = strstr(e2, attr);
			cr_assert(at && at > last, "%s in order", attr);
			last = at;
		}
	free(e1);
	free(e2);
	plan_free(p);
}

Test(forms, the_marking_form_carries_what_its_export_needs)
{
	co_plan *p = plan_new();
	char *html = marking(p, 1);
	char want[512];
	snprintf(want, sizeof(want),
	         "<main id=\"form\" class=\"marking\" data-competition=\"DCF-L8-2026-03\" data-evaluator=\"E2\" data-pack=\"%s\" "
	         "data-store=\"calloff-marking:DCF-L8-2026-03:E2:%s\" data-file=\"E2-marks.xml\" data-root=\"evaluator-marks\" "
	         "data-entry=\"mark\" data-head=\"competition evaluator pack\" data-fields=\"response question digest\"",
	         p->evs[1].pack, p->evs[1].pack);
	cr_assert(strstr(html, want), "the root: %s", want);
	snprintf(want, sizeof(want), "data-response=\"Response 02\" data-question=\"E3\" data-digest=\"%s\"",
	         p->bids[1].responses[2].digest);
	cr_assert(strstr(html, want), "an item: %s", want);
	/* The scale: an empty choice, then each mark with its label. */
	cr_assert(strstr(html, "<option value=\"\">Not marked</option><option value=\"0\">0 &#8211; Unacceptable</option>"));
	cr_assert(strstr(html, "<option value=\"5\">5 &#8211; Excellent</option></select>"));
	cr_assert_eq(count(html, "<label for=\"m-"), NB * 2, "every selector has its label");
	cr_assert_eq(count(html, "<label for=\"r-"), NB * 2, "every rationale has its label");
	free(html);
	plan_free(p);
}

Test(forms, word_counts_and_cut_words_are_shown)
{
	co_plan *p = plan_new();
	char *html = marking(p, 0);
	cr_assert(strstr(html, "word limit 600 &#183; this response: 700 words</p>\n<p class=\"cut\">The last 100 words, beyond "
	                       "the limit of 600, are cut off"));
	cr_assert_eq(count(html, "<p class=\"cut\">"), 1, "only the response that was cut says so");
	cr_assert(strstr(html, "Weight 20% of the quality score"));
	free(html);
	plan_free(p);
}

Test(forms, an_evaluator_out_of_the_plan_is_refused)
{
	co_plan *p = plan_new();
	co_strbuf b = {0};
	cr_assert_eq(co_marking_form(&b, p, 2), CO_ERROR);
	cr_assert_eq(b.len, 0, "nothing written");
	co_strbuf_reset(&b);
	free(co_strbuf_take(&b));
	plan_free(p);
}

Test(forms, a_failed_buffer_fails_the_form)
{
	co_plan *p = plan_new();
	co_strbuf b = {.failed = 1};
	cr_assert_eq(co_marking_form(&b, p, 0), CO_ERROR);
	co_strbuf m = {.failed = 1};
	cr_assert_eq(co_moderation_form(&m, p, NULL, 0), CO_ERROR);
	plan_free(p);
}

/* Three items for the moderator: two disagreements first (as the caller sorts), one with a consensus recorded. */
static char *moderation(const co_plan *p, co_moderation_item items[3])
{
	static const co_seen_mark a[] = {{.evaluator = "E1", .value = 1, .rationale = "Weak: R&R <b> \"none\""},
	                                 {.evaluator = "E2", .value = 4, .rationale = "Strong\nsecond line"}};
	static const co_seen_mark b[] = {{.evaluator = "E1", .value = 0, .rationale = ""},
	                                 {.evaluator = "E2", .value = 5, .rationale = "Excellent \xf0\x9f\x98\x80"}};
	static const co_seen_mark c[] = {{.evaluator = "E1", .value = 3, .rationale = "Good."},
	                                 {.evaluator = "E2", .value = 3, .rationale = "Good too."}};
	items[0] = (co_moderation_item){.bid = 2, .q = 0, .marks = a, .nmarks = 2, .disagree = 1};
	items[1] = (co_moderation_item){.bid = 0, .q = 2, .marks = b, .nmarks = 2, .disagree = 1, .has_moderated = 1,
	                                .moderated = 4, .reason = "\nAgreed </textarea> & 4",
	                                .feedback = "Clear plan & <good> \"evidence\"\nSecond line"};
	items[2] = (co_moderation_item){.bid = 1, .q = 0, .marks = c, .nmarks = 2};
	cr_assert_eq(co_plan_marks_digest(items[0].seen, a, 2), 0);
	cr_assert_eq(co_plan_marks_digest(items[1].seen, b, 2), 0);
	cr_assert_eq(co_plan_marks_digest(items[2].seen, c, 2), 0);
	co_strbuf buf = {0};
	cr_assert_eq(co_moderation_form(&buf, p, items, 3), 0);
	char *html = co_strbuf_take(&buf);
	cr_assert_not_null(html);
	return html;
}

Test(forms, the_moderation_form_lists_the_items_in_the_order_given)
{
	co_plan *p = plan_new();
	co_moderation_item items[3];
	char *html = moderation(p, items);
	const char *order[] = {"data-response=\"Response 03\" data-question=\"E1\"", "data-response=\"Response 01\" data-question=\"E3\"",
	                       "data-response=\"Response 02\" data-question=\"E1\""};
	const char *last = html;
	for (size_t i = 0; i < 3; i++) {
		const char *at = strstr(html, order[i]);
		cr_assert(at && at > last, "item %zu in place", i);
		char seen[200];
		snprintf(seen, sizeof(seen), "data-digest=\"%s\" data-seen=\"%s\"", p->bids[items[i].bid].responses[items[i].q].digest,
		         items[i].seen);
		const char *digests = strstr(at, seen);
		cr_assert(digests && digests < strchr(at, '>'), "item %zu carries its digests in its start tag", i);
		last = at;
	}
	cr_assert_eq(count(html, "<article class=\"item disagree\""), 2);
	cr_assert_eq(count(html, "<article class=\"item\""), 1);
	cr_assert_eq(count(html, "<p class=\"flag\">Disagreement: the marks span 1 to 4, 3 apart (flagged at 2 or more)</p>"), 1);
	cr_assert_eq(count(html, "<p class=\"flag\">Disagreement: the marks span 0 to 5, 5 apart (flagged at 2 or more)</p>"), 1);
	cr_assert(strstr(html, "disagreements settled <b id=\"n-flagged\">0</b> of 2</p>"));
	char want[256];
	snprintf(want, sizeof(want), "data-competition=\"DCF-L8-2026-03\" data-plan=\"%s\" data-store=\"calloff-moderation:DCF-L8-2026-03:%s\"",
	         p->digest, p->digest);
	cr_assert(strstr(html, want), "the root carries the plan's digest");
	free(html);
	plan_free(p);
}

Test(forms, the_moderation_form_shows_every_mark_and_rationale)
{
	co_plan *p = plan_new();
	co_moderation_item items[3];
	char *html = moderation(p, items);
	cr_assert(strstr(html, "<tr data-evaluator=\"E1\" data-mark=\"1\"><th scope=\"row\">E1</th><td class=\"mark\">1 &#8211; Poor"
	                       "</td><td class=\"text\">Weak: R&amp;R &lt;b&gt; &quot;none&quot;</td></tr>"));
	cr_assert(strstr(html, "<tr data-evaluator=\"E2\" data-mark=\"4\"><th scope=\"row\">E2</th><td class=\"mark\">4 &#8211; Very "
	                       "good</td><td class=\"text\">Strong\nsecond line</td></tr>"));
	cr_assert(strstr(html, "<td class=\"none\">No rationale given.</td>"), "a missing rationale is said");
	cr_assert(strstr(html, "Excellent \xf0\x9f\x98\x80</td>"));
	cr_assert_eq(count(html, "<tr data-evaluator="), 6, "every mark of every item");
	free(html);
	plan_free(p);
}

Test(forms, a_recorded_consensus_is_filled_in)
{
	co_plan *p = plan_new();
	co_moderation_item items[3];
	char *html = moderation(p, items);
	const char *second = strstr(html, "id=\"item-2\""), *third = strstr(html, "id=\"item-3\"");
	cr_assert(second && third);
	const char *sel = strstr(second, "<option value=\"4\" selected>");
	cr_assert(sel && sel < third, "the recorded mark is chosen in its item");
	cr_assert_eq(count(html, " selected>"), 1, "and in no other");
	cr_assert(strstr(second, "maxlength=\"100000\" aria-describedby=\"p-2\">\n\nAgreed &lt;/textarea&gt; &amp; 4</textarea>"),
	          "the reason, its first line break kept from the parser");
	cr_assert(strstr(second, "Consensus already recorded in the marks file: <b>4 &#8211; Very good</b>"));
	free(html);
	plan_free(p);
}

/* The moderation form has a feedback box per item, the feedback recorded filled in; the marking form has none. */
Test(forms, the_moderation_form_has_a_feedback_box_the_marking_form_none)
{
	co_plan *p = plan_new();
	co_moderation_item items[3];
	char *html = moderation(p, items), *marking_html = marking(p, 0);
	cr_assert_eq(count(html, "<textarea id=\"f-"), 3, "one feedback box per item");
	cr_assert_eq(count(html, "class=\"feedback\""), 3);
	cr_assert(strstr(html, "<label for=\"f-2\">Feedback to the supplier (optional)<span class=\"sr\"> for Response 01, E3</span></label>"));
	const char *second = strstr(html, "id=\"item-2\""), *third = strstr(html, "id=\"item-3\"");
	const char *fb = strstr(second, "<textarea id=\"f-2\" class=\"feedback\" rows=\"3\" maxlength=\"100000\" aria-describedby=\"p-2\">\n"
	                                "Clear plan &amp; &lt;good&gt; &quot;evidence&quot;\nSecond line</textarea>");
	cr_assert(fb && fb < third, "the recorded feedback is filled in, in its own item, escaped");
	cr_assert(strstr(html, "<textarea id=\"f-1\" class=\"feedback\" rows=\"3\" maxlength=\"100000\" aria-describedby=\"p-1\">\n</textarea>"),
	          "none recorded: empty");
	cr_assert_null(strstr(marking_html, "class=\"feedback\""), "an evaluator gives no feedback to the supplier");
	cr_assert_null(strstr(marking_html, "id=\"f-"));
	free(html);
	free(marking_html);
	plan_free(p);
}

Test(forms, a_box_holds_no_more_than_the_panel_files_schema_allows)
{
	FILE *f = fopen(TOP_SRCDIR "/bids/panel.xsd", "r");
	cr_assert_not_null(f);
	char xsd[8192];
	size_t n = fread(xsd, 1, sizeof(xsd) - 1, f);
	xsd[n] = '\0';
	fclose(f);
	char *text = between(xsd, "<xs:simpleType name=\"text\">", "</xs:simpleType>");
	char *max = between(text, "<xs:maxLength value=\"", "\"/>");
	char want[64];
	snprintf(want, sizeof(want), " maxlength=\"%s\" ", max);
	co_plan *p = plan_new();
	char *html = marking(p, 0);
	cr_assert_eq(count(html, want), NB * 6, "every rationale box holds at most the schema's %s characters", max);
	co_moderation_item items[3];
	char *mod = moderation(p, items);
	cr_assert_eq(count(mod, want), 6, "every reason box and feedback box too");
	free(mod);
	free(html);
	free(text);
	free(max);
	plan_free(p);
}

Test(forms, a_moderation_item_out_of_the_plan_is_refused)
{
	co_plan *p = plan_new();
	co_moderation_item item = {.bid = NB, .q = 0};
	co_strbuf b = {0};
	cr_assert_eq(co_moderation_form(&b, p, &item, 1), CO_ERROR);
	cr_assert_eq(b.len, 0, "nothing written");
	item = (co_moderation_item){.bid = 0, .q = 6};
	cr_assert_eq(co_moderation_form(&b, p, &item, 1), CO_ERROR);
	cr_assert_eq(b.len, 0, "nothing written");
	plan_free(p);
}
