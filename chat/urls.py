from django.urls import path

from . import views

app_name = "chat"

urlpatterns = [
    path("", views.index, name="index"),
    path("session/<int:pk>/", views.session_detail, name="session"),
    path("session/<int:pk>/open/", views.open_session, name="open"),
    path("session/<int:pk>/close/", views.close_session, name="close"),
    path("session/<int:pk>/reopen/", views.reopen_session, name="reopen"),
    path("session/<int:pk>/shift/", views.sign_up, name="sign_up"),
    path("session/<int:pk>/shift/cancel/", views.cancel_sign_up, name="cancel_sign_up"),
    path("session/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("session/<int:pk>/report/", views.session_report, name="report"),
    path("group/<slug:slug>/invite/", views.invite, name="invite"),
]
