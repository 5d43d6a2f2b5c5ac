"""export posts: folders per post, sized pictures, manifests, the record, and the gate."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from conftest import ADMIN, ADMIN_PW, AUTHOR, AUTHOR_PW
from exporters.builders import PostSpec, at, build
from studio.channels import channel as channel_spec
from studio.errors import AuthError, BadInput
from studio.library.library import open_library
from studio.models import AuditEvent, Export, ExportItem, Post
from studio.workflow import consents, posts
from studio.workflow.exports import ExportCancelled, export_posts
from studio.workflow.lookup import get_by_display_id


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def test_packages_have_sized_images_text_alt_and_true_manifests(library_path: Path,
                                                                  tmp_path: Path) -> None:
    channels = ["instagram", "facebook", "x", "linkedin", "threads", "google-business", "blog",
                "newsletter"]
    built = build(library_path, [PostSpec(channel=c, title=f"Rosa on {c}", days=3 + i,
                                          hashtags=("PT",), link="https://example.org/rosa")
                                 for i, c in enumerate(channels)])
    seen: list[tuple[int, int]] = []
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        result = export_posts(lib, tmp_path / "out", progress=lambda d, t: seen.append((d, t)))
    assert result.export_id == "E-1" and sorted(result.posts) == sorted(built.posts)
    assert seen[-1] == (16, 16) and seen[0] == (0, 16)
    root = Path(result.location)
    assert root == (tmp_path / "out" / "E-1").resolve()
    files = _files(root)
    assert {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in files.items()} == \
        {k.removeprefix("E-1/"): v for k, v in result.files.items()}
    for post_id, chan in zip(built.posts, channels, strict=True):
        folder = root / f"{post_id}-{chan}-rosa-on-{chan}"
        manifest = json.loads((folder / "manifest.json").read_text())
        listed = {f["name"]: f["sha256"] for f in manifest["files"]}
        on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                   for p in folder.iterdir() if p.name != "manifest.json"}
        assert listed == on_disk
        with Image.open(folder / "image-1.jpg") as im:
            assert im.size == channel_spec(chan).recommended_size
            assert im.format == "JPEG"
            assert not im.getexif() and "exif" not in im.info and "icc_profile" not in im.info
            assert not any(k.startswith(("xmp", "XML", "comment")) for k in im.info)
        assert (folder / "image-1.alt.txt").read_text() == "A patient on a trail"
        if chan in ("blog", "newsletter"):
            assert {"article.html", "article.md"} <= set(listed)
        else:
            assert (folder / "post.txt").read_text() == (
                "Rosa is walking again. Thank you to our physical therapy team!\n\n#PT\n"
                "https://example.org/rosa")
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib, lib.read() as s:
        export = s.scalars(select(Export)).one()
        assert (export.kind, export.format, export.files) == ("posts", "package", result.files)
        assert len(s.scalars(select(ExportItem)).all()) == 8
        assert {p.status for p in s.scalars(select(Post))} == {"exported"}
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "export.run")).one()
        assert event.entity == "E-1" and event.actor == AUTHOR


def test_crop_is_respected(library_path: Path, tmp_path: Path) -> None:
    build(library_path, [PostSpec(channel="instagram", crop=(0.5, 0.0, 0.5, 0.75))])
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        result = export_posts(lib, tmp_path)
    image = next(Path(result.location).rglob("image-1.jpg"))
    with Image.open(image) as im:
        r, _, b = im.convert("RGB").resize((1, 1)).getpixel((0, 0))  # type: ignore[misc]
    assert b > 200 and r < 30   # only the blue right half was used


def test_blocked_items_are_reported_and_not_exported(library_path: Path,
                                                     tmp_path: Path) -> None:
    built = build(library_path, [PostSpec(days=3), PostSpec(days=4), PostSpec(days=5),
                                 PostSpec(days=6)], consent_days=30)
    edited, moved, kept, _ = built.posts
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        posts.edit_post(lib, edited, text="Rosa walks again. Thanks to our therapy team!")
        # Move past the consent's expiry: the approval does not survive a move like that.
        posts.edit_post(lib, moved, scheduled_at=at(45))
        result = export_posts(lib, tmp_path)
    reasons = {b.post: b.reason for b in result.blocked}
    assert "not approved (status draft)" in reasons[edited]
    assert "draft" in reasons[moved]
    assert edited not in result.posts and moved not in result.posts and kept in result.posts
    assert not any(edited in k or moved in k for k in result.files)


def test_revocation_after_export_lists_the_export(library_path: Path, tmp_path: Path) -> None:
    built = build(library_path, [PostSpec(days=3)])
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        first = export_posts(lib, tmp_path / "a")
        _, takedown = consents.revoke_consent(lib, built.consent, reason="Asked by phone.")
        assert [(t.post, t.exports, t.must_act) for t in takedown] == \
            [(built.posts[0], (first.export_id,), True)]
        again = export_posts(lib, tmp_path / "b")
    assert again.export_id is None
    assert again.blocked[0].reason.startswith("withdrawn")
    assert not (tmp_path / "b").exists() or not any((tmp_path / "b").iterdir())


def test_hostile_titles_give_safe_names_inside_out(library_path: Path, tmp_path: Path) -> None:
    titles = ["../../etc/passwd", "..\\..\\windows", "$(rm -rf ~); `id` | & > x", "CON",
              "   ", "ñandú 🎉 مرحبا", "a/b\\c:d*e?f\"g<h>i|j"]
    built = build(library_path, [PostSpec(title=t, days=3 + i, with_photo=False)
                                 for i, t in enumerate(titles)])
    out = tmp_path / "exports" / "out"
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        result = export_posts(lib, out)
    assert len(result.posts) == len(built.posts)
    everything = [p.resolve() for p in (tmp_path / "exports").rglob("*")]
    assert len(everything) > 2 * len(titles)
    assert all(p.is_relative_to(out.resolve()) for p in everything)
    for folder in Path(result.location).iterdir():
        if folder.is_dir():
            assert all(c.isalnum() or c == "-" for c in folder.name), folder.name
            assert folder.name.startswith("P-")


def test_out_inside_the_library_is_refused(library_path: Path) -> None:
    build(library_path, [PostSpec()])
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib, \
            pytest.raises(BadInput, match="inside the library"):
        export_posts(lib, library_path / "exports")


def test_export_needs_author_or_compliance(library_path: Path, tmp_path: Path) -> None:
    build(library_path, [PostSpec()])
    with open_library(library_path, ADMIN, password=ADMIN_PW) as lib, \
            pytest.raises(AuthError, match="export run needs"):
        export_posts(lib, tmp_path)


def test_cancel_records_nothing_and_leaves_no_file(library_path: Path, tmp_path: Path) -> None:
    build(library_path, [PostSpec(days=3 + i) for i in range(6)])
    flag = threading.Event()

    def progress(done: int, total: int) -> None:
        if done >= 2:
            flag.set()

    out = tmp_path / "out"
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        with pytest.raises(ExportCancelled):
            export_posts(lib, out, progress=progress, cancel=flag)
        with lib.read() as s:
            assert s.scalars(select(Export)).all() == []
            assert {p.status for p in s.scalars(select(Post))} == {"approved"}
    assert [p for p in out.rglob("*")] == []


def test_template_syntax_in_post_text_is_data(library_path: Path, tmp_path: Path) -> None:
    text = ("Rosa says {{ 7*7 }} and {% for x in range(3) %}{{ x }}{% endfor %} "
            "{{ self.__init__.__globals__ }} <script>alert(1)</script> *not bold* # & [x](y)")
    build(library_path, [PostSpec(channel="instagram", text=text, days=3),
                         PostSpec(channel="blog", text=text + "\n\n- a list?", days=4,
                                  title="<b>Title</b> {{ 1+1 }}")])
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        result = export_posts(lib, tmp_path)
    root = Path(result.location)
    assert next(root.rglob("post.txt")).read_text() == text
    html = next(root.rglob("article.html")).read_text()
    assert "{{ 7*7 }}" in html and "{% for x in range(3) %}" in html and "49" not in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Title&lt;/b&gt; {{ 1+1 }}" in html
    md = next(root.rglob("article.md")).read_text()
    assert "<script>" not in md and "&lt;script&gt;" in md and "\\*not bold\\*" in md
    assert "\\{\\{ 7\\*7 \\}\\}" in md and "\n\\- a list?" in md


def test_unknown_channel_is_bad_input(library_path: Path, tmp_path: Path) -> None:
    build(library_path, [PostSpec()])
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib, \
            pytest.raises(BadInput, match="unknown channel"):
        export_posts(lib, tmp_path, channels=["myspace"])


def test_channel_filter(library_path: Path, tmp_path: Path) -> None:
    built = build(library_path, [PostSpec(channel="instagram", days=3),
                                 PostSpec(channel="facebook", days=4)])
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        result = export_posts(lib, tmp_path, channels=["facebook"])
        with lib.read() as s:
            assert get_by_display_id(s, Post, built.posts[0]).status == "approved"
    assert result.posts == (built.posts[1],)


def test_stale_temporary_files_are_swept(tmp_path: Path) -> None:
    import os
    import time

    from studio.exporters.files import PendingFiles, Staging, sweep_stale_staging

    final = tmp_path / "plan.csv"
    old = tmp_path / ".plan.csv.0123456789ab.part"
    fresh = tmp_path / ".plan.csv.ba9876543210.part"
    other = tmp_path / ".other.csv.0123456789ab.part"
    for f in (old, fresh, other):
        f.write_bytes(b"half")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    os.utime(other, (time.time() - 3600, time.time() - 3600))
    pending = PendingFiles()
    pending.write(final, b"data")
    assert not old.exists() and fresh.exists() and other.exists()
    pending.publish()
    assert final.read_bytes() == b"data"
    dead = tmp_path / ".studio-export-999999999-abcdef.part"
    dead.mkdir()
    with Staging(tmp_path) as live:
        assert sweep_stale_staging(tmp_path) == 1
        assert live.root.exists() and not dead.exists()
