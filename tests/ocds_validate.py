"""Validate OCDS release packages against the OCDS schemas in a folder (package, release, lots and bids)."""
import json
import sys

import jsonschema


def main(schema_dir, files):
    with open(f"{schema_dir}/release-package-schema.json") as f:
        package = json.load(f)
    with open(f"{schema_dir}/release-schema-lots-bids.json") as f:
        release = json.load(f)
    store = {package["id"]: package, release["id"]: release}
    resolver = jsonschema.RefResolver.from_schema(package, store=store)
    validator = jsonschema.Draft4Validator(package, resolver=resolver, format_checker=jsonschema.FormatChecker())
    failed = 0
    for path in files:
        with open(path) as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors:
            print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        if not doc["releases"][0].get("awards") and not doc["releases"][0]["tender"].get("lots"):
            print(f"{path}: no award and no lot")
            errors.append(None)
        failed += bool(errors)
        print(f"{path}: {'valid' if not errors else 'INVALID'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
