import json
import math

import numpy as np
import pytest

from autograder.sandbox import codec
from autograder.sandbox.call import run_case
from autograder.sandbox.testfns import FUNCTIONS, TestFunction


def roundtrip(obj):
    return codec.decode(json.loads(json.dumps(codec.encode(obj), allow_nan=False)))


class Liar:
    """Claims to equal everything; any other use is a test failure."""

    def __eq__(self, other):
        return True

    def __float__(self):
        raise AssertionError("encode called __float__")

    def __len__(self):
        raise AssertionError("encode called __len__")

    def __iter__(self):
        raise AssertionError("encode called __iter__")

    def __repr__(self):
        raise AssertionError("encode called __repr__")


class SubArray(np.ndarray):
    pass


@pytest.mark.parametrize("obj", [1.5, -0.0, 3, True, None, "text", [1, 2.5], {"a": 1}])
def test_plain_values_round_trip(obj):
    assert roundtrip(obj) == obj and type(roundtrip(obj)) is type(obj)


def test_tuples_stay_tuples():
    assert roundtrip((1, (2.0, 3))) == (1, (2.0, 3))


def test_lists_are_not_turned_into_tuples():
    assert type(roundtrip([1, 2])) is list


@pytest.mark.parametrize("x", [math.nan, math.inf, -math.inf])
def test_non_finite_floats_round_trip(x):
    assert str(roundtrip(x)) == str(x)


def test_float_array_keeps_dtype_shape_and_values():
    a = np.arange(6.0).reshape(2, 3) / 7
    back = roundtrip(a)
    assert back.dtype == a.dtype and back.shape == (2, 3) and np.array_equal(back, a)


def test_int_array_stays_int():
    assert roundtrip(np.array([1, 2])).dtype.kind == "i"


def test_array_with_nan_round_trips():
    assert np.array_equal(roundtrip(np.array([1.0, np.nan])), [1.0, np.nan], equal_nan=True)


def test_numpy_scalars_keep_their_type():
    assert type(roundtrip(np.float64(2.5))) is np.float64 and type(roundtrip(np.int64(3))) is np.int64


def test_float32_is_not_widened_silently():
    assert type(roundtrip(np.float32(0.1))) is np.float32


def test_dict_of_arrays_round_trips():
    back = roundtrip({"W": np.ones((2, 2)), "b": 0.5})
    assert np.array_equal(back["W"], np.ones((2, 2))) and back["b"] == 0.5


def test_test_functions_are_encoded_by_name():
    assert codec.encode(TestFunction("bowl")) == {"__fn__": "bowl"}
    assert roundtrip(TestFunction("wavy")) == TestFunction("wavy")


def test_lying_object_is_reported_by_type_without_calling_it():
    assert codec.encode(Liar()) == {"__type__": f"{__name__}.Liar"}


def test_lying_object_inside_a_tuple_is_opaque():
    assert codec.is_opaque(roundtrip((1.0, Liar()))[1])


def test_ndarray_subclass_is_opaque():
    assert codec.encode(np.zeros(2).view(SubArray))["__type__"].endswith("SubArray")


def test_float_subclass_is_opaque():
    class F(float):
        pass

    assert codec.is_opaque(roundtrip(F(1.0)))


def test_plain_array_is_not_opaque():
    assert not codec.is_opaque(roundtrip(np.zeros(2)))


def test_object_array_is_opaque():
    assert codec.encode(np.array([Liar()], dtype=object))["__type__"] == "numpy.ndarray"


def test_huge_array_is_capped():
    assert codec.encode(np.zeros(codec.MAX_ITEMS + 1))["too_large"] is True


def test_array_at_the_cap_is_kept():
    assert roundtrip(np.zeros(codec.MAX_ITEMS)).size == codec.MAX_ITEMS


def test_self_referencing_list_does_not_raise():
    loop = []
    loop.append(loop)
    assert codec.encode(loop)["too_large"] is True


def test_dict_with_non_string_keys_is_opaque():
    assert codec.is_opaque(roundtrip({1: 2.0}))


def test_huge_int_is_opaque():
    assert codec.encode(10**100)["too_large"] is True


def test_decode_rejects_unknown_tags():
    with pytest.raises(ValueError):
        codec.decode({"__what__": 1})


def test_decode_rejects_object_dtype():
    with pytest.raises(ValueError):
        codec.decode({"__array__": "|O", "shape": [1], "data": [1]})


