"""``extractor extract`` against output faults: a read-only filesystem and a full one (a tiny tmpfs
in a private mount namespace, ``unshare -m``, as root), stdout on a full device, a closed stdin,
outputs that are device nodes or symlinks, and the durability of the final rename. Every case:
one line on stderr, the exit code the README states, never a traceback, never an OUT that looks
complete, never a device or a link replaced by a regular file."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_bad_input import GOOD, GOOD2, assert_no_traceback, err_line, invoke, jsonl, parse_jsonl, write
from .test_bad_input import assert_stderr_lines, shared_model, stderr_of  # noqa: F401 (a fixture)

# In-process cases share one built model (the fixture patches pipeline.build).
pytestmark = pytest.mark.usefixtures("shared_model")

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _can_unshare() -> str:
    """'' when a private mount namespace with a tmpfs can be made here, else why not."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root to mount a tmpfs (unshare -m)"
    if shutil.which("unshare") is None:
        return "no unshare(1) on this machine"
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=4k tmpfs /mnt 2>/dev/null || "
                            "mount -t tmpfs -o size=4k tmpfs /tmp"], capture_output=True, timeout=20)
    return "" if probe.returncode == 0 else f"unshare -m cannot mount a tmpfs here: {probe.stderr.decode()[:80]}"


UNSHARE = _can_unshare()


def _many(path: Path, n: int) -> Path:
    return write(path, jsonl(*({"id": f"d{k:03d}", "text": f"Foro Penal reported {k + 2} new detentions in Havana "
                                f"on January 3, according to Amnesty International.\n"} for k in range(n))))


# (id, mount options after the tmpfs is made, documents, exit, stderr fragments)
FS_CASES = [
    ("read-only", "mount -o remount,ro \"$1\"", 2, 2, ("out.jsonl: cannot write the output: Read-only file system",)),
    ("full-before-the-run", "dd if=/dev/zero of=\"$1/filler\" bs=4k 2>/dev/null; true", 2, 2,
     ("out.jsonl: writing the output failed: No space left on device; nothing was written",)),
    ("fills-up-during-the-run", "true", 60, 1,
     ("out.jsonl: writing the output failed: No space left on device;", "documents were written before it")),
]


@pytest.mark.skipif(bool(UNSHARE), reason=UNSHARE or "-")
@pytest.mark.parametrize("case", FS_CASES, ids=[c[0] for c in FS_CASES])
def test_extract_on_a_faulty_filesystem(case, tmp_path):
    _id, prepare, n, exit_code, fragments = case
    src = _many(tmp_path / "in.jsonl", n)
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    script = ("mount -t tmpfs -o size=16k tmpfs \"$1\" || exit 99; " + prepare + "; "
              "\"$2\" -m extractor extract \"$3\" -o \"$1/out.jsonl\" -j 1 -q; echo \"rc=$?\"; ls -A \"$1\"")
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", str(mnt), sys.executable, str(src)],
                          capture_output=True, cwd=ROOT, env=ENV, timeout=180)
    err, out = proc.stderr.decode(), proc.stdout.decode()
    assert_no_traceback(err)
    lines = out.splitlines()
    assert lines and lines[0] == f"rc={exit_code}", (out, err)
    assert_stderr_lines(err, [err_line(*fragments)])
    assert "out.jsonl" not in lines[1:], "no OUT that looks complete"
    assert "out.jsonl.lock" not in lines[1:]


def run_cli(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", *map(str, args)], capture_output=True, cwd=ROOT,
                          env=ENV, timeout=120, **kw)


def test_stdout_on_a_full_device(tmp_path):
    src = write(tmp_path / "a.txt", GOOD)
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "extractor", "extract", str(src), "-j", "1", "-q"],
                              stdout=full, stderr=subprocess.PIPE, cwd=ROOT, env=ENV, timeout=120)
    err = proc.stderr.decode()
    assert_no_traceback(err)
    assert "Exception ignored" not in err, err
    assert proc.returncode == 2, err
    assert_stderr_lines(err, [err_line("<stdout>: writing the output failed: No space left on device")])


def test_closed_stdin(tmp_path):
    proc = subprocess.run(["sh", "-c", '"$0" -m extractor extract - <&-', sys.executable], capture_output=True,
                          cwd=ROOT, env=ENV, timeout=60)
    err = proc.stderr.decode()
    assert_no_traceback(err)
    assert proc.returncode == 2, err
    assert_stderr_lines(err, [err_line("-: standard input is closed")])


def _char_device(tmp: Path) -> Path:
    """A private null device (as /dev/null: major 1, minor 3), so a bug cannot clobber the real one."""
    node = tmp / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc.strerror}); needs root")
    return node


