"""The pydantic-free fast path (aitrack/dataset/quick.py) gives exactly the record the
pydantic schema gives, or None: on every real entry, on thousands of broken variants of
them, and with a field table that must match the models field for field."""

from __future__ import annotations

import inspect
import random
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest
from annotated_types import Ge, Le, MinLen
from pydantic import AfterValidator, BaseModel, BeforeValidator, Discriminator, Tag, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from aitrack.dataset import loader, quick, rules, schema
from aitrack.dataset.layout import data_files
from aitrack.dataset.read import to_record

ROOT = Path(__file__).resolve().parent.parent
DATASETS = [ROOT / "data", *sorted((ROOT / "tests" / "fixtures").glob("*/data"))]


def _entries() -> list[tuple[str, str, Any]]:
    out = []
    for data in DATASETS:
        for kind, path in data_files(str(data)):
            if kind in schema.KINDS:
                value, _locs, _problems = loader.load_file(path, path)
                out += [(path, kind, item) for item in value or []]
    return out


ENTRIES = _entries()


def pydantic_record(kind: str, item: Any) -> dict | None:
    """What read.validate_item gives through pydantic; None when pydantic refuses. Any
    other exception fails the test: validation must never crash."""
    try:
        return to_record(kind, schema.KINDS[kind].model_validate(item))
    except ValidationError:
        return None


def same(a: Any, b: Any) -> bool:
    # repr also tells 1 from 1.0 and True from 1, and key order apart.
    return repr(a) == repr(b)


def test_quick_gives_the_pydantic_record_for_real_entries():
    assert len(ENTRIES) > 100  # bundled data plus every fixture dataset
    accepted = 0
    for path, kind, item in ENTRIES:
        got, want = quick.quick_record(kind, item), pydantic_record(kind, item)
        if got is not None:
            accepted += 1
            assert same(got, want), f"{path}: {item.get('id')}"
    # A quick path that always says "not sure" would pass the above: it must carry the load.
    assert accepted >= 0.9 * len(ENTRIES), f"quick path took only {accepted} of {len(ENTRIES)} entries"


# Mutations -----------------------------------------------------------------------------

REPLACEMENTS: list[Any] = [
    0,
    1,
    -1,
    2.5,
    1.5,
    -0.5,
    2**53 + 1,
    10**400,
    float("nan"),
    float("inf"),
    True,
    False,
    None,
    "",
    " ",
    [],
    {},
    [{}],
    "Bad_ID",
    "ok-id",
    "2024-13",
    "2024-02-30",
    " 2024 ",
    2024,
    "unknown",
    "two words",
    "three plain words",
    "5 W",
    "80 GB",
    "3.35 TB/s",
    "$40B",
    "true",
    "open",
    "void",
    "external",
    "primary",
    "likely",
    "forecast",
    "platform",
    "a" * 64,
    "A" * 64,
    "a" * 64 + "\n",
]

# What a mapping or a list is replaced with (leaves get all of REPLACEMENTS).
CONTAINER: list[Any] = [1, 2.5, True, None, "", "80 GB", [], {}, [{}], [[]]]


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value[:2]):  # the rest of a list is checked the same way
            out += _paths(v, prefix + (i,))
    return out


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _set(item: Any, path: tuple, new: Any, drop: bool = False) -> Any:
    out = _copy(item)
    parent = out
    for p in path[:-1]:
        parent = parent[p]
    if drop:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return out


def mutations(item: dict) -> list[dict]:
    """Every key dropped, an unknown key and a hand-set confidence (without its reason) in
    every mapping, lists cut to one item or grown by one, every value replaced by wrong
    or borderline values of every type."""
    out = []
    for path in _paths(item):
        value = _get(item, path)
        if isinstance(value, dict):
            out += [_set(item, path + ("zzz_unknown",), 1), _set(item, path + ("confidence",), "likely")]
        if isinstance(value, list) and value:
            out += [_set(item, path, value[0]), _set(item, path, value + value[:1])]
        if not path:
            continue
        if isinstance(value, (str, int, float)):
            out.append(_set(item, path, [value]))
        out.append(_set(item, path, None, drop=True))
        out += [_set(item, path, r) for r in (REPLACEMENTS if not isinstance(value, (dict, list)) else CONTAINER)]
    return out


def _get(item: Any, path: tuple) -> Any:
    for p in path:
        item = item[p]
    return item


def _sample() -> list[tuple[str, dict]]:
    """Three entries of each kind: the richest (most fields), and two at random."""
    by_kind: dict[str, dict[str, tuple[str, dict]]] = {}
    for _path, kind, item in ENTRIES:
        if isinstance(item, dict):  # the same entry in two datasets once
            by_kind.setdefault(kind, {})[repr(item)] = (kind, item)
    rng = random.Random(16)
    out = []
    for kind, unique in sorted(by_kind.items()):
        items = sorted(unique.values(), key=lambda ki: (-len(_paths(ki[1])), ki[1].get("id", "")))
        out += items[:1] + rng.sample(items[1:], min(2, len(items[1:])))
    return out


