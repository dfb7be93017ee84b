/* Internal: stage 4, price, and the rules of price scoring. */
#ifndef CO_PRICE_H
#define CO_PRICE_H

#include "evaluating/result.h"

/* Stage 4: abnormally-low flags over the lot; price points for top_n. */
int co_stage_price(co_result *res, co_diags *diags);
/*
 * Price points within one scheme's candidates (per_scheme; a top_n lot's come from stage 4's
 * lowest prices): fills each candidate's pp and total. Returns 0, or CO_ERROR when out of memory.
 */
int co_price_points(co_result *res, co_cand *cands, size_t n);
/*
 * The bar below which a price is abnormally low, given its item's median: (1 - pct / 100) x
 * median (FORMATS 6.1 stage 4), in one place for stage 4 and the challenge check.
 */
void co_abnormally_low_bar(const co_rules *r, const mpq_t median, mpq_t bar);
/* 1 when prices earn points (not fixed, and a price weight above 0). */
int co_prices_scored(const co_rules *r);
/* An entry's price of item i (0 unless its state is CO_PRICE_OK). */
void co_entry_price(const co_entry *e, size_t i, mpq_t value);
/* An entry's points on item i against the lot's lowest price; 1 when it has them, else 0 (and 0 points). */
int co_entry_item_points(const co_result *res, const co_entry *e, size_t i, mpq_t points);
/*
 * A top_n entry's price points and total (quality + price) from stage 4, worked out from its
 * prices and the lot's lowest; 0 and 0 in a per_scheme lot or before stage 4.
 */
void co_entry_totals(const co_result *res, const co_entry *e, mpq_t pp, mpq_t total);
/* The same into candidate c's pp and total. Returns 0, or CO_ERROR when out of memory. */
int co_cand_totals(const co_result *res, co_cand *c);
/* The lowest price of item among the candidates. */
void co_lowest_price(const co_result *res, const co_cand *cands, size_t n, size_t item, mpq_t lowest);
/* f and the points of one scored item at price, given the lowest price (FORMATS 6.1 stage 4). */
void co_item_points(const co_rules *r, size_t item, const mpq_t lowest, const mpq_t price, mpq_t f, mpq_t points);

#endif
