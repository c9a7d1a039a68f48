"""The asyncio client, :class:`AsyncMastodon`, on aiohttp (installed by the ``async`` extra).

``from mastodon import AsyncMastodon`` loads this package on first use; ``import mastodon``
alone never imports aiohttp.
"""

from .client import AsyncMastodon

__all__ = ["AsyncMastodon"]
