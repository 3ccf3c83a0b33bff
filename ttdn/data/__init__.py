"""The data layer: reading YAML with positions, loading the data root, git, the cache."""
