"""A specialist's question with points under it keeps them: they are part of what is asked."""

from content.pages import get_page

PAGE = """# Involuntary movements

**They may ask about:**

- When does the dyskinesia happen?
  - Before you take your medication (and how long before)?
  - After you take your medication?
- How many hours per day?
- Any other symptoms:
  - Difficulty hearing
  - Tinnitus (ringing in *ears*)
    - in one ear or both
"""


def test_a_questions_sub_points_are_kept_on_lines_of_their_own(content):
    content.write("page", PAGE)
    assert get_page("page").questions == [
        "When does the dyskinesia happen?\n"
        "\u2013 Before you take your medication (and how long before)?\n"
        "\u2013 After you take your medication?",
        "How many hours per day?",
        "Any other symptoms:\n"
        "\u2013 Difficulty hearing\n"
        "\u2013 Tinnitus (ringing in ears)\n"
        "\u2013 in one ear or both",
    ]


def test_a_loose_list_keeps_an_items_own_words_before_its_sub_points(content):
    content.write(
        "page",
        "# T\n\n**They may ask about:**\n\n"
        "- When does it happen?\n\n  - In the morning\n\n  More than once a day?\n\n"
        "- Does anything help?\n",
    )
    assert get_page("page").questions == [
        "When does it happen? More than once a day?\n\u2013 In the morning",
        "Does anything help?",
    ]


def test_the_page_itself_still_shows_the_nested_list(content):
    content.write("page", PAGE)
    html = get_page("page").html
    assert "<li>Before you take your medication (and how long before)?</li>" in html
    assert "\u2013" not in html


def test_the_real_pages_keep_their_questions_sub_points(corpus):
    dyskinesia = get_page("managing-symptoms/involuntary-movements").questions
    assert dyskinesia[0] == (
        "When does the dyskinesia happen?\n"
        "\u2013 Before you take your medication (and how long before)?\n"
        "\u2013 After you take your medication (and how long after you take your medication)?\n"
        "\u2013 Do they happen in between doses of medication "
        "(how much time has passed between doses?)"
    )
    assert dyskinesia[1] == "How many hours per day do you think you are having dyskinesias?"
    dizziness = get_page("managing-symptoms/dizziness").questions
    assert dizziness[-1] == (
        "Any other symptoms:\n\u2013 Difficulty hearing\n\u2013 Tinnitus (ringing in ears)\n"
        "\u2013 Bad headaches or persistent nausea\n\u2013 Palpitations\n\u2013 Anxiety or panic"
    )
    (sweating,) = get_page("managing-symptoms/sweating").questions
    assert sweating == (
        "When the problem occurs, if there are any triggers and any related symptoms.\n"
        "\u2013 These might be changes in weight, changes in bowels, pain, "
        "or symptoms of infection."
    )
