"""Access in the running app (AppTest): viewers cannot see or import, admins can, unknown users are refused.

AppTest cannot send request headers (st.context.headers is empty there), so proxy-mode tests inject
the header mapping into the glue function `ld_dash.ui.auth.request_headers`; the real header path,
set by nginx, is exercised in tests/test_nginx.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ld_dash.ui import auth
from ld_dash.ui.navigation import page_specs

ROOT = Path(__file__).resolve().parent.parent
ADMIN, VIEWER, STRANGER = "head.ld@example.org", "ceo@example.org", "intern@example.org"
PROXY_SECRET = "test-secret-shared-with-the-proxy-0123456789"


@pytest.fixture
def app_env(demo_dir, monkeypatch):
    monkeypatch.setenv("LD_DASH_DATA_DIR", str(demo_dir))
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    return monkeypatch


@pytest.fixture
def proxy_env(app_env):
    app_env.setenv("LD_DASH_AUTH", "proxy")
    app_env.setenv("LD_DASH_ADMINS", ADMIN)
    app_env.setenv("LD_DASH_VIEWERS", VIEWER)
    app_env.setenv("LD_DASH_ADMIN_CONTACT", "the L&D team (ld@example.org)")
    app_env.setenv("LD_DASH_PROXY_SECRET", PROXY_SECRET)

    def as_user(name: str | None) -> None:
        # As the reverse proxy passes a request on: its shared secret, and the user's name if signed in.
        headers = {"x-ld-dash-proxy-secret": [PROXY_SECRET], **({"x-forwarded-user": [name]} if name else {})}
        app_env.setattr(auth, "request_headers", lambda: headers)

    return as_user


def run(script: str, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / script), default_timeout=120)
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # app.py turns a page's exception into a generic message (ld_dash/ui/errors.py): that is a failure too.
    assert not [e.value for e in at.error if "Something went wrong" in e.value]
    return at


def texts(at: AppTest) -> str:
    return " ".join([t.value for t in at.title] + [t.value for t in at.text] + [m.value for m in at.markdown]
                    + [e.value for e in at.error])


def test_viewers_navigation_has_no_data_page_and_admins_does():
    viewer_pages = {p.url_path for pages in page_specs(is_admin=False).values() for p in pages}
    admin_pages = {p.url_path for pages in page_specs(is_admin=True).values() for p in pages}
    assert "data" not in viewer_pages and "data" in admin_pages
    assert admin_pages - viewer_pages == {"data"}
    assert {"overview", "board-pack", "definitions"} <= viewer_pages and len(viewer_pages) == 13


def test_viewer_sees_the_dashboards_and_who_they_are(proxy_env):
    proxy_env(VIEWER)
    at = run("app.py")  # the first run of app.py runs the default page, the overview
    assert at.title[0].value == "Is our learning aligned with strategy?"
    assert any(VIEWER.replace(".", "\\.") in c.value and "Viewer" in c.value for c in at.sidebar.caption)


def test_viewer_opening_the_data_page_is_refused_and_cannot_import(proxy_env):
    proxy_env(VIEWER)
    at = run("app_pages/data.py")
    assert at.title[0].value == "This page is for L&D admins"
    assert not at.get("file_uploader") and not at.dataframe and not at.selectbox


def test_admin_gets_the_data_page_with_its_import(proxy_env):
    proxy_env(ADMIN)
    at = run("app_pages/data.py")
    assert at.title[0].value == "Data and imports"
    assert at.get("file_uploader") and at.dataframe


@pytest.mark.parametrize("who", [STRANGER, None])
def test_unknown_or_anonymous_users_see_only_the_refusal(proxy_env, who):
    proxy_env(who)
    at = run("app.py")
    assert at.title[0].value == "You do not have access to this dashboard"
    assert not at.metric and not at.dataframe and not at.get("plotly_chart") and not at.sidebar.selectbox
    if who:
        assert who in texts(at) and "the L&D team (ld@example.org)" in texts(at)
    else:
        assert "X-Forwarded-User" in texts(at)


def test_local_mode_is_labelled_and_the_local_user_is_admin(app_env):
    at = run("app.py")
    # Above the page (st.badge is markdown in AppTest), before the overview's title.
    assert "Local mode, no sign-in" in at.main.markdown[0].value
    assert run("app_pages/data.py").title[0].value == "Data and imports"


def test_local_mode_refuses_to_serve_beyond_this_machine(app_env):
    app_env.setattr(auth, "bind_address", lambda: "0.0.0.0")
    at = run("app.py")
    assert at.title[0].value == "You do not have access to this dashboard"
    assert "LD_DASH_AUTH=proxy" in texts(at)
    assert not at.metric


def test_local_mode_refuses_a_request_forwarded_by_a_proxy(app_env):
    app_env.setattr(auth, "request_headers", lambda: {"x-forwarded-for": ["10.0.0.8"]})
    assert run("app.py").title[0].value == "You do not have access to this dashboard"


@pytest.fixture
def oidc_env(app_env):
    app_env.setenv("LD_DASH_AUTH", "oidc")
    app_env.setenv("LD_DASH_ADMINS", ADMIN)
    app_env.setenv("LD_DASH_VIEWERS", "*@example.org")
    app_env.setattr(auth, "_oidc_configured", lambda: True)
    return app_env


def test_oidc_signed_out_sees_a_sign_in_button_and_no_data(oidc_env):
    at = run("app.py", user={"is_logged_in": False})
    assert at.title[0].value == "Sign in to the L&D alignment dashboard"
    assert [b.label for b in at.button] == ["Sign in with your organisation's account"]
    assert not at.metric and not at.sidebar.selectbox


def test_oidc_without_auth_secrets_says_what_to_configure(oidc_env):
    oidc_env.setattr(auth, "_oidc_configured", lambda: False)
    at = run("app.py", user={"is_logged_in": False})
    assert "[auth] section in .streamlit/secrets.toml" in at.error[0].value


def test_oidc_roles(oidc_env):
    viewer = {"is_logged_in": True, "email": "max@example.org", "email_verified": True}
    admin = {"is_logged_in": True, "email": ADMIN, "email_verified": True}
    assert run("app.py", viewer).title[0].value == "Is our learning aligned with strategy?"
    assert run("app_pages/data.py", viewer).title[0].value == "This page is for L&D admins"
    assert run("app_pages/data.py", admin).title[0].value == "Data and imports"
    outsider = run("app.py", {"is_logged_in": True, "email": "someone@other.org"})
    assert outsider.title[0].value == "You do not have access to this dashboard"
    assert [b.label for b in outsider.button] == ["Sign in as someone else"]


def test_names_from_headers_are_shown_as_plain_text(proxy_env, app_env):
    hostile = "<script>alert(1)</script> **bold** [x](http://e)@example.org"
    proxy_env(hostile)
    at = run("app.py")
    assert at.title[0].value == "You do not have access to this dashboard"
    # st.text, not markdown: the page shows the characters as they are.
    assert any(hostile in t.value for t in at.text)
    assert not any(hostile in m.value for m in at.markdown)
