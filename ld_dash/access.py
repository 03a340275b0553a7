"""Who may see what: the sign-in mode, the signed-in identity and its role, as plain functions.

Two roles. A *viewer* sees every dashboard (aggregates only); an *L&D admin* also gets the Data page
(imports, data quality, import history). Everyone else is refused: default deny. The Streamlit glue
that feeds these functions the request's headers and `st.user` is `ld_dash/ui/auth.py`.
"""
from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ld_dash.settings import Settings

Role = Literal["viewer", "admin"]
ROLE_NAMES: dict[str, str] = {"admin": "L&D admin", "viewer": "Viewer"}
LOCAL_USER = "local user"

# Headers a reverse proxy adds. In local mode nobody should be coming through a proxy: if these are
# present, the loopback-only server has been published by a proxy without sign-in.
FORWARDING_HEADERS = ("x-forwarded-for", "x-real-ip", "forwarded", "x-forwarded-host")
MAX_IDENTITY_LENGTH = 320  # the longest valid e-mail address


class Access(BaseModel):
    """The outcome for one session: who, in which role, or why not."""

    model_config = ConfigDict(frozen=True)

    mode: Literal["none", "oidc", "proxy"]
    user: str | None = None
    role: Role | None = None
    needs_sign_in: bool = False  # OIDC only: nobody signed in yet, so offer the sign-in button
    reason: str = ""  # why access is refused, in words for the person refused

    @property
    def allowed(self) -> bool:
        return self.role is not None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role or "", "No access")


def is_loopback(address: str | None) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if not address:
        return False  # Streamlit's default (empty) binds every interface
    text = address.strip().strip("[]").lower()
    if text in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def local_mode_problem(auth: str, bind_address: str | None) -> str | None:
    """Why local no-sign-in mode must not run on this address, or None when it may."""
    if auth != "none" or is_loopback(bind_address):
        return None
    where = bind_address or "every network interface"
    return (f"ld-dash is set to local mode (no sign-in) but listens on {where}, where other people could "
            "reach it. Local mode is only for one person on 127.0.0.1. To serve colleagues, set "
            "LD_DASH_AUTH=proxy (sign-in at your reverse proxy) or LD_DASH_AUTH=oidc (Streamlit's "
            "OpenID Connect login), and name the people in LD_DASH_ADMINS and LD_DASH_VIEWERS.")


def normalise(identity: str) -> str:
    """E-mail addresses and directory user names compare without case or surrounding spaces."""
    return identity.strip().casefold()


def matches(identity: str, entry: str) -> bool:
    """One role-list entry: an exact name, `*@domain` (anyone signed in with that domain) or `*`."""
    who, pattern = normalise(identity), normalise(entry)
    if not who or not pattern:
        return False
    if pattern == "*":
        return True
    if pattern.startswith("*@"):
        return who.endswith(pattern[1:]) and len(who) > len(pattern) - 1
    return who == pattern


def role_for(identity: str, admins: Sequence[str], viewers: Sequence[str]) -> Role | None:
    """Admin if named as one, viewer if any viewer entry matches, otherwise nothing (default deny)."""
    if any(matches(identity, entry) for entry in admins):
        return "admin"
    if any(matches(identity, entry) for entry in viewers):
        return "viewer"
    return None


def _values(headers: Mapping[str, str | Sequence[str]], name: str) -> list[str]:
    """Every value of a header, whatever the case of its name; a repeated header gives several."""
    found: list[str] = []
    for key, value in headers.items():
        if key.lower() == name.lower():
            found += [value] if isinstance(value, str) else list(value)
    return found


def _clean_identity(value: str) -> str | None:
    text = value.strip()
    if not text or len(text) > MAX_IDENTITY_LENGTH or any(ord(c) < 32 or ord(c) == 127 for c in text):
        return None
    return text


def _by_role(mode: Literal["oidc", "proxy"], identity: str, settings: Settings) -> Access:
    role = role_for(identity, settings.admins, settings.viewers)
    if role is None:
        return Access(mode=mode, user=identity, reason=(
            f"You are signed in as {identity}, but you are not on this dashboard's list of viewers. It shows "
            f"employee data, so access is by name: ask {settings.admin_contact} to add you."))
    return Access(mode=mode, user=identity, role=role)


