/* validate.h — checking a case's record tree: the XML Schemas of schemas/
 * (one per kind of record file), then the business rules of schemas/rules/.
 *
 * Schemas: schemas/sag.xsd (global element <sagsfil>) and schemas/moede.xsd
 * (<moedefil>) are required; every other .xsd that declares a <*fil> element
 * is compiled too (later schemas/diplom.xsd), and include-only files such as
 * schemas/typer.xsd are allowed. Each file element of
 * the case is validated with xmlSchemaValidateOneElement against the schema
 * of its name. libxml2's English messages are translated into Danish for a
 * coordinator, naming the key (never echoing a CPR value).
 *
 * Rules: every .xml file in schemas/rules/, in name order, holds rules as data:
 *
 *   <rules xmlns:sd="urn:samdoc">
 *     <rule id="R39" severity="fejl|advarsel"
 *           context="XPath selecting the nodes the rule applies to"
 *           assert="XPath that must be true for each, evaluated with the
 *                   node as context and $this bound to it"
 *           at="optional XPath, relative to the node, choosing the node
 *               whose position is reported (default: the node itself)"
 *           message="Danish text; {XPath} parts are replaced by their string
 *                    value (a brace always starts an XPath)">
 *       <let name="x" select="XPath"/>   optional, any number: $x is bound for
 *                                        each context node, after $this and the
 *                                        lets before it, for assert, at and message
 *     </rule>
 *   </rules>
 *
 * XPath gets the functions and variables of xpathfn.h. The rules run only on
 * file elements that passed their schema, so they can rely on its types.
 */
#ifndef SD_VALIDATE_H
#define SD_VALIDATE_H

#include "diag.h"
#include "records.h"

typedef struct sd_validator sd_validator;   /* opaque: compiled schemas and rules */

/* Compiles the schemas and rules under `schema_dir`. Returns NULL with an
 * error diagnostic (naming the schema or rule file) if any is missing or
 * broken. Free with sd_validator_free. Meant to be made once per process. */
sd_validator *sd_validator_new(const char *schema_dir, sd_diags *diags);
void sd_validator_free(sd_validator *v);    /* NULL is fine */

/* Validates every file element of `r`, then runs every rule. ref_day is the
 * reference date ("today", or --dato) as a day number (text.h). Adds
 * diagnostics; returns the number of errors added. */
int sd_validate(sd_validator *v, sd_records *r, long ref_day, sd_diags *diags);

/* Rule ids that ran in the last sd_validate are not exposed; tests assert on
 * the diagnostics. */

#endif
