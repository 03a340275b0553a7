"""Sign-in glue: hands the request's headers and `st.user` to `ld_dash.access`, then gates the app.

The decisions live in `ld_dash/access.py` (plain, tested functions); this module only gathers what
Streamlit knows about the session and draws the sign-in, refusal and identity pieces.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import streamlit as st
from pydantic import ValidationError

from ld_dash import access
from ld_dash.access import Access
from ld_dash.formatting import escape_markdown
from ld_dash.settings import Settings, get_settings, settings_problem

LOG = logging.getLogger("ld_dash")


def request_headers() -> dict[str, list[str]]:
    """The headers of the session's opening request, every value of a repeated header kept."""
    headers = st.context.headers
    return {name.lower(): list(headers.get_all(name)) for name in headers.keys()}


def signed_in_user() -> dict[str, object]:
    """`st.user` as a plain dict (empty when the OIDC login is not configured)."""
    try:
        return dict(st.user.to_dict())
    except Exception:  # noqa: BLE001 - no [auth] section: nobody can be signed in
        return {}


def bind_address() -> str | None:
    return st.get_option("server.address") or None


def _settings_or_stop() -> Settings:
    """The settings; invalid ones stop every page with a plain notice (the detail goes to the server log)."""
    try:
        return get_settings()
    except ValidationError as exc:
        LOG.error("%s", settings_problem(exc))
        st.title("The dashboard is not configured correctly")
        st.text("Its settings are not valid, so it shows nothing. The administrator finds which setting "
                "is wrong in the server log.")
        st.stop()
        raise AssertionError("unreachable") from exc  # st.stop raises


def current_access(settings: Settings | None = None, *,
                   headers: Mapping[str, str | Sequence[str]] | None = None,
                   user: Mapping[str, object] | None = None) -> Access:
    """This session's access; headers and user can be injected (AppTest cannot send headers)."""
    settings = settings or _settings_or_stop()
    return access.resolve(
        settings, bind_address=bind_address(),
        headers=request_headers() if headers is None else headers,
        user=(signed_in_user() if settings.auth == "oidc" else {}) if user is None else user)


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def _sign_in_page(settings: Settings) -> None:
    st.title("Sign in to the L&D alignment dashboard")
    if not _oidc_configured():
        st.error("Sign-in is not configured yet: LD_DASH_AUTH=oidc needs an [auth] section in "
                 ".streamlit/secrets.toml (see .streamlit/secrets.toml.example and the README).")
        return
    st.write("The dashboard shows figures drawn from employee data, so it asks who you are first.")
    if st.button("Sign in with your organisation's account", type="primary", icon=":material/login:"):
        if settings.oidc_provider:
            st.login(settings.oidc_provider)
        else:
            st.login()


def _refusal_page(result: Access) -> None:
    st.title("You do not have access to this dashboard")
    # The reason may quote a user name from a header or identity provider: plain text, never markdown.
    st.text(result.reason)
    if result.mode == "oidc" and result.user:
        if st.button("Sign in as someone else", icon=":material/logout:"):
            st.logout()


def require_access() -> Access:
    """The session's access, or (as the only page, whatever the address) sign-in or refusal, then stop.

    Called in app.py before any data is read. The refusal is a navigation of its own, so the only page
    a refused session can reach is the refusal (no page list, no other address).
    """
    settings = _settings_or_stop()
    result = current_access(settings)
    if result.allowed:
        return result
    from ld_dash.ui.navigation import ALL_PAGES

    if result.needs_sign_in:
        show, title, icon, home = (lambda: _sign_in_page(settings)), "Sign in", ":material/login:", "sign-in"
    else:
        show, title, icon, home = (lambda: _refusal_page(result)), "No access", ":material/block:", "no-access"
    # Every page's address shows the same sign-in or refusal (under its own title, not the page's), so a
    # deep link gets no "page not found" notice that would confirm which addresses exist.
    addresses = [home, *(p.url_path for pages in ALL_PAGES.values() for p in pages)]
    pages = [st.Page(show, title=title, icon=icon, url_path=address, default=address == home) for address in addresses]
    st.navigation(pages, position="hidden").run()
    st.stop()
    raise AssertionError("unreachable")  # st.stop raises


def _refuse_here(result: Access) -> None:
    """Inside a page script: the sign-in or refusal text in place of the page, then stop."""
    if result.needs_sign_in:
        _sign_in_page(get_settings())
    else:
        _refusal_page(result)
    st.stop()


def require_viewer() -> Access:
    """First line of every page script, before any data is read: defence in depth behind app.py.

    app.py gates every session before it runs a page; this check makes a page refuse on its own too,
    should it ever be reached without the entrypoint (a page run directly, a future Streamlit routing
    change). tests/test_access_gate.py fails any page file that does not start with it.
    """
    result = current_access()
    if not result.allowed:
        _refuse_here(result)
    return result


def require_admin() -> Access:
    """First line of an admin-only page: refuses anyone else, even one who types the page's address."""
    result = require_viewer()
    if not result.is_admin:
        st.title("This page is for L&D admins")
        st.text("Imports and data quality are managed by the L&D admins. Every dashboard is open to you "
                "from the menu.")
        st.stop()
    return result


def identity_badge(result: Access) -> None:
    """Local mode: a label at the top of the page. Signed in: who and in which role, in the sidebar."""
    if result.mode == "none":
        st.badge("Local mode, no sign-in", icon=":material/lock_open:", color="orange")
        return
    with st.sidebar:
        st.caption(f":material/person: {escape_markdown(result.user or '')} · {result.role_name}")
        if result.mode == "oidc" and st.button("Sign out", icon=":material/logout:", key="sign-out"):
            st.logout()
