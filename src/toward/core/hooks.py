"""Extension points that let each practice plug into account-wide actions.

Every app that stores a person's data registers, in its AppConfig.ready():
- an exporter, so ``toward export`` and the account page's export include that data;
- a leave handler, so a person's private entries leave with them when they leave a space (and
  the shared ones too, unless they choose to leave those readable for the other person);
- a demo seeder, so ``toward demo`` shows the feature with plausible activity;
- an erase handler, for anything of the person's that deleting the user row would not remove;
- a space panel, a small block on a space's home page (today's check-in, the question of the
  day …), rendered from the app's own template.

The spine calls these; it never needs to know which practices exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Exporter = Callable[[Any], Any]  # (user) -> JSON-serialisable data
# handler(membership that is leaving, *, keep_shared: bool) -> None. With keep_shared the
# handler keeps only what the other person could already read (revealed, shared on purpose) and
# still removes everything private or unrevealed; without it, everything of the leaver's goes.
LeaveHandler = Callable[..., None]
DemoSeeder = Callable[[Any], None]  # (DemoPair) -> None

_exporters: dict[str, Exporter] = {}
_leave_handlers: list[LeaveHandler] = []
_demo_seeders: list[tuple[int, DemoSeeder]] = []
_erase_handlers: list[tuple[int, Callable[[Any], None]]] = []


def register_exporter(section: str, exporter: Exporter) -> None:
    if section in _exporters and _exporters[section] is not exporter:
        raise ValueError(f"an exporter for {section!r} is already registered")
    _exporters[section] = exporter


def exporters() -> dict[str, Exporter]:
    return dict(_exporters)


def register_leave_handler(handler: LeaveHandler) -> None:
    """Called as ``handler(membership, keep_shared=...)`` inside the leave transaction."""
    if handler not in _leave_handlers:
        _leave_handlers.append(handler)


def leave_handlers() -> list[LeaveHandler]:
    return list(_leave_handlers)


def register_demo_seeder(seeder: DemoSeeder, *, order: int = 100) -> None:
    if all(existing is not seeder for _, existing in _demo_seeders):
        _demo_seeders.append((order, seeder))


def demo_seeders() -> list[DemoSeeder]:
    return [seeder for _, seeder in sorted(_demo_seeders, key=lambda item: item[0])]


def register_erase_handler(handler: Callable[[Any], None], *, order: int = 100) -> None:
    """Called with the user, inside the erase transaction, before the user row is deleted."""
    if all(existing is not handler for _, existing in _erase_handlers):
        _erase_handlers.append((order, handler))


def erase_handlers() -> list[Callable[[Any], None]]:
    return [handler for _, handler in sorted(_erase_handlers, key=lambda item: item[0])]


@dataclass(frozen=True)
class SpacePanel:
    """A block on a space's home page. `context(request, membership)` returns the template's
    context, or None to show nothing (for example in an inactive space)."""

    template: str
    context: Callable[[Any, Any], dict | None]
    order: int = 100
    # Whether this person has done anything here yet (only their own activity, never the other
    # person's). While nothing has, the space page leads with one small first step.
    has_activity: Callable[[Any], bool] | None = None


_space_panels: list[SpacePanel] = []


def register_space_panel(panel: SpacePanel) -> None:
    if all(existing.template != panel.template for existing in _space_panels):
        _space_panels.append(panel)


def space_panels() -> list[SpacePanel]:
    return sorted(_space_panels, key=lambda panel: panel.order)