def disagreements(
    quick_record: Callable[[str, Any], dict | None], limit: int = 5, kinds: tuple[str, ...] = ()
) -> tuple[list[str], int, int]:
    """Mutated real entries where quick says something pydantic does not; also how many
    mutations quick accepted and how many pydantic refused (so the test is not vacuous)."""
    found, accepted, refused = [], 0, 0
    for kind, item in (ki for ki in _sample() if not kinds or ki[0] in kinds):
        for mutated in mutations(item):
            got = quick_record(kind, mutated)
            want = pydantic_record(kind, mutated)
            accepted += got is not None
            refused += want is None
            if got is not None and not same(got, want):
                found.append(
                    f"{kind} {item.get('id')}: {mutated!r:.300}\n quick: {got!r:.300}\n pydantic: {want!r:.300}"
                )
                if len(found) >= limit:
                    return found, accepted, refused
    return found, accepted, refused


def test_quick_never_accepts_what_pydantic_refuses_nor_differs():
    found, accepted, refused = disagreements(quick.quick_record)
    assert not found, "\n".join(found)
    assert accepted > 2000 and refused > 5000, (accepted, refused)


@pytest.mark.parametrize("sabotage", ["id", "text", "float", "unknown-keys", "model-rule"])
def test_the_mutation_test_catches_a_lax_quick_path(monkeypatch, sabotage):
    """The check above must be able to fail: each of these quick paths is slightly too lax."""
    monkeypatch.setattr(quick, "_CHECKERS", {})
    if sabotage == "id":
        monkeypatch.setitem(quick.SCALARS, "id", quick._text)
    elif sabotage == "text":
        monkeypatch.setitem(quick.SCALARS, "text", quick._text)
    elif sabotage == "float":
        monkeypatch.setitem(quick.SCALARS, "float", lambda v: v if type(v) in (int, float) else quick._ok(False, v))
    elif sabotage == "unknown-keys":
        monkeypatch.setitem(quick.FIELDS, "TextFact", quick.FIELDS["TextFact"] + (("zzz_unknown", "float?", None),))
    else:
        monkeypatch.delitem(quick.AFTER, "TextFact")
    found, _accepted, _refused = disagreements(quick.quick_record, limit=1, kinds=("lab", "prediction"))
    assert found


# The field table -------------------------------------------------------------------------

_FUNCS = {rules.check_id: "id", rules.check_quote: "quote"}


def _flat(meta: list) -> list:
    out = []
    for m in meta:
        out += m.metadata if isinstance(m, FieldInfo) else [m]
    return out


def code_of(tp: Any, meta: list) -> str:
    """quick's type code for a pydantic annotation plus its constraints; fails on any
    constraint it does not know (a new one needs quick.py to learn it too)."""
    if get_origin(tp) is Annotated:
        return code_of(get_args(tp)[0], [*tp.__metadata__, *meta])
    meta = [m for m in _flat(meta) if not isinstance(m, Tag)]  # checked with their Discriminator
    used: list = []
    code = _code(tp, meta, used)
    left = [m for m in meta if not any(m is u for u in used)]
    assert not left, f"{tp}: constraints quick.py does not know: {left}"
    return code


def _code(tp: Any, meta: list, used: list) -> str:
    args = get_args(tp)
    afters = [m for m in meta if isinstance(m, AfterValidator)]
    befores = [m for m in meta if isinstance(m, BeforeValidator)]
    if get_origin(tp) in (Union, types.UnionType):
        if type(None) in args:
            (rest,) = [a for a in args if a is not type(None)]
            used += meta
            return code_of(rest, meta) + "?"
        discriminators = [m for m in meta if isinstance(m, Discriminator)]
        if discriminators:
            used += discriminators
            assert discriminators[0].discriminator is schema._kind_of_field
            assert [get_args(a)[1] for a in args] == [Tag(schema.ONE), Tag(schema.MANY)]
            one = get_args(args[0])[0]
            assert code_of(args[1], []) == f"[{one.__name__}]+"
            return f"hist:{one.__name__}"
        if set(args) == {str, int, float}:
            used += afters
            (check,) = [a.func for a in afters]
            if check is rules.check_quantity:
                return "qty"
            return f"qty:{inspect.getclosurevars(check).nonlocals['dim']}"
        if args == (bool, Literal["unknown"]):
            return "bool|unknown"
    if get_origin(tp) is Literal:
        (name,) = [n for n, values in quick.LITERALS.items() if values == args]
        used += befores
        if befores:
            assert [b.func for b in befores] == [rules.outcome_word]
            return f"word:{name}"
        return f"lit:{name}"
    if get_origin(tp) is list:
        mins = [m for m in meta if isinstance(m, MinLen)]
        used += mins
        assert all(m.min_length == 1 for m in mins)
        return f"[{code_of(args[0], [])}]" + ("+" if mins else "")
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp.__name__
    if tp is str:
        used += afters + befores
        if befores:
            assert [b.func for b in befores] == [rules.check_date] and not afters
            return "date"
        if afters:
            (check,) = [a.func for a in afters]
            return _FUNCS[check]
        for m in meta:
            if isinstance(m, MinLen) and m.min_length == 1:
                used.append(m)
                return "text"
            if getattr(m, "pattern", None) == "^[0-9a-f]{64}$":
                used.append(m)
                return "sha256"
        return "str"
    if tp is bool:
        return "bool"
    if tp is float:
        bounds = [m for m in meta if isinstance(m, (Ge, Le))]
        used += bounds
        if bounds:
            assert sorted(repr(b) for b in bounds) == ["Ge(ge=0)", "Le(le=1)"]
            return "prob"
        return "float"
    raise AssertionError(f"quick.py has no type code for {tp}")


