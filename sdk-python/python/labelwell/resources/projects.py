"""Projects, their members, annotation UI and guidelines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Union

from .._base import Id, Resource, operation, segment
from .._native import (
    AnnotationUi,
    AnnotationUiList,
    AnnotationUiResponse,
    AnnotationUiSchema,
    AssignProjectMemberRequest,
    CreateProjectRequest,
    Guideline,
    GuidelineList,
    GuidelineResponse,
    Project,
    ProjectList,
    ProjectMember,
    ProjectMemberList,
    ProjectMemberResponse,
    ProjectResponse,
    PublishAnnotationUiRequest,
    PublishGuidelineRequest,
    UpdateProjectRequest,
)
from .._pagination import Pager
from .._transport import request_body


class Projects(Resource):
    """Annotation projects and who is assigned to them: `client.projects`."""

    @operation("list_projects")
    def list(self, org_id: Id, *, include_archived: bool = False, page_size: int | None = None) -> Pager[Project]:
        """The organization's projects the caller may see, oldest first."""
        return Pager(
            self._transport,
            f"/organizations/{segment(org_id)}/projects",
            page_type=ProjectList,
            key="projects",
            query={"include_archived": include_archived or None},
            page_size=page_size,
        )

    @operation("create_project")
    def create(
        self,
        org_id: Id,
        *,
        name: str,
        description: str | None = None,
        overlap: int | None = None,
        lease_seconds: int | None = None,
    ) -> Project:
        """Creates a project. `overlap` is how many annotators label each item
        (1 to 20, default 1); `lease_seconds` how long the queue reserves an
        item for its annotator (default 600)."""
        fields: dict[str, Any] = {"name": name, "overlap": overlap, "lease_seconds": lease_seconds}
        if description is not None:
            fields["description"] = description
        body = request_body(CreateProjectRequest, **fields)
        path = f"/organizations/{segment(org_id)}/projects"
        return self._transport.request("POST", path, body=body, decode=ProjectResponse).project

    @operation("get_project")
    def get(self, project_id: Id) -> Project:
        """One project."""
        return self._transport.request("GET", f"/projects/{segment(project_id)}", decode=ProjectResponse).project

    @operation("update_project")
    def update(
        self,
        project_id: Id,
        *,
        name: str | None = None,
        description: str | None = None,
        overlap: int | None = None,
        lease_seconds: int | None = None,
        archived: bool | None = None,
        show_predictions: bool | None = None,
    ) -> Project:
        """Changes the given settings; `archived=True` archives the project (its
        data kept, read-only), `archived=False` restores it;
        `show_predictions=True` shows annotators a model's prediction as their
        form's starting point (and lets annotators and reviewers read
        predictions), `False` (the default of a project) keeps them unanchored.

        Managers archive and restore only the projects they created.
        """
        body = request_body(
            UpdateProjectRequest,
            name=name,
            description=description,
            overlap=overlap,
            lease_seconds=lease_seconds,
            archived=archived,
            show_predictions=show_predictions,
        )
        path = f"/projects/{segment(project_id)}"
        return self._transport.request("PATCH", path, body=body, decode=ProjectResponse).project

    def archive(self, project_id: Id) -> Project:
        """Archives a project: its data is kept, read-only, until
        `update(project_id, archived=False)` restores it. Same as
        `update(project_id, archived=True)`."""
        return self.update(project_id, archived=True)

    @operation("delete_project")
    def delete(self, project_id: Id) -> None:
        """Deletes a project with everything in it: items, annotations, reviews,
        annotation UI and guideline versions, assignments. Cannot be undone;
        `archive` keeps the data instead. Managers delete only the projects they
        created."""
        self._transport.request("DELETE", f"/projects/{segment(project_id)}")

    @operation("list_project_members")
    def list_members(self, project_id: Id, *, page_size: int | None = None) -> Pager[ProjectMember]:
        """The members assigned to the project."""
        return Pager(
            self._transport,
            f"/projects/{segment(project_id)}/members",
            page_type=ProjectMemberList,
            key="members",
            page_size=page_size,
        )

    @operation("assign_project_member")
    def assign_member(self, project_id: Id, user_id: Id) -> ProjectMember:
        """Assigns a member of the organization (an annotator or reviewer) to the project."""
        body = request_body(AssignProjectMemberRequest, user_id=user_id)
        path = f"/projects/{segment(project_id)}/members"
        return self._transport.request("POST", path, body=body, decode=ProjectMemberResponse).member

    @operation("unassign_project_member")
    def unassign_member(self, project_id: Id, user_id: Id) -> None:
        """Removes a member's assignment to the project."""
        self._transport.request("DELETE", f"/projects/{segment(project_id)}/members/{segment(user_id)}")


