/* The page both panel forms are built on: its style and script, the policy that allows only them, its head and foot, and a bid's text made safe to show. */
#include "panels/formpage.h"
#include "base/num.h"
#include "base/xmlout.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

/*
 * The page's style and script, one copy for both forms, so that one Content-Security-Policy hash
 * pair serves both. The script knows nothing of either form: the root element's data attributes
 * tell it the storage key, the file's name, its root and entry elements and their attributes; it
 * only keeps the state (restore, save on every change, warn before closing unexported work),
 * checks it and exports the file.
 */
const char co_form_style[] =
	":root { color-scheme: light; --ink: #1b1f24; --muted: #4d5761; --line: #c9d1d9; --accent: #0b5cad; --warn: #b3261e; --paper: #f5f7f9; }\n"
	"* { box-sizing: border-box; }\n"
	"html { scroll-padding-top: 7rem; }\n"
	"body { margin: 0; font: 16px/1.5 system-ui, \"Segoe UI\", Roboto, Arial, sans-serif; color: var(--ink); background: #fff; }\n"
	"#form { max-width: 66rem; margin: 0 auto; padding: 0 1.25rem 4rem; }\n"
	"h1 { font-size: 1.6rem; margin: 1.5rem 0 .25rem; }\n"
	"h2 { font-size: 1.3rem; }\n"
	".sub { color: var(--muted); margin: 0; }\n"
	".file { white-space: nowrap; }\n"
	".digest { font-family: ui-monospace, Consolas, monospace; font-size: .8rem; overflow-wrap: anywhere; }\n"
	".notice { border-left: 4px solid var(--accent); background: #eef5fc; padding: .6rem 1rem; margin: 1rem 0; }\n"
	".notice p { margin: .3rem 0; }\n"
	".nojs { border-left-color: var(--warn); background: #fdeeee; }\n"
	"table { border-collapse: collapse; margin: .5rem 0 1rem; }\n"
	"th, td { border: 1px solid var(--line); padding: .3rem .7rem; text-align: left; vertical-align: top; }\n"
	"th { background: var(--paper); }\n"
	"nav ul { list-style: none; padding: 0; margin: .25rem 0 0; display: flex; flex-wrap: wrap; gap: .25rem .9rem; }\n"
	".bar { position: sticky; top: 0; z-index: 1; background: #fff; border-bottom: 1px solid var(--line); padding: .5rem 0;\n"
	"  display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }\n"
	".progress { flex: 1 1 16rem; margin: 0; }\n"
	"#status { flex: 1 1 100%; margin: 0; color: var(--accent); font-weight: 600; }\n"
	"#status:empty { display: none; }\n"
	"button { font: inherit; padding: .35rem .9rem; border: 1px solid var(--accent); border-radius: 4px; background: var(--accent);\n"
	"  color: #fff; cursor: pointer; }\n"
	"button.secondary { background: #fff; color: var(--accent); }\n"
	"a { color: var(--accent); }\n"
	":focus-visible { outline: 3px solid #e8a100; outline-offset: 2px; }\n"
	"#filetext { width: 100%; min-height: 14rem; margin-top: .5rem; font: 13px/1.4 ui-monospace, Consolas, monospace; }\n"
	".bid > h2 { margin: 2rem 0 .5rem; padding-bottom: .2rem; border-bottom: 2px solid var(--ink); }\n"
	".item > h2 { margin: 0 0 .4rem; font-size: 1.2rem; }\n"
	".item { border: 1px solid var(--line); border-radius: 6px; padding: .9rem 1rem; margin: 1rem 0; }\n"
	".bid .item h3 { margin: 0 0 .25rem; font-size: 1.15rem; }\n"
	".question { margin: .25rem 0; color: var(--muted); white-space: pre-wrap; }\n"
	".meta { font-size: .9rem; color: var(--muted); margin: .25rem 0 .5rem; }\n"
	".cut { color: var(--warn); font-weight: 600; margin: .25rem 0; }\n"
	".response, .text { white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: isolate; }\n"
	".response { background: var(--paper); border: 1px solid var(--line); border-radius: 4px; padding: .6rem .8rem; margin: 0; }\n"
	".none { color: var(--muted); font-style: italic; }\n"
	".flag { display: inline-block; background: #fdeeee; color: var(--warn); border: 1px solid var(--warn); border-radius: 4px;\n"
	"  padding: .1rem .6rem; font-weight: 700; margin: 0 0 .5rem; }\n"
	".recorded { color: var(--muted); margin: .25rem 0; }\n"
	".marks { width: 100%; }\n"
	".marks td.mark { font-weight: 600; }\n"
	".marks thead th:nth-child(1) { width: 7rem; }\n"
	".marks thead th:nth-child(2) { width: 13rem; }\n"
	".controls { display: grid; gap: .5rem; margin-top: .8rem; }\n"
	".controls label { display: block; font-weight: 600; margin-bottom: .15rem; }\n"
	"select, textarea { font: inherit; color: inherit; border: 1px solid #8c959f; border-radius: 4px; padding: .3rem .4rem; background: #fff; }\n"
	"select { max-width: 100%; }\n"
	".controls textarea { width: 100%; min-height: 5.5rem; field-sizing: content; resize: vertical; }\n"
	".problem { color: var(--warn); font-weight: 600; margin: 0; }\n"
	".item.invalid { border-color: var(--warn); box-shadow: 0 0 0 1px var(--warn); }\n"
	".item.invalid textarea[aria-invalid=\"true\"] { border-color: var(--warn); }\n"
	".sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }\n"
	"@media print {\n"
	"  body { font-size: 11pt; }\n"
	"  #form { max-width: none; padding: 0; }\n"
	"  .bar { position: static; border: 0; padding: 0; }\n"
	"  .bar button, #status, #filetext, nav, .nojs { display: none; }\n"
	"  .bid { break-before: page; }\n"
	"  .item { break-inside: avoid; border-color: #999; }\n"
	"  .response { background: none; }\n"
	"  select { appearance: none; border: 0; padding: 0; font-weight: 700; }\n"
	"  .controls textarea { border: 1px solid #999; resize: none; }\n"
	"  .problem { display: none; }\n"
	"}\n";

