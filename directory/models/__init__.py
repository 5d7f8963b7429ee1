"""Centers, the taxonomies that classify them, their ratings, lifecycle records, and matchmaking events.

Pages: DirectoryPage (/centers/) → CenterPage; EventIndexPage (/events/) → EventPage.
Snippets (translatable, stable slugs): Area, Industry, Service.
Status and ratings are written by `directory.services` only (from bulletins, revocations and lifecycle
rules), never typed into the page editor, and survive page revisions (see `CenterPage.with_content_json`).
"""

from directory.models.centers import (
    CenterIndustry,
    CenterPage,
    CenterRating,
    CenterService,
    ConsortiumMember,
    DirectoryPage,
    FormerName,
)
from directory.models.events import EventIndexPage, EventIndustry, EventOrganiser, EventPage
from directory.models.lifecycle import (  # noqa: F401  (registers the lifecycle models)
    ProposalState,
    ReorganisationTask,
    Revocation,
    RevocationProposal,
)
from directory.models.reviewers import CenterManager, ReviewerArea, ReviewerUnit
from directory.models.taxonomies import (
    Area,
    CenterKind,
    CenterStatus,
    Industry,
    Rating,
    RevocationCause,
    Service,
    TaxonomyBase,
)

__all__ = [
    "Area",
    "CenterIndustry",
    "CenterKind",
    "CenterManager",
    "CenterPage",
    "CenterRating",
    "CenterService",
    "CenterStatus",
    "ConsortiumMember",
    "DirectoryPage",
    "EventIndexPage",
    "EventIndustry",
    "EventOrganiser",
    "EventPage",
    "FormerName",
    "Industry",
    "Rating",
    "ReviewerArea",
    "ReviewerUnit",
    "RevocationCause",
    "Service",
    "TaxonomyBase",
]
