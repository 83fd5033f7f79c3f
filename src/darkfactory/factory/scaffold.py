"""``factory init``: a new factory project from the template, its workspace a fresh repository."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from darkfactory.factory import workspace
from darkfactory.factory.project import Project, ProjectError

KEEP = ".keep"  # marks a folder the template ships empty


def init(directory: str | Path) -> Project:
    """Write the template into ``directory`` (new, or empty) and commit the workspace once."""
    root = Path(directory).resolve()
    if root.exists() and any(root.iterdir()):
        raise ProjectError(f"{root} is not empty; a factory project starts in a new directory")
    template = resources.files("darkfactory.factory") / "template"
    with resources.as_file(template) as source:
        shutil.copytree(source, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(KEEP))
    project = Project(root)
    for folder in (project.holdout / "scenarios", project.holdout / "models", project.runs):
        folder.mkdir(parents=True, exist_ok=True)
    workspace.create(project.workspace)
    return project
