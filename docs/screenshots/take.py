"""Take the README's screenshots from the demo library, under Xvfb.

    python -m studio.cli demo /tmp/uidemo2/Demo.studio
    xvfb-run -s "-screen 0 1400x900x24" python docs/screenshots/take.py /tmp/uidemo2/Demo.studio
    python docs/screenshots/take.py /tmp/uidemo2/Demo.studio first-run   # only the first-run
    python docs/screenshots/take.py /tmp/uidemo2/Demo.studio dark   # main screens, dark palette

Works on a copy of the library (the demo stays untouched) and writes docs/screenshots/*.png,
or into $SHOTS_OUT to look at them first. ``dark`` writes dark-stories, dark-story,
dark-review and dark-audit.png under a dark palette (dark-review.png is kept in docs/).
Each screen is shown as the person who would use it: alex (author), casey (compliance),
dana (administrator).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from studio.library.library import Library, open_library
from studio.ui.context import UiContext
from studio.ui.main_window import MainWindow
from studio.ui.settings import UiSettings
from studio.ui.sign_in import SignInDialog
from studio.ui.worker import DatabaseWorker

OUT = Path(os.environ.get("SHOTS_OUT") or Path(__file__).resolve().parent)  # to look first
PASSWORDS = {"alex": "alex-demo-password", "casey": "casey-demo-password",
             "dana": "dana-demo-password"}
SIZE = (1400, 860)


class Shots:
    def __init__(self, library: Path, scratch: Path) -> None:
        self.path = scratch / library.name
        shutil.copytree(library, self.path)
        self.settings = UiSettings.at(scratch / "ui.ini")
        self.worker = DatabaseWorker()
        self.open: list[tuple[MainWindow, Library]] = []

    def settle(self, seconds: float = 0.8) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            QApplication.processEvents()
            self.worker.wait(50)
        QApplication.processEvents()

    def next_page(self, wizard: QWizard) -> None:
        """Next, then wait until the wizard shows the next page: the who page asks the
        workflow on the worker first and moves on by itself once it has the answer."""
        start, end = wizard.currentId(), time.monotonic() + 10
        self.settle(0.3)  # the page's own reads (people, signer facts) answered first
        wizard.next()
        while wizard.currentId() == start and time.monotonic() < end:
            self.settle(0.05)
        if wizard.currentId() == start:
            raise RuntimeError(f"the wizard stayed on page {start}")
        self.settle(0.3)

    def window(self, user: str) -> MainWindow:
        self.close()
        lib = open_library(self.path, user, password=PASSWORDS[user])
        window = MainWindow(UiContext(lib, self.worker, self.settings))
        window.resize(*SIZE)
        window.move(0, 0)
        window.show()
        self.open.append((window, lib))
        self.settle()
        return window

    def close(self) -> None:
        for window, lib in self.open:
            window.leave()
            self.worker.wait()
            QApplication.processEvents()
            lib.close()
        self.open.clear()

    def grab(self, widget: QWidget, name: str) -> None:
        self.settle(0.5)
        widget.grab().save(str(OUT / f"{name}.png"))
        print("wrote", OUT / f"{name}.png")


def second_revision(path: Path) -> None:
    """Give the review queue a post at its second revision, so the diff has something to show."""
    from studio.workflow import posts, review

    with open_library(path, "alex", password=PASSWORDS["alex"]) as lib:
        posts.edit_post(lib, "P-4", text="Teodoro is dancing again at family weddings. Our "
                                         "orthopedic team is proud of him.")
        findings = review.check_post(lib, "P-4")[2]
        review.submit_post(lib, "P-4", {f.rule: "Reviewed with the patient's family."
                                        for f in findings if f.severity == "warning"})


def first_run(shots: Shots) -> None:
    """The welcome window, the create-library dialog filled in, and the tour's consent step."""
    from studio.ui.recent_libraries import RecentLibraries
    from studio.ui.welcome import WelcomeWindow

    recent = RecentLibraries(shots.settings)
    recent.add(shots.path.parent / "Old laptop.studio")  # a library that was moved away
    recent.add(shots.path)
    welcome = WelcomeWindow(shots.worker, recent, shots.path.parent / "Library.studio")
    welcome.move(0, 0)
    welcome.show()
    shots.grab(welcome, "welcome")
    dialog = welcome.create_library()
    dialog.organization_edit.setText("Lakeside Community Hospital")
    dialog.privacy_edit.setText("Privacy Office, 100 Lake Street, Springfield")
    dialog.timezone_box.setCurrentText("America/Chicago")
    dialog.admin_edit.setText("dana")
    dialog.display_edit.setText("Dana Whitfield")
    dialog.password_edit.setText("correct horse battery")
    dialog.repeat_edit.setText("correct horse battery")
    dialog.adjustSize()
    shots.grab(dialog, "create-library")
    dialog.reject()
    welcome.dismiss()

    window = shots.window("alex")
    tour = window.start_tour()
    for _step in range(3):
        tour.next()
    shots.grab(window, "tour")
    tour.finish()
    shots.close()


