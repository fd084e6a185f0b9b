"""What visitors see follows the calendar: an article is shown from its publication day and
hidden from its expiry day, whatever the kiosk showed a moment before (the shown content is
worked out once per day, and the clock may also be set back). No Flask."""

from __future__ import annotations

from datetime import datetime

import time_machine
from conftest import article_file, write

from app.kiosk import Kiosk


def _shown_at(kiosk: Kiosk, *when) -> bool:
    with time_machine.travel(datetime(*when), tick=False):
        return "health/winter" in kiosk.content.articles


def test_the_content_shown_changes_at_midnight_both_ways(content_dir, config):
    write(
        content_dir / "health" / "winter" / "en.md",
        article_file(
            "Winter shelter", "Where to sleep.", revision=1, extra="publish_on: 2026-12-10\nexpires_on: 2027-03-01"
        ),
    )
    kiosk = Kiosk.from_config(config)
    assert not _shown_at(kiosk, 2026, 12, 9, 12, 0)
    assert not _shown_at(kiosk, 2026, 12, 9, 23, 59, 59)
    assert _shown_at(kiosk, 2026, 12, 10, 0, 0, 1)  # its publication day has begun
    assert _shown_at(kiosk, 2026, 12, 10, 18, 0)
    assert not _shown_at(kiosk, 2026, 12, 9, 18, 0)  # the clock set back a day
    assert _shown_at(kiosk, 2027, 2, 28, 23, 0)
    assert not _shown_at(kiosk, 2027, 3, 1, 8, 0)  # expired
