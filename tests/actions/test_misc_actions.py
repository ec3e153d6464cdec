"""The misc group over real HTTP: version, requestPermission, apiReflect, multi."""

from __future__ import annotations

import pytest
from doc_examples import check_example


@pytest.mark.parametrize("action", ["version", "requestPermission", "apiReflect", "multi"])
def test_documented_example(client, action):
    check_example(client, "misc", action)
