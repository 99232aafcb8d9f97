"""Problem set 2, gradients (chapters 3 and 6): every partial at once, of vectors and batches."""

import numpy as np

from ...sandbox.testfns import TestFunction
from ...student import labels as L
from ...student import mistakes as M
from ...student.numerics import EPS, central_difference
from ...student.problems import UNCHANGED, Case
from ..spec import Mistake, Spec, case, fmt, uniform
from .ps01_partials import FORWARD_HINT, H_HINT, STEP_HINTS, _forward, _int_copies

# --- gradient: chapter 6's numerical gradient (a transcription) ---------------------------------------


def gradient(f, point, h=EPS):
    """All central-difference partials of ``f`` at ``point`` as a float array."""
    return np.array([central_difference(f, point, i, h) for i in range(len(point))])


_DIMS = {"bowl": 3, "wavy": 2, "rosenbrock": 2, "cubic3": 3, "mixed4": 4}
_STEPS_H = [None, None, 1e-2, None, 1e-3, None, 1e-2, None, 1e-4, 1e-2]


def _gradient_public():
    names = ("f", "point")
    return [
        case(names, TestFunction("bowl"), [1, 2]),
        case(names, TestFunction("wavy"), [0.5, -1.0]),
        case(names, TestFunction("cubic3"), np.array([1.0, -0.5, 2.0])),
        case(names, TestFunction("mixed4"), [0.3, -0.7, 1.1, 0.5]),
    ]


def _gradient_hidden(rng):
    names = ("f", "point")
    out = [case(names, TestFunction("cubic3"), [int(v) for v in rng.integers(-2, 3, 3)])]
    for k, h in enumerate(_STEPS_H):
        name = list(_DIMS)[(k + int(rng.integers(5))) % len(_DIMS)]
        dim = int(rng.integers(2, 6)) if name == "bowl" else _DIMS[name]
        point = [float(v) for v in uniform(rng, -1.5, 1.5, dim)]
        point = np.array(point) if k % 2 == 0 else point
        out.append(case(names, TestFunction(name), point, **({} if h is None else {"h": h})))
    return out


def _each(partial):
    return lambda f, point, h=EPS: np.array([partial(f, point, i, h) for i in range(len(point))])


def _int_grad_array(f, point, h=EPS):
    """Right partials stored in ``np.zeros_like(point)``, an int array for an int point."""
    return np.trunc(gradient(f, point, h)) if np.asarray(point).dtype.kind in "iu" else None


GRADIENT = Spec(
    name="gradient",
    signature="gradient(f, point, h=1e-5)",
    parts=("∇f", UNCHANGED),
    layout="array",
    reference=gradient,
    public=_gradient_public,
    hidden=_gradient_hidden,
    mistakes=(
        Mistake(M.FORWARD, _each(_forward), {"∇f": FORWARD_HINT}),
        Mistake(
            M.INT_POINT, _each(_int_copies), {"∇f": "an integer point cannot hold x + h: step a float copy"}
        ),
        Mistake(
            M.INT_POINT,
            _int_grad_array,
            {"∇f": "an array made like an integer point holds integers: store the partials in a float array"},
        ),
        Mistake(M.IGNORED_H, lambda f, point, h=EPS: gradient(f, point), {"∇f": H_HINT}),
    ),
    points=(1, 1),
    hints=STEP_HINTS,
    derived=False,
    forbidden={"∇f": ["(f(x+h*e)-f(x-h*e))/(2*h)", "(f(x+h·eᵢ)−f(x−h·eᵢ))/2h"]},
)


# --- the gradient of a Gaussian bump (an RBF kernel) --------------------------------------------------


def rbf_gradient(x, c, s):
    """∇ₓ exp(−‖x − c‖² / (2s²)), shape (d,)."""
    x, c = np.asarray(x, dtype=float), np.asarray(c, dtype=float)
    k = np.exp(-np.sum((x - c) ** 2) / (2 * s**2))
    return -(x - c) / s**2 * k


def _k(x, c, s):
    return np.exp(-np.sum((np.asarray(x, float) - c) ** 2) / (2 * s**2))


_XCS = ("x", "c", "s")


