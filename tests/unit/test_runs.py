"""A scheduled run that starts past its grace period is skipped; one within it runs."""

from datetime import UTC, datetime, timedelta

import pytest

from domain.runs import is_stale_run, run_lateness

SCHEDULED = datetime(2024, 1, 8, 2, 5, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("started", "stale"),
    [
        (SCHEDULED - timedelta(seconds=5), False),  # picked up a little early
        (SCHEDULED, False),
        (SCHEDULED + timedelta(minutes=59), False),
        (SCHEDULED + HOUR, False),  # exactly at the end of the grace period still runs
        (SCHEDULED + HOUR + timedelta(seconds=1), True),
        (SCHEDULED + timedelta(days=1), True),  # a day-long outage
    ],
)
def test_a_run_is_stale_only_past_its_grace_period(started: datetime, stale: bool):
    assert is_stale_run(scheduled=SCHEDULED, started=started, grace=HOUR) is stale


def test_lateness_is_never_negative():
    early = SCHEDULED - timedelta(minutes=1)
    assert run_lateness(scheduled=SCHEDULED, started=early) == timedelta(0)


def test_lateness_compares_instants_not_wall_clocks():
    """The same instant written in Vietnam's zone is not late."""
    from zoneinfo import ZoneInfo

    local = SCHEDULED.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert run_lateness(scheduled=SCHEDULED, started=local) == timedelta(0)
