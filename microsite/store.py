"""The live content: the last good Site and catalogues, reloaded when their files change.

Editors and translators change files while the site runs. :class:`ContentStore`
notices (by comparing file sizes and modification times, once a second, on a
background thread: never on a visitor's request), reloads, and swaps the new
version in only if it is valid. A broken edit is logged once, naming file and
field, and visitors keep getting the last good version of every page until
the file is fixed; no restart is needed either way.

The store also owns the *content version*: a hash of every content file and
catalogue, which the page cache puts in its keys, so no stale page is served
after a successful reload.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import threading
import time
import weakref
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from flask import current_app, g

from .content.loading import display_name, load_site
from .content.models import notice_end_dates
from .content.reading import CATALOGUE, CONTENT, Refused, read_file
from .content.site import Site
from .problems import CatalogueError, CatalogueProblem, ContentError, Problem
from .translation.catalogue import Catalogue, read_catalogue
from .translation.locales import po_path

if TYPE_CHECKING:
    from hashlib import _Hash as Hash

log = logging.getLogger(__name__)
UK = ZoneInfo("Europe/London")
# name, size, mtime and (for a file changed just before a scan) a hash of its bytes
Fingerprint = tuple[tuple[str, int | None, int | None, str | None], ...]
RACY_SECONDS = 2


def uk_today() -> dt.date:
    """Today's date in the UK: the day notices' ``show_until`` dates are counted in."""
    return dt.datetime.now(UK).date()


@dataclass(frozen=True)
class Snapshot:
    """One consistent version of everything visitors read."""

    site: Site
    translations: dict[str, Catalogue]
    version: str
    notice_ends: frozenset[dt.date] = frozenset()  # notices' show_until dates
    day: dt.date | None = None  # the UK date this version was computed for

    def on(self, day: dt.date) -> Snapshot:
        """This snapshot as seen on ``day``: the version also counts the notices that
        have expired by then, so cached pages drop a notice the day after it ends."""
        expired = sum(end < day for end in self.notice_ends)
        base = self.version.partition("~")[0]
        return replace(self, version=f"{base}~{expired}" if expired else base, day=day)


def _catalogue_files(translations_dir: Path, locales: list[str]) -> list[Path]:
    return [po_path(translations_dir, code) for code in locales]  # pt-BR: pt_BR/LC_MESSAGES


def _load_catalogues(
    translations_dir: Path, locales: list[str], digest: Hash, required: Iterable[str] = ()
) -> tuple[dict[str, Catalogue], list[CatalogueProblem]]:
    """Every served language's catalogue, or the problems that stop one being used.

    A language without a catalogue is served in English (marked), but only if it
    had none before: while the site runs, a deleted ``.po`` (a language in
    ``required``) keeps the last good version rather than silently showing English.
    """
    translations: dict[str, Catalogue] = {}
    problems: list[CatalogueProblem] = []
    for code, po in zip(locales, _catalogue_files(translations_dir, locales), strict=True):
        try:  # the reader every file goes through: no pipes, no links out, bounded
            data = read_file(po, translations_dir, CATALOGUE)
        except FileNotFoundError:
            if code in required:
                problems.append(CatalogueProblem(str(po), 1, "the catalogue was deleted"))
            continue
        except Refused as refused:
            problems.append(CatalogueProblem(str(po), 1, str(refused)))
            continue
        digest.update(data)
        try:
            translations[code] = read_catalogue(data, code, str(po))
        except CatalogueError as error:
            problems.extend(error.problems)
            continue
        if translations[code].refused:
            lines = "\n".join(str(problem) for problem in translations[code].refused)
            log.error("translations refused, the English is shown instead:\n%s", lines)
    return translations, problems


class ContentStore:
    """Holds the current :class:`Snapshot`; :meth:`current` is cheap and thread-safe."""

    def __init__(
        self,
        content_dir: str | Path,
        translations_dir: str | Path,
        locales: list[str],
        check_interval: float = 1.0,
        served_files: Collection[str] | None = None,
    ) -> None:
        self.content_dir = Path(content_dir)
        self.served_files = served_files  # static files image blocks may name (None: unchecked)
        self.translations_dir = Path(translations_dir)
        self.locales = locales
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._fingerprint = self._scan()
        self._snapshot = self._load()  # at start-up, problems are fatal (ContentError)
        self._reported: Fingerprint | None = None
        self._watcher_pid: int | None = None  # the process whose watcher thread is running
        self._watch_token: object | None = None  # the running watcher's; a new one retires it

    def _files(self) -> list[Path]:
        content = sorted(self.content_dir.glob("*.json")) if self.content_dir.is_dir() else []
        return content + _catalogue_files(self.translations_dir, self.locales[1:])

    def _scan(self) -> Fingerprint:
        """Cheap change detection: name, size and mtime of every file we read.

        A file written twice within one tick of the file system's clock (a few
        milliseconds) can keep its size and mtime, so an edit could go unseen until
        the next one. As git does with "racily clean" files, a file changed within
        :data:`RACY_SECONDS` of the scan is also fingerprinted by its bytes.
        """
        stats: list[tuple[str, int | None, int | None, str | None]] = []
        racy_after = time.time_ns() - RACY_SECONDS * 1_000_000_000
        # A hash taken while a file was racy stays with it while its size and mtime do,
        # so the fingerprint does not change when the file merely grows old.
        seen = (getattr(self, "_fingerprint", None) or (), getattr(self, "_reported", None) or ())
        known = {entry[:3]: entry[3] for fingerprint in seen for entry in fingerprint}
        for path in self._files():
            try:
                info = path.stat()
            except OSError:
                stats.append((str(path), None, None, None))
                continue
            digest = known.get((str(path), info.st_size, info.st_mtime_ns))
            if info.st_mtime_ns >= racy_after:
                kind = CONTENT if path.suffix == ".json" else CATALOGUE
                try:
                    digest = hashlib.sha256(read_file(path, path.parent, kind)).hexdigest()
                except (Refused, OSError):
                    digest = "unreadable"  # the reload names the problem
            stats.append((str(path), info.st_size, info.st_mtime_ns, digest))
        return tuple(stats)

    def _load(self) -> Snapshot:
        if len(self.locales) > 1 and not self.translations_dir.is_dir():
            where = display_name(self.translations_dir)
            raise ContentError([Problem(where, "$", "translations folder does not exist")])
        site = load_site(self.content_dir, self.served_files)
        digest = hashlib.sha256(site.version.encode())
        before = self._snapshot.translations if hasattr(self, "_snapshot") else {}
        translations, problems = _load_catalogues(
            self.translations_dir, self.locales[1:], digest, required=before
        )
        if problems:
            raise ContentError(problems)
        ends = notice_end_dates(site.pages.values())
        return Snapshot(site, translations, digest.hexdigest()[:16], ends)

    def current(self) -> Snapshot:
        """The last good snapshot: cheap, thread-safe, and never reads a file.

        A watcher thread checks for changes every ``check_interval`` seconds.
        It is started here, lazily, once in each process: a forking server
        (gunicorn) copies the store into each worker but not its threads, so
        each worker starts its own. With an interval of 0 (tests, scripts)
        the check runs on the caller's thread instead, before returning.
        """
        if self.check_interval <= 0:
            self.check()
        elif self._watcher_pid != os.getpid():
            self._start_watcher()
        current = self._snapshot
        if current.notice_ends:  # only sites with time-limited notices pay for the date
            today = uk_today()
            if today != current.day:
                current = self._snapshot = current.on(today)
        return current

    def check(self) -> None:
        """Reload now if any file changed; one check at a time."""
        with self._lock:
            fingerprint = self._scan()
            if fingerprint not in (self._fingerprint, self._reported):
                self._reload(fingerprint)

    def close(self) -> None:
        """Stop watching for edits; the last good snapshot is still served.

        The watcher thread sees this on its next wake-up and ends. A later
        :meth:`current` starts a new one, so closing is never fatal.
        """
        self._watcher_pid = self._watch_token = None

    def _start_watcher(self) -> None:
        with _starting:
            pid = os.getpid()
            if self._watcher_pid == pid:
                return
            # A lock held by another thread at fork time stays held in the child.
            self._lock = threading.Lock()
            self._watcher_pid, self._watch_token = pid, token = pid, object()
            watcher = threading.Thread(
                target=_watch,
                args=(weakref.ref(self), token),
                name=f"content-watcher {self.content_dir}",
                daemon=True,
            )
            watcher.start()

    def _reload(self, fingerprint: Fingerprint) -> None:
        try:
            snapshot = self._load()
        except (ContentError, OSError) as error:  # OSError: a file vanished mid-reload
            if fingerprint != self._reported:  # one clear error per broken edit
                self._reported = fingerprint
                log.error("content not reloaded, still serving the last good version:\n%s", error)
            return
        self._snapshot, self._fingerprint, self._reported = snapshot, fingerprint, None
        log.info("content reloaded (version %s)", snapshot.version)


_starting = threading.Lock()


def _reset_after_fork() -> None:
    global _starting
    _starting = threading.Lock()


os.register_at_fork(after_in_child=_reset_after_fork)


def _watch(ref: weakref.ReferenceType[ContentStore], token: object) -> None:
    """The watcher thread: check, sleep, repeat, until the store is gone or closed.

    It holds only a weak reference, so an app that is thrown away (as tests do
    by the hundred) takes its watcher with it, once the app is collected.
    """
    while True:
        store = ref()
        if store is None or store._watch_token is not token:
            return
        interval = store.check_interval
        try:
            store.check()
        except Exception:  # keep watching: the next edit may fix whatever this was
            log.exception("content check failed; still serving the last good version")
        del store
        time.sleep(interval)


def snapshot() -> Snapshot:
    """This request's consistent view of content, catalogues and their version.

    Taken once per request, so a reload in the middle of rendering cannot mix
    two versions on one page.
    """
    if "snapshot" not in g:
        g.snapshot = current_app.extensions["microsite.store"].current()
    current: Snapshot = g.snapshot
    return current


def translations(locale: str) -> Catalogue | None:
    """The catalogue for ``locale`` in this request's snapshot (None for the source)."""
    return snapshot().translations.get(locale)
