/* The marking workbook (XLSX) of one evaluator, written with libxlsxwriter: its layout, which the reader shares, and its writing. */
#include "panels/workbook.h"
#include "panels/returned.h"
#include "base/contain.h"
#include "base/diag.h"
#include "base/num.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/*
 * The layout of the sheet "Marks" is described in workbook.h. In short:
 *
 *   A1 Competition | B1 id          row 6: Response, Question, Title, Response text, Words,
 *   A2 Evaluator   | B2 id                 Response digest, Mark, Rationale (columns A to H)
 *   A3 Pack        | B3 digest      row 7 on: one item a row; G (mark) and H (rationale) are
 *   A4 Progress    | B4 formula               the only unlocked cells, G with a list of the
 *   A5 the instruction line                   scale's marks
 *
 * The sheets are protected with no password: protection guards against slips, not against an
 * evaluator who means to change a locked cell, and the reader checks every locked cell anyway.
 *
 * Same plan, same bytes: the document's creation time is fixed (the rules' deadline, or
 * 1980-01-01 when there is none), and libxlsxwriter itself dates every zip entry 1980-01-01.
 */

/* The header's labels, in column A of rows 1 to 4. */
static const char *const head_labels[] = {"Competition", "Evaluator", "Pack", "Progress"};

/* The table's headings, in row 6. */
static const char *const headings[CO_WB_COLS] = {"Response", "Question",        "Title", "Response text",
                                                 "Words",    "Response digest", "Mark",  "Rationale"};

static const char instruction[] = "Choose a mark from the list in column G and write your rationale in column H; "
                                  "other cells are locked. The sheet Scale says what each mark means.";

/* A text too long for a cell that is not a response (a question's title): a note stands for it. */
static const char too_long[] = "(too long for a spreadsheet cell: see the rule file)";

/* 1 when s starts with what Excel reads as an escaped character, "_xHHHH_". */
static int escape_at(const char *s)
{
	if (s[0] != '_' || s[1] != 'x')
		return 0;
	for (int i = 2; i < 6; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return s[6] == '_';
}

/*
 * Excel counts a cell's characters in UTF-16 code units (an emoji is two); libxlsxwriter counts
 * the code points of what it is given, which holds "_x005F" more for each "_xHHHH_" in the text
 * (see cell_string). Both must be within the limit.
 */
int co_wb_fits(const char *text)
{
	size_t units = 0, points = 0;
	for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
		if ((*s & 0xC0) == 0x80)
			continue;
		points += escape_at((const char *)s) ? 7 : 1;
		units += *s >= 0xF0 ? 2 : 1;
	}
	return units <= CO_WB_CELL_MAX && points <= CO_WB_CELL_MAX;
}

/* The questions evaluator e marks, counted. */
static size_t assigned_count(const co_plan *p, size_t e)
{
	size_t n = 0;
	for (size_t q = 0; q < p->rules->nq; q++)
		n += p->evs[e].assigned[q] != 0;
	return n;
}

void co_wb_item(const co_plan *p, size_t e, size_t i, size_t *k, size_t *q)
{
	size_t per = assigned_count(p, e), nth = per ? i % per : 0;
	*k = per ? i / per : 0;
	*q = 0;
	for (size_t j = 0; j < p->rules->nq; j++)
		if (p->evs[e].assigned[j] && nth-- == 0) {
			*q = j;
			break;
		}
}

/* "612 of 750 words", with the words cut off said. NULL when out of memory. */
static char *words_text(const co_question *qu, const co_plan_response *r)
{
	const char *noun = r->words == 1 ? "word" : "words";
	if (qu->max_words <= 0)
		return co_strdupf("%zu %s (no limit)", r->words, noun);
	if (!r->cut_words)
		return co_strdupf("%zu of %ld words", r->words, qu->max_words);
	return co_strdupf("%zu of %ld words: the %zu beyond the limit %s cut off and not evaluated", r->words,
	                  qu->max_words, r->cut_words, r->cut_words == 1 ? "is" : "are");
}

