"""Claim extraction from English news: actors, counts, dates and attribution per sentence."""
__version__ = "0.1.0"
