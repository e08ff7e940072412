"""Background jobs of delegations (django-tasks): a large spreadsheet import, run by `giaoban db_worker`
with the database backend, at once with the immediate one (development, tests)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_delegation_import(job_id: int) -> int:
    from .services import delegation_import_job_run

    return delegation_import_job_run(job_id=job_id).rows_checked
