from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("rules/", views.rules, name="rules"),
    path("report/<int:content_type_id>/<str:object_id>/", views.report, name="report"),
    path("appeal/<int:decision_id>/", views.appeal, name="appeal"),
    path("appeal/sanction/<int:sanction_id>/", views.appeal_sanction, name="appeal_sanction"),
]
