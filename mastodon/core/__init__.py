"""The request core: one request path and the machinery every endpoint method shares."""
