app_name = "techsupport"

urlpatterns: list = []
