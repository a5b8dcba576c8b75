"""An uploaded document can never act as part of the site: no script or page types can be uploaded,
documents are always downloads, and none is reachable under a path of the site's own origin where a
browser would load it as a script or a page (``script-src 'self'`` trusts the whole origin)."""

import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.models import Document

pytestmark = pytest.mark.django_db

SCRIPT = b"fetch('/admin/users/add/', {method: 'POST'})"


@pytest.fixture(autouse=True)
def _files_removed_afterwards():
    """The files go to the real MEDIA_ROOT (the embedded /media/ route serves from there)."""
    yield
    for document in Document.objects.all():
        document.file.delete(save=False)


@pytest.fixture
def coordinator(make_user):
    from cms.setup import grant_collection_permissions

    grant_collection_permissions()
    return make_user(role="coordinator")


@pytest.mark.parametrize("name", ["ohje.js", "ohje.html", "ohje.htm", "ohje.svg", "ohje.xml", "ohje.mjs"])
def test_a_coordinator_cannot_upload_a_script_or_a_page(client, coordinator, name):
    from wagtail.models import Collection

    client.force_login(coordinator)
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Ohje",
            "file": SimpleUploadedFile(name, SCRIPT, content_type="text/plain"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200  # the form again, with the error next to the file field
    assert not Document.objects.exists()
    assert "file" in response.context["form"].errors


def test_a_coordinator_can_upload_a_pdf(client, coordinator):
    from wagtail.models import Collection

    client.force_login(coordinator)
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Ohje",
            "file": SimpleUploadedFile("ohje.pdf", b"%PDF-1.4 ohje", content_type="application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    assert Document.objects.get().filename.startswith("ohje")


@pytest.mark.parametrize("name", ["ohje.pdf", "ohje.txt"])
def test_documents_are_served_only_as_attachments(client, name):
    document = Document.objects.create(title="Ohje", file=ContentFile(b"%PDF-1.4 ohje", name=name))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_no_document_is_reachable_under_media(client):
    """Even one stored before the extension list (or put there by hand) is not served from /media/."""
    document = Document.objects.create(title="Vanha", file=ContentFile(SCRIPT, name="vanha.js"))
    assert document.file.name.startswith("documents/")
    response = client.get(settings.MEDIA_URL + document.file.name)
    assert response.status_code == 404


def test_other_media_is_sandboxed_and_never_sniffed(client):
    image = Path(settings.MEDIA_ROOT) / "images" / f"testi-{uuid.uuid4().hex}.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    try:
        response = client.get(settings.MEDIA_URL + f"images/{image.name}")
    finally:
        image.unlink()
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_nginx_never_serves_documents_from_the_media_folder():
    conf = (Path(settings.BASE_DIR) / "deploy" / "nginx" / "kuulluksi.conf").read_text()
    block = re.search(r"location \^~ /media/documents/ \{(?P<body>[^}]*)\}", conf)
    assert block is not None and "return 404;" in block["body"]


def test_a_document_stored_before_the_list_is_not_sent(client):
    """``<script src="/documents/1/vanha.js">`` would run it: a download header does not stop that."""
    document = Document.objects.create(title="Vanha", file=ContentFile(SCRIPT, name="vanha.js"))
    assert client.get(document.url).status_code == 404
