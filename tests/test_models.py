"""Models (notebooks 04 and 08) against the tensors they hold and hand computations."""

import numpy as np
import pytest
import torch
from torch import nn

from course_utils.models import LinearRegression, get_params, linear_model, mlp


def test_linear_regression_has_named_parameters_w_and_b_with_the_start_values():
    model = LinearRegression(w0=0.45, b0=-35.0)
    names = [name for name, _ in model.named_parameters()]
    assert names == ["w", "b"]
    assert all(isinstance(p, nn.Parameter) and p.shape == (1,) for p in model.parameters())
    assert model.w.item() == pytest.approx(0.45) and model.b.item() == -35.0


def test_linear_regression_forward_is_x_times_w_plus_b():
    model = LinearRegression(w0=2.5, b0=-1.0)
    x = torch.linspace(0, 10, 7).reshape(-1, 1)
    expected = 2.5 * x.numpy() - 1.0
    out = model(x)
    assert out.shape == (7, 1)
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=1e-6)


def test_linear_regression_random_start_comes_from_the_global_generator():
    torch.manual_seed(3)
    expected = torch.randn(1), torch.randn(1)
    torch.manual_seed(3)
    model = LinearRegression()
    assert torch.equal(model.w.detach(), expected[0]) and torch.equal(model.b.detach(), expected[1])


def test_linear_regression_refuses_1d_x_with_the_reshape_fix():
    with pytest.raises(ValueError, match=r"x has shape \(5,\).*x\.reshape\(-1, 1\)"):
        LinearRegression(1.0, 0.0)(torch.arange(5.0))


def test_linear_regression_refuses_more_than_one_feature():
    with pytest.raises(ValueError, match=r"one feature.*\(4, 2\).*nn\.Linear\(2, 1\)"):
        LinearRegression(1.0, 0.0)(torch.ones(4, 2))


def test_linear_model_is_nn_linear_1_1_with_fixed_start_values():
    model = linear_model(w0=0.45, b0=-35)
    assert isinstance(model, nn.Linear) and (model.in_features, model.out_features) == (1, 1)
    assert model.weight.item() == pytest.approx(0.45) and model.bias.item() == -35.0
    assert model.weight.requires_grad and model.weight.grad_fn is None  # still a leaf


def test_linear_model_without_start_values_keeps_pytorch_initialisation():
    torch.manual_seed(1)
    expected = nn.Linear(1, 1)
    torch.manual_seed(1)
    model = linear_model()
    assert torch.equal(model.weight, expected.weight) and torch.equal(model.bias, expected.bias)


def test_mlp_alternates_linear_and_relu_without_relu_at_the_end():
    model = mlp([13, 10, 10, 3])
    kinds = [type(m) for m in model]
    assert kinds == [nn.Linear, nn.ReLU, nn.Linear, nn.ReLU, nn.Linear]
    sizes = [(m.in_features, m.out_features) for m in model if isinstance(m, nn.Linear)]
    assert sizes == [(13, 10), (10, 10), (10, 3)]
    assert model(torch.randn(4, 13)).shape == (4, 3)


def test_mlp_forward_equals_the_hand_computed_layers():
    torch.manual_seed(0)
    model = mlp([3, 4, 2])
    x = torch.randn(5, 3)
    l1, l2 = model[0], model[2]
    h = np.maximum(x.numpy() @ l1.weight.detach().numpy().T + l1.bias.detach().numpy(), 0)
    expected = h @ l2.weight.detach().numpy().T + l2.bias.detach().numpy()
    np.testing.assert_allclose(model(x).detach().numpy(), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("sizes", [[13], [], [13, 0, 3], [13, -2], [13, 2.5], [True, 3]])
def test_mlp_rejects_bad_sizes_with_an_example(sizes):
    with pytest.raises(ValueError, match=r"at least two positive ints.*\[13, 10, 10, 3\]"):
        mlp(sizes)


def test_mlp_rejects_a_string():
    with pytest.raises(TypeError, match="list of layer sizes"):
        mlp("13,3")


@pytest.mark.parametrize(
    "model",
    [LinearRegression(0.7, -0.2), linear_model(0.7, -0.2), nn.Sequential(linear_model(0.7, -0.2))],
    ids=["LinearRegression", "nn.Linear", "Sequential"],
)
def test_get_params_gives_w_and_b_for_a_line(model):
    w, b = list(model.parameters())
    params = get_params(model)
    assert list(params) == ["w", "b"]
    assert params == {"w": w.item(), "b": b.item()}
    assert all(type(v) is float for v in params.values())


def test_get_params_lists_each_element_of_a_small_model_in_parameter_order():
    torch.manual_seed(0)
    model = nn.Linear(3, 2)
    expected = {f"weight[{i}]": v for i, v in enumerate(model.weight.detach().reshape(-1).tolist())}
    expected |= {f"bias[{i}]": v for i, v in enumerate(model.bias.tolist())}
    params = get_params(model)
    assert list(params) == list(expected) and params == expected


def test_get_params_of_a_line_with_two_outputs_is_not_mistaken_for_w_and_b():
    params = get_params(nn.Linear(2, 1))
    assert list(params) == ["weight[0]", "weight[1]", "bias[0]"]


def test_get_params_refuses_big_models():
    with pytest.raises(ValueError, match=r"small models.*173.*state_dict"):
        get_params(mlp([13, 10, 3]))  # 13*10 + 10 + 10*3 + 3 = 173 numbers


# ---- bad input found by tests/test_bad_input_sweep.py ----------------------------------------


@pytest.mark.parametrize(
    "make", [LinearRegression, linear_model], ids=["LinearRegression", "linear_model"]
)
def test_start_values_take_any_real_number_and_refuse_the_rest(make):
    model = make(np.float32(2.0), torch.tensor(-1.0))
    assert get_params(model) == {"w": 2.0, "b": -1.0}
    with pytest.raises(TypeError, match=r"^w0 must be a number, got str \('a'\)"):
        make("a", 0.0)
    with pytest.raises(TypeError, match=r"^b0 must be a number, got \[1.0, 2.0\]"):
        make(0.0, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"^w0 must be a finite number, got nan"):
        make(float("nan"), 0.0)


def test_linear_regression_converts_a_list_and_get_params_refuses_none():
    model = LinearRegression(2.0, 1.0)
    assert torch.equal(model([[0.0], [1.5]]), model(torch.tensor([[0.0], [1.5]])))
    with pytest.raises(TypeError, match=r"^model must be an nn\.Module"):
        get_params(None)
