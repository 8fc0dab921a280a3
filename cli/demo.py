"""`make demo`: the worked example (notice 629-TB/HU) followed from registration to the
compliance report, told as a manager of the office would follow it.

A fresh SQLite database and file outbox under ``var/demo/``. The same use cases the
`directives` command and the Prefect flows run are called directly, so the demo needs no
Prefect server and answers in a few seconds; `directives serve` runs them on schedules.
Vietnamese by default, English with DIRECTIVES_LOCALE=en.
"""

import os
import shutil
import sys
import time
from collections import Counter
from email import message_from_bytes, policy
from pathlib import Path

from cli.common import show_day, tr
from cli.i18n import ROLE, STEP, Lang, word
from cli.tables import render_table

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "var" / "demo"
NOTICE = ROOT / "examples" / "629-TB-HU.txt"
REGISTRY = ROOT / "examples" / "vinh-bao-2023.toml"
#: Accounts of the demo database (demo only: the password is printed on purpose).
DEMO_ACCOUNTS = (
    ("vanphong@vinhbao.example.org", "van-phong-huyen-uy", "office"),
    ("tuyengiao@vinhbao.example.org", "btg-huyen-uy", "owner"),
)
DEMO_PASSWORD = "demo-vinh-bao-2023"
#: Who acts in the story: the accounts above, as the web shows who did what.
OFFICE, OWNER = (email for email, _, _ in DEMO_ACCOUNTS)
SIGNED = "2023-09-22T09:00:00+07:00"
#: The days on which the ladder fires for the work due on 31 Dec 2023, and why.
SWEEPS = [
    (
        "2023-12-22T09:00:00+07:00",
        (
            "một quý sau ngày ký: đề nghị báo cáo tiến độ các việc không có thời hạn",
            "a quarter after signing: progress requested on work without a deadline",
        ),
    ),
    (
        "2023-12-26T09:00:00+07:00",
        (
            "3 ngày làm việc trước hạn (hạn 31/12 rơi vào Chủ nhật, tính đến thứ Sáu 29/12)",
            "3 working days before the deadline (31 Dec is a Sunday: Friday 29 Dec counts)",
        ),
    ),
    (
        "2023-12-29T09:00:00+07:00",
        (
            "ngày làm việc cuối cùng trước hạn: thông báo đến hạn",
            "the last working day before the deadline: the due notice",
        ),
    ),
    (
        "2024-01-02T09:00:00+07:00",
        (
            "1 ngày làm việc sau hạn (1/1 là ngày nghỉ lễ): quá hạn, báo cấp trên của đơn vị",
            "1 working day late (1 Jan is a holiday): overdue, the owner's superior is told",
        ),
    ),
    (
        "2024-01-08T09:00:00+07:00",
        (
            "5 ngày làm việc sau hạn: báo cáo Thường trực Huyện ủy qua Văn phòng",
            "5 working days late: reported to the Standing Committee through its office",
        ),
    ),
]


def _language() -> Lang:
    return "en" if os.environ.get("DIRECTIVES_LOCALE", "vi").strip() == "en" else "vi"


def _say(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 76 - len(title)))


