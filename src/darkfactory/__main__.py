"""Run the CLI as `python -m darkfactory`."""

from darkfactory.cli import main

main()
