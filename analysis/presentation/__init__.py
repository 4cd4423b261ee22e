"""The presentation layer: how numbers, intervals, verdicts and tables reach readers.

Chapters call these functions and only draw and phrase. Everything here works for HTML and
LaTeX alike and escapes every string that comes from data.

- :mod:`analysis.presentation.text`: Swedish numbers, intervals, units, counted nouns and
  escaping of data strings (the one place where data text is made safe for Markdown/HTML).
- :mod:`analysis.presentation.verdicts`: the verdict words, their symbols and colours.
- :mod:`analysis.presentation.tables`: tables rendered as real tables in HTML and PDF.
"""
