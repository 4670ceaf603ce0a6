"""
The native half of the Labelwell SDK: the API's types and the HTTP client.
"""

from datetime import datetime
from typing import Any, Final, SupportsFloat, SupportsIndex, final
from uuid import UUID

__all__ = ["AcceptInvitationRequest", "AcceptedInvitation", "AddMemberRequest", "Annotation", "AnnotationHistory", "AnnotationHistoryEntry", "AnnotationList", "AnnotationResponse", "AnnotationUi", "AnnotationUiList", "AnnotationUiResponse", "AnnotationUiSchema", "AnnotatorProgress", "AnswerAgreement", "ApiToken", "AssignProjectMemberRequest", "AuditEntry", "AuditLog", "Columns", "Connection", "CreateAnnotationRequest", "CreateInvitationRequest", "CreateOrganizationRequest", "CreateProjectRequest", "CreateReleaseRequest", "CreateReviewRequest", "CreateTokenRequest", "CreateWebhookRequest", "CreatedInvitation", "CreatedToken", "CreatedWebhook", "ExportDocument", "ExportFormat", "ExportedAnnotation", "ExportedItem", "ExportedPrediction", "FieldError", "FieldKind", "FieldSpec", "Guideline", "GuidelineList", "GuidelineResponse", "ImportItemsRequest", "ImportItemsResponse", "ImportPredictionsRequest", "ImportPredictionsResponse", "Invitation", "InvitationList", "InvitationStatus", "Item", "ItemInput", "ItemList", "ItemPriority", "ItemResponse", "ItemStatus", "LeaseItemsRequest", "LoginRequest", "MeResponse", "Member", "MemberList", "MemberResponse", "MemberStatus", "MembershipAdder", "ModelAgreement", "ModelAgreementList", "Organization", "OrganizationList", "OrganizationResponse", "Pagination", "PendingMembership", "PendingMembershipList", "Prediction", "PredictionInput", "PredictionList", "Problem", "Project", "ProjectList", "ProjectMember", "ProjectMemberList", "ProjectMemberResponse", "ProjectResponse", "ProjectStats", "ProjectStatsResponse", "PublishAnnotationUiRequest", "PublishGuidelineRequest", "Question", "QuestionAgreement", "QuestionType", "QueueLease", "QueueLeaseList", "QueueProgress", "QueueProgressResponse", "Release", "ReleaseDiff", "ReleaseList", "ReleaseResponse", "Response", "Review", "ReviewLease", "ReviewList", "ReviewProgress", "ReviewProgressResponse", "ReviewResponse", "ReviewStatus", "Role", "RotateWebhookSecretRequest", "RotatedWebhookSecret", "SessionResponse", "SetItemPrioritiesRequest", "SetItemPrioritiesResponse", "SignupRequest", "StatusCounts", "Stream", "TokenList", "UpdateAnnotationRequest", "UpdateItemRequest", "UpdateMemberRequest", "UpdateOrganizationRequest", "UpdateProjectRequest", "UpdateWebhookRequest", "User", "Verdict", "Webhook", "WebhookAttempt", "WebhookDelivery", "WebhookDeliveryList", "WebhookDeliveryResponse", "WebhookDeliveryStatus", "WebhookEventType", "WebhookList", "WebhookResponse", "encode_lines"]

@final
class AcceptInvitationRequest:
    """
    `POST /invitations/accept`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AcceptInvitationRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> AcceptInvitationRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AcceptInvitationRequest:
        """
        Parses the object from its JSON text.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def token(self, /) -> str:
        """
        The token given to the invitee.
        """

@final
class AcceptedInvitation:
    """
    The answer to accepting an invitation: the organization joined, with the caller's new role.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AcceptedInvitation:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> AcceptedInvitation:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AcceptedInvitation:
        """
        Parses the object from its JSON text.
        """
    @property
    def organization(self, /) -> Organization:
        """
        The organization the caller joined.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class AddMemberRequest:
    """
    `POST /organizations/{org_id}/members`: add an existing account, whose
    membership is pending until it accepts.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AddMemberRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def email(self, /) -> str:
        """
        The email of an existing account.
        """
    @staticmethod
    def from_dict(data: Any) -> AddMemberRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AddMemberRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def role(self, /) -> Role:
        """
        The role to give; the caller must be allowed to grant it.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class Annotation:
    """
    An annotation of an item by one annotator.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> Annotation:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotation_ui_version(self, /) -> int:
        """
        The annotation UI version the value was checked against.
        """
    @property
    def annotator_id(self, /) -> UUID | None:
        """
        Who annotated; `null` when that account is gone.
        """
    @property
    def created_at(self, /) -> datetime:
        """
        When it was created.
        """
    @staticmethod
    def from_dict(data: Any) -> Annotation:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> Annotation:
        """
        Parses the object from its JSON text.
        """
    @property
    def guideline_version(self, /) -> int | None:
        """
        The guideline version the annotator saw.
        """
    @property
    def id(self, /) -> UUID:
        """
        The annotation's id.
        """
    @property
    def item_id(self, /) -> UUID:
        """
        The item annotated.
        """
    @property
    def prediction_id(self, /) -> UUID | None:
        """
        The model prediction the annotator started from; `null` when none.
        """
    @property
    def project_id(self, /) -> UUID:
        """
        The item's project.
        """
    @property
    def review_status(self, /) -> ReviewStatus:
        """
        Its latest review verdict.
        """
    @property
    def time_spent_ms(self, /) -> int | None:
        """
        How long the annotator worked on it, in milliseconds, as the client measured.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def updated_at(self, /) -> datetime:
        """
        When it was last changed.
        """
    @property
    def value(self, /) -> Any:
        """
        The answers, by question name, as the annotation UI version defines them.
        """

@final
class AnnotationHistory:
    """
    `GET /projects/{project_id}/my-annotations`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AnnotationHistory:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def entries(self, /) -> list[AnnotationHistoryEntry]:
        """
        The caller's annotations in the project, newest first.
        """
    @staticmethod
    def from_dict(data: Any) -> AnnotationHistory:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AnnotationHistory:
        """
        Parses the object from its JSON text.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class AnnotationHistoryEntry:
    """
    One of the caller's annotations, with its item and latest review.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AnnotationHistoryEntry:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotation(self, /) -> Annotation:
        """
        The annotation.
        """
    @staticmethod
    def from_dict(data: Any) -> AnnotationHistoryEntry:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AnnotationHistoryEntry:
        """
        Parses the object from its JSON text.
        """
    @property
    def item(self, /) -> Item:
        """
        The item it annotates.
        """
    @property
    def latest_review(self, /) -> Review | None:
        """
        Its latest review, whose comment tells what to fix; `null` before any.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class AnnotationList:
    """
    `GET /items/{item_id}/annotations`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AnnotationList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotations(self, /) -> list[Annotation]:
        """
        The annotations the caller may see (annotators: only their own), oldest first.
        """
    @staticmethod
    def from_dict(data: Any) -> AnnotationList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AnnotationList:
        """
        Parses the object from its JSON text.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class AnnotationResponse:
    """
    One annotation.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AnnotationResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotation(self, /) -> Annotation:
        """
        The annotation.
        """
    @staticmethod
    def from_dict(data: Any) -> AnnotationResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AnnotationResponse:
        """
        Parses the object from its JSON text.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class AnnotationUi:
    """
    One published version of a project's annotation UI.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AnnotationUi:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def created_at(self, /) -> datetime:
        """
        When it was published.
        """
    @property
    def created_by(self, /) -> UUID | None:
        """
        Who published it; `null` when that account is gone.
        """
    @staticmethod
    def from_dict(data: Any) -> AnnotationUi:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AnnotationUi:
        """
        Parses the object from its JSON text.
        """
    @property
    def schema(self, /) -> AnnotationUiSchema:
        """
        The schema of this version.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def version(self, /) -> int:
        """
        The version: 1, 2, 3, ... per project.
        """

@final
class AnnotationUiList:
    """
    `GET /projects/{project_id}/annotation-ui/versions`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AnnotationUiList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotation_uis(self, /) -> list[AnnotationUi]:
        """
        The versions, oldest first.
        """
    @staticmethod
    def from_dict(data: Any) -> AnnotationUiList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AnnotationUiList:
        """
        Parses the object from its JSON text.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class AnnotationUiResponse:
    """
    One annotation UI version.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AnnotationUiResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotation_ui(self, /) -> AnnotationUi:
        """
        The version.
        """
    @staticmethod
    def from_dict(data: Any) -> AnnotationUiResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AnnotationUiResponse:
        """
        Parses the object from its JSON text.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class AnnotationUiSchema:
    """
    What annotators see of an item and what they are asked.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AnnotationUiSchema:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def fields(self, /) -> list[FieldSpec]:
        """
        The fields of an item's `data` to show, in order, 1 to 100 with
        distinct names; every item must have them.
        """
    @staticmethod
    def from_dict(data: Any) -> AnnotationUiSchema:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AnnotationUiSchema:
        """
        Parses the object from its JSON text.
        """
    @property
    def questions(self, /) -> list[Question]:
        """
        The questions to ask, in order, 1 to 100 with distinct names.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class AnnotatorProgress:
    """
    What one annotator has done in the project.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AnnotatorProgress:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def accepted(self, /) -> int:
        """
        Of those, accepted by a review.
        """
    @property
    def annotations(self, /) -> int:
        """
        Annotations made.
        """
    @staticmethod
    def from_dict(data: Any) -> AnnotatorProgress:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AnnotatorProgress:
        """
        Parses the object from its JSON text.
        """
    @property
    def name(self, /) -> str:
        """
        Their display name.
        """
    @property
    def rejected(self, /) -> int:
        """
        Of those, rejected by their latest review.
        """
    @property
    def skipped(self, /) -> int:
        """
        Items they skipped in the work queue.
        """
    @property
    def time_spent_ms(self, /) -> int:
        """
        Total time spent, in milliseconds, as reported by the client.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def user_id(self, /) -> UUID:
        """
        The annotator.
        """

@final
class AnswerAgreement:
    """
    How far the item's annotations agree with the one under review on one question.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AnswerAgreement:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def agreeing(self, /) -> int:
        """
        How many of the item's annotations, the one under review included, give
        the same answer as it (labels and spans compared as sets); 0 when it
        leaves the question unanswered.
        """
    @property
    def annotations(self, /) -> int:
        """
        How many of the item's annotations answer the question.
        """
    @staticmethod
    def from_dict(data: Any) -> AnswerAgreement:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AnswerAgreement:
        """
        Parses the object from its JSON text.
        """
    @property
    def question(self, /) -> str:
        """
        The question's name, in the annotation UI version of the annotation under review.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ApiToken:
    """
    An API token; its secret is never shown again after creation.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ApiToken:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def created_at(self, /) -> datetime:
        """
        When the token was created.
        """
    @property
    def expires_at(self, /) -> datetime | None:
        """
        When the token stops working; `null` for never.
        """
    @staticmethod
    def from_dict(data: Any) -> ApiToken:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ApiToken:
        """
        Parses the object from its JSON text.
        """
    @property
    def id(self, /) -> UUID:
        """
        The token's id.
        """
    @property
    def last_used_at(self, /) -> datetime | None:
        """
        When the token was last used (updated at most once a minute).
        """
    @property
    def name(self, /) -> str:
        """
        What the token is for, chosen by its owner.
        """
    @property
    def organization_id(self, /) -> UUID | None:
        """
        When set, the token works only in this organization.
        """
    @property
    def prefix(self, /) -> str:
        """
        The first characters of the secret, to recognize it.
        """
    @property
    def read_only(self, /) -> bool:
        """
        A read-only token may only read (GET), whatever its user's role.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class AssignProjectMemberRequest:
    """
    `POST /projects/{project_id}/members`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AssignProjectMemberRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> AssignProjectMemberRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AssignProjectMemberRequest:
        """
        Parses the object from its JSON text.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def user_id(self, /) -> UUID:
        """
        A member of the project's organization.
        """

