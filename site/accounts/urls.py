from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/read/", views.notifications_mark_read, name="notifications_mark_read"),
    path("export/", views.export_data, name="export"),
    path("delete/", views.delete_account, name="delete"),
]