def _rbf_hidden(rng):
    out = []
    for _ in range(10):
        d = int(rng.integers(1, 6))
        s = float(np.round(rng.uniform(0.6, 2.0), 3))
        c = uniform(rng, -1.5, 1.5, d)
        out.append(case(_XCS, np.round(c + rng.normal(0, s, d), 3), c, s))
    return out


_RBF_OUTER = "chain rule: the exponential is the outer function; its derivative multiplies the inner one"

RBF_GRADIENT = Spec(
    name="rbf_gradient",
    signature="rbf_gradient(x, c, s)",
    parts=("∇ₓk", UNCHANGED),
    layout="array",
    reference=rbf_gradient,
    public=lambda: [
        case(_XCS, np.array([1.0, 0.5]), np.array([0.0, 0.0]), 1.0),
        case(_XCS, np.array([0.2, -0.4, 1.0]), np.array([0.5, 0.5, 0.5]), 0.8),
        case(_XCS, np.array([2.0]), np.array([1.0]), 1.5),
    ],
    hidden=_rbf_hidden,
    mistakes=(
        Mistake(L.OUTER, lambda x, c, s: -(np.asarray(x, float) - c) / s**2, {"∇ₓk": _RBF_OUTER}),
        Mistake(
            L.OUTER,
            lambda x, c, s: -(np.asarray(x, float) - c) / s**2 * np.exp(-1 / (2 * s**2)),
            {"∇ₓk": _RBF_OUTER},
        ),
        Mistake(
            L.CONSTANT_POWER,
            lambda x, c, s: -(np.asarray(x, float) - c) / s * _k(x, c, s),
            {
                "∇ₓk": "s is a constant here: only ‖x − c‖² changes with x, and every power of s in the "
                "exponent stays as it is"
            },
        ),
    ),
    hints={
        M.SIGN: "the exponent has a minus sign, and ∂(x − c)/∂x is +1: check which sign survives",
        M.FACTOR: "check the power rule on ‖x − c‖² and the 2 in 2s²",
        M.MUTATED: "x − c makes a new array; x -= c changes the caller's x",
    },
    forbidden={
        "∇ₓk": [
            "-(x-c)/s**2*k",
            "-(x-c)/s²",
            "-(x-c)/s**2",
            "(c-x)/s**2",
            "(c-x)/s²",
            "-(x-c)*np.exp(-np.sum((x-c)**2)/(2*s**2))/s**2",
        ]
    },
)


# --- ∇ₓ xᵀAx for a non-symmetric A ----------------------------------------------------------------------


def quadratic_gradient(A, x):
    """∇ₓ (xᵀAx) for any square A, shape (d,)."""
    A, x = np.asarray(A, dtype=float), np.asarray(x, dtype=float)
    return (A + A.T) @ x


def _quadratic_hidden(rng):
    out = []
    for _ in range(10):
        d = int(rng.integers(2, 7))
        out.append(case(("A", "x"), uniform(rng, -2, 2, (d, d)), uniform(rng, -2, 2, d)))
    return out


QUADRATIC_GRADIENT = Spec(
    name="quadratic_gradient",
    signature="quadratic_gradient(A, x)",
    parts=("∇ₓ(xᵀAx)", UNCHANGED),
    layout="array",
    reference=quadratic_gradient,
    public=lambda: [
        case(("A", "x"), np.array([[1.0, 2.0], [0.0, 3.0]]), np.array([1.0, -1.0])),
        case(
            ("A", "x"),
            np.array([[0.0, 1.0, 0.0], [2.0, 0.0, -1.0], [0.5, 0.0, 1.0]]),
            np.array([1.0, 2.0, 3.0]),
        ),
    ],
    hidden=_quadratic_hidden,
    mistakes=(
        Mistake(
            L.SYMMETRIC,
            lambda A, x: 2 * np.asarray(A) @ x,
            {"∇ₓ(xᵀAx)": "A is not symmetric here: write xᵀAx as a double sum and differentiate it by xₖ"},
        ),
        Mistake(
            L.ONE_TERM,
            lambda A, x: np.asarray(A) @ x,
            {"∇ₓ(xᵀAx)": "xₖ appears in a row and in a column of the double sum: count both"},
        ),
        Mistake(
            L.ONE_TERM,
            lambda A, x: np.asarray(A).T @ x,
            {"∇ₓ(xᵀAx)": "xₖ appears in a row and in a column of the double sum: count both"},
        ),
    ),
    hints={M.MUTATED: "never change A or x in place: build new arrays"},
    forbidden={"∇ₓ(xᵀAx)": ["(A+A.T)@x", "(A+Aᵀ)x", "A@x+A.T@x", "Ax+Aᵀx", "(A+A^T)x", "A.T@x+A@x"]},
)


