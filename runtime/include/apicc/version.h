/*
 * Versions: the runtime headers' version, the ABI generated code was built
 * for, and the version of the library actually linked.
 */
#ifndef APICC_VERSION_H
#define APICC_VERSION_H

#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define APICC_VERSION_MAJOR 0
#define APICC_VERSION_MINOR 1
#define APICC_VERSION_PATCH 0
#define APICC_VERSION_STRING "0.1.0"

/* Bumped whenever the descriptors or calls that generated code uses
 * change.  Generated headers check it with #error. */
#define APICC_ABI_VERSION 6

/* The version of the linked library, e.g. "0.1.0". */
APICC_API const char *apicc_version(void);

#ifdef __cplusplus
}
#endif
#endif
