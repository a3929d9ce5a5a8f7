/* fuzz_load.c — libFuzzer target for load.c (sd_load_buffer): one YAML
 * record file. Built by `make fuzz`, run by `make fuzz-smoke`
 * (tests/fuzz/run.sh), seeded with every record file of examples/ and
 * tests/ (tests/fuzz/seeds.sh). By hand:
 *
 *   make fuzz
 *   build/fuzz/fuzz_load -max_total_time=600 -timeout=10 build/fuzz/corpus/load DIR-OF-SEEDS
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