# --- logistic regression over a batch ------------------------------------------------------------------


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def logistic_gradient(w, b, X, y):
    """(∂J/∂w, ∂J/∂b) of the mean cross-entropy of logistic regression over a batch."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    r = _sigmoid(X @ w + b) - y
    return X.T @ r / len(y), float(np.mean(r))


_WBXY = ("w", "b", "X", "y")


def _batch(rng, n, d):
    w, b = uniform(rng, -1.5, 1.5, d), float(uniform(rng, -1, 1))
    return w, b, uniform(rng, -2, 2, (n, d)), rng.integers(0, 2, n).astype(float)


def _batch_case(w, b, X, y, **kwargs):
    n, d = X.shape
    extra = "".join(f", {k}={v:g}" for k, v in kwargs.items())
    return Case((w, b, X, y, *kwargs.values()), {}, f"w={fmt(w)}, b={b:g}, X of shape ({n}, {d}){extra}")


def _logistic_public():
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.5, -1.5], [2.0, 1.0]])
    return [
        _batch_case(np.array([0.5, -0.5]), 0.1, X, np.array([1.0, 0.0, 0.0, 1.0])),
        _batch_case(np.array([1.0]), -0.5, np.array([[0.5], [1.5], [-1.0]]), np.array([0.0, 1.0, 0.0])),
    ]


def _logistic_hidden(rng):
    return [_batch_case(*_batch(rng, int(rng.integers(3, 15)), int(rng.integers(1, 5)))) for _ in range(10)]


def _r(w, b, X, y):
    return _sigmoid(np.asarray(X) @ w + b) - y


_LOG_SIGMA = "the chain rule through ln σ(z): the σ′ from the inside cancels against the log's derivative"

LOGISTIC_GRADIENT = Spec(
    name="logistic_gradient",
    signature="logistic_gradient(w, b, X, y)",
    parts=("∂J/∂w", "∂J/∂b", UNCHANGED),
    layout="tuple",
    reference=logistic_gradient,
    public=_logistic_public,
    hidden=_logistic_hidden,
    mistakes=(
        Mistake(
            M.CHAIN,
            lambda w, b, X, y: (np.full(len(w), np.mean(_r(w, b, X, y))), None),
            {"∂J/∂w": "each weight wⱼ multiplies its own input column: ∂z/∂wⱼ is not 1"},
        ),
        Mistake(
            L.SIGMA_PRIME,
            lambda w, b, X, y: (
                np.asarray(X).T
                @ (_r(w, b, X, y) * _sigmoid(np.asarray(X) @ w + b) * (1 - _sigmoid(np.asarray(X) @ w + b)))
                / len(y),
                float(
                    np.mean(
                        _r(w, b, X, y)
                        * _sigmoid(np.asarray(X) @ w + b)
                        * (1 - _sigmoid(np.asarray(X) @ w + b))
                    )
                ),
            ),
            {"∂J/∂w": _LOG_SIGMA, "∂J/∂b": _LOG_SIGMA},
        ),
    ),
    hints={
        M.SIGN: "J puts a minus sign in front of each log: check which sign survives the derivative",
        M.FACTOR: "the cross-entropy has no square, so no power-rule 2 or ½: check that you divide by the "
        "number of examples n, once, and by nothing else",
        M.MUTATED: "never change w, X or y in place: build new arrays",
    },
    batch_arg=2,
    forbidden={
        "∂J/∂w": [
            "X.T@(p-y)/n",
            "X.T@(p-y)/len(y)",
            "Xᵀ(p-y)/n",
            "X.T@(s-y)/n",
            "X.T@r/len(y)",
            "X.T@(sigma-y)/n",
            "Xᵀ(σ-y)/n",
            "np.mean((p-y)[:,None]*X,axis=0)",
        ],
        "∂J/∂b": ["np.mean(p-y)", "mean(σ-y)", "np.mean(s-y)", "mean(p-y)", "np.mean(sigma-y)"],
    },
)


# --- an L2-regularised squared loss over a batch ------------------------------------------------------


def ridge_gradient(w, b, X, y, lam):
    """(∂J/∂w, ∂J/∂b) of J = mean((Xw + b − y)²) + lam‖w‖²."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    r = X @ w + b - y
    return 2 * X.T @ r / len(y) + 2 * lam * np.asarray(w, dtype=float), float(2 * np.mean(r))


