/* fuzz_load.c — libFuzzer target for load.c (sd_load_buffer). Not built by
 * `make`. Build and run from the repository root:
 *
 *   clang -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 \
 *     -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
 *     -I/usr/include/libxml2 -Igenerator tests/fuzz/fuzz_load.c \
 *     generator/load.c generator/records.c generator/diag.c generator/util.c \
 *     -lyaml -lxml2 -o /tmp/fuzz_load
 *   mkdir -p /tmp/fuzz_corpus
 *   find examples -name '*.yaml' -exec cp {} /tmp/fuzz_corpus/ \;
 *   /tmp/fuzz_load -max_total_time=60 -max_len=4096 -timeout=10 /tmp/fuzz_corpus
 *
 * Debian's libyaml and libxml2 are not instrumented, so coverage guidance
 * sees only our code; the sanitizers still check every access we make.
 * Besides crashes, the target asserts the contract: 0 means an appended
 * element and no error, -1 means at least one error and nothing appended.
 */
#include "load.h"
#include "records.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sd_records *r = sd_records_new("fuzz");
    sd_diags *d = sd_diags_new();
    int rc = sd_load_buffer(r, "fuzz.yaml", data, size, "fil", d);
    xmlNodePtr root = sd_records_root(r);
    size_t errors = sd_diags_count(d, SD_ERROR);
    if (rc == 0 && (errors != 0 || !root->children))
        abort();
    if (rc != 0 && (errors == 0 || root->children))
        abort();
    sd_diags_free(d);
    sd_records_free(r);
    return 0;
}
