"""
The pipeline: layers/ → load → check → join → render / export → site/.

Output is written into a fresh folder beside its target and swapped in only when
every stage succeeded, so a failed build leaves the last good site untouched. The swap
is one atomic ``renameat2(RENAME_EXCHANGE)`` on Linux, so a reader (or a web server)
always finds a whole site, the old one or the new one; a build killed at any point
leaves at most a hidden staging folder, which the next build removes.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import gc
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from geo import _json
from geo._errors import DataError, Problem
from geo._geojson import collection_bytes
from geo.check import check_dataset, merge_problems, shape_problems, table_problems
from geo.export import write_exports
from geo.join import joined_layers
from geo.links import link_rows, write_links
from geo.load import Dataset, read_dataset
from geo.mentions import read_mentions
from geo.schema import LAYERS

Exporter = Callable[..., Any]
T = TypeVar("T")


def read_checked(layers_dir: Path) -> Dataset:
    """Read ``layers_dir``; raise :class:`DataError` with every problem ``geo check`` finds."""
    data = read_dataset(layers_dir)
    problems = check_dataset(data)
    if problems:
        raise DataError(problems)
    return data


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (released when the process ends, even by kill)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """
    A fresh folder beside ``target`` that replaces it when the block succeeds.

    On any error the folder is removed and ``target`` stays as it was. Builds beside
    each other wait for each other (a lock on the parent folder, so no lock file is
    left anywhere), and each one first removes what a killed build may have left.
    """
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.parent):
        for stale in target.parent.glob(f".{target.name}.build-*"):
            shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
        # mkdtemp makes it private (0700); a site is for a web server running as another user.
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)
        try:
            yield staging
            _swap(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def write_geojson(joined: dict[str, list[dict[str, Any]]], *, out_dir: Path) -> None:
    """One GeoJSON per layer, its features joined with their facts, in ``out_dir``."""
    for layer in LAYERS:
        data = collection_bytes(
            joined[layer.name],
            name=layer.name,
            field_order=(*layer.field_names, "facts"),
            encode=_json.dumpb,
        )
        (out_dir / f"{layer.name}.geojson").write_bytes(data)


def write_data(
    data: Dataset,
    *,
    joined: dict[str, list[dict[str, Any]]],
    out_dir: Path,
    exporter: Exporter = write_exports,
) -> None:
    """
    The data folder: one GeoJSON per layer joined with its facts, and the GIS package.

    Parameters
    ----------
    data
        A checked dataset.
    joined
        Its layers joined with their facts (:func:`geo.join.joined_layers`).
    out_dir
        An existing, empty folder.
    exporter
        Writes the GeoPackage, QGIS project and CSV tables (:func:`geo.export.write_exports`).
    """
    write_geojson(joined, out_dir=out_dir)
    exporter(data, out_dir=out_dir)


_PR_SET_PDEATHSIG = 1


def _can_fork() -> bool:
    """Whether a stage may run in a forked process: Linux, and no other thread to copy."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _send(fh: Any, tag: bytes, value: object) -> None:
    """One message on the pipe: a tag byte, the pickle's length, the pickle."""
    try:
        body = pickle.dumps(value)
    except Exception:  # an exception that cannot be pickled
        body = pickle.dumps(RuntimeError(f"{type(value).__name__}: {value}"))
    fh.write(tag + len(body).to_bytes(8, "little") + body)
    fh.flush()


def _receive(fh: Any) -> tuple[bytes, object] | None:
    """The next message on the pipe, or None at its end."""
    head = fh.read(9)
    if len(head) < 9:
        return None
    body = fh.read(int.from_bytes(head[1:], "little"))
    return head[:1], pickle.loads(body)  # noqa: S301 (our own child's messages)


@contextmanager
def beside(
    work: Callable[[], Iterator[T]], *, name: str = "GIS export"
) -> Iterator[Callable[[], T]]:
    """
    Run ``work`` in a forked process while the block runs; wait for both.

    ``work`` is a generator: what it yields first, the block gets by calling the
    function this gives (which waits for it); the rest of ``work`` runs on. The
    machine's second core thus checks the shapes and then writes the GIS package while
    this one checks the tables and renders the map. An exception in ``work`` is raised
    here (by that call, if it comes before the first value, else after the block); an
    exception in the block is raised instead, and the child is killed (its output is
    not wanted then). The child dies with this process, so a killed build leaves no
    writer behind. Where fork is not safe (not Linux, or threads running) ``work``
    runs in this process: up to its first value when that is asked for, the rest after
    the block.
    """
    gen = work()
    if not _can_fork():
        first: list[T] = []

        def first_here() -> T:
            if not first:
                first.append(next(gen))
            return first[0]

        yield first_here
        first_here()
        for _ in gen:
            pass
        return
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, report, and leave without running any cleanup
        code = 0
        with os.fdopen(write_end, "wb") as fh:
            try:
                os.close(read_end)
                libc = ctypes.CDLL(None, use_errno=True)
                libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
                if os.getppid() == 1:  # the parent is gone already
                    os._exit(1)
                _send(fh, b"v", next(gen))
                for _ in gen:
                    pass
            except BaseException as exc:  # everything goes back to the parent
                code = 1
                _send(fh, b"e", exc)
        os._exit(code)
    os.close(write_end)
    reader = os.fdopen(read_end, "rb")
    received: list[T] = []

    def first_there() -> T:
        if not received:
            message = _receive(reader)
            if message is None:
                _, status = os.waitpid(pid, 0)
                code = os.waitstatus_to_exitcode(status)
                msg = f"the {name} process ended with status {code}"
                raise RuntimeError(msg)
            tag, value = message
            if tag == b"e":
                raise value  # type: ignore[misc]
            received.append(value)  # type: ignore[arg-type]
        return received[0]

    try:
        yield first_there
        first_there()
    except BaseException:
        os.kill(pid, signal.SIGKILL)  # the block failed: what the child writes is not wanted
        reader.close()
        os.waitpid(pid, 0)
        raise
    with reader:
        message = _receive(reader)
    _, status = os.waitpid(pid, 0)
    if message is not None:
        raise message[1]  # type: ignore[misc]
    if os.waitstatus_to_exitcode(status) != 0:
        msg = f"the {name} process ended with status {os.waitstatus_to_exitcode(status)}"
        raise RuntimeError(msg)


