"""Who gets in, as what: role resolution for the three sign-in modes, default deny."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from ld_dash.access import is_loopback, local_mode_problem, matches, resolve, role_for
from ld_dash.settings import Settings


def settings(**values) -> Settings:
    return Settings(**values)


SECRET = "s3cret-shared-with-nginx-0123456789abcdef"


def proxy(**values) -> Settings:
    return settings(auth="proxy", admins="head.ld@example.org", viewers="ceo@example.org, *@board.example.org",
                    proxy_secret=SECRET, **values)


def via_proxy(headers: dict) -> dict:
    """The request's headers as the reverse proxy passes them on: with its shared secret."""
    return {**headers, "X-LD-Dash-Proxy-Secret": SECRET}


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.1.1", "localhost", "::1", "[::1]", "LOCALHOST"])
def test_loopback_addresses(address):
    assert is_loopback(address)


@pytest.mark.parametrize("address", [None, "", "0.0.0.0", "::", "10.1.2.3", "192.168.0.5", "intranet.example.org"])
def test_addresses_others_can_reach_are_not_loopback(address):
    assert not is_loopback(address)


def test_local_mode_is_refused_off_loopback_and_says_what_to_do():
    problem = local_mode_problem("none", "0.0.0.0")
    assert problem and "LD_DASH_AUTH=proxy" in problem and "LD_DASH_AUTH=oidc" in problem
    assert local_mode_problem("none", None)  # Streamlit's default binds every interface
    assert local_mode_problem("none", "127.0.0.1") is None
    assert local_mode_problem("proxy", "0.0.0.0") is None


def test_local_mode_on_loopback_is_the_one_local_admin():
    result = resolve(settings(), bind_address="127.0.0.1", headers={}, user=None)
    assert result.allowed and result.is_admin and result.mode == "none"


def test_local_mode_refuses_a_request_that_came_through_a_proxy():
    # Loopback-bound, but published by a reverse proxy without sign-in: everyone would be admin.
    result = resolve(settings(), bind_address="127.0.0.1", headers={"X-Forwarded-For": "10.0.0.7"}, user=None)
    assert not result.allowed and "reverse proxy" in result.reason


def test_local_mode_off_loopback_refuses_everyone():
    result = resolve(settings(), bind_address="0.0.0.0", headers={}, user=None)
    assert not result.allowed and "127.0.0.1" in result.reason


def test_entries_match_exactly_without_case_by_domain_or_everyone():
    assert matches("Ceo@Example.org ", "ceo@example.org")
    assert not matches("ceo@example.org.evil", "ceo@example.org")
    assert matches("anna@board.example.org", "*@board.example.org")
    assert not matches("anna@notboard.example.org", "*@board.example.org")
    assert not matches("@board.example.org", "*@board.example.org")  # no local part
    assert matches("anyone", "*")
    assert not matches("", "*")


def test_admin_beats_viewer_and_unknown_is_denied():
    assert role_for("head.ld@example.org", ["head.ld@example.org"], ["*"]) == "admin"
    assert role_for("someone", ["head.ld@example.org"], ["*"]) == "viewer"
    assert role_for("someone", ["head.ld@example.org"], ["ceo@example.org"]) is None
    assert role_for("someone", [], []) is None


def test_role_lists_read_comma_separated_from_the_environment(monkeypatch):
    monkeypatch.setenv("LD_DASH_ADMINS", " head.ld@example.org , second@example.org,")
    monkeypatch.setenv("LD_DASH_VIEWERS", "*")
    s = Settings()
    assert s.admins == ("head.ld@example.org", "second@example.org")
    assert s.viewers == ("*",)


def test_admins_cannot_be_a_wildcard():
    with pytest.raises(ValidationError, match="wildcards"):
        settings(admins="*")
    with pytest.raises(ValidationError, match="wildcards"):
        settings(admins="*@example.org")


def test_default_is_local_mode_with_nobody_listed():
    s = Settings()
    assert s.auth == "none" and s.admins == () and s.viewers == ()


def test_proxy_header_names_the_user_whatever_its_case():
    admin = resolve(proxy(), bind_address="127.0.0.1", headers=via_proxy({"x-forwarded-user": "Head.LD@example.org"}), user=None)
    assert admin.is_admin and admin.user == "Head.LD@example.org"
    viewer = resolve(proxy(), bind_address="127.0.0.1", headers=via_proxy({"X-Forwarded-User": "max@board.example.org"}),
                     user=None)
    assert viewer.allowed and not viewer.is_admin


def test_proxy_mode_denies_unknown_users_and_names_who_to_ask():
    result = resolve(proxy(admin_contact="ld-team@example.org"), bind_address="127.0.0.1",
                     headers=via_proxy({"X-Forwarded-User": "intern@example.org"}), user=None)
    assert not result.allowed and result.user == "intern@example.org"
    assert "ld-team@example.org" in result.reason


def test_proxy_mode_without_the_header_is_denied():
    result = resolve(proxy(), bind_address="127.0.0.1", headers=via_proxy({"Host": "ld"}), user=None)
    assert not result.allowed and "X-Forwarded-User" in result.reason


