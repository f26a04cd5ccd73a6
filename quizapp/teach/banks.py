"""Banks of questions: from documents, reviewed and edited by the teacher.

Views only translate HTTP: reading documents is the engine's job (`questions`), the rules
for questions live in `services.questions_edit`, queries and merges in `services.banks`.
"""

from __future__ import annotations

import io
import json
from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from questions import Document, DocumentError, read_bytes, read_text
from quizapp.access import owned, teacher_required
from quizapp.extensions import db
from quizapp.models import QUESTION_TYPES, Bank, BankStatus, Question, QuestionStatus
from quizapp.services import banks as bank_service
from quizapp.services import form_keys, questions_edit
from quizapp.teach.bank_forms import (
    FILTER_KEYS,
    KIND_LABELS,
    STATUS_LABELS,
    TYPE_LABELS,
    ApproveTopForm,
    DocumentForm,
    FilterForm,
    ImportForm,
    QuestionForm,
    question_form,
)
from quizapp.teach.blueprint import bp
from quizapp.teach.once import made, sent_before

PER_PAGE = 50
LABELS = {"types": TYPE_LABELS, "kinds": KIND_LABELS, "statuses": STATUS_LABELS}


def _list_page(import_form: ImportForm) -> str:
    rows = db.session.scalars(
        select(Bank)
        .where(Bank.owner_id == current_user.id)
        .order_by(Bank.created_at.desc(), Bank.id.desc())
    ).all()
    return render_template("teach/banks.html", banks=rows, import_form=import_form)


@bp.get("/banks")
@teacher_required
def banks() -> str:
    """The teacher's banks, newest first."""
    return _list_page(ImportForm())


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n / 1_000:g} kB"


def _read_document(form: DocumentForm) -> Document:
    """The cleaned document from the upload or the pasted text; DocumentError otherwise."""
    upload = form.file.data
    if upload:
        return read_bytes(
            upload.read(),
            name=upload.filename or "document.txt",
            max_bytes=current_app.config["MAX_DOCUMENT_BYTES"],
        )
    return read_text(
        form.text.data or "",
        name="pasted text",
        fmt="txt",
        max_bytes=current_app.config["MAX_DOCUMENT_BYTES"],
    )


@bp.route("/banks/new", methods=["GET", "POST"])
@teacher_required
def bank_new() -> Response | str:
    """Paste or upload a document; its bank is generated in the background."""
    form = DocumentForm()
    if form.validate_on_submit():
        target = form.file if form.file.data else form.text
        if form.file.data and (form.text.data or "").strip():
            form.file.errors.append("Paste a text or upload a file, not both: clear one of them.")
        else:
            try:
                document = _read_document(form)
            except DocumentError as exc:
                target.errors.append(str(exc))
            else:
                if repeat := sent_before(form.once.data, "teach.banks"):
                    return repeat
                title = (form.title.data or "").strip() or document.title
                bank = bank_service.create_from_text(
                    current_user._get_current_object(), title, document.text, document.name
                )
                return made(form.once.data, url_for("teach.bank_detail", bank_id=bank.id))
    return render_template(
        "teach/bank_new.html", form=form, limit=_size(current_app.config["MAX_DOCUMENT_BYTES"])
    )


