"""Commitments: the services, the site-wide follow-up list and its filters, and the admin views."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from ktalks import services
from ktalks.models import Commitment, CommitmentStatus, KTalkPage
from kuulluksi import dates

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_ktalk(ktalk_index):
    return factories.ktalk(parent=ktalk_index, title="Toimeentulotuki")


def _commitment(ktalk, *, promise="Vien asian valiokuntaan.", status=None, person=None):
    commitment = services.create_commitment(
        user=None, ktalk=ktalk, decision_maker=person or factories.decision_maker(), promise=promise
    )
    if status:
        services.record_commitment_update(commitment, user=None, status=status, note="Tilanne päivitetty.")
    return commitment


def test_a_new_commitment_is_promised_and_the_latest_update_sets_its_status(past_ktalk, coordinator):
    commitment = services.create_commitment(
        user=coordinator,
        ktalk=past_ktalk,
        decision_maker=factories.decision_maker(),
        promise="Teen aloitteen.",
    )
    assert commitment.status == CommitmentStatus.PROMISED
    services.record_commitment_update(
        commitment,
        user=coordinator,
        status=CommitmentStatus.DONE,
        note="Valmis.",
        date=datetime.date(2026, 6, 1),
    )
    services.record_commitment_update(
        commitment,
        user=coordinator,
        status=CommitmentStatus.IN_PROGRESS,
        note="Kirjattu myöhässä.",
        date=datetime.date(2026, 5, 1),
    )
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.DONE  # the latest by date, not the last entered
    change = ModelLogEntry.objects.filter(action=services.COMMITMENT_UPDATE_ACTION).first()
    assert change.data == {"from": "promised", "to": "done"}
    assert change.user == coordinator


def test_citizens_cannot_record_commitments_or_updates(past_ktalk, make_user):
    citizen = make_user(role="citizen")
    with pytest.raises(PermissionDenied):
        services.create_commitment(
            user=citizen, ktalk=past_ktalk, decision_maker=factories.decision_maker(), promise="x"
        )
    commitment = _commitment(past_ktalk)
    with pytest.raises(PermissionDenied):
        services.record_commitment_update(commitment, user=citizen, status=CommitmentStatus.DONE, note="x")
    assert commitment.updates.count() == 0


def test_unknown_status_is_refused(past_ktalk):
    with pytest.raises(ValueError):
        services.record_commitment_update(_commitment(past_ktalk), user=None, status="forgotten", note="x")


def _commitments_url(index):
    return index.url + index.reverse_subpage("commitments")


def _listed(response):
    return {commitment.promise for commitment in response.context["page_obj"].object_list}


def test_follow_up_lists_open_commitments_of_published_ktalks_by_default(client, ktalk_index, past_ktalk):
    _commitment(past_ktalk, promise="Luvattu")
    _commitment(past_ktalk, promise="Työn alla", status=CommitmentStatus.IN_PROGRESS)
    _commitment(past_ktalk, promise="Tehty", status=CommitmentStatus.DONE)
    _commitment(past_ktalk, promise="Ei tehty", status=CommitmentStatus.NOT_DONE)
    draft = factories.ktalk(parent=ktalk_index, live=False)
    _commitment(draft, promise="Luonnoksen lupaus")

    response = client.get(_commitments_url(ktalk_index))
    assert response.status_code == 200
    assert _listed(response) == {"Luvattu", "Työn alla"}
    html = response.content.decode()
    assert "Lupausten seuranta" in html
    assert "2 lupausta" in html

    assert _listed(client.get(_commitments_url(ktalk_index), {"status": "done"})) == {"Tehty"}
    assert _listed(client.get(_commitments_url(ktalk_index), {"status": "all"})) == {
        "Luvattu",
        "Työn alla",
        "Tehty",
        "Ei tehty",
    }


def test_follow_up_filters_by_host_body_and_year(client, ktalk_index):
    committee = factories.host_body(name="Sosiaali- ja terveysvaliokunta")
    council = factories.host_body(name="Valtuustoryhmä")
    tz = timezone.get_current_timezone()
    early = factories.ktalk(host=committee, starts_at=datetime.datetime(2025, 12, 31, 23, 30, tzinfo=tz))
    late = factories.ktalk(host=council, starts_at=datetime.datetime(2026, 1, 1, 0, 30, tzinfo=tz))
    _commitment(early, promise="Vuoden 2025 lupaus")
    _commitment(late, promise="Vuoden 2026 lupaus")
    url = _commitments_url(ktalk_index)

    assert _listed(client.get(url, {"host": committee.pk})) == {"Vuoden 2025 lupaus"}
    # Years follow Helsinki time: 23:30 on New Year's Eve is still 2025.
    assert _listed(client.get(url, {"year": "2026"})) == {"Vuoden 2026 lupaus"}
    assert _listed(client.get(url, {"year": "2025", "host": council.pk})) == set()


def test_invalid_filters_show_an_error_and_are_ignored(client, ktalk_index, past_ktalk):
    _commitment(past_ktalk, promise="Luvattu")
    response = client.get(_commitments_url(ktalk_index), {"status": "lost", "year": "1999"})
    assert response.status_code == 200
    assert _listed(response) == {"Luvattu"}
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'id="id_status_error"' in html


def test_follow_up_runs_a_fixed_number_of_queries(client, ktalk_index, django_assert_num_queries):
    def add_ktalk_with_commitments(n):
        ktalk = factories.ktalk(parent=ktalk_index)
        for _i in range(n):
            commitment = _commitment(ktalk, status=CommitmentStatus.IN_PROGRESS)
            services.record_commitment_update(
                commitment, user=None, status=CommitmentStatus.IN_PROGRESS, note="x"
            )

    url = _commitments_url(ktalk_index)
    add_ktalk_with_commitments(2)
    for _visit in range(2):  # a site's first view may make its settings rows, and so new cache keys
        client.get(url)
    # The view restrictions are read inside the list's own query; one query finds the K-talks' pages
    # in the reader's language.
    with django_assert_num_queries(7):
        client.get(url, {"status": "all"})
    for _i in range(3):
        add_ktalk_with_commitments(4)
    client.get(url)  # publishing pages refreshes the cached footer links once
    with django_assert_num_queries(7):
        response = client.get(url, {"status": "all"})
    assert len(response.context["page_obj"].object_list) == 14


def test_ktalk_page_lists_its_commitments_with_dated_updates(client, past_ktalk):
    commitment = _commitment(past_ktalk, promise="Teen valtuustoaloitteen.")
    services.record_commitment_update(
        commitment,
        user=None,
        status=CommitmentStatus.IN_PROGRESS,
        note="Aloite jätetty.",
        date=datetime.date(2026, 6, 15),
    )
    html = client.get(past_ktalk.url).content.decode()
    assert "Teen valtuustoaloitteen." in html
    assert "Työn alla" in html
    assert "15.6.2026" in html
    assert "Aloite jätetty." in html


class TestCommitmentAdmin:
    def _edit_data(self, commitment, updates):
        data = {
            "ktalk": commitment.ktalk_id,
            "decision_maker": commitment.decision_maker_id,
            "promise_fi": commitment.promise,
            "updates-TOTAL_FORMS": str(len(updates)),
            "updates-INITIAL_FORMS": "0",
            "updates-MIN_NUM_FORMS": "0",
            "updates-MAX_NUM_FORMS": "1000",
        }
        for i, (date, status, note) in enumerate(updates):
            data.update(
                {
                    f"updates-{i}-date": date,
                    f"updates-{i}-status": status,
                    f"updates-{i}-note_fi": note,
                    f"updates-{i}-DELETE": "",
                    f"updates-{i}-id": "",
                }
            )
        return data

    def test_coordinator_updates_a_status_without_touching_the_approved_notes(
        self, client, coordinator, past_ktalk
    ):
        commitment = _commitment(past_ktalk)
        revisions_before = past_ktalk.revisions.count()
        client.force_login(coordinator)
        index_url = reverse("ktalk_commitments:index")
        assert (
            client.get(
                index_url, {"status": "promised", "ktalk__host_body": past_ktalk.host_body_id}
            ).status_code
            == 200
        )
        url = reverse("ktalk_commitments:edit", args=(commitment.pk,))
        assert client.get(url).status_code == 200
        response = client.post(
            url, self._edit_data(commitment, [("2026-06-01", "in_progress", "Selvitys tilattu.")])
        )
        assert response.status_code == 302, response.context["form"].errors
        commitment.refresh_from_db()
        assert commitment.status == CommitmentStatus.IN_PROGRESS
        page = KTalkPage.objects.get(pk=past_ktalk.pk)
        assert page.revisions.count() == revisions_before
        assert page.live and not page.has_unpublished_changes

    def test_coordinator_creates_a_commitment_from_the_admin(self, client, coordinator, past_ktalk):
        client.force_login(coordinator)
        person = factories.decision_maker()
        data = self._edit_data(
            Commitment(ktalk=past_ktalk, decision_maker=person, promise="Kysyn ministeriltä."),
            [("2026-06-01", "done", "Kysymys esitetty.")],
        )
        data.update({"promise_sv": "Jag frågar ministern.", "updates-0-note_sv": "Frågan är ställd."})
        response = client.post(reverse("ktalk_commitments:add"), data)
        assert response.status_code == 302
        commitment = Commitment.objects.get(promise_fi="Kysyn ministeriltä.")
        assert commitment.status == CommitmentStatus.DONE
        # The one row carries both languages; English, left empty, falls back to the Finnish text.
        with translation.override("sv"):
            assert (commitment.promise, commitment.updates.get().note) == (
                "Jag frågar ministern.",
                "Frågan är ställd.",
            )
        with translation.override("en"):
            assert commitment.promise == "Kysyn ministeriltä."
            assert str(commitment.lang_attr["promise"]) == ' lang="fi"'

    def test_citizens_and_volunteers_cannot_open_the_commitments_admin(self, client, make_user, past_ktalk):
        commitment = _commitment(past_ktalk)
        for role in ("citizen", "peer_moderator"):
            client.force_login(make_user(role=role))
            for url in (
                reverse("ktalk_commitments:index"),
                reverse("ktalk_commitments:edit", args=(commitment.pk,)),
            ):
                response = client.get(url)
                assert response.status_code in (302, 403), (role, url)
            response = client.post(
                reverse("ktalk_commitments:edit", args=(commitment.pk,)),
                self._edit_data(commitment, [("2026-06-01", "done", "x")]),
            )
            assert response.status_code in (302, 403)
        commitment.refresh_from_db()
        assert commitment.status == CommitmentStatus.PROMISED
        assert commitment.updates.count() == 0


@pytest.mark.parametrize("restriction", ["login", "password", "groups"])
def test_follow_up_leaves_out_ktalks_with_a_view_restriction(client, ktalk_index, past_ktalk, restriction):
    """A restricted K-talk (or one under a restricted page) lists none of its commitments anywhere."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    _commitment(past_ktalk, promise="Julkinen lupaus")
    closed = factories.ktalk(
        parent=ktalk_index, title="Suljettu", starts_at=dates.local_shift(timezone.now(), days=-400)
    )
    _commitment(closed, promise="Suljetun lupaus")
    view_restriction = PageViewRestriction.objects.create(
        page=closed, restriction_type=restriction, password="salasana" if restriction == "password" else ""
    )
    if restriction == "groups":
        view_restriction.groups.add(Group.objects.get(name="coordinator"))

    response = client.get(_commitments_url(ktalk_index), {"status": "all"})
    assert _listed(response) == {"Julkinen lupaus"}
    assert "Suljetun lupaus" not in response.content.decode()
    # 370 days apart: always two different years, and only the public one may be offered.
    years = {str(value) for value, _label in response.context["form"].fields["year"].choices}
    assert str(timezone.localtime(past_ktalk.starts_at).year) in years
    assert str(timezone.localtime(closed.starts_at).year) not in years


def test_admin_finds_decision_makers_by_organisation(client, coordinator):
    from ktalks.models import DecisionMaker

    DecisionMaker.objects.create(name="Maija Meikäläinen", organisation="Helsingin kaupunginvaltuusto")
    DecisionMaker.objects.create(name="Teppo Testaaja", organisation="Eduskunta")
    client.force_login(coordinator)
    response = client.get("/admin/snippets/ktalks/decisionmaker/", {"q": "kaupunginvaltuusto"})
    assert response.status_code == 200
    assert "Maija Meikäläinen" in response.content.decode()
    assert "Teppo Testaaja" not in response.content.decode()
