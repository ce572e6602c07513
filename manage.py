#!/usr/bin/env python
"""Django's command-line utility for Shequ."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings")
    from django.core.management import execute_from_command_line

    from shequ.core.startup import SERVICE_COMMANDS, setup

    # In production a bad setting, or for a service a database or Redis that does not answer, stops here with one
    # line naming it (issue #18).
    setup(services=len(sys.argv) > 1 and sys.argv[1] in SERVICE_COMMANDS)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
