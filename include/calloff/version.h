/* The engine's version and process-wide set-up. */
#ifndef CALLOFF_VERSION_H
#define CALLOFF_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

/** @return the engine version, e.g. "0.1.0" (static storage). */
const char *co_version(void);

/**
 * Process-wide set-up of the libraries the engine uses (libxml2 parser
 * initialisation). Call once from main() before any other calloff function.
 */
void co_global_init(void);

/** Release what co_global_init() set up. Call once at the end of main(). */
void co_global_cleanup(void);

#ifdef __cplusplus
}
#endif
#endif
