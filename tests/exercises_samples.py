"""Real exercise runs, pauses and repairs in alice's space, for the permission matrix."""

from __future__ import annotations

from toward.exercises import services as exercises
from toward.repair import pauses
from toward.repair import services as repair


def run_id(pair) -> str:
    return exercises.start(pair[0], "eye-gazing").id


def pause_id(pair) -> str:
    return pauses.ask_for_pause(pair[0], minutes=30).id


def repair_id(pair) -> str:
    return repair.start_repair(pair[0]).id
