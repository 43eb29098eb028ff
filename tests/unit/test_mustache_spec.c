/*
 * The official mustache spec suite, run against the engine.
 *
 * Reads the JSON form of each module from $APICC_MUSTACHE_SPEC, or from
 * mustache-spec in the shared folder beside the repository ($APICC_SHARED,
 * default ../shared).  The suite is not part of the repository: when its
 * folder is not there at all (a fresh clone) each module is counted as
 * skipped, with the reason; a folder that is there but lacks a module, or
 * a folder named by $APICC_MUSTACHE_SPEC that is missing, is a failure,
 * never a silent pass.  ~lambdas is left out: lambdas are code, and apicc
 * renders JSON data, which cannot carry any.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/diag.h"
#include "harness.h"
#include "mustache/mustache.h"
#include "output/templates.h"

static const char *const modules[] = {
    "comments", "delimiters", "interpolation", "inverted", "partials",
    "sections", "~inheritance", "~dynamic-names",
};

static const char *partial_from_json(void *ctx, const char *name, size_t *len)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive((const cJSON *)ctx, name);
    if (!cJSON_IsString(p))
        return NULL;
    *len = strlen(p->valuestring);
    return p->valuestring;
}

static void run_case(const char *module, const cJSON *t)
{
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(t, "name");
    const cJSON *tmpl = cJSON_GetObjectItemCaseSensitive(t, "template");
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(t, "data");
    const cJSON *want = cJSON_GetObjectItemCaseSensitive(t, "expected");
    const cJSON *partials = cJSON_GetObjectItemCaseSensitive(t, "partials");
    char label[256];
    snprintf(label, sizeof label, "%s: %s", module,
             cJSON_IsString(name) ? name->valuestring : "?");
    harness_case_failed = 0;
    harness_case_name = label;
    if (!cJSON_IsString(tmpl) || !cJSON_IsString(want)) {
        FAIL("malformed spec case");
    } else {
        diag d;
        diag_init(&d);
        tmpl_options opt = {.escape = TMPL_ESCAPE_HTML,
                            .partial = partial_from_json,
                            .partial_ctx = (void *)partials};
        size_t len = 0;
        char *got = tmpl_render(tmpl->valuestring, strlen(tmpl->valuestring),
                                data, &opt, &d, &len);
        if (!got) {
            char *msg = d.count ? diag_format(&d, 0) : NULL;
            FAIL("render failed: %s", msg ? msg : "(no message)");
            free(msg);
        } else if (len != strlen(want->valuestring) ||
                   memcmp(got, want->valuestring, len) != 0) {
            char *t_json = cJSON_PrintUnformatted(tmpl);
            cJSON *g = cJSON_CreateString(got);
            char *g_json = cJSON_PrintUnformatted(g);
            char *w_json = cJSON_PrintUnformatted(want);
            FAIL("template %s\n  got  %s\n  want %s", t_json, g_json, w_json);
            free(t_json);
            free(g_json);
            free(w_json);
            cJSON_Delete(g);
        }
        free(got);
        diag_free(&d);
    }
    if (harness_case_failed)
        harness_failed++;
    else
        harness_passed++;
}

int main(void)
{
    const char *named = getenv("APICC_MUSTACHE_SPEC");
    const char *shared = getenv("APICC_SHARED");
    char dir[4096];
    if (named && *named)
        snprintf(dir, sizeof dir, "%s", named);
    else
        snprintf(dir, sizeof dir, "%s/mustache-spec",
                 shared && *shared ? shared : "../shared");
    struct stat st;
    int absent = !(named && *named) && stat(dir, &st) != 0;
    int found = 0;
    for (size_t m = 0; m < sizeof modules / sizeof modules[0]; m++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s.json", dir, modules[m]);
        if (absent) {
            char why[4400];
            snprintf(why, sizeof why,
                     "%s is not there: the shared data is not beside this "
                     "clone (set APICC_MUSTACHE_SPEC to the suite's folder)",
                     dir);
            harness_skip(modules[m], why);
            continue;
        }
        size_t len = 0;
        char *text = tmpl_read_file(path, &len);
        if (!text) {
            harness_case_name = modules[m];
            harness_case_failed = 0;
            FAIL("mustache spec module missing: %s (set APICC_MUSTACHE_SPEC "
                 "to the spec's folder)", path);
            harness_failed++;
            continue;
        }
        found++;
        cJSON *doc = cJSON_ParseWithLength(text, len);
        free(text);
        const cJSON *tests = cJSON_GetObjectItemCaseSensitive(doc, "tests");
        if (!cJSON_IsArray(tests)) {
            harness_case_name = modules[m];
            FAIL("%s: no \"tests\" array", path);
            harness_failed++;
        }
        const cJSON *t;
        cJSON_ArrayForEach(t, tests) run_case(modules[m], t);
        cJSON_Delete(doc);
    }
    if (found)
        printf("SKIP ~lambdas: lambdas are code and do not apply to JSON "
               "data\n");
    return harness_report();
}
