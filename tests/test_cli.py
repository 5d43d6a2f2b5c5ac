"""The `studio` command as scripts use it: exit codes, --json, passwords, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ADMIN, ADMIN_PW, AUTHOR, AUTHOR_PW
from studio.library.library import open_library

ROOT = Path(__file__).resolve().parents[1]


def run(*argv: str, env: dict[str, str] | None = None,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("STUDIO_")}
    full_env.update({"PYTHONPATH": str(ROOT), **(env or {})})
    return subprocess.run([sys.executable, "-m", "studio.cli", *argv], env=full_env, cwd=ROOT,
                          capture_output=True, text=True, input=stdin, timeout=120)


def as_user(path: Path, user: str, password: str) -> dict[str, str]:
    return {"STUDIO_LIBRARY": str(path), "STUDIO_USER": user, "STUDIO_PASSWORD": password}


def test_version_and_usage_errors() -> None:
    assert run("--version").stdout.strip().startswith("studio ")
    bad = run("story", "frobnicate")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_init_then_use_with_json(tmp_path: Path) -> None:
    lib = tmp_path / "Cli.studio"
    made = run("--json", "init", str(lib), "--admin", "root1", "--timezone", "Europe/Madrid",
               env={"STUDIO_NEW_PASSWORD": "root1 long password"})
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["timezone"] == "Europe/Madrid"
    admin = as_user(lib, "root1", "root1 long password")
    added = run("user", "add", "writer", "--role", "author",
                env={**admin, "STUDIO_NEW_PASSWORD": "writer long password"})
    assert added.returncode == 0, added.stderr
    listed = json.loads(run("--json", "user", "list", env=admin).stdout)
    assert {u["user"]: u["roles"] for u in listed["users"]} == {"root1": ["admin"],
                                                                "writer": ["author"]}
    writer = as_user(lib, "writer", "writer long password")
    subject = run("--json", "subject", "add", "--name", "Ana Example", "--dob", "1980-02-29",
                  env=writer)
    assert json.loads(subject.stdout) == {"id": "PT-1"}
    story_file = tmp_path / "story.txt"
    story_file.write_text("Ana walked again. ✨ שלום", encoding="utf-8")
    story = run("story", "add", "--subject", "PT-1", "--title", "Walking", "--text-file",
                str(story_file), "--tag", "Rehab", env=writer)
    assert story.returncode == 0 and story.stdout.strip() == "S-1"
    shown = json.loads(run("--json", "story", "show", "S-1", env=writer).stdout)
    assert shown["text"] == "Ana walked again. ✨ שלום" and shown["tags"] == ["rehab"]


def test_password_from_stdin(library_path: Path) -> None:
    env = {"STUDIO_LIBRARY": str(library_path), "STUDIO_USER": AUTHOR}
    ok = run("--password-stdin", "story", "list", env=env, stdin=AUTHOR_PW + "\n")
    assert ok.returncode == 0 and "No stories." in ok.stdout
    no_pw = run("story", "list", env=env, stdin="")
    assert no_pw.returncode == 3 and "STUDIO_PASSWORD" in no_pw.stderr


@pytest.mark.parametrize(("argv", "code", "fragment"), [
    (["subject", "add", "--name", "X", "--dob", "2026-02-30"], 2, "not a real date"),
    (["subject", "add", "--name", "X", "--email", "nope"], 2, "not an email"),
    (["story", "show", "S-999"], 2, "no story S-999"),
    (["story", "show", "banana"], 2, "not a story id"),
    (["story", "add", "--subject", "PT-1", "--title", "t", "--text-file", "/nonexistent"], 2,
     "no such file"),
    (["user", "add", "eve", "--role", "admin"], 3, "admin role"),
    (["story", "show", "S-\u00b2"], 2, "not a story id"),
    (["subject", "add", "--name", "X", "--dob", "9999-12-31"], 2, "outside the years"),
    (["subject", "add", "--name", "Ro\u200bsa Alvarado"], 2, "invisible character"),
    (["consent", "show", "C-1", "--form", "/tmp"], 2, "is a folder"),
])
def test_bad_input_gives_one_line_and_the_documented_code(library_path: Path, argv: list[str],
                                                          code: int, fragment: str) -> None:
    result = run(*argv, env={**as_user(library_path, AUTHOR, AUTHOR_PW),
                             "STUDIO_NEW_PASSWORD": "eve long password"})
    assert result.returncode == code, result.stderr
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_reads_work_while_another_process_writes(library_path: Path) -> None:
    with open_library(library_path, ADMIN, password=ADMIN_PW):
        listing = run("story", "list", env=as_user(library_path, AUTHOR, AUTHOR_PW))
        assert listing.returncode == 0, listing.stderr
        write = run("subject", "add", "--name", "Blocked Person",
                    env=as_user(library_path, AUTHOR, AUTHOR_PW))
        assert write.returncode == 1
        assert "open for writing by dana" in write.stderr


def test_backup_and_restore_commands(library_path: Path, tmp_path: Path) -> None:
    env = as_user(library_path, AUTHOR, AUTHOR_PW)
    backup = tmp_path / "b.studio-backup"
    made = run("backup", str(backup), env=env)
    assert made.returncode == 0 and "verified" in made.stdout
    restored = tmp_path / "Restored.studio"
    result = run("restore", str(backup), str(restored), env=env)
    assert result.returncode == 0, result.stderr
    assert run("audit", "verify", env={**env, "STUDIO_LIBRARY": str(restored)}).returncode == 0
    again = run("restore", str(backup), str(restored), env=env)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_display_names_cannot_carry_terminal_escapes(library_path: Path) -> None:
    result = run("user", "add", "eve", "--role", "author", "--display-name",
                 "Eve\x1b[2JCasey Compliance",
                 env={**as_user(library_path, ADMIN, ADMIN_PW),
                      "STUDIO_NEW_PASSWORD": "eve long password"})
    assert result.returncode == 2 and "control character U+001B" in result.stderr


def test_json_times_are_iso_8601(library_path: Path) -> None:
    listed = run("--json", "audit", "list", "--limit", "1",
                 env=as_user(library_path, AUTHOR, AUTHOR_PW))
    event = json.loads(listed.stdout)["events"][0]
    assert "T" in event["at"]


@pytest.mark.parametrize("argv", [["story", "list", "--offset", "99999999999999999999"],
                                  ["consent", "list", "--expiring-within", "99999999999"],
                                  ["consent", "list", "--expiring-within", "0"],
                                  ["story", "list", "--limit", "ten"]])
def test_out_of_range_numbers_are_usage_errors(library_path: Path, argv: list[str]) -> None:
    result = run(*argv, env=as_user(library_path, AUTHOR, AUTHOR_PW))
    assert result.returncode == 2
    assert "error: argument" in result.stderr.splitlines()[-1]
    assert "Traceback" not in result.stderr


def test_consent_needs_the_organization_named(tmp_path: Path) -> None:
    from factories import signature

    lib = tmp_path / "Org.studio"
    assert run("init", str(lib), "--admin", "root1",
               env={"STUDIO_NEW_PASSWORD": "root1 long password"}).returncode == 0
    admin = as_user(lib, "root1", "root1 long password")
    run("user", "add", "writer", "--role", "author",
        env={**admin, "STUDIO_NEW_PASSWORD": "writer long password"})
    writer = as_user(lib, "writer", "writer long password")
    run("subject", "add", "--name", "Ana Example", env=writer)
    sig = tmp_path / "sig.png"
    sig.write_bytes(signature().data)
    args = ["consent", "add", "PT-1", "--signed-on", "2026-01-05", "--expires", "2027-01-05",
            "--channels", "facebook", "--uses", "photo", "--signature", str(sig)]
    refused = run(*args, env=writer)
    assert refused.returncode == 1 and "settings set organization" in refused.stderr
    assert run("settings", "set", "organization", "Lakeside Hospital", env=admin).returncode == 0
    assert "organization: Lakeside Hospital" in run("settings", "show", env=admin).stdout
    assert run(*args, env=writer).returncode == 0


def test_decrypted_media_leaving_the_library_is_audited(library_path: Path,
                                                        tmp_path: Path) -> None:
    from factories import png

    author = as_user(library_path, AUTHOR, AUTHOR_PW)
    pic = tmp_path / "p.png"
    pic.write_bytes(png())
    run("subject", "add", "--name", "Ana Example", env=author)
    story_file = tmp_path / "s.txt"
    story_file.write_text("A story.", encoding="utf-8")
    run("story", "add", "--subject", "PT-1", "--title", "T", "--text-file", str(story_file),
        env=author)
    media_id = run("media", "add", "S-1", str(pic), "--alt", "a picture", env=author).stdout
    out = tmp_path / "out.png"
    assert run("media", "get", media_id.strip(), "--out", str(out), env=author).returncode == 0
    events = json.loads(run("--json", "audit", "list", "--entity", media_id.strip(),
                            env=author).stdout)["events"]
    assert [e["action"] for e in events] == ["media.export", "media.add"]


def test_no_command_goes_to_the_desktop_without_loading_the_commands() -> None:
    from studio.cli import desktop_arguments

    args = desktop_arguments(["--library", "/tmp/Some.studio", "--user", "alex", "--debug"])
    assert args is not None
    assert (args.command, args.library, args.user, args.debug) == (
        None, "/tmp/Some.studio", "alex", True)
    assert desktop_arguments([]) is not None
    # Commands, --help, --version and malformed or unknown options are the full parser's.
    for argv in (["story", "list"], ["--help"], ["--version"], ["--library"], ["--bogus"]):
        assert desktop_arguments(argv) is None, argv


def test_consent_list_expiring_is_the_badges_rule(library_path: Path) -> None:
    """`consent list --expiring-within` lists consents in force that end within the days
    given, with the badge's status; superseded and revoked ones inside the window are not."""
    from factories import every_consent_state

    from studio.workflow.library_views import list_subjects

    with open_library(library_path, AUTHOR, password=AUTHOR_PW) as lib:
        every_consent_state(lib)
        names = {row.display_id: row.name for row in list_subjects(lib)}
    env = as_user(library_path, AUTHOR, AUTHOR_PW)

    def listed(days: str) -> list[tuple[str, str]]:
        result = run("--json", "consent", "list", "--expiring-within", days, env=env)
        assert result.returncode == 0, result.stderr
        return sorted((names[c["subject"]], c["status"])
                      for c in json.loads(result.stdout)["consents"])

    assert listed("30") == [("Tom Tomorrow", "expiring")]
    assert listed("365") == [("Ana Active", "active"), ("Sam Superseded", "active"),
                             ("Tom Tomorrow", "expiring")]
