"""Signals the directory sends to the apps above it (issue 11: a lower app never imports a higher one).

`revocation_proposal_confirmed`: staff confirmed a revocation proposal (`directory.lifecycle.
revocation_confirm`). Sent inside the confirmation's transaction as
`send(sender=RevocationProposal, proposal=proposal, effective_on=date, by=user)`. The notices app
receives it, drafts the revocation notice and sets and saves `proposal.notice`; a receiver that raises
`ValidationError` (e.g. there is no notice list) undoes the confirmation.
"""

from django.dispatch import Signal

revocation_proposal_confirmed = Signal()
