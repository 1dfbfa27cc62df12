"""qmcorpus.io.parquet_process: documents.parquet written by a helper process.

Importing pyarrow costs a run about 0.15 s of CPU (a fifth of a run whose documents are all
cache hits); a helper process started when the writer opens imports it on another core while the
run reads its documents, then turns each batch of documents-table rows it is sent into a row
group — the same calls (:func:`qmcorpus.schema.documents_arrow`, one ``ParquetWriter``) and so
the same bytes as writing in the run's own process.

The protocol on the helper's stdin: frames of an 8-byte big-endian length n + 1 and n bytes of
JSON lines (one row group, maybe empty); a length of 0 ends the file. A helper whose stdin closes
without that frame (the run failed, was interrupted or killed) removes what it wrote and exits
with status 1; it ignores Ctrl-C (the run reports it and closes the pipe). A helper started
before its target is known (:func:`spawn`, from the first lines of a run: its imports then take
place while the run imports and reads) is given ``-`` and reads the target's path first, as a
frame of its own.

    python -m qmcorpus.io.parquet_process TARGET|-   (the helper; started by :class:`ParquetProcess`)
"""
from __future__ import annotations

import os
import signal
import struct
import subprocess
import sys

_FRAME = struct.Struct(">Q")


def spawn(target: str = "-") -> subprocess.Popen:
    """Start a helper writing ``target`` (``-``: the target comes as the first frame)."""
    # this very package imported, wherever it was imported from
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    boot = f"import sys; sys.path.insert(0, {root!r}); from {__name__} import run; run(sys.argv[1])"
    return subprocess.Popen([sys.executable, "-c", boot, target], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def discard(helper: subprocess.Popen) -> None:
    """End a helper from :func:`spawn` that was not used (it writes nothing)."""
    try:
        helper.stdin.close()
    except OSError:
        pass
    helper.kill()
    helper.wait()
    helper.stderr.close()


class ParquetProcess:
    """The run's side: :meth:`write` sends one row group, :meth:`close` ends the file and waits
    (raising OSError with the helper's reason when it failed), :meth:`abort` ends it unwritten.

    The frames go through the pipe from a thread of the run: the helper reads nothing until it
    has imported pyarrow, and the run's own work must not wait for that (at most QUEUED frames
    wait in the run's memory)."""

    QUEUED = 4

    def __init__(self, target: str | os.PathLike, helper: subprocess.Popen | None = None):
        """Write ``target`` through ``helper`` (a helper from :func:`spawn`, not yet used) or a
        helper started now."""
        import queue
        import threading

        self.target = str(target)
        self.proc = helper if helper is not None else spawn(self.target)
        self._queue: queue.Queue = queue.Queue(self.QUEUED)
        self._broken = False
        self._sender = threading.Thread(target=self._send, daemon=True)
        self._sender.start()
        if helper is not None:  # its target first
            self._queue.put([os.fsencode(self.target)])

    def _send(self) -> None:
        """The sending thread: each queued frame written to the pipe, then the end frame (None),
        unless the pipe broke (the helper failed, or the run aborted: nothing more is written,
        the queue is only drained, so that write() never waits on a dead helper)."""
        while True:
            lines = self._queue.get()
            if self._broken:
                if lines is None:
                    return
                continue
            try:
                if lines is None:
                    self.proc.stdin.write(_FRAME.pack(0))
                    self.proc.stdin.close()
                    return
                # the lines written one by one through the pipe's buffer: joining them first would
                # hold two more copies of a whole row group in the run's process at its peak
                self.proc.stdin.write(_FRAME.pack(sum(map(len, lines)) + 1))
                self.proc.stdin.writelines(lines)
            except (OSError, ValueError):  # a broken pipe, or one closed by abort()
                self._broken = True
                if lines is None:
                    return

    def write(self, lines: list[bytes]) -> None:
        if self._broken:
            self._failed()
        self._queue.put(lines)

    def close(self) -> None:
        self._queue.put(None)
        self._sender.join()
        self.proc.wait()
        if self.proc.returncode != 0 or self._broken:
            self._failed()

    def abort(self) -> None:
        import queue

        self._broken = True  # the sender stops writing, and ends at the None below
        try:
            self._queue.put_nowait(None)
        except queue.Full:  # the sender drains it: it ends at the None close() or this put
            pass
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def _failed(self):
        self.abort()
        reason = (self.proc.stderr.read().decode("utf-8", "replace").strip().splitlines() or ["it stopped"])[-1]
        raise OSError(f"cannot write {self.target}: {reason}")


def _read_exact(stream, n: int) -> bytes | None:
    data = stream.read(n)
    return data if len(data) == n else None


def _pyarrow_parquet():
    """pyarrow.parquet (and pyarrow.json), imported without numpy where pyarrow runs without it
    (pyarrow ≥ 16): this process only reads JSON into Arrow and writes Parquet, and importing
    numpy would take it more than half of its start-up (0.13 s of CPU). An older pyarrow that
    needs numpy is imported again with it."""
    blocked = "numpy" not in sys.modules
    if blocked:
        sys.modules["numpy"] = None  # an import of numpy raises ImportError
    try:
        import pyarrow.json  # noqa: F401
        import pyarrow.parquet as pq
    except ImportError:
        if not blocked:
            raise
        for name in [m for m in sys.modules if m == "numpy" or m.startswith("pyarrow")]:
            del sys.modules[name]
        import pyarrow.json  # noqa: F401
        import pyarrow.parquet as pq
    finally:
        if blocked and sys.modules.get("numpy", 0) is None:
            del sys.modules["numpy"]
    return pq


def main(target: str) -> int:
    """Write ``target`` from the frames on stdin; 0 when the end frame came and the file is whole."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    pq = _pyarrow_parquet()

    from ..schema import documents_arrow

    stream, writer, ended = sys.stdin.buffer, None, False
    if target == "-":  # started early: the target comes first
        head = _read_exact(stream, _FRAME.size)
        n = 0 if head is None else _FRAME.unpack(head)[0]
        name = _read_exact(stream, n - 1) if n > 1 else None
        if not name:
            return 1
        target = os.fsdecode(name)
    try:
        while True:
            head = _read_exact(stream, _FRAME.size)
            if head is None:
                break
            n = _FRAME.unpack(head)[0]
            if n == 0:
                ended = True
                break
            body = _read_exact(stream, n - 1)
            if body is None:
                break
            table = documents_arrow([body])
            if writer is None:
                writer = pq.ParquetWriter(target, table.schema)
            writer.write_table(table)
        if ended and writer is not None:
            writer.close()
            return 0
    except Exception as exc:  # reported by the run as the reason its outputs could not be written
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
    if writer is not None:
        try:
            writer.close()
        except Exception:
            pass
    try:
        os.unlink(target)
    except OSError:
        pass
    return 1


def run(target: str) -> None:
    """The helper process: :func:`main`, then exit at once with its status. The file is closed
    (or removed) by then: the interpreter's own teardown (pyarrow's modules, a tenth of a second
    of CPU) would only make the run wait longer for this process to end."""
    try:
        code = main(target)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run(sys.argv[1])
