"""The coroutine forms of the endpoint decorators and of :func:`~mastodon.core.casting.fetch_as`.

The generated async endpoint modules import ``api_version``, ``typed_result`` and ``fetch_as``
from here instead of from the core, so an endpoint's definition reads the same in both clients:
the version check may look the server version up (a request, so it is awaited), and the
answer is cast to the method's declared return type after it was awaited. The decoding mode
of a typed call is kept per task (:data:`~mastodon.aio.transport.decoding_raw_context`).
"""

from __future__ import annotations

import inspect
from typing import Any, Awaitable, Callable, List, Optional, TypeVar, cast

from ..core.casting import _remembering_caster, copy_names, is_typed, result_caster
from ..core.versions import mark_endpoint, version_tuple
from .transport import decoding_raw_context

__all__ = ["api_version", "typed_result", "fetch_as", "call_declared"]

_F = TypeVar("_F", bound=Callable[..., Any])


async def call_declared(wrapper: Any, state: List[Any], func: Callable[..., Awaitable[Any]], *args: Any,
                        **kwargs: Any) -> Any:
    """Await ``func`` and cast its result to its return annotation: the body of every async typed wrapper.

    ``state`` is the wrapper's own list, as for :func:`mastodon.core.casting.call_declared`.
    """
    if not state:
        state.extend(result_caster(func))
        wrapper._mastopy_hint = state[0]
    caster = state[1]
    token = decoding_raw_context.set(caster is not None)
    try:
        result = await func(*args, **kwargs)
    finally:
        decoding_raw_context.reset(token)
    return result if result is None or caster is None else caster(result)


def _require_coroutine(func: Any) -> None:
    if not inspect.iscoroutinefunction(func):
        raise TypeError(f"{func.__qualname__}: the async endpoint decorators take coroutine functions")


def api_version(created: str, last_changed: Optional[str] = None, api: Optional[int] = None) -> Callable[[_F], _F]:
    """:func:`mastodon.core.versions.api_version` for coroutine methods: the same check (awaited,
    as it may look the server version up), the same cast, the same docstring note."""
    created_t = version_tuple(created)
    changed_t = version_tuple(last_changed) if last_changed else created_t

    def decorate(func: _F) -> _F:
        _require_coroutine(func)
        name = func.__name__
        typing_state: list = []

        async def checked(self: Any, *args: Any, **kwargs: Any) -> Any:
            mode = self.version_check_mode
            if mode != "none":
                await self._check_version(name, changed_t if mode == "changed" else created_t, api)
            return await call_declared(checked, typing_state, func, self, *args, **kwargs)

        mark_endpoint(checked, func, created, last_changed, api)
        return cast(_F, checked)

    return decorate


def typed_result(func: _F) -> _F:
    """:func:`mastodon.core.casting.typed_result` for coroutine methods: the awaited result is cast."""
    _require_coroutine(func)
    state: List[Any] = []

    async def typed(*args: Any, **kwargs: Any) -> Any:
        return await call_declared(typed, state, func, *args, **kwargs)

    copy_names(typed, func)
    typed.__doc__ = func.__doc__
    return cast(_F, typed)


async def fetch_as(hint: Any, request: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> Any:
    """:func:`mastodon.core.casting.fetch_as` awaited: send a request again (a next page, a refreshed
    result) so that the new answer gets the type ``hint`` the first one had (untyped when None)."""
    typed = hint is not None and is_typed(hint)
    token = decoding_raw_context.set(typed)
    try:
        result = await request(*args, **kwargs)
    finally:
        decoding_raw_context.reset(token)
    return _remembering_caster(hint)(result) if typed and result is not None else result
