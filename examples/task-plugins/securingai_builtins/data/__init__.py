"""data task plugins."""
