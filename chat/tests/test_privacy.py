from accounts.services import delete_account, export_personal_data
from chat import services
from chat.models import Participant, Room


def test_export_and_deletion(open_chat, make_user):
    session = open_chat(kind=Room.CLOSED_GROUP)
    user = make_user(pseudonym="Jasen")
    session.room.members.add(user)
    participant = services.join_session(session, user=user)
    services.post_message(participant, "Minun viestini")

    exported = export_personal_data(user)["chat"]
    assert [message["text"] for message in exported["messages"]] == ["Minun viestini"]
    assert exported["closed_groups"] == ["Huone closed"]

    delete_account(user)
    participant.refresh_from_db()
    assert participant.nickname == f"deleted-{participant.pk}"
    assert not Participant.objects.filter(nickname="Jasen").exists()
    assert not session.room.members.exists()
