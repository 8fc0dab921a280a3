"""Prefect tasks: thin wrappers that call the use cases of app/ and return small values."""
