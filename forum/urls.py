from django.urls import path

from . import feeds, views

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search_view, name="search"),
    path("following/", views.following, name="following"),
    path("c/<slug:slug>/", views.category, name="category"),
    path("c/<slug:slug>/new/", views.new_topic, name="new_topic"),
    path("c/<slug:slug>/follow/", views.follow_category, name="follow_category"),
    path("c/<slug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("t/<int:pk>/", views.topic, name="topic"),
    path("t/<int:pk>/reply/", views.reply, name="reply"),
    path("t/<int:pk>/follow/", views.follow_topic, name="follow_topic"),
    path("t/<int:pk>/moderate/", views.moderate_topic, name="moderate_topic"),
    path("p/<int:pk>/", views.post, name="post"),
    path("p/<int:pk>/edit/", views.edit_post, name="edit_post"),
    path("p/<int:pk>/delete/", views.delete_post, name="delete_post"),
    path("p/<int:pk>/thank/", views.thank, name="thank"),
    path("p/<int:pk>/history/", views.post_history, name="post_history"),
]