def dark(shots: Shots, app: QApplication) -> None:
    """The main screens under the dark palette the studio is checked against."""
    from studio.ui.widgets.palette_colors import reference_dark_palette

    app.setPalette(reference_dark_palette())
    second_revision(shots.path)
    window = shots.window("alex")
    shots.grab(window, "dark-stories")
    window.open_item("S-1")
    shots.settle(1.2)
    shots.grab(window, "dark-story")
    window = shots.window("casey")
    window.show_page("review").open_item("P-4")
    shots.settle(1.2)
    shots.grab(window, "dark-review")
    window = shots.window("dana")
    audit = window.show_page("audit")
    audit.run_verify()  # type: ignore[attr-defined]
    shots.settle(3)
    shots.grab(window, "dark-audit")
    shots.close()


def exports(shots: Shots, window: MainWindow, out: Path) -> None:
    """The Exports screen ready to go, then its summary after a package export."""
    page = window.show_page("exports")
    page.form.destination.setText(str(out))  # type: ignore[attr-defined]
    shots.settle()
    shots.grab(window, "exports")
    page.start_export()  # type: ignore[attr-defined]
    deadline = time.monotonic() + 120
    while not page.outcome and time.monotonic() < deadline:  # type: ignore[attr-defined]
        shots.settle(0.2)
    shots.grab(window, "exports-summary")


def crop_and_preview(shots: Shots, composer: QWidget) -> None:
    """The Instagram tab with a picture ticked and its crop pulled in, then its preview."""
    composer.tabs.setCurrentWidget(composer.editors["instagram"])  # type: ignore[attr-defined]
    editor = composer.editor()  # type: ignore[attr-defined]
    editor.text.setPlainText(
        "Marisol is back on the river trail, six months after heart surgery. Our cardiac "
        "rehab team walked with her every step of the way.")
    editor.hashtags.setText("HeartHealth CardiacRehab")
    editor.link.setText("https://example.org/cardiac-rehab")
    editor.media.list.item(0).setCheckState(Qt.CheckState.Checked)
    editor.media.list.setCurrentRow(0)
    shots.settle(1.5)
    frame = editor.media.cropper.frame
    corner = frame.frame_rect().bottomRight().toPoint()
    QTest.mousePress(frame, Qt.MouseButton.LeftButton, pos=corner)
    QTest.mouseMove(frame, corner - QPoint(60, 60))
    QTest.mouseRelease(frame, Qt.MouseButton.LeftButton, pos=corner - QPoint(60, 60))
    for _ in range(3):
        QTest.keyClick(frame, Qt.Key.Key_Right)
    shots.settle(1.2)
    shots.grab(composer.window(), "composer-crop")
    shots.grab(composer.preview, "composer-preview")  # type: ignore[attr-defined]


def story_shots(shots: Shots, window: MainWindow) -> None:
    """The new-story dialog filled in for an existing patient, a story in edit mode, and the
    Edit patient dialog for its subject.

    Nothing is saved: the dialogs are cancelled and the edit discarded, so the later screens
    show the demo as it is.
    """
    stories = window.page("stories")
    stories.new_story()  # type: ignore[attr-defined]
    dialog = stories.new_dialog  # type: ignore[attr-defined]
    shots.settle()
    dialog.subject.select("PT-2")
    dialog.title_edit.setText("Back in the choir")
    dialog.service_line.setEditText("Pulmonology")
    dialog.tags.edit.setText("Lungs, choir, #rehab")
    dialog.narrative.editor.setPlainText(
        "After months of pulmonary rehab, Teodoro sang with his church choir again. He "
        "says the breathing exercises the team taught him are now part of every rehearsal.")
    shots.grab(dialog, "new-story")
    dialog.reject()
    window.open_item("S-1")
    shots.settle(1.2)
    view = stories.story_view  # type: ignore[attr-defined]
    view.editor.start_editing()
    shots.settle()
    view.narrative.moveCursor(QTextCursor.MoveOperation.End)
    view.narrative.insertPlainText(" Next spring she wants to walk the whole trail.")
    view.editor.tags_field.edit.setText("heart, rehab, walking")
    shots.grab(window, "story-edit")
    view.editor._discard()
    view.editor.edit_patient()                # Edit patient… (Ctrl+Shift+E), cancelled
    shots.settle()
    shots.grab(view.editor.patient_dialog, "edit-patient")
    view.editor.patient_dialog.reject()


