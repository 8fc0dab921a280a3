"""The FastAPI application of the workspace: pages, forms, and the checks around them.

Every request passes :func:`_guard` (a dependency of the whole application): it checks
the CSRF token of every POST, signs the user in from the session cookie (or redirects to
``/login?next=…``) and asks :func:`web.access.check` whether the route is allowed.
"""

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import StreamingResponse

from app import actions, intake, workspace
from app.clock import parse_day, utc_now
from app.context import AppContext
from app.delivery import deliver
from app.settings import Settings
from app.users import Principal, authenticate, principal, set_locale
from app.wiring import context_for, notifier_for
from domain.errors import (
    AccountLocked,
    AuthenticationError,
    ConflictError,
    DirectiveError,
    InputError,
    InvalidTransition,
    NotFoundError,
    NoticeParseError,
    PermissionDenied,
)
from domain.escalation import business_date
from domain.notices import GivenHeader
from domain.status import ReportStatus
from notifications.senders import Notifier
from web import access
from web.i18n import Words
from web.security import (
    HardeningMiddleware,
    new_token,
    same_token,
    secret_key,
)

STATIC = Path(__file__).parent / "static"
SESSION_COOKIE = "directives_session"
SESSION_HOURS = 12


class _NeedLogin(Exception):
    pass


class _BadToken(Exception):
    pass


@dataclass
class Workspace:
    """What the routes share: settings, the app context, the mail sender, templates."""

    settings: Settings
    ctx: AppContext
    notifier: Notifier
    templates: Environment
    clock: Callable[[], datetime] = utc_now

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return business_date(self.now(), self.ctx.policies)


