/* Output files are written atomically: a failed write leaves the previous file as it was. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include "base/outfile.h"
#include "helpers.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void count_step(void *arg)
{
	(*(int *)arg)++;
}

static int entries(const char *dir)
{
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

Test(output, writes_the_file_and_creates_directories)
{
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/a/b", t_dir());
	cr_assert_eq(co_output_mkdir(dir, NULL), 0);
	cr_assert_eq(co_output_write(dir, "result.json", "{}\n", 3, NULL), 0);
	char path[600];
	snprintf(path, sizeof(path), "%s/result.json", dir);
	cr_assert_str_eq(slurp(path), "{}\n");
	cr_assert_eq(entries(dir), 1, "no temporary file is left behind");
}

Test(output, a_failed_write_keeps_the_previous_file)
{
	const char *dir = t_dir();
	char path[600], big[4096];
	snprintf(path, sizeof(path), "%s/result.json", dir);
	cr_assert_eq(co_output_write(dir, "result.json", "old\n", 4, NULL), 0);
	/* Make any write beyond 16 bytes fail, as a full disk would. */
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit rl = {16, 16};
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
	memset(big, 'x', sizeof(big));
	co_diags *d = co_diags_new();
	cr_assert_eq(co_output_write(dir, "result.json", big, sizeof(big), d), CO_EIO);
	cr_assert(t_diag_has(d, "result.json:1:1: cannot write"), "%s", t_diags_text(d));
	cr_assert_str_eq(slurp(path), "old\n", "the previous output is intact");
	cr_assert_eq(entries(dir), 1, "the temporary file was removed");
	co_diags_free(d);
}

Test(output, a_failed_rename_keeps_what_was_there)
{
	const char *dir = t_dir();
	char target[600];
	snprintf(target, sizeof(target), "%s/result.json/keep", dir);
	t_write(dir, "result.json/keep", "x");
	co_diags *d = co_diags_new();
	cr_assert_eq(co_output_write(dir, "result.json", "{}", 2, d), CO_EIO);
	cr_assert(t_diag_has(d, "cannot rename into place"), "%s", t_diags_text(d));
	cr_assert_str_eq(slurp(target), "x");
	cr_assert_eq(entries(dir), 1);
	co_diags_free(d);
}

Test(output, mkdir_refuses_a_file_in_the_way)
{
	const char *dir = t_dir();
	t_write(dir, "f", "x");
	char p[600];
	snprintf(p, sizeof(p), "%s/f", dir);
	co_diags *d = co_diags_new();
	cr_assert_eq(co_output_mkdir(p, d), CO_EIO);
	cr_assert(t_diag_has(d, "not a directory"), "%s", t_diags_text(d));
	co_diags_free(d);
}

Test(output, mkdirs_names_the_folders_it_made_and_only_those)
{
	const char *dir = t_dir();
	char p[600];
	char **made = NULL;
	snprintf(p, sizeof(p), "%s/a", dir);
	cr_assert_eq(mkdir(p, 0777), 0, "a is there before");
	snprintf(p, sizeof(p), "%s/a/b//c/", dir);
	cr_assert_eq(co_output_mkdirs(p, &made, NULL), 0);
	cr_assert_not_null(made);
	char want_b[600], want_c[600];
	snprintf(want_b, sizeof(want_b), "%s/a/b", dir);
	snprintf(want_c, sizeof(want_c), "%s/a/b//c", dir);
	cr_assert_str_eq(made[0], want_b);
	cr_assert_str_eq(made[1], want_c);
	cr_assert_null(made[2], "a was there: only b and c are named");
	for (size_t i = 0; made[i]; i++)
		free(made[i]);
	free(made);
}

Test(output, remove_tree_removes_everything_under_it_and_follows_no_link)
{
	const char *dir = t_dir();
	char p[600], q[600];
	t_write(dir, "keep/precious", "x");
	t_write(dir, "gone/a", "1");
	t_write(dir, "gone/sub/b", "2");
	t_write(dir, "gone/sub/deeper/c", "3");
	snprintf(p, sizeof(p), "%s/keep", dir);
	snprintf(q, sizeof(q), "%s/gone/sub/link-to-keep", dir);
	cr_assert_eq(symlink(p, q), 0);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	int steps = 0;
	cr_assert_eq(co_output_remove_tree(fd, "gone", count_step, &steps), 0);
	cr_assert_eq(co_output_remove_tree(fd, "gone", count_step, &steps), 0, "a name already gone is fine");
	close(fd);
	cr_assert_eq(steps, 7, "3 files, a link and 3 folders removed, each a step");
	snprintf(p, sizeof(p), "%s/keep/precious", dir);
	cr_assert_str_eq(slurp(p), "x", "the link was removed, not followed");
	cr_assert_eq(entries(dir), 1);
}
