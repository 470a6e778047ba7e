"""Toward: a private, self-hostable companion for two people who want to feel closer."""

__version__ = "0.1.0"
