"""The one thing pyproject.toml does not say: the optional C speedups (mastodon/core/_speedups.c).

Without a C compiler (or the Python headers) the build warns and goes on, and the package runs
the same casts in Python (see mastodon/core/casting.py). Everything else is in pyproject.toml.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("mastodon.core._speedups", sources=["mastodon/core/_speedups.c"], optional=True)])
