from django.views.generic import TemplateView


class HomeView(TemplateView):
    """The structure's home: what a referent does most, one tap away."""

    template_name = "training/home.html"
