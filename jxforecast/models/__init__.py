"""Models: a small statsmodels family behind one interface, its backtest, blend and calibration.

>>> fitted = make_model("ets").fit(y)                 # y: annual pandas Series
>>> paths = fitted.simulate(horizon=3, n_paths=10_000, seed=0)   # (10000, 3)
>>> bt = backtest(y)                                  # rolling origin, one year ahead
>>> paths = calibrate(blend_simulate(fits, bt.weights, 3, 10_000, 0), bt.calibration.factor)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jxforecast._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
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
    from jxforecast.models.gaps import (
        Combination,
        GapModel,
        GapModelSet,
        fit_gap_model,
        load_gap_models,
        pairs_from_panel,
    )
    from jxforecast.typing import ModelName

# every name is imported on first use: a page that reads saved assessments needs neither
# statsmodels nor the backtest
_LAZY = {
    "BacktestResult": "jxforecast.models.backtest",
    "backtest": "jxforecast.models.backtest",
    "blend_forecasts": "jxforecast.models.backtest",
    "metrics_table": "jxforecast.models.backtest",
    "FittedModel": "jxforecast.models.base",
    "prepare": "jxforecast.models.base",
    "prepare_series": "jxforecast.models.base",
    "blend_simulate": "jxforecast.models.blend",
    "blend_weights": "jxforecast.models.blend",
    "Calibration": "jxforecast.models.calibration",
    "GapDistribution": "jxforecast.models.calibration",
    "calibrate": "jxforecast.models.calibration",
    "calibration_from_pit": "jxforecast.models.calibration",
    "gap_distribution": "jxforecast.models.calibration",
    "spread_factor": "jxforecast.models.calibration",
    "DEFAULT_MODELS": "jxforecast.models.family",
    "MODEL_NAMES": "jxforecast.models.family",
    "Fitted": "jxforecast.models.family",
    "Model": "jxforecast.models.family",
    "make_model": "jxforecast.models.family",
    "Combination": "jxforecast.models.gaps",
    "GapModel": "jxforecast.models.gaps",
    "GapModelSet": "jxforecast.models.gaps",
    "fit_gap_model": "jxforecast.models.gaps",
    "load_gap_models": "jxforecast.models.gaps",
    "pairs_from_panel": "jxforecast.models.gaps",
    "ModelName": "jxforecast.typing",
}


if not TYPE_CHECKING:  # mypy checks every imported name against the imports above
    __getattr__ = lazy_exports(__name__, _LAZY)


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