def _models_under(model: type[BaseModel], out: dict[str, type[BaseModel]]) -> None:
    out[model.__name__] = model
    for f in model.model_fields.values():
        for sub in _types_in(f.annotation):
            if sub.__name__ not in out:
                _models_under(sub, out)


def _types_in(tp: Any) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for a in get_args(tp) for m in _types_in(a)]


def derived_table() -> tuple[dict, dict]:
    models: dict[str, type[BaseModel]] = {}
    for model in schema.KINDS.values():
        _models_under(model, models)
    table = {
        name: tuple(
            (
                key,
                code_of(f.annotation, list(f.metadata)),
                quick.REQUIRED if f.default is PydanticUndefined else f.default,
            )
            for key, f in model.model_fields.items()
        )
        for name, model in models.items()
    }
    return table, models


def test_quick_field_table_is_the_schema():
    table, models = derived_table()
    assert table == quick.FIELDS
    assert {kind: m.__name__ for kind, m in schema.KINDS.items()} == quick.KIND_MODELS
    for name, model in models.items():
        config = model.model_config
        assert (config["extra"], config["strict"], config["allow_inf_nan"]) == ("forbid", False, False), name
        assert bool(model.__pydantic_decorators__.model_validators) == (name in quick.AFTER), name
        assert not model.__pydantic_decorators__.field_validators, f"{name}: quick.py does not run field validators"


def test_the_table_check_sees_a_schema_edit():
    class Edited(schema.Chip):
        tdp: schema.History(schema.PowerFact) | None = None
        die_area: str | None = None

    assert (
        tuple((k, code_of(f.annotation, list(f.metadata)), f.default) for k, f in Edited.model_fields.items())
        != quick.FIELDS["Chip"]
    )


# Without pydantic ----------------------------------------------------------------------

CHIP = {
    "id": "wse-3",
    "name": "WSE-3",
    "vendor": "cerebras",
    "cite": [{"source": "doc-one", "quote": "the WSE-3 chip"}],
    "memory": {"value": "44 GB", "source": "doc-one", "quote": "44 GB of on-chip SRAM"},
}


def test_quick_and_validate_item_do_not_import_pydantic():
    code = (
        "import sys\n"
        "from aitrack.dataset.quick import quick_record\n"
        "from aitrack.dataset.read import Where, validate_item\n"
        f"chip = {CHIP!r}\n"
        "assert quick_record('chip', chip)['memory']['value']['value'] == 44e9\n"
        "record, problems = validate_item('chip', chip, Where('chips.yaml', 0, {}))\n"
        "assert record and not problems\n"
        "print(sorted(m for m in sys.modules if m.startswith('pydantic') or m == 'aitrack.dataset.schema'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_a_broken_entry_still_gets_pydantics_messages():
    from aitrack.dataset.read import Where, validate_item

    bad = {**CHIP, "memory": {**CHIP["memory"], "value": "5 W"}, "zzz": 1}
    record, problems = validate_item("chip", bad, Where("chips.yaml", 0, {}))
    assert record is None
    assert sorted((p.field, p.message) for p in problems) == [
        ("memory.value", "'5 W' is power (W); this field takes bytes (B)"),
        ("zzz", "unknown field"),
    ]


def test_a_quantity_too_large_for_a_float_is_a_problem_not_a_crash():
    """Found by the mutation test: quick hands `1e400` written out as an integer to
    pydantic, whose quantity check raised OverflowError (a traceback) instead of a problem."""
    from aitrack.dataset.read import check_bytes

    raw = (
        b"- id: x\n  name: X\n  vendor: y\n  cite: [{source: s, quote: a b c}]\n"
        b"  memory: {value: 1" + b"0" * 400 + b", source: s, quote: a b c}\n"
    )
    loaded = check_bytes(raw, "chip", "chips.yaml")
    assert [(p.line, p.field, p.message) for p in loaded.problems] == [
        (5, "memory.value", "number is too large or not finite")
    ]
