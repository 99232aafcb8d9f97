"""Problem set 1, partial derivatives (chapter 2): freeze every variable but one."""

import numpy as np

from ...sandbox.testfns import TestFunction
from ...student import labels as L
from ...student import mistakes as M
from ...student.numerics import EPS, central_difference
from ...student.problems import UNCHANGED, Case
from ..spec import Mistake, Spec, case, elementwise_cases, uniform

_XY = ("x", "y")


# --- warm-up (no points): f = x²y + 3y, the worked example of chapter 2 ------------------------------


def partials(x, y):
    """(∂f/∂x, ∂f/∂y) of f = x²y + 3y."""
    return 2 * x * y, x**2 + 3


def _partials_public():
    return [
        case(_XY, 2, 3),
        case(_XY, 1.5, -2.0),
        case(_XY, -1.0, 0.5),
        Case((np.array([0.0, 1.0, 2.0]), np.array([1.0, -1.0, 0.5])), {}, "x and y arrays of shape (3,)"),
    ]


def _draw(rng, lo=-3, hi=3):
    return lambda size: uniform(rng, lo, hi, size)


PARTIALS = Spec(
    name="partials",
    signature="partials(x, y)",
    parts=("∂f/∂x", "∂f/∂y"),
    layout="tuple",
    reference=partials,
    public=_partials_public,
    hidden=lambda rng: elementwise_cases(_XY, _draw(rng), 7, [(5,), (2, 3)]),
    mistakes=(
        Mistake(
            M.NOT_HELD,
            lambda x, y: (2 * x * y + x**2 + 3, x**2 + 3 + 2 * x * y),
            {
                "∂f/∂x": "freeze y: with y a constant, only the terms holding x change, and 3y is a constant",
                "∂f/∂y": "freeze x: f is then a straight line in y, and ∂f/∂y is its slope",
            },
        ),
        Mistake(
            M.WRONG_VAR,
            lambda x, y: (None, 2 * x + 3),
            {"∂f/∂y": "here y is the variable and x a constant: differentiate with respect to y"},
        ),
        Mistake(
            M.DROPPED,
            lambda x, y: (None, x**2),
            {"∂f/∂y": "differentiate every term that holds y, not only the first"},
        ),
    ),
    points=(0, 0),
    elementwise=True,
    derived=False,
    forbidden={"∂f/∂x": ["2*x*y", "2xy"], "∂f/∂y": ["x**2+3", "x²+3", "3+x**2"]},
)


# --- f = x·e^{xy}: product rule and chain rule --------------------------------------------------------


def partials_exy(x, y):
    """(∂f/∂x, ∂f/∂y) of f = x·e^{xy}."""
    e = np.exp(x * y)
    return (1 + x * y) * e, x**2 * e


_INNER = (
    "the exponent xy is an inner function: multiply by its partial with respect to the variable that moves"
)
_PRODUCT = "x and e^{xy} both change with x: the product rule gives one term per factor"

PARTIALS_EXY = Spec(
    name="partials_exy",
    signature="partials_exy(x, y)",
    parts=("∂f/∂x", "∂f/∂y"),
    layout="tuple",
    reference=partials_exy,
    public=lambda: [
        case(_XY, 1.0, 0.5),
        case(_XY, -0.5, 1.0),
        case(_XY, 0.8, -1.2),
        Case((np.array([0.5, -1.0, 1.5]), np.array([1.0, 0.25, -0.5])), {}, "x and y arrays of shape (3,)"),
    ],
    hidden=lambda rng: elementwise_cases(_XY, _draw(rng, -1.5, 1.5), 7, [(6,), (3, 2)]),
    mistakes=(
        Mistake(L.PRODUCT, lambda x, y: (x * y * np.exp(x * y), None), {"∂f/∂x": _PRODUCT}),
        Mistake(L.PRODUCT, lambda x, y: (np.exp(x * y), None), {"∂f/∂x": _PRODUCT}),
        Mistake(
            M.CHAIN,
            lambda x, y: ((1 + x) * np.exp(x * y), x * np.exp(x * y)),
            {"∂f/∂x": _INNER, "∂f/∂y": _INNER},
        ),
        Mistake(
            M.NOT_HELD,
            lambda x, y: (None, x**2 * np.exp(x * y) + (1 + x * y) * np.exp(x * y)),
            {"∂f/∂y": "freeze x: the factor x in front is then a constant and needs no product rule"},
        ),
    ),
    hints={M.SIGN: "the exponent xy has no minus sign: check each factor's sign"},
    elementwise=True,
    forbidden={
        "∂f/∂x": [
            "(1+x*y)*np.exp(x*y)",
            "(1+xy)e^{xy}",
            "e^{xy}+xye^{xy}",
            "np.exp(x*y)+x*y*np.exp(x*y)",
            "(x*y+1)*np.exp(x*y)",
            "(1+xy)exp(xy)",
        ],
        "∂f/∂y": ["x**2*np.exp(x*y)", "x²e^{xy}", "x^2e^{xy}", "x**2*exp(x*y)", "x²exp(xy)"],
    },
)


