/* Input files: sizes checked before reading, only regular files, and every refusal located at PATH:1:1. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "base/readfile.h"
#include "helpers.h"

Test(readfile, a_file_is_read_whole_and_nul_terminated)
{
	const char *d = t_dir();
	char path[600];
	snprintf(path, sizeof(path), "%s", t_write(d, "a.xml", "<bid>\n\xC3\xA9</bid>\n"));
	char *buf = NULL;
	size_t len = 0;
	cr_assert_eq(co_read_file(path, NULL, 1000, &buf, &len, NULL), 0);
	cr_assert_eq(len, 15);
	cr_assert_eq(memcmp(buf, "<bid>\n\xC3\xA9</bid>\n", 15), 0);
	cr_assert_eq(buf[len], '\0');
	free(buf);
}

Test(readfile, the_bytes_come_from_read_from_and_the_name_from_path)
{
	const char *d = t_dir();
	char copy[600];
	snprintf(copy, sizeof(copy), "%s", t_write(d, "copy", "from the bundle"));
	char *buf = NULL;
	size_t len = 0;
	cr_assert_eq(co_read_file("bids/original.xml", copy, 1000, &buf, &len, NULL), 0);
	cr_assert_str_eq(buf, "from the bundle");
	free(buf);
	/* A missing copy is named as the original in the diagnostic. */
	co_diags *diags = co_diags_new();
	char missing[640];
	snprintf(missing, sizeof(missing), "%s/gone", d);
	cr_assert_eq(co_read_file("bids/original.xml", missing, 1000, &buf, &len, diags), CO_EIO);
	cr_assert_null(buf);
	cr_assert_str_eq(co_diags_at(diags, 0), "bids/original.xml:1:1: cannot open: No such file or directory");
	co_diags_free(diags);
}

Test(readfile, a_file_over_the_limit_is_refused_before_it_is_read)
{
	const char *d = t_dir();
	char path[600];
	snprintf(path, sizeof(path), "%s", t_write(d, "big.xml", "0123456789A")); /* 11 bytes */
	co_diags *diags = co_diags_new();
	char *buf = (char *)1;
	size_t len = 99;
	cr_assert_eq(co_read_file(path, NULL, 10, &buf, &len, diags), CO_ETOOBIG);
	cr_assert_null(buf);
	cr_assert_eq(len, 0);
	char want[700];
	snprintf(want, sizeof(want), "%s:1:1: file is 11 bytes, larger than the limit of 10 bytes", path);
	cr_assert_str_eq(co_diags_at(diags, 0), want);
	/* Exactly at the limit is read. */
	cr_assert_eq(co_read_file(path, NULL, 11, &buf, &len, NULL), 0);
	cr_assert_eq(len, 11);
	free(buf);
	co_diags_free(diags);
}

Test(readfile, an_empty_file_and_a_folder_are_refused_with_their_own_status)
{
	const char *d = t_dir();
	char empty[600], folder[640];
	snprintf(empty, sizeof(empty), "%s", t_write(d, "empty.xml", ""));
	snprintf(folder, sizeof(folder), "%s/folder.xml", d);
	cr_assert_eq(mkdir(folder, 0777), 0);
	co_diags *diags = co_diags_new();
	char *buf = NULL;
	size_t len = 0;
	cr_assert_eq(co_read_file(empty, NULL, 100, &buf, &len, diags), CO_EINVALID);
	cr_assert_eq(co_read_file(folder, NULL, 100, &buf, &len, diags), CO_EIO);
	cr_assert_eq(co_diags_count(diags), 2);
	char want[700];
	snprintf(want, sizeof(want), "%s:1:1: empty file", empty);
	cr_assert_str_eq(co_diags_at(diags, 0), want);
	snprintf(want, sizeof(want), "%s:1:1: not a regular file", folder);
	cr_assert_str_eq(co_diags_at(diags, 1), want);
	co_diags_free(diags);
}

Test(readfile, open_file_makes_the_same_checks_and_gives_the_size)
{
	const char *d = t_dir();
	char path[600];
	snprintf(path, sizeof(path), "%s", t_write(d, "m.xml", "<marks/>"));
	FILE *f = NULL;
	long size = 0;
	cr_assert_eq(co_open_file(&f, path, NULL, 100, &size, NULL), 0);
	cr_assert_not_null(f);
	cr_assert_eq(size, 8);
	char got[16] = "";
	cr_assert_eq(fread(got, 1, sizeof(got), f), 8);
	cr_assert_str_eq(got, "<marks/>");
	fclose(f);
	f = (FILE *)1;
	cr_assert_eq(co_open_file(&f, path, NULL, 7, &size, NULL), CO_ETOOBIG);
	cr_assert_null(f, "nothing open on failure");
}
