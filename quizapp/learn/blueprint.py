"""The learn blueprint object, apart so that each topic module can add routes to it."""

from flask import Blueprint

bp = Blueprint("learn", __name__, url_prefix="/learn")
