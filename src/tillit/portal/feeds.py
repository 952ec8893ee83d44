"""Atom feeds of new decisions and submitted reports, per municipality and per body.

Every text goes out through core.validation.xml_safe: XML 1.0 cannot carry control characters,
and a row stored before they were refused must not break the feed."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from tillit.core.errors import NotFound
from tillit.core.validation import xml_safe
from tillit.core.web import municipality_or_404
from tillit.organisation.selectors import body_get

from .published import data_licence, published_decisions, published_reports

FEED_SIZE = 50


class _Entry:
    def __init__(self, kind, obj, title, text, url, when, body_name):
        self.kind, self.obj, self.title, self.text = kind, obj, xml_safe(title), xml_safe(text)
        self.url, self.when, self.body_name = url, when, xml_safe(body_name)


def feed_entries(municipality, body=None) -> list[_Entry]:
    slug = municipality.slug
    entries = []
    for d in published_decisions(municipality=municipality, body=body)[:FEED_SIZE]:
        # Dated when the body decided (the meeting), not when it was typed in: a decision
        # registered later, or a loaded demo, must not look like news of today.
        when = timezone.make_aware(datetime.combine(d.meeting.date, time(12)))
        entries.append(
            _Entry(
                "decision",
                d,
                f"{d.reference} {d.title}",
                d.text,
                reverse("decisions:detail", args=[slug, d.pk]),
                when,
                d.body.name,
            )
        )
    for r in published_reports(municipality=municipality, body=body)[:FEED_SIZE]:
        entries.append(
            _Entry(
                "report",
                r,
                f"{r.label}: {r.assignment.title} ({r.get_status_display().lower()})",
                r.narrative,
                reverse("followup:report", args=[slug, r.pk]),
                r.submitted_at,  # published reports are submitted ones
                r.assignment.issuer.name,
            )
        )
    entries.sort(key=lambda e: (e.when, e.obj.pk), reverse=True)
    return entries[:FEED_SIZE]


class MunicipalityFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, municipality, slug=None):
        m = municipality_or_404(municipality)
        body = None
        if slug is not None:
            try:
                body = body_get(municipality=m, slug=slug)
            except NotFound as exc:
                raise Http404(exc.message) from None
        return (m, body)

    def title(self, obj):
        m, body = obj
        name = body.name if body else m.name
        return xml_safe(f"{name}: beslut och rapporter")

    def subtitle(self, obj):
        m, body = obj
        return xml_safe(
            f"Nya beslut och inlämnade uppföljningsrapporter från {body.name if body else m.name}, "
            f"{m.name}."
        )

    def link(self, obj):
        m, body = obj
        if body:
            return reverse("organisation:body", args=[m.slug, body.slug])
        return reverse("organisation:start", args=[m.slug])

    def feed_copyright(self, obj):
        licence = data_licence(municipality=obj[0])
        return xml_safe(f"{licence.name} ({licence.id}) {licence.url}".strip())

    def items(self, obj):
        return feed_entries(obj[0], obj[1])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return f"tag:tillit,{item.obj.created_at:%Y-%m-%d}:{item.kind}/{item.obj.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.when

    def item_updateddate(self, item):
        return item.when

    def item_categories(self, item):
        return ["beslut" if item.kind == "decision" else "rapport", item.body_name]

    def item_author_name(self, item):
        return item.body_name
