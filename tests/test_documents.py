"""One matcher for source documents (targets.documents) and the extractor's word list."""

from __future__ import annotations

from jxforecast.targets.documents import document_label, is_seed_document, match_documents
from jxforecast.targets.extract import lexicon

DOCS = ["000_4ff3222568a7c0e2.txt", "003_329468910c44fa33.txt", "plan.txt", "my_targets.csv"]


def test_a_document_by_name_or_prefix() -> None:
    assert match_documents(DOCS, "003") == ["003_329468910c44fa33.txt"]
    assert match_documents(DOCS, "3") == match_documents(DOCS, 3) == ["003_329468910c44fa33.txt"]
    assert match_documents(DOCS, "003_329468910c44fa33.txt") == ["003_329468910c44fa33.txt"]
    assert match_documents(DOCS, "plan.txt") == ["plan.txt"]
    assert match_documents(DOCS, "my") == ["my_targets.csv"]
    assert match_documents(DOCS, "004") == []


def test_seed_documents_and_labels() -> None:
    assert [is_seed_document(d) for d in DOCS] == [True, True, False, False]
    assert document_label("003_329468910c44fa33.txt") == "003"
    assert document_label("plans/plan.txt") == "plan"
    assert document_label("", default="doc") == "doc"


def test_the_lexicon_is_shipped_data() -> None:
    lex = lexicon()
    assert lex.units["万亿元"].factor == 10000 and lex.units["%"].kind == "pct"
    assert ("不低于", ">=") in lex.left_qualifiers and "左右" in lex.right_about
    lengths = [len(w) for w, _ in lex.left_qualifiers]
    assert lengths == sorted(lengths, reverse=True)
    assert "地区生产总值" in lex.synonyms["gdp"]
