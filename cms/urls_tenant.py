"""Kits as seen from a structure's site (read from the public schema)."""

app_name = "kits"
urlpatterns: list = []
