"""The generation job: a stored document becomes a ranked bank, with progress.

Runs in a background thread or an RQ worker (quizapp.jobs), inside an app context.
"""

from __future__ import annotations

import logging

from questions import DocumentError, generate_bank, read_text
from quizapp.extensions import db
from quizapp.models import Bank, BankStatus
from quizapp.services.banks import store_generated

log = logging.getLogger(__name__)


def run(bank_id: int) -> None:
    bank = db.session.get(Bank, bank_id)
    if bank is None:
        return
    bank.status, bank.progress = BankStatus.RUNNING, 1
    db.session.commit()
    last = [0]

    def progress(share: float) -> None:
        percent = max(1, min(99, int(share * 100)))
        if percent >= last[0] + 5:
            last[0] = percent
            bank.progress = percent
            db.session.commit()

    try:
        document = read_text(bank.source_text, name=bank.source_name or bank.title)
        generated = generate_bank([document], progress=progress)
    except DocumentError as exc:
        bank.status, bank.error = BankStatus.FAILED, str(exc)[:500]
        db.session.commit()
        return
    except Exception:
        log.exception("generation of bank %s failed", bank_id)
        db.session.rollback()
        bank = db.session.get(Bank, bank_id)
        if bank is not None:
            bank.status = BankStatus.FAILED
            bank.error = "The generator failed on this document; the error has been logged."
            db.session.commit()
        raise
    store_generated(bank, generated)
    db.session.commit()
