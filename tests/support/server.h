/*
 * Starts and stops the local servers that tests talk to.
 *
 * A server is any program that binds 127.0.0.1 on port 0 (a free port the
 * kernel picks), then prints one line "PORT <n>" on stdout and flushes it.
 * test_server_start waits for that line for at most timeout_ms, so a server
 * that fails to start never hangs a test.  test_server_stop sends SIGTERM,
 * waits a bounded time, then SIGKILLs.  Every wait here is stretched by
 * the run's time scale (test_time.h).
 */
#ifndef APICC_TESTS_SERVER_H
#define APICC_TESTS_SERVER_H

#include <sys/types.h>

typedef struct test_server {
    pid_t pid;
    int port;
    int out_fd; /* the server's stdout, still open for later lines */
} test_server;

/* argv[0] is looked up in PATH.  Returns 0 and fills *s, or -1 with a
 * message on stderr. */
int test_server_start(test_server *s, char *const argv[], int timeout_ms);

/* Reads one more line the server printed (e.g. "CONNECTIONS 1").
 * Returns its length, or -1 on timeout or end of file. */
int test_server_read_line(test_server *s, char *buf, int cap, int timeout_ms);

/* Stops the server; harmless on a server that already exited. */
void test_server_stop(test_server *s);

/* The Debian python3 (which sees python3-websockets), not the pyenv one. */
const char *test_python(void);

/* Directory of tests/servers, from APICC_TEST_SERVERS or the source tree. */
const char *test_servers_dir(void);

#endif
