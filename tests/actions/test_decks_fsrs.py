"""getFsrsParams, setFsrsParams, optimizeFsrsParams: a deck's options preset and FSRS."""

from __future__ import annotations

import math

import pytest
from cards_helpers import add_cards, answer
from doc_examples import CHECKED, check_example, examples, substitute
from fsrs_helpers import fsrs_switched, fsrs_version, preset_params, review_history

PARAMS_21 = [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835,
             0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542]
PARAMS_19 = [0.4026, 1.1839, 3.173, 15.691, 7.1949, 0.5345, 1.4604, 0.0046, 1.5458, 0.1192, 1.0193, 1.9395,
             0.11, 0.2961, 2.2698, 0.2315, 2.9898, 0.5166, 0.6621]
NEWEST = PARAMS_21 if fsrs_version() == 6 else PARAMS_19
on_fsrs6 = pytest.mark.skipif(fsrs_version() != 6, reason="FSRS-6: Anki 25.07 and later")
on_fsrs5 = pytest.mark.skipif(fsrs_version() != 5, reason="FSRS-5 only: Anki 25.02")


@pytest.fixture
def fsrs(col):
    with fsrs_switched(col):
        yield


@pytest.fixture
def fsrs_off(col):
    """FSRS off, and the default preset put back afterwards."""
    with fsrs_switched(col, on=False):
        yield


def settings(deck="Default", preset="Default", preset_id=1, fsrs=True, params=(), retention=0.9, own=None):
    return {"deck": deck, "preset": preset, "presetId": preset_id, "fsrs": fsrs,
            "fsrsVersion": fsrs_version(), "params": list(params), "desiredRetention": retention,
            "deckDesiredRetention": own}


def undo_label(col):
    return col.undo_status().undo


def other_preset(col, deck="Other"):
    """A deck with a preset of its own (a copy of the default); its id."""
    deck_id = col.decks.id(deck)
    config = col.decks.add_config("Other preset", col.decks.get_config(1))
    deck_dict = col.decks.get(deck_id)
    deck_dict["conf"] = config["id"]
    col.decks.update_dict(deck_dict)
    return config["id"]


# getFsrsParams ---------------------------------------------------------------------


def test_getFsrsParams_documented_example(client, col, fsrs_off):
    check_example(client, "decks", "getFsrsParams", {6: fsrs_version()})


def test_getFsrsParams_of_a_deck_with_its_own_preset_in_any_case(client, col, fsrs):
    preset_id = other_preset(col, "Lang::Japanese")
    client.result("setFsrsParams", deck="Lang::Japanese", params=NEWEST, desiredRetention=0.8)
    assert client.result("getFsrsParams", deck="lang::JAPANESE") == settings(
        "Lang::Japanese", "Other preset", preset_id, params=NEWEST, retention=0.8)
    assert client.result("getFsrsParams", deck="Default") == settings()


def test_getFsrsParams_unknown_and_filtered_decks_are_errors(client, col, fsrs_off):
    add_cards(col, 1, deck="Home")
    filtered = col.decks.new_filtered("Cram")
    assert client.call("getFsrsParams", deck="Nowhere") == {
        "result": None, "error": "deck was not found: Nowhere"}
    assert client.call("getFsrsParams", deck="Cram") == {"result": None, "error": (
        "Cram is a filtered deck, which has no options preset (its cards keep their home decks' presets)")}
    assert col.decks.get(filtered)["dyn"]


# setFsrsParams ---------------------------------------------------------------------


def test_setFsrsParams_documented_example(client, col, fsrs):
    if fsrs_version() == 6:
        check_example(client, "decks", "setFsrsParams")
        assert preset_params(col) == pytest.approx(PARAMS_21)
    else:  # the example's 21 parameters are FSRS-6's
        request = examples("decks")["setFsrsParams"].request
        assert client.send(request) == {"result": None, "error": (
            "21 parameters are FSRS-6's, which needs Anki 25.07 or later; "
            "this Anki schedules with FSRS-5: 19 parameters")}
        CHECKED.add(("decks", "setFsrsParams"))


def test_setFsrsParams_is_one_undo_step(client, col, fsrs):
    client.result("setFsrsParams", deck="Default", params=NEWEST, desiredRetention=0.85)
    assert undo_label(col) == "Set FSRS Parameters"
    col.undo()
    assert client.result("getFsrsParams", deck="Default") == settings()


