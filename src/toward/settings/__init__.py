"""Settings: ``base`` (what ``make run`` uses), ``production`` and ``test``."""
