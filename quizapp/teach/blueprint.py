"""The teach blueprint object, apart so that each topic module can add routes to it."""

from flask import Blueprint

bp = Blueprint("teach", __name__, url_prefix="/teach")