/* The note that stands for a response too long for a cell. NULL when out of memory. */
static char *long_note(const co_plan *p, size_t e, size_t k, size_t q)
{
	const char *text = p->bids[k].responses[q].text;
	size_t chars = 0;
	for (const unsigned char *s = (const unsigned char *)(text ? text : ""); *s; s++)
		chars += (*s & 0xC0) != 0x80;
	return co_strdupf("This response (%zu characters) is too long for a spreadsheet cell: read it in your marking "
	                  "form, %s%s, under %s, question %s. The digest in column F is of the whole response.",
	                  chars, p->evs[e].id, CO_WB_FORM_SUFFIX, p->bids[k].label, p->rules->questions[q].id);
}

/* The progress formula over n items: the marks given and the rationales written. */
static char *progress_formula(size_t n)
{
	char mark[8], why[8];
	int last = CO_WB_ROW_FIRST + (int)n - 1;
	co_cell_column(mark, CO_WB_COL_MARK);
	co_cell_column(why, CO_WB_COL_RATIONALE);
	return co_strdupf("COUNT(%s%d:%s%d)&\" of %zu marked, \"&COUNTA(%s%d:%s%d)&\" with a rationale\"", mark,
	                  CO_WB_ROW_FIRST, mark, last, n, why, CO_WB_ROW_FIRST, why, last);
}

/* A locked text that may be too long for a cell: the note stands for it then. */
static void text_cell(co_wb_cell *out, const char *text)
{
	out->kind = CO_WB_TEXT;
	out->text = !text ? "" : co_wb_fits(text) ? text : too_long;
}

int co_wb_cell_at(co_wb_cell *out, const co_plan *p, size_t e, int row, int col)
{
	memset(out, 0, sizeof(*out));
	size_t n = co_plan_items(p, e);
	if (col < 1 || col > CO_WB_COLS || row < 1 || (size_t)row >= CO_WB_ROW_FIRST + n)
		return 0;
	if (row < CO_WB_ROW_INSTRUCTION) {
		if (col == 1) {
			text_cell(out, head_labels[row - 1]);
		} else if (col == CO_WB_COL_HEAD && row == CO_WB_ROW_PROGRESS) {
			if (n == 0) {
				text_cell(out, "Nothing to mark");
				return 0;
			}
			out->kind = CO_WB_FORMULA;
			out->text = out->owned = progress_formula(n);
		} else if (col == CO_WB_COL_HEAD) {
			out->kind = CO_WB_FIELD;
			out->text = row == CO_WB_ROW_COMPETITION ? p->competition
			            : row == CO_WB_ROW_EVALUATOR ? p->evs[e].id
			                                         : p->evs[e].pack;
		}
		return out->kind == CO_WB_FORMULA && !out->owned ? CO_ERROR : 0;
	}
	if (row == CO_WB_ROW_INSTRUCTION) {
		if (col == 1)
			text_cell(out, instruction);
		return 0;
	}
	if (row == CO_WB_ROW_HEADINGS) {
		text_cell(out, headings[col - 1]);
		return 0;
	}
	size_t k, q;
	co_wb_item(p, e, (size_t)row - CO_WB_ROW_FIRST, &k, &q);
	const co_question *qu = &p->rules->questions[q];
	const co_plan_response *r = &p->bids[k].responses[q];
	switch (col) {
	case CO_WB_COL_LABEL:
		text_cell(out, p->bids[k].label);
		break;
	case CO_WB_COL_QUESTION:
		text_cell(out, qu->id);
		break;
	case CO_WB_COL_TITLE:
		text_cell(out, qu->title);
		break;
	case CO_WB_COL_TEXT:
		out->kind = CO_WB_TEXT;
		if (!r->text || co_wb_fits(r->text)) {
			out->text = r->text ? r->text : "";
			break;
		}
		out->long_note = 1;
		out->text = out->owned = long_note(p, e, k, q);
		break;
	case CO_WB_COL_WORDS:
		out->kind = CO_WB_TEXT;
		out->text = out->owned = words_text(qu, r);
		break;
	case CO_WB_COL_DIGEST:
		text_cell(out, r->digest);
		break;
	default:
		out->kind = CO_WB_INPUT;
		return 0;
	}
	return out->kind == CO_WB_TEXT && !out->text ? CO_ERROR : 0;
}

