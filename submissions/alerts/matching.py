"""Who wants a notice: the one rule matching a subscription's choices to a notice's kind, areas and
industries (`notices.models.topics`)."""

from notices.models.topics import Topics


def subscription_wants(subscription, *, kind: str, topics: Topics) -> bool:
    """Kind × area × industry, each an "and". An empty choice means all. A notice naming no area concerns
    the whole province, so it reaches every area's subscribers; likewise for industries. Otherwise the
    notice must name at least one of the chosen areas (and one of the chosen industries)."""
    if subscription.kinds and kind not in subscription.kinds:
        return False
    if subscription.areas and topics.area_slugs and not topics.area_slugs.intersection(subscription.areas):
        return False
    return not (
        subscription.industries
        and topics.industry_slugs
        and not topics.industry_slugs.intersection(subscription.industries)
    )
