from django.urls import path, register_converter
from django.urls.converters import PathConverter

from content import pages, views


class PagePathConverter(PathConverter):
    """Any path under /information/ but the images folder's own address, which is no page.

    Left unmatched, "/information/images/" is a plain 404: were "/information/images" a page
    address, `TrailingSlashMiddleware` would send the reader there, to another 404.
    """

    def to_python(self, value: str) -> str:
        if value.strip("/").lower() in pages.NOT_SECTIONS:
            raise ValueError(f"{value!r} is a folder of files, not of pages")
        return value


register_converter(PagePathConverter, "page_path")

urlpatterns = [
    path("information/", views.index, name="information"),
    path("information/search", views.search_view, name="information_search"),
    path("information/images/<str:name>", views.image, name="information_image"),
    # Everything else under /information/ is a page or a folder of pages.
    path("information/<page_path:path>", views.page, name="information_page"),
]
