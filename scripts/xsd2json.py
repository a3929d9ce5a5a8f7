#!/usr/bin/env python3
"""xsd2json.py — a JSON Schema (draft-07) for a record file, made from its XSD.

    python3 scripts/xsd2json.py schemas/sag.xsd schemas/sag.schema.json

`make schemas` runs it for sag, moede and diplom; the output is committed, and
tests/cli/editor.sh checks that it equals a fresh run. Editors with a YAML
language server (VS Code's redhat.vscode-yaml) use the JSON Schema to complete
keys and values and to mark mistakes while a coordinator types (README).

What it reads: the XSD and what it includes (typer.xsd), and the role labels
of templates/roller.xml (shown beside the role values when completing). The
XSDs use a small subset — named types, xs:all or xs:sequence of xs:element,
restrictions with xs:pattern, xs:enumeration and xs:maxLength — and anything
outside it stops the script, so a new construct is translated on purpose,
never skipped.

How YAML becomes the XML that samdoc validates (generator/records.h): a key
is an element, a sequence is <item> children, a scalar is the element's text
exactly as written, and an empty or null scalar is an empty element. So:

  * a complex type of one <item> child is an array, any other an object with
    additionalProperties false (the XSDs are closed); an element whose type
    can be empty (every child optional, or an item list of minOccurs 0) may
    also be null, since `henvist:` with nothing after it is an empty element;
  * a simple type is checked on the text, whatever YAML makes of it. The
    editor sees YAML 1.2 values (the language server's default), where
    `8700`, `1` and `true` are a number, a number and a boolean. A simple type
    therefore also accepts the numbers and booleans whose plain spelling its
    pattern accepts (NUMBERS below), so the editor never marks what samdoc
    accepts; null never, because samdoc reads null as empty. Where YAML 1.2
    loses the spelling (`0555` and `555` are both 555, `True` and `true` both
    true) the schema cannot tell the two apart and accepts the value;
    `samdoc check` still does.

Only the standard library: this runs wherever python3 does.
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

XS = '{http://www.w3.org/2001/XMLSchema}'
DRAFT = 'http://json-schema.org/draft-07/schema#'

# The numbers a plain YAML scalar can be when samdoc accepts its text, per
# simple type: 'number' (any), 'integer' (any whole number), or a list of
# inclusive integer ranges (None = unbounded). Checked against the pattern by
# check_numbers() below, which fails when a type's pattern accepts a number
# spelling this table does not allow, or a range end is off.
NUMBERS = {
    'tekst': 'number',
    'sagsnr': 'integer',               # 2026, -12, 1e3 are all [A-Za-z0-9-]
    'id': [(0, None)],                 # 007, 1e3
    'minutter': [(1, 600)],
    'nummer': [(1, 9999)],
    'plads': [(0, 999)],
    'punkt': [(1, 7)],
    'cpr': [(0, 9999999999)],          # 2308061234 unquoted; 0101011234 is 101011234
    # 8700; "0555" unquoted is 555. The pattern starts at 0550, not at the
    # 0555 its comment and domain.md §5.2 give; this follows the pattern.
    'postnummer': [(550, 9990)],
    'telefon': [(0, 99999999),         # 12345678
                (4500000000, 4599999999)],   # +4512345678, 004512345678
}

# Scalars that YAML 1.2 reads as numbers, spelled the ways a coordinator
# might type them; check_numbers() runs every type's pattern over them.
NUMBER_PROBES = [
    '0', '00', '007', '1', '7', '8', '9', '10', '99', '554', '555', '0555', '600',
    '601', '999', '1000', '8700', '9990', '9991', '9999', '10000', '12345678',
    '012345678', '99999999', '100000000', '+4512345678', '004512345678',
    '4512345678', '4612345678', '2308061234', '0101011234', '9999999999',
    '-1', '-12', '+1', '1.5', '1e3', '0x1f', '0o17', '.5', '.inf', '-.inf', '.nan',
]


# ---- YAML 1.2 -----------------------------------------------------------

def yaml12_scalar(text):
    """The value YAML 1.2's core schema gives the plain scalar `text`: None,
    a bool, an int, a float or the string itself. tests/editor/validate.py
    reads records with it, as the language server does."""
    if text in ('', '~', 'null', 'Null', 'NULL'):
        return None
    if text in ('true', 'True', 'TRUE'):
        return True
    if text in ('false', 'False', 'FALSE'):
        return False
    if re.fullmatch(r'[-+]?[0-9]+', text):
        return int(text)
    if re.fullmatch(r'0o[0-7]+', text):
        return int(text[2:], 8)
    if re.fullmatch(r'0x[0-9a-fA-F]+', text):
        return int(text[2:], 16)
    if re.fullmatch(r'[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?', text):
        f = float(text)
        return int(f) if f.is_integer() else f
    if re.fullmatch(r'[-+]?\.(inf|Inf|INF)', text):
        return float('-inf') if text[0] == '-' else float('inf')
    if text in ('.nan', '.NaN', '.NAN'):
        return float('nan')
    return text


# ---- XSD regular expressions ----------------------------------------------

XSD_SPACE = r' \t\n\r'      # XSD's \s; ECMAScript's and Python's \s is wider


def ecma_pattern(xsd):
    """The XSD pattern `xsd` as an anchored ECMAScript regular expression that
    Python's re reads the same way. XSD's \\s is four characters, so it is
    spelled out; [\\s\\S] (any character) stays; ^ and $ are ordinary in XSD."""
    out, i, in_class = [], 0, False
    while i < len(xsd):
        c = xsd[i]
        if c == '\\':
            e = xsd[i:i + 2]
            if e == '\\s':
                out.append(XSD_SPACE if in_class else '[' + XSD_SPACE + ']')
            elif e == '\\S' and in_class:
                if not (out and out[-1] == XSD_SPACE and xsd[i + 2:i + 3] == ']'):
                    raise SystemExit(f'xsd2json: \\S in a character class: {xsd}')
                out[-1] = '\\s\\S'          # [\s\S]: any character, in both
            elif e == '\\S':
                out.append('[^' + XSD_SPACE + ']')
            elif e in ('\\-', '\\+', '\\.', '\\?', '\\*', '\\(', '\\)', '\\|',
                       '\\[', '\\]', '\\{', '\\}', '\\^', '\\$', '\\\\'):
                # A bare - outside a class is an error in ECMAScript's u mode.
                out.append('-' if e == '\\-' and not in_class else e)
            else:
                raise SystemExit(f'xsd2json: escape {e} not translated: {xsd}')
            i += 2
            continue
        if c == '[':
            in_class = True
        elif c == ']':
            in_class = False
        elif c in '^$' and not in_class:
            c = '\\' + c
        elif c == '.' and not in_class:
            c = '[^\\n\\r]'
        out.append(c)
        i += 1
    return '^(?:' + ''.join(out) + ')$'


def matches(pattern, text):
    return re.search(pattern, text) is not None


# ---- reading the XSDs -----------------------------------------------------

def text_of(doc_node):
    return ' '.join(''.join(doc_node.itertext()).split())


def documentation(node):
    """The xs:annotation/xs:documentation directly under `node`, or None."""
    for ann in node.findall(XS + 'annotation'):
        for d in ann.findall(XS + 'documentation'):
            return text_of(d)
    return None


class Xsd:
    """The named types and global elements of an XSD and its includes."""

    def __init__(self, path):
        self.types, self.elements = {}, {}
        self._read(path, set())

    def _read(self, path, seen):
        path = os.path.normpath(path)
        if path in seen:
            return
        seen.add(path)
        root = ET.parse(path).getroot()
        for child in root:
            if child.tag == XS + 'include':
                self._read(os.path.join(os.path.dirname(path), child.get('schemaLocation')), seen)
            elif child.tag in (XS + 'simpleType', XS + 'complexType'):
                self.types[child.get('name')] = child
            elif child.tag == XS + 'element':
                self.elements[child.get('name')] = child
            elif child.tag is not ET.Comment and not callable(child.tag):
                raise SystemExit(f'xsd2json: {path}: <{child.tag}> not translated')

    def type_of(self, decl):
        t = decl.get('type')
        if t:
            if t not in self.types:
                raise SystemExit(f'xsd2json: unknown type {t}')
            return self.types[t]
        for child in decl:
            if child.tag in (XS + 'simpleType', XS + 'complexType'):
                return child
        raise SystemExit(f'xsd2json: element {decl.get("name")} has no type')


# ---- simple types ---------------------------------------------------------

class Simple:
    """A simple type with its restrictions gathered along the derivation."""

    def __init__(self, xsd, st):
        self.names = []          # own name first, then the bases'
        self.patterns = []       # each level's patterns (alternatives); all levels hold
        self.enum = None         # [(value, documentation)]
        self.max_length = None
        self.doc = None          # how to write a value (the nearest level's)
        self.boolean = False     # derived from xs:boolean
        while st is not None:
            if st.get('name'):
                self.names.append(st.get('name'))
            restr = st.find(XS + 'restriction')
            if restr is None or [c for c in st if c.tag not in (XS + 'restriction', XS + 'annotation')]:
                raise SystemExit(f'xsd2json: simple type {st.get("name")} not translated')
            self.doc = self.doc or documentation(restr)
            level = []
            for f in restr:
                if f.tag == XS + 'pattern':
                    level.append(f.get('value'))
                elif f.tag == XS + 'enumeration':
                    if self.enum is None:
                        self.enum = []
                    self.enum.append((f.get('value'), documentation(f)))
                elif f.tag == XS + 'maxLength':
                    n = int(f.get('value'))
                    self.max_length = n if self.max_length is None else min(n, self.max_length)
                elif f.tag != XS + 'annotation':
                    raise SystemExit(f'xsd2json: facet {f.tag} not translated')
            if len(level) == 1:
                self.patterns.append(level[0])
            elif level:
                self.patterns.append('|'.join('(?:' + p + ')' for p in level))
            base = restr.get('base')
            if base == 'xs:string':
                st = None
            elif base == 'xs:boolean':
                self.boolean, st = True, None
            elif base in xsd.types:
                st = xsd.types[base]
            else:
                raise SystemExit(f'xsd2json: base type {base} not translated')
        if self.boolean and not self.patterns:
            raise SystemExit('xsd2json: xs:boolean without a pattern not translated')

    def accepts(self, text):
        """Whether samdoc's schema accepts `text` (patterns, enumeration)."""
        if self.enum is not None and text not in [v for v, _ in self.enum]:
            return False
        return all(matches(ecma_pattern(p), text) for p in self.patterns)

    def numbers(self):
        for n in self.names:
            if n in NUMBERS:
                return NUMBERS[n]
        return None


