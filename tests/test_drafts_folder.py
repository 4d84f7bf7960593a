"""save_drafts and ``draft --imap`` against a real Dovecot server on loopback.

The server (tests/imap_server.py) runs with a throwaway certificate authority; each test
logs in as a user of its own, so it starts from an empty mailbox. Where Dovecot is not
installed the server tests are skipped with the reason; CI installs it (.ci/run).
"""

from __future__ import annotations

import imaplib
import os
import re
import socket
import ssl
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import imap_server
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imap_server import HOST, PASSWORD, Dovecot

import followup_mail.drafts_folder
import followup_mail.message
from followup_mail import (
    Draft,
    DraftsFolderError,
    FollowupMailError,
    InsecureTransportWarning,
    InterviewNotes,
    SavedDrafts,
    draft_thank_yous,
    save_drafts,
)
from followup_mail.cli import main
from followup_mail.drafts_folder import (
    PASSWORD_VARIABLE,
    _decode_mailbox,
    _encode_mailbox,
    _parse_list,
    _parse_url,
    _quote,
    _reason,
    _unquote,
)

QUOTAS = {"quota-2-a": 2, "quota-1": 1, "quota-2-b": 2}
NOTES = Path(__file__).resolve().parents[1] / "examples" / "notes.json"

# CI (.ci/run) installs Dovecot and sets this, so that there a missing server fails the run.
REQUIRED = os.environ.get("FOLLOWUP_MAIL_REQUIRE_DOVECOT") == "1"
needs_dovecot = pytest.mark.skipif(
    imap_server.dovecot_binary() is None and not REQUIRED,
    reason="Dovecot is not installed (apt-get install dovecot-imapd); .ci/run installs it",
)


# --- the servers -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """A server whose \\Drafts mailbox is "Brouillons", beside a plain "Drafts"."""
    server = imap_server.start(special_use=True, quotas=QUOTAS)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def dovecot_plain() -> Iterator[Dovecot]:
    """A server without special-use mailboxes (a new user has only INBOX) nor STARTTLS."""
    server = imap_server.start(special_use=False, starttls=False)
    yield server
    server.stop()


@pytest.fixture
def user(request: pytest.FixtureRequest) -> str:
    """A user name of this test's own (the test's name, made safe)."""
    return re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:60]


@pytest.fixture
def drafts(notes: InterviewNotes) -> list[Draft]:
    return draft_thank_yous(notes)


@pytest.fixture(autouse=True)
def _no_password_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)


def url(server: Dovecot, user: str | None = None, scheme: str = "imaps") -> str:
    host, port = (HOST, server.imaps_port) if scheme == "imaps" else (
        server.imap_host, server.imap_port
    )
    return f"{scheme}://{user + '@' if user else ''}{host}:{port}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Mailbox:
    """What a mail client sees: the folders, their attributes and each message."""

    def __init__(self, server: Dovecot, user: str) -> None:
        self.imap = imaplib.IMAP4_SSL(HOST, server.imaps_port, ssl_context=server.context())
        self.imap.login(user, PASSWORD)

    def folders(self) -> dict[str, str]:
        """Each folder's name and its attributes as the server wrote them."""
        status, lines = self.imap.list()
        assert status == "OK"
        found = {}
        for line in lines:
            assert isinstance(line, bytes)
            match = re.fullmatch(rb'\((.*)\) "/" (.*)', line)
            assert match, line
            found[match[2].decode().strip('"')] = match[1].decode()
        return found

    def subscribed(self) -> set[str]:
        status, lines = self.imap.lsub()
        assert status == "OK"
        return {line.rsplit(b" ", 1)[1].decode().strip('"') for line in lines if line}

    def messages(self, folder: str) -> list[tuple[str, bytes]]:
        """(flags, bytes) of each message in *folder*, oldest first."""
        status, count = self.imap.select(f'"{folder}"', readonly=True)
        assert status == "OK", folder
        if count == [b"0"]:
            return []
        status, data = self.imap.fetch("1:*", "(FLAGS BODY.PEEK[])")
        assert status == "OK", data
        found = []
        for item in data:
            if isinstance(item, tuple):
                flags = re.search(rb"FLAGS \(([^)]*)\)", item[0])
                assert flags, item[0]
                # \Recent is the server's, not the client's (RFC 3501, section 2.3.2).
                found.append((flags[1].decode().replace("\\Recent", "").strip(), item[1]))
        return found

    def close(self) -> None:
        self.imap.logout()


@pytest.fixture
def mailbox() -> Iterator[list[Mailbox]]:
    opened: list[Mailbox] = []
    yield opened
    for box in opened:
        box.close()


def open_mailbox(opened: list[Mailbox], server: Dovecot, user: str) -> Mailbox:
    box = Mailbox(server, user)
    opened.append(box)
    return box


def outside_the_library(filename: str) -> bool:
    """A warning points at the caller's line, not at the library's own code."""
    return Path(filename).parent != Path(followup_mail.drafts_folder.__file__).parent


