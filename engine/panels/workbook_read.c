/* Reading an evaluator's marking workbook back (XLSX, with libzip and libxml2), its locked cells checked against what calloff wrote. */
#include "panels/workbook.h"
#include "panels/returned.h"
#include "base/diag.h"
#include "base/readfile.h"
#include "base/strbuf.h"

#include <errno.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

/*
 * Debian packages no XLSX reader for C (freexl reads only the older XLS), so the workbook is
 * read here: the zip with libzip, its parts with libxml2's streaming reader. What is read is
 * what every spreadsheet program writes, whichever saved the file last (Excel, LibreOffice,
 * openpyxl): _rels/.rels names the workbook part, the workbook names its sheets, its
 * relationships give the sheet's part and the shared strings', and the sheet's <row>/<c> cells
 * hold numbers, shared strings, inline strings, formulas' cached texts, booleans or errors.
 * Anything else is refused with its place: the file (FILE:1:1, naming the part) or the cell
 * (FILE:Marks:G7).
 *
 * The input is untrusted: the file and each part's uncompressed size are checked before they
 * are read, the number of zip entries and of cells holding a value are capped, and the XML is
 * parsed with XML_PARSE_NONET only (no entity substitution, no DTD loaded, no huge texts); a
 * DOCTYPE is refused.
 */

#define WB_FILE_MAX (64L * 1024 * 1024)  /* the workbook file */
#define WB_PART_MAX (64L * 1024 * 1024)  /* one part, uncompressed */
#define WB_ENTRIES_MAX 10000             /* entries in the zip */
#define WB_RELS_MAX 10000                /* relationships in one .rels part */
#define WB_CELLS_MAX 1000000             /* cells that hold a value */
#define WB_ENTRIES_UNKNOWN_MAX 100000    /* rows returned from the workbook of an evaluator the plan does not know */
#define WB_ROW_MAX CO_WB_ROWS_MAX        /* a spreadsheet's rows */
#define WB_COL_MAX 16384                 /* and columns */

static const char *const ns_main[] = {"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                      "http://purl.oclc.org/ooxml/spreadsheetml/main", NULL};
static const char *const ns_rels[] = {"http://schemas.openxmlformats.org/package/2006/relationships", NULL};
static const char *const ns_r[] = {"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                                   "http://purl.oclc.org/ooxml/officeDocument/relationships", NULL};

/* One cell that holds a value. */
typedef struct {
	int row, col;
	char type;        /* 's' shared string, 't' other text, 'n' number, 'b' boolean, 'e' error */
	int formula;      /* the cell has a formula (f holds its text) */
	const char *text; /* the value: borrowed from the shared strings, or own */
	char *own;
	char *f;
} wcell;

/* One relationship of a .rels part. */
typedef struct {
	char *id, *type, *target;
	int external;
} wrel;

typedef struct {
	const char *path;
	co_diags *diags;
	zip_t *za;
	char **sst;
	size_t nsst, capsst;
	wcell *cells;
	size_t ncells, capcells;
	wrel *rels;
	size_t nrels;
	int bad;   /* a problem was reported: CO_EINVALID */
	int nomem; /* out of memory somewhere: CO_ERROR */
} wreader;

/* A problem of the file as a whole: FILE:1:1. */
#define file_problem(w, ...) note((w), co_diag_add((w)->diags, (w)->path, 1, 1, __VA_ARGS__))
/* A problem at a cell of the sheet Marks: FILE:Marks:G7. */
#define cell_problem(w, row, col, ...) note((w), co_diag_cell((w)->diags, (w)->path, CO_WB_SHEET, row, col, __VA_ARGS__))

/* Record that a problem was reported (rc: the diagnostic's own status). */
static int note(wreader *w, int rc)
{
	w->bad = 1;
	if (rc)
		w->nomem = 1;
	return CO_EINVALID;
}

static int status(const wreader *w)
{
	return w->nomem ? CO_ERROR : w->bad ? CO_EINVALID : 0;
}

/* ------------------------------------------------------------------------------------------ */
/* The zip. */

/*
 * The status of libzip's error ze: out of memory (libzip's own, a system call's ENOMEM, as fdopen
 * allocates, or zlib's), a read error, or a malformed file.
 */
static int zip_status(zip_error_t *ze)
{
	int code = zip_error_code_zip(ze);
	int sys = zip_error_code_system(ze), type = zip_error_system_type(ze);
	if (code == ZIP_ER_MEMORY || (type == ZIP_ET_SYS && sys == ENOMEM) || (type == ZIP_ET_ZLIB && sys == Z_MEM_ERROR))
		return CO_ERROR;
	return code == ZIP_ER_READ || code == ZIP_ER_SEEK || code == ZIP_ER_OPEN ? CO_EIO : CO_EINVALID;
}

/* Report libzip's error ze about part (NULL: the archive) and return its status. */
static int zip_problem(wreader *w, const char *part, zip_error_t *ze)
{
	int rc = zip_status(ze);
	if (rc == CO_ERROR) {
		w->nomem = 1;
		return rc;
	}
	if (part)
		note(w, co_diag_add(w->diags, w->path, 1, 1, "%s: cannot be read from the zip (%s)", part,
		                    zip_error_strerror(ze)));
	else
		note(w, co_diag_add(w->diags, w->path, 1, 1, "not a workbook: the file is not a readable zip (%s)",
		                    zip_error_strerror(ze)));
	return w->nomem ? CO_ERROR : rc;
}

/*
 * Read the part called name into a NUL-terminated buffer the caller frees: *buf NULL when the
 * part is absent and optional. Its uncompressed size is checked before it is read, and no more
 * than that size is ever read, whatever the compressed data would give.
 */
static int read_part(wreader *w, const char *name, int optional, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	zip_int64_t idx = zip_name_locate(w->za, name, ZIP_FL_NOCASE);
	if (idx < 0) {
		if (zip_error_code_zip(zip_get_error(w->za)) == ZIP_ER_MEMORY)
			return w->nomem = 1, CO_ERROR;
		if (optional)
			return 0;
		return file_problem(w, "not a workbook calloff can read: it has no part %s", name);
	}
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(w->za, (zip_uint64_t)idx, 0, &st) != 0)
		return zip_problem(w, name, zip_get_error(w->za));
	if (!(st.valid & ZIP_STAT_SIZE))
		return file_problem(w, "%s: its size is not recorded in the zip", name);
	if (st.size > (zip_uint64_t)WB_PART_MAX) {
		file_problem(w, "%s: %llu bytes uncompressed, more than the %ld MiB a part may have", name,
		             (unsigned long long)st.size, WB_PART_MAX >> 20);
		return w->nomem ? CO_ERROR : CO_ETOOBIG;
	}
	zip_file_t *zf = zip_fopen_index(w->za, (zip_uint64_t)idx, 0);
	if (!zf)
		return zip_problem(w, name, zip_get_error(w->za));
	char *b = malloc((size_t)st.size + 2);
	if (!b) {
		zip_fclose(zf);
		return w->nomem = 1, CO_ERROR;
	}
	/* One byte more than recorded is asked for: getting it means the entry lies about its size. */
	zip_uint64_t got = 0, want = st.size + 1;
	int rc = 0;
	while (got < want) {
		zip_int64_t n = zip_fread(zf, b + got, want - got);
		if (n < 0) {
			rc = zip_problem(w, name, zip_file_get_error(zf));
			break;
		}
		if (n == 0)
			break;
		got += (zip_uint64_t)n;
	}
	int closed = zip_fclose(zf);
	if (!rc && got != st.size)
		rc = file_problem(w, "%s: its data is %s than the zip records", name, got > st.size ? "longer" : "shorter");
	if (!rc && closed != 0) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, closed);
		rc = zip_problem(w, name, &ze);
		zip_error_fini(&ze);
	}
	if (rc) {
		free(b);
		return rc;
	}
	b[got] = '\0';
	*buf = b;
	*len = (size_t)got;
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* XML, streamed. */

