"""normalize_text: invisible characters, no-break spaces and the HTML that survives scraping."""
from __future__ import annotations

import html
import unicodedata
from pathlib import Path

import pytest

from tests.helpers import output_rows, run_cli
from songngu.text import BOILERPLATE, HEADING, SENTENCE, normalize_text, read_article, segment_article, split_sentences


def test_invisible_characters_are_removed() -> None:
    raw = "\ufeffBộ Y\u200b tế khuyến\u00ad cáo\u2060 người dân\u200e nên rửa tay\ufeff."
    assert normalize_text(raw) == "Bộ Y tế khuyến cáo người dân nên rửa tay."


def test_control_characters_and_noncharacters_are_removed_and_every_line_break_is_a_newline() -> None:
    """They stayed in the rows: TMX (XML) dropped U+FFFE while Moses and JSON Lines kept it, and a U+2028 inside
    the text was a line break to Python's splitlines but not to `wc -l`."""
    raw = "Bộ Y\x07 tế\ufffe khuyến\x1b cáo\x7f\x9f\ufdd0\uffff người dân.\u2028Hà Nội\x0bmưa\x85to\x0c\x1eHuế\u2029Đà Nẵng\tnắng."
    assert normalize_text(raw) == "Bộ Y tế khuyến cáo người dân.\nHà Nội\nmưa\nto\n\nHuế\nĐà Nẵng\tnắng."


def test_joiners_that_emoji_need_stay() -> None:
    family = "Gia đình 👨\u200d👩\u200d👧 và trái tim ❤\ufe0f, cờ 🇻🇳, chữ Ba\u200cTư."
    assert normalize_text(family) == family


def test_text_that_differs_only_by_invisible_characters_is_a_repeat() -> None:
    text = normalize_text("Bộ Y tế khuyến cáo người dân.\nBộ Y\u200b tế khuyến\u00ad cáo người\ufeff dân.")
    assert [(s.text, s.repeat_of) for s in segment_article(text)] == [
        ("Bộ Y tế khuyến cáo người dân.", None),
        ("Bộ Y tế khuyến cáo người dân.", 0),
    ]


def test_no_break_spaces_become_plain_spaces() -> None:
    assert normalize_text("Hà\u00a0Nội, 30\u202f°C và 1\u2007000 người") == "Hà Nội, 30 °C và 1 000 người"


def test_paragraph_tags_separate_sentences() -> None:
    raw = "<p>Trời hôm nay rất đẹp.</p><p>Bộ Y tế khuyến cáo người dân nên rửa tay.</p>"
    assert split_sentences(raw) == [raw]
    text = normalize_text(raw)
    segments = segment_article(text)
    assert [(s.paragraph, s.text) for s in segments] == [
        (0, "Trời hôm nay rất đẹp."),
        (1, "Bộ Y tế khuyến cáo người dân nên rửa tay."),
    ]
    assert all(text[s.start : s.end] == s.text for s in segments)


@pytest.mark.parametrize(
    "raw",
    [
        "Câu một.<br>Câu hai.",
        "Câu một.<br/>Câu hai.",
        "Câu một.<BR />Câu hai.",
        "<div>Câu một.</div><div class='x'>Câu hai.</div>",
        "<ul><li>Câu một.</li><li>Câu hai.</li></ul>",
        "<h2>Câu một.</h2>Câu hai.",
        "<table><tr><td>Câu một.</td><td>Câu hai.</td></tr></table>",
        "<blockquote>Câu một.</blockquote><section>Câu hai.</section>",
        "<article><p>Câu một.</p>\n<p>Câu hai.</p></article>",
    ],
)
def test_block_tags_are_paragraph_breaks(raw: str) -> None:
    text = normalize_text(raw)
    assert "<" not in text
    assert [(s.paragraph, s.text) for s in segment_article(text)] == [(0, "Câu một."), (1, "Câu hai.")]


def test_inline_tags_are_dropped_and_their_text_kept() -> None:
    raw = (
        '<a href="https://baomoi.vn/a?b=1&amp;c=2">Hà Nội</a> là <b>thủ đô</b> của <span class="vn">Việt Nam</span>, '
        "<i>H<sub>2</sub>O</i> là <EM>nước</EM><img src='x.jpg' alt=\"ảnh\">."
    )
    assert normalize_text(raw) == "Hà Nội là thủ đô của Việt Nam, H2O là nước."


