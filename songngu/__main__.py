"""``python -m songngu`` runs the CLI."""
from songngu.cli import main

main()
