"""StreamField blocks of the kits: the sequence of a workshop's steps."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "h3", "h4"]


class StepBlock(blocks.StructBlock):
    """One step of a workshop, written so that a facilitator can run it from paper."""

    title = blocks.CharBlock(label=_("Step title"), max_length=200)
    duration = blocks.IntegerBlock(label=_("Duration (minutes)"), min_value=1, max_value=480)
    instructions = blocks.RichTextBlock(label=_("Instructions"), features=RICH_TEXT_FEATURES)
    materials = blocks.ListBlock(
        blocks.CharBlock(label=_("Item")),
        label=_("Materials"),
        required=False,
        default=[],
    )
    tips = blocks.RichTextBlock(label=_("Facilitator tips"), features=RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "list-ol"
        label = _("Step")
        template = "cms/blocks/step_block.html"


class KitStepsBlock(blocks.StreamBlock):
    step = StepBlock()

    class Meta:
        min_num = 1
        block_counts = {"step": {"min_num": 1}}


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External address"), required=False)
    description = blocks.CharBlock(label=_("Description"), required=False, max_length=280)

    class Meta:
        icon = "link"
        label = _("Link")
        template = "cms/blocks/link_block.html"


class ProgrammeBlock(blocks.StructBlock):
    """A sequence of a referent training day (morning, afternoon…)."""

    title = blocks.CharBlock(label=_("Sequence"), max_length=200)
    duration = blocks.IntegerBlock(label=_("Duration (minutes)"), min_value=1, max_value=480)
    content = blocks.RichTextBlock(label=_("Content"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "time"
        label = _("Sequence")
        template = "cms/blocks/programme_block.html"
