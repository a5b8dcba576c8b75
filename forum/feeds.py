from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import conf, selectors


class CategoryFeed(Feed):
    """The newest topics of one category, as Atom."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return selectors.get_category(slug)

    def title(self, category):
        return _("Kuulluksi forum: %(category)s") % {"category": category.name}

    def subtitle(self, category):
        return category.description

    def link(self, category):
        return category.get_absolute_url()

    def items(self, category):
        return selectors.latest_topics(category, conf.feed_items())

    def item_title(self, topic):
        return topic.title

    def item_description(self, topic):
        # Already rendered and sanitised with bleach when written.
        return topic.opening_post.body_html if topic.opening_post else ""

    def item_author_name(self, topic):
        return str(topic.author.public_name)

    def item_pubdate(self, topic):
        return topic.created_at

    def item_updateddate(self, topic):
        return topic.last_post_at or topic.created_at