def _templates() -> Environment:
    env = Environment(
        loader=PackageLoader("web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["CARDS"] = workspace.CARDS
    env.globals["SPLIT"] = tuple(c for c in workspace.CARDS[:4])
    return env


def create_app(
    settings: Settings, *, clock: Callable[[], datetime] = utc_now
) -> FastAPI:
    """The workspace application for these settings.

    ``clock`` gives the current instant (tests pass a fixed one; the server the real one).

    Raises:
        ConfigurationError: production without a real DIRECTIVES_SECRET_KEY.
    """
    key = secret_key(settings)
    ws = Workspace(
        settings=settings,
        ctx=context_for(settings),
        notifier=notifier_for(settings),
        templates=_templates(),
        clock=clock,
    )
    api = FastAPI(
        title="directives",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(_guard)],
    )
    api.state.ws = ws
    api.add_middleware(
        SessionMiddleware,
        secret_key=key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
        https_only=settings.base_url.startswith("https://"),
    )
    api.add_middleware(HardeningMiddleware)
    api.mount("/static", StaticFiles(directory=STATIC), name="static")
    _handlers(api)
    _routes(api)
    return api


# --- the one gate ----------------------------------------------------------------------


async def _guard(request: Request) -> None:
    ws: Workspace = request.app.state.ws
    session = request.session
    if not session.get("csrf"):
        session["csrf"] = new_token()
    if request.method == "POST":
        form = await request.form()
        if not same_token(session.get("csrf"), form.get("csrf_token")):
            raise _BadToken
    route = request.scope.get("route")
    name = getattr(route, "name", None) or ""
    if name in access.PUBLIC:
        return
    user_id = session.get("uid")
    user = principal(ws.ctx.engine, user_id) if isinstance(user_id, int) else None
    if user is None:
        session.pop("uid", None)
        raise _NeedLogin
    request.state.user = user
    access.check(ws.ctx, user, name, dict(request.path_params))


def _user(request: Request) -> Principal:
    user: Principal = request.state.user
    return user


def _ws(request: Request) -> Workspace:
    ws: Workspace = request.app.state.ws
    return ws


# --- rendering -------------------------------------------------------------------------


def _words(request: Request) -> Words:
    user = getattr(request.state, "user", None)
    ws = _ws(request)
    locale = user.locale if user is not None else ws.settings.locale
    return Words(locale, ws.settings.timezone)


def _page(
    request: Request, template: str, status_code: int = 200, **values: Any
) -> HTMLResponse:
    ws = _ws(request)
    t = _words(request)
    user = getattr(request.state, "user", None)
    flashes = request.session.pop("flash", [])
    html = ws.templates.get_template(template).render(
        t=t,
        lang=t.locale,
        user=user,
        csrf=request.session.get("csrf", ""),
        flashes=flashes,
        path=request.url.path,
        # switching language comes back to the same page, query and all (a review
        # page's upload token, a list's filters)
        here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        report_status=lambda row: workspace.report_status(row, ws.today()),
        **values,
    )
    return HTMLResponse(html, status_code=status_code)


def _problem(request: Request, err: DirectiveError) -> None:
    """Flash a refused action: what went wrong, then the detail, in the user's language."""
    t = _words(request)
    if isinstance(err, InvalidTransition):
        key = "err.state"
    elif isinstance(err, NoticeParseError):
        key = "err.notice"
    elif isinstance(err, NotFoundError):
        key = "err.missing"
    elif isinstance(err, ConflictError):
        key = "err.conflict"
    else:
        key = "err.input"
    _flash(request, "error", f"{t(key)}: {err.text(t.locale)}")


def _flash(request: Request, kind: str, text: str) -> None:
    request.session.setdefault("flash", [])
    request.session["flash"] = [*request.session["flash"], [kind, text]]


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _local(target: str | None) -> str:
    """``next`` only ever leads to a path of this site."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(c) < 32 for c in target)
    ):
        return "/"
    return target


def _handlers(api: FastAPI) -> None:
    @api.exception_handler(_NeedLogin)
    async def need_login(request: Request, _: Exception) -> Response:
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        if request.method != "GET":
            target = "/"
        return RedirectResponse(f"/login?next={quote(target, safe='/')}", 303)

    @api.exception_handler(_BadToken)
    async def bad_token(request: Request, _: Exception) -> Response:
        return _page(request, "message.html.jinja", 403, key="csrf")

    @api.exception_handler(PermissionDenied)
    async def denied(request: Request, _: Exception) -> Response:
        return _page(request, "message.html.jinja", 403, key="forbidden")

    @api.exception_handler(NotFoundError)
    async def missing(request: Request, _: Exception) -> Response:
        return _page(request, "message.html.jinja", 404, key="not_found")

    @api.exception_handler(DirectiveError)
    async def refused(request: Request, err: Exception) -> Response:
        # a refusal no route turned into a flash (e.g. a download's bad date): the
        # reason, in the user's language, on a page of its own
        detail = (
            err.text(_words(request).locale) if isinstance(err, DirectiveError) else ""
        )
        status = 400 if isinstance(err, InputError) else 500
        return _page(request, "message.html.jinja", status, key="error", detail=detail)


def _given_header(form: Any, t: Words) -> GivenHeader | None:
    """The header parts the office typed on the review page, as ``ingest --number
    --issued-on --issuer`` gives them; None when it typed none.

    Raises:
        InputError: the signing date is not a date (naming the field).
    """
    number = str(form.get("number") or "").strip() or None
    issuer = str(form.get("issuer") or "").strip() or None
    day = str(form.get("issued_on") or "").strip()
    issued_on = parse_day(day, what=t("i.part.issued_on")) if day else None
    if number is None and issuer is None and issued_on is None:
        return None
    return GivenHeader(number=number, issued_on=issued_on, issuer=issuer)


# --- routes ----------------------------------------------------------------------------

Text = Annotated[str, Form()]
OptionalText = Annotated[str, Form()]


def _routes(api: FastAPI) -> None:
    @api.get("/login", name="login_form")
    async def login_form(request: Request, next: str = "/") -> Response:
        return _page(request, "login.html.jinja", next=_local(next), error=None)

    @api.post("/login", name="login")
    async def login(
        request: Request,
        email: Text = "",
        password: Text = "",
        next: Text = "/",
    ) -> Response:
        ws = _ws(request)
        try:
            user_id = authenticate(ws.ctx.engine, email, password, now=ws.now())
        except AccountLocked:
            return _page(
                request,
                "login.html.jinja",
                429,
                next=_local(next),
                error="login.locked",
            )
        except AuthenticationError:
            return _page(
                request,
                "login.html.jinja",
                401,
                next=_local(next),
                error="login.failed",
            )
        request.session.clear()
        request.session["uid"] = user_id
        request.session["csrf"] = new_token()
        return _back(_local(next))

    @api.post("/logout", name="logout")
    async def logout(request: Request) -> Response:
        request.session.clear()
        return _back("/login")

    @api.post("/account/locale", name="locale")
    async def locale(request: Request, next: Text = "/") -> Response:
        user = _user(request)
        set_locale(
            _ws(request).ctx.engine, user.email, "en" if user.locale == "vi" else "vi"
        )
        return _back(_local(next))

    @api.get("/", name="overview")
    def overview(request: Request) -> Response:
        ws = _ws(request)
        view = workspace.overview(ws.ctx, _user(request), today=ws.today())
        return _page(request, "overview.html.jinja", view=view)

    def _list_query(request: Request) -> workspace.ListQuery:
        q = request.query_params

        t = _words(request)

        def day(name: str, label: str) -> date | None:
            value = q.get(name, "").strip()
            # a refusal names the field as the page labels it
            return parse_day(value, what=t(label)) if value else None

        category = q.get("status") or None
        if category is not None and category not in workspace.STATUS_CHOICES:
            try:
                ReportStatus(category)
            except ValueError as err:
                raise NotFoundError(
                    f"status {category!r}", vi=f"trạng thái {category!r}"
                ) from err
        sort = q.get("sort", "due")
        page = q.get("page", "1")
        return workspace.ListQuery(
            category=category,
            owner=q.get("owner") or None,
            include_sub=q.get("sub", "1") == "1",
            notice=q.get("notice") or None,
            due_from=day("from", "list.due_from"),
            due_to=day("to", "list.due_to"),
            text=q.get("q") or None,
            sort=sort if sort in workspace.SORT_CHOICES else "due",
            descending=q.get("desc") == "1",
            page=int(page) if page.isdigit() else 1,
        )

    @api.get("/assignments", name="assignment_list")
    def assignment_list(request: Request) -> Response:
        ws = _ws(request)
        try:
            query = _list_query(request)
            page = workspace.assignment_list(
                ws.ctx, _user(request), query, today=ws.today()
            )
        except DirectiveError as err:
            _problem(request, err)
            query = workspace.ListQuery()
            page = workspace.assignment_list(
                ws.ctx, _user(request), query, today=ws.today()
            )
        params = {k: v for k, v in request.query_params.items() if k != "page"}
        return _page(
            request,
            "list.html.jinja",
            query=query,
            page=page,
            params=params,
            qs=lambda **extra: urlencode({**params, **extra}),
            orgs=workspace.registry_choices(ws.ctx),
            raw_statuses=workspace.STATUS_CHOICES,
            sorts=workspace.SORT_CHOICES,
            today=ws.today(),
        )

    @api.get("/assignments.csv", name="assignment_csv")
    def assignment_csv(request: Request) -> Response:
        ws = _ws(request)
        t = _words(request)
        rows = workspace.assignment_rows(
            ws.ctx, _user(request), _list_query(request), today=ws.today()
        )

        def lines() -> Iterator[str]:
            buffer = io.StringIO()
            out = csv.writer(buffer)
            yield "\ufeff"
            out.writerow(
                [
                    t("col.notice"),
                    t("col.item"),
                    t("col.owner"),
                    t("col.role"),
                    t("col.summary"),
                    t("col.due"),
                    t("a.due_original"),
                    t("col.status"),
                ]
            )
            for r in rows:
                out.writerow(
                    [
                        r.notice,
                        r.ref,
                        r.owner_name or r.owner_text,
                        t.role(r.role),
                        r.summary,
                        t.day(r.due_on),
                        t.day(r.original_due_on),
                        t.status(r.status),
                    ]
                )
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
            yield buffer.getvalue()

        return StreamingResponse(
            lines(),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="nhiem-vu.csv"'},
        )

    @api.get("/assignments/{id}", name="assignment_page")
    def assignment_page(request: Request, id: int) -> Response:
        ws = _ws(request)
        user = _user(request)
        view = workspace.assignment_view(ws.ctx, id)
        return _page(
            request,
            "assignment.html.jinja",
            a=view,
            allowed=access.actions_for(user),
            now=ws.now(),
        )

    def _act(request: Request, id: int, run: Any, done_key: str = "saved") -> Response:
        ws = _ws(request)
        user = _user(request)
        try:
            run(ws, user)
        except DirectiveError as err:
            _problem(request, err)
            return _back(f"/assignments/{id}")
        deliver(ws.ctx, ws.notifier, now=ws.now())
        _flash(request, "ok", _words(request)(done_key))
        return _back(f"/assignments/{id}")

    @api.post("/assignments/{id}/progress", name="progress")
    def progress(request: Request, id: int, note: Text = "") -> Response:
        return _act(
            request,
            id,
            lambda ws, user: actions.add_progress(
                ws.ctx, id, note=note, now=ws.now(), actor=user.email
            ),
        )

    @api.post("/assignments/{id}/done", name="done")
    def done(
        request: Request,
        id: int,
        note: Text = "",
        evidence: OptionalText = "",
        document: OptionalText = "",
    ) -> Response:
        return _act(
            request,
            id,
            lambda ws, user: actions.report_done(
                ws.ctx,
                id,
                note=note,
                evidence=evidence.strip() or None,
                document=document.strip() or None,
                now=ws.now(),
                actor=user.email,
            ),
        )

    @api.post("/assignments/{id}/accept", name="accept")
    def accept(request: Request, id: int, note: OptionalText = "") -> Response:
        return _act(
            request,
            id,
            lambda ws, user: actions.accept(
                ws.ctx, id, note=note.strip() or None, now=ws.now(), actor=user.email
            ),
        )

    @api.post("/assignments/{id}/return", name="return_report")
    def return_report(request: Request, id: int, reason: Text = "") -> Response:
        return _act(
            request,
            id,
            lambda ws, user: actions.return_report(
                ws.ctx, id, reason=reason, now=ws.now(), actor=user.email
            ),
        )

    @api.post("/assignments/{id}/extend", name="extend")
    def extend(
        request: Request,
        id: int,
        to: Text = "",
        reason: Text = "",
        approved_by: OptionalText = "",
        document: OptionalText = "",
    ) -> Response:
        def run(ws: Workspace, user: Principal) -> None:
            actions.extend(
                ws.ctx,
                id,
                to=parse_day(to, what=_words(request)("f.to")),
                reason=reason,
                approved_by=approved_by.strip() or None,
                document=document.strip() or None,
                now=ws.now(),
                actor=user.email,
            )

        return _act(request, id, run)

    @api.post("/assignments/{id}/assign", name="assign")
    def assign(request: Request, id: int, org: Text = "") -> Response:
        return _act(
            request,
            id,
            lambda ws, user: actions.assign_owner(
                ws.ctx, id, org, now=ws.now(), actor=user.email
            ),
        )

    @api.get("/notices/{id}", name="notice_page")
    def notice_page(request: Request, id: int) -> Response:
        ws = _ws(request)
        view = workspace.notice_view(ws.ctx, _user(request), id)
        return _page(request, "notice.html.jinja", n=view)

    @api.get("/orgs/{code}", name="org_page")
    def org_page(request: Request, code: str) -> Response:
        ws = _ws(request)
        view = workspace.org_view(ws.ctx, _user(request), code, today=ws.today())
        return _page(request, "org.html.jinja", o=view)

    @api.get("/ingest", name="ingest_form")
    def ingest_form(request: Request, token: str = "") -> Response:
        ws = _ws(request)
        found = None
        if token:
            try:
                found = intake.preview(ws.ctx, ws.settings.upload_dir, token)
            except DirectiveError as err:
                _problem(request, err)
        return _page(
            request,
            "ingest.html.jinja",
            found=found,
            orgs=workspace.registry_choices(ws.ctx),
        )

    @api.post("/ingest", name="ingest")
    async def ingest(
        request: Request, file: Annotated[UploadFile | None, File()] = None
    ) -> Response:
        ws = _ws(request)
        form = await request.form()
        token = str(form.get("token") or "")
        if file is not None and file.filename:
            data = await file.read(intake.MAX_UPLOAD_BYTES + 1)
            try:
                token = intake.stage_upload(ws.settings.upload_dir, file.filename, data)
            except DirectiveError as err:
                _problem(request, err)
                return _back("/ingest")
            return _back(f"/ingest?token={token}")
        owners = {
            str(k)[len("owner-") :]: str(v)
            for k, v in form.multi_items()
            if str(k).startswith("owner-")
        }
        remember = frozenset(
            str(k)[len("remember-") :]
            for k, _ in form.multi_items()
            if str(k).startswith("remember-")
        )
        t = _words(request)
        due: dict[int, date] = {}
        try:
            for k, v in form.multi_items():
                key, value = str(k), str(v).strip()
                if key.startswith("due-") and key[4:].isdigit() and value:
                    # the refusal names the field as the page labels it
                    ref = str(form.get(f"ref-{key[4:]}") or "")
                    what = f"{t('i.due_for')} ({t('col.item').lower()} {ref})"
                    due[int(key[4:])] = parse_day(value, what=what)
            result = intake.confirm(
                ws.ctx,
                ws.settings.upload_dir,
                token,
                intake.Corrections(
                    owners=owners,
                    remember=remember,
                    due=due,
                    header=_given_header(form, t),
                ),
                now=ws.now(),
                actor=_user(request).email,
            )
        except DirectiveError as err:
            _problem(request, err)
            return _back(f"/ingest?token={token}" if token else "/ingest")
        deliver(ws.ctx, ws.notifier, now=ws.now())
        t = _words(request)
        if result.outcome == "created" and result.notice_id:
            _flash(
                request,
                "ok",
                t("i.done", number=result.number, n=result.assignments),
            )
            return _back(f"/notices/{result.notice_id}")
        _flash(request, "ok", t("i.unchanged"))
        return _back("/ingest")

    @api.get("/reports", name="reports")
    def reports(request: Request, period: str = "", as_of: str = "") -> Response:
        ws = _ws(request)
        user = _user(request)
        day = ws.today()
        page = None
        try:
            if as_of:
                day = parse_day(as_of, what=_words(request)("r.as_of"))
            page = workspace.report_page(
                ws.ctx, user, period=period.strip() or None, as_of=day
            )
        except DirectiveError as err:
            _problem(request, err)
        query = urlencode({"period": period, "as_of": day.isoformat()})
        return _page(
            request,
            "reports.html.jinja",
            as_of=day,
            period=period,
            report=page,
            query=query,
            formats=tuple(workspace.REPORT_MEDIA),
        )

    @api.get("/reports/download", name="report_download")
    def report_download(
        request: Request, period: str = "", as_of: str = "", format: str = "xlsx"
    ) -> Response:
        ws = _ws(request)
        as_of_label = _words(request)("r.as_of")
        day = parse_day(as_of, what=as_of_label) if as_of else ws.today()
        content, media, name = workspace.report_file(
            ws.ctx,
            _user(request),
            period=period.strip() or None,
            as_of=day,
            fmt=format,
        )
        return Response(
            content,
            media_type=media,
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )

    @api.get("/ledger", name="ledger")
    def ledger(request: Request, status: str = "", rule: str = "") -> Response:
        ws = _ws(request)
        rows = workspace.ledger_lines(
            ws.ctx, _user(request), status=status or None, rule=rule or None
        )
        return _page(
            request,
            "ledger.html.jinja",
            rows=rows,
            status=status,
            rule=rule,
            now=ws.now(),
        )

    @api.post("/ledger/{id}/retry", name="ledger_retry")
    def ledger_retry(request: Request, id: int) -> Response:
        ws = _ws(request)
        try:
            workspace.retry_delivery(ws.ctx, _user(request), id, now=ws.now())
        except DirectiveError as err:
            _problem(request, err)
            return _back("/ledger")
        report = deliver(ws.ctx, ws.notifier, now=ws.now())
        _flash(request, "ok", f"{_words(request)('saved')} ({report.sent})")
        return _back("/ledger")
