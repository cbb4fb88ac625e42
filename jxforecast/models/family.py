"""The model family behind one interface: ``make_model(name).fit(y).simulate(horizon, n_paths, seed)``.

========== ============================================================== ==================
name       model                                                          module
========== ============================================================== ==================
mean       historical mean, Student-t errors                               `benchmarks`
naive      last value, random-walk errors                                  `benchmarks`
rw_drift   random walk with empirically-Bayes shrunk drift                 `benchmarks`
arima      SARIMAX grid chosen by AICc                                     `statespace`
ets        ETSModel, additive damped trend (no trend below 10 points)      `smoothing`
llt        UnobservedComponents local linear trend                         `statespace`
theta      ThetaModel                                                      `smoothing`
========== ============================================================== ==================

Input rules (gaps, minimum length) and the guards on simulated paths are in
`jxforecast.models.base`.  The ``mean`` model stands in when the series is
constant, or when a statsmodels fit raises or gives a non-finite forecast or
trial simulation: the fitted object then has ``name = "mean"``,
``requested`` = the name asked for, ``fallback = True``, ``spec = "mean
(fallback for <name>)"`` and a sentence in ``warnings``.

Fit memo
--------
A fit depends only on the model and the series (values, years, name), so
``Model.fit(y, memo=True)`` keeps the last ``FIT_MEMO_SIZE`` fits per process
and hands out copies of them (``y`` a Series with a ``PeriodIndex`` or a
``RangeIndex``; other input is fitted afresh).  Fits are also kept on disk
(the statsmodels ones; `jxforecast._diskcache`, keyed by the model, the series,
the package's code and data and the versions of numpy, scipy and statsmodels; ``DISK_MEMO``
False or ``JXFORECAST_CACHE=off`` turns it off): a new process, e.g. the next
``jxforecast check``, reads the fits of a series it has seen (about 1 ms each
against 5–50 ms to fit) and gives the same numbers.  The rolling-origin backtest
(`jxforecast.models.backtest`) of a series as of year ``Y + 1`` refits what the
backtest and the final fit as of ``Y`` fitted, save the newest origin: a panel
that assesses a region year after year fits each model once per year instead
of 13 times.  Copies share the statsmodels results (only read) and get their
own ``warnings`` list as it was right after the fit.  An entry holds 5–200 kB
(statsmodels state-space results are the large ones), a full memo about 60 MB;
`clear_fit_memo` empties it.
"""

from __future__ import annotations

import copy
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import TypeGuard, get_args

import numpy as np
import pandas as pd

from jxforecast._diskcache import load_entry, store_entry
from jxforecast.caveats import FallbackWarning, caveat
from jxforecast.errors import ParameterError
from jxforecast.i18n import N_
from jxforecast.models.base import FittedModel, prepare_series, quiet
from jxforecast.models.benchmarks import DriftFit, MeanFit, NaiveFit
from jxforecast.models.smoothing import fit_ets, fit_theta
from jxforecast.models.statespace import fit_arima, fit_llt
from jxforecast.typing import ModelName

MODEL_NAMES: tuple[str, ...] = get_args(ModelName)
DEFAULT_MODELS: tuple[str, ...] = MODEL_NAMES
Fitted = FittedModel  # older name, kept for callers written against it

_FITTERS: dict[str, Callable[[str, pd.Series, list[str]], FittedModel]] = {
    "mean": lambda name, y, notes: MeanFit(name, y, warnings=notes),
    "naive": NaiveFit,
    "rw_drift": DriftFit,
    "arima": fit_arima,
    "ets": fit_ets,
    "llt": fit_llt,
    "theta": fit_theta,
}
_STATSMODELS = {"arima", "ets", "llt", "theta"}


class Model:
    """An unfitted model of the family.

    Parameters
    ----------
    name
        One of `MODEL_NAMES`.
    """

    def __init__(self, name: ModelName) -> None:
        if name not in MODEL_NAMES:
            raise ParameterError(f"Unknown model '{name}'; choose one of {', '.join(MODEL_NAMES)}.")
        self.name: str = name

    def __repr__(self) -> str:
        """The constructor call that makes the model."""
        return f"Model({self.name!r})"

    def fit(self, y: pd.Series | np.ndarray | Sequence[float], *, memo: bool = False) -> FittedModel:
        """Fit the model to an annual series.

        Parameters
        ----------
        y
            Annual series (see `jxforecast.models.base.prepare_series` for gaps and index rules).
        memo
            Go through the per-process fit memo ("Fit memo" in the module docstring):
            the same model and series give the same fit, fitted once.

        Returns
        -------
        FittedModel
            With ``simulate``, ``forecast``, ``n_obs``, ``name``, ``spec`` and ``warnings``.

        Raises
        ------
        ModelError
            If the series is unusable (fewer than 5 points, non-finite, constant).
        """
        if memo:
            return _fit_through_memo(self, y)
        series, notes = prepare_series(y)
        if np.ptp(series.to_numpy()) == 0:
            return self._fallback(series, notes, N_("the series is constant"))
        if self.name not in _STATSMODELS:
            return _FITTERS[self.name](self.name, series, notes)
        try:
            with quiet():
                fitted = _FITTERS[self.name](self.name, series, list(notes))
                _check(fitted)
            return fitted
        except Exception as exc:  # statsmodels raises many types on degenerate data
            reason = f"the fit failed ({type(exc).__name__}: {exc}".strip().rstrip(".")[:120] + ")"
            return self._fallback(series, notes, reason)

    def _fallback(self, series: pd.Series, notes: list[str], reason: str) -> FittedModel:
        fitted = MeanFit("mean", series, spec=f"mean (fallback for {self.name})", warnings=notes)
        fitted.requested, fitted.fallback = self.name, True
        fitted.warnings.append(caveat(FallbackWarning, "{model}: {reason}; the historical mean stands in.",
                                      model=self.name, reason=reason))
        return fitted


