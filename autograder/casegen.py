"""The points every problem is checked at (instructor side: the hidden ones are secret).

``cases(name, hidden)`` is deterministic: public cases are a few friendly points shown to
students (and shipped, with their answers, in ``public_key.json``); hidden cases come from a
fixed seed per problem. A student's kernel never imports this module for a self-check.
"""
import numpy as np

from .problems import PROBLEMS, Case
from .sandbox.testfns import TestFunction

__all__ = ["cases"]


def _fmt(v):
    """Short text for a number, list or array in a case label."""
    if isinstance(v, TestFunction):
        return v.name
    if isinstance(v, np.ndarray) and v.size > 4:
        return f"array of shape {v.shape}"
    if isinstance(v, (list, np.ndarray)):
        return "[" + ", ".join(_fmt(x) for x in np.asarray(v, dtype=object).ravel()) + "]"
    return f"{v:g}" if isinstance(v, float) else str(v)


def _label(names, args, kwargs=None):
    items = list(zip(names, args)) + list((kwargs or {}).items())
    return ", ".join(f"{k}={_fmt(v)}" for k, v in items)


def _case(names, *args, **kwargs):
    return Case(tuple(args), dict(kwargs), _label(names, args, kwargs))


def _uniform(rng, lo, hi, size=None):
    return np.round(rng.uniform(lo, hi, size), 3)


def _scalar(rng, lo=-3.0, hi=3.0):
    return float(_uniform(rng, lo, hi))


def _elementwise(names, rng, n_scalar, shapes, avoid_zero=False):
    """Scalar cases then array cases of the given shapes, all from ``rng``."""
    out = []
    for _ in range(n_scalar):
        out.append(_case(names, *[_scalar(rng) for _ in names]))
    for shape in shapes:
        arrays = [_uniform(rng, -3, 3, shape) for _ in names]
        out.append(Case(tuple(arrays), {}, f"{', '.join(names)} arrays of shape {shape}"))
    return out


def _array_case(names, arrays):
    return _case(names, *[np.array(a) for a in arrays])


def _partials_public():
    names = ("x", "y")
    return [_case(names, 2, 3), _case(names, 1.5, -2.0), _case(names, -1.0, 0.5),
            _array_case(names, [[0.0, 1.0, 2.0], [1.0, -1.0, 0.5]])]


def _mse_partials_public():
    names = ("w", "b", "x", "y")
    return [_case(names, 1, 0, 2, 3), _case(names, 0.5, 1.0, 2.0, 1.0), _case(names, -1.0, 0.5, 1.5, -2.0),
            _case(names, 0.5, -1.0, np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, 1.5]))]


def _mse_partials_hidden(rng):
    names = ("w", "b", "x", "y")
    out = [_case(names, *[_scalar(rng) for _ in names]) for _ in range(7)]
    for n in (5, 8, 3):
        w, b = _scalar(rng), _scalar(rng)
        x, y = _uniform(rng, -3, 3, n), _uniform(rng, -3, 3, n)
        out.append(Case((w, b, x, y), {}, f"w={w:g}, b={b:g}, x and y arrays of shape ({n},)"))
    return out


def _partials_xyz_public():
    names = ("x", "y", "z")
    return [_case(names, 1, 2, 3), _case(names, 0.5, -1.0, 2.0), _case(names, -1.5, 0.5, 1.0),
            _array_case(names, [[0.0, 1.0], [1.0, 2.0], [2.0, -0.5]])]


_NUMERICAL = ("f", "point", "i")


def _point(rng, dim):
    return [float(v) for v in _uniform(rng, -1.5, 1.5, dim)]


def _numerical_partial_public():
    return [_case(_NUMERICAL, TestFunction("bowl"), [1, 2], 0),
            _case(_NUMERICAL, TestFunction("wavy"), [0.5, -1.0], 1),
            _case(_NUMERICAL, TestFunction("rosenbrock"), np.array([1.2, 0.8]), 0),
            _case(_NUMERICAL, TestFunction("cubic3"), [1.0, -0.5, 2.0], 2)]


