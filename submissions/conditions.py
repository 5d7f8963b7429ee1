"""Art. 5: the nine basic conditions of each kind of center, in one place.

`official_zh` is the text of the measures, word for word (the Chinese interface shows it through the
catalogue, and a test keeps the two identical); `label` is the English translation, the msgid. An
application states, per condition of its kind, how the applicant meets it (`Application.condition_statements`,
keyed by `key`).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.models import CenterKind


@dataclass(frozen=True)
class Condition:
    kind: str
    number: int
    label: Promise
    official_zh: str

    @property
    def key(self) -> str:
        return f"{self.kind}_{self.number}"

    @property
    def article(self) -> str:
        """E.g. "Art. 5 (2) 1" in English, "第五条（二）第1项" in Chinese."""
        if self.kind == CenterKind.REGIONAL:
            return gettext("Art. 5 (1) %(number)s") % {"number": self.number}
        return gettext("Art. 5 (2) %(number)s") % {"number": self.number}


_REGIONAL = (
    (
        _(
            "An independent legal-person enterprise or institution providing digital-transformation services; the applicant (every consortium member) operates soundly and is not on the joint list for punishing dishonesty."
        ),
        "具备独立法人单位的数字化转型服务企业、机构,申报主体(联合体各单位)运行良好且未纳入联合失信惩戒目录。",
    ),
    (_("Has the basic conditions and environment to operate."), "具备开展运营的基础条件和环境。"),
    (_("Able to support the digital transformation of two or more industries."), "具备服务2个以上行业数字化转型能力。"),
    (
        _(
            "Can accumulate industrial knowledge across several industries, with technical innovation and integration capability; can actively help solve key problems in upgrading traditional industries and fostering new business forms and models, and advance R&D of core digital-transformation technologies and the transfer of innovation results."
        ),
        "具备多行业的工业知识沉淀能力,技术创新能力和融合能力,能积极推动解决传统产业转型升级、新业态新模式培育过程中出现的关键问题,推动数字化转型核心技术研发和创新成果转化。",
    ),
    (
        _(
            "Has professional digital-transformation service capability: can map the digital transformation of key industries in industrial clusters and development zones, help enterprises in the area draw up practical digital upgrade plans, provide tailored solutions and guide enterprises step by step; has complete diagnostic tools and system-solution capability for manufacturing digitalisation."
        ),
        "具备专业的数字化转型服务能力,能够绘制产业集聚区、开发区内重点行业的数字化转型图谱,帮助区域内企业制定切合实际的数字化改造方案,提供个性化解决方案,跟踪指导企业逐步开展数字化转型。具有完备的制造业数字化的诊断分析工具、系统解决能力。",
    ),
    (
        _(
            "Has strong capacity to drive industry: opens and shares specialised platforms, development tools and engineering research facilities with enterprises in the area, and provides specialised training, technical support and data products and services."
        ),
        "具有较强的产业带动能力,能够面向区域内企业,开放共享专业化平台、开发工具、工程化研究设施体系等资源,提供专业化培训、技术支持和数据产品服务。",
    ),
    (
        _("Has a professional digital-transformation service team and the capability to serve locally."),
        "具备专业的数字化转型服务团队和属地化服务能力。",
    ),
    (
        _("Has a sound basis of industry–university–research cooperation and market operation capability."),
        "具备良好的产学研基础和市场运作能力。",
    ),
    (
        _("Can provide consulting on the digital development level of manufacturing enterprises."),
        "具备制造业企业数字化发展水平咨询服务能力。",
    ),
)

_INDUSTRY = (
    _REGIONAL[0],
    _REGIONAL[1],
    (
        _(
            "Has strong accumulated knowledge of the industry it serves, strong technical innovation and integration capability; can actively help solve key problems in upgrading traditional industries and fostering new business forms and models, and advance R&D of core digital-transformation technologies and the transfer of innovation results."
        ),
        "具备所服务行业较强的行业知识沉淀能力,较强的技术创新能力和融合能力,能积极推动解决传统产业转型升级、新业态新模式培育过程中出现的关键问题,推动数字化转型核心技术研发和创新成果转化。",
    ),
    (
        _(
            "Has professional digital-transformation service capability: can map the digital transformation of the industry, help enterprises in the industry draw up practical digital upgrade plans, provide tailored solutions and guide enterprises step by step."
        ),
        "具备专业的数字化转型服务能力,能够绘制行业的数字化转型图谱,帮助行业内企业制定切合实际的数字化改造方案,提供个性化解决方案,跟踪指导企业逐步开展数字化转型。",
    ),
    (
        _(
            "Has strong capacity to drive industry: opens and shares specialised platforms, development tools and engineering research facilities with upstream and downstream enterprises, and provides specialised training, technical support and products and services; has complete diagnostic tools and system-solution capability for industry and enterprise digitalisation."
        ),
        "具有较强的产业带动能力,能够面向行业上下游相关企业,开放共享专业化平台、开发工具、工程化研究设施体系等资源,提供专业化培训、技术支持和产品服务。具有完备的行业、企业数字化的诊断分析工具、系统解决能力。",
    ),
    _REGIONAL[6],
    _REGIONAL[7],
    (
        _("Can provide consulting on the digital development level of enterprises in the industry."),
        "具备行业领域企业数字化发展水平咨询服务能力。",
    ),
    (
        _("May explore gathering and governing data within the industry and building high-quality data sets."),
        "可探索开展行业内数据汇聚治理、打造高质量数据集。",
    ),
)

CONDITIONS: dict[str, tuple[Condition, ...]] = {
    CenterKind.REGIONAL: tuple(
        Condition(CenterKind.REGIONAL, n, label, zh) for n, (label, zh) in enumerate(_REGIONAL, start=1)
    ),
    CenterKind.INDUSTRY: tuple(
        Condition(CenterKind.INDUSTRY, n, label, zh) for n, (label, zh) in enumerate(_INDUSTRY, start=1)
    ),
}


def conditions_for(kind: str) -> tuple[Condition, ...]:
    """Art. 5 (一) 1–9 for a regional center, Art. 5 (二) 1–9 for an industry center."""
    return CONDITIONS[kind]