# --- f = ln(x² + y²): the chain rule through a logarithm ---------------------------------------------


def partials_log(x, y):
    """(∂f/∂x, ∂f/∂y) of f = ln(x² + y²), away from the origin."""
    r2 = x**2 + y**2
    return 2 * x / r2, 2 * y / r2


def _polar(rng, size):
    """Points at radius 0.5 to 3 (the function is not defined at the origin)."""
    radius, angle = rng.uniform(0.5, 3.0, size), rng.uniform(0, 2 * np.pi, size)
    return np.round(radius * np.cos(angle), 3), np.round(radius * np.sin(angle), 3)


def _log_hidden(rng):
    out = []
    for _ in range(7):
        x, y = _polar(rng, None)
        out.append(case(_XY, float(x), float(y)))
    for shape in [(5,), (2, 4)]:
        out.append(Case(_polar(rng, shape), {}, f"x and y arrays of shape {shape}"))
    return out


_LOG_INNER = "multiply by the partial of the inside, x² + y², with respect to the variable that moves"
_LOG_OUTER = "the derivative of ln u with respect to u is 1/u: multiply it by the inner derivative"
_LOG_HELD = "freeze the other variable: its square is a constant inside the log"

PARTIALS_LOG = Spec(
    name="partials_log",
    signature="partials_log(x, y)",
    parts=("∂f/∂x", "∂f/∂y"),
    layout="tuple",
    reference=partials_log,
    public=lambda: [
        case(_XY, 1.0, 2.0),
        case(_XY, -1.5, 0.5),
        case(_XY, 0.6, -0.8),
        Case((np.array([1.0, -2.0, 0.5]), np.array([1.0, 1.0, -2.0])), {}, "x and y arrays of shape (3,)"),
    ],
    hidden=_log_hidden,
    mistakes=(
        Mistake(L.OUTER, lambda x, y: (2 * x, 2 * y), {"∂f/∂x": _LOG_OUTER, "∂f/∂y": _LOG_OUTER}),
        Mistake(
            M.CHAIN,
            lambda x, y: (1 / (x**2 + y**2), 1 / (x**2 + y**2)),
            {"∂f/∂x": _LOG_INNER, "∂f/∂y": _LOG_INNER},
        ),
        Mistake(
            M.NOT_HELD,
            lambda x, y: ((2 * x + 2 * y) / (x**2 + y**2), (2 * x + 2 * y) / (x**2 + y**2)),
            {"∂f/∂x": _LOG_HELD, "∂f/∂y": _LOG_HELD},
        ),
    ),
    hints={M.FACTOR: "check the power rule on the square inside the log"},
    elementwise=True,
    forbidden={
        "∂f/∂x": ["2*x/(x**2+y**2)", "2x/(x²+y²)", "2*x/r2"],
        "∂f/∂y": ["2*y/(x**2+y**2)", "2y/(x²+y²)", "2*y/r2"],
    },
)


# --- g = xyz + sin(xz) + y²: three variables ----------------------------------------------------------


def partials_xyz(x, y, z):
    """The three partials of g = xyz + sin(xz) + y²."""
    c = np.cos(x * z)
    return y * z + z * c, x * z + 2 * y, x * y + x * c


_XYZ = ("x", "y", "z")
_SIN_CHAIN = (
    "sin(xz) has the inner function xz: multiply by its partial with respect to the variable that moves"
)
_SIN_INNER = (
    "the inner derivative of xz is taken with respect to the variable that moves, the other one frozen"
)
_SIN_TRIG = "the derivative of sin is cos; it is cos whose derivative is −sin"
_NO_Y = "sin(xz) holds no y: with x and z frozen it is a constant"

