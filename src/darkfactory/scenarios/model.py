"""What a scenario file says: its YAML header as pydantic models (and so as a JSON Schema)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

AFTER = "actors (``name``) or their named steps (``actor/step``) to wait for before starting"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UniverseSetup(Strict):
    """The universe a trial starts from: a seed, fixture sizes, and steps run before the SUT."""

    seed: int = 0
    fixtures: dict[str, dict[str, Any]] = Field(default_factory=dict)
    fixture: str | None = Field(
        None,
        description="a universe fixture file of the nearest _shared/ folder: the company's "
        "people, groups, projects and channels",
    )
    setup: list[dict[str, Any]] = Field(
        default_factory=list, description="steps (same vocabulary as scripted actors) run once"
    )


class ScriptedActor(Strict):
    """An actor that performs fixed steps, in order."""

    name: str
    kind: Literal["scripted"] = "scripted"
    after: list[str] = Field(default_factory=list, description=AFTER)
    steps: list[dict[str, Any]] = Field(min_length=1)


class LLMActor(Strict):
    """A simulated user: an LLM with a persona and a goal, acting through twin operations.

    With ``count`` it is a crowd: that many members act at once, named ``NAME-1`` to ``NAME-N``,
    each with the next of ``personas`` (in turn), and each sees its number as ``{{ n }}`` in its
    ``as_user``, ``persona`` and ``goal``."""

    name: str
    kind: Literal["llm"]
    after: list[str] = Field(default_factory=list, description=AFTER)
    persona: str = ""
    personas: list[str] = Field(
        default_factory=list, description="a crowd's personas, given to its members in turn"
    )
    count: int = Field(1, ge=1, le=500, description="how many such users act at once")
    n: int = Field(1, ge=1, description="a crowd member's number")
    goal: str
    model: str = "echo"
    provider: str | None = None
    as_user: str | None = Field(None, description="the Slack user (email) the actor posts as")
    max_turns: int = Field(6, ge=1, le=50)

    @model_validator(mode="after")
    def _has_a_persona(self) -> LLMActor:
        if not self.persona and not self.personas:
            raise ValueError(f"LLM actor {self.name!r} needs a persona (or personas)")
        return self

    def members(self) -> list[LLMActor]:
        """The actors this one stands for: itself, or each member of its crowd."""
        if self.count == 1 and not self.personas:
            return [self]
        personas = self.personas or [self.persona]
        return [
            self.model_copy(
                update={
                    "name": f"{self.name}-{n}" if self.count > 1 else self.name,
                    "persona": personas[(n - 1) % len(personas)],
                    "personas": [],
                    "count": 1,
                    "n": n,
                }
            )
            for n in range(1, self.count + 1)
        ]


def _actor_class(actor: Any) -> str:
    """Which model an actor is validated as, by its ``kind`` (the class name, as pydantic names
    the branches of a union in an error's location)."""
    kind = actor.get("kind", "scripted") if isinstance(actor, dict) else actor.kind
    return "LLMActor" if kind == "llm" else "ScriptedActor"


Actor = Annotated[
    Annotated[ScriptedActor, Tag("ScriptedActor")] | Annotated[LLMActor, Tag("LLMActor")],
    Discriminator(_actor_class),
]


class Check(Strict):
    """A Python predicate over the universe, run in the Monty sandbox; truthy means satisfied."""

    name: str
    code: str


class Judge(Strict):
    """Natural-language acceptance criteria for an LLM judge."""

    criteria: str
    model: str | None = Field(
        None, description="the judging model; without one (and without --judge) it is not run"
    )
    provider: str | None = None


class Shortcut(Strict):
    """A global or message shortcut of the SUT's Slack app, as its manifest lists it."""

    name: str
    type: Literal["global", "message"]
    callback_id: str
    description: str = ""


class SlackApp(Strict):
    """A Slack app installed for the SUT before the trial, as an admin would from its manifest."""

    name: str
    events: list[str] = Field(default_factory=list, description="bot events it subscribes to")
    commands: list[str] = Field(default_factory=list, description="slash commands, e.g. /access")
    interactivity: bool = Field(False, description="buttons and modals reach the app")
    shortcuts: list[Shortcut] = Field(
        default_factory=list, description="global and message shortcuts people can choose"
    )
    socket_mode: bool = Field(False, description="deliveries over Socket Mode, not HTTP")
    scopes: list[str] | None = Field(None, description="bot scopes (default: the usual set)")
    path: str = Field("/slack/events", description="where HTTP deliveries go on $SUT_PORT")


class SutSetup(Strict):
    """What the system under test is given: its Slack app, and any credentials granted by name."""

    slack_app: SlackApp | None = None
    grant: list[str] = Field(
        default_factory=list,
        description="admin credentials the SUT may hold, as twin.field (e.g. okta.api_token)",
    )


class Scenario(Strict):
    """One end-to-end user story, kept outside the code under test."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str
    tags: list[str] = Field(default_factory=list)
    trials: int = Field(3, ge=1, le=1000)
    timeout: float = Field(60, gt=0, le=3600, description="seconds for one trial")
    universe: UniverseSetup = Field(default_factory=UniverseSetup)
    sut: SutSetup = Field(default_factory=lambda: SutSetup())
    actors: list[Actor] = Field(default_factory=list)
    sequential: bool = Field(False, description="run actors one after another, not at once")
    checks: list[Check] = Field(default_factory=list)
    judge: Judge | None = None
    screenshots: list[str] = Field(
        default_factory=list,
        description="pages of the universe's web UI pictured once the actors are done",
    )
    include: list[str] = Field(
        default_factory=list, description="files of the nearest _shared/ folder merged in"
    )
    library: str = Field("", description="Python of the included check libraries")
    story: str = Field("", description="the Markdown body under the header")
    path: str = ""

    @model_validator(mode="after")
    def _judged_somehow(self) -> Scenario:
        if not self.checks and self.judge is None:
            raise ValueError("a scenario needs at least one check or a judge")
        self.actors = [
            member
            for actor in self.actors
            for member in (actor.members() if isinstance(actor, LLMActor) else [actor])
        ]
        names = [a.name for a in self.actors]
        if len(names) != len(set(names)):
            raise ValueError("actor names must be unique")
        return self


def header_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file's YAML header."""
    schema = Scenario.model_json_schema()
    for derived in ("story", "path", "library"):
        schema["properties"].pop(derived, None)
    schema["$defs"]["LLMActor"]["properties"].pop("n")
    schema["title"] = "darkfactory scenario header"
    return schema