def test_setFsrsParams_19_parameters_are_taken_by_every_anki(client, col, fsrs):
    assert client.result("setFsrsParams", deck="Default", params=PARAMS_19) == settings(params=PARAMS_19)
    assert preset_params(col) == pytest.approx(PARAMS_19)  # where the Deck Options screen shows them


def test_setFsrsParams_empty_list_gives_ankis_defaults(client, col, fsrs):
    client.result("setFsrsParams", deck="Default", params=NEWEST)
    assert client.result("setFsrsParams", deck="Default", params=[]) == settings()


def test_setFsrsParams_desired_retention_alone_keeps_the_parameters(client, col, fsrs):
    client.result("setFsrsParams", deck="Default", params=NEWEST)
    assert client.result("setFsrsParams", deck="Default", desiredRetention=0.97) == settings(
        params=NEWEST, retention=0.97)


def test_setFsrsParams_changes_the_preset_of_the_deck_only(client, col, fsrs):
    preset_id = other_preset(col)
    client.result("setFsrsParams", deck="Other", params=NEWEST)
    assert client.result("getFsrsParams", deck="Other") == settings("Other", "Other preset", preset_id,
                                                                     params=NEWEST)
    assert client.result("getFsrsParams", deck="Default") == settings()


def test_setFsrsParams_computes_the_memory_states_again(client, col, fsrs):
    (cid,) = add_cards(col, 1)
    answer(col, cid, 3)
    before = client.result("getCardMemoryState", cards=[cid])["cards"][0]["stability"]
    changed = list(NEWEST)
    changed[2] = 5.0  # the initial stability of a Good answer
    client.result("setFsrsParams", deck="Default", params=changed)
    assert client.result("getCardMemoryState", cards=[cid])["cards"][0]["stability"] == 5.0 != before


def test_setFsrsParams_with_the_values_the_preset_has_changes_nothing(client, col, fsrs):
    client.result("setFsrsParams", deck="Default", params=NEWEST)
    col.undo()
    client.result("setFsrsParams", deck="Default", params=NEWEST)
    before = undo_label(col), col.decks.get_config(1)["mod"]
    assert client.result("setFsrsParams", deck="Default", params=NEWEST, desiredRetention=0.9) == settings(
        params=NEWEST)
    assert (undo_label(col), col.decks.get_config(1)["mod"]) == before


def test_setFsrsParams_while_fsrs_is_off_keeps_them_for_later(client, col, fsrs_off):
    assert client.result("setFsrsParams", deck="Default", params=NEWEST) == settings(
        fsrs=False, params=NEWEST)


@on_fsrs6
def test_setFsrsParams_takes_21_parameters_from_anki_25_07_on(client, col, fsrs):
    assert client.result("setFsrsParams", deck="Default", params=PARAMS_21) == settings(params=PARAMS_21)


@on_fsrs5
def test_setFsrsParams_21_parameters_need_anki_25_07(client, col, fsrs):
    assert client.call("setFsrsParams", deck="Default", params=PARAMS_21) == {"result": None, "error": (
        "21 parameters are FSRS-6's, which needs Anki 25.07 or later; "
        "this Anki schedules with FSRS-5: 19 parameters")}
    assert preset_params(col) == []


@pytest.mark.parametrize("count", [1, 17, 20, 22])
def test_setFsrsParams_other_numbers_of_parameters_are_errors(client, col, fsrs, count):
    counts = "21 or 19" if fsrs_version() == 6 else "19"
    assert client.call("setFsrsParams", deck="Default", params=[0.5] * count) == {
        "result": None,
        "error": f"params must be {counts} numbers (or [] for Anki's defaults), not {count}"}
    assert client.result("getFsrsParams", deck="Default") == settings()


@pytest.mark.lenient_params  # the schema refuses them too
@pytest.mark.parametrize("params, error", [
    ([*NEWEST[:-1], "0.5"], 'params must hold numbers, not "0.5"'),
    ([*NEWEST[:-1], True], "params must hold numbers, not true"),
    ([*NEWEST[:-1], None], "params must hold numbers, not null"),
    ("0.5 0.5", 'params must be an array of numbers, not "0.5 0.5"'),
])
def test_setFsrsParams_parameters_that_are_not_numbers_are_errors(client, col, fsrs, params, error):
    assert client.call("setFsrsParams", deck="Default", params=params) == {"result": None, "error": error}


