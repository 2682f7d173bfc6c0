"""Everything in data/: key figures, their observations and tables (charts and goal plans are added by
their own readers)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from builder.base.problems import Problems
from builder.read.csv_data import Observation, load_observations
from builder.read.metrics import METRICS_FILE, Metric, load_metrics
from builder.read.tables import TABLES_FILE, Table, load_tables


@dataclass
class Data:
    metrics: dict[str, Metric] = field(default_factory=dict)
    observations: list[Observation] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict = field(default_factory=dict)  # id -> builder.read.charts.ChartDefinition
    plans: dict = field(default_factory=dict)  # year -> builder.read.goals.Plan
    files: dict[str, str] = field(default_factory=dict)  # key figure id -> the data file that holds its values



def load_data(data_dir: Path, problems: Problems, column_error: Callable[[str], tuple[str, str] | None],
              of_the_year: Callable[[str], bool] = lambda column: False) -> Data:
    """data/; `column_error` says why a table column as written cannot be shown (None when it can), and
    `of_the_year` whether it shows a figure of the whole year (once in a table of months)."""
    data = Data()
    metrics_file = data_dir / METRICS_FILE
    if not metrics_file.is_file():
        for orphan in sorted(data_dir.glob("*.csv")) if data_dir.is_dir() else []:
            problems.add(orphan, 0, f"det finns inga nyckeltal definierade för värdena i {orphan.name}",
                         f"skapa data/{METRICS_FILE} med nyckeltalen")
        return data
    data.metrics = load_metrics(metrics_file, problems)
    seen: dict[tuple, Observation] = {}  # across all files: the same value may stand only once
    for csv_file in sorted(data_dir.glob("*.csv")):
        data.observations += load_observations(csv_file, data.metrics, seen, problems)
    for observation in data.observations:
        data.files.setdefault(observation.metric, observation.path)
    tables_file = data_dir / TABLES_FILE
    if tables_file.is_file():
        data.tables = load_tables(tables_file, data.metrics, column_error, problems, of_the_year)
    return data
