from django.urls import path, register_converter

from . import views


class TableFormatConverter:
    """The export formats: CSV and XLSX."""

    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TableFormatConverter, "fmt")

app_name = "eraati"

urlpatterns = [
    path("", views.index, name="index"),
    path("kiitos/", views.thanks, name="thanks"),
    path("yhteystiedot/", views.opt_in, name="opt_in"),
    path("peru/<str:token>/", views.withdraw, name="withdraw"),
    path("kokous/<str:token>/", views.rsvp, name="rsvp"),
    path("asiakasraadit/", views.councils, name="councils"),
    path("asiakasraadit/tapaaminen-<int:pk>.ics", views.meeting_calendar, name="meeting_calendar"),
    path("kysely/<slug:slug>/", views.answer, name="answer"),
    path("kysely/<slug:slug>/tulokset/", views.results, name="results"),
    path("kysely/<slug:slug>/tulokset.<fmt:fmt>", views.results_export, name="results_export"),
    path("kysely/<slug:slug>/vastaukset.<fmt:fmt>", views.answers_export, name="answers_export"),
]
