"""Toward's offline language tools: feelings, listening and communication patterns.

Three functions, each returning a typed result (plus ``specificity`` for the appreciation
practice's hint); pure Python + numpy at run time, weights
loaded lazily from package data once per process, no network. Nothing here imports Django
or any other part of Toward.

>>> from toward.language import feelings, listening, patterns
>>> feelings("I got the job!!").labels  # doctest: +SKIP
['excitement', 'joy']
"""

from __future__ import annotations

from .feelings import EMOTIONS, WHEEL, FeelingsResult, feelings
from .listening import MOVES, ListeningResult, listening
from .patterns import EXPLANATIONS, LABELS, PatternsResult, Span, patterns
from .specificity import SpecificityResult, specificity

__all__ = [
    "EMOTIONS",
    "EXPLANATIONS",
    "LABELS",
    "MOVES",
    "WHEEL",
    "FeelingsResult",
    "ListeningResult",
    "PatternsResult",
    "Span",
    "SpecificityResult",
    "feelings",
    "listening",
    "patterns",
    "specificity",
]
