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


# --- growth with the notice's size -------------------------------------------------

_HEAD = (ROOT / "examples" / "629-TB-HU.txt").read_text(encoding="utf-8")
_TASKS = (
    "Ban Tuyên giáo Huyện ủy, cộng tác viên dư luận xã hội rà soát những mặt còn hạn "
    "chế, xác định nhiệm vụ và giải pháp trước ngày 30/11/2023.",
    "Thực hiện nghiêm quy chế hoạt động của cộng tác viên dư luận xã hội; tiếp tục "
    "nắm bắt, tổng hợp kịp thời các vấn đề được dư luận quan tâm.",
    "Các cấp ủy đảng, chính quyền tăng cường lãnh đạo, chỉ đạo công tác dư luận xã "
    "hội ở địa phương, coi đây là nhiệm vụ thường xuyên.",
    "Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Văn phòng Huyện ủy hoàn thành "
    "việc cấp thẻ cho cộng tác viên vào tháng 10 năm 2023.",
)
_WRAPPED = (
    "phối hợp với các cơ quan liên quan tiếp tục rà soát, tổng hợp kịp thời các vấn đề "
    "được dư luận quan tâm và"
)


def _notice(body: str) -> str:
    head, rest = _HEAD.split("1. Ban Tuyên giáo", 1)
    return head + body + "\n\n" + rest[rest.index("Thừa lệnh") :]


def _items(n: int) -> str:
    return "\n\n".join(f"{i + 1}. {_TASKS[i % len(_TASKS)]}" for i in range(n))


def _long_item(n: int) -> str:
    lines = "\n".join(_WRAPPED for _ in range(n))
    return f"1. Ban Tuyên giáo Huyện ủy {lines} hoàn thành trước ngày 30/11/2023."


@dataclass
class GrowthFigures:
    small: int
    large: int
    items_ratio: float  # parse time of `large` items / of `small` items
    long_item_ratio: float  # the same for one item of that many lines

    @property
    def linear(self) -> float:
        return self.large / self.small


def _best_time(text: str, calendar: WorkCalendar, rounds: int) -> float:
    parse_notice(text, calendar=calendar)
    best = float("inf")
    for _ in range(rounds):
        # CPU time of this process: other work on a shared machine does not count.
        t = time.process_time()
        parse_notice(text, calendar=calendar)
        best = min(best, time.process_time() - t)
    return best


def measure_growth(
    calendar: WorkCalendar, small: int = 80, large: int = 1600
) -> GrowthFigures:
    """How parse time grows from a notice of ``small`` items (or lines) to ``large``."""
    ratios = []
    for make in (_items, _long_item):
        a = _best_time(_notice(make(small)), calendar, 7)
        b = _best_time(_notice(make(large)), calendar, 3)
        ratios.append(b / a)
    return GrowthFigures(small, large, ratios[0], ratios[1])
