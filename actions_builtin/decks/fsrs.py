"""FSRS settings of a deck's options preset: reading, writing, optimizing.

A preset keeps one list of parameters per FSRS version (Anki 25.02 schedules
with FSRS-5's 19 numbers, Anki 25.07 and later with FSRS-6's 21, or FSRS-5's
19 where a preset still has those). Reads answer the list Anki schedules
with; writes go where Anki's Deck Options screen puts them, through the same
undoable operation (``update_deck_configs``), which also recomputes the
memory states of the preset's cards when FSRS is on, as saving the screen does.

The optimizer is Anki's, asked as the screen's "Optimize" button asks it: the
preset's own search (by default its cards that are not suspended), its
"ignore reviews before" date and its relearning steps within a day.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple

from ...core.plugin_api import ActionError
from ..shared.fsrs import FSRS6_SINCE, effective_params, fsrs_on, fsrs_version, shortest, shortest_all
from ..shared.params import boolean, json_value, string, wrong_type
from ..shared.schemas import (
    BOOLEAN,
    DECK_NAME,
    INTEGER,
    NUMBER,
    STRING,
    array,
    described,
    nullable,
    obj,
    params,
    schema,
)
from . import options

# Anki's Deck Options screen offers 70% to 99%.
RETENTION_RANGE = (0.7, 0.99)
_PARAM_COUNTS = {5: (19,), 6: (21, 19)}
_MINUTES_A_DAY = 1440

_DECK = described(DECK_NAME, "A deck (any case) whose options preset is meant.")
_PARAMS = array(NUMBER, "FSRS parameters: 21 (FSRS-6, Anki 25.07 and later) or 19 (FSRS-5); "
                        "[]: Anki's default parameters.")
_RETENTION = {"type": "number", "minimum": RETENTION_RANGE[0], "maximum": RETENTION_RANGE[1],
              "description": "The chance of recall the preset schedules for (0.7 to 0.99)."}
_PRESET_KEYS = {
    "deck": described(DECK_NAME, "The deck's name, as Anki spells it."),
    "preset": described(STRING, "The name of the deck's options preset."),
    "presetId": described(INTEGER, "The preset's id (an options group id)."),
    "fsrs": described(BOOLEAN, "Whether FSRS is on (for the whole collection, in Anki's deck options); "
                               "off, the parameters are kept but not used."),
    "fsrsVersion": {"type": "integer", "enum": [5, 6],
                    "description": "The FSRS this Anki schedules with: 5 (Anki 25.02, 19 parameters) or 6 "
                                   "(Anki 25.07 and later, 21 parameters)."},
}
FSRS_SETTINGS = obj({
    **_PRESET_KEYS,
    "params": described(_PARAMS, "The parameters Anki schedules the preset with ([]: its defaults)."),
    "desiredRetention": described(NUMBER, "The chance of recall the preset schedules for."),
    "deckDesiredRetention": nullable(NUMBER, "The deck's own desired retention, which Anki 25.07 and later "
                                             "use instead of the preset's for that deck; null: none."),
}, required=[*_PRESET_KEYS, "params", "desiredRetention", "deckDesiredRetention"])
OPTIMIZED = obj({
    **_PRESET_KEYS,
    "params": described(_PARAMS, "The optimized parameters; the current ones when the optimizer found "
                                 "nothing better or nothing to learn from."),
    "reviews": described(INTEGER, "The reviews the optimizer learned from (Anki's count; 0: none)."),
    "saved": described(BOOLEAN, "Whether the preset now has these parameters (false: save was false, "
                                "or they are the ones it had)."),
}, required=[*_PRESET_KEYS, "params", "reviews", "saved"])


class _Preset:
    """A deck and its options preset, as Anki's Deck Options screen sees them."""

    def __init__(self, col: Any, deck: Any):
        name = string(deck, "deck", "a deck name")
        deck_id = col.decks.id_for_name(name)
        if not deck_id:
            raise ActionError(f"deck was not found: {name}")
        deck_dict = col.decks.get(deck_id)
        if deck_dict.get("dyn"):
            raise ActionError(f"{deck_dict['name']} is a filtered deck, which has no options preset "
                              "(its cards keep their home decks' presets)")
        self.col = col
        self.deck_id = deck_id
        self.deck_name = deck_dict["name"]
        self.state = col.decks.get_deck_configs_for_update(deck_id)
        wanted = self.state.current_deck.config_id
        self.config = next(e.config for e in self.state.all_config if e.config.id == wanted)

    def settings(self) -> Dict[str, Any]:
        limits = self.state.current_deck.limits
        own = None
        if "desired_retention" in limits.DESCRIPTOR.fields_by_name and limits.HasField("desired_retention"):
            own = limits.desired_retention  # Anki 25.07 and later
        return {**self.described(), "params": shortest_all(effective_params(self.config.config)),
                "desiredRetention": shortest(self.config.config.desired_retention),
                "deckDesiredRetention": shortest(own)}

    def described(self) -> Dict[str, Any]:
        return {"deck": self.deck_name, "preset": self.config.name, "presetId": self.config.id,
                "fsrs": fsrs_on(self.col), "fsrsVersion": fsrs_version()}

    def save(self, changes: Any, label: str, params: Optional[List[float]] = None,
             retention: Optional[float] = None) -> bool:
        """Give the preset these parameters and/or desired retention, in one undo
        step; False (and nothing written) if it has them already."""
        config = type(self.config)()
        config.CopyFrom(self.config)
        if params is not None:
            field = config.config.fsrs_params_6 if fsrs_version() == 6 else config.config.fsrs_params_5
            field[:] = params
        if retention is not None:
            config.config.desired_retention = retention
        if config == self.config:
            return False
        with changes.undo_step(label):
            # The target deck keeps its preset: the one saved is the last, "selected" one.
            options.update(self.col, self.state, self.deck_id, [config], [])
        return True


