/* The reading side of the audit record: an audit.json from anyone loaded, and its bundle, folder and outputs checked for replay and explain. */
#include "auditing/audit_internal.h"
#include "auditing/resultdiff.h"
#include "calloff/version.h"
#include "base/diag.h"
#include "base/jsontext.h"
#include "base/pathtext.h"
#include "base/readfile.h"
#include "base/sha256.h"
#include "base/strbuf.h"
#include "reading/xmldoc.h"
#include "reading/yamltree.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RESULT_DIFF_LINES 50 /* most fields of result.json named when it differs */

/*
 * What was found at a file's place. Only a regular file, reached without a symbolic link inside
 * the bundle, is ever opened for its bytes: a FIFO would wait for a writer for ever, /dev/zero
 * never ends, and a link could lead anywhere on the auditor's machine.
 */
typedef enum {
	FOUND_FILE,        /* a regular file */
	FOUND_NOTHING,     /* no such file */
	FOUND_LINK,        /* a symbolic link, not followed */
	FOUND_SPECIAL,     /* not a regular file: a FIFO, a device, a socket or a folder */
	FOUND_UNREADABLE,  /* cannot be looked at or read (err says why) */
	FOUND_TOO_BIG,     /* larger than the engine reads for its role: not hashed */
	FOUND_FOLDER_LINK, /* inputs/ is a symbolic link */
	FOUND_FOLDER_FILE  /* inputs/ is not a folder */
} found;

typedef struct {
	found state;
	int err;        /* errno, for FOUND_UNREADABLE */
	long long size; /* FOUND_FILE or FOUND_TOO_BIG */
} copy_seen;

/* One output of the record, as replay keeps it: its name in the reading's arena, and its digest as bytes. */
typedef struct {
	uint32_t name; /* offset of its name (NUL-ended) in co_audit_reading.names */
	long long size;
	unsigned char sha[32];
} rec_out;
_Static_assert(sizeof(rec_out) <= 48, "a recorded output is kept in 48 bytes besides its name");

/* An entry of inputs or outputs in which loading found a fault: kept as a tree, for the checks to say it. */
typedef struct {
	size_t i;
	json_t *o;
} kept_entry;

struct co_audit_reading {
	co_replay_options opts;
	/*
	 * The record as read, with the entries of inputs and outputs left out (each list is empty):
	 * the entries are read one at a time and kept below in compact form, so that a record of
	 * thousands of bids is never held whole, as text or as a tree.
	 */
	json_t *root;
	char *file;      /* its path, where the record's own differences are located */
	char *name;      /* its name inside the folder */
	copy_seen *copy; /* for each input with a digest: its copy as co_audit_load_with found it */
	char *stand_ins;  /* a private folder of stand-ins for the bids over their limit, or NULL */
	rec_out *out;    /* the recorded outputs, in the record's order */
	size_t nout, capout;
	char *names;     /* their names, one after another */
	size_t nnames, capnames;
	/* The entries of inputs and of outputs in which loading found a fault, by place; the others had none. */
	kept_entry *kin, *kout;
	size_t nkin, capkin, nkout, capkout;
};