def without_x_unsent(eml: bytes) -> bytes:
    assert eml.count(b"\r\nX-Unsent: 1\r\n") == 1
    return eml.replace(b"\r\nX-Unsent: 1\r\n", b"\r\n", 1)


# --- saving ----------------------------------------------------------------------------


@needs_dovecot
def test_drafts_land_in_the_special_use_folder_with_the_draft_flag(
    dovecot: Dovecot, user: str, drafts: list[Draft], mailbox: list[Mailbox]
) -> None:
    result = save_drafts(
        drafts, url(dovecot), username=user, password=PASSWORD, ssl_context=dovecot.context()
    )
    assert result == SavedDrafts(
        mailbox="Brouillons",
        saved=tuple(d.message_id for d in drafts),
        already_there=(),
    )
    box = open_mailbox(mailbox, dovecot, user)
    # Opened read-only: the drafts are still new to the user's own client.
    assert box.imap.status("Brouillons", "(RECENT)") == ("OK", [b"Brouillons (RECENT 3)"])
    assert "\\Drafts" in box.folders()["Brouillons"]
    stored = box.messages("Brouillons")
    assert [set(flags.split()) for flags, _ in stored] == [{"\\Seen", "\\Draft"}] * 3
    # The folder merely named Drafts and the inbox are left alone.
    assert box.messages("Drafts") == []
    assert box.messages("INBOX") == []


@needs_dovecot
def test_each_stored_draft_is_its_eml_bytes_without_x_unsent(
    dovecot: Dovecot, user: str, drafts: list[Draft], mailbox: list[Mailbox]
) -> None:
    save_drafts(
        drafts, url(dovecot), username=user, password=PASSWORD, ssl_context=dovecot.context()
    )
    stored = [data for _, data in open_mailbox(mailbox, dovecot, user).messages("Brouillons")]
    assert stored == [without_x_unsent(d.to_eml()) for d in drafts]
    assert all(b"X-Unsent" not in data for data in stored)
    for draft, data in zip(drafts, stored, strict=True):
        assert f"\r\nMessage-ID: {draft.message_id}\r\n".encode() in data


@needs_dovecot
def test_a_second_run_adds_nothing(
    dovecot: Dovecot, user: str, drafts: list[Draft], mailbox: list[Mailbox]
) -> None:
    context = dovecot.context()
    save_drafts(drafts, url(dovecot), username=user, password=PASSWORD, ssl_context=context)
    again = save_drafts(drafts, url(dovecot), username=user, password=PASSWORD, ssl_context=context)
    assert again == SavedDrafts(
        mailbox="Brouillons", saved=(), already_there=tuple(d.message_id for d in drafts)
    )
    assert len(open_mailbox(mailbox, dovecot, user).messages("Brouillons")) == 3


@needs_dovecot
def test_a_draft_marked_deleted_is_saved_again(
    dovecot: Dovecot, user: str, drafts: list[Draft], mailbox: list[Mailbox]
) -> None:
    context = dovecot.context()
    save_drafts(drafts[:1], url(dovecot), username=user, password=PASSWORD, ssl_context=context)
    box = open_mailbox(mailbox, dovecot, user)
    assert box.imap.select("Brouillons")[0] == "OK"
    assert box.imap.store("1", "+FLAGS", "(\\Deleted)")[0] == "OK"
    result = save_drafts(
        drafts[:1], url(dovecot), username=user, password=PASSWORD, ssl_context=context
    )
    assert result.saved == (drafts[0].message_id,)
    flags = [set(f.split()) for f, _ in box.messages("Brouillons")]
    assert flags == [{"\\Seen", "\\Deleted", "\\Draft"}, {"\\Seen", "\\Draft"}]


@needs_dovecot
def test_a_run_after_one_draft_was_saved_adds_the_others(
    dovecot: Dovecot, user: str, drafts: list[Draft], mailbox: list[Mailbox]
) -> None:
    context = dovecot.context()
    save_drafts(drafts[1:2], url(dovecot), username=user, password=PASSWORD, ssl_context=context)
    result = save_drafts(
        drafts, url(dovecot), username=user, password=PASSWORD, ssl_context=context
    )
    ids = [d.message_id for d in drafts]
    assert result.saved == (ids[0], ids[2])
    assert result.already_there == (ids[1],)
    stored = open_mailbox(mailbox, dovecot, user).messages("Brouillons")
    assert [data for _, data in stored] == [without_x_unsent(drafts[i].to_eml()) for i in (1, 0, 2)]


@needs_dovecot
def test_the_same_draft_twice_in_one_call_is_saved_once(
    dovecot: Dovecot, user: str, drafts: list[Draft], mailbox: list[Mailbox]
) -> None:
    result = save_drafts(
        [drafts[0], drafts[0]],
        url(dovecot, user),
        username=user,
        password=PASSWORD,
        ssl_context=dovecot.context(),
    )
    assert result.saved == (drafts[0].message_id,)
    assert result.already_there == (drafts[0].message_id,)
    assert len(open_mailbox(mailbox, dovecot, user).messages("Brouillons")) == 1


