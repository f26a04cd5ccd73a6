"""`flask --app quizapp ...` commands: seed the sample, add a teacher, run an RQ worker."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from redis import Redis
from rq import Queue, Worker

from quizapp.extensions import db
from quizapp.models import Role
from quizapp.services import accounts, banks, generation


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_sample)
    app.cli.add_command(create_teacher)
    app.cli.add_command(rq_worker)
    app.cli.add_command(setup_url)


@click.command("setup-url")
@click.option("--base", default="http://127.0.0.1:5000", help="Where the app is served.")
def setup_url(base: str) -> None:
    """Print the address that sets up the first teacher, with its one-time code."""
    if accounts.has_users():
        click.echo("quizapp is set up: sign in at " + base.rstrip("/") + "/login")
        return
    code = accounts.setup_code(Path(current_app.instance_path))
    click.echo(f"First visit: {base.rstrip('/')}/setup?code={code}")


@click.command("seed-sample")
def seed_sample() -> None:
    """Create the bundled sample bank (Italy–Russia relations) if it is not there yet."""
    bank = banks.seed_sample(enqueue=False)
    if bank is None:
        click.echo("sample bank already present")
        return
    generation.run(bank.id)
    click.echo(f"sample bank created: {len(bank.questions)} questions")


@click.command("create-teacher")
@click.option("--name", prompt=True)
@click.option("--email", prompt=True)
@click.password_option()
def create_teacher(name: str, email: str, password: str) -> None:
    """Add a teacher account (the first one is made on the setup page)."""
    try:
        user = accounts.create_user(name, email, password, Role.TEACHER)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"teacher {user.email} created")


@click.command("rq-worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def rq_worker(burst: bool) -> None:
    """Run a worker for background jobs (when REDIS_URL is set), inside this app's context."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set: jobs run in the app process.")
    connection = Redis.from_url(url)
    Worker([Queue("quizapp", connection=connection)], connection=connection).work(burst=burst)
