"""random task plugins."""
