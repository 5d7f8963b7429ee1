"""A hand-written corpus for judging search: 62 pages (centers, notices, events) written for the judged
queries of tests/search and tests/bench, kept apart from generate_bulk's name lists. Some titles are in
Traditional characters; some pages hold a query's words only in their description; some are traps
(数字化工作 holds no 化工, 城市场景 no 市场)."""

import datetime as dt

from django.utils import timezone
from wagtail.models import Locale

from tests.factories.directory import area, center, directory_page, event, events_page, industry
from tests.factories.notices import policy_notice

AREAS = {
    "nanchang": "南昌市", "ganzhou": "赣州市", "jiujiang": "九江市", "jingdezhen": "景德镇市", "pingxiang": "萍乡市",
    "xinyu": "新余市", "yingtan": "鹰潭市", "jian": "吉安市", "yichun": "宜春市", "fuzhou": "抚州市",
    "shangrao": "上饶市",
}  # fmt: skip

# slug: (title, area, industry, introduction, lead unit, english title or "")
CENTERS = {
    "j-ganzhou-rare": ("赣州稀土新材料产业数字化转型促进中心", "ganzhou", "稀土", "面向稀土冶炼分离企业提供数字化诊断与工艺优化。", "赣州稀材数科有限公司", ""),
    "j-ruijin-trad": ("瑞金紅色文旅產業數字化轉型促進中心", "ganzhou", "文化旅游", "服務紅色旅遊景區的智慧票務與遊客分析。", "瑞金文旅數智有限公司", ""),
    "j-nankang-furniture": ("南康实木家具产业数字化转型促进中心", "ganzhou", "家具", "为家具企业提供柔性生产排程与订单协同平台。", "南康家居云有限公司", "Nankang Furniture Digital Transformation Promotion Center"),
    "j-ganzhou-regional": ("赣州市区域数字化转型促进中心", "ganzhou", "电子信息", "统筹全市中小企业上云用数赋智。", "赣州数字产业集团", ""),
    "j-nanchang-aviation": ("南昌航空制造数字化转型促进中心", "nanchang", "航空", "为航空零部件企业提供数字孪生与质量追溯。", "洪都智造科技有限公司", "Nanchang Aviation Digital Transformation Promotion Center"),
    "j-nanchang-vr": ("南昌虚拟现实产业数字化转型促进中心", "nanchang", "虚拟现实", "建设VR内容制作公共服务平台。", "南昌红谷滩VR基地运营公司", ""),
    "j-nanchang-hongzhi": ("洪智工业互联网促进中心", "nanchang", "电子信息", "提供工业互联网标识解析二级节点接入服务。", "洪智数科有限公司", ""),
    "j-nanchang-pharma": ("南昌生物医药产业数字化转型促进中心", "nanchang", "医药", "药品生产质量管理规范的数字化改造。", "南昌医药数字科技公司", ""),
    "j-jiujiang-chem": ("九江石油化工产业数字化转型促进中心", "jiujiang", "化工", "为化工园区企业提供安全生产监测与能耗管理。", "九江石化智能科技公司", "Jiujiang Petrochemical Digital Transformation Promotion Center"),
    "j-jiujiang-textile": ("九江纺织服装数字化转型促进中心", "jiujiang", "纺织", "服装企业个性化定制与智能裁剪。", "九江织造云科技", ""),
    "j-jingdezhen-ceramic": ("景德镇陶瓷产业数字化转型促进中心", "jingdezhen", "陶瓷", "陶瓷窑炉温度在线监测与电商直播服务。", "景德镇瓷都数字科技", "Jingdezhen Ceramics Digital Transformation Promotion Center"),
    "j-jingdezhen-heli": ("景德镇直升机制造数字化促进中心", "jingdezhen", "航空", "直升机总装生产线数字化。", "昌河数智航空公司", ""),
    "j-pingxiang-ceramic": ("萍乡工业陶瓷产业数字化转型促进中心", "pingxiang", "陶瓷", "填料与耐火材料企业的生产数据采集。", "萍乡陶瓷云有限公司", ""),
    "j-pingxiang-fireworks": ("上栗烟花爆竹安全生产数字化促进中心", "pingxiang", "烟花爆竹", "烟花爆竹生产企业安全监管与追溯。", "上栗花炮数字科技", ""),
    "j-xinyu-steel": ("新余钢铁产业数字化促进中心", "xinyu", "钢铁", "钢铁企业设备预测性维护与能源管理。", "新钢数字科技有限公司", ""),
    "j-xinyu-lithium": ("新余锂电新能源产业数字化转型促进中心", "xinyu", "锂电", "锂电池电芯生产制造执行系统。", "新余赣锋数字科技", ""),
    "j-yingtan-copper": ("鹰潭铜产业数字化转型促进中心", "yingtan", "铜", "铜加工企业的精益生产与物联网改造。", "鹰潭铜都智联公司", ""),
    "j-yingtan-iot": ("鹰潭物联网产业数字化转型促进中心", "yingtan", "物联网", "窄带物联网模组的测试认证服务。", "鹰潭智慧物联公司", ""),
    "j-jian-electronics": ("吉安电子信息产业数字化转型促进中心", "jian", "电子信息", "印制电路板企业的自动光学检测。", "吉安电子数科公司", ""),
    "j-jian-jinggangshan": ("井岡山農產品電商數字化促進中心", "jian", "农业", "井岡山茶葉與竹筍的網絡銷售服務。", "井岡山農電商有限公司", ""),
    "j-yichun-lithium": ("宜春锂云母产业数字化转型促进中心", "yichun", "锂电", "锂云母选矿与碳酸锂提取的工艺数字化。", "宜春锂都数科公司", ""),
    "j-zhangshu-tcm": ("樟树中医药产业数字化转型促进中心", "yichun", "中医药", "中药饮片炮制的数字化质量控制。", "樟树药都数字科技", ""),
    "j-fuzhou-auto": ("抚州汽车零部件产业数字化转型促进中心", "fuzhou", "汽车", "汽车零部件企业的供应链协同。", "抚州汽配云科技", ""),
    "j-shangrao-pv": ("上饶光伏产业数字化转型促进中心", "shangrao", "光伏", "光伏组件工厂的制造执行系统与良率分析。", "上饶晶科数字公司", "Shangrao Photovoltaics Digital Transformation Promotion Center"),
    "j-shangrao-optics": ("上饶光学产业数字化转型促进中心", "shangrao", "光学", "光学镜头的精密加工数据分析。", "上饶光电智造公司", ""),
    "j-nanchang-food": ("赣江新区绿色食品产业数字化转型促进中心", "nanchang", "食品", "食品企业的冷链追溯与食品安全检测。", "赣江新区食品数科公司", ""),
    "j-wuyuan-tourism": ("婺源乡村旅游数字化促进中心", "shangrao", "文化旅游", "乡村民宿预订与智慧景区导览。", "婺源文旅科技公司", ""),
    "j-fuzhou-it": ("抚州数字经济产业园转型促进中心", "fuzhou", "电子信息", "园区企业的云服务与数据中心托管。", "抚州数字产业发展公司", ""),
    "j-jiujiang-port": ("九江港口物流数字化转型促进中心", "jiujiang", "物流", "港口集装箱调度与多式联运信息平台。", "九江港智慧物流公司", ""),
    "j-yichun-ai": ("宜春人工智能应用促进中心", "yichun", "人工智能", "机器视觉质检与大模型应用咨询。", "宜春智算科技公司", ""),
    "j-ganzhou-logistics": ("赣州国际陆港数字化转型促进中心", "ganzhou", "物流", "中欧班列货运的数字化报关服务。", "赣州陆港数科公司", ""),
    "j-nanchang-market": ("南昌中小企业市场开拓数字化服务中心", "nanchang", "电子信息", "帮助中小企业开拓国内外市场，提供跨境电商培训。", "南昌市场服务数科公司", ""),
}  # fmt: skip