def test_decode_rejects_inconsistent_shape():
    with pytest.raises(ValueError):
        codec.decode({"__array__": "<f8", "shape": [3], "data": [1.0]})


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_test_functions_return_floats(name):
    dim = {"wavy": 2, "rosenbrock": 2, "cubic3": 3, "mixed4": 4}.get(name, 3)
    assert type(TestFunction(name)(np.full(dim, 0.5))) is float


def test_unknown_test_function_is_refused():
    with pytest.raises(ValueError):
        TestFunction("nope")


def test_run_case_returns_the_encoded_result():
    out = run_case(lambda x, y: (x * y, x), (2.0, 3.0), {})
    assert codec.decode(out["result"]) == (6.0, 2.0) and out["error"] is None


def test_run_case_passes_kwargs():
    assert run_case(lambda x, h=1: x * h, (2.0,), {"h": 5.0})["result"] == 10.0


def test_run_case_reports_the_exception_without_traceback():
    out = run_case(lambda x: 1 / x, (0,), {})
    assert out["error"] == "ZeroDivisionError: division by zero" and out["result"] is None


def test_run_case_truncates_long_errors():
    def fails(x):
        raise ValueError("x" * 1000)

    assert len(run_case(fails, (1,), {})["error"]) <= 300


def test_run_case_survives_an_unprintable_exception():
    class Bad(Exception):
        def __str__(self):
            raise RuntimeError

    def fails():
        raise Bad

    assert run_case(fails, (), {})["error"].startswith("Bad")


def test_run_case_does_not_catch_system_exit():
    with pytest.raises(SystemExit):
        run_case(lambda: exit(1), (), {})


def test_run_case_keeps_the_original_inputs():
    point = np.array([1.0, 2.0])
    run_case(lambda p: p.fill(0), (point,), {})
    assert point.tolist() == [1.0, 2.0]


def test_run_case_reports_mutated_inputs():
    out = run_case(lambda p: p.fill(0), (np.array([1.0, 2.0]),), {})
    assert codec.decode(out["inputs_after"])[0].tolist() == [0.0, 0.0]


def test_run_case_reports_untouched_inputs_unchanged():
    out = run_case(lambda p: p * 2, (np.array([1.0, 2.0]),), {})
    assert codec.decode(out["inputs_after"])[0].tolist() == [1.0, 2.0]


def test_run_case_survives_a_lying_result():
    out = run_case(lambda: Liar(), (), {})
    assert out["error"] is None and codec.is_opaque(codec.decode(out["result"]))


def test_run_case_output_is_strict_json():
    out = run_case(lambda: np.array([np.nan, np.inf]), (), {})
    json.dumps(out, allow_nan=False)
    assert np.isnan(codec.decode(out["result"])[0])


REAL_DTYPES = [
    np.float16,
    np.float32,
    np.float64,
    np.longdouble,
    np.int8,
    np.int16,
    np.int32,
    np.int64,
    np.uint8,
    np.uint16,
    np.uint32,
    np.uint64,
    np.intc,
    np.uintc,
    np.longlong,
    np.ulonglong,
    np.bool_,
]


@pytest.mark.parametrize("dtype", REAL_DTYPES, ids=lambda t: np.dtype(t).name)
def test_every_real_numpy_scalar_is_the_number_it_is(dtype):
    value = dtype(3)
    back = roundtrip(value)
    assert not codec.is_opaque(back) and float(back) == float(value)


@pytest.mark.parametrize("dtype", REAL_DTYPES, ids=lambda t: np.dtype(t).name)
def test_every_real_numpy_array_is_the_numbers_it_holds(dtype):
    array = np.arange(4).astype(dtype)
    back = roundtrip(array)
    assert not codec.is_opaque(back) and np.array_equal(back.astype(float), array.astype(float))


def test_big_endian_arrays_are_numbers_too():
    array = np.arange(3.0).astype(">f8")
    assert np.array_equal(roundtrip(array), [0.0, 1.0, 2.0])


def test_a_longdouble_beyond_float64_becomes_infinity_not_an_error():
    assert roundtrip(np.longdouble(10) ** 400) == math.inf


def test_a_subclass_of_a_numpy_scalar_is_still_opaque():
    """Negative twin of the dtype tests: exact types only."""

    class Sneaky(np.float64):
        pass

    assert codec.is_opaque(roundtrip(Sneaky(1.0)))
