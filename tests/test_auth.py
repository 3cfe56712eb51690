"""The editing gate: which way editing is gated, the passphrase check, and the OIDC path with st.user mocked."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ui.auth import (
    CLOSED,
    LOCAL,
    OIDC,
    PASSPHRASE,
    EditGate,
    build_gate,
    check_passphrase,
    is_allowed_editor,
    md_escape,
    parse_editors,
)

OIDC_AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "not-a-real-secret",
    "client_id": "atlas",
    "client_secret": "x",
    "server_metadata_url": "https://login.example.id/.well-known/openid-configuration",
}


@pytest.mark.parametrize(
    ("secrets", "env", "address", "local", "expected"),
    [
        ({"auth": OIDC_AUTH}, {"ATLAS_EDITOR_PASSPHRASE": "p"}, None, False, EditGate(OIDC, providers=("",))),
        (
            {"auth": {"redirect_uri": "r", "cookie_secret": "c", "google": {"client_id": "a", "server_metadata_url": "u"}},
             "editors": ["Rina@Bappeda.go.id"]},
            {"ATLAS_EDITORS": "@kemendagri.go.id, "},
            None,
            False,
            EditGate(OIDC, providers=("google",), editors=("rina@bappeda.go.id", "@kemendagri.go.id")),
        ),
        # an [auth] section without a cookie secret cannot log anyone in: fall through to the passphrase
        ({"auth": {**OIDC_AUTH, "cookie_secret": ""}}, {"ATLAS_EDITOR_PASSPHRASE": " p "}, None, False,
         EditGate(PASSPHRASE, passphrase="p")),
        ({"editor_passphrase": "from-secrets"}, {}, None, False, EditGate(PASSPHRASE, passphrase="from-secrets")),
        ({}, {}, "localhost", True, EditGate(LOCAL)),
        ({}, {}, "127.0.0.1", True, EditGate(LOCAL)),
        ({}, {}, "", True, EditGate(CLOSED)),  # Streamlit's default: every interface
        ({}, {}, "0.0.0.0", True, EditGate(CLOSED)),
        ({}, {}, "localhost", False, EditGate(CLOSED)),
        ({}, {"ATLAS_EDITOR_PASSPHRASE": "   "}, None, False, EditGate(CLOSED)),
    ],
    ids=["oidc", "oidc-named-allowlist", "oidc-incomplete", "passphrase-secrets", "localhost", "loopback-ip",
         "default-address", "all-interfaces", "remote-client", "blank-passphrase"],
)
def test_build_gate(secrets, env, address, local, expected):
    assert build_gate(secrets, env, address, local) == expected


@pytest.mark.parametrize(
    ("given", "expected", "ok"),
    [
        ("kunci-rahasia", "kunci-rahasia", True),
        ("kunci-rahasi", "kunci-rahasia", False),
        ("Kunci-rahasia", "kunci-rahasia", False),
        ("", "kunci-rahasia", False),
        (None, "kunci-rahasia", False),
        ("", "", False),
        ("ñandú", "ñandú", True),
    ],
)
def test_check_passphrase(given, expected, ok):
    assert check_passphrase(given, expected) is ok


@pytest.mark.parametrize(
    ("email", "editors", "ok"),
    [
        ("rina@bappeda.go.id", (), True),
        ("RINA@bappeda.go.id", ("rina@bappeda.go.id",), True),
        ("budi@bappeda.go.id", ("@bappeda.go.id",), True),
        ("budi@gmail.com", ("@bappeda.go.id",), False),
        ("budi@evil.bappeda.go.id.example", ("@bappeda.go.id",), False),
        (None, ("@bappeda.go.id",), False),
    ],
)
def test_is_allowed_editor(email, editors, ok):
    assert is_allowed_editor(email, editors) is ok


def test_parse_editors_from_a_string_too():
    assert parse_editors("a@x.id, @y.id", None) == ("a@x.id", "@y.id")


# ------------------------------------------------------------------ the Streamlit edge, in an app


def gate_app():
    import streamlit as st

    from ui.auth import render_editor_gate
    from ui.i18n import t

    who = render_editor_gate(lambda key, **fmt: t(key, "en", **fmt))
    st.text(f"editor={who}")


def editor_line(at: AppTest) -> str:
    return [x.value for x in at.text if x.value.startswith("editor=")][0]


def test_passphrase_right_and_wrong(monkeypatch):
    monkeypatch.setenv("ATLAS_EDITOR_PASSPHRASE", "kunci-rahasia")
    at = AppTest.from_function(gate_app).run()
    assert editor_line(at) == "editor=None"
    at.text_input[0].input("Rina")
    at.text_input[1].input("salah")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["That passphrase is not right."]
    assert editor_line(at) == "editor=None"
    at.text_input[1].input("kunci-rahasia")
    at.button[0].click().run()
    assert editor_line(at) == "editor=Rina (passphrase)"
    assert not at.error
    at.button(key="atlas_logout").click().run()
    assert editor_line(at) == "editor=None"


def test_passphrase_needs_a_name(monkeypatch):
    monkeypatch.setenv("ATLAS_EDITOR_PASSPHRASE", "kunci-rahasia")
    at = AppTest.from_function(gate_app).run()
    at.text_input[1].input("kunci-rahasia")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Please type your name."]
    assert editor_line(at) == "editor=None"


def test_nothing_configured_is_read_only(monkeypatch):
    monkeypatch.delenv("ATLAS_EDITOR_PASSPHRASE", raising=False)
    at = AppTest.from_function(gate_app).run()
    assert editor_line(at) == "editor=None"
    assert "Editing is closed" in at.info[0].value


def test_oidc_chooses_st_login_and_records_the_email(monkeypatch):
    calls = []
    monkeypatch.setattr(st, "login", lambda provider=None: calls.append(provider))
    monkeypatch.setenv("ATLAS_EDITOR_PASSPHRASE", "ignored-when-oidc-is-configured")
    at = AppTest.from_function(gate_app)
    at.secrets["auth"] = OIDC_AUTH
    at.user = {"is_logged_in": False}
    at.run()
    assert editor_line(at) == "editor=None"
    assert [b.label for b in at.button] == ["Log in"]
    assert not at.text_input  # no passphrase form when OIDC is configured
    at.button[0].click().run()
    assert calls == [None]

    at.user = {"is_logged_in": True, "email": "rina@bappeda.go.id"}
    at.run()
    assert editor_line(at) == "editor=rina@bappeda.go.id"


def test_oidc_allow_list_keeps_others_reading(monkeypatch):
    monkeypatch.setenv("ATLAS_EDITORS", "@bappeda.go.id")
    at = AppTest.from_function(gate_app)
    at.secrets["auth"] = OIDC_AUTH
    at.user = {"is_logged_in": True, "email": "budi@gmail.com"}
    at.run()
    assert editor_line(at) == "editor=None"
    assert [w.value for w in at.warning] == ["budi@gmail\\.com may read but not edit here."]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("![x](http://evil.example/p.png)", "\\!\\[x\\]\\(http\\:\\/\\/evil\\.example\\/p\\.png\\)"),
        ("<script>", "\\<script\\>"),
        ("Rina **B**", "Rina \\*\\*B\\*\\*"),
        ("plain name", "plain name"),
    ],
)
def test_md_escape(text, escaped):
    assert md_escape(text) == escaped