# slug: (title, summary)
NOTICES = {
    "jn-plan-work": ("关于印发《江西省制造业数字化工作方案》的通知", "明确制造业数字化工作的目标与任务。"),
    "jn-scene-work": ("关于征集城市场景数字化应用案例的通知", "征集智慧城市场景应用案例。"),
    "jn-market": ("关于开展中小企业市场开拓专项行动的通知", "支持企业开拓国际市场。"),
    "jn-eval-2025": ("关于公布2025年度省级数字化转型促进中心运行评价结果的通知", "评价结果分为优秀、良好、合格和不合格。"),
    "jn-measures": ("江西省数字化转型促进中心管理办法", "规定促进中心的申报、认定、评价和撤销。"),
    "jn-apply-2026": ("关于组织申报2026年省级数字化转型促进中心的通知", "申报材料于规定时间内提交。"),
    "jn-publicity": ("2026年省级数字化转型促进中心拟认定名单公示", "公示期内可提出异议。"),
    "jn-revoke": ("关于撤销部分数字化转型促进中心资格的通知", "因连续两年评价不合格予以撤销。"),
    "jn-chem-safety": ("关于推进化工园区安全生产数字化改造的通知", "化工园区应建设安全风险智能化管控平台。"),
    "jn-rare-policy": ("关于支持稀土产业链数字化升级的若干措施", "支持稀土企业建设智能工厂。"),
    "jn-sme-cloud": ("中小企业上云用数赋智专项补助申报指南", "对中小企业上云给予补助。"),
    "jn-trad-notice": ("關於舉辦數字化轉型診斷服務培訓班的通知", "培訓診斷服務機構的專業人員。"),
    "jn-ai-policy": ("关于加快人工智能赋能制造业的实施意见", "推动大模型在制造业场景落地。"),
    "jn-data-security": ("工业数据安全分类分级指南", "指导企业开展工业数据分类分级保护。"),
    "jn-lithium-policy": ("宜春市锂电产业高质量发展三年行动计划", "打造锂电新能源产业集群。"),
    "jn-ceramic-policy": ("景德镇陶瓷文化传承创新试验区数字化建设方案", "推动陶瓷产业数字化。"),
    "jn-credit": ("关于核查促进中心牵头单位统一社会信用代码的通知", "核查牵头单位信用代码。"),
    "jn-green": ("绿色工厂与数字化协同发展实施方案", "推动制造业绿色化数字化协同转型。"),
}  # fmt: skip

