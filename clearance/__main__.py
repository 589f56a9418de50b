"""`python -m clearance`: the same as the `clearance` command."""

from clearance.cli import main

main()
