"""Every page and its JSON twin come from one view (Datasette style).

A view registered with `page_and_json` answers at its page URL and at its
``/api/…`` twin; it builds one context and hands it to `render`, which gives
the template or, under ``/api/``, the JSON the context's ``to_json`` makes of
the same context, so the twin holds what the page shows.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, jsonify, render_template, request

API_PREFIX = "/api/"


def wants_json() -> bool:
    """Whether the request came in under ``/api/`` (errors answer in JSON there too)."""
    return request.path.startswith(API_PREFIX)


def page_and_json(bp: Blueprint, rule: str, json_rule: str):
    """Register the decorated view at ``rule`` (endpoint: its name) and at
    ``json_rule`` (endpoint: its name + ``_json``)."""

    def register(view):
        bp.add_url_rule(rule, view.__name__, view, methods=["GET"])
        bp.add_url_rule(json_rule, f"{view.__name__}_json", view, methods=["GET"])
        return view

    return register


def render(template: str, context: dict, to_json: Callable[[dict], dict]):
    """The page, or its JSON twin when the request came in under ``/api/``."""
    if wants_json():
        return jsonify(to_json(context))
    return render_template(template, **context)
