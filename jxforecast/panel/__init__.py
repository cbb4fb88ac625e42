"""The evidence the models learn from, assembled from the data and the targets.

`jxforecast.models` fits and simulates from the frames it is handed; this layer builds
those frames from the embedded observations and the target catalogue:

- `pairs`: target–outcome pairs of the embedded regions (China, Zhejiang, Jiaxing ...);
- `nowcast`: the region-years with year-to-date and annual growth the nowcast learns from.
"""

from jxforecast.panel.nowcast import nowcast_histories, nowcast_history
from jxforecast.panel.pairs import project_pairs

__all__ = ["nowcast_histories", "nowcast_history", "project_pairs"]
