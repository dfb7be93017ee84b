/* progress: the progress bar long runs draw on stderr (evaluate's reading, sensitivity's sampling). */
#ifndef CO_PROGRESS_H
#define CO_PROGRESS_H

#include <time.h>

/*
 * Draws "LABEL [#####     ]  42%" over the current stderr line once t0 is a second past,
 * and sets *shown. co_progress_end() completes the bar when it was shown.
 */
void co_progress_draw(const char *label, unsigned long done, unsigned long total, int *shown, struct timespec t0);
void co_progress_end(const char *label, int shown);

#endif
