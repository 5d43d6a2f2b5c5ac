"""The consent -> draft -> submit -> approve path through the `studio` command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from factories import GOOD_TEXT, TODAY, png, signature
from test_cli import as_user, run

from conftest import ADMIN, ADMIN_PW, AUTHOR, AUTHOR_PW, COMPLIANCE, COMPLIANCE_PW


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    sig = tmp_path / "signature.png"
    sig.write_bytes(signature().data)
    text = tmp_path / "post.txt"
    text.write_text(GOOD_TEXT, encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text("Rosa walked again after knee surgery.", encoding="utf-8")
    pic = tmp_path / "pic.png"
    pic.write_bytes(png())
    return {"sig": sig, "text": text, "story": story, "pic": pic}


def test_full_path_and_refusals(library_path: Path, files: dict[str, Path]) -> None:
    author = as_user(library_path, AUTHOR, AUTHOR_PW)
    officer = as_user(library_path, COMPLIANCE, COMPLIANCE_PW)

    def ok(*argv: str, env: dict[str, str] = author) -> str:
        result = run(*argv, env=env)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    subject = ok("subject", "add", "--name", "Rosa Alvarado", "--dob", "1970-05-01")
    story = ok("story", "add", "--subject", subject, "--title", "Walking", "--text-file",
               str(files["story"]))
    pic = ok("media", "add", story, str(files["pic"]), "--alt", "Rosa walking in the park",
             "--depicts", subject)
    at = (TODAY + dt.timedelta(days=5)).isoformat() + "T09:00"
    refused = run("post", "draft", story, "--channel", "instagram", "--text-file",
                  str(files["text"]), "--media", pic, "--at", at, env=author)
    assert refused.returncode == 1 and "consent.scope" in refused.stderr
    consent = ok("consent", "add", subject, "--signed-on", TODAY.isoformat(), "--expires",
                 (TODAY + dt.timedelta(days=200)).isoformat(), "--channels",
                 "instagram,facebook", "--uses", "first-name,photo", "--signature",
                 str(files["sig"]))
    assert consent == "C-1"
    post = ok("post", "draft", story, "--channel", "instagram", "--text-file",
              str(files["text"]), "--media", pic, "--at", at)
    assert post == "P-1"
    ok("post", "submit", post)
    self_approve = run("post", "approve", post, env=author)
    assert self_approve.returncode == 3 and "compliance" in self_approve.stderr
    wrong = run("post", "approve", post, env={**officer, "STUDIO_PASSWORD": "wrong password!"})
    assert wrong.returncode == 3 and "wrong" in wrong.stderr and "Traceback" not in wrong.stderr
    assert "approved for publication" in ok("post", "approve", post, env=officer)
    shown = json.loads(ok("--json", "post", "show", post))
    assert shown["status"] == "approved" and shown["reviews"][0]["signed_name"] == COMPLIANCE
    history = ok("audit", "list", "--entity", post)
    for action in ("post.draft", "post.submit", "post.approve"):
        assert action in history
    revoked = ok("consent", "revoke", consent, "--reason", "phone call, then letter")
    assert "1 post(s) withdrawn" in revoked and post in revoked
    assert json.loads(ok("--json", "post", "show", post))["status"] == "withdrawn"


def test_minor_without_representative_exits_1(library_path: Path,
                                              files: dict[str, Path]) -> None:
    author = as_user(library_path, AUTHOR, AUTHOR_PW)
    dob = (TODAY - dt.timedelta(days=365 * 10)).isoformat()
    subject = run("subject", "add", "--name", "Kid Example", "--dob", dob, env=author)
    result = run("consent", "add", subject.stdout.strip(), "--signed-on", TODAY.isoformat(),
                 "--expires", (TODAY + dt.timedelta(days=90)).isoformat(), "--channels",
                 "facebook", "--uses", "photo", "--signature", str(files["sig"]), env=author)
    assert result.returncode == 1 and "parent or guardian must sign" in result.stderr
    signed = run("consent", "add", subject.stdout.strip(), "--signed-on", TODAY.isoformat(),
                 "--expires", (TODAY + dt.timedelta(days=90)).isoformat(), "--channels",
                 "facebook", "--uses", "photo", "--signature", str(files["sig"]),
                 "--signed-by", "Pat Example", "--authority", "parent", env=author)
    assert signed.returncode == 0, signed.stderr


def test_check_command_on_a_text_file(tmp_path: Path, library_path: Path) -> None:
    text = tmp_path / "t.txt"
    text.write_text("Call 312-555-0199 for a miracle cure!", encoding="utf-8")
    result = run("--json", "check", "--channel", "x", "--text-file", str(text),
                 env=as_user(library_path, ADMIN, ADMIN_PW))
    findings = json.loads(result.stdout)["findings"]
    assert result.returncode == 1
    assert {"phi.identifiers", "claims"} <= {f["rule"] for f in findings}
    phone = next(f for f in findings if f["rule"] == "phi.identifiers")
    assert phone["line_col"] == [1, 6]
