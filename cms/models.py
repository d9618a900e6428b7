"""Wagtail pages of the network site: home, kit index, kits, referent trainings; kit feedback."""

from django import forms
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES, KitStepsBlock, LinkBlock, ProgrammeBlock
from cms.enums import Audience, DurationRange, KitSort, Licence
from cms.filters import KitFilterForm
from figures.enums import Equipment, Level, Theme
from figures.models import ActivityFact


class ChoiceArrayField(ArrayField):
    """A list of codes from a fixed vocabulary, edited as checkboxes."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        # Skip ArrayField.formfield, which builds a comma-separated text input.
        return super(ArrayField, self).formfield(**defaults)


def _labels(choices_class, codes) -> list[str]:
    lookup = dict(choices_class.choices)
    return [str(lookup.get(code, code)) for code in codes]


class HomePage(Page):
    """The network site's home: an editable introduction, featured kits and links."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    links = StreamField([("link", LinkBlock())], verbose_name=_("useful links"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("featured_kits", label=_("Featured kits"), max_num=6),
        FieldPanel("links"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.KitIndexPage", "cms.TrainingPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured"] = [
            item.kit for item in self.featured_kits.select_related("kit").filter(kit__in=KitPage.objects.published())
        ] or list(KitPage.objects.published().order_by("-first_published_at")[:3])
        context["kit_index"] = KitIndexPage.objects.live().child_of(self).first()
        context["trainings"] = TrainingPage.objects.live().public().child_of(self)
        return context


class HomeFeaturedKit(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_kits")
    kit = models.ForeignKey("cms.KitPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("kit"))

    panels = [FieldPanel("kit")]


class KitIndexPage(Page):
    """The library of kits, with filters, French full-text search and sorting by use."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.KitPage"]

    class Meta:
        verbose_name = _("kit index")
        verbose_name_plural = _("kit indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = KitFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context["form"] = form
        context["kits"] = KitPage.objects.child_of(self).matching(**filters)
        return context


class KitPageQuerySet(PageQuerySet):
    def with_usage(self):
        """Times used and structures that used each kit, from the network's anonymous facts."""
        facts = ActivityFact.objects.filter(kit_id=models.OuterRef("pk")).order_by().values("kit_id")
        return self.annotate(
            usage_count=models.functions.Coalesce(
                models.Subquery(facts.annotate(n=models.Count("*")).values("n")[:1]), 0
            ),
            structure_count=models.functions.Coalesce(
                models.Subquery(facts.annotate(n=models.Count("structure_id", distinct=True)).values("n")[:1]), 0
            ),
        )

    def published(self):
        """Kits that are live and public: the one definition of a published kit."""
        return self.live().public()

    def matching(
        self,
        *,
        q: str = "",
        theme: str = "",
        level: str = "",
        audience: str = "",
        duration: str = "",
        equipment: str = "",
        sort: str = "",
    ) -> list["KitPage"]:
        """Published kits matching the filters, searched in French (stems, no accents).

        Without a search, kits are sorted by title unless another sort is asked for; with a
        search, by relevance.
        """
        kits = self.published()
        if theme:
            kits = kits.filter(themes__contains=[theme])
        if level:
            kits = kits.filter(level=level)
        if audience:
            kits = kits.filter(audiences__contains=[audience])
        if equipment:
            kits = kits.filter(equipment__contains=[equipment])
        if duration:
            low, high = DurationRange(duration).bounds
            kits = kits.filter(duration_minutes__gte=low)
            if high is not None:
                kits = kits.filter(duration_minutes__lte=high)
        kits = kits.with_usage().with_rating()
        ranking: dict[int, int] | None = None
        if q.strip():
            matches = self.model.objects.live().search(q.strip(), operator="and")
            ranking = {kit.pk: position for position, kit in enumerate(matches)}
            kits = kits.filter(pk__in=ranking)
        order = {
            KitSort.USE: ["-usage_count", "title"],
            KitSort.RATING: [models.F("rating_average").desc(nulls_last=True), "title"],
            KitSort.RECENT: [models.F("first_published_at").desc(nulls_last=True), "title"],
            KitSort.TITLE: ["title"],
        }.get(sort, ["title"])
        results = list(kits.order_by(*order))
        if ranking is not None and not sort:
            results.sort(key=lambda kit: ranking[kit.pk])
        return results

    def with_rating(self):
        feedback = KitFeedback.objects.filter(kit_id=models.OuterRef("pk")).order_by().values("kit_id")
        return self.annotate(
            rating_average=models.Subquery(feedback.annotate(a=models.Avg("rating")).values("a")[:1]),
            rating_count=models.functions.Coalesce(
                models.Subquery(feedback.annotate(n=models.Count("*")).values("n")[:1]), 0
            ),
        )


KitPageManager = PageManager.from_queryset(KitPageQuerySet)


class KitPage(RoutablePageMixin, Page):
    """A ready-to-use animation kit: what a referent needs to run a workshop."""

    summary = models.TextField(_("summary"), max_length=600, help_text=_("Two or three sentences shown in lists."))
    objectives = RichTextField(_("objectives"), features=RICH_TEXT_FEATURES)
    audiences = ChoiceArrayField(
        models.CharField(max_length=30, choices=Audience.choices),
        verbose_name=_("target publics"),
        default=list,
        blank=True,
    )
    audience_details = models.CharField(
        _("target public, in words"), max_length=255, blank=True, help_text=_("Prerequisites, specific needs…")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BEGINNER)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    group_size_min = models.PositiveSmallIntegerField(_("group size, minimum"), default=1)
    group_size_max = models.PositiveSmallIntegerField(_("group size, maximum"), default=8)
    equipment = ChoiceArrayField(
        models.CharField(max_length=20, choices=Equipment.choices),
        verbose_name=_("equipment needed"),
        default=list,
        blank=True,
    )
    themes = ChoiceArrayField(
        models.CharField(max_length=50, choices=Theme.choices), verbose_name=_("themes"), default=list
    )
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.ETALAB)
    steps = StreamField(KitStepsBlock(), verbose_name=_("steps"))

    objects = KitPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("objectives"),
        MultiFieldPanel(
            [
                FieldPanel("themes"),
                FieldPanel("level"),
                FieldRowPanel(
                    [FieldPanel("duration_minutes"), FieldPanel("group_size_min"), FieldPanel("group_size_max")]
                ),
                FieldPanel("equipment"),
                FieldPanel("audiences"),
                FieldPanel("audience_details"),
                FieldPanel("licence"),
            ],
            heading=_("Practical details"),
        ),
        FieldPanel("steps"),
        InlinePanel("attachments", label=_("Attachments")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("objectives"),
        index.SearchField("audience_details"),
        index.SearchField("vocabulary_text", boost=2),
        index.SearchField("steps"),
        index.FilterField("level"),
        index.FilterField("duration_minutes"),
    ]

    parent_page_types = ["cms.KitIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("animation kit")
        verbose_name_plural = _("animation kits")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group_size_min__lte=models.F("group_size_max")),
                name="kitpage_group_size_range",
                violation_error_message=_("The minimum group size cannot exceed the maximum."),
            )
        ]

    def clean(self):
        super().clean()
        if self.group_size_min and self.group_size_max and self.group_size_min > self.group_size_max:
            raise ValidationError({"group_size_max": _("The minimum group size cannot exceed the maximum.")})
        if not self.themes:
            raise ValidationError({"themes": _("Choose at least one theme.")})

    @property
    def theme_labels(self) -> list[str]:
        return _labels(Theme, self.themes)

    @property
    def equipment_labels(self) -> list[str]:
        return _labels(Equipment, self.equipment)

    @property
    def audience_labels(self) -> list[str]:
        return _labels(Audience, self.audiences)

    def vocabulary_text(self) -> str:
        """Labels of the kit's codes, in French, so that "sécurité" finds a kit on digital security."""
        with translation.override("fr"):
            words = [*self.theme_labels, *self.equipment_labels, *self.audience_labels, str(self.get_level_display())]
        return " ".join(words)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.has_network_role:
            context["usage"] = self.usage()
            context["network_feedback"] = self.network_feedback()
        return context

    def usage(self) -> dict:
        """How often the kit was used across the network, and by how many structures."""
        return ActivityFact.objects.filter(kit_id=self.pk).aggregate(
            times=models.Count("*"), structures=models.Count("structure_id", distinct=True)
        )

    def network_feedback(self) -> dict:
        """Ratings and comments of every structure, for trainers: no person's name, no structure's name."""
        feedback = KitFeedback.objects.of_kit(self)
        summary = feedback.aggregate(average=models.Avg("rating"), count=models.Count("*"))
        comments = list(feedback.exclude(comment="").values("rating", "comment", "created_at")[:50])
        return {**summary, "comments": comments}

    @path("imprimer/", name="print")
    def print_version(self, request):
        return self.render(request, template="cms/kit_print.html", context_overrides={"print_mode": True})


