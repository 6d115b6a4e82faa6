"""Fill my-work/, the learner's own folder, from the student copies, without ever losing work.

`make my-work` (and the first `make lab`) run this. my-work/ is git-ignored and no other
command writes into it. For each student notebook (and student/README.md):
- missing in my-work/ (new, or deleted by the learner): copied there;
- present and byte-identical to the copy this script last wrote (the learner has not changed
  it), while the student copy changed: replaced by the new version;
- present and changed by the learner, while the student copy changed: left alone, and the new
  version is written beside it as NN_name.updated.ipynb (or .updated-2, ... when the learner
  has edited an earlier .updated file too), and the script says so;
- otherwise (the student copy has not changed since this script last copied it) left alone,
  whatever the learner did to it.
What this script wrote is recorded in my-work/.course-copies.json (file name -> sha256), which
is how it tells a learner's edit from its own copy. It prints one line per file it wrote.

Usage: python -m scripts.my_work [--student DIR] [--to DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STUDENT = ROOT / "student"
MY_WORK = ROOT / "my-work"
RECORD = ".course-copies.json"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _beside(dest: Path, record: dict[str, str]) -> Path:
    """A free name for the new version of ``dest``: NN.updated.ipynb, then .updated-2, ...;
    a name holding a file this script wrote (and nobody changed since) may be reused."""
    for n in range(1, 1000):
        suffix = ".updated" if n == 1 else f".updated-{n}"
        candidate = dest.with_name(dest.stem + suffix + dest.suffix)
        if not candidate.exists() or record.get(candidate.name) == _sha(candidate.read_bytes()):
            return candidate
    raise RuntimeError(f"too many updated versions of {dest.name} in {dest.parent}")


def sync(student: Path = STUDENT, my_work: Path = MY_WORK) -> list[str]:
    """Bring ``my_work`` up to date with ``student`` as the module docstring says; returns the
    lines to print (one per file written)."""
    if not student.is_dir():
        raise FileNotFoundError(
            f"{student} is missing: run `make student` to generate the student copies"
        )
    my_work.mkdir(exist_ok=True)
    record_path = my_work / RECORD
    record: dict[str, str] = json.loads(record_path.read_text()) if record_path.is_file() else {}
    said = []
    sources = sorted(student.glob("*.ipynb")) + [p for p in [student / "README.md"] if p.is_file()]
    for src in sources:
        new = src.read_bytes()
        dest = my_work / src.name
        if not dest.exists():
            target, why = dest, "added"
        else:
            mine = dest.read_bytes()
            if mine == new or record.get(dest.name) == _sha(new):
                record.setdefault(dest.name, _sha(new))
                continue  # the same, or the student copy has not changed since we copied it
            if record.get(dest.name) == _sha(mine):
                target, why = dest, "updated (you had not changed it)"
            else:
                target = _beside(dest, record)
                if target.exists() and target.read_bytes() == new:
                    continue  # this update was already written beside it
                why = (
                    f"new version written beside your {dest.name}, which you changed: "
                    "yours is untouched"
                )
        target.write_bytes(new)
        record[target.name] = _sha(new)
        said.append(f"my-work/{target.name}: {why}")
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    return said


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--student", type=Path, default=STUDENT)
    parser.add_argument("--to", type=Path, default=MY_WORK)
    args = parser.parse_args(argv)
    try:
        lines = sync(args.student, args.to)
    except FileNotFoundError as exc:
        print(f"my-work: {exc}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    print(
        f"my-work: {len(lines)} file(s) written; your own changes are never overwritten"
        if lines
        else "my-work: up to date; nothing written"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
