"""estimators task plugins."""
