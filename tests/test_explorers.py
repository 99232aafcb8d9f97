"""Every in-class explorer redraws without error at every end of every control (as a teacher drags it)."""

import ipywidgets as widgets
import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from course import autodiff, backprop, curvature, descent, gradcheck, slices, style  # noqa: E402


def _sine_explorer():
    X, y = backprop.sine_data()
    return backprop.weight_slice_explorer(backprop.init_params(1, 8), X, y)


def _line_loss_explorer():
    x, y = descent.line_data()
    return slices.loss_surface_explorer(slices.make_line_loss(x, y))


EXPLORERS = {
    "tangent": slices.tangent_explorer,
    "slice": slices.slice_explorer,
    "gradient": descent.gradient_explorer,
    "descent": descent.descent_explorer,
    "weight_slice": _sine_explorer,
    "step_size": gradcheck.step_size_explorer,
    "hessian": curvature.hessian_explorer,
    "taylor": curvature.taylor_explorer,
    "tape": autodiff.tape_explorer,
    "loss_surface": _line_loss_explorer,
    "tangent_plane": slices.tangent_plane_explorer,
    "network_graph": backprop.graph_explorer,
    "fork_graph": lambda: backprop.graph_explorer("fork"),
}


TEXT = (widgets.HTML, widgets.HTMLMath, widgets.Label)  # value widgets that show text, not controls


def controls(widget):
    """The value widgets inside ``widget`` that a teacher can drag or pick, depth first."""
    is_control = isinstance(widget, widgets.ValueWidget) and not isinstance(widget, TEXT)
    found = [widget] if is_control else []
    for child in getattr(widget, "children", ()):
        found += controls(child)
    return found


def settings(control):
    """The values to try, each a change from the one before: slider ends, then back; every option."""
    if hasattr(control, "options"):
        return [value for _, value in getattr(control, "_options_full", [])] or list(control.options)
    if hasattr(control, "min"):
        return [control.min, control.max, control.value]
    return [control.value]


def redraw(explorer):
    if isinstance(explorer, widgets.interactive):  # interactive logs errors instead of raising them
        explorer.f(**explorer.kwargs)


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_control_end_redraws(name):
    explorer = EXPLORERS[name]()
    assert controls(explorer), f"{name} has no controls"
    for control in controls(explorer):
        for value in settings(control):
            plt.close("all")
            control.value = value
            redraw(explorer)
            assert plt.get_fignums(), f"{name}: setting {control.description!r} to {value!r} drew nothing"


def alt_texts(widget):
    """The texts of the hidden picture descriptions (``course.style.described``) inside ``widget``."""
    found = [widget.value] if style.ALT_CLASS in getattr(widget, "_dom_classes", ()) else []
    for child in getattr(widget, "children", ()):
        found += alt_texts(child)
    return found


@pytest.mark.parametrize("name", EXPLORERS)
def test_explorer_says_what_its_picture_shows(name):
    texts = alt_texts(EXPLORERS[name]())
    assert len(texts) == 1 and len(texts[0]) > 40, f"{name}: no text alternative for its picture"


def test_an_undescribed_explorer_would_be_noticed():
    """Negative twin: an interactive without ``described`` has no text alternative."""
    assert alt_texts(widgets.interactive(lambda a: None, a=widgets.FloatSlider())) == []


def test_a_broken_explorer_would_be_noticed():
    """Negative twin: an interactive whose drawing fails raises through redraw()."""

    def draw(a):
        raise ValueError("broken")

    with pytest.raises(ValueError):
        redraw(widgets.interactive(draw, a=widgets.FloatSlider(min=0, max=1)))
