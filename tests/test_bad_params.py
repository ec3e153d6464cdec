"""Every action, fed parameters of every wrong shape, answers with a clear error.

Seeded random combinations of JSON values (wrong types, huge numbers, empty
and nested containers) go to each non-GUI action over HTTP. Whatever the
action makes of them, the reply must be HTTP 200 with the two-key envelope,
and an error must be a message for the client, not a Python accident
leaking out (``'NoneType' object has no attribute ...``).
"""

from __future__ import annotations

import json
import random

import pytest

# Actions that would end the session's profile or reach the network.
LEFT_OUT = {"loadProfile", "sync", "reloadCollection", "importPackage", "exportPackage"}

VALUES = [
    None, 0, -1, 1, 1.5, 2**70, "", "x", "Default", "*", "../../etc/passwd", "a" * 2000,
    [], [1], [None], [[]], ["x"], [1483959291685], {}, {"a": 1}, {"Front": "x"}, True, False,
    {"id": 1}, [{"a": 1}], {"deckName": "Default", "modelName": "Basic", "fields": {"Front": 1}},
]

# Texts of Python errors that mean an action did not check its input.
ACCIDENTS = ("Traceback", "object has no attribute", "NoneType", "unhashable type", "not subscriptable",
             "object is not iterable", "KeyError", "IndexError", "referenced before assignment")


@pytest.mark.lenient_params  # the server may tolerate junk the schemas refuse; its replies are checked
def test_wrong_params_get_clear_errors(client, col):
    details = client.result("apiReflect", scopes=["actionDetails"])["actionDetails"]
    actions = [a for a in details if not a["gui"] and a["name"] not in LEFT_OUT and a["plugin"] != "example"]
    assert len(actions) > 90
    chance = random.Random(20261127)
    accidents = []
    for action in actions:
        names = [p["name"] for p in action["params"]]
        for _ in range(8):
            params = {name: chance.choice(VALUES) for name in names if chance.random() < 0.8}
            request = {"action": action["name"], "version": 6, "params": params}
            response = client.post(json.dumps(request))
            assert response.status == 200, request
            reply = response.json()
            assert set(reply) == {"result", "error"}, (request, reply)
            if reply["error"] and any(text in reply["error"] for text in ACCIDENTS):
                accidents.append((request, reply["error"]))
    assert accidents == []
    assert client.call("version") == {"result": 6, "error": None}
