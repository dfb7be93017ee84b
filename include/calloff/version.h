/* The engine's version and process-wide set-up. */
#ifndef CALLOFF_VERSION_H
#define CALLOFF_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

/** @return the engine version, e.g. "0.1.0" (static storage). */
const char *co_version(void);

/**
 * Process-wide set-up of the libraries the engine uses: libxml2's parser is
 * initialised, and GSL's error handler, which would print and abort the process,
 * is turned off (gsl_set_error_handler_off()), so that a GSL failure comes back
 * as a status. Call once from main() before any other calloff function; calling
 * it again is harmless. It replaces the process's GSL error handler.
 * @return 0, or CO_ERROR when out of memory (libxml2 would then lack the character
 * encodings it reads bids in); call co_global_cleanup() either way.
 */
int co_global_init(void);

/** Release what co_global_init() set up. Call once at the end of main(). */
void co_global_cleanup(void);

#ifdef __cplusplus
}
#endif
#endif
