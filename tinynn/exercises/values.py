"""Answers as data: how a kernel hands the values a learner's answer produced to the grader.

`encode` turns a value into plain JSON types; `decode` turns that back into a value. Reading
never runs code (no pickle, no objects of the learner's classes): numbers, text, `None`, `...`,
lists, tuples, dicts, sets and NumPy arrays and scalars of numbers come back as themselves;
anything else (a function, an object) comes back as an `Opaque` stand-in with its description.
Learner code can lie about its own values, but what it hands back can only ever be data.
"""

import base64
import math

import numpy as np

from tinynn.exercises.describing import Opaque, short_repr, type_name

# How big a handed-back value may be: numbers in all (an array counts its size), nesting, text.
MAX_ITEMS = 200_000
MAX_DEPTH = 20
MAX_TEXT = 10_000
# How much of a stand-in's repr is kept (messages cut it shorter still).
REPR_LIMIT = 200

# NumPy kinds of plain numbers (bool, int, unsigned, float, complex); an array of anything
# else is described, not sent.
NUMBER_KINDS = "biufc"


class TooBig(ValueError):
    """A value with more numbers or deeper nesting than `encode` hands back."""


def encode(value):
    """The value as JSON-ready data (see the module's docstring); raises TooBig."""
    return _Encoder().encode(value, 0)


def decode(data):
    """The value that `encode` described; raises ValueError for data `encode` never writes."""
    return _Decoder().decode(data, 0)


def as_data(value):
    """`encode(value)`, or a stand-in's data when the value is too big or can't be read."""
    try:
        return encode(value)
    except Exception:  # noqa: BLE001 - a learner's object that fails as it is read
        return stand_in(value)


def stand_in(value):
    """The data of an `Opaque` stand-in for `value`: its short repr and its type in words."""
    return {"$": "opaque", "repr": short_repr(value, REPR_LIMIT), "type": type_name(value)}


class _Encoder:
    def __init__(self):
        self.items = 0

    def count(self, n=1):
        self.items += n
        if self.items > MAX_ITEMS:
            raise TooBig(f"more than {MAX_ITEMS} numbers")

    def encode(self, value, depth):
        if depth > MAX_DEPTH:
            raise TooBig(f"nested more than {MAX_DEPTH} deep")
        self.count()
        if value is None or isinstance(value, bool):
            return value
        if value is ...:
            return {"$": "..."}
        if isinstance(value, np.generic):
            return self.scalar(value)
        if isinstance(value, np.ndarray):
            return self.array(value)
        if isinstance(value, int):
            # (Python won't write an int of more than 4300 digits as text.)
            return int(value) if int(value).bit_length() < 13_000 else stand_in(value)
        if isinstance(value, float):
            return _float(float(value))
        if isinstance(value, complex):
            return {"$": "complex", "real": _float(value.real), "imag": _float(value.imag)}
        if isinstance(value, str):
            return str(value) if len(value) <= MAX_TEXT else stand_in(value)
        if isinstance(value, bytes):
            if len(value) > MAX_TEXT:
                return stand_in(value)
            return {"$": "bytes", "hex": bytes(value).hex()}
        if isinstance(value, list):
            return [self.encode(item, depth + 1) for item in list(value)]
        if isinstance(value, tuple):
            return {"$": "tuple", "items": [self.encode(item, depth + 1) for item in value]}
        if isinstance(value, (set, frozenset)):
            kind = "frozenset" if isinstance(value, frozenset) else "set"
            return {"$": kind, "items": [self.encode(item, depth + 1) for item in value]}
        if isinstance(value, dict):
            pairs = list(value.items())
            return {
                "$": "dict",
                "items": [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in pairs],
            }
        return stand_in(value)

    def scalar(self, value):
        if not is_number_dtype(value.dtype):
            return stand_in(value)
        item = value.item()
        if isinstance(item, complex):
            item = [_float(item.real), _float(item.imag)]
        elif isinstance(item, float):
            item = _float(item)
        return {"$": "np", "dtype": value.dtype.str, "value": item}

    def array(self, value):
        if not is_number_dtype(value.dtype):
            return stand_in(value)
        self.count(value.size)
        data = np.ascontiguousarray(value).tobytes()
        return {
            "$": "ndarray",
            "dtype": value.dtype.str,
            "shape": list(value.shape),
            "data": base64.b64encode(data).decode("ascii"),
        }


