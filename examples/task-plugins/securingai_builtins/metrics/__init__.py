"""metrics task plugins."""