def number_allowed(numbers, value):
    if numbers is None or isinstance(value, bool):
        return False
    if numbers == 'number':
        return True
    if value != value or value in (float('inf'), float('-inf')) or value != int(value):
        return False
    if numbers == 'integer':
        return True
    return any((lo is None or value >= lo) and (hi is None or value <= hi) for lo, hi in numbers)


def spellings(n):
    """Plain YAML spellings of the whole number n that YAML 1.2 reads as n."""
    s = str(abs(n))
    out = []
    for width in range(len(s), 13):
        padded = s.rjust(width, '0')
        out += ['-' + padded] if n < 0 else [padded, '+' + padded]
    return out


def check_numbers(st):
    """Stops when NUMBERS disagrees with the pattern of `st` (see NUMBERS)."""
    numbers = st.numbers()
    name = st.names[0] if st.names else '?'
    for probe in NUMBER_PROBES:
        v = yaml12_scalar(probe)
        if st.accepts(probe) and not number_allowed(numbers, v):
            raise SystemExit(f'xsd2json: type {name} accepts "{probe}" (YAML 1.2: {v}); '
                             'add it to NUMBERS')
    if isinstance(numbers, list):
        for lo, hi in numbers:
            for n, inside in ((lo, True), (hi, True), (lo - 1 if lo else None, False),
                              (hi + 1 if hi is not None else None, False)):
                if n is None or (not inside and number_allowed(numbers, n)):
                    continue
                if any(st.accepts(s) for s in spellings(n)) != inside:
                    raise SystemExit(f'xsd2json: NUMBERS[{name}] range {lo}..{hi} '
                                     f'disagrees with the pattern at {n}')


