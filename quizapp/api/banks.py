"""Banks over the API: list, export and import in `quizapp.bank/1`."""

from __future__ import annotations

import json
from typing import TypedDict

from flask import abort, jsonify, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from quizapp.api.auth import api_user, error, teacher_token
from quizapp.api.blueprint import bp
from quizapp.extensions import db
from quizapp.models import Bank
from quizapp.services import banks as bank_service


class BankJSON(TypedDict):
    id: int
    title: str
    status: str
    questions: int
    created_at: str
    url: str


def _summary(bank: Bank) -> BankJSON:
    return {
        "id": bank.id,
        "title": bank.title,
        "status": bank.status.value,
        "questions": sum(1 for q in bank.questions if not q.retired),
        "created_at": bank.created_at.isoformat(),
        "url": url_for("api.bank", bank_id=bank.id),
    }


def _own_bank(bank_id: int) -> Bank:
    bank = db.session.get(Bank, bank_id)
    if bank is None or bank.owner_id != api_user().id:
        abort(404)
    return bank


@bp.get("/banks")
@teacher_token
def banks() -> Response:
    """The teacher's banks, newest first."""
    rows = db.session.scalars(
        select(Bank)
        .where(Bank.owner_id == api_user().id)
        .order_by(Bank.created_at.desc(), Bank.id.desc())
    ).all()
    return jsonify(banks=[_summary(b) for b in rows])


@bp.get("/banks/<int:bank_id>")
@teacher_token
def bank(bank_id: int) -> Response:
    """One of the teacher's banks as a `quizapp.bank/1` document."""
    return jsonify(bank_service.export_json(_own_bank(bank_id)))


@bp.post("/banks")
@teacher_token
def bank_import() -> Response | tuple[Response, int]:
    """A new bank from a `quizapp.bank/1` body: 201 with its address in Location."""
    if not request.is_json:
        abort(415)
    raw = request.get_data(cache=False)
    try:
        json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return error(400, "The body is not valid JSON.")
    try:
        bank = bank_service.import_json(api_user(), raw, "API upload")
    except bank_service.BankImportError as exc:
        return error(422, str(exc))
    response = jsonify(_summary(bank))
    response.status_code = 201
    response.headers["Location"] = url_for("api.bank", bank_id=bank.id)
    return response
