"""A real Dovecot IMAP server for the tests, on loopback ports with a throwaway certificate.

:func:`start` writes a configuration, a certificate authority and a server certificate in a
folder of its own and runs ``dovecot -F`` (foreground) until :meth:`Dovecot.stop`. Users
are lines of a ``passwd-file`` that Dovecot re-reads when it changes, so each test adds a
user of its own and starts from an empty mailbox. Run as root, Dovecot keeps mail under
``nobody``'s uid (it refuses uid 0); run as another user, everything runs as that user.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

__all__ = ["Dovecot", "dovecot_binary", "start"]

HOST = "127.0.0.1"
PASSWORD = "correct horse battery staple"


def dovecot_binary() -> str | None:
    """The ``dovecot`` program, or ``None`` when it is not installed."""
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot") if os.access(p, os.X_OK)),
        None,
    )


@dataclass
class Dovecot:
    """A running server: its ports, the CA that signed its certificate, its users."""

    root: Path
    imap_port: int
    imaps_port: int
    ca_file: Path
    process: subprocess.Popen[bytes]
    uid: int
    gid: int
    users: set[str] = field(default_factory=set)

    def context(self) -> ssl.SSLContext:
        """A client context that trusts only this server's throwaway CA."""
        return ssl.create_default_context(cafile=str(self.ca_file))

    def add_user(self, name: str, *, max_messages: int | None = None) -> str:
        """Add *name* with :data:`PASSWORD` and an empty mailbox; a quota when asked."""
        assert name not in self.users, name
        self.users.add(name)
        extra = f"userdb_quota_rule=*:messages={max_messages}" if max_messages else ""
        home = self.root / "home" / name
        line = f"{name}:{{PLAIN}}{PASSWORD}:{self.uid}:{self.gid}::{home}::{extra}\n"
        passwd = self.root / "passwd"
        with passwd.open("a", encoding="utf-8") as file:
            file.write(line)
        # Dovecot re-reads the file when its modification time changes (a second's grain).
        stamp = time.time() + len(self.users)
        os.utime(passwd, (stamp, stamp))
        return name

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def start(*, special_use: bool) -> Dovecot:
    """Start Dovecot; with *special_use*, ``Brouillons`` carries ``\\Drafts`` (RFC 6154).

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
    (root / "passwd").write_text("", encoding="utf-8")
    ca_file = _certificates(root)
    imap_port, imaps_port = _free_port(), _free_port()
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
listen = {HOST}
base_dir = {root}/run
state_dir = {root}/state
instance_name = followup-mail-test-{imaps_port}
log_path = {root}/dovecot.log
ssl = yes
ssl_cert = <{root}/server.pem
ssl_key = <{root}/server.key
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
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
  driver = passwd-file
  args = scheme=PLAIN {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = {root}/passwd
}}
service imap-login {{
  inet_listener imap {{
    port = {imap_port}
  }}
  inet_listener imaps {{
    port = {imaps_port}
    ssl = yes
  }}
}}
namespace inbox {{
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
    )
    server = Dovecot(root, imap_port, imaps_port, ca_file, process, uid, gid)
    _wait_for(server)
    return server


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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
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
