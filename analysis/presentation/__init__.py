"""The presentation layer: how numbers, intervals, verdicts and tables reach readers.

Chapters call these functions and only draw and phrase. Everything here works for HTML and
LaTeX alike and escapes every string that comes from data.

- :mod:`analysis.presentation.text`: Swedish numbers, intervals, units, counted nouns and
  escaping of data strings (the one place where data text is made safe for Markdown/HTML).
- :mod:`analysis.presentation.verdicts`: the verdict words, their symbols and colours.
- :mod:`analysis.presentation.tables`: tables rendered as real tables in HTML and PDF.
- :mod:`analysis.presentation.references`: report references as readers know them, and the
  "Återger …" marker that says which report elements a figure or table shows.
- :mod:`analysis.presentation.report`: a report's transcribed values for chapters
  (``Transcribed``) and the sheet of single values glued into prose (``glue_values``).
- :mod:`analysis.presentation.ledger`: the reproduction protocol's numbers and tables.
- :mod:`analysis.presentation.governance`, :mod:`~analysis.presentation.organisation`,
  :mod:`~analysis.presentation.surveys`: the report's tables as the chapters show them.
"""
