"""The packaged app (packaging/studio.spec) and the version rules a release depends on.

Fast tests: where a frozen app finds its assets, what the build leaves out, icons and menu
entry, an older studio refusing a newer library. The `slow` ones run the one-folder app in
dist/ as people do (version, init, story list, consent form, export, check, the window shown
offscreen, install.sh). A missing or stale dist/ is built once per session when PyInstaller is
installed, else they skip with the reason; with CI=true (`make test` in CI) they never skip.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from studio import __version__
from studio.assets import assets_dir

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "packaged admin password"


def _load(name: str) -> ModuleType:
    """A script from packaging/ (not a package: the name would shadow PyPI's `packaging`)."""
    spec = importlib.util.spec_from_file_location(f"studio_packaging_{name}",
                                                  ROOT / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load("build")
prune = _load("prune")


# -- a frozen app's assets ------------------------------------------------------------------------
def test_assets_are_found_in_the_bundle_when_frozen(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "assets").mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert assets_dir() == tmp_path / "assets"


def test_a_frozen_app_without_assets_says_so(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Never the checkout's assets folder by accident: only the bundle's counts."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    with pytest.raises(FileNotFoundError, match="assets folder is missing"):
        assets_dir()


def test_a_checkout_uses_the_assets_beside_the_package() -> None:
    assert assets_dir() == ROOT / "assets"


# -- what the spec leaves out ---------------------------------------------------------------------
def test_prune_drops_unused_plugins_and_only_what_nothing_else_needs() -> None:
    entries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "xcb", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "gtk3", "BINARY"),
        ("libgtk-stack.so.0", "gtkstack", "BINARY"),
        ("libglib-2.0.so.0", "glib", "BINARY"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("PySide6/Qt/lib/libQt6Network.so.6", "network", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", "vnc", "BINARY"),
    ]
    links = {"xcb": ["libglib-2.0.so.0"], "gtk3": ["libgtk-stack.so.0", "libglib-2.0.so.0"],
             "gtkstack": ["libglib-2.0.so.0"], "vnc": ["libQt6Network.so.6"]}
    kept, gone = prune.prune(entries, prune.UNUSED_QT_PLUGINS, lambda src: links.get(src, []))
    assert [e[0] for e in kept] == ["PySide6/Qt/plugins/platforms/libqxcb.so",
                                    "libglib-2.0.so.0"]
    assert "libgtk-stack.so.0" in gone and "libglib-2.0.so.0" not in gone
    datas = [entries[4], ("assets/channels.toml", "/src/assets/channels.toml", "DATA")]
    assert prune.drop_dangling_links(datas, gone) == datas[1:]


# -- icons and the Linux menu entry ---------------------------------------------------------------
LINUX = ROOT / "packaging" / "linux"
APP_ID = "local.patientstorystudio.PatientStoryStudio"


def test_icons_exist_in_every_size_made_from_the_svg() -> None:
    from PIL import Image

    icons = ROOT / "assets" / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        with Image.open(icons / f"studio-{size}.png") as png:
            assert png.size == (size, size) and png.mode == "RGBA"
    with Image.open(icons / "studio.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= ico.info["sizes"]
    with Image.open(icons / "studio.icns") as icns:
        assert icns.size == (1024, 1024)


def test_menu_entry_and_appstream_metadata_validate() -> None:
    if not (shutil.which("desktop-file-validate") and shutil.which("appstreamcli")):
        pytest.skip("desktop-file-validate or appstreamcli is missing "
                    "(Debian: apt-get install desktop-file-utils appstream)")
    desktop = subprocess.run(["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")],
                             capture_output=True, text=True)
    assert desktop.returncode == 0 and desktop.stdout == "", desktop.stdout
    meta = subprocess.run(["appstreamcli", "validate", "--no-net",
                           str(LINUX / f"{APP_ID}.metainfo.xml")], capture_output=True, text=True)
    assert meta.returncode == 0, meta.stdout


@pytest.mark.slow
def test_linux_install_script_installs_and_removes(bundle: Path, home: dict[str, str],
                                                   tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("packaging/linux/install.sh is for Linux")
    prefix = tmp_path / "prefix with space"
    env = {**home, "BUNDLE": str(bundle)}
    script = str(LINUX / "install.sh")
    subprocess.run(["sh", script, str(prefix)], env=env, check=True, capture_output=True)
    done = subprocess.run([str(prefix / "bin" / "studio"), "--version"], env=home,
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == f"studio {__version__}"
    entry = (prefix / "share" / "applications" / f"{APP_ID}.desktop").read_text()
    assert f'Exec="{prefix}/lib/PatientStoryStudio/studio"' in entry
    assert (prefix / "share/icons/hicolor/48x48/apps" / f"{APP_ID}.png").is_file()
    subprocess.run(["sh", script, "--uninstall", str(prefix)], env=env, check=True,
                   capture_output=True)
    left = [p for p in prefix.rglob("*") if (p.is_file() or p.is_symlink())
            and p.name not in ("mimeinfo.cache", "icon-theme.cache")]  # shared with other apps
    assert left == []


# -- versions -------------------------------------------------------------------------------------
def test_an_older_studio_refuses_a_newer_library_in_one_line(library_path: Path) -> None:
    from factories import mark_upgraded_by_newer_app

    from conftest import ADMIN, ADMIN_PW
    from studio.library.library import open_library

    with open_library(library_path, ADMIN, password=ADMIN_PW) as lib:
        key = lib.raw_key
    mark_upgraded_by_newer_app(library_path, key)
    env = {k: v for k, v in os.environ.items() if not k.startswith("STUDIO_")}
    env.update(PYTHONPATH=str(ROOT), STUDIO_LIBRARY=str(library_path), STUDIO_USER=ADMIN,
               STUDIO_PASSWORD=ADMIN_PW)
    done = subprocess.run([sys.executable, "-m", "studio.cli", "story", "list"], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "last upgraded by Patient Story Studio version 9.9.0" in done.stderr
    assert not list((library_path / "backups").iterdir())  # refused before any backup


# -- the built app --------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def bundle() -> Path:
    """dist/PatientStoryStudio, built from these sources (at most one build per session)."""
    if build.is_current():
        return Path(build.BUNDLE)
    reason = ("dist/ has no PatientStoryStudio app" if not build.executable().exists()
              else "dist/PatientStoryStudio is older than the sources")
    if importlib.util.find_spec("PyInstaller") is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} and PyInstaller is missing; CI must build it (make test)")
        pytest.skip(f"{reason} and PyInstaller is not installed; run `make package`")
    info = build.build()
    print(f"built the app in {info['build_seconds']} s: {int(info['size_bytes']) >> 20} MiB")
    return Path(build.BUNDLE)


def scratch_env(root: Path) -> dict[str, str]:
    """The environment with a scratch home: the app's settings never touch the real one."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("STUDIO_", "PYTHON", "QT_"))}
    env.update(HOME=str(root / "home"), XDG_CONFIG_HOME=str(root / "config"),
               XDG_DATA_HOME=str(root / "data"), QT_QPA_PLATFORM="offscreen")
    return env


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    return scratch_env(tmp_path)


def studio(bundle: Path, env: dict[str, str], *argv: str,
           timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(build.executable(bundle)), *argv], env=env, capture_output=True,
                          text=True, timeout=timeout, cwd=bundle.parent)


@pytest.fixture(scope="module")
def packaged_library(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library made by the app's own `init`: the Alembic migrations ran from the bundle."""
    root = tmp_path_factory.mktemp("packaged")
    made = studio(bundle, {**scratch_env(root), "STUDIO_NEW_PASSWORD": PASSWORD}, "init",
                  str(root / "Packaged.studio"), "--admin", "root1")
    assert made.returncode == 0, made.stderr
    return root / "Packaged.studio"


@pytest.mark.slow
def test_the_app_says_its_version(bundle: Path, home: dict[str, str]) -> None:
    done = studio(bundle, home, "--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"studio {__version__}")
    info = json.loads((bundle / build.INFO).read_text(encoding="utf-8"))
    assert info["version"] == __version__


@pytest.mark.slow
def test_the_app_creates_and_reads_a_library(bundle: Path, packaged_library: Path,
                                             home: dict[str, str]) -> None:
    env = {**home, "STUDIO_LIBRARY": str(packaged_library), "STUDIO_USER": "root1",
           "STUDIO_PASSWORD": PASSWORD}
    listed = studio(bundle, env, "story", "list")
    assert (listed.returncode, listed.stdout.strip()) == (0, "No stories."), listed.stderr
    assert json.loads(studio(bundle, env, "--json", "story", "list").stdout)["stories"] == []
    bad = studio(bundle, env, "story", "frobnicate")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_the_app_signs_consents_checks_and_exports(bundle: Path, home: dict[str, str],
                                                   tmp_path: Path) -> None:
    """Fonts and form templates, word lists, and image workers, all from the bundle.

    The demo is built here with the cheapest argon2 cost (the app's own `demo` tunes the cost
    for real use, which takes seconds); the app then works on it.
    """
    from PIL import Image

    from studio.demo import build_demo
    from studio.library.keyslots import MINIMUM_KDF

    build_demo(tmp_path / "Demo.studio", kdf=MINIMUM_KDF)
    Image.new("RGB", (300, 100), "white").save(tmp_path / "signature.png")
    (tmp_path / "post.txt").write_text("Call John Smith at 555-123-4567.", encoding="utf-8")
    env = {**home, "STUDIO_LIBRARY": str(tmp_path / "Demo.studio"), "STUDIO_USER": "alex",
           "STUDIO_PASSWORD": "alex-demo-password"}
    signed = studio(bundle, env, "consent", "add", "PT-4", "--signed-on", "2026-01-05",
                    "--expires", "2036-01-05", "--channels", "facebook", "--uses",
                    "first-name,photo", "--signature", str(tmp_path / "signature.png"),
                    "--language", "es")
    assert signed.returncode == 0, signed.stderr
    exported = studio(bundle, env, "export", "posts", "--out", str(tmp_path / "out"))
    assert exported.returncode == 0, exported.stderr
    assert list((tmp_path / "out").rglob("image-*.jpg"))
    checked = studio(bundle, env, "check", "--channel", "x", "--text-file",
                     str(tmp_path / "post.txt"))
    assert checked.returncode == 1 and "phone number" in checked.stdout


@pytest.mark.slow
def test_the_desktop_app_shows_its_sign_in_window(bundle: Path, packaged_library: Path,
                                                  home: dict[str, str]) -> None:
    env = {**home, "STUDIO_LIBRARY": str(packaged_library), "STUDIO_USER": "root1",
           "STUDIO_SMOKE_TEST": "1"}
    started = time.monotonic()
    shown = studio(bundle, env, timeout=60)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "smoke test: shown: Sign in" in shown.stdout
    assert time.monotonic() - started < 30


@pytest.mark.slow
def test_without_a_library_the_desktop_app_shows_its_welcome_window(
        bundle: Path, home: dict[str, str], tmp_path: Path) -> None:
    env = {**home, "STUDIO_LIBRARY": str(tmp_path / "Nothing yet.studio"),
           "STUDIO_SMOKE_TEST": "1"}
    shown = studio(bundle, env, timeout=60)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "smoke test: shown: Welcome" in shown.stdout


@pytest.mark.slow
def test_the_bundle_holds_what_the_app_loads_by_path(bundle: Path) -> None:
    internal = bundle / "_internal"
    shipped = {p.relative_to(internal / "assets") for p in (internal / "assets").rglob("*")}
    source = {p.relative_to(ROOT / "assets") for p in (ROOT / "assets").rglob("*")}
    assert source <= shipped
    migrations = internal / "studio" / "library" / "migrations"
    assert (migrations / "env.py").is_file() and list((migrations / "versions").glob("0*.py"))
    qt = {p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*.*")
          if p.suffix in (".so", ".pyd")}
    assert qt == {"QtCore", "QtGui", "QtWidgets"}
    assert not (internal / "PySide6" / "Qt" / "plugins" / "platformthemes" / "libqgtk3.so").exists()
    entry_points = next(internal.glob("keyring-*.dist-info")) / "entry_points.txt"
    assert "[keyring.backends]" in entry_points.read_text(encoding="utf-8")
    dangling = [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    assert dangling == []
    if importlib.util.find_spec("PyInstaller") is not None:
        assert {"keyring.backends.Windows", "keyring.backends.macOS",
                "keyring.backends.SecretService"} <= archived_modules(bundle)


def archived_modules(bundle: Path) -> set[str]:
    """The modules inside the executable's PYZ archive (keyring imports backends by name)."""
    from PyInstaller.archive.readers import CArchiveReader

    pyz = CArchiveReader(str(build.executable(bundle))).open_embedded_archive("PYZ.pyz")
    return set(pyz.toc)
