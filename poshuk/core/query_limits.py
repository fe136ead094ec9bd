"""What one query may ask for (``QueryLimits``) and the errors the parser and the engines'
compilers raise: a malformed query names its position, one over a limit names the limit."""

from __future__ import annotations

from dataclasses import dataclass


class QuerySyntaxError(ValueError):
    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.position = position


class QueryLimitError(QuerySyntaxError):
    """A well-formed query that asks for more than ``QueryLimits`` allows."""

    def __init__(self, message: str, limit: str, position: int) -> None:
        super().__init__(f"{message} (limit {limit}={getattr(LIMITS, limit)})", position)
        self.limit = limit


@dataclass(frozen=True, slots=True)
class QueryLimits:
    """What one query may ask for: the parser refuses more, and both engines' compiled
    queries stay within it (see each compiler's ``check_compiled``)."""

    max_length: int = 2000  # characters of the search box
    max_depth: int = 24  # brackets, NOT/-, title: inside one another
    max_clauses: int = 128  # words (phrases' words too), field values and dates
    max_expanding: int = 8  # prefix (word*) and fuzzy (word~) words
    max_term_length: int = 40  # characters of one prefix or fuzzy word
    max_slop: int = 100  # positions apart in a proximity phrase ("a b"~N)
    max_compiled: int = 2048  # engine queries one search compiles into (all fields, forms)


LIMITS = QueryLimits()


def check_compiled(count: int) -> None:
    """Called by an engine's compiler with the number of queries it built for one search."""
    if count > LIMITS.max_compiled:
        raise QueryLimitError(
            f"the query expands to {count} searches across the text fields; use fewer words",
            "max_compiled", 0,
        )