def _link_to_file(tmp: Path) -> Path:
    (tmp / "real").mkdir()
    target = write(tmp / "real" / "claims.jsonl", "old\n")
    link = tmp / "claims.jsonl"
    link.symlink_to(target)
    return link


def _link_to_device(tmp: Path) -> Path:
    link = tmp / "to-null.jsonl"
    link.symlink_to(_char_device(tmp))
    return link


# (id, make the -o target, check after the run)
TARGETS = [
    ("device-node", _char_device, lambda p: stat.S_ISCHR(os.lstat(p).st_mode)),
    ("symlink-to-a-device", _link_to_device,
     lambda p: os.path.islink(p) and stat.S_ISCHR(os.stat(p).st_mode)),
    ("symlink-to-a-file", _link_to_file,
     lambda p: os.path.islink(p) and [r["doc_id"] for r in parse_jsonl(p.read_text(encoding="utf-8"))] == ["a"]
     and not list(p.parent.glob("claims.jsonl.*")) and not list((p.parent / "real").glob("claims.jsonl.*"))),
]


@pytest.mark.parametrize("case", TARGETS, ids=[c[0] for c in TARGETS])
def test_output_that_is_not_a_regular_file_is_never_replaced(case, tmp_path):
    _id, make, check = case
    target = make(tmp_path)
    src = write(tmp_path / "a.txt", GOOD)
    result = invoke(["extract", src, "-o", target, "-j", "1", "-q"])
    err = stderr_of(result)
    assert_no_traceback(err)
    assert result.exit_code == 0, err
    assert err == ""
    assert check(target)


def test_output_dev_stdout_stays_a_link(tmp_path):
    src = write(tmp_path / "a.txt", GOOD)
    before = os.readlink("/dev/stdout") if os.path.islink("/dev/stdout") else None
    proc = run_cli("extract", src, "-o", "/dev/stdout", "-j", "1", "-q")
    assert_no_traceback(proc.stderr.decode())
    assert proc.returncode == 0, proc.stderr.decode()
    assert [r["doc_id"] for r in parse_jsonl(proc.stdout.decode())] == ["a"]
    assert (os.readlink("/dev/stdout") if os.path.islink("/dev/stdout") else None) == before


def test_resume_device_output_is_refused(tmp_path):
    node = _char_device(tmp_path)
    result = invoke(["extract", write(tmp_path / "a.txt", GOOD), "-o", node, "--resume", "-j", "1"])
    assert result.exit_code == 2
    assert_stderr_lines(stderr_of(result), [err_line("--resume needs a regular file")])


# --- resume over a finished OUT -------------------------------------------------------------------

def _cut_last_line(out: Path) -> None:
    data = out.read_bytes()
    out.write_bytes(data[: len(data) - 25])


@pytest.mark.parametrize("cut", [False, True], ids=["whole", "last-line-cut"])
def test_resume_exits_as_the_uninterrupted_run(cut, tmp_path):
    """An OUT whose last line was cut is resumed (the cut document is redone); a resumed run whose
    errors file (old part included) is not empty exits 1, as the uninterrupted run did."""
    src = write(tmp_path / "in.jsonl", jsonl({"id": "r1", "text": GOOD}, "not json", {"id": "r3", "text": GOOD2}))
    out = tmp_path / "out.jsonl"
    first = invoke(["extract", src, "-o", out, "-j", "1", "-q"])
    assert first.exit_code == 1
    whole = out.read_bytes()
    if cut:
        _cut_last_line(out)
    resumed = invoke(["extract", src, "-o", out, "--resume", "-j", "1", "-q"])
    err = stderr_of(resumed)
    assert_no_traceback(err)
    assert resumed.exit_code == 1, err
    assert out.read_bytes() == whole
    assert len(parse_jsonl((tmp_path / "out.errors.jsonl").read_text(encoding="utf-8"))) == 1


# --- durability ------------------------------------------------------------------------------------

def test_output_is_synced_before_the_rename(tmp_path, monkeypatch):
    import extractor.io.writers as writers

    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else "?"))
        real_fsync(fd)

    def replace(a, b):
        events.append(("replace", f"{a} -> {b}"))
        real_replace(a, b)
    monkeypatch.setattr(writers.os, "fsync", fsync)
    monkeypatch.setattr(writers.os, "replace", replace)
    out = tmp_path / "out.jsonl"
    result = invoke(["extract", write(tmp_path / "a.txt", GOOD), "-o", out, "-j", "1", "-q"])
    assert result.exit_code == 0, stderr_of(result)
    kinds = [k for k, _ in events]
    assert kinds == ["fsync", "replace", "fsync"], events
    assert events[0][1].endswith("out.jsonl.partial") or events[0][1] == "?"
    assert events[1][1] == f"{out}.partial -> {out}"
    assert events[2][1] in (str(tmp_path), "?")