def test_scripts_styles_and_comments_go_with_their_content() -> None:
    raw = (
        "Câu một.<script type='text/javascript'>var a = '<p>x</p>'; if (a < b) {}</script> Câu hai."
        "<style>p > b { color: red }</style><!-- quảng cáo <p>Mua ngay</p> --> Câu ba."
        '<noscript><img src="pixel.gif"></noscript>'
    )
    assert normalize_text(raw) == "Câu một. Câu hai. Câu ba."


@pytest.mark.parametrize(
    "block",
    [
        '<script src="https://cdn.vnexpress.net/ads.js" async></script>',
        "<script>\n  // Quảng cáo giữa bài viết\n  googletag.cmd.push(function() {\n    googletag.display('div-gpt-ad-1');\n  });\n</script>",
        '<script type="application/ld+json">\n{"@context": "https://schema.org", "@type": "NewsArticle",\n'
        ' "headline": "Bộ Y tế khuyến cáo người dân nên rửa tay thường xuyên", "author": {"name": "Nguyễn Văn A"}}\n</script>',
        "<style>\n/* Tiêu đề bài viết */\n.title { font-family: 'Times New Roman', serif; }\n@media only screen and (max-width: 600px) {\n"
        "  .title { font-size: 14px }\n}\n</style>",
        "<script>window.dataLayer = window.dataLayer || []; var msg = `Bạn cần đăng nhập`;</script>",
    ],
)
def test_code_and_css_blocks_of_a_scraped_page_go_across_lines(block: str) -> None:
    """Code, CSS and JSON go with their tags however many lines they take, Vietnamese in their strings and comments too."""
    raw = f"<p>Trời hôm nay rất đẹp.</p>\n{block}\n<p>Bộ Y tế khuyến cáo người dân nên rửa tay.</p>"
    assert normalize_text(raw) == "\nTrời hôm nay rất đẹp.\n\n\n\nBộ Y tế khuyến cáo người dân nên rửa tay.\n"


@pytest.mark.parametrize(
    "raw",
    [
        "Đoạn một có <style> lạ.\nTrời hôm nay rất đẹp.\nĐoạn ba </style> hết.\n",
        "Tin tặc chèn thẻ <script> vào trang web của bộ.\nTrời hôm nay rất đẹp.\nChuyên gia nói thẻ </script> đóng đoạn mã.",
        "Đoạn một <style> lạ.\n\nĐoạn ba </style> hết.",
        unicodedata.normalize("NFD", "Nói <style> lạ.\n\nBa </style> hết."),
        "Dùng <script>Trời hôm nay rất đẹp.</script> và <STYLE type='text/css'>Hà Nội</style>.",
        "The <script> tag starts a script.\nThe weather is fine today.\nThe </script> tag ends it.",
        "Thẻ <script> mở.\nTrời hôm nay rất đẹp.\nRồi <script>x = 1;</script> khác.",
    ],
)
def test_script_and_style_tags_around_prose_are_text(raw: str) -> None:
    """A user trial: 'Đoạn một có <style> lạ. / Trời hôm nay rất đẹp. / Đoạn ba </style> hết.' gave 'Đoạn một có hết.',
    two paragraphs and half of two others gone without a word. Content that has a Vietnamese letter or four words in
    a row is prose: the tags around it are text, the closing one too, and nothing goes."""
    text = normalize_text(raw)
    assert text == unicodedata.normalize("NFC", raw)
    assert normalize_text(html.escape(text, quote=False)) == text


def test_noscript_is_text_a_reader_sees() -> None:
    """Its content is what a page shows without scripts: the tags go, the words stay, as for any inline element."""
    assert normalize_text("Câu ba. <noscript>Bật JavaScript để xem video.</noscript>") == "Câu ba. Bật JavaScript để xem video."


def test_character_references_are_decoded() -> None:
    raw = "Ông nói: &#8220;Xong rồi&#x201D; &amp; đi&nbsp;về. Giá &lt; 5 &euro; &copy; VnExpress &#39;24"
    assert normalize_text(raw) == "Ông nói: “Xong rồi” & đi về. Giá < 5 € © VnExpress '24"
    assert split_sentences(normalize_text("Trời đẹp.&nbsp;Bộ Y tế khuyến cáo.")) == ["Trời đẹp.", "Bộ Y tế khuyến cáo."]


