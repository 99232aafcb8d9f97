"""Chapter 7's formulas against central differences, each with a deliberately wrong twin that fails."""

import numpy as np
import pytest

from autograder.numerics import central_difference, close
from course import curvature as cv
from course.descent import line_data
from course.slices import make_line_loss

POINTS = [(0.3, -1.1), (1.7, 0.4), (-2.2, 2.9)]  # away from any special point
LOOSE = 1e-5  # a second difference with h = 1e-4 is good to about 1e-7 here


def numerical_grad(f, p):
    return np.array([central_difference(lambda v: f(*v), p, i) for i in range(len(p))])


def near(a, b, tol=LOOSE):
    return np.allclose(a, b, rtol=tol, atol=tol)


@pytest.mark.parametrize("p", POINTS)
@pytest.mark.parametrize("f, grad", [(cv.wave, cv.wave_grad), (cv.cubic, cv.cubic_grad)])
def test_gradient_matches_central_differences(f, grad, p):
    assert close(grad(*p), numerical_grad(f, p))


def test_a_wrong_gradient_fails():
    wrong = lambda x, y: np.array([3 * x**2 - 3 * y**2, -3 * x * y])
    assert not close(wrong(*POINTS[0]), numerical_grad(cv.cubic, POINTS[0]))


@pytest.mark.parametrize("p", POINTS)
@pytest.mark.parametrize("f, hess", [(cv.wave, cv.wave_hessian), (cv.cubic, cv.cubic_hessian)])
def test_hessian_matches_central_differences(f, hess, p):
    assert near(hess(*p), cv.numerical_hessian(f, p))


def test_a_hessian_with_the_wrong_mixed_partial_fails():
    wrong = cv.cubic_hessian(*POINTS[1]) * np.array([[1, -1], [-1, 1]])
    assert not near(wrong, cv.numerical_hessian(cv.cubic, POINTS[1]))


@pytest.mark.parametrize("p", POINTS)
def test_mixed_partials_agree_in_either_order(p):
    def d_dy_of_df_dx(x, y, h=1e-4):
        df_dx = lambda y_: (cv.wave(x + h, y_) - cv.wave(x - h, y_)) / (2 * h)
        return (df_dx(y + h) - df_dx(y - h)) / (2 * h)

    def d_dx_of_df_dy(x, y, h=1e-4):
        df_dy = lambda x_: (cv.wave(x_, y + h) - cv.wave(x_, y - h)) / (2 * h)
        return (df_dy(x + h) - df_dy(x - h)) / (2 * h)

    assert near(d_dy_of_df_dx(*p), d_dx_of_df_dy(*p))
    assert near(d_dy_of_df_dx(*p), cv.wave_hessian(*p)[0, 1])


def test_numerical_hessian_of_a_quadratic_is_its_matrix():
    a, b, c = 3.0, -1.5, 0.5
    assert near(
        cv.numerical_hessian(lambda x, y: a * x * x + 2 * b * x * y + c * y * y, (0.7, -0.2)),
        2 * np.array([[a, b], [b, c]]),
    )


def test_numerical_jacobian_of_the_polar_map():
    polar = lambda q: np.array([q[0] * np.cos(q[1]), q[0] * np.sin(q[1])])
    r, t = 2.0, 0.6
    exact = np.array([[np.cos(t), -r * np.sin(t)], [np.sin(t), r * np.cos(t)]])
    assert near(cv.numerical_jacobian(polar, [r, t]), exact)
    assert not near(cv.numerical_jacobian(polar, [r, t]), exact.T)


@pytest.mark.parametrize(
    "hess, verdict",
    [
        ([[2, 0], [0, 1]], "minimum"),
        ([[-2, 1], [1, -1]], "maximum"),
        ([[1, 2], [2, 1]], "saddle"),
        ([[0, 0], [0, 0]], "inconclusive"),
        ([[1, 0], [0, 0]], "inconclusive"),
    ],
)
def test_classify(hess, verdict):
    assert cv.classify(np.array(hess, dtype=float)) == verdict


def test_classify_reads_the_eigenvalues_not_the_diagonal():
    """Negative twin of a diagonal-only test: positive diagonal, but a saddle."""
    assert cv.classify(np.array([[1.0, 3.0], [3.0, 1.0]])) == "saddle"


def test_the_wave_has_every_kind_of_critical_point():
    found = {
        p: cv.classify(cv.wave_hessian(*p)) for p in [(-np.pi / 2, 0.0), (np.pi / 2, 0.0), (0.0, np.pi / 2)]
    }
    assert list(found.values()) == ["minimum", "maximum", "saddle"]
    assert all(np.allclose(cv.wave_grad(*p), 0) for p in found)


def test_quadratic_model_matches_f_to_second_order():
    p0, d = np.array([0.4, -0.3]), np.array([0.6, 0.8])
    q = cv.quadratic_model(cv.wave, cv.wave_grad, cv.wave_hessian, p0)
    errors = [abs(q(*(p0 + t * d)) - cv.wave(*(p0 + t * d))) for t in (1e-1, 1e-2)]
    assert errors[1] < errors[0] / 500  # error ∝ t³: a thousandfold, with room for higher terms


def test_one_newton_step_solves_the_line_fit():
    x, y = line_data()
    grad = lambda w, b: np.array([-2 * np.mean((y - w * x - b) * x), -2 * np.mean(y - w * x - b)])
    p = cv.newton_step(grad, lambda w, b: cv.line_mse_hessian(x), (-0.5, 2.5))
    assert close(p, np.polyfit(x, y, 1))


def test_line_mse_hessian_matches_central_differences():
    x, y = line_data()
    assert near(cv.line_mse_hessian(x), cv.numerical_hessian(make_line_loss(x, y), (0.5, 0.5)))
    assert not near(cv.line_mse_hessian(x) / 2, cv.numerical_hessian(make_line_loss(x, y), (0.5, 0.5)))


Z = np.array([2.0, 1.0, 0.0, -0.5])
Y = np.array([0.0, 1.0, 0.0, 0.0])


def test_softmax_is_a_distribution_and_shift_invariant():
    p = cv.softmax(Z)
    assert close(p.sum(), 1.0) and np.all(p > 0) and close(cv.softmax(Z + 1000.0), p)


def test_softmax_jacobian_matches_central_differences():
    assert near(cv.softmax_jacobian(Z), cv.numerical_jacobian(cv.softmax, Z))
    assert not near(np.diag(cv.softmax(Z)), cv.numerical_jacobian(cv.softmax, Z))


def test_cross_entropy_gradient_is_p_minus_y():
    numerical = cv.numerical_jacobian(lambda z: cv.cross_entropy(z, Y), Z)[0]
    assert close(cv.cross_entropy_grad(Z, Y), numerical)
    assert not close(cv.softmax(Z), numerical)  # forgetting the − y


def test_p_minus_y_is_a_vector_jacobian_product():
    dL_dp = -Y / cv.softmax(Z)
    assert close(dL_dp @ cv.softmax_jacobian(Z), cv.cross_entropy_grad(Z, Y))


def test_eigen_colors_tell_up_down_and_flat_apart():
    colors = [cv.eigen_color(lam, 0) for lam in (1.0, -1.0, 0.0)]
    assert len(set(colors)) == 3 and colors[2] == cv.FLAT


def test_every_verdict_has_a_title():
    assert set(cv.VERDICTS) == {cv.classify(np.diag(d)) for d in ([1, 1], [-1, -1], [1, -1], [0, 1])}