void co_audit_reading_free(co_audit_reading *r)
{
	if (!r)
		return;
	json_decref(r->root);
	if (r->stand_ins) { /* only this run's stand-ins are in it */
		int fd = open(r->stand_ins, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
		struct dirent *e;
		while (d && (e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				unlinkat(fd, e->d_name, 0);
		if (d)
			closedir(d);
		else if (fd >= 0)
			close(fd);
		rmdir(r->stand_ins);
		free(r->stand_ins);
	}
	free(r->file);
	free(r->name);
	free(r->copy);
	free(r->out);
	free(r->names);
	for (size_t i = 0; i < r->nkin; i++)
		json_decref(r->kin[i].o);
	for (size_t i = 0; i < r->nkout; i++)
		json_decref(r->kout[i].o);
	free(r->kin);
	free(r->kout);
	free(r);
}

/* The name of recorded output i. */
static const char *out_name(const co_audit_reading *rd, size_t i)
{
	return rd->names + rd->out[i].name;
}

/* The recorded digest of output i, as text. */
static void out_hex(const co_audit_reading *rd, size_t i, char hex[CO_SHA256_HEX])
{
	static const char digits[] = "0123456789abcdef";
	for (int k = 0; k < 32; k++) {
		hex[2 * k] = digits[rd->out[i].sha[k] >> 4];
		hex[2 * k + 1] = digits[rd->out[i].sha[k] & 15];
	}
	hex[64] = '\0';
}

/* The engine's own limits on what it reads, by role (engine/reading/). */
static long long role_limit(role r)
{
	return co_audit_role_limit(r);
}

/* What a file of the role is called in a message. */
static const char *role_word(role r)
{
	static const char *const words[CO_AUDIT_ROLES] = {"rule file", "bid file", "marks file", "decisions file",
	                                                  "receipt log"};
	return words[r];
}

/* found for a failed open or stat: CO_ERROR when it ran out of memory, which is no fault of the file. */
static int failed_with(copy_seen *s, int err)
{
	s->err = err;
	s->state = err == ENOENT || err == ENOTDIR ? FOUND_NOTHING : err == ELOOP ? FOUND_LINK : FOUND_UNREADABLE;
	return co_errno_status(err) == CO_ERROR ? CO_ERROR : 0;
}

/*
 * Open name under dirfd (AT_FDCWD for a path) for reading, if it is a regular file: never
 * through a final symbolic link when nofollow, never waiting (O_NONBLOCK: a FIFO opens at once,
 * and is then refused), never past limit bytes (fstat first). *fd is -1 unless s->state is
 * FOUND_FILE. 0, or CO_ERROR when out of memory.
 */
static int open_regular(int *fd, copy_seen *s, int dirfd, const char *name, int nofollow, long long limit)
{
	struct stat st;
	*fd = -1;
	memset(s, 0, sizeof(*s));
	int f = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
	if (f < 0)
		return failed_with(s, errno);
	if (fstat(f, &st) != 0) {
		int e = errno;
		close(f);
		return failed_with(s, e);
	}
	if (!S_ISREG(st.st_mode)) {
		s->state = FOUND_SPECIAL;
	} else if (st.st_size > limit) {
		s->state = FOUND_TOO_BIG;
		s->size = (long long)st.st_size;
	} else {
		s->state = FOUND_FILE;
		s->size = (long long)st.st_size;
		*fd = f;
		return 0;
	}
	close(f);
	return 0;
}

/* The digest of a file found as open_regular() finds it: hex is set only when s->state is FOUND_FILE. */
static int hash_regular(copy_seen *s, char hex[CO_SHA256_HEX], int dirfd, const char *name, int nofollow,
                        long long limit)
{
	int fd, rc = open_regular(&fd, s, dirfd, name, nofollow, limit);
	if (rc || s->state != FOUND_FILE)
		return rc;
	long long size = 0;
	rc = co_sha256_fd_max(fd, limit, hex, &size);
	int e = errno;
	close(fd);
	if (rc == CO_ETOOBIG) { /* it grew past the limit while it was read */
		s->state = FOUND_TOO_BIG;
		rc = 0;
	} else if (rc == CO_EIO) {
		s->state = FOUND_UNREADABLE;
		s->err = e;
		rc = 0;
	} else if (rc == 0) {
		s->size = size;
	}
	return rc;
}

/* The folder of the bundle, opened (following the path the auditor gave); -1 with errno set when it cannot be. */
static int open_dir(const co_audit *a)
{
	return open(a->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* inputs/ inside the folder, never through a link: its fd, or -1 with *state saying why not. */
static int open_inputs(int dfd, found *state, int *err)
{
	struct stat st;
	*err = 0;
	if (dfd < 0 || fstatat(dfd, "inputs", &st, AT_SYMLINK_NOFOLLOW) != 0) {
		*err = dfd < 0 ? ENOENT : errno;
		*state = *err == ENOENT ? FOUND_NOTHING : FOUND_UNREADABLE;
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		*state = FOUND_FOLDER_LINK;
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		*state = FOUND_FOLDER_FILE;
		return -1;
	}
	int fd = openat(dfd, "inputs", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		*state = FOUND_UNREADABLE;
	} else {
		*state = FOUND_FILE;
	}
	return fd;
}

/* A file an audit may name inside its folder: "name" or "folder/name", no hidden part, no "..". */
static int plain_name(const char *s)
{
	if (!s || !*s || strlen(s) >= 256 || *s == '.' || *s == '/')
		return 0;
	const char *slash = strchr(s, '/');
	if (!slash)
		return 1;
	return slash[1] && slash[1] != '.' && slash[1] != '/' && !strchr(slash + 1, '/');
}

/*
 * 1 when input x of the record (its object o) is a bid over its limit as evaluate records one:
 * "not_bundled" (a text) and "limit" together, on a bid with a digest, the limit the engine's
 * own for a bid file, the size recorded over it. Only then is a stand-in made for it.
 */
static int over_limit_valid(const json_t *o, const input *x)
{
	const json_t *nb = json_object_get(o, "not_bundled"), *lim = json_object_get(o, "limit");
	const json_t *size = json_object_get(o, "size");
	return json_is_string(nb) && json_is_integer(lim) && x->role == ROLE_BID && x->readable &&
	       json_integer_value(lim) == role_limit(ROLE_BID) && json_is_integer(size) &&
	       json_integer_value(size) > json_integer_value(lim);
}

/*
 * A bid over its limit has no copy: as evaluate did (audit.c, stand_in()), the engine is given a
 * stand-in of the recorded size holding no data (a sparse file), which the reader refuses by its
 * size alone, before reading a byte, in the same words. The stand-ins are made in a private
 * folder of the temporary folder (TMPDIR, or /tmp), removed with the record.
 */
static int stand_in(co_audit *a, input *x, size_t i, co_diags *diags)
{
	co_audit_reading *rd = a->reading;
	if (!rd->stand_ins) {
		const char *tmp = getenv("TMPDIR");
		char *tmpl = co_strdupf("%s/calloff-replay-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!tmpl)
			return CO_ERROR;
		if (!mkdtemp(tmpl)) {
			int e = errno;
			co_diag_add(diags, tmpl, 1, 1, "cannot create a folder for the stand-in of a bid over its limit: %s",
			            strerror(e));
			free(tmpl);
			return co_errno_status(e);
		}
		rd->stand_ins = tmpl;
	}
	if (!(x->source = co_strdupf("%s/%zu", rd->stand_ins, i)))
		return CO_ERROR;
	int fd = open(x->source, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)x->size) != 0) {
		int e = errno;
		co_diag_add(diags, x->source, 1, 1, "cannot create the stand-in of a bid over its limit: %s", strerror(e));
		if (fd >= 0)
			close(fd);
		return co_errno_status(e);
	}
	close(fd);
	return 0;
}

/*
 * Where the copies of the inputs are, looked at without being opened (fstatat, no link
 * followed): the evaluation reads a copy only when it is a regular file inside inputs/. Any
 * other copy, and a bid with no copy, gets "" as its source: open("") fails with ENOENT, so the
 * engine finds it missing without reading anything, and a bid with no copy is rejected as one
 * that cannot be opened, as it was at the evaluation.
 */
static int find_copies(co_audit *a, int dfd, co_diags *diags)
{
	co_audit_reading *rd = a->reading;
	found folder;
	int err, rc = 0, ifd = open_inputs(dfd, &folder, &err);
	if (folder == FOUND_UNREADABLE && co_errno_status(err) == CO_ERROR)
		return CO_ERROR;
	for (size_t i = 0; i < a->nin && !rc; i++) {
		input *x = &a->in[i];
		copy_seen *s = &rd->copy[i];
		struct stat st;
		if (!x->readable) {
			/*
			 * Without --originals the original is never read; but where it is no regular file (a
			 * FIFO, a device, a folder: the reasons a bid is recorded with no copy), the engine is
			 * given it so that it refuses it again in the same words, before reading a byte.
			 */
			char *orig = co_audit_resolve(a, x->path);
			struct stat ost;
			int reproduce = orig && stat(orig, &ost) == 0 && !S_ISREG(ost.st_mode);
			if (rd->opts.originals || reproduce) {
				x->source = orig;
			} else {
				free(orig);
				x->source = strdup("");
			}
			rc = x->source ? 0 : CO_ERROR;
			continue;
		}
		if (x->over_limit) {
			rc = stand_in(a, x, i, diags);
			continue;
		}
		if (ifd < 0) {
			s->state = folder;
			s->err = err;
		} else if (fstatat(ifd, x->sha, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			rc = failed_with(s, errno);
			if (s->state == FOUND_LINK) /* ELOOP from a stat is not a link at the end */
				s->state = FOUND_UNREADABLE;
		} else if (S_ISLNK(st.st_mode)) {
			s->state = FOUND_LINK;
		} else if (!S_ISREG(st.st_mode)) {
			s->state = FOUND_SPECIAL;
		} else {
			s->state = FOUND_FILE;
			s->size = (long long)st.st_size;
		}
		if (!rc)
			x->source = s->state == FOUND_FILE ? co_strdupf("%s/inputs/%s", a->dir, x->sha) : strdup("");
		if (!rc && !x->source)
			rc = CO_ERROR;
	}
	if (ifd >= 0)
		close(ifd);
	return rc;
}

/* The record, from its folder: a regular file, not a link, never waited on. *fd is open on success. */
static int open_record(const co_audit *a, int *fd, co_diags *diags)
{
	const co_audit_reading *rd = a->reading;
	int dfd = open_dir(a);
	*fd = -1;
	if (dfd >= 0)
		*fd = openat(dfd, rd->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	int e = errno;
	if (dfd >= 0)
		close(dfd);
	if (*fd >= 0)
		return 0;
	if (co_errno_status(e) == CO_ERROR)
		return CO_ERROR;
	if (e == ELOOP)
		co_diag_add(diags, rd->file, 1, 1, "a symbolic link: replay reads a record only from its own folder");
	else
		co_diag_add(diags, rd->file, 1, 1, "cannot read: %s", strerror(e));
	return CO_EIO;
}

/* The record's own checks, counting the differences they find (diffs NULL: counting only). */
typedef struct {
	const co_audit *a;
	co_diags *diffs, *notes;
	int n;
} checker;

static void check_input(checker *c, const json_t *o, size_t i, const input *prev, size_t prev_i);
static void check_output(checker *c, const json_t *o, size_t i);

/* ---- the record, read one entry at a time ------------------------------------------------- */

/*
 * The record is read a piece at a time. The text outside inputs and outputs (a few kilobytes: the
 * options, the versions, the run) is gathered and parsed as one small document; each entry of the
 * two lists is parsed alone, checked as the loader and the record's checks check it, and kept
 * only as what replay needs (an input's role, path, size and digest; an output's name, size and
 * digest). An entry with a fault is kept as its tree, for the record's checks to say it in their
 * words. Any layout of the JSON is read this way (a record re-indented, or with its keys in
 * another order, is the same record). A text the pieces cannot place (not JSON, or a list that
 * is not where the record keeps it) is read again whole, as before, so that what is said of it
 * (where it is not JSON, for one) is said in the same words; only a record that cannot be
 * evaluated again is ever held whole.
 */

#define RECORD_READ (1 << 16)                 /* bytes of the record read at a time */
#define RECORD_PIECE_MAX (16L * 1024 * 1024)  /* the largest entry, or other value, held at once */
#define RECORD_OUTSIDE_MAX (32L * 1024 * 1024) /* the most text outside the two lists */
#define UNPLACED 2 /* the pieces cannot place the text: it is read whole */

typedef struct {
	int fd;
	char *buf;
	size_t cap, pos, end; /* buf[pos, end): read and not yet taken */
	long long total;      /* bytes read */
	int eof;
	int rc;               /* a failure (UNPLACED or a negative co_status); sticky */
	int indent;           /* the spaces after the last line break before pos, or -1 */
} scan;

/* Read more of the record, keeping the bytes not yet taken. */
static void scan_more(scan *s)
{
	if (s->rc || s->eof)
		return;
	if (s->pos) {
		memmove(s->buf, s->buf + s->pos, s->end - s->pos);
		s->end -= s->pos;
		s->pos = 0;
	}
	if (s->end + RECORD_READ > s->cap) {
		if (s->end >= (size_t)RECORD_PIECE_MAX) {
			s->rc = UNPLACED;
			return;
		}
		size_t cap = s->cap ? s->cap * 2 : 2 * RECORD_READ;
		char *p = realloc(s->buf, cap);
		if (!p) {
			s->rc = CO_ERROR;
			return;
		}
		s->buf = p;
		s->cap = cap;
	}
	ssize_t r;
	while ((r = read(s->fd, s->buf + s->end, s->cap - s->end)) < 0 && errno == EINTR)
		;
	if (r < 0) { /* read whole, which says why */
		s->rc = co_errno_status(errno) == CO_ERROR ? CO_ERROR : UNPLACED;
		return;
	}
	if (r == 0)
		s->eof = 1;
	s->end += (size_t)r;
	s->total += r;
	if (s->total > CO_AUDIT_MAX_BYTES) /* it grew while it was read */
		s->rc = UNPLACED;
}

/* The byte k after pos, or -1 at the end of the text or on a failure (s->rc). */
static inline int scan_at(scan *s, size_t k)
{
	while (s->pos + k >= s->end) {
		scan_more(s);
		if (s->rc || (s->eof && s->pos + k >= s->end))
			return -1;
	}
	return (unsigned char)s->buf[s->pos + k];
}

/* Past JSON's white space, noting how far the line is indented. */
static void scan_space(scan *s)
{
	int c;
	s->indent = -1;
	while ((c = scan_at(s, 0)) == ' ' || c == '\n' || c == '\t' || c == '\r') {
		s->indent = c == '\n' ? 0 : c == ' ' && s->indent >= 0 ? s->indent + 1 : -1;
		s->pos++;
	}
}

/*
 * The length of the value at pos: a string, an object or a list to its closing bracket (a
 * bracket inside a string is not one), anything else to the next delimiter. Whether it is valid
 * JSON is jansson's to say when it parses it. 0 when it cannot be placed.
 */
static size_t scan_value(scan *s)
{
	int c = scan_at(s, 0), d, depth = 0, in_string = 0;
	size_t k = 0;
	if (c < 0)
		return 0;
	if (c == '"') {
		for (k = 1; (d = scan_at(s, k)) >= 0; k++)
			if (d == '\\')
				k++;
			else if (d == '"')
				return k + 1;
		return 0;
	}
	if (c == '{' || c == '[') {
		for (k = 0; (d = scan_at(s, k)) >= 0; k++) {
			if (in_string) {
				if (d == '\\')
					k++;
				else if (d == '"')
					in_string = 0;
			} else if (d == '"') {
				in_string = 1;
			} else if (d == '{' || d == '[') {
				depth++;
			} else if ((d == '}' || d == ']') && --depth == 0) {
				return k + 1;
			}
		}
		return 0;
	}
	while ((d = scan_at(s, k)) >= 0 && !strchr(" \t\r\n,]}", d))
		k++;
	return c == ',' || c == ']' || c == '}' ? 0 : k;
}

/* s's bytes [pos, pos + n) added to the text outside the lists. */
static int outside_add(co_strbuf *b, const char *text, size_t n)
{
	if (b->len + n > (size_t)RECORD_OUTSIDE_MAX)
		return UNPLACED;
	co_strbuf_add(b, text, n);
	return b->failed ? CO_ERROR : 0;
}

/* 1 when text (n bytes, a JSON string with its quotes) is "inputs" (1) or "outputs" (2); 0 otherwise; -1 with an escape in it. */
static int list_key(const char *text, size_t n)
{
	if (memchr(text, '\\', n))
		return -1;
	return n == 8 && !memcmp(text, "\"inputs\"", 8) ? 1 : n == 9 && !memcmp(text, "\"outputs\"", 9) ? 2 : 0;
}

/*
 * 1 when want (n bytes, as co_json_text writes a value, without its final line break) is have
 * (len bytes) written at indent, as the writer writes an entry of a list (co_json_item): every
 * line break followed by indent spaces.
 */
static int same_indented(const char *want, size_t n, const char *have, size_t len, int indent)
{
	size_t j = 0;
	if (indent < 0)
		return 0;
	for (size_t i = 0; i < n; i++, j++) {
		if (j >= len || want[i] != have[j])
			return 0;
		if (want[i] == '\n') {
			for (int k = 0; k < indent; k++)
				if (j + 1 + (size_t)k >= len || have[j + 1 + (size_t)k] != ' ')
					return 0;
			j += (size_t)indent;
		}
	}
	return j == len;
}

/*
 * An entry parsed with jansson as the second item of a list whose first is a string of 2^k - 1
 * bytes, k the least with 2^k above the entry's length. jansson 2.14 keeps each token's text in
 * a buffer that doubles from 16 bytes and ignores a failure to grow it (load.c, lex_save): the
 * byte dropped can be a string's closing quote, and the lexer then reads past its buffer
 * (an assertion, or a crash) instead of failing. A whole record grows that buffer a few times,
 * early; an entry parsed alone would grow it in every entry. The string grows it first, to a
 * size that no token of the entry outgrows, and never at its own closing quote, so that a
 * failure to grow drops one of its own letters, which is of no account.
 */
static json_t *load_entry(co_strbuf *scratch, const char *text, size_t len, json_error_t *err)
{
	size_t pad = 16;
	while (pad <= len + 1)
		pad *= 2;
	co_strbuf_reset(scratch);
	co_strbuf_add(scratch, "[\"", 2);
	static const char xs[] = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
	for (size_t k = 0; k < pad - 3; k += sizeof(xs) - 1)
		co_strbuf_add(scratch, xs, pad - 3 - k < sizeof(xs) - 1 ? pad - 3 - k : sizeof(xs) - 1);
	co_strbuf_add(scratch, "\",", 2);
	co_strbuf_add(scratch, text, len);
	co_strbuf_add(scratch, "]", 1);
	if (scratch->failed) {
		memset(err, 0, sizeof(*err));
		return NULL;
	}
	json_t *list = json_loadb(scratch->s, scratch->len, JSON_REJECT_DUPLICATES, err), *doc;
	if (!list)
		return NULL;
	doc = json_array_size(list) == 2 ? json_incref(json_array_get(list, 1)) : NULL;
	json_decref(list);
	if (!doc)
		snprintf(err->text, sizeof(err->text), "not one value");
	return doc;
}

/*
 * One entry of a list parsed, exactly as it is in the file (see co_json_load_sure for why):
 * written out again it must give the file's bytes at its indent, or, in another layout, a second
 * parse must give the same tree. 0; UNPLACED when jansson finds it is not JSON, or it is neither
 * an object nor a list (the text is then read whole, and what it is said as before); CO_ERROR
 * when out of memory.
 */
static int parse_entry(json_t **out, co_strbuf *scratch, const char *text, size_t len, int indent)
{
	json_error_t err;
	json_t *doc = load_entry(scratch, text, len, &err), *second = NULL;
	char *again = NULL;
	int rc = 0;
	*out = NULL;
	if (!doc)
		return !err.text[0] || json_error_code(&err) == json_error_out_of_memory ? CO_ERROR : UNPLACED;
	if (!json_is_object(doc) && !json_is_array(doc)) {
		rc = UNPLACED;
	} else if (!(again = co_json_text(doc, 0))) {
		rc = CO_ERROR;
	} else if (!same_indented(again, strlen(again) - 1, text, len, indent)) {
		second = load_entry(scratch, text, len, &err);
		if (!second || !json_equal(doc, second))
			rc = CO_ERROR;
	}
	json_decref(second);
	free(again);
	if (rc)
		json_decref(doc);
	else
		*out = doc;
	return rc;
}

/* What loading has taken of the record so far. */
typedef struct {
	co_audit *a;
	checker c;        /* counting only: an entry with no fault is not kept */
	size_t in_seen, out_seen;
	size_t bad_in, bad_out; /* the first input and output that is not valid (1-based), or 0 */
	size_t prev_bid;  /* the place of the last bid taken, or SIZE_MAX */
	size_t capin;     /* room in a->in */
	co_strbuf scratch; /* the text an entry is parsed from (load_entry) */
} loader;

/* Room for n + 1 items of size bytes in *p (capacity *cap); 0 or CO_ERROR. Never more than the record's bytes. */
static int room(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 64;
	if (c > (size_t)CO_AUDIT_MAX_BYTES || c > SIZE_MAX / size)
		return CO_ERROR; /* more entries than the record has bytes */
	void *q = realloc(*p, c * size);
	if (!q)
		return CO_ERROR;
	*p = q;
	*cap = c;
	return 0;
}

static int keep(kept_entry **list, size_t *n, size_t *cap, size_t i, json_t *o)
{
	if (room((void **)list, cap, *n, sizeof(**list)))
		return CO_ERROR;
	(*list)[(*n)++] = (kept_entry){.i = i, .o = json_incref(o)};
	return 0;
}

/*
 * An input's entry: what the loader requires of it (a role, a path, a digest or none, the rule
 * file first), then the record's own checks of it, counting. An input of a role that follows the
 * bids (marks, decisions, receipts) is always kept: whether what follows it is in its place is
 * known only at the end.
 */
static int take_input(loader *ld, const json_t *x)
{
	co_audit *a = ld->a;
	co_audit_reading *rd = a->reading;
	size_t i = ld->in_seen++;
	if (ld->bad_in)
		return 0;
	if (room((void **)&a->in, &ld->capin, a->nin, sizeof(*a->in)))
		return CO_ERROR;
	const char *r = json_string_value(json_object_get(x, "role"));
	json_t *h = json_object_get(x, "sha256");
	input *in = &a->in[a->nin];
	memset(in, 0, sizeof(*in));
	int k = -1;
	for (int j = 0; r && j < CO_AUDIT_ROLES && k < 0; j++)
		if (!strcmp(r, co_audit_role_names[j]))
			k = j;
	int prc = co_pathtext_get(&in->path, x, "path");
	if (prc == CO_ERROR)
		return CO_ERROR;
	if (k < 0 || prc || (!json_is_null(h) && !co_sha256_valid(json_string_value(h))) ||
	    (i == 0) != (k == ROLE_RULES)) {
		free(in->path);
		in->path = NULL;
		ld->bad_in = i + 1;
		return 0;
	}
	in->role = (role)k;
	in->readable = !json_is_null(h);
	in->size = json_integer_value(json_object_get(x, "size"));
	a->nin++;
	if (in->readable)
		snprintf(in->sha, sizeof(in->sha), "%s", json_string_value(h));
	if (over_limit_valid(x, in)) /* anything else of the kind is a difference of the record */
		in->over_limit = (long)role_limit(ROLE_BID);
	int n = ld->c.n;
	check_input(&ld->c, x, i, ld->prev_bid == SIZE_MAX ? NULL : &a->in[ld->prev_bid], ld->prev_bid);
	if (ld->c.n < 0)
		return ld->c.n;
	if (in->role == ROLE_BID)
		ld->prev_bid = i;
	if (ld->c.n != n || in->role >= ROLE_MARKS)
		return keep(&rd->kin, &rd->nkin, &rd->capkin, i, (json_t *)x);
	return 0;
}

static int hex_digit(char c)
{
	return c <= '9' ? c - '0' : c - 'a' + 10;
}

/* An output's entry: a plain name and a digest, kept compact; then its own checks, counting. */
static int take_output(loader *ld, const json_t *x)
{
	co_audit_reading *rd = ld->a->reading;
	size_t i = ld->out_seen++;
	if (ld->bad_out)
		return 0;
	const char *f = json_string_value(json_object_get(x, "file"));
	const char *h = json_string_value(json_object_get(x, "sha256"));
	if (!plain_name(f) || !co_sha256_valid(h)) {
		ld->bad_out = i + 1;
		return 0;
	}
	size_t len = strlen(f) + 1;
	if (room((void **)&rd->out, &rd->capout, rd->nout, sizeof(*rd->out)))
		return CO_ERROR;
	while (rd->nnames + len > rd->capnames) {
		size_t c = rd->capnames ? rd->capnames * 2 : 4096;
		char *p = c > (size_t)CO_AUDIT_MAX_BYTES ? NULL : realloc(rd->names, c);
		if (!p)
			return CO_ERROR;
		rd->names = p;
		rd->capnames = c;
	}
	rec_out *o = &rd->out[rd->nout++];
	o->name = (uint32_t)rd->nnames;
	memcpy(rd->names + rd->nnames, f, len);
	rd->nnames += len;
	o->size = json_integer_value(json_object_get(x, "size"));
	for (int k = 0; k < 32; k++)
		o->sha[k] = (unsigned char)(hex_digit(h[2 * k]) << 4 | hex_digit(h[2 * k + 1]));
	int n = ld->c.n;
	check_output(&ld->c, x, i);
	if (ld->c.n < 0)
		return ld->c.n;
	return ld->c.n != n ? keep(&rd->kout, &rd->nkout, &rd->capkout, i, (json_t *)x) : 0;
}

/* Forget every entry taken, to take them again from the text read whole. */
static void loader_reset(loader *ld)
{
	co_audit *a = ld->a;
	co_audit_reading *rd = a->reading;
	for (size_t i = 0; i < a->nin; i++)
		free(a->in[i].path);
	free(a->in);
	a->in = NULL;
	a->nin = ld->capin = 0;
	for (size_t i = 0; i < rd->nkin; i++)
		json_decref(rd->kin[i].o);
	for (size_t i = 0; i < rd->nkout; i++)
		json_decref(rd->kout[i].o);
	rd->nkin = rd->nkout = rd->nout = rd->nnames = 0;
	ld->in_seen = ld->out_seen = ld->bad_in = ld->bad_out = 0;
	ld->prev_bid = SIZE_MAX;
	ld->c.n = 0;
}

/* One entry of list (1 inputs, 2 outputs) at pos, len bytes, taken. */
static int take_entry(loader *ld, scan *s, int list, size_t len)
{
	json_t *o = NULL;
	int rc = parse_entry(&o, &ld->scratch, s->buf + s->pos, len, s->indent);
	if (!rc)
		rc = list == 1 ? take_input(ld, o) : take_output(ld, o);
	json_decref(o);
	return rc;
}

/*
 * The record read a piece at a time from fd: *root receives the text outside the two lists,
 * parsed, with each list left empty; the entries are taken as they come. 0, UNPLACED, or a
 * negative co_status.
 */
static int read_pieces(loader *ld, int fd, json_t **root)
{
	scan s = {.fd = fd, .indent = -1};
	co_strbuf out = {0};
	json_error_t err;
	int rc = 0, c;
	size_t n;
	*root = NULL;
	scan_space(&s);
	if (scan_at(&s, 0) != '{')
		goto out;
	s.pos++;
	if ((rc = outside_add(&out, "{", 1)))
		goto out;
	scan_space(&s);
	if (scan_at(&s, 0) == '}')
		s.pos++;
	else
		for (;;) { /* a member: its key, ":" and its value */
			if (scan_at(&s, 0) != '"' || !(n = scan_value(&s)))
				goto out;
			int list = list_key(s.buf + s.pos, n);
			if (list < 0 || (rc = outside_add(&out, s.buf + s.pos, n)) || (rc = outside_add(&out, ":", 1)))
				goto out;
			s.pos += n;
			scan_space(&s);
			if (scan_at(&s, 0) != ':')
				goto out;
			s.pos++;
			scan_space(&s);
			if (list && scan_at(&s, 0) == '[') {
				s.pos++;
				if ((rc = outside_add(&out, "[]", 2)))
					goto out;
				scan_space(&s);
				if (scan_at(&s, 0) == ']') {
					s.pos++;
				} else {
					for (;;) {
						if (!(n = scan_value(&s)) || (rc = take_entry(ld, &s, list, n)))
							goto out;
						s.pos += n;
						scan_space(&s);
						c = scan_at(&s, 0);
						s.pos++;
						if (c == ']')
							break;
						if (c != ',')
							goto out;
						scan_space(&s);
					}
				}
			} else {
				if (!(n = scan_value(&s)) || (rc = outside_add(&out, s.buf + s.pos, n)))
					goto out;
				s.pos += n;
			}
			scan_space(&s);
			c = scan_at(&s, 0);
			s.pos++;
			if ((rc = outside_add(&out, c == ',' ? "," : "}", 1)))
				goto out;
			if (c == '}')
				break;
			if (c != ',')
				goto out;
			scan_space(&s);
		}
	scan_space(&s);
	if (scan_at(&s, 0) >= 0 || s.rc) /* nothing after the record */
		goto out;
	rc = co_json_load_sure(root, out.s, out.len, JSON_REJECT_DUPLICATES, &err);
	if (rc == CO_EINVALID)
		rc = UNPLACED;
out:
	if (!rc && !*root) /* left at a goto without a status: a text the pieces cannot place */
		rc = s.rc ? s.rc : UNPLACED;
	free(out.s);
	free(s.buf);
	return rc;
}

/* The record read whole, as it always was: for a text the pieces cannot place, so that it is said of it what was said. */
static int read_whole_record(loader *ld, int fd, json_t **root, co_diags *diags)
{
	co_audit_reading *rd = ld->a->reading;
	char *buf = NULL;
	size_t len = 0;
	json_error_t err;
	*root = NULL;
	int rc = co_read_fd(fd, rd->file, CO_AUDIT_MAX_BYTES, &buf, &len, diags); /* closes fd */
	if (!rc && (rc = co_json_load_sure(root, buf, len, JSON_REJECT_DUPLICATES, &err)) == CO_EINVALID)
		co_diag_add(diags, rd->file, err.line, err.column, "not valid JSON: %s", err.text);
	free(buf);
	if (rc)
		return rc;
	json_t *ins = json_object_get(*root, "inputs"), *outs = json_object_get(*root, "outputs"), *x;
	size_t i;
	json_array_foreach(ins, i, x) if (!rc) rc = take_input(ld, x);
	json_array_foreach(outs, i, x) if (!rc) rc = take_output(ld, x);
	if (!rc && ((json_is_array(ins) && json_array_clear(ins)) || (json_is_array(outs) && json_array_clear(outs))))
		rc = CO_ERROR;
	return rc;
}

int co_audit_load(co_audit **out, const char *path, co_diags *diags)
{
	return co_audit_load_with(out, path, NULL, diags);
}

int co_audit_load_with(co_audit **out, const char *path, const co_replay_options *opts, co_diags *diags)
{
	struct stat st;
	co_audit *a = calloc(1, sizeof(*a));
	co_audit_reading *rd = calloc(1, sizeof(*rd));
	json_t *root = NULL;
	int rc = CO_EINVALID, lost = co_diags_failed(diags), dfd = -1, fd = -1;
	*out = NULL;
	if (!a || !rd) {
		free(a);
		free(rd);
		return CO_ERROR;
	}
	a->reading = rd;
	loader ld = {.a = a, .c = {.a = a}, .prev_bid = SIZE_MAX};
	if (opts)
		rd->opts = *opts;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		a->dir = strdup(path);
		rd->name = strdup("audit.json");
		rd->file = co_strdupf("%s/audit.json", path);
	} else {
		const char *slash = strrchr(path, '/');
		a->dir = !slash ? strdup(".") : slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
		rd->name = strdup(slash ? slash + 1 : path);
		rd->file = strdup(path);
	}
	if (!a->dir || !rd->name || !rd->file) {
		rc = CO_ERROR;
		goto out;
	}
	if (!*rd->name) {
		co_diag_add(diags, rd->file, 1, 1, "cannot read: not a file");
		rc = CO_EIO;
		goto out;
	}
	if ((rc = open_record(a, &fd, diags)))
		goto out;
	/* A file that is not a regular one, empty, or over the limit is read whole, which refuses it in its words. */
	rc = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size <= CO_AUDIT_MAX_BYTES
	         ? read_pieces(&ld, fd, &root)
	         : UNPLACED;
	if (rc == UNPLACED) {
		loader_reset(&ld);
		if (lseek(fd, 0, SEEK_SET) != 0 && errno != ESPIPE) {
			rc = co_errno_status(errno) == CO_ERROR ? CO_ERROR : CO_EIO;
			if (rc == CO_EIO)
				co_diag_add(diags, rd->file, 1, 1, "cannot read: %s", strerror(errno));
			goto out;
		}
		rc = read_whole_record(&ld, fd, &root, diags);
		fd = -1; /* closed */
	}
	if (rc)
		goto out;
	rc = CO_EINVALID;
	const char *fmt = json_string_value(json_object_get(root, "format"));
	if (!fmt || strcmp(fmt, "calloff-audit/1") != 0) {
		co_diag_add(diags, rd->file, 1, 1, "not a calloff-audit/1 record");
		goto out;
	}
	a->options = json_incref(json_object_get(root, "options"));
	const char *cwd = json_string_value(json_object_get(a->options, "cwd"));
	a->cwd = cwd ? strdup(cwd) : NULL;
	rd->copy = calloc(a->nin + 1, sizeof(*rd->copy));
	if ((cwd && !a->cwd) || !rd->copy) {
		rc = CO_ERROR;
		goto out;
	}
	if (ld.bad_in) {
		co_diag_add(diags, rd->file, 1, 1, "input %zu of the record is not valid", ld.bad_in);
		goto out;
	}
	if (ld.bad_out) {
		co_diag_add(diags, rd->file, 1, 1, "output %zu of the record is not valid", ld.bad_out);
		goto out;
	}
	if (a->nin == 0) {
		co_diag_add(diags, rd->file, 1, 1, "the record lists no inputs");
		goto out;
	}
	/* The lists grew by doubling: what they hold is kept, not the room for more (a smaller block: a failure keeps the old). */
	input *in = realloc(a->in, (a->nin + 1) * sizeof(*a->in));
	rec_out *outs = rd->nout ? realloc(rd->out, rd->nout * sizeof(*rd->out)) : NULL;
	char *names = rd->nnames ? realloc(rd->names, rd->nnames) : NULL;
	a->in = in ? in : a->in;
	rd->out = outs ? outs : rd->out;
	rd->names = names ? names : rd->names;
	dfd = open_dir(a);
	if (dfd < 0 && co_errno_status(errno) == CO_ERROR) {
		rc = CO_ERROR;
		goto out;
	}
	if ((rc = find_copies(a, dfd, diags)))
		goto out;
	rd->root = root;
	root = NULL;
	rc = 0;
out:
	if (!lost && co_diags_failed(diags)) /* a problem that could not be reported */
		rc = CO_ERROR;
	if (dfd >= 0)
		close(dfd);
	if (fd >= 0)
		close(fd);
	free(ld.scratch.s);
	json_decref(root);
	if (rc) {
		co_audit_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

/* ---- the record's own fields -------------------------------------------------------------- */

/* One difference of the record, located at audit.json. */
__attribute__((format(printf, 2, 3))) static void differs(checker *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	co_diag_vadd(c->diffs, c->a->reading->file, 1, 1, fmt, ap);
	va_end(ap);
	if (c->n >= 0)
		c->n++;
}

__attribute__((format(printf, 2, 3))) static void noted(checker *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	co_diag_vadd(c->notes, c->a->reading->file, 1, 1, fmt, ap);
	va_end(ap);
}

/*
 * Every field calloff-audit/1 defines in an object, and only those: one it does not define is a
 * difference (a record says only what calloff writes), and so is one it lacks. optional: a key
 * that may be left out (path_bytes, written only for a path that is not UTF-8).
 */
static void check_keys(checker *c, const json_t *o, const char *where, const char *const *known,
                       const char *const *optional)
{
	const char *k;
	json_t *v;
	if (!json_is_object(o)) {
		differs(c, "%s: missing, or not an object", where);
		return;
	}
	json_object_foreach((json_t *)o, k, v)
	{
		int ok = 0;
		for (size_t i = 0; optional && optional[i] && !ok; i++)
			ok = !strcmp(k, optional[i]);
		for (size_t i = 0; known[i] && !ok; i++)
			ok = !strcmp(k, known[i]);
		if (!ok)
			differs(c, "%s.%s: a field that calloff-audit/1 does not define", where, k);
	}
	for (size_t i = 0; known[i]; i++)
		if (!json_object_get(o, known[i]))
			differs(c, "%s.%s: missing", where, known[i]);
}

/* A recorded value for a message: a string of printable ASCII as it is, anything else as JSON (escaped). */
static char *shown(const json_t *v)
{
	const char *s = json_string_value(v);
	for (const char *p = s; p && *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			s = NULL;
	return s ? strdup(s) : co_json_line(v);
}

/* engine and libraries against this build: another version may evaluate differently. */
static void check_versions(checker *c, const json_t *root)
{
	static const char *const engine_keys[] = {"name", "version", NULL};
	const json_t *eng = json_object_get(root, "engine"), *libs = json_object_get(root, "libraries");
	int failed = 0, other = 0, allow = c->a->reading->opts.allow_version;
	json_t *ours = co_audit_versions(&failed);
	const char *k, *name = json_string_value(json_object_get(eng, "name"));
	json_t *v;
	if (failed || !ours) {
		json_decref(ours);
		c->n = CO_ERROR;
		return;
	}
	check_keys(c, eng, "engine", engine_keys, NULL);
	if (json_object_get(eng, "name") && (!name || strcmp(name, "calloff") != 0))
		differs(c, "engine.name: not calloff");
	const char *ver = json_string_value(json_object_get(eng, "version"));
	if (json_is_object(eng) && json_object_get(eng, "version") && (!ver || strcmp(ver, co_version()) != 0)) {
		char *text = shown(json_object_get(eng, "version"));
		if (!text)
			c->n = CO_ERROR;
		else if (allow)
			noted(c, "engine.version: recorded %s, this is %s", text, co_version());
		else
			differs(c, "engine.version: recorded %s, this is %s; another version may evaluate differently "
			           "(replay --allow-version compares the outputs all the same)", text, co_version());
		free(text);
		other = 1;
	}
	if (!json_is_object(libs)) {
		differs(c, "libraries: missing, or not an object");
	} else {
		json_object_foreach((json_t *)libs, k, v) if (!json_object_get(ours, k))
			differs(c, "libraries.%s: a field that calloff-audit/1 does not define", k);
		json_object_foreach(ours, k, v)
		{
			const json_t *rec = json_object_get(libs, k);
			if (!rec) {
				differs(c, "libraries.%s: missing", k);
				continue;
			}
			if (json_equal(rec, v))
				continue;
			char *text = shown(rec);
			if (!text) {
				c->n = CO_ERROR;
				break;
			}
			if (allow)
				noted(c, "libraries.%s: recorded %s, this engine has %s", k, text, json_string_value(v));
			else
				differs(c, "libraries.%s: recorded %s, this engine has %s; another version may evaluate "
				           "differently (replay --allow-version compares the outputs all the same)",
				        k, text, json_string_value(v));
			free(text);
			other = 1;
		}
	}
	if (other && allow && c->n >= 0)
		noted(c, "the versions differ (--allow-version): the outputs are compared all the same; identical "
		         "outputs show that this version gives the recorded result, not that the recorded version did");
	json_decref(ours);
}

/* 1 when the bid path was given by arg: the file itself, or a file of the folder arg (co_paths_expand). */
static int covers(const char *arg, const char *path)
{
	size_t n = strlen(arg);
	if (!strcmp(arg, path))
		return 1;
	if (strncmp(arg, path, n) != 0)
		return 0;
	const char *name = path + n;
	if (n == 0 || arg[n - 1] != '/') {
		if (*name != '/')
			return 0;
		name++;
	}
	size_t len = strlen(name);
	return len >= 5 && !strchr(name, '/') && !strcmp(name + len - 4, ".xml");
}

/*
 * With --originals, each folder argument is listed again (as evaluate listed it, from the
 * recorded working directory) and must give the bids the record lists for it, no more, no fewer.
 */
static void relist_folder(checker *c, const char *arg)
{
	const co_audit *a = c->a;
	char *where = co_audit_resolve(a, arg);
	co_paths *now = NULL;
	struct stat st;
	if (!where) {
		c->n = CO_ERROR;
		return;
	}
	if (stat(where, &st) != 0 || !S_ISDIR(st.st_mode)) { /* a file, or gone: its bid says so itself */
		free(where);
		return;
	}
	const char *args[] = {where};
	int rc = co_paths_expand(&now, args, 1, NULL);
	if (rc == CO_ERROR) {
		c->n = CO_ERROR;
	} else if (rc) {
		noted(c, "options.bids: the folder %s cannot be listed again; its bids are checked one by one", arg);
	} else {
		/* The record's bids under arg and the folder's files now, both sorted by path, walked together. */
		size_t wl = strlen(where), al = strlen(arg), k = 0, np = co_paths_count(now);
		for (size_t i = 0; i < a->nin; i++) {
			if (a->in[i].role != ROLE_BID || !covers(arg, a->in[i].path))
				continue;
			const char *rec = a->in[i].path + al;
			for (; k < np && strcmp(co_paths_at(now, k) + wl, rec) < 0; k++)
				differs(c, "options.bids: the folder %s now holds %s%s, which the record does not list", arg, arg,
				        co_paths_at(now, k) + wl);
			if (k < np && strcmp(co_paths_at(now, k) + wl, rec) == 0)
				k++;
			else
				differs(c, "options.bids: the folder %s no longer holds %s", arg, a->in[i].path);
		}
		for (; k < np; k++)
			differs(c, "options.bids: the folder %s now holds %s%s, which the record does not list", arg, arg,
			        co_paths_at(now, k) + wl);
	}
	co_paths_free(now);
	free(where);
}

/*
 * options.KEY against the input of role r after the bids: its path, or null when there is none.
 * A key that may be missing (absent: a record made before it existed) is taken as null.
 */
static void check_tail_option(checker *c, const json_t *o, const char *key, role r, int may_be_missing)
{
	const input *x = co_audit_tail_input(c->a, r);
	const json_t *v = json_object_get(o, key);
	if (!v && may_be_missing)
		v = json_null();
	if (x ? !json_is_string(v) || strcmp(json_string_value(v), x->path) != 0 : !json_is_null(v))
		differs(c, "options.%s: not the path of the %s the record lists (%s)", key, role_word(r),
		        x ? x->path : "none");
}

/* The command line against the inputs: what evaluate was given is what it read. */
static void check_options(checker *c, const json_t *o)
{
	static const char *const keys[] = {"command", "rules", "bids", "marks", "output", "ocid_prefix",
	                                   "json", "force", "cwd", NULL};
	/* Written by every evaluate since decisions and receipts were inputs; a record made before has neither. */
	static const char *const later[] = {"decisions", "receipts", NULL};
	const co_audit *a = c->a;
	const json_t *bids = json_object_get(o, "bids"), *v;
	size_t i;
	check_keys(c, o, "options", keys, later);
	if (!json_is_object(o))
		return;
	const char *cmd = json_string_value(json_object_get(o, "command"));
	if (!cmd || strcmp(cmd, "evaluate") != 0)
		differs(c, "options.command: not evaluate");
	const char *rules = json_string_value(json_object_get(o, "rules"));
	if (!rules || strcmp(rules, a->in[0].path) != 0)
		differs(c, "options.rules: not the path of the rule file the record lists (inputs[0], %s)", a->in[0].path);
	check_tail_option(c, o, "marks", ROLE_MARKS, 0);
	check_tail_option(c, o, "decisions", ROLE_DECISIONS, 1);
	check_tail_option(c, o, "receipts", ROLE_RECEIPTS, 1);
	const json_t *p = json_object_get(o, "ocid_prefix");
	if (!json_is_string(p) && !json_is_null(p))
		differs(c, "options.ocid_prefix: neither a string nor null");
	else if (json_is_string(p) && !co_ocid_prefix_valid(json_string_value(p)))
		differs(c, "options.ocid_prefix: not a prefix the command line takes (%s)", CO_OCID_PREFIX_RULE);
	if (!json_is_boolean(json_object_get(o, "json")) || !json_is_boolean(json_object_get(o, "force")))
		differs(c, "options.json, options.force: not true or false");
	if (!json_is_string(json_object_get(o, "output")))
		differs(c, "options.output: not a string");
	if (!json_is_string(json_object_get(o, "cwd")) && !json_is_null(json_object_get(o, "cwd")))
		differs(c, "options.cwd: neither a string nor null");
	if (!json_is_array(bids) || json_array_size(bids) == 0) {
		differs(c, "options.bids: not a list of the BIDS arguments");
		return;
	}
	json_array_foreach(bids, i, v) if (!json_is_string(v))
	{
		differs(c, "options.bids: not a list of the BIDS arguments");
		return;
	}
	/* Every bid is one the arguments give (a few arguments, so a scan per bid). */
	for (size_t k = 0; k < a->nin && c->n >= 0; k++) {
		int given = a->in[k].role != ROLE_BID;
		json_array_foreach(bids, i, v) if (!given) given = covers(json_string_value(v), a->in[k].path);
		if (!given)
			differs(c, "options.bids: inputs[%zu] (%s) is neither one of the files nor in one of the folders given",
			         k, a->in[k].path);
	}
	json_array_foreach(bids, i, v)
	{
		const char *arg = json_string_value(v);
		int any = 0;
		for (size_t k = 0; k < a->nin && !any; k++)
			any = a->in[k].role == ROLE_BID && covers(arg, a->in[k].path);
		if (a->reading->opts.originals)
			relist_folder(c, arg);
		else if (!any)
			noted(c, "options.bids: %s gave none of the recorded bids (an empty folder?); not checked without "
			         "--originals", arg);
	}
}

/* One input's entry, after the bid before it (prev, at prev_i, or NULL). */
static void check_input(checker *c, const json_t *o, size_t i, const input *prev, size_t prev_i)
{
	static const char *const keys[] = {"role", "path", "size", "sha256", NULL};
	/*
	 * path_bytes: a path that is not UTF-8; also_given_as: the other names a bid file was given
	 * under; not_bundled and limit: a bid over its limit, recorded by size and digest, not copied.
	 */
	static const char *const optional[] = {"path_bytes", "also_given_as", "not_bundled", "limit", NULL};
	const co_audit *a = c->a;
	const input *x = &a->in[i];
	const json_t *size = json_object_get(o, "size");
	char where[64];
	snprintf(where, sizeof(where), "inputs[%zu]", i);
	check_keys(c, o, where, keys, optional);
	const json_t *also = json_object_get(o, "also_given_as");
	if (also && (!json_is_array(also) || json_array_size(also) == 0 || x->role != ROLE_BID))
		differs(c, "inputs[%zu].also_given_as: not a bid's list of other names", i);
	if ((json_object_get(o, "not_bundled") || json_object_get(o, "limit")) && !x->over_limit)
		differs(c, "inputs[%zu].not_bundled, limit: not a bid over the engine's limit of %lld bytes for a bid "
		           "file, recorded by its size and digest",
		        i, role_limit(ROLE_BID));
	/* After the bids: the marks file, the decisions file and the receipt log, each at most once, in this order. */
	if (x->role >= ROLE_MARKS && i + 1 < a->nin && a->in[i + 1].role <= x->role) {
		if (a->in[i + 1].role == ROLE_BID)
			differs(c, "inputs[%zu] (%s): a %s among the bids, which no evaluation reads; it follows the bids", i,
			        x->path, role_word(x->role));
		else
			differs(c, "inputs[%zu] (%s): a %s out of place, which no evaluation reads; after the bids come the "
			           "marks file, the decisions file and the receipt log, each at most once and in this order",
			        i, x->path, role_word(x->role));
	}
	if (x->role == ROLE_BID) {
		int cmp = prev ? strcmp(prev->path, x->path) : -1;
		if (cmp == 0)
			differs(c, "inputs[%zu] (%s): the same path as inputs[%zu]; evaluate reads each bid file once", i,
			        x->path, prev_i);
		else if (cmp > 0)
			differs(c, "inputs[%zu] (%s): out of order; evaluate lists the bids sorted by path", i, x->path);
	}
	if (!x->readable && x->role != ROLE_BID)
		differs(c, "inputs[%zu] (%s): no digest, which only a bid that could not be read may lack", i, x->path);
	if (x->readable ? !json_is_integer(size) || json_integer_value(size) < 0 : !json_is_null(size))
		differs(c, "inputs[%zu].size: %s", i,
		        x->readable ? "not a byte count" : "given for a file that could not be read");
}

/*
 * The inputs: roles in order, each bid once and sorted by path as evaluate lists them, sizes,
 * digests. Loading checked every entry and kept those with a fault (and those of the roles after
 * the bids, whose place is known only now): only they are checked again, saying what they found.
 */
static void check_inputs(checker *c)
{
	const co_audit *a = c->a;
	const co_audit_reading *rd = a->reading;
	const input *prev = NULL;
	size_t prev_i = 0, k = 0;
	for (size_t i = 0; i < a->nin; i++) {
		if (k < rd->nkin && rd->kin[k].i == i)
			check_input(c, rd->kin[k++].o, i, prev, prev_i);
		if (a->in[i].role == ROLE_BID) {
			prev = &a->in[i];
			prev_i = i;
		}
	}
}

/* One output's own fields. */
static void check_output(checker *c, const json_t *o, size_t i)
{
	static const char *const keys[] = {"file", "size", "sha256", NULL};
	const json_t *size = json_object_get(o, "size");
	char where[64];
	snprintf(where, sizeof(where), "outputs[%zu]", i);
	check_keys(c, o, where, keys, NULL);
	if (!json_is_integer(size) || json_integer_value(size) < 0)
		differs(c, "outputs[%zu].size: not a byte count", i);
}

/* The outputs' own fields (loading kept those with a fault); that each is produced, once, with these bytes, is co_audit_compare_outputs()'s part. */
static void check_outputs(checker *c, const json_t *root)
{
	const co_audit_reading *rd = c->a->reading;
	const json_t *outs = json_object_get(root, "outputs"), *rs = json_object_get(root, "result_sha256");
	char result[CO_SHA256_HEX] = "";
	if (!json_is_array(outs)) {
		differs(c, "outputs: missing, or not a list");
		return;
	}
	for (size_t k = 0; k < rd->nkout; k++)
		check_output(c, rd->kout[k].o, rd->kout[k].i);
	for (size_t i = 0; i < rd->nout && !result[0]; i++)
		if (!strcmp(out_name(rd, i), "result.json"))
			out_hex(rd, i, result);
	if (result[0] ? !json_is_string(rs) || strcmp(json_string_value(rs), result) != 0 : !json_is_null(rs))
		differs(c, "result_sha256: not the SHA-256 the record gives result.json");
}

int co_audit_check_record(const co_audit *a, co_diags *differences, co_diags *notes)
{
	static const char *const keys[] = {"format", "engine", "libraries", "options", "inputs", "outputs",
	                                   "result_sha256", "run", NULL};
	static const char *const run_keys[] = {"started", "wall_seconds", "note", NULL};
	if (!a->reading)
		return CO_EINVALID;
	checker c = {.a = a, .diffs = differences, .notes = notes};
	const json_t *root = a->reading->root, *run = json_object_get(root, "run");
	int lost = co_diags_failed(differences) || co_diags_failed(notes);
	check_keys(&c, root, "the record", keys, NULL);
	check_versions(&c, root);
	if (c.n >= 0)
		check_inputs(&c);
	if (c.n >= 0)
		check_options(&c, a->options);
	if (c.n >= 0)
		check_outputs(&c, root);
	if (c.n >= 0 && run) {
		check_keys(&c, run, "run", run_keys, NULL);
		if (json_is_object(run) && (!json_is_string(json_object_get(run, "started")) ||
		                            !json_is_number(json_object_get(run, "wall_seconds")) ||
		                            !json_is_string(json_object_get(run, "note"))))
			differs(&c, "run: started, wall_seconds and note are not a text, a number and a text");
	}
	if (c.n >= 0 && !lost && (co_diags_failed(differences) || co_diags_failed(notes)))
		return CO_ERROR;
	return c.n;
}

int co_audit_note_unchecked(const co_audit *a, co_diags *notes)
{
	if (!a->reading)
		return CO_EINVALID;
	int rc = co_diag_add(notes, a->reading->file, 1, 1,
	                     "not checked: %soptions.output, options.json, options.force and run (the run's time), "
	                     "which change no output",
	                     a->reading->opts.originals ? ""
	                                                : "the original files at their recorded paths, and options.cwd, "
	                                                  "which only finds them (replay --originals checks them); ");
	return rc ? CO_ERROR : 0;
}

/* ---- the inputs ------------------------------------------------------------------------------- */

/* One input's bundled copy, re-hashed: any difference is said without the digest of what was found. */
static int verify_copy(const co_audit *a, size_t i, int ifd, co_diags *differences, co_diags *notes)
{
	const input *x = &a->in[i];
	const copy_seen *seen = &a->reading->copy[i];
	copy_seen s = *seen;
	char sha[CO_SHA256_HEX], *copy = co_strdupf("%s/inputs/%s", a->dir, x->sha);
	int n = 1, rc = 0;
	long long limit = role_limit(x->role);
	if (!copy)
		return CO_ERROR;
	if (x->over_limit) {
		rc = co_diag_add(notes, x->path, 1, 1,
		                 "%lld bytes, over the limit of %lld for a bid file: recorded by its size and digest and not "
		                 "bundled; it is evaluated again as a file of its recorded size, which the engine rejects by "
		                 "its size alone",
		                 x->size, limit);
		free(copy);
		return rc ? CO_ERROR : 0;
	}
	if (seen->state == FOUND_FILE && (rc = hash_regular(&s, sha, ifd, x->sha, 1, limit))) {
		free(copy);
		return rc;
	}
	switch (s.state) {
	case FOUND_FILE:
		if (strcmp(sha, x->sha) != 0)
			co_diag_add(differences, x->path, 1, 1, "the bundled copy (%s) was changed: its SHA-256 is not the recorded one",
			            copy);
		else if (s.size != x->size)
			co_diag_add(differences, x->path, 1, 1, "the record gives its size as %lld bytes; the bundled copy (%s) is %lld",
			            x->size, copy, s.size);
		else
			n = 0;
		break;
	case FOUND_TOO_BIG:
		if (x->role == ROLE_BID && s.size == x->size) {
			co_diag_add(notes, x->path, 1, 1,
			            "the bundled copy (%s) is %lld bytes, over the limit of %lld for a bid file: its bytes are not "
			            "hashed, since the evaluation rejects it by its size alone",
			            copy, s.size, limit);
			n = 0;
		} else {
			co_diag_add(differences, x->path, 1, 1,
			            "the bundled copy (%s) is %lld bytes, over the engine's limit of %lld for a %s: not the "
			            "file that was evaluated",
			            copy, s.size, limit, role_word(x->role));
		}
		break;
	case FOUND_NOTHING:
		co_diag_add(differences, x->path, 1, 1, "the bundled copy (%s) is missing", copy);
		break;
	case FOUND_LINK:
		co_diag_add(differences, x->path, 1, 1,
		            "the bundled copy (%s) is a symbolic link, which replay does not follow out of the bundle", copy);
		break;
	case FOUND_SPECIAL:
		co_diag_add(differences, x->path, 1, 1,
		            "the bundled copy (%s) is not a regular file (a FIFO, a device or a folder): it is not read", copy);
		break;
	case FOUND_FOLDER_LINK:
		co_diag_add(differences, x->path, 1, 1,
		            "the bundled copy (%s) is not read: %s/inputs is a symbolic link, which replay does not follow",
		            copy, a->dir);
		break;
	case FOUND_FOLDER_FILE:
		co_diag_add(differences, x->path, 1, 1, "the bundled copy (%s) is not read: %s/inputs is not a folder", copy,
		            a->dir);
		break;
	case FOUND_UNREADABLE:
		co_diag_add(differences, x->path, 1, 1, "the bundled copy (%s) cannot be read: %s", copy, strerror(s.err));
		break;
	}
	free(copy);
	return n;
}

/*
 * The original at its recorded path (relative to the recorded working directory), only when the
 * auditor asks: it may be anything on this machine, so it is opened without waiting, only a
 * regular file within the role's limit is read, and no digest of it is ever printed (that would
 * tell anyone who can write a record the digest of any file the auditor can read).
 */
static int verify_original(const co_audit *a, size_t i, co_diags *differences, co_diags *notes)
{
	const input *x = &a->in[i];
	char sha[CO_SHA256_HEX], *orig = co_audit_resolve(a, x->path);
	long long limit = role_limit(x->role);
	copy_seen s;
	int n = 0;
	if (!orig)
		return CO_ERROR;
	int rc = hash_regular(&s, sha, AT_FDCWD, orig, 0, limit);
	free(orig);
	if (rc)
		return rc;
	if (!x->readable) {
		if (s.state == FOUND_FILE || s.state == FOUND_TOO_BIG) {
			co_diag_add(differences, x->path, 1, 1, "the original can now be read, but could not be at the evaluation");
			n = 1;
		}
		return n;
	}
	switch (s.state) {
	case FOUND_FILE:
		if (strcmp(sha, x->sha) != 0 || s.size != x->size) {
			co_diag_add(differences, x->path, 1, 1,
			            "the original was changed since the evaluation (it does not match the record); the bundled copy "
			            "is used");
			n = 1;
		}
		break;
	case FOUND_TOO_BIG:
		if (x->role == ROLE_BID && s.size == x->size) {
			co_diag_add(notes, x->path, 1, 1,
			            "the original is over the limit of %lld bytes for a bid file: only its size is compared", limit);
		} else {
			co_diag_add(differences, x->path, 1, 1,
			            "the original was changed since the evaluation (its size is not the recorded one); the bundled "
			            "copy is used");
			n = 1;
		}
		break;
	case FOUND_NOTHING:
		co_diag_add(notes, x->path, 1, 1, "the original is gone (moved or deleted); the bundled copy is used");
		break;
	case FOUND_UNREADABLE:
		co_diag_add(notes, x->path, 1, 1, "the original cannot be read (%s); the bundled copy is used", strerror(s.err));
		break;
	default:
		co_diag_add(differences, x->path, 1, 1, "the original is not a regular file; the bundled copy is used");
		n = 1;
		break;
	}
	return n;
}

/*
 * Every check is made or the whole fails: a copy that could not be hashed for want of memory is
 * CO_ERROR, never "missing", and a difference or note that could not be recorded is CO_ERROR,
 * never a count without its reason.
 */
int co_audit_verify_inputs(const co_audit *a, int originals, co_diags *differences, co_diags *notes)
{
	if (!a->reading)
		return CO_EINVALID;
	int n = 0, rc = 0, lost = co_diags_failed(differences) || co_diags_failed(notes), err;
	found folder;
	int dfd = open_dir(a), ifd = open_inputs(dfd, &folder, &err);
	for (size_t i = 0; i < a->nin && !rc; i++) {
		const input *x = &a->in[i];
		int k = 0;
		if (x->readable)
			k = verify_copy(a, i, ifd, differences, notes);
		else if (!originals)
			co_diag_add(notes, x->path, 1, 1,
			            "could not be read at the evaluation, so the bundle holds no copy: it is evaluated again as a "
			            "file that cannot be opened, and its original is not read (replay --originals reads it)");
		if (k >= 0 && originals) {
			int o = verify_original(a, i, differences, notes);
			k = o < 0 ? o : k + o;
		}
		if (k < 0)
			rc = k;
		else
			n += k;
	}
	if (ifd >= 0)
		close(ifd);
	if (dfd >= 0)
		close(dfd);
	if (!rc && !lost && (co_diags_failed(differences) || co_diags_failed(notes)))
		rc = CO_ERROR;
	return rc ? rc : n;
}

/* ---- the folder --------------------------------------------------------------------------- */

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int listed(const char *const *sorted, size_t n, const char *name)
{
	return n && bsearch(&name, sorted, n, sizeof(*sorted), cmp_str) != NULL;
}

/* The names in the folder fd (closed here), sorted; "." and ".." left out. */
static int list_dir(int fd, char ***out, size_t *n)
{
	DIR *d = fdopendir(fd);
	char **names = NULL;
	size_t cap = 0;
	int rc = 0;
	*out = NULL;
	*n = 0;
	if (!d) {
		int e = errno;
		close(fd);
		return co_errno_status(e) == CO_ERROR ? CO_ERROR : CO_EIO;
	}
	struct dirent *e;
	errno = 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			char **p = realloc(names, cap * sizeof(*p));
			if (!p) {
				rc = CO_ERROR;
				break;
			}
			names = p;
		}
		if (!(names[*n] = strdup(e->d_name))) {
			rc = CO_ERROR;
			break;
		}
		(*n)++;
		errno = 0;
	}
	if (!rc && errno)
		rc = co_errno_status(errno) == CO_ERROR ? CO_ERROR : CO_EIO;
	closedir(d);
	if (rc) {
		for (size_t i = 0; i < *n; i++)
			free(names[i]);
		free(names);
		*n = 0;
		return rc;
	}
	if (*n > 1)
		qsort(names, *n, sizeof(*names), cmp_str);
	*out = names;
	return 0;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The entries of sub (inputs/ or a folder of outputs) that are not among the sorted names it may hold. */
static int check_sub(const co_audit *a, int dfd, const char *sub, const char *const *allowed, size_t nallowed,
                     int with_prefix, co_diags *differences)
{
	char **names = NULL;
	size_t n = 0;
	int fd = openat(dfd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), extra = 0;
	if (fd < 0)
		return co_errno_status(errno) == CO_ERROR ? CO_ERROR : 0; /* a link or gone: said elsewhere */
	int rc = list_dir(fd, &names, &n);
	if (rc)
		return rc == CO_ERROR ? CO_ERROR : 0;
	for (size_t i = 0; i < n && !rc; i++) {
		char *full = co_strdupf("%s/%s", sub, names[i]);
		char *where = full ? co_strdupf("%s/%s", a->dir, full) : NULL;
		if (!where) {
			rc = CO_ERROR;
		} else if (!listed(allowed, nallowed, with_prefix ? full : names[i])) {
			co_diag_add(differences, where, 1, 1, "the record does not list this (an output folder holds only its evaluation)");
			extra++;
		}
		free(where);
		free(full);
	}
	free_names(names, n);
	return rc ? rc : extra;
}

/* The first of the sorted names that starts "dir/" (a binary search), or NULL. */
static const char **first_under(const char **sorted, size_t n, const char *dir, size_t len)
{
	size_t lo = 0, hi = n;
	while (lo < hi) { /* the first name not before "dir/" */
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(sorted[mid], dir, len);
		if (c < 0 || (c == 0 && (unsigned char)sorted[mid][len] < '/'))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strncmp(sorted[lo], dir, len) && sorted[lo][len] == '/' ? &sorted[lo] : NULL;
}

int co_audit_check_folder(const co_audit *a, co_diags *differences)
{
	if (!a->reading)
		return CO_EINVALID;
	const char **outs = calloc(a->reading->nout + 1, sizeof(*outs)), **shas = calloc(a->nin + 1, sizeof(*shas));
	char **names = NULL;
	size_t n = 0, nshas = 0;
	int extra = 0, rc = 0, lost = co_diags_failed(differences), dfd = open_dir(a);
	if (!outs || !shas) {
		rc = CO_ERROR;
		goto out;
	}
	if (dfd < 0) {
		rc = co_errno_status(errno) == CO_ERROR ? CO_ERROR : 0; /* the record was read from it; gone since */
		goto out;
	}
	for (size_t i = 0; i < a->reading->nout; i++)
		outs[i] = out_name(a->reading, i);
	for (size_t i = 0; i < a->nin; i++)
		if (a->in[i].readable && !a->in[i].over_limit) /* a bid over its limit has no copy */
			shas[nshas++] = a->in[i].sha;
	qsort(outs, a->reading->nout, sizeof(*outs), cmp_str);
	qsort(shas, nshas, sizeof(*shas), cmp_str);
	int fd = dup(dfd);
	if (fd < 0 || (rc = list_dir(fd, &names, &n))) {
		rc = rc == CO_EIO ? 0 : CO_ERROR;
		goto out;
	}
	for (size_t i = 0; i < n && rc >= 0; i++) {
		const char *e = names[i];
		size_t len = strlen(e);
		struct stat st;
		int dir = fstatat(dfd, e, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
		/* a folder of outputs: some output is named "e/..." (outs is sorted, so they are together) */
		const char **first = dir ? first_under(outs, a->reading->nout, e, len) : NULL;
		if (!strcmp(e, a->reading->name) || (!dir && listed(outs, a->reading->nout, e)))
			continue;
		if (dir && !strcmp(e, "inputs"))
			rc = check_sub(a, dfd, e, shas, nshas, 0, differences);
		else if (first)
			rc = check_sub(a, dfd, e, first, a->reading->nout - (size_t)(first - outs), 1, differences);
		else {
			char *where = co_strdupf("%s/%s", a->dir, e);
			if (where)
				co_diag_add(differences, where, 1, 1,
				            "the record does not list this (an output folder holds only its evaluation)");
			rc = where ? 1 : CO_ERROR;
			free(where);
		}
		if (rc > 0)
			extra += rc;
	}
out:
	if (dfd >= 0)
		close(dfd);
	free_names(names, n);
	free(outs);
	free(shas);
	if (rc >= 0 && !lost && co_diags_failed(differences))
		rc = CO_ERROR;
	return rc < 0 ? rc : extra;
}

/* ---- the outputs -------------------------------------------------------------------------- */

/*
 * The fresh outputs are compared as they are rendered, one piece at a time, so that none is ever
 * whole in memory: each is looked up among the recorded outputs by name (a sorted index, searched
 * by halves), its recorded file in the folder is opened once, and every piece is compared with the
 * same bytes of the file, read as it arrives, while the piece goes into the fresh output's digest.
 * What is found for each recorded output is kept beside it and said in the record's order at the
 * end, so that the differences come out in the order the whole-output comparison gave them.
 */

#define READ_PIECE (1 << 16) /* bytes of a recorded file read at a time */

/* An output inside the folder, "name" or "sub/name", opened with no link followed at either step. */
static int open_output(int *fd, copy_seen *s, int dfd, const char *name, long long limit)
{
	const char *slash = strchr(name, '/');
	*fd = -1;
	memset(s, 0, sizeof(*s));
	if (dfd < 0) {
		s->state = FOUND_NOTHING;
		return 0;
	}
	if (!slash)
		return open_regular(fd, s, dfd, name, 1, limit);
	char *sub = strndup(name, (size_t)(slash - name));
	if (!sub)
		return CO_ERROR;
	int sfd = openat(dfd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	free(sub);
	if (sfd < 0)
		return failed_with(s, errno);
	int rc = open_regular(fd, s, sfd, slash + 1, 1, limit);
	close(sfd);
	return rc;
}

/* What was found for one recorded output. */
typedef struct {
	int seen;       /* a fresh output of its name was compared with it */
	int count;      /* the differences found */
	co_diags *said; /* what they are, in order; NULL when none */
} rec_found;

/* The recorded file of one output, compared with the fresh bytes as they arrive. */
typedef struct {
	size_t rec;       /* its place in the record */
	int fd;           /* open while s.state is FOUND_FILE */
	copy_seen s;
	int differs;      /* the bytes differ from off on */
	int read_err;     /* errno of a read that failed, or 0 */
	long long off;    /* fresh bytes found the same in the file so far */
	int line, col;    /* where off is in the file (1-based) */
} target;

struct co_compare {
	const co_audit *a;
	co_diags *differences;
	int lost;        /* differences had already lost a line at the start */
	int dfd;         /* the folder, or -1 */
	int failed;      /* a negative co_status: nothing more is compared */
	size_t *index;   /* the recorded outputs' places, sorted by name */
	rec_found *rec;  /* by place in the record */
	co_diags *extra; /* the fresh outputs the record does not list once, in the order they came */
	int nextra;
	co_sha256 *sha;
	char *buf;       /* READ_PIECE bytes */
	/* The output begun and not yet ended. */
	int open;
	char *name;
	size_t len;      /* its bytes so far */
	target *t;
	size_t nt, capt;
	/*
	 * result.json, once it differs from a recorded file: the bytes from the first difference on
	 * (spill_from), kept so that the fields that differ can be named. The bytes before it are the
	 * file's own (spill_fd), so nothing is kept while the two agree. spill is -1 past
	 * CO_AUDIT_MAX_BYTES, when the fields are not named (the byte difference is still said).
	 */
	int is_result, spill, spill_fd;
	long long spill_from;
	char *tail;
	size_t ntail, captail;
};

static int cmp_rec(const void *x, const void *y, void *arg)
{
	const co_audit *a = arg;
	size_t i = *(const size_t *)x, k = *(const size_t *)y;
	int c = strcmp(out_name(a->reading, i), out_name(a->reading, k));
	return c ? c : (i > k) - (i < k);
}

/* The first place in the sorted index whose name is not before name. */
static size_t lower_bound(const co_compare *c, const char *name)
{
	size_t lo = 0, hi = c->a->reading->nout;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(out_name(c->a->reading, c->index[mid]), name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A difference of the recorded output rec, kept to be said in the record's order. */
__attribute__((format(printf, 5, 6))) static void found_for(co_compare *c, size_t rec, int line, int col,
                                                           const char *fmt, ...)
{
	rec_found *f = &c->rec[rec];
	char *path = co_strdupf("%s/%s", c->a->dir, out_name(c->a->reading, rec));
	va_list ap;
	if (!f->said)
		f->said = co_diags_new();
	if (!path || !f->said) {
		c->failed = CO_ERROR;
	} else {
		va_start(ap, fmt);
		if (co_diag_vadd(f->said, path, line, col, fmt, ap))
			c->failed = CO_ERROR;
		va_end(ap);
	}
	free(path);
}

static void close_targets(co_compare *c)
{
	for (size_t i = 0; i < c->nt; i++)
		if (c->t[i].fd >= 0)
			close(c->t[i].fd);
	c->nt = 0;
}

/* Where the file is after bytes it agreed with: lines and columns counted as the bytes go by. */
static void advance(target *t, const char *p, size_t n)
{
	const char *last = n ? memrchr(p, '\n', n) : NULL;
	if (!last) {
		t->col += (int)n;
	} else {
		for (const char *q = p; (q = memchr(q, '\n', (size_t)(last + 1 - q))); q++)
			t->line++;
		t->col = 1 + (int)(p + n - last - 1);
	}
	t->off += (long long)n;
}

/* Read up to want bytes (fewer only at the end of the file): the count, or -1 with errno set. */
static ssize_t read_full(int fd, char *buf, size_t want)
{
	size_t got = 0;
	while (got < want) {
		ssize_t r = read(fd, buf + got, want - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/*
 * One piece of fresh bytes against the same bytes of one recorded file, read now: a difference
 * stops the comparison of that file where it is found (its line and column are then known).
 */
static void compare_piece(co_compare *c, target *t, const char *data, size_t len)
{
	size_t done = 0;
	while (done < len && !t->differs && !t->read_err) {
		size_t want = len - done < READ_PIECE ? len - done : READ_PIECE;
		ssize_t got = read_full(t->fd, c->buf, want);
		if (got < 0) {
			t->read_err = errno;
			return;
		}
		size_t same = (size_t)got;
		if (memcmp(c->buf, data + done, (size_t)got) != 0)
			for (same = 0; c->buf[same] == data[done + same]; same++)
				;
		advance(t, data + done, same);
		done += same;
		if (same < want) /* a byte that differs, or the end of the file */
			t->differs = 1;
	}
}

/* Keep the fresh bytes of result.json from spill_from on (the piece at data holds bytes [at, at + len)). */
static void spill_piece(co_compare *c, const char *data, size_t len, long long at)
{
	if (c->spill != 1)
		return;
	size_t skip = c->spill_from > at ? (size_t)(c->spill_from - at) : 0;
	if (skip >= len)
		return;
	data += skip;
	len -= skip;
	if ((long long)(c->ntail + len) > CO_AUDIT_MAX_BYTES - c->spill_from) {
		c->spill = -1; /* too large to name its fields: the byte difference is still said */
		free(c->tail);
		c->tail = NULL;
		c->ntail = c->captail = 0;
		return;
	}
	if (c->ntail + len > c->captail) {
		size_t cap = c->captail ? c->captail : READ_PIECE;
		while (cap < c->ntail + len)
			cap *= 2;
		char *p = realloc(c->tail, cap);
		if (!p) {
			c->failed = CO_ERROR;
			return;
		}
		c->tail = p;
		c->captail = cap;
	}
	memcpy(c->tail + c->ntail, data, len);
	c->ntail += len;
}

/* Once result.json first differs from a recorded file, its bytes from there on are kept. */
static void start_spill(co_compare *c)
{
	if (!c->is_result || c->spill)
		return;
	for (size_t i = 0; i < c->nt; i++) {
		const target *t = &c->t[i];
		if (t->differs && (!c->spill || t->off < c->spill_from)) {
			c->spill = 1;
			c->spill_from = t->off;
			c->spill_fd = t->fd;
		}
	}
}

static int sink_begin(void *arg, const char *name)
{
	co_compare *c = arg;
	if (c->failed)
		return c->failed;
	if (c->open || !name) {
		c->failed = CO_ERROR;
		return c->failed;
	}
	size_t lo = lower_bound(c, name), hi = lo;
	while (hi < c->a->reading->nout && !strcmp(out_name(c->a->reading, c->index[hi]), name))
		hi++;
	if (hi - lo != 1) { /* said after the recorded outputs, as they come */
		int rc = hi == lo ? co_diag_add(c->extra, c->a->dir, 1, 1,
		                                "the record does not list %s, which this engine produces", name)
		                  : co_diag_add(c->extra, c->a->dir, 1, 1, "the record lists %s %zu times", name, hi - lo);
		c->nextra++;
		if (rc) {
			c->failed = CO_ERROR;
			return c->failed;
		}
	}
	if (hi - lo > c->capt) {
		target *p = realloc(c->t, (hi - lo) * sizeof(*p));
		if (!p) {
			c->failed = CO_ERROR;
			return c->failed;
		}
		c->t = p;
		c->capt = hi - lo;
	}
	if (!(c->name = strdup(name)) || co_sha256_init(c->sha)) {
		c->failed = CO_ERROR;
		return c->failed;
	}
	c->open = 1;
	c->len = 0;
	c->is_result = !strcmp(name, "result.json");
	c->spill = 0;
	c->spill_fd = -1;
	c->ntail = 0;
	for (size_t k = lo; k < hi; k++) {
		target *t = &c->t[c->nt];
		memset(t, 0, sizeof(*t));
		t->rec = c->index[k];
		t->line = t->col = 1;
		c->nt++;
		/* the comparison reads no more of the file than the fresh output's length and one byte */
		int rc = open_output(&t->fd, &t->s, c->dfd, name, LLONG_MAX);
		if (rc) {
			c->failed = rc;
			return c->failed;
		}
	}
	return 0;
}

static int sink_write(void *arg, const char *data, size_t len)
{
	co_compare *c = arg;
	if (c->failed)
		return c->failed;
	if (!c->open) {
		c->failed = CO_ERROR;
		return c->failed;
	}
	if (co_sha256_update(c->sha, data, len)) {
		c->failed = CO_ERROR;
		return c->failed;
	}
	for (size_t i = 0; i < c->nt; i++)
		if (c->t[i].s.state == FOUND_FILE)
			compare_piece(c, &c->t[i], data, len);
	start_spill(c);
	spill_piece(c, data, len, (long long)c->len);
	c->len += len;
	return c->failed;
}

/*
 * result.json differs: the recorded document (the file in the folder, the target's) and the fresh
 * one (the first spill_from bytes of the file that first differed, then the bytes kept) compared
 * as JSON, so that the bid and the score that changed are named. A file that is not JSON, or
 * that changed while it was compared, is left at its byte difference.
 */
static int name_changes(co_compare *c, const target *t, const char *path)
{
	char *buf = NULL, *now_text = NULL;
	size_t len = 0, nlen = (size_t)c->spill_from + c->ntail;
	json_t *recorded = NULL, *now = NULL;
	json_error_t err;
	int rc = 0, fd;
	if (c->spill != 1 || lseek(t->fd, 0, SEEK_SET) != 0)
		return 0;
	if ((fd = dup(t->fd)) < 0)
		return co_errno_status(errno) == CO_ERROR ? CO_ERROR : 0;
	rc = co_read_fd(fd, path, CO_AUDIT_MAX_BYTES, &buf, &len, NULL); /* closes fd */
	if (rc)
		return rc == CO_ERROR ? CO_ERROR : 0;
	if (!(now_text = malloc(nlen ? nlen : 1))) {
		free(buf);
		return CO_ERROR;
	}
	/* The bytes before the first difference are the file's, where the comparison found them. */
	for (size_t got = 0; got < (size_t)c->spill_from;) {
		ssize_t r = pread(c->spill_fd, now_text + got, (size_t)c->spill_from - got, (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			rc = CO_EIO;
			break;
		}
		got += (size_t)r;
	}
	if (c->ntail)
		memcpy(now_text + c->spill_from, c->tail, c->ntail);
	if (!rc)
		rc = co_json_load_sure(&recorded, buf, len, 0, &err);
	if (!rc)
		rc = co_json_load_sure(&now, now_text, nlen, 0, &err);
	if (!rc && co_result_diff(c->rec[t->rec].said, path, recorded, now, RESULT_DIFF_LINES) < 0)
		rc = CO_ERROR;
	json_decref(recorded);
	json_decref(now);
	free(buf);
	free(now_text);
	return rc == CO_ERROR ? CO_ERROR : 0;
}

/* What was found for one recorded file, said as the whole-output comparison said it. */
static int judge(co_compare *c, target *t, const char *sha)
{
	const co_audit_reading *rd = c->a->reading;
	const rec_out *r = &rd->out[t->rec];
	char rsha[CO_SHA256_HEX];
	int n = 0;
	out_hex(rd, t->rec, rsha);
	/* Both digests are of outputs (the record's and the engine's), never of a file found on disk. */
	if (strcmp(sha, rsha) != 0) {
		found_for(c, t->rec, 1, 1, "a fresh evaluation gives different bytes: SHA-256 %s, recorded %s", sha, rsha);
		n++;
	} else if (r->size != (long long)c->len) {
		found_for(c, t->rec, 1, 1, "the record gives its size as %lld bytes; it is %zu", r->size, c->len);
		n++;
	}
	switch (t->s.state) {
	case FOUND_FILE:
		break;
	case FOUND_NOTHING:
		found_for(c, t->rec, 1, 1, "the output file is missing");
		return n + 1;
	case FOUND_LINK:
		found_for(c, t->rec, 1, 1, "a symbolic link, which replay does not follow out of the folder");
		return n + 1;
	case FOUND_UNREADABLE:
		found_for(c, t->rec, 1, 1, "cannot be read: %s", strerror(t->s.err));
		return n + 1;
	default:
		found_for(c, t->rec, 1, 1, "not a regular file (a FIFO, a device or a folder): it is not read");
		return n + 1;
	}
	if (t->read_err) {
		found_for(c, t->rec, 1, 1, "cannot be read: %s", strerror(t->read_err));
		return n + 1;
	}
	if (!t->differs)
		return n;
	/* The file may still be the recorded one, with the fresh evaluation giving other bytes. */
	char fsha[CO_SHA256_HEX];
	long long size;
	int rc = lseek(t->fd, 0, SEEK_SET) == 0 ? co_sha256_fd_max(t->fd, CO_STRBUF_MAX, fsha, &size) : CO_EIO;
	if (rc == CO_ERROR) {
		c->failed = CO_ERROR;
		return n;
	}
	if (rc == 0 && !strcmp(fsha, rsha))
		found_for(c, t->rec, t->line, t->col, "the file is as recorded; a fresh evaluation differs from here");
	else
		found_for(c, t->rec, t->line, t->col, "the file differs from the recorded evaluation from here (it was edited)");
	if (c->is_result && !c->failed) {
		char *path = co_strdupf("%s/%s", c->a->dir, out_name(rd, t->rec));
		if (!path || (rc = name_changes(c, t, path)))
			c->failed = CO_ERROR;
		free(path);
	}
	return n + 1;
}

static int sink_end(void *arg)
{
	co_compare *c = arg;
	char sha[CO_SHA256_HEX];
	if (c->failed)
		return c->failed;
	if (!c->open) {
		c->failed = CO_ERROR;
		return c->failed;
	}
	if (co_sha256_final(c->sha, sha)) {
		c->failed = CO_ERROR;
		return c->failed;
	}
	/* A file with more bytes than the fresh output differs where the fresh output ends. */
	for (size_t i = 0; i < c->nt; i++) {
		target *t = &c->t[i];
		if (t->s.state != FOUND_FILE || t->differs || t->read_err)
			continue;
		ssize_t got = read_full(t->fd, c->buf, 1);
		if (got < 0)
			t->read_err = errno;
		else if (got > 0)
			t->differs = 1;
	}
	start_spill(c);
	/* The last fresh output of a name is the one its recorded outputs are judged by. */
	for (size_t i = 0; i < c->nt && !c->failed; i++) {
		rec_found *f = &c->rec[c->t[i].rec];
		co_diags_free(f->said);
		f->said = NULL;
		f->seen = 1;
		f->count = 0;
	}
	for (size_t i = 0; i < c->nt && !c->failed; i++)
		c->rec[c->t[i].rec].count = judge(c, &c->t[i], sha);
	close_targets(c);
	free(c->name);
	c->name = NULL;
	c->open = 0;
	c->spill = 0;
	c->ntail = 0;
	return c->failed;
}

int co_audit_compare_begin(const co_audit *a, co_diags *differences, co_compare **out)
{
	*out = NULL;
	if (!a->reading)
		return CO_EINVALID;
	co_compare *c = calloc(1, sizeof(*c));
	if (!c)
		return CO_ERROR;
	c->a = a;
	c->differences = differences;
	c->lost = co_diags_failed(differences);
	c->dfd = open_dir(a);
	c->spill_fd = -1;
	if (c->dfd < 0 && co_errno_status(errno) == CO_ERROR) {
		co_audit_compare_free(c);
		return CO_ERROR;
	}
	c->index = malloc((a->reading->nout + 1) * sizeof(*c->index));
	c->rec = calloc(a->reading->nout + 1, sizeof(*c->rec));
	c->extra = co_diags_new();
	c->sha = co_sha256_new();
	c->buf = malloc(READ_PIECE);
	if (!c->index || !c->rec || !c->extra || !c->sha || !c->buf) {
		co_audit_compare_free(c);
		return CO_ERROR;
	}
	for (size_t i = 0; i < a->reading->nout; i++)
		c->index[i] = i;
	qsort_r(c->index, a->reading->nout, sizeof(*c->index), cmp_rec, (void *)a);
	*out = c;
	return 0;
}

void co_audit_compare_sink(co_compare *c, co_output_sink *sink)
{
	*sink = (co_output_sink){.begin = sink_begin, .write = sink_write, .end = sink_end, .arg = c};
}

int co_audit_compare_finish(co_compare *c)
{
	const co_audit *a = c->a;
	int diff = 0;
	if (c->failed)
		return c->failed;
	if (c->open) /* an output begun and never ended was not compared whole */
		return CO_ERROR;
	for (size_t i = 0; i < a->reading->nout && diff >= 0; i++) {
		const rec_found *f = &c->rec[i];
		if (!f->seen) {
			char *path = co_strdupf("%s/%s", a->dir, out_name(a->reading, i));
			if (!path)
				diff = CO_ERROR;
			else
				co_diag_add(c->differences, path, 1, 1, "the record lists an output this engine does not produce");
			free(path);
			diff = diff < 0 ? diff : diff + 1;
			continue;
		}
		if (f->said && co_diags_append(c->differences, f->said))
			diff = CO_ERROR;
		else
			diff += f->count;
	}
	if (diff >= 0 && co_diags_append(c->differences, c->extra))
		diff = CO_ERROR;
	if (diff >= 0)
		diff += c->nextra;
	/* A difference that could not be recorded: the count alone would not say what differs. */
	return diff >= 0 && !c->lost && co_diags_failed(c->differences) ? CO_ERROR : diff;
}

void co_audit_compare_free(co_compare *c)
{
	if (!c)
		return;
	close_targets(c);
	if (c->dfd >= 0)
		close(c->dfd);
	for (size_t i = 0; c->rec && i < c->a->reading->nout; i++)
		co_diags_free(c->rec[i].said);
	free(c->rec);
	free(c->index);
	free(c->t);
	free(c->name);
	free(c->tail);
	free(c->buf);
	co_diags_free(c->extra);
	co_sha256_free(c->sha);
	free(c);
}

int co_audit_compare_outputs(const co_audit *a, const co_output *outputs, size_t n, co_diags *differences)
{
	co_compare *c = NULL;
	co_output_sink sink;
	int rc = co_audit_compare_begin(a, differences, &c);
	if (rc)
		return rc;
	co_audit_compare_sink(c, &sink);
	for (size_t i = 0; i < n && !rc; i++) {
		rc = sink.begin(sink.arg, outputs[i].name);
		for (size_t off = 0; !rc && off < outputs[i].len;) { /* in the renderer's pieces */
			size_t piece = outputs[i].len - off < READ_PIECE ? outputs[i].len - off : READ_PIECE;
			rc = sink.write(sink.arg, outputs[i].data + off, piece);
			off += piece;
		}
		if (!rc)
			rc = sink.end(sink.arg);
	}
	if (!rc)
		rc = co_audit_compare_finish(c);
	co_audit_compare_free(c);
	return rc;
}
