import io

from moderation import demo
from moderation.models import Rule, RulesVersion, WatchedTerm


class _Command:
    def __init__(self):
        self.stdout = io.StringIO()


def test_demo_load_is_idempotent(db):
    before = (Rule.objects.count(), RulesVersion.objects.count(), WatchedTerm.objects.count())
    demo.load(_Command())
    demo.load(_Command())
    assert (Rule.objects.count(), RulesVersion.objects.count(), WatchedTerm.objects.count()) == before
    assert before[0] == 6 and before[2] > 20


def test_demo_restores_the_defaults_after_a_flush(db):
    WatchedTerm.objects.all().delete()
    demo.load(_Command())
    assert WatchedTerm.objects.filter(term="ryssä").exists()
