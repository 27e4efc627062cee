"""registry task plugins."""
