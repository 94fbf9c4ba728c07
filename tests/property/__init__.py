"""Property-based tests: round trips and the agreement of the loader with the schema."""
