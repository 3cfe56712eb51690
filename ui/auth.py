"""Who may edit: reading needs no account; adding articles and correcting visits can be gated.

Three ways, chosen by what the operator configured (build_gate, pure):

1. OpenID Connect: an [auth] section in .streamlit/secrets.toml (client_id and
   server_metadata_url, directly or per named provider). Editing needs st.login;
   the audit log records st.user's e-mail. An optional allow-list (secrets
   `editors = ["rina@pemda.go.id", "@bappeda.go.id"]` or env ATLAS_EDITORS, comma
   separated) narrows who may edit among those the provider lets in.
2. A shared editor passphrase: env ATLAS_EDITOR_PASSPHRASE or secrets
   `editor_passphrase`. The editor types a name (kept in the audit log) and the
   passphrase, compared in constant time.
3. Neither: editing is open only when the server listens on the loopback interface
   alone (server.address = localhost / 127.0.0.1 / ::1) and the browser connects
   from this machine. Streamlit listens on every interface by default, so a plain
   `streamlit run` with nothing configured is read-only: a colleague on the same
   network cannot edit by accident. Behind a reverse proxy every request looks
   local, so a proxied deployment must set a passphrase or OIDC.
"""

from __future__ import annotations

import getpass
import hmac
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

PASSPHRASE_ENV = "ATLAS_EDITOR_PASSPHRASE"
EDITORS_ENV = "ATLAS_EDITORS"
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_FAILURES = 5
LOCKOUT_SECONDS = 30.0

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:/])")

SESSION_EDITOR = "atlas_editor"
SESSION_FAILURES = "atlas_editor_failures"

OIDC = "oidc"
PASSPHRASE = "passphrase"
LOCAL = "local"
CLOSED = "closed"


@dataclass(frozen=True)
class EditGate:
    """How editing is gated here. providers: named OIDC providers ("" = the [auth] section itself)."""

    mode: str
    providers: tuple[str, ...] = ()
    passphrase: str | None = None
    editors: tuple[str, ...] = ()


def build_gate(
    secrets: Mapping[str, Any],
    env: Mapping[str, str],
    server_address: str | None,
    client_is_local: bool,
) -> EditGate:
    """Decide how editing is gated from the operator's settings (pure).

    >>> build_gate({}, {"ATLAS_EDITOR_PASSPHRASE": "s3cret"}, None, False).mode
    'passphrase'
    >>> build_gate({}, {}, None, True).mode  # listening on every interface: read-only
    'closed'
    """
    editors = parse_editors(secrets.get("editors"), env.get(EDITORS_ENV))
    providers = oidc_providers(secrets.get("auth"))
    if providers:
        return EditGate(OIDC, providers=providers, editors=editors)
    passphrase = (env.get(PASSPHRASE_ENV) or "").strip() or str(secrets.get("editor_passphrase") or "").strip()
    if passphrase:
        return EditGate(PASSPHRASE, passphrase=passphrase)
    if (server_address or "").strip().lower() in LOOPBACK and client_is_local:
        return EditGate(LOCAL)
    return EditGate(CLOSED)


def oidc_providers(auth: Any) -> tuple[str, ...]:
    """The usable OIDC providers of an [auth] section: "" for a provider set in the section itself, else names.

    >>> oidc_providers({"redirect_uri": "x", "cookie_secret": "y", "google": {"client_id": "a", "server_metadata_url": "b"}})
    ('google',)
    """
    if not isinstance(auth, Mapping):
        return ()

    def complete(section: Mapping[str, Any]) -> bool:
        return bool(section.get("client_id")) and bool(section.get("server_metadata_url"))

    if not (auth.get("redirect_uri") and auth.get("cookie_secret")):
        return ()
    if complete(auth):
        return ("",)
    return tuple(name for name, value in auth.items() if isinstance(value, Mapping) and complete(value))


def parse_editors(from_secrets: Any, from_env: str | None) -> tuple[str, ...]:
    """The allow-list: e-mails and "@domain" entries, lower-cased; empty means everyone the provider lets in."""
    items: list[str] = []
    if isinstance(from_secrets, str):
        items += from_secrets.split(",")
    elif isinstance(from_secrets, (list, tuple)):
        items += [str(x) for x in from_secrets]
    if from_env:
        items += from_env.split(",")
    return tuple(dict.fromkeys(x.strip().lower() for x in items if x.strip()))


def is_allowed_editor(email: str | None, editors: tuple[str, ...]) -> bool:
    """True when no allow-list is set, or the e-mail (or its @domain) is on it.

    >>> is_allowed_editor("rina@bappeda.go.id", ("@bappeda.go.id",)), is_allowed_editor("x@gmail.com", ("@bappeda.go.id",))
    (True, False)
    """
    if not editors:
        return True
    if not email or "@" not in email:
        return False
    email = email.strip().lower()
    return email in editors or "@" + email.split("@", 1)[1] in editors


