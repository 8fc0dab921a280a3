"""The web workspace: server-rendered pages over the same use cases as the CLI."""
