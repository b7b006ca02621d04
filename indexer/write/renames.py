"""Where an old article id leads after its page was re-parsed (`indexer.storage.id_table`).

An old article of a replaced page goes to the new article of the same page that
holds most of its text: the share of the old body's character bigrams found in
the new one; below `MIN_SHARE` for every new article, or when the page is gone,
its text is gone. Chains resolve (a → b, then b → c: a → c), and an id that is
current again leaves the table (so there is never a loop).
"""

from __future__ import annotations

import json

from indexer.storage.id_table import IdTable
from indexer.storage.schema import KIND_LEFTOVER

#: Share of an old article's bigrams a new article must hold to inherit its id.
MIN_SHARE = 0.5


def record_text(record: dict) -> str:
    """The text an article is recognised by: its title and blocks (a stored record has no
    ``paragraphs``, `indexer.write.documents.DERIVED_KEYS`)."""
    return "\n".join([record.get("title") or "", *(b.get("text") or "" for b in record.get("blocks") or [])])


def bigrams(text: str) -> set[str]:
    chars = "".join(text.split())
    return {chars[i:i + 2] for i in range(len(chars) - 1)} or ({chars} if chars else set())


def page_articles(records, skip=frozenset()) -> dict[str, dict[str, str]]:
    """``{source: {id: text}}`` of stored records (JSON strings or dicts), leftover text
    and the ids in ``skip`` excluded."""
    out: dict[str, dict[str, str]] = {}
    for rec in records:
        rec = json.loads(rec) if isinstance(rec, str) else rec
        if rec.get("kind") != KIND_LEFTOVER and rec.get("id") and rec["id"] not in skip:
            out.setdefault(rec.get("source") or "", {})[rec["id"]] = record_text(rec)
    return out


def page_renames(old: dict[str, str], new: dict[str, str]) -> dict[str, str | None]:
    """``{old id: new id or None (gone)}`` for the old articles of one page whose id is not current."""
    if all(i in new for i in old):
        return {}
    new_grams = {i: bigrams(t) for i, t in new.items()}
    out = {}
    for old_id, text in old.items():
        if old_id in new:
            continue
        grams = bigrams(text)
        best, share = None, 0.0
        for new_id, ng in new_grams.items():
            s = len(grams & ng) / len(grams) if grams else 0.0
            if s > share:
                best, share = new_id, s
        out[old_id] = best if share >= MIN_SHARE else None
    return out


def updated_table(table: IdTable, old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> IdTable:
    """``table`` after the pages in ``old`` were replaced by ``new`` (``{source: {id: text}}``;
    a source missing from ``new`` was deleted or has no articles now)."""
    moved, gone = dict(table.moved), dict(table.gone)
    current = {i for arts in new.values() for i in arts}
    for source, arts in old.items():
        for old_id, new_id in page_renames(arts, new.get(source, {})).items():
            if new_id is None:
                moved.pop(old_id, None)
                gone[old_id] = source
            else:
                gone.pop(old_id, None)
                moved[old_id] = new_id
    for i in current:  # current again: the article answers itself
        moved.pop(i, None)
        gone.pop(i, None)
    out = IdTable(gone=gone)
    for old_id in moved:
        target, seen = old_id, {old_id}
        while target in moved and moved[target] not in seen:
            target = moved[target]
            seen.add(target)
        if target in gone:
            out.gone[old_id] = gone[target]
        elif target != old_id:
            out.moved[old_id] = target
    return out
