"""One worker process of :mod:`dabir.web.workers`: ``python -m dabir.web.worker [MEMORY_MB]``.

Sends ``("warm",)`` once its models are loaded, then reads ``(function, args)`` frames on stdin and answers
each on stdout with ``("ok", value)``, ``("user_error", class, problem, path)``, ``("error", exception)`` or
``("memory",)`` (then exits).  Anything a library prints goes to stderr.
"""

from __future__ import annotations

import os
import sys

from dabir.web.workers import read_frame, write_frame

WARM_TEXT = "سخنگوی دولت گفت: نشست هفتگی هیئت وزیران فردا برگزار می‌شود.\n"


def main() -> None:
    frames_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints must not corrupt the frames
    frames_in = sys.stdin.buffer
    if len(sys.argv) > 1:
        import resource

        limit = int(sys.argv[1]) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from dabir.errors import UserError
    from dabir.extract import extract_text

    try:
        import dabir.api  # noqa: F401 - the jobs are its functions: unpickling them imports it

        extract_text(WARM_TEXT)  # models and lexicons load now, not inside the first job's deadline
    except Exception as error:  # noqa: BLE001 - reported on stderr; real jobs will fail and say why
        print(f"dabir worker: warm-up failed: {error}", file=sys.stderr)
    write_frame(frames_out, ("warm",))
    while True:
        try:
            function, args = read_frame(frames_in)
        except EOFError:
            return
        try:
            answer: tuple = ("ok", function(*args))
        except UserError as error:  # by parts: UserError's pickling would drop the path
            answer = ("user_error", type(error), error.problem, error.path)
        except MemoryError:
            write_frame(frames_out, ("memory",))
            return  # a fresh worker replaces this one, whose heap may be left in a bad state
        except Exception as error:  # noqa: BLE001 - handed to the server, which answers 4xx or 500
            answer = ("error", error)
        try:
            write_frame(frames_out, answer)
        except MemoryError:
            write_frame(frames_out, ("memory",))
            return
        except Exception as error:  # noqa: BLE001 - a value or exception that does not pickle
            write_frame(frames_out, ("error", RuntimeError(f"{type(error).__name__}: {error}")))


if __name__ == "__main__":
    main()
