import numpy as np
import pytest

from workbench.forecast import models
from workbench.forecast.metrics import coverage, mase, msis, smape
from workbench.forecast.models import run_models
from workbench.forecast.transforms import make_transform

LINE = 3.0 + 2.0 * np.arange(12)  # exactly linear: slope 2
H = 4
STEPS = np.arange(1, H + 1)


def _final(name, z=LINE):
    return run_models(z, np.array([len(z)]), H, (name,))[name][0]


@pytest.mark.parametrize("name", ["drift", "arima", "loglinear"])
def test_trend_models_continue_an_exact_line(name):
    np.testing.assert_allclose(_final(name), LINE[-1] + 2.0 * STEPS, rtol=1e-9)


def test_naive_and_ses_are_flat_at_the_last_value_of_a_line():
    np.testing.assert_allclose(_final("naive"), np.full(H, LINE[-1]))
    # On a line the least-squares SES alpha is 1: the level is the last value.
    np.testing.assert_allclose(_final("ses"), np.full(H, LINE[-1]))


def test_theta_adds_half_the_slope_per_step():
    # Theta = SES (alpha 1 on a line) + b/2 * (h - 1 + 1/alpha - 0) = last + h * slope / 2.
    np.testing.assert_allclose(_final("theta"), LINE[-1] + 1.0 * STEPS, rtol=1e-9)


def test_damped_trend_lies_between_flat_and_linear():
    f = _final("damped")
    assert np.all(f > LINE[-1]) and np.all(f <= LINE[-1] + 2.0 * STEPS + 1e-9)


def test_backtest_origins_only_use_data_before_them():
    z = LINE.copy()
    origins = np.array([6, 8, 12])
    a = run_models(z, origins, H, ("combo",))["combo"]
    z2 = z.copy()
    z2[8:] += 100.0  # changing the future must not change forecasts from origins <= 8
    b = run_models(z2, origins, H, ("combo",))["combo"]
    np.testing.assert_allclose(a[:2], b[:2])
    assert not np.allclose(a[2], b[2])


def test_models_needing_more_data_give_nan():
    out = run_models(np.array([1.0, 2.0, 3.0]), np.array([3]), 2, ("arima", "theta"))
    assert np.isnan(out["arima"]).all()
    assert np.isfinite(out["theta"]).all()


def test_transforms_round_trip_and_respect_bounds():
    share = make_transform(np.array([10.0, 50.0, 99.0]), (0, 100))
    assert share.kind == "logit"
    np.testing.assert_allclose(
        share.inverse(share.forward(np.array([10.0, 50.0, 99.0]))), [10, 50, 99]
    )
    assert 0 < share.inverse(np.array([1e6]))[0] <= 100
    assert make_transform(np.array([1.0, 2.0]), None).kind == "log"
    assert make_transform(np.array([-1.0, 2.0]), None).kind == "identity"
    with pytest.raises(ValueError, match="outside bounds"):
        make_transform(np.array([120.0]), (0, 100))


def test_metrics_against_hand_computed_values():
    a, f = np.array([100.0, 200.0]), np.array([110.0, 180.0])
    # sMAPE = mean(200*10/210, 200*20/380)
    assert smape(a, f) == pytest.approx((2000 / 210 + 4000 / 380) / 2)
    insample = np.array([10.0, 20.0, 40.0])  # naive MAE = (10 + 20) / 2 = 15
    assert mase(a, f, insample) == pytest.approx(15 / 15)
    lo, hi = np.array([90.0, 210.0]), np.array([120.0, 230.0])
    assert coverage(a, lo, hi) == 0.5
    # widths 30 and 20; second misses by 10 below: 2/0.05*10 = 400
    assert msis(a, lo, hi, insample, 95) == pytest.approx((30 + 20 + 400) / 2 / 15)


