"""A minimal concrete ``ModeratedContent`` model, for the tests only.

Django needs models to belong to an installed app, and shipping a content model in ``moderation``
just for tests would add a table to every site. So this model borrows the ``moderation`` app label
but is imported only by the tests, which create its table themselves (``moderation/conftest.py``);
``makemigrations`` never sees it.
"""

from django.conf import settings
from django.db import models

from moderation.models import ModeratedContent


class SampleContent(ModeratedContent):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.CharField(max_length=20, default="main")
    text = models.TextField()

    class Meta:
        app_label = "moderation"
        ordering = ["id"]

    def moderation_author(self):
        return self.author

    def moderation_text(self) -> str:
        return self.text

    def moderation_context(self) -> list[tuple[str, str]]:
        earlier = SampleContent.objects.filter(thread=self.thread, pk__lt=self.pk).select_related("author")
        return [(str(item.author or "anonyymi"), item.text) for item in earlier.order_by("-pk")[:5]][::-1]

    def get_absolute_url(self) -> str:
        return f"/sample/{self.pk}/"

    def apply_moderator_edit(self, new_text: str) -> None:
        self.text = new_text
        self.save(update_fields=["text"])
