/*
 * Calls four operations of Twilio's twilio_api_v2010.json (an excerpt:
 * twilio_api_v2010_excerpt.json) through the client apicc imports and
 * generates from it, against Prism mocking the same excerpt: three form
 * bodies (create Message with MediaUrl repeated, create Call, update an
 * IncomingPhoneNumber) and a list of Messages.  Prints one "ok NAME
 * DETAIL" line per call whose typed answer was read, "FAIL ..."
 * otherwise; test_twilio_prism.sh checks both these and Prism's log.
 *
 *   twilio_calls BASE_URL
 */
#include <stdio.h>
#include <string.h>

#include "twilio/twilio.h"

#define ACCOUNT "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static int failures;

/* A member Prism's generated answer may leave out. */
static const char *shown(const char *s)
{
    return s ? s : "(absent)";
}

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

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    apicc_client *c = twilio_client_new(argv[1]);
    if (!c)
        return 2;
    apicc_client_set_timeout_ms(c, 30000);
    twilio_set_account_sid_auth_token(c, ACCOUNT, "token");
    /* Some of the document's own examples break its formats (an empty
     * "uri"), which Prism --errors reports as its own 500: answers are
     * generated from the schemas instead. */
    apicc_client_add_header(c, "Prefer", "dynamic=true");

    static const char *const media[] = {"https://demo.example/a.png",
                                        "https://demo.example/b.png"};
    twilio_create_message_request m = {.to = "+14155552345",
                                       .from = "+14155551234",
                                       .body = "Hello & welcome",
                                       .media_url = media,
                                       .n_media_url = 2};
    twilio_api_v2010_account_message *msg = NULL;
    apicc_status st = twilio_create_message(c, ACCOUNT, &m, &msg);
    report(c, "create_message", st, msg ? shown(msg->sid) : NULL);
    twilio_api_v2010_account_message_free(msg);

    twilio_create_call_request call = {.to = "+14155552345",
                                       .from = "+14155551234",
                                       .url = "https://demo.example/twiml"};
    twilio_api_v2010_account_call *cl = NULL;
    st = twilio_create_call(c, ACCOUNT, &call, &cl);
    report(c, "create_call", st, cl ? shown(cl->sid) : NULL);
    twilio_api_v2010_account_call_free(cl);

    twilio_update_incoming_phone_number_request up = {
        .friendly_name = "Front desk",
        .sms_url = "https://demo.example/sms"};
    twilio_api_v2010_account_incoming_phone_number *num = NULL;
    st = twilio_update_incoming_phone_number(
        c, ACCOUNT, "PNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &up, &num);
    report(c, "update_incoming_phone_number", st,
           num ? shown(num->friendly_name) : NULL);
    twilio_api_v2010_account_incoming_phone_number_free(num);

    twilio_list_message_params lp = {.to = "+14155552345"};
    twilio_list_message_response *list = NULL;
    st = twilio_list_message(c, ACCOUNT, &lp, &list);
    char detail[64];
    snprintf(detail, sizeof detail, "%zu messages",
             list ? list->n_messages : (size_t)0);
    report(c, "list_message", st, list ? detail : NULL);
    twilio_list_message_response_free(list);

    apicc_client_free(c);
    return failures ? 1 : 0;
}