@final
class AuditEntry:
    """
    One recorded action.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AuditEntry:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def action(self, /) -> str:
        """
        What was done, as `resource.verb`.
        """
    @property
    def actor_id(self, /) -> UUID | None:
        """
        Who acted; `null` when that account is gone.
        """
    @property
    def actor_name(self, /) -> str | None:
        """
        The actor's display name at the time of reading; `null` when the account is gone.
        """
    @property
    def created_at(self, /) -> datetime:
        """
        When it was done.
        """
    @property
    def details(self, /) -> Any:
        """
        What changed, e.g. `{"from": "annotator", "to": "reviewer"}`.
        """
    @staticmethod
    def from_dict(data: Any) -> AuditEntry:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AuditEntry:
        """
        Parses the object from its JSON text.
        """
    @property
    def id(self, /) -> UUID:
        """
        The entry's id.
        """
    @property
    def target_id(self, /) -> UUID | None:
        """
        The id of the thing acted on.
        """
    @property
    def target_type(self, /) -> str:
        """
        The kind of thing acted on.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class AuditLog:
    """
    `GET /organizations/{org_id}/audit-log`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> AuditLog:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def entries(self, /) -> list[AuditEntry]:
        """
        The entries, newest first.
        """
    @staticmethod
    def from_dict(data: Any) -> AuditLog:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> AuditLog:
        """
        Parses the object from its JSON text.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class Columns:
    """
    Table columns, filled with exported items by `Stream.next_rows`, or with
    rows by `extend`.

    `per` is `"item"` (a row per item) or `"annotation"` (a row per
    annotation; items without one make no row; the item's `predictions`
    follow the annotation's fields). With `flatten`, the keys of nested
    objects become dotted columns (`data.text`, `value.sentiment`), and an
    item's `predictions` a column per model version and question
    (`prediction.<model>@<model_version>.<question>`) and per score
    (`prediction_score.<model>@<model_version>.<question>`). Columns come in
    the order first seen; a row without a column holds `None` there.
    """
    def __new__(cls, /, *, per: str = "item", flatten: bool = True) -> Columns: ...
    def __repr__(self, /) -> str: ...
    def extend(self, /, rows: Any) -> None:
        """
        Adds a row per value of `rows` (per annotation: a row per annotation of
        each), each a dict or a transport object (an `Item`, an `ExportedItem`)
        in its wire shape.
        """
    @property
    def rows(self, /) -> int:
        """
        The rows held.
        """
    def take(self, /) -> "dict[str, list[Any]]":
        """
        The columns as a dict of lists of equal length, in the order first
        seen; the builder is empty afterwards (no rows, no columns).
        """

@final
class Connection:
    """
    A connection pool to one Labelwell server.

    Thread-safe: share one between threads; each call releases the interpreter
    while it waits on the network.
    """
    def __new__(cls, /, base_url: str, timeout: SupportsFloat | SupportsIndex = 60.0, user_agent: str | None = None) -> Connection:
        """
        A connection pool to the server at `base_url` (e.g. `http://127.0.0.1:8080`).

        `timeout` bounds, in seconds, connecting, sending, waiting for the answer
        to start, and each wait for more of it (not the length of a whole stream).
        """
    def __repr__(self, /) -> str: ...
    @property
    def base_url(self, /) -> str:
        """
        The server's base URL, without a trailing slash.
        """
    def request(self, /, method: str, path: str, *, headers: dict[str, str] | None = None, body: bytes | None = None, decode: type | None = None) -> Response:
        """
        Sends one request and reads the whole answer.

        `path` is appended to the base URL (with its query string). On a 2xx
        answer with a body, `decode` is the transport type to parse it into
        (`Response.data`, e.g. `ProjectResponse`); on any other answer, a
        problem+json body is parsed into `Response.problem`. Raises
        `ConnectionError` or `TimeoutError` when no answer arrives; never
        raises for an HTTP status.
        """
    def stream(self, /, method: str, path: str, *, headers: dict[str, str] | None = None, body: bytes | None = None) -> Stream:
        """
        Sends one request and returns as soon as the answer's headers arrive;
        its body is read from the returned `Stream`, piece by piece.
        """

@final
class CreateAnnotationRequest:
    """
    `POST /items/{item_id}/annotations`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> CreateAnnotationRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> CreateAnnotationRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> CreateAnnotationRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def guideline_version(self, /) -> int | None:
        """
        The guideline version the annotator saw; the latest when absent.
        """
    @property
    def prediction_id(self, /) -> UUID | None:
        """
        The prediction of the item the form started from (the annotator's
        pre-filled answer), to record it; absent when the annotator started
        from an empty form.
        """
    @property
    def time_spent_ms(self, /) -> int | None:
        """
        How long the annotator worked on it, in milliseconds: at most a day
        (86,400,000).
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def value(self, /) -> Any:
        """
        The answers, by question name.
        """

@final
class CreateInvitationRequest:
    """
    `POST /organizations/{org_id}/invitations`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> CreateInvitationRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def email(self, /) -> str:
        """
        Who is invited; only an account with this email can accept.
        """
    @property
    def expires_in_days(self, /) -> int | None:
        """
        Days until the invitation expires, 1 to 30; 7 when absent.
        """
    @staticmethod
    def from_dict(data: Any) -> CreateInvitationRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> CreateInvitationRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def role(self, /) -> Role:
        """
        The role to give; the caller must be allowed to grant it.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class CreateOrganizationRequest:
    """
    `POST /organizations`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> CreateOrganizationRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> CreateOrganizationRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> CreateOrganizationRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def name(self, /) -> str:
        """
        1 to 200 characters, no control characters.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class CreateProjectRequest:
    """
    `POST /organizations/{org_id}/projects`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> CreateProjectRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def description(self, /) -> str:
        """
        Up to 10,000 characters; empty when absent.
        """
    @staticmethod
    def from_dict(data: Any) -> CreateProjectRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> CreateProjectRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def lease_seconds(self, /) -> int | None:
        """
        Lease time of the work queue in seconds, 10 to 86,400; 600 when absent.
        """
    @property
    def name(self, /) -> str:
        """
        1 to 200 characters, no control characters.
        """
    @property
    def overlap(self, /) -> int | None:
        """
        Annotations needed per item, 1 to 20; 1 when absent.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class CreateReleaseRequest:
    """
    `POST /projects/{project_id}/releases`: freeze the project's labelled items as a release.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> CreateReleaseRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> CreateReleaseRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> CreateReleaseRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def name(self, /) -> str:
        """
        The release's name, unique in the project and never reused: letters,
        digits, `.`, `_` and `-`, starting with a letter or a digit (`v3`, `2026-12-gold`).
        """
    @property
    def review_statuses(self, /) -> list[ReviewStatus] | None:
        """
        The annotations it holds, by review status: `["accepted"]` when absent.
        An item is in the release when at least one of its annotations is.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class CreateReviewRequest:
    """
    `POST /annotations/{annotation_id}/reviews`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> CreateReviewRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def comment(self, /) -> str:
        """
        Why, up to 10,000 characters; empty when absent. A rejection needs
        one that is not blank.
        """
    @staticmethod
    def from_dict(data: Any) -> CreateReviewRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> CreateReviewRequest:
        """
        Parses the object from its JSON text.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def verdict(self, /) -> Verdict:
        """
        Accept or reject.
        """

@final
class CreateTokenRequest:
    """
    `POST /me/tokens`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> CreateTokenRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def expires_in_days(self, /) -> int | None:
        """
        Days until the token expires, 1 to 3650; never when absent. A token
        created with another token expires no later than that one (with it,
        when absent).
        """
    @staticmethod
    def from_dict(data: Any) -> CreateTokenRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> CreateTokenRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def name(self, /) -> str:
        """
        What the token is for, 1 to 200 characters, no control characters.
        """
    @property
    def organization_id(self, /) -> UUID | None:
        """
        Bind the token to one organization the caller belongs to.
        """
    @property
    def read_only(self, /) -> bool:
        """
        Limit the token to reading.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class CreateWebhookRequest:
    """
    `POST /organizations/{org_id}/webhooks`: subscribe a URL to events.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> CreateWebhookRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def description(self, /) -> str | None:
        """
        What it is for, up to 500 characters.
        """
    @property
    def events(self, /) -> list[WebhookEventType]:
        """
        The events sent to it, at least one.
        """
    @staticmethod
    def from_dict(data: Any) -> CreateWebhookRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> CreateWebhookRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def project_id(self, /) -> UUID | None:
        """
        Only the events of this project; every project of the organization when absent.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def url(self, /) -> str:
        """
        Where events are POSTed: an `http` or `https` URL without credentials,
        on a public address unless the server's operator allows private ones.
        """

@final
class CreatedInvitation:
    """
    The answer to creating an invitation: the invitation and, this once only, its token.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> CreatedInvitation:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> CreatedInvitation:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> CreatedInvitation:
        """
        Parses the object from its JSON text.
        """
    @property
    def invitation(self, /) -> Invitation:
        """
        The new invitation.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def token(self, /) -> str:
        """
        Pass this to the invitee; they accept it with `POST /invitations/accept` or at signup.
        """

@final
class CreatedToken:
    """
    The answer to `POST /me/tokens`: the token and, this once only, its secret.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> CreatedToken:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> CreatedToken:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> CreatedToken:
        """
        Parses the object from its JSON text.
        """
    @property
    def secret(self, /) -> str:
        """
        Send as `Authorization: Bearer <secret>`. Store it now: it is never shown again.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def token(self, /) -> ApiToken:
        """
        The new token.
        """

@final
class CreatedWebhook:
    """
    The answer to `POST /organizations/{org_id}/webhooks`: the webhook and,
    this once only, its signing secret.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> CreatedWebhook:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> CreatedWebhook:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> CreatedWebhook:
        """
        Parses the object from its JSON text.
        """
    @property
    def secret(self, /) -> str:
        """
        The signing secret, as Standard Webhooks libraries take it
        (`whsec_` and base64). Store it now: it is never shown again.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def webhook(self, /) -> Webhook:
        """
        The new webhook.
        """

