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
 *   sd:helligdag(n)      true if day number n is a holiday (sd_holiday_name)
 *   sd:helligdag-navn(n) its name, "påskedag"; "" if n is no holiday
 *   sd:periode-med-faerre(datoer, mindst, maaneder, start, slut, …)
 *                        sd_first_thin_period below: datoer is a node-set
 *                        of ISO dates, start and slut are day numbers, and
 *                        the end is the earliest slut that is not NaN;
 *                        NaN if every judged period has enough dates
 *   sd:blandt(nodes, known)      the nodes of `nodes` whose value is the
 *                        value of some node of `known`
 *   sd:ikke-blandt(nodes, known) … whose value is no node's of `known`
 *   sd:gentagne(nodes)   the nodes whose value is that of a node before
 *                        them in document order (each repeat, not the first)
 *                        Value: the string value; for an element with
 *                        element children (a list, e.g. [a, b]) the values
 *                        of the children in any order, so [a, b] = [b, a].
 *                        Linear (a hash table), where the XPath form
 *                        "item[id = $x]" per node is quadratic.
 *   sd:med-id(nodes, id) the nodes of `nodes` with an <id> child whose value
 *                        is the string `id`, in their order: nodes[id = $x]
 *                        through an index kept for the last few node-sets
 *                        (a table cell per row and meeting asks again and
 *                        again), so a lookup is a binary search
 * Variables set by sd_xpath_setup:
 *   $idag    day number of the reference date (today or --dato)
 *   $blank   true when rendering the empty form
 *   $cpr_fuld  true when --cpr full was given
 */
#ifndef SD_XPATHFN_H
#define SD_XPATHFN_H

#include <libxml/xpath.h>
#include <stddef.h>

#define SD_XPATH_NS "urn:samdoc"

/* Registers the "sd" namespace, the functions and the variables above on
 * `ctx`. ref_day is a day number (text.h). */
void sd_xpath_setup(xmlXPathContextPtr ctx, long ref_day, int blank, int cpr_full);

/* Drops what sd:med-id keeps for `ctx`; call it before xmlXPathFreeContext. */
void sd_xpath_release(xmlXPathContextPtr ctx);

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

/* The name of the Danish holiday on day number `day` ("nytårsdag",
 * "skærtorsdag", "langfredag", "påskedag", "2. påskedag", "store bededag"
 * (until 2023; abolished from 2024), "Kristi himmelfartsdag", "pinsedag",
 * "2. pinsedag", "juledag", "2. juledag"), or NULL. Easter by the anonymous
 * Gregorian algorithm. Also "grundlovsdag" (5 June) and "juleaftensdag"
 * (24 December): not official holidays, but most municipal offices are
 * closed, so a meeting is not planned on them (R30). Sundays and Saturdays
 * are not named here. NULL before 1583. */
const char *sd_holiday_name(long day);

/* The periods of `months` calendar months from `start`: [start, start + m),
 * [start + m, start + 2m), …; only those that are over by `end` (a period
 * ending after `end`, exclusive, is not judged). Returns the first day of
 * the first such period holding fewer than `least` of the `n` day numbers
 * in `days`, or SD_NO_DAY if none does (or start/end is SD_NO_DAY). R31:
 * at least three held meetings in every year from sag.visiteret. */
long sd_first_thin_period(const long *days, size_t n, int least, int months, long start,
                          long end);

#endif
