#!/usr/bin/env python3
"""validate.py [--all] FILE... — validates record files against
schemas/*.schema.json the way an editor's YAML language server does, and
prints one line per file (with --all, one per problem):

    ok FILE
    bad FILE: PATH: KEYWORD            (the first problem: where, and which
                                        JSON Schema keyword failed)
    bad FILE: YAML: MESSAGE            (not YAML at all)

The schema is chosen by file name as samdoc does (sag.yaml, diplom.yaml,
moede*.yaml). YAML is read as YAML 1.2 — the language server's default — not
as PyYAML's YAML 1.1: a plain scalar becomes what xsd2json.yaml12_scalar says
(`no` and `2026-03-10` stay text, `1` is a number), quoted scalars stay text,
keys stay text. Uses Debian's python3-yaml and python3-jsonschema.
"""
import json
import os
import sys

import jsonschema
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..', '..')
sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(ROOT, 'scripts'))
from xsd2json import yaml12_scalar  # noqa: E402


class Yaml12Loader(getattr(yaml, 'CSafeLoader', yaml.SafeLoader)):
    """SafeLoader (libyaml's parser where PyYAML has it: ten times faster)
    without YAML 1.1's implicit types: every scalar is resolved as a string
    first, and plain ones are then typed by yaml12_scalar."""


Yaml12Loader.yaml_implicit_resolvers = {}


def construct_str(loader, node):
    value = loader.construct_scalar(node)
    # plain: style None (PyYAML's parser) or '' (libyaml's)
    return yaml12_scalar(value) if not node.style else value


def construct_map(loader, node):
    loader.flatten_mapping(node)
    return {str(k.value): loader.construct_object(v, deep=True) for k, v in node.value}


Yaml12Loader.add_constructor('tag:yaml.org,2002:str', construct_str)
Yaml12Loader.add_constructor('tag:yaml.org,2002:map', construct_map)


def schema_name(path):
    name = os.path.basename(path)
    if name in ('sag.yaml', 'diplom.yaml'):
        return name[:-len('.yaml')]
    if name.startswith('moede') and name.endswith('.yaml'):
        return 'moede'
    return None


def main(paths):
    every = bool(paths) and paths[0] == '--all'
    if every:
        paths = paths[1:]
    validators = {}
    for n in ('sag', 'moede', 'diplom'):
        with open(os.path.join(ROOT, 'schemas', n + '.schema.json'), encoding='utf-8') as f:
            schema = json.load(f)
        jsonschema.Draft7Validator.check_schema(schema)
        validators[n] = jsonschema.Draft7Validator(schema)
    status = 0
    for path in paths:
        name = schema_name(path)
        if not name:
            print(f'bad {path}: no schema for this file name')
            status = 1
            continue
        try:
            with open(path, encoding='utf-8') as f:
                data = yaml.load(f, Loader=Yaml12Loader)
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            # The language server reports these itself, before any schema.
            print(f'bad {path}: YAML: {" ".join(str(e).split())}')
            status = 1
            continue
        errors = sorted(validators[name].iter_errors(data), key=lambda e: list(e.absolute_path))
        for e in errors if every else errors[:1]:
            where = '.'.join(str(p) for p in e.absolute_path) or '(filen)'
            # the keyword that failed, never the value (it may be a CPR number)
            print(f'bad {path}: {where}: {e.validator}')
            status = 1
        if not errors:
            print(f'ok {path}')
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
