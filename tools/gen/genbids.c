/* genbids: writes a synthetic top_n competition of N bids (rules, bid files, marks), deterministic from a seed. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genio.h"

#define PROG "genbids"
#define MAX_WORDS 750
#define MIN_ANSWER 300
#define EVALUATORS 3
#define PRICE_ITEMS 3

/* The defects a bid may carry, each in about one bid in a hundred (a duplicate id in one in
 * three hundred). Each is a reason or flag in FORMATS.md section 5, so the result shows it as
 * the officer would see it; low marks add below_min_mark and below_min_quality on top. */
enum defect {
	CLEAN,
	LATE,
	GATE_FALSE,
	MISSING_RESPONSE,
	OVER_WORD_LIMIT,
	PRICE_ABOVE_MAX,
	INVALID_PRICE,
	MISSING_PRICE,
	WRONG_COMPETITION,
	MALFORMED,
	RESUBMISSION,
	ABNORMALLY_LOW,
	DUPLICATE_ID,
};

static const char *const words[] = {
	"care", "person", "family", "carer", "support", "plan", "review", "visit", "home", "team",
	"training", "record", "safe", "risk", "medication", "continuity", "choice", "dignity",
	"independence", "community", "council", "provider", "manager", "coordinator", "weekly",
	"daily", "night", "morning", "evening", "assessment", "outcome", "goal", "wellbeing",
	"nutrition", "hydration", "mobility", "falls", "equipment", "hoist", "handling", "moving",
	"recruit", "retain", "supervision", "appraisal", "spot", "check", "audit", "quality",
	"feedback", "complaint", "compliment", "survey", "advocate", "consent", "capacity",
	"safeguarding", "incident", "report", "escalate", "GP", "nurse", "district", "hospital",
	"discharge", "referral", "respond", "within", "hours", "days", "rota", "cover", "sickness",
	"holiday", "relief", "local", "rural", "travel", "mileage", "rate", "the", "and", "our",
	"we", "will", "each", "every", "with", "for", "to", "of", "in", "on", "at", "by", "from",
	"their", "they", "is", "are", "has", "have", "named", "trained", "qualified", "experienced",
	"regular", "agreed", "written", "recorded", "monitored", "reviewed", "shared", "electronic",
	"app", "call", "monitoring", "evidence", "percent", "target", "measure", "improve", "learn",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static const struct {
	const char *id, *text, *unit, *max;
} items[PRICE_ITEMS] = {
	{"hourly_day", "Home care, per hour, 7am to 10pm", "hour", "24.50"},
	{"hourly_night", "Home care, per hour, 10pm to 7am", "hour", "27.00"},
	{"weekly_live_in", "Live-in care for one person, per week", "week", "1150.00"},
};
static const unsigned item_max_pence[PRICE_ITEMS] = {2450, 2700, 115000};

/* A paragraph of exactly N words, in sentences of 8 to 20 words. */
static void write_answer(FILE *f, gen_rng *r, unsigned n)
{
	unsigned left_in_sentence = 0;
	for (unsigned i = 0; i < n; i++) {
		const char *w = words[gen_below(r, (unsigned)NWORDS)];
		int first = left_in_sentence == 0;
		if (first)
			left_in_sentence = gen_between(r, 8, 20);
		left_in_sentence--;
		if (i > 0)
			fputc(' ', f);
		if (first && w[0] >= 'a' && w[0] <= 'z') {
			fputc(w[0] - 'a' + 'A', f);
			fputs(w + 1, f);
		} else {
			fputs(w, f);
		}
		if (left_in_sentence == 0 || i + 1 == n)
			fputc('.', f);
	}
}

static void write_rules(const char *dir, const char *comp, unsigned nq, unsigned n_award)
{
	FILE *f = gen_open(PROG, dir, "rules.yaml");
	fprintf(f, "# A synthetic competition written by tools/gen/genbids (issue 8 benchmark).\n"
	           "calloff: 1\n"
	           "competition:\n"
	           "  id: %s\n"
	           "  title: \"Synthetic home care call-off\"\n"
	           "  authority: Example Council\n"
	           "  lot: {id: \"1\", name: Home Care}\n"
	           "  deadline: 2027-03-01T12:00:00Z\n"
	           "  currency: GBP\n"
	           "award:\n  mode: top_n\n  n: %u\n  at_boundary: admit_all\n"
	           "  tie_break: [quality, submitted]\n"
	           "weights: {quality: 70, price: 30}\n"
	           "scale: {marks: [0, 1, 2, 3, 4, 5]}\n"
	           "moderation: {consensus: median, flag_range: 2}\n"
	           "thresholds: {min_mark: 1, min_quality: 40}\n"
	           "word_limit: disqualify\n"
	           "gates:\n"
	           "  - {id: cqc, text: \"Registered with the Care Quality Commission for personal care\"}\n"
	           "  - {id: insurance, text: \"Holds the insurances the framework requires\"}\n"
	           "questions:\n",
	        comp, n_award);
	unsigned base = 100 / nq, extra = 100 % nq;
	for (unsigned q = 0; q < nq; q++)
		fprintf(f, "  - {id: Q%u, title: \"Question %u\", weight: %u, max_words: %u}\n", q + 1, q + 1,
		        base + (q < extra), MAX_WORDS);
	fprintf(f, "prices:\n");
	for (unsigned i = 0; i < PRICE_ITEMS; i++)
		fprintf(f, "  - {id: %s, text: \"%s\", unit: %s, max: %s, weight: %u}\n", items[i].id,
		        items[i].text, items[i].unit, items[i].max, i == 0 ? 50u : 25u);
	fprintf(f, "price_scoring: lowest_ratio\n"
	           "abnormally_low: {below_median_percent: 25}\n"
	           "rounding: {decimals: 2, apply: display}\n"
	           "publication: {date: 2027-04-14T09:00:00Z, decided: 2027-04-12, criteria: \"the invitation to tender, "
	           "section 4\"}\n");
	gen_close(PROG, f);
}

static enum defect pick_defect(gen_rng *r, int prev_clean)
{
	unsigned roll = gen_below(r, 1000);
	if (roll >= 113)
		return CLEAN;
	static const enum defect order[] = {LATE, GATE_FALSE, MISSING_RESPONSE, OVER_WORD_LIMIT,
	                                    PRICE_ABOVE_MAX, INVALID_PRICE, MISSING_PRICE,
	                                    WRONG_COMPETITION, MALFORMED, RESUBMISSION,
	                                    ABNORMALLY_LOW};
	if (roll >= 110)
		return prev_clean ? DUPLICATE_ID : CLEAN;
	enum defect d = order[roll / 10];
	/* A resubmission supersedes the previous bid, which must be a readable one. */
	return d == RESUBMISSION && !prev_clean ? CLEAN : d;
}

/* The submission time of bid B: spread through the fortnight before the deadline, rising with
 * B so that a resubmission always comes after the bid it replaces; a late bid comes after. */
static void write_submitted(FILE *f, unsigned b, unsigned nbids, enum defect d)
{
	if (d == LATE) {
		fprintf(f, "  <submitted>2027-03-01T12:%02u:%02uZ</submitted>\n", 1 + b % 58, b % 60);
		return;
	}
	unsigned long span = 14UL * 86400UL - 3600UL;
	unsigned long s = (unsigned long)b * span / nbids;
	fprintf(f, "  <submitted>2027-02-%02luT%02lu:%02lu:%02luZ</submitted>\n", 15 + s / 86400,
	        s / 3600 % 24, s / 60 % 60, s % 60);
}

static void write_bid(const char *dir, gen_rng *r, const char *comp, unsigned b, unsigned nbids,
                      unsigned nq, enum defect d, unsigned bid_no, unsigned supplier_no)
{
	char name[64];
	snprintf(name, sizeof(name), "bids/b%06u.xml", b + 1);
	FILE *f = gen_open(PROG, dir, name);
	static char buf[1 << 16];
	setvbuf(f, buf, _IOFBF, sizeof(buf));
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	           "<bid xmlns=\"urn:calloff:bid:1\" id=\"G%06u\" competition=\"%s%s\">\n"
	           "  <supplier id=\"GB-COH-%08u\"><name>Provider %u Care Ltd</name></supplier>\n",
	        bid_no, comp, d == WRONG_COMPETITION ? "-OLD" : "", supplier_no, supplier_no);
	write_submitted(f, b, nbids, d);
	fprintf(f, "  <declarations>\n"
	           "    <declaration gate=\"cqc\">true</declaration>\n"
	           "    <declaration gate=\"insurance\">%s</declaration>\n"
	           "  </declarations>\n  <responses>\n",
	        d == GATE_FALSE ? "false" : "true");
	unsigned skip = d == MISSING_RESPONSE ? gen_below(r, nq) : nq;
	unsigned over = d == OVER_WORD_LIMIT ? gen_below(r, nq) : nq;
	for (unsigned q = 0; q < nq; q++) {
		unsigned n = q == over ? gen_between(r, MAX_WORDS + 1, MAX_WORDS + 60)
		                       : gen_between(r, MIN_ANSWER, MAX_WORDS);
		if (q == skip)
			continue;
		fprintf(f, "    <response question=\"Q%u\">", q + 1);
		write_answer(f, r, n);
		fprintf(f, "</response>\n");
		if (d == MALFORMED && q == nq / 2) {
			/* A file cut off mid-way, as an interrupted upload leaves it. */
			fprintf(f, "    <response question=\"Q%u\">We will", q + 2);
			gen_close(PROG, f);
			return;
		}
	}
	fprintf(f, "  </responses>\n  <prices>\n");
	unsigned missing = d == MISSING_PRICE ? gen_below(r, PRICE_ITEMS) : PRICE_ITEMS;
	unsigned bad = d == INVALID_PRICE || d == PRICE_ABOVE_MAX || d == ABNORMALLY_LOW
	                       ? gen_below(r, PRICE_ITEMS) : PRICE_ITEMS;
	for (unsigned i = 0; i < PRICE_ITEMS; i++) {
		/* Between 70% and 100% of the maximum, in whole pence. */
		unsigned max = item_max_pence[i];
		unsigned p = gen_between(r, max * 7 / 10, max);
		if (i == missing)
			continue;
		if (i == bad && d == PRICE_ABOVE_MAX)
			p = max + gen_between(r, 1, max / 10);
		if (i == bad && d == ABNORMALLY_LOW)
			p = gen_between(r, max * 4 / 10, max / 2);
		if (i == bad && d == INVALID_PRICE)
			fprintf(f, "    <price item=\"%s\">&#163;%u,%03u.%02u</price>\n", items[i].id,
			        p / 100000, p / 100 % 1000, p % 100);
		else
			fprintf(f, "    <price item=\"%s\">%u.%02u</price>\n", items[i].id, p / 100, p % 100);
	}
	fprintf(f, "  </prices>\n</bid>\n");
	gen_close(PROG, f);
}