def _shown(path: Path) -> Path:
    """A path as the reader can type it: relative to the checkout when inside it."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def main(folder: Path = DEMO) -> None:
    """Tell the worked example; its database and outbox go to ``folder``."""
    started = time.perf_counter()
    folder = folder.resolve()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    database = f"sqlite:///{_shown(folder / 'directives.db')}"
    os.environ["DIRECTIVES_DATABASE_URL"] = f"sqlite:///{folder / 'directives.db'}"
    os.environ["DIRECTIVES_OUTBOX_DIR"] = str(folder / "outbox")
    os.environ.setdefault("DIRECTIVES_BASE_URL", "http://localhost:8000")
    for name in (
        "DIRECTIVES_SMTP_HOST",
        "DIRECTIVES_POLICY_FILE",
        "DIRECTIVES_CALENDAR_FILE",
    ):
        os.environ.pop(name, None)
    lang = _language()

    # imported after the environment is set: the settings are read when bootstrapping
    from app import actions, lookup
    from app.clock import parse_instant
    from app.delivery import deliver, limits_for
    from app.followup import sweep
    from app.ingest import ingest, prepare
    from app.orgs import init_database, load_registry, organizations
    from app.reports import compliance
    from app.wiring import Application

    runtime = Application.from_environment()
    ctx = runtime.context
    init_database(ctx.engine)
    created, _ = load_registry(ctx.engine, REGISTRY)
    names = {o.code: o.name for o in organizations(ctx.engine)}
    limits = limits_for(runtime.settings)

    def send(moment_text: str) -> int:
        return deliver(
            ctx, runtime.notifier, now=parse_instant(moment_text), limits=limits
        ).sent

    _say(tr("Danh mục đơn vị", "The registry of bodies"))
    print(
        tr(
            "{n} cơ quan, đơn vị của huyện Vĩnh Bảo (cấp trên, hộp thư, tên gọi tắt) "
            "được nạp từ {file}.",
            "{n} bodies of Vĩnh Bảo district (superiors, mailboxes, short names) "
            "loaded from {file}.",
            n=created,
            file=REGISTRY.name,
        )
    )

    _say(tr("Tiếp nhận Thông báo 629-TB/HU", "Registering notice 629-TB/HU"))
    prepared = [prepare(NOTICE, ctx)]
    (result,) = ingest(prepared, ctx, now=parse_instant(SIGNED), actor=OFFICE)
    mailed = send(SIGNED)
    rows = lookup.list_assignments(ctx)
    owners = {r.owner for r in rows if r.owner}
    print(
        tr(
            "Thông báo {number} ngày 22/09/2023 có {d} nội dung chỉ đạo; hệ thống lập "
            '{a} nhiệm vụ cho {o} đơn vị (nhóm như "Các cấp ủy đảng" được giao tới '
            "từng đơn vị thành viên) và gửi {m} thư giao việc.",
            "Notice {number} of 22 Sep 2023 holds {d} directives; they became {a} "
            'assignments for {o} bodies (groups such as "Các cấp ủy đảng" reach each '
            "member) and {m} assignment mails went out.",
            number=result.number,
            d=result.directives,
            a=result.assignments,
            o=len(owners),
            m=mailed,
        )
    )
    print()
    print(
        render_table(
            [
                tr("mục", "item"),
                tr("đơn vị thực hiện", "owner"),
                tr("vai trò", "role"),
                tr("thời hạn", "deadline"),
            ],
            [
                [
                    r.ref,
                    names.get(r.owner or "", r.owner_text),
                    word(ROLE, r.role, lang),
                    show_day(r.due_on, tr("thường xuyên", "ongoing")),
                ]
                for r in rows
            ],
            wrap=(1,),
            width=88,
        ),
        end="",
    )

    _say(tr("Theo dõi, đôn đốc", "Following up"))
    for when, (why_vi, why_en) in SWEEPS:
        moment = parse_instant(when)
        report = sweep(ctx, now=moment)
        sent = send(when)
        steps = ", ".join(
            f"{word(STEP, step, lang)} ×{count}"
            for step, count in sorted(report.by_step.items())
        ) or tr("không có việc đến hạn", "nothing due")
        print(f"{show_day(moment.date())}  {tr(why_vi, why_en)}")
        print(
            tr(
                "            {steps}; {sent} thư đã gửi",
                "            {steps}; {sent} mails sent",
                steps=steps,
                sent=sent,
            )
        )

    _say(tr("Báo cáo kết quả và nghiệm thu", "Reporting done and accepting"))
    item4 = next(r for r in rows if r.ref == "4" and r.owner == "btg-huyen-uy")
    actions.report_done(
        ctx,
        item4.id,
        note="Đã cấp thẻ cho cộng tác viên; báo cáo 9 tháng đã gửi.",
        document="45-BC/BTG",
        now=parse_instant("2024-01-10T10:00:00+07:00"),
        actor=OWNER,
    )
    send("2024-01-10T10:00:00+07:00")
    actions.accept(
        ctx,
        item4.id,
        now=parse_instant("2024-01-12T10:00:00+07:00"),
        actor=OFFICE,
    )
    send("2024-01-12T10:00:00+07:00")
    print(
        tr(
            "10/01/2024: {owner} báo cáo hoàn thành mục 4 (văn bản 45-BC/BTG); Văn "
            "phòng được báo.\n12/01/2024: Văn phòng nghiệm thu; mục 4 được tính hoàn "
            "thành từ ngày báo cáo 10/01/2024.",
            "10 Jan 2024: {owner} reports item 4 done (report 45-BC/BTG); the office "
            "is told.\n12 Jan 2024: the office accepts; item 4 counts as done on the "
            "day it was reported, 10 Jan 2024.",
            owner=names["btg-huyen-uy"],
        )
    )

    _say(tr("Thư đã gửi", "Mail sent"))
    outbox = Path(runtime.settings.outbox_dir)
    by_subject: dict[str, Counter[str]] = {}
    for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns):
        eml = message_from_bytes(path.read_bytes(), policy=policy.default)
        by_subject.setdefault(str(eml["Subject"]), Counter())[
            str(eml["To"]).split("@")[0]
        ] += 1
    print(
        render_table(
            [tr("tiêu đề", "subject"), tr("số thư", "mails")],
            [[subject, str(sum(c.values()))] for subject, c in by_subject.items()],
            wrap=(0,),
            width=88,
        ),
        end="",
    )
    print(
        tr(
            "Tổng cộng {n} thư; bản lưu từng thư ở {folder}.",
            "{n} mails in all; each one is kept in {folder}.",
            n=sum(sum(c.values()) for c in by_subject.values()),
            folder=_shown(outbox.resolve()),
        )
    )

    _say(
        tr("Báo cáo tình hình thực hiện đến 15/01/2024", "Compliance as of 15 Jan 2024")
    )
    for figures in compliance(
        ctx, as_of=parse_instant("2024-01-15T09:00:00+07:00").date()
    ):
        print(
            tr(
                "{issuer}: {n} nhiệm vụ",
                "{issuer}: {n} assignments",
                issuer=figures.issuer_name,
                n=figures.summary.overall.total,
            )
        )
        print(
            render_table(
                [tr("tình trạng", "status"), tr("số nhiệm vụ", "assignments")],
                [
                    [
                        status.label
                        if lang == "vi"
                        else status.value.replace("_", " "),
                        str(count),
                    ]
                    for status, count in figures.summary.overall.counts.items()
                    if count
                ],
                width=88,
            ),
            end="",
        )

    from app.users import add_user

    for email, org, role in DEMO_ACCOUNTS:
        add_user(ctx.engine, email, org=org, role=role, password=DEMO_PASSWORD)
    runtime.close()
    print(
        tr(
            "\nXong trong {s:.1f} giây. Xem tiếp: .venv/bin/directives assignments "
            "(cơ sở dữ liệu: DIRECTIVES_DATABASE_URL={database}).",
            "\nDone in {s:.1f} s. To look further: .venv/bin/directives assignments "
            "(database: DIRECTIVES_DATABASE_URL={database}).",
            s=time.perf_counter() - started,
            database=database,
        )
    )
    print(
        tr(
            "Mở trang theo dõi trên cơ sở dữ liệu này: make web-demo  (rồi vào "
            "http://127.0.0.1:8000/, đăng nhập {office} hoặc {owner}, mật khẩu "
            "{password}; Ctrl-C để dừng)",
            "Open this database in the browser: make web-demo  (then visit "
            "http://127.0.0.1:8000/ and sign in as {office} or {owner}, password "
            "{password}; Ctrl-C stops it)",
            office=DEMO_ACCOUNTS[0][0],
            owner=DEMO_ACCOUNTS[1][0],
            password=DEMO_PASSWORD,
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO)
