"""Accessibility checks shared by the browser tests: axe-core (through axe-playwright-python) plus the
structural checks axe cannot make on its own (one h1, landmarks, the page language, errors tied to inputs,
focus that can be seen, no content lost at 200 % and 400 % zoom).

Every check returns the list of problems it found, in words a person can act on, so a failing test says what
is wrong on which page instead of only "assert False".
"""

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0/2.1 A and AA (what GB/T 37668-2019 follows for web content) plus axe's best practices.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}

# Rules consciously accepted, with the reason; kept in step with tests/browser/README.md.
ACCEPTED_RULES: dict[str, str] = {}

BLOCKING_IMPACTS = {"serious", "critical"}

_axe = Axe()

# axe.run's answer trimmed in the page to what the checks read: the violations (passes, incomplete and
# inapplicable rules would cross to Python for nothing).
_RUN_AXE = "(options) => axe.run(document, options).then(results => ({violations: results.violations}))"


def _run_axe(page, options) -> dict:
    """axe-core's violations on the page as it is now (axe injected into the page if it is not there yet)."""
    if not page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(_axe.axe_script)
    return page.evaluate(_RUN_AXE, options)


def axe_violations(page, *, impacts=BLOCKING_IMPACTS, enhanced_contrast: bool = False) -> list[str]:
    """axe-core's violations of the given impacts on the page as it is now, one line per rule; with
    `enhanced_contrast`, in the same run, every failure of WCAG 1.4.6 (see `enhanced_contrast_problems`)."""
    options = AXE_OPTIONS
    if enhanced_contrast:
        options = {**AXE_OPTIONS, "runOnly": {"type": "tag", "values": [*AXE_OPTIONS["runOnly"]["values"], "wcag146"]}}
    problems = []
    for violation in _run_axe(page, options)["violations"]:
        if violation["id"] == ENHANCED_CONTRAST_RULE:
            problems += _enhanced_contrast_lines(violation)
            continue
        if violation["id"] in ACCEPTED_RULES or violation["impact"] not in impacts:
            continue
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        problems.append(f"{violation['impact']}: {violation['id']} ({violation['help']}) at {targets}")
    return problems


ENHANCED_CONTRAST_RULE = "color-contrast-enhanced"


def _enhanced_contrast_lines(violation) -> list[str]:
    return [
        f"{' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}" for node in violation["nodes"]
    ]


def enhanced_contrast_problems(page) -> list[str]:
    """WCAG 1.4.6 (AAA, 7:1 for body text): what the elder-friendly mode promises beyond AA."""
    results = _run_axe(page, {"runOnly": [ENHANCED_CONTRAST_RULE], "resultTypes": ["violations"]})
    return [line for violation in results["violations"] for line in _enhanced_contrast_lines(violation)]


STRUCTURE_SCRIPT = """
() => {
  const problems = [];
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const h1s = [...document.querySelectorAll('h1')].filter(visible);
  if (h1s.length !== 1) problems.push(`expected one visible h1, found ${h1s.length}`);
  for (const [selector, name] of [['header', 'banner (header)'], ['main', 'main'], ['footer', 'contentinfo (footer)']]) {
    const count = document.querySelectorAll(selector).length;
    if (count < 1) problems.push(`no ${name} landmark`);
  }
  if (document.querySelectorAll('main').length > 1) problems.push('more than one main landmark');
  if (!document.querySelector('nav')) problems.push('no navigation landmark');
  if (!document.title.trim()) problems.push('empty <title>');
  const controls = document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), select, textarea');
  for (const control of controls) {
    const named = (control.labels && control.labels.length) || control.getAttribute('aria-label')
      || control.getAttribute('aria-labelledby');
    if (!named) problems.push(`control without a label: ${control.outerHTML.slice(0, 120)}`);
  }
  for (const error of document.querySelectorAll('.field__error')) {
    if (!error.id) { problems.push('error message without an id'); continue; }
    const tied = [...document.querySelectorAll(`[aria-describedby~="${error.id}"]`)];
    if (!tied.length) problems.push(`error message #${error.id} is not tied to its input with aria-describedby`);
    // A single input carries aria-invalid itself; a group (fieldset) carries it on each of its inputs.
    else if (!tied.some(el => el.matches('[aria-invalid=true]') || el.querySelector('[aria-invalid=true]')))
      problems.push(`input for #${error.id} lacks aria-invalid`);
  }
  return problems;
}
"""


def structure_problems(page, *, language: str) -> list[str]:
    """One h1, the landmarks, the page language, labels for every control, errors tied to their inputs."""
    problems = page.evaluate(STRUCTURE_SCRIPT)
    lang = page.get_attribute("html", "lang")
    if lang != language:
        problems.append(f'<html lang="{lang}">, expected "{language}"')
    return problems


def reflow_problems(page) -> list[str]:
    """WCAG 1.4.4 / 1.4.10: at 200 % zoom of a 1280 px window (640 CSS px) and at 400 % (320 CSS px) the page
    reflows into one column: nothing forces the whole page to scroll sideways (a wide table may scroll inside
    its own box)."""
    problems = []
    original = page.viewport_size
    for zoom, css_width in ((200, 640), (400, 320)):
        page.set_viewport_size({"width": css_width, "height": 720})
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 1:
            culprits = page.evaluate(
                """(limit) => [...document.querySelectorAll('body *')]
                    .filter(el => el.getBoundingClientRect().right > limit + 1
                                  && !el.closest('.table-wrap') && getComputedStyle(el).position !== 'absolute')
                    .slice(0, 3).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))""",
                css_width,
            )
            problems.append(f"at {zoom}% zoom the page scrolls sideways by {overflow}px ({', '.join(culprits)})")
    page.set_viewport_size(original)
    return problems


FOCUS_SCRIPT = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const ring = style.boxShadow && style.boxShadow !== 'none';
  return {tag: el.tagName.toLowerCase(), text: (el.textContent || el.value || '').trim().slice(0, 40),
          visible: outline || ring};
}
"""


def focus_problems(page, *, presses: int = 8) -> list[str]:
    """Tab through the first controls of the page: each must show where the focus is (WCAG 2.4.7)."""
    problems = []
    page.locator("body").focus()
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_SCRIPT)
        if focused is None:
            break
        if not focused["visible"]:
            problems.append(f"focus not visible on <{focused['tag']}> {focused['text']!r}")
    return problems


def full_check(page, *, language: str, enhanced_contrast: bool = False) -> list[str]:
    """axe-core's serious and critical violations (with `enhanced_contrast`, WCAG 1.4.6 too) and the structural
    checks, on the page as it is now."""
    return axe_violations(page, enhanced_contrast=enhanced_contrast) + structure_problems(page, language=language)
