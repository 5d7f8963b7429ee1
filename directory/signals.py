from django.dispatch import Signal

revocation_proposal_confirmed = Signal()
