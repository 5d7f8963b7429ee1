"""Who may use the lifecycle desk, and for which areas. Each decision is a model permission (given to the
roles in `home.roles`): provincial editors decide, city-bureau reviewers file their areas'
reorganisations and see only their areas."""

from directory.models import ReviewerArea

DECIDE_PROPOSALS = "directory.decide_revocationproposal"
PROPOSE = "directory.add_revocationproposal"
FILE_TASKS = "directory.file_reorganisationtask"
VIEW_REVOCATIONS = "directory.view_revocation"
LIFECYCLE_PERMISSIONS = (DECIDE_PROPOSALS, FILE_TASKS, VIEW_REVOCATIONS)


def can_use_lifecycle_desk(user) -> bool:
    return user.is_active and any(user.has_perm(p) for p in LIFECYCLE_PERMISSIONS)


def area_keys_for(user):
    """None when `user` acts for the whole province; otherwise the translation keys of the areas they
    are a city-bureau reviewer for (Art. 11: the city bureau manages its area's regional centers)."""
    if user.has_perm(DECIDE_PROPOSALS):
        return None
    return ReviewerArea.objects.filter(user=user).values("area__translation_key")
