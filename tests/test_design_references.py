"""Every design reference in the code points at something in the repository: a comment citing
`docs/design.md §N` needs a section N there, a cited decision record must exist, and the old
"DESIGN section N" form (a brief outside the repository) is not used any more."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DESIGN = ROOT / "docs" / "design.md"
SOURCES = ("backend", "optimizer", "frontend/src", "tests", "bench", "docs", "README.md")
SUFFIXES = {".py", ".ts", ".tsx", ".json", ".md", ".mjs"}

CITATION = re.compile(r"docs/design\.md\s+((?:§\d+(?:\s*(?:,|and)\s*)?)+)")
SECTION_NUMBER = re.compile(r"§(\d+)")
DECISION = re.compile(r"docs/decisions/([\w.-]+\.md)")
OLD_FORM = re.compile(r"DESIGN\s+sections?\s+\d")


def design_sections(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"^## (\d+)\. ", text, flags=re.MULTILINE)}


def cited_sections(text: str) -> set[int]:
    return {int(n) for match in CITATION.finditer(text) for n in SECTION_NUMBER.findall(match.group(1))}


def source_files() -> list[Path]:
    files = []
    for name in SOURCES:
        path = ROOT / name
        if path.is_file():
            files.append(path)
            continue
        files += [p for p in path.rglob("*") if p.suffix in SUFFIXES and "node_modules" not in p.parts and p.is_file()]
    return [p for p in files if p != Path(__file__).resolve()]  # this file's examples are not citations


def test_the_helpers_read_citations_and_sections():
    assert cited_sections("see docs/design.md §3, and docs/design.md §1 and §12") == {1, 3, 12}
    assert design_sections("## 1. One\ntext\n## 12. Twelve\n### 3. not a section") == {1, 12}


def test_every_cited_design_section_exists():
    sections = design_sections(DESIGN.read_text())
    assert sections, "docs/design.md has no numbered sections"
    missing = []
    for path in source_files():
        for number in sorted(cited_sections(path.read_text(errors="replace")) - sections):
            missing.append(f"{path.relative_to(ROOT)} cites docs/design.md §{number}")
    assert not missing, "\n".join(missing)


def test_the_code_cites_the_design_in_the_repository():
    old = [str(p.relative_to(ROOT)) for p in source_files() if OLD_FORM.search(p.read_text(errors="replace"))]
    assert not old, f"cite docs/design.md §N instead of the outside brief in: {old}"


def test_every_cited_decision_record_exists():
    missing = []
    for path in source_files():
        for name in DECISION.findall(path.read_text(errors="replace")):
            if not (ROOT / "docs" / "decisions" / name).is_file():
                missing.append(f"{path.relative_to(ROOT)} cites docs/decisions/{name}")
    assert not missing, "\n".join(missing)


def test_links_between_the_design_notes_resolve():
    broken = []
    for page in [DESIGN, *(ROOT / "docs" / "decisions").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text()):
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)} links to {target}")
    assert not broken, "\n".join(broken)
