"""Moderation and administration endpoints (admin scopes required), one module per admin area.

``AdminMixin`` composes them; the client inherits it like any other area mixin.
"""

from __future__ import annotations

from .accounts import AdminAccountsMixin
from .federation import AdminFederationMixin
from .metrics import AdminMetricsMixin
from .reports import AdminReportsMixin
from .signups import AdminSignupsMixin
from .tags import AdminTagsMixin
from .trends import AdminTrendsMixin

__all__ = ["AdminMixin"]


class AdminMixin(AdminAccountsMixin, AdminReportsMixin, AdminFederationMixin, AdminSignupsMixin,
                 AdminTrendsMixin, AdminTagsMixin, AdminMetricsMixin):
    """Moderation and administration: accounts, reports, federation and sign-up blocks, trends,
    hashtags and dashboard metrics. Every method needs a token with the matching ``admin:`` scope
    and a role with the matching permission."""
