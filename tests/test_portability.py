"""Nothing in the package or the lessons assumes a POSIX system (learners use Windows too).

A scan of course_utils/ and the lesson sources for what breaks on Windows: POSIX-only modules
and calls, hard-coded POSIX paths, shell commands in cells. Windows itself is not available
here; this scan and the README's Windows commands are how it is checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "course_utils").rglob("*.py")) + sorted(
    (ROOT / "notebooks" / "src").glob("*.py")
)
POSIX_ONLY = {
    r"^\s*(import|from)\s+(fcntl|pwd|grp|resource|termios|posix)\b": "a POSIX-only module",
    r"\bos\.(getuid|geteuid|getgid|fork|uname|killpg|setsid)\b": "a POSIX-only os call",
    r"\bsignal\.SIG(KILL|HUP|ALRM|USR1|USR2)\b": "a POSIX-only signal",
    r"[\"'](/tmp|/dev/|/usr/|/etc/|/home/|~/)": "a hard-coded POSIX path",
    r"bin/(python|pip|jupyter)": "a venv path that is Scripts\\ on Windows",
    r"^\s*[!%]{1,2}(bash|sh|ls|cat|rm|cp|mv|mkdir|wget|curl)\b": "a shell command in a cell",
    r"\bPosixPath\b": "PosixPath (use Path)",
}


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_posix_only_code(path):
    found = [
        f"{path.relative_to(ROOT)}:{i}: {why}: {line.strip()}"
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for pattern, why in POSIX_ONLY.items()
        if re.search(pattern, line)
    ]
    assert not found, "\n".join(found)


def test_the_scan_finds_what_it_looks_for():
    bad = ["import fcntl", "os.getuid()", "open('/tmp/x')", "!ls data", ".venv/bin/python -m pip"]
    for line in bad:
        assert any(re.search(p, line) for p in POSIX_ONLY), line
