"""Collections, accounts, API tokens and roles: who may read or change which documents.

Roles on a collection, each including the ones before it: ``reader`` searches and reads,
``editor`` also uploads, ``manager`` also grants, deletes and reads the collection's
audit trail. An admin may do everything everywhere. Anonymous callers read public
collections only. With no account at all the archive is the single-user tool: the
(loopback-only) caller may do everything.

Tokens are random (256 bits), shown once and stored as their SHA-256 (a token is not a
password: its entropy makes a slow hash pointless); passwords are hashed with Argon2id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from poshuk.core.db import Database
from poshuk.core.engines.base import RIGHTS_FIELD

Role = Literal["reader", "editor", "manager"]
ROLES: tuple[Role, ...] = get_args(Role)
TokenKind = Literal["api", "session"]
API_TOKEN_DAYS = 90
SESSION_HOURS = 12
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_TOKEN_PREFIX = "psk_"
_hasher = PasswordHasher()  # Argon2id with the library's (RFC 9106 low-memory) defaults


class AccountError(ValueError):
    """A request about accounts that cannot be done (unknown user, bad name, …)."""


def check_name(kind: str, name: str) -> str:
    if not _NAME.fullmatch(name):
        raise AccountError(
            f"{kind} name {name!r}: use 1-64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return name


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Collection:
    name: str
    public: bool
    description: str
    documents: int = 0


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking, and what they may do; ``user`` None is anonymous."""

    user: str | None
    admin: bool = False
    roles: Mapping[str, Role] = field(default_factory=dict)
    public: frozenset[str] = frozenset()
    address: str = ""

    @property
    def name(self) -> str:
        if self.user:
            return self.user
        return "local" if self.admin else "anonymous"

    def may(self, role: Role, collection: str) -> bool:
        if self.admin:
            return True
        if role == "reader" and collection in self.public:
            return True
        held = self.roles.get(collection)
        return held is not None and ROLES.index(held) >= ROLES.index(role)

    def collections(self, role: Role = "reader") -> list[str] | None:
        """The collections this caller holds ``role`` on; None: every collection."""
        if self.admin:
            return None
        held = {c for c, r in self.roles.items() if ROLES.index(r) >= ROLES.index(role)}
        if role == "reader":
            held |= self.public
        return sorted(held)

    def scope(self) -> dict[str, list[str]]:
        """The rights as an engine constraint every count obeys (``SearchRequest.scope``)."""
        readable = self.collections("reader")
        return {} if readable is None else {RIGHTS_FIELD: readable}


