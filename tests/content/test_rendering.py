import re

from content.pages import Organisation, get_page
from content.render import slugify


def html_of(content, text: str, path: str = "page") -> str:
    content.write(path, text)
    return get_page(path).html


def test_heading_ids_follow_the_contents_rule():
    assert slugify("Useful Organisations & Contacts") == "useful-organisations-contacts"
    assert slugify("What can I try for myself?") == "what-can-i-try-for-myself"
    assert slugify("Parkinson\u2019s and  sleep -- a guide") == "parkinsons-and-sleep-a-guide"


def test_repeated_headings_get_distinct_ids(content):
    html = html_of(content, "# T\n\n## Tips\n\n## Tips\n")
    assert 'id="tips"' in html and 'id="tips-1"' in html


def test_markdown_inside_a_raw_div_is_rendered(content):
    html = html_of(
        content,
        '# T\n\n<div class="table-of-contents">\n## Contents\n- [Part one](#part-one)\n</div>\n\n'
        "## Part one\n",
    )
    assert '<h2 id="contents">Contents</h2>' in html
    assert '<a href="#part-one"' in html
    assert "- [" not in html


def test_markdown_straight_after_a_closing_div_or_a_lone_image_is_rendered(content):
    html = html_of(
        content,
        "# T\n\nAdvice.\n\n"
        '<img src="/information/images/swelling.jpg" alt="swollen ankle">\n'
        "- **You should be seen in A&E** if you also have:\n  - chest pain\n\n"
        '<div class="note">\n\nSome text.\n\n</div>\n'
        "- If you have broken a bone, ask about a bone scan.\n",
    )
    assert "<strong>You should be seen in A&amp;E</strong>" in html
    assert "<li>chest pain</li>" in html
    assert "<li>If you have broken a bone, ask about a bone scan.</li>" in html
    assert "**" not in html and "- " not in re.sub(r"<[^>]+>", "", html)


def test_a_tag_on_its_own_line_inside_a_paragraph_stays_in_it(content):
    html = html_of(content, "# T\n\nFirst line\n<br>\nsecond line.\n")
    assert "<p>First line\n<br>\nsecond line.</p>" in html


def test_the_table_of_contents_becomes_navigation(content):
    html = html_of(
        content, '# T\n\n<div class="table-of-contents">\n\n- [A](#a)\n\n</div>\n\n## A\n'
    )
    assert '<nav class="table-of-contents" aria-label="Table of contents">' in html
    assert html.count("</nav>") == 1


def test_a_block_closed_without_its_bracket_does_not_swallow_the_list(content):
    html = html_of(
        content, '# T\n\n<div class="video-container">\n<p>x</p>\n</div\n  \n- one\n- two\n'
    )
    assert "<li>one</li>" in html and "<li>two</li>" in html


def test_tables_nested_lists_block_quotes_and_curly_quotes(content):
    html = html_of(
        content,
        '# T\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\n- outer\n  - inner\n\n> "quoted" it\'s\n',
    )
    assert "<table " in html and re.search(
        r'<td class="app-align-right[^>]*>.*<span>2</span></td>', html
    )
    assert re.search(r"<li>outer\s*<ul>\s*<li>inner</li>", html)
    assert "<blockquote>" in html
    assert "\u201cquoted\u201d it\u2019s" in html


def test_a_table_is_the_design_systems_responsive_table_each_cell_named_for_narrow_screens(
    content,
):
    html = html_of(
        content,
        "# T\n\n| Organisation | Phone *Number* |\n| --- | --- |\n"
        "| Parkinson\u2019s UK | 0808 800 0303 <br>Helpline |\n",
    )
    assert '<table class="nhsuk-table nhsuk-table--responsive" role="table">' in html
    assert '<thead class="nhsuk-table__head" role="rowgroup">' in html
    assert (
        '<th class="nhsuk-table__header" role="columnheader" scope="col">Organisation</th>' in html
    )
    cells = re.findall(r'<td class="nhsuk-table__cell" role="cell">(.*?)</td>', html)
    assert cells == [
        '<span class="nhsuk-table__heading" aria-hidden="true">Organisation </span>'
        "<span>Parkinson\u2019s UK</span>",
        '<span class="nhsuk-table__heading" aria-hidden="true">Phone Number </span>'
        "<span>0808 800 0303 <br>Helpline</span>",
    ]
    # The column names are for sight only: search finds each once, from the header row.
    content_text = get_page("page").text
    assert content_text.count("Organisation") == 1


