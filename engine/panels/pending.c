/* TEMPORARY, removed once the forms and workbooks are merged: weak stand-ins so that the CLI links while they are built in parallel. */
#include "panels/plan.h"
#include "panels/returned.h"
#include "base/diag.h"

__attribute__((weak)) int co_marking_form(co_strbuf *out, const co_plan *p, size_t e)
{
	(void)out, (void)p, (void)e;
	return CO_ERROR;
}

__attribute__((weak)) int co_moderation_form(co_strbuf *out, const co_plan *p, const co_moderation_item *items, size_t n)
{
	(void)out, (void)p, (void)items, (void)n;
	return CO_ERROR;
}

__attribute__((weak)) int co_workbook_write(const co_plan *p, size_t e, const char *path, co_diags *diags)
{
	(void)p, (void)e;
	co_diag_add(diags, path, 1, 1, "workbooks are not built yet");
	return CO_EIO;
}

__attribute__((weak)) int co_workbook_read(co_returned **out, const char *path, const co_plan *p, co_diags *diags)
{
	(void)out, (void)p;
	co_diag_add(diags, path, 1, 1, "workbooks are not read yet");
	return CO_EINVALID;
}