def test_dotm_matches_a_hand_computed_forecast(monkeypatch):
    # One grid point: theta 2, alpha 0.5. On z = 1, 2, 4 the recursions give
    # level 2.6875, OLS intercept -2/3 and slope 1.5 at n = 3, so the h-step forecast is
    # 2.6875 + 0.5 * (0.5**3 * (-2/3) + ((1 - 0.5**4) / 0.5 + h - 1) * 1.5).
    monkeypatch.setattr(models, "_THETAS", np.array([2.0]))
    monkeypatch.setattr(models, "_DOTM_ALPHAS", np.array([0.5]))
    f = models.dotm(np.array([1.0, 2.0, 4.0]), np.array([3]), 2)[0]
    expected = 2.6875 + 0.5 * (0.125 * (-2 / 3) + (1.875 + np.array([0.0, 1.0])) * 1.5)
    np.testing.assert_allclose(f, expected, rtol=1e-12)


def test_dotm_with_theta_one_is_simple_exponential_smoothing(monkeypatch):
    z = np.array([5.0, 7.0, 6.0, 9.0, 8.0, 11.0, 10.0, 12.0])
    origins = np.array([5, 8])
    monkeypatch.setattr(models, "_THETAS", np.array([1.0]))
    monkeypatch.setattr(models, "_ALPHAS", models._DOTM_ALPHAS)
    np.testing.assert_allclose(models.dotm(z, origins, 3), models.ses(z, origins, 3))


def test_dotm_extrapolates_a_line_with_a_fitted_share_of_its_slope():
    f = _final("dotm")
    # theta in 1..5 keeps (1 - 1/theta) of the slope: between flat and the full line
    steps_up = np.diff(np.r_[LINE[-1], f])
    assert np.all(steps_up > 1.0) and np.all(steps_up <= 2.0 * 0.8 + 1e-9)


def test_stack_weights_are_smoothed_over_neighbouring_steps():
    from workbench.forecast.backtest import run_backtest, stack_weights

    rng = np.random.default_rng(3)
    tf = make_transform(np.array([1.0]), None)
    feats = ("naive", "drift", "theta")
    bts = [run_backtest(np.cumsum(rng.normal(0.05, 0.1, 20)), tf, 4, feats) for _ in range(30)]
    raw = stack_weights(bts, feats, 4, smooth=0)
    sm = stack_weights(bts, feats, 4, smooth=1)
    np.testing.assert_allclose(sm[0], raw[:2].mean(axis=0))
    np.testing.assert_allclose(sm[2], raw[1:4].mean(axis=0))
    np.testing.assert_allclose(sm[3], raw[2:4].mean(axis=0))
    assert np.all(raw >= 0)


def test_trend_strength_and_groups():
    from workbench.forecast.backtest import trend_group, trend_strength

    assert trend_strength(LINE) == pytest.approx(1.0)  # monotone
    assert trend_group(LINE) == 3
    # changes +2, -1, +2, -1: mean 0.5, mean absolute 1.5 -> 1/3 (second group)
    zig = np.array([0.0, 2.0, 1.0, 3.0, 2.0])
    assert trend_strength(zig) == pytest.approx(1 / 3)
    assert trend_group(zig) == 1
    assert trend_strength(np.array([4.0, 4.0, 4.0])) == 0.0
    assert trend_group(np.array([1.0, 2.0, 1.0, 2.0, 1.0])) == 0


def test_group_weights_shrink_toward_the_pooled_fit():
    from workbench.forecast import backtest as bt_mod

    rng = np.random.default_rng(5)
    tf = make_transform(np.array([1.0]), None)
    feats = ("naive", "drift", "theta")
    up = [
        bt_mod.run_backtest(np.cumsum(rng.uniform(0.05, 0.2, 20)), tf, 3, feats) for _ in range(25)
    ]
    flat = [bt_mod.run_backtest(np.cumsum(rng.normal(0, 0.1, 20)), tf, 3, feats) for _ in range(5)]
    bts = up + flat
    groups = [3] * 25 + [0] * 5
    W = bt_mod.group_stack_weights(
        [bt_mod.stack_rows(b, feats, 3) for b in bts], groups, len(feats), 3
    )
    pooled = bt_mod.stack_weights(bts, feats, 3)
    own = bt_mod.stack_weights(up, feats, 3)
    g = bt_mod.GROUP_WEIGHT
    np.testing.assert_allclose(W[3], g * own + (1 - g) * pooled)
    # the 5 flat series are too few for their own fit (< MIN_GROUP_SERIES): pooled weights
    np.testing.assert_allclose(W[0], pooled)
    np.testing.assert_allclose(W[-1], pooled)