def test_table_roles_and_hidden_text_from_the_content_itself_are_kept_only_when_harmless(content):
    html = html_of(
        content,
        '# T\n\n<table role="presentation"><tr role="row"><td role="button" scope="x">1</td>'
        '<th scope="row">2</th></tr></table>\n\n<p><span aria-hidden="false">Read</span></p>\n',
    )
    assert 'role="presentation"' not in html and 'role="button"' not in html
    assert 'scope="x"' not in html and '<th scope="row">2</th>' in html
    assert '<tr role="row">' in html
    assert "<span>Read</span>" in html


def test_a_page_has_one_h1_even_when_the_file_has_several(content):
    html = html_of(content, "# Title\n\n# Second\n\n<h1>Raw</h1>\n")
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert '<h2 id="second">Second</h2>' in html


def test_a_page_without_a_title_is_named_after_its_file(content):
    content.write("living-well", "Just text.")
    page = get_page("living-well")
    assert page.title == "Living well" and page.untitled
    assert '<h1 id="living-well">Living well</h1>' in page.html


def test_an_href_wrapped_over_two_lines_is_joined(content):
    html = html_of(
        content, '# T\n\nSee <a href="/information/a\n    /b" class="internal-link">B</a>.\n'
    )
    assert 'href="/information/a/b"' in html


def test_questions_are_read_from_every_wording_the_content_uses_and_nothing_else(content):
    content.write(
        "page",
        "# T\n\n## Further Assessment\n\n"
        "**They may ask about:**\n\n- When?\n- Where?\n  - nested detail\n\n"
        "**They might ask about**\n\n- How often?\n\n"
        "**They may ask about any <ins>changes in vision</ins>:**\n\n- Close up?\n\n"
        "**They might ask** about a wide range of things. This includes:\n\n- Sleep\n\n"
        "**Track your symptoms**\n\n- not a question\n\n"
        "**They might ask:**\n\n- Smaller, more frequent doses.\n",
    )
    assert get_page("page").questions == [
        "When?",
        "Where?\n\u2013 nested detail",
        "How often?",
        "Close up?",
        "Sleep",
    ]


def test_questions_from_several_lists_each_about_something_say_what(content):
    content.write(
        "page",
        "# T\n\n**They may ask about any <ins>changes in vision</ins>:**\n\n- Close up?\n\n"
        "**They might ask about changes in touch:**\n\n- Which parts are affected?\n",
    )
    assert get_page("page").questions == [
        "Changes in vision: Close up?",
        "Changes in touch: Which parts are affected?",
    ]


def test_organisations_are_read_from_the_contacts_table(content):
    content.write(
        "page",
        "# T\n\n## Useful Organisations & Contacts\n\n"
        "| Organisation | About | Phone Number | Website |\n| --- | --- | --- | --- |\n"
        '| Dystonia UK | Help | -- | <a href="https://www.dystonia.org.uk" class="x">www</a> |\n'
        "| Parkinson\u2019s UK | Info | 0808 800 0303\\* <br><br>Free helpline "
        "| [site](https://www.parkinsons.org.uk) |\n",
    )
    assert get_page("page").organisations == [
        Organisation("Dystonia UK", "", "https://www.dystonia.org.uk"),
        Organisation("Parkinson\u2019s UK", "0808 800 0303", "https://www.parkinsons.org.uk"),
    ]


def test_an_organisations_first_address_is_kept_when_each_is_named_for_what_it_is(content):
    content.write(
        "page",
        "# T\n\n## Useful Organisations & Contacts\n\n"
        "| Organisation | About | Phone Number | Website |\n| --- | --- | --- | --- |\n"
        "| Mind | Help | -- | Depression: www.mind.org.uk/depression/ <br><br>"
        "Urgent help: https://www.mind.org.uk/need-urgent-help/ |\n",
    )
    assert get_page("page").organisations == [
        Organisation("Mind", "", "https://www.mind.org.uk/depression/")
    ]


def test_the_seed_page_exposes_its_questions_and_contacts(settings):
    page = get_page("managing-symptoms/cramps-and-spasms")
    assert page.title == "Cramps & Spasms (Dystonia)"
    assert page.url == "/information/managing-symptoms/cramps-and-spasms"
    assert page.questions[0] == "Describe what you experience"
    assert len(page.questions) == 5
    assert [o.name for o in page.organisations] == ["Dystonia UK", "NHS", "Parkinson\u2019s UK"]
    assert page.organisations[2].phone == "0808 800 0303"


def test_the_index_and_breadcrumbs_name_a_page_as_its_heading_does(content, client, db):
    content.write("living/what-is-it", "# What is **Parkinson's**?\n\nText.\n")
    content.write("living/living", "# Living with Parkinson's\n")
    assert get_page("living/what-is-it").title == "What is Parkinson\u2019s?"
    index = client.get("/information/").text
    assert "What is Parkinson\u2019s?</a>" in index and "Parkinson's" not in index
    page = client.get("/information/living/what-is-it").text
    assert "Living with Parkinson\u2019s</a>" in page