@pytest.mark.parametrize(
    "text",
    [
        "a < b và c > d",
        "Nếu x<y thì y>x.",
        "Tôi <3 Hà Nội",
        "Hãy điền <tên> và <tuổi> vào đây.",
        "AT&T và R&D, Q&A; P&G.",
        "&copy 2020 không có dấu chấm phẩy, &foo; không phải thực thể, & đứng một mình, &#; và &#x;",
        "<!-- chưa đóng",
        "<b không đóng",
        "Thẻ <b> in đậm, thẻ <i> in nghiêng.",
        "Nếu p<a và q>b thì p<q.",
    ],
)
def test_text_that_merely_contains_lt_or_amp_is_untouched(text: str) -> None:
    assert normalize_text(text) == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Giá &amp;lt; 5 &amp;amp; &amp;quot;rẻ&amp;quot;", 'Giá < 5 & "rẻ"'),
        ("&am<wbr>p;", "&"),
        ("<<b></b>p>Câu.", "\nCâu."),
        ("<b>đậm&lt;/b&gt;", "<b>đậm</b>"),
        ("&LT;\u0338 &#x3C;b&#62;", "\u226e <b>"),
        ("&am&#8203;p;", "&"),
        ("&#38;lt;", "<"),
        ("&amp\u037e", "&"),
        ("Ca\u0301 &#x301;", "Cá \u0301"),
        ("<scr<i></i>ipt>x</scr<i></i>ipt>y", "y"),
    ],
)
def test_markup_that_appears_once_other_markup_is_gone_is_undone_too(raw: str, expected: str) -> None:
    text = normalize_text(raw)
    assert text == expected
    assert normalize_text(html.escape(text, quote=False)) == text


TAGS_WRITTEN_AS_TEXT = [
    ("script", "script"), ("style", "style"), ("noscript", "noscript"), ("b", "b"), ("i", "i"), ("a href='x.html'", "a"),
    ("span class=\"vn\"", "span"), ("p", "p"), ("div", "div"), ("h2", "h2"), ("li", "li"), ("td", "td"),
]


@pytest.mark.parametrize(("opener", "name"), TAGS_WRITTEN_AS_TEXT)
@pytest.mark.parametrize("escape", ["once", "twice", "by number"])
def test_escaped_markup_is_text_and_removes_nothing(opener: str, name: str, escape: str) -> None:
    """A user trial: 'thẻ &lt;script&gt;' and, two paragraphs on, 'thẻ &lt;/script&gt;' left one row, 'Tin tặc chèn thẻ
    đóng đoạn mã.': the decoded tags were read as a script on the next pass. What a reference stands for is text, for
    every kind of tag, however often it was escaped: the article's words are kept, the tag's characters too."""
    written = (
        f"Tin tặc chèn thẻ <{opener}> vào trang web của bộ.\nTrời hôm nay rất đẹp.\n"
        f"Chuyên gia nói thẻ </{name}> đóng đoạn mã, còn <!-- --> là chú thích."
    )
    escaped = html.escape(written, quote=False)
    if escape == "twice":
        escaped = escaped.replace("&", "&amp;")
    elif escape == "by number":
        escaped = written.replace("<", "&#60;").replace(">", "&#x3E;")
    text = normalize_text(escaped)
    assert text == written
    assert normalize_text(html.escape(text, quote=False)) == text


