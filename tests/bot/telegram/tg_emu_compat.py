"""Test-only HTTP edge for the local Bot API peer (telegram-test-api 4.2.1, unmodified).

`EmulatorCompatRequest` is a `telegram.request.HTTPXRequest` plugged in with
`build_application(request=..., get_updates_request=...)`; the bot's code stays as in
production, only responses (and two unsupported methods) are adapted. From
/work/shared/tgpeer/example/tg_emu_compat.py, where each fix is explained:

- getMe lacks `is_bot`; sendMessage answers `date` in milliseconds; callback queries lose
  `chat_instance` (polling); edit calls and setWebhook answer `result: null`; errors come back
  as HTTP 200 with ok:false; unsupported methods answer HTTP 500 with `message`.

Added here:
- sendPhoto is not supported by the peer: it is sent as a sendMessage whose text is the caption
  and which keeps the `photo` field, so a test reads both. sendVoice likewise, its file id
  kept as `voice_file_id` (a `voice` string would not parse as a Voice in the answer).
- `refuse[chat_id] = [(status, description, extra), ...]` makes sends to that chat fail the way
  Telegram fails them (403 blocked, 400 chat not found, 429 with parameters.retry_after, 502).
  Each send takes the first answer of the list; the last one stays (None lets the send through).
"""

from __future__ import annotations

import json
from typing import Any

from telegram.request import HTTPXRequest, RequestData
from telegram.request._requestparameter import RequestParameter

_NULL_TO_TRUE = {"answerCallbackQuery", "editMessageText", "editMessageReplyMarkup",
                 "setWebhook", "deleteMessage", "deleteWebhook"}
SENDS = {"sendMessage", "sendPhoto", "sendVoice"}
Refusal = tuple[int, str, dict[str, Any]]


def _fix_dates(obj: Any) -> None:
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in ("date", "edit_date") and isinstance(value, int | float) and value > 10**11:
                obj[key] = int(value // 1000)
            else:
                _fix_dates(value)
    elif isinstance(obj, list):
        for value in obj:
            _fix_dates(value)


class EmulatorCompatRequest(HTTPXRequest):
    """Adapts the peer's answers to what the real Bot API answers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refuse: dict[int, list[Refusal | None]] = {}
        self.calls: list[str] = []

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        self.calls.append(api_method)
        params = request_data.parameters if request_data is not None else {}
        refusal = self._refusal(api_method, params)
        if refusal is not None:
            status, description, extra = refusal
            body = {"ok": False, "error_code": status, "description": description, **extra}
            return status, json.dumps(body).encode()
        if api_method in ("sendPhoto", "sendVoice") and request_data is not None:
            url = url.removesuffix(api_method) + "sendMessage"
            request_data = _photo_as_message(params)
        code, payload = await super().do_request(url, method, request_data, *args, **kwargs)
        return _adapt(api_method, code, payload)


    def _refusal(self, api_method: str, params: dict[str, Any]) -> Refusal | None:
        answers = self.refuse.get(int(str(params.get("chat_id", 0))))
        if api_method not in SENDS or not answers:
            return None
        return answers.pop(0) if len(answers) > 1 else answers[0]


def _photo_as_message(params: dict[str, Any]) -> RequestData:
    fields = {("voice_file_id" if k == "voice" else k): v for k, v in params.items()
              if k != "caption"}
    fields["text"] = params.get("caption", "")
    return RequestData([RequestParameter.from_input(k, v) for k, v in fields.items()])


def _adapt(api_method: str, code: int, payload: bytes) -> tuple[int, bytes]:
    try:
        data = json.loads(payload)
    except ValueError:
        return code, payload
    if not isinstance(data, dict):
        return code, payload
    if not data.get("ok"):
        if code == 200 and data.get("ok") is False:
            code = int(data.get("error_code") or 400)
        if "description" not in data and "message" in data:
            data["description"] = data["message"]
        return code, json.dumps(data).encode()
    result = data.get("result")
    if api_method == "getMe" and isinstance(result, dict):
        result.setdefault("is_bot", True)
    _fix_dates(result)
    if api_method == "getUpdates" and isinstance(result, list):
        for update in result:
            query = update.get("callback_query")
            if isinstance(query, dict) and "chat_instance" not in query:
                chat = (query.get("message") or {}).get("chat") or {}
                query["chat_instance"] = str(chat.get("id", query["from"]["id"]))
    if api_method in _NULL_TO_TRUE and result is None:
        data["result"] = True
    return code, json.dumps(data).encode()
