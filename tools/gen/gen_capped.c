/* gen_capped: writes a synthetic per-scheme competition (rules, bids, marks) for the cap benchmark. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genio.h"

#define PROG "gen_capped"

int main(int argc, char **argv)
{
	if (argc != 7) {
		fprintf(stderr, "usage: gen_capped DIR SCHEMES BIDS SCHEMES_PER_BID CAP SEED\n"
		                "  writes DIR/rules.yaml, DIR/bids/*.xml and DIR/marks.xml; CAP 0 means no cap\n");
		return 1;
	}
	const char *dir = argv[1];
	int S = atoi(argv[2]), B = atoi(argv[3]), per = atoi(argv[4]), cap = atoi(argv[5]);
	gen_rng rng;
	gen_seed(&rng, strtoull(argv[6], NULL, 10));
	if (S < 1 || B < 1 || per < 1 || per > S || cap < 0) {
		fprintf(stderr, "gen_capped: need SCHEMES >= 1, BIDS >= 1, 1 <= SCHEMES_PER_BID <= SCHEMES, CAP >= 0\n");
		return 1;
	}
	gen_mkdir(PROG, dir, NULL);
	gen_mkdir(PROG, dir, "bids");

	FILE *f = gen_open(PROG, dir, "rules.yaml");
	fprintf(f, "calloff: 1\ncompetition: {id: BENCH-1, lot: {id: \"8\"}, deadline: 2027-01-15T12:00:00Z}\n"
	           "award:\n  mode: per_scheme\n  tie_break: [submitted]\n");
	if (cap)
		fprintf(f, "  max_schemes_per_supplier: %d\n", cap);
	fprintf(f, "weights: {quality: 100, price: 0}\nscale: {marks: [0, 1, 2, 3, 4, 5]}\n"
	           "moderation: {consensus: mean}\nquestions:\n");
	static const int w[] = {20, 20, 15, 15, 15, 15};
	for (int q = 0; q < 6; q++)
		fprintf(f, "  - {id: E%d, weight: %d}\n", q + 1, w[q]);
	fprintf(f, "prices:\n  - {id: hourly_rate, max: 24.50}\nprice_scoring: fixed\nschemes:\n");
	for (int s = 0; s < S; s++)
		fprintf(f, "  - {id: S%03d}\n", s + 1);
	fprintf(f, "publication: {date: 2027-03-24T10:00:00Z, decided: 2027-03-19}\n");
	gen_close(PROG, f);

	FILE *m = gen_open(PROG, dir, "marks.xml");
	fprintf(m, "<marks xmlns=\"urn:calloff:marks:1\" competition=\"BENCH-1\">\n"
	           "<evaluator id=\"P1\"/><evaluator id=\"P2\"/><evaluator id=\"P3\"/>\n");
	int *chosen = calloc((size_t)S, sizeof(int));
	for (int b = 0; b < B; b++) {
		char name[64];
		snprintf(name, sizeof(name), "bids/b%05d.xml", b + 1);
		f = gen_open(PROG, dir, name);
		fprintf(f, "<bid xmlns=\"urn:calloff:bid:1\" id=\"B%05d\" competition=\"BENCH-1\">"
		           "<supplier id=\"GB-COH-%08d\"><name>Provider %d</name></supplier>"
		           "<submitted>2027-01-%02dT%02d:%02d:%02dZ</submitted><schemes>",
		        b + 1, b + 1, b + 1, 1 + b % 14, b % 24, (b / 24) % 60, b % 60);
		memset(chosen, 0, (size_t)S * sizeof(int));
		for (int k = 0; k < per;) {
			int s = (int)gen_below(&rng, (unsigned)S);
			if (chosen[s])
				continue;
			chosen[s] = 1;
			k++;
			fprintf(f, "<scheme ref=\"S%03d\"/>", s + 1);
		}
		fprintf(f, "</schemes><responses>");
		for (int q = 0; q < 6; q++)
			fprintf(f, "<response question=\"E%d\">We will deliver this outcome with named staff.</response>", q + 1);
		fprintf(f, "</responses><prices><price item=\"hourly_rate\">24.50</price></prices></bid>\n");
		gen_close(PROG, f);
		fprintf(m, "<bid ref=\"B%05d\">", b + 1);
		for (int q = 0; q < 6; q++) {
			fprintf(m, "<question ref=\"E%d\">", q + 1);
			for (int e = 1; e <= 3; e++)
				fprintf(m, "<mark evaluator=\"P%d\" value=\"%u\"/>", e, gen_between(&rng, 1, 5));
			fprintf(m, "</question>");
		}
		fprintf(m, "</bid>\n");
	}
	fprintf(m, "</marks>\n");
	gen_close(PROG, m);
	free(chosen);
	return 0;
}
