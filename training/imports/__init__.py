"""Imports of past activities or people from a CSV or XLSX file: all or nothing.

Every row is checked first; any error aborts the whole import and is reported with its
line (as numbered in a spreadsheet, the header being line 1) and its column. Writes are
bulk inserts in one transaction, facts included, so 5,000 rows take a few seconds.
"""
