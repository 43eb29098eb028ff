/*
 * Calls the OpenAI excerpt's operations against Prism (argv[1], its base
 * URL) through the client generated from the imported excerpt, and
 * checks that the unions in each answer parsed into the alternative the
 * answer holds.  Prism answers from the schemas (the excerpt has no
 * examples), taking the first alternative of each oneOf:
 *
 *  - a chat completion's tool call is a function call: the union has a
 *    discriminator ("type": "function"), so it picks by that value;
 *  - a thread message's content part is an image file, and a run step's
 *    details a message creation: those unions have no discriminator, so
 *    the first alternative whose required members and enum values fit is
 *    taken (each part's "type" is an enum of one value).
 *
 * The requests carry a bearer token: the excerpt keeps OpenAI's security
 * scheme, and Prism refuses a request without it.  Prints "ok NAME" or
 * "not ok NAME: why" per check.
 */
#include <stdio.h>
#include <string.h>

#include "oai.h"

static int failures;

static void check(int cond, const char *name, const apicc_client *c)
{
    if (cond) {
        printf("ok %s\n", name);
        return;
    }
    failures++;
    printf("not ok %s: %s\n", name, apicc_client_error(c)->message);
}

static void chat_completion(apicc_client *c)
{
    oai_create_chat_completion_response *r = NULL;
    apicc_status st = oai_get_chat_completion(c, "chatcmpl-1", &r);
    const oai_chat_completion_response_message *msg =
        st == APICC_OK && r->n_choices > 0 ? r->choices[0]->message : NULL;
    const oai_chat_completion_message_tool_calls *call =
        msg && msg->n_tool_calls > 0 ? msg->tool_calls[0] : NULL;
    const oai_chat_completion_message_tool_call *fn =
        call ? oai_chat_completion_message_tool_calls_as_chat_completion_message_tool_call(call)
             : NULL;
    check(fn != NULL &&
              fn->type == OAI_CHAT_COMPLETION_MESSAGE_TOOL_CALL_TYPE_FUNCTION &&
              fn->function && fn->function->name,
          "tool_call_is_function_call", c);
    check(call != NULL &&
              call->kind == OAI_CHAT_COMPLETION_MESSAGE_TOOL_CALLS_CHAT_COMPLETION_MESSAGE_TOOL_CALL &&
              oai_chat_completion_message_tool_calls_as_chat_completion_message_custom_tool_call(call) == NULL,
          "tool_call_is_not_custom_call", c);
    oai_create_chat_completion_response_free(r);
}

static void message(apicc_client *c)
{
    oai_message_object *m = NULL;
    apicc_status st = oai_get_message(c, "thread_1", "msg_1", &m);
    const oai_message_object_content *part =
        st == APICC_OK && m->n_content > 0 ? m->content[0] : NULL;
    const oai_message_content_image_file_object *img =
        part ? oai_message_object_content_as_message_content_image_file_object(part)
             : NULL;
    check(img != NULL &&
              img->type == OAI_MESSAGE_CONTENT_IMAGE_FILE_OBJECT_TYPE_IMAGE_FILE &&
              img->image_file && img->image_file->file_id,
          "content_part_is_image_file", c);
    check(part != NULL &&
              oai_message_object_content_as_message_content_text_object(part) == NULL &&
              oai_message_object_content_as_message_content_image_url_object(part) == NULL,
          "content_part_is_no_other", c);
    oai_message_object_free(m);
}

static void run_step(apicc_client *c)
{
    oai_run_step_object *s = NULL;
    apicc_status st = oai_get_run_step(c, "thread_1", "run_1", "step_1", NULL, &s);
    const oai_run_step_object_step_details *d =
        st == APICC_OK ? s->step_details : NULL;
    const oai_run_step_details_message_creation_object *made =
        d ? oai_run_step_object_step_details_as_run_step_details_message_creation_object(d)
          : NULL;
    check(made != NULL &&
              made->type == OAI_RUN_STEP_DETAILS_MESSAGE_CREATION_OBJECT_TYPE_MESSAGE_CREATION &&
              made->message_creation && made->message_creation->message_id,
          "step_details_is_message_creation", c);
    check(d != NULL &&
              d->kind == OAI_RUN_STEP_OBJECT_STEP_DETAILS_RUN_STEP_DETAILS_MESSAGE_CREATION_OBJECT &&
              oai_run_step_object_step_details_as_run_step_details_tool_calls_object(d) == NULL,
          "step_details_is_not_tool_calls", c);
    oai_run_step_object_free(s);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: unions_client BASE_URL\n");
        return 2;
    }
    apicc_client *c = oai_client_new(argv[1]);
    if (!c)
        return 2;
    if (oai_set_api_key_auth(c, "sk-test-not-a-key") != APICC_OK) {
        apicc_client_free(c);
        return 2;
    }
    chat_completion(c);
    message(c);
    run_step(c);
    apicc_client_free(c);
    return failures ? 1 : 0;
}
