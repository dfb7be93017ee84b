/* The bid files of an evaluation: paths from the command line, expanded, sorted and each file once. */
#ifndef CALLOFF_INPUTS_H
#define CALLOFF_INPUTS_H

#include <stddef.h>
#include "calloff/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A list of bid file paths, expanded from the command line. */
typedef struct co_paths co_paths;

/**
 * Expand files and directories into the list of bid files to evaluate.
 *
 * A directory contributes every regular file whose name ends in ".xml"
 * (not recursive). A file is taken as given, whatever its name. The list is
 * sorted in byte order of path, and the same path given twice is kept once,
 * so the order of the arguments never changes a result. The same file given
 * under two names (two spellings of its path, a symbolic or hard link to it),
 * known by its device and inode, is one entry too: it is listed under the first
 * of its names in byte order, and co_paths_same_file() gives the others.
 *
 * @param out   receives the list; the caller frees it with co_paths_free()
 * @param args  the paths as given
 * @param n     number of paths
 * @param diags receives a diagnostic for each path that cannot be read
 * @return 0, or CO_EIO when a path does not exist or a directory cannot be read
 */
int co_paths_expand(co_paths **out, const char *const *args, size_t n, co_diags *diags);

/**
 * Create an empty path list, to be filled with co_paths_add().
 * @return 0 or CO_ERROR; free the list with co_paths_free()
 */
int co_paths_new(co_paths **out);

/**
 * Add one bid file: @p path is the name recorded in the result, and the bytes
 * are read from @p source (a copy, such as an evaluation bundle's), or from
 * @p path when @p source is NULL. The list stays sorted by path, each path once.
 * @return 0 or CO_ERROR
 */
int co_paths_add(co_paths *paths, const char *path, const char *source);

/** @return the number of paths. */
size_t co_paths_count(const co_paths *paths);

/** @return the i-th path, borrowed from @p paths. */
const char *co_paths_at(const co_paths *paths, size_t i);

/**
 * The other names under which the i-th file was given (co_paths_expand()), in byte order.
 * @return the k-th of them, borrowed from @p paths, or NULL past the last
 */
const char *co_paths_same_file(const co_paths *paths, size_t i, size_t k);

/** @return where the i-th file's bytes are read from, borrowed from @p paths. */
const char *co_paths_source(const co_paths *paths, size_t i);

/** Free a path list; NULL is accepted. */
void co_paths_free(co_paths *paths);

#ifdef __cplusplus
}
#endif
#endif
