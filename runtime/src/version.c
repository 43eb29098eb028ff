/*
 * The version of the library actually linked, which may differ from the
 * APICC_VERSION_* macros a program was compiled against.
 */
#include "apicc/version.h"

APICC_API const char *apicc_version(void)
{
    return APICC_VERSION_STRING;
}
