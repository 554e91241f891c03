from django.urls import path

from content import views

urlpatterns = [
    path("information/", views.index, name="information"),
    path("information/search", views.search_view, name="information_search"),
    path("information/images/<str:name>", views.image, name="information_image"),
    # Everything else under /information/ is a page or a folder of pages.
    path("information/<path:path>", views.page, name="information_page"),
]
