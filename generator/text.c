/* text.c — see text.h. Danish conventions from domain.md §5.2 and §5.6. */
#include "text.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const month_names[12] = {
    "januar", "februar", "marts", "april", "maj", "juni", "juli",
    "august", "september", "oktober", "november", "december"};
/* The short forms the Danish Language Council gives ("jan.", "maj"). */
static const char *const month_short[12] = {
    "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.",
    "aug.", "sep.", "okt.", "nov.", "dec."};
static const char *const weekday_names[7] = {
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"};

const char *sd_month_short(int month)
{
    return month >= 1 && month <= 12 ? month_short[month - 1] : "";
}

/* ---- UTF-8 ---- */

uint32_t sd_utf8_next(const char **p, const char *end)
{
    const unsigned char *s = (const unsigned char *)*p;
    uint32_t c = s[0];
    int n = c < 0x80 ? 0 : c >= 0xC2 && c < 0xE0 ? 1 : c >= 0xE0 && c < 0xF0 ? 2
          : c >= 0xF0 && c < 0xF5 ? 3 : -1;
    if (n == 0) {
        *p += 1;
        return c;
    }
    /* an invalid lead byte, or a sequence cut off by `end` */
    if (n < 0 || (const char *)s + n >= end) {
        *p += 1;
        return SD_UTF8_BAD;
    }
    c &= 0x3Fu >> n;
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p += 1;
            return SD_UTF8_BAD;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    /* overlongs, surrogates and values past U+10FFFF are invalid */
    static const uint32_t min[4] = {0, 0x80, 0x800, 0x10000};
    if (c < min[n] || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) {
        *p += 1;
        return SD_UTF8_BAD;
    }
    *p += n + 1;
    return c;
}

int sd_utf8_valid(const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    while (p < end)
        if (sd_utf8_next(&p, end) == SD_UTF8_BAD)
            return 0;
    return 1;
}

size_t sd_utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* ---- dates ----
 * Day numbers use the proleptic Gregorian calendar, counted from 1970-01-01
 * (Howard Hinnant's days_from_civil algorithm). */

long sd_date_make(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void sd_date_split(long day, int *y, int *m, int *d)
{
    day += 719468;
    long era = (day >= 0 ? day : day - 146096) / 146097;
    long doe = day - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

long sd_date_parse(const char *iso)
{
    if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
        return SD_NO_DAY;
    int y = digits(iso, 4), m = digits(iso + 5, 2), d = digits(iso + 8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return SD_NO_DAY;
    return sd_date_make(y, m, d);
}

int sd_date_weekday(long day)
{
    /* 1970-01-01 was a Thursday (index 3 with Monday = 0). */
    long w = (day + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

long sd_date_add_months(long day, int months)
{
    int y, m, d;
    sd_date_split(day, &y, &m, &d);
    long total = (long)y * 12 + (m - 1) + months;
    y = (int)(total / 12);
    m = (int)(total % 12) + 1;
    if (d > days_in_month(y, m))
        d = days_in_month(y, m);
    return sd_date_make(y, m, d);
}

int sd_age(long born, long on)
{
    int by, bm, bd, y, m, d;
    sd_date_split(born, &by, &bm, &bd);
    sd_date_split(on, &y, &m, &d);
    int age = y - by;
    if (m < bm || (m == bm && d < bd))
        age--;
    return age;
}

char *sd_fmt_date_long(long day)
{
    int y, m, d;
    sd_date_split(day, &y, &m, &d);
    sd_buf b = {0};
    sd_buf_printf(&b, "%d. %s %d", d, month_names[m - 1], y);
    return sd_buf_take(&b);
}

char *sd_fmt_date_weekday(long day)
{
    char *date = sd_fmt_date_long(day);
    sd_buf b = {0};
    sd_buf_printf(&b, "%s den %s", weekday_names[sd_date_weekday(day)], date);
    free(date);
    return sd_buf_take(&b);
}

char *sd_fmt_date_short(long day)
{
    int y, m, d;
    sd_date_split(day, &y, &m, &d);
    sd_buf b = {0};
    sd_buf_printf(&b, "%02d.%02d.%04d", d, m, y);
    return sd_buf_take(&b);
}

char *sd_fmt_date_iso(long day)
{
    int y, m, d;
    sd_date_split(day, &y, &m, &d);
    sd_buf b = {0};
    sd_buf_printf(&b, "%04d-%02d-%02d", y, m, d);
    return sd_buf_take(&b);
}

/* ---- times ---- */

int sd_time_parse(const char *hhmm)
{
    if (!hhmm || strlen(hhmm) != 5 || hhmm[2] != ':')
        return -1;
    int h = digits(hhmm, 2), m = digits(hhmm + 3, 2);
    if (h < 0 || h > 23 || m < 0 || m > 59)
        return -1;
    return h * 60 + m;
}

char *sd_fmt_time(int minutes)
{
    sd_buf b = {0};
    sd_buf_printf(&b, "kl. %02d.%02d", minutes / 60, minutes % 60);
    return sd_buf_take(&b);
}

char *sd_fmt_duration(int minutes)
{
    int h = minutes / 60, m = minutes % 60;
    sd_buf b = {0};
    if (h)
        sd_buf_printf(&b, "%d %s", h, h == 1 ? "time" : "timer");
    if (h && m)
        sd_buf_puts(&b, " og ");
    if (m || !h)
        sd_buf_printf(&b, "%d %s", m, m == 1 ? "minut" : "minutter");
    return sd_buf_take(&b);
}

/* ---- CPR ---- */

/* The century of a CPR number from its 7th digit and YY (domain.md §5.6). */
static int cpr_century(int seventh, int yy)
{
    if (seventh <= 3)
        return 1900;
    if (seventh == 4 || seventh == 9)
        return yy <= 36 ? 2000 : 1900;
    return yy <= 57 ? 2000 : 1800;
}

sd_cpr sd_cpr_parse(const char *s)
{
    sd_cpr c = {0};
    c.birth = SD_NO_DAY;
    size_t len = s ? strlen(s) : 0;
    if (len == 11 && s[6] == '-') {
        memcpy(c.digits, s, 6);
        memcpy(c.digits + 6, s + 7, 4);
    } else if (len == 10) {
        memcpy(c.digits, s, 10);
    } else {
        return c;
    }
    c.digits[10] = '\0';
    c.masked = strcmp(c.digits + 6, "XXXX") == 0 && len == 11;
    if (digits(c.digits, 6) < 0 || (!c.masked && digits(c.digits + 6, 4) < 0))
        return c;
    c.form_ok = 1;
    int dd = digits(c.digits, 2), mm = digits(c.digits + 2, 2), yy = digits(c.digits + 4, 2);
    int year = c.masked ? (yy <= 36 ? 2000 : 1900) + yy
                        : cpr_century(c.digits[6] - '0', yy) + yy;
    if (mm >= 1 && mm <= 12 && dd >= 1 && dd <= days_in_month(year, mm))
        c.birth = sd_date_make(year, mm, dd);
    return c;
}

char *sd_fmt_cpr(const char *s, int full)
{
    sd_cpr c = sd_cpr_parse(s);
    if (!c.form_ok)
        return NULL;
    sd_buf b = {0};
    sd_buf_append(&b, c.digits, 6);
    sd_buf_putc(&b, '-');
    sd_buf_puts(&b, full && !c.masked ? c.digits + 6 : "XXXX");
    return sd_buf_take(&b);
}

/* ---- telephone ---- */

char *sd_fmt_phone(const char *s)
{
    const char *prefix = "";
    if (strncmp(s, "+45", 3) == 0) {
        prefix = "+45 ";
        s += 3;
    } else if (strncmp(s, "0045", 4) == 0) {
        prefix = "+45 ";
        s += 4;
    }
    char d[9];
    int n = 0;
    for (; *s; s++) {
        if (*s == ' ')
            continue;
        if (!isdigit((unsigned char)*s) || n == 8)
            return NULL;
        d[n++] = *s;
    }
    if (n != 8)
        return NULL;
    sd_buf b = {0};
    sd_buf_printf(&b, "%s%.2s %.2s %.2s %.2s", prefix, d, d + 2, d + 4, d + 6);
    return sd_buf_take(&b);
}

/* ---- named formats ---- */

char *sd_format(const char *name, const char *value, int cpr_full, int *known)
{
    *known = 1;
    if (strncmp(name, "dato", 4) == 0) {
        long day = sd_date_parse(value);
        if (strcmp(name, "dato") == 0)
            return day == SD_NO_DAY ? NULL : sd_fmt_date_long(day);
        if (strcmp(name, "dato-ugedag") == 0)
            return day == SD_NO_DAY ? NULL : sd_fmt_date_weekday(day);
        if (strcmp(name, "dato-kort") == 0)
            return day == SD_NO_DAY ? NULL : sd_fmt_date_short(day);
    } else if (strcmp(name, "tid") == 0 || strcmp(name, "klokkeslaet") == 0) {
        int t = sd_time_parse(value);
        if (t < 0)
            return NULL;
        char *s = sd_fmt_time(t);
        if (name[0] == 'k')    /* "14.30", for the end of a range */
            memmove(s, s + 4, strlen(s + 4) + 1);
        return s;
    } else if (strcmp(name, "varighed") == 0) {
        char *end;
        long m = strtol(value, &end, 10);
        return *value && !*end && m > 0 && m <= 6000 ? sd_fmt_duration((int)m) : NULL;
    } else if (strcmp(name, "cpr") == 0) {
        return sd_fmt_cpr(value, cpr_full);
    } else if (strcmp(name, "cpr-fuld") == 0) {
        return sd_fmt_cpr(value, 1);
    } else if (strcmp(name, "telefon") == 0) {
        return sd_fmt_phone(value);
    }
    *known = 0;
    return NULL;
}

/* ---- Danish alphabetical order ---- */

/* The primary weight of one letter: case and the common accents folded,
 * æ ø å after z. 0 for characters that do not count (spaces, hyphens). */
static uint32_t da_weight(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        c += 'a' - 'A';
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        c += 0x20;                                  /* Latin-1 capitals */
    switch (c) {
    case 0xE6: case 0xE4: return 'z' + 1;           /* æ ä */
    case 0xF8: case 0xF6: return 'z' + 2;           /* ø ö */
    case 0xE5: return 'z' + 3;                      /* å */
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: return 'a';
    case 0xE7: return 'c';
    case 0xE8: case 0xE9: case 0xEA: case 0xEB: return 'e';
    case 0xEC: case 0xED: case 0xEE: case 0xEF: return 'i';
    case 0xF1: return 'n';
    case 0xF2: case 0xF3: case 0xF4: case 0xF5: return 'o';
    case 0xF9: case 0xFA: case 0xFB: return 'u';
    case 0xFC: case 0xFD: case 0xFF: return 'y';    /* ü sorts as y in Danish */
    case ' ': case '-': case 0xA0: case 0xAD: case '.': case ',': return 0;
    default: return c;
    }
}

/* The next weight of `s` at *p, reading "aa" as å (at a word start or
 * inside a word alike: Danish dictionaries do so for names). 0 at the end. */
static uint32_t da_next(const char **p, const char *end)
{
    while (*p < end) {
        const char *at = *p;
        uint32_t w = da_weight(sd_utf8_next(p, end));
        if (w == 'a' && *p < end && (**p == 'a' || **p == 'A') &&
            (*at == 'a' || *at == 'A')) {
            (*p)++;
            return 'z' + 3;
        }
        if (w)
            return w;
    }
    return 0;
}

int sd_compare_da(const char *a, const char *b)
{
    const char *pa = a, *ea = a + strlen(a), *pb = b, *eb = b + strlen(b);
    for (;;) {
        uint32_t wa = da_next(&pa, ea), wb = da_next(&pb, eb);
        if (wa != wb)
            return wa < wb ? -1 : 1;
        if (!wa)
            break;
    }
    return strcmp(a, b);
}
