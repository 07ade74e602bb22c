"""Quantities as documents write them (`~21 PB/s`, `44 GB`, `$40-60B`, `900,000 cores`,
`6TB/second`, `up to 288GB`, `> 1 PFLOPS`), parsed into value + unit from a closed set
(with unambiguous spelled-out and case variants), normalised to one base unit per dimension.

An unknown unit is an error, never a guess: a curator who writes `21 PBps` is told so.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

SI = {"": 1.0, "K": 1e3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18}
IEC = {"Ki": 2.0**10, "Mi": 2.0**20, "Gi": 2.0**30, "Ti": 2.0**40, "Pi": 2.0**50}
MULTIPLIERS = {
    "K": 1e3,
    "k": 1e3,
    "thousand": 1e3,
    "M": 1e6,
    "million": 1e6,
    "B": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "T": 1e12,
    "trillion": 1e12,
}
COUNT_NOUNS = (
    "cores",
    "core",
    "GPUs",
    "GPU",
    "chips",
    "chip",
    "parameters",
    "params",
    "tokens",
    "users",
    "developers",
    "transistors",
    "experts",
    "generators",
    "servers",
)
# dimension -> base unit label
# Dimensions a value cannot go below zero in (money, percentages and ratios can: a loss,
# a drop, a change; and a bare number may be a score: only a count of things is counted).
NON_NEGATIVE = {"bytes", "bandwidth", "flops", "ops", "power", "count"}
BASE = {
    "bytes": "B",
    "bandwidth": "B/s",
    "flops": "FLOP/s",
    "ops": "OP/s",
    "power": "W",
    "usd": "USD",
    "count": "count",
    "percent": "%",
    "ratio": "x",
}


def _unit_table() -> dict[str, tuple[str, float]]:
    table: dict[str, tuple[str, float]] = {}
    for prefix, factor in {**SI, **IEC}.items():
        table[f"{prefix}B"] = ("bytes", factor)
        for suffix in ("B/s", "Bps"):
            table[f"{prefix}{suffix}"] = ("bandwidth", factor)
    for prefix, factor in SI.items():
        for suffix in ("FLOPS", "FLOP/s", "FLOPs/s"):
            table[f"{prefix}{suffix}"] = ("flops", factor)
        for suffix in ("OPS", "OP/s", "OPs/s"):
            table[f"{prefix}{suffix}"] = ("ops", factor)
        table[f"{prefix}W"] = ("power", factor)
    table["%"] = ("percent", 1.0)
    table["x"] = table["×"] = ("ratio", 1.0)
    for noun in COUNT_NOUNS:
        table[noun] = ("count", 1.0)
    table["USD"] = ("usd", 1.0)
    return table


UNITS = _unit_table()

# Spelled-out and case variants, mapped onto the table's spelling. Only unambiguous
# ones: a lowercase `b` is a bit and lowercase `m` is milli, so `tb/s` and `mB` stay errors.
SPELLED_PREFIXES = {
    "kilo": "K",
    "mega": "M",
    "giga": "G",
    "tera": "T",
    "peta": "P",
    "exa": "E",
    "kibi": "Ki",
    "mebi": "Mi",
    "gibi": "Gi",
    "tebi": "Ti",
    "pebi": "Pi",
}
_PER_SECOND = r"(?:\s*/\s*(?:s|sec|second)|\s+per\s+(?:s|sec|second)|ps)"
_BYTES_RX = re.compile(rf"^(?P<p>[KkMGTPE]i?|)B(?P<ps>{_PER_SECOND})?$", re.I)
_SPELLED_RX = re.compile(
    rf"^(?P<p>{'|'.join(SPELLED_PREFIXES)})?(?P<u>bytes?|flops|flop/s|watts?|ops)"
    rf"(?P<ps>{_PER_SECOND})?$",
    re.I,
)
_FLOPS_RX = re.compile(r"^(?P<p>[kKMGTPE]?)(?P<u>FLOP|OP)S?(?:\s*/\s*(?:s|sec|second)|ps)?$", re.I)
_WORDS = {
    "percent": "%",
    "per cent": "%",
    "pct": "%",
    "watts": "W",
    "watt": "W",
    "times": "x",
    "dollars": "USD",
    "usd": "USD",
}
ACCEPTED = (
    "bytes B KB MB GB TB PB (and KiB, GiB…, or spelled out: gigabytes); bytes/s GB/s TB/s "
    "(also GBps, TB/sec, TB/second, terabytes per second); FLOP/s TFLOPS PFLOPS; OP/s TOPS; "
    "W kW MW; %; x; $ or USD with K, M, B or T; counts (cores, GPUs, parameters, …)"
)


def _normalise_unit(rest: str) -> str | None:
    """The table's spelling of a unit written another unambiguous way, or None."""
    unit = rest.strip()
    if unit in UNITS:
        return unit
    if unit.lower() in _WORDS:
        return _WORDS[unit.lower()]
    if (m := _BYTES_RX.match(unit)) and unit[len(m["p"]) :][:1] == "B":
        prefix = m["p"]
        if prefix[:1] == "m" or (len(prefix) == 2 and prefix[1] != "i"):
            return None
        prefix = prefix[:1].upper() + prefix[1:].lower()
        return f"{prefix}B/s" if m["ps"] else f"{prefix}B"
    if m := _SPELLED_RX.match(unit):
        prefix = SPELLED_PREFIXES.get((m["p"] or "").lower(), "")
        word = m["u"].lower()
        if word.startswith("byte"):
            return f"{prefix}B/s" if m["ps"] else f"{prefix}B"
        if word.startswith("watt") and not m["ps"]:
            return f"{prefix}W"
        if word.startswith(("flop", "ops")):
            return f"{prefix}{'FLOP/s' if word.startswith('flop') else 'OP/s'}"
    if (m := _FLOPS_RX.match(unit)) and m["p"] != "m":
        return f"{m['p'].upper()}{m['u'].upper()}/s"
    if re.fullmatch(r"[kK][wW]|[MG]W|w", unit):
        return unit[0].upper().replace("W", "") + "W" if unit != "w" else "W"
    return None