_DIMS = {"bowl": 3, "wavy": 2, "rosenbrock": 2, "cubic3": 3, "mixed4": 4}
_STEPS_H = [None, None, 1e-2, None, 1e-3, None, 1e-2, None, 1e-4, 1e-2]


def _numerical_partial_hidden(rng):
    out = [_case(_NUMERICAL, TestFunction("mixed4"), [1, -1, 2, 1], 3)]
    for k, h in enumerate(_STEPS_H):
        name = list(_DIMS)[k % len(_DIMS)]
        point = _point(rng, _DIMS[name])
        point = np.array(point) if k % 2 else point
        kwargs = {} if h is None else {"h": h}
        out.append(_case(_NUMERICAL, TestFunction(name), point, int(rng.integers(len(point))), **kwargs))
    return out


def _gradient_public():
    names = ("f", "point")
    return [_case(names, TestFunction("bowl"), [1, 2]), _case(names, TestFunction("wavy"), [0.5, -1.0]),
            _case(names, TestFunction("cubic3"), np.array([1.0, -0.5, 2.0])),
            _case(names, TestFunction("mixed4"), [0.3, -0.7, 1.1, 0.5])]


def _gradient_hidden(rng):
    names = ("f", "point")
    out = [_case(names, TestFunction("cubic3"), [2, 1, -1])]
    for k, h in enumerate(_STEPS_H):
        name = list(_DIMS)[(k + 2) % len(_DIMS)]
        dim = int(rng.integers(2, 6)) if name == "bowl" else _DIMS[name]
        point = _point(rng, dim)
        point = np.array(point) if k % 2 == 0 else point
        out.append(_case(names, TestFunction(name), point, **({} if h is None else {"h": h})))
    return out


def _data_case(w, b, xs, ys):
    label = f"w={w:g}, b={b:g}, {len(xs)} points xs={_fmt(xs)}"
    return Case((w, b, xs, ys), {}, label if len(xs) <= 4 else f"w={w:g}, b={b:g}, {len(xs)} points")


def _line_data(rng, n):
    xs = _uniform(rng, -1.5, 1.5, n)
    return xs, np.round(1.5 * xs - 0.5 + rng.normal(0, 0.3, n), 3)


def _mse_gradient_public():
    return [_data_case(0, 0, np.array([1, 2, 3]), np.array([2, 4, 6])),
            _data_case(0.5, 1.0, np.array([0.0, 1.0, 2.0, 3.0]), np.array([1.0, 2.5, 2.0, 4.0])),
            _data_case(2.0, -1.0, np.array([-1.0, 0.5, 1.0, 2.0, 2.5]), np.array([0.0, 0.0, 1.0, 3.0, 4.5]))]


def _mse_gradient_hidden(rng):
    return [_data_case(_scalar(rng), _scalar(rng), *_line_data(rng, int(rng.integers(3, 20))))
            for _ in range(10)]


def _directional_public():
    names = ("grad", "u")
    return [_case(names, np.array([1, 2]), np.array([3, 4])),
            _case(names, np.array([2.0, -1.0]), np.array([1.0, 1.0])),
            _case(names, np.array([0.5, 1.5, -1.0]), np.array([0.0, 2.0, 0.0]))]


def _directional_hidden(rng):
    out = []
    for _ in range(10):
        dim = int(rng.integers(2, 5))
        u = _uniform(rng, -2, 2, dim)
        while not 0.5 < np.linalg.norm(u) < 3 or abs(np.linalg.norm(u) - 1) < 0.1:
            u = _uniform(rng, -2, 2, dim)
        out.append(_case(("grad", "u"), _uniform(rng, -3, 3, dim), u))
    return out


def _gd_step_public():
    names = ("params", "grad", "lr")
    return [_case(names, np.array([1.0, 2.0]), np.array([0.5, -1.0]), 0.1),
            _case(names, np.array([0.0, 0.0, 1.0]), np.array([1.0, 2.0, 3.0]), 0.5)]


def _gd_step_hidden(rng):
    out = []
    for k in range(10):
        dim = int(rng.integers(1, 6))
        lr = [0.01, 0.05, 0.1, 0.3][k % 4]
        out.append(_case(("params", "grad", "lr"), _uniform(rng, -3, 3, dim), _uniform(rng, -3, 3, dim), lr))
    return out