def test_a_scraped_page_reads_into_clean_segments_with_true_offsets(tmp_path: Path) -> None:
    page = (
        "<h1>Bộ Y tế khuyến cáo rửa tay</h1>\n<div class=\"content\">"
        "<p>Trời hôm nay rất đẹp.\u200b Bộ Y tế khuyến cáo người dân nên rửa tay.</p>"
        "<p>Ông nói: &#8220;Hãy rửa tay&nbsp;thường xuyên.&#8221;<br>Theo&nbsp;VnExpress</p>"
        "<script>track('<p>');</script></div>"
    )
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    article = read_article(path)
    assert article.original == page
    segments = segment_article(article.text)
    assert [(s.text, s.kind) for s in segments] == [
        ("Bộ Y tế khuyến cáo rửa tay", HEADING),
        ("Trời hôm nay rất đẹp.", SENTENCE),
        ("Bộ Y tế khuyến cáo người dân nên rửa tay.", SENTENCE),
        ("Ông nói: “Hãy rửa tay thường xuyên.”", SENTENCE),
        ("Theo VnExpress", "byline"),
    ]
    assert all(article.text[s.start : s.end] == s.text for s in segments)
    assert BOILERPLATE not in {s.kind for s in segments}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>Thẻ &lt;b&gt; in đậm.</p><p>Ông <b>Nam</b> nói.</p>", "\nThẻ <b> in đậm.\n\nÔng Nam nói.\n"),
        ("Viết &amp;lt;b&amp;gt; để in đậm.", "Viết <b> để in đậm."),
        ("<p>Dùng thẻ &amp;lt;i&amp;gt; khi trích dẫn.</p>", "\nDùng thẻ <i> khi trích dẫn.\n"),
        ("<p>Kẻ gian chèn thẻ &lt;script&gt; vào trang.</p>", "\nKẻ gian chèn thẻ <script> vào trang.\n"),
        ("Xem thêm <a href='https://vnexpress.net/x'>tại đây", "Xem thêm tại đây"),
        ('<font face="Arial">Hà Nội<script src="x.js">', "Hà Nội"),
    ],
)
def test_a_tag_written_as_text_keeps_its_words(raw: str, expected: str) -> None:
    """A bare tag with no closing tag after it is text: the page showed it (``&lt;b&gt;``), so it is a word of the
    article. It was dropped, leaving ``Thẻ  in đậm.``. One with an attribute is a careless page's markup."""
    text = normalize_text(raw)
    assert text == expected
    assert normalize_text(html.escape(text, quote=False)) == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Viết <img src='x.jpg'> để", "Viết để"),
        ("a <span></span> b", "a b"),
        ("Hà <b> Nội </b> ngày", "Hà Nội ngày"),
        ("Câu một. <!-- quảng cáo --> Câu hai. <script>x()</script>\tCâu ba.", "Câu một. Câu hai. Câu ba."),
        ("Tăng &amp;lt;b&amp;gt; Hà Nội &amp;lt;/b&amp;gt; mạnh", "Tăng <b> Hà Nội </b> mạnh"),
        ("Hà <b>Nội</b> , ngày", "Hà Nội , ngày"),
        ("<span>a</span> <span>b</span>", "a b"),
        ("Hà  <b>Nội</b>", "Hà  Nội"),
    ],
)
def test_a_tag_dropped_between_spaces_leaves_one_space(raw: str, expected: str) -> None:
    """Spacing is the text's own, as if the tag had never been typed: a tag between two spaces left two (``Viết  để``);
    a space the text itself has, before a comma or doubled, stays."""
    text = normalize_text(raw)
    assert text == expected
    assert normalize_text(html.escape(text, quote=False)) == text


def test_an_invisible_character_is_spaced_alike_typed_or_as_a_reference() -> None:
    assert normalize_text("Hà &#8203; Nội") == normalize_text("Hà \u200b Nội") == "Hà  Nội"


def test_a_file_of_escaped_html_reads_as_the_characters_its_page_showed(tmp_path: Path) -> None:
    """Plain text holding once-escaped HTML, and an HTML page holding twice-escaped HTML: the page showed the tags,
    so they are text, quoted ``>`` and spacing included; only the page's own markup goes. (They were read as tags.)"""
    plain = (
        "&lt;p&gt;&lt;img alt=&quot;Hà Nội &gt; TP.HCM&quot; src=&quot;a.jpg&quot;&gt; "
        "&lt;b&gt;Hà Nội&lt;/b&gt; tăng trưởng 7% &amp;amp; giá &lt; 5 đồng.&lt;/p&gt;\n"
        "&lt;p&gt;Thẻ &amp;lt;b&amp;gt; in đậm.&lt;/p&gt;"
    )
    page = (
        "<html><body><p>&amp;lt;p&amp;gt;&amp;lt;img alt=&amp;quot;Hà Nội &amp;gt; TP.HCM&amp;quot; "
        "src=&amp;quot;a.jpg&amp;quot;&amp;gt; &amp;lt;b&amp;gt;Hà Nội&amp;lt;/b&amp;gt; tăng trưởng 7% &amp;amp; "
        "giá &amp;lt; 5 đồng.&amp;lt;/p&amp;gt;</p><p>&lt;p&gt;Thẻ &lt;b&gt; in đậm.&lt;/p&gt;</p></body></html>"
    )
    for name, raw in (("plain.txt", plain), ("page.html", page)):
        path = tmp_path / name
        path.write_text(raw, encoding="utf-8")
        article = read_article(path)
        assert [s.text for s in segment_article(article.text)] == [
            '<p><img alt="Hà Nội > TP.HCM" src="a.jpg"> <b>Hà Nội</b> tăng trưởng 7% & giá < 5 đồng.</p>',
            "<p>Thẻ <b> in đậm.</p>",
        ], name
        assert normalize_text(html.escape(article.text, quote=False)) == article.text