BOOLEAN_AS_TEXT = {
    '$comment': 'true/false (YAML 1.2 booleans): samdoc reads the text',
    'not': {'type': ['string', 'number', 'null', 'object', 'array']},
}


def simple_schema(xsd, st, roles):
    """The JSON Schema of simple type `st`; descriptions come from the element."""
    s = Simple(xsd, st)
    if s.enum is not None:
        return enum_schema(s, roles)
    check_numbers(s)
    types = ['string']
    bools = {yaml12_scalar(t) for t in ('true', 'True', 'TRUE', 'false', 'False', 'FALSE')
             if s.accepts(t)}
    numbers = s.numbers()
    out = {}
    if bools == {True, False}:
        types.append('boolean')
    elif bools:
        raise SystemExit(f'xsd2json: type {s.names[0]} accepts only one boolean')
    if numbers == 'number':
        types.append('number')
    elif numbers:
        types.append('integer')
    if s.boolean:                       # a flag: true/false first, for completion
        types.remove('boolean')
        types.insert(0, 'boolean')
    out['type'] = types[0] if len(types) == 1 else types
    if len(s.patterns) == 1:
        out['pattern'] = ecma_pattern(s.patterns[0])
    elif s.patterns:
        out['allOf'] = [{'pattern': ecma_pattern(p)} for p in s.patterns]
    if s.max_length is not None:
        out['maxLength'] = s.max_length
    if isinstance(numbers, list):
        ranges = [{k: v for k, v in (('minimum', lo), ('maximum', hi)) if v is not None}
                  for lo, hi in numbers]
        if len(ranges) == 1:
            out.update(ranges[0])
        else:
            out['anyOf'] = ranges       # a string passes each (no numeric keyword applies)
    if s.doc:
        out['errorMessage'] = s.doc     # the language server's message for a bad value
    if 'boolean' in types and not s.boolean:
        # A text or an id may be "true": samdoc reads the text. Accepted by a
        # branch that does not name the type, because a language server offers
        # true and false when completing any field whose type lists boolean.
        out['type'] = [t for t in types if t != 'boolean']
        out = {'anyOf': [out, BOOLEAN_AS_TEXT]}
    return out, s.doc


