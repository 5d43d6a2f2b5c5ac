"""`studio export posts|calendar` through the command: E-n, counts, blocked list, --json."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import as_user, run

from conftest import ADMIN, ADMIN_PW, AUTHOR, AUTHOR_PW
from exporters.builders import PostSpec, build
from studio.library.library import open_library
from studio.workflow import posts


def test_export_commands(library_path: Path, tmp_path: Path) -> None:
    built = build(library_path, [PostSpec(days=3), PostSpec(channel="facebook", days=4),
                                 PostSpec(days=5)])
    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        posts.edit_post(lib, built.posts[2], text="Rosa walks again, thanks to our team!")
    env = as_user(library_path, AUTHOR, AUTHOR_PW)
    text = run("export", "posts", "--out", str(tmp_path / "out"), env=env)
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("E-1: 2 post(s) exported")
    blocked_line = next(line for line in text.stdout.splitlines()
                        if line.startswith(built.posts[2]))
    assert blocked_line.split() == [built.posts[2], "instagram", "not", "approved", "(status",
                                    "draft)"]
    made = run("--json", "export", "calendar", "--format", "hootsuite", "--out",
               str(tmp_path / "cal.csv"), "--from", "2000-01-01", env=env)
    assert made.returncode == 0, made.stderr
    data = json.loads(made.stdout)
    assert data["export"] == "E-2" and data["format"] == "hootsuite"
    assert sorted(Path(p).name for p in data["files"]) == ["cal-facebook.csv",
                                                            "cal-instagram.csv"]
    assert [b["post"] for b in data["blocked"]] == [built.posts[2]]
    ics = run("--json", "export", "calendar", "--format", "ics", "--observances", "--out",
              str(tmp_path / "cal.ics"), env=env)
    assert ics.returncode == 0 and json.loads(ics.stdout)["export"] == "E-3"
    none = run("export", "calendar", "--format", "csv", "--out", str(tmp_path / "x.csv"),
               "--from", "2000-01-01", "--to", "2000-01-02", env=env)
    assert none.returncode == 0 and "no posts in range" in none.stdout
    bad = run("export", "calendar", "--format", "csv", "--out", str(tmp_path / "x.csv"),
              "--from", "2030-01-02", "--to", "2030-01-01", env=env)
    assert bad.returncode == 2
    assert "(--to) is before the first day 2030-01-02 (--from)" in bad.stderr
    admin = run("export", "posts", "--out", str(tmp_path / "o"),
                env=as_user(library_path, ADMIN, ADMIN_PW))
    assert admin.returncode == 3 and "Traceback" not in admin.stderr
    again = run("export", "posts", "--out", str(tmp_path / "b"), "--channel", "instagram",
                env=env)
    assert again.returncode == 0 and again.stdout.startswith("E-4: 1 post(s)")  # re-export
