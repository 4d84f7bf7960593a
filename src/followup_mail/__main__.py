"""``python -m followup_mail``: the same as the ``followup-mail`` command."""

from .cli import main

raise SystemExit(main())
