"""Site-specific plugins for this lab."""
