"""Information sessions and registration days: the model, occurrences and calendar files
(``model``), and the reading of an event file (``schema``). No Flask."""

from .model import _MAX_OCCURRENCES, DEFAULT_LENGTH, Event, Occurrence, to_ics, upcoming
from .schema import EVENT_FIELDS, event_from_mapping

__all__ = [
    "DEFAULT_LENGTH",
    "EVENT_FIELDS",
    "_MAX_OCCURRENCES",
    "Event",
    "Occurrence",
    "event_from_mapping",
    "to_ics",
    "upcoming",
]
