"""Problem set 3, gradient descent (chapter 4): descend on losses whose gradients the student derives."""

import numpy as np

from ...student import labels as L
from ...student import mistakes as M
from ...student.problems import Case
from ..spec import Mistake, Spec, uniform


def _ridge_grad(w, b, x, y, lam):
    """∂J/∂w, ∂J/∂b of J = mean((y − (wx + b))²) + lam·w² (1-D data)."""
    r = y - (w * x + b)
    return -2 * np.mean(x * r) + 2 * lam * w, -2 * np.mean(r)


def _logistic_grad(w, b, x, y):
    r = 1 / (1 + np.exp(-(w * x + b))) - y
    return np.mean(r * x), np.mean(r)


def _descend(grad, steps, lr, sign=-1.0, sequential=False):
    """Gradient descent from (0, 0) with the usual slips switchable; ``grad(w, b)`` gives both partials."""
    w = b = 0.0
    with np.errstate(all="ignore"):
        for _ in range(steps):
            dw, db = grad(w, b)
            w = w + sign * lr * dw
            db = grad(w, b)[1] if sequential else db
            b = b + sign * lr * db
    return float(w), float(b)


def fit_ridge(x, y, lam, lr=0.1, steps=500):
    """(w, b) after ``steps`` gradient-descent steps from 0 on mean((y − (wx + b))²) + lam·w²."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return _descend(lambda w, b: _ridge_grad(w, b, x, y, lam), steps, lr)


def fit_logistic(x, y, lr=0.5, steps=300):
    """(w, b) after ``steps`` gradient-descent steps from 0 on the mean logistic loss."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return _descend(lambda w, b: _logistic_grad(w, b, x, y), steps, lr)


def _momentum(grad, steps, lr, beta, ema=False, old_velocity=False):
    """Heavy-ball momentum v ← βv + ∇J, θ ← θ − lr·v from θ = v = 0, with slips switchable."""
    theta, v = np.zeros(2), np.zeros(2)
    with np.errstate(all="ignore"):
        for _ in range(steps):
            g = np.array(grad(*theta))
            if old_velocity:
                theta = theta - lr * v
            v = beta * v + ((1 - beta) * g if ema else g)
            if not old_velocity:
                theta = theta - lr * v
    return float(theta[0]), float(theta[1])