def came_through_proxy(settings: Settings, headers: Mapping[str, str | Sequence[str]]) -> str | None:
    """Why the request cannot be trusted to come from the reverse proxy, or None when it carries its secret.

    The user header alone proves nothing: anyone who reaches the app's port can send one. The proxy
    also sends a shared secret that browsers never see; it is compared in constant time.
    """
    if settings.proxy_secret is None:
        return ("ld-dash is set to sign in through a reverse proxy (LD_DASH_AUTH=proxy) but has no "
                "LD_DASH_PROXY_SECRET, so it cannot tell the proxy's requests from anyone else's. The "
                f"administrator sets the same secret in the proxy's {settings.proxy_secret_header} header and "
                "in LD_DASH_PROXY_SECRET (see the README, \"Deploy on an intranet\").")
    sent = _values(headers, settings.proxy_secret_header)
    expected = settings.proxy_secret.get_secret_value().strip().encode()
    if len(sent) != 1 or not hmac.compare_digest(sent[0].strip().encode(), expected):
        return ("This request did not come through the dashboard's sign-in (reverse proxy), so it is refused. "
                "Open the dashboard through its usual address, or ask " + settings.admin_contact + ".")
    return None


def proxy_access(settings: Settings, headers: Mapping[str, str | Sequence[str]]) -> Access:
    """The user named by the trusted reverse proxy's header, on a request proven to come from the proxy."""
    untrusted = came_through_proxy(settings, headers)
    if untrusted:
        return Access(mode="proxy", reason=untrusted)
    values = _values(headers, settings.proxy_user_header)
    if not values:
        return Access(mode="proxy", reason=(
            "No signed-in user came with this request. ld-dash expects your organisation's sign-in page "
            f"in front of it (the reverse proxy sends the {settings.proxy_user_header} header); open the "
            "dashboard through its usual address, or ask " + settings.admin_contact + "."))
    if len(values) > 1:
        # A proxy that appends instead of replacing lets a client add a name of its choice: refuse.
        return Access(mode="proxy", reason=(
            f"The request names more than one user ({settings.proxy_user_header} appears {len(values)} times), "
            "so it cannot be trusted. The reverse proxy must replace that header, never pass on a client's."))
    identity = _clean_identity(values[0])
    if identity is None:
        return Access(mode="proxy", reason=f"The {settings.proxy_user_header} header does not hold a valid user name.")
    return _by_role("proxy", identity, settings)


def oidc_access(settings: Settings, user: Mapping[str, object] | None) -> Access:
    """The user signed in through Streamlit's OpenID Connect login (`st.user`)."""
    if not user or not user.get("is_logged_in"):
        return Access(mode="oidc", needs_sign_in=True, reason="Sign in to see the dashboard.")
    if user.get("email_verified") is False:
        # An unverified address is a claim anyone could make at some providers: it cannot pick a role.
        return Access(mode="oidc", user=str(user.get("email") or ""), reason=(
            "Your identity provider has not verified your e-mail address, so it cannot be matched to a role. "
            f"Verify it with your provider, or ask {settings.admin_contact}."))
    raw = user.get("email") or user.get("preferred_username")
    identity = _clean_identity(str(raw)) if raw else None
    if identity is None:
        return Access(mode="oidc", reason=(
            "Your identity provider did not send an e-mail address or user name. Ask your administrator to "
            "include the 'email' scope for ld-dash."))
    return _by_role("oidc", identity, settings)


def local_access(settings: Settings, bind_address: str | None,
                 headers: Mapping[str, str | Sequence[str]]) -> Access:
    """Local mode: the one person at this machine is the L&D admin, if nobody else can reach it."""
    problem = local_mode_problem(settings.auth, bind_address)
    if problem:
        return Access(mode="none", reason=problem)
    if any(_values(headers, name) for name in FORWARDING_HEADERS):
        return Access(mode="none", reason=(
            "This request came through a reverse proxy, but ld-dash runs in local mode with no sign-in, so "
            "anyone reaching the proxy would be an L&D admin. Set LD_DASH_AUTH=proxy (and the proxy's "
            "user header) or LD_DASH_AUTH=oidc."))
    return Access(mode="none", user=LOCAL_USER, role="admin")


def resolve(settings: Settings, *, bind_address: str | None, headers: Mapping[str, str | Sequence[str]],
            user: Mapping[str, object] | None) -> Access:
    """Who this session is and what they may see, from the settings and what the request carries."""
    if settings.auth == "proxy":
        return proxy_access(settings, headers)
    if settings.auth == "oidc":
        return oidc_access(settings, user)
    return local_access(settings, bind_address, headers)
