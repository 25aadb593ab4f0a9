"""A Streamlit session without a browser: Streamlit's own WebSocket protocol, its own protobuf messages.

What a browser tab does, minus drawing: it loads the page over HTTP (which hands out the proxy's route
cookie and Streamlit's XSRF cookie), opens `/_stcore/stream` with the XSRF token in the WebSocket
subprotocol (as the frontend does), and sends `BackMsg.rerun_script` with a `ClientState` holding the
address's query string and the page (by URL name on the first run, by page script hash afterwards, as
the frontend does). The server answers with `ForwardMsg`s (new_session, navigation, deltas, ...) and
ends every run with `script_finished`; a run is timed from sending the request to that message.

Used by the load generator (bench/locustfile.py) and the deployment tests (tests/deploy/).
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

XSRF_COOKIE = "_streamlit_xsrf"
FRIENDLY_FAILURE = "cannot read its database"  # the app's own page for an unreachable database


@dataclass
class Run:
    """What one script run sent back."""

    seconds: float
    status: str  # FINISHED_SUCCESSFULLY, ... (ForwardMsg.ScriptFinishedStatus)
    messages: int = 0
    received_bytes: int = 0
    texts: list[str] = field(default_factory=list)  # markdown, headings, alerts, captions, ...
    exceptions: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    page_not_found: bool = False
    query_string: str | None = None  # what the app wrote into the address bar (page_info_changed)

    @property
    def problems(self) -> list[str]:
        """Why a user would call this run broken (empty when it is fine)."""
        found = [f"exception: {e[:200]}" for e in self.exceptions]
        found += [f"database unavailable: {a[:200]}" for a in self.alerts if FRIENDLY_FAILURE in a]
        if self.page_not_found:
            found.append("page not found")
        if self.status != "FINISHED_SUCCESSFULLY":
            found.append(f"script finished with {self.status}")
        return found

    def text(self) -> str:
        return "\n".join(self.texts)


class ProtocolError(RuntimeError):
    """The connection closed or the server did not finish a run in time."""


class StreamlitSession:
    """One simulated browser session against `base_url` (an app replica or the proxy in front)."""

    def __init__(self, base_url: str, *, timeout: float = 60.0, cookies: dict[str, str] | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.http = requests.Session()
        if cookies:
            self.http.cookies.update(cookies)
        self.ws: websocket.WebSocket | None = None
        self.page_hash = ""  # the current page's script hash, from the navigation message
        self.page_hashes: dict[str, str] = {}  # url path name -> page script hash
        self.session_id = ""
        self.cached_hashes: set[str] = set()  # messages the server may send as references next time

    # ------------------------------------------------------------------------------- connecting

    def open(self, page: str = "", query_string: str = "") -> Run:
        """Load the page over HTTP, open the WebSocket, run the script for `page` with `query_string`."""
        target = f"{self.base_url}/{page}" + (f"?{query_string}" if query_string else "")
        self.http.get(target, timeout=self.timeout).raise_for_status()
        self.handshake()
        self.connect()
        return self.run(query_string, page_name=page)

    def handshake(self) -> None:
        """What the frontend asks before (re)connecting; the health answer sets the XSRF cookie."""
        self.http.get(f"{self.base_url}/_stcore/health", timeout=self.timeout).raise_for_status()
        self.http.get(f"{self.base_url}/_stcore/host-config", timeout=self.timeout).raise_for_status()

    def connect(self) -> None:
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        cookies = self.http.cookies.get_dict()
        xsrf = cookies.get(XSRF_COOKIE, "")
        # The frontend's subprotocols: "streamlit", the XSRF token, and (on reconnect) the session id.
        protocols = ["streamlit", xsrf] if xsrf else ["streamlit"]
        self.ws = websocket.create_connection(
            f"{scheme}://{parts.netloc}{parts.path}/_stcore/stream",
            timeout=self.timeout,
            subprotocols=protocols,
            origin=f"{parts.scheme}://{parts.netloc}",
            cookie="; ".join(f"{k}={v}" for k, v in cookies.items()),
            enable_multithread=False,
        )

    def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):  # already gone: nothing to release
                self.ws.close(timeout=2)
            self.ws = None
        self.http.close()

    def __enter__(self) -> StreamlitSession:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def cookies(self) -> dict[str, str]:
        return self.http.cookies.get_dict()

    # ---------------------------------------------------------------------------------- running

    def run(self, query_string: str, *, page_name: str | None = None) -> Run:
        """One rerun with the given query string, on the current page unless `page_name` names one."""
        if self.ws is None:
            raise ProtocolError("not connected")
        message = BackMsg()
        state = message.rerun_script
        state.query_string = query_string
        if page_name is not None and page_name not in self.page_hashes:
            state.page_name = page_name  # first load: the page by its URL name, as the frontend does
        else:
            state.page_script_hash = (
                self.page_hashes.get(page_name, self.page_hash) if page_name else self.page_hash
            )
        state.cached_message_hashes.extend(sorted(self.cached_hashes))
        started = time.perf_counter()
        self.ws.send_binary(message.SerializeToString())
        return self._receive_run(started)

    def _receive_run(self, started: float) -> Run:
        run = Run(seconds=0.0, status="")
        deadline = started + self.timeout
        while True:
            self.ws.settimeout(max(0.1, deadline - time.perf_counter()))
            try:
                opcode, data = self.ws.recv_data()
            except websocket.WebSocketTimeoutException as error:
                raise ProtocolError(f"no script_finished within {self.timeout:.0f} s") from error
            except (websocket.WebSocketConnectionClosedException, OSError) as error:
                raise ProtocolError(f"connection lost: {error}") from error
            if opcode != websocket.ABNF.OPCODE_BINARY:
                continue
            run.messages += 1
            run.received_bytes += len(data)
            msg = ForwardMsg.FromString(data)
            if msg.metadata.cacheable and msg.hash:
                self.cached_hashes.add(msg.hash)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id or self.session_id
                if msg.new_session.page_script_hash:
                    self.page_hash = msg.new_session.page_script_hash
            elif kind == "navigation":
                self.page_hashes = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
                self.page_hash = msg.navigation.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                run.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                run.page_not_found = True
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                _collect(msg.delta.new_element, run)
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue  # superseded by a newer run, which finishes later
                run.status = status
                run.seconds = time.perf_counter() - started
                return run


def _collect(element, run: Run) -> None:
    """The parts of an element a test or a load run looks at: texts, alerts, exceptions."""
    kind = element.WhichOneof("type")
    if kind == "exception":
        run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
    elif kind == "alert":
        run.alerts.append(element.alert.body)
        run.texts.append(element.alert.body)
    elif kind in ("markdown", "heading", "text"):
        run.texts.append(getattr(element, kind).body)
    elif kind == "metric":
        run.texts.append(f"{element.metric.label}: {element.metric.body}")
    elif kind == "multiselect":
        widget = element.multiselect
        chosen = list(widget.raw_values) if widget.set_value else [widget.options[i] for i in widget.default]
        run.texts.append(f"{widget.label}: " + ", ".join(chosen))