class Accounts:
    """Reads and writes the accounts tables of the catalog's database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- collections ---------------------------------------------------------------

    def create_collection(self, name: str, public: bool = False, description: str = "") -> None:
        check_name("collection", name)
        inserted = self.db.execute(
            "INSERT INTO collections (name, public, description, created_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (name, int(public), description, _now().isoformat(timespec="seconds")),
        ).rowcount
        if not inserted:
            raise AccountError(f"collection {name!r} exists already")

    def set_public(self, name: str, public: bool) -> None:
        self._require_collection(name)
        self.db.execute("UPDATE collections SET public = ? WHERE name = ?", (int(public), name))

    def collections(self) -> list[Collection]:
        rows = self.db.execute(
            "SELECT c.name, c.public, c.description, "
            "(SELECT count(*) FROM documents d WHERE d.collection = c.name) AS n "
            "FROM collections c ORDER BY c.name"
        ).fetchall()
        return [Collection(r[0], bool(r[1]), r[2], int(r[3])) for r in rows]

    def collection_exists(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM collections WHERE name = ?",
                               (name,)).fetchone() is not None

    def _require_collection(self, name: str) -> None:
        if not self.collection_exists(name):
            raise AccountError(
                f"no collection {name!r}; create it with `poshuk collections create {name}`"
            )

    def public_collections(self) -> frozenset[str]:
        rows = self.db.execute("SELECT name FROM collections WHERE public = 1").fetchall()
        return frozenset(row[0] for row in rows)

    # --- users and tokens ----------------------------------------------------------

    def has_users(self) -> bool:
        return self.db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def users(self) -> list[tuple[str, bool]]:
        rows = self.db.execute("SELECT name, admin FROM users ORDER BY name").fetchall()
        return [(row[0], bool(row[1])) for row in rows]

    def add_user(self, name: str, admin: bool = False) -> str:
        """Create an account; returns its first API token (shown once, stored hashed)."""
        check_name("user", name)
        inserted = self.db.execute(
            "INSERT INTO users (name, admin, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (name, int(admin), _now().isoformat(timespec="seconds")),
        ).rowcount
        if not inserted:
            raise AccountError(f"user {name!r} exists already")
        return self.issue_token(name)

    def _require_user(self, name: str) -> None:
        if self.db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is None:
            raise AccountError(f"no user {name!r}; `poshuk users add {name}` creates one")

    def issue_token(self, name: str, kind: TokenKind = "api", lifetime: dt.timedelta | None = None
                    ) -> str:
        """A new token for ``name``; a new API token revokes the user's earlier ones."""
        self._require_user(name)
        if lifetime is None:
            lifetime = (dt.timedelta(days=API_TOKEN_DAYS) if kind == "api"
                        else dt.timedelta(hours=SESSION_HOURS))
        if kind == "api":
            self._revoke(name, "api")
        token = _TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = _now()
        self.db.execute(
            'INSERT INTO tokens (hash, "user", kind, created_at, expires_at) '
            "VALUES (?, ?, ?, ?, ?)",
            (token_hash(token), name, kind, now.isoformat(), (now + lifetime).isoformat()),
        )
        return token

    def _revoke(self, name: str, kind: TokenKind | None = None) -> int:
        sql = 'UPDATE tokens SET revoked_at = ? WHERE "user" = ? AND revoked_at IS NULL'
        args: list[str] = [_now().isoformat(), name]
        if kind:
            sql += " AND kind = ?"
            args.append(kind)
        return int(self.db.execute(sql, args).rowcount)

    def revoke_tokens(self, name: str) -> int:
        """Revoke every token of ``name`` (API and sign-in sessions); returns how many."""
        self._require_user(name)
        return self._revoke(name)

    def revoke_token(self, token: str) -> None:
        """Sign-out: this one token stops working."""
        self.db.execute("UPDATE tokens SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL",
                        (_now().isoformat(), token_hash(token)))

    def set_password(self, name: str, password: str) -> None:
        self._require_user(name)
        if len(password) < 10:
            raise AccountError("a password needs at least 10 characters")
        self.db.execute("UPDATE users SET password_hash = ? WHERE name = ?",
                        (_hasher.hash(password), name))

    def check_password(self, name: str, password: str) -> bool:
        row = self.db.execute(
            "SELECT password_hash FROM users WHERE name = ? AND disabled = 0", (name,)
        ).fetchone()
        stored = row[0] if row else None
        try:
            # an unknown user costs a hash too, so timing does not tell which names exist
            return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    def user_for_token(self, token: str) -> str | None:
        row = self.db.execute(
            'SELECT t."user" FROM tokens t JOIN users u ON u.name = t."user" '
            "WHERE t.hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND u.disabled = 0",
            (token_hash(token), _now().isoformat()),
        ).fetchone()
        return str(row[0]) if row else None

    # --- roles ---------------------------------------------------------------------

    def grant(self, user: str, collection: str, role: Role) -> None:
        self._require_user(user)
        self._require_collection(collection)
        if role not in ROLES:
            raise AccountError(f"role {role!r}: use one of {', '.join(ROLES)}")
        self.db.execute('INSERT INTO grants ("user", collection, role) VALUES (?, ?, ?) '
                        'ON CONFLICT ("user", collection) DO UPDATE SET role = excluded.role',
                        (user, collection, role))

    def revoke(self, user: str, collection: str) -> bool:
        return bool(self.db.execute('DELETE FROM grants WHERE "user" = ? AND collection = ?',
                                    (user, collection)).rowcount)

    def caller(self, user: str | None, address: str = "") -> Caller:
        """The rights of ``user`` (None: anonymous; with no account at all, everything)."""
        public = self.public_collections()
        if user is None:
            return Caller(None, admin=not self.has_users(), public=public, address=address)
        row = self.db.execute("SELECT admin FROM users WHERE name = ?", (user,)).fetchone()
        roles: dict[str, Role] = {
            r[0]: r[1] for r in self.db.execute(
                'SELECT collection, role FROM grants WHERE "user" = ?', (user,))
        }
        return Caller(user, admin=bool(row and row[0]), roles=roles, public=public,
                      address=address)


_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))
