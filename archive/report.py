"""Human-readable output of ``newsarchive parse PAGE`` (labels in Chinese)."""

from __future__ import annotations

from archive.models import Article, PageMeta, ParsedPage

UNKNOWN = "未知"
#: `Article.evidence` keys in the order shown, with their labels.
EVIDENCE_LABELS = (("title", "标题"), ("county", "地区"), ("authors", "作者"))
#: How much of each unattributed text block is shown.
LEFTOVER_PREVIEW = 60


def format_page(page: ParsedPage) -> str:
    """Every article of ``page`` with its id, title, people, places and size, then the
    text left unattributed and the problems found."""
    lines = [f"页面：{page.source}", _format_meta(page.meta), f"文章：{len(page.articles)} 篇", ""]
    for number, article in enumerate(page.articles, start=1):
        lines.extend(format_article(article, number))
        lines.append("")
    if page.furniture:
        lines.append(f"页面装饰（导航、来源行、分享链接、声明等；不算正文，仍可搜索）：{len(page.furniture)} 行")
        lines.extend(f"  · {_preview(text)}" for text in page.furniture)
        lines.append("")
    rest = _without(page.leftover, page.furniture)
    if rest:
        lines.append(f"未归属的文字：{len(rest)} 段")
        lines.extend(f"  · {_preview(text)}" for text in rest)
        lines.append("")
    if page.problems:
        lines.append(f"问题：{len(page.problems)} 条")
        lines.extend(f"  ! {problem}" for problem in page.problems)
        lines.append("")
    return "\n".join(lines).rstrip("\n")


def format_article(article: Article, number: int) -> list[str]:
    out = [f"[{number}] {article.display_title}", f"    编号：{article.id}"]
    if article.subtitle:
        out.append(f"    副标题：{article.subtitle}")
    if article.authors:
        out.append("    作者：" + "、".join(f"{a.name}（{a.role}）" if a.role else a.name for a in article.authors))
    if article.dateline:
        out.append(f"    电头：{article.dateline}")
    out.append(f"    地区：{_format_about(article)}")
    if article.mentions:
        out.append("    提及：" + "、".join(dict.fromkeys(p.name for p in article.mentions)))
    length = sum(len(p) for p in article.paragraphs)
    for key, label in EVIDENCE_LABELS:
        if article.evidence.get(key):
            out.append(f"    {label}依据：{article.evidence[key]}")
    out.append(f"    图片说明：{len(article.captions)} 条　段落：{len(article.paragraphs)} 段　字数：{length}")
    return out


def _format_meta(meta: PageMeta) -> str:
    parts = [
        ("报纸", meta.paper),
        ("日期", meta.date.isoformat() if meta.date else None),
        ("版面", meta.page),
        ("版次", meta.edition),
    ]
    line = "　".join(f"{label}：{value or UNKNOWN}" for label, value in parts)
    if meta.source_url:
        line += f"　网址：{meta.source_url}"
    return line


def _format_about(article: Article) -> str:
    about = article.about
    if about is None:
        return UNKNOWN
    if about.level == "city" or not about.city or about.city == about.name:
        return about.name
    return f"{about.name}（{about.city}）"


def _without(texts: list[str], furniture: list[str]) -> list[str]:
    """``texts`` less one occurrence of each furniture line (furniture is a subset of the leftover)."""
    pending: dict[str, int] = {}
    for f in furniture:
        pending[f] = pending.get(f, 0) + 1
    out = []
    for t in texts:
        if pending.get(t):
            pending[t] -= 1
        else:
            out.append(t)
    return out


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= LEFTOVER_PREVIEW else flat[:LEFTOVER_PREVIEW] + "…"
