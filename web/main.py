"""The server's entry point: the application built from the environment's settings."""

from fastapi import FastAPI

from app.settings import get_settings
from web.app import create_app


def create_from_environment() -> FastAPI:
    """The workspace for DIRECTIVES_* settings (uvicorn's factory)."""
    return create_app(get_settings())
