"""The Python SDK of Labelwell, the data-annotation server.

```python
import labelwell

client = labelwell.Client()  # LABELWELL_URL and LABELWELL_TOKEN
project = client.projects.create(org_id, name="Support tickets")
client.items.import_items(project.id, ({"external_id": str(i), "data": {"text": t}} for i, t in rows))
frame = client.export.pull(project.id).to_pandas()
```

The API's types (`Project`, `Item`, `ExportedItem`, ...) are the server's own
transport types, compiled into `labelwell._native`; `labelwell.types` names
them all.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from ._client import Client
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    GoneError,
    InvalidRequestError,
    LabelwellError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from ._native import (
    ExportedItem,
    FieldError,
    InvitationStatus,
    Item,
    ItemStatus,
    MemberStatus,
    Project,
    ReviewStatus,
    Role,
    Verdict,
    WebhookDeliveryStatus,
    WebhookEventType,
)
from ._pagination import Pager
from .resources.export import Pull
from .resources.releases import ReleasePull

try:
    __version__ = version("labelwell")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ConfigurationError",
    "ConflictError",
    "ExportedItem",
    "FieldError",
    "GoneError",
    "InvalidRequestError",
    "InvitationStatus",
    "Item",
    "ItemStatus",
    "LabelwellError",
    "MemberStatus",
    "NotFoundError",
    "Pager",
    "PermissionDeniedError",
    "Project",
    "Pull",
    "RateLimitError",
    "ReleasePull",
    "ReviewStatus",
    "Role",
    "ServerError",
    "ValidationError",
    "Verdict",
    "WebhookDeliveryStatus",
    "WebhookEventType",
    "__version__",
]
