/*
 * Specs from the command line: see spec_input.h.
 */
#include "output/spec_input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/file_io.h"
#include "load/yaml_tree.h"

/* Whether a line at column 0 starts with the top-level key `key:`, bare
 * or quoted: block YAML puts top-level keys there. */
static int yaml_top_key(const char *text, const char *key)
{
    size_t n = strlen(key);
    for (const char *line = text; line; line = strchr(line, '\n')) {
        if (*line == '\n')
            line++;
        const char *p = line;
        char quote = (*p == '"' || *p == '\'') ? *p++ : 0;
        if (strncmp(p, key, n) != 0)
            continue;
        p += n;
        if (quote && *p++ != quote)
            continue;
        if (*p == ':')
            return 1;
    }
    return 0;
}

/* An OpenAPI 3 or Swagger 2 document, JSON or YAML: its top level has
 * `openapi:` or `swagger:`, which an apicc spec never has. */
static int is_openapi(const char *text, size_t len)
{
    const char *p = text;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    if (*p == '{') {
        cJSON *root = cJSON_ParseWithLength(text, len);
        int yes = cJSON_IsObject(root) &&
                  (cJSON_GetObjectItemCaseSensitive(root, "openapi") ||
                   cJSON_GetObjectItemCaseSensitive(root, "swagger"));
        cJSON_Delete(root);
        if (yes)
            return 1;
    }
    return yaml_top_key(text, "openapi") || yaml_top_key(text, "swagger");
}

spec *spec_input_load(const char *arg, const spec_select *sel, diag *d)
{
    int from_stdin = strcmp(arg, "-") == 0;
    const char *name = from_stdin ? SPEC_INPUT_STDIN_NAME : arg;
    size_t len = 0;
    char *text = file_read_input(arg, YTREE_MAX_BYTES, &len, d);
    if (!text)
        return NULL;
    if (is_openapi(text, len)) {
        /* Why not import it in memory: see "apicc generate --help". */
        diag_error(d, name, 0, 0,
                   "this is an OpenAPI or Swagger document, not an apicc "
                   "spec: make a spec of it with `apicc import openapi %s "
                   "-o SPEC.yaml`, then generate from SPEC.yaml",
                   from_stdin ? "-" : arg);
        free(text);
        return NULL;
    }
    spec *s = spec_load_buffer(name, text, len, d);
    free(text);
    if (s && spec_select_apply(s, sel, d) != 0) {
        spec_free(s);
        return NULL;
    }
    if (s && spec_validate(s, d) != 0) {
        spec_free(s);
        return NULL;
    }
    return s;
}

char *spec_input_display_name(const char *arg)
{
    if (strcmp(arg, "-") == 0)
        return str_dup(SPEC_INPUT_STDIN_NAME);
    const char *slash = strrchr(arg, '/');
    return str_dup(slash ? slash + 1 : arg);
}