def _render_page() -> Callable[..., str]:
    """
    :func:`geo.render.render_page`, imported when the map is rendered, with folium.

    Imported after the GIS process has started (it needs no folium), and without
    pandas where nothing has loaded it yet: folium imports pandas, if it is there, only
    to recognise a DataFrame passed as a location, which the map never does; without
    it a build takes a quarter of a second and some 35 MB less.
    """
    if "pandas" in sys.modules:
        from geo.render import render_page  # noqa: PLC0415

        return render_page
    sys.modules["pandas"] = None  # type: ignore[assignment]  # an ImportError for folium
    try:
        from geo.render import render_page  # noqa: PLC0415
    finally:
        del sys.modules["pandas"]  # anything else that needs pandas imports it as usual
    return render_page


def build_site(
    *,
    layers_dir: Path,
    out_dir: Path,
    self_contained: bool = False,
    base_url: str | None = None,
    exporter: Exporter = write_exports,
    mentions: Path | None = None,
) -> Dataset:
    """
    Check ``layers_dir`` and build the site into ``out_dir``, atomically.

    Parameters
    ----------
    layers_dir
        Folder of curated layers, facts.csv, sources.csv and redirects.csv.
    out_dir
        The site folder; replaced as a whole only when the build succeeds.
    self_contained
        Inline every script and stylesheet into ``index.html``.
    base_url
        Absolute address the site is published at; permalinks are relative if None.
    exporter
        Writes the GIS package into ``site/data`` (:func:`geo.export.write_exports`).
    mentions
        An archive summary of ``geo ingest`` (:mod:`geo.mentions`): popups show its
        articles per year.

    Raises
    ------
    DataError
        When ``geo check`` finds problems, or the summary has some; nothing is written then.
    """
    data = read_dataset(layers_dir)
    with staged(out_dir) as staging:
        data_dir = staging / "data"
        data_dir.mkdir()

        def gis_package() -> Iterator[list[Problem]]:
            found = shape_problems(data)
            yield found
            if found:
                return  # the build stops: no package to write
            write_geojson(joined_layers(data), out_dir=data_dir)
            gc.collect()  # `geo build` runs with gc off: free the joined copy's cycles
            exporter(data, out_dir=data_dir)

        # The shapes' rules, then the GIS package and the joined GeoJSON, in a second
        # process started before the check of the tables so that they run beside it:
        # every problem of either stops the build (and that process) before anything
        # is swapped in, as they did before anything was written.
        with beside(gis_package) as shapes:
            found = table_problems(data)
            render_page = _render_page()  # while the other process checks the shapes
            problems = merge_problems(data, found, shapes())
            if problems:
                raise DataError(problems)
            joined = joined_layers(data)
            redirects = data.redirect_map()
            # The summary's problems, like the check's, stop the build before the swap.
            counts = (
                None
                if mentions is None
                else read_mentions(path=mentions, layers=joined, redirects=redirects)
            )

            def links_files() -> Iterator[None]:
                yield None
                write_links(link_rows(data, base_url=base_url), out_dir=staging)

            # The links files in a third process, beside the page: on two cores the
            # page's process has the most to do, and this takes from it what the GIS
            # process, done sooner, leaves of its core.
            with beside(links_files, name="links"):
                assets_dir = None if self_contained else staging / "assets"
                if assets_dir is not None:
                    assets_dir.mkdir()
                html = render_page(
                    layers=joined,
                    redirects=redirects,
                    self_contained=self_contained,
                    assets_dir=assets_dir,
                    base_url=base_url,
                    map_dir=None if self_contained else staging / "map",
                    mentions=counts,
                )
                (staging / "index.html").write_text(html, encoding="utf-8", newline="\n")
                del html, joined, counts
    return data


def export_data(*, layers_dir: Path, out_dir: Path) -> Dataset:
    """Check ``layers_dir`` and write only the data folder (``geo export``), atomically."""
    data = read_checked(layers_dir)
    with staged(out_dir) as staging:
        write_data(data, joined=joined_layers(data), out_dir=staging)
    return data


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2``); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP}:
        return False  # a file system without exchange: fall back to two renames
    raise OSError(err, os.strerror(err), str(b))


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is; the old one is removed only after the swap."""
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # it holds the old site now
        return
    # Two renames leave a moment with no target; the next build removes a stranded old one.
    old = target.with_name(f".{target.name}.build-old-{new.name.rsplit('-', 1)[-1]}")
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