const char co_form_script[] =
	"(function () {\n"
	"'use strict';\n"
	"var root = document.getElementById('form'), d = root.dataset;\n"
	"var items = Array.prototype.slice.call(root.querySelectorAll('.item'));\n"
	"var fields = d.fields.split(' '), status = document.getElementById('status');\n"
	"var changed = false;\n"
	"var ENT = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '\"': '&quot;', '\\t': '&#9;', '\\n': '&#10;', '\\r': '&#13;'};\n"
	"\n"
	"function sel(it) { return it.querySelector('select'); }\n"
	"function box(it) { return it.querySelector('textarea:not(.feedback)'); }\n"
	"function fbox(it) { return it.querySelector('textarea.feedback'); }\n"
	"function name(it) { return it.dataset.response + '|' + it.dataset.question; }\n"
	"function say(text) { status.textContent = text; }\n"
	"function tidy(s) { return s.replace(/\\r\\n?/g, '\\n').replace(/^[ \\t\\n]+|[ \\t\\n]+$/g, ''); }\n"
	"function esc(s, re) { return String(s).replace(re, function (c) { return ENT[c]; }); }\n"
	"function attrs(o, names) {\n"
	"\treturn names.map(function (n) { return ' ' + n + '=\"' + esc(o[n], /[&<>\"\\t\\n\\r]/g) + '\"'; }).join('');\n"
	"}\n"
	"\n"
	"/* The first character XML 1.0 cannot carry (or a control character), as U+XXXX; '' when none. */\n"
	"function unsafe(s) {\n"
	"\tfor (var ch of s) {\n"
	"\t\tvar c = ch.codePointAt(0);\n"
	"\t\tif ((c < 32 && c !== 9 && c !== 10 && c !== 13) || (c >= 127 && c < 160) || (c >= 0xd800 && c < 0xe000) ||\n"
	"\t\t    c === 0xfffe || c === 0xffff)\n"
	"\t\t\treturn 'U+' + c.toString(16).toUpperCase().padStart(4, '0');\n"
	"\t}\n"
	"\treturn '';\n"
	"}\n"
	"\n"
	"/* Show what is wrong with an item; true when it cannot be exported as it is. */\n"
	"function check(it) {\n"
	"\tvar msgs = [], c = unsafe(box(it).value), stop = false, p = it.querySelector('.problem'), f = fbox(it), fc;\n"
	"\tif (it.warn)\n"
	"\t\tmsgs.push(it.warn);\n"
	"\tif (c) {\n"
	"\t\tmsgs.push('The ' + d.text + ' contains a control character (' + c + ') that the file cannot carry: remove it.');\n"
	"\t\tstop = true;\n"
	"\t}\n"
	"\tif (box(it).maxLength > 0 && box(it).value.length > box(it).maxLength) {\n"
	"\t\tmsgs.push('The ' + d.text + ' is longer than the file can carry (' + box(it).maxLength + ' characters): shorten it.');\n"
	"\t\tstop = true;\n"
	"\t}\n"
	"\tif (f && (fc = unsafe(f.value))) {\n"
	"\t\tmsgs.push('The feedback contains a control character (' + fc + ') that the file cannot carry: remove it.');\n"
	"\t\tstop = true;\n"
	"\t}\n"
	"\tif (f && f.maxLength > 0 && f.value.length > f.maxLength) {\n"
	"\t\tmsgs.push('The feedback is longer than the file can carry (' + f.maxLength + ' characters): shorten it.');\n"
	"\t\tstop = true;\n"
	"\t}\n"
	"\tif (f)\n"
	"\t\tf.setAttribute('aria-invalid', fc || f.value.length > f.maxLength ? 'true' : 'false');\n"
	"\tif (d.needReason !== undefined && sel(it).value !== '' && tidy(box(it).value) === '') {\n"
	"\t\tmsgs.push('Give the ' + d.text + ' for this mark: it is required.');\n"
	"\t\tstop = true;\n"
	"\t}\n"
	"\tp.textContent = msgs.join(' ');\n"
	"\tp.hidden = !msgs.length;\n"
	"\tbox(it).setAttribute('aria-invalid', stop ? 'true' : 'false');\n"
	"\tit.classList.toggle('invalid', stop);\n"
	"\treturn stop;\n"
	"}\n"
	"\n"
	"function progress() {\n"
	"\tvar m = 0, t = 0, f = 0, fl = document.getElementById('n-flagged');\n"
	"\titems.forEach(function (it) {\n"
	"\t\tm += sel(it).value !== '';\n"
	"\t\tt += tidy(box(it).value) !== '';\n"
	"\t\tf += sel(it).value !== '' && it.classList.contains('disagree');\n"
	"\t});\n"
	"\tdocument.getElementById('n-marks').textContent = m;\n"
	"\tdocument.getElementById('n-texts').textContent = t;\n"
	"\tif (fl)\n"
	"\t\tfl.textContent = f;\n"
	"}\n"
	"\n"
	"function save() {\n"
	"\tvar s = {format: 'calloff-form/1', changed: changed, items: {}};\n"
	"\titems.forEach(function (it) {\n"
	"\t\tvar o = {mark: sel(it).value, text: box(it).value};\n"
	"\t\tif (fbox(it))\n"
	"\t\t\to.feedback = fbox(it).value;\n"
	"\t\tfields.forEach(function (f) { o[f] = it.dataset[f]; });\n"
	"\t\ts.items[name(it)] = o;\n"
	"\t});\n"
	"\ttry {\n"
	"\t\tlocalStorage.setItem(d.store, JSON.stringify(s));\n"
	"\t} catch (e) {\n"
	"\t\tsay('This browser did not keep your work (' + e.name + '): export it now, before you close the page.');\n"
	"\t}\n"
	"}\n"
	"\n"
	"function restore() {\n"
	"\tvar raw = null, s = null;\n"
	"\ttry {\n"
	"\t\traw = localStorage.getItem(d.store);\n"
	"\t} catch (e) {\n"
	"\t\tsay('This browser cannot keep your work (' + e.name + '): export it before you close the page.');\n"
	"\t\treturn;\n"
	"\t}\n"
	"\tif (raw === null)\n"
	"\t\treturn;\n"
	"\ttry { s = JSON.parse(raw); } catch (e) { s = null; }\n"
	"\tif (!s || typeof s !== 'object' || !s.items || typeof s.items !== 'object') {\n"
	"\t\ttry { localStorage.setItem(d.store + ':unreadable', raw); } catch (e) { }\n"
	"\t\tsay('The work this browser kept for this form could not be read; it is kept aside as \"' + d.store + ':unreadable\".');\n"
	"\t\treturn;\n"
	"\t}\n"
	"\tchanged = s.changed === true;\n"
	"\titems.forEach(function (it) {\n"
	"\t\tvar o = Object.prototype.hasOwnProperty.call(s.items, name(it)) ? s.items[name(it)] : null, m;\n"
	"\t\tif (!o || typeof o !== 'object')\n"
	"\t\t\treturn;\n"
	"\t\tif (typeof o.text === 'string')\n"
	"\t\t\tbox(it).value = o.text;\n"
	"\t\tif (fbox(it) && typeof o.feedback === 'string')\n"
	"\t\t\tfbox(it).value = o.feedback;\n"
	"\t\tif (o.mark !== undefined) {\n"
	"\t\t\tm = String(o.mark);\n"
	"\t\t\tif (m === '' || Array.prototype.some.call(sel(it).options, function (x) { return x.value === m; })) {\n"
	"\t\t\t\tsel(it).value = m;\n"
	"\t\t\t} else {\n"
	"\t\t\t\tsel(it).value = '';\n"
	"\t\t\t\tit.warn = 'The mark kept in this browser (' + m + ') is not on the scale: choose a mark.';\n"
	"\t\t\t}\n"
	"\t\t}\n"
	"\t\tif (fields.some(function (f) { return o[f] !== it.dataset[f]; }))\n"
	"\t\t\tit.warn = (it.warn ? it.warn + ' ' : '') + 'This was written when the marks shown here were different: check it.';\n"
	"\t});\n"
	"}\n"
	"\n"
	"/* The file's text, or null (and the first problem shown) when an item cannot be exported. */\n"
	"function file() {\n"
	"\tvar stop = items.filter(check), out;\n"
	"\tif (stop.length) {\n"
	"\t\tsay(stop.length + (stop.length > 1 ? ' answers need' : ' answer needs') + ' attention before export: see the message in red.');\n"
	"\t\tbox(stop[0]).focus();\n"
	"\t\treturn null;\n"
	"\t}\n"
	"\tout = ['<?xml version=\"1.0\" encoding=\"UTF-8\"?>',\n"
	"\t       '<' + d.root + ' xmlns=\"urn:calloff:panel:1\"' + attrs(d, d.head.split(' ')) + '>'];\n"
	"\titems.forEach(function (it) {\n"
	"\t\tout.push('  <' + d.entry + attrs(it.dataset, fields) + ' value=\"' + esc(sel(it).value, /[&<>\"\\t\\n\\r]/g) + '\">' +\n"
	"\t\t         esc(tidy(box(it).value), /[&<>\\r]/g) + '</' + d.entry + '>');\n"
	"\t\tif (fbox(it) && tidy(fbox(it).value) !== '')\n"
	"\t\t\tout.push('  <feedback>' + esc(tidy(fbox(it).value), /[&<>\\r]/g) + '</feedback>');\n"
	"\t});\n"
	"\tout.push('</' + d.root + '>', '');\n"
	"\treturn out.join('\\n');\n"
	"}\n"
	"\n"
	"function edited(e) {\n"
	"\tvar it = e.target.closest('.item');\n"
	"\tif (!it)\n"
	"\t\treturn;\n"
	"\tit.warn = '';\n"
	"\tchanged = true;\n"
	"\tcheck(it);\n"
	"\tprogress();\n"
	"\tsave();\n"
	"}\n"
	"\n"
	"document.getElementById('export').addEventListener('click', function () {\n"
	"\tvar text = file(), a;\n"
	"\tif (text === null)\n"
	"\t\treturn;\n"
	"\ta = document.createElement('a');\n"
	"\ta.href = URL.createObjectURL(new Blob([text], {type: 'application/xml'}));\n"
	"\ta.download = d.file;\n"
	"\tdocument.body.appendChild(a);\n"
	"\ta.click();\n"
	"\ta.remove();\n"
	"\tsetTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);\n"
	"\tchanged = false;\n"
	"\tsave();\n"
	"\tsay('Exported ' + d.file + ' to your downloads. Send that file back as you were asked.');\n"
	"});\n"
	"document.getElementById('show').addEventListener('click', function () {\n"
	"\tvar text = file(), t = document.getElementById('filetext');\n"
	"\tif (text === null)\n"
	"\t\treturn;\n"
	"\tt.value = text;\n"
	"\tt.hidden = false;\n"
	"\tt.focus();\n"
	"\tt.select();\n"
	"\tsay('The file\\'s text is below: copy all of it into a file named ' + d.file + '.');\n"
	"});\n"
	"document.getElementById('next').addEventListener('click', function () {\n"
	"\tvar it = items.find(function (x) { return sel(x).value === '' || tidy(box(x).value) === ''; });\n"
	"\tif (!it) {\n"
	"\t\tsay('Every answer has a mark and a ' + d.text + '.');\n"
	"\t\treturn;\n"
	"\t}\n"
	"\tit.scrollIntoView({block: 'start'});\n"
	"\t(sel(it).value === '' ? sel(it) : box(it)).focus();\n"
	"});\n"
	"root.addEventListener('input', edited);\n"
	"root.addEventListener('change', edited);\n"
	"window.addEventListener('beforeunload', function (e) {\n"
	"\tif (changed) {\n"
	"\t\te.preventDefault();\n"
	"\t\te.returnValue = '';\n"
	"\t}\n"
	"});\n"
	"window.addEventListener('storage', function (e) {\n"
	"\tif (e.key === d.store)\n"
	"\t\tsay('This form is open in another tab or window too: work in one only, or one will overwrite the other.');\n"
	"});\n"
	"restore();\n"
	"items.forEach(check);\n"
	"progress();\n"
	"root.classList.add('ready');\n"
	"})();\n";

