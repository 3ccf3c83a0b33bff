"""Everything that writes data files."""
