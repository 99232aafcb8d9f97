import numpy as np

from autograder.numerics import ATOL, EPS, RTOL, central_difference, close, rel_error


def test_constants_are_ordered():
    assert 0 < ATOL < RTOL < EPS < 1e-4


def test_rel_error_is_symmetric():
    assert rel_error(1.0, 1.1) == rel_error(1.1, 1.0)


def test_rel_error_of_equal_values_is_zero():
    assert rel_error(3.0, 3.0) == 0.0


def test_rel_error_uses_the_sum_of_magnitudes():
    assert np.isclose(rel_error(1.0, 3.0), 0.5)


def test_rel_error_has_an_absolute_floor_near_zero():
    assert rel_error(0.0, 1e-12) < RTOL


def test_rel_error_far_from_zero_is_relative():
    assert rel_error(1.0, 1.0 + 1e-3) > RTOL


def test_rel_error_is_elementwise_float64():
    err = rel_error([1, 2], [1, 3])
    assert err.dtype == np.float64 and err.shape == (2,)


def test_close_accepts_rounding_noise():
    assert close(0.1 + 0.2, 0.3)


def test_close_rejects_a_small_real_difference():
    assert not close(1.0, 1.0 + 1e-4)


def test_close_rejects_different_shapes():
    assert not close(np.ones(2), np.ones((2, 1)))


def test_close_rejects_nan():
    assert not close(np.nan, np.nan)


def test_close_matches_equal_infinities_only():
    assert close(np.inf, np.inf) and not close(np.inf, -np.inf)


def test_close_uses_the_given_rtol():
    assert close(1.0, 1.01, rtol=1e-2) and not close(1.0, 1.01)


def test_central_difference_of_a_quadratic_is_exact():
    assert close(central_difference(lambda v: v[0] ** 2 * v[1], [1.5, 2.0], 0), 6.0)


def test_central_difference_picks_coordinate_i():
    assert close(central_difference(lambda v: v[0] ** 2 * v[1], [1.5, 2.0], 1), 2.25)


def test_central_difference_error_is_second_order():
    err = abs(central_difference(lambda v: np.exp(v[0]), [0.0], 0, h=1e-2) - 1.0)
    assert 1e-6 < err < 1e-4  # h²/6 ≈ 1.7e-5


def test_forward_difference_fails_close_where_central_passes():
    f, h = (lambda v: np.exp(v[0])), 1e-2
    assert not close((f(np.array([h])) - f(np.array([0.0]))) / h, 1.0, rtol=1e-4)


def test_central_difference_does_not_modify_the_point():
    point = np.array([1.0, 2.0])
    central_difference(lambda v: v.sum(), point, 0)
    assert point.tolist() == [1.0, 2.0]


def test_central_difference_of_an_int_point_keeps_h():
    assert close(central_difference(lambda v: v[0] ** 2, [1], 0), 2.0)
