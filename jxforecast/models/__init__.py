"""Models: a small statsmodels family behind one interface, its backtest, blend and calibration.

>>> fitted = make_model("ets").fit(y)                 # y: annual pandas Series
>>> paths = fitted.simulate(horizon=3, n_paths=10_000, seed=0)   # (10000, 3)
>>> bt = backtest(y)                                  # rolling origin, one year ahead
>>> paths = calibrate(blend_simulate(fits, bt.weights, 3, 10_000, 0), bt.calibration.factor)
"""

from jxforecast.models.backtest import BacktestResult, backtest, blend_forecasts, metrics_table
from jxforecast.models.base import FittedModel, prepare, prepare_series
from jxforecast.models.blend import blend_simulate, blend_weights
from jxforecast.models.calibration import (
    Calibration,
    GapDistribution,
    calibrate,
    calibration_from_pit,
    gap_distribution,
    spread_factor,
)
from jxforecast.models.family import DEFAULT_MODELS, MODEL_NAMES, Fitted, Model, make_model
from jxforecast.models.gaps import Combination, GapModel, GapModelSet, fit_gap_model, load_gap_models, pairs_from_panel
from jxforecast.typing import ModelName

__all__ = [
    "DEFAULT_MODELS",
    "MODEL_NAMES",
    "BacktestResult",
    "Calibration",
    "Combination",
    "GapModel",
    "GapModelSet",
    "Fitted",
    "FittedModel",
    "GapDistribution",
    "Model",
    "ModelName",
    "backtest",
    "blend_forecasts",
    "blend_simulate",
    "blend_weights",
    "calibrate",
    "calibration_from_pit",
    "fit_gap_model",
    "load_gap_models",
    "pairs_from_panel",
    "gap_distribution",
    "make_model",
    "metrics_table",
    "prepare",
    "prepare_series",
    "spread_factor",
]
