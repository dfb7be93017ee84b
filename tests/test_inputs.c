/* Bid inputs: folders give their *.xml files in byte order, each path once, and a missing path is an input error. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "helpers.h"

/* The paths of a list, each with the folder prefix cut, joined by spaces (static). */
static const char *names(const co_paths *p, const char *dir)
{
	static char buf[4096];
	size_t dl = strlen(dir), o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < co_paths_count(p); i++) {
		const char *s = co_paths_at(p, i);
		if (strncmp(s, dir, dl) == 0 && s[dl] == '/')
			s += dl + 1;
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", i ? " " : "", s);
	}
	return buf;
}

static co_paths *expand(const char *const *args, size_t n, co_diags *d)
{
	co_paths *p = NULL;
	int rc = co_paths_expand(&p, args, n, d);
	cr_assert_eq(rc, 0, "expand: %d\n%s", rc, d ? t_diags_text(d) : "");
	return p;
}

Test(inputs, a_folder_gives_its_xml_files_in_byte_order_of_name)
{
	const char *d = t_dir();
	/* Byte order, whatever the locale: digits < upper case < '_' < lower case < UTF-8 ('é' is 0xC3 0xA9). */
	static const char *files[] = {"b.xml", "a.xml", "\xC3\xA9t\xC3\xA9.xml", "B.xml", "_z.xml", "9.xml", "10.xml"};
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		t_write(d, files[i], "<bid/>");
	/* Not bids: another extension, the extension in capitals, a bare ".xml", a folder called x.xml. */
	t_write(d, "notes.txt", "x");
	t_write(d, "upper.XML", "x");
	t_write(d, ".xml", "x");
	t_write(d, "folder.xml/inner.xml", "<bid/>");
	/*
	 * A link to a file counts as the file, so link.xml, a link to a.xml, is a.xml given twice and
	 * counts once, under a.xml, the first name in byte order (issue 18 item 6); a link to a folder
	 * is not a bid file.
	 */
	char target[600], link[600];
	snprintf(target, sizeof(target), "%s/a.xml", d);
	snprintf(link, sizeof(link), "%s/link.xml", d);
	cr_assert_eq(symlink(target, link), 0);
	snprintf(target, sizeof(target), "%s/folder.xml", d);
	snprintf(link, sizeof(link), "%s/dirlink.xml", d);
	cr_assert_eq(symlink(target, link), 0);
	const char *args[] = {d};
	co_paths *p = expand(args, 1, NULL);
	cr_assert_str_eq(names(p, d), "10.xml 9.xml B.xml _z.xml a.xml b.xml \xC3\xA9t\xC3\xA9.xml");
	cr_assert_eq(co_paths_count(p), 7);
	co_paths_free(p);
}

Test(inputs, a_folder_with_or_without_its_slash_gives_the_same_paths)
{
	const char *d = t_dir();
	t_write(d, "one.xml", "<bid/>");
	char slashed[600];
	snprintf(slashed, sizeof(slashed), "%s/", d);
	const char *a1[] = {d}, *a2[] = {slashed};
	co_paths *p1 = expand(a1, 1, NULL), *p2 = expand(a2, 1, NULL);
	cr_assert_eq(co_paths_count(p1), 1);
	cr_assert_eq(co_paths_count(p2), 1);
	cr_assert_str_eq(co_paths_at(p1, 0), co_paths_at(p2, 0), "no doubled slash");
	co_paths_free(p1);
	co_paths_free(p2);
}

Test(inputs, the_same_path_given_twice_is_read_once)
{
	const char *d = t_dir();
	t_write(d, "a.xml", "<bid/>");
	t_write(d, "b.xml", "<bid/>");
	char a[600];
	snprintf(a, sizeof(a), "%s/a.xml", d);
	/* The file by name, twice, and its folder (which lists it again), with and without a slash. */
	char slashed[600];
	snprintf(slashed, sizeof(slashed), "%s/", d);
	const char *args[] = {a, d, a, slashed};
	co_paths *p = expand(args, 4, NULL);
	cr_assert_str_eq(names(p, d), "a.xml b.xml");
	co_paths_free(p);
}

