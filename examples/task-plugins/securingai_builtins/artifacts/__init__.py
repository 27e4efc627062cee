"""artifacts task plugins."""
