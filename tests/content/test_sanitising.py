"""Hostile pages come out inert: nothing in a content file can run script."""

import re
from html import unescape

import pytest

from content.pages import get_page

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "script in markdown": "Hello <script src=/x.js></script> there",
    "style": "<style>body{display:none}</style>",
    "onerror": '<img src="x" onerror="alert(1)">',
    "onclick on a div": '<div class="x" onclick="alert(1)">Click</div>',
    "javascript link": '<a href="javascript:alert(1)">x</a>',
    "javascript markdown link": "[x](javascript:alert(1))",
    "entity-encoded javascript": '<a href="jav&#x61;script&colon;alert(1)">x</a>',
    "tab inside javascript": '<a href="java\tscript:alert(1)">x</a>',
    "upper-case javascript": '<a href="JAVASCRIPT:alert(1)">x</a>',
    "data link": '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "data image": '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="d">',
    "iframe from another host": '<iframe src="https://evil.example/embed/x"></iframe>',
    "iframe lookalike host": '<iframe src="https://www.youtube-nocookie.com.evil.example/embed/abcdefghijk"></iframe>',
    "iframe javascript": '<iframe src="javascript:alert(1)"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "form": '<form action="https://evil.example"><input name="password"><button>Go</button></form>',
    "svg with script": '<svg><script>alert(1)</script><circle onload="alert(1)"/></svg>',
    "svg animate": '<svg><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>',
    "object": '<object data="https://evil.example/x.swf"></object>',
    "embed": '<embed src="https://evil.example/x.swf">',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "base": '<base href="https://evil.example/">',
    "link stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "style attribute": '<p style="background:url(https://evil.example/x)">x</p>',
    "comment trick": "<!--><script>alert(1)</script>-->",
    "unclosed attribute": '<img src="x" alt="a" onerror=alert(1)//',
    "math": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "noscript": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "template": "<template><script>alert(1)</script></template>",
    "textarea": "<textarea><script>alert(1)</script></textarea>",
    "formaction": '<button formaction="javascript:alert(1)">x</button>',
    "target not blank": '<a href="/x" target="top">x</a>',
    "id clobbering": '<h2 id="x y" onmouseover="alert(1)">Heading</h2>',
}
DANGER = re.compile(
    r"<(script|style|iframe|form|input|button|svg|object|embed|meta|base|link|math|textarea)\b"
    r"|\son\w+\s*=|javascript:|data:|srcdoc|formaction|style=|evil\.example",
    re.I,
)


def tags(html: str) -> str:
    """Only the markup: escaped text that merely mentions a script is harmless."""
    return " ".join(re.findall(r"<[^>]*>", html))


@pytest.mark.parametrize("markup", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_comes_out_inert(content, markup):
    content.write("page", f"# Page\n\n{markup}\n\nAfter.\n")
    html = get_page("page").html
    assert not DANGER.search(tags(html)), html


@pytest.mark.parametrize("markup", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_inside_a_raw_block_comes_out_inert(content, markup):
    content.write("page", f'# Page\n\n<div class="x">\n\n{markup}\n\n</div>\n')
    assert not DANGER.search(tags(get_page("page").html))


def test_a_hostile_page_is_served_with_one_h1_and_no_script(client, content):
    content.write("page", "# Page\n\n" + "\n\n".join(HOSTILE.values()) + "\n\n<h1>Another</h1>\n")
    html = client.get("/information/page").content.decode()
    main = html.split('id="maincontent">', 1)[1]
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert not re.search(r"<script(?![^>]*nonce)(?![^>]*src=\"/static/)", main)


# "javascript:" broken by what a browser skips over, or by a line break an editor's
# wrapped link may have, which the sanitiser joins up.
BROKEN_JAVASCRIPT = {
    "newline and space": "java\n script:alert(1)",
    "newline": "java\nscript:alert(1)",
    "newline and tab": "java\n\tscript:alert(1)",
    "spaces around a newline": "java  \n  script:alert(1)",
    "before the colon": "javascript \n:alert(1)",
    "mixed case": "JaVa\n ScRiPt:alert(1)",
    "entity-encoded letter": "&#106;ava\n script:alert(1)",
    "entity-encoded newline": "java&#10; script:alert(1)",
    "carriage return": "java\r\n script:alert(1)",
    "leading whitespace": "\n \t java\n script:alert(1)",
    "leading entity-encoded whitespace": "&#10;&#9; javascript:alert(1)",
}
# What a browser ignores in an href before reading its scheme.
BROWSER_SKIPS = re.compile(r"[\t\n\r]")
LEADING = "".join(chr(n) for n in range(33))


def addresses(html: str) -> list[str]:
    """Each link's address as a browser reads it."""
    return [
        BROWSER_SKIPS.sub("", unescape(href)).lstrip(LEADING).lower()
        for href in re.findall(r'\shref="([^"]*)"', html)
    ]


@pytest.mark.parametrize("href", BROKEN_JAVASCRIPT.values(), ids=BROKEN_JAVASCRIPT.keys())
def test_a_javascript_link_broken_up_is_not_served(content, href):
    content.write(
        "page",
        f'# Page\n\n<a href="{href}">Click</a> and '
        '<a href="https://www.nhs.uk/conditions/\n  parkinsons-disease/">the NHS</a>\n',
    )
    html = get_page("page").html
    assert addresses(html) == ["https://www.nhs.uk/conditions/parkinsons-disease/"], html
    assert ">Click</a>" in html


def test_allowed_markup_is_kept(content):
    content.write(
        "page",
        '# Page\n\n<div class="action-box"><span class="note">Note</span></div>\n\n'
        '<a href="https://www.parkinsons.org.uk" class="external-link" target="_blank" '
        'rel="noopener noreferrer">Parkinson\u2019s UK</a> <a href="mailto:a@example.org">mail</a>'
        ' <a href="tel:08088000303">call</a>\n',
    )
    html = get_page("page").html
    assert '<div class="action-box"><span class="note">Note</span></div>' in html
    assert (
        '<a href="https://www.parkinsons.org.uk" class="external-link" target="_blank" '
        'rel="noopener noreferrer">'
    ) in html
    assert 'href="mailto:a@example.org"' in html and 'href="tel:08088000303"' in html


def test_a_video_written_inside_a_heading_waits_for_the_reader(content):
    content.write(
        "page",
        '# Page\n\n## Exercise <iframe src="https://www.youtube-nocookie.com/embed/abc123" '
        'title="YouTube video player"></iframe>\n\nText.\n',
    )
    html = get_page("page").html
    assert "<iframe" not in html
    assert '<h2 id="exercise">Exercise </h2><div class="app-video">' in html
    assert 'data-embed="https://www.youtube-nocookie.com/embed/abc123?autoplay=1"' in html
    assert 'data-title="Exercise"' in html


def test_two_videos_under_one_heading_are_named_apart(content):
    iframe = (
        '<iframe src="https://www.youtube-nocookie.com/embed/{}" title="YouTube video player">'
        "</iframe>\n\n"
    )
    content.write(
        "page",
        "# Page\n\n## Keeping on track\n\n"
        + iframe.format("videoOne1")
        + iframe.format("videoTwo2")
        + "## Next\n\n"
        + iframe.format("videoThree3"),
    )
    html = get_page("page").html
    assert 'data-title="Keeping on track"' in html
    assert 'data-title="Keeping on track (video 2)"' in html
    assert 'data-title="Next"' in html
