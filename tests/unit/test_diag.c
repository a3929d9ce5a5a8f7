/* test_diag.c — diagnostics are kept once, also after sorting and moving,
 * without comparing each against all before it. */
#include "check.h"
#include "diag.h"
#include <stdlib.h>
int main(void)
{
    sd_diags *d = sd_diags_new();
    for (int i = 0; i < 100000; i++)
        sd_diag(d, SD_ERROR, "f.yaml", (unsigned)(i % 5000) + 1, 1, "besked %d", i % 5000);
    CHECK(sd_diags_count(d, SD_ERROR) == 5000, "duplicates kept once: %zu", sd_diags_count(d, SD_ERROR));
    sd_diag(d, SD_WARNING, "f.yaml", 1, 1, "besked 0");
    CHECK(sd_diags_count(d, SD_WARNING) == 1, "a warning is not an error's duplicate");
    FILE *f = fopen("/dev/null", "w");
    sd_diags_print(d, f);
    sd_diag(d, SD_ERROR, "f.yaml", 1, 1, "besked 0");
    CHECK(sd_diags_count(d, SD_ERROR) == 5000, "still found after sorting");
    sd_diags *e = sd_diags_new();
    sd_diag(e, SD_ERROR, "g.yaml", 2, 3, "x");
    sd_diag(e, SD_ERROR, "f.yaml", 1, 1, "besked 0");
    sd_diags_move(d, e);
    CHECK(sd_diags_count(d, SD_ERROR) == 5001 && sd_diags_count(e, SD_ERROR) == 0, "move");
    sd_diag(e, SD_ERROR, "g.yaml", 2, 3, "x");
    CHECK(sd_diags_count(e, SD_ERROR) == 1, "emptied list takes new diagnostics");
    fclose(f);
    sd_diags_free(d);
    sd_diags_free(e);
    return CHECK_REPORT();
}
