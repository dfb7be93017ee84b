/* The progress bar: nothing in the first second, then the bar in 25 steps, and a full bar at the end when shown. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "base/progress.h"
#include "helpers.h"

/* Runs fn with stderr going to a file; returns what was written (static). */
static const char *stderr_of(void (*fn)(void *), void *arg)
{
	static char got[1024];
	char path[600];
	snprintf(path, sizeof(path), "%s/stderr", t_dir());
	fflush(stderr);
	int saved = dup(2), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert(saved >= 0 && fd >= 0);
	dup2(fd, 2);
	close(fd);
	fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	FILE *f = fopen(path, "r");
	size_t n = fread(got, 1, sizeof(got) - 1, f);
	got[n] = '\0';
	fclose(f);
	return got;
}

typedef struct {
	unsigned long done, total;
	double ago; /* seconds since the run started */
	int shown;
} run;

static void draw(void *arg)
{
	run *r = arg;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	t0.tv_sec -= (time_t)r->ago;
	co_progress_draw("reading bids", r->done, r->total, &r->shown, t0);
}

static void end(void *arg)
{
	run *r = arg;
	co_progress_end("reading bids", r->shown);
}

Test(progress, nothing_is_drawn_in_the_first_second)
{
	run r = {.done = 21, .total = 50, .ago = 0};
	cr_assert_str_eq(stderr_of(draw, &r), "");
	cr_assert_eq(r.shown, 0);
	cr_assert_str_eq(stderr_of(end, &r), "", "a bar never shown is not completed either");
}

Test(progress, after_a_second_the_bar_shows_the_share_done_in_25_steps)
{
	run r = {.done = 21, .total = 50, .ago = 2};
	/* 42%: 10 of 25 steps. */
	cr_assert_str_eq(stderr_of(draw, &r), "\rreading bids [##########               ]  42%");
	cr_assert_eq(r.shown, 1);
	cr_assert_str_eq(stderr_of(end, &r), "\rreading bids [#########################] 100%\n");
	run none = {.done = 0, .total = 0, .ago = 2};
	cr_assert_str_eq(stderr_of(draw, &none), "\rreading bids [                         ]   0%", "no files: no division by zero");
	run all = {.done = 7, .total = 7, .ago = 5};
	cr_assert_str_eq(stderr_of(draw, &all), "\rreading bids [#########################] 100%");
}
