"""The project's own Wagtail admin viewsets, for tests that go through every one of them."""

import wagtail.admin.urls  # noqa: F401  (registers every admin viewset)
from wagtail.admin.viewsets import viewsets

from kuulluksi.admin_viewsets import SiteModelViewSet, SiteSnippetViewSet


def project_viewsets() -> list:
    return [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, (SiteModelViewSet, SiteSnippetViewSet))
    ]