/* "'sha256-" base64 of the 32-byte digest (44 characters) "'" and the NUL. */
#define CSP_SOURCE 54

/* The Content-Security-Policy source that allows exactly text as an inline script or style. 0 or CO_ERROR. */
static int csp_source(char out[CSP_SOURCE], const char *text)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!EVP_Digest(text, strlen(text), md, &n, EVP_sha256(), NULL) || n != 32)
		return CO_ERROR;
	memcpy(out, "'sha256-", 8);
	if (EVP_EncodeBlock((unsigned char *)out + 8, md, 32) != 44)
		return CO_ERROR;
	memcpy(out + 52, "'", 2);
	return 0;
}

/* The bytes of the control character at s (C0 but tab, line feed and carriage return; DEL; C1), or 0. */
static size_t control_at(const char *s)
{
	unsigned char c = (unsigned char)s[0], next = c ? (unsigned char)s[1] : 0;
	if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
		return 1;
	return c == 0xc2 && next >= 0x80 && next <= 0x9f ? 2 : 0;
}

/*
 * Append s as HTML text, escaped, each control character shown as U+FFFD: a text from a bid can
 * neither make markup nor hide as an invisible character. Control characters are rare, so a text
 * without them is escaped in one call and only one with them is copied a run at a time.
 */
