/* xpathfn.h — the XPath extension functions and variables that rules
 * (validate.c) and templates (template.c) share. They are registered in the
 * namespace "urn:samdoc" (prefix "sd" in rules and templates).
 *
 * Functions (every string argument takes a node-set's string value, as
 * XPath's string() does):
 *   sd:dag(s)            day number of ISO date s, NaN if s is no real date
 *   sd:dato(n)           "10. marts 2026" for day number n ("" if NaN)
 *   sd:dato-ugedag(n)    "tirsdag den 10. marts 2026"
 *   sd:dato-kort(n)      "10.03.2026"
 *   sd:ugedag(n)         0 = mandag … 6 = søndag
 *   sd:tid(s)            minutes since midnight of "HH:MM", NaN if invalid
 *   sd:alder(born, on)   whole years between two day numbers
 *   sd:cpr-form(s)       true if s has the CPR form (DDMMYY-SSSS, hyphen
 *                        optional, or masked DDMMYY-XXXX)
 *   sd:cpr-maskeret(s)   true if s is a masked CPR
 *   sd:cpr-dag(s)        day number of the birth date in the CPR, NaN if none
 *   sd:format(name, s)   sd_format() of text.h; "" if s does not parse
 *   sd:plus-maaneder(n, k)  day number n plus k calendar months
 * Variables set by sd_xpath_setup:
 *   $idag    day number of the reference date (today or --dato)
 *   $blank   true when rendering the empty form
 *   $cpr_fuld  true when --cpr full was given
 */
#ifndef SD_XPATHFN_H
#define SD_XPATHFN_H

#include <libxml/xpath.h>

#define SD_XPATH_NS "urn:samdoc"

/* Registers the "sd" namespace, the functions and the variables above on
 * `ctx`. ref_day is a day number (text.h). */
void sd_xpath_setup(xmlXPathContextPtr ctx, long ref_day, int blank, int cpr_full);

#endif