def _ridge_public():
    X = np.array([[1.0, 0.0], [0.5, 2.0], [-1.0, 1.0]])
    return [
        _batch_case(np.array([0.5, -1.0]), 0.2, X, np.array([1.0, -0.5, 2.0]), lam=0.1),
        _batch_case(
            np.array([1.0, 0.5, 0.0]),
            -1.0,
            np.array([[1.0, 2.0, 0.5], [0.0, 1.0, -1.0], [2.0, 0.0, 1.0], [1.0, 1.0, 1.0]]),
            np.array([0.5, 1.0, 0.0, 2.0]),
            lam=0.5,
        ),
    ]


def _ridge_hidden(rng):
    out = []
    for _ in range(10):
        n, d = int(rng.integers(3, 15)), int(rng.integers(1, 5))
        w, b, X, _ = _batch(rng, n, d)
        out.append(_batch_case(w, b, X, uniform(rng, -3, 3, n), lam=float(np.round(rng.uniform(0.05, 2), 3))))
    return out


def _ridge(w, b, X, y, lam, data=2.0, reg=2.0, n=None, reg_b=0.0):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    r = X @ w + b - y
    n = len(y) if n is None else n
    return data * X.T @ r / n + reg * lam * np.asarray(w, float), float(
        data * np.sum(r) / n + reg_b * lam * b
    )


_REG = "J has two terms: differentiate the penalty lam‖w‖² as well"

RIDGE_GRADIENT = Spec(
    name="ridge_gradient",
    signature="ridge_gradient(w, b, X, y, lam)",
    parts=("∂J/∂w", "∂J/∂b", UNCHANGED),
    layout="tuple",
    reference=ridge_gradient,
    public=_ridge_public,
    hidden=_ridge_hidden,
    mistakes=(
        Mistake(
            L.NO_REG, lambda w, b, X, y, lam: (_ridge(w, b, X, y, lam, reg=0.0)[0], None), {"∂J/∂w": _REG}
        ),
        Mistake(
            L.REG_FACTOR,
            lambda w, b, X, y, lam: (_ridge(w, b, X, y, lam, reg=1.0)[0], None),
            {"∂J/∂w": "the power rule applies to ‖w‖² too"},
        ),
        Mistake(
            L.REG_BIAS,
            lambda w, b, X, y, lam: (None, _ridge(w, b, X, y, lam, reg_b=2.0)[1]),
            {"∂J/∂b": "the penalty holds w only: with w frozen it is a constant for b"},
        ),
        Mistake(
            M.MEAN,
            lambda w, b, X, y, lam: _ridge(w, b, X, y, lam, n=1),
            {"∂J/∂w": "the data term of J is a mean over the n examples", "∂J/∂b": "J's data term is a mean"},
        ),
        Mistake(
            L.HALF,
            lambda w, b, X, y, lam: _ridge(w, b, X, y, lam, data=1.0),
            {
                "∂J/∂w": "J here has no ½ in front: keep the power rule's factor",
                "∂J/∂b": "J here has no ½ in front: keep the power rule's factor",
            },
        ),
    ),
    hints={
        M.SIGN: "the residual here is Xw + b − y: check its sign in each term",
        M.MUTATED: "never change w, X or y in place: build new arrays",
    },
    batch_arg=2,
    forbidden={
        "∂J/∂w": [
            "2*X.T@r/n+2*lam*w",
            "2Xᵀr/n+2λw",
            "2*lam*w",
            "2λw",
            "2*X.T@(X@w+b-y)/len(y)+2*lam*w",
            "2*lam*np.asarray(w)",
        ],
        "∂J/∂b": ["2*np.mean(r)", "2*mean(r)", "2*np.mean(X@w+b-y)", "2mean(Xw+b-y)"],
    },
)

SPECS = [GRADIENT, RBF_GRADIENT, QUADRATIC_GRADIENT, LOGISTIC_GRADIENT, RIDGE_GRADIENT]
