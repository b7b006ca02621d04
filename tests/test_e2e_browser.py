"""End to end in real headless Chromium: search, facet, article, county, feed.

Needs Debian's chromium + chromium-driver and a CJK font; skipped when missing
(failed instead when the environment variable CI is "true"). Screenshots go to
``test-artifacts/``; with UPDATE_SCREENSHOT=1 the search page over the dated test
corpus (made-up articles) is also saved as ``docs/screenshot-search.png`` for the README.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
INSTALL_HINT = "install with: sudo apt-get install chromium chromium-driver fonts-wqy-microhei"


@pytest.fixture(scope="module")
def browser_available():
    """Skip (or fail on CI) when the browser or its driver is missing."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not (Path(p).exists() or shutil.which(Path(p).name))]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install -e '.[test]')")
    if missing:
        message = f"headless browser missing ({', '.join(missing)}); {INSTALL_HINT}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def live_server(seed_index, seed_corpus):
    yield from serve(seed_index, seed_corpus)


def serve(index, corpus):
    """The app over ``index`` served by werkzeug on 127.0.0.1, a free port, in a background
    thread; yields its base URL (for fixtures)."""
    from werkzeug.serving import make_server

    from web import create_app

    server = make_server("127.0.0.1", 0, create_app({"INDEX_DIR": index, "CORPUS_DIR": corpus}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def driver(browser_available, tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={tmp_path_factory.mktemp('chrome-profile')}",
                "--window-size=1280,1000"):
        options.add_argument(arg)
    options.binary_location = CHROMIUM
    drv = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    drv.set_page_load_timeout(30)
    yield drv
    drv.quit()


def wait_for_url(driver, fragment: str) -> None:
    """Wait until the browser has navigated to a URL containing ``fragment``."""
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(EC.url_contains(fragment))


def result_count(driver) -> int:
    from selenium.webdriver.common.by import By

    return int(driver.find_element(By.CSS_SELECTOR, ".summary .total").text)


def test_search_facet_article_county_feed(driver, live_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    ARTIFACTS.mkdir(exist_ok=True)
    driver.get(live_server + "/")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"

    box = driver.find_element(By.CSS_SELECTOR, "main input[name=q]")
    box.send_keys("锂电")
    box.send_keys(Keys.ENTER)
    wait_for_url(driver, "/search?q=")
    marks = driver.find_elements(By.CSS_SELECTOR, ".hits mark")
    assert marks and all("锂" in m.text or "电" in m.text for m in marks)
    before = result_count(driver)
    assert before >= 1
    driver.save_screenshot(str(ARTIFACTS / "search.png"))

    facet = driver.find_elements(By.CSS_SELECTOR, ".facet-county a")[0]
    expected = int(facet.find_element(By.XPATH, "following-sibling::span[@class='count']").text)
    county = facet.text.strip()
    facet.click()
    wait_for_url(driver, "county=")
    after = result_count(driver)
    assert after == expected
    assert county in driver.find_element(By.CSS_SELECTOR, ".active-filters").text

    # the feed link: fetch it and check it is Atom
    feed_href = driver.find_element(By.CSS_SELECTOR, "a.feed").get_attribute("href")
    with urllib.request.urlopen(feed_href, timeout=10) as resp:
        assert resp.headers.get_content_type() == "application/atom+xml"
        root = ET.fromstring(resp.read())
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert len(root.findall("{http://www.w3.org/2005/Atom}entry")) == min(after, 20)

    driver.find_element(By.CSS_SELECTOR, ".hits h2 a").click()
    wait_for_url(driver, "/article/")
    assert driver.find_elements(By.CSS_SELECTOR, "article .body mark")
    title = driver.find_element(By.CSS_SELECTOR, "article h1").text
    assert title
    driver.save_screenshot(str(ARTIFACTS / "article.png"))

    link = driver.find_element(By.CSS_SELECTOR, ".article-meta a.county")
    county_name = link.text
    link.click()
    wait_for_url(driver, "/county/")
    assert driver.find_element(By.TAG_NAME, "h1").text == county_name
    assert result_count(driver) >= 1


def test_keyboard_reaches_search_box(driver, live_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(live_server + "/help")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)  # skip link first
    assert driver.switch_to.active_element.get_attribute("class") == "skip"
    driver.switch_to.active_element.send_keys(Keys.TAB)
    driver.switch_to.active_element.send_keys(Keys.TAB)
    active = driver.switch_to.active_element
    assert active.get_attribute("name") == "q"
    active.send_keys("医保")
    active.send_keys(Keys.ENTER)
    wait_for_url(driver, "q=%E5%8C%BB%E4%BF%9D")
    assert "安福医保" in driver.find_element(By.CSS_SELECTOR, ".hits").text


def test_phone_width_has_no_horizontal_scroll(driver, live_server):
    driver.set_window_size(390, 844)
    try:
        driver.get(live_server + "/search?q=锂电")
        width = driver.execute_script("return document.documentElement.scrollWidth")
        viewport = driver.execute_script("return window.innerWidth")
        assert width <= viewport + 1
        driver.save_screenshot(str(ARTIFACTS / "search-phone.png"))
    finally:
        driver.set_window_size(1280, 1000)


# -- hostile text never runs in a real browser ------------------------------------------------

XSS_PAYLOADS = [
    "<script>window.__xss='script'</script>",
    '"><img src=x onerror="window.__xss=\'img\'">',
    "<svg onload=\"window.__xss='svg'\"></svg>",
    "'><iframe srcdoc=\"<script>parent.__xss='iframe'</script>\"></iframe>",
]


@pytest.fixture(scope="module")
def xss_server(browser_available, tmp_path_factory):
    """A server over a page whose text, sidecar metadata and source URL carry payloads."""
    from indexer.write.reindex import reindex

    root = tmp_path_factory.mktemp("xss-browser")
    corpus, index = root / "corpus", root / "index"
    corpus.mkdir()
    body = "".join(XSS_PAYLOADS)
    (corpus / "evil.txt").write_text(
        f"华昊锂电{XSS_PAYLOADS[0]}新闻\n\n本报永新讯(全媒体记者李歆) 华昊锂电{body}项目投产，锂电产业链再添新动能。\n",
        encoding="utf-8",
    )
    toml = json.dumps  # a JSON string is a valid TOML basic string
    js_url = "javascript:window.__xss='url'"
    (corpus / "evil.toml").write_text(
        f"paper = {toml(XSS_PAYLOADS[0])}\ndate = 2024-05-06\npage = {toml(XSS_PAYLOADS[1])}\n"
        f"edition = {toml(XSS_PAYLOADS[2])}\nsource_url = {toml(js_url)}\n",
        encoding="utf-8",
    )
    assert not reindex(corpus, index, full=True).failed
    yield from serve(index, corpus)


def assert_nothing_ran(driver) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    assert driver.execute_script("return window.__xss === undefined")
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text


def test_payloads_in_query_text_and_metadata_never_run(driver, xss_server):
    from urllib.parse import quote

    from selenium.webdriver.common.by import By

    for payload in XSS_PAYLOADS:
        driver.get(f"{xss_server}/search?q={quote('锂电 ' + payload)}")
        assert_nothing_ran(driver)
    driver.get(f"{xss_server}/search?q=" + quote("华昊锂电"))
    assert_nothing_ran(driver)
    assert "<script>" in driver.find_element(By.TAG_NAME, "main").text  # shown as text, not dropped
    driver.find_element(By.CSS_SELECTOR, "main ol a, main .hit a").click()
    wait_for_url(driver, "/article/")
    assert_nothing_ran(driver)
    page_text = driver.find_element(By.TAG_NAME, "body").text
    assert "onerror" in page_text and "<svg" in page_text
    for link in driver.find_elements(By.TAG_NAME, "a"):
        assert not (link.get_attribute("href") or "").startswith("javascript:")
    driver.get(f"{xss_server}/counties")
    assert_nothing_ran(driver)


# -- research features over the dated corpus (papers, dates, pages) ----------------------------

@pytest.fixture(scope="module")
def dated_server(browser_available, dated_index, dated_corpus):
    yield from serve(dated_index, dated_corpus)


def test_copy_citation_button(driver, dated_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with urllib.request.urlopen(dated_server + "/api/search?q=" + urllib.parse.quote("春茶采摘"), timeout=10) as resp:
        aid = json.load(resp)["hits"][0]["id"]
    driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": dated_server, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    driver.get(f"{dated_server}/article/{aid}")
    citation = driver.find_element(By.CSS_SELECTOR, "section.citation")
    expected = citation.find_elements(By.CSS_SELECTOR, ".cite-text")[0].text
    assert expected.startswith("张三, 李四. 永新茶园迎来春茶采摘季[N]. 合成日报")
    citation.find_elements(By.CSS_SELECTOR, "button.copy")[0].click()
    WebDriverWait(driver, 5).until(lambda d: citation.find_elements(By.CSS_SELECTOR, ".copy-status")[0].text == "已复制")
    copied = driver.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('ERR ' + e));")
    assert copied == expected
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "article-citation.png"))


def test_paper_calendar_down_to_a_page_view(driver, dated_server):
    from selenium.webdriver.common.by import By

    ARTIFACTS.mkdir(exist_ok=True)
    driver.get(dated_server + "/")
    driver.find_element(By.LINK_TEXT, "报纸与期次").click()
    wait_for_url(driver, "/papers")
    driver.save_screenshot(str(ARTIFACTS / "papers.png"))
    driver.find_element(By.LINK_TEXT, "合成日报").click()
    wait_for_url(driver, "/paper/")
    driver.find_element(By.LINK_TEXT, "2023").click()
    wait_for_url(driver, "year=2023")
    driver.save_screenshot(str(ARTIFACTS / "paper-calendar.png"))
    days = driver.find_elements(By.CSS_SELECTOR, ".calendar td.issue a")
    assert [d.text for d in days] == ["2", "20"]
    days[0].click()
    wait_for_url(driver, "/2023-05-02")
    assert "2023-05-02" in driver.find_element(By.TAG_NAME, "h1").text
    pages = driver.find_elements(By.CSS_SELECTOR, ".issue-pages h2 a")
    assert [p.text for p in pages] == ["第1版", "第2版", "第10版"]
    driver.find_element(By.LINK_TEXT, "泰和乌鸡走进城市餐桌").click()
    wait_for_url(driver, "/article/")
    driver.find_element(By.CSS_SELECTOR, ".article-meta a.page").click()
    wait_for_url(driver, "/page/")
    assert "泰和乌鸡走进城市餐桌" in driver.find_element(By.CSS_SELECTOR, ".page-items li.current").text
    assert "本报泰和讯" in driver.find_element(By.CSS_SELECTOR, "pre.raw").text
    driver.save_screenshot(str(ARTIFACTS / "page-view.png"))
    driver.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    wait_for_url(driver, "/2.txt")
    assert "第2版" in driver.find_element(By.TAG_NAME, "h1").text
    driver.set_window_size(390, 844)
    try:
        for path in ("/papers", "/paper/合成日报?year=2023", "/paper/合成日报/2023-05-02"):
            driver.get(dated_server + path)
            assert driver.execute_script("return document.documentElement.scrollWidth") <= driver.execute_script("return window.innerWidth") + 1, path
        driver.save_screenshot(str(ARTIFACTS / "paper-calendar-phone.png"))
        driver.get(dated_server + "/page/" + urllib.parse.quote("合成日报/2023-05-02/1.txt"))
        driver.save_screenshot(str(ARTIFACTS / "page-view-phone.png"))
        driver.find_element(By.LINK_TEXT, "永新茶园迎来春茶采摘季").click()
        wait_for_url(driver, "/article/")
        assert driver.execute_script("return document.documentElement.scrollWidth") <= driver.execute_script("return window.innerWidth") + 1
        driver.save_screenshot(str(ARTIFACTS / "article-phone.png"))
    finally:
        driver.set_window_size(1280, 1000)


def test_date_form_and_year_bars(driver, dated_server):
    from selenium.webdriver.common.by import By

    ARTIFACTS.mkdir(exist_ok=True)
    driver.get(dated_server + "/search?q=" + urllib.parse.quote("永新"))
    everything = result_count(driver)
    driver.save_screenshot(str(ARTIFACTS / "search-dated.png"))
    if os.environ.get("UPDATE_SCREENSHOT") == "1":  # the README's picture: made-up articles with papers and dates
        (ROOT / "docs").mkdir(exist_ok=True)
        driver.save_screenshot(str(ROOT / "docs" / "screenshot-search.png"))
    bars = driver.find_elements(By.CSS_SELECTOR, ".chart a.bar-link")
    assert [b.get_attribute("aria-label").split("：")[0] for b in bars] == ["2023", "2024"]
    in_2023 = int(bars[0].get_attribute("aria-label").split("：")[1].split()[0])
    bars[0].click()
    wait_for_url(driver, "from=2023")
    assert result_count(driver) == in_2023 < everything
    months = driver.find_elements(By.CSS_SELECTOR, ".chart a.bar-link")
    assert [m.get_attribute("aria-label").split("：")[0] for m in months] == ["5月", "11月"]
    driver.save_screenshot(str(ARTIFACTS / "search-year-chosen.png"))

    driver.get(dated_server + "/search?q=" + urllib.parse.quote("永新"))
    form = driver.find_element(By.CSS_SELECTOR, ".date-range form")
    form.find_element(By.NAME, "from").send_keys("2023-06")
    form.find_element(By.NAME, "to").send_keys("2024")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for_url(driver, "from=2023-06")
    dates = [t.get_attribute("datetime") for t in driver.find_elements(By.CSS_SELECTOR, ".hits time")]
    assert dates and all("2023-06-01" <= d <= "2024-12-31" for d in dates)
    assert driver.find_element(By.CSS_SELECTOR, "main input[name=q]").get_attribute("value") == "永新"
    assert "起始日期：2023-06-01" in driver.find_element(By.CSS_SELECTOR, ".active-filters").text

    form = driver.find_element(By.CSS_SELECTOR, ".date-range form")
    box = form.find_element(By.NAME, "from")
    box.clear()
    box.send_keys("2023-13")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for_url(driver, "from=2023-13")
    message = driver.find_element(By.CSS_SELECTOR, "section.error").text
    assert "请求有误" in message and "from" in message and "没有这一天" in message


def test_phone_filters_link_reaches_the_filters(driver, dated_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    ARTIFACTS.mkdir(exist_ok=True)
    driver.set_window_size(390, 844)
    try:
        driver.get(dated_server + "/search?q=" + urllib.parse.quote("茶"))
        link = driver.find_element(By.CSS_SELECTOR, ".jump-filters a")
        assert link.is_displayed() and link.location["y"] < 400  # at the top of the results
        filters = driver.find_element(By.ID, "filters")
        assert filters.location["y"] > 844  # below the results, out of sight
        driver.save_screenshot(str(ARTIFACTS / "search-phone-top.png"))
        link.click()
        WebDriverWait(driver, 5).until(lambda d: d.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return r.top >= -1 && r.top < window.innerHeight;", filters))
        driver.save_screenshot(str(ARTIFACTS / "search-phone-filters.png"))
        small = driver.execute_script("""
            return [...document.querySelectorAll('.facets a, .toolbar a, .active-filters a, .jump-filters a, .pagination a')]
              .filter(a => a.offsetParent !== null)
              .map(a => [a.textContent.trim(), a.getBoundingClientRect().height])
              .filter(([, h]) => h < 24);""")
        assert small == []  # every tap target at least 24 px tall
        broken = driver.execute_script("""
            return [...document.querySelectorAll('.hit .meta .paper, .hit .meta .county, .hit .meta time, .facets li a')]
              .filter(e => e.getClientRects().length > 1).map(e => e.textContent);""")
        assert broken == []  # no name wraps in the middle
    finally:
        driver.set_window_size(1280, 1000)
    driver.get(dated_server + "/search?q=" + urllib.parse.quote("茶"))
    assert not driver.find_element(By.CSS_SELECTOR, ".jump-filters a").is_displayed()  # the sidebar is in view on a desktop


def test_article_prints_cleanly_with_its_citation(driver, dated_server):
    from selenium.webdriver.common.by import By

    with urllib.request.urlopen(dated_server + "/api/search?q=" + urllib.parse.quote("乌鸡"), timeout=10) as resp:
        aid = json.load(resp)["hits"][0]["id"]
    driver.get(f"{dated_server}/article/{aid}")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = {sel: driver.find_element(By.CSS_SELECTOR, sel).is_displayed()
                 for sel in ("header.site", "section.same-page", "article h1", "section.citation", "button.copy")}
        assert shown == {"header.site": False, "section.same-page": False, "article h1": True,
                         "section.citation": True, "button.copy": False}
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_advanced_search_form_builds_the_query(driver, dated_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    ARTIFACTS.mkdir(exist_ok=True)
    driver.get(dated_server + "/")
    driver.find_element(By.LINK_TEXT, "高级检索").click()
    wait_for_url(driver, "/advanced")
    driver.find_element(By.ID, "adv-title").send_keys("春茶")
    driver.find_element(By.ID, "adv-author").send_keys("张 三")
    driver.find_element(By.ID, "adv-paper").send_keys("合成日报")
    driver.find_element(By.NAME, "from").send_keys("2023")
    Select(driver.find_element(By.ID, "adv-size")).select_by_value("10")
    driver.save_screenshot(str(ARTIFACTS / "advanced.png"))
    driver.find_element(By.CSS_SELECTOR, "form.advanced button[type=submit]").click()
    wait_for_url(driver, "/search?")
    assert driver.find_element(By.CSS_SELECTOR, "main input[name=q]").get_attribute("value") == "title:春茶 author:张三"
    assert result_count(driver) == 1
    chips = driver.find_element(By.CSS_SELECTOR, ".active-filters").text
    assert "报纸：合成日报" in chips and "起始日期：2023-01-01" in chips
    assert "size=10" in driver.current_url


def test_county_filter_box_narrows_as_one_types(driver, dated_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(dated_server + "/counties")
    shown = lambda d: [li.text.split("（")[0].strip() for li in d.find_elements(By.CSS_SELECTOR, "#directory li") if li.is_displayed()]
    everything = shown(driver)
    assert len(everything) >= 4
    driver.find_element(By.ID, "county-filter").send_keys("yx")
    WebDriverWait(driver, 5).until(lambda d: shown(d) == ["永新县"])
    assert driver.find_element(By.ID, "filter-status").text.endswith("共 1 个县区")
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "counties-filter.png"))
    box = driver.find_element(By.ID, "county-filter")
    box.clear()
    box.send_keys(" ")
    WebDriverWait(driver, 5).until(lambda d: len(shown(d)) == len(everything))


def test_old_permalink_leads_to_the_corrected_article(driver, seed_corpus, tmp_path):
    """A reader follows a link cited before the page was corrected and re-parsed: the browser
    lands on the article as it now reads, at its current address."""
    from click.testing import CliRunner
    from selenium.webdriver.common.by import By

    from indexer.storage.store import IndexStore
    from web.cli import cli

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(seed_corpus, corpus)
    run = ["--corpus", str(corpus), "--index", str(index_dir), "reindex"]
    assert CliRunner().invoke(cli, run).exit_code == 0
    with IndexStore(index_dir).searcher() as s:
        records = [json.loads(f["record"]) for f in s.all_stored_fields()]
    articles = [r for r in records if r.get("kind") != "leftover" and r.get("blocks")]
    article = max(articles, key=lambda r: sum(len(b["text"]) for b in r["blocks"]))
    page = corpus / article["source"]
    text = page.read_text("utf-8")
    sentence = next(b["text"][:12] for b in article["blocks"] if len(b["text"]) >= 12 and b["text"][:12] in text)
    page.write_text(text.replace(sentence, sentence[:6] + "更正" + sentence[8:], 1), "utf-8")
    assert CliRunner().invoke(cli, run).exit_code == 0

    server = serve(index_dir, corpus)
    base = next(server)
    try:
        driver.get(f"{base}/article/{article['id']}")
        wait_for_url(driver, "/article/")
        landed = urllib.parse.urlsplit(driver.current_url).path
        assert landed != f"/article/{article['id']}" and landed.startswith("/article/")
        assert "更正" in driver.find_element(By.TAG_NAME, "body").text
        driver.save_screenshot(str(ARTIFACTS / "permalink-followed.png"))
    finally:
        next(server, None)
