"""The floor for bench/web.py: quizapp itself with a signed-in form post that does nothing.

It pays everything any student's form post pays before it does its work: the session
cookie, the CSRF check, the form and a JSON reply, on the same app and server. A save
can only be slower than this; how much slower is the cost of the saving itself.
"""

from flask import Flask, jsonify, request
from werkzeug.wrappers import Response

from quizapp import create_app as create_quizapp
from quizapp.access import signed_in_student


def create_app() -> Flask:
    app = create_quizapp()

    @signed_in_student
    def noop(student_id: int) -> Response:
        request.form.getlist("item")
        return jsonify(saved=True)

    app.add_url_rule("/bench/noop", "bench_noop", noop, methods=["POST"])
    return app
