"""The shipped word lists load, are well formed, and say where they come from."""

from __future__ import annotations

import re

import pytest

from studio.assets import assets_dir
from studio.checks import wordlists

CHECKS = assets_dir() / "checks"


def test_every_list_is_described_in_source_md() -> None:
    source = (CHECKS / "SOURCE.md").read_text(encoding="utf-8")
    shipped = sorted(p.name for p in CHECKS.iterdir() if p.suffix in (".txt", ".toml"))
    assert shipped == ["a11y.toml", "claims.toml", "conditions.toml", "ftc.toml",
                       "given-names.txt", "names.toml", "phi.toml", "places.toml", "surnames.txt",
                       "tlds.txt"]
    for name in shipped:
        assert f"`{name}`" in source, name


@pytest.mark.parametrize("name", ["given-names.txt", "surnames.txt", "tlds.txt"])
def test_plain_lists_have_a_header_and_no_duplicates(name: str) -> None:
    text = (CHECKS / name).read_text(encoding="utf-8")
    assert text.startswith("# ")
    entries = wordlists.lines(name)
    assert len(entries) == len({e.lower() for e in entries}) > 1000


def test_every_regular_expression_compiles_and_every_claim_is_complete() -> None:
    for claim in wordlists.table("claims.toml")["claim"]:
        assert claim["what"] and claim["why"].endswith(".") and claim["fix"].endswith(".")
        assert claim.get("phrases") or claim.get("patterns")
        for pattern in claim.get("patterns", []):
            re.compile(pattern, re.IGNORECASE)
    for pattern in wordlists.strings("ftc.toml", "outcome", "patterns"):
        re.compile(pattern, re.IGNORECASE)


@pytest.mark.parametrize(("name", "keys"), [
    ("conditions.toml", ("en",)), ("conditions.toml", ("es",)),
    ("ftc.toml", ("disclosure", "phrases")), ("ftc.toml", ("typical", "phrases")),
    ("phi.toml", ("date_context",)), ("phi.toml", ("id_context",)),
    ("phi.toml", ("org_context",)), ("names.toml", ("ambiguous_given",)),
    ("a11y.toml", ("hashtag_words",)),
])
def test_toml_lists_are_non_empty_lists_of_strings(name: str, keys: tuple[str, ...]) -> None:
    entries = wordlists.strings(name, *keys)
    assert entries and all(e.strip() == e and e for e in entries)


def test_a_malformed_list_is_reported() -> None:
    with pytest.raises(RuntimeError, match="must be a list of strings"):
        wordlists.strings("claims.toml", "claim")