# slug: (title, area, description)
EVENTS = {
    "je-rare-match": ("稀土产业链供需对接会", "ganzhou", "稀土冶炼与永磁材料企业对接数字化服务商。"),
    "je-scene": ("城市场景数字化应用对接会", "nanchang", "智慧城市场景的解决方案展示。"),
    "je-ceramic-live": ("陶瓷电商直播培训会", "jingdezhen", "陶瓷企业学习直播带货。"),
    "je-pv-forum": ("光伏智能制造论坛", "shangrao", "光伏组件制造执行系统交流。"),
    "je-aviation": ("航空制造数字孪生研讨会", "nanchang", "航空零部件数字孪生应用。"),
    "je-lithium": ("锂电企业数字化诊断专场", "yichun", "为锂电企业提供免费诊断。"),
    "je-chem": ("化工园区安全生产数字化观摩会", "jiujiang", "观摩化工园区智能管控平台。"),
    "je-tcm": ("中医药数字化质量追溯对接会", "yichun", "中药饮片追溯系统展示。"),
    "je-furniture": ("家具产业柔性制造现场会", "ganzhou", "实木家具柔性产线观摩。"),
    "je-ai": ("人工智能大模型应用沙龙", "yichun", "大模型在工业质检中的应用。"),
    "je-trad": ("鷹潭銅加工企業數字化對接會", "yingtan", "銅加工企業與服務商對接。"),
    "je-sme": ("中小企业上云用数赋智政策宣讲会", "fuzhou", "讲解上云补助政策。"),
}  # fmt: skip

