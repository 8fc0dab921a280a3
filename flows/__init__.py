"""Scheduled and on-demand Prefect flows, one deployable flow per file."""
