/* gen_capped: writes a synthetic per-scheme competition (rules, bids, marks) for the cap benchmark. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t state;

static unsigned rnd(unsigned n)
{
	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((state >> 33) % n);
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gen_capped: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

static void close_out(FILE *f)
{
	if (ferror(f) || fclose(f) != 0) {
		fprintf(stderr, "gen_capped: write error\n");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc != 7) {
		fprintf(stderr, "usage: gen_capped DIR SCHEMES BIDS SCHEMES_PER_BID CAP SEED\n"
		                "  writes DIR/rules.yaml, DIR/bids/*.xml and DIR/marks.xml; CAP 0 means no cap\n");
		return 1;
	}
	const char *dir = argv[1];
	int S = atoi(argv[2]), B = atoi(argv[3]), per = atoi(argv[4]), cap = atoi(argv[5]);
	state = strtoull(argv[6], NULL, 10);
	if (S < 1 || B < 1 || per < 1 || per > S || cap < 0) {
		fprintf(stderr, "gen_capped: need SCHEMES >= 1, BIDS >= 1, 1 <= SCHEMES_PER_BID <= SCHEMES, CAP >= 0\n");
		return 1;
	}
	char bids[4096];
	snprintf(bids, sizeof(bids), "%s/bids", dir);
	mkdir(dir, 0777);
	mkdir(bids, 0777);

	FILE *f = open_out(dir, "rules.yaml");
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
	close_out(f);

	FILE *m = open_out(dir, "marks.xml");
	fprintf(m, "<marks xmlns=\"urn:calloff:marks:1\" competition=\"BENCH-1\">\n"
	           "<evaluator id=\"P1\"/><evaluator id=\"P2\"/><evaluator id=\"P3\"/>\n");
	int *chosen = calloc((size_t)S, sizeof(int));
	for (int b = 0; b < B; b++) {
		char name[64];
		snprintf(name, sizeof(name), "bids/b%05d.xml", b + 1);
		f = open_out(dir, name);
		fprintf(f, "<bid xmlns=\"urn:calloff:bid:1\" id=\"B%05d\" competition=\"BENCH-1\">"
		           "<supplier id=\"GB-COH-%08d\"><name>Provider %d</name></supplier>"
		           "<submitted>2027-01-%02dT%02d:%02d:%02dZ</submitted><schemes>",
		        b + 1, b + 1, b + 1, 1 + b % 14, b % 24, (b / 24) % 60, b % 60);
		memset(chosen, 0, (size_t)S * sizeof(int));
		for (int k = 0; k < per;) {
			int s = (int)rnd((unsigned)S);
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
		close_out(f);
		fprintf(m, "<bid ref=\"B%05d\">", b + 1);
		for (int q = 0; q < 6; q++) {
			fprintf(m, "<question ref=\"E%d\">", q + 1);
			for (int e = 1; e <= 3; e++)
				fprintf(m, "<mark evaluator=\"P%d\" value=\"%u\"/>", e, 1 + rnd(5));
			fprintf(m, "</question>");
		}
		fprintf(m, "</bid>\n");
	}
	fprintf(m, "</marks>\n");
	close_out(m);
	free(chosen);
	return 0;
}