# Last FIT_MEMO_SIZE fits, by (model, series): see "Fit memo" in the module docstring.
FIT_MEMO_SIZE = 1024
DISK_MEMO = True
"""Keep fits on disk too (`jxforecast._diskcache`), for the next process."""
_FIT_MEMO: OrderedDict[tuple[Hashable, ...], FittedModel] = OrderedDict()
_FIT_MEMO_LOCK = threading.Lock()


def series_key(y: pd.Series) -> tuple[Hashable, ...] | None:
    """What a fit of ``y`` depends on, as a hashable key; None when ``y`` cannot be keyed cheaply."""
    index = y.index
    if isinstance(index, pd.PeriodIndex):
        where: tuple[Hashable, ...] = ("period", index.freqstr, index.asi8.tobytes())
    elif isinstance(index, pd.RangeIndex):
        where = ("range", index.start, index.stop, index.step)
    else:
        return None
    try:
        values = y.to_numpy(dtype=float)
    except (TypeError, ValueError):
        return None  # non-numeric: the fit itself says why
    return type(y.name).__name__, str(y.name), where, values.tobytes()


def _private_copy(fitted: FittedModel) -> FittedModel:
    """A shallow copy of ``fitted`` with its own ``warnings`` list (simulating appends to it)."""
    out = copy.copy(fitted)
    out.warnings = list(fitted.warnings)
    return out


def _fit_through_memo(model: Model, y: pd.Series | np.ndarray | Sequence[float]) -> FittedModel:
    """``model.fit(y)`` answered from the fit memo when it can be; a private copy either way."""
    key = series_key(y) if isinstance(y, pd.Series) else None
    if key is None:
        return model.fit(y)
    key = (model.name, *key)
    with _FIT_MEMO_LOCK:
        stored = _FIT_MEMO.get(key)
        if stored is not None:
            _FIT_MEMO.move_to_end(key)
    if stored is not None:
        return _private_copy(stored)
    disk = DISK_MEMO and model.name in _STATSMODELS  # the benchmarks fit faster than a file is read
    disk_key = pickle.dumps(key, protocol=4) if disk else b""
    found = load_entry("fits", disk_key) if disk else None
    if isinstance(found, FittedModel):
        fitted = found
    else:
        fitted = model.fit(y)
        if disk:
            store_entry("fits", disk_key, fitted)
    with _FIT_MEMO_LOCK:
        _FIT_MEMO[key] = _private_copy(fitted)
        while len(_FIT_MEMO) > FIT_MEMO_SIZE:
            _FIT_MEMO.popitem(last=False)
    return fitted


def clear_fit_memo() -> None:
    """Empty the per-process fit memo."""
    with _FIT_MEMO_LOCK:
        _FIT_MEMO.clear()


def _check(fitted: FittedModel) -> None:
    """Raise if the fit gives non-finite forecasts or paths (the caller falls back)."""
    point = fitted._point(2)
    paths = fitted._raw_paths(2, 16, np.random.Generator(np.random.PCG64(0)))
    if not (np.isfinite(point).all() and np.isfinite(paths).all()):
        raise ValueError("non-finite forecast")


def is_model_name(name: str) -> TypeGuard[ModelName]:
    """Whether ``name`` is one of `MODEL_NAMES` (a `ModelName` for the type checker)."""
    return name in MODEL_NAMES


def make_model(name: ModelName) -> Model:
    """The model ``name`` of the family, unfitted.

    Parameters
    ----------
    name
        ``"mean"``, ``"naive"``, ``"rw_drift"``, ``"arima"``, ``"ets"``, ``"llt"`` or ``"theta"``.

    Returns
    -------
    Model
        Call ``.fit(y)`` to get a `FittedModel`.

    Raises
    ------
    ParameterError
        For an unknown name.
    """
    return Model(name)
