/* A call run in a child process: its status and diagnostics passed back through a pipe, its crash contained. */
#include "base/contain.h"
#include "base/diag.h"
#include "base/outfile.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Most bytes of diagnostics passed back: beyond it the rest is dropped, the status kept. */
#define CONTAIN_MAX_TEXT (256 * 1024)

/* The child: run fn, send each diagnostic line then the status, and leave without running exit handlers. */
static void child(int fd, int (*fn)(void *, co_diags *), void *arg)
{
	co_diags *d = co_diags_new();
	int32_t rc = d ? fn(arg, d) : CO_ERROR;
	size_t sent = 0;
	for (size_t i = 0; i < co_diags_count(d); i++) {
		const char *line = co_diags_at(d, i);
		size_t len = strlen(line);
		if (sent + len + 1 > CONTAIN_MAX_TEXT)
			break;
		if (co_write_all(fd, line, len + 1))
			_exit(1);
		sent += len + 1;
	}
	/* The status last, after a NUL that no line holds at its start: "\0" then four bytes. */
	if (co_write_all(fd, "", 1) || co_write_all(fd, &rc, sizeof(rc)))
		_exit(1);
	_exit(0);
}

int co_contained(int (*fn)(void *arg, co_diags *diags), void *arg, co_diags *diags)
{
	int fds[2];
	char *buf = NULL;
	size_t len = 0, cap = 0;
	if (pipe(fds))
		return CO_ERROR;
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return CO_ERROR;
	}
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], fn, arg);
	}
	close(fds[1]);
	int rc = CO_ERROR, oom = 0;
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? 2 * cap : 4096;
			char *nb = ncap <= CONTAIN_MAX_TEXT + 64 ? realloc(buf, ncap) : NULL;
			if (!nb) {
				oom = 1;
				break;
			}
			buf = nb;
			cap = ncap;
		}
		ssize_t r = read(fds[0], buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fds[0]);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	/* A child that ended normally sent its lines, a NUL, and its status. */
	int32_t child_rc;
	if (!oom && WIFEXITED(status) && WEXITSTATUS(status) == 0 && len >= 1 + sizeof(child_rc) &&
	    buf[len - 1 - sizeof(child_rc)] == '\0') {
		memcpy(&child_rc, buf + len - sizeof(child_rc), sizeof(child_rc));
		rc = child_rc;
		for (size_t i = 0; i + 1 + sizeof(child_rc) < len;) {
			const char *line = buf + i;
			size_t l = strlen(line);
			/* Each line is "PLACE: message" already: added whole, with no place of its own. */
			if (co_diag_line(diags, line))
				rc = CO_ERROR;
			i += l + 1;
		}
	}
	free(buf);
	return rc;
}
