/* Internal: the page both panel forms (marking_form.c, moderation_form.c) are built on, and the pieces of it they share. */
#ifndef CO_FORMPAGE_H
#define CO_FORMPAGE_H

#include "panels/plan.h"
#include "base/strbuf.h"

/* The longest rationale or reason a panel file may carry (bids/panel.xsd, type "text"): the boxes hold no more. */
#define CO_FORM_TEXT_MAX 100000

/*
 * The page's one style and one script, the same for both forms: the page's policy allows these
 * two texts and nothing else. Exported so that the tests can hold the pages against them.
 */
extern const char co_form_style[];
extern const char co_form_script[];

/*
 * The document's head, up to and including <body>: the Content-Security-Policy with the hashes
 * of co_form_script and co_form_style, the title ("title who &#8211; competition"; who may be
 * ""), and the style. The form's <main> follows. 0 or CO_ERROR.
 */
int co_form_head(co_strbuf *b, const char *title, const char *who, const char *competition);

/* The end of the page after the form's content: </main>, the script, </body></html>. */
void co_form_foot(co_strbuf *b);

/* Append s as HTML text, escaped, each control character shown as U+FFFD: a bid's text makes no markup. */
void co_form_text(co_strbuf *b, const char *s);

/* The scale as a section: each mark with its label. */
void co_form_scale(co_strbuf *b, const co_rules *r);

/*
 * The options of a mark selector: none chosen (none: its text, markup), then each mark of the
 * scale with its label, chosen when it is *chosen (chosen may be NULL).
 */
void co_form_options(co_strbuf *b, const co_rules *r, const char *none, const long *chosen);

/* A textarea's content, s (NULL: empty), kept from the HTML parser's dropping of a first line feed. */
void co_form_textarea_text(co_strbuf *b, const char *s);

/* A question's heading text: "Q1: its title". */
void co_form_question_name(co_strbuf *b, const co_question *qu);

/* A question and one bid's response to it as the panel sees them: text, weight, word limit, words cut off. 0 or CO_ERROR. */
int co_form_response(co_strbuf *b, const co_question *qu, const co_plan_response *re);

/* What a form calls its two controls (markup, written as they are): "Your mark", "Not marked", "Your rationale". */
typedef struct {
	const char *mark; /* the selector's label */
	const char *none; /* the selector's empty choice */
	const char *text; /* the text box's label */
	const char *feedback; /* the feedback box's label (the moderation), or NULL: no feedback box */
} co_form_words;

/*
 * The controls of item i, the response labelled response to question qid: a mark selector
 * (*chosen chosen, or none when chosen is NULL), a text box holding text, with w->feedback a
 * second, optional text box (class "feedback") holding feedback (NULL: empty), and the place the
 * script shows what is wrong. The script finds them by these elements and ids.
 */
void co_form_controls(co_strbuf *b, const co_rules *r, size_t i, const char *response, const char *qid,
                      const co_form_words *w, const long *chosen, const char *text, const char *feedback);

#endif