def test_batched_backtests_give_each_series_its_own_numbers_exactly():
    # Series of one length are backtested together (engine.backtest_many); each series
    # must get bit for bit what it gets alone, whatever else is in its batch, or the
    # local and Dask engines (different batches) would disagree.
    from workbench.forecast.backtest import run_backtest, run_backtests
    from workbench.forecast.engine import ALL_NAMES

    rng = np.random.default_rng(7)
    zs = [np.log(50 + np.cumsum(rng.gamma(2.0, s, 18))) for s in (0.5, 2.0, 8.0, 1.0)]
    tfs = [make_transform(np.exp(z), None) for z in zs]
    obs = [None, None, np.r_[np.ones(10, bool), False, np.ones(7, bool)], None]
    batch = run_backtests(zs, tfs, 4, ALL_NAMES, obs)
    for z, tf, o, bt in zip(zs, tfs, obs, batch, strict=True):
        alone = run_backtest(z, tf, 4, ALL_NAMES, o)
        for name in ALL_NAMES:
            np.testing.assert_array_equal(bt.inc[name], alone.inc[name])
        np.testing.assert_array_equal(bt.actual, alone.actual)
    # and a different batch mate changes nothing
    again = run_backtests([zs[0], zs[3]], [tfs[0], tfs[3]], 4, ALL_NAMES, [None, None])
    np.testing.assert_array_equal(again[0].inc["arima"], batch[0].inc["arima"])
    np.testing.assert_array_equal(again[1].inc["damped_raw"], batch[3].inc["damped_raw"])


def _lad_data(rng, m=400):
    """Rows with an all-zero and a duplicated column; y = X w_true, 10 % gross outliers."""
    X = rng.normal(size=(m, 5))
    X[:, 0] = 0.0  # like the naive increments: always zero
    X[:, 4] = X[:, 3]  # like a model on the transformed and raw scale of identity series
    w_true = np.array([0.0, 0.5, 0.0, 0.3, 0.0])
    y = X @ w_true
    y[::10] += 50.0
    return X, y, w_true


@pytest.mark.parametrize("chunk", [8192, 64])  # 64: blocks of 64 rows, the last of 16
def test_lad_on_the_qr_factor_finds_the_same_weights_as_on_the_rows(monkeypatch, chunk):
    from workbench.forecast import backtest as bt_mod
    from workbench.forecast.backtest import _lad_nnls

    monkeypatch.setattr(bt_mod, "QR_CHUNK", chunk)
    X, y, w_true = _lad_data(np.random.default_rng(3))
    rows, fact = _lad_nnls(X, y), _lad_nnls(X, y, qr=True)
    # LAD ignores the 10 % outliers: both recover w_true (the duplicated pair sums to 0.3)
    np.testing.assert_allclose(rows[1:3], [0.5, 0.0], atol=1e-3)
    assert rows[3] + rows[4] == pytest.approx(0.3, abs=1e-3)
    np.testing.assert_allclose(fact, rows, atol=1e-9)
    assert fact.min() >= 0.0


def test_stack_fits_use_the_qr_factor_only_above_the_row_threshold(monkeypatch):
    from workbench.forecast import backtest as bt_mod

    rng = np.random.default_rng(4)
    rows = []
    for n_rows in (30, 30, 10):  # step 0: 70 rows, step 1: 30 rows (one series only)
        X, y, _ = _lad_data(rng, n_rows)
        rows.append([(X, y), (X, y) if n_rows == 10 else (X[:0], y[:0])])
    seen = []
    real = bt_mod._lad_nnls

    def spy(X, y, qr=False):
        seen.append((len(y), qr))
        return real(X, y, qr=qr)

    monkeypatch.setattr(bt_mod, "_lad_nnls", spy)
    monkeypatch.setattr(bt_mod, "STACK_QR_ROWS", 50)
    W = bt_mod.fit_stack(rows, 2, 5, smooth=0)
    assert seen == [(70, True), (10, False)]
    np.testing.assert_array_equal(W[1], real(*rows[2][1]))  # below: the rows, to the bit
    np.testing.assert_allclose(
        W[0],
        real(np.vstack([r[0][0] for r in rows]), np.concatenate([r[0][1] for r in rows])),
        atol=1e-9,
    )