def test_proxy_mode_refuses_a_repeated_header():
    # A proxy that appends rather than replaces would pass the client's own name along too.
    result = resolve(proxy(), bind_address="127.0.0.1",
                     headers=via_proxy({"x-forwarded-user": ["ceo@example.org", "head.ld@example.org"]}), user=None)
    assert not result.allowed and "more than one user" in result.reason


@pytest.mark.parametrize("value", ["", "   ", "head.ld@example.org\nX: y", "a" * 400])
def test_proxy_mode_refuses_malformed_names(value):
    assert not resolve(proxy(), bind_address="127.0.0.1", headers=via_proxy({"X-Forwarded-User": value}), user=None).allowed


def test_proxy_header_name_is_configurable():
    s = proxy(proxy_user_header="Remote-User")
    assert resolve(s, bind_address="127.0.0.1", headers=via_proxy({"remote-user": "ceo@example.org"}), user=None).allowed
    assert not resolve(s, bind_address="127.0.0.1", headers=via_proxy({"X-Forwarded-User": "ceo@example.org"}), user=None).allowed


@pytest.mark.parametrize("secret", [None, "", "wrong-secret-of-the-same-length-0123456789", SECRET[:-1],
                                    [SECRET, SECRET]])
def test_proxy_mode_refuses_a_request_without_the_proxys_secret(secret):
    """A request straight to the app's port, naming an admin: no proof it came through the proxy."""
    headers = {"X-Forwarded-User": "head.ld@example.org"}
    if secret is not None:
        headers["x-ld-dash-proxy-secret"] = secret
    result = resolve(proxy(), bind_address="127.0.0.1", headers=headers, user=None)
    assert not result.allowed and result.user is None
    assert "did not come through the dashboard's sign-in" in result.reason


def test_proxy_mode_without_a_configured_secret_refuses_everyone_and_says_what_to_set():
    s = settings(auth="proxy", admins="head.ld@example.org")
    result = resolve(s, bind_address="127.0.0.1", headers=via_proxy({"X-Forwarded-User": "head.ld@example.org"}),
                     user=None)
    assert not result.allowed and "LD_DASH_PROXY_SECRET" in result.reason


def test_a_short_proxy_secret_is_refused_at_start():
    with pytest.raises(ValidationError, match="at least 32 characters"):
        settings(auth="proxy", proxy_secret="password")


def test_the_secret_never_shows_in_the_settings_text():
    assert SECRET not in repr(proxy()) and SECRET not in str(proxy().model_dump())


def test_proxy_header_name_must_be_a_header_name():
    with pytest.raises(ValidationError):
        settings(proxy_user_header="X-User: admin")


def oidc(**values) -> Settings:
    return settings(auth="oidc", admins="head.ld@example.org", viewers="*@example.org", **values)


def test_oidc_signed_out_is_asked_to_sign_in():
    for user in (None, {}, {"is_logged_in": False}):
        result = resolve(oidc(), bind_address="0.0.0.0", headers={}, user=user)
        assert not result.allowed and result.needs_sign_in


def test_oidc_roles_come_from_the_email_claim():
    admin = resolve(oidc(), bind_address="0.0.0.0", headers={},
                    user={"is_logged_in": True, "email": "head.ld@example.org", "email_verified": True})
    assert admin.is_admin
    viewer = resolve(oidc(), bind_address="0.0.0.0", headers={}, user={"is_logged_in": True, "email": "max@example.org"})
    assert viewer.role == "viewer"
    outsider = resolve(oidc(), bind_address="0.0.0.0", headers={}, user={"is_logged_in": True, "email": "x@other.org"})
    assert not outsider.allowed and not outsider.needs_sign_in


def test_oidc_unverified_email_cannot_pick_a_role():
    result = resolve(oidc(), bind_address="0.0.0.0", headers={},
                     user={"is_logged_in": True, "email": "head.ld@example.org", "email_verified": False})
    assert not result.allowed and "verified" in result.reason


def test_oidc_ignores_a_spoofed_proxy_header():
    result = resolve(oidc(), bind_address="0.0.0.0", headers={"X-Forwarded-User": "head.ld@example.org"},
                     user={"is_logged_in": False})
    assert not result.allowed


def test_serve_refuses_proxy_mode_without_a_secret(monkeypatch, capsys):
    from ld_dash.__main__ import main

    monkeypatch.setenv("LD_DASH_AUTH", "proxy")
    monkeypatch.setenv("LD_DASH_ADMINS", "head.ld@example.org")
    monkeypatch.delenv("LD_DASH_PROXY_SECRET", raising=False)
    monkeypatch.setattr("os.execv", lambda *a: pytest.fail("the server must not start"))
    assert main(["serve"]) == 2
    assert "LD_DASH_PROXY_SECRET" in capsys.readouterr().err


def test_serve_refuses_local_mode_beyond_loopback(monkeypatch, capsys):
    from ld_dash.__main__ import main

    monkeypatch.delenv("LD_DASH_AUTH", raising=False)
    # Refused before any data is read or the server started.
    monkeypatch.setattr("os.execv", lambda *a: pytest.fail("the server must not start"))
    assert main(["serve", "--address", "0.0.0.0"]) == 2
    assert "local mode (no sign-in)" in capsys.readouterr().err