class KitAttachment(Orderable):
    """A slide deck, hand-out or exercise sheet: a Wagtail document or image."""

    page = ParentalKey(KitPage, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )

    panels = [FieldPanel("title"), FieldPanel("document"), FieldPanel("image")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if bool(self.document_id) == bool(self.image_id):
            raise ValidationError(_("Choose either a document or an image."))


class TrainingPage(Page):
    """One of the two one-day trainings of the structures' referents."""

    summary = models.TextField(_("summary"), max_length=600)
    objectives = RichTextField(_("objectives"), features=RICH_TEXT_FEATURES)
    audience = models.CharField(_("target public"), max_length=255, blank=True)
    duration_hours = models.PositiveSmallIntegerField(_("duration (hours)"), default=7)
    programme = StreamField([("sequence", ProgrammeBlock())], verbose_name=_("programme"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("duration_hours")]),
        FieldPanel("programme"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("objectives")]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("referent training")
        verbose_name_plural = _("referent trainings")


class KitFeedbackQuerySet(models.QuerySet):
    def of_structure(self, structure):
        return self.filter(structure=structure)

    def of_kit(self, kit):
        return self.filter(kit=kit)


class KitFeedback(models.Model):
    """A structure's rating of a kit after a workshop. Other structures never see who wrote it."""

    RATING_MIN = 1
    RATING_MAX = 5

    kit = models.ForeignKey(KitPage, on_delete=models.CASCADE, related_name="feedbacks", verbose_name=_("kit"))
    structure = models.ForeignKey(
        "tenants.Structure", on_delete=models.CASCADE, related_name="kit_feedbacks", verbose_name=_("structure")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kit_feedbacks",
        verbose_name=_("author"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = KitFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("kit feedback")
        verbose_name_plural = _("kit feedback")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5),
                name="kitfeedback_rating_range",
                violation_error_message=_("The rating must be between 1 and 5."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kit_id} – {self.rating}/5"