Test(inputs, the_order_of_the_arguments_never_changes_the_list)
{
	const char *d1 = t_dir(), *d2 = t_dir();
	t_write(d1, "m.xml", "<bid/>");
	t_write(d1, "c.xml", "<bid/>");
	t_write(d2, "k.xml", "<bid/>");
	char f[600];
	snprintf(f, sizeof(f), "%s/z-by-name.bid", d2); /* a file given by name is read whatever its extension */
	t_write(d2, "z-by-name.bid", "<bid/>");
	const char *orders[][3] = {{d1, d2, f}, {f, d2, d1}, {d2, f, d1}};
	co_paths *first = expand(orders[0], 3, NULL);
	cr_assert_eq(co_paths_count(first), 4, "three in folders and one by name");
	for (size_t k = 1; k < 3; k++) {
		co_paths *p = expand(orders[k], 3, NULL);
		cr_assert_eq(co_paths_count(p), co_paths_count(first));
		for (size_t i = 0; i < co_paths_count(p); i++)
			cr_assert_str_eq(co_paths_at(p, i), co_paths_at(first, i), "order %zu, path %zu", k, i);
		co_paths_free(p);
	}
	for (size_t i = 1; i < co_paths_count(first); i++)
		cr_assert_lt(strcmp(co_paths_at(first, i - 1), co_paths_at(first, i)), 0, "sorted by path");
	co_paths_free(first);
}

Test(inputs, a_missing_path_is_an_input_error_naming_each_one)
{
	const char *d = t_dir();
	t_write(d, "good.xml", "<bid/>");
	char good[600], missing1[600], missing2[600];
	snprintf(good, sizeof(good), "%s/good.xml", d);
	snprintf(missing1, sizeof(missing1), "%s/typo.xml", d);
	snprintf(missing2, sizeof(missing2), "%s/no-such-folder", d);
	const char *args[] = {missing1, good, missing2};
	co_diags *diags = co_diags_new();
	co_paths *p = (co_paths *)1;
	cr_assert_eq(co_paths_expand(&p, args, 3, diags), CO_EIO, "not a rejected bid: the run stops");
	cr_assert_null(p, "no list on failure");
	cr_assert_eq(co_diags_count(diags), 2, "both missing paths are reported:\n%s", t_diags_text(diags));
	char want[700];
	snprintf(want, sizeof(want), "%s:1:1: cannot read: No such file or directory", missing1);
	cr_assert_str_eq(co_diags_at(diags, 0), want);
	snprintf(want, sizeof(want), "%s:1:1: cannot read: No such file or directory", missing2);
	cr_assert_str_eq(co_diags_at(diags, 1), want);
	co_diags_free(diags);
}

Test(inputs, an_empty_folder_gives_an_empty_list)
{
	const char *d = t_dir();
	const char *args[] = {d};
	co_paths *p = expand(args, 1, NULL);
	cr_assert_not_null(p);
	cr_assert_eq(co_paths_count(p), 0);
	cr_assert_null(co_paths_at(p, 0), "past the end is NULL");
	co_paths_free(p);
}

Test(inputs, paths_added_one_by_one_stay_sorted_unique_and_keep_their_source)
{
	co_paths *p = NULL;
	cr_assert_eq(co_paths_new(&p), 0);
	cr_assert_eq(co_paths_add(p, "bids/c.xml", "/bundle/ccc"), 0);
	cr_assert_eq(co_paths_add(p, "bids/a.xml", NULL), 0);
	cr_assert_eq(co_paths_add(p, "bids/b.xml", "/bundle/bbb"), 0);
	cr_assert_eq(co_paths_add(p, "bids/a.xml", "/bundle/other"), 0, "a path already listed is kept once");
	cr_assert_eq(co_paths_count(p), 3);
	cr_assert_str_eq(co_paths_at(p, 0), "bids/a.xml");
	cr_assert_str_eq(co_paths_at(p, 1), "bids/b.xml");
	cr_assert_str_eq(co_paths_at(p, 2), "bids/c.xml");
	cr_assert_str_eq(co_paths_source(p, 0), "bids/a.xml", "no source: read from the path itself");
	cr_assert_str_eq(co_paths_source(p, 1), "/bundle/bbb");
	cr_assert_str_eq(co_paths_source(p, 2), "/bundle/ccc");
	co_paths_free(p);
	co_paths_free(NULL);
}

Test(inputs, more_paths_than_one_allocation_are_all_kept_in_order)
{
	/* 300 files: the list grows past its first 64 entries several times. */
	const char *d = t_dir();
	for (int i = 299; i >= 0; i--) {
		char name[32];
		snprintf(name, sizeof(name), "bid-%03d.xml", i);
		t_write(d, name, "<bid/>");
	}
	const char *args[] = {d};
	co_paths *p = expand(args, 1, NULL);
	cr_assert_eq(co_paths_count(p), 300);
	for (size_t i = 0; i < 300; i++) {
		char want[640];
		snprintf(want, sizeof(want), "%s/bid-%03zu.xml", d, i);
		cr_assert_str_eq(co_paths_at(p, i), want);
	}
	co_paths_free(p);
}
