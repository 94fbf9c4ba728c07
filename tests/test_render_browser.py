"""The HTML view as a real browser draws it: Debian's Chromium, headless.

The seed report (kaifu-2020) and two reports of the corpus are rendered with
``perfeval.render.html`` into ``build/artifacts/render/`` and opened in Chromium, driven
over the DevTools protocol by ``tests/_chromium.py`` (standard library only). The tests
read the laid-out DOM (figures, where each finding sits, the chart's bars, widths at
1280 and 390 CSS pixels and in print), screenshots (decoded with zlib: the page is not
blank, Chinese characters are drawn as distinct glyphs, not as tofu) and the PDF that
printing gives (A4 pages). Screenshots, PDFs and pages stay in ``build/artifacts/render/``
for a person to look at.

Without Chromium the tests are skipped, saying why; under ``CI=true`` they fail instead
(``.ci/run`` installs ``chromium`` and ``fonts-noto-cjk``). ``PERFEVAL_CHROMIUM`` names
another executable.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from perfeval import cli, examples, loads, render
from perfeval.checks import check
from perfeval.model import Report

from ._chromium import (  # type: ignore[import-not-found, unused-ignore]
    Browser,
    find_chromium,
    pdf_media_boxes,
    png_pixels,
    run_headless,
)
from ._html import parse  # type: ignore[import-not-found, unused-ignore]

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "build" / "artifacts" / "render"
CORPUS = ROOT / "tests" / "corpus"
#: The seed, and two corpus reports: a self-evaluation whose findings sit on indicator
#: rows, and a whole-department table.
REPORTS: dict[str, Callable[[], Report]] = {
    "kaifu-2020": lambda: examples.load("kaifu-2020"),
    "ningxia-yinchuan-liuzhong-2021-gongyongjingfei": lambda: _corpus(
        "ningxia-yinchuan-liuzhong-2021-gongyongjingfei"
    ),
    "chongqing-kexuecheng-rongmeiti-2021-dept-table": lambda: _corpus(
        "chongqing-kexuecheng-rongmeiti-2021-dept-table"
    ),
}
#: The width in CSS pixels of an A4 page's text area under the page's @page margins
#: (210 mm less 2 × 12 mm, at 96 pixels to the inch).
A4_TEXT_WIDTH = round((210 - 24) / 25.4 * 96)


def _corpus(name: str) -> Report:
    return loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; under CI=true this test must run (.ci/run installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium() -> str:
    executable: str | None = find_chromium()
    if executable is None:
        _skip_or_fail(
            "no chromium: install Debian's chromium and fonts-noto-cjk"
            " (apt-get install chromium fonts-noto-cjk) or set PERFEVAL_CHROMIUM"
        )
    assert executable is not None
    return executable


@pytest.fixture(scope="module")
def browser(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    started = Browser(chromium, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield started
    finally:
        started.close()


@pytest.fixture(scope="module")
def pages() -> dict[str, Path]:
    """Each report's page, written under build/artifacts/render/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, load in REPORTS.items():
        path = ARTIFACTS / f"{name}.html"
        if name == "kaifu-2020":  # the seed as a user makes it: perfeval render
            assert cli.main(["render", "--example", name, "-o", str(path)]) == 0
            assert path.read_text("utf-8") == render.html(load())
        else:
            path.write_text(render.html(load()), encoding="utf-8")
        written[name] = path
    return written


def _js(function: str, *arguments: Any) -> str:
    """An expression calling *function* (JavaScript source) with JSON *arguments*."""
    return f"({function})({', '.join(json.dumps(a) for a in arguments)})"


# -- the figures and the findings, as laid out ---------------------------------------------------

_ROW_TEXTS = "id => [...document.getElementById(id).cells].map(c => c.innerText.trim())"


def test_the_seed_prints_its_totals_and_rate(browser: Browser, pages: dict[str, Path]) -> None:
    browser.open(pages["kaifu-2020"].as_uri(), 1280)
    assert browser.evaluate("document.documentElement.lang") == "zh-CN"
    assert browser.evaluate(_js(_ROW_TEXTS, "row-totals")) == [
        "合计",
        "—",
        "654.45",
        "1022.17",
        "156.19%",
    ]
    assert browser.evaluate(_js(_ROW_TEXTS, "row-projects-0-totals"))[2:] == [
        "213.28",
        "703.45",
        "329.82%",
    ]
    caption = browser.evaluate("document.querySelector('#summary caption').innerText")
    assert caption == "项目预算与支出（金额单位：万元）"
    # No script ran, and none could: the policy forbids it.
    assert browser.evaluate("document.scripts.length") == 0


_FINDINGS = """() => [...document.querySelectorAll('li.finding')].map(li => {
  const owner = document.getElementById(li.closest('ul').dataset.for);
  const tr = li.closest('tr');
  const a = owner.getBoundingClientRect(), b = li.getBoundingClientRect();
  return {path: li.dataset.path, code: li.dataset.code,
          severity: li.querySelector('.sev').innerText,
          owner: owner.dataset.path || owner.id, ownerTag: owner.tagName,
          follows: tr !== null && owner.nextElementSibling === tr,
          below: b.top >= a.top, visible: b.width > 0 && b.height > 0};
})"""