#: An annotation UI schema, as an `AnnotationUiSchema` or a dict of its JSON.
SchemaLike = Union[AnnotationUiSchema, Mapping[str, Any]]


class AnnotationUI(Resource):
    """What annotators see and answer, in versions: `client.annotation_ui`."""

    @operation("get_annotation_ui")
    def get(self, project_id: Id) -> AnnotationUi:
        """The version in force."""
        path = f"/projects/{segment(project_id)}/annotation-ui"
        return self._transport.request("GET", path, decode=AnnotationUiResponse).annotation_ui

    @operation("publish_annotation_ui")
    def publish(self, project_id: Id, schema: SchemaLike) -> AnnotationUi:
        """Publishes a new version: `{"fields": [...], "questions": [...]}`."""
        body = request_body(PublishAnnotationUiRequest, schema=schema)
        path = f"/projects/{segment(project_id)}/annotation-ui"
        return self._transport.request("PUT", path, body=body, decode=AnnotationUiResponse).annotation_ui

    @operation("get_annotation_ui_version")
    def get_version(self, project_id: Id, version: int) -> AnnotationUi:
        """One version: the one a lease or an annotation names."""
        path = f"/projects/{segment(project_id)}/annotation-ui/versions/{segment(version)}"
        return self._transport.request("GET", path, decode=AnnotationUiResponse).annotation_ui

    @operation("list_annotation_ui_versions")
    def versions(self, project_id: Id, *, page_size: int | None = None) -> Pager[AnnotationUi]:
        """Every published version, oldest first."""
        return Pager(
            self._transport,
            f"/projects/{segment(project_id)}/annotation-ui/versions",
            page_type=AnnotationUiList,
            key="annotation_uis",
            page_size=page_size,
        )


class Guidelines(Resource):
    """Instructions for annotators, in versions: `client.guidelines`."""

    @operation("get_guideline")
    def get(self, project_id: Id) -> Guideline:
        """The latest version."""
        path = f"/projects/{segment(project_id)}/guideline"
        return self._transport.request("GET", path, decode=GuidelineResponse).guideline

    @operation("get_guideline_version")
    def get_version(self, project_id: Id, version: int) -> Guideline:
        """One version."""
        path = f"/projects/{segment(project_id)}/guideline/versions/{segment(version)}"
        return self._transport.request("GET", path, decode=GuidelineResponse).guideline

    @operation("publish_guideline")
    def publish(self, project_id: Id, *, text: str, annotation_ui_version: int) -> Guideline:
        """Publishes a new version: Markdown `text` for an annotation UI version."""
        body = request_body(PublishGuidelineRequest, text=text, annotation_ui_version=annotation_ui_version)
        path = f"/projects/{segment(project_id)}/guideline"
        return self._transport.request("PUT", path, body=body, decode=GuidelineResponse).guideline

    @operation("list_guideline_versions")
    def versions(self, project_id: Id, *, page_size: int | None = None) -> Pager[Guideline]:
        """Every version, oldest first."""
        return Pager(
            self._transport,
            f"/projects/{segment(project_id)}/guideline/versions",
            page_type=GuidelineList,
            key="guidelines",
            page_size=page_size,
        )