def _float(number):
    """A float as JSON: a number, or its name when JSON has none (nan, inf, -inf)."""
    if math.isfinite(number):
        return number
    return {"$": "float", "value": repr(number)}


class _Decoder:
    def __init__(self):
        self.items = 0

    def decode(self, data, depth):
        if depth > MAX_DEPTH:
            raise ValueError("nested too deep")
        self.items += 1
        if self.items > MAX_ITEMS:
            raise ValueError("too many items")
        if data is None or isinstance(data, (bool, int, float, str)):
            if isinstance(data, str) and len(data) > MAX_TEXT:
                raise ValueError("text too long")
            return data
        if isinstance(data, list):
            return [self.decode(item, depth + 1) for item in data]
        if not isinstance(data, dict):
            raise ValueError(f"not a value: {type(data).__name__}")
        return self.tagged(data, depth)

    def tagged(self, data, depth):
        kind = data.get("$")
        if kind == "...":
            return ...
        if kind == "float":
            return float(_choice(data["value"], ("nan", "inf", "-inf")))
        if kind == "complex":
            return complex(self.number(data["real"]), self.number(data["imag"]))
        if kind == "bytes":
            return bytes.fromhex(_text(data["hex"], 2 * MAX_TEXT))
        if kind == "opaque":
            return Opaque(_text(data["repr"], REPR_LIMIT), _text(data["type"], REPR_LIMIT))
        items = data.get("items")
        if not isinstance(items, list):
            return self.numpy(kind, data)
        if kind == "tuple":
            return tuple(self.decode(item, depth + 1) for item in items)
        if kind in ("set", "frozenset"):
            members = [self.decode(item, depth + 1) for item in items]
            return set(members) if kind == "set" else frozenset(members)
        if kind == "dict":
            pairs = [pair for pair in items if isinstance(pair, list) and len(pair) == 2]
            return {self.decode(k, depth + 1): self.decode(v, depth + 1) for k, v in pairs}
        raise ValueError(f"unknown kind {kind!r}")

    def number(self, data):
        value = self.decode(data, 0)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("not a number")
        return value

    def numpy(self, kind, data):
        dtype = _number_dtype(data.get("dtype"))
        if kind == "np":
            value = data.get("value")
            if isinstance(value, list) and len(value) == 2:
                value = complex(self.number(value[0]), self.number(value[1]))
            elif not isinstance(value, (bool, int, float, dict)):
                raise ValueError("not a number")
            elif isinstance(value, dict):
                value = self.number(value)
            return dtype.type(value)
        if kind == "ndarray":
            shape = data.get("shape")
            if not isinstance(shape, list) or not all(_size(n) for n in shape):
                raise ValueError("bad shape")
            size = math.prod(shape)
            self.items += size
            if self.items > MAX_ITEMS:
                raise ValueError("too many numbers")
            raw = base64.b64decode(_text(data.get("data"), 4 * MAX_ITEMS * 16), validate=True)
            if len(raw) != size * dtype.itemsize:
                raise ValueError("the numbers don't fill the shape")
            return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
        raise ValueError(f"unknown kind {kind!r}")


def is_number_dtype(dtype):
    """Whether a NumPy dtype holds plain numbers that Python floats and ints can carry."""
    if dtype.kind not in NUMBER_KINDS or dtype.hasobject or dtype.fields is not None:
        return False
    return dtype.itemsize <= (16 if dtype.kind == "c" else 8)


def _number_dtype(text):
    """A NumPy dtype of plain numbers from its string (`<f8`), or ValueError."""
    dtype = np.dtype(_text(text, 8))
    if not is_number_dtype(dtype):
        raise ValueError(f"not a number type: {text!r}")
    return dtype


def _size(n):
    return isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= MAX_ITEMS


def _text(value, limit):
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError("not text, or too long")
    return value


def _choice(value, allowed):
    if value not in allowed:
        raise ValueError(f"not one of {allowed}")
    return value
