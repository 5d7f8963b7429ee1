from django.urls import path

from home.search_views import search

urlpatterns = [path("", search, name="search")]
