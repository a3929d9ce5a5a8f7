#!/usr/bin/env python3
"""template_keys.py TEMPLATE SCHEMA — checks that the commented template of
`samdoc new` (templates/ny/) names every key of its record, and prints

    ok TEMPLATE: N keys
    missing TEMPLATE: PATH            (one line per key the template lacks)

A key counts if it is written, or written as a comment to take into use
("# key: value" where the key would stand; "# - key: value" for a list
entry; "# - [a, b]"). Those comments are uncommented, the result read as
YAML, and its key paths compared with the schema's properties, e.g.
moede.maal[].delmaal[].opfoelgning.maade. Explanations are comments that do
not begin with a lower-case key and a colon.
"""
import json
import re
import sys

import yaml

# "# " is the marker; what follows, indentation and all, is the key's line.
KEY_COMMENT = re.compile(r'^(\s*)# (\s*(- )?([a-z_0-9]+:( |$)|\[).*)$')


def uncomment(text):
    return '\n'.join(KEY_COMMENT.sub(r'\1\2', line) for line in text.split('\n'))


def schema_paths(node, prefix=''):
    out = set()
    types = node.get('type')
    types = types if isinstance(types, list) else [types]
    if 'object' in types:
        for key, sub in node.get('properties', {}).items():
            path = prefix + ('.' if prefix else '') + key
            out.add(path)
            out |= schema_paths(sub, path)
    if 'array' in types and isinstance(node.get('items'), dict):
        out |= schema_paths(node['items'], prefix + '[]')
    return out


def data_paths(value, prefix=''):
    out = set()
    if isinstance(value, dict):
        for key, sub in value.items():
            path = prefix + ('.' if prefix else '') + str(key)
            out.add(path)
            out |= data_paths(sub, path)
    elif isinstance(value, list):
        for sub in value:
            out |= data_paths(sub, prefix + '[]')
    return out


def main(template, schema_file):
    with open(template, encoding='utf-8') as f:
        data = yaml.safe_load(uncomment(f.read()))
    with open(schema_file, encoding='utf-8') as f:
        wanted = schema_paths(json.load(f))
    missing = sorted(wanted - data_paths(data))
    for path in missing:
        print(f'missing {template}: {path}')
    if not missing:
        print(f'ok {template}: {len(wanted)} keys')
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))