void co_form_text(co_strbuf *b, const char *s)
{
	const char *p = s;
	size_t n = 0;
	while (*p && !control_at(p))
		p++;
	if (!*p) {
		co_xml_escape(b, s);
		return;
	}
	while (*s) {
		const char *run = s;
		while (*s && !(n = control_at(s)))
			s++;
		char *part = co_strbuf_need(b, strndup(run, (size_t)(s - run)));
		co_xml_escape(b, part);
		free(part);
		if (*s) {
			co_strbuf_put(b, "&#xFFFD;");
			s += n;
		}
	}
}

/* The document's head, up to and including <body>: the policy allows only the page's own script and style. */
int co_form_head(co_strbuf *b, const char *title, const char *who, const char *competition)
{
	char js[CSP_SOURCE], css[CSP_SOURCE];
	if (csp_source(js, co_form_script) || csp_source(css, co_form_style))
		return CO_ERROR;
	co_strbuf_put(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	                 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src %s; "
	                 "style-src %s; base-uri 'none'; form-action 'none'\">\n"
	                 "<meta name=\"referrer\" content=\"no-referrer\">\n"
	                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s",
	              js, css, title);
	if (*who) {
		co_strbuf_put(b, " ");
		co_form_text(b, who);
	}
	co_strbuf_put(b, " &#8211; ");
	co_form_text(b, competition);
	co_strbuf_put(b, "</title>\n<style>%s</style>\n</head>\n<body>\n", co_form_style);
	return 0;
}

