"""The two sides of `aitrack diff`, found and opened: each a dataset folder or a git
revision of the repository the current directory is in (found as git finds it), whose
dataset (and its documents) `git archive` extracts into a temporary folder that is
removed afterwards. A side that is neither, or does not load, is a SideError: one line,
and diff's trouble status 2."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aitrack.errors import AitrackError

if TYPE_CHECKING:
    from aitrack.store.catalog import Catalog


class SideError(AitrackError):
    """A side of a diff that is not there or does not load: exit 2, as diff(1) does for trouble."""

    exit_code = 2


@dataclass
class Side:
    spec: str  # as typed: a folder or a revision
    folder: str  # the dataset folder read (inside the temporary folder for a revision)
    catalog: Catalog
    commit: str | None = None  # the commit a revision names

    @property
    def label(self) -> str:
        return f"{self.spec} ({self.commit[:7]})" if self.commit else self.spec


@contextmanager
def opened(old: str, new: str, use_cache: bool = True) -> Iterator[tuple[Side, Side]]:
    """Both sides, loaded; any folder extracted for a revision is removed on leaving."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="aitrack-diff-") as scratch:
        yield (
            _open(old, os.path.join(scratch, "old"), use_cache),
            _open(new, os.path.join(scratch, "new"), use_cache),
        )


def _open(spec: str, scratch: str, use_cache: bool) -> Side:
    if os.path.exists(spec):
        from aitrack import config

        if not os.path.isdir(spec):
            raise SideError(f"'{spec}' is a file, not a dataset folder or a git revision")
        folder = config.locate(spec).path  # a workspace root stands for its data/
        return Side(spec, folder, _load(spec, folder, use_cache))
    commit, top = _revision(spec)
    folder = _extract(spec, commit, top, scratch)
    # No cache for a throwaway folder: nothing would ever read the entry again.
    return Side(spec, folder, _load(spec, folder, False, scratch), commit)


def _load(spec: str, folder: str, use_cache: bool, scratch: str | None = None) -> Catalog:
    from dataclasses import replace

    from aitrack.errors import DataError
    from aitrack.store.catalog import open_catalog

    try:
        return open_catalog(folder, use_cache=use_cache)
    except DataError as exc:
        first = exc.problems[0] if exc.problems else None
        if first is not None and scratch is not None:  # name the file as git does: REV:path
            path = os.path.relpath(os.path.abspath(first.path), scratch).replace(os.sep, "/")
            first = replace(first, path=f"{spec}:{path}")
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        raise SideError(
            f"'{spec}' does not load: {first or exc}{more}; 'aitrack validate' lists every problem"
        ) from None
    except AitrackError as exc:
        said = str(exc).replace(scratch + os.sep, f"{spec}:") if scratch else str(exc)
        raise SideError(f"'{spec}' does not load: {said}") from None


def _git(args: list[str], cwd: str) -> subprocess.CompletedProcess[bytes]:
    # Output captured: git's own messages would break the one-line rule; its status decides.
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def _revision(spec: str) -> tuple[str, str]:
    """(commit, repository top) of a revision, or a SideError saying spec is neither."""
    neither = f"'{spec}' is neither a dataset folder nor a git revision"
    try:
        top = _git(["rev-parse", "--show-toplevel"], os.getcwd())
    except OSError:  # git is not installed (or the current directory is gone)
        raise SideError(f"{neither} (git cannot be run here)") from None
    if top.returncode != 0:
        raise SideError(f"{neither} (the current directory is not in a git repository)")
    root = top.stdout.decode().strip()
    # A leading dash would be read as an option by git.
    found = _git(["rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"], root) if not spec.startswith("-") else None
    if found is None or found.returncode != 0:
        raise SideError(f"{neither} of {root}")
    return found.stdout.decode().strip(), root


def _dataset_path(top: str) -> str:
    """Where the dataset sits in the repository: the one found from the current directory
    when it is inside the repository, else data/ (the layout `aitrack init` makes)."""
    from aitrack import config

    try:
        found = config.find_workspace(os.getcwd())
    except OSError:
        found = None
    if found:
        rel = os.path.relpath(os.path.realpath(found), os.path.realpath(top))
        if rel != ".." and not rel.startswith(".." + os.sep):
            return rel.replace(os.sep, "/")
    return "data"


def _extract(spec: str, commit: str, top: str, scratch: str) -> str:
    """The revision's dataset and its documents (seeds/ beside or inside it), written
    under scratch at the paths they have in the repository; returns the dataset folder."""
    import io
    import posixpath
    import tarfile

    rel = _dataset_path(top)
    paths = [rel] if rel == "." else [rel, posixpath.join(posixpath.dirname(rel), "seeds")]
    listed = _git(["ls-tree", "--name-only", "-z", commit, "--", *paths], top)
    present = [p for p in listed.stdout.decode().split("\0") if p] if rel != "." else ["."]
    if listed.returncode != 0 or (rel != "." and rel not in present):
        raise SideError(f"revision '{spec}' has no {rel}/ folder (the dataset to compare)")
    archive = _git(["archive", "--format=tar", commit, "--", *present], top)
    if archive.returncode != 0:
        reason = archive.stderr.decode(errors="replace").strip().splitlines()
        raise SideError(f"cannot read revision '{spec}': {reason[-1] if reason else 'git archive failed'}")
    os.makedirs(scratch, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        # The data filter (Python 3.11.4+) refuses links and paths leading out of scratch.
        if hasattr(tarfile, "data_filter"):
            tar.extractall(scratch, filter="data")
        else:
            tar.extractall(scratch)
    return os.path.normpath(os.path.join(scratch, rel))
