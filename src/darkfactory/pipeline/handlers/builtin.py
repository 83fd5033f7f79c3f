"""The registry of built-in handler types, wired to one engine's backend and interviewer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from darkfactory.pipeline.handlers import HandlerRegistry
from darkfactory.pipeline.handlers.basic import ConditionalHandler, ExitHandler, StartHandler
from darkfactory.pipeline.handlers.codergen import CodergenHandler
from darkfactory.pipeline.handlers.human import WaitForHumanHandler
from darkfactory.pipeline.handlers.manager import ManagerLoopHandler
from darkfactory.pipeline.handlers.parallel import FanInHandler, ParallelHandler
from darkfactory.pipeline.handlers.tool import ToolHandler

if TYPE_CHECKING:
    from darkfactory.pipeline.engine import Engine


def default_registry(engine: Engine) -> HandlerRegistry:
    codergen = CodergenHandler(engine.backend)
    registry = HandlerRegistry(default_handler=codergen)
    registry.register("start", StartHandler())
    registry.register("exit", ExitHandler())
    registry.register("codergen", codergen)
    registry.register("wait.human", WaitForHumanHandler(engine.interviewer, engine.events))
    registry.register("conditional", ConditionalHandler())
    registry.register("parallel", ParallelHandler(engine))
    registry.register("parallel.fan_in", FanInHandler(engine))
    registry.register("tool", ToolHandler())
    registry.register("stack.manager_loop", ManagerLoopHandler(engine))
    return registry
