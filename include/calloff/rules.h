/* Loading and validating a competition's rule file (YAML, FORMATS.md section 1). */
#ifndef CALLOFF_RULES_H
#define CALLOFF_RULES_H

#include "calloff/calendar.h"
#include "calloff/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A validated rule file for one competition (one lot). Opaque. */
typedef struct co_rules co_rules;

/**
 * Load and validate a rule file.
 *
 * Every problem found is appended to @p diags as "FILE:LINE:COL: message";
 * validation does not stop at the first problem.
 *
 * @param out   receives the rules on success; the caller frees it with co_rules_free()
 * @param path  the rule file
 * @param diags receives the problems found (may be NULL)
 * @return 0, CO_EINVALID when the file has problems, CO_EIO when it cannot be
 *         read, CO_ETOOBIG when it exceeds the size limit, CO_ERROR otherwise
 */
int co_rules_load(co_rules **out, const char *path, co_diags *diags);

/**
 * Like co_rules_load(), reading the bytes from @p read_from (a copy, such as an
 * evaluation bundle's) while @p path is the name recorded and shown.
 * @param read_from the file to read, or NULL to read @p path
 */
int co_rules_load_from(co_rules **out, const char *path, const char *read_from, co_diags *diags);

/** Free rules; NULL is accepted. */
void co_rules_free(co_rules *rules);

/** @return the competition id, borrowed from @p rules. */
const char *co_rules_competition_id(const co_rules *rules);

/** @return the number of quality questions. */
size_t co_rules_question_count(const co_rules *rules);

/**
 * The evaluators the rule file names for the panel (panel.evaluators, an extension).
 * @param n receives how many
 * @return the ids, borrowed from rules; NULL when the rule file names none
 */
const char *const *co_rules_panel_evaluators(const co_rules *rules, size_t *n);

/**
 * The date of the contract award notice: the calendar date in the UK (London time, GMT or BST)
 * of the instant the rule file's publication.date names (YYYY-MM-DD), from which the standstill
 * is counted.
 * @return borrowed from @p rules; NULL when the rule file gives no publication.date
 */
const char *co_rules_notice_date(const co_rules *rules);

/**
 * The one-off bank holidays the rule file adds to the shipped calendar (calendar.holidays), in
 * the file's order, for co_standstill_with().
 * @param n receives how many (at most CO_EXTRA_HOLIDAYS_MAX)
 * @return borrowed from @p rules; NULL when there are none
 */
const co_extra_holiday *co_rules_holidays(const co_rules *rules, size_t *n);

/** @return the rule file's publication.ocid_prefix, borrowed; NULL when it gives none. */
const char *co_rules_ocid_prefix(const co_rules *rules);

/** The rule an OCDS ocid prefix follows, in words, for messages. */
#define CO_OCID_PREFIX_RULE "a registered OCDS prefix: 'ocds-' and six lowercase letters or digits, such as ocds-a1b2c3"

/**
 * Whether @p prefix is an OCDS ocid prefix calloff accepts (CO_OCID_PREFIX_RULE): the one check
 * for the rule file's publication.ocid_prefix and for a prefix given by a caller, so that
 * ocds.json never carries anything else.
 * @return 1 when it is, 0 when it is not (NULL is not)
 */
int co_ocid_prefix_valid(const char *prefix);

#ifdef __cplusplus
}
#endif
#endif
