/* progress: the progress bar long runs draw on stderr (evaluate's reading, sensitivity's sampling). */
#include "base/progress.h"

#include <stdio.h>

void co_progress_draw(const char *label, unsigned long done, unsigned long total, int *shown, struct timespec t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double secs = (double)(now.tv_sec - t0.tv_sec) + (double)(now.tv_nsec - t0.tv_nsec) / 1e9;
	if (secs < 1.0)
		return;
	int pct = (int)(100 * done / (total ? total : 1)), bars = pct / 4;
	fprintf(stderr, "\r%s [%.*s%*s] %3d%%", label, bars, "#########################", 25 - bars, "", pct);
	*shown = 1;
}

void co_progress_end(const char *label, int shown)
{
	if (shown)
		fprintf(stderr, "\r%s [#########################] 100%%\n", label);
}
