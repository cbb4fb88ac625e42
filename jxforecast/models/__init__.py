"""Models: the statsmodels family, rolling-origin backtest, blending and calibration."""

from jxforecast.models.backtest import BacktestResult, backtest, blend_simulate, blend_weights
from jxforecast.models.calibration import Calibration, GapDistribution, calibrate, calibration_from_pit, gap_distribution
from jxforecast.models.family import DEFAULT_MODELS, MODEL_NAMES, Fitted, Model, make_model, prepare

__all__ = [
    "DEFAULT_MODELS", "MODEL_NAMES", "BacktestResult", "Calibration", "Fitted", "GapDistribution", "Model",
    "backtest", "blend_simulate", "blend_weights", "calibrate", "calibration_from_pit", "gap_distribution",
    "make_model", "prepare",
]