/* The scale: each mark with its label. */
void co_form_scale(co_strbuf *b, const co_rules *r)
{
	co_strbuf_put(b, "<section id=\"scale\" aria-labelledby=\"scale-h\">\n<h2 id=\"scale-h\">The scale</h2>\n"
	                 "<table class=\"scale\">\n<thead><tr><th scope=\"col\">Mark</th><th scope=\"col\">Meaning</th></tr></thead>\n<tbody>\n");
	for (size_t m = 0; m < r->nmarks; m++) {
		co_strbuf_put(b, "<tr><td>%ld</td><td>", r->marks[m]);
		co_form_text(b, r->labels[m] ? r->labels[m] : "");
		co_strbuf_put(b, "</td></tr>\n");
	}
	co_strbuf_put(b, "</tbody>\n</table>\n</section>\n");
}

/* The options of a mark selector: none chosen (none: its text), then each mark of the scale, chosen when it is *chosen. */
void co_form_options(co_strbuf *b, const co_rules *r, const char *none, const long *chosen)
{
	co_strbuf_put(b, "<option value=\"\">%s</option>", none);
	for (size_t m = 0; m < r->nmarks; m++) {
		co_strbuf_put(b, "<option value=\"%ld\"%s>%ld", r->marks[m], chosen && *chosen == r->marks[m] ? " selected" : "",
		              r->marks[m]);
		if (r->labels[m] && *r->labels[m]) {
			co_strbuf_put(b, " &#8211; ");
			co_form_text(b, r->labels[m]);
		}
		co_strbuf_put(b, "</option>");
	}
}

