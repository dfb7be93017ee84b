/* Internal: stage 0, the bid files read into the result's entries. */
#ifndef CO_READBIDS_H
#define CO_READBIDS_H

#include "evaluating/result.h"

/*
 * Stage 0, on the reading threads: all that an evaluation uses of the body of e's bid, into one
 * block from arena: each rules question's answer, gate's declaration and item's price (the first
 * the bid has for each, and the price's text), and the rules schemes it names. The bid can then
 * be packed without them. Returns 0, or CO_ERROR when out of memory.
 */
int co_entry_take_bid(co_entry *e, const co_rules *r, co_arena *arena);
/* A declaration's word as the bid wrote it ("true", "1", "false" or "0"), for reasons and explain. */
const char *co_decl_word(const co_gate_decl *d);

/*
 * Read and validate every bid file into res->entries (stage 0 of an evaluation), on `threads`
 * threads (1 or more) against one compiled schema; each entry depends on its own file only, so
 * the thread count never changes a byte. Progress, unless NULL, is told as files are read. Each
 * entry takes what the stages use of its bid (co_entry_take_bid) and the bid is packed
 * (co_bid_pack) into res->blocks; without keep_text the pack leaves out the bid's body (responses, prices,
 * declarations...): only the evaluator packs and self-score read it there, and an evaluation of
 * many bids must not hold it all.
 */
int co_result_read_bids(co_result *res, const co_paths *bids, int threads, const co_progress *progress, int keep_text);

#endif
