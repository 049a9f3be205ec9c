"""The base of every demo factory: factory_boy's, plus a fast unsaved `row()` for bulk inserts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

import factory
from django.db.models import Model
from factory.declarations import BaseDeclaration, Transformer

M = TypeVar("M", bound=Model)


class RowFactory(factory.django.DjangoModelFactory[M]):
    """A Django model factory whose `row(**fields)` gives an unsaved instance for
    `bulk_create`, as `build(**fields)` does, at the cost of the model's own constructor.

    factory_boy resolves every declaration on every call, which costs several times the
    model's constructor: too much for the hundred thousand rows of a large demo. `row()` takes
    the factory's constant defaults and the given fields (transformed as `build()` would, e.g.
    a password hashed unless given as `factory.Transformer.Force(hash)`). Only when a declared
    default is left to resolve (a sequence, a sub-factory, a lazy attribute), or the factory
    has post-generation steps or parameters, does it go through `build()`. A field given by
    its column (`prisoner_id`) stands for its declaration (`prisoner`).
    """

    class Meta:
        abstract = True

    @classmethod
    def row(cls, **fields: Any) -> M:
        spec = _spec(cls)
        if (
            spec.declared is None
            or any(name not in fields and f"{name}_id" not in fields for name in spec.declared)
            or any("__" in name for name in fields)  # a sub-factory's own fields
        ):
            return cls.build(**fields)
        for name, transformer in spec.transformers.items():
            if name in fields:
                value = fields[name]
                forced = isinstance(value, Transformer.Force)
                fields[name] = value.forced_value if forced else transformer.transform(value)
        instance: M = cls._meta.model(**{**spec.constants, **fields})
        return instance


@dataclass(frozen=True)
class _Spec:
    constants: dict[str, Any]  # plain default values
    declared: tuple[str, ...] | None  # defaults to resolve; None: always `build()`
    transformers: dict[str, Transformer]


_SPECS: dict[type, _Spec] = {}


def _spec(cls: type[RowFactory[Any]]) -> _Spec:
    if cls not in _SPECS:
        meta = cls._meta
        declarations = meta.declarations
        constants = {
            k: v
            for k, v in declarations.items()
            if not isinstance(v, BaseDeclaration) and "__" not in k
        }
        declared: tuple[str, ...] | None = tuple(k for k in declarations if k not in constants)
        options = ("exclude", "rename", "inline_args")  # set from `class Meta`
        if (
            meta.post_declarations.as_dict()
            or meta.parameters
            or any(getattr(meta, option) for option in options)
        ):
            declared = None
        transformers = {k: v for k, v in declarations.items() if isinstance(v, Transformer)}
        _SPECS[cls] = _Spec(constants, declared, transformers)
    return _SPECS[cls]
