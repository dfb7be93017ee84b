/* readbids: stage 0, reading and validating every bid file, on worker threads sharing one compiled schema. */
#include "evaluating/readbids.h"
#include "reading/xmldoc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

const char *co_decl_word(const co_gate_decl *d)
{
	static const char *const words[] = {"", "true", "1", "false", "0"};
	return d->value < sizeof(words) / sizeof(*words) ? words[d->value] : "";
}

/*
 * A declaration's value: the bid was valid against the schema (an invalid one never reaches
 * stage 2), so its text, trimmed, is one of xs:boolean's four words.
 */
static co_decl_value decl_value(const char *text)
{
	static const char *const words[] = {"true", "1", "false", "0"};
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (strcmp(text, words[i]) == 0)
			return (co_decl_value)(CO_DECL_TRUE + i);
	return CO_DECL_FALSE;
}

int co_entry_take_bid(co_entry *e, const co_rules *r, co_arena *arena)
{
	const co_bid_body *b = e->bid->body;
	size_t text_bytes = 0; /* room for every price text of the bid: those of rules items are copied */
	for (size_t i = 0; i < b->nprices; i++)
		text_bytes += b->prices[i].text ? strlen(b->prices[i].text) + 1 : 0;
	/* The prices, answers, gates, then the schemes and price texts (each aligned by the one before). */
	size_t bytes = r->np * sizeof(co_price_entry) + r->nq * sizeof(co_answer) + r->ngates * sizeof(co_gate_decl) +
	               2 * r->ns + text_bytes + 1;
	unsigned char *block = co_arena_alloc(arena, bytes);
	if (!block)
		return CO_ERROR;
	e->ps = (co_price_entry *)block;
	co_answer *answers = co_entry_answers(r, e);
	co_gate_decl *gates = co_entry_gates(r, e);
	unsigned char *named = co_entry_named(r, e);
	char *text = (char *)(co_entry_schemes(r, e) + r->ns);
	for (size_t q = 0; q < r->nq; q++) {
		const co_bid_field *f = co_bid_field_find(b->responses, b->nresponses, r->questions[q].id);
		if (f)
			answers[q] = (co_answer){f->line, f->words};
	}
	for (size_t g = 0; g < r->ngates; g++) {
		const co_bid_field *d = co_bid_field_find(b->decls, b->ndecls, r->gates[g].id);
		if (d)
			gates[g] = (co_gate_decl){d->line, (uint8_t)decl_value(d->text)};
	}
	for (size_t i = 0; i < r->np; i++) {
		const co_bid_field *f = co_bid_field_find(b->prices, b->nprices, r->prices[i].id);
		if (!f || !f->text)
			continue;
		size_t n = strlen(f->text) + 1;
		e->ps[i].text = memcpy(text, f->text, n);
		e->ps[i].line = f->line;
		text += n;
	}
	for (size_t i = 0; i < b->nschemes; i++) {
		long s = co_rules_find_scheme(r, b->schemes[i].key);
		if (s >= 0)
			named[s] = 1;
	}
	e->names_schemes = b->nschemes > 0;
	return 0;
}

typedef struct {
	co_result *res;
	const co_paths *bids;
	const co_xschema *schema;
	atomic_size_t next; /* the next file to take */
	atomic_size_t done; /* files read, for the progress reports */
	atomic_int failed;  /* out of memory in some worker */
	int keep_text;      /* keep the responses (else only each answer's line and word count) */
	const co_progress *progress; /* told as files are read, or NULL */
	pthread_mutex_t draw; /* one thread reports progress at a time; the others skip it */
} job;

/* What progress reports call this step. */
static const char label[] = "reading bids";

/* One worker: the job, and its own arena for the blocks and packed bids of the entries it reads. */
typedef struct {
	job *j;
	co_arena blocks;
} worker_ctx;

/*
 * Each worker takes the next unread file until none is left. A file's entry is written by
 * the one worker that took it, from that file alone, so the order in which workers finish
 * cannot change the result. The calling thread is one of the workers, so one thread means
 * no thread is started; progress is reported by whichever worker finds the lock free.
 */
static void *worker(void *arg)
{
	worker_ctx *w = arg;
	job *j = w->j;
	size_t n = co_paths_count(j->bids);
	for (size_t i; (i = atomic_fetch_add(&j->next, 1)) < n && !atomic_load(&j->failed);) {
		if (co_bid_read(&j->res->entries[i].bid, co_paths_at(j->bids, i), co_paths_source(j->bids, i), j->schema,
		                j->keep_text))
			atomic_store(&j->failed, 1);
		co_entry *e = &j->res->entries[i];
		/* What the stages use of the bid's body goes to the entry; the pack keeps it only with keep_text. */
		if (e->bid && (co_entry_take_bid(e, j->res->rules, &w->blocks) || co_bid_pack(&e->bid, j->keep_text, &w->blocks)))
			atomic_store(&j->failed, 1);
		atomic_fetch_add(&j->done, 1);
		/* Read under the lock, so that the reports never go back; the last one is the caller's. */
		if (j->progress && pthread_mutex_trylock(&j->draw) == 0) {
			size_t done = atomic_load(&j->done);
			if (done < n)
				j->progress->fn(j->progress->ctx, label, done, n);
			pthread_mutex_unlock(&j->draw);
		}
	}
	return NULL;
}

int co_result_read_bids(co_result *res, const co_paths *bids, int threads, const co_progress *progress, int keep_text)
{
	co_xschema *schema = NULL;
	pthread_t *th = NULL;
	worker_ctx *w = NULL;
	int started = 0;
	int rc = co_xschema_load(&schema, CO_SCHEMA_BID);
	if (rc)
		return rc;
	size_t n = co_paths_count(bids);
	res->entries = calloc(n ? n : 1, sizeof(*res->entries));
	rc = CO_ERROR;
	if (!res->entries)
		goto out;
	res->n = n;
	for (size_t i = 0; i < n; i++)
		co_entry_init(&res->entries[i]);
	if (threads < 1)
		threads = 1;
	if ((size_t)threads > n)
		threads = n ? (int)n : 1;
	job j = {.res = res, .bids = bids, .schema = schema, .keep_text = keep_text,
	         .progress = progress && progress->fn && n ? progress : NULL};
	atomic_init(&j.next, 0);
	atomic_init(&j.done, 0);
	atomic_init(&j.failed, 0);
	pthread_mutex_init(&j.draw, NULL);
	th = calloc((size_t)threads, sizeof(*th));
	w = calloc((size_t)threads, sizeof(*w));
	if (!th || !w) {
		pthread_mutex_destroy(&j.draw);
		goto out;
	}
	if (j.progress)
		j.progress->fn(j.progress->ctx, label, 0, n);
	for (int i = 0; i < threads; i++)
		w[i].j = &j;
	for (; started < threads - 1; started++) /* fewer threads start if the system refuses */
		if (pthread_create(&th[started], NULL, worker, &w[started + 1]) != 0)
			break;
	worker(&w[0]);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < threads; i++) /* the blocks are the result's from now on */
		co_arena_take(&res->blocks, &w[i].blocks);
	pthread_mutex_destroy(&j.draw);
	if (j.progress)
		j.progress->fn(j.progress->ctx, label, n, n);
	rc = atomic_load(&j.failed) ? CO_ERROR : 0;
out:
	free(th);
	free(w);
	co_xschema_free(schema);
	return rc;
}
