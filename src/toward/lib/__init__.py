"""Framework-free helpers. Nothing in here may import Django or another toward app."""