@needs_dovecot
@pytest.mark.parametrize(
    ("user", "before", "saved", "there", "not_saved"),
    [
        # Each user's quota is in QUOTAS; the server refuses the message past it.
        ("quota-2-a", [], [0, 1], [], [2]),
        ("quota-1", [0], [], [0], [1, 2]),
        ("quota-2-b", [0, 1], [], [0, 1], [2]),
    ],
)
def test_an_upload_failing_part_way_says_which_drafts_were_saved(
    dovecot: Dovecot,
    drafts: list[Draft],
    mailbox: list[Mailbox],
    user: str,
    before: list[int],
    saved: list[int],
    there: list[int],
    not_saved: list[int],
) -> None:
    context = dovecot.context()
    for index in before:
        save_drafts(
            [drafts[index]], url(dovecot), username=user, password=PASSWORD, ssl_context=context
        )
    with pytest.raises(DraftsFolderError) as caught:
        save_drafts(drafts, url(dovecot), username=user, password=PASSWORD, ssl_context=context)
    error = caught.value
    assert error.saved == tuple(drafts[i].message_id for i in saved)
    assert error.not_saved == tuple(drafts[i].message_id for i in not_saved)

    def labels(indices: list[int]) -> str:
        return ", ".join(f"the thank-you to {drafts[i].to.name}" for i in indices)

    expected = [
        f"Saving drafts to 'Brouillons' on {HOST}:{dovecot.imaps_port} stopped: [OVERQUOTA] "
        "Quota exceeded (mailbox for user is full)."
    ]
    if saved:
        expected.append(f"Saved: {labels(saved)}.")
    if there:
        expected.append(f"Already there: {labels(there)}.")
    expected.append(f"Not saved: {labels(not_saved)}.")
    expected.append("Running again saves only the missing ones.")
    # Dovecot adds how long the command took: "(0.001 + 0.000 secs)".
    assert re.sub(r" \([\d.+ ]+ secs\)", "", str(error)) == " ".join(expected)
    stored = open_mailbox(mailbox, dovecot, user).messages("Brouillons")
    kept = sorted(before + saved)
    assert [data for _, data in stored] == [without_x_unsent(drafts[i].to_eml()) for i in kept]


@needs_dovecot
def test_a_drafts_folder_that_cannot_be_created_is_one_clear_error(
    dovecot_plain: Dovecot, drafts: list[Draft]
) -> None:
    with pytest.raises(DraftsFolderError) as caught:
        save_drafts(
            drafts,
            url(dovecot_plain),
            username="read-only",
            password=PASSWORD,
            ssl_context=dovecot_plain.context(),
        )
    assert caught.value.saved == caught.value.not_saved == ()
    assert re.fullmatch(
        rf"The IMAP server {HOST}:{dovecot_plain.imaps_port} could not create the mailbox "
        r"'Drafts': \[SERVERBUG\] Internal error occurred\. Refer to server log for more "
        r"information\. \[[\d :-]+\] \([\d.+ ]+ secs\); nothing was saved\.",
        str(caught.value),
    ), str(caught.value)


@needs_dovecot
def test_a_drafts_folder_that_cannot_be_opened_is_one_clear_error(
    dovecot_plain: Dovecot, drafts: list[Draft]
) -> None:
    with pytest.raises(DraftsFolderError) as caught:
        save_drafts(
            drafts,
            url(dovecot_plain),
            username="read-only-drafts",
            password=PASSWORD,
            ssl_context=dovecot_plain.context(),
        )
    assert re.fullmatch(
        rf"The IMAP server {HOST}:{dovecot_plain.imaps_port} could not open the mailbox "
        r"'Drafts': \[SERVERBUG\] Internal error occurred\. Refer to server log for more "
        r"information\. \[[\d :-]+\] \([\d.+ ]+ secs\); nothing was saved\.",
        str(caught.value),
    ), str(caught.value)


@needs_dovecot
def test_a_server_without_special_use_gets_a_subscribed_drafts_folder(
    dovecot_plain: Dovecot, user: str, drafts: list[Draft], mailbox: list[Mailbox]
) -> None:
    box = open_mailbox(mailbox, dovecot_plain, user)
    assert box.folders().keys() == {"INBOX"}
    result = save_drafts(
        drafts,
        url(dovecot_plain),
        username=user,
        password=PASSWORD,
        ssl_context=dovecot_plain.context(),
    )
    assert result.mailbox == "Drafts"
    assert box.folders().keys() == {"INBOX", "Drafts"}
    assert "Drafts" in box.subscribed()
    stored = box.messages("Drafts")
    assert [set(flags.split()) for flags, _ in stored] == [{"\\Seen", "\\Draft"}] * 3
    assert [data for _, data in stored] == [without_x_unsent(d.to_eml()) for d in drafts]


@needs_dovecot
def test_an_existing_drafts_folder_is_used_when_none_is_marked(
    dovecot_plain: Dovecot, user: str, drafts: list[Draft], mailbox: list[Mailbox]
) -> None:
    box = open_mailbox(mailbox, dovecot_plain, user)
    assert box.imap.create("Drafts")[0] == "OK"
    result = save_drafts(
        drafts[:1],
        url(dovecot_plain),
        username=user,
        password=PASSWORD,
        ssl_context=dovecot_plain.context(),
    )
    assert result.mailbox == "Drafts"
    assert len(box.messages("Drafts")) == 1
    # Using it, not creating it again: only the client above subscribed, and it did not.
    assert "Drafts" not in box.subscribed()


