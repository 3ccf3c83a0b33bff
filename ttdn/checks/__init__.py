"""Validation rules over a loaded dataset."""
