#!/usr/bin/env python3
"""Validate the YAML examples against grammar/*.schema.json, and the schemas themselves.

    python3 .ci/validate_schemas.py [-v]

Must pass (validated against the schema their file name picks: `bot.yaml` -> bot,
`*.test.yaml` -> test, anything else -> flow; a first line `# schema: flow|bot|test`
overrides the name):

    examples/**  flows/**  grammar/tests/valid/**  Tests/FlowCheckerTests/Corpus/valid/**

Must be rejected: every file in grammar/tests/invalid/. Each starts with
`# schema: flow|bot|test`, and may add `# expect: TEXT`: TEXT must then appear in one
of the validation errors, so the case fails for the reason its name gives.

The schemas are checked against the draft 2020-12 meta-schema, every property must
have a description (hover docs in editors), every object that lists properties must
set `additionalProperties`, and a `$defs` entry that two schemas share must be
identical in both (each schema is self-contained, so editors never chase a
cross-file `$ref`).

YAML is read as YAML 1.2 (core schema), like flowc: `yes`, `no`, `on`, `off` and
dates stay text. Duplicate keys are an error. Exit 0 when everything holds, 1 on any
failure, 2 when the tooling is missing.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

try:
    import yaml
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match
except ImportError as error:  # pragma: no cover - environment problem, not a finding
    print(f"validate_schemas: missing Python package ({error.name}); "
          "install with `apt-get install python3-yaml python3-jsonschema` "
          "or `pip install pyyaml jsonschema`", file=sys.stderr)
    sys.exit(2)

ROOT = Path(__file__).resolve().parent.parent
GRAMMAR = ROOT / "grammar"
SCHEMA_KINDS = ("flow", "bot", "test", "flowd")
VALID_DIRS = ("examples", "flows", "grammar/tests/valid", "Tests/FlowCheckerTests/Corpus/valid")
INVALID_DIR = "grammar/tests/invalid"
YAML_SUFFIXES = (".yaml", ".yml")
SCHEMA_LINE = re.compile(r"^#\s*schema:\s*(\S+)\s*$")
EXPECT_LINE = re.compile(r"^#\s*expect:\s*(.+?)\s*$")


# --------------------------------------------------------------------------- YAML 1.2


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema's implicit types, string keys, no duplicates."""

    yaml_implicit_resolvers: dict = {}


for tag, pattern, first in (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
):
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), first)


def _construct_int(loader: Yaml12Loader, node: yaml.Node) -> int:
    text = loader.construct_scalar(node)
    if text.startswith("0x"):
        return int(text[2:], 16)
    if text.startswith("0o"):
        return int(text[2:], 8)
    return int(text, 10)


def _construct_float(loader: Yaml12Loader, node: yaml.Node) -> float:
    text = loader.construct_scalar(node).lower()
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    if text == ".nan":
        return math.nan
    return float(text)