@needs_dovecot
def test_a_named_mailbox_is_used_even_with_a_non_ascii_name(
    dovecot: Dovecot, user: str, drafts: list[Draft], mailbox: list[Mailbox]
) -> None:
    box = open_mailbox(mailbox, dovecot, user)
    assert box.imap.create('"Entw&APw-rfe"')[0] == "OK"
    result = save_drafts(
        drafts[:1],
        url(dovecot),
        username=user,
        password=PASSWORD,
        mailbox="Entwürfe",
        ssl_context=dovecot.context(),
    )
    assert result.mailbox == "Entwürfe"
    assert len(box.messages("Entw&APw-rfe")) == 1
    assert box.messages("Brouillons") == []


@needs_dovecot
def test_a_named_mailbox_that_does_not_exist_is_refused(
    dovecot: Dovecot, user: str, drafts: list[Draft]
) -> None:
    with pytest.raises(DraftsFolderError) as caught:
        save_drafts(
            drafts,
            url(dovecot),
            username=user,
            password=PASSWORD,
            mailbox="Draughts",
            ssl_context=dovecot.context(),
        )
    assert str(caught.value) == (
        f"The mailbox 'Draughts' does not exist on {HOST}:{dovecot.imaps_port}; "
        "nothing was saved."
    )


@needs_dovecot
def test_the_password_is_read_from_the_environment_when_not_given(
    dovecot: Dovecot, user: str, drafts: list[Draft], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    result = save_drafts(drafts[:1], url(dovecot), username=user, ssl_context=dovecot.context())
    assert result.saved == (drafts[0].message_id,)


@needs_dovecot
def test_a_non_ascii_user_name_logs_in_with_sasl_plain(
    dovecot: Dovecot, drafts: list[Draft], mailbox: list[Mailbox]
) -> None:
    user = "chloé-martin"  # IMAP's LOGIN command carries ASCII only
    result = save_drafts(
        drafts[:1], url(dovecot), username=user, password=PASSWORD, ssl_context=dovecot.context()
    )
    assert result.saved == (drafts[0].message_id,)
    assert f"Login: user=<{user}>, method=PLAIN" in dovecot.log()


# --- what goes wrong -------------------------------------------------------------------


@needs_dovecot
def test_a_wrong_password_is_one_clear_error(
    dovecot: Dovecot, user: str, drafts: list[Draft]
) -> None:
    with pytest.raises(DraftsFolderError) as caught:
        save_drafts(
            drafts, url(dovecot), username=user, password="wrong", ssl_context=dovecot.context()
        )
    assert str(caught.value) == (
        f"The IMAP server {HOST}:{dovecot.imaps_port} refused the login of {user!r}: "
        "[AUTHENTICATIONFAILED] Authentication failed; check the user name and password. "
        "Nothing was saved."
    )
    assert caught.value.saved == caught.value.not_saved == ()


@needs_dovecot
def test_a_non_ascii_user_name_is_refused_when_the_server_lacks_sasl_plain(
    drafts: list[Draft],
) -> None:
    server = imap_server.start(special_use=False, sasl_plain=False)
    try:
        with pytest.raises(DraftsFolderError) as caught:
            save_drafts(
                drafts,
                url(server),
                username="chloé",
                password=PASSWORD,
                ssl_context=server.context(),
            )
    finally:
        server.stop()
    assert str(caught.value) == (
        f"The IMAP server {HOST}:{server.imaps_port} offers no AUTH=PLAIN, so a user name or "
        "password with non-ASCII characters cannot be sent; nothing was saved."
    )


def test_an_unreachable_server_is_one_clear_error(drafts: list[Draft]) -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(DraftsFolderError) as caught:
        save_drafts(drafts, f"imaps://{HOST}:{port}", username="sam", password="secret")
    assert str(caught.value) == (
        f"Could not reach the IMAP server {HOST}:{port}: Connection refused; nothing was saved."
    )


@needs_dovecot
def test_a_certificate_the_system_does_not_trust_is_refused(
    dovecot: Dovecot, user: str, drafts: list[Draft]
) -> None:
    with pytest.raises(DraftsFolderError) as caught:
        save_drafts(drafts, url(dovecot), username=user, password=PASSWORD)
    assert str(caught.value) == (
        f"Could not open a verified TLS connection to the IMAP server {HOST}:"
        f"{dovecot.imaps_port}: CERTIFICATE_VERIFY_FAILED; nothing was saved."
    )


@needs_dovecot
def test_imap_without_s_upgrades_with_starttls_and_warns(
    dovecot: Dovecot, user: str, drafts: list[Draft], mailbox: list[Mailbox]
) -> None:
    with pytest.warns(InsecureTransportWarning) as caught:
        result = save_drafts(
            drafts[:1],
            url(dovecot, scheme="imap"),
            username=user,
            password=PASSWORD,
            ssl_context=dovecot.context(),
        )
    assert [str(w.message) for w in caught if w.category is InsecureTransportWarning] == [
        f"imap://{HOST}:{dovecot.imap_port}: upgraded with STARTTLS, but an attacker on the "
        "path could have removed the offer; prefer imaps://."
    ]
    assert outside_the_library(caught[0].filename)
    assert result.saved == (drafts[0].message_id,)
    # The server saw the login over TLS.
    logins = [line for line in dovecot.log().splitlines() if f"Login: user=<{user}>" in line]
    assert len(logins) == 1
    assert f"lip={HOST}, mpid=" in logins[0]
    assert ", TLS, " in logins[0]


@needs_dovecot
def test_imap_without_s_and_without_starttls_warns_that_it_is_unencrypted(
    dovecot_plain: Dovecot, user: str, drafts: list[Draft], mailbox: list[Mailbox]
) -> None:
    with pytest.warns(InsecureTransportWarning) as caught:
        result = save_drafts(
            drafts[:1], url(dovecot_plain, scheme="imap"), username=user, password=PASSWORD
        )
    assert [str(w.message) for w in caught if w.category is InsecureTransportWarning] == [
        f"imap://{dovecot_plain.imap_host}:{dovecot_plain.imap_port} offers no STARTTLS: the "
        "password and the drafts cross the network unencrypted; use imaps:// if the server "
        "offers it."
    ]
    assert outside_the_library(caught[0].filename)
    assert result.saved == (drafts[0].message_id,)
    logins = [line for line in dovecot_plain.log().splitlines() if f"user=<{user}>" in line]
    assert f"lip={dovecot_plain.imap_host}, mpid=" in logins[0]
    assert "TLS" not in logins[0]
    assert len(open_mailbox(mailbox, dovecot_plain, user).messages("Drafts")) == 1


@needs_dovecot
def test_starttls_verifies_the_certificate_too(
    dovecot: Dovecot, user: str, drafts: list[Draft]
) -> None:
    with pytest.warns(InsecureTransportWarning), pytest.raises(DraftsFolderError) as caught:
        save_drafts(drafts, url(dovecot, scheme="imap"), username=user, password=PASSWORD)
    assert str(caught.value) == (
        f"Could not open a verified TLS connection to the IMAP server {HOST}:"
        f"{dovecot.imap_port}: CERTIFICATE_VERIFY_FAILED; nothing was saved."
    )


def test_imaps_is_the_default_and_never_warns(drafts: list[Draft]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DraftsFolderError, match="Could not reach"):
            save_drafts(drafts, f"imaps://{HOST}:{free_port()}", username="sam", password="x")


@pytest.mark.parametrize(
    ("imap_url", "username", "message"),
    [
        (
            "https://imap.example.com",
            "sam",
            "The IMAP URL 'https://imap.example.com' must start with imaps:// (or imap:// to "
            "connect without TLS).",
        ),
        (
            "imap.example.com",
            "sam",
            "The IMAP URL 'imap.example.com' must start with imaps:// (or imap:// to connect "
            "without TLS).",
        ),
        (
            "imaps://sam:hunter2@imap.example.com",
            "sam",
            "The IMAP URL holds a password; leave it out and pass it as password= or in "
            "FOLLOWUP_MAIL_IMAP_PASSWORD, so that it does not end up in a shell history.",
        ),
        ("imaps://", "sam", "The IMAP URL 'imaps://' names no server."),
        (
            "imaps://imap.example.com/INBOX",
            "sam",
            "The IMAP URL 'imaps://imap.example.com/INBOX' has a path, query or fragment; "
            "name the folder with mailbox= instead.",
        ),
        (
            "imaps://imap.example.com?mailbox=Drafts",
            "sam",
            "The IMAP URL 'imaps://imap.example.com?mailbox=Drafts' has a path, query or "
            "fragment; name the folder with mailbox= instead.",
        ),
        (
            "imaps://imap.example.com:99999",
            "sam",
            "The IMAP URL 'imaps://imap.example.com:99999' has an invalid port.",
        ),
        (
            "imaps://imap.example.com\r\nA1 LOGOUT",
            "sam",
            "The IMAP URL 'imaps://imap.example.com\\r\\nA1 LOGOUT' is not one line of text.",
        ),
        (
            "imaps://ana@imap.example.com",
            "sam",
            "The IMAP URL names the user 'ana' but username is 'sam'; give one user.",
        ),
        ("imaps://imap.example.com", "", "The IMAP username must be a non-empty line of text."),
        (
            "imaps://imap.example.com",
            "sam\r\nA1 LOGOUT",
            "The IMAP username must be a non-empty line of text.",
        ),
        (
            "imaps://imap.example.com",
            "sam\x7f",
            "The IMAP username must be a non-empty line of text.",
        ),
        (
            "imaps://imap.example.com\x7f",
            "sam",
            "The IMAP URL 'imaps://imap.example.com\\x7f' is not one line of text.",
        ),
    ],
)
def test_a_bad_url_or_user_is_refused_before_connecting(
    drafts: list[Draft], imap_url: str, username: str, message: str
) -> None:
    with pytest.raises(DraftsFolderError) as caught:
        save_drafts(drafts, imap_url, username=username, password="secret")
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("imap_url", "username", "parsed"),
    [
        ("imaps://imap.example.com", "sam", ("imaps", "imap.example.com", 993)),
        ("IMAPS://sam@imap.example.com/", "sam", ("imaps", "imap.example.com", 993)),
        ("imap://imap.example.com", "sam", ("imap", "imap.example.com", 143)),
        ("imaps://imap.example.com:1993", "sam", ("imaps", "imap.example.com", 1993)),
        ("imaps://[::1]:1993", "sam", ("imaps", "::1", 1993)),
        # A user name that is an address: the last "@" ends it, as most providers want.
        (
            "imaps://sam@example.com@imap.example.com",
            "sam@example.com",
            ("imaps", "imap.example.com", 993),
        ),
        (
            "imaps://sam%40example.com@imap.example.com",
            "sam@example.com",
            ("imaps", "imap.example.com", 993),
        ),
    ],
)
def test_the_url_gives_the_scheme_host_and_port_with_the_standard_ports(
    imap_url: str, username: str, parsed: tuple[str, str, int]
) -> None:
    assert _parse_url(imap_url, username) == parsed