typedef struct {
	wreader *w;
	const char *part;
	xmlTextReaderPtr rd;
	int failed, no_memory;
	xmlGenericErrorFunc generic; /* the thread's generic error handler, put back at the end */
	void *generic_ctx;
} xpart;

/* libxml2 prints a few failures (a reader that cannot be allocated) through its generic handler: not here. */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void on_xml_error(void *arg, xmlErrorPtr e)
{
	xpart *x = arg;
	if (!e || e->level == XML_ERR_WARNING)
		return;
	if (e->code == XML_ERR_NO_MEMORY) {
		x->no_memory = 1;
		return;
	}
	/*
	 * A namespace name that is not a valid URI is no fault of well-formedness, and the names are
	 * compared as strings; libxml2 2.9 also reports it when parsing the URI ran out of memory.
	 */
	if (e->code == XML_WAR_NS_URI || e->code == XML_WAR_NS_URI_RELATIVE)
		return;
	if (x->failed++)
		return;
	char msg[200];
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "error");
	msg[strcspn(msg, "\n")] = '\0';
	note(x->w, co_diag_add(x->w->diags, x->w->path, 1, 1, "%s, line %d: not well-formed XML: %s", x->part, e->line,
	                       msg));
}

static void xml_close(xpart *x)
{
	if (x->rd)
		xmlFreeTextReader(x->rd);
	x->rd = NULL;
	if (x->generic) {
		xmlSetStructuredErrorFunc(NULL, NULL);
		xmlSetGenericErrorFunc(x->generic_ctx, x->generic);
		x->generic = NULL;
	}
}

/* Start reading buf (the part called part) as XML. 0 or CO_ERROR. */
static int xml_open(xpart *x, wreader *w, const char *part, const char *buf, size_t len)
{
	int options = XML_PARSE_NONET;
#if LIBXML_VERSION >= 21300
	options |= XML_PARSE_NO_XXE;
#endif
	memset(x, 0, sizeof(*x));
	x->w = w;
	x->part = part;
	x->generic = xmlGenericError;
	x->generic_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(x, on_xml_error);
	x->rd = xmlReaderForMemory(buf, (int)len, part, NULL, options);
	if (!x->rd) {
		xml_close(x);
		return w->nomem = 1, CO_ERROR;
	}
	/*
	 * The reader's handler hears the parser; the thread's hears what libxml2 reports elsewhere,
	 * such as a tree node that could not be allocated, which must not pass for a missing element.
	 */
	xmlTextReaderSetStructuredErrorHandler(x->rd, on_xml_error, x);
	xmlSetStructuredErrorFunc(x, on_xml_error);
	return 0;
}


/* The next node: 1, 0 at the end of the part, or a failure's status (reported). */
static int xml_next(xpart *x)
{
	int r = xmlTextReaderRead(x->rd);
	if (x->no_memory)
		return x->w->nomem = 1, CO_ERROR;
	if (r == 1 && xmlTextReaderNodeType(x->rd) == XML_READER_TYPE_DOCUMENT_TYPE)
		return note(x->w, co_diag_add(x->w->diags, x->w->path, 1, 1,
		                              "%s: a DOCTYPE is not allowed (DTDs and entities are refused)", x->part));
	if (r == 1 && !x->failed)
		return 1;
	if (r == 0 && !x->failed)
		return 0;
	if (!x->failed)
		note(x->w, co_diag_add(x->w->diags, x->w->path, 1, 1, "%s: not well-formed XML", x->part));
	return status(x->w);
}

/* 1 when the node is an element (start or end as type says) called name in one of the namespaces ns. */
static int is_elem(xmlTextReaderPtr rd, int type, const char *name, const char *const *ns)
{
	if (xmlTextReaderNodeType(rd) != type)
		return 0;
	const char *local = (const char *)xmlTextReaderConstLocalName(rd);
	const char *uri = (const char *)xmlTextReaderConstNamespaceUri(rd);
	if (!local || !uri || strcmp(local, name) != 0)
		return 0;
	for (; *ns; ns++)
		if (!strcmp(uri, *ns))
			return 1;
	return 0;
}

#define is_start(rd, name, ns) is_elem(rd, XML_READER_TYPE_ELEMENT, name, ns)
#define is_end(rd, name, ns) is_elem(rd, XML_READER_TYPE_END_ELEMENT, name, ns)

/*
 * Call fn(arg, local name, value) for each attribute of the current element that is in no
 * namespace, or in one of ns (ns NULL: none). The reader is back on the element afterwards.
 * 0, or fn's first non-zero return, or CO_ERROR.
 */
