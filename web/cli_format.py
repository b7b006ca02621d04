"""Plain-text rendering of a SearchResult for the `newsarchive search` command."""

from __future__ import annotations

from indexer.facets import BY_NAME
from indexer.results import Excerpt, SearchResult


def terminal_marks(excerpt: Excerpt, open_: str = "【", close: str = "】") -> str:
    """``excerpt``'s text with its matches in 【…】 (readable on any terminal and in a pipe)."""
    return "".join(open_ + piece + close if matched else piece for piece, matched in excerpt.pieces())


def format_result(result: SearchResult, facet_limit: int = 10) -> str:
    req = result.request
    lines = [f"检索：{result.understood}"]
    if req.filters():
        lines.append("筛选：" + "，".join(f"{k}={v}" for k, v in req.filters().items()))
    if result.notice:
        lines.append(f"提示：{result.notice}")
    if result.refused:
        if result.suggestion:
            lines.append(f"试试更具体的检索：{result.suggestion}")
        return "\n".join(lines) + "\n"
    lines.append(f"共 {result.total} 篇，第 {req.page}/{result.pages} 页（用时 {result.elapsed_ms:.1f} 毫秒）")
    lines.append("")
    first = (req.page - 1) * req.page_size
    for i, hit in enumerate(result.hits, start=first + 1):
        title = terminal_marks(hit.headline)
        where = " · ".join(x for x in (hit.paper, hit.date or "日期未知", hit.county or hit.city) if x)
        lines.append(f"{i}. {title}")
        lines.append(f"   {where}  [{hit.id}]")
        snippet = terminal_marks(hit.snippet).strip()
        if snippet:
            lines.append(f"   {snippet}")
        lines.append("")
    if not result.hits:
        lines.append("没有找到匹配的文章。" if result.total == 0 else "本页没有结果。")
        lines.append("")
    for name, values in result.facets.items():
        if not values:
            continue
        facet = BY_NAME[name]
        shown = "，".join(f"{facet.display(v.value)} {v.count}" for v in values[:facet_limit])
        more = f" 等 {len(values)} 项" if len(values) > facet_limit else ""
        lines.append(f"{facet.label}：{shown}{more}")
    return "\n".join(lines).rstrip() + "\n"