/* A textarea's content: the parser drops a first line feed, so one is always written before the text. */
void co_form_textarea_text(co_strbuf *b, const char *s)
{
	co_strbuf_put(b, "\n");
	co_form_text(b, s ? s : "");
}

/* A question's heading text: "Q1: its title". */
void co_form_question_name(co_strbuf *b, const co_question *qu)
{
	co_form_text(b, qu->id);
	if (qu->title && *qu->title) {
		co_strbuf_put(b, ": ");
		co_form_text(b, qu->title);
	}
}

/*
 * A question and a response as the panel sees them: the question's text, its weight and word
 * limit, the response's words (all it had, as the bid wrote it), what the limit cut off, and the
 * text itself, which keeps its line breaks and spaces. 0 or CO_ERROR.
 */
int co_form_response(co_strbuf *b, const co_question *qu, const co_plan_response *re)
{
	char *w = co_num_format_trim(qu->weight, 9);
	if (!w)
		return CO_ERROR;
	if (qu->text && *qu->text) {
		co_strbuf_put(b, "<p class=\"question\">");
		co_form_text(b, qu->text);
		co_strbuf_put(b, "</p>\n");
	}
	co_strbuf_put(b, "<p class=\"meta\">Weight %s%% of the quality score &#183; ", w);
	free(w);
	if (qu->max_words)
		co_strbuf_put(b, "word limit %ld", qu->max_words);
	else
		co_strbuf_put(b, "no word limit");
	co_strbuf_put(b, " &#183; this response: %zu word%s</p>\n", re->words, re->words == 1 ? "" : "s");
	if (re->cut_words)
		co_strbuf_put(b, "<p class=\"cut\">The last %zu word%s, beyond the limit of %ld, %s cut off: not shown here and "
		                 "not to be evaluated.</p>\n",
		              re->cut_words, re->cut_words == 1 ? "" : "s", qu->max_words, re->cut_words == 1 ? "is" : "are");
	if (re->text && *re->text) {
		co_strbuf_put(b, "<div class=\"response\">");
		co_form_text(b, re->text);
		co_strbuf_put(b, "</div>\n");
	} else {
		co_strbuf_put(b, "<p class=\"response none\">No text was given for this question.</p>\n");
	}
	return 0;
}

