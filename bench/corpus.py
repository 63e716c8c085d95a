"""Build a benchmark corpus: copies of the bundled articles, each with its own id, as JSONL."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def articles() -> list[tuple[str, str, str | None]]:
    """(id, text, date) of every article under seeds/, in sorted order."""
    found = []
    for path in sorted(ROOT.glob("seeds/**/*.txt")):
        meta = path.with_name(path.stem + ".meta.json")
        date = json.loads(meta.read_text(encoding="utf-8")).get("date") if meta.exists() else None
        with open(path, encoding="utf-8", newline="") as fh:
            found.append((path.stem, fh.read(), date))
    return found


def build(n: int, out: Path) -> Path:
    base = articles()
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for i in range(n):
            stem, text, date = base[i % len(base)]
            fh.write(json.dumps({"id": f"{stem}~{i:05d}", "text": text, "date": date}, ensure_ascii=False) + "\n")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    print(build(args.n, args.out))
