"""The version parser takes time linear in its input, whatever the shape (hostile 100 kB strings included)."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from mastodon import MastodonVersionError
from mastodon.core.versions import parse_version

QUIET = dict(database=None, deadline=None, derandomize=True)

#: Pieces of the shapes the parser looks for: repeating them is what makes a backtracking parser slow.
PIECES = ["1", "1.", "9" * 9, ".", "+", "+v", "v", " ", "(compatible;", " (compatible; ", "(not true;", " really ",
          "snac/", "/", "Pleroma ", "a", "_", " git-", "-", ")", "(", "\t", "+3.5", "x1"]

#: Allowed cost: a generous bound for a shared, busy 2-core machine; a quadratic parser needs
#: seconds per 100 kB for the worst of these shapes.
MAX_SECONDS_PER_KB = 0.002
SIZE = 100_000


def _timed(text: str) -> float:
    start = time.perf_counter()
    try:
        parse_version(text)
    except MastodonVersionError:
        pass
    return time.perf_counter() - start


@settings(max_examples=60, **QUIET)
@given(prefix=st.text(max_size=20), unit=st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map("".join),
       suffix=st.sampled_from(["", ")", "x", "1.2.3", " (compatible; Pleroma 2.5.0)"]))
def test_hostile_100_kb_strings_parse_in_linear_time(prefix, unit, suffix):
    text = prefix + unit * (SIZE // len(unit)) + suffix
    # the best of three runs: a busy machine may pause one of them
    seconds = min(_timed(text) for _ in range(3))
    assert seconds / (len(text) / 1000) < MAX_SECONDS_PER_KB, f"{seconds:.3f} s for {len(text)} chars of {unit!r}"


def test_the_listed_shapes_stretched_stay_linear():
    for shape in ("2.7.2 (compatible; Pleroma 2.5.0)", "3.5.3+v0.20.0-rc1-8-g57cb4fe74", "0.17.3 git-abcdef",
                  "4.0.0 (not true; really snac/2.94)", "takahe/0.11.0", "0.10.0", "4.2.0+glitch", "1.0.5+3.5.2"):
        small, large = shape * 100, shape * 10_000
        per_kb_small = min(_timed(small) for _ in range(3)) / (len(small) / 1000)
        per_kb_large = min(_timed(large) for _ in range(3)) / (len(large) / 1000)
        assert per_kb_large < MAX_SECONDS_PER_KB
        # linear: 100 times the input costs about 100 times the time, not 10 000 times
        assert per_kb_large < max(per_kb_small * 20, 0.0002), (shape, per_kb_small, per_kb_large)
