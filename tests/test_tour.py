"""``python -m skreg tour``: every family, one table, the figures on request."""

import numpy as np

from skreg.__main__ import main
from skreg._tour import CASES, HEADER, run_tour

FAMILIES = {
    "scaling",
    "lasso",
    "elastic_net",
    "ridge",
    "l0",
    "neural_network",
    "logistic",
}


def test_one_case_per_family():
    families = [case.family for case in CASES]
    assert sorted(families) == sorted(FAMILIES)  # each family exactly once


def test_tour_prints_every_family_and_writes_figures(tmp_path, capsys):
    assert main(["tour", "--out", str(tmp_path)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:3] == list(HEADER[:3])
    printed = {line.split()[0] for line in table[2:]}
    assert printed == FAMILIES
    figures = sorted(path.name for path in tmp_path.glob("*.png"))
    assert figures == [
        "enet_path_diabetes.png",
        "l0_path_diabetes.png",
        "lasso_path_diabetes.png",
        "logistic_path_breast_cancer.png",
        "mlp_learning_curve.png",
        "mlp_learning_curve_dropout_0.2.png",
        "ridge_path_diabetes.png",
    ]


def test_rows_hold_what_the_table_claims():
    rows = run_tour(families=["lasso", "l0"], print_fn=lambda text: None)
    assert [row.family for row in rows] == ["lasso", "l0"]
    for row in rows:
        assert 0.2 < row.test_score <= row.train_score < 1  # R^2 on diabetes
        assert row.seconds > 0
        k, p = map(int, row.nonzero.split("/"))
        assert p == 10 and 0 < k <= p
    l0 = rows[1]
    assert l0.best_param == f"n_nonzero_coefs={int(l0.nonzero.split('/')[0])}"
    assert np.isfinite(rows[0].test_score)


def test_without_out_no_figure_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run_tour(families=["ridge"], print_fn=lambda text: None)
    assert list(tmp_path.iterdir()) == []


def test_logistic_rows_trade_support_for_accuracy():
    rows = run_tour(families=["logistic"], print_fn=lambda text: None)
    chosen, *path = rows
    assert chosen.model == "StandardScaler + LogisticRegressionCV"
    assert chosen.test_score > 0.9  # accuracy on breast cancer
    supports = [int(row.nonzero.split("/")[0]) for row in path]
    Cs = [float(row.best_param.removeprefix("C=")) for row in path]
    assert Cs == sorted(Cs) and len(path) == 4
    # L1: few features at small C, more as C grows
    assert supports == sorted(supports) and supports[0] < supports[-1] <= 30
    assert 0 < supports[0] < 30
    assert all(0.5 < row.test_score <= 1 for row in path)
