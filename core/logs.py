"""Loggers that Anki routes to the add-on's own log file.

Anki gives every logger named ``addon.<add-on folder>...`` a handler that
writes to ``logs/addons/<add-on folder>/`` in the profile folder (the same
logger ``mw.addonManager.get_logger`` returns). Outside Anki these are plain
loggers.
"""

from __future__ import annotations

import logging


def get_logger(module_name: str) -> logging.Logger:
    return logging.getLogger(f"addon.{module_name}")
