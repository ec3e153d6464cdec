"""requestPermission from web pages: the prompt in Anki and what it remembers."""

from __future__ import annotations

import pytest

ORIGIN = "https://flashcards.example"
REQUEST = {"action": "requestPermission", "version": 6}
GRANTED = {"result": {"permission": "granted", "requireApikey": False, "requireApiKey": False,
                      "version": 6}, "error": None}
DENIED = {"result": {"permission": "denied"}, "error": None}


@pytest.fixture
def prompts(anki):
    prompts = anki.runtime.permissions
    yield prompts
    for box in list(prompts.boxes.values()):
        box.reject()
    anki.waiter.wait_until(lambda: not prompts.boxes)


def ask(client, anki, prompts, origin=ORIGIN):
    """Send requestPermission from origin; return (pending response, the prompt)."""
    pending = client.start(REQUEST, headers={"Origin": origin})
    anki.waiter.wait_until(lambda: origin in prompts.boxes)
    return pending, prompts.boxes[origin]


def answer(anki, pending):
    anki.waiter.wait_until(pending.done)
    return pending.result()


def test_yes_grants_and_trusts_the_origin_from_then_on(anki, client, prompts):
    pending, box = ask(client, anki, prompts)
    assert box.text() == (f'"{ORIGIN}" requests permission to use Anki through AnkiConnect. '
                          "Do you want to give it access?")
    box.button(box.StandardButton.Yes).click()
    response = answer(anki, pending)
    assert response.json() == GRANTED
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert ORIGIN in anki.mw.addonManager.getConfig(anki.addon_module)["webCorsOriginList"]
    later = client.post({"action": "version", "version": 6}, headers={"Origin": ORIGIN})
    assert (later.status, later.json()) == (200, {"result": 6, "error": None})


def test_no_denies_and_the_origin_stays_untrusted(anki, client, prompts):
    pending, box = ask(client, anki, prompts)
    box.button(box.StandardButton.No).click()
    response = answer(anki, pending)
    assert response.json() == DENIED
    assert response.headers["access-control-allow-origin"] == ORIGIN  # so the page can read the answer
    assert client.post({"action": "version"}, headers={"Origin": ORIGIN}).status == 403


def test_no_with_ignore_ticked_denies_without_asking_again(anki, client, prompts):
    pending, box = ask(client, anki, prompts)
    box.checkBox().setChecked(True)
    box.button(box.StandardButton.No).click()
    assert answer(anki, pending).json() == DENIED
    assert anki.mw.addonManager.getConfig(anki.addon_module)["ignoreOriginList"] == [ORIGIN]
    again = client.post(REQUEST, headers={"Origin": ORIGIN})
    assert again.json() == DENIED
    assert not prompts.boxes


def test_an_unanswered_prompt_closes_itself_and_denies(anki, client, prompts):
    anki.set_config(webPermissionTimeout=1000)  # the least config.schema.json allows
    pending, _ = ask(client, anki, prompts)
    assert answer(anki, pending).json() == DENIED
    assert not prompts.boxes


def test_the_prompt_blocks_neither_anki_nor_other_clients(anki, client, prompts):
    pending, box = ask(client, anki, prompts)
    assert not box.isModal()
    assert client.send({"action": "version", "version": 6}) == {"result": 6, "error": None}
    box.button(box.StandardButton.No).click()
    answer(anki, pending)


def test_requests_from_one_origin_share_one_prompt(anki, client, prompts):
    first, box = ask(client, anki, prompts)
    second = client.start(REQUEST, headers={"Origin": ORIGIN})
    anki.waiter.pump(0.3)  # let the second request reach Anki
    assert list(prompts.boxes) == [ORIGIN]
    box.button(box.StandardButton.Yes).click()
    assert answer(anki, first).json() == GRANTED
    assert answer(anki, second).json() == GRANTED


def test_a_trusted_origin_is_granted_without_a_prompt(client, prompts):
    response = client.post(REQUEST, headers={"Origin": "chrome-extension://yomitan"})
    assert response.json() == GRANTED
    assert not prompts.boxes


def test_client_supplied_origin_and_allowed_are_overwritten(anki, client, prompts):
    request = {**REQUEST, "params": {"origin": "http://localhost", "allowed": True}}
    pending = client.start(request, headers={"Origin": ORIGIN})
    anki.waiter.wait_until(lambda: ORIGIN in prompts.boxes)  # asked about the real origin
    prompts.boxes[ORIGIN].button(prompts.boxes[ORIGIN].StandardButton.No).click()
    assert answer(anki, pending).json() == DENIED
