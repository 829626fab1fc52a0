"""Ingest: find the input files, read their bytes, hash them, decode them, tell text from HTML.

Every file either becomes a :class:`RawDocument` or a :class:`Quarantined` row saying
what is wrong with it; nothing here raises for a bad file.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from flows.decoding import MAX_CONTROL_SHARE, binary_kind, decode, detect_format, not_text_share
from flows.models import InputFile, Quarantined, RawDocument

__all__ = [
    "InputNotFoundError",
    "decode",
    "detect_format",
    "discover",
    "read_batch",
    "read_input",
    "read_open_file",
]

log = logging.getLogger(__name__)
READ_CHUNK = 1 << 20


class InputNotFoundError(Exception):
    """A path given to the run does not exist."""


# Errors that network storage (NFS, SMB, FUSE mounts of object stores) returns while it is
# briefly unreachable: worth another attempt. Anything else (permissions, a missing file)
# will fail the same way again and is quarantined at once.
TRANSIENT_ERRNOS = frozenset(
    getattr(errno, name)
    for name in (
        "EIO",
        "EAGAIN",
        "ETIMEDOUT",
        "ESTALE",
        "EBUSY",
        "EINTR",
        "ENETDOWN",
        "ENETUNREACH",
        "ENETRESET",
        "ECONNRESET",
        "ECONNABORTED",
        "EHOSTDOWN",
        "EHOSTUNREACH",
        "ENOLINK",
        "ECOMM",
        "EREMOTEIO",
    )
    if hasattr(errno, name)
)


class TransientReadError(OSError):
    """A file could not be read for a reason that may pass (see TRANSIENT_ERRNOS): the
    read task raises it so Prefect retries the batch with back-off."""


def _raise_if_transient(item: InputFile, error: OSError, retry_transient: bool) -> None:
    if retry_transient and error.errno in TRANSIENT_ERRNOS:
        raise TransientReadError(error.errno, f"{item.source_file}: {error.strerror}") from error


def discover(inputs: Sequence[str | Path]) -> list[InputFile]:
    """Files named directly, and every entry under folders, in a stable (sorted) order.

    ``source_file`` is the path as the user gave it (joined with the relative path inside a
    given folder), so the warehouse shows what the person typed, not an absolute path.
    Links to folders and folders that cannot be listed are returned too, never skipped in
    silence: ``read_input`` quarantines them with the reason.
    """
    for given in inputs:
        if not (Path(given).exists() or Path(given).is_symlink()):
            raise InputNotFoundError(f"input '{given}' does not exist: check the path")
    # A path the user named is "asked" even when it is a link: its target is allowed too.
    roots = tuple(sorted({os.path.realpath(given) for given in inputs}))
    found: dict[str, InputFile] = {}

    def add(path: str) -> None:
        found.setdefault(path, InputFile(_printable(path), path, roots))

    for given in inputs:
        given_path = Path(given)
        if not given_path.is_dir():
            add(str(given_path))
            continue
        # os.walk skips a folder it cannot list unless told; such a folder becomes an entry.
        unlistable: list[str] = []

        def note(error: OSError) -> None:
            # os.walk calls it during this iteration's walk, never later: the loop's
            # current values are the ones meant.
            unlistable.append(str(error.filename or given_path))  # noqa: B023

        for root, dirs, files in os.walk(given_path, onerror=note):
            dirs.sort()
            # os.walk does not descend into links to folders (a loop, or a way out of the
            # inputs) and lists them with the folders: they are entries to account for.
            linked = [name for name in dirs if os.path.islink(os.path.join(root, name))]
            for name in sorted(files + linked):
                add(os.path.join(root, name))
        for path in unlistable:
            add(str(path))
    return list(found.values())


def read_input(
    item: InputFile, max_bytes: int, retry_transient: bool = False
) -> RawDocument | Quarantined:
    """Read, hash and decode one file; a file that cannot be text is quarantined.

    With ``retry_transient``, an error that may pass raises :class:`TransientReadError`
    instead (the caller retries); without it, such a file is quarantined as unreadable."""
    refusal = _refuse_path(item)
    if refusal is not None:
        return refusal
    # O_NONBLOCK: if a named pipe replaced the file since the check, open must not wait
    # for a writer forever; fstat below then refuses it.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(item.path, flags)
    except OSError as error:
        _raise_if_transient(item, error, retry_transient)
        return _open_error(item, error)
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return _quarantine(item, "not_a_file", _not_regular_detail(info.st_mode))
            return read_open_file(item, handle, info.st_size, max_bytes)
    except OSError as error:
        _raise_if_transient(item, error, retry_transient)
        return _quarantine(
            item,
            "unreadable",
            f"reading the file failed ({error.strerror}); "
            "check the disk or the network storage, or copy the file "
            "elsewhere, and rerun",
        )


def read_open_file(
    item: InputFile, handle: BinaryIO, size: int, max_bytes: int
) -> RawDocument | Quarantined:
    """Hash and decode an open file whose size was ``size`` when checked; it may have
    grown since, so the limit is enforced on the bytes actually read."""
    if size > max_bytes:
        return _quarantine(
            item,
            "too_large",
            f"file is {size:,} bytes, over the {max_bytes:,}-byte limit for one article; "
            "split it into articles or raise --max-file-bytes if it really is one",
            _sha256_rest(handle, hashlib.sha256()),
        )
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        digest = hashlib.sha256(data)
        return _quarantine(
            item,
            "too_large",
            f"file grew past the {max_bytes:,}-byte limit while it was read (it was "
            f"{size:,} bytes when checked); rerun when whatever writes it has finished",
            _sha256_rest(handle, digest),
        )
    return _document(item, data)


def read_batch(
    items: Iterable[InputFile], max_bytes: int, retry_transient: bool = False
) -> tuple[list[RawDocument], list[Quarantined]]:
    documents: list[RawDocument] = []
    quarantined: list[Quarantined] = []
    for item in items:
        try:
            result = read_input(item, max_bytes, retry_transient)
        except TransientReadError:
            raise
        except Exception as error:
            # One line on the console; the traceback only when debugging (-v).
            log.error(
                "reading failed on %s: %s: %s",
                item.source_file,
                type(error).__name__,
                error,
                exc_info=log.isEnabledFor(logging.DEBUG),
            )
            result = _quarantine(
                item,
                "ingest_error",
                f"reading failed with "
                f"{type(error).__name__}: {error}. This is a bug in newsfacts: "
                "report it with this file attached.",
            )
        (documents if isinstance(result, RawDocument) else quarantined).append(result)
    return documents, quarantined


def _document(item: InputFile, data: bytes) -> RawDocument | Quarantined:
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return _quarantine(item, "empty", "file is empty or only whitespace: nothing to load", sha)
    kind = binary_kind(data)
    if kind:
        return _quarantine(
            item,
            "binary",
            f"file looks like {kind}, not an article; convert it to text or HTML first",
            sha,
        )
    decoded = decode(data)
    if decoded is None:
        return _quarantine(
            item,
            "encoding",
            "bytes are not text in any encoding we can detect; re-save the file as UTF-8",
            sha,
        )
    text, encoding = decoded
    if not text.strip().strip("\ufeff").strip():
        # Only byte-order marks and whitespace (of any encoding): nothing to load either.
        return _quarantine(
            item, "empty", f"file holds only whitespace ({encoding}): nothing to load", sha
        )
    garbage = not_text_share(text)
    if garbage > MAX_CONTROL_SHARE:
        return _quarantine(
            item,
            "encoding",
            f"read as {encoding}, {garbage:.0%} of the characters are control or private-use "
            "codes: it is not text in an encoding we can detect; re-save the file as UTF-8",
            sha,
        )
    return RawDocument(
        source_file=item.source_file,
        content_sha256=sha,
        size_bytes=len(data),
        encoding=encoding,
        format=detect_format(data, item.path),
        text=text,
    )


def _refuse_path(item: InputFile) -> Quarantined | None:
    """Why the path must not be opened (gone, a link out of the inputs or in a loop, not a
    regular file), or None. Nothing here opens the file: opening a named pipe blocks."""
    try:
        is_link = stat.S_ISLNK(os.lstat(item.path).st_mode)
        real = os.path.realpath(item.path, strict=True)
        info = os.stat(item.path)
    except OSError as error:
        return _open_error(item, error)
    if stat.S_ISDIR(info.st_mode):  # a link to a folder is never followed, wherever it leads
        return _directory_refusal(item, is_link, real)
    if is_link and item.allowed_roots and not _inside(real, item.allowed_roots):
        return _quarantine(
            item,
            "outside_input",
            f"is a symbolic link to {_printable(real)}, outside the inputs of this run, so it "
            "was not read; copy the file into the input folder or name it as an input",
        )
    if not stat.S_ISREG(info.st_mode):
        return _quarantine(item, "not_a_file", _not_regular_detail(info.st_mode))
    return None


def _directory_refusal(item: InputFile, is_link: bool, real: str) -> Quarantined:
    if is_link:
        return _quarantine(
            item,
            "not_a_file",
            f"is a symbolic link to the folder {_printable(real)}; links to folders are not "
            "followed (their files could be read twice, or from outside the inputs): name "
            "the folder itself as an input to load it",
        )
    # Discovery lists a folder only when it could not walk into it: say why.
    try:
        os.scandir(item.path).close()
    except OSError as error:
        return _quarantine(
            item,
            "unreadable",
            f"folder could not be listed ({error.strerror}), so none of its files were read; "
            "fix its permissions and rerun",
        )
    return _quarantine(
        item,
        "not_a_file",
        "is a folder, not a file: name the folder as an input to load the files in it",
    )


def _open_error(item: InputFile, error: OSError) -> Quarantined:
    try:
        target: str | None = _printable(os.readlink(item.path))
    except OSError:
        target = None  # not a link (or it vanished too)
    if isinstance(error, FileNotFoundError) and target is not None:
        return _quarantine(
            item,
            "missing",
            f"is a symbolic link to {target}, which does not exist; fix or remove the link",
        )
    if isinstance(error, FileNotFoundError):
        return _quarantine(
            item, "missing", "file disappeared before it could be read; rerun when it is back"
        )
    if error.errno == errno.ELOOP:
        return _quarantine(
            item,
            "unreadable",
            "is a symbolic link that leads back to itself (a loop); fix or remove the link",
        )
    return _quarantine(
        item, "unreadable", f"file could not be read ({error.strerror}): check its permissions"
    )


def _not_regular_detail(mode: int) -> str:
    kind = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a special file"
    )
    return f"is {kind}, not a regular file, so it was not opened; remove it from the inputs"


def _quarantine(item: InputFile, reason: str, detail: str, sha: str | None = None) -> Quarantined:
    return Quarantined(item.source_file, sha, "ingest", reason, detail)


def _inside(real: str, roots: tuple[str, ...]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _printable(path: str) -> str:
    """A file name as valid UTF-8 text: bytes that are not UTF-8 (allowed in Linux names)
    are shown as ``\\xNN`` instead of failing where the name is stored as VARCHAR."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _sha256_rest(handle: BinaryIO, digest: hashlib._Hash) -> str | None:
    """Hash the rest of an open file in chunks: a too-large file is never held in memory."""
    try:
        while chunk := handle.read(READ_CHUNK):
            digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()
