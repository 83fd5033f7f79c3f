"""The `darkfactory` command: a thin click layer over the packages."""

import click

from darkfactory.agent.cli import agent
from darkfactory.context.cli import context
from darkfactory.factory.cli import factory
from darkfactory.pipeline.cli import pipeline
from darkfactory.scenarios.cli import scenarios
from darkfactory.twins.cli import universe


@click.group()
@click.version_option(package_name="darkfactory")
def main() -> None:
    """darkfactory: specs and holdout scenarios drive agents against a Digital Twin Universe."""


main.add_command(universe)
main.add_command(scenarios)
main.add_command(context)
main.add_command(pipeline)
main.add_command(agent)
main.add_command(factory)
