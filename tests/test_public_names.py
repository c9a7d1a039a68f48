"""``import mastodon`` shows its public names only: what ``dir()`` and ``__all__`` list is the interface."""

import types

import mastodon

TYPING_HELPERS = {"Any", "List", "Dict", "Optional", "Union", "TYPE_CHECKING", "annotations", "typing",
                  "cast", "overload", "Callable", "Tuple"}


def _unexpected(names):
    """Names that are neither private (``_x``), in ``__all__``, nor a submodule of the package."""
    out = []
    for name in names:
        if name.startswith("_") or name in mastodon.__all__:
            continue
        value = getattr(mastodon, name)
        if isinstance(value, types.ModuleType) and value.__name__ == f"mastodon.{name}":
            continue
        out.append(name)
    return out


def test_dir_lists_no_typing_helpers_or_other_stray_names():
    names = dir(mastodon)
    assert not TYPING_HELPERS & set(names)
    assert _unexpected(names) == []
    assert _unexpected(vars(mastodon)) == []


def test_everything_in_all_is_public_and_importable():
    assert len(set(mastodon.__all__)) == len(mastodon.__all__)
    for name in mastodon.__all__:
        assert not name.startswith("_")
        assert name not in TYPING_HELPERS
        assert getattr(mastodon, name) is not None
    assert set(mastodon.__all__) <= set(dir(mastodon))


def test_the_checks_see_a_stray_name():
    mastodon.List = list  # what ``from typing import List`` used to leave behind
    try:
        assert "List" in dir(mastodon)
        assert _unexpected(dir(mastodon)) == ["List"]
    finally:
        del mastodon.List