PARTIALS_XYZ = Spec(
    name="partials_xyz",
    signature="partials_xyz(x, y, z)",
    parts=("∂g/∂x", "∂g/∂y", "∂g/∂z"),
    layout="tuple",
    reference=partials_xyz,
    public=lambda: [
        case(_XYZ, 1, 2, 3),
        case(_XYZ, 0.5, -1.0, 2.0),
        case(_XYZ, -1.5, 0.5, 1.0),
        Case(
            tuple(np.array(a) for a in [[0.0, 1.0], [1.0, 2.0], [2.0, -0.5]]),
            {},
            "x, y, z arrays of shape (2,)",
        ),
    ],
    hidden=lambda rng: elementwise_cases(_XYZ, _draw(rng), 7, [(6,), (3, 2)]),
    mistakes=(
        Mistake(
            M.CHAIN,
            lambda x, y, z: (y * z + np.cos(x * z), None, x * y + np.cos(x * z)),
            {"∂g/∂x": _SIN_CHAIN, "∂g/∂z": _SIN_CHAIN},
        ),
        Mistake(
            M.INNER_VAR,
            lambda x, y, z: (y * z + x * np.cos(x * z), None, x * y + z * np.cos(x * z)),
            {"∂g/∂x": _SIN_INNER, "∂g/∂z": _SIN_INNER},
        ),
        Mistake(
            M.TRIG,
            lambda x, y, z: (y * z - z * np.cos(x * z), None, x * y - x * np.cos(x * z)),
            {"∂g/∂x": _SIN_TRIG, "∂g/∂z": _SIN_TRIG},
        ),
        *[
            Mistake(
                M.EXTRA_TERM,
                lambda x, y, z, k=k: (None, x * z + 2 * y + k(x, z) * np.cos(x * z), None),
                {"∂g/∂y": _NO_Y},
            )
            for k in (lambda x, z: 1, lambda x, z: x, lambda x, z: z)
        ],
    ),
    elementwise=True,
    forbidden={
        "∂g/∂x": ["y*z+z*np.cos(x*z)", "yz+zcos(xz)", "z*(y+np.cos(x*z))"],
        "∂g/∂y": ["x*z+2*y", "xz+2y"],
        "∂g/∂z": ["x*y+x*np.cos(x*z)", "xy+xcos(xz)", "x*(y+np.cos(x*z))"],
    },
)


# --- the logistic loss of one example -----------------------------------------------------------------


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def logistic_partials(w, b, x, y):
    """(∂L/∂w, ∂L/∂b) of L = −y ln σ(wx + b) − (1 − y) ln(1 − σ(wx + b))."""
    s = _sigmoid(w * x + b)
    return (s - y) * x, s - y


_WBXY = ("w", "b", "x", "y")


def _logistic_public():
    return [
        case(_WBXY, 0.5, -0.2, 1.5, 1),
        case(_WBXY, -1.0, 0.3, 0.8, 0),
        case(_WBXY, 2.0, 1.0, -0.5, 1),
        case(_WBXY, 0.5, 0.1, np.array([1.0, -2.0, 0.5, 3.0]), np.array([1.0, 0.0, 0.0, 1.0])),
    ]


def _logistic_hidden(rng):
    out = [case(_WBXY, *[float(v) for v in uniform(rng, -2, 2, 3)], int(rng.integers(2))) for _ in range(7)]
    for n in (5, 8):
        w, b = (float(v) for v in uniform(rng, -2, 2, 2))
        x, y = uniform(rng, -3, 3, n), rng.integers(0, 2, n).astype(float)
        out.append(Case((w, b, x, y), {}, f"w={w:g}, b={b:g}, x and y arrays of shape ({n},)"))
    return out


def _s(w, b, x):
    return _sigmoid(w * x + b)


_LOG_SIGMA = "the chain rule through ln σ(z): the σ′ from the inside cancels against the log's derivative"
_BOTH_TERMS = "y is 0 or 1: keep both terms of L, each weighted by its label"

LOGISTIC_PARTIALS = Spec(
    name="logistic_partials",
    signature="logistic_partials(w, b, x, y)",
    parts=("∂L/∂w", "∂L/∂b"),
    layout="tuple",
    reference=logistic_partials,
    public=_logistic_public,
    hidden=_logistic_hidden,
    mistakes=(
        Mistake(
            M.CHAIN,
            lambda w, b, x, y: (_s(w, b, x) - y, None),
            {"∂L/∂w": "z = wx + b: multiply by ∂z/∂w, which is not 1"},
        ),
        Mistake(
            L.SIGMA_PRIME,
            lambda w, b, x, y: (
                (_s(w, b, x) - y) * _s(w, b, x) * (1 - _s(w, b, x)) * x,
                (_s(w, b, x) - y) * _s(w, b, x) * (1 - _s(w, b, x)),
            ),
            {"∂L/∂w": _LOG_SIGMA, "∂L/∂b": _LOG_SIGMA},
        ),
        Mistake(
            L.Y_AS_ONE,
            lambda w, b, x, y: ((_s(w, b, x) - 1) * x, _s(w, b, x) - 1),
            {"∂L/∂w": _BOTH_TERMS, "∂L/∂b": _BOTH_TERMS},
        ),
    ),
    hints={
        M.SIGN: "L puts a minus sign in front of each log: check which sign survives the derivative",
        M.FACTOR: "the cross-entropy has no square, so no power-rule 2 or ½: check each constant factor",
    },
    elementwise=True,
    forbidden={
        "∂L/∂w": [
            "(sigma-y)*x",
            "(σ-y)x",
            "x(σ-y)",
            "(s-y)*x",
            "(p-y)*x",
            "(σ(wx+b)-y)x",
            "(sigmoid(w*x+b)-y)*x",
        ],
        "∂L/∂b": ["σ-y", "sigma-y", "(s-y)", "(p-y)", "σ(wx+b)-y", "sigmoid(w*x+b)-y"],
    },
)


