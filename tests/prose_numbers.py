"""Numbers in a lesson's prose and the outputs that back them (used by test_prose_numbers.py).

Every number in a markdown cell must appear, at the precision the prose shows, in the
notebook's code or outputs, unless its context is on ``ALLOWED`` (each entry with its reason).
"""

from __future__ import annotations

import re

NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?(?:e[-+]?\d+)?)(?![\w]|\.\d)", re.IGNORECASE)

# Contexts in which a number in prose is not a claim about an output. Keep this list short and
# give each entry its reason.
ALLOWED: list[tuple[str, str]] = [
    (
        r"\b(?:lessons?|notebooks?|sections?|exercises?|steps?)[ -]\d+(?:\s*(?:-|and|to|,)\s*\d+)*",
        "names a lesson, section, exercise or step",
    ),
    (r"^#+ \d+\b|^\d+\.(?=\s)|^#+ .*?\d+ ·", "heading or list numbering"),
    (r"\*\*\d+ ·", "the next lesson's title"),
    (r"\b(?:PyTorch|torch|Python|version|since) \d+(?:\.\d+)*", "software versions"),
    (r"\b(?:19|20)\d\d\b", "years"),
    (r"\$[^$]*\$", "mathematics in LaTeX: derivations, not measurements"),
    (r"`[^`]*`", "inline code names what the code cell runs"),
]


def markdown_numbers(text: str) -> list[str]:
    """Numbers in prose outside the allowed contexts."""
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 10,844 is one number: 10844
    for pattern, _why in ALLOWED:
        text = re.sub(pattern, " ", text, flags=re.MULTILINE | re.IGNORECASE)
    return NUMBER.findall(text)


def _variants(token: str) -> set[str]:
    """The ways an output can show a number: itself, and rounded to 0-6 decimals."""
    out = {token}
    try:
        value = float(token)
    except ValueError:
        return out
    for d in range(7):
        out.add(f"{value:.{d}f}")
        out.add(f"{abs(value):.{d}f}")
    out.add(f"{value:g}")
    return out


def backed_numbers(texts: list[str]) -> set[str]:
    """Every way the numbers in code and outputs can be shown in prose."""
    shown: set[str] = set()
    for text in texts:
        for token in NUMBER.findall(text.replace("_", "")):
            shown |= _variants(token)
    return shown


def notebook_texts(nb: dict) -> tuple[list[str], list[str]]:
    """(markdown sources, code sources and text outputs) of a notebook."""
    markdown, backing = [], []
    exercises = False
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            # The exercises state tasks, targets and answer options ("90% on a budget of 50
            # updates"), not results: their checkers (tests/test_checks_*) hold those numbers.
            exercises = exercises or source.startswith("## Exercises")
            if not exercises:
                markdown.append(source)
            continue
        backing.append(source)
        for out in cell.get("outputs", []):
            if "text" in out:
                backing.append("".join(out["text"]))
            for key in ("text/plain", "text/html"):
                if key in out.get("data", {}):
                    backing.append("".join(out["data"][key]))
            for key in ("ename", "evalue"):
                if key in out:
                    backing.append(out[key])
    return markdown, backing


def unbacked(nb: dict) -> list[tuple[str, str]]:
    """(number, the sentence around it) for each number in prose that nothing backs."""
    markdown, backing = notebook_texts(nb)
    shown = backed_numbers(backing)
    missing = []
    for text in markdown:
        for number in markdown_numbers(text):
            if number not in shown:
                i = text.find(number)
                missing.append((number, text[max(0, i - 60) : i + 40].replace("\n", " ")))
    return missing


# Wording that states a speed measured on one machine, next to a number.
MACHINE_DEPENDENT = re.compile(
    r"\d[\d.]*\s*(?:s\b|ms\b|sec|seconds?|milliseconds?|times faster|x faster|×)"
    r"|(?:times|x) (?:faster|slower)[^.]*\d|speed-?up[^.]*\d|\d[^.]*speed-?up",
    re.IGNORECASE,
)


def machine_dependent(nb: dict) -> list[str]:
    """Prose sentences that quote a timing or speed-up with a number."""
    markdown, _ = notebook_texts(nb)
    found = []
    for text in markdown:
        text = re.sub(r"\$[^$]*\$", " ", text)
        for sentence in re.split(r"(?<=[.!?])\s", text):
            if MACHINE_DEPENDENT.search(sentence):
                found.append(sentence.strip())
    return found