@pytest.mark.parametrize(
    ("password", "mailbox", "message"),
    [
        (None, None, "No IMAP password: pass password= or set FOLLOWUP_MAIL_IMAP_PASSWORD."),
        ("a\r\nb", None, "The IMAP password must not hold control characters."),
        ("secret", "", "The mailbox name '' must be a non-empty line of text."),
        ("secret", "Drafts\r\nA1", "The mailbox name 'Drafts\\r\\nA1' must be a non-empty line "
         "of text."),
    ],
)
def test_a_missing_password_or_bad_mailbox_is_refused_before_connecting(
    drafts: list[Draft], password: str | None, mailbox: str | None, message: str
) -> None:
    # imap.example.com is never reached: the error comes first.
    with pytest.raises(DraftsFolderError) as caught:
        save_drafts(
            drafts, "imaps://imap.example.com", username="sam", password=password, mailbox=mailbox
        )
    assert str(caught.value) == message


@pytest.mark.parametrize("timeout", [0, -1.5, float("nan"), True, "30"])
def test_a_timeout_that_is_not_a_positive_number_is_refused(
    drafts: list[Draft], timeout: object
) -> None:
    with pytest.raises(DraftsFolderError) as caught:
        save_drafts(
            drafts, "imaps://imap.example.com", username="sam", password="x",
            timeout=timeout,  # type: ignore[arg-type]
        )
    assert str(caught.value) == (
        f"timeout must be a positive number of seconds, not {timeout!r}."
    )


