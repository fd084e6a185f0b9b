"""Where an article lives in the content folder and at which address visitors find it, and the
error the studio answers with when a request cannot be carried out. No Flask."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import SHORT_NAME


class StudioError(ValueError):
    """A request the studio cannot carry out; ``reason`` and ``details`` let the staff pages say
    why in the staff member's language."""

    def __init__(self, message: str, reason: str, **details):
        super().__init__(message)
        self.reason = reason
        self.details = details


@dataclass(frozen=True)
class ArticleAddress:
    """Where an article lives: content/<topic>/<slug>/, and /<lang>/<topic>/<slug> for visitors."""

    topic: str
    slug: str

    @classmethod
    def checked(cls, topic: str, slug: str) -> ArticleAddress:
        """The address, or StudioError when the topic or slug is not lower-case words with hyphens."""
        for value in (topic, slug):
            if not isinstance(value, str) or not SHORT_NAME.match(value) or len(value) > 100:
                raise StudioError(f"not a valid name: {value!r}", "slug", value=value)
        return cls(topic, slug)

    @property
    def key(self) -> str:
        return f"{self.topic}/{self.slug}"

    def file(self, lang: str) -> str:
        return f"{self.topic}/{self.slug}/{lang}.md"
