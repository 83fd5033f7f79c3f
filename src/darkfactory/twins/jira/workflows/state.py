"""Workflows and workflow schemes: which statuses an issue may move between, per project.

The default workflow is Jira Cloud's simplified one: To Do, In Progress and Done, each reachable
from anywhere by a global transition named after it (ids 11, 21, 31). A custom workflow lists its
statuses and directed transitions (``from`` statuses to one ``to`` status); a workflow scheme maps
issue types to workflows and is assigned to projects. Entering a status of the *done* category
sets a resolution (the one the transition asks for, else Done); leaving it clears the resolution.
"""

from __future__ import annotations

from darkfactory.twins.jira.errors import bad_request, not_found
from darkfactory.twins.jira.records import Records
from darkfactory.twins.jira.workflows import transition_rules

DEFAULT_WORKFLOW = "Software Simplified Workflow"


class Workflows(Records):
    def create_workflow(
        self, name: str, description: str, statuses: list[str], transitions: list[dict]
    ) -> dict:
        if not name:
            raise bad_request("The workflow name must not be empty.")
        if self.find_by("workflow", "name", name):
            raise bad_request(f"A workflow with the name '{name}' already exists.")
        known = [self.status(s)["id"] for s in statuses]
        if not known:
            raise bad_request("A workflow must have at least one status.")
        initial = next((t for t in transitions if t.get("type") == "initial"), None)
        built = []
        for number, spec in enumerate(t for t in transitions if t.get("type") != "initial"):
            target = self.status(str(spec.get("to")))["id"]
            sources = [self.status(str(s))["id"] for s in spec.get("from") or []]
            if target not in known or any(s not in known for s in sources):
                raise bad_request(
                    f"Transition '{spec.get('name')}' uses a status not in the workflow."
                )
            if spec.get("type", "directed") == "global":
                sources = []
            elif not sources:
                raise bad_request(f"Transition '{spec.get('name')}' needs 'from' statuses.")
            label = spec.get("name") or ""
            built.append(
                {
                    "id": str(11 + 10 * number),
                    "name": label,
                    "description": spec.get("description") or "",
                    "from": sources,
                    "to": target,
                    "rules": transition_rules.read_rules(label, spec.get("rules")),
                }
            )
        start = self.status(str(initial["to"]))["id"] if initial else known[0]
        entity_id = self.universe.ids.derive(f"jira.workflow.{name}", 32, "0123456789abcdef")
        entity_id = "-".join(
            (entity_id[:8], entity_id[8:12], entity_id[12:16], entity_id[16:20], entity_id[20:])
        )
        workflow = {
            "id": entity_id,
            "name": name,
            "description": description,
            "statuses": known,
            "initial": start,
            "transitions": built,
        }
        return self.put("workflow", entity_id, workflow)

    def workflow_named(self, name: str) -> dict:
        found = self.find_by("workflow", "name", name)
        if found is None:
            raise not_found(f"The workflow '{name}' does not exist.")
        return found

    def create_workflow_scheme(
        self, name: str, default: str, mappings: dict[str, str], description: str = ""
    ) -> dict:
        if not name:
            raise bad_request("The workflow scheme name must not be empty.")
        self.workflow_named(default or DEFAULT_WORKFLOW)
        for workflow in mappings.values():
            self.workflow_named(workflow)
        scheme_id = self.next_id("wfscheme")
        scheme = {
            "id": int(scheme_id),
            "name": name,
            "description": description,
            "defaultWorkflow": default or DEFAULT_WORKFLOW,
            "issueTypeMappings": dict(mappings),
        }
        return self.put("wfscheme", scheme_id, scheme)

    def workflow_scheme(self, scheme_id: str) -> dict:
        found = self.get("wfscheme", scheme_id)
        if found is None:
            raise not_found(f"The workflow scheme with id '{scheme_id}' does not exist.")
        return found

    def workflow_of(self, project: dict, issuetype_id: str) -> dict:
        scheme = self.workflow_scheme(project["workflowScheme"])
        name = scheme["issueTypeMappings"].get(issuetype_id) or scheme["defaultWorkflow"]
        return self.workflow_named(name)

    def project_statuses(self, project: dict) -> list[str]:
        seen: list[str] = []
        for type_id in project["issueTypes"]:
            for status in self.workflow_of(project, type_id)["statuses"]:
                if status not in seen:
                    seen.append(status)
        return seen

    def transitions_of(self, project: dict, issue: dict, actor: str | None = None) -> list[dict]:
        """The transitions ``issue`` may take now, in workflow order (those whose conditions
        let ``actor`` take them, when given)."""
        workflow = self.workflow_of(project, issue["fields"]["issuetype"])
        here = issue["fields"]["status"]
        return [
            t
            for t in workflow["transitions"]
            if (not t["from"] or here in t["from"])
            and transition_rules.allows(self, actor, project, issue, t)
        ]