def test_a_user_in_the_url_that_matches_username_is_accepted(drafts: list[Draft]) -> None:
    port = free_port()
    with pytest.raises(DraftsFolderError, match="Could not reach"):
        save_drafts(drafts, f"imaps://sam%40home@{HOST}:{port}", username="sam@home", password="x")


def test_no_drafts_means_no_connection() -> None:
    # imap.example.com does not resolve to an IMAP server: nothing is attempted.
    assert save_drafts([], "imaps://imap.example.com", username="sam") == SavedDrafts(
        mailbox=None, saved=(), already_there=()
    )


def test_a_draft_without_message_id_is_refused_before_connecting(
    drafts: list[Draft], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = followup_mail.message.to_eml

    def without_id(draft: Draft, **kwargs: object) -> bytes:
        return re.sub(rb"Message-ID: [^\r]*\r\n", b"", real(draft, **kwargs))

    monkeypatch.setattr(followup_mail.message, "to_eml", without_id)
    with pytest.raises(DraftsFolderError) as caught:
        save_drafts(drafts, "imaps://imap.example.com", username="sam", password="x")
    assert str(caught.value) == (
        "The draft (the thank-you to Ana Lima) has no Message-ID header, so a second run "
        "could not tell it is already in the mailbox; nothing was saved."
    )


@pytest.mark.parametrize(
    "message_id", ['<"ab"@x>', '<"a b"@x>', "ab@x", "<ab>"]
)
def test_a_message_id_that_could_reach_a_command_is_refused(
    drafts: list[Draft], monkeypatch: pytest.MonkeyPatch, message_id: str
) -> None:
    real = followup_mail.message.to_eml

    def odd_id(draft: Draft, **kwargs: object) -> bytes:
        eml = real(draft, **kwargs)
        header = f"Message-ID: {message_id}".encode()
        return re.sub(rb"Message-ID: [^\r]*", lambda _: header, eml)

    monkeypatch.setattr(followup_mail.message, "to_eml", odd_id)
    with pytest.raises(DraftsFolderError) as caught:
        save_drafts(drafts, "imaps://imap.example.com", username="sam", password="x")
    assert str(caught.value) == (
        f"The draft (the thank-you to Ana Lima) has the Message-ID {message_id!r}, which is "
        "not of the form <left@right>; nothing was saved."
    )


def test_drafts_folder_error_is_a_followup_mail_error() -> None:
    assert issubclass(DraftsFolderError, FollowupMailError)
    assert issubclass(InsecureTransportWarning, UserWarning)


# --- mailbox names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoded"),
    [
        ("Drafts", "Drafts"),
        ("Entwürfe", "Entw&APw-rfe"),
        ("Brouillons & co", "Brouillons &- co"),
        ("下書き", "&Tgtm+DBN-"),
        ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),  # RFC 3501's example
    ],
)
def test_mailbox_names_are_written_in_modified_utf7(name: str, encoded: str) -> None:
    assert _encode_mailbox(name) == encoded
    assert _decode_mailbox(encoded) == name