static int each_attr(wreader *w, xmlTextReaderPtr rd, const char *const *ns,
                     int (*fn)(void *arg, const char *name, const char *value, int in_ns), void *arg)
{
	int rc = 0, r;
	for (r = xmlTextReaderMoveToFirstAttribute(rd); r == 1 && !rc; r = xmlTextReaderMoveToNextAttribute(rd)) {
		const char *name = (const char *)xmlTextReaderConstLocalName(rd);
		const char *uri = (const char *)xmlTextReaderConstNamespaceUri(rd);
		const char *value = (const char *)xmlTextReaderConstValue(rd);
		if (!name || !value) {
			rc = CO_ERROR;
			break;
		}
		int in_ns = 0;
		for (const char *const *n = ns; uri && n && *n; n++)
			in_ns |= !strcmp(uri, *n);
		if (!uri || in_ns)
			rc = fn(arg, name, value, in_ns);
	}
	if (r < 0 && !rc)
		rc = CO_ERROR;
	if (xmlTextReaderMoveToElement(rd) < 0 && !rc)
		rc = CO_ERROR;
	if (rc == CO_ERROR)
		w->nomem = 1;
	return rc;
}

/* 1 when the node is text (of any kind libxml2 reports text as). */
static int is_text(xmlTextReaderPtr rd)
{
	int t = xmlTextReaderNodeType(rd);
	return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA || t == XML_READER_TYPE_WHITESPACE ||
	       t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* Append the current text node to b. 0 or CO_ERROR. */
static int add_text(wreader *w, xmlTextReaderPtr rd, co_strbuf *b)
{
	const char *t = (const char *)xmlTextReaderConstValue(rd);
	if (t)
		co_strbuf_add(b, t, strlen(t));
	if (!t || b->failed)
		return w->nomem = 1, CO_ERROR;
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Texts. */

/* The value of hexadecimal escape "_xHHHH_" at s into *cp: 1, or 0 when s holds none. */
static int hex_escape(const char *s, unsigned *cp)
{
	if (s[0] != '_' || s[1] != 'x')
		return 0;
	unsigned v = 0;
	for (int i = 2; i < 6; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return 0;
		v = v * 16 + (unsigned)d;
	}
	if (s[6] != '_')
		return 0;
	*cp = v;
	return 1;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Turn the escapes "_xHHHH_" of a cell's text (ST_Xstring: how Excel writes control characters,
 * and "_x005F_" for an underscore that would otherwise start one) back into the characters
 * they stand for, in place (a character is never longer than its escape). A pair of escaped
 * surrogates is one character; U+0000 and a lone surrogate are left as written.
 */
static void unescape_x(char *s)
{
	char *o = s;
	for (const char *i = s; *i;) {
		unsigned cp, lo;
		if (hex_escape(i, &cp)) {
			if (cp >= 0xD800 && cp <= 0xDBFF && hex_escape(i + 7, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
				o += put_utf8(o, 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
				i += 14;
				continue;
			}
			if (cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
				o += put_utf8(o, cp);
				i += 7;
				continue;
			}
		}
		*o++ = *i++;
	}
	*o = '\0';
}

static int is_trim(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A copy of s without spaces, tabs and line breaks at its ends; NULL in *out when nothing is left. 0 or CO_ERROR. */
static int trimmed(char **out, const char *s)
{
	*out = NULL;
	if (!s)
		return 0;
	while (is_trim(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && is_trim(s[n - 1]))
		n--;
	if (n == 0)
		return 0;
	*out = strndup(s, n);
	return *out ? 0 : CO_ERROR;
}

static int blank(const char *s)
{
	while (s && is_trim(*s))
		s++;
	return !s || !*s;
}

/*
 * A number cell's text: an integral value in plain digits ("4" for "4.0" or "4E0", as programs
 * differ in how they write 4), anything else as written. NULL when out of memory.
 */
static char *number_text(const char *v)
{
	const char *s = v;
	s += *s == '-';
	int digits = 0;
	while (*s >= '0' && *s <= '9')
		s++, digits++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	if (digits && (*s == 'e' || *s == 'E')) {
		s++;
		s += *s == '+' || *s == '-';
		if (!(*s >= '0' && *s <= '9'))
			digits = 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (digits && !*s) {
		double d = strtod(v, NULL);
		if (isfinite(d) && fabs(d) < 1e15 && d == floor(d))
			return co_strdupf("%.0f", d == 0 ? 0.0 : d);
	}
	return strdup(v);
}

/* A short, one-line extract of s for a message: its first 40 characters, line breaks as spaces. */
static void snippet(char out[200], const char *s)
{
	size_t o = 0, chars = 0;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	for (; *p && chars < 40 && o < 190; p++) {
		if ((*p & 0xC0) != 0x80)
			chars++;
		out[o++] = *p < 0x20 ? ' ' : (char)*p;
	}
	while (*p && (*p & 0xC0) == 0x80 && o < 195) /* the rest of a character cut in two */
		out[o++] = (char)*p++;
	if (*p)
		out[o++] = '.', out[o++] = '.', out[o++] = '.';
	out[o] = '\0';
}

/* ------------------------------------------------------------------------------------------ */
/* Relationships, the workbook and the shared strings. */

static void free_rels(wreader *w)
{
	for (size_t i = 0; i < w->nrels; i++) {
		free(w->rels[i].id);
		free(w->rels[i].type);
		free(w->rels[i].target);
	}
	free(w->rels);
	w->rels = NULL;
	w->nrels = 0;
}

static int rel_attr(void *arg, const char *name, const char *value, int in_ns)
{
	wrel *r = arg;
	char **slot = in_ns ? NULL : !strcmp(name, "Id") ? &r->id : !strcmp(name, "Type") ? &r->type
	                             : !strcmp(name, "Target") ? &r->target : NULL;
	if (!in_ns && !strcmp(name, "TargetMode"))
		r->external = !strcmp(value, "External");
	if (slot && !*slot && !(*slot = strdup(value)))
		return CO_ERROR;
	return 0;
}

/* Read the relationships part name (absent: none) into w->rels. */
static int read_rels(wreader *w, const char *name)
{
	char *buf;
	size_t len;
	xpart x = {0};
	free_rels(w);
	int rc = read_part(w, name, 1, &buf, &len);
	if (rc || !buf)
		return rc;
	rc = xml_open(&x, w, name, buf, len);
	while (!rc && (rc = xml_next(&x)) == 1) {
		rc = 0;
		if (!is_start(x.rd, "Relationship", ns_rels))
			continue;
		if (w->nrels >= WB_RELS_MAX) {
			rc = file_problem(w, "%s: more than %d relationships", name, WB_RELS_MAX);
			break;
		}
		wrel *more = realloc(w->rels, (w->nrels + 1) * sizeof(*more));
		if (!more) {
			rc = CO_ERROR;
			w->nomem = 1;
			break;
		}
		w->rels = more;
		wrel *r = &w->rels[w->nrels++];
		memset(r, 0, sizeof(*r));
		rc = each_attr(w, x.rd, NULL, rel_attr, r);
		if (!rc && (!r->id || !r->type || !r->target))
			rc = file_problem(w, "%s: a Relationship without its Id, Type or Target", name);
	}
	xml_close(&x);
	free(buf);
	return rc < 0 ? rc : 0;
}

/* The relationship of w->rels with this id, or (id NULL) the first whose type ends in "/kind". */
static const wrel *find_rel(const wreader *w, const char *id, const char *kind)
{
	for (size_t i = 0; i < w->nrels; i++) {
		const wrel *r = &w->rels[i];
		if (r->external)
			continue;
		if (id && !strcmp(r->id, id))
			return r;
		size_t tl = strlen(r->type), kl = kind ? strlen(kind) : 0;
		if (!id && kind && tl > kl && r->type[tl - kl - 1] == '/' && !strcmp(r->type + tl - kl, kind))
			return r;
	}
	return NULL;
}

/*
 * The part a relationship's target names: absolute ("/xl/worksheets/sheet1.xml", as openpyxl
 * writes) or relative to the folder dir of its source part ("worksheets/sheet1.xml"), with "."
 * and ".." resolved. *out NULL (and a problem reported) when it leaves the package.
 */
static int resolve(wreader *w, char **out, const char *dir, const char *target)
{
	*out = NULL;
	char *joined = target[0] == '/' ? strdup(target + 1) : co_strdupf("%s%s", dir, target);
	char *res = joined ? malloc(strlen(joined) + 1) : NULL;
	if (!res) {
		free(joined);
		return w->nomem = 1, CO_ERROR;
	}
	size_t o = 0;
	int up_too_far = 0;
	for (char *seg = joined, *next; seg; seg = next) {
		next = strchr(seg, '/');
		if (next)
			*next++ = '\0';
		if (!*seg || !strcmp(seg, "."))
			continue;
		if (!strcmp(seg, "..")) {
			if (o == 0)
				up_too_far = 1;
			while (o > 0 && res[--o] != '/')
				;
			continue;
		}
		o += (size_t)sprintf(res + o, "%s%s", o ? "/" : "", seg);
	}
	res[o] = '\0';
	free(joined);
	if (up_too_far || o == 0) {
		free(res);
		return file_problem(w, "a relationship's target \"%s\" is outside the workbook", target);
	}
	*out = res;
	return 0;
}

/* The folder of part name, with its "/" ("xl/"), or "". */
static char *folder_of(const char *name)
{
	const char *slash = strrchr(name, '/');
	return strndup(name, slash ? (size_t)(slash - name) + 1 : 0);
}

/* The relationships part of part name: "xl/workbook.xml" has "xl/_rels/workbook.xml.rels". */
static char *rels_of(const char *name)
{
	const char *slash = strrchr(name, '/');
	size_t d = slash ? (size_t)(slash - name) + 1 : 0;
	return co_strdupf("%.*s_rels/%s.rels", (int)d, name, name + d);
}

typedef struct {
	const char *want;
	int found;
	char *rid;
} sheet_attrs;

static int sheet_attr(void *arg, const char *name, const char *value, int in_ns)
{
	sheet_attrs *s = arg;
	if (!in_ns && !strcmp(name, "name"))
		s->found = !strcmp(value, s->want);
	if (in_ns && !strcmp(name, "id") && !s->rid && !(s->rid = strdup(value)))
		return CO_ERROR;
	return 0;
}

/* The relationship id of the sheet called CO_WB_SHEET in the workbook part name. */
static int find_sheet(wreader *w, const char *name, char **rid)
{
	char *buf;
	size_t len;
	xpart x = {0};
	*rid = NULL;
	int rc = read_part(w, name, 0, &buf, &len);
	if (rc)
		return rc;
	rc = xml_open(&x, w, name, buf, len);
	while (!rc && !*rid && (rc = xml_next(&x)) == 1) {
		rc = 0;
		if (!is_start(x.rd, "sheet", ns_main))
			continue;
		sheet_attrs s = {.want = CO_WB_SHEET};
		rc = each_attr(w, x.rd, ns_r, sheet_attr, &s);
		if (!rc && s.found)
			*rid = s.rid;
		else
			free(s.rid);
	}
	xml_close(&x);
	free(buf);
	if (rc < 0)
		return rc;
	if (!*rid)
		return file_problem(w, "no sheet named \"%s\": this is not a marking workbook calloff wrote", CO_WB_SHEET);
	return 0;
}

/* Read the shared strings part name into w->sst, each unescaped; rich text's runs are joined, phonetic runs left out. */
static int read_strings(wreader *w, const char *name)
{
	char *buf;
	size_t len;
	xpart x = {0};
	co_strbuf b = {0};
	int rc = read_part(w, name, 1, &buf, &len), in_si = 0, in_t = 0, in_rph = 0;
	if (rc || !buf)
		return rc;
	rc = xml_open(&x, w, name, buf, len);
	while (!rc && (rc = xml_next(&x)) == 1) {
		rc = 0;
		xmlTextReaderPtr rd = x.rd;
		int empty = xmlTextReaderIsEmptyElement(rd) == 1;
		if (is_start(rd, "si", ns_main)) {
			in_si = !empty;
			co_strbuf_reset(&b);
			if (!empty)
				continue;
		} else if (in_si && is_start(rd, "rPh", ns_main)) {
			in_rph = !empty;
			continue;
		} else if (is_end(rd, "rPh", ns_main)) {
			in_rph = 0;
			continue;
		} else if (in_si && is_start(rd, "t", ns_main)) {
			in_t = !empty;
			continue;
		} else if (is_end(rd, "t", ns_main)) {
			in_t = 0;
			continue;
		} else if (in_si && in_t && !in_rph && is_text(rd)) {
			rc = add_text(w, rd, &b);
			continue;
		} else if (!is_end(rd, "si", ns_main)) {
			continue;
		}
		/* The end of an <si>, or an empty <si/>. */
		in_si = 0;
		if (w->nsst == w->capsst) {
			size_t cap = w->capsst ? w->capsst * 2 : 256;
			char **more = realloc(w->sst, cap * sizeof(*more));
			if (!more) {
				rc = CO_ERROR;
				w->nomem = 1;
				break;
			}
			w->sst = more;
			w->capsst = cap;
		}
		co_strbuf_add(&b, "", 0);
		char *s = b.failed ? NULL : strndup(b.s ? b.s : "", b.len);
		if (!s) {
			rc = CO_ERROR;
			w->nomem = 1;
			break;
		}
		unescape_x(s);
		w->sst[w->nsst++] = s;
		co_strbuf_reset(&b);
	}
	xml_close(&x);
	free(b.s);
	free(buf);
	return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------------------------------------ */
/* The sheet. */

/* Parse a cell reference "G7" into row and col: 0, or -1 when it is not one. */
static int parse_ref(const char *s, int *row, int *col)
{
	long c = 0, r = 0;
	int letters = 0, digits = 0;
	for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++, letters++) {
		c = c * 26 + ((*s | 0x20) - 'a' + 1);
		if (c > WB_COL_MAX)
			return -1;
	}
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		r = r * 10 + (*s - '0');
		if (r > WB_ROW_MAX)
			return -1;
	}
	if (!letters || !digits || *s || r < 1)
		return -1;
	*row = (int)r;
	*col = (int)c;
	return 0;
}

/* A row number "7": the number, or -1. */
static int parse_row(const char *s)
{
	long r = 0;
	if (!*s)
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((r = r * 10 + (*s - '0')) > WB_ROW_MAX)
			return -1;
	return *s || r < 1 ? -1 : (int)r;
}

/* The sheet's reading state. */
typedef struct {
	wreader *w;
	int row, col;        /* the current row (0 before the first), and the last cell's column */
	int bad_ref;         /* the current element had a reference that is not one */
	char ref[24], t[16]; /* the current cell's r and t attributes, as written (cut) */
	int has_ref;
	int in_v, in_f, in_is, in_t, in_rph, formula;
	co_strbuf v, f, is;
} sheet_state;

static int row_attr(void *arg, const char *name, const char *value, int in_ns)
{
	sheet_state *s = arg;
	(void)in_ns;
	if (!strcmp(name, "r")) {
		int r = parse_row(value);
		if (r < 0)
			s->bad_ref = 1;
		else
			s->row = r;
		s->has_ref = 1;
	}
	return 0;
}

static int cell_attr(void *arg, const char *name, const char *value, int in_ns)
{
	sheet_state *s = arg;
	(void)in_ns;
	if (!strcmp(name, "r")) {
		snprintf(s->ref, sizeof(s->ref), "%s", value);
		s->has_ref = 1;
		s->bad_ref = strlen(value) >= sizeof(s->ref);
	} else if (!strcmp(name, "t")) {
		snprintf(s->t, sizeof(s->t), "%s", value);
	}
	return 0;
}

/* Keep the finished cell at row, col (the buffers of s hold its parts) when it holds a value. */
static int end_cell(sheet_state *s)
{
	wreader *w = s->w;
	int row = s->row, col = s->col;
	const char *t = s->t[0] ? s->t : "n";
	const char *v = s->v.s ? s->v.s : "";
	wcell c = {.row = row, .col = col, .formula = s->formula};
	if (s->v.failed || s->f.failed || s->is.failed)
		return w->nomem = 1, CO_ERROR;
	if (!strcmp(t, "s")) {
		if (blank(v) && !s->formula)
			return 0;
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		while (is_trim(*end))
			end++;
		if (blank(v) || *end || v[0] == '-' || i >= w->nsst)
			return cell_problem(w, row, col, "the cell names shared string \"%.20s\", which the workbook does not have", v);
		c.type = 's';
		c.text = w->sst[i];
	} else if (!strcmp(t, "inlineStr") || !strcmp(t, "str")) {
		c.type = 't';
		c.own = strndup(t[0] == 'i' ? (s->is.s ? s->is.s : "") : v, t[0] == 'i' ? s->is.len : s->v.len);
		if (c.own)
			unescape_x(c.own);
	} else if (!strcmp(t, "b")) {
		c.type = 'b';
		c.own = strdup(!strcmp(v, "1") ? "TRUE" : !strcmp(v, "0") ? "FALSE" : v);
	} else if (!strcmp(t, "e")) {
		c.type = 'e';
		c.own = strdup(v);
	} else if (!strcmp(t, "n") || !strcmp(t, "d")) {
		c.type = t[0] == 'n' ? 'n' : 't';
		c.own = t[0] == 'n' ? number_text(v) : strdup(v);
	} else {
		return cell_problem(w, row, col, "a cell of type \"%s\", which calloff cannot read", t);
	}
	if (!c.text && !c.own)
		return w->nomem = 1, CO_ERROR;
	if (!c.text)
		c.text = c.own;
	if (s->formula && !(c.f = strndup(s->f.s ? s->f.s : "", s->f.len))) {
		free(c.own);
		return w->nomem = 1, CO_ERROR;
	}
	if (!s->formula && blank(c.text)) {
		free(c.own);
		return 0;
	}
	if (w->ncells >= WB_CELLS_MAX) {
		free(c.own);
		free(c.f);
		return cell_problem(w, row, col, "more than %d cells hold a value: this is not a marking workbook", WB_CELLS_MAX);
	}
	if (w->ncells == w->capcells) {
		size_t cap = w->capcells ? w->capcells * 2 : 256;
		wcell *more = realloc(w->cells, cap * sizeof(*more));
		if (!more) {
			free(c.own);
			free(c.f);
			return w->nomem = 1, CO_ERROR;
		}
		w->cells = more;
		w->capcells = cap;
	}
	w->cells[w->ncells++] = c;
	return 0;
}

/* The start of a <c>: its place, from r or (without one) after the row's last cell. */
static int start_cell(sheet_state *s, xmlTextReaderPtr rd)
{
	wreader *w = s->w;
	s->has_ref = s->bad_ref = 0;
	s->ref[0] = s->t[0] = '\0';
	s->formula = s->in_v = s->in_f = s->in_is = s->in_t = s->in_rph = 0;
	co_strbuf_reset(&s->v);
	co_strbuf_reset(&s->f);
	co_strbuf_reset(&s->is);
	int rc = each_attr(w, rd, NULL, cell_attr, s);
	if (rc)
		return rc;
	if (s->row == 0)
		return file_problem(w, "the sheet %s has a cell outside any row", CO_WB_SHEET);
	int row = s->row, col = s->col + 1;
	if (s->has_ref && (s->bad_ref || parse_ref(s->ref, &row, &col) != 0))
		return cell_problem(w, s->row, s->col + 1, "\"%s\" is not a cell's reference", s->ref);
	if (row != s->row)
		return cell_problem(w, row, col, "the cell is written in row %d", s->row);
	if (col > WB_COL_MAX)
		return cell_problem(w, row, WB_COL_MAX, "a cell beyond the last column");
	s->col = col;
	return 0;
}

/* Read the sheet part name into w->cells, sorted by row and column. */
static int read_sheet(wreader *w, const char *name)
{
	char *buf;
	size_t len;
	xpart x = {0};
	sheet_state s = {.w = w};
	int rc = read_part(w, name, 0, &buf, &len), in_data = 0, in_cell = 0;
	if (rc)
		return rc;
	rc = xml_open(&x, w, name, buf, len);
	while (!rc && (rc = xml_next(&x)) == 1) {
		rc = 0;
		xmlTextReaderPtr rd = x.rd;
		int empty = xmlTextReaderIsEmptyElement(rd) == 1;
		if (is_start(rd, "sheetData", ns_main)) {
			in_data = !empty;
		} else if (is_end(rd, "sheetData", ns_main)) {
			in_data = 0;
		} else if (in_data && is_start(rd, "row", ns_main)) {
			int before = s.row;
			s.row++;
			s.has_ref = s.bad_ref = 0;
			rc = each_attr(w, rd, NULL, row_attr, &s);
			if (!rc && (s.bad_ref || s.row > WB_ROW_MAX))
				rc = cell_problem(w, before + 1, 1, "a row whose number is not one");
			s.col = 0;
		} else if (in_data && is_start(rd, "c", ns_main)) {
			rc = start_cell(&s, rd);
			in_cell = !empty;
			if (!rc && empty)
				rc = end_cell(&s);
		} else if (in_cell && is_end(rd, "c", ns_main)) {
			in_cell = 0;
			rc = end_cell(&s);
		} else if (in_cell && xmlTextReaderNodeType(rd) == XML_READER_TYPE_ELEMENT) {
			const char *n = (const char *)xmlTextReaderConstLocalName(rd);
			int mine = is_start(rd, n ? n : "", ns_main);
			if (mine && !strcmp(n, "f"))
				s.formula = 1, s.in_f = !empty;
			else if (mine && !strcmp(n, "v"))
				s.in_v = !empty;
			else if (mine && !strcmp(n, "is"))
				s.in_is = !empty;
			else if (mine && !strcmp(n, "t"))
				s.in_t = !empty;
			else if (mine && !strcmp(n, "rPh"))
				s.in_rph = !empty;
		} else if (in_cell && xmlTextReaderNodeType(rd) == XML_READER_TYPE_END_ELEMENT) {
			const char *n = (const char *)xmlTextReaderConstLocalName(rd);
			if (n && !strcmp(n, "f"))
				s.in_f = 0;
			else if (n && !strcmp(n, "v"))
				s.in_v = 0;
			else if (n && !strcmp(n, "is"))
				s.in_is = 0;
			else if (n && !strcmp(n, "t"))
				s.in_t = 0;
			else if (n && !strcmp(n, "rPh"))
				s.in_rph = 0;
		} else if (in_cell && is_text(rd)) {
			co_strbuf *b = s.in_f ? &s.f : s.in_v ? &s.v : s.in_is && s.in_t && !s.in_rph ? &s.is : NULL;
			if (b)
				rc = add_text(w, rd, b);
		}
		/* A cell's problem stops the reading only when it is not one of the cell's content. */
		if (rc == CO_EINVALID && !w->nomem)
			rc = 0;
	}
	xml_close(&x);
	free(s.v.s);
	free(s.f.s);
	free(s.is.s);
	free(buf);
	return rc < 0 ? rc : 0;
}

static int cell_cmp(const void *a, const void *b)
{
	const wcell *x = a, *y = b;
	return x->row != y->row ? (x->row > y->row) - (x->row < y->row) : (x->col > y->col) - (x->col < y->col);
}

/* The cell read at row, col, or NULL. */
static const wcell *cell(const wreader *w, int row, int col)
{
	wcell key = {.row = row, .col = col};
	return w->ncells ? bsearch(&key, w->cells, w->ncells, sizeof(key), cell_cmp) : NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* The layout. */

/* A formula with white space outside its quoted texts removed, and its other letters in upper case. */
static char *formula_key(const char *f)
{
	char *k = malloc(strlen(f) + 1), *o = k;
	int quoted = 0;
	if (!k)
		return NULL;
	f += *f == '=';
	for (; *f; f++) {
		if (*f == '"')
			quoted = !quoted;
		if (!quoted && is_trim(*f))
			continue;
		*o++ = !quoted && *f >= 'a' && *f <= 'z' ? (char)(*f - 'a' + 'A') : *f;
	}
	*o = '\0';
	return k;
}

/* Check the cell read at row, col (c, or NULL when empty) against ex, what calloff wrote there. */
static int check_cell(wreader *w, const co_plan *p, size_t e, const wcell *c, const co_wb_cell *ex, int row, int col)
{
	char found[200], wrote[200];
	snippet(found, c ? c->text : NULL);
	snippet(wrote, ex->text);
	switch (ex->kind) {
	case CO_WB_EMPTY: {
		if (!c)
			return 0;
		char mark[8], why[8];
		co_cell_column(mark, CO_WB_COL_MARK);
		co_cell_column(why, CO_WB_COL_RATIONALE);
		size_t n = co_plan_items(p, e);
		if (n == 0)
			return cell_problem(w, row, col, "a value (\"%s\") in a workbook with nothing to mark", found);
		return cell_problem(w, row, col,
		                    "a value (\"%s\") where calloff wrote nothing: only the marks in %s%d:%s%zu and the "
		                    "rationales in %s%d:%s%zu are read",
		                    found, mark, CO_WB_ROW_FIRST, mark, CO_WB_ROW_FIRST + n - 1, why, CO_WB_ROW_FIRST, why,
		                    CO_WB_ROW_FIRST + n - 1);
	}
	case CO_WB_INPUT: {
		/* What a mark or rationale says is the caller's to check (co_returned_check), as for every form. */
		const char *what = col == CO_WB_COL_MARK ? "mark" : "rationale";
		if (c && c->formula)
			return cell_problem(w, row, col, "a formula in a %s cell: write the %s itself", what, what);
		return 0;
	}
	case CO_WB_FORMULA: {
		if (!c || !c->formula)
			return cell_problem(w, row, col, "the progress formula calloff wrote here is gone");
		char *a = formula_key(c->f), *b = formula_key(ex->text);
		int same = a && b && !strcmp(a, b);
		free(a);
		free(b);
		if (!a || !b)
			return w->nomem = 1, CO_ERROR;
		return same ? 0 : cell_problem(w, row, col, "the progress formula calloff wrote here has been changed");
	}
	case CO_WB_FIELD:
		return c && c->formula ? cell_problem(w, row, col, "a formula where calloff wrote \"%s\"", wrote) : 0;
	case CO_WB_TEXT:
		break;
	}
	if (c && c->formula)
		return cell_problem(w, row, col, "a formula in a locked cell, where calloff wrote \"%s\"", wrote);
	/* A cell of nothing but white space reads as empty (see end_cell), as calloff's empty response is. */
	if (c ? !strcmp(c->text, ex->text) : blank(ex->text))
		return 0;
	if (row >= CO_WB_ROW_FIRST && (col == CO_WB_COL_LABEL || col == CO_WB_COL_QUESTION)) {
		size_t k, q;
		co_wb_item(p, e, (size_t)(row - CO_WB_ROW_FIRST), &k, &q);
		return cell_problem(w, row, col,
		                    "\"%s\" where calloff wrote \"%s\": row %d is for %s, question %s (no row may be "
		                    "moved, added or removed)",
		                    found, wrote, row, p->bids[k].label, p->rules->questions[q].id);
	}
	if (row >= CO_WB_ROW_FIRST && col == CO_WB_COL_TEXT)
		return cell_problem(w, row, col, "the %s is not as calloff wrote it (it now begins \"%s\")",
		                    ex->long_note ? "note standing for the response" : "response", found);
	if (!c)
		return cell_problem(w, row, col, "this locked cell is empty, where calloff wrote \"%s\"", wrote);
	return cell_problem(w, row, col, "\"%s\" in a locked cell, where calloff wrote \"%s\"", found, wrote);
}

/*
 * Check the sheet against what calloff wrote for evaluator e: every locked cell as written (the
 * header's competition and pack are the caller's to check), nothing where calloff wrote nothing,
 * no formula in a mark or rationale. Every problem is reported; CO_EINVALID when there was one.
 */
static int check_layout(wreader *w, const co_plan *p, size_t e)
{
	size_t n = co_plan_items(p, e);
	int last = CO_WB_ROW_FIRST - 1 + (int)n;
	for (int row = 1; row <= last; row++)
		for (int col = 1; col <= CO_WB_COLS; col++) {
			co_wb_cell ex;
			if (co_wb_cell_at(&ex, p, e, row, col))
				return w->nomem = 1, CO_ERROR;
			int was_bad = w->bad;
			w->bad = 0;
			check_cell(w, p, e, cell(w, row, col), &ex, row, col);
			co_wb_cell_free(&ex);
			if (w->nomem)
				return CO_ERROR;
			/* An item's row that holds another item (a row moved, added or removed): one problem says so. */
			if (w->bad && row >= CO_WB_ROW_FIRST && col <= CO_WB_COL_QUESTION)
				col = CO_WB_COLS;
			w->bad |= was_bad;
		}
	co_wb_cell none = {.kind = CO_WB_EMPTY};
	for (size_t i = 0; i < w->ncells && !w->nomem; i++)
		if (w->cells[i].row > last || w->cells[i].col > CO_WB_COLS)
			check_cell(w, p, e, &w->cells[i], &none, w->cells[i].row, w->cells[i].col);
	return status(w);
}

/* The field at row, col, trimmed, into *out, with its place. 0 or CO_ERROR. */
static int field(wreader *w, char **out, co_rplace *at, int row, int col)
{
	const wcell *c = cell(w, row, col);
	at->line = row;
	at->col = col;
	if (trimmed(out, c ? c->text : NULL))
		return w->nomem = 1, CO_ERROR;
	return 0;
}

/*
 * Make the returned file: the header's fields, and one entry for each row from the first item's
 * to last (every_row), or for each of those rows that holds anything in columns A to H.
 */
static int build(wreader *w, co_returned *r, int last, int every_row)
{
	static const int head_rows[CO_RH_N] = {CO_WB_ROW_COMPETITION, CO_WB_ROW_EVALUATOR, CO_WB_ROW_PACK};
	static const int cols[CO_RF_N] = {
		[CO_RF_LABEL] = CO_WB_COL_LABEL, [CO_RF_QUESTION] = CO_WB_COL_QUESTION, [CO_RF_DIGEST] = CO_WB_COL_DIGEST,
		[CO_RF_VALUE] = CO_WB_COL_MARK,  [CO_RF_RATIONALE] = CO_WB_COL_RATIONALE, [CO_RF_SEEN] = 0};
	for (int f = 0; f < CO_RH_N; f++)
		if (!r->head[f] && field(w, &r->head[f], &r->head_at[f], head_rows[f], CO_WB_COL_HEAD))
			return CO_ERROR;
	size_t i = 0;
	for (int row = CO_WB_ROW_FIRST; row <= last; row++) {
		if (!every_row) {
			/* Only the rows that hold something in the table's columns (the cells are in order). */
			while (i < w->ncells && (w->cells[i].row < row || w->cells[i].col > CO_WB_COLS))
				i++;
			if (i == w->ncells)
				break;
			row = w->cells[i].row;
			if (r->n >= WB_ENTRIES_UNKNOWN_MAX)
				return cell_problem(w, row, 1, "more than %d rows: this is not a marking workbook", WB_ENTRIES_UNKNOWN_MAX);
		}
		co_rentry *en = co_returned_add(r);
		if (!en)
			return w->nomem = 1, CO_ERROR;
		for (int f = 0; f < CO_RF_N; f++)
			if (cols[f] && field(w, &en->field[f], &en->at[f], row, cols[f]))
				return CO_ERROR;
	}
	return 0;
}

int co_workbook_read(co_returned **out, const char *path, const co_plan *p, co_diags *diags)
{
	wreader w = {.path = path, .diags = diags};
	co_returned *r = NULL;
	char *workbook = NULL, *dir = NULL, *wrels = NULL, *rid = NULL, *sheet = NULL, *strings = NULL;
	int fd = -1, rc;
	long long size = 0;

	*out = NULL;
	rc = co_open_regular(&fd, path, NULL, &size, diags);
	if (rc)
		goto out;
	if (size > WB_FILE_MAX) {
		rc = co_diag_add(diags, path, 1, 1, "%lld bytes, more than the %ld MiB a marking workbook may have", size,
		                 WB_FILE_MAX >> 20) ? CO_ERROR : CO_ETOOBIG;
		goto out;
	}
	if (size == 0) {
		rc = co_diag_add(diags, path, 1, 1, "an empty file, not a workbook") ? CO_ERROR : CO_EINVALID;
		goto out;
	}
	/* zip_fdopen gives libzip's code only: a system call's errno says whether memory ran out. */
	int zerr = 0;
	errno = 0;
	w.za = zip_fdopen(fd, ZIP_CHECKCONS, &zerr);
	if (!w.za) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		if (errno == ENOMEM)
			w.nomem = 1;
		rc = w.nomem ? CO_ERROR : zip_problem(&w, NULL, &ze);
		zip_error_fini(&ze);
		goto out;
	}
	fd = -1; /* the archive's now */
	zip_int64_t entries = zip_get_num_entries(w.za, 0);
	if (entries < 0 || entries > WB_ENTRIES_MAX) {
		rc = file_problem(&w, "more than %d entries in the zip: not a marking workbook", WB_ENTRIES_MAX);
		goto out;
	}

	/* The package's relationships name the workbook; the workbook's, the sheet and the shared strings. */
	rc = read_rels(&w, "_rels/.rels");
	const wrel *doc = rc ? NULL : find_rel(&w, NULL, "officeDocument");
	if (!rc && !doc)
		rc = file_problem(&w, "not a workbook: _rels/.rels names no office document");
	if (rc || (rc = resolve(&w, &workbook, "", doc->target)))
		goto out;
	if (!(dir = folder_of(workbook)) || !(wrels = rels_of(workbook))) {
		w.nomem = 1;
		rc = CO_ERROR;
		goto out;
	}
	if ((rc = find_sheet(&w, workbook, &rid)) || (rc = read_rels(&w, wrels)))
		goto out;
	const wrel *sr = find_rel(&w, rid, NULL), *ss = find_rel(&w, NULL, "sharedStrings");
	if (!sr) {
		rc = file_problem(&w, "%s: the sheet \"%s\" has no part (relationship %s)", workbook, CO_WB_SHEET, rid);
		goto out;
	}
	if ((rc = resolve(&w, &sheet, dir, sr->target)) || (ss && (rc = resolve(&w, &strings, dir, ss->target))))
		goto out;
	if ((strings && (rc = read_strings(&w, strings))) || (rc = read_sheet(&w, sheet)))
		goto out;
	if ((rc = status(&w)))
		goto out;
	if (w.ncells) /* qsort must not be given NULL, even for nothing */
		qsort(w.cells, w.ncells, sizeof(*w.cells), cell_cmp);
	for (size_t i = 1; i < w.ncells; i++)
		if (!cell_cmp(&w.cells[i - 1], &w.cells[i]))
			cell_problem(&w, w.cells[i].row, w.cells[i].col, "the sheet has this cell twice");
	if ((rc = status(&w)))
		goto out;

	r = calloc(1, sizeof(*r));
	if (!r || !(r->path = strdup(path))) {
		w.nomem = 1;
		rc = CO_ERROR;
		goto out;
	}
	r->kind = CO_RETURNED_MARKS;
	r->sheet = CO_WB_SHEET;
	if ((rc = field(&w, &r->head[CO_RH_EVALUATOR], &r->head_at[CO_RH_EVALUATOR], CO_WB_ROW_EVALUATOR, CO_WB_COL_HEAD)))
		goto out;
	/* The layout is known for an evaluator of the plan; another's file is returned as read, for the caller to refuse. */
	long e = p ? co_plan_evaluator_at(p, r->head[CO_RH_EVALUATOR]) : -1;
	/*
	 * So is a workbook made for another pack (another panel, or one prepared again): its cells
	 * are not this plan's, and the pack's digest refuses it once, not cell by cell.
	 */
	char *pack = NULL;
	co_rplace pack_at;
	if ((rc = field(&w, &pack, &pack_at, CO_WB_ROW_PACK, CO_WB_COL_HEAD)))
		goto out;
	if (e >= 0 && (!pack || strcmp(pack, p->evs[e].pack)))
		e = -1;
	free(pack);
	int last = CO_WB_ROW_FIRST - 1;
	if (e >= 0) {
		if ((rc = check_layout(&w, p, (size_t)e)))
			goto out;
		last += (int)co_plan_items(p, (size_t)e);
	} else {
		last = WB_ROW_MAX;
	}
	if ((rc = build(&w, r, last, e >= 0)))
		goto out;
	*out = r;
	r = NULL;
out:
	if (!rc)
		rc = status(&w);
	if (w.za)
		zip_discard(w.za);
	if (fd >= 0)
		close(fd);
	free_rels(&w);
	for (size_t i = 0; i < w.nsst; i++)
		free(w.sst[i]);
	free(w.sst);
	for (size_t i = 0; i < w.ncells; i++) {
		free(w.cells[i].own);
		free(w.cells[i].f);
	}
	free(w.cells);
	free(workbook);
	free(dir);
	free(wrels);
	free(rid);
	free(sheet);
	free(strings);
	co_returned_free(r);
	if (rc && *out) {
		co_returned_free(*out);
		*out = NULL;
	}
	return rc;
}
