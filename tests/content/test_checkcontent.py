import pytest
from django.core.management import call_command

from content.checks import check
from content.pages import get_page
from tests.content.test_corpus import BROKEN_ANCHORS


def run(*args) -> tuple[int, str]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("checkcontent", *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_a_clean_folder_passes(content):
    content.write("a/a", "# A\n\n- [Part](#part)\n\n## Part\n\nSee [B](/information/a/b#two).\n")
    content.write("a/b", "# B\n\n## Two\n\n[Tracker](/information/my-tracker) [Home](/)\n")
    code, out = run()
    assert code == 0, out
    assert "0 error(s)" in out


def test_every_kind_of_problem_is_listed(content):
    content.write(
        "page",
        "No title here.\n\n[Gone](/information/nowhere) [Typo](/informaton/x) [Rel](www.nhs.uk)\n\n"
        "[Anchor](#missing) [Far anchor](/information/other#missing)\n\n"
        '<script>alert(1)</script> <a href="javascript:alert(1)">x</a>\n\n'
        '<img src="x" onerror="y">\n\n'
        '<iframe src="https://evil.example/embed"></iframe>\n\n'
        "![Lost](https://raw.githubusercontent.com/parkinsons-toolkit/app-content/refs/heads/dev/images/lost.jpg)\n\n"
        "[Wellbeing](/information/my-wellbeing)\n\n"
        '<a href="https://service directory">Services</a>\n',
    )
    content.write("other", "# Other\n")
    findings = {(f.kind, f.target, f.error) for f in check()}
    assert ("title", "", True) in findings
    assert ("link", "/information/nowhere", True) in findings
    assert ("link", "/informaton/x", True) in findings
    assert ("link", "www.nhs.uk", True) in findings
    assert ("anchor", "#missing", True) in findings
    assert ("anchor", "/information/other#missing", True) in findings
    assert ("link", "/information/my-wellbeing", False) in findings
    unsafe = {target for kind, target, _ in findings if kind == "unsafe"}
    assert "<script> element" in unsafe
    assert 'href="javascript:alert(1)" on <a>' in unsafe
    assert 'onerror="y" on <img>' in unsafe
    assert 'src="https://evil.example/embed" on <iframe>' in unsafe
    assert 'href="https://service directory" on <a>' in unsafe
    assert any(kind == "image" and "lost.jpg" in target for kind, target, _ in findings)
    code, out = run()
    assert code == 1
    # Each with the line of the page's file it is on, where that line can be found.
    assert "page:3: error: broken link: no page at /information/nowhere" in out
    assert "page:5: error: no heading for in-page link #missing" in out
    assert 'page:9: error: removed: onerror="y" on <img>' in out
    assert "page: error: the page has no `# ` title" in out


def test_the_folders_can_be_given_on_the_command_line(content, tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "page.md").write_text("# Page\n\n[Gone](/information/gone)\n")
    code, out = run("--content-dir", str(other), "--images-dir", str(content.images))
    assert code == 1 and "broken link: no page at /information/gone" in out


def test_the_corpus_broken_links_are_found_and_nothing_else(corpus):
    findings = check()
    errors = {(f.page, f.target) for f in findings if f.error}
    # Real slips in the published content.
    for expected in [
        ("managing-symptoms/dizziness", "/information/managing-symptoms/mood"),
        (
            "living-with-parkinsons/practical-advice/appointments-and-hospital-stays",
            "#more-information",
        ),
        (
            "managing-symptoms/skin-conditions",
            "/learnliving-with-parkinsons/optimising-wellbeing/eating-well",
        ),
        ("managing-symptoms/skin-conditions", "www.nhs.uk/conditions/melanoma-skin-cancer"),
    ]:
        assert expected in errors
    # A link the sanitiser drops: its address has a space in the host.
    removed = [(f.page, f.target) for f in findings if f.kind == "unsafe"]
    assert removed == [
        ("further-support/services-and-groups", 'href="https://service directory" on <a>')
    ]
    # No false alarms: no other HTML removed, no missing image, every page titled, and
    # links to pages that exist (in every form the content writes them) pass.
    assert not [f for f in findings if f.kind in {"image", "title"}]
    targets = {target for _, target in errors}
    assert "/information/further-support/resources" not in targets
    assert "/information/managing-symptoms/managing-symptoms" not in targets
    assert "/information/living-with-parkinsons" not in targets
    assert len(errors) == 20
    # A slip in a page's name: the editor is told which page it most likely meant.
    [hobbies] = [
        f.message
        for f in findings
        if f.page == "living-with-parkinsons/living-with-parkinsons" and "hobbiess" in f.target
    ]
    assert hobbies.endswith(
        "(did you mean /information/living-with-parkinsons/practical-advice/hobbies-and-pets?)"
    )
    # Links under the old name of the treatments section: readers are sent on, and the
    # editor is told where to link instead.
    sent_on = {(f.page, f.target): f.message for f in findings if "sent on" in f.message}
    assert len(sent_on) == 14 and not any(f.error for f in findings if "sent on" in f.message)
    assert sent_on[
        (
            "managing-symptoms/cramps-and-spasms",
            "/information/treatments-and-therapies/advanced-therapies-and-surgical-treatments",
        )
    ].endswith(
        "readers are sent on to /information/treatments/advanced-therapies-and-surgical-treatments"
    )
    anchors = {(f.page, f.target.lstrip("#")) for f in findings if f.kind == "anchor"}
    assert anchors == BROKEN_ANCHORS


@pytest.mark.parametrize("href", ["/information/my-tracker", "/my-tracker", "/auth?mode=signup"])
def test_links_to_app_areas_are_not_errors(content, href):
    content.write("page", f"# Page\n\n[Area]({href})\n")
    assert not [f for f in check() if f.error]


@pytest.mark.parametrize(
    "href, served",
    [
        ("java\n script:alert(1)", False),
        ("JaVa\n ScRiPt:alert(1)", False),
        ("https://www.nhs\n .uk/", False),  # a space in the host, to the sanitiser
        ("https://[www.nhs.uk/", False),
        ("https://www.nhs.uk/conditions/\n  parkinsons-disease/", True),
        ("mailto:\n help@example.org", True),
    ],
)
def test_a_link_is_listed_as_removed_exactly_when_it_is_not_served(content, href, served):
    content.write("page", f'# Page\n\n<a href="{href}">Link</a>\n')
    assert ("href=" in get_page("page").html) == served
    removed = [f.message for f in check() if f.kind == "unsafe"]
    assert removed == ([] if served else [f'removed: href="{href}" on <a>'])


def test_a_local_image_the_site_cannot_show_is_an_error(content):
    content.write(
        "page",
        "# Page\n\n![Brain](images/brain.png)\n\n"
        '<img src="/information/images/nothere.jpg" alt="Nothing">\n',
    )
    code, out = run()
    assert code == 1, out
    assert "page:3: error: image missing locally: images/brain.png" in out
    assert "page:5: error: image missing locally: /information/images/nothere.jpg" in out
    assert "remote" not in out


def test_a_relative_image_address_is_told_the_address_the_site_serves(content):
    (content.images / "brain.png").write_bytes(b"png")
    content.write("page", "# Page\n\n![Brain](images/brain.png)\n")
    code, out = run()
    assert code == 1, out
    assert (
        "page:3: error: image not shown: write its address as /information/images/brain.png" in out
    )


def test_local_images_in_the_images_folder_pass(content):
    (content.images / "brain.png").write_bytes(b"png")
    content.write("page", '# Page\n\n<img src="/information/images/brain.png" alt="Brain">\n')
    code, out = run()
    assert code == 0, out


def test_the_images_folder_checked_is_named(content):
    content.write("page", "# Page\n")
    _, out = run()
    assert f"Images folder: {content.images.resolve()}" in out


def test_a_missing_images_folder_is_one_error_not_one_per_image(content, settings, tmp_path):
    absent = tmp_path / "no-images"
    settings.CONTENT_IMAGES_DIR = absent
    github = (
        "https://raw.githubusercontent.com/parkinsons-toolkit/app-content/refs/heads/dev/images"
    )
    content.write(
        "page",
        f"# Page\n\n![A]({github}/a.png)\n\n![B]({github}/b.png)\n\n"
        '<img src="/information/images/c.png" alt="C">\n',
    )
    code, out = run()
    assert code == 1, out
    assert out.count("error:") == 1, out
    assert f"error: images folder not found: {absent}; pass --images-dir" in out
    assert "1 error(s)" in out


def test_what_the_reader_would_see_mangled_is_listed(content):
    content.write("good", "# Good\n")
    windows = content.write("windows", "x")
    windows.write_bytes("# Caf\u00e9\n\nParkinson\u2019s\n".encode("cp1252"))
    content.write("matter", "---\ntitle: Matter\n---\n\n# Matter\n")
    content.write("bold", "# Bold\n\n- **Contact your GP or 111 for an urgent review. **\n")
    (content.root / "Bad_Name.md").write_text("# Bad\n")
    (content.root / "with space.md").write_text("# Space\n")
    findings = {(f.page, f.kind, f.error) for f in check()}
    assert ("windows", "encoding", True) in findings
    assert ("matter", "markdown", True) in findings
    assert ("bold", "markdown", False) in findings
    assert ("Bad_Name", "name", True) in findings
    assert ("with space", "name", True) in findings
    assert not {finding for finding in findings if finding[0] == "good"}


def test_a_merge_left_half_done_is_an_error_naming_its_line(content):
    content.write(
        "pain",
        "# Pain\n\n<<<<<<< HEAD\nTake paracetamol regularly.\n=======\n"
        "Take ibuprofen regularly.\n>>>>>>> feature\n",
    )
    content.write("table", "# Table\n\nA heading\n=======\n")  # a heading's underline
    (finding,) = [f for f in check() if f.page != "table"]
    assert (finding.page, finding.kind, finding.error) == ("pain", "markdown", True)
    assert finding.message.startswith("a git merge left unfinished (line 3)")


def test_a_page_too_large_to_serve_is_an_error_and_is_not_served(content, monkeypatch):
    monkeypatch.setattr("content.pages.MAX_PAGE_BYTES", 1000)
    content.write("huge", "# Huge\n\n" + "Words. " * 200)
    content.write("fine", "# Fine\n")
    (finding,) = check()
    assert (finding.page, finding.kind, finding.error) == ("huge", "size", True)
    assert get_page("huge") is None
    assert get_page("fine") is not None


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,hello",
        "file:///etc/passwd",
    ],
)
def test_a_link_markdown_does_not_make_for_its_scheme_is_an_error(content, address):
    content.write("page", f"# Page\n\n[Click]({address})\n")
    # The reader sees the markdown itself, not a link: nothing else tells the editor.
    assert f"<p>[Click]({address})</p>" in get_page("page").html
    (finding,) = check()
    assert (finding.kind, finding.target, finding.error) == ("link", address, True)
    scheme = address.split(":")[0].lower()
    assert finding.message.startswith(f"a link to a `{scheme}:` address is not made")


