"""Template helpers for the site chrome, and the one way the site writes a day, a moment and a span of time."""

import re

import rjieba
from django import template
from django.urls import translate_url
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext
from wagtail.models import Locale

from home import countdown as wording
from home import text
from home.cache import memo
from home.context_processors import language_prefix

register = template.Library()

_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
WORD_BREAK = SafeString("<wbr>")  # a constant tag, no data in it


@register.filter
def word_breaks(text) -> str:
    """Chinese text that wraps only between words: <wbr> between jieba's dictionary words (a one-character
    word joined to its neighbour, so 厅 never stands alone, and a short last word to the one before), for an element styled `word-break: keep-all`.
    The header's names use it, so 江西省工业和信息化厅 never breaks as 信息化 / 厅 on a phone."""
    words: list[str] = []
    for part in re.split(f"({_HAN_RUN.pattern})", str(text)):
        if not _HAN_RUN.fullmatch(part):
            words.append(part)
            continue
        run: list[str] = []
        for word in rjieba.cut(part, hmm=False):
            if run and (len(word) == 1 or len(run[-1]) == 1):
                run[-1] += word
            else:
                run.append(word)
        if len(run) > 1 and len(run[-1]) <= 2:  # no short last line: 促进中心, not 促进 / 中心
            run[-2:] = [run[-2] + run[-1]]
        words.extend(run)
    # Every piece of text is escaped by format_html_join; only the <wbr> between them is markup.
    return format_html_join(WORD_BREAK, "{}", ((word,) for word in words if word))


def _translation_url(page, language: str, request) -> str | None:
    try:
        target = page.get_translation(Locale.objects.get_for_language(language))
    except Exception:  # no translation or no such locale: fall back to the path
        return None
    return target.get_url(request) if target.live else None


@register.simple_tag(takes_context=True)
def translated_url(context, language: str) -> str:
    """The address of this page in `language`: the page's own translation when it has one, otherwise the
    same path under the other language prefix, so a visitor never lands on a 404 by switching."""
    request = context["request"]
    page = context.get("page")
    if page is not None and hasattr(page, "get_translations"):
        url = memo(
            ("translated-url", page.translation_key, language), lambda: _translation_url(page, language, request)
        )
        if url:
            return url
    current = get_language()
    full = request.get_full_path()
    url = translate_url(full, language)
    if url == full and language != current:
        # A path Django's resolver does not translate (a Wagtail page): swap the prefix by hand.
        old, new = language_prefix(current), language_prefix(language)
        rest = full[len(old) :] if old and full.startswith(old) else full
        url = new + rest
    return url


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page, current=None) -> dict:
    """The trail every public page shows: home page › … › `page` (its live ancestors below the tree root, one
    query, kept per process until the next change like the other memos). Without `current` the page itself is
    the current step; with it (a form under the page: 报名, 变更报告) the page is linked and `current` names the
    step."""
    parent_path = page.path[: -page.steplen]
    trail = list(memo(("breadcrumbs", parent_path), lambda: list(page.get_ancestors().filter(depth__gt=1).live())))
    if current is None:
        current = page.title
    else:
        trail.append(page)
    return {"trail": trail, "current": current, "request": context.get("request")}


@register.simple_tag
def colon() -> str:
    """The mark between a label and what follows it in running text: "：" in Chinese (full width, no space),
    ": " in English. `<a>已受理</a>{% colon %}<strong>3</strong>`."""
    return pgettext("the mark after a label", ": ")


SENTENCE_ENDS = ("?", "？", ".", "。", "!", "！", ":", "：")


@register.simple_tag
def field_error(label, error) -> str:
    """One line of a form's error summary, in the page's punctuation: "Phone: Enter a …" / "联系电话：请填写…".
    A label that ends a sentence itself (a question) is followed by the error alone, not by a second mark:
    "Which centers does it concern? This field is required." / "涉及哪些中心？此项为必填项。"."""
    label = str(label).strip()
    if label.endswith(SENTENCE_ENDS):
        return format_html(
            pgettext("a form's field and its error, after a question", "{label} {error}"), label=label, error=error
        )
    return format_html("{}{}{}", label, colon(), error)


@register.filter
def join_names(names) -> str:
    """Names in the page's language: 萍乡市、九江市 / Pingxiang, Jiujiang (home/text.py)."""
    return text.join_names(names or ())


@register.filter
def countdown(deadline) -> str:
    """`{{ notice.window_closes_at|countdown }}`: "剩余 21 天" / "今天截止" / "已截止" (home/countdown.py), the
    site's one countdown wording; use it instead of Django's `timeuntil`."""
    return wording.countdown(deadline)


def _time_element(at, text_format: str) -> str:
    return format_html('<time datetime="{}">{}</time>', at.isoformat(), at.strftime(text_format))


@register.simple_tag
def moment(value) -> str:
    """`{% moment event.registration_deadline %}`: <time datetime="2026-12-03T17:00:00+08:00">2026-12-03
    17:00</time> in the site's time zone, nothing for no time. With `time_range` and `day`, the site's one way
    of writing when: Django's `date` filter costs ~35 µs a call, and a card wrote each moment twice."""
    return _time_element(timezone.localtime(value), "%Y-%m-%d %H:%M") if value else ""


@register.simple_tag
def time_range(starts, ends) -> str:
    """`{% time_range event.starts_at event.ends_at %}`: "2026-12-03 09:00 – 17:00" as two <time> elements in
    the site's time zone, the end's date written only when it is another day (an event's cards, its page, its
    registration). Seven `date` filters a card took 2.5 ms of the events list's ~20; this takes 45 µs."""
    starts, ends = timezone.localtime(starts), timezone.localtime(ends)
    end_format = "%H:%M" if ends.date() == starts.date() else "%Y-%m-%d %H:%M"
    return format_html("{} – {}", _time_element(starts, "%Y-%m-%d %H:%M"), _time_element(ends, end_format))


@register.simple_tag
def day(value) -> str:
    """`{% day notice.published_on %}`: <time datetime="2026-12-02">2026-12-02</time> for a date (a moment is
    written by `moment`), nothing for no date."""
    return format_html('<time datetime="{0}">{0}</time>', value.isoformat()) if value else ""


@register.filter
def days_ago(moment) -> str:
    """`{{ submission.submitted_at|days_ago }}`: "今天" / "昨天" / "3 天前" (home/countdown.py), instead of
    Django's `timesince` ("1 周，2 日")."""
    return wording.days_ago(moment)
