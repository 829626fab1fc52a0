"""Files that are not what a run expects on disk end as exactly one outcome too: links
inside and outside the inputs, loops, pipes, unreadable files and folders, files that
vanish, change or grow during the run, odd names; and an unexpected failure is one log line
and a quarantine row, never a traceback."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.clean import clean_batch
from flows.ingest import discover, read_batch, read_input, read_open_file
from flows.models import InputFile, RawDocument
from input_files import ARTICLE, LIMIT, quarantined, write


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail instead of hanging forever if something opens a named pipe."""

    def timeout(signum: int, frame: object) -> None:
        raise TimeoutError("read blocked: a named pipe was opened")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


# 14. symbolic links ------------------------------------------------------------------------


def _outcomes(items: list[InputFile]) -> dict[str, str]:
    """source file name -> "loaded" or the quarantine reason."""
    documents, held = read_batch(items, LIMIT)
    outcome = {Path(d.source_file).name: "loaded" for d in documents}
    outcome.update({Path(q.source_file).name: q.reason for q in held})
    assert len(outcome) == len(items)  # one outcome per file, nothing skipped
    return outcome


def test_symlinks_are_read_only_inside_the_inputs(tmp_path: Path, no_hang: None) -> None:
    inputs, outside = tmp_path / "inputs", tmp_path / "outside"
    (inputs / "sub").mkdir(parents=True)
    outside.mkdir()
    write(inputs, "story.txt", ARTICLE.encode())
    write(outside, "secret.txt", b"not for this run")
    (inputs / "sub" / "link_in.txt").symlink_to("../story.txt")
    (inputs / "link_out.txt").symlink_to(outside / "secret.txt")
    (inputs / "link_etc.txt").symlink_to("/etc/hostname")
    (inputs / "broken.txt").symlink_to(inputs / "nowhere.txt")
    (inputs / "loop_a.txt").symlink_to("loop_b.txt")
    (inputs / "loop_b.txt").symlink_to("loop_a.txt")
    (inputs / "linked_dir").symlink_to(inputs / "sub", target_is_directory=True)
    (inputs / "linked_dir_out").symlink_to(outside, target_is_directory=True)
    items = discover([inputs])
    assert [Path(i.source_file).name for i in items] == [
        "broken.txt",
        "link_etc.txt",
        "link_out.txt",
        "linked_dir",
        "linked_dir_out",
        "loop_a.txt",
        "loop_b.txt",
        "story.txt",
        "link_in.txt",
    ]
    assert _outcomes(items) == {
        "story.txt": "loaded",
        "link_in.txt": "loaded",
        "link_out.txt": "outside_input",
        "link_etc.txt": "outside_input",
        "broken.txt": "missing",
        "loop_a.txt": "unreadable",
        "loop_b.txt": "unreadable",
        "linked_dir": "not_a_file",
        "linked_dir_out": "not_a_file",
    }
    _, held = read_batch(items, LIMIT)
    details = {Path(q.source_file).name: q.detail for q in held}
    assert str(outside / "secret.txt") in details["link_out.txt"]
    assert "nowhere.txt" in details["broken.txt"] and "loop" in details["loop_a.txt"]
    assert "not followed" in details["linked_dir"] and str(outside) in details["linked_dir_out"]


def test_links_named_directly_or_into_another_input_are_asked_for(tmp_path: Path) -> None:
    inputs, other = tmp_path / "inputs", tmp_path / "other"
    inputs.mkdir()
    other.mkdir()
    target = write(other, "story.txt", ARTICLE.encode())
    (inputs / "to_other_input.txt").symlink_to(target)
    named = tmp_path / "named_link.txt"
    named.symlink_to(target)
    outcome = _outcomes(discover([inputs, other, named]))
    assert outcome == {
        "to_other_input.txt": "loaded",
        "story.txt": "loaded",
        "named_link.txt": "loaded",
    }


# 15. unreadable and non-regular files -----------------------------------------------------


def test_named_pipe_is_never_opened(tmp_path: Path, no_hang: None) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    write(tmp_path, "story.txt", ARTICLE.encode())
    assert _outcomes(discover([tmp_path])) == {"pipe.txt": "not_a_file", "story.txt": "loaded"}


def test_symlink_loop_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    result = quarantined(read_input(discover([tmp_path])[0], LIMIT), "unreadable")
    assert "loop" in result.detail