def main(library: Path, only: str = "") -> None:
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Patient Story Studio")
    with tempfile.TemporaryDirectory() as scratch:
        shots = Shots(library, Path(scratch))
        if only == "dark":
            dark(shots, app)
            return
        first_run(shots)
        if only == "first-run":
            return
        dialog = SignInDialog(shots.path, shots.worker, user="alex", auto=False)
        dialog.show()
        shots.grab(dialog, "sign-in")
        dialog.close()

        window = shots.window("alex")
        shots.grab(window, "stories")
        window.open_item("S-1")
        shots.settle(1.2)
        shots.grab(window, "story")
        story_shots(shots, window)
        window.show_page("consents")
        shots.settle()
        shots.grab(window, "consents")
        wizard = window.page("consents").start_wizard("PT-2")  # type: ignore[attr-defined]
        wizard.resize(820, 700)
        shots.next_page(wizard)
        for key in ("facebook", "instagram"):
            wizard.scope.channel_boxes[1][key].setChecked(True)
        for key in ("first-name", "photo"):
            wizard.scope.use_boxes[1][key].setChecked(True)
        shots.next_page(wizard)
        shots.grab(wizard, "consent-statements")
        shots.next_page(wizard)
        pad = wizard.signature.pad
        points = [QPoint(40 + 9 * i, int(75 - 38 * math.sin(i / 2.2) * math.exp(-i / 40)))
                  for i in range(48)]
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0])
        for point in points[1:]:
            QTest.mouseMove(pad, point)
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1])
        shots.grab(wizard, "consent-signature")
        wizard.reject()
        window.open_item("compose:S-1")
        shots.settle(1.5)
        composer = window.page("posts").composer  # type: ignore[attr-defined]
        composer.editor().text.setPlainText(
            "Marisol is back on the river trail, six months after heart surgery. Our cardiac "
            "rehab team walked with her every step. Call 312-555-0142 to join the program!")
        shots.settle(1.5)
        composer.findings.setCurrentRow(0)
        composer.editor().highlight(composer.findings.findings[0])
        shots.grab(window, "composer")
        crop_and_preview(shots, composer)
        window.show_page("media")
        shots.settle()
        window.page("media").open_item("M-1")  # type: ignore[attr-defined]
        shots.grab(window, "media")
        calendar = window.show_page("calendar")
        shots.settle()
        shots.grab(window, "calendar-month")
        next_week = dt.date.today() + dt.timedelta(days=7)  # the demo's busiest week
        calendar.show_day(next_week, "week")  # type: ignore[attr-defined]
        shots.settle()
        shots.grab(window, "calendar-week")

        shots.close()
        second_revision(shots.path)
        window = shots.window("casey")
        window.show_page("review").open_item("P-4")
        shots.settle(1.2)
        shots.grab(window, "review")
        review = window.page("review")
        review.packet_view._approve()  # type: ignore[attr-defined]
        shots.settle()
        from studio.ui.review.approve_dialog import ApproveDialog

        approve = review.findChildren(ApproveDialog)[0]
        shots.grab(approve, "approve-signature")
        approve.reject()
        exports(shots, window, Path(scratch) / "Exports")

        window = shots.window("dana")
        window.show_page("audit")
        shots.settle()
        shots.grab(window, "audit")
        window.show_page("users")
        shots.settle()
        shots.grab(window, "users")
        shots.close()
    app.quit()


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: take.py PATH-TO-DEMO-LIBRARY [first-run|dark]  (library made with: "
                 "studio demo PATH)")
    main(Path(sys.argv[1]), *sys.argv[2:3])
