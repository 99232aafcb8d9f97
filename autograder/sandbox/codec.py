"""Encode Python values as plain JSON data and back, without trusting the values.

``encode`` looks only at exact types (``type(x) is float``), so a student's object with
a lying ``__eq__``, ``__float__`` or an ndarray subclass is never asked anything: it is
reported as ``{"__type__": "<module.Class>"}``. ``encode`` never raises.
"""

import math
from typing import Any

import numpy as np

from . import testfns

__all__ = ["MAX_ITEMS", "MAX_DEPTH", "MAX_STR", "encode", "decode", "is_opaque"]

MAX_ITEMS = 100_000
"""Largest array encoded; all values of one object together may be at most twice this."""

MAX_DEPTH = 20
"""Deepest nesting of lists, tuples and dicts encoded."""

MAX_STR = 1_000
"""Longest string kept; longer ones are cut."""

_SCALARS = frozenset(
    t for t in set(np.sctypeDict.values()) if t is np.bool_ or issubclass(t, (np.integer, np.floating))
)
"""NumPy's own real scalar types (exact types: a subclass is never trusted), longdouble included."""
_ARRAY_KINDS = "biuf"
_NONFINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


class _TooLarge(Exception):
    """Raised inside ``encode`` when the item budget is spent."""


def _type_name(obj):
    cls = type(obj)
    module = getattr(cls, "__module__", None)
    name = getattr(cls, "__qualname__", "?")
    return name if module in (None, "builtins") else f"{module}.{name}"


def _float(x):
    """A Python float as JSON: finite floats as is, NaN and ±inf tagged."""
    return x if math.isfinite(x) else {"__float__": str(x)}


def _plain(a):
    """``a`` in native byte order, longdouble as float64: what JSON numbers can carry."""
    if a.dtype.kind == "f" and a.dtype.itemsize > 8:
        return a.astype(np.float64)
    return a.astype(a.dtype.newbyteorder("=")) if a.dtype.byteorder == ">" else a


def _array(a, budget):
    if a.dtype.kind not in _ARRAY_KINDS:
        return {"__type__": "numpy.ndarray", "dtype": str(a.dtype)}
    budget[0] -= a.size
    if budget[0] < 0 or a.size > MAX_ITEMS:
        raise _TooLarge
    a = _plain(a)
    data = a.ravel().tolist()
    if a.dtype.kind == "f":
        data = [_float(v) for v in data]
    return {"__array__": a.dtype.str, "shape": list(a.shape), "data": data}


def _scalar(x, t):
    """A NumPy scalar as its dtype and value (longdouble as float64, the nearest JSON can carry)."""
    if issubclass(t, np.floating):
        dtype = np.dtype(np.float64) if np.dtype(t).itemsize > 8 else np.dtype(t)
        return {"__np__": dtype.str, "value": _float(float(x))}
    return {"__np__": np.dtype(t).str, "value": bool(x) if t is np.bool_ else int(x)}


def _encode(obj, budget, depth):
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise _TooLarge
    t = type(obj)
    if obj is None or t is bool or t is str and len(obj) <= MAX_STR:
        return obj
    if t is str:
        return obj[:MAX_STR] + "…"
    if t is int:
        return obj if obj.bit_length() <= 64 else {"__type__": "int", "too_large": True}
    if t is float:
        return _float(obj)
    if t in _SCALARS:
        return _scalar(obj, t)
    if t is np.ndarray:
        return _array(obj, budget)
    if t is list or t is tuple:
        items = [_encode(x, budget, depth + 1) for x in obj]
        return items if t is list else {"__tuple__": items}
    if t is dict and all(type(k) is str for k in obj):
        return {"__dict__": {k: _encode(v, budget, depth + 1) for k, v in obj.items()}}
    if t is testfns.TestFunction:
        return {"__fn__": obj.name}
    return {"__type__": _type_name(obj)}


def encode(obj: Any) -> Any:
    """Encode ``obj`` as JSON-able data (see the module docstring). Never raises.

    Args:
        obj: Any Python value.

    Returns:
        Plain data made of dicts, lists, str, int, float, bool and None.
    """
    try:
        return _encode(obj, [2 * MAX_ITEMS], 0)
    except _TooLarge:
        return {"__type__": _safe_type_name(obj), "too_large": True}
    except Exception:  # a hostile object (e.g. a dict key type whose name lies)
        return {"__type__": _safe_type_name(obj)}


def _safe_type_name(obj):
    try:
        return str(_type_name(obj))
    except Exception:
        return "?"


def is_opaque(value: object) -> bool:
    """Whether a decoded value stands for an object that could not be encoded."""
    return type(value) is dict and "__type__" in value


def _decode_float(x):
    if type(x) is dict:
        return _NONFINITE[x["__float__"]]
    return float(x)


def _decode_array(data):
    dtype = np.dtype(data["__array__"])
    if dtype.kind not in _ARRAY_KINDS:
        raise ValueError(f"unexpected dtype {dtype}")
    shape = tuple(int(n) for n in data["shape"])
    values = data["data"]
    if dtype.kind == "f":
        values = [_decode_float(v) for v in values]
    return np.array(values, dtype=dtype).reshape(shape)


def decode(data: Any) -> Any:
    """Turn data made by ``encode`` back into Python values.

    Objects that could not be encoded stay as their ``{"__type__": ...}`` dict.

    Args:
        data: JSON data produced by ``encode`` (possibly after a JSON round trip).

    Returns:
        The Python value.

    Raises:
        ValueError: When ``data`` is not something ``encode`` makes.
    """
    try:
        return _decode(data)
    except (
        KeyError,
        TypeError,
        IndexError,
        AttributeError,
        OverflowError,
        RecursionError,
        MemoryError,
    ) as exc:  # data from a sandbox is hostile: any malformation is a ValueError
        raise ValueError(f"cannot decode {type(exc).__name__}: {str(exc)[:200]}") from None


def _decode(data):
    t = type(data)
    if data is None or t in (bool, int, float, str):
        return data
    if t is list:
        return [_decode(x) for x in data]
    if t is not dict:
        raise ValueError(f"unexpected {t.__name__}")
    if "__tuple__" in data:
        return tuple(_decode(x) for x in data["__tuple__"])
    if "__dict__" in data:
        return {str(k): _decode(v) for k, v in data["__dict__"].items()}
    if "__float__" in data:
        return _decode_float(data)
    if "__np__" in data:
        return _decode_scalar(data)
    if "__array__" in data:
        return _decode_array(data)
    if "__fn__" in data:
        return testfns.TestFunction(data["__fn__"])
    if "__type__" in data:
        return {"__type__": str(data["__type__"]), **{k: v for k, v in data.items() if k != "__type__"}}
    raise ValueError("unknown tag")


def _decode_scalar(data):
    dtype = np.dtype(data["__np__"])
    if dtype.kind not in _ARRAY_KINDS:
        raise ValueError(f"unexpected dtype {dtype}")
    value = data["value"]
    return dtype.type(_decode_float(value) if dtype.kind == "f" else value)
