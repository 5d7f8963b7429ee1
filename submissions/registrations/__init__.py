"""Online registration for matchmaking events (Art. 18): the model, the public form and its views. The
rules and writes are `submissions.services.registrations`; the organiser's screens are
`submissions.admin_views.registrations`."""
