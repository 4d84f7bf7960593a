"""A real Dovecot IMAP server for the tests, on loopback ports with a throwaway certificate.

:func:`start` writes a configuration, a certificate authority and a server certificate in a
folder of its own and runs ``dovecot -F`` (foreground) until :meth:`Dovecot.stop`. Any
user name logs in with :data:`PASSWORD`, so each test logs in as a user of its own and
starts from an empty mailbox; a ``passwd-file`` gives some users a quota. Run as root,
Dovecot keeps mail under ``nobody``'s uid (it refuses uid 0); run as another user,
everything runs as that user. The growing delay Dovecot puts on logins after a failed
one is switched off, so the wrong-password tests do not slow the others.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import ipaddress
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

__all__ = ["Dovecot", "dovecot_binary", "start"]

HOST = "127.0.0.1"
# Dovecot sets TLS per local address: this one, for a server without STARTTLS.
PLAIN_HOST = "127.0.0.2"
PASSWORD = "correct-horse-battery-staple"
# Users whose mail nobody may write to, and the folders their Maildir already holds.
READ_ONLY_USERS = {"read-only": (), "read-only-drafts": ("Drafts",)}


def dovecot_binary() -> str | None:
    """The ``dovecot`` program, or ``None`` when it is not installed."""
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot") if os.access(p, os.X_OK)),
        None,
    )


@dataclass
class Dovecot:
    """A running server: its ports and the CA that signed its certificate."""

    root: Path
    imap_host: str
    imap_port: int
    imaps_port: int
    ca_file: Path
    process: subprocess.Popen[bytes]
    uid: int
    gid: int

    def context(self) -> ssl.SSLContext:
        """A client context that trusts only this server's throwaway CA."""
        return ssl.create_default_context(cafile=str(self.ca_file))

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def stop(self) -> None:
        # The whole process group at once: on SIGTERM the master waits a second for its
        # children, and nothing of this throwaway server needs to be kept.
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for path in (self.root / "read-only", *(self.root / "read-only").rglob("*")):
            path.chmod(0o755)
        shutil.rmtree(self.root, ignore_errors=True)


def start(
    *,
    special_use: bool,
    starttls: bool = True,
    sasl_plain: bool = True,
    quotas: Mapping[str, int] | None = None,
) -> Dovecot:
    """Start Dovecot; with *special_use*, ``Brouillons`` carries ``\\Drafts`` (RFC 6154).

    Any user name logs in with :data:`PASSWORD` and gets an empty mailbox of its own;
    each user in *quotas* may hold at most that many messages. Without *sasl_plain* the
    server does not offer ``AUTH=PLAIN``, so a client must use the LOGIN command. Without
    *starttls* the plain ``imap`` port listens on :data:`PLAIN_HOST` and offers no STARTTLS.

    The special-use mailbox deliberately is not named "Drafts", and a plain ``Drafts`` is
    created beside it, so that a client which picks by name rather than by the attribute
    is caught.
    """
    binary = dovecot_binary()
    if binary is None:
        raise RuntimeError("dovecot is not installed")
    root = Path(tempfile.mkdtemp(prefix="followup-mail-dovecot-"))
    root.chmod(0o755)  # the mail processes run as another user when we are root
    if os.geteuid() == 0:
        mail_user = pwd.getpwnam("nobody")
        login_user, internal_user = "dovenull", "dovecot"
    else:
        mail_user = pwd.getpwuid(os.geteuid())
        login_user = internal_user = mail_user.pw_name
    uid, gid = mail_user.pw_uid, mail_user.pw_gid
    (root / "home").mkdir()
    os.chown(root / "home", uid, gid)
    # The read-only users' mail is a Maildir nobody may write to: LIST works, CREATE and
    # SELECT fail.
    for name, folders in READ_ONLY_USERS.items():
        for folder in ("cur", "new", "tmp", *(f".{f}" for f in folders)):
            (root / "read-only" / name / "Maildir" / folder).mkdir(parents=True)
    for path in (root / "read-only", *(root / "read-only").rglob("*")):
        path.chmod(0o555)
    (root / "passwd").write_text(
        "".join(
            f"{name}::{uid}:{gid}::{root}/read-only/{name}::"
            f"userdb_mail=maildir:{root}/read-only/{name}/Maildir\n"
            for name in READ_ONLY_USERS
        )
        + "".join(
            f"{name}::{uid}:{gid}::{root}/home/{name}::userdb_quota_rule=*:messages={limit}\n"
            for name, limit in (quotas or {}).items()
        ),
        encoding="utf-8",
    )
    ca_file = _certificates(root)
    imap_host = HOST if starttls else PLAIN_HOST
    imap_port, imaps_port = _free_port(imap_host), _free_port(HOST)
    no_tls = "" if starttls else f"local {PLAIN_HOST} {{\n  ssl = no\n}}\n"
    mailboxes = (
        "  mailbox Brouillons {\n    special_use = \\Drafts\n    auto = create\n  }\n"
        "  mailbox Drafts {\n    auto = create\n  }\n"
        "  mailbox Sent {\n    special_use = \\Sent\n    auto = create\n  }\n"
        if special_use
        else ""
    )
    (root / "dovecot.conf").write_text(
        f"""\
protocols = imap
listen = {HOST}, {PLAIN_HOST}
base_dir = {root}/run
state_dir = {root}/state
instance_name = followup-mail-test-{imaps_port}
log_path = {root}/dovecot.log
ssl = yes
ssl_cert = <{root}/server.pem
ssl_key = <{root}/server.key
disable_plaintext_auth = no
auth_mechanisms = {"plain login" if sasl_plain else "login"}
auth_failure_delay = 0
# Any character in a user name, so that a non-ASCII one reaches the password check.
auth_username_chars =
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = {uid}
last_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:~/Maildir
mail_plugins = quota
protocol imap {{
  mail_plugins = $mail_plugins imap_quota
}}
plugin {{
  quota = count:User quota
  quota_vsizes = yes
}}
passdb {{
  driver = static
  args = password={PASSWORD}
}}
userdb {{
  driver = passwd-file
  args = {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
# No growing delay after the wrong-password tests (Dovecot's documented switch).
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = {imap_host}
    port = {imap_port}
  }}
  inet_listener imaps {{
    port = {imaps_port}
    ssl = yes
  }}
}}
{no_tls}namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}}}
""",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [binary, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    server = Dovecot(root, imap_host, imap_port, imaps_port, ca_file, process, uid, gid)
    _wait_for(server)
    return server


def _die_with_parent() -> None:
    """A test run that is killed (a timeout, a mutation run) leaves no server behind."""
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _wait_for(server: Dovecot) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            err = server.process.stderr.read().decode() if server.process.stderr else ""
            raise RuntimeError(f"dovecot exited: {err}{server.log()}")
        try:
            with socket.create_connection((HOST, server.imaps_port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.02)
    server.stop()
    raise RuntimeError("dovecot did not listen within 10 s")


def _free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _certificates(root: Path) -> Path:
    """A throwaway CA and a server certificate for 127.0.0.1 and localhost; the CA's path."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "followup-mail test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([x509.OID_SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (root / "ca.pem").write_bytes(ca.public_bytes(pem))
    (root / "server.pem").write_bytes(server.public_bytes(pem))
    key_path = root / "server.key"
    key_path.write_bytes(
        key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_path.chmod(0o600)
    return root / "ca.pem"