def test_a_link_definition_markdown_refuses_is_an_error_on_its_line(content):
    content.write(
        "page",
        "# Page\n\nSee [the form][form] and [it again][form].\n\n[form]: javascript:alert(1)\n",
    )
    html = get_page("page").html
    assert "[the form][form]" in html and "[form]: javascript:alert(1)" in html
    (finding,) = check()
    assert (finding.kind, finding.target, finding.line) == ("link", "javascript:alert(1)", 5)


def test_an_autolink_markdown_refuses_is_an_error(content):
    content.write("page", "# Page\n\n<javascript:alert(1)>\n")
    assert "&lt;javascript:alert(1)&gt;" in get_page("page").html
    (finding,) = check()
    assert (finding.kind, finding.target, finding.error) == ("link", "javascript:alert(1)", True)


def test_links_with_safe_schemes_and_refused_links_shown_as_code_are_not_reported(content):
    content.write(
        "page",
        "# Page\n\n"
        "[NHS](https://www.nhs.uk) [Old](http://example.org) <https://www.nhs.uk>\n\n"
        "[Email](mailto:help@example.org) [Call](tel:111) [Here](/information/page) "
        "[Top](#page)\n\n"
        "Never write `[Click](javascript:alert(1))`: it is not made a link.\n\n"
        "```\n[Click](vbscript:msgbox(1))\n<javascript:alert(2)>\n```\n\n"
        "    [x]: file:///etc/passwd\n",
    )
    assert check() == []