@bp.post("/banks/import")
@teacher_required
def bank_import() -> Response | str:
    """A bank from a `quizapp.bank/1` file (exported here or made by the command line)."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        if not upload:
            form.file.errors.append("Choose a bank file (.json) to import.")
        elif repeat := sent_before(form.once.data, "teach.banks"):
            return repeat
        else:
            try:
                bank = bank_service.import_json(
                    current_user._get_current_object(),
                    upload.read(),
                    upload.filename or "bank.json",
                )
            except bank_service.BankImportError as exc:
                form_keys.release(form.once.data)
                form.file.errors.append(str(exc))
            else:
                flash(f"Imported {len(bank.questions)} questions into “{bank.title}”.", "success")
                return made(form.once.data, url_for("teach.bank_detail", bank_id=bank.id))
    return _list_page(form)


def _kept_args() -> dict[str, str]:
    """The filters and page of the bank page, carried through forms and redirects."""
    return {k: v for k in (*FILTER_KEYS, "page") if (v := request.args.get(k, "").strip())}


def _back(bank_id: int, anchor: str | None = None) -> Response:
    return redirect(url_for("teach.bank_detail", bank_id=bank_id, _anchor=anchor, **_kept_args()))


def _filters() -> FilterForm:
    form = FilterForm(request.args)
    form.validate()
    return form


@bp.get("/banks/<int:bank_id>")
@teacher_required
def bank_detail(bank_id: int) -> str:
    """Progress while generating; then the questions, filtered, with review buttons."""
    bank = owned(Bank, bank_id)
    keep = _kept_args()
    context: dict[str, Any] = {
        "bank": bank,
        "labels": LABELS,
        "keep": keep,
        "filter_args": {k: v for k, v in keep.items() if k != "page"},
    }
    if bank.status is BankStatus.READY:
        filters = _filters()
        context |= {
            "filters": filters,
            "page": db.paginate(
                bank_service.filtered(bank, filters.selection()),
                page=request.args.get("page", 1, type=int),
                per_page=PER_PAGE,
                error_out=False,
            ),
            "counts": bank_service.status_counts(bank),
            "retired": bank_service.retired_count(bank),
            "approve_form": ApproveTopForm(),
            "question_types": QUESTION_TYPES,
        }
    return render_template("teach/bank_detail.html", **context)


@bp.get("/banks/<int:bank_id>/status.json")
@teacher_required
def bank_status(bank_id: int) -> Response:
    """Generation progress, polled by the bank page."""
    return jsonify(bank_service.progress_of(owned(Bank, bank_id)))


@bp.post("/banks/<int:bank_id>/approve-top")
@teacher_required
def bank_approve_top(bank_id: int) -> Response:
    """Approve the best N new questions among those the filters show."""
    bank = owned(Bank, bank_id)
    form = ApproveTopForm()
    if not form.validate_on_submit():
        flash("Give how many questions to approve, from 1 to 500.", "error")
        return _back(bank.id)
    approved = bank_service.approve_top(bank, _filters().selection(), form.count.data or 0)
    db.session.commit()
    flash(
        f"Approved {approved} question{'s' if approved != 1 else ''}."
        if approved
        else "No new questions match these filters.",
        "success" if approved else "info",
    )
    return _back(bank.id)


def _owned_question(question_id: int) -> Question:
    """The question if its bank belongs to the current teacher; 404 otherwise."""
    question = db.session.get(Question, question_id)
    if question is None or question.bank.owner_id != current_user.id:
        abort(404)
    return question


@bp.post("/questions/<int:question_id>/status")
@teacher_required
def question_status(question_id: int) -> Response:
    """Approve, reject or reset one question; JSON for the page's script, else a redirect."""
    question = _owned_question(question_id)
    try:
        question.status = QuestionStatus(request.form.get("status", ""))
    except ValueError:
        abort(400)
    db.session.commit()
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json":
        counts = bank_service.status_counts(question.bank)
        return jsonify(
            {
                "id": question.id,
                "status": question.status.value,
                "label": STATUS_LABELS[question.status.value],
                "counts": {s.value: n for s, n in counts.items()},
            }
        )
    return _back(question.bank_id, f"q-{question.id}")


