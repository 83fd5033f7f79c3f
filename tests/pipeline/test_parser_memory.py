"""The DOT parser's memory stays within a small multiple of the file: a 4 MB prompt validates
in under 100 MiB, measured with tracemalloc in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

MIB = 2**20
MEASURE = """
import json, sys, tracemalloc
tracemalloc.start()
from pathlib import Path
from darkfactory.pipeline.transforms import prepare_pipeline
prepared = prepare_pipeline(Path(sys.argv[1]).read_text(encoding="utf-8"))
peak = tracemalloc.get_traced_memory()[1]
prompt = prepared.graph.nodes["work"].prompt
print(json.dumps({"peak": peak, "length": len(prompt), "head": prompt[:40],
                  "errors": [str(d) for d in prepared.diagnostics if d.severity == "error"]}))
"""


def measure(tmp_path: Path, chunk: str, size: int) -> dict:
    dot = tmp_path / "big.dot"
    body = chunk * (size // len(chunk))
    dot.write_text(
        "digraph Big {\n start [shape=Mdiamond]\n exit [shape=Msquare]\n"
        f' work [prompt="{body}"]\n start -> work -> exit\n}}\n',
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(dot)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def test_a_4_mb_prompt_validates_under_100_mib(tmp_path):
    result = measure(tmp_path, "plain words of a long prompt ", 4_000_000)
    assert result["errors"] == []
    assert result["length"] >= 3_999_000 and result["head"].startswith("plain words")
    assert result["peak"] < 100 * MIB, result["peak"] / MIB


def test_a_4_mb_prompt_dense_with_escapes_validates_under_100_mib(tmp_path):
    result = measure(tmp_path, 'say \\"hi\\"\\n', 4_000_000)
    assert result["errors"] == []
    assert result["head"].startswith('say "hi"\nsay "hi"\n')
    assert result["length"] == 4_000_000 // 12 * 9  # 12 written characters, 9 read
    assert result["peak"] < 100 * MIB, result["peak"] / MIB