/* A control's label, "Your mark", then for a screen reader only, which item it is: "for Response 03, Q2". */
static void put_label(co_strbuf *b, char id, size_t i, const char *label, const char *response, const char *qid)
{
	co_strbuf_put(b, "<label for=\"%c-%zu\">%s<span class=\"sr\"> for ", id, i, label);
	co_form_text(b, response);
	co_strbuf_put(b, ", ");
	co_form_text(b, qid);
	co_strbuf_put(b, "</span></label>\n");
}

void co_form_controls(co_strbuf *b, const co_rules *r, size_t i, const char *response, const char *qid,
                      const co_form_words *w, const long *chosen, const char *text, const char *feedback)
{
	co_strbuf_put(b, "<div class=\"controls\">\n<div>");
	put_label(b, 'm', i, w->mark, response, qid);
	co_strbuf_put(b, "<select id=\"m-%zu\">", i);
	co_form_options(b, r, w->none, chosen);
	co_strbuf_put(b, "</select></div>\n<div>");
	put_label(b, 'r', i, w->text, response, qid);
	co_strbuf_put(b, "<textarea id=\"r-%zu\" rows=\"4\" maxlength=\"%d\" aria-describedby=\"p-%zu\">", i, CO_FORM_TEXT_MAX, i);
	co_form_textarea_text(b, text);
	co_strbuf_put(b, "</textarea></div>\n");
	if (w->feedback) {
		co_strbuf_put(b, "<div>");
		put_label(b, 'f', i, w->feedback, response, qid);
		co_strbuf_put(b, "<textarea id=\"f-%zu\" class=\"feedback\" rows=\"3\" maxlength=\"%d\" aria-describedby=\"p-%zu\">", i,
		              CO_FORM_TEXT_MAX, i);
		co_form_textarea_text(b, feedback);
		co_strbuf_put(b, "</textarea></div>\n");
	}
	co_strbuf_put(b, "<p class=\"problem\" id=\"p-%zu\" role=\"alert\" hidden></p>\n</div>\n", i);
}

/* The end of the page, from the form's </main>: the script comes last, when every element it looks for is there. */
void co_form_foot(co_strbuf *b)
{
	co_strbuf_put(b, "</main>\n<script>%s</script>\n</body>\n</html>\n", co_form_script);
}