def _apply_errors(form: QuestionForm, exc: questions_edit.InvalidQuestion) -> None:
    for name, message in exc.errors.items():
        if name in form._fields:
            form._fields[name].errors = [*form._fields[name].errors, message]
        else:
            flash(message, "error")


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@teacher_required
def question_edit(question_id: int) -> Response | str:
    """Edit a question; re-generating the bank will keep the edit."""
    question = _owned_question(question_id)
    draft = questions_edit.draft_of(question)
    form = question_form(question.type, new=False)(
        data={
            "kind": draft.kind,
            "prompt": draft.prompt,
            "answer": draft.answer,
            "accept": "\n".join(draft.accept),
            "choices": "\n".join(draft.choices),
        }
    )
    if form.validate_on_submit():
        try:
            questions_edit.apply_edit(question, form.draft(question.type))
        except questions_edit.QuestionInUse as exc:
            flash(str(exc), "error")
            return _back(question.bank_id, f"q-{question.id}")
        except questions_edit.InvalidQuestion as exc:
            _apply_errors(form, exc)
        else:
            db.session.commit()
            flash("Question saved.", "success")
            return _back(question.bank_id, f"q-{question.id}")
    return render_template(
        "teach/bank_question.html",
        form=form,
        bank=question.bank,
        question=question,
        qtype=question.type,
        labels=LABELS,
        keep=_kept_args(),
    )


@bp.route("/banks/<int:bank_id>/questions/new", methods=["GET", "POST"])
@teacher_required
def question_new(bank_id: int) -> Response | str:
    """Write a question by hand, in any type; it is approved at once."""
    bank = owned(Bank, bank_id)
    qtype = request.args.get("type", "")
    if qtype not in QUESTION_TYPES:
        return render_template(
            "teach/bank_question_types.html",
            bank=bank,
            labels=LABELS,
            question_types=QUESTION_TYPES,
            keep=_kept_args(),
        )
    form = question_form(qtype, new=True)(data={"kind": "event" if qtype == "ordering" else "date"})
    if form.validate_on_submit():
        if repeat := sent_before(form.once.data, "teach.banks"):
            return repeat
        try:
            question = questions_edit.create_manual(bank, form.draft(qtype))
        except questions_edit.InvalidQuestion as exc:
            db.session.rollback()
            form_keys.release(form.once.data)
            _apply_errors(form, exc)
        else:
            db.session.flush()
            flash("Question added and approved.", "success")
            return made(
                form.once.data,
                url_for(
                    "teach.bank_detail", bank_id=bank_id, _anchor=f"q-{question.id}", **_kept_args()
                ),
            )
    return render_template(
        "teach/bank_question.html",
        form=form,
        bank=bank,
        question=None,
        qtype=qtype,
        labels=LABELS,
        keep=_kept_args(),
    )


@bp.post("/banks/<int:bank_id>/regenerate")
@teacher_required
def bank_regenerate(bank_id: int) -> Response:
    """Generate the bank again from its document; edits and hand-written questions stay."""
    bank = owned(Bank, bank_id)
    if not bank.source_text:
        flash("This bank was imported, so there is no document to generate it from.", "error")
    elif not bank_service.regenerate(bank):
        flash("This bank is already being generated.", "info")
    return redirect(url_for("teach.bank_detail", bank_id=bank_id))


@bp.get("/banks/<int:bank_id>/export.json")
@teacher_required
def bank_export(bank_id: int) -> Response:
    """Download the questions the teacher kept, as a `quizapp.bank/1` file."""
    bank = owned(Bank, bank_id)
    body = json.dumps(bank_service.export_json(bank), ensure_ascii=False, indent=2) + "\n"
    name = "".join(c if c.isalnum() or c in " -_" else " " for c in bank.title).strip()
    return send_file(
        io.BytesIO(body.encode("utf-8")),
        mimetype="application/json",
        as_attachment=True,
        download_name=f"{name or 'bank'}.json",
    )


@bp.post("/banks/<int:bank_id>/delete")
@teacher_required
def bank_delete(bank_id: int) -> Response:
    """Delete a bank, unless a quiz uses its questions."""
    bank = owned(Bank, bank_id)
    try:
        bank_service.delete(bank)
    except bank_service.BankInUseError as exc:
        flash(str(exc), "error")
        return redirect(url_for("teach.bank_detail", bank_id=bank.id))
    db.session.commit()
    flash(f"Bank “{bank.title}” deleted.", "success")
    return redirect(url_for("teach.banks"))