/* One bid's marks: each evaluator marks near the bid's underlying quality; a spread of 2 or more
 * is moderated for about half of those questions, as a panel would. A bid with an abnormally low
 * price is of quality 2 at most, so that it is flagged but never in the award: an award that
 * holds one is provisional until the officer records an investigation (issue 21), and the
 * generated competition is meant to give a final award. */
static void write_marks(FILE *m, gen_rng *r, unsigned bid_no, unsigned nq, int low_price)
{
	unsigned level = gen_below(r, 10) == 0 ? 1 : gen_between(r, 2, 5);
	if (low_price && level > 2)
		level = 2;
	fprintf(m, "  <bid ref=\"G%06u\">\n", bid_no);
	for (unsigned q = 0; q < nq; q++) {
		unsigned v[EVALUATORS], lo = 5, hi = 0;
		fprintf(m, "    <question ref=\"Q%u\">", q + 1);
		for (unsigned e = 0; e < EVALUATORS; e++) {
			int x = (int)level + (int)gen_below(r, 3) - 1;
			v[e] = (unsigned)(x < 0 ? 0 : x > 5 ? 5 : x);
			lo = v[e] < lo ? v[e] : lo;
			hi = v[e] > hi ? v[e] : hi;
			fprintf(m, "<mark evaluator=\"E%u\" value=\"%u\"/>", e + 1, v[e]);
		}
		if (hi - lo >= 2 && gen_below(r, 2))
			fprintf(m, "<moderated value=\"%u\">Agreed at moderation.</moderated>", (lo + hi) / 2);
		fprintf(m, "</question>\n");
	}
	fprintf(m, "  </bid>\n");
}

