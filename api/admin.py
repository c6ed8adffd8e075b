"""POST /api/backup: a consistent copy of the served store, taken while it keeps serving.

The copy goes to a new directory under KG_BACKUP_DIR, named by the server (never by the client, so no
path can be smuggled in); the request needs the write token. `kg restore DIR` brings one back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify

from api.errors import ApiError

bp = Blueprint("admin", __name__)


@bp.post("/api/backup")
def backup() -> tuple[Response, int]:
    from api.rest import require_token  # noqa: PLC0415
    from kg import settings  # noqa: PLC0415
    from kg.store import StoreError  # noqa: PLC0415

    require_token()
    configured = current_app.config.get("BACKUP_DIR")
    base = str(configured if configured is not None else settings.get("backup_dir")).strip()
    if not base:
        raise ApiError(403, "backups disabled", "The server has no backup directory (set KG_BACKUP_DIR).")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = Path(base).expanduser() / f"kg-backup-{stamp}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        current_app.extensions["kg"].backup(target)
    except (StoreError, OSError) as exc:
        raise ApiError(409, "backup failed", str(exc)) from exc
    return jsonify(path=str(target)), 201
