"""A small hand-written corpus with papers, dates and pages (and one page
without any), for the views that browse and filter by them. Every text here
is made up for the tests."""

from __future__ import annotations

from pathlib import Path

PAGES = {
    "合成日报/2023-05-02/1.txt": [
        ("永新茶园迎来春茶采摘季", "本报永新讯（记者张三 通讯员李四）连日来，永新县的茶园里一片繁忙，茶农们抢抓晴好天气采摘春茶，今年的春茶产量预计比去年增长两成。"),
        ("泰和乌鸡走进城市餐桌", "本报泰和讯（记者王五）泰和县近日举办乌鸡品牌推介活动，多家餐饮企业与养殖合作社签订供货协议。"),
        ('永新茶叶"出海"订单翻番', "本报永新讯（记者张三）永新县的绿茶今年首次出口，外贸订单比上一年翻了一番，茶园工人忙着装箱。"),
    ],
    "合成日报/2023-05-02/2.txt": [
        ("安福县修缮百年古桥", "本报安福讯（记者赵六）安福县文物部门完成了对一座百年石拱桥的修缮，古桥恢复了往日的模样，附近村民又能从桥上走过。"),
    ],
    "合成日报/2023-05-02/10.txt": [
        ("吉安县举办乡村篮球赛", "本报吉安县讯（记者赵六）吉安县二十支村队参加乡村篮球赛，决赛吸引了上千名村民到场观看。"),
    ],
    "合成日报/2023-11-20/1.txt": [
        ("永新冬季茶园管护忙", "本报永新讯（记者张三）入冬以来，永新县茶农给茶园施肥培土，为来年的春茶打好基础。"),
    ],
    "合成日报/2024-01-15/1.txt": [
        ("永新锂电产业园新项目签约", "本报永新讯（记者张三）永新县锂电产业园又签下一个新项目，项目建成后每年可生产锂电池材料一万吨。"),
    ],
    "合成晚报/2024-03-08/A04.txt": [
        ("井冈山春季植树活动启动", "本报井冈山讯（记者孙七）井冈山市组织干部群众在荒山上植树，今年计划新增林地五百亩，茶园周边也种上了新苗。"),
    ],
    "misc/page.txt": [
        ("无名小报的一则消息", "本报泰和讯（记者王五）泰和县图书馆延长开放时间，周末也向读者开放，茶歇区同时开放。"),
    ],
}


def write_dated_corpus(root: Path) -> Path:
    for rel, articles in PAGES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n\n".join(f"{title}\n\n{body}" for title, body in articles) + "\n", "utf-8")
    return root