def test_a_malformed_modified_utf7_name_is_shown_as_it_is() -> None:
    assert _decode_mailbox("Tr&A-ash") == "Tr&A-ash"


@settings(max_examples=100)
@given(st.text())
def test_any_mailbox_name_survives_modified_utf7(name: str) -> None:
    encoded = _encode_mailbox(name)
    assert encoded.isascii()
    assert encoded.isprintable()
    assert _decode_mailbox(encoded) == name


@pytest.mark.parametrize(
    ("reply", "mailboxes"),
    [
        # Dovecot's own words.
        (
            [b'(\\HasNoChildren \\Drafts) "/" Brouillons', b'(\\HasNoChildren) "/" INBOX'],
            {"Brouillons": {"\\hasnochildren", "\\drafts"}, "INBOX": {"\\hasnochildren"}},
        ),
        # A quoted name with escapes, a NIL separator, no attributes.
        ([b'() NIL "My \\"Drafts\\" \\\\ 2026"'], {'My "Drafts" \\ 2026': set()}),
        # A name sent as a literal, in modified UTF-7.
        ([(b'(\\Drafts) "." {12}', b"Entw&APw-rfe")], {"Entwürfe": {"\\drafts"}}),
        # What cannot be a folder (nothing, a line that does not parse, a control character,
        # an empty name) is skipped, and the lines after it still read.
        (
            [None, b"Drafts", b"* garbage", (b'() "/" {3}', b"a\rb"), b'() "/" ""', b'() "/" A'],
            {"A": set()},
        ),
        # Bytes that are not UTF-8 (a server's mistake) are shown, never an exception.
        (
            [b'() "/" caf\xe9', (b'(\\Marked) "/" {4}', b"th\xe9")],
            {"caf\ufffd": set(), "th\ufffd": {"\\marked"}},
        ),
    ],
)
def test_list_replies_give_each_mailbox_and_its_attributes(
    reply: list[bytes | tuple[bytes, bytes] | None], mailboxes: dict[str, set[str]]
) -> None:
    assert _parse_list(reply) == {name: frozenset(a) for name, a in mailboxes.items()}


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Drafts", '"Drafts"'),
        ('My "Drafts"', '"My \\"Drafts\\""'),
        ("a\\b", '"a\\\\b"'),
        ("", '""'),
    ],
)
def test_strings_are_quoted_for_imap(text: str, quoted: str) -> None:
    assert _quote(text) == quoted
    assert _unquote(quoted) == text


@settings(max_examples=100)
@given(st.text())
def test_any_quoted_string_reads_back(text: str) -> None:
    assert _unquote(_quote(text)) == text


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        # The server's words, without the final period or Python's b'...'.
        (imaplib.IMAP4.error(b"[NONEXISTENT] Unknown MAILBOX."), "[NONEXISTENT] Unknown MAILBOX"),
        (imaplib.IMAP4.error(b"caf\xe9 closed"), "caf\ufffd closed"),
        (imaplib.IMAP4.error("socket error: EOF"), "socket error: EOF"),
        (imaplib.IMAP4.error(), "error"),
        # The system's words.
        (ConnectionRefusedError(111, "Connection refused"), "Connection refused"),
        (TimeoutError("timed out"), "timed out"),
    ],
)
def test_a_failure_is_told_in_the_words_of_the_server_or_system(
    error: BaseException, reason: str
) -> None:
    assert _reason(error) == reason


@pytest.mark.parametrize("scheme", ["imaps", "imap"])
def test_a_server_that_never_answers_is_given_up_after_the_timeout(
    drafts: list[Draft], scheme: str
) -> None:
    outcome: list[BaseException] = []
    with socket.socket() as silent:
        silent.bind((HOST, 0))
        silent.listen()  # the kernel completes the handshake; nothing is ever said
        port = silent.getsockname()[1]

        def call() -> None:
            try:
                save_drafts(
                    drafts,
                    f"{scheme}://{HOST}:{port}",
                    username="sam",
                    password="x",
                    timeout=0.3,
                )
            except DraftsFolderError as exc:
                outcome.append(exc)

        worker = threading.Thread(target=call, daemon=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InsecureTransportWarning)
            worker.start()
            worker.join(5)
    assert not worker.is_alive(), "save_drafts waited past its timeout"
    assert [str(e) for e in outcome] == [
        f"The IMAP server {HOST}:{port} did not answer within 0.3 seconds; nothing was saved."
    ]