/* DIR must be new or empty, so that no stale bid from an earlier run joins the competition. */
static void check_empty(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return;
		fprintf(stderr, "%s: %s: %s\n", PROG, dir, strerror(errno));
		exit(1);
	}
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			fprintf(stderr, "%s: %s: the folder is not empty; give a new one\n", PROG, dir);
			exit(1);
		}
	closedir(d);
}

static int parse_count(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long nbids, seed = 1;
	if ((argc != 3 && argc != 4) || parse_count(argv[2], 1, 999999, &nbids) != 0 ||
	    (argc == 4 && parse_count(argv[3], 0, 0xFFFFFFFFUL, &seed) != 0)) {
		fprintf(stderr,
		        "usage: genbids DIR N [SEED]\n"
		        "  writes DIR/rules.yaml, DIR/bids/b000001.xml ... and DIR/marks.xml: a top_n\n"
		        "  competition of N bids (1 to 999999) with 6 to 12 questions, answers of 300 to 750\n"
		        "  words, 3 evaluators and about 10%% of bids defective. The same SEED (default 1)\n"
		        "  gives the same bytes. DIR must be new or empty.\n");
		return 1;
	}
	const char *dir = argv[1];
	check_empty(dir);
	gen_mkdir(PROG, dir, NULL);
	gen_mkdir(PROG, dir, "bids");

	gen_rng r;
	gen_seed(&r, seed);
	char comp[32];
	snprintf(comp, sizeof(comp), "GEN-%lu", seed);
	unsigned nq = gen_between(&r, 6, 12);
	unsigned n_award = nbids < 20 ? 1 : (unsigned)(nbids / 20);
	write_rules(dir, comp, nq, n_award);

	FILE *m = gen_open(PROG, dir, "marks.xml");
	fprintf(m, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	           "<marks xmlns=\"urn:calloff:marks:1\" competition=\"%s\">\n",
	        comp);
	for (unsigned e = 0; e < EVALUATORS; e++)
		fprintf(m, "  <evaluator id=\"E%u\"/>\n", e + 1);
	int prev_clean = 0;
	unsigned bid_no = 0, supplier_no = 0;
	for (unsigned b = 0; b < nbids; b++) {
		enum defect d = pick_defect(&r, prev_clean);
		if (d != DUPLICATE_ID)
			bid_no++;
		if (d != RESUBMISSION)
			supplier_no++;
		write_bid(dir, &r, comp, b, (unsigned)nbids, nq, d, bid_no, supplier_no);
		/* Marks for every bid that can reach quality scoring, and none for a bid the panel
		 * would never see (a second file with the same id, or a file that does not parse). */
		if (d != DUPLICATE_ID && d != MALFORMED)
			write_marks(m, &r, bid_no, nq, d == ABNORMALLY_LOW);
		prev_clean = d == CLEAN;
	}
	fprintf(m, "</marks>\n");
	gen_close(PROG, m);
	return 0;
}