def test_escaped_tags_in_a_file_reach_the_rows_as_written(tmp_path: Path, memorised_marian_dir: Path) -> None:
    """``translate`` normalised a file's text twice, so the tags the first pass decoded were markup to the second:
    '&lt;b&gt;Hà Nội&lt;/b&gt;' gave the row 'Hà Nội'. The user trial's file keeps its four paragraphs, tags and all."""
    source = tmp_path / "xss.txt"
    source.write_text(
        "Tin tặc chèn thẻ &lt;script&gt; vào trang web của bộ.\nTrời hôm nay rất đẹp.\n"
        "Bộ Y tế khuyến cáo người dân nên rửa tay thường xuyên.\nChuyên gia nói thẻ &lt;/script&gt; đóng đoạn mã.\n"
        "Thẻ &lt;b&gt;Hà Nội&lt;/b&gt; in đậm.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("translate", str(source), "-o", str(out), "--model", str(memorised_marian_dir), "--no-progress", "--no-memory")
    assert result.returncode == 0, result.stderr
    assert [row["translation"]["vi"] for row in output_rows(out)] == [
        "Tin tặc chèn thẻ <script> vào trang web của bộ.",
        "Trời hôm nay rất đẹp.",
        "Bộ Y tế khuyến cáo người dân nên rửa tay thường xuyên.",
        "Chuyên gia nói thẻ </script> đóng đoạn mã.",
        "Thẻ <b>Hà Nội</b> in đậm.",
    ]


PATHOLOGICAL = {
    "open brackets": "<" * 200_000,
    "unclosed tags": "<b" * 100_000,
    "unclosed comments": "<!--" * 50_000,
    "unclosed scripts": "<script>" * 30_000,
    "closers only": "</script>-->" * 30_000,
    "ampersands": "&" * 200_000,
    "escaped ampersands": "&amp;" * 50_000,
    "deep escaping": "&" + "amp;" * 50 + "lt;p&gt;",
    "long reference": "&" + "a" * 200_000 + ";",
    "many tags": "<p>Câu một.</p><br>" * 20_000,
    "lone inline tags": "<b>" * 100_000,
    "inline tags closed at the end": "<b> " * 100_000 + "</b>",
    "unclosed quoted attributes": '<a title="' * 50_000,
    "scripts around prose": "<script>Trời hôm nay rất đẹp. " * 30_000 + "</script>",
    "scripts of code": "<script>a = 1;</script>" * 30_000,
    "words in a script": "<script>" + "ab " * 100_000 + "</script>",
    "a long word in a style": "<style>" + "a" * 200_000 + "</style>",
    "unclosed comments in a script": "<script>" + "/*" * 100_000 + "</script>",
    "unclosed strings in a script": "<script>" + "'\"`" * 60_000 + "</script>",
}


def test_pathological_markup_finishes_and_reads_back() -> None:
    for name, raw in PATHOLOGICAL.items():
        text = normalize_text(raw)
        assert normalize_text(html.escape(text, quote=False)) == text, name
    assert normalize_text(PATHOLOGICAL["unclosed comments"]) == PATHOLOGICAL["unclosed comments"]
    assert normalize_text(PATHOLOGICAL["unclosed scripts"]) == PATHOLOGICAL["unclosed scripts"]
    assert normalize_text(PATHOLOGICAL["escaped ampersands"]) == "&" * 50_000
    assert normalize_text(PATHOLOGICAL["deep escaping"]) == "<p>"
    assert normalize_text(PATHOLOGICAL["scripts around prose"]) == PATHOLOGICAL["scripts around prose"]
    assert normalize_text(PATHOLOGICAL["scripts of code"]) == ""
    assert normalize_text(PATHOLOGICAL["lone inline tags"]) == PATHOLOGICAL["lone inline tags"]
    assert normalize_text(PATHOLOGICAL["inline tags closed at the end"]) == " "
