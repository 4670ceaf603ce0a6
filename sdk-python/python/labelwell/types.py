"""Every type of the API, as the server defines it (`labelwell-transport`).

Each is a read-only class with one attribute per field (under its JSON name,
except that a field named `type` on the wire is `kind`), built from keyword
arguments by the server's own rules, with `to_dict()`, `to_json()`,
`from_dict()` and `from_json()` in the wire shape. Enums compare equal to
their JSON names (`ItemStatus.ACCEPTED == "accepted"`).
"""

from ._native import *  # noqa: F403 (the one list of types is the extension's)
