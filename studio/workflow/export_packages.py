"""`export posts`: one folder per post with its text, channel-sized pictures and manifest.

The whole export is built in a hidden staging folder inside --out and appears as out/E-n in a
single rename after it is recorded (see studio.workflow.exports for the order of work).
Pictures are decrypted here, one at a time as workers free up, and sent to the process pool in
memory; nothing decrypted is written anywhere but the export itself.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from studio import __version__
from studio.channels import channel as channel_spec
from studio.errors import LibraryDamaged
from studio.exporters.channel_images import ExportCancelledError, ImageJob, run_jobs
from studio.exporters.files import Staging, sweep_stale_staging
from studio.exporters.model import CancelFlag, ExportImage, ExportPost, Progress
from studio.exporters.package import PackageImage, folder_name, manifest, text_files
from studio.library.library import Library
from studio.workflow import exports as ex
from studio.workflow.crops import ExportPlan, export_plan
from studio.workflow.export_recovery import finish_interrupted_packages
from studio.workflow.export_select import still_exportable


def _job(lib: Library, key: str, image: ExportImage, plan: ExportPlan, mime: str,
         max_bytes: int) -> ImageJob:
    """Decrypt one picture, just before a worker is free to take it, and prove it is the one
    that was approved (someone with the key could re-seal other bytes under its name)."""
    data = lib.vault.get(image.blob)
    if image.sha256 and hashlib.sha256(data).hexdigest() != image.sha256:
        raise LibraryDamaged(f"{image.media}'s stored bytes differ from the approved picture; "
                             "nothing was exported (run 'studio audit verify')")
    return ImageJob(key, data, plan.size, mime, plan.crop, max_bytes, plan.exact)


def _jobs(lib: Library, posts: Sequence[ExportPost]) -> Iterator[Callable[[], ImageJob]]:
    """One job per picture: a crop is sent exactly as saved, at the export size of its shape
    (studio.workflow.crops); a picture without one is trimmed to the channel's own shape."""
    for post in posts:
        spec = channel_spec(post.channel)
        for n, image in enumerate(post.images, start=1):
            plan = export_plan(spec, image.crop, image.width, image.height)
            yield functools.partial(_job, lib, f"{post.display_id}/{n}", image, plan,
                                    spec.image_formats[0], spec.image_max_bytes)


def _build(lib: Library, stage: Staging, posts: Sequence[ExportPost],
           progress: Progress | None, cancel: CancelFlag | None) -> list[str]:
    """Write every post's folder into the stage; return warnings."""
    by_id = {p.display_id: p for p in posts}
    images: dict[str, dict[int, PackageImage]] = {p.display_id: {} for p in posts}
    n_images = sum(len(p.images) for p in posts)
    total = n_images + len(posts)
    warnings = []

    def image_progress(done: int, _total: int) -> None:
        if progress:
            progress(done, total)

    for out in run_jobs(_jobs(lib, posts), n_images, progress=image_progress, cancel=cancel):
        post_id, n = out.key.split("/")
        post = by_id[post_id]
        source = post.images[int(n) - 1]
        name = f"image-{n}.{out.extension}"
        stage.write(f"{folder_name(post)}/{name}", out.data)
        images[post_id][int(n)] = PackageImage(name, f"image-{n}.alt.txt", source.alt_text,
                                               out.width, out.height, source.media,
                                               source.crop, out.upscaled)
        if out.upscaled:
            warnings.append(f"{post_id}: picture {n} ({source.media}) is smaller than "
                            f"{out.width}x{out.height} and was enlarged")
    for done, post in enumerate(posts, start=1):
        if cancel is not None and cancel.is_set():
            raise ExportCancelledError
        folder = folder_name(post)
        pictures = [images[post.display_id][n] for n in sorted(images[post.display_id])]
        written = [stage.write(f"{folder}/{name}", data)
                   for name, data in text_files(post, pictures).items()]
        written += [stage.files[f"{folder}/{p.file}"] for p in pictures]
        stage.write(f"{folder}/manifest.json", manifest(post, written, pictures, lib.timezone))
        if progress:
            progress(n_images + done, total)
    return warnings


def write_packages(lib: Library, out_dir: Path, *, channels: Sequence[str] | None,
                   date_from: dt.date | None, date_to: dt.date | None,
                   progress: Progress | None, cancel: CancelFlag | None) -> ex.ExportResult:
    now = ex.begin(lib)
    out = ex.check_destination(lib, out_dir, folder=True)
    selection = ex.select(lib, now, date_from, date_to, channels)
    if not selection.ready:
        return ex.ExportResult(None, "posts", "package", str(out),
                               blocked=tuple(selection.blocked))
    finish_interrupted_packages(lib, out)  # recorded, killed before the rename: publish
    sweep_stale_staging(out)               # never recorded: remove
    stage = Staging(out)
    recorded = False
    try:
        stage.__enter__()
        try:
            warnings = _build(lib, stage, selection.ready, progress, cancel)
        except ExportCancelledError as exc:
            raise ex.ExportCancelled("export cancelled; nothing was recorded and no file "
                                     "was kept") from exc
        with lib.write() as session:
            late = still_exportable(session, selection.ready, lib.timezone,
                                    dt.datetime.now(dt.UTC))
            for snap in selection.ready:
                if snap.display_id in late:
                    stage.remove_dir(folder_name(snap))
            posts = ex.late_blocked(selection, late)
            if not posts:
                stage.discard()
                return ex.ExportResult(None, "posts", "package", str(out),
                                       blocked=tuple(selection.blocked))
            params = {"out": str(out), "channels": list(channels or []),
                      "from": date_from.isoformat() if date_from else None,
                      "to": date_to.isoformat() if date_to else None,
                      "blocked": ex.blocked_params(selection.blocked), "warnings": warnings}
            export = ex.record(session, lib, kind="posts", fmt="package", posts=posts,
                               params=params)
            export_id = final = export.display_id
            suffix = 2
            while (out / final).exists():
                final = f"{export_id}-{suffix}"
                suffix += 1
            stage.write("export.json", _export_json(lib, export_id, posts, stage,
                                                    now))
            files = {f"{final}/{rel}": f.sha256 for rel, f in sorted(stage.files.items())}
            export.params = {**params, "folder": final, "staging": stage.root.name}
            ex.finish_record(session, lib, export, files, posts, selection.blocked)
        recorded = True
        location = stage.publish(final)
    except BaseException:
        if not recorded:
            stage.discard()
        raise
    items = tuple(ex.ExportedItem(p.display_id, p.channel, str(location / folder_name(p)))
                  for p in posts)
    return ex.ExportResult(export_id, "posts", "package", str(location), files,
                           tuple(p.display_id for p in posts), tuple(selection.blocked),
                           warnings=tuple(warnings), items=items)


def _export_json(lib: Library, export_id: str, posts: Sequence[ExportPost], stage: Staging,
                 now: dt.datetime) -> bytes:
    doc = {"export": export_id, "generator": f"Patient Story Studio {__version__}",
           "created_at": now.astimezone(lib.timezone).isoformat(timespec="seconds"),
           "created_by": lib.actor.display_name, "time_zone": lib.timezone.key,
           "posts": [{"post": p.display_id, "channel": p.channel, "folder": folder_name(p),
                      "manifest_sha256": stage.files[f"{folder_name(p)}/manifest.json"].sha256}
                     for p in posts]}
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()
