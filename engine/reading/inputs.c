/* Bid inputs: files and directories from the command line, expanded to a sorted file list. */
#include "calloff/inputs.h"
#include "base/diag.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CO_PATHS_MAX 1000000 /* most bid files one evaluation reads */

typedef struct {
	char *path;    /* as given, or as found in a directory */
	char *source;  /* where the bytes are read from (NULL: path) */
	char **same;   /* the other names given for the same file, in byte order (NULL: none) */
	size_t nsame;
} entry;

struct co_paths {
	entry *p;
	size_t n, cap;
};

/* Takes ownership of path and source. */
static int add(co_paths *ps, char *path, char *source)
{
	if (!path) {
		free(source);
		return CO_ERROR;
	}
	if (ps->n >= CO_PATHS_MAX) {
		free(path);
		free(source);
		return CO_ETOOBIG;
	}
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 64;
		entry *p = realloc(ps->p, cap * sizeof(*p));
		if (!p) {
			free(path);
			free(source);
			return CO_ERROR;
		}
		ps->p = p;
		ps->cap = cap;
	}
	ps->p[ps->n++] = (entry){.path = path, .source = source};
	return 0;
}

static void free_entry(entry *e)
{
	free(e->path);
	free(e->source);
	for (size_t k = 0; k < e->nsame; k++)
		free(e->same[k]);
	free(e->same);
}

/* A directory's .xml name, and whether its listing already says it is a regular file. */
typedef struct {
	char *name;
	int regular;
} listed;

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const listed *)a)->name, ((const listed *)b)->name);
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->path, ((const entry *)b)->path);
}

/* Sorted by path, and the same path given twice kept once, so argument order never matters. */
static void sort_unique(co_paths *ps)
{
	if (ps->n == 0)
		return;
	qsort(ps->p, ps->n, sizeof(*ps->p), cmp_entry);
	size_t k = 0;
	for (size_t i = 0; i < ps->n; i++) {
		if (k > 0 && strcmp(ps->p[k - 1].path, ps->p[i].path) == 0) {
			free_entry(&ps->p[i]);
		} else {
			ps->p[k++] = ps->p[i];
		}
	}
	ps->n = k;
}

/* A file's identity and its entry's position (which is byte order of path after sort_unique). */
typedef struct {
	dev_t dev;
	ino_t ino;
	size_t at;
} identity;

static int cmp_identity(const void *a, const void *b)
{
	const identity *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/*
 * The same file given under two names (two spellings, a link, a hard link) is one bid: it is
 * kept under the first name in byte order, and the other names are kept beside it for the
 * record (co_paths_same_file). A file is known by its device and inode, following links; a
 * path that cannot be looked at (gone, no permission) is kept as it is, to be rejected when it
 * is read. Runs after sort_unique, so the list is in byte order of path.
 */
static int merge_same_files(co_paths *ps)
{
	identity *ids = NULL;
	size_t nk = 0;
	int rc = 0, merged = 0;
	if (ps->n < 2)
		return 0;
	if (!(ids = malloc(ps->n * sizeof(*ids))))
		return CO_ERROR;
	for (size_t i = 0; i < ps->n; i++) {
		struct stat st;
		if (stat(ps->p[i].path, &st) == 0)
			ids[nk++] = (identity){.dev = st.st_dev, .ino = st.st_ino, .at = i};
	}
	qsort(ids, nk, sizeof(*ids), cmp_identity);
	for (size_t g = 0; g < nk && !rc;) {
		size_t h = g + 1;
		while (h < nk && ids[h].dev == ids[g].dev && ids[h].ino == ids[g].ino)
			h++;
		if (h - g > 1) {
			entry *first = &ps->p[ids[g].at];
			if (!(first->same = calloc(h - g - 1, sizeof(char *)))) {
				rc = CO_ERROR;
				break;
			}
			for (size_t k = g + 1; k < h; k++) {
				entry *other = &ps->p[ids[k].at];
				first->same[first->nsame++] = other->path;
				other->path = NULL; /* moved: the entry is dropped below */
				merged = 1;
			}
		}
		g = h;
	}
	free(ids);
	if (merged) { /* drop the entries whose name moved, keeping the order */
		size_t k = 0;
		for (size_t i = 0; i < ps->n; i++) {
			if (ps->p[i].path)
				ps->p[k++] = ps->p[i];
			else
				free_entry(&ps->p[i]);
		}
		ps->n = k;
	}
	return rc;
}

static int add_dir(co_paths *ps, const char *dir, co_diags *diags)
{
	DIR *d = opendir(dir);
	listed *names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	if (!d) {
		int e = errno;
		if (co_errno_status(e) == CO_ERROR)
			return CO_ERROR;
		co_diag_add(diags, dir, 1, 1, "cannot read directory: %s", strerror(e));
		return CO_EIO;
	}
	struct dirent *de;
	errno = 0;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".xml") != 0)
			continue;
		/* A regular file is known from the directory alone; a link or an unknown type is looked at below. */
		if (de->d_type != DT_REG && de->d_type != DT_LNK && de->d_type != DT_UNKNOWN)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			listed *p = realloc(names, cap * sizeof(*p));
			if (!p) {
				rc = CO_ERROR;
				goto out;
			}
			names = p;
		}
		if (!(names[n].name = strdup(de->d_name))) {
			rc = CO_ERROR;
			goto out;
		}
		names[n++].regular = de->d_type == DT_REG;
		errno = 0;
	}
	if (errno) { /* a listing cut short would leave bids out */
		co_diag_add(diags, dir, 1, 1, "cannot read directory: %s", strerror(errno));
		rc = CO_EIO;
		goto out;
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_name);
	size_t dl = strlen(dir);
	int slash = dl > 0 && dir[dl - 1] == '/';
	for (size_t i = 0; i < n && !rc; i++) {
		char *full = co_strdupf("%s%s%s", dir, slash ? "" : "/", names[i].name);
		struct stat st;
		/* Only regular files (following links): a sub-directory called x.xml is skipped. */
		if (full && !names[i].regular && stat(full, &st) == 0 && !S_ISREG(st.st_mode)) {
			free(full);
			continue;
		}
		rc = add(ps, full, NULL);
	}