def _as_nobody(work: Path) -> dict[str, str]:
    """discover + read in a child process running as uid/gid 65534 (root reads anything)."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        status = 1
        try:
            os.close(reader)
            os.setgid(65534)
            os.setuid(65534)
            items = discover([work])
            documents, held = read_batch(items, LIMIT)
            outcome = {Path(d.source_file).name: "loaded" for d in documents}
            outcome.update({Path(q.source_file).name: q.reason for q in held})
            os.write(writer, json.dumps(outcome).encode())
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0, "the child process failed"
    return json.loads(payload)


def test_file_and_folder_without_read_permission_are_unreadable() -> None:
    if os.geteuid() != 0:
        pytest.skip(
            "needs root to drop to another user; as a normal user chmod 000 already "
            "blocks the reader, but this test is written for the CI container (root)"
        )
    work = Path(tempfile.mkdtemp(prefix="newsfacts-perm-", dir="/tmp"))
    try:
        os.chmod(work, 0o755)
        os.chmod(write(work, "locked.txt", ARTICLE.encode()), 0o000)
        os.chmod(write(work, "open.txt", ARTICLE.encode()), 0o644)
        (work / "closed").mkdir()
        write(work / "closed", "inside.txt", ARTICLE.encode())
        os.chmod(work / "closed", 0o000)
        assert _as_nobody(work) == {
            "locked.txt": "unreadable",
            "open.txt": "loaded",
            "closed": "unreadable",
        }
    finally:
        os.chmod(work / "closed", 0o755)
        shutil.rmtree(work)


# 16. files that change during the run ----------------------------------------------------


def test_file_deleted_after_discovery_is_missing(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", ARTICLE.encode())
    [item] = discover([tmp_path])
    path.unlink()
    quarantined(read_input(item, LIMIT), "missing")


def test_file_rewritten_after_discovery_is_read_with_its_new_hash(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"First version of the story, soon replaced.")
    [item] = discover([tmp_path])
    new = ARTICLE.encode()
    path.write_bytes(new)
    doc = read_input(item, LIMIT)
    assert isinstance(doc, RawDocument)
    assert (doc.text, doc.content_sha256) == (ARTICLE, hashlib.sha256(new).hexdigest())


def test_file_growing_past_the_limit_after_its_size_was_checked_is_too_large(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "a.txt", b"x" * 500)
    item = InputFile(str(path), str(path))
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size  # what read_input checks the limit against
        with open(path, "ab") as appender:
            appender.write(b"y" * 1500)
        result = quarantined(read_open_file(item, handle, size, max_bytes=1000), "too_large")
    assert "grew past" in result.detail
    assert result.content_sha256 == hashlib.sha256(b"x" * 500 + b"y" * 1500).hexdigest()


# 17. file names ----------------------------------------------------------------------------


def test_odd_file_names_are_read_and_kept(tmp_path: Path) -> None:
    names = ["with space.txt", 'it\'s "quoted".txt', "Café report ü.txt"]
    for name in names:
        write(tmp_path, name, ARTICLE.encode())
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.txt"), "wb") as handle:
        handle.write(ARTICLE.encode())
    documents, held = read_batch(discover([tmp_path]), LIMIT)
    assert held == []
    shown = sorted(Path(d.source_file).name for d in documents)
    assert shown == sorted([*names, "bad\\xff.txt"])
    for doc in documents:
        doc.source_file.encode("utf-8")  # valid text for a VARCHAR column
        assert doc.text == ARTICLE


# clean stage: an unexpected failure is one log line and a quarantine row ------------------


def test_unexpected_clean_failure_logs_one_line_without_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = RawDocument("broken.txt", "0" * 64, 3, "utf-8", "text", None)  # type: ignore[arg-type]
    with caplog.at_level(logging.INFO, logger="flows.clean"):
        articles, held = clean_batch([broken])
    assert articles == []
    quarantined(held[0], "clean_error", stage="clean")
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert not record.exc_info and "broken.txt" in record.getMessage()


def test_unexpected_read_failure_is_one_log_line_and_a_quarantine_row(
    caplog: pytest.LogCaptureFixture,
) -> None:
    impossible = InputFile("nul-in-name.txt", "nul\x00name.txt")  # os calls raise ValueError
    with caplog.at_level(logging.INFO, logger="flows.ingest"):
        documents, held = read_batch([impossible], LIMIT)
    assert documents == []
    assert "ValueError" in quarantined(held[0], "ingest_error").detail
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert not record.exc_info and "nul-in-name.txt" in record.getMessage()