# --- the command line ------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def trust_test_ca(dovecot: Dovecot, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI verifies with the system store; OpenSSL reads SSL_CERT_FILE for it."""
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.ca_file))
    assert ssl.get_default_verify_paths().cafile == str(dovecot.ca_file)


SAVED_LINES = [
    "saved: thank-you to Ana Lima in Brouillons",
    "saved: thank-you to Chloé Martin in Brouillons",
    "saved: thank-you to Raj Patel in Brouillons",
]


@needs_dovecot
@pytest.mark.usefixtures("trust_test_ca")
def test_cli_saves_every_draft_then_finds_them_there(
    dovecot: Dovecot,
    user: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    code, out, err = run(capsys, "draft", NOTES, "--imap", url(dovecot, user))
    assert (code, out.splitlines(), err) == (0, SAVED_LINES, "")
    code, out, err = run(capsys, "draft", NOTES, "--imap", url(dovecot, user))
    again = [line.replace("saved:", "already there:") for line in SAVED_LINES]
    assert (code, out.splitlines(), err) == (0, again, "")


@needs_dovecot
@pytest.mark.usefixtures("trust_test_ca")
def test_cli_asks_for_the_password_without_echo_when_not_in_the_environment(
    dovecot: Dovecot,
    user: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    prompts: list[str] = []

    def getpass(prompt: str = "Password: ") -> str:
        prompts.append(prompt)
        return PASSWORD

    monkeypatch.setattr("getpass.getpass", getpass)
    code, out, _ = run(capsys, "draft", NOTES, "--interviewer", "Ana Lima", "--imap",
                       url(dovecot, user))
    assert (code, out.splitlines()) == (0, SAVED_LINES[:1])
    assert prompts == [f"IMAP password for {user}: "]


@needs_dovecot
@pytest.mark.usefixtures("trust_test_ca")
def test_cli_wrong_password_exits_2_with_one_error_line(
    dovecot: Dovecot,
    user: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_VARIABLE, "wrong")
    code, out, err = run(capsys, "draft", NOTES, "--imap", url(dovecot, user))
    assert (code, out) == (2, "")
    assert err == (
        f"error: The IMAP server {HOST}:{dovecot.imaps_port} refused the login of {user!r}: "
        "[AUTHENTICATIONFAILED] Authentication failed; check the user name and password. "
        "Nothing was saved.\n"
    )


def test_cli_unreachable_server_exits_2_with_one_error_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(PASSWORD_VARIABLE, "secret")
    port = free_port()
    code, out, err = run(capsys, "draft", NOTES, "--imap", f"imaps://sam@{HOST}:{port}")
    assert (code, out) == (2, "")
    assert err == (
        f"error: Could not reach the IMAP server {HOST}:{port}: Connection refused; "
        "nothing was saved.\n"
    )


@needs_dovecot
@pytest.mark.usefixtures("trust_test_ca")
def test_cli_imap_without_s_prints_one_warning_line(
    dovecot: Dovecot,
    user: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv(PASSWORD_VARIABLE, PASSWORD)
    code, out, err = run(capsys, "draft", NOTES, "--interviewer", "Raj Patel", "--imap",
                         url(dovecot, user, scheme="imap"))
    assert (code, out.splitlines()) == (0, SAVED_LINES[2:])
    assert err == (
        f"warning: imap://{HOST}:{dovecot.imap_port}: upgraded with STARTTLS, but an attacker "
        "on the path could have removed the offer; prefer imaps://.\n"
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--imap", "imaps://imap.example.com"],
            "error: --imap needs the user in the URL, e.g. imaps://you@imap.example.com.\n",
        ),
        (
            ["--imap", "imaps://sam@imap.example.com", "-o", "out"],
            "error: --imap saves the drafts to the mailbox and prints one line each; leave out "
            "-o and --format.\n",
        ),
        (
            ["--imap", "imaps://sam@imap.example.com", "--format", "eml"],
            "error: --imap saves the drafts to the mailbox and prints one line each; leave out "
            "-o and --format.\n",
        ),
        (
            ["--imap", "imaps://sam:hunter2@imap.example.com"],
            "error: The IMAP URL holds a password; leave it out and pass it as password= or in "
            "FOLLOWUP_MAIL_IMAP_PASSWORD, so that it does not end up in a shell history.\n",
        ),
    ],
)
def test_cli_imap_refusals_exit_2(
    extra: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv(PASSWORD_VARIABLE, "secret")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "draft", NOTES, *extra)
    assert (code, out, err) == (2, "", message)
    assert list(tmp_path.iterdir()) == []


def test_cli_without_a_password_or_a_terminal_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_terminal(prompt: str = "Password: ") -> str:
        raise EOFError

    monkeypatch.setattr("getpass.getpass", no_terminal)
    code, out, err = run(capsys, "draft", NOTES, "--imap", "imaps://sam@imap.example.com")
    assert (code, out) == (2, "")
    assert err == (
        "error: No IMAP password: set FOLLOWUP_MAIL_IMAP_PASSWORD or type it when asked.\n"
    )
