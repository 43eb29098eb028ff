/*
 * Calls every operation of media.yaml through the client apicc imports
 * and generates from it, against Prism mocking the same document: a
 * multipart upload streamed from a file, a download into a file and into
 * memory, a text answer, a JSON array body answered 201 or 200 (each
 * read into its own member), and a POST without a body.  Prints "ok
 * NAME DETAIL" per call whose typed answer was read, "FAIL ..."
 * otherwise; test_media_prism.sh checks these and Prism's log.
 *
 *   media_calls BASE_URL WORK_DIR
 */
#include <stdio.h>
#include <string.h>

#include "media/media.h"

static int failures;

static void report(apicc_client *c, const char *name, apicc_status st,
                   const char *detail)
{
    if (st == APICC_OK && detail) {
        printf("ok %s %s\n", name, detail);
        return;
    }
    const apicc_error *e = apicc_client_error(c);
    printf("FAIL %s: %s (HTTP %ld) %s\n", name, e->message, e->http_status,
           e->body ? e->body : "");
    failures++;
}

/* The first line of a file, for the download written to one. */
static const char *first_line(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f || !fgets(buf, (int)cap, f)) {
        if (f)
            fclose(f);
        return NULL;
    }
    fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    apicc_client *c = media_client_new(argv[1]);
    if (!c)
        return 2;
    apicc_client_set_timeout_ms(c, 30000);
    char path[512], detail[600];

    snprintf(path, sizeof path, "%s/upload.txt", argv[2]);
    FILE *f = fopen(path, "wb");
    if (!f || fputs("hello upload\n", f) < 0 || fclose(f) != 0)
        return 2;
    apicc_file file = {.path = path};
    media_upload_file_request up = {
        .purpose = MEDIA_UPLOAD_FILE_REQUEST_PURPOSE_FINE_TUNE,
        .file = &file};
    media_file *stored = NULL;
    apicc_status st = media_upload_file(c, &up, &stored);
    snprintf(detail, sizeof detail, "%s", stored ? stored->id : "");
    report(c, "upload_file", st, stored ? detail : NULL);
    media_file_free(stored);

    snprintf(path, sizeof path, "%s/download.bin", argv[2]);
    apicc_download to_file = {.to_path = path};
    st = media_download_file(c, "file-1", &to_file);
    char line[256];
    report(c, "download_file_to_file", st,
           st == APICC_OK ? first_line(path, line, sizeof line) : NULL);

    apicc_download mem = {0};
    st = media_download_file(c, "file-1", &mem);
    report(c, "download_file_to_memory", st, mem.data);
    apicc_download_free(&mem);

    apicc_download note = {0};
    st = media_latest_note(c, &note);
    report(c, "latest_note", st, note.data);
    apicc_download_free(&note);

    static const char *const tags[] = {"a", "b"};
    media_replace_tags_body body = {.items = tags, .n_items = 2};
    media_replace_tags_result r = {0};
    /* Prism answers the status a request prefers */
    apicc_header prefer = {"Prefer", "code=201"};
    apicc_call_options o = {.headers = &prefer, .nheaders = 1};
    apicc_client_set_next_call(c, &o);
    st = media_replace_tags(c, &body, &r);
    snprintf(detail, sizeof detail, "%ld %zu tags", r.status,
             r.status_201 ? r.status_201->n_tags : (size_t)0);
    report(c, "replace_tags_201", st,
           r.status == 201 && r.status_201 && !r.status_200 ? detail : NULL);
    /* the same result again: the 201 answer is freed, the 200 read */
    prefer.value = "code=200";
    apicc_client_set_next_call(c, &o);
    st = media_replace_tags(c, &body, &r);
    snprintf(detail, sizeof detail, "%ld replaced %lld", r.status,
             r.status_200 ? (long long)r.status_200->replaced : -1LL);
    report(c, "replace_tags_200", st,
           r.status == 200 && r.status_200 && !r.status_201 ? detail : NULL);
    media_replace_tags_result_free(&r);

    st = media_cancel_job(c, "job-1");
    snprintf(detail, sizeof detail, "%ld", apicc_client_last_http_status(c));
    report(c, "cancel_job", st, detail);

    apicc_client_free(c);
    return failures ? 1 : 0;
}