# A number as written: digits with optional thousands commas (checked by _number) and decimals.
NUMBER = r"[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+"
# Bounds a value may carry, in words (any spacing and case) and symbols; a symbol that
# starts another (< of <=) comes after it.
UPPER_BOUNDS = ("up to", "as much as", "as many as", "at most", "no more than", "under", "less than")
LOWER_BOUNDS = ("at least", "no less than", "more than", "over")
UPPER_SYMBOLS, LOWER_SYMBOLS = ("<=", "≤", "<"), (">=", "≥", ">")
_BOUND = re.compile(
    r"^\s*(?P<approx>~|≈|approx\.?\s+|about\s+)?\s*(?P<bound>"
    + "|".join([w.replace(" ", r"\s+") for w in UPPER_BOUNDS + LOWER_BOUNDS] + [*UPPER_SYMBOLS, *LOWER_SYMBOLS])
    + r")\s*",
    re.I,
)
UPPER, LOWER = "at most", "at least"
_PATTERN = re.compile(
    rf"""^\s*(?P<approx>~|≈|approx\.?\s+|about\s+)?\s*
    (?P<sign>[-+])?(?P<cur>\$|USD\s*)?\s*
    (?P<num>{NUMBER})
    (?:\s*(?:-|–|to)\s*\$?(?P<num2>{NUMBER}))?
    \s*(?P<rest>.*?)\s*$""",
    re.X,
)


class QuantityError(ValueError):
    """A quantity string that cannot be parsed; the message says why."""


@dataclass(frozen=True)
class Quantity:
    value: float  # in the base unit of the dimension
    dim: str
    approx: bool = False
    high: float | None = None  # upper end of a range, base unit
    text: str = ""
    bound: str | None = None  # "at most" (up to, <) or "at least" (>, more than): value is the bound

    @property
    def low(self) -> float | None:
        return None if self.bound == UPPER else self.value

    @property
    def unit(self) -> str:
        return BASE[self.dim]

    def as_dict(self) -> dict:
        out = {"value": _clean(self.value), "unit": self.unit, "approx": self.approx}
        if self.high is not None:
            out["high"] = _clean(self.high)
        if self.bound:
            out["bound"] = self.bound
        out["text"] = self.text
        return out


def _clean(v: float) -> float | int:
    return int(v) if float(v).is_integer() and abs(v) < 2**63 else v


def _number(text: str) -> float:
    if "," in text and not re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", text):
        raise QuantityError(f"badly grouped number '{text}'")
    value = float(text.replace(",", ""))
    if not math.isfinite(value) or value > 1e30:
        raise QuantityError(f"number '{text[:20]}' is too large")
    return value


