"""The request core: one request path and the machinery every endpoint method shares."""

from __future__ import annotations
