/* Internal: stage 5, the award. */
#ifndef CO_AWARD_H
#define CO_AWARD_H

#include "evaluating/result.h"

/* Stages 5 and the award. */
int co_stage_award(co_result *res, co_diags *diags);

/*
 * The schemes the award gives supplier_id's bids, in rules order ("ECH-02, ECH-05"), and how
 * many into *count: what a capped scheme's reason (sr->why) and the letters say the supplier
 * holds. The caller frees; NULL when out of memory.
 */
char *co_award_schemes_of(const co_result *res, const char *supplier_id, size_t *count);

/*
 * Stage 5's evidence that the cap passed over entry idx for scheme s: the scheme was moved off
 * its rank 1 (sr->moved), idx bid for it, is ranked ahead of or level with the bid awarded it
 * (or none was), and its supplier holds max_schemes_per_supplier schemes. Returns 1 then, with
 * those schemes in *list (the caller frees) and their number in *count; 0 when the cap did not
 * pass it over (*list NULL); CO_ERROR when out of memory.
 */
int co_award_passed_over(const co_result *res, size_t s, size_t idx, char **list, size_t *count);

#endif
