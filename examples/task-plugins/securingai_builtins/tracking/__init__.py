"""tracking task plugins."""
