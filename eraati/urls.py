app_name = "eraati"

urlpatterns = []