void co_wb_cell_free(co_wb_cell *c)
{
	if (!c)
		return;
	free(c->owned);
	memset(c, 0, sizeof(*c));
}

/* ------------------------------------------------------------------------------------------ */

/* One workbook being written: its formats, and the first failure. */
typedef struct {
	const co_plan *p;
	size_t e;
	const char *path;
	co_diags *diags;
	lxw_workbook *wb;
	lxw_error err; /* libxlsxwriter's first error */
	int rc;        /* 0, or the first failure's status */
	lxw_format *bold, *italic, *heading, *text, *digest, *mark, *rationale;
} writer;

/*
 * Record libxlsxwriter's error err (the first one counts). Every one is CO_ERROR: the cells are
 * built in memory, where only an allocation can fail (a shared string that could not be stored
 * is reported as "not found"), and the file is written only once calloff could create it (see
 * write_here), after which a zip or temporary file error is a failed system call or
 * allocation, which libxlsxwriter does not tell apart (its errno is not kept).
 */
static void lxw_check(writer *w, lxw_error err)
{
	if (err == LXW_NO_ERROR || w->rc)
		return;
	w->err = err;
	w->rc = CO_ERROR;
}

/*
 * Excel reads "_xHHHH_" in a cell's text as an escaped character, and libxlsxwriter writes a
 * text as it is given (escaping only control characters that way), so a text that holds
 * "_x0041_" would read back as "A". The underscore that starts such a sequence is written as
 * "_x005F_" instead, which Excel (and the reader) turn back into "_". NULL when out of memory.
 */
static char *cell_string(const char *text)
{
	size_t extra = 0, len = strlen(text);
	for (size_t i = 0; i < len; i++)
		extra += escape_at(text + i) ? 6 : 0;
	char *s = malloc(len + extra + 1), *o = s;
	if (!s)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (escape_at(text + i)) {
			memcpy(o, "_x005F", 6);
			o += 6;
		}
		*o++ = text[i];
	}
	*o = '\0';
	return s;
}

/* Write text at row, col (from 0) of ws. */
static void put_text(writer *w, lxw_worksheet *ws, int row, int col, const char *text, lxw_format *fmt)
{
	if (w->rc)
		return;
	if (!co_wb_fits(text))
		text = too_long;
	char *s = cell_string(text);
	if (!s) {
		w->rc = CO_ERROR;
		return;
	}
	lxw_check(w, *s ? worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s, fmt)
	                : worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, fmt));
	free(s);
}

/* A new format, or NULL with w's failure recorded. */
static lxw_format *new_format(writer *w)
{
	lxw_format *f = w->rc ? NULL : workbook_add_format(w->wb);
	if (!f && !w->rc)
		w->rc = CO_ERROR;
	return f;
}

static void make_formats(writer *w)
{
	if ((w->bold = new_format(w)))
		format_set_bold(w->bold);
	if ((w->italic = new_format(w)))
		format_set_italic(w->italic);
	if ((w->heading = new_format(w))) {
		format_set_bold(w->heading);
		format_set_text_wrap(w->heading);
		format_set_align(w->heading, LXW_ALIGN_VERTICAL_TOP);
		format_set_bg_color(w->heading, 0xD9D9D9);
		format_set_bottom(w->heading, LXW_BORDER_THIN);
	}
	if ((w->text = new_format(w))) {
		format_set_text_wrap(w->text);
		format_set_align(w->text, LXW_ALIGN_VERTICAL_TOP);
	}
	if ((w->digest = new_format(w))) {
		format_set_align(w->digest, LXW_ALIGN_VERTICAL_TOP);
		format_set_font_size(w->digest, 8);
		format_set_font_color(w->digest, 0x595959);
	}
	if ((w->mark = new_format(w))) {
		format_set_unlocked(w->mark);
		format_set_align(w->mark, LXW_ALIGN_CENTER);
		format_set_align(w->mark, LXW_ALIGN_VERTICAL_TOP);
		format_set_bg_color(w->mark, 0xFFF2CC);
		format_set_border(w->mark, LXW_BORDER_THIN);
	}
	if ((w->rationale = new_format(w))) {
		format_set_unlocked(w->rationale);
		format_set_text_wrap(w->rationale);
		format_set_align(w->rationale, LXW_ALIGN_VERTICAL_TOP);
		format_set_bg_color(w->rationale, 0xFFF2CC);
		format_set_border(w->rationale, LXW_BORDER_THIN);
	}
}

