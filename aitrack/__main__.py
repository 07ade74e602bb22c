"""`python -m aitrack` runs the same entry point as the console script."""

from aitrack.cli.app import main

main()
