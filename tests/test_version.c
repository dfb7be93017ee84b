/* Tests of version.c: the engine's version and its process-wide set-up (co_global_init). */
#include "helpers.h"

#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_log.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

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

/* The engine's version is the project's, as CMakeLists.txt declares it. */
Test(version, the_version_is_the_one_cmakelists_declares)
{
	FILE *f = fopen(TOP_SRCDIR "/CMakeLists.txt", "r");
	cr_assert_not_null(f);
	char line[256], declared[64] = "";
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "project(calloff VERSION %63[0-9.]", declared) == 1)
			break;
	fclose(f);
	cr_assert_neq(declared[0], '\0', "CMakeLists.txt declares a version");
	cr_assert_str_eq(co_version(), declared);
	int major, minor, patch;
	char end;
	cr_assert_eq(sscanf(co_version(), "%d.%d.%d%c", &major, &minor, &patch, &end), 3, "MAJOR.MINOR.PATCH: %s", co_version());
}

Test(version, global_set_up_and_clean_up_can_bracket_a_run)
{
	co_global_init();
	co_diags *d = co_diags_new();
	co_rules *r = NULL;
	cr_assert_eq(co_rules_load(&r, TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", d), 0, "%s", t_diags_text(d));
	co_rules_free(r);
	co_diags_free(d);
	co_global_cleanup();
}
