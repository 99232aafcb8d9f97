"""Misconception labels of particular problems (the generic ones are in ``mistakes``).

Only labels: the instructor's specs pair them with typical wrong answers, and the answer keys carry
them to the self-check and the grader.
"""

__all__ = [
    "PRODUCT",
    "OUTER",
    "SIGMA_PRIME",
    "Y_AS_ONE",
    "SYMMETRIC",
    "ONE_TERM",
    "NO_REG",
    "REG_FACTOR",
    "REG_BIAS",
    "HALF",
    "MOMENTUM_EMA",
    "NO_MOMENTUM",
    "OLD_VELOCITY",
    "WRONG_AXIS",
    "NO_SOFTMAX",
    "ACTIVATION",
    "TANH_PRIME",
    "TANH_AT_Z",
    "ACT_PRIME",
    "ONE_HOT",
    "CONSTANT_POWER",
    "LABELS",
]

PRODUCT = "product rule: one of its two terms is missing"
OUTER = "chain rule: outer derivative missing"
SIGMA_PRIME = "an extra σ′ factor (the log in the loss cancels it)"
Y_AS_ONE = "the term for the label y = 0 was dropped"
SYMMETRIC = "A treated as symmetric"
ONE_TERM = "x appears twice in xᵀAx: one of its two terms is missing"
NO_REG = "the regulariser's partial is missing"
REG_FACTOR = "power rule on the regulariser: its factor is missing"
REG_BIAS = "the bias was regularised too"
HALF = "another loss convention (a ½ in front of the squared error)"
MOMENTUM_EMA = "another momentum convention (a (1 − β) factor on the gradient)"
NO_MOMENTUM = "momentum not used (β ignored)"
OLD_VELOCITY = "parameters moved with the previous velocity"
WRONG_AXIS = "softmax normalised over the wrong axis"
NO_SOFTMAX = "softmax missing"
ACTIVATION = "wrong hidden activation (not tanh)"
TANH_PRIME = "the derivative of tanh is missing in the backward pass"
TANH_AT_Z = "tanh′ taken at the wrong quantity"
ACT_PRIME = "the derivative of another activation was used"
ONE_HOT = "labels not turned into one-hot rows"
CONSTANT_POWER = "a constant lost its power on the way (s where the exponent has s²)"

LABELS = (
    PRODUCT,
    OUTER,
    SIGMA_PRIME,
    Y_AS_ONE,
    SYMMETRIC,
    ONE_TERM,
    NO_REG,
    REG_FACTOR,
    REG_BIAS,
    HALF,
    MOMENTUM_EMA,
    NO_MOMENTUM,
    OLD_VELOCITY,
    WRONG_AXIS,
    NO_SOFTMAX,
    ACTIVATION,
    TANH_PRIME,
    TANH_AT_Z,
    ACT_PRIME,
    ONE_HOT,
    CONSTANT_POWER,
)
