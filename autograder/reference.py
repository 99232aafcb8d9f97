"""The instructor's reference solutions (trusted, never shipped to students).

Same names and signatures as the functions students write, plus the exact gradients
of the public test functions in ``sandbox.testfns``.
"""
import numpy as np

from .numerics import EPS, central_difference

__all__ = [
    "partials", "mse_partials", "partials_xyz", "numerical_partial", "gradient",
    "mse_gradient", "directional_derivative", "gd_step", "fit_line", "mlp_forward",
    "mlp_loss", "mlp_backward", "GRADIENTS", "exact_gradient",
]


def partials(x, y):
    """(∂f/∂x, ∂f/∂y) of f = x²y + 3y."""
    return 2 * x * y, x**2 + 3


def mse_partials(w, b, x, y):
    """(∂L/∂w, ∂L/∂b) of L = (y − (wx + b))²."""
    r = y - (w * x + b)
    return -2 * x * r, -2 * r


def partials_xyz(x, y, z):
    """The three partials of g = xyz + sin(xz) + y²."""
    c = np.cos(x * z)
    return y * z + z * c, x * z + 2 * y, x * y + x * c


def numerical_partial(f, point, i, h=EPS):
    """Central-difference ∂f/∂xᵢ at ``point``."""
    return central_difference(f, point, i, h)


def gradient(f, point, h=EPS):
    """All central-difference partials of ``f`` at ``point`` as a float array."""
    return np.array([central_difference(f, point, i, h) for i in range(len(point))])


def mse_gradient(w, b, xs, ys):
    """``np.array([∂J/∂w, ∂J/∂b])`` for J = mean((ys − (w·xs + b))²)."""
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    r = ys - (w * xs + b)
    return np.array([-2 * np.mean(xs * r), -2 * np.mean(r)])


def directional_derivative(grad, u):
    """grad · u / ‖u‖ as a float."""
    u = np.asarray(u, dtype=float)
    return float(np.dot(grad, u) / np.linalg.norm(u))


def gd_step(params, grad, lr):
    """A new array params − lr·grad."""
    return np.asarray(params, dtype=float) - lr * np.asarray(grad, dtype=float)


def fit_line(xs, ys, lr=0.1, steps=1000):
    """(w, b) after ``steps`` gradient-descent updates on J from (0, 0)."""
    params = np.zeros(2)
    for _ in range(steps):
        params = gd_step(params, mse_gradient(params[0], params[1], xs, ys), lr)
    return float(params[0]), float(params[1])


def mlp_forward(params, X):
    """ŷ = tanh(X W1 + b1) W2 + b2, shape (n,)."""
    a = np.tanh(X @ params["W1"] + params["b1"])
    return a @ params["W2"] + params["b2"]


def mlp_loss(params, X, y):
    """mean((ŷ − y)²) as a float."""
    return float(np.mean((mlp_forward(params, X) - y) ** 2))


def mlp_backward(params, X, y):
    """∂loss/∂ of every parameter, same keys and shapes as ``params``."""
    a = np.tanh(X @ params["W1"] + params["b1"])
    delta = 2 * (a @ params["W2"] + params["b2"] - y) / len(y)
    dz = np.outer(delta, params["W2"]) * (1 - a**2)
    return {"W1": X.T @ dz, "b1": dz.sum(axis=0), "W2": a.T @ delta, "b2": float(delta.sum())}


def _grad_bowl(v):
    return 2 * np.arange(1, v.size + 1) * v


def _grad_wavy(v):
    x, y = v
    return np.array([np.cos(x) * np.exp(y) + y**2, np.sin(x) * np.exp(y) + 2 * x * y])


def _grad_rosenbrock(v):
    x, y = v
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


def _grad_cubic3(v):
    x, y, z = v
    s = np.sin(x + z)
    return np.array([y * z + 3 * x**2 - s, x * z - 2 * z**2, x * y - 4 * y * z - s])


def _grad_mixed4(v):
    a, b, c, d = v
    e = np.exp(a * b / 4)
    cos = np.cos(a * d)
    return np.array([b / 4 * e - d * cos, a / 4 * e + 2 * b, 2 * c * d, c**2 - a * cos])


GRADIENTS = {
    "bowl": _grad_bowl, "wavy": _grad_wavy, "rosenbrock": _grad_rosenbrock,
    "cubic3": _grad_cubic3, "mixed4": _grad_mixed4,
}


def exact_gradient(f, point):
    """Exact gradient of the test function ``f`` (a ``TestFunction``) at ``point``."""
    return GRADIENTS[f.name](np.array(point, dtype=np.float64).ravel())
