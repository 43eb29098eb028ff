/*
 * Process control for test servers: see server.h for the protocol.
 */
#define _POSIX_C_SOURCE 200809L
#include "server.h"
#include "test_time.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* As test_server_read_line, with the wait already scaled. */
static int read_line(test_server *s, char *buf, int cap, int timeout_ms)
{
    long deadline = now_ms() + timeout_ms;
    int len = 0;
    while (len < cap - 1) {
        long left = deadline - now_ms();
        if (left <= 0)
            return -1;
        struct pollfd p = {.fd = s->out_fd, .events = POLLIN};
        int r = poll(&p, 1, (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        /* One byte at a time: later lines must stay in the pipe. */
        char ch;
        ssize_t n = read(s->out_fd, &ch, 1);
        if (n <= 0)
            return -1;
        if (ch == '\n')
            break;
        buf[len++] = ch;
    }
    buf[len] = '\0';
    return len;
}

int test_server_read_line(test_server *s, char *buf, int cap, int timeout_ms)
{
    return read_line(s, buf, cap, test_ms(timeout_ms));
}

int test_server_start(test_server *s, char *const argv[], int timeout_ms)
{
    int fds[2];
    memset(s, 0, sizeof(*s));
    s->out_fd = -1;
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "test server: cannot run %s: %s\n", argv[0],
                strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    s->pid = pid;
    s->out_fd = fds[0];
    char line[128];
    if (read_line(s, line, sizeof line, test_ms(timeout_ms)) < 0 ||
        strncmp(line, "PORT ", 5) != 0) {
        fprintf(stderr, "test server %s did not report its port\n", argv[0]);
        test_server_stop(s);
        return -1;
    }
    s->port = (int)strtol(line + 5, NULL, 10);
    return s->port > 0 ? 0 : -1;
}

void test_server_stop(test_server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        long deadline = now_ms() + test_ms(3000);
        int done = 0;
        while (!done && now_ms() < deadline) {
            pid_t r = waitpid(s->pid, NULL, WNOHANG);
            if (r == s->pid || r < 0)
                done = 1;
            else {
                struct timespec ts = {0, 10 * 1000 * 1000};
                nanosleep(&ts, NULL);
            }
        }
        if (!done) {
            kill(s->pid, SIGKILL);
            waitpid(s->pid, NULL, 0);
        }
        s->pid = 0;
    }
    if (s->out_fd >= 0) {
        close(s->out_fd);
        s->out_fd = -1;
    }
}

const char *test_python(void)
{
    const char *p = getenv("APICC_TEST_PYTHON");
    return p && *p ? p : "/usr/bin/python3";
}

const char *test_servers_dir(void)
{
    const char *d = getenv("APICC_TEST_SERVERS");
    return d && *d ? d : "tests/servers";
}