def momentum_ridge(x, y, lam, lr=0.05, beta=0.9, steps=200):
    """(w, b) after ``steps`` heavy-ball momentum steps on the ridge loss of ``fit_ridge``."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return _momentum(lambda w, b: _ridge_grad(w, b, x, y, lam), steps, lr, beta)


def _fmt_kwargs(kwargs):
    return "".join(f", {k}={v:g}" for k, v in kwargs.items())


def _data_case(x, y, *args, **kwargs):
    head = "".join(f", lam={a:g}" for a in args)
    return Case((x, y, *args), kwargs, f"{len(x)} points{head}{_fmt_kwargs(kwargs)}")


def _line(rng, n):
    x = uniform(rng, -1.5, 1.5, n)
    return x, np.round(rng.uniform(-2, 2) * x + rng.uniform(-1, 1) + rng.normal(0, 0.3, n), 3)


def _classes(rng, n):
    """Overlapping classes (the loss has a finite minimum)."""
    x = uniform(rng, -2, 2, n)
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(rng.uniform(0.5, 2) * x + rng.uniform(-0.5, 0.5))))).astype(
        float
    )
    y[:2] = [0.0, 1.0]
    return x, y


_X4 = np.array([0.0, 1.0, 2.0, 3.0])
_RIDGE_RUNS = [
    {},
    {"lr": 0.05, "steps": 1},
    {"lr": 0.1, "steps": 7},
    {"lr": 0.2, "steps": 40},
    {"steps": 3},
    {"lr": 0.05, "steps": 150},
    {},
    {"lr": 0.15, "steps": 2},
    {"lr": 0.1, "steps": 20},
    {"steps": 60},
]


def _ridge_public():
    return [
        _data_case(_X4 / 2, 2 * _X4 / 2 + 1, 0.1),
        _data_case(_X4 - 1.5, np.array([-2.0, 0.5, 1.0, 2.5]), 0.5, lr=0.15, steps=2),
    ]


def _ridge_hidden(rng):
    return [
        _data_case(*_line(rng, int(rng.integers(5, 15))), float(np.round(rng.uniform(0.05, 1), 3)), **run)
        for run in _RIDGE_RUNS
    ]


def _fit_mistakes(fit, grad, args):
    """The slips of a gradient-descent loop.

    Step count, order of updates, direction, a sum for a mean, and the arguments.
    """

    def loop(**slips):
        def fn(x, y, *rest, **kw):
            a = dict(zip(args, rest)) | kw
            x, y = np.asarray(x, float), np.asarray(y, float)
            n = len(x) if slips.get("sum") else 1
            lr, steps = a.get("lr", fit.__defaults__[-2]), a.get("steps", fit.__defaults__[-1])
            if slips.get("ignore"):
                lr, steps = fit.__defaults__[-2], fit.__defaults__[-1]
            g = lambda w, b: tuple(
                n * v for v in grad(w, b, x, y, *[a[k] for k in args if k not in ("lr", "steps")])
            )
            return _descend(
                g, steps + slips.get("extra", 0), lr, slips.get("sign", -1.0), slips.get("seq", False)
            )

        return fn

    steps_hint = "make exactly `steps` updates"
    return [
        Mistake(M.OFF_BY_ONE, loop(extra=-1), {"w": steps_hint, "b": steps_hint}),
        Mistake(M.OFF_BY_ONE, loop(extra=1), {"w": steps_hint, "b": steps_hint}),
        Mistake(
            M.SEQUENTIAL,
            loop(seq=True),
            {
                "w": "compute both partials at the old (w, b), then update both",
                "b": "compute both partials at the old (w, b), then update both",
            },
        ),
        Mistake(
            M.ASCENT,
            loop(sign=1.0),
            {"w": "descend: step against the gradient", "b": "descend: step against the gradient"},
        ),
        Mistake(
            M.MEAN,
            loop(sum=True),
            {"w": "J is a mean: so are its partials", "b": "J is a mean: so are its partials"},
        ),
        Mistake(
            M.IGNORED_ARGS,
            loop(ignore=True),
            {
                "w": "use the lr and steps you are given, not fixed numbers",
                "b": "use the lr and steps you are given",
            },
        ),
    ]


_GRAD_FORBIDDEN = [
    "-2*np.mean(x*(y-(w*x+b)))+2*lam*w",
    "−2·mean(x(y−(wx+b)))+2λw",
    "2*lam*w",
    "2λw",
    "-2*np.mean(x*r)+2*lam*w",
    "w-lr*dw",
    "w−lr·∂j/∂w",
]
_REG_HINT = "J has two terms: the penalty lam·w² has a partial too"

FIT_RIDGE = Spec(
    name="fit_ridge",
    signature="fit_ridge(x, y, lam, lr=0.1, steps=500)",
    parts=("w", "b"),
    layout="tuple",
    reference=fit_ridge,
    public=_ridge_public,
    hidden=_ridge_hidden,
    mistakes=(
        *_fit_mistakes(fit_ridge, _ridge_grad, ("lam", "lr", "steps")),
        Mistake(
            L.NO_REG,
            lambda x, y, lam, lr=0.1, steps=500: fit_ridge(x, y, 0.0, lr, steps),
            {"w": _REG_HINT, "b": _REG_HINT},
        ),
        Mistake(
            L.REG_BIAS,
            lambda x, y, lam, lr=0.1, steps=500: _descend(
                lambda w, b: (
                    _ridge_grad(w, b, np.asarray(x, float), np.asarray(y, float), lam)[0],
                    _ridge_grad(w, b, np.asarray(x, float), np.asarray(y, float), lam)[1] + 2 * lam * b,
                ),
                steps,
                lr,
            ),
            {"w": "the penalty holds w only", "b": "the penalty holds w only: for b it is a constant"},
        ),
    ),
    hints={
        M.DIVERGED: "a step that grows without end: check the sign of each partial"
        " and that J's partials are means"
    },
    forbidden={"w": _GRAD_FORBIDDEN, "b": ["-2*np.mean(y-(w*x+b))", "−2·mean(y−(wx+b))", "b-lr*db"]},
)


def _logistic_public():
    x = np.array([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])
    return [
        _data_case(x, np.array([0.0, 0.0, 1.0, 0.0, 1.0, 1.0])),
        _data_case(x[1:5], np.array([0.0, 1.0, 0.0, 1.0]), lr=0.1, steps=2),
    ]


_LOGISTIC_RUNS = [
    {},
    {"lr": 0.2, "steps": 1},
    {"lr": 0.5, "steps": 7},
    {"lr": 1.0, "steps": 40},
    {"steps": 3},
    {"lr": 0.3, "steps": 150},
    {},
    {"lr": 0.8, "steps": 2},
    {"lr": 0.5, "steps": 25},
    {"steps": 60},
]


def _logistic_hidden(rng):
    return [_data_case(*_classes(rng, int(rng.integers(6, 20))), **run) for run in _LOGISTIC_RUNS]


def _mse_on_sigmoid(w, b, x, y):
    s = 1 / (1 + np.exp(-(w * x + b)))
    return np.mean((s - y) * s * (1 - s) * x), np.mean((s - y) * s * (1 - s))


FIT_LOGISTIC = Spec(
    name="fit_logistic",
    signature="fit_logistic(x, y, lr=0.5, steps=300)",
    parts=("w", "b"),
    layout="tuple",
    reference=fit_logistic,
    public=_logistic_public,
    hidden=_logistic_hidden,
    mistakes=(
        *_fit_mistakes(fit_logistic, _logistic_grad, ("lr", "steps")),
        Mistake(
            L.SIGMA_PRIME,
            lambda x, y, lr=0.5, steps=300: _descend(
                lambda w, b: _mse_on_sigmoid(w, b, np.asarray(x, float), np.asarray(y, float)), steps, lr
            ),
            {
                "w": "the chain rule through ln σ(z): the σ′ from the inside cancels"
                " against the log's derivative",
                "b": "the chain rule through ln σ(z): the σ′ from the inside cancels",
            },
        ),
    ),
    forbidden={
        "w": ["np.mean((p-y)*x)", "mean((σ-y)x)", "np.mean((s-y)*x)", "w-lr*dw"],
        "b": ["np.mean(p-y)", "mean(σ-y)", "np.mean(s-y)", "b-lr*db"],
    },
)


_MOMENTUM_RUNS = [
    {},
    {"lr": 0.05, "beta": 0.5, "steps": 1},
    {"beta": 0.8, "steps": 2},
    {"lr": 0.02, "steps": 40},
    {"steps": 5},
    {"lr": 0.1, "beta": 0.7, "steps": 30},
    {},
    {"beta": 0.95, "steps": 100},
    {"lr": 0.03, "steps": 12},
    {"beta": 0.0, "steps": 20},
]


def _momentum_public():
    return [
        _data_case(_X4 / 2, 2 * _X4 / 2 + 1, 0.1),
        _data_case(_X4 - 1.5, np.array([-2.0, 0.5, 1.0, 2.5]), 0.5, lr=0.08, beta=0.5, steps=3),
    ]


def _momentum_hidden(rng):
    return [
        _data_case(*_line(rng, int(rng.integers(5, 15))), float(np.round(rng.uniform(0.05, 1), 3)), **run)
        for run in _MOMENTUM_RUNS
    ]


def _momentum_slip(**slips):
    def fn(x, y, lam, lr=0.05, beta=0.9, steps=200):
        x, y = np.asarray(x, float), np.asarray(y, float)
        if slips.get("ignore"):
            lr, beta, steps = 0.05, 0.9, 200
        lam = 0.0 if slips.get("no_reg") else lam
        return _momentum(
            lambda w, b: _ridge_grad(w, b, x, y, lam),
            steps + slips.get("extra", 0),
            lr,
            0.0 if slips.get("no_beta") else beta,
            slips.get("ema", False),
            slips.get("old", False),
        )

    return fn


_VELOCITY = "update the velocity first, then move the parameters with the new velocity"

MOMENTUM_RIDGE = Spec(
    name="momentum_ridge",
    signature="momentum_ridge(x, y, lam, lr=0.05, beta=0.9, steps=200)",
    parts=("w", "b"),
    layout="tuple",
    reference=momentum_ridge,
    public=_momentum_public,
    hidden=_momentum_hidden,
    mistakes=(
        Mistake(
            L.MOMENTUM_EMA,
            _momentum_slip(ema=True),
            {"w": "this task's convention adds the whole gradient to βv", "b": "use the task's convention"},
        ),
        Mistake(
            L.NO_MOMENTUM,
            _momentum_slip(no_beta=True),
            {"w": "keep a velocity from step to step: β weights the previous one", "b": "keep a velocity"},
        ),
        Mistake(L.OLD_VELOCITY, _momentum_slip(old=True), {"w": _VELOCITY, "b": _VELOCITY}),
        Mistake(
            M.OFF_BY_ONE,
            _momentum_slip(extra=-1),
            {"w": "make exactly `steps` updates", "b": "make exactly `steps` updates"},
        ),
        Mistake(
            M.OFF_BY_ONE,
            _momentum_slip(extra=1),
            {"w": "make exactly `steps` updates", "b": "make exactly `steps` updates"},
        ),
        Mistake(L.NO_REG, _momentum_slip(no_reg=True), {"w": _REG_HINT, "b": _REG_HINT}),
        Mistake(
            M.IGNORED_ARGS,
            _momentum_slip(ignore=True),
            {
                "w": "use the lr, beta and steps you are given",
                "b": "use the lr, beta and steps you are given",
            },
        ),
    ),
    hints={
        M.DIVERGED: "a step that grows without end: check the sign of each partial and the velocity update"
    },
    forbidden={"w": _GRAD_FORBIDDEN, "b": ["-2*np.mean(y-(w*x+b))", "−2·mean(y−(wx+b))"]},
)

SPECS = [FIT_RIDGE, FIT_LOGISTIC, MOMENTUM_RIDGE]
