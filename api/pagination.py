"""Lists are paged with a cursor: a stable position that neither skips nor repeats rows while
new ones arrive, and costs the same on page 1,000 as on page 1 (no OFFSET)."""

from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-pk"