def parse(text: str | int | float) -> Quantity:
    """Parse a quantity written as a document writes it."""
    if isinstance(text, bool):
        raise QuantityError("expected a quantity, got true/false")
    if isinstance(text, (int, float)):
        if abs(text) > 1e30 or not math.isfinite(text):  # in this order: isfinite(10**400) overflows
            raise QuantityError("number is too large or not finite")
        return Quantity(float(text), "count", text=str(text))
    raw = str(text)
    bound, body = None, raw
    if b := _BOUND.match(raw):
        word = " ".join(b["bound"].lower().split())
        bound = UPPER if word in UPPER_BOUNDS + UPPER_SYMBOLS else LOWER
        body = ("~" if b["approx"] else "") + raw[b.end() :]
    m = _PATTERN.match(body)
    if not m:
        raise QuantityError(f"cannot read '{raw}' as a quantity (number and unit)")
    sign = -1.0 if m["sign"] == "-" else 1.0
    low = sign * _number(m["num"])
    high = _number(m["num2"]) * sign if m["num2"] else None
    rest = m["rest"]
    factor, dim = 1.0, "count"
    if m["cur"]:
        dim = "usd"
        rest = re.sub(r"\s*USD$", "", rest)
        if rest:
            if rest not in MULTIPLIERS:
                raise QuantityError(f"unknown money multiplier '{rest}' in '{raw}' (use K, M, B or T)")
            factor = MULTIPLIERS[rest]
    elif rest:
        unit = _normalise_unit(rest)
        if unit is not None:
            dim, factor = UNITS[unit]
        else:
            mult, _, noun = rest.partition(" ")
            head = re.match(r"^(K|M|B|T)(?=\s|$)", rest)
            if head:
                mult, noun = head.group(1), rest[1:].strip()
            if mult in MULTIPLIERS and (not noun or UNITS.get(noun, ("", 0))[0] in ("count", "usd")):
                factor = MULTIPLIERS[mult]
                dim = UNITS[noun][0] if noun else "count"
            else:
                raise QuantityError(f"unknown unit '{rest}' in '{raw}'; accepted: {ACCEPTED}")
    approx = bool(m["approx"])
    value = low * factor
    top = high * factor if high is not None else None
    if top is not None and top < value:
        raise QuantityError(f"range '{raw}' runs backwards")
    if bound and top is not None:
        raise QuantityError(f"'{raw}' is both a bound and a range; write one")
    if value < 0 and dim in NON_NEGATIVE and (dim != "count" or rest):  # a bare number may be a score
        raise QuantityError(f"'{raw}' is negative, and {dim} cannot be")
    return Quantity(value, dim, approx, top, raw.strip(), bound)


# Display -----------------------------------------------------------------------------

_DISPLAY_PREFIXES = [("E", 1e18), ("P", 1e15), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("K", 1e3), ("", 1.0)]
_USD_PREFIXES = [("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3), ("", 1.0)]


def display_unit(dim: str, values: list[float]) -> tuple[str, float]:
    """One unit for a row of values: the largest prefix that keeps the smallest value >= 1."""
    nonzero = [abs(v) for v in values if v]
    smallest = min(nonzero) if nonzero else 1.0
    if dim in ("count", "percent", "ratio"):
        return BASE[dim], 1.0
    prefixes = _USD_PREFIXES if dim == "usd" else _DISPLAY_PREFIXES
    # The largest prefix the smallest value reaches; the last (no prefix) when none does.
    prefix, factor = next(((p, f) for p, f in prefixes if smallest >= f), prefixes[-1])
    if dim == "usd":
        return (f"USD {prefix}" if prefix else "USD"), factor
    base = BASE[dim]
    return (prefix + base if dim != "flops" else f"{prefix}FLOP/s"), factor


def unit_factor(label: str) -> float:
    """The factor of a display label such as 'TB/s', 'GB' or 'USD B' to its base unit."""
    if label.startswith("USD"):
        return MULTIPLIERS.get(label[3:].strip(), 1.0)
    if label in UNITS:
        return UNITS[label][1]
    return 1.0


def fmt_number(v: float) -> str:
    """A readable number: thousands separators, at most four significant digits after it."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if float(v).is_integer() and abs(v) < 1e15:
        return f"{int(v):,}"
    mag = math.floor(math.log10(abs(v))) if v else 0
    decimals = max(0, 3 - mag)
    out = f"{v:,.{decimals}f}"
    return out.rstrip("0").rstrip(".") if "." in out else out


def plain_number(v: float) -> str:
    """A machine-readable number for CSV/TSV: no separators, no exponent for ordinary sizes."""
    if float(v).is_integer() and abs(v) < 1e18:
        return str(int(v))
    return repr(round(v, 10)).rstrip("0").rstrip(".") if "e" not in repr(v) else f"{v:.10g}"