def _fit_case(xs, ys, **kwargs):
    extra = "".join(f", {k}={v:g}" for k, v in kwargs.items())
    return Case((xs, ys), kwargs, f"{len(xs)} points xs={_fmt(xs)}{extra}")


def _fit_line_public():
    xs = np.array([0.0, 1.0, 2.0, 3.0])
    return [_fit_case(xs, 2 * xs + 1),
            _fit_case(np.array([-1, 0, 1, 2]), np.array([-2, 1, 2, 5]), lr=0.05, steps=200),
            _fit_case(xs, 2 * xs + 1, lr=0.1, steps=1),
            _fit_case(np.array([1.0, 2.0, 4.0]), np.array([1.0, 3.0, 4.0]), lr=0.05, steps=2)]


def _fit_line_hidden(rng):
    out = []
    for k, (lr, steps) in enumerate([(0.1, 1000), (0.05, 1), (0.1, 7), (0.2, 50), (0.05, 150),
                                     (0.1, 300), (0.2, 2), (0.1, 20), (0.05, 60), (0.1, 1000)]):
        xs, ys = _line_data(rng, int(rng.integers(5, 15)))
        out.append(_fit_case(xs, ys) if steps == 1000 else _fit_case(xs, ys, lr=lr, steps=steps))
    return out


def _mlp_params(rng, d, h):
    return {"W1": np.round(rng.normal(0, 0.7, (d, h)), 3), "b1": np.round(rng.normal(0, 0.3, h), 3),
            "W2": np.round(rng.normal(0, 0.7, h), 3), "b2": float(np.round(rng.normal(0, 0.3), 3))}


def _mlp(rng, shapes, with_y):
    out = []
    for d, h, n in shapes:
        X = np.round(rng.normal(0, 1, (n, d)), 3)
        args = (_mlp_params(rng, d, h), X) + ((np.round(rng.normal(0, 1, n), 3),) if with_y else ())
        out.append(Case(args, {}, f"X of shape ({n}, {d}), {h} hidden units"))
    return out


_MLP_PUBLIC = [(2, 3, 4), (1, 2, 3), (3, 4, 5)]


def _mlp_hidden_shapes(rng):
    return [tuple(int(v) for v in rng.integers((1, 2, 3), (5, 7, 11))) for _ in range(10)]


_BUILDERS = {
    "partials": (_partials_public, lambda rng: _elementwise(("x", "y"), rng, 7, [(5,), (2, 3), (4,)])),
    "mse_partials": (_mse_partials_public, _mse_partials_hidden),
    "partials_xyz": (_partials_xyz_public,
                     lambda rng: _elementwise(("x", "y", "z"), rng, 7, [(6,), (3, 2), (4,)])),
    "numerical_partial": (_numerical_partial_public, _numerical_partial_hidden),
    "gradient": (_gradient_public, _gradient_hidden),
    "mse_gradient": (_mse_gradient_public, _mse_gradient_hidden),
    "directional_derivative": (_directional_public, _directional_hidden),
    "gd_step": (_gd_step_public, _gd_step_hidden),
    "fit_line": (_fit_line_public, _fit_line_hidden),
}
for _name in ("mlp_forward", "mlp_loss", "mlp_backward"):
    _with_y = _name != "mlp_forward"
    _BUILDERS[_name] = (
        lambda with_y=_with_y: _mlp(np.random.default_rng(7), _MLP_PUBLIC, with_y),
        lambda rng, with_y=_with_y: _mlp(rng, _mlp_hidden_shapes(rng), with_y),
    )


def cases(name, hidden=False):
    """The cases ``name`` is checked at: a few friendly public ones, or ~10 seeded hidden ones.

    Args:
        name: A key of ``PROBLEMS``.
        hidden: Whether to return the hidden cases.

    Returns:
        A list of ``Case``; the same list every time.
    """
    public, secret = _BUILDERS[name]
    return secret(np.random.default_rng(PROBLEMS[name].seed)) if hidden else public()


