"""What the FSRS actions of the cards and decks groups share: is FSRS on, which
FSRS this Anki schedules with, and its 32-bit numbers as JSON numbers."""

from __future__ import annotations

import struct
from typing import Any, List, Optional, Sequence

# Anki 25.02 schedules with FSRS-5 (19 parameters); from 25.07 on with FSRS-6 (21),
# which also runs FSRS-5's 19 (with FSRS-5's forgetting curve).
FSRS6_SINCE = "25.07"


def fsrs_on(col: Any) -> bool:
    """Whether FSRS schedules this collection (Anki's deck options, "FSRS")."""
    return bool(col.get_config("fsrs", False))


def fsrs_version() -> int:
    """6 where Anki keeps FSRS-6 parameters in a preset, else 5."""
    from anki.deck_config_pb2 import DeckConfig

    return 6 if "fsrs_params_6" in DeckConfig.Config.DESCRIPTOR.fields_by_name else 5


def effective_params(config: Any) -> List[float]:
    """The parameters Anki schedules a preset (its ``config`` message) with, in Anki's own order
    of preference: FSRS-6's, else FSRS-5's, else FSRS-4.5's ([]: Anki's defaults)."""
    if fsrs_version() == 6:
        return list(config.fsrs_params_6 or config.fsrs_params_5 or config.fsrs_params_4)
    # Anki 25.02 falls back on the FSRS-4.5 list unless there are exactly 19.
    return list(config.fsrs_params_5 if len(config.fsrs_params_5) == 19 else config.fsrs_params_4)


def shortest(value: Optional[float]) -> Optional[float]:
    """A 32-bit float (what Anki stores) as the shortest decimal that is the same
    32-bit float: 0.8999999761581421 -> 0.9."""
    if value is None:
        return None
    single = _single(value)
    for places in range(1, 12):
        rounded = round(value, places)
        if _single(rounded) == single:
            return rounded
    return value


def shortest_all(values: Sequence[float]) -> List[float]:
    return [shortest(value) for value in values]  # type: ignore[misc]


def _single(value: float) -> float:
    return struct.unpack("f", struct.pack("f", value))[0]
