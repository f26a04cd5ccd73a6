"""Background jobs: in-process threads on one machine, RQ workers when REDIS_URL is set.

A job is named by its import path ("quizapp.services.generation.run") and takes plain
arguments, so the same call runs in a thread here or in an RQ worker on another server.
Jobs run inside an app context; with RQ the worker provides it (`flask rq-worker`).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from flask import Flask, current_app
from redis import Redis
from rq import Queue

log = logging.getLogger(__name__)


def resolve(path: str) -> Callable[..., Any]:
    module, _, name = path.rpartition(".")
    func: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return func


class Jobs:
    """The app's job queue; which backend runs jobs is a setting (`JOBS`)."""

    def __init__(self) -> None:
        self._executors: dict[int, ThreadPoolExecutor] = {}

    def init_app(self, app: Flask) -> None:
        app.extensions["quizapp.jobs"] = self
        if app.config["JOBS"] == "thread":
            # One worker: generation is CPU-bound and spaCy is not made faster by threads;
            # queued documents wait their turn instead of slowing every request.
            self._executors[id(app)] = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="quizapp-job"
            )

    def enqueue(self, path: str, *args: Any) -> str:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        mode = app.config["JOBS"]
        if mode == "inline":
            resolve(path)(*args)
            return "inline"
        if mode == "rq":
            queue = Queue("quizapp", connection=Redis.from_url(app.config["REDIS_URL"]))
            return str(queue.enqueue(path, *args, job_timeout=1800).id)
        future: Future[Any] = self._executors[id(app)].submit(self._run_in_app, app, path, args)
        future.add_done_callback(self._log_failure)
        return f"thread-{id(future)}"

    @staticmethod
    def _run_in_app(app: Flask, path: str, args: tuple[Any, ...]) -> Any:
        with app.app_context():
            return resolve(path)(*args)

    @staticmethod
    def _log_failure(future: Future[Any]) -> None:
        exc = future.exception()
        if exc is not None:
            log.error("background job failed", exc_info=exc)


jobs = Jobs()
