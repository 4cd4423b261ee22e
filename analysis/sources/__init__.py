"""Readers that turn each raw source into the common tidy table (see ``analysis.validation``)."""
