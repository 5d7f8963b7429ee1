"""Art. 5: nine conditions per kind, the Chinese interface showing the measures' own words."""

import re

import pytest
from django.utils import translation

from directory.models import CenterKind
from submissions.conditions import conditions_for


@pytest.mark.parametrize("kind", [CenterKind.REGIONAL, CenterKind.INDUSTRY])
def test_nine_conditions_per_kind_shown_in_chinese_as_in_the_measures(kind):
    conditions = conditions_for(kind)
    assert [c.number for c in conditions] == list(range(1, 10))
    with translation.override("zh-hans"):
        assert [str(c.label) for c in conditions] == [c.official_zh for c in conditions]
    with translation.override("en"):
        assert not any(re.search(r"[\u4e00-\u9fff]", str(c.label)) for c in conditions)


def test_the_kinds_differ_where_the_measures_differ():
    regional, industry = conditions_for(CenterKind.REGIONAL), conditions_for(CenterKind.INDUSTRY)
    assert "2个以上行业" in regional[2].official_zh
    assert "高质量数据集" in industry[8].official_zh
    assert regional[0].official_zh == industry[0].official_zh
    with translation.override("en"):
        assert regional[0].article == "Art. 5 (1) 1" and industry[8].article == "Art. 5 (2) 9"
    with translation.override("zh-hans"):  # no English in the Chinese form's help text
        assert regional[0].article == "第五条（一）第1项" and industry[8].article == "第五条（二）第9项"