# --- numerical_partial: chapter 6's central difference (a transcription) ------------------------------


def numerical_partial(f, point, i, h=EPS):
    """Central-difference ∂f/∂xᵢ at ``point``."""
    return central_difference(f, point, i, h)


_NUMERICAL = ("f", "point", "i")
_DIMS = {"bowl": 3, "wavy": 2, "rosenbrock": 2, "cubic3": 3, "mixed4": 4}
_STEPS_H = [None, None, 1e-2, None, 1e-3, None, 1e-2, None, 1e-4, 1e-2]


def _point(rng, dim):
    return [float(v) for v in uniform(rng, -1.5, 1.5, dim)]


def _numerical_public():
    return [
        case(_NUMERICAL, TestFunction("bowl"), [1, 2], 0),
        case(_NUMERICAL, TestFunction("wavy"), [0.5, -1.0], 1),
        case(_NUMERICAL, TestFunction("rosenbrock"), np.array([1.2, 0.8]), 0),
        case(_NUMERICAL, TestFunction("cubic3"), [1.0, -0.5, 2.0], 2),
    ]


def _numerical_hidden(rng):
    out = [
        case(
            _NUMERICAL, TestFunction("mixed4"), [int(v) for v in rng.integers(-2, 3, 4)], int(rng.integers(4))
        )
    ]
    for k, h in enumerate(_STEPS_H):
        name = list(_DIMS)[(k + int(rng.integers(5))) % len(_DIMS)]
        point = _point(rng, _DIMS[name])
        point = np.array(point) if k % 2 else point
        kwargs = {} if h is None else {"h": h}
        out.append(case(_NUMERICAL, TestFunction(name), point, int(rng.integers(len(point))), **kwargs))
    return out


def _forward(f, point, i, h=EPS):
    x = np.array(point, dtype=float)
    x_plus = x.copy()
    x_plus[i] += h
    return (f(x_plus) - f(x)) / h


def _int_copies(f, point, i, h=EPS):
    """Central difference on copies of ``np.array(point)``: ints swallow ±h."""
    x_plus, x_minus = np.array(point), np.array(point)
    x_plus[i] += h
    x_minus[i] -= h
    return (f(x_plus) - f(x_minus)) / (2 * h)


def _int_in_place(f, point, i, h=EPS):
    """x[i] += h, then x[i] -= 2h on one ``np.array(point)``."""
    x = np.array(point)
    x[i] += h
    f_plus = f(x)
    x[i] -= 2 * h
    return (f_plus - f(x)) / (2 * h)


FORWARD_HINT = (
    "step to both sides of the point, not only forward: a one-sided difference's error shrinks like h"
)
INT_HINT = "an integer array cannot hold x + h: make a float copy of the point before stepping"
H_HINT = "use the step h you are given, not a fixed one"
STEP_HINTS = {
    M.FACTOR: "the two points you evaluate are 2h apart",
    M.MUTATED: "step a float copy of the point; never change the caller's list or array",
}

NUMERICAL_PARTIAL = Spec(
    name="numerical_partial",
    signature="numerical_partial(f, point, i, h=1e-5)",
    parts=("∂f/∂xᵢ", UNCHANGED),
    layout="scalar",
    reference=numerical_partial,
    public=_numerical_public,
    hidden=_numerical_hidden,
    mistakes=(
        Mistake(M.FORWARD, _forward, {"∂f/∂xᵢ": FORWARD_HINT}),
        Mistake(M.INT_POINT, _int_copies, {"∂f/∂xᵢ": INT_HINT}),
        Mistake(M.INT_POINT, _int_in_place, {"∂f/∂xᵢ": INT_HINT}),
        Mistake(M.IGNORED_H, lambda f, point, i, h=EPS: numerical_partial(f, point, i), {"∂f/∂xᵢ": H_HINT}),
    ),
    points=(1, 1),
    hints=STEP_HINTS,
    derived=False,
    forbidden={
        "∂f/∂xᵢ": ["(f(x+h*e)-f(x-h*e))/(2*h)", "(f(x+h·eᵢ)−f(x−h·eᵢ))/2h", "(f(x+e_i)-f(x-e_i))/(2*h)"]
    },
)

SPECS = [PARTIALS, PARTIALS_EXY, PARTIALS_LOG, PARTIALS_XYZ, LOGISTIC_PARTIALS, NUMERICAL_PARTIAL]