def _params(values: Any) -> List[float]:
    if not isinstance(values, list):
        raise wrong_type("params", "an array of numbers", values)
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ActionError(f"params must hold numbers, not {json_value(value)}")
    counts = _PARAM_COUNTS[fsrs_version()]
    if values and len(values) not in counts:
        if fsrs_version() == 5 and len(values) == 21:
            raise ActionError(f"21 parameters are FSRS-6's, which needs Anki {FSRS6_SINCE} or later; "
                              "this Anki schedules with FSRS-5: 19 parameters")
        wanted = " or ".join(str(count) for count in counts)
        raise ActionError(f"params must be {wanted} numbers (or [] for Anki's defaults), not {len(values)}")
    return [float(value) for value in values]


def _retention(value: Any) -> float:
    low, high = RETENTION_RANGE
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise wrong_type("desiredRetention", f"a number from {low} to {high}", value)
    if not low <= value <= high:
        raise ActionError(f"desiredRetention must be from {low} to {high} (Anki's range), not {value}")
    return float(value)


@schema(params=params(deck=_DECK, required=["deck"]), result=FSRS_SETTINGS)
def getFsrsParams(deck: Any, *, col: Any) -> Dict[str, Any]:
    """The FSRS parameters and desired retention of the deck's options preset,
    whether FSRS is on, and which FSRS this Anki schedules with."""
    return _Preset(col, deck).settings()


@schema(params={**params(deck=_DECK, params=described(_PARAMS, "The preset's new parameters."),
                         desiredRetention=_RETENTION, required=["deck"]),
                "anyOf": [{"required": ["params"]}, {"required": ["desiredRetention"]}]},
        result=described(FSRS_SETTINGS, "The preset's settings now, as getFsrsParams answers them."))
def setFsrsParams(deck: Any, params: Any = None, desiredRetention: Any = None, *, col: Any,
                  changes: Any) -> Dict[str, Any]:
    """Set the FSRS parameters and/or desired retention of the deck's options
    preset (every deck using that preset), in one undo step. Anki 25.02 takes
    19 parameters (FSRS-5), later Ankis 21 (FSRS-6) or 19; ``[]`` means Anki's
    defaults. The retention is from 0.7 to 0.99, as in Anki's Deck Options."""
    if params is None and desiredRetention is None:
        raise ActionError('Must provide "params" or "desiredRetention"')
    preset = _Preset(col, deck)
    new_params = None if params is None else _params(params)
    retention = None if desiredRetention is None else _retention(desiredRetention)
    if preset.save(changes, "Set FSRS Parameters", new_params, retention):
        preset = _Preset(col, deck)
    return preset.settings()


@schema(params=params(deck=_DECK, save=described(BOOLEAN, "Give the preset the optimized parameters "
                                                          "(default false: only answer them)."),
                      required=["deck"]),
        result=OPTIMIZED)
def optimizeFsrsParams(deck: Any, save: Any = False, *, col: Any, changes: Any) -> Dict[str, Any]:
    """Run Anki's FSRS optimizer on the reviews of the deck's options preset
    and answer the parameters it finds and the number of reviews it learned
    from; with ``save: true`` the preset gets them (one undo step). Anki waits
    while it runs: seconds for tens of thousands of reviews."""
    save = boolean(save, "save")
    preset = _Preset(col, deck)
    current = effective_params(preset.config.config)
    optimized, reviews = _optimize(col, preset, current)
    better = bool(optimized) and [round(p, 4) for p in optimized] != [round(p, 4) for p in current]
    saved = save and better and preset.save(changes, "Optimize FSRS Parameters", optimized)
    return {**preset.described(), "params": shortest_all(optimized if better else current),
            "reviews": reviews, "saved": saved}


def _optimize(col: Any, preset: _Preset, current: List[float]) -> Tuple[List[float], int]:
    """(parameters, reviews learned from), as Anki's Optimize button computes them."""
    from anki.scheduler_pb2 import ComputeFsrsParamsRequest

    config = preset.config.config
    request = {"search": config.param_search.strip() or _preset_search(preset.config.name),
               "current_params": current,
               "ignore_revlogs_before_ms": _ignore_before_ms(config.ignore_revlogs_before_date),
               "num_of_relearning_steps": _relearning_steps_in_a_day(config.relearn_steps)}
    if "health_check" in ComputeFsrsParamsRequest.DESCRIPTOR.fields_by_name:
        request["health_check"] = False  # Anki 25.07 and later: a slower second opinion, not asked for
    answer = col._backend.compute_fsrs_params(**request)
    return list(answer.params), answer.fsrs_items


def _preset_search(name: str) -> str:
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'preset:"{escaped}" -is:suspended'


def _ignore_before_ms(date: str) -> int:
    if not date:
        return 0
    try:
        day = datetime.strptime(date, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        raise ActionError(f"the preset's \"ignore reviews before\" date is not a date: {date}") from None
    return int(day.timestamp() * 1000)


def _relearning_steps_in_a_day(steps: Any) -> int:
    """The relearning steps that end within a day of the lapse (Anki's count for the optimizer)."""
    count, minutes = 0, 0.0
    for step in steps:
        minutes += step
        if minutes >= _MINUTES_A_DAY:
            break
        count += 1
    return count


ACTIONS = (getFsrsParams, setFsrsParams, optimizeFsrsParams)