def test_setFsrsParams_infinite_parameters_are_errors(client, col, fsrs):
    body = ('{"action": "setFsrsParams", "version": 6, "params": {"deck": "Default", "params": ['
            + ", ".join(["0.5"] * (len(NEWEST) - 1)) + ', Infinity]}}')
    assert client.post(body).json() == {"result": None, "error": "params must hold numbers, not Infinity"}


@pytest.mark.lenient_params  # the schema refuses them too
@pytest.mark.parametrize("retention, error", [
    (0.69, "desiredRetention must be from 0.7 to 0.99 (Anki's range), not 0.69"),
    (1, "desiredRetention must be from 0.7 to 0.99 (Anki's range), not 1"),
    ("0.9", 'desiredRetention must be a number from 0.7 to 0.99, not "0.9"'),
    (True, "desiredRetention must be a number from 0.7 to 0.99, not true"),
])
def test_setFsrsParams_desired_retention_outside_ankis_range_is_an_error(client, col, fsrs, retention, error):
    assert client.call("setFsrsParams", deck="Default", desiredRetention=retention) == {
        "result": None, "error": error}


def test_setFsrsParams_without_anything_to_set_is_an_error(client, col, fsrs):
    assert client.call("setFsrsParams", deck="Default") == {
        "result": None, "error": 'Must provide "params" or "desiredRetention"'}


# optimizeFsrsParams ----------------------------------------------------------------


def reviewed_cards(col, count=60):
    cards = add_cards(col, count)
    review_history(col, cards)
    return cards


def test_optimizeFsrsParams_documented_example(client, col, fsrs):
    """The parameters depend on the reviews and on the Anki; everything else is the example's."""
    reviewed_cards(col)
    example = examples("decks")["optimizeFsrsParams"]
    reply = client.send(example.request)
    params = reply["result"]["params"]
    assert len(params) == len(NEWEST) and all(math.isfinite(p) for p in params)
    expected = substitute(example.reply, {6: fsrs_version(), 420: reply["result"]["reviews"]})
    expected["result"]["params"] = params
    assert reply == expected
    assert preset_params(col) == pytest.approx(params, rel=1e-4)
    CHECKED.add(("decks", "optimizeFsrsParams"))


def test_optimizeFsrsParams_without_save_only_answers(client, col, fsrs):
    reviewed_cards(col)
    result = client.result("optimizeFsrsParams", deck="Default")
    assert result["saved"] is False and result["reviews"] > 400
    assert len(result["params"]) == len(NEWEST)
    assert preset_params(col) == []


def test_optimizeFsrsParams_save_is_one_undo_step(client, col, fsrs):
    reviewed_cards(col)
    result = client.result("optimizeFsrsParams", deck="Default", save=True)
    assert client.result("getFsrsParams", deck="Default")["params"] == result["params"]
    assert undo_label(col) == "Optimize FSRS Parameters"
    col.undo()
    assert client.result("getFsrsParams", deck="Default") == settings()


def test_optimizeFsrsParams_again_finds_nothing_better(client, col, fsrs):
    reviewed_cards(col)
    first = client.result("optimizeFsrsParams", deck="Default", save=True)
    label = undo_label(col)
    again = client.result("optimizeFsrsParams", deck="Default", save=True)
    assert again == {**first, "saved": False}
    assert undo_label(col) == label


def test_optimizeFsrsParams_without_reviews_answers_the_current_parameters(client, col, fsrs):
    add_cards(col, 3)
    client.result("setFsrsParams", deck="Default", params=NEWEST)
    result = client.result("optimizeFsrsParams", deck="Default", save=True)
    assert (result["params"], result["reviews"], result["saved"]) == (NEWEST, 0, False)


def test_optimizeFsrsParams_learns_from_the_presets_reviews_only(client, col, fsrs):
    reviewed_cards(col)
    other_preset(col)
    result = client.result("optimizeFsrsParams", deck="Other")
    assert (result["preset"], result["reviews"], result["saved"]) == ("Other preset", 0, False)


def test_optimizeFsrsParams_while_fsrs_is_off_says_so(client, col, fsrs_off):
    reviewed_cards(col)
    result = client.result("optimizeFsrsParams", deck="Default", save=True)
    assert (result["fsrs"], result["saved"]) == (False, True)


@pytest.mark.lenient_params  # the schema refuses it too
def test_optimizeFsrsParams_save_must_be_true_or_false(client, col, fsrs):
    assert client.call("optimizeFsrsParams", deck="Default", save="yes") == {
        "result": None, "error": 'save must be true or false, not "yes"'}
