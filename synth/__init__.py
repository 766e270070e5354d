"""Synthetic scans of the five document types, for FICTIONAL people, with their truth.

Not part of the installed package: it is the test-data factory for the
extractor's tests, `samples/` and `bench/fields.py`. Everything is
deterministic by seed. Names, places and ethnic groups come from the
extractor's own dictionaries (digitize/fields/data/), and personal IDs are
consistent with birth place, sex and year, as on real records.
"""
