"""Model predictions: imported by external id, read per item, compared with accepted labels."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Union

from .._base import Id, Resource, operation, segment
from .._bulk import length_of, send_in_batches
from .._native import (
    ImportPredictionsResponse,
    ModelAgreement,
    ModelAgreementList,
    Prediction,
    PredictionInput,
    PredictionList,
)

#: A prediction to import: `{"external_id": ..., "model": ..., "model_version": ...,
#: "value": {...}, "scores": {...}}` or a `PredictionInput`.
PredictionLike = Union[Mapping[str, Any], PredictionInput]

#: Predictions per import request: each request is all-or-nothing, and retried as a whole.
DEFAULT_PREDICTION_BATCH = 5000


class Predictions(Resource):
    """What models answer for items: `client.predictions`.

    ```python
    client.predictions.import_items(
        project_id,
        ({"external_id": e, "value": {"sentiment": label}, "scores": {"sentiment": p}} for e, label, p in rows),
        model="sentiment-bert",
        model_version="2026-11-30",
    )
    client.predictions.agreement(project_id)  # how often each version's answer is the one accepted
    ```
    """

    @operation("import_predictions")
    def import_items(
        self,
        project_id: Id,
        predictions: Iterable[PredictionLike],
        *,
        model: str | None = None,
        model_version: str | None = None,
        batch_size: int = DEFAULT_PREDICTION_BATCH,
        progress: bool | None = None,
    ) -> ImportPredictionsResponse:
        """Imports model predictions from any iterable (a list, a generator),
        each naming its item by `external_id`, in batches of `batch_size`
        sent as NDJSON; memory stays bounded by one batch.

        Each prediction gives the `model`, its `model_version`, the `value`
        (answers by question name, checked against the annotation UI like an
        annotation's, though required questions may be left out) and,
        optionally, `scores` (the model's confidence in each answer, 0 to 1).
        `model` and `model_version`, when given here, fill the dicts that lack
        them. A prediction replaces the item's prediction of the same model
        version, so a batch may be retried.

        Each batch is all-or-nothing. On an error (an unknown external id, an
        answer the annotation UI does not allow), the batches before it are
        imported; the error's field paths name predictions by their position
        in `predictions` (`predictions[5003].value.sentiment`). Returns how
        many predictions were imported.
        """
        imported = 0
        for answer in send_in_batches(
            self._transport,
            f"/projects/{segment(project_id)}/predictions",
            _with_model(predictions, model, model_version),
            line_type=PredictionInput,
            decode=ImportPredictionsResponse,
            batch_size=batch_size,
            progress=progress,
            desc="importing predictions",
            noun="predictions",
            total=length_of(predictions),
        ):
            imported += answer.imported
        return ImportPredictionsResponse(imported=imported)

    @operation("list_predictions_of_item")
    def list(self, item_id: Id) -> builtins.list[Prediction]:
        """An item's predictions, one per model version, newest import first.
        Annotators and reviewers read them only while the project's
        `show_predictions` is on (else `PermissionDeniedError`)."""
        path = f"/items/{segment(item_id)}/predictions"
        return self._transport.request("GET", path, decode=PredictionList).predictions

    @operation("get_model_agreement")
    def agreement(self, project_id: Id) -> builtins.list[ModelAgreement]:
        """How often each model version's answer is the answer people
        accepted, per question of the annotation UI in force: `compared`
        accepted annotations, `agreed` of them the model's answer (lists
        compared as sets), and their ratio `agreement` (`None` when nothing
        was compared). By model, version and question."""
        path = f"/projects/{segment(project_id)}/predictions/agreement"
        return self._transport.request("GET", path, decode=ModelAgreementList).agreement


def _with_model(
    predictions: Iterable[PredictionLike], model: str | None, model_version: str | None
) -> Iterator[PredictionLike]:
    """The predictions, the mappings without a `model` or `model_version` given these."""
    defaults = {key: value for key, value in (("model", model), ("model_version", model_version)) if value is not None}
    for prediction in predictions:
        if defaults and isinstance(prediction, Mapping):
            missing = {key: value for key, value in defaults.items() if prediction.get(key) is None}
            if missing:
                prediction = {**prediction, **missing}
        yield prediction
