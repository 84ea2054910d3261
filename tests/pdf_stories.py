"""Invented stories (no seed or evaluation text) laid out as newspaper pages for the PDF tests."""

from __future__ import annotations

from pdfmaker import PageLayout, StoryLayout, story_height

FARM = StoryLayout(
    title="青禾县举办首届农机手技能比武",
    byline="本报记者 孟书言",
    paragraphs=[
        "十月下旬，青禾县现代农业产业园区农机专业合作社联合会在城南试验田举办首届农机手技能比武，来自全县十二个乡镇的六十名农机手参加了犁地、播种和收割三个项目的比拼。",
        "比武现场，参赛选手驾驶拖拉机在规定线路内完成倒车入库和田间转弯，评委从作业质量、用时和安全操作等方面打分。经过一整天的角逐，来自柳河镇的选手夺得第一名。",
        "县农业农村局有关负责人介绍，今年全县新增大中型农机具三百余台，农作物耕种收综合机械化率达到百分之八十六。下一步将把技能比武办成每年一届的固定赛事，带动更多青年农民学技术、用农机。",
    ],
    columns=3,
    top=90.0,
)

CLINIC = StoryLayout(
    title="云岭大学附属第三医院开通夜间门诊",
    kicker="方便上班族看病",
    byline="通讯员 苏晓岚 记者 韩立",
    paragraphs=[
        "从本月起，云岭大学附属第三医院在门诊楼一层开设夜间门诊，每天傍晚六点至九点接诊，内科、儿科和皮肤科的专家轮流坐诊。",
        "医院门诊部主任沈青介绍，开诊首周已接待患者四百多人次，其中七成是白天上班的年轻人。",
    ],
    caption="夜间门诊开诊首日，患者在自助机前挂号。",
    columns=1,
    x=40.0,
    width=250.0,
)

CANTEEN = StoryLayout(
    title="白鹭湾社区建起老年食堂",
    paragraphs=[
        "白鹭湾社区老年食堂日前正式开张，六十岁以上的居民每餐只需花八元就能吃上两荤一素。",
        "食堂由社区居委会和一家本地餐饮企业合作运营，菜单每周更换一次，对腿脚不灵便的独居老人还提供送餐上门服务。社区书记罗梅说，开张以来每天有一百多位老人来用餐。（记者 林溪）",
    ],
    columns=1,
    title_below=True,
    x=305.0,
    width=250.0,
)

BRIDGE = StoryLayout(
    title="江州跨河大桥主体完工",
    paragraphs=[
        "本报江州讯（记者 杜若飞）经过两年多的施工，江州跨河大桥主体工程日前完工，全桥进入桥面铺装和附属设施施工阶段。",
        "大桥由江州市城市建设投资集团有限公司投资建设，全长一千六百米，双向六车道。建成后，河东新区到老城区的车程将由四十分钟缩短到十分钟以内。",
    ],
    columns=2,
    top=90.0,
)


def first_page() -> PageLayout:
    below = FARM.top + story_height(FARM) + 24
    CLINIC.top = CANTEEN.top = below
    return PageLayout([FARM, CLINIC, CANTEEN], masthead="临川日报")


def second_page() -> PageLayout:
    return PageLayout([BRIDGE])


def _short(title: str, first: str, second: str, **kw) -> StoryLayout:
    return StoryLayout(title=title, paragraphs=[first, second], **kw)


QUADRANTS = [
    _short(
        "松川镇修通进山公路",
        "松川镇最后一段进山公路近日铺上了沥青，沿线四个村的果农从此可以开着货车进园收果。",
        "这段公路长九公里，由镇政府筹资修建，县交通运输局负责技术指导。",
    ),
    _short(
        "石桥中学开设航模课",
        "石桥中学本学期开设航模选修课，每周两节，由物理老师和校外辅导员共同授课。",
        "学生们自己动手制作滑翔机，期末还将参加全市青少年航模比赛。",
    ),
    _short(
        "东岸渔港完成清淤",
        "东岸渔港清淤工程完工，港池水深恢复到四米，大型渔船可以在退潮时进出港。",
        "市海洋渔业局表示，渔港还将新建一座冷库，方便渔民就近储存渔获。",
    ),
    _short(
        "枫林街道举办邻里节",
        "枫林街道第五届邻里节上周末开幕，居民们在广场上摆起了旧物交换和手工艺品摊位。",
        "街道工作人员介绍，邻里节期间还将举办家庭厨艺比赛和社区运动会。",
    ),
]


def titles_below_page() -> PageLayout:
    """Four stories in a two-by-two grid, every headline printed under its text."""
    stories = []
    for k, s in enumerate(QUADRANTS):
        s.columns, s.title_below, s.width = 1, True, 250.0
        s.x = 40.0 if k % 2 == 0 else 305.0
        s.top = 60.0 if k < 2 else 330.0
        stories.append(s)
    return PageLayout(stories)


def side_by_side_page() -> PageLayout:
    """Three one-column stories next to each other, headlines above."""
    stories = []
    for k, s in enumerate(QUADRANTS[:3]):
        s = StoryLayout(s.title, list(s.paragraphs), columns=1, x=40.0 + k * 176.0, width=160.0, top=60.0)
        stories.append(s)
    return PageLayout(stories)
