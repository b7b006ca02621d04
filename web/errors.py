"""Error pages in Chinese (HTML) and ``{"error": …}`` bodies for the JSON API."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound

from indexer.storage.store import IndexMissing
from web.params import BadParameter
from web.twins import wants_json

log = logging.getLogger(__name__)

TITLES = {
    400: "请求有误",
    404: "找不到页面",
    405: "不支持的请求方法",
    500: "服务器出错了",
    503: "索引尚未建立",
}
MESSAGES = {
    400: "请求中的参数无法理解。",
    404: "您要找的页面不存在，可能链接有误或文章已被移除。",
    405: "这个地址不支持该请求方法。",
    500: "处理请求时发生了意外错误，请稍后再试。",
    503: "检索索引还没有建立或正在重建。请管理员运行 newsarchive reindex 后再访问。",
}


class NotFoundWithHints(NotFound):
    """A 404 that carries suggestions ("did you mean …") for the error page."""

    def __init__(self, message: str, suggestions: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []  # (label, url)


def error_response(status: int, message: str | None = None, suggestions=None):
    message = message or MESSAGES.get(status, "")
    if wants_json():
        body = {"error": message, "status": status}
        if suggestions:
            body["suggestions"] = [label for label, _ in suggestions]
        return jsonify(body), status
    body = render_template(
        "error.html",
        status=status,
        title=TITLES.get(status, "出错了"),
        message=message,
        suggestions=suggestions or [],
    )
    return body, status


def _http_error(err: HTTPException):
    status = err.code or 500
    message = None
    if status in (400, 404) and err.description and err.description != type(err).description:
        message = err.description
    resp = error_response(status, message, getattr(err, "suggestions", None))
    if status == 405:
        body, code = resp
        return body, code, {"Allow": ", ".join(err.valid_methods or [])}
    return resp


def _bad_parameter(err: BadParameter):
    return error_response(400, str(err))


def _index_missing(err: Exception):
    log.warning("index missing: %s", err)
    body, status = error_response(503)
    return body, status, {"Retry-After": "60"}


def _internal(err: InternalServerError):
    original = getattr(err, "original_exception", None)
    if isinstance(original, IndexMissing):
        return _index_missing(original)
    return error_response(500)


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(BadParameter, _bad_parameter)
    app.register_error_handler(InternalServerError, _internal)
    app.register_error_handler(IndexMissing, _index_missing)
