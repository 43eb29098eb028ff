/*
 * Fuzz target: the runtime's bounded JSON parser (json_parse.c).  Any
 * input must be refused or give a tree that cJSON prints; that text must
 * parse again to a tree that prints the same (what the parser accepts,
 * it reads consistently); a parse into an arena (one arena for every
 * input, so its chunks are reused) must accept and refuse the same and
 * print the same; nothing may crash, read past the input or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static apicc__json_arena arena;

/* The arena's tree of the same input, printed; *accepted says whether
 * it was parsed at all. */
static char *arena_print(const char *text, size_t size, int *accepted)
{
    cJSON *json = apicc__json_arena_parse(&arena, text, size);
    *accepted = json != NULL;
    char *printed = json ? cJSON_PrintUnformatted(json) : NULL;
    apicc__json_arena_release(&arena, json);
    return printed;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size copy, so reading past the input shows */
    char *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    if (size)
        memcpy(copy, data, size);
    cJSON *json = apicc__json_parse_bounded(copy, size);
    int accepted = 0;
    char *from_arena = arena_print(copy, size, &accepted);
    free(copy);
    if ((json != NULL) != accepted)
        abort(); /* the arena and the parser disagree */
    if (!json) {
        cJSON_free(from_arena);
        return 0;
    }
    char *text = cJSON_PrintUnformatted(json);
    cJSON_Delete(json);
    if (text && from_arena && strcmp(text, from_arena) != 0)
        abort();
    cJSON_free(from_arena);
    if (!text)
        return 0;
    cJSON *again = apicc__json_parse_bounded(text, strlen(text));
    char *text2 = again ? cJSON_PrintUnformatted(again) : NULL;
    /* cJSON prints a non-finite number as null, which reads back fine */
    if (again && text2 && strcmp(text, text2) != 0)
        abort();
    cJSON_free(text2);
    cJSON_Delete(again);
    cJSON_free(text);
    return 0;
}
