"""A ritual's schedule as an RFC 5545 recurrence rule, read in each person's own time zone.

A ritual happens at a wall-clock time ("19:00"), so a person in Berlin and one in New York each
get it at 19:00 on their own clock, through every daylight-saving change. The supported rules are
the four kinds people choose on the page: daily, weekdays, weekly on chosen days, and monthly on
one day of the month (1 to 28, so no month is skipped).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from dateutil.rrule import rrulestr

from toward.core.errors import ServiceError

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = dict(
    zip(
        WEEKDAYS,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)
FREQUENCIES = ("daily", "weekdays", "weekly", "monthly")
UTC = zoneinfo.ZoneInfo("UTC")


@dataclass(frozen=True)
class Schedule:
    frequency: str
    days: tuple[str, ...]
    day_of_month: int | None
    at_time: time

    @property
    def rrule(self) -> str:
        """The RRULE value (without DTSTART), as written into calendars."""
        if self.frequency == "daily":
            return "FREQ=DAILY"
        if self.frequency == "weekdays":
            return "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
        if self.frequency == "weekly":
            return "FREQ=WEEKLY;BYDAY=" + ",".join(self.days)
        return f"FREQ=MONTHLY;BYMONTHDAY={self.day_of_month}"

    def describe(self) -> str:
        clock = self.at_time.strftime("%H:%M")
        if self.frequency == "daily":
            return f"Every day at {clock}"
        if self.frequency == "weekdays":
            return f"Weekdays at {clock}"
        if self.frequency == "weekly":
            names = [DAY_NAMES[d] + "s" for d in self.days]
            joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            return f"{joined} at {clock}"
        return f"On the {ordinal(self.day_of_month or 1)} of each month at {clock}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _error(code: str, message: str, field: str) -> ServiceError:
    return ServiceError(code, message, field=field)


def parse_time(raw: object) -> time:
    text = raw.strip() if isinstance(raw, str) else ""
    parts = text.split(":")
    try:
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise ValueError
        return time(int(parts[0]), int(parts[1]))
    except ValueError:
        raise _error(
            "invalid_time", "Please give the time as HH:MM on a 24-hour clock, like 19:30.", "time"
        ) from None


def clean_days(raw: object) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = [part for part in raw.replace(" ", "").split(",") if part]
    if not isinstance(raw, list | tuple) or not all(isinstance(d, str) for d in raw):
        raise _error("invalid_days", "Please choose the days, like MO and TH.", "days")
    days = [d.strip().upper()[:2] for d in raw]
    unknown = [d for d in days if d not in WEEKDAYS]
    if unknown:
        raise _error(
            "invalid_days",
            f"{unknown[0]!s} is not a day we know. Use MO, TU, WE, TH, FR, SA or SU.",
            "days",
        )
    return tuple(d for d in WEEKDAYS if d in days)  # in week order, each once


def clean_schedule(
    *, frequency: object, days: object = (), day_of_month: object = None, at_time: object
) -> Schedule:
    if frequency not in FREQUENCIES:
        raise _error(
            "invalid_frequency",
            "Please choose how often: every day, weekdays, weekly on chosen days, or monthly.",
            "frequency",
        )
    clock = parse_time(at_time)
    chosen: tuple[str, ...] = ()
    month_day = None
    if frequency == "weekly":
        chosen = clean_days(days or [])
        if not chosen:
            raise _error("invalid_days", "Please choose at least one day of the week.", "days")
    if frequency == "monthly":
        try:
            month_day = int(str(day_of_month).strip())
        except (TypeError, ValueError):
            month_day = 0
        if isinstance(day_of_month, bool) or not 1 <= month_day <= 28:
            raise _error(
                "invalid_day_of_month",
                "Please choose a day of the month from 1 to 28, so that no month is left out.",
                "day_of_month",
            )
    return Schedule(str(frequency), chosen, month_day, clock)


def schedule_from_rrule(raw: object, *, at_time: object) -> Schedule:
    """Read an RRULE value (e.g. FREQ=WEEKLY;BYDAY=MO,TH) into one of the four kinds."""
    text = raw.strip().upper() if isinstance(raw, str) else ""
    text = text.removeprefix("RRULE:")
    try:
        parts = dict(part.split("=", 1) for part in text.split(";") if part)
    except ValueError:
        parts = {}
    unsupported = set(parts) - {"FREQ", "BYDAY", "BYMONTHDAY", "INTERVAL", "WKST"}
    message = (
        "That recurrence rule is not one we can use. Try FREQ=DAILY, FREQ=WEEKLY;BYDAY=MO,TH "
        "or FREQ=MONTHLY;BYMONTHDAY=15."
    )
    if not parts or unsupported or parts.get("INTERVAL", "1") != "1":
        raise _error("invalid_rrule", message, "rrule")
    freq = parts.get("FREQ")
    byday = parts.get("BYDAY")
    if freq == "DAILY" and not byday and "BYMONTHDAY" not in parts:
        return clean_schedule(frequency="daily", at_time=at_time)
    if freq == "WEEKLY" and byday and "BYMONTHDAY" not in parts:
        days = clean_days(byday)
        if days == WEEKDAYS[:5]:
            return clean_schedule(frequency="weekdays", at_time=at_time)
        return clean_schedule(frequency="weekly", days=list(days), at_time=at_time)
    if freq == "MONTHLY" and not byday and "BYMONTHDAY" in parts:
        return clean_schedule(
            frequency="monthly", day_of_month=parts["BYMONTHDAY"], at_time=at_time
        )
    raise _error("invalid_rrule", message, "rrule")


def schedule_of(ritual) -> Schedule:
    days = tuple(d for d in ritual.days.split(",") if d)
    return Schedule(ritual.frequency, days, ritual.day_of_month, ritual.at_time)


# --- occurrences, on one person's clock -----------------------------------------------------------


def localise(naive: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """A wall-clock time in a zone. A time skipped when clocks go forward (02:30 on the night of
    the change) is read as the same moment an hour later; a time that happens twice when clocks
    go back counts once, the first time."""
    return naive.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)


def _rule(ritual):
    start = datetime.combine(ritual.starts_on, ritual.at_time)
    return rrulestr(schedule_of(ritual).rrule, dtstart=start)


def first_occurrence(ritual) -> datetime:
    """The first wall-clock occurrence on or after the start day (naive): a calendar's DTSTART
    must itself be an occurrence of the rule (RFC 5545, 3.8.5.3)."""
    return next(iter(_rule(ritual)))


def occurrences(
    ritual, zone: zoneinfo.ZoneInfo, after: datetime, until: datetime
) -> list[datetime]:
    """Each occurrence on that clock with after < occurrence <= until, as aware datetimes."""
    rule = _rule(ritual)
    low = after.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
    high = until.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
    found = (localise(naive, zone) for naive in rule.between(low, high, inc=True))
    return [when for when in found if after < when <= until]


def next_occurrence(ritual, zone: zoneinfo.ZoneInfo, after: datetime) -> datetime | None:
    rule = _rule(ritual)
    cursor = after.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
    for _ in range(400):
        naive = rule.after(cursor)
        if naive is None:
            return None
        when = localise(naive, zone)
        if when > after:
            return when
        cursor = naive
    return None