out:
	for (size_t i = 0; i < n; i++)
		free(names[i].name);
	free(names);
	closedir(d);
	return rc;
}

int co_paths_expand(co_paths **out, const char *const *args, size_t n, co_diags *diags)
{
	co_paths *ps = calloc(1, sizeof(*ps));
	int rc = 0, failed = 0, lost = co_diags_failed(diags);
	*out = NULL;
	if (!ps)
		return CO_ERROR;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct stat st;
		if (stat(args[i], &st) != 0) {
			co_diag_add(diags, args[i], 1, 1, "cannot read: %s", strerror(errno));
			failed = 1;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			int r = add_dir(ps, args[i], diags);
			if (r == CO_EIO)
				failed = 1;
			else
				rc = r;
		} else {
			/* A file given by name is evaluated whatever it is: a bad one becomes a rejected bid. */
			rc = add(ps, strdup(args[i]), NULL);
		}
	}
	if (!rc && failed)
		rc = CO_EIO;
	if (!lost && co_diags_failed(diags)) /* a problem that could not be reported */
		rc = CO_ERROR;
	if (!rc) {
		sort_unique(ps);
		rc = merge_same_files(ps);
	}
	if (rc) {
		co_paths_free(ps);
		return rc;
	}
	*out = ps;
	return 0;
}

int co_paths_new(co_paths **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : CO_ERROR;
}

/* Inserted in place (binary search), so the list stays sorted and unique without re-sorting. */
int co_paths_add(co_paths *ps, const char *path, const char *source)
{
	size_t lo = 0, hi = ps->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(ps->p[mid].path, path);
		if (c == 0)
			return 0; /* already listed */
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	char *s = NULL;
	if (source && !(s = strdup(source)))
		return CO_ERROR;
	int rc = add(ps, strdup(path), s);
	if (rc)
		return rc;
	entry e = ps->p[ps->n - 1];
	memmove(&ps->p[lo + 1], &ps->p[lo], (ps->n - 1 - lo) * sizeof(*ps->p));
	ps->p[lo] = e;
	return 0;
}

size_t co_paths_count(const co_paths *ps)
{
	return ps ? ps->n : 0;
}

const char *co_paths_at(const co_paths *ps, size_t i)
{
	return ps && i < ps->n ? ps->p[i].path : NULL;
}

const char *co_paths_same_file(const co_paths *ps, size_t i, size_t k)
{
	return ps && i < ps->n && k < ps->p[i].nsame ? ps->p[i].same[k] : NULL;
}

const char *co_paths_source(const co_paths *ps, size_t i)
{
	return ps && i < ps->n ? (ps->p[i].source ? ps->p[i].source : ps->p[i].path) : NULL;
}

void co_paths_free(co_paths *ps)
{
	if (!ps)
		return;
	for (size_t i = 0; i < ps->n; i++)
		free_entry(&ps->p[i]);
	free(ps->p);
	free(ps);
}
