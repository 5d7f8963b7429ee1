"""Admin table columns shared by the desks."""

from wagtail.admin.ui.tables import Column


class DaysDateColumn(Column):
    """A moment as the date and time in China, then how many days ago in the site's one wording
    (home/countdown.py): "2026-11-20 14:30 · 10 天前", never Wagtail's "1 周，2 日 之前"."""

    cell_template_name = "home/admin/days_date_cell.html"


class FlagColumn(Column):
    """A yes/no that is a warning when yes (e.g. "area already has a center", Art. 9): a warning tag with
    `flag_text` when set, nothing otherwise. Wagtail's BooleanColumn would show a green tick for the
    warning and a red cross for the all-clear, the wrong way round."""

    cell_template_name = "home/admin/flag_cell.html"

    def __init__(self, name, *, flag_text, **kwargs):
        super().__init__(name, **kwargs)
        self.flag_text = flag_text

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["flag_text"] = self.flag_text
        return context