/* Count UTF-8 code points, as libxlsxwriter measures its limits. */
static size_t points(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/*
 * The input message of the mark cells: each mark with its label's first clause ("3 Good") when
 * that fits Excel's 255 characters, else a pointer to the sheet Scale. NULL when out of memory.
 */
static char *scale_message(const co_rules *r)
{
	size_t len = 0;
	for (size_t m = 0; m < r->nmarks; m++)
		len += 32 + (r->labels[m] ? strlen(r->labels[m]) : 0);
	char *s = malloc(len + 1);
	if (!s)
		return NULL;
	size_t at = 0;
	for (size_t m = 0; m < r->nmarks; m++) {
		const char *l = r->labels[m] ? r->labels[m] : "";
		size_t n = strcspn(l, ":.;");
		at += (size_t)snprintf(s + at, len + 1 - at, "%s%ld%s%.*s", m ? "; " : "", r->marks[m], n ? " " : "",
		                       (int)n, l);
	}
	if (points(s) > 255 - 40)
		at = (size_t)snprintf(s, len + 1, "Choose a mark from the list.");
	snprintf(s + at, len + 1 - at, ". The sheet Scale says what each means.");
	return s;
}

/* The sheet Marks. */
static void write_marks(writer *w, lxw_worksheet *ws)
{
	const co_plan *p = w->p;
	const co_rules *r = p->rules;
	size_t n = co_plan_items(p, w->e);
	int rows = CO_WB_ROW_FIRST - 1 + (int)n;
	static const double widths[CO_WB_COLS] = {13, 10, 24, 80, 18, 22, 8, 60};
	for (int c = 0; c < CO_WB_COLS; c++)
		lxw_check(w, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
	for (int row = 1; row <= rows && !w->rc; row++) {
		for (int col = 1; col <= CO_WB_COLS && !w->rc; col++) {
			co_wb_cell c;
			if (co_wb_cell_at(&c, p, w->e, row, col)) {
				w->rc = CO_ERROR;
				break;
			}
			lxw_format *fmt = row < CO_WB_ROW_INSTRUCTION && col == 1 ? w->bold
			                  : row == CO_WB_ROW_INSTRUCTION          ? w->italic
			                  : row == CO_WB_ROW_HEADINGS             ? w->heading
			                  : row < CO_WB_ROW_HEADINGS              ? NULL
			                  : col == CO_WB_COL_DIGEST               ? w->digest
			                  : col == CO_WB_COL_MARK                 ? w->mark
			                  : col == CO_WB_COL_RATIONALE            ? w->rationale
			                                                          : w->text;
			if (c.kind == CO_WB_TEXT || c.kind == CO_WB_FIELD) {
				put_text(w, ws, row - 1, col - 1, c.text, fmt);
			} else if (c.kind == CO_WB_FORMULA) {
				char *cached = co_strdupf("0 of %zu marked, 0 with a rationale", n);
				if (!cached)
					w->rc = CO_ERROR;
				else
					lxw_check(w, worksheet_write_formula_str(ws, (lxw_row_t)row - 1, (lxw_col_t)col - 1, c.text,
					                                         NULL, cached));
				free(cached);
			} else if (c.kind == CO_WB_INPUT) {
				lxw_check(w, worksheet_write_blank(ws, (lxw_row_t)row - 1, (lxw_col_t)col - 1, fmt));
			}
			co_wb_cell_free(&c);
		}
	}
	if (w->rc)
		return;

	/* The mark cells' list: the scale's marks, or (too long for a list) the sheet Scale's. */
	char **list = calloc(r->nmarks + 1, sizeof(*list));
	char *message = scale_message(r), *formula = co_strdupf("=Scale!$A$2:$A$%zu", r->nmarks + 1);
	char *error = NULL;
	size_t listlen = 0;
	for (size_t m = 0; list && m < r->nmarks; m++) {
		list[m] = co_strdupf("%ld", r->marks[m]);
		if (!list[m])
			break;
		listlen += strlen(list[m]) + (m ? 1 : 0);
	}
	int use_list = listlen <= 255 - 60;
	if (use_list) {
		co_strbuf b = {0};
		co_strbuf_put(&b, "Choose one of the marks in the list: ");
		for (size_t m = 0; list && m < r->nmarks && list[m]; m++)
			co_strbuf_put(&b, "%s%s", m ? ", " : "", list[m]);
		co_strbuf_put(&b, ".");
		error = co_strbuf_take(&b);
	} else {
		error = strdup("Choose one of the marks in the list (the sheet Scale has them).");
	}
	int complete = list && message && formula && error && (!r->nmarks || list[r->nmarks - 1]);
	if (!complete)
		w->rc = CO_ERROR;
	if (complete && n > 0) {
		lxw_data_validation dv = {
			.validate = use_list ? LXW_VALIDATION_TYPE_LIST : LXW_VALIDATION_TYPE_LIST_FORMULA,
			.value_list = use_list ? list : NULL,
			.value_formula = use_list ? NULL : formula,
			.ignore_blank = LXW_VALIDATION_ON,
			.show_input = LXW_VALIDATION_ON,
			.show_error = LXW_VALIDATION_ON,
			.error_type = LXW_VALIDATION_ERROR_TYPE_STOP,
			.input_title = "Mark",
			.input_message = message,
			.error_title = "Not a mark",
			.error_message = error,
		};
		lxw_check(w, worksheet_data_validation_range(ws, CO_WB_ROW_FIRST - 1, CO_WB_COL_MARK - 1, (lxw_row_t)rows - 1,
		                                             CO_WB_COL_MARK - 1, &dv));
	}
	for (size_t m = 0; list && m < r->nmarks; m++)
		free(list[m]);
	free(list);
	free(message);
	free(formula);
	free(error);

	worksheet_freeze_panes(ws, CO_WB_ROW_HEADINGS, 0);
	if (n > 0)
		worksheet_set_selection(ws, CO_WB_ROW_FIRST - 1, CO_WB_COL_MARK - 1, CO_WB_ROW_FIRST - 1, CO_WB_COL_MARK - 1);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	lxw_check(w, worksheet_repeat_rows(ws, CO_WB_ROW_HEADINGS - 1, CO_WB_ROW_HEADINGS - 1));
}

/* The sheet Scale: each mark and what it means. */
static void write_scale(writer *w, lxw_worksheet *ws)
{
	const co_rules *r = w->p->rules;
	lxw_check(w, worksheet_set_column(ws, 0, 0, 8, NULL));
	lxw_check(w, worksheet_set_column(ws, 1, 1, 90, NULL));
	put_text(w, ws, 0, 0, "Mark", w->heading);
	put_text(w, ws, 0, 1, "What it means", w->heading);
	for (size_t m = 0; m < r->nmarks && !w->rc; m++) {
		lxw_check(w, worksheet_write_number(ws, (lxw_row_t)m + 1, 0, (double)r->marks[m], w->text));
		put_text(w, ws, (int)m + 1, 1, r->labels[m] ? r->labels[m] : "", w->text);
	}
}

/* The sheet Questions: each question the evaluator marks, with its text, weight and word limit. */
static void write_questions(writer *w, lxw_worksheet *ws)
{
	const co_rules *r = w->p->rules;
	static const char *const heads[] = {"Question", "Title", "Question text", "Weight (% of quality)", "Word limit"};
	static const double widths[] = {10, 28, 80, 12, 10};
	for (int c = 0; c < 5; c++) {
		lxw_check(w, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
		put_text(w, ws, 0, c, heads[c], w->heading);
	}
	int row = 1;
	for (size_t q = 0; q < r->nq && !w->rc; q++) {
		if (!w->p->evs[w->e].assigned[q])
			continue;
		const co_question *qu = &r->questions[q];
		char *weight = co_num_format_trim(qu->weight, 6);
		char *limit = qu->max_words > 0 ? co_strdupf("%ld", qu->max_words) : strdup("none");
		if (!weight || !limit)
			w->rc = CO_ERROR;
		put_text(w, ws, row, 0, qu->id, w->text);
		put_text(w, ws, row, 1, qu->title ? qu->title : "", w->text);
		put_text(w, ws, row, 2, qu->text ? qu->text : "", w->text);
		if (!w->rc) {
			put_text(w, ws, row, 3, weight, w->text);
			put_text(w, ws, row, 4, limit, w->text);
		}
		free(weight);
		free(limit);
		row++;
	}
}

/* The workbook written in this process (co_workbook_write runs it in a child, twice). */
static int write_here(const co_plan *p, size_t e, const char *path, co_diags *diags)
{
	writer w = {.p = p, .e = e, .path = path, .diags = diags};
	const co_rules *r = p->rules;
	char *title = NULL;
	int created = 0;

	if (e >= p->nev)
		return CO_ERROR; /* the caller's mistake, never the input's */
	if (co_plan_items(p, e) > CO_WB_ROWS_MAX - (CO_WB_ROW_FIRST - 1)) {
		co_diag_add(diags, path, 1, 1,
		            "%s marks %zu items, more than the %d rows a sheet holds: give them the form or the CSV",
		            p->evs[e].id, co_plan_items(p, e), CO_WB_ROWS_MAX - (CO_WB_ROW_FIRST - 1));
		return CO_EIO;
	}
	w.wb = workbook_new_opt(path, &(lxw_workbook_options){.constant_memory = LXW_FALSE, .use_zip64 = LXW_FALSE});
	if (!w.wb) {
		w.rc = CO_ERROR;
		goto out;
	}
	/* A fixed creation time: the deadline when the rules have one (it is after 1980), else 1980-01-01. */
	time_t when = 315532800;
	if (r->has_deadline && r->deadline.sec > when)
		when = (time_t)r->deadline.sec;
	title = co_strdupf("Marking workbook: %s, evaluator %s", p->competition, p->evs[e].id);
	if (!title) {
		w.rc = CO_ERROR;
		goto out;
	}
	lxw_error perr = workbook_set_properties(w.wb, &(lxw_doc_properties){
	                                                   .title = title,
	                                                   .author = "calloff",
	                                                   .comments = "The marks in column G and rationales in column H "
	                                                               "of the sheet Marks are read back by calloff.",
	                                                   .created = when,
	                                               });
	/*
	 * libxlsxwriter (1.1.4, and still upstream) frees the workbook's properties before copying the
	 * new ones and leaves the pointer dangling when a copy cannot be allocated: lxw_workbook_free
	 * would free them again.
	 */
	if (perr != LXW_NO_ERROR)
		w.wb->properties = NULL;
	lxw_check(&w, perr);
	make_formats(&w);
	lxw_worksheet *marks = w.rc ? NULL : workbook_add_worksheet(w.wb, CO_WB_SHEET);
	lxw_worksheet *scale = marks ? workbook_add_worksheet(w.wb, "Scale") : NULL;
	lxw_worksheet *questions = scale ? workbook_add_worksheet(w.wb, "Questions") : NULL;
	if (!w.rc && !questions)
		w.rc = CO_ERROR;
	if (w.rc)
		goto out;
	write_marks(&w, marks);
	write_scale(&w, scale);
	write_questions(&w, questions);
	if (w.rc)
		goto out;
	lxw_protection allow = {.format_columns = 1, .format_rows = 1};
	worksheet_protect(marks, NULL, &allow);
	worksheet_protect(scale, NULL, &allow);
	worksheet_protect(questions, NULL, &allow);
	worksheet_activate(marks);

	/*
	 * The file is created here first, so that a path that cannot be written gets its own reason
	 * (libxlsxwriter says only "usually a permissions error") and status.
	 */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		w.rc = co_errno_status(errno);
		if (w.rc == CO_EIO)
			co_diag_add(diags, path, 1, 1, "cannot create the marking workbook: %s", strerror(errno));
		goto out;
	}
	created = 1;
	if (close(fd) != 0) {
		w.rc = co_errno_status(errno);
		if (w.rc == CO_EIO)
			co_diag_add(diags, path, 1, 1, "cannot create the marking workbook: %s", strerror(errno));
		goto out;
	}
	/* workbook_close writes the file and frees the workbook, whatever it returns. */
	lxw_error err = workbook_close(w.wb);
	w.wb = NULL;
	lxw_check(&w, err);
out:
	if (w.wb)
		lxw_workbook_free(w.wb);
	/* A failed allocation needs no words; any other failure of libxlsxwriter is said. */
	if (w.err && w.err != LXW_ERROR_MEMORY_MALLOC_FAILED && w.err != LXW_ERROR_SHARED_STRING_INDEX_NOT_FOUND)
		co_diag_add(diags, path, 1, 1, "cannot write the marking workbook: %s", lxw_strerror(w.err));
	if (w.rc && created && unlink(path) != 0 && errno != ENOENT)
		co_diag_add(diags, path, 1, 1, "cannot remove the unfinished workbook: %s", strerror(errno));
	free(title);
	return w.rc;
}

/*
 * The workbook just written, read back as the panel's files are: libxlsxwriter does not check
 * its writes to its temporary files (a full /tmp would give a workbook with parts cut short, the
 * same twice), so the file is kept only when it reads back with every locked cell as written,
 * the header naming e, one entry per item and no mark. 0, CO_EIO (with the reader's reasons) or
 * CO_ERROR.
 */
static int read_back(const co_plan *p, size_t e, const char *path, co_diags *diags)
{
	co_returned *r = NULL;
	co_diags *found = co_diags_new();
	if (!found)
		return CO_ERROR;
	int rc = co_workbook_read(&r, path, p, found);
	if (rc == 0) {
		int same = r->head[CO_RH_EVALUATOR] && !strcmp(r->head[CO_RH_EVALUATOR], p->evs[e].id) &&
		           r->n == co_plan_items(p, e);
		for (size_t i = 0; same && i < r->n; i++)
			same = !r->e[i].field[CO_RF_VALUE] && !r->e[i].field[CO_RF_RATIONALE];
		rc = same ? 0 : CO_EIO;
	}
	if (rc == CO_ERROR || co_diags_failed(found)) {
		rc = CO_ERROR;
	} else if (rc) {
		rc = CO_EIO;
		if (co_diag_add(diags, path, 1, 1, "the workbook written does not read back as it was written:") ||
		    co_diags_append(diags, found))
			rc = CO_ERROR;
	}
	co_returned_free(r);
	co_diags_free(found);
	return rc;
}

/* 1 when the files at a and b hold the same bytes. */
static int same_bytes(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int same = fa && fb;
	char x[8192], y[8192];
	while (same) {
		size_t na = fread(x, 1, sizeof(x), fa), nb = fread(y, 1, sizeof(y), fb);
		same = na == nb && !memcmp(x, y, na) && !ferror(fa) && !ferror(fb);
		if (na < sizeof(x))
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

typedef struct {
	const co_plan *p;
	size_t e;
	const char *path;
} job;

/*
 * The workbook written twice and the two compared. libxlsxwriter 1.1.4 goes on past some failed
 * allocations without a word (a format left out of its table: a mark cell could come out
 * locked), so a workbook is kept only when a second writing gives the same bytes: the same plan
 * always does (the creation time is fixed). It is then read back (read_back).
 */
static int write_checked(void *arg, co_diags *diags)
{
	const job *j = arg;
	char *again = co_strdupf("%s.again", j->path);
	if (!again)
		return CO_ERROR;
	int rc = write_here(j->p, j->e, j->path, diags);
	if (!rc)
		rc = write_here(j->p, j->e, again, diags);
	if (!rc && !same_bytes(j->path, again))
		rc = CO_ERROR;
	unlink(again);
	if (!rc)
		rc = read_back(j->p, j->e, j->path, diags);
	if (rc)
		unlink(j->path);
	free(again);
	return rc;
}

int co_workbook_write(const co_plan *p, size_t e, const char *path, co_diags *diags)
{
	/*
	 * In a child process: libxlsxwriter 1.1.4 crashes in some of its own failure paths when
	 * malloc fails (lxw_worksheet_free on a worksheet half made by lxw_worksheet_new), and a
	 * crash must end as the run's failure, never as a killed process.
	 */
	job j = {.p = p, .e = e, .path = path};
	return co_contained(write_checked, &j, diags);
}
