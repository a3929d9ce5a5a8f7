/* test_text.c — dates, times, durations, CPR numbers, phone numbers, UTF-8. */
#include "check.h"
#include "text.h"

#include <stdlib.h>

static void check_fmt(char *got, const char *want, const char *what)
{
    CHECK_STR(got, want, "%s", what);
    free(got);
}

static void test_dates(void)
{
    long d = sd_date_parse("2026-03-10");
    CHECK(d != SD_NO_DAY, "2026-03-10 parses");
    check_fmt(sd_fmt_date_long(d), "10. marts 2026", "long date");
    check_fmt(sd_fmt_date_weekday(d), "tirsdag den 10. marts 2026", "weekday date");
    check_fmt(sd_fmt_date_short(d), "10.03.2026", "short date");
    check_fmt(sd_fmt_date_long(sd_date_parse("2026-02-03")), "3. februar 2026", "no leading zero");
    check_fmt(sd_fmt_date_weekday(sd_date_parse("2026-03-14")), "lørdag den 14. marts 2026", "lørdag");
    check_fmt(sd_fmt_date_weekday(sd_date_parse("2026-12-17")), "torsdag den 17. december 2026", "torsdag");
    CHECK(sd_date_parse("2026-02-29") == SD_NO_DAY, "2026 is no leap year");
    CHECK(sd_date_parse("2024-02-29") != SD_NO_DAY, "2024 is a leap year");
    CHECK(sd_date_parse("2026-13-01") == SD_NO_DAY, "month 13");
    CHECK(sd_date_parse("2026-3-10") == SD_NO_DAY, "short form refused");
    CHECK(sd_date_parse("2026-03-10T10:00") == SD_NO_DAY, "time refused");
    CHECK(sd_date_parse("1970-01-01") == 0, "day 0 is 1970-01-01");
    CHECK(sd_date_weekday(0) == 3, "1970-01-01 was a Thursday");
    long apr1 = sd_date_parse("2026-04-01");
    check_fmt(sd_fmt_date_iso(sd_date_add_months(apr1, 9) - 1), "2026-12-31", "CTI end");
    check_fmt(sd_fmt_date_iso(sd_date_add_months(sd_date_parse("2026-01-31"), 1)), "2026-02-28",
              "month end clamps");
    CHECK(sd_age(sd_date_parse("2008-11-05"), sd_date_parse("2026-11-04")) == 17, "17 the day before");
    CHECK(sd_age(sd_date_parse("2008-11-05"), sd_date_parse("2026-11-05")) == 18, "18 on the birthday");
}

static void test_times(void)
{
    CHECK(sd_time_parse("10:00") == 600, "10:00");
    CHECK(sd_time_parse("24:00") == -1, "24:00 refused");
    CHECK(sd_time_parse("9:00") == -1, "9:00 refused (HH:MM)");
    check_fmt(sd_fmt_time(13 * 60), "kl. 13.00", "time");
    check_fmt(sd_fmt_duration(95), "1 time og 35 minutter", "95 min");
    check_fmt(sd_fmt_duration(45), "45 minutter", "45 min");
    check_fmt(sd_fmt_duration(120), "2 timer", "120 min");
    check_fmt(sd_fmt_duration(61), "1 time og 1 minut", "61 min");
}

static void test_cpr(void)
{
    sd_cpr c = sd_cpr_parse("230806-XXXX");
    CHECK(c.form_ok && c.masked, "masked CPR");
    CHECK(c.birth == sd_date_parse("2006-08-23"), "masked CPR birth date");
    c = sd_cpr_parse("3102991234");
    CHECK(c.form_ok && c.birth == SD_NO_DAY, "31 February has the form but no date");
    c = sd_cpr_parse("010203-4321");
    CHECK(c.form_ok && !c.masked && c.birth == sd_date_parse("2003-02-01"), "7th digit 4, YY 03 → 2003");
    c = sd_cpr_parse("010260-1234");
    CHECK(c.birth == sd_date_parse("1960-02-01"), "7th digit 1 → 1900s");
    c = sd_cpr_parse("010260-5234");
    CHECK(c.birth == sd_date_parse("1860-02-01"), "7th digit 5, YY 60 → 1800s");
    CHECK(!sd_cpr_parse("01026-12345").form_ok, "hyphen in the wrong place");
    CHECK(!sd_cpr_parse("010260-12a4").form_ok, "letter in the serial");
    check_fmt(sd_fmt_cpr("0102034321", 0), "010203-XXXX", "masked by default");
    check_fmt(sd_fmt_cpr("0102034321", 1), "010203-4321", "full on request");
    check_fmt(sd_fmt_cpr("230806-XXXX", 1), "230806-XXXX", "a masked number stays masked");
    CHECK(sd_fmt_cpr("nonsense", 1) == NULL, "no CPR, no output");
}

static void test_phone_and_format(void)
{
    check_fmt(sd_fmt_phone("00000147"), "00 00 01 47", "pairs");
    check_fmt(sd_fmt_phone("+45 12345678"), "+45 12 34 56 78", "+45 kept");
    CHECK(sd_fmt_phone("1234567") == NULL, "7 digits refused");
    int known;
    check_fmt(sd_format("dato", "2026-06-09", 0, &known), "9. juni 2026", "format dato");
    CHECK(known, "dato is a known format");
    CHECK(sd_format("dato", "2026-06-31", 0, &known) == NULL && known, "bad date gives NULL");
    CHECK(sd_format("farve", "x", 0, &known) == NULL && !known, "unknown format");
    check_fmt(sd_format("klokkeslaet", "14:30", 0, &known), "14.30", "format klokkeslaet");
    check_fmt(sd_format("cpr", "0102034321", 0, &known), "010203-XXXX", "format cpr masked");
    check_fmt(sd_format("cpr", "0102034321", 1, &known), "010203-4321", "format cpr full");
}

static void test_utf8(void)
{
    const char *s = "æøå";
    const char *p = s;
    CHECK(sd_utf8_next(&p, s + 6) == 0xE6 && p == s + 2, "æ decodes");
    CHECK(sd_utf8_valid("Blåbærgrød", 13), "valid Danish");
    CHECK(!sd_utf8_valid("\xC3", 1), "cut-off sequence");
    CHECK(!sd_utf8_valid("\xC0\xAF", 2), "overlong");
    CHECK(!sd_utf8_valid("\xED\xA0\x80", 3), "surrogate");
    CHECK(sd_utf8_length("Ærø") == 3, "length in code points");
}

int main(void)
{
    test_dates();
    test_times();
    test_cpr();
    test_phone_and_format();
    test_utf8();
    return CHECK_REPORT();
}
