"""Deployments: prefect.yaml for a Prefect server and workers, serve.py for one machine."""
