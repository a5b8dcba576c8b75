from django.apps import AppConfig


class KuulluksiConfig(AppConfig):
    name = "kuulluksi"
    verbose_name = "Kuulluksi"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .appendonly import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="kuulluksi-append-only")
