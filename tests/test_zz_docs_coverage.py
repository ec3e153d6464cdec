"""Every documented action example is checked by some test (this file runs last)."""

from __future__ import annotations

from pathlib import Path

import pytest
from doc_examples import CHECKED, DOCS, examples


def test_every_documented_example_was_checked_by_a_test(request):
    collected = {item.path.name for item in request.session.items}
    every_test_file = {path.name for path in Path(__file__).parent.glob("test_*.py")}
    if not every_test_file <= collected or request.config.option.keyword or request.config.option.markexpr:
        pytest.skip("only meaningful when the whole suite runs")
    documented = {(page.stem, action) for page in DOCS.glob("*.md") for action in examples(page.stem)}
    assert sorted(documented - CHECKED) == []
