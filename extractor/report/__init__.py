"""Views of claims for people: the HTML report and per-document summaries."""
