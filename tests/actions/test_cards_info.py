"""cardsInfo over real HTTP: the whole reply, key order, and the same text Anki renders."""

from __future__ import annotations

from contextlib import contextmanager

from cards_helpers import add_cards, add_model, add_note, answer, reference_cards_info
from doc_examples import check_example, examples

UNKNOWN = 1234567891234
KEYS = ["cardId", "fields", "fieldOrder", "question", "answer", "modelName", "ord", "deckName", "css",
        "factor", "interval", "note", "type", "queue", "due", "reps", "lapses", "left", "mod",
        "nextReviews", "flags"]


@contextmanager
def hooked(hook, function):
    hook.append(function)
    try:
        yield
    finally:
        hook.remove(function)


def test_cardsInfo_documented_example(client, col):
    # The example shows Anki 26's stock CSS of Basic; older Ankis have another.
    basic = col.models.by_name("Basic")
    basic["css"] = examples("cards")["cardsInfo"].reply["result"][0]["css"]
    col.models.update_dict(basic)
    note = add_note(col, {"Front": "front content", "Back": "back content"})
    (cid,) = note.card_ids()
    card = col.get_card(cid)
    easy = col._backend.describe_next_states(col._backend.get_scheduling_states(cid))[3]
    check_example(client, "cards", "cardsInfo", {
        1498938915662: cid, 1502298033753: note.id, 17: card.due, 1629454092: card.mod,
        "\u20684\u2069d": easy})


def test_cardsInfo_keys_come_in_upstreams_order(client, col):
    (cid,) = add_cards(col, 1)
    (info,) = client.result("cardsInfo", cards=[cid])
    assert list(info) == KEYS


def test_cardsInfo_unknown_ids_give_empty_objects(client, col):
    (cid,) = add_cards(col, 1)
    reply = client.result("cardsInfo", cards=[UNKNOWN, cid, UNKNOWN])
    assert reply[0] == {} and reply[2] == {} and reply[1]["cardId"] == cid


def test_cardsInfo_equals_what_anki_renders_for_every_kind_of_card(client, col):
    """Sounds, TTS, LaTeX, clozes, FrontSide, field filters, empty cards,
    learning/review/suspended/flagged cards, several note types and decks."""
    cards = []
    cards += add_note(col, {"Front": "x [sound:a.mp3] <b>é</b>", "Back": "[$]x^2[/$] [latex]y[/latex]"},
                      model="Basic (and reversed card)", deck="Lang::Japanese").card_ids()
    cards += add_note(col, {"Text": "{{c1::one}} and {{c2::two::hint}}", "Back Extra": "[sound:b.ogg]"},
                      model="Cloze").card_ids()
    add_model(col, "TTS", "{{tts en_US:Front}}{{Front}}", "{{FrontSide}}<hr id=answer>{{text:Back}}")
    cards += add_note(col, {"Front": "hello", "Back": "<i>world</i>"}, model="TTS").card_ids()
    add_model(col, "Filters", "{{unknownfilter:Front}} {{hint:Back}} {{type:Front}}",
              "{{FrontSide}}{{kana:Back}}")
    cards += add_note(col, {"Front": "日本[にほん]", "Back": "語[ご]"}, model="Filters").card_ids()
    cards += add_note(col, {"Text": "no cloze here"}, model="Cloze").card_ids()  # Anki's "empty card" text
    more = add_cards(col, 4, deck="Lang")
    answer(col, more[0], 1)
    answer(col, more[1], 4)
    col.sched.suspend_cards([more[2]])
    card = col.get_card(more[3])
    card.flags = 3
    col.update_card(card)
    cards += more
    assert client.result("cardsInfo", cards=cards + [UNKNOWN]) == reference_cards_info(col, cards + [UNKNOWN])


def test_cardsInfo_uses_field_filters_of_other_add_ons(client, col):
    from anki import hooks

    def shout(text, field_name, filter_name, ctx):
        return text.upper() if filter_name == "shout" else text

    add_model(col, "Shouting", "{{shout:Front}}", "{{FrontSide}}<hr id=answer>{{shout:Back}}")
    (cid,) = add_note(col, {"Front": "quiet", "Back": "calm"}, model="Shouting").card_ids()
    with hooked(hooks.field_filter, shout):
        (info,) = client.result("cardsInfo", cards=[cid])
        assert info["question"].endswith("</style>QUIET")
        assert info["answer"].endswith("</style>QUIET<hr id=answer>CALM")


def test_cardsInfo_uses_render_hooks_of_other_add_ons(client, col):
    from anki import hooks

    def decorate(output, ctx):
        output.question_text += " (decorated)"

    (cid,) = add_cards(col, 1)
    with hooked(hooks.card_did_render, decorate):
        (info,) = client.result("cardsInfo", cards=[cid])
        assert info["question"].endswith("front 0 (decorated)")
        assert info == reference_cards_info(col, [cid])[0]


def test_cardsInfo_deck_of_a_card_in_a_filtered_deck(client, col):
    (cid,) = add_cards(col, 1, deck="Home")
    filtered = col.decks.new_filtered("Cram")
    deck = col.decks.get(filtered)
    deck["terms"] = [["deck:Home", 10, 0]]
    col.decks.save(deck)
    col.sched.rebuild_filtered_deck(filtered)
    (info,) = client.result("cardsInfo", cards=[cid])
    assert info["deckName"] == "Cram"


def test_cardsInfo_as_yomitan_sends_it(client, col):
    """Yomitan speaks version 2: a bare array comes back."""
    note = add_note(col, {"Front": "読む", "Back": "to read"}, deck="Mining")
    (cid,) = note.card_ids()
    reply = client.send({"action": "cardsInfo", "version": 2, "params": {"cards": [cid]}})
    assert reply == reference_cards_info(col, [cid])


def test_cardsInfo_many_cards_in_one_request(client, col):
    from anki.collection import AddNoteRequest

    model = col.models.by_name("Basic (and reversed card)")
    requests = []
    for i in range(300):
        note = col.new_note(model)
        note["Front"], note["Back"] = f"front {i}", f"back {i}"
        requests.append(AddNoteRequest(note, deck_id=1))
    col.add_notes(requests)
    cards = list(col.find_cards(""))
    for cid in cards[:50]:
        answer(col, cid, 3)
    assert client.result("cardsInfo", cards=cards) == reference_cards_info(col, cards)
