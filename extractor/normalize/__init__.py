"""Pure normalisers without spaCy: numbers, TIMEX3 dates, canonical names."""
