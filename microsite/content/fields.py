"""Which values in a page are text, read from the schema rather than guessed.

The schema marks translatable text with :class:`microsite.content.values.Translatable`
(``plain`` or ``rich``). :func:`raw_text_fields` finds those values in *raw*
JSON, guided by the models but without validating, so the content check can
lint rich text and report markup the sanitizer would remove even in a file
that has schema errors elsewhere: one run tells an editor everything.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from .models import Page
from .values import Translatable

Location = tuple[int | str, ...]


def _marker(metadata: Any) -> str | None:
    for item in metadata or ():
        if isinstance(item, Translatable):
            return item.kind
    return None


def kind_of(info: Any) -> str | None:
    """The Translatable kind of a field, looking inside ``X | None`` and ``list[X]``."""
    found = _marker(info.metadata)
    pending = [info.annotation]
    while found is None and pending:
        annotation = pending.pop()
        found = _marker(getattr(annotation, "__metadata__", None))
        pending.extend(get_args(annotation))
    return found


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field may hold (``Link | None``, ``list[Block]``, ...)."""
    found, pending = [], [annotation]
    while pending:
        item = pending.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            found.append(item)
        else:
            pending.extend(get_args(item))
    return found


def _model_for(candidates: list[type[BaseModel]], value: dict[str, Any]) -> type[BaseModel] | None:
    """The model for one JSON object: the only candidate, or the block its ``type`` names."""
    if len(candidates) == 1:
        return candidates[0]
    for model in candidates:
        field = model.model_fields.get("type")
        if field is not None and value.get("type") in get_args(field.annotation):
            return model
    return None


def raw_text_fields(
    data: Any, model: type[BaseModel] = Page, location: Location = ()
) -> Iterator[tuple[Location, str, str]]:
    """``(location, kind, value)`` for every string the schema marks as text, in raw JSON.

    Values of the wrong shape, and blocks of unknown type, are skipped: the
    schema reports those.
    """
    if not isinstance(data, dict):
        return
    for name, info in model.model_fields.items():
        if name not in data:
            continue
        value, kind, candidates = data[name], kind_of(info), _models_in(info.annotation)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            where = (*location, name) if index is None else (*location, name, index)
            if isinstance(item, dict) and candidates:
                sub = _model_for(candidates, item)
                if sub is not None:
                    yield from raw_text_fields(item, sub, where)
            elif kind and isinstance(item, str):
                yield where, kind, item


@cache
def field_kinds(model: type[BaseModel] = Page, prefix: str = "") -> dict[str, str]:
    """Every translatable field the schema can hold, named as a segment's context names it
    (``"card_group.cards.title"``), with its kind: ``plain`` text is shown escaped, so a
    translation there must carry no markup; ``rich`` text is HTML."""
    kinds: dict[str, str] = {}
    block_type = model.model_fields.get("type")
    literals = [value for value in get_args(block_type.annotation) if isinstance(value, str)] \
        if block_type else []  # fmt: skip
    for own_prefix in literals or [prefix]:  # a block's fields are named after its type
        for name, info in model.model_fields.items():
            field = f"{own_prefix}.{name}" if own_prefix else name
            if kind := kind_of(info):
                kinds[field] = kind
            for nested in _models_in(info.annotation):
                if nested is not model:
                    kinds |= field_kinds(nested, "" if name == "blocks" else field)
    return kinds
