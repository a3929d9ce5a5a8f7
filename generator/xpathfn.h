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
 *   sd:ligner-cpr(s)     sd_looks_like_cpr(s) below
 *   sd:indeholder-ord(s, words)  sd_contains_word(s, words) below
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

/* Separators, below: white space (also no-break and thin spaces), hyphens and
 * dashes (also the soft hyphen and the minus sign), dots and slashes, as
 * people type them between the groups of a number ("23 08 06-42.34"). */

/* 1 if `s` without its separators has six digits in a row: it may hold a CPR
 * number or its date part, so a message must not echo it. */
int sd_has_cpr_digits(const char *s);

/* 1 if `s` holds a CPR number: ten characters in a row once separators are
 * removed, starting with a digit that begins a group of digits as written
 * (no digit just before it), the first six a real date DDMMYY (text.h
 * sd_cpr_parse, century from the 7th digit) and the last four digits or
 * XXXX. "230806-4234", "S2308064234", "23 08 06 42 34" and "230806-xxxx"
 * do; "2026-0147-0003" does not, though 2601470003 could be read out of it. */
int sd_looks_like_cpr(const char *s);

/* 1 if `haystack` contains, ignoring case (A-Z and the Latin-1 letters, so
 * also Æ/æ, Ø/ø, Å/å), a word of `words` of 3 or more letters. A word is a
 * run of letters: `words` is split at spaces, hyphens and any other
 * non-letter ("Anne-Marie O'Neil" gives Anne, Marie, Neil). */
int sd_contains_word(const char *haystack, const char *words);

#endif