@pytest.mark.parametrize("name", list(REPORTS))
def test_each_finding_is_drawn_at_the_row_it_concerns(
    browser: Browser, pages: dict[str, Path], name: str
) -> None:
    report = REPORTS[name]()
    findings = check(report)
    assert findings, "each chosen report has findings"
    browser.open(pages[name].as_uri(), 1280)
    shown = browser.evaluate(_js(_FINDINGS))
    assert sorted((s["path"], s["code"]) for s in shown) == sorted(
        (f.path, f.code) for f in findings
    )
    for item in shown:
        assert item["visible"], item
        assert item["below"], item
        assert item["severity"][-2:] in {"错误", "警告", "提示"}
        owner = item["owner"]
        assert item["path"] == owner or item["path"].startswith(owner + "/"), item
        if item["ownerTag"] == "TR":
            assert item["follows"], item  # the finding row comes right after its row


def test_the_seed_findings_sit_on_their_rows(browser: Browser, pages: dict[str, Path]) -> None:
    browser.open(pages["kaifu-2020"].as_uri(), 1280)
    owners = {item["path"]: item["owner"] for item in browser.evaluate(_js(_FINDINGS))}
    assert owners == {
        "/projects/0/totals/expenditure": "/projects/0/totals",
        "/projects/1/indicators/20/actual/value": "/projects/1/indicators/20",
        "/projects/1/totals/expenditure": "/projects/1/totals",
        "/totals/expenditure": "/totals",
    }


_BARS = """() => [...document.querySelectorAll('#chart rect')].map(r => ({
  amount: r.dataset.amount, width: r.getAttribute('width'), drawn: r.getBoundingClientRect().width,
  x: r.getBoundingClientRect().left}))"""


def test_the_chart_bars_are_drawn_in_proportion(browser: Browser, pages: dict[str, Path]) -> None:
    browser.open(pages["kaifu-2020"].as_uri(), 1280)
    bars = browser.evaluate(_js(_BARS))
    assert [bar["amount"] for bar in bars] == ["213.28", "703.45", "441.17", "318.72"]
    largest = max(Fraction(bar["amount"]) for bar in bars)
    widest = max(bar["drawn"] for bar in bars)
    for bar in bars:
        share = Fraction(bar["amount"]) / largest
        assert abs(Fraction(bar["width"]) - share * 480) <= Fraction(1, 200)
        # Drawn on screen in the same proportion, to within a pixel.
        assert abs(bar["drawn"] - float(share) * widest) < 1
        assert abs(bar["x"] - bars[0]["x"]) < 0.5  # one common baseline


