"""The greeter, except that its first start kills the Ray worker running its trial.

Started as ``dying_sut.py MARKER``: when MARKER does not exist yet, it creates it and kills the
nearest ancestor that is a Ray worker (``ray::...``), as a crashed machine would; later starts run
the greeter itself.
"""

import os
import runpy
import signal
import sys
from pathlib import Path


def ray_worker_above(pid: int) -> int | None:
    while pid > 1:
        if (Path(f"/proc/{pid}/cmdline").read_bytes()).startswith(b"ray::"):
            return pid
        pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    return None


marker = Path(sys.argv[1])
if not marker.exists():
    marker.write_text("the first start killed its Ray worker\n")
    worker = ray_worker_above(os.getppid())
    if worker is not None:
        os.kill(worker, signal.SIGKILL)
    sys.exit(1)
sys.argv = [str(Path(__file__).with_name("sut.py"))]
runpy.run_path(sys.argv[0], run_name="__main__")
