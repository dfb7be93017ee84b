/* Tests of version.c: the engine's version and its process-wide set-up (co_global_init). */
#include "helpers.h"

#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_log.h>
#include <signal.h>

/* log(-1) is a domain error, which GSL reports through its error handler. */
static int log_of_minus_one(void)
{
	gsl_sf_result r;
	return gsl_sf_log_e(-1.0, &r);
}

/* helpers.c's set-up ran in this process before the test: no co_global_init() here. */
Test(version, every_test_starts_with_gsl_errors_as_statuses)
{
	cr_assert_eq(log_of_minus_one(), GSL_EDOM);
}

Test(version, global_init_turns_the_gsl_abort_handler_off)
{
	gsl_set_error_handler(NULL); /* GSL's default: print and abort */
	co_global_init();
	gsl_error_handler_t *installed = gsl_set_error_handler(NULL);
	cr_assert_not_null(installed, "co_global_init() installs a handler in place of GSL's default");
	co_global_init();
	cr_assert_eq(log_of_minus_one(), GSL_EDOM, "the domain error comes back as a status");
}

/* What co_global_init() prevents: with GSL's default handler the same call aborts the process. */
Test(version, without_global_init_a_gsl_error_aborts, .signal = SIGABRT)
{
	gsl_set_error_handler(NULL);
	log_of_minus_one();
}
