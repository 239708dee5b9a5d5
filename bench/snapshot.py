"""Byte snapshots of every public page, the API and every download, to prove a refactoring
serves what it served before.

    .venv/bin/python bench/snapshot.py take /tmp/before     # renders into a folder
    .venv/bin/python bench/snapshot.py compare /tmp/before /tmp/after

`take` migrates a fresh SQLite database in a temporary folder, loads the curated fixtures, turns
the page cache off and freezes the clock (downloads print the day), then saves each response's
body and its status and headers. `compare` reports every file that differs; XLSX files are
compared by their cells' values and styles, since their zip entries carry timestamps.
"""

import difflib
import io
import json
import os
import re
import sys
import tempfile
import warnings
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALL = "vision,netter-1,therap,ralu"
SLUGS = ALL.split(",")
TWO = "vision,therap"
# Every curated trial but OCLURANDOM: the largest comparison offered (twelve trials).
TWELVE = (
    "vision,netter-1,therap,ralu,psmafore,splash,eclipse,psmaddition,enza-p,upfrontpsma,"
    "netter-2,compete"
)
FROZEN = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
HEADERS = ("Content-Type", "Content-Disposition", "Location")


def urls():
    pages = [
        "/",
        "/trials/",
        *[f"/trials/{slug}/" for slug in (*TWELVE.split(","), "oclurandom")],
        f"/compare/?trials={ALL}",
        f"/compare/?trials={TWELVE}",
        f"/compare/?trials={TWO}",
        "/compare/?trials=netter-1,ralu",
        "/trials/?target=PSMA",
        "/trials/?phase=3&sort=-n_randomised",
        "/treatment-settings/",
        "/patients-like-mine/",
        "/patients-like-mine/?disease=prostate&stage=mcrpc&arpi=one-mcrpc&taxane=one-mcrpc",
    ]
    # What a bad or non-canonical comparison request gets: statuses, messages, redirects.
    refusals = [
        "/compare/",
        "/compare/?trials=vision",
        "/compare/?trials=vision,vision",
        "/compare/?trials=vision,nope",
        "/compare/?trials=vision,%3Cb%3E",
        "/compare/?trials=" + ",".join(f"t{i}" for i in range(13)),
        "/compare/?trials=vision&trials=therap",
        f"/compare/?trials={TWO}&add=netter-1",
        f"/compare/?trials={TWO}&_export=pdf",
    ]
    api = ["/api/trials/", *[f"/api/trials/{slug}/" for slug in TWELVE.split(",")]]
    api.append("/api/openapi.json")
    downloads = [
        f"/compare/?trials={trials}&_export={fmt}"
        for trials in (ALL, TWO, TWELVE)
        for fmt in (
            *("csv", "xlsx", "json", "csv-values", "xlsx-values"),
            *("results-csv", "results-xlsx"),
        )
    ]
    downloads += [f"/trials/?_export={fmt}" for fmt in ("csv", "xlsx", "json")]
    downloads += [f"/trials/?phase=3&_export={fmt}" for fmt in ("csv", "xlsx", "json")]
    downloads += [f"/api/trials/{slug}/results.{ext}" for slug in SLUGS for ext in ("csv", "xlsx")]
    return pages + refusals + api + downloads


def file_name(url, content_type):
    stem = re.sub(r"[^A-Za-z0-9.,=-]+", "_", url).strip("_") or "root"
    if "spreadsheetml" in content_type:
        return stem + ".xlsx"
    for kind, ext in (("html", ".html"), ("csv", ".csv"), ("json", ".json")):
        if kind in content_type:
            return stem + ext
    return stem + ".bin"


def setup_django(folder):
    os.environ["DJANGO_SETTINGS_MODULE"] = "radioligand_site.settings"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_SECRET_KEY"] = "snapshot-only-secret-key"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_HTTPS"] = "false"
    os.environ["DJANGO_PAGE_CACHE"] = "false"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/snapshot.sqlite3"
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    # WhiteNoise looks for collected static files, which the snapshot does not need.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    import django

    django.setup()


def take(out):
    import time_machine

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="snapshot-") as folder:
        setup_django(folder)
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client
        from django.test.utils import override_settings

        call_command("migrate", verbosity=0, interactive=False)
        fixtures = sorted(str(p) for p in (ROOT / "fixtures").glob("*.json"))
        call_command("loaddata", *fixtures, verbosity=0)
        # Static names without a collectstatic manifest, as in the tests.
        plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        index = {}
        with (
            override_settings(STORAGES=settings.STORAGES | {"staticfiles": plain}),
            time_machine.travel(FROZEN, tick=False),
        ):
            client = Client()
            for url in urls():
                response = client.get(url)
                name = file_name(url, response.get("Content-Type", ""))
                (out / name).write_bytes(response.content)
                index[name] = {
                    "url": url,
                    "status": response.status_code,
                    **{h: response[h] for h in HEADERS if response.has_header(h)},
                }
        (out / "index.json").write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(index)} responses saved in {out}")


def xlsx_cells(content):
    """Every sheet's cells with their values and styles, widths and frozen panes."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    lines = []
    for sheet in book.worksheets:
        lines.append(f"sheet {sheet.title!r} freeze={sheet.freeze_panes} dims={sheet.dimensions}")
        for letter, dim in sorted(sheet.column_dimensions.items()):
            lines.append(f"  column {letter} width={dim.width}")
        for row in sheet.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                style = (
                    f"bold={c.font.b} wrap={c.alignment.wrap_text} "
                    f"valign={c.alignment.vertical} fmt={c.number_format}"
                )
                lines.append(f"  {c.coordinate} {c.data_type} {c.value!r} {style}")
    return lines


JSON_SCRIPT = re.compile(r'(<script id="[^"]*" type="application/json">)(.*?)(</script>)', re.S)


def readable(path):
    """A file as lines to diff, and the JSON it carries (parsed, so key order does not count).

    HTML is split after each tag so a diff shows the changed element; a page's json_script
    blocks are set apart and compared parsed; XLSX is its cells.
    """
    content = path.read_bytes()
    if path.suffix == ".xlsx":
        return xlsx_cells(content), None
    text = content.decode("utf-8", "replace")
    if path.suffix == ".json":
        return text.splitlines(), json.loads(text)
    if path.suffix == ".html":
        blocks = [json.loads(m.group(2)) for m in JSON_SCRIPT.finditer(text)]
        text = JSON_SCRIPT.sub(r"\1…\3", text)
        return re.sub(r">\s*", ">\n", text).splitlines(), blocks
    return text.splitlines(), None


def compare(before, after):
    before, after = Path(before), Path(after)
    names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
    same, equivalent, differing = [], [], []
    for name in names:
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            differing.append(name)
            print(f"only in {'after' if b.exists() else 'before'}: {name}")
            continue
        if a.read_bytes() == b.read_bytes():
            same.append(name)
            continue
        (old, old_data), (new, new_data) = readable(a), readable(b)
        if old == new and old_data == new_data:
            equivalent.append(name)
            print(f"=== equivalent (same cells or same JSON, other bytes): {name}")
            continue
        differing.append(name)
        print(f"--- differs: {name}")
        for line in list(difflib.unified_diff(old, new, "before", "after", n=1, lineterm=""))[2:80]:
            print("  " + line[:300])
        if old_data != new_data:
            print("  (and the JSON it carries differs)")
    print(f"{len(same)} identical, {len(equivalent)} equivalent, {len(differing)} differing")
    return 1 if differing else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "take":
        return take(argv[2])
    if len(argv) == 4 and argv[1] == "compare":
        return compare(argv[2], argv[3])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
