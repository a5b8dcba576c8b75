"""What each question type stores and how its values are labelled."""

from django.utils.translation import gettext_lazy as _

AGREE_LABELS = {
    1: _("Strongly disagree"),
    2: _("Somewhat disagree"),
    3: _("Neither agree nor disagree"),
    4: _("Somewhat agree"),
    5: _("Strongly agree"),
    0: _("Can't say"),
}


def value_labels(question) -> dict[int, str]:
    """Every value an answer to ``question`` may store, with its label, in display order."""
    from .models import Question

    kind = question.kind
    if kind == Question.Kind.AGREE:
        return dict(AGREE_LABELS)
    if kind == Question.Kind.SCALE:
        labels = question.option_list
        if len(labels) == 5:
            return {i: f"{i} – {label}" for i, label in enumerate(labels, start=1)}
        return {i: str(i) for i in range(1, 6)}
    if kind == Question.Kind.RATING:
        return {i: str(i) for i in range(11)}
    if kind in Question.CHOICE_KINDS:
        labels = {i: label for i, label in enumerate(question.option_list, start=1)}
        if question.allow_other:
            labels[Question.OTHER] = _("Other")
        return labels
    return {}


def median_from_counts(counts: dict[int, int]) -> float | None:
    """The median of a distribution given as value -> count (the counts come from the database)."""
    total = sum(counts.values())
    if not total:
        return None
    ordered = sorted(counts.items())

    def nth(position: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if seen > position:
                return value
        raise ValueError(position)

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2