def _construct_mapping(loader: Yaml12Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    result: dict = {}
    merged: dict = {}
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<" and key_node.style is None:
            # Merge keys, as flowc reads them: explicit keys win, earlier sources win over later.
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for source in sources:
                value = loader.construct_object(source, deep=True)
                if not isinstance(value, dict):
                    raise yaml.constructor.ConstructorError(None, None, "`<<` merges mappings", source.start_mark)
                for k, v in value.items():
                    merged.setdefault(k, v)
            continue
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain scalar", key_node.start_mark)
        key = key_node.value  # the key's text, as a JSON object key: `1:` is "1"
        if key in result:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping", node.start_mark, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=deep)
    for k, v in merged.items():
        result.setdefault(k, v)
    return result


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
Yaml12Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
Yaml12Loader.construct_mapping = _construct_mapping  # type: ignore[assignment]


def load_yaml(path: Path) -> tuple[object, yaml.Node | None]:
    """The document's value and its node tree (for error positions)."""
    text = path.read_text(encoding="utf-8")
    node = yaml.compose(text, Loader=Yaml12Loader)
    if node is None:
        return None, None
    loader = Yaml12Loader(text)
    try:
        return loader.construct_document(node), node
    finally:
        loader.dispose()


def position(node: yaml.Node | None, path) -> str:
    """line:col of the value at a JSON path, as far down the path as the tree goes."""
    if node is None:
        return "1:1"
    for part in path:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    node = value_node
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
    return f"{node.start_mark.line + 1}:{node.start_mark.column + 1}"


# --------------------------------------------------------------------------- schemas


def load_schemas(failures: list[str]) -> dict[str, dict]:
    schemas = {}
    for kind in SCHEMA_KINDS:
        path = GRAMMAR / f"{kind}.schema.json"
        rel = path.relative_to(ROOT)
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
            Draft202012Validator.check_schema(schema)
        except (OSError, ValueError) as error:
            failures.append(f"{rel}: cannot read: {error}")
            continue
        except Exception as error:  # jsonschema.SchemaError
            failures.append(f"{rel}: not a valid draft 2020-12 schema: {getattr(error, 'message', error)}")
            continue
        lint_schema(schema, rel, failures)
        schemas[kind] = schema
    # Shared $defs must not drift between the self-contained schemas.
    seen: dict[str, tuple[str, object]] = {}
    for kind, schema in schemas.items():
        for name, definition in schema.get("$defs", {}).items():
            if name in seen and seen[name][1] != definition:
                failures.append(f"grammar/{kind}.schema.json: $defs/{name} differs from the one in "
                                f"grammar/{seen[name][0]}.schema.json; keep shared definitions identical")
            seen.setdefault(name, (kind, definition))
    return schemas


def lint_schema(schema: dict, rel: Path, failures: list[str]) -> None:
    def described(sub: object) -> bool:
        if not isinstance(sub, dict):
            return False
        if "description" in sub:
            return True
        ref = sub.get("$ref", "")
        if ref.startswith("#/"):
            target: object = schema
            for part in ref[2:].split("/"):
                target = target.get(part, {}) if isinstance(target, dict) else {}
            return described(target)
        return False

    def walk(sub: object, where: str) -> None:
        if isinstance(sub, dict):
            props = sub.get("properties")
            if isinstance(props, dict) and sub.get("type") == "object":
                if "additionalProperties" not in sub:
                    failures.append(f"{rel}: {where}: object lists properties without additionalProperties")
                for name, prop in props.items():
                    if not described(prop):
                        failures.append(f"{rel}: {where}/properties/{name}: no description")
            for key, value in sub.items():
                walk(value, f"{where}/{key}")
        elif isinstance(sub, list):
            for index, value in enumerate(sub):
                walk(value, f"{where}/{index}")

    walk(schema, "#")


# --------------------------------------------------------------------------- checks


def schema_kind(path: Path, first_line: str) -> str | None:
    match = SCHEMA_LINE.match(first_line)
    if match:
        return match.group(1)
    if path.name == "bot.yaml":
        return "bot"
    if path.name in ("flowd.yaml", "flowd.yml") or path.name.endswith((".flowd.yaml", ".flowd.yml")):
        return "flowd"
    if path.name.endswith((".test.yaml", ".test.yml")):
        return "test"
    return "flow"


def all_messages(errors) -> list[str]:
    out = []
    for error in errors:
        out.append(error.message)
        out.extend(all_messages(error.context or []))
    return out


def describe(error) -> str:
    """The most relevant cause of an error (jsonschema's best_match descends into oneOf/anyOf)."""
    error = best_match([error]) or error
    where = "/".join(str(part) for part in error.absolute_path) or "(document)"
    causes = list(dict.fromkeys(cause.message for cause in error.context or []))[:3]
    because = f" (tried: {'; '.join(causes)})" if causes else ""
    return f"at {where}: {error.message}{because}"


def yaml_files(directory: Path) -> list[Path]:
    # A bot's data/ folder holds data (SQLite files, HTTP mocks for `flowc chat --mock`), not flows.
    return sorted(p for p in directory.rglob("*")
                  if p.is_file() and p.name.endswith(YAML_SUFFIXES) and "data" not in p.relative_to(directory).parts)


def main(argv: list[str]) -> int:
    verbose = "-v" in argv or "--verbose" in argv
    failures: list[str] = []
    passed = 0
    schemas = load_schemas(failures)
    if len(schemas) != len(SCHEMA_KINDS):
        for line in failures:
            print(f"FAIL {line}")
        print(f"schemas: 0 passed, {len(failures)} failed")
        return 1
    passed += len(schemas)
    validators = {kind: Draft202012Validator(schema) for kind, schema in schemas.items()}

    def check(path: Path, must_pass: bool) -> None:
        nonlocal passed
        rel = path.relative_to(ROOT)
        try:
            text = path.read_text(encoding="utf-8")
            lines = text.splitlines() or [""]
            data, node = load_yaml(path)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
            failures.append(f"{rel}{where}: not valid YAML: {error.problem or error.context}")
            return
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            failures.append(f"{rel}: cannot read: {error}")
            return
        kind = schema_kind(path, lines[0])
        if kind not in validators:
            failures.append(f"{rel}:1:1: unknown schema {kind!r} (use `# schema: flow|bot|test|flowd`)")
            return
        errors = sorted(validators[kind].iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
        if must_pass:
            if errors:
                for error in errors:
                    failures.append(f"{rel}:{position(node, error.absolute_path)}: "
                                    f"does not match the {kind} schema {describe(error)}")
                return
            passed += 1
            if verbose:
                print(f"ok   {rel} ({kind})")
            return
        if not SCHEMA_LINE.match(lines[0]):
            failures.append(f"{rel}:1:1: an invalid case must start with `# schema: flow|bot|test`")
            return
        if not errors:
            failures.append(f"{rel}: should be rejected by the {kind} schema, but it validates")
            return
        expected = next((m.group(1) for m in map(EXPECT_LINE.match, lines[1:5]) if m), None)
        messages = all_messages(errors)
        if expected is not None and not any(expected in message for message in messages):
            failures.append(f"{rel}: rejected, but no error mentions {expected!r}; got: "
                            + "; ".join(describe(e) for e in errors))
            return
        passed += 1
        if verbose:
            print(f"ok   {rel} rejected ({kind}): {describe(errors[0])}")

    for name in VALID_DIRS:
        directory = ROOT / name
        if directory.is_dir():
            for path in yaml_files(directory):
                check(path, must_pass=True)
        elif verbose:
            print(f"skip {name}/ (missing)")
    invalid = ROOT / INVALID_DIR
    cases = sorted(p for p in invalid.iterdir() if p.is_file()) if invalid.is_dir() else []
    if not cases:
        failures.append(f"{INVALID_DIR}/: no invalid cases found")
    for path in cases:
        check(path, must_pass=False)

    for line in failures:
        print(f"FAIL {line}")
    print(f"schemas: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
