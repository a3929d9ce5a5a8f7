/* xpathfn.c — see xpathfn.h. Thin XPath wrappers over text.c, so that rules
 * and templates compute dates and formats exactly as the C code does. */
#include "xpathfn.h"
#include "text.h"

#include <libxml/xpathInternals.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Pops the top argument as a string (caller frees with xmlFree). */
static xmlChar *pop_string(xmlXPathParserContextPtr ctxt)
{
    return xmlXPathPopString(ctxt);
}

static void push_day_or_nan(xmlXPathParserContextPtr ctxt, long day)
{
    xmlXPathReturnNumber(ctxt, day == SD_NO_DAY ? NAN : (double)day);
}

/* A day number argument: NaN or out of range gives SD_NO_DAY. */
static long pop_day(xmlXPathParserContextPtr ctxt)
{
    double n = xmlXPathPopNumber(ctxt);
    if (isnan(n) || n < -1e7 || n > 1e7)
        return SD_NO_DAY;
    return (long)floor(n);
}

static void fn_dag(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlChar *s = pop_string(ctxt);
    push_day_or_nan(ctxt, sd_date_parse((const char *)s));
    xmlFree(s);
}

/* Shared by sd:dato, sd:dato-ugedag, sd:dato-kort. */
static void format_day(xmlXPathParserContextPtr ctxt, int nargs, char *(*fmt)(long))
{
    CHECK_ARITY(1);
    long day = pop_day(ctxt);
    if (day == SD_NO_DAY) {
        xmlXPathReturnEmptyString(ctxt);
        return;
    }
    char *s = fmt(day);
    xmlXPathReturnString(ctxt, xmlStrdup(BAD_CAST s));
    free(s);
}

static void fn_dato(xmlXPathParserContextPtr c, int n) { format_day(c, n, sd_fmt_date_long); }
static void fn_dato_ugedag(xmlXPathParserContextPtr c, int n) { format_day(c, n, sd_fmt_date_weekday); }
static void fn_dato_kort(xmlXPathParserContextPtr c, int n) { format_day(c, n, sd_fmt_date_short); }

static void fn_ugedag(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    long day = pop_day(ctxt);
    xmlXPathReturnNumber(ctxt, day == SD_NO_DAY ? NAN : sd_date_weekday(day));
}

static void fn_tid(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlChar *s = pop_string(ctxt);
    int t = sd_time_parse((const char *)s);
    xmlFree(s);
    xmlXPathReturnNumber(ctxt, t < 0 ? NAN : t);
}

static void fn_alder(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(2);
    long on = pop_day(ctxt), born = pop_day(ctxt);
    if (on == SD_NO_DAY || born == SD_NO_DAY)
        xmlXPathReturnNumber(ctxt, NAN);
    else
        xmlXPathReturnNumber(ctxt, sd_age(born, on));
}

static void fn_plus_maaneder(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(2);
    double k = xmlXPathPopNumber(ctxt);
    long day = pop_day(ctxt);
    if (day == SD_NO_DAY || isnan(k) || fabs(k) > 12000)
        xmlXPathReturnNumber(ctxt, NAN);
    else
        xmlXPathReturnNumber(ctxt, sd_date_add_months(day, (int)k));
}

static void fn_cpr_form(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlChar *s = pop_string(ctxt);
    sd_cpr c = sd_cpr_parse((const char *)s);
    xmlFree(s);
    xmlXPathReturnBoolean(ctxt, c.form_ok);
}

static void fn_cpr_maskeret(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlChar *s = pop_string(ctxt);
    sd_cpr c = sd_cpr_parse((const char *)s);
    xmlFree(s);
    xmlXPathReturnBoolean(ctxt, c.form_ok && c.masked);
}

static void fn_cpr_dag(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(1);
    xmlChar *s = pop_string(ctxt);
    sd_cpr c = sd_cpr_parse((const char *)s);
    xmlFree(s);
    push_day_or_nan(ctxt, c.form_ok ? c.birth : SD_NO_DAY);
}

static void fn_format(xmlXPathParserContextPtr ctxt, int nargs)
{
    CHECK_ARITY(2);
    xmlChar *value = pop_string(ctxt), *name = pop_string(ctxt);
    int known;
    int cpr_full = 0;
    xmlXPathObjectPtr var = xmlXPathVariableLookup(ctxt->context, BAD_CAST "cpr_fuld");
    if (var) {
        cpr_full = xmlXPathCastToBoolean(var);
        xmlXPathFreeObject(var);
    }
    char *s = sd_format((const char *)name, (const char *)value, cpr_full, &known);
    xmlFree(value);
    xmlFree(name);
    if (!known) {
        xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
        return;
    }
    xmlXPathReturnString(ctxt, xmlStrdup(BAD_CAST(s ? s : "")));
    free(s);
}

static const struct {
    const char *name;
    xmlXPathFunction fn;
} functions[] = {
    {"dag", fn_dag},
    {"dato", fn_dato},
    {"dato-ugedag", fn_dato_ugedag},
    {"dato-kort", fn_dato_kort},
    {"ugedag", fn_ugedag},
    {"tid", fn_tid},
    {"alder", fn_alder},
    {"plus-maaneder", fn_plus_maaneder},
    {"cpr-form", fn_cpr_form},
    {"cpr-maskeret", fn_cpr_maskeret},
    {"cpr-dag", fn_cpr_dag},
    {"format", fn_format},
};

void sd_xpath_setup(xmlXPathContextPtr ctx, long ref_day, int blank, int cpr_full)
{
    xmlXPathRegisterNs(ctx, BAD_CAST "sd", BAD_CAST SD_XPATH_NS);
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
        xmlXPathRegisterFuncNS(ctx, BAD_CAST functions[i].name,
                               BAD_CAST SD_XPATH_NS, functions[i].fn);
    xmlXPathRegisterVariable(ctx, BAD_CAST "idag", xmlXPathNewFloat((double)ref_day));
    xmlXPathRegisterVariable(ctx, BAD_CAST "blank", xmlXPathNewBoolean(blank));
    xmlXPathRegisterVariable(ctx, BAD_CAST "cpr_fuld", xmlXPathNewBoolean(cpr_full));
}
