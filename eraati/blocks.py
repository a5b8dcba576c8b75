from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.blocks import BaseStreamBlock

from . import conf


class SurveyResultsBlock(blocks.StructBlock):
    """Live, published (rounded) results of one survey (all questions or the chosen ones), once published."""

    survey = SnippetChooserBlock("eraati.Survey", label=_("Survey"))
    question_keys = blocks.CharBlock(
        label=_("Question keys"),
        required=False,
        help_text=_("Comma-separated keys of the questions to show. Empty: every question."),
    )

    class Meta:
        icon = "table"
        label = _("Survey results")
        template = "eraati/blocks/survey_results.html"

    def get_context(self, value, parent_context=None):
        from .disclosure import survey_results

        context = super().get_context(value, parent_context=parent_context)
        survey = value["survey"]
        keys = [key.strip() for key in (value["question_keys"] or "").split(",") if key.strip()]
        context["survey"] = survey
        context["results"] = survey_results(survey, keys=keys) if survey.results_are_public() else None
        return context


class QuestionTrendBlock(blocks.StructBlock):
    """The trend of one reused question across the monthly surveys of the year."""

    question_key = blocks.CharBlock(label=_("Question key"))
    year = blocks.IntegerBlock(label=_("Year"), min_value=2000, max_value=2100)

    class Meta:
        icon = "chart-line"
        label = _("Question trend")
        template = "eraati/blocks/question_trend.html"

    def get_context(self, value, parent_context=None):
        from .disclosure import question_trend

        context = super().get_context(value, parent_context=parent_context)
        context["trend"] = question_trend(value["question_key"], year=value["year"])
        context["base"] = conf.min_cell()
        return context


class ReportStreamBlock(BaseStreamBlock):
    """The annual report's body: the shared content blocks plus live results."""

    survey_results = SurveyResultsBlock()
    question_trend = QuestionTrendBlock()


class WhatWeDidBlock(blocks.StructBlock):
    """One thing done (or planned) because of the results: the accountability loop."""

    finding = blocks.CharBlock(label=_("What the results showed"))
    action = blocks.TextBlock(label=_("What we did"))
    status = blocks.ChoiceBlock(
        label=_("Status"),
        choices=[("planned", _("Planned")), ("in_progress", _("In progress")), ("done", _("Done"))],
        default="planned",
    )

    class Meta:
        icon = "tick"
        label = _("Action")
        template = "eraati/blocks/what_we_did.html"