@final
class ExportDocument:
    """
    The answer of `GET /projects/{project_id}/export?format=json`: one JSON document.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ExportDocument:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ExportDocument:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ExportDocument:
        """
        Parses the object from its JSON text.
        """
    @property
    def items(self, /) -> list[ExportedItem]:
        """
        The items, in id order.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ExportFormat:
    """
    The file format of an export.
    """
    CSV: Final[ExportFormat]
    """
    A header row, then one row per item; `data`, `metadata` and `annotations` hold JSON.
    """
    JSON: Final[ExportFormat]
    """
    One JSON document `{"items": [...]}`.
    """
    JSONL: Final[ExportFormat]
    """
    One `ExportedItem` JSON object per line.
    """
    def __eq__(self, other: object, /) -> bool:
        """
        Members equal themselves and their JSON names.
        """
    def __hash__(self, /) -> int:
        """
        The hash of the JSON name, so a member and its name are one dict key.
        """
    def __int__(self, /) -> int: ...
    def __ne__(self, other: object, /) -> bool:
        """
        Members differ from other members and other names.
        """
    def __new__(cls, /, value: str) -> ExportFormat:
        """
        The member of this name (its JSON name, e.g. `"in_progress"`).
        """
    def __reduce__(self, /) -> tuple[type, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    def __str__(self, /) -> str: ...
    @property
    def value(self, /) -> str:
        """
        The member's JSON name.
        """

@final
class ExportedAnnotation:
    """
    An annotation as exported, with its reviews.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ExportedAnnotation:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotation_ui_version(self, /) -> int:
        """
        The annotation UI version the value was checked against.
        """
    @property
    def annotator_id(self, /) -> UUID | None:
        """
        Who annotated.
        """
    @property
    def created_at(self, /) -> datetime:
        """
        When it was created.
        """
    @staticmethod
    def from_dict(data: Any) -> ExportedAnnotation:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ExportedAnnotation:
        """
        Parses the object from its JSON text.
        """
    @property
    def guideline_version(self, /) -> int | None:
        """
        The guideline version the annotator saw.
        """
    @property
    def id(self, /) -> UUID:
        """
        The annotation's id.
        """
    @property
    def prediction_id(self, /) -> UUID | None:
        """
        The model prediction the annotator started from; absent when none.
        """
    @property
    def review_status(self, /) -> ReviewStatus:
        """
        Its latest review verdict.
        """
    @property
    def reviews(self, /) -> list[Review]:
        """
        Its reviews, oldest first.
        """
    @property
    def time_spent_ms(self, /) -> int | None:
        """
        Time spent, in milliseconds.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def updated_at(self, /) -> datetime:
        """
        When it was last changed.
        """
    @property
    def value(self, /) -> Any:
        """
        The answers, by question name.
        """

@final
class ExportedItem:
    """
    An item as exported: one line of JSONL, one row of CSV.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ExportedItem:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotations(self, /) -> list[ExportedAnnotation]:
        """
        Its annotations, oldest first.
        """
    @property
    def created_at(self, /) -> datetime:
        """
        When it was first imported.
        """
    @property
    def data(self, /) -> Any:
        """
        The item's data.
        """
    @property
    def external_id(self, /) -> str:
        """
        The caller's key of the item.
        """
    @staticmethod
    def from_dict(data: Any) -> ExportedItem:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ExportedItem:
        """
        Parses the object from its JSON text.
        """
    @property
    def id(self, /) -> UUID:
        """
        The item's id.
        """
    @property
    def metadata(self, /) -> Any:
        """
        The item's metadata.
        """
    @property
    def predictions(self, /) -> list[ExportedPrediction]:
        """
        Model predictions for it, by model and version; absent when none (and
        in dataset releases, which hold labels only).
        """
    @property
    def status(self, /) -> ItemStatus:
        """
        Where the item stands.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def updated_at(self, /) -> datetime:
        """
        When it, its annotations or their reviews last changed.
        """

@final
class ExportedPrediction:
    """
    A prediction as exported, beside the item's annotations.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ExportedPrediction:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ExportedPrediction:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ExportedPrediction:
        """
        Parses the object from its JSON text.
        """
    @property
    def id(self, /) -> UUID:
        """
        The prediction's id.
        """
    @property
    def model(self, /) -> str:
        """
        The model's name.
        """
    @property
    def model_version(self, /) -> str:
        """
        The model's version.
        """
    @property
    def scores(self, /) -> dict[str, float] | None:
        """
        The model's confidence in each answer, by question name.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def value(self, /) -> Any:
        """
        The answers, by question name.
        """

@final
class FieldError:
    """
    One invalid field of a request.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> FieldError:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def code(self, /) -> str:
        """
        A stable machine-readable code, e.g. `required`, `too_long`, `invalid`.
        """
    @property
    def field(self, /) -> str:
        """
        Path of the field in the request, e.g. `email` or `items[3].data.text`.
        """
    @staticmethod
    def from_dict(data: Any) -> FieldError:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> FieldError:
        """
        Parses the object from its JSON text.
        """
    @property
    def message(self, /) -> str:
        """
        What is wrong with the field, for a human.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class FieldKind:
    """
    How an item field is shown, and what its value must be.
    """
    AUDIO: Final[FieldKind]
    """
    A string URL of an audio file.
    """
    IMAGE: Final[FieldKind]
    """
    A string URL of an image.
    """
    JSON: Final[FieldKind]
    """
    Any JSON value, shown formatted.
    """
    NUMBER: Final[FieldKind]
    """
    A number.
    """
    TEXT: Final[FieldKind]
    """
    A string, shown as text; the only kind spans can be drawn on.
    """
    def __eq__(self, other: object, /) -> bool:
        """
        Members equal themselves and their JSON names.
        """
    def __hash__(self, /) -> int:
        """
        The hash of the JSON name, so a member and its name are one dict key.
        """
    def __int__(self, /) -> int: ...
    def __ne__(self, other: object, /) -> bool:
        """
        Members differ from other members and other names.
        """
    def __new__(cls, /, value: str) -> FieldKind:
        """
        The member of this name (its JSON name, e.g. `"in_progress"`).
        """
    def __reduce__(self, /) -> tuple[type, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    def __str__(self, /) -> str: ...
    @property
    def value(self, /) -> str:
        """
        The member's JSON name.
        """

@final
class FieldSpec:
    """
    An item field shown to annotators.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> FieldSpec:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> FieldSpec:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> FieldSpec:
        """
        Parses the object from its JSON text.
        """
    @property
    def kind(self, /) -> FieldKind:
        """
        How the field is shown.
        """
    @property
    def label(self, /) -> str | None:
        """
        A label for the field; its name when absent.
        """
    @property
    def name(self, /) -> str:
        """
        The key in the item's `data`: 1 to 100 letters, digits, `_` or `-`.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class Guideline:
    """
    One published version of a project's guideline.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> Guideline:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotation_ui_version(self, /) -> int:
        """
        The annotation UI version these instructions go with.
        """
    @property
    def created_at(self, /) -> datetime:
        """
        When it was published.
        """
    @property
    def created_by(self, /) -> UUID | None:
        """
        Who published it; `null` when that account is gone.
        """
    @staticmethod
    def from_dict(data: Any) -> Guideline:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> Guideline:
        """
        Parses the object from its JSON text.
        """
    @property
    def text(self, /) -> str:
        """
        The instructions, in Markdown.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def version(self, /) -> int:
        """
        The version: 1, 2, 3, ... per project, with no gaps.
        """

@final
class GuidelineList:
    """
    `GET /projects/{project_id}/guideline/versions`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> GuidelineList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> GuidelineList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> GuidelineList:
        """
        Parses the object from its JSON text.
        """
    @property
    def guidelines(self, /) -> list[Guideline]:
        """
        The versions, oldest first.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class GuidelineResponse:
    """
    One guideline version.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> GuidelineResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> GuidelineResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> GuidelineResponse:
        """
        Parses the object from its JSON text.
        """
    @property
    def guideline(self, /) -> Guideline:
        """
        The version.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ImportItemsRequest:
    """
    `POST /projects/{project_id}/items` as JSON; larger imports send NDJSON,
    one `ItemInput` per line, with `Content-Type: application/x-ndjson`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ImportItemsRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ImportItemsRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ImportItemsRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def items(self, /) -> list[ItemInput]:
        """
        The items, at most 10,000 per request.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ImportItemsResponse:
    """
    What an import did: all of it, or (on any error) nothing.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ImportItemsResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def created(self, /) -> int:
        """
        Items created.
        """
    @staticmethod
    def from_dict(data: Any) -> ImportItemsResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ImportItemsResponse:
        """
        Parses the object from its JSON text.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def updated(self, /) -> int:
        """
        Existing items updated (by `external_id`).
        """

@final
class ImportPredictionsRequest:
    """
    `POST /projects/{project_id}/predictions` as JSON; larger imports send
    NDJSON, one `PredictionInput` per line, with `Content-Type: application/x-ndjson`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ImportPredictionsRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ImportPredictionsRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ImportPredictionsRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def predictions(self, /) -> list[PredictionInput]:
        """
        The predictions, at most 10,000.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ImportPredictionsResponse:
    """
    The answer to an import of predictions.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ImportPredictionsResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ImportPredictionsResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ImportPredictionsResponse:
        """
        Parses the object from its JSON text.
        """
    @property
    def imported(self, /) -> int:
        """
        Predictions received and written (new ones, and replacements).
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class Invitation:
    """
    An invitation of an email address to an organization, with a role.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> Invitation:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def created_at(self, /) -> datetime:
        """
        When the invitation was made.
        """
    @property
    def email(self, /) -> str:
        """
        Only an account with this email can accept.
        """
    @property
    def expires_at(self, /) -> datetime:
        """
        When the invitation stops working.
        """
    @staticmethod
    def from_dict(data: Any) -> Invitation:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> Invitation:
        """
        Parses the object from its JSON text.
        """
    @property
    def id(self, /) -> UUID:
        """
        The invitation's id.
        """
    @property
    def invited_by(self, /) -> UUID | None:
        """
        Who invited; `null` when that account is gone.
        """
    @property
    def organization_id(self, /) -> UUID:
        """
        The organization the invitee joins.
        """
    @property
    def role(self, /) -> Role:
        """
        The role the invitee gets.
        """
    @property
    def status(self, /) -> InvitationStatus:
        """
        Where the invitation stands.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class InvitationList:
    """
    `GET /organizations/{org_id}/invitations`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> InvitationList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> InvitationList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> InvitationList:
        """
        Parses the object from its JSON text.
        """
    @property
    def invitations(self, /) -> list[Invitation]:
        """
        The invitations the caller may see, newest first.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class InvitationStatus:
    """
    Where an invitation stands.
    """
    ACCEPTED: Final[InvitationStatus]
    """
    Accepted: the invitee is a member.
    """
    EXPIRED: Final[InvitationStatus]
    """
    Not accepted in time.
    """
    PENDING: Final[InvitationStatus]
    """
    Waiting to be accepted.
    """
    REVOKED: Final[InvitationStatus]
    """
    Revoked by an administrator.
    """
    def __eq__(self, other: object, /) -> bool:
        """
        Members equal themselves and their JSON names.
        """
    def __hash__(self, /) -> int:
        """
        The hash of the JSON name, so a member and its name are one dict key.
        """
    def __int__(self, /) -> int: ...
    def __ne__(self, other: object, /) -> bool:
        """
        Members differ from other members and other names.
        """
    def __new__(cls, /, value: str) -> InvitationStatus:
        """
        The member of this name (its JSON name, e.g. `"in_progress"`).
        """
    def __reduce__(self, /) -> tuple[type, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    def __str__(self, /) -> str: ...
    @property
    def value(self, /) -> str:
        """
        The member's JSON name.
        """

@final
class Item:
    """
    An item of a project.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> Item:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotation_count(self, /) -> int:
        """
        How many annotations it has.
        """
    @property
    def created_at(self, /) -> datetime:
        """
        When it was first imported.
        """
    @property
    def data(self, /) -> Any:
        """
        What is annotated: a JSON object holding at least the fields the annotation UI shows.
        """
    @property
    def external_id(self, /) -> str:
        """
        The caller's key of the item, unique in the project; imports upsert by it.
        """
    @staticmethod
    def from_dict(data: Any) -> Item:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> Item:
        """
        Parses the object from its JSON text.
        """
    @property
    def id(self, /) -> UUID:
        """
        The item's id.
        """
    @property
    def metadata(self, /) -> Any:
        """
        Anything else the caller keeps with the item; never shown to annotators.
        """
    @property
    def priority(self, /) -> float:
        """
        Where the work queue puts it: the highest first, ties by age (import
        order); 0 unless set.
        """
    @property
    def project_id(self, /) -> UUID:
        """
        The project it belongs to.
        """
    @property
    def status(self, /) -> ItemStatus:
        """
        Where the item stands.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def updated_at(self, /) -> datetime:
        """
        When it, its annotations or their reviews last changed.
        """

@final
class ItemInput:
    """
    One item of an import.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ItemInput:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def data(self, /) -> Any:
        """
        A JSON object with at least the fields the annotation UI shows.
        """
    @property
    def external_id(self, /) -> str:
        """
        The caller's key, 1 to 256 characters, not blank; an existing item with this key is updated.
        """
    @staticmethod
    def from_dict(data: Any) -> ItemInput:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ItemInput:
        """
        Parses the object from its JSON text.
        """
    @property
    def metadata(self, /) -> Any | None:
        """
        A JSON object; `{}` when absent.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ItemList:
    """
    `GET /projects/{project_id}/items`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ItemList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ItemList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ItemList:
        """
        Parses the object from its JSON text.
        """
    @property
    def items(self, /) -> list[Item]:
        """
        A page of items: by id, or by `updated_at` when `updated_after` is given.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ItemPriority:
    """
    One item's new priority in `POST /projects/{project_id}/items/priorities`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ItemPriority:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def external_id(self, /) -> str:
        """
        The item's key in the project, as it was imported.
        """
    @staticmethod
    def from_dict(data: Any) -> ItemPriority:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ItemPriority:
        """
        Parses the object from its JSON text.
        """
    @property
    def priority(self, /) -> float:
        """
        Its priority: the work queue hands out the highest first.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ItemResponse:
    """
    One item.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ItemResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ItemResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ItemResponse:
        """
        Parses the object from its JSON text.
        """
    @property
    def item(self, /) -> Item:
        """
        The item.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ItemStatus:
    """
    Where an item stands in the annotation workflow.
    """
    ACCEPTED: Final[ItemStatus]
    """
    As many accepted annotations as the overlap asks.
    """
    ANNOTATED: Final[ItemStatus]
    """
    As many annotations as the overlap asks; not all accepted.
    """
    IN_PROGRESS: Final[ItemStatus]
    """
    Some annotations, fewer than the project's overlap.
    """
    NEW: Final[ItemStatus]
    """
    No annotation yet.
    """
    REJECTED: Final[ItemStatus]
    """
    A review rejected one of its annotations (until it is fixed and accepted).
    """
    def __eq__(self, other: object, /) -> bool:
        """
        Members equal themselves and their JSON names.
        """
    def __hash__(self, /) -> int:
        """
        The hash of the JSON name, so a member and its name are one dict key.
        """
    def __int__(self, /) -> int: ...
    def __ne__(self, other: object, /) -> bool:
        """
        Members differ from other members and other names.
        """
    def __new__(cls, /, value: str) -> ItemStatus:
        """
        The member of this name (its JSON name, e.g. `"in_progress"`).
        """
    def __reduce__(self, /) -> tuple[type, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    def __str__(self, /) -> str: ...
    @property
    def value(self, /) -> str:
        """
        The member's JSON name.
        """

@final
class LeaseItemsRequest:
    """
    `POST /projects/{project_id}/queue/leases`: how many items to hold.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> LeaseItemsRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def count(self, /) -> int | None:
        """
        How many leases the caller wants to hold, 1 to 5; 2 when absent (the
        item to work on now and the next one, to prefetch).
        """
    @staticmethod
    def from_dict(data: Any) -> LeaseItemsRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> LeaseItemsRequest:
        """
        Parses the object from its JSON text.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class LoginRequest:
    """
    `POST /auth/login`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> LoginRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def email(self, /) -> str:
        """
        The account's email address, in any letter case.
        """
    @staticmethod
    def from_dict(data: Any) -> LoginRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> LoginRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def password(self, /) -> str:
        """
        The account's password.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class MeResponse:
    """
    `GET /me`: the caller.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> MeResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def csrf_token(self, /) -> str | None:
        """
        The session's CSRF token, so a reloaded page can recover it; `null` for API tokens.
        """
    @staticmethod
    def from_dict(data: Any) -> MeResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> MeResponse:
        """
        Parses the object from its JSON text.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def user(self, /) -> User:
        """
        The user the session or token belongs to.
        """

@final
class Member:
    """
    A member of an organization.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> Member:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def email(self, /) -> str | None:
        """
        The member's email; `null` for callers who may see only names (reviewers, annotators).
        """
    @staticmethod
    def from_dict(data: Any) -> Member:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> Member:
        """
        Parses the object from its JSON text.
        """
    @property
    def joined_at(self, /) -> datetime:
        """
        When the member joined; for a pending member, when they were added.
        """
    @property
    def name(self, /) -> str:
        """
        The member's display name.
        """
    @property
    def role(self, /) -> Role:
        """
        The member's role.
        """
    @property
    def status(self, /) -> MemberStatus:
        """
        `pending` until an account added by email accepts the membership.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def user_id(self, /) -> UUID:
        """
        The member's user id.
        """

@final
class MemberList:
    """
    `GET /organizations/{org_id}/members`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> MemberList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> MemberList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> MemberList:
        """
        Parses the object from its JSON text.
        """
    @property
    def members(self, /) -> list[Member]:
        """
        The members the caller may see, in the order they joined.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class MemberResponse:
    """
    One member.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> MemberResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> MemberResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> MemberResponse:
        """
        Parses the object from its JSON text.
        """
    @property
    def member(self, /) -> Member:
        """
        The member.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class MemberStatus:
    """
    Whether a membership is in force.
    """
    ACTIVE: Final[MemberStatus]
    """
    A member with the access of their role.
    """
    PENDING: Final[MemberStatus]
    """
    Added by email, waiting for the account to accept: no access at all yet.
    """
    def __eq__(self, other: object, /) -> bool:
        """
        Members equal themselves and their JSON names.
        """
    def __hash__(self, /) -> int:
        """
        The hash of the JSON name, so a member and its name are one dict key.
        """
    def __int__(self, /) -> int: ...
    def __ne__(self, other: object, /) -> bool:
        """
        Members differ from other members and other names.
        """
    def __new__(cls, /, value: str) -> MemberStatus:
        """
        The member of this name (its JSON name, e.g. `"in_progress"`).
        """
    def __reduce__(self, /) -> tuple[type, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    def __str__(self, /) -> str: ...
    @property
    def value(self, /) -> str:
        """
        The member's JSON name.
        """

@final
class MembershipAdder:
    """
    Who added an account to an organization.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> MembershipAdder:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def email(self, /) -> str:
        """
        Their email.
        """
    @staticmethod
    def from_dict(data: Any) -> MembershipAdder:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> MembershipAdder:
        """
        Parses the object from its JSON text.
        """
    @property
    def name(self, /) -> str:
        """
        Their display name.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def user_id(self, /) -> UUID:
        """
        Their user id.
        """

@final
class ModelAgreement:
    """
    How often one model version's answer to one question is the answer people
    accepted.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ModelAgreement:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def agreed(self, /) -> int:
        """
        Of those, the ones whose answer is the model's.
        """
    @property
    def agreement(self, /) -> float | None:
        """
        `agreed / compared`; `null` when nothing was compared.
        """
    @property
    def compared(self, /) -> int:
        """
        Accepted annotations of items the model version predicted, answering
        the question.
        """
    @staticmethod
    def from_dict(data: Any) -> ModelAgreement:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ModelAgreement:
        """
        Parses the object from its JSON text.
        """
    @property
    def model(self, /) -> str:
        """
        The model's name.
        """
    @property
    def model_version(self, /) -> str:
        """
        The model's version.
        """
    @property
    def question(self, /) -> str:
        """
        The question.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ModelAgreementList:
    """
    `GET /projects/{project_id}/predictions/agreement`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ModelAgreementList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def agreement(self, /) -> list[ModelAgreement]:
        """
        One entry per model version and question of the annotation UI in
        force, by model, version and question.
        """
    @staticmethod
    def from_dict(data: Any) -> ModelAgreementList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ModelAgreementList:
        """
        Parses the object from its JSON text.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class Organization:
    """
    An organization, as seen by one of its members.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> Organization:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def created_at(self, /) -> datetime:
        """
        When the organization was created.
        """
    @staticmethod
    def from_dict(data: Any) -> Organization:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> Organization:
        """
        Parses the object from its JSON text.
        """
    @property
    def grantable_roles(self, /) -> list[Role]:
        """
        The roles the caller's role may grant in this organization (give when
        adding or inviting a member, and change or take away), most powerful
        first: the policy's `role_grant`. Empty for reviewers, annotators
        and viewers.
        """
    @property
    def id(self, /) -> UUID:
        """
        The organization's id.
        """
    @property
    def name(self, /) -> str:
        """
        The organization's name.
        """
    @property
    def role(self, /) -> Role:
        """
        The caller's role in this organization.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def updated_at(self, /) -> datetime:
        """
        When the organization was last renamed.
        """

@final
class OrganizationList:
    """
    `GET /me/organizations`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> OrganizationList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> OrganizationList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> OrganizationList:
        """
        Parses the object from its JSON text.
        """
    @property
    def organizations(self, /) -> list[Organization]:
        """
        The organizations the caller belongs to, oldest first.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class OrganizationResponse:
    """
    One organization.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> OrganizationResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> OrganizationResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> OrganizationResponse:
        """
        Parses the object from its JSON text.
        """
    @property
    def organization(self, /) -> Organization:
        """
        The organization.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class Pagination:
    """
    Where the next page of a list starts.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> Pagination:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> Pagination:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> Pagination:
        """
        Parses the object from its JSON text.
        """
    @property
    def limit(self, /) -> int:
        """
        The page size used for this page.
        """
    @property
    def next(self, /) -> str | None:
        """
        Path and query of the next page, ready to follow; `null` on the last page.
        """
    @property
    def next_cursor(self, /) -> str | None:
        """
        Opaque cursor of the next page; `null` on the last page.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class PendingMembership:
    """
    A membership the caller was given and has not accepted yet.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> PendingMembership:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def added_at(self, /) -> datetime:
        """
        When the caller was added.
        """
    @property
    def added_by(self, /) -> MembershipAdder | None:
        """
        Who added the caller; `null` when that account is gone.
        """
    @staticmethod
    def from_dict(data: Any) -> PendingMembership:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> PendingMembership:
        """
        Parses the object from its JSON text.
        """
    @property
    def organization_id(self, /) -> UUID:
        """
        The organization.
        """
    @property
    def organization_name(self, /) -> str:
        """
        Its name.
        """
    @property
    def role(self, /) -> Role:
        """
        The role the caller gets on accepting.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class PendingMembershipList:
    """
    `GET /me/pending-memberships`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> PendingMembershipList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> PendingMembershipList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> PendingMembershipList:
        """
        Parses the object from its JSON text.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    @property
    def pending_memberships(self, /) -> list[PendingMembership]:
        """
        The caller's pending memberships, by organization id.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class Prediction:
    """
    A model's prediction for an item.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> Prediction:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> Prediction:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> Prediction:
        """
        Parses the object from its JSON text.
        """
    @property
    def id(self, /) -> UUID:
        """
        The prediction's id: what an annotation that started from it names.
        """
    @property
    def item_id(self, /) -> UUID:
        """
        Its item.
        """
    @property
    def model(self, /) -> str:
        """
        The model's name.
        """
    @property
    def model_version(self, /) -> str:
        """
        The model's version.
        """
    @property
    def scores(self, /) -> dict[str, float] | None:
        """
        The model's confidence in each answer, by question name.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def updated_at(self, /) -> datetime:
        """
        When it was last imported.
        """
    @property
    def value(self, /) -> Any:
        """
        The answers, by question name.
        """

@final
class PredictionInput:
    """
    One prediction in `POST /projects/{project_id}/predictions`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> PredictionInput:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def external_id(self, /) -> str:
        """
        The item's key in the project, as it was imported.
        """
    @staticmethod
    def from_dict(data: Any) -> PredictionInput:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> PredictionInput:
        """
        Parses the object from its JSON text.
        """
    @property
    def model(self, /) -> str:
        """
        The model's name.
        """
    @property
    def model_version(self, /) -> str:
        """
        The model's version: one prediction per item and model version (a new
        import of the same version replaces it).
        """
    @property
    def scores(self, /) -> dict[str, float] | None:
        """
        The model's confidence in each answer, 0 to 1, by question name.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def value(self, /) -> Any:
        """
        The answers, by question name, checked against the annotation UI in
        force like an annotation's (required questions may be left out).
        """

@final
class PredictionList:
    """
    `GET /items/{item_id}/predictions`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> PredictionList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> PredictionList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> PredictionList:
        """
        Parses the object from its JSON text.
        """
    @property
    def predictions(self, /) -> list[Prediction]:
        """
        The item's predictions, newest import first.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class Problem:
    """
    The body of every error response.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> Problem:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def code(self, /) -> str:
        """
        A stable machine-readable code; clients branch on this, never on `detail`.
        """
    @property
    def detail(self, /) -> str:
        """
        What went wrong this time, for a human.
        """
    @property
    def errors(self, /) -> list[FieldError]:
        """
        For validation problems: one entry per offending field.
        """
    @staticmethod
    def from_dict(data: Any) -> Problem:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> Problem:
        """
        Parses the object from its JSON text.
        """
    @property
    def kind(self, /) -> str:
        """
        A URI naming the kind of problem; `urn:labelwell:problem:<code>`.
        """
    @property
    def status(self, /) -> int:
        """
        The HTTP status code.
        """
    @property
    def title(self, /) -> str:
        """
        A short summary of the kind of problem, the same for every occurrence.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class Project:
    """
    An annotation project of an organization.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> Project:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotation_ui_version(self, /) -> int | None:
        """
        The annotation UI version in force; `null` until one is published.
        """
    @property
    def archived(self, /) -> bool:
        """
        Whether the project is archived: kept with all its data, but read-only.
        """
    @property
    def created_at(self, /) -> datetime:
        """
        When the project was created.
        """
    @property
    def created_by(self, /) -> UUID | None:
        """
        Who created the project; `null` when that account is gone.
        """
    @property
    def description(self, /) -> str:
        """
        What the project is about, for its members.
        """
    @staticmethod
    def from_dict(data: Any) -> Project:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> Project:
        """
        Parses the object from its JSON text.
        """
    @property
    def guideline_version(self, /) -> int | None:
        """
        The latest guideline version; `null` until one is published.
        """
    @property
    def id(self, /) -> UUID:
        """
        The project's id.
        """
    @property
    def lease_seconds(self, /) -> int:
        """
        How long an item handed out by the work queue stays reserved for its annotator.
        """
    @property
    def name(self, /) -> str:
        """
        The project's name.
        """
    @property
    def organization_id(self, /) -> UUID:
        """
        The organization the project belongs to.
        """
    @property
    def overlap(self, /) -> int:
        """
        How many annotations, by different annotators, each item needs.
        """
    @property
    def show_predictions(self, /) -> bool:
        """
        Whether annotators see a model's prediction as their form's starting
        point; off, they answer unanchored by it.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def updated_at(self, /) -> datetime:
        """
        When the project's settings last changed.
        """

@final
class ProjectList:
    """
    `GET /organizations/{org_id}/projects`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ProjectList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ProjectList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ProjectList:
        """
        Parses the object from its JSON text.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    @property
    def projects(self, /) -> list[Project]:
        """
        The projects the caller may see, oldest first.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ProjectMember:
    """
    A member assigned to a project.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ProjectMember:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def assigned_at(self, /) -> datetime:
        """
        When the member was assigned.
        """
    @staticmethod
    def from_dict(data: Any) -> ProjectMember:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ProjectMember:
        """
        Parses the object from its JSON text.
        """
    @property
    def name(self, /) -> str:
        """
        The member's display name.
        """
    @property
    def role(self, /) -> Role:
        """
        The member's role in the organization.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def user_id(self, /) -> UUID:
        """
        The member's user id.
        """

@final
class ProjectMemberList:
    """
    `GET /projects/{project_id}/members`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ProjectMemberList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ProjectMemberList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ProjectMemberList:
        """
        Parses the object from its JSON text.
        """
    @property
    def members(self, /) -> list[ProjectMember]:
        """
        The assigned members, in the order they were assigned.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ProjectMemberResponse:
    """
    One project assignment.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ProjectMemberResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ProjectMemberResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ProjectMemberResponse:
        """
        Parses the object from its JSON text.
        """
    @property
    def member(self, /) -> ProjectMember:
        """
        The assigned member.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ProjectResponse:
    """
    One project.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ProjectResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ProjectResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ProjectResponse:
        """
        Parses the object from its JSON text.
        """
    @property
    def project(self, /) -> Project:
        """
        The project.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ProjectStats:
    """
    The statistics of a project.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ProjectStats:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def agreement(self, /) -> list[QuestionAgreement]:
        """
        Agreement per single-label question of the annotation UI in force.
        """
    @property
    def annotators(self, /) -> list[AnnotatorProgress]:
        """
        Work per annotator, most annotations first.
        """
    @staticmethod
    def from_dict(data: Any) -> ProjectStats:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ProjectStats:
        """
        Parses the object from its JSON text.
        """
    @property
    def items(self, /) -> StatusCounts:
        """
        Items by status.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ProjectStatsResponse:
    """
    `GET /projects/{project_id}/stats`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ProjectStatsResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ProjectStatsResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ProjectStatsResponse:
        """
        Parses the object from its JSON text.
        """
    @property
    def stats(self, /) -> ProjectStats:
        """
        The statistics.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class PublishAnnotationUiRequest:
    """
    `PUT /projects/{project_id}/annotation-ui`: publish a new version.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> PublishAnnotationUiRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> PublishAnnotationUiRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> PublishAnnotationUiRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def schema(self, /) -> AnnotationUiSchema:
        """
        The schema of the new version.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class PublishGuidelineRequest:
    """
    `PUT /projects/{project_id}/guideline`: publish a new version.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> PublishGuidelineRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotation_ui_version(self, /) -> int:
        """
        A published annotation UI version these instructions go with.
        """
    @staticmethod
    def from_dict(data: Any) -> PublishGuidelineRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> PublishGuidelineRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def text(self, /) -> str:
        """
        The instructions, in Markdown, 1 to 200,000 characters, not blank.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class Question:
    """
    A question annotators answer for each item.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> Question:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def field(self, /) -> str | None:
        """
        The text field the spans are drawn on (`spans`); must be a `text` field of `fields`.
        """
    @staticmethod
    def from_dict(data: Any) -> Question:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> Question:
        """
        Parses the object from its JSON text.
        """
    @property
    def kind(self, /) -> QuestionType:
        """
        The kind of question.
        """
    @property
    def labels(self, /) -> list[str] | None:
        """
        The labels to choose from (`single_label`, `multi_label`, `spans`): 1
        to 1000, distinct, each 1 to 200 characters, not blank.
        """
    @property
    def max(self, /) -> int | None:
        """
        The highest rating (`rating`).
        """
    @property
    def max_length(self, /) -> int | None:
        """
        The longest answer in characters (`text`), 1 to 100,000; 10,000 when absent.
        """
    @property
    def min(self, /) -> int | None:
        """
        The lowest rating (`rating`).
        """
    @property
    def name(self, /) -> str:
        """
        The key of the answer in an annotation's `value`, unique in the schema:
        1 to 100 letters, digits, `_` or `-`.
        """
    @property
    def prompt(self, /) -> str | None:
        """
        The question as shown; its name when absent.
        """
    @property
    def required(self, /) -> bool:
        """
        Whether every annotation must answer it; `true` when absent.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class QuestionAgreement:
    """
    Inter-annotator agreement on one single-label question.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> QuestionAgreement:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def answers(self, /) -> int:
        """
        Answers on those items.
        """
    @property
    def fleiss_kappa(self, /) -> float | None:
        """
        Fleiss' kappa (generalized to a varying number of annotators per item):
        agreement corrected for chance, 1 perfect, 0 chance level; `null` when
        fewer than one item qualifies or chance agreement is total.
        """
    @staticmethod
    def from_dict(data: Any) -> QuestionAgreement:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> QuestionAgreement:
        """
        Parses the object from its JSON text.
        """
    @property
    def items(self, /) -> int:
        """
        Items answered by at least two annotators: the ones agreement is measured on.
        """
    @property
    def observed_agreement(self, /) -> float | None:
        """
        Observed agreement: the share of agreeing annotator pairs, 0 to 1.
        """
    @property
    def question(self, /) -> str:
        """
        The question's name (in the annotation UI version in force).
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class QuestionType:
    """
    The kind of a question.
    """
    MULTI_LABEL: Final[QuestionType]
    """
    Pick any of `labels`; the answer is an array of distinct strings.
    """
    RATING: Final[QuestionType]
    """
    A whole number from `min` to `max`.
    """
    SINGLE_LABEL: Final[QuestionType]
    """
    Pick one of `labels`; the answer is a string.
    """
    SPANS: Final[QuestionType]
    """
    Spans over the text field `field`: an array of `{start, end, label}`, with
    offsets in Unicode code points, `0 <= start < end <= length`.
    """
    TEXT: Final[QuestionType]
    """
    Free text; the answer is a string of at most `max_length` characters.
    """
    def __eq__(self, other: object, /) -> bool:
        """
        Members equal themselves and their JSON names.
        """
    def __hash__(self, /) -> int:
        """
        The hash of the JSON name, so a member and its name are one dict key.
        """
    def __int__(self, /) -> int: ...
    def __ne__(self, other: object, /) -> bool:
        """
        Members differ from other members and other names.
        """
    def __new__(cls, /, value: str) -> QuestionType:
        """
        The member of this name (its JSON name, e.g. `"in_progress"`).
        """
    def __reduce__(self, /) -> tuple[type, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    def __str__(self, /) -> str: ...
    @property
    def value(self, /) -> str:
        """
        The member's JSON name.
        """

@final
class QueueLease:
    """
    An item leased to the caller: reserved for them until `expires_at`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> QueueLease:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotation_ui_version(self, /) -> int | None:
        """
        The annotation UI version the annotation will be checked against.
        """
    @property
    def expires_at(self, /) -> datetime:
        """
        Until when the item is reserved for the caller.
        """
    @staticmethod
    def from_dict(data: Any) -> QueueLease:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> QueueLease:
        """
        Parses the object from its JSON text.
        """
    @property
    def guideline_version(self, /) -> int | None:
        """
        The latest guideline version, to show and to send back with the annotation.
        """
    @property
    def item(self, /) -> Item:
        """
        The item to annotate.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class QueueLeaseList:
    """
    The answer of `POST /projects/{project_id}/queue/leases`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> QueueLeaseList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> QueueLeaseList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> QueueLeaseList:
        """
        Parses the object from its JSON text.
        """
    @property
    def leases(self, /) -> list[QueueLease]:
        """
        Every unexpired lease of the caller in the project, oldest first (the
        item to work on now leads), all renewed; empty when nothing is left.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class QueueProgress:
    """
    Where the caller stands in a project's work queue.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> QueueProgress:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotated(self, /) -> int:
        """
        The caller's annotations in the project.
        """
    @staticmethod
    def from_dict(data: Any) -> QueueProgress:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> QueueProgress:
        """
        Parses the object from its JSON text.
        """
    @property
    def left(self, /) -> int:
        """
        Items the caller could still be given: neither annotated nor skipped
        by them, and needing more annotations than they have.
        """
    @property
    def rejected(self, /) -> int:
        """
        The caller's annotations whose latest review rejected them: to fix.
        """
    @property
    def skipped(self, /) -> int:
        """
        The items the caller skipped.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class QueueProgressResponse:
    """
    The answer of `GET /projects/{project_id}/queue/progress`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> QueueProgressResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> QueueProgressResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> QueueProgressResponse:
        """
        Parses the object from its JSON text.
        """
    @property
    def progress(self, /) -> QueueProgress:
        """
        The caller's progress.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class Release:
    """
    A release's manifest: what it holds, what it was made under, and the hash
    of its bytes.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> Release:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def agreement(self, /) -> list[QuestionAgreement]:
        """
        Agreement between annotators on each single-label question, measured
        on all the project's annotations when the release was made.
        """
    @property
    def annotation_count(self, /) -> int:
        """
        Annotations in it.
        """
    @property
    def annotation_ui_version(self, /) -> int | None:
        """
        The annotation UI version in force when it was made; `null` before any.
        """
    @property
    def byte_count(self, /) -> int:
        """
        The size of its JSON Lines, in bytes.
        """
    @property
    def content_hash(self, /) -> str:
        """
        `sha256:` and the hex SHA-256 of its JSON Lines, exactly as
        `GET .../releases/{name}/items` sends them: the same whenever it is pulled.
        """
    @property
    def created_at(self, /) -> datetime:
        """
        When it was made.
        """
    @property
    def created_by(self, /) -> UUID | None:
        """
        Who made it; `null` when that account is gone.
        """
    @staticmethod
    def from_dict(data: Any) -> Release:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> Release:
        """
        Parses the object from its JSON text.
        """
    @property
    def guideline_version(self, /) -> int | None:
        """
        The guideline version in force when it was made; `null` before any.
        """
    @property
    def id(self, /) -> UUID:
        """
        The release's id.
        """
    @property
    def item_count(self, /) -> int:
        """
        Items in it: those with at least one annotation of those statuses.
        """
    @property
    def name(self, /) -> str:
        """
        Its name, unique in the project.
        """
    @property
    def project_id(self, /) -> UUID:
        """
        Its project.
        """
    @property
    def review_statuses(self, /) -> list[ReviewStatus]:
        """
        The review statuses of the annotations it holds.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ReleaseDiff:
    """
    How one release differs from another, item by item (items matched by external id).
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ReleaseDiff:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def added(self, /) -> list[str]:
        """
        External ids of the items in `release` and not in `base`, sorted.
        """
    @property
    def base(self, /) -> str:
        """
        The release compared with.
        """
    @property
    def changed(self, /) -> list[str]:
        """
        External ids of the items in both with the same annotations whose
        data, metadata or status differ, sorted.
        """
    @staticmethod
    def from_dict(data: Any) -> ReleaseDiff:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ReleaseDiff:
        """
        Parses the object from its JSON text.
        """
    @property
    def relabelled(self, /) -> list[str]:
        """
        External ids of the items in both whose annotations differ, sorted.
        """
    @property
    def release(self, /) -> str:
        """
        The release compared.
        """
    @property
    def removed(self, /) -> list[str]:
        """
        External ids of the items in `base` and not in `release`, sorted.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def unchanged(self, /) -> int:
        """
        Items in both, exactly the same.
        """

@final
class ReleaseList:
    """
    `GET /projects/{project_id}/releases`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ReleaseList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ReleaseList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ReleaseList:
        """
        Parses the object from its JSON text.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    @property
    def releases(self, /) -> list[Release]:
        """
        The project's releases, newest first.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ReleaseResponse:
    """
    One release, with the annotation UI version its labels answer.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ReleaseResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotation_ui(self, /) -> AnnotationUi | None:
        """
        The annotation UI version in force when it was made (its questions
        and their options); `null` before any.
        """
    @staticmethod
    def from_dict(data: Any) -> ReleaseResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ReleaseResponse:
        """
        Parses the object from its JSON text.
        """
    @property
    def release(self, /) -> Release:
        """
        The release's manifest.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class Response:
    """
    A whole answer: status, headers, body, and the body parsed.
    """
    def __repr__(self, /) -> str: ...
    @property
    def body(self, /) -> bytes:
        """
        The raw body.
        """
    @property
    def data(self, /) -> Any | None:
        """
        The body parsed into the transport type asked for (2xx answers with a body).
        """
    def header(self, /, name: str) -> str | None:
        """
        The value of the first header of this name (any letter case), or `None`.
        """
    @property
    def headers(self, /) -> list[tuple[str, str]]:
        """
        The headers, as (lower-case name, value) pairs, in the order received.
        """
    @property
    def problem(self, /) -> Problem | None:
        """
        The problem+json body of an error answer, when it has one.
        """
    @property
    def status(self, /) -> int:
        """
        The HTTP status code.
        """

@final
class Review:
    """
    A review of an annotation.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> Review:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def annotation_id(self, /) -> UUID:
        """
        The annotation reviewed.
        """
    @property
    def comment(self, /) -> str:
        """
        Why, for the annotator.
        """
    @property
    def created_at(self, /) -> datetime:
        """
        When it was made.
        """
    @staticmethod
    def from_dict(data: Any) -> Review:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> Review:
        """
        Parses the object from its JSON text.
        """
    @property
    def id(self, /) -> UUID:
        """
        The review's id.
        """
    @property
    def reviewer_id(self, /) -> UUID | None:
        """
        Who reviewed; `null` when that account is gone.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def verdict(self, /) -> Verdict:
        """
        The verdict.
        """

@final
class ReviewLease:
    """
    The answer of `POST /projects/{project_id}/review-queue/next`: an
    annotation leased to the caller for review, with its item and the item's
    other annotations.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ReviewLease:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def agreement(self, /) -> list[AnswerAgreement]:
        """
        Per question of the annotation's UI version, in its order: how far the
        item's annotations agree with this one.
        """
    @property
    def annotation(self, /) -> Annotation:
        """
        The annotation to review.
        """
    @property
    def annotation_ui_version(self, /) -> int:
        """
        The annotation UI version the annotation was checked against: the questions to show.
        """
    @property
    def expires_at(self, /) -> datetime:
        """
        Until when no other reviewer is given the annotation.
        """
    @staticmethod
    def from_dict(data: Any) -> ReviewLease:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ReviewLease:
        """
        Parses the object from its JSON text.
        """
    @property
    def guideline_version(self, /) -> int | None:
        """
        The project's latest guideline version; `null` before the first.
        """
    @property
    def item(self, /) -> Item:
        """
        The item it annotates.
        """
    @property
    def other_annotations(self, /) -> list[Annotation]:
        """
        The item's other annotations, oldest first.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ReviewList:
    """
    `GET /annotations/{annotation_id}/reviews`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ReviewList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ReviewList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ReviewList:
        """
        Parses the object from its JSON text.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    @property
    def reviews(self, /) -> list[Review]:
        """
        The reviews, oldest first.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ReviewProgress:
    """
    Where the caller stands in a project's review queue.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ReviewProgress:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ReviewProgress:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ReviewProgress:
        """
        Parses the object from its JSON text.
        """
    @property
    def reviewed(self, /) -> int:
        """
        Reviews the caller made in the project.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def waiting(self, /) -> int:
        """
        Pending annotations the caller could review: not their own, not skipped by them.
        """

@final
class ReviewProgressResponse:
    """
    The answer of `GET /projects/{project_id}/review-queue/progress`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ReviewProgressResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ReviewProgressResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ReviewProgressResponse:
        """
        Parses the object from its JSON text.
        """
    @property
    def progress(self, /) -> ReviewProgress:
        """
        The caller's progress.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ReviewResponse:
    """
    One review.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> ReviewResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> ReviewResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> ReviewResponse:
        """
        Parses the object from its JSON text.
        """
    @property
    def review(self, /) -> Review:
        """
        The review.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class ReviewStatus:
    """
    Where an annotation stands with its reviewers: its latest verdict.
    """
    ACCEPTED: Final[ReviewStatus]
    """
    Accepted: it can no longer be changed by its annotator.
    """
    PENDING: Final[ReviewStatus]
    """
    Not reviewed since it was last changed.
    """
    REJECTED: Final[ReviewStatus]
    """
    Rejected: its annotator may fix it, which makes it pending again.
    """
    def __eq__(self, other: object, /) -> bool:
        """
        Members equal themselves and their JSON names.
        """
    def __hash__(self, /) -> int:
        """
        The hash of the JSON name, so a member and its name are one dict key.
        """
    def __int__(self, /) -> int: ...
    def __ne__(self, other: object, /) -> bool:
        """
        Members differ from other members and other names.
        """
    def __new__(cls, /, value: str) -> ReviewStatus:
        """
        The member of this name (its JSON name, e.g. `"in_progress"`).
        """
    def __reduce__(self, /) -> tuple[type, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    def __str__(self, /) -> str: ...
    @property
    def value(self, /) -> str:
        """
        The member's JSON name.
        """

@final
class Role:
    """
    A member's role in one organization, from most to least powerful.

    What each role may do is decided by the server's policy (`policies/`).
    """
    ADMIN: Final[Role]
    """
    Members and roles below admin, all projects, the audit log.
    """
    ANNOTATOR: Final[Role]
    """
    Labels items in the projects assigned to them.
    """
    MANAGER: Final[Role]
    """
    Creates and runs projects; invites reviewers and annotators.
    """
    OWNER: Final[Role]
    """
    Everything, including deleting the organization and granting owner.
    """
    REVIEWER: Final[Role]
    """
    Reviews annotations in the projects assigned to them.
    """
    VIEWER: Final[Role]
    """
    Reads projects, items and annotations, and exports them; never writes.
    """
    def __eq__(self, other: object, /) -> bool:
        """
        Members equal themselves and their JSON names.
        """
    def __hash__(self, /) -> int:
        """
        The hash of the JSON name, so a member and its name are one dict key.
        """
    def __int__(self, /) -> int: ...
    def __ne__(self, other: object, /) -> bool:
        """
        Members differ from other members and other names.
        """
    def __new__(cls, /, value: str) -> Role:
        """
        The member of this name (its JSON name, e.g. `"in_progress"`).
        """
    def __reduce__(self, /) -> tuple[type, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    def __str__(self, /) -> str: ...
    @property
    def value(self, /) -> str:
        """
        The member's JSON name.
        """

@final
class RotateWebhookSecretRequest:
    """
    `POST /organizations/{org_id}/webhooks/{webhook_id}/rotate-secret`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> RotateWebhookSecretRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> RotateWebhookSecretRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> RotateWebhookSecretRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def overlap_seconds(self, /) -> int | None:
        """
        How long the old secret still signs beside the new one, in seconds,
        up to a week: a day when absent; `0` retires it at once.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class RotatedWebhookSecret:
    """
    The answer to a rotation: the new secret, shown this once only.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> RotatedWebhookSecret:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> RotatedWebhookSecret:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> RotatedWebhookSecret:
        """
        Parses the object from its JSON text.
        """
    @property
    def secret(self, /) -> str:
        """
        The new signing secret (`whsec_` and base64). Store it now: it is never shown again.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def webhook(self, /) -> Webhook:
        """
        The webhook, with the end of the overlap.
        """

@final
class SessionResponse:
    """
    The answer to signup and login: the signed-in user and the session's CSRF token.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> SessionResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def csrf_token(self, /) -> str:
        """
        Send this in the `X-CSRF-Token` header of every POST, PUT, PATCH and DELETE
        made with the session cookie.
        """
    @staticmethod
    def from_dict(data: Any) -> SessionResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> SessionResponse:
        """
        Parses the object from its JSON text.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def user(self, /) -> User:
        """
        The signed-in user.
        """

@final
class SetItemPrioritiesRequest:
    """
    `POST /projects/{project_id}/items/priorities` as JSON; larger updates send
    NDJSON, one `ItemPriority` per line, with `Content-Type: application/x-ndjson`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> SetItemPrioritiesRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> SetItemPrioritiesRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> SetItemPrioritiesRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def items(self, /) -> list[ItemPriority]:
        """
        The items' new priorities, at most 10,000 per request.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class SetItemPrioritiesResponse:
    """
    What a priority update did: all of it, or (on any error) nothing.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> SetItemPrioritiesResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> SetItemPrioritiesResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> SetItemPrioritiesResponse:
        """
        Parses the object from its JSON text.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def updated(self, /) -> int:
        """
        Items whose priority was set (an `external_id` named twice counts once).
        """

@final
class SignupRequest:
    """
    `POST /auth/signup`: create an account (and, with `invitation_token`, join an organization).
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> SignupRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def email(self, /) -> str:
        """
        Email address, up to 254 characters; unique across accounts, compared case-insensitively.
        """
    @staticmethod
    def from_dict(data: Any) -> SignupRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> SignupRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def invitation_token(self, /) -> str | None:
        """
        An invitation to accept at once; required when the server's signup is by invitation only.
        """
    @property
    def name(self, /) -> str:
        """
        Display name, 1 to 200 characters, no control characters.
        """
    @property
    def password(self, /) -> str:
        """
        10 to 1024 characters.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class StatusCounts:
    """
    How many items are in each status.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> StatusCounts:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def accepted(self, /) -> int:
        """
        Items with enough accepted annotations.
        """
    @property
    def annotated(self, /) -> int:
        """
        Items fully annotated, not all accepted.
        """
    @staticmethod
    def from_dict(data: Any) -> StatusCounts:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> StatusCounts:
        """
        Parses the object from its JSON text.
        """
    @property
    def in_progress(self, /) -> int:
        """
        Items with fewer annotations than the overlap.
        """
    @property
    def new(self, /) -> int:
        """
        Items with no annotation.
        """
    @property
    def rejected(self, /) -> int:
        """
        Items with a rejected annotation.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def total(self, /) -> int:
        """
        All items.
        """

@final
class Stream:
    """
    The body of an answer, read as it arrives: as JSON lines parsed into
    transport objects or dicts, or as raw bytes. Memory stays constant
    whatever the size of the body.
    """
    def __repr__(self, /) -> str: ...
    @property
    def bytes_read(self, /) -> int:
        """
        The bytes of the body read so far.
        """
    def close(self, /) -> None:
        """
        Stops reading and closes the connection.
        """
    def header(self, /, name: str) -> str | None:
        """
        The value of the first header of this name (any letter case), or `None`.
        """
    @property
    def headers(self, /) -> list[tuple[str, str]]:
        """
        The headers, as (lower-case name, value) pairs, in the order received.
        """
    def next_dicts(self, /, max_items: SupportsIndex = 1000) -> "list[dict[str, Any]]":
        """
        Up to `max_items` JSON lines, each parsed into plain Python values
        (dicts, lists, strings, numbers); an empty list at the end.
        """
    def next_objects(self, /, item_type: type, max_items: SupportsIndex = 1000) -> "list[Any]":
        """
        Up to `max_items` JSON lines, each parsed into the transport type
        `item_type` (e.g. `ExportedItem`); an empty list at the end.
        """
    def next_rows(self, /, columns: Columns, max_items: SupportsIndex = 1000) -> tuple[int, str | None]:
        """
        Up to `max_items` JSON lines of exported items, added to `columns` as
        table rows. Returns the number of items read, 0 at the end, and the
        last one's id. The lines of a call that fails are not added.
        """
    def read(self, /, size: SupportsIndex = ...) -> bytes:
        """
        Up to `size` bytes of the body; empty at the end.
        """
    def read_all(self, /) -> bytes:
        """
        The rest of the body (for short answers, such as errors).
        """
    @property
    def status(self, /) -> int:
        """
        The HTTP status code.
        """

@final
class TokenList:
    """
    `GET /me/tokens`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> TokenList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> TokenList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> TokenList:
        """
        Parses the object from its JSON text.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def tokens(self, /) -> list[ApiToken]:
        """
        The caller's tokens that are neither revoked nor expired, oldest first.
        """

@final
class UpdateAnnotationRequest:
    """
    `PATCH /annotations/{annotation_id}`: the fields to change.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> UpdateAnnotationRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> UpdateAnnotationRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> UpdateAnnotationRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def guideline_version(self, /) -> int | None:
        """
        The guideline version the annotator saw.
        """
    @property
    def time_spent_ms(self, /) -> int | None:
        """
        Total time spent, in milliseconds: at most a day (86,400,000).
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def value(self, /) -> Any | None:
        """
        New answers, checked against the annotation UI version in force.
        """

@final
class UpdateItemRequest:
    """
    `PATCH /items/{item_id}`: the fields to change.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> UpdateItemRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def data(self, /) -> Any | None:
        """
        New data, checked against the annotation UI like an import.
        """
    @staticmethod
    def from_dict(data: Any) -> UpdateItemRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> UpdateItemRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def metadata(self, /) -> Any | None:
        """
        New metadata.
        """
    @property
    def priority(self, /) -> float | None:
        """
        New priority in the work queue (the highest first).
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class UpdateMemberRequest:
    """
    `PATCH /organizations/{org_id}/members/{user_id}`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> UpdateMemberRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> UpdateMemberRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> UpdateMemberRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def role(self, /) -> Role:
        """
        The new role; the caller must be allowed to grant both the old and the new role.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class UpdateOrganizationRequest:
    """
    `PATCH /organizations/{org_id}`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> UpdateOrganizationRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> UpdateOrganizationRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> UpdateOrganizationRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def name(self, /) -> str:
        """
        The new name, 1 to 200 characters, no control characters.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class UpdateProjectRequest:
    """
    `PATCH /projects/{project_id}`: the fields to change.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> UpdateProjectRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def archived(self, /) -> bool | None:
        """
        `true` archives the project (kept with its data, read-only), `false`
        restores it; managers archive and restore only the projects they created.
        """
    @property
    def description(self, /) -> str | None:
        """
        A new description, up to 10,000 characters.
        """
    @staticmethod
    def from_dict(data: Any) -> UpdateProjectRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> UpdateProjectRequest:
        """
        Parses the object from its JSON text.
        """
    @property
    def lease_seconds(self, /) -> int | None:
        """
        A new lease time in seconds, 10 to 86,400, for leases given from now on.
        """
    @property
    def name(self, /) -> str | None:
        """
        A new name, 1 to 200 characters, no control characters.
        """
    @property
    def overlap(self, /) -> int | None:
        """
        A new overlap, 1 to 20; items already annotated more often keep their annotations.
        """
    @property
    def show_predictions(self, /) -> bool | None:
        """
        Show annotators a model's prediction as their form's starting point
        (`true`), or not (`false`: no anchoring).
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class UpdateWebhookRequest:
    """
    `PATCH /organizations/{org_id}/webhooks/{webhook_id}`: the fields to change.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> UpdateWebhookRequest:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def active(self, /) -> bool | None:
        """
        `false` pauses it: events that happen meanwhile are not sent to it;
        deliveries already pending still are.
        """
    @property
    def description(self, /) -> str | None:
        """
        A new description, up to 500 characters.
        """
    @property
    def events(self, /) -> list[WebhookEventType] | None:
        """
        The events to send from now on, at least one.
        """
    @staticmethod
    def from_dict(data: Any) -> UpdateWebhookRequest:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> UpdateWebhookRequest:
        """
        Parses the object from its JSON text.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def url(self, /) -> str | None:
        """
        A new URL (see `CreateWebhookRequest.url`).
        """

@final
class User:
    """
    A user account.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> User:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def created_at(self, /) -> datetime:
        """
        When the account was created.
        """
    @property
    def email(self, /) -> str:
        """
        The email address the user signs in with, as they typed it.
        """
    @staticmethod
    def from_dict(data: Any) -> User:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> User:
        """
        Parses the object from its JSON text.
        """
    @property
    def id(self, /) -> UUID:
        """
        The user's id.
        """
    @property
    def name(self, /) -> str:
        """
        The name shown to other members.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class Verdict:
    """
    A reviewer's verdict.
    """
    ACCEPT: Final[Verdict]
    """
    The annotation is right.
    """
    REJECT: Final[Verdict]
    """
    The annotation must be fixed.
    """
    def __eq__(self, other: object, /) -> bool:
        """
        Members equal themselves and their JSON names.
        """
    def __hash__(self, /) -> int:
        """
        The hash of the JSON name, so a member and its name are one dict key.
        """
    def __int__(self, /) -> int: ...
    def __ne__(self, other: object, /) -> bool:
        """
        Members differ from other members and other names.
        """
    def __new__(cls, /, value: str) -> Verdict:
        """
        The member of this name (its JSON name, e.g. `"in_progress"`).
        """
    def __reduce__(self, /) -> tuple[type, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    def __str__(self, /) -> str: ...
    @property
    def value(self, /) -> str:
        """
        The member's JSON name.
        """

@final
class Webhook:
    """
    A subscription of a URL to an organization's (or one project's) events.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> Webhook:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def active(self, /) -> bool:
        """
        Whether new events are sent to it.
        """
    @property
    def created_at(self, /) -> datetime:
        """
        When it was made.
        """
    @property
    def created_by(self, /) -> UUID | None:
        """
        Who made it; `null` when that account is gone.
        """
    @property
    def description(self, /) -> str | None:
        """
        What it is for.
        """
    @property
    def events(self, /) -> list[WebhookEventType]:
        """
        The events sent to it.
        """
    @staticmethod
    def from_dict(data: Any) -> Webhook:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> Webhook:
        """
        Parses the object from its JSON text.
        """
    @property
    def id(self, /) -> UUID:
        """
        The webhook's id.
        """
    @property
    def organization_id(self, /) -> UUID:
        """
        Its organization.
        """
    @property
    def previous_secret_expires_at(self, /) -> datetime | None:
        """
        Until when the secret it had before its last rotation still signs
        too; `null` when only one secret signs.
        """
    @property
    def project_id(self, /) -> UUID | None:
        """
        Its project; `null` for every project of the organization.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def updated_at(self, /) -> datetime:
        """
        When it last changed.
        """
    @property
    def url(self, /) -> str:
        """
        Where events are POSTed.
        """

@final
class WebhookAttempt:
    """
    One attempt at a delivery.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> WebhookAttempt:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def attempted_at(self, /) -> datetime:
        """
        When it started.
        """
    @property
    def error(self, /) -> str | None:
        """
        Why it failed without an answer (refused address, timeout,
        connection error); `null` otherwise.
        """
    @staticmethod
    def from_dict(data: Any) -> WebhookAttempt:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> WebhookAttempt:
        """
        Parses the object from its JSON text.
        """
    @property
    def latency_ms(self, /) -> int:
        """
        How long it took, in milliseconds.
        """
    @property
    def response_status(self, /) -> int | None:
        """
        The receiver's HTTP status; `null` when it did not answer.
        """
    @property
    def succeeded(self, /) -> bool:
        """
        Whether the receiver answered 2xx.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class WebhookDelivery:
    """
    The delivery of one event to one webhook: its payload and where it stands.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> WebhookDelivery:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def attempt_count(self, /) -> int:
        """
        Attempts made so far.
        """
    @property
    def created_at(self, /) -> datetime:
        """
        When the event happened.
        """
    @property
    def event_id(self, /) -> UUID:
        """
        The event's id: the `webhook-id` header of every attempt, the same
        in every retry and redelivery, for receivers to drop duplicates.
        """
    @property
    def event_type(self, /) -> WebhookEventType:
        """
        The event's type.
        """
    @staticmethod
    def from_dict(data: Any) -> WebhookDelivery:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> WebhookDelivery:
        """
        Parses the object from its JSON text.
        """
    @property
    def last_response_status(self, /) -> int | None:
        """
        The receiver's HTTP status at the last attempt; `null` before any, or
        when it did not answer.
        """
    @property
    def next_attempt_at(self, /) -> datetime | None:
        """
        When the next attempt is due; `null` unless pending.
        """
    @property
    def payload(self, /) -> Any:
        """
        The body POSTed: `{"type": ..., "timestamp": ..., "data": {...}}`.
        """
    @property
    def status(self, /) -> WebhookDeliveryStatus:
        """
        Where it stands.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def webhook_id(self, /) -> UUID:
        """
        The webhook.
        """

@final
class WebhookDeliveryList:
    """
    `GET /organizations/{org_id}/webhooks/{webhook_id}/deliveries`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> WebhookDeliveryList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def deliveries(self, /) -> list[WebhookDelivery]:
        """
        The webhook's deliveries, newest first.
        """
    @staticmethod
    def from_dict(data: Any) -> WebhookDeliveryList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> WebhookDeliveryList:
        """
        Parses the object from its JSON text.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class WebhookDeliveryResponse:
    """
    `GET .../deliveries/{event_id}`: a delivery with every attempt at it.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> WebhookDeliveryResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @property
    def attempts(self, /) -> list[WebhookAttempt]:
        """
        Its attempts, oldest first.
        """
    @property
    def delivery(self, /) -> WebhookDelivery:
        """
        The delivery.
        """
    @staticmethod
    def from_dict(data: Any) -> WebhookDeliveryResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> WebhookDeliveryResponse:
        """
        Parses the object from its JSON text.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """

@final
class WebhookDeliveryStatus:
    """
    Where the delivery of one event to one webhook stands.
    """
    FAILED: Final[WebhookDeliveryStatus]
    """
    Every attempt for a day failed; redeliver it to try again.
    """
    PENDING: Final[WebhookDeliveryStatus]
    """
    Not delivered yet: the next attempt is at `next_attempt_at`.
    """
    SUCCEEDED: Final[WebhookDeliveryStatus]
    """
    The receiver answered 2xx.
    """
    def __eq__(self, other: object, /) -> bool:
        """
        Members equal themselves and their JSON names.
        """
    def __hash__(self, /) -> int:
        """
        The hash of the JSON name, so a member and its name are one dict key.
        """
    def __int__(self, /) -> int: ...
    def __ne__(self, other: object, /) -> bool:
        """
        Members differ from other members and other names.
        """
    def __new__(cls, /, value: str) -> WebhookDeliveryStatus:
        """
        The member of this name (its JSON name, e.g. `"in_progress"`).
        """
    def __reduce__(self, /) -> tuple[type, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    def __str__(self, /) -> str: ...
    @property
    def value(self, /) -> str:
        """
        The member's JSON name.
        """

@final
class WebhookEventType:
    """
    What happened, as a webhook's event `type` names it.
    """
    ANNOTATION_CREATED: Final[WebhookEventType]
    """
    An annotator annotated an item.
    """
    ANNOTATION_UPDATED: Final[WebhookEventType]
    """
    An annotation's value, guideline version or time spent changed.
    """
    IMPORT_FINISHED: Final[WebhookEventType]
    """
    An import of items finished and committed.
    """
    ITEM_COMPLETED: Final[WebhookEventType]
    """
    An item got all the annotations it needs (its status became
    `annotated`, or `accepted`).
    """
    RELEASE_CREATED: Final[WebhookEventType]
    """
    A dataset release was made.
    """
    REVIEW_CREATED: Final[WebhookEventType]
    """
    A reviewer accepted or rejected an annotation.
    """
    def __eq__(self, other: object, /) -> bool:
        """
        Members equal themselves and their JSON names.
        """
    def __hash__(self, /) -> int:
        """
        The hash of the JSON name, so a member and its name are one dict key.
        """
    def __int__(self, /) -> int: ...
    def __ne__(self, other: object, /) -> bool:
        """
        Members differ from other members and other names.
        """
    def __new__(cls, /, value: str) -> WebhookEventType:
        """
        The member of this name (its JSON name, e.g. `"in_progress"`).
        """
    def __reduce__(self, /) -> tuple[type, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    def __str__(self, /) -> str: ...
    @property
    def value(self, /) -> str:
        """
        The member's JSON name.
        """

@final
class WebhookList:
    """
    `GET /organizations/{org_id}/webhooks`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> WebhookList:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> WebhookList:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> WebhookList:
        """
        Parses the object from its JSON text.
        """
    @property
    def pagination(self, /) -> Pagination:
        """
        Where the next page starts.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def webhooks(self, /) -> list[Webhook]:
        """
        The organization's webhooks, oldest first.
        """

@final
class WebhookResponse:
    """
    `GET /organizations/{org_id}/webhooks/{webhook_id}`.
    """
    __wire_fields__: Final[list[str]]
    """
    The JSON names of the fields, in order (the attributes carry the same
    names, except where a JSON name is a Python builtin: `type` is `kind`).
    """
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __new__(cls, /, **fields: "Any") -> WebhookResponse:
        """
        Builds the object from its fields, by their JSON names, checked
        as the API checks them (required fields, defaults, formats).
        """
    def __reduce__(self, /) -> tuple[Any, tuple[str]]: ...
    def __repr__(self, /) -> str: ...
    @staticmethod
    def from_dict(data: Any) -> WebhookResponse:
        """
        Builds the object from a dict in the wire shape (as `to_dict` gives).
        """
    @staticmethod
    def from_json(json: str) -> WebhookResponse:
        """
        Parses the object from its JSON text.
        """
    def to_dict(self, /) -> "dict[str, Any]":
        """
        The object in the wire shape, as plain Python values: ids and
        times as strings, enums as their names, nested objects as dicts.
        """
    def to_json(self, /) -> str:
        """
        The object as JSON text, exactly as the API sends it.
        """
    @property
    def webhook(self, /) -> Webhook:
        """
        The webhook.
        """

def encode_lines(item_type: type, values: Any, first_index: SupportsIndex = 0) -> bytes:
    """
    Checks each of `values` (dicts, or objects of `item_type`) against the
    transport type `item_type` (e.g. `ItemInput`) by its serde rules, and
    returns them as NDJSON, one per line. Problems name the value by its
    position, counted from `first_index`.
    """
