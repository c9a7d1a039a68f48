"""Print what a Mastodon server says about itself and what is trending there.

Usage: python examples/instance_info.py [SERVER_URL]   (default: https://mastodon.social)

Needs no account: everything read here is public.
"""

import sys

from mastodon import Mastodon, MastodonError


def main(base_url: str) -> int:
    api = Mastodon(api_base_url=base_url, user_agent="mastodonpy-example/1.0", request_timeout=30)
    try:
        instance = api.instance()
    except MastodonError as e:
        print(f"Could not read {base_url}: {e}", file=sys.stderr)
        return 1
    users = (instance.get("usage") or {}).get("users", {}).get("active_month")
    if users is None:
        users = (instance.get("stats") or {}).get("user_count")
    print(f"{instance.title} ({api.api_base_url})")
    print(f"  software version: {instance.version}")
    if users is not None:
        print(f"  users: {users}")
    rules = instance.get("rules") or []
    print(f"  rules: {len(rules)}")

    try:
        tags = api.trending_tags(limit=5)
    except MastodonError as e:
        print(f"  trending tags unavailable: {e}")
    else:
        print("  trending tags:")
        for tag in tags:
            uses = sum(int(day.uses) for day in tag.history) if tag.get("history") else 0
            print(f"    #{tag.name} ({uses} uses lately)")

    try:
        statuses = api.trending_statuses(limit=3)
    except MastodonError as e:
        print(f"  trending statuses unavailable: {e}")
    else:
        print("  trending statuses:")
        for status in statuses:
            when = status.created_at.strftime("%Y-%m-%d %H:%M UTC")
            print(f"    {when} @{status.account.acct}: {status.favourites_count} favourites, {status.url}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "https://mastodon.social"))