def test_the_dumped_dom_has_proportional_bars(
    chromium: str, pages: dict[str, Path], tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    dom = run_headless(chromium, profile, "--dump-dom", pages["kaifu-2020"].as_uri())
    root = parse(dom)
    assert root.find_all("script") == []
    bars = root.find("figure", id="chart").find_all("rect")
    amounts = [Decimal(bar.attrs["data-amount"]) for bar in bars]
    widths = [Decimal(bar.attrs["width"]) for bar in bars]
    largest = max(amounts)
    for amount, width in zip(amounts, widths, strict=True):
        assert abs(width - amount / largest * 480) <= Decimal("0.005")
    total = root.by_id("row-totals")
    assert [cell.text for cell in total.children if not isinstance(cell, str)][2:] == [
        "654.45",
        "1022.17",
        "156.19%",
    ]


# -- widths: the page never scrolls sideways; wide tables scroll in their wrapper ------------

_WIDTHS = """() => ({
  page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth,
  boxes: [...document.querySelectorAll('.table-wrap, .chart-wrap, h1, h2, p, li, dd, figcaption')]
    .filter(e => e.matches('.table-wrap, .chart-wrap') || !e.closest('.table-wrap, .chart-wrap'))
    .map(e => e.getBoundingClientRect().right),
  wrappers: [...document.querySelectorAll('.table-wrap, .chart-wrap')]
    .map(e => ({inner: e.scrollWidth, outer: e.clientWidth, right: e.getBoundingClientRect().right,
                overflow: getComputedStyle(e).overflowX}))})"""


def _save(name: str, data: bytes) -> Path:
    path = ARTIFACTS / name
    path.write_bytes(data)
    return path


def _ink(rows: list[bytes]) -> int:
    """How many pixels are darker than the page's white."""
    return sum(1 for row in rows for grey in row if grey < 200)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", list(REPORTS))
def test_no_horizontal_overflow(
    browser: Browser, pages: dict[str, Path], name: str, width: int
) -> None:
    browser.open(pages[name].as_uri(), width)
    widths = browser.evaluate(_js(_WIDTHS))
    assert widths["view"] == width
    assert widths["page"] <= widths["view"], "the page scrolls sideways"
    assert max(widths["boxes"]) <= widths["view"] + 0.5
    for wrapper in widths["wrappers"]:
        assert wrapper["right"] <= widths["view"] + 0.5
        if wrapper["inner"] > wrapper["outer"]:
            assert wrapper["overflow"] == "auto"  # too wide: it scrolls within itself
    if width == 390:
        # The indicator tables are wider than a phone: they scroll, the page does not.
        assert any(w["inner"] > w["outer"] for w in widths["wrappers"])
    _save(f"{name}-{width}.png", browser.screenshot(full_page=True))
    # The first screen, at a quarter of its size: drawn, with text and rules on white.
    shot = browser.screenshot(clip={"x": 0, "y": 0, "width": width, "height": 600})
    _, height, rows = png_pixels(shot)
    assert height == 600
    assert _ink(rows) > width * 600 // 100, "the page is (nearly) blank"
    # Nothing is drawn against the right edge: the rightmost columns are page white.
    assert all(row[-1] >= 250 and row[-2] >= 250 for row in rows)


_GLYPHS = """() => {
  const h1 = document.querySelector('h1'), text = h1.firstChild, boxes = [];
  for (let i = 0; i < text.length; i++) {
    const range = document.createRange(); range.setStart(text, i); range.setEnd(text, i + 1);
    const r = range.getBoundingClientRect();
    boxes.push({ch: text.data[i], x: r.left, y: r.top, width: r.width, height: r.height});
  }
  return boxes;
}"""


def _glyph(rows: list[bytes], left: int, right: int) -> tuple[tuple[bool, ...], ...]:
    return tuple(tuple(grey < 128 for grey in row[left:right]) for row in rows)


def test_chinese_is_drawn_as_distinct_glyphs(browser: Browser, pages: dict[str, Path]) -> None:
    browser.open(pages["kaifu-2020"].as_uri(), 1280)
    boxes = [box for box in browser.evaluate(_js(_GLYPHS)) if ord(box["ch"]) > 0x2E80]
    assert [box["ch"] for box in boxes] == list("年度重点项目绩效评价结果")
    top = min(box["y"] for box in boxes)
    bottom = max(box["y"] + box["height"] for box in boxes)
    left = boxes[0]["x"]
    clip = {"x": left, "y": top, "width": boxes[-1]["x"] + boxes[-1]["width"] - left}
    clip["height"] = bottom - top
    shot = browser.screenshot(clip=clip)
    _save("kaifu-2020-heading.png", shot)
    _, _, rows = png_pixels(shot)
    glyphs = []
    for box in boxes:
        start = round(box["x"] - left)
        glyph = _glyph(rows, start + 1, start + round(box["width"]) - 1)
        assert sum(map(sum, glyph)) > 20, f"{box['ch']} is not drawn"
        glyphs.append(glyph)
    # Twelve different characters, twelve different images: a missing font would draw
    # the same box (tofu) or nothing for each.
    assert len(set(glyphs)) == len(glyphs)
    # And the same characters in the private use area, which no font draws, look alike.
    tofu = ARTIFACTS / "tofu.html"
    tofu.write_text(
        '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><style>'
        + render._STYLE
        + "</style><h1>"
        + "".join(chr(0xE000 + i) for i in range(len(boxes)))
        + "</h1>",
        encoding="utf-8",
    )
    browser.open(tofu.as_uri(), 1280)
    drawn = browser.evaluate(_js(_GLYPHS))
    clip = {"x": drawn[0]["x"], "y": drawn[0]["y"], "height": drawn[0]["height"]}
    clip["width"] = drawn[-1]["x"] + drawn[-1]["width"] - clip["x"]
    _, _, tofu_rows = png_pixels(browser.screenshot(clip=clip))
    tofu_glyphs = {
        _glyph(tofu_rows, round(b["x"] - clip["x"]) + 1, round(b["x"] - clip["x"] + b["width"]) - 1)
        for b in drawn
    }
    assert len(tofu_glyphs) < len(glyphs)


# -- print ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(REPORTS))
def test_print_gives_a4_pages_with_whole_tables(
    browser: Browser, pages: dict[str, Path], name: str
) -> None:
    browser.open(pages[name].as_uri(), A4_TEXT_WIDTH, media="print")
    widths = browser.evaluate(_js(_WIDTHS))
    assert widths["page"] <= widths["view"] == A4_TEXT_WIDTH
    for wrapper in widths["wrappers"]:
        # In print nothing scrolls: every table fits the page's width whole.
        assert wrapper["inner"] <= wrapper["outer"], wrapper
        assert wrapper["right"] <= A4_TEXT_WIDTH + 0.5
    assert max(widths["boxes"]) <= A4_TEXT_WIDTH + 0.5
    font = browser.evaluate("getComputedStyle(document.querySelector('td')).fontSize")
    assert font.endswith("px")
    assert float(font[:-2]) <= 11  # 8 pt tables
    browser.open(pages[name].as_uri(), 1280)
    pdf = browser.pdf()
    _save(f"{name}.pdf", pdf)
    boxes = pdf_media_boxes(pdf)
    assert boxes, "no page"
    for width, height in boxes:
        assert round(width) == 595, width  # A4 portrait: 210 × 297 mm in points
        assert round(height) == 842, height
