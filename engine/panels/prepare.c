/* The panel's folder, prepared whole or not at all: the plan, and for each evaluator a marking form, a workbook and a CSV. */
#include "calloff/output.h"
#include "panels/plan.h"
#include "panels/returned.h"
#include "base/diag.h"
#include "base/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 1 when dir does not exist or is an empty folder; 0 (with a diagnostic) when it holds anything; CO_EIO otherwise. */
static int dir_free(const char *dir, co_diags *diags)
{
	DIR *d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 1;
		co_diag_add(diags, dir, 1, 1, "cannot use as the panel folder: %s", strerror(errno));
		return co_errno_status(errno);
	}
	struct dirent *de;
	int empty = 1;
	while (empty && (de = readdir(d)))
		empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
	closedir(d);
	if (!empty)
		co_diag_add(diags, dir, 1, 1,
		            "the panel folder must be new or empty: preparing again would give the evaluators new labels "
		            "(choose another folder, or remove this one if no evaluator has it yet)");
	return empty;
}

/* Write text as name in the folder dirfd (shown as shown/name in diagnostics). 0, CO_EIO or CO_ERROR. */
static int put_file(int dirfd, const char *shown, const char *name, co_strbuf *text, co_diags *diags)
{
	if (text->failed)
		return CO_ERROR;
	char *where = co_strdupf("%s/%s", shown, name);
	if (!where)
		return CO_ERROR;
	int rc = co_output_file_at(dirfd, where, name, text->s ? text->s : "", text->len, diags);
	free(where);
	return rc;
}

/* One evaluator's folder in the staging folder: form, workbook and CSV. 0, CO_EIO or CO_ERROR. */
static int evaluator_files(const co_plan *p, size_t e, const char *staging, int sfd, co_diags *diags)
{
	const char *id = p->evs[e].id;
	char *sub = co_strdupf("%s/%s", staging, id), *html = co_strdupf("%s-marking.html", id),
	     *csv = co_strdupf("%s-marking.csv", id), *xlsx = co_strdupf("%s/%s-marking.xlsx", sub ? sub : "", id);
	co_strbuf b = {0};
	int fd = -1, rc = CO_ERROR;
	if (!sub || !html || !csv || !xlsx)
		goto out;
	if (mkdirat(sfd, id, 0777) || (fd = openat(sfd, id, O_RDONLY | O_DIRECTORY)) < 0) {
		co_diag_add(diags, sub, 1, 1, "cannot create: %s", strerror(errno));
		rc = co_errno_status(errno);
		goto out;
	}
	if ((rc = co_marking_form(&b, p, e)) || (rc = put_file(fd, sub, html, &b, diags)))
		goto out;
	co_strbuf_end(&b);
	b = (co_strbuf){0};
	if ((rc = co_csv_template(&b, p, e)) || (rc = put_file(fd, sub, csv, &b, diags)))
		goto out;
	rc = co_workbook_write(p, e, xlsx, diags);
out:
	co_strbuf_end(&b);
	if (fd >= 0)
		close(fd);
	free(sub);
	free(html);
	free(csv);
	free(xlsx);
	return rc;
}

int co_panel_prepare(const co_rules *r, const co_paths *bids, const co_panel_options *opts, co_diags *diags)
{
	co_plan *p = NULL;
	char *parent = NULL, *base = NULL, *staging = NULL, *dircopy = NULL, *json = NULL, **made = NULL;
	int sfd = -1, rc = CO_EINVALID;
	if (!opts || !opts->dir || !*opts->dir) {
		co_diag_add(diags, "panel", 1, 1, "the panel needs a folder (-o)");
		return CO_EINVALID;
	}
	int free_now = dir_free(opts->dir, diags);
	if (free_now <= 0)
		return free_now < 0 ? free_now : CO_EINVALID;
	if ((rc = co_plan_build(&p, r, bids, opts, diags)))
		goto out;
	rc = CO_ERROR;
	if (!(json = co_plan_json(p)) || !(dircopy = strdup(opts->dir)))
		goto out;
	/* Staged beside the folder, on its file system, then renamed into place whole. */
	char *d1 = strdup(dircopy), *d2 = strdup(dircopy);
	if (d1 && d2) {
		parent = strdup(dirname(d1));
		base = strdup(basename(d2));
	}
	free(d1);
	free(d2);
	if (!parent || !base || (rc = co_output_mkdirs(parent, &made, diags)))
		goto out;
	rc = CO_ERROR;
	if (!(staging = co_strdupf("%s/.%s.staging-XXXXXX", parent, base)))
		goto out;
	if (!mkdtemp(staging) || (sfd = open(staging, O_RDONLY | O_DIRECTORY)) < 0) {
		co_diag_add(diags, opts->dir, 1, 1, "cannot create a folder beside it to prepare in: %s", strerror(errno));
		rc = co_errno_status(errno);
		free(staging);
		staging = NULL;
		goto out;
	}
	co_strbuf jb = {0};
	co_strbuf_put(&jb, "%s", json);
	rc = put_file(sfd, staging, "panel.json", &jb, diags);
	co_strbuf_end(&jb);
	for (size_t e = 0; !rc && e < p->nev; e++)
		rc = evaluator_files(p, e, staging, sfd, diags);
	if (rc || (rc = co_output_syncfs(staging, diags)))
		goto out;
	/* An empty folder is replaced; anything that appeared in it meanwhile stops the rename. */
	if (rename(staging, opts->dir)) {
		co_diag_add(diags, opts->dir, 1, 1, "cannot put the prepared panel in place: %s", strerror(errno));
		rc = co_errno_status(errno);
		goto out;
	}
	free(staging);
	staging = NULL;
	rc = co_output_syncfs(parent, diags);
out:
	if (sfd >= 0)
		close(sfd);
	if (staging) {
		int pfd = open(parent, O_RDONLY | O_DIRECTORY);
		if (pfd >= 0) {
			co_output_remove_tree(pfd, strrchr(staging, '/') + 1, NULL, NULL);
			close(pfd);
		}
	}
	/* Parents this run made for a panel that did not get made go too (deepest first). */
	size_t nmade = 0;
	while (made && made[nmade])
		nmade++;
	for (size_t i = nmade; rc && i > 0; i--)
		rmdir(made[i - 1]);
	for (size_t i = 0; i < nmade; i++)
		free(made[i]);
	free(made);
	free(staging);
	free(parent);
	free(base);
	free(dircopy);
	free(json);
	co_plan_free(p);
	return rc;
}