# Judged queries: (query, where, the page that must rank first, other relevant pages).
# where: "centers" (the directory and site search), "notices" or "events" (site search), "en" (English
# site search, the English translation of the page).
QUERIES = [
    ("稀土", "centers", "j-ganzhou-rare", []),
    ("稀土新材料", "centers", "j-ganzhou-rare", []),
    ("贛州 稀土", "centers", "j-ganzhou-rare", []),
    ("赣州稀土", "centers", "j-ganzhou-rare", []),
    ("瑞金", "centers", "j-ruijin-trad", []),
    ("红色文旅", "centers", "j-ruijin-trad", []),
    ("瑞金 文旅", "centers", "j-ruijin-trad", []),
    ("南康家具", "centers", "j-nankang-furniture", []),
    ("实木家具", "centers", "j-nankang-furniture", []),
    ("南昌 航空", "centers", "j-nanchang-aviation", []),
    ("虚拟现实", "centers", "j-nanchang-vr", []),
    ("洪智", "centers", "j-nanchang-hongzhi", []),
    ("标识解析", "centers", "j-nanchang-hongzhi", []),
    ("化工", "centers", "j-jiujiang-chem", []),
    ("石油化工", "centers", "j-jiujiang-chem", []),
    ("纺织服装", "centers", "j-jiujiang-textile", []),
    ("景德镇 陶瓷", "centers", "j-jingdezhen-ceramic", []),
    ("直升机", "centers", "j-jingdezhen-heli", []),
    ("萍乡 陶瓷", "centers", "j-pingxiang-ceramic", []),
    ("烟花爆竹", "centers", "j-pingxiang-fireworks", []),
    ("新余 钢铁", "centers", "j-xinyu-steel", []),
    ("新余钢铁数字化转型", "centers", "j-xinyu-steel", []),
    ("锂云母", "centers", "j-yichun-lithium", []),
    ("鹰潭 铜", "centers", "j-yingtan-copper", []),
    ("物联网", "centers", "j-yingtan-iot", ["j-nanchang-hongzhi"]),
    ("井冈山 农产品", "centers", "j-jian-jinggangshan", []),
    ("樟樹 中醫藥", "centers", "j-zhangshu-tcm", []),
    ("汽车零部件", "centers", "j-fuzhou-auto", []),
    ("上饶 光伏", "centers", "j-shangrao-pv", []),
    ("赣江新区 食品", "centers", "j-nanchang-food", []),
    ("婺源乡村旅游", "centers", "j-wuyuan-tourism", []),
    ("中欧班列", "centers", "j-ganzhou-logistics", []),
    ("市场开拓", "centers", "j-nanchang-market", []),
    ("跨境电商 培训", "centers", "j-nanchang-market", []),
    ("冷链追溯", "centers", "j-nanchang-food", []),
    ("ganzhou xitu", "centers", "j-ganzhou-rare", []),
    ("jingdezhen", "centers", "j-jingdezhen-ceramic", ["j-jingdezhen-heli"]),
    ("zhangshu", "centers", "j-zhangshu-tcm", []),
    ("ruijin", "centers", "j-ruijin-trad", []),
    ("xy gangtie", "centers", "j-xinyu-steel", []),
    ("jiujiang petrochemical", "en", "j-jiujiang-chem", []),
    ("nanchang aviation", "en", "j-nanchang-aviation", []),
    ("ceramics", "en", "j-jingdezhen-ceramic", []),
    ("photovoltaic center", "en", "j-shangrao-pv", []),
    ("化工园区安全生产", "notices", "jn-chem-safety", []),
    ("市场开拓", "notices", "jn-market", []),
    ("运行评价结果", "notices", "jn-eval-2025", []),
    ("診斷服務 培訓", "notices", "jn-trad-notice", []),
    ("数据安全分类分级", "notices", "jn-data-security", []),
    ("撤销 资格", "notices", "jn-revoke", []),
    ("统一社会信用代码", "notices", "jn-credit", []),
    ("稀土产业链", "events", "je-rare-match", []),
    ("城市场景", "events", "je-scene", []),
    ("铜加工 对接", "events", "je-trad", []),
    ("大模型 沙龙", "events", "je-ai", []),
]

# Bigram traps: (query, where, a page that must NOT be found).
TRAPS = [
    ("化工", "notices", "jn-plan-work"),
    ("化工", "events", "je-scene"),
    ("市场", "notices", "jn-scene-work"),
    ("市场", "events", "je-scene"),
]


def build(home):
    """Create the corpus under `home` (the demo shell or the full demo); returns {slug: page}."""
    en = Locale.objects.get_or_create(language_code="en")[0]
    directory = directory_page(home)
    pages = {}
    areas = {slug: area(slug, name) for slug, name in AREAS.items()}
    industries = {}
    for slug, (title, area_slug, industry_name, intro, lead, english) in CENTERS.items():
        if industry_name not in industries:
            industries[industry_name] = industry(f"j-{len(industries)}", industry_name)
        page = center(
            directory,
            title,
            slug=slug,
            area=areas[area_slug],
            industries=[industries[industry_name]],
            introduction=f"<p>{intro}</p>",
            lead_unit_name=lead,
        )
        pages[slug] = page
        if english:
            translation = page.copy_for_translation(en, copy_parents=True, alias=False)
            translation.title = english
            translation.introduction = ""
            translation.save_revision().publish()
            pages[f"en:{slug}"] = translation
    today = timezone.localdate()
    for i, (slug, (title, summary)) in enumerate(NOTICES.items()):
        pages[slug] = policy_notice(
            home, title=title, slug=slug, summary=summary, published_on=today - dt.timedelta(days=i)
        )
    events = events_page(home)
    for i, (slug, (title, area_slug, description)) in enumerate(EVENTS.items()):
        pages[slug] = event(
            events,
            title,
            slug=slug,
            area=areas[area_slug],
            description=f"<p>{description}</p>",
            starts_at=timezone.now() + dt.timedelta(days=10 + i),
        )
    return pages