def test_the_line_of_a_refused_link_is_printed(content):
    content.write(
        "page",
        "# Page\n\nAn introduction.\n\nMore words, then\n[open the form](javascript:open())\n",
    )
    code, out = run()
    assert code == 1, out
    assert (
        "page:6: error: a link to a `javascript:` address is not made: the reader sees the "
        "markdown as written (javascript:open()); link to a page or an http(s), mailto or tel "
        "address"
    ) in out


def test_lines_of_the_search_words_file_search_cannot_read_are_errors_with_their_line(content):
    content.write("tremor", "# Tremor\n\nA tremor of the hands.\n")
    (content.root / "search-words.txt").write_bytes(
        b"# Lay words, then =, then the words the pages use.\n"
        b"shaky, shaking = tremor\n"
        b"\n"
        b"toilet (loo) = bladder\n"
        b"nightmares dreams\n"
        b"peeing = urinary bladder\n"
        b"trembl\xe9 = tremor\n"
    )
    code, out = run()
    assert code == 1, out
    assert "search-words.txt:4: error: not read: `toilet (loo)` is not a word or words" in out
    assert "search-words.txt:5: error: not read: write lay words, then `=`, then" in out
    assert "search-words.txt:6: error: not read: `urinary bladder`, right of `=`, is not one" in out
    assert "search-words.txt:7: error: not UTF-8" in out
    assert "search-words.txt:2" not in out and "search-words.txt:1" not in out
    assert "\n4 error(s), 0 warning(s)" in out