def enum_schema(s, roles):
    values = [v for v, _ in s.enum]
    # Values YAML 1.2 reads as something else (naerhed: 1, 2, 3) are listed as
    # that, and their quoted spelling is allowed by a pattern, which the
    # language server does not offer when completing.
    as_yaml = [yaml12_scalar(v) for v in values]
    docs = [d or roles.get(v) for v, d in s.enum]
    listed = ' eller '.join(values) if len(values) == 2 else 'en af: ' + ', '.join(values)
    message = f'Ukendt værdi. Brug {listed}.'
    listing = {'enum': as_yaml}
    if any(docs):
        listing['enumDescriptions'] = [d or '' for d in docs]   # shown when completing
    listing['errorMessage'] = message
    if all(isinstance(v, str) for v in as_yaml):
        return {'type': 'string', **listing}, None
    quoted = [re.escape(v) for v, y in zip(values, as_yaml) if not isinstance(y, str)]
    return {'anyOf': [listing, {'type': 'string', 'pattern': '^(?:' + '|'.join(quoted) + ')$',
                                'errorMessage': message}]}, None


# ---- complex types --------------------------------------------------------

def child_decls(ct):
    """The xs:element children of complex type `ct` (through xs:all or a
    one-element xs:sequence; mixed content and attributes other than the
    file element's fil= are not translated)."""
    kids = [c for c in ct if c.tag != XS + 'annotation']
    groups = [c for c in kids if c.tag in (XS + 'all', XS + 'sequence')]
    others = [c for c in kids if c not in groups and c.tag != XS + 'attribute']
    if others or len(groups) != 1 or ct.get('mixed') == 'true':
        raise SystemExit(f'xsd2json: complex type {ct.get("name")} not translated')
    decls = list(groups[0])
    for d in decls:
        if d.tag != XS + 'element':
            raise SystemExit(f'xsd2json: <{d.tag}> in {ct.get("name")} not translated')
    if groups[0].tag == XS + 'sequence' and len(decls) > 1 and decls[0].get('name') != 'item':
        # YAML mappings have no order that samdoc keeps to; an xs:sequence of
        # several different keys would reject some orders.
        raise SystemExit(f'xsd2json: xs:sequence of several keys in {ct.get("name")}')
    return decls


def occurs(decl):
    lo = int(decl.get('minOccurs', '1'))
    hi = decl.get('maxOccurs', '1')
    return lo, None if hi == 'unbounded' else int(hi)


def describe(out, *docs):
    text = '\n\n'.join(d for d in docs if d)
    if text:
        # description first, so that a reader of the file sees it first
        return {'description': text, **out}
    return out


