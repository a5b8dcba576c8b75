from django.apps import AppConfig


class KuulluksiConfig(AppConfig):
    name = "kuulluksi"
    verbose_name = "Kuulluksi"
