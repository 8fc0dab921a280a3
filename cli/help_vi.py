"""The Vietnamese of the commands' help texts, keyed by their English.

The commands are written with English docstrings and option help (the reference in
docs/cli.md is generated from them); `--help` shows this Vietnamese unless
DIRECTIVES_LOCALE=en. Imported only while a help page is written, so the commands'
start-up stays as light as before. A test walks every command and option and fails
when one has no entry here, or when an entry is no longer used.
"""

#: Words Click itself writes on a help page.
WORDS_VI: dict[str, str] = {
    "Usage: ": "Cách dùng: ",
    "Arguments": "Đối số",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "[OPTIONS]": "[TÙY CHỌN]",
    "COMMAND [ARGS]...": "LỆNH [ĐỐI SỐ]...",
    "default": "mặc định",
    "required": "bắt buộc",
    "env var": "biến môi trường",
}

#: English help text (as Click cleans it) → Vietnamese.
HELP_VI: dict[str, str] = {
    # directives
    "Turn directive notices into tracked work and follow it up until it is done.": (
        "Chuyển thông báo kết luận, chỉ đạo thành nhiệm vụ được theo dõi "
        "và đôn đốc đến khi hoàn thành."
    ),
    # shared options, Click's --help among them
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Print JSON.": "In ra JSON.",
    "Act as of this instant: ISO-8601 or dd/mm/yyyy [HH:MM]; without an offset it "
    "is business time (DIRECTIVES_TIMEZONE). Default: now.": (
        "Thực hiện như tại thời điểm này: ISO-8601 hoặc dd/mm/yyyy [HH:MM]; "
        "không ghi độ lệch múi giờ thì tính theo giờ làm việc "
        "(DIRECTIVES_TIMEZONE). Mặc định: bây giờ."
    ),
    "Who acts (default: DIRECTIVES_ACTOR or $USER).": (
        "Người thực hiện (mặc định: DIRECTIVES_ACTOR hoặc $USER)."
    ),
    "Assignment id.": "Số hiệu nhiệm vụ.",
    # init, config, orgs
    "Create or upgrade the database named by DIRECTIVES_DATABASE_URL.": (
        "Tạo hoặc nâng cấp cơ sở dữ liệu ghi trong DIRECTIVES_DATABASE_URL."
    ),
    "Also load this organisation registry (TOML).": (
        "Nạp thêm danh mục đơn vị này (TOML)."
    ),
    "Print the effective settings, secrets masked.": (
        "In các thiết lập đang dùng, che các giá trị bí mật."
    ),
    "The organisation registry.": "Danh mục đơn vị.",
    "Load (upsert) a registry file, all or nothing.": (
        "Nạp (thêm hoặc cập nhật) một tệp danh mục: nạp hết hoặc không nạp gì."
    ),
    "Registry file (TOML).": "Tệp danh mục (TOML).",
    "List the organisations with their superior and members.": (
        "Liệt kê các đơn vị cùng cấp trên và thành viên của từng đơn vị."
    ),
    # parse, ingest
    "Read a notice and print its header and directives; nothing is written.": (
        "Đọc một thông báo, in phần đầu và các nội dung chỉ đạo; không ghi gì."
    ),
    "Notice: UTF-8 text, .docx or text PDF.": (
        "Thông báo: văn bản UTF-8, tệp .docx hoặc PDF có lớp chữ."
    ),
    "Resolve owners against this registry (TOML).": (
        "Xác định đơn vị thực hiện theo danh mục này (TOML)."
    ),
    "Register notices: assignments per owner, 'assigned' mail in the ledger, "
    "then send.": (
        "Vào sổ thông báo: tạo nhiệm vụ cho từng đơn vị, ghi thư giao việc "
        "vào sổ gửi thư, rồi gửi."
    ),
    "Notice files.": "Các tệp thông báo.",
    "Load this registry first (TOML).": "Nạp danh mục này trước (TOML).",
    "Say what would be written; write nothing.": "Cho biết sẽ ghi gì; không ghi gì.",
    "Record the differences of a changed text as events.": (
        "Ghi các điểm khác của văn bản đã sửa thành sự kiện."
    ),
    "The document's number (Số …) when the text lacks it.": (
        "Số ký hiệu của văn bản (Số …) khi văn bản không ghi."
    ),
    "The signing date (dd/mm/yyyy or YYYY-MM-DD) when the text lacks it.": (
        "Ngày ký (dd/mm/yyyy hoặc YYYY-MM-DD) khi văn bản không ghi."
    ),
    "The issuing body when the signature does not name it.": (
        "Cơ quan ban hành khi phần ký không ghi rõ."
    ),
    # assignments, show, review, ledger, report
    "List assignments.": "Liệt kê nhiệm vụ.",
    "One of: open, needs_owner, reported, returned, done, cancelled, overdue.": (
        "Một trong: open (đang thực hiện), needs_owner (chưa có đơn vị), "
        "reported (đã báo cáo), returned (bị trả lại), done (hoàn thành), "
        "cancelled (đã hủy), overdue (quá hạn)."
    ),
    "Owner: registry code, alias or name; a group means its members.": (
        "Đơn vị thực hiện: mã trong danh mục, tên gọi khác hoặc tên; "
        "một nhóm là các thành viên của nhóm."
    ),
    "With --owner: include the units under that organisation.": (
        "Cùng --owner: gồm cả các đơn vị trực thuộc đơn vị đó."
    ),
    "Notice number, e.g. 629-TB/HU.": "Số thông báo, ví dụ 629-TB/HU.",
    "Due before this date (dd/mm/yyyy or ISO).": (
        "Có hạn trước ngày này (dd/mm/yyyy hoặc ISO)."
    ),
    "Show an assignment: directive text, milestones and full history.": (
        "Xem một nhiệm vụ: nội dung chỉ đạo, các mốc thời hạn và toàn bộ quá trình."
    ),
    "List assignments that wait for an owner (phrases the registry did not resolve).": (
        "Liệt kê nhiệm vụ đang chờ xác định đơn vị thực hiện "
        "(tên gọi chưa có trong danh mục)."
    ),
    "Show every planned, sent, deferred, skipped and failed message with its reason.": (
        "Xem mọi thư đã lên lịch, đã gửi, hoãn, bỏ qua và gửi lỗi, kèm lý do."
    ),
    "Only this assignment.": "Chỉ nhiệm vụ này.",
    "Compliance report per issuer: four-way split, by unit, by notice, overdue.": (
        "Báo cáo kết quả thực hiện theo từng cơ quan ban hành: bốn nhóm tình trạng, "
        "theo đơn vị, theo thông báo, các việc quá hạn."
    ),
    "2023-Q4, 2023-10, 2023-W42, 2023-H2, 2023 or 2023-10-01..2023-12-31.": (
        "2023-Q4, 2023-10, 2023-W42, 2023-H2, 2023 hoặc 2023-10-01..2023-12-31."
    ),
    "Report date, dd/mm/yyyy or ISO: alone, the whole record up to that day "
    "(default today); with --period, the period up to that day.": (
        "Ngày báo cáo, dd/mm/yyyy hoặc ISO: dùng riêng thì tính toàn bộ đến ngày đó "
        "(mặc định hôm nay); cùng --period thì tính kỳ đó đến ngày đó."
    ),
    "Only this issuing body (code, alias or name).": (
        "Chỉ cơ quan ban hành này (mã, tên gọi khác hoặc tên)."
    ),
    "One of text, json, csv, xlsx, docx, html.": (
        "Một trong text, json, csv, xlsx, docx, html."
    ),
    "Write to this file (needed for xlsx and docx).": (
        "Ghi ra tệp này (bắt buộc với xlsx và docx)."
    ),
    "Same as --format json.": "Như --format json.",
    # sweep, deliver, actions
    "Plan and record the reminders and escalations due now, then deliver them.": (
        "Lập và ghi sổ các thư nhắc việc, báo cáo cấp trên đến lúc gửi, rồi gửi đi."
    ),
    "Deliver what the sweep decided.": "Gửi các thư vừa lập.",
    "Send ledger rows whose time has come (pending, or failed and due a retry).": (
        "Gửi các thư trong sổ đã đến lúc gửi (đang chờ, hoặc bị lỗi "
        "và đến lúc gửi lại)."
    ),
    "Report an assignment done; the issuer's office is told.": (
        "Báo cáo hoàn thành nhiệm vụ; văn phòng cơ quan ban hành được báo tin."
    ),
    "What was done.": "Những việc đã làm.",
    "Link to the evidence.": "Đường dẫn đến tài liệu minh chứng.",
    "Số ký hiệu of the report.": "Số ký hiệu của văn bản báo cáo.",
    "Accept a completion report (done as of the owner's report date).": (
        "Nghiệm thu báo cáo hoàn thành (tính hoàn thành từ ngày đơn vị báo cáo)."
    ),
    "A remark for the owner.": "Ý kiến gửi đơn vị thực hiện.",
    "Return a completion report: the work is not done and its clock runs on.": (
        "Trả lại báo cáo hoàn thành: việc chưa xong và thời hạn vẫn tiếp tục tính."
    ),
    "Why the report is returned.": "Lý do trả lại báo cáo.",
    "Extend the due date; the original date is kept for the reports.": (
        "Gia hạn; thời hạn ban đầu vẫn được giữ cho báo cáo."
    ),
    "New due date (dd/mm/yyyy or ISO).": "Thời hạn mới (dd/mm/yyyy hoặc ISO).",
    "Why the extension is granted.": "Lý do gia hạn.",
    "Approving body (code).": "Cơ quan cho phép gia hạn (mã).",
    "Số ký hiệu of the approval.": "Số ký hiệu của văn bản cho phép gia hạn.",
    "Record a progress note.": "Ghi nhận tiến độ.",
    "The progress made.": "Tiến độ đã đạt được.",
    "Give an owner to an assignment that needs one, or hand it to another owner."
    "\n\nEither way it is an event with its actor, and the new owner is told.": (
        "Giao nhiệm vụ chưa có đơn vị thực hiện cho một đơn vị, hoặc chuyển "
        "sang đơn vị khác.\n\nCả hai trường hợp đều được ghi thành sự kiện kèm "
        "người thực hiện, và đơn vị mới được báo tin."
    ),
    "Registry code of the owner.": "Mã của đơn vị thực hiện trong danh mục.",
    "Cancel an assignment; it leaves the counts but keeps its history.": (
        "Hủy nhiệm vụ; nhiệm vụ không còn được tính nhưng vẫn giữ quá trình."
    ),
    "Why it is cancelled.": "Lý do hủy.",
    "Write and send the compliance report of the period to each issuing committee.": (
        "Lập và gửi báo cáo kết quả thực hiện của kỳ đến từng cơ quan ban hành."
    ),
    "One of weekly, monthly, quarterly, half-yearly, yearly (the period today "
    "falls in, to date), or a period such as 2023-Q4.": (
        "Một trong weekly (tuần), monthly (tháng), quarterly (quý), half-yearly "
        "(6 tháng), yearly (năm) (kỳ chứa hôm nay, tính đến hôm nay), "
        "hoặc một kỳ như 2023-Q4."
    ),
    "Run every flow on its schedule in this process (one machine), and with --web"
    "\nthe web workspace; stops within seconds of SIGTERM or Ctrl-C.": (
        "Chạy mọi quy trình theo lịch trong tiến trình này (một máy), cùng --web "
        "thì chạy cả trang làm việc; dừng trong vài giây khi nhận SIGTERM "
        "hoặc Ctrl-C."
    ),
    "Also serve the web workspace in this process.": (
        "Chạy cả trang làm việc trong tiến trình này."
    ),
    "Address of the web workspace.": "Địa chỉ của trang làm việc.",
    "Port of the web workspace.": "Cổng của trang làm việc.",
    "Port of the Prefect server (and UI) started here when PREFECT_API_URL is "
    "not set.": (
        "Cổng của máy chủ Prefect (và giao diện) khởi động tại đây khi chưa đặt "
        "PREFECT_API_URL."
    ),
    # web, users
    "Serve the web workspace (overview, assignments, notices, ingest, reports).": (
        "Chạy trang làm việc trên web (tổng quan, nhiệm vụ, thông báo, vào sổ, "
        "báo cáo)."
    ),
    "Address to listen on.": "Địa chỉ lắng nghe.",
    "Port to listen on.": "Cổng lắng nghe.",
    "Accounts of the web workspace.": "Tài khoản của trang làm việc.",
    "Create an account of the web workspace.": "Tạo tài khoản của trang làm việc.",
    "The person's e-mail address.": "Địa chỉ thư điện tử của người dùng.",
    "Registry code of their body.": "Mã cơ quan của người dùng trong danh mục.",
    "office, owner or viewer.": (
        "office (văn phòng), owner (đơn vị thực hiện) hoặc viewer (chỉ xem)."
    ),
    "Read the password from stdin.": "Đọc mật khẩu từ đầu vào chuẩn (stdin).",
    "Language of the pages: vi or en.": "Ngôn ngữ của trang: vi hoặc en.",
    "List the accounts.": "Liệt kê tài khoản.",
    "Disable an account; its history stays.": "Khóa tài khoản; lịch sử vẫn giữ.",
    "The account's e-mail address.": "Địa chỉ thư điện tử của tài khoản.",
    "Set a new password (this also lifts a sign-in lock).": (
        "Đặt mật khẩu mới (đồng thời gỡ khóa đăng nhập)."
    ),
}
