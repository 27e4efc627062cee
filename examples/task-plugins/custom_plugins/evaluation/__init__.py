"""Evaluation plugins."""
