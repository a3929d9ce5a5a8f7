/* template.h — expanding a document template (templates/<document>.xml)
 * against the record tree into a box tree (box.h).
 *
 * A template is XML checked against templates/template.xsd when loaded. It
 * holds every word of the form; C holds none. Its language (full reference
 * in templates/README.md):
 *
 *   <document title=… orientation="landscape|portrait" margin="15mm" …>
 *     <meta title=… subject=… keywords=…/>   attribute values are text with
 *                                            {XPath} parts
 *     <footer>…{side}…{sider}…</footer>
 *     <p size= bold= align= space-before= …>text, <b>bold</b>, <value
 *        select="XPath" format="dato|tid|cpr|…"/>, <checkbox checked="XPath"/>,
 *        <br/></p>
 *     <table columns="24mm 20mm 1* 2*" header-rows="1" …>
 *       <row> <cell fill="#e8eef4" colspan="2"> blocks </cell> </row>
 *     </table>
 *     <frame border= fill= padding=> blocks </frame>   <space height="4mm"/>
 *     <for-each select="XPath"> … </for-each>   (context node = each in turn)
 *     <if test="XPath"> … </if>   <choose><when test=…>…</when><otherwise>…</otherwise></choose>
 *     <let name="x" select="XPath"/> binds $x for what follows in its parent
 *   </document>
 *
 * XPath sees the functions of xpathfn.h, $idag, $blank, $cpr_fuld, and:
 *   $sag    the <sagsfil> element (empty node-set for a blank form)
 *   $moede  the chosen <moedefil>'s <moede> element (empty if none)
 *   $diplom the <diplomfil>'s <diplom> element (empty if none)
 *   $mappe  the <sagsmappe> root
 */
#ifndef SD_TEMPLATE_H
#define SD_TEMPLATE_H

#include "box.h"
#include "diag.h"
#include "records.h"

#include <libxml/tree.h>

typedef struct sd_template sd_template;   /* opaque: a parsed, checked template */

/* Reads and checks the template at `path` against `schema_path`. Returns NULL
 * with diagnostics (file:line:col in the template) if it is broken. Free with
 * sd_template_free. */
sd_template *sd_template_load(const char *path, const char *schema_path,
                              sd_diags *diags);
void sd_template_free(sd_template *t);    /* NULL is fine */

/* The same with template.xsd compiled once for many templates (compiling it
 * costs more than loading a template): sd_template_schema_load returns NULL
 * with a diagnostic if the schema is broken; free with
 * sd_template_schema_free. A template keeps no pointer to the schema. */
typedef struct sd_template_schema sd_template_schema;   /* opaque */
sd_template_schema *sd_template_schema_load(const char *schema_path, sd_diags *diags);
void sd_template_schema_free(sd_template_schema *s);    /* NULL is fine */
sd_template *sd_template_load_with(const char *path, const sd_template_schema *schema,
                                   sd_diags *diags);

typedef struct sd_expand_opts {
    long ref_day;          /* reference date (day number, text.h) */
    int blank;             /* the empty form */
    int cpr_full;          /* --cpr full */
    const char *creator;   /* "samdoc VERSION", copied into the metadata */
    long stamp_day;        /* the PDF creation date, or SD_NO_DAY to take the
                              template's <meta date="…"> (which may be empty) */
} sd_expand_opts;

/* Expands `t`. `records` may be NULL for a blank form; `meeting` is the
 * chosen <moedefil> element or NULL. Returns the document (caller frees with
 * sd_document_free), or NULL with diagnostics if an XPath in the template
 * fails (a template error, reported at the template's file:line). */
sd_document *sd_template_expand(const sd_template *t, sd_records *records,
                                xmlNodePtr meeting, const sd_expand_opts *opts,
                                sd_diags *diags);

#endif
