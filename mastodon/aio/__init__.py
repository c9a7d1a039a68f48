"""The asyncio client, :class:`AsyncMastodon`, on aiohttp (installed by the ``async`` extra)."""
