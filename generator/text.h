/* text.h — UTF-8, Danish dates and times, CPR numbers: the formats that
 * records are written in and documents print.
 *
 * All returned strings are malloc'ed and owned by the caller.
 */
#ifndef SD_TEXT_H
#define SD_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* ---- UTF-8 ---- */

/* Decodes one code point at *p (advancing *p past it); returns SD_UTF8_BAD
 * for an invalid sequence (advancing one byte). `end` bounds the read. */
#define SD_UTF8_BAD 0xFFFFFFFFu
uint32_t sd_utf8_next(const char **p, const char *end);
/* 1 if the `len` bytes are valid UTF-8 (no overlongs, no surrogates). */
int sd_utf8_valid(const char *s, size_t len);
/* Number of code points. */
size_t sd_utf8_length(const char *s);

/* ---- dates: ISO "YYYY-MM-DD" ---- */

/* Parses a strict ISO calendar date that exists (2026-02-29 does not).
 * Returns the day number (days since 1970-01-01), or SD_NO_DAY. */
#define SD_NO_DAY (-2147483647L - 1)
long sd_date_parse(const char *iso);
void sd_date_split(long day, int *y, int *m, int *d);
long sd_date_make(int y, int m, int d);     /* no validation */
int sd_date_weekday(long day);              /* 0 = mandag … 6 = søndag */
/* Adds calendar months (a day that does not exist in the target month clamps
 * to its last day). */
long sd_date_add_months(long day, int months);
/* Whole years of age on `on` for someone born on `born`. */
int sd_age(long born, long on);

/* Formats. Every one takes a day number. */
char *sd_fmt_date_long(long day);       /* "10. marts 2026" */
char *sd_fmt_date_weekday(long day);    /* "tirsdag den 10. marts 2026" */
char *sd_fmt_date_short(long day);      /* "10.03.2026" */
char *sd_fmt_date_iso(long day);        /* "2026-03-10" */
const char *sd_month_short(int month);  /* 1 … 12: "jan." … "dec." (static) */

/* ---- times "HH:MM" ---- */
/* Minutes since midnight, or -1 if not a valid HH:MM. */
int sd_time_parse(const char *hhmm);
char *sd_fmt_time(int minutes);         /* "kl. 10.00" */
char *sd_fmt_duration(int minutes);     /* "1 time og 35 minutter", "45 minutter", "2 timer" */

/* ---- CPR numbers ---- */
typedef struct sd_cpr {
    int form_ok;      /* DDMMYY-SSSS or DDMMYYSSSS, or masked DDMMYY-XXXX */
    int masked;       /* the serial part is XXXX */
    long birth;       /* day number of the birth date, or SD_NO_DAY if DDMMYY
                         is no real date (century from §5.6 of domain.md;
                         for a masked number, from YY alone: 00-36 → 20YY) */
    char digits[11];  /* the ten characters without hyphen, NUL-terminated */
} sd_cpr;
sd_cpr sd_cpr_parse(const char *s);
/* "230806-XXXX" (masked) or "230806-1234" (full && !masked). NULL if the
 * form is wrong. */
char *sd_fmt_cpr(const char *s, int full);

/* ---- telephone numbers ---- */
/* "12 34 56 78" (pairs), "+45 12 34 56 78" if the prefix was given.
 * NULL if not 8 digits after removing spaces and +45/0045. */
char *sd_fmt_phone(const char *s);

/* Named format for templates: "dato", "dato-ugedag", "dato-kort", "tid",
 * "klokkeslaet" (the time without "kl.", for "kl. 13.00–14.30"),
 * "varighed", "cpr", "cpr-fuld", "telefon". Returns NULL if the name is
 * unknown or the value does not parse; *known is set to whether the format
 * name exists. `cpr_full` makes "cpr" behave as "cpr-fuld". */
char *sd_format(const char *name, const char *value, int cpr_full, int *known);

/* ---- order ---- */
/* Compares two UTF-8 names in Danish alphabetical order: case and common
 * accents folded, spaces and hyphens ignored, æ ø å after z, "aa" as å;
 * byte order breaks ties, so only equal strings compare equal. */
int sd_compare_da(const char *a, const char *b);

#endif
