"""A text marked for translation at import (a form field's label or hint, a model's choices) must stay lazy
until a page shows it: `gettext_lazy("…") % values` there is translated once, when the module is imported, in
the default language, and an English visitor then reads Chinese (the objection form's evidence hint did).
format_lazy keeps it lazy. This reads the project's modules; the pages are tested where they are shown
(tests/submissions/test_objection_form.py, test_event_registrations.py)."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ["home", "directory", "notices", "submissions", "site"]


def _lazy_names(tree) -> set[str]:
    """The names this module imports from django.utils.translation that translate lazily."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name.endswith("_lazy")
    }


def formatted_at_import(source: str) -> list[str]:
    """Each `lazy(...) % …` or `lazy(...) + …` outside a function of `source`: evaluated once, at import."""
    tree = ast.parse(source)
    lazy = _lazy_names(tree)
    found = []

    def visit(node, in_function: bool):
        for child in ast.iter_child_nodes(node):
            if not in_function and isinstance(child, ast.BinOp) and isinstance(child.op, (ast.Mod, ast.Add)):
                for side in (child.left, child.right):
                    if isinstance(side, ast.Call) and getattr(side.func, "id", None) in lazy:
                        found.append(f"line {child.lineno}: {ast.unparse(child)[:100]}")
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(tree, False)
    return found


def test_the_check_finds_a_text_formatted_at_import():
    module = (
        "from django.utils.translation import gettext_lazy as _\n"
        "HINT = _('Up to %(count)d files.') % {'count': 5}\n"
        "def shown():\n"
        "    return _('Up to %(count)d files.') % {'count': 5}\n"
    )
    assert formatted_at_import(module) == ["line 2: _('Up to %(count)d files.') % {'count': 5}"]


def test_no_module_formats_a_lazy_text_at_import():
    found = {
        str(path.relative_to(ROOT)): hits
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        if (hits := formatted_at_import(path.read_text(encoding="utf-8")))
    }
    assert not found, f"use django.utils.text.format_lazy: {found}"
