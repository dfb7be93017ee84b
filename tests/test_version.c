/* The engine's version is the project's, as CMakeLists.txt declares it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "helpers.h"

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
