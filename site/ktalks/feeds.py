"""Atom feed that announces new K-talk notes."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import selectors


class NotesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, index_page):
        self.request = request
        return index_page

    def title(self, index_page):
        return _("Kuulluksi: K-talk notes")

    def subtitle(self, index_page):
        return _("Notes of K-talks: the voices of experience and their messages to decision-makers.")

    def link(self, index_page):
        return index_page.get_url(request=self.request)

    def items(self, index_page):
        return selectors.notes_for_feed(index_page)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        return item.get_full_url(request=self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.host_body.name if item.host_body else None
