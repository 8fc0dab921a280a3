"""Notice reader throughput on one core, against reading the file and splitting lines."""

import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from app.documents import read_notice_text
from domain.notices import parse_notice
from domain.workdays import WorkCalendar

ROOT = Path(__file__).resolve().parent.parent


def corpus() -> list[Path]:
    """The worked example, the project's annotated notices, and any extra folder of
    notices named in DIRECTIVES_SAMPLE_NOTICES."""
    files = [ROOT / "examples" / "629-TB-HU.txt"]
    files += sorted((ROOT / "tests" / "data" / "notices").glob("*.txt"))
    extra = os.environ.get("DIRECTIVES_SAMPLE_NOTICES")
    if extra:
        files += sorted(Path(extra).glob("*.txt"))
    return files


@dataclass
class ReaderFigures:
    notices: int
    per_second: float
    baseline_per_second: float
    slowest_ms: float
    slowest_name: str

    @property
    def ratio(self) -> float:
        return self.baseline_per_second / self.per_second


def _baseline(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _read(path: Path, calendar: WorkCalendar) -> int:
    return len(parse_notice(read_notice_text(path), calendar=calendar).directives)


def measure(calendar: WorkCalendar, rounds: int = 40) -> ReaderFigures:
    files = corpus()
    for path in files:  # warm the regex caches and the page cache
        _read(path, calendar)
    per_file: dict[Path, list[float]] = {p: [] for p in files}
    start = time.perf_counter()
    for _ in range(rounds):
        for path in files:
            t = time.perf_counter()
            _read(path, calendar)
            per_file[path].append(time.perf_counter() - t)
    reader_s = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(rounds):
        for path in files:
            _baseline(path)
    baseline_s = time.perf_counter() - start
    medians = {p: statistics.median(v) for p, v in per_file.items()}
    slowest = max(medians, key=lambda p: medians[p])
    total = rounds * len(files)
    return ReaderFigures(
        notices=len(files),
        per_second=total / reader_s,
        baseline_per_second=total / baseline_s,
        slowest_ms=medians[slowest] * 1000,
        slowest_name=slowest.name,
    )
