"""``/`` (search box, what the archive holds) and ``/help`` (query syntax)."""

from __future__ import annotations

from flask import Blueprint, render_template

from indexer.search import counties
from indexer.stats import index_stats
from web.facet_links import group_by_city
from web.index_handle import get_store

bp = Blueprint("pages", __name__)

#: Query examples shown on /help; each one finds something in the bundled corpus.
HELP_EXAMPLES = [
    ("锂电", "任意两个以上连续汉字：找出包含“锂电”的文章（也会找到“锂电池”“锂电新能源”）。"),
    ('"华昊锂电"', "加英文双引号：精确短语，只找原文中连续出现这几个字的文章。"),
    ("锂电 -永新", "空格分隔表示“并且”；词前加减号表示排除：含“锂电”但不提永新的文章。"),
    ("泰和 OR 安福", "OR（大写）表示“或者”：提到泰和或安福的文章。"),
    ("title:医保", "title: 只在标题中查找。"),
    ("author:李歆", "author: 按作者（记者、通讯员）查找。"),
    ("county:永新县", "county: 只看报道某个县区的文章（也可用左侧的分面筛选）。"),
    ("鋰電池", "繁体字、全角字母数字会自动转换，与简体检索结果相同。"),
]


@bp.get("/")
def home():
    store = get_store()
    return render_template("home.html", stats=index_stats(store), by_city=group_by_city(counties(store)),
                           examples=HELP_EXAMPLES[:4])


@bp.get("/help")
def help_page():
    return render_template("help.html", examples=HELP_EXAMPLES)
