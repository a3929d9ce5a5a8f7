/* caseload.h — the rules that look across the cases of one run (domain.md
 * §5.7 R51): what no single case folder can tell.
 *
 * R51 (advarsel): a bostøttemedarbejder with more than 10 active CTI or
 * more than 8 active ICM young people (000:594-596, 660-662). The worker is
 * known across case folders by name: each case has its own person ids.
 * Active on the reference date: the case is aktiv and the support has not
 * ended (no bostoette.slut, or one after the date). Written in C, not as a
 * rule file, because a rule file sees one case at a time.
 */
#ifndef SD_CASELOAD_H
#define SD_CASELOAD_H

#include "diag.h"
#include "records.h"

#include <stddef.h>

#define SD_CTI_CASELOAD 10
#define SD_ICM_CASELOAD 8

/* Adds an R51 warning at the bostoette.medarbejder of every case of a
 * worker over the limit. The records are borrowed. */
void sd_caseload_check(sd_records *const *cases, size_t n, long ref_day, sd_diags *diags);

#endif
