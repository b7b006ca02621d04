"""End to end in real headless Chromium: search, facet, article, county, feed.

Needs Debian's chromium + chromium-driver and a CJK font; skipped when missing
(failed instead when the environment variable CI is "true"). Screenshots go to
``test-artifacts/``; with UPDATE_SCREENSHOT=1 the search page is also saved as
``docs/screenshot-search.png`` for the README.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
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
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        driver.save_screenshot(str(ROOT / "docs" / "screenshot-search.png"))

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
