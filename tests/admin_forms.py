"""The admin as curators use it: staff accounts, change pages, and forms submitted the way a
browser would (every field as rendered, some changed)."""

from html.parser import HTMLParser


def staff(name, group):
    # Imported here: bench/faults.py uses this module's forms without setting Django up.
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(name, password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def change_url(obj):
    return f"/admin/trials/{obj._meta.model_name}/{obj.pk}/change/"


class FormFields(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields = []
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select" and a.get("name"):
            self.select = [a["name"], None]
            self.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            if self.select[1] is None or "selected" in a:
                self.select[1] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]
            self.fields.append(self.textarea)

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def form_data(html, form_id, **changes):
    """The fields of the form `form_id` as rendered, with `changes` applied."""
    parser = FormFields(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, value if value is not None else "")
    if data.get("") is not None:
        data.pop("")
    data.update({k: "" if v is None else str(v) for k, v in changes.items()})
    return data


def submit(client, url, form_id, **changes):
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return client.post(url, form_data(page.content.decode(), form_id, **changes))
