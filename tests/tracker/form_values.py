"""What a browser would send from a form on a page, as it stands."""

from html.parser import HTMLParser


class FormValues(HTMLParser):
    """The values of the form whose action ends `action`: every input (a radio button or
    checkbox only when checked) and each select's chosen option, or its first."""

    def __init__(self, action: str):
        super().__init__()
        self.action = action
        self.values: dict[str, str] = {}
        self.inside = False
        self.select = None
        self.first_option = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action", "").endswith(self.action)
        elif not self.inside:
            return
        elif tag == "input" and "name" in attrs:
            if attrs.get("type") not in {"radio", "checkbox"} or "checked" in attrs:
                self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self.select, self.first_option = attrs["name"], True
        elif tag == "option" and self.select and ("selected" in attrs or self.first_option):
            self.values[self.select] = attrs.get("value") or ""
            self.first_option = False

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def form_values(content: str, action: str) -> dict[str, str]:
    parser = FormValues(action)
    parser.feed(content)
    return parser.values
