"""The home page: what waits for the user (attention.py), then their committees."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from giaoban.org.selectors import committee_list

from .attention import attention_for


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "site/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["attention"] = attention_for(self.request.user)
        context["committees"] = committee_list(user=self.request.user)
        return context
