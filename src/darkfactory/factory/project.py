"""A factory project on disk: its layout and ``factory.toml``, read into one settings object.

DIR/
  factory.toml   models per stage, the SUT command, the twins used, budgets, the target
  factory.dot    the loop (an Attractor pipeline)
  spec/          what to build, in prose: the run's goal is these files, joined
  holdout/       scenarios/ and their scripted models/, outside the agents' reach
  models/        scripted models the stages use offline, on the provider twins
  workspace/     where the agents write: a git repository, a commit per stage that changed it;
                 its first commit is a copy of ``workspace.start`` when factory.toml names one
  runs/          one directory per run, and contexts.sqlite, the context store
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LLM_SOURCES = ("twins", "env")
EXECUTORS = ("local", "ray")  # where a holdout stage runs its trials (``scenarios run --executor``)


class ProjectError(ValueError):
    """The directory is not a factory project, or its factory.toml is wrong."""


@dataclass(frozen=True)
class Stage:
    provider: str = ""
    model: str = ""
    priced_as: str = ""  # the real model a scripted one imitates; its price is the stage's


@dataclass(frozen=True)
class Settings:
    target_satisfaction: float = 1.0
    llm_source: str = "twins"
    stages: dict[str, Stage] = field(default_factory=dict)
    sut_command: str = "python app.py"
    sut_env: dict[str, str] = field(default_factory=dict)
    twins: tuple[str, ...] = ()
    budget_usd: float | None = None
    budget_tokens: int | None = None
    seed: int = 0
    executor: str = "local"
    ray_address: str = ""
    workspace_start: Path | None = None  # the tree the workspace's first commit copies


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def config_path(self) -> Path:
        return self.root / "factory.toml"

    @property
    def dot_path(self) -> Path:
        return self.root / "factory.dot"

    @property
    def spec(self) -> Path:
        return self.root / "spec"

    @property
    def holdout(self) -> Path:
        return self.root / "holdout"

    @property
    def models(self) -> Path:
        return self.root / "models"

    @property
    def workspace(self) -> Path:
        return self.root / "workspace"

    @property
    def runs(self) -> Path:
        return self.root / "runs"

    @property
    def store_path(self) -> Path:
        return self.runs / "contexts.sqlite"

    @classmethod
    def open(cls, root: str | Path) -> Project:
        project = cls(Path(root).resolve())
        for needed in (project.config_path, project.dot_path):
            if not needed.exists():
                raise ProjectError(f"{project.root} is not a factory project: no {needed.name}")
        return project

    def spec_text(self) -> str:
        """Every ``spec/*.md``, in name order, joined: what the run builds."""
        parts = [p.read_text(encoding="utf-8").strip() for p in sorted(self.spec.glob("*.md"))]
        return "\n\n".join(p for p in parts if p)

    def settings(self) -> Settings:
        try:
            raw = tomllib.loads(self.config_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise ProjectError(f"{self.config_path}: {error}") from None
        return parse_settings(raw, self.root)


def parse_settings(raw: dict[str, Any], root: Path) -> Settings:
    factory, llm, sut = raw.get("factory", {}), raw.get("llm", {}), raw.get("sut", {})
    budget, twins, holdout = raw.get("budget", {}), raw.get("twins", {}), raw.get("holdout", {})
    start = raw.get("workspace", {}).get("start")
    if start is not None and not (root / start).is_dir():
        raise ProjectError(f"workspace.start names {start!r}, which is not a directory of {root}")
    source = llm.get("source", "twins")
    if source not in LLM_SOURCES:
        raise ProjectError(f"llm.source must be one of {', '.join(LLM_SOURCES)}, not {source!r}")
    target = float(factory.get("target_satisfaction", 1.0))
    if not 0 <= target <= 1:
        raise ProjectError(f"factory.target_satisfaction must be within 0 and 1, not {target}")
    executor = holdout.get("executor", "local")
    if executor not in EXECUTORS:
        raise ProjectError(
            f"holdout.executor must be one of {', '.join(EXECUTORS)}, not {executor!r}"
        )
    stages = {}
    for name, entry in raw.get("stages", {}).items():
        unknown = set(entry) - {"provider", "model", "priced_as"}
        if unknown:
            raise ProjectError(f"stages.{name}: unknown keys {', '.join(sorted(unknown))}")
        stages[name] = Stage(**entry)
    env = {k: str(v).replace("{project}", str(root)) for k, v in sut.get("env", {}).items()}
    return Settings(
        target_satisfaction=target,
        llm_source=source,
        stages=stages,
        sut_command=sut.get("command", "python app.py"),
        sut_env=env,
        twins=tuple(twins.get("used", ())),
        budget_usd=_positive(budget.get("usd"), float),
        budget_tokens=_positive(budget.get("tokens"), int),
        seed=int(factory.get("seed", 0)),
        executor=executor,
        ray_address=str(holdout.get("ray_address", "")),
        workspace_start=(root / start).resolve() if start is not None else None,
    )


def _positive(value: Any, kind: type) -> Any:
    """A budget: None (none) when unset or zero."""
    return kind(value) if value else None
