from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    """Renders every form field of the site with ``forms/field.html``: a label without a colon, the help
    text and the error right next to the field and linked to it (``aria-describedby``), checkboxes
    before their label."""

    field_template_name = "forms/field.html"
