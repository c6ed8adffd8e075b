"""Flask application factory: one blueprint per surface (SPARQL, REST, pages)."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; `config` overrides settings (e.g. {"STORE": "memory:"} in tests)."""
    app = Flask(__name__)
    app.config.from_mapping(_default_config())
    if config:
        app.config.update(config)

    from api import (  # noqa: PLC0415, E501  (blueprints import the store lazily)
        admin,
        analytics_api,
        articles_page,
        errors,
        facts_page,
        pages,
        rest,
        security,
        sparql,
        timeline,
        yasgui_page,
    )
    from kg.store import KnowledgeGraph  # noqa: PLC0415

    app.extensions["kg"] = KnowledgeGraph.open(app.config["STORE"])
    errors.register(app)
    security.register(app)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(rest.bp)
    app.register_blueprint(analytics_api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(facts_page.bp)
    app.register_blueprint(articles_page.bp)
    app.register_blueprint(timeline.bp)
    app.register_blueprint(yasgui_page.bp)
    # Browsers ask for /favicon.ico on every page that names none (Swagger UI, the SPARQL page).
    app.add_url_rule("/favicon.ico", "favicon", lambda: app.send_static_file("favicon.svg"))
    return app


def _default_config() -> dict[str, Any]:
    from kg import settings  # noqa: PLC0415

    values = settings.as_dict()
    settings.validate(values)  # e.g. KG_QUERY_TIMEOUT=inf is refused here, not on every request
    config = {name.upper(): value for name, value in values.items()}
    config["MAX_CONTENT_LENGTH"] = values["max_request_bytes"]
    return config
