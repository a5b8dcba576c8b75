from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.contrib.forms.views import SubmissionsListView

from kuulluksi.spreadsheets import NeutralisedSpreadsheetExportMixin

from .search import search_pages, search_providers, searchable_text, snippet

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200


def search(request):
    """One search box for the whole site (works without JavaScript: a GET form)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    page_results = sections = None
    snippets = []
    if query:
        page_results = Paginator(search_pages(query), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        snippets = [snippet(searchable_text(page), query) for page in page_results.object_list]
        sections = [
            (section.label, [(hit, snippet(hit.summary, query)) for hit in section.hits])
            for section in search_providers(query, request=request)
        ]
    return TemplateResponse(
        request,
        "cms/search.html",
        {
            "query": query,
            "page_results": page_results,
            "results": zip(page_results.object_list, snippets, strict=True) if page_results else [],
            "sections": sections,
        },
    )


class FeedbackSubmissionsListView(NeutralisedSpreadsheetExportMixin, SubmissionsListView):
    """Feedback form submissions in the admin; their CSV export cannot carry a spreadsheet formula."""
