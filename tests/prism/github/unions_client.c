/*
 * Calls the GitHub excerpt's operations against Prism (argv[1], its base
 * URL) through the client generated from the imported excerpt, and
 * checks that each response, a union, parsed into the alternative its
 * example is: GET /user's example is a private user (the first
 * alternative), GET /users/{username}'s a public user (the second: the
 * first does not fit, it lacks the private members), an installation's
 * account a simple user (anyOf simple-user | enterprise).  Neither
 * example carries the discriminator member, so the choice is by shape.
 * Prints "ok NAME" or "not ok NAME: why" per check.
 */
#include <stdio.h>
#include <string.h>

#include "ghx.h"

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

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: unions_client BASE_URL\n");
        return 2;
    }
    apicc_client *c = ghx_client_new(argv[1]);
    if (!c)
        return 2;

    ghx_users_get_authenticated_response *me = NULL;
    apicc_status st = ghx_users_get_authenticated(c, &me);
    const ghx_private_user *priv =
        st == APICC_OK ? ghx_users_get_authenticated_response_as_private_user(me)
                       : NULL;
    check(priv != NULL && strcmp(priv->login, "octocat") == 0 &&
              priv->private_gists == 81,
          "user_is_private_user", c);
    check(st == APICC_OK &&
              ghx_users_get_authenticated_response_as_public_user(me) == NULL,
          "user_is_not_public_user", c);
    ghx_users_get_authenticated_response_free(me);

    /* The same inline oneOf as GET /user's answer: one union type. */
    ghx_users_get_authenticated_response *other = NULL;
    st = ghx_users_get_by_username(c, "octocat", &other);
    const ghx_public_user *pub =
        st == APICC_OK ? ghx_users_get_authenticated_response_as_public_user(other)
                       : NULL;
    check(pub != NULL && strcmp(pub->login, "octocat") == 0,
          "username_is_public_user", c);
    check(st == APICC_OK &&
              other->kind == GHX_USERS_GET_AUTHENTICATED_RESPONSE_PUBLIC_USER,
          "username_kind_public_user", c);
    ghx_users_get_authenticated_response_free(other);

    ghx_installation *inst = NULL;
    st = ghx_apps_get_installation(c, 1, &inst);
    const ghx_simple_user *owner =
        st == APICC_OK && inst->account
            ? ghx_installation_account_as_simple_user(inst->account)
            : NULL;
    check(owner != NULL && strcmp(owner->login, "octocat") == 0,
          "installation_account_is_simple_user", c);
    check(st == APICC_OK && inst->account &&
              ghx_installation_account_as_enterprise(inst->account) == NULL,
          "installation_account_is_not_enterprise", c);
    ghx_installation_free(inst);

    apicc_client_free(c);
    return failures ? 1 : 0;
}