def test_a_word_the_search_words_file_gives_that_no_page_uses_is_a_warning(content):
    content.write("tremor", "# Tremor\n\nSome tremors come and go.\n")
    content.write("home", "# Home\n\nVertigo.\n")  # a home screen: not searched
    (content.root / "search-words.txt").write_text(
        "shaky = tremor\n"  # "tremors" has its stem
        "dizzy = vertigo, dizziness\n",
        encoding="utf-8",
    )
    code, out = run()
    assert code == 0, out
    assert "search-words.txt:2: warning: no page uses `vertigo`" in out
    assert "search-words.txt:2: warning: no page uses `dizziness`" in out
    assert "tremor`" not in out
    assert "0 error(s), 2 warning(s)" in out


def test_a_search_words_file_that_cannot_be_read_is_an_error(content):
    content.write("tremor", "# Tremor\n")
    (content.root / "search-words.txt").mkdir()
    code, out = run()
    assert code == 1
    assert "search-words.txt: error: cannot be read" in out


def test_no_search_words_file_is_nothing_to_report(content):
    content.write("tremor", "# Tremor\n")
    assert [f for f in check() if f.kind == "words"] == []


def test_an_image_described_by_a_placeholder_is_a_warning_on_its_line(content):
    content.write(
        "page",
        "# Page\n\n"
        '<img src="/information/images/plate.jpg" alt="Half a plate of vegetables">\n\n'
        '<img src="/information/images/guide.jpg" alt="example-alt-text">\n\n'
        '<img src="/information/images/line.png" alt="">\n\n'
        "![Image](/information/images/map.png)\n",
    )
    for name in ("plate.jpg", "guide.jpg", "line.png", "map.png"):
        (content.images / name).write_bytes(b"image")
    code, out = run()
    assert code == 0, out
    assert (
        "page:5: warning: image guide.jpg described by a placeholder: screen readers read "
        'that out; describe what it shows, or write alt="" if it is only decoration'
    ) in out
    assert "page:9: warning: image map.png described by a placeholder" in out
    assert out.count("placeholder") == 2


def test_the_corpus_images_described_by_a_placeholder_are_found(corpus):
    found = {(f.page, f.target) for f in check() if f.kind == "alt"}
    assert found == {
        ("home", "information_icon.png"),
        ("home", "pencil_icon.png"),
        ("living-with-parkinsons/optimising-wellbeing/eating-well", "food-fibre.jpg"),
        ("living-with-parkinsons/optimising-wellbeing/eating-well", "eat-well-guide.jpg"),
    }