def check_passphrase(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison; an unset passphrase never matches.

    >>> check_passphrase("s3cret", "s3cret"), check_passphrase("s3cre", "s3cret"), check_passphrase("", "")
    (True, False, False)
    """
    if not expected or given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def md_escape(text: object) -> str:
    r"""Text safe inside Markdown: every special character escaped, so no link, image or HTML can form.

    >>> md_escape("[x](http://evil) <b>")
    '\\[x\\]\\(http\\:\\/\\/evil\\) \\<b\\>'
    """
    return _MD_SPECIAL.sub(r"\\\1", str(text))


# ---------------------------------------------------------------- the Streamlit edge


def read_gate() -> EditGate:
    """The gate from st.secrets, the environment and how the server listens."""
    try:
        secrets: Mapping[str, Any] = {k: st.secrets[k] for k in st.secrets}
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitAPIException):
        secrets = {}  # no secrets.toml: nothing configured there
    try:
        address = st.get_option("server.address")
    except RuntimeError:
        address = None
    # ip_address is None for a connection from this machine (and when it cannot be known).
    client_is_local = st.context.ip_address is None
    return build_gate(secrets, os.environ, address, client_is_local)


def render_editor_gate(t: Callable[..., str], gate: EditGate | None = None) -> str | None:
    """Draw what editing needs (log-in button, passphrase form, or why it is closed) and return who edits, or None.

    The returned name is what the audit log records.
    """
    gate = gate or read_gate()
    if gate.mode == OIDC:
        return _render_oidc(t, gate)
    if gate.mode == PASSPHRASE:
        return _render_passphrase(t, gate)
    if gate.mode == LOCAL:
        return _render_local(t)
    st.info(t("auth.closed", env=PASSPHRASE_ENV))
    return None


def _render_oidc(t: Callable[..., str], gate: EditGate) -> str | None:
    user = st.user
    if not user.get("is_logged_in"):
        st.info(t("auth.login_needed"))
        for provider in gate.providers:
            label = t("auth.login") if not provider else t("auth.login_with", provider=provider)
            if st.button(label, key=f"atlas_login_{provider or 'default'}"):
                st.login(provider or None)
        return None
    email = user.get("email")
    if not email:
        st.warning(t("auth.no_email"))
        return None
    if not is_allowed_editor(str(email), gate.editors):
        st.warning(t("auth.not_allowed", email=md_escape(email)))
        if st.button(t("auth.logout"), key="atlas_logout"):
            st.logout()
        return None
    cols = st.columns([4, 1])
    cols[0].caption(t("auth.signed_in", who=md_escape(email)))
    if cols[1].button(t("auth.logout"), key="atlas_logout"):
        st.logout()
    return str(email)


def _render_passphrase(t: Callable[..., str], gate: EditGate) -> str | None:
    ss = st.session_state
    who = ss.get(SESSION_EDITOR)
    if who:
        cols = st.columns([4, 1])
        cols[0].caption(t("auth.signed_in", who=md_escape(who)))
        if cols[1].button(t("auth.logout"), key="atlas_logout"):
            ss.pop(SESSION_EDITOR, None)
            st.rerun()
        return who
    failures, since = ss.get(SESSION_FAILURES, (0, 0.0))
    locked = failures >= MAX_FAILURES and time.monotonic() - since < LOCKOUT_SECONDS
    with st.form("atlas_editor_login"):
        st.caption(t("auth.passphrase_intro"))
        name = st.text_input(t("auth.your_name"), max_chars=80)
        given = st.text_input(t("auth.passphrase"), type="password", max_chars=200)
        submitted = st.form_submit_button(t("auth.unlock"), disabled=locked)
    if locked:
        st.warning(t("auth.locked", seconds=int(LOCKOUT_SECONDS)))
        return None
    if not submitted:
        return None
    if not name.strip():
        st.error(t("auth.name_needed"))
        return None
    if not check_passphrase(given, gate.passphrase):
        ss[SESSION_FAILURES] = (failures + 1 if failures < MAX_FAILURES else 1, time.monotonic())
        st.error(t("auth.wrong_passphrase"))
        return None
    ss.pop(SESSION_FAILURES, None)
    ss[SESSION_EDITOR] = f"{name.strip()} (passphrase)"
    st.rerun()
    return ss[SESSION_EDITOR]  # not reached under Streamlit


def _render_local(t: Callable[..., str]) -> str:
    ss = st.session_state
    try:
        default = getpass.getuser()
    except (KeyError, OSError):
        default = "local"
    if "atlas_local_name" not in ss:
        ss["atlas_local_name"] = default
    name = st.text_input(t("auth.your_name"), key="atlas_local_name", max_chars=80, help=t("auth.local_help"))
    return f"{(name or default).strip() or default} (localhost)"