def complex_schema(xsd, ct, roles):
    """The JSON Schema of complex type `ct`, and whether it can be empty."""
    decls = child_decls(ct)
    if len(decls) == 1 and decls[0].get('name') == 'item':
        lo, hi = occurs(decls[0])
        out = {'type': 'array', 'items': element_schema(xsd, decls[0], roles)}
        if lo:
            out['minItems'] = lo
        if hi is not None:
            out['maxItems'] = hi
        return out, lo == 0
    props, required = {}, []
    for d in decls:
        name = d.get('name')
        if name in props:
            raise SystemExit(f'xsd2json: {name} twice in {ct.get("name")}')
        props[name] = element_schema(xsd, d, roles)
        if occurs(d)[0] > 0:
            required.append(name)
    out = {'type': 'object', 'properties': props}
    if required:
        out['required'] = required
    out['additionalProperties'] = False
    return out, not required


def element_schema(xsd, decl, roles):
    t = xsd.type_of(decl)
    if t.tag == XS + 'simpleType':
        out, type_doc = simple_schema(xsd, t, roles)
        return describe(out, documentation(decl), type_doc)
    out, can_be_empty = complex_schema(xsd, t, roles)
    if can_be_empty:
        out['type'] = [out['type'], 'null']
    return describe(out, documentation(decl))


# ---- the file -------------------------------------------------------------

def role_labels(path):
    """Role key → label from templates/roller.xml, soft hyphens removed."""
    if not os.path.exists(path):
        return {}
    root = ET.parse(path).getroot()
    return {e.get('key'): ''.join(e.itertext()).replace('\u00ad', '')
            for e in root.iter('entry')}


def file_schema(xsd_path, roles):
    xsd = Xsd(xsd_path)
    own = ET.parse(xsd_path).getroot()
    tops = [c for c in own if c.tag == XS + 'element']
    if len(tops) != 1:
        raise SystemExit(f'xsd2json: {xsd_path} must declare one global element')
    out, _ = complex_schema(xsd, xsd.type_of(tops[0]), roles)
    name = os.path.basename(xsd_path)[:-len('.xsd')]
    head = {
        '$schema': DRAFT,
        '$comment': f'Lavet af scripts/xsd2json.py ud fra schemas/{name}.xsd (make schemas); '
                    'ret i XSD-filen, ikke her.',
        'title': f'{name}.yaml' if name != 'moede' else 'moede-N.yaml',
    }
    doc = documentation(tops[0])
    if doc:
        head['description'] = doc
    return {**head, **out}


def dump(value, indent=''):
    """JSON with two-space indentation, a list of scalars on one line when
    it fits, so that the committed files read (and diff) by field."""
    if isinstance(value, dict) and value:
        flat = '{' + ', '.join(json.dumps(k) + ': ' + json.dumps(v, ensure_ascii=False)
                               for k, v in value.items()) + '}'
        if not any(isinstance(v, (dict, list)) for v in value.values()) and \
                len(indent) + len(flat) < 100:
            return flat
        inner = indent + '  '
        items = [inner + json.dumps(k, ensure_ascii=False) + ': ' + dump(v, inner)
                 for k, v in value.items()]
        return '{\n' + ',\n'.join(items) + '\n' + indent + '}'
    if isinstance(value, list) and value:
        flat = '[' + ', '.join(json.dumps(v, ensure_ascii=False) for v in value) + ']'
        if not any(isinstance(v, (dict, list)) for v in value) and len(indent) + len(flat) < 100:
            return flat
        inner = indent + '  '
        return '[\n' + ',\n'.join(inner + dump(v, inner) for v in value) + '\n' + indent + ']'
    return json.dumps(value, ensure_ascii=False)


def main(argv):
    if len(argv) != 3:
        raise SystemExit('brug: xsd2json.py SKEMA.xsd UD.schema.json')
    here = os.path.dirname(os.path.abspath(__file__))
    roles = role_labels(os.path.join(here, '..', 'templates', 'roller.xml'))
    roles.setdefault('den-unge', 'Den unge')
    schema = file_schema(argv[1], roles)
    text = dump(schema) + '\n'
    tmp = argv[2] + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, argv[2])


if __name__ == '__main__':
    main(sys.argv)
