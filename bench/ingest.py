"""Ingest through the flow: time per notice against parse-only, and a flow run's fixed cost.

The notices are variations of the worked example (other numbers, dates, owners and
deadlines) written to a temporary folder; the database is an SQLite file.
"""

import os
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWNERS = [
    "Ban Tuyên giáo Huyện ủy",
    "Văn phòng Huyện ủy",
    "Ủy ban nhân dân huyện",
    "Đảng ủy xã Tân Hưng",
    "Ủy ban nhân dân xã Nhân Hòa",
]
DEADLINES = ["vào tháng 10 năm 2023", "trước ngày 15/11/2023", "trong quý IV/2023"]


@dataclass
class IngestFigures:
    notices: int
    assignments: int
    parse_ms: float
    ingest_ms: float
    fixed_s: float
    register_ms: float = 0.0

    @property
    def ratio(self) -> float:
        return self.ingest_ms / self.parse_ms

    @property
    def register_ratio(self) -> float:
        """The use case (read, parse, resolve, write, ledger) against parsing alone."""
        return self.register_ms / self.parse_ms


def variations(folder: Path, count: int) -> list[Path]:
    template = (ROOT / "examples" / "629-TB-HU.txt").read_text(encoding="utf-8")
    paths = []
    for i in range(count):
        day = date(2023, 9, 22) + timedelta(days=i % 60)
        text = (
            template.replace("629-TB/HU", f"{1000 + i}-TB/HU")
            .replace(
                "ngày 22 tháng 9 năm 2023",
                f"ngày {day.day} tháng {day.month} năm {day.year}",
            )
            .replace("4. Ban Tuyên giáo Huyện ủy", f"4. {OWNERS[i % len(OWNERS)]}")
            .replace("vào tháng 10 năm 2023", DEADLINES[i % len(DEADLINES)])
        )
        path = folder / f"notice-{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def measure(count: int = 1000) -> IngestFigures:
    folder = Path(tempfile.mkdtemp(prefix="directives-bench-"))
    os.environ["DIRECTIVES_DATABASE_URL"] = f"sqlite:///{folder / 'bench.db'}"
    os.environ["DIRECTIVES_OUTBOX_DIR"] = str(folder / "outbox")
    os.environ.pop("DIRECTIVES_SMTP_HOST", None)
    from app.ingest import ingest_files, prepare
    from app.orgs import init_database, load_registry
    from app.settings import load_settings
    from app.wiring import context_for
    from flows.ingest_notice import ingest_notice

    ctx = context_for(load_settings())
    init_database(ctx.engine)
    load_registry(ctx.engine, ROOT / "examples" / "vinh-bao-2023.toml")
    paths = variations(folder, count + 2)
    warm, single, batch = paths[0], paths[1], paths[2:]

    start = time.perf_counter()
    for path in batch:
        prepare(path, ctx)
    parse_s = time.perf_counter() - start

    # the use case alone, as the CLI runs it, into a database of its own
    os.environ["DIRECTIVES_DATABASE_URL"] = f"sqlite:///{folder / 'register.db'}"
    direct = context_for(load_settings())
    init_database(direct.engine)
    load_registry(direct.engine, ROOT / "examples" / "vinh-bao-2023.toml")
    moment = datetime(2023, 9, 22, 2, 0, tzinfo=UTC)
    ingest_files([warm], direct, now=moment)
    start = time.perf_counter()
    ingest_files(batch, direct, now=moment)
    register_s = time.perf_counter() - start
    direct.engine.dispose()
    os.environ["DIRECTIVES_DATABASE_URL"] = f"sqlite:///{folder / 'bench.db'}"

    now = "2023-09-22T09:00:00+07:00"
    ingest_notice([str(warm)], now=now)  # starts Prefect's temporary API: not counted
    start = time.perf_counter()
    ingest_notice([str(single)], now=now)
    fixed_s = time.perf_counter() - start
    start = time.perf_counter()
    result = ingest_notice([str(p) for p in batch], now=now)
    batch_s = time.perf_counter() - start
    assignments = sum(n["assignments"] for n in result["notices"])
    return IngestFigures(
        notices=len(batch),
        assignments=assignments,
        parse_ms=parse_s / len(batch) * 1000,
        ingest_ms=(batch_s - fixed_s) / len(batch) * 1000,
        fixed_s=fixed_s,
        register_ms=register_s / len(batch) * 1000,
    )
