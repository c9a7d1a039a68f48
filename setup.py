"""Packaging for the mastodon client library (distribution name Mastodon.py)."""

import os
import re

from setuptools import find_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(HERE, "mastodon", "__init__.py"), encoding="utf-8") as f:
    VERSION = re.search(r'^__version__ = "([^"]+)"', f.read(), re.M).group(1)

with open(os.path.join(HERE, "README.rst"), encoding="utf-8") as f:
    LONG_DESCRIPTION = f.read()

EXTRAS = {
    # The WebSocket streaming transport.
    "websocket": ["websockets>=12"],
    # Decrypting Web Push payloads (push_subscription_generate_keys / decrypt_push).
    "webpush": ["cryptography>=41", "http_ece>=1.1.0"],
    "test": ["pytest>=7", "responses>=0.23", "websockets>=12", "pytest-timeout>=2", "cryptography>=41",
             "http_ece>=1.1.0", "mypy>=1.8", "types-requests", "types-python-dateutil"],
    "docs": ["sphinx>=7"],
}

setup(
    name="Mastodon.py",
    version=VERSION,
    description="Python client library for the Mastodon API: REST, OAuth and streaming",
    long_description=LONG_DESCRIPTION,
    long_description_content_type="text/x-rst",
    license="MIT",
    packages=find_packages(include=["mastodon", "mastodon.*"]),
    package_data={"mastodon": ["py.typed"]},
    python_requires=">=3.9",
    install_requires=["requests>=2.25", "python-dateutil>=2.8"],
    extras_require=EXTRAS,
    classifiers=[
        "Development Status :: 4 - Beta",
        "Intended Audience :: Developers",
        "Operating System :: OS Independent",
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3.9",
        "Programming Language :: Python :: 3.10",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
        "Topic :: Communications",
        "Topic :: Internet :: WWW/HTTP",
        "Typing :: Typed",
    ],
)
