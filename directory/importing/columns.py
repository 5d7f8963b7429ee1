"""The template's columns for each kind of record, the allowed values, and turning a cell into a value.

The headers are the file format the province fills in, so they are fixed Chinese text (a trailing * marks
a required column); the column keys are accepted as headers too. Allowed values are the Chinese labels of
the site's choices, read with Chinese active, plus their English labels and codes.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from django.utils import translation

from directory.models import CenterKind, CenterStatus, Rating, RevocationCause
from home.search import to_simplified

CENTERS, RATINGS, REVOCATIONS = "centers", "ratings", "revocations"
KINDS = (CENTERS, RATINGS, REVOCATIONS)

# The first cell of the template's example row starts with this; such rows are never imported.
EXAMPLE_MARK = "示例："

# Stored with imported ratings and revocations, so an export gives back the 文号 (data, in the site's language).
IMPORT_NOTE = "导入"
NUMBER_PREFIX = "导入，文号："


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 18

    @property
    def title(self) -> str:
        return self.header + ("*" if self.required else "")


COLUMNS = {
    CENTERS: (
        Column("name", "促进中心名称", True, 36),
        Column("kind", "类型", True, 10),
        Column("area", "所在地区", True, 12),
        Column("industries", "服务行业", True, 24),
        Column("services", "服务内容", False, 36),
        Column("lead_unit", "牵头单位", True, 30),
        Column("credit_code", "统一社会信用代码", True, 22),
        Column("members", "联合体成员", False, 40),
        Column("management_unit", "管理单位", False, 26),
        Column("batch_year", "认定年份", True, 10),
        Column("phone", "联系电话", False, 16),
        Column("email", "电子邮箱", False, 24),
        Column("website", "网站", False, 28),
        Column("address", "地址", False, 32),
        Column("former_names", "曾用名", False, 30),
        Column("status", "状态", False, 10),
    ),
    RATINGS: (
        Column("center", "促进中心名称", True, 36),
        Column("credit_code", "牵头单位统一社会信用代码", False, 24),
        Column("year", "评价年度", True, 10),
        Column("rating", "评价结果", True, 10),
        Column("bulletin", "通报文号", False, 28),
    ),
    REVOCATIONS: (
        Column("lead_unit", "牵头单位", True, 30),
        Column("credit_code", "统一社会信用代码", True, 22),
        Column("center", "促进中心名称", False, 36),
        Column("cause", "撤销原因", True, 30),
        Column("revoked_on", "撤销日期", True, 12),
        Column("notice", "撤销公告文号", False, 28),
    ),
}

SHEET_TITLES = {CENTERS: "促进中心", RATINGS: "年度评价", REVOCATIONS: "撤销记录"}
ALLOWED_SHEET_TITLE = "可选值"

_SPACES = re.compile(r"\s+")
LIST_SEPARATORS = re.compile(r"[、,，;；\n/]+")
MEMBER_SEPARATORS = re.compile(r"[;；\n]+")
_MEMBER = re.compile(r"^(?P<name>.+?)\s*[(（]\s*(?P<code>[^()（）]*)\s*[)）]\s*$")


def name_key(value) -> str:
    """A name as compared: NFKC, Simplified, no spaces, lower case. 贛州 and 赣州 are the same."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return to_simplified(_SPACES.sub("", text)).lower()


def place_key(value) -> str:
    """An area's name as compared: as `name_key`, without a final 市 (赣州 and 赣州市 are the same)."""
    key = name_key(value)
    return key[:-1] if len(key) > 1 and key.endswith("市") else key


def header_key(value) -> str:
    return name_key(value).rstrip("*").strip()


def split_list(value) -> list[str]:
    """The items of a list cell (industries, services, former names), separated by 、 , ; or new lines."""
    seen, items = set(), []
    for item in LIST_SEPARATORS.split(str(value or "")):
        item = item.strip()
        if item and item not in seen:
            seen.add(item)
            items.append(item)
    return items


def split_members(value) -> list[tuple[str, str]]:
    """Consortium members as (name, credit code): "名称（代码）；名称（代码）", the code optional."""
    members = []
    for item in MEMBER_SEPARATORS.split(str(value or "")):
        item = item.strip()
        if not item:
            continue
        match = _MEMBER.match(item)
        members.append((match["name"].strip(), match["code"].strip()) if match else (item, ""))
    return members


def join_members(members) -> str:
    return "；".join(f"{name}（{code}）" if code else name for name, code in members)


def note_with_number(number: str) -> str:
    return f"{NUMBER_PREFIX}{number}" if number else IMPORT_NOTE


def number_from_note(note: str) -> str:
    return note[len(NUMBER_PREFIX) :] if (note or "").startswith(NUMBER_PREFIX) else ""


_CHINESE_NUMERALS = {"一": "1", "二": "2", "三": "3", "四": "4"}


class Vocabulary:
    """The allowed values of the fixed choices: Chinese label → code, with English labels and codes."""

    @staticmethod
    def _choices(choices, extra=()) -> dict[str, str]:
        table = {}
        for value, label in choices.choices:
            table[name_key(value)] = value
            with translation.override("en"):
                table[name_key(str(label))] = value
            with translation.override("zh-hans"):
                table[name_key(str(label))] = value
        for word, value in extra:
            table[name_key(word)] = value
        return table

    @cached_property
    def kinds(self):
        return self._choices(CenterKind, [("区域", CenterKind.REGIONAL), ("行业", CenterKind.INDUSTRY)])

    @cached_property
    def statuses(self):
        return self._choices(CenterStatus, [("正常", CenterStatus.ACTIVE), ("撤销", CenterStatus.REVOKED)])

    @cached_property
    def ratings(self):
        return self._choices(Rating)

    @cached_property
    def causes(self):
        table = self._choices(RevocationCause)
        for key, value in list(table.items()):
            # The label without its number: 连续两次评价不合格 for （一）连续两次评价不合格.
            table.setdefault(re.sub(r"^[(（][^)）]*[)）]", "", key), value)
        for number, value in zip("1234", RevocationCause.values, strict=True):
            for form in (number, f"({number})", f"（{number}）"):
                table[name_key(form)] = value
        for numeral, number in _CHINESE_NUMERALS.items():
            value = table[number]
            for form in (numeral, f"（{numeral}）", f"({numeral})"):
                table[name_key(form)] = value
        return table

    def cause(self, text) -> str | None:
        """A cause from its label, its number ((1), 1, （一）) or a label starting with its number."""
        key = name_key(text)
        if key in self.causes:
            return self.causes[key]
        match = re.match(r"^[(（]?([1-4一二三四])[)）]?", key)
        return self.causes.get(name_key(_CHINESE_NUMERALS.get(match[1], match[1]))) if match else None


def labels_zh(choices) -> list[str]:
    with translation.override("zh-hans"):
        return [str(label) for label in choices.labels]


def label_zh(choices, value) -> str:
    if not value:
        return ""
    with translation.override("zh-hans"):
        return str(choices(value).label)


def as_text(value) -> str:
    """A cell as text: numbers without a trailing .0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return unicodedata.normalize("NFKC", str(value)).strip() if not isinstance(value, int) else str(value)


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def as_date(value) -> dt.date | None:
    """A date cell: a spreadsheet date, or 2024-03-10, 2024/3/10, 2024.3.10, 2024年3月10日, 20240310."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = as_text(value)
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def as_year(value) -> int | None:
    text = as_text(value).removesuffix("年度").removesuffix("年").strip()
    return int(text) if re.fullmatch(r"\d{4}", text) else None
