"""Signing publications so that followers take only what the publishing server published.

A publication is a git commit signed with git's own SSH signature format and an Ed25519 key
(``gpg.format=ssh``): the signature covers the commit, hence its tree (every content file, by
hash) and its message (the publication's number and date). Anyone can check it with standard
git (``git verify-commit``), and no Python cryptography library is needed: ``ssh-keygen``
(Debian's openssh-client) makes the key and checks signatures. No Flask here.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from ..content.history import HistoryError, run_git

# The only kind of key accepted: an Ed25519 public key as ssh-keygen writes it.
_PUBLIC_KEY = re.compile(r"^ssh-ed25519 [A-Za-z0-9+/]{68}(==)?$")
# The principal named in the allowed-signers file git hands to ssh-keygen: any fixed word.
PRINCIPAL = "kiosk-publishing"


class SigningError(RuntimeError):
    """The key cannot be made or read, or ssh-keygen is missing."""


class PublicationRefused(RuntimeError):
    """A publication that must not be taken: unsigned, signed by another key, tampered, broken."""


def normalised_public_key(text: str) -> str:
    """``ssh-ed25519 AAAA…`` without its comment; SigningError for anything else."""
    parts = (text or "").split()
    key = " ".join(parts[:2])
    if not _PUBLIC_KEY.match(key):
        raise SigningError(
            "the publishing public key must be one line 'ssh-ed25519 AAAA…' "
            "(copy it from /staff/publish on the publishing server)"
        )
    return key


def ensure_signing_key(key_file: Path) -> str:
    """The public key of the publishing server's private key, made first if it is missing.

    The private key is readable by its owner only (600); a key others can read is refused, as
    ssh-keygen itself would."""
    key_file = Path(key_file)
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            subprocess.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", PRINCIPAL, "-f", str(key_file)],
                check=True,
                capture_output=True,
                timeout=30,
            )
        except FileNotFoundError:
            raise SigningError("ssh-keygen is not installed (apt-get install openssh-client)") from None
        except subprocess.CalledProcessError as error:
            raise SigningError(f"ssh-keygen could not make {key_file}: {error.stderr.decode().strip()}") from None
    os.chmod(key_file, 0o600)
    return public_key_of(key_file)


def public_key_of(key_file: Path) -> str:
    """The public half of a private key file (its .pub beside it, else asked of ssh-keygen)."""
    public = Path(f"{key_file}.pub")
    try:
        return normalised_public_key(public.read_text("utf-8"))
    except OSError:
        pass
    try:
        result = subprocess.run(["ssh-keygen", "-y", "-f", str(key_file)], capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        raise SigningError("ssh-keygen is not installed (apt-get install openssh-client)") from None
    if result.returncode != 0:
        raise SigningError(f"{key_file}: not a private key ssh-keygen can read ({result.stderr.strip()})")
    return normalised_public_key(result.stdout)


def signing_options(key_file: Path) -> list[str]:
    """git options that sign a commit (``commit-tree -S``) with the publishing key."""
    return ["-c", "gpg.format=ssh", "-c", f"user.signingkey={Path(key_file).resolve()}"]


def verify_signature(repository: Path, revision: str, public_key: str) -> None:
    """Raise PublicationRefused unless ``revision`` is a commit signed by ``public_key``."""
    key = normalised_public_key(public_key)
    raw = run_git(repository, "cat-file", "commit", revision)
    if "\ngpgsig " not in raw.split("\n\n", 1)[0]:
        raise PublicationRefused(f"publication {revision[:12]} is not signed")
    with tempfile.NamedTemporaryFile("w", suffix=".allowed_signers", encoding="utf-8") as allowed:
        allowed.write(f'{PRINCIPAL} namespaces="git" {key}\n')
        allowed.flush()
        try:
            run_git(repository, "-c", f"gpg.ssh.allowedSignersFile={allowed.name}", "verify-commit", revision)
        except HistoryError as error:
            raise PublicationRefused(
                f"publication {revision[:12]} is not signed by the publishing server's key "
                f"(tampered, or signed by another key): {str(error).splitlines()[-1]}"
            ) from None
