"""Run deploy/nginx.conf.template with Debian's nginx on loopback: self-signed TLS, basic-auth users, two upstreams."""
from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import ipaddress
import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.serving import REPO, stop

TEMPLATE = REPO / "deploy" / "nginx.conf.template"
PLACEHOLDER = re.compile(r"\$\{([A-Z0-9_]+)\}")


def render(template: str, values: dict[str, str]) -> str:
    """Replace ${UPPER_CASE} placeholders like envsubst with an explicit list; nginx's $variables stay."""
    missing = sorted(set(PLACEHOLDER.findall(template)) - set(values))
    if missing:
        raise KeyError(f"no value for {missing}")
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and 127.0.0.1, valid for a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "tls.crt", folder / "tls.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


def htpasswd(users: dict[str, str]) -> str:
    """nginx's {SHA} scheme: enough for a test's throwaway passwords (use bcrypt/apr1 in production)."""
    return "".join(f"{user}:{{SHA}}{base64.b64encode(hashlib.sha1(pw.encode()).digest()).decode()}\n"
                   for user, pw in users.items())


@dataclass(frozen=True)
class Site:
    url: str            # https://localhost:<port>
    http_url: str       # the plain-HTTP port that redirects
    access_log: Path
    error_log: Path


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def nginx_site(nginx: str, folder: Path, *, upstreams: list[str], users: dict[str, str], https_port: int,
               http_port: int, proxy_secret: str) -> Iterator[Site]:
    """nginx in the foreground with the shipped site config wrapped in a minimal main config."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = self_signed_certificate(folder)
    (folder / "htpasswd").write_text(htpasswd(users))
    site = render(TEMPLATE.read_text(encoding="utf-8"), {
        "SERVER_NAME": "localhost", "HTTPS_PORT": str(https_port), "HTTP_PORT": str(http_port),
        "TLS_CERTIFICATE": str(cert), "TLS_CERTIFICATE_KEY": str(key), "HTPASSWD_FILE": str(folder / "htpasswd"),
        "UPSTREAM_1": upstreams[0], "UPSTREAM_2": upstreams[1], "PROXY_SECRET": proxy_secret})
    # Loopback ports only: the shipped config says `listen 443`, which here would bind every interface.
    site = re.sub(r"listen (\d+)", r"listen 127.0.0.1:\1", site)
    (folder / "ld-dash.conf").write_text(site)
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir(exist_ok=True)
    access_log, error_log = folder / "access.log", folder / "error.log"
    # Workers would run as "nobody", who cannot read a root-only temporary folder (test set-up only).
    user = "user root;" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(f"""
{user}
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {error_log} info;
events {{ worker_connections 512; }}
http {{
    log_format route '$cookie_ld_dash_route $ld_dash_route $upstream_addr $status $request_method $uri';
    access_log {access_log} route;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/ld-dash.conf;
}}
""")
    check = subprocess.run([nginx, "-t", "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(error_log)],
                           capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"nginx rejects the rendered config:\n{check.stderr}")
    with open(folder / "nginx.out", "wb") as out:
        process = subprocess.Popen([nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(error_log)],
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while not _listening(https_port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start:\n{error_log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield Site(f"https://localhost:{https_port}", f"http://localhost:{http_port}", access_log, error_log)
    finally:
        stop(process)
