"""Chapter 8's tape engine agrees with central differences and with HIPS autograd; wrong engines do not."""

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

from autograder.numerics import close
from course import autodiff as ad

LOOSE = 1e-6


def poly(x, y, z):
    """A polynomial with fan-out (x used three times) and a diamond through s."""
    s = x * y + z
    return s * s * x + 2 * x * z + (-1.5) * y


POINTS = [(2.0, 3.0, 0.5), (-1.2, 0.4, 1.1), (0.3, -0.7, -2.0)]


@pytest.mark.parametrize("point", POINTS)
def test_reverse_mode_matches_central_differences(point):
    assert close(ad.gradient(poly, point), ad.numerical_gradient(poly, point), rtol=LOOSE)


def test_book_examples_match_their_hand_derivatives():
    assert close(ad.gradient(ad.book_f, [2.0, 3.0]), [12.0, 7.0])
    assert close(ad.gradient(ad.book_loss, [0.5, 1.0]), [-4.0, -2.0])


def test_reverse_mode_matches_autograd():
    traced = grad(lambda p: poly(*p))
    assert close(ad.gradient(poly, POINTS[1]), traced(anp.array(POINTS[1])), rtol=1e-12)


def test_forward_mode_gives_the_same_partials_one_at_a_time():
    tape = ad.Tape()
    inputs = [tape.var(v) for v in POINTS[0]]
    out = poly(*inputs)
    tangents = [ad.forward_tangents(out, seed) for seed in inputs]
    assert close(tangents, ad.gradient(poly, POINTS[0]))


def test_negative_twin_assignment_instead_of_accumulation_fails_the_check():
    def overwriting_backward(out):
        out.grad = 1.0
        for node in reversed(out.tape.nodes):
            for parent, local in node.parents:
                parent.grad = local * node.grad

    tape = ad.Tape()
    inputs = [tape.var(v) for v in POINTS[0]]
    overwriting_backward(poly(*inputs))
    assert not close([v.grad for v in inputs], ad.numerical_gradient(poly, POINTS[0]), rtol=LOOSE)


def test_negative_twin_forward_walk_order_fails_the_check():
    tape = ad.Tape()
    inputs = [tape.var(v) for v in POINTS[0]]
    out = poly(*inputs)
    out.grad = 1.0
    for node in tape.nodes:  # creation order: gradients pushed before they are complete
        for parent, local in node.parents:
            parent.grad += local * node.grad
    assert not close([v.grad for v in inputs], ad.numerical_gradient(poly, POINTS[0]), rtol=LOOSE)


def test_a_second_backward_pushes_stale_gradients_and_zero_grad_resets():
    tape = ad.Tape()
    x, y = tape.var(2.0), tape.var(3.0)
    f = ad.book_f(x, y)
    ad.backward(f)
    ad.backward(f)
    assert (x.grad, y.grad) == (48.0, 21.0)  # inner nodes kept their first-pass gradients too
    ad.zero_grad(tape)
    ad.backward(f)
    assert (x.grad, y.grad) == (12.0, 7.0)


def test_reverse_mode_work_does_not_grow_with_the_number_of_parameters_per_pass():
    forward_work, reverse_work = ad.edge_work(ad.linear_loss(50, np.random.default_rng(1))[0], 50)
    assert forward_work == 50 * reverse_work and reverse_work == 4 * 50 + 4


def test_last_backward_step_holds_the_full_gradient():
    tape = ad.Tape()
    x, y = tape.var(2.0), tape.var(3.0)
    out = ad.book_f(x, y)
    node, grads = ad.backward_steps(out)[-1]
    assert node is tape.nodes[0] and grads[:2] == [12.0, 7.0]


def test_forward_steps_end_at_the_partial_of_their_seed():
    tape = ad.Tape()
    x, y = tape.var(2.0), tape.var(3.0)
    out = ad.book_f(x, y)
    assert ad.forward_steps(out, y)[-1][1][-1] == 7.0
